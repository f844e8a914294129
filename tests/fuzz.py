"""A seeded, structure-aware fuzzer of the mail pipeline, shared by tests/test_fuzz.py and
bench/fuzz.py.

Every input is synthetic: a message of the test corpus (tests/data/mail/*.eml, itself synthetic)
or one built here, changed by one to three mutations that aim at the places hostile mail has
broken before (deep multipart nesting, huge headers, runs of ``(``, ``<`` and ``@``, RFC 2047
words, HTML attribute quotes without an end, company names glued to suffix words, bad charsets,
NULs, lone CRs, giant lines, bad base64 and quoted-printable, huge parts) or at random bytes.
The same seed always gives the same inputs, so a failure can be replayed by its number.

:func:`run_pipeline` takes one input through what a check does with a message: cut
(``split_message``), parse, match against :data:`TIMELINES`, look for an interview in it
(``invites.sighting``), classify as a reply and as the user's own mail, and compose a draft
replying to it (its subject as the reply subject, its ids as the thread). :func:`check` runs
it and sorts the result: parsed, malformed (the only exception allowed, and only from cutting
or parsing) or escaped (any other exception).
"""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from watcher.classify import classify, classify_sent
from watcher.invites import sighting
from watcher.lexicon import load_lexicon
from watcher.mail import MalformedMessage, compose_draft, parse, reply_subject, split_message
from watcher.matching import Candidates, match
from watcher.models import (
    ActionKind,
    Address,
    Draft,
    Event,
    EventKind,
    Interview,
    Person,
    PersonRole,
    ReplyKind,
    Timeline,
)

CORPUS = Path(__file__).parent / "data" / "mail"
LEXICON = load_lexicon()
OWN = frozenset({"alex@example.com"})
USER = Address("Alex Example", "alex@example.com")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

# Companies a relay may name; "Acme Corp" is the form iCIMS writes as "Acme Corp @ icims".
COMPANIES = ("Northwind", "Globex", "Initech", "Umbrella Labs", "Acme Corp")
RELAYS = (
    "talent.icims.com",
    "myworkday.com",
    "us.greenhouse-mail.io",
    "hire.lever.co",
    "m.personio.de",
    "indeed.com",
)
SUFFIXES = (
    "inc",
    "corp",
    "labs",
    "gmbh",
    "llc",
    "jobs",
    "careers",
    "hr",
    "team",
    "recruiting",
    "talent",
    "co",
    "sa",
    "ag",
    "holdings",
    "noreply",
    "mail",
)


def _interview(number: int, company: str) -> Interview:
    domain = company.lower().replace(" ", "-") + ".example"
    return Interview(
        id=number,
        company=company,
        role="Data Engineer",
        at=datetime(2026, 11, 18 + number, 16, tzinfo=UTC),
        interviewers=(Person("Dana Reyes", f"dana@{domain}"),),
        contacts=(Person("Rita Recruiter", f"rita@{domain}", PersonRole.CONTACT),),
        domains=(domain,),
    )


def _timeline(number: int, company: str) -> Timeline:
    interview = _interview(number, company)
    events = (
        Event(number, EventKind.SENT, interview.at + timedelta(hours=3), message_id=f"t{number}@x"),
        Event(
            number,
            EventKind.REPLY,
            interview.at + timedelta(days=1),
            reply_kind=ReplyKind.UPDATE,
            message_id=f"r{number}@{interview.domains[0]}",
        ),
    )
    return Timeline(interview, events)


TIMELINES = tuple(_timeline(number, company) for number, company in enumerate(COMPANIES, 1))
"""The tracked interviews every input is matched against (synthetic)."""
CANDIDATES = Candidates(TIMELINES, LEXICON, OWN)
"""What a check asks of every message's headers: is it a candidate, do its headers settle it."""

_DRAFT_TO = (Person("Rita Recruiter", "rita@northwind.example", PersonRole.CONTACT),)


