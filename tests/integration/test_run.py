"""`watcher run` end to end: a subprocess against a real Dovecot, a private D-Bus session bus with
a notification server, and a real SMTP server (aiosmtpd). It uses the real clock, so the
interview is placed relative to now."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.backends.conftest import synthetic
from tests.cliresult import config_head, home_env, run_cli
from tests.servers.dovecot import DovecotServer, new_user
from tests.servers.notifications import NotificationServer, SessionBus
from tests.servers.notifysocket import NotifySocket
from tests.servers.smtp import SmtpServer

REPO = Path(__file__).resolve().parent.parent.parent


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def world(
    own_dovecot: DovecotServer, tmp_path: Path
) -> Iterator[tuple[DovecotServer, Path, dict[str, str], SmtpServer, NotificationServer, str]]:
    user = new_user(own_dovecot)
    home = tmp_path / "home"
    with SessionBus() as bus, NotificationServer(bus.address) as notes, SmtpServer() as smtp:
        config = tmp_path / "config.toml"
        config.write_text(
            config_head(tmp_path)
            + f"""
[daemon]
poll_every = "10 minutes"

[[accounts]]
name = "personal"
host = "{own_dovecot.host}"
port = {own_dovecot.imaps_port}
tls = "ssl"
ca_file = "{own_dovecot.ca_file}"
username = "{user.name}"
password_command = "printf '%s\\\\n' {user.password}"
addresses = ["alex@example.com"]

[notify]
desktop = true

[notify.email]
host = "127.0.0.1"
port = {smtp.port}
tls = "none"
from = "alex@example.com"
""",
            encoding="utf-8",
        )
        env = home_env(home, DBUS_SESSION_BUS_ADDRESS=bus.address, PYTHONPATH=str(REPO))
        yield own_dovecot, config, env, smtp, notes, user.name


def test_the_daemon_nudges_watches_reconnects_and_stops_cleanly(
    world: tuple[DovecotServer, Path, dict[str, str], SmtpServer, NotificationServer, str],
    tmp_path: Path,
) -> None:
    server, config, env, smtp, notes, user = world
    now = datetime.now(UTC).replace(microsecond=0)
    interview_at = (now - timedelta(hours=2)).isoformat()
    added = run_cli(
        [
            "--config",
            str(config),
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
        env,
    )
    assert added.code == 0, added
    interview = added.json()["id"]

    notify = NotifySocket(tmp_path / "notify.sock")
    daemon_env = {**env, "NOTIFY_SOCKET": str(notify.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "watcher", "--config", str(config), "run", "--log-level", "info"],
        env=daemon_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: "READY=1" in notify.read(), 20, "READY=1")
        # The overdue thank-you: a draft, a desktop notification and an email.
        wait_for(lambda: notes.received and smtp.messages, 10, "the nudges")
        assert "Northwind" in notes.received[0].summary
        assert "thank-you" in notes.received[0].summary
        assert smtp.messages[0].message["Subject"].startswith("Northwind")
        assert "Dear Dana" in smtp.messages[0].message.get_body(("plain",)).get_content()

        # The notification's "Snooze 2 days" button is carried out by the daemon.
        def kinds() -> list[str]:
            shown = run_cli(
                ["--config", str(config), "track", "show", str(interview), "--json"], env
            )
            return [e["kind"] for e in shown.json()["events"]]

        notes.emit_action_invoked(1, "snooze")
        wait_for(lambda: "snooze" in kinds(), 5, "the snooze button")

        # A rejection arrives: IDLE sees it and the status changes within 2 s.
        time.sleep(1.0)  # let the IDLE settle after the first check
        delivered = time.monotonic()
        server.deliver(
            user,
            "INBOX",
            synthetic(
                "Rita <rita@northwind.example>",
                "Your application",
                body="Hi Alex,\n\nUnfortunately, we have decided to move forward with other "
                "candidates.\n\nRita\n",
                to="alex@example.com",
            ),
        )

        def status() -> str:
            shown = run_cli(["--config", str(config), "track", "list", "--all", "--json"], env)
            return str(shown.json()[0]["status"])

        wait_for(lambda: status() == "rejected", 5, "the rejection")
        assert time.monotonic() - delivered < 2.5

        # Dovecot dies and comes back; mail that arrived meanwhile is seen after reconnecting.
        server.stop()
        time.sleep(1.5)
        server.start()
        server.deliver(
            user,
            "INBOX",
            synthetic(
                "Rita <rita@northwind.example>",
                "Keeping in touch",
                body="Hi Alex,\n\nWe will keep your profile on file.\n\nRita\n",
                to="alex@example.com",
            ),
        )

        wait_for(
            lambda: kinds().count("reply") == 2, 20, "the mail that arrived while Dovecot was down"
        )

        # SIGTERM: a clean exit within 5 s.
        stopping = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(10)
        assert code == 0
        assert time.monotonic() - stopping < 5
        assert "STOPPING=1" in notify.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        output = ""
        if process.stdout is not None:
            output = process.stdout.read()
            process.stdout.close()
        notify.close()
        print(output)
    # The same nudge is never delivered twice (one notification per due thing).
    summaries = [call.summary for call in notes.received]
    assert len(summaries) == len(set(summaries)), summaries
    logged = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(entry.get("event") == "new mail" for entry in logged)
    assert any(entry.get("event") == "reconnected" for entry in logged)
    password = config.read_text(encoding="utf-8").split("'%s\\\\n' ")[1].split('"')[0]
    assert password and password not in output
