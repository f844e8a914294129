"""Wiring: the config, the store, the policy and the templates put together for the shell.

Nothing here prints; every function returns values (or raises a WatcherError) for the CLI.

What reads only the config and the store (:func:`load`, :func:`open_store`, :func:`overviews`,
:func:`plan`, :func:`drafts_for`, :func:`snooze`...) needs only the core. The engine, the mailbox
backends, the notifiers and the keyring are imported by the functions that use them, so that a
command such as `watcher plan` starts without loading them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from watcher import paths, policy, tracking
from watcher.config import load_config
from watcher.errors import ConfigError, NotFoundError, UsageError, WatcherError
from watcher.models import (
    OPEN_STATUSES,
    Action,
    ActionKind,
    Correction,
    Draft,
    Event,
    EventKind,
    Interview,
    Judgment,
    Message,
    Nudge,
    NudgeItem,
    ReplyKind,
    Status,
    Suggestion,
    SuggestionState,
    Timeline,
    address_of,
)
from watcher.record import record, replace
from watcher.settings import Account, Config, password_command
from watcher.store import Store, Writer

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from watcher.backends.base import Mailbox
    from watcher.engine import CheckReport, Progress
    from watcher.notify.base import Notifier
    from watcher.oauth import Session
    from watcher.windows import LearnedWindows


def load(config_arg: str | None, env: Mapping[str, str]) -> Config:
    """Given ``--config`` (or None) and the environment, return the validated config.

    Raise ConfigError listing every problem, the templates' included, if it is invalid.
    """
    path = paths.config_file(config_arg, env)
    config = load_config(path, env)
    if not config.template_files:
        return config
    # The built-in templates are checked by watcher's tests: only the user's own are read here.
    from watcher import templates  # with the wording of every language: only when needed

    problems = templates.check_templates(
        config.templates, files=config.template_files, only=config.template_files
    )
    if problems:
        where = config.templates_dir or "templates"
        raise ConfigError(str(path), [f"templates.dir ({where}): {p}" for p in problems])
    return config


WRITE_WAIT = 600.0
"""Seconds a command that writes waits for another watcher to finish with the store: longer
than a check of the default deadlines takes on a slow account (its sync, then its drafts)."""


@contextmanager
def open_store(
    config: Config, *, transaction: bool = False, writer: Writer | None = None
) -> Iterator[Store]:
    """Open the state database named by the config for writing (creating and upgrading it),
    closing it afterwards.

    With ``writer``, the store's writer lock is taken first and held until the block ends (see
    :meth:`Store.writing`): every command that writes passes one, so that two of them (two
    checks, a check and `watcher run`, a check and `track add`) never interleave. Without,
    nothing keeps another process from writing at the same time: for tests and tools that run
    alone. With ``transaction``, everything done inside is one transaction: an error anywhere in
    the block (a write refused, or what follows it) rolls every write back.

    Raise StoreInUseError if the lock cannot be had within the writer's wait; StoreError if the
    store cannot be opened.
    """
    opened: AbstractContextManager[Store] = (
        Store.open(config.store_path)
        if writer is None
        else Store.writing(config.store_path, writer)
    )
    with opened as store:
        if transaction:
            with store.transaction():
                yield store
        else:
            yield store


@contextmanager
def read_store(config: Config, *, dry_run: bool = False) -> Iterator[Store]:
    """Open the state database named by the config read-only and without a lock, closing it
    afterwards (see :meth:`Store.open_read_only`): what the commands that only read use. A
    missing store is created empty and an older one upgraded first, as any command did before;
    with ``dry_run`` (`watcher check --dry-run`, which writes nothing) both are refused instead.

    Raise StoreError, saying why, if it cannot be read.
    """
    store = Store.open_read_only(config.store_path, upgrade=not dry_run)
    try:
        yield store
    finally:
        store.close()


@record
class Overview:
    """One interview as the CLI shows it: its timeline, status and planned actions."""

    timeline: Timeline
    status: Status
    actions: tuple[Action, ...]

    @property
    def interview(self) -> Interview:
        return self.timeline.interview

    @property
    def next_action(self) -> Action | None:
        return self.actions[0] if self.actions else None


def overviews(store: Store, config: Config, now: datetime) -> list[Overview]:
    """Return every interview with its status and actions, in interview order."""
    timelines = store.timelines()
    actions = policy.plan(timelines, config.policy, now, learned_windows(timelines, config, now))
    by_interview: dict[int, list[Action]] = {}
    for action in actions:
        by_interview.setdefault(action.interview_id, []).append(action)
    return [
        Overview(
            timeline,
            policy.status(timeline, now),
            tuple(by_interview.get(timeline.interview.id, ())),
        )
        for timeline in timelines
    ]


def overview(store: Store, config: Config, now: datetime, interview_id: int) -> Overview:
    """Return one interview's overview; raise NotFoundError if there is no such interview."""
    store.get_interview(interview_id)
    return next(o for o in overviews(store, config, now) if o.interview.id == interview_id)


