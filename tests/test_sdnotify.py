"""The sd_notify protocol against real AF_UNIX datagram sockets."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from watcher import sdnotify


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, dict[str, str]]]:
    """A datagram socket bound to a file (short path: sun_path holds 108 bytes) and its env."""
    directory = Path(tempfile.mkdtemp(prefix="sd"))
    path = directory / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    try:
        yield sock, {"NOTIFY_SOCKET": str(path)}
    finally:
        sock.close()
        shutil.rmtree(directory)


def received(sock: socket.socket) -> str:
    return sock.recv(4096).decode("utf-8")


def test_notify_sends_the_state_as_one_datagram(
    listener: tuple[socket.socket, dict[str, str]],
) -> None:
    sock, env = listener
    assert sdnotify.notify("READY=1\nSTATUS=synced", env) is True
    assert received(sock) == "READY=1\nSTATUS=synced"


def test_helpers_send_their_messages(listener: tuple[socket.socket, dict[str, str]]) -> None:
    sock, env = listener
    assert sdnotify.ready(env)
    assert received(sock) == "READY=1"
    assert sdnotify.watchdog(env)
    assert received(sock) == "WATCHDOG=1"
    assert sdnotify.stopping(env)
    assert received(sock) == "STOPPING=1"
    assert sdnotify.status("2 accounts\nsynced", env)
    assert received(sock) == "STATUS=2 accounts synced"


def test_helpers_read_the_process_environment_by_default(
    listener: tuple[socket.socket, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    sock, env = listener
    monkeypatch.setenv("NOTIFY_SOCKET", env["NOTIFY_SOCKET"])
    assert sdnotify.ready()
    assert received(sock) == "READY=1"


def test_abstract_socket() -> None:
    name = f"watcher-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert sdnotify.notify("READY=1", {"NOTIFY_SOCKET": "@" + name}) is True
        assert received(sock) == "READY=1"


@pytest.mark.parametrize("value", [None, "", "relative/notify", "vsock:2:1234"])
def test_unset_or_unsupported_socket_is_false(value: str | None) -> None:
    env = {} if value is None else {"NOTIFY_SOCKET": value}
    assert sdnotify.notify("READY=1", env) is False


def test_missing_socket_is_false_not_an_error(tmp_path: Path) -> None:
    env = {"NOTIFY_SOCKET": str(tmp_path / "gone")}
    assert sdnotify.ready(env) is False
    abstract = {"NOTIFY_SOCKET": f"@watcher-test-absent-{uuid.uuid4().hex}"}
    assert sdnotify.watchdog(abstract) is False


def test_a_socket_that_is_not_a_datagram_socket_is_false(tmp_path: Path) -> None:
    path = tmp_path / "stream"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
        assert sdnotify.notify("READY=1", {"NOTIFY_SOCKET": str(path)}) is False


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WATCHDOG_USEC": "120000000"}, 60.0),
        ({"WATCHDOG_USEC": "3000000", "WATCHDOG_PID": str(os.getpid())}, 1.5),
        ({"WATCHDOG_USEC": "120000000", "WATCHDOG_PID": str(os.getpid() + 1)}, None),
        ({"WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "nope"}, None),
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "-5"}, None),
        ({"WATCHDOG_USEC": "2min"}, None),
        ({}, None),
    ],
)
def test_watchdog_interval(env: dict[str, str], expected: float | None) -> None:
    assert sdnotify.watchdog_interval(env) == expected


def test_watchdog_interval_for_an_explicit_pid() -> None:
    env = {"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "4242"}
    assert sdnotify.watchdog_interval(env, pid=4242) == 5.0
    assert sdnotify.watchdog_interval(env, pid=4243) is None
