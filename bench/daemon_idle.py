#!/usr/bin/env python
"""Benchmark of an idle `watcher run` daemon: memory, CPU and IMAP IDLE latency (issue #4).

    .venv/bin/python bench/daemon_idle.py [--seconds 60] [--latency-samples 10]

A private Dovecot (tests/servers/dovecot.py) gets one user with a few hundred synthetic messages
(bench/mailgen.py, each with ``X-Watcher-Test: synthetic``) and three interviews tracked through
``cli.main(["track", "add", ...])``. The config has ``[notify] desktop = false`` and no email, so
no D-Bus bus and no SMTP server are needed, and ``[daemon] poll_every = "10 minutes"``.

Then ``python -m watcher --config C run --log-level warning`` runs as a child with
``NOTIFY_SOCKET`` pointing at a datagram socket read here, and after READY=1:

1. **Memory**: VmRSS and VmHWM from /proc/PID/status right after READY=1 and at the end of the
   idle period (MB = 10^6 bytes).
2. **CPU**: utime + stime from /proc/PID/stat (clock ticks of ``SC_CLK_TCK``) at the start and at
   the end of ``--seconds`` with no mail, as a percentage of one core over the wall time.
3. **IDLE latency**: ``--latency-samples`` times, 2 s apart, one relevant message (a reply from a
   tracked company's domain) is APPENDed to INBOX with imaplib through the plain port; the
   latency runs from APPEND returning to the daemon's new ``reply`` event being visible in the
   SQLite store, which is polled read-only every 10 ms.

Finally SIGTERM: the daemon must exit 0 within 5 s.

Exit status: 0 when every target is met, 1 when one is missed, 2 on an error.
Targets: RSS (VmHWM at the end of the idle period) under 80 MB; CPU under 1 % of a core;
median IDLE latency under 1.5 s; a clean stop (exit 0 within 5 s of SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import imaplib
import os
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path[:0] = [str(REPO), str(BENCH)]

import benchlib  # noqa: E402
import mailgen  # noqa: E402
from benchlib import PYTHON, say  # noqa: E402

from tests.servers.dovecot import DOVECOT, DovecotServer  # noqa: E402
from tests.servers.notifysocket import NotifySocket  # noqa: E402

RSS_LIMIT_MB = 80.0
CPU_LIMIT_PERCENT = 1.0
LATENCY_LIMIT = 1.5
STOP_LIMIT = 5.0
READY_TIMEOUT = 60.0
SAMPLE_TIMEOUT = 10.0
SAMPLE_SPACING = 2.0
POLL = 0.01
MESSAGES = 300
INTERVIEWS = mailgen.INTERVIEWS[:3]  # Northwind, Globex, Initech
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Memory:
    rss_kb: int
    hwm_kb: int

    @property
    def rss_mb(self) -> float:
        return self.rss_kb * 1024 / 1e6

    @property
    def hwm_mb(self) -> float:
        return self.hwm_kb * 1024 / 1e6


@dataclass
class Results:
    ready_seconds: float = 0.0
    initial_replies: int = 0
    at_ready: Memory | None = None
    after_idle: Memory | None = None
    after_latency: Memory | None = None
    idle_wall: float = 0.0
    idle_ticks: int = 0
    idle_child_ticks: int = 0
    threads: int = 0
    latencies: list[float] = field(default_factory=list)
    stop_seconds: float | None = None
    exit_code: int | None = None
    log_lines: int = 0

    @property
    def cpu_percent(self) -> float:
        return 100.0 * self.idle_ticks / CLK_TCK / self.idle_wall if self.idle_wall else 0.0


# ---------------------------------------------------------------------------------------------
# /proc


def memory(pid: int) -> Memory:
    fields: dict[str, int] = {}
    with Path(f"/proc/{pid}/status").open(encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])  # kB
    return Memory(fields["VmRSS"], fields["VmHWM"])


def cpu_ticks(pid: int) -> tuple[int, int]:
    """Return (utime + stime, cutime + cstime) of ``pid`` in clock ticks."""
    text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    rest = text[text.rindex(")") + 2 :].split()
    # rest[0] is field 3 (state); utime, stime, cutime, cstime are fields 14-17.
    utime, stime, cutime, cstime = (int(x) for x in rest[11:15])
    return utime + stime, cutime + cstime


def thread_count(pid: int) -> int:
    return sum(1 for _ in Path(f"/proc/{pid}/task").iterdir())


# ---------------------------------------------------------------------------------------------
# Setting up


def prepare(server: DovecotServer, root: Path) -> tuple[str, str, Path, Path, dict[str, str]]:
    """A user with MESSAGES synthetic messages, a config, three tracked interviews; return the
    user, password, config, store and environment."""
    user = "benchidle"
    password = secrets.token_hex(12)
    server.add_user(user, password)
    server.fill_maildir(user, ((data, when) for when, data in mailgen.inbox(MESSAGES)))
    env = benchlib.isolated_env(root)
    store = root / "watcher.db"
    config = root / "config.toml"
    benchlib.write_config(
        config,
        store,
        f"""\
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{user}"
password_command = "printf '%s\\\\n' {password}"
""",
        holidays=False,
        more="""