def drafts_for(
    config: Config, item: Overview, kind: ActionKind, to: str | None = None
) -> list[tuple[Action, Draft]]:
    """Return the drafts the planned actions of ``kind`` would create (optionally for one address).

    Raise NotFoundError, naming the status and the fix, if no such action is planned.
    """
    wanted = [a for a in item.actions if a.kind is kind]
    if to is not None:
        wanted = [a for a in wanted if any(p.address == to.lower() for p in a.to)]
    if not wanted:
        planned = ", ".join(sorted({str(a.kind) for a in item.actions})) or "nothing"
        target = f" to {to}" if to else ""
        status = str(item.status).replace("_", " ")
        raise NotFoundError(
            f"no {kind} is planned{target} for interview #{item.interview.id} "
            f"(status: {status}; planned --kind: {planned}): `watcher track show "
            f"{item.interview.id}` shows what comes next"
        )
    from watcher import templates

    return [(action, templates.render(config, action, item.timeline)) for action in wanted]


def is_open(item: Overview) -> bool:
    """Return whether ``track list`` shows the interview without ``--all``: it is open, or
    something is still due or coming for it (a rejection's graceful close, a check-in)."""
    return item.status in OPEN_STATUSES or bool(item.actions)


def plan(timelines: Sequence[Timeline], config: Config, now: datetime) -> Sequence[Action]:
    """Return every action due or coming for these interviews (every interview: the windows
    learned from the history need them all), ordered by due time."""
    return policy.plan(timelines, config.policy, now, learned_windows(timelines, config, now))


def learned_windows(
    timelines: Sequence[Timeline], config: Config, now: datetime
) -> LearnedWindows | None:
    """Return the follow-up windows the user's history teaches (``[policy] learn_windows``;
    see :mod:`watcher.windows`), or None when that is off, and then nothing is computed."""
    settings = config.policy
    if not settings.learn_windows:
        return None
    from watcher import lexicon, matching, windows

    relay_of = functools.partial(matching.relay_name, lexicon=lexicon.load_relays())
    calendar = policy.Clock.from_settings(settings).calendar
    return windows.learn(timelines, now, calendar, settings.timezone, relay_of)


def secret_named(config: Config, name: str) -> tuple[str, str | None]:
    """Given what `watcher auth` names (an account, or "notify.email"), return its keyring name
    and its password_command; raise UsageError listing the valid names."""
    email = config.notify.email
    if name == EMAIL_KEYRING_NAME and email is not None:
        return name, email.password_command
    for account in config.accounts:
        if account.name == name:
            return account.name, password_command(account)
    names = [a.name for a in config.accounts] + ([EMAIL_KEYRING_NAME] if email else [])
    listed = ", ".join(names) or "none: add an [[accounts]] table"
    raise UsageError(f"there is no account {name!r} in the configuration (accounts: {listed})")


def account_named(config: Config, name: str) -> Account:
    """Return the configured account called ``name``; raise UsageError listing the names."""
    for account in config.accounts:
        if account.name == name:
            return account
    names = ", ".join(a.name for a in config.accounts) or "none: add an [[accounts]] table"
    raise UsageError(f"there is no account {name!r} in the configuration (accounts: {names})")


def google_account(config: Config, name: str) -> Account:
    """Return the configured account ``name`` that signs in with Google (it has
    ``client_secrets``); raise UsageError naming the fix otherwise."""
    account = account_named(config, name)
    if account.client_secrets is None:
        raise UsageError(
            f"account {name!r} uses a password, not a Google sign-in: use `watcher auth set "
            f"{name}` (or set client_secrets in its [[accounts]] table to sign in with Google)"
        )
    return account


