"""One cycle of watcher: fetch -> record -> evaluate -> plan -> execute.

Decide first, then act. :meth:`Engine.check` fetches what is new in every account, turns the
messages that concern a tracked interview into events, asks the policy what is due, and plans
the nudges and drafts that the ledger has not seen done. Unless it is a dry run it then records
the events and the sync state (one transaction per folder), and performs each planned action
between a ``planned`` and a ``done`` mark in the ledger, so that a crash, a second run or a
restart never does anything twice: an action planned but not marked done is looked for in the
Drafts folder (by its Message-ID, which is derived from the action) before it is made again.

The engine knows mailboxes only through :class:`~watcher.backends.base.Mailbox`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from watcher import (
    classify,
    evidence,
    invites,
    matching,
    policy,
    sightings,
    templates,
    tracking,
    windows,
)
from watcher.backends.base import (
    Folders,
    FolderState,
    Mailbox,
    MailboxAuthError,
    MailboxError,
    RawMessage,
    SearchTerms,
)
from watcher.errors import TemplateError, WatcherError
from watcher.logsetup import get_logger
from watcher.mail import MalformedMessage, compose_draft, parse, reply_subject
from watcher.models import (
    Action,
    ActionKind,
    Address,
    Correction,
    Draft,
    EarlierMail,
    Event,
    EventKind,
    Interview,
    Judgment,
    Lexicon,
    Message,
    News,
    Nudge,
    NudgeItem,
    Sighting,
    Suggestion,
    SuggestionState,
    Timeline,
)
from watcher.notify.base import Notifier, NotifyError
from watcher.record import record, replace
from watcher.settings import Account, Config
from watcher.store import Store

log = get_logger(__name__)

SEARCH_MARGIN = timedelta(days=14)
"""Mail is searched from this long before the earliest open interview (scheduling mail)."""
INVITATION_MARGIN = timedelta(days=30)
"""While interviews are looked for in mail (``[tracking] from_mail``), mail is searched from at
least this long before the check too: an invitation comes days or weeks before the interview."""
NEWS_FOR = timedelta(days=2)
"""How long what a check did on its own (an interview found, moved, cancelled) waits to be told:
older news is stale (`watcher track suggested` still lists what is pending)."""
FOLDERS_KEPT = timedelta(days=1)
"""How long the folders a server listed are trusted before listing them again."""
THREAD_ROUNDS = 3
"""How many times the threads of newly learned messages are followed in one check."""


@record
class Matched:
    """A message recorded for an interview: a reply, or mail the user sent."""

    message_id: str
    interview_id: int
    kind: str
    sender: str
    at: datetime
    account: str
    evidence: tuple[str, ...] = ()
    """Why: the match's evidence and the classification's reason (or the user's correction)."""


@record
class PlannedDraft:
    """A draft to append: the action it serves, where it goes and the message itself."""

    action: Action
    draft: Draft
    account: str
    folder: str
    subject: str
    message_id: str
    data: bytes


@record
class Skipped:
    """A message that could not be used, and why (the sync moves past it)."""

    account: str
    folder: str
    uid: int
    reason: str
    message_id: str = ""


@dataclass
class CheckReport:
    """What one check saw and did (or, in a dry run, would do)."""

    scanned: int = 0
    matched: list[Matched] = field(default_factory=list)
    nudges: list[Action] = field(default_factory=list)
    drafts: list[PlannedDraft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unopened: dict[str, str] = field(default_factory=dict)
    """Accounts that could not even be opened (a password or sign-in missing), with why."""
    dry_run: bool = False
    delivered_by: list[str] = field(default_factory=list)
    """The notifiers that took this check's nudge (empty when none is configured)."""
    shown: list[tuple[str, int, tuple[int, ...]]] = field(default_factory=list)
    """Notifications whose buttons may be pressed: the notifier's name, the notification's id
    and the interviews it told of."""
    due: list[datetime] = field(default_factory=list)
    """When each action the policy planned falls due (the daemon checks again at the next)."""
    deferred: list[Action] = field(default_factory=list)
    """Nudges held back by quiet hours or failed notifiers: the next check tries again."""
    warnings: list[str] = field(default_factory=list)
    failed: dict[str, MailboxError] = field(default_factory=dict)
    """The accounts that could not be checked, and why."""
    found: list[Found] = field(default_factory=list)
    """The interviews seen in mail that this check acted on (or, in a dry run, would)."""
    told: list[News] = field(default_factory=list)
    """The news a notifier took in this check (interviews found, tracked, moved, cancelled)."""
    shown_suggestions: list[tuple[str, int, int]] = field(default_factory=list)
    """Notifications of a suggestion whose "Track" and "Ignore" buttons may be pressed: the
    notifier's name, the notification's id and the suggestion's id."""


@record
class Found:
    """An interview seen in mail that a check acted on: the decision
    (:func:`watcher.sightings.decide`), what was done (``done``: "suggested", "tracked",
    "round added", "moved", "cancelled", "reopened", "suggestion moved", "suggestion
    cancelled"), the account it was found in, and the suggestion and interview it concerns
    (None in a dry run, for what would be made)."""

    decision: sightings.Decision
    done: str
    account: str
    suggestion_id: int | None = None
    interview_id: int | None = None


@dataclass
class AccountSync:
    """One account's sync, decided in full before anything of it is kept (see
    :meth:`Engine._keep`): its folders (``listed`` when the server listed them anew), the
    interviews' timelines with its events added, the events themselves, the new state of each
    folder, and what it scanned, matched and skipped."""

    account: str
    folders: Folders
    timelines: dict[int, Timeline]
    listed: bool = False
    events: list[Event] = field(default_factory=list)
    states: dict[str, FolderState] = field(default_factory=dict)
    scanned: int = 0
    matched: list[Matched] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    judgments: list[Judgment] = field(default_factory=list)
    """How each message judged was read, and why (kept for `watcher why`)."""
    sightings: list[tuple[datetime, Sighting]] = field(default_factory=list)
    """The interviews seen in its messages, with each message's date."""


class Overdue(MailboxError):
    """An account did not finish within its deadline; the server is too slow or stalls."""


DEADLINE_FACTOR = 10
"""An account's sync in one check may take this many times the account's ``timeout`` (the limit
of one network operation), and so may the saving of its drafts."""
NOTIFY_DEADLINE = 120.0
"""Seconds one notifier may take to deliver a nudge (its own timeouts bound each step)."""
NUDGE_RETRY_FOR = timedelta(days=1)
"""How long a notifier's part of a nudge that it failed to deliver is tried again, once another
notifier told the user."""
ABORT_GRACE = 0.25
"""Seconds given to an aborted account's thread to unwind before the check goes on without it."""

_MAIL = frozenset({EventKind.REPLY, EventKind.SENT})
"""The events that are mail of an account (a draft or a nudge is watcher's own)."""

_stalled: dict[str, threading.Thread] = {}
"""Account name -> a thread of an earlier check still stuck on its server (a process-wide
fact: a stalled server is not given a second thread while the first still waits on it)."""
_stalled_lock = threading.Lock()

_T = TypeVar("_T")


def deadline(account: Account) -> float:
    """Return how many seconds a check may spend on ``account``."""
    return account.timeout * DEADLINE_FACTOR


def within(
    name: str,
    seconds: float,
    work: Callable[[], _T],
    *,
    abort: Callable[[], None],
    failure: type[WatcherError] = MailboxError,
) -> _T:
    """Run ``work`` for ``name`` (an account, or "the email notifier") in a thread of its own
    and return its result, or raise :class:`Overdue` if it has not finished after ``seconds``
    (then ``abort`` is called, which breaks what the thread waits on, such as the socket of a
    server that drips one byte at a time).

    An exception of the ``failure`` class from ``work`` is raised again as it is; any other
    (another WatcherError, a MemoryError on a server's absurd literal, a bug) as ``failure``
    naming it, so that one account or notifier never stops the others. Raise Overdue at once
    if no time is left, or if an earlier check's thread is still stuck on the same ``name``.
    """
    if seconds <= 0:
        raise Overdue(f"{name}: no time was left of its deadline; it is tried again later")
    with _stalled_lock:
        stuck = _stalled.get(name)
        if stuck is not None and stuck.is_alive():
            raise Overdue(
                f"{name}: an earlier check is still waiting on this server; it is tried again later"
            )
        _stalled.pop(name, None)
    outcome: list[_T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the waiting thread, which decides
            errors.append(error)

    thread = threading.Thread(target=run, name=f"within-{name}", daemon=True)
    thread.start()
    thread.join(max(seconds, 0.0))
    if thread.is_alive():
        abort()
        thread.join(ABORT_GRACE)
        if thread.is_alive():
            with _stalled_lock:
                _stalled[name] = thread
        raise Overdue(
            f"{name}: the server did not finish within {seconds:.3g} s (it answers too slowly "
            "or stalls); it is tried again later"
        )
    if errors:
        error = errors[0]
        if isinstance(error, failure) or not isinstance(error, Exception):
            raise error
        if isinstance(error, WatcherError):
            raise failure(f"{name}: {error}") from error
        log.error("failed unexpectedly", name=name, error=repr(error))
        detail = (
            f"{type(error).__name__}: {str(error)[:200]}" if str(error) else type(error).__name__
        )
        raise failure(f"{name}: it failed ({detail}); it is tried again later") from error
    return outcome[0]


def _part(action: Action, notifier: str) -> str:
    """The ledger key of one notifier's part of an action's nudge."""
    return f"{nudge_key(action)}>{notifier}"


def _payload(text: str) -> dict[str, object]:
    """A ledger entry's payload (JSON), or nothing when it cannot be read."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _interviews(ids: Sequence[int]) -> str:
    listed = ", ".join(f"#{i}" for i in ids)
    return f"interview{'s' if len(ids) > 1 else ''} {listed}"


def _names(accounts: Collection[str]) -> str:
    listed = ", ".join(repr(name) for name in sorted(accounts))
    return f"account{'s' if len(accounts) > 1 else ''} {listed}"


def account_detail(account: str, error: BaseException) -> str:
    """Return what went wrong with ``account`` without its name in front: a mailbox's errors
    begin with it ("personal: cannot connect to ...") for the logs and `watcher doctor`."""
    return str(error).removeprefix(f"{account}: ")


def account_error(account: str, error: BaseException) -> str:
    """Return the error of ``account`` as a report lists it, naming the account once:
    "account 'personal': cannot connect to ..."; an error that names it already (a password
    that cannot be read: "no password is stored for account 'personal': ...") is left as it
    is."""
    detail = account_detail(account, error)
    return detail if f"account {account!r}" in detail else f"account {account!r}: {detail}"


_Order = tuple[datetime, int, int]
"""Where a message comes in the order of judging: its date, its folder's place among those
read, its UID."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(where, done, total)`` while a folder's messages are processed."""


def search_terms(
    timelines: Iterable[Timeline],
    lexicon: Lexicon,
    own_addresses: Collection[str] = (),
    *,
    invitations_since: date | None = None,
) -> tuple[SearchTerms, str]:
    """Given the interviews, the lexicon and the user's own addresses, return what to fetch
    from every folder (the candidates among all mail since the floor), and a key that changes
    whenever the choice may (a changed key makes backends look again from ``since``).

    Interviews closed with ``watcher track close`` are left out; with none left, the terms are
    empty and nothing is fetched, unless interviews are looked for in mail
    (``invitations_since``, see :data:`INVITATION_MARGIN`): then invitations are candidates
    too (:class:`~watcher.matching.Candidates` ``invitations``), and mail is searched from that
    day at the latest. That day moves with the clock, so it is not part of the key: it matters
    only when a folder is read from the start.
    """
    timelines = list(timelines)
    active = [t for t in timelines if t.interview.outcome is None]
    if not active and invitations_since is None:
        return SearchTerms(since=date.max), "none"
    floor = (min(t.interview.at for t in active) - SEARCH_MARGIN).date() if active else None
    floors = [day for day in (floor, invitations_since) if day is not None]
    since = min(floors)
    candidates = matching.Candidates(
        active, lexicon, own_addresses, invitations=invitations_since is not None
    )
    terms = SearchTerms(since=since, candidates=candidates)
    # The key leaves the thread ids out: a reply comes after the message it answers, so the
    # incremental look at new mail finds it; new people, domains, companies or relays, or an
    # earlier start mean a rescan.
    marker = "no interview" if floor is None else floor.isoformat()
    digest = hashlib.sha256(f"{marker}\n{candidates.key}".encode()).hexdigest()[:16]
    return terms, digest


def _still_good(folders: Folders, listed_at: datetime, account: Account, now: datetime) -> bool:
    """Whether folders a server listed at ``listed_at`` can be used without a LIST: listed
    less than a day ago (and not "in the future", after a replay), for the inbox folders the
    config names now, with a Drafts folder (one created since would go unnoticed)."""
    configured = tuple(f.casefold() for f in account.folders)
    return (
        timedelta(0) <= now - listed_at < FOLDERS_KEPT
        and tuple(f.casefold() for f in folders.inbox) == configured
        and folders.drafts is not None
    )


def _drafted_as(message: Message, timeline: Timeline) -> ActionKind | None:
    """Return the kind of the watcher draft this sent message was sent from, when it can be
    told: the same subject (reply prefixes aside) to one of the same recipients, after the
    draft was made, and the drafts that match are all of one kind."""
    subject = _bare_subject(message.subject)
    recipients = {a.address for a in message.recipients}
    kinds = {
        event.action
        for event in timeline.events
        if event.kind is EventKind.DRAFT
        and event.at <= message.date
        and _bare_subject(event.subject) == subject
        and recipients & set(event.recipients)
    }
    # Drafts of several kinds in one thread share its subject: then the text decides.
    return kinds.pop() if len(kinds) == 1 else None


def _bare_subject(subject: str) -> str:
    """A subject without its reply prefixes, in lower case, spaces collapsed."""
    words = subject.split()
    while words and words[0].lower().rstrip(":") in ("re", "aw", "sv", "réf", "ref", "fwd", "tr"):
        words = words[1:]
    return " ".join(words).lower()


def nudge_key(action: Action) -> str:
    """The ledger key of an action's nudge: a snooze makes a new one (the user asked to be told
    again), while the draft keeps its key (it is never made twice)."""
    key = f"{action.key}#nudge"
    if action.snoozed_until is not None:
        key += f"@{action.snoozed_until.astimezone(UTC).isoformat()}"
    return key


def draft_message_id(key: str, sender: Address) -> str:
    """Return the Message-ID of the draft for an action key: stable, so a retry can find it."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"watcher.{digest}@{sender.domain or 'localhost'}"


EARLIER_PER_TIE = 12
"""Earlier messages passed to a sighting for each tie (sender, domain, thread): the newest."""
EARLIER_KEPT = 2_000
"""Judged messages a check reads from the store as earlier mail for its sightings: the newest
(a few weeks of candidates for most mailboxes; all 20,000 would cost a check half a second)."""


class _EarlierMail:
    """The mail judged before (in earlier checks, then in this one, as it is judged), by the
    address, the company's domain and the thread it can be tied by: what
    :func:`watcher.invites.sighting` reads of earlier mail (see :class:`EarlierMail`)."""

    def __init__(self, mail: Iterable[EarlierMail]) -> None:
        self.by_address: dict[str, list[EarlierMail]] = {}
        self.by_domain: dict[str, list[EarlierMail]] = {}
        self.by_thread: dict[str, list[EarlierMail]] = {}
        self.by_company: dict[str, list[EarlierMail]] = {}
        """Mail filed under a company, by :func:`invites.company_key`: the mail of its
        scheduler or tracking system, tied to a message from a domain that spells it."""
        self._pending: list[EarlierMail] | None = list(mail)
        """Mail not indexed yet: a check that reads no invitation never indexes it."""

    def _index(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            for item in sorted(pending, key=lambda m: m.date):
                self._add(item)

    def add(self, item: EarlierMail) -> None:
        if self._pending is not None:
            self._pending.append(item)
        else:
            self._add(item)

    def _add(self, item: EarlierMail) -> None:
        address = item.address.lower()
        if address:
            self.by_address.setdefault(address, []).append(item)
            domain = invites.owner_key(address.rpartition("@")[2])
            if domain:
                self.by_domain.setdefault(domain, []).append(item)
        if item.thread:
            self.by_thread.setdefault(item.thread, []).append(item)
        company = invites.company_key(item.company) if item.company else ""
        if company:
            self.by_company.setdefault(company, []).append(item)

    def of(
        self, message: Message, own_addresses: Collection[str], lexicon: Lexicon
    ) -> tuple[EarlierMail, ...]:
        """The earlier mail tied to ``message`` (older than it), newest first per tie."""
        self._index()
        addresses, domains, thread = invites.earlier_keys(
            message, own_addresses=own_addresses, lexicon=lexicon
        )
        found: list[EarlierMail] = []
        seen: set[tuple[str, str, str]] = set()
        ties = [
            *(("sender", self.by_address.get(a, [])) for a in sorted(addresses)),
            ("thread", self.by_thread.get(thread, []) if thread else []),
            *(("domain", self.by_domain.get(d, [])) for d in sorted(domains)),
            *(
                ("domain", self.by_company.get(invites.domain_company_key(d), []))
                for d in sorted(domains)
            ),
        ]
        for via, items in ties:
            kept = 0
            for item in reversed(items):
                if kept >= EARLIER_PER_TIE:
                    break
                if item.date >= message.date:
                    continue
                key = (item.subject, item.company, item.address)
                if key in seen:
                    continue
                seen.add(key)
                found.append(replace(item, via=via))
                kept += 1
        return tuple(found)


class Engine:
    """Runs checks for the configured accounts against one store."""

    def __init__(
        self,
        store: Store,
        config: Config,
        lexicon: Lexicon,
        mailboxes: Mapping[str, Mailbox],
        *,
        notifiers: Sequence[Notifier] = (),
        progress: Progress | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        """The real time, to judge quiet hours when the nudges go out (a check may take
        minutes); None: the ``now`` of the check."""
        self.config = config
        self.lexicon = lexicon
        self.mailboxes = mailboxes
        self.progress = progress
        self.notifiers = tuple(notifiers)
        self.own_addresses = frozenset(a for acc in config.accounts for a in acc.addresses)
        self.corrections: tuple[Correction, ...] = ()
        """The user's corrections of misread mail, read from the store at each check."""
        self._judged_at = datetime.fromtimestamp(0, UTC)
        """When this check judges its messages (its ``now``)."""
        self._earlier = _EarlierMail(())
        """The mail judged before, for sightings (read from the store at each check)."""

    # -- the cycle -------------------------------------------------------------------------------

    def check(
        self,
        now: datetime,
        *,
        dry_run: bool = False,
        deliver: bool = True,
        unavailable: Collection[str] = (),
    ) -> CheckReport:
        """Given the moment, run one cycle over every account and return its report.

        Each account is synced in a thread of its own within its deadline (see
        :func:`within`), and its drafts are saved within another: a failing or silent account
        is reported in ``errors`` and ``failed``, and costs the others nothing beyond that
        deadline. The interviews whose mail came through an account that failed or is
        ``unavailable`` (it could not be opened, or rests after failures) get no drafts or
        nudges this time, as that mail may change what is due; the others do, even when every
        account failed. With ``deliver`` False the nudges are listed in the report but neither
        delivered nor marked (`watcher check`: delivery is the daemon's).
        """
        report = CheckReport(dry_run=dry_run)
        timelines = {t.interview.id: t for t in self.store.timelines()}
        self.corrections = tuple(self.store.corrections())
        self._judged_at = now
        looking = self.config.tracking.from_mail != "off"
        terms, terms_key = search_terms(
            timelines.values(),
            self.lexicon,
            self.own_addresses,
            invitations_since=(now - INVITATION_MARGIN).date() if looking else None,
        )
        suggestions = self.store.suggestions() if looking else []
        self._earlier = _EarlierMail(self.store.earlier_mail(EARLIER_KEPT) if looking else ())
        read = {n.message_id for n in self.store.news() if n.message_id} if looking else set()
        folders: dict[str, Folders] = {}
        try:
            for account in self.config.accounts:
                mailbox = self.mailboxes[account.name]
                try:
                    sync = self._sync_account(account, mailbox, terms, terms_key, timelines, now)
                except MailboxError as error:
                    self._failed(report, account.name, error)
                    continue
                folders[account.name] = sync.folders
                timelines = sync.timelines
                self._keep(sync, report, now)
                if looking:
                    self._sightings(sync, report, now, timelines, suggestions, read)
            report.matched.sort(key=lambda m: (m.at, m.interview_id))
            held = {*report.failed, *unavailable}
            waiting = sorted(
                interview_id
                for interview_id, timeline in timelines.items()
                if any(e.account in held and e.kind in _MAIL for e in timeline.events)
            )
            if waiting:
                report.errors.append(
                    f"no drafts or nudges this time for {_interviews(waiting)}: "
                    f"{'their' if len(waiting) > 1 else 'its'} mail comes through "
                    f"{_names(held)}, which may change what is due"
                )
            self._plan(timelines, folders, report, now, waiting=set(waiting), held=held)
            if not dry_run:
                self._execute(report, now, deliver=deliver)
        finally:
            for account in self.config.accounts:
                if not isinstance(report.failed.get(account.name), Overdue):
                    # An aborted account's thread may still hold its connection: left alone.
                    self.mailboxes[account.name].close()
        return report

    def _failed(self, report: CheckReport, account: str, error: MailboxError) -> None:
        report.errors.append(account_error(account, error))
        report.failed.setdefault(account, error)

    def _keep(self, sync: AccountSync, report: CheckReport, now: datetime) -> None:
        """Merge one account's finished sync into the report and, unless it is a dry run, save
        its folders, events and folder states in one transaction."""
        report.scanned += sync.scanned
        report.matched += sync.matched
        report.skipped += sync.skipped
        if report.dry_run:
            return
        with self.store.transaction():
            if sync.listed:
                self.store.save_account_folders(sync.account, sync.folders, now)
            for event in sync.events:
                self.store.add_event(event)
            for folder, state in sync.states.items():
                self.store.save_sync_state(sync.account, folder, state, now)
            self.store.add_judgments(sync.judgments)
            for skipped in sync.skipped:
                self.store.add_skipped(
                    skipped.account,
                    skipped.folder,
                    skipped.uid,
                    skipped.message_id,
                    skipped.reason,
                    now,
                )

    # -- fetch and record ---------------------------------------------------------------------

    def _sync_account(
        self,
        account: Account,
        mailbox: Mailbox,
        terms: SearchTerms,
        terms_key: str,
        timelines: Mapping[int, Timeline],
        now: datetime,
    ) -> AccountSync:
        """Open one account and sync it within its deadline; return what it found (nothing is
        kept until it is merged). The folders the server listed are kept a day (a LIST on every
        check costs Dovecot a walk of its index that grows with the mailbox); if a kept one
        fails, they are listed again and the sync tried once more. The store is read here, never
        in the sync's thread."""
        cached = self.store.account_folders(account.name)
        kept = cached[0] if cached and _still_good(cached[0], cached[1], account, now) else None
        states = self.store.sync_states(account.name)

        def sync() -> AccountSync:
            mailbox.open()
            if kept is not None:
                try:
                    return self._sync(account, mailbox, kept, states, terms, terms_key, timelines)
                except MailboxAuthError:
                    raise  # refused credentials: trying again would only be refused again
                except MailboxError as error:
                    log.info(
                        "syncing with the kept folders failed; listing them again",
                        account=account.name,
                        error=str(error),
                    )
            folders = mailbox.folders()
            found = self._sync(account, mailbox, folders, states, terms, terms_key, timelines)
            return replace(found, listed=True)

        return within(account.name, deadline(account), sync, abort=mailbox.interrupt)

    def _sync(
        self,
        account: Account,
        mailbox: Mailbox,
        folders: Folders,
        states: Mapping[str, FolderState],
        terms: SearchTerms,
        terms_key: str,
        timelines: Mapping[int, Timeline],
    ) -> AccountSync:
        """Fetch what is new in every watched folder, record it in date order (so a reply finds
        the message it answers, whatever folder that is in), then follow the threads of the
        messages just learned: a reply from an address nobody tracks is found by its
        In-Reply-To or References.

        Sent is read first (it is small, and what the user wrote starts the threads the inbox
        answers); each folder also wants the replies to the candidates of the folders read
        before it. Only a folder read before the one that taught a thread is looked at again
        for it.

        Candidates their cheap headers settle (list mail of a tracked company's own shop) come
        during the fetch, without bodies, and are judged there and then (only their judgments
        are kept, so a folder of ten thousand costs little memory), unless what the check
        records before them could change how they are read (:meth:`_judged_alone`)."""
        sync = AccountSync(account.name, folders, dict(timelines))
        watched = list(dict.fromkeys([*([folders.sent] if folders.sent else []), *folders.inbox]))
        rank = {folder: index for index, folder in enumerate(watched)}

        def order(message: Message | Judgment) -> _Order:
            return message.date, rank.get(message.folder, len(rank)), message.uid

        before = {folder: states.get(folder) for folder in watched}
        messages: list[Message] = []
        early: list[Judgment] = []
        # The settled messages of the folder being read, by UID (a fetch tried again after a
        # lost connection hands them over again).
        judged: dict[int, Judgment] = {}
        held: dict[int, Message] = {}
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}

        def settle(found: Sequence[Message]) -> None:
            # Settled by their headers: judged as they come when nothing the check learns
            # meanwhile can change their judgment, else with the others, in date order.
            for message in found:
                judgment = self._judged_alone(message, sync.timelines)
                if judgment is None:
                    held[message.uid] = message
                    continue
                # Thousands of list messages of one shop share their evidence: kept once.
                reasons = shared.setdefault(judgment.evidence, judgment.evidence)
                if reasons is not judgment.evidence:
                    judgment = replace(judgment, evidence=reasons)
                judged[message.uid] = judgment

        chosen: list[str] = []
        origin: dict[str, int] = {}
        from_start = False
        for index, folder in enumerate(watched):
            folder_terms = replace(terms, settle=settle)
            if chosen and terms.candidates is not None:
                threads = terms.candidates.with_threads(chosen)
                folder_terms = replace(folder_terms, candidates=threads)
            result = mailbox.fetch(folder, before[folder], folder_terms, terms_key)
            sync.states[folder] = result.state
            from_start = from_start or before[folder] is None or result.rescanned
            settled = len(judged) + len(held)
            parsed = self._parse(account, folder, result.messages, sync, settled=settled)
            parsed += held.values()
            early += judged.values()
            sync.scanned += settled
            judged.clear()
            held.clear()
            for message in parsed:
                origin.setdefault(message.message_id, index)
            messages += parsed
            chosen = [m.message_id for m in messages]
            chosen += [judgment.message_id for judgment in early]
        events = self._record(messages, sync, order, early)
        known: set[str] = set()
        seen = set(chosen)
        early.clear()  # the judgments are kept in the sync now
        shared.clear()
        for round_ in range(THREAD_ROUNDS):
            learned = [e.message_id for e in events if e.message_id not in known]
            if not learned:
                break
            known.update(learned)
            found: list[Message] = []
            for index, folder in enumerate(watched):
                # The first round: the folders read after the one a message came from looked
                # for its replies already.
                ids = [i for i in learned if round_ or origin.get(i, len(watched)) > index]
                if not ids:
                    continue
                thread_terms = SearchTerms(
                    since=terms.since,
                    candidates=matching.Candidates.replies_to(ids),
                    seen=frozenset(seen),
                )
                # A reply comes after the message it answers, so new mail is enough, unless a
                # folder of this account was read from the start (first sync, rescan): what it
                # taught may be answered by older mail in the others. The saved state stays.
                state = None if from_start else before[folder]
                result = mailbox.fetch(folder, state, thread_terms, terms_key)
                parsed = self._parse(account, folder, result.messages, sync, first=False)
                found += [m for m in parsed if m.message_id not in seen]
            seen.update(m.message_id for m in found)
            sync.scanned += len(found)
            events = self._record(found, sync, order)
        return sync

    def _judged_alone(self, message: Message, timelines: Mapping[int, Timeline]) -> Judgment | None:
        """Return the judgment of a message settled by its headers, when it makes no event (a
        correction of the user may make one) and nothing this check records before it can
        change that judgment: at most one interview has evidence for it (so whether another
        was rejected meanwhile does not count). None: it is judged with the others, in date
        order."""
        try:
            if matching.contested(
                message, list(timelines.values()), self.lexicon, self.own_addresses
            ):
                return None
            _found, event, judgment = self._judge(message, timelines)
        except Exception:  # judged again with the others, which report it
            return None
        return judgment if event is None else None

    def _parse(
        self,
        account: Account,
        folder: str,
        raws: Sequence[RawMessage],
        sync: AccountSync,
        *,
        first: bool = True,
        settled: int = 0,
    ) -> list[Message]:
        """Parse fetched messages, skipping (and, on the first pass, reporting) malformed ones.
        The progress counts ``settled`` messages of the folder, judged already, first."""
        messages: list[Message] = []
        total = settled + len(raws)
        if self.progress is not None and first and settled and not raws:
            self.progress(f"{account.name}/{folder}", settled, total)
        for done, raw in enumerate(raws, settled + 1):
            try:
                messages.append(parse(raw, account.name))
            except Exception as error:  # one hostile message must never stop the others
                if first:
                    reason = (
                        str(error)
                        if isinstance(error, MalformedMessage)
                        else f"it could not be read ({type(error).__name__})"
                    )
                    log.info(
                        "skipped a message",
                        account=account.name,
                        folder=folder,
                        uid=raw.uid,
                        reason=reason,
                    )
                    sync.skipped.append(Skipped(account.name, folder, raw.uid, reason))
            if self.progress is not None and first and (done % 200 == 0 or done == total):
                self.progress(f"{account.name}/{folder}", done, total)
        if first:
            sync.scanned += len(raws)
        return messages

    def _record(
        self,
        messages: Sequence[Message],
        sync: AccountSync,
        order: Callable[[Message | Judgment], _Order],
        early: Iterable[Judgment] = (),
    ) -> list[Event]:
        """Turn the messages that concern an interview into events, added to the sync's events
        and timelines (so that a later message in the same thread finds the earlier one);
        return the new ones. Every message gets a judgment, matched or not (`watcher why`),
        kept in the ``order`` of the messages (by date), with the ``early`` ones (judgments
        made already) in their messages' places."""
        timelines = sync.timelines
        events: list[Event] = []
        judged = [(order(judgment), judgment) for judgment in early]
        # A message is recorded once, for one interview: a rescan after a new interview was
        # tracked must not record it again for that one.
        recorded = {
            (e.kind, e.message_id) for t in timelines.values() for e in t.events if e.message_id
        }
        for message in sorted(messages, key=order):
            try:
                found, event, judgment = self._judge(message, timelines)
            except Exception as error:  # one hostile message must never stop the others
                reason = f"it could not be matched or classified ({type(error).__name__})"
                log.info(
                    "skipped a message",
                    account=message.account,
                    folder=message.folder,
                    uid=message.uid,
                    reason=reason,
                )
                sync.skipped.append(
                    Skipped(
                        message.account, message.folder, message.uid, reason, message.message_id
                    )
                )
                continue
            judged.append((order(message), judgment))
            self._sight(message, sync)
            filed = timelines.get(judgment.interview_id) if judgment.interview_id else None
            self._earlier.add(
                EarlierMail(
                    message.date,
                    judgment.address,
                    message.subject,
                    message.thread_root,
                    filed.interview.company if filed is not None else "",
                )
            )
            if found is None or event is None:
                continue
            timeline = timelines[found.interview_id]
            if (event.kind, event.message_id) in recorded:
                continue
            recorded.add((event.kind, event.message_id))
            timelines[found.interview_id] = replace(timeline, events=(*timeline.events, event))
            events.append(event)
            sync.events.append(event)
            sync.matched.append(
                Matched(
                    message.message_id,
                    found.interview_id,
                    str(judgment.kind),
                    event.sender,
                    message.date,
                    message.account,
                    judgment.evidence,
                )
            )
        judged.sort(key=lambda pair: pair[0])
        sync.judgments += [judgment for _, judgment in judged]
        return events

    def _sight(self, message: Message, sync: AccountSync) -> None:
        """Keep the interview ``message`` invites to, moves or cancels, if any (while interviews
        are looked for in mail). The user's own words set none, but may call one off (the
        user withdraws), and a calendar the user sent does: an interviewer may ask the
        candidate to send the invitation."""
        if self.config.tracking.from_mail == "off":
            return
        try:
            seen = invites.sighting(
                message,
                own_addresses=self.own_addresses,
                lexicon=self.lexicon,
                tz=self.config.policy.timezone,
                earlier=self._earlier.of(message, self.own_addresses, self.lexicon),
            )
        except Exception as error:  # one hostile calendar must never stop the others
            log.info(
                "could not read an invitation",
                account=message.account,
                folder=message.folder,
                uid=message.uid,
                error=type(error).__name__,
            )
            return
        if seen is not None:
            sync.sightings.append((message.date, seen))

    # -- interviews found in mail -----------------------------------------------------------

    def _sightings(
        self,
        sync: AccountSync,
        report: CheckReport,
        now: datetime,
        timelines: dict[int, Timeline],
        suggestions: list[Suggestion],
        read: set[str],
    ) -> None:
        """Decide what each interview seen in one account's mail means
        (:func:`watcher.sightings.decide`), oldest first, and apply it: a suggestion, or with
        ``from_mail = "track"`` a tracked interview or round; a move or cancellation of a
        tracked interview or of a suggestion. Each is recorded with the news the user is told
        (by `watcher run`). ``timelines``, ``suggestions`` and ``read`` (the messages acted on)
        follow, so that the next sighting and the plan see what changed; a dry run changes them
        alone, and writes nothing."""
        for at, seen in sorted(sync.sightings, key=lambda item: item[0]):
            decision = sightings.decide(seen, list(timelines.values()), suggestions, now, read=read)
            if decision.verdict is sightings.Verdict.NOTHING:
                log.debug("an interview seen in mail changes nothing", reason=decision.reason)
                continue
            try:
                with contextlib.nullcontext() if report.dry_run else self.store.transaction():
                    found = self._apply(
                        decision, sync.account, min(at, now), now, timelines, suggestions, report
                    )
            except (WatcherError, ValueError) as error:
                report.errors.append(
                    f"an interview found in <{seen.message_id}> could not be recorded ({error})"
                )
                continue
            read.add(seen.message_id)
            report.found.append(found)
            log.info(
                "an interview seen in mail",
                done=found.done,
                interview=found.interview_id,
                suggestion=found.suggestion_id,
                reason=decision.reason,
            )

    def _when(self, moment: datetime | None) -> str:
        """A moment as a nudge says it: "Tue 8 Dec 14:00", in the configured time zone."""
        if moment is None:
            return "(no time given)"
        local = moment.astimezone(self.config.policy.timezone)
        return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"

    def _apply(
        self,
        decision: sightings.Decision,
        account: str,
        at: datetime,
        now: datetime,
        timelines: dict[int, Timeline],
        suggestions: list[Suggestion],
        report: CheckReport,
    ) -> Found:
        """Apply one decision (see :meth:`_sightings`); ``at`` is the message's date."""
        verdict, seen = decision.verdict, decision.sighting
        if verdict in (sightings.Verdict.NEW, sightings.Verdict.ROUND):
            # A new interview needs a company to be tracked at once; without, it is suggested.
            at_once = self.config.tracking.from_mail == "track" and (
                verdict is sightings.Verdict.ROUND or bool(seen.company.strip())
            )
            if at_once:
                return self._track(decision, account, at, now, timelines, suggestions, report)
            return self._suggest(decision, account, now, timelines, suggestions, report)
        if decision.suggestion_id is not None:
            return self._change_suggestion(decision, account, now, suggestions, report)
        return self._change_interview(decision, account, at, now, timelines, report)

    def _offer(self, seen: Sighting, interview: Interview | None) -> tuple[str, str]:
        """The headline and text of the news that offers a suggestion."""
        who = ", ".join(p.name or p.address for p in seen.interviewers)
        with_whom = f" with {who}" if who else ""
        if interview is not None:
            headline = (
                f"Next round found: {interview.company} ({interview.role}), "
                f"{self._when(seen.start)}"
            )
            text = f"A next round of interview #{interview.id}{with_whom}"
        else:
            company = seen.company or "a company mail did not name"
            role = f" ({seen.role})" if seen.role else ""
            headline = f"Interview found: {company}{role}, {self._when(seen.start)}"
            text = f"An interview{with_whom}"
        return headline, f"{text}, found in mail ({seen.evidence})."

    def _suggest(
        self,
        decision: sightings.Decision,
        account: str,
        now: datetime,
        timelines: Mapping[int, Timeline],
        suggestions: list[Suggestion],
        report: CheckReport,
    ) -> Found:
        seen = decision.sighting
        process = decision.interview_id
        if report.dry_run:
            made = Suggestion(
                -len(suggestions) - 1, seen, SuggestionState.PENDING, now, process, None, account
            )
            suggestions.append(made)
            return Found(decision, "suggested", account, None, process)
        made = self.store.add_suggestion(
            seen, SuggestionState.PENDING, now, interview_id=process, account=account
        )
        suggestions.append(made)
        interview = None if process is None else timelines[process].interview
        headline, text = self._offer(seen, interview)
        self.store.add_news(
            f"suggestion:{made.id}:{seen.message_id}",
            headline,
            text,
            now,
            interview_id=process,
            suggestion_id=made.id,
            message_id=seen.message_id,
        )
        return Found(decision, "suggested", account, made.id, process)

    def _track(
        self,
        decision: sightings.Decision,
        account: str,
        at: datetime,
        now: datetime,
        timelines: dict[int, Timeline],
        suggestions: list[Suggestion],
        report: CheckReport,
    ) -> Found:
        """Track a new interview, or a next round, at once (``from_mail = "track"``)."""
        seen = decision.sighting
        if decision.interview_id is None:
            interview = tracking.interview_from(seen)
            done, note = "tracked", f"tracked from mail: {seen.evidence}"
        else:
            interview = tracking.with_next_round(timelines[decision.interview_id].interview, seen)
            number = 1 + next(
                n for n, r in enumerate(interview.all_rounds) if r.message_id == seen.message_id
            )
            done, note = "round added", f"round {number} added from mail: {seen.evidence}"
        if report.dry_run:
            return Found(decision, done, account, None, decision.interview_id)
        if decision.interview_id is None:
            interview = self.store.add_interview(interview, now)
        else:
            self.store.update_interview(interview, now)
        event = self.store.add_event(
            Event(
                interview_id=interview.id,
                kind=EventKind.SCHEDULE,
                at=at,
                message_id=seen.message_id,
                note=note,
                account=account,
            )
        )
        made = self.store.add_suggestion(
            seen, SuggestionState.ACCEPTED, now, interview_id=interview.id, account=account
        )
        suggestions.append(made)
        before = timelines.get(interview.id)
        timelines[interview.id] = Timeline(
            interview,
            (*(before.events if before else ()), event),
            before.commitments if before else (),
            before.reflection if before else None,
        )
        what = f"{interview.company} ({interview.role or 'role not named'})"
        if decision.interview_id is None:
            headline = f"Now tracking {what}, {self._when(seen.start)}"
            text = (
                f"Interview #{interview.id}, found in mail ({seen.evidence}); undo: "
                f"`watcher track remove {interview.id} --yes`."
            )
        else:
            headline = f"Next round tracked: {what}, {self._when(seen.start)}"
            text = (
                f"{note[:1].upper()}{note[1:]} to interview #{interview.id} "
                f"(`watcher track show {interview.id}`)."
            )
        if not interview.role:
            text += (
                f" Its drafts wait for its role: `watcher track edit {interview.id} --role ROLE`."
            )
        self.store.add_news(
            f"{done}:{interview.id}:{seen.message_id}",
            headline,
            text,
            now,
            interview_id=interview.id,
            message_id=seen.message_id,
        )
        return Found(decision, done, account, made.id, interview.id)

    def _change_interview(
        self,
        decision: sightings.Decision,
        account: str,
        at: datetime,
        now: datetime,
        timelines: dict[int, Timeline],
        report: CheckReport,
    ) -> Found:
        """Move or cancel a round of a tracked interview, as mail said."""
        seen = decision.sighting
        assert decision.interview_id is not None and decision.round is not None
        timeline = timelines[decision.interview_id]
        current = timeline.interview
        number = decision.round
        rounds = current.all_rounds
        was = rounds[number - 1].at
        which = f"round {number} " if len(rounds) > 1 else ""
        what = f"{current.company} ({current.role or 'role not named'})"
        if decision.verdict is sightings.Verdict.MOVE:
            changed = tracking.moved(current, number, seen)
            reopened = current.cancelled_at is not None and number == len(rounds)
            if reopened:
                done, note = "reopened", f"{which}reopened at {self._when(seen.start)}"
                headline = f"Interview back on: {what}, {self._when(seen.start)}"
            else:
                done = "moved"
                note = f"{which}moved from {self._when(was)} to {self._when(seen.start)}"
                headline = f"Interview moved: {what}, now {self._when(seen.start)}"
            text = (
                f"Interview #{current.id}: {note}; what is due follows "
                f"(found in mail: {seen.evidence})."
            )
        else:
            changed = tracking.cancelled(current, number, seen, at)
            done, note = "cancelled", f"{which}of {self._when(was)} cancelled"
            headline = f"Interview cancelled: {what}, {self._when(was)}"
            text = (
                f"Interview #{current.id}: {note}; "
                + (
                    "nothing is planned for it now, and a new invitation reopens it"
                    if number == len(rounds)
                    else "the other rounds stay"
                )
                + f" (found in mail: {seen.evidence})."
            )
        if report.dry_run:
            return Found(decision, done, account, None, current.id)
        self.store.update_interview(changed, now)
        event = self.store.add_event(
            Event(
                interview_id=current.id,
                kind=EventKind.SCHEDULE,
                at=at,
                message_id=seen.message_id,
                note=note,
                account=account,
            )
        )
        self.store.add_news(
            f"{done}:{current.id}:{seen.message_id}",
            headline,
            text,
            now,
            interview_id=current.id,
            message_id=seen.message_id,
        )
        timelines[current.id] = replace(
            timeline, interview=changed, events=(*timeline.events, event)
        )
        return Found(decision, done, account, None, current.id)

    def _change_suggestion(
        self,
        decision: sightings.Decision,
        account: str,
        now: datetime,
        suggestions: list[Suggestion],
        report: CheckReport,
    ) -> Found:
        """Move or cancel a suggestion, as mail said: a move offers it again, at its new time."""
        seen = decision.sighting
        index = next(i for i, s in enumerate(suggestions) if s.id == decision.suggestion_id)
        current = suggestions[index]
        known = current.sighting
        if decision.verdict is sightings.Verdict.MOVE:
            changed = replace(
                current,
                sighting=replace(
                    seen,
                    company=seen.company or known.company,
                    role=seen.role or known.role,
                    uid=seen.uid or known.uid,
                ),
                state=SuggestionState.PENDING,
                decided_at=None,
            )
            done = "suggestion moved"
        else:
            changed = replace(
                current,
                sighting=replace(known, sequence=max(known.sequence, seen.sequence)),
                state=SuggestionState.CANCELLED,
                decided_at=now,
            )
            done = "suggestion cancelled"
        suggestions[index] = changed
        if report.dry_run:
            return Found(decision, done, account, current.id, current.interview_id)
        self.store.update_suggestion(changed)
        earlier = [n for n in self.store.news() if n.suggestion_id == current.id]
        self.store.mark_told(
            [n.id for n in earlier if n.told_at is None], now, f"replaced by a {done}"
        )
        if decision.verdict is sightings.Verdict.MOVE:
            interview = None
            if current.interview_id is not None:
                interview = self.store.get_interview(current.interview_id)
            headline, text = self._offer(changed.sighting, interview)
            self.store.add_news(
                f"suggestion:{current.id}:{seen.message_id}",
                headline,
                f"{text} It moved from {self._when(known.start)}.",
                now,
                interview_id=current.interview_id,
                suggestion_id=current.id,
                message_id=seen.message_id,
            )
        else:
            cancelled_key = f"suggestion-cancelled:{current.id}:{seen.message_id}"
            self.store.add_news(
                cancelled_key,
                f"Interview cancelled: {known.company or 'an interview'}, "
                f"{self._when(known.start)}",
                f"Suggestion #{current.id} (found in mail, never tracked) is cancelled "
                f"({seen.evidence}).",
                now,
                interview_id=current.interview_id,
                suggestion_id=current.id,
                message_id=seen.message_id,
            )
            if not any(n.told_at is not None for n in earlier):
                # Never told of it: no need to be told of its cancellation either.
                self.store.mark_told(
                    [n.id for n in self.store.news() if n.key == cancelled_key],
                    now,
                    "the suggestion was cancelled before it was told",
                )
        return Found(decision, done, account, current.id, current.interview_id)

    def judge(self, message: Message, timelines: Sequence[Timeline], now: datetime) -> Judgment:
        """Given a message, the interviews and the moment, return how a check would read the
        message now, the user's corrections applied (what `watcher why` says of mail no check
        fetched). Nothing is recorded."""
        self.corrections = tuple(self.store.corrections())
        self._judged_at = now
        return self._judge(message, {t.interview.id: t for t in timelines})[2]

    def _judge(
        self, message: Message, timelines: Mapping[int, Timeline]
    ) -> tuple[matching.Match | None, Event | None, Judgment]:
        """Return the interview a message belongs to, the event it makes (None: none) and the
        judgment that says why. The user's corrections of this sender in this thread decide
        over the matcher and the classifier: the interview and kind they name, and never an
        interview they ruled out."""
        assigned, vetoes = evidence.corrections_for(message, self.corrections)
        tz = self.config.policy.timezone
        ruled_out = {v.interview_id for v in vetoes}
        reasons = [
            f"not about interview #{v.interview_id}: {evidence.corrected_on(v.at, tz)}"
            for v in vetoes
        ]
        candidates = [t for t in timelines.values() if t.interview.id not in ruled_out]
        found = matching.match(message, candidates, self.lexicon, self.own_addresses)
        event: Event | None = None
        said = ""
        if found is not None:
            event, said = self._event_for(message, timelines[found.interview_id])
        corrected = assigned is not None and assigned.interview_id in timelines
        if assigned is not None and corrected:
            note = evidence.corrected_on(assigned.at, tz)
            mine = "" if found is None else f"{evidence.match_text(found)}; {said}"
            found = matching.Match(assigned.interview_id, "correction", note)
            event = Event(
                interview_id=assigned.interview_id,
                kind=EventKind.REPLY,
                at=message.date,
                reply_kind=assigned.kind,
                sender="" if message.sender is None else str(message.sender),
                message_id=message.message_id,
                subject=message.subject,
                note=note,
                account=message.account,
            )
            reasons.append(f"interview #{assigned.interview_id}, {assigned.kind}: {note}")
            if mine:
                reasons.append(f"{evidence.HAD_READ}{mine}")
        elif found is None:
            reasons.append(
                evidence.no_tie(message, list(timelines.values()), self.lexicon, self.own_addresses)
            )
        else:
            reasons += [evidence.match_text(found), said]
        kind: str | None = None
        if event is not None and event.kind is EventKind.SENT:
            kind = f"sent:{event.action}"
        elif event is not None and event.reply_kind is not None:
            kind = str(event.reply_kind)
        judgment = Judgment(
            account=message.account,
            folder=message.folder,
            uid=message.uid,
            message_id=message.message_id,
            date=message.date,
            # Interned: the thousands of judgments of one check share a few senders' names.
            sender="" if message.sender is None else sys.intern(str(message.sender)),
            address="" if message.sender is None else message.sender.address,
            subject=message.subject,
            thread=message.thread_root,
            interview_id=None if found is None else found.interview_id,
            match="" if found is None else evidence.match_text(found),
            kind=kind,
            counts_as_reply=evidence.counts(kind),
            evidence=tuple(r for r in reasons if r),
            judged_at=self._judged_at,
            corrected=corrected,
        )
        return found, event, judgment

    def _event_for(self, message: Message, timeline: Timeline) -> tuple[Event | None, str]:
        """Return the event a matched message makes (mail the user sent, or a reply; None for
        bulk mail and bounces) and why, in words."""
        sender = message.sender
        event = Event(
            interview_id=timeline.interview.id,
            kind=EventKind.REPLY,
            at=message.date,
            sender="" if sender is None else str(sender),
            message_id=message.message_id,
            subject=message.subject,
            account=message.account,
        )
        if sender is not None and sender.address in self.own_addresses:
            within = self.config.policy.thank_you_until.fixed or timedelta(days=3)
            drafted = _drafted_as(message, timeline)
            action = drafted or classify.classify_sent(
                message, timeline, self.lexicon, thank_you_until=within
            )
            recipients = tuple(a.address for a in message.recipients)
            why = (
                f"your own mail: sent from the {drafted} draft watcher made"
                if drafted
                else f"your own mail, read as {action or 'nothing (before the interview)'}"
            )
            sent = replace(event, kind=EventKind.SENT, action=action, recipients=recipients)
            return sent, why
        verdict = classify.classify(message, self.lexicon)
        if verdict.kind is None:
            return None, verdict.reason
        reply = replace(event, reply_kind=verdict.kind, until=verdict.until, note=verdict.reason)
        return reply, verdict.reason

    # -- plan ---------------------------------------------------------------------------------

    def _plan(
        self,
        timelines: Mapping[int, Timeline],
        folders: Mapping[str, Folders],
        report: CheckReport,
        now: datetime,
        *,
        waiting: Collection[int] = (),
        held: Collection[str] = (),
    ) -> None:
        """Plan the nudges and drafts of what is due and not done yet, except for the
        ``waiting`` interviews, and except the drafts begun in a ``held`` account (see
        :meth:`_draft`). A draft that cannot be made is reported, and the others are made."""
        settings = self.config.policy
        learned = None
        if settings.learn_windows:
            relay_of = functools.partial(matching.relay_name, lexicon=self.lexicon)
            calendar = policy.Clock.from_settings(settings).calendar
            learned = windows.learn(
                list(timelines.values()), now, calendar, settings.timezone, relay_of
            )
        actions = policy.plan(list(timelines.values()), settings, now, learned)
        report.due = [action.due for action in actions]
        for action in actions:
            if action.due > now or action.interview_id in waiting:
                continue
            if not self._done(nudge_key(action)) or any(
                self._owed(action, notifier.name, now) == "again" for notifier in self.notifiers
            ):
                report.nudges.append(action)
            if action.kind is ActionKind.MOVE_ON or self._done(f"{action.key}#draft"):
                continue
            try:
                planned = self._draft(action, timelines[action.interview_id], folders, now, held)
            except Exception as error:  # a hostile subject must not stop the other drafts
                # A template's problem (or a placeholder signature) says its fix; other errors
                # are named by their type only, as their text may quote hostile mail.
                why = str(error) if isinstance(error, TemplateError) else type(error).__name__
                report.errors.append(
                    f"the {action.kind} draft for interview #{action.interview_id} could not be "
                    f"made ({why}); it is tried again at the next check"
                )
                continue
            if planned is not None:
                report.drafts.append(planned)

    def _done(self, key: str) -> bool:
        entry = self.store.ledger_entry(key)
        return entry is not None and entry.done_at is not None

    def _draft(
        self,
        action: Action,
        timeline: Timeline,
        folders: Mapping[str, Folders],
        now: datetime,
        held: Collection[str] = (),
    ) -> PlannedDraft | None:
        """Return the draft to append for ``action``, or None when no account can take it.

        A draft begun earlier and never marked done (planned in the ledger: its APPEND may have
        reached the server) goes to the account it was begun in, with the same Message-ID, so
        that it is found there rather than made in another account; while that account is
        ``held`` or has no Drafts folder, it waits.
        """
        begun = self.store.ledger_entry(f"{action.key}#draft")
        name = str(_payload(begun.payload).get("account", "")) if begun else ""
        if begun is not None and begun.done_at is None and name:
            account = next((a for a in self.config.accounts if a.name == name), None)
            if account is None or name in held or name not in folders:
                return None
        else:
            account = self._account_for(timeline, folders)
        if account is None or not folders[account.name].drafts:
            return None
        draft = templates.render(self.config, action, timeline)
        subject = draft.subject
        if draft.in_reply_to:
            thread = next(
                (e.subject for e in timeline.events if e.message_id == draft.in_reply_to), ""
            )
            if thread:
                subject = reply_subject(thread)
        sender = Address(self.config.user.name, account.addresses[0])
        key = f"{action.key}#draft"
        message_id = draft_message_id(key, sender)
        folder = folders[account.name].drafts
        assert folder is not None
        data = compose_draft(draft, sender=sender, date=now, message_id=message_id, subject=subject)
        return PlannedDraft(action, draft, account.name, folder, subject, message_id, data)

    def _account_for(self, timeline: Timeline, folders: Mapping[str, Folders]) -> Account | None:
        """The account of the thread's latest message, else the first one with a Drafts folder."""
        usable = [a for a in self.config.accounts if a.name in folders and folders[a.name].drafts]
        for event in reversed(timeline.events):
            for account in usable:
                if event.account == account.name:
                    return account
        return usable[0] if usable else None

    # -- act ----------------------------------------------------------------------------------

    def _execute(self, report: CheckReport, now: datetime, *, deliver: bool) -> None:
        self._save_drafts(report, now)
        if deliver:
            self._deliver(report, now)
            self._tell_news(report, now)

    def _tell_news(self, report: CheckReport, now: datetime) -> None:
        """Tell the user what checks did on their own about interviews found in mail (recorded
        in the last :data:`NEWS_FOR`, not told yet): one nudge each, through every notifier; a
        suggestion's has "Track" and "Ignore" (or says the commands). Told once a notifier took
        it; when none did, or in quiet hours, a later check tries again. An offer of a
        suggestion decided meanwhile (`track accept`, `track ignore`), or whose time has come,
        is not told."""
        untold = self.store.untold_news(now - NEWS_FOR)
        if not untold:
            return
        pending = {
            s.id
            for s in self.store.suggestions(SuggestionState.PENDING)
            if s.sighting.start is not None and s.sighting.start > now
        }
        offers = {n.id for n in untold if n.key.startswith("suggestion:")}
        decided = [n.id for n in untold if n.id in offers and n.suggestion_id not in pending]
        self.store.mark_told(decided, now, "decided, or past, before it was told")
        untold = [n for n in untold if n.id not in decided]
        if not untold or policy.in_quiet_hours(
            self.clock() if self.clock else now, self.config.policy
        ):
            return
        if not self.notifiers:
            self.store.mark_told(
                [n.id for n in untold], now, "recorded (no notifier is configured)"
            )
            report.told += untold
            return
        for news in untold:
            offer = news.suggestion_id if news.id in offers else None
            nudge = Nudge((), news.text, f"news.{news.id}", news.headline, offer)
            took = []
            for notifier in self.notifiers:
                sent, shown = self._within_deadline(notifier, nudge, report)
                if not sent:
                    continue
                took.append(notifier.name)
                if shown is not None and offer is not None:
                    report.shown_suggestions.append((notifier.name, shown, offer))
            if took:
                self.store.mark_told([news.id], now, f"delivered by {', '.join(took)}")
                report.told.append(news)

    @staticmethod
    def _within_deadline(
        notifier: Notifier, nudge: Nudge, report: CheckReport
    ) -> tuple[bool, int | None]:
        """Send ``nudge`` through ``notifier`` within its deadline; return whether it took it
        and the id its buttons will carry (None: no buttons). A failure is logged and reported
        as a warning."""
        try:
            shown = within(
                f"the {notifier.name} notifier",
                NOTIFY_DEADLINE,
                functools.partial(notifier.send, nudge),
                abort=notifier.close,
                failure=NotifyError,
            )
        except (NotifyError, Overdue) as error:
            log.warning("a notifier failed", notifier=notifier.name, error=str(error))
            report.warnings.append(f"{notifier.name}: {error}")
            return False, None
        return True, shown

    def _deliver(self, report: CheckReport, now: datetime) -> None:
        """Tell the user what is due, all of it in one nudge per notifier, and mark it in the
        ledger: told (the nudge is never sent again) once the first notifier took it, and for
        each notifier its part, planned (every notifier's at once) before the first is sent and
        done once that notifier took it. A notifier that failed, or a stop between a server's
        acceptance and the mark, leaves its part planned: the next check sends that notifier its
        part again, as a nudge of its own (an email with the same Message-ID), for
        :data:`NUDGE_RETRY_FOR`. In quiet hours (judged when the nudges are sent), or when every
        notifier failed, nothing is told: a later check tries again."""
        if not report.nudges:
            return
        if policy.in_quiet_hours(self.clock() if self.clock else now, self.config.policy):
            report.deferred, report.nudges = report.nudges, []
            return
        if not self.notifiers:
            self._mark_told(report.nudges, now, "recorded (no notifier is configured)")
            return
        timelines = {t.interview.id: t for t in self.store.timelines()}
        # Decided and planned for every notifier before any delivers: the first one's mark must
        # not hide the nudge from the others, and a stop in between must leave their parts owed.
        owed_to: dict[str, list[list[Action]]] = {}
        with self.store.transaction():
            for notifier in self.notifiers:
                again, fresh = [], []
                for action in report.nudges:
                    owed = self._owed(action, notifier.name, now)
                    if owed == "again":
                        again.append(action)
                    elif owed == "fresh":
                        fresh.append(action)
                        self.store.ledger_plan(
                            _part(action, notifier.name),
                            action.interview_id,
                            str(action.kind),
                            json.dumps({"notifier": notifier.name}),
                            now,
                        )
                owed_to[notifier.name] = [group for group in (again, fresh) if group]
        for notifier in self.notifiers:
            for group in owed_to[notifier.name]:
                self._send(notifier, group, timelines, report, now)
        if not report.delivered_by:
            report.deferred, report.nudges = report.nudges, []

    def _send(
        self,
        notifier: Notifier,
        actions: Sequence[Action],
        timelines: Mapping[int, Timeline],
        report: CheckReport,
        now: datetime,
    ) -> None:
        """Send one nudge of ``actions`` through ``notifier`` within its deadline and mark it."""
        keys = sorted(nudge_key(a) for a in actions)
        nudge = Nudge(
            tuple(self._item(a, timelines[a.interview_id]) for a in actions),
            key=hashlib.sha256("\n".join(keys).encode()).hexdigest()[:24],
        )
        sent, shown = self._within_deadline(notifier, nudge, report)
        if not sent:
            return
        how = f"delivered by {notifier.name}"
        with self.store.transaction():
            for action in actions:
                self.store.ledger_done(_part(action, notifier.name), now, how)
            # Told as soon as one notifier took it: a stop before the others answer (a hanging
            # SMTP server, a SIGKILL) must not show it again through this one after a restart.
            self._mark_told([a for a in actions if not self._done(nudge_key(a))], now, how)
        if notifier.name not in report.delivered_by:
            report.delivered_by.append(notifier.name)
        if shown is not None:
            report.shown.append((notifier.name, shown, tuple(a.interview_id for a in actions)))

    def _owed(self, action: Action, notifier: str, now: datetime) -> str:
        """Whether ``notifier`` has yet to deliver the nudge of ``action``: "fresh" when nobody
        told it yet and this notifier has no part of it, "again" when this notifier's part was
        planned and never marked done (while nobody told the user, or lately), "" when it owes
        nothing."""
        told = self._done(nudge_key(action))
        part = self.store.ledger_entry(_part(action, notifier))
        if part is None:
            return "" if told else "fresh"
        if part.done_at is None and (not told or now - part.planned_at < NUDGE_RETRY_FOR):
            return "again"
        return ""

    def _mark_told(self, actions: Sequence[Action], now: datetime, how: str) -> None:
        """Record each action's nudge as told (the ledger's mark and a NUDGE event)."""
        for action in actions:
            key = nudge_key(action)
            with self.store.transaction():
                self.store.ledger_plan(
                    key,
                    action.interview_id,
                    str(action.kind),
                    json.dumps({"reason": action.reason}),
                    now,
                )
                self.store.add_event(
                    Event(
                        interview_id=action.interview_id,
                        kind=EventKind.NUDGE,
                        at=now,
                        action=action.kind,
                        note=f"{how}: {action.reason}",
                    )
                )
                self.store.ledger_done(key, now, how)
            log.info("nudged", interview=action.interview_id, kind=str(action.kind), how=how)

    def _item(self, action: Action, timeline: Timeline) -> NudgeItem:
        """What the nudge says of one action: what, why, and where its draft is."""
        interview = timeline.interview
        item = NudgeItem(
            interview_id=interview.id,
            company=interview.company,
            role=interview.role,
            kind=action.kind,
            due=action.due,
            reason=action.reason,
        )
        draft = policy.draft_of(action, timeline)
        if draft is None or action.kind is ActionKind.MOVE_ON:
            return item
        text = templates.render(self.config, action, timeline).body
        return replace(
            item,
            draft_account=draft.account,
            draft_folder=draft.note,
            draft_subject=draft.subject,
            draft_text=text,
        )

    def _save_drafts(self, report: CheckReport, now: datetime) -> None:
        """Append the planned drafts, each account's within its deadline. A draft that could
        not be saved stays planned in the ledger: the next check looks for it before trying
        again, after listing the folders anew (the kept Drafts may have been renamed)."""
        saved = []
        for account in self.config.accounts:
            planned = [d for d in report.drafts if d.account == account.name]
            mailbox = self.mailboxes.get(account.name)
            if not planned or mailbox is None:
                continue
            ends = time.monotonic() + deadline(account)
            for index, draft in enumerate(planned):
                try:
                    self._append(mailbox, draft, now, ends - time.monotonic())
                except MailboxError as error:
                    report.failed.setdefault(account.name, error)
                    self.store.forget_account_folders(account.name)
                    for left in planned[index:]:
                        report.errors.append(
                            f"account {left.account!r}: the {left.action.kind} draft for "
                            f"interview #{left.action.interview_id} could not be saved: "
                            f"{account_detail(account.name, error)}"
                        )
                    break
                saved.append(draft)
        report.drafts = saved

    def _append(
        self, mailbox: Mailbox, planned: PlannedDraft, now: datetime, seconds: float
    ) -> None:
        """Append one draft within ``seconds``, between its planned and done marks in the
        ledger (the store is written here, the server in a thread of its own)."""
        action = planned.action
        key = f"{action.key}#draft"
        payload = json.dumps(
            {"account": planned.account, "folder": planned.folder, "message_id": planned.message_id}
        )
        fresh = self.store.ledger_plan(key, action.interview_id, str(action.kind), payload, now)

        def put() -> None:
            if fresh or not mailbox.has_message(planned.folder, planned.message_id):
                mailbox.append_draft(planned.folder, planned.data, now)

        within(planned.account, seconds, put, abort=mailbox.interrupt)
        with self.store.transaction():
            self.store.add_event(
                Event(
                    interview_id=action.interview_id,
                    kind=EventKind.DRAFT,
                    at=now,
                    action=action.kind,
                    recipients=tuple(p.address for p in planned.draft.to),
                    message_id=planned.message_id,
                    subject=planned.subject,
                    note=planned.folder,
                    account=planned.account,
                )
            )
            self.store.ledger_done(key, now, f"appended to {planned.folder}")
        log.info(
            "saved a draft",
            interview=action.interview_id,
            kind=str(action.kind),
            account=planned.account,
            folder=planned.folder,
        )
