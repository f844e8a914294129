"""The engine (fetch -> record -> plan -> execute) with the in-memory mailbox and a real store.

The synthetic corpus of tests/data/mail (the same one tests/integration/test_check.py runs
against Dovecot) gives the expected matches; smaller scenarios built here cover threads, the
first scan of an old mailbox, repeated and interrupted checks, failures and the search terms.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import sqlite3
import threading
import time
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from watcher import engine as engine_module
from watcher import policy
from watcher.backends.base import MailboxAuthError, MailboxError, SearchTerms
from watcher.backends.memory import MemoryMailbox
from watcher.config import parse_config
from watcher.engine import (
    SEARCH_MARGIN,
    CheckReport,
    Engine,
    Overdue,
    _drafted_as,
    draft_message_id,
    search_terms,
)
from watcher.lexicon import load_lexicon
from watcher.models import (
    ActionKind,
    Address,
    Correction,
    Event,
    EventKind,
    Folders,
    Format,
    Interview,
    Judgment,
    Lexicon,
    Message,
    Outcome,
    Person,
    PersonRole,
    RawMessage,
    ReplyKind,
    Status,
    Timeline,
)
from watcher.record import replace
from watcher.settings import Config, UserConfig
from watcher.store import Store

CORPUS = Path(__file__).resolve().parent / "data" / "mail"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
FILES: dict[str, dict[str, Any]] = EXPECTED["files"]
NOT_RECORDED = {"bulk", "bounce"}
SENT_AS = {  # what the user's own mail in the corpus did
    "22-sent-thank-you-dana.eml": "sent:thank_you",
    "23-sent-follow-up-rita.eml": "sent:follow_up",
}
CORPUS_NOW = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)  # Sat 28 Nov 12:00 in Los Angeles
LEXICON = load_lexicon()

ME = "alex@example.com"
ME_AT_WORK = "alex@work.example"
USER = f"Alex Example <{ME}>"


# --------------------------------------------------------------------------- helpers


def config_text(tmp_path: Path, accounts: Sequence[tuple[str, str]]) -> str:
    text = f"""
[store]
path = "{tmp_path / "watcher.db"}"

[user]
name = "Alex Example"

[policy]
timezone = "America/Los_Angeles"
holidays = "US"
"""
    for name, address in accounts:
        text += f"""
[[accounts]]
name = "{name}"
host = "imap.{name}.example"
username = "alex"
addresses = ["{address}"]
"""
    return text


def make_config(tmp_path: Path, accounts: Sequence[tuple[str, str]]) -> Config:
    return parse_config(config_text(tmp_path, accounts), "test.toml", {}, tmp_path)


def mail(
    sender: str,
    to: str,
    subject: str,
    body: str,
    when: datetime | None,
    message_id: str,
    *,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
) -> bytes:
    """Return a synthetic message; ``when`` None leaves out the Date header."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    if when is not None:
        message["Date"] = format_datetime(when)
    message["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        message["References"] = " ".join(f"<{r}>" for r in references)
    message["X-Watcher-Test"] = "synthetic"
    message.set_content(body)
    return message.as_bytes()


@dataclass
class World:
    """A store and a config in tmp_path, a memory mailbox per account, and the engine."""

    store: Store
    config: Config
    mailboxes: dict[str, MemoryMailbox]
    progress: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def mailbox(self) -> MemoryMailbox:
        return next(iter(self.mailboxes.values()))

    def engine(self) -> Engine:
        return Engine(
            self.store,
            self.config,
            LEXICON,
            self.mailboxes,
            progress=lambda *args: self.progress.append(args),
        )

    def check(self, now: datetime, *, dry_run: bool = False) -> CheckReport:
        return self.engine().check(now, dry_run=dry_run)

    def track(
        self,
        company: str,
        at: datetime,
        *,
        interviewers: Sequence[tuple[str, str]] = (),
        contacts: Sequence[tuple[str, str]] = (),
        domains: Sequence[str] = (),
    ) -> int:
        interview = Interview(
            id=0,
            company=company,
            role="Engineer",
            at=at,
            format=Format.VIDEO,
            interviewers=tuple(Person(n, a) for n, a in interviewers),
            contacts=tuple(Person(n, a, PersonRole.CONTACT) for n, a in contacts),
            domains=tuple(domains),
        )
        return self.store.add_interview(interview, at - timedelta(days=7)).id

    def receive(
        self,
        folder: str,
        sender: str,
        subject: str,
        body: str,
        when: datetime | None,
        message_id: str,
        *,
        to: str = USER,
        account: str = "personal",
        internal: datetime | None = None,
        in_reply_to: str | None = None,
        references: Sequence[str] = (),
    ) -> int:
        """Deliver a synthetic message to ``folder`` of ``account``; return its UID."""
        data = mail(
            sender,
            to,
            subject,
            body,
            when,
            message_id,
            in_reply_to=in_reply_to,
            references=references,
        )
        internal = internal or when
        assert internal is not None
        return self.mailboxes[account].deliver(folder, data, internal)

    def timeline(self, interview_id: int) -> Timeline:
        return self.store.timeline(interview_id)

    def dump(self) -> list[str]:
        with closing(sqlite3.connect(self.config.store_path)) as db:
            return list(db.iterdump())

    def event_count(self) -> int:
        return sum(len(t.events) for t in self.store.timelines())


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    config = make_config(tmp_path, [("personal", ME)])
    store = Store.open(config.store_path)
    try:
        yield World(store, config, {"personal": MemoryMailbox("personal")})
    finally:
        store.close()


@pytest.fixture
def two_accounts(tmp_path: Path) -> Iterator[World]:
    config = make_config(tmp_path, [("personal", ME), ("work", ME_AT_WORK)])
    store = Store.open(config.store_path)
    try:
        yield World(
            store,
            config,
            {"personal": MemoryMailbox("personal"), "work": MemoryMailbox("work")},
        )
    finally:
        store.close()


def load_corpus(world: World) -> dict[str, int]:
    """Track the corpus's interviews and deliver its files; return {company: interview id}."""
    ids = {}
    for item in EXPECTED["interviews"]:
        ids[item["company"]] = world.track(
            item["company"],
            item["at"],
            interviewers=[(p["name"], p["address"]) for p in item["interviewers"]],
            contacts=[(p["name"], p["address"]) for p in item["contacts"]],
            domains=item["domains"],
        )
    for name, facts in sorted(FILES.items()):
        when = facts.get("date")
        internal = when if isinstance(when, datetime) else datetime(2026, 11, 25, tzinfo=UTC)
        world.mailbox.deliver(facts["folder"], (CORPUS / name).read_bytes(), internal)
    return ids


@pytest.fixture
def corpus(world: World) -> tuple[World, dict[str, int]]:
    return world, load_corpus(world)


def parsed_drafts(mailbox: MemoryMailbox) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(data, policy=email.policy.default) for data in mailbox.drafts()
    ]


def message_ids(mailbox: MemoryMailbox, folder: str = "Drafts") -> list[str]:
    found = []
    for stored in mailbox.messages(folder):
        parsed = email.message_from_bytes(stored.data, policy=email.policy.default)
        found.append(str(parsed["Message-ID"]).strip("<>"))
    return found


# --------------------------------------------------------------------------- the corpus


def test_the_corpus_matches_every_message_to_its_interview_with_its_kind(
    corpus: tuple[World, dict[str, int]],
) -> None:
    world, ids = corpus
    report = world.check(CORPUS_NOW)

    expected = {
        facts["message_id"]: (ids[facts["company"]], SENT_AS.get(name, facts["kind"]))
        for name, facts in FILES.items()
        if facts.get("company") and facts["kind"] not in NOT_RECORDED
    }
    got = {m.message_id: (m.interview_id, m.kind) for m in report.matched}
    assert got == expected
    assert len(report.matched) == len(expected)  # each once
    for m in report.matched:
        facts = next(f for f in FILES.values() if f.get("message_id") == m.message_id)
        assert m.sender == facts["sender"]
        assert m.at == facts["date"]
        assert m.account == "personal"
    # Lookalikes, the untracked company, the newsletter and the bounce: nothing recorded.
    for name in ("06", "07", "08", "15", "19"):
        facts = next(f for n, f in FILES.items() if n.startswith(name))
        assert facts["message_id"] not in got, name
    # The message without a Date is skipped and named; the scan went on.
    [skipped] = report.skipped
    assert (skipped.account, skipped.folder) == ("personal", "INBOX")
    assert "no Date" in skipped.reason
    assert report.errors == []
    # 20 of INBOX's 21 messages are candidates by their headers (13 through its thread, in
    # the same scan), and the 2 in Sent.
    assert report.scanned == 20 + 2

    events = {e.message_id: e for t in world.store.timelines() for e in t.events if e.message_id}
    for mid, (interview, kind) in expected.items():
        event = events[mid]
        assert event.interview_id == interview
        if kind.startswith("sent:"):
            assert (event.kind, str(event.action)) == (EventKind.SENT, kind[5:])
        else:
            assert (event.kind, str(event.reply_kind)) == (EventKind.REPLY, kind)