def login(
    account: Account,
    *,
    host: str,
    port: int,
    open_browser: bool,
    announce: Callable[[str], None],
    timeout: float,
) -> Session:
    """Sign an account in to Google in the browser and save its token (see
    :func:`watcher.oauth.login`); return the session."""
    from watcher import oauth

    return oauth.login(
        account,
        host=host,
        port=port,
        open_browser=open_browser,
        announce=announce,
        timeout=timeout,
    )


def token_location(account: Account) -> str:
    """Where the Google sign-in of an account is kept: its ``token_file``, or the OS keyring."""
    from watcher import credentials

    return credentials.token_location(account.name, account.token_file)


def sign_in_status(account: Account) -> str:
    """Say whether a Google sign-in is saved for an account with ``client_secrets`` and where
    (for `watcher doctor`; never the token). Raise OAuthError, ClientSecretsError or
    CredentialsError naming the fix when it is missing or unusable."""
    from watcher import oauth

    client = oauth.client_config(account)["installed"]
    saved = oauth.session(account)
    missing = [scope for scope in oauth.scopes_for(account) if scope not in saved.scopes]
    if missing:
        raise oauth.OAuthError(
            f"the saved Google sign-in of account {account.name!r} does not grant "
            f"{', '.join(missing)}: {oauth.login_hint(account.name)}"
        )
    if not saved.credentials.refresh_token:
        raise oauth.OAuthError(
            f"the saved Google sign-in of account {account.name!r} has no refresh token, so it "
            f"ends within the hour: {oauth.login_hint(account.name)}"
        )
    return f"signed in to Google, saved in {token_location(account)}; client {client['client_id']}"


def mailbox(account: Account) -> Mailbox:
    """Return the mailbox of one account, with its secret.

    An account with ``client_secrets`` (every Gmail API account, and an IMAP account that logs
    in with XOAUTH2) gets its saved Google sign-in; the others their password. Raise
    CredentialsError or OAuthError (naming the fix) if that is missing, ConfigError for a
    backend this version does not have.
    """
    from watcher import credentials
    from watcher.backends import backend_class

    cls = backend_class(account.backend)
    if account.client_secrets is not None:
        from watcher import oauth  # google-auth is loaded only by those who need it

        return cls.from_account(account, oauth.session(account))
    password = credentials.password_for(account.name, password_command(account))
    return cls.from_account(account, password)


def mailboxes(config: Config) -> dict[str, Mailbox]:
    """Return a mailbox for every configured account (see :func:`mailbox`)."""
    return {account.name: mailbox(account) for account in config.accounts}


def check(
    store: Store,
    config: Config,
    now: datetime,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    notifiers: Sequence[Notifier] = (),
    deliver: bool = False,
    skip: Collection[str] = (),
    clock: Callable[[], datetime] | None = None,
) -> CheckReport:
    """Run one check of the accounts (see :class:`watcher.engine.Engine`), all but those named
    in ``skip`` (resting after failures, or stopped after a refused password): their
    interviews wait, as do those of an account whose password cannot be read (reported in the
    report's errors and ``unopened``) and of any account that fails; the other interviews get
    their drafts and nudges even when no account could be checked. With ``deliver`` the nudges
    go out through ``notifiers`` (the daemon; ``clock`` tells the time they go out at);
    without, they are listed in the report only.

    Raise UsageError if no account is configured.
    """
    from watcher.engine import Engine, account_error
    from watcher.lexicon import load_lexicon

    if not config.accounts:
        raise UsageError(
            "no mailbox is configured: add an [[accounts]] table to the configuration "
            "(config.example.toml shows one), then run `watcher check` again"
        )
    found: dict[str, Mailbox] = {}
    unreadable: dict[str, WatcherError] = {}
    for account in config.accounts:
        if account.name in skip:
            continue
        try:
            found[account.name] = mailbox(account)
        except WatcherError as error:  # a password that cannot be read, an unknown backend
            unreadable[account.name] = error
    readable = replace(config, accounts=tuple(a for a in config.accounts if a.name in found))
    engine = Engine(
        store,
        readable,
        load_lexicon(),
        found,
        notifiers=notifiers,
        progress=progress,
        clock=clock,
    )
    report = engine.check(now, dry_run=dry_run, deliver=deliver, unavailable=[*unreadable, *skip])
    report.errors[:0] = [account_error(name, error) for name, error in unreadable.items()]
    report.unopened = {name: str(error) for name, error in unreadable.items()}
    return report


