"""SIGTERM and SIGINT as a request to stop, whenever and however often they come.

`watcher run` makes a :class:`StopSignals` before anything slow (importing the scheduler,
reading the config), so that a stop asked for during start-up is kept, not the signal's default
action (death by SIGTERM, exit 143). Standard library only, and cheap to import.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

WAKE_EVERY = 1.0
"""The longest the main thread sleeps between two looks at the signals received (seconds): a
bound on the wait should the pipe's wake-up ever be missed."""


class StopSignals:
    """Catches SIGTERM and SIGINT from the moment it is made (in the main thread).

    The handler runs in the main thread between any two of its bytecodes, perhaps inside a lock
    that thread holds (a logging handler's, a :class:`threading.Event`'s), or while it shuts
    the scheduler down: so it takes no lock, logs nothing and raises nothing. It only records
    the signal and writes a byte to a pipe, which wakes :meth:`wait`. A second or fifth signal,
    at any moment, asks for nothing more.
    """

    def __init__(self) -> None:
        self.received: list[signal.Signals] = []
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._before = {signum: signal.signal(signum, self._caught) for signum in STOP_SIGNALS}
        # A signal may reach another thread (the scheduler's) while the main one sleeps in
        # select(), which is then not interrupted, and Python runs the handler above only when
        # the main thread runs again: the C handler writes to this pipe too, from any thread.
        os.set_blocking(self._read, False)
        self._wakeup_before = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)

    def ignore(self) -> None:
        """From now on ignore SIGTERM and SIGINT, for a process that has stopped and is exiting
        with 0: Python's finalization would give them their default action back (death by the
        signal, exit 143) for its last moments, while an ignored one stays ignored."""
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)

    def restore(self) -> None:
        """Give the signals back their handlers of before (when `watcher run` refuses to
        start, inside a process that goes on, such as the tests')."""
        for signum, handler in self._before.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        signal.set_wakeup_fd(self._wakeup_before)
        for fd in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _caught(self, signum: int, _frame: FrameType | None) -> None:
        self.received.append(signal.Signals(signum))
        with contextlib.suppress(OSError):  # the pipe is full: wait() is woken already
            os.write(self._write, b"\0")

    @property
    def first(self) -> signal.Signals | None:
        """The first signal received, or None."""
        return self.received[0] if self.received else None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a stop signal has come (return True) or ``timeout`` seconds have passed
        (return False; None waits for ever)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.received:
            left = WAKE_EVERY if deadline is None else min(WAKE_EVERY, deadline - time.monotonic())
            if left <= 0:
                return False
            # A signal between the check above and select() has written to the pipe already;
            # its handler runs once select() has returned, before the check above.
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(self._read, 512)
        return True
