"""An IMAP server that answers a FETCH with the bytes a test gives it, for the answer shapes
Dovecot never sends (the UID after the header block, a quoted block, a BYE in mid-answer).

A plain TCP server on 127.0.0.1 (``tls = "none"``, or ``IMAPClient(ssl=False)``) that speaks
just enough IMAP4rev1: a greeting with capabilities, CAPABILITY, LOGIN, SELECT and EXAMINE (one
message, UIDVALIDITY 1), LOGOUT and NOOP. Every other command gets the next answer of ``answers``,
with ``{tag}`` replaced by the command's tag (then ``{tag} OK done`` if the answer has no
tagged line of its own), and its first line is kept in :attr:`commands`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Sequence

GREETING = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] scripted test server ready\r\n"


class ScriptedImapServer:
    """Start with ``with ScriptedImapServer([answer, ...]) as server:``; ``server.port`` is
    its port."""

    def __init__(self, answers: Sequence[bytes]) -> None:
        self.answers = list(answers)
        self.commands: list[str] = []
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, name="scripted-imap", daemon=True)
        self._client: socket.socket | None = None

    def __enter__(self) -> ScriptedImapServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.close()
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
            self._client = client
            with contextlib.suppress(OSError):
                self._serve(client)

    def _serve(self, client: socket.socket) -> None:
        client.sendall(GREETING)
        reader = client.makefile("rb")
        while not self._stop.is_set():
            line = reader.readline()
            if not line:
                return
            tag, _, rest = line.decode("ascii", "replace").strip().partition(" ")
            command = rest.split(" ", 1)[0].upper()
            if command == "CAPABILITY":
                client.sendall(
                    b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + f"{tag} OK done\r\n".encode()
                )
            elif command in ("LOGIN", "NOOP"):
                client.sendall(f"{tag} OK {command} done\r\n".encode())
            elif command == "LOGOUT":
                client.sendall(b"* BYE logging out\r\n" + f"{tag} OK LOGOUT done\r\n".encode())
                return
            elif command in ("SELECT", "EXAMINE"):
                client.sendall(
                    b"* 1 EXISTS\r\n* OK [UIDVALIDITY 1] ok\r\n* OK [UIDNEXT 10] ok\r\n"
                    + f"{tag} OK [READ-ONLY] {command} done\r\n".encode()
                )
            else:
                self.commands.append(rest)
                answer = self.answers.pop(0) if self.answers else b""
                answer = answer.replace(b"{tag}", tag.encode())
                if not any(x.startswith(tag.encode() + b" ") for x in answer.split(b"\r\n")):
                    answer += f"{tag} OK done\r\n".encode()
                client.sendall(answer)
