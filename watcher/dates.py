"""Date arithmetic: business days and months.

Pure and standard library only: nothing here reads the clock. The policy counts its business
days with the configured working week and holidays (``watcher.policy``); dates named in mail
count theirs with Monday to Friday and no holidays (``watcher.named_dates``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from datetime import date, timedelta

_SEARCH_LIMIT = 3700
"""Days searched for a business day before giving up (ten years: a calendar with none is broken)."""
_ONE_DAY = timedelta(days=1)


class BusinessCalendar:
    """Working days: ``workdays`` (0 = Monday) minus ``holidays`` (any container of dates).

    Raise ValueError if ``workdays`` is empty.
    """

    def __init__(self, workdays: Iterable[int], holidays: Container[date]) -> None:
        self.workdays = frozenset(workdays)
        self.holidays = holidays
        # An empty container (a falsy one) is never asked: the policy asks thousands of days.
        self._asked: Container[date] | None = holidays if holidays else None
        if not self.workdays:
            raise ValueError("a business calendar needs at least one working day")

    def is_business_day(self, day: date) -> bool:
        """Return whether ``day`` is a working day that is no holiday."""
        return day.weekday() in self.workdays and (self._asked is None or day not in self._asked)

    def on_or_after(self, day: date) -> date:
        """Given a date, return it if it is a business day, else the next business day.

        Raise ValueError if none comes within ten years (every day a holiday).
        """
        return self.add(day, 0)

    def add(self, day: date, count: int) -> date:
        """Given a date and ``count`` >= 0, return the ``count``-th business day after it.

        ``add(day, 0)`` is ``day`` itself when it is a business day, else the next one. Raise
        ValueError if ``count`` is negative or no business day comes within ten years.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        workdays, holidays = self.workdays, self._asked
        current, searched = day, 0
        if count:  # the days after ``day``; with 0, ``day`` itself first
            current += _ONE_DAY
        while True:
            if current.weekday() in workdays and (holidays is None or current not in holidays):
                if count <= 1:
                    return current
                count, searched = count - 1, 0
            else:
                searched += 1
                if searched >= _SEARCH_LIMIT:
                    since = current - (searched - 1) * _ONE_DAY
                    raise ValueError(
                        f"no business day within ten years of {since}: check workdays and holidays"
                    )
            current += _ONE_DAY

    def between(self, start: date, end: date) -> int:
        """Return the number of business days after ``start`` up to and including ``end``."""
        return sum(
            1
            for n in range(1, (end - start).days + 1)
            if self.is_business_day(start + timedelta(n))
        )


DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""The days' abbreviations, Monday first, as ``%a`` writes them (watcher sets no locale)."""
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""The months' abbreviations, as ``%b`` writes them."""


def short_day(day: date) -> str:
    """Return ``day`` as "Tue 24 Nov": ``f"{day:%a} {day.day} {day:%b}"`` without strftime,
    which takes seven times as long on an aware datetime (a table of 50 rows asks 150 times)."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def add_months(day: date, months: int) -> date:
    """Given a date and a number of months (negative counts back), return the same day of the
    month that many months later, clamped to the end of shorter months: January 31 + 1 month is
    February 28 (29 in a leap year).

    Raise ValueError if the result falls outside the years 1 to 9999.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def days_in_month(year: int, month: int) -> int:
    """Return the number of days of ``month`` (1 to 12) of ``year`` (``calendar.monthrange``'s
    second item, without importing :mod:`calendar` and :mod:`locale` at every start)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31
