"""The daemon without its loop: ``backoff``, and ``Daemon.check()`` against a real Dovecot.

``Daemon.check()`` runs one check as the scheduler would; the notifiers are MemoryNotifiers.
A refused password disables the account and tells the user once; a good account records its
mail and makes the daemon ready (READY=1 to ``$NOTIFY_SOCKET``).
"""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import monotonic, sleep
from zoneinfo import ZoneInfo

import pytest

from tests.backends.conftest import synthetic
from tests.locks import HeldLock
from tests.servers.dovecot import DovecotServer, MailUser, new_user
from tests.servers.notifysocket import NotifySocket
from watcher import app, scheduler
from watcher.config import parse_config
from watcher.models import ActionKind, Event, EventKind, Format, Interview, Person, ReplyKind
from watcher.notify.memory import MemoryNotifier
from watcher.record import replace
from watcher.scheduler import BACKOFF_MAX, LOCK_RETRY, Daemon, Health, backoff
from watcher.settings import Config
from watcher.store import Store

# --------------------------------------------------------------------------- backoff


def test_backoff_doubles_from_one_second_to_five_minutes_without_jitter() -> None:
    delays = [backoff(attempt, lambda: 0.0) for attempt in range(12)]
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 300.0, 300.0, 300.0]
    assert backoff(1000, lambda: 0.0) == 300.0  # never gives up, never overflows
    assert BACKOFF_MAX == 300.0


def test_backoff_jitter_adds_at_most_a_quarter_and_never_exceeds_five_minutes() -> None:
    almost_one = 1.0 - 1e-12
    assert backoff(0, lambda: almost_one) == pytest.approx(1.25)
    assert backoff(3, lambda: 0.5) == pytest.approx(8 * 1.125)
    assert backoff(7, lambda: almost_one) == pytest.approx(160.0)  # 128 * 1.25
    assert backoff(8, lambda: almost_one) == 300.0  # 256 * 1.25 = 320, capped
    assert backoff(20, lambda: almost_one) == 300.0
    rng = random.Random(4)
    for attempt in range(40):
        for _ in range(50):
            base = min(300.0, 2.0**attempt)
            delay = backoff(attempt, rng.random)
            assert base <= delay <= min(300.0, base * 1.25)


def test_backoff_uses_real_randomness_by_default() -> None:
    delays = {backoff(2) for _ in range(20)}
    assert len(delays) > 1
    assert all(4.0 <= d <= 5.0 for d in delays)


# --------------------------------------------------------------------------- Daemon.check()


def config_text(tmp_path: Path, server: DovecotServer, user: MailUser) -> str:
    return f"""
[store]
path = "{tmp_path / "watcher.db"}"

[user]
name = "Alex Example"

[policy]
timezone = "UTC"
"""


def account_text(
    server: DovecotServer,
    user: MailUser,
    *,
    name: str,
    password_command: str,
    address: str = "alex@example.com",
) -> str:
    return f"""
[[accounts]]
name = "{name}"
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{user.name}"
password_command = "{password_command}"
addresses = ["{address}"]
"""


def printing(password: str) -> str:
    """A password_command (as TOML string content) that prints ``password``."""
    return f"printf '%s\\\\n' {password}"


def write_config(
    tmp_path: Path, server: DovecotServer, user: MailUser, password: str, *, name: str
) -> Config:
    text = config_text(tmp_path, server, user) + account_text(
        server, user, name=name, password_command=printing(password)
    )
    return parse_config(text, "test.toml", {}, tmp_path)


def track_northwind(config: Config, now: datetime) -> int:
    store = Store.open(config.store_path)
    try:
        return store.add_interview(
            Interview(
                id=0,
                company="Northwind",
                role="Engineer",
                at=now - timedelta(days=2),
                format=Format.VIDEO,
                interviewers=(Person("Dana Reyes", "dana@northwind.example"),),
                domains=("northwind.example",),
            ),
            now - timedelta(days=9),
        ).id
    finally:
        store.close()


