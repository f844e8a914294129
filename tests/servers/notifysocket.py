"""The datagram socket systemd listens on for sd_notify messages (READY=1, WATCHDOG=1...)."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path


class NotifySocket:
    """Bound at ``path``; :meth:`read` returns what arrived since the last read. Close it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.setblocking(False)

    def read(self) -> list[str]:
        found = []
        with contextlib.suppress(BlockingIOError):
            while True:
                found.append(self.sock.recv(4096).decode())
        return found

    def close(self) -> None:
        self.sock.close()
