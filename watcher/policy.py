"""What is due and when: the rules watcher follows, as pure functions of the state and ``now``.

Nothing here reads the clock, the disk or the network: every function takes ``now``. Events
dated after ``now`` are ignored, so any day can be replayed (``watcher plan --now``).

The rules follow the article in the design notes (times are in the configured time zone; a
"business day" skips weekends, i.e. days outside ``workdays``, and the configured holidays; a
date-only due time is the start of the working day, ``workday_start``):

Status
    An outcome set with ``watcher track close`` decides (accepted, declined and withdrawn are
    ``closed``; rejected and ghosted keep their names). Otherwise an interview the employer
    cancelled (a calendar cancellation) is ``cancelled``, unless a rejection or an offer came
    after. Otherwise the latest rejection or offer decides, or a next step that came after the
    interview (its latest round) began. Otherwise the interview is ``scheduled`` until its
    latest round starts, then ``awaiting_reply``. A cancelled interview gets no action at all.

Thank-you (``thank_you``)
    One per interviewer of each round, due when that round ends (start + ``interview_length``)
    and to be sent within ``thank_you_within`` (24 hours) of its start. No interviewer recorded:
    one addressed to the hiring team. Recruiters and coordinators (contacts) get none. It is no
    longer raised once that interviewer was thanked for that round (sent between its start and
    the next round's), once a reply came after the round began, or once ``thank_you_until``
    (3 days) has passed since it.

Follow-up (``follow_up``)
    The silence clock starts when the interview (its latest round) ends, and starts again at
    each human reply that decides nothing (an update or a next step). With no stated timeline,
    the first follow-up is due ``follow_up_after`` (5 business days) after the clock started,
    and stays timely until ``follow_up_by`` (7 business days); panel and multi-round interviews
    wait ``panel_extra`` (2 business days) more. When the interviewer stated a timeline
    (``--expect "1 week"`` or a date), or a reply named a date, the follow-up is due on the
    first business day after it.
    With ``learn_windows`` on, and no stated timeline, the first follow-up after an interview
    may instead come from the user's own history (:mod:`watcher.windows`): once the company,
    else the relay that answers for it, else the format, has enough answered rounds, it is due
    on the business day :data:`~watcher.windows.MARGIN` after their median wait for an answer,
    never sooner than the article's window (panels' extra included) and never later than twice
    ``follow_up_by`` (and twice the extra). Its reason says which window and where from; the
    move-on waits twice that window too. After a reply that restarted the silence, the
    article's window applies.
    Each further follow-up is due ``follow_up_spacing`` (5 business days) after the previous one
    was sent, up to ``max_follow_ups`` (2) per silence. A rejection, an offer or a closed
    interview stops follow-ups.

Move on (``move_on``)
    Once the silence reaches ``move_on_after`` (by default twice the expected window, i.e.
    10 business days with the defaults) and at least ``follow_up_spacing`` after the last
    follow-up, the policy suggests closing the interview as ghosted. It has no draft.

Graceful close (``graceful_close``)
    After a rejection: thank them and ask to be kept in mind, offered for
    ``graceful_close_for`` (7 days) unless sent.

Check-in (``check_in``, off by default)
    Every ``check_in_every`` (for example 3 months) after a process that closed on good terms
    (rejected, declined or withdrawn), counted from the close or the last check-in sent.

Commitment (``commitment``)
    A promise made in the interview ("send references by Friday") is due on the morning of its
    date until it is marked done.

Expedite (``expedite``, on by default)
    When one process reaches an offer, tell each other employer that is still deciding about
    the user and ask about their timeline, once per offer: a process that is active (awaiting a
    reply or at a next step, so not decided: no rejection, offer or close), whose interview
    already took place (start + ``interview_length`` at or before ``now``). A scheduled
    interview, or one still under way, gets none (what it would say is not true yet); one that
    ends after the offer gets its expedite when it ends.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Container, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from watcher.dates import BusinessCalendar, add_months, short_day
from watcher.models import (
    HEARING_BACK,
    OPEN_STATUSES,
    Action,
    ActionKind,
    Event,
    EventKind,
    Format,
    Outcome,
    Person,
    PersonRole,
    PolicySettings,
    ReplyKind,
    Round,
    Status,
    Timeline,
    address_of,
    name_of,
)
from watcher.record import record, replace
from watcher.spans import Span, Unit

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    # Only the types: `watcher plan` loads the windows (and the history) when they are learned.
    from watcher.windows import Learned, LearnedWindows

_RESTARTING = frozenset({ReplyKind.UPDATE, ReplyKind.NEXT_STEP})
_CLOSED_BY_OUTCOME = {
    Outcome.ACCEPTED: Status.CLOSED,
    Outcome.DECLINED: Status.CLOSED,
    Outcome.WITHDRAWN: Status.CLOSED,
    Outcome.REJECTED: Status.REJECTED,
    Outcome.GHOSTED: Status.GHOSTED,
}
_GOOD_TERMS = frozenset({Outcome.REJECTED, Outcome.DECLINED, Outcome.WITHDRAWN})
_STILL_WAITING = frozenset({Status.SCHEDULED, Status.AWAITING_REPLY, Status.NEXT_STEP})
_DECIDING = frozenset({Status.AWAITING_REPLY, Status.NEXT_STEP})
"""Where an employer has interviewed the user and not decided yet: who an expedite goes to."""


@record
class Clock:
    """The policy's view of time: a time zone, a business calendar and the start of the day."""

    tz: ZoneInfo
    calendar: BusinessCalendar
    workday_start: time

    @classmethod
    def from_settings(cls, settings: PolicySettings) -> Clock:
        return cls(
            settings.timezone,
            BusinessCalendar(settings.workdays, settings.holidays),
            settings.workday_start,
        )

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def morning(self, day: date) -> datetime:
        """Return the start of the working day on ``day``, in the configured time zone."""
        return datetime.combine(day, self.workday_start, tzinfo=self.tz)

    def exact(self, start: datetime, duration: timedelta) -> datetime:
        """Return the moment ``duration`` of real time after ``start``, in the configured zone."""
        # Aware arithmetic within one zone is wall-clock arithmetic: go through UTC so that
        # "24 hours" lasts 24 hours across a DST change.
        return (start.astimezone(UTC) + duration).astimezone(self.tz)

    def after(self, start: datetime, span: Span) -> datetime:
        """Given a moment and a span, return the moment the span ends.

        Minutes and hours are exact durations; days and weeks keep the wall-clock time across
        DST changes; business days and months land on the morning of a business day.
        """
        if span.unit in (Unit.MINUTES, Unit.HOURS):
            fixed = span.fixed
            assert fixed is not None
            return self.exact(start, fixed)
        local = start.astimezone(self.tz)
        if span.unit in (Unit.DAYS, Unit.WEEKS):
            fixed = span.fixed
            assert fixed is not None
            wall = local.replace(tzinfo=None) + fixed
            return wall.replace(tzinfo=self.tz)
        if span.unit is Unit.BUSINESS_DAYS:
            return self.morning(self.calendar.add(local.date(), span.amount))
        return self.morning(self.calendar.on_or_after(add_months(local.date(), span.amount)))

    def next_business_morning(self, moment: datetime) -> datetime:
        """Return the first start of a business day at or after ``moment``."""
        day = self.calendar.on_or_after(self.local_date(moment))
        if self.morning(day) < moment:
            day = self.calendar.add(day, 1)
        return self.morning(day)

    def first_business_morning_after(self, moment: datetime) -> datetime:
        """Return the morning of the first business day after the local date of ``moment``."""
        return self.morning(self.calendar.add(self.local_date(moment), 1))