def events_of(config: Config) -> list[tuple[EventKind, str]]:
    store = Store.open(config.store_path)
    try:
        return [(e.kind, e.sender) for t in store.timelines() for e in t.events]
    finally:
        store.close()


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[NotifySocket]:
    sock = NotifySocket(tmp_path / "notify.sock")
    try:
        yield sock
    finally:
        sock.close()


def test_a_refused_password_disables_the_account_and_says_so_once(
    dovecot: DovecotServer, tmp_path: Path, notify_socket: NotifySocket
) -> None:
    user = new_user(dovecot)
    wrong = "Wrong-" + user.password[::-1]
    config = write_config(tmp_path, dovecot, user, wrong, name="personal")
    memory = MemoryNotifier()
    daemon = Daemon(config, {"NOTIFY_SOCKET": str(notify_socket.path)}, notifiers=[memory])

    daemon.check()

    assert list(daemon.health.disabled) == ["personal"]
    assert "watcher auth set personal" in daemon.health.disabled["personal"]
    [nudge] = memory.sent
    assert nudge.items == ()
    assert "personal" in nudge.notice
    assert "`watcher auth set personal`" in nudge.notice
    assert wrong not in nudge.notice and user.password not in nudge.notice
    assert nudge.title == "watcher needs your attention"
    assert daemon.health.ready is False
    assert daemon.health.checks == 1
    assert notify_socket.read() == []  # no READY=1: no account was reached

    daemon.check()

    assert len(memory.sent) == 1 and memory.attempts == 1
    assert list(daemon.health.disabled) == ["personal"]
    assert daemon.health.ready is False
    assert daemon.health.checks == 2  # nothing is checked, but the loop is alive (watchdog)


def test_a_failing_notifier_does_not_stop_the_account_being_disabled(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, "not-the-password", name="work")
    failing, working = MemoryNotifier(), MemoryNotifier()
    failing.fail_next("no session bus")
    daemon = Daemon(config, {}, notifiers=[failing, working])

    daemon.check()

    assert list(daemon.health.disabled) == ["work"]
    assert failing.attempts == 1 and failing.sent == []
    [nudge] = working.sent
    assert "`watcher auth set work`" in nudge.notice
    assert "not-the-password" not in nudge.notice


