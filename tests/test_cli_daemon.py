"""The daemon's commands through ``cli.main``: `notify test`, `doctor`, `service install` and
`uninstall`, and `auth set notify.email`, against a private D-Bus session bus with the
notification server of the tests, a real SMTP server (aiosmtpd) and a real Dovecot.

The desktop notifier finds the session bus in the process environment (as under systemd), so
``DBUS_SESSION_BUS_ADDRESS`` is set with monkeypatch as well as in the CLI's ``env``. The keyring
is a :class:`~tests.keyrings.MemoryKeyring`, put back afterwards.
"""

from __future__ import annotations

import io
import os
import plistlib
import shlex
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cliresult import Result, home_env, run_cli
from tests.keyrings import MemoryKeyring
from tests.servers.dovecot import DovecotServer, MailUser, new_user
from tests.servers.notifications import NotificationServer, SessionBus
from tests.servers.smtp import SmtpServer
from tests.test_service import exec_start

SMTP_USER = "alex@example.com"
SMTP_PASSWORD = "smtp-Secret-42"


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[SessionBus]:
    with SessionBus() as session:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.address)
        yield session


@pytest.fixture
def notes(bus: SessionBus) -> Iterator[NotificationServer]:
    with NotificationServer(bus.address) as server:
        yield server


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer("plain") as server:
        yield server


WHOLE = "1000"
"""A width for tests that read whole lines of `doctor`: none is broken."""


def make_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = home_env(tmp_path / "home")
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if bus:
        env["DBUS_SESSION_BUS_ADDRESS"] = bus
    return {**env, **extra}


def write_config(
    tmp_path: Path,
    *,
    desktop: bool,
    smtp: SmtpServer | None = None,
    smtp_username: str | None = None,
    account: str = "",
) -> Path:
    text = f"""
[store]
path = "{tmp_path / "watcher.db"}"

[user]
name = "Alex Example"

[policy]
timezone = "UTC"
{account}
[notify]
desktop = {"true" if desktop else "false"}
"""
    if smtp is not None:
        text += f"""
[notify.email]
host = "127.0.0.1"
port = {smtp.port}
tls = "none"
from = "alex@example.com"
"""
        if smtp_username is not None:
            text += f'username = "{smtp_username}"\n'
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def account_table(server: DovecotServer, user: MailUser, password: str) -> str:
    return f"""
[[accounts]]
name = "personal"
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{user.name}"
password_command = "printf '%s\\\\n' {password}"
addresses = ["alex@example.com"]
"""


def watcher(config: Path, env: dict[str, str], *args: str, stdin: str = "") -> Result:
    return run_cli(["--config", str(config), *args], env, stdin=io.StringIO(stdin))


# --------------------------------------------------------------------------- notify test


def test_notify_test_reaches_the_desktop_and_the_mailbox(
    notes: NotificationServer, smtp: SmtpServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path, desktop=True, smtp=smtp)

    result = watcher(config, make_env(tmp_path), "notify", "test")

    assert result.code == 0, result
    assert "desktop: sent a test nudge" in result.out
    assert "email: sent a test nudge" in result.out
    assert "failed" not in result.out
    [call] = notes.wait_for(1)
    assert call.summary == "Example Corp (Test Role): follow-up due"
    assert "watcher notify test" in call.body
    [mail] = smtp.messages
    assert str(mail.message["Subject"]).startswith("Example Corp")
    assert "alex@example.com" in mail.rcpt_tos
    text = mail.message.get_body(("plain",))
    assert text is not None
    assert "This is where the draft's text would be." in text.get_content()


NO_NOTIFIER = (
    "no notifier is configured, so nudges reach no one (drafts are still made): set "
    "desktop = true under [notify] (on a desktop session), or add a [notify.email] table with "
    "host and from (config.example.toml shows one), then `watcher notify test`"
)


