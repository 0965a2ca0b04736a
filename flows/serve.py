"""Serve the corpus flow as a scheduled deployment: `python -m flows.serve` (runs until Ctrl-C).

Parameters come from a TOML file (default flows/newsclean.toml): `[flow]` raw_dir, clean_dir, cron,
batch_size, workers, export_jsonl, export_near_duplicates; its `[cleaners]` and `[monitor]` tables are read again at every run. Runs execute
in this process's runner (one at a time) and report to the Prefect server at PREFECT_API_URL, by
default the project's own server (`prefect server start`, http://127.0.0.1:4200/api), which must be
running: a schedule needs a server that outlives any single run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import flows  # noqa: F401  (quiet Prefect defaults, set before Prefect is imported)

from cleaners.config import ConfigError
from flows.settings import DEFAULT_FILE, cleaner_config, flow_settings, monitor_config

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(DEFAULT_FILE), metavar="TOML", help=f"run settings (default {DEFAULT_FILE})")
    parser.add_argument("--name", default="scheduled", help="deployment name (default: scheduled)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Prefect's INFO logs (runs, batches) on the console")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--cron", help="cron schedule (default: [flow] cron of the config, hourly)")
    when.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS instead of on a cron schedule")
    return parser


def server_api_url() -> str:
    """PREFECT_API_URL, or the project's server as prefect.toml configures it."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:
        return settings.api.url
    return f"http://{settings.server.api.host}:{settings.server.api.port}/api"


def server_is_up(api_url: str) -> bool:
    import httpx

    try:
        return httpx.get(f"{api_url}/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def deployment_parameters(settings: dict, config_path: str) -> dict:
    return {
        "raw_dir": settings["raw_dir"],
        "clean_dir": settings["clean_dir"],
        "batch_size": settings["batch_size"],
        "workers": settings["workers"],
        "config_path": config_path,
        "export_jsonl_path": settings["export_jsonl"],
        "export_near_duplicates": settings["export_near_duplicates"],
    }


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = flow_settings(args.config)
        cleaner_config(args.config)
        monitor_config(args.config)
    except ConfigError as error:
        print(f"serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not Path(str(settings["raw_dir"])).is_dir():
        print(f"serve: raw folder {settings['raw_dir']} does not exist (relative to {os.getcwd()})", file=sys.stderr)
        return EXIT_USAGE

    api_url = server_api_url()
    if not server_is_up(api_url):
        print(
            f"serve: no Prefect server at {api_url}. Start one with `prefect server start` "
            "(from the repository root) or set PREFECT_API_URL.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.clean_corpus import clean_corpus, show_info_logs

    if args.verbose:
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"  # the run processes
        show_info_logs()

    os.environ["PREFECT_API_URL"] = api_url  # for the run processes the runner starts
    schedule = {"interval": args.interval} if args.interval else {"cron": args.cron or settings["cron"]}
    with temporary_settings({PREFECT_API_URL: api_url}):  # for this process (settings were read at import)
        clean_corpus.serve(
            name=args.name,
            parameters=deployment_parameters(settings, str(Path(args.config).resolve())),
            description=f"Clean {settings['raw_dir']} into {settings['clean_dir']} ({args.config})",
            tags=["newsclean"],
            limit=1,  # one run at a time; a run that overlaps waits
            **schedule,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
