"""What a person types: `watcher init`'s questions, each answer checked as it is given; the help
of every option; a moment given without its time; and hints that name the command that runs
watcher here (`watcher` on $PATH, else the path it was run by).

The questions are asked in a real terminal (a pty, the installed ``watcher`` script) as well as
through ``cli.main`` with a standard input that claims to be one; the hints are read from the
installed script run as a person runs it, by its path or through $PATH.
"""

from __future__ import annotations

import argparse
import io
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cliresult import Result, config_head, home_env, run_cli
from watcher.cli import build_parser
from watcher.cli.context import wanted_command

ROOT = Path(__file__).resolve().parent.parent
WATCHER = Path(sys.executable).parent / "watcher"
"""The installed script, beside the interpreter running the tests (.venv/bin/watcher)."""


class TTY(io.StringIO):
    """Standard input that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return home_env(tmp_path / "home", TZ="UTC", USER="tester")


def init(env: dict[str, str], path: Path, *args: str, answers: str | None = None) -> Result:
    """Run `watcher --config PATH init ARGS`, answering in a "terminal" when ``answers``."""
    stdin = TTY(answers) if answers is not None else io.StringIO("")
    return run_cli(["--config", str(path), "init", *args], env, stdin=stdin)


def written(path: Path) -> dict[str, str]:
    """Return the name, time zone and holidays a starter config at ``path`` holds."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, rest = line.partition(" = ")
        if key in ("name", "timezone", "holidays"):
            values[key] = rest.split('"')[1]
    return values


# --------------------------------------------------------------------------- init, in a terminal