def test_a_good_account_records_its_mail_and_the_daemon_becomes_ready(
    dovecot: DovecotServer, tmp_path: Path, notify_socket: NotifySocket
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    now = datetime.now(UTC).replace(microsecond=0)
    track_northwind(config, now)
    dovecot.deliver(
        user.name,
        "INBOX",
        synthetic(
            "Rita <rita@northwind.example>",
            "Your application",
            body="Hi Alex,\n\nUnfortunately, we have decided to move forward with other "
            "candidates.\n\nRita\n",
            to="alex@example.com",
            when=now - timedelta(hours=1),
        ),
    )
    memory = MemoryNotifier()
    daemon = Daemon(
        config,
        {"NOTIFY_SOCKET": str(notify_socket.path)},
        notifiers=[memory],
        clock=lambda: now,
    )
    assert daemon.health == Health()  # not ready before the first check

    daemon.check()

    assert events_of(config)[0] == (EventKind.REPLY, "Rita <rita@northwind.example>")
    assert daemon.health.disabled == {}
    assert daemon.health.ready is True
    assert daemon.health.checks == 1
    assert daemon.health.last_check is not None
    assert notify_socket.read() == ["READY=1"]
    # What became due (the graceful close after the rejection) was delivered, once.
    [nudge] = memory.sent
    assert nudge.notice == ""
    assert [i.company for i in nudge.items] == ["Northwind"]

    daemon.check()

    assert daemon.health.ready is True and daemon.health.checks == 2
    assert notify_socket.read() == []  # READY=1 is said once
    assert len(memory.sent) == 1
    assert [kind for kind, _sender in events_of(config)].count(EventKind.REPLY) == 1


# --------------------------------------------------------------------------- known bugs


def test_a_refused_password_notice_that_no_notifier_took_is_retried(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, "not-the-password", name="personal")
    memory = MemoryNotifier()
    memory.fail_next("no session bus")
    daemon = Daemon(config, {}, notifiers=[memory])

    daemon.check()
    assert memory.sent == [] and list(daemon.health.disabled) == ["personal"]
    daemon.check()

    # expected: the second check tells the user; actual: memory.sent == [] and attempts == 1
    assert len(memory.sent) == 1
    assert "`watcher auth set personal`" in memory.sent[0].notice


def test_an_unreadable_password_does_not_stop_the_other_accounts(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    text = (
        config_text(tmp_path, dovecot, user)
        + account_text(dovecot, user, name="personal", password_command=printing(user.password))
        + account_text(
            dovecot, user, name="locked", password_command="false", address="alex@work.example"
        )
    )
    config = parse_config(text, "test.toml", {}, tmp_path)
    now = datetime.now(UTC).replace(microsecond=0)
    track_northwind(config, now)
    dovecot.deliver(
        user.name,
        "INBOX",
        synthetic(
            "Dana Reyes <dana@northwind.example>",
            "Next steps",
            body="Hi Alex,\n\nWe would like to invite you to a final round.\n\nDana\n",
            to="alex@example.com",
            when=now - timedelta(hours=1),
        ),
    )
    notifier = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[notifier], clock=lambda: now)

    daemon.check()

    # expected: the reply in "personal" is recorded; actual: nothing is (the check gave up on
    # CredentialsError from the "locked" account before reaching any mailbox)
    assert (EventKind.REPLY, "Dana Reyes <dana@northwind.example>") in events_of(config)
    # The locked account is told once, not at every check.
    daemon.check()
    notices = [n.notice for n in notifier.sent if n.notice]
    assert len(notices) == 1
    assert "'locked'" in notices[0] and "password_command" in notices[0]


def test_notification_buttons_snooze_or_mark_heard_only_for_what_the_daemon_showed(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    now = datetime.now(UTC).replace(microsecond=0)
    interview = track_northwind(config, now)
    daemon = Daemon(config, {}, notifiers=[])
    daemon.shown[("desktop", 7)] = (interview,)
    daemon.on_button(8, "snooze")  # not a notification of ours
    daemon.on_button(7, "open")  # not a button of ours
    with Store.open(config.store_path) as store:
        assert store.events(interview) == []
    daemon.on_button(7, "snooze")
    daemon.on_button(7, "heard")
    with Store.open(config.store_path) as store:
        events = store.events(interview)
    assert [e.kind for e in events] == [EventKind.SNOOZE, EventKind.REPLY]
    assert events[0].until == (now + timedelta(days=2)).date()
    assert events[1].reply_kind is ReplyKind.UPDATE


def test_snooze_counts_days_in_the_users_time_zone(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        interview = store.add_interview(
            Interview(id=0, company="N", role="E", at=datetime(2026, 5, 1, tzinfo=UTC)),
            datetime(2026, 5, 1, tzinfo=UTC),
        ).id
        # Tue 12 May 18:00 in Los Angeles is already Wed 13 in UTC: two days from Tuesday.
        clicked = datetime(2026, 5, 13, 1, 0, tzinfo=UTC)
        until = app.snooze(store, [interview], clicked, 2, ZoneInfo("America/Los_Angeles"))
        assert until.isoformat() == "2026-05-14"
        tokyo = app.snooze(store, [interview], clicked, 2, ZoneInfo("Asia/Tokyo"))
        assert tokyo.isoformat() == "2026-05-15"


def test_notices_wait_for_the_end_of_quiet_hours(dovecot: DovecotServer, tmp_path: Path) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, "wrong-" + user.password, name="personal")
    config = replace(config, policy=replace(config.policy, quiet_hours=(time(0), time(23, 59))))
    memory = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[memory])
    daemon.check()
    assert list(daemon.health.disabled) == ["personal"]
    assert memory.sent == [] and len(daemon.health.notices) == 1
    daemon.config = replace(config, policy=replace(config.policy, quiet_hours=None))
    daemon.check()
    assert len(memory.sent) == 1 and daemon.health.notices == []


def test_the_next_check_is_scheduled_when_the_next_action_falls_due(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    with Store.open(config.store_path) as store:
        store.add_interview(
            Interview(
                id=0,
                company="Northwind",
                role="Engineer",
                at=now + timedelta(hours=2),
                interviewers=(Person("Dana Reyes", "dana@northwind.example"),),
            ),
            now,
        )
    daemon = Daemon(config, {}, notifiers=[MemoryNotifier()], clock=lambda: now)
    daemon.check()
    # The thank-you falls due when the interview ends (14:00 + 1 hour by default): the daemon
    # checks then, not at the next poll.
    job = daemon._scheduler.get_job("due")
    assert job is not None
    assert job.trigger.run_date == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def test_nudges_held_by_quiet_hours_are_checked_again_when_they_end(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    config = replace(config, policy=replace(config.policy, quiet_hours=(time(21), time(8))))
    now = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)
    track_northwind(config, now)  # its thank-you is overdue: a nudge waits for the morning
    memory = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[memory], clock=lambda: now)
    daemon.check()
    assert memory.sent == []
    job = daemon._scheduler.get_job("due")
    assert job is not None
    assert job.trigger.run_date == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_a_failing_account_rests_with_backoff_and_is_told_once_then_again_when_back(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]  # nothing listens there once the probe is closed
    down = account_text(
        dovecot, user, name="work", password_command=printing(user.password), address="a@w.test"
    ).replace(f"port = {dovecot.imaps_port}", f"port = {closed_port}")
    text = (
        config_text(tmp_path, dovecot, user)
        + account_text(dovecot, user, name="personal", password_command=printing(user.password))
        + down
    )
    config = parse_config(text, "test.toml", {}, tmp_path)
    moments = [datetime(2026, 11, 24, 12, 0, tzinfo=UTC)]
    memory = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[memory], clock=lambda: moments[-1])

    daemon.check()
    failing = daemon.health.failing["work"]
    assert (failing.attempts, failing.rests_until) == (1, moments[-1] + timedelta(minutes=1))
    moments.append(moments[-1] + timedelta(seconds=30))
    daemon.check()  # still resting: not tried
    assert daemon.health.failing["work"].attempts == 1
    for minutes in (1, 2):
        moments.append(daemon.health.failing["work"].rests_until)
        daemon.check()
        assert daemon.health.failing["work"].attempts == minutes + 1
    assert daemon.health.failing["work"].rests_until == moments[-1] + timedelta(minutes=4)
    [notice] = [n.notice for n in memory.sent if n.notice]
    assert notice.startswith("watcher cannot check account 'work' since Tue 24 Nov 12:00: ")
    assert "It keeps trying" in notice
    assert notice.count("work") == 1 and "(" not in notice  # named once, one plain sentence
    assert "personal" not in daemon.health.failing

    # The server comes back: the account is checked again, and the user told so.
    config = replace(
        config, accounts=(config.accounts[0], replace(config.accounts[1], port=dovecot.imaps_port))
    )
    daemon.config = config
    moments.append(daemon.health.failing["work"].rests_until)
    daemon.check()
    assert daemon.health.failing == {}
    assert [n.notice for n in memory.sent if n.notice][
        -1
    ] == "watcher can check account 'work' again"


