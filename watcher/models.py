"""The vocabulary of watcher: frozen dataclasses and enums shared by every layer.

Every datetime here is timezone-aware. Nothing here reads the clock, the disk or the network.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from watcher.record import field, record, replace
from watcher.spans import Span, Unit


class Format(StrEnum):
    """How the interview was held; panels and multi-round interviews wait longer for a reply."""

    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"
    PANEL = "panel"
    MULTI_ROUND = "multi-round"


class Status(StrEnum):
    """Where an interview stands; derived from its events by the policy, never stored."""

    SCHEDULED = "scheduled"
    AWAITING_REPLY = "awaiting_reply"
    NEXT_STEP = "next_step"
    OFFER = "offer"
    REJECTED = "rejected"
    GHOSTED = "ghosted"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    """The employer cancelled the interview (a calendar cancellation): nothing is planned for
    it until a later invitation reopens it."""


OPEN_STATUSES = frozenset({Status.SCHEDULED, Status.AWAITING_REPLY, Status.NEXT_STEP, Status.OFFER})


class Outcome(StrEnum):
    """How the user closed an interview."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"


class PersonRole(StrEnum):
    INTERVIEWER = "interviewer"
    CONTACT = "contact"


class Interest(StrEnum):
    """How much the user wants this job, as the user said it (``track add/edit --interest``).

    Drafts state a preference only as strong as the one recorded: ``top`` ("my first choice",
    "most interested") and ``high`` ("very interested") are said only for an interview the user
    marked so; ``normal``, the default, says no more than that the user is still interested.
    """

    NORMAL = "normal"
    HIGH = "high"
    TOP = "top"


class ReplyKind(StrEnum):
    """What a message from the employer's side means."""

    REJECTION = "rejection"
    OFFER = "offer"
    NEXT_STEP = "next_step"
    ACKNOWLEDGEMENT = "acknowledgement"
    AUTO_REPLY = "auto_reply"
    UPDATE = "update"


class ActionKind(StrEnum):
    """What the policy can ask of the user."""

    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    MOVE_ON = "move_on"
    CHECK_IN = "check_in"
    COMMITMENT = "commitment"
    EXPEDITE = "expedite"
    GRACEFUL_CLOSE = "graceful_close"


class EventKind(StrEnum):
    """What happened: a reply came, the user sent something, a draft or nudge was made."""

    REPLY = "reply"
    SENT = "sent"
    DRAFT = "draft"
    NUDGE = "nudge"
    SNOOZE = "snooze"
    SCHEDULE = "schedule"
    """Mail tracked, moved, cancelled or added a round of the interview (see
    :mod:`watcher.sightings`); ``note`` says what, ``message_id`` which message."""


@record
class Person:
    """An interviewer or a contact (recruiter, coordinator, agency); ``address`` is lower case."""

    name: str
    address: str
    role: PersonRole = PersonRole.INTERVIEWER
    topic: str = ""
    """What the user discussed with this person (an interviewer's own topic on a panel); the
    interview's ``topic`` stands in when it is empty."""

    @property
    def first_name(self) -> str:
        """Return the first word of the name; with no name, a guess from the address.

        "dana.reyes@..." gives "Dana", "sam@..." gives "Sam".
        """
        if self.name.strip():
            return self.name.split()[0]
        local = self.address.split("@", 1)[0]
        first = re.split(r"[._+-]", local, maxsplit=1)[0] or local
        return first[:1].upper() + first[1:]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


Expectation = Span | date
"""What the interviewer said about the timeline: a span ("1 week") or a date ("2026-12-04")."""


class Source(StrEnum):
    """Where a tracked interview came from: typed in (`watcher track add`) or found in mail."""

    HAND = "hand"
    MAIL = "mail"


@record
class Round:
    """One round of a process: when, how and with whom, and the calendar event it came from
    (``uid`` and ``sequence`` of its iCalendar event, ``message_id`` of the invitation; empty
    and 0 for a round typed in)."""

    at: datetime
    format: Format = Format.VIDEO
    interviewers: tuple[Person, ...] = ()
    uid: str = ""
    sequence: int = 0
    message_id: str = ""


