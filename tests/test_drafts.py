"""The golden drafts (tests/data/drafts/<lang>/<kind>-<scenario>.txt) are what the built-in
templates render: a change of wording shows up here as a diff to read. Regenerate them with
`.venv/bin/python scripts/update-drafts` (see tests/drafts.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.drafts import FOLDER, rendered, stored
from watcher.models import DRAFT_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
RENDERED = rendered()
FIX = "run `.venv/bin/python scripts/update-drafts` and read `git diff tests/data/drafts`"


def test_every_language_has_its_golden_drafts() -> None:
    assert {path.parent.name for path in RENDERED} == set(DRAFT_LANGUAGES)
    assert sorted(RENDERED) == sorted(stored()), f"golden drafts missing or stale: {FIX}"


@pytest.mark.parametrize("path", sorted(RENDERED), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_golden_draft_is_what_the_templates_render(path: Path) -> None:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: {FIX}"
    assert path.read_text(encoding="utf-8") == RENDERED[path], FIX


def test_the_update_script_checks_the_same_drafts() -> None:
    script = ROOT / "scripts" / "update-drafts"
    ok = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert (ok.returncode, ok.stdout.strip()) == (
        0,
        f"the {len(RENDERED)} drafts in {FOLDER.relative_to(ROOT)} are up to date",
    )


def test_the_readme_shows_golden_drafts_as_they_are() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"<!-- golden: (\S+) -->\n```text\n(.*?)\n```", readme, re.DOTALL)
    kinds = {name.split("/")[1].split("-")[0] for name, _text in shown}
    assert kinds == {
        "thank_you",
        "follow_up",
        "follow_up_2",
        "expedite",
        "commitment",
        "graceful_close",
        "check_in",
    }
    for name, text in shown:
        golden = FOLDER / name
        assert golden.read_text(encoding="utf-8") == text + "\n", f"README's {name} is stale"
