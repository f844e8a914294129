"""The search at a glance (`watcher report`): where every process stands, what is due this
week, how fast employers answer, how often follow-ups get a reply, and when silence meant no.

Pure: :func:`build` is given the timelines, the moment, the policy's settings and, to name the
relay (applicant-tracking system) an employer answered through, a function of a sender. Every
response time and follow-up comes from :mod:`watcher.history` (an answer is the first reply
that counts as hearing back after a round, before the next one); what is due comes from
:func:`watcher.policy.plan`; where a process stands from :func:`watcher.policy.status`.

Days are calendar days in the policy's time zone: an answer on the day of the interview took
0 days, one the next morning 1. A median of an even count of days is the mean of the middle
two, so it may end in .5.

The filters keep or drop whole processes: ``since`` keeps those with a round on or after that
day; ``company`` those whose company's name holds the given words (case and accents aside).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from watcher import history, policy
from watcher.models import (
    Action,
    ActionKind,
    EventKind,
    Format,
    PolicySettings,
    ReplyKind,
    Status,
    Timeline,
)
from watcher.record import record
from watcher.words import fold, split_words

DUE_AHEAD = timedelta(days=7)
"""How far "due this week" looks ahead of now (what is late is always in)."""

DIRECT = "direct"
"""The relay of an answer that came from the employer's own mail, not through a relay."""


@record
class Mark:
    """One thing on a process's timeline: a round (``kind`` "round"; ``done`` is False for one
    still ahead), a message the user sent ("thank_you", "follow_up" or "sent" for another),
    a reply ("reply", with its ``reply_kind``), the process closed or cancelled ("closed",
    "cancelled"). ``label`` says what it was, as a person reads it."""

    at: datetime
    kind: str
    label: str
    reply_kind: ReplyKind | None = None
    done: bool = True


@record
class Silence:
    """A silence after a round: from the end of the round until the employer's answer
    (``answered``), or until the next round, the close or now when none came."""

    start: datetime
    end: datetime
    answered: bool


@record
class Process:
    """One process as its timeline shows it."""

    interview_id: int
    company: str
    role: str
    status: Status
    marks: tuple[Mark, ...]
    silences: tuple[Silence, ...]


@record
class ReplyTime:
    """One round that took place, and how many calendar days the employer took to answer it
    (None: no answer, yet or ever). ``relay`` is :data:`DIRECT` for the employer's own mail."""

    interview_id: int
    company: str
    relay: str
    format: Format
    round: int
    round_at: datetime
    answer_at: datetime | None
    days: int | None


@record
class FollowUpTime:
    """A follow-up the user sent, and how many calendar days later an answer came (None:
    none came)."""

    interview_id: int
    company: str
    sent_at: datetime
    answer_at: datetime | None
    days: int | None


@record
class Stage:
    """Round ``round`` of the funnel: how many processes reached it, how many went on to the
    next, and where those that got no further stand now (``stopped``: status -> count)."""

    round: int
    reached: int
    further: int
    stopped: Mapping[Status, int]


@record
class Ghosting:
    """A process that ended in silence (closed as ghosted): how many calendar days passed from
    the last sign of life (its latest round, or a later answer) to the close."""

    interview_id: int
    company: str
    silent_since: datetime
    closed_at: datetime
    days: int


@record
class Due:
    """An action due this week (or late), with its process's company and role."""

    action: Action
    company: str
    role: str


