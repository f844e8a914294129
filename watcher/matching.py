"""Which interview a message belongs to.

Pure: nothing here reads the clock, the disk or the network. The relays come in as a
:class:`~watcher.models.Lexicon` (``watcher.lexicon`` reads them from the package data). What a
reply means is ``watcher.classify``'s job.

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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta

from watcher.models import (
    MADE_UP_ID_DOMAIN,
    Address,
    AtsSender,
    EventKind,
    Lexicon,
    Message,
    Phrases,
    ReplyKind,
    Signal,
    Timeline,
    address_of,
)
from watcher.record import record
from watcher.words import fold, split_words

EVIDENCE = ("person", "thread", "domain", "ats")
"""The kinds of evidence of :class:`Match`, the most specific first."""

_RANK = {"person": 0, "thread": 1, "domain": 2, "ats": 3}
_RELAY_DOMAIN_RANK = 4

_LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "llc", "llp", "plc"}
    | {"ltd", "limited", "gmbh", "mbh", "ag", "kg", "ug", "se", "sa", "sas", "sarl", "srl", "sl"}
    | {"spa", "bv", "nv", "oy", "ab", "as", "aps", "pty", "pte", "pvt", "kk"}
    | {"labs", "lab", "technologies", "group", "holding", "holdings"}
)
"""Words a company name may carry or drop at its end: "Initech Inc." is "Initech"."""

_SUFFIX_ORDER = ("", *sorted(_LEGAL_SUFFIXES))

_RELAY_WORDS = frozenset(
    {"jobs", "job", "careers", "career", "recruiting", "recruitment", "talent", "hr", "hiring"}
    | {"team", "autoreply", "noreply", "notifications", "mail"}
)
"""Words relays glue to a company in a local part or subdomain: "northwind-jobs", "acmehr"."""

_AFFIXES = _LEGAL_SUFFIXES | _RELAY_WORDS
_AFFIX_LENGTHS = tuple(sorted({len(word) for word in _AFFIXES}))

MAX_AFFIX_CHARS = 64
"""Characters of suffix and relay words glued after a company name that can still name it
("umbrellalabsrecruitingteam" has 18 after "umbrella"); longer, only digits do. A crafted name
glued to hundreds of suffix words names nothing, and costs nothing to look at."""


# -- domains -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _labels(domain: str) -> tuple[str, ...]:
    text = domain.strip().lower().rstrip(".")
    return tuple(text.split(".")) if text else ()


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gv"})


def _owner_label(domain: str) -> str:
    """Return the label of a domain that names its owner: "acme" for "careers.acme.co.uk"
    (and "evil" for "acme.example.evil.example")."""
    labels = [label for label in _labels(domain) if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else ""


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
    domain it matched (the first in data-file order), or None.

    Each of the domain's label suffixes is looked up in an index of the relay domains (built
    once per lexicon), so the cost does not grow with the number of relays."""
    labels = _labels(domain)
    if not labels or "" in labels:
        return None
    index = _relay_index(lexicon.ats)
    best: tuple[int, AtsSender, str] | None = None
    for start in range(len(labels)):
        hit = index.get(labels[start:])
        if hit is not None and (best is None or hit[0] < best[0]):
            best = hit
    return None if best is None else (best[1], best[2])


def relay_name(sender: str, lexicon: Lexicon) -> str | None:
    """Given a stored sender ("Acme <no-reply@us.greenhouse-mail.io>") and the lexicon, return
    the name of the applicant-tracking system that sent it ("Greenhouse"), or None for any other
    sender: a company's own, a scheduler's, an assessment's or a job board's (they say nothing
    of how a company's hiring answers)."""
    domain = address_of(sender).rpartition("@")[2]
    hit = ats_relay(domain, lexicon) if domain else None
    return None if hit is None or hit[0].kind != "ats" else hit[0].name


_RelayIndex = dict[tuple[str, ...], tuple[int, AtsSender, str]]
_RELAY_INDEXES: dict[int, tuple[tuple[AtsSender, ...], _RelayIndex]] = {}


