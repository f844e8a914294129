"""The notifier contract, and its error.

A notifier delivers a :class:`~watcher.models.Nudge` once, or raises :class:`NotifyError`; the
engine counts a nudge as delivered when at least one notifier took it, and retries later
otherwise. Mail content inside a nudge is untrusted: a notifier escapes it for its medium.
"""

from __future__ import annotations

import abc

from watcher.errors import WatcherError
from watcher.models import Nudge


class NotifyError(WatcherError):
    """The nudge could not be delivered this way (no session bus, SMTP refused...)."""


class Notifier(abc.ABC):
    """One way of telling the user."""

    name: str

    @abc.abstractmethod
    def send(self, nudge: Nudge) -> None:
        """Deliver ``nudge``; raise NotifyError (naming the fix) if it was not delivered."""

    @abc.abstractmethod
    def probe(self) -> str:
        """Check that a nudge could be delivered, delivering nothing; return what answered
        ("dunst 1.9 on the session bus"). Raise NotifyError naming the fix if it could not."""

    def close(self) -> None:  # noqa: B027 - most notifiers hold nothing open
        """Release what the notifier holds; never raises."""
