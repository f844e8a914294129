"""A notifier that keeps what it is given, for tests of the engine (and a dry run)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from watcher.models import Nudge
from watcher.notify.base import Notifier, NotifyError
from watcher.settings import NotifyConfig


class MemoryNotifier(Notifier):
    """Record each delivered nudge in :attr:`sent`; :meth:`fail_next` makes a send fail.

    :attr:`attempts` counts every call to :meth:`send`, failed ones included. Safe to use from
    several threads.
    """

    name = "memory"

    def __init__(self) -> None:
        self.sent: list[Nudge] = []
        self.attempts = 0
        self.closed = False
        self._failures: list[NotifyError] = []
        self._lock = threading.Lock()

    @classmethod
    def from_settings(
        cls, settings: NotifyConfig, password: Callable[[], str] | None
    ) -> MemoryNotifier:
        return cls()

    def fail_next(self, error: NotifyError | str = "the memory notifier was told to fail") -> None:
        """Make the next :meth:`send` raise ``error`` (a NotifyError, or its message).

        Called several times, it queues that many failures, in order.
        """
        with self._lock:
            self._failures.append(error if isinstance(error, NotifyError) else NotifyError(error))

    def send(self, nudge: Nudge) -> None:
        with self._lock:
            self.attempts += 1
            if self._failures:
                raise self._failures.pop(0)
            self.sent.append(nudge)

    def probe(self) -> str:
        return "the memory notifier (tests)"

    def close(self) -> None:
        self.closed = True