# --------------------------------------------------------------------------- the store's lock


def test_a_check_waits_for_another_writer_then_skips_the_round_and_comes_back_soon(
    dovecot: DovecotServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler, "LOCK_WAIT", 0.3)
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    now = datetime.now(UTC).replace(microsecond=0)
    interview = track_northwind(config, now)
    memory = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[memory])

    with HeldLock(config.store_path, "watcher check"):
        started = monotonic()
        daemon.check()
        assert 0.3 <= monotonic() - started < 3

    # Nothing was done, and it is not counted as a check (the watchdog is not fed by it)...
    assert memory.sent == [] and daemon.health.checks == 0
    assert events_of(config) == []
    # ...but tried again in a minute rather than at the next poll.
    retry = daemon._scheduler.get_job("due")
    assert retry is not None
    assert timedelta(seconds=50) < retry.trigger.run_date - datetime.now(UTC) <= LOCK_RETRY

    daemon.check()

    assert daemon.health.checks == 1
    [nudge] = memory.sent
    assert [item.interview_id for item in nudge.items] == [interview]


def test_a_check_waiting_for_the_lock_stops_at_once_when_told(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    track_northwind(config, datetime.now(UTC))
    daemon = Daemon(config, {}, notifiers=[])
    with HeldLock(config.store_path, "watcher check"):
        thread = threading.Thread(target=daemon.check)
        thread.start()
        sleep(0.3)
        stopping = monotonic()
        daemon.stop.set()
        thread.join(5)
        assert not thread.is_alive()
        assert monotonic() - stopping < 1
    assert daemon.health.checks == 0
    assert daemon._scheduler.get_job("due") is None  # stopping: nothing is scheduled


def test_a_button_the_lock_keeps_from_being_carried_out_is_told_with_the_command(
    dovecot: DovecotServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler, "LOCK_WAIT", 0.3)
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    interview = track_northwind(config, datetime.now(UTC))
    memory = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[memory])
    daemon.shown[("desktop", 7)] = (interview,)
    with HeldLock(config.store_path, "watcher track edit"):
        daemon.on_button(7, "snooze")
    assert events_of(config) == []
    [nudge] = memory.sent
    assert "`watcher track snooze ID` for #1" in nudge.notice


