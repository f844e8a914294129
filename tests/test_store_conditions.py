"""What the commands say when the state database meets real conditions: a full disk, a read-only
file, directory or file system, a damaged file, another program holding its write lock, a newer
schema; and that the commands that only read work on a store they cannot write.

The conditions are real, made here as root: a small tmpfs filled up (``mount -t tmpfs``), a
read-only bind mount, ``chattr +i``, and a process run as the user ``nobody`` (uid 65534), for
whom ``chmod`` counts (it does not for root). A test whose condition cannot be made here (not
root, no mount, a file system without ``chattr``) is skipped, saying why.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.cliresult import Result, config_head, home_env, run_cli
from tests.servers.dovecot import DovecotServer, MailUser
from watcher import store as store_module
from watcher.store import MIGRATIONS

NOW = "2026-11-25T09:00"
ADD = (
    *("track", "add", "--company", "Northwind", "--role", "Data Engineer"),
    *("--at", "2026-11-24T14:00", "--interviewer", "Dana Reyes <dana@northwind.example>"),
    *("--domain", "northwind.example", "--now", "2026-11-20T09:00"),
)
ADD_ANOTHER = (
    *("track", "add", "--company", "Globex", "--role", "Backend Developer"),
    *("--at", "2026-11-24T10:00", "--now", "2026-11-20T09:00"),
)
READS: tuple[tuple[str, ...], ...] = (
    ("track", "list", "--now", NOW),
    ("track", "show", "1", "--now", NOW),
    ("track", "export", "--now", NOW),
    ("plan", "--now", NOW),
    ("draft", "preview", "1", "--kind", "thank_you", "--now", NOW),
)
"""Every command that only reads (but `check --dry-run`, which needs a mailbox), each of which
shows the Northwind interview."""
NOBODY = 65534
REPO = Path(__file__).resolve().parent.parent
STILL_READ = "commands that only read (`watcher track list`, `plan`, `check --dry-run`) still work"


class World:
    """A config whose store lives in ``directory`` (created), and the CLI run on it."""

    def __init__(self, directory: Path, home: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.store = directory / "watcher.db"
        self.config = home / "config.toml"
        self.env = home_env(home, TZ="UTC")
        self.config.write_text(config_head(directory), encoding="utf-8")

    def run(self, *args: str) -> Result:
        return run_cli(["--config", str(self.config), *args], self.env, stdin=io.StringIO(""))

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.code == 0, result
        return result

    def companies(self) -> list[str]:
        with closing(sqlite3.connect(self.store)) as db:
            return [row[0] for row in db.execute("SELECT company FROM interviews ORDER BY id")]


def refused(result: Result, *fragments: str) -> str:
    """Assert the command was refused with one line naming ``fragments``; return the line."""
    assert result.code == 1, result
    assert result.out == "", result
    assert result.err.startswith("watcher: ") and result.err.count("\n") == 1, result
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)
    assert "not a watcher database" not in result.err, result
    return result.err


def assert_reads_work(world: World) -> None:
    for command in READS:
        result = world.run(*command)
        assert result.code == 0, (command, result)
        assert "Northwind" in result.out or "Dear Dana" in result.out, (command, result)


def run_root(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)


def need_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root, and these tests run as uid {os.geteuid()}")


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path / "state", tmp_path / "home")


# --------------------------------------------------------------------------- a full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted on a fresh directory, unmounted afterwards."""
    need_root("mounting a tmpfs")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = run_root("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield mount
    finally:
        run_root("umount", "-l", str(mount))


def fill(directory: Path) -> None:
    """Write a file in ``directory`` until its file system has no byte left."""
    fd = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"x" * size)
            except OSError as error:
                assert error.errno == 28, error  # ENOSPC
    finally:
        os.close(fd)
    assert os.statvfs(directory).f_bfree == 0


