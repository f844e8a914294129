"""Honest answers through ``cli.main``: reasons as plain sentences, what `track list` shows,
the CSV export, who a recorded thank-you counted for (issue #11). The `check --json` and
account error tests, which need a mailbox, are in tests/test_cli_check.py.

The interview is the one of tests/test_cli.py: Northwind, Tue 24 Nov 2026 14:00-15:00 in New
York, the week of Thanksgiving, with US public holidays.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.cliresult import Result
from tests.test_cli import (
    ACME,
    CONFIG,
    DANA,
    DANA_AT,
    NORTHWIND,
    NOW,
    RITA,
    SAM,
    SAM_AT,
    Runner,
)
from tests.test_cli import env as env  # the fixture
from tests.test_policy import parentheses_ok


@pytest.fixture
def run(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Runner:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    # A machine in the config's zone (no zone labels), text unbroken: the sentences are the
    # point here (tests/test_cli_terminal.py has the terminal's width and zones).
    return Runner(
        {**env, "TZ": "America/New_York", "COLUMNS": "300"},
        config,
        tmp_path / "state" / "watcher.db",
        capsys,
    )


# --------------------------------------------------------------------------- reasons


def test_reasons_read_as_one_plain_sentence(run: Runner) -> None:
    added = run.ok(*NORTHWIND, "--expect", "1 week", "--now", "2026-11-20T09:00")
    assert (
        "Next: thank-you Tue 24 Nov 15:00 (in 4 days). Interview with Dana Reyes on Tue 24 Nov "
        "14:00: a thank-you within 24 hours, by Wed 25 Nov 14:00, shows you value their time.\n"
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


# --------------------------------------------------------------------------- the CSV export

COLUMNS_BEFORE = [
    "id",
    "company",
    "role",
    "interview_at",
    "format",
    "status",
    "outcome",
    "interviewers",
    "contacts",
    "expect",
    "topic",
    "last_reply",
    "last_reply_at",
    "next_action",
    "next_due",
    "commitments",
    "felt",
    "went_well",
    "hard",
    "learned",
    "takeaways",
    "note",
    "interest",
    "draft_language",
    "topics",
]
"""The columns of the CSV export before issue #11: spreadsheets depend on their order."""

SHOWN_AS = {
    # each field of `track show --json` (and of the JSON export): its columns in the CSV
    "id": ["id"],
    "company": ["company"],
    "role": ["role"],
    "interview_at": ["interview_at"],
    "format": ["format"],
    "status": ["status"],
    "last_reply": ["last_reply", "last_reply_at"],
    "next_action": ["next_action", "next_due"],
    "interviewers": ["interviewers", "topics"],
    "contacts": ["contacts", "topics"],
    "domains": ["domains"],
    "expect": ["expect"],
    "topic": ["topic"],
    "note": ["note"],
    "outcome": ["outcome"],
    "closed_at": ["closed_at"],
    "interest": ["interest"],
    "language": ["language"],
    "draft_language": ["draft_language"],
    "people": ["interviewers", "contacts", "rounds"],
    "source": ["source"],
    "rounds": ["rounds"],
    "cancelled_at": ["cancelled_at"],
    "events": ["events", "last_reply", "last_reply_at"],
    "commitments": ["commitments"],
    "reflection": ["felt", "went_well", "hard", "learned", "takeaways", "reflected_at"],
    "actions": ["next_action", "next_due", "next_to", "next_reason"],
}
TIMES = ["interview_at", "last_reply_at", "next_due", "closed_at", "cancelled_at", "reflected_at"]


def test_csv_export_is_a_spreadsheet_of_what_track_show_shows(run: Runner) -> None:
    northwind = run.add(*NORTHWIND, "--domain", "careers.northwind.example", "--language", "fr")
    acme = run.add(*ACME)
    run.ok(
        "track",
        "heard",
        str(northwind),
        "--kind",
        "update",
        "--from",
        RITA,
        "--now",
        "2026-11-27T10:15:42.123456",  # recorded at a moment with seconds and microseconds
    )
    run.ok("track", "close", str(acme), "--outcome", "withdrawn", "--now", NOW)
    run.ok(
        "track",
        "reflect",
        str(northwind),
        "--json",
        "--now",
        "2026-11-24T16:00",
        stdin=io.StringIO('{"felt": "calm"}'),
    )
    now = "2026-11-30T09:00"
    rows = list(csv.DictReader(io.StringIO(run.ok("track", "export", "--now", now).out)))
    header = list(rows[0])
    assert header[: len(COLUMNS_BEFORE)] == COLUMNS_BEFORE
    by_id = {int(row["id"]): row for row in rows}
    row = by_id[northwind]
    assert row["interview_at"] == "2026-11-24 14:00"
    assert row["last_reply"] == "update"
    assert row["last_reply_at"] == "2026-11-27 10:15"
    assert row["timezone"] == "America/New_York"
    assert row["domains"] == "northwind.example; careers.northwind.example"
    assert (row["language"], row["draft_language"], row["source"]) == ("fr", "fr", "hand")
    assert row["rounds"] == f"2026-11-24 14:00 video with {DANA}, {SAM}"
    assert row["events"] == "1"
    assert row["reflected_at"] == "2026-11-24 16:00"
    assert row["next_to"] == RITA
    record = run.record(northwind, now)
    assert row["next_reason"] == record["actions"][0]["reason"]
    assert (row["next_action"], row["next_due"]) == ("follow_up", "2026-12-04 09:00")
    closed = by_id[acme]
    assert (closed["outcome"], closed["closed_at"]) == ("withdrawn", "2026-11-25 09:00")
    assert (closed["language"], closed["draft_language"], closed["cancelled_at"]) == ("", "en", "")
    for each in rows:
        for column in TIMES:
            assert re.fullmatch(r"(\d{4}-\d\d-\d\d \d\d:\d\d)?", each[column]), (column, each)
    # Every field `track show` gives has its column; a new field needs one.
    assert set(SHOWN_AS) == set(record)
    assert {column for columns in SHOWN_AS.values() for column in columns} <= set(header)
    # The JSON export is the record `track show --json` gives, times in ISO 8601 as before.
    exported = run.ok("track", "export", "--format", "json", "--now", now).json()
    assert next(r for r in exported if r["id"] == northwind) == record
    assert record["interview_at"] == "2026-11-24T14:00:00-05:00"


