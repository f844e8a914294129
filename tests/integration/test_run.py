"""`watcher run` end to end: a subprocess against a real Dovecot, a private D-Bus session bus with
a notification server, and a real SMTP server (aiosmtpd). It uses the real clock, so the
interview is placed relative to now. Then how it stops (SIGTERM and SIGINT, however many,
whenever) and what its log looks like, in a pipe and on a terminal (a pty)."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.backends.conftest import synthetic
from tests.cliresult import config_head, home_env, run_cli
from tests.servers.dovecot import DovecotServer, new_user
from tests.servers.hostile_imap import HostileImapServer
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


# --------------------------------------------------------------------------- stopping and logs

WATCHER = Path(sys.executable).parent / "watcher"
"""The console script of this environment: `watcher run` as systemd and a terminal start it."""


def daemon_config(tmp_path: Path, account: str, *, timezone: str = "UTC") -> Path:
    """A config with one account (TOML text) and no notifier."""
    config = tmp_path / "config.toml"
    head = config_head(tmp_path).replace('timezone = "UTC"', f'timezone = "{timezone}"')
    config.write_text(head + account + "\n[notify]\ndesktop = false\n", encoding="utf-8")
    return config


def imap_account(host: str, port: int, *, tls: str, user: str, password: str, ca: str) -> str:
    return f"""
[[accounts]]
name = "personal"
host = "{host}"
port = {port}
tls = "{tls}"
{f'ca_file = "{ca}"' if ca else ""}
username = "{user}"
password_command = "printf '%s\\\\n' {password}"
addresses = ["alex@example.com"]
"""


def dovecot_account(dovecot: DovecotServer) -> str:
    """An account table for a new user of the shared Dovecot: checks that complete."""
    user = new_user(dovecot)
    return imap_account(
        dovecot.host,
        dovecot.imaps_port,
        tls="ssl",
        user=user.name,
        password=user.password,
        ca=str(dovecot.ca_file),
    )


@pytest.fixture
def dovecot_config(dovecot: DovecotServer, tmp_path: Path) -> Path:
    """A config whose account is on the shared Dovecot: checks that complete."""
    return daemon_config(tmp_path, dovecot_account(dovecot))


def process_env(tmp_path: Path) -> dict[str, str]:
    # TZ=UTC: the machine's zone is not the user's, so a stamp in the user's zone shows it.
    return home_env(tmp_path / "home", PYTHONPATH=str(REPO), TZ="UTC", LANG="C.UTF-8")


class Daemon:
    """`watcher run` in a subprocess, its standard error (JSON lines: not a terminal) read as it
    comes."""

    def __init__(self, config: Path, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [str(WATCHER), "--config", str(config), "run", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def events(self) -> list[str]:
        return [json.loads(line).get("event", "") for line in self.lines if line.startswith("{")]

    def wait_for_event(self, event: str, timeout: float = 30) -> None:
        wait_for(lambda: event in self.events(), timeout, repr(event))

    def wait_for_handler(self, timeout: float = 30) -> None:
        """Until SIGTERM has a handler: `watcher run` has begun, before it reads its config."""
        wait_for(lambda: catches(self.process.pid, signal.SIGTERM), timeout, "the handler")

    def signal(self, signum: int, count: int = 1) -> None:
        for _ in range(count):
            self.process.send_signal(signum)

    def finish(self, timeout: float = 15) -> tuple[int, str]:
        """Wait for the exit; return its code and the whole standard error."""
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            said = "\n".join(self.lines)
            message = f"`watcher run` still runs after {timeout} s; it said:\n{said}"
            raise AssertionError(message) from None
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._reader.join(5)
            if self.process.stderr is not None:
                self.process.stderr.close()
        return code, "\n".join(self.lines)


def catches(pid: int, signum: int) -> bool:
    """Whether process ``pid`` has a handler for ``signum`` (Linux: SigCgt in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    return False


def assert_clean(code: int, stderr: str) -> None:
    assert code == 0, stderr
    assert "Traceback" not in stderr, stderr
    assert "Error" not in stderr, stderr  # SchedulerNotRunningError, KeyboardInterrupt...


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
@pytest.mark.parametrize("count", [1, 2, 5])
@pytest.mark.parametrize("moment", ["start-up", "running", "idle"])
def test_any_number_of_sigterms_at_any_moment_end_the_daemon_with_0(
    dovecot_config: Path, tmp_path: Path, moment: str, count: int
) -> None:
    daemon = Daemon(dovecot_config, process_env(tmp_path))
    daemon.wait_for_handler()  # start-up: before the config is even read
    if moment != "start-up":
        daemon.wait_for_event("watcher is running")  # running: the first check begins
    if moment == "idle":
        daemon.wait_for_event("checked")
    daemon.signal(signal.SIGTERM, count)

    code, stderr = daemon.finish()

    assert_clean(code, stderr)
    events = daemon.events()
    assert events.count("stopping") == 1 and events[-1] == "stopped", events
    if moment == "start-up":
        assert "watcher is running" not in events  # nothing was started


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_sigint_like_ctrl_c_ends_the_daemon_with_0(dovecot_config: Path, tmp_path: Path) -> None:
    daemon = Daemon(dovecot_config, process_env(tmp_path))
    daemon.wait_for_event("watcher is running")
    daemon.signal(signal.SIGINT, 2)
    daemon.signal(signal.SIGTERM)

    code, stderr = daemon.finish()

    assert_clean(code, stderr)
    assert '"signal": "SIGINT"' in stderr


def test_signals_during_a_check_stuck_on_a_silent_server_and_during_the_shutdown(
    tmp_path: Path,
) -> None:
    with HostileImapServer("silent") as server:
        account = imap_account(
            "127.0.0.1", server.port, tls="none", user="alex", password="pw", ca=""
        )
        daemon = Daemon(daemon_config(tmp_path, account), process_env(tmp_path))
        daemon.wait_for_event("watcher is running")
        wait_for(lambda: server.connections >= 1, 10, "the check to connect")
        daemon.signal(signal.SIGTERM)
        daemon.wait_for_event("stopping")
        # The shutdown waits for the check (up to 4 s): more signals meanwhile change nothing.
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGTERM, signal.SIGTERM):
            time.sleep(0.3)
            daemon.signal(signum)

        code, stderr = daemon.finish()

    assert_clean(code, stderr)
    assert "a check is still waiting on a server; exiting without it" in daemon.events()


