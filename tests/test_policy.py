"""Tests of watcher.policy: status and the rules for what is due, with hand-computed dates.

Most cases use one interview: Tue 24 Nov 2026 14:00-15:00 in New York, the week of Thanksgiving
(Thu 26 Nov), with US public holidays and the default settings. Its business days after the
interview are: Wed 25 (1), Fri 27 (2), Mon 30 (3), Tue 1 Dec (4), Wed 2 (5), Thu 3 (6), Fri 4 (7),
Mon 7 (8), Tue 8 (9), Wed 9 (10), Thu 10 (11), Fri 11 (12), Mon 14 (13), Tue 15 (14), Wed 16 (15).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from watcher import lexicon, matching, windows
from watcher.dates import BusinessCalendar
from watcher.models import (
    OPEN_STATUSES,
    Action,
    ActionKind,
    Commitment,
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
    Status,
    Timeline,
)
from watcher.policy import Clock, in_quiet_hours, last_reply, plan, status
from watcher.record import replace
from watcher.spans import Span, Unit

NY = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
US = holidays.country_holidays("US", years=range(2025, 2030))
SETTINGS = PolicySettings(timezone=NY, holidays=US)

THANK_YOU = ActionKind.THANK_YOU
FOLLOW_UP = ActionKind.FOLLOW_UP
MOVE_ON = ActionKind.MOVE_ON
GRACEFUL_CLOSE = ActionKind.GRACEFUL_CLOSE
CHECK_IN = ActionKind.CHECK_IN
COMMITMENT = ActionKind.COMMITMENT
EXPEDITE = ActionKind.EXPEDITE


def ny(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


ANN = Person("Ann Lee", "ann@acme.example")
BOB = Person("Bob Ray", "bob@acme.example")
RITA = Person("Rita Cruz", "rita@acme.example", PersonRole.CONTACT)
RITA_MAIL = "Rita Cruz <rita@acme.example>"
BOB_MAIL = "Bob Ray <Bob@Acme.example>"
ROBOT_MAIL = "Acme Careers <no-reply@us.greenhouse-mail.io>"

AT = ny(11, 24, 14)  # Tue 24 Nov 2026
END = ny(11, 24, 15)  # the interview ends: the silence clock starts
INTERVIEW = Interview(
    id=1,
    company="Acme",
    role="Engineer",
    at=AT,
    interviewers=(ANN, BOB),
    contacts=(RITA,),
)


def reply(
    at: datetime,
    kind: ReplyKind,
    sender: str = RITA_MAIL,
    until: date | None = None,
    interview_id: int = 1,
) -> Event:
    return Event(interview_id, EventKind.REPLY, at, reply_kind=kind, sender=sender, until=until)


def sent(at: datetime, action: ActionKind, *recipients: str, interview_id: int = 1) -> Event:
    return Event(interview_id, EventKind.SENT, at, action=action, recipients=recipients)


def timeline(
    *events: Event, interview: Interview = INTERVIEW, commitments: tuple[Commitment, ...] = ()
) -> Timeline:
    return Timeline(interview, events, commitments)


RELAY_OF = functools.partial(matching.relay_name, lexicon=lexicon.load_rules())


def learned_from(
    timelines: list[Timeline], now: datetime, settings: PolicySettings = SETTINGS
) -> windows.LearnedWindows:
    """The windows learned from ``timelines``, as the app computes them."""
    calendar = Clock.from_settings(settings).calendar
    return windows.learn(timelines, now, calendar, settings.timezone, RELAY_OF)


def actions(
    timelines: Timeline | list[Timeline],
    now: datetime,
    kind: ActionKind | None = None,
    settings: PolicySettings = SETTINGS,
) -> list[Action]:
    """The plan of ``timelines`` at ``now``, with the windows they teach when the settings
    learn them."""
    if isinstance(timelines, Timeline):
        timelines = [timelines]
    learned = learned_from(timelines, now, settings) if settings.learn_windows else None
    return [a for a in plan(timelines, settings, now, learned) if kind is None or a.kind is kind]


def only(
    tl: Timeline, now: datetime, kind: ActionKind, settings: PolicySettings = SETTINGS
) -> Action:
    found = actions(tl, now, kind, settings)
    assert len(found) == 1, found
    return found[0]


# --- the week with a public holiday (the "done" criterion) -------------------------------


def test_thanksgiving_week_plan() -> None:
    result = plan([timeline()], SETTINGS, ny(11, 24, 16))
    assert [(a.kind, a.due, a.to) for a in result] == [
        (THANK_YOU, ny(11, 24, 15), (ANN,)),
        (THANK_YOU, ny(11, 24, 15), (BOB,)),
        (FOLLOW_UP, ny(12, 2, 9), (RITA,)),  # 5 business days, Thanksgiving skipped
        (MOVE_ON, ny(12, 9, 9), ()),  # 10 business days
    ]
    thank_ann, thank_bob, follow_up, move_on = result
    assert thank_ann.deadline == thank_bob.deadline == ny(11, 25, 14)
    assert thank_ann.key == "1:thank_you:ann@acme.example:2026-11-24"
    assert thank_bob.key == "1:thank_you:bob@acme.example:2026-11-24"
    assert follow_up.deadline == ny(12, 4, 9)  # 7 business days
    assert follow_up.number == 1
    assert follow_up.key == "1:follow_up:1:interview:2026-11-24"
    assert move_on.key == "1:move_on:interview:2026-11-24"
    assert move_on.deadline is None
    assert all(a.interview_id == 1 for a in result)


def test_due_times_are_wall_clock_times_in_the_configured_zone() -> None:
    follow_up = only(timeline(), ny(11, 24, 16), FOLLOW_UP)
    local = follow_up.due.astimezone(NY)
    assert (local.date(), local.time()) == (date(2026, 12, 2), time(9))


def test_a_year_end_interview_skips_christmas_and_new_year() -> None:
    """Thu 24 Dec 2026 10:00: business days Mon 28 (1), Tue 29, Wed 30, Thu 31 (4), then Fri 1 Jan
    is New Year's Day: the 5th is Mon 4 Jan 2027; the 7th is Wed 6 Jan."""
    interview = replace(INTERVIEW, at=ny(12, 24, 10))
    follow_up = only(timeline(interview=interview), ny(12, 24, 12), FOLLOW_UP)
    assert follow_up.due == ny(1, 4, 9, year=2027)
    assert follow_up.deadline == ny(1, 6, 9, year=2027)


def test_clock_from_settings() -> None:
    settings = PolicySettings(
        timezone=NY, workdays=frozenset({0, 1, 2, 3}), holidays=US, workday_start=time(8, 30)
    )
    clock = Clock.from_settings(settings)
    assert clock.tz is NY
    assert clock.workday_start == time(8, 30)
    assert clock.calendar.workdays == frozenset({0, 1, 2, 3})
    assert not clock.calendar.is_business_day(date(2026, 11, 27))  # a Friday
    assert not clock.calendar.is_business_day(date(2026, 11, 26))  # Thanksgiving
    assert isinstance(clock.calendar, BusinessCalendar)


# --- status --------------------------------------------------------------------------------------


def test_scheduled_until_the_interview_starts_then_awaiting_reply() -> None:
    assert status(timeline(), ny(11, 24, 13, 59)) is Status.SCHEDULED
    assert status(timeline(), AT) is Status.AWAITING_REPLY
    assert status(timeline(), ny(12, 20)) is Status.AWAITING_REPLY


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ReplyKind.REJECTION, Status.REJECTED),
        (ReplyKind.OFFER, Status.OFFER),
        (ReplyKind.NEXT_STEP, Status.NEXT_STEP),
        (ReplyKind.UPDATE, Status.AWAITING_REPLY),
        (ReplyKind.ACKNOWLEDGEMENT, Status.AWAITING_REPLY),
        (ReplyKind.AUTO_REPLY, Status.AWAITING_REPLY),
    ],
)
def test_a_reply_after_the_interview(kind: ReplyKind, expected: Status) -> None:
    assert status(timeline(reply(ny(11, 30, 10), kind)), ny(11, 30, 11)) is expected


def test_a_next_step_before_the_interview_does_not_count() -> None:
    """The invitation to this interview is a next step, but it came before it began."""
    tl = timeline(reply(ny(11, 20, 10), ReplyKind.NEXT_STEP))
    assert status(tl, ny(11, 23)) is Status.SCHEDULED
    assert status(tl, ny(11, 25)) is Status.AWAITING_REPLY


def test_a_next_step_at_the_start_of_the_interview_counts() -> None:
    assert status(timeline(reply(AT, ReplyKind.NEXT_STEP)), AT) is Status.NEXT_STEP


def test_the_latest_decisive_reply_decides() -> None:
    offer_then_rejection = timeline(
        reply(ny(11, 30), ReplyKind.OFFER), reply(ny(12, 1), ReplyKind.REJECTION)
    )
    assert status(offer_then_rejection, ny(11, 30, 12)) is Status.OFFER
    assert status(offer_then_rejection, ny(12, 1, 12)) is Status.REJECTED
    rejection_then_next_step = timeline(
        reply(ny(11, 30), ReplyKind.REJECTION), reply(ny(12, 1), ReplyKind.NEXT_STEP)
    )
    assert status(rejection_then_next_step, ny(12, 2)) is Status.NEXT_STEP
    # An update decides nothing: the offer stands.
    offer_then_update = timeline(
        reply(ny(11, 30), ReplyKind.OFFER), reply(ny(12, 1), ReplyKind.UPDATE)
    )
    assert status(offer_then_update, ny(12, 2)) is Status.OFFER


