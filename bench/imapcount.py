"""Count the IMAP commands of an in-process check, through ImapMailbox's ``connect`` seam.

:class:`CountingConnect` is passed as ``ImapMailbox(..., connect=...)``: it makes the real
:class:`imapclient.IMAPClient` and then wraps three methods of the imaplib connection inside it
(instance attributes shadow the class's methods, and imapclient and imaplib call them through
the instance):

- ``_new_tag``: every tagged command, whether sent by imaplib (``_simple_command``) or by
  imapclient's own ``_raw_command`` (SEARCH, FETCH, APPEND), takes a new tag here;
- ``send``: the first bytes sent after a new tag start with it and name the command
  (``a3 UID SEARCH ...``), and the bytes sent are added up;
- ``readline`` / ``read``: the bytes received.

The time of each command runs from its tag to the next tag (or to the end of the check), which
includes the client's parsing of the response. Only the connection made through the seam is
counted; the greeting and the capability list it carries cost no command (Dovecot puts
CAPABILITY in its greeting).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from imapclient import IMAPClient


@dataclass
class Command:
    name: str
    started: float
    seconds: float = 0.0


@dataclass
class CountingConnect:
    commands: list[Command] = field(default_factory=list)
    bytes_sent: int = 0
    bytes_received: int = 0
    connections: int = 0

    def __call__(self, host: str, **kwargs: Any) -> IMAPClient:
        client = IMAPClient(host, **kwargs)
        self.connections += 1
        imap = client._imap
        new_tag, send, readline, read = imap._new_tag, imap.send, imap.readline, imap.read
        pending: list[bytes] = []

        def counted_new_tag() -> bytes:
            tag: bytes = new_tag()
            self._close_last()
            pending.append(tag)
            return tag

        def counted_send(data: bytes) -> None:
            self.bytes_sent += len(data)
            if pending and data.startswith(pending[-1] + b" "):
                words = data[len(pending[-1]) + 1 :].split(b"\r\n")[0].split(b" ")
                name = words[0].decode("ascii", "replace").upper()
                if name == "UID" and len(words) > 1:
                    name += " " + words[1].decode("ascii", "replace").upper()
                self.commands.append(Command(name, time.perf_counter()))
                pending.clear()
            send(data)

        def counted_readline() -> bytes:
            line: bytes = readline()
            self.bytes_received += len(line)
            return line

        def counted_read(size: int) -> bytes:
            data: bytes = read(size)
            self.bytes_received += len(data)
            return data

        imap._new_tag = counted_new_tag
        imap.send = counted_send
        imap.readline = counted_readline
        imap.read = counted_read
        return client

    def _close_last(self) -> None:
        if self.commands and not self.commands[-1].seconds:
            self.commands[-1].seconds = time.perf_counter() - self.commands[-1].started

    def finish(self) -> None:
        """Close the timing of the last command (call after the check)."""
        self._close_last()

    def names(self) -> list[str]:
        return [c.name for c in self.commands]

    def summary(self) -> str:
        """'LOGIN, ENABLE, LIST, EXAMINE x2, LOGOUT' (consecutive repeats folded)."""
        folded: list[list[Any]] = []
        for name in self.names():
            if folded and folded[-1][0] == name:
                folded[-1][1] += 1
            else:
                folded.append([name, 1])
        return ", ".join(name if n == 1 else f"{name} x{n}" for name, n in folded)
