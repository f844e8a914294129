"""Mail as the core sees it: RFC 5322 headers and MIME text parts in, :class:`Message` out.

A backend hands over a message as its header block and its text leaf parts, each still
transfer-encoded (:class:`RawMessage`: the IMAP backend fetches them part by part, the others cut
a whole message with :func:`split_message`). :func:`parse` decodes them into a
:class:`~watcher.models.Message`: addresses, RFC 2047 words in any charset, the readable text,
the signals of automatic mail and a calendar invitation. :func:`compose_draft` writes the other
way, a draft as RFC 5322 bytes.

Mail in the wild is broken in every way the RFCs allow and many they do not. Decoding never
raises on a bad charset, a bad encoded word or bad base64: it falls back to replacement
characters (or latin-1 for undeclared 8-bit bytes). Only a message that cannot be placed in time
(no ``Date`` or one that cannot be read) raises :class:`MalformedMessage`; the caller logs it and
skips it. A broken MIME structure is read as far as it goes: a missing closing boundary ends the
part at the end of the message, as the email package's parser would.

Hostile mail
    One message must never stop a check, so every step here takes time linear in its input and
    reads a bounded amount of it. Nothing recurses as deep as the input is nested: the MIME
    splitter, the address parser (comments nest), the RFC 2047 decoder and the HTML tokenizer
    are each one forward pass, without Python's email parser, ``getaddresses`` or HTMLParser,
    which rescan or recurse on crafted input. What lies beyond a cap is cut, and what was read
    is still parsed; a cut is never an error. The caps, each far above what real mail needs:

    - :data:`MAX_HEADER_BYTES` of the header block (and of all the MIME headers of the parts;
      a Date field beyond it is no Date, so that message is malformed like one without);
    - :data:`MAX_FIELD_CHARS` of each header field's value, :data:`MAX_SUBJECT_CHARS` of the
      decoded subject and :data:`MAX_ADDRESSES` mailboxes per address field;
    - :data:`MAX_PART_BYTES` of each text part and :data:`MAX_TEXT_BYTES` of them all
      (transfer-encoded; the text parts after that are left out), :data:`MAX_PARTS` MIME
      parts, :data:`MAX_DEPTH` levels of nesting;
    - of the decoded text, ``max_text`` (see :func:`parse`) times :data:`HTML_PER_TEXT_CHAR`
      characters of HTML and :data:`PLAIN_PER_TEXT_CHAR` of plain text, and
      :data:`MAX_CALENDAR_CHARS` of calendars;
    - :data:`MAX_SUBJECT_CHARS` of a draft's subject (:func:`compose_draft`,
      :func:`reply_subject`), cut with "…".

This module is pure: no clock, disk or network.
"""

from __future__ import annotations

import binascii
import codecs
import contextlib
import email.charset
import email.errors
import email.policy
import email.utils
import functools
import hashlib
import html
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from watcher.errors import WatcherError
from watcher.models import (
    MADE_UP_ID_DOMAIN,
    Address,
    Draft,
    Invite,
    Message,
    RawMessage,
    RawPart,
    Signal,
)
from watcher.record import record, replace


class MalformedMessage(WatcherError):
    """A message that cannot be used (no ``Date``, say); the text says why. Log it and skip it."""


DATE_YEARS = (1970, 2200)
"""A Date header outside these years makes the message malformed."""

CALENDAR_TYPES = frozenset({"text/calendar", "application/ics"})
"""The types of a calendar part: ``text/calendar`` (RFC 5545), and ``application/ics``, as some
applicant-tracking systems label an attached ``.ics`` file. Fetched even when attached."""

TEXT_TYPES = frozenset({"text/plain", "text/html"}) | CALENDAR_TYPES
"""The types of the leaf parts a backend fetches as they are (:func:`fetched_type`)."""

UNTYPED = "application/octet-stream"
"""The type mail clients give a file they do not know: an ``.ics`` file sent so is a calendar."""

LEAF_TYPES = TEXT_TYPES | {UNTYPED}
"""The types of the leaf parts a backend may fetch (:func:`fetched_type` decides); everything
else (images, documents) stays on the server."""


def fetched_type(content_type: str, attached: bool, filename: str) -> str | None:
    """Given a leaf part's type (lower case, without parameters), whether it is an attachment
    and its file name (Content-Disposition's ``filename``, else Content-Type's ``name``; "" for
    none), return the type a backend fetches it as, or None when it is not fetched: text and
    HTML that are not attachments, calendars (:data:`CALENDAR_TYPES`) even when attached, and
    an ``.ics`` file of type :data:`UNTYPED`, fetched as ``application/ics`` so that it is read
    as the calendar it is."""
    if content_type in CALENDAR_TYPES:
        return content_type
    if content_type == UNTYPED and filename.strip().lower().endswith(".ics"):
        return "application/ics"
    return content_type if content_type in TEXT_TYPES and not attached else None


def leaf_filename(
    disposition_params: Iterable[tuple[str, str]], params: Iterable[tuple[str, str]]
) -> str:
    """Return a leaf's file name: its Content-Disposition ``filename``, else its Content-Type
    ``name`` (parameters as :func:`content_type_params` gives them), else ""."""
    return dict(disposition_params).get("filename") or dict(params).get("name") or ""


MAX_HEADER_BYTES = 102_400
"""Bytes of a header block read; the rest of a longer one is cut (a field cut there keeps its
start). Postfix's default ``header_size_limit`` is the same, so no mail that came through Postfix
is cut. The MIME headers of all the parts of a message share a budget of the same size."""

MAX_FIELD_CHARS = 16_384
"""Characters of one header field's value read (unfolded, before RFC 2047 decoding): about 250
message ids of a References field, or a To field of 300 mailboxes."""

MAX_SUBJECT_CHARS = 1_000
"""Characters of a subject kept, decoded ("…" ends a cut one); RFC 5322 lines end at 998."""

MAX_ADDRESSES = 100
"""Mailboxes read from the fields of one name (all the To fields, say); the rest are left out."""

MAX_PART_BYTES = 1 << 20
"""Bytes of one text part read, still transfer-encoded (the IMAP backend fetches no more)."""

MAX_TEXT_BYTES = 4 << 20
"""Bytes of all the text parts of a message read, still transfer-encoded."""

MAX_PARTS = 500
"""MIME parts of a message read (text or not, multiparts included); the rest are left out."""

MAX_DEPTH = 16
"""Multiparts nested in a message read; the parts of one nested deeper are left out."""

HTML_PER_TEXT_CHAR = 20
"""Characters of HTML made readable per character of text wanted (``max_text``, at least
1000): HTML mail carries much markup per character of text."""

PLAIN_PER_TEXT_CHAR = 4
"""Characters of plain text read per character of text wanted (``max_text``, at least 1000)."""

MAX_CALENDAR_CHARS = 200_000
"""Characters of text/calendar parts read, all parts together: icalendar takes about a second
per megabyte."""

MAX_EVENTS = 50
"""Events (VEVENTs) of a message's calendars kept: a scheduler sends one per interview of a
day, a dozen at most."""

MAX_DESCRIPTION_CHARS = 4_000
"""Characters of an event's DESCRIPTION and LOCATION kept: the start says what the event is."""

OUT_OF_OFFICE_SUBJECTS: tuple[str, ...] = (
    "out of office",
    "out of the office",
    "automatic reply",
    "automated reply",
    "auto-reply",
    "auto reply",
    "autoreply",
    "abwesenheitsnotiz",
    "automatische antwort",
    "nicht im büro",
    "absence du bureau",
    "réponse automatique",
    "reponse automatique",
    "fuera de la oficina",
    "respuesta automática",
    "respuesta automatica",
    "risposta automatica",
    "fuori ufficio",
    "resposta automática",
    "fora do escritório",
    "automatisch antwoord",
    "afwezigheidsbericht",
    "autosvar",
    "frånvaro",
)
"""Phrases of out-of-office subjects (Outlook, Gmail, Exchange; several languages), lower case.

The lexicon's ``phrases.out_of_office`` can replace them (``parse(..., out_of_office=...)``).
"""

