"""watcher on a machine without D-Bus (macOS): the whole CLI imports and runs with jeepney absent.

Each case runs in a fresh interpreter where ``import jeepney`` fails, as it does on macOS, where
jeepney is not installed (it is a dependency on Linux only).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.cliresult import home_env

WITHOUT_JEEPNEY = textwrap.dedent(
    """
    import io, json, sys
    sys.modules["jeepney"] = None  # `import jeepney` now raises ImportError, as on macOS
    import types
    from watcher import cli, plugins
    plugins.sys = types.SimpleNamespace(platform=sys.argv[1])  # the registry's view only
    results = []
    for argv in json.loads(sys.argv[2]):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(argv, stdout=out, stderr=err, stdin=io.StringIO(""))
        results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
    loaded = sorted(
        m for m, module in sys.modules.items()
        if module is not None and m.startswith(("watcher.notify.", "jeepney"))
    )
    print(json.dumps({"results": results, "loaded": loaded}))
    """
)


def run_without_jeepney(platform: str, commands: list[list[str]], home: Path) -> dict[str, object]:
    env = home_env(home, TZ="UTC")
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_JEEPNEY, platform, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def config(home: Path, desktop: bool) -> Path:
    path = home / "config.toml"
    path.write_text(
        f'[user]\nname = "Alex Example"\n[store]\npath = "{home / "w.db"}"\n'
        f"[notify]\ndesktop = {'true' if desktop else 'false'}\n",
        encoding="utf-8",
    )
    return path


def test_macos_runs_every_everyday_command_and_notifies_with_osascript(tmp_path: Path) -> None:
    path = str(config(tmp_path, desktop=True))
    track = ["--company", "Northwind", "--role", "Engineer", "--at", "2026-11-24T14:00"]
    commands = [
        ["--help"],
        [
            "--config",
            path,
            "track",
            "add",
            *track,
            "--interviewer",
            "Dana <dana@northwind.example>",
        ],
        ["--config", path, "track", "list", "--now", "2026-11-25T09:00"],
        ["--config", path, "plan", "--now", "2026-11-25T09:00"],
        ["--config", path, "config", "check"],
        ["--config", path, "doctor"],
    ]
    found = run_without_jeepney("darwin", commands, tmp_path)
    results = found["results"]
    assert isinstance(results, list)
    for argv, result in zip(commands, results, strict=True):
        assert result["code"] == 0, (argv, result)
        assert "unexpected error" not in result["err"], (argv, result)
    assert "Northwind" in results[2]["out"] and "thank-you" in results[3]["out"]
    assert (
        "ok      notifier desktop: osascript (macOS notifications, no buttons)" in results[5]["out"]
    )
    assert "watcher.notify.osascript" in found["loaded"]
    assert "watcher.notify.dbus" not in found["loaded"]


def test_linux_without_jeepney_names_the_missing_package(tmp_path: Path) -> None:
    path = str(config(tmp_path, desktop=True))
    found = run_without_jeepney("linux", [["--config", path, "notify", "test"]], tmp_path)
    [result] = found["results"]  # type: ignore[misc]
    assert result["code"] != 0
    assert "needs the Python package jeepney" in result["err"], result
    assert "Traceback" not in result["err"]


def test_commands_that_notify_nobody_load_no_notifier(tmp_path: Path) -> None:
    path = str(config(tmp_path, desktop=False))
    found = run_without_jeepney("linux", [["--config", path, "track", "list"]], tmp_path)
    loaded = found["loaded"]
    assert isinstance(loaded, list)
    assert not {"watcher.notify.dbus", "watcher.notify.osascript", "watcher.notify.smtp"} & set(
        loaded
    )