EMAIL_KEYRING_NAME = "notify.email"
"""The name the SMTP password of [notify.email] has in the OS keyring (`watcher auth set`)."""


def notifiers(config: Config) -> list[Notifier]:
    """Return the notifiers the config asks for: desktop, then email.

    Raise CredentialsError if the SMTP password is needed and cannot be read.
    """
    from watcher import credentials
    from watcher.notify import notifier_class

    found: list[Notifier] = []
    if config.notify.desktop:
        found.append(notifier_class("desktop").from_settings(config.notify, None))
    email = config.notify.email
    if email is not None:
        command = email.password_command
        password = (
            functools.partial(credentials.password_for, EMAIL_KEYRING_NAME, command)
            if email.username
            else None
        )
        found.append(notifier_class("email").from_settings(config.notify, password))
    return found


def sample_nudge(now: datetime) -> Nudge:
    """A nudge for `watcher notify test` (it names no real interview)."""
    item = NudgeItem(
        interview_id=0,
        company="Example Corp",
        role="Test Role",
        kind=ActionKind.FOLLOW_UP,
        due=now,
        reason="this is a test of your notifications from `watcher notify test`",
        draft_folder="Drafts",
        draft_subject="Follow-Up on Test Role Interview",
        draft_text="Dear Example,\n\nThis is where the draft's text would be.\n",
    )
    return Nudge(items=(item,))


def probe_account(account: Account) -> str:
    """Log in to an account and list its folders; return what was found (for `watcher doctor`).

    Raise CredentialsError or MailboxError naming the fix.
    """
    from watcher.backends.base import MailboxError
    from watcher.engine import account_detail

    box = mailbox(account)
    try:
        box.open()
        folders = box.folders()
        idle = "IDLE" if box.idle_supported else "no IDLE (polling)"
    except MailboxError as error:  # `doctor` names the account already
        raise type(error)(account_detail(account.name, error)) from None
    finally:
        box.close()
    missing = [
        role for role, name in (("Sent", folders.sent), ("Drafts", folders.drafts)) if not name
    ]
    if missing:
        raise MailboxError(
            f"logged in, but found no {' and no '.join(missing)} folder "
            "(special-use flags or the usual names): drafts need a Drafts folder"
        )
    inbox = ", ".join(folders.inbox)
    return f"logged in; {inbox}, Sent = {folders.sent}, Drafts = {folders.drafts}; {idle}"


SNOOZE_DAYS = 2
"""What "Snooze 2 days" on a notification means."""


def snooze(
    store: Store, interview_ids: Sequence[int], now: datetime, days: int, tz: ZoneInfo
) -> date:
    """Snooze the interviews: what is due waits until the morning ``days`` days from now (in
    the user's time zone ``tz``), when it is told again. Return that day."""
    until = (now.astimezone(tz) + timedelta(days=days)).date()
    with store.transaction():
        for interview_id in interview_ids:
            snoozed = Event(
                interview_id=interview_id,
                kind=EventKind.SNOOZE,
                at=now,
                until=until,
                note=f"snoozed for {days} days",
            )
            store.add_event(snoozed)
    return until


def mark_heard(store: Store, interview_ids: Sequence[int], now: datetime) -> None:
    """Record that the user heard back (outside the watched mail): an update, which restarts
    the silence clock and ends the thank-you reminders."""
    with store.transaction():
        for interview_id in interview_ids:
            heard = Event(
                interview_id=interview_id,
                kind=EventKind.REPLY,
                at=now,
                reply_kind=ReplyKind.UPDATE,
                note="marked as heard back from a notification",
            )
            store.add_event(heard)


# ----------------------------------------------------------------------- interviews found in mail


