"""DbusNotifier.listen (the buttons) against a real dbus-daemon and a real notification server
(dbus-fast)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.notifications import NotificationServer, SessionBus
from watcher.notify import notifier_class
from watcher.notify.base import NotifyError
from watcher.notify.dbus import DbusNotifier

READY = (0, "ready")


class Listener:
    """``DbusNotifier.listen`` in a thread, recording what it hears and how it ended."""

    def __init__(self, address: str, *, fail_on: str = "") -> None:
        self.address = address
        self.fail_on = fail_on
        self.heard: list[tuple[int, str]] = []
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="action-listener", daemon=True)

    def _on_action(self, notification_id: int, action_key: str) -> None:
        with self._lock:
            self.heard.append((notification_id, action_key))
        if action_key == self.fail_on:
            raise RuntimeError(f"callback failed on {action_key}")

    def _run(self) -> None:
        try:
            DbusNotifier(bus_address=self.address).listen(self._on_action, self.stop)
        except BaseException as exc:
            self.error = exc

    def snapshot(self) -> list[tuple[int, str]]:
        with self._lock:
            return list(self.heard)

    def wait_for(self, count: int, timeout: float = 2.0) -> list[tuple[int, str]]:
        deadline = time.monotonic() + timeout
        while len(self.snapshot()) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.snapshot()

    def start(self, server: NotificationServer) -> None:
        """Start, then ping until the subscription is live; forget the pings."""
        self.thread.start()
        deadline = time.monotonic() + 3.0
        while READY not in self.snapshot():
            assert time.monotonic() < deadline, f"listener never subscribed: {self.error!r}"
            assert self.thread.is_alive(), f"listener ended early: {self.error!r}"
            server.emit_action_invoked(*READY)
            time.sleep(0.02)
        time.sleep(0.05)  # let any extra pings in flight arrive before forgetting them
        with self._lock:
            self.heard = [call for call in self.heard if call != READY]


@pytest.fixture
def listener(notification_server: NotificationServer) -> Iterator[Listener]:
    heard = Listener(notification_server.address)
    yield heard
    heard.stop.set()
    if heard.thread.is_alive():
        heard.thread.join(2)


def test_snooze_and_heard_clicks_reach_the_callback(
    notification_server: NotificationServer, listener: Listener
) -> None:
    listener.start(notification_server)

    notification_server.emit_action_invoked(3, "snooze")
    notification_server.emit_action_invoked(4, "heard")

    assert listener.wait_for(2) == [(3, "snooze"), (4, "heard")]
    assert listener.error is None
    assert listener.thread.is_alive()


def test_other_signals_are_not_passed_on(
    notification_server: NotificationServer, listener: Listener
) -> None:
    listener.start(notification_server)

    notification_server.emit_notification_closed(3)
    notification_server.emit_action_invoked(5, "heard")

    assert listener.wait_for(2) == [(5, "heard")]
    time.sleep(0.1)
    assert listener.snapshot() == [(5, "heard")]


def test_stops_within_a_second_of_stop_being_set(
    notification_server: NotificationServer, listener: Listener
) -> None:
    listener.start(notification_server)
    assert listener.thread.is_alive()

    start = time.monotonic()
    listener.stop.set()
    listener.thread.join(2)

    assert not listener.thread.is_alive()
    assert time.monotonic() - start < 1.0
    assert listener.error is None


def test_a_failing_callback_is_logged_and_the_loop_goes_on(
    notification_server: NotificationServer, caplog: pytest.LogCaptureFixture
) -> None:
    listener = Listener(notification_server.address, fail_on="snooze")
    try:
        with caplog.at_level(logging.ERROR, logger="watcher.notify.dbus"):
            listener.start(notification_server)
            notification_server.emit_action_invoked(8, "snooze")
            notification_server.emit_action_invoked(9, "heard")
            assert listener.wait_for(2) == [(8, "snooze"), (9, "heard")]
    finally:
        listener.stop.set()
        listener.thread.join(2)

    assert listener.error is None
    assert not listener.thread.is_alive()
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.name == "watcher.notify.dbus"
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)
    assert "callback failed on snooze" in str(record.exc_info[1])


def test_a_bus_that_goes_away_raises(session_bus: SessionBus) -> None:
    listener = Listener(session_bus.address)
    listener.thread.start()
    time.sleep(0.2)  # connected and subscribed (nobody owns the notifications name: fine)
    assert listener.thread.is_alive(), f"listener ended early: {listener.error!r}"

    session_bus.kill()
    listener.thread.join(2)

    assert not listener.thread.is_alive()
    assert isinstance(listener.error, NotifyError)
    assert "dropped the connection" in str(listener.error)


def test_no_bus_raises_notify_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with pytest.raises(NotifyError, match=r"no desktop session bus \(\$DBUS_SESSION_BUS_ADDRESS"):
        DbusNotifier().listen(lambda _id, _key: None, threading.Event())


def test_a_socket_path_that_does_not_exist_raises(tmp_path: Path) -> None:
    with pytest.raises(NotifyError, match="FileNotFoundError"):
        DbusNotifier(bus_address=f"unix:path={tmp_path}/none").listen(
            lambda _id, _key: None, threading.Event()
        )


def test_macos_notifications_have_no_buttons_to_listen_for() -> None:
    macos = notifier_class("desktop", platform="darwin")
    assert macos.__name__ == "OsascriptNotifier"
    assert not macos.buttons
    with pytest.raises(NotImplementedError):
        macos().listen(lambda _id, _key: None, threading.Event())
    assert notifier_class("desktop", platform="linux") is DbusNotifier
    assert DbusNotifier.buttons
