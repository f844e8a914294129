"""One hostile account beside a good one: `watcher check` against a real Dovecot and a server
that drips, lies or says nothing (tests/servers/hostile_imap.py).

The good account's mail is recorded and its drafts made; the hostile one is reported and costs
the check no more than its deadline (ten times its ``timeout``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.keyrings import MemoryKeyring
from tests.servers.dovecot import DovecotServer
from tests.servers.hostile_imap import HostileImapServer, Mode
from tests.test_cli_check import DELIVERED, NOW, World, make_world

TIMEOUT = 0.3
"""The hostile account's timeout: its deadline is 3 s."""


EXPECTED: dict[str, str] = {
    # One byte every 0.1 s: every read is in time, the whole is not.
    "drip": f"did not finish within {10 * TIMEOUT:.3g} s",
    # The server claims 99,999,999,999 bytes: the memory it would take is refused.
    "literal": "it failed (MemoryError)",
    # Nothing at all: the first read times out.
    "silent": f"did not answer within {TIMEOUT:g} s",
}


@pytest.fixture(params=sorted(EXPECTED))
def hostile(request: pytest.FixtureRequest) -> Iterator[HostileImapServer]:
    mode: Mode = request.param
    with HostileImapServer(mode, interval=0.1) as server:
        yield server


@pytest.fixture
def loaded(
    dovecot: DovecotServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> tuple[World, dict[str, int]]:
    """The good account of tests/test_cli_check.py: logged in, two interviews, five messages."""
    world = make_world(dovecot, tmp_path, monkeypatch, memory_keyring, capsys)
    world.login()
    ids = world.track()
    world.deliver(*DELIVERED)
    return world, ids


def add_hostile_account(world: World, server: HostileImapServer) -> None:
    with world.config.open("a", encoding="utf-8") as config:
        config.write(
            f"""
[[accounts]]
name = "hostile"
host = "127.0.0.1"
port = {server.port}
tls = "none"
username = "alex"
addresses = ["alex@hostile.example"]
timeout = {TIMEOUT}
"""
        )
    world.keyring.passwords[("watcher", "hostile")] = "synthetic-test-password"


def test_a_hostile_account_costs_the_good_one_nothing_but_its_deadline(
    loaded: tuple[World, dict[str, int]], hostile: HostileImapServer
) -> None:
    world, ids = loaded
    add_hostile_account(world, hostile)
    started = time.monotonic()
    result = world.run("check", "--now", NOW, "--json")
    took = time.monotonic() - started

    assert result.code == 1, result
    report = json.loads(result.out)
    # The good account: every message recorded, its draft made.
    assert len(report["matched"]) == 5
    assert [d["kind"] for d in report["drafts"]] == ["graceful_close"]
    assert len(world.drafts()) == 1
    # The hostile one: reported, with what happened.
    [error] = [e for e in report["errors"] if "hostile" in e]
    assert error.startswith("account 'hostile': "), error
    assert "hostile: " not in error.removeprefix("account 'hostile': "), error  # named once
    assert EXPECTED[hostile.mode] in error, error
    assert hostile.connections >= 1
    assert took < 10 * TIMEOUT + 15, took  # a hang would show as the 30 s socket timeout or worse
    shown = world.run("track", "show", str(ids["Globex"]), "--json", "--now", NOW).json()
    assert any(e["reply_kind"] == "rejection" for e in shown["events"])