def _visible(timeline: Timeline, now: datetime) -> list[Event]:
    """Return the events that had happened by ``now``, oldest first."""
    return sorted((e for e in timeline.events if e.at <= now), key=lambda e: e.at)


def _replies(events: Sequence[Event], kinds: Container[ReplyKind]) -> list[Event]:
    return [e for e in events if e.kind is EventKind.REPLY and e.reply_kind in kinds]


def _sent(events: Sequence[Event], action: ActionKind) -> list[Event]:
    return [e for e in events if e.kind is EventKind.SENT and e.action is action]


def status(timeline: Timeline, now: datetime) -> Status:
    """Given an interview's timeline and the moment, return its status (rules in the docstring)."""
    interview = timeline.interview
    if interview.outcome is not None and (
        interview.closed_at is None or interview.closed_at <= now
    ):
        return _CLOSED_BY_OUTCOME[interview.outcome]
    decisive = [
        e
        for e in _replies(_visible(timeline, now), HEARING_BACK)
        if e.reply_kind in (ReplyKind.REJECTION, ReplyKind.OFFER)
        or (e.reply_kind is ReplyKind.NEXT_STEP and e.at >= interview.at)
    ]
    cancelled = interview.cancelled_at
    if cancelled is not None and cancelled <= now:
        # A decision that came after the cancellation still says more (a rejection, an offer).
        decisive = [e for e in decisive if e.at > cancelled]
        if not decisive:
            return Status.CANCELLED
    if decisive:
        latest = decisive[-1].reply_kind
        if latest is ReplyKind.REJECTION:
            return Status.REJECTED
        return Status.OFFER if latest is ReplyKind.OFFER else Status.NEXT_STEP
    return Status.SCHEDULED if now < interview.at else Status.AWAITING_REPLY


