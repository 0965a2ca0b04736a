"""Check the Prefect UI in a real browser: `python -m flows.ui_check` from the repository root.

1. Starts `prefect server start` with the project's settings (prefect.toml: 127.0.0.1 only, home and
   SQLite database under .prefect/, analytics off), unless a server already answers on the port,
   which is then used and left running.
2. Runs `python -m flows.clean_corpus` against it, into a temporary folder (the project's clean/ is
   not touched): four runs over three demo sources (bench/sources_corpus.py: 25 new files each per
   run), the last one after two of them changed layout (the ledger's trailer, the metro's bylines) and
   with a copy of raw/ added (so the report has rejections); default [monitor] thresholds.
3. Loads the last flow run's Artifacts tab in headless Chromium (the V2 UI, /v2/runs/flow-run/<id>?tab=Artifacts)
   and the summary, rejections and sources artifacts' pages, checks what they show, and saves
   screenshots (default .prefect/ui-check.png, ui-check-1.png, -2.png, -3.png: the sources table).
4. Stops the server it started.

Needs: Chromium (`apt-get install -y chromium`; or set CHROMIUM=/path/to/chrome). Installs nothing.
Exit status 0 when the artifacts render, 1 when they do not, 2 when something is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACT_KEYS = ("corpus-run-summary", "corpus-rejections", "corpus-removal-rules", "corpus-sources")
SUMMARY_TEXTS = ("Corpus run", "files seen", "skipped as unchanged", "docs/s", "accounted for", "Sources that changed (2)")
SOURCES_TEXTS = ("raw/ledger", "raw/metro", "raw/herald", "changed: rule copyright", "changed: authors", "steady", "avg ")
DEMO_FILES = 25  # per source and run: over [monitor] min_files, so every run is compared


def demo_runs(raw: Path, samples: str, runs: int = 4):
    """Add the demo sources' files for each run in turn (yielding after each): new articles every run,
    as a raw folder grows; before the last, the ledger's trailer and the metro's bylines change and
    raw/ is copied in."""
    spec = importlib.util.spec_from_file_location("sources_corpus", ROOT / "bench" / "sources_corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["sources_corpus"] = corpus
    spec.loader.exec_module(corpus)
    ledger, metro, herald = corpus.LAYOUTS[:3]
    articles = corpus.synthetic_articles(3 * DEMO_FILES * runs, seed=7)
    rng = random.Random(7)
    for run in range(runs):
        last = run == runs - 1
        for layout in (ledger.changed("trailer") if last else ledger, metro.changed("byline") if last else metro, herald):
            corpus.write_files(raw / layout.folder, layout, articles[:DEMO_FILES], rng, f"r{run}")
            del articles[:DEMO_FILES]
        if last:
            shutil.copytree(samples, raw / "samples")
        yield run


def chromium() -> str | None:
    candidates = [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    return next((shutil.which(name) for name in candidates if name and shutil.which(name)), None)


def request(url: str, body: dict | None = None, timeout: float = 5):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def healthy(api: str) -> bool:
    try:
        return request(f"{api}/health") is True
    except (urllib.error.URLError, OSError, ValueError):
        return False


def browser(binary: str, *args: str, size: str = "1400,1000") -> subprocess.CompletedProcess:
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--window-size={size}", "--virtual-time-budget=20000",
    ]
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [binary, *flags, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=180,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.ui_check", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4200, help="server port (default 4200, as in prefect.toml)")
    parser.add_argument("--raw-dir", default="raw", help="raw samples added to the last run (default raw)")
    parser.add_argument("--screenshot", default=".prefect/ui-check.png", help="where to save the PNG")
    args = parser.parse_args(argv)

    binary = chromium()
    if binary is None:
        print("ui_check: needs Chromium: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)", file=sys.stderr)
        return 2
    if not (ROOT / "prefect.toml").is_file() or Path.cwd() != ROOT:
        print(f"ui_check: run from the repository root ({ROOT}), where prefect.toml is", file=sys.stderr)
        return 2

    api = f"http://127.0.0.1:{args.port}/api"
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME", "PREFECT_PROFILE")}
    server = None
    if healthy(api):
        print(f"using the Prefect server already running at {api}")
    else:
        print(f"starting prefect server on 127.0.0.1:{args.port} (settings from prefect.toml, home .prefect/)")
        Path(".prefect").mkdir(exist_ok=True)
        log = open(".prefect/ui-check-server.log", "wb")
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("prefect")), "server", "start", "--port", str(args.port)],
            # the UI asks the API at the port of the settings, not of --port
            cwd=ROOT, env=dict(env, PREFECT_SERVER_API_PORT=str(args.port)), stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while not healthy(api):
            if server.poll() is not None or time.monotonic() > deadline:
                print("ui_check: the server did not start; see .prefect/ui-check-server.log", file=sys.stderr)
                return 1
            time.sleep(0.5)
    try:
        with tempfile.TemporaryDirectory(prefix="newsclean-ui-check-") as work:
            for number in demo_runs(Path(work, "raw"), str(ROOT / args.raw_dir)):
                run = subprocess.run(
                    [sys.executable, "-m", "flows.clean_corpus", "--raw-dir", "raw", "--clean-dir", "clean"],
                    cwd=work, env=dict(env, PREFECT_API_URL=api), capture_output=True, text=True, timeout=600,
                )
                print(f"flow run {number + 1}: {run.stdout.strip().splitlines()[0] if run.stdout.strip() else '(no output)'}")
                if run.returncode != 0:
                    print(f"ui_check: the flow failed ({run.returncode}):\n{run.stderr}", file=sys.stderr)
                    return 1
        latest = request(
            f"{api}/flow_runs/filter",
            {"flows": {"name": {"any_": ["clean-corpus"]}}, "sort": "START_TIME_DESC", "limit": 1},
        )[0]
        found = request(f"{api}/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [latest["id"]]}}})
        ids = {artifact["key"]: artifact["id"] for artifact in found}
        ui = f"http://127.0.0.1:{args.port}/v2"  # the classic UI at / ignores ?tab= on first load
        pages = {  # page -> texts it must show once rendered
            f"{ui}/runs/flow-run/{latest['id']}?tab=Artifacts": ARTIFACT_KEYS,
            f"{ui}/artifacts/artifact/{ids.get('corpus-run-summary')}": SUMMARY_TEXTS,
            f"{ui}/artifacts/artifact/{ids.get('corpus-rejections')}": ("file", "reasons"),
            f"{ui}/artifacts/artifact/{ids.get('corpus-sources')}": SOURCES_TEXTS,
        }
        print(f"flow run {latest['name']} ({latest['state_type']}), artifacts {sorted(ids)}")
        screenshot = Path(args.screenshot).resolve()
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        problems = []
        for number, (page, texts) in enumerate(pages.items()):
            dom = browser(binary, "--dump-dom", page).stdout
            problems += [f"{page} does not show {text!r}" for text in texts if text not in dom]
            target = screenshot if number == 0 else screenshot.with_name(f"{screenshot.stem}-{number}{screenshot.suffix}")
            wide = "corpus-sources" in page or page.endswith(str(ids.get("corpus-sources")))
            browser(binary, f"--screenshot={target}", page, size="1920,1100" if wide else "1400,1000")  # the sources table is wide
            print(f"{page}\n  screenshot: {target}" if target.is_file() else f"ui_check: no screenshot of {page}")
        for problem in problems:
            print(f"ui_check: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("the flow run's Artifacts tab lists the summary, rejections, removal rules and sources; their pages render")
        return 0
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.terminate()
                server.wait(10)
            print("server stopped")


if __name__ == "__main__":
    raise SystemExit(main())