def test_events_are_taken_in_time_order_not_list_order() -> None:
    tl = timeline(reply(ny(12, 1), ReplyKind.REJECTION), reply(ny(11, 30), ReplyKind.OFFER))
    assert status(tl, ny(12, 2)) is Status.REJECTED


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome.ACCEPTED, Status.CLOSED),
        (Outcome.DECLINED, Status.CLOSED),
        (Outcome.WITHDRAWN, Status.CLOSED),
        (Outcome.REJECTED, Status.REJECTED),
        (Outcome.GHOSTED, Status.GHOSTED),
    ],
)
def test_an_outcome_decides(outcome: Outcome, expected: Status) -> None:
    closed = replace(INTERVIEW, outcome=outcome, closed_at=ny(12, 7, 12))
    # The outcome outranks replies.
    tl = timeline(reply(ny(11, 30), ReplyKind.OFFER), interview=closed)
    assert status(tl, ny(12, 7, 12)) is expected
    # Before it was closed (replay), the replies decide.
    assert status(tl, ny(12, 7, 11)) is Status.OFFER
    # An outcome without a date applies at any time.
    undated = replace(INTERVIEW, outcome=outcome)
    assert status(timeline(interview=undated), ny(11, 20)) is expected


def test_events_after_now_are_ignored() -> None:
    tl = timeline(reply(ny(12, 1, 10), ReplyKind.REJECTION))
    assert status(tl, ny(12, 1, 9, 59)) is Status.AWAITING_REPLY
    kinds = [a.kind for a in actions(tl, ny(12, 1, 9, 59))]
    assert kinds == [FOLLOW_UP, MOVE_ON]
    kinds = [a.kind for a in actions(tl, ny(12, 1, 10))]
    assert kinds == [GRACEFUL_CLOSE]


def test_last_reply() -> None:
    first = reply(ny(11, 25), ReplyKind.ACKNOWLEDGEMENT)
    second = reply(ny(11, 30), ReplyKind.UPDATE)
    tl = timeline(second, first, sent(ny(11, 26), FOLLOW_UP))
    assert last_reply(tl, ny(11, 24, 16)) is None
    assert last_reply(tl, ny(11, 27)) == first
    assert last_reply(tl, ny(12, 1)) == second


# --- thank-you -----------------------------------------------------------------------------------


def test_thank_you_is_planned_before_the_interview() -> None:
    found = actions(timeline(), ny(11, 23), THANK_YOU)
    assert [(a.due, a.to) for a in found] == [(END, (ANN,)), (END, (BOB,))]


def test_thank_you_goes_to_interviewers_not_contacts() -> None:
    found = actions(timeline(), ny(11, 24, 16), THANK_YOU)
    assert [a.to for a in found] == [(ANN,), (BOB,)]
    assert all(RITA not in a.to for a in found)


def test_thank_you_stops_after_a_human_reply() -> None:
    tl = timeline(reply(ny(11, 24, 17), ReplyKind.UPDATE))
    assert actions(tl, ny(11, 24, 18), THANK_YOU) == []
    assert len(actions(tl, ny(11, 24, 16), THANK_YOU)) == 2  # replay before the reply


def test_thank_you_survives_an_auto_reply_and_an_earlier_reply() -> None:
    tl = timeline(
        reply(ny(11, 20), ReplyKind.UPDATE),  # scheduling mail, before the interview
        reply(ny(11, 24, 17), ReplyKind.AUTO_REPLY),
    )
    assert len(actions(tl, ny(11, 24, 18), THANK_YOU)) == 2


def test_thank_you_is_dropped_three_days_after_the_interview() -> None:
    assert len(actions(timeline(), ny(11, 27, 14), THANK_YOU)) == 2
    assert actions(timeline(), ny(11, 27, 14, 1), THANK_YOU) == []


def test_thank_you_sent_to_one_interviewer_leaves_the_other() -> None:
    tl = timeline(sent(ny(11, 24, 18), THANK_YOU, "Ann@Acme.Example"))
    found = actions(tl, ny(11, 24, 19), THANK_YOU)
    assert [(a.to, a.due, a.deadline) for a in found] == [((BOB,), END, ny(11, 25, 14))]
    tl = timeline(sent(ny(11, 24, 18), THANK_YOU, "ann@acme.example", "bob@acme.example"))
    assert actions(tl, ny(11, 24, 19), THANK_YOU) == []


def test_thank_you_sent_without_recipients_covers_everyone() -> None:
    tl = timeline(sent(ny(11, 24, 18), THANK_YOU))
    assert actions(tl, ny(11, 24, 19), THANK_YOU) == []


def test_a_thank_you_sent_before_the_interview_does_not_count() -> None:
    tl = timeline(sent(ny(11, 20), THANK_YOU))
    assert len(actions(tl, ny(11, 24, 19), THANK_YOU)) == 2


def test_thank_you_to_the_hiring_team_when_no_interviewer_is_known() -> None:
    interview = replace(INTERVIEW, interviewers=())
    thank_you = only(timeline(interview=interview), ny(11, 24, 16), THANK_YOU)
    assert thank_you.to == ()
    assert thank_you.due == END
    assert thank_you.deadline == ny(11, 25, 14)
    assert thank_you.key == "1:thank_you:*:2026-11-24"
    assert "the hiring team" in thank_you.reason


def test_a_sent_thank_you_clears_the_hiring_team_thank_you() -> None:
    interview = replace(INTERVIEW, interviewers=())
    tl = timeline(sent(ny(11, 24, 18), THANK_YOU, "rita@acme.example"), interview=interview)
    assert actions(tl, ny(11, 24, 19), THANK_YOU) == []


@pytest.mark.parametrize("outcome", list(Outcome))
def test_closed_interviews_get_no_thank_you(outcome: Outcome) -> None:
    closed = replace(INTERVIEW, outcome=outcome, closed_at=ny(11, 24, 15, 30))
    assert actions(timeline(interview=closed), ny(11, 24, 16), THANK_YOU) == []


def test_thank_you_deadline_is_24_real_hours_across_a_dst_change() -> None:
    """Sat 31 Oct 2026 14:00 EDT + 24 hours = Sun 1 Nov 13:00 EST (clocks went back at 02:00)."""
    interview = replace(INTERVIEW, at=ny(10, 31, 14))
    thank_you = actions(timeline(interview=interview), ny(10, 31, 16), THANK_YOU)[0]
    assert thank_you.due == ny(10, 31, 15)
    assert thank_you.deadline is not None
    real = thank_you.deadline.astimezone(UTC) - interview.at.astimezone(UTC)
    assert real == timedelta(hours=24)
    assert thank_you.deadline == ny(11, 1, 13)


# --- follow-ups -----------------------------------------------------------------------------------


def test_stated_span_follow_up_is_the_first_business_morning_after_it() -> None:
    """ "2 weeks" from Tue 24 Nov 15:00 ends Tue 8 Dec 15:00: follow up Wed 9 Dec 09:00."""
    interview = replace(INTERVIEW, expect=Span(2, Unit.WEEKS))
    tl = timeline(interview=interview)
    follow_up = only(tl, ny(11, 24, 16), FOLLOW_UP)
    assert follow_up.due == ny(12, 9, 9)
    assert follow_up.deadline == ny(12, 11, 9)
    assert "2 weeks" in follow_up.reason
    # Move on after twice the window: 4 weeks, Tue 22 Dec 15:00, so the next morning.
    assert only(tl, ny(11, 24, 16), MOVE_ON).due == ny(12, 23, 9)


def test_stated_one_week_over_new_year() -> None:
    """Thu 24 Dec 10:00, "1 week": ends Thu 31 Dec 11:00; Fri 1 Jan is a holiday: Mon 4 Jan."""
    interview = replace(INTERVIEW, at=ny(12, 24, 10), expect=Span(1, Unit.WEEKS))
    tl = timeline(interview=interview)
    follow_up = only(tl, ny(12, 24, 12), FOLLOW_UP)
    assert follow_up.due == ny(1, 4, 9, year=2027)
    assert follow_up.deadline == ny(1, 6, 9, year=2027)
    # Two weeks after Thu 24 Dec 11:00 is Thu 7 Jan 11:00: the next morning.
    assert only(tl, ny(12, 24, 12), MOVE_ON).due == ny(1, 8, 9, year=2027)


def test_stated_date_follow_up_is_the_first_business_morning_after_it() -> None:
    """Expect news by Fri 4 Dec: follow up Mon 7 Dec; the window is 10 days, move on after 20
    (Mon 14 Dec 15:00, so the next business morning)."""
    tl = timeline(interview=replace(INTERVIEW, expect=date(2026, 12, 4)))
    follow_up = only(tl, ny(11, 24, 16), FOLLOW_UP)
    assert follow_up.due == ny(12, 7, 9)
    assert follow_up.deadline == ny(12, 9, 9)
    assert only(tl, ny(11, 24, 16), MOVE_ON).due == ny(12, 15, 9)


def test_stated_date_before_a_holiday() -> None:
    """Expect news by Wed 25 Nov: Thu 26 is Thanksgiving, follow up Fri 27 Nov."""
    tl = timeline(interview=replace(INTERVIEW, expect=date(2026, 11, 25)))
    assert only(tl, ny(11, 24, 16), FOLLOW_UP).due == ny(11, 27, 9)


@pytest.mark.parametrize("interview_format", [Format.PANEL, Format.MULTI_ROUND])
def test_panels_wait_longer(interview_format: Format) -> None:
    """7 business days: Fri 4 Dec; timely until 2 more, Tue 8 Dec; move on after 14: Tue 15."""
    tl = timeline(interview=replace(INTERVIEW, format=interview_format))
    follow_up = only(tl, ny(11, 24, 16), FOLLOW_UP)
    assert follow_up.due == ny(12, 4, 9)
    assert follow_up.deadline == ny(12, 8, 9)
    assert only(tl, ny(11, 24, 16), MOVE_ON).due == ny(12, 15, 9)


@pytest.mark.parametrize("interview_format", [Format.PHONE, Format.VIDEO, Format.ONSITE])
def test_other_formats_use_the_default_window(interview_format: Format) -> None:
    tl = timeline(interview=replace(INTERVIEW, format=interview_format))
    assert only(tl, ny(11, 24, 16), FOLLOW_UP).due == ny(12, 2, 9)


