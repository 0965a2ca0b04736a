"""Prefect flows around the `cleaners` library: one-off corpus runs, a scheduled deployment, a UI check.

Importing this package sets quiet, offline defaults before Prefect is imported (only where the
environment does not set them already). Some of these cannot live in `prefect.toml`: Prefect reads
`DO_NOT_TRACK` and the logging-handler overrides from the environment only, and `prefect.toml` is
read from the working directory only, so a run started elsewhere would not see it.
"""

import os

QUIET_DEFAULTS = {
    "DO_NOT_TRACK": "1",  # no client-side analytics events
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # no telemetry from an embedded (ephemeral) server
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",  # no server CancelledError tracebacks at the end of a run
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",  # the console stays quiet; the UI still gets INFO logs
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}

for _name, _value in QUIET_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
