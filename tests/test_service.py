"""The user service: the systemd unit (checked by systemd-analyze), the launchd plist, and
install/uninstall into a temporary home with real (or missing) systemctl and launchctl."""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from watcher import service
from watcher.errors import NotFoundError, WatcherError

REPO = Path(__file__).resolve().parent.parent
UNIT_FILE = REPO / "systemd" / "watcher.service"
PLIST_FILE = REPO / "systemd" / "com.github.watcher.plist"


def executable(directory: Path, name: str = "watcher") -> Path:
    path = directory / name
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def verify(unit: Path) -> subprocess.CompletedProcess[str]:
    """Run ``systemd-analyze --user verify`` on ``unit`` (TESTING.md: a private runtime dir)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("WATCHER_REQUIRE_SYSTEMD_ANALYZE") == "1":
            pytest.fail("systemd-analyze is missing and WATCHER_REQUIRE_SYSTEMD_ANALYZE=1")
        pytest.skip("systemd-analyze is not installed")
    runtime = tempfile.mkdtemp(prefix="watcher-runtime-")
    os.chmod(runtime, 0o700)
    try:
        return subprocess.run(
            [analyze, "--user", "verify", str(unit)],
            env={**os.environ, "XDG_RUNTIME_DIR": runtime},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        shutil.rmtree(runtime)


def settings(unit: str) -> dict[str, str]:
    """The ``Key=Value`` lines of a unit (ours sets each key once)."""
    found: dict[str, str] = {}
    for line in unit.splitlines():
        if line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            assert key not in found, f"{key} set twice"
            found[key] = value
    return found


def exec_start(unit: str) -> list[str]:
    """ExecStart's words as systemd reads them (systemd.service(5), systemd.syntax(7)), for the
    quoting :mod:`watcher.service` writes: words split on spaces, double quotes with C escapes
    (\\\\, \\", \\xNN), then "%%" is "%" in every word and "$$" is "$" in the arguments."""
    line = settings(unit)["ExecStart"]
    words: list[str] = []
    at = 0
    while at < len(line):
        if line[at] == " ":
            at += 1
            continue
        word = ""
        if line[at] == '"':
            at += 1
            while line[at] != '"':
                if line[at] == "\\" and line[at + 1] == "x":
                    word += chr(int(line[at + 2 : at + 4], 16))
                    at += 4
                elif line[at] == "\\":
                    word += line[at + 1]
                    at += 2
                else:
                    word += line[at]
                    at += 1
            at += 1
            assert at == len(line) or line[at] == " ", "a closing quote ends a word"
        else:
            while at < len(line) and line[at] != " ":
                assert line[at] not in '"\\', line
                word += line[at]
                at += 1
        word = word.replace("%%", "%")
        words.append(word if not words else word.replace("$$", "$"))
    return words


# The unit


def test_the_reference_unit_is_what_is_rendered() -> None:
    assert UNIT_FILE.read_text(encoding="utf-8") == service.SYSTEMD_TEMPLATE


def test_the_placeholder_is_replaced(tmp_path: Path) -> None:
    watcher = executable(tmp_path)
    unit = service.render_systemd(watcher)
    assert service.PLACEHOLDER not in unit
    assert settings(unit)["ExecStart"] == f"{watcher} run"


def test_the_unit_settings() -> None:
    found = settings(service.render_systemd(Path("/usr/bin/watcher")))
    expected = {
        "Type": "notify",
        "NotifyAccess": "main",
        "Restart": "on-failure",
        "RestartSec": "10",
        "WatchdogSec": "120",
        "TimeoutStopSec": "10",
        "ProtectSystem": "strict",
        "ProtectHome": "read-only",
        "NoNewPrivileges": "yes",
        "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
        "WantedBy": "default.target",
    }
    assert {key: found.get(key) for key in expected} == expected
    assert "%h/.config/watcher" in found["ReadWritePaths"]
    assert "%h/.local/share/watcher" in found["ReadWritePaths"]
    assert "%h/.gnupg" in found["ReadWritePaths"]
    # The daemon and the commands typed in a terminal share one database: no STATE_DIRECTORY.
    assert "StateDirectory" not in found  # gpg, for a password_command such as pass
    assert "MemoryDenyWriteExecute" not in found  # cffi callbacks need it off


def test_the_rendered_unit_passes_systemd_analyze(tmp_path: Path) -> None:
    unit = tmp_path / "watcher.service"
    unit.write_text(service.render_systemd(executable(tmp_path)), encoding="utf-8")
    result = verify(unit)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_path_with_spaces_and_percent_passes_systemd_analyze(tmp_path: Path) -> None:
    odd = tmp_path / "my tools 100%"
    odd.mkdir()
    watcher = executable(odd)
    unit = tmp_path / "watcher.service"
    unit.write_text(service.render_systemd(watcher), encoding="utf-8")
    assert (
        settings(unit.read_text(encoding="utf-8"))["ExecStart"]
        == f'"{tmp_path}/my tools 100%%/watcher" run'
    )
    result = verify(unit)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_unit_runs_the_config_it_was_given() -> None:
    config = Path("/home/ada/my files/w.toml")
    unit = service.render_systemd(Path("/usr/bin/watcher"), config)
    assert settings(unit)["ExecStart"] == f'/usr/bin/watcher --config "{config}" run'
    assert exec_start(unit) == ["/usr/bin/watcher", "--config", str(config), "run"]


def test_odd_paths_of_the_program_and_the_config_round_trip(tmp_path: Path) -> None:
    odd = tmp_path / "cost $5 100%"
    odd.mkdir()
    watcher = executable(odd)  # systemd-analyze checks that this very file is there
    # Quotes, a backslash and control characters too: systemd refuses them in a program's path.
    config = odd / 'my "quoted" back\\slash $HOME\tconfig\n.toml'
    unit = tmp_path / "watcher.service"
    unit.write_text(service.render_systemd(watcher, config), encoding="utf-8")

    expected = [str(watcher), "--config", str(config), "run"]
    assert exec_start(unit.read_text(encoding="utf-8")) == expected
    result = verify(unit)  # the program's path; specifiers and escapes in every word
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("name", ['say "hi"', "it's", "back\\slash", "tab\there"])
def test_install_refuses_a_program_path_systemd_cannot_run(
    tmp_path: Path, home: Path, empty_bin: Path, name: str
) -> None:
    odd = tmp_path / name
    odd.mkdir()
    env = {"HOME": str(home), "PATH": str(empty_bin)}
    with pytest.raises(WatcherError, match="systemd cannot run a program whose path has"):
        service.install("systemd", executable(odd), env)
    assert not (home / ".config").exists()
    # launchd can.
    assert service.install("launchd", executable(odd), env).path.is_file()


def test_systemd_analyze_catches_a_bad_unit(tmp_path: Path) -> None:
    """The check above can fail: a missing binary and an unknown key both show on stderr."""
    unit = tmp_path / "watcher.service"
    text = service.render_systemd(tmp_path / "absent").replace("Type=notify", "Tpye=notify")
    unit.write_text(text, encoding="utf-8")
    result = verify(unit)
    assert "Tpye" in result.stderr
    assert "absent" in result.stderr


# The plist


def test_the_plist_keys(tmp_path: Path) -> None:
    watcher = executable(tmp_path)
    agent = plistlib.loads(service.render_launchd(watcher, Path("/Users/ada")))
    assert agent["Label"] == "com.github.watcher"
    assert agent["ProgramArguments"] == [str(watcher), "run"]
    assert agent["RunAtLoad"] is True
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["StandardOutPath"] == "/Users/ada/Library/Logs/watcher/watcher.log"
    assert agent["StandardErrorPath"] == "/Users/ada/Library/Logs/watcher/watcher.log"
    assert agent["ProcessType"] == "Background"


def test_the_plist_runs_the_config_it_was_given_each_argument_a_string(tmp_path: Path) -> None:
    watcher = executable(tmp_path)
    config = Path('/Users/ada/my "files" $HOME 100%/watcher.toml')
    agent = plistlib.loads(service.render_launchd(watcher, Path("/Users/ada"), config))
    assert agent["ProgramArguments"] == [str(watcher), "--config", str(config), "run"]


def test_the_reference_plist_is_what_is_rendered() -> None:
    text = PLIST_FILE.read_text(encoding="utf-8")
    text = text.replace("@WATCHER@", "/opt/bin/watcher").replace("@HOME@", "/Users/ada")
    reference = plistlib.loads(text.encode("utf-8"))
    rendered = plistlib.loads(service.render_launchd(Path("/opt/bin/watcher"), Path("/Users/ada")))
    assert reference == rendered


# Install and uninstall


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def empty_bin(tmp_path: Path) -> Path:
    path = tmp_path / "empty-bin"
    path.mkdir()
    return path


@pytest.fixture
def fake_bin(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A PATH directory with systemctl and launchctl scripts that log their arguments."""
    path = tmp_path / "fake-bin"
    path.mkdir()
    calls = tmp_path / "calls"
    for name in ("systemctl", "launchctl"):
        script = path / name
        script.write_text(
            f'#!/bin/sh\necho "{name} $*" >> "{calls}"\nexit ${{FAKE_EXIT:-0}}\n', encoding="utf-8"
        )
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    yield path, calls


def calls_of(calls: Path) -> list[str]:
    return calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []


def test_install_without_systemctl_writes_the_unit_and_returns_the_commands(
    tmp_path: Path, home: Path, empty_bin: Path
) -> None:
    watcher = executable(tmp_path)
    env = {"HOME": str(home), "PATH": str(empty_bin)}
    result = service.install("systemd", watcher, env)

    path = home / ".config" / "systemd" / "user" / "watcher.service"
    assert result.path == path
    assert path.read_text(encoding="utf-8") == service.render_systemd(watcher)
    assert result.commands_run == ()
    assert result.commands_to_run == (
        "systemctl --user daemon-reload",
        "systemctl --user enable --now watcher.service",
    )
    assert result.problems == ("systemctl is not on PATH",)


def test_install_writes_the_config_into_the_unit_and_the_plist(
    tmp_path: Path, home: Path, empty_bin: Path
) -> None:
    watcher = executable(tmp_path)
    config = tmp_path / "my configs" / "watcher.toml"
    env = {"HOME": str(home), "PATH": str(empty_bin)}
    unit = service.install("systemd", watcher, env, config).path
    plist = service.install("launchd", watcher, env, config).path

    expected = [str(watcher), "--config", str(config), "run"]
    assert exec_start(unit.read_text(encoding="utf-8")) == expected
    assert plistlib.loads(plist.read_bytes())["ProgramArguments"] == expected


def test_install_refuses_a_relative_config(tmp_path: Path, home: Path, empty_bin: Path) -> None:
    env = {"HOME": str(home), "PATH": str(empty_bin)}
    with pytest.raises(WatcherError, match="not absolute"):
        service.install("systemd", executable(tmp_path), env, Path("watcher.toml"))
    assert not (home / ".config").exists()


def test_install_honours_xdg_config_home(tmp_path: Path, home: Path, empty_bin: Path) -> None:
    config = tmp_path / "xdg-config"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(config), "PATH": str(empty_bin)}
    result = service.install("systemd", executable(tmp_path), env)
    assert result.path == config / "systemd" / "user" / "watcher.service"
    assert result.path.is_file()


def test_install_runs_systemctl_when_it_is_there(
    tmp_path: Path, home: Path, fake_bin: tuple[Path, Path]
) -> None:
    bin_dir, calls = fake_bin
    env = {"HOME": str(home), "PATH": str(bin_dir)}
    result = service.install("systemd", executable(tmp_path), env)
    assert result.commands_to_run == ()
    assert result.commands_run == (
        "systemctl --user daemon-reload",
        "systemctl --user enable --now watcher.service",
    )
    assert calls_of(calls) == [
        "systemctl --user daemon-reload",
        "systemctl --user enable --now watcher.service",
    ]

    again = service.install("systemd", executable(tmp_path, "watcher2"), env)
    assert again.commands_run[-1] == "systemctl --user try-restart watcher.service"
    assert "watcher2 run" in again.path.read_text(encoding="utf-8")


def test_a_failing_systemctl_leaves_the_rest_to_the_user(
    tmp_path: Path, home: Path, fake_bin: tuple[Path, Path]
) -> None:
    bin_dir, _ = fake_bin
    env = {"HOME": str(home), "PATH": str(bin_dir), "FAKE_EXIT": "1"}
    result = service.install("systemd", executable(tmp_path), env)
    assert result.path.is_file()
    assert result.commands_run == ()
    assert result.commands_to_run == (
        "systemctl --user daemon-reload",
        "systemctl --user enable --now watcher.service",
    )
    assert "exited with 1" in result.problems[0]


def test_install_launchd_without_launchctl(tmp_path: Path, home: Path, empty_bin: Path) -> None:
    watcher = executable(tmp_path)
    result = service.install("launchd", watcher, {"HOME": str(home), "PATH": str(empty_bin)})
    path = home / "Library" / "LaunchAgents" / "com.github.watcher.plist"
    assert result.path == path
    assert plistlib.loads(path.read_bytes())["ProgramArguments"] == [str(watcher), "run"]
    assert (home / "Library" / "Logs" / "watcher").is_dir()
    assert result.commands_to_run == (f"launchctl load -w {path}",)


def test_install_launchd_with_launchctl(
    tmp_path: Path, home: Path, fake_bin: tuple[Path, Path]
) -> None:
    bin_dir, calls = fake_bin
    env = {"HOME": str(home), "PATH": str(bin_dir)}
    first = service.install("launchd", executable(tmp_path), env)
    service.install("launchd", executable(tmp_path), env)
    assert calls_of(calls) == [
        f"launchctl load -w {first.path}",
        f"launchctl unload {first.path}",
        f"launchctl load -w {first.path}",
    ]


def test_install_refuses_a_relative_or_missing_executable(home: Path, empty_bin: Path) -> None:
    env = {"HOME": str(home), "PATH": str(empty_bin)}
    with pytest.raises(WatcherError, match="absolute path of the watcher executable"):
        service.install("systemd", Path("watcher"), env)
    with pytest.raises(WatcherError, match="/nowhere/watcher"):
        service.install("systemd", Path("/nowhere/watcher"), env)
    assert not (home / ".config").exists()


def test_install_needs_a_home(tmp_path: Path, empty_bin: Path) -> None:
    with pytest.raises(WatcherError, match="HOME"):
        service.install("systemd", executable(tmp_path), {"PATH": str(empty_bin)})


def test_an_unknown_kind_is_refused(tmp_path: Path, home: Path) -> None:
    with pytest.raises(WatcherError, match="systemd, launchd"):
        service.install("upstart", executable(tmp_path), {"HOME": str(home)})  # type: ignore[arg-type]


def test_an_unwritable_directory_names_the_path(tmp_path: Path, home: Path) -> None:
    (home / ".config").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(WatcherError, match=r"\.config/systemd/user"):
        service.install("systemd", executable(tmp_path), {"HOME": str(home), "PATH": ""})


def test_the_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "units" / "watcher.service"
    service.write_atomically(target, b"old\n")
    assert target.read_bytes() == b"old\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644

    def broken_replace(self: Path, other: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(WatcherError, match=re.escape(f"cannot write {target}: No space left")):
        service.write_atomically(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["watcher.service"]

    monkeypatch.undo()
    service.write_atomically(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["watcher.service"]


def test_uninstall_without_systemctl_removes_the_unit_and_its_link(
    tmp_path: Path, home: Path, empty_bin: Path
) -> None:
    env = {"HOME": str(home), "PATH": str(empty_bin)}
    path = service.install("systemd", executable(tmp_path), env).path
    link = path.parent / "default.target.wants" / "watcher.service"
    link.parent.mkdir()
    link.symlink_to(path)

    result = service.uninstall("systemd", env)
    assert result.path == path
    assert not path.exists()
    assert not link.is_symlink()
    assert result.commands_run == ()
    assert result.commands_to_run == (
        "systemctl --user stop watcher.service",
        "systemctl --user daemon-reload",
    )


def test_uninstall_with_systemctl(tmp_path: Path, home: Path, fake_bin: tuple[Path, Path]) -> None:
    bin_dir, calls = fake_bin
    env = {"HOME": str(home), "PATH": str(bin_dir)}
    path = service.install("systemd", executable(tmp_path), env).path
    result = service.uninstall("systemd", env)
    assert not path.exists()
    assert result.commands_run == (
        "systemctl --user disable --now watcher.service",
        "systemctl --user daemon-reload",
    )
    assert result.commands_to_run == ()
    assert calls_of(calls)[-2:] == list(result.commands_run)


def test_uninstall_launchd(tmp_path: Path, home: Path, fake_bin: tuple[Path, Path]) -> None:
    bin_dir, calls = fake_bin
    env = {"HOME": str(home), "PATH": str(bin_dir)}
    path = service.install("launchd", executable(tmp_path), env).path
    result = service.uninstall("launchd", env)
    assert not path.exists()
    assert result.commands_run == (f"launchctl unload -w {path}",)
    assert calls_of(calls)[-1] == f"launchctl unload -w {path}"


def test_uninstall_launchd_without_launchctl(tmp_path: Path, home: Path, empty_bin: Path) -> None:
    env = {"HOME": str(home), "PATH": str(empty_bin)}
    path = service.install("launchd", executable(tmp_path), env).path
    result = service.uninstall("launchd", env)
    assert not path.exists()
    assert result.commands_to_run == ("launchctl remove com.github.watcher",)


def test_uninstall_when_not_installed(home: Path, empty_bin: Path) -> None:
    with pytest.raises(NotFoundError, match=r"watcher\.service does not exist"):
        service.uninstall("systemd", {"HOME": str(home), "PATH": str(empty_bin)})
