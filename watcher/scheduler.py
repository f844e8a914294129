"""`watcher run`: the daemon. The only user of APScheduler.

APScheduler runs the checks (the engine's cycle): one interval job, the slow safety poll; a
one-shot job at the next moment something falls due (the next action's due time, or the end of
the quiet hours when nudges wait for it), so that nothing waits for the next poll to be told;
and a wake-up as soon as an IDLE thread hears of new mail. Each account with IMAP IDLE has a
thread that waits on its INBOX, re-issuing the IDLE well before servers drop it, and reconnects
with exponential backoff and jitter (1 s up to 5 minutes, never giving up) when the connection
dies; after a reconnection it asks for a check, which catches up from the saved state.

A refused password stops that account (its thread and its checks) and sends one nudge saying
how to fix it. The buttons of a notification ("Snooze 2 days", "Mark as heard back") are
carried out for the interviews it told of; "Track" and "Ignore", on the notification of an
interview found in mail, for the suggestion it offered. SIGTERM or SIGINT, one or many, at
any moment (:mod:`watcher.signals`): the check in progress finishes, connections close, and the
process exits 0. Under systemd (``Type=notify``) it says READY=1 after the first check that
reached every account, and pings the watchdog while checks keep completing.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import random
import signal
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.background import BackgroundScheduler

from watcher import app, logsetup, policy, sdnotify
from watcher.backends.base import Mailbox, MailboxAuthError, MailboxError
from watcher.credentials import CredentialsError
from watcher.engine import (
    NOTIFY_DEADLINE,
    CheckReport,
    Overdue,
    account_detail,
    deadline,
    within,
)
from watcher.errors import StoreInUseError, WatcherError
from watcher.models import Nudge
from watcher.notify.base import Notifier, NotifyError
from watcher.settings import Account, Config
from watcher.signals import StopSignals
from watcher.store import Writer

log = logsetup.get_logger(__name__)

RETRY_FIRST, RETRY_MAX = timedelta(minutes=1), timedelta(minutes=30)
"""A failing account rests this long after its first failure, doubling up to the maximum."""
TELL_AFTER = 3
"""Failures in a row after which the user is told that an account cannot be checked."""
IDLE_RENEW = 24 * 60.0
"""Seconds an IDLE is kept before it is re-issued (servers may drop it after 30 minutes)."""
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 300.0
STOP_WITHIN = 4.0
"""Seconds given to the check in progress to finish after SIGTERM (systemd allows 10)."""
LOCK_WAIT = 60.0
"""Seconds a check, or a notification's button, waits for another watcher (a manual `watcher
check`, a `track` command) to finish with the store before it gives up."""
LOCK_RETRY = timedelta(minutes=1)
"""A check that could not have the store is tried again this long after it gave up."""


def backoff(attempt: int, rng: Callable[[], float] = random.random) -> float:
    """Return the delay before reconnection attempt ``attempt`` (0 first): 1 s doubling up to
    5 minutes, each with up to a quarter of jitter so that many clients do not retry at once."""
    base = min(BACKOFF_MAX, BACKOFF_FIRST * 2**attempt)
    return float(min(BACKOFF_MAX, base * (1 + rng() / 4)))


@dataclass
class Health:
    """What the daemon knows of itself (for the watchdog, the logs and the tests)."""

    ready: bool = False
    last_check: datetime | None = None
    checks: int = 0
    disabled: dict[str, str] = field(default_factory=dict)
    credentials_told: bool = False
    unopened_told: set[str] = field(default_factory=set)
    """Accounts that could not be opened and that the user was told about (once)."""
    notices: list[str] = field(default_factory=list)
    """Notices no notifier has taken yet; each check tries them again."""
    failing: dict[str, Failing] = field(default_factory=dict)
    """Accounts whose checks fail (a server down, too slow, or lying), and until when each
    rests before it is tried again."""


@dataclass
class Failing:
    """An account whose last checks failed: since when, how many times in a row, the last
    error, until when it rests, and whether the user was told."""

    since: datetime
    attempts: int
    error: str
    rests_until: datetime
    told: bool = False


class Daemon:
    """Runs checks on a schedule and on IDLE news until told to stop."""

    def __init__(
        self,
        config: Config,
        env: Mapping[str, str],
        *,
        notifiers: list[Notifier],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.env = env
        self.notifiers = notifiers
        self.clock = clock
        self.health = Health()
        self.stop = threading.Event()
        self._check_lock = threading.Lock()
        self._idlers: dict[str, Mailbox] = {}
        self.shown: dict[tuple[str, int], tuple[int, ...]] = {}
        """(notifier, notification id) -> the interviews it told of (for its buttons)."""
        self.suggested: dict[tuple[str, int], int] = {}
        """(notifier, notification id) -> the suggestion it offered ("Track", "Ignore")."""
        self._threads: list[threading.Thread] = []
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        )

    # -- the loop -----------------------------------------------------------------------------

    def run(self, signals: StopSignals | None = None) -> int:
        """Run until SIGTERM or SIGINT; return the exit status: 0, however many signals come
        and whenever they come (``signals`` caught them from the start of `watcher run`; made
        here when not given)."""
        signals = StopSignals() if signals is None else signals
        try:
            if not signals.received:
                self._start()
                signals.wait()
        finally:
            self._stop_all(signals.first)
        return 0

    def _start(self) -> None:
        interval = self.config.daemon.poll_every.total_seconds()
        self._scheduler.add_job(
            self.check, "interval", seconds=interval, id="check", next_run_time=datetime.now(UTC)
        )
        ping = sdnotify.watchdog_interval(self.env)
        if ping is not None:
            self._scheduler.add_job(self._watchdog, "interval", seconds=ping, id="watchdog")
        for account in self.config.accounts:
            thread = threading.Thread(
                target=self._idle, args=(account,), daemon=True, name=f"idle-{account.name}"
            )
            self._threads.append(thread)
            thread.start()
        for notifier in self.notifiers:
            if notifier.buttons:
                buttons = threading.Thread(
                    target=self._buttons,
                    args=(notifier,),
                    daemon=True,
                    name=f"{notifier.name}-buttons",
                )
                self._threads.append(buttons)
                buttons.start()
        log.info(
            "watcher is running",
            accounts=[a.name for a in self.config.accounts],
            poll_every=interval,
        )
        self._scheduler.start()

    def _stop_all(self, why: signal.Signals | None) -> None:
        """Stop, once, in the main thread (never in the signal handler)."""
        log.info("stopping", signal=why.name if why is not None else None)
        self.stop.set()
        sdnotify.stopping(self.env)
        with contextlib.suppress(SchedulerNotRunningError):
            self._scheduler.shutdown(wait=False)
        self._shutdown()

    def _shutdown(self) -> None:
        self.stop.set()
        for mailbox in list(self._idlers.values()):
            mailbox.interrupt()
        deadline = time.monotonic() + 1.0
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        # Let the check in progress finish its step (it holds the lock while it runs).
        if self._check_lock.acquire(timeout=STOP_WITHIN):
            self._check_lock.release()
        else:
            # A check stuck on a silent server: what it did is recorded step by step (ledger,
            # nudges marked once one notifier took them), so it can stop here.
            log.warning("a check is still waiting on a server; exiting without it")
            logging.shutdown()
            os._exit(0)
        for notifier in self.notifiers:
            notifier.close()
        log.info("stopped")

    def wake(self) -> None:
        """Ask for a check as soon as possible (new mail, a reconnection)."""
        if self.stop.is_set():
            return
        try:
            self._scheduler.modify_job("check", next_run_time=datetime.now(UTC))
        except Exception as error:  # the scheduler may be shutting down
            log.debug("could not schedule a check", error=str(error))

    # -- checks ---------------------------------------------------------------------------------

    def check(self) -> None:
        """One check of every account still enabled; failures are logged, never raised.

        It holds the store's writer lock from its first read to its last write, waiting up to
        :data:`LOCK_WAIT` for another watcher (SIGTERM ends the wait at once); a check that
        could not have it is skipped, logged, and tried again :data:`LOCK_RETRY` later."""
        with self._check_lock:
            if self.stop.is_set():
                return
            self._send_notices()
            now = self.clock()
            # Accounts stopped after a refused password, or resting after failures (told
            # already), are not checked; their interviews wait, the others are planned.
            skip = {
                *self.health.disabled,
                *(n for n, failing in self.health.failing.items() if failing.rests_until > now),
            }
            config = self.config
            # The store's writer lock is held from the check's first read to its last write:
            # a manual `watcher check` at the same moment waits for it, or it for that one.
            writer = Writer("watcher run", wait=LOCK_WAIT, stop=self.stop)
            try:
                with app.open_store(config, writer=writer) as store:
                    report = app.check(
                        store,
                        config,
                        now,
                        notifiers=self.notifiers,
                        deliver=True,
                        skip=skip,
                        clock=self.clock,
                    )
            except StoreInUseError as error:
                if not self.stop.is_set():
                    log.warning(
                        "skipped this check: another watcher kept the state database busy",
                        error=str(error),
                        retry_in=LOCK_RETRY.total_seconds(),
                    )
                    self._check_again_at(self.clock() + LOCK_RETRY)
                return
            except CredentialsError as error:
                # A locked keyring is waited for: the next check tries again; told once.
                log.warning(
                    "a password could not be read; retrying at the next check", error=str(error)
                )
                if not self.health.credentials_told:
                    self.health.credentials_told = True
                    self._tell(f"watcher cannot read a password or sign-in and is waiting: {error}")
                self._finish(ok=False)
                return
            except WatcherError as error:
                # Said in one sentence with its fix, as the command line would: no traceback.
                # Like any check that did not complete, it does not feed the watchdog.
                log.error("the check failed", error=str(error))
                return
            except Exception as error:
                # A check that did not complete does not feed the watchdog: if every check
                # fails this way, systemd restarts the daemon.
                log.exception("the check failed", error=str(error))
                return
            for name, failure in report.failed.items():
                self._account_failed(name, failure)
            for account in config.accounts:
                name = account.name
                if name not in report.failed and name not in report.unopened and name not in skip:
                    self._account_recovered(name)
            for name, why in report.unopened.items():
                if name not in self.health.unopened_told:
                    self.health.unopened_told.add(name)
                    self._tell(f"watcher cannot open account {name!r} and is waiting: {why}")
            self.health.unopened_told &= set(report.unopened)  # told again if it comes back
            self._remember_shown(report)
            log.info(
                "checked",
                scanned=report.scanned,
                matched=len(report.matched),
                drafts=len(report.drafts),
                nudges=len(report.nudges),
                delivered_by=report.delivered_by,
                deferred=len(report.deferred),
                errors=report.errors,
                warnings=report.warnings,
            )
            self.health.credentials_told = False
            reached = not (report.failed or report.unopened or skip)
            self._finish(ok=reached, due=report.due)

    def _next_moment(self, due: Sequence[datetime], now: datetime) -> datetime | None:
        """The next moment a check has something new to deliver: the next action falling due,
        or the end of the quiet hours when nudges or notices wait for it."""
        moments = [moment for moment in due if moment > now]
        end = policy.quiet_hours_end(now, self.config.policy)
        if end is not None:
            moments.append(end)
        return min(moments, default=None)

    def _check_again_at(self, moment: datetime | None) -> None:
        """Run a check at ``moment`` (APScheduler's one-shot ``date`` job, replaced after each
        check), so that an action is told when it falls due rather than at the next poll."""
        if moment is None or self.stop.is_set():
            return
        try:
            self._scheduler.add_job(
                self.check, "date", run_date=moment, id="due", replace_existing=True
            )
        except Exception as error:  # the scheduler may be shutting down
            log.debug("could not schedule the next due check", error=str(error))
        else:
            log.debug("next due check", at=moment.isoformat())

    def _account_failed(self, name: str, error: MailboxError) -> None:
        if not isinstance(error, MailboxAuthError):
            self._account_rests(name, error)
            return
        if name in self.health.disabled:
            return
        oauth = any(a.name == name and a.client_secrets for a in self.config.accounts)
        if oauth:
            fix = (
                f"Google refused the sign-in of account {name!r}: log in again with "
                f"`watcher auth login {name}`, then restart watcher"
            )
        else:
            fix = (
                f"the password for account {name!r} was refused: run "
                f"`watcher auth set {name}`, then restart watcher"
            )
        self.health.disabled[name] = fix
        log.error("stopped checking an account", account=name, error=str(error))
        self._tell(fix)
        idler = self._idlers.get(name)
        if idler is not None:
            idler.interrupt()

    def _account_rests(self, name: str, error: MailboxError) -> None:
        """Let a failing account rest before it is tried again (1 minute, doubling up to 30);
        tell the user once when it has failed :data:`TELL_AFTER` times in a row."""
        now = self.clock()
        failing = self.health.failing.get(name)
        if failing is None:
            failing = self.health.failing[name] = Failing(now, 0, str(error), now)
        failing.attempts += 1
        failing.error = account_detail(name, error)  # told after the account's name
        rest = min(RETRY_MAX, RETRY_FIRST * 2 ** (failing.attempts - 1))
        failing.rests_until = now + rest
        log.warning(
            "an account could not be checked; it rests",
            account=name,
            error=str(error),
            attempts=failing.attempts,
            retry_in=rest.total_seconds(),
        )
        if failing.attempts >= TELL_AFTER and not failing.told:
            failing.told = True
            since = failing.since.astimezone(self.config.policy.timezone)
            self._tell(
                f"watcher cannot check account {name!r} since {since:%a %d %b %H:%M}: "
                f"{failing.error}. It keeps trying, and the interviews whose mail comes "
                "through it wait"
            )

    def _account_recovered(self, name: str) -> None:
        failing = self.health.failing.pop(name, None)
        if failing is not None:
            log.info("an account can be checked again", account=name, attempts=failing.attempts)
            if failing.told:
                self._tell(f"watcher can check account {name!r} again")

    def _tell(self, notice: str) -> None:
        """Send a notice about watcher itself; one no notifier took is tried again later."""
        self.health.notices.append(notice)
        self._send_notices()

    def _send_notices(self) -> None:
        if policy.in_quiet_hours(self.clock(), self.config.policy):
            return  # they wait for the morning, as nudges do
        pending, self.health.notices = self.health.notices, []
        for notice in pending:
            nudge = Nudge(items=(), notice=notice)
            taken = False
            for notifier in self.notifiers:
                try:
                    within(
                        f"the {notifier.name} notifier",
                        NOTIFY_DEADLINE,
                        functools.partial(notifier.send, nudge),
                        abort=notifier.close,
                        failure=NotifyError,
                    )
                    taken = True
                except (NotifyError, Overdue) as error:
                    log.warning("a notifier failed", notifier=notifier.name, error=str(error))
            if self.notifiers and not taken:
                self.health.notices.append(notice)

    def _finish(self, *, ok: bool, due: Sequence[datetime] = ()) -> None:
        """Count a check that ended (``ok``: every account was reached) and schedule the next
        one for what falls ``due`` (the due times of the planned actions)."""
        self.health.checks += 1
        self.health.last_check = datetime.now(UTC)
        if ok and not self.health.ready:
            self.health.ready = True
            sdnotify.ready(self.env)
        self._check_again_at(self._next_moment(due, self.clock()))

    def _watchdog(self) -> None:
        # Healthy: checks keep completing (a hung check stops the pings and systemd restarts us).
        last = self.health.last_check
        # A check may last each account's deadlines (its sync, then its drafts) and the
        # notifiers' before it completes: a slow one is not a hung one.
        longest = sum(2 * deadline(account) for account in self.config.accounts)
        longest += NOTIFY_DEADLINE * (len(self.notifiers) + 1)
        limit = 2 * self.config.daemon.poll_every + timedelta(minutes=5, seconds=longest)
        if last is not None and datetime.now(UTC) - last < limit:
            sdnotify.watchdog(self.env)

    # -- notification buttons -------------------------------------------------------------------

    def _buttons(self, notifier: Notifier) -> None:
        """Handle the buttons of a notifier's notifications: "Snooze 2 days", "Mark as heard
        back". A channel going away (the session bus) is waited out with the same backoff as a
        mail server."""
        attempt = 0
        while not self.stop.is_set():
            try:
                notifier.listen(
                    lambda shown, key: self.on_button(shown, key, notifier=notifier.name),
                    self.stop,
                )
                return
            except Exception as error:  # the bus went away, or worse: wait and listen again
                delay = backoff(attempt)
                attempt += 1
                log.warning(
                    "cannot listen for notification buttons",
                    error=str(error),
                    retry_in=round(delay, 1),
                )
                self.stop.wait(delay)

    def on_button(self, notification_id: int, action: str, *, notifier: str = "desktop") -> None:
        """Carry out a button of a notification this daemon showed through ``notifier``
        (others are not ours), under the store's writer lock as any write (waiting up to
        :data:`LOCK_WAIT` for another watcher; when that is not enough, the user is told what
        to type instead)."""
        if action in ("track", "ignore"):
            self._on_suggestion_button(notification_id, action, notifier)
            return
        if action not in ("snooze", "heard"):
            return
        # After the daemon's own check (self._check_lock), as a check would: within this
        # process the two never wait for each other's writer lock; and a button pressed while
        # the check that showed its notification still runs finds it remembered.
        writer = Writer("watcher run (a notification button)", wait=LOCK_WAIT, stop=self.stop)
        with self._check_lock:
            interview_ids = self.shown.get((notifier, notification_id))
            if not interview_ids:
                return
            now = self.clock()
            try:
                with app.open_store(self.config, writer=writer) as store:
                    if action == "snooze":
                        until = app.snooze(
                            store, interview_ids, now, app.SNOOZE_DAYS, self.config.policy.timezone
                        )
                        log.info("snoozed", interviews=list(interview_ids), until=until.isoformat())
                    else:
                        app.mark_heard(store, interview_ids, now)
                        log.info("marked as heard back", interviews=list(interview_ids))
            except StoreInUseError as error:
                if self.stop.is_set():
                    return
                log.warning("a notification button could not be carried out", error=str(error))
                ids = ", ".join(f"#{i}" for i in interview_ids)
                command = "snooze ID" if action == "snooze" else "heard ID --kind update"
                self._tell(
                    f"watcher could not carry out the button you pressed, as another watcher "
                    f"kept the state database busy: use `watcher track {command}` for {ids}"
                )

    def _on_suggestion_button(self, notification_id: int, action: str, notifier: str) -> None:
        """ "Track" or "Ignore" on the notification of an interview found in mail: what
        `watcher track accept ID` or `track ignore ID` does. What cannot be done (tracked or
        ignored already from the terminal, a company mail did not name, a busy state) is told
        with the command to type."""
        writer = Writer("watcher run (a notification button)", wait=LOCK_WAIT, stop=self.stop)
        with self._check_lock:
            suggestion = self.suggested.get((notifier, notification_id))
            if suggestion is None:
                return
            now = self.clock()
            command = f"watcher track {'accept' if action == 'track' else 'ignore'} {suggestion}"
            try:
                with app.open_store(self.config, writer=writer) as store:
                    if action == "track":
                        interview = app.accept_suggestion(store, suggestion, now)
                        log.info("tracked", suggestion=suggestion, interview=interview.id)
                    else:
                        app.ignore_suggestion(store, suggestion, now)
                        log.info("ignored", suggestion=suggestion)
            except StoreInUseError as error:
                if self.stop.is_set():
                    return
                log.warning("a notification button could not be carried out", error=str(error))
                self._tell(
                    f"watcher could not carry out the button you pressed, as another watcher "
                    f"kept the state database busy: use `{command}`"
                )
            except WatcherError as error:
                log.info("a notification button was refused", error=str(error))
                self._tell(f"watcher could not {action} it ({error})")

    def _remember_shown(self, report: CheckReport) -> None:
        for notifier, notification_id, interviews in report.shown:
            self.shown[(notifier, notification_id)] = tuple(dict.fromkeys(interviews))
        for notifier, notification_id, suggestion in report.shown_suggestions:
            self.suggested[(notifier, notification_id)] = suggestion

    # -- IDLE -----------------------------------------------------------------------------------

    def _idle(self, account: Account) -> None:
        """Wait for news in the account's first folder; reconnect with backoff; never give up,
        except on a refused password."""
        attempt = 0
        folder = account.folders[0] if account.folders else "INBOX"
        while not self.stop.is_set() and account.name not in self.health.disabled:
            mailbox: Mailbox | None = None
            try:
                mailbox = app.mailbox(account)
                self._idlers[account.name] = mailbox
                mailbox.open()
                if not mailbox.idle_supported:
                    log.info("no IDLE: polling only", account=account.name)
                    return
                if attempt:
                    log.info("reconnected", account=account.name)
                    self.wake()  # catch up on what arrived meanwhile
                attempt = 0
                while not self.stop.is_set():
                    if mailbox.wait_for_change(folder, IDLE_RENEW):
                        log.info("new mail", account=account.name, folder=folder)
                        self.wake()
            except MailboxAuthError:
                return  # the check job reports it and disables the account
            except (MailboxError, CredentialsError) as error:
                if self.stop.is_set():
                    return
                delay = backoff(attempt)
                attempt += 1
                log.warning(
                    "connection lost; reconnecting",
                    account=account.name,
                    error=str(error),
                    retry_in=round(delay, 1),
                )
                self.stop.wait(delay)
            except Exception as error:  # never die silently: the checks still poll
                delay = backoff(attempt)
                attempt += 1
                log.exception(
                    "waiting for new mail failed",
                    account=account.name,
                    error=str(error),
                    retry_in=round(delay, 1),
                )
                self.stop.wait(delay)
            finally:
                self._idlers.pop(account.name, None)
                if mailbox is not None:
                    mailbox.close()
