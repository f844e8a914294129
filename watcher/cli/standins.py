"""Two standard modules that the command line's first imports load and never use, left out.

``pathlib`` imports :mod:`urllib.parse` (which imports :mod:`ipaddress`: 4 ms of every start
on Python 3.11) for ``Path.as_uri`` alone; ``argparse`` imports :mod:`gettext` (1.5 ms) for
words that :mod:`watcher.cli.context` keeps English anyway. While the command line imports
those two, each of these modules is a stand-in in ``sys.modules``: ``as_uri`` gets a function
that imports the real ``urllib.parse`` when it is called, argparse gets English words. The
stand-ins are taken out of ``sys.modules`` right after, so any later ``import`` of either
module gets the real one. Nothing is stood in for when the importer of a module is already
loaded (watcher used as a library, the test suite).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from types import ModuleType

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from collections.abc import Iterator


def _quote_from_bytes(bs: bytes, safe: str = "/") -> str:
    from urllib.parse import quote_from_bytes  # the real one, when a path is made a URI

    return quote_from_bytes(bs, safe)


def _gettext(message: str) -> str:
    return message


def _ngettext(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def _stand_in(name: str, **attributes: object) -> ModuleType:
    module = ModuleType(name, f"watcher's stand-in for {name} (watcher.cli.standins)")
    module.__dict__.update(attributes)
    return module


@contextmanager
def while_importing() -> Iterator[None]:
    """Within the block, ``urllib.parse`` and ``gettext`` are stand-ins for the imports of
    ``pathlib`` and ``argparse`` (each only when neither it nor its importer is loaded)."""
    stood: list[str] = []
    for importer, name, module in (
        ("pathlib", "urllib.parse", _stand_in("urllib.parse", quote_from_bytes=_quote_from_bytes)),
        ("argparse", "gettext", _stand_in("gettext", gettext=_gettext, ngettext=_ngettext)),
    ):
        if importer not in sys.modules and name not in sys.modules:
            sys.modules[name] = module
            stood.append(name)
    try:
        yield
    finally:
        for name in stood:
            del sys.modules[name]
