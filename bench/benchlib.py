"""What the benchmarks share: a watcher in a child process, its environment and peak memory,
the machine, and the tables.

- :func:`isolated_env`, :func:`write_config`, :func:`track_interviews`, :func:`warm_up`: a
  watcher of its own (HOME and XDG directories, a config for mailgen's user, the interviews
  tracked) whose first timed run compiles no bytecode.
- :func:`run_check`: one `watcher check --json --now FIXED` in a child process, timed around the
  child (the interpreter's start included), with its peak resident set size from GNU time
  (``/usr/bin/time -f %M``) and, as a cross-check, the child's own VmHWM at exit
  (bench/_vmhwm/sitecustomize.py). See bench/README.md for why not
  ``getrusage(RUSAGE_CHILDREN)``.
- :func:`machine`, :func:`describe`, :func:`meminfo_kb`, :func:`code_version`: the machine and
  the code described.
- :func:`print_header`, :func:`report_sizes`, :class:`SideBySide`, :func:`verdicts` and the checks
  of the targets both mailbox benchmarks share (:func:`ratio_check`, :func:`peak_check`): the
  report.
- :func:`size_arguments`, :func:`unwind_on_signals`, :func:`say`: the command line.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import mailgen

from watcher import cli

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
CHECKOUT = BENCH.parent
"""The checkout the benchmark runs from: its children import its watcher, not one installed
elsewhere (an editable install of another worktree)."""


def _gnu_time() -> str | None:
    """Return the path of GNU time if it is there and takes ``-f`` (BSD time does not)."""
    path = "/usr/bin/time"
    if not Path(path).exists():
        return None
    probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, check=False)
    return path if probe.returncode == 0 else None


GNU_TIME = _gnu_time()
PEAK_METHOD = "GNU time %M + VmHWM" if GNU_TIME else "VmHWM at exit"
W = TypeVar("W")


def say(text: str) -> None:
    """Progress, to stderr (the tables go to stdout)."""
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# A watcher of its own.


def isolated_env(workdir: Path) -> dict[str, str]:
    """Make ``workdir``/home (and ``workdir``); return the environment of a watcher whose home
    and XDG directories are under it, and whose code is this checkout's."""
    home = workdir / "home"
    home.mkdir(parents=True)
    return {
        "PYTHONPATH": str(CHECKOUT),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }


def write_config(
    path: Path, store: Path, account: str, *, holidays: bool = True, more: str = ""
) -> None:
    """Write a config for mailgen's user at ``path``: the store ``store``, the user's name, the
    policy (mailgen's time zone, with US holidays unless not ``holidays``), one account
    "personal" with the settings ``account`` (TOML lines) and mailgen's address, then ``more``
    (TOML sections)."""
    policy = f'timezone = "{mailgen.TIMEZONE}"\n' + ('holidays = "US"\n' if holidays else "")
    path.write_text(
        f"""\
[store]
path = "{store}"

[user]
name = "{mailgen.USER_NAME}"

[policy]
{policy}
[[accounts]]
name = "personal"
{account}addresses = ["{mailgen.USER}"]
{more}""",
        encoding="utf-8",
    )


def track_interviews(
    config: Path, env: dict[str, str], interviews: Iterable[mailgen.Interview]
) -> None:
    """Track ``interviews`` in ``config`` with `watcher track add` (in this process)."""
    for interview in interviews:
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
            env=env,
            stdout=out,
            stderr=err,
        )
        if code != 0:
            raise RuntimeError(f"track add {interview.company} failed: {err.getvalue()}")


