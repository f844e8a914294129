#!/usr/bin/env python
"""Benchmark of `watcher check` on a large IMAP mailbox against a small one (issue #3).

    .venv/bin/python bench/check_mailbox.py [--messages 100000] [--small 1000] [--repeat 5]
        [--history-days 730]

For each size a fresh user of a private Dovecot (tests/servers/dovecot.py) gets an INBOX written
straight into its maildir (bench/mailgen.py: the same few dozen recruiter messages in both
sizes, the rest unrelated mail over two years, or ``--history-days``, a tenth of it from the
shop of a tracked company) and a Sent folder of 300 messages; the
interviews are created with `watcher track add`. Then each `watcher check --json --now FIXED`
runs in a process of its own (`.venv/bin/python -m watcher ...`):

1. the first check of each size (it includes Dovecot indexing the new maildir);
2. ``--repeat`` checks with nothing new per size, the sizes interleaved (median and min);
3. per size, after the in-process checks below: ten new messages (two relevant) APPENDed,
   then one check.

Wall time is taken around the child process (interpreter start included). Peak memory is the
child's maximum resident set size, from GNU time (``/usr/bin/time -f %M``) and, as a cross-check,
from the child's own VmHWM at exit (bench/_vmhwm/sitecustomize.py); see bench/README.md for why
not ``getrusage(RUSAGE_CHILDREN)``.

Checks in this process, with the IMAP commands counted at ImapMailbox's ``connect`` seam
(bench/imapcount.py): nothing new; a first check from an empty second store (Dovecot's index
already built); nothing new right after another client flagged a message; ten more new
messages (two relevant).

Last, the server's own floor for each size (bench/serverfloor.py): Dovecot's index files are
removed and a minimal client sends only what a first check must (EXAMINE, UID SEARCH SINCE, one
UID FETCH of the cheap headers), reading and dropping the answers.

Exit status: 0 when every target is met, 1 when one is missed, 2 on an error.
Targets: first check of the large mailbox under 5 s; nothing-new median of the large mailbox
within 1.2x the small one's; every check's peak RSS under 80 MB (10^6 bytes), the daemon's
limit (bench/daemon_idle.py), since the daemon's first check is this check.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path[:0] = [str(REPO), str(BENCH)]

import benchlib  # noqa: E402
import mailgen  # noqa: E402
from benchlib import CheckRun as Run  # noqa: E402
from benchlib import say  # noqa: E402
from imapcount import CountingConnect  # noqa: E402
from serverfloor import Floor, cold_index, server_floor  # noqa: E402

from tests.servers.dovecot import DOVECOT, DovecotServer  # noqa: E402
from watcher import app, credentials  # noqa: E402
from watcher.backends.imap import ImapMailbox  # noqa: E402
from watcher.engine import SEARCH_MARGIN, Engine  # noqa: E402
from watcher.lexicon import load_lexicon  # noqa: E402

FIRST_CHECK_LIMIT = 5.0
FLOOR_STEPS = ("EXAMINE", "UID SEARCH", "UID FETCH")
NOTHING_NEW_RATIO = 1.2
PEAK_LIMIT_MB = 80.0
SENT_MESSAGES = 300
BYTES_PER_MESSAGE_ON_DISK = 7000
"""A generous estimate (4 KiB blocks, Dovecot's index and cache) to refuse to start without room."""


@dataclass
class Counted:
    """One check in this process, its IMAP commands counted."""

    seconds: float
    commands: list[tuple[str, float]]
    summary: str
    bytes_sent: int
    bytes_received: int
    scanned: int
    matched: int


@dataclass
class SizeResult:
    messages: int
    sent: int = 0
    fill_seconds: float = 0.0
    sync_seconds: float = 0.0
    disk_mib: float = 0.0
    first: Run | None = None
    nothing_new: list[Run] = field(default_factory=list)
    new_mail: Run | None = None
    counted_nothing: Counted | None = None
    counted_first_warm: Counted | None = None
    counted_after_flag: Counted | None = None
    counted_new: Counted | None = None
    floor: Floor | None = None

    @property
    def runs(self) -> list[Run]:
        return [r for r in (self.first, *self.nothing_new, self.new_mail) if r is not None]


@dataclass
class World:
    server: DovecotServer
    user: str
    workdir: Path
    config: Path
    env: dict[str, str]
    password: str


# ---------------------------------------------------------------------------------------------
# Setting up a mailbox.


def prepare(
    server: DovecotServer, messages: int, root: Path, history: timedelta
) -> tuple[World, SizeResult]:
    """A fresh user with ``messages`` in its INBOX (the unrelated mail spread over ``history``)
    and the Sent folder, a config and the interviews; return it with the fill figures."""
    user = f"bench{messages}"
    password = secrets.token_hex(12)
    server.add_user(user, password)
    result = SizeResult(messages)

    started = time.perf_counter()
    unread: list[tuple[bytes, datetime]] = []

    def read_first(stream: Iterable[tuple[datetime, bytes]]) -> Iterator[tuple[bytes, datetime]]:
        for when, data in stream:
            if when >= mailgen.UNREAD_AFTER:
                unread.append((data, when))
            else:
                yield data, when

    written = server.fill_maildir(
        user, read_first(mailgen.inbox(messages, history=history)), "INBOX", flags="S"
    )
    written += server.fill_maildir(user, unread, "INBOX", flags="")
    result.sent = server.fill_maildir(
        user, ((d, w) for w, d in mailgen.sent_folder(SENT_MESSAGES)), "Sent", flags="S"
    )
    result.fill_seconds = time.perf_counter() - started
    assert written == messages, (written, messages)

    workdir = root / f"watcher-{messages}"
    env = benchlib.isolated_env(workdir)
    world = World(server, user, workdir, workdir / "config.toml", env, password)
    configure(world, "watcher.db", world.config)
    return world, result


def configure(world: World, store: str, config: Path) -> None:
    """Write a config using the store ``store`` (in the world's directory) and track the
    interviews in it with `watcher track add`."""
    server = world.server
    benchlib.write_config(
        config,
        world.workdir / store,
        f"""\
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{world.user}"
password_command = "printf '%s\\\\n' {world.password}"
""",
    )
    benchlib.track_interviews(config, world.env, mailgen.INTERVIEWS)


def disk_mib(path: Path) -> float:
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += Path(folder, name).lstat().st_blocks * 512
            except OSError:
                continue
    return total / 2**20


# ---------------------------------------------------------------------------------------------
# Running checks.


def run_check(world: World) -> Run:
    """One `watcher check --json --now FIXED` in a child process, timed and measured."""
    return benchlib.run_check(world.config, world.env, world.workdir)


def counted_check(world: World, config_path: Path | None = None) -> Counted:
    """One check in this process through ImapMailbox's connect seam, its commands counted."""
    config = app.load(str(config_path or world.config), world.env)
    account = config.accounts[0]
    password = credentials.password_for(account.name, account.password_command)
    counter = CountingConnect()
    mailbox = ImapMailbox(account, password, connect=counter)
    with app.open_store(config) as store:
        engine = Engine(store, config, load_lexicon(), {account.name: mailbox})
        started = time.perf_counter()
        report = engine.check(mailgen.NOW)
        seconds = time.perf_counter() - started
    counter.finish()
    return Counted(
        seconds,
        [(c.name, c.seconds) for c in counter.commands],
        counter.summary(),
        counter.bytes_sent,
        counter.bytes_received,
        report.scanned,
        len(report.matched),
    )


def flag_one_message(world: World) -> None:
    """Another client (the user's phone) flags an old message: a change in the folder that is
    nothing new for watcher (UIDNEXT stays; HIGHESTMODSEQ moves)."""
    client = world.server.connect(world.user)
    try:
        client.select("INBOX")
        typ, data = client.uid("STORE", "1", "+FLAGS", "(\\Flagged)")
        if typ != "OK":
            raise RuntimeError(f"STORE failed: {data!r}")
    finally:
        client.logout()


def warm_up(root: Path) -> None:
    """Import watcher once in a child with the checks' environment, so that no timed run
    compiles bytecode."""
    benchlib.warm_up(root, "watcher.cli, watcher.app, watcher.engine, watcher.backends.imap")


def settle() -> float:
    """Write the fill to disk (os.sync) so that its writeback does not run during the checks;
    return how long that took."""
    started = time.perf_counter()
    os.sync()
    return time.perf_counter() - started


def bench(
    server: DovecotServer, sizes: tuple[int, int], repeat: int, root: Path, history: timedelta
) -> tuple[SizeResult, SizeResult]:
    """Run every phase for the small and the large mailbox; return their figures."""
    worlds: list[World] = []
    results: list[SizeResult] = []
    for messages in sizes:
        say(f"{messages:,} messages: filling the maildir ...")
        world, result = prepare(server, messages, root, history)
        result.sync_seconds = settle()
        say(
            f"  filled {messages:,} + {result.sent} sent in {result.fill_seconds:.1f} s "
            f"(then os.sync {result.sync_seconds:.1f} s)"
        )
        worlds.append(world)
        results.append(result)
    pairs = list(zip(worlds, results, strict=True))

    # 1. The first check: Dovecot indexes the new maildir, watcher searches from the interviews.
    for world, result in pairs:
        result.first = run_check(world)
        say(
            f"  {result.messages:,}: first check {result.first.wall:.2f} s, scanned "
            f"{result.first.report['scanned']}, matched {len(result.first.report['matched'])}"
        )
    # 2. Checks with nothing new, the two sizes interleaved.
    benchlib.nothing_new_rounds(pairs, repeat, run_check)
    for _world, result in pairs:
        median = benchlib.median_wall(result.nothing_new)
        say(f"  {result.messages:,}: nothing new, median {median:.3f} s")
    for world, result in pairs:
        # In this process, IMAP commands counted: nothing new; a first check from an empty
        # store against the now indexed mailbox; nothing new right after another client changed
        # a flag.
        result.counted_nothing = counted_check(world)
        second = world.workdir / "config-second-store.toml"
        configure(world, "second.db", second)
        result.counted_first_warm = counted_check(world, second)
        flag_one_message(world)
        result.counted_after_flag = counted_check(world)
        # 3. Ten new messages (two relevant), then one check; then ten more, counted.
        server.deliver_many(world.user, "INBOX", mailgen.new_mail(0))
        result.new_mail = run_check(world)
        say(
            f"  {result.messages:,}: new mail {result.new_mail.wall:.2f} s, scanned "
            f"{result.new_mail.report['scanned']}"
        )
        server.deliver_many(world.user, "INBOX", mailgen.new_mail(1))
        result.counted_new = counted_check(world)
        result.disk_mib = disk_mib(server.root / "home" / world.user)
    for world, result in pairs:
        result.floor = measure_floor(world)
        say(
            f"  {result.messages:,}: the server's floor {result.floor.total:.2f} s "
            f"({result.floor.server_cpu:.2f} s of its CPU)"
        )
    return results[0], results[1]


def search_floor() -> date:
    """The search floor of the benchmark's interviews, as the engine computes it."""
    return (min(datetime.fromisoformat(i.at) for i in mailgen.INTERVIEWS) - SEARCH_MARGIN).date()


def measure_floor(world: World) -> Floor:
    """The server's own cost of a first check of the world's INBOX, from a cold index."""
    server = world.server
    cold_index(server.root / "home" / world.user / "Maildir")
    process = server._process
    assert process is not None
    return server_floor(
        server.host,
        server.imaps_port,
        server.ca_file,
        world.user,
        world.password,
        search_floor(),
        process.pid,
    )


# ---------------------------------------------------------------------------------------------
# Reporting.


def machine() -> dict[str, str]:
    return {
        **benchlib.machine(),
        "dovecot": benchlib.dovecot_version(DOVECOT),
        "peak_method": benchlib.PEAK_METHOD,
    }


def table(small: SizeResult, large: SizeResult) -> tuple[list[str], list[str]]:
    """Return the table's lines and the targets missed."""

    def med(r: SizeResult) -> float:
        return benchlib.median_wall(r.nothing_new)

    def found(run: Run | Counted | None) -> str:
        assert run is not None
        if isinstance(run, Counted):
            return f"{run.scanned} / {run.matched}"
        return f"{run.report['scanned']} / {len(run.report['matched'])}"

    def counted(c: Counted | None) -> str:
        assert c is not None
        return f"{len(c.commands)} cmds, {c.seconds:.3f} s"

    tab = benchlib.SideBySide(small, large)
    row = tab.row
    row("INBOX / Sent messages", lambda r: f"{r.messages:,} / {r.sent:,}")
    row(
        "fill (maildir), s",
        lambda r: f"{r.fill_seconds:.2f} ({(r.messages + r.sent) / r.fill_seconds:,.0f}/s)",
    )
    row("  then os.sync, s", lambda r: f"{r.sync_seconds:.2f}")
    row("disk (maildir + index), MiB", lambda r: f"{r.disk_mib:.0f}")
    tab.heading("watcher check, own process")
    row("first check, s", lambda r: f"{r.first.wall:.2f}")
    row("  scanned / matched", lambda r: found(r.first))
    row(
        "  drafts / nudges",
        lambda r: f"{len(r.first.report['drafts'])} / {len(r.first.report['nudges'])}",
    )
    row("  peak RSS, MB (time / VmHWM)", lambda r: benchlib.peak([r.first]))
    row("nothing new, median s", lambda r: f"{med(r):.3f}")
    row("nothing new, min s", lambda r: f"{min(x.wall for x in r.nothing_new):.3f}")
    row("  each run, s", lambda r: " ".join(f"{x.wall:.3f}" for x in r.nothing_new))
    row("  peak RSS (max), MB", lambda r: benchlib.peak(r.nothing_new))
    row("10 new (2 relevant), s", lambda r: f"{r.new_mail.wall:.2f}")
    row("  scanned / matched", lambda r: found(r.new_mail))
    row("  peak RSS, MB", lambda r: benchlib.peak([r.new_mail]))
    tab.heading("the server's floor: a minimal client, cold index")
    row(
        "EXAMINE + SEARCH + FETCH, s",
        lambda r: (
            " + ".join(f"{r.floor.steps.get(k, 0.0):.2f}" for k in FLOOR_STEPS)
            + f" = {r.floor.total:.2f}"
        ),
    )
    row("  server CPU, s", lambda r: f"{r.floor.server_cpu:.2f}")
    row("  first check / floor", lambda r: f"{r.first.wall / r.floor.total:.2f}")
    tab.heading("in this process, IMAP counted")
    row("nothing new", lambda r: counted(r.counted_nothing))
    row("first check, index warm", lambda r: counted(r.counted_first_warm))
    row("  scanned / matched", lambda r: found(r.counted_first_warm))
    row("nothing new, flag just changed", lambda r: counted(r.counted_after_flag))
    row("10 new (2 relevant)", lambda r: counted(r.counted_new))
    row("  scanned / matched", lambda r: found(r.counted_new))

    lines = tab.lines()
    lines += ["", "IMAP commands in this process (time from a command's tag to the next one):"]
    for name, r in (("small", small), ("large", large)):
        c = r.counted_nothing
        assert c is not None
        lines.append(
            f"  nothing new, {name}: " + ", ".join(f"{n} {t * 1000:.1f} ms" for n, t in c.commands)
        )
    for label, attr in (
        ("first check, index warm", "counted_first_warm"),
        ("nothing new, flag just changed", "counted_after_flag"),
        ("10 new (2 relevant)", "counted_new"),
    ):
        c_small, c_large = getattr(small, attr), getattr(large, attr)
        same = "" if c_small.summary == c_large.summary else f"\n    small: {c_small.summary}"
        slow = sorted(c_large.commands, key=lambda c: -c[1])[:4]
        lines.append(f"  {label}: {c_large.summary}{same}")
        lines.append("    large, slowest: " + ", ".join(f"{n} {t * 1000:.0f} ms" for n, t in slow))

    assert large.first is not None
    checks = [
        (
            f"first check of the large mailbox {large.first.wall:.2f} s < {FIRST_CHECK_LIMIT:g} s",
            large.first.wall < FIRST_CHECK_LIMIT,
        ),
        benchlib.ratio_check(med(small), med(large), NOTHING_NEW_RATIO),
        benchlib.peak_check(small.runs + large.runs, PEAK_LIMIT_MB),
        (
            "the first check matches the same messages in both sizes",
            benchlib.matched_ids(small.first) == benchlib.matched_ids(large.first),
        ),
    ]
    verdict_lines, missed = benchlib.verdicts(checks)
    lines += ["", *verdict_lines]
    return lines, missed


def as_json(small: SizeResult, large: SizeResult, args: argparse.Namespace) -> dict[str, Any]:
    def size(r: SizeResult) -> dict[str, Any]:
        def run(x: Run | None) -> dict[str, Any] | None:
            return None if x is None else x.figures()

        def counted(c: Counted | None) -> dict[str, Any] | None:
            return None if c is None else c.__dict__

        return {
            "messages": r.messages,
            "sent": r.sent,
            "fill_seconds": r.fill_seconds,
            "sync_seconds": r.sync_seconds,
            "disk_mib": r.disk_mib,
            "first": run(r.first),
            "nothing_new": [run(x) for x in r.nothing_new],
            "new_mail": run(r.new_mail),
            "counted_nothing": counted(r.counted_nothing),
            "counted_first_warm": counted(r.counted_first_warm),
            "counted_after_flag": counted(r.counted_after_flag),
            "counted_new": counted(r.counted_new),
            "floor": None if r.floor is None else r.floor.__dict__,
        }

    return {"args": vars(args), "machine": machine(), "small": size(small), "large": size(large)}


# ---------------------------------------------------------------------------------------------


def main() -> int:
    args = benchlib.size_arguments(__doc__.split("\n\n")[0], history=True)
    if DOVECOT is None:
        say("dovecot is not installed (apt-get install dovecot-imapd)")
        return 2
    need = (args.messages + args.small + 2 * SENT_MESSAGES) * BYTES_PER_MESSAGE_ON_DISK
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free < need:
        say(
            f"not enough room in {tempfile.gettempdir()}: {free / 2**30:.1f} GiB free, about "
            f"{need / 2**30:.1f} GiB needed"
        )
        return 2

    # A SIGTERM or SIGHUP unwinds like Ctrl-C, so the server and its files are removed.
    benchlib.unwind_on_signals()

    root = Path(tempfile.mkdtemp(prefix="watcher-bench-"))
    server = DovecotServer()
    try:
        server.start()
        warm_up(root)
        history = timedelta(days=args.history_days)
        small, large = bench(server, (args.small, args.messages), args.repeat, root, history)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        say(f"benchmark failed: {error}")
        return 2
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)

    return benchlib.report_sizes(
        "watcher check benchmark",
        machine(),
        args,
        table(small, large),
        lambda: as_json(small, large, args),
    )


if __name__ == "__main__":
    sys.exit(main())
