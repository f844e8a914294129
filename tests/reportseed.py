"""A seeded store for the report: 30 job-search processes over three months, every kind of
event. Synthetic data: the companies, people and mail are made up (``.example`` domains),
drawn from a fixed seed so that every run makes the same store.

Built through the real store (:class:`watcher.store.Store`): interviews with their rounds,
replies of every kind (from the employer's own domain and through applicant-tracking
systems), thank-yous, follow-ups, graceful closes, closes of every outcome, a cancellation,
rounds still ahead. ``scripts/screenshot-report`` and the report's tests use it:

    python -m tests.reportseed DIR    # writes DIR/config.toml and DIR/watcher.db
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from watcher import policy
from watcher.models import (
    ActionKind,
    Event,
    EventKind,
    Format,
    Interview,
    Outcome,
    Person,
    PersonRole,
    PolicySettings,
    ReplyKind,
    Round,
)
from watcher.record import replace
from watcher.store import Store

ZONE = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=ZONE)
"""The moment the seeded report is made at (``--now``)."""
NOW_TEXT = "2026-12-01T09:00"
FIRST = datetime(2026, 9, 1, 10, 0, tzinfo=ZONE)

COMPANIES = (
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Analytics",
    "Hooli",
    "Fish & Chips <Labs>",  # a name to escape in HTML
    "Acme Robotics",
    "Stark Industries",
    "Wayne Data",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Massive Dynamic",
    "Aperture",
    "Black Mesa",
    "Vandelay Imports",
    "Pied Piper",
    "Dunder Mifflin",
    "Oscorp",
    "Gringotts",
    "Monarch Solutions",
    "Virtucon",
    "Wonka Foods",
    "Blue Sun",
    "Weyland Logistics",
    "Nakatomi Trading",
    "Sirius Cybernetics",
    "Bluth Company",
    "Prestige Worldwide",
    "Gekko & Co",
)

ROLES = ("Data Engineer", "Backend Engineer", "Platform Engineer", "Analytics Engineer")
FORMATS = (Format.PHONE, Format.VIDEO, Format.VIDEO, Format.ONSITE, Format.PANEL)

PLAN = (
    # (what the process comes to, how many rounds it has), oldest first: the early ones have
    # ended, the late ones are still going.
    ("rejected", 1),
    ("ghosted", 1),
    ("rejected", 2),
    ("declined", 4),
    ("rejected", 3),
    ("ghosted", 2),
    ("withdrawn", 2),
    ("rejected", 1),
    ("ghosted", 1),
    ("rejected", 2),
    ("accepted", 4),
    ("rejected", 2),
    ("ghosted", 2),
    ("rejected", 1),
    ("rejected", 1),
    ("cancelled", 2),
    ("rejected", 2),
    ("ghosted", 1),
    ("next_step", 2),
    ("awaiting", 2),
    ("offer", 3),
    ("scheduled", 2),
    ("awaiting", 1),
    ("next_step", 1),
    ("awaiting", 1),
    ("scheduled", 1),
    ("awaiting", 1),
    ("next_step", 1),
    ("awaiting", 1),
    ("scheduled", 1),
)


@dataclass(frozen=True)
class Seeded:
    """Where the seeded store is: its config (pass it with ``--config``) and the store."""

    config: Path
    store: Path
    now: str = NOW_TEXT


def config_text(store: Path) -> str:
    return f"""\
# A synthetic job search for the report's tests and screenshot (tests/reportseed.py).
[user]
name = "Alex Example"

[policy]
timezone = "Europe/Paris"

