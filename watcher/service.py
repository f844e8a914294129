"""Install watcher as a user service: a systemd user unit on Linux, a launchd agent on macOS.

The rendering functions are pure (an executable path, and the config's when it is not the
default one, in; the file's text out). :func:`install`
and :func:`uninstall` write or remove the file atomically and run ``systemctl --user`` or
``launchctl`` when they are there and work; otherwise they return the exact commands for the
user to run. The unit in ``systemd/watcher.service`` and the plist in
``systemd/com.github.watcher.plist`` are the reference copies of what is rendered here (a test
keeps them equal).
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from watcher.errors import NotFoundError, WatcherError
from watcher.files import replace_file
from watcher.record import record

Kind = Literal["systemd", "launchd"]
KINDS: tuple[Kind, ...] = ("systemd", "launchd")

PLACEHOLDER = "@WATCHER@"
UNIT_NAME = "watcher.service"
LAUNCHD_LABEL = "com.github.watcher"
COMMAND_TIMEOUT = 30.0

SYSTEMD_TEMPLATE = """\
# watcher as a systemd user service.
# `watcher service install` writes this file to ~/.config/systemd/user/ with @WATCHER@ replaced
# by the absolute path of the installed `watcher` executable, then enables it. Installed with
# --config PATH (or with $WATCHER_CONFIG set), ExecStart runs `watcher --config PATH run`: the
# daemon reads the config that the command read.

[Unit]
Description=watcher: follow-ups and thank-yous for job interviews, from your mailbox
# No After=network-online.target: a user manager cannot see system targets, so the daemon
# reconnects with backoff until the network is there.

[Service]
# The daemon sends READY=1 over $NOTIFY_SOCKET after its first successful sync.
Type=notify
# Only the main process may send notifications, not helpers such as password_command.
NotifyAccess=main
ExecStart=@WATCHER@ run
Restart=on-failure
RestartSec=10
# The daemon sends WATCHDOG=1 every 60 s (half of this) while its sync loop is healthy; a mail
# watcher that silently stops seeing mail is restarted instead of left running.
WatchdogSec=120
# SIGTERM finishes the step in progress and exits within 5 s; SIGKILL after 10 s.
TimeoutStopSec=10
# READY=1 comes after the first check that reached every account: with a server down at boot
# that may take a while, and a start timeout would only restart it in a loop.
TimeoutStartSec=infinity
# No StateDirectory=: it would move the daemon's state to ~/.local/state/watcher while the
# `watcher` commands you type keep using ~/.local/share/watcher; both must share one database.

# Hardening. It must still reach the session bus (desktop notifications, the keyring) and the
# network (IMAP, SMTP).
NoNewPrivileges=yes
# A private /tmp, invisible to other processes.
PrivateTmp=yes
# The whole file system is read-only except the paths listed below.
ProtectSystem=strict
# Home is read-only (the session bus socket lives in $XDG_RUNTIME_DIR, not under home)...
ProtectHome=read-only
# ...except watcher's own config and data directories, and GnuPG's (a password_command such as
# `pass` runs gpg, which writes there); "-" skips one that does not exist instead of failing.
ReadWritePaths=-%h/.config/watcher -%h/.local/share/watcher -%h/.gnupg
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
# No setuid/setgid files can be created.
RestrictSUIDSGID=yes
# No switching of the execution domain (personality(2)).
LockPersonality=yes
RestrictRealtime=yes
# Only system calls of the native architecture (no 32-bit compat entry points).
SystemCallArchitectures=native
# AF_UNIX for D-Bus and the notify socket, AF_INET/AF_INET6 for IMAP and SMTP.
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
# MemoryDenyWriteExecute is left out: cffi callbacks (in the keyring's crypto, in a
# password_command's Python tools) need writable and executable memory.

[Install]
WantedBy=default.target
"""


@record
class InstallResult:
    """What :func:`install` or :func:`uninstall` did.

    ``path`` is the unit or plist file; ``commands_run`` the commands that ran and succeeded;
    ``commands_to_run`` the commands the user still has to run, in order, as shell lines (empty
    when everything was done); ``problems`` why a command could not be run here.
    """

    path: Path
    commands_run: tuple[str, ...]
    commands_to_run: tuple[str, ...]
    problems: tuple[str, ...] = ()


def command(executable: Path, config: Path | None = None) -> list[str]:
    """Given the absolute paths of the ``watcher`` executable and of the config (None: the
    default one), return the daemon's command line: ``watcher [--config PATH] run``."""
    return [str(executable), *(("--config", str(config)) if config is not None else ()), "run"]