def test_the_corpus_sets_the_statuses(corpus: tuple[World, dict[str, int]]) -> None:
    world, _ids = corpus
    world.check(CORPUS_NOW)
    statuses = {t.interview.company: policy.status(t, CORPUS_NOW) for t in world.store.timelines()}
    assert statuses == {
        "Northwind": Status.NEXT_STEP,
        "Globex": Status.REJECTED,
        "Initech": Status.OFFER,
        "Umbrella Labs": Status.REJECTED,
    }


def test_the_corpus_leaves_threaded_drafts_in_the_drafts_folder(
    corpus: tuple[World, dict[str, int]],
) -> None:
    world, ids = corpus
    report = world.check(CORPUS_NOW)
    expected = {
        (ids["Globex"], "graceful_close"): (
            "Gina Moreau <gina.moreau@globex.example>",
            "Re: Votre candidature chez Globex : développeur back-end",
            "6f8e2b1a.gina.fr@globex.example",
        ),
        (ids["Umbrella Labs"], "graceful_close"): (
            "Jana Becker <jana.becker@umbrella-labs.example>",
            "Re: Ihre Bewerbung bei Umbrella Labs – ML Engineer",
            "b7a31c90-de.absage@umbrella-labs.example",
        ),
        # Initech's offer: tell Northwind (at a next step), in the thread of the last message.
        (ids["Northwind"], "expedite"): (
            "Rita Recruiter <rita@northwind.example>",
            "Re: Northwind: next steps for the Data Engineer role",
            "follow-up.rita.20261127@example.com",
        ),
    }
    assert {(n.interview_id, str(n.kind)) for n in report.nudges} == set(expected)
    assert {(d.action.interview_id, str(d.action.kind)) for d in report.drafts} == set(expected)

    stored = world.mailbox.messages("Drafts")
    assert len(stored) == 3
    assert all({"\\Draft", "\\Seen"} <= m.flags for m in stored)
    by_id = {str(m["Message-ID"]).strip("<>"): m for m in parsed_drafts(world.mailbox)}
    for planned in report.drafts:
        to, subject, parent = expected[(planned.action.interview_id, str(planned.action.kind))]
        sender = Address("Alex Example", ME)
        assert planned.message_id == draft_message_id(f"{planned.action.key}#draft", sender)
        assert (planned.account, planned.folder, planned.subject) == ("personal", "Drafts", subject)
        message = by_id[planned.message_id]
        assert str(message["From"]) == USER
        assert str(message["To"]) == to
        assert str(message["Subject"]) == subject
        assert str(message["In-Reply-To"]) == f"<{parent}>"
        references = str(message["References"]).split()
        assert references[-1] == f"<{parent}>"
        assert message.get_content_type() == "text/plain"
        assert "Alex Example" in message.get_content()
    # Each draft is recorded as a draft event, and its ledger entries are done.
    drafts = [e for t in world.store.timelines() for e in t.events if e.kind is EventKind.DRAFT]
    assert sorted(e.message_id for e in drafts) == sorted(by_id)
    for planned in report.drafts:
        for suffix in ("#nudge", "#draft"):
            entry = world.store.ledger_entry(planned.action.key + suffix)
            assert entry is not None and entry.done_at == CORPUS_NOW
    assert world.store.ledger_pending() == []


def test_no_draft_is_signed_with_a_placeholder_name_and_the_report_says_the_fix(
    world: World,
) -> None:
    world.config = replace(world.config, user=UserConfig(name="Me"))
    at = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    interview = world.track(
        "Northwind", at, interviewers=[("Dana Reyes", "dana@northwind.example")]
    )
    report = world.check(at + timedelta(hours=3))
    assert report.drafts == []
    assert world.mailbox.drafts() == []
    assert [action.kind for action in report.nudges] == [ActionKind.THANK_YOU]
    [error] = report.errors
    assert error.startswith(f"the thank_you draft for interview #{interview} could not be made (")
    assert '[user] name = "Your Full Name"' in error


def test_one_thank_you_draft_per_interviewer(world: World) -> None:
    at = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    interview = world.track(
        "Northwind",
        at,
        interviewers=[
            ("Dana Reyes", "dana@northwind.example"),
            ("Sam Ito", "sam@northwind.example"),
        ],
        contacts=[("Rita Recruiter", "rita@northwind.example")],
        domains=["northwind.example"],
    )
    report = world.check(at + timedelta(hours=3))
    assert [(str(d.action.kind), [p.address for p in d.draft.to]) for d in report.drafts] == [
        ("thank_you", ["dana@northwind.example"]),
        ("thank_you", ["sam@northwind.example"]),
    ]
    messages = parsed_drafts(world.mailbox)
    assert sorted(str(m["To"]) for m in messages) == [
        "Dana Reyes <dana@northwind.example>",
        "Sam Ito <sam@northwind.example>",
    ]
    for message in messages:
        assert str(message["From"]) == USER
        assert message["In-Reply-To"] is None  # no thread yet: a new conversation
        assert message["References"] is None
        assert not str(message["Subject"]).lower().startswith("re:")
    assert {n.interview_id for n in report.nudges} == {interview}


# --------------------------------------------------------------------------- threads


NORTHWIND_AT = datetime(2026, 11, 19, 18, 0, tzinfo=UTC)
RITA = "Rita Recruiter <rita@northwind.example>"
RITA_PERSONAL = "Rita R <rita.recruiter@gmail.example>"
GINA = "Gina Moreau <gina.moreau@globex.example>"
STILL = "Hi Alex,\n\nThe team is still gathering feedback; I will be in touch soon.\n\nRita\n"
DAY = timedelta(days=1)
NO = "Hi Alex,\n\nUnfortunately, we have decided to move forward with other candidates.\n"


def track_northwind(world: World) -> int:
    return world.track(
        "Northwind",
        NORTHWIND_AT,
        interviewers=[("Dana Reyes", "dana@northwind.example")],
        contacts=[("Rita Recruiter", "rita@northwind.example")],
        domains=["northwind.example"],
    )


@pytest.mark.parametrize("later", [False, True], ids=["same-check", "next-check"])
@pytest.mark.parametrize("original_in", ["INBOX", "Sent"])
def test_a_reply_from_a_personal_address_is_found_through_its_thread(
    world: World, original_in: str, later: bool
) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=2)
    original = "orig.1@northwind.example"
    if original_in == "INBOX":
        world.receive("INBOX", RITA, "Northwind: next steps", STILL, at, original)
    else:
        ask = "Hi Rita,\n\nIs there any news on the process?\n\nAlex\n"
        world.receive("Sent", USER, "Checking in", ask, at, original, to=RITA)
    if later:
        first = world.check(at + timedelta(hours=1))
        assert [m.message_id for m in first.matched] == [original]
    # Only In-Reply-To ties the reply to the thread: no tracked address, no tracked domain.
    reply_at = at + timedelta(hours=5)
    world.receive(
        "INBOX",
        RITA_PERSONAL,
        "Re: your question",
        STILL,
        reply_at,
        "personal.2@gmail.example",
        in_reply_to=original,
    )

    report = world.check(reply_at + timedelta(hours=1))

    found = [m for m in report.matched if m.message_id == "personal.2@gmail.example"]
    assert [(m.interview_id, m.kind, m.sender) for m in found] == [
        (interview, "update", RITA_PERSONAL)
    ]
    mail_events = [
        e.message_id
        for e in world.timeline(interview).events
        if e.kind in (EventKind.REPLY, EventKind.SENT)
    ]
    assert mail_events == [original, "personal.2@gmail.example"]


