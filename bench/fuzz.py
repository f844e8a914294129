"""Benchmark: hostile mail through the pipeline, 10,000 seeded inputs.

Each input of tests/fuzz.py (a corpus or synthetic message changed by one to three
structure-aware or random mutations) goes through what a check does with a message:
split_message, parse, match, classify, classify_sent and compose_draft with the message's subject
as the reply subject. The targets:

- no escape: nothing but MalformedMessage out of split_message and parse, nothing at all out of
  the rest;
- every message in under 1 s (the slowest is reported, with p50 and p99);
- peak memory under 100 MB above what the process held before the first input (VmHWM, reset
  before each input where /proc/self/clear_refs allows, so the message that cost the most is
  named).

Usage: .venv/bin/python bench/fuzz.py [--count 10000] [--seed 20261206] [--json-out FILE]
       [--timeout SECONDS] [--hot-spots]

``--hot-spots`` runs instead each construction of tests/fuzz.py's HOT_SPOTS once, at full size
(the inputs that crashed the pipeline or took minutes), with the same targets.

It exits 0 when every target holds, 1 when one is missed and 2 on an error. ``--timeout`` stops
an input that runs longer (counted as slow, not as an escape): without it, code that is
quadratic in hostile input can take hours. The table goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import json
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from types import FrameType

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

import benchlib  # noqa: E402
from benchlib import say  # noqa: E402

from tests import fuzz  # noqa: E402

MAX_SECONDS = 1.0
MAX_PEAK_MB = 100.0
CLEAR_REFS = Path("/proc/self/clear_refs")


class _Timeout(BaseException):
    """An input ran past --timeout (a BaseException, so no ``except Exception`` swallows it)."""


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Timeout


def _status_kb(key: str) -> int | None:
    """The field ``key`` (VmHWM, VmRSS) of /proc/self/status in kB, or None."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _libc_trim() -> Callable[[int], object]:
    """Return glibc's malloc_trim, or a no-op elsewhere."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    return trim if callable(trim) else (lambda _pad: 0)


MALLOC_TRIM = _libc_trim()


def _settle() -> None:
    """Give back to the system what making the last inputs left behind: glibc keeps freed heap
    memory (its mmap threshold rises after a large free), which would count against the next
    input's peak."""
    gc.collect()
    MALLOC_TRIM(0)


