"""`watcher check` then `watcher run`, and `watcher run` killed (SIGKILL) in the two windows
between a server's work and the ledger's mark: after a draft's APPEND, and after the SMTP server
accepted a nudge. Subprocesses against a real Dovecot, a private D-Bus session bus with a
notification server, and aiosmtpd (the world of tests/integration/test_run.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cliresult import run_cli
from tests.integration.test_run import REPO, wait_for
from tests.integration.test_run import world as run_world  # noqa: F401 - the fixture
from tests.servers.dovecot import DovecotServer
from tests.servers.notifications import NotificationServer
from tests.servers.smtp import Received, SmtpServer

World = tuple[DovecotServer, Path, dict[str, str], SmtpServer, NotificationServer, str]

DIE_AFTER_APPEND = textwrap.dedent(
    """
    # Test-only: the process dies (SIGKILL) right after the first draft reached the server,
    # before the ledger marks it done.
    import os, signal
    from watcher.backends import imap

    _append = imap.ImapMailbox.append_draft

    def append_then_die(self, *args, **kwargs):
        _append(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)

    imap.ImapMailbox.append_draft = append_then_die
    """
)


@pytest.fixture
def world(run_world: World) -> World:  # noqa: F811 - renamed from test_run's fixture
    return run_world


def track_overdue_thank_you(config: Path, env: dict[str, str]) -> int:
    at = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0).isoformat()
    dana = "Dana Reyes <dana@northwind.example>"
    track = ["track", "add", "--company", "Northwind", "--role", "Engineer", "--json"]
    added = run_cli(["--config", str(config), *track, "--at", at, "--interviewer", dana], env)
    assert added.code == 0, added
    return int(added.json()["id"])


def start_daemon(config: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "watcher", "--config", str(config), "run", "--log-level", "info"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen[str]) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    output = process.stdout.read() if process.stdout is not None else ""
    if process.stdout is not None:
        process.stdout.close()
    return output


def drafts(server: DovecotServer, user: str) -> list[str]:
    """The Message-IDs of the messages in the user's Drafts folder."""
    return [str(m["Message-ID"]) for m in server.messages(user, "Drafts")]


def events(config: Path, env: dict[str, str], interview: int) -> list[str]:
    shown = run_cli(["--config", str(config), "track", "show", str(interview), "--json"], env)
    return [e["kind"] for e in shown.json()["events"]]


@pytest.fixture
def email_only(world: World) -> Iterator[World]:
    """The world with desktop notifications off: nudges go by email alone."""
    _server, config, _env, _smtp, _notes, _user = world
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("desktop = true", "desktop = false"), encoding="utf-8")
    yield world


def test_the_nudges_a_check_finds_are_delivered_by_the_daemon(world: World) -> None:
    server, config, env, smtp, notes, user = world
    interview = track_overdue_thank_you(config, env)

    checked = run_cli(["--config", str(config), "check", "--json"], env)

    assert checked.code == 0, checked
    assert [n["kind"] for n in checked.json()["nudges"]] == ["thank_you"]
    assert len(drafts(server, user)) == 1
    assert notes.received == [] and smtp.messages == []  # check delivers nothing

    daemon = start_daemon(config, env)
    try:
        wait_for(lambda: notes.received and smtp.messages, 20, "the daemon's nudges")
        wait_for(lambda: "nudge" in events(config, env, interview), 5, "the nudge recorded")
    finally:
        output = stop(daemon)
    assert len(notes.received) == 1 and len(smtp.messages) == 1, output
    assert "thank-you" in notes.received[0].summary
    assert len(drafts(server, user)) == 1  # the daemon made no second draft
    again = run_cli(["--config", str(config), "check", "--json"], env)
    assert again.json()["nudges"] == [] and again.json()["drafts"] == []


def test_a_kill_right_after_the_draft_is_appended_makes_no_second_draft(
    world: World, tmp_path: Path
) -> None:
    server, config, env, _smtp, _notes, user = world
    interview = track_overdue_thank_you(config, env)
    hook = tmp_path / "die-after-append"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(DIE_AFTER_APPEND, encoding="utf-8")

    dying = start_daemon(config, {**env, "PYTHONPATH": f"{hook}{os.pathsep}{REPO}"})
    assert dying.wait(30) == -signal.SIGKILL
    stop(dying)
    [left] = drafts(server, user)
    assert "draft" not in events(config, env, interview)  # appended, never marked

    daemon = start_daemon(config, env)
    try:
        wait_for(lambda: "draft" in events(config, env, interview), 20, "the draft recorded")
    finally:
        stop(daemon)
    assert drafts(server, user) == [left]  # found in Drafts by its Message-ID, not made again


def test_a_kill_right_after_the_smtp_server_accepted_sends_the_same_message_id(
    email_only: World,
) -> None:
    _server, config, env, smtp, _notes, _user = email_only
    interview = track_overdue_thank_you(config, env)
    dying = start_daemon(config, env)

    def kill(_received: Received) -> None:
        smtp.on_message = None
        os.kill(dying.pid, signal.SIGKILL)

    smtp.on_message = kill
    assert dying.wait(30) == -signal.SIGKILL
    stop(dying)
    assert len(smtp.messages) == 1
    assert "nudge" not in events(config, env, interview)  # accepted, never marked

    daemon = start_daemon(config, env)
    try:
        wait_for(lambda: len(smtp.messages) == 2, 20, "the email sent again")
        wait_for(lambda: "nudge" in events(config, env, interview), 5, "the nudge recorded")
    finally:
        stop(daemon)
    first, second = (m.message["Message-ID"] for m in smtp.messages)
    assert first == second and first.startswith("<watcher.nudge.")
    assert len(smtp.messages) == 2  # and no third
