"""Preloaded by the worker forkserver after `cleaners.warm` when a run may hold HTML pages.

htmldate falls back to dateparser in every language for odd date strings: about 1.3 s of CPU to load
them all, paid here once rather than in every worker at its first such page. A run of plain-text
files (every name ends in .txt) never asks for them, and skips this (cleaners.runner.expect_files).
"""

import gc

import dateparser

import cleaners.warm  # noqa: F401  (first: the pipeline and its caches)

dateparser.parse("unparseable 2015")
gc.freeze()
