"""Property tests of watcher.dates: BusinessCalendar and add_months.

Dates run from 2020 to 2035 with extra weight on late December (year ends) and on the days the
clocks change in America/New_York, Europe/Paris and Australia/Sydney (plus UTC, which has none).
Calendars use the US and French public holidays from the ``holidays`` package, random extra
holidays near the start date, and sometimes unusual working weeks. The policy's Clock is tested
on the same dates and calendars in tests/test_policy_calendar.py.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.dates import BusinessCalendar, add_months

ZONES = ("America/New_York", "Europe/Paris", "Australia/Sydney", "UTC")
FIRST, LAST = date(2020, 1, 1), date(2035, 12, 31)
MON_FRI = frozenset(range(5))

US = holidays.country_holidays("US", years=range(2019, 2040))
FR = holidays.country_holidays("FR", years=range(2019, 2040))

FAST = settings(max_examples=100, deadline=None, database=None)


def _transition_days(zone: str) -> tuple[date, ...]:
    """Return the local dates, 2020-2035, on which the zone's UTC offset changes."""
    tz = ZoneInfo(zone)
    days = []
    day = FIRST
    while day <= LAST:
        start = datetime.combine(day, time(0), tzinfo=tz).utcoffset()
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).utcoffset()
        if start != end:
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


TRANSITIONS = {zone: _transition_days(zone) for zone in ZONES}


def test_the_time_zones_have_their_dst_changes() -> None:
    """The DST strategies below really contain the 2026 changes (and UTC has none)."""
    assert date(2026, 3, 8) in TRANSITIONS["America/New_York"]
    assert date(2026, 11, 1) in TRANSITIONS["America/New_York"]
    assert date(2026, 3, 29) in TRANSITIONS["Europe/Paris"]
    assert date(2026, 10, 25) in TRANSITIONS["Europe/Paris"]
    assert date(2026, 4, 5) in TRANSITIONS["Australia/Sydney"]
    assert date(2026, 10, 4) in TRANSITIONS["Australia/Sydney"]
    assert TRANSITIONS["UTC"] == ()
    assert len(TRANSITIONS["Europe/Paris"]) == 32


@dataclass(frozen=True)
class Holidays:
    """Several holiday containers seen as one (a country calendar plus extra days off)."""

    parts: tuple[Container[date], ...]

    def __contains__(self, day: object) -> bool:
        return any(day in part for part in self.parts)


def is_business_day(workdays: frozenset[int], days_off: Container[date], day: date) -> bool:
    """The oracle: a business day is a working weekday that is no holiday."""
    return day.weekday() in workdays and day not in days_off


def business_days_in(
    workdays: frozenset[int], days_off: Container[date], after: date, upto: date
) -> list[date]:
    """The oracle's list of business days in (after, upto]."""
    span = (upto - after).days
    days = (after + timedelta(days=k) for k in range(1, span + 1))
    return [day for day in days if is_business_day(workdays, days_off, day)]


# --- strategies ----------------------------------------------------------------------------------

any_day = st.dates(FIRST, LAST)
late_december = st.builds(date, st.integers(2020, 2035), st.just(12), st.integers(18, 31))
all_transitions = sorted({day for days in TRANSITIONS.values() for day in days})
near_transition = st.builds(
    lambda day, shift: day + timedelta(days=shift),
    st.sampled_from(all_transitions),
    st.integers(-3, 3),
)
days = st.one_of(any_day, late_december, near_transition)


def days_near_transitions_of(zone: str) -> st.SearchStrategy[date]:
    if not TRANSITIONS[zone]:
        return st.one_of(any_day, late_december)
    return st.one_of(
        any_day,
        late_december,
        st.builds(
            lambda day, shift: day + timedelta(days=shift),
            st.sampled_from(TRANSITIONS[zone]),
            st.integers(-2, 2),
        ),
    )


@dataclass(frozen=True)
class Scenario:
    """A start date and a calendar, with the oracle's view of the same calendar."""

    day: date
    workdays: frozenset[int]
    days_off: Holidays

    @property
    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(self.workdays, self.days_off)

    def is_business_day(self, day: date) -> bool:
        return is_business_day(self.workdays, self.days_off, day)

    def business_days_in(self, after: date, upto: date) -> list[date]:
        return business_days_in(self.workdays, self.days_off, after, upto)


@st.composite
def scenarios(draw: st.DrawFn, day_strategy: st.SearchStrategy[date] = days) -> Scenario:
    day = draw(day_strategy)
    workdays = draw(
        st.one_of(
            st.just(MON_FRI),
            st.just(frozenset({6, 0, 1, 2, 3})),  # Sunday to Thursday
            st.frozensets(st.integers(0, 6), min_size=1),
        )
    )
    country = draw(st.sampled_from([(), (US,), (FR,), (US, FR)]))
    extra = draw(st.frozensets(st.integers(-5, 80), max_size=25))
    days_off = Holidays((*country, frozenset(day + timedelta(days=k) for k in extra)))
    return Scenario(day, workdays, days_off)


