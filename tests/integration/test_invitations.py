"""Interviews found in mail, end to end: synthetic invitations (tests/calendars.py) delivered to
the suite's Dovecot over IMAP and to the Gmail test server, and `cli.main` from an empty store:
a suggestion, `track accept`, the thank-you draft after it; a new time (a higher SEQUENCE) that
moves the interview and what is due; a cancellation that makes it cancelled with no thank-you;
a next round of an interview typed in, with a thank-you to that round's interviewers only; a
rejection from a recruiter the invitation never named, and the graceful close that thanks her,
not the interviewer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.calendars import invitation
from tests.integration.test_check import World, make_world
from tests.servers.gmail import GmailServer

T0 = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # Tue 1 Dec 09:00 in Los Angeles
ACME_AT = datetime(2026, 12, 3, 22, 0, tzinfo=UTC)  # Thu 3 Dec 14:00
GLOBEX_AT = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)  # Fri 4 Dec 10:00
GLOBEX_MOVED = datetime(2026, 12, 8, 18, 0, tzinfo=UTC)  # Tue 8 Dec 10:00
INITECH_FIRST = "2026-11-20T10:00"  # Fri 20 Nov, typed in
INITECH_NEXT = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)  # Mon 7 Dec 10:00
ZONE = ZoneInfo("America/Los_Angeles")  # the zone of make_world's config


def at(moment: datetime) -> str:
    return moment.isoformat()


def local(moment: datetime) -> str:
    """``moment`` as the CLI's JSON writes it: ISO 8601 in Los Angeles."""
    return moment.astimezone(ZONE).isoformat()


@pytest.fixture
def gmail_server() -> Iterator[GmailServer]:
    with GmailServer(address="alex@example.com") as server:
        yield server