_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|sv|réf|ref)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)
_FIELD_NAME = re.compile(rb"^[!-9;-~]+$")
_ENCODED_WORD_START = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?")
_ANGLE_ID = re.compile(r"<([^<>]*)>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MESSAGE_ID_CHARS = re.compile(r"^[!-;=?-~]+$")
_UNDECLARED = frozenset({"", "us-ascii", "ascii", "unknown-8bit", "unknown", "default"})
_BOUNCE_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster"})
_MAX_ID_CHARS = 900
"""A message id longer than this cannot be written in an In-Reply-To line of 998 octets."""


def parse(
    raw: RawMessage,
    account: str,
    *,
    max_text: int = 20000,
    out_of_office: Sequence[str] = OUT_OF_OFFICE_SUBJECTS,
) -> Message:
    """Given a fetched message and the config's account name, return the core :class:`Message`.

    Headers are unfolded and decoded (RFC 2047 words in any charset; raw 8-bit bytes as UTF-8,
    else latin-1); ids lose their angle brackets; ``text`` is the text/plain parts (else the
    text/html ones made readable), at most ``max_text`` characters. A subject holding one of
    ``out_of_office`` (lower-case phrases) signals an out-of-office reply. A message without a
    Message-ID gets a stable one derived from its header block, so it is still recorded once.
    What lies beyond the caps of the module's docstring is cut, never an error. Raise
    :class:`MalformedMessage` if the message has no ``Date`` header or an unreadable one.
    """
    block = header_block(raw.headers)
    fields = _header_fields(block)
    where = f"message {raw.uid} in {raw.folder!r}"
    date_value = _first(fields, "date")
    if not date_value.strip():
        raise MalformedMessage(f"The {where} has no Date header; it is skipped.")
    when = _parse_date(date_value)
    if when is None:
        shown = date_value if len(date_value) <= 100 else f"{date_value[:100]}..."
        raise MalformedMessage(f"The {where} has an unreadable Date ({shown!r}); skipped.")

    senders = _addresses(fields.get("from", []))
    sender = senders[0] if senders else None
    subject = _cut(_clean(decode_header_text(_first(fields, "subject"))), MAX_SUBJECT_CHARS)
    # The header block as fetched, unless it was cut: the same message keeps the same id.
    whole = raw.headers if len(raw.headers) <= MAX_HEADER_BYTES else block
    message_id = _first_id(_first(fields, "message-id")) or _derived_id(whole)
    parts = _bounded_parts(raw.parts)
    invites: list[Invite] = []
    calendar_budget = MAX_CALENDAR_CHARS
    for part in parts:
        if _bare_type(part.content_type) in CALENDAR_TYPES and calendar_budget > 0:
            text = _part_text(part, calendar_budget)
            calendar_budget -= len(text)
            for found in parse_invites(text, _param(part, "method")):
                # The same event sent twice (inline and as an attachment) counts once.
                if found not in invites and len(invites) < MAX_EVENTS:
                    invites.append(found)
    return Message(
        account=account,
        folder=raw.folder,
        uid=raw.uid,
        message_id=message_id,
        date=when,
        sender=sender,
        subject=subject,
        text=_body_text(parts, max_text),
        reply_to=_addresses(fields.get("reply-to", [])),
        to=_addresses(fields.get("to", [])),
        cc=_addresses(fields.get("cc", [])),
        in_reply_to=_first_id(_first(fields, "in-reply-to")),
        references=_ids(" ".join(fields.get("references", []))[:MAX_FIELD_CHARS]),
        signals=_signals(fields, sender, subject, raw.content_type, out_of_office),
        invite=invites[0] if invites else None,
        invites=tuple(invites),
        agent=next(iter(_addresses(fields.get("sender", [])[:1])), None),
        calendar_declared=_calendar_declared(_first(fields, "content-type")),
    )


def split_message(data: bytes, folder: str, uid: int, internal_date: datetime | None) -> RawMessage:
    """Given a whole RFC 5322 message and where it was found, return what :func:`parse` reads.

    The header block is kept byte for byte (up to and including the blank line that ends it;
    one longer than :data:`MAX_HEADER_BYTES` is cut there); the text/plain, text/html and
    calendar leaf parts (:data:`CALENDAR_TYPES`) are kept still transfer-encoded, in order.
    Attachments are left out (a ``Content-Disposition: attachment`` part, unless it is a
    calendar, which many senders attach as an ``.ics`` file), and so are embedded messages
    (message/rfc822, the returned mail of a bounce). An IMAP backend that fetches the same leaf
    parts by their section numbers gives the same result. The MIME structure is read in one
    pass as far as it goes, within the caps of the module's docstring (what lies beyond them
    is left out); never raises.
    """
    # The structure starts where the email package's parser starts the body: at the first line
    # that is no header line (a blank one is dropped), which may come before the blank line.
    lines = _PART_HEADER_LINES.match(data, 0, MAX_HEADER_BYTES)
    assert lines is not None
    if lines.end() >= MAX_HEADER_BYTES:
        body = _header_end(data)
    else:
        blank = _LINE_END.match(data, lines.end())
        body = blank.end() if blank is not None else lines.end()
    root = _mime_header(data[: lines.end()], "text/plain")
    parts = tuple(_text_leaves(data, body, root))
    headers = header_block(data)
    return RawMessage(folder, uid, internal_date, headers, parts, root.content_type)


def header_block(data: bytes) -> bytes:
    """Given a message (or its header block), return the header block as :func:`parse` reads
    it: up to and including the blank line that ends it, at most its first
    :data:`MAX_HEADER_BYTES` bytes (a field that runs past them keeps its start)."""
    return data[: min(_header_end(data), MAX_HEADER_BYTES)]


def content_type_params(value: str) -> tuple[tuple[str, str], ...]:
    """Given a Content-Type field's value, return its parameters as :func:`split_message` reads
    them: names lower case, values unquoted, RFC 2231 continuations joined and decoded; in one
    pass over at most :data:`MAX_FIELD_CHARS` characters."""
    rest = value[:MAX_FIELD_CHARS].partition(";")[2]
    # The parser reads octets as latin-1 characters (see _mime_header): give it the UTF-8.
    params, _boundary = _mime_params(rest.encode("utf-8", "surrogateescape").decode("latin-1"))
    return params


def compose_draft(
    draft: Draft,
    *,
    sender: Address,
    date: datetime,
    message_id: str,
    subject: str | None = None,
) -> bytes:
    """Given a draft, its sender, date and Message-ID, return it as RFC 5322 bytes (CRLF).

    ``subject`` overrides ``draft.subject``. Names and subjects have their line breaks and other
    control characters folded into spaces, so no header can be injected; a subject longer than
    :data:`MAX_SUBJECT_CHARS` is cut with "…". Non-ASCII headers are RFC 2047 encoded and the
    body is ``text/plain; charset=utf-8`` (quoted-printable unless it is ASCII). In-Reply-To and
    References thread the draft (References ends with In-Reply-To); ids that are not valid
    message ids, or too long for a header line, are left out. Raise ValueError if an address is
    not a valid addr-spec, if ``date`` is naive or if ``message_id`` is not a valid message id.
    """
    if date.tzinfo is None or date.utcoffset() is None:
        raise ValueError(f"the draft's date {date.isoformat()} has no time zone")
    own_id = _bare_id(message_id)
    if not own_id:
        raise ValueError(f"{message_id!r} is not a valid Message-ID")
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = _header_address(sender.name, sender.address)
    if draft.to:
        message["To"] = [_header_address(person.name, person.address) for person in draft.to]
    message["Subject"] = _clean_start(draft.subject if subject is None else subject)
    message["Date"] = email.utils.format_datetime(date)
    message["Message-ID"] = f"<{own_id}>"
    parent = _bare_id(draft.in_reply_to)
    references = [i for i in (_bare_id(r) for r in draft.references) if i]
    if parent and parent not in references:
        references.append(parent)
    if parent:
        message["In-Reply-To"] = f"<{parent}>"
    if references:
        message["References"] = " ".join(f"<{i}>" for i in dict.fromkeys(references))
    body = draft.body.replace("\r\n", "\n").replace("\r", "\n")
    short = all(len(line) <= 998 for line in body.split("\n"))
    cte = "7bit" if body.isascii() and short else "quoted-printable"
    message.set_content(body, subtype="plain", charset="utf-8", cte=cte)
    return message.as_bytes(policy=email.policy.SMTP)


def reply_subject(subject: str) -> str:
    """Given a subject, return it as a reply's: "Re: " before it unless it is already a reply,
    at most :data:`MAX_SUBJECT_CHARS` characters (a longer one is cut with "…").

    Re:, RE:, AW:, SV:, Réf: (any case, "Re[2]:" and "Re :" too) count as reply prefixes.
    """
    subject = _clean_start(subject)
    reply = subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}".rstrip()
    return _cut(reply, MAX_SUBJECT_CHARS)