def _relay_index(ats: tuple[AtsSender, ...]) -> _RelayIndex:
    """Return the relay domains of ``ats`` by their labels, each with its place in data-file
    order (remembered for the last few lexicons)."""
    kept = _RELAY_INDEXES.get(id(ats))
    if kept is not None and kept[0] is ats:
        return kept[1]
    index: _RelayIndex = {}
    order = 0
    for sender in ats:
        for relay_domain in sender.domains:
            labels = _labels(relay_domain)
            if labels and "" not in labels:
                index.setdefault(labels, (order, sender, relay_domain))
            order += 1
    if len(_RELAY_INDEXES) >= 8:
        _RELAY_INDEXES.clear()
    _RELAY_INDEXES[id(ats)] = (ats, index)
    return index


# -- company names -----------------------------------------------------------------------------


def _name_words(text: str) -> tuple[str, ...]:
    """Given a name (or any text a company is named in), return its words as compared: folded,
    apostrophes dropped ("McDonald's" -> mcdonalds)."""
    # Apostrophes go after folding, which turns a fullwidth apostrophe into a plain one.
    return tuple(split_words(fold(text).replace("'", "").replace("’", "")))


@record
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
    while len(words) > 1:
        if words[-1] in _LEGAL_SUFFIXES:
            words.pop()
            continue
        # A dotted suffix comes apart in letters: "S.A." is s, a; "S.p.A." is s, p, a.
        letters = next(
            (n for n in (2, 3, 4) if len(words) > n and all(len(w) == 1 for w in words[-n:])),
            0,
        )
        if letters and "".join(words[-letters:]) in _LEGAL_SUFFIXES:
            del words[-letters:]
            continue
        break
    if not words:
        return None
    return _Company(name, tuple(words), "".join(words))


def same_company(first: str, second: str) -> bool:
    """Return whether two company names name the same company, compared as words (case,
    accents and punctuation aside, a leading "The" and trailing legal suffixes optional):
    "Initech Inc." is "initech"; an empty name is no company."""
    one, other = _company(first), _company(second)
    return one is not None and other is not None and one.joined == other.joined


def _only_affixes(rest: str) -> bool:
    """Return whether ``rest`` is nothing, digits, or suffix and relay words glued together
    (then, optionally, digits): "labs", "incjobs", "1", "careers2". A rest of more than
    :data:`MAX_AFFIX_CHARS` characters counts only if it is digits."""
    if len(rest) > MAX_AFFIX_CHARS:
        return rest.isdigit()
    return _glued_affixes(rest)


@functools.lru_cache(maxsize=4096)
def _glued_affixes(rest: str) -> bool:
    """Return whether ``rest`` splits into affix words followed by nothing or digits.

    Dynamic programming over positions: ``reached[i]`` says that ``rest[:i]`` is affix words
    glued together; each position reached tries every length of affix word once. Time is
    linear in the length of ``rest``, whatever the words; nothing recurses.
    """
    digits_from = len(rest)  # rest[i:] is all digits for every i from here to the end
    while digits_from > 0 and rest[digits_from - 1].isdigit():
        digits_from -= 1
    reached = bytearray(len(rest) + 1)
    reached[0] = 1
    for start in range(len(rest) + 1):
        if not reached[start]:
            continue
        if start >= digits_from:
            return True
        for length in _AFFIX_LENGTHS:
            if start + length > len(rest):
                break
            if rest[start : start + length] in _AFFIXES:
                reached[start + length] = 1
    return False


def _named_in_pieces(company: _Company, pieces: Sequence[str]) -> bool:
    """Return whether consecutive ``pieces`` (words of a short field, parts of a local part or
    of a subdomain) glued together spell the company, with optional suffixes after it.

    From each start at most ``len(company.words) + 3`` pieces are glued, and no more once the
    glued text can no longer spell the company: a loop over positions, never a recursion.
    """
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
        self._words: dict[str, tuple[str, ...]] = {}

    def words(self, text: str) -> tuple[str, ...]:
        """Return :func:`_name_words` of a party's name, local part or subdomain, computed once
        per message however many interviews are compared."""
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = _name_words(text)
        return found

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
                hit = _named_in_pieces(company, self.words(party.name))
            elif place == "local_part":
                hit = _named_in_pieces(company, self.words(local))
            elif place == "subdomain":
                labels = _labels(party.domain)
                extra = labels[: len(labels) - len(_labels(relay))]
                hit = _named_in_pieces(company, self.words(" ".join(extra)))
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


