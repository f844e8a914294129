"""`watcher why` and `watcher track heard --message` end to end, against a real Dovecot and the
tests' Gmail-compatible server: a message is checked, `why` explains it, `track heard` corrects
it, the next check reads a later message of the same thread the corrected way (and one of
another thread as the classifier does), and `why` of mail no check fetched says why."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.integration.test_check import World, make_world
from tests.servers.gmail import GmailServer
from watcher import cli

AT = "2026-11-24T14:00"
RITA = "Rita Recruiter <rita@northwind.example>"
MISLEADING = (
    "Hi Alex,\n\nWe are still meeting the other candidates whose schedules were tight this "
    "week. We would love to invite you to a final round with the team.\n\nBest,\nRita\n"
)


@pytest.fixture
def gmail_server() -> Iterator[GmailServer]:
    with GmailServer(address="alex@example.com") as server:
        yield server


@pytest.fixture(params=["imap", "gmail"])
def world(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    yield make_world(request.param, request, tmp_path, monkeypatch)


def message(
    sender: str,
    subject: str,
    body: str,
    when: datetime,
    message_id: str,
    *,
    references: tuple[str, ...] = (),
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "Alex Example <alex@example.com>"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = f"<{message_id}>"
    if references:
        mail["In-Reply-To"] = f"<{references[-1]}>"
        mail["References"] = " ".join(f"<{r}>" for r in references)
    mail.set_content(body)
    return mail.as_bytes()


def track(world: World) -> int:
    result = world.run(
        "track",
        "add",
        "--json",
        "--now",
        "2026-11-20T09:00",
        "--company",
        "Northwind",
        "--role",
        "Data Engineer",
        "--at",
        AT,
        "--contact",
        RITA,
        "--domain",
        "northwind.example",
    )
    assert result.code == 0, result
    interview: int = result.json()["id"]
    return interview


def test_check_why_correct_and_the_next_check_follows_the_correction(world: World) -> None:
    interview = track(world)
    first_at = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    world.deliver(
        "INBOX",
        message(RITA, "Next steps", MISLEADING, first_at, "a.1@northwind.example"),
        first_at,
    )
    report = world.run("check", "--now", "2026-11-25T12:00", "--json")
    assert report.code == 0, report
    (matched,) = report.json()["matched"]
    assert matched["kind"] == "rejection"
    assert any("rita@northwind.example" in line for line in matched["evidence"])

    # `why` says how it was read: the interview by the person, the kind by the phrase.
    why = world.run("why", "<a.1@northwind.example>", "--json")
    assert why.code == 0, why
    explained = why.json()
    assert explained["message_id"] == "a.1@northwind.example"
    assert explained["fetched"] is True
    assert explained["interview"] == interview
    assert explained["kind"] == "rejection"
    assert explained["counts_as_reply"] is True
    assert explained["evidence"][0].startswith("person: the sender rita@northwind.example")
    assert "other candidates whose" in explained["evidence"][1]
    text = world.run("why", "a.1@northwind.example")
    assert text.code == 0, text
    assert "kind: rejection" in text.out
    assert f"watcher track heard {interview} --message a.1@northwind.example" in text.out
    status = world.run("track", "show", str(interview), "--json", "--now", "2026-11-25T12:00")
    assert status.json()["status"] == "rejected"

    # The user corrects it: the event is replaced (not duplicated), the status follows.
    fixed = world.run(
        "track",
        "heard",
        str(interview),
        "--message",
        "a.1@northwind.example",
        "--kind",
        "next_step",
        "--now",
        "2026-11-25T12:05",
    )
    assert fixed.code == 0, fixed
    assert "replacing the rejection" in fixed.out
    shown = world.run("track", "show", str(interview), "--json", "--now", "2026-11-25T12:10").json()
    assert shown["status"] == "next_step"
    replies = [e for e in shown["events"] if e["kind"] == "reply"]
    assert [(r["reply_kind"], r["message_id"]) for r in replies] == [
        ("next_step", "a.1@northwind.example")
    ]
    corrected = world.run("why", "a.1@northwind.example", "--json").json()
    assert corrected["kind"] == "next_step"
    assert corrected["corrected"] is True
    assert "corrected by you on 2026-11-25 (watcher track heard)" in corrected["evidence"][0]

    # Later mail of Rita in that thread is read the corrected way; in another thread, it is not.
    later = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
    world.deliver(
        "INBOX",
        message(
            RITA,
            "Re: Next steps",
            MISLEADING,
            later,
            "a.2@northwind.example",
            references=("a.1@northwind.example",),
        ),
        later,
    )
    world.deliver(
        "INBOX", message(RITA, "Other role", MISLEADING, later, "b.1@northwind.example"), later
    )
    second = world.run("check", "--now", "2026-11-26T12:00", "--json")
    assert second.code == 0, second
    kinds = {m["message_id"]: m for m in second.json()["matched"]}
    assert kinds["a.2@northwind.example"]["kind"] == "next_step"
    assert any("corrected by you" in e for e in kinds["a.2@northwind.example"]["evidence"])
    assert kinds["b.1@northwind.example"]["kind"] == "rejection"
    again = world.run("why", "a.2@northwind.example", "--json").json()
    assert again["kind"] == "next_step"
    assert again["corrected"] is True

    # `why --recent` lists the judged messages, newest first.
    recent = world.run("why", "--recent", "5", "--json")
    assert recent.code == 0, recent
    assert [r["message_id"] for r in recent.json()][:2] == [
        "b.1@northwind.example",
        "a.2@northwind.example",
    ]

    # --kind none: not about this interview; the thread's later mail does not count for it.
    none = world.run(
        "track",
        "heard",
        str(interview),
        "--message",
        "b.1@northwind.example",
        "--kind",
        "none",
        "--now",
        "2026-11-26T12:05",
    )
    assert none.code == 0, none
    events = world.run("track", "show", str(interview), "--json", "--now", "2026-11-26T12:10")
    assert "b.1@northwind.example" not in {e["message_id"] for e in events.json()["events"]}
    third_at = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    world.deliver(
        "INBOX",
        message(
            RITA,
            "Re: Other role",
            MISLEADING,
            third_at,
            "b.2@northwind.example",
            references=("b.1@northwind.example",),
        ),
        third_at,
    )
    third = world.run("check", "--now", "2026-11-27T12:00", "--json").json()
    assert "b.2@northwind.example" not in {m["message_id"] for m in third["matched"]}
    ruled_out = world.run("why", "b.2@northwind.example", "--json").json()
    assert ruled_out["interview"] is None
    assert any(f"not about interview #{interview}" in e for e in ruled_out["evidence"])


def test_why_of_mail_no_check_fetched_says_why(world: World) -> None:
    interview = track(world)
    when = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    stranger = message("Bob <bob@elsewhere.example>", "Hello", "Hi Alex.\n", when, "s.1@else.test")
    world.deliver("INBOX", stranger, when)
    old = datetime(2026, 9, 1, 17, 0, tzinfo=UTC)
    world.deliver("INBOX", message(RITA, "Old", "Hi.\n", old, "old.1@northwind.example"), old)
    fresh = message(RITA, "Update", "We will decide next week.\n", when, "new.1@northwind.example")
    world.deliver("INBOX", fresh, when)

    no_tie = world.run("why", "s.1@else.test", "--json")
    assert no_tie.code == 0, no_tie
    said = no_tie.json()
    assert said["fetched"] is False
    assert said["interview"] is None
    assert any(
        "no tie to any interview: the sender bob@elsewhere.example is none of the tracked people"
        in line
        for line in said["evidence"]
    ), said

    before = world.run("why", "old.1@northwind.example", "--json").json()
    assert before["fetched"] is False
    # The floor is two weeks before the interview, or 30 days before today while interviews
    # are looked for in mail (the default), whichever is earlier; `why` runs at today's date.
    looked_for = (datetime.now(UTC) - timedelta(days=30)).date()
    if looked_for < date(2026, 11, 10):
        floor = f"{looked_for.isoformat()} (30 days before today: invitations are looked for"
    else:
        floor = "2026-11-10 (two weeks before the earliest open interview)"
    assert f"before the search floor {floor}" in before["evidence"][0], before

    unfetched = world.run("why", "new.1@northwind.example", "--json").json()
    assert unfetched["fetched"] is False
    assert unfetched["would_be"] == {
        "interview": interview,
        "kind": "update",
        "counts_as_reply": True,
    }
    text = world.run("why", "new.1@northwind.example")
    assert "fetched: no" in text.out
    assert "it would be: interview #" in text.out

    nowhere = world.run("why", "nobody@nowhere.test")
    assert nowhere.code == 1
    assert "not in the watched folders" in nowhere.out

    # A message the store never saw is recorded by a correction once the mailbox has it.
    heard = world.run(
        "track", "heard", str(interview), "--message", "new.1@northwind.example", "--kind", "offer"
    )
    assert heard.code == 0, heard
    assert world.run("why", "new.1@northwind.example", "--json").json()["kind"] == "offer"
    refused = world.run(
        "track", "heard", str(interview), "--message", "nobody@nowhere.test", "--kind", "offer"
    )
    assert refused.code != 0
    assert "has never seen the message <nobody@nowhere.test>" in refused.err
    assert "Traceback" not in refused.err


def test_the_parser_tells_the_truth_about_why() -> None:
    parser = cli.build_parser()
    assert "why" in parser.format_help()
