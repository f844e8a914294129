"""The user's own history, as the report and the learned windows read it: after each round of
each process, when the employer first answered, and whether a follow-up got an answer.

Pure: it is given the timelines, the moment and, to name the relay (applicant-tracking system,
scheduler) that answered for an employer, a function of a sender (see :func:`waits`).

An answer is the first reply that counts as hearing back (:data:`~watcher.models.HEARING_BACK`:
a rejection, an offer, a next step or an update; an acknowledgement or an automatic reply is
none) that came after a round began and before the next round began (a reply after the next
round is that round's). Nothing after ``now`` is seen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from watcher.models import (
    HEARING_BACK,
    ActionKind,
    Event,
    EventKind,
    Format,
    Timeline,
)
from watcher.record import record


def no_relay(_sender: str) -> str | None:
    """The relay of no sender: for callers that do not tell relays apart."""
    return None


@record
class Wait:
    """One round of one process that had taken place by ``now``, and the employer's first
    answer after it (None: none came, yet or ever).

    ``relay`` is the name of the relay that answered for the employer in this process
    ("Greenhouse"; the first relay among its replies, whichever round), or None when every reply
    came from the employer's own domain or none came. ``latest`` is True for the process's
    latest round."""

    interview_id: int
    company: str
    format: Format
    relay: str | None
    round_at: datetime
    answer: Event | None
    latest: bool


@record
class FollowUp:
    """A follow-up the user sent, and the first answer after it (None: none came by ``now``,
    or the next round came first)."""

    interview_id: int
    company: str
    sent: Event
    answer: Event | None


def answers(timeline: Timeline, now: datetime) -> list[Event]:
    """Return the replies of ``timeline`` that count as hearing back, received by ``now``,
    oldest first."""
    return sorted(
        (
            e
            for e in timeline.events
            if e.kind is EventKind.REPLY and e.reply_kind in HEARING_BACK and e.at <= now
        ),
        key=lambda e: e.at,
    )


def relay_of_process(
    timeline: Timeline, now: datetime, relay_of: Callable[[str], str | None]
) -> str | None:
    """Return the name of the first relay among the replies of ``timeline`` (``relay_of``
    names a sender's relay, or None for the employer's own mail), or None."""
    for event in sorted(timeline.events, key=lambda e: e.at):
        if event.kind is EventKind.REPLY and event.at <= now and event.sender:
            name = relay_of(event.sender)
            if name:
                return name
    return None


def waits(
    timeline: Timeline, now: datetime, relay_of: Callable[[str], str | None] = no_relay
) -> list[Wait]:
    """Return each round of ``timeline`` that took place by ``now`` with the first answer after
    it (see the module's docstring), oldest first: a latest round the employer cancelled by
    ``now`` took no place (it still ends the window of the round before)."""
    interview = timeline.interview
    rounds = [r for r in interview.all_rounds if r.at <= now]
    replies = answers(timeline, now)
    relay = relay_of_process(timeline, now, relay_of) if replies else None
    found = []
    for number, round_ in enumerate(rounds):
        following = rounds[number + 1].at if number + 1 < len(rounds) else None
        answer = next(
            (e for e in replies if e.at >= round_.at and (following is None or e.at < following)),
            None,
        )
        found.append(
            Wait(
                interview.id,
                interview.company,
                round_.format,
                relay,
                round_.at,
                answer,
                latest=following is None and round_.at == interview.at,
            )
        )
    cancelled = interview.cancelled_at
    if found and found[-1].latest and cancelled is not None and cancelled <= now:
        found.pop()
    return found


def follow_ups(timeline: Timeline, now: datetime) -> list[FollowUp]:
    """Return each follow-up the user sent by ``now`` with the first answer after it and
    before the next round (see :class:`FollowUp`), oldest first."""
    interview = timeline.interview
    rounds = sorted(r.at for r in interview.all_rounds)
    replies = answers(timeline, now)
    sent = sorted(
        (
            e
            for e in timeline.events
            if e.kind is EventKind.SENT and e.action is ActionKind.FOLLOW_UP and e.at <= now
        ),
        key=lambda e: e.at,
    )
    found = []
    for event in sent:
        following = next((at for at in rounds if at > event.at), None)
        answer = next(
            (e for e in replies if e.at > event.at and (following is None or e.at < following)),
            None,
        )
        found.append(FollowUp(interview.id, interview.company, event, answer))
    return found
