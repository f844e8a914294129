#!/usr/bin/env python
"""Benchmark of `watcher check` over the Gmail API: a large mailbox against a small one.

    .venv/bin/python bench/gmail_sync.py [--messages 100000] [--small 1000] [--repeat 5]
        [--json-out FILE]

Each size gets a Gmail-compatible server of its own (tests/servers/gmail.py, running in a thread
of this process), filled with bench/mailgen.py's mail: the same few dozen recruiter messages in
both sizes, the rest unrelated mail over two years, and 300 sent messages under SENT. The
interviews are created with `watcher track add`. Each `watcher check --json --now FIXED` then
runs in a process of its own (`.venv/bin/python -m watcher ...`) against that server, with
`backend = "gmail"` and `api_endpoint` the server's URL:

1. the first check of each size (users.getProfile, messages.list with the search, batches of
   messages.get format=full, drafts.create);
2. ``--repeat`` checks with nothing new per size, the sizes interleaved (median and min); the
   target is ONE request (users.history.list) each, whatever the size;
3. nothing new after another client changed labels (a message read, one starred);
4. ten new messages, two of them relevant, then one check: only those two may be read in full
   (the number of full reads is shown too, and a NOTE line says when a message was read whole
   more than once or thread ids were looked up one request at a time).

Every request the server receives is counted, by kind (profile, messages.list, batch,
history.list, drafts.create...), and so are the parts of batch requests and the bytes of the
answers' bodies (what the client receives, headers left out). Wall time is taken around the
child process (interpreter start included). Peak memory is the child's maximum resident set
size, from GNU time (``/usr/bin/time -f %M``) and, as a cross-check, from the child's own VmHWM
at exit (bench/_vmhwm/sitecustomize.py); see bench/README.md for why not
``getrusage(RUSAGE_CHILDREN)``.

The first check's time is reported, not judged: the fake server's own speed (a pure-Python scan
of every stored message per search) dominates it.

Exit status: 0 when every target is met, 1 when one is missed, 2 on an error.
Targets: a check with nothing new sends exactly one request at both sizes; its median wall time
for the large mailbox is within 1.2x the small one's; both first checks match the same messages;
the ten new messages read the two relevant ones in full and no other; every check's peak RSS
is under 100 MB (10^6 bytes).
"""

from __future__ import annotations

import argparse
import gc
import heapq
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path[:0] = [str(REPO), str(BENCH)]

import benchlib  # noqa: E402
import mailgen  # noqa: E402
from benchlib import say  # noqa: E402

from tests.servers.gmail import GmailServer, Request  # noqa: E402

SCOPES = (
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.compose",
)


NOTHING_NEW_REQUESTS = 1
NOTHING_NEW_RATIO = 1.2
PEAK_LIMIT_MB = 100.0
SENT_MESSAGES = 300
MEMORY_PER_MESSAGE = 12_000
"""A generous estimate of the fake server's memory per stored message (raw bytes, parsed message,
history record), in this process: the 100,000-message run peaks at about 1 GB."""
RELEVANT_NEW = 2
"""mailgen.new_mail(0) ends with its two relevant messages (an Initech offer, a reply)."""


# ---------------------------------------------------------------------------------------------
# What the server saw.


def kind(request: Request) -> str:
    """A short name for one request: its API method, and the format of a get."""
    path = request.path
    if path.startswith("/batch"):
        return "batch"
    if not path.startswith("/gmail/"):
        return path.strip("/") or path  # token, tokeninfo...
    match = re.fullmatch(r"/gmail/v1/users/[^/]+/(.+)", path)
    rest = match[1].split("/") if match else [path]
    fmt = (request.query.get("format") or ["full"])[-1]
    q = (request.query.get("q") or [""])[-1]
    name = rest[0]
    if name == "profile":
        return "profile"
    if name == "history":
        return "history.list"
    if name == "labels":
        return "labels.list" if len(rest) == 1 else "labels.get"
    if name == "messages":
        if len(rest) == 1:
            return "messages.list rfc822msgid" if q.startswith("rfc822msgid:") else "messages.list"
        if len(rest) > 2:
            return "attachments.get"
        return f"messages.get {fmt}"
    if name == "threads":
        return f"threads.get {fmt}"
    if name == "drafts":
        return {"POST": "drafts.create", "DELETE": "drafts.delete"}.get(
            request.method, "drafts.list" if len(rest) == 1 else "drafts.get"
        )
    return f"{request.method} {name}"


