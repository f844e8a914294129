"""What a reply means, and what the user's own mail did.

Pure: nothing here reads the clock, the disk or the network. The relays and phrases come in as a
:class:`~watcher.models.Lexicon` (``watcher.lexicon`` reads them from the package data). Phrases
and text are compared as words, ignoring case, accents and punctuation (``watcher.words``).

Classifying (:func:`classify`)
    In this order:

    1. A delivery report is no reply ("bounce").
    2. Bulk or list mail (``Precedence: bulk|list|junk``, ``List-Id``, ``List-Unsubscribe``) is
       no reply ("bulk"), except from a relay of kind ``ats``, ``scheduler`` or ``assessment``:
       their transactional mail (a rejection sent by Greenhouse) carries ``List-Unsubscribe``
       too, so it is read like any other mail. Job boards (Indeed) get no exception: their lists
       are job alerts.
    3. An out-of-office or auto-reply signal, or an out-of-office phrase in the subject, is an
       ``auto_reply``.
    4. The subject and the message's own text (quoted lines and the quoted original below
       "On ... wrote:" and its French, German and Spanish forms are left out) are split into
       sentences and searched for phrases, ignoring case, accents and punctuation, whole words
       only. A conditional phrase ("if you are selected") cancels the next-step and offer
       phrases of its sentence. A calendar invitation (``METHOD:REQUEST``) and mail from a
       scheduler or an assessment platform count as a next step. The strongest kind found wins:
       ``rejection`` > ``offer`` > ``next_step`` > ``acknowledgement``.
    5. Otherwise automatic mail (``Auto-Submitted``, or bulk mail let through by rule 2) is an
       ``acknowledgement`` and anything else is a human ``update``.

    An ``update`` or a ``next_step`` that names a date sets ``until``
    (:func:`~watcher.named_dates.named_date`).

The user's own mail (:func:`classify_sent`)
    Before the interview began it is nothing. After a rejection, a message that thanks is the
    graceful close; within ``thank_you_until`` of the start, a message that thanks is the
    thank-you note; any other message after the interview is a follow-up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta

from watcher.matching import ats_relay
from watcher.models import (
    ActionKind,
    EventKind,
    Lexicon,
    Message,
    Phrases,
    ReplyKind,
    Signal,
    Timeline,
)
from watcher.named_dates import named_date
from watcher.words import fold, split_words

_TRANSACTIONAL = frozenset({"ats", "scheduler", "assessment"})
_NEXT_STEP_RELAYS = frozenset({"scheduler", "assessment"})
_RANKED = ("rejection", "offer", "next_step", "acknowledgement")
_CANCELLED_BY_CONDITION = frozenset({"offer", "next_step"})
_KIND = {
    "rejection": ReplyKind.REJECTION,
    "offer": ReplyKind.OFFER,
    "next_step": ReplyKind.NEXT_STEP,
    "acknowledgement": ReplyKind.ACKNOWLEDGEMENT,
}
_DATED = frozenset({ReplyKind.UPDATE, ReplyKind.NEXT_STEP})

HEARING_BACK = frozenset(
    {ReplyKind.REJECTION, ReplyKind.OFFER, ReplyKind.NEXT_STEP, ReplyKind.UPDATE}
)
"""The kinds of reply that count as hearing back from the employer: a human reply or an ATS
message that decides something. Acknowledgements and automatic replies do not."""


def counts_as_reply(kind: ReplyKind | None) -> bool:
    """Return whether a message of ``kind`` (None: no reply at all) counts as hearing back."""
    return kind in HEARING_BACK


# -- phrases -----------------------------------------------------------------------------------


def _phrase_form(text: str) -> str:
    """Given text, return it as phrases are compared: its folded words between single spaces,
    with one space before and after, so that a phrase form is found only as whole words."""
    return f" {' '.join(split_words(fold(text)))} "


@functools.lru_cache(maxsize=16)
def _compiled(phrases: Phrases) -> dict[str, tuple[tuple[str, str], ...]]:
    """Given the lexicon's phrases, return per kind each phrase with its
    :func:`_phrase_form`, leaving out phrases without a word."""
    compiled: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind in (f.name for f in fields(Phrases)):
        listed: tuple[str, ...] = getattr(phrases, kind)
        forms = [(p, _phrase_form(p)) for p in listed]
        compiled[kind] = tuple((p, f) for p, f in forms if f.strip())
    return compiled


def _first_phrase(form: str, phrases: Sequence[tuple[str, str]]) -> str:
    """Given a :func:`_phrase_form` text and phrases with their forms, return the first phrase
    whose form it contains, or ""."""
    for phrase, phrase_form in phrases:
        if phrase_form in form:
            return phrase
    return ""


_QUOTE_START = re.compile(
    r"^[ \t]*(?:"
    r"-{2,}[ \t]*(?:original message|message d'origine|ursprüngliche nachricht"
    r"|mensaje original)[ \t]*-{2,}"
    r"|(?:on|le|am|el)\b[^\n]*(?:\n[^\n]*)?\b(?:wrote|a écrit|schrieb|escribió)[^\n]*:"
    r"|(?:from|de|von)[ \t]*:[^\n]*\n[ \t]*(?:sent|date|envoyé|gesendet|enviado|datum|fecha)"
    r"[ \t]*:"
    r")",
    re.IGNORECASE | re.MULTILINE,
)


def own_text(text: str) -> str:
    """Given a message's text, return the part its author wrote: what comes before a quoted
    original ("On ... wrote:", "-----Original Message-----", an Outlook "From:/Sent:" block, in
    English, French, German or Spanish), without lines quoted with ">"."""
    found = _QUOTE_START.search(text)
    if found is not None:
        text = text[: found.start()]
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n[ \t]*\n")


def _sentences(*texts: str) -> list[str]:
    """Given texts, return the :func:`_phrase_form` of each of their sentences (split after
    ".", "!", "?" or ";" and at blank lines), leaving out those without a word."""
    forms = []
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            form = _phrase_form(sentence)
            if form.strip():
                forms.append(form)
    return forms


# -- classifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """What a matched message means: a kind of reply (None: no reply at all, such as bulk mail
    or a bounce), a date it named (for updates and next steps) and why, in words."""

    kind: ReplyKind | None
    until: date | None
    reason: str


def classify(message: Message, lexicon: Lexicon, *, today: date | None = None) -> Classification:
    """Given a message from the employer's side and the lexicon, return what it means.

    ``today`` is the day relative dates in the message ("by Friday") count from; by default
    the message's own date (in its own offset). Pass the message's date in the user's time zone
    when it differs. The clock is never read. The rules are in the module's docstring.
    """
    signals = message.signals
    if Signal.DELIVERY_REPORT in signals:
        return Classification(None, None, "bounce: a delivery report")
    relay = ats_relay(message.sender.domain, lexicon) if message.sender is not None else None
    relay_kind = relay[0].kind if relay is not None else ""
    bulk = bool(signals & {Signal.BULK, Signal.MAILING_LIST})
    if bulk and relay_kind not in _TRANSACTIONAL:
        return Classification(None, None, "bulk: list or bulk mail (List-Id, Precedence)")
    phrases = _compiled(lexicon.phrases)
    if signals & {Signal.OUT_OF_OFFICE, Signal.AUTO_REPLY}:
        return Classification(ReplyKind.AUTO_REPLY, None, "auto_reply: an automatic reply")
    subject_form = _phrase_form(message.subject)
    out_of_office = _first_phrase(subject_form, phrases["out_of_office"])
    if out_of_office:
        return Classification(
            ReplyKind.AUTO_REPLY, None, f"auto_reply: the subject says {out_of_office!r}"
        )
    text = own_text(message.text)
    found: dict[str, str] = {}
    cancelled: list[str] = []
    forms = _sentences(message.subject, text)
    # Sentence forms are padded with one space each, so joined they never let a phrase run
    # across two sentences; searching the whole first keeps long messages cheap.
    whole = "".join(forms)
    present = {
        kind: [(p, f) for p, f in phrases[kind] if f in whole] for kind in (*_RANKED, "conditional")
    }
    for form in forms:
        condition = _first_phrase(form, present["conditional"])
        for kind in _RANKED:
            phrase = _first_phrase(form, present[kind]) if present[kind] else ""
            if not phrase:
                continue
            if condition and kind in _CANCELLED_BY_CONDITION:
                cancelled.append(f"{phrase!r} only {condition!r}")
            else:
                found.setdefault(kind, f"{phrase!r}")
    invite = message.invite
    if invite is not None and invite.method.upper() == "REQUEST":
        found.setdefault("next_step", "a calendar invitation")
    if relay is not None and relay_kind in _NEXT_STEP_RELAYS:
        found.setdefault("next_step", f"mail from {relay[0].name}, a {relay_kind}")
    if_only = f" ({'; '.join(cancelled)})" if cancelled else ""
    for kind in _RANKED:
        if kind in found:
            reply_kind = _KIND[kind]
            return Classification(
                reply_kind,
                _until(reply_kind, message, text, today),
                f"{kind}: {found[kind]}{if_only}",
            )
    if Signal.AUTO_SUBMITTED in signals or bulk:
        return Classification(
            ReplyKind.ACKNOWLEDGEMENT,
            None,
            f"acknowledgement: automatic mail that decides nothing{if_only}",
        )
    return Classification(
        ReplyKind.UPDATE,
        _until(ReplyKind.UPDATE, message, text, today),
        f"update: a human reply that decides nothing{if_only}",
    )


def _until(kind: ReplyKind, message: Message, text: str, today: date | None) -> date | None:
    if kind not in _DATED:
        return None
    reference = today if today is not None else message.date.date()
    return named_date(f"{message.subject}\n\n{text}", reference)


def classify_sent(
    message: Message, timeline: Timeline, lexicon: Lexicon, *, thank_you_until: timedelta
) -> ActionKind | None:
    """Given a message the user sent to an interview's people, return what it did for that
    interview: None before the interview began; after a rejection reply, GRACEFUL_CLOSE if it
    thanks; within ``thank_you_until`` of the interview's start, THANK_YOU if it thanks;
    otherwise FOLLOW_UP.

    Thanks are looked for in the user's own text and in a subject of their own (a "Re:" or
    "Fwd:" subject is someone else's words).
    """
    interview = timeline.interview
    if message.date < interview.at:
        return None
    subject = "" if _REPLY_SUBJECT.match(message.subject) else message.subject
    thanks = bool(
        _first_phrase(
            " ".join(_sentences(subject, own_text(message.text))),
            _compiled(lexicon.phrases)["thanks"],
        )
    )
    rejected = any(
        e.kind is EventKind.REPLY and e.reply_kind is ReplyKind.REJECTION and e.at <= message.date
        for e in timeline.events
    )
    if thanks and rejected:
        return ActionKind.GRACEFUL_CLOSE
    if thanks and message.date <= interview.at + thank_you_until:
        return ActionKind.THANK_YOU
    return ActionKind.FOLLOW_UP


_REPLY_SUBJECT = re.compile(
    r"^\s*(?:re|aw|sv|antw|fw|fwd|wg|tr|rv|rif|enc)\s*(?:\[\d+\])?\s*:", re.IGNORECASE
)