[daemon]
poll_every = "10 minutes"

[notify]
desktop = false
""",
    )
    benchlib.track_interviews(config, env, INTERVIEWS)
    return user, password, config, store, env


def warm_up(env: dict[str, str], cwd: Path) -> None:
    """Import watcher once in a child, so that the daemon compiles no bytecode."""
    benchlib.warm_up(
        cwd, "watcher.cli, watcher.app, watcher.scheduler, watcher.backends.imap", env=env
    )


def relevant(i: int) -> bytes:
    """The i-th latency message: a reply from a tracked company's recruiter."""
    interview = INTERVIEWS[i % len(INTERVIEWS)]
    contact = interview.contacts[0]
    first = contact.split()[0]
    now = datetime.now(UTC)
    return mailgen.message(
        now,
        contact,
        f"{mailgen.USER_NAME} <{mailgen.USER}>",
        f"Re: {interview.company} – {interview.role}",
        f"Hi Alex,\n\nThank you for your patience. The team is still meeting candidates; we will "
        f"get back to you by the end of next week with an update.\n\nBest,\n{first}",
        mid=f"bench.idle.{i}.{secrets.token_hex(6)}@{interview.domains[0]}",
    )


def replies(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'reply'").fetchone()
    return int(row[0])


# ---------------------------------------------------------------------------------------------
# The run


def bench(
    server: DovecotServer, root: Path, seconds: float, samples: int, results: Results
) -> None:
    user, _password, config, store, env = prepare(server, root)
    warm_up(env, root)
    notify = NotifySocket(root / "notify.sock")
    log_path = root / "daemon.log"
    log_file = log_path.open("wb")
    say("starting the daemon ...")
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "-m", "watcher", "--config", str(config), "run", "--log-level", "warning"],
        env={**env, "NOTIFY_SOCKET": str(notify.path)},
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        pid = process.pid
        while "READY=1" not in notify.read():
            if process.poll() is not None:
                raise RuntimeError(f"the daemon exited with {process.returncode} before READY=1")
            if time.monotonic() - started > READY_TIMEOUT:
                raise RuntimeError(f"no READY=1 within {READY_TIMEOUT:g} s")
            time.sleep(POLL)
        results.ready_seconds = time.monotonic() - started

        # 1-2. Idle: no mail for `seconds`.
        results.at_ready = memory(pid)
        ticks0, child0 = cpu_ticks(pid)
        wall0 = time.monotonic()
        say(f"READY=1 after {results.ready_seconds:.2f} s; idling for {seconds:g} s ...")
        time.sleep(seconds)
        ticks1, child1 = cpu_ticks(pid)
        results.idle_wall = time.monotonic() - wall0
        results.after_idle = memory(pid)
        results.idle_ticks = ticks1 - ticks0
        results.idle_child_ticks = child1 - child0
        results.threads = thread_count(pid)
        if process.poll() is not None:
            raise RuntimeError(f"the daemon exited with {process.returncode} while idle")

        # 3. IDLE latency.
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, isolation_level=None)
        imap = server.connect(user)
        try:
            results.initial_replies = replies(db)
            for i in range(samples):
                before = replies(db)
                data = relevant(i)
                typ, response = imap.append(
                    "INBOX", None, imaplib.Time2Internaldate(datetime.now(UTC)), data
                )
                appended = time.monotonic()
                if typ != "OK":
                    raise RuntimeError(f"APPEND failed: {response!r}")
                while replies(db) == before:
                    if time.monotonic() - appended > SAMPLE_TIMEOUT:
                        raise RuntimeError(f"sample {i + 1}: no reply event within 10 s")
                    time.sleep(POLL)
                latency = time.monotonic() - appended
                results.latencies.append(latency)
                say(f"  sample {i + 1}/{samples}: {latency * 1000:.0f} ms")
                time.sleep(SAMPLE_SPACING)
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                imap.logout()
            db.close()
        results.after_latency = memory(pid)

        # SIGTERM: exit 0 within 5 s.
        stopping = time.monotonic()
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            results.exit_code = process.wait(STOP_LIMIT + 5)
        results.stop_seconds = time.monotonic() - stopping
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log_file.close()
        notify.close()
        output = log_path.read_text(encoding="utf-8", errors="replace")
        results.log_lines = len(output.splitlines())
        if output.strip():
            say("daemon output (warnings and errors):\n" + output.rstrip())