counts = st.integers(1, 40)


# --- BusinessCalendar: hand-checked examples ---------------------------------------------------


def test_thanksgiving_week_us() -> None:
    """Tue 24 Nov 2026 + 5 business days: Wed 25, (Thu 26 Thanksgiving), Fri 27, Mon 30, Tue 1,
    Wed 2 Dec."""
    cal = BusinessCalendar(MON_FRI, US)
    assert cal.add(date(2026, 11, 24), 1) == date(2026, 11, 25)
    assert cal.add(date(2026, 11, 24), 2) == date(2026, 11, 27)
    assert cal.add(date(2026, 11, 24), 5) == date(2026, 12, 2)
    assert cal.between(date(2026, 11, 24), date(2026, 12, 2)) == 5
    assert not cal.is_business_day(date(2026, 11, 26))


def test_christmas_in_france() -> None:
    """Thu 24 Dec 2026 + 1: Fri 25 is Christmas, then the weekend: Mon 28."""
    cal = BusinessCalendar(MON_FRI, FR)
    assert cal.add(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert cal.between(date(2026, 12, 24), date(2026, 12, 28)) == 1


def test_new_year_in_france() -> None:
    """Thu 31 Dec 2026 + 1: Fri 1 Jan 2027 is New Year's Day, then the weekend: Mon 4 Jan."""
    cal = BusinessCalendar(MON_FRI, FR)
    assert cal.add(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_year_end_with_observed_holidays_us() -> None:
    """2027: Christmas (Sat) is observed Fri 24 Dec, New Year 2028 (Sat) on Fri 31 Dec."""
    cal = BusinessCalendar(MON_FRI, US)
    assert cal.add(date(2027, 12, 23), 1) == date(2027, 12, 27)
    # Thu 30 Dec + 2: (Fri 31 observed, Sat 1 Jan, Sun 2) Mon 3 Jan, Tue 4 Jan 2028.
    assert cal.add(date(2027, 12, 30), 2) == date(2028, 1, 4)
    assert cal.between(date(2027, 12, 30), date(2028, 1, 4)) == 2
    assert cal.on_or_after(date(2027, 12, 31)) == date(2028, 1, 3)


def test_add_zero_is_the_day_itself_or_the_next_business_day() -> None:
    cal = BusinessCalendar(MON_FRI, US)
    assert cal.add(date(2026, 11, 24), 0) == date(2026, 11, 24)
    assert cal.add(date(2026, 11, 26), 0) == date(2026, 11, 27)  # Thanksgiving
    assert cal.add(date(2026, 11, 28), 0) == date(2026, 11, 30)  # Saturday


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        BusinessCalendar(MON_FRI, US).add(date(2026, 11, 24), -1)


def test_a_calendar_needs_a_working_day() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        BusinessCalendar([], frozenset())


class _EveryDay:
    def __contains__(self, day: object) -> bool:
        return True


def test_a_calendar_with_only_holidays_fails_loudly() -> None:
    cal = BusinessCalendar(MON_FRI, _EveryDay())
    with pytest.raises(ValueError, match="no business day within ten years"):
        cal.on_or_after(date(2026, 11, 24))
    with pytest.raises(ValueError, match="no business day"):
        cal.add(date(2026, 11, 24), 1)


# --- BusinessCalendar: properties ----------------------------------------------------------------


@FAST
@given(scenarios(), counts)
def test_add_lands_on_a_later_business_day(s: Scenario, n: int) -> None:
    result = s.calendar.add(s.day, n)
    assert s.is_business_day(result)
    assert s.calendar.is_business_day(result)
    assert result > s.day


@FAST
@given(scenarios(), counts)
def test_between_counts_what_add_added(s: Scenario, n: int) -> None:
    assert s.calendar.between(s.day, s.calendar.add(s.day, n)) == n


@FAST
@given(scenarios(), counts)
def test_add_skips_no_business_day(s: Scenario, n: int) -> None:
    """Every business day in (d, add(d, n)] is one of the n counted, the last is the result."""
    result = s.calendar.add(s.day, n)
    counted = s.business_days_in(s.day, result)
    assert len(counted) == n
    assert counted[-1] == result


@FAST
@given(scenarios(), counts)
def test_add_is_strictly_monotonic_in_the_count(s: Scenario, n: int) -> None:
    cal = s.calendar
    assert cal.add(s.day, n) < cal.add(s.day, n + 1)
    # From a day off, add(d, 0) already rolled forward to the first business day: add(d, 1).
    assert cal.add(s.day, 0) <= cal.add(s.day, 1)
    assert (cal.add(s.day, 0) == cal.add(s.day, 1)) == (not s.is_business_day(s.day))


@FAST
@given(scenarios(), st.integers(0, 20), st.integers(0, 40))
def test_add_is_monotonic_in_the_day(s: Scenario, later_by: int, n: int) -> None:
    later = s.day + timedelta(days=later_by)
    assert s.calendar.add(s.day, n) <= s.calendar.add(later, n)


@FAST
@given(scenarios(), st.integers(1, 25), st.integers(0, 25))
def test_add_composes(s: Scenario, a: int, b: int) -> None:
    cal = s.calendar
    assert cal.add(cal.add(s.day, a), b) == cal.add(s.day, a + b)


@FAST
@given(scenarios(), st.integers(0, 25))
def test_add_zero_rolls_forward_so_composition_needs_a_business_day(s: Scenario, b: int) -> None:
    """add(d, 0) is on_or_after(d); composing through it only holds from a business day."""
    cal = s.calendar
    assert cal.add(s.day, 0) == cal.on_or_after(s.day)
    composes = cal.add(cal.add(s.day, 0), b) == cal.add(s.day, b)
    assert composes == (s.is_business_day(s.day) or b == 0)


@FAST
@given(scenarios())
def test_on_or_after_is_the_first_business_day_and_idempotent(s: Scenario) -> None:
    cal = s.calendar
    result = cal.on_or_after(s.day)
    assert result >= s.day
    assert s.is_business_day(result)
    assert s.business_days_in(s.day - timedelta(days=1), result - timedelta(days=1)) == []
    assert cal.on_or_after(result) == result
    assert (result == s.day) == s.is_business_day(s.day)


@FAST
@given(scenarios(), st.integers(0, 90))
def test_between_matches_the_oracle(s: Scenario, length: int) -> None:
    end = s.day + timedelta(days=length)
    assert s.calendar.between(s.day, end) == len(s.business_days_in(s.day, end))
    if length:
        assert s.calendar.between(end, s.day) == 0


@FAST
@given(scenarios(), counts)
def test_country_calendars_match_the_holidays_package(s: Scenario, n: int) -> None:
    """The holidays package's own calendars work as the container, unwrapped."""
    for country in (US, FR):
        cal = BusinessCalendar(s.workdays, country)
        result = cal.add(s.day, n)
        assert len(business_days_in(s.workdays, country, s.day, result)) == n
        assert is_business_day(s.workdays, country, result)


# --- add_months ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 10, 31), 1, date(2026, 11, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2035, 12, 15), 1, date(2036, 1, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
    ],
)
def test_add_months_examples(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@FAST
@given(days, st.integers(-36, 240))
def test_add_months_moves_the_month_and_clamps_the_day(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    month_end = stdlib_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, month_end)


@FAST
@given(days)
def test_add_twelve_months_keeps_month_and_day_except_leap_day(day: date) -> None:
    result = add_months(day, 12)
    if (day.month, day.day) == (2, 29):
        assert result == date(day.year + 1, 2, 28)
    else:
        assert result == day.replace(year=day.year + 1)


@FAST
@given(days, st.integers(-36, 240))
def test_add_months_is_monotonic_and_reversible_for_early_days(day: date, months: int) -> None:
    assert add_months(day, months) < add_months(day, months + 1)
    assert add_months(day, 0) == day
    if day.day <= 28:
        assert add_months(add_months(day, months), -months) == day


def test_days_in_month_agrees_with_the_calendar_module() -> None:
    import calendar

    from watcher.dates import days_in_month

    for year in (1, 4, 100, 400, 1900, 2000, 2023, 2024, 2026, 2100, 9999):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_add_counts_business_days_as_a_day_by_day_walk_does() -> None:
    import random
    from datetime import date, timedelta

    from watcher.dates import BusinessCalendar

    def walk(calendar: BusinessCalendar, day: date, count: int) -> date:
        """Reference: the next business day from ``day`` (itself included), then ``count``
        more, one day at a time."""
        current = day
        while not calendar.is_business_day(current):
            current += timedelta(days=1)
        if count == 0:
            return current
        current, left = day, count
        while left:
            current += timedelta(days=1)
            if calendar.is_business_day(current):
                left -= 1
        return current

    chance = random.Random(20261207)  # fixed seed: the same cases every run
    start = date(2026, 1, 1)
    for _ in range(300):
        workdays = chance.sample(range(7), chance.randint(1, 7))
        holidays = {
            start + timedelta(days=chance.randint(0, 400)) for _ in range(chance.randint(0, 60))
        }
        calendar = BusinessCalendar(workdays, holidays)
        day = start + timedelta(days=chance.randint(0, 365))
        count = chance.randint(0, 40)
        assert calendar.add(day, count) == walk(calendar, day, count), (workdays, day, count)
        assert calendar.on_or_after(day) == walk(calendar, day, 0)


def test_the_names_of_days_and_months_are_strftimes() -> None:
    from datetime import UTC, datetime, timedelta

    from watcher.dates import short_day

    for offset in range(0, 800, 13):
        moment = datetime(2026, 1, 1, 9, 5, tzinfo=UTC) + timedelta(days=offset)
        assert short_day(moment) == f"{moment:%a} {moment.day} {moment:%b}"
        assert short_day(moment.date()) == f"{moment:%a} {moment.day} {moment:%b}"
