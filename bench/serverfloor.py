"""What the server alone costs a first check: a cold first look at a folder by a minimal client.

:func:`server_floor` removes Dovecot's index files of a user's maildir (so the server starts as
cold as before a first check: no index, no UID list, no cache), then logs in over IMAPS and
sends what any first check of watcher must send, with nothing of watcher's work between:

1. ``EXAMINE`` (Dovecot lists the maildir and writes its index);
2. ``UID SEARCH SINCE`` the search floor (the received date of every message);
3. one ``UID FETCH`` of watcher's cheap header block (``BODY.PEEK[HEADER.FIELDS (...)]``,
   :data:`watcher.backends.imap._HEADS_ITEM`) of every UID found, as ranges.

Each answer is read from the socket and dropped (literals by their length). The wall time of
each step is taken around it, and the server's CPU time is that of its ``imap`` process (the
processes of the server's process group named ``imap``: the benchmark has no other
connection open then), read from ``/proc`` before LOGOUT.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from watcher.backends.imap import _HEADS_ITEM, _sequence_set

_LITERAL = re.compile(rb"\{(\d+)\}\r\n$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Floor:
    """The steps' wall times (s), the messages found, and the server's CPU time (s)."""

    steps: dict[str, float] = field(default_factory=dict)
    found: int = 0
    server_cpu: float = 0.0

    @property
    def total(self) -> float:
        return sum(self.steps.values())


def cold_index(maildir: Path) -> int:
    """Remove Dovecot's index, cache, log and UID list files of ``maildir`` and its folders
    (``dovecot-keywords`` stays); return how many files went. No client may be connected."""
    removed = 0
    for folder in [maildir, *(p for p in maildir.iterdir() if p.name.startswith("."))]:
        for path in folder.glob("dovecot*"):
            if path.is_file() and path.name != "dovecot-keywords":
                path.unlink()
                removed += 1
    return removed


def server_floor(
    host: str, port: int, ca_file: Path, user: str, password: str, since: date, group: int
) -> Floor:
    """Log in to ``host``:``port`` (IMAPS, ``ca_file``), examine INBOX, search it since
    ``since`` and fetch the cheap header block of every message found; return the times.
    ``group`` is the server's process group (its master's pid)."""
    floor = Floor()
    context = ssl.create_default_context(cafile=str(ca_file))
    with (
        socket.create_connection((host, port), timeout=600) as raw,
        context.wrap_socket(raw, server_hostname=host) as sock,
        sock.makefile("rb") as answers,
    ):
        answers.readline()  # the greeting

        def command(tag: str, text: str) -> list[bytes]:
            sock.sendall(f"{tag} {text}\r\n".encode())
            kept: list[bytes] = []
            while True:
                line = answers.readline()
                if not line:
                    raise RuntimeError(f"the server closed the connection during {text[:40]}")
                literal = _LITERAL.search(line)
                if literal:
                    answers.read(int(literal.group(1)))
                    continue
                if line.startswith(f"{tag} ".encode()):
                    if not line[len(tag) + 1 :].startswith(b"OK"):
                        raise RuntimeError(f"{text[:40]}: {line.decode(errors='replace')}")
                    return kept
                if len(kept) < 10:
                    kept.append(line)

        def step(name: str, tag: str, text: str) -> list[bytes]:
            started = time.perf_counter()
            kept = command(tag, text)
            floor.steps[name] = time.perf_counter() - started
            return kept

        step("LOGIN", "a1", f'LOGIN "{user}" "{password}"')
        step("EXAMINE", "a2", "EXAMINE INBOX")
        floor_date = f"{since.day}-{_MONTHS[since.month - 1]}-{since.year}"
        found = step("UID SEARCH", "a3", f"UID SEARCH SINCE {floor_date}")
        uids = sorted(
            int(uid) for line in found if line.startswith(b"* SEARCH") for uid in line.split()[2:]
        )
        floor.found = len(uids)
        if uids:
            step("UID FETCH", "a4", f"UID FETCH {','.join(_sequence_set(uids))} {_HEADS_ITEM}")
        floor.server_cpu = _imap_cpu(group)
        command("a5", "LOGOUT")
    return floor


def _imap_cpu(group: int) -> float:
    """The CPU time (user + system, s) of the processes named ``imap`` in process group
    ``group``."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if name == "imap" and int(fields[2]) == group:  # fields[2]: the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks
