"""The notifier contract, and its error.

A notifier delivers a :class:`~watcher.models.Nudge` once, or raises :class:`NotifyError`; the
engine counts a nudge as delivered when at least one notifier took it, and retries later
otherwise. Mail content inside a nudge is untrusted: a notifier escapes it for its medium.
Notifiers are loaded by name through :func:`watcher.notify.notifier_class`.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable
from typing import ClassVar

from watcher.errors import WatcherError
from watcher.models import Nudge
from watcher.settings import NotifyConfig

OnButton = Callable[[int, str], None]
"""Called as ``on_button(notification_id, key)`` when the user presses a button ("snooze",
"heard"; "track", "ignore" on an interview found in mail) of a notification that
:meth:`Notifier.send` returned ``notification_id`` for."""


class NotifyError(WatcherError):
    """The nudge could not be delivered this way (no session bus, SMTP refused...)."""


class Notifier(abc.ABC):
    """One way of telling the user."""

    name: str
    buttons: ClassVar[bool] = False
    """Whether its notifications can carry the buttons "Snooze 2 days" and "Mark as heard
    back" (and "Track" and "Ignore" on an interview found in mail; then :meth:`listen` reports
    the presses). A notifier without says the commands of a suggestion
    (:attr:`~watcher.models.Nudge.commands`) instead."""

    @classmethod
    @abc.abstractmethod
    def from_settings(cls, settings: NotifyConfig, password: Callable[[], str] | None) -> Notifier:
        """Return the notifier ``[notify]`` configures (the registry's constructor);
        ``password`` reads the password it logs in with, if it needs one."""

    @abc.abstractmethod
    def send(self, nudge: Nudge) -> int | None:
        """Deliver ``nudge``; raise NotifyError (naming the fix) if it was not delivered.

        Return the id its button presses will carry (see :meth:`listen`), or None when the
        delivered nudge has no buttons."""

    @abc.abstractmethod
    def probe(self) -> str:
        """Check that a nudge could be delivered, delivering nothing; return what answered
        ("dunst 1.9 on the session bus"). Raise NotifyError naming the fix if it could not."""

    def listen(self, on_button: OnButton, stop: threading.Event) -> None:
        """Call ``on_button`` for each button pressed, until ``stop`` is set (block: run it in
        a thread). Raise NotifyError when the channel breaks. Only where :attr:`buttons`."""
        raise NotImplementedError(f"{type(self).__name__} has no buttons")

    def close(self) -> None:  # noqa: B027 - most notifiers hold nothing open
        """Release what the notifier holds; never raises."""
