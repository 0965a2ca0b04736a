#!/usr/bin/env python3
"""Write cleaners/data/first_names.txt: the given names of Faker's person providers, Latin script.

The head parser takes a line of names alone (`Jane Doe` beside a date) for a byline only when its
first word is a known given name (`Copy Link` and `Packing Tips Guide` are not). Faker (MIT licence,
joke2k/faker) ships given-name lists for 86 locales; this script collects the Latin-script ones
into one sorted file, with the licence notice. Run it again after upgrading Faker:

    .venv/bin/pip install faker && .venv/bin/python bench/make_first_names.py
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib import metadata
from pathlib import Path

import faker.providers.person as person

TARGET = Path(__file__).resolve().parent.parent / "cleaners" / "data" / "first_names.txt"
LIST_FIELDS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
# Given names that are also common English words in page furniture and head lines.
EXCLUDED = {"press", "link", "will", "may", "june", "august", "summer", "hope", "faith", "grace", "rose", "save", "bill", "mark"}


def given_names() -> set[str]:
    """Every single-word given name, in Latin script, of every Faker person provider."""
    names: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for field in LIST_FIELDS:
            value = provider.__dict__.get(field)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple, set)):
                names.update(value)
    return {
        name for name in names
        if " " not in name and name.isalpha() and all(ord(char) < 0x250 for char in name) and name.lower() not in EXCLUDED
    }


def main() -> int:
    names = sorted({name.casefold() for name in given_names()})
    header = [
        f"# Given names from Faker {metadata.version('faker')} person providers (https://github.com/joke2k/faker),",
        "# Latin script, case-folded, one per line; made by bench/make_first_names.py.",
        "# Faker is Copyright (c) 2012 Daniele Faraglia, MIT License: see first_names.LICENSE.",
    ]
    TARGET.write_text("\n".join(header + names) + "\n", encoding="utf-8")
    licence = next(file for file in metadata.distribution("faker").files if "LICENSE" in file.name.upper())
    TARGET.with_name("first_names.LICENSE").write_text(licence.read_text(), encoding="utf-8")
    print(f"wrote {len(names)} names to {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