def full_reads(requests: list[Request]) -> list[str]:
    """The ids of the messages read with format=full, in order."""
    return [r.path.rsplit("/", 1)[-1] for r in requests if kind(r) == "messages.get full"]


def rereads(run: Run | None) -> list[tuple[str, int, int]]:
    """(kind, reads, distinct messages) of the messages.get and threads.get kinds of a check
    that read the same message (or thread) more than once."""
    assert run is not None
    reads: dict[str, list[str]] = {}
    for request in run.requests + run.subrequests:
        name = kind(request)
        if name.startswith(("messages.get", "threads.get")):
            reads.setdefault(name, []).append(request.path.rsplit("/", 1)[-1])
    return [
        (name, len(ids), len(set(ids)))
        for name, ids in sorted(reads.items())
        if len(ids) != len(set(ids))
    ]


def summary(counts: Counter[str]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda x: -x[1]))


# ---------------------------------------------------------------------------------------------
# Records.


@dataclass
class Run(benchlib.CheckRun):
    """One `watcher check` in a child process, and what the server saw meanwhile."""

    requests: list[Request]
    subrequests: list[Request]
    bytes_received: int  # the bodies the server sent
    token_requests: int

    @property
    def kinds(self) -> Counter[str]:
        return Counter(kind(r) for r in self.requests)

    @property
    def subkinds(self) -> Counter[str]:
        return Counter(kind(r) for r in self.subrequests)

    @property
    def full(self) -> list[str]:
        return full_reads(self.requests + self.subrequests)


@dataclass
class SizeResult:
    messages: int
    sent: int = 0
    fill_seconds: float = 0.0
    first: Run | None = None
    nothing_new: list[Run] = field(default_factory=list)
    after_labels: Run | None = None
    new_mail: Run | None = None
    relevant_ids: list[str] = field(default_factory=list)

    @property
    def runs(self) -> list[Run]:
        return [
            r
            for r in (self.first, *self.nothing_new, self.after_labels, self.new_mail)
            if r is not None
        ]


@dataclass
class World:
    server: GmailServer
    workdir: Path
    config: Path
    env: dict[str, str]


# ---------------------------------------------------------------------------------------------
# Setting up a mailbox.


def fill(server: GmailServer, messages: int) -> tuple[int, int]:
    """Deliver the INBOX (``messages``) and the Sent folder to ``server`` in date order, so that
    the server puts replies in the thread of the message they answer; return the counts."""
    inbox = ((when, data, "INBOX") for when, data in mailgen.inbox(messages))
    sent = ((when, data, "SENT") for when, data in mailgen.sent_folder(SENT_MESSAGES))
    counts: Counter[str] = Counter()
    for when, data, folder in heapq.merge(inbox, sent, key=lambda x: x[0]):
        if folder == "SENT":
            labels: tuple[str, ...] = ("SENT",)
        elif when >= mailgen.UNREAD_AFTER:
            labels = ("INBOX", "UNREAD")
        else:
            labels = ("INBOX",)
        server.deliver(data, labels, internal_date=when)
        counts[folder] += 1
    return counts["INBOX"], counts["SENT"]


def prepare(server: GmailServer, messages: int, root: Path) -> tuple[World, SizeResult]:
    """Fill ``server`` with ``messages`` in INBOX and the Sent folder, write a config and a token
    for it and track the interviews; return it with the fill figures."""
    result = SizeResult(messages)
    started = time.perf_counter()
    written, result.sent = fill(server, messages)
    result.fill_seconds = time.perf_counter() - started
    assert written == messages, (written, messages)

    workdir = root / f"watcher-{messages}"
    env = benchlib.isolated_env(workdir)
    token = workdir / "token.json"
    token.touch(mode=0o600)
    token.chmod(0o600)
    token.write_text(json.dumps(server.authorized_user_info(list(SCOPES))), encoding="utf-8")
    secrets = server.client_secrets_json(workdir)
    config = workdir / "config.toml"
    benchlib.write_config(
        config,
        workdir / "watcher.db",
        f"""\
backend = "gmail"
client_secrets = "{secrets}"
token_file = "{token}"
api_endpoint = "{server.url}"
""",
    )
    benchlib.track_interviews(config, env, mailgen.INTERVIEWS)
    return World(server, workdir, config, env), result