# -- the pipeline --------------------------------------------------------------------------------


def run_pipeline(data: bytes, uid: int = 1) -> str:
    """Given a whole message, take it through the pipeline and return "parsed", or "malformed"
    when cutting or parsing raised MalformedMessage. Raise whatever else escapes."""
    try:
        message = parse(split_message(data, "INBOX", uid, None), "personal")
    except MalformedMessage:
        return "malformed"
    match(message, TIMELINES, LEXICON, OWN)
    sighting(message, own_addresses=OWN, lexicon=LEXICON, tz=ZoneInfo("America/St_Johns"))
    CANDIDATES.reason(message)
    CANDIDATES.settled(message)
    classify(message, LEXICON)
    for timeline in TIMELINES[:2]:
        classify_sent(message, timeline, LEXICON, thank_you_until=timedelta(days=2))
    draft = Draft(
        kind=ActionKind.FOLLOW_UP,
        to=_DRAFT_TO,
        subject="Following up",
        body="Hello Rita,\n\nAny news?\n\nAlex",
        in_reply_to=message.message_id,
        references=message.references,
    )
    compose_draft(
        draft,
        sender=USER,
        date=NOW,
        message_id="draft.1@example.com",
        subject=reply_subject(message.subject),
    )
    return "parsed"


@dataclass(frozen=True)
class Outcome:
    """What one input did: its number, the mutations, the result ("parsed", "malformed" or
    "escaped"), the seconds it took and, for an escape, the exception and its traceback."""

    number: int
    mutations: tuple[str, ...]
    size: int
    result: str
    seconds: float
    error: str = ""
    trace: str = ""


def check(case: Case) -> Outcome:
    """Run one input through :func:`run_pipeline`, timed; never raises an Exception."""
    started = time.perf_counter()
    try:
        result = run_pipeline(case.data, case.number + 1)
    except Exception as error:
        seconds = time.perf_counter() - started
        return Outcome(
            case.number,
            case.mutations,
            len(case.data),
            "escaped",
            seconds,
            f"{type(error).__name__}: {str(error)[:200]}",
            "".join(traceback.format_exception(error, limit=-8)),
        )
    return Outcome(
        case.number, case.mutations, len(case.data), result, time.perf_counter() - started
    )


# -- building messages ---------------------------------------------------------------------------


def corpus_seeds() -> list[bytes]:
    """The corpus messages with CRLF line ends (as a server delivers them)."""
    return [
        p.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        for p in sorted(CORPUS.glob("*.eml"))
    ]


def build(headers: list[tuple[str, bytes]], body: bytes) -> bytes:
    """Given header fields and a body, return the message (CRLF)."""
    block = b"".join(name.encode("ascii") + b": " + value + b"\r\n" for name, value in headers)
    return block + b"\r\n" + body


def multipart(parts: list[bytes], boundary: bytes, *, close: bool = True) -> bytes:
    """Given whole parts (their headers, a blank line, their body), return a multipart body."""
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary + b"--\r\n" if close else b"")


def part(content_type: bytes, body: bytes, encoding: bytes = b"7bit") -> bytes:
    return (
        b"Content-Type: "
        + content_type
        + b"\r\nContent-Transfer-Encoding: "
        + encoding
        + b"\r\n\r\n"
        + body
    )