class Terminal:
    """A program run in a pseudo-terminal, read and typed into as a person would."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, slave = os.openpty()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, close_fds=True
        )
        os.close(slave)
        self.seen = ""
        self.read_to = 0

    def expect(self, text: str, timeout: float = 30.0) -> str:
        """Wait until ``text`` appears after what was expected last; return what came before."""
        deadline = time.monotonic() + timeout
        while text not in self.seen[self.read_to :]:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{text!r} never came; the terminal shows:\n{self.seen}")
        start = self.read_to
        end = self.seen.index(text, start) + len(text)
        self.read_to = end
        return self.seen[start:end]

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def finish(self, timeout: float = 30.0) -> int:
        """Read to the end and return the exit status."""
        deadline = time.monotonic() + timeout
        while self._read(max(0.0, deadline - time.monotonic())):
            pass
        return self.process.wait(timeout=timeout)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        os.close(self.master)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # EIO: the program ended and closed the terminal
            return False
        self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")
        return bool(chunk)


def test_init_in_a_terminal_checks_each_answer_and_suggests_the_fix(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "config.toml"
    with Terminal([str(WATCHER), "--config", str(path), "init"], env, tmp_path) as terminal:
        terminal.expect("Your name (signs the drafts): ")
        terminal.type("Camille Martin")
        terminal.expect("Your email address (Enter for none): ")
        terminal.type("Camille")
        told = terminal.expect("Your email address (Enter for none): ")
        assert '"Camille" is not an email address' in told
        terminal.type("")
        terminal.expect("Your time zone (IANA name, such as Europe/Paris) [UTC]: ")
        terminal.type("Paris")
        told = terminal.expect("[Europe/Paris]: ")
        assert (
            "'Paris' is not a time zone name: did you mean Europe/Paris? (Enter takes it)" in told
        )
        terminal.type("")  # takes the suggestion
        terminal.expect("Public holidays to skip (country code such as US or FR, empty for none): ")
        terminal.type("France")
        told = terminal.expect("Public holidays to skip")
        assert '"France" is not a country code' in told
        terminal.expect(": ")
        terminal.type("fr")
        terminal.expect("Wrote a starter configuration")
        assert terminal.finish() == 0
    assert written(path) == {"name": "Camille Martin", "timezone": "Europe/Paris", "holidays": "FR"}
    # Only the questions are talked about: no option the person never typed.
    assert "--timezone" not in terminal.seen
    assert "--holidays" not in terminal.seen
    assert "nothing was written" not in terminal.seen


@pytest.mark.parametrize(
    ("zone", "told", "offered", "final"),
    [
        ("paris", "did you mean Europe/Paris? (Enter takes it)", "[Europe/Paris]", "Europe/Paris"),
        ("new york", "did you mean America/New_York?", "[America/New_York]", "America/New_York"),
        ("Europe/Pariss", "did you mean Europe/Paris?", "[Europe/Paris]", "Europe/Paris"),
        ("Mars/Olympus", "give an IANA name such as Europe/Paris", "[UTC]", "UTC"),
    ],
)
def test_init_asks_again_for_a_wrong_time_zone_offering_the_closest(
    tmp_path: Path, env: dict[str, str], zone: str, told: str, offered: str, final: str
) -> None:
    path = tmp_path / "config.toml"
    result = init(env, path, answers=f"Camille Martin\n\n{zone}\n\n\n")
    assert result.code == 0, result
    assert f"{zone!r} is not a time zone name" in result.out
    assert told in result.out
    assert result.out.count("Your time zone") == 2
    assert f"Your time zone (IANA name, such as Europe/Paris) {offered}: " in result.out
    assert written(path)["timezone"] == final
    assert "--timezone" not in result.out + result.err


def test_init_asks_again_for_wrong_holidays_as_the_config_loader_checks_them(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "config.toml"
    result = init(env, path, answers="Camille Martin\n\nUTC\nXX\nUS-ZZ\nus-ca\n")
    assert result.code == 0, result
    assert 'Unknown country code "XX"' in result.out
    assert '"US" has no subdivision "ZZ" (known: AK, AL,' in result.out
    assert result.out.count("Public holidays to skip") == 3
    assert written(path)["holidays"] == "US-CA"
    assert "--holidays" not in result.out + result.err


def test_init_asks_again_for_an_address_that_is_none(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "config.toml"
    result = init(env, path, answers="Camille Martin\nParis\ncamille@example.com\nUTC\n\n")
    assert result.code == 0, result
    assert '"Paris" is not an email address: write it as "you@example.com"' in result.out
    assert result.out.count("Your email address") == 2
    assert "camille@example.com" in path.read_text(encoding="utf-8")
    assert "Paris" not in path.read_text(encoding="utf-8")
    # Nothing at all is fine: the address only fills the file's example account.
    assert init(env, tmp_path / "none.toml", answers="Camille Martin\n\nUTC\n\n").code == 0


def test_init_without_questions_refuses_an_address_that_is_none(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "config.toml"
    result = init(env, path, "--non-interactive", "--name", "Ann Lee", "--email", "Paris")
    assert result.code == 2, result
    assert '--email: "Paris" is not an email address' in result.err
    assert "nothing was written" in result.err
    assert not path.exists()


def test_init_in_a_terminal_offers_the_fix_of_a_wrong_option(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "config.toml"
    result = init(
        env, path, "--timezone", "Paris", "--holidays", "XX", answers="Camille Martin\n\n\n\n"
    )
    assert result.code == 0, result
    assert "--timezone 'Paris' is not a time zone; Europe/Paris is offered instead." in result.out
    assert "--holidays 'XX': unknown country code" in result.out
    assert written(path) == {"name": "Camille Martin", "timezone": "Europe/Paris", "holidays": ""}


def test_init_without_questions_says_which_defaults_it_chose(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "config.toml"
    result = init(env, path, "--non-interactive", "--name", "Camille Martin")
    assert result.code == 0, result
    assert result.out == (
        f"Wrote a starter configuration to {path}.\n"
        "Defaults chosen (edit the file, or run `watcher init --force` with the option):\n"
        "  time zone: UTC, this machine's (--timezone ZONE, such as --timezone\n"
        "    Europe/Paris)\n"
        "  public holidays: none skipped (--holidays CODE, such as --holidays US)\n"
        "  notifications: none (no desktop session here; [notify.email] in the file mails\n"
        "    them)\n"
        "Next: `watcher track add --company ... --role ... --at ...`, then `watcher\n"
        "plan`.\n"
    )
    given = init(
        env,
        tmp_path / "given.toml",
        "--non-interactive",
        "--name",
        "Camille Martin",
        "--timezone",
        "Europe/Paris",
        "--holidays",
        "FR",
    )
    assert "time zone" not in given.out
    assert "public holidays" not in given.out
    assert "  notifications: none" in given.out


@pytest.mark.parametrize(
    ("zone", "fragment"),
    [
        ("Paris", "--timezone 'Paris' is not a time zone: did you mean --timezone Europe/Paris?"),
        ("Mars/X", "--timezone 'Mars/X' is not a time zone: (an IANA name such as"),
    ],
)
def test_init_without_questions_refuses_a_wrong_time_zone_with_the_fix(
    tmp_path: Path, env: dict[str, str], zone: str, fragment: str
) -> None:
    path = tmp_path / "config.toml"
    result = init(env, path, "--non-interactive", "--name", "Ann Lee", "--timezone", zone)
    assert result.code == 2, result
    assert result.out == ""
    assert fragment in result.err
    assert "nothing was written" in result.err
    assert not path.exists()


# --------------------------------------------------------------------------- help


def every_argument(
    parser: argparse.ArgumentParser, path: str = "watcher"
) -> list[tuple[str, argparse.Action]]:
    """Return each argument of each command, with the command's words."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += every_argument(sub, f"{path} {name}")
        else:
            found.append((path, action))
    return found


