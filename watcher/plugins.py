"""The plug-ins a config may name, mailbox backends and notifiers, in one lazy registry.

Each name maps to ``"module:Class"``; nothing is imported until :func:`load` is called, so an
IMAP user never loads the Gmail client and the CLI starts without D-Bus. The desktop notifier
depends on the platform: osascript on macOS, the D-Bus notification service (jeepney) elsewhere.
The typed faces are :func:`watcher.backends.backend_class` and
:func:`watcher.notify.notifier_class`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from types import MappingProxyType

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    Kind: TypeAlias = Literal["backend", "notifier"]

BACKENDS: Mapping[str, str] = MappingProxyType(
    {
        "imap": "watcher.backends.imap:ImapMailbox",
        "gmail": "watcher.backends.gmail:GmailMailbox",
    }
)
"""The backends a config may name (``[[accounts]] backend``). The memory backend is for tests
and is built directly."""

NOTIFIERS: Mapping[str, str] = MappingProxyType(
    {
        "desktop": "watcher.notify.dbus:DbusNotifier",
        "email": "watcher.notify.smtp:SmtpNotifier",
    }
)
"""The notifiers ``[notify]`` may turn on."""

ON_PLATFORM: Mapping[tuple[str, str], str] = MappingProxyType(
    {("desktop", "darwin"): "watcher.notify.osascript:OsascriptNotifier"}
)
"""Where a platform (``sys.platform``) replaces a notifier of :data:`NOTIFIERS`."""

_TABLES: Mapping[Kind, Mapping[str, str]] = MappingProxyType(
    {"backend": BACKENDS, "notifier": NOTIFIERS}
)


class UnknownPlugin(LookupError):
    """No plug-in of that kind has that name; the message lists the valid names."""


def target(kind: Kind, name: str, platform: str | None = None) -> str:
    """Given a kind, a name and a platform (default: this one), return its ``"module:Class"``.

    Raise UnknownPlugin listing the valid names if there is no such plug-in.
    """
    table = _TABLES[kind]
    if name not in table:
        raise UnknownPlugin(f"unknown {kind} {name!r} (valid: {', '.join(sorted(table))})")
    return ON_PLATFORM.get((name, platform or sys.platform), table[name])


def load(kind: Kind, name: str, platform: str | None = None) -> type:
    """Import and return the class of a plug-in (see :func:`target`).

    Raise UnknownPlugin for an unknown name; ImportError if its module cannot be imported (a
    dependency missing on this platform).
    """
    module_name, _, class_name = target(kind, name, platform).partition(":")
    cls: type = getattr(importlib.import_module(module_name), class_name)
    return cls