def last_reply(timeline: Timeline, now: datetime) -> Event | None:
    """Return the latest reply from the employer's side received by ``now``, or None."""
    replies = [e for e in _visible(timeline, now) if e.kind is EventKind.REPLY]
    return replies[-1] if replies else None


class _Planner:
    """Plans the actions of one interview; holds what every rule needs."""

    def __init__(
        self,
        timeline: Timeline,
        settings: PolicySettings,
        clock: Clock,
        now: datetime,
        windows: LearnedWindows | None = None,
    ) -> None:
        self.timeline = timeline
        self.interview = timeline.interview
        self.settings = settings
        self.clock = clock
        self.now = now
        self.events = _visible(timeline, now)
        self.status = status(timeline, now)
        self.windows = windows
        self.learned_from: str | None = None
        """Where the expected window came from when it is a learned one (for the move-on)."""

    def day(self, moment: datetime) -> str:
        local = moment.astimezone(self.clock.tz)
        text = short_day(local)
        return (
            text
            if local.year == self.now.astimezone(self.clock.tz).year
            else f"{text} {local.year}"
        )

    def when(self, moment: datetime) -> str:
        local = moment.astimezone(self.clock.tz)
        return f"{self.day(moment)} {local.hour:02d}:{local.minute:02d}"

    @functools.cached_property
    def company_domains(self) -> frozenset[str]:
        """The interview's domains and those of its people, as :meth:`writer` compares them."""
        people = (p.address.rpartition("@")[2] for p in self.interview.everyone)
        domains = (d.lower().rstrip(".") for d in (*self.interview.domains, *people))
        return frozenset(d for d in domains if d)

    def person_for(self, address: str) -> Person | None:
        return next((p for p in self.interview.everyone if p.address == address.lower()), None)

    def writer(self, reply: Event) -> Person | None:
        """The person who wrote a reply: one of the interview's people, else a person writing
        from the company's own domain or a known person's (a recruiter the user never typed
        in, who wrote the rejection), as a contact; None for a relay, a no-reply or an
        office's address."""
        address = address_of(reply.sender)
        known = self.person_for(address)
        if known is not None or "@" not in address:
            return known
        domain = address.rpartition("@")[2]
        # By labels, as matching.domain_matches compares them ("careers.acme.example" is
        # acme.example's), without loading what reads mail's words for every plan: only a
        # writer from the company's domain needs it (tests/test_cli_start.py).
        if not any(domain == d or domain.endswith(f".{d}") for d in self.company_domains):
            return None
        from watcher.senders import personal_address

        name = name_of(reply.sender)
        return (
            Person(name, address, PersonRole.CONTACT) if personal_address(name, address) else None
        )

    def latest_writer(self, role: PersonRole | None = None) -> Person | None:
        """The :meth:`writer` of the latest reply that has one (of ``role``, if given)."""
        for reply in reversed(_replies(self.events, HEARING_BACK)):
            person = self.writer(reply)
            if person is not None and role in (None, person.role):
                return person
        return None

    def follow_up_recipients(self) -> tuple[Person, ...]:
        """The latest person who replied (:meth:`writer`), else the contacts, else the
        interviewers."""
        person = self.latest_writer()
        return (person,) if person else (self.interview.contacts or self.interview.interviewers)

    def action(
        self,
        kind: ActionKind,
        due: datetime,
        to: tuple[Person, ...],
        reason: str,
        key: str,
        *,
        deadline: datetime | None = None,
        number: int = 1,
        ref: str = "",
    ) -> Action:
        return Action(
            interview_id=self.interview.id,
            kind=kind,
            due=due,
            to=to,
            reason=reason,
            key=f"{self.interview.id}:{kind}:{key}",
            deadline=deadline,
            number=number,
            ref=ref,
        )

    def plan(self) -> list[Action]:
        actions = [*self.thank_yous(), *self.commitments()]
        if self.status in _STILL_WAITING:
            actions += self.silence()
        if self.status is Status.REJECTED:
            actions += self.graceful_close()
        actions += self.check_ins()
        return actions

    def thank_yous(self) -> list[Action]:
        """The thank-yous of every round (a process of several rounds thanks each round's
        interviewers for that round; the actions of an earlier round carry its number in
        ``ref``)."""
        if self.status not in _STILL_WAITING:
            return []
        rounds = self.interview.all_rounds
        actions = []
        for number, round_ in enumerate(rounds, 1):
            ends = rounds[number].at if number < len(rounds) else None
            actions += self.round_thank_yous(round_, number if len(rounds) > 1 else 0, ends)
        return actions

    def round_thank_yous(self, round_: Round, number: int, ends: datetime | None) -> list[Action]:
        """The thank-yous of one round (``number`` 0 for a process of one round), counting
        those sent from its start until the next round starts (``ends``)."""
        settings = self.settings
        if self.now > self.clock.after(round_.at, settings.thank_you_until):
            return []
        if any(e.at >= round_.at for e in _replies(self.events, HEARING_BACK)):
            return []
        thanked = [
            e
            for e in _sent(self.events, ActionKind.THANK_YOU)
            if e.at >= round_.at and (ends is None or e.at < ends)
        ]
        if any(not e.recipients for e in thanked) or (thanked and not round_.interviewers):
            return []
        done = {address_of(address) for e in thanked for address in e.recipients}
        due = self.clock.exact(round_.at, settings.interview_length)
        deadline = self.clock.after(round_.at, settings.thank_you_within)
        if not round_.interviewers:
            groups: list[tuple[tuple[Person, ...], str, str]] = [((), "the hiring team", "*")]
        else:
            groups = [((p,), p.name or p.address, p.address) for p in round_.interviewers]
        which = f"Round {number} interview" if number else "Interview"
        return [
            self.action(
                ActionKind.THANK_YOU,
                due,
                to,
                f"{which} with {who} on {self.when(round_.at)}: a thank-you within "
                f"{settings.thank_you_within}, by {self.when(deadline)}, shows you value their"
                " time.",
                # The day, not the minute: correcting the time keeps the key (no second draft),
                # while a next round on another day gets its own thank-you.
                f"{address}:{self.clock.local_date(round_.at).isoformat()}",
                deadline=deadline,
                ref=str(number) if number else "",
            )
            for to, who, address in groups
            if address not in done
        ]

    def commitments(self) -> list[Action]:
        if self.status not in OPEN_STATUSES:
            return []
        actions = []
        for commitment in self.timeline.commitments:
            if commitment.done_at is not None and commitment.done_at <= self.now:
                continue
            due = min(commitment.due, self.clock.morning(self.clock.local_date(commitment.due)))
            actions.append(
                self.action(
                    ActionKind.COMMITMENT,
                    due,
                    self.follow_up_recipients(),
                    f"You promised to {commitment.what.rstrip('.')} by "
                    f"{self.when(commitment.due)}.",
                    str(commitment.id),
                    deadline=commitment.due,
                    ref=str(commitment.id),
                )
            )
        return actions

    def silence(self) -> list[Action]:
        """Follow-ups and move-on for an interview waiting for a reply."""
        interview, settings, clock = self.interview, self.settings, self.clock
        start = clock.exact(interview.at, settings.interview_length)
        restarts = [e for e in _replies(self.events, _RESTARTING) if e.at >= interview.at]
        if restarts:
            start = max(start, restarts[-1].at)
        window, first_due, explained = self.expected_window(
            start, restarts[-1] if restarts else None
        )
        follow_ups = [e for e in _sent(self.events, ActionKind.FOLLOW_UP) if e.at >= start]
        actions = []
        # What this silence counts from, stable across edits of the interview's time and across
        # the offset a message was written with: the restarting reply, or the interview's day.
        if restarts:
            basis = restarts[-1].message_id or _stamp(restarts[-1].at)
        else:
            basis = f"interview:{clock.local_date(interview.at).isoformat()}"
        if len(follow_ups) < settings.max_follow_ups:
            number = len(follow_ups) + 1
            if follow_ups:
                due = clock.after(follow_ups[-1].at, settings.follow_up_spacing)
                reason = (
                    f"No reply {settings.follow_up_spacing} after your follow-up on "
                    f"{self.day(follow_ups[-1].at)}"
                )
                deadline = None
            else:
                due, reason = first_due, explained
                deadline = self.follow_up_deadline(first_due)
            actions.append(
                self.action(
                    ActionKind.FOLLOW_UP,
                    due,
                    self.follow_up_recipients(),
                    f"{reason}: follow-up {number} of {settings.max_follow_ups}.",
                    f"{number}:{basis}",
                    deadline=deadline,
                    number=number,
                )
            )
        move_on = self.move_on_due(start, window)
        if follow_ups:
            move_on = max(move_on, clock.after(follow_ups[-1].at, settings.follow_up_spacing))
        actions.append(
            self.action(
                ActionKind.MOVE_ON,
                move_on,
                (),
                f"Silence since {self.day(start)}, well past the expected window of {window}"
                f"{self.learned_from_text()}: it is probably time to move on with `watcher track "
                f"close {interview.id} --outcome ghosted`.",
                basis,
            )
        )
        return actions

    def expected_window(self, start: datetime, restart: Event | None) -> tuple[Span, datetime, str]:
        """Return the expected window, the first follow-up's due time and why."""
        interview, settings, clock = self.interview, self.settings, self.clock
        stated: Span | date | None = interview.expect if restart is None else None
        if restart is not None and restart.until is not None:
            stated = restart.until
        if isinstance(stated, date):
            days = max(1, (stated - clock.local_date(start)).days)
            due = clock.first_business_morning_after(clock.morning(stated))
            said = "They" if restart is None else "Their last reply"
            return (
                Span(days, Unit.DAYS),
                due,
                f"{said} said to expect news by {self.day(clock.morning(stated))}",
            )
        if isinstance(stated, Span):
            end = clock.after(start, stated)
            due = clock.first_business_morning_after(end)
            return (
                stated,
                due,
                (
                    f"They said to expect news within {stated} of {self.day(start)}, "
                    f"by {self.day(end)}, and nothing came"
                ),
            )
        window = settings.follow_up_after
        waited = str(window)
        reason = (
            f"No reply {window} after {'the interview' if restart is None else 'their last reply'}"
        )
        if interview.format in (Format.PANEL, Format.MULTI_ROUND) and restart is None:
            extra = settings.panel_extra
            if window.unit is extra.unit:
                window = Span(window.amount + extra.amount, window.unit)
                due = clock.after(start, window)
                waited = str(window)
            else:
                due = clock.after(clock.after(start, window), extra)
                waited = f"{window} and {extra}"
            reason = (
                f"No reply {waited} after the {interview.format} interview, as "
                f"{interview.format} interviews take longer"
            )
        else:
            due = clock.after(start, window)
        learned = self.windows.for_round(interview) if self.windows and restart is None else None
        if learned is not None:
            return self.learned_window(learned, start, window, due, waited)
        return window, due, reason

    def learned_window(
        self, learned: Learned, start: datetime, window: Span, due: datetime, waited: str
    ) -> tuple[Span, datetime, str]:
        """Given the learned window of this round, the article's window, its first due time and
        its wait as said ("5 business days"), return the window, the first follow-up's due time
        and why, kept between the article's due time and twice its latest
        (:meth:`longest_wait_end`)."""
        clock = self.clock
        longest = self.longest_wait_end(start)
        wanted = clock.after(start, Span(learned.follow_up_day, Unit.BUSINESS_DAYS))
        median = (
            Span(learned.median, Unit.BUSINESS_DAYS)
            if learned.median
            else "less than a business day"
        )
        said = (
            f"{_learned_source(learned)} in a median of {median} over {learned.count} "
            f"{'of yours' if learned.basis == 'format' else 'interviews'}, and nothing came"
        )
        if wanted <= due:
            # The article's shortest wait: its window, its move-on.
            return window, due, f"{said} {waited} after this one, the usual advice's shortest wait"
        self.learned_from = _learned_origin(learned)
        if wanted >= longest:
            days = clock.calendar.between(clock.local_date(start), clock.local_date(longest))
            span = Span(days, Unit.BUSINESS_DAYS)
            return (
                span,
                longest,
                f"{said} {span} after this one, twice the usual advice's longest wait",
            )
        span = Span(learned.follow_up_day, Unit.BUSINESS_DAYS)
        return span, wanted, f"{said} {span} after this one"

    def longest_wait_end(self, start: datetime) -> datetime:
        """Return the latest a learned first follow-up may wait until: twice ``follow_up_by``
        after ``start``, and twice ``panel_extra`` more after a panel or multi-round interview."""
        by, clock = self.settings.follow_up_by, self.clock
        twice = Span(2 * by.amount, by.unit)
        if self.interview.format not in (Format.PANEL, Format.MULTI_ROUND):
            return clock.after(start, twice)
        extra = self.settings.panel_extra
        if extra.unit is by.unit:
            return clock.after(start, Span(2 * (by.amount + extra.amount), by.unit))
        return clock.after(clock.after(start, twice), Span(2 * extra.amount, extra.unit))

    def learned_from_text(self) -> str:
        return "" if self.learned_from is None else f", learned from {self.learned_from}"

    def follow_up_deadline(self, due: datetime) -> datetime | None:
        """Return when the first follow-up stops being timely (``follow_up_by``), or None."""
        after, by = self.settings.follow_up_after, self.settings.follow_up_by
        if after.unit is not by.unit or by.amount <= after.amount:
            return None
        if after.unit is Unit.BUSINESS_DAYS:
            return self.clock.morning(
                self.clock.calendar.add(self.clock.local_date(due), by.amount - after.amount)
            )
        return self.clock.after(due, Span(by.amount - after.amount, by.unit))

    def move_on_due(self, start: datetime, window: Span) -> datetime:
        settings = self.settings
        if settings.move_on_after is not None:
            end = self.clock.after(start, settings.move_on_after)
        else:
            scaled = Span(math.ceil(window.amount * settings.move_on_factor), window.unit)
            end = self.clock.after(start, scaled)
        return self.clock.next_business_morning(end)

    def rejections(self) -> list[Event]:
        """The rejections since the last reply that said otherwise (an offer, a next step)."""
        decisive = _replies(
            self.events, {ReplyKind.REJECTION, ReplyKind.OFFER, ReplyKind.NEXT_STEP}
        )
        streak: list[Event] = []
        for event in decisive:
            streak = [*streak, event] if event.reply_kind is ReplyKind.REJECTION else []
        return streak

    def rejected_at(self) -> datetime:
        """When the process was lost: the first rejection of the last streak, else the close."""
        rejections = self.rejections()
        if rejections:
            return rejections[0].at
        return self.interview.closed_at or self.interview.at

    def graceful_close(self) -> list[Action]:
        # Keyed on the first rejection: a second notice of the same decision (the ATS, then
        # the recruiter's own words) asks for no second draft.
        rejected = self.rejected_at()
        if _sent(self.events, ActionKind.GRACEFUL_CLOSE):
            return []
        deadline = self.clock.after(rejected, self.settings.graceful_close_for)
        if self.now > deadline:
            return []
        writers = (self.writer(e) for e in reversed(self.rejections()))
        person = next((p for p in writers if p is not None), None)
        to = (person,) if person else (self.interview.contacts or self.interview.interviewers)
        return [
            self.action(
                ActionKind.GRACEFUL_CLOSE,
                rejected,
                to,
                f"{self.interview.company} said no on {self.day(rejected)}: a gracious thank-you "
                "keeps the door open for future roles.",
                _stamp(rejected),
                deadline=deadline,
            )
        ]

    def closed_on_good_terms_at(self) -> datetime | None:
        interview = self.interview
        if interview.outcome in _GOOD_TERMS and interview.closed_at is not None:
            return interview.closed_at
        if interview.outcome is None and self.status is Status.REJECTED:
            return self.rejected_at()
        return None

    def keep_in_touch_with(self) -> tuple[Person, ...]:
        """The contacts, else the recruiter who last wrote (a :meth:`writer` the user never
        typed in), else the interviewers."""
        if self.interview.contacts:
            return self.interview.contacts
        person = self.latest_writer(PersonRole.CONTACT)
        return (person,) if person else self.interview.interviewers

    def check_ins(self) -> list[Action]:
        every = self.settings.check_in_every
        closed = self.closed_on_good_terms_at()
        if every is None or closed is None or closed > self.now:
            return []
        sent = [e for e in _sent(self.events, ActionKind.CHECK_IN) if e.at >= closed]
        since = sent[-1].at if sent else closed
        number = len(sent) + 1
        return [
            self.action(
                ActionKind.CHECK_IN,
                self.clock.next_business_morning(self.clock.after(since, every)),
                self.keep_in_touch_with(),
                f"Keep in touch: {every} since "
                f"{'your last check-in' if sent else 'the process closed'} on {self.day(since)}.",
                str(number),
                number=number,
            )
        ]


