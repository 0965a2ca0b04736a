"""`python -m flows.serve` against a real `prefect server start`: a scheduled run completes.

The server runs on a free loopback port with its own PREFECT_HOME under tmp_path; the runner polls
every second (PREFECT_RUNNER_POLL_FREQUENCY=1) and the schedule is a 5-second interval, so the
first scheduled run finishes within seconds of the deployment being created.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PREFECT = Path(sys.executable).with_name("prefect")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, first=signal.SIGINT, timeout: float = 15) -> None:
    """Ask politely (the runner pauses its schedule on SIGINT), then insist."""
    if process.poll() is not None:
        return
    for sig in (first, signal.SIGTERM):
        process.send_signal(sig)
        try:
            process.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            continue
    process.kill()
    process.wait(10)


def wait_until(check, timeout: float, what: str, process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if process.poll() is not None:
            pytest.fail(f"{what}: process exited with {process.returncode}\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {timeout} s\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def prefect_server(tmp_path):
    """A `prefect server start` of our own: free port, temporary home, no telemetry."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
        DO_NOT_TRACK="1",
    )
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    api = f"http://127.0.0.1:{port}/api"

    def healthy():
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(healthy, 60, "prefect server start", server, log)
        yield api, env
    finally:
        stop(server, first=signal.SIGTERM)


def test_serve_runs_the_schedule(prefect_server, raw_copy, tmp_path):
    api, env = prefect_server
    config = tmp_path / "newsclean.toml"
    config.write_text('[flow]\nraw_dir = "raw"\nclean_dir = "clean"\nbatch_size = 3\nworkers = 2\n\n[cleaners]\n')
    env = dict(env, PREFECT_API_URL=api, PREFECT_RUNNER_POLL_FREQUENCY="1")
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "flows.serve", "--config", str(config), "--interval", "5", "--name", "test"],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
        )

    def completed_runs():
        response = httpx.post(
            f"{api}/flow_runs/filter",
            json={"flow_runs": {"state": {"type": {"any_": ["COMPLETED", "FAILED", "CRASHED"]}}}},
            timeout=10,
        )
        return [run for run in response.json() if run["deployment_id"]]

    try:
        runs = wait_until(completed_runs, 50, "a scheduled run", serve, log)
    finally:
        stop(serve)
    run = runs[0]
    assert run["state_type"] == "COMPLETED", run["state"]
    assert run["parameters"]["raw_dir"] == "raw" and run["parameters"]["batch_size"] == 3
    assert any((tmp_path / "clean").glob("*.json"))  # the run cleaned the raw copy
    artifacts = httpx.post(f"{api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run["id"]]}}}, timeout=10).json()
    assert {artifact["key"] for artifact in artifacts} >= {"corpus-run-summary", "corpus-rejections", "corpus-removal-rules"}
    deployments = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
    assert [d["name"] for d in deployments] == ["test"]
    assert "Traceback" not in log.read_text(errors="replace")
