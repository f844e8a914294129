"""The commands and the store's writer lock: every command that writes takes it, waits for
another watcher that holds it (saying once who), and gives up after a while with one sentence
naming the holder and the fix; the commands that only read never wait for it.

The lock is held by another process (:class:`tests.locks.HeldLock`), as a `watcher run` or a
`watcher check` would hold it; the commands run through ``cli.main``, with a shorter wait.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from tests.cliresult import Result, config_head, home_env, run_cli
from tests.locks import HeldLock
from watcher import app
from watcher.store import lock_file

NOW = "2026-11-25T09:00"
ADD = (
    *("track", "add", "--company", "Northwind", "--role", "Data Engineer"),
    *("--at", "2026-11-24T14:00", "--interviewer", "Dana Reyes <dana@northwind.example>"),
    *("--domain", "northwind.example", "--now", "2026-11-20T09:00"),
)
WRITES: tuple[tuple[str, ...], ...] = (
    ADD,
    ("track", "edit", "1", "--topic", "the pipeline"),
    ("track", "close", "1", "--outcome", "withdrawn"),
    ("track", "reopen", "1"),
    ("track", "remove", "1", "--yes"),
    ("track", "commit", "1", "--what", "send references", "--by", "2026-11-27"),
    ("track", "commit", "1", "--done", "1"),
    ("track", "heard", "1", "--kind", "update"),
    ("track", "sent", "1", "--kind", "thank_you"),
    ("track", "snooze", "1"),
    ("track", "reflect", "1", "--json"),
)
"""Every command that writes to the store (`check` aside: it needs a mailbox)."""
READS: tuple[tuple[str, ...], ...] = (
    ("track", "list", "--now", NOW),
    ("track", "show", "1", "--now", NOW),
    ("track", "export", "--now", NOW),
    ("plan", "--now", NOW),
    ("draft", "preview", "1", "--kind", "thank_you", "--now", NOW),
)


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.store = tmp_path / "watcher.db"
        self.config = tmp_path / "config.toml"
        self.config.write_text(config_head(tmp_path), encoding="utf-8")
        self.env = home_env(tmp_path / "home", TZ="UTC")

    def run(self, *args: str, stdin: str = "{}") -> Result:
        return run_cli(["--config", str(self.config), *args], self.env, stdin=io.StringIO(stdin))

    def snapshot(self) -> str:
        result = self.run("track", "export", "--format", "json", "--now", NOW)
        assert result.code == 0, result
        return result.out


@pytest.fixture
def world(tmp_path: Path) -> World:
    world = World(tmp_path)
    assert world.run(*ADD).code == 0
    assert world.run("track", "commit", "1", "--what", "send references", "--by", "2026-11-27")
    return world


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(app, "WRITE_WAIT", 0.3)
    return 0.3


def test_a_write_waits_for_the_holder_says_so_once_then_writes(world: World) -> None:
    with HeldLock(world.store, "watcher run") as held:
        held.release_after(0.6)
        started = time.monotonic()
        result = world.run("track", "heard", "1", "--kind", "update", "--now", NOW)
    assert result.code == 0, result
    assert time.monotonic() - started > 0.5
    assert result.err == (
        f"watcher: waiting for the other watcher in progress (pid {held.pid}: watcher run) "
        "(Ctrl-C stops waiting)...\n"
    )
    assert "Recorded an update reply for interview #1" in result.out


@pytest.mark.parametrize("command", WRITES, ids=lambda c: " ".join(c[:2]))
def test_every_write_gives_up_after_the_wait_naming_the_holder_and_changing_nothing(
    world: World, short_wait: float, command: tuple[str, ...]
) -> None:
    before = world.snapshot()
    with HeldLock(world.store, "watcher check") as held:
        started = time.monotonic()
        result = world.run(*command)
        waited = time.monotonic() - started
    assert result.code == 1, result
    assert result.out == ""
    waiting, refusal = result.err.splitlines()
    assert waiting == (
        f"watcher: waiting for the other watcher in progress (pid {held.pid}: watcher check) "
        "(Ctrl-C stops waiting)..."
    )
    assert refusal == (
        f"watcher: another watcher (pid {held.pid}: watcher check) has been writing to the "
        f"state database {world.store} for over 0.3 s: try again once it is done, or stop it if "
        f"it is stuck (`kill {held.pid}`)"
    )
    assert short_wait <= waited < short_wait + 3
    assert world.snapshot() == before


def test_the_commands_that_only_read_never_wait(world: World, short_wait: float) -> None:
    with HeldLock(world.store, "watcher check"):
        for command in READS:
            started = time.monotonic()
            result = world.run(*command)
            assert result.code == 0, (command, result)
            assert result.err == "" or command[1] == "export", result
            assert "waiting" not in result.err
            assert time.monotonic() - started < short_wait


def test_a_check_takes_the_lock_before_it_reads_anything(world: World, short_wait: float) -> None:
    """Its first read and its last write are under the lock: it waits, here in vain, before
    it even tries the mailbox (an address where nothing listens)."""
    world.config.write_text(
        world.config.read_text(encoding="utf-8")
        + """
[[accounts]]
name = "personal"
host = "127.0.0.1"
port = 9
tls = "none"
username = "alex"
password_command = "printf 'unused\\n'"
addresses = ["alex@example.com"]
""",
        encoding="utf-8",
    )
    with HeldLock(world.store, "watcher run") as held:
        result = world.run("check", "--now", NOW)
        dry = world.run("check", "--dry-run", "--now", NOW)
    assert result.code == 1, result
    assert f"another watcher (pid {held.pid}: watcher run) has been writing" in result.err
    assert "personal" not in result.err
    # The dry run reads without the lock: it reaches the (absent) server and says so.
    assert dry.code == 1, dry
    assert "waiting" not in dry.err and "personal" in dry.err, dry


class Terminal(io.StringIO):
    """Answers typed in a terminal; notes who held the store's lock at each question."""

    def __init__(self, answers: str, lock: Path) -> None:
        super().__init__(answers)
        self.lock = lock
        self.holders: list[str] = []

    def isatty(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:
        self.holders.append(self.lock.read_text(encoding="utf-8"))
        return super().readline(size)


def test_the_reflection_is_asked_before_the_lock_is_taken(world: World) -> None:
    """Someone thinking over an answer must not keep the daemon waiting: the questions are
    asked while another watcher still holds the lock, and the answers written once it is
    released."""
    terminal = Terminal("good\n\n\nask about on-call\n\n", lock_file(world.store))
    with HeldLock(world.store, "watcher run") as held:
        held.release_after(1.0)
        result = run_cli(
            ["--config", str(world.config), "track", "reflect", "1"], world.env, stdin=terminal
        )
    assert result.code == 0, result
    assert terminal.holders == [f"{held.pid} watcher run\n"] * 5
    assert "waiting for the other watcher in progress" in result.err
    shown = world.run("track", "show", "1", "--json").json()
    assert shown["reflection"]["felt"] == "good"
    assert shown["reflection"]["learned"] == "ask about on-call"
