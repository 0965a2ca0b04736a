"""The command line: output formats, exit statuses 0/1/2, batch mode into a clean folder."""

import json
import os
import subprocess
import sys

import pytest

from conftest import RAW, ROOT
from cleaners.cli import main

SEED = str(RAW / "000_99aef4c9488a004f.txt")


def test_json_on_stdout(capsys):
    assert main([SEED]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "accepted" and doc["source"] == SEED and doc["schema_version"] == 2
    assert doc["near_duplicate_of"] is None and doc["near_duplicate_similarity"] is None  # a single file is never settled in a corpus


def test_text_format(capsys):
    assert main([SEED, "--format", "text"]) == 0
    assert capsys.readouterr().out.startswith("Russia's foreign minister says")


def test_explain_names_every_rule(capsys):
    assert main([SEED, "--explain"]) == 0
    out = capsys.readouterr().out
    for rule in ("[title]", "[repeated_standfirst]", "[dateline_prefix]", "[agency_credit]", "[app_promo]"):
        assert rule in out
    assert "fix_inword_apostrophes" in out


def test_rejected_document_exits_1_and_still_prints_json(capsys):
    assert main([str(RAW / "short_brief.txt")]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "rejected" and doc["reasons"] == ["too_short"]


@pytest.mark.parametrize("argv", [["missing-file.txt"], ["--bogus", SEED], [], [SEED, "--workers", "0"], [str(RAW), "--config", "nope.toml"]])
def test_usage_errors_exit_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsclean: ") and err.count("\n") == 1


def test_bad_config_option_is_a_usage_error(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text("[cleaners]\nno_such_option = 3\n")
    assert main([SEED, "--config", str(config)]) == 2
    assert "no_such_option" in capsys.readouterr().err


def test_config_overrides_only_its_keys(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text("[cleaners]\nallowed_languages = ['fr']\n")
    assert main([str(RAW / "french_article.txt"), "--config", str(config)]) == 0


def test_several_inputs_without_out_give_json_lines(capsys):
    assert main([SEED, str(RAW / "short_brief.txt")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["accepted", "rejected"]


def test_batch_mode_writes_accepted_and_rejected_apart(raw_copy, tmp_path, capsys):
    clean = tmp_path / "clean"
    assert main([str(raw_copy), "--out", str(clean), "--export-jsonl", str(tmp_path / "corpus.jsonl")]) == 0
    out = capsys.readouterr().out
    accepted = sorted(clean.glob("*.json"))
    rejected = sorted((clean / "rejected").glob("*.json"))
    assert len(accepted) + len(rejected) == len(list(raw_copy.iterdir()))
    assert all(json.loads(path.read_text())["status"] == "accepted" for path in accepted)
    assert all(json.loads(path.read_text())["reasons"] for path in rejected)
    rows = [json.loads(line) for line in (tmp_path / "corpus.jsonl").read_text().splitlines()]
    assert len(rows) == len(accepted) and set(rows[0]) == {"id", "text", "metadata"}
    assert "accepted" in out and "removed blocks by rule" in out


def test_batch_output_equals_single_file_output(raw_copy, tmp_path, capsys):
    clean = tmp_path / "clean"
    main([str(raw_copy), "--out", str(clean)])
    source = str(raw_copy / "000_99aef4c9488a004f.txt")
    capsys.readouterr()
    main([source])
    single = capsys.readouterr().out
    doc = json.loads(single)
    assert (clean / f"{doc['id']}.json").read_text(encoding="utf-8") == single


def test_console_script_and_module_agree():
    module = subprocess.run([sys.executable, "-m", "cleaners", SEED], capture_output=True, text=True, cwd=ROOT)
    script = subprocess.run([str(ROOT / ".venv" / "bin" / "newsclean"), SEED], capture_output=True, text=True, cwd=ROOT)
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout and module.stderr == script.stderr == ""


def test_schema_option_prints_the_shipped_schema(capsys):
    assert main(["--schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Document"


def test_documents_do_not_depend_on_the_hash_seed():
    """Every process (CLI, flow, Dask worker) must write the same bytes: no output order may come from a set."""
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "cleaners", str(RAW)], cwd=ROOT, env=env, capture_output=True, timeout=120)
        outputs.add(done.stdout)
    assert len(outputs) == 1 and len(next(iter(outputs)).splitlines()) == len(list(RAW.iterdir()))