@record
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
    people = {p.address.lower(): p for p in interview.everyone}
    for role, party in parties:
        person = people.get(party.address.lower())
        if person is not None:
            who = person.name or person.address
            detail = f"the {role} {party.address} is {person.role} {who}"
            return _RANK["person"], _NOWHERE, "person", detail
    events = {_message_id(e.message_id) for e in timeline.events if e.message_id} if thread else ()
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
    best: tuple[tuple[int, tuple[int, int], int, tuple[int, timedelta], int], Match] | None = None
    for timeline, (rank, order, kind, detail) in _tied(message, timelines, lexicon, own_addresses):
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


def contested(
    message: Message,
    timelines: Sequence[Timeline],
    lexicon: Lexicon,
    own_addresses: Collection[str],
) -> bool:
    """Given what :func:`match` is given, return whether more than one interview has evidence
    for the message. Only then can the events of the interviews (whether one was rejected
    meanwhile) change which one :func:`match` picks."""
    return len(_tied(message, timelines, lexicon, own_addresses)) > 1


def _tied(
    message: Message,
    timelines: Sequence[Timeline],
    lexicon: Lexicon,
    own_addresses: Collection[str],
) -> list[tuple[Timeline, _Evidence]]:
    """Return the interviews with evidence for the message, each with its evidence."""
    if Signal.DELIVERY_REPORT in message.signals:
        return []
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
    tied = []
    for timeline in timelines:
        evidence = _evidence(timeline, parties, thread, relays, named)
        if evidence is not None:
            tied.append((timeline, evidence))
    return tied


# -- candidates --------------------------------------------------------------------------------

RECRUITING_WORDS = frozenset(
    {"jobs", "job", "careers", "career", "recruiting", "recruitment", "recruiter", "recruiters"}
    | {"talent", "talentacquisition", "hr", "hiring", "people", "staffing", "ta", "interviews"}
    | {"interview", "interviewing", "onboarding", "candidates", "candidate", "applicants"}
)
"""Words of a sender's local part or display name that say it recruits ("jobs@", "Talent
Team", "careers-noreply"): such mail is a candidate whatever its domain."""

INTERVIEW_WORDS = frozenset(
    {"interview", "interviews", "invitation", "entretien", "entrevista", "entrevue"}
    | {"vorstellungsgesprach", "bewerbungsgesprach", "colloquio", "sollicitatiegesprek"}
    | {"application", "bewerbung", "candidature", "candidatura", "solicitud", "sollicitatie"}
)
"""Words of a subject that speak of an interview ("Invitation: Interview with Acme", Outlook's
"Interview - Data Engineer") or of the application a reply may set one for ("Re: Ihre
Bewerbung bei Kranich"), folded: with ``invitations``, such mail is a candidate from any
sender, so that an invitation from a company nobody tracks yet is seen (``[tracking]``)."""