[store]
path = "{store}"
"""


def seed(directory: Path) -> Seeded:
    """Write a config and a store of 30 synthetic processes in ``directory``; return them."""
    directory.mkdir(parents=True, exist_ok=True)
    store_path = directory / "watcher.db"
    config = directory / "config.toml"
    config.write_text(config_text(store_path), encoding="utf-8")
    rng = random.Random(12)
    with Store.open(store_path) as store:
        for number, ((fate, rounds), company) in enumerate(zip(PLAN, COMPANIES, strict=True)):
            _process(store, rng, number, company, fate, rounds)
        # The user told the other employers of the offer, as watcher asked, but for one.
        expedites = [
            a
            for a in policy.plan(store.timelines(), PolicySettings(timezone=ZONE), NOW)
            if a.kind is ActionKind.EXPEDITE
        ]
        for action in expedites[1:]:
            store.add_event(
                Event(
                    action.interview_id,
                    EventKind.SENT,
                    action.due + timedelta(hours=20),
                    action=ActionKind.EXPEDITE,
                    recipients=tuple(p.address for p in action.to),
                )
            )
    return Seeded(config, store_path)


def _sender(rng: random.Random, company: str, domain: str, relay: int) -> str:
    """The sender of an answer: a relay the company uses, or its recruiter."""
    if relay == 0 or rng.random() < 0.3:
        return f"Riley Recruiter <riley@{domain}>"
    return (
        f"{company} <no-reply@us.greenhouse-mail.io>",
        f"{company} Hiring <no-reply@hire.lever.co>",
        f"{company} Careers <{domain.split('.')[0]}@myworkday.com>",
        f"{company} Recruiting <no-reply@ashbyhq.com>",
    )[relay - 1]


def _process(
    store: Store, rng: random.Random, number: int, company: str, fate: str, count: int
) -> None:
    domain = "".join(c for c in company.lower() if c.isalnum())[:16] + ".example"
    relay = number % 5  # 0: the recruiter writes from the company's own domain
    start = FIRST + timedelta(days=round(number * 2.8), hours=4 * (number % 2))
    if fate in ("awaiting", "next_step", "scheduled"):  # recent ones
        start = max(start, NOW - timedelta(days=6 + 6 * count + number % 4))
    interviewer = Person("Dana Reyes", f"dana@{domain}")
    contact = Person("Riley Recruiter", f"riley@{domain}", PersonRole.CONTACT)
    events: list[Event] = []
    rounds: list[Round] = []
    at = start

    def reply(moment: datetime, kind: ReplyKind) -> None:
        sender = _sender(rng, company, domain, relay)
        if kind in (ReplyKind.ACKNOWLEDGEMENT, ReplyKind.AUTO_REPLY):
            sender = f"{company} <no-reply@us.greenhouse-mail.io>"
        events.append(Event(0, EventKind.REPLY, moment, reply_kind=kind, sender=sender))

    def sent(moment: datetime, action: ActionKind) -> None:
        events.append(
            Event(0, EventKind.SENT, moment, action=action, recipients=(interviewer.address,))
        )

    if fate == "scheduled" and count == 1:  # the first round is still ahead
        count = 0
        rounds.append(Round(NOW + timedelta(days=3 + number % 3, hours=1), Format.PHONE))
    for index in range(count):
        rounds.append(Round(at, FORMATS[(number + index) % len(FORMATS)], (interviewer,)))
        if fate == "cancelled" and index == count - 1:
            break  # cancelled the day before: it never took place
        if rng.random() < 0.85:
            sent(at + timedelta(hours=rng.randint(3, 20)), ActionKind.THANK_YOU)
        if index == 0 and rng.random() < 0.3:
            reply(at + timedelta(hours=2), ReplyKind.AUTO_REPLY)
        last = index == count - 1
        if last and fate in ("scheduled",) and at > NOW:
            break
        wait = timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 6))
        if not last or fate in ("next_step", "scheduled"):
            if wait > timedelta(days=6):  # slow: the user followed up first
                sent(at + timedelta(days=6), ActionKind.FOLLOW_UP)
            if rng.random() < 0.25:
                reply(at + wait - timedelta(days=1), ReplyKind.UPDATE)
            reply(at + wait, ReplyKind.NEXT_STEP)
            at = at + wait + timedelta(days=rng.randint(3, 8))
            if fate == "scheduled" and index == count - 2:
                at = NOW + timedelta(days=rng.randint(2, 6), hours=2)
            continue
        _ending(rng, fate, at, wait, reply, sent)
    interview = Interview(
        id=0,
        company=company,
        role=ROLES[number % len(ROLES)],
        at=rounds[0].at,
        interviewers=(interviewer,),
        contacts=(contact,),
        domains=(domain,),
        created_at=start - timedelta(days=3),
    ).with_rounds(tuple(rounds))
    stored = store.add_interview(interview, start - timedelta(days=3))
    close = _close(fate, events, rounds[-1].at)
    if close is not None:
        outcome, closed_at = close
        stored = replace(stored, outcome=outcome, closed_at=closed_at)
        store.update_interview(stored, closed_at)
    if fate == "cancelled":
        store.update_interview(replace(stored, cancelled_at=rounds[-1].at - timedelta(days=1)), NOW)
    for event in events:
        if event.at <= NOW:
            store.add_event(replace(event, interview_id=stored.id))


def _ending(
    rng: random.Random,
    fate: str,
    at: datetime,
    wait: timedelta,
    reply: Callable[[datetime, ReplyKind], None],
    sent: Callable[[datetime, ActionKind], None],
) -> None:
    """The events after the last round, as the process's fate has it."""
    if fate == "rejected":
        if wait > timedelta(days=6):
            sent(at + timedelta(days=6), ActionKind.FOLLOW_UP)
        reply(at + wait + timedelta(days=rng.randint(0, 8)), ReplyKind.REJECTION)
        if rng.random() < 0.5:
            sent(at + wait + timedelta(days=9), ActionKind.GRACEFUL_CLOSE)
    elif fate == "ghosted":
        sent(at + timedelta(days=7), ActionKind.FOLLOW_UP)
        sent(at + timedelta(days=14), ActionKind.FOLLOW_UP)
    elif fate in ("offer", "accepted", "declined"):
        reply(at + timedelta(days=2), ReplyKind.UPDATE)
        reply(at + wait, ReplyKind.OFFER)
    elif fate == "awaiting":
        if rng.random() < 0.5 and at + timedelta(days=6) < NOW:
            sent(at + timedelta(days=6), ActionKind.FOLLOW_UP)
    elif fate == "withdrawn":
        reply(at + timedelta(days=1), ReplyKind.ACKNOWLEDGEMENT)


def _close(fate: str, events: list[Event], last_round: datetime) -> tuple[Outcome, datetime] | None:
    """The outcome the user closed the process with, and when (None: still open)."""
    latest = max([e.at for e in events] + [last_round])
    if fate == "ghosted":
        closed = last_round + timedelta(days=24 + last_round.day % 15)
        return Outcome.GHOSTED, min(closed, NOW - timedelta(days=1))
    if fate in ("accepted", "declined"):
        return Outcome(fate), latest + timedelta(days=3)
    if fate == "withdrawn":
        return Outcome.WITHDRAWN, last_round + timedelta(days=4)
    return None


if __name__ == "__main__":
    where = seed(Path(sys.argv[1]))
    print(f"{where.config}\n{where.now}")