def decode_header_text(value: str) -> str:
    """Given an unfolded header value, return it with its RFC 2047 encoded words decoded.

    Adjacent encoded words (only whitespace between them) join without the whitespace, and
    their bytes are decoded together, so a character split across two words survives. An
    unknown charset or undecodable bytes give replacement characters; never raises. Linear in
    the length of ``value``.
    """
    out: list[str] = []
    run: list[bytes] = []  # the bytes of adjacent words of one charset, decoded together
    run_charset = ""
    position = 0
    search_from = 0
    close = newline = -1  # the first "?=" and newline at or after some earlier position
    while (start := _ENCODED_WORD_START.search(value, search_from)) is not None:
        text_start = start.end()
        # An encoded word's text runs to the first "?=" on its line (RFC 2047 section 2, read
        # leniently as the old pattern ".*?\?=" did). Each search resumes where the last one
        # ended, so unterminated words cost one pass, not one pass each.
        if close < text_start:
            close = value.find("?=", text_start)
            if close < 0:
                break
        if newline < text_start:
            newline = value.find("\n", text_start)
            newline = len(value) if newline < 0 else newline
        if newline < close:
            search_from = start.start() + 1
            continue
        gap = value[position : start.start()]
        if gap and not (run and gap.isspace()):
            if run:
                out.append(decode_bytes(b"".join(run), run_charset))
                run = []
            out.append(gap)
        charset = start.group(1).partition("*")[0].lower() or "utf-8"
        data = value[text_start:close].encode("ascii", "replace")
        decoded = _unbase64(data) if start.group(2) in "bB" else _unquote(data, header=True)
        if run and run_charset != charset:
            out.append(decode_bytes(b"".join(run), run_charset))
            run = []
        run_charset = charset
        run.append(decoded)
        position = search_from = close + 2
    if run:
        out.append(decode_bytes(b"".join(run), run_charset))
    out.append(value[position:])
    return "".join(out)