@pytest.fixture(params=["imap", "gmail"])
def world(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    return make_world(request.param, request, tmp_path, monkeypatch)


def deliver(world: World, when: datetime, **fields: Any) -> None:
    world.deliver("INBOX", invitation(sent=when, **fields), when)


def check(world: World, now: datetime) -> dict[str, Any]:
    result = world.run("check", "--json", "--now", at(now))
    assert result.code == 0, result
    report: dict[str, Any] = result.json()
    return report


def listed(world: World, now: datetime) -> dict[str, dict[str, Any]]:
    result = world.run("track", "list", "--all", "--json", "--now", at(now))
    assert result.code == 0, result
    return {row["company"]: row for row in result.json()}


def planned(world: World, now: datetime, interview: int) -> list[dict[str, Any]]:
    result = world.run("plan", "--json", "--now", at(now))
    assert result.code == 0, result
    return [a for a in result.json() if a["interview"] == interview]


def thank_you_drafts(world: World) -> list[str]:
    """The addresses of the thank-you drafts in the Drafts folder (flagged as drafts)."""
    found = []
    for flagged, message in world.drafts():
        assert flagged
        if str(message["Subject"]).startswith("Thank you for the"):
            found += [a.addr_spec for a in message["To"].addresses]
    return sorted(found)


REJECTED_AT = datetime(2026, 12, 9, 17, 0, tzinfo=UTC)
REJECTION = b"""From: Maya Chen <maya.chen@acme.example>
To: Alex Example <alex@example.com>
Subject: Your application for Data Engineer at Acme
Date: Wed, 09 Dec 2026 09:00:00 -0800
Message-ID: <no.maya@acme.example>
Content-Type: text/plain; charset=utf-8
X-Watcher-Test: synthetic

Hi Alex,

Thank you for taking the time to interview with us last week. After careful consideration,
we have decided to move forward with another candidate for the Data Engineer role.

We wish you all the best in your search.

Maya Chen
Recruiting, Acme
"""


def test_invitations_become_tracked_interviews_that_move_cancel_and_gain_rounds(
    world: World,
) -> None:
    typed = world.run(
        "track", "add", "--company", "Initech", "--role", "SRE", "--at", INITECH_FIRST,
        "--interviewer", "Pat Doe <pat@initech.example>", "--domain", "initech.example",
        "--json", "--now", "2026-11-13T09:00",
    )  # fmt: skip
    assert typed.code == 0, typed
    initech = typed.json()["id"]
    deliver(world, T0, message_id="inv-a@acme.example", uid="evt-a@acme.example", start=ACME_AT)
    deliver(
        world,
        T0,
        message_id="inv-g@globex.example",
        uid="evt-g@globex.example",
        start=GLOBEX_AT,
        organizer=("Gina Moreau", "gina@globex.example"),
        interviewers=[("Hank Scorpio", "hank@globex.example")],
    )
    deliver(
        world,
        T0,
        message_id="inv-i2@initech.example",
        uid="evt-i2@initech.example",
        start=INITECH_NEXT,
        organizer=("Bill Lumbergh", "bill@initech.example"),
        interviewers=[("Lee Okafor", "lee@initech.example")],
    )

    # 0. A dry run says what it would suggest, and suggests nothing.
    dry = world.run("check", "--dry-run", "--now", at(T0 + timedelta(hours=1)))
    assert dry.code == 0, dry
    assert "Interviews found in mail: 3\n" in dry.out
    assert "  Acme, Thu  3 Dec 14:00 PST: suggested; an interview nobody tracks yet\n" in dry.out
    assert "  Initech, Mon  7 Dec 10:00 PST: suggested (interview #1); a next round of" in dry.out
    assert world.run("track", "suggested", "--json").json() == []

    # 1. The first check suggests the two new interviews and the next round of Initech.
    report = check(world, T0 + timedelta(hours=1))
    found = {f["company"]: f for f in report["suggested"]}
    assert {c: (f["done"], f["verdict"]) for c, f in found.items()} == {
        "Acme": ("suggested", "new"),
        "Globex": ("suggested", "new"),
        "Initech": ("suggested", "round"),
    }
    assert found["Acme"]["at"] == local(ACME_AT)
    assert found["Initech"]["interview"] == initech
    assert list(listed(world, T0 + timedelta(hours=1))) == ["Initech"]
    pending = world.run("track", "suggested", "--json").json()
    assert sorted(s["company"] for s in pending) == ["Acme", "Globex", "Initech"]
    # A second check suggests nothing again.
    assert check(world, T0 + timedelta(hours=1, minutes=5))["suggested"] == []

    # 2. Accept them: two new interviews from mail, and round 2 of Initech.
    for company, role in (("Acme", "Data Engineer"), ("Globex", "Backend Developer")):
        accepted = world.run(
            "track", "accept", str(found[company]["suggestion"]), "--role", role,
            "--now", at(T0 + timedelta(hours=1)),
        )  # fmt: skip
        assert accepted.code == 0, accepted
    accepted = world.run(
        "track", "accept", str(found["Initech"]["suggestion"]), "--now", at(T0 + timedelta(hours=1))
    )
    assert accepted.code == 0, accepted
    rows = listed(world, T0 + timedelta(hours=1))
    assert {c: (r["source"], r["status"]) for c, r in rows.items()} == {
        "Acme": ("mail", "scheduled"),
        "Globex": ("mail", "scheduled"),
        "Initech": ("hand", "scheduled"),
    }
    assert rows["Acme"]["people"] == [
        {"name": "Dana Reyes", "address": "dana@acme.example", "role": "interviewer"}
    ]
    assert [r["at"] for r in rows["Initech"]["rounds"]] == [
        "2026-11-20T10:00:00-08:00",
        local(INITECH_NEXT),
    ]
    globex = rows["Globex"]["id"]
    [thanks] = [a for a in planned(world, T0, globex) if a["kind"] == "thank_you"]
    assert thanks["due"] == local(GLOBEX_AT + timedelta(hours=1))

    # 3. A new time for Globex (the same event, SEQUENCE 1) moves it and what is due.
    moved_at = T0 + timedelta(hours=2)
    deliver(
        world,
        moved_at,
        message_id="inv-g1@globex.example",
        uid="evt-g@globex.example",
        sequence=1,
        start=GLOBEX_MOVED,
        organizer=("Gina Moreau", "gina@globex.example"),
        interviewers=[("Hank Scorpio", "hank@globex.example")],
    )
    report = check(world, moved_at + timedelta(hours=1))
    assert [(f["done"], f["interview"]) for f in report["suggested"]] == [("moved", globex)]
    assert listed(world, moved_at)["Globex"]["interview_at"] == local(GLOBEX_MOVED)
    [thanks] = [a for a in planned(world, moved_at, globex) if a["kind"] == "thank_you"]
    assert thanks["due"] == local(GLOBEX_MOVED + timedelta(hours=1))

    # 4. Its cancellation: cancelled, and nothing is due for it.
    cancelled_at = T0 + timedelta(hours=4)
    deliver(
        world,
        cancelled_at,
        message_id="cancel-g@globex.example",
        uid="evt-g@globex.example",
        sequence=2,
        method="CANCEL",
        start=GLOBEX_MOVED,
        organizer=("Gina Moreau", "gina@globex.example"),
        interviewers=[("Hank Scorpio", "hank@globex.example")],
    )
    report = check(world, cancelled_at + timedelta(hours=1))
    assert [(f["done"], f["interview"]) for f in report["suggested"]] == [("cancelled", globex)]
    after_globex = GLOBEX_MOVED + timedelta(hours=2)
    assert listed(world, after_globex)["Globex"]["status"] == "cancelled"
    assert planned(world, after_globex, globex) == []

    # 5. After the Acme interview, its thank-you draft waits in Drafts, to Dana.
    report = check(world, ACME_AT + timedelta(hours=1, minutes=30))
    assert [(d["kind"], d["to"]) for d in report["drafts"]] == [
        ("thank_you", ["dana@acme.example"])
    ]
    assert thank_you_drafts(world) == ["dana@acme.example"]

    # 6. After round 2 of Initech, a thank-you to Lee, who interviewed in it; none to Pat.
    report = check(world, INITECH_NEXT + timedelta(hours=1, minutes=30))
    assert [(d["kind"], d["to"]) for d in report["drafts"] if d["kind"] == "thank_you"] == [
        ("thank_you", ["lee@initech.example"])
    ]
    assert thank_you_drafts(world) == ["dana@acme.example", "lee@initech.example"]

    # 7. Past the time Globex had: no thank-you for the cancelled interview.
    report = check(world, after_globex)
    assert [d for d in report["drafts"] if d["interview"] == globex] == []
    assert thank_you_drafts(world) == ["dana@acme.example", "lee@initech.example"]

    # 8. The Acme recruiter, whom the invitation never named, says no: the graceful close
    # thanks her in her thread and asks her to thank Dana, who did not write it.
    world.deliver("INBOX", REJECTION, REJECTED_AT)
    report = check(world, REJECTED_AT + timedelta(hours=1))
    assert [(d["kind"], d["to"]) for d in report["drafts"]] == [
        ("graceful_close", ["maya.chen@acme.example"])
    ]
    [close] = [m for _, m in world.drafts() if str(m["In-Reply-To"]) == "<no.maya@acme.example>"]
    assert str(close["To"]) == "Maya Chen <maya.chen@acme.example>"
    assert str(close["Subject"]) == "Re: Your application for Data Engineer at Acme"
    body = close.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert text.startswith("Dear Maya,\n\nThank you for letting me know about your decision.")
    assert "Please also pass on my thanks to Dana Reyes." in text
