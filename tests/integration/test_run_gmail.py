"""`watcher run` over the Gmail API: a subprocess against the tests' Gmail-compatible server and a
private D-Bus session bus with a notification server. Gmail has no push the daemon can use, so
it checks at start and then every ``poll_every``; these tests look at what a start does: the
nudge and the draft, and, once Google refuses the sign-in, one notice that says how to fix it
and no crash loop."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cliresult import config_head, home_env, run_cli
from tests.integration.test_run import REPO, wait_for
from tests.servers.gmail import GmailServer
from tests.servers.notifications import NotificationServer, SessionBus
from tests.servers.notifysocket import NotifySocket
from watcher import oauth


@dataclass
class GmailDaemonWorld:
    server: GmailServer
    notes: NotificationServer
    config: Path
    token: Path
    env: dict[str, str]
    tmp: Path

    def run(self) -> tuple[subprocess.Popen[str], NotifySocket]:
        notify = NotifySocket(self.tmp / f"notify-{time.monotonic_ns()}.sock")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "watcher",
                "--config",
                str(self.config),
                "run",
                "--log-level",
                "info",
            ],
            env={**self.env, "NOTIFY_SOCKET": str(notify.path)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return process, notify


def stop(process: subprocess.Popen[str], notify: NotifySocket) -> str:
    """SIGTERM the daemon, check it ends cleanly and quickly, return its output."""
    try:
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        notify.close()
    assert process.stdout is not None
    output = process.stdout.read()
    process.stdout.close()
    return output


@pytest.fixture
def world(tmp_path: Path) -> Iterator[GmailDaemonWorld]:
    home = tmp_path / "home"
    with (
        GmailServer(address="alex@example.com") as server,
        SessionBus() as bus,
        NotificationServer(bus.address) as notes,
    ):
        token = tmp_path / "token.json"
        token.write_text(json.dumps(server.authorized_user_info(list(oauth.GMAIL_SCOPES))))
        token.chmod(0o600)
        config = tmp_path / "config.toml"
        config.write_text(
            config_head(tmp_path)
            + f"""
[[accounts]]
name = "personal"
backend = "gmail"
client_secrets = "{server.client_secrets_json(tmp_path)}"
token_file = "{token}"
api_endpoint = "{server.url}"
addresses = ["alex@example.com"]

[notify]
desktop = true
""",
            encoding="utf-8",
        )
        env = home_env(home, DBUS_SESSION_BUS_ADDRESS=bus.address, PYTHONPATH=str(REPO))
        yield GmailDaemonWorld(server, notes, config, token, env, tmp_path)


def test_the_daemon_over_gmail_nudges_then_asks_once_for_a_new_login(
    world: GmailDaemonWorld,
) -> None:
    interview_at = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0).isoformat()
    added = run_cli(
        [
            "--config",
            str(world.config),
            "track",
            "add",
            "--company",
            "Northwind",
            "--role",
            "Engineer",
            "--at",
            interview_at,
            "--interviewer",
            "Dana Reyes <dana@northwind.example>",
            "--domain",
            "northwind.example",
            "--json",
        ],
        world.env,
    )
    assert added.code == 0, added

    # A start: the overdue thank-you gives a notification and a draft in Gmail's Drafts.
    process, notify = world.run()
    try:
        wait_for(lambda: "READY=1" in notify.read(), 20, "READY=1")
        wait_for(lambda: world.notes.received, 10, "the nudge")
    finally:
        output = stop(process, notify)
    assert "thank-you" in world.notes.received[0].summary
    assert len(world.server.drafts()) == 1
    secret = json.loads(world.token.read_text(encoding="utf-8"))

    # Google refuses the sign-in (revoked): one notice naming the fix, then quiet, still running.
    world.server.revoke(secret["refresh_token"])
    world.server.expire_tokens()
    before = len(world.notes.received)
    process, notify = world.run()
    try:
        wait_for(lambda: len(world.notes.received) > before, 20, "the notice")
        time.sleep(1.5)
        assert process.poll() is None
    finally:
        output += stop(process, notify)
    notices = [n for n in world.notes.received[before:]]
    assert len(notices) == 1, [n.summary for n in notices]
    assert "watcher auth login personal" in notices[0].body
    assert world.server.token_requests.count("refresh_token") == 1  # no retry loop
    assert len(world.server.drafts()) == 1
    for value in (secret["token"], secret["refresh_token"]):
        assert value not in output

    # No sign-in saved at all: the daemon waits for one and says so once.
    world.token.unlink()
    before = len(world.notes.received)
    process, notify = world.run()
    try:
        wait_for(lambda: len(world.notes.received) > before, 20, "the notice")
        time.sleep(1.0)
        assert process.poll() is None
    finally:
        output = stop(process, notify)
    [notice] = world.notes.received[before:]
    assert "watcher auth login personal" in notice.body
    assert "Traceback" not in output