def accept_suggestion(
    store: Store, suggestion_id: int, now: datetime, *, company: str = "", role: str = ""
) -> Interview:
    """Track the interview a suggestion found in mail (`watcher track accept`, or "Track" on its
    notification): a new interview, with ``company`` and ``role`` when given (else the
    sighting's), or the next round of the process it belongs to. Return the interview.

    Raise NotFoundError if there is no such suggestion; UsageError, naming the fix, if it is
    tracked already, was cancelled by the employer, names no time or no company (and none is
    given), or if ``company`` or ``role`` is given for a next round.
    """
    suggestion = store.suggestion(suggestion_id)
    seen = suggestion.sighting
    refused = _not_to_accept(suggestion)
    if refused:
        raise UsageError(refused)
    process = suggestion.interview_id
    if process is not None and (company or role):
        flag = "--company" if company else "--role"
        raise UsageError(
            f"{flag}: suggestion #{suggestion.id} is a next round of interview #{process}, "
            f"which has its company and role; change them with `watcher track edit {process}`"
        )
    if process is None and not (company or seen.company).strip():
        raise UsageError(
            f"suggestion #{suggestion.id} names no company (mail did not say it): give it with "
            f'`watcher track accept {suggestion.id} --company "Name"`'
        )
    with store.transaction():
        if process is None:
            interview = store.add_interview(
                tracking.interview_from(seen, company=company, role=role), now
            )
            note = f"tracked from mail (suggestion #{suggestion.id}): {seen.evidence}"
        else:
            interview = tracking.with_next_round(store.get_interview(process), seen)
            store.update_interview(interview, now)
            number = 1 + next(
                n for n, r in enumerate(interview.all_rounds) if r.message_id == seen.message_id
            )
            note = f"round {number} added from mail (suggestion #{suggestion.id}): {seen.evidence}"
        store.add_event(
            Event(
                interview_id=interview.id,
                kind=EventKind.SCHEDULE,
                at=now,
                message_id=seen.message_id,
                note=note,
                account=suggestion.account,
            )
        )
        store.update_suggestion(
            replace(
                suggestion,
                state=SuggestionState.ACCEPTED,
                interview_id=interview.id,
                decided_at=now,
            )
        )
        _told_of(store, suggestion.id, now, "accepted")
    return interview


def _not_to_accept(suggestion: Suggestion) -> str:
    """Why a suggestion cannot be accepted, as a sentence naming the fix; "" when it can."""
    number = suggestion.id
    if suggestion.state is SuggestionState.ACCEPTED:
        if suggestion.interview_id is None:
            return (
                f"suggestion #{number} was tracked already, and that interview was removed "
                "since: add it again with `watcher track add` if you want it back"
            )
        return (
            f"suggestion #{number} is tracked already, as interview #{suggestion.interview_id} "
            f"(`watcher track show {suggestion.interview_id}`)"
        )
    if suggestion.state is SuggestionState.CANCELLED:
        return (
            f"suggestion #{number} was cancelled by the employer (a calendar cancellation): "
            "there is nothing to track; a new invitation is suggested again"
        )
    if suggestion.sighting.start is None:
        return f"suggestion #{number} names no time: track it with `watcher track add` instead"
    return ""


def ignore_suggestion(store: Store, suggestion_id: int, now: datetime) -> Suggestion:
    """Ignore a suggestion for good (`watcher track ignore`, or "Ignore" on its notification):
    that interview is never suggested again. Return it as ignored.

    Raise NotFoundError if there is no such suggestion; UsageError, naming the fix, if it is
    tracked already or ignored already.
    """
    suggestion = store.suggestion(suggestion_id)
    if suggestion.state is SuggestionState.IGNORED:
        raise UsageError(
            f"suggestion #{suggestion.id} is ignored already (`watcher track accept "
            f"{suggestion.id}` tracks it after all)"
        )
    if suggestion.state is SuggestionState.ACCEPTED:
        where = (
            f"as interview #{suggestion.interview_id}: stop tracking it with `watcher track "
            f"remove {suggestion.interview_id} --yes`, or close it with `watcher track close "
            f"{suggestion.interview_id} --outcome withdrawn`"
            if suggestion.interview_id is not None
            else "and that interview was removed since: nothing to ignore"
        )
        raise UsageError(f"suggestion #{suggestion.id} is tracked already, {where}")
    ignored = replace(suggestion, state=SuggestionState.IGNORED, decided_at=now)
    with store.transaction():
        store.update_suggestion(ignored)
        _told_of(store, suggestion.id, now, "ignored")
    return ignored