def test_a_valid_store_on_a_full_disk_is_said_to_be_on_a_full_disk(
    small_disk: Path, tmp_path: Path
) -> None:
    """Nothing open: SQLite cannot even make the -shm file it reads with (SQLITE_IOERR_SHMSIZE),
    which used to be reported as "not a watcher database"."""
    world = World(small_disk / "state", tmp_path / "home")
    world.ok(*ADD)
    before = world.store.read_bytes()
    fill(small_disk)
    full = f"the disk holding the state database {world.store} is full: free some space"
    for command in (ADD_ANOTHER, READS[0], READS[3]):
        refused(world.run(*command), full, "the write that failed changed nothing")
    (small_disk / "filler").unlink()
    assert world.store.read_bytes() == before
    assert world.companies() == ["Northwind"]


def test_a_write_that_fills_the_disk_changes_nothing(small_disk: Path, tmp_path: Path) -> None:
    """Another connection keeps the side files open (as `watcher run` does), so the write
    itself fails: SQLITE_FULL."""
    world = World(small_disk / "state", tmp_path / "home")
    world.ok(*ADD)
    with closing(sqlite3.connect(world.store)) as other:
        assert other.execute("SELECT count(*) FROM interviews").fetchone() == (1,)
        fill(small_disk)
        refused(
            world.run(*ADD_ANOTHER),
            f"the disk holding the state database {world.store} is full",
            "the write that failed changed nothing",
        )
        (small_disk / "filler").unlink()
        assert other.execute("SELECT company FROM interviews").fetchall() == [("Northwind",)]
    assert world.companies() == ["Northwind"]
    world.ok(*ADD_ANOTHER)
    assert world.companies() == ["Northwind", "Globex"]


# --------------------------------------------------------------------------- read-only


@pytest.fixture
def read_only_mount() -> Iterator[Callable[[Path], None]]:
    """Make a directory a read-only bind mount of itself (undone afterwards)."""
    need_root("a read-only bind mount")
    mounted: list[Path] = []

    def make(directory: Path) -> None:
        done = run_root("mount", "--bind", str(directory), str(directory))
        if done.returncode != 0:
            pytest.skip(f"cannot bind-mount here ({done.stderr.strip()})")
        mounted.append(directory)
        done = run_root("mount", "-o", "remount,bind,ro", str(directory))
        if done.returncode != 0:
            pytest.skip(f"cannot remount a bind mount read-only here ({done.stderr.strip()})")

    try:
        yield make
    finally:
        for directory in reversed(mounted):
            run_root("umount", "-l", str(directory))


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    """Make a file or a directory immutable with ``chattr +i`` (undone afterwards)."""
    need_root("chattr +i")
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed (Debian: e2fsprogs)")
    made: list[Path] = []

    def make(path: Path) -> None:
        done = run_root("chattr", "+i", str(path))
        if done.returncode != 0:
            pytest.skip(f"this file system has no immutable flag ({done.stderr.strip()})")
        made.append(path)

    try:
        yield make
    finally:
        for path in made:
            run_root("chattr", "-i", str(path))


@pytest.mark.parametrize("read_before", [False, True], ids=["closed", "read-before"])
def test_a_read_only_file_system(
    world: World, read_only_mount: Callable[[Path], None], read_before: bool
) -> None:
    """Read through SQLite's immutable mode, as no -wal file holds anything: whether the last
    to close it was a writer (no side files) or a reader (empty side files left)."""
    world.ok(*ADD)
    if read_before:
        world.ok("track", "list", "--now", NOW)
    read_only_mount(world.directory)
    refused(
        world.run(*ADD_ANOTHER),
        f"the file system holding the state database {world.store} is mounted read-only",
        STILL_READ,
    )
    assert_reads_work(world)