def test_notify_test_with_no_notifier_names_the_keys_to_set(tmp_path: Path) -> None:
    config = write_config(tmp_path, desktop=False)

    result = watcher(config, make_env(tmp_path), "notify", "test")

    assert result.code == 2, result
    assert result.err == f"watcher: {NO_NOTIFIER}\n"
    assert result.out == ""


def test_notify_test_on_a_dead_bus_reports_the_desktop_failed_and_exits_1(
    bus: SessionBus, tmp_path: Path
) -> None:
    bus.kill()  # its socket file stays behind, refusing connections
    config = write_config(tmp_path, desktop=True)

    result = watcher(config, make_env(tmp_path), "notify", "test")

    assert result.code == 1, result
    assert "desktop: failed:" in result.out
    assert "sent a test nudge" not in result.out


def test_notify_test_with_a_dead_bus_still_sends_the_email(
    bus: SessionBus, smtp: SmtpServer, tmp_path: Path
) -> None:
    bus.kill()
    config = write_config(tmp_path, desktop=True, smtp=smtp)

    result = watcher(config, make_env(tmp_path), "notify", "test")

    assert result.code == 0, result
    assert "desktop: failed:" in result.out
    assert "email: sent a test nudge" in result.out
    assert len(smtp.messages) == 1


def test_notify_test_with_no_notification_server_on_the_bus_fails(
    bus: SessionBus, tmp_path: Path
) -> None:
    config = write_config(tmp_path, desktop=True)

    result = watcher(config, make_env(tmp_path), "notify", "test")

    assert result.code == 1, result
    assert "desktop: failed:" in result.out


# --------------------------------------------------------------------------- doctor


