"""The layering checker: the README's architecture tables held against the imports of the code.

The tables in the README's "Architecture" section are the one source (nothing here repeats
them):

- the map (``| layer | module | core | job |``): every module of the package is listed once.
  A module may import the modules of lower layers, and the modules of its own layer listed
  in an earlier row (a row may list several modules: they may not import each other). A module
  marked ``pure`` in the core column must not import what reaches the clock, the disk, the
  network or chance, nor a watcher module that is not pure, nor call the clock.
- the clients (``| third-party client | its only user |``): each client is imported by the
  modules named there, and by no other.

Besides the layers, explicit never-pairs (:func:`never_pairs`): the engine, the wiring and the
shell reach a concrete plug-in (a backend or a notifier) only through the plug-in registry; a
plug-in base never names a plug-in; a plug-in never names another. No module but the registry
loads a module by name (``importlib.import_module``, ``__import__``).

Every import counts for the layers: absolute or relative, at the top or inside a function,
under ``TYPE_CHECKING`` or not; for purity, only what runs (a type-only import runs nothing).
:func:`check` returns what is wrong, one sentence each, so that a test can plant a violation in
a copy of the tree and see it reported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "watcher"

IMPURE = frozenset(
    {"os", "socket", "sqlite3", "subprocess", "pathlib", "shutil", "urllib", "http", "time"}
    | {"importlib", "io", "tempfile", "ssl", "smtplib", "imaplib", "select", "asyncio"}
    | {"random", "secrets", "uuid", "logging", "sys", "fcntl", "signal"}
)
"""Modules whose import would let the pure core reach the clock, the disk, the network or
chance (type-only imports under ``if TYPE_CHECKING:`` run nothing and do not count)."""

CLOCK_CALLS = (".now(", ".utcnow(", ".today(", "open(", "time.time(", "monotonic(", "print(")
"""Calls that read the clock, the disk or the terminal (an aliased ``dt.now()`` included)."""

LOADERS = ("import_module", "__import__")
"""Calls that load a module by name: only the plug-in registry may (``plugins``)."""

SHELL_AND_WIRING = ("engine", "app", "scheduler", "cli")
"""Modules (and packages) that must reach concrete plug-ins through the registry only."""


@dataclass(frozen=True)
class Row:
    """One row of the map: its layer, its position in the table, its modules and whether they
    are pure core."""

    layer: int
    index: int
    modules: tuple[str, ...]
    pure: bool


@dataclass
class Table:
    """The README's tables: the map of modules and the owners of third-party clients."""

    rows: list[Row] = field(default_factory=list)
    owners: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Client (a top-level module name) -> the modules allowed to import it ("" for tests only)."""

    def row_of(self, module: str) -> Row | None:
        for row in self.rows:
            if module in row.modules:
                return row
        return None

    @property
    def modules(self) -> list[str]:
        return [m for row in self.rows for m in row.modules]


_CELL_NAME = re.compile(r"`([^`]+)`")


def read_table(readme: Path) -> Table:
    """Given the README, return the tables of its "## Architecture" section (module names
    relative to the package: ``backends.imap``). Raise ValueError if a table is missing or
    malformed."""
    text = readme.read_text(encoding="utf-8")
    start = text.find("\n## Architecture")
    if start < 0:
        raise ValueError(f"{readme} has no '## Architecture' section")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end >= 0 else len(text)]
    table = Table()
    for header, rows in _markdown_tables(section):
        if header[:2] == ["layer", "module"]:
            core = header.index("core")
            for index, cells in enumerate(rows):
                names = tuple(_CELL_NAME.findall(cells[1]))
                if not cells[0].isdigit() or not names:
                    raise ValueError(f"malformed map row: {' | '.join(cells)}")
                pure = cells[core].strip() == "pure"
                table.rows.append(Row(int(cells[0]), index, names, pure))
        elif header[:1] == ["third-party client"]:
            for cells in rows:
                users = tuple(_CELL_NAME.findall(cells[1])) or ("",)
                for client in _CELL_NAME.findall(cells[0]):
                    table.owners[client] = users
    if not table.rows or not table.owners:
        raise ValueError(f"{readme}: the Architecture section lacks the map or the clients table")
    return table


def _markdown_tables(text: str) -> Iterator[tuple[list[str], list[list[str]]]]:
    lines = [line.strip() for line in text.splitlines()]
    index = 0
    while index < len(lines):
        if lines[index].startswith("|") and index + 1 < len(lines) and "---" in lines[index + 1]:
            header = [c.strip().lower() for c in lines[index].strip("|").split("|")]
            rows = []
            index += 2
            while index < len(lines) and lines[index].startswith("|"):
                rows.append([c.strip() for c in lines[index].strip("|").split("|")])
                index += 1
            yield header, rows
        else:
            index += 1


def module_name(root: Path, path: Path) -> str:
    """The dotted name of a file of the package, relative to it ("" for the package itself)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                found.update(id(n) for n in ast.walk(inner))
    return found