def test_an_update_restarts_the_silence_clock() -> None:
    """Update Wed 2 Dec 10:00: 5 business days later is Wed 9 Dec, 10 is Wed 16 Dec."""
    tl = timeline(reply(ny(12, 2, 10), ReplyKind.UPDATE))
    now = ny(12, 2, 11)
    follow_up = only(tl, now, FOLLOW_UP)
    assert follow_up.due == ny(12, 9, 9)
    assert follow_up.deadline == ny(12, 11, 9)
    assert follow_up.number == 1
    assert follow_up.key == "1:follow_up:1:2026-12-02T15:00:00+00:00"
    move_on = only(tl, now, MOVE_ON)
    assert move_on.due == ny(12, 16, 9)
    assert move_on.key == "1:move_on:2026-12-02T15:00:00+00:00"


def test_a_follow_up_sent_before_the_restart_does_not_count() -> None:
    tl = timeline(sent(ny(12, 2, 9, 30), FOLLOW_UP), reply(ny(12, 2, 10), ReplyKind.UPDATE))
    follow_up = only(tl, ny(12, 2, 11), FOLLOW_UP)
    assert (follow_up.number, follow_up.due) == (1, ny(12, 9, 9))


def test_a_next_step_restarts_the_silence_clock() -> None:
    """Next step Tue 1 Dec 11:00: follow up 5 business days later, Tue 8 Dec."""
    tl = timeline(reply(ny(12, 1, 11), ReplyKind.NEXT_STEP, sender=BOB_MAIL))
    follow_up = only(tl, ny(12, 1, 12), FOLLOW_UP)
    assert follow_up.due == ny(12, 8, 9)
    assert follow_up.to == (BOB,)


def test_a_restart_does_not_get_the_panel_extra() -> None:
    interview = replace(INTERVIEW, format=Format.PANEL)
    tl = timeline(reply(ny(12, 2, 10), ReplyKind.UPDATE), interview=interview)
    assert only(tl, ny(12, 2, 11), FOLLOW_UP).due == ny(12, 9, 9)


def test_the_date_an_update_names_is_honoured() -> None:
    """ "We'll decide by Fri 11 Dec": follow up Mon 14 Dec, timely until Wed 16; the window is
    9 days (2 Dec to 11 Dec), move on after 18 days: Sun 20 Dec, so Mon 21 Dec."""
    tl = timeline(reply(ny(12, 2, 10), ReplyKind.UPDATE, until=date(2026, 12, 11)))
    follow_up = only(tl, ny(12, 2, 11), FOLLOW_UP)
    assert follow_up.due == ny(12, 14, 9)
    assert follow_up.deadline == ny(12, 16, 9)
    assert "Their last reply" in follow_up.reason
    assert only(tl, ny(12, 2, 11), MOVE_ON).due == ny(12, 21, 9)


def test_an_acknowledgement_does_not_restart_the_clock() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.ACKNOWLEDGEMENT))
    assert only(tl, ny(11, 30, 11), FOLLOW_UP).due == ny(12, 2, 9)


def test_the_second_follow_up_comes_a_spacing_after_the_first_was_sent() -> None:
    """First sent Fri 4 Dec 10:00: the second is due 5 business days later, Fri 11 Dec."""
    tl = timeline(sent(ny(12, 4, 10), FOLLOW_UP, "rita@acme.example"))
    now = ny(12, 4, 11)
    follow_up = only(tl, now, FOLLOW_UP)
    assert follow_up.number == 2
    assert follow_up.due == ny(12, 11, 9)
    assert follow_up.deadline is None
    assert follow_up.key == "1:follow_up:2:interview:2026-11-24"
    assert follow_up.reason.endswith(": follow-up 2 of 2.")
    # Move on is pushed from Wed 9 Dec to a spacing after that follow-up.
    assert only(tl, now, MOVE_ON).due == ny(12, 11, 9)


def test_no_follow_up_beyond_the_maximum() -> None:
    tl = timeline(sent(ny(12, 2, 10), FOLLOW_UP), sent(ny(12, 9, 10), FOLLOW_UP))
    now = ny(12, 9, 11)
    assert actions(tl, now, FOLLOW_UP) == []
    # Move on: not before 5 business days after the last follow-up, Wed 16 Dec.
    assert only(tl, now, MOVE_ON).due == ny(12, 16, 9)


def test_max_follow_ups_is_a_setting() -> None:
    settings = replace(SETTINGS, max_follow_ups=1)
    tl = timeline(sent(ny(12, 2, 10), FOLLOW_UP))
    assert actions(tl, ny(12, 2, 11), FOLLOW_UP, settings) == []
    assert ": follow-up 1 of 1." in only(timeline(), ny(11, 25), FOLLOW_UP, settings).reason


@pytest.mark.parametrize("kind", [ReplyKind.REJECTION, ReplyKind.OFFER])
def test_a_rejection_or_an_offer_stops_the_follow_ups(kind: ReplyKind) -> None:
    tl = timeline(reply(ny(11, 30, 10), kind))
    kinds = {a.kind for a in actions(tl, ny(11, 30, 11))}
    assert FOLLOW_UP not in kinds
    assert MOVE_ON not in kinds


@pytest.mark.parametrize("outcome", list(Outcome))
def test_a_closed_interview_gets_no_follow_up(outcome: Outcome) -> None:
    closed = replace(INTERVIEW, outcome=outcome, closed_at=ny(11, 30))
    kinds = {a.kind for a in actions(timeline(interview=closed), ny(12, 1))}
    assert not kinds & {FOLLOW_UP, MOVE_ON, THANK_YOU}


def test_follow_up_recipients_without_any_reply_are_the_contacts() -> None:
    assert only(timeline(), ny(11, 25), FOLLOW_UP).to == (RITA,)


def test_follow_up_recipients_without_contacts_are_the_interviewers() -> None:
    tl = timeline(interview=replace(INTERVIEW, contacts=()))
    assert only(tl, ny(11, 25), FOLLOW_UP).to == (ANN, BOB)


def test_follow_up_goes_to_the_latest_known_person_who_replied() -> None:
    tl = timeline(
        reply(ny(11, 25, 10), ReplyKind.UPDATE, sender=RITA_MAIL),
        reply(ny(11, 30, 10), ReplyKind.UPDATE, sender=BOB_MAIL),
        reply(ny(12, 1, 10), ReplyKind.UPDATE, sender=ROBOT_MAIL),  # not a known person
        reply(ny(12, 1, 11), ReplyKind.AUTO_REPLY, sender="ann@acme.example"),  # not human
    )
    assert only(tl, ny(12, 1, 12), FOLLOW_UP).to == (BOB,)


def test_follow_up_after_an_unknown_sender_falls_back_to_the_contacts() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.UPDATE, sender=ROBOT_MAIL))
    assert only(tl, ny(11, 30, 11), FOLLOW_UP).to == (RITA,)


def test_follow_up_keys_are_stable_until_the_clock_restarts() -> None:
    tl = timeline(reply(ny(12, 2, 10), ReplyKind.UPDATE))
    early = only(tl, ny(11, 25, 10), FOLLOW_UP)
    later = only(tl, ny(12, 1, 10), FOLLOW_UP)
    assert early == later
    assert early.key == "1:follow_up:1:interview:2026-11-24"
    restarted = only(tl, ny(12, 2, 11), FOLLOW_UP)
    assert restarted.key != early.key
    assert restarted.key == "1:follow_up:1:2026-12-02T15:00:00+00:00"


def test_follow_up_deadline_needs_follow_up_by_beyond_follow_up_after() -> None:
    settings = replace(SETTINGS, follow_up_by=Span(5, Unit.BUSINESS_DAYS))
    assert only(timeline(), ny(11, 25), FOLLOW_UP, settings).deadline is None
    settings = replace(SETTINGS, follow_up_by=Span(2, Unit.WEEKS))
    assert only(timeline(), ny(11, 25), FOLLOW_UP, settings).deadline is None


# --- move on -------------------------------------------------------------------------------------


def test_move_on_is_after_twice_the_window_by_default() -> None:
    move_on = only(timeline(), ny(11, 25), MOVE_ON)
    assert move_on.due == ny(12, 9, 9)
    assert move_on.to == ()
    assert "watcher track close 1 --outcome ghosted" in move_on.reason


def test_move_on_factor() -> None:
    """1.5 x 5 business days = 7.5, rounded up to 8: Mon 7 Dec."""
    settings = replace(SETTINGS, move_on_factor=1.5)
    assert only(timeline(), ny(11, 25), MOVE_ON, settings).due == ny(12, 7, 9)


def test_move_on_after_a_fixed_span() -> None:
    settings = replace(SETTINGS, move_on_after=Span(15, Unit.BUSINESS_DAYS))
    assert only(timeline(), ny(11, 25), MOVE_ON, settings).due == ny(12, 16, 9)
    # A fixed span ignores the stated window.
    tl = timeline(interview=replace(INTERVIEW, expect=Span(2, Unit.WEEKS)))
    assert only(tl, ny(11, 25), MOVE_ON, settings).due == ny(12, 16, 9)


def test_move_on_lands_on_a_business_morning() -> None:
    """11 days after Tue 24 Nov 15:00 is Sat 5 Dec 15:00: move on Mon 7 Dec 09:00."""
    settings = replace(SETTINGS, move_on_after=Span(11, Unit.DAYS))
    assert only(timeline(), ny(11, 25), MOVE_ON, settings).due == ny(12, 7, 9)


def test_move_on_waits_a_spacing_after_the_last_follow_up() -> None:
    """The first follow-up sent late, Tue 8 Dec 16:00: move on Tue 15 Dec, not Wed 9 Dec."""
    tl = timeline(sent(ny(12, 8, 16), FOLLOW_UP))
    assert only(tl, ny(12, 8, 17), MOVE_ON).due == ny(12, 15, 9)