def render_systemd(executable: Path, config: Path | None = None) -> str:
    """Given the absolute paths of the ``watcher`` executable and of the config (None: the
    default one), return the systemd user unit."""
    program, *arguments = command(executable, config)
    words = [_systemd_quote(program, program=True), *map(_systemd_quote, arguments)]
    unit = SYSTEMD_TEMPLATE.replace(f"ExecStart={PLACEHOLDER} run", "ExecStart=" + " ".join(words))
    return unit.replace(PLACEHOLDER, words[0])


def launchd_agent(executable: Path, home: Path, config: Path | None = None) -> dict[str, object]:
    """Given the executable, the user's home and the config (None: the default one), return
    the launchd agent as a dictionary."""
    log = str(home / "Library" / "Logs" / "watcher" / "watcher.log")
    return {
        "Label": LAUNCHD_LABEL,
        # One <string> per argument: launchd runs it without a shell, so nothing is quoted.
        "ProgramArguments": command(executable, config),
        "RunAtLoad": True,
        # Restarted after a crash or an error exit, not after a clean exit (SIGTERM ends with 0).
        "KeepAlive": {"SuccessfulExit": False},
        "StandardOutPath": log,
        "StandardErrorPath": log,
        "ProcessType": "Background",
    }


def render_launchd(executable: Path, home: Path, config: Path | None = None) -> bytes:
    """Given the executable, the user's home and the config (None: the default one), return
    the launchd agent as an XML plist."""
    return plistlib.dumps(launchd_agent(executable, home, config), sort_keys=False)


def unit_path(kind: Kind, env: Mapping[str, str]) -> Path:
    """Return where the unit of ``kind`` is installed, from ``HOME`` and ``XDG_CONFIG_HOME``.

    Raise WatcherError if ``HOME`` is unset or relative.
    """
    home = _home(env)
    if kind == "systemd":
        config = env.get("XDG_CONFIG_HOME", "")
        base = Path(config) if config and Path(config).is_absolute() else home / ".config"
        return base / "systemd" / "user" / UNIT_NAME
    return home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def install(
    kind: Kind, executable: Path, env: Mapping[str, str], config: Path | None = None
) -> InstallResult:
    """Write the unit of ``kind`` running ``executable`` on ``config`` (None: the default one),
    then enable and start it.

    The commands run only when they are on ``env["PATH"]``; when one is missing or fails, it and
    the ones after it are returned in ``commands_to_run``. Raise WatcherError, naming the path and
    the fix, if ``executable`` or ``config`` is not an absolute path, ``executable`` is no file,
    or the unit cannot be written.
    """
    _check_kind(kind)
    if config is not None and not config.is_absolute():
        raise WatcherError(f"cannot install the service: the config {config} is not absolute")
    if not executable.is_absolute() or not executable.is_file():
        raise WatcherError(
            f"cannot install the service: {executable} is not the absolute path of the watcher "
            "executable; install watcher (`pip install --user watcher`) so that `watcher` is on "
            "PATH, then run the command again"
        )
    if kind == "systemd" and re.search(r"[\"'\\\x00-\x1f\x7f]", str(executable)):
        # systemd refuses such an executable name ("contains special characters").
        raise WatcherError(
            f"cannot install the service: systemd cannot run a program whose path has quotes, "
            f"backslashes or control characters ({str(executable)!r}); install watcher where the "
            "path has none (`pip install --user watcher`), then run the command again"
        )
    path = unit_path(kind, env)
    existed = path.exists()
    commands: list[tuple[str, ...]]
    if kind == "systemd":
        content = render_systemd(executable, config).encode("utf-8")
        commands = [
            ("systemctl", "--user", "daemon-reload"),
            ("systemctl", "--user", "enable", "--now", UNIT_NAME),
        ]
        if existed:
            # enable --now leaves a running daemon on the old unit: restart it on the new one.
            commands.append(("systemctl", "--user", "try-restart", UNIT_NAME))
    else:
        home = _home(env)
        content = render_launchd(executable, home, config)
        _make_dirs(home / "Library" / "Logs" / "watcher")
        commands = [("launchctl", "load", "-w", str(path))]
        if existed:
            # launchctl refuses to load an agent that is loaded already.
            commands.insert(0, ("launchctl", "unload", str(path)))
    write_atomically(path, content)
    return _run_all(path, commands, env)