def _told_of(store: Store, suggestion_id: int, now: datetime, how: str) -> None:
    """Mark what is still to be told of a suggestion as told: the user has decided on it."""
    untold = [n.id for n in store.news() if n.suggestion_id == suggestion_id and not n.told_at]
    store.mark_told(untold, now, f"{how} before it was told")


# --------------------------------------------------------------------------- why, and corrections


def bare_message_id(text: str) -> str:
    """Given a Message-ID as typed (angle brackets optional), return it bare; raise UsageError
    if nothing is left."""
    bare = text.strip().removeprefix("<").removesuffix(">").strip()
    if not bare or any(c.isspace() for c in bare):
        raise UsageError(
            f"{text!r} is not a Message-ID: give it as the message's Message-ID header shows it, "
            "such as <abc123@mail.example.com> (`watcher why --recent 20` lists the latest)"
        )
    return bare


@record
class Explanation:
    """What `watcher why` says of one message: whether a check fetched it, the interview and
    kind it was recorded with, whether that counts as hearing back, and why, in words.

    ``judgment`` is what the store kept, if anything; ``would_be`` how a message found only in
    the mailbox would be read; ``where`` where it was found (account/folder); ``unreachable``
    the accounts that could not be searched, each with why.
    """

    message_id: str
    fetched: bool
    interview_id: int | None
    kind: str | None
    counts_as_reply: bool
    evidence: tuple[str, ...]
    judgment: Judgment | None = None
    would_be: Judgment | None = None
    where: str = ""
    found: bool = True
    unreachable: tuple[str, ...] = ()


def explain_known(store: Store, message_id: str) -> Explanation | None:
    """Return what the store knows of a message (its latest judgment, else a reply event
    recorded before watcher kept its reasons, else the reason it was skipped), or None."""
    from watcher import evidence

    judgments = store.judgments_of(message_id)
    if judgments:
        latest = judgments[0]
        return Explanation(
            message_id,
            True,
            latest.interview_id,
            latest.kind,
            latest.counts_as_reply,
            latest.evidence,
            judgment=latest,
            where=f"{latest.account}/{latest.folder}",
        )
    events = store.reply_events(message_id)
    if events:
        event = events[-1]
        kind = None if event.reply_kind is None else str(event.reply_kind)
        said = event.note or "watcher kept no reasons then"
        return Explanation(
            message_id,
            True,
            event.interview_id,
            kind,
            evidence.counts(kind),
            (f"recorded for interview #{event.interview_id} as {kind} ({said})",),
            where=event.account,
        )
    for account, folder, _uid, skipped_id, reason, _at in store.skipped():
        if skipped_id == message_id:
            return Explanation(
                message_id,
                True,
                None,
                None,
                False,
                (f"skipped: {reason}",),
                where=f"{account}/{folder}",
            )
    return None


@record
class Lookup:
    """A message looked for in every account's watched folders: the message (None: not
    found), where, the folders searched, and the accounts that could not be searched."""

    message: Message | None
    where: str
    searched: tuple[str, ...]
    unreachable: tuple[str, ...]


def look_up(config: Config, message_id: str) -> Lookup:
    """Look for a message in the watched folders (inbox folders and Sent) of every account,
    each account within its deadline; an account that cannot be opened or fails is listed in
    ``unreachable`` and the others are searched."""
    from watcher.backends.base import MailboxError
    from watcher.engine import Overdue, deadline, within
    from watcher.mail import parse

    searched: list[str] = []
    unreachable: list[str] = []
    for account in config.accounts:
        try:
            box = mailbox(account)
        except WatcherError as error:
            unreachable.append(f"{account.name}: {error}")
            continue

        def search(box: Mailbox = box, name: str = account.name) -> tuple[Message | None, str]:
            box.open()
            folders = box.folders()
            for folder in dict.fromkeys(
                [*folders.inbox, *([folders.sent] if folders.sent else [])]
            ):
                searched.append(f"{name}/{folder}")
                raw = box.find(folder, message_id)
                if raw is not None:
                    return parse(raw, name), f"{name}/{folder}"
            return None, ""

        overdue = False
        try:
            found, where = within(account.name, deadline(account), search, abort=box.interrupt)
        except MailboxError as error:
            overdue = isinstance(error, Overdue)
            unreachable.append(
                str(error) if account.name in str(error) else f"{account.name}: {error}"
            )
            continue
        finally:
            if not overdue:  # an aborted search's thread may still hold the connection
                box.close()
        if found is not None:
            return Lookup(found, where, tuple(searched), tuple(unreachable))
    return Lookup(None, "", tuple(searched), tuple(unreachable))


