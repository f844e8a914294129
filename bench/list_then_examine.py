#!/usr/bin/env python
"""Why a nothing-new check costs more on a big INBOX: Dovecot's list index (see README.md).

    .venv/bin/python bench/list_then_examine.py [--messages 100000]

This fills a mailbox as bench/check_mailbox.py does and runs watcher's first check. Then it
times sequences of raw IMAP commands (imaplib, plain port, 7 sessions each, median): a LIST
before the EXAMINE of INBOX (what watcher did on every check before it kept the folders) costs
about 0.4-0.5 us per message. Finally it restarts the server with ``mailbox_list_index = no``
and times LIST then EXAMINE again.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

import check_mailbox as cm  # noqa: E402

from tests.servers.dovecot import DovecotServer  # noqa: E402

SESSIONS = 7
LIST = ("LIST", '""', '"*"')
EXAMINE_INBOX = ("EXAMINE", "INBOX")
EXAMINE_SENT = ("EXAMINE", "Sent")
STATUS_INBOX = ("STATUS", "INBOX", "(UIDNEXT UIDVALIDITY HIGHESTMODSEQ)")
ENABLE = ("ENABLE", "CONDSTORE")


def session(server: DovecotServer, user: str, commands: list[tuple[str, ...]]) -> list[float]:
    """Run ``commands`` in one session; return each one's time in ms."""
    client = server.connect(user)
    times = []
    try:
        for command in commands:
            started = time.perf_counter()
            typ, data = client._simple_command(*command)
            times.append((time.perf_counter() - started) * 1000)
            if typ != "OK":
                raise RuntimeError(f"{command}: {typ} {data!r}")
            client.untagged_responses.clear()  # imaplib refuses to go on after READ-ONLY
    finally:
        client.logout()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="watcher-bench-"))
    server = DovecotServer()
    try:
        server.start()
        cm.warm_up(root)
        world, _result = cm.prepare(server, args.messages, root)
        cm.settle()
        cm.run_check(world)
        cm.run_check(world)
        print(f"{args.messages:,} messages; median of {SESSIONS} sessions, ms per command")
        sequences: list[tuple[str, list[tuple[str, ...]]]] = [
            ("EXAMINE INBOX", [EXAMINE_INBOX]),
            ("LIST; EXAMINE INBOX", [LIST, EXAMINE_INBOX]),
            ('LIST "" Sent; EXAMINE INBOX', [("LIST", '""', "Sent"), EXAMINE_INBOX]),
            ("LIST; STATUS INBOX", [LIST, STATUS_INBOX]),
            (
                "ENABLE; LIST; EXAMINE INBOX; EXAMINE Sent (old)",
                [ENABLE, LIST, EXAMINE_INBOX, EXAMINE_SENT],
            ),
            (
                "ENABLE; EXAMINE INBOX; LIST; EXAMINE Sent",
                [ENABLE, EXAMINE_INBOX, LIST, EXAMINE_SENT],
            ),
            (
                "ENABLE; EXAMINE INBOX; EXAMINE Sent (no LIST)",
                [ENABLE, EXAMINE_INBOX, EXAMINE_SENT],
            ),
        ]
        for label, commands in sequences:
            runs = [session(server, world.user, commands) for _ in range(SESSIONS)]
            medians = [statistics.median(column) for column in zip(*runs, strict=True)]
            print(
                f"  {label:52s} total {sum(medians):6.1f}: "
                + " ".join(f"{m:6.1f}" for m in medians)
            )

        # The same server with Dovecot's mailbox list index switched off.
        with server.config.open("a", encoding="utf-8") as config:
            config.write("mailbox_list_index = no\n")
        server.restart()
        runs = [session(server, world.user, [LIST, EXAMINE_INBOX]) for _ in range(SESSIONS)]
        medians = [statistics.median(column) for column in zip(*runs, strict=True)]
        print(
            "with mailbox_list_index = no: LIST; EXAMINE INBOX "
            + " ".join(f"{m:6.1f}" for m in medians)
        )
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