def test_a_thread_is_followed_over_several_hops(world: World) -> None:
    """Each hop is known only once the one before it is: In-Reply-To, then References alone."""
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=2)
    hour = timedelta(hours=1)
    world.receive("INBOX", RITA, "Northwind", STILL, at, "hop.0@northwind.example")
    world.receive(
        "INBOX",
        RITA_PERSONAL,
        "Re: Northwind",
        STILL,
        at + hour,
        "hop.1@gmail.example",
        in_reply_to="hop.0@northwind.example",
    )
    world.receive(
        "INBOX",
        RITA_PERSONAL,
        "Re: Northwind",
        STILL,
        at + 2 * hour,
        "hop.2@gmail.example",
        references=["hop.1@gmail.example"],
    )

    report = world.check(at + timedelta(days=1))

    assert [(m.message_id, m.interview_id) for m in report.matched] == [
        ("hop.0@northwind.example", interview),
        ("hop.1@gmail.example", interview),
        ("hop.2@gmail.example", interview),
    ]


# --------------------------------------------------------------------------- first scan


def test_the_first_scan_of_an_old_mailbox_does_not_flood(world: World) -> None:
    now = datetime(2026, 12, 16, 18, 0, tzinfo=UTC)
    at = now - timedelta(days=21)
    answered = world.track(
        "Acme",
        at,
        interviewers=[("Pat Doe", "pat@acme.example")],
        contacts=[("Quinn Lee", "quinn@acme.example")],
        domains=["acme.example"],
    )
    rejected = world.track(
        "Brightco",
        at,
        interviewers=[("Bo Chen", "bo@brightco.example")],
        contacts=[("Kim Park", "kim@brightco.example")],
        domains=["brightco.example"],
    )
    thanked, followed, answered_at = at + timedelta(hours=3), at + timedelta(days=9), now - DAY * 2
    thanks = "Hi Pat,\n\nThank you for taking the time to speak with me today.\n\nAlex\n"
    news = "Hi Quinn,\n\nI wanted to follow up on my interview. Any news?\n\nAlex\n"
    update = "Hi Alex,\n\nThanks for checking in. The team is still reviewing candidates.\n"
    world.receive(
        "Sent",
        USER,
        "Thank you for today",
        thanks,
        thanked,
        "ty.pat@example.com",
        to="Pat Doe <pat@acme.example>",
    )
    world.receive(
        "Sent",
        USER,
        "Following up",
        news,
        followed,
        "fu.quinn@example.com",
        to="Quinn Lee <quinn@acme.example>",
    )
    world.receive(
        "INBOX",
        "Quinn Lee <quinn@acme.example>",
        "Re: Following up",
        update,
        answered_at,
        "upd.quinn@acme.example",
        in_reply_to="fu.quinn@example.com",
        references=["fu.quinn@example.com"],
    )
    world.receive(
        "INBOX",
        "Kim Park <kim@brightco.example>",
        "Your application at Brightco",
        NO,
        answered_at,
        "rej.kim@brightco.example",
    )

    report = world.check(now)

    assert [(m.message_id, m.kind) for m in report.matched] == [
        ("ty.pat@example.com", "sent:thank_you"),
        ("fu.quinn@example.com", "sent:follow_up"),
        ("upd.quinn@acme.example", "update"),
        ("rej.kim@brightco.example", "rejection"),
    ]
    assert [(n.interview_id, str(n.kind)) for n in report.nudges] == [(rejected, "graceful_close")]
    [draft] = report.drafts
    assert (draft.action.interview_id, str(draft.action.kind)) == (rejected, "graceful_close")
    assert [p.address for p in draft.draft.to] == ["kim@brightco.example"]
    assert draft.draft.in_reply_to == "rej.kim@brightco.example"
    assert len(world.mailbox.drafts()) == 1
    # Acme: nothing due at all; the next follow-up waits for the update's silence.
    acme = world.timeline(answered)
    assert policy.status(acme, now) is Status.AWAITING_REPLY
    planned = policy.plan([acme], world.config.policy, now)
    assert ActionKind.THANK_YOU not in {a.kind for a in planned}
    assert all(a.due > now for a in planned)
    assert policy.status(world.timeline(rejected), now) is Status.REJECTED


def test_a_late_first_scan_raises_no_stale_thank_you(world: World) -> None:
    """Three days after the interview the thank-you is no longer offered, even unsent."""
    at = datetime(2026, 11, 19, 18, 0, tzinfo=UTC)
    track_northwind(world)
    report = world.check(at + timedelta(days=3, hours=1))
    assert ActionKind.THANK_YOU not in {n.kind for n in report.nudges}
    assert world.mailbox.drafts() == []


# --------------------------------------------------------------------------- repeated runs


def test_a_second_check_does_nothing(corpus: tuple[World, dict[str, int]]) -> None:
    world, _ids = corpus
    first = world.check(CORPUS_NOW)
    assert first.matched and first.nudges and first.drafts
    events, dump = world.event_count(), world.dump()
    drafts = world.mailbox.messages("Drafts")
    calls = world.mailbox.calls.copy()

    second = world.check(CORPUS_NOW)

    assert (second.scanned, second.matched, second.nudges, second.drafts) == (0, [], [], [])
    assert (second.skipped, second.errors) == ([], [])
    assert world.event_count() == events
    assert world.mailbox.messages("Drafts") == drafts
    # Nothing new costs one SELECT per folder: no LIST (the folders are kept a day), no
    # search, no fetch, no append.
    assert world.mailbox.calls - calls == {"open": 1, "select": 2, "close": 1}
    # Only the sync states' timestamps moved.
    changed = set(world.dump()) ^ set(dump)
    assert all("sync_state" in line for line in changed)


def test_a_later_check_does_not_make_a_draft_again(corpus: tuple[World, dict[str, int]]) -> None:
    """A draft the user has not sent yet is not made again while its action stays due."""
    world, _ids = corpus
    first = world.check(CORPUS_NOW)
    later = world.check(CORPUS_NOW + timedelta(days=1))
    assert later.nudges == [] and later.drafts == []
    assert len(world.mailbox.drafts()) == len(first.drafts) == 3
    assert world.mailbox.calls["append"] == 3


def test_a_dry_run_writes_nothing_and_announces_what_the_real_run_does(
    corpus: tuple[World, dict[str, int]],
) -> None:
    world, _ids = corpus
    before = world.dump()

    dry = world.check(CORPUS_NOW, dry_run=True)

    assert dry.dry_run is True
    assert dry.matched and dry.nudges and dry.drafts
    assert world.dump() == before
    assert world.mailbox.messages("Drafts") == []
    assert world.mailbox.calls["append"] == 0
    assert world.mailbox.calls["search"] > 0  # it did look

    real = world.check(CORPUS_NOW)

    assert real.dry_run is False
    assert real.matched == dry.matched
    assert real.nudges == dry.nudges
    assert real.drafts == dry.drafts  # the same messages, byte for byte
    assert sorted(message_ids(world.mailbox)) == sorted(d.message_id for d in dry.drafts)


# --------------------------------------------------------------------------- crash safety


def test_a_planned_action_whose_draft_is_in_drafts_is_not_appended_again(
    corpus: tuple[World, dict[str, int]],
) -> None:
    world, _ids = corpus
    planned = world.check(CORPUS_NOW, dry_run=True).drafts
    assert len(planned) == 3
    crashed_after_append, crashed_before_append, _fresh = planned
    # The process died after APPEND (draft in Drafts, ledger planned) and before APPEND.
    for item in (crashed_after_append, crashed_before_append):
        key = f"{item.action.key}#draft"
        kind = str(item.action.kind)
        assert world.store.ledger_plan(key, item.action.interview_id, kind, "{}", CORPUS_NOW)
    world.mailbox.deliver("Drafts", crashed_after_append.data, CORPUS_NOW, flags=("\\Draft",))
    appended = world.mailbox.calls["append"]

    report = world.check(CORPUS_NOW)

    assert sorted(d.message_id for d in report.drafts) == sorted(d.message_id for d in planned)
    assert world.mailbox.calls["append"] - appended == 2
    assert sorted(message_ids(world.mailbox)) == sorted(d.message_id for d in planned)
    assert world.store.ledger_pending() == []
    assert world.check(CORPUS_NOW).drafts == []
    assert len(world.mailbox.messages("Drafts")) == 3


def test_a_failed_append_stays_planned_and_is_retried_once(
    two_accounts: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = two_accounts
    now = datetime(2026, 12, 16, 18, 0, tzinfo=UTC)
    at = now - timedelta(days=10)
    acme = world.track("Acme", at, contacts=[("Quinn", "quinn@acme.example")])
    brightco = world.track("Brightco", at, contacts=[("Kim", "kim@brightco.example")])
    sent = now - DAY
    world.receive("INBOX", "Quinn Lee <quinn@acme.example>", "Acme", NO, sent, "no@acme.example")
    world.receive(
        "INBOX",
        "Kim Park <kim@brightco.example>",
        "Brightco",
        NO,
        sent,
        "no@brightco.example",
        to=ME_AT_WORK,
        account="work",
    )
    healthy = world.mailboxes["personal"]
    tried: list[str] = []

    def failing_append(folder: str, message: bytes, when: datetime) -> None:
        tried.append(folder)
        raise MailboxError("personal: the connection was reset")

    monkeypatch.setattr(healthy, "append_draft", failing_append)

    report = world.check(now)

    assert [(d.account, d.action.interview_id) for d in report.drafts] == [("work", brightco)]
    [error] = report.errors
    assert "'personal'" in error and f"#{acme}" in error and "connection was reset" in error
    assert [e.key for e in world.store.ledger_pending()] == [
        next(n.key for n in report.nudges if n.interview_id == acme) + "#draft"
    ]
    assert len(world.mailboxes["work"].drafts()) == 1

    assert tried == ["Drafts"]
    monkeypatch.undo()
    retry = world.check(now + timedelta(hours=1))
    assert [(d.account, d.action.interview_id) for d in retry.drafts] == [("personal", acme)]
    assert retry.nudges == [] and retry.errors == []
    assert len(healthy.drafts()) == 1
    assert world.store.ledger_pending() == []


def test_a_draft_begun_in_one_account_waits_for_it_and_is_never_made_in_another(
    two_accounts: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = two_accounts
    now = datetime(2026, 12, 16, 18, 0, tzinfo=UTC)
    acme = world.track("Acme", now - timedelta(days=10), contacts=[("Quinn", "quinn@acme.example")])
    world.receive(
        "INBOX", "Quinn Lee <quinn@acme.example>", "Acme", NO, now - DAY, "no@acme.example"
    )
    personal, work = world.mailboxes["personal"], world.mailboxes["work"]

    def lost_answer(folder: str, message: bytes, when: datetime) -> None:
        raise MailboxError("personal: the connection was reset")  # the APPEND may have landed

    monkeypatch.setattr(personal, "append_draft", lost_answer)
    world.check(now)
    monkeypatch.undo()
    [pending] = world.store.ledger_pending()
    assert json.loads(pending.payload)["account"] == "personal"

    # 'personal' is down: the draft waits for it, and is not made in 'work' instead.
    personal.fail_next(MailboxError("personal is down"))
    down = world.check(now + timedelta(hours=1))
    assert down.drafts == [] and work.drafts() == []
    assert "personal" in down.failed

    back = world.check(now + timedelta(hours=2))
    assert [(d.account, d.action.interview_id) for d in back.drafts] == [("personal", acme)]
    assert len(personal.drafts()) == 1 and work.drafts() == []


# --------------------------------------------------------------------------- failures


def test_a_failing_account_is_reported_and_the_other_goes_on(two_accounts: World) -> None:
    world = two_accounts
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=2)
    world.receive("INBOX", RITA, "Northwind", STILL, at, "personal@northwind.example")
    world.receive(
        "INBOX",
        RITA,
        "Northwind",
        STILL,
        at,
        "work@northwind.example",
        to=ME_AT_WORK,
        account="work",
    )
    world.mailboxes["personal"].fail_next(MailboxError("imap.personal.example:993: timed out"))

    report = world.check(at + timedelta(hours=1))

    # No mail of Northwind came through 'personal' before: nothing of it waits for 'personal'.
    assert report.errors == ["account 'personal': imap.personal.example:993: timed out"]
    assert report.drafts == [] and report.nudges == []
    assert [(m.account, m.message_id) for m in report.matched] == [
        ("work", "work@northwind.example")
    ]
    assert world.store.sync_state("personal", "INBOX") is None
    assert world.store.sync_state("work", "INBOX") is not None
    # The next check, with the server back, catches up with the failed account.
    again = world.check(at + timedelta(hours=2))
    assert again.errors == []
    assert [(m.account, m.message_id) for m in again.matched] == [
        ("personal", "personal@northwind.example")
    ]
    assert len(world.timeline(interview).events) == 2


def test_only_the_interviews_of_a_failed_account_wait_for_it(two_accounts: World) -> None:
    world = two_accounts
    northwind = track_northwind(world)
    globex = world.track(
        "Globex", NORTHWIND_AT, contacts=[("Gina Moreau", "gina.moreau@globex.example")]
    )
    at = NORTHWIND_AT + timedelta(days=2)
    world.receive("INBOX", RITA, "Northwind", STILL, at, "still@northwind.example")
    world.check(at + timedelta(hours=1))  # Northwind's mail comes through 'personal'
    no_at = at + timedelta(days=6)
    world.receive(
        "INBOX", GINA, "Globex", NO, no_at, "no@globex.example", to=ME_AT_WORK, account="work"
    )
    world.mailboxes["personal"].fail_next(MailboxError("personal is down"))

    later = at + timedelta(days=9)  # Northwind's follow-up is due, and Globex's graceful close
    report = world.check(later)

    assert report.errors == [
        "account 'personal': personal is down",
        f"no drafts or nudges this time for interview #{northwind}: its mail comes through "
        "account 'personal', which may change what is due",
    ]
    assert {(a.interview_id, a.kind) for a in report.nudges} == {
        (globex, ActionKind.GRACEFUL_CLOSE)
    }
    assert [d.action.interview_id for d in report.drafts] == [globex]
    with_personal = world.check(later + timedelta(hours=1))
    assert with_personal.errors == []
    assert {a.interview_id for a in with_personal.nudges} == {northwind}


def test_a_message_that_breaks_the_parser_is_skipped_recorded_and_passed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=2)
    world.receive("INBOX", RITA, "one", STILL, at, "one@northwind.example")
    poison = world.receive("INBOX", RITA, "poison", STILL, at, "poison@northwind.example")
    world.receive("INBOX", RITA, "three", NO, at + DAY, "three@northwind.example")
    parse = engine_module.parse

    def hostile(raw: RawMessage, account: str) -> Message:
        if raw.uid == poison:
            raise RecursionError("maximum recursion depth exceeded")
        return parse(raw, account)

    monkeypatch.setattr(engine_module, "parse", hostile)
    report = world.check(at + 2 * DAY)

    assert [m.message_id for m in report.matched] == [
        "one@northwind.example",
        "three@northwind.example",
    ]
    [skipped] = report.skipped
    assert (skipped.uid, skipped.reason) == (poison, "it could not be read (RecursionError)")
    assert [(a, f, u) for a, f, u, *_ in world.store.skipped()] == [("personal", "INBOX", poison)]
    replies = [e for e in world.timeline(interview).events if e.kind is EventKind.REPLY]
    assert len(replies) == 2
    again = world.check(at + 3 * DAY)  # the sync moved past it: it is not read again
    assert again.scanned == 0 and again.skipped == []


def test_a_message_that_breaks_the_matcher_is_skipped_and_the_others_recorded(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=2)
    world.receive("INBOX", RITA, "one", STILL, at, "one@northwind.example")
    world.receive("INBOX", RITA, "poison", STILL, at + DAY, "poison@northwind.example")
    match = engine_module.matching.match

    def hostile(message: Message, *args: Any) -> Any:
        if message.message_id == "poison@northwind.example":
            raise RecursionError("maximum recursion depth exceeded")
        return match(message, *args)

    monkeypatch.setattr(engine_module.matching, "match", hostile)
    report = world.check(at + 2 * DAY)
    assert [m.message_id for m in report.matched] == ["one@northwind.example"]
    [skipped] = report.skipped
    assert skipped.message_id == "poison@northwind.example"
    assert skipped.reason == "it could not be matched or classified (RecursionError)"