def warm_up(cwd: Path, imports: str, env: dict[str, str] | None = None) -> None:
    """Import ``imports`` (``"watcher.cli, watcher.app, ..."``) once in a child, so that no
    timed run compiles bytecode (this shell may set PYTHONDONTWRITEBYTECODE; the children's
    environment does not). ``env`` is by default a bare one with ``cwd`` as HOME."""
    if env is None:
        env = {"HOME": str(cwd), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        env["PYTHONPATH"] = str(CHECKOUT)
    subprocess.run([PYTHON, "-c", f"import {imports}"], check=True, cwd=cwd, env=env)


# ---------------------------------------------------------------------------------------------
# `watcher check` in a child process.


@dataclass
class CheckRun:
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

    def figures(self, **more: Any) -> dict[str, Any]:
        """The run's figures for JSON; ``more`` comes between the memory and the report."""
        return {
            "wall": self.wall,
            "peak_kb": self.peak_kb,
            "vmhwm_kb": self.hwm_kb,
            **more,
            "scanned": self.report["scanned"],
            "matched": len(self.report["matched"]),
            "drafts": len(self.report["drafts"]),
            "nudges": len(self.report["nudges"]),
        }


def run_check(config: Path, env: dict[str, str], cwd: Path) -> CheckRun:
    """One `watcher check --json --now FIXED` in a child process, timed and measured."""
    with tempfile.TemporaryDirectory(prefix="watcher-bench-run-") as scratch:
        hwm_file = Path(scratch, "vmhwm")
        time_file = Path(scratch, "time")
        paths = [str(BENCH / "_vmhwm"), *filter(None, [env.get("PYTHONPATH", "")])]
        env = dict(env, PYTHONPATH=os.pathsep.join(paths), WATCHER_BENCH_VMHWM=str(hwm_file))
        command = [
            PYTHON,
            "-m",
            "watcher",
            "--config",
            str(config),
            "check",
            "--json",
            "--now",
            mailgen.NOW_ARG,
        ]
        if GNU_TIME:
            command = [GNU_TIME, "-f", "%M", "-o", str(time_file), *command]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(
                f"watcher check exited with {done.returncode}:\n{done.stderr.decode()}"
            )
        peak = int(time_file.read_text().split()[-1]) if GNU_TIME else None
        hwm = int(hwm_file.read_text()) if hwm_file.exists() else None
    return CheckRun(wall, peak, hwm, json.loads(done.stdout))


def nothing_done(run: CheckRun) -> bool:
    """Whether a check scanned, matched and drafted nothing."""
    report = run.report
    return not (report["scanned"] or report["matched"] or report["drafts"])


def nothing_new_rounds(
    pairs: Sequence[tuple[W, Any]], repeat: int, run_check: Callable[[W], CheckRun]
) -> None:
    """Run ``repeat`` checks with nothing new for each (world, size result) of ``pairs``, the
    sizes interleaved (small, large, large, small, ...) so that a drift of the machine weighs on
    both alike; append each run to its result's ``nothing_new``. A check that does anything
    is an error."""
    for i in range(repeat):
        for world, result in pairs if i % 2 == 0 else pairs[::-1]:
            run = run_check(world)
            if not nothing_done(run):
                raise RuntimeError(f"a check with nothing new did something: {run.report}")
            result.nothing_new.append(run)


def median_wall(runs: Iterable[CheckRun]) -> float:
    return statistics.median(run.wall for run in runs)


def peak(runs: Sequence[CheckRun]) -> str:
    """The highest peak RSS of ``runs`` in MB, with its VmHWM when both methods worked."""
    best = max(runs, key=lambda r: r.peak_mb)
    hwm = f" / {best.hwm_kb * 1024 / 1e6:.1f}" if best.hwm_kb and best.peak_kb else ""
    return f"{best.peak_mb:.1f}{hwm}"


def matched_ids(run: CheckRun | None) -> set[tuple[str, int, str]]:
    assert run is not None
    return {(m["message_id"], m["interview"], m["kind"]) for m in run.report["matched"]}


# ---------------------------------------------------------------------------------------------
# The machine.


def meminfo_kb(key: str) -> int | None:
    """The field ``key`` (``MemTotal``, ``MemAvailable``...) of /proc/meminfo in kB, or None."""
    try:
        with Path("/proc/meminfo").open(encoding="ascii") as info:
            for line in info:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    """CPUs, CPU model, memory, kernel and Python of this machine."""
    total = meminfo_kb("MemTotal")
    with Path("/proc/cpuinfo").open(encoding="ascii", errors="replace") as info:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), ""
        )
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{total / 2**20:.1f} GiB" if total is not None else "",
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def describe(info: dict[str, str], *, memory: bool = True) -> str:
    """:func:`machine` (and ``dovecot``, where ``info`` has it) in one line."""
    parts = [f"{info['cpus']} CPUs ({info['cpu']})"]
    if memory:
        parts.append(info["memory"])
    parts += [f"Linux {info['kernel']}", f"Python {info['python']}"]
    if "dovecot" in info:
        parts.append(f"Dovecot {info['dovecot']}")
    return ", ".join(parts)


def code_version(*paths: str) -> str:
    """The commit measured, and the files under ``paths`` (of the repository) changed since."""
    repo = str(BENCH.parent)
    try:
        head = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", repo, "status", "--porcelain", "--", *paths],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    files = [line[3:] for line in changed if line.strip()]
    return head + (f" + uncommitted changes to {', '.join(files)}" if files else "")