def explain_unfetched(
    store: Store, config: Config, lookup: Lookup, message_id: str, now: datetime
) -> Explanation:
    """Given what :func:`look_up` found of a message the store does not know, say why no
    check fetched it (before the search floor, or no tie to any interview) or how it would
    be read."""
    from watcher import evidence
    from watcher.engine import INVITATION_MARGIN, Engine, search_terms
    from watcher.lexicon import load_lexicon

    message = lookup.message
    if message is None:
        if lookup.unreachable and not lookup.searched:
            said = "watcher has not seen it, and could not look in any mailbox"
        elif lookup.unreachable:
            said = (
                f"not in the folders watcher could search ({', '.join(lookup.searched)}); "
                "some accounts could not be searched"
            )
        elif config.accounts:
            said = (
                f"not in the watched folders ({', '.join(lookup.searched) or 'none'}): if it "
                "is in another folder, add that folder to the account's `folders`; otherwise "
                "check the Message-ID (`watcher why --recent 20` lists the latest judged)"
            )
        else:
            said = "watcher has not seen it, and no mailbox is configured ([[accounts]])"
        return Explanation(
            message_id,
            False,
            None,
            None,
            False,
            (said,),
            found=False,
            unreachable=lookup.unreachable,
        )
    lexicon = load_lexicon()
    timelines = store.timelines()
    engine = Engine(store, config, lexicon, {})
    reading = engine.judge(message, timelines, now)
    looking = config.tracking.from_mail != "off"
    invitations_since = (now - INVITATION_MARGIN).date() if looking else None
    since = search_terms(timelines, lexicon, invitations_since=invitations_since)[0].since
    floor = evidence.before_floor(message, since, invitations_since=invitations_since)
    if floor is not None:
        lines = [floor]
    elif reading.interview_id is None:
        lines = ["not fetched: no check looks for it"]
    else:
        lines = [
            "not fetched yet: the next `watcher check` reads mail that arrived since the last "
            "one (or it was not among what the server's search returned)"
        ]
    lines += [f"if fetched: {line}" if floor is not None else line for line in reading.evidence]
    return Explanation(
        message_id,
        False,
        None,
        None,
        False,
        tuple(lines),
        would_be=reading,
        where=lookup.where,
        unreachable=lookup.unreachable,
    )


def recent(store: Store, count: int) -> list[Explanation]:
    """Return the explanations of the ``count`` messages judged last, newest first."""
    return [
        Explanation(
            j.message_id,
            True,
            j.interview_id,
            j.kind,
            j.counts_as_reply,
            j.evidence,
            judgment=j,
            where=f"{j.account}/{j.folder}",
        )
        for j in store.recent_judgments(count)
    ]


@record
class Corrected:
    """What `track heard --message` did: the events it replaced (interview, kind) and whether
    the message was new to the store (found in the mailbox)."""

    replaced: tuple[tuple[int, str], ...]
    new: bool