class StallingMailbox(MemoryMailbox):
    """A memory mailbox whose fetch hangs until it is interrupted (a server that stalls)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.woken = threading.Event()

    def fetch(self, *args: Any) -> Any:
        self.woken.wait(30)
        raise MailboxError(f"{self.name}: the connection was shut down")

    def interrupt(self) -> None:
        self.woken.set()


def test_a_stalling_account_costs_the_others_only_its_deadline(tmp_path: Path) -> None:
    text = config_text(tmp_path, [("personal", ME), ("work", ME_AT_WORK)])
    text = text.replace('name = "work"', 'name = "work"\ntimeout = 0.05')
    config = parse_config(text, "test.toml", {}, tmp_path)
    with Store.open(config.store_path) as store:
        stalling = StallingMailbox("work")
        world = World(store, config, {"personal": MemoryMailbox("personal"), "work": stalling})
        track_northwind(world)
        at = NORTHWIND_AT + timedelta(days=2)
        world.receive("INBOX", RITA, "Northwind", STILL, at, "still@northwind.example")
        started = time.monotonic()
        report = world.check(at + timedelta(hours=1))
        took = time.monotonic() - started
    assert stalling.woken.is_set()
    assert report.failed["work"].__class__ is Overdue
    assert report.errors[0].startswith("account 'work': the server did not finish within 0.5 s")
    assert [m.message_id for m in report.matched] == ["still@northwind.example"]
    assert took < 5  # the deadline (0.5 s) and the abort, not the 30 s the stall would last


def test_an_unexpected_error_of_one_account_is_an_account_failure(two_accounts: World) -> None:
    world = two_accounts
    track_northwind(world)

    def lying(*args: Any) -> Any:
        raise MemoryError  # what a server's claimed 99,999,999,999-byte literal ends in

    world.mailboxes["work"].fetch = lying  # type: ignore[method-assign]
    report = world.check(NORTHWIND_AT + timedelta(hours=2))
    assert list(report.failed) == ["work"]
    assert report.errors[0] == "account 'work': it failed (MemoryError); it is tried again later"


def test_every_account_failing_still_nudges_the_interviews_without_mail(
    two_accounts: World,
) -> None:
    world = two_accounts
    northwind = track_northwind(world)  # tracked by hand: no mail came through any account
    world.mailboxes["personal"].fail_next(MailboxError("personal is down"))
    world.mailboxes["work"].fail_next(MailboxError("work is down"))

    report = world.check(NORTHWIND_AT + timedelta(hours=2))

    assert sorted(report.failed) == ["personal", "work"]
    assert report.errors == [
        "account 'personal': personal is down",
        "account 'work': work is down",
    ]
    # Its thank-you is due: told (no account can take its draft today).
    assert [(a.interview_id, a.kind) for a in report.nudges] == [(northwind, ActionKind.THANK_YOU)]
    assert report.drafts == []
    assert world.store.sync_state("personal", "INBOX") is None
    assert all(not m.opened for m in world.mailboxes.values())  # both were closed


def test_a_fetch_failing_midway_records_nothing_of_that_account(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=2)
    world.receive("INBOX", RITA, "Northwind", STILL, at, "a@northwind.example")
    box = world.mailbox
    fetch = box.fetch
    fetched: list[str] = []

    def failing_fetch(folder: str, *args: Any) -> Any:
        fetched.append(folder)
        if folder == "Sent":
            raise MailboxError("Sent: the connection was reset")
        return fetch(folder, *args)

    monkeypatch.setattr(box, "fetch", failing_fetch)
    report = world.check(at + timedelta(hours=1))
    assert list(report.failed) == ["personal"]
    assert fetched == ["Sent"]  # Sent is read first
    assert [e for e in world.timeline(interview).events if e.kind is not EventKind.NUDGE] == []
    assert world.store.sync_state("personal", "INBOX") is None


def test_a_message_without_a_date_is_skipped_and_the_scan_goes_on(world: World) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=2)
    world.receive("INBOX", RITA, "one", STILL, at, "one@northwind.example")
    bad = world.receive("INBOX", RITA, "undated", STILL, None, "bad@northwind.example", internal=at)
    world.receive("INBOX", RITA, "three", STILL, at, "three@northwind.example")

    report = world.check(at + timedelta(hours=1))

    [skipped] = report.skipped
    assert (skipped.account, skipped.folder, skipped.uid) == ("personal", "INBOX", bad)
    assert "no Date header" in skipped.reason
    assert [m.message_id for m in report.matched] == [
        "one@northwind.example",
        "three@northwind.example",
    ]
    assert report.scanned == 3
    assert report.errors == []
    assert len(world.timeline(interview).events) == 2
    # Reported once: the next check does not fetch it again.
    assert world.check(at + timedelta(hours=2)).skipped == []


def test_copies_of_a_message_in_several_folders_are_recorded_once(tmp_path: Path) -> None:
    text = config_text(tmp_path, [("personal", ME)]).replace(
        f'addresses = ["{ME}"]', f'addresses = ["{ME}"]\nfolders = ["INBOX", "Recruiting"]'
    )
    config = parse_config(text, "test.toml", {}, tmp_path)
    folders = ("INBOX", "Recruiting", "Sent", "Drafts")
    box = MemoryMailbox("personal", folders=folders, inbox=("INBOX", "Recruiting"))
    with closing(Store.open(config.store_path)) as store:
        world = World(store, config, {"personal": box})
        interview = track_northwind(world)
        at = NORTHWIND_AT + timedelta(days=2)
        data = mail(RITA, USER, "Northwind", NO, at, "no@northwind.example")
        for folder in ("INBOX", "Recruiting", "INBOX"):
            box.deliver(folder, data, at)

        report = world.check(at + timedelta(hours=1))

        assert report.scanned == 3
        assert [m.message_id for m in report.matched] == ["no@northwind.example"]
        assert [str(d.action.kind) for d in report.drafts] == ["graceful_close"]
        replies = [e for e in world.timeline(interview).events if e.kind is EventKind.REPLY]
        assert len(replies) == 1
        assert world.progress == [("personal/INBOX", 2, 2), ("personal/Recruiting", 1, 1)]


# --------------------------------------------------------------------------- resync


def test_a_changed_uidvalidity_rescans_without_duplicates(
    corpus: tuple[World, dict[str, int]],
) -> None:
    world, _ids = corpus
    first = world.check(CORPUS_NOW)
    events = world.event_count()
    box = world.mailbox
    old = world.store.sync_state("personal", "INBOX")
    assert old is not None
    new_validity = box.reset_uidvalidity("INBOX")
    late = CORPUS_NOW + timedelta(hours=1)
    world.receive("INBOX", RITA, "Re: Northwind: next steps", STILL, late, "late@northwind.example")
    searches = box.calls["search"]

    report = world.check(late + timedelta(minutes=5))

    assert box.calls["search"] > searches  # INBOX searched again from `since`
    assert [m.message_id for m in report.matched] == ["late@northwind.example"]
    assert report.nudges == [] and report.drafts == []
    # The bounded rescan: the same 20 candidates and the new one.
    assert report.scanned == 20 + 1
    assert world.event_count() == events + 1
    state = world.store.sync_state("personal", "INBOX")
    assert state is not None and state.uidvalidity == new_validity != old.uidvalidity
    assert len(box.drafts()) == len(first.drafts)
    # A rescan reports the malformed message again, as the scan meets it again.
    assert len(report.skipped) == 1


def test_a_new_interview_changes_the_terms_and_finds_its_older_mail(world: World) -> None:
    northwind = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=1)
    world.receive("INBOX", RITA, "Northwind", STILL, at, "nw@northwind.example")
    world.receive("INBOX", GINA, "Globex", NO, at, "gx@globex.example")
    now = at + timedelta(days=1)
    first = world.check(now)
    assert [m.message_id for m in first.matched] == ["nw@northwind.example"]
    assert first.scanned == 1  # the Globex mail names no term: not even fetched
    key = world.store.sync_state("personal", "INBOX")

    globex = world.track(
        "Globex",
        NORTHWIND_AT - DAY,
        contacts=[("Gina Moreau", "gina.moreau@globex.example")],
        domains=["globex.example"],
    )
    second = world.check(now + timedelta(hours=1))

    assert [(m.message_id, m.interview_id, m.kind) for m in second.matched] == [
        ("gx@globex.example", globex, "rejection")
    ]
    assert second.scanned == 2  # searched again from the new `since`
    state = world.store.sync_state("personal", "INBOX")
    assert key is not None and state is not None and state.terms_key != key.terms_key
    assert len(world.timeline(northwind).events) == 1


def test_a_rescan_does_not_record_a_message_for_a_second_interview(world: World) -> None:
    first = world.track(
        "Northwind",
        NORTHWIND_AT,
        interviewers=[("Dana Reyes", "dana@northwind.example")],
        domains=["northwind.example"],
    )
    at = NORTHWIND_AT + timedelta(days=2)
    world.receive("INBOX", RITA, "Platform Engineer", NO, at, "no@northwind.example")
    assert [m.interview_id for m in world.check(at + timedelta(hours=1)).matched] == [first]
    # A second process at the same company, with Rita as its contact: new terms, a rescan.
    world.track(
        "Northwind",
        NORTHWIND_AT + DAY,
        contacts=[("Rita Recruiter", "rita@northwind.example")],
        domains=["northwind.example"],
    )

    report = world.check(at + timedelta(hours=2))

    holders = [
        t.interview.id
        for t in world.store.timelines()
        for e in t.events
        if e.message_id == "no@northwind.example"
    ]
    assert len(holders) == 1, holders
    assert report.matched == []


# --------------------------------------------------------------------------- progress


def test_progress_counts_each_folder_to_its_end(corpus: tuple[World, dict[str, int]]) -> None:
    world, _ids = corpus
    world.check(CORPUS_NOW)
    assert world.progress == [("personal/Sent", 2, 2), ("personal/INBOX", 20, 20)]


def test_progress_of_a_long_scan_is_reported_along_the_way(world: World) -> None:
    track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=1)
    for number in range(450):
        world.receive("INBOX", RITA, f"digest {number}", "Hello.\n", at, f"{number}@nw.example")
    world.check(at + timedelta(days=1))
    inbox = [p for p in world.progress if p[0] == "personal/INBOX"]
    assert inbox == [
        ("personal/INBOX", 200, 450),
        ("personal/INBOX", 400, 450),
        ("personal/INBOX", 450, 450),
    ]
    done, total = world.progress[-1][1:]
    assert done == total


# --------------------------------------------------------------------------- search terms


def timeline(
    interview_id: int,
    at: datetime,
    *,
    people: Sequence[str] = (),
    domains: Sequence[str] = (),
    outcome: Outcome | None = None,
    thread: Sequence[str] = (),
) -> Timeline:
    interview = Interview(
        id=interview_id,
        company=f"Company {interview_id}",
        role="Engineer",
        at=at,
        interviewers=tuple(Person("", a) for a in people),
        domains=tuple(domains),
        outcome=outcome,
        closed_at=at if outcome else None,
    )
    events = tuple(
        Event(interview_id, EventKind.REPLY, at + timedelta(hours=i), message_id=mid)
        for i, mid in enumerate(thread)
    )
    return Timeline(interview, events)


AT = datetime(2026, 11, 19, 18, 0, tzinfo=UTC)


def ats_domains(lexicon: Lexicon) -> set[str]:
    return {d for system in lexicon.ats for d in system.domains}


def test_search_terms_name_the_open_interviews_and_the_ats_relays() -> None:
    open_one = timeline(
        1,
        AT,
        people=["dana@northwind.example"],
        domains=["northwind.example"],
        thread=["a@northwind.example"],
    )
    closed = timeline(
        2,
        AT - timedelta(days=60),
        people=["hank@globex.example"],
        domains=["globex.example"],
        outcome=Outcome.REJECTED,
        thread=["b@globex.example"],
    )
    terms, _key = search_terms([open_one, closed], LEXICON)

    assert terms.since == (AT - SEARCH_MARGIN).date() == date(2026, 11, 5)
    candidates = terms.candidates
    assert candidates is not None
    assert candidates.people == {"dana@northwind.example"}
    assert candidates.domains == {"northwind.example"}
    assert {"us.greenhouse-mail.io", "hire.lever.co", "myworkday.com"} <= candidates.relays
    assert candidates.events == {"a@northwind.example"}


def test_search_terms_with_every_interview_closed_are_empty() -> None:
    closed = timeline(1, AT, people=["dana@northwind.example"], outcome=Outcome.GHOSTED)
    assert search_terms([closed], LEXICON) == (SearchTerms(since=date.max), "none")
    assert search_terms([], LEXICON)[0].empty


def test_the_terms_key_ignores_thread_ids_but_not_people_domains_or_since() -> None:
    base = timeline(1, AT, people=["dana@northwind.example"], domains=["northwind.example"])
    _terms, key = search_terms([base], LEXICON)

    threaded = replace(base, events=timeline(1, AT, thread=["x@northwind.example"]).events)
    terms, same = search_terms([threaded], LEXICON)
    assert terms.candidates is not None
    assert terms.candidates.events == {"x@northwind.example"}
    assert same == key

    def changed(**fields: Any) -> Timeline:
        return replace(base, interview=replace(base.interview, **fields))

    rita = Person("Rita", "rita@northwind.example", PersonRole.CONTACT)
    person = changed(contacts=(rita,))
    domain = changed(domains=("northwind.example", "nw.example"))
    earlier = changed(at=AT - timedelta(days=3))
    other = timeline(2, AT + timedelta(days=1), people=["pat@acme.example"])
    keys = {
        key,
        search_terms([person], LEXICON)[1],
        search_terms([domain], LEXICON)[1],
        search_terms([earlier], LEXICON)[1],
        search_terms([base, other], LEXICON)[1],
    }
    assert len(keys) == 5
    # The same interview later in the day: the same `since` date, the same key.
    moved = changed(at=AT + timedelta(hours=2))
    assert search_terms([moved], LEXICON)[1] == key


def test_a_draft_the_user_sent_counts_as_its_kind(world: World) -> None:
    """An expedite sent from watcher's draft is an expedite, not "a follow-up": once it is in
    Sent, the expedite is done and no follow-up is counted (the policy reads the kinds)."""
    northwind = track_northwind(world)
    world.track(
        "Globex",
        NORTHWIND_AT - DAY,
        contacts=[("Gina Moreau", "gina.moreau@globex.example")],
        domains=["globex.example"],
    )
    offer_at = NORTHWIND_AT + 2 * DAY
    offer = "Hi Alex,\n\nWe are pleased to extend an offer to you for the Engineer role.\n\nGina\n"
    world.receive("INBOX", GINA, "Your offer", offer, offer_at, "offer@globex.example")
    first = world.check(offer_at + timedelta(hours=1))
    [expedite] = [d for d in first.drafts if d.action.kind is ActionKind.EXPEDITE]
    assert expedite.action.interview_id == northwind
    world.receive(
        "Sent",
        USER,
        expedite.subject,
        "Hi Rita, ...",
        offer_at + timedelta(hours=2),
        "sent-expedite@example.com",
        to=RITA,
    )
    world.check(offer_at + timedelta(hours=3))
    sent = [e for e in world.timeline(northwind).events if e.kind is EventKind.SENT]
    assert [(e.action, e.message_id) for e in sent] == [
        (ActionKind.EXPEDITE, "sent-expedite@example.com")
    ]
    later = world.check(offer_at + timedelta(hours=4))
    assert later.drafts == [] and later.nudges == []


def test_the_folders_are_listed_again_after_a_day_or_when_a_kept_one_fails(world: World) -> None:
    track_northwind(world)
    world.check(NORTHWIND_AT)
    calls = world.mailbox.calls.copy()
    world.check(NORTHWIND_AT + timedelta(hours=23))
    assert (world.mailbox.calls - calls).get("list", 0) == 0
    calls = world.mailbox.calls.copy()
    world.check(NORTHWIND_AT + timedelta(hours=25))
    assert (world.mailbox.calls - calls).get("list", 0) == 1
    # The server renamed Sent: the kept name fails, the folders are listed again, and the
    # check still succeeds with the new name.
    world.mailbox.create_folder("Sent Items")
    del world.mailbox.mail["Sent"]
    world.mailbox._sent = "Sent Items"  # what its special-use flag now marks
    report = world.check(NORTHWIND_AT + timedelta(hours=26))
    assert report.errors == []
    assert world.store.account_folders("personal")[0].sent == "Sent Items"


def test_refused_credentials_with_kept_folders_are_not_tried_twice(world: World) -> None:
    track_northwind(world)
    world.check(NORTHWIND_AT)
    calls = world.mailbox.calls.copy()
    world.mailbox.fail_next(MailboxAuthError("refused"))
    report = world.check(NORTHWIND_AT + timedelta(hours=1))
    assert isinstance(report.failed["personal"], MailboxAuthError)
    assert (world.mailbox.calls - calls).get("list", 0) == 0  # no second try with new folders


def test_a_retried_sync_records_everything_the_failed_attempt_saw(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With kept folders, the thread search fails once: the folders are listed again and the
    sync retried; nothing the first attempt learned may be lost or counted twice."""
    interview = track_northwind(world)
    at = NORTHWIND_AT + 2 * DAY
    world.check(at + 2 * DAY - timedelta(hours=1))  # keeps the folders
    world.receive("INBOX", RITA, "Northwind", STILL, at, "orig.1@northwind.example")
    world.receive(
        "INBOX",
        RITA_PERSONAL,
        "Re: Northwind",
        "Thanks!",
        at + DAY,
        "personal.2@gmail.example",
        in_reply_to="orig.1@northwind.example",
    )
    box = world.mailbox
    fetch = box.fetch
    calls = []

    def fetch_failing_once(folder: str, *args: Any) -> Any:
        calls.append(folder)
        if len(calls) == 3:  # INBOX, Sent, then the first thread search
            raise MailboxError("the connection was reset")
        return fetch(folder, *args)

    monkeypatch.setattr(box, "fetch", fetch_failing_once)
    report = world.check(at + 2 * DAY)
    assert report.errors == []
    assert [m.message_id for m in report.matched] == [
        "orig.1@northwind.example",
        "personal.2@gmail.example",
    ]
    assert report.scanned == 2
    stored = {e.message_id for e in world.timeline(interview).events if e.kind is EventKind.REPLY}
    assert stored == {"orig.1@northwind.example", "personal.2@gmail.example"}