def dovecot_version(dovecot: str | None) -> str:
    return subprocess.run(
        [dovecot or "dovecot", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()


# ---------------------------------------------------------------------------------------------
# The report.


def print_header(title: str, *lines: str) -> None:
    """Print ``title`` with the date and time, then ``lines`` and an empty line."""
    print(f"{title}, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    for line in lines:
        print(line)
    print()


def report_sizes(
    title: str,
    info: dict[str, str],
    args: argparse.Namespace,
    table: tuple[list[str], list[str]],
    figures: Callable[[], dict[str, Any]],
) -> int:
    """Print the report of a large mailbox against a small one: the header (``title``, the
    machine, the code where ``info`` has it, how peak RSS was measured, the repeats), then the
    table's lines; write ``figures()`` to ``--json-out`` if given. ``table`` is the lines and
    the targets missed; return the exit status, 1 when one was missed."""
    code = [f"code: {info['code']}"] if "code" in info else []
    print_header(
        title,
        f"machine: {describe(info)}",
        *code,
        f"peak RSS: {info['peak_method']}; nothing-new repeats: {args.repeat}",
    )
    lines, missed = table
    print("\n".join(lines))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures(), indent=2) + "\n", encoding="utf-8")
    return 1 if missed else 0


class SideBySide:
    """A table of two columns, small and large: each row is a label and a figure of each."""

    def __init__(self, small: Any, large: Any) -> None:
        self.small = small
        self.large = large
        self.rows: list[tuple[str, str, str]] = []

    def row(self, label: str, figure: Callable[[Any], object]) -> None:
        """A row of ``figure(small)`` and ``figure(large)``."""
        self.rows.append((label, str(figure(self.small)), str(figure(self.large))))

    def heading(self, label: str) -> None:
        self.rows.append((label, "", ""))

    def lines(self) -> list[str]:
        width = max(len(r[0]) for r in self.rows)
        w1 = max(len(r[1]) for r in self.rows)
        lines = [f"{'':{width}}  {'small':<{w1}}  large"]
        lines += [f"{a:{width}}  {b:<{w1}}  {c}".rstrip() for a, b, c in self.rows]
        return lines


def ratio_check(small: float, large: float, ratio: float) -> tuple[str, bool]:
    """The target: the large mailbox's nothing-new median within ``ratio`` x the small one's."""
    return (
        f"nothing new, large median {large:.3f} s <= {ratio:g} x small "
        f"{small:.3f} s = {ratio * small:.3f} s (ratio {large / small:.2f})",
        large <= ratio * small,
    )


def peak_check(runs: Sequence[CheckRun], limit_mb: float) -> tuple[str, bool]:
    """The target: the peak RSS of every check under ``limit_mb``."""
    worst = max(runs, key=lambda r: r.peak_mb)
    return (
        f"peak RSS of every check {worst.peak_mb:.1f} MB < {limit_mb:g} MB",
        worst.peak_mb < limit_mb,
    )


def verdicts(checks: Iterable[tuple[str, bool]]) -> tuple[list[str], list[str]]:
    """A PASS or MISS line for each check; return them and the texts of the checks missed."""
    lines: list[str] = []
    missed: list[str] = []
    for text, ok in checks:
        lines.append(f"{'PASS' if ok else 'MISS'}  {text}")
        if not ok:
            missed.append(text)
    return lines, missed


# ---------------------------------------------------------------------------------------------
# The command line.


def size_arguments(description: str, *, history: bool = False) -> argparse.Namespace:
    """Parse the options of a benchmark of a large mailbox against a small one (with
    ``history``, also ``--history-days``: how far back the unrelated mail goes)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--messages", type=int, default=100_000, help="the large INBOX")
    parser.add_argument("--small", type=int, default=1_000, help="the small INBOX")
    parser.add_argument("--repeat", type=int, default=5, help="checks with nothing new")
    parser.add_argument("--json-out", metavar="FILE", help="also write the figures as JSON")
    if history:
        parser.add_argument(
            "--history-days",
            type=int,
            default=mailgen.HISTORY.days,
            help="the unrelated mail is spread over this many days before the check "
            "(28: all of it since the search floor)",
        )
    args = parser.parse_args()
    if args.repeat < 1 or min(args.messages, args.small) < 200 or args.messages == args.small:
        parser.error(
            "--repeat must be at least 1, each mailbox at least 200 messages, and the two "
            "sizes different"
        )
    if history and args.history_days < 1:
        parser.error("--history-days must be at least 1")
    return args


def unwind_on_signals() -> None:
    """Make a SIGTERM or SIGHUP unwind like Ctrl-C, so that servers stop and files go."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
