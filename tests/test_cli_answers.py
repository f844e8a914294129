"""Honest answers through ``cli.main``: reasons as plain sentences, what `track list` shows,
the CSV export, who a recorded thank-you counted for (issue #11). The `check --json` and
account error tests, which need a mailbox, are in tests/test_cli_check.py.

The interview is the one of tests/test_cli.py: Northwind, Tue 24 Nov 2026 14:00-15:00 in New
York, the week of Thanksgiving, with US public holidays.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_cli import ACME, CONFIG, NORTHWIND, NOW, RITA, Runner
from tests.test_cli import env as env  # the fixture
from tests.test_policy import parentheses_ok


@pytest.fixture
def run(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Runner:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return Runner(env, config, tmp_path / "state" / "watcher.db", capsys)


# --------------------------------------------------------------------------- reasons


def test_reasons_read_as_one_plain_sentence(run: Runner) -> None:
    added = run.ok(*NORTHWIND, "--expect", "1 week", "--now", "2026-11-20T09:00")
    assert (
        "Next: thank-you Tue 24 Nov 15:00. Interview with Dana Reyes on Tue 24 Nov 14:00: a "
        "thank-you within 24 hours, by Wed 25 Nov 14:00, shows you value their time.\n"
    ) in added.out
    run.ok("track", "commit", "1", "--what", "send references", "--by", "2026-11-27", "--now", NOW)
    reasons = {
        action["reason"]
        for now in (NOW, "2026-12-02T10:00", "2026-12-10T10:00")
        for action in run.plan(now)
    }
    sentence = (
        "They said to expect news within 1 week of Tue 24 Nov, by Tue 1 Dec, and nothing came: "
        "follow-up 1 of 2."
    )
    assert sentence in reasons
    assert len(reasons) >= 5  # thank-yous, the commitment, the follow-up, move on
    for reason in reasons:
        assert reason[0].isupper() and reason.endswith("."), reason
        assert parentheses_ok(reason), reason
    assert f"      {sentence}\n" in run.ok("plan", "--now", NOW).out


# --------------------------------------------------------------------------- track list


def test_list_shows_every_interview_with_something_due(run: Runner) -> None:
    northwind = run.add(*NORTHWIND)
    acme = run.add(*ACME)
    globex = run.add(*NORTHWIND[:3], "Globex", *NORTHWIND[4:])
    run.ok("track", "close", str(acme), "--outcome", "withdrawn", "--now", NOW)
    run.ok(
        "track",
        "heard",
        str(globex),
        "--kind",
        "rejection",
        "--from",
        RITA,
        "--at",
        "2026-11-30T10:00",
        "--now",
        "2026-11-30T10:00",
    )
    listed = run.listing(now="2026-11-30T11:00")
    # Open, and rejected with its graceful close still due; not the one withdrawn.
    assert [(i["id"], i["status"]) for i in listed] == [
        (northwind, "awaiting_reply"),
        (globex, "rejected"),
    ]
    assert listed[1]["next_action"]["kind"] == "graceful_close"
    text = run.ok("track", "list", "--now", "2026-11-30T11:00").out
    assert re.search(r"Globex .* rejected +graceful-close Mon 30 Nov 10:00", text), text
    assert "Acme" not in text
    # A week later the graceful close is no longer offered: nothing is due, it leaves the list.
    assert [i["id"] for i in run.listing(now="2026-12-08T11:00")] == [northwind]
    assert len(run.listing("--all", now="2026-12-08T11:00")) == 3
    shown = run.ok("track", "list", "--help").out
    assert "something due or coming" in " ".join(shown.split())
