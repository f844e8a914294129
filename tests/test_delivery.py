"""Delivering nudges: the engine with MemoryNotifier (coalescing, quiet hours, failures, retries).

The same approach as tests/test_engine.py: a real store and config in tmp_path, a memory mailbox,
and the engine's own checks; the notifiers are :class:`~watcher.notify.memory.MemoryNotifier`.
That the desktop notifier escapes markup is tested in tests/notify/test_desktop.py; here only
that mail-derived text reaches a notifier unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.test_engine import LEXICON, ME, NO, World, config_text
from watcher import app
from watcher.backends.memory import MemoryMailbox
from watcher.config import parse_config
from watcher.engine import CheckReport, Engine
from watcher.models import ActionKind, EventKind, Nudge
from watcher.notify.base import Notifier
from watcher.notify.memory import MemoryNotifier
from watcher.store import Store

AT = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)  # Tue 24 Nov, 11:00 in Los Angeles
LATER = AT + timedelta(hours=3)  # 14:00 in Los Angeles: the thank-yous are due
QUIET = "21:00-08:00"  # Los Angeles time


class Named(MemoryNotifier):
    """A memory notifier with a name of its own (two of them in one engine)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


def make_world(tmp_path: Path, *, quiet_hours: str | None = None) -> World:
    text = config_text(tmp_path, [("personal", ME)])
    if quiet_hours is not None:
        text = text.replace("[policy]\n", f'[policy]\nquiet_hours = "{quiet_hours}"\n', 1)
    config = parse_config(text, "test.toml", {}, tmp_path)
    store = Store.open(config.store_path)
    return World(store, config, {"personal": MemoryMailbox("personal")})


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path)
    try:
        yield made
    finally:
        made.store.close()


@pytest.fixture
def quiet_world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path, quiet_hours=QUIET)
    try:
        yield made
    finally:
        made.store.close()


def check(world: World, now: datetime, notifiers: Sequence[Notifier]) -> CheckReport:
    return Engine(world.store, world.config, LEXICON, world.mailboxes, notifiers=notifiers).check(
        now
    )


def track_two(world: World) -> tuple[int, int]:
    """Northwind with two interviewers and Globex with one: three thank-yous due at LATER."""
    northwind = world.track(
        "Northwind",
        AT,
        interviewers=[
            ("Dana Reyes", "dana@northwind.example"),
            ("Sam Ito", "sam@northwind.example"),
        ],
        domains=["northwind.example"],
    )
    globex = world.track(
        "Globex",
        AT,
        interviewers=[("Gina Moreau", "gina.moreau@globex.example")],
        domains=["globex.example"],
    )
    return northwind, globex


def nudge_events(world: World) -> list[tuple[int, str]]:
    return sorted(
        (t.interview.id, e.note)
        for t in world.store.timelines()
        for e in t.events
        if e.kind is EventKind.NUDGE
    )


# --------------------------------------------------------------------------- coalescing


def test_several_due_actions_become_one_nudge_with_every_item_and_its_draft(world: World) -> None:
    northwind, globex = track_two(world)
    memory = MemoryNotifier()

    report = check(world, LATER, [memory])

    assert len(report.nudges) == 3
    assert memory.attempts == 1
    [nudge] = memory.sent
    assert nudge.notice == ""
    assert nudge.title == "3 things are due"
    assert sorted((i.interview_id, i.company, i.kind) for i in nudge.items) == [
        (northwind, "Northwind", ActionKind.THANK_YOU),
        (northwind, "Northwind", ActionKind.THANK_YOU),
        (globex, "Globex", ActionKind.THANK_YOU),
    ]
    assert report.delivered_by == ["memory"]
    assert report.deferred == [] and report.warnings == []
    drafts = {(d.action.interview_id, d.subject, d.draft.body) for d in report.drafts}
    assert len(drafts) == 3
    assert {d.folder for d in report.drafts} == {"Drafts"}
    for item in nudge.items:
        assert item.role == "Engineer"
        assert item.due <= LATER
        assert item.reason
        # The drafts were made first: each item says where its draft is and what it says.
        assert item.draft_account == "personal"
        assert item.draft_folder == "Drafts"
        assert item.draft_text.strip()
        assert (item.interview_id, item.draft_subject, item.draft_text) in drafts
    # Each item names its own interviewer's draft.
    texts = " ".join(i.draft_text for i in nudge.items)
    assert "Dana" in texts and "Sam" in texts and "Gina" in texts
    assert len({i.draft_text for i in nudge.items}) == 3