# ---------------------------------------------------------------------------------------------
# Reporting


def machine() -> str:
    info = {**benchlib.machine(), "dovecot": benchlib.dovecot_version(DOVECOT)}
    return benchlib.describe(info, memory=False)


def report(r: Results, seconds: float) -> list[str]:
    """Print the table; return the targets missed."""
    assert r.at_ready is not None and r.after_idle is not None and r.after_latency is not None
    lat = r.latencies
    rows = [
        ("READY=1 after start, s", f"{r.ready_seconds:.2f}"),
        ("reply events after the first check", str(r.initial_replies)),
        ("threads (end of idle)", str(r.threads)),
        ("VmRSS / VmHWM at READY, MB", f"{r.at_ready.rss_mb:.1f} / {r.at_ready.hwm_mb:.1f}"),
        (
            f"VmRSS / VmHWM after {seconds:g} s idle, MB",
            f"{r.after_idle.rss_mb:.1f} / {r.after_idle.hwm_mb:.1f}",
        ),
        (
            "VmRSS / VmHWM after the latency samples, MB",
            f"{r.after_latency.rss_mb:.1f} / {r.after_latency.hwm_mb:.1f}",
        ),
        (
            "CPU while idle (utime+stime)",
            f"{r.idle_ticks} ticks of 1/{CLK_TCK} s over {r.idle_wall:.1f} s = "
            f"{r.cpu_percent:.3f} % of a core",
        ),
        ("  children's CPU (cutime+cstime)", f"{r.idle_child_ticks} ticks"),
        (
            f"IDLE latency, {len(lat)} samples, ms (min / median / max)",
            f"{min(lat) * 1000:.0f} / {statistics.median(lat) * 1000:.0f} / {max(lat) * 1000:.0f}",
        ),
        ("  each, ms", " ".join(f"{x * 1000:.0f}" for x in lat)),
        (
            "SIGTERM to exit, s (exit status)",
            f"{r.stop_seconds:.2f} ({r.exit_code})" if r.stop_seconds is not None else "-",
        ),
        ("daemon output lines at --log-level warning", str(r.log_lines)),
    ]
    width = max(len(a) for a, _ in rows)
    for a, b in rows:
        print(f"{a:{width}}  {b}")
    median = statistics.median(lat)
    checks = [
        (
            f"memory: VmHWM after the idle period {r.after_idle.hwm_mb:.1f} MB "
            f"< {RSS_LIMIT_MB:g} MB",
            r.after_idle.hwm_mb < RSS_LIMIT_MB,
        ),
        (
            f"CPU while idle {r.cpu_percent:.3f} % < {CPU_LIMIT_PERCENT:g} % of a core",
            r.cpu_percent < CPU_LIMIT_PERCENT,
        ),
        (
            f"median IDLE latency {median:.3f} s < {LATENCY_LIMIT:g} s",
            median < LATENCY_LIMIT,
        ),
        (
            f"SIGTERM: exit status {r.exit_code} within {STOP_LIMIT:g} s",
            r.exit_code == 0 and r.stop_seconds is not None and r.stop_seconds < STOP_LIMIT,
        ),
    ]
    print()
    lines, missed = benchlib.verdicts(checks)
    print("\n".join(lines))
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle period")
    parser.add_argument("--latency-samples", type=int, default=10, help="messages APPENDed")
    args = parser.parse_args()
    if args.seconds < 1 or args.latency_samples < 1:
        parser.error("--seconds and --latency-samples must be at least 1")
    if DOVECOT is None:
        say("dovecot is not installed (apt-get install dovecot-imapd)")
        return 2

    # A SIGTERM or SIGHUP unwinds like Ctrl-C, so the daemon, the server and files are removed.
    benchlib.unwind_on_signals()

    root = Path(tempfile.mkdtemp(prefix="watcher-bench-idle-"))
    server = DovecotServer()
    results = Results()
    try:
        server.start()
        bench(server, root, args.seconds, args.latency_samples, results)
    except (RuntimeError, OSError, subprocess.CalledProcessError, sqlite3.Error) as error:
        say(f"benchmark failed: {error}")
        return 2
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)

    benchlib.print_header(
        "watcher run idle benchmark",
        f"machine: {machine()}",
        f"mailbox: {MESSAGES} messages, {len(INTERVIEWS)} interviews; idle {args.seconds:g} s; "
        f"{args.latency_samples} latency samples {SAMPLE_SPACING:g} s apart, store polled "
        f"every {POLL * 1000:g} ms",
    )
    missed = report(results, args.seconds)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
