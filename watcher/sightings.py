"""What an interview seen in mail means for the tracked ones: a new interview, a next round of
a tracked process, a move or a cancellation of one already known (or suggested), or nothing.

Pure: no clock, disk or network; ``now`` is an argument. :mod:`watcher.invites` reads a message
into a :class:`~watcher.models.Sighting`; :func:`decide` says what it means given every tracked
interview and every suggestion made so far (pending, accepted, ignored or cancelled); the engine
applies the :class:`Decision` (and a dry run only reports it).

The rules, in order:

1. A message already acted on (its Message-ID is a suggestion's, a round's, a ``schedule``
   event's, or one of ``read``) means nothing more.
2. The same calendar event (its UID) as a round of a tracked interview: a cancellation cancels
   it (unless it is older than what is known, or cancelled already); an invitation with a
   higher SEQUENCE and another time, still to come, moves it (and reopens a cancelled one);
   the same SEQUENCE is a duplicate and a lower one is out of date.
3. The same event as a suggestion: a pending one is moved or cancelled the same way (a
   cancelled one is reopened by a later invitation); one the user ignored, or one accepted
   whose interview was removed since, is never suggested again.
4. A cancellation without a known event cancels the round of a tracked interview in the same
   thread, or at its very time (a meeting not called an interview: of the same company), then
   a pending suggestion so, if it is still to come; one that names no time, or another hour
   of a round's day, cancels the one round still to come (that day) of the company's one
   process that has one (or its one pending suggestion); otherwise it cancels nothing. A
   time strictly inside the span of the company's round still to come (one block of an
   onsite of several, each its own calendar event) cancels nothing: the day stays.
5. An invitation to a time already past, or to a time the same company is already tracked or
   suggested at (whatever became of the suggestion), means nothing; at the very same minute,
   so does one that names another company (an agency names itself): a candidate is in one
   interview at a time. A new time whose mail says the time it had before ("instead of
   Wednesday at 3 PM") moves the round still to come at that time, whatever company the mail
   names (a meeting not called an interview: of the same company), or the pending suggestion
   at that time. A calendar event of the same company wholly inside the span of a round
   still to come (its end as the mail that set it said) or of a pending suggestion, that
   says no move, is a block of that interview (an onsite whose sessions each have their own
   calendar event): nothing.
6. An invitation in the thread of a tracked process (its invitation or any mail recorded for
   it), or from the same company and role (the role compared only when both are known; a mail
   that says the interview moved needs no role, when the company has one process with a round
   still to come), for a process not closed: it reopens a cancelled one; for one whose latest
   round is still to come it is a new time for it (a move), unless both name different
   calendar events and the mail does not say it moved (a scheduler that books a new event for
   a new time, as Calendly does: "has been rescheduled") nor is a later version (SEQUENCE
   above 0) of its own event (another tool's copy of the round); once the latest round has taken
   place it is a next round.
7. An invitation in the thread of a pending suggestion, or from the same company and role (a
   mail that says the interview moved: any role), whose time is still to come, is a new time
   for it (unless both name different calendar events); one the user ignored so is never
   suggested again.
8. Anything else is a new interview.

"The same company" (:func:`same_party`) is the same name as words, a domain of both or an
interviewer of both: two tools that write about one interview (a scheduler's invitation, the
recruiter's own mail) name its company in different ways.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from enum import StrEnum

from watcher.matching import same_company
from watcher.models import (
    EventKind,
    Interview,
    Person,
    Round,
    Sighting,
    SightingKind,
    Suggestion,
    SuggestionState,
    Timeline,
)
from watcher.record import record
from watcher.words import fold, split_words


class Verdict(StrEnum):
    """What a sighting means."""

    NEW = "new"
    ROUND = "round"
    MOVE = "move"
    CANCEL = "cancel"
    NOTHING = "nothing"


@record
class Decision:
    """What :func:`decide` made of a sighting, and why (``reason``, in words).

    ``interview_id`` names the tracked process a ``round``, ``move`` or ``cancel`` concerns, and
    ``round`` which of its rounds a move or cancellation changes (1 is the first); for a move or
    cancellation of a suggestion, ``suggestion_id`` names it instead."""

    verdict: Verdict
    sighting: Sighting
    reason: str
    interview_id: int | None = None
    suggestion_id: int | None = None
    round: int | None = None


def decide(
    sighting: Sighting,
    timelines: Sequence[Timeline],
    suggestions: Sequence[Suggestion],
    now: datetime,
    *,
    read: Collection[str] = (),
) -> Decision:
    """Given an interview seen in mail, every tracked interview, every suggestion made so far,
    the moment and the Message-IDs of the messages acted on before (``read``), return what the
    sighting means (the rules in the module's docstring).

    Raise ValueError if ``now`` is naive.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return _Decider(sighting, timelines, suggestions, now, read).decide()


def _role_words(role: str) -> tuple[str, ...]:
    return tuple(split_words(fold(role)))


_NOT_TITLE = frozenset({"m", "w", "d", "f", "h", "x", "r", "req", "ref", "id"})


def same_role(first: str, second: str) -> bool:
    """Return whether two job titles may name the same role: one unknown, or the words of one
    all among the other's ("Data Engineer" and "Senior Data Engineer (m/w/d)": mail shortens
    a title as often as it repeats it)."""
    if not first.strip() or not second.strip():
        return True
    one = set(_role_words(first)) - _NOT_TITLE
    other = set(_role_words(second)) - _NOT_TITLE
    return bool(one and other) and (one <= other or other <= one)


def _domain_shared(first: Collection[str], second: Collection[str]) -> bool:
    """Whether two sets of a company's domains share one (or one is under the other's)."""
    for one in first:
        one = one.lower().strip(".")
        for other in second:
            other = other.lower().strip(".")
            if (
                one
                and other
                and (one == other or one.endswith("." + other) or other.endswith("." + one))
            ):
                return True
    return False


def same_party(
    sighting: Sighting, company: str, domains: Collection[str], people: Collection[Person]
) -> bool:
    """Return whether a sighting comes from the company of an interview (or a suggestion)
    known by its name, its own domains and its interviewers: the same name (as words), a
    domain of both, or an interviewer of both. Two tools that write about one interview (a
    scheduler's invitation, the recruiter's own mail) name its company in different ways,
    but they come from its domain and name its people."""
    if same_company(sighting.company, company):
        return True
    if _domain_shared(sighting.domains, domains):
        return True
    mine = {p.address.lower() for p in sighting.interviewers if p.address}
    return bool(mine & {p.address.lower() for p in people if p.address})


def _round_people(interview: Interview) -> tuple[Person, ...]:
    return tuple(p for r in interview.all_rounds for p in r.interviewers)


class _Decider:
    def __init__(
        self,
        sighting: Sighting,
        timelines: Sequence[Timeline],
        suggestions: Sequence[Suggestion],
        now: datetime,
        read: Collection[str],
    ) -> None:
        self.sighting = sighting
        self.timelines = timelines
        self.suggestions = sorted(suggestions, key=lambda s: s.id, reverse=True)
        self.now = now
        self.read = read

    @property
    def updated(self) -> bool:
        """Whether the sighting is a new time for an interview set before: its mail says it
        moved, or its calendar event is a later version (SEQUENCE above 0) of an event never
        seen (the first version came from another tool, or was read as the same interview:
        the interviewer's own invitation of a slot the applicant-tracking system confirmed)."""
        sighting = self.sighting
        return sighting.moved or (bool(sighting.uid) and sighting.sequence > 0)

    def of_interview(self, interview: Interview) -> bool:
        return same_party(
            self.sighting, interview.company, interview.domains, _round_people(interview)
        )

    def of_suggestion(self, known: Sighting) -> bool:
        return same_party(self.sighting, known.company, known.domains, known.interviewers)

    def result(self, verdict: Verdict, reason: str, **where: int | None) -> Decision:
        return Decision(verdict, self.sighting, reason, **where)

    def nothing(self, reason: str) -> Decision:
        return self.result(Verdict.NOTHING, reason)

    def decide(self) -> Decision:
        sighting = self.sighting
        if sighting.message_id and self.read_already(sighting.message_id):
            return self.nothing(f"<{sighting.message_id}> was read already")
        if sighting.uid:
            for timeline in self.timelines:
                for number, round_ in enumerate(timeline.interview.all_rounds, 1):
                    if round_.uid == sighting.uid:
                        return self.same_event(timeline.interview, number, round_)
            for suggestion in self.suggestions:
                if suggestion.sighting.uid == sighting.uid:
                    return self.same_suggested_event(suggestion)
        if sighting.known_only and sighting.uid:
            # A calendar event not called an interview changes only the event it is a version
            # of (its UID).
            return self.nothing("a calendar event not called an interview, of no event known")
        if sighting.kind is SightingKind.CANCEL:
            return self.cancellation()
        return self.invitation()

    # -- rule 1 ---------------------------------------------------------------------------------

    def read_already(self, message_id: str) -> bool:
        if message_id in self.read:
            return True
        if any(s.sighting.message_id == message_id for s in self.suggestions):
            return True
        for timeline in self.timelines:
            if any(r.message_id == message_id for r in timeline.interview.all_rounds):
                return True
            if any(
                e.kind is EventKind.SCHEDULE and e.message_id == message_id for e in timeline.events
            ):
                return True
        return False

    # -- rules 2 and 3: the same calendar event ---------------------------------------------------

    def same_event(self, interview: Interview, number: int, round_: Round) -> Decision:
        sighting = self.sighting
        latest = number == len(interview.all_rounds)
        where = {"interview_id": interview.id, "round": number}
        what = f"interview #{interview.id} ({interview.company})"
        if sighting.sequence < round_.sequence:
            return self.nothing(
                f"an older version (SEQUENCE {sighting.sequence}) of the calendar event of {what}, "
                f"known at SEQUENCE {round_.sequence}"
            )
        cancelled = latest and interview.cancelled_at is not None
        if sighting.kind is SightingKind.CANCEL:
            if cancelled:
                return self.nothing(f"{what} is cancelled already")
            return self.result(
                Verdict.CANCEL, f"the calendar event of {what} was cancelled", **where
            )
        start = sighting.start
        if sighting.sequence == round_.sequence and not cancelled:
            return self.nothing(
                f"the same calendar event (UID and SEQUENCE {sighting.sequence}) as {what}"
            )
        if start is None or start <= self.now:
            return self.nothing(f"a new time for {what} that is already past")
        if start == round_.at and not cancelled:
            return self.nothing(f"an update of the calendar event of {what}, at the same time")
        how = "reopens" if cancelled else "moves"
        return self.result(
            Verdict.MOVE,
            f"a new version (SEQUENCE {sighting.sequence} > {round_.sequence}) of the calendar "
            f"event of {what}: it {how} it",
            **where,
        )

    def same_suggested_event(self, suggestion: Suggestion) -> Decision:
        sighting, known = self.sighting, suggestion.sighting
        what = f"suggestion #{suggestion.id} ({known.company or 'no company'})"
        if suggestion.state is SuggestionState.IGNORED:
            return self.nothing(f"the calendar event of {what}, which you ignored")
        if suggestion.state is SuggestionState.ACCEPTED:
            return self.nothing(
                f"the calendar event of {what}, tracked once and removed since: not again"
            )
        if sighting.sequence < known.sequence:
            return self.nothing(
                f"an older version (SEQUENCE {sighting.sequence}) of the calendar event of {what}"
            )
        cancelled = suggestion.state is SuggestionState.CANCELLED
        if sighting.kind is SightingKind.CANCEL:
            if cancelled:
                return self.nothing(f"{what} is cancelled already")
            return self.result(
                Verdict.CANCEL,
                f"the calendar event of {what} was cancelled",
                suggestion_id=suggestion.id,
            )
        if sighting.sequence == known.sequence and not cancelled:
            return self.nothing(f"the same calendar event (UID and SEQUENCE) as {what}")
        start = sighting.start
        if start is None or start <= self.now:
            return self.nothing(f"a new time for {what} that is already past")
        if start == known.start and not cancelled:
            return self.nothing(f"an update of the calendar event of {what}, at the same time")
        return self.result(
            Verdict.MOVE,
            f"a new version (SEQUENCE {sighting.sequence}) of the calendar event of {what}",
            suggestion_id=suggestion.id,
        )

    # -- rule 4: a cancellation -------------------------------------------------------------------

    def in_thread(self, timeline: Timeline) -> bool:
        thread = self.sighting.thread
        if not thread:
            return False
        interview = timeline.interview
        return any(r.message_id == thread for r in interview.all_rounds) or any(
            e.message_id == thread for e in timeline.events
        )

    def cancellation(self) -> Decision:
        sighting = self.sighting
        part = self.part_cancelled()
        if part is not None:
            return part
        for timeline in self.timelines:
            interview = timeline.interview
            if interview.outcome is not None:
                continue
            rounds = interview.all_rounds
            number = None
            if sighting.start is not None and (
                not sighting.known_only or self.of_interview(interview)
            ):
                # A candidate is in one interview at a time: whoever cancels the interview of
                # that minute (an agency for its client) cancels that one. A meeting that is
                # not called an interview (a dentist's "Termin") must come from its company.
                number = next((n for n, r in enumerate(rounds, 1) if r.at == sighting.start), None)
            if number is None and self.in_thread(timeline):
                number = next(
                    (
                        n
                        for n, r in enumerate(rounds, 1)
                        if r.at > self.now and sighting.start in (None, r.at)
                    ),
                    None,
                )
            if number is not None:
                return self.cancel_round(interview, number)
        for suggestion in self.suggestions:
            known = suggestion.sighting
            if suggestion.state is not SuggestionState.PENDING or known.start is None:
                continue
            same_time = sighting.start is not None and known.start == sighting.start
            if (same_time and (not sighting.known_only or self.of_suggestion(known))) or (
                sighting.thread
                and sighting.thread in (known.thread, known.message_id)
                and sighting.start in (None, known.start)
            ):
                return self.cancel_suggestion(suggestion)
        return self.cancellation_by_party()

    def part_cancelled(self) -> Decision | None:
        """A cancellation of a time strictly inside the span of a round still to come (its
        end as the mail that set it said), from the same company: one block of a day of
        several ("System design" at 11:00 of an onsite from 10:00 to 13:00, each block its own
        calendar event) is called off, and the day still takes place: nothing. None
        otherwise."""
        sighting, start = self.sighting, self.sighting.start
        if start is None:
            return None
        for timeline in self.timelines:
            interview = timeline.interview
            if interview.outcome is not None or not self.of_interview(interview):
                continue
            rounds = interview.all_rounds
            for number, round_ in enumerate(rounds, 1):
                if round_.at <= self.now or (sighting.uid and sighting.uid == round_.uid):
                    continue
                if number == len(rounds) and interview.cancelled_at is not None:
                    continue
                end = self.end_of(interview.id, round_)
                if end is not None and round_.at < start < end and (sighting.end or start) <= end:
                    return self.nothing(
                        f"a cancellation of one part of round {number} of interview "
                        f"#{interview.id} ({interview.company}), from {round_.at.isoformat()} "
                        f"to {end.isoformat()}: the rest of it stays"
                    )
        return None

    def cancel_round(self, interview: Interview, number: int) -> Decision:
        rounds = interview.all_rounds
        what = f"interview #{interview.id} ({interview.company})"
        if number == len(rounds) and interview.cancelled_at is not None:
            return self.nothing(f"{what} is cancelled already")
        if rounds[number - 1].at <= self.now:
            return self.nothing(f"a cancellation of {what}, which took place already")
        return self.result(
            Verdict.CANCEL,
            f"a cancellation of {what}",
            interview_id=interview.id,
            round=number,
        )

    def cancel_suggestion(self, suggestion: Suggestion) -> Decision:
        return self.result(
            Verdict.CANCEL,
            f"a cancellation of suggestion #{suggestion.id} ({suggestion.sighting.company})",
            suggestion_id=suggestion.id,
        )

    def on_the_day(self, moment: datetime) -> bool:
        """Whether ``moment`` is on the day the sighting names (in the sighting's zone), or
        the sighting names no time."""
        start = self.sighting.start
        return start is None or moment.astimezone(start.tzinfo).date() == start.date()

    def cancellation_by_party(self) -> Decision:
        """A cancellation in words that names no time, or a time on the day of a round
        ("your interview on Thursday is cancelled"), outside the interview's thread: it
        cancels the round still to come of the one process of the same company (its name,
        domain or people) that has one, or the one pending suggestion of that company."""
        found: list[tuple[Interview, int]] = []
        for timeline in self.timelines:
            interview = timeline.interview
            if interview.outcome is not None or not self.of_interview(interview):
                continue
            coming = [
                n
                for n, r in enumerate(interview.all_rounds, 1)
                if r.at > self.now and self.on_the_day(r.at)
            ]
            if coming:
                found.append((interview, coming[0]))
        pending = [
            s
            for s in self.suggestions
            if s.state is SuggestionState.PENDING
            and s.sighting.start is not None
            and s.sighting.start > self.now
            and self.on_the_day(s.sighting.start)
            and self.of_suggestion(s.sighting)
        ]
        if len(found) == 1 and not pending:
            return self.cancel_round(*found[0])
        if len(pending) == 1 and not found:
            return self.cancel_suggestion(pending[0])
        if found or pending:
            return self.nothing(
                "a cancellation of the company's interviews, but it names none of them"
            )
        return self.nothing("a cancellation of no interview tracked or suggested")

    # -- rules 5 to 8: an invitation --------------------------------------------------------------

    def invitation(self) -> Decision:
        sighting = self.sighting
        start = sighting.start
        if start is None or start <= self.now:
            return self.nothing("an interview in the past")
        for timeline in self.timelines:
            interview = timeline.interview
            # One interview at a time: two tools may name its company in two ways (an agency
            # names itself, the company's calendar the company).
            if any(r.at == start for r in interview.all_rounds):
                return self.nothing(
                    f"interview #{interview.id} ({interview.company}) is tracked at that time"
                )
        for suggestion in self.suggestions:
            known = suggestion.sighting
            if known.start == start:
                if suggestion.state is SuggestionState.IGNORED:
                    return self.nothing(
                        f"the same as suggestion #{suggestion.id}, which you ignored"
                    )
                return self.nothing(
                    f"suggested already at that time (suggestion #{suggestion.id}, "
                    f"{suggestion.state})"
                )
        part = self.part_of_known()
        if part is not None:
            return part
        before = self.moved_from()
        if before is not None:
            return before
        process = self.process()
        if sighting.known_only:
            return self.known_move(process)
        if process is not None:
            interview = process.interview
            latest = interview.latest_round
            what = f"interview #{interview.id} ({interview.company})"
            if interview.cancelled_at is not None:
                return self.result(
                    Verdict.MOVE,
                    f"a new invitation for {what}, which was cancelled: it reopens it",
                    interview_id=interview.id,
                    round=len(interview.all_rounds),
                )
            if latest.at > self.now and not (
                sighting.uid and latest.uid and sighting.uid != latest.uid and not self.updated
            ):
                return self.result(
                    Verdict.MOVE,
                    f"a new time for {what}, not held yet",
                    interview_id=interview.id,
                    round=len(interview.all_rounds),
                )
            return self.result(
                Verdict.ROUND,
                f"a next round of {what}",
                interview_id=interview.id,
            )
        for suggestion in self.suggestions:
            known = suggestion.sighting
            if known.start is None or known.start <= self.now:
                continue
            if suggestion.state not in (SuggestionState.PENDING, SuggestionState.IGNORED):
                continue
            related = (sighting.thread and sighting.thread in (known.thread, known.message_id)) or (
                self.of_suggestion(known) and (self.updated or same_role(sighting.role, known.role))
            )
            if not related or (
                sighting.uid and known.uid and sighting.uid != known.uid and not self.updated
            ):
                continue
            if suggestion.state is SuggestionState.IGNORED:
                return self.nothing(
                    f"a new time for suggestion #{suggestion.id}, which you ignored"
                )
            return self.result(
                Verdict.MOVE,
                f"a new time for suggestion #{suggestion.id} ({known.company})",
                suggestion_id=suggestion.id,
            )
        return self.result(Verdict.NEW, "an interview nobody tracks yet")

    def part_of_known(self) -> Decision | None:
        """A calendar event of the same company wholly inside the span of a round still to
        come (as the mail that set it gave its end) or of a pending suggestion, that says no
        move: a block of that interview ("Hiring Manager Deep Dive" at 10:30 of an onsite
        from 8:30 to 11:15, each block its own calendar event), nothing new; None otherwise.
        A time in words inside the span ("the final planning: 9:00-10:30" for 8:30-10:00) is
        a new time, not a block."""
        sighting, start = self.sighting, self.sighting.start
        if start is None or self.updated or not sighting.uid:
            return None
        ends = sighting.end or start
        for timeline in self.timelines:
            interview = timeline.interview
            if interview.outcome is not None or not self.of_interview(interview):
                continue
            for number, round_ in enumerate(interview.all_rounds, 1):
                if round_.at <= self.now or (sighting.uid and sighting.uid == round_.uid):
                    continue
                end = self.end_of(interview.id, round_)
                if end is not None and round_.at < start < end and ends <= end:
                    return self.nothing(
                        f"a part of round {number} of interview #{interview.id} "
                        f"({interview.company}), from {round_.at.isoformat()} to "
                        f"{end.isoformat()}"
                    )
        for suggestion in self.suggestions:
            known = suggestion.sighting
            if (
                suggestion.state is SuggestionState.PENDING
                and known.start is not None
                and known.end is not None
                and known.start > self.now
                and known.start < start < known.end
                and ends <= known.end
                and self.of_suggestion(known)
            ):
                return self.nothing(
                    f"a part of suggestion #{suggestion.id} ({known.company}), from "
                    f"{known.start.isoformat()} to {known.end.isoformat()}"
                )
        return None

    def end_of(self, interview_id: int, round_: Round) -> datetime | None:
        """When a round ends, as the mail that set it said (its suggestion's sighting), or
        None."""
        for suggestion in self.suggestions:
            known = suggestion.sighting
            if known.end is None or known.start != round_.at:
                continue
            if (round_.message_id and known.message_id == round_.message_id) or (
                suggestion.interview_id == interview_id
            ):
                return known.end
        return None

    def moved_from(self) -> Decision | None:
        """A move that says the time it moves from ("Friday at 10:30 instead of Wednesday at
        3 PM") moves the round still to come at that very time, however the mail names its
        company (a candidate is in one interview at a time; a meeting not called an interview
        must come from its company), or the pending suggestion at that time; None when no
        round or suggestion is at that time."""
        sighting = self.sighting
        was = sighting.was
        if was is None or was <= self.now:
            return None
        for timeline in self.timelines:
            interview = timeline.interview
            if interview.outcome is not None:
                continue
            if sighting.known_only and not self.of_interview(interview):
                continue
            rounds = interview.all_rounds
            number = next((n for n, r in enumerate(rounds, 1) if r.at == was), None)
            if number is None:
                continue
            round_ = rounds[number - 1]
            if sighting.uid and round_.uid and sighting.uid != round_.uid and not self.updated:
                continue
            what = f"interview #{interview.id} ({interview.company})"
            how = (
                "it reopens it"
                if number == len(rounds) and interview.cancelled_at is not None
                else "it moves it"
            )
            return self.result(
                Verdict.MOVE,
                f"a new time for {what}, from the time it had ({was.isoformat()}): {how}",
                interview_id=interview.id,
                round=number,
            )
        for suggestion in self.suggestions:
            known = suggestion.sighting
            if suggestion.state is not SuggestionState.PENDING or known.start != was:
                continue
            if sighting.known_only and not self.of_suggestion(known):
                continue
            return self.result(
                Verdict.MOVE,
                f"a new time for suggestion #{suggestion.id} ({known.company}), from the time "
                f"it had",
                suggestion_id=suggestion.id,
            )
        return None

    def known_move(self, process: Timeline | None) -> Decision:
        """A new time for a meeting the mail does not call an interview: it moves the
        process's round still to come (or a pending suggestion), and makes nothing new."""
        sighting = self.sighting
        if process is not None:
            interview = process.interview
            latest = interview.latest_round
            if (
                interview.cancelled_at is None
                and latest.at > self.now
                and not (
                    sighting.uid and latest.uid and sighting.uid != latest.uid and not self.updated
                )
            ):
                return self.result(
                    Verdict.MOVE,
                    f"a new time for interview #{interview.id} ({interview.company}), not held yet",
                    interview_id=interview.id,
                    round=len(interview.all_rounds),
                )
            return self.nothing(
                f"a new time for a meeting, and interview #{interview.id} has no round to come"
            )
        for suggestion in self.suggestions:
            known = suggestion.sighting
            if (
                suggestion.state is SuggestionState.PENDING
                and known.start is not None
                and known.start > self.now
                and (
                    (sighting.thread and sighting.thread in (known.thread, known.message_id))
                    or self.of_suggestion(known)
                )
            ):
                return self.result(
                    Verdict.MOVE,
                    f"a new time for suggestion #{suggestion.id} ({known.company})",
                    suggestion_id=suggestion.id,
                )
        return self.nothing("a new time for a meeting of no interview tracked or suggested")

    def process(self) -> Timeline | None:
        """The open process the invitation belongs to: in its thread, else the latest of the
        same company and role."""
        sighting = self.sighting
        open_ = [t for t in self.timelines if t.interview.outcome is None]
        threaded = [t for t in open_ if self.in_thread(t)]
        if threaded:
            return max(threaded, key=lambda t: (t.interview.at, t.interview.id))
        party = [t for t in open_ if self.of_interview(t.interview)]
        same = [t for t in party if same_role(sighting.role, t.interview.role)]
        if not same and self.updated:
            # A mail that says the interview moved is about one set before: the company's one
            # process with a round still to come, however the mail writes the job (or another
            # job the same company read from other mail).
            same = [
                t
                for t in party
                if t.interview.cancelled_at is None and t.interview.latest_round.at > self.now
            ]
            if len(same) > 1:
                return None
        return max(same, key=lambda t: (t.interview.at, t.interview.id)) if same else None