def test_a_second_check_sends_nothing(world: World) -> None:
    track_two(world)
    memory = MemoryNotifier()
    check(world, LATER, [memory])

    again = check(world, LATER + timedelta(minutes=10), [memory])

    assert again.nudges == [] and again.delivered_by == [] and again.deferred == []
    assert memory.attempts == 1 and len(memory.sent) == 1
    assert len(nudge_events(world)) == 3


def test_one_due_action_is_one_nudge_titled_with_its_company(world: World) -> None:
    interview = world.track(
        "Northwind", AT, interviewers=[("Dana Reyes", "dana@northwind.example")]
    )
    memory = MemoryNotifier()

    check(world, LATER, [memory])

    [nudge] = memory.sent
    [item] = nudge.items
    assert item.interview_id == interview
    assert nudge.title == "Northwind (Engineer): thank-you due"


def test_nothing_due_sends_nothing(world: World) -> None:
    world.track("Northwind", AT, interviewers=[("Dana Reyes", "dana@northwind.example")])
    memory = MemoryNotifier()

    report = check(world, AT - timedelta(days=1), [memory])

    assert report.nudges == [] and memory.attempts == 0


# --------------------------------------------------------------------------- quiet hours


def test_quiet_hours_defer_the_nudges_and_the_morning_sends_them_once(quiet_world: World) -> None:
    world = quiet_world
    track_two(world)
    memory = MemoryNotifier()
    night = AT + timedelta(hours=11)  # 06:00 UTC = 22:00 in Los Angeles

    report = check(world, night, [memory])

    assert memory.attempts == 0 and memory.sent == []
    assert len(report.deferred) == 3
    assert {a.kind for a in report.deferred} == {ActionKind.THANK_YOU}
    assert report.nudges == [] and report.delivered_by == []
    assert nudge_events(world) == []
    # The drafts are made at night anyway: only the nudge waits.
    assert len(world.mailbox.drafts()) == 3

    still = check(world, night + timedelta(hours=6), [memory])  # 04:00 in Los Angeles
    assert memory.attempts == 0 and len(still.deferred) == 3

    morning = check(world, night + timedelta(hours=10), [memory])  # 08:00 in Los Angeles
    assert morning.deferred == []
    assert len(morning.nudges) == 3 and morning.delivered_by == ["memory"]
    [nudge] = memory.sent
    assert len(nudge.items) == 3
    # The drafts made at night are named in the morning's nudge.
    assert all(i.draft_folder == "Drafts" and i.draft_text for i in nudge.items)

    after = check(world, night + timedelta(hours=11), [memory])
    assert after.nudges == [] and after.deferred == []
    assert len(memory.sent) == 1 and len(nudge_events(world)) == 3


def test_outside_quiet_hours_nothing_is_deferred(quiet_world: World) -> None:
    track_two(quiet_world)
    memory = MemoryNotifier()

    report = check(quiet_world, LATER, [memory])  # 14:00 in Los Angeles

    assert report.deferred == [] and len(memory.sent) == 1


# --------------------------------------------------------------------------- failures


def test_the_only_notifier_failing_is_a_warning_and_the_next_check_retries_once(
    world: World,
) -> None:
    track_two(world)
    memory = MemoryNotifier()
    memory.fail_next("the bus is gone")

    failed = check(world, LATER, [memory])

    assert memory.attempts == 1 and memory.sent == []
    assert failed.warnings == ["memory: the bus is gone"]
    assert failed.delivered_by == []
    assert len(failed.deferred) == 3 and failed.nudges == []
    assert failed.errors == []
    assert nudge_events(world) == []

    retried = check(world, LATER + timedelta(minutes=10), [memory])
    assert memory.attempts == 2
    [nudge] = memory.sent
    assert len(nudge.items) == 3
    assert retried.delivered_by == ["memory"] and retried.warnings == []
    assert retried.deferred == [] and len(retried.nudges) == 3

    third = check(world, LATER + timedelta(minutes=20), [memory])
    assert third.nudges == [] and memory.attempts == 2 and len(memory.sent) == 1
    assert len(nudge_events(world)) == 3


