"""A private D-Bus session bus and a notification server on it, for the test suite.

:class:`SessionBus` runs ``dbus-daemon`` with a config of its own in a temp dir: it listens on a
unix path there and has no ``<servicedir>``, so nothing is ever auto-activated and a name nobody
owns fails at once (``ServiceUnknown``). It starts in a few milliseconds.

:class:`NotificationServer` owns ``org.freedesktop.Notifications`` on such a bus with dbus-fast,
in a thread running its own asyncio loop, and records every ``Notify`` call as a
:class:`NotifyCall`. It can emit ``ActionInvoked`` and ``NotificationClosed`` (for the daemon's
tests), answer slowly (``delay``), and offer any list of capabilities.

No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from the
method annotations at class creation.
"""

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Annotated, Any

import pytest
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusDict, DBusInt32, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.constants import NameFlag, RequestNameReply
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

DBUS_DAEMON = shutil.which("dbus-daemon")
BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"

_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- Written by tests/servers/notifications.py: a throwaway session bus, no servicedir. -->
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def require_dbus_daemon() -> str:
    if DBUS_DAEMON is None:
        pytest.skip("dbus-daemon is not installed (Debian: dbus-daemon)")
    return DBUS_DAEMON


class SessionBus:
    """A private ``dbus-daemon``; ``address`` is its ``unix:path=...`` address."""

    def __init__(self) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self.address = ""
        self.socket_path = Path()

    def start(self) -> "SessionBus":
        daemon = require_dbus_daemon()
        self._tmp = tempfile.TemporaryDirectory(prefix="watcher-dbus-")
        root = Path(self._tmp.name)
        self.socket_path = root / "bus"
        config = root / "session.conf"
        config.write_text(_CONFIG.format(socket=self.socket_path))
        self._process = subprocess.Popen(
            [
                daemon,
                "--nofork",
                "--nopidfile",
                f"--config-file={config}",
                "--print-address=1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().decode().strip()
        if not line:
            err = self._process.stderr.read().decode() if self._process.stderr else ""
            self.stop()
            raise RuntimeError(f"dbus-daemon did not start: {err}")
        self.address = line
        return self

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def freeze(self) -> None:
        """Stop the daemon (SIGSTOP): connects still queue, but nothing answers."""
        os.kill(self.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def kill(self) -> None:
        """Kill the daemon hard (its socket file stays behind, refusing connections)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(5)

    def stop(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._process.pid, signal.SIGCONT)
            self.kill()
            for stream in (self._process.stdout, self._process.stderr):
                if stream is not None:
                    stream.close()
            self._process = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "SessionBus":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass(frozen=True)
class NotifyCall:
    """One ``Notify`` call as it arrived; ``hints`` holds the variants' values."""

    app_name: str
    replaces_id: int
    icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, Any]
    timeout: int
    hint_signatures: dict[str, str]


class _Interface(ServiceInterface):
    """The Notifications interface, D-Bus member names and all."""

    def __init__(self, server: "NotificationServer") -> None:
        super().__init__(BUS_NAME)
        self._server = server

    @dbus_method()
    async def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: Annotated[list[str], DBusSignature("as")],
        hints: DBusDict,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        await self._server._wait()
        call = NotifyCall(
            app_name,
            replaces_id,
            app_icon,
            summary,
            body,
            list(actions),
            {key: variant.value for key, variant in hints.items()},
            expire_timeout,
            {key: variant.signature for key, variant in hints.items()},
        )
        return self._server._record(call)

    @dbus_method()
    async def GetCapabilities(self) -> Annotated[list[str], DBusSignature("as")]:
        await self._server._wait()
        return list(self._server.capabilities)

    @dbus_method()
    def GetServerInformation(
        self,
    ) -> Annotated[tuple[str, str, str, str], DBusSignature("ssss")]:
        return ("watcher-tests", "watcher", "0.1", "1.2")

    @dbus_method()
    def CloseNotification(self, id: DBusUInt32) -> None:
        self._server.closed.append(id)
        self.NotificationClosed(id, 3)

    @dbus_signal()
    def ActionInvoked(
        self, id: int, action_key: str
    ) -> Annotated[tuple[int, str], DBusSignature("us")]:
        return (id, action_key)

    @dbus_signal()
    def NotificationClosed(
        self, id: int, reason: int
    ) -> Annotated[tuple[int, int], DBusSignature("uu")]:
        return (id, reason)


class NotificationServer:
    """Owns ``org.freedesktop.Notifications`` on ``address`` and records what arrives.

    ``capabilities`` is what GetCapabilities answers (change it any time); ``delay`` makes
    Notify and GetCapabilities wait that many seconds before answering.
    """

    def __init__(self, address: str, capabilities: Iterable[str] = ("actions", "body")) -> None:
        self.address = address
        self.capabilities = list(capabilities)
        self.delay = 0.0
        self.received: list[NotifyCall] = []
        self.closed: list[int] = []
        self._next_id = 1
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._bus: MessageBus | None = None
        self._interface: _Interface | None = None

    def _record(self, call: NotifyCall) -> int:
        with self._lock:
            self.received.append(call)
            notification_id = self._next_id
            self._next_id += 1
        return notification_id

    async def _wait(self) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)

    async def _serve(self) -> None:
        self._bus = await MessageBus(bus_address=self.address).connect()
        self._interface = _Interface(self)
        self._bus.export(OBJECT_PATH, self._interface)
        reply = await self._bus.request_name(BUS_NAME, NameFlag.DO_NOT_QUEUE)
        if reply is not RequestNameReply.PRIMARY_OWNER:
            raise RuntimeError(f"could not own {BUS_NAME}: {reply}")

    def start(self) -> "NotificationServer":
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="notification-server", daemon=True
        )
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(5)
        return self

    def _in_loop(self, fn: Any, *args: Any) -> None:
        assert self._loop is not None

        async def call() -> None:
            fn(*args)

        asyncio.run_coroutine_threadsafe(call(), self._loop).result(5)

    def emit_action_invoked(self, notification_id: int, action_key: str) -> None:
        """Broadcast ``ActionInvoked(id, key)``, as when the user clicks a button."""
        assert self._interface is not None
        self._in_loop(self._interface.ActionInvoked, notification_id, action_key)

    def emit_notification_closed(self, notification_id: int, reason: int = 2) -> None:
        """Broadcast ``NotificationClosed(id, reason)`` (2: dismissed by the user)."""
        assert self._interface is not None
        self._in_loop(self._interface.NotificationClosed, notification_id, reason)

    def wait_for(self, count: int, timeout: float = 2.0) -> list[NotifyCall]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return list(self.received)

    def stop(self) -> None:
        loop, self._loop = self._loop, None
        if loop is None:
            return

        async def shutdown() -> None:
            if self._bus is not None:
                self._bus.disconnect()
            current = asyncio.current_task()
            pending = [task for task in asyncio.all_tasks() if task is not current]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        loop.close()

    def __enter__(self) -> "NotificationServer":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def notification_server(
    capabilities: Iterable[str] = ("actions", "body"),
) -> Iterator[NotificationServer]:
    """A fresh session bus with a notification server on it; both gone on exit."""
    with SessionBus() as bus, NotificationServer(bus.address, capabilities) as server:
        yield server
