"""Interviews found in mail, through the engine: synthetic invitations (tests/calendars.py) in
the in-memory mailbox, a real store, and each ``[tracking] from_mail``: a suggestion, an
interview tracked at once, a new time, a cancellation, a next round, a dry run, the nudges."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.calendars import invitation
from watcher import app, policy
from watcher.backends.memory import MemoryMailbox
from watcher.config import parse_config
from watcher.engine import AccountSync, CheckReport, Engine
from watcher.lexicon import load_lexicon
from watcher.models import (
    ActionKind,
    EventKind,
    Folders,
    Format,
    Interview,
    Person,
    Sighting,
    SightingKind,
    Source,
    Status,
    SuggestionState,
)
from watcher.notify.memory import MemoryNotifier
from watcher.record import replace
from watcher.settings import Config
from watcher.store import Store

LEXICON = load_lexicon()
SENT = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # Tue 1 Dec, 09:00 in Los Angeles
NOW = SENT + timedelta(hours=1)
AT = datetime(2026, 12, 8, 22, 0, tzinfo=UTC)  # Tue 8 Dec 14:00 in Los Angeles
LATER = datetime(2026, 12, 10, 18, 0, tzinfo=UTC)  # Thu 10 Dec 10:00 in Los Angeles
DANA = ("Dana Reyes", "dana@acme.example")
LEE = ("Lee Okafor", "lee@acme.example")


def config_for(tmp_path: Path, from_mail: str) -> Config:
    text = f"""
[store]
path = "{tmp_path / "watcher.db"}"

[user]
name = "Alex Example"

[policy]
timezone = "America/Los_Angeles"

[tracking]
from_mail = "{from_mail}"