def test_repeated_failures_keep_the_nudge_until_one_gets_through(world: World) -> None:
    world.track("Northwind", AT, interviewers=[("Dana Reyes", "dana@northwind.example")])
    memory = MemoryNotifier()
    for _ in range(3):
        memory.fail_next()

    for minutes in (0, 10, 20):
        report = check(world, LATER + timedelta(minutes=minutes), [memory])
        assert len(report.deferred) == 1 and len(report.warnings) == 1

    report = check(world, LATER + timedelta(minutes=30), [memory])
    assert report.delivered_by == ["memory"]
    assert memory.attempts == 4 and len(memory.sent) == 1


def test_one_of_two_notifiers_failing_still_delivers_and_its_part_is_retried(
    world: World,
) -> None:
    track_two(world)
    desktop, email = Named("desktop"), Named("email")
    desktop.fail_next("no session bus")

    report = check(world, LATER, [desktop, email])

    assert report.delivered_by == ["email"]
    assert report.warnings == ["desktop: no session bus"]
    assert report.deferred == [] and len(report.nudges) == 3
    assert desktop.attempts == 1 and desktop.sent == []
    [nudge] = email.sent
    assert len(nudge.items) == 3
    notes = [note for _id, note in nudge_events(world)]
    assert len(notes) == 3 and all(note.startswith("delivered by email:") for note in notes)

    # The desktop's part is owed: the next check sends it there, and only there.
    again = check(world, LATER + timedelta(minutes=10), [desktop, email])
    assert again.delivered_by == ["desktop"] and again.warnings == []
    assert desktop.attempts == 2 and email.attempts == 1
    [shown] = desktop.sent
    assert shown == nudge  # the same items, the same key (an email's Message-ID)
    assert len(nudge_events(world)) == 3  # told once

    third = check(world, LATER + timedelta(minutes=20), [desktop, email])
    assert third.nudges == [] and desktop.attempts == 2 and email.attempts == 1


def test_a_notifier_that_keeps_failing_is_not_retried_after_a_day(world: World) -> None:
    track_two(world)
    desktop, email = Named("desktop"), Named("email")
    for _ in range(3):
        desktop.fail_next("no session bus")
    check(world, LATER, [desktop, email])
    check(world, LATER + timedelta(hours=1), [desktop, email])
    assert desktop.attempts == 2 and email.attempts == 1
    late = check(world, LATER + timedelta(days=1, hours=1), [desktop, email])
    assert late.nudges == [] and desktop.attempts == 2


def test_both_notifiers_take_the_same_nudge(world: World) -> None:
    track_two(world)
    desktop, email = Named("desktop"), Named("email")

    report = check(world, LATER, [desktop, email])

    assert report.delivered_by == ["desktop", "email"]
    assert desktop.sent == email.sent and len(desktop.sent) == 1
    notes = [note for _id, note in nudge_events(world)]
    # Recorded as delivered by the first notifier to take it.
    assert all(note.startswith("delivered by desktop:") for note in notes)


def test_every_notifier_failing_defers_and_warns_for_each(world: World) -> None:
    track_two(world)
    desktop, email = Named("desktop"), Named("email")
    desktop.fail_next("no session bus")
    email.fail_next("SMTP refused")

    report = check(world, LATER, [desktop, email])

    assert report.warnings == ["desktop: no session bus", "email: SMTP refused"]
    assert report.delivered_by == [] and len(report.deferred) == 3
    assert nudge_events(world) == []

    retried = check(world, LATER + timedelta(minutes=10), [desktop, email])
    assert retried.delivered_by == ["desktop", "email"]
    assert len(desktop.sent) == len(email.sent) == 1


# --------------------------------------------------------------------------- no notifier, markup


def test_with_no_notifier_the_nudges_are_recorded_as_before(world: World) -> None:
    northwind, globex = track_two(world)

    report = check(world, LATER, [])

    assert len(report.nudges) == 3
    assert report.delivered_by == [] and report.deferred == [] and report.warnings == []
    events = nudge_events(world)
    assert [i for i, _note in events] == sorted([northwind, northwind, globex])
    assert all(note.startswith("recorded (no notifier is configured):") for _i, note in events)
    again = check(world, LATER + timedelta(minutes=10), [])
    assert again.nudges == [] and len(nudge_events(world)) == 3


def test_a_dry_run_delivers_nothing(world: World) -> None:
    track_two(world)
    memory = MemoryNotifier()

    report = Engine(world.store, world.config, LEXICON, world.mailboxes, notifiers=[memory]).check(
        LATER, dry_run=True
    )

    assert len(report.nudges) == 3 and memory.attempts == 0
    assert nudge_events(world) == []


