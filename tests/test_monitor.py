"""What the flow shows of each source (flows.monitor): the table artifact, the summary's links, the event.

Plain functions, no Prefect server; the events against a real server are in test_source_events.py.
"""

from __future__ import annotations

import re

import flows  # noqa: F401  (quiet Prefect defaults before Prefect is imported)

import pytest

from cleaners.config import ConfigError
from cleaners.sources import SourceTallies, record_run
from cleaners.store import CleanStore
from flows import monitor
from flows.settings import cleaner_config, monitor_config


PUBLISHERS = {"raw/ledger": "The Ledger", "raw/metro": "Metro Wire"}


def outcome(group, status="accepted", rules=("copyright",), authors=True, publisher=""):
    return {
        "status": status,
        "reasons": [] if status == "accepted" else ["too_short"],
        "rules": {rule: 1 for rule in rules},
        "group": group,
        "figures": {"publisher": PUBLISHERS.get(group) if publisher == "" else publisher, "text_chars": 900, "removed_chars": 100, "title": True, "date": True, "authors": authors},
    }


@pytest.fixture
def sources(tmp_path) -> list[dict]:
    """A report's sources after three steady runs and a fourth where two sources changed."""
    store = CleanStore(tmp_path / "clean")
    for _ in range(3):
        tallies = SourceTallies()
        for _ in range(30):
            for name in ("raw/ledger", "raw/metro", "raw/quiet"):
                tallies.add(outcome(name))
        record_run(store, tallies)
    tallies = SourceTallies()
    for _ in range(30):
        tallies.add(outcome("raw/ledger", rules=(), publisher=None))  # the trailer changed: no copyright line
        tallies.add(outcome("raw/metro", status="rejected"))  # every file rejected
        tallies.add(outcome("raw/quiet"))
        tallies.add(outcome("raw/new"))
    return [status.as_dict() for status in record_run(store, tallies)]


def test_resource_ids_are_safe_and_distinct():
    assert monitor.resource_id("raw/ledger") == "newsclean.source.raw.ledger"
    assert monitor.resource_id("raw/site-a_2") == "newsclean.source.raw.site-a_2"
    assert monitor.resource_id("raw/example.com") == "newsclean.source.raw.example.com"
    spaced = monitor.resource_id("raw/Le Monde")
    assert re.fullmatch(r"newsclean\.source\.raw\.Le_Monde-[0-9a-f]{8}", spaced)
    assert spaced != monitor.resource_id("raw/Le_Monde") and spaced != monitor.resource_id("raw/Le*Monde")
    assert re.fullmatch(r"newsclean\.source\.data\.raw-[0-9a-f]{8}", monitor.resource_id("/data/raw"))
    assert re.fullmatch(r"newsclean\.source\._-[0-9a-f]{8}", monitor.resource_id("."))
    assert re.fullmatch(r"newsclean\.source\.__\.raw-[0-9a-f]{8}", monitor.resource_id("../raw"))
    for folder in ("raw/ü", "raw/a*b", "raw/x\\y", "raw/\udcff"):
        assert re.fullmatch(r"newsclean\.source\.[A-Za-z0-9_.-]+", monitor.resource_id(folder)), folder


def test_the_table_lists_sources_worst_first_with_their_averages(sources):
    rows, description = monitor.table_rows(sources)
    assert [row["source"] for row in rows] == ["raw/metro", "raw/ledger", "raw/quiet", "raw/new"]
    metro, ledger, quiet, new = rows
    assert metro["status"] == "changed: rejected" and metro["rejected"] == "100% (avg 0%, +100)"
    assert metro["rejected by reason"] == "too_short 30" and metro["authors"] == "-"
    assert ledger["status"] == "changed: rule copyright" and ledger["publisher"] == "The Ledger"  # the last known one
    assert ledger["rules that moved most"] == "copyright 0% (avg 100%, -100)"
    assert quiet["status"] == "steady" and quiet["boilerplate"] == "10% (avg 10%, +0)" and quiet["near-duplicates"] == 0
    assert new["status"] == "learning (0 earlier runs)" and new["title"] == "100%"
    assert list(metro) == [
        "source", "status", "files", "rejected", "boilerplate", "title", "date", "authors",
        "rules that moved most", "near-duplicates", "rejected by reason", "publisher",
    ]
    assert description.startswith("2 of 4 sources changed (raw/metro, raw/ledger). ") and "worst first" in description
    rows, description = monitor.table_rows(sources, limit=2)
    assert len(rows) == 2 and "First 2 of 4" in description


def test_the_summary_links_the_sources_that_changed(sources):
    section = monitor.summary_section(sources, "http://127.0.0.1:4200/artifacts/artifact/abc")
    assert "## Sources that changed (2)" in section
    assert "- [raw/metro](http://127.0.0.1:4200/artifacts/artifact/abc) (Metro Wire): rejected 0.0% -> 100.0% (average of 3 runs)" in section
    assert "- [raw/ledger](http://127.0.0.1:4200/artifacts/artifact/abc) (The Ledger): rule copyright 100.0% -> 0.0%" in section
    assert "[corpus-sources](http://127.0.0.1:4200/artifacts/artifact/abc)" in section
    assert "- `raw/metro`" in monitor.summary_section(sources)  # embedded mode has no UI to link to
    quiet = [status for status in sources if status["status"] != "changed"]
    assert "No source changed (2 cleaned, 1 compared" in monitor.summary_section(quiet)


def test_the_event_names_the_source_and_holds_the_figures_before_and_after(sources):
    ledger = next(status for status in sources if status["source"] == "raw/ledger")
    resource = monitor.event_resource(ledger)
    assert resource == {
        "prefect.resource.id": "newsclean.source.raw.ledger",
        "prefect.resource.name": "raw/ledger",
        "newsclean.source.folder": "raw/ledger",
        "newsclean.source.publisher": "The Ledger",
    }
    payload = monitor.event_payload(ledger, "clean")
    assert payload["changed"] == ["rule:copyright"]
    assert payload["moved"] == {"rule:copyright": {"before": 1.0, "now": 0.0, "change_points": -100.0, "runs": 3}}
    assert payload["before"]["rules"] == {"copyright": 1.0} and payload["before"]["runs"] == 3
    assert payload["before"]["boilerplate_share"] == 0.1 and payload["before"]["rejection_rate"] == 0.0
    assert payload["after"]["files"] == 30 and payload["after"]["rules"] == {} and payload["after"]["boilerplate_share"] == 0.1
    assert payload["history"].startswith(".state/sources/") and payload["clean_dir"] == "clean"


def test_the_monitor_table_of_the_flow_settings(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text("[flow]\nworkers = 1\n\n[monitor]\nmin_runs = 1\n")
    assert monitor_config(path).min_runs == 1
    assert cleaner_config(path).min_words == 40  # no [cleaners] table: the defaults
    only_monitor = tmp_path / "monitor.toml"
    only_monitor.write_text("[monitor]\nwindow = 3\n")
    assert cleaner_config(only_monitor).min_words == 40 and monitor_config(only_monitor).window == 3
    path.write_text("[monitor]\nthreshold = 3\n")
    with pytest.raises(ConfigError, match="unknown"):
        monitor_config(path)