def test_every_option_and_argument_has_help() -> None:
    missing = [
        f"{command} {'/'.join(action.option_strings) or action.dest}"
        for command, action in every_argument(build_parser())
        if not action.help and not isinstance(action, argparse._HelpAction)
    ]
    assert missing == []


def test_an_id_says_what_it_is_and_where_to_find_it(env: dict[str, str]) -> None:
    ids = [
        (command, action.help)
        for command, action in every_argument(build_parser())
        if action.metavar == "ID"
    ]
    assert len(ids) >= 12
    for command, about in ids:
        where = (
            "`watcher track suggested`"
            if command.endswith(("accept", "ignore"))
            else ("`watcher track list`")
        )
        assert where in str(about), command
    shown = run_cli(["track", "show", "--help"], env)
    assert "ID" in shown.out
    assert "the interview's number (see `watcher track list`)" in shown.out


# --------------------------------------------------------------------------- a date without time


@pytest.fixture
def configured(tmp_path: Path, env: dict[str, str]) -> list[str]:
    config = tmp_path / "config.toml"
    config.write_text(config_head(tmp_path), encoding="utf-8")
    return ["--config", str(config)]


ADD = ["track", "add", "--company", "Northwind", "--role", "Data Engineer"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [*ADD, "--at", "2026-12-08"],
            "--at '2026-12-08' is a date without a time: an interview needs its time too, "
            "such as --at 2026-12-08T14:00 (in UTC, or with an offset such as "
            "2026-12-08T14:00+01:00)",
        ),
        (
            ["track", "edit", "1", "--at", "2026-12-09"],
            "an interview needs its time too, such as --at 2026-12-09T14:00",
        ),
        (
            ["track", "close", "1", "--outcome", "ghosted", "--at", "2026-12-20"],
            "--at '2026-12-20' is a date without a time: give the time too, such as "
            "--at 2026-12-20T14:00",
        ),
        (
            ["track", "heard", "1", "--kind", "update", "--at", "2026-12-10"],
            "give the time too, such as --at 2026-12-10T14:00",
        ),
        (
            ["track", "sent", "1", "--kind", "thank_you", "--at", "2026-12-09"],
            "give the time too, such as --at 2026-12-09T14:00",
        ),
        (["plan", "--now", "2026-12-10"], "give the time too, such as --now 2026-12-10T14:00"),
    ],
)
def test_a_date_without_its_time_is_refused_with_an_example(
    env: dict[str, str], configured: list[str], argv: list[str], message: str
) -> None:
    added = run_cli([*configured, *ADD, "--at", "2026-12-08T14:00"], env)
    assert added.code == 0, added
    result = run_cli([*configured, *argv], env)
    assert result.code == 2, result
    assert result.out == ""
    assert message in result.err


def test_a_deadline_may_still_be_a_date_alone(env: dict[str, str], configured: list[str]) -> None:
    assert run_cli([*configured, *ADD, "--at", "2026-12-08T14:00"], env).code == 0
    result = run_cli(
        [*configured, "track", "commit", "1", "--what", "send references", "--by", "2026-12-10"],
        env,
    )
    assert result.code == 0, result
    assert "by Thu 10 Dec 17:00" in result.out


# --------------------------------------------------------------------------- hints