def uninstall(kind: Kind, env: Mapping[str, str]) -> InstallResult:
    """Stop and disable the service of ``kind``, then remove its file.

    Raise NotFoundError if it is not installed, WatcherError if the file cannot be removed.
    """
    _check_kind(kind)
    path = unit_path(kind, env)
    if not path.exists():
        raise NotFoundError(
            f"watcher is not installed as a {kind} service ({path} does not exist): "
            "nothing to uninstall"
        )
    if kind == "systemd":
        before = _run_all(path, [("systemctl", "--user", "disable", "--now", UNIT_NAME)], env)
        if before.commands_to_run:
            # systemctl could not disable it: remove the link `enable` made, and let the user
            # stop the unit, which stays loaded until the next daemon-reload.
            _remove(path.parent / "default.target.wants" / UNIT_NAME)
            after_commands = [
                ("systemctl", "--user", "stop", UNIT_NAME),
                ("systemctl", "--user", "daemon-reload"),
            ]
        else:
            after_commands = [("systemctl", "--user", "daemon-reload")]
    else:
        before = _run_all(path, [("launchctl", "unload", "-w", str(path))], env)
        after_commands = [("launchctl", "remove", LAUNCHD_LABEL)] if before.commands_to_run else []
    _remove(path)
    if before.commands_to_run:
        return InstallResult(
            path,
            before.commands_run,
            tuple(shlex.join(command) for command in after_commands),
            before.problems,
        )
    after = _run_all(path, after_commands, env)
    return InstallResult(
        path,
        before.commands_run + after.commands_run,
        after.commands_to_run,
        after.problems,
    )


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and ``os.replace``.

    A reader sees the old file or the new one, never a part. Raise WatcherError naming the path.
    """
    _make_dirs(path.parent)
    try:
        replace_file(path, content, mode=0o644)
    except OSError as err:
        raise _write_error(path, err) from err


def _run_all(
    path: Path, commands: Sequence[tuple[str, ...]], env: Mapping[str, str]
) -> InstallResult:
    """Run ``commands`` in order until one is missing or fails; report the rest as to run."""
    done: list[str] = []
    for index, command in enumerate(commands):
        problem = _run(command, env)
        if problem is not None:
            rest = tuple(shlex.join(c) for c in commands[index:])
            return InstallResult(path, tuple(done), rest, (problem,))
        done.append(shlex.join(command))
    return InstallResult(path, tuple(done), ())


def _run(command: tuple[str, ...], env: Mapping[str, str]) -> str | None:
    """Run ``command``; return None on success, else why it could not be run."""
    program = shutil.which(command[0], path=env.get("PATH", os.defpath))
    if program is None:
        return f"{command[0]} is not on PATH"
    try:
        completed = subprocess.run(
            [program, *command[1:]],
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"`{shlex.join(command)}` failed: {err}"
    if completed.returncode != 0:
        output = (completed.stderr or completed.stdout).strip()
        return f"`{shlex.join(command)}` exited with {completed.returncode}: {output}"
    return None


def _systemd_quote(word: str, *, program: bool = False) -> str:
    """Quote a word of ExecStart (systemd.service(5), "Command lines"; systemd.syntax(7)).

    "%" starts a specifier, even inside quotes: doubled, it stands for itself. So does "$" in
    an argument, where it starts a variable; the program's path is not expanded (its "$" stays
    single). A word with anything but plain characters is double-quoted, where C escapes apply:
    a backslash and a double quote are escaped, and so is a control character (as \\xNN), which
    would otherwise end or break the line.
    """
    escaped = word.replace("%", "%%")
    if not program:
        escaped = escaped.replace("$", "$$")
    if re.fullmatch(r"[A-Za-z0-9_./+:@%$,=-]+", escaped):
        return escaped
    escaped = escaped.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda found: f"\\x{ord(found[0]):02x}", escaped)
    return f'"{escaped}"'


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME", "")
    if not home or not Path(home).is_absolute():
        raise WatcherError(
            "cannot find the home directory: HOME is not set to an absolute path; "
            "set it and run the command again"
        )
    return Path(home)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise WatcherError(f"unknown service kind {kind!r}: use one of {', '.join(KINDS)}")


def _make_dirs(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WatcherError(
            f"cannot create {directory}: {err.strerror}; check its permissions and the free "
            "space, then run the command again"
        ) from err


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as err:
        raise WatcherError(
            f"cannot remove {path}: {err.strerror}; "
            f"remove it by hand (`rm {shlex.quote(str(path))}`)"
        ) from err


def _write_error(path: Path, err: OSError) -> WatcherError:
    return WatcherError(
        f"cannot write {path}: {err.strerror}; check that {path.parent} is writable and that the "
        "disk is not full, then run the command again"
    )
