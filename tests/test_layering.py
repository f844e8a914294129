"""The layering of the README's "Architecture" section, checked on the source (tests/layering.py).

The self-test copies the package to a temporary folder, plants one violation of each kind and
runs the real check on the copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.layering import check, imports, read_table
from watcher import plugins
from watcher.backends.base import Mailbox
from watcher.notify.base import Notifier

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "watcher"
TABLE = read_table(ROOT / "README.md")


def plugin_modules(table: Mapping[str, str]) -> set[str]:
    """The modules (relative to the package) of the registry's plug-ins of one kind, on every
    platform."""
    targets = [*table.values()]
    targets += [t for (name, _platform), t in plugins.ON_PLATFORM.items() if name in table]
    return {t.partition(":")[0].removeprefix("watcher.") for t in targets}


PLUGINS = {
    "backends": plugin_modules(plugins.BACKENDS) | {"backends.memory"},
    "notify": plugin_modules(plugins.NOTIFIERS) | {"notify.memory"},
}
"""The plug-in modules: those of the registry, and the memory ones the tests build directly."""


def test_the_code_keeps_the_layers_of_the_readme() -> None:
    assert check(PACKAGE, TABLE, PLUGINS) == []


def test_the_readme_map_covers_the_layers_of_the_design() -> None:
    layers = {row.layer for row in TABLE.rows}
    assert layers == set(range(7))
    pure = {m for row in TABLE.rows if row.pure for m in row.modules}
    assert {"policy", "matching", "classify", "templates", "models", "dates"} <= pure
    assert TABLE.owners["sqlite3"] == ("store",)
    assert TABLE.owners["jeepney"] == ("notify.dbus",)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package to plant violations in."""
    target = tmp_path / "watcher"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def plant(root: Path, module: str, code: str) -> None:
    path = root.joinpath(*module.split(".")).with_suffix(".py")
    if not path.exists():
        path = root.joinpath(*module.split("."), "__init__.py")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + code + "\n", encoding="utf-8")


def test_the_unchanged_copy_passes(copy: Path) -> None:
    assert check(copy, TABLE, PLUGINS) == []


@pytest.mark.parametrize(
    ("module", "code", "reported"),
    [
        ("store", "from . import cli", "store (layer 1) imports cli (layer 5)"),
        (
            "backends.imap",
            "def later():\n    from ..engine import Engine",
            "backends.imap (layer 2) imports engine (layer 3)",
        ),
        (
            "policy",
            "import typing\nif typing.TYPE_CHECKING:\n    from watcher import app",
            "policy (layer 1) imports app (layer 4)",
        ),
        ("matching", "from watcher import classify", "listed after it"),
        (
            "engine",
            "def sneak():\n    import watcher.backends.imap",
            "engine imports backends.imap: a concrete plug-in is reached only through the registry",
        ),
        ("app", "from .notify import dbus", "app imports notify.dbus: a concrete plug-in"),
        (
            "backends.base",
            "from watcher.backends import gmail",
            "backends.base imports backends.gmail: a plug-in base never names a plug-in",
        ),
        (
            "backends.imap",
            "from . import gmail",
            "backends.imap imports backends.gmail: a plug-in never names another",
        ),
        ("policy", "import sqlite3", "policy is pure core but imports sqlite3"),
        ("policy", "import os.path", "policy is pure core but imports os.path"),
        ("templates", "def f():\n    return open('x')", "templates is pure core but reads"),
        ("engine", "import imapclient", "engine imports imapclient, whose only user is"),
        ("policy", "from watcher import paths", "policy is pure core but imports paths, which"),
        ("templates", "import datetime as dt\nNOW = dt.datetime.now()", "reads the clock"),
        ("classify", "import random", "classify is pure core but imports random"),
        (
            "app",
            "import importlib\nimportlib.import_module('watcher.backends.imap')",
            "app calls import_module: modules are loaded by name only through the",
        ),
        ("app", "import fcntl", "app imports fcntl, whose only user is"),
        ("credentials", "import aiosmtpd", "credentials imports aiosmtpd, which only the tests"),
    ],
)
def test_a_planted_violation_is_reported(copy: Path, module: str, code: str, reported: str) -> None:
    plant(copy, module, code)
    problems = check(copy, TABLE, PLUGINS)
    assert any(reported in problem for problem in problems), problems


def test_a_type_only_import_keeps_a_module_pure(copy: Path) -> None:
    plant(copy, "policy", "import typing\nif typing.TYPE_CHECKING:\n    from pathlib import Path")
    assert check(copy, TABLE, PLUGINS) == []


def test_every_plugin_of_the_registry_loads() -> None:
    for name in plugins.BACKENDS:
        assert issubclass(plugins.load("backend", name), Mailbox)
    for name in plugins.NOTIFIERS:
        for platform in ("linux", "darwin"):
            assert issubclass(plugins.load("notifier", name, platform), Notifier)


def test_a_module_missing_from_the_map_is_reported(copy: Path) -> None:
    (copy / "helpers.py").write_text("import os\n", encoding="utf-8")
    assert check(copy, TABLE, PLUGINS) == ["helpers is not in the README's map: add a row for it"]


def test_a_listed_module_that_is_gone_is_reported(copy: Path) -> None:
    (copy / "spans.py").unlink()
    problems = check(copy, TABLE, PLUGINS)
    assert "the README's map lists spans, which does not exist" in problems


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    root = tmp_path / "watcher"
    (root / "backends").mkdir(parents=True)
    for name in ("__init__.py", "store.py", "cli.py", "backends/__init__.py", "backends/base.py"):
        (root / name).write_text("", encoding="utf-8")
    module = root / "backends" / "imap.py"
    module.write_text(
        "from . import base\nfrom .. import store\nfrom ..cli import main\n"
        "def f():\n    from .base import Mailbox\n",
        encoding="utf-8",
    )
    assert imports(root, module) == {
        "watcher.backends",
        "watcher.backends.base",
        "watcher",
        "watcher.store",
        "watcher.cli",
    }