def hint_of(env: dict[str, str], command: str, cwd: Path) -> str:
    """Run `COMMAND plan` (the config missing) as a shell would; return what it says to run."""
    done = subprocess.run(
        f"{command} plan", shell=True, env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done
    return done.stderr.split("run `", 1)[1].split("`", 1)[0]


def test_hints_name_the_command_that_runs_this_watcher(tmp_path: Path, env: dict[str, str]) -> None:
    elsewhere = {**env, "PATH": "/usr/bin:/bin"}
    assert hint_of(elsewhere, str(WATCHER), tmp_path) == f"{WATCHER} init"
    if WATCHER.is_relative_to(ROOT):  # run from the checkout, by the path a person types there
        relative = WATCHER.relative_to(ROOT)
        assert hint_of(elsewhere, str(relative), ROOT) == f"{relative} init"
    on_path = {**env, "PATH": f"{WATCHER.parent}:/usr/bin:/bin"}
    assert hint_of(on_path, "watcher", tmp_path) == "watcher init"
    # A link on $PATH to this watcher (as `pipx install .` makes) is this watcher too.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "watcher").symlink_to(WATCHER)
    linked = {**env, "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"}
    assert hint_of(linked, str(WATCHER), tmp_path) == "watcher init"


def test_hints_in_output_and_usage_errors_name_the_command_too(
    tmp_path: Path, env: dict[str, str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(config_head(tmp_path), encoding="utf-8")
    elsewhere = {**env, "PATH": "/usr/bin:/bin", "WATCHER_CONFIG": str(config)}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(WATCHER), *argv],
            env=elsewhere,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    listed = run("track", "list")
    assert listed.stdout.endswith(f"Add one with `{WATCHER} track add`.\n"), listed
    wrong = run("track", "show", "x")
    assert wrong.returncode == 2
    assert f"(see `{WATCHER} track show --help`)" in wrong.stderr


def test_an_error_in_a_terminal_breaks_between_words(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "config.toml"
    argv = ["--config", str(path), "init", "--non-interactive", "--name", "Ann Lee"]
    argv += ["--timezone", "Paris"]
    with Terminal([str(WATCHER), *argv], env, tmp_path) as terminal:
        assert terminal.finish() == 2
    said = terminal.seen.replace("\r\n", "\n").rstrip("\n").split("\n")
    assert len(said) > 1 and max(len(line) for line in said) <= 80, said
    piped = init(env, path, *argv[3:])  # no terminal: one line, for a script's log
    assert piped.err.count("\n") == 1
    assert " ".join(" ".join(said).split()) == " ".join(piped.err.split())


def leaf_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict:
    """Return each command that runs (``("track", "list")``) with its parser."""
    found: dict[tuple[str, ...], argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= leaf_commands(sub, (*path, name))
            return found
    return {path: parser}


def described(parser: argparse.ArgumentParser) -> list[tuple[object, ...]]:
    return [
        (a.option_strings, a.dest, a.default, a.choices, a.nargs, a.required, a.help)
        for a in parser._actions
    ]


def test_the_parser_of_one_command_reads_it_as_the_whole_parser_does() -> None:
    whole = leaf_commands(build_parser())
    assert len(whole) > 30
    for names, parser in whole.items():
        alone = build_parser(wanted=names)
        built = leaf_commands(alone)
        assert list(built) == [names]  # no other command was made
        assert described(built[names]) == described(parser), names
        assert built[names].get_default("func") is parser.get_default("func")
    lines = [
        ["track", "list", "--all", "--json"],
        ["track", "show", "3", "--json"],
        ["track", "add", "--company", "Acme", "--role", "SRE", "--at", "2026-12-08T14:00"],
        ["plan", "--all", "--now", "2026-12-06T12:00"],
        ["check", "--json", "--config", "c.toml", "--color", "never"],
        ["why", "<m@x.example>", "--json"],
        ["service", "install", "--debug"],
        ["--config", "c.toml", "track", "list", "--json"],
        ["--color=never", "--debug", "--config=c.toml", "plan", "--all"],
        ["--debug", "track", "add", "--company", "Acme", "--role", "SRE", "--at", "2026-12-08"],
    ]
    for words in lines:
        names = wanted_command(words)
        assert names is not None
        assert build_parser(wanted=names).parse_args(words) == build_parser().parse_args(words)


@pytest.mark.parametrize(
    ("words", "names"),
    [
        (["track", "list"], ("track", "list")),
        (["plan", "--json"], ("plan",)),
        (["--config", "x.toml", "track", "list"], ("track", "list")),
        (["--config=x.toml", "--debug", "--color", "never", "check"], ("check",)),
        (["--debug"], None),  # no command: the whole parser says so
        (["--config"], None),
        ([], None),
        (["-x", "track"], None),  # no global option
        (["track", "list", "--help"], None),  # a help is the whole parser's
        (["--version"], None),
    ],
)
def test_the_wanted_command_is_read_past_the_global_options(
    words: list[str], names: tuple[str, ...] | None
) -> None:
    assert wanted_command(words) == names


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["track", "lst"], "invalid choice: 'lst' (choose from 'add', 'list'"),
        (["trak"], "invalid choice: 'trak' (choose from 'init', 'track'"),
        (["plan", "--bogus"], "unrecognized arguments: --bogus"),
        (["track"], "the following arguments are required: ACTION"),
    ],
)
def test_a_mistyped_command_is_told_by_the_whole_parser(
    words: list[str], said: str, env: dict[str, str]
) -> None:
    result = run_cli(words, env=env)
    assert result.code == 2
    assert said in result.err
    assert result.out == ""


def test_a_help_is_the_whole_parsers(env: dict[str, str]) -> None:
    result = run_cli(["track", "list", "--help"], env=env)
    assert result.code == 0 and "--all" in result.out
    result = run_cli(["track", "--help"], env=env)
    assert "suggested" in result.out and "export" in result.out


def test_which_finds_what_shutil_which_finds(tmp_path: Path) -> None:
    import shutil

    from watcher.cli.context import which

    plain, runnable, folder = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for directory in (plain, runnable, folder):
        directory.mkdir()
    (plain / "watcher").write_text("not executable\n")
    (runnable / "watcher").write_text("#!/bin/sh\n")
    (runnable / "watcher").chmod(0o755)
    (folder / "watcher").mkdir()
    for search in (
        f"{plain}:{folder}:{runnable}",
        f"{folder}:{plain}",
        f"{runnable}",
        "/nonexistent",
        "",
    ):
        expected = shutil.which("watcher", path=search)
        found = which("watcher", search)
        assert (str(found) if found else None) == expected, search


def test_quoted_is_what_shlex_quote_gives() -> None:
    import random
    import shlex

    from watcher.cli.context import quoted

    alphabet = "aZ09_@%+=:,./- '\"$`\\!*?[]{}()<>|&;~#\t\né€"
    rng = random.Random(7)
    words = ["", "watcher", ".venv/bin/watcher", "/home/o'neil/bin/watcher", "a b"]
    words += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(3000)]
    for word in words:
        assert quoted(word) == shlex.quote(word), word


