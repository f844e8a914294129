"""Which interview a message belongs to, and what a reply means.

Pure: nothing here reads the clock, the disk or the network. The relays and phrases come in as a
:class:`~watcher.models.Lexicon` (``watcher.lexicon`` reads them from the package data).

Matching (:func:`match`)
    A message belongs to an interview by one of four kinds of evidence, from the most specific:

    ``person``
        The sender or a Reply-To address is one of the interview's interviewers or contacts.
    ``thread``
        In-Reply-To or References names the Message-ID of one of the interview's events.
    ``domain``
        The sender's (or a Reply-To's) domain is a tracked domain or a subdomain of one, by DNS
        labels (:func:`domain_matches`). A tracked domain that is also a relay's domain (someone
        interviewing at Greenhouse itself) says less than a relay naming a company, so such a
        match ranks after ``ats``.
    ``ats``
        The sender is a relay of the lexicon (an applicant-tracking system, a job board, a
        scheduler or an assessment platform, by DNS labels) and names the interview's company
        where that relay names companies (``company_in``). Company names are compared as words,
        ignoring case, accents and punctuation, with legal and "Labs"-like suffixes optional:
        "Umbrella Labs" is named by "UMBRELLA", "umbrellalabs" or "umbrella-labs-jobs", but
        "Globex" is not named by "Globexico". A relay message naming no tracked company matches
        nothing.

    Mail the user sent (its sender is one of ``own_addresses``) is matched by its recipients
    (To and Cc) instead of its sender. Delivery reports never match.

    When several interviews match, the most specific evidence wins. Between relay matches, a
    company named in the sender's name or address beats one named only in the subject, which
    beats one named only in the body, where the first named wins (Indeed's "sent to Acme"
    comes before its "jobs you may like"). Among equals, an active interview (no outcome
    recorded and not rejected by its latest decisive reply) beats a finished one, then the
    interview that took place closest before the message (then those still to come, the
    soonest first), then the highest id.

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

    An ``update`` or a ``next_step`` that names a date sets ``until`` (:func:`named_date`).

The user's own mail (:func:`classify_sent`)
    Before the interview began it is nothing. After a rejection, a message that thanks is the
    graceful close; within ``thank_you_until`` of the start, a message that thanks is the
    thank-you note; any other message after the interview is a follow-up.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from watcher.dates import BusinessCalendar, add_months
from watcher.models import (
    ActionKind,
    Address,
    AtsSender,
    EventKind,
    Lexicon,
    Message,
    Phrases,
    ReplyKind,
    Signal,
    Timeline,
)

EVIDENCE = ("person", "thread", "domain", "ats")
"""The kinds of evidence of :class:`Match`, the most specific first."""

_RANK = {"person": 0, "thread": 1, "domain": 2, "ats": 3}
_RELAY_DOMAIN_RANK = 4

_LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "llc", "llp", "ltd", "limited", "gmbh", "mbh", "ag", "kg", "ug",
     "se", "sa", "sas", "sarl", "srl", "sl", "spa", "bv", "nv", "plc", "co", "corp",
     "corporation", "company", "labs", "lab", "technologies", "group", "holding", "holdings",
     "oy", "ab", "as", "aps", "pty", "pte", "pvt", "kk"}
)  # fmt: skip
"""Words a company name may carry or drop at its end: "Initech Inc." is "Initech"."""

_SUFFIX_ORDER = ("", *sorted(_LEGAL_SUFFIXES))

_RELAY_WORDS = frozenset(
    {"jobs", "job", "careers", "career", "recruiting", "recruitment", "talent", "hr",
     "hiring", "team", "autoreply", "noreply", "notifications", "mail"}
)  # fmt: skip
"""Words relays glue to a company in a local part or subdomain: "northwind-jobs", "acmehr"."""

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


# -- domains -----------------------------------------------------------------------------------


def _labels(domain: str) -> tuple[str, ...]:
    text = domain.strip().lower().rstrip(".")
    return tuple(text.split(".")) if text else ()


def domain_matches(domain: str, tracked: str) -> bool:
    """Return whether ``domain`` is ``tracked`` or a subdomain of it, by DNS labels.

    Case and trailing dots are ignored: "Careers.Northwind.io." belongs to "northwind.io";
    "northwind.io.example.com" and "northwind-io.com" do not. An empty name matches nothing.
    """
    labels, suffix = _labels(domain), _labels(tracked)
    if not suffix or "" in suffix or "" in labels or len(labels) < len(suffix):
        return False
    return labels[len(labels) - len(suffix) :] == suffix


def ats_relay(domain: str, lexicon: Lexicon) -> tuple[AtsSender, str] | None:
    """Given a sender's domain, return the relay of the lexicon it belongs to and the relay
    domain it matched (the first in data-file order), or None."""
    for sender in lexicon.ats:
        for relay_domain in sender.domains:
            if domain_matches(domain, relay_domain):
                return sender, relay_domain
    return None


# -- company names -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Return ``text`` case-folded without accents ("Ré" -> "re", "Straße" -> "strasse")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_words(text: str) -> tuple[str, ...]:
    """Return the words of a name: folded, apostrophes dropped ("McDonald's" -> mcdonalds)."""
    return tuple(re.findall(r"[^\W_]+", _fold(text).replace("'", "").replace("’", "")))


@dataclass(frozen=True)
class _Company:
    """A company name as compared: its words without trailing legal suffixes, and joined."""

    name: str
    words: tuple[str, ...]
    joined: str


@functools.lru_cache(maxsize=1024)
def _company(name: str) -> _Company | None:
    words = list(_name_words(name))
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    if not words:
        return None
    return _Company(name, tuple(words), "".join(words))


@functools.lru_cache(maxsize=4096)
def _only_affixes(rest: str) -> bool:
    """Return whether ``rest`` is nothing, digits, or suffix and relay words glued together."""
    if not rest or rest.isdigit():
        return True
    return any(
        rest.startswith(word) and _only_affixes(rest[len(word) :])
        for word in _LEGAL_SUFFIXES | _RELAY_WORDS
    )


def _named_in_pieces(company: _Company, pieces: Sequence[str]) -> bool:
    """Return whether consecutive ``pieces`` (words of a short field, parts of a local part or
    of a subdomain) glued together spell the company, with optional suffixes after it."""
    for start in range(len(pieces)):
        glued = ""
        for piece in pieces[start : start + len(company.words) + 3]:
            glued += piece
            if glued.startswith(company.joined) and _only_affixes(glued[len(company.joined) :]):
                return True
            if len(glued) >= len(company.joined) and not company.joined.startswith(glued):
                break
    return False


class _Body:
    """The words of a long text, searched as a phrase or as single words."""

    def __init__(self, text: str) -> None:
        words = _name_words(text)
        self.spaced = f" {' '.join(words)} "
        self.words = frozenset(words)

    def position(self, company: _Company) -> int | None:
        """Return where the company is first named (an offset in the words), or None."""
        forms = [f" {' '.join(company.words)} "]
        forms += [
            f" {company.joined}{s} " for s in _SUFFIX_ORDER if company.joined + s in self.words
        ]
        found = [index for index in (self.spaced.find(form) for form in forms) if index >= 0]
        return min(found) if found else None


class _Named:
    """Where a message names companies, computed once per message and party."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self._subject: tuple[str, ...] | None = None
        self._body: _Body | None = None

    def subject(self) -> tuple[str, ...]:
        if self._subject is None:
            self._subject = _name_words(self.message.subject)
        return self._subject

    def body(self) -> _Body:
        if self._body is None:
            self._body = _Body(self.message.text)
        return self._body

    def place(
        self, company: _Company, party: Address, relay: str, places: Sequence[str]
    ) -> tuple[str, tuple[int, int]] | None:
        """Return the most telling of ``places`` where the company is named and its order (the
        sender's name or address, then the subject, then the body, earliest first), or None."""
        local = party.address.rpartition("@")[0]
        found: list[tuple[tuple[int, int], str]] = []
        for place in places:
            if place == "display_name":
                hit = _named_in_pieces(company, _name_words(party.name))
            elif place == "local_part":
                hit = _named_in_pieces(company, _name_words(local))
            elif place == "subdomain":
                labels = _labels(party.domain)
                extra = labels[: len(labels) - len(_labels(relay))]
                hit = _named_in_pieces(company, _name_words(" ".join(extra)))
            elif place == "subject":
                if _named_in_pieces(company, self.subject()):
                    found.append(((1, 0), place))
                continue
            else:
                position = self.body().position(company)
                if position is not None:
                    found.append(((2, position), place))
                continue
            if hit:
                found.append(((0, 0), place))
        if not found:
            return None
        order, place = min(found)
        return place.replace("_", " "), order


