#!/usr/bin/env python
"""Benchmark of `watcher check` on a large IMAP mailbox against a small one (issue #3).

    .venv/bin/python bench/check_mailbox.py [--messages 100000] [--small 1000] [--repeat 5]

For each size a fresh user of a private Dovecot (tests/servers/dovecot.py) gets an INBOX written
straight into its maildir (bench/mailgen.py: the same few dozen recruiter messages in both
sizes, the rest unrelated mail over two years) and a Sent folder of 300 messages; the
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

Exit status: 0 when every target is met, 1 when one is missed, 2 on an error.
Targets: first check of the large mailbox under 5 s; nothing-new median of the large mailbox
within 1.2x the small one's; every check's peak RSS under 100 MB (10^6 bytes).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path[:0] = [str(REPO), str(BENCH)]

import mailgen  # noqa: E402
from imapcount import CountingConnect  # noqa: E402

from tests.servers.dovecot import DOVECOT, DovecotServer  # noqa: E402
from watcher import app, cli, credentials  # noqa: E402
from watcher.backends.imap import ImapMailbox  # noqa: E402
from watcher.engine import Engine  # noqa: E402
from watcher.lexicon import load_lexicon  # noqa: E402

PYTHON = sys.executable


def _gnu_time() -> str | None:
    """Return the path of GNU time if it is there and takes ``-f`` (BSD time does not)."""
    path = "/usr/bin/time"
    if not Path(path).exists():
        return None
    probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, check=False)
    return path if probe.returncode == 0 else None


GNU_TIME = _gnu_time()
FIRST_CHECK_LIMIT = 5.0
NOTHING_NEW_RATIO = 1.2
PEAK_LIMIT_MB = 100.0
SENT_MESSAGES = 300
BYTES_PER_MESSAGE_ON_DISK = 7000
"""A generous estimate (4 KiB blocks, Dovecot's index and cache) to refuse to start without room."""


@dataclass
class Run:
    """One `watcher check` in a child process."""

    wall: float
    peak_kb: int | None  # GNU time's %M (KiB), None without /usr/bin/time
    hwm_kb: int | None  # the child's VmHWM at exit (kB)
    report: dict[str, Any]

    @property
    def peak_mb(self) -> float:
        """Peak RSS in MB (10^6 bytes); infinite when neither method worked, so that the
        memory target is reported missed rather than passed on a guess."""
        kb = self.peak_kb if self.peak_kb is not None else self.hwm_kb
        return kb * 1024 / 1e6 if kb is not None else float("inf")


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


def prepare(server: DovecotServer, messages: int, root: Path) -> tuple[World, SizeResult]:
    """A fresh user with ``messages`` in its INBOX and the Sent folder, a config and the
    interviews; return it with the fill figures."""
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

    written = server.fill_maildir(user, read_first(mailgen.inbox(messages)), "INBOX", flags="S")
    written += server.fill_maildir(user, unread, "INBOX", flags="")
    result.sent = server.fill_maildir(
        user, ((d, w) for w, d in mailgen.sent_folder(SENT_MESSAGES)), "Sent", flags="S"
    )
    result.fill_seconds = time.perf_counter() - started
    assert written == messages, (written, messages)

    workdir = root / f"watcher-{messages}"
    home = workdir / "home"
    home.mkdir(parents=True)
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    world = World(server, user, workdir, workdir / "config.toml", env, password)
    configure(world, "watcher.db", world.config)
    return world, result


def configure(world: World, store: str, config: Path) -> None:
    """Write a config using the store ``store`` (in the world's directory) and track the
    interviews in it with `watcher track add`."""
    server = world.server
    config.write_text(
        f"""\
[store]
path = "{world.workdir / store}"

[user]
name = "{mailgen.USER_NAME}"

[policy]
timezone = "{mailgen.TIMEZONE}"
holidays = "US"

[[accounts]]
name = "personal"
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{world.user}"
password_command = "printf '%s\\\\n' {world.password}"
addresses = ["{mailgen.USER}"]
""",
        encoding="utf-8",
    )
    for interview in mailgen.INTERVIEWS:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(
            [
                "--config",
                str(config),
                "track",
                "add",
                "--json",
                "--now",
                "2026-11-02T12:00:00+00:00",
                *mailgen.track_args(interview),
            ],
            env=world.env,
            stdout=out,
            stderr=err,
        )
        if code != 0:
            raise RuntimeError(f"track add {interview.company} failed: {err.getvalue()}")


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
    with tempfile.TemporaryDirectory(prefix="watcher-bench-run-") as scratch:
        hwm_file = Path(scratch, "vmhwm")
        time_file = Path(scratch, "time")
        env = dict(world.env, PYTHONPATH=str(BENCH / "_vmhwm"), WATCHER_BENCH_VMHWM=str(hwm_file))
        command = [
            PYTHON,
            "-m",
            "watcher",
            "--config",
            str(world.config),
            "check",
            "--json",
            "--now",
            mailgen.NOW_ARG,
        ]
        if GNU_TIME:
            command = [GNU_TIME, "-f", "%M", "-o", str(time_file), *command]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=world.workdir, capture_output=True, check=False)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(
                f"watcher check exited with {done.returncode}:\n{done.stderr.decode()}"
            )
        peak = int(time_file.read_text().split()[-1]) if GNU_TIME else None
        hwm = int(hwm_file.read_text()) if hwm_file.exists() else None
    return Run(wall, peak, hwm, json.loads(done.stdout))


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
    compiles bytecode (this shell may set PYTHONDONTWRITEBYTECODE; the checks' environment
    does not)."""
    env = {"HOME": str(root), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    subprocess.run(
        [PYTHON, "-c", "import watcher.cli, watcher.app, watcher.engine, watcher.backends.imap"],
        check=True,
        cwd=root,
        env=env,
    )


def settle() -> float:
    """Write the fill to disk (os.sync) so that its writeback does not run during the checks;
    return how long that took."""
    started = time.perf_counter()
    os.sync()
    return time.perf_counter() - started


def bench(
    server: DovecotServer, sizes: tuple[int, int], repeat: int, root: Path
) -> tuple[SizeResult, SizeResult]:
    """Run every phase for the small and the large mailbox; return their figures."""
    worlds: list[World] = []
    results: list[SizeResult] = []
    for messages in sizes:
        say(f"{messages:,} messages: filling the maildir ...")
        world, result = prepare(server, messages, root)
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
    # 2. Checks with nothing new, the two sizes interleaved (small, large, large, small, ...)
    # so that a drift of the machine weighs on both alike.
    for i in range(repeat):
        for world, result in pairs if i % 2 == 0 else pairs[::-1]:
            run = run_check(world)
            if run.report["scanned"] or run.report["matched"] or run.report["drafts"]:
                raise RuntimeError(f"a check with nothing new did something: {run.report}")
            result.nothing_new.append(run)
    for _world, result in pairs:
        say(
            f"  {result.messages:,}: nothing new, median "
            f"{statistics.median(r.wall for r in result.nothing_new):.3f} s"
        )
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
    return results[0], results[1]


# ---------------------------------------------------------------------------------------------
# Reporting.


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def machine() -> dict[str, str]:
    dovecot = subprocess.run(
        [DOVECOT or "dovecot", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    memory = ""
    with Path("/proc/meminfo").open(encoding="ascii") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    cpu = ""
    with Path("/proc/cpuinfo").open(encoding="ascii", errors="replace") as info:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), ""
        )
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "dovecot": dovecot,
        "peak_method": "GNU time %M + VmHWM" if GNU_TIME else "VmHWM at exit",
    }


def table(small: SizeResult, large: SizeResult) -> tuple[list[str], list[str]]:
    """Return the table's lines and the targets missed."""

    def med(r: SizeResult) -> float:
        return statistics.median(x.wall for x in r.nothing_new)

    def peak(runs: list[Run]) -> str:
        best = max(runs, key=lambda r: r.peak_mb)
        hwm = f" / {best.hwm_kb * 1024 / 1e6:.1f}" if best.hwm_kb and best.peak_kb else ""
        return f"{best.peak_mb:.1f}{hwm}"

    def found(run: Run | Counted | None) -> str:
        assert run is not None
        if isinstance(run, Counted):
            return f"{run.scanned} / {run.matched}"
        return f"{run.report['scanned']} / {len(run.report['matched'])}"

    def counted(c: Counted | None) -> str:
        assert c is not None
        return f"{len(c.commands)} cmds, {c.seconds:.3f} s"

    rows: list[tuple[str, str, str]] = []

    def row(label: str, f: Any) -> None:
        rows.append((label, str(f(small)), str(f(large))))

    row("INBOX / Sent messages", lambda r: f"{r.messages:,} / {r.sent:,}")
    row(
        "fill (maildir), s",
        lambda r: f"{r.fill_seconds:.2f} ({(r.messages + r.sent) / r.fill_seconds:,.0f}/s)",
    )
    row("  then os.sync, s", lambda r: f"{r.sync_seconds:.2f}")
    row("disk (maildir + index), MiB", lambda r: f"{r.disk_mib:.0f}")
    rows.append(("watcher check, own process", "", ""))
    row("first check, s", lambda r: f"{r.first.wall:.2f}")
    row("  scanned / matched", lambda r: found(r.first))
    row(
        "  drafts / nudges",
        lambda r: f"{len(r.first.report['drafts'])} / {len(r.first.report['nudges'])}",
    )
    row("  peak RSS, MB (time / VmHWM)", lambda r: peak([r.first]))
    row("nothing new, median s", lambda r: f"{med(r):.3f}")
    row("nothing new, min s", lambda r: f"{min(x.wall for x in r.nothing_new):.3f}")
    row("  each run, s", lambda r: " ".join(f"{x.wall:.3f}" for x in r.nothing_new))
    row("  peak RSS (max), MB", lambda r: peak(r.nothing_new))
    row("10 new (2 relevant), s", lambda r: f"{r.new_mail.wall:.2f}")
    row("  scanned / matched", lambda r: found(r.new_mail))
    row("  peak RSS, MB", lambda r: peak([r.new_mail]))
    rows.append(("in this process, IMAP counted", "", ""))
    row("nothing new", lambda r: counted(r.counted_nothing))
    row("first check, index warm", lambda r: counted(r.counted_first_warm))
    row("  scanned / matched", lambda r: found(r.counted_first_warm))
    row("nothing new, flag just changed", lambda r: counted(r.counted_after_flag))
    row("10 new (2 relevant)", lambda r: counted(r.counted_new))
    row("  scanned / matched", lambda r: found(r.counted_new))

    width = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    lines = [f"{'':{width}}  {'small':<{w1}}  large"]
    lines += [f"{a:{width}}  {b:<{w1}}  {c}".rstrip() for a, b, c in rows]

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

    missed: list[str] = []
    assert large.first is not None
    checks = [
        (
            f"first check of the large mailbox {large.first.wall:.2f} s < {FIRST_CHECK_LIMIT:g} s",
            large.first.wall < FIRST_CHECK_LIMIT,
        ),
        (
            f"nothing new, large median {med(large):.3f} s <= {NOTHING_NEW_RATIO:g} x small "
            f"{med(small):.3f} s = {NOTHING_NEW_RATIO * med(small):.3f} s (ratio "
            f"{med(large) / med(small):.2f})",
            med(large) <= NOTHING_NEW_RATIO * med(small),
        ),
    ]
    worst = max(small.runs + large.runs, key=lambda r: r.peak_mb)
    checks.append(
        (
            f"peak RSS of every check {worst.peak_mb:.1f} MB < {PEAK_LIMIT_MB:g} MB",
            worst.peak_mb < PEAK_LIMIT_MB,
        )
    )
    alike = _matched_ids(small.first) == _matched_ids(large.first)
    checks.append(("the first check matches the same messages in both sizes", alike))
    lines.append("")
    for text, ok in checks:
        lines.append(f"{'PASS' if ok else 'MISS'}  {text}")
        if not ok:
            missed.append(text)
    return lines, missed