def address_of(sender: str) -> str:
    """Return the address in a sender or recipient as events keep it: inside the last angle
    brackets of "Name <address>" (a display name may hold a comma, "Ray, Rita <rita@...>"),
    else the text itself; lower case."""
    if "<" in sender and sender.rstrip().endswith(">"):
        sender = sender.rsplit("<", 1)[1].rstrip()[:-1]
    return sender.strip().lower()


def name_of(sender: str) -> str:
    """Return the display name in a sender as events keep it (:class:`Address`'s text):
    "Rita Cruz" of "Rita Cruz <rita@...>", its quotes undone ("Cruz, Rita" of a quoted one);
    "" for a bare address."""
    if "<" not in sender or not sender.rstrip().endswith(">"):
        return ""
    name = sender.rsplit("<", 1)[0].strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


@record
class Interview:
    """An interview the user tracks: a process (a company and a role) and its rounds.

    ``at``, ``format``, ``interviewers``, ``uid``, ``sequence`` and ``message_id`` are those of
    its latest round, the one the silence after it counts from; ``rounds`` holds the earlier
    ones, oldest first (empty for a process of one round). ``contacts``, ``domains`` and the
    rest belong to the whole process. ``source`` says whether it was typed in or found in mail;
    ``cancelled_at`` is set while the employer has cancelled its latest round.
    """

    id: int
    company: str
    role: str
    at: datetime
    format: Format = Format.VIDEO
    interviewers: tuple[Person, ...] = ()
    contacts: tuple[Person, ...] = ()
    domains: tuple[str, ...] = ()
    expect: Expectation | None = None
    topic: str = ""
    note: str = ""
    outcome: Outcome | None = None
    closed_at: datetime | None = None
    created_at: datetime | None = None
    interest: Interest = Interest.NORMAL
    language: str = ""
    """The language of this interview's drafts (one of :data:`DRAFT_LANGUAGES`); empty: the
    configuration's ``[user] language``."""
    source: Source = Source.HAND
    uid: str = ""
    sequence: int = 0
    message_id: str = ""
    cancelled_at: datetime | None = None
    rounds: tuple[Round, ...] = ()

    @property
    def people(self) -> tuple[Person, ...]:
        """The interviewers of the latest round, then the contacts (the people mail is matched
        by; see :attr:`everyone` for those of the earlier rounds too)."""
        return self.interviewers + self.contacts

    @property
    def everyone(self) -> tuple[Person, ...]:
        """Every interviewer of every round (each once, the latest round's first), then the
        contacts."""
        seen = {p.address for p in self.interviewers}
        earlier = []
        for round_ in reversed(self.rounds):
            for person in round_.interviewers:
                if person.address not in seen:
                    seen.add(person.address)
                    earlier.append(person)
        return self.interviewers + tuple(earlier) + self.contacts

    @property
    def latest_round(self) -> Round:
        return Round(
            self.at, self.format, self.interviewers, self.uid, self.sequence, self.message_id
        )

    @property
    def all_rounds(self) -> tuple[Round, ...]:
        """Every round, oldest first; the last is the latest (:attr:`at`...)."""
        return (*self.rounds, self.latest_round)

    def with_rounds(self, rounds: tuple[Round, ...]) -> Interview:
        """Return this process with ``rounds`` (at least one), put in time order: the last
        becomes the latest round (``at``, ``format``, ``interviewers``...)."""
        if not rounds:
            raise ValueError("a process has at least one round")
        ordered = sorted(rounds, key=lambda r: r.at)
        latest = ordered[-1]
        return replace(
            self,
            at=latest.at,
            format=latest.format,
            interviewers=latest.interviewers,
            uid=latest.uid,
            sequence=latest.sequence,
            message_id=latest.message_id,
            rounds=tuple(ordered[:-1]),
        )

    def round_view(self, number: int) -> Interview:
        """Return this process as it stood at its round ``number`` (1 is the first): that
        round as the latest, the later ones left out. Raise ValueError if there is none."""
        rounds = self.all_rounds
        if not 1 <= number <= len(rounds):
            raise ValueError(f"interview #{self.id} has no round {number}")
        return self.with_rounds(rounds[:number])


