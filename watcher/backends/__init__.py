"""Mailbox backends: one module per kind of server, each the only user of its client library.

:func:`backend_class` turns the config's ``backend = "..."`` into a class, importing it lazily so
that an IMAP user never imports the Gmail client.
"""

from __future__ import annotations

import importlib

from watcher.backends.base import Mailbox
from watcher.errors import ConfigError

BACKENDS: dict[str, str] = {
    "imap": "watcher.backends.imap:ImapMailbox",
    "gmail": "watcher.backends.gmail:GmailMailbox",
}
"""The backends a config may name. (The memory backend is for tests and is built directly.)"""


def backend_class(name: str) -> type[Mailbox]:
    """Given a backend name, return its class; raise ConfigError listing the valid names."""
    target = BACKENDS.get(name)
    if target is None:
        raise ConfigError(
            "accounts",
            [f"backend: unknown backend {name!r} (valid: {', '.join(sorted(BACKENDS))})"],
        )
    module_name, _, class_name = target.partition(":")
    cls: type[Mailbox] = getattr(importlib.import_module(module_name), class_name)
    return cls
