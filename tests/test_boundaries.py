"""Architecture rules: the cleaner library never imports Prefect; the shipped schema is current."""

import json
import re
import subprocess
import sys

from conftest import ROOT
from cleaners.document import SCHEMA_PATH, json_schema


def test_cleaners_never_imports_prefect():
    code = (
        "import sys, cleaners.cli, cleaners.corpus, cleaners.runner, cleaners.pipeline, cleaners.warm; "
        "from cleaners.cli import main; main(['raw/000_99aef4c9488a004f.txt', '--format', 'text']); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'prefect'], 'prefect imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_prefect_import_in_cleaners_source():
    for path in (ROOT / "cleaners").glob("*.py"):
        assert not re.search(r"^\s*(?:import|from)\s+prefect", path.read_text(encoding="utf-8"), re.M), path.name


def test_shipped_schema_is_current():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json.loads(json.dumps(json_schema(), sort_keys=True))
