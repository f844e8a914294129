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
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from watcher import paths, policy, templates
from watcher.config import load_config
from watcher.errors import ConfigError, NotFoundError, UsageError, WatcherError
from watcher.models import (
    OPEN_STATUSES,
    Action,
    ActionKind,
    Draft,
    Event,
    EventKind,
    Interview,
    Nudge,
    NudgeItem,
    ReplyKind,
    Status,
    Timeline,
)
from watcher.settings import Account, Config, password_command
from watcher.store import Store, Writer

if TYPE_CHECKING:
    from watcher.backends.base import Mailbox
    from watcher.engine import CheckReport, Progress
    from watcher.notify.base import Notifier
    from watcher.oauth import Session


def load(config_arg: str | None, env: Mapping[str, str]) -> Config:
    """Given ``--config`` (or None) and the environment, return the validated config.

    Raise ConfigError listing every problem, the templates' included, if it is invalid.
    """
    path = paths.config_file(config_arg, env)
    config = load_config(path, env)
    problems = templates.check_templates(config.templates)
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


@dataclass(frozen=True)
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
    actions = policy.plan(timelines, config.policy, now)
    return [
        Overview(
            timeline,
            policy.status(timeline, now),
            tuple(a for a in actions if a.interview_id == timeline.interview.id),
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
        raise NotFoundError(
            f"no {kind} is planned{target} for interview #{item.interview.id} "
            f"(status {item.status}; planned: {planned}): `watcher track show "
            f"{item.interview.id}` shows what comes next"
        )
    return [(action, templates.render(config, action, item.timeline)) for action in wanted]


def is_open(item: Overview) -> bool:
    """Return whether ``track list`` shows the interview without ``--all``."""
    return item.status in OPEN_STATUSES


def plan(timelines: Sequence[Timeline], config: Config, now: datetime) -> Sequence[Action]:
    """Return every action due or coming for these interviews, ordered by due time."""
    return policy.plan(timelines, config.policy, now)


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
    from watcher.engine import Engine
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
    report.errors[:0] = [f"account {name!r}: {error}" for name, error in unreadable.items()]
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

    box = mailbox(account)
    try:
        box.open()
        folders = box.folders()
        idle = "IDLE" if box.idle_supported else "no IDLE (polling)"
    finally:
        box.close()
    missing = [
        role for role, name in (("Sent", folders.sent), ("Drafts", folders.drafts)) if not name
    ]
    if missing:
        raise MailboxError(
            f"{account.name}: logged in, but found no {' and no '.join(missing)} folder "
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