@pytest.mark.parametrize(
    ("hours", "silence_reached", "first_follow_up"),
    [
        # "24 hours": silence from Mon 7 Dec 15:00, 48 hours reached Wed 9 Dec 15:00; actual
        # move on Wed 9 Dec 09:00, the same moment as the first follow-up.
        (24, ny(12, 9, 15), ny(12, 9, 9)),
        # "2 hours": 4 hours reached Mon 7 Dec 19:00; actual move on Mon 7 Dec 09:00, five hours
        # before the interview itself began.
        (2, ny(12, 7, 19), ny(12, 8, 9)),
    ],
)
def test_move_on_is_not_due_before_the_silence_reaches_twice_the_window(
    hours: int, silence_reached: datetime, first_follow_up: datetime
) -> None:
    """Expected: the first business morning once the silence reached twice the window, i.e.
    Thu 10 Dec 09:00 for "24 hours" and Tue 8 Dec 09:00 for "2 hours"."""
    interview = replace(INTERVIEW, at=ny(12, 7, 14), expect=Span(hours, Unit.HOURS))
    tl = timeline(interview=interview)
    assert only(tl, ny(12, 7, 16), FOLLOW_UP).due == first_follow_up
    move_on = only(tl, ny(12, 7, 16), MOVE_ON)
    assert move_on.due >= silence_reached
    assert move_on.due >= first_follow_up


# --- graceful close ------------------------------------------------------------------------------


def test_graceful_close_after_a_rejection_goes_to_its_sender() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=BOB_MAIL))
    result = actions(tl, ny(11, 30, 11))
    assert [a.kind for a in result] == [GRACEFUL_CLOSE]
    close = result[0]
    assert close.due == ny(11, 30, 10)
    assert close.deadline == ny(12, 7, 10)
    assert close.to == (BOB,)
    assert close.key == "1:graceful_close:2026-11-30T15:00:00+00:00"
    assert "Acme said no" in close.reason


def test_graceful_close_from_an_unknown_sender_goes_to_the_contacts() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=ROBOT_MAIL))
    assert only(tl, ny(11, 30, 11), GRACEFUL_CLOSE).to == (RITA,)
    tl = timeline(
        reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=ROBOT_MAIL),
        interview=replace(INTERVIEW, contacts=()),
    )
    assert only(tl, ny(11, 30, 11), GRACEFUL_CLOSE).to == (ANN, BOB)


@pytest.mark.parametrize(
    ("sender", "to"),
    [
        # A recruiter the user never typed in, writing from the company's domain: the close
        # thanks the one who told the decision, not an interviewer who did not write.
        ("Sam Ortiz <sam.ortiz@acme.example>", Person("Sam Ortiz", "sam.ortiz@acme.example")),
        (
            '"Ortiz, Sam" <sortiz@careers.acme.example>',
            Person("Ortiz, Sam", "sortiz@careers.acme.example"),
        ),
        ("priya@acme.example", Person("", "priya@acme.example")),
        # An office, a no-reply and a relay are nobody to thank: the contacts are.
        ("Acme Talent Team <talent@acme.example>", RITA),
        ("Sam Ortiz <noreply@acme.example>", RITA),
        ("Sam Ortiz <sam.ortiz@hire.lever.co>", RITA),
        # A person of another domain is not taken for the company's.
        ("Sam Ortiz <sam.ortiz@other.example>", RITA),
    ],
)
def test_graceful_close_to_the_person_who_wrote_the_rejection(sender: str, to: Person) -> None:
    interview = replace(INTERVIEW, domains=("acme.example",))
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=sender), interview=interview)
    close = only(tl, ny(11, 30, 11), GRACEFUL_CLOSE)
    expected = to if to == RITA else replace(to, role=PersonRole.CONTACT)
    assert close.to == (expected,)


def test_a_known_persons_domain_is_the_companys_without_domains() -> None:
    """An interview typed in without domains: its people's domains are the company's."""
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION, sender="Sam Ortiz <sam@acme.example>"))
    assert only(tl, ny(11, 30, 11), GRACEFUL_CLOSE).to == (
        Person("Sam Ortiz", "sam@acme.example", PersonRole.CONTACT),
    )


def test_a_follow_up_goes_to_the_recruiter_who_last_wrote() -> None:
    sam = "Sam Ortiz <sam.ortiz@acme.example>"
    tl = timeline(reply(ny(11, 25, 10), ReplyKind.UPDATE, sender=sam))
    follow_up = actions(tl, ny(12, 15), FOLLOW_UP)[0]
    assert follow_up.to == (Person("Sam Ortiz", "sam.ortiz@acme.example", PersonRole.CONTACT),)


def test_graceful_close_is_gone_once_sent() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION), sent(ny(11, 30, 12), GRACEFUL_CLOSE))
    assert actions(tl, ny(11, 30, 13), GRACEFUL_CLOSE) == []
    assert len(actions(tl, ny(11, 30, 11), GRACEFUL_CLOSE)) == 1


def test_graceful_close_is_offered_for_seven_days() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION))
    assert len(actions(tl, ny(12, 7, 10), GRACEFUL_CLOSE)) == 1
    assert actions(tl, ny(12, 7, 10, 1), GRACEFUL_CLOSE) == []


def test_graceful_close_after_closing_as_rejected_without_a_reply() -> None:
    closed = replace(INTERVIEW, outcome=Outcome.REJECTED, closed_at=ny(12, 1))
    close = only(timeline(interview=closed), ny(12, 1, 10), GRACEFUL_CLOSE)
    assert (close.due, close.deadline, close.to) == (ny(12, 1), ny(12, 8), (RITA,))


@pytest.mark.parametrize("outcome", [Outcome.ACCEPTED, Outcome.DECLINED, Outcome.GHOSTED])
def test_no_graceful_close_without_a_rejection(outcome: Outcome) -> None:
    closed = replace(INTERVIEW, outcome=outcome, closed_at=ny(12, 1))
    assert actions(timeline(interview=closed), ny(12, 1, 10), GRACEFUL_CLOSE) == []


# --- check-in -------------------------------------------------------------------------------------


CHECK_IN_SETTINGS = replace(SETTINGS, check_in_every=Span(3, Unit.MONTHS))


def test_check_in_is_off_by_default() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION))
    assert actions(tl, ny(3, 2, year=2027), CHECK_IN) == []


def test_check_in_after_a_rejection_reply() -> None:
    """Mon 30 Nov + 3 months = Sun 28 Feb 2027 (clamped from 30 Feb): Mon 1 Mar 09:00."""
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=BOB_MAIL))
    check_in = only(tl, ny(11, 30, 11), CHECK_IN, CHECK_IN_SETTINGS)
    assert check_in.due == ny(3, 1, 9, year=2027)
    assert check_in.number == 1
    assert check_in.key == "1:check_in:1"
    assert check_in.to == (RITA,)


def test_check_in_without_contacts_keeps_in_touch_with_the_recruiter_who_wrote() -> None:
    sam = "Sam Ortiz <sam.ortiz@acme.example>"
    interview = replace(INTERVIEW, contacts=())
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=sam), interview=interview)
    check_in = only(tl, ny(11, 30, 11), CHECK_IN, CHECK_IN_SETTINGS)
    assert check_in.to == (Person("Sam Ortiz", "sam.ortiz@acme.example", PersonRole.CONTACT),)
    # An interviewer's own rejection leaves the check-in to the interviewers.
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=BOB_MAIL), interview=interview)
    assert only(tl, ny(11, 30, 11), CHECK_IN, CHECK_IN_SETTINGS).to == (ANN, BOB)


@pytest.mark.parametrize("outcome", [Outcome.REJECTED, Outcome.DECLINED, Outcome.WITHDRAWN])
def test_check_in_after_closing_on_good_terms(outcome: Outcome) -> None:
    """Closed Mon 7 Dec + 3 months = Sun 7 Mar 2027: Mon 8 Mar 09:00."""
    closed = replace(INTERVIEW, outcome=outcome, closed_at=ny(12, 7, 12))
    tl = timeline(interview=closed)
    check_in = only(tl, ny(12, 7, 13), CHECK_IN, CHECK_IN_SETTINGS)
    assert check_in.due == ny(3, 8, 9, year=2027)
    assert actions(tl, ny(12, 7, 11), CHECK_IN, CHECK_IN_SETTINGS) == []  # not closed yet


def test_check_in_counts_from_the_last_check_in_sent() -> None:
    """Sent Mon 1 Mar 2027: the next is due Tue 1 Jun 2027."""
    tl = timeline(
        reply(ny(11, 30, 10), ReplyKind.REJECTION),
        sent(ny(3, 1, 10, year=2027), CHECK_IN),
    )
    check_in = only(tl, ny(3, 2, year=2027), CHECK_IN, CHECK_IN_SETTINGS)
    assert check_in.due == ny(6, 1, 9, year=2027)
    assert check_in.number == 2
    assert check_in.key == "1:check_in:2"


@pytest.mark.parametrize("outcome", [Outcome.ACCEPTED, Outcome.GHOSTED])
def test_no_check_in_after_accepted_or_ghosted(outcome: Outcome) -> None:
    closed = replace(INTERVIEW, outcome=outcome, closed_at=ny(12, 7, 12))
    assert actions(timeline(interview=closed), ny(12, 8), CHECK_IN, CHECK_IN_SETTINGS) == []


def test_no_check_in_while_the_process_is_open() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.OFFER))
    assert actions(tl, ny(12, 1), CHECK_IN, CHECK_IN_SETTINGS) == []
    assert actions(timeline(), ny(12, 1), CHECK_IN, CHECK_IN_SETTINGS) == []


# --- commitments ---------------------------------------------------------------------------------

REFERENCES = Commitment(id=7, interview_id=1, what="send references", due=ny(11, 27, 17))


def test_commitment_is_due_the_morning_of_its_date() -> None:
    commitment = only(timeline(commitments=(REFERENCES,)), ny(11, 24, 16), COMMITMENT)
    assert commitment.due == ny(11, 27, 9)
    assert commitment.deadline == ny(11, 27, 17)
    assert commitment.ref == "7"
    assert commitment.key == "1:commitment:7"
    assert commitment.to == (RITA,)
    assert "send references" in commitment.reason


