"""newsclean's cleaner library: raw news files (plain text or HTML) to canonical documents.

The library never imports Prefect; `cleaners.pipeline.clean_bytes` is the one entry point that
the command line and the flows share.
"""

__version__ = "0.1.0"
