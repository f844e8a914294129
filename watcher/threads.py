"""Where a draft goes in its thread: the message it answers, its References, its subject.

A draft answers the last message a person wrote in the conversation with its recipients: a
reply from one of them, or mail the user sent to one of them. Never an automatic reply (an
out-of-office, "Automatic reply: ..."), a calendar response ("Accepted: ..."), a delivery
report, nor a draft or nudge watcher made: answering those would put "Re: Automatic reply: ..."
in front of a hiring manager. Its subject is that message's subject with one "Re: " in front;
with no such message the draft starts a thread of its own under its template's subject.

Pure: no clock, disk or network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from watcher.models import (
    MADE_UP_ID_DOMAIN,
    EventKind,
    Person,
    ReplyKind,
    Timeline,
    address_of,
)
from watcher.record import record

_THREAD_KINDS = frozenset({EventKind.REPLY, EventKind.SENT})

# Subjects that machines write: calendar responses, automatic replies and delivery reports, in
# the languages watcher reads. A message so titled is not one a person wrote.
_MACHINE_SUBJECT = re.compile(
    r"^\s*(?:"
    r"accepted|declined|tentative(?:ly accepted)?|updated invitation|invitation|canceled|cancelled"
    r"|automatic reply|auto(?:matic)?[- ]?reply|autoreply|out of (?:the )?office"
    r"|undeliverable|undelivered mail|delivery status notification|mail delivery failed"
    r"|accepté|refusé|provisoire|réponse automatique|absence du bureau|non remis"
    r"|angenommen|abgelehnt|mit vorbehalt|automatische antwort|abwesenheitsnotiz|unzustellbar"
    r"|aceptado|rechazado|respuesta automática|fuera de la oficina|no se puede entregar"
    r"|aceito|recusado|resposta automática|fora do escritório"
    r"|accettato|rifiutato|risposta automatica|fuori sede"
    r"|geaccepteerd|afgewezen|automatisch antwoord|afwezig"
    r")\s*:",
    re.IGNORECASE,
)

# Reply and forward prefixes, stacked or not: "Re: RE: AW: Fwd:".
_PREFIXES = re.compile(
    r"^(?:\s*(?:re|aw|sv|vs|antw|antwort|r|rif|ref|réf|tr|fw|fwd|wg|rv|enc)\s*(?:\[\d+\])?\s*:)+\s*",
    re.IGNORECASE,
)


@record
class Placement:
    """Where a draft goes: the Message-ID it answers ("" to start a thread), the References
    (oldest first) and the subject ("" when the draft keeps its template's subject)."""

    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    subject: str = ""


def reply_subject(subject: str) -> str:
    """Return ``subject`` as a reply's subject: "Re: " once, then the subject without its own
    reply and forward prefixes; "" for an empty subject."""
    bare = " ".join(_PREFIXES.sub("", subject).split())
    return f"Re: {bare}" if bare else ""


def by_a_person(subject: str) -> bool:
    """Return whether a subject could be a person's: not a calendar response, an automatic
    reply or a delivery report."""
    return _MACHINE_SUBJECT.match(_PREFIXES.sub("", subject)) is None


def place(timeline: Timeline, to: Sequence[Person]) -> Placement:
    """Return where a draft to ``to`` goes in ``timeline``'s mail.

    It answers the latest message a person exchanged with one of the recipients (their reply,
    or mail the user sent to them) and references all such messages, oldest first. With no
    recipient, or none of them ever written to, the draft starts a new thread.
    """
    wanted = {person.address for person in to}
    messages = sorted(
        (
            event
            for event in timeline.events
            if event.message_id
            and not event.message_id.strip("<>").endswith(MADE_UP_ID_DOMAIN)
            and event.kind in _THREAD_KINDS
            and event.reply_kind is not ReplyKind.AUTO_REPLY
            and by_a_person(event.subject)
            and (
                address_of(event.sender) in wanted or wanted & {r.lower() for r in event.recipients}
            )
        ),
        key=lambda event: event.at,
    )
    if not messages:
        return Placement()
    references = tuple(dict.fromkeys(event.message_id for event in messages))
    last = messages[-1]
    return Placement(last.message_id, references, reply_subject(last.subject))