MARKUP_SUBJECT = '<b>Our</b> chat & <a href="http://evil.example">next</a> steps'


def test_markup_in_mail_derived_text_reaches_the_notifier_unchanged(world: World) -> None:
    world.track(
        "<i>Acme</i> & Sons",
        AT,
        interviewers=[("Dana Reyes", "dana@acme.example")],
        contacts=[("Rita Recruiter", "rita@acme.example")],
        domains=["acme.example"],
    )
    # A rejection with markup in its subject: the graceful close is a reply in that thread.
    said_no = AT + timedelta(days=3)
    world.receive(
        "INBOX",
        "Rita Recruiter <rita@acme.example>",
        MARKUP_SUBJECT,
        NO,
        said_no,
        "rita-1@acme.example",
    )
    memory = MemoryNotifier()

    check(world, said_no + timedelta(hours=2), [memory])

    [nudge] = memory.sent
    [item] = nudge.items
    assert item.kind is ActionKind.GRACEFUL_CLOSE
    assert item.company == "<i>Acme</i> & Sons"
    assert item.draft_subject == f"Re: {MARKUP_SUBJECT}"
    assert "<i>Acme</i> & Sons" in item.reason
    assert "<i>Acme</i> & Sons" in item.draft_text
    told = item.draft_subject + item.company + item.reason + item.draft_text
    assert "&amp;" not in told and "&lt;" not in told


def test_nudge_title_for_a_notice() -> None:
    nudge = Nudge(items=(), notice="the password for account 'x' was refused")
    assert nudge.title == "watcher needs your attention"


def test_a_snoozed_interview_is_told_again_when_the_snooze_ends_without_a_second_draft(
    world: World,
) -> None:
    northwind, _globex = track_two(world)
    memory = MemoryNotifier()
    first = check(world, LATER, [memory])
    assert len(memory.sent) == 1
    drafts = len(world.mailbox.drafts())
    assert drafts == len(first.drafts) == 3
    snoozed_at = LATER + timedelta(minutes=5)
    until = app.snooze(world.store, [northwind], snoozed_at, 2, world.config.policy.timezone)
    # During the snooze nothing is told; the day it ends, Northwind's thank-yous come again.
    during = check(world, LATER + timedelta(days=1), [memory])
    assert during.nudges == [] and len(memory.sent) == 1
    morning = datetime.combine(until, time(9), tzinfo=world.config.policy.timezone)
    after = check(world, morning + timedelta(minutes=1), [memory])
    assert {a.interview_id for a in after.nudges} == {northwind}
    assert len(memory.sent) == 2
    assert after.drafts == [] and len(world.mailbox.drafts()) == drafts


class Shown(Named):
    """A named memory notifier whose notifications have buttons: each gets the next id."""

    def send(self, nudge: Nudge) -> int:
        super().send(nudge)
        return len(self.sent)


def test_each_notification_remembers_the_interviews_it_told_of(world: World) -> None:
    northwind, globex = track_two(world)
    desktop, email = Shown("desktop"), Named("email")
    desktop.fail_next("no session bus")
    first = check(world, LATER, [desktop, email])
    assert first.shown == []  # the email has no buttons, the desktop failed

    # Later, another interview's thank-you falls due too: the desktop gets its owed part (the
    # first three) as a notification of its own, then the new one in another.
    initech = world.track(
        "Initech", LATER, interviewers=[("Peter Gibbons", "peter@initech.example")]
    )
    again = check(world, LATER + timedelta(hours=2), [desktop, email])

    assert [n.items[0].company for n in desktop.sent] == ["Northwind", "Initech"]
    assert [len(n.items) for n in desktop.sent] == [3, 1]
    assert again.shown == [
        ("desktop", 1, (northwind, northwind, globex)),
        ("desktop", 2, (initech,)),
    ]


def test_a_nudge_no_notifier_could_deliver_is_tried_until_one_does(world: World) -> None:
    track_two(world)
    email = Named("email")
    for _ in range(2):
        email.fail_next("the SMTP server is down")
    check(world, LATER, [email])
    check(world, LATER + timedelta(days=2), [email])  # still down, two days later
    assert email.sent == []
    back = check(world, LATER + timedelta(days=2, hours=1), [email])
    assert back.delivered_by == ["email"] and len(email.sent[0].items) == 3
