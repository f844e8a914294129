#!/usr/bin/env python
"""Benchmark of the command line's start: `watcher track list` and `watcher plan` on 50 interviews.

    .venv/bin/python bench/cli_start.py [--interviews 50] [--repeat 20] [--json-out FILE]

A watcher of its own (HOME and XDG directories in a temporary directory, a config without
public holidays at the default place, naming a store in that directory) gets ``--interviews``
interviews through `watcher track add`, with replies, sent thank-yous, commitments and closed
ones among them (``cli.main`` in this process). Then each command runs ``--repeat`` times as a
child process of the installed script (``.venv/bin/watcher``, beside this interpreter), the
commands interleaved round by round so that a drift of the machine weighs on all alike:

- ``python -c pass`` (this interpreter: its start and site, the floor of every command);
- ``watcher --help``;
- ``watcher track list`` and ``watcher plan`` (``--now 2026-12-06T12:00``), the targets;
- the same two with a config naming public holidays (``holidays = "US"``, through
  ``$WATCHER_CONFIG``), for information: that config loads the holidays package.

Wall time is taken around the child (the interpreter's start included). Each command also runs
once with ``PYTHONPROFILEIMPORTTIME=1``: the table gives the modules it imported, the sum of its
top-level imports' times, and which of the modules a command that reads only the store should not
load it did load.

Exit status: 0 when every target is met, 1 when one is missed, 2 on an error.
Targets: the median wall time of `watcher track list` and of `watcher plan` under 120 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path[:0] = [str(REPO), str(BENCH)]

import benchlib  # noqa: E402
from benchlib import PYTHON, say  # noqa: E402

from watcher import cli  # noqa: E402

TARGET_MS = 120.0
NOW = "2026-12-06T12:00"
TIMEZONE = "Europe/Paris"
HEAVY = (
    "structlog",
    "keyring",
    "icalendar",
    "holidays",
    "watcher.engine",
    "watcher.backends",
    "watcher.notify",
    "watcher.credentials",
    "googleapiclient",
    "google",
    "apscheduler",
    "jeepney",
)
"""Modules that a command reading only the store and the config has no use for."""


@dataclass(frozen=True)
class Command:
    """One command of the table: its label, its arguments and what it adds to the environment."""

    label: str
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    target: bool = False


@dataclass
class Result:
    """The runs of one command and its imports."""

    command: Command
    walls: list[float] = field(default_factory=list)
    modules: int = 0
    import_ms: float = 0.0
    heavy: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.walls) * 1000

    @property
    def p90_ms(self) -> float:
        return statistics.quantiles(self.walls, n=10, method="inclusive")[-1] * 1000


# ---------------------------------------------------------------------------------------------
# A watcher of its own, with its interviews.


def config_text(store: Path, *, holidays: str) -> str:
    return f"""\
[store]
path = "{store}"

[user]
name = "Alex Candidate"

[policy]
timezone = "{TIMEZONE}"
holidays = "{holidays}"
"""


def watcher(env: dict[str, str], *argv: str) -> str:
    """Run ``watcher ARGV`` in this process; return its output, raise RuntimeError if it fails."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), env=env, stdout=out, stderr=err, stdin=io.StringIO(""))
    if code != 0:
        raise RuntimeError(f"watcher {' '.join(argv)} exited with {code}: {err.getvalue()}")
    return out.getvalue()


