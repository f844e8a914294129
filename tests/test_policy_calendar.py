"""Property tests of the policy's view of time: Clock.

The dates, time zones and business calendars are those of tests/test_dates.py: dates from 2020
to 2035 weighted towards year ends and the days the clocks change, US and French holidays plus
random days off, and sometimes unusual working weeks.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.test_dates import (
    FAST,
    MON_FRI,
    US,
    ZONES,
    Scenario,
    all_transitions,
    days_near_transitions_of,
    scenarios,
)
from watcher.dates import BusinessCalendar, add_months
from watcher.policy import Clock
from watcher.spans import Span, Unit

UTC = ZoneInfo("UTC")


# --- Clock ---------------------------------------------------------------------------------------


def clock_for(zone: str, s: Scenario, start: time = time(9)) -> Clock:
    return Clock(ZoneInfo(zone), s.calendar, start)


def wall(moment: datetime, zone: str) -> datetime:
    """The naive wall-clock reading of an instant in the zone, computed via UTC."""
    return moment.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


@st.composite
def zoned(draw: st.DrawFn) -> tuple[str, Scenario]:
    zone = draw(st.sampled_from(ZONES))
    return zone, draw(scenarios(days_near_transitions_of(zone)))


morning_times = st.times(min_value=time(4), max_value=time(12, 59))
# No DST change happens in these zones between 04:00 and midnight, so these wall times all exist.
day_times = st.times(min_value=time(4), max_value=time(23, 59))


@FAST
@given(zoned(), morning_times)
def test_morning_is_workday_start_on_every_date(z: tuple[str, Scenario], start: time) -> None:
    zone, s = z
    clock = clock_for(zone, s, start)
    morning = clock.morning(s.day)
    assert wall(morning, zone) == datetime.combine(s.day, start)
    assert clock.local_date(morning) == s.day


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/New_York", date(2026, 3, 8)),
        ("America/New_York", date(2026, 11, 1)),
        ("Europe/Paris", date(2026, 3, 29)),
        ("Europe/Paris", date(2026, 10, 25)),
        ("Australia/Sydney", date(2026, 4, 5)),
        ("Australia/Sydney", date(2026, 10, 4)),
    ],
)
def test_morning_on_dst_change_days(zone: str, day: date) -> None:
    clock = Clock(ZoneInfo(zone), BusinessCalendar(range(7), frozenset()), time(9))
    before = clock.morning(day - timedelta(days=1))
    morning = clock.morning(day)
    assert wall(morning, zone) == datetime.combine(day, time(9))
    # 24 hours apart on the wall, 23 or 25 real hours apart.
    real = morning.astimezone(UTC) - before.astimezone(UTC)
    assert real in (timedelta(hours=23), timedelta(hours=25))


@FAST
@given(
    zoned(), day_times, st.integers(0, 400), st.sampled_from([Unit.DAYS, Unit.WEEKS]), st.booleans()
)
def test_after_days_and_weeks_keeps_the_wall_clock_time(
    z: tuple[str, Scenario], at: time, n: int, unit: Unit, given_in_utc: bool
) -> None:
    zone, s = z
    clock = clock_for(zone, s)
    start = datetime.combine(s.day, at, tzinfo=ZoneInfo(zone))
    if given_in_utc:
        start = start.astimezone(UTC)
    result = clock.after(start, Span(n, unit))
    step = timedelta(days=n) if unit is Unit.DAYS else timedelta(weeks=n)
    assert wall(result, zone) == datetime.combine(s.day, at) + step


@FAST
@given(zoned(), day_times, st.integers(0, 2000), st.sampled_from([Unit.HOURS, Unit.MINUTES]))
def test_after_hours_is_an_exact_duration_from_a_utc_start(
    z: tuple[str, Scenario], at: time, n: int, unit: Unit
) -> None:
    zone, s = z
    start = datetime.combine(s.day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    result = clock_for(zone, s).after(start, Span(n, unit))
    step = timedelta(hours=n) if unit is Unit.HOURS else timedelta(minutes=n)
    assert result.astimezone(UTC) - start == step


@FAST
@given(
    st.sampled_from(ZONES),
    st.sampled_from(all_transitions),
    day_times,
    st.integers(0, 72),
    st.sampled_from([Unit.HOURS, Unit.MINUTES]),
)
@example("America/New_York", date(2026, 10, 31), time(14), 24, Unit.HOURS)
@example("Europe/Paris", date(2026, 3, 28), time(10), 24, Unit.HOURS)
@example("Australia/Sydney", date(2026, 10, 3), time(23, 30), 180, Unit.MINUTES)
def test_after_hours_is_an_exact_duration_from_a_zoned_start(
    zone: str, day: date, at: time, n: int, unit: Unit
) -> None:
    """The docstring: "Minutes and hours are exact durations", even across a DST change (aware
    arithmetic within one zone would be wall-clock arithmetic)."""
    clock = Clock(ZoneInfo(zone), BusinessCalendar(MON_FRI, frozenset()), time(9))
    start = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    result = clock.after(start, Span(n, unit))
    step = timedelta(hours=n) if unit is Unit.HOURS else timedelta(minutes=n)
    assert result.astimezone(UTC) - start.astimezone(UTC) == step
    assert result.utcoffset() == result.astimezone(UTC).astimezone(ZoneInfo(zone)).utcoffset()


@pytest.mark.parametrize(
    ("zone", "start", "expected"),
    [
        # New York falls back on Sun 1 Nov 2026: 24 hours after Sat 14:00 EDT is 13:00 EST.
        ("America/New_York", (date(2026, 10, 31), time(14)), (date(2026, 11, 1), time(13))),
        # New York springs forward on Sun 8 Mar 2026: 24 hours after Sat 14:00 EST is 15:00 EDT.
        ("America/New_York", (date(2026, 3, 7), time(14)), (date(2026, 3, 8), time(15))),
        # Paris springs forward on Sun 29 Mar 2026.
        ("Europe/Paris", (date(2026, 3, 28), time(10)), (date(2026, 3, 29), time(11))),
        # Sydney falls back on Sun 5 Apr 2026.
        ("Australia/Sydney", (date(2026, 4, 4), time(10)), (date(2026, 4, 5), time(9))),
    ],
)
def test_exact_24_hours_across_dst_examples(
    zone: str, start: tuple[date, time], expected: tuple[date, time]
) -> None:
    tz = ZoneInfo(zone)
    clock = Clock(tz, BusinessCalendar(MON_FRI, frozenset()), time(9))
    moment = datetime.combine(*start, tzinfo=tz)
    result = clock.after(moment, Span(24, Unit.HOURS))
    assert wall(result, zone) == datetime.combine(*expected)
    assert clock.exact(moment, timedelta(hours=24)) == result


@FAST
@given(zoned(), day_times, st.integers(0, 10_000), st.sampled_from([UTC, ZoneInfo("Asia/Tokyo")]))
def test_exact_is_real_time_in_the_configured_zone(
    z: tuple[str, Scenario], at: time, minutes: int, written_in: ZoneInfo
) -> None:
    zone, s = z
    clock = clock_for(zone, s)
    start = datetime.combine(s.day, at, tzinfo=ZoneInfo(zone)).astimezone(written_in)
    result = clock.exact(start, timedelta(minutes=minutes))
    assert result.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=minutes)
    assert result.tzinfo is ZoneInfo(zone)


@FAST
@given(zoned(), day_times, st.integers(0, 30), morning_times, st.booleans())
def test_after_business_days_lands_on_a_business_morning(
    z: tuple[str, Scenario], at: time, n: int, start_of_day: time, given_in_utc: bool
) -> None:
    zone, s = z
    clock = clock_for(zone, s, start_of_day)
    start = datetime.combine(s.day, at, tzinfo=ZoneInfo(zone))
    if given_in_utc:
        start = start.astimezone(UTC)
    result = wall(clock.after(start, Span(n, Unit.BUSINESS_DAYS)), zone)
    assert result.time() == start_of_day
    assert s.is_business_day(result.date())
    assert result.date() == s.calendar.add(s.day, n)
    if n:
        assert result.date() > s.day
        assert s.calendar.between(s.day, result.date()) == n


@FAST
@given(zoned(), day_times, st.integers(0, 36))
def test_after_months_lands_on_a_business_morning(
    z: tuple[str, Scenario], at: time, n: int
) -> None:
    zone, s = z
    clock = clock_for(zone, s)
    start = datetime.combine(s.day, at, tzinfo=ZoneInfo(zone))
    result = wall(clock.after(start, Span(n, Unit.MONTHS)), zone)
    assert result.time() == time(9)
    assert result.date() == s.calendar.on_or_after(add_months(s.day, n))
    assert s.is_business_day(result.date())


@FAST
@given(zoned(), day_times)
def test_business_mornings(z: tuple[str, Scenario], at: time) -> None:
    zone, s = z
    clock = clock_for(zone, s)
    moment = datetime.combine(s.day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    next_morning = wall(clock.next_business_morning(moment), zone)
    after = wall(clock.first_business_morning_after(moment), zone)
    first = s.calendar.on_or_after(s.day)
    expected_day = first if first > s.day or at <= time(9) else s.calendar.add(s.day, 1)
    assert next_morning == datetime.combine(expected_day, time(9))
    assert clock.next_business_morning(moment) >= moment
    assert after == datetime.combine(s.calendar.add(s.day, 1), time(9))
    assert after.date() > s.day
    assert s.business_days_in(s.day, after.date() - timedelta(days=1)) == []


def test_local_date_uses_the_configured_zone() -> None:
    """23:30 in New York on Tue 24 Nov 2026 is already Wednesday in UTC."""
    clock = Clock(ZoneInfo("America/New_York"), BusinessCalendar(MON_FRI, US), time(9))
    moment = datetime(2026, 11, 25, 4, 30, tzinfo=UTC)
    assert clock.local_date(moment) == date(2026, 11, 24)
    assert clock.first_business_morning_after(moment) == datetime(
        2026, 11, 25, 9, tzinfo=ZoneInfo("America/New_York")
    )