def test_a_folder_read_from_the_start_has_its_threads_searched_in_every_folder(
    world: World,
) -> None:
    """A reply already in INBOX is found once its original turns up in a folder synced for
    the first time (Jobs, added to the account's folders later)."""
    interview = track_northwind(world)
    box = world.mailbox
    box.create_folder("Jobs")
    at = NORTHWIND_AT + 2 * DAY
    world.receive(
        "INBOX",
        RITA_PERSONAL,
        "Re: Northwind",
        "Thanks!",
        at + DAY,
        "personal.2@gmail.example",
        in_reply_to="orig.1@northwind.example",
    )
    world.check(at + 2 * DAY)
    assert world.timeline(interview).events == ()
    world.receive("Jobs", RITA, "Northwind", STILL, at, "orig.1@northwind.example")
    box._inbox = ("INBOX", "Jobs")  # what the server now lists for the account's folders
    world.store.forget_account_folders("personal")
    report = world.check(at + 3 * DAY)
    assert {m.message_id for m in report.matched} == {
        "orig.1@northwind.example",
        "personal.2@gmail.example",
    }


def test_kept_folders_listed_in_the_future_or_without_drafts_are_listed_again(
    world: World,
) -> None:
    track_northwind(world)
    world.check(NORTHWIND_AT + 7 * DAY)  # a replay a week ahead keeps folders "from then"
    calls = world.mailbox.calls.copy()
    world.check(NORTHWIND_AT + DAY)
    assert (world.mailbox.calls - calls).get("list", 0) == 1
    world.store.save_account_folders(
        "personal", Folders(inbox=("INBOX",), sent="Sent", drafts=None), NORTHWIND_AT + DAY
    )
    calls = world.mailbox.calls.copy()
    world.check(NORTHWIND_AT + DAY + timedelta(hours=1))
    assert (world.mailbox.calls - calls).get("list", 0) == 1


