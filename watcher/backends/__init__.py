"""Mailbox backends: one module per kind of server, each the only user of its client library.

:func:`backend_class` turns the config's ``backend = "..."`` into a class through the plug-in
registry (:mod:`watcher.plugins`), importing it lazily so that an IMAP user never imports the
Gmail client.
"""

from __future__ import annotations

from watcher import plugins
from watcher.backends.base import Mailbox
from watcher.errors import ConfigError


def backend_class(name: str) -> type[Mailbox]:
    """Given a backend name, return its class; raise ConfigError listing the valid names."""
    try:
        cls = plugins.load("backend", name)
    except plugins.UnknownPlugin as error:
        raise ConfigError("accounts", [f"backend: {error}"]) from None
    assert issubclass(cls, Mailbox)
    return cls
