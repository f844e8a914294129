"""Where a draft goes in its thread (synthetic events; no real mail)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from watcher.models import (
    MADE_UP_ID_DOMAIN,
    Event,
    EventKind,
    Interview,
    Person,
    ReplyKind,
    Timeline,
)
from watcher.threads import Placement, by_a_person, place, reply_subject

DANA = Person("Dana Reyes", "dana@acme.example")
RITA = Person("Rita Ray", "rita@acme.example")
AT = datetime(2026, 11, 24, 14, tzinfo=UTC)


def event(
    minutes: int,
    kind: EventKind,
    subject: str,
    *,
    sender: str = "",
    recipients: tuple[str, ...] = (),
    reply_kind: ReplyKind | None = None,
    message_id: str = "",
) -> Event:
    return Event(
        interview_id=1,
        kind=kind,
        at=AT + timedelta(minutes=minutes),
        reply_kind=reply_kind,
        sender=sender,
        recipients=recipients,
        message_id=message_id or f"<m{minutes}@acme.example>",
        subject=subject,
    )


def timeline(*events: Event) -> Timeline:
    interview = Interview(1, "Acme", "Data Engineer", AT, interviewers=(DANA,), contacts=(RITA,))
    return Timeline(interview, events)


def test_a_draft_answers_the_users_own_mail_and_not_the_out_of_office_after_it() -> None:
    thanks = event(
        60, EventKind.SENT, "Thank you for the interview", recipients=("dana@acme.example",)
    )
    away = event(
        61,
        EventKind.REPLY,
        "Automatic reply: Thank you for the interview",
        sender="Dana Reyes <dana@acme.example>",
        reply_kind=ReplyKind.AUTO_REPLY,
    )
    placed = place(timeline(thanks, away), (DANA,))
    assert placed == Placement(
        thanks.message_id, (thanks.message_id,), "Re: Thank you for the interview"
    )


def test_an_auto_reply_read_as_something_else_is_still_skipped_by_its_subject() -> None:
    thanks = event(60, EventKind.SENT, "Thanks!", recipients=("dana@acme.example",))
    away = event(
        61,
        EventKind.REPLY,
        "Réponse automatique : Thanks!",
        sender="dana@acme.example",
        reply_kind=ReplyKind.UPDATE,
    )
    assert place(timeline(thanks, away), (DANA,)).in_reply_to == thanks.message_id


def test_a_calendar_response_is_never_answered() -> None:
    accepted = event(
        30, EventKind.REPLY, "Accepted: Interview with Alex", sender="dana@acme.example"
    )
    assert place(timeline(accepted), (DANA,)) == Placement()


def test_the_latest_human_message_wins_and_all_are_referenced_oldest_first() -> None:
    first = event(60, EventKind.SENT, "Thank you", recipients=("dana@acme.example",))
    answer = event(
        200,
        EventKind.REPLY,
        "RE: Thank you",
        sender="Reyes, Dana <dana@acme.example>",
        reply_kind=ReplyKind.UPDATE,
    )
    placed = place(timeline(answer, first), (DANA,))
    assert placed.in_reply_to == answer.message_id
    assert placed.references == (first.message_id, answer.message_id)
    assert placed.subject == "Re: Thank you"


def test_mail_with_someone_else_and_watchers_own_nudges_are_not_the_thread() -> None:
    to_rita = event(60, EventKind.SENT, "Hello", recipients=("rita@acme.example",))
    nudge = event(
        70,
        EventKind.SENT,
        "Hello again",
        recipients=("dana@acme.example",),
        message_id=f"<n1@{MADE_UP_ID_DOMAIN}>",
    )
    draft = event(80, EventKind.DRAFT, "Draft", recipients=("dana@acme.example",))
    assert place(timeline(to_rita, nudge, draft), (DANA,)) == Placement()
    assert place(timeline(to_rita), (DANA, RITA)).in_reply_to == to_rita.message_id


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Thank you", "Re: Thank you"),
        ("Re: Thank you", "Re: Thank you"),
        ("RE: AW: Fwd: Thank  you", "Re: Thank you"),
        ("Re[2]: Next steps", "Re: Next steps"),
        ("", ""),
        ("Re:", ""),
    ],
)
def test_reply_subject_has_one_re(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


@pytest.mark.parametrize(
    ("subject", "person"),
    [
        ("Accepted: Interview with Alex", False),
        ("Re: Automatic reply: Thanks", False),
        ("Abwesenheitsnotiz: Danke", False),
        ("Undeliverable: Thank you", False),
        ("Interview feedback", True),
        ("Accepting the invitation to chat", True),
    ],
)
def test_machine_subjects_are_told_from_a_persons(subject: str, person: bool) -> None:
    assert by_a_person(subject) is person