def _reset_peak() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux 4.0+); return whether it worked."""
    try:
        CLEAR_REFS.write_text("5\n", encoding="ascii")
    except OSError:
        return False
    return True


def _code() -> str:
    """The commit measured, and whether watcher/ has uncommitted changes."""
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "watcher"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{head or 'unknown'}{' + uncommitted changes to watcher/' if dirty else ''}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _run(case: fuzz.Case, timeout: float) -> fuzz.Outcome:
    """Check one input, stopped after ``timeout`` seconds if that is positive."""
    if timeout > 0:
        signal.setitimer(signal.ITIMER_REAL, timeout)
    clock = time.perf_counter()
    try:
        return fuzz.check(case)
    except _Timeout:
        elapsed = time.perf_counter() - clock
        return fuzz.Outcome(case.number, case.mutations, len(case.data), "timeout", elapsed)
    finally:
        if timeout > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)


def hot_spots(args: argparse.Namespace) -> int:
    """Run each of tests/fuzz.py's HOT_SPOTS once and print a table: the result, the time, the
    memory the message added (VmHWM above the RSS before it) and the sender read. Return 1 when
    one escapes, takes 1 s or more, or adds 100 MB or more."""
    for case in fuzz.cases(0, 5, largest=1000):
        fuzz.check(case)
    if args.timeout > 0:
        signal.signal(signal.SIGALRM, _on_alarm)
    info = benchlib.machine()
    benchlib.print_header(
        "bench/fuzz.py --hot-spots: each construction once, at full size",
        f"machine: {benchlib.describe(info)}",
        f"code: {_code()}",
        "memory: VmHWM above the RSS before the message (the message itself made before)"
        + (f"; timeout {args.timeout:g} s" if args.timeout > 0 else ""),
    )
    rows: list[dict[str, object]] = []
    checks: list[tuple[str, bool]] = []
    for number, (name, make) in enumerate(fuzz.HOT_SPOTS.items()):
        data = make()
        _settle()
        before = _status_kb("VmRSS")
        measured = _reset_peak() and before is not None
        outcome = _run(fuzz.Case(number, (name,), data), args.timeout)
        hwm = _status_kb("VmHWM")
        added = (hwm - before) * 1024 / 1e6 if measured and hwm and before else float("nan")
        sender = fuzz.sender_of(data) if outcome.result != "timeout" else ""
        rows.append(
            {
                "name": name,
                "size": len(data),
                "result": outcome.result,
                "error": outcome.error,
                "seconds": outcome.seconds,
                "added_mb": added,
                "sender": sender,
            }
        )
        shown = f"{outcome.result} ({outcome.error})" if outcome.error else outcome.result
        over = ">" if outcome.result == "timeout" else ""
        print(
            f"{name:36} {len(data):>11,} B  {shown[:44]:44}  {over}{outcome.seconds:8.3f} s  "
            f"{added:7.1f} MB  {sender[:60]}"
        )
        checks.append(
            (
                f"{name}: {outcome.result} (no escape), {outcome.seconds:.3f} s < "
                f"{MAX_SECONDS:g} s, {added:.1f} MB < {MAX_PEAK_MB:g} MB",
                outcome.result in ("parsed", "malformed")
                and outcome.seconds < MAX_SECONDS
                and added < MAX_PEAK_MB,
            )
        )
        del data
    print()
    lines, missed = benchlib.verdicts(checks)
    print("\n".join(lines))
    if args.json_out:
        figures = {"machine": info, "code": _code(), "hot_spots": rows, "missed": missed}
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs (default 10000)")
    parser.add_argument("--seed", type=int, default=20261206, help="the random seed")
    parser.add_argument("--json-out", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--timeout", type=float, default=0.0, help="stop an input after this many seconds"
    )
    parser.add_argument(
        "--hot-spots",
        action="store_true",
        help="run only the named constructions of tests/fuzz.py (HOT_SPOTS), at full size",
    )
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.hot_spots:
        return hot_spots(args)

    limit = resource.getrlimit(resource.RLIMIT_STACK)
    # Warm up: the lexicon, the regexes and the caches of the first message are not the
    # benchmark's subject.
    for case in fuzz.cases(0, 5, largest=1000):
        fuzz.check(case)
    _settle()
    per_message = _reset_peak()
    start_kb = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.timeout > 0:
        signal.signal(signal.SIGALRM, _on_alarm)

    outcomes: list[fuzz.Outcome] = []
    peaks: list[tuple[int, int]] = []  # (kB above the start, input number)
    growths: list[tuple[int, int]] = []  # (kB above the RSS before the input, input number)
    settle = False
    timed_out: list[fuzz.Outcome] = []
    started = time.perf_counter()
    for case in fuzz.cases(args.seed, args.count):
        if settle or len(case.data) > 1_000_000:
            _settle()
        settle = len(case.data) > 1_000_000
        before = _status_kb("VmRSS")
        if per_message:
            _reset_peak()
        outcome = _run(case, args.timeout)
        if outcome.result == "timeout":
            timed_out.append(outcome)
        outcomes.append(outcome)
        hwm = _status_kb("VmHWM")
        if hwm is not None:
            peaks.append((hwm - start_kb, case.number))
            if per_message and before is not None:
                growths.append((hwm - before, case.number))
        if outcome.result == "escaped":
            say(f"ESCAPE #{case.number} {'+'.join(case.mutations)}: {outcome.error}")
        elif outcome.seconds > MAX_SECONDS:
            say(f"slow #{case.number} {'+'.join(case.mutations)}: {outcome.seconds:.2f} s")
        if (case.number + 1) % 1000 == 0:
            say(f"{case.number + 1} inputs, {time.perf_counter() - started:.0f} s")
    wall = time.perf_counter() - started

    if not per_message:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peaks.append((max(_status_kb("VmHWM") or maxrss, maxrss) - start_kb, -1))
    peak_kb, peak_number = max(peaks) if peaks else (0, -1)
    peak_mb = max(0, peak_kb) * 1024 / 1e6
    growth_kb, growth_number = max(growths) if growths else (0, -1)
    growth_mb = max(0, growth_kb) * 1024 / 1e6
    results = Counter(o.result for o in outcomes)
    escapes = [o for o in outcomes if o.result == "escaped"]
    seconds = [o.seconds for o in outcomes]
    slowest = sorted(outcomes, key=lambda o: o.seconds, reverse=True)[:5]
    errors = Counter(o.error.partition(":")[0] for o in escapes)
    mutation_counts = Counter(name for o in outcomes for name in o.mutations)

    info = benchlib.machine()
    benchlib.print_header(
        "bench/fuzz.py: hostile mail through split_message, parse, match, classify, "
        "classify_sent, compose_draft",
        f"machine: {benchlib.describe(info)}",
        f"code: {_code()}",
        f"inputs: {args.count}, seed {args.seed}, {wall:.1f} s in all"
        + (f", timeout {args.timeout:g} s per input" if args.timeout > 0 else ""),
        "peak memory: VmHWM above the start ("
        + ("reset before each input" if per_message else "the whole run")
        + f"); stack limit {limit[0]}",
    )
    sizes = sorted(o.size for o in outcomes)
    print(f"results: {', '.join(f'{k} {v}' for k, v in sorted(results.items()))}")
    print(f"input size: median {sizes[len(sizes) // 2]:,} B, largest {sizes[-1]:,} B")
    print(
        f"time per message: p50 {statistics.median(seconds) * 1000:.2f} ms, "
        f"p99 {_percentile(seconds, 0.99) * 1000:.1f} ms, max {max(seconds):.3f} s"
    )
    print(f"messages over {MAX_SECONDS:g} s: {sum(s > MAX_SECONDS for s in seconds)}")
    print(f"peak memory above the start: {peak_mb:.1f} MB (input #{peak_number})")
    if growths:
        print(
            f"largest growth while one input was processed: {growth_mb:.1f} MB "
            f"(input #{growth_number}; the input itself was made before)"
        )
    if errors:
        print("escapes by exception: " + ", ".join(f"{k} {v}" for k, v in errors.most_common()))
        for outcome in escapes[:10]:
            print(f"  #{outcome.number} {'+'.join(outcome.mutations)}: {outcome.error}")
    print("slowest:")
    for outcome in slowest:
        print(
            f"  #{outcome.number} {outcome.seconds:.3f} s {outcome.result} "
            f"{outcome.size:,} B {'+'.join(outcome.mutations)}"
        )
    print("mutations applied: " + ", ".join(f"{k} {v}" for k, v in sorted(mutation_counts.items())))
    print()
    lines, missed = benchlib.verdicts(
        [
            (f"escapes: {len(escapes)} (0 allowed)", not escapes),
            (
                f"slowest message {max(seconds):.3f} s < {MAX_SECONDS:g} s"
                + (f" ({len(timed_out)} stopped at the timeout)" if timed_out else ""),
                max(seconds) < MAX_SECONDS and not timed_out,
            ),
            (f"peak memory {peak_mb:.1f} MB < {MAX_PEAK_MB:g} MB", peak_mb < MAX_PEAK_MB),
        ]
    )
    print("\n".join(lines))
    if args.json_out:
        figures = {
            "machine": info,
            "code": _code(),
            "count": args.count,
            "seed": args.seed,
            "timeout": args.timeout,
            "wall": wall,
            "results": dict(results),
            "p50": statistics.median(seconds),
            "p99": _percentile(seconds, 0.99),
            "max": max(seconds),
            "over_limit": sum(s > MAX_SECONDS for s in seconds),
            "peak_mb": peak_mb,
            "peak_input": peak_number,
            "growth_mb": growth_mb if growths else None,
            "growth_input": growth_number,
            "escapes": [
                {k: v for k, v in asdict(o).items() if k != "trace"} | {"trace": o.trace}
                for o in escapes
            ],
            "slowest": [asdict(o) for o in slowest],
            "missed": missed,
        }
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # an error of the benchmark itself, not of an input
        say(f"bench/fuzz.py: {type(error).__name__}: {error}")
        sys.exit(2)