def _learned_source(learned: Learned) -> str:
    """Who answered, as a learned window's reason names them: "Acme answered you"."""
    if learned.basis == "company":
        return f"{learned.name} answered you"
    if learned.basis == "relay":
        return f"{learned.name} companies answered you"
    return f"{learned.name.capitalize()} interviews were answered"


def _learned_origin(learned: Learned) -> str:
    """Where a learned window comes from, as the move-on's reason says it."""
    if learned.basis == "company":
        return f"{learned.name}'s answers"
    if learned.basis == "relay":
        return f"the answers of {learned.name} companies"
    return f"the answers to your {learned.name} interviews"


def _stamp(moment: datetime) -> str:
    """Return a moment as it goes into an action's key: in UTC, so the key does not depend on
    the offset a message was written with."""
    return moment.astimezone(UTC).isoformat()


def _expedites(
    timelines: Sequence[Timeline],
    statuses: dict[int, Status],
    settings: PolicySettings,
    now: datetime,
    clock: Clock,
) -> list[Action]:
    """One expedite per (deciding interview, offer) pair, unless already sent since the offer:
    to each process that is active and undecided (:data:`_DECIDING`) and whose interview has
    ended by ``now``, due at the offer or, when it ended later, at its end."""
    actions = []
    for offered in timelines:
        if statuses[offered.interview.id] is not Status.OFFER:
            continue
        offers = _replies(_visible(offered, now), {ReplyKind.OFFER})
        offer_at = offers[0].at  # once per offer: later mail about the same offer changes nothing
        for waiting in timelines:
            interview = waiting.interview
            if statuses[interview.id] not in _DECIDING:
                continue
            ended = clock.exact(interview.at, settings.interview_length)
            if ended > now:
                continue
            events = _visible(waiting, now)
            if any(e.at >= offer_at for e in _sent(events, ActionKind.EXPEDITE)):
                continue
            planner = _Planner(waiting, settings, clock, now)
            actions.append(
                Action(
                    interview_id=interview.id,
                    kind=ActionKind.EXPEDITE,
                    due=max(offer_at, ended),
                    to=planner.follow_up_recipients(),
                    reason=(
                        f"{offered.interview.company} made an offer on {planner.day(offer_at)}: "
                        f"tell {interview.company} and ask about their timeline."
                    ),
                    key=f"{interview.id}:{ActionKind.EXPEDITE}:{offered.interview.id}:"
                    f"{_stamp(offer_at)}",
                    ref=str(offered.interview.id),
                )
            )
    return actions