@record
class Report:
    """Every figure of the report, for the processes the filters kept."""

    now: datetime
    settings: PolicySettings
    since: date | None
    company: str | None
    processes: tuple[Process, ...]
    pipeline: Mapping[Status, int]
    due: tuple[Due, ...]
    replies: tuple[ReplyTime, ...]
    follow_ups: tuple[FollowUpTime, ...]
    funnel: tuple[Stage, ...]
    ghostings: tuple[Ghosting, ...]

    @property
    def reply_days(self) -> list[int]:
        """The days each answered round waited for its answer."""
        return [r.days for r in self.replies if r.days is not None]

    @property
    def first_reply_median(self) -> float | None:
        return median(self.reply_days)

    def reply_medians(self, key: Callable[[ReplyTime], str]) -> dict[str, float | None]:
        """Return the median days to an answer of each group of rounds (``key`` names a
        round's group), None for a group never answered; groups by name."""
        groups: dict[str, list[int]] = {}
        for reply in self.replies:
            days = groups.setdefault(key(reply), [])
            if reply.days is not None:
                days.append(reply.days)
        return {name: median(groups[name]) for name in sorted(groups, key=str.casefold)}

    @property
    def by_company(self) -> dict[str, float | None]:
        return self.reply_medians(lambda r: r.company)

    @property
    def by_ats(self) -> dict[str, float | None]:
        return self.reply_medians(lambda r: r.relay)

    @property
    def by_format(self) -> dict[str, float | None]:
        return self.reply_medians(lambda r: str(r.format))

    @property
    def answered_follow_ups(self) -> list[FollowUpTime]:
        return [f for f in self.follow_ups if f.answer_at is not None]

    @property
    def ghosted_median(self) -> float | None:
        return median([g.days for g in self.ghostings])


def median(values: Sequence[int]) -> float | None:
    """Return the median of ``values`` (a whole number as an int), or None if there are none."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    half = (ordered[middle - 1] + ordered[middle]) / 2
    return int(half) if half.is_integer() else half


def company_matches(company: str, wanted: str) -> bool:
    """Return whether ``wanted`` names ``company``: its words, case and accents aside, are a
    run of the company's words ("acme" names "Acme Robotics", "robotics" too; "acm" none)."""
    words, run = split_words(fold(company)), split_words(fold(wanted))
    if not run:
        return False
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def select(
    timelines: Iterable[Timeline],
    settings: PolicySettings,
    *,
    since: date | None = None,
    company: str | None = None,
) -> list[Timeline]:
    """Return the timelines the filters keep (see the module's docstring), in their order."""
    kept = []
    for timeline in timelines:
        interview = timeline.interview
        if company is not None and not company_matches(interview.company, company):
            continue
        if since is not None and _day(interview.at, settings) < since:
            continue  # its latest round, and so every round, was before the day
        kept.append(timeline)
    return kept


def build(
    timelines: Sequence[Timeline],
    now: datetime,
    settings: PolicySettings,
    relay_of: Callable[[str], str | None] = history.no_relay,
    *,
    since: date | None = None,
    company: str | None = None,
) -> Report:
    """Given every timeline, the moment, the policy's settings and the relay of a sender,
    return the report of the processes the filters keep (see the module's docstring)."""
    kept = select(timelines, settings, since=since, company=company)
    ids = {t.interview.id for t in kept}
    statuses = {t.interview.id: policy.status(t, now) for t in kept}
    # Planned over every process: an offer elsewhere is what an expedite is about.
    actions = policy.plan(timelines, settings, now)
    interviews = {t.interview.id: t.interview for t in kept}
    due = tuple(
        Due(a, interviews[a.interview_id].company, interviews[a.interview_id].role)
        for a in actions
        if a.interview_id in ids and a.due <= now + DUE_AHEAD
    )
    replies: list[ReplyTime] = []
    follow_ups: list[FollowUpTime] = []
    processes: list[Process] = []
    for timeline in kept:
        waits = history.waits(timeline, now, relay_of)
        for number, wait in enumerate(waits, 1):
            answer_at = wait.answer.at if wait.answer is not None else None
            replies.append(
                ReplyTime(
                    wait.interview_id,
                    wait.company,
                    wait.relay or DIRECT,
                    wait.format,
                    number,
                    wait.round_at,
                    answer_at,
                    None if answer_at is None else _days(wait.round_at, answer_at, settings),
                )
            )
        for follow_up in history.follow_ups(timeline, now):
            answer_at = follow_up.answer.at if follow_up.answer is not None else None
            follow_ups.append(
                FollowUpTime(
                    follow_up.interview_id,
                    follow_up.company,
                    follow_up.sent.at,
                    answer_at,
                    None if answer_at is None else _days(follow_up.sent.at, answer_at, settings),
                )
            )
        processes.append(_process(timeline, statuses[timeline.interview.id], now, settings))
    pipeline = Counter(statuses.values())
    return Report(
        now=now,
        settings=settings,
        since=since,
        company=company,
        processes=tuple(processes),
        pipeline={s: pipeline.get(s, 0) for s in Status},
        due=due,
        replies=tuple(replies),
        follow_ups=tuple(follow_ups),
        funnel=_funnel(kept, statuses, now),
        ghostings=tuple(_ghostings(kept, statuses, now, settings)),
    )


