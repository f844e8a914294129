"""The layering of DESIGN.md, checked on the source: a module imports only lower layers.

Layer 0 (errors, models, spans, paths, logsetup), layer 1 (config, credentials, mail, policy,
matching, lexicon, templates, store), layer 2 (backends, notify), layer 3 (engine), layer 4 (app),
layer 5 (scheduler: the daemon, on top of app's wiring), layer 6 (cli), layer 7 (__main__).
Each third-party client may be imported by one module only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "watcher"

LAYERS: dict[str, int] = {
    "watcher": 0,
    "watcher.errors": 0,
    "watcher.models": 0,
    "watcher.spans": 0,
    "watcher.paths": 0,
    "watcher.logsetup": 0,
    "watcher.sdnotify": 0,
    "watcher.plugins": 0,
    "watcher.settings": 0,
    "watcher.config": 1,
    "watcher.credentials": 1,
    "watcher.mail": 1,
    "watcher.policy": 1,
    "watcher.matching": 1,
    "watcher.templates": 1,
    "watcher.store": 1,
    "watcher.lexicon": 1,
    "watcher.tracking": 1,
    "watcher.backends": 2,
    "watcher.notify": 2,
    "watcher.oauth": 1.5,
    "watcher.engine": 3,
    "watcher.app": 4,
    "watcher.scheduler": 5,
    "watcher.service": 4,
    "watcher.cli": 6,
    "watcher.__main__": 7,
}

PURE_CORE = {"watcher.policy", "watcher.matching", "watcher.templates", "watcher.models",
             "watcher.spans", "watcher.tracking"}  # fmt: skip
"""Modules that must not touch the clock, the disk or the network."""

IMPURE = {"os", "socket", "sqlite3", "subprocess", "pathlib", "shutil", "urllib", "http",
          "time", "importlib", "io", "tempfile"}  # fmt: skip

OWNED_CLIENTS: dict[str, str | tuple[str, ...]] = {
    "sqlite3": "watcher.store",
    "tomllib": ("watcher.config", "watcher.lexicon"),
    "icalendar": "watcher.mail",
    "holidays": "watcher.config",
    "platformdirs": "watcher.paths",
    "structlog": "watcher.logsetup",
    "jeepney": "watcher.notify.dbus",
    "smtplib": "watcher.notify.smtp",
    "keyring": "watcher.credentials",
    "imapclient": "watcher.backends.imap",
    "googleapiclient": "watcher.backends.gmail",
    "google_auth_oauthlib": "watcher.oauth",
    "google": "watcher.oauth",
    "oauthlib": "watcher.oauth",
    "requests": "watcher.oauth",
    "requests_oauthlib": "watcher.oauth",
    "google_auth_httplib2": "watcher.backends.gmail",
    "httplib2": "watcher.backends.gmail",
    "apscheduler": "watcher.scheduler",
    "aiosmtpd": "",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """Return the layer of a module, or of the package (``watcher.backends``) it belongs to."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in LAYERS and (candidate != "watcher" or module == "watcher"):
            return LAYERS[candidate]
    raise AssertionError(f"{module} has no layer: add it to LAYERS in tests/test_layering.py")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            if node.module == "watcher":
                found.update(
                    f"watcher.{alias.name}"
                    for alias in node.names
                    if (PACKAGE / f"{alias.name}.py").exists() or (PACKAGE / alias.name).is_dir()
                )
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_checked() -> None:
    assert len(MODULES) >= 10
    for path in MODULES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_only_lower_layers(path: Path) -> None:
    name = module_name(path)
    own = layer_of(name)
    for imported in imports(path):
        if imported == "watcher" or not imported.startswith("watcher."):
            continue
        if (
            imported.split(".")[:2] == name.split(".")[:2]
            and name.count(".") + imported.count(".") > 2
        ):
            continue  # within one package of plug-ins (watcher.backends.*)
        assert layer_of(imported) < own or (own == layer_of(imported) == 0 and imported != name), (
            f"{name} (layer {own}) imports {imported} (layer {layer_of(imported)})"
        )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_third_party_clients_have_one_owner(path: Path) -> None:
    name = module_name(path)
    for imported in imports(path):
        root = imported.split(".")[0]
        if root in OWNED_CLIENTS:
            owners = OWNED_CLIENTS[root]
            allowed = (owners,) if isinstance(owners, str) else owners
            assert name in allowed, f"{name} imports {root}, owned by {owners}"


CORE_FILES = [p for p in MODULES if module_name(p) in PURE_CORE]


def test_core_files_exist() -> None:
    assert {"watcher.policy", "watcher.templates", "watcher.models"} <= {
        module_name(p) for p in CORE_FILES
    }


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: module_name(p))
def test_core_is_pure(path: Path) -> None:
    name = module_name(path)
    found = {i.split(".")[0] for i in imports(path)}
    assert not found & IMPURE, f"{name} imports {sorted(found & IMPURE)}"
    source = path.read_text(encoding="utf-8")
    for call in ("datetime.now(", ".today(", "open(", "time.time("):
        assert call not in source, f"{name} reads the clock or the disk ({call})"


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlite3\nfrom watcher import cli\n", encoding="utf-8")
    assert {"sqlite3", "watcher.cli"} <= imports(bad)
    assert layer_of("watcher.cli") > layer_of("watcher.policy")
