"""Synthetic calendar invitations for the tests of interviews found in mail: an invitation
(``METHOD:REQUEST``), a new time (the same UID, a higher SEQUENCE) or a cancellation
(``METHOD:CANCEL``), written as calendar programs send them (a ``multipart/mixed`` whose
``multipart/alternative`` holds the text and the ``text/calendar`` part, and the ``.ics`` again
as an attachment). Every message is marked ``X-Watcher-Test: synthetic``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

USER = "Alex Example <alex@example.com>"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    *,
    method: str,
    uid: str,
    sequence: int,
    start: datetime,
    organizer: tuple[str, str],
    attendees: Sequence[tuple[str, str]],
    summary: str,
    sent: datetime,
    length: timedelta = timedelta(hours=1),
) -> str:
    """Return the text of a one-event iCalendar object (RFC 5545) with CRLF line ends."""
    status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//watcher tests//synthetic invitations//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_stamp(sent)}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(start + length)}",
        f"SUMMARY:{summary}",
        f"ORGANIZER;CN={organizer[0]}:mailto:{organizer[1]}",
        *(
            f"ATTENDEE;CN={name};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:{address}"
            for name, address in attendees
        ),
        f"STATUS:{status}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def invitation(
    *,
    message_id: str,
    uid: str,
    start: datetime,
    sent: datetime,
    sequence: int = 0,
    method: str = "REQUEST",
    organizer: tuple[str, str] = ("Rita Gomez", "rita@acme.example"),
    interviewers: Sequence[tuple[str, str]] = (("Dana Reyes", "dana@acme.example"),),
    summary: str = "Interview",
    to: str = USER,
    user: tuple[str, str] = ("Alex Example", "alex@example.com"),
    in_reply_to: str = "",
) -> bytes:
    """Return the bytes of a synthetic invitation (or, with ``method`` "CANCEL", a
    cancellation) from ``organizer`` to the user, with ``interviewers`` and the user as
    attendees; its subject reads as a calendar program writes one."""
    ics = calendar(
        method=method,
        uid=uid,
        sequence=sequence,
        start=start,
        organizer=organizer,
        attendees=[*interviewers, user],
        summary=summary,
        sent=sent,
    )
    when = f"{start.astimezone(UTC):%a %b %d, %Y %H:%M} UTC"
    prefix = {
        "CANCEL": "Canceled event",
        "REQUEST": "Updated invitation" if sequence else "Invitation",
    }[method]
    message = EmailMessage()
    message["From"] = f"{organizer[0]} <{organizer[1]}>"
    message["To"] = to
    message["Subject"] = f"{prefix}: {summary} @ {when}"
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
        message["References"] = f"<{in_reply_to}>"
    message["X-Watcher-Test"] = "synthetic"
    message["MIME-Version"] = "1.0"
    body = EmailMessage()
    body.set_content(f"{summary}\n\nWhen: {when}\n\nThis is a synthetic invitation for tests.\n")
    body.add_alternative(ics, subtype="calendar", params={"method": method})
    message.make_mixed()
    message.attach(body)
    message.add_attachment(
        ics.encode("utf-8"), maintype="application", subtype="ics", filename="invite.ics"
    )
    return message.as_bytes()
