"""The parsers of values given on the command line: ports, ids, moments, days, people, domains,
the interviewer's timeline.

Each one either returns the value or raises (argparse's ArgumentTypeError for the ``type=`` of an
argument, UsageError naming the flag and the fix otherwise); none of them reads the clock.
"""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, time

from watcher.errors import UsageError
from watcher.models import Person, PersonRole
from watcher.spans import SPAN_HELP, Span, parse_span

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from watcher.settings import Config

YEARS = (1970, 2200)
END_OF_DAY = time(17, 0)
"""A date given alone for a deadline (``--by 2026-11-27``) means the end of that working day."""


def port_number(text: str) -> int:
    """A port argument: 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: ports are 0 to 65535")
    return value


def record_id(text: str) -> int:
    """An ID argument (an interview, a commitment): a positive number that SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a number)") from None
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id: ids are numbers from 1")
    return value


INTERVIEW_ID_HELP = "the interview's number (see `watcher track list`)"
SUGGESTION_ID_HELP = "the number of an interview found in mail (see `watcher track suggested`)"


def suggestion_id(text: str) -> int:
    """An ID argument naming an interview found in mail (`track accept`, `track ignore`): what
    :func:`record_id` takes; a type of its own, so that shell completion offers suggestions."""
    return record_id(text)


def parse_moment(
    text: str, flag: str, config: Config, *, date_time: time | None = None, what: str = ""
) -> datetime:
    """Given ISO 8601 text, return an aware datetime (no offset: the configured time zone).

    A date alone is allowed only when ``date_time`` says which time of day it means; otherwise
    the UsageError says that ``what`` ("an interview") needs a time, with an example.
    """
    tz = config.policy.timezone
    value = text.strip()
    try:
        day: date | None = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None and date_time is None:
        needs = f"{what} needs its time too" if what else "give the time too"
        example = f"{day.isoformat()}T14:00"
        raise UsageError(
            f"{flag} {text!r} is a date without a time: {needs}, such as {flag} {example} "
            f"(in {tz.key}, or with an offset such as {example}+01:00)"
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        example = "2026-11-24T14:00" if date_time is None else "2026-11-24 or 2026-11-24T14:00"
        needs = "a date and time" if date_time is None else "a date or a date and time"
        raise UsageError(
            f"{flag} {text!r}: expected {needs} in ISO 8601, such as {example} "
            f"(with an offset such as +01:00, or in {tz.key})"
        ) from None
    if day is not None and date_time is not None:
        moment = datetime.combine(day, date_time)
    check_year(moment.date(), flag, text)
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def check_year(day: date, flag: str, text: str) -> None:
    """Refuse dates no job search has (they would overflow time zone arithmetic later)."""
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise UsageError(f"{flag} {text!r}: the year must be between {YEARS[0]} and {YEARS[1]}")


def parse_day(text: str, flag: str) -> date:
    """Given an ISO 8601 date, return it; raise UsageError naming the flag if it is not one."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} {text!r}: expected a date such as 2026-12-04") from None
    check_year(day, flag, text)
    return day


_EXAMPLE_PERSON = '"Dana Reyes <dana@northwind.example>"'
_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"\\]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


def parse_person(text: str, flag: str, role: PersonRole) -> Person:
    """Given "Name <address>" or an address, return the Person.

    One person per value: the drafts go to this address, so anything that could make it another
    one is refused rather than guessed. Raise UsageError naming the flag and the reason if the
    value holds a control character (a line break could smuggle in a header), several
    addresses, an address outside the angle brackets, or no valid address.
    """
    value = text.strip()

    def refuse(reason: str) -> UsageError:
        return UsageError(
            f'{flag} {text!r}: {reason}; expected "Name <address>" or an address, such as '
            f"{_EXAMPLE_PERSON}"
        )

    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise refuse("it holds a control character (a line break?)")
    head = value.partition("<")[0]
    quoted = head.strip().startswith('"')
    if "<" in value and "@" in head and not quoted:
        raise refuse(f"{head.strip()!r} before the angle brackets is an address: give one address")
    if value.count("@") > 1 and not quoted:
        raise refuse("it holds several addresses: give one person per flag")
    name, address = "", value
    if "<" in value or ">" in value:
        head, _, rest = value.partition("<")
        address, closing, tail = rest.partition(">")
        if not closing or tail.strip() or "<" in address or ">" in head:
            raise refuse("write one address, in one pair of angle brackets at the end")
        name = head.strip()
        if name.startswith('"'):
            if len(name) < 2 or not name.endswith('"') or '"' in name[1:-1]:
                raise refuse("quote the whole name, and only the name, before the angle brackets")
            name = name[1:-1].strip()
        elif "," in name or ";" in name:
            raise refuse("it names several people: give one per flag (quote a name with a comma)")
    address = address.strip()
    if "," in address or ";" in address or any(c.isspace() for c in address):
        raise refuse("it holds several addresses: give one per flag")
    if _ADDRESS.fullmatch(address) is None or "." not in address.rpartition("@")[2]:
        raise refuse(f"{address!r} is not an email address" if address else "there is no address")
    return Person(name, address.lower(), role)


def parse_domain(text: str) -> str:
    """Return a lower-case domain name; raise UsageError if it is not one."""
    domain = text.strip().lower().removeprefix("@").rstrip(".")
    labels = domain.split(".")
    if len(labels) < 2 or not all(
        label and len(label) <= 63 and label.replace("-", "").isalnum() for label in labels
    ):
        raise UsageError(
            f"--domain {text!r}: expected a domain name such as northwind.example "
            "(mail from it and its subdomains counts for the interview)"
        )
    return domain


def parse_expect(text: str, interview_at: datetime) -> Span | date | None:
    """Given what the interviewer said ("1 week", "10 business days", "2026-12-04"), return it.

    Raise UsageError if it is neither, or a date before the interview.
    """
    if text.strip().lower() in ("", "none"):
        return None
    if text.strip()[:1].isdigit() and "-" in text:
        day = parse_day(text, "--expect")
        if day < interview_at.date():
            raise UsageError(
                f"--expect {text!r} is before the interview ({interview_at.date()}): give the "
                "date they said you would hear back by"
            )
        return day
    try:
        span = parse_span(text)
    except ValueError as error:
        raise UsageError(
            f"--expect: {error}; give what the interviewer said, as {SPAN_HELP}, or a date such "
            "as 2026-12-04 (or none to clear it)"
        ) from None
    if span.amount == 0:
        raise UsageError(
            f"--expect {text!r} is no time at all: give what they said, such as 1 week"
        )
    return span


def nonempty(text: str, flag: str) -> str:
    """Return ``text`` stripped; raise UsageError naming the flag if nothing is left."""
    if not text.strip():
        raise UsageError(f"{flag} must not be empty")
    return text.strip()