def test_help_width_is_what_argparse_would_find(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from watcher.cli.context import help_width

    for columns in ("120", "", "0", "-3", "wide"):
        monkeypatch.setenv("COLUMNS", columns)
        assert help_width() == shutil.get_terminal_size().columns - 2, columns


def test_argparse_speaks_english_without_looking_in_catalogs() -> None:
    import argparse

    import watcher.cli.context  # noqa: F401 (sets argparse's words)

    assert argparse._("options") == "options"  # type: ignore[attr-defined]
    assert argparse.ngettext("an argument", "%d arguments", 1) == "an argument"  # type: ignore[attr-defined]
    assert argparse.ngettext("an argument", "%d arguments", 2) == "%d arguments"  # type: ignore[attr-defined]


def test_each_registrar_registers_the_commands_it_is_listed_for() -> None:
    from watcher import cli
    from watcher.cli.context import Parser

    listed = []
    for names, register in cli.REGISTRARS:
        parser = Parser(prog="watcher", top=True)
        commands = parser.add_subparsers(dest="command", parser_class=Parser)
        register(commands)
        assert tuple(commands.choices) == names, register
        listed += names
    whole = cli.build_parser()
    (commands,) = (a for a in whole._actions if isinstance(a, argparse._SubParsersAction))
    assert list(commands.choices) == listed  # every command, in the order of the help