def draft_of(action: Action, timeline: Timeline) -> Event | None:
    """Return the draft watcher left for ``action`` (a DRAFT event of its kind, made once it was
    due, to one of its recipients), or None."""
    wanted = {p.address for p in action.to}
    for event in reversed(timeline.events):
        if (
            event.kind is EventKind.DRAFT
            and event.action is action.kind
            and event.at >= action.due
            and (not wanted or wanted & set(event.recipients))
        ):
            return event
    return None


def in_quiet_hours(now: datetime, settings: PolicySettings) -> bool:
    """Whether ``now`` falls in the quiet hours (start inclusive, end exclusive; they may cross
    midnight), when nudges wait for the morning."""
    if settings.quiet_hours is None:
        return False
    start, end = settings.quiet_hours
    moment = now.astimezone(settings.timezone).time().replace(tzinfo=None)
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_hours_end(now: datetime, settings: PolicySettings) -> datetime | None:
    """Given a moment in the quiet hours, return when they end (the first moment nudges may be
    delivered again); None when ``now`` is not in them."""
    if settings.quiet_hours is None or not in_quiet_hours(now, settings):
        return None
    end = settings.quiet_hours[1]
    local = now.astimezone(settings.timezone)
    for days in (0, 1):
        wall = datetime.combine(local.date() + timedelta(days=days), end)
        # Through UTC and back: a wall time that a DST change skips lands just after the gap.
        moment = wall.replace(tzinfo=settings.timezone).astimezone(UTC)
        if moment > now:
            return moment.astimezone(settings.timezone)
    raise AssertionError("quiet hours end within a day")