def synthetic_seeds() -> list[bytes]:
    """A few messages built here: a relay's mail, a plain reply, an HTML-only newsletter, an
    invitation and the user's own thank-you (synthetic, reserved domains)."""
    date = b"Tue, 24 Nov 2026 09:12:44 -0800"
    calendar = (
        b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:u1@northwind.example\r\n"
        b"DTSTART:20261201T150000Z\r\nDTEND:20261201T160000Z\r\nSUMMARY:Northwind interview\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return [
        build(
            [
                ("From", b"Acme Corp @ icims <acme+autoreply@talent.icims.com>"),
                ("To", b"Alex Example <alex@example.com>"),
                ("Subject", b"Your application to Acme Corp"),
                ("Date", date),
                ("Message-ID", b"<s1@talent.icims.com>"),
                ("Content-Type", b'multipart/alternative; boundary="s1"'),
            ],
            multipart(
                [
                    part(b"text/plain; charset=utf-8", b"Thank you for applying to Acme Corp."),
                    part(b"text/html; charset=utf-8", b"<p>Thank you for applying.</p>"),
                ],
                b"s1",
            ),
        ),
        build(
            [
                ("From", b"Rita Recruiter <rita@northwind.example>"),
                ("To", b"alex@example.com"),
                ("Subject", b"=?utf-8?q?Re=3A_Northwind_=E2=80=93_next_steps?="),
                ("Date", date),
                ("Message-ID", b"<s2@northwind.example>"),
                ("In-Reply-To", b"<t1@x>"),
                ("References", b"<t1@x> <r1@northwind.example>"),
            ],
            b"We would like to invite you to a second round next week.\r\n\r\n"
            b"On Mon, Alex wrote:\r\n> Thank you!\r\n",
        ),
        build(
            [
                ("From", b"Globex News <news@globex.example>"),
                ("To", b"alex@example.com"),
                ("Subject", b"Globex monthly"),
                ("Date", date),
                ("List-Id", b"<news.globex.example>"),
                ("Content-Type", b"text/html; charset=iso-8859-1"),
                ("Content-Transfer-Encoding", b"quoted-printable"),
            ],
            b"<html><head><style>p{}</style></head><body><p>News =E9t=E9</p></body></html>",
        ),
        build(
            [
                ("From", b"Northwind Scheduling <scheduling@goodtime.io>"),
                ("To", b"alex@example.com"),
                ("Subject", b"Invitation: Northwind interview"),
                ("Date", date),
                ("Content-Type", b'multipart/mixed; boundary="s4"'),
            ],
            multipart(
                [
                    part(b"text/plain", b"Your interview is scheduled."),
                    part(
                        b"text/calendar; charset=utf-8; method=REQUEST",
                        calendar.replace(b"\r\n", b"\n"),
                    ),
                ],
                b"s4",
            ),
        ),
        build(
            [
                ("From", b"Alex Example <alex@example.com>"),
                ("To", b'"Reyes, Dana" <dana@northwind.example>, sam@northwind.example'),
                ("Subject", b"Thank you"),
                ("Date", date),
                ("Content-Type", b"text/plain; charset=utf-8; format=flowed"),
            ],
            b"Thank you for the \r\nconversation today.\r\n",
        ),
    ]


# -- mutations -----------------------------------------------------------------------------------

Mutation = Callable[[random.Random, bytes, int], bytes]
"""Given the random source, a message and a size (bytes, roughly), return the changed message."""


def _split(data: bytes) -> tuple[bytes, bytes]:
    """Return the header block (without the blank line) and the body of a CRLF message."""
    head, sep, body = data.partition(b"\r\n\r\n")
    return (head, body) if sep else (data, b"")


def _with_header(data: bytes, name: bytes, value: bytes, *, replace: bool = True) -> bytes:
    """Return ``data`` with the field ``name`` set to ``value`` (the others of that name gone
    when ``replace``), the new field first."""
    head, body = _split(data)
    lines = head.split(b"\r\n")
    if replace:
        lower = name.lower() + b":"
        kept: list[bytes] = []
        skipping = False
        for line in lines:
            if line[:1] in (b" ", b"\t") and skipping:
                continue
            skipping = line.lower().startswith(lower)
            if not skipping:
                kept.append(line)
        lines = kept
    return b"\r\n".join([name + b": " + value, *lines]) + b"\r\n\r\n" + body


def _with_body(data: bytes, content_type: bytes, body: bytes, encoding: bytes = b"7bit") -> bytes:
    """Return ``data`` with a new single-part body of that type."""
    data = _with_header(data, b"Content-Transfer-Encoding", encoding)
    data = _with_header(data, b"Content-Type", content_type)
    return _split(data)[0] + b"\r\n\r\n" + body