def test_commitment_is_gone_once_done() -> None:
    done = replace(REFERENCES, done_at=ny(11, 26, 20))
    tl = timeline(commitments=(done,))
    assert actions(tl, ny(11, 26, 20), COMMITMENT) == []
    assert len(actions(tl, ny(11, 26, 19), COMMITMENT)) == 1  # replay before it was done


def test_commitment_due_before_the_working_day_starts() -> None:
    early = replace(REFERENCES, due=ny(11, 27, 8))
    commitment = only(timeline(commitments=(early,)), ny(11, 24, 16), COMMITMENT)
    assert commitment.due == commitment.deadline == ny(11, 27, 8)


def test_commitment_stays_while_an_offer_is_open_and_goes_once_closed() -> None:
    tl = timeline(reply(ny(11, 25, 10), ReplyKind.OFFER), commitments=(REFERENCES,))
    assert len(actions(tl, ny(11, 25, 11), COMMITMENT)) == 1
    closed = replace(INTERVIEW, outcome=Outcome.ACCEPTED, closed_at=ny(11, 25, 12))
    tl = timeline(interview=closed, commitments=(REFERENCES,))
    assert actions(tl, ny(11, 25, 13), COMMITMENT) == []


# --- expedite ------------------------------------------------------------------------------------

GAIL = Person("Gail Ito", "gail@globex.example", PersonRole.CONTACT)
IVY = Person("Ivy Wu", "ivy@initech.example")
UMA = Person("Uma Sen", "uma@umbrella.example")
OFFER_AT = ny(12, 1, 11)  # Globex's offer


def _open_processes() -> list[Timeline]:
    globex = Interview(id=2, company="Globex", role="Engineer", at=ny(11, 20, 10), contacts=(GAIL,))
    initech = Interview(
        id=3, company="Initech", role="Engineer", at=ny(12, 10, 10), interviewers=(IVY,)
    )
    umbrella = Interview(
        id=4, company="Umbrella", role="Engineer", at=ny(11, 18, 10), interviewers=(UMA,)
    )
    hooli = Interview(
        id=5, company="Hooli", role="Engineer", at=ny(11, 17, 10), interviewers=(UMA,)
    )
    vandelay = Interview(
        id=6,
        company="Vandelay",
        role="Engineer",
        at=ny(11, 16, 10),
        outcome=Outcome.WITHDRAWN,
        closed_at=ny(11, 30),
    )
    return [
        timeline(),  # 1 Acme: awaiting a reply
        timeline(
            reply(
                OFFER_AT, ReplyKind.OFFER, sender="Gail Ito <gail@globex.example>", interview_id=2
            ),
            interview=globex,
        ),
        timeline(interview=initech),  # 3: scheduled
        timeline(
            reply(ny(11, 30), ReplyKind.NEXT_STEP, sender="uma@umbrella.example", interview_id=4),
            interview=umbrella,
        ),
        timeline(reply(ny(11, 27), ReplyKind.REJECTION, interview_id=5), interview=hooli),
        timeline(interview=vandelay),
    ]


def test_an_offer_raises_one_expedite_per_interviewed_undecided_process() -> None:
    result = actions(_open_processes(), ny(12, 1, 12), EXPEDITE)
    assert [(a.interview_id, a.due, a.to, a.ref) for a in result] == [
        (1, OFFER_AT, (RITA,), "2"),  # awaiting a reply
        (4, OFFER_AT, (UMA,), "2"),  # at a next step
    ]  # not 3, scheduled on 10 Dec; not 5, rejected; not 6, withdrawn
    assert [a.key for a in result] == [
        "1:expedite:2:2026-12-01T16:00:00+00:00",
        "4:expedite:2:2026-12-01T16:00:00+00:00",
    ]
    assert "Globex made an offer" in result[0].reason


def _process(ident: int, at: datetime, *events: Event, **changes: object) -> Timeline:
    interview = Interview(
        id=ident,
        company=f"Company {ident}",
        role="Engineer",
        at=at,
        interviewers=(Person(f"P{ident}", f"p{ident}@c{ident}.example"),),
        **changes,  # type: ignore[arg-type]
    )
    return Timeline(interview, tuple(replace(e, interview_id=ident) for e in events))


OFFER_NOW = ny(12, 1, 12)
PROCESSES = {
    # Interviewed and waiting: each gets an expedite.
    "awaiting": _process(10, ny(11, 23, 10)),
    "next step": _process(11, ny(11, 20, 10), reply(ny(11, 25), ReplyKind.NEXT_STEP)),
    "awaiting too": _process(12, ny(11, 30, 15)),
    # Open, but no interview has taken place yet: none.
    "scheduled": _process(13, ny(12, 3, 10)),
    "under way": _process(14, ny(12, 1, 11, 30)),  # 11:30 to 12:30: not over at noon
    "next round scheduled": _process(
        15, ny(12, 4, 10), reply(ny(11, 25), ReplyKind.NEXT_STEP)
    ),  # the next step came before the (moved) interview: scheduled again
}
DECIDED = [
    _process(20, ny(11, 16, 10), reply(ny(11, 27), ReplyKind.REJECTION)),
    _process(21, ny(11, 16, 10), outcome=Outcome.WITHDRAWN, closed_at=ny(11, 30)),
    _process(22, ny(11, 16, 10), outcome=Outcome.GHOSTED, closed_at=ny(11, 30)),
]


@pytest.mark.parametrize(
    ("open_ones", "told"),
    [
        (["awaiting", "scheduled"], [10]),
        (["awaiting", "next step", "under way"], [10, 11]),
        (
            ["awaiting", "next step", "awaiting too", "scheduled", "next round scheduled"],
            [10, 11, 12],
        ),
        (["scheduled", "under way", "next round scheduled"], []),
    ],
    ids=["two", "three", "five", "none-interviewed"],
)
def test_with_two_three_or_five_open_processes_only_the_interviewed_undecided_are_told(
    open_ones: list[str], told: list[int]
) -> None:
    globex = _open_processes()[1]  # the offer, 1 Dec 11:00
    timelines = [globex, *(PROCESSES[name] for name in open_ones), *DECIDED]
    assert sum(1 for t in timelines if status(t, OFFER_NOW) in OPEN_STATUSES) == len(open_ones) + 1
    result = actions(timelines, OFFER_NOW, EXPEDITE)
    assert [(a.interview_id, a.due, a.ref) for a in result] == [(i, OFFER_AT, "2") for i in told]
    assert len({a.key for a in result}) == len(told)  # one each
    assert all(
        a.to == (Person(f"P{a.interview_id}", f"p{a.interview_id}@c{a.interview_id}.example"),)
        for a in result
    )


def test_an_interview_that_ends_after_the_offer_is_told_once_it_has_ended() -> None:
    globex = _open_processes()[1]
    later = _process(13, ny(12, 3, 10))  # 3 Dec 10:00 to 11:00, after the offer of 1 Dec
    assert actions([globex, later], ny(12, 3, 10, 59), EXPEDITE) == []
    [expedite] = actions([globex, later], ny(12, 3, 11), EXPEDITE)
    assert (expedite.interview_id, expedite.due) == (13, ny(12, 3, 11))
    assert expedite.key == "13:expedite:2:2026-12-01T16:00:00+00:00"  # still once per offer
    rejected = replace(later, events=(reply(ny(12, 3, 16), ReplyKind.REJECTION, interview_id=13),))
    assert actions([globex, rejected], ny(12, 3, 17), EXPEDITE) == []


def test_an_offer_elsewhere_is_not_told_to_a_process_with_its_own_offer() -> None:
    globex = _open_processes()[1]
    acme = timeline(reply(ny(12, 1, 9), ReplyKind.OFFER))  # Acme's own offer, earlier that day
    result = actions([acme, globex], OFFER_NOW, EXPEDITE)
    assert result == []


def test_no_expedite_before_the_offer_arrived() -> None:
    assert actions(_open_processes(), ny(12, 1, 10), EXPEDITE) == []


def test_expedite_is_gone_once_sent_after_the_offer() -> None:
    timelines = _open_processes()
    timelines[0] = timeline(sent(ny(12, 1, 13), EXPEDITE))
    result = actions(timelines, ny(12, 1, 14), EXPEDITE)
    assert [a.interview_id for a in result] == [4]
    timelines[0] = timeline(sent(ny(11, 30), EXPEDITE))  # sent before this offer
    result = actions(timelines, ny(12, 1, 14), EXPEDITE)
    assert [a.interview_id for a in result] == [1, 4]


def test_expedite_can_be_turned_off() -> None:
    settings = replace(SETTINGS, expedite=False)
    assert actions(_open_processes(), ny(12, 1, 12), EXPEDITE, settings) == []


def test_no_expedite_without_another_open_process() -> None:
    only_offer = _open_processes()[1:2]
    assert actions(only_offer, ny(12, 1, 12), EXPEDITE) == []


# --- plan ----------------------------------------------------------------------------------------


def test_plan_is_sorted_by_due_then_interview_and_kind() -> None:
    timelines = [
        *_open_processes(),
        timeline(
            reply(ny(11, 30, 10), ReplyKind.REJECTION, interview_id=7),
            interview=replace(INTERVIEW, id=7, expect=date(2026, 12, 4)),
            commitments=(replace(REFERENCES, interview_id=7),),
        ),
    ]
    settings = replace(SETTINGS, check_in_every=Span(3, Unit.MONTHS))
    result = plan(timelines, settings, ny(12, 1, 12))
    assert len(result) > 8
    keys = [(a.due, a.interview_id, a.kind, a.key) for a in result]
    assert keys == sorted(keys)
    assert [a.due for a in result] == sorted(a.due for a in result)


def test_plan_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        plan([timeline()], SETTINGS, datetime(2026, 11, 25, 9))  # noqa: DTZ001


def test_plan_is_deterministic() -> None:
    timelines = _open_processes()
    now = ny(12, 1, 12)
    first = plan(timelines, SETTINGS, now)
    assert plan(timelines, SETTINGS, now) == first
    assert plan(list(reversed(timelines)), SETTINGS, now) == first
    shuffled = [replace(tl, events=tuple(reversed(tl.events))) for tl in timelines]
    assert plan(shuffled, SETTINGS, now) == first
    # The same instant written in another zone gives the same plan.
    assert plan(timelines, SETTINGS, now.astimezone(UTC)) == first


