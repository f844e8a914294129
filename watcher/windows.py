"""Follow-up windows learned from the user's own history (``[policy] learn_windows``).

The article's window (5-7 business days, longer after panels) is a prior. Once the user's store
holds enough answered rounds (:data:`MIN_ANSWERED`) for a company, a relay (the applicant-tracking
system that answered for the employer) or a format, the median number of business days from such
a round to the employer's first answer says more about that employer: the policy follows up
:data:`MARGIN` business days after that median, within the article's bounds (see
:mod:`watcher.policy`).

Pure: it is given every timeline, the moment, the business calendar and its time zone, and the
function that names a sender's relay. The first answers are those of :func:`watcher.history.waits`,
so nothing after ``now`` is seen; and a round never learns from its own answer
(:meth:`LearnedWindows.for_round` leaves it out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from watcher.dates import BusinessCalendar
from watcher.history import no_relay, relay_of_process, waits
from watcher.models import Format, Interview, Timeline
from watcher.record import record
from watcher.words import fold, split_words

MIN_ANSWERED = 5
"""Answered rounds a company, a relay or a format needs before its window is learned."""

MARGIN = 2
"""Business days after the learned median that the follow-up waits: a median of 4 business days
means following up on day 6."""


class Basis(StrEnum):
    """What a learned window is the window of, the most specific first."""

    COMPANY = "company"
    RELAY = "relay"
    FORMAT = "format"


@record
class Answered:
    """One round that was answered: whose, and after how many business days (counted from the
    day of the round to the day of the answer; 0 is the same day)."""

    interview_id: int
    round_at: datetime
    company: str
    relay: str | None
    format: Format
    days: int


@record
class Learned:
    """The window that applies to one round: its basis and name ("Greenhouse"), the median of
    the business days to an answer, and how many answered rounds it is the median of."""

    basis: Basis
    name: str
    median: int
    count: int

    @property
    def follow_up_day(self) -> int:
        """The business day after the round on which to follow up: the median plus the margin."""
        return self.median + MARGIN


def company_key(company: str) -> str:
    """Return a company's name as the windows compare it: folded, its words one space apart
    ("ACME  Corp" and "acme corp" are one company)."""
    return " ".join(split_words(fold(company)))


@record
class LearnedWindows:
    """Every answered round of the user's history (``answered``) and the relay of each process
    (``relays``: interview id to the relay's name, for processes where one answered)."""

    answered: tuple[Answered, ...]
    relays: Mapping[int, str]

    def for_round(self, interview: Interview) -> Learned | None:
        """Given a process, return the learned window for its latest round, the most specific
        that has :data:`MIN_ANSWERED` answered rounds (its company's, else its relay's, else
        its format's), or None. The round itself is never counted, answered or not."""
        others = [
            a
            for a in self.answered
            if not (a.interview_id == interview.id and a.round_at == interview.at)
        ]
        relay = self.relays.get(interview.id)
        company = company_key(interview.company)
        candidates: list[tuple[Basis, str, Callable[[Answered], bool]]] = [
            (Basis.COMPANY, interview.company, lambda a: a.company == company),
            (Basis.FORMAT, str(interview.format), lambda a: a.format is interview.format),
        ]
        if relay is not None:
            candidates.insert(1, (Basis.RELAY, relay, lambda a: a.relay == relay))
        for basis, name, belongs in candidates:
            days = [a.days for a in others if belongs(a)]
            if len(days) >= MIN_ANSWERED:
                return Learned(basis, name, median_days(days), len(days))
        return None


def median_days(days: Iterable[int]) -> int:
    """Return the median of ``days`` (not empty); of an even count, the higher middle value, so
    that the median is a wait that happened and errs on the side of patience."""
    ordered = sorted(days)
    return ordered[len(ordered) // 2]


def learn(
    timelines: Sequence[Timeline],
    now: datetime,
    calendar: BusinessCalendar,
    tz: ZoneInfo,
    relay_of: Callable[[str], str | None] = no_relay,
) -> LearnedWindows:
    """Given every timeline (closed processes too), the moment, the business calendar and its
    time zone, and the function naming a sender's relay, return the learned windows: every
    round answered by ``now``, with the business days it waited (see :class:`Answered`)."""
    answered = []
    relays = {}
    for timeline in timelines:
        interview = timeline.interview
        relay = relay_of_process(timeline, now, relay_of)
        if relay is not None:
            relays[interview.id] = relay
        company = company_key(interview.company)
        for wait in waits(timeline, now, relay_of):
            if wait.answer is None:
                continue
            days = calendar.between(
                wait.round_at.astimezone(tz).date(), wait.answer.at.astimezone(tz).date()
            )
            answered.append(
                Answered(interview.id, wait.round_at, company, wait.relay, wait.format, days)
            )
    return LearnedWindows(tuple(answered), relays)