README = Path(__file__).resolve().parent.parent / "README.md"


def track_the_readmes_northwind(run: Runner) -> None:
    """Track the interview of the README's "Using it" (Dana Reyes, Rita, "1 week")."""
    run.ok(
        "track",
        "add",
        "--company=Northwind",
        "--role=Data Engineer",
        "--at=2026-11-24T14:00",
        "--interviewer=Dana Reyes <dana@northwind.example>",
        "--contact=Rita Recruiter <rita@northwind.example>",
        "--domain=northwind.example",
        "--topic=the ingestion pipeline",
        "--expect=1 week",
        "--now=2026-11-20T09:00",
    )


def test_the_readme_shows_the_csv_export_as_it_is(run: Runner) -> None:
    shown = README.read_text(encoding="utf-8").split("  $ watcher track export\n", 1)[1]
    shown = shown.split("  ```", 1)[0]
    track_the_readmes_northwind(run)
    run.ok("track", "sent", "1", "--kind=thank_you", "--at=2026-11-24T17:30", "--now", NOW)
    out = run.ok("track", "export", "--now", NOW).out
    assert shown == "".join(f"  {line}\n" for line in out.splitlines())


# --------------------------------------------------------------------------- track sent


def sent_thanks(run: Runner, *to: str) -> Result:
    args = [f"--to={address}" for address in to]
    return run("track", "sent", "1", "--kind=thank_you", *args, "--now=2026-11-24T16:00")


def thanks_due(run: Runner) -> list[list[str]]:
    return [a["to"] for a in run.plan("2026-11-24T16:30") if a["kind"] == "thank_you"]


def test_a_thank_you_says_who_it_counted_for(run: Runner) -> None:
    run.add(*NORTHWIND)
    dana = sent_thanks(run, DANA_AT)
    assert dana == Result(
        0,
        f"Recorded your thank-you for interview #1, counted as the thank-you to {DANA}.\n"
        "Next: thank-you Tue 24 Nov 15:00 (1 hour ago). Interview with Sam Lee on Tue 24 Nov "
        "14:00: a thank-you within 24 hours, by Wed 25 Nov 14:00, shows you value their time.\n",
        "",
    )
    assert thanks_due(run) == [[SAM_AT]]
    again = sent_thanks(run, "Dana Reyes <Dana@Northwind.example>")
    assert again.out.startswith(
        f"Recorded your thank-you for interview #1; no thank-you was due to {DANA}.\n"
    )
    assert again.err == ""
    everyone = sent_thanks(run)  # without --to: every interviewer not thanked yet
    assert everyone.out.startswith(
        f"Recorded your thank-you for interview #1, counted as the thank-you to {SAM}.\n"
    )
    assert thanks_due(run) == []


def test_a_thank_you_to_a_stranger_is_recorded_with_a_warning(run: Runner) -> None:
    run.add(*NORTHWIND)
    result = sent_thanks(run, "nobody@else.example")
    assert result.code == 0, result
    assert result.out.startswith(
        "Recorded your thank-you for interview #1; no thank-you was due to nobody@else.example.\n"
    )
    assert result.err == (
        "watcher: warning: nobody@else.example is none of the people of interview #1, so the "
        f"thank-you to {DANA} and {SAM} stays due: if you thanked one of them, record it with "
        "`watcher track sent 1 --kind thank_you --to ADDRESS`.\n"
    )
    assert thanks_due(run) == [[DANA_AT], [SAM_AT]]  # as the warning says
    # Beside a known address: counted for that one, the warning names the one still due.
    mixed = sent_thanks(run, DANA_AT, "nobody@else.example")
    assert mixed.out.startswith(
        f"Recorded your thank-you for interview #1, counted as the thank-you to {DANA}.\n"
    )
    assert f"so the thank-you to {SAM} stays due" in mixed.err
    assert f"--to {SAM_AT}`" in mixed.err
    assert thanks_due(run) == [[SAM_AT]]
    # Once nothing is due, the warning names the interview's people.
    sent_thanks(run, SAM_AT)
    late = sent_thanks(run, "nobody@else.example")
    assert late.err == (
        "watcher: warning: nobody@else.example is none of the people of interview #1, who "
        f"are {DANA}, {SAM} and {RITA}.\n"
    )


def test_the_readme_shows_track_sent_as_it_is(run: Runner) -> None:
    block = README.read_text(encoding="utf-8").split("```text\n$ watcher track sent 1 ", 1)[1]
    block = "$ watcher track sent 1 " + block.split("```", 1)[0]
    track_the_readmes_northwind(run)
    run.env["COLUMNS"] = "80"  # as the README shows it
    seen = ""
    for command in (
        "--kind thank_you --to nobody@else.example",
        "--kind thank_you --to " + DANA_AT,
    ):
        result = run("track", "sent", "1", *command.split(), "--now", "2026-11-24T17:30")
        assert result.code == 0, result
        seen += f"$ watcher track sent 1 {command}\n{result.out}{result.err}"
    assert block == seen