def test_plan_of_nothing_is_empty() -> None:
    assert plan([], SETTINGS, ny(12, 1)) == []


def test_keys_do_not_depend_on_the_offset_a_moment_was_written_with() -> None:
    """The same rejection read back from the store (UTC) or fresh from a message (+01:00)."""
    paris = ZoneInfo("Europe/Paris")
    moment = datetime(2026, 11, 30, 16, 0, tzinfo=paris)
    keys = []
    for at in (moment, moment.astimezone(UTC)):
        rejection = Event(
            interview_id=1, kind=EventKind.REPLY, at=at, reply_kind=ReplyKind.REJECTION
        )
        tl = timeline(rejection)
        keys.append(only(tl, ny(12, 1, 9), ActionKind.GRACEFUL_CLOSE).key)
    assert keys[0] == keys[1]


def test_correcting_the_interview_time_keeps_the_keys_a_new_day_does_not() -> None:
    """A typo fixed by `track edit --at` must not make a second thank-you or follow-up draft;
    a next round on another day gets its own thank-you."""
    now = ny(11, 24, 16)
    before = {a.kind: a.key for a in actions(timeline(), now)}
    corrected = timeline(interview=replace(INTERVIEW, at=AT + timedelta(minutes=15)))
    fixed = {a.kind: a.key for a in actions(corrected, now)}
    assert before == fixed
    next_round = replace(INTERVIEW, at=ny(12, 3, 10))
    later = {a.kind: a.key for a in actions(timeline(interview=next_round), ny(12, 3, 12))}
    assert later[THANK_YOU] != before[THANK_YOU]
    assert later[FOLLOW_UP] != before[FOLLOW_UP]


def test_panel_extra_in_another_unit_still_makes_panels_wait_longer() -> None:
    settings = replace(SETTINGS, follow_up_after=Span(1, Unit.WEEKS))
    video = only(timeline(), ny(11, 24, 16), FOLLOW_UP, settings)
    panel = only(
        timeline(interview=replace(INTERVIEW, format=Format.PANEL)),
        ny(11, 24, 16),
        FOLLOW_UP,
        settings,
    )
    # One week after the end (Tue 1 Dec 15:00), then 2 business days: Thu 3 Dec 09:00.
    assert video.due == ny(12, 1, 15)
    assert panel.due == ny(12, 3, 9)
    assert "2 business days" in panel.reason


def test_a_second_mail_about_the_same_offer_makes_no_second_expedite() -> None:
    timelines = _open_processes()
    first = {a.interview_id: a.key for a in actions(timelines, ny(12, 1, 12), EXPEDITE)}
    letter = reply(
        ny(12, 2, 9), ReplyKind.OFFER, sender="Gail Ito <gail@globex.example>", interview_id=2
    )
    timelines[1] = replace(timelines[1], events=(*timelines[1].events, letter))
    second = {a.interview_id: a.key for a in actions(timelines, ny(12, 2, 12), EXPEDITE)}
    assert first == second


def test_a_second_notice_of_the_same_rejection_asks_for_no_second_graceful_close() -> None:
    ats = reply(ny(11, 30, 10), ReplyKind.REJECTION, sender=ROBOT_MAIL)
    human = reply(ny(12, 1, 10), ReplyKind.REJECTION)
    first = only(timeline(ats), ny(11, 30, 12), ActionKind.GRACEFUL_CLOSE)
    both = only(timeline(ats, human), ny(12, 1, 12), ActionKind.GRACEFUL_CLOSE)
    assert both.key == first.key
    assert both.due == ny(11, 30, 10)
    assert both.to == (RITA,)  # the person who wrote, not the applicant-tracking system


@pytest.mark.parametrize(
    ("quiet", "moment", "inside"),
    [
        ((time(21), time(8)), ny(11, 24, 3), True),  # crosses midnight
        ((time(21), time(8)), ny(11, 24, 21), True),  # start included
        ((time(21), time(8)), ny(11, 24, 8), False),  # end excluded
        ((time(21), time(8)), ny(11, 24, 12), False),
        ((time(12), time(14)), ny(11, 24, 13), True),  # within a day
        ((time(12), time(14)), ny(11, 24, 15), False),
        (None, ny(11, 24, 3), False),
    ],
)
def test_quiet_hours(quiet: tuple[time, time] | None, moment: datetime, inside: bool) -> None:
    assert in_quiet_hours(moment, replace(SETTINGS, quiet_hours=quiet)) is inside
    # The same moment written in another zone is the same moment.
    assert in_quiet_hours(moment.astimezone(UTC), replace(SETTINGS, quiet_hours=quiet)) is inside


def test_a_snooze_moves_what_is_due_to_its_end_and_a_new_nudge_key() -> None:
    """ "Snooze 2 days" on Wed 2 Dec: the follow-up due that morning waits until Fri 4 Dec."""
    snooze = Event(1, EventKind.SNOOZE, ny(12, 2, 10), until=date(2026, 12, 4))
    plain = only(timeline(), ny(12, 2, 12), FOLLOW_UP)
    snoozed = only(timeline(snooze), ny(12, 2, 12), FOLLOW_UP)
    assert plain.due == ny(12, 2, 9) and plain.snoozed_until is None
    assert snoozed.due == ny(12, 4, 9) == snoozed.snoozed_until
    assert snoozed.key == plain.key  # the draft is the same; only the nudge comes again
    # What is due after the snooze ends is not touched.
    assert only(timeline(snooze), ny(12, 2, 12), MOVE_ON).snoozed_until is None


# --- rounds and cancellations (interviews found in mail) ----------------------------------------

LEE = Person("Lee Okafor", "lee@acme.example")
ROUND_2 = ny(12, 1, 10)  # Tue 1 Dec 10:00, a week after the first round
TWO_ROUNDS = INTERVIEW.with_rounds(
    (*INTERVIEW.all_rounds, Round(ROUND_2, Format.ONSITE, (LEE,), uid="r2@cal"))
)


def test_a_next_round_is_thanked_to_its_own_interviewers_on_its_own_day() -> None:
    tl = timeline(interview=TWO_ROUNDS)
    [thanks] = actions(tl, ny(12, 1, 12), THANK_YOU)
    assert thanks.to == (LEE,)
    assert thanks.due == ny(12, 1, 11)
    assert thanks.deadline == ny(12, 2, 10)
    assert thanks.key == "1:thank_you:lee@acme.example:2026-12-01"
    assert thanks.ref == "2"
    assert thanks.reason.startswith("Round 2 interview with Lee Okafor on Tue 1 Dec 10:00")


def test_each_round_thanks_its_interviewers_for_three_days_after_it() -> None:
    tl = timeline(interview=TWO_ROUNDS)
    # On the day of the first round, both rounds' thank-yous are planned, each to its people.
    planned = actions(tl, ny(11, 24, 16), THANK_YOU)
    assert [(a.to, a.due, a.ref) for a in planned] == [
        ((ANN,), END, "1"),
        ((BOB,), END, "1"),
        ((LEE,), ny(12, 1, 11), "2"),
    ]
    # The first round's keys are those of an interview of one round on that day: a draft made
    # before the next round was known is not made again.
    single = actions(timeline(), ny(11, 24, 16), THANK_YOU)
    assert [a.key for a in planned[:2]] == [a.key for a in single]
    # Three days on, the first round's are no longer suggested.
    assert [a.to for a in actions(tl, ny(11, 28, 12), THANK_YOU)] == [(LEE,)]


def test_a_thank_you_counts_for_the_round_it_was_sent_in() -> None:
    after_first = sent(ny(11, 24, 18), THANK_YOU, "lee@acme.example", "ann@acme.example")
    tl = timeline(after_first, interview=TWO_ROUNDS)
    # Sent after round 1 (to Ann, and to Lee whom round 1 did not have): Ann is thanked for
    # round 1, and Lee still gets the thank-you of round 2.
    assert [(a.to, a.ref) for a in actions(tl, ny(11, 24, 19), THANK_YOU)] == [
        ((BOB,), "1"),
        ((LEE,), "2"),
    ]
    after_second = sent(ny(12, 1, 15), THANK_YOU, "lee@acme.example")
    tl = timeline(after_first, after_second, interview=TWO_ROUNDS)
    assert actions(tl, ny(12, 1, 16), THANK_YOU) == []


def test_the_silence_counts_from_the_latest_round() -> None:
    tl = timeline(interview=TWO_ROUNDS)
    follow_up = only(tl, ny(12, 1, 12), FOLLOW_UP)
    # Five business days after the second round (Tue 1 Dec), not after the first.
    assert follow_up.due == ny(12, 8)
    assert status(tl, ny(11, 30, 12)) is Status.SCHEDULED
    assert status(tl, ny(12, 1, 12)) is Status.AWAITING_REPLY


def test_a_cancelled_interview_is_cancelled_and_gets_nothing() -> None:
    cancelled = replace(INTERVIEW, cancelled_at=ny(11, 23, 12))
    tl = timeline(interview=cancelled)
    assert status(tl, ny(11, 23, 13)) is Status.CANCELLED
    assert status(tl, ny(11, 23, 11)) is Status.SCHEDULED  # before it was cancelled
    assert Status.CANCELLED not in OPEN_STATUSES
    assert actions(tl, ny(11, 25, 9)) == []
    assert actions(tl, ny(12, 20, 9)) == []
    # Before the cancellation (a replay), the thank-you was planned as usual.
    assert actions(tl, ny(11, 23, 11), THANK_YOU)


def test_a_decision_after_the_cancellation_says_more() -> None:
    cancelled = replace(INTERVIEW, cancelled_at=ny(11, 23, 12))
    rejected = reply(ny(11, 25, 9), ReplyKind.REJECTION)
    assert status(timeline(rejected, interview=cancelled), ny(11, 26)) is Status.REJECTED
    earlier = reply(ny(11, 20, 9), ReplyKind.NEXT_STEP)
    assert status(timeline(earlier, interview=cancelled), ny(11, 26)) is Status.CANCELLED