def test_an_immutable_state_file(world: World, immutable: Callable[[Path], None]) -> None:
    world.ok(*ADD)
    immutable(world.store)
    before = world.store.read_bytes()
    refused(
        world.run(*ADD_ANOTHER),
        f"the state database {world.store} is a read-only file",
        STILL_READ,
    )
    refused(world.run("track", "close", "1", "--outcome", "withdrawn"), "read-only file")
    assert_reads_work(world)
    assert world.store.read_bytes() == before


def test_an_immutable_directory(world: World, immutable: Callable[[Path], None]) -> None:
    world.ok(*ADD)
    immutable(world.directory)
    refused(
        world.run(*ADD_ANOTHER),
        f"the directory {world.directory} of the state database {world.store} is read-only",
        STILL_READ,
    )
    assert_reads_work(world)


def test_an_older_schema_that_cannot_be_upgraded_here_says_so(
    world: World, read_only_mount: Callable[[Path], None]
) -> None:
    with closing(sqlite3.connect(world.store)) as db:
        for script in MIGRATIONS[:-1]:
            db.executescript(script)
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
        db.commit()
    read_only_mount(world.directory)
    refused(
        world.run("track", "list"),
        f"{world.store} has schema version {len(MIGRATIONS) - 1}",
        f"needs version {len(MIGRATIONS)}, an upgrade it cannot write there",
    )


def become_nobody() -> None:
    """Run in the child before exec: drop to the user nobody."""
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


