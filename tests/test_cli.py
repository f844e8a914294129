"""End-to-end tests of the command line: ``watcher.cli.main`` against a real config and store.

Every command runs with an explicit environment whose HOME and XDG directories are inside the
test's tmp_path, an explicit ``--config``, and ``--now`` wherever the command takes it, so that
nothing depends on the real clock or the real user's files.

Most tests use one interview: Northwind, Tue 24 Nov 2026 14:00-15:00 in New York, the week of
Thanksgiving (Thu 26 Nov), with US public holidays. Its business days after the interview are:
Wed 25 (1), Fri 27 (2), Mon 30 (3), Tue 1 Dec (4), Wed 2 (5), Thu 3 (6), Fri 4 (7), Mon 7 (8),
Tue 8 (9), Wed 9 (10), Thu 10 (11), Fri 11 (12), Mon 14 (13), Tue 15 (14), Wed 16 (15).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.cliresult import Result, run_cli
from watcher import cli
from watcher.config import starter_config

# --------------------------------------------------------------------------- constants

BEFORE = "2026-11-20T09:00"  # before the interview: status scheduled
NOW = "2026-11-25T09:00"  # the morning after the interview
LATER = "2027-01-15T09:00"  # a fixed moment for snapshots

DANA = "Dana Reyes <dana@northwind.example>"
SAM = "Sam Lee <sam@northwind.example>"
RITA = "Rita Recruiter <rita@northwind.example>"
DANA_AT = "dana@northwind.example"
SAM_AT = "sam@northwind.example"
RITA_AT = "rita@northwind.example"

NORTHWIND = (
    "track",
    "add",
    "--company",
    "Northwind",
    "--role",
    "Data Engineer",
    "--at",
    "2026-11-24T14:00",
    "--interviewer",
    DANA,
    "--interviewer",
    SAM,
    "--contact",
    RITA,
    "--domain",
    "northwind.example",
    "--topic",
    "the ingestion pipeline",
)
ACME = (
    "track",
    "add",
    "--company",
    "Acme",
    "--role",
    "SRE",
    "--at",
    "2026-11-23T10:00",
    "--interviewer",
    "Pat Doe <pat@acme.example>",
    "--domain",
    "acme.example",
)

SIGNATURE = "Alex Example\n+1 555 0100"
CONFIG = '''\
[user]
name = "Alex Example"
signature = """Alex Example
+1 555 0100"""

[policy]
timezone = "America/New_York"
holidays = "US"

[store]
path = "state/watcher.db"
'''


# --------------------------------------------------------------------------- helpers


class TTY(io.StringIO):
    """Standard input that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