JOB_WORDS = frozenset(
    {"engineer", "engineers", "developer", "designer", "analyst", "scientist", "architect"}
    | {"consultant", "specialist", "intern", "internship", "manager", "position", "role"}
    | {"vacancy", "opening", "poste", "ingenieur", "ingenieure", "developpeur", "developpeuse"}
    | {"stelle", "entwickler", "entwicklerin", "ingenieurin", "praktikum", "werkstudent"}
    | {"puesto", "vacante", "ingeniero", "ingeniera", "desarrollador", "desarrolladora"}
    | {"analista", "vaga", "engenheiro", "engenheira", "desenvolvedor", "desenvolvedora"}
    | {"posizione", "ruolo", "sviluppatore", "sviluppatrice", "ingegnere", "vacature"}
    | {"functie", "ontwikkelaar", "stagiair", "stagiaire", "praktikant", "praktikantin"}
    | {"call", "chat", "screen", "screening", "conversation", "conversa", "conversacion"}
    | {"conversazione", "chiamata", "videochiamata", "llamada", "videollamada", "appel"}
    | {"telefonat", "kennenlernen", "gesprek", "kennismaking", "telefonica", "telefonico"}
    | {"telefonisch", "telephonique", "videocall", "entrevue", "colloqui", "gesprach"}
    | {"steps", "scheduling", "etapes", "schritte", "pasos", "passos", "passi", "stappen"}
)
"""Words of a subject that name the job applied for ("Re: Orbitline - Staff Backend Engineer",
"Vacature Data Engineer", "Ihre Bewerbung als Entwicklerin"), a call ("Maré Digital –
conversa telefónica confirmada", "Intro call") or the next steps ("Re: Harbor & Vine - next
steps", "Nächste Schritte", "Scheduling your onsite"): a recruiter's mail that sets an interview
often has such a subject, so with ``invitations`` they count as :data:`INTERVIEW_WORDS` do
(the body then decides)."""

INTERVIEW_STEMS: tuple[str, ...] = (
    "interview",
    "interviews",
    "gesprach",
    "gesprache",
    "gesprek",
    "gesprekken",
)
"""Ends of a subject's word that speak of an interview as the head of a compound
("Telefoninterview", "Fachinterview", "Bewerbungsgespräch", "sollicitatiegesprek"), folded;
"interviewer" is none."""


def interview_word(words: Iterable[str]) -> str | None:
    """Return the first of ``words`` (folded) that speaks of an interview, or None."""
    for word in words:
        if word in INTERVIEW_WORDS or word.endswith(INTERVIEW_STEMS):
            return word
    return None


SETTLING_SUBJECT_KINDS = (
    "rejection",
    "offer",
    "next_step",
    "acknowledgement",
    "update",
    "conditional",
    "out_of_office",
    "calendar_response",
    "application",
)
"""The kinds of the lexicon's phrases whose presence in a subject keeps a message from being
settled by its headers (:meth:`Candidates.settled`): words of a decision, of a step, of news,
of an application, of an automatic reply or of a calendar response."""

_LIST_MAIL = frozenset({Signal.BULK, Signal.MAILING_LIST})
_PhraseIndex = dict[str, tuple[tuple[str, ...], ...]]
_READ_OTHERWISE = frozenset({Signal.AUTO_REPLY, Signal.OUT_OF_OFFICE, Signal.DELIVERY_REPORT})


