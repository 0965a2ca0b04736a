"""Nothing lost, nothing corrupt: a generated bad-input corpus, interrupted runs, concurrent runs, safety."""

from __future__ import annotations

import codecs
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import numpy
import pytest

from conftest import RAW, ROOT
from cleaners.config import CleanConfig
from cleaners.corpus import finish_run, locked, prepare_run
from cleaners.pipeline import clean_bytes, clean_file
from cleaners.runner import run_batch

ARTICLE = (RAW / "001_23da6c00baa58b1d.txt").read_text(encoding="utf-8")
PROSE = ARTICLE.split("\n\n\n\n", 1)[1]
HTML_ARTICLE = (
    "<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote</h1>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in PROSE.split("\n\n")[:6])
    + "</article></body></html>"
)


def bad_inputs(raw: Path, outside: Path) -> dict[str, str | None]:
    """Write the bad-input corpus into `raw`; return file name -> the reason expected (None: accepted)."""
    expected: dict[str, str | None] = {}

    def put(name: str, data: bytes, reason: str | None) -> None:
        (raw / name).write_bytes(data)
        expected[name] = reason

    put("empty.txt", b"", "empty")
    put("whitespace.txt", b" \n\t\r\n  \n", "empty")
    put("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary")
    put("nul-bytes.txt", PROSE.encode()[:500] + b"\x00\x00\x00" + PROSE.encode()[500:], "binary")
    put("too-large.txt", PROSE.encode() * 1500, "too_large")
    put("utf16-bom.txt", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), None)
    put("cp1252.txt", ARTICLE.replace("'", "\u2019").encode("cp1252"), None)
    put("latin1.txt", ("Caf\u00e9 r\u00e9sum\u00e9 na\u00efve. " + PROSE).encode("latin-1"), None)
    put("invalid-utf8.txt", PROSE.encode() + b"\xff\xfe\xfa broken \xc3\x28 tail", None)
    put("truncated.html", HTML_ARTICLE.encode()[: len(HTML_ARTICLE) // 2], None)
    put("no-body.html", b"<html><head><title>Only a head</title><meta charset='utf-8'></head></html>", "extraction_failed")
    put("deep.html", b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>", "extraction_failed")
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 9))
    put("entities.html", f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html><body><p>&l8;</p></body></html>'.encode(), "too_short")
    put("name with spaces.txt", ARTICLE.encode() + b"\nspaces", None)
    put("n\u00f6n-\u00e4scii \u65b0\u805e.txt", ARTICLE.encode() + b"\nnon-ascii", None)
    put("--leading-dashes.txt", ARTICLE.encode() + b"\ndashes", None)
    put("new\nline.txt", ARTICLE.encode() + b"\nnewline", None)
    (outside / "secret.txt").write_text(ARTICLE + "\noutside", encoding="utf-8")
    os.symlink(outside / "secret.txt", raw / "link-outside.txt")
    expected["link-outside.txt"] = "outside_raw"
    os.mkfifo(raw / "fifo.txt")
    expected["fifo.txt"] = "unreadable"
    os.symlink(raw / "nowhere.txt", raw / "broken-link.txt")
    expected["broken-link.txt"] = "vanished"
    return expected


def outcomes(clean: Path) -> dict[str, dict]:
    """Every document under the clean folder, by the base name of its source."""
    found = {}
    for path in sorted(clean.rglob("*.json")):
        if ".state" in path.parts:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        found[doc["source"].rsplit("/", 1)[-1]] = doc
    return found


def test_bad_input_corpus_is_fully_accounted_for(tmp_path):
    raw, outside, clean = tmp_path / "raw", tmp_path / "outside", tmp_path / "clean"
    raw.mkdir(), outside.mkdir()
    expected = bad_inputs(raw, outside)
    config = CleanConfig(max_bytes=2_000_000)
    with locked(clean):
        plan = prepare_run([str(raw)], clean, config)
        vanishing = raw / "cp1252.txt"
        vanishing.unlink()  # disappears after listing, before cleaning
        expected["cp1252.txt"] = "vanished"
        changing = raw / "latin1.txt"
        changing.write_bytes(changing.read_bytes() + b" Changed while the run was going on.")
        report = finish_run(plan, [run_batch(batch, plan.settings) for batch in plan.batches(5)])
    found = outcomes(clean)
    assert report.files_seen == len(expected)
    assert set(found) == set(expected)
    for name, reason in expected.items():
        doc = found[name]
        if reason is None:  # most are the same article in other encodings: one is kept, the rest are its near-duplicates
            if doc["status"] == "rejected":
                assert doc["reasons"] == ["near_duplicate"], (name, doc["reasons"])
                assert (clean / f"{doc['near_duplicate_of']}.json").is_file()
            else:
                assert doc["status"] == "accepted", (name, doc["reasons"])
        else:
            assert doc["status"] == "rejected" and doc["reasons"] == [reason], (name, doc["reasons"])
    assert found["latin1.txt"]["text"].endswith("Changed while the run was going on.")
    assert "outside" not in found["link-outside.txt"]["text"]
    assert "lollol" not in found["entities.html"]["text"]  # entities are never expanded


def test_a_large_file_is_rejected_without_being_read_into_memory(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        for _ in range(40):
            handle.write(b"x" * (1 << 20))
    tracemalloc.start()
    doc = clean_file(big, "big.txt", CleanConfig(max_bytes=1 << 20))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert doc.reasons == ["too_large"] and len(doc.source_sha256) == 64
    assert peak < 8 << 20, f"peak {peak} bytes for a 40 MiB file"


def test_html_never_fetches_anything_or_reads_local_files():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"FETCHED")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    html = (
        f'<!DOCTYPE html [<!ENTITY net SYSTEM "{url}/entity"><!ENTITY file SYSTEM "file:///etc/passwd">]>'
        f'<html><head><link rel="stylesheet" href="{url}/style.css"><script src="{url}/x.js"></script></head>'
        f'<body><article><img src="{url}/img.png"><iframe src="{url}/frame"></iframe>'
        f"<p>&net; &file; {PROSE[:600]}</p></article></body></html>"
    )
    doc = clean_bytes(html.encode(), "fetch.html")
    server.shutdown()
    assert hits == []
    assert "FETCHED" not in doc.text and "root:" not in doc.text


def corpus(raw: Path, count: int) -> None:
    """`count` distinct plain-text articles, from the project's samples with a varying last line."""
    samples = [(RAW / name).read_text(encoding="utf-8") for name in ("000_99aef4c9488a004f.txt", "001_23da6c00baa58b1d.txt")]
    for number in range(count):
        (raw / f"doc-{number:04d}.txt").write_text(
            samples[number % 2] + f"\n\nThe archive lists this item as number {number} of the series.\n", encoding="utf-8"
        )


def cli(raw: Path, clean: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cleaners", str(raw), "--out", str(clean), "--batch-size", "10", *extra]


def documents(clean: Path) -> dict[str, bytes]:
    return {str(p.relative_to(clean)): p.read_bytes() for p in sorted(clean.rglob("*.json")) if ".state" not in p.parts}


def assert_nothing_partial(clean: Path) -> None:
    """Every file a reader can see parses; temporary files live only in .tmp/. State lines (files.tsv and
    the journals, `<key>\t<json>`) parse too, but for a journal's last line, which a kill may cut short
    (readers leave out a line without its newline)."""
    for path in clean.rglob("*"):
        if path.is_file() and ".tmp" not in path.parts and path.name != ".lock":
            if path.suffix == ".npz":  # the near-duplicate index
                with numpy.load(path) as data:
                    assert data["rows"].dtype.names and len(data["meta"])
            elif path.suffix == ".tsv":
                lines = path.read_bytes().split(b"\n")
                assert lines[-1] == b"" or "journal" in path.parts, path  # the table is written whole
                for line in lines[:-1]:
                    key, tab, text = line.decode("utf-8").partition("\t")
                    assert tab and len(key) == 16 and json.loads(text)["output"]
            else:
                json.loads(path.read_text(encoding="utf-8"))


def test_a_killed_run_leaves_nothing_partial_and_a_rerun_finishes_the_job(tmp_path):
    raw, clean, reference = tmp_path / "raw", tmp_path / "clean", tmp_path / "reference"
    raw.mkdir()
    corpus(raw, 400)
    subprocess.run(cli(raw, reference), cwd=ROOT, check=True, capture_output=True)
    run = subprocess.Popen(cli(raw, clean), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(clean.glob("*.json"))) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    written = len(list(clean.glob("*.json")))
    assert 0 < written < 400, "the kill must land part way through"
    assert_nothing_partial(clean)
    rerun = subprocess.run(cli(raw, clean), cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{written} unchanged" in rerun.stdout or "unchanged" in rerun.stdout
    assert documents(clean) == documents(reference)
    assert not list((clean / ".tmp").iterdir())


def test_two_runs_at_once_do_not_collide(tmp_path):
    raw, clean, reference = tmp_path / "raw", tmp_path / "clean", tmp_path / "reference"
    raw.mkdir()
    corpus(raw, 60)
    subprocess.run(cli(raw, reference), cwd=ROOT, check=True, capture_output=True)
    runs = [subprocess.Popen(cli(raw, clean), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert documents(clean) == documents(reference)
    assert_nothing_partial(clean)


def test_nothing_is_written_outside_the_clean_folder(tmp_path):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for name in ("..evil.txt", "-rf.txt", "a\nb.txt"):
        (raw / name).write_text(ARTICLE, encoding="utf-8")
    (raw / "title-injection.txt").write_text("../../escape\n\n" + PROSE, encoding="utf-8")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    subprocess.run(cli(raw, clean), cwd=ROOT, check=True, capture_output=True)
    after = sorted(str(p) for p in tmp_path.rglob("*") if not p.is_relative_to(clean))
    assert after == before
    names = {p.name for p in clean.rglob("*.json") if ".state" not in p.parts}
    assert all(re.fullmatch(r"[0-9a-f]{16}(?:\.dup-[0-9a-f]{16})?\.json", name) for name in names), names


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_a_rejection(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    locked_file = raw / "locked.txt"
    locked_file.write_text(ARTICLE)
    locked_file.chmod(0)
    assert clean_file(locked_file).reasons == ["unreadable"]


def test_the_project_prefect_server_listens_on_loopback_only():
    settings = (ROOT / "prefect.toml").read_text(encoding="utf-8")
    assert 'host = "127.0.0.1"' in settings


def test_workers_are_replaced_after_many_documents_and_nothing_is_lost(tmp_path, monkeypatch, raw_copy):
    from cleaners import runner

    monkeypatch.setattr(runner, "MAX_DOCS_PER_WORKER", 3)
    clean = tmp_path / "clean"
    plan = prepare_run([str(raw_copy)], clean, CleanConfig())
    sent: dict[int, int] = {}
    original_clean = runner.ChildWorker.clean

    def clean_and_count(worker, items, timeout):
        sent[worker.process.pid] = sent.get(worker.process.pid, 0) + len(items)
        return original_clean(worker, items, timeout)

    monkeypatch.setattr(runner.ChildWorker, "clean", clean_and_count)
    report = finish_run(plan, [run_batch(plan.work, plan.settings)])
    assert report.accepted + report.rejected == len(plan.work) == len(list(raw_copy.iterdir()))
    assert sum(sent.values()) == len(plan.work) and max(sent.values()) <= 3  # no worker cleans more than 3
    assert len(sent) >= -(-len(plan.work) // 3)
    assert all(json.loads(path.read_text())["source"] for path in clean.glob("*.json"))


def test_workers_do_not_import_the_programs_main_module(tmp_path, raw_copy):
    """multiprocessing would re-import `python -m <module>` in every worker: for a flow, all of Prefect."""
    (tmp_path / "probe_main.py").write_text(
        "import os, sys\n"
        "with open(sys.argv[1], 'a') as log:\n"
        "    log.write(f'{os.getpid()}\\n')\n"
        "if __name__ == '__main__':\n"
        "    from cleaners.corpus import prepare_run\n"
        "    from cleaners.config import CleanConfig\n"
        "    from cleaners.runner import run_batch\n"
        "    plan = prepare_run([sys.argv[2]], sys.argv[3], CleanConfig())\n"
        "    print(run_batch(plan.work, plan.settings).accepted)\n",
        encoding="utf-8",
    )
    log = tmp_path / "imports.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    done = subprocess.run(
        [sys.executable, "-m", "probe_main", str(log), str(raw_copy), str(tmp_path / "clean")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    assert int(done.stdout) > 0  # documents were cleaned, in worker processes
    assert len(log.read_text().split()) == 1  # and only the program itself ran the module
