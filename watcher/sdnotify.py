"""The sd_notify protocol: tell systemd that watcher is ready, alive or stopping.

A notification is one datagram of ``KEY=VALUE`` lines sent to the AF_UNIX socket named by
``$NOTIFY_SOCKET`` (sd_notify(3)): a file system path, or an abstract socket when the name starts
with "@". Outside systemd the variable is unset and every function here returns False, so the
daemon calls them unconditionally. Standard library only: no dependency is needed for it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


def notify(state: str, env: Mapping[str, str]) -> bool:
    """Send ``state`` (for example ``"READY=1"``) to ``$NOTIFY_SOCKET`` from ``env``.

    Return True when the datagram was sent; False when the variable is unset, names an address
    this module does not speak (systemd also allows ``vsock:``), or the socket cannot be reached.
    Never raise for a socket problem: a lost notification must not stop the daemon.
    """
    address = _socket_address(env.get("NOTIFY_SOCKET", ""))
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
    except OSError:
        return False
    return True


def ready(env: Mapping[str, str] | None = None) -> bool:
    """Tell systemd that start-up is done (``READY=1``); ``Type=notify`` waits for it."""
    return notify("READY=1", _environ(env))


def watchdog(env: Mapping[str, str] | None = None) -> bool:
    """Ping the watchdog (``WATCHDOG=1``); send it only while the sync loop is healthy."""
    return notify("WATCHDOG=1", _environ(env))


def stopping(env: Mapping[str, str] | None = None) -> bool:
    """Tell systemd that a clean shutdown has begun (``STOPPING=1``)."""
    return notify("STOPPING=1", _environ(env))


def status(text: str, env: Mapping[str, str] | None = None) -> bool:
    """Set the one-line status shown by ``systemctl --user status`` (``STATUS=...``)."""
    # A newline would start a new KEY=VALUE assignment in the datagram.
    one_line = " ".join(text.splitlines())
    return notify(f"STATUS={one_line}", _environ(env))


def watchdog_interval(env: Mapping[str, str], pid: int | None = None) -> float | None:
    """Given the environment, return how often to ping the watchdog, in seconds, or None.

    That is half of ``$WATCHDOG_USEC`` (sd_watchdog_enabled(3) recommends pinging at half the
    timeout). None when the variable is unset, not a positive integer, or when ``$WATCHDOG_PID``
    names another process than ``pid`` (this process by default): the watchdog is not ours.
    """
    watchdog_pid = env.get("WATCHDOG_PID", "")
    if watchdog_pid:
        try:
            if int(watchdog_pid) != (os.getpid() if pid is None else pid):
                return None
        except ValueError:
            return None
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    if usec <= 0:
        return None
    return usec / 2 / 1_000_000


def _socket_address(name: str) -> str | None:
    """Return the address to connect to for a ``$NOTIFY_SOCKET`` value, or None."""
    if name.startswith("@"):
        # An abstract socket: its name starts with a NUL byte, written "@" in the variable.
        return "\0" + name[1:]
    if name.startswith("/"):
        return name
    return None


def _environ(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env