class Runner:
    """Runs ``cli.main`` with the test's environment and config; see the ``run`` fixture."""

    def __init__(
        self, env: dict[str, str], config: Path, store: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.env = env
        self.config = config
        self.store = store
        self.capsys = capsys

    def __call__(self, *args: str, stdin: io.StringIO | None = None) -> Result:
        """Run ``watcher --config CONFIG ARGS...``."""
        return self.raw("--config", str(self.config), *args, stdin=stdin)

    def raw(self, *argv: str, stdin: io.StringIO | None = None) -> Result:
        """Run ``watcher ARGV...`` (no --config added)."""
        return run_cli(argv, self.env, stdin=stdin, capsys=self.capsys)

    def ok(self, *args: str, stdin: io.StringIO | None = None) -> Result:
        """Run a command that must succeed."""
        result = self(*args, stdin=stdin)
        assert result.code == 0, result
        assert result.err == "", result
        return result

    def add(self, *args: str, now: str = BEFORE) -> int:
        """Track an interview (``track add ARGS --json``) and return its id."""
        return int(self.ok(*args, "--json", "--now", now).json()["id"])

    def plan(self, now: str = NOW) -> list[dict[str, Any]]:
        actions: list[dict[str, Any]] = self.ok("plan", "--now", now, "--json").json()
        return actions

    def listing(self, *flags: str, now: str = NOW) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.ok(
            "track", "list", *flags, "--json", "--now", now
        ).json()
        return items

    def record(self, interview_id: int, now: str = NOW) -> dict[str, Any]:
        detail: dict[str, Any] = self.ok(
            "track", "show", str(interview_id), "--json", "--now", now
        ).json()
        return detail

    def snapshot(self) -> tuple[list[str], str]:
        """Return everything in the store: a dump of the database and the JSON export."""
        dump: list[str] = []
        if self.store.exists():
            with closing(sqlite3.connect(self.store)) as db:
                dump = list(db.iterdump())
        export = self("track", "export", "--format", "json", "--now", LATER)
        assert export.code == 0, export
        return dump, export.out


def summary(actions: list[dict[str, Any]]) -> list[tuple[int, str, str, list[str]]]:
    """Return (interview, kind, due, to) of each action, sorted."""
    return sorted((a["interview"], a["kind"], a["due"], a["to"]) for a in actions)


def kinds(actions: list[dict[str, Any]]) -> list[str]:
    return sorted(a["kind"] for a in actions)


def only(actions: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    matching = [a for a in actions if a["kind"] == kind]
    assert len(matching) == 1, actions
    return matching[0]


def assert_refused(result: Result, code: int, *fragments: str) -> None:
    """The command failed with ``code``, printed nothing, and its message names ``fragments``."""
    assert result.code == code, result
    assert result.out == "", result
    assert result.err.startswith("watcher: "), result
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment inside tmp_path; os.environ too, since platformdirs reads it."""
    values = {
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "USER": "tester",
        "TZ": "UTC",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    for key in ("WATCHER_CONFIG", "STATE_DIRECTORY"):
        monkeypatch.delenv(key, raising=False)
    return values


@pytest.fixture
def run(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Runner:
    """A runner bound to a config in tmp_path (New York, US holidays, store in tmp_path)."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return Runner(env, config, tmp_path / "state" / "watcher.db", capsys)


@pytest.fixture
def northwind(run: Runner) -> int:
    """The holiday-week interview, tracked before it took place."""
    return run.add(*NORTHWIND)


# --------------------------------------------------------------------------- 1. the holiday week


def test_track_add_json_prints_the_created_interview(run: Runner) -> None:
    result = run.ok(*NORTHWIND, "--json", "--now", BEFORE)
    record = result.json()
    assert record["id"] == 1
    assert record["company"] == "Northwind"
    assert record["role"] == "Data Engineer"
    assert record["interview_at"] == "2026-11-24T14:00:00-05:00"
    assert record["status"] == "scheduled"
    assert record["format"] == "video"
    assert record["interviewers"] == [
        {"name": "Dana Reyes", "address": DANA_AT, "topic": ""},
        {"name": "Sam Lee", "address": SAM_AT, "topic": ""},
    ]
    assert record["contacts"] == [{"name": "Rita Recruiter", "address": RITA_AT, "topic": ""}]
    assert record["domains"] == ["northwind.example"]
    assert record["topic"] == "the ingestion pipeline"
    assert (record["interest"], record["language"], record["draft_language"]) == (
        "normal",
        None,
        "en",
    )
    assert record["last_reply"] is None
    assert record["next_action"] == {"kind": "thank_you", "due": "2026-11-24T15:00:00-05:00"}
    assert run.add(*ACME) == 2


def test_track_add_text_names_the_interview_and_what_comes_next(run: Runner) -> None:
    result = run.ok(*NORTHWIND, "--now", BEFORE)
    # The config's zone (New York) is not this machine's ($TZ is UTC): each time names it.
    assert "Tracking interview #1: Northwind, Data Engineer, Tue 24 Nov 14:00 EST." in result.out
    assert "Next: thank-you Tue 24 Nov 15:00 EST (in 4 days). " in result.out


def test_plan_in_the_thanksgiving_week(run: Runner, northwind: int) -> None:
    actions = run.plan(NOW)
    assert summary(actions) == [
        (northwind, "follow_up", "2026-12-02T09:00:00-05:00", [RITA_AT]),
        (northwind, "move_on", "2026-12-09T09:00:00-05:00", []),
        (northwind, "thank_you", "2026-11-24T15:00:00-05:00", [DANA_AT]),
        (northwind, "thank_you", "2026-11-24T15:00:00-05:00", [SAM_AT]),
    ]
    for action in actions:
        assert {"interview", "kind", "due", "to", "reason"} <= set(action)
        assert isinstance(action["reason"], str)
        assert action["reason"]
    dues = [datetime.fromisoformat(a["due"]) for a in actions]
    assert dues == sorted(dues), "plan is ordered by due time"
    thanks = [a for a in actions if a["kind"] == "thank_you"]
    assert all(RITA_AT not in a["to"] for a in thanks)
    assert {a["deadline"] for a in thanks} == {"2026-11-25T14:00:00-05:00"}
    assert {a["state"] for a in thanks} == {"due"}
    follow_up = only(actions, "follow_up")
    assert follow_up["state"] == "coming"
    assert follow_up["deadline"] == "2026-12-04T09:00:00-05:00"  # 7 business days
    assert "5 business days" in follow_up["reason"]


def test_plan_without_holidays_does_not_skip_thanksgiving(run: Runner) -> None:
    run.config.write_text(CONFIG.replace('holidays = "US"', 'holidays = ""'), encoding="utf-8")
    run.add(*NORTHWIND)
    actions = run.plan(NOW)
    assert only(actions, "follow_up")["due"] == "2026-12-01T09:00:00-05:00"
    assert only(actions, "move_on")["due"] == "2026-12-08T09:00:00-05:00"


def test_plan_text_groups_due_and_coming(run: Runner, northwind: int) -> None:
    run.env["COLUMNS"] = "200"  # each action's first line whole
    out = run.ok("plan", "--now", NOW).out
    due, coming = out.index("Due now:"), out.index("Coming:")
    assert due < coming
    assert "Late:" not in out
    assert out.index("thank-you to Dana Reyes <dana@northwind.example>") < coming
    assert out.index("thank-you to Sam Lee <sam@northwind.example>") < coming
    assert "Tue 24 Nov 15:00 EST (yesterday)  #1 Northwind (Data Engineer): thank-you" in out
    assert (
        "Wed  2 Dec 09:00 EST (in 7 days)  #1 Northwind (Data Engineer): follow-up to " + RITA
        in out
    )
    assert "Wed  9 Dec 09:00 EST (in 14 days)  #1 Northwind (Data Engineer): move-on" in out


def test_plan_of_an_empty_store(run: Runner) -> None:
    assert run.plan(NOW) == []
    assert "Nothing due or coming" in run.ok("plan", "--now", NOW).out


def test_an_offset_in_at_is_kept_as_the_same_moment(run: Runner) -> None:
    args = [a if a != "2026-11-24T14:00" else "2026-11-24T20:00+01:00" for a in NORTHWIND]
    record = run.ok(*args, "--json", "--now", BEFORE).json()
    assert record["interview_at"] == "2026-11-24T14:00:00-05:00"
    assert only(run.plan(NOW), "follow_up")["due"] == "2026-12-02T09:00:00-05:00"


# --------------------------------------------------------------------------- 2. track list


def test_list_json_fields_and_last_reply(run: Runner, northwind: int) -> None:
    [item] = run.listing(now=NOW)
    assert {"id", "company", "role", "interview_at", "status", "last_reply", "next_action"} <= set(
        item
    )
    assert item["id"] == northwind
    assert item["company"] == "Northwind"
    assert item["role"] == "Data Engineer"
    assert item["interview_at"] == "2026-11-24T14:00:00-05:00"
    assert item["status"] == "awaiting_reply"
    assert item["last_reply"] is None
    assert item["next_action"] == {"kind": "thank_you", "due": "2026-11-24T15:00:00-05:00"}

    heard = run.ok(
        "track",
        "heard",
        str(northwind),
        "--kind",
        "update",
        "--from",
        RITA,
        "--at",
        "2026-11-27T10:00",
        "--now",
        "2026-11-27T10:00",
    )
    assert "status: awaiting reply" in heard.out
    [item] = run.listing(now="2026-11-27T11:00")
    assert item["last_reply"] == {
        "kind": "update",
        "at": "2026-11-27T10:00:00-05:00",
        "message_id": None,
        "from": RITA,
    }
    # A reply ends the thank-yous and restarts the silence: 5 business days after Fri 27 Nov.
    assert item["next_action"] == {"kind": "follow_up", "due": "2026-12-04T09:00:00-05:00"}


def test_list_next_action_is_null_when_nothing_is_planned(run: Runner, northwind: int) -> None:
    run.ok("track", "close", str(northwind), "--outcome", "withdrawn", "--now", NOW)
    [item] = run.listing("--all", now=NOW)
    assert item["status"] == "closed"
    assert item["next_action"] is None


def test_list_all_includes_closed_ones(run: Runner, northwind: int) -> None:
    acme = run.add(*ACME)
    run.ok("track", "close", str(acme), "--outcome", "declined", "--now", NOW)
    assert [i["id"] for i in run.listing(now=NOW)] == [northwind]
    everything = {i["id"]: i for i in run.listing("--all", now=NOW)}
    assert sorted(everything) == [northwind, acme]
    assert everything[acme]["status"] == "closed"
    assert everything[acme]["outcome"] == "declined"


def test_list_text(run: Runner, northwind: int) -> None:
    run.env["COLUMNS"] = "120"  # one line a row
    out = run.ok("track", "list", "--now", NOW).out
    header, row = out.splitlines()
    assert re.split(r"\s{2,}", header) == ["ID", "COMPANY", "ROLE", "INTERVIEW", "STATUS", "NEXT"]
    assert re.split(r"\s{2,}", row) == [
        "1",
        "Northwind",
        "Data Engineer",
        "Tue 24 Nov 14:00 EST",
        "awaiting reply",
        "thank-you Tue 24 Nov 15:00 EST (yesterday)",
    ]
    run.ok("track", "close", str(northwind), "--outcome", "accepted", "--now", NOW)
    empty = run.ok("track", "list", "--now", NOW).out
    assert "No open interviews tracked" in empty
    assert "--all" in empty


# --------------------------------------------------------------------------- 3. statuses


def test_status_scheduled_awaiting_then_rejected(run: Runner, northwind: int) -> None:
    assert run.listing(now="2026-11-24T13:59")[0]["status"] == "scheduled"
    assert run.listing(now="2026-11-24T14:00")[0]["status"] == "awaiting_reply"

    heard = run.ok(
        "track",
        "heard",
        str(northwind),
        "--kind",
        "rejection",
        "--from",
        RITA,
        "--at",
        "2026-11-30T10:00",
        "--now",
        "2026-11-30T10:00",
    )
    assert "status: rejected" in heard.out
    # A rejected interview stays in the default list while its graceful close is due (7 days).
    assert [i["id"] for i in run.listing(now="2026-11-30T11:00")] == [northwind]
    assert run.listing(now="2026-12-07T11:00") == []
    [item] = run.listing("--all", now="2026-11-30T11:00")
    assert item["status"] == "rejected"
    assert item["last_reply"]["kind"] == "rejection"
    # No more thank-yous, follow-ups or move-on: a graceful close, to the one who wrote.
    actions = run.plan("2026-11-30T11:00")
    assert summary(actions) == [
        (northwind, "graceful_close", "2026-11-30T10:00:00-05:00", [RITA_AT]),
    ]
    assert actions[0]["deadline"] == "2026-12-07T10:00:00-05:00"
    # Once the week for the graceful reply has passed, nothing is left.
    assert run.plan("2026-12-08T09:00") == []


def test_next_step_status_restarts_the_silence(run: Runner, northwind: int) -> None:
    run.ok(
        "track",
        "heard",
        str(northwind),
        "--kind",
        "next_step",
        "--from",
        RITA,
        "--at",
        "2026-11-27T10:00",
        "--now",
        "2026-11-27T10:00",
    )
    [item] = run.listing(now="2026-11-27T11:00")
    assert item["status"] == "next_step"
    assert item["next_action"] == {"kind": "follow_up", "due": "2026-12-04T09:00:00-05:00"}


def test_close_accepted_then_reopen(run: Runner, northwind: int) -> None:
    closed = run.ok("track", "close", str(northwind), "--outcome", "accepted", "--now", NOW)
    assert closed.out == "Closed interview #1 (Northwind) as accepted.\n"
    [item] = run.listing("--all", now="2026-11-25T10:00")
    assert item["status"] == "closed"
    assert item["outcome"] == "accepted"
    assert item["closed_at"] == "2026-11-25T09:00:00-05:00"
    assert run.plan("2026-11-25T10:00") == []

    reopened = run.ok("track", "reopen", str(northwind), "--now", "2026-11-25T10:00")
    assert reopened.out == "Reopened interview #1 (Northwind).\n"
    [item] = run.listing(now="2026-11-25T11:00")
    assert item["status"] == "awaiting_reply"
    assert item["outcome"] is None
    assert item["closed_at"] is None
    assert only(run.plan("2026-11-25T11:00"), "follow_up")["due"] == "2026-12-02T09:00:00-05:00"

    before = run.snapshot()
    again = run("track", "reopen", str(northwind), "--now", "2026-11-25T12:00")
    assert_refused(again, 2, "#1", "not closed")
    assert run.snapshot() == before


def test_close_with_an_explicit_time_and_as_ghosted(run: Runner, northwind: int) -> None:
    run.ok(
        "track",
        "close",
        str(northwind),
        "--outcome",
        "ghosted",
        "--at",
        "2026-12-10T09:00",
        "--now",
        "2026-12-10T12:00",
    )
    assert run.listing("--all", now="2026-12-09T12:00")[0]["status"] == "awaiting_reply"
    [item] = run.listing("--all", now="2026-12-10T12:00")
    assert item["status"] == "ghosted"
    assert item["closed_at"] == "2026-12-10T09:00:00-05:00"
    assert run.listing(now="2026-12-10T12:00") == []


def test_an_offer_asks_the_other_open_process_to_expedite(run: Runner, northwind: int) -> None:
    acme = run.add(*ACME)
    heard = run.ok(
        "track",
        "heard",
        str(acme),
        "--kind",
        "offer",
        "--from",
        "pat@acme.example",
        "--at",
        "2026-11-30T10:00",
        "--now",
        "2026-11-30T10:00",
    )
    assert "status: offer" in heard.out
    actions = run.plan("2026-11-30T11:00")
    expedite = only(actions, "expedite")
    assert expedite["interview"] == northwind
    assert expedite["due"] == "2026-11-30T10:00:00-05:00"
    assert expedite["to"] == [RITA_AT]
    assert "Acme" in expedite["reason"]
    # The offer stops everything for Acme itself.
    assert [a for a in actions if a["interview"] == acme] == []
    assert {i["id"]: i["status"] for i in run.listing(now="2026-11-30T11:00")} == {
        northwind: "awaiting_reply",
        acme: "offer",
    }
    # Once told, no more expedite; the follow-up stays.
    run.ok(
        "track",
        "sent",
        str(northwind),
        "--kind",
        "expedite",
        "--to",
        RITA_AT,
        "--at",
        "2026-11-30T12:00",
        "--now",
        "2026-11-30T12:00",
    )
    assert kinds(run.plan("2026-11-30T13:00")) == ["follow_up", "move_on"]


# --------------------------------------------------------------------------- 4. track sent


def test_sent_thank_you_to_one_interviewer_keeps_the_other(run: Runner, northwind: int) -> None:
    sent = run.ok(
        "track",
        "sent",
        str(northwind),
        "--kind",
        "thank_you",
        "--to",
        DANA_AT,
        "--at",
        "2026-11-24T16:00",
        "--now",
        "2026-11-24T16:00",
    )
    assert " ".join(sent.out.split()).startswith(
        f"Recorded your thank-you for interview #1, counted as the thank-you to {DANA}. Next:"
    )
    thanks = [a for a in run.plan(NOW) if a["kind"] == "thank_you"]
    assert [a["to"] for a in thanks] == [[SAM_AT]]
    # A thank-you without --to counts for every interviewer.
    run.ok(
        "track",
        "sent",
        str(northwind),
        "--kind",
        "thank_you",
        "--at",
        "2026-11-24T17:00",
        "--now",
        "2026-11-24T17:00",
    )
    assert kinds(run.plan(NOW)) == ["follow_up", "move_on"]


def test_follow_ups_are_spaced_and_at_most_two(run: Runner, northwind: int) -> None:
    run.ok(
        "track",
        "sent",
        str(northwind),
        "--kind",
        "follow_up",
        "--to",
        RITA_AT,
        "--at",
        "2026-12-02T10:00",
        "--now",
        "2026-12-02T10:00",
    )
    actions = run.plan("2026-12-02T11:00")
    second = only(actions, "follow_up")
    # 5 business days after Wed 2 Dec: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9.
    assert second["due"] == "2026-12-09T09:00:00-05:00"
    assert second["to"] == [RITA_AT]
    assert second["number"] == 2
    assert "follow-up 2 of 2" in second["reason"]
    assert only(actions, "move_on")["due"] == "2026-12-09T09:00:00-05:00"

    run.ok(
        "track",
        "sent",
        str(northwind),
        "--kind",
        "follow_up",
        "--at",
        "2026-12-09T10:00",
        "--now",
        "2026-12-09T10:00",
    )
    actions = run.plan("2026-12-09T11:00")
    assert kinds(actions) == ["move_on"]
    assert actions[0]["due"] == "2026-12-16T09:00:00-05:00"


# --------------------------------------------------------------------------- 5. track show


def _history(run: Runner, interview: int) -> None:
    run.ok(
        "track",
        "sent",
        str(interview),
        "--kind",
        "thank_you",
        "--to",
        DANA_AT,
        "--at",
        "2026-11-24T16:00",
        "--now",
        "2026-11-24T16:00",
    )
    run.ok(
        "track",
        "heard",
        str(interview),
        "--kind",
        "update",
        "--from",
        RITA,
        "--at",
        "2026-11-27T10:00",
        "--note",
        "still deciding",
        "--now",
        "2026-11-27T10:00",
    )
    run.ok(
        "track",
        "commit",
        str(interview),
        "--what",
        "send references",
        "--by",
        "2026-11-30",
        "--now",
        "2026-11-24T16:00",
    )


def test_show_text(run: Runner, northwind: int) -> None:
    _history(run, northwind)
    run.env["COLUMNS"] = "120"  # each line whole
    out = run.ok("track", "show", str(northwind), "--now", "2026-11-27T11:00").out
    expected = [
        "#1 Northwind - Data Engineer (video)    status: awaiting reply",
        f"interviewers: {DANA}, {SAM}",
        f"contacts:     {RITA}",
        "domains:      northwind.example",
        "topic:        the ingestion pipeline",
        "Tue 24 Nov 2026 14:00 EST  interview",
        "Tue 24 Nov 2026 16:00 EST  thank-you sent to dana@northwind.example",
        f"Fri 27 Nov 2026 10:00 EST  reply (update) from {RITA} (still deciding)",
        "What comes next:",
        f"Mon 30 Nov 2026 09:00 EST (in 3 days)  commitment to {RITA}",
        f"Fri  4 Dec 2026 09:00 EST (in 7 days)  follow-up to {RITA}",
        "Fri 11 Dec 2026 09:00 EST (in 14 days)  move-on",
        "Commitments:",
        "[ ] #1 send references, by Mon 30 Nov 2026 17:00 EST",
    ]
    positions = []
    for text in expected:
        assert text in out, (text, out)
        positions.append(out.index(text))
    assert positions == sorted(positions), "the timeline reads in order"


def test_show_json(run: Runner, northwind: int) -> None:
    _history(run, northwind)
    record = run.record(northwind, "2026-11-27T11:00")
    assert record["id"] == northwind
    assert record["events"] == [
        {
            "at": "2026-11-24T16:00:00-05:00",
            "kind": "sent",
            "reply_kind": None,
            "action": "thank_you",
            "from": "",
            "to": [DANA_AT],
            "message_id": None,
            "subject": "",
            "until": None,
            "note": "",
        },
        {
            "at": "2026-11-27T10:00:00-05:00",
            "kind": "reply",
            "reply_kind": "update",
            "action": None,
            "from": RITA,
            "to": [],
            "message_id": None,
            "subject": "",
            "until": None,
            "note": "still deciding",
        },
    ]
    assert record["commitments"] == [
        {"id": 1, "what": "send references", "due": "2026-11-30T17:00:00-05:00", "done_at": None}
    ]
    assert summary(record["actions"]) == [
        (northwind, "commitment", "2026-11-30T09:00:00-05:00", [RITA_AT]),
        (northwind, "follow_up", "2026-12-04T09:00:00-05:00", [RITA_AT]),
        (northwind, "move_on", "2026-12-11T09:00:00-05:00", []),
    ]
    assert record["reflection"] is None


# --------------------------------------------------------------------------- 6. edit and commit


def test_edit_at_moves_the_plan(run: Runner, northwind: int) -> None:
    edited = run.ok("track", "edit", str(northwind), "--at", "2026-11-23T10:00", "--now", NOW)
    assert edited.out.startswith("Updated interview #1.\n")
    assert run.record(northwind)["interview_at"] == "2026-11-23T10:00:00-05:00"
    actions = run.plan(NOW)
    assert {a["due"] for a in actions if a["kind"] == "thank_you"} == {"2026-11-23T11:00:00-05:00"}
    # Mon 23 Nov + 5 business days: Tue 24, Wed 25, Fri 27, Mon 30, Tue 1 Dec.
    assert only(actions, "follow_up")["due"] == "2026-12-01T09:00:00-05:00"


def test_edit_adds_and_removes_people_and_domains(run: Runner, northwind: int) -> None:
    record = run.ok(
        "track",
        "edit",
        str(northwind),
        "--interviewer",
        "Kim Park <kim@northwind.example>",
        "--remove",
        SAM_AT,
        "--domain",
        "nw-mail.example",
        "--json",
        "--now",
        NOW,
    ).json()
    assert record["interviewers"] == [
        {"name": "Dana Reyes", "address": DANA_AT, "topic": ""},
        {"name": "Kim Park", "address": "kim@northwind.example", "topic": ""},
    ]
    assert record["domains"] == ["northwind.example", "nw-mail.example"]
    thanks = [a["to"] for a in run.plan(NOW) if a["kind"] == "thank_you"]
    assert sorted(thanks) == [[DANA_AT], ["kim@northwind.example"]]

    # Removal is case-insensitive; without a contact, the follow-up goes to the interviewers.
    record = run.ok(
        "track",
        "edit",
        str(northwind),
        "--remove",
        "NW-MAIL.example",
        "--remove",
        RITA_AT,
        "--json",
        "--now",
        NOW,
    ).json()
    assert record["domains"] == ["northwind.example"]
    assert record["contacts"] == []
    assert only(run.plan(NOW), "follow_up")["to"] == [DANA_AT, "kim@northwind.example"]


def test_edit_expect_moves_the_follow_up_and_none_clears_it(run: Runner) -> None:
    # Mon 30 Nov 10:00-11:00, no holiday in the next two weeks.
    interview = run.add(
        "track",
        "add",
        "--company",
        "Globex",
        "--role",
        "Analyst",
        "--at",
        "2026-11-30T10:00",
        "--contact",
        "Gil Bates <gil@globex.example>",
    )
    assert only(run.plan(NOW), "follow_up")["due"] == "2026-12-07T09:00:00-05:00"

    record = run.ok(
        "track", "edit", str(interview), "--expect", "1 week", "--json", "--now", NOW
    ).json()
    assert record["expect"] == "1 week"
    actions = run.plan(NOW)
    follow_up = only(actions, "follow_up")
    # News was due by Mon 7 Dec 11:00: follow up the next business morning.
    assert follow_up["due"] == "2026-12-08T09:00:00-05:00"
    assert "1 week" in follow_up["reason"]
    # Twice the window ends Mon 14 Dec 11:00: move on the next business morning.
    assert only(actions, "move_on")["due"] == "2026-12-15T09:00:00-05:00"

    record = run.ok(
        "track", "edit", str(interview), "--expect", "none", "--json", "--now", NOW
    ).json()
    assert record["expect"] is None
    assert only(run.plan(NOW), "follow_up")["due"] == "2026-12-07T09:00:00-05:00"


def test_edit_expect_a_date(run: Runner, northwind: int) -> None:
    run.ok("track", "edit", str(northwind), "--expect", "2026-12-04", "--now", NOW)
    follow_up = only(run.plan(NOW), "follow_up")
    assert follow_up["due"] == "2026-12-07T09:00:00-05:00"  # the business day after Fri 4 Dec
    assert "Fri 4 Dec" in follow_up["reason"]


def test_add_with_expect_and_panel_format(run: Runner) -> None:
    panel = run.add(
        "track",
        "add",
        "--company",
        "Initech",
        "--role",
        "Lead",
        "--at",
        "2026-11-24T14:00",
        "--format",
        "panel",
        "--contact",
        "Ida <ida@initech.example>",
    )
    # Panels wait 2 business days more: 7 business days after Tue 24 Nov is Fri 4 Dec.
    assert only(run.plan(NOW), "follow_up")["due"] == "2026-12-04T09:00:00-05:00"
    assert run.record(panel)["format"] == "panel"


def test_commit_is_due_in_the_morning_with_its_deadline(run: Runner, northwind: int) -> None:
    result = run.ok(
        "track",
        "commit",
        str(northwind),
        "--what",
        "send references",
        "--by",
        "2026-11-27",
        "--json",
        "--now",
        "2026-11-24T16:00",
    )
    assert result.json() == {
        "id": 1,
        "interview": northwind,
        "what": "send references",
        "due": "2026-11-27T17:00:00-05:00",
    }
    commitment = only(run.plan(NOW), "commitment")
    assert commitment["due"] == "2026-11-27T09:00:00-05:00"
    assert commitment["deadline"] == "2026-11-27T17:00:00-05:00"
    assert commitment["to"] == [RITA_AT]
    assert "send references" in commitment["reason"]

    text = run.ok(
        "track",
        "commit",
        str(northwind),
        "--what",
        "send the portfolio",
        "--by",
        "2026-11-30T12:00",
        "--now",
        "2026-11-24T16:00",
    )
    assert text.out == (
        "Commitment #2 of interview #1: send the portfolio, by Mon 30 Nov 12:00 EST.\n"
    )

    done = run.ok("track", "commit", str(northwind), "--done", "1", "--now", "2026-11-26T15:00")
    assert done.out == "Commitment #1 of interview #1 is done: send references.\n"
    commitments = [a for a in run.plan("2026-11-26T16:00") if a["kind"] == "commitment"]
    assert [(a["due"], a["deadline"]) for a in commitments] == [
        ("2026-11-30T09:00:00-05:00", "2026-11-30T12:00:00-05:00")
    ]
    assert run.record(northwind, "2026-11-26T16:00")["commitments"][0]["done_at"] == (
        "2026-11-26T15:00:00-05:00"
    )


@pytest.mark.parametrize(
    ("args", "code", "fragments"),
    [
        (["99", "--what", "send references", "--by", "2026-11-27"], 1, ["#99", "track list"]),
        (["1", "--done", "7"], 1, ["#7"]),
        (["1", "--what", "send references"], 2, ["--by", "--what"]),
        (["1", "--by", "2026-11-27"], 2, ["--what"]),
        (["1", "--done", "1", "--what", "x"], 2, ["--done", "--what"]),
        (["1", "--what", "x", "--by", "friday"], 2, ["--by", "'friday'", "2026-11-24"]),
        (["1", "--what", "   ", "--by", "2026-11-27"], 2, ["--what", "empty"]),
    ],
)
def test_commit_refused(
    run: Runner, northwind: int, args: list[str], code: int, fragments: list[str]
) -> None:
    before = run.snapshot()
    assert_refused(run("track", "commit", *args, "--now", NOW), code, *fragments)
    assert run.snapshot() == before


# --------------------------------------------------------------------------- 6b. what you tell

KIM = "Kim Park <kim@northwind.example>"
KIM_AT = "kim@northwind.example"
PANEL = (
    "track",
    "add",
    "--company",
    "Northwind",
    "--role",
    "Data Engineer",
    "--at",
    "2026-11-24T14:00",
    "--format",
    "panel",
    "--interviewer",
    DANA,
    "--interviewer",
    SAM,
    "--interviewer",
    KIM,
    "--contact",
    RITA,
    "--topic-for",
    DANA_AT,
    "the ingestion pipeline",
    "--topic-for",
    SAM_AT,
    "dbt models",
    "--topic-for",
    "Kim Park <KIM@northwind.example>",
    "on-call",
    "--topic",
    "the data platform",
    "--interest",
    "top",
    "--language",
    "fr",
)
"""A panel of three, each interviewer with the part they asked about, in one `track add`."""


def topics(record: dict[str, Any]) -> dict[str, str]:
    return {p["address"]: p["topic"] for p in record["interviewers"] + record["contacts"]}


def test_a_panel_of_three_with_a_topic_each_in_one_track_add(run: Runner) -> None:
    record = run.ok(*PANEL, "--json", "--now", BEFORE).json()
    assert topics(record) == {
        DANA_AT: "the ingestion pipeline",
        SAM_AT: "dbt models",
        KIM_AT: "on-call",
        RITA_AT: "",
    }
    assert record["topic"] == "the data platform"
    assert (record["interest"], record["language"], record["draft_language"]) == (
        "top",
        "fr",
        "fr",
    )
    shown = run.record(record["id"], BEFORE)
    assert {key: shown[key] for key in record} == record, "what add says is what is kept"
    listed = run.listing(now=BEFORE)[0]
    assert (topics(listed), listed["interest"], listed["draft_language"]) == (
        topics(record),
        "top",
        "fr",
    )
    run.env["COLUMNS"] = "200"  # each fact on one line
    out = run.ok("track", "show", str(record["id"]), "--now", BEFORE).out
    assert (
        f"interviewers: {DANA} (topic: the ingestion pipeline), {SAM} (topic: dbt models), "
        f"{KIM} (topic: on-call)\n" in out
    )
    assert f"contacts:     {RITA}\n" in out
    assert "interest:     top\n" in out
    assert "language:     fr\n" in out


def test_without_them_an_interview_follows_the_config_and_says_so(
    run: Runner, northwind: int
) -> None:
    record = run.record(northwind, BEFORE)
    assert (record["interest"], record["language"], record["draft_language"]) == (
        "normal",
        None,
        "en",
    )
    assert set(topics(record).values()) == {""}
    out = run.ok("track", "show", str(northwind), "--now", BEFORE).out
    assert "interest:     normal\n" in out
    assert "language:     en (the config's [user] language)\n" in out
    run.config.write_text(CONFIG.replace("[policy]", 'language = "de"\n\n[policy]'))
    assert run.record(northwind, BEFORE)["draft_language"] == "de"
    assert (
        "language:     de (the config's [user] language)\n"
        in run.ok("track", "show", str(northwind), "--now", BEFORE).out
    )


def test_edit_tells_interest_language_and_topics_and_default_clears_the_language(
    run: Runner, northwind: int
) -> None:
    def edit(*args: str) -> dict[str, Any]:
        record: dict[str, Any] = run.ok(
            "track", "edit", str(northwind), *args, "--json", "--now", NOW
        ).json()
        shown = run.record(northwind)
        assert {key: shown[key] for key in record} == record, "what edit says is what is kept"
        return record

    record = edit("--interest", "high", "--language", "es", "--topic-for", SAM_AT, "Airflow")
    assert (record["interest"], record["language"], record["draft_language"]) == (
        "high",
        "es",
        "es",
    )
    assert topics(record)[SAM_AT] == "Airflow"
    # A person added in the same edit can be given a topic; the others keep theirs.
    record = edit("--interviewer", KIM, "--topic-for", KIM_AT, "on-call")
    assert topics(record) == {DANA_AT: "", SAM_AT: "Airflow", KIM_AT: "on-call", RITA_AT: ""}
    # Naming a person again (a new name) keeps their topic; an empty TOPIC clears one.
    record = edit("--interviewer", "Samuel Lee <sam@northwind.example>", "--topic-for", KIM_AT, "")
    assert topics(record) == {DANA_AT: "", SAM_AT: "Airflow", KIM_AT: "", RITA_AT: ""}
    assert record["interviewers"][1]["name"] == "Samuel Lee"
    record = edit("--language", "default")
    assert (record["language"], record["draft_language"]) == (None, "en")
    assert record["interest"] == "high"
    stored = run.record(northwind)
    assert (stored["interest"], stored["language"], topics(stored)) == (
        "high",
        None,
        topics(record),
    )


def test_export_has_interest_language_and_topics(run: Runner) -> None:
    panel = run.add(*PANEL)
    northwind = run.add(*NORTHWIND)
    rows = list(csv.DictReader(io.StringIO(run.ok("track", "export", "--now", NOW).out)))
    header = list(rows[0])
    assert header[22:25] == ["interest", "draft_language", "topics"]
    by_id = {int(row["id"]): row for row in rows}
    assert (by_id[panel]["interest"], by_id[panel]["draft_language"]) == ("top", "fr")
    assert by_id[panel]["topics"] == (
        f"{DANA_AT}: the ingestion pipeline; {SAM_AT}: dbt models; {KIM_AT}: on-call"
    )
    assert (by_id[northwind]["interest"], by_id[northwind]["draft_language"]) == ("normal", "en")
    assert by_id[northwind]["topics"] == ""
    exported = run.ok("track", "export", "--format", "json", "--now", NOW).json()
    assert [topics(r) for r in exported] == [topics(run.record(r["id"])) for r in exported]


@pytest.mark.parametrize(
    ("command", "fragments"),
    [
        (
            [*NORTHWIND, "--topic-for", "zed@elsewhere.example", "pipelines"],
            ["--topic-for zed@elsewhere.example", DANA_AT, SAM_AT, RITA_AT, "--interviewer"],
        ),
        (
            ["track", "edit", "1", "--topic-for", "kim@northwind.example", "on-call"],
            ["--topic-for kim@northwind.example", "interview #1", DANA_AT, "--interviewer"],
        ),
        (
            ["track", "edit", "1", "--remove", SAM_AT, "--topic-for", SAM_AT, "dbt"],
            ["--topic-for sam@northwind.example", "no such person"],
        ),
        (["track", "edit", "1", "--topic-for", "Dana", "x"], ["--topic-for", "'Dana'"]),
        (["track", "edit", "1", "--topic-for", DANA_AT], ["--topic-for", "2 arguments"]),
        (["track", "edit", "1", "--interest", "huge"], ["--interest", "'huge'", "top"]),
        (["track", "edit", "1", "--language", "it"], ["--language", "'it'", "fr", "default"]),
        ([*NORTHWIND, "--language", ""], ["--language", "''", "default"]),
    ],
)
def test_what_you_tell_is_refused_when_wrong_and_changes_nothing(
    run: Runner, northwind: int, command: list[str], fragments: list[str]
) -> None:
    before = run.snapshot()
    result = run(*command, "--now", NOW)
    assert_refused(result, 2, *fragments)
    assert run.snapshot() == before


# --------------------------------------------------------------------------- 7. reflect


REFLECTION_KEYS = ("felt", "went_well", "hard", "learned", "takeaways")


def test_reflect_json_from_stdin(run: Runner, northwind: int) -> None:
    answers = {"felt": "calm", "takeaways": "practice window functions"}
    result = run.ok(
        "track",
        "reflect",
        str(northwind),
        "--json",
        "--now",
        "2026-11-24T16:00",
        stdin=io.StringIO(json.dumps(answers)),
    )
    assert result.out == "Saved your reflection on interview #1.\n"
    assert run.record(northwind)["reflection"] == {
        "at": "2026-11-24T16:00:00-05:00",
        "felt": "calm",
        "went_well": "",
        "hard": "",
        "learned": "",
        "takeaways": "practice window functions",
    }
    # A second pass keeps the answers it does not give.
    run.ok(
        "track",
        "reflect",
        str(northwind),
        "--json",
        "--now",
        "2026-11-24T18:00",
        stdin=io.StringIO('{"hard": "  the SQL question  "}'),
    )
    reflection = run.record(northwind)["reflection"]
    assert reflection["felt"] == "calm"
    assert reflection["hard"] == "the SQL question"
    assert reflection["at"] == "2026-11-24T18:00:00-05:00"
    out = run.ok("track", "show", str(northwind), "--now", NOW).out
    assert "Reflection (Tue 24 Nov 2026 18:00 EST):" in out
    assert "How did you feel during the interview?\n    calm" in out


def test_reflect_interactive(run: Runner, northwind: int) -> None:
    lines = "calm\nsystem design\n\nthe team is remote-first\nsend references\n"
    result = run.ok(
        "track", "reflect", str(northwind), "--now", "2026-11-24T16:00", stdin=TTY(lines)
    )
    assert "How did you feel during the interview?" in result.out
    assert "Key takeaways" in result.out
    assert result.out.endswith("Saved your reflection on interview #1.\n")
    expected = {
        "felt": "calm",
        "went_well": "system design",
        "hard": "",
        "learned": "the team is remote-first",
        "takeaways": "send references",
    }
    reflection = run.record(northwind)["reflection"]
    assert {k: reflection[k] for k in REFLECTION_KEYS} == expected
    # Enter keeps the current answer, which the prompt shows.
    again = run.ok(
        "track", "reflect", str(northwind), "--now", "2026-11-24T17:00", stdin=TTY("\n" * 5)
    )
    assert "How did you feel during the interview? [calm]:" in again.out
    reflection = run.record(northwind)["reflection"]
    assert {k: reflection[k] for k in REFLECTION_KEYS} == expected


@pytest.mark.parametrize(
    ("stdin", "fragments"),
    [
        ('{"feelings": "good"}', ["--json", "'feelings'", "felt, went_well"]),
        ("not json", ["--json", "not valid JSON"]),
        ('["calm"]', ["--json", "JSON object"]),
        ('{"felt": 3}', ["--json", "'felt'", "string"]),
    ],
)
def test_reflect_json_refused(
    run: Runner, northwind: int, stdin: str, fragments: list[str]
) -> None:
    before = run.snapshot()
    result = run(
        "track", "reflect", str(northwind), "--json", "--now", NOW, stdin=io.StringIO(stdin)
    )
    assert_refused(result, 2, *fragments)
    assert run.snapshot() == before


def test_reflect_without_a_terminal_asks_for_json(run: Runner, northwind: int) -> None:
    before = run.snapshot()
    result = run("track", "reflect", str(northwind), "--now", NOW, stdin=io.StringIO("calm\n"))
    assert_refused(result, 2, "--json", "terminal")
    assert run.snapshot() == before


def test_reflect_interactive_end_of_input_names_the_reflect_fix(
    run: Runner, northwind: int
) -> None:
    before = run.snapshot()
    result = run("track", "reflect", str(northwind), "--now", NOW, stdin=TTY("calm\n"))
    assert result.code == 2
    assert "--json" in result.err
    assert "init" not in result.err
    assert run.snapshot() == before


# --------------------------------------------------------------------------- 8. export


def _two_interviews(run: Runner) -> tuple[int, int]:
    northwind = run.add(*NORTHWIND)
    acme = run.add(*ACME)
    run.ok(
        "track",
        "commit",
        str(northwind),
        "--what",
        "send references",
        "--by",
        "2026-11-27",
        "--now",
        "2026-11-24T16:00",
    )
    run.ok(
        "track",
        "reflect",
        str(northwind),
        "--json",
        "--now",
        "2026-11-24T16:00",
        stdin=io.StringIO('{"felt": "calm, on the whole"}'),
    )
    run.ok("track", "close", str(acme), "--outcome", "withdrawn", "--now", NOW)
    return northwind, acme


def test_export_csv(run: Runner) -> None:
    northwind, acme = _two_interviews(run)
    out = run.ok("track", "export", "--format", "csv", "--now", NOW).out
    rows = list(csv.reader(io.StringIO(out)))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["id", "company", "role", "interview_at", "format", "status"]
    assert {"interviewers", "contacts", "next_action", "next_due", "commitments"} <= set(header)
    assert len(body) == 2, "one row per interview, closed ones included"
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    row = by_id[str(northwind)]
    assert row["company"] == "Northwind"
    assert row["interview_at"] == "2026-11-24 14:00"
    assert row["status"] == "awaiting_reply"
    assert row["interviewers"] == f"{DANA}; {SAM}"
    assert row["contacts"] == RITA
    assert row["topic"] == "the ingestion pipeline"
    assert row["next_action"] == "thank_you"
    assert row["next_due"] == "2026-11-24 15:00"
    assert row["commitments"] == "send references (by 2026-11-27)"
    assert row["felt"] == "calm, on the whole"
    other = by_id[str(acme)]
    assert other["status"] == "closed"
    assert other["outcome"] == "withdrawn"
    assert other["interviewers"] == "Pat Doe <pat@acme.example>"


def test_export_json_is_the_whole_record(run: Runner) -> None:
    northwind, acme = _two_interviews(run)
    records = run.ok("track", "export", "--format", "json", "--now", NOW).json()
    assert sorted(r["id"] for r in records) == [northwind, acme]
    for record in records:
        assert {"events", "commitments", "actions", "reflection"} <= set(record)
        assert record == run.record(record["id"], NOW)


def test_export_to_a_file(run: Runner, tmp_path: Path) -> None:
    _two_interviews(run)
    target = tmp_path / "search.csv"
    result = run("track", "export", "--format", "csv", "--output", str(target), "--now", NOW)
    assert result.code == 0
    assert result.out == ""
    assert result.err == f"Exported 2 interviews to {target}.\n"
    stdout = run.ok("track", "export", "--format", "csv", "--now", NOW).out
    assert target.read_text(encoding="utf-8") == stdout


def test_export_to_a_missing_directory(run: Runner, northwind: int, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.json"
    result = run("track", "export", "--format", "json", "--output", str(target), "--now", NOW)
    assert_refused(result, 2, "--output", str(target))
    assert not target.exists()


# --------------------------------------------------------------------------- 9. draft preview


def test_draft_preview_thank_you_for_one_interviewer(run: Runner, northwind: int) -> None:
    out = run.ok(
        "draft", "preview", str(northwind), "--kind", "thank_you", "--to", DANA_AT, "--now", NOW
    ).out
    lines = out.splitlines()
    assert lines[0] == f"To: {DANA}"
    assert lines[1] == "Subject: Thank you for the Data Engineer interview"
    assert "Dear Dana," in lines
    assert "the ingestion pipeline" in out
    assert "Northwind" in out
    assert "Tuesday, November 24" in out
    assert out.rstrip("\n").endswith(SIGNATURE)
    assert "Sam" not in out
    assert "${" not in out


def test_draft_preview_thank_you_for_each_interviewer(run: Runner, northwind: int) -> None:
    out = run.ok("draft", "preview", str(northwind), "--kind", "thank_you", "--now", NOW).out
    assert out.count("To: ") == 2
    assert f"To: {DANA}" in out
    assert f"To: {SAM}" in out
    assert "Dear Sam," in out
    assert "-" * 72 in out


def test_draft_preview_follow_up(run: Runner, northwind: int) -> None:
    out = run.ok(
        "draft", "preview", str(northwind), "--kind", "follow_up", "--now", "2026-12-02T10:00"
    ).out
    lines = out.splitlines()
    assert lines[0] == f"To: {RITA}"
    assert lines[1] == "Subject: Following up on the Data Engineer interview"
    assert "Dear Rita," in lines
    # Rita is the recruiter: the conversation about the pipeline was Dana's, not hers.
    assert "the ingestion pipeline" not in out
    assert "I enjoyed meeting Dana Reyes and Sam Lee on Tuesday, November 24." in out
    assert out.rstrip("\n").endswith(SIGNATURE)


def test_draft_preview_graceful_close_after_a_rejection(run: Runner, northwind: int) -> None:
    run.ok(
        "track",
        "heard",
        str(northwind),
        "--kind",
        "rejection",
        "--from",
        RITA,
        "--at",
        "2026-11-30T10:00",
        "--now",
        "2026-11-30T10:00",
    )
    out = run.ok(
        "draft", "preview", str(northwind), "--kind", "graceful_close", "--now", "2026-11-30T11:00"
    ).out
    assert out.splitlines()[0] == f"To: {RITA}"
    assert "Dear Rita," in out
    assert "keep me in mind" in out


def test_draft_preview_of_move_on_is_refused_by_the_parser(run: Runner, northwind: int) -> None:
    result = run("draft", "preview", str(northwind), "--kind", "move_on", "--now", NOW)
    assert_refused(result, 2, "--kind", "'move_on'", "thank_you", "draft preview --help")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--kind", "graceful_close"], ["graceful_close", "awaiting reply", "track show 1"]),
        (["--kind", "thank_you", "--to", RITA_AT], ["thank_you", RITA_AT, "awaiting reply"]),
        (["--kind", "expedite"], ["expedite", "status: awaiting reply"]),
    ],
)
def test_draft_preview_of_an_action_not_planned(
    run: Runner, northwind: int, args: list[str], fragments: list[str]
) -> None:
    assert_refused(run("draft", "preview", "1", *args, "--now", NOW), 1, *fragments)


def test_draft_preview_after_close_names_the_status(run: Runner, northwind: int) -> None:
    run.ok("track", "close", str(northwind), "--outcome", "accepted", "--now", NOW)
    result = run("draft", "preview", "1", "--kind", "follow_up", "--now", "2026-12-02T10:00")
    assert_refused(result, 1, "follow_up", "status: closed", "planned --kind: nothing")


# --------------------------------------------------------------------------- 10. init and config


def test_init_writes_a_starter_config_that_config_check_accepts(
    run: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "fresh" / "config.toml"
    result = run.raw(
        "--config",
        str(path),
        "init",
        "--non-interactive",
        "--name",
        "Camille Martin",
        "--timezone",
        "Europe/Paris",
        "--holidays",
        "FR",
    )
    assert result.code == 0, result
    assert f"Wrote a starter configuration to {path}." in result.out
    assert path.read_text(encoding="utf-8") == starter_config(
        "Camille Martin", None, "Europe/Paris", "FR", desktop=False
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    check = run.raw("--config", str(path), "config", "check")
    assert check.code == 0, check
    assert f"{path}: valid (no mail account;" in check.out
    # The default store is in the (test's) XDG data directory.
    assert str(tmp_path / "xdg-data" / "watcher" / "watcher.db") in check.out


def test_a_second_init_writes_nothing_without_force(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "config.toml"
    first = ("--config", str(path), "init", "--non-interactive", "--name", "Camille")
    assert run.raw(*first, "--timezone", "Europe/Paris", "--holidays", "FR").code == 0
    original = path.read_bytes()
    second = run.raw(*first, "--timezone", "America/New_York", "--holidays", "US")
    assert second.code == 0
    assert "already exists" in second.out
    assert "--force" in second.out
    assert path.read_bytes() == original
    forced = run.raw(*first, "--timezone", "America/New_York", "--holidays", "US", "--force")
    assert forced.code == 0
    assert path.read_text(encoding="utf-8") == starter_config(
        "Camille", None, "America/New_York", "US", desktop=False
    )


def test_init_without_config_writes_to_the_xdg_config_dir(run: Runner, tmp_path: Path) -> None:
    result = run.raw(
        "init", "--non-interactive", "--name", "Tess Tester", "--timezone", "UTC", "--holidays", ""
    )
    assert result.code == 0, result
    path = tmp_path / "xdg-config" / "watcher" / "config.toml"
    assert path.read_text(encoding="utf-8") == starter_config(
        "Tess Tester", None, "UTC", "", desktop=False
    )
    assert run.raw("config", "check").code == 0


def test_watcher_config_variable_names_the_config(run: Runner) -> None:
    run.env["WATCHER_CONFIG"] = str(run.config)
    result = run.raw("plan", "--now", NOW, "--json")
    assert result.code == 0, result
    assert json.loads(result.out) == []
    assert run.store.exists()


def test_init_interactive(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "asked" / "config.toml"
    answers = TTY("Camille Martin\ncamille@example.org\nEurope/Paris\nFR\n")
    result = run.raw("--config", str(path), "init", stdin=answers)
    assert result.code == 0, result
    assert "Your name" in result.out
    assert "Your time zone" in result.out
    assert path.read_text(encoding="utf-8") == starter_config(
        "Camille Martin", "camille@example.org", "Europe/Paris", "FR", desktop=False
    )


@pytest.mark.parametrize(
    ("flags", "stdin", "fragments"),
    [
        (["--non-interactive"], None, ["--name is required", '--name "Your Name"']),
        ([], io.StringIO(""), ["--name is required", '--name "Your Name"']),  # no terminal
        (["--non-interactive", "--name", "Me"], None, ["--name 'Me' is a placeholder"]),
        (["--name", "[Your Name]"], io.StringIO(""), ["'[Your Name]' is a placeholder"]),
        (["--non-interactive", "--name", " todo "], None, ["'todo' is a placeholder"]),
    ],
)
def test_init_without_a_real_name_is_refused_and_writes_nothing(
    run: Runner, tmp_path: Path, flags: list[str], stdin: io.StringIO | None, fragments: list[str]
) -> None:
    path = tmp_path / "fresh" / "config.toml"
    assert run.env["USER"] == "tester"  # the login name is no signature either
    result = run.raw("--config", str(path), "init", *flags, stdin=stdin)
    assert_refused(result, 2, *fragments, '--name "Your Name"', "nothing was written")
    assert not path.parent.exists()


def test_init_interactive_asks_again_until_the_name_is_real(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "asked" / "config.toml"
    answers = TTY("\nMe\n  Your Name \nCamille Martin\n\nEurope/Paris\nFR\n")
    result = run.raw("--config", str(path), "init", "--name", "Me", stdin=answers)
    assert result.code == 0, result
    assert result.out.count("Your name (signs the drafts): ") == 4  # "Me" is not offered
    assert "A name is needed" in result.out
    assert "'Me' is a placeholder" in result.out
    assert "'Your Name' is a placeholder" in result.out
    assert path.read_text(encoding="utf-8") == starter_config(
        "Camille Martin", None, "Europe/Paris", "FR", desktop=False
    )
    assert "warning" not in run.raw("--config", str(path), "config", "check").out


def test_init_interactive_without_a_name_before_the_end_of_input_names_the_fix(
    run: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "asked" / "config.toml"
    result = run.raw("--config", str(path), "init", stdin=TTY("Me\n"))
    assert result.code == 2, result
    assert "standard input ended" in result.err
    assert 'watcher init --non-interactive --name "Your Name"' in result.err
    assert not path.exists()


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (["--timezone", "Mars/Olympus"], "Mars/Olympus"),
        (["--timezone", "Europe/Paris", "--holidays", "XX"], "XX"),
    ],
)
def test_init_with_a_bad_value_writes_nothing(
    run: Runner, tmp_path: Path, flags: list[str], fragment: str
) -> None:
    path = tmp_path / "fresh" / "config.toml"
    result = run.raw("--config", str(path), "init", "--non-interactive", "--name", "Ann", *flags)
    assert_refused(result, 2, fragment)
    assert not path.exists()
    assert not path.parent.exists()


def test_init_with_a_bad_timezone_names_the_flag(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "config.toml"
    result = run.raw(
        "--config", str(path), "init", "--non-interactive", "--name", "Ann", "--timezone", "Mars/X"
    )
    assert_refused(result, 2, "--timezone", "Mars/X")


def test_config_check_of_the_test_config(run: Runner) -> None:
    result = run.ok("config", "check")
    assert result.out == (f"{run.config}: valid (no mail account; state in {run.store}).\n")


@pytest.mark.parametrize(
    ("user", "fragments"),
    [
        ("", ["[user] name is missing", 'name = "Your Name" under [user] in']),
        ('name = "Me"', ["[user] name is 'Me', a placeholder", 'name = "Your Name"']),
        ('name = "  "', ["[user] name is missing"]),
        (
            'name = "Alex Example"\nsignature = "[Your Name]"',
            ["[user] signature is '[Your Name]', a placeholder", "or remove it"],
        ),
    ],
)
def test_config_check_warns_that_no_draft_is_made_without_a_real_name(
    run: Runner, user: str, fragments: list[str]
) -> None:
    run.config.write_text(CONFIG.replace(CONFIG.split("[policy]")[0], f"[user]\n{user}\n\n"))
    result = run.ok("config", "check")
    lines = result.out.splitlines()
    assert lines[0] == f"{run.config}: valid (no mail account; state in {run.store})."
    [warning] = lines[1:]
    assert warning.startswith("warning: ")
    assert "drafts are not made until" in warning
    assert str(run.config) in warning
    for fragment in fragments:
        assert fragment in warning, (fragment, warning)
    # Everything else works: the interviews are tracked and the plan is made.
    assert run.add(*NORTHWIND) == 1
    assert kinds(run.plan(NOW)) == ["follow_up", "move_on", "thank_you", "thank_you"]


def test_doctor_warns_that_no_draft_is_made_without_a_name(run: Runner) -> None:
    run.config.write_text(
        CONFIG.replace(CONFIG.split("[policy]")[0], "") + "\n[notify]\ndesktop = false\n"
    )
    run.env["COLUMNS"] = "1000"  # each finding on one line
    result = run.ok("doctor")
    assert result.out.splitlines()[:2] == [
        f"ok      configuration: {run.config}",
        "warning [user] name is missing: drafts are not made until it is your real name; write "
        f'name = "Your Name" under [user] in {run.config}',
    ]


@pytest.mark.parametrize(
    ("value", "expected"), [('"fr"', "fr"), ('" DE "', "de"), ('"es"', "es"), (None, "en")]
)
def test_the_config_language_is_the_drafts_language_of_interviews_without_one(
    run: Runner, value: str | None, expected: str
) -> None:
    if value is not None:
        run.config.write_text(CONFIG.replace("[policy]", f"language = {value}\n\n[policy]"))
    interview = run.add(*NORTHWIND)
    record = run.record(interview)
    assert (record["language"], record["draft_language"]) == (None, expected)


@pytest.mark.parametrize("value", ['"it"', '"english"', '""', "1"])
def test_a_config_language_not_among_the_drafts_languages_is_a_config_problem(
    run: Runner, value: str
) -> None:
    run.config.write_text(CONFIG.replace("[policy]", f"language = {value}\n\n[policy]"))
    result = run("config", "check")
    assert_refused(result, 2, "user.language: expected one of", '"en", "fr", "de", "es"')
    assert "Traceback" not in result.err


BAD_CONFIG = """\
[policy]
timezone = "America/New_York"
folow_up_after = "5 days"

[store]
path = "state/watcher.db"

[[accounts]]
name = "personal"
host = "imap.example.com"
username = "alex@example.com"
addresses = ["alex@example.com"]
port = "x"
"""


@pytest.mark.parametrize("command", [["plan", "--now", NOW], ["config", "check"], list(NORTHWIND)])
def test_a_bad_config_lists_every_problem(run: Runner, command: list[str]) -> None:
    run.config.write_text(BAD_CONFIG, encoding="utf-8")
    result = run(*command)
    assert_refused(
        result,
        2,
        str(run.config),
        "2 problems",
        "policy.folow_up_after",
        'did you mean "follow_up_after"',
        "accounts[0].port",
        '"x"',
        "config.example.toml",
    )
    assert not run.store.exists(), "nothing runs before the config is valid"


def test_a_missing_config_names_watcher_init(run: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "config.toml"
    result = run.raw("--config", str(missing), "plan", "--now", NOW)
    assert_refused(result, 2, str(missing), "watcher init")
    assert not missing.exists()


def test_a_garbage_store_is_named_and_left_alone(run: Runner) -> None:
    run.store.parent.mkdir(parents=True)
    garbage = b"these are not the bytes of an SQLite database\n" * 100
    run.store.write_bytes(garbage)
    for command in (
        ("track", "list", "--now", NOW),
        (*NORTHWIND, "--now", NOW),
        ("plan", "--now", NOW),
    ):
        result = run(*command)
        assert_refused(result, 1, str(run.store), "not a watcher database", "[store] path")
    assert run.store.read_bytes() == garbage


# --------------------------------------------------------------------------- 11. bad input


@pytest.mark.parametrize(
    ("replace", "fragments"),
    [
        (("--at", "tomorrow"), ["--at", "'tomorrow'", "2026-11-24T14:00"]),
        (("--at", "2026-11-24"), ["--at", "'2026-11-24'", "2026-11-24T14:00", "time"]),
        (("--at", "2026-11-24T25:00"), ["--at", "'2026-11-24T25:00'"]),
        (("--interviewer", "Dana"), ["--interviewer", "'Dana'", '"Name <address>"']),
        (("--interviewer", "Dana <dana>"), ["--interviewer", "'Dana <dana>'"]),
        (("--contact", "Rita"), ["--contact", "'Rita'", '"Name <address>"']),
        (
            ("--interviewer", "Dana\r\nBcc: x@evil.test <dana@corp.example>"),
            ["--interviewer", "control character"],
        ),
        (
            ("--interviewer", "sam@y.example <dana@x.example>"),
            ["--interviewer", "'sam@y.example' before the angle brackets is an address"],
        ),
        (
            ("--contact", "Rita <r@x.example>, Sam <s@y.example>"),
            ["--contact", "several addresses: give one person per flag"],
        ),
        (("--contact", "Reyes, Rita <r@x.example>"), ["--contact", "quote a name with a comma"]),
        (
            ("--interviewer", '"Dana" evil@x.example <dana@n.example>'),
            ["--interviewer", "quote the whole name, and only the name"],
        ),
        (("--domain", "not a domain"), ["--domain", "'not a domain'", "northwind.example"]),
        (("--domain", "localhost"), ["--domain", "'localhost'", "northwind.example"]),
        (("--expect", "soon"), ["--expect", "'soon'", "2 weeks", "2026-12-04"]),
        (("--expect", "1.5 weeks"), ["--expect", "'1.5 weeks'"]),
        (("--format", "zoom"), ["--format", "'zoom'", "panel", "track add --help"]),
        (("--company", "  "), ["--company", "empty"]),
        (("--role", ""), ["--role", "empty"]),
        (("--now", "garbage"), ["--now", "'garbage'", "2026-11-24T14:00"]),
    ],
)
def test_track_add_refuses_bad_input(
    run: Runner, northwind: int, replace: tuple[str, str], fragments: list[str]
) -> None:
    flag, value = replace
    args = list(NORTHWIND)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    before = run.snapshot()
    result = run(*args)
    assert_refused(result, 2, *fragments)
    assert run.snapshot() == before


def test_track_add_without_a_required_flag(run: Runner) -> None:
    result = run("track", "add", "--company", "Northwind", "--at", "2026-11-24T14:00")
    assert_refused(result, 2, "--role", "track add --help")
    assert not run.store.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["track", "show", "99"],
        ["track", "show", "99", "--json"],
        ["track", "edit", "99", "--role", "Staff Engineer"],
        ["track", "close", "99", "--outcome", "accepted"],
        ["track", "reopen", "99"],
        ["track", "remove", "99", "--yes"],
        ["track", "heard", "99", "--kind", "update"],
        ["track", "sent", "99", "--kind", "thank_you"],
        ["track", "commit", "99", "--what", "send references", "--by", "2026-11-27"],
        ["track", "reflect", "99", "--json"],
        ["draft", "preview", "99", "--kind", "thank_you"],
    ],
)
def test_an_unknown_interview_id(run: Runner, northwind: int, command: list[str]) -> None:
    now = ["--now", NOW] if command[1] != "remove" else []
    before = run.snapshot()
    result = run(*command, *now, stdin=io.StringIO('{"felt": "calm"}'))
    assert_refused(result, 1, "no interview #99", "watcher track list --all")
    assert run.snapshot() == before


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        ([], ["nothing to change", "track edit --help"]),
        (
            ["--remove", "nobody@northwind.example"],
            ["--remove", "nobody@northwind.example", DANA_AT],
        ),
        (["--at", "tomorrow"], ["--at", "'tomorrow'"]),
        (["--at", "2026-11-24"], ["--at", "'2026-11-24'"]),
        (["--interviewer", "Dana"], ["--interviewer", "'Dana'"]),
        (["--domain", "not a domain"], ["--domain", "'not a domain'"]),
        (["--expect", "soon"], ["--expect", "'soon'"]),
        (["--format", "zoom"], ["--format", "'zoom'"]),
        (["--company", " "], ["--company", "empty"]),
        # A valid change together with a bad one changes nothing either.
        (["--role", "Staff Engineer", "--expect", "soon"], ["--expect", "'soon'"]),
        (["--interviewer", "Kim <kim@northwind.example>", "--remove", "x@y.example"], ["--remove"]),
    ],
)
def test_track_edit_refuses_bad_input(
    run: Runner, northwind: int, args: list[str], fragments: list[str]
) -> None:
    before = run.snapshot()
    result = run("track", "edit", str(northwind), *args, "--now", NOW)
    assert_refused(result, 2, *fragments)
    assert run.snapshot() == before


@pytest.mark.parametrize(
    ("command", "fragments"),
    [
        (["heard", "1", "--kind", "update", "--at", "yesterday"], ["--at", "'yesterday'"]),
        (["heard", "1", "--kind", "update", "--from", "Rita"], ["--from", "'Rita'"]),
        (["heard", "1", "--kind", "update", "--until", "2026-13-01"], ["--until", "2026-12-04"]),
        (["heard", "1", "--kind", "maybe"], ["--kind", "'maybe'", "next_step"]),
        (["sent", "1", "--kind", "thank_you", "--to", "Dana"], ["--to", "'Dana'"]),
        (["sent", "1", "--kind", "thank_you", "--at", "2026-11-24"], ["--at", "'2026-11-24'"]),
        (["sent", "1", "--kind", "move_on"], ["--kind", "'move_on'", "track sent --help"]),
        (["close", "1", "--outcome", "hired"], ["--outcome", "'hired'", "ghosted"]),
        (["close", "1", "--outcome", "accepted", "--at", "noon"], ["--at", "'noon'"]),
        (["close", "1"], ["--outcome", "track close --help"]),
    ],
)
def test_heard_sent_and_close_refuse_bad_input(
    run: Runner, northwind: int, command: list[str], fragments: list[str]
) -> None:
    before = run.snapshot()
    result = run("track", *command, "--now", NOW)
    assert_refused(result, 2, *fragments)
    assert run.snapshot() == before


def test_remove_needs_yes(run: Runner, northwind: int) -> None:
    before = run.snapshot()
    result = run("track", "remove", str(northwind))
    assert_refused(result, 2, "--yes", "#1", "track close")
    assert run.snapshot() == before
    removed = run.ok("track", "remove", str(northwind), "--yes")
    assert removed.out == "Removed interview #1 (Northwind).\n"
    assert run.listing("--all") == []
    assert run.plan() == []


@pytest.mark.parametrize(
    "command",
    [
        ["plan"],
        ["plan", "--json"],
        ["track", "list"],
        ["track", "show", "1"],
        ["track", "export"],
        ["draft", "preview", "1", "--kind", "thank_you"],
        ["track", "heard", "1", "--kind", "update"],
        ["track", "sent", "1", "--kind", "thank_you"],
        ["track", "close", "1", "--outcome", "accepted"],
        ["track", "commit", "1", "--what", "send references", "--by", "2026-11-27"],
    ],
)
@pytest.mark.parametrize("now", ["garbage", "2026-11-25", "25/11/2026 09:00"])
def test_a_bad_now(run: Runner, northwind: int, command: list[str], now: str) -> None:
    before = run.snapshot()
    result = run(*command, "--now", now)
    assert_refused(result, 2, "--now", repr(now), "T14:00")
    assert run.snapshot() == before


@pytest.mark.parametrize(
    ("command", "flag"),
    [
        (["track", "add", *NORTHWIND[2:], "--expect", "9999-12-31"], "--expect"),
        (["track", "edit", "1", "--expect", "9999-12-31"], "--expect"),
        (["track", "heard", "1", "--kind", "update", "--until", "9999-12-31"], "--until"),
    ],
)
def test_a_date_out_of_range_is_refused(
    run: Runner, northwind: int, command: list[str], flag: str
) -> None:
    before = run.snapshot()
    result = run(*command, "--now", NOW)
    assert_refused(result, 2, flag)
    assert run.snapshot() == before
    assert len(run.plan(NOW)) == 4


@pytest.mark.parametrize(
    ("expect", "fragment"),
    [("99999 months", "longer than ten years"), ("0 days", "no time at all")],
)
def test_an_impossible_expectation_is_refused_and_writes_nothing(
    run: Runner, expect: str, fragment: str
) -> None:
    run.snapshot()  # creates the (empty) store, so the next snapshot compares like with like
    before = run.snapshot()
    result = run("track", "add", *NORTHWIND[2:], "--expect", expect, "--now", NOW)
    assert_refused(result, 2, "--expect", fragment)
    assert run.snapshot() == before
    assert run.plan(NOW) == []


@pytest.mark.parametrize("ident", ["99999999999999999999", "0", "-3"])
def test_an_id_out_of_range_is_a_usage_error(run: Runner, northwind: int, ident: str) -> None:
    result = run("track", "show", ident, "--now", NOW)
    assert result.code == 2, result
    assert "is not an id" in result.err


def test_init_where_nothing_can_be_written_names_the_path(run: Runner, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    target = blocked / "config.toml"
    result = run.raw("--config", str(target), "init", "--non-interactive", "--name", "Ann")
    assert_refused(result, 2, str(target), "--config")
    assert blocked.read_text(encoding="utf-8") == "not a directory"


def test_an_interview_at_the_end_of_time_is_refused(run: Runner) -> None:
    result = run(*NORTHWIND[:6], "--at", "9999-12-31T23:30", "--now", NOW)
    assert_refused(result, 2, "--at")
    assert run.plan(NOW) == []


def test_the_same_interviewer_twice_is_one_interviewer(run: Runner) -> None:
    result = run(
        *NORTHWIND[:8],
        "--interviewer",
        DANA,
        "--interviewer",
        "DANA@northwind.example",
        "--now",
        BEFORE,
    )
    if result.code == 0:
        actions = run.plan(NOW)
        assert [a["to"] for a in actions if a["kind"] == "thank_you"] == [[DANA_AT]]
        assert only(actions, "follow_up")["to"] == [DANA_AT]
        keys = [a["key"] for a in actions]
        assert len(keys) == len(set(keys))
    else:
        assert_refused(result, 2, "--interviewer")
        assert run.plan(NOW) == []


def test_an_expected_date_before_the_interview(run: Runner) -> None:
    result = run(*NORTHWIND, "--expect", "2026-11-20", "--now", BEFORE)
    if result.code == 0:
        follow_up = only(run.plan(NOW), "follow_up")
        assert follow_up["due"] >= "2026-11-24T15:00:00-05:00"
    else:
        assert_refused(result, 2, "--expect", "2026-11-20")
        assert run.plan(NOW) == []


def test_usage_errors_go_to_the_given_stderr(
    run: Runner, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    err = io.StringIO()
    code = cli.main(
        ["--config", str(run.config), *NORTHWIND, "--format", "zoom"],
        env=run.env,
        stdin=io.StringIO(""),
        stdout=io.StringIO(),
        stderr=err,
    )
    leaked = capsys.readouterr()
    assert code == 2
    assert leaked.err == ""
    assert "--format" in err.getvalue()


def test_help_goes_to_the_given_stdout(run: Runner, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    out = io.StringIO()
    code = cli.main(
        ["track", "add", "--help"],
        env=run.env,
        stdin=io.StringIO(""),
        stdout=out,
        stderr=io.StringIO(),
    )
    leaked = capsys.readouterr()
    assert code == 0
    assert leaked.out == ""
    assert "--company" in out.getvalue()


def test_a_closed_stdout_is_not_an_unexpected_error(run: Runner, northwind: int) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    code = cli.main(
        ["--config", str(run.config), "track", "list", "--now", NOW],
        env=run.env,
        stdin=io.StringIO(""),
        stdout=ClosedPipe(),
        stderr=err,
    )
    assert code != cli.EXIT_UNEXPECTED
    assert "unexpected error" not in err.getvalue()


# --------------------------------------------------------------------------- 12. subprocesses


@pytest.fixture
def process_env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}


def _console_script() -> list[str]:
    script = Path(sys.executable).parent / "watcher"
    return [str(script)] if script.exists() else [sys.executable, "-m", "watcher"]


def test_help_in_a_subprocess(process_env: dict[str, str], tmp_path: Path) -> None:
    top = subprocess.run(
        [sys.executable, "-m", "watcher", "--help"],
        capture_output=True,
        text=True,
        env=process_env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert top.returncode == 0, top.stderr
    for command in ("init", "track", "plan", "draft", "config", "--config"):
        assert command in top.stdout
    add = subprocess.run(
        [*_console_script(), "track", "add", "--help"],
        capture_output=True,
        text=True,
        env=process_env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert add.returncode == 0, add.stderr
    for flag in (
        "--company",
        "--role",
        "--at",
        "--interviewer",
        "--contact",
        "--domain",
        "--expect",
        "--format",
        "--topic",
        "--note",
        "--json",
    ):
        assert flag in add.stdout


def test_a_missing_config_in_a_subprocess(process_env: dict[str, str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "watcher", "--config", "/nonexistent/config.toml", "plan"],
        capture_output=True,
        text=True,
        env=process_env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "/nonexistent/config.toml" in result.stderr
    assert "watcher init" in result.stderr


def test_a_dry_run_check_creates_no_state(run: Runner, tmp_path: Path) -> None:
    run.config.write_text(
        CONFIG
        + """
[[accounts]]
name = "personal"
host = "127.0.0.1"
port = 9
tls = "none"
username = "alex"
password_command = "printf 'unused\\n'"
addresses = ["alex@example.com"]
""",
        encoding="utf-8",
    )
    result = run("check", "--dry-run", "--now", NOW)
    assert_refused(result, 1, "no state database", "watcher track add")
    assert not run.store.exists()
    assert not run.store.parent.exists()


def test_init_turns_desktop_notifications_on_only_where_there_is_a_session(
    run: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "with-bus.toml"
    run.env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/run/user/1000/bus"
    try:
        result = run.raw(
            "--config", str(path), "init", "--non-interactive", "--name", "Ann", "--timezone", "UTC"
        )
    finally:
        del run.env["DBUS_SESSION_BUS_ADDRESS"]
    assert result.code == 0, result
    assert "\ndesktop = true" in path.read_text(encoding="utf-8")
    without = tmp_path / "without-bus.toml"
    assert run.raw("--config", str(without), "init", "--non-interactive", "--name", "Ann").code == 0
    assert "\ndesktop = false" in without.read_text(encoding="utf-8")


OLD_THANK_YOU = """Subject: Thank you for the ${role} interview

Dear ${greeting_name},

Thank you for taking the time to talk with me about the ${role} position on ${interview_date}.
I enjoyed our conversation about ${topic}.

I am very interested in the role.

Best regards,
${signature}
"""


def test_config_check_lints_the_users_own_templates_on_sample_interviews(
    run: Runner, tmp_path: Path
) -> None:
    folder = tmp_path / "my-templates"
    (folder / "de").mkdir(parents=True)
    (folder / "thank_you.txt").write_text(OLD_THANK_YOU, encoding="utf-8")
    builtin = resources.files("watcher").joinpath("data", "templates", "de", "follow_up.txt")
    (folder / "de" / "follow_up.txt").write_text(builtin.read_text("utf-8"), encoding="utf-8")
    run.config.write_text(
        run.config.read_text(encoding="utf-8") + f'\n[templates]\ndir = "{folder}"\n'
    )

    result = run.ok("config", "check")

    lines = result.out.splitlines()
    assert lines[0] == f"{run.config}: valid (no mail account; state in {run.store})."
    warnings = lines[1:]
    prefix = f"warning: templates.dir ({folder}): thank_you.txt, in "
    assert warnings and all(line.startswith(prefix) for line in warnings), warnings
    said = "\n".join(warnings)
    # The old template's faults, each found on the sample that shows it:
    assert "in a thank-you to the hiring team:" in said and "our conversation" in said
    assert "very interested" in said  # a preference the sample interview never stated
    assert "in the notes to a panel of two:" in said  # the same note to both
    # A user's copy of a built-in template is as clean as the built-in one.
    assert "follow_up.txt" not in said


def test_the_global_options_work_after_the_command_name_too(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "after" / "config.toml"
    made = run.raw("init", "--config", str(path), "--non-interactive", "--name", "Camille")
    assert made.code == 0, made
    assert path.exists()
    before = run.raw("--config", str(path), "plan", "--json")
    for argv in (
        ("plan", "--config", str(path), "--json"),
        ("plan", "--json", "--color", "never", "--config", str(path)),
    ):
        after = run.raw(*argv)
        assert (after.code, after.out) == (before.code, before.out), after
    # An option given before the command's name is not overwritten by the command's parser.
    nested = run.raw("--config", str(path), "track", "list", "--json")
    assert nested.code == 0 and json.loads(nested.out) == []
    assert run.raw("track", "--config", str(path), "list", "--json").out == nested.out
    refused = run.raw("plan", "--color", "sometimes")
    assert refused.code == 2 and "--color" in refused.err and "auto" in refused.err


def test_a_commands_help_lists_the_global_options_apart_from_its_usage(run: Runner) -> None:
    helped = run.raw("track", "list", "--help")
    usage, _, rest = helped.out.partition("\n\n")
    assert helped.code == 0
    assert "--all" in usage and "--config" not in usage and "--color" not in usage
    options, _, global_options = rest.partition("global options:")
    assert "--config PATH" in global_options and "--color" in global_options
    assert "--config" not in options
    top = run.raw("--help").out.partition("\n\n")[0]
    assert "--config" in top and "--color" in top