[[accounts]]
name = "personal"
host = "imap.personal.example"
username = "alex"
addresses = ["alex@example.com"]
"""
    return parse_config(text, "test.toml", {}, tmp_path)


@dataclass
class World:
    store: Store
    config: Config
    mailbox: MemoryMailbox
    notifier: MemoryNotifier

    def check(self, now: datetime, *, dry_run: bool = False, deliver: bool = False) -> CheckReport:
        engine = Engine(
            self.store,
            self.config,
            LEXICON,
            {"personal": self.mailbox},
            notifiers=[self.notifier],
        )
        return engine.check(now, dry_run=dry_run, deliver=deliver)

    def invite(self, message_id: str, uid: str, start: datetime, sent: datetime, **kw: object):
        data = invitation(message_id=message_id, uid=uid, start=start, sent=sent, **kw)  # type: ignore[arg-type]
        self.mailbox.deliver("INBOX", data, sent)

    def dump(self) -> list[str]:
        with closing(sqlite3.connect(self.config.store_path)) as db:
            return list(db.iterdump())


def make_world(tmp_path: Path, from_mail: str) -> Iterator[World]:
    config = config_for(tmp_path, from_mail)
    store = Store.open(config.store_path)
    try:
        yield World(store, config, MemoryMailbox("personal"), MemoryNotifier())
    finally:
        store.close()


@pytest.fixture
def suggesting(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path, "suggest")


@pytest.fixture
def tracking(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path, "track")


@pytest.fixture
def off(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path, "off")


def test_an_invitation_from_an_unknown_company_is_suggested_once_from_an_empty_store(
    suggesting: World,
) -> None:
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    report = suggesting.check(NOW)
    [found] = report.found
    assert (found.done, found.interview_id) == ("suggested", None)
    assert found.suggestion_id is not None
    assert found.decision.sighting.start == AT
    assert report.errors == []
    [pending] = suggesting.store.suggestions()
    assert (pending.id, pending.state, pending.account) == (
        found.suggestion_id,
        SuggestionState.PENDING,
        "personal",
    )
    assert suggesting.store.interviews() == []
    [news] = suggesting.store.untold_news(NOW - timedelta(days=1))
    assert news.headline == "Interview found: Acme, Tue 8 Dec 14:00"
    assert news.suggestion_id == pending.id
    # `watcher check` does not deliver: the daemon tells it.
    assert suggesting.notifier.sent == []

    again = suggesting.check(NOW + timedelta(hours=1))
    assert again.found == []
    assert len(suggesting.store.suggestions()) == 1


def test_with_from_mail_off_nothing_is_fetched_for_an_empty_store(off: World) -> None:
    off.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    report = off.check(NOW)
    assert (report.scanned, report.found) == (0, [])
    assert off.store.suggestions() == []


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(suggesting: World) -> None:
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    suggesting.invite(
        "inv-2@globex.example",
        "evt-2@globex.example",
        LATER,
        SENT,
        organizer=("Gina Moreau", "gina@globex.example"),
        interviewers=[("Hank", "hank@globex.example")],
    )
    before = suggesting.dump()
    report = suggesting.check(NOW, dry_run=True)
    assert [(f.done, f.suggestion_id, f.decision.sighting.company) for f in report.found] == [
        ("suggested", None, "Acme"),
        ("suggested", None, "Globex"),
    ]
    assert suggesting.dump() == before


def test_tracking_at_once_makes_an_interview_found_in_mail_and_says_how_to_undo_it(
    tracking: World,
) -> None:
    tracking.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT, interviewers=[DANA, LEE])
    report = tracking.check(NOW, deliver=True)
    [found] = report.found
    assert found.done == "tracked"
    [interview] = tracking.store.interviews()
    assert found.interview_id == interview.id
    assert (interview.company, interview.role, interview.at) == ("Acme", "", AT)
    assert (interview.source, interview.uid, interview.message_id) == (
        Source.MAIL,
        "evt-1@acme.example",
        "inv-1@acme.example",
    )
    assert interview.format is Format.PANEL
    assert [p.address for p in interview.interviewers] == ["dana@acme.example", "lee@acme.example"]
    assert interview.domains == ("acme.example",)
    [accepted] = tracking.store.suggestions()
    assert (accepted.state, accepted.interview_id) == (SuggestionState.ACCEPTED, interview.id)
    [schedule] = [e for e in tracking.store.events(interview.id) if e.kind is EventKind.SCHEDULE]
    assert schedule.message_id == "inv-1@acme.example"
    # The nudge says it is tracked, and how to undo it; it offers no buttons to track it.
    [nudge] = tracking.notifier.sent
    assert nudge.title == "Now tracking Acme (role not named), Tue 8 Dec 14:00"
    assert f"undo: `watcher track remove {interview.id} --yes`" in nudge.notice
    assert f"`watcher track edit {interview.id} --role ROLE`" in nudge.notice
    assert nudge.suggestion is None
    # Tracking it changed what is searched: the mailbox is read again from the start, and the
    # invitation, read again, changes nothing.
    again = tracking.check(NOW + timedelta(hours=1), deliver=True)
    assert again.found == []
    assert len(tracking.store.interviews()) == 1
    assert len(tracking.notifier.sent) == 1


def test_an_invitation_the_user_sent_at_the_interviewers_request_is_tracked(
    tracking: World,
) -> None:
    # "Could you send me a calendar invite?": the user organizes the interview, in Sent.
    data = invitation(
        message_id="own-1@example.com",
        uid="evt-own@example.com",
        start=AT,
        sent=SENT,
        organizer=("Alex Example", "alex@example.com"),
        interviewers=[DANA],
        summary="Interview: Alex Example - Data Engineer, Acme",
        to="Dana Reyes <dana@acme.example>",
    )
    tracking.mailbox.deliver("Sent", data, SENT)
    # The user's own mail without a calendar holds no interview, whatever it says.
    own_words = (
        b"From: Alex Example <alex@example.com>\r\nTo: Dana Reyes <dana@acme.example>\r\n"
        b"Subject: Re: Interview at Acme\r\nDate: Tue, 01 Dec 2026 17:30:00 +0000\r\n"
        b"Message-ID: <own-2@example.com>\r\nX-Watcher-Test: synthetic\r\n\r\n"
        b"Thank you, confirmed for Thursday, December 10 at 10:00 AM PT.\r\n"
    )
    tracking.mailbox.deliver("Sent", own_words, SENT + timedelta(minutes=30))
    report = tracking.check(NOW)
    [found] = report.found
    assert found.done == "tracked"
    [interview] = tracking.store.interviews()
    assert (interview.company, interview.at) == ("Acme", AT)
    assert [p.address for p in interview.interviewers] == ["dana@acme.example"]


def test_a_higher_sequence_moves_the_interview_and_its_plan(tracking: World) -> None:
    tracking.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    tracking.check(NOW)
    [interview] = tracking.store.interviews()
    tracking.store.update_interview(replace(interview, role="Data Engineer"), NOW)
    before = policy.plan(tracking.store.timelines(), tracking.config.policy, NOW)
    [thanks] = [a for a in before if a.kind is ActionKind.THANK_YOU]
    assert thanks.due == AT + timedelta(hours=1)

    moved_at = NOW + timedelta(hours=2)
    tracking.invite("inv-2@acme.example", "evt-1@acme.example", LATER, moved_at, sequence=1)
    report = tracking.check(moved_at + timedelta(minutes=5), deliver=True)
    [found] = report.found
    assert (found.done, found.interview_id) == ("moved", interview.id)
    got = tracking.store.get_interview(interview.id)
    assert (got.at, got.sequence, got.message_id) == (LATER, 1, "inv-2@acme.example")
    assert got.role == "Data Engineer"
    after = policy.plan(tracking.store.timelines(), tracking.config.policy, moved_at)
    [thanks] = [a for a in after if a.kind is ActionKind.THANK_YOU]
    assert thanks.due == LATER + timedelta(hours=1)
    [nudge] = tracking.notifier.sent[-1:]
    assert nudge.title == "Interview moved: Acme (Data Engineer), now Thu 10 Dec 10:00"
    assert "moved from Tue 8 Dec 14:00 to Thu 10 Dec 10:00" in nudge.notice
    # The older invitation, read again, does not move it back.
    assert tracking.check(moved_at + timedelta(hours=1)).found == []
    assert tracking.store.get_interview(interview.id).at == LATER


def test_a_cancellation_cancels_the_interview_and_nothing_is_due(tracking: World) -> None:
    tracking.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    tracking.check(NOW)
    [interview] = tracking.store.interviews()
    tracking.store.update_interview(replace(interview, role="Data Engineer"), NOW)
    cancelled_at = NOW + timedelta(hours=3)
    tracking.invite(
        "cancel-1@acme.example",
        "evt-1@acme.example",
        AT,
        cancelled_at,
        sequence=1,
        method="CANCEL",
    )
    report = tracking.check(cancelled_at + timedelta(minutes=1))
    assert [f.done for f in report.found] == ["cancelled"]
    timeline = tracking.store.timeline(interview.id)
    assert timeline.interview.cancelled_at == cancelled_at
    after = AT + timedelta(hours=2)
    assert policy.status(timeline, after) is Status.CANCELLED
    assert policy.plan([timeline], tracking.config.policy, after) == []
    assert report.drafts == []
    # A later invitation of the same event reopens it.
    back = NOW + timedelta(days=1)
    tracking.invite("inv-3@acme.example", "evt-1@acme.example", LATER, back, sequence=2)
    assert [f.done for f in tracking.check(back + timedelta(minutes=1)).found] == ["reopened"]
    reopened = tracking.store.timeline(interview.id)
    assert reopened.interview.cancelled_at is None
    assert reopened.interview.at == LATER
    assert policy.status(reopened, back) is Status.SCHEDULED


def test_a_next_round_is_suggested_accepted_and_thanked_to_its_own_interviewers(
    suggesting: World,
) -> None:
    first = suggesting.store.add_interview(
        Interview(
            id=0,
            company="Acme",
            role="Data Engineer",
            at=AT,
            interviewers=(Person(*DANA),),
            domains=("acme.example",),
        ),
        SENT - timedelta(days=7),
    )
    held = AT + timedelta(days=1)
    suggesting.invite(
        "round-2@acme.example",
        "evt-2@acme.example",
        AT + timedelta(days=7),
        held,
        interviewers=[LEE],
    )
    report = suggesting.check(held + timedelta(hours=1), deliver=True)
    [found] = report.found
    assert (found.done, found.interview_id) == ("suggested", first.id)
    assert found.decision.verdict == "round"
    [nudge] = [n for n in suggesting.notifier.sent if n.suggestion is not None]
    assert nudge.title == "Next round found: Acme (Data Engineer), Tue 15 Dec 14:00"
    assert nudge.suggestion == found.suggestion_id
    assert found.suggestion_id is not None

    process = app.accept_suggestion(suggesting.store, found.suggestion_id, held)
    assert process.id == first.id
    assert [r.at for r in process.all_rounds] == [AT, AT + timedelta(days=7)]
    assert [p.address for p in process.interviewers] == ["lee@acme.example"]
    after = AT + timedelta(days=7, hours=2)
    actions = policy.plan(suggesting.store.timelines(), suggesting.config.policy, after)
    [thanks] = [a for a in actions if a.kind is ActionKind.THANK_YOU]
    assert [p.address for p in thanks.to] == ["lee@acme.example"]
    assert suggesting.store.suggestion(found.suggestion_id).state is SuggestionState.ACCEPTED


def test_the_nudge_of_a_suggestion_is_told_once_with_its_buttons(suggesting: World) -> None:
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    report = suggesting.check(NOW, deliver=True)
    [nudge] = suggesting.notifier.sent
    [found] = report.found
    assert nudge.suggestion == found.suggestion_id
    assert nudge.title == "Interview found: Acme, Tue 8 Dec 14:00"
    assert nudge.commands == (
        f"Track it: `watcher track accept {found.suggestion_id}`; ignore it: "
        f"`watcher track ignore {found.suggestion_id}`"
    )
    assert "Dana Reyes" in nudge.notice
    assert [n.headline for n in report.told] == [nudge.title]
    suggesting.check(NOW + timedelta(hours=1), deliver=True)
    assert len(suggesting.notifier.sent) == 1


def test_a_suggestion_decided_before_the_daemon_told_it_is_not_told(suggesting: World) -> None:
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    [found] = suggesting.check(NOW).found
    assert found.suggestion_id is not None
    app.ignore_suggestion(suggesting.store, found.suggestion_id, NOW)
    suggesting.check(NOW + timedelta(minutes=5), deliver=True)
    assert suggesting.notifier.sent == []


def test_a_failed_notifier_tells_the_news_at_the_next_check(suggesting: World) -> None:
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    suggesting.notifier.fail_next()
    report = suggesting.check(NOW, deliver=True)
    assert report.told == [] and suggesting.notifier.sent == []
    assert any("memory" in w for w in report.warnings)
    suggesting.check(NOW + timedelta(minutes=10), deliver=True)
    assert [n.title for n in suggesting.notifier.sent] == ["Interview found: Acme, Tue 8 Dec 14:00"]


def test_a_pending_suggestion_moves_and_is_offered_again(suggesting: World) -> None:
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    [first] = suggesting.check(NOW, deliver=True).found
    suggesting.invite("inv-2@acme.example", "evt-1@acme.example", LATER, NOW, sequence=1)
    [moved] = suggesting.check(NOW + timedelta(minutes=5), deliver=True).found
    assert (moved.done, moved.suggestion_id) == ("suggestion moved", first.suggestion_id)
    assert first.suggestion_id is not None
    got = suggesting.store.suggestion(first.suggestion_id)
    assert (got.state, got.sighting.start, got.sighting.sequence) == (
        SuggestionState.PENDING,
        LATER,
        1,
    )
    assert [n.title for n in suggesting.notifier.sent] == [
        "Interview found: Acme, Tue 8 Dec 14:00",
        "Interview found: Acme, Thu 10 Dec 10:00",
    ]
    assert "It moved from Tue 8 Dec 14:00." in suggesting.notifier.sent[-1].notice


def test_an_ignored_interview_is_never_suggested_again(suggesting: World) -> None:
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT)
    [found] = suggesting.check(NOW).found
    assert found.suggestion_id is not None
    app.ignore_suggestion(suggesting.store, found.suggestion_id, NOW)
    suggesting.invite("inv-2@acme.example", "evt-1@acme.example", LATER, NOW, sequence=4)
    assert suggesting.check(NOW + timedelta(minutes=5)).found == []
    assert [s.state for s in suggesting.store.suggestions()] == [SuggestionState.IGNORED]


def test_an_invitation_in_the_past_is_not_suggested(suggesting: World) -> None:
    suggesting.invite(
        "old@acme.example", "evt-0@acme.example", SENT - timedelta(days=2), SENT - timedelta(days=9)
    )
    assert suggesting.check(NOW).found == []
    assert suggesting.store.suggestions() == []


def test_an_offer_whose_time_has_come_is_not_told_any_more(suggesting: World) -> None:
    soon = NOW + timedelta(hours=3)
    suggesting.invite("inv-1@acme.example", "evt-1@acme.example", soon, SENT)
    assert [f.done for f in suggesting.check(NOW).found] == ["suggested"]
    suggesting.check(soon + timedelta(minutes=1), deliver=True)
    assert suggesting.notifier.sent == []
    assert suggesting.store.untold_news(NOW - timedelta(days=1)) == []


def test_tracking_at_once_suggests_an_interview_that_names_no_company(tracking: World) -> None:
    nameless = Sighting(
        kind=SightingKind.INVITE,
        message_id="inv-1@mail.example",
        uid="evt-1@mail.example",
        sequence=0,
        company="",
        role="",
        start=AT,
        end=None,
        format=Format.VIDEO,
        interviewers=(Person(*DANA),),
        domains=(),
        thread="inv-1@mail.example",
        evidence="synthetic",
    )
    engine = Engine(tracking.store, tracking.config, LEXICON, {"personal": tracking.mailbox})
    folders = Folders(("INBOX",), None, None)
    sync = AccountSync("personal", folders, {}, sightings=[(SENT, nameless)])
    report = CheckReport()
    engine._sightings(sync, report, NOW, {}, [], set())
    assert [(f.done, f.interview_id) for f in report.found] == [("suggested", None)]
    assert tracking.store.interviews() == []
    [pending] = tracking.store.suggestions()
    assert pending.state is SuggestionState.PENDING


def test_a_meeting_named_nothing_is_read_with_the_hosts_earlier_mail(suggesting: World) -> None:
    recruiter = ("Nora Lind", "nora@tessvik.example")
    note = EmailMessage()
    note["From"] = f"{recruiter[0]} <{recruiter[1]}>"
    note["To"] = "Alex Example <alex@example.com>"
    note["Subject"] = "Tessvik Analytics - Staff Data Engineer"
    note["Date"] = format_datetime(SENT - timedelta(days=2))
    note["Message-ID"] = "<note-1@tessvik.example>"
    note["X-Watcher-Test"] = "synthetic"
    note.set_content("Hi Alex,\n\nPlease pick a slot for a first call on my page.\n\nNora\n")
    suggesting.mailbox.deliver("INBOX", bytes(note), SENT - timedelta(days=2))
    assert suggesting.check(SENT - timedelta(days=2) + timedelta(hours=1)).found == []
    # In a later check, the booking names neither the company nor the job.
    suggesting.invite(
        "book-1@tessvik.example",
        "evt-book@tessvik.example",
        AT,
        SENT,
        organizer=recruiter,
        interviewers=(),
        summary="30 Minute Meeting between Nora Lind and Alex Example",
    )
    [found] = suggesting.check(NOW).found
    assert found.done == "suggested"
    seen = found.decision.sighting
    assert (seen.company, seen.role) == ("Tessvik Analytics", "Staff Data Engineer")


def _words(sender: str, subject: str, body: str, message_id: str, sent: datetime) -> bytes:
    note = EmailMessage()
    note["From"] = sender
    note["To"] = "Alex Example <alex@example.com>"
    note["Subject"] = subject
    note["Date"] = format_datetime(sent)
    note["Message-ID"] = f"<{message_id}>"
    note["X-Watcher-Test"] = "synthetic"
    note.set_content(body)
    return bytes(note)


def test_mail_from_a_domain_that_spells_a_company_known_through_its_relay_is_read(
    tracking: World,
) -> None:
    confirmation = _words(
        "Nordhaven Energy <no-reply@us.greenhouse-mail.io>",
        "Interview confirmation - Data Engineer",
        "Hi Alex,\n\nYour interview is confirmed for Tuesday, December 8 at 2:00 PM PT.\n",
        "gh-1@us.greenhouse-mail.io",
        SENT,
    )
    tracking.mailbox.deliver("INBOX", confirmation, SENT)
    tracking.check(NOW)
    [interview] = tracking.store.interviews()
    assert (interview.company, interview.at, interview.domains) == ("Nordhaven Energy", AT, ())
    body = "Hi Alex,\n\nwe need to move our call to Thursday, December 10 at 10:00 AM PT.\n\nKim\n"
    # From a domain that is not the company's, the move is nobody's.
    later = SENT + timedelta(days=1)
    other = _words("Kim Berg <kim@otherfirm.example>", "Tuesday", body, "o-1@x.example", later)
    tracking.mailbox.deliver("INBOX", other, later)
    tracking.check(later + timedelta(minutes=1))
    assert [i.at for i in tracking.store.interviews()] == [AT]
    # From the company's own domain (its name, spelled), it moves the interview.
    later += timedelta(hours=1)
    own = _words("Kim Berg <kim@nordhaven-energy.example>", "Tuesday", body, "n-1@x.example", later)
    tracking.mailbox.deliver("INBOX", own, later)
    tracking.check(later + timedelta(minutes=1))
    assert [i.at for i in tracking.store.interviews()] == [LATER]


def test_an_agencys_cancellation_in_words_reaches_the_interview_its_client_set(
    tracking: World,
) -> None:
    tracking.invite("inv-1@acme.example", "evt-1@acme.example", AT, SENT, summary="Acme interview")
    tracking.check(NOW)
    [interview] = tracking.store.interviews()
    assert interview.company == "Acme"
    later = NOW + timedelta(hours=2)
    body = (
        "Hi Alex,\n\nAcme just let me know that they have to cancel Tuesday's interview; the "
        "hiring manager is away. I will tell you as soon as they propose new times.\n\nSam\n"
    )
    agency = _words(
        "Sam Lowe <sam@lowe-recruiting.example>",
        "Your Acme interview",
        body,
        "a-1@x.example",
        later,
    )
    tracking.mailbox.deliver("INBOX", agency, later)
    report = tracking.check(later + timedelta(minutes=1))
    assert [f.done for f in report.found] == ["cancelled"]
    assert tracking.store.get_interview(interview.id).cancelled_at is not None