# ---------------------------------------------------------------------------------------------
# Running checks.


def quiet(server: GmailServer, timeout: float = 5.0) -> None:
    """Wait until the server has closed every connection of the child that just exited, so
    that the counters hold all of its requests and answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with server._lock:
            if not server._connections:
                return
        time.sleep(0.005)
    raise RuntimeError("the server kept a connection open after the check exited")


def run_check(world: World) -> Run:
    """One `watcher check --json --now FIXED` in a child process, timed, measured, counted."""
    server = world.server
    server.reset_counters()
    child = benchlib.run_check(world.config, world.env, world.workdir)
    quiet(server)
    if server.errors:
        raise RuntimeError(f"the Gmail server failed: {server.errors[-1]!r}")
    with server._lock:
        return Run(
            child.wall,
            child.peak_kb,
            child.hwm_kb,
            child.report,
            list(server.requests),
            list(server.subrequests),
            server.bytes_sent,
            len(server.token_requests),
        )


def change_labels(server: GmailServer) -> None:
    """Another client (the user's phone) reads an unread message and stars an old one: history
    records that are nothing new for watcher."""
    inbox = server.ids("INBOX")
    unread = [i for i in inbox if "UNREAD" in server.message(i).labels]
    server.remove_labels(unread[0], ["UNREAD"])
    server.add_labels(inbox[len(inbox) // 2], ["STARRED"])


def deliver_new(server: GmailServer) -> list[str]:
    """Deliver mailgen.new_mail(0) (ten messages, two relevant) as unread INBOX mail; return the
    ids of the two relevant ones."""
    ids = [
        server.deliver(data, ("INBOX", "UNREAD"), internal_date=when)
        for data, when in mailgen.new_mail(0)
    ]
    return ids[-RELEVANT_NEW:]


def warm_up(root: Path) -> None:
    """Import watcher and the Gmail backend once in a child with the checks' environment, so
    that no timed run compiles bytecode."""
    benchlib.warm_up(root, "watcher.cli, watcher.app, watcher.engine, watcher.backends.gmail")


def bench(
    servers: tuple[GmailServer, GmailServer], sizes: tuple[int, int], repeat: int, root: Path
) -> tuple[SizeResult, SizeResult]:
    """Run every phase for the small and the large mailbox; return their figures."""
    worlds: list[World] = []
    results: list[SizeResult] = []
    for server, messages in zip(servers, sizes, strict=True):
        say(f"{messages:,} messages: filling the Gmail server ...")
        world, result = prepare(server, messages, root)
        say(
            f"  delivered {messages:,} + {result.sent} sent in {result.fill_seconds:.1f} s "
            f"({(messages + result.sent) / result.fill_seconds:,.0f}/s)"
        )
        worlds.append(world)
        results.append(result)
    pairs = list(zip(worlds, results, strict=True))
    # The servers hold millions of objects now: a full collection of this process's garbage
    # collector (in the server's thread, during a check) would take a good part of a second.
    # Keep them out of its sight, so that the checks measure watcher and not this process's GC.
    gc.collect()
    gc.freeze()

    # 1. The first check: the history id, the search, the batches of full reads, the drafts.
    for world, result in pairs:
        result.first = run_check(world)
        say(
            f"  {result.messages:,}: first check {result.first.wall:.2f} s, "
            f"{len(result.first.requests)} requests, scanned {result.first.report['scanned']}, "
            f"matched {len(result.first.report['matched'])}"
        )
    # 2. Nothing new, the two sizes interleaved.
    benchlib.nothing_new_rounds(pairs, repeat, run_check)
    for _world, result in pairs:
        say(
            f"  {result.messages:,}: nothing new, median "
            f"{benchlib.median_wall(result.nothing_new):.3f} s, requests "
            + " ".join(str(len(r.requests)) for r in result.nothing_new)
        )
    # 3. Nothing new after another client changed labels.
    for world, result in pairs:
        change_labels(world.server)
        result.after_labels = run_check(world)
        if not benchlib.nothing_done(result.after_labels):
            raise RuntimeError(f"labels changed, and the check did something: {result}")
    # 4. Ten new messages, two of them relevant.
    for world, result in pairs:
        result.relevant_ids = deliver_new(world.server)
        result.new_mail = run_check(world)
        say(
            f"  {result.messages:,}: 10 new, {result.new_mail.wall:.2f} s, "
            f"{len(result.new_mail.requests)} requests, scanned "
            f"{result.new_mail.report['scanned']}, read in full {len(result.new_mail.full)}"
        )
    return results[0], results[1]


# ---------------------------------------------------------------------------------------------
# Reporting.


def machine() -> dict[str, str]:
    return {
        **benchlib.machine(),
        "peak_method": benchlib.PEAK_METHOD,
        "code": benchlib.code_version("watcher", "tests/servers"),
    }


def _med(r: SizeResult) -> float:
    return benchlib.median_wall(r.nothing_new)


def table(small: SizeResult, large: SizeResult) -> tuple[list[str], list[str]]:
    """Return the table's lines and the targets missed."""

    def found(run: Run | None) -> str:
        assert run is not None
        report = run.report
        return (
            f"{report['scanned']} / {len(report['matched'])} / {len(report['drafts'])} / "
            f"{len(report['nudges'])}"
        )

    def wire(run: Run | None) -> str:
        assert run is not None
        return f"{len(run.requests)} ({len(run.subrequests)} in batches)"

    tab = benchlib.SideBySide(small, large)
    row = tab.row

    def one_check(heading: str, pick: Any, wall: str, kb_digits: int, peak_label: str) -> None:
        """The rows of one check with mail, ``pick(size result)``."""
        tab.heading(heading)
        row(f"  wall, s{wall}", lambda r: f"{pick(r).wall:.2f}")
        row("  requests (parts of batches)", lambda r: wire(pick(r)))
        row("  bytes received, KB", lambda r: f"{pick(r).bytes_received / 1e3:,.{kb_digits}f}")
        row("  read in full", lambda r: len(pick(r).full))
        row("  scanned / matched / drafts / nudges", lambda r: found(pick(r)))
        row(f"  peak RSS, MB{peak_label}", lambda r: benchlib.peak([pick(r)]))

    row("INBOX / SENT messages", lambda r: f"{r.messages:,} / {r.sent:,}")
    row(
        "fill (generate + deliver), s",
        lambda r: f"{r.fill_seconds:.1f} ({(r.messages + r.sent) / r.fill_seconds:,.0f}/s)",
    )
    one_check("first check", lambda r: r.first, " (fake server dominates)", 0, " (time / VmHWM)")
    tab.heading("nothing new")
    row("  median wall, s", lambda r: f"{_med(r):.3f}")
    row("  min wall, s", lambda r: f"{min(x.wall for x in r.nothing_new):.3f}")
    row("  each run, s", lambda r: " ".join(f"{x.wall:.3f}" for x in r.nothing_new))
    row("  requests, each run", lambda r: " ".join(str(len(x.requests)) for x in r.nothing_new))
    row("  bytes received (max), B", lambda r: max(x.bytes_received for x in r.nothing_new))
    row("  peak RSS (max), MB", lambda r: benchlib.peak(r.nothing_new))
    row("after a label change, s", lambda r: f"{r.after_labels.wall:.3f}")
    row("  requests (parts of batches)", lambda r: wire(r.after_labels))
    one_check("10 new (2 relevant)", lambda r: r.new_mail, "", 1, "")

    lines = tab.lines()

    lines += ["", "Requests by kind (on the wire; then the parts of batch requests):"]
    for label, attr in (
        ("first check", "first"),
        ("after a label change", "after_labels"),
        ("10 new (2 relevant)", "new_mail"),
    ):
        for name, r in (("small", small), ("large", large)):
            run = getattr(r, attr)
            lines.append(f"  {label}, {name}: {summary(run.kinds)}")
            if run.subrequests:
                lines.append(f"    in batches: {summary(run.subkinds)}")
            if run.token_requests:
                lines.append(f"    token requests: {run.token_requests}")
    for name, r in (("small", small), ("large", large)):
        kinds = Counter[str]()
        for x in r.nothing_new:
            kinds.update(x.kinds)
        lines.append(f"  nothing new x{len(r.nothing_new)}, {name}: {summary(kinds)}")

    checks: list[tuple[str, bool]] = []
    notes: list[str] = []
    for name, r in (("small", small), ("large", large)):
        counts = [len(x.requests) for x in r.nothing_new]
        only_history = all(
            [kind(q) for q in x.requests] == ["history.list"] and not x.subrequests
            for x in r.nothing_new
        )
        checks.append(
            (
                f"nothing new, {name}: {NOTHING_NEW_REQUESTS} request (history.list) each, "
                f"measured {' '.join(map(str, counts))}",
                only_history and all(c == NOTHING_NEW_REQUESTS for c in counts),
            )
        )
    checks.append(benchlib.ratio_check(_med(small), _med(large), NOTHING_NEW_RATIO))
    small_ids, large_ids = benchlib.matched_ids(small.first), benchlib.matched_ids(large.first)
    checks.append(
        (
            f"the first check matches the same messages in both sizes "
            f"({len(small_ids)} / {len(large_ids)})",
            small_ids == large_ids,
        )
    )
    for name, r in (("small", small), ("large", large)):
        assert r.new_mail is not None
        full = r.new_mail.full
        checks.append(
            (
                f"10 new, {name}: the {RELEVANT_NEW} relevant messages and no other read in full "
                f"({len(set(full))} distinct read)",
                set(full) == set(r.relevant_ids),
            )
        )
    checks.append(benchlib.peak_check(small.runs + large.runs, PEAK_LIMIT_MB))
    for label, attr in (("first check", "first"), ("10 new", "new_mail")):
        for name, r in (("small", small), ("large", large)):
            for what, times, distinct in rereads(getattr(r, attr)):
                notes.append(
                    f"{label}, {name}: {what} {times} times for {distinct} messages (the same "
                    "message read more than once in one check)"
                )
    verdict_lines, missed = benchlib.verdicts(checks)
    lines += ["", *verdict_lines]
    lines += [f"NOTE  {text}" for text in notes]
    return lines, missed


def as_json(small: SizeResult, large: SizeResult, args: argparse.Namespace) -> dict[str, Any]:
    def run(x: Run | None) -> dict[str, Any] | None:
        if x is None:
            return None
        return x.figures(
            requests=len(x.requests),
            requests_by_kind=dict(x.kinds),
            subrequests=len(x.subrequests),
            subrequests_by_kind=dict(x.subkinds),
            bytes_received=x.bytes_received,
            token_requests=x.token_requests,
            read_in_full=len(x.full),
        )

    def size(r: SizeResult) -> dict[str, Any]:
        return {
            "messages": r.messages,
            "sent": r.sent,
            "fill_seconds": r.fill_seconds,
            "first": run(r.first),
            "nothing_new": [run(x) for x in r.nothing_new],
            "nothing_new_median": _med(r),
            "after_labels": run(r.after_labels),
            "new_mail": run(r.new_mail),
            "relevant_ids": r.relevant_ids,
        }

    return {"args": vars(args), "machine": machine(), "small": size(small), "large": size(large)}


# ---------------------------------------------------------------------------------------------


def main() -> int:
    args = benchlib.size_arguments(__doc__.split("\n\n")[0])

    need = (args.messages + args.small + 2 * SENT_MESSAGES) * MEMORY_PER_MESSAGE
    available_kb = benchlib.meminfo_kb("MemAvailable")
    available = available_kb * 1024 if available_kb is not None else None
    if available is not None and available < need:
        say(
            f"not enough memory for the fake servers: {available / 2**30:.1f} GiB available, "
            f"about {need / 2**30:.1f} GiB needed"
        )
        return 2

    # A SIGTERM or SIGHUP unwinds like Ctrl-C, so the servers stop and the files go.
    benchlib.unwind_on_signals()

    started = time.perf_counter()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="watcher-bench-gmail-") as scratch,
            GmailServer(address=mailgen.USER) as small_server,
            GmailServer(address=mailgen.USER) as large_server,
        ):
            root = Path(scratch)
            warm_up(root)
            small, large = bench(
                (small_server, large_server), (args.small, args.messages), args.repeat, root
            )
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        say(f"benchmark failed: {error}")
        return 2
    say(f"done in {time.perf_counter() - started:.0f} s")

    return benchlib.report_sizes(
        "watcher check over the Gmail API",
        machine(),
        args,
        table(small, large),
        lambda: as_json(small, large, args),
    )


if __name__ == "__main__":
    sys.exit(main())