def test_doctor_reports_every_part_ok(
    dovecot: DovecotServer,
    notes: NotificationServer,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    user = new_user(dovecot)
    config = write_config(
        tmp_path, desktop=True, account=account_table(dovecot, user, user.password)
    )

    result = watcher(config, {**make_env(tmp_path), "COLUMNS": WHOLE}, "doctor")

    assert result.code == 0, result
    lines = result.out.splitlines()
    assert f"ok      configuration: {config}" in lines
    [account] = [line for line in lines if "account personal" in line]
    assert account.startswith("ok      account personal: logged in")
    assert "Sent = Sent" in account and "Drafts = Drafts" in account
    [desktop] = [line for line in lines if "notifier desktop" in line]
    assert desktop.startswith("ok      notifier desktop:")
    assert "watcher-tests" in desktop  # the server answered GetServerInformation
    assert not any(line.startswith("failed") for line in lines)
    assert notes.received == []  # a probe shows nothing
    assert user.password not in result.out + result.err


def test_doctor_with_a_wrong_password_names_the_account_and_exits_1(
    dovecot: DovecotServer,
    notes: NotificationServer,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    user = new_user(dovecot)
    wrong = "Wrong-" + user.password[::-1]
    config = write_config(tmp_path, desktop=True, account=account_table(dovecot, user, wrong))

    result = watcher(config, {**make_env(tmp_path), "COLUMNS": WHOLE}, "doctor")

    assert result.code == 1, result
    lines = result.out.splitlines()
    [account] = [line for line in lines if "account personal" in line]
    assert account.startswith("failed  account personal:")
    assert "refused the login" in account
    assert "`watcher auth set personal`" in account  # the fix
    assert f"ok      configuration: {config}" in lines
    # The other checks still run and pass.
    assert any(line.startswith("ok      notifier desktop:") for line in lines)
    assert wrong not in result.out + result.err
    assert user.password not in result.out + result.err


def test_doctor_with_a_dead_bus_reports_the_notifier_failed(
    bus: SessionBus, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    bus.kill()
    config = write_config(tmp_path, desktop=True)

    result = watcher(config, {**make_env(tmp_path), "COLUMNS": WHOLE}, "doctor")

    assert result.code == 1, result
    assert any(line.startswith("failed  notifier desktop:") for line in result.out.splitlines())


def test_doctor_says_when_no_notifier_is_configured_as_notify_test_does(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, desktop=False)

    result = watcher(config, {**make_env(tmp_path), "COLUMNS": WHOLE}, "doctor")

    assert result.code == 0, result  # a warning: drafts are still made
    assert f"warning {NO_NOTIFIER}" in result.out.splitlines()
    assert result.out.splitlines()[-1] == (
        "note    no [[accounts]]: watcher only tracks what you enter by hand "
        "(`watcher run` needs one)"
    )
    assert "notifier" not in result.out.replace(NO_NOTIFIER, "")
    # At 80 columns each finding breaks between words, beside its status.
    narrow = watcher(config, {**make_env(tmp_path), "COLUMNS": "80"}, "doctor").out.splitlines()
    # Only a word longer than a line (the config's path here) overflows, on a line of its own.
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in narrow), narrow
    assert [line[:8] for line in narrow if not line.startswith(" ")] == [
        "ok      ",
        "warning ",
        "note    ",
    ]
    assert " ".join(" ".join(narrow).split()) == " ".join(result.out.split())


def test_doctor_says_nothing_of_the_kind_with_a_notifier(
    smtp: SmtpServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, desktop=False, smtp=smtp)

    result = watcher(config, {**make_env(tmp_path), "COLUMNS": WHOLE}, "doctor")

    assert result.code == 0, result
    assert any(line.startswith("ok      notifier email:") for line in result.out.splitlines())
    assert NO_NOTIFIER not in result.out


def test_doctor_with_a_broken_config_says_failed_configuration(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[notify]\ndesktop = 3\n", encoding="utf-8")

    result = watcher(config, {**make_env(tmp_path), "COLUMNS": WHOLE}, "doctor")

    assert result.code == 1, result
    assert result.out.startswith("failed  configuration:")
    assert "notify.desktop" in result.out


# --------------------------------------------------------------------------- run


def test_run_without_an_account_refuses_to_start(tmp_path: Path) -> None:
    """In a subprocess: were it to start, it would run until stopped."""
    config = write_config(tmp_path, desktop=False)

    installed = Path(sys.executable).parent  # the watcher command, on the PATH as installed
    env = make_env(tmp_path)
    result = subprocess.run(
        [str(installed / "watcher"), "--config", str(config), "run"],
        env={**env, "PATH": f"{installed}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2, result
    assert result.stderr == (
        "watcher: no mailbox is configured, so `watcher run` has nothing to watch: add an "
        "[[accounts]] table to the configuration (config.example.toml shows one), then start "
        "it again\n"
    )
    assert result.stdout == ""


def test_run_refused_leaves_the_signals_as_they_were(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[daemon]\npoll_every = 3\n", encoding="utf-8")
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)

    result = watcher(config, make_env(tmp_path), "run")

    assert result.code == 2, result
    assert "daemon.poll_every" in result.err
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


# --------------------------------------------------------------------------- service


def fake_watcher(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    program = directory / "watcher"
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return program


def test_service_install_and_uninstall_without_systemctl(tmp_path: Path) -> None:
    program = fake_watcher(tmp_path / "bin")
    env = make_env(tmp_path, PATH=str(program.parent))  # no systemctl on this PATH
    config = write_config(tmp_path, desktop=False)
    unit = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user" / "watcher.service"

    installed = watcher(config, env, "service", "install", "--systemd")

    assert installed.code == 0, installed
    assert unit.is_file()
    text = unit.read_text(encoding="utf-8")
    assert f"ExecStart={program.resolve()} --config {config} run" in text.splitlines()
    assert "@WATCHER@" not in text
    assert f"Installed the systemd service: {unit}" in installed.out
    assert f"  it runs: {program.resolve()} --config {config} run" in installed.out
    assert "Run these to finish:" in installed.out
    lines = [line.strip() for line in installed.out.splitlines()]
    assert "systemctl --user daemon-reload" in lines
    assert "systemctl --user enable --now watcher.service" in lines
    assert lines.index("systemctl --user daemon-reload") < lines.index(
        "systemctl --user enable --now watcher.service"
    )
    assert "ran:" not in installed.out

    removed = watcher(config, env, "service", "uninstall", "--systemd")

    assert removed.code == 0, removed
    assert not unit.exists()
    assert f"Removed the systemd service: {unit}" in removed.out
    assert "systemctl --user stop watcher.service" in removed.out
    assert "systemctl --user daemon-reload" in removed.out

    again = watcher(config, env, "service", "uninstall", "--systemd")
    assert again.code != 0
    assert "not installed" in again.err


def installed(env: dict[str, str], *args: str) -> tuple[list[str], list[str], Result]:
    """Run `watcher ARGS service install` for systemd, then for launchd; return the command of
    the unit (its ExecStart, as systemd splits it), of the plist, and the first output."""
    systemd = run_cli([*args, "service", "install", "--systemd"], env)
    assert systemd.code == 0, systemd
    launchd = run_cli(["service", "install", "--launchd", *args], env)  # options after the name
    assert launchd.code == 0, launchd
    unit = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user" / "watcher.service"
    plist = Path(env["HOME"]) / "Library" / "LaunchAgents" / "com.github.watcher.plist"
    return (
        exec_start(unit.read_text(encoding="utf-8")),
        plistlib.loads(plist.read_bytes())["ProgramArguments"],
        systemd,
    )


def test_service_install_runs_the_config_given_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = fake_watcher(tmp_path / "bin")
    env = make_env(tmp_path, PATH=str(program.parent))
    monkeypatch.chdir(tmp_path)

    unit, plist, result = installed(env, "--config", "my configs/watcher.toml")

    expected = [str(program.resolve()), "--config", f"{tmp_path}/my configs/watcher.toml", "run"]
    assert unit == plist == expected
    assert f"  it runs: {shlex.join(expected)}" in result.out.splitlines()


def test_service_install_runs_the_config_of_watcher_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = fake_watcher(tmp_path / "bin")
    env = make_env(tmp_path, PATH=str(program.parent), WATCHER_CONFIG="conf/w.toml")
    monkeypatch.chdir(tmp_path)

    unit, plist, _ = installed(env)

    assert unit == plist == [str(program.resolve()), "--config", f"{tmp_path}/conf/w.toml", "run"]


def test_service_install_without_a_config_runs_the_default_one(tmp_path: Path) -> None:
    program = fake_watcher(tmp_path / "bin")
    env = make_env(tmp_path, PATH=str(program.parent))

    unit, plist, _ = installed(env)

    assert unit == plist == [str(program.resolve()), "run"]


# --------------------------------------------------------------------------- auth notify.email


def test_auth_set_notify_email_stores_the_smtp_password_and_notify_test_uses_it(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    with SmtpServer("plain", user=SMTP_USER, password=SMTP_PASSWORD) as smtp:
        config = write_config(tmp_path, desktop=False, smtp=smtp, smtp_username=SMTP_USER)
        env = make_env(tmp_path)

        stored = watcher(
            config,
            env,
            "auth",
            "set",
            "notify.email",
            "--password-stdin",
            stdin=SMTP_PASSWORD + "\n",
        )

        assert stored.code == 0, stored
        assert memory_keyring.passwords == {("watcher", "notify.email"): SMTP_PASSWORD}
        assert "notify.email" in stored.out
        assert SMTP_PASSWORD not in stored.out + stored.err

        sent = watcher(config, env, "notify", "test")

        assert sent.code == 0, sent
        assert smtp.auth_attempts == [(SMTP_USER, True)]
        assert len(smtp.messages) == 1

        forgotten = watcher(config, env, "auth", "forget", "notify.email")
        assert forgotten.code == 0, forgotten
        assert memory_keyring.passwords == {}


def test_auth_set_notify_email_without_the_table_is_refused(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, desktop=False)

    result = watcher(
        config,
        make_env(tmp_path),
        "auth",
        "set",
        "notify.email",
        "--password-stdin",
        stdin="whatever\n",
    )

    assert result.code == 2, result
    assert "notify.email" in result.err
    assert memory_keyring.passwords == {}
