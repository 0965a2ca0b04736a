"""Against a real `prefect server start`: the event `newsclean.source.changed` arrives when a source's
layout changes between runs, and not on runs where nothing changed; the README's automation turns it
into a notification.

Two sources (bench/sources_corpus.py layouts) get fresh files at every run; with `[monitor] min_files
= 5, min_runs = 2`, the third run is the first compared. Then an unchanged re-run (nothing to clean),
then a run where the ledger's trailer changes (lines no rule knows, different in every file).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from conftest import ROOT, bench_module
from cleaners.cli import main
from cleaners.sources import read_history
from cleaners.store import CleanStore
from test_flow_schedule import prefect_server  # noqa: F401  (the fixture: a server of our own on a free port)

sources_corpus = bench_module("sources_corpus")
EVENT = "newsclean.source.changed"


@pytest.fixture
def webhook():
    """A local HTTP endpoint that keeps the bodies POSTed to it (where the notification goes)."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()


def poll(check, timeout: float, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def test_a_layout_change_sends_one_event_and_a_notification(prefect_server, webhook, tmp_path, monkeypatch):  # noqa: F811
    api, env = prefect_server
    env = dict(env, PREFECT_API_URL=api)
    url, notifications = webhook
    started = datetime.now(timezone.utc) - timedelta(seconds=5)
    alerts = subprocess.run([sys.executable, "-m", "flows.alerts", "--webhook", url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert alerts.returncode == 0, alerts.stderr

    config = tmp_path / "newsclean.toml"
    config.write_text("[monitor]\nmin_files = 5\nmin_runs = 2\n")
    raw = tmp_path / "raw"
    ledger, metro = sources_corpus.LAYOUTS[:2]
    articles = sources_corpus.synthetic_articles(80, seed=11)
    rng = random.Random(11)

    def write(layouts, run):
        for layout in layouts:
            for old in (raw / layout.folder).glob("*.txt"):
                old.unlink()
            sources_corpus.write_files(raw / layout.folder, layout, rng.sample(articles, 8), rng, f"r{run}")

    def flow_run() -> str:
        command = [sys.executable, "-m", "flows.clean_corpus", "--raw-dir", "raw", "--clean-dir", "clean", "--config", str(config), "--workers", "2"]
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        runs = httpx.post(f"{api}/flow_runs/filter", json={"sort": "START_TIME_DESC", "limit": 1}, timeout=10).json()
        assert runs[0]["state_type"] == "COMPLETED"
        return runs[0]["id"]

    runs = []
    for number in range(3):  # fresh files, the same layouts: learning, learning, compared
        write((ledger, metro), number)
        runs.append(flow_run())
    runs.append(flow_run())  # an unchanged re-run: nothing to clean
    write((ledger.changed("trailer"), metro), 4)
    runs.append(flow_run())

    def events():
        body = {"filter": {"event": {"name": [EVENT]}, "occurred": {"since": started.isoformat()}}, "limit": 50}
        return httpx.post(f"{api}/events/filter", json=body, timeout=10).json()["events"]

    found = poll(events, 30)
    assert len(found) == 1, found
    event = found[0]
    assert event["resource"]["prefect.resource.id"] == "newsclean.source.raw.ledger"
    assert event["resource"]["newsclean.source.folder"] == "raw/ledger"
    assert event["resource"]["newsclean.source.publisher"] == "The Daily Ledger"
    related = {resource["prefect.resource.id"] for resource in event["related"]}
    assert f"prefect.flow-run.{runs[-1]}" in related  # sent by the run where the trailer changed, by no other
    payload = event["payload"]
    assert "rule:copyright" in payload["changed"]
    assert payload["moved"]["rule:copyright"]["before"] > 0.8 and payload["moved"]["rule:copyright"]["now"] == 0.0
    assert payload["moved"]["rule:copyright"]["runs"] == 3
    assert payload["before"]["rules"]["copyright"] > 0.8 and "copyright" not in payload["after"]["rules"]
    assert payload["after"]["files"] == 8 and payload["before"]["runs"] == 3
    assert payload["before"]["boilerplate_share"] > payload["after"]["boilerplate_share"]

    artifacts = httpx.post(f"{api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [runs[-1]]}}}, timeout=10).json()
    by_key = {artifact["key"]: artifact for artifact in artifacts}
    table = json.loads(by_key["corpus-sources"]["data"])
    assert [row["source"] for row in table] == ["raw/ledger", "raw/metro"]
    assert table[0]["status"].startswith("changed: ") and table[1]["status"] == "steady"
    summary = by_key["corpus-run-summary"]["data"]
    assert "## Sources that changed (1)" in summary
    assert f"[raw/ledger](http://127.0.0.1:{api.split(':')[2].split('/')[0]}/artifacts/artifact/{by_key['corpus-sources']['id']})" in summary

    def warnings():
        body = {"logs": {"flow_run_id": {"any_": [runs[-1]]}, "level": {"ge_": 30}}}
        return [log["message"] for log in httpx.post(f"{api}/logs/filter", json=body, timeout=10).json()]

    logged = poll(lambda: [m for m in warnings() if "source raw/ledger changed" in m], 20)
    assert logged and f"event {EVENT} sent" in logged[0]

    received = poll(lambda: notifications, 30)
    assert len(received) == 1, received
    assert received[0]["subject"] == "newsclean: source raw/ledger changed"
    assert "rule:copyright" in received[0]["text"] and "Files this run: 8" in received[0]["text"]

    # the command line adds to the same history
    write((metro,), 5)
    monkeypatch.chdir(tmp_path)
    assert main(["raw", "--out", "clean", "--config", str(config)]) == 0
    history = read_history(CleanStore(tmp_path / "clean"), "raw/metro")
    assert [entry["run"].split(" ")[:2] for entry in history] == [["flow", "run"]] * 4 + [["cli"]]
    assert history[-2]["run"].endswith(runs[-1])