@pytest.mark.skipif(shutil.which("timeout") is None, reason="needs timeout (coreutils)")
def test_timeout_stops_the_daemon_with_0(dovecot_config: Path, tmp_path: Path) -> None:
    """timeout(1) sends SIGTERM to the daemon and again to its process group: two at once.
    --preserve-status: without it timeout exits 124 whatever the daemon did."""
    finished = subprocess.run(
        ["timeout", "--preserve-status", "3", str(WATCHER), "--config", str(dovecot_config), "run"],
        env=process_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert_clean(finished.returncode, finished.stderr)
    assert '"event": "stopped"' in finished.stderr


CHATTER = ("apscheduler", "Running job", "Added job", "Scheduler started", "executed successfully")
"""What APScheduler says at INFO about its own machinery."""


def test_the_log_in_a_pipe_is_json_in_utc_without_the_schedulers_chatter(
    dovecot_config: Path, tmp_path: Path
) -> None:
    daemon = Daemon(dovecot_config, process_env(tmp_path))
    daemon.wait_for_event("checked")
    daemon.signal(signal.SIGTERM)

    code, stderr = daemon.finish()

    assert_clean(code, stderr)
    records = [json.loads(line) for line in daemon.lines]  # every line is JSON
    assert [r["event"] for r in records if r["event"] in ("watcher is running", "checked")] == [
        "watcher is running",
        "checked",
    ]
    assert not [word for word in CHATTER if word in stderr], stderr
    assert all(r["timestamp"].endswith("Z") for r in records), records  # journald adds its own


def test_the_log_level_debug_shows_the_schedulers_chatter(
    dovecot_config: Path, tmp_path: Path
) -> None:
    daemon = Daemon(dovecot_config, process_env(tmp_path), "--log-level", "debug")
    daemon.wait_for_event("checked")
    daemon.signal(signal.SIGTERM)

    code, stderr = daemon.finish()

    assert_clean(code, stderr)
    loggers = {json.loads(line).get("logger") for line in daemon.lines}
    assert "apscheduler.scheduler" in loggers
    assert "Running job" in stderr


def test_the_log_on_a_terminal_is_stamped_in_the_users_zone(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    # +05:30, no DST
    config = daemon_config(tmp_path, dovecot_account(dovecot), timezone="Asia/Kolkata")
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [str(WATCHER), "--config", str(config), "--color", "never", "run"],
        env={**process_env(tmp_path), "TERM": "xterm"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
    )
    os.close(secondary)
    screen: list[str] = []

    def read() -> None:
        with contextlib.suppress(OSError):  # EIO: the terminal's other end is closed
            while chunk := os.read(primary, 4096):
                screen.append(chunk.decode("utf-8", "replace"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        wait_for(lambda: " checked" in "".join(screen), 30, "the first check")
        process.send_signal(signal.SIGTERM)
        code = process.wait(15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(5)
        os.close(primary)

    text = "".join(screen)
    assert_clean(code, text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert not [word for word in CHATTER if word in text], text
    assert "\x1b[" not in text  # --color never
    stamp = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+05:30 \[")
    assert all(stamp.match(line) for line in lines), lines
    assert any("watcher is running" in line for line in lines)
    assert "stopped" in lines[-1]
