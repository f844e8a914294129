#!/usr/bin/env python
"""Benchmark: what a hostile account costs a good one in `watcher check`.

    .venv/bin/python bench/hostile_accounts.py [--messages 1000] [--timeout 1] [--json-out FILE]

Four scenarios, each with a fresh Dovecot user (tests/servers/dovecot.py; ``--messages`` in its
INBOX from bench/mailgen.py, the same recruiter mail in each), a fresh store and the interviews
tracked with `watcher track add`:

- ``alone``: the good account only;
- ``drip``, ``literal``, ``silent``: the good account, then a second account on a server of
  tests/servers/hostile_imap.py that sends its greeting one byte every fifth of the timeout
  (each read in time, the whole greeting not within the deadline), claims a
  99,999,999,999-byte literal after the login, or never says a word. The hostile account has
  ``timeout = --timeout`` seconds, so its deadline is ten times that.

Each check is one `watcher check --json --now FIXED` child process (`.venv/bin/python -m
watcher`), timed around the child. The table gives the wall time, what the good account
recorded and drafted, and the hostile account's error.

Exit status: 0 when every target is met, 1 when one is missed, 2 on an error.
Targets: with any hostile account, the good account records and drafts exactly what it does
alone, and the check takes no longer than alone plus the hostile account's deadline plus 1 s
(the abort's grace of a quarter second, and slack).
"""

from __future__ import annotations

import argparse
import json
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path[:0] = [str(REPO), str(BENCH)]

import benchlib  # noqa: E402
import mailgen  # noqa: E402
from benchlib import say  # noqa: E402

from tests.servers.dovecot import DovecotServer  # noqa: E402
from tests.servers.hostile_imap import HostileImapServer, Mode  # noqa: E402

MODES: tuple[Mode, ...] = ("drip", "literal", "silent")
SLACK = 1.0


@dataclass
class Scenario:
    name: str
    wall: float
    code: int
    matched: int
    drafts: int
    error: str


def good_account(server: DovecotServer, user: str, password: str) -> str:
    return f"""\
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{user}"
password_command = "printf '%s\\\\n' {password}"
"""


def hostile_account(port: int, timeout: float) -> str:
    return f"""
[[accounts]]
name = "hostile"
host = "127.0.0.1"
port = {port}
tls = "none"
username = "alex"
password_command = "printf 'synthetic-test-password\\\\n'"
addresses = ["alex@hostile.example"]
timeout = {timeout}
"""


def run(server: DovecotServer, root: Path, name: str, messages: int, more: str) -> Scenario:
    """One fresh user, store and config; one `watcher check` child; its figures."""
    user, password = f"{name}{secrets.token_hex(3)}", secrets.token_hex(12)
    server.add_user(user, password)
    server.fill_maildir(user, ((d, w) for w, d in mailgen.inbox(messages)), "INBOX", flags="S")
    workdir = root / name
    env = benchlib.isolated_env(workdir)
    config = workdir / "config.toml"
    benchlib.write_config(
        config, workdir / "watcher.db", good_account(server, user, password), more=more
    )
    benchlib.track_interviews(config, env, mailgen.INTERVIEWS)
    command = [benchlib.PYTHON, "-m", "watcher", "--config", str(config), "check", "--json"]
    command += ["--now", mailgen.NOW_ARG]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=workdir, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{name}: watcher check exited {done.returncode}: {done.stderr!r}")
    report: dict[str, Any] = json.loads(done.stdout)
    good = [m for m in report["matched"] if m["account"] == "personal"]
    errors = [e for e in report["errors"] if "hostile" in e]
    return Scenario(name, wall, done.returncode, len(good), len(report["drafts"]), " ".join(errors))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    deadline = 10 * args.timeout
    with tempfile.TemporaryDirectory(prefix="watcher-bench-hostile-") as scratch:
        root = Path(scratch)
        benchlib.warm_up(root, "watcher.cli, watcher.app, watcher.engine, watcher.backends.imap")
        with DovecotServer() as server:
            say("alone ...")
            alone = run(server, root, "alone", args.messages, "")
            results = [alone]
            for mode in MODES:
                say(f"{mode} ...")
                with HostileImapServer(mode, interval=args.timeout / 5) as hostile:
                    results.append(
                        run(
                            server,
                            root,
                            mode,
                            args.messages,
                            hostile_account(hostile.port, args.timeout),
                        )
                    )
    limit = alone.wall + deadline + SLACK
    checks: list[tuple[str, bool]] = []
    benchlib.print_header(
        "watcher check: a good account beside a hostile one",
        benchlib.describe(benchlib.machine(), memory=False),
        f"{args.messages} messages in the good INBOX; hostile timeout {args.timeout:g} s, "
        f"deadline {deadline:g} s",
    )
    print("| scenario | wall (s) | extra over alone (s) | good matched | drafts | hostile error |")
    print("|---|---|---|---|---|---|")
    for result in results:
        extra = result.wall - alone.wall
        print(
            f"| {result.name} | {result.wall:.2f} | {extra:+.2f} | {result.matched} | "
            f"{result.drafts} | {result.error or '-'} |"
        )
        if result is not alone:
            same = (result.matched, result.drafts) == (alone.matched, alone.drafts)
            checks.append((f"{result.name}: the good account's work unchanged", same))
            checks.append(
                (f"{result.name}: {result.wall:.2f} s <= {limit:.2f} s", result.wall <= limit)
            )
            checks.append((f"{result.name}: reported", bool(result.error)))
    lines, missed = benchlib.verdicts(checks)
    print()
    print("\n".join(lines))
    if args.json_out:
        args.json_out.write_text(
            json.dumps(
                {
                    "machine": benchlib.machine(),
                    "code": benchlib.code_version("watcher", "bench", "tests/servers"),
                    "messages": args.messages,
                    "timeout": args.timeout,
                    "results": [vars(r) for r in results],
                    "verdicts": lines,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 1 if missed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError) as error:
        print(f"hostile_accounts: {error}", file=sys.stderr)
        sys.exit(2)
