"""What an interview seen in mail means (watcher/sightings.py): a table of cases, each a
synthetic sighting against a few tracked interviews and suggestions, and what it must become."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from watcher.models import (
    Event,
    EventKind,
    Format,
    Interview,
    Outcome,
    Person,
    ReplyKind,
    Round,
    Sighting,
    SightingKind,
    Suggestion,
    SuggestionState,
    Timeline,
)
from watcher.record import replace
from watcher.sightings import Decision, Verdict, decide, same_role

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=7)  # Tue 8 Dec 12:00
SOONER = NOW + timedelta(days=3)
PAST = NOW - timedelta(days=2)
DANA = Person("Dana Reyes", "dana@acme.example")
LEE = Person("Lee Okafor", "lee@acme.example")
KIM = Person("Kim Park", "kim@globex.example")


def seen(
    *,
    kind: SightingKind = SightingKind.INVITE,
    message_id: str = "new@acme.example",
    uid: str = "",
    sequence: int = 0,
    company: str = "Acme",
    role: str = "",
    start: datetime | None = LATER,
    thread: str = "",
    domains: tuple[str, ...] = ("acme.example",),
    interviewers: tuple[Person, ...] = (DANA,),
    known_only: bool = False,
    moved: bool = False,
) -> Sighting:
    return Sighting(
        kind=kind,
        message_id=message_id,
        uid=uid,
        sequence=sequence,
        company=company,
        role=role,
        start=start,
        end=None if start is None else start + timedelta(hours=1),
        format=Format.VIDEO,
        interviewers=interviewers,
        domains=domains,
        thread=thread or message_id,
        evidence="synthetic",
        known_only=known_only,
        moved=moved,
    )


def tracked(
    interview_id: int = 1,
    *,
    company: str = "Acme",
    role: str = "Data Engineer",
    at: datetime = LATER,
    uid: str = "",
    sequence: int = 0,
    message_id: str = "",
    rounds: tuple[Round, ...] = (),
    cancelled: bool = False,
    outcome: Outcome | None = None,
    events: tuple[Event, ...] = (),
) -> Timeline:
    interview = Interview(
        id=interview_id,
        company=company,
        role=role,
        at=at,
        interviewers=(DANA,),
        domains=("acme.example",),
        uid=uid,
        sequence=sequence,
        message_id=message_id,
        rounds=rounds,
        cancelled_at=NOW - timedelta(hours=1) if cancelled else None,
        outcome=outcome,
    )
    return Timeline(interview, events)


def suggested(
    suggestion_id: int,
    sighting: Sighting,
    state: SuggestionState = SuggestionState.PENDING,
) -> Suggestion:
    return Suggestion(id=suggestion_id, sighting=sighting, state=state, seen_at=PAST)


@dataclass(frozen=True)
class Case:
    name: str
    sighting: Sighting
    timelines: tuple[Timeline, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    verdict: Verdict = Verdict.NOTHING
    interview_id: int | None = None
    suggestion_id: int | None = None
    round: int | None = None
    reason: str = ""
    """A piece of the reason that must be there."""


HELD = tracked(at=PAST, uid="r1@cal", message_id="inv1@acme.example")
UPCOMING = tracked(at=LATER, uid="r1@cal", sequence=1, message_id="inv1@acme.example")
TWO_ROUNDS = tracked(
    at=LATER,
    uid="r2@cal",
    message_id="inv2@acme.example",
    rounds=(Round(PAST, Format.PHONE, (LEE,), "r1@cal", 0, "inv1@acme.example"),),
)
REPLY_IN_THREAD = Event(
    interview_id=1,
    kind=EventKind.REPLY,
    at=PAST,
    reply_kind=ReplyKind.NEXT_STEP,
    message_id="rita-1@acme.example",
)
MOVED_BY_MAIL = Event(
    interview_id=1, kind=EventKind.SCHEDULE, at=PAST, message_id="moved@acme.example"
)

CASES = [
    Case("a first invitation is a new interview", seen(uid="x@cal"), verdict=Verdict.NEW),
    Case(
        "another company's invitation is a new interview, whatever is tracked",
        seen(
            company="Globex",
            uid="g@cal",
            domains=("globex.example",),
            interviewers=(KIM,),
            start=LATER + timedelta(days=1),
        ),
        (UPCOMING,),
        verdict=Verdict.NEW,
    ),
    Case("an invitation to a past time is nothing", seen(start=PAST), reason="in the past"),
    Case(
        "an invitation that starts now is past already",
        seen(start=NOW),
        reason="in the past",
    ),
    Case(
        "the same message read again is nothing",
        seen(message_id="inv1@acme.example", uid="other@cal", start=SOONER),
        (UPCOMING,),
        reason="read already",
    ),
    Case(
        "a message of a suggestion read again is nothing",
        seen(message_id="s@acme.example"),
        suggestions=(suggested(4, seen(message_id="s@acme.example", start=SOONER)),),
        reason="read already",
    ),
    Case(
        "a message that moved an interview before, read again, is nothing",
        seen(message_id="moved@acme.example", start=SOONER),
        (replace(UPCOMING, events=(MOVED_BY_MAIL,)),),
        reason="read already",
    ),
    Case(
        "the same UID and SEQUENCE is a duplicate",
        seen(uid="r1@cal", sequence=1, start=SOONER),
        (UPCOMING,),
        reason="same calendar event",
    ),
    Case(
        "a lower SEQUENCE is out of date",
        seen(uid="r1@cal", sequence=0, start=SOONER),
        (UPCOMING,),
        reason="older version",
    ),
    Case(
        "a higher SEQUENCE with another time moves it",
        seen(uid="r1@cal", sequence=2, start=SOONER),
        (UPCOMING,),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a higher SEQUENCE at the same time is nothing",
        seen(uid="r1@cal", sequence=2, start=LATER),
        (UPCOMING,),
        reason="same time",
    ),
    Case(
        "a higher SEQUENCE to a past time is nothing",
        seen(uid="r1@cal", sequence=2, start=PAST),
        (UPCOMING,),
        reason="already past",
    ),
    Case(
        "a higher SEQUENCE of an earlier round moves that round",
        seen(uid="r1@cal", sequence=1, start=SOONER),
        (TWO_ROUNDS,),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a calendar cancellation cancels the interview",
        seen(kind=SightingKind.CANCEL, uid="r1@cal", sequence=2, start=None),
        (UPCOMING,),
        verdict=Verdict.CANCEL,
        interview_id=1,
        round=1,
    ),
    Case(
        "a cancellation of the latest round names it",
        seen(kind=SightingKind.CANCEL, uid="r2@cal", sequence=1),
        (TWO_ROUNDS,),
        verdict=Verdict.CANCEL,
        interview_id=1,
        round=2,
    ),
    Case(
        "a cancellation older than what is known is nothing",
        seen(kind=SightingKind.CANCEL, uid="r1@cal", sequence=0),
        (UPCOMING,),
        reason="older version",
    ),
    Case(
        "a cancellation of a cancelled interview is nothing",
        seen(kind=SightingKind.CANCEL, uid="r1@cal", sequence=2),
        (replace(UPCOMING, interview=replace(UPCOMING.interview, cancelled_at=PAST)),),
        reason="cancelled already",
    ),
    Case(
        "a later invitation of the same event reopens a cancelled interview",
        seen(uid="r1@cal", sequence=3, start=LATER),
        (tracked(at=LATER, uid="r1@cal", sequence=2, cancelled=True),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
        reason="reopens",
    ),
    Case(
        "a later invitation of another event, same company, reopens a cancelled interview",
        seen(uid="new@cal", start=SOONER),
        (tracked(at=LATER, uid="r1@cal", cancelled=True),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
        reason="reopens",
    ),
    Case(
        "a cancellation by thread and time of a hand-tracked interview",
        seen(kind=SightingKind.CANCEL, thread="rita-1@acme.example", start=LATER),
        (tracked(events=(REPLY_IN_THREAD,)),),
        verdict=Verdict.CANCEL,
        interview_id=1,
        round=1,
    ),
    Case(
        "a cancellation naming the company and the time",
        seen(kind=SightingKind.CANCEL, start=LATER),
        (tracked(),),
        verdict=Verdict.CANCEL,
        interview_id=1,
        round=1,
    ),
    Case(
        "a cancellation of a time already past is nothing",
        seen(kind=SightingKind.CANCEL, start=PAST),
        (tracked(at=PAST),),
        reason="took place already",
    ),
    Case(
        "a cancellation of nothing known is nothing",
        seen(kind=SightingKind.CANCEL, start=SOONER),
        (tracked(),),
        reason="no interview tracked or suggested",
    ),
    Case(
        "a cancellation of a closed process is nothing",
        seen(kind=SightingKind.CANCEL, start=LATER),
        (tracked(outcome=Outcome.WITHDRAWN),),
        reason="no interview tracked or suggested",
    ),
    Case(
        "the same company at the same time is tracked already",
        seen(uid="x@cal", start=LATER),
        (tracked(),),
        reason="tracked at that time",
    ),
    Case(
        "the same company at the time of an earlier round is tracked already",
        seen(uid="x@cal", start=PAST + timedelta(days=5), message_id="m@acme.example"),
        (
            tracked(
                at=LATER + timedelta(days=1),
                rounds=(Round(PAST + timedelta(days=5), Format.PHONE, (LEE,)),),
            ),
        ),
        reason="tracked at that time",
    ),
    Case(
        "a company name is compared as words, suffixes aside",
        seen(company="ACME Inc.", uid="x@cal", start=LATER),
        (tracked(company="Acme"),),
        reason="tracked at that time",
    ),
    Case(
        "another company at the very time of a tracked interview is that one (an agency)",
        seen(company="Oranje Talent", domains=("oranje.example",), interviewers=()),
        (tracked(),),
        reason="tracked at that time",
    ),
    Case(
        "an agency's cancellation at the very time of a tracked interview cancels it",
        seen(
            kind=SightingKind.CANCEL,
            company="Oranje Talent",
            domains=("oranje.example",),
            interviewers=(),
            thread="x@oranje.example",
        ),
        (tracked(),),
        verdict=Verdict.CANCEL,
        interview_id=1,
        round=1,
    ),
    Case(
        "a tool that names no company, at the time of a tracked interview, is the same one",
        seen(company="", uid="zoom@cal", domains=(), interviewers=()),
        (tracked(),),
        reason="tracked at that time",
    ),
    Case(
        "a tool that names the company otherwise, from its domain, at its time is the same one",
        seen(company="AC Labs", uid="gt@cal", interviewers=()),
        (tracked(),),
        reason="tracked at that time",
    ),
    Case(
        "a longer name of the company at the same time is the same interview",
        seen(company="Acme Talent Team", uid="gt@cal", domains=(), interviewers=()),
        (tracked(),),
        reason="tracked at that time",
    ),
    Case(
        "a pending suggestion at the same time, the company unnamed, is suggested already",
        seen(company="", message_id="dup@acme.example", domains=(), interviewers=()),
        suggestions=(suggested(4, seen(message_id="s@acme.example")),),
        reason="suggested already",
    ),
    Case(
        "a new time from the company's domain, named otherwise, moves the interview",
        seen(company="AC Labs", start=SOONER, interviewers=()),
        (tracked(),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a new time from an interviewer of the interview, the company unnamed, moves it",
        seen(company="", start=SOONER, domains=()),
        (tracked(),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a new time for a pending suggestion from its domain, named otherwise, moves it",
        seen(company="AC Labs", message_id="again@acme.example", start=SOONER),
        suggestions=(suggested(4, seen(message_id="s@acme.example")),),
        verdict=Verdict.MOVE,
        suggestion_id=4,
    ),
    Case(
        "a cancellation in words naming no time cancels the company's one round to come",
        seen(kind=SightingKind.CANCEL, start=None, thread="elsewhere@acme.example"),
        (tracked(),),
        verdict=Verdict.CANCEL,
        interview_id=1,
        round=1,
    ),
    Case(
        "another company's appointment cancelled at the very time of an interview is nothing",
        seen(
            kind=SightingKind.CANCEL,
            company="Dental Practice",
            domains=("dentist.example",),
            interviewers=(),
            thread="x@dentist.example",
            known_only=True,
        ),
        (tracked(),),
        reason="no interview tracked or suggested",
    ),
    Case(
        "a cancellation naming another hour of the day of a round cancels that round",
        seen(kind=SightingKind.CANCEL, start=LATER + timedelta(hours=2), thread="x@acme.example"),
        (tracked(),),
        verdict=Verdict.CANCEL,
        interview_id=1,
        round=1,
    ),
    Case(
        "a cancellation naming another day than the round's is nothing",
        seen(kind=SightingKind.CANCEL, start=SOONER, thread="x@acme.example"),
        (tracked(),),
        reason="no interview tracked or suggested",
    ),
    Case(
        "a cancellation naming no time, when two processes of the company are to come, is nothing",
        seen(kind=SightingKind.CANCEL, start=None, thread="x@acme.example"),
        (tracked(1), tracked(2, role="Product Manager", at=SOONER)),
        reason="names none of them",
    ),
    Case(
        "a cancellation naming no time, of a company with nothing to come, is nothing",
        seen(kind=SightingKind.CANCEL, start=None, thread="x@acme.example"),
        (tracked(at=PAST),),
        reason="no interview tracked or suggested",
    ),
    Case(
        "a cancellation naming no time, from another company, is nothing",
        seen(
            kind=SightingKind.CANCEL,
            company="Globex",
            start=None,
            thread="x@globex.example",
            domains=("globex.example",),
            interviewers=(KIM,),
        ),
        (tracked(),),
        reason="no interview tracked or suggested",
    ),
    Case(
        "a cancellation naming no time cancels the company's one pending suggestion",
        seen(kind=SightingKind.CANCEL, start=None, thread="x@acme.example"),
        suggestions=(suggested(4, seen(message_id="s@acme.example")),),
        verdict=Verdict.CANCEL,
        suggestion_id=4,
    ),
    Case(
        "a meeting moved in words moves the company's round still to come",
        seen(start=SOONER, known_only=True),
        (tracked(),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a meeting moved in words makes no new interview",
        seen(start=SOONER, known_only=True),
        reason="no interview tracked or suggested",
    ),
    Case(
        "a meeting moved in words makes no next round of an interview held",
        seen(start=SOONER, known_only=True),
        (tracked(at=PAST),),
        reason="no round to come",
    ),
    Case(
        "a calendar event not called an interview moves the tracked event of its UID",
        seen(start=SOONER, uid="evt-1", sequence=1, known_only=True),
        (tracked(uid="evt-1"),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a calendar event not called an interview, of no known UID, changes nothing",
        seen(start=SOONER, uid="evt-2", sequence=1, known_only=True, moved=True),
        (tracked(uid="evt-1"),),
        reason="of no event known",
    ),
    Case(
        "a meeting moved in words moves a pending suggestion of the company",
        seen(message_id="again@acme.example", start=SOONER, known_only=True),
        suggestions=(suggested(4, seen(message_id="s@acme.example")),),
        verdict=Verdict.MOVE,
        suggestion_id=4,
    ),
    Case(
        "a new time for an interview not held yet, same company, is a move",
        seen(start=SOONER),
        (tracked(),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
        reason="not held yet",
    ),
    Case(
        "a calendar invitation for a hand-tracked interview not held yet moves it",
        seen(uid="x@cal", start=SOONER),
        (tracked(),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "another calendar event of the same company while one is to come is a next round",
        seen(uid="other@cal", start=LATER + timedelta(days=2)),
        (UPCOMING,),
        verdict=Verdict.ROUND,
        interview_id=1,
    ),
    Case(
        "another calendar event the mail says is a new time (Calendly books one) moves it",
        seen(uid="other@cal", start=LATER + timedelta(days=2), moved=True),
        (UPCOMING,),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "an invitation after the interview took place is a next round",
        seen(uid="r2@cal", start=LATER),
        (HELD,),
        verdict=Verdict.ROUND,
        interview_id=1,
        reason="next round",
    ),
    Case(
        "a next round in the thread, even when the sender names the company otherwise",
        seen(company="Acme Recruiting Partners", thread="rita-1@acme.example"),
        (tracked(at=PAST, events=(REPLY_IN_THREAD,)),),
        verdict=Verdict.ROUND,
        interview_id=1,
    ),
    Case(
        "the same company for another role is a new interview",
        seen(role="Product Manager", start=LATER),
        (tracked(at=PAST, role="Data Engineer"),),
        verdict=Verdict.NEW,
    ),
    Case(
        "a mail that says the interview moved moves the company's round to come, whatever job "
        "it names",
        seen(role="Platform Engineer", start=SOONER, moved=True, thread="x@acme.example"),
        (tracked(at=LATER, role="Data Engineer"),),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a move that names another job, when the company has two processes to come, is new",
        seen(role="Platform Engineer", start=SOONER + timedelta(hours=2), moved=True),
        (tracked(1, role="Data Engineer"), tracked(2, role="Product Manager", at=SOONER)),
        verdict=Verdict.NEW,
    ),
    Case(
        "a later version of a calendar event never seen moves the round to come (another "
        "tool's copy of it)",
        seen(uid="copy@cal", sequence=1, start=SOONER),
        (UPCOMING,),
        verdict=Verdict.MOVE,
        interview_id=1,
        round=1,
    ),
    Case(
        "a first version of another calendar event, while a round is to come, is a next round",
        seen(uid="other@cal", sequence=0, start=SOONER),
        (UPCOMING,),
        verdict=Verdict.ROUND,
        interview_id=1,
    ),
    Case(
        "a mail that says the interview moved moves the company's suggestion, whatever job",
        seen(role="Platform Engineer", start=SOONER, moved=True, thread="x@acme.example"),
        suggestions=(suggested(3, seen(message_id="s@acme.example", role="Data Engineer")),),
        verdict=Verdict.MOVE,
        suggestion_id=3,
    ),
    Case(
        "the same company and role, written otherwise, is a next round",
        seen(role="data-engineer", start=LATER),
        (tracked(at=PAST, role="Data Engineer"),),
        verdict=Verdict.ROUND,
        interview_id=1,
    ),
    Case(
        "a closed process of the same company is not continued: a new interview",
        seen(start=LATER),
        (tracked(at=PAST, outcome=Outcome.REJECTED),),
        verdict=Verdict.NEW,
    ),
    Case(
        "of two processes of the company, the latest gets the next round",
        seen(start=LATER + timedelta(days=1)),
        (tracked(1, at=PAST - timedelta(days=30)), tracked(2, at=PAST)),
        verdict=Verdict.ROUND,
        interview_id=2,
    ),
    Case(
        "a pending suggestion's event with a higher SEQUENCE moves the suggestion",
        seen(uid="s@cal", sequence=1, start=SOONER),
        suggestions=(suggested(4, seen(uid="s@cal", message_id="s@acme.example")),),
        verdict=Verdict.MOVE,
        suggestion_id=4,
    ),
    Case(
        "a pending suggestion's event with the same SEQUENCE is a duplicate",
        seen(uid="s@cal", start=SOONER),
        suggestions=(suggested(4, seen(uid="s@cal", message_id="s@acme.example")),),
        reason="same calendar event",
    ),
    Case(
        "a pending suggestion's event cancelled cancels the suggestion",
        seen(kind=SightingKind.CANCEL, uid="s@cal", sequence=1, start=None),
        suggestions=(suggested(4, seen(uid="s@cal", message_id="s@acme.example")),),
        verdict=Verdict.CANCEL,
        suggestion_id=4,
    ),
    Case(
        "a pending suggestion cancelled by company and time",
        seen(kind=SightingKind.CANCEL, start=LATER),
        suggestions=(suggested(4, seen(message_id="s@acme.example")),),
        verdict=Verdict.CANCEL,
        suggestion_id=4,
    ),
    Case(
        "a cancelled suggestion's event invited again reopens the suggestion",
        seen(uid="s@cal", sequence=2, start=LATER),
        suggestions=(
            suggested(
                4,
                seen(uid="s@cal", sequence=1, message_id="s@acme.example"),
                SuggestionState.CANCELLED,
            ),
        ),
        verdict=Verdict.MOVE,
        suggestion_id=4,
    ),
    Case(
        "an ignored suggestion's event is never suggested again, whatever its SEQUENCE",
        seen(uid="s@cal", sequence=5, start=SOONER),
        suggestions=(
            suggested(4, seen(uid="s@cal", message_id="s@acme.example"), SuggestionState.IGNORED),
        ),
        reason="you ignored",
    ),
    Case(
        "an ignored suggestion's time and company is never suggested again",
        seen(message_id="again@acme.example"),
        suggestions=(suggested(4, seen(message_id="s@acme.example"), SuggestionState.IGNORED),),
        reason="you ignored",
    ),
    Case(
        "a new time for an ignored suggestion is not suggested either",
        seen(message_id="again@acme.example", start=SOONER),
        suggestions=(suggested(4, seen(message_id="s@acme.example"), SuggestionState.IGNORED),),
        reason="you ignored",
    ),
    Case(
        "a new time for a pending suggestion, same company, moves it",
        seen(message_id="again@acme.example", start=SOONER),
        suggestions=(suggested(4, seen(message_id="s@acme.example")),),
        verdict=Verdict.MOVE,
        suggestion_id=4,
    ),
    Case(
        "an event accepted once whose interview was removed is not suggested again",
        seen(uid="s@cal", sequence=1, start=SOONER),
        suggestions=(
            suggested(4, seen(uid="s@cal", message_id="s@acme.example"), SuggestionState.ACCEPTED),
        ),
        reason="removed since",
    ),
    Case(
        "the same company and time as a pending suggestion is suggested already",
        seen(message_id="dup@acme.example"),
        suggestions=(suggested(4, seen(message_id="s@acme.example")),),
        reason="suggested already",
    ),
    Case(
        "a pending suggestion's time past: another invitation is new",
        seen(message_id="n@acme.example", start=LATER),
        suggestions=(suggested(4, seen(message_id="s@acme.example", start=PAST)),),
        verdict=Verdict.NEW,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_what_a_sighting_means(case: Case) -> None:
    decision = decide(case.sighting, case.timelines, case.suggestions, NOW)
    assert isinstance(decision, Decision)
    assert (
        decision.verdict,
        decision.interview_id,
        decision.suggestion_id,
        decision.round,
    ) == (case.verdict, case.interview_id, case.suggestion_id, case.round), decision.reason
    assert decision.sighting == case.sighting
    assert decision.reason
    assert case.reason in decision.reason


def test_a_message_acted_on_before_is_nothing_more() -> None:
    sighting = seen(message_id="moved-once@acme.example", start=SOONER)
    assert decide(sighting, (tracked(),), (), NOW).verdict is Verdict.MOVE
    again = decide(sighting, (tracked(),), (), NOW, read={"moved-once@acme.example"})
    assert again.verdict is Verdict.NOTHING
    assert "read already" in again.reason


def test_every_verdict_is_in_the_table() -> None:
    assert {case.verdict for case in CASES} == set(Verdict)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(seen(), (), (), NOW.replace(tzinfo=None))


def test_roles_compare_as_words_and_an_unknown_role_matches_any() -> None:
    assert same_role("Data Engineer", "data engineer")
    assert same_role("Data-Engineer", "Data Engineer")
    assert same_role("", "Data Engineer")
    assert not same_role("Data Engineer", "Data Analyst")
    # A title shortened or with its gender marker is the same role.
    assert same_role("Senior Data Engineer", "Data Engineer")
    assert same_role("Teamleitung Disposition (m/w/d)", "Teamleitung Disposition")
    assert not same_role("Senior Data Engineer", "Data Scientist")


def test_a_move_that_says_the_time_it_had_moves_the_round_at_that_time() -> None:
    # An agency writes of the client's interview under its own name: the old time it names
    # is the tracked round's, so it moves that round (not a new interview).
    agency = replace(
        seen(
            message_id="agency@staffing.example",
            company="Staffing Partners",
            domains=("staffing.example",),
            interviewers=(),
            start=SOONER,
        ),
        was=LATER,
    )
    decision = decide(agency, (tracked(),), (), NOW)
    assert (decision.verdict, decision.interview_id, decision.round) == (Verdict.MOVE, 1, 1)
    assert "from the time it had" in decision.reason
    # Without the old time, another company's invitation is a new interview.
    assert decide(replace(agency, was=None), (tracked(),), (), NOW).verdict is Verdict.NEW
    # A meeting not called an interview moves only its own company's round.
    meeting = replace(agency, known_only=True)
    assert decide(meeting, (tracked(),), (), NOW).verdict is Verdict.NOTHING
    # A pending suggestion at the old time moves.
    pending = suggested(3, seen(message_id="s@acme.example", start=LATER))
    moved = decide(agency, (), (pending,), NOW)
    assert (moved.verdict, moved.suggestion_id) == (Verdict.MOVE, 3)


def test_an_invitation_inside_a_known_rounds_span_is_a_block_of_it() -> None:
    # The itinerary tracked the onsite from 12:00 to 15:00; each session then comes as its
    # own calendar event: the one at 13:30 is a block of it, not a next round.
    itinerary = seen(message_id="itinerary@acme.example", start=LATER)
    itinerary = replace(itinerary, end=LATER + timedelta(hours=3))
    onsite = tracked(at=LATER, message_id="itinerary@acme.example")
    accepted = Suggestion(
        id=1,
        sighting=itinerary,
        state=SuggestionState.ACCEPTED,
        seen_at=PAST,
        interview_id=1,
    )
    block = seen(message_id="block3@acme.example", uid="b3@cal", start=LATER + timedelta(hours=1.5))
    decision = decide(block, (onsite,), (accepted,), NOW)
    assert decision.verdict is Verdict.NOTHING
    assert "a part of round 1" in decision.reason
    # After its end, it is a next round (or a move): not a block.
    after = replace(block, start=LATER + timedelta(hours=3))
    assert decide(after, (onsite,), (accepted,), NOW).verdict is not Verdict.NOTHING
    # A mail that says the interview moved into that span moves it.
    moved = replace(block, moved=True)
    assert decide(moved, (onsite,), (accepted,), NOW).verdict is Verdict.MOVE
    # A time in words inside the span (no calendar event of its own) is a new time.
    words = replace(block, uid="", start=LATER + timedelta(minutes=30))
    assert decide(words, (onsite,), (accepted,), NOW).verdict is Verdict.MOVE
    # So is an event that runs past the span's end.
    longer = replace(block, end=LATER + timedelta(hours=4))
    assert decide(longer, (onsite,), (accepted,), NOW).verdict is not Verdict.NOTHING
    # A pending suggestion's span holds its blocks the same way.
    pending = suggested(2, itinerary)
    assert decide(block, (), (pending,), NOW).verdict is Verdict.NOTHING


def test_a_cancelled_block_inside_a_known_rounds_span_leaves_the_round() -> None:
    # The onsite was tracked from 12:00 to 15:00 (three sessions, each its own calendar event,
    # the first one's UID the round's); the 13:30 session alone is called off: the day stays.
    day = seen(message_id="day@acme.example", uid="s1@cal", start=LATER)
    day = replace(day, end=LATER + timedelta(hours=3))
    onsite = tracked(at=LATER, uid="s1@cal", message_id="day@acme.example")
    accepted = Suggestion(
        id=1, sighting=day, state=SuggestionState.ACCEPTED, seen_at=PAST, interview_id=1
    )
    session = seen(
        kind=SightingKind.CANCEL,
        message_id="drop-s2@acme.example",
        uid="s2@cal",
        start=LATER + timedelta(hours=1.5),
    )
    decision = decide(session, (onsite,), (accepted,), NOW)
    assert decision.verdict is Verdict.NOTHING
    assert "one part of round 1" in decision.reason
    # So is one said in words ("the 13:30 session cannot take place").
    words = replace(session, uid="", thread="other@acme.example")
    assert decide(words, (onsite,), (accepted,), NOW).verdict is Verdict.NOTHING
    # The event of the round itself, at its start, still cancels it.
    first = replace(session, uid="s1@cal", start=LATER)
    assert decide(first, (onsite,), (accepted,), NOW).verdict is Verdict.CANCEL
    # A cancellation that names the day only cancels the round, as before.
    whole = replace(session, uid="", start=None)
    assert decide(whole, (onsite,), (accepted,), NOW).verdict is Verdict.CANCEL
    # Without the span's end (a round moved since), a time of that day cancels it.
    assert decide(session, (onsite,), (), NOW).verdict is Verdict.CANCEL
    # Another company's session at that time is not part of it.
    other = replace(
        session, company="Globex", domains=("globex.example",), interviewers=(KIM,), uid="g@cal"
    )
    assert decide(other, (onsite,), (accepted,), NOW).verdict is Verdict.NOTHING