def track(env: dict[str, str], count: int) -> None:
    """Track ``count`` interviews, from October to early December 2026, in many states: waiting
    for a reply, thanked, with a timeline, with news, rejected, with an offer, closed, with a
    commitment."""
    formats = ("video", "phone", "onsite", "panel", "multi-round")
    for i in range(count):
        day = 1 + i * 66 // count  # spread over 66 days from 1 October
        month, mday = (10, day) if day <= 31 else ((11, day - 31) if day <= 61 else (12, day - 61))
        company = f"Company {i:02d}"
        domain = f"company{i:02d}.example"
        args = [
            "track",
            "add",
            "--company",
            company,
            "--role",
            "Data Engineer" if i % 2 else "Platform Engineer",
            "--at",
            f"2026-{month:02d}-{mday:02d}T{9 + i % 8:02d}:00",
            "--format",
            formats[i % len(formats)],
            "--interviewer",
            f"Dana {i} <dana{i}@{domain}>",
            "--contact",
            f"Rita {i} <rita{i}@{domain}>",
            "--domain",
            domain,
            "--topic",
            "the ingestion pipeline",
            "--json",
            "--now",
            "2026-10-01T08:00",
        ]
        if i % 3 == 0:
            args += ["--interviewer", f"Sam {i} <sam{i}@{domain}>"]
        if i % 4 == 1:
            args += ["--expect", "1 week"]
        created = json.loads(watcher(env, *args))
        ident = str(created["id"])
        after = f"2026-{month:02d}-{mday:02d}T20:00"
        if i % 2 == 0:
            watcher(env, "track", "sent", ident, "--kind", "thank_you", "--at", after)
        if i % 5 == 1:
            watcher(env, "track", "heard", ident, "--kind", "update", "--at", after)
        if i % 7 == 3:
            watcher(env, "track", "heard", ident, "--kind", "rejection", "--at", after)
        if i % 11 == 5:
            watcher(env, "track", "heard", ident, "--kind", "offer", "--at", after)
        if i % 6 == 2:
            by = f"2026-{month:02d}-{mday:02d}T23:00"
            watcher(env, "track", "commit", ident, "--what", "send references", "--by", by)
        if i % 9 == 4:
            watcher(env, "track", "close", ident, "--outcome", "ghosted", "--at", after)


def installed_watcher() -> Path:
    """The installed `watcher` script beside this interpreter (``.venv/bin/watcher``)."""
    script = Path(PYTHON).parent / "watcher"
    if not script.exists():
        raise RuntimeError(f"{script} does not exist: run bench/cli_start.py with .venv/bin/python")
    return script


def commands(script: Path, holiday_config: Path) -> list[Command]:
    w = str(script)
    holidays = (("WATCHER_CONFIG", str(holiday_config)),)
    return [
        Command("python -c pass", (PYTHON, "-c", "pass")),
        Command("watcher --help", (w, "--help")),
        Command("watcher track list", (w, "track", "list", "--now", NOW), target=True),
        Command("watcher plan", (w, "plan", "--now", NOW), target=True),
        Command("track list, US holidays", (w, "track", "list", "--now", NOW), holidays),
        Command("plan, US holidays", (w, "plan", "--now", NOW), holidays),
    ]


# ---------------------------------------------------------------------------------------------
# The runs.