def test_a_button_pressed_during_the_daemons_own_check_waits_for_it_not_for_itself(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    """Both take the daemon's check lock first, then the store's: in one process they follow
    each other, and neither waits out LOCK_WAIT for the other's writer lock."""
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    interview = track_northwind(config, datetime.now(UTC))
    daemon = Daemon(config, {}, notifiers=[MemoryNotifier()])
    daemon.shown[("desktop", 7)] = (interview,)
    started = monotonic()
    checking = threading.Thread(target=daemon.check)
    checking.start()
    pressing = threading.Thread(target=daemon.on_button, args=(7, "snooze"))
    pressing.start()
    checking.join(30)
    pressing.join(30)
    assert monotonic() - started < 10 < scheduler.LOCK_WAIT
    assert daemon.health.checks == 1
    assert (EventKind.SNOOZE, "") in events_of(config)


def test_the_interviews_of_an_account_stopped_after_a_refused_password_wait(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    text = (
        config_text(tmp_path, dovecot, user)
        + account_text(dovecot, user, name="personal", password_command=printing(user.password))
        + account_text(
            dovecot,
            user,
            name="work",
            password_command=f"sh -c 'echo try >> {tmp_path}/tries; echo wrong'",
            address="a@w.test",
        )
    )
    config = parse_config(text, "test.toml", {}, tmp_path)
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    northwind = track_northwind(config, now)  # its thank-you is due
    with Store.open(config.store_path) as store:
        # Northwind's mail comes through 'work' (a reply it answers may be waiting there).
        store.add_event(
            Event(
                interview_id=northwind,
                kind=EventKind.SENT,
                at=now - timedelta(days=2),
                action=ActionKind.FOLLOW_UP,
                account="work",
            )
        )
    memory = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[memory], clock=lambda: now)

    daemon.check()  # 'work' refuses the password: stopped, told
    assert list(daemon.health.disabled) == ["work"]
    daemon.check()  # 'work' is not checked again, and Northwind waits for it

    assert (tmp_path / "tries").read_text().splitlines() == ["try"]
    assert memory.sent and all(not n.items for n in memory.sent)  # the notice, no nudge