def correct(
    store: Store,
    config: Config,
    now: datetime,
    interview_id: int,
    message_id: str,
    kind: ReplyKind | None,
    *,
    found: Message | None = None,
    note: str = "",
    until: date | None = None,
) -> Corrected:
    """Correct how a message was read: with ``kind``, it is a reply of that kind for the
    interview (the reply event of that Message-ID, on whatever interview, is replaced);
    without, it is not about the interview (its event there is removed). The correction is
    remembered for the sender's later mail in the message's thread, and the message's
    judgments say so. ``found`` is the message as the mailbox lookup found it, when the store
    never saw it. All of it in one transaction.

    Raise NotFoundError if there is no such interview; UsageError, naming the fix, if the
    message is unknown, is the user's own mail, or (without ``kind``) is recorded for
    another interview only.
    """
    from watcher import evidence

    own = {a.lower() for acc in config.accounts for a in acc.addresses}
    tz = config.policy.timezone
    said = evidence.corrected_on(now, tz)
    with store.transaction():
        store.get_interview(interview_id)
        events = store.reply_events(message_id)
        judgments = store.judgments_of(message_id)
        if found is not None and not judgments:
            judgments = [_judgment_of(found, now)]
        if not events and not judgments:
            raise UsageError(
                f"watcher has never seen the message <{message_id}>: look for it with `watcher "
                f"why {message_id}` (it searches the mailboxes), or record the reply without "
                "--message"
            )
        basis = judgments[0] if judgments else None
        address = basis.address if basis else address_of(events[-1].sender)
        if address.lower() in own:
            raise UsageError(
                f"the message <{message_id}> is one you sent: `watcher track sent "
                f"{interview_id} --kind KIND` records what you sent"
            )
        here = [e for e in events if e.interview_id == interview_id]
        if kind is None and not here and events:
            other = events[-1].interview_id
            raise UsageError(
                f"the message <{message_id}> is recorded for interview #{other}, not "
                f"#{interview_id}: run `watcher track heard {other} --message {message_id} "
                "--kind none`"
            )
        gone = here if kind is None else events
        for event in gone:
            assert event.id is not None
            store.delete_event(event.id)
        replaced = tuple((e.interview_id, str(e.reply_kind)) for e in gone)
        if kind is not None:
            template = events[-1] if events else None
            store.add_event(
                Event(
                    interview_id=interview_id,
                    kind=EventKind.REPLY,
                    at=basis.date if basis else template.at if template else now,
                    reply_kind=kind,
                    sender=basis.sender if basis else template.sender if template else "",
                    message_id=message_id,
                    subject=basis.subject if basis else template.subject if template else "",
                    until=until
                    if until is not None
                    else (template.until if template and kind in _DATED else None),
                    note=f"{said}{'; ' + note if note else ''}",
                    account=basis.account if basis else template.account if template else "",
                )
            )
        thread = basis.thread if basis and basis.thread else message_id
        if address:
            store.add_correction(Correction(message_id, thread, address, interview_id, kind, now))
        rewritten = []
        for j in judgments:
            # What watcher itself read, kept once however often the user corrects it.
            earlier = (
                [e for e in j.evidence if e.startswith(evidence.HAD_READ)] if j.corrected else []
            )
            before = earlier[0] if earlier else f"{evidence.HAD_READ}{'; '.join(j.evidence)}"
            if kind is None:
                line = f"not about interview #{interview_id}: {said}"
                mine = j.interview_id == interview_id
                rewritten.append(
                    replace(
                        j,
                        interview_id=None if mine else j.interview_id,
                        kind=None if mine else j.kind,
                        counts_as_reply=False if mine else j.counts_as_reply,
                        evidence=(line, before),
                        corrected=True,
                    )
                )
            else:
                line = f"interview #{interview_id}, {kind}: {said}"
                rewritten.append(
                    replace(
                        j,
                        interview_id=interview_id,
                        kind=str(kind),
                        counts_as_reply=evidence.counts(str(kind)),
                        evidence=(line, before),
                        corrected=True,
                    )
                )
        # Kept in the order they were judged: the newest stays the newest.
        store.add_judgments(list(reversed(rewritten)))
    return Corrected(replaced, new=found is not None and not events)


_DATED = frozenset({ReplyKind.UPDATE, ReplyKind.NEXT_STEP})


def _judgment_of(message: Message, now: datetime) -> Judgment:
    """A judgment for a message found in the mailbox (the correction fills in the rest)."""
    return Judgment(
        account=message.account,
        folder=message.folder,
        uid=message.uid,
        message_id=message.message_id,
        date=message.date,
        sender="" if message.sender is None else str(message.sender),
        address="" if message.sender is None else message.sender.address,
        subject=message.subject,
        thread=message.thread_root,
        interview_id=None,
        match="",
        kind=None,
        counts_as_reply=False,
        evidence=("found in the mailbox by `watcher why`; no check had fetched it",),
        judged_at=now,
    )
