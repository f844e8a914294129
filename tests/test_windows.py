"""watcher.windows: the follow-up windows learned from the user's history (#12), on synthetic
timelines (the plans made with them are in tests/test_policy.py).

The interview of tests/test_policy.py is Acme's, Tue 24 Nov 2026 14:00 in New York, the week of
Thanksgiving (Thu 26 Nov): business days Wed 25 (1), Fri 27 (2), Mon 30 (3), Tue 1 Dec (4).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.test_policy import (
    AT,
    CALENDAR,
    GREENHOUSE,
    INTERVIEW,
    NY,
    RELAY_OF,
    ROBOT_MAIL,
    US,
    UTC,
    answered,
    history,
    ny,
    reply,
    timeline,
)
from watcher.dates import BusinessCalendar
from watcher.models import Format, Interview, ReplyKind, Round, Timeline
from watcher.record import replace
from watcher.windows import (
    MIN_ANSWERED,
    Basis,
    Learned,
    LearnedWindows,
    company_key,
    learn,
    median_days,
)

NEXT_ACME = replace(INTERVIEW, id=2, at=ny(12, 1, 14))
"""Another Acme process, after the first: what the history is asked about."""


def learned(timelines: list[Timeline], now: datetime | None = None) -> LearnedWindows:
    """The windows ``timelines`` teach at ``now`` (by default Sun 20 Dec 2026), with the US
    calendar of tests/test_policy.py and the real relays."""
    return learn(timelines, ny(12, 20) if now is None else now, CALENDAR, NY, RELAY_OF)


@pytest.mark.parametrize(
    ("answer", "days"),
    [
        (ny(11, 24, 16), 0),  # the same day
        (ny(11, 25, 9), 1),
        (ny(11, 27, 10), 2),  # Thanksgiving skipped
        (ny(11, 28, 10), 2),  # a Saturday: still day 2
        (ny(11, 30, 10), 3),
        (ny(11, 30, 23, 30), 3),  # Tuesday in UTC, Monday in New York: counted in New York
        (ny(12, 1, 8), 4),
    ],
)
def test_the_business_days_to_an_answer_skip_weekends_and_holidays(
    answer: datetime, days: int
) -> None:
    # Stored as the mail was dated: here in UTC, where 23:30 in New York is the next day.
    found = learned([timeline(reply(answer.astimezone(UTC), ReplyKind.UPDATE))])
    assert [(a.interview_id, a.round_at, a.days) for a in found.answered] == [(1, AT, days)]


def test_without_holidays_thanksgiving_counts() -> None:
    tl = timeline(reply(ny(11, 30, 10), ReplyKind.UPDATE))
    plain = learn([tl], ny(12, 20), BusinessCalendar(range(5), frozenset()), NY)
    assert [a.days for a in plain.answered] == [4]
    with_us = learn([tl], ny(12, 20), BusinessCalendar(range(5), US), NY)
    assert [a.days for a in with_us.answered] == [3]


def test_the_median_of_an_even_count_is_the_higher_middle() -> None:
    assert median_days([4]) == 4
    assert median_days([5, 1, 3]) == 3
    assert median_days([1, 4, 2, 3]) == 3  # 2.5 would follow up sooner than any middle wait
    window = learned(history(1, 1, 2, 3, 4, 4)).for_round(NEXT_ACME)
    assert window == Learned(Basis.COMPANY, "Acme", 3, 6)
    assert window.follow_up_day == 5


def test_five_answered_rounds_are_needed() -> None:
    assert MIN_ANSWERED == 5
    assert learned(history(2, 2, 2, 2)).for_round(NEXT_ACME) is None
    assert learned(history(2, 2, 2, 2, 2)).for_round(NEXT_ACME) == Learned(
        Basis.COMPANY, "Acme", 2, 5
    )


def test_rounds_without_an_answer_do_not_count() -> None:
    """Silence, an acknowledgement or an automatic reply is no answer: four answered rounds and
    three that were not teach nothing."""

    def past(interview_id: int) -> Interview:
        return replace(INTERVIEW, id=interview_id, at=ny(10, 5, 10))

    quiet = [
        Timeline(past(30), ()),
        Timeline(past(31), (reply(ny(10, 6), ReplyKind.ACKNOWLEDGEMENT, interview_id=31),)),
        Timeline(past(32), (reply(ny(10, 6), ReplyKind.AUTO_REPLY, interview_id=32),)),
    ]
    found = learned([*history(2, 2, 2, 2), *quiet])
    assert len(found.answered) == 4
    assert found.for_round(NEXT_ACME) is None


def test_a_rounds_own_answer_is_never_counted_for_it() -> None:
    """Acme's interview of 24 Nov was answered (day 3) and four other Acme rounds were: asked
    about that interview, the history has four other answers and says nothing; asked about a
    later Acme interview, it has five."""
    answered_here = timeline(reply(ny(11, 30, 10), ReplyKind.UPDATE))
    found = learned([answered_here, *history(2, 4, 6, 8)])
    assert found.for_round(INTERVIEW) is None
    assert found.for_round(NEXT_ACME) == Learned(Basis.COMPANY, "Acme", 4, 5)


def test_the_earlier_rounds_of_the_same_process_count() -> None:
    """A process of six rounds, each answered two business days later (a next step): its
    latest round learns from the five before it, and not from its own answer."""
    mondays = [ny(9, 14, 10), ny(9, 21, 10), ny(9, 28, 10), ny(10, 5, 10), ny(10, 19, 10)]
    latest = ny(10, 26, 10)
    process = INTERVIEW.with_rounds((*(Round(at) for at in mondays), Round(latest)))
    events = tuple(
        reply(ny(at.month, at.day + 2, 12), ReplyKind.NEXT_STEP) for at in [*mondays, latest]
    )
    found = learned([Timeline(process, events)], ny(10, 29))
    assert len(found.answered) == 6
    assert found.for_round(process) == Learned(Basis.COMPANY, "Acme", 2, 5)


def test_nothing_after_now_is_learned() -> None:
    timelines = history(2, 2, 2, 2, 2)
    fifth = timelines[-1].events[0].at  # the fifth answer
    assert learned(timelines, fifth).for_round(NEXT_ACME) is not None
    assert learned(timelines, fifth - timedelta(minutes=1)).for_round(NEXT_ACME) is None


def test_company_names_are_compared_folded() -> None:
    assert company_key("ACME  Corp") == company_key("acme corp") == "acme corp"
    assert company_key("Société Générale") == company_key("SOCIETE-GENERALE")
    assert company_key("Acme") != company_key("Acme Corp")
    mixed = [
        answered(10 + n, 3, company=name)
        for n, name in enumerate(["ACME", "acme", " Acme ", "Acme", "acmE"])
    ]
    assert learned(mixed).for_round(NEXT_ACME) == Learned(Basis.COMPANY, "Acme", 3, 5)
    other = replace(NEXT_ACME, company="Acme Corp", format=Format.PHONE)
    assert learned(mixed).for_round(other) is None


def test_the_company_then_the_relay_then_the_format() -> None:
    """Acme's own five answers win; with four, the five Greenhouse answers of other companies
    (the process's relay, named from its acknowledgement); then the video interviews."""
    ack = reply(ny(12, 1, 17), ReplyKind.ACKNOWLEDGEMENT, ROBOT_MAIL, interview_id=2)
    greenhouse = [
        answered(20 + n, 7, company=f"Co{n}", sender=GREENHOUSE.format(f"Co{n}")) for n in range(5)
    ]
    through = Timeline(NEXT_ACME, (ack,))
    found = learned([through, *history(1, 1, 1, 1, 1), *greenhouse])
    assert found.relays == {2: "Greenhouse", **{20 + n: "Greenhouse" for n in range(5)}}
    assert found.for_round(NEXT_ACME) == Learned(Basis.COMPANY, "Acme", 1, 5)
    found = learned([through, *history(1, 1, 1, 1), *greenhouse])
    assert found.for_round(NEXT_ACME) == Learned(Basis.RELAY, "Greenhouse", 7, 5)
    found = learned([Timeline(NEXT_ACME, ()), *history(1, 1, 1, 1), *greenhouse])
    assert found.for_round(NEXT_ACME) == Learned(Basis.FORMAT, "video", 7, 9)
    phone = replace(NEXT_ACME, format=Format.PHONE)
    assert found.for_round(phone) is None


def test_a_rounds_format_is_its_own() -> None:
    """A process's rounds count under their own formats: a panel round among phone rounds."""
    rounds = [Round(ny(9, 14, 10) + timedelta(weeks=n), Format.PANEL) for n in range(5)]
    process = Interview(40, "Globex", "Engineer", ny(10, 26, 10), format=Format.PHONE)
    process = process.with_rounds((*rounds, Round(ny(10, 26, 10), Format.PHONE)))
    events = tuple(
        reply(r.at + timedelta(days=1), ReplyKind.NEXT_STEP, interview_id=40) for r in rounds
    )
    found = learned([Timeline(process, events)], ny(10, 27))
    panel = replace(NEXT_ACME, format=Format.PANEL)
    assert found.for_round(panel) == Learned(Basis.FORMAT, "panel", 1, 5)
    assert found.for_round(replace(NEXT_ACME, format=Format.PHONE)) is None