def test_a_follow_up_goes_to_an_earlier_rounds_interviewer_who_replied() -> None:
    heard = reply(ny(12, 2, 9), ReplyKind.UPDATE, sender="Ann Lee <ann@acme.example>")
    tl = timeline(heard, interview=TWO_ROUNDS)
    assert only(tl, ny(12, 3, 9), FOLLOW_UP).to == (ANN,)


# --- windows learned from the user's history (#12) ----------------------------------------------

LEARN = replace(SETTINGS, learn_windows=True)
CALENDAR = BusinessCalendar(range(5), US)
GREENHOUSE = "{} <no-reply@us.greenhouse-mail.io>"


def answered(
    interview_id: int,
    days: int,
    *,
    company: str = "Acme",
    sender: str = RITA_MAIL,
    format: Format = Format.VIDEO,
) -> Timeline:
    """A past process (ids from 10): one round on a Monday from 1 Jun 2026 at 10:00, one week
    per id, and its answer (a rejection) ``days`` business days later at 11:00."""
    at = ny(6, 1, 10) + timedelta(weeks=interview_id - 10)
    day = CALENDAR.add(at.date(), days)
    interview = Interview(interview_id, company, "Engineer", at, format=format, contacts=(RITA,))
    answer = datetime.combine(day, time(11), tzinfo=NY)
    return Timeline(
        interview, (reply(answer, ReplyKind.REJECTION, sender, interview_id=interview_id),)
    )


def history(*days: int) -> list[Timeline]:
    """Past Acme processes, one per entry of ``days``, answered after that many business days."""
    return [answered(10 + n, d) for n, d in enumerate(days)]


def only_of(timelines: list[Timeline], now: datetime, kind: ActionKind) -> Action:
    """The one action of ``kind`` planned with the windows learned."""
    [found] = actions(timelines, now, kind, LEARN)
    return found


def test_a_learned_window_sets_the_first_follow_up_and_the_move_on() -> None:
    """Acme answered after 2, 3, 4, 5 and 6 business days: a median of 4, so the follow-up
    comes on business day 6 after the interview (Thu 3 Dec) instead of day 5 (Wed 2 Dec), and
    the move-on at twice that window, day 12 (Fri 11 Dec), instead of day 10 (Wed 9 Dec)."""
    timelines = [timeline(), *history(4, 2, 6, 3, 5)]
    now = ny(11, 24, 16)
    follow_up = only_of(timelines, now, FOLLOW_UP)
    assert (follow_up.due, follow_up.deadline) == (ny(12, 3), ny(12, 7))
    assert follow_up.reason == (
        "Acme answered you in a median of 4 business days over 5 interviews, and nothing came "
        "6 business days after this one: follow-up 1 of 2."
    )
    assert follow_up.key == "1:follow_up:1:interview:2026-11-24"  # the same action, moved
    move_on = only_of(timelines, now, MOVE_ON)
    assert move_on.due == ny(12, 11)
    assert move_on.reason == (
        "Silence since Tue 24 Nov, well past the expected window of 6 business days, learned "
        "from Acme's answers: it is probably time to move on with `watcher track close 1 "
        "--outcome ghosted`."
    )
    # The past processes, closed by their rejections, plan nothing but their graceful close
    # (long over): the plan is the current interview's.
    assert {a.interview_id for a in actions(timelines, now, settings=LEARN)} == {1}


def test_with_the_switch_off_the_article_decides_even_given_learned_windows() -> None:
    timelines = [timeline(), *history(4, 2, 6, 3, 5)]
    now = ny(11, 24, 16)
    learned = learned_from(timelines, now)
    assert learned.for_round(INTERVIEW) is not None
    off = plan(timelines, SETTINGS, now, learned)
    assert [(a.kind, a.due, a.reason) for a in off] == [
        (a.kind, a.due, a.reason) for a in plan(timelines, SETTINGS, now)
    ]
    follow_up = next(a for a in off if a.kind is FOLLOW_UP)
    assert follow_up.due == ny(12, 2)
    assert follow_up.reason == "No reply 5 business days after the interview: follow-up 1 of 2."


def test_four_answers_teach_nothing() -> None:
    timelines = [timeline(), *history(4, 2, 6, 3)]
    follow_up = only_of(timelines, ny(11, 24, 16), FOLLOW_UP)
    assert follow_up.due == ny(12, 2)
    assert follow_up.reason.startswith("No reply 5 business days after the interview")


def test_a_learned_window_never_comes_before_the_articles() -> None:
    """A median of 1 would follow up on day 3: the article's day 5 stays, and the reason says
    why; the move-on is the article's too."""
    timelines = [timeline(), *history(1, 1, 0, 1, 2)]
    now = ny(11, 24, 16)
    follow_up = only_of(timelines, now, FOLLOW_UP)
    assert (follow_up.due, follow_up.deadline) == (ny(12, 2), ny(12, 4))
    assert follow_up.reason == (
        "Acme answered you in a median of 1 business day over 5 interviews, and nothing came 5 "
        "business days after this one, the usual advice's shortest wait: follow-up 1 of 2."
    )
    move_on = only_of(timelines, now, MOVE_ON)
    assert move_on.due == ny(12, 9)
    assert "expected window of 5 business days: it is" in move_on.reason
    same_day = only_of([timeline(), *history(0, 0, 1, 0, 2)], now, FOLLOW_UP)
    assert same_day.reason.startswith(
        "Acme answered you in a median of less than a business day over 5 interviews, and"
    )


def test_a_learned_window_never_waits_past_twice_the_articles_longest() -> None:
    """A median of 20 would follow up on day 22: it waits twice follow_up_by, 14 business days
    (Tue 15 Dec), and the move-on twice that, 28 (past Christmas and New Year's Day: Wed 6 Jan)."""
    timelines = [timeline(), *history(20, 20, 25, 19, 30)]
    now = ny(11, 24, 16)
    follow_up = only_of(timelines, now, FOLLOW_UP)
    assert follow_up.due == ny(12, 15)
    assert follow_up.reason == (
        "Acme answered you in a median of 20 business days over 5 interviews, and nothing came "
        "14 business days after this one, twice the usual advice's longest wait: follow-up 1 of "
        "2."
    )
    assert only_of(timelines, now, MOVE_ON).due == ny(1, 6, year=2027)


@pytest.mark.parametrize(
    ("days", "due"),
    [
        (3, ny(12, 4)),  # day 5 < the panel's day 7 (5 + 2): Fri 4 Dec
        (6, ny(12, 7)),  # day 8: Mon 7 Dec
        (20, ny(12, 21)),  # day 22 > twice (7 + 2): day 18, Mon 21 Dec
    ],
)
def test_a_panels_bounds_count_its_extra_days(days: int, due: datetime) -> None:
    panel = replace(INTERVIEW, format=Format.PANEL)
    timelines = [timeline(interview=panel), *history(days, days, days, days, days)]
    assert only_of(timelines, ny(11, 24, 16), FOLLOW_UP).due == due


def test_the_timeline_they_gave_still_wins() -> None:
    timelines = [timeline(interview=STATED), *history(4, 2, 6, 3, 5)]
    follow_up = only_of(timelines, ny(11, 24, 16), FOLLOW_UP)
    assert follow_up.due == ny(12, 2)
    assert follow_up.reason.startswith("They said to expect news within 1 week of Tue 24 Nov")


def test_after_a_reply_that_restarts_the_silence_the_article_decides() -> None:
    timelines = [timeline(reply(ny(12, 2, 10), ReplyKind.UPDATE)), *history(4, 2, 6, 3, 5)]
    follow_up = only_of(timelines, ny(12, 2, 11), FOLLOW_UP)
    assert follow_up.due == ny(12, 9)  # 5 business days after Wed 2 Dec
    assert follow_up.reason.startswith("No reply 5 business days after their last reply")


def test_the_rounds_own_answer_is_not_learned_from() -> None:
    """Four past Acme answers and this interview's own, which comes on Mon 30 Nov: planned the
    day before it, the answer is not seen, and four teach nothing; once it came, the process
    is decided (a rejection) and the past four plus it are five for other Acme processes."""
    own = timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION))
    timelines = [own, *history(4, 2, 6, 3)]
    follow_up = only_of(timelines, ny(11, 27, 16), FOLLOW_UP)
    assert follow_up.due == ny(12, 2)
    assert follow_up.reason.startswith("No reply 5 business days after the interview")
    later = replace(INTERVIEW, id=2, at=ny(12, 1, 14))
    after = only_of([*timelines, timeline(interview=later)], ny(12, 1, 16), FOLLOW_UP)
    assert after.reason.startswith("Acme answered you in a median of 3 business days over 5")


def test_the_company_is_learned_before_the_relay_and_the_relay_before_the_format() -> None:
    """The interview's own mail came through Greenhouse (an acknowledgement): with five Acme
    answers the company's window applies; with four, Greenhouse's (other companies' answers
    through it count); without Greenhouse mail, the format's (every video interview)."""
    ack = reply(ny(11, 24, 17), ReplyKind.ACKNOWLEDGEMENT, ROBOT_MAIL)
    acme = history(1, 1, 1, 1, 1)
    greenhouse = [
        answered(20 + n, 4, company=f"Co{n}", sender=GREENHOUSE.format("Co")) for n in range(5)
    ]
    now = ny(11, 25, 9)
    assert only_of([timeline(ack), *acme, *greenhouse], now, FOLLOW_UP).reason.startswith(
        "Acme answered you in a median of 1 business day over 5 interviews"
    )
    follow_up = only_of([timeline(ack), *acme[:4], *greenhouse], now, FOLLOW_UP)
    assert follow_up.due == ny(12, 3)
    assert follow_up.reason == (
        "Greenhouse companies answered you in a median of 4 business days over 5 interviews, and "
        "nothing came 6 business days after this one: follow-up 1 of 2."
    )
    move_on = only_of([timeline(ack), *acme[:4], *greenhouse], now, MOVE_ON)
    assert "window of 6 business days, learned from the answers of Greenhouse companies:" in (
        move_on.reason
    )
    # No Greenhouse mail in this process: the nine video interviews (1, 1, 1, 1, 4, 4, 4, 4, 4).
    follow_up = only_of([timeline(), *acme[:4], *greenhouse], now, FOLLOW_UP)
    assert follow_up.due == ny(12, 3)
    assert follow_up.reason == (
        "Video interviews were answered in a median of 4 business days over 9 of yours, and "
        "nothing came 6 business days after this one: follow-up 1 of 2."
    )
    assert "learned from the answers to your video interviews:" in (
        only_of([timeline(), *acme[:4], *greenhouse], now, MOVE_ON).reason
    )