@record
class Event:
    """Something that happened in an interview's process.

    ``reply_kind`` is set for replies; ``action`` for what the user sent and for drafts and nudges
    (which action they belong to). ``until`` is a date a reply named ("by the end of next week"):
    the next follow-up waits for it. ``account`` names the mail account a message was found in.
    """

    interview_id: int
    kind: EventKind
    at: datetime
    reply_kind: ReplyKind | None = None
    action: ActionKind | None = None
    sender: str = ""
    recipients: tuple[str, ...] = ()
    message_id: str = ""
    subject: str = ""
    until: date | None = None
    note: str = ""
    id: int | None = None
    account: str = ""


@record
class Commitment:
    """A promise the user made in the interview ("send references by Friday")."""

    id: int
    interview_id: int
    what: str
    due: datetime
    done_at: datetime | None = None


REFLECTION_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("felt", "How did you feel during the interview?"),
    ("went_well", "Which questions did you answer well?"),
    ("hard", "Which questions did you struggle with?"),
    ("learned", "What did you learn about the company?"),
    ("takeaways", "Key takeaways (and anything you promised to send)?"),
)
"""The article's reflection right after an interview: (key, question)."""


@record
class Reflection:
    """The user's answers to :data:`REFLECTION_QUESTIONS`, kept with the interview."""

    interview_id: int
    at: datetime
    felt: str = ""
    went_well: str = ""
    hard: str = ""
    learned: str = ""
    takeaways: str = ""


