"""Shell completion: the scripts `watcher completion bash|zsh|fish` prints, sourced in the real
shells, completing through the installed ``watcher`` (its hidden `__complete`) on a real config
and store: commands, options and choices as the parser has them, interview numbers with their
company, companies, and nothing at all when the config is broken.

zsh and fish are installed by `scripts/setup-env dev` (as root on Debian/Ubuntu); elsewhere their
tests are skipped, saying so, when the shell is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cliresult import config_head, home_env, run_cli
from watcher.cli import build_parser
from watcher.models import Format, Sighting, SightingKind, SuggestionState
from watcher.store import Store

WATCHER = Path(sys.executable).parent / "watcher"
"""The installed script, beside the interpreter running the tests (.venv/bin/watcher)."""


def require(shell: str) -> str:
    """Return the path of ``shell``; skip the test where it is missing and cannot be installed
    here, fail it where `scripts/setup-env dev` should have installed it (as root)."""
    found = shutil.which(shell)
    if found is None:
        if os.geteuid() == 0:
            pytest.fail(f"{shell} is missing: `scripts/setup-env dev` installs it (as root)")
        pytest.skip(f"{shell} is not installed (apt-get install {shell}, or scripts/setup-env dev)")
    return found


class Home:
    """A watcher of its own: a config and a store with two interviews and one interview found
    in mail, and the environment of a shell where the installed `watcher` is on $PATH."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "config.toml"
        self.config.write_text(config_head(root), encoding="utf-8")
        self.env = home_env(
            root / "home", TZ="UTC", WATCHER_CONFIG=str(self.config), PATH=self.path()
        )

    @staticmethod
    def path() -> str:
        return f"{WATCHER.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"

    def add(self, company: str, role: str) -> None:
        result = run_cli(
            ["track", "add", "--company", company, "--role", role, "--at", "2026-11-24T14:00"],
            self.env,
        )
        assert result.code == 0, result

    def suggest(self, company: str) -> None:
        at = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
        seen = Sighting(
            kind=SightingKind.INVITE,
            message_id="inv-1@globex.example",
            uid="evt-1@globex.example",
            sequence=0,
            company=company,
            role="",
            start=at,
            end=at + timedelta(hours=1),
            format=Format.VIDEO,
            interviewers=(),
            domains=("globex.example",),
            thread="inv-1@globex.example",
            evidence="a calendar request",
        )
        with Store.open(self.root / "watcher.db") as store:
            store.add_suggestion(seen, SuggestionState.PENDING, at, account="personal")


@pytest.fixture
def home(tmp_path: Path) -> Home:
    made = Home(tmp_path)
    made.add("Northwind", "Data Engineer")
    made.add("Acme Corp", "SRE")
    made.suggest("Globex")
    return made


