"""IMAP servers that misbehave, for the tests of watcher's deadlines and isolation.

A plain TCP server on 127.0.0.1 (an account reaches it with ``tls = "none"``) that speaks just
enough IMAP4rev1 to be logged in to, then misbehaves as its ``mode`` says:

``drip``
    The greeting comes one byte every ``interval`` seconds: each read succeeds, so no socket
    timeout ever fires; only a deadline on the whole account stops it.
``literal``
    Logs in, then answers the next command with a literal that claims 99,999,999,999 bytes
    and sends a few.
``silent``
    Accepts the connection and never says a word.

Every connection is counted in :attr:`connections`; stopping closes them all.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Literal

Mode = Literal["drip", "literal", "silent"]

GREETING = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile test server ready\r\n"
HUGE_LITERAL = 99_999_999_999


class HostileImapServer:
    """Start with ``with HostileImapServer("drip") as server:``; ``server.port`` is its port."""

    def __init__(self, mode: Mode, *, interval: float = 0.5) -> None:
        self.mode = mode
        self.interval = interval
        self.connections = 0
        self._stop = threading.Event()
        self._clients: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, name=f"hostile-{mode}", daemon=True)

    def __enter__(self) -> HostileImapServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            for client in self._clients:
                with contextlib.suppress(OSError):
                    client.close()
        self._thread.join(2)

    def _accept(self) -> None:
        self._listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._clients.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with contextlib.suppress(OSError):
            if self.mode == "silent":
                self._stop.wait()
            elif self.mode == "drip":
                for byte in GREETING:
                    if self._stop.wait(self.interval):
                        return
                    client.sendall(bytes([byte]))
                self._stop.wait()
            else:
                self._lie(client)

    def _lie(self, client: socket.socket) -> None:
        client.sendall(GREETING)
        reader = client.makefile("rb")
        while not self._stop.is_set():
            line = reader.readline()
            if not line:
                return
            tag, _, rest = line.decode("ascii", "replace").partition(" ")
            command = rest.split(" ", 1)[0].strip().upper()
            if command == "CAPABILITY":
                client.sendall(
                    b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + f"{tag} OK done\r\n".encode()
                )
            elif command in ("LOGIN", "LOGOUT", "NOOP"):
                client.sendall(f"{tag} OK {command} done\r\n".encode())
            else:
                client.sendall(f'* LIST (\\HasNoChildren) "/" {{{HUGE_LITERAL}}}\r\n'.encode())
                client.sendall(b"INBOX")
                time.sleep(0.05)
                self._stop.wait()