@record
class Timeline:
    """Everything known about one interview: what the policy evaluates."""

    interview: Interview
    events: tuple[Event, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    reflection: Reflection | None = None


@record
class Action:
    """Something due now or later, decided by the policy.

    ``key`` identifies the action across runs (the ledger uses it so nothing happens twice).
    ``deadline`` is when it stops being timely; ``number`` counts follow-ups and check-ins;
    ``ref`` names what the action is about (a commitment id, the interview with the offer).
    ``snoozed_until`` is set when the user snoozed the interview and the action waited for it.
    """

    interview_id: int
    kind: ActionKind
    due: datetime
    to: tuple[Person, ...]
    reason: str
    key: str
    deadline: datetime | None = None
    number: int = 1
    ref: str = ""
    snoozed_until: datetime | None = None


@record
class Draft:
    """A rendered message for the user to review and send."""

    kind: ActionKind
    to: tuple[Person, ...]
    subject: str
    body: str
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    language: str = "en"
    """The language the draft is written in (one of :data:`DRAFT_LANGUAGES`)."""


WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@record
class PolicySettings:
    """The knobs of the policy, from ``[policy]`` in the config (defaults follow the article).

    ``holidays`` is any container of dates (the holidays package's country calendars are one).
    ``move_on_factor`` multiplies the expected window unless ``move_on_after`` gives a fixed span.
    ``learn_windows`` lets the first follow-up's window come from the user's own history
    (:mod:`watcher.windows`).
    """

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    workdays: frozenset[int] = frozenset(range(5))
    holidays: Container[date] = frozenset()
    workday_start: time = time(9, 0)
    interview_length: timedelta = timedelta(hours=1)
    thank_you_within: Span = Span(24, Unit.HOURS)
    thank_you_until: Span = Span(3, Unit.DAYS)
    follow_up_after: Span = Span(5, Unit.BUSINESS_DAYS)
    follow_up_by: Span = Span(7, Unit.BUSINESS_DAYS)
    panel_extra: Span = Span(2, Unit.BUSINESS_DAYS)
    max_follow_ups: int = 2
    follow_up_spacing: Span = Span(5, Unit.BUSINESS_DAYS)
    move_on_factor: float = 2.0
    move_on_after: Span | None = None
    check_in_every: Span | None = None
    graceful_close_for: Span = Span(7, Unit.DAYS)
    expedite: bool = True
    quiet_hours: tuple[time, time] | None = None
    learn_windows: bool = False


TEMPLATE_NAMES: tuple[str, ...] = (
    "thank_you",
    "follow_up",
    "follow_up_2",
    "graceful_close",
    "check_in",
    "expedite",
    "commitment",
)
"""The draft templates; each is ``NAME.txt`` in the package data or the user's templates dir."""

DRAFT_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es")
"""Languages the built-in draft templates are written in (ISO 639-1 codes)."""


@record
class Address:
    """A mailbox as written in a header: display name and address (lower case)."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]

    def __str__(self) -> str:
        if not self.name:
            return self.address
        name = self.name
        if any(c in name for c in _SPECIALS):
            # RFC 5322 quoted-string: "Recruiter, Rita" must not read as two mailboxes.
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{name} <{self.address}>"


_SPECIALS = frozenset('()<>[]:;@\\,"')


class Signal(StrEnum):
    """Why a message is not a human reply (RFC 3834, RFC 2919/2369, RFC 3462)."""

    AUTO_SUBMITTED = "auto_submitted"
    AUTO_REPLY = "auto_reply"
    BULK = "bulk"
    MAILING_LIST = "mailing_list"
    OUT_OF_OFFICE = "out_of_office"
    DELIVERY_REPORT = "delivery_report"


@record
class Invite:
    """One event (VEVENT) of a calendar part: an invitation (REQUEST), a cancellation (CANCEL)
    or other (REPLY, PUBLISH...).

    ``start`` and ``end`` are aware: a floating time (no zone, or a ``TZID`` nobody defines) is
    read as UTC with ``floating`` set, a date without a time as midnight UTC with ``all_day``
    set, so that a reader who knows the user's zone can place them. ``resources`` are the
    addresses among ``attendees`` that are rooms or resources (``CUTYPE=ROOM`` or
    ``RESOURCE``); ``optional`` those invited for information only (``ROLE=OPT-PARTICIPANT``
    or ``NON-PARTICIPANT``). ``status`` is the event's STATUS (``CANCELLED``...), upper case;
    ``product`` the calendar's PRODID, the program that wrote it."""

    method: str
    uid: str
    sequence: int
    start: datetime | None
    end: datetime | None
    attendees: tuple[Address, ...]
    organizer: Address | None
    summary: str
    location: str = ""
    description: str = ""
    floating: bool = False
    all_day: bool = False
    resources: tuple[str, ...] = ()
    status: str = ""
    optional: tuple[str, ...] = ()
    product: str = ""


@record
class Message:
    """A mail message as the core sees it: decoded headers, plain text, the signals it carries.

    ``message_id``, ``in_reply_to`` and ``references`` are without angle brackets. ``text`` is
    the readable text of the message (HTML converted), bounded in length. ``folder`` and
    ``uid`` say where it was found; ``account`` is the config's account name.
    """

    account: str
    folder: str
    uid: int
    message_id: str
    date: datetime
    sender: Address | None
    subject: str
    text: str = ""
    reply_to: tuple[Address, ...] = ()
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    signals: frozenset[Signal] = frozenset()
    invite: Invite | None = None
    agent: Address | None = None
    """The Sender field (RFC 5322 section 3.6.2): who sent it on behalf of ``sender``."""
    calendar_declared: bool = False
    """The top-level Content-Type says it carries an invitation: ``text/calendar``, or a
    multipart with a ``method`` parameter (known from the header block alone)."""
    invites: tuple[Invite, ...] = ()
    """Every event of every calendar the message carries (a scheduler may send one per
    interview of a day), in order; ``invite`` is the first of them."""

    @property
    def recipients(self) -> tuple[Address, ...]:
        return self.to + self.cc

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """The ids this message refers to: References, then In-Reply-To (deduplicated)."""
        ids = [*self.references, self.in_reply_to] if self.in_reply_to else list(self.references)
        return tuple(dict.fromkeys(i for i in ids if i))

    @property
    def thread_root(self) -> str:
        """The id that names this message's thread: the first References id, else In-Reply-To,
        else its own Message-ID (what a correction of `watcher track heard` is kept under)."""
        return next((i for i in (*self.references, self.in_reply_to) if i), self.message_id)


class SightingKind(StrEnum):
    """What a message says of an interview: it is set (an invitation, a confirmation, a new
    time) or it is cancelled."""

    INVITE = "invite"
    CANCEL = "cancel"


@record
class Sighting:
    """An interview seen in one message (:mod:`watcher.invites`), before anything is decided
    about it: a new interview, a next round, a move or a cancellation of one already known.

    ``uid`` and ``sequence`` are the iCalendar event's (``""`` and 0 for a confirmation without
    a calendar); ``start`` and ``end`` are aware (``start`` is None only for a cancellation that
    names no time); ``interviewers`` never hold the user, a scheduling system or a shared
    calendar; ``thread`` is the message's :attr:`Message.thread_root`; ``evidence`` says in
    words what made it an interview. ``known_only``: the mail moves or cancels a meeting
    without saying it is a job interview ("we have to move our call", "das Gespräch muss
    leider entfallen"): it may change an interview already known, never make one (it is
    never stored: a suggestion is never made of it). ``moved``: the mail says the time is a
    new one for an interview set before ("has been rescheduled", "wurde verschoben"), so a
    calendar event of its own may still move the round it replaces (not stored either).
    ``was``: the time it had before, when the mail says it (not stored)."""

    kind: SightingKind
    message_id: str
    uid: str
    sequence: int
    company: str
    role: str
    start: datetime | None
    end: datetime | None
    format: Format
    interviewers: tuple[Person, ...]
    domains: tuple[str, ...]
    thread: str
    evidence: str
    known_only: bool = False
    moved: bool = False
    was: datetime | None = None
    """The time the mail says the interview had before a move ("instead of Tuesday at 2 PM",
    "moved from Tuesday 2 PM"), when it states one (not stored)."""


@record
class EarlierMail:
    """A message received before the one being read that shares something with it: its sender
    (``via`` "sender"), its company's domain ("domain") or its thread ("thread"). What
    :func:`watcher.invites.sighting` may read for what a message itself lacks: a scheduler's
    "30 Minute Meeting" names neither the company nor the job that the recruiter's earlier mail
    named. ``address`` is its From address (lower case), ``company`` the company of the interview
    it was filed under ("" when none)."""

    date: datetime
    address: str
    subject: str
    thread: str
    company: str = ""
    via: str = ""


class SuggestionState(StrEnum):
    """Where an interview found in mail stands: waiting for the user's word, tracked (by the
    user, or at once with ``[tracking] from_mail = "track"``), ignored for good, or cancelled
    by the employer before the user decided."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    IGNORED = "ignored"
    CANCELLED = "cancelled"


@record
class Suggestion:
    """An interview found in mail (a :class:`Sighting`) and what became of it.

    ``interview_id`` is, while pending, the tracked process it would be the next round of (None:
    a new interview), and once accepted the interview it became (None if that was removed
    since). ``seen_at`` is when a check found it, ``decided_at`` when its state last changed,
    ``account`` the mail account it was found in."""

    id: int
    sighting: Sighting
    state: SuggestionState
    seen_at: datetime
    interview_id: int | None = None
    decided_at: datetime | None = None
    account: str = ""


@record
class News:
    """What a check did on its own about interviews found in mail, told to the user once: an
    interview found (``suggestion_id`` names the suggestion, whose notification offers "Track"
    and "Ignore"), tracked at once, moved, cancelled, or given a next round (``interview_id``).

    ``key`` keeps it from being recorded twice; ``message_id`` names the message that made it
    (so that the message is not acted on again); ``at`` is when the check recorded it and
    ``told_at`` when a notifier took it (None: not yet)."""

    id: int
    key: str
    headline: str
    text: str
    at: datetime
    interview_id: int | None = None
    suggestion_id: int | None = None
    message_id: str = ""
    told_at: datetime | None = None


@record(slots=True)
class Judgment:
    """How watcher read one message it fetched: where it was, which interview it tied to (None:
    none) and by what (``match``), which kind of reply (None: no reply; ``sent:...`` for the
    user's own mail), whether that counts as hearing back, and the reasons in words.

    ``sender`` is the From as written, ``address`` its address (lower case); ``thread`` the
    message's :attr:`Message.thread_root`; ``corrected`` is set when the user's correction
    decided it.
    """

    account: str
    folder: str
    uid: int
    message_id: str
    date: datetime
    sender: str
    address: str
    subject: str
    thread: str
    interview_id: int | None
    match: str
    kind: str | None
    counts_as_reply: bool
    evidence: tuple[str, ...]
    judged_at: datetime
    corrected: bool = False


@record
class Correction:
    """The user's word on a misread message (`watcher track heard ID --message M --kind K`):
    mail from ``sender`` (an address) in ``thread`` (a thread root) is about ``interview_id``
    and of ``kind``, or, with ``kind`` None, is not about ``interview_id``."""

    message_id: str
    thread: str
    sender: str
    interview_id: int
    kind: ReplyKind | None
    at: datetime


@record
class AtsSender:
    """An applicant-tracking system, job board or scheduler that relays mail for companies.

    ``domains`` match by DNS labels (a subdomain counts). ``company_in`` lists where the company
    is named: ``display_name``, ``local_part``, ``subdomain``, ``subject``, ``body``.
    """

    name: str
    domains: tuple[str, ...]
    company_in: tuple[str, ...]
    kind: str = "ats"


@record
class Phrases:
    """Phrases that classify a reply, per kind, all languages together (lower case)."""

    rejection: tuple[str, ...] = ()
    offer: tuple[str, ...] = ()
    next_step: tuple[str, ...] = ()
    acknowledgement: tuple[str, ...] = ()
    conditional: tuple[str, ...] = ()
    out_of_office: tuple[str, ...] = ()
    automatic: tuple[str, ...] = ()
    """Words by which mail says it is an automatic reply itself ("this is an automated
    response", "I am no longer with"): no person writes them."""
    thanks: tuple[str, ...] = ()
    update: tuple[str, ...] = ()
    """A person's news that decides nothing yet: on hold, delayed, still deciding."""
    not_reply: tuple[str, ...] = ()
    """Words of mail that is no reply about an application: receipts, alerts, surveys."""
    calendar_response: tuple[str, ...] = ()
    """How a calendar response's subject begins ("accepted", "refusé"), without the colon."""
    calendar_update: tuple[str, ...] = ()
    """How the subject of an updated calendar invitation begins ("updated invitation",
    "bijgewerkt"), without the colon."""
    reminder: tuple[str, ...] = ()
    """How a reminder's subject begins ("reminder", "rappel", "Erinnerung"), without the colon."""
    read_receipt: tuple[str, ...] = ()
    """How a read receipt's subject begins ("read", "lu", "gelesen"), without the colon."""
    signed: tuple[str, ...] = ()
    """How the subject of an e-signature's completion notice begins ("completed", "you signed",
    "abgeschlossen"), without the colon: the copy of what was signed, a receipt."""
    negation: tuple[str, ...] = ()
    """Words that turn a decision around inside a clause ("not", "nicht", "não", "geen")."""
    application: tuple[str, ...] = ()
    """Words of a job application: what an applicant-tracking system's mail speaks of
    ("application", "Bewerbung", "candidatura", "sollicitatie")."""
    scam: tuple[str, ...] = ()
    """What a job scam asks of a candidate before any contract: a fee, a payment, equipment
    bought from its vendor ("processing fee", "frais de dossier", "taxa de cadastro")."""
    notice: tuple[str, ...] = ()
    """Words of automatic mail about the candidate's data or the sender's own service, not the
    process: surveys, keeping or deleting data, consent to keep it ("how likely are you to
    recommend", "vos données seront supprimées", "Aufbewahrungsfrist")."""


HEARING_BACK = frozenset(
    {ReplyKind.REJECTION, ReplyKind.OFFER, ReplyKind.NEXT_STEP, ReplyKind.UPDATE}
)
"""The kinds of reply that count as hearing back from the employer: a human reply or an ATS
message that decides something. Acknowledgements and automatic replies do not."""

MODEL_FORMAT = 2
"""The version of the layout of the classifier's model file (``watcher/data/judgment.json``):
written by ``watcher.learn``, read by ``watcher.lexicon``."""

JUDGMENT_CLASSES = (
    "rejection",
    "offer",
    "next_step",
    "update",
    "acknowledgement",
    "auto_reply",
    "none",
)
"""What the classifier's model tells apart: the kinds of :class:`ReplyKind` and "none" (no
reply at all)."""


@record(eq=False)
class Model:
    """A linear model over hashed features: per feature bucket one weight per class.

    ``weights`` maps a bucket (``crc32(feature) % buckets``) to its weights, in the order of
    ``classes``; buckets no training example touched are absent (all zero). Compared by
    identity: a model is read once and shared.
    """

    classes: tuple[str, ...]
    buckets: int
    bias: tuple[float, ...]
    weights: Mapping[int, Sequence[float]]


@record
class Lexicon:
    """The data the matcher and classifier use, read from ``watcher/data/`` by ``lexicon``.

    ``model`` is the classifier's learned part (None: phrases and structure only)."""

    ats: tuple[AtsSender, ...] = ()
    phrases: Phrases = Phrases()
    model: Model | None = None


@record
class FolderState:
    """Where the last sync of a folder stopped (RFC 3501 UIDVALIDITY and UIDs, RFC 7162 MODSEQ).

    ``terms_key`` identifies the search terms used: when the tracked interviews change, the
    folder is searched again from ``since``.
    """

    uidvalidity: int
    last_uid: int
    highest_modseq: int | None = None
    uidnext: int | None = None
    terms_key: str = ""


@record
class RawPart:
    """One text leaf part of a fetched message, still transfer-encoded.

    ``content_type``, ``charset`` and ``encoding`` are lower case (the type without parameters);
    ``params`` holds every Content-Type parameter (names lower case, RFC 2231 values joined).
    """

    content_type: str
    payload: bytes
    charset: str = ""
    encoding: str = ""
    params: tuple[tuple[str, str], ...] = ()


@record
class RawMessage:
    """A message as a backend fetched it: its whole header block (with the blank line that ends
    it) and the text parts needed (text/plain, text/html, text/calendar; never attachments).

    ``content_type`` is the top-level type (``multipart/report`` marks a delivery report).
    """

    folder: str
    uid: int
    internal_date: datetime | None
    headers: bytes
    parts: tuple[RawPart, ...] = ()
    content_type: str = "text/plain"


@record
class Folders:
    """The folders that matter, found by their special-use flags (RFC 6154) where offered."""

    inbox: tuple[str, ...]
    sent: str | None
    drafts: str | None


MADE_UP_ID_DOMAIN = "@no-message-id.invalid"
"""The domain of the Message-IDs the parser makes up for mail that has none (RFC 2606's
``.invalid``): no thread can name them."""


@record
class NudgeItem:
    """One thing that is due, as a nudge tells it (mail content in it is untrusted text)."""

    interview_id: int
    company: str
    role: str
    kind: ActionKind
    due: datetime
    reason: str
    draft_account: str = ""
    draft_folder: str = ""
    draft_subject: str = ""
    draft_text: str = ""


@record
class Nudge:
    """What a notifier delivers: one or several items due at once (coalesced), or a ``notice``
    about watcher itself (a refused password) with no item."""

    items: tuple[NudgeItem, ...]
    notice: str = ""
    key: str = ""
    """A stable name for this nudge, made of the ledger keys of what it tells (empty for a
    notice): sent again after a crash, it carries the same Message-ID."""
    headline: str = ""
    """The title of a notice about interviews found in mail ("Interview found: Acme, Tue 8 Dec
    14:00"); empty for the others."""
    suggestion: int | None = None
    """The suggestion a notice offers to track: its notification has the buttons "Track" and
    "Ignore" where buttons exist, and says the commands (:attr:`commands`) elsewhere."""

    @property
    def commands(self) -> str:
        """What to type to track or ignore the suggestion (empty without one)."""
        if self.suggestion is None:
            return ""
        return (
            f"Track it: `watcher track accept {self.suggestion}`; ignore it: "
            f"`watcher track ignore {self.suggestion}`"
        )

    @property
    def title(self) -> str:
        """One line: "Northwind (Data Engineer): follow-up due", or "3 things are due"."""
        if self.headline:
            return self.headline
        if self.notice and not self.items:
            return "watcher needs your attention"
        if len(self.items) == 1:
            item = self.items[0]
            return f"{item.company} ({item.role}): {str(item.kind).replace('_', '-')} due"
        return f"{len(self.items)} things are due"