def test_a_sent_message_takes_a_drafts_kind_only_when_one_kind_matches() -> None:
    at = NORTHWIND_AT + 3 * DAY

    def draft(kind: ActionKind, hours: int) -> Event:
        return Event(
            interview_id=1,
            kind=EventKind.DRAFT,
            at=at + timedelta(hours=hours),
            action=kind,
            subject="Re: Interview confirmation",
            recipients=("rita@northwind.example",),
        )

    sent = Message(
        account="personal",
        folder="Sent",
        uid=9,
        message_id="s@example.com",
        date=at + timedelta(hours=5),
        sender=Address("Alex", ME),
        subject="RE: Interview confirmation",
        to=(Address("Rita", "rita@northwind.example"),),
    )
    interview = Interview(id=1, company="Northwind", role="Engineer", at=NORTHWIND_AT)
    one_kind = Timeline(interview, (draft(ActionKind.EXPEDITE, 1),))
    assert _drafted_as(sent, one_kind) is ActionKind.EXPEDITE
    two_kinds = Timeline(interview, (draft(ActionKind.FOLLOW_UP, 1), draft(ActionKind.EXPEDITE, 2)))
    assert _drafted_as(sent, two_kinds) is None
    later = Timeline(interview, (draft(ActionKind.EXPEDITE, 6),))  # made after it was sent
    assert _drafted_as(sent, later) is None
    elsewhere = replace(sent, to=(Address("Dana", "dana@northwind.example"),))
    assert _drafted_as(elsewhere, one_kind) is None


# --------------------------------------------------------------------------- judgments, corrections

DANA = "Dana Reyes <dana@northwind.example>"
MISREAD = (
    "Hi Alex,\n\nWe are still meeting the other candidates whose schedules were tight. We "
    "would love to invite you to a final round.\n\nRita\n"
)


def test_every_message_judged_is_kept_with_its_reasons(world: World) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=1)
    world.receive("INBOX", RITA, "Next steps", MISREAD, at, "r.1@northwind.example")
    world.receive("INBOX", "Bob <bob@northwind-io.example>", "Hi", "Hello.\n", at, "x.1@else")
    # The header scan is a superset: a recruiting sender of a lookalike domain is fetched, then
    # matches nothing.
    world.mailbox.deliver(
        "INBOX",
        mail("careers@northwind.example.evil", ME, "Hi", "Hello.\n", at, "x.2@else"),
        at,
    )
    report = world.check(at + timedelta(hours=1))
    (matched,) = report.matched
    assert matched.evidence[0] == (
        "person: the sender rita@northwind.example is contact Rita Recruiter"
    )
    assert matched.evidence[1] == (
        "rejection: sentence 2 says 'We are still meeting the other candidates whose schedules "
        "were tight.' ('other candidates whose')"
    )
    (judged,) = world.store.judgments_of("r.1@northwind.example")
    assert (judged.interview_id, judged.kind, judged.counts_as_reply) == (
        interview,
        "rejection",
        True,
    )
    assert judged.thread == "r.1@northwind.example"
    assert judged.judged_at == at + timedelta(hours=1)
    (stranger,) = world.store.judgments_of("x.2@else")
    assert stranger.interview_id is None and stranger.kind is None
    assert stranger.evidence[0].startswith(
        "no tie to any interview: the sender careers@northwind.example.evil is none of the tracked "
        "people; northwind.example.evil is not a tracked domain (northwind.example)"
    )


def test_a_dry_run_keeps_no_judgment(world: World) -> None:
    track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=1)
    world.receive("INBOX", RITA, "Next steps", MISREAD, at, "r.1@northwind.example")
    report = world.check(at + timedelta(hours=1), dry_run=True)
    assert report.matched[0].evidence
    assert world.store.recent_judgments(10) == []


def test_a_correction_reads_later_mail_of_that_sender_in_that_thread_only(world: World) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=1)
    world.receive("INBOX", RITA, "Next steps", MISREAD, at, "r.1@northwind.example")
    world.check(at + timedelta(hours=1))
    fixed_at = at + timedelta(hours=2)
    world.store.add_correction(
        Correction(
            "r.1@northwind.example",
            "r.1@northwind.example",
            "rita@northwind.example",
            interview,
            ReplyKind.NEXT_STEP,
            fixed_at,
        )
    )
    later = at + timedelta(days=1)
    thread = ("r.1@northwind.example",)
    world.receive(
        "INBOX", RITA, "Re: Next steps", MISREAD, later, "r.2@northwind.example", references=thread
    )
    world.receive("INBOX", RITA, "Another role", MISREAD, later, "o.1@northwind.example")
    # Dana writes in the same thread: the correction is Rita's, not hers.
    world.receive(
        "INBOX", DANA, "Re: Next steps", MISREAD, later, "d.1@northwind.example", references=thread
    )
    report = world.check(later + timedelta(hours=1))
    kinds = {m.message_id: m for m in report.matched}
    assert kinds["r.2@northwind.example"].kind == "next_step"
    assert kinds["r.2@northwind.example"].evidence[0] == (
        f"interview #{interview}, next_step: corrected by you on "
        f"{fixed_at.astimezone(world.config.policy.timezone).date()} (watcher track heard)"
    )
    assert kinds["r.2@northwind.example"].evidence[1].startswith("watcher had read it so: person:")
    assert kinds["o.1@northwind.example"].kind == "rejection"
    assert kinds["d.1@northwind.example"].kind == "rejection"
    (judged,) = world.store.judgments_of("r.2@northwind.example")
    assert judged.corrected and judged.kind == "next_step"