def decode_bytes(data: bytes, charset: str) -> str:
    """Given bytes and their declared charset, return the text; never raises.

    A known charset decodes with replacement characters for bad bytes; an undeclared one (or
    us-ascii, often a lie) as UTF-8, else latin-1; an unknown one as UTF-8 with replacement.
    """
    name = charset.strip().strip("\"'").lower()
    if name in _UNDECLARED:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    name = email.charset.ALIASES.get(name, name)
    try:
        codecs.lookup(name)
        return data.decode(name, errors="replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        # Unknown names, non-text codecs (zlib) and codecs without "replace" (idna).
        return data.decode("utf-8", errors="replace")


def html_to_text(html: str) -> str:
    """Given an HTML document or fragment, return its readable text.

    Scripts and styles are dropped, block elements start new lines, entities are unescaped and
    runs of whitespace collapse; never raises. The markup is read as Python 3.11's HTMLParser
    reads it, but in one pass: a start tag that does not end (an attribute quote left open)
    makes the text up to the next ">" text, as in HTMLParser, until such tags have cost four
    more passes over the document; from then on the rest is text. Linear in the length of
    ``html``.
    """
    reader = _HtmlText(html)
    # A marked section HTMLParser cannot name ("<![foo[") stops it, and so it stops this reader.
    with contextlib.suppress(_StopReading):
        reader.read()
    return reader.text()


def parse_invite(text: str, method: str = "") -> Invite | None:
    """Given the text of a calendar part (and its ``method`` parameter), return its first event
    as :func:`parse_invites` reads it, or None if it has none; never raises."""
    return next(iter(parse_invites(text, method)), None)


def parse_invites(text: str, method: str = "") -> tuple[Invite, ...]:
    """Given the text of a calendar part (and its ``method`` parameter), return its events.

    METHOD comes from the calendar (else the parameter). Each VEVENT gives UID, SEQUENCE (0 if
    absent), DTSTART/DTEND (DURATION if there is no DTEND) as aware datetimes, ATTENDEEs and
    ORGANIZER as addresses (rooms and optional attendees named apart too), SUMMARY, LOCATION,
    DESCRIPTION and STATUS, with the calendar's PRODID. A ``TZID`` is read from the calendar's
    VTIMEZONE, else as an IANA or a Windows zone name ("W. Europe Standard Time", as Outlook
    writes it); a floating time, or one whose ``TZID`` nothing defines, is taken as UTC and
    marked ``floating``; a date without a time is midnight UTC, marked ``all_day``. At most
    :data:`MAX_EVENTS` events are read; one that cannot be read is left out. Return () if the
    text is not a calendar; never raises.
    """
    try:
        calendar = icalendar.Calendar.from_ical(text)
        events = list(calendar.walk("VEVENT"))[:MAX_EVENTS]
        found_method = _clean(str(calendar.get("METHOD", "") or method)).upper()
        product = _cut(_clean(str(calendar.get("PRODID", ""))), MAX_SUBJECT_CHARS)
    except Exception:
        # icalendar raises many exception types on broken input (ValueError, KeyError,
        # IndexError, TypeError...); a broken calendar holds no invitation.
        return ()
    invites: list[Invite] = []
    for event in events:
        with contextlib.suppress(Exception):  # the same: one broken event is no invitation
            invites.append(replace(_invite(event, found_method), product=product))
    return tuple(invites)


def _invite(event: icalendar.cal.Component, method: str) -> Invite:
    """Return the :class:`Invite` of one VEVENT; raise if it is broken."""
    raw_start = _property_value(event.get("DTSTART"))
    start = _aware(raw_start)
    end = _aware(_property_value(event.get("DTEND")))
    duration = _property_value(event.get("DURATION"))
    if end is None and start is not None and isinstance(duration, timedelta):
        end = start + duration
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    people = [(value, _calendar_address(value)) for value in attendees]
    resources = tuple(
        address.address
        for value, address in people
        if address is not None and _param_text(value, "CUTYPE").upper() in ("ROOM", "RESOURCE")
    )
    optional = tuple(
        address.address
        for value, address in people
        if address is not None
        and _param_text(value, "ROLE").upper() in ("OPT-PARTICIPANT", "NON-PARTICIPANT")
    )
    return Invite(
        method=method,
        uid=_clean(str(event.get("UID", ""))),
        sequence=_sequence(event.get("SEQUENCE", 0)),
        start=start,
        end=end,
        attendees=tuple(address for _, address in people if address is not None),
        organizer=_calendar_address(event.get("ORGANIZER")),
        summary=_clean_start(str(event.get("SUMMARY", ""))),
        location=_cut(_clean(str(event.get("LOCATION", ""))), MAX_DESCRIPTION_CHARS),
        description=_event_text(event.get("DESCRIPTION", "")),
        floating=isinstance(raw_start, datetime) and raw_start.utcoffset() is None,
        all_day=isinstance(raw_start, date) and not isinstance(raw_start, datetime),
        resources=resources,
        optional=optional,
        status=_clean(str(event.get("STATUS", ""))).upper(),
    )


def _event_text(value: object) -> str:
    """Return a DESCRIPTION as text: lines kept, each cleaned, at most
    :data:`MAX_DESCRIPTION_CHARS` characters."""
    text = str(value)[:MAX_DESCRIPTION_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_clean(line) for line in text.split("\n")).strip()


# Headers


def _header_end(data: bytes) -> int:
    """Return the length of the header block of ``data`` including the blank line ending it."""
    ends = [(i, len(sep)) for sep in (b"\r\n\r\n", b"\n\n") if (i := data.find(sep)) >= 0]
    if data.startswith((b"\r\n", b"\n")):
        return 2 if data.startswith(b"\r\n") else 1
    if not ends:
        return len(data)
    index, length = min(ends)
    return index + length


def _header_fields(block: bytes) -> dict[str, list[str]]:
    """Return the header fields of a header block: lower-case name -> unfolded values in order,
    each at most :data:`MAX_FIELD_CHARS` characters.

    Lines that are neither a field nor a continuation (an mbox "From " line, junk) are skipped.
    """
    fields: dict[str, list[str]] = {}
    current: list[bytes] | None = None
    order: list[tuple[str, list[bytes]]] = []
    for line in re.split(rb"\r\n|\n|\r", block[: _header_end(block)]):
        if not line.strip():
            if order:
                break
            continue
        if line[:1] in (b" ", b"\t"):
            if current is not None:
                current.append(line)
            continue
        name, colon, value = line.partition(b":")
        name = name.rstrip(b" \t")
        if not colon or not _FIELD_NAME.match(name):
            current = None
            continue
        current = [value]
        order.append((name.decode("ascii").lower(), current))
    for name, lines in order:
        value = b"".join(lines)[: MAX_FIELD_CHARS * 4]
        fields.setdefault(name, []).append(_raw_text(value).strip()[:MAX_FIELD_CHARS])
    return fields


def _raw_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _first(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name)
    return values[0] if values else ""


def _clean(text: str) -> str:
    """Return ``text`` on one line: control characters and runs of whitespace become a space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _cut(text: str, limit: int) -> str:
    """Return ``text``, or its start and "…" in ``limit`` characters if it is longer."""
    return text if len(text) <= limit else f"{text[: limit - 1].rstrip()}…"


def _clean_start(text: str, limit: int = MAX_SUBJECT_CHARS) -> str:
    """Return ``_cut(_clean(text), limit)`` without cleaning more of ``text`` than needed: a
    3 MB subject of short words would otherwise become a million-word list first."""
    window = limit + 1
    while True:
        # _clean of a prefix is a prefix of _clean of the whole (its last word may be cut).
        cleaned = _clean(text[:window])
        if window >= len(text) or len(cleaned) > limit:
            return _cut(cleaned, limit)
        window *= 2


def _parse_date(value: str) -> datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(_clean(value))
    except (ValueError, TypeError, OverflowError, IndexError):
        return None
    if when.tzinfo is None or when.utcoffset() is None:
        # RFC 5322 "-0000" (no zone information) comes back naive.
        when = when.replace(tzinfo=UTC)
    if not DATE_YEARS[0] <= when.year <= DATE_YEARS[1]:
        # A date no real mail has (a forged year 9999) would overflow later arithmetic.
        return None
    return when


def _bare_id(value: str) -> str:
    """Return a message id without brackets, or "" if it holds what no message id may hold or
    is too long for a header line."""
    token = value.strip().removeprefix("<").removesuffix(">")
    if len(token) > _MAX_ID_CHARS:
        return ""
    return token if _MESSAGE_ID_CHARS.match(token) else ""


def _ids(value: str) -> tuple[str, ...]:
    """Return the message ids of a References-like header, in order, without duplicates.

    Ids are taken from their angle brackets; with none, the value is split on whitespace and
    commas. Junk between ids (comments, stray text) is ignored.
    """
    value = _CONTROL.sub(" ", value)
    tokens = _ANGLE_ID.findall(value) or re.split(r"[\s,]+", value)
    ids = ("".join(token.split()).strip("<>") for token in tokens)
    return tuple(dict.fromkeys(i for i in ids if i))


def _first_id(value: str) -> str:
    ids = _ids(value)
    return ids[0] if ids else ""


def _derived_id(headers: bytes) -> str:
    """Return a stable id for a message without Message-ID, from its header block."""
    normal = headers.replace(b"\r\n", b"\n").replace(b"\r", b"\n").strip()
    return f"{hashlib.sha256(normal).hexdigest()[:32]}{MADE_UP_ID_DOMAIN}"


def _signals(
    fields: dict[str, list[str]],
    sender: Address | None,
    subject: str,
    content_type: str,
    out_of_office: Sequence[str],
) -> frozenset[Signal]:
    """Return the signals of automatic mail (RFC 3834, RFC 2369/2919, RFC 3462)."""
    signals: set[Signal] = set()
    auto = [_token(value) for value in fields.get("auto-submitted", [])]
    if any(kind != "no" for kind in auto):
        signals.add(Signal.AUTO_SUBMITTED)
    if "auto-replied" in auto:
        # RFC 3834: an automatic reply (out of office, vacation), whatever its subject says.
        signals.add(Signal.AUTO_REPLY)
    if "x-autoreply" in fields or "x-autorespond" in fields:
        signals.add(Signal.AUTO_REPLY)
    precedence = {_token(value) for value in fields.get("precedence", [])}
    if precedence & {"bulk", "list", "junk"}:
        signals.add(Signal.BULK)
    if "auto_reply" in precedence:
        signals.add(Signal.AUTO_REPLY)
    if "list-id" in fields or "list-unsubscribe" in fields:
        signals.add(Signal.MAILING_LIST)
    folded = subject.casefold()
    if any(phrase in folded for phrase in _folded_phrases(tuple(out_of_office))):
        signals.add(Signal.OUT_OF_OFFICE)
    top_types = {_bare_type(content_type), _bare_type(_first(fields, "content-type"))}
    local = sender.address.partition("@")[0] if sender else ""
    if "multipart/report" in top_types or local in _BOUNCE_LOCAL_PARTS:
        signals.add(Signal.DELIVERY_REPORT)
    return frozenset(signals)


@functools.lru_cache(maxsize=8)
def _folded_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases that have a word, case-folded (computed once per list of phrases)."""
    return tuple(phrase.casefold() for phrase in phrases if phrase.strip())


_COMMENT_MARK = re.compile(r"\\.|[()]", re.DOTALL)


def _uncomment(value: str) -> str:
    """Return ``value`` without its comments (RFC 5322 section 3.2.2: parenthesised, nested,
    with backslash escapes), each replaced by a space; an unclosed one runs to the end. The
    nesting is counted, never recursed into."""
    out: list[str] = []
    depth = 0
    position = 0
    for mark in _COMMENT_MARK.finditer(value):
        char = mark.group()
        if char == "(":
            if depth == 0:
                out.append(value[position : mark.start()])
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append(" ")
                position = mark.end()
    if depth == 0:
        out.append(value[position:])
    return "".join(out)


def _token(value: str) -> str:
    """Return the first token of a header value, lower case, without comments or parameters."""
    return _uncomment(value).partition(";")[0].strip().lower()


# Addresses


_ADDRESS_LEX = re.compile(r'[^\s()<>",;:\\]+|\s+|\\.?|.', re.DOTALL)
_QUOTED_TEXT = re.compile(r'(?:[^"\\]|\\.)*+', re.DOTALL)
_ANGLE_END = re.compile(r"[<>]")


@record
class _AddressToken:
    """A token of an address field: its kind ("word", "quoted", "comment", "angle", "space",
    or the special character itself: ",", ";", ":") and its text (unescaped)."""

    kind: str
    text: str


def _address_tokens(value: str) -> Iterator[_AddressToken]:
    """Yield the tokens of an address field in one forward pass (RFC 5322 section 3.4, read
    leniently): quoted strings, comments (nested, counted, never recursed into), angle
    addresses, words, spaces and the separators. An unclosed quote or comment runs to the end;
    an unclosed angle address to the next comma; a "<" before the ">" of an angle address
    starts it again; a stray ")" or ">" is dropped."""
    position, end = 0, len(value)
    while position < end:
        char = value[position]
        if char == '"':
            quoted = _QUOTED_TEXT.match(value, position + 1)
            assert quoted is not None
            unescaped = re.sub(r"\\(.)", r"\1", quoted.group(), flags=re.DOTALL)
            yield _AddressToken("quoted", unescaped)
            position = quoted.end() + 1
        elif char == "(":
            depth, cursor = 0, end
            for mark in _COMMENT_MARK.finditer(value, position):
                if mark.group() == "(":
                    depth += 1
                elif mark.group() == ")":
                    depth -= 1
                    if depth == 0:
                        cursor = mark.end()
                        break
            inner = value[position + 1 : cursor - 1 if depth == 0 else end]
            yield _AddressToken("comment", inner)
            position = cursor
        elif char == "<":
            close = _ANGLE_END.search(value, position + 1)
            if close is not None and close.group() == "<":
                position = close.start()  # this "<" opened nothing: start again at the next
                continue
            if close is None:
                comma = value.find(",", position)
                stop = end if comma < 0 else comma
                yield _AddressToken("angle", value[position + 1 : stop])
                position = stop
            else:
                yield _AddressToken("angle", value[position + 1 : close.start()])
                position = close.end()
        elif char in ",;:":
            yield _AddressToken(char, char)
            position += 1
        elif char in ")>":
            position += 1
        else:
            lexeme = _ADDRESS_LEX.match(value, position)
            assert lexeme is not None
            text = lexeme.group()
            if text.isspace():
                yield _AddressToken("space", " ")
            else:
                yield _AddressToken("word", text.replace("\\", "") if "\\" in text else text)
            position = lexeme.end()


def _address_segments(value: str) -> Iterator[list[_AddressToken]]:
    """Yield the mailboxes of an address list as runs of tokens: split at commas and
    semicolons; a group's name (what comes before its ":", as in "undisclosed-recipients:;")
    is left out."""
    segment: list[_AddressToken] = []
    angle = False
    for token in _address_tokens(value):
        if token.kind in (",", ";"):
            yield segment
            segment, angle = [], False
        elif token.kind == ":":
            if not angle:
                segment = []
        else:
            segment.append(token)
            angle = angle or token.kind == "angle"
    yield segment


def _units(tokens: Sequence[_AddressToken]) -> list[str]:
    """Return the runs of adjacent words and quoted strings (no space or comment between), each
    joined: '"john doe"@x.example' is one unit."""
    units: list[list[str]] = []
    joined = False
    for token in tokens:
        if token.kind in ("word", "quoted"):
            text = f'"{token.text}"' if token.kind == "quoted" else token.text
            if joined:
                units[-1].append(text)
            else:
                units.append([text])
            joined = True
        else:
            joined = False
    return ["".join(unit) for unit in units]


def _is_addr_spec(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and domain)


def _mailbox(tokens: Sequence[_AddressToken]) -> tuple[str, str] | None:
    """Return the display name and address of one mailbox's tokens, or None if they hold no
    address (only words, as the "Reyes" of an unquoted "Reyes, Dana <d@x.example>")."""
    angle = next((i for i, t in enumerate(tokens) if t.kind == "angle"), None)
    if angle is not None:
        # "Name <address>": every word before the angle is the name, "@" included, as in
        # iCIMS's unquoted "Acme Corp @ icims <acme+autoreply@talent.icims.com>". Comments
        # before it follow in parentheses, as email.utils.getaddresses gives them.
        words = " ".join(t.text for t in tokens[:angle] if t.kind in ("word", "quoted"))
        notes = " ".join(t.text for t in tokens[:angle] if t.kind == "comment")
        # An obsolete route (RFC 5322 section 4.4) comes before the address: "<@a,@b:x@y>".
        address = tokens[angle].text.rpartition(":")[2]
        return f"{words} ({notes})" if notes else words, address
    comments = " ".join(t.text for t in tokens if t.kind == "comment")
    units = _units(tokens)
    if not any("@" in unit for unit in units):
        return None
    full = [unit for unit in units if _is_addr_spec(unit)]
    if len(units) > 1 and len(full) == 1:
        # "Dana Reyes dana@x.example": the words beside a lone address are its name.
        return " ".join(u for u in units if u is not full[0]), full[0]
    return comments, "".join(units)


def _calendar_declared(content_type: str) -> bool:
    """Whether a top-level Content-Type announces an invitation: ``text/calendar``, or a
    multipart with a ``method`` parameter (as some calendar clients send)."""
    bare = _bare_type(content_type)
    if bare == "text/calendar":
        return True
    return (
        bare.startswith("multipart/")
        and "method" in content_type.lower()
        and any(name == "method" for name, _ in content_type_params(content_type))
    )


def _addresses(values: Sequence[str]) -> tuple[Address, ...]:
    """Return the mailboxes of address headers; garbage and group syntax leave nothing behind.

    One forward pass per value, at most :data:`MAX_ADDRESSES` mailboxes in all. The raw value is
    split first and each display name decoded afterwards: a decoded name may hold a comma
    ("Reyes, Dana") that would otherwise split one mailbox into two. Words standing alone before
    a comma belong to the name of the mailbox after it when that one has a name and an angle
    address (an unquoted "Reyes, Dana <d@x.example>"); else they are a bare local address.
    """
    found: list[Address] = []
    for value in values:
        value = _CONTROL.sub(" ", value[:MAX_FIELD_CHARS])
        plain = _plain_mailboxes(value)
        if plain is not None:
            for name, address in plain:
                if len(found) >= MAX_ADDRESSES:
                    return tuple(found)
                _add_address(found, name, address)
            continue
        pending: list[str] = []  # address-less words waiting for the next mailbox's name
        for tokens in _address_segments(value):
            if len(found) >= MAX_ADDRESSES:
                return tuple(found)
            mailbox = _mailbox(tokens)
            if mailbox is None:
                if units := _units(tokens):
                    pending.append(" ".join(units))
                continue
            name, address = mailbox
            if pending and name and any(t.kind == "angle" for t in tokens):
                name = ", ".join([*pending, name])
            else:
                for orphan in pending:
                    _add_address(found, "", orphan)
            pending = []
            _add_address(found, name, address)
        for orphan in pending:
            _add_address(found, "", orphan)
    return tuple(found[:MAX_ADDRESSES])


_PLAIN_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+"
_PLAIN_MAILBOX = re.compile(
    rf"[ \t]*(?:({_PLAIN_ATOM}@[A-Za-z0-9.-]+)"
    rf"|(?:({_PLAIN_ATOM}(?:[ \t]+{_PLAIN_ATOM})*)|\"([^\"\\,\x00-\x1f\x7f]*)\")?"
    rf"[ \t]*<({_PLAIN_ATOM}@[A-Za-z0-9.-]+)>)[ \t]*"
)
"""A mailbox as most mail writes it: a bare ``local@domain``, or ``<local@domain>`` after
nothing, plain words, or a quoted name without escapes or commas."""


def _plain_mailboxes(value: str) -> list[tuple[str, str]] | None:
    """Return the (name, address) of each mailbox of an address field whose mailboxes are all
    plain (:data:`_PLAIN_MAILBOX`, separated by commas), as the full reading of
    :func:`_addresses` finds them; None for any other field, which that reading takes."""
    if not value or "@" not in value:
        return None
    found = []
    for part in value.split(","):
        plain = _PLAIN_MAILBOX.fullmatch(part)
        if plain is None:
            return None
        bare, words, quoted, angle = plain.groups()
        if bare is not None:
            found.append(("", bare))
        else:
            found.append((quoted if quoted is not None else " ".join((words or "").split()), angle))
    return found


def _add_address(found: list[Address], name: str, address: str) -> None:
    """Append the mailbox to ``found`` if its address is one: not empty, and with a local part
    and a domain around its "@" if it has one."""
    address = "".join(address.split()).strip("<>").lower()
    if not address or ("@" in address and not _is_addr_spec(address)):
        return
    found.append(Address(_clean(decode_header_text(name)).strip("\"' "), address))


# Bodies


def _bare_type(content_type: str) -> str:
    return content_type.partition(";")[0].strip().lower()


def _param(part: RawPart, name: str) -> str:
    for key, value in part.params:
        if key.lower() == name:
            return value
    return ""


def _bounded_parts(parts: Sequence[RawPart]) -> list[RawPart]:
    """Return the first :data:`MAX_PARTS` parts, each payload cut to :data:`MAX_PART_BYTES`, and
    none once :data:`MAX_TEXT_BYTES` have been read (a backend may have fetched more)."""
    bounded: list[RawPart] = []
    budget = MAX_TEXT_BYTES
    for part in parts[:MAX_PARTS]:
        if budget <= 0:
            break
        size = min(len(part.payload), MAX_PART_BYTES, budget)
        budget -= size
        if size < len(part.payload):
            part = replace(part, payload=part.payload[:size])
        bounded.append(part)
    return bounded


def _part_text(part: RawPart, limit: int | None = None) -> str:
    """Return the text of a part: transfer-decoded, charset-decoded, line ends made "\\n", at
    most ``limit`` characters, format=flowed lines joined."""
    data = part.payload
    encoding = _token(part.encoding)
    if encoding == "base64":
        data = _unbase64(data)
    elif encoding == "quoted-printable":
        data = _unquote(data)
    text = decode_bytes(data, part.charset or _param(part, "charset"))
    if limit is not None:
        text = text[:limit]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _param(part, "format").lower() == "flowed":
        text = _unflow(text, delete_space=_param(part, "delsp").lower() == "yes")
    return text


def _unflow(text: str, *, delete_space: bool) -> str:
    """Return format=flowed text (RFC 3676) with its soft line breaks joined.

    A line ending in a space continues on the next line of the same quote depth; the
    signature separator "-- " does not. A leading space (space-stuffing) is removed.
    """
    lines: list[tuple[int, list[str]]] = []  # quote depth, the pieces of one joined line
    joining = False
    for line in text.split("\n"):
        quote = len(line) - len(line.lstrip(">"))
        content = line[quote:]
        content = content[1:] if content.startswith(" ") else content
        if joining and lines and lines[-1][0] == quote:
            lines[-1][1].append(content)
        else:
            lines.append((quote, [content]))
        joining = content.endswith(" ") and content != "-- "
        if joining and delete_space:
            lines[-1][1][-1] = content[:-1]
    return "\n".join(f"{'>' * depth}{' ' if depth else ''}{''.join(body)}" for depth, body in lines)


def _body_text(parts: Sequence[RawPart], max_text: int) -> str:
    """Return the readable text of the parts: text/plain preferred, else text/html converted.

    Only the start of long parts is read: plain text up to :data:`PLAIN_PER_TEXT_CHAR`, HTML up
    to :data:`HTML_PER_TEXT_CHAR` characters per character wanted, all parts together.
    """
    wanted = max(max_text, 1000)
    plain = [p for p in parts if _bare_type(p.content_type) == "text/plain"]
    html = [p for p in parts if _bare_type(p.content_type) == "text/html"]
    texts: list[str] = []
    if plain:
        converter, budget, sources = None, wanted * PLAIN_PER_TEXT_CHAR, plain
    else:
        # HTML mail carries much markup per character of text; bound the work, not just the
        # result.
        converter, budget, sources = html_to_text, wanted * HTML_PER_TEXT_CHAR, html
    for part in sources:
        if budget <= 0:
            break
        text = _part_text(part, budget)
        budget -= len(text)
        text = converter(text) if converter is not None else text.strip()
        if text:
            texts.append(text)
    return "\n\n".join(texts)[:max_text]


_NOT_BASE64 = bytes(
    set(range(256)) - set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
)


def _unbase64(data: bytes) -> bytes:
    """Decode base64 leniently: drop stray characters, stop at padding, repair missing padding."""
    # bytes.translate, not re.sub: a substitution per stray byte costs ~100 bytes of memory each.
    clean = data.translate(None, _NOT_BASE64).partition(b"=")[0]
    if len(clean) % 4 == 1:
        clean = clean[:-1]
    return binascii.a2b_base64(clean + b"=" * (-len(clean) % 4))


def _unquote(data: bytes, *, header: bool = False) -> bytes:
    return binascii.a2b_qp(data, header=header)


# HTML: what html.parser.HTMLParser (convert_charrefs=True) reads, in one pass. The patterns
# are HTMLParser's own (Python 3.11), so ordinary markup gives the same tags and text; only the
# attribute loop of _TAG_START is possessive, which gives the same matches (what follows it
# always matches) without the backtracking state sre would keep for every attribute.

_TAG_START = re.compile(
    r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*+                             # possessive: see above
   )?
  \s*                                # trailing whitespace
""",
    re.VERBOSE,
)
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)"
    r"(\s*=+\s*('[^']*'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?"
    r"(?:\s|/(?!>))*"
)
_END_TAG = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_DECLARATION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_SECTION_CLOSE = {
    **dict.fromkeys(("temp", "cdata", "ignore", "include", "rcdata"), re.compile(r"]\s*]\s*>")),
    **dict.fromkeys(("if", "else", "endif"), re.compile(r"]\s*>")),
}
_MARKUP_START = re.compile(r"<[a-zA-Z/!?]")
_SIMPLE_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)>")
_TAG_OPEN = re.compile(r"<(?:[a-zA-Z]|!\[)")
_LONG_DECIMAL_REF = re.compile(r"&#([0-9]{100,})")
_WHITESPACE = re.compile(r"\s+")


class _StopReading(Exception):
    """Markup after which HTMLParser reads nothing more."""


class _Search:
    """Repeated searches for one pattern in one text, from positions that never go back: each
    answer is reused while it lies ahead, so all of them together cost one pass."""

    def __init__(self, pattern: re.Pattern[str] | str, text: str) -> None:
        self._pattern = pattern
        self._text = text
        self._since = -1
        self._found: tuple[int, int] | None = None

    def find(self, position: int) -> tuple[int, int] | None:
        """Return (start, end) of the first match at or after ``position``, or None."""
        if (
            self._since < 0
            or position < self._since
            or (self._found is not None and self._found[0] < position)
        ):
            self._since = position
            if isinstance(self._pattern, str):
                start = self._text.find(self._pattern, position)
                self._found = None if start < 0 else (start, start + len(self._pattern))
            else:
                match = self._pattern.search(self._text, position)
                self._found = None if match is None else match.span()
        return self._found


def _unescape(text: str) -> str:
    """html.unescape, which raises ValueError on a decimal character reference of more than
    4300 digits (Python's limit on int()); such a reference names no character."""
    if "&#" in text and _LONG_DECIMAL_REF.search(text):
        text = _LONG_DECIMAL_REF.sub(_shorter_reference, text)
    return html.unescape(text)


def _shorter_reference(match: re.Match[str]) -> str:
    digits = match.group(1).lstrip("0") or "0"
    return f"&#{digits}" if len(digits) < 8 else "&#1114112"  # above U+10FFFF: U+FFFD


class _HtmlText:
    """Collect the readable text of HTML (see :func:`html_to_text`)."""

    SKIP = frozenset({"script", "style", "title", "noscript", "template", "head"})
    PARAGRAPH = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "hr"}
    )
    LINE = frozenset(
        {"br", "div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "nav"}
        | {"address", "center", "form", "fieldset", "main", "aside", "figure", "dl"}
    )
    RAW = frozenset({"script", "style"})

    def __init__(self, markup: str) -> None:
        self._html = markup
        self._chunks: list[str | int] = []
        self._skipping: list[str] = []
        self._skipped: Counter[str] = Counter()
        # HTMLParser reads a start tag it finds incomplete (a quote left open) as far as the
        # end of the document, then moves on only to the next ">": each costs up to the rest of
        # the document. This budget, four passes, bounds what they may cost together.
        self._rescan_budget = 4 * len(markup)
        self._markup_start = _Search(_MARKUP_START, markup)
        self._tag_open = _Search(_TAG_OPEN, markup)
        self._gt = _Search(">", markup)
        self._comment_close = _Search(re.compile(r"--\s*>"), markup)
        self._raw_ends = {
            tag: _Search(re.compile(rf"</\s*{tag}\s*>", re.I), markup) for tag in self.RAW
        }
        self._section_ends = {name: _Search(p, markup) for name, p in _SECTION_CLOSE.items()}

    def read(self) -> None:
        """Read the markup from start to end (HTMLParser.goahead with end=True)."""
        markup, n = self._html, len(self._html)
        i = 0
        raw: str | None = None
        while i < n:
            if raw is not None:
                # RFC-less but as browsers and HTMLParser do: a script or style runs to its end
                # tag, whatever it holds; unclosed, the rest of the document is dropped.
                found = self._raw_ends[raw].find(i)
                if found is None:
                    return
                if i < found[0]:
                    self._data(markup[i : found[0]])
                self._end_tag(raw)
                i, raw = found[1], None
                continue
            # Up to the next "<" that can start markup: HTMLParser reads a "<" that cannot (as
            # in "a < b") as text on its own, which makes the same text.
            start = self._markup_start.find(i)
            j = n if start is None else start[0]
            if i < j:
                self._data(_unescape(markup[i:j]))
            i = j
            if i == n:
                break
            simple = _SIMPLE_TAG.match(markup, i)
            if simple is not None:
                # "<p>", "</td>": what HTMLParser's patterns read as a bare tag, without them.
                tag = simple.group(2).lower()
                if simple.group(1):
                    self._end_tag(tag)
                else:
                    self._start(tag)
                    raw = tag if tag in self.RAW else None
                k = simple.end()
            elif i + 1 < n and markup[i + 1].isascii() and markup[i + 1].isalpha():
                k, raw = self._start_tag(i)
                if k == -2:
                    self._data(_unescape(markup[i:]))
                    return
            elif markup.startswith("</", i):
                k = self._end_tag_at(i)
            elif markup.startswith("<!--", i):
                k = self._until(self._comment_close, i + 4)
            elif markup.startswith("<?", i):
                k = self._until(self._gt, i + 2)
            elif markup.startswith("<!", i):
                k = self._declaration(i)
            elif i + 1 < n:
                self._data("<")
                k = i + 1
            else:
                break
            if k < 0:
                gt = self._gt.find(i + 1)
                if gt is not None:
                    k = gt[1]
                else:
                    # With no ">" left, no end tag, comment or declaration can end: HTMLParser
                    # makes each text up to the next "<"; read them all as one text, up to the
                    # next start tag (the only markup that can end without ">") or marked
                    # section (which can stop HTMLParser).
                    nxt = self._tag_open.find(i + 1)
                    k = nxt[0] if nxt is not None else n
                self._data(_unescape(markup[i:k]))
            i = k
        if i < n and raw is None:
            self._data(_unescape(markup[i:n]))

    def _until(self, search: _Search, position: int) -> int:
        found = search.find(position)
        return -1 if found is None else found[1]

    def _start_tag(self, i: int) -> tuple[int, str | None]:
        """Read the start tag at ``i``; return where reading goes on (-1: incomplete, -2: the
        rescan budget is spent) and the tag if it opens a script or style."""
        markup = self._html
        located = _TAG_START.match(markup, i)
        assert located is not None
        j = located.end()
        after = markup[j : j + 1]
        if after == ">":
            end = j + 1
        elif after == "/":
            end = j + 2 if markup.startswith("/>", j) else -1
        elif after == "" or (after.isascii() and after.isalpha()) or after in "=/":
            end = -1
        else:
            end = j if j > i else i + 1
        if end < 0:
            self._rescan_budget -= len(markup) - i
            return (-2 if self._rescan_budget < 0 else -1), None
        name = _TAG_NAME.match(markup, i + 1)
        assert name is not None
        tag = name.group(1).lower()
        k = name.end()
        while k < end:
            attribute = _ATTRIBUTE.match(markup, k, end)
            if not attribute:
                break
            k = attribute.end()
        rest = markup[k:end].strip()
        if rest not in (">", "/>"):
            self._data(markup[i:end])
            return end, None
        if rest.endswith("/>"):
            self._break(tag)
            return end, None
        self._start(tag)
        return end, tag if tag in self.RAW else None

    def _end_tag_at(self, i: int) -> int:
        markup = self._html
        gt = self._gt.find(i + 1)
        if gt is None:
            return -1
        match = _END_TAG.match(markup, i, gt[1])
        if match is not None:
            self._end_tag(match.group(1).lower())
            return gt[1]
        name = _TAG_NAME.match(markup, i + 2, gt[1])
        if name is None:
            return i + 3 if markup.startswith("</>", i) else self._until(self._gt, i + 2)
        self._end_tag(name.group(1).lower())
        return gt[1]

    def _declaration(self, i: int) -> int:
        markup = self._html
        if markup.startswith("<![", i):
            name = _DECLARATION_NAME.match(markup, i + 3)
            if name is None or name.end() == len(markup):
                if name is None and i + 3 < len(markup):
                    raise _StopReading
                return -1
            section = self._section_ends.get(name.group().strip().lower())
            if section is None:
                raise _StopReading
            return self._until(section, i + 3)
        if markup[i : i + 9].lower() == "<!doctype":
            return self._until(self._gt, i + 9)
        return self._until(self._gt, i + 2)

    def _start(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping.append(tag)
            self._skipped[tag] += 1
        elif tag == "body":
            # A <head> left open (browsers close it implicitly) must not hide the body.
            self._skipping.clear()
            self._skipped.clear()
        self._break(tag)

    def _end_tag(self, tag: str) -> None:
        if self._skipped[tag]:
            while self._skipping:
                popped = self._skipping.pop()
                self._skipped[popped] -= 1
                if popped == tag:
                    break
        self._break(tag)

    def _data(self, data: str) -> None:
        if not self._skipping:
            self._chunks.append(_WHITESPACE.sub(" ", data))

    def _break(self, tag: str) -> None:
        if tag in self.PARAGRAPH:
            self._chunks.append(2)
        elif tag in self.LINE:
            self._chunks.append(1)
        elif tag in ("td", "th"):
            self._chunks.append(" ")

    def text(self) -> str:
        """Return the text read so far: adjacent breaks merge (the larger wins)."""
        out: list[str] = []
        pending = 0
        for chunk in self._chunks:
            if isinstance(chunk, int):
                pending = max(pending, chunk)
            elif chunk.strip():
                if pending and out:
                    out.append("\n" * pending)
                pending = 0
                out.append(chunk)
            elif not pending:
                out.append(chunk)
        lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
        return "\n".join(lines).strip()


# Invitations


def _property_value(value: object) -> object:
    """Return the Python value of an icalendar date, datetime or duration property."""
    return getattr(value, "dt", value)


def _aware(value: object) -> datetime | None:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return _plain_zone(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def _plain_zone(moment: datetime) -> datetime:
    """Return an aware time with a zoneinfo zone or a fixed offset.

    icalendar builds the zone of a ``TZID`` it cannot name from the calendar's VTIMEZONE (as
    Outlook sends "W. Europe Standard Time"): a dateutil zone that walks its rules from the
    year 1601 at every use, some ten milliseconds each. Such a time gets the IANA zone of its
    Windows name when that zone has the same offset at that moment, else its fixed offset.
    """
    zone = moment.tzinfo
    if zone is None or isinstance(zone, (ZoneInfo, timezone)):
        return moment
    offset = moment.utcoffset()
    if offset is None:
        return moment.replace(tzinfo=UTC)
    name = str(getattr(zone, "_tzid", "") or "")
    key = WINDOWS_TO_OLSON.get(name, name)
    try:
        named = moment.replace(tzinfo=ZoneInfo(key))
    except (ValueError, KeyError, OSError):  # no such zone (ZoneInfoNotFoundError: a KeyError)
        return moment.replace(tzinfo=timezone(offset))
    return named if named.utcoffset() == offset else moment.replace(tzinfo=timezone(offset))


def _sequence(value: object) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _param_text(value: object, name: str) -> str:
    """Return a parameter of an icalendar property ("CUTYPE"), or ""."""
    params = getattr(value, "params", {})
    found = params.get(name, "") if isinstance(params, Mapping) else ""
    return _clean(str(found))


def _calendar_address(value: object) -> Address | None:
    """Return the address of an ATTENDEE or ORGANIZER ("mailto:..." with a CN parameter)."""
    if value is None:
        return None
    text = str(value).strip()
    address = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE).strip().lower()
    if not address:
        return None
    params = getattr(value, "params", {})
    name = params.get("CN", "") if hasattr(params, "get") else ""
    return Address(_clean(str(name)).strip("\"'"), address)


# Splitting: MIME (RFC 2045, RFC 2046) in one forward pass, read as the email package's feed
# parser reads it (a delimiter line of any enclosing multipart ends the parts inside it, the
# line end before a delimiter belongs to the delimiter), without its recursion or its
# per-line work.


@record
class _Mime:
    """What the MIME header of an entity says: its type (the email package's reading: the
    default for none or one without a single "/"), its parameters (names lower case, values
    unquoted, RFC 2231 joined and decoded), its boundary as bytes, its disposition and its
    transfer encoding."""

    content_type: str
    params: tuple[tuple[str, str], ...]
    boundary: bytes | None
    disposition: str
    encoding: str
    filename: str = ""


_PART_HEADER_LINES = re.compile(rb"(?:(?:From |[!-9;-~]*:|[ \t])[^\r\n]*+(?:\r\n|\r|\n|\Z))*+")
_LINE_END = re.compile(rb"\r\n|\r|\n")
_MIME_FIELD = re.compile(
    rb"(?<![^\r\n])(content-type|content-disposition|content-transfer-encoding)[ \t]*:"
    rb"([^\r\n]*+(?:(?:\r\n|\r|\n)[ \t][^\r\n]*+)*+)",
    re.IGNORECASE,
)
_RFC2231_NAME = re.compile(r"^(\w+)\*(?:([0-9]{1,4})\*?)?$", re.ASCII)


def _mime_header(block: bytes, default: str) -> _Mime:
    """Return what the MIME fields of a header block say (the first of each name counts)."""
    found: dict[bytes, str] = {}
    for field in _MIME_FIELD.finditer(block):
        name = field.group(1).lower()
        if name not in found:
            unfolded = field.group(2)[: MAX_FIELD_CHARS * 4].replace(b"\r", b"").replace(b"\n", b"")
            # Latin-1 maps bytes to characters one to one: a boundary comes back unchanged.
            found[name] = unfolded.decode("latin-1").strip()[:MAX_FIELD_CHARS]
            if len(found) == 3:
                break
    value = found.get(b"content-type")
    content_type = default
    params: tuple[tuple[str, str], ...] = ()
    boundary = None
    if value is not None:
        kind, _, rest = value.partition(";")
        kind = kind.strip().lower()
        content_type = kind if kind.count("/") == 1 else "text/plain"
        params, boundary = _mime_params(rest)
    kind, _, rest = found.get(b"content-disposition", "").partition(";")
    disposition = kind.strip().lower()
    filename = leaf_filename(_mime_params(rest)[0] if rest else (), params)
    encoding = _token(found.get(b"content-transfer-encoding", ""))
    return _Mime(content_type, params, boundary, disposition, encoding, filename)


def _mime_params(text: str) -> tuple[tuple[tuple[str, str], ...], bytes | None]:
    """Given the parameters of a Content-Type after its type (read as latin-1), return them and
    the boundary's bytes (None without one).

    Parameters are split at semicolons outside quotes, names lower case, values unquoted and
    read as UTF-8 if they are, else latin-1; RFC 2231 continuations are joined in order and
    extended values decoded from their charset, after the plain parameters (as the email
    package orders them).
    """
    params: list[tuple[str, str]] = []
    boundary: bytes | None = None
    pieces: dict[str, list[tuple[int, bool, str]]] = {}
    for item in _split_params(text):
        name, equals, value = item.partition("=")
        name = name.strip().lower()
        if not name:
            continue
        value = _unquote_param(value.strip()) if equals else ""
        continuation = _RFC2231_NAME.match(name)
        if continuation is None:
            if name == "boundary" and boundary is None:
                boundary = value.rstrip().encode("latin-1")
            params.append((name, _latin1_text(value)))
            continue
        number = int(continuation.group(2)) if continuation.group(2) else -1
        pieces.setdefault(continuation.group(1), []).append((number, name.endswith("*"), value))
    for name, parts in pieces.items():
        parts.sort(key=lambda part: part[0])
        joined = "".join(
            urllib.parse.unquote(value, encoding="latin-1") if encoded else value
            for _, encoded, value in parts
        )
        if any(encoded for _, encoded, _ in parts):
            charset, _, rest = joined.partition("'")
            language_and_text = rest.partition("'")
            if language_and_text[1]:
                text_value = _rfc2231_text(language_and_text[2], charset)
            else:
                text_value = _rfc2231_text(joined, "")
        else:
            text_value = _latin1_text(joined)
        if name == "boundary" and boundary is None:
            boundary = text_value.rstrip().encode("utf-8", "surrogateescape")
        params.append((name, text_value))
    return tuple(params), (boundary or None)


def _split_params(text: str) -> Iterator[str]:
    """Yield the semicolon-separated items of ``text``; a semicolon inside a quoted string (a
    quote not preceded by a backslash opens or closes one) separates nothing."""
    start = 0
    quoted = False
    for mark in re.finditer(r'\\"|"|;', text):
        char = mark.group()
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            yield text[start : mark.start()]
            start = mark.end()
    yield text[start:]


def _unquote_param(value: str) -> str:
    """Return a parameter value without its quotes (email.utils.unquote)."""
    if len(value) > 1 and value.startswith('"') and value.endswith('"'):
        return value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
    if len(value) > 1 and value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    return value


def _latin1_text(value: str) -> str:
    """Return a value read from latin-1 as UTF-8 if it is valid UTF-8."""
    return value if value.isascii() else _raw_text(value.encode("latin-1", "replace"))


def _rfc2231_text(value: str, charset: str) -> str:
    """Return an RFC 2231 extended value (its octets as latin-1 characters) decoded from its
    charset (us-ascii if none), with replacement characters; an unknown one leaves it as is."""
    data = value.encode("latin-1", "replace")
    try:
        return data.decode(charset or "us-ascii", errors="replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return value


@functools.lru_cache(maxsize=64)
def _delimiters(boundaries: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """Return the pattern of a delimiter line of any of ``boundaries`` (RFC 2046 section
    5.1.1): at a line start, "--", the boundary, "--" if it closes, transport padding, the line
    end. The pattern starts with the literal "--" so the search skips along at C speed."""
    choices = b"|".join(re.escape(b) for b in sorted(boundaries, key=len, reverse=True))
    return re.compile(rb"--(?<![^\r\n]--)(" + choices + rb")(--)?[ \t]*(?:\r\n|\r|\n|\Z)")


@functools.lru_cache(maxsize=64)
def _delimiter_run(boundary: bytes) -> re.Pattern[bytes]:
    """Return the pattern of a run of delimiter lines of ``boundary`` (possibly none),
    matched at C speed: a crafted run of a million costs no Python loop."""
    return re.compile(
        rb"(?:--(?<![^\r\n]--)" + re.escape(boundary) + rb"(?:--)?[ \t]*+(?:\r\n|\r|\n|\Z))*+"
    )


@dataclass
class _Multipart:
    """A multipart being read: its boundary, whether parts default to message/rfc822
    (multipart/digest) and whether its closing delimiter was seen (its epilogue follows)."""

    boundary: bytes
    digest: bool
    closed: bool = False


def _text_leaves(data: bytes, body: int, root: _Mime) -> Iterator[RawPart]:
    """Yield the text leaf parts of a message whose body starts at ``body``, in order."""
    open_parts: list[_Multipart] = []
    header_budget = MAX_HEADER_BYTES
    text_budget = MAX_TEXT_BYTES
    entities = 0

    def delimiter(position: int) -> tuple[re.Match[bytes] | None, dict[bytes, int]]:
        """The next delimiter line of an open multipart at or after ``position``, and which
        multipart each boundary belongs to (the outermost, as the email package reads it)."""
        owners: dict[bytes, int] = {}
        for index in range(len(open_parts) - 1, -1, -1):
            if not open_parts[index].closed:
                owners[open_parts[index].boundary] = index
        if not owners:
            return None, owners
        return _delimiters(tuple(sorted(owners))).search(data, position), owners

    mime, position = root, body
    while True:
        # An entity starts at ``position`` with its header ``mime`` read: a multipart opens,
        # anything else runs to the next delimiter (or the end) and may be a text leaf.
        entities += 1
        found, owners = delimiter(position)
        limit = found.start() if found is not None else len(data)
        boundary = mime.boundary
        if (
            mime.content_type.startswith("multipart/")
            and boundary is not None
            and len(open_parts) < MAX_DEPTH
        ):
            open_parts.append(_Multipart(boundary, mime.content_type == "multipart/digest"))
            found, owners = delimiter(position)
        elif (
            kind := fetched_type(mime.content_type, mime.disposition == "attachment", mime.filename)
        ) and text_budget > 0:
            payload = data[position : min(limit, position + MAX_PART_BYTES + 2)]
            if open_parts:
                # The line end before a delimiter belongs to the delimiter (RFC 2046 section
                # 5.1.1); the email package drops one at the end of the data too.
                payload = payload.removesuffix(b"\n").removesuffix(b"\r")
            payload = payload[: min(MAX_PART_BYTES, text_budget)]
            text_budget -= len(payload)
            yield RawPart(
                content_type=kind,
                payload=payload,
                charset=dict(mime.params).get("charset", "").strip().lower(),
                encoding=mime.encoding,
                params=mime.params,
            )
        # Find the delimiter that starts the next entity.
        while True:
            if found is None or entities >= MAX_PARTS:
                return
            owner = owners[found.group(1)]
            del open_parts[owner + 1 :]
            position = found.end()
            if found.group(2):
                open_parts[owner].closed = True
                found, owners = delimiter(position)
                continue
            # Delimiters right after a delimiter of the same multipart delimit nothing.
            again = _delimiter_run(open_parts[owner].boundary).match(data, position)
            position = again.end() if again is not None else position
            break
        headers = _PART_HEADER_LINES.match(data, position, min(len(data), position + header_budget))
        assert headers is not None
        block_end = headers.end()
        found, owners = delimiter(position)
        if found is not None and found.start() < block_end:
            block_end = found.start()
        header_budget -= block_end - position
        default = "message/rfc822" if open_parts[owner].digest else "text/plain"
        mime = _mime_header(data[position:block_end], default)
        blank = _LINE_END.match(data, block_end)
        position = blank.end() if blank is not None else block_end
        if header_budget <= 0:
            return


def _header_address(name: str, address: str) -> HeaderAddress:
    try:
        return HeaderAddress(display_name=_clean(name), addr_spec=address.strip())
    except (ValueError, TypeError, IndexError, email.errors.HeaderParseError) as error:
        raise ValueError(f"{address!r} is not a valid email address") from error
