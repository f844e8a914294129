"""Spans of time as written in the config and on the command line."""

from __future__ import annotations

from datetime import timedelta

import pytest

from watcher.spans import Span, Unit, parse_span


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("24 hours", Span(24, Unit.HOURS)),
        ("5 business days", Span(5, Unit.BUSINESS_DAYS)),
        ("1 week", Span(1, Unit.WEEKS)),
        ("10 Working  Days", Span(10, Unit.BUSINESS_DAYS)),
        ("3 months", Span(3, Unit.MONTHS)),
        ("2h", Span(2, Unit.HOURS)),
        ("0 days", Span(0, Unit.DAYS)),
    ],
)
def test_forms_people_write(text: str, span: Span) -> None:
    assert parse_span(text) == span


def test_text_and_fixed_duration() -> None:
    assert str(Span(1, Unit.BUSINESS_DAYS)) == "1 business day"
    assert str(Span(2, Unit.WEEKS)) == "2 weeks"
    assert Span(2, Unit.WEEKS).fixed == timedelta(days=14)
    assert Span(5, Unit.BUSINESS_DAYS).fixed is None
    assert Span(1, Unit.MONTHS).fixed is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "not a span of time"),
        ("-1 day", "not a span of time"),
        ("3 fortnights", "unknown unit 'fortnights'"),
        ("99999 months", "longer than ten years"),
        ("121 months", "longer than ten years"),
        ("3661 days", "longer than ten years"),
    ],
)
def test_what_is_refused_and_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_span(text)


def test_ten_years_is_the_longest() -> None:
    assert parse_span("120 months") == Span(120, Unit.MONTHS)
    assert parse_span("3660 days") == Span(3660, Unit.DAYS)
