"""Benchmark helper: when WATCHER_BENCH_VMHWM names a file, write this process's peak resident
set size (VmHWM from /proc/self/status, Linux) there at exit.

bench/benchlib.py (run_check) puts this directory on the child's PYTHONPATH, so
`python -m watcher` runs unchanged and reports its own high-water mark. VmHWM belongs to the
process's address space since its exec, so it is not inflated by the parent that spawned it
(ru_maxrss of a vforked child is: see bench/README.md).
"""

import atexit
import os

_TARGET = os.environ.get("WATCHER_BENCH_VMHWM")


def _write() -> None:
    if not _TARGET:
        return
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # noqa: PTH123
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        with open(_TARGET, "w", encoding="ascii") as out:  # noqa: PTH123
            out.write(fields["VmHWM"].split()[0] + "\n")  # kB
    except OSError:
        pass


if _TARGET:
    atexit.register(_write)