def imports(root: Path, path: Path, *, runtime: bool = False) -> set[str]:
    """Every module a file imports, absolute names (``watcher.store``, ``sqlite3``): top-level
    and function-local imports, relative ones resolved, ``from pkg import mod`` read as the
    module when ``mod`` is one; with ``runtime``, without those under ``if TYPE_CHECKING:``."""
    name = module_name(root, path)
    is_package = path.name == "__init__.py"
    own_package = [PACKAGE, *name.split(".")] if name else [PACKAGE]
    if not is_package:
        own_package = own_package[:-1]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_only(tree) if runtime else set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = own_package[: len(own_package) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if _is_module(root, candidate):
                    found.add(candidate)
    return {f for f in found if f}


def _is_module(root: Path, dotted: str) -> bool:
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return False
    where = root.joinpath(*parts[1:])
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


def _relative(dotted: str) -> str | None:
    """``watcher.backends.imap`` -> ``backends.imap``; ``watcher`` -> ""; others None."""
    if dotted == PACKAGE:
        return ""
    if dotted.startswith(PACKAGE + "."):
        return dotted[len(PACKAGE) + 1 :]
    return None


def _within(module: str, prefixes: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def never_pairs(plugins: dict[str, set[str]]) -> list[tuple[tuple[str, ...], set[str], str]]:
    """The explicit forbidden imports: (importers, forbidden modules, why). ``plugins`` maps a
    plug-in package ("backends", "notify") to its plug-in modules."""
    every_plugin = set().union(*plugins.values()) if plugins else set()
    rules: list[tuple[tuple[str, ...], set[str], str]] = [
        (SHELL_AND_WIRING, every_plugin, "a concrete plug-in is reached only through the registry")
    ]
    for package, members in plugins.items():
        rules.append(((f"{package}.base",), members, "a plug-in base never names a plug-in"))
        for member in sorted(members):
            rules.append(((member,), members - {member}, "a plug-in never names another"))
    return rules


def check(root: Path, table: Table, plugins: dict[str, set[str]]) -> list[str]:
    """Given the package's folder, the README's tables and the plug-in modules of each plug-in
    package, return every violation, one sentence each (empty when the code keeps the layers).
    """
    problems: list[str] = []
    files = {module_name(root, p): p for p in sorted(root.rglob("*.py"))}
    listed = table.modules
    for name in files:
        if listed.count(name or "__init__") == 0 and name != "":
            problems.append(f"{name or PACKAGE} is not in the README's map: add a row for it")
    for name in listed:
        if name not in files:
            problems.append(f"the README's map lists {name}, which does not exist")
        if listed.count(name) > 1:
            problems.append(f"the README's map lists {name} more than once")
    rules = never_pairs(plugins)
    for name, path in files.items():
        if name == "":
            continue  # the package's face: its version only
        row = table.row_of(name)
        found = imports(root, path)
        running = imports(root, path, runtime=True)
        for imported in sorted(found):
            relative = _relative(imported)
            pure = row is not None and row.pure and imported in running
            if relative is None:
                problems += _client_problems(name, imported, table)
                if pure and imported.split(".")[0] in IMPURE:
                    problems.append(f"{name} is pure core but imports {imported}")
                continue
            target_row = table.row_of(relative) if relative else None
            if pure and target_row is not None and not target_row.pure:
                problems.append(f"{name} is pure core but imports {relative}, which is not")
            if relative == "" or relative == name or row is None:
                continue
            target = table.row_of(relative)
            if target is None:
                continue  # reported above as missing from the map
            if not (
                target.layer < row.layer or (target.layer == row.layer and target.index < row.index)
            ):
                problems.append(
                    f"{name} (layer {row.layer}) imports {relative} (layer {target.layer}"
                    f"{', listed after it' if target.layer == row.layer else ''})"
                )
            for importers, forbidden, why in rules:
                if _within(name, importers) and relative in forbidden:
                    problems.append(f"{name} imports {relative}: {why}")
        source = path.read_text(encoding="utf-8")
        if row is not None and row.pure:
            for call in CLOCK_CALLS:
                if call in source:
                    problems.append(f"{name} is pure core but reads the clock or the disk ({call})")
        if name != "plugins":
            for loader in LOADERS:
                if f"{loader}(" in source:
                    problems.append(
                        f"{name} calls {loader}: modules are loaded by name only through the "
                        "plug-in registry (plugins)"
                    )
    return problems


def _client_problems(name: str, imported: str, table: Table) -> list[str]:
    root = imported.split(".")[0]
    owners = table.owners.get(root)
    if owners is None or name in owners:
        return []
    if owners == ("",):
        return [f"{name} imports {root}, which only the tests may use"]
    return [f"{name} imports {root}, whose only user is {', '.join(owners)}"]
