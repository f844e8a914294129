"""The scores of bench/invites_mailbox.py: a tiny synthetic mailbox of five labeled messages,
each followed by what `track list --all --json` would show, scored right and wrong; then the
bench end to end on a mailbox of two real invitations, over Dovecot and the Gmail test server."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import invites_mailbox as bench

from tests.calendars import invitation
from tests.invites import Expected, Item
from tests.servers.dovecot import DovecotServer
from tests.servers.gmail import GmailServer

USER = "Alex Example <alex@example.com>"
ACME_AT = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
ACME_MOVED = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
GLOBEX_AT = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
PANEL = ("ana@globex.example", "bo@globex.example")


def item(number: int, expect: str, interview: Expected | None = None, raw: bytes = b"") -> Item:
    return Item(
        source_file="tiny.toml",
        user=USER,
        timezone="UTC",
        id=f"tiny-{number}",
        lang="en",
        source="other",
        folder="INBOX",
        expect=expect,
        raw=raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),  # as tests/invites.py
        interview=interview,
    )


ACME = Expected(
    key="acme-1",
    process="acme",
    company="Acme Corp",
    start=ACME_AT,
    format="video",
    interviewers=("dana@acme.example",),
)
GLOBEX = Expected(
    key="globex-1", process="globex", company="Globex", start=GLOBEX_AT, format="panel",
    interviewers=PANEL,
)  # fmt: skip
MAILBOX = [
    item(1, "interview", ACME),
    item(2, "interview", GLOBEX),
    item(3, "nothing"),  # a trap: a webinar with a calendar, say
    item(4, "reschedule", Expected(**{**vars(ACME), "start": ACME_MOVED})),
    item(5, "cancel", Expected(key="globex-1")),
]


def row(
    number: int,
    company: str,
    *rounds: tuple[datetime, str, Sequence[str]],
    cancelled: bool = False,
) -> dict[str, Any]:
    """An interview as `track list --all --json` prints it (the fields the bench reads)."""
    return {
        "id": number,
        "company": company,
        "rounds": [
            {
                "at": at.isoformat(),
                "format": fmt,
                "people": [{"name": "", "address": a} for a in people],
            }
            for at, fmt, people in rounds
        ],
        "cancelled_at": "2026-12-01T12:00:00+00:00" if cancelled else None,
    }


def scored(states: Sequence[list[dict[str, Any]]]) -> bench.Figures:
    scorer = bench.Scorer("tiny.toml")
    for message, rows in zip(MAILBOX, states, strict=True):
        scorer.observe(message, rows, {"errors": [], "skipped": [], "suggested": []}, 0.5)
    scorer.finish()
    return scorer.figures


def misses(figures: bench.Figures) -> list[tuple[str, str]]:
    return [(m.message, m.figure) for m in figures.misses]


def test_a_mailbox_tracked_as_labeled_scores_everything_right() -> None:
    acme = row(1, "Acme", (ACME_AT, "video", ["dana@acme.example"]))
    acme_moved = row(1, "Acme", (ACME_MOVED, "video", ["dana@acme.example"]))
    globex = row(2, "Globex", (GLOBEX_AT, "panel", PANEL))
    figures = scored(
        [
            [acme],
            [acme, globex],
            [acme, globex],
            [acme_moved, globex],
            [acme_moved, {**globex, "cancelled_at": "2026-12-02T09:00:00+00:00"}],
        ]
    )
    assert figures.counts() == {
        "mailboxes": 1,
        "messages": 5,
        "interviews": 2,
        "found": 2,
        "times_right": 2,
        "panel_right": 2,
        "people_right": 2,
        "reschedules": 1,
        "reschedules_applied": 1,
        "cancellations": 1,
        "cancellations_applied": 1,
        "traps": 1,
        "trap_created": 0,
        "trap_changed": 0,
        "duplicates": 0,
        "checks_with_errors": 0,
    }
    assert figures.misses == []
    assert figures.seconds == [0.5] * 5
    assert all(held for _text, held in bench.checks(figures))


def test_wrong_times_people_traps_moves_and_cancellations_are_each_counted() -> None:
    acme = row(1, "Acme", (ACME_AT, "video", ["dana@acme.example"]))
    # Globex an hour late, as a video call with one of its two interviewers.
    globex = row(2, "Globex", (GLOBEX_AT + timedelta(hours=1), "video", PANEL[:1]))
    # The trap creates an interview; the new time of Acme makes another instead of moving it.
    trap = row(3, "Webinar Co", (datetime(2026, 12, 4, 18, 0, tzinfo=UTC), "video", []))
    acme_again = row(4, "Acme", (ACME_MOVED, "video", ["dana@acme.example"]))
    figures = scored(
        [
            [acme],
            [acme, globex],
            [acme, globex, trap],
            [acme, globex, trap, acme_again],
            [acme, globex, trap, acme_again],  # Globex is not cancelled
        ]
    )
    assert (figures.interviews, figures.found, figures.times_right) == (2, 2, 1)
    assert (figures.panel_right, figures.people_right) == (1, 1)
    assert (figures.reschedules, figures.reschedules_applied) == (1, 0)
    assert (figures.cancellations, figures.cancellations_applied) == (1, 0)
    assert (figures.traps, figures.trap_created) == (1, 1)
    # The Acme round left at the old time is one too many; the trap's is counted as a trap.
    assert figures.duplicates == 1
    assert misses(figures) == [
        ("tiny-2", "time"),
        ("tiny-2", "panel"),
        ("tiny-2", "people"),
        ("tiny-3", "trap"),
        ("tiny-4", "reschedule"),
        ("tiny-5", "cancellation"),
        ("tiny-1", "duplicate"),
    ]
    assert [held for _text, held in bench.checks(figures)] == [
        True,  # interviews found: both, though one at the wrong time
        False,  # times right
        False,  # reschedules applied
        False,  # cancellations applied
        False,  # interviews created from traps
        False,  # duplicates
    ]


def test_another_company_or_a_day_off_is_not_found() -> None:
    umbrella = row(1, "Umbrella", (ACME_AT, "video", ["dana@acme.example"]))
    globex = row(2, "Globex", (GLOBEX_AT + timedelta(days=1, minutes=1), "panel", PANEL))
    # Globex's wrong round and a later one; the cancellation drops the wrong one (round 1).
    later = (GLOBEX_AT + timedelta(days=7), "video", ["cy@globex.example"])
    two = row(2, "Globex", (GLOBEX_AT + timedelta(days=1, minutes=1), "panel", PANEL), later)
    figures = scored(
        [[umbrella], [umbrella, globex], [umbrella, two], [umbrella, two], [umbrella, globex]]
    )
    assert (figures.interviews, figures.found) == (2, 0)
    assert [m.figure for m in figures.misses][:2] == ["not found", "not found"]
    assert "no round of Acme Corp within a day of 2026-12-03T14:00:00+00:00" in (
        figures.misses[0].detail
    )
    # The trap made a second round of Globex: a trap, though no new interview.
    assert figures.trap_created == 1
    # Neither key was found, so the new time and the cancellation could not be applied.
    assert (figures.reschedules_applied, figures.cancellations_applied) == (0, 0)
    # The Umbrella interview and Globex's round a day off belong to no key.
    assert figures.duplicates == 2
    assert not bench.checks(figures)[0][1]


def test_a_cancelled_earlier_round_that_is_dropped_counts_as_applied() -> None:
    acme = row(1, "Acme", (ACME_AT, "video", ["dana@acme.example"]))
    acme_moved = row(1, "Acme", (ACME_MOVED, "video", ["dana@acme.example"]))
    globex = (GLOBEX_AT, "panel", PANEL)
    later = (GLOBEX_AT + timedelta(days=7), "video", ["cy@globex.example"])
    figures = scored(
        [
            [acme],
            [acme, row(2, "Globex", globex, later)],
            [acme, row(2, "Globex", globex, later)],
            [acme_moved, row(2, "Globex", globex, later)],
            [acme_moved, row(2, "Globex", later)],  # round 1 dropped
        ]
    )
    assert (figures.cancellations, figures.cancellations_applied) == (1, 1)
    # Round 2 of Globex belongs to no key: one too many, made with Globex's invitation.
    assert figures.duplicates == 1
    assert misses(figures) == [("tiny-2", "duplicate")]


@pytest.mark.parametrize(
    ("tracked", "labeled", "same"),
    [
        ("Northwind", "Northwind Analytics", True),
        ("Acme Corp.", "ACME, Inc.", True),
        ("Société Générale", "Societe Generale SA", True),
        ("DataBricks", "Data Bricks", True),
        ("Maison-Verlaine", "Maison Verlaine", True),
        ("Globex", "Initech", False),
        ("Northwind Analytics", "Analytics Partners", False),
        ("", "Acme", False),
        ("Inc", "Acme Inc", False),
    ],
)
def test_companies_are_the_same_loosely(tracked: str, labeled: str, same: bool) -> None:
    assert bench.same_company(tracked, labeled) is same


def test_rows_the_bench_cannot_read_are_a_clear_error() -> None:
    with pytest.raises(bench.BenchError, match="not a list"):
        bench.tracked_rounds({"id": 1})
    with pytest.raises(bench.BenchError, match="cannot read"):
        bench.tracked_rounds([{"id": 1, "company": "Acme", "rounds": [{"at": "soon"}]}])


def test_the_held_out_part_takes_no_errors_listing(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        bench.arguments(["--part", "heldout", "--errors"])
    assert exit_.value.code == 2
    assert "--errors is for the training part only" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# End to end: real invitations, a real mailbox, real checks.


@pytest.fixture(params=["imap", "gmail"])
def mailbox(request: pytest.FixtureRequest) -> Iterator[bench.Mailbox]:
    if request.param == "imap":
        server: DovecotServer = request.getfixturevalue("dovecot")
        yield bench.DovecotMailbox(server)
        return
    with GmailServer(address="alex@example.com") as gmail:
        yield bench.GmailMailbox(gmail)


def test_the_bench_scores_real_checks_of_a_real_mailbox(
    mailbox: bench.Mailbox, tmp_path: Path
) -> None:
    sent = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    acme = Expected(
        key="acme-1",
        process="acme",
        company="Acme",
        start=ACME_AT,
        format="video",
        interviewers=("dana@acme.example",),
    )
    items = [
        item(1, "interview", acme, invitation(message_id="i1@acme.example", uid="e1@acme.example",
                                              start=ACME_AT, sent=sent)),
        item(2, "reschedule", Expected(**{**vars(acme), "start": ACME_MOVED}),
             invitation(message_id="i2@acme.example", uid="e1@acme.example", sequence=1,
                        start=ACME_MOVED, sent=sent + timedelta(hours=1))),
        item(3, "cancel", Expected(key="acme-1"),
             invitation(message_id="i3@acme.example", uid="e1@acme.example", sequence=2,
                        method="CANCEL", start=ACME_MOVED, sent=sent + timedelta(hours=2))),
    ]  # fmt: skip
    figures = bench.run_mailbox(items, mailbox, tmp_path / "watcher")
    assert figures.misses == []
    assert (figures.found, figures.times_right, figures.people_right) == (1, 1, 1)
    assert (figures.reschedules_applied, figures.cancellations_applied) == (1, 1)
    assert len(figures.seconds) == 3