@functools.lru_cache(maxsize=16)
def _phrase_index(phrases: Phrases, kinds: tuple[str, ...]) -> _PhraseIndex:
    """Given the lexicon's phrases, return the words of those of ``kinds``, by their first
    word (phrases are compared as words, as ``watcher.classify`` compares them)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for kind in kinds:
        for phrase in getattr(phrases, kind):
            words = tuple(split_words(fold(phrase)))
            if words:
                index.setdefault(words[0], []).append(words)
    return {first: tuple(found) for first, found in index.items()}


def _says_any(words: Sequence[str], index: _PhraseIndex) -> bool:
    """Return whether ``words`` hold one of the phrases of ``index`` as consecutive words."""
    for start, word in enumerate(words):
        for phrase in index.get(word, ()):
            if tuple(words[start : start + len(phrase)]) == phrase:
                return True
    return False


class Candidates:
    """Which messages may concern the tracked interviews, decided from their headers alone.

    Built once per check from the interviews, the lexicon and the user's own addresses (every
    set and name is prepared here, so :meth:`reason` costs a few set lookups and substring
    tests per message); it runs on every message since the search floor. It is a superset of
    what :func:`match` can match given the same timelines: :func:`match` still decides.

    A message is a candidate (:meth:`reason` says why) when one of its parties (From, Sender,
    Reply-To; To and Cc as well for the user's own mail) is a tracked person, belongs to a
    tracked domain or to any relay of the lexicon (by DNS labels); when its In-Reply-To or
    References names a Message-ID of a tracked interview's events (or one of ``thread_ids``);
    when a party's display name, local part or domain, or the subject, names a tracked company;
    when its top-level Content-Type announces an invitation; when its sender's local part or
    display name is a recruiting one (:data:`RECRUITING_WORDS`); and, with ``invitations``
    (interviews are looked for in mail), when its subject speaks of an interview or names a
    job (:data:`INTERVIEW_WORDS`, :data:`JOB_WORDS`). Delivery reports never are.
    """

    def __init__(
        self,
        timelines: Sequence[Timeline],
        lexicon: Lexicon,
        own_addresses: Collection[str],
        *,
        thread_ids: Collection[str] = (),
        invitations: bool = False,
    ) -> None:
        self.people = frozenset(
            p.address.strip().lower() for t in timelines for p in t.interview.everyone
        )
        self.domains = frozenset(
            d for t in timelines for d in (".".join(_labels(x)) for x in t.interview.domains) if d
        )
        self.relays = frozenset(
            d for sender in lexicon.ats for d in (".".join(_labels(x)) for x in sender.domains) if d
        )
        companies = {_company(t.interview.company) for t in timelines}
        self.companies = tuple(sorted((c for c in companies if c), key=lambda c: c.joined))
        self.own = frozenset(a.strip().lower() for a in own_addresses)
        self.events = frozenset(
            _message_id(e.message_id) for t in timelines for e in t.events if e.message_id
        )
        self.thread_ids = frozenset(_message_id(i) for i in thread_ids) - {""}
        self.invitations = invitations
        self._settling = _phrase_index(lexicon.phrases, SETTLING_SUBJECT_KINDS)

    def with_threads(self, ids: Collection[str]) -> Candidates:
        """Return these candidates with the replies to ``ids`` (Message-IDs) wanted too."""
        other = object.__new__(Candidates)
        other.__dict__.update(self.__dict__)
        other.__dict__.pop("screen", None)
        other.thread_ids = self.thread_ids | (frozenset(_message_id(i) for i in ids) - {""})
        return other

    @classmethod
    def replies_to(cls, ids: Collection[str]) -> Candidates:
        """Return candidates that are only the replies to ``ids`` (a thread search)."""
        return cls((), Lexicon(), (), thread_ids=ids)

    @property
    def key(self) -> str:
        """What the choice depends on apart from thread ids, as text: a changed key means
        that mail already looked at may be chosen now (a search from the floor again)."""
        parts = [
            "candidates-1",
            *sorted(self.people),
            "|",
            *sorted(self.domains),
            "|",
            *sorted(self.relays),
            "|",
            *(c.joined for c in self.companies),
            "|",
            *sorted(self.own),
            *(["|", "invitations"] if self.invitations else []),
        ]
        return "\n".join(parts)

    @functools.cached_property
    def screen(self) -> HeaderScreen:
        """The cheap test of raw header blocks that comes before :meth:`reason` (built once)."""
        return HeaderScreen(self)

    def reason(self, message: Message, thread_ids: Collection[str] = ()) -> str | None:
        """Given a message (its headers are enough), return why it is a candidate, or None.
        ``thread_ids`` are more Message-IDs whose replies are wanted (learned meanwhile)."""
        if Signal.DELIVERY_REPORT in message.signals:
            return None
        for thread_id in message.thread_ids:
            bare = _message_id(thread_id)
            if bare in self.events or bare in self.thread_ids or bare in thread_ids:
                return f"it replies in the thread of <{bare}>"
        sender = message.sender
        parties: list[tuple[str, Address]] = []
        if sender is not None:
            parties.append(("sender", sender))
        if message.agent is not None:
            parties.append(("sender field", message.agent))
        parties += [("reply-to", a) for a in message.reply_to]
        if sender is not None and sender.address.lower() in self.own:
            parties += [("recipient", a) for a in message.recipients]
        for role, party in parties:
            address = party.address.lower()
            if address in self.own and role != "sender":
                continue
            if address in self.people:
                return f"the {role} {address} is a tracked person"
            domain = self._within(party.domain, self.domains)
            if domain:
                return f"the {role}'s domain {party.domain} belongs to {domain}"
            relay = self._within(party.domain, self.relays)
            if relay:
                return f"the {role} {address} is a relay ({relay})"
        for role, party in parties:
            # A domain that spells a tracked company ("nordwerk-energie.example" for Nordwerk
            # Energie GmbH, known only through its applicant-tracking system) names it too.
            company = (
                self._company_in(party.name)
                or self._company_in(party.address.rpartition("@")[0])
                or self._company_in(_owner_label(party.domain))
            )
            if company:
                return f"the {role} {party.address} names {company}"
        if message.subject:
            company = self._company_in(message.subject)
            if company:
                return f"the subject names {company}"
        if message.calendar_declared:
            return "it carries an invitation"
        if self.invitations and message.subject:
            subject_words = _name_words(message.subject)
            spoken = interview_word(subject_words)
            if spoken:
                return f"the subject speaks of an interview ({spoken})"
            job = next((word for word in subject_words if word in JOB_WORDS), None)
            if job:
                return f"the subject names a job or a call ({job})"
        if sender is not None and sender.address.lower() not in self.own:
            words = set(_name_words(sender.address.rpartition("@")[0]))
            words.update(_name_words(sender.name))
            if words & RECRUITING_WORDS:
                return f"the sender {sender.address} recruits"
        return None

    def settled(self, message: Message) -> bool:
        """Given a candidate parsed from its cheap headers, return whether those headers settle
        that it is no reply, so that its body need not be fetched nor read: list mail
        (``List-Id``, ``List-Unsubscribe``, ``Precedence: bulk|list|junk``) from a tracked
        company's own domain that is no relay's, such as the shop of a company one interviews
        at.

        It must also reply in no thread (no In-Reply-To, no References), have a Message-ID
        (a made-up one is derived from the whole header block), announce no invitation, carry
        no sign that it is an automatic reply or a delivery report, and name no tracked person,
        no relay and none of the user's own addresses in From, Sender or Reply-To; the sender's
        address (local part and domain, "jobs.northwind.example") and display name may hold no
        recruiting word (:data:`RECRUITING_WORDS`), nor the subject such a word or a phrase of
        the lexicon's :data:`SETTLING_SUBJECT_KINDS`.

        Read from these headers alone, such a message is what ``watcher.classify`` calls list
        mail that names no decision, and the interview its domain belongs to; its body could
        only change that by naming a rejection or an offer in list mail, which the judgment
        corpus's mail never does (``tests/test_settled.py``)."""
        if message.thread_ids or message.calendar_declared:
            return False
        signals = message.signals
        if not signals & _LIST_MAIL or signals & _READ_OTHERWISE:
            return False
        sender = message.sender
        if sender is None or message.message_id.endswith(MADE_UP_ID_DOMAIN):
            return False
        if not self._within(sender.domain, self.domains):
            return False
        parties = [sender, *message.reply_to, *([message.agent] if message.agent else [])]
        for party in parties:
            address = party.address.lower()
            if address in self.people or address in self.own:
                return False
            if self._within(party.domain, self.relays):
                return False
        named = set(_name_words(sender.address.replace("@", " ")))
        named.update(_name_words(sender.name))
        if named & RECRUITING_WORDS:
            return False
        subject = split_words(fold(message.subject))
        return RECRUITING_WORDS.isdisjoint(subject) and not _says_any(subject, self._settling)

    @staticmethod
    def _within(domain: str, domains: frozenset[str]) -> str:
        """Return the member of ``domains`` that ``domain`` is or is a subdomain of, or ""."""
        if not domains:
            return ""
        labels = _labels(domain)
        if "" in labels:
            return ""
        for start in range(len(labels)):
            suffix = ".".join(labels[start:])
            if suffix in domains:
                return suffix
        return ""

    def _company_in(self, text: str) -> str:
        """Return the name of the first tracked company ``text`` names, or ""."""
        if not text or not self.companies:
            return ""
        words = _name_words(text)
        glued = "".join(words)
        for company in self.companies:
            if company.joined in glued and _named_in_pieces(company, words):
                return company.name
        return ""


# -- the screen of raw header blocks --------------------------------------------------------------

SCREEN_MAX_BYTES = 16_384
"""A header block longer than this is always parsed: the parser cuts fields and the References
ids at this many characters, and a cut id could equal a wanted one."""

_SCREENED_FIELD = re.compile(
    rb"^(from|sender|reply-to|to|cc|in-reply-to|references)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)",
    re.MULTILINE,
)
_ADDR = rb"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9.-]+"
_NAME_ATOM = rb"[a-z0-9!#$%&'*+/=?^_`{|}~.@-]+"
_NAME = rb"(?:" + _NAME_ATOM + rb"(?:[ \t]+" + _NAME_ATOM + rb')*|"[^"\\\x00-\x1f\x7f]*")'
_MAILBOX = rb"(?:(?:" + _NAME + rb"[ \t]*)?<" + _ADDR + rb">|" + _ADDR + rb")"
_SUBJECT_FIELD = re.compile(rb"^subject[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)", re.MULTILINE)
_SIMPLE_ADDRESSES = re.compile(
    rb"[ \t]*(?:" + _MAILBOX + rb"(?:[ \t]*,[ \t]*" + _MAILBOX + rb")*)?[ \t]*"
)
"""An address field as most mail writes it, lower-cased: mailboxes ``name <local@domain>``
(the name plain words or a quoted string without escapes) or bare ``local@domain``, separated
by commas. For such a field the parser's addresses, names and local parts are plain substrings
of it; anything else (comments, escapes, groups, unquoted commas in names) is parsed."""
_ADDRESS_PARTS = re.compile(rb"([a-z0-9!#$%&'*+/=?^_`{|}~.-]+)@([a-z0-9.-]+)")
_SIMPLE_IDS = re.compile(rb"(?:[ \t]*<[^<>\x00-\x20\x7f]*>)+[ \t]*|[ \t]*")
_ANGLE_IDS = re.compile(rb"<([^<>\x00-\x20\x7f]*)>")
_ASCII_WORD = re.compile(rb"[a-z0-9]+")
_SCREEN_DOMAINS_KEPT = 10_000
_SCREEN_FIELDS_KEPT = 4096
"""How many address fields (and whether each makes a block pass) the screen remembers."""
_NOT_ALNUM = bytes(c for c in range(256) if not (0x30 <= c <= 0x39 or 0x61 <= c <= 0x7A))


class HeaderScreen:
    """A test of a raw header block, before any parsing, that passes every block whose parsed
    message :meth:`Candidates.reason` may accept (and most of the others are cut cheaply).

    A block passes outright when the parser's reading of it is not plain: longer than
    :data:`SCREEN_MAX_BYTES`, not ASCII, with RFC 2047 encoded words (``=?``), a bare CR, a
    calendar or ``method`` anywhere, an address field that is not a plain list of mailboxes
    (:data:`_SIMPLE_ADDRESSES`) or an In-Reply-To or References that is not a plain list of
    ``<id>``. For a plain block the parser's addresses, names, local parts, subject and thread
    ids are substrings of the lower-cased block, so it passes when:

    - an address of an address field is a tracked person's, or its domain is (or is under) a
      tracked or a relay domain (the same test as :meth:`Candidates.reason`'s);
    - a tracked company's joined words appear in the block with everything but letters and
      digits taken out (what :meth:`Candidates._company_in` looks for in a name, a local part
      or the subject, and more);
    - a word of a From field is a recruiting word (:data:`RECRUITING_WORDS`);
    - with ``invitations``, a word of a Subject field is an interview word or a job's
      (:data:`INTERVIEW_WORDS`, :data:`JOB_WORDS`);
    - an id of an In-Reply-To or References field is a tracked event's, a wanted thread's or
      one of ``learned`` (compared ignoring case).

    Delivery reports and the user's own addresses are left to :meth:`Candidates.reason`: they
    only ever exclude.
    """

    def __init__(self, candidates: Candidates) -> None:
        self._candidates = candidates
        self._people = frozenset(p.encode("utf-8", "replace") for p in candidates.people)
        self._companies = tuple({c.joined.encode("utf-8", "replace") for c in candidates.companies})
        self._ids = frozenset(i.lower() for i in candidates.events | candidates.thread_ids)
        self._recruiting = frozenset(w.encode() for w in RECRUITING_WORDS)
        self._interview = (
            frozenset(w.encode() for w in INTERVIEW_WORDS | JOB_WORDS)
            if candidates.invitations
            else None
        )
        self._stems = tuple(stem.encode() for stem in INTERVIEW_STEMS)
        self._domains = frozenset(
            d.encode("utf-8", "replace") for d in candidates.domains | candidates.relays
        )
        self._seen_domains: dict[bytes, bool] = {}
        self._seen_fields: dict[tuple[bool, bytes], bool] = {}

    def _domain_wanted(self, domain: bytes) -> bool:
        """Whether ``domain`` is or is under a tracked or relay domain, by labels (remembered
        for the first :data:`_SCREEN_DOMAINS_KEPT` domains seen)."""
        known = self._seen_domains.get(domain)
        if known is not None:
            return known
        suffix = domain.rstrip(b".")
        wanted = False
        while True:
            if suffix in self._domains:
                wanted = True
                break
            dot = suffix.find(b".")
            if dot < 0:
                break
            suffix = suffix[dot + 1 :]
        if len(self._seen_domains) < _SCREEN_DOMAINS_KEPT:
            self._seen_domains[domain] = wanted
        return wanted

    def passes(self, block: bytes, learned: Collection[str] = ()) -> bool:
        """Given a raw header block and Message-IDs whose replies are wanted too (lower case),
        return False only if :meth:`Candidates.reason` cannot accept its parsed message."""
        if len(block) > SCREEN_MAX_BYTES or not block.isascii():
            return True
        text = block.lower()
        if b"\r" in text:
            text = text.replace(b"\r\n", b"\n")
            if b"\r" in text:
                return True
        if b"=?" in text or b"calendar" in text or b"method" in text:
            return True
        glued = text.translate(None, _NOT_ALNUM)
        if any(company in glued for company in self._companies):
            return True
        if self._interview is not None:
            for subject in _SUBJECT_FIELD.findall(text):
                words = _ASCII_WORD.findall(subject)
                if not self._interview.isdisjoint(words) or any(
                    word.endswith(self._stems) for word in words
                ):
                    return True
        for name, value in _SCREENED_FIELD.findall(text):
            if b"\n" in value:
                value = value.replace(b"\n", b"")
            if name in (b"in-reply-to", b"references"):
                if not _SIMPLE_IDS.fullmatch(value):
                    return True
                for thread_id in _ANGLE_IDS.findall(value):
                    bare = thread_id.decode("ascii")
                    if bare in self._ids or bare in learned:
                        return True
                continue
            # Most mail repeats its address fields (the user in To, a list's own From).
            field = (name == b"from", value)
            passes = self._seen_fields.get(field)
            if passes is None:
                passes = self._address_field_passes(*field)
                if len(self._seen_fields) < _SCREEN_FIELDS_KEPT:
                    self._seen_fields[field] = passes
            if passes:
                return True
        return False

    def _address_field_passes(self, sender: bool, value: bytes) -> bool:
        """Whether an address field (lower case, unfolded) makes a block pass: it is not a
        plain list of mailboxes, or it names a wanted address or domain, or it is the From
        (``sender``) and holds a recruiting word."""
        if not _SIMPLE_ADDRESSES.fullmatch(value):
            return True
        for local, domain in _ADDRESS_PARTS.findall(value):
            if self._domain_wanted(domain) or local + b"@" + domain in self._people:
                return True
        if sender:
            words = _ASCII_WORD.findall(value.replace(b"'", b""))
            if not self._recruiting.isdisjoint(words):
                return True
        return False


def candidate(
    message: Message,
    timelines: Sequence[Timeline],
    lexicon: Lexicon,
    own_addresses: Collection[str],
) -> str | None:
    """Given a message parsed from its headers alone, the tracked interviews, the lexicon and
    the user's own addresses, return why the message may concern an interview (its body is
    worth reading), or None. See :class:`Candidates`, which a check builds once."""
    return Candidates(timelines, lexicon, own_addresses).reason(message)
