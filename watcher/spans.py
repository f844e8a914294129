"""Spans of time as people write them: "24 hours", "5 business days", "2 weeks", "3 months".

A :class:`Span` is a number and a unit. Calendar units (minutes to weeks) map to a fixed
``timedelta``; business days and months need a calendar and are resolved by the policy.
"""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum

from watcher.record import record


class Unit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business days"
    WEEKS = "weeks"
    MONTHS = "months"


_UNIT_WORDS: dict[str, Unit] = {
    "minute": Unit.MINUTES,
    "minutes": Unit.MINUTES,
    "min": Unit.MINUTES,
    "mins": Unit.MINUTES,
    "hour": Unit.HOURS,
    "hours": Unit.HOURS,
    "h": Unit.HOURS,
    "hr": Unit.HOURS,
    "hrs": Unit.HOURS,
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "d": Unit.DAYS,
    "business day": Unit.BUSINESS_DAYS,
    "business days": Unit.BUSINESS_DAYS,
    "working day": Unit.BUSINESS_DAYS,
    "working days": Unit.BUSINESS_DAYS,
    "workday": Unit.BUSINESS_DAYS,
    "workdays": Unit.BUSINESS_DAYS,
    "week": Unit.WEEKS,
    "weeks": Unit.WEEKS,
    "w": Unit.WEEKS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
}

_SPAN_RE = re.compile(r"^\s*(\d{1,5})\s*([a-z][a-z ]*?)\s*$")

_FIXED: dict[Unit, timedelta] = {
    Unit.MINUTES: timedelta(minutes=1),
    Unit.HOURS: timedelta(hours=1),
    Unit.DAYS: timedelta(days=1),
    Unit.WEEKS: timedelta(weeks=1),
}

_LIMITS: dict[Unit, int] = {
    Unit.MINUTES: 10 * 366 * 24 * 60,
    Unit.HOURS: 10 * 366 * 24,
    Unit.DAYS: 10 * 366,
    Unit.BUSINESS_DAYS: 10 * 261,
    Unit.WEEKS: 10 * 53,
    Unit.MONTHS: 10 * 12,
}
"""The longest span of each unit: ten years (no job search waits longer)."""

SPAN_HELP = 'a number and a unit, such as "24 hours", "5 business days", "2 weeks" or "3 months"'


@record
class Span:
    """A number of units; ``amount`` is never negative."""

    amount: int
    unit: Unit

    def __str__(self) -> str:
        unit = str(self.unit)
        if self.amount == 1:
            unit = unit.removesuffix("s")
        return f"{self.amount} {unit}"

    @property
    def fixed(self) -> timedelta | None:
        """Return the span as a timedelta, or None for business days and months."""
        step = _FIXED.get(self.unit)
        return None if step is None else step * self.amount


def parse_span(text: str) -> Span:
    """Given text such as "5 business days", return the Span.

    Raise ValueError, with a message that shows the expected form, if the text is not a span.
    """
    match = _SPAN_RE.match(text.lower())
    if match is None:
        raise ValueError(f"{text!r} is not a span of time: write {SPAN_HELP}")
    amount, word = int(match.group(1)), " ".join(match.group(2).split())
    unit = _UNIT_WORDS.get(word)
    if unit is None:
        raise ValueError(
            f"{text!r} has an unknown unit {word!r}: use minutes, hours, days, business days, "
            "weeks or months"
        )
    if amount > _LIMITS[unit]:
        raise ValueError(f"{text!r} is longer than ten years: write a shorter span")
    return Span(amount, unit)