def script(shell: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["watcher", "completion", shell], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done
    return done.stdout


# --------------------------------------------------------------------------- bash


def bash(home: Home, *words: str) -> list[str]:
    """Complete the last of ``words`` (after `watcher`) as bash does: the script sourced, then
    its function called with COMP_WORDS and COMP_CWORD set; return COMPREPLY."""
    source = home.root / "watcher.bash"
    source.write_text(script("bash", home.env), encoding="utf-8")
    typed = " ".join(f"'{w}'" for w in ["watcher", *words])
    program = textwrap.dedent(
        f"""
        source '{source}'
        COMP_WORDS=({typed})
        COMP_CWORD={len(words)}
        _watcher_complete
        printf '%s\\n' "${{COMPREPLY[@]}}"
        complete -p watcher
        """
    )
    done = subprocess.run(
        [require("bash"), "--norc", "--noprofile", "-c", program],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done
    *reply, registered = done.stdout.splitlines()
    assert registered == "complete -F _watcher_complete watcher"
    return [line for line in reply if line]


def test_bash_completes_commands_from_the_parser(home: Home) -> None:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert bash(home, "") == list(commands.choices)
    assert "completion" in commands.choices
    assert bash(home, "tr") == ["track"]
    assert bash(home, "track", "s") == ["show", "sent", "snooze", "suggested"]


def test_bash_completes_interview_numbers_and_companies(home: Home) -> None:
    assert bash(home, "track", "show", "") == ["1", "2"]
    assert bash(home, "draft", "preview", "") == ["1", "2"]
    assert bash(home, "track", "accept", "") == ["1"]
    assert bash(home, "track", "add", "--company", "") == ["Acme\\ Corp", "Northwind"]
    assert bash(home, "track", "edit", "1", "--company", "N") == ["Northwind"]


@pytest.mark.parametrize(
    ("words", "flag"),
    [
        (("track", "add"), "--format"),
        (("track", "add"), "--interest"),
        (("track", "edit", "1"), "--language"),
        (("track", "close", "1"), "--outcome"),
        (("track", "heard", "1"), "--kind"),
        (("draft", "preview", "1"), "--kind"),
        (("track", "export"), "--format"),
        (("plan",), "--color"),
        (("run",), "--log-level"),
    ],
)
def test_bash_completes_the_choices_of_an_option(
    home: Home, words: tuple[str, ...], flag: str
) -> None:
    parser = build_parser()
    for word in words:
        if not word.isdigit():
            sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            parser = sub.choices[word]
    choices = [str(c) for c in parser._option_string_actions[flag].choices or ()]
    assert choices
    assert bash(home, *words, flag, "") == choices


def test_bash_completes_options_but_not_hidden_or_given_ones(home: Home) -> None:
    offered = bash(home, "track", "add", "--company", "Northwind", "--")
    assert "--role" in offered
    assert "--interviewer" in offered
    assert "--company" not in offered  # given already
    assert "--now" not in offered  # hidden: for tests and replays
    assert bash(home, "track", "add", "--interviewer", "a@b.example", "--int") == [
        "--interviewer",  # repeatable
        "--interest",
    ]
    # bash splits --color=al at "="; what follows it is completed.
    assert bash(home, "plan", "--color", "=", "al") == ["always"]


def test_bash_completes_file_names_for_the_config(home: Home) -> None:
    assert bash(home, "--config", str(home.root / "conf")) == [str(home.config)]


def test_a_broken_config_gives_no_candidate_and_no_message(home: Home) -> None:
    home.config.write_text("[policy\n", encoding="utf-8")
    assert bash(home, "track", "show", "") == []
    assert bash(home, "track", "show", "--j") == ["--json"]
    done = subprocess.run(
        ["watcher", "__complete", "bash", "track", "show", ""],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


# --------------------------------------------------------------------------- zsh


def zsh(home: Home, line: str, expect: str) -> str:
    """Type ``line`` and Tab in an interactive zsh (compinit, the script sourced) on a
    pseudo-terminal (zsh's zpty); return what the terminal shows once ``expect`` is seen."""
    source = home.root / "watcher.zsh"
    source.write_text(script("zsh", home.env), encoding="utf-8")
    driver = textwrap.dedent(
        f"""
        zmodload zsh/zpty
        zpty z 'zsh -f -i'
        zpty -w z 'PS1="> "; autoload -Uz compinit; compinit -u -D; source {source}'
        zpty -w -n z $'{line}\\t'
        zpty -r z shown '*{expect}*'
        print -r -- "$shown"
        zpty -d z
        """
    )
    done = subprocess.run(
        [require("zsh"), "-f", "-c", driver],
        env={**home.env, "TERM": "dumb"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done
    return done.stdout


def test_zsh_offers_interview_numbers_with_their_company(home: Home) -> None:
    shown = zsh(home, "watcher track show ", "Acme Corp, SRE")
    assert "1  -- Northwind, Data Engineer" in shown
    assert "2  -- Acme Corp, SRE" in shown


def test_zsh_completes_a_command_and_the_choices_of_an_option(home: Home) -> None:
    assert "watcher track show " in zsh(home, "watcher track sh", "track show ")
    shown = zsh(home, "watcher track close 1 --outcome ", "withdrawn")
    for outcome in ("accepted", "declined", "rejected", "ghosted"):
        assert outcome in shown


# --------------------------------------------------------------------------- fish


def fish(home: Home, line: str) -> list[str]:
    """Return what fish offers for ``line`` (`complete -C`), the script sourced."""
    source = home.root / "watcher.fish"
    source.write_text(script("fish", home.env), encoding="utf-8")
    done = subprocess.run(
        [require("fish"), "--no-config", "-c", f"source {source}; complete -C '{line}'"],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done
    return done.stdout.splitlines()


def test_fish_offers_interview_numbers_with_their_company(home: Home) -> None:
    assert fish(home, "watcher track show ") == ["1\tNorthwind, Data Engineer", "2\tAcme Corp, SRE"]
    assert fish(home, "watcher track ignore ") == ["1\tGlobex, 08 Dec"]


def test_fish_completes_commands_options_choices_and_companies(home: Home) -> None:
    assert fish(home, "watcher tr") == ["track\tadd, list, show and update tracked interviews"]
    assert fish(home, "watcher track add --company ") == ["Acme Corp", "Northwind"]
    assert fish(home, "watcher track add --interest ") == ["high", "normal", "top"]
    assert "--dry-run\tdecide and print" in fish(home, "watcher check --d")


# --------------------------------------------------------------------------- the command


def test_completion_help_says_how_to_install_it_in_each_shell(home: Home) -> None:
    result = run_cli(["completion", "--help"], home.env)
    assert result.code == 0
    assert 'eval "$(watcher completion bash)"' in result.out
    assert 'eval "$(watcher completion zsh)"' in result.out
    assert "watcher completion fish > ~/.config/fish/completions/watcher.fish" in result.out
    refused = run_cli(["completion", "tcsh"], home.env)
    assert refused.code == 2
    assert "invalid choice: 'tcsh'" in refused.err