def test_a_correction_that_rules_an_interview_out_keeps_the_thread_from_it(world: World) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + timedelta(days=1)
    world.store.add_correction(
        Correction("r.1@n", "r.1@northwind.example", "rita@northwind.example", interview, None, at)
    )
    world.receive(
        "INBOX",
        RITA,
        "Re: Next steps",
        MISREAD,
        at,
        "r.2@northwind.example",
        references=("r.1@northwind.example",),
    )
    world.receive("INBOX", RITA, "Other", MISREAD, at, "o.1@northwind.example")
    report = world.check(at + timedelta(hours=1))
    assert [m.message_id for m in report.matched] == ["o.1@northwind.example"]
    (judged,) = world.store.judgments_of("r.2@northwind.example")
    assert judged.interview_id is None
    assert judged.evidence[0].startswith(f"not about interview #{interview}: corrected by you")


# --------------------------------------------------------------------------- settled by headers

SHOP = "Northwind Store <orders@shop.northwind.example>"
RECEIPT = "Hi Alex,\n\nThanks for your order #4411: one mug.\n\nNorthwind Store\n"


def shop_mail(subject: str, body: str, when: datetime, message_id: str) -> bytes:
    """List mail from the tracked company's own shop (List-Unsubscribe)."""
    data = mail(SHOP, USER, subject, body, when, message_id)
    return b"List-Unsubscribe: <https://shop.northwind.example/u>\r\n" + data


def fetched(world: World, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the Message-IDs of the messages the mailbox hands over whole (with bodies)."""
    whole: list[str] = []
    fetch = world.mailbox.fetch

    def watched(*args: Any) -> Any:
        result = fetch(*args)
        for raw in result.messages:
            message_id = re.search(rb"Message-ID: <([^>]*)>", raw.headers, re.IGNORECASE)
            whole.append(message_id.group(1).decode() if message_id else "")
        return result

    monkeypatch.setattr(world.mailbox, "fetch", watched)
    return whole


@pytest.fixture
def unsettled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """A second world whose checks settle nothing from the headers (every candidate is read
    whole, as before the header decision): the judgments to compare with."""
    folder = tmp_path / "unsettled"
    folder.mkdir()
    config = make_config(folder, [("personal", ME)])
    store = Store.open(config.store_path)
    try:
        yield World(store, config, {"personal": MemoryMailbox("personal")})
    finally:
        store.close()


def judgments(world: World) -> list[Judgment]:
    """Every judgment kept, in the order they were made."""
    return list(reversed(world.store.recent_judgments(10_000)))


def never_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module.matching.Candidates, "settled", lambda self, message: False)


def test_the_corpus_is_judged_the_same_when_its_list_mail_is_settled_by_its_headers(
    corpus: tuple[World, dict[str, int]], unsettled: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world, _ids = corpus
    load_corpus(unsettled)
    whole = fetched(world, monkeypatch)
    report = world.check(CORPUS_NOW)
    newsletter = FILES["06-northwind-newsletter.eml"]["message_id"]
    assert newsletter not in whole  # its body was never fetched
    never_settle(monkeypatch)
    whole_unsettled = fetched(unsettled, monkeypatch)
    again = unsettled.check(CORPUS_NOW)
    assert newsletter in whole_unsettled
    assert judgments(world) == judgments(unsettled)
    assert [j.message_id for j in judgments(world)].count(newsletter) == 1
    assert (report.scanned, report.matched) == (again.scanned, again.matched)


def test_settled_mail_keeps_its_place_in_the_order_of_judging(
    world: World, unsettled: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Judgments are kept in the order of the messages' dates, the settled ones among them."""
    for each in (world, unsettled):
        track_northwind(each)
        at = NORTHWIND_AT + DAY
        each.receive("INBOX", RITA, "Next steps", STILL, at + 3 * DAY, "r.2@northwind.example")
        for n in range(3):
            each.mailbox.deliver(
                "INBOX", shop_mail(f"Order #{n}", RECEIPT, at + n * 2 * DAY, f"s{n}@shop"), at
            )
        each.receive("INBOX", RITA, "Update", STILL, at + DAY, "r.1@northwind.example")
    whole = fetched(world, monkeypatch)
    world.check(NORTHWIND_AT + 9 * DAY)
    assert sorted(whole) == ["r.1@northwind.example", "r.2@northwind.example"]
    order = [j.message_id for j in judgments(world)]
    assert order == [
        "s0@shop",
        "r.1@northwind.example",
        "s1@shop",
        "r.2@northwind.example",
        "s2@shop",
    ]
    never_settle(monkeypatch)
    unsettled.check(NORTHWIND_AT + 9 * DAY)
    assert judgments(world) == judgments(unsettled)


def test_settled_mail_two_interviews_contend_for_is_judged_after_what_came_before_it(
    world: World, unsettled: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes at Northwind: a shop receipt belongs to the one that took place last,
    unless that one was rejected before the receipt came, in the same check (the other is
    still going). Which it is depends on mail judged before it, so it is not judged early."""
    for each in (world, unsettled):
        older = each.track("Northwind", NORTHWIND_AT - 5 * DAY, domains=["northwind.example"])
        newer = track_northwind(each)
        each.receive("INBOX", RITA, "Your application", NO, NORTHWIND_AT + DAY, "no@northwind")
        shop = shop_mail("Order #1", RECEIPT, NORTHWIND_AT + 2 * DAY, "s1@shop")
        each.mailbox.deliver("INBOX", shop, NORTHWIND_AT + 2 * DAY)
    whole = fetched(world, monkeypatch)
    report = world.check(NORTHWIND_AT + 3 * DAY)
    assert whole == ["no@northwind"]
    assert [(m.message_id, m.interview_id, m.kind) for m in report.matched] == [
        ("no@northwind", newer, "rejection")
    ]
    (receipt,) = world.store.judgments_of("s1@shop")
    assert receipt.interview_id == older
    never_settle(monkeypatch)
    unsettled.check(NORTHWIND_AT + 3 * DAY)
    assert judgments(world) == judgments(unsettled)


def test_a_corrected_settled_message_is_read_as_the_correction_says(world: World) -> None:
    interview = track_northwind(world)
    at = NORTHWIND_AT + DAY
    world.mailbox.deliver("INBOX", shop_mail("Order #1", RECEIPT, at, "s1@shop"), at)
    world.store.add_correction(
        Correction(
            "s1@shop", "s1@shop", "orders@shop.northwind.example", interview, ReplyKind.UPDATE, at
        )
    )
    report = world.check(at + DAY)
    assert [(m.message_id, m.kind) for m in report.matched] == [("s1@shop", "update")]
    (judged,) = world.store.judgments_of("s1@shop")
    assert judged.corrected and judged.evidence[1].startswith("watcher had read it so: domain:")


# --------------------------------------------------------------------------- learned windows


def test_a_check_follows_up_when_the_history_says_with_learn_windows_on(world: World) -> None:
    """Five Initech processes answered after 3, 4, 4, 5 and 6 business days (a median of 4):
    the follow-up of Tue 24 Nov is due on business day 6, Thu 3 Dec, not on day 5, Wed 2 Dec
    (Thanksgiving skipped); with the switch off, on day 5."""
    la = ZoneInfo("America/Los_Angeles")
    rita = ("Rita Recruiter", "rita@initech.example")
    history = [((9, 14), (9, 17)), ((9, 21), (9, 25)), ((9, 28), (10, 2)), ((10, 5), (10, 13))]
    for (month, day), (answer_month, answer_day) in [*history, ((10, 19), (10, 27))]:
        past = world.track("Initech", datetime(2026, month, day, 10, tzinfo=la), contacts=[rita])
        answer = datetime(2026, answer_month, answer_day, 11, tzinfo=la)
        world.store.add_event(
            Event(past, EventKind.REPLY, answer, reply_kind=ReplyKind.REJECTION, sender=rita[1])
        )
    world.track("Initech", datetime(2026, 11, 24, 10, tzinfo=la), contacts=[rita])

    def follow_ups(now: datetime) -> list[str]:
        report = world.check(now, dry_run=True)
        return [a.reason for a in report.nudges if a.kind is ActionKind.FOLLOW_UP]

    day_5, day_6 = datetime(2026, 12, 2, 10, tzinfo=la), datetime(2026, 12, 3, 10, tzinfo=la)
    assert follow_ups(day_5) == ["No reply 5 business days after the interview: follow-up 1 of 2."]
    world.config = replace(world.config, policy=replace(world.config.policy, learn_windows=True))
    assert follow_ups(day_5) == []
    assert follow_ups(day_6) == [
        "Initech answered you in a median of 4 business days over 5 interviews, and nothing came "
        "6 business days after this one: follow-up 1 of 2."
    ]