def test_the_second_follow_up_keeps_its_spacing() -> None:
    timelines = [
        timeline(sent(ny(12, 3, 10), FOLLOW_UP, "rita@acme.example")),
        *history(4, 2, 6, 3, 5),
    ]
    follow_up = only_of(timelines, ny(12, 3, 11), FOLLOW_UP)
    assert (follow_up.number, follow_up.due) == (2, ny(12, 10))
    assert follow_up.reason.startswith("No reply 5 business days after your follow-up on Thu 3")


# --- the reasons: one plain sentence each ---------------------------------------------------------

STATED = replace(INTERVIEW, expect=Span(1, Unit.WEEKS))
REASONS: dict[str, tuple[list[Timeline], datetime, PolicySettings, ActionKind, str]] = {
    # name: (timelines, now, settings, the kind whose reason is checked, a piece of it)
    "thank-you": (
        [timeline()],
        ny(11, 24, 16),
        SETTINGS,
        THANK_YOU,
        "Interview with Ann Lee on Tue 24 Nov 14:00: a thank-you within 24 hours, "
        "by Wed 25 Nov 14:00, shows you value their time.",
    ),
    "thank-you to the hiring team": (
        [timeline(interview=replace(INTERVIEW, interviewers=()))],
        ny(11, 24, 16),
        SETTINGS,
        THANK_YOU,
        "Interview with the hiring team on Tue 24 Nov 14:00",
    ),
    "thank-you of a round": (
        [timeline(interview=TWO_ROUNDS)],
        ny(12, 1, 12),
        SETTINGS,
        THANK_YOU,
        "Round 2 interview with Lee Okafor on Tue 1 Dec 10:00",
    ),
    "commitment": (
        [timeline(commitments=(REFERENCES,))],
        ny(11, 24, 16),
        SETTINGS,
        COMMITMENT,
        "You promised to send references by Fri 27 Nov 17:00.",
    ),
    "follow-up": (
        [timeline()],
        ny(11, 24, 16),
        SETTINGS,
        FOLLOW_UP,
        "No reply 5 business days after the interview: follow-up 1 of 2.",
    ),
    "follow-up after an update": (
        [timeline(reply(ny(12, 2, 10), ReplyKind.UPDATE))],
        ny(12, 2, 11),
        SETTINGS,
        FOLLOW_UP,
        "No reply 5 business days after their last reply: follow-up 1 of 2.",
    ),
    "follow-up after a panel": (
        [timeline(interview=replace(INTERVIEW, format=Format.PANEL))],
        ny(11, 24, 16),
        SETTINGS,
        FOLLOW_UP,
        "No reply 7 business days after the panel interview, as panel interviews take longer:",
    ),
    "follow-up after a multi-round panel, its extra in another unit": (
        [timeline(interview=replace(INTERVIEW, format=Format.MULTI_ROUND))],
        ny(11, 24, 16),
        replace(SETTINGS, follow_up_after=Span(1, Unit.WEEKS)),
        FOLLOW_UP,
        "No reply 1 week and 2 business days after the multi-round interview",
    ),
    "follow-up after a stated span": (
        [timeline(interview=STATED)],
        ny(11, 24, 16),
        SETTINGS,
        FOLLOW_UP,
        "They said to expect news within 1 week of Tue 24 Nov, by Tue 1 Dec, and nothing "
        "came: follow-up 1 of 2.",
    ),
    "follow-up after a stated date": (
        [timeline(interview=replace(INTERVIEW, expect=date(2026, 12, 4)))],
        ny(11, 24, 16),
        SETTINGS,
        FOLLOW_UP,
        "They said to expect news by Fri 4 Dec: follow-up 1 of 2.",
    ),
    "follow-up after a reply naming a date": (
        [timeline(reply(ny(12, 2, 10), ReplyKind.UPDATE, until=date(2026, 12, 11)))],
        ny(12, 2, 11),
        SETTINGS,
        FOLLOW_UP,
        "Their last reply said to expect news by Fri 11 Dec",
    ),
    "second follow-up": (
        [timeline(sent(ny(12, 4, 10), FOLLOW_UP, "rita@acme.example"), interview=STATED)],
        ny(12, 4, 11),
        SETTINGS,
        FOLLOW_UP,
        "No reply 5 business days after your follow-up on Fri 4 Dec: follow-up 2 of 2.",
    ),
    "move on": (
        [timeline()],
        ny(12, 10),
        SETTINGS,
        MOVE_ON,
        "Silence since Tue 24 Nov, well past the expected window of 5 business days: it is "
        "probably time to move on with `watcher track close 1 --outcome ghosted`.",
    ),
    "follow-up in a window learned from the company": (
        [timeline(), *history(4, 2, 6, 3, 5)],
        ny(11, 24, 16),
        LEARN,
        FOLLOW_UP,
        "Acme answered you in a median of 4 business days over 5 interviews, and nothing came 6",
    ),
    "follow-up in a window learned from the relay": (
        [
            timeline(reply(ny(11, 24, 17), ReplyKind.ACKNOWLEDGEMENT, ROBOT_MAIL)),
            *[
                answered(20 + n, 4, company=f"Co{n}", sender=GREENHOUSE.format("Co"))
                for n in range(5)
            ],
        ],
        ny(11, 25, 9),
        LEARN,
        FOLLOW_UP,
        "Greenhouse companies answered you in a median of 4 business days over 5 interviews",
    ),
    "follow-up in a window learned from the format": (
        [
            timeline(interview=replace(INTERVIEW, format=Format.MULTI_ROUND)),
            *[answered(20 + n, 8, format=Format.MULTI_ROUND, company=f"Co{n}") for n in range(5)],
        ],
        ny(11, 24, 16),
        LEARN,
        FOLLOW_UP,
        "Multi-round interviews were answered in a median of 8 business days over 5 of yours",
    ),
    "follow-up in a learned window shorter than the article's": (
        [timeline(), *history(1, 1, 0, 1, 2)],
        ny(11, 24, 16),
        LEARN,
        FOLLOW_UP,
        "5 business days after this one, the usual advice's shortest wait: follow-up 1 of 2.",
    ),
    "follow-up in a learned window longer than twice the article's": (
        [timeline(interview=replace(INTERVIEW, format=Format.PANEL)), *history(30, 30, 30, 30, 30)],
        ny(11, 24, 16),
        LEARN,
        FOLLOW_UP,
        "18 business days after this one, twice the usual advice's longest wait: follow-up 1 of 2.",
    ),
    "move on after a learned window": (
        [timeline(), *history(4, 2, 6, 3, 5)],
        ny(12, 10),
        LEARN,
        MOVE_ON,
        "the expected window of 6 business days, learned from Acme's answers: it is probably",
    ),
    "graceful close": (
        [timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION))],
        ny(11, 30, 11),
        SETTINGS,
        GRACEFUL_CLOSE,
        "Acme said no on Mon 30 Nov: a gracious thank-you keeps the door open for future roles.",
    ),
    "check-in": (
        [timeline(reply(ny(11, 30, 10), ReplyKind.REJECTION))],
        ny(11, 30, 11),
        CHECK_IN_SETTINGS,
        CHECK_IN,
        "Keep in touch: 3 months since the process closed on Mon 30 Nov.",
    ),
    "another check-in": (
        [
            timeline(
                reply(ny(11, 30, 10), ReplyKind.REJECTION), sent(ny(3, 1, 10, year=2027), CHECK_IN)
            )
        ],
        ny(3, 2, year=2027),
        CHECK_IN_SETTINGS,
        CHECK_IN,
        "Keep in touch: 3 months since your last check-in on Mon 1 Mar.",
    ),
    "expedite": (
        _open_processes(),
        ny(12, 1, 12),
        SETTINGS,
        EXPEDITE,
        "Globex made an offer on Tue 1 Dec: tell Acme and ask about their timeline.",
    ),
}


def parentheses_ok(text: str) -> bool:
    """Whether ``text`` holds at most one pair of parentheses, not nested, each closed."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth not in (0, 1):
            return False
    return depth == 0 and text.count("(") <= 1


def test_every_kind_of_action_has_a_reason_case() -> None:
    assert {case[3] for case in REASONS.values()} == set(ActionKind)


@pytest.mark.parametrize("name", list(REASONS))
def test_every_reason_is_one_plain_sentence(name: str) -> None:
    """Each reason reads as one sentence: a capital, one full stop at its end, no nested
    parentheses (the CLI and the notifications print it as it is)."""
    timelines, now, settings, kind, piece = REASONS[name]
    result = actions(timelines, now, settings=settings)
    assert piece in next(a.reason for a in result if a.kind is kind)
    for action in result:  # and every other reason the same plan gives
        reason = action.reason
        assert reason[0].isupper(), reason
        assert reason.endswith(".") and ". " not in reason, reason
        assert "  " not in reason and "\n" not in reason, reason
        assert parentheses_ok(reason), reason


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Plain.", True),
        ("One (pair).", True),
        ("Nested (a (b)).", False),
        ("Two (a) and (b).", False),
        ("Open (a.", False),
        ("Close) (a.", False),
    ],
)
def test_the_parentheses_rule(text: str, ok: bool) -> None:
    assert parentheses_ok(text) is ok