def run_once(command: Command, env: dict[str, str], cwd: Path) -> float:
    """Run ``command`` once; return its wall time. A command that fails is an error."""
    started = time.perf_counter()
    done = subprocess.run(
        command.argv, env=env | dict(command.env), cwd=cwd, capture_output=True, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0 or (command.label != "python -c pass" and not done.stdout):
        raise RuntimeError(
            f"{command.label} exited with {done.returncode}:\n{done.stderr.decode()}"
        )
    return wall


def measure_imports(result: Result, env: dict[str, str], cwd: Path) -> None:
    """Run the command once with ``PYTHONPROFILEIMPORTTIME=1``; record the modules it imported,
    the sum of its top-level imports' times and the heavy modules among them."""
    command = result.command
    done = subprocess.run(
        command.argv,
        env=env | dict(command.env) | {"PYTHONPROFILEIMPORTTIME": "1"},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    names: list[str] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _self, cumulative, name = line.split("|")
        names.append(name.strip())
        if not name.startswith("  "):  # one space after the bar: a top-level import
            result.import_ms += int(cumulative) / 1000
    result.modules = len(names)
    result.heavy = sorted(
        {h for h in HEAVY for n in names if n == h or n.startswith(h + ".")},
        key=HEAVY.index,
    )


def bench(args: argparse.Namespace, root: Path) -> list[Result]:
    env = benchlib.isolated_env(root)
    config_dir = Path(env["XDG_CONFIG_HOME"]) / "watcher"
    config_dir.mkdir(parents=True)
    config = config_dir / "config.toml"
    store = root / "watcher.db"
    config.write_text(config_text(store, holidays=""), encoding="utf-8")
    holiday_config = root / "holidays.toml"
    holiday_config.write_text(config_text(store, holidays="US"), encoding="utf-8")
    say(f"tracking {args.interviews} interviews ...")
    # In this process the XDG directories are this process's: name the config.
    here = env | {"WATCHER_CONFIG": str(config)}
    track(here, args.interviews)
    listed = watcher(here, "track", "list", "--all", "--json", "--now", NOW)
    planned = watcher(here, "plan", "--json", "--now", NOW)
    say(f"  {len(json.loads(listed))} interviews, {len(json.loads(planned))} planned actions")

    # The first run of each command compiles no bytecode in a timed run.
    benchlib.warm_up(root, "watcher.cli, watcher.app", env)
    results = [Result(c) for c in commands(installed_watcher(), holiday_config)]
    for result in results:
        run_once(result.command, env, root)
        measure_imports(result, env, root)
    say(f"{args.repeat} rounds of {len(results)} commands ...")
    for i in range(args.repeat):
        for result in results if i % 2 == 0 else results[::-1]:
            result.walls.append(run_once(result.command, env, root))
    return results


# ---------------------------------------------------------------------------------------------
# The report.


def table(results: list[Result]) -> list[str]:
    rows = [("command", "median ms", "p90 ms", "modules", "imports ms", "heavy modules loaded")]
    for r in results:
        rows.append(
            (
                r.command.label,
                f"{r.median_ms:.1f}",
                f"{r.p90_ms:.1f}",
                str(r.modules),
                f"{r.import_ms:.1f}",
                ", ".join(r.heavy) or "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(w) if i in (0, len(row) - 1) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def checks(results: list[Result]) -> list[tuple[str, bool]]:
    return [
        (
            f"{r.command.label}: median {r.median_ms:.1f} ms < {TARGET_MS:g} ms",
            r.median_ms < TARGET_MS,
        )
        for r in results
        if r.command.target
    ]


def as_json(results: list[Result], args: argparse.Namespace) -> dict[str, Any]:
    return {
        "args": vars(args),
        "machine": benchlib.machine(),
        "code": benchlib.code_version("watcher"),
        "commands": [
            {
                "label": r.command.label,
                "argv": list(r.command.argv[1:]),
                "walls": r.walls,
                "median_ms": r.median_ms,
                "p90_ms": r.p90_ms,
                "modules": r.modules,
                "import_ms": r.import_ms,
                "heavy": r.heavy,
            }
            for r in results
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=50, help="interviews in the store")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each command")
    parser.add_argument("--json-out", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    if args.interviews < 1 or args.repeat < 2:
        parser.error("--interviews must be at least 1 and --repeat at least 2")

    # A SIGTERM or SIGHUP unwinds like Ctrl-C, so the temporary directory goes.
    benchlib.unwind_on_signals()
    root = Path(tempfile.mkdtemp(prefix="watcher-bench-cli-"))
    try:
        results = bench(args, root)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
        say(f"benchmark failed: {error}")
        return 2
    finally:
        shutil.rmtree(root, ignore_errors=True)

    benchlib.print_header(
        "watcher CLI start benchmark",
        f"machine: {benchlib.describe(benchlib.machine())}",
        f"code: {benchlib.code_version('watcher')}",
        f"{args.interviews} interviews; {args.repeat} runs of each command, as a child process "
        f"of {installed_watcher()}",
    )
    print("\n".join(table(results)))
    print()
    lines, missed = benchlib.verdicts(checks(results))
    print("\n".join(lines))
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps(as_json(results, args), indent=2) + "\n", encoding="utf-8"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