def was_cancelled(timeline: Timeline, now: datetime) -> bool:
    """Return whether the employer had cancelled the latest round of ``timeline`` by ``now``:
    that round did not take place."""
    at = timeline.interview.cancelled_at
    return at is not None and at <= now


def _day(moment: datetime, settings: PolicySettings) -> date:
    return moment.astimezone(settings.timezone).date()


def _days(start: datetime, end: datetime, settings: PolicySettings) -> int:
    """Return the calendar days from ``start`` to ``end`` in the policy's time zone."""
    return (_day(end, settings) - _day(start, settings)).days


_SENT_MARKS = {ActionKind.THANK_YOU: "thank_you", ActionKind.FOLLOW_UP: "follow_up"}


def _process(
    timeline: Timeline, status: Status, now: datetime, settings: PolicySettings
) -> Process:
    """Return ``timeline`` as its row of the report's timelines shows it."""
    interview = timeline.interview
    rounds = interview.all_rounds
    dropped = was_cancelled(timeline, now)
    marks = [
        Mark(
            r.at,
            "round",
            (f"round {number} ({r.format})" if len(rounds) > 1 else f"interview ({r.format})")
            + (", cancelled" if dropped and number == len(rounds) else ""),
            done=r.at <= now and not (dropped and number == len(rounds)),
        )
        for number, r in enumerate(rounds, 1)
    ]
    for event in timeline.events:
        if event.at > now:
            continue
        if event.kind is EventKind.REPLY and event.reply_kind is not None:
            said = str(event.reply_kind).replace("_", " ")
            sender = f" from {event.sender}" if event.sender else ""
            marks.append(Mark(event.at, "reply", f"reply: {said}{sender}", event.reply_kind))
        elif event.kind is EventKind.SENT and event.action is not None:
            kind = _SENT_MARKS.get(event.action, "sent")
            marks.append(Mark(event.at, kind, f"{str(event.action).replace('_', '-')} sent"))
    closed = interview.closed_at
    if interview.outcome is not None and closed is not None and closed <= now:
        marks.append(Mark(closed, "closed", f"closed: {interview.outcome}"))
    cancelled = interview.cancelled_at
    if cancelled is not None and cancelled <= now:
        marks.append(Mark(cancelled, "cancelled", "cancelled by the employer"))
    marks.sort(key=lambda m: m.at)
    silences = []
    for number, wait in enumerate(history.waits(timeline, now)):
        start = wait.round_at + settings.interview_length
        if wait.answer is not None:
            end, answered = wait.answer.at, True
        else:
            ends = [now]
            if number + 1 < len(rounds):
                ends.append(rounds[number + 1].at)
            if closed is not None and interview.outcome is not None:
                ends.append(closed)
            end, answered = min(ends), False
        if end > start:
            silences.append(Silence(start, end, answered))
    return Process(
        interview.id, interview.company, interview.role, status, tuple(marks), tuple(silences)
    )