def plan(
    timelines: Sequence[Timeline],
    settings: PolicySettings,
    now: datetime,
    learned: LearnedWindows | None = None,
) -> list[Action]:
    """Given every tracked interview, the settings, the moment and the windows learned from the
    user's history (used when ``settings.learn_windows`` is on; see :mod:`watcher.windows`),
    return every action due or coming, ordered by due time (then interview and kind). Nothing
    is performed.

    Raise ValueError if ``now`` is naive.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    clock = Clock.from_settings(settings)
    actions: list[Action] = []
    statuses: dict[int, Status] = {}
    windows = learned if settings.learn_windows else None
    for timeline in timelines:
        planner = _Planner(timeline, settings, clock, now, windows)
        statuses[timeline.interview.id] = planner.status
        actions += planner.plan()
    if settings.expedite:
        actions += _expedites(timelines, statuses, settings, now, clock)
    actions = _snoozed(actions, timelines, clock, now)
    return sorted(actions, key=lambda a: (a.due, a.interview_id, a.kind, a.key))


def _snoozed(
    actions: list[Action], timelines: Sequence[Timeline], clock: Clock, now: datetime
) -> list[Action]:
    """Move what a snooze covers ("Snooze 2 days" on a notification, `track snooze`) to the
    morning the snooze ends: an action due before then waits, and says it did."""
    ends = {}
    for timeline in timelines:
        snoozes = [e for e in _visible(timeline, now) if e.kind is EventKind.SNOOZE and e.until]
        if snoozes and snoozes[-1].until is not None:
            ends[timeline.interview.id] = clock.morning(snoozes[-1].until)
    return [
        replace(action, due=ends[action.interview_id], snoozed_until=ends[action.interview_id])
        if action.interview_id in ends and action.due < ends[action.interview_id]
        else action
        for action in actions
    ]