def _matched_ids(run: Run | None) -> set[tuple[str, int, str]]:
    assert run is not None
    return {(m["message_id"], m["interview"], m["kind"]) for m in run.report["matched"]}


def as_json(small: SizeResult, large: SizeResult, args: argparse.Namespace) -> dict[str, Any]:
    def size(r: SizeResult) -> dict[str, Any]:
        def run(x: Run | None) -> dict[str, Any] | None:
            if x is None:
                return None
            return {
                "wall": x.wall,
                "peak_kb": x.peak_kb,
                "vmhwm_kb": x.hwm_kb,
                "scanned": x.report["scanned"],
                "matched": len(x.report["matched"]),
                "drafts": len(x.report["drafts"]),
                "nudges": len(x.report["nudges"]),
            }

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
        }

    return {"args": vars(args), "machine": machine(), "small": size(small), "large": size(large)}


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000, help="the large INBOX")
    parser.add_argument("--small", type=int, default=1_000, help="the small INBOX")
    parser.add_argument("--repeat", type=int, default=5, help="checks with nothing new")
    parser.add_argument("--json-out", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    if args.repeat < 1 or min(args.messages, args.small) < 200 or args.messages == args.small:
        parser.error(
            "--repeat must be at least 1, each mailbox at least 200 messages, and the two "
            "sizes different"
        )
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
    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)

    root = Path(tempfile.mkdtemp(prefix="watcher-bench-"))
    server = DovecotServer()
    try:
        server.start()
        warm_up(root)
        small, large = bench(server, (args.small, args.messages), args.repeat, root)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        say(f"benchmark failed: {error}")
        return 2
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)

    info = machine()
    print(f"watcher check benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(
        f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, Linux "
        f"{info['kernel']}, Python {info['python']}, Dovecot {info['dovecot']}"
    )
    print(f"peak RSS: {info['peak_method']}; nothing-new repeats: {args.repeat}")
    print()
    lines, missed = table(small, large)
    print("\n".join(lines))
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps(as_json(small, large, args), indent=2) + "\n", encoding="utf-8"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