def _funnel(
    timelines: Sequence[Timeline], statuses: Mapping[int, Status], now: datetime
) -> tuple[Stage, ...]:
    """Return the rounds of the funnel: round 1 reached by every process whose first round
    took place, and so on."""
    taken = {
        t.interview.id: sum(1 for r in t.interview.all_rounds if r.at <= now)
        - (1 if was_cancelled(t, now) and t.interview.at <= now else 0)
        for t in timelines
    }
    deepest = max(taken.values(), default=0)
    stages = []
    for number in range(1, deepest + 1):
        stopped = Counter(statuses[i] for i, count in taken.items() if count == number)
        stages.append(
            Stage(
                number,
                reached=sum(1 for count in taken.values() if count >= number),
                further=sum(1 for count in taken.values() if count > number),
                stopped={s: stopped[s] for s in Status if stopped[s]},
            )
        )
    return tuple(stages)


def _ghostings(
    timelines: Sequence[Timeline],
    statuses: Mapping[int, Status],
    now: datetime,
    settings: PolicySettings,
) -> list[Ghosting]:
    found = []
    for timeline in timelines:
        interview = timeline.interview
        if statuses[interview.id] is not Status.GHOSTED:
            continue
        closed = interview.closed_at or now
        taken = [r.at for r in interview.all_rounds if r.at <= closed]
        answers = [e.at for e in history.answers(timeline, closed)]
        since = max([*taken, *answers], default=interview.at)
        found.append(
            Ghosting(interview.id, interview.company, since, closed, _days(since, closed, settings))
        )
    return found


# --------------------------------------------------------------------------- JSON


def report_json(report: Report) -> dict[str, Any]:
    """Return every figure of ``report`` as the JSON object of `watcher report --json` (the
    README documents it; a key renamed here breaks someone's script)."""
    zone = report.settings.timezone

    def iso(moment: datetime | None) -> str | None:
        return None if moment is None else moment.astimezone(zone).isoformat()

    answered = report.answered_follow_ups
    return {
        "now": iso(report.now),
        "timezone": str(zone),
        "since": report.since.isoformat() if report.since else None,
        "company": report.company,
        "processes": len(report.processes),
        "pipeline": {str(s): n for s, n in report.pipeline.items()},
        "due_this_week": [
            {
                "interview": d.action.interview_id,
                "company": d.company,
                "role": d.role,
                "kind": str(d.action.kind),
                "due": iso(d.action.due),
                "late": d.action.due <= report.now,
                "reason": d.action.reason,
            }
            for d in report.due
        ],
        "first_reply_days": {
            "median": report.first_reply_median,
            "rounds": len(report.replies),
            "answered": len(report.reply_days),
            "by_company": report.by_company,
            "by_ats": report.by_ats,
            "by_format": report.by_format,
            "distribution": [
                {
                    "interview": r.interview_id,
                    "company": r.company,
                    "ats": r.relay,
                    "format": str(r.format),
                    "round": r.round,
                    "interview_at": iso(r.round_at),
                    "first_reply_at": iso(r.answer_at),
                    "days": r.days,
                }
                for r in report.replies
            ],
        },
        "follow_ups": {
            "sent": len(report.follow_ups),
            "answered": len(answered),
            "median_answer_days": median([f.days for f in answered if f.days is not None]),
            "answer_days": [f.days for f in answered],
        },
        "funnel": [
            {
                "round": s.round,
                "reached": s.reached,
                "further": s.further,
                "stopped": {str(k): v for k, v in s.stopped.items()},
            }
            for s in report.funnel
        ],
        "ghosted": len(report.ghostings),
        "ghosted_after_days": {
            "median": report.ghosted_median,
            "days": [g.days for g in report.ghostings],
        },
        "timelines": [
            {
                "interview": p.interview_id,
                "company": p.company,
                "role": p.role,
                "status": str(p.status),
                "marks": [
                    {
                        "at": iso(m.at),
                        "kind": m.kind,
                        "reply_kind": None if m.reply_kind is None else str(m.reply_kind),
                        "label": m.label,
                        "done": m.done,
                    }
                    for m in p.marks
                ],
                "silences": [
                    {"start": iso(s.start), "end": iso(s.end), "answered": s.answered}
                    for s in p.silences
                ],
            }
            for p in report.processes
        ],
    }