# -- matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """The interview a message belongs to, the kind of evidence (see :data:`EVIDENCE`) and a
    sentence saying what matched."""

    interview_id: int
    evidence: str
    detail: str


def _message_id(text: str) -> str:
    return text.strip().strip("<>").strip()


def _active(timeline: Timeline) -> bool:
    """Return whether the interview is still going: no outcome and not rejected last."""
    interview = timeline.interview
    if interview.outcome is not None or interview.closed_at is not None:
        return False
    decisive = [
        e
        for e in timeline.events
        if e.kind is EventKind.REPLY and e.reply_kind in (ReplyKind.REJECTION, ReplyKind.OFFER)
    ]
    return not decisive or max(decisive, key=lambda e: e.at).reply_kind is not ReplyKind.REJECTION


def _closeness(at: datetime, moment: datetime) -> tuple[int, timedelta]:
    """Order interviews by how close before ``moment`` they took place, then those after."""
    return (0, moment - at) if at <= moment else (1, at - moment)


_NOWHERE = (0, 0)

_Evidence = tuple[int, tuple[int, int], str, str]
"""The rank of the evidence, where a relay named the company (:meth:`_Named.place`), the kind
of evidence and what matched."""


def _evidence(
    timeline: Timeline,
    parties: Sequence[tuple[str, Address]],
    thread: Collection[str],
    relays: Sequence[tuple[Address, AtsSender, str]],
    named: _Named,
) -> _Evidence | None:
    """Return the most specific evidence tying the message to the interview, or None."""
    interview = timeline.interview
    people = {p.address.lower(): p for p in interview.people}
    for role, party in parties:
        person = people.get(party.address.lower())
        if person is not None:
            who = person.name or person.address
            detail = f"the {role} {party.address} is {person.role} {who}"
            return _RANK["person"], _NOWHERE, "person", detail
    events = {_message_id(e.message_id) for e in timeline.events if e.message_id}
    for thread_id in thread:
        if thread_id in events:
            detail = f"it replies in the thread of <{thread_id}>"
            return _RANK["thread"], _NOWHERE, "thread", detail
    relay_domain_hit: _Evidence | None = None
    for role, party in parties:
        for tracked in interview.domains:
            if domain_matches(party.domain, tracked):
                detail = f"the {role}'s domain {party.domain} belongs to {tracked}"
                if not any(relay_party is party for relay_party, _, _ in relays):
                    return _RANK["domain"], _NOWHERE, "domain", detail
                relay_domain_hit = relay_domain_hit or (
                    _RELAY_DOMAIN_RANK,
                    _NOWHERE,
                    "domain",
                    f"{detail} (a relay's domain)",
                )
    company = _company(interview.company)
    if company is not None:
        for party, relay, relay_domain in relays:
            named_at = named.place(company, party, relay_domain, relay.company_in)
            if named_at is not None:
                place, order = named_at
                detail = (
                    f"{relay.name} relay ({party.address}) names {interview.company} in the {place}"
                )
                return _RANK["ats"], order, "ats", detail
    return relay_domain_hit


def match(
    message: Message,
    timelines: Sequence[Timeline],
    lexicon: Lexicon,
    own_addresses: Collection[str],
) -> Match | None:
    """Given a message, the tracked interviews, the lexicon and the user's own addresses,
    return the interview the message belongs to and why, or None.

    The rules and the order between competing interviews are in the module's docstring.
    """
    if Signal.DELIVERY_REPORT in message.signals:
        return None
    own = {address.strip().lower() for address in own_addresses}
    sender = message.sender
    parties: list[tuple[str, Address]]
    if sender is not None and sender.address.lower() in own:
        parties = [("recipient", a) for a in message.recipients if a.address.lower() not in own]
    else:
        parties = [("sender", sender)] if sender is not None else []
        parties += [("reply-to", a) for a in message.reply_to]
    relays = []
    for _, party in parties:
        found = ats_relay(party.domain, lexicon)
        if found is not None:
            relays.append((party, *found))
    thread = [_message_id(i) for i in message.thread_ids]
    named = _Named(message)
    best: tuple[tuple[int, tuple[int, int], int, tuple[int, timedelta], int], Match] | None = None
    for timeline in timelines:
        evidence = _evidence(timeline, parties, thread, relays, named)
        if evidence is None:
            continue
        rank, order, kind, detail = evidence
        interview = timeline.interview
        key = (
            rank,
            order,
            0 if _active(timeline) else 1,
            _closeness(interview.at, message.date),
            -interview.id,
        )
        if best is None or key < best[0]:
            best = key, Match(interview.id, kind, detail)
    return best[1] if best is not None else None


# -- phrases -----------------------------------------------------------------------------------


_WORD = re.compile(r"[^\W_]+")


def _phrase_form(text: str) -> str:
    """Return text as phrases are compared: folded words between single spaces, padded."""
    words = _WORD.findall(_fold(text))
    return f" {' '.join(words)} "


@functools.lru_cache(maxsize=16)
def _compiled(phrases: Phrases) -> dict[str, tuple[tuple[str, str], ...]]:
    """Return, per kind, each phrase with its comparable form."""
    compiled: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind in (f.name for f in fields(Phrases)):
        listed: tuple[str, ...] = getattr(phrases, kind)
        forms = [(p, _phrase_form(p)) for p in listed]
        compiled[kind] = tuple((p, f) for p, f in forms if f.strip())
    return compiled


def _first_phrase(form: str, phrases: Sequence[tuple[str, str]]) -> str:
    """Return the first phrase found in ``form`` (a :func:`_phrase_form` text), or ""."""
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
    """Return the part of a message's text its author wrote: what comes before a quoted
    original ("On ... wrote:", "-----Original Message-----", an Outlook "From:/Sent:" block, in
    English, French, German or Spanish), without lines quoted with ">"."""
    found = _QUOTE_START.search(text)
    if found is not None:
        text = text[: found.start()]
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n[ \t]*\n")


def _sentences(*texts: str) -> list[str]:
    """Return the sentences of the texts in their comparable form."""
    forms = []
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            form = _phrase_form(sentence)
            if form.strip():
                forms.append(form)
    return forms


def has_phrase(text: str, phrases: Sequence[str]) -> bool:
    """Return whether ``text`` contains one of ``phrases`` (whole words; case, accents and
    punctuation ignored)."""
    form = _phrase_form(text)
    return any(_phrase_form(p) in form for p in phrases if _phrase_form(p).strip())


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


# -- dates -------------------------------------------------------------------------------------

HORIZON = timedelta(days=92)
"""A date further than this after the message is not about the reply window (a start date)."""


def _alternation(words: Collection[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _table(rows: Sequence[tuple[int, str]]) -> dict[str, int]:
    return {word: value for value, words in rows for word in words.split()}


_MONTHS = _table(
    [
        (1, "january jan janvier januar janner jaenner enero"),
        (2, "february feb fevrier februar febrero"),
        (3, "march mar mars marz maerz marzo"),
        (4, "april apr avril abril"),
        (5, "may mai mayo"),
        (6, "june jun juin juni junio"),
        (7, "july jul juillet juli julio"),
        (8, "august aug aout agosto"),
        (9, "september sep sept septembre septiembre setiembre"),
        (10, "october oct octobre oktober octubre"),
        (11, "november nov novembre noviembre"),
        (12, "december dec decembre dezember diciembre"),
    ]
)
_WEEKDAYS = _table(
    [
        (0, "monday"),
        (1, "tuesday"),
        (2, "wednesday"),
        (3, "thursday"),
        (4, "friday"),
        (5, "saturday"),
        (6, "sunday"),
    ]
)
_NUMBERS: dict[str, int] = {
    **{str(n): n for n in range(1, 100)},
    **_table(
        [
            (1, "a an one un une uno ein eine einer einem einen"),
            (2, "two deux dos zwei"),
            (3, "three trois tres drei"),
            (4, "four quatre cuatro vier"),
            (5, "five cinq cinco funf fuenf"),
            (6, "six seis sechs"),
            (7, "seven sept siete sieben"),
            (8, "eight huit ocho acht"),
            (9, "nine neuf nueve neun"),
            (10, "ten dix diez zehn"),
        ]
    ),
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "quelques": 3,
    "wenigen": 3,
    "ein paar": 3,
    "einigen": 3,
    "unos": 3,
    "unas": 3,
    "pocos": 3,
    "pocas": 3,
}
_UNIT_ROWS = (
    (
        "business",
        "business days|business day|working days|working day|jours ouvres|jours ouvrables"
        "|jour ouvre|werktagen|werktage|werktag|arbeitstagen|arbeitstage|arbeitstag"
        "|dias habiles|dia habil|dias laborables|dia laborable",
    ),
    ("days", "days|day|jours|jour|tagen|tage|tag|dias|dia"),
    ("weeks", "weeks|week|semaines|semaine|wochen|woche|semanas|semana"),
    ("months", "months|month|mois|monaten|monate|monat|meses|mes"),
)
_UNITS = {word: unit for unit, words in _UNIT_ROWS for word in words.split("|")}
_SPAN_CUES = (
    "within the next|within|in the next|in the coming|over the next|during the next|in"
    "|d'ici|dans les|dans|sous|en"
    "|innerhalb der nachsten|innerhalb von|innerhalb|in den nachsten|binnen"
    "|dentro de|en los proximos|en las proximas"
)
_PARTS: dict[str, str] = {
    **dict.fromkeys(["beginning of", "start of", "debut", "anfang", "principios"], "start"),
    "early": "early",
    **dict.fromkeys(["mid", "middle of", "milieu", "mitte", "mediados"], "middle"),
    **dict.fromkeys(
        ["late", "later", "end of", "the end of", "fin", "ende", "finales", "final"], "end"
    ),
}
_WEEK_PART_DAY = {"start": 0, "early": 1, "middle": 2, "end": 4}

_NUM = _alternation(_NUMBERS)
_MONTH = _alternation(_MONTHS)
_PART = _alternation(_PARTS)

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?({_MONTH})\b\.?"
    rf"(?:,?\s+(?:de\s+)?(\d{{4}})\b)?"
)
_MONTH_FIRST = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?")
_WEEKDAY = re.compile(
    r"\b(by|before|until|till|no later than|on or before|on|this|next|coming)\s+"
    rf"({_alternation(_WEEKDAYS)})\b(?!,?\s+(?:the\s+)?(?:\d|{_MONTH}\b))"
)
_SPAN = re.compile(
    rf"(?<![\w'])(?:{_SPAN_CUES})\s+(?:({_NUM})\s*(?:-|to|or|a|ou|bis|oder|o|y)\s*)?({_NUM})\s+"
    rf"({_alternation(_UNITS)})\b(?:\s+(?:or|ou|oder|o)\s+({_NUM})\b)?"
)
_WEEK = re.compile(
    rf"\b(?:({_PART})[\s-]+)?(?:the\s+)?(this|next|the following|following|the)\s+week\b"
)
_WEEK_FOREIGN = re.compile(
    rf"\b(?:(?:a\s+)?({_PART})\s+(?:de\s+)?(?:la\s+|der\s+)?)?"
    r"(?:(semaine prochaine|nachste woche|nachsten woche|nachster woche|kommende woche"
    r"|kommenden woche"
    r"|proxima semana|semana que viene|semana proxima)"
    r"|(cette semaine|la semaine(?! prochaine)|dieser woche|der woche|esta semana))\b"
)
_MONTH_REL = re.compile(
    rf"\b(?:({_PART})[\s-]+)?(?:the\s+)?(this|next|the following|following|the)\s+month\b"
    r"|\b(?:(?:a\s+)?(" + _PART + r")\s+(?:de\s+|du\s+|des\s+)?)?"
    r"(?:(mois prochain|nachsten monat|nachster monat|kommenden monat|proximo mes"
    r"|mes que viene)|(mois|monats|mes))\b"
)
_TOMORROW = re.compile(r"\b(?:tomorrow|demain)\b")
_END_OF_DAY = re.compile(
    r"\b(?:by (?:the )?end of (?:the )?day|by eod|by cob|by close of business|later today"
    r"|by today)\b"
)
_CUED = re.compile(r"(?:by|before|until|till|within|sometime|during|no later than)\s+$")


def named_date(text: str, reference: date) -> date | None:
    """Given text and the day it was written, return the first date the text names that is
    neither before ``reference`` nor more than :data:`HORIZON` after it, or None.

    Understood (case and accents ignored):

    - ISO dates: "2026-12-04".
    - Day and month, in English, French, German or Spanish, with an optional year: "December
      4", "Dec. 4th, 2026", "4 December", "the 4th of December", "le 4 décembre", "4. Dezember",
      "4 de diciembre de 2026". Without a year, the next such day on or after ``reference``.
    - Weekdays after "by", "before", "until", "on", "this", "coming" (the next such day after
      ``reference``; "this" may be ``reference`` itself) or "next" (that day in the next week).
    - "tomorrow" ("demain"); "by end of day", "by EOD", "later today" (``reference``).
    - Spans after "within", "in", "in the next", "d'ici", "dans", "innerhalb von", "binnen",
      "dentro de", "en" and the like: "within two weeks", "in 3 business days", "in a week or
      two", "in 1-2 weeks", "d'ici deux semaines", "innerhalb von zwei Wochen", "en dos
      semanas" (ranges count to their end; business days skip Saturdays and Sundays only).
    - Weeks: "next week" (its Friday), "early next week" (its Tuesday), "beginning of next
      week" (Monday), "mid next week" (Wednesday), "end of next week", "by the end of the
      week", "later this week" (Friday); "this week" only after "by", "before", "until",
      "within", "sometime" or "during". Also "la semaine prochaine", "fin de la semaine",
      "nächste Woche", "Ende der Woche", "la próxima semana", "a finales de esta semana".
    - Months: "next month" and "end of the month" (the last day), "early next month" (the
      7th), "mid next month" (the 15th), "beginning of next month" (the 1st); also "le mois
      prochain", "fin du mois", "nächsten Monat", "Ende des Monats", "el próximo mes".

    Numeric dates such as 12/4 are ambiguous (December 4 or April 12) and are not read.
    """
    folded = " ".join(_fold(text).replace("’", "'").split())
    found: list[tuple[int, date]] = []
    for pattern, resolve in _RESOLVERS:
        for hit in pattern.finditer(folded):
            try:
                day = resolve(hit, reference, folded)
            except OverflowError:  # a reference day at the end of the calendar
                continue
            if day is not None and reference <= day <= reference + HORIZON:
                found.append((hit.start(), day))
    return min(found)[1] if found else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: str | None, reference: date) -> date | None:
    if year:
        return _safe_date(int(year), month, day)
    candidate = _safe_date(reference.year, month, day)
    if candidate is None or candidate < reference:
        candidate = _safe_date(reference.year + 1, month, day)
    return candidate


def _iso(hit: re.Match[str], reference: date, text: str) -> date | None:
    return _safe_date(int(hit[1]), int(hit[2]), int(hit[3]))


def _day_first(hit: re.Match[str], reference: date, text: str) -> date | None:
    return _day_month(int(hit[1]), _MONTHS[hit[2]], hit[3], reference)


def _month_first(hit: re.Match[str], reference: date, text: str) -> date | None:
    return _day_month(int(hit[2]), _MONTHS[hit[1]], hit[3], reference)


def _weekday(hit: re.Match[str], reference: date, text: str) -> date | None:
    cue, weekday = hit[1], _WEEKDAYS[hit[2]]
    if cue == "next":
        monday = reference + timedelta(days=7 - reference.weekday())
        return monday + timedelta(days=weekday)
    ahead = (weekday - reference.weekday()) % 7
    if ahead == 0 and cue != "this":
        ahead = 7
    return reference + timedelta(days=ahead)


_MONDAY_TO_FRIDAY = BusinessCalendar(range(5), frozenset())
"""The business days of a span in mail: the writer's holidays are unknown, so only Saturdays
and Sundays are skipped."""


def _span(hit: re.Match[str], reference: date, text: str) -> date | None:
    # No number of _NUMBERS is 0, so add() always counts weekdays after the reference (with a
    # count of 0 it would move a weekend reference to Monday).
    amount = max(_NUMBERS[n] for n in (hit[1], hit[2], hit[4]) if n)
    unit = _UNITS[hit[3]]
    if unit == "business":
        return _MONDAY_TO_FRIDAY.add(reference, amount)
    if unit == "days":
        return reference + timedelta(days=amount)
    if unit == "weeks":
        return reference + timedelta(weeks=amount)
    return add_months(reference, amount)


def _week_day(reference: date, weeks_ahead: int, part: str | None) -> date:
    monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=weeks_ahead)
    day = monday + timedelta(days=_WEEK_PART_DAY[_PARTS[part]] if part else 4)
    return max(day, reference)


def _week(hit: re.Match[str], reference: date, text: str) -> date | None:
    part, which = hit[1], hit[2]
    if which in ("next", "the following", "following"):
        return _week_day(reference, 1, part)
    if part is None and (which == "the" or not _CUED.search(text[: hit.start()])):
        return None
    return _week_day(reference, 0, part)


def _week_foreign(hit: re.Match[str], reference: date, text: str) -> date | None:
    part = hit[1]
    if hit[2]:
        return _week_day(reference, 1, part)
    if part is None or _PARTS[part] != "end":
        return None
    return _week_day(reference, 0, part)


def _month_day(reference: date, months_ahead: int, part: str | None) -> date:
    first = add_months(reference.replace(day=1), months_ahead)
    kind = _PARTS[part] if part else "end"
    day = {"start": 1, "early": 7, "middle": 15}.get(kind)
    if day is None:
        day = calendar.monthrange(first.year, first.month)[1]
    return max(first.replace(day=day), reference)


def _month(hit: re.Match[str], reference: date, text: str) -> date | None:
    if hit[2] is not None:
        part, which = hit[1], hit[2]
        if which in ("next", "the following", "following"):
            return _month_day(reference, 1, part)
        if part is None and (which == "the" or not _CUED.search(text[: hit.start()])):
            return None
        return _month_day(reference, 0, part)
    part = hit[3]
    if hit[4]:
        return _month_day(reference, 1, part)
    if part is None or _PARTS[part] != "end":
        return None
    return _month_day(reference, 0, part)


def _tomorrow(hit: re.Match[str], reference: date, text: str) -> date | None:
    return reference + timedelta(days=1)


def _end_of_day(hit: re.Match[str], reference: date, text: str) -> date | None:
    return reference


_Resolver = Callable[[re.Match[str], date, str], date | None]
_RESOLVERS: tuple[tuple[re.Pattern[str], _Resolver], ...] = (
    (_ISO, _iso),
    (_DAY_FIRST, _day_first),
    (_MONTH_FIRST, _month_first),
    (_WEEKDAY, _weekday),
    (_SPAN, _span),
    (_WEEK, _week),
    (_WEEK_FOREIGN, _week_foreign),
    (_MONTH_REL, _month),
    (_TOMORROW, _tomorrow),
    (_END_OF_DAY, _end_of_day),
)
