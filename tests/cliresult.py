"""Running ``watcher.cli.main`` in tests: its exit code and output, never a traceback."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from watcher import cli


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    stdin: io.StringIO | None = None,
    stderr: io.StringIO | None = None,
    capsys: pytest.CaptureFixture[str] | None = None,
) -> Result:
    """Run ``watcher ARGV`` and return what it did; fail the test on a traceback or on the
    catch-all of unexpected errors. With ``capsys``, whatever reached the process's own
    streams is counted too."""
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    code = cli.main(
        list(argv),
        env=env,
        stdin=stdin if stdin is not None else io.StringIO(""),
        stdout=out,
        stderr=err,
    )
    leaked_out = leaked_err = ""
    if capsys is not None:
        leaked = capsys.readouterr()
        leaked_out, leaked_err = leaked.out, leaked.err
    result = Result(code, out.getvalue() + leaked_out, err.getvalue() + leaked_err)
    assert "Traceback" not in result.out + result.err, result
    assert "unexpected error" not in result.err, result
    assert code != cli.EXIT_UNEXPECTED, result
    return result


def home_env(home: Path, **extra: str) -> dict[str, str]:
    """Return an environment confined to ``home`` (created if need be): HOME, the XDG config
    and data folders below it, this process's PATH, and ``extra``."""
    home.mkdir(parents=True, exist_ok=True)
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **extra,
    }


def config_head(directory: Path) -> str:
    """The start of a test config: the store in ``directory``, the user, the UTC zone."""
    return f"""
[store]
path = "{directory / "watcher.db"}"

[user]
name = "Alex Example"

[policy]
timezone = "UTC"
"""
