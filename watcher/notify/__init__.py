"""Notifiers: how a nudge reaches the user. One module per way, each the only user of its client.

:func:`notifier_class` turns a name of ``[notify]`` ("desktop", "email") into the class that
serves it on this platform, through the plug-in registry (:mod:`watcher.plugins`), importing it
lazily: D-Bus is loaded only where desktop notifications are sent on Linux.
"""

from __future__ import annotations

from watcher import plugins
from watcher.notify.base import Notifier, NotifyError


def notifier_class(name: str, platform: str | None = None) -> type[Notifier]:
    """Given a notifier name and a platform (default: this one), return its class.

    Raise UnknownPlugin listing the valid names; NotifyError naming the fix if the library it
    needs is not installed here.
    """
    try:
        cls = plugins.load("notifier", name, platform)
    except ImportError as error:
        raise NotifyError(
            f"the {name} notifier needs the Python package {error.name or 'it imports'}, which "
            f"is not installed: reinstall watcher (`pip install .`), or turn {name} off in "
            "[notify]"
        ) from None
    assert issubclass(cls, Notifier)
    return cls