@pytest.fixture(scope="module")
def nobody_python() -> list[str]:
    """A command that runs this Python with watcher and its dependencies as the user nobody:
    this interpreter, or where nobody cannot reach it (a pyenv under /root, 0700) the system's
    of the same version, given the venv's packages."""
    need_root("running a command as nobody")
    packages = os.pathsep.join(
        [str(REPO), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
    )
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    tried = []
    for python in (sys.executable, f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"):
        try:
            done = subprocess.run(
                [python, "-c", "import sys, watcher.cli; print(sys.version[:4])"],
                capture_output=True,
                text=True,
                env={"PYTHONPATH": packages, "PATH": "/usr/bin:/bin"},
                preexec_fn=become_nobody,  # runs in the child, before exec
                cwd="/",
                timeout=60,
                check=False,
            )
        except OSError as error:
            tried.append(f"{python}: {error.strerror}")
            continue
        if done.returncode == 0 and done.stdout.startswith(version):
            return [python]
        tried.append(f"{python}: {done.stderr.strip()[-200:] or done.stdout.strip()}")
    pytest.skip(f"no Python {version} with watcher that the user nobody can run ({tried})")


@pytest.fixture
def nobody_world(nobody_python: list[str]) -> Iterator[World]:
    """A world the user ``nobody`` owns, in a directory it can reach (pytest's tmp_path is
    0700 root), set up by root through the CLI."""
    base = Path(tempfile.mkdtemp(prefix="watcher-nobody-"))
    try:
        base.chmod(0o711)
        world = World(base / "state", base / "home")
        world.ok(*ADD)
        for path in (base / "state", base / "home", *(base / "state").iterdir()):
            os.chown(path, NOBODY, NOBODY)
        world.config.chmod(0o644)
        world.env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
        )
        world.env["WATCHER_TEST_PYTHON"] = nobody_python[0]
        yield world
    finally:
        shutil.rmtree(base, ignore_errors=True)


def as_nobody(world: World, *args: str) -> Result:
    """Run the CLI as the user nobody, in a process of its own."""
    done = subprocess.run(
        [world.env["WATCHER_TEST_PYTHON"], "-m", "watcher", "--config", str(world.config), *args],
        capture_output=True,
        text=True,
        env=world.env,
        preexec_fn=become_nobody,  # runs in the child, before exec
        cwd=world.directory.parent,
        timeout=60,
        check=False,
    )
    result = Result(done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in result.err, result
    return result


def test_chmod_read_only_file_and_directory_for_a_user_who_is_not_root(
    nobody_world: World,
) -> None:
    world = nobody_world
    # Run as `python -m watcher`, its hints name that command.
    still_read = STILL_READ.replace("`watcher ", f"`{world.env['WATCHER_TEST_PYTHON']} -m watcher ")
    assert as_nobody(world, *ADD_ANOTHER).code == 0, "nobody owns it: it can write"
    world.store.chmod(0o400)
    refused(
        as_nobody(world, "track", "heard", "1", "--kind", "update"),
        f"the state database {world.store} is a read-only file",
        still_read,
    )
    for command in READS:
        result = as_nobody(world, *command)
        assert result.code == 0, (command, result)
    world.store.chmod(0o600)
    world.directory.chmod(0o500)
    refused(
        as_nobody(world, "track", "heard", "1", "--kind", "update"),
        f"the directory {world.directory} of the state database {world.store} is read-only",
        still_read,
    )
    for command in READS:
        result = as_nobody(world, *command)
        assert result.code == 0, (command, result)
    world.directory.chmod(0o700)
    assert world.companies() == ["Northwind", "Globex"]


def test_a_dry_run_check_in_a_read_only_directory(
    world: World,
    read_only_mount: Callable[[Path], None],
    dovecot: DovecotServer,
    mail_user: MailUser,
) -> None:
    """`check --dry-run` used to call a valid store in a read-only directory "not a watcher
    database": it reads it and says what it would do."""
    world.config.write_text(
        config_head(world.directory)
        + f"""
[[accounts]]
name = "personal"
host = "{dovecot.host}"
port = {dovecot.imaps_port}
tls = "ssl"
ca_file = "{dovecot.ca_file}"
username = "{mail_user.name}"
password_command = "printf '%s\\\\n' {mail_user.password}"
addresses = ["alex@example.com"]
""",
        encoding="utf-8",
    )
    world.ok(*ADD)
    read_only_mount(world.directory)
    result = world.ok("check", "--dry-run", "--json", "--now", NOW)
    report = result.json()
    assert report["dry_run"] is True
    assert [d["kind"] for d in report["drafts"]] == ["thank_you"]
    refused(world.run("check", "--now", NOW), "is mounted read-only", STILL_READ)


# --------------------------------------------------------------------------- the file itself


def test_a_damaged_store_is_called_damaged_and_left_alone(world: World) -> None:
    world.ok(*ADD)
    with closing(sqlite3.connect(world.store)) as db:
        (page,) = db.execute("PRAGMA page_size").fetchone()
    data = bytearray(world.store.read_bytes())
    noise = random.Random(7)
    for offset in range(page, len(data), page):  # every page but the first (header, schema)
        data[offset : offset + page] = noise.randbytes(page)
    world.store.write_bytes(bytes(data))
    for command in (READS[0], ADD_ANOTHER):
        result = world.run(*command)
        assert result.code == 1, result
        assert f"{world.store} is not a watcher database or is damaged" in result.err, result
        assert "restore a backup, or point [store] path elsewhere or move the file away" in (
            result.err
        )
    assert world.store.read_bytes() == bytes(data)


def test_another_program_holding_the_write_lock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.ok(*ADD)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.2)
    with closing(sqlite3.connect(world.store, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE interviews SET note = 'mine'")
        refused(
            world.run(*ADD_ANOTHER),
            f"the state database {world.store} is busy: another program holds its write lock",
        )
        # Readers are not held up by a writer (WAL).
        assert_reads_work(world)
        other.execute("ROLLBACK")
    assert world.companies() == ["Northwind"]


def test_a_newer_schema_is_kept_by_readers_and_writers(world: World) -> None:
    world.ok(*ADD)
    with closing(sqlite3.connect(world.store)) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        db.commit()
    before = world.store.read_bytes()
    for command in (READS[0], ADD_ANOTHER):
        refused(world.run(*command), "written by a newer watcher", "upgrade watcher")
    assert world.store.read_bytes() == before