def _repeat(unit: bytes, size: int) -> bytes:
    return unit * max(1, size // max(1, len(unit)))


def nest(rng: random.Random, data: bytes, size: int) -> bytes:
    """Wrap the message's body in multiparts nested ``size // 40`` deep, at most 5000 (some
    unclosed)."""
    depth = max(2, min(size // 40, 5000))
    head, body = _split(data)
    inner_type = b"text/plain"
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-type:"):
            inner_type = line.partition(b":")[2].strip()
    close = rng.random() < 0.5
    opening = b"".join(
        b"--n"
        + str(level).encode()
        + b"\r\nContent-Type: multipart/"
        + rng.choice([b"mixed", b"alternative", b"related", b"digest"])
        + b"; boundary=n"
        + str(level + 1).encode()
        + b"\r\n\r\n"
        for level in range(depth)
    )
    inner = b"--n" + str(depth).encode() + b"\r\nContent-Type: " + inner_type + b"\r\n\r\n" + body
    closing = b"".join(b"\r\n--n" + str(level).encode() + b"--" for level in range(depth, -1, -1))
    return _with_body(
        data, b"multipart/mixed; boundary=n0", opening + inner + (closing if close else b"")
    )


def many_parts(rng: random.Random, data: bytes, size: int) -> bytes:
    """Replace the body with ``size // 30`` small sibling parts (at most 50,000), text and not."""
    count = max(2, min(size // 30, 50_000))
    kinds = [b"text/plain", b"text/html", b"image/png", b"text/calendar", b"message/rfc822"]
    parts = [part(rng.choice(kinds), b"part %d" % i) for i in range(count)]
    return _with_body(data, b'multipart/mixed; boundary="m"', multipart(parts, b"m"))


_FIELDS = (
    b"Subject",
    b"From",
    b"To",
    b"Cc",
    b"Reply-To",
    b"References",
    b"In-Reply-To",
    b"Message-ID",
    b"X-Junk",
    b"Content-Type",
    b"Date",
    b"Auto-Submitted",
)


def huge_header(rng: random.Random, data: bytes, size: int) -> bytes:
    """Set one field to ``size`` bytes of text (words, one long word, or folded lines)."""
    name = rng.choice(_FIELDS)
    shape = rng.randrange(4)
    if shape == 0:
        value = _repeat(b"word ", size)
    elif shape == 1:
        value = _repeat(b"x", size)
    elif shape == 2:
        value = _repeat(b"folded\r\n line ", size)
    else:
        value = _repeat(b"<id.1@mail.example> ", size)
    return _with_header(data, name, value.strip())


def many_fields(rng: random.Random, data: bytes, size: int) -> bytes:
    """Add ``size // 20`` fields of one name (To, Received, Auto-Submitted...)."""
    name = rng.choice([b"To", b"Received", b"Auto-Submitted", b"Subject", b"X-Junk"])
    head, body = _split(data)
    extra = _repeat(name + b": a" + str(rng.randrange(99)).encode() + b"@x.example\r\n", size)
    return extra + head + b"\r\n\r\n" + body


def paren_run(rng: random.Random, data: bytes, size: int) -> bytes:
    """Put a run of ``(`` (some closed, some quoted) in an address field."""
    name = rng.choice([b"From", b"To", b"Cc", b"Reply-To", b"Auto-Submitted"])
    unit = rng.choice([b"(", b"(a", b"\\(", b'("', b"(()"])
    count = max(1, min(size, 5000) // len(unit))
    value = b"Dana " + unit * count + b" <dana@northwind.example>"
    return _with_header(data, name, value)


def angle_run(rng: random.Random, data: bytes, size: int) -> bytes:
    """Fill an address field with ``<`` and ``@`` (alternating or in two runs)."""
    name = rng.choice([b"From", b"To", b"Reply-To", b"Cc"])
    if rng.random() < 0.5:
        value = _repeat(rng.choice([b"<@", b"<a@", b"@<", b'<"@']), size)
    else:
        value = b"<" * (size // 2) + b"@" * (size // 2)
    return _with_header(data, name, value)


def encoded_words(rng: random.Random, data: bytes, size: int) -> bytes:
    """Fill the Subject (or a display name) with RFC 2047 words: whole, unterminated, bad."""
    unit = rng.choice(
        [
            b"=?utf-8?q?abc=C3=A9?= ",
            b"=?utf-8?q?abc ",
            b"=?utf-8?b?SGVsbG8?=",
            b"=?x-unknown?b?!!!?= ",
            b"=?utf-8?q?",
            b"=?iso-2022-jp?b?GyRCJUYlOSVIGyhC?= ",
        ]
    )
    value = _repeat(unit, size)
    if rng.random() < 0.3:
        return _with_header(data, b"From", value + b" <acme@talent.icims.com>")
    return _with_header(data, b"Subject", value)


def hostile_html(rng: random.Random, data: bytes, size: int) -> bytes:
    """Make the body one HTML part of repeated hostile markup."""
    unit = rng.choice(
        [
            b"<a href='",
            b'<a href="x',
            b"<!--",
            b"</",
            b"<![CDATA[",
            b"<!doctype",
            b"<?xml",
            b"<div><p>",
            b"&amp;&#x",
            b"<p a='1' b=\"",
            b"<script>",
            b"<a x=' y=\" z=' ",
            b"<",
        ]
    )
    body = b"<html><body><p>Hello</p>" + _repeat(unit, size)
    return _with_body(data, b"text/html; charset=utf-8", body)


def glued_suffixes(rng: random.Random, data: bytes, size: int) -> bytes:
    """Send the message from a relay, a company name glued to hundreds of suffix words in the
    subject, the local part or the display name."""
    company = rng.choice(COMPANIES).lower().replace(" ", "")
    count = max(2, size // 5)
    glued = company.encode() + b"".join(
        rng.choice(SUFFIXES).encode() for _ in range(min(count, 20000))
    )
    relay = rng.choice(RELAYS).encode()
    where = rng.randrange(3)
    if where == 0:
        return _with_header(
            _with_header(data, b"From", b"no-reply@" + relay), b"Subject", b"Update from " + glued
        )
    if where == 1:
        return _with_header(data, b"From", glued[:60000] + b"@" + relay)
    return _with_header(data, b"From", glued + b" <no-reply@" + relay + b">")


def bad_charset(rng: random.Random, data: bytes, size: int) -> bytes:
    """Declare a charset that is unknown, binary, non-text or huge."""
    charset = rng.choice(
        [
            b"x-unknown",
            b"utf-16",
            b"utf-32",
            b"idna",
            b"zlib",
            b"rot13",
            b"unicode_escape",
            b"\x00",
            b'"',
            b"punycode",
            b"uu",
            _repeat(b"a", size),
        ]
    )
    body = rng.choice([rng.randbytes(min(size, 4096)), b"caf\xe9 \xff\xfe", b"\\N{"])
    return _with_body(data, b"text/plain; charset=" + charset, body)


def nuls(rng: random.Random, data: bytes, size: int) -> bytes:
    """Insert NUL bytes here and there."""
    out = bytearray(data)
    for _ in range(max(1, min(size, 2000) // 10)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def lone_cr(rng: random.Random, data: bytes, size: int) -> bytes:
    """Turn line ends into lone CRs (all of them, or in the body only)."""
    if rng.random() < 0.5:
        return data.replace(b"\r\n", b"\r")
    head, body = _split(data)
    return head + b"\r\n\r\n" + body.replace(b"\r\n", b"\r")


def giant_line(rng: random.Random, data: bytes, size: int) -> bytes:
    """Insert one line of ``size`` bytes without a line end (in the body or the headers)."""
    line = rng.choice([b"x", b"-", b"=", b" ", b"--n1"]) * size
    head, body = _split(data)
    if rng.random() < 0.3:
        return head + b"\r\nX-Long: " + line + b"\r\n\r\n" + body
    cut = rng.randrange(len(body) + 1)
    return head + b"\r\n\r\n" + body[:cut] + line + body[cut:]


def bad_transfer(rng: random.Random, data: bytes, size: int) -> bytes:
    """Declare base64 or quoted-printable over bytes that are not."""
    encoding = rng.choice([b"base64", b"quoted-printable", b"x-uuencode", b"BASE64"])
    body = rng.choice(
        [
            _repeat(b"=", size),
            _repeat(b"=\r\n", size),
            _repeat(b"!!==", size),
            _repeat(b"Q2Fm", size) + b"=",
            rng.randbytes(min(size, 65536)),
            _repeat(b"=ZZ", size),
        ]
    )
    kind = rng.choice([b"text/plain", b"text/html", b"text/calendar"])
    return _with_body(data, kind + b"; charset=utf-8", body, encoding)


def huge_part(rng: random.Random, data: bytes, size: int) -> bytes:
    """Make the body one text part of ``size`` bytes (a line, short lines, flowed quotes)."""
    unit = rng.choice([b"x", b"word ", b"\r\n", b">  \r\n", b"a. ", b"this week ", b"=\r\n"])
    params = rng.choice([b"", b"; format=flowed", b"; format=flowed; delsp=yes"])
    kind = rng.choice([b"text/plain", b"text/html"])
    encoding = rng.choice([b"7bit", b"base64", b"quoted-printable"])
    return _with_body(data, kind + b"; charset=utf-8" + params, _repeat(unit, size), encoding)


def classifier_bait(rng: random.Random, data: bytes, size: int) -> bytes:
    """Make the text what the classifier and date finder scan: quote starts without their
    end, many dates, many short sentences with phrases."""
    unit = rng.choice(
        [
            b"On Mon wrote wrote ",
            b"this week ",
            b"by Friday ",
            b"next week. ",
            b"a. ",
            b"we are pleased to offer you. ",
            b"From: x\r\n",
            b"Le 4 d\xc3\xa9cembre 2026 ",
            b"unfortunately ",
            b"within 2 weeks ",
        ]
    )
    return _with_body(data, b"text/plain; charset=utf-8", _repeat(unit, size))


def hostile_calendar(rng: random.Random, data: bytes, size: int) -> bytes:
    """Add a text/calendar part that is huge, nested or broken."""
    unit = rng.choice(
        [
            b"BEGIN:VEVENT\r\n",
            b"X-A:" + b"b" * 70 + b"\r\n ",
            b"ATTENDEE;CN=a:mailto:a@b\r\n",
            b"DTSTART:99999999T999999Z\r\n",
            b"BEGIN:VCALENDAR\r\n",
        ]
    )
    text = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n" + _repeat(unit, size) + b"END:VCALENDAR\r\n"
    parts = [part(b"text/plain", b"See the invitation."), part(b"text/calendar", text)]
    return _with_body(data, b'multipart/mixed; boundary="c"', multipart(parts, b"c"))


def hostile_ids(rng: random.Random, data: bytes, size: int) -> bytes:
    """Give the message huge or many message ids."""
    name = rng.choice([b"Message-ID", b"In-Reply-To", b"References"])
    value = rng.choice(
        [b"<" + _repeat(b"a", size) + b"@x>", _repeat(b"<a@x> ", size), _repeat(b"<", size)]
    )
    return _with_header(data, name, value)


def hostile_date(rng: random.Random, data: bytes, size: int) -> bytes:
    value = rng.choice(
        [
            _repeat(b"Tue, ", size),
            b"Tue, 24 Nov 2026 09:12:44 -0800" + _repeat(b" (x)", size),
            b"Fri, 31 Dec 9999 23:59:59 +9999",
            b"0",
            _repeat(b"1", size),
            b"-0000",
        ]
    )
    return _with_header(data, b"Date", value)


def hostile_params(rng: random.Random, data: bytes, size: int) -> bytes:
    """Give the Content-Type parameters that never end: an open quote over many semicolons,
    thousands of RFC 2231 continuations, a huge boundary or charset."""
    shape = rng.randrange(4)
    if shape == 0:
        params = b'; charset="' + _repeat(b";a=b", size)
    elif shape == 1:
        params = b"".join(b"; charset*%d*=utf-8''a%%C3" % i for i in range(min(size // 20, 20000)))
    elif shape == 2:
        params = b'; boundary="' + _repeat(b"b", size) + b'"'
    else:
        params = _repeat(b";", size) + b" charset=utf-8"
    kind = rng.choice([b"text/plain", b"multipart/mixed", b"text/calendar"])
    return _with_header(data, b"Content-Type", kind + params)


def boundary_storm(rng: random.Random, data: bytes, size: int) -> bytes:
    """Make the body a multipart of nothing but delimiter lines, or near misses of them."""
    unit = rng.choice([b"--b\r\n", b"--b--\r\n", b"--b \t\r\n", b"--bx\r\n", b"--\r\n", b"--b\r"])
    body = b"--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n" + _repeat(unit, size)
    return _with_body(data, b"multipart/mixed; boundary=b", body)


def flip_bytes(rng: random.Random, data: bytes, size: int) -> bytes:
    """Flip, insert or delete a few random bytes."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, 40)):
        if not out:
            break
        at = rng.randrange(len(out))
        action = rng.randrange(3)
        if action == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif action == 1:
            out.insert(at, rng.randrange(256))
        else:
            del out[at]
    return bytes(out)


def truncate(rng: random.Random, data: bytes, size: int) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(rng: random.Random, data: bytes, size: int) -> bytes:
    """Put the start of the message in front of a random slice of itself."""
    cut = rng.randrange(len(data) + 1)
    start = rng.randrange(len(data) + 1)
    return data[:cut] + data[start:]


MUTATIONS: dict[str, tuple[Mutation, int]] = {
    "nest": (nest, 3),
    "many_parts": (many_parts, 2),
    "huge_header": (huge_header, 3),
    "many_fields": (many_fields, 2),
    "paren_run": (paren_run, 3),
    "angle_run": (angle_run, 3),
    "encoded_words": (encoded_words, 3),
    "hostile_html": (hostile_html, 4),
    "glued_suffixes": (glued_suffixes, 3),
    "bad_charset": (bad_charset, 2),
    "nuls": (nuls, 2),
    "lone_cr": (lone_cr, 2),
    "giant_line": (giant_line, 2),
    "bad_transfer": (bad_transfer, 2),
    "huge_part": (huge_part, 2),
    "classifier_bait": (classifier_bait, 2),
    "hostile_calendar": (hostile_calendar, 2),
    "hostile_ids": (hostile_ids, 2),
    "hostile_date": (hostile_date, 1),
    "hostile_params": (hostile_params, 2),
    "boundary_storm": (boundary_storm, 2),
    "flip_bytes": (flip_bytes, 5),
    "truncate": (truncate, 1),
    "splice": (splice, 1),
}
"""Every mutation by name, with its weight."""

SIZES = (
    (0.60, 16, 2_000),
    (0.30, 2_000, 60_000),
    (0.09, 60_000, 400_000),
    (0.01, 400_000, 20_000_000),
)
"""The sizes mutations are given: (share of inputs, smallest, largest), log-uniform within."""


@dataclass(frozen=True)
class Case:
    """One input: its number, the mutations applied and the message."""

    number: int
    mutations: tuple[str, ...]
    data: bytes


def _size(rng: random.Random, largest: int) -> int:
    pick = rng.random()
    for share, low, high in SIZES:
        if pick < share or high >= SIZES[-1][2]:
            high = min(high, largest)
            low = min(low, high)
            return int(low * (high / low) ** rng.random())
        pick -= share
    return SIZES[0][1]


def cases(seed: int, count: int, *, largest: int = SIZES[-1][2]) -> Iterator[Case]:
    """Yield ``count`` inputs for ``seed``, one at a time (a large one is made only when its
    turn comes). Mutation sizes stay at or under ``largest`` bytes."""
    rng = random.Random(seed)
    seeds = corpus_seeds() + synthetic_seeds()
    names = list(MUTATIONS)
    weights = [MUTATIONS[name][1] for name in names]
    for number in range(count):
        data = rng.choice(seeds)
        applied = tuple(rng.choices(names, weights, k=rng.choice((1, 1, 2, 3))))
        for name in applied:
            data = MUTATIONS[name][0](rng, data, _size(rng, largest))
        yield Case(number, applied, data)


# -- the hot spots -------------------------------------------------------------------------------


def _hostile(*fields: tuple[str, bytes], body: bytes = b"Hello,\r\n", kind: bytes = b"") -> bytes:
    headers = [
        ("Date", b"Tue, 24 Nov 2026 09:12:44 -0800"),
        ("Message-ID", b"<hostile@x.example>"),
        *fields,
    ]
    if kind:
        headers.append(("Content-Type", kind))
    return build(headers, body)


def _nested(depth: int) -> bytes:
    opening = b"".join(
        b"--n%d\r\nContent-Type: multipart/mixed; boundary=n%d\r\n\r\n" % (i, i + 1)
        for i in range(depth - 1)
    )
    inner = b"--n%d\r\nContent-Type: text/plain\r\n\r\nDeep down.\r\n" % (depth - 1)
    closing = b"".join(b"--n%d--\r\n" % i for i in range(depth - 1, -1, -1))
    return _hostile(body=opening + inner + closing, kind=b"multipart/mixed; boundary=n0")


HOT_SPOTS: dict[str, Callable[[], bytes]] = {
    "500 ( in To": lambda: _hostile(("To", b"(" * 500)),
    "300 KB of <a href=' (HTML)": lambda: _hostile(
        body=b"<p>Hello</p>" + b"<a href='" * 33_334, kind=b"text/html; charset=utf-8"
    ),
    "100 KB of <@ in From": lambda: _hostile(("From", b"<@" * 50_000)),
    "< and 100 KB of @ in From": lambda: _hostile(("From", b"<" + b"@" * 100_000)),
    "300 KB of encoded words in Subject": lambda: _hostile(
        ("Subject", b"=?utf-8?q?abc=C3=A9?= " * 13_637)
    ),
    "300 KB of unterminated encoded words": lambda: _hostile(
        ("Subject", b"=?utf-8?q?abc " * 21_429)
    ),
    "3 MB Subject (the reply subject)": lambda: _hostile(("Subject", b"x " * 1_500_000)),
    "multiparts 2000 deep": lambda: _nested(2000),
    "20 MB text part": lambda: _hostile(
        body=b"word\r\n" * 3_333_334, kind=b"text/plain; charset=utf-8"
    ),
    "company + 1000 suffix words": lambda: _hostile(
        ("From", b"no-reply@hire.lever.co"), ("Subject", b"Acme" + b"inc" * 1000)
    ),
    "Acme Corp @ icims in a list": lambda: _hostile(
        ("From", b"Acme Corp @ icims <acme+autoreply@talent.icims.com>, x@y.example")
    ),
}
"""The constructions that crashed the pipeline or took minutes, by name, at full size."""


def sender_of(data: bytes) -> str:
    """The sender the pipeline reads from ``data`` ("" for none), or the exception it raised."""
    try:
        message = parse(split_message(data, "INBOX", 1, None), "personal")
    except Exception as error:
        return type(error).__name__
    return str(message.sender) if message.sender is not None else ""
