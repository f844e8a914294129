"""What every command shares: its :class:`Context`, the :class:`Parser` and the arguments that
several commands take."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from watcher import app, paths
from watcher.cli.present import Output
from watcher.cli.term import terminal
from watcher.cli.values import parse_moment
from watcher.errors import UsageError
from watcher.store import Writer

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from typing import Any, NoReturn, TextIO, TypeAlias

    from watcher.settings import Config
    from watcher.store import Holder, Store


COMPLETE = "__complete"
"""The hidden command the completion scripts call: `watcher __complete SHELL WORD...`, the
last WORD the one being completed (empty for a new one); see :mod:`watcher.cli.completion`."""

COLOR_CHOICES = ("auto", "always", "never")
"""The values of ``--color``: auto colours a terminal unless $NO_COLOR is set."""


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Give ``parser`` the options every command takes: --config, --debug and --color.

    The top parser holds their defaults; every command's parser takes them too (``watcher init
    --config X`` as well as ``watcher --config X init``) with no default of its own, so that a
    command's parser never overwrites what was given before the command's name.
    """
    default: Any = None if top else argparse.SUPPRESS
    group = parser.add_argument_group("global options") if not top else parser
    added = group.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="config file (default: $WATCHER_CONFIG, "
        f"then {paths.config_dir() / paths.CONFIG_NAME})",
    )
    debug = group.add_argument(
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="show tracebacks of unexpected errors",
    )
    colour = group.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto" if top else argparse.SUPPRESS,
        help="colour the output: auto (only in a terminal, and not when $NO_COLOR is set; "
        "the default), always or never",
    )
    if not top:
        for action in (added, debug, colour):
            setattr(action, GLOBAL_MARK, True)


GLOBAL_MARK = "watcher_global_option"
"""The attribute that marks a command's global options, which its usage line leaves out: its
help lists them under "global options"."""


class UsageFormatter(argparse.HelpFormatter):
    """argparse's formatter, with a command's usage line free of the global options."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        kept = [action for action in actions if not getattr(action, GLOBAL_MARK, False)]
        super().add_usage(usage, kept, groups, prefix)


def command_name(program: str | None, env: Mapping[str, str]) -> str:
    """Given the path of the running program (``sys.argv[0]``; None when watcher is called as a
    function) and the environment, return how the hints it prints name it: "watcher" when that
    is what ``$PATH`` finds, else the path it was run by (relative to the working directory
    when inside it: ".venv/bin/watcher"), so that a hint pasted into the shell runs it."""
    if not program:
        return "watcher"
    if Path(program).name != "__main__.py":  # not `python -m watcher`
        found = which("watcher", env.get("PATH"))
        try:
            if found and found.samefile(program):
                return "watcher"
        except OSError:
            pass
    if Path(program).name == "__main__.py":
        return f"{quoted(_shown(sys.executable))} -m watcher"
    return quoted(_shown(program))


_UNQUOTED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")
"""The characters a POSIX shell reads as themselves in a word (shlex's)."""


def quoted(word: str) -> str:
    """Return ``word`` as a POSIX shell reads it back: ``shlex.quote``, without importing
    :mod:`shlex` at the start of every command run by its path."""
    if word and _UNQUOTED.issuperset(word):
        return word
    return "'" + word.replace("'", "'\"'\"'") + "'"


def which(name: str, search: str | None) -> Path | None:
    """Return the first executable file called ``name`` in the directories of ``search`` (a
    ``$PATH``; None: this process's, else the system's default), or None: ``shutil.which`` for a
    bare name on POSIX, without importing :mod:`shutil` (and its compression modules) at every
    start."""
    if search is None:
        search = os.environ.get("PATH", os.defpath)
    if not search:
        return None
    for directory in search.split(os.pathsep):
        candidate = Path(directory or ".") / name
        if os.access(candidate, os.X_OK) and candidate.is_file():
            return candidate
    return None


def _shown(program: str) -> str:
    """Return ``program`` as a command typed in the working directory runs it."""
    path = Path(program)
    if not path.is_absolute():
        return program if "/" in program else f"./{program}"
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return program


def named(text: str, command: str) -> str:
    """Return ``text`` with its hints (`watcher track add ...`, in backquotes) naming
    ``command`` (see :func:`command_name`)."""
    return text if command == "watcher" else text.replace("`watcher ", f"`{command} ")


def _english(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


# watcher speaks English, and so do argparse's words in its usage and errors ("options",
# "invalid choice"): they are not looked up in gettext's catalogs, which takes a search of the
# disk for each word and the import of locale (2 to 4 ms of every start), and where another
# program's catalog of the default domain could answer for them.
argparse._ = _english  # type: ignore[attr-defined]
argparse.ngettext = _english_plural  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors name the command's --help. Every parser but the top one
    (``top=True``) takes the global options too (see :func:`add_global_options`).

    With ``wanted`` (the names of the command to run, such as ``("track", "list")``), the
    commands below this parser are built only along that path: the others are not made at all
    (see :class:`Commands`), which spares a command's start most of the parser's cost. Such a
    parser parses that command's words as the whole one would; anything else (another command,
    a help, an error) needs the whole parser.
    """

    def __init__(
        self,
        *args: Any,
        top: bool = False,
        wanted: tuple[str, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("formatter_class", UsageFormatter)
        super().__init__(*args, **kwargs)
        self.wanted = wanted
        self.register("action", "parsers", CommandsAction)
        add_global_options(self, top=top)

    def add_subparsers(self, **kwargs: Any) -> Any:
        commands = super().add_subparsers(**kwargs)
        if isinstance(commands, CommandsAction):
            commands.wanted = self.wanted
        return commands

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"watcher: {message} (see `{self.prog} --help`)\n")

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse's own leaves the width to the formatter, which imports shutil for it (and
        # shutil its compression modules): a millisecond and more of every start, as each
        # add_argument makes a formatter.
        return self.formatter_class(prog=self.prog, width=help_width())  # type: ignore[call-arg]


def help_width() -> int:
    """Return the width argparse's formatter gives help (the terminal's columns less 2), found
    as ``shutil.get_terminal_size`` finds it: ``$COLUMNS``, else standard output's terminal,
    else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


class CommandsAction(argparse._SubParsersAction):  # type: ignore[type-arg]
    """argparse's commands, which build only the command a :class:`Parser` wants (when it
    wants one): any other command's ``add_parser`` gives a :class:`Unbuilt` that takes every
    call and keeps nothing."""

    wanted: tuple[str, ...] | None = None

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self.wanted is not None:
            if not self.wanted or self.wanted[0] not in (name, *kwargs.get("aliases", ())):
                return Unbuilt()
            kwargs["wanted"] = self.wanted[1:]
        return super().add_parser(name, **kwargs)


class Unbuilt:
    """What a command not built (see :class:`CommandsAction`) is registered on: every method
    call is taken and answered with this same object, so that registering its arguments, its
    defaults and its own commands does nothing."""

    def __getattr__(self, name: str) -> Callable[..., Unbuilt]:
        return lambda *args, **kwargs: self


def wanted_command(words: Sequence[str]) -> tuple[str, ...] | None:
    """Given the command line's words, return the names of the command they run (after the
    global options that come first, the words before the next option, two at most:
    ``("track", "list")``), or None when only the whole parser can read them: no command, or a
    help or version asked for anywhere."""
    if any(word in ("-h", "--help", "--version") for word in words):
        return None
    rest = list(words)
    while rest and (rest[0] in _GLOBAL_OPTIONS or rest[0].startswith(_GLOBAL_VALUED)):
        option = rest.pop(0)
        if _GLOBAL_OPTIONS.get(option):  # --config PATH, --color WHEN: the value follows
            del rest[:1]
    names = []
    for word in rest[:2]:
        if word.startswith("-"):
            break
        names.append(word)
    return tuple(names) or None


_GLOBAL_OPTIONS = {"--config": True, "--color": True, "--debug": False}
"""The global options (:func:`add_global_options`), each with whether a value follows it."""
_GLOBAL_VALUED = ("--config=", "--color=")


if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[Parser]
    """What a command group registers its commands in (``add_parser``)."""


class Context:
    """What a command needs: the arguments, the environment, the moment and the output.

    The config is loaded the first time a command asks for it, so that a command that needs
    none (`watcher init`) works without one and a broken one is reported by the command that
    needed it.
    """

    def __init__(
        self,
        args: argparse.Namespace,
        env: Mapping[str, str],
        out: TextIO,
        err: TextIO,
        stdin: TextIO,
        clock: Callable[[], datetime],
        *,
        command: str = "watcher",
    ) -> None:
        self.args = args
        self.env = env
        self.stdin = stdin
        self._clock = clock
        self._config: Config | None = None
        self.command = command
        """How the hints name watcher (see :func:`command_name`)."""
        self.output = NamedOutput(out, err, term=terminal(out, env, getattr(args, "color", "auto")))
        self.output.command = command

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = app.load(self.args.config, self.env)
            self.output.config = self._config
        return self._config

    @property
    def now(self) -> datetime:
        """``--now`` where the command has it and it was given, else the clock."""
        text = getattr(self.args, "now", None)
        if text:
            return parse_moment(text, "--now", self.config)
        return self._clock()

    @property
    def purpose(self) -> str:
        """What this command does, as the store's lock file names it ("watcher track add")."""
        action = getattr(self.args, f"{self.args.command}_command", None)
        return " ".join(["watcher", self.args.command, *([action] if action else [])])

    def writer(self) -> Writer:
        """The request for the store's writer lock of this command: it waits up to
        :data:`watcher.app.WRITE_WAIT` seconds for another watcher to finish, and says once on
        standard error who it waits for."""
        return Writer(self.purpose, wait=app.WRITE_WAIT, waiting=self._waiting)

    def _waiting(self, holder: Holder) -> None:
        known = "" if holder.pid is None else f" ({holder})"
        self.output.err.write(
            f"watcher: waiting for the other watcher in progress{known} (Ctrl-C stops waiting)...\n"
        )
        self.output.err.flush()

    def writing(self, *, transaction: bool = True) -> AbstractContextManager[Store]:
        """Return the store for a command that writes: opened under its writer lock (see
        :meth:`writer`), everything in the block one transaction unless ``transaction`` is
        False (a check commits step by step)."""
        return app.open_store(self.config, transaction=transaction, writer=self.writer())

    def reading(self) -> AbstractContextManager[Store]:
        """Return the store for a command that only reads: read-only, without a lock (see
        :func:`watcher.app.read_store`)."""
        return app.read_store(self.config)


class NamedOutput(Output):
    """The output of a command: its hints name :attr:`command` (see :func:`command_name`)."""

    command = "watcher"

    def line(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().line(named(text, self.command), *args, **kwargs)

    def fitted(self, text: str, indent: str = "", hanging: str | None = None) -> list[str]:
        # Named before it is broken into lines: a hint may be broken inside.
        return super().fitted(named(text, self.command), indent, hanging)


def ask(ctx: Context, question: str, default: str, *, script_hint: str) -> str:
    """Ask a question in the terminal; raise UsageError (with ``script_hint``) at end of input."""
    suffix = f" [{default}]" if default else ""
    print(f"{question}{suffix}: ", end="", file=ctx.output.out, flush=True)
    answer = ctx.stdin.readline()
    if not answer:
        raise UsageError(f"standard input ended before every question was answered: {script_hint}")
    return answer.strip() or default


def add_subcommands(parser: argparse.ArgumentParser, dest: str) -> Commands:
    """Give ``parser`` a required ACTION (``watcher track ACTION``), parsed into ``dest``."""
    return parser.add_subparsers(dest=dest, metavar="ACTION", required=True, parser_class=Parser)


def add_now_option(parser: argparse.ArgumentParser, help: str = argparse.SUPPRESS) -> None:
    """Give ``parser`` ``--now WHEN`` (see :attr:`Context.now`); hidden unless ``help`` is given."""
    parser.add_argument("--now", metavar="WHEN", help=help)


def add_people_options(parser: argparse.ArgumentParser, verb: str = "") -> None:
    """Give ``parser`` the repeatable --interviewer, --contact and --domain (``verb``, such as
    "add", starts their help)."""
    prefix = f"{verb} " if verb else ""
    parser.add_argument(
        "--interviewer",
        action="append",
        default=[],
        metavar='"NAME <ADDRESS>"',
        help=f"{prefix}an interviewer (gets a thank-you); repeatable",
    )
    parser.add_argument(
        "--contact",
        action="append",
        default=[],
        metavar='"NAME <ADDRESS>"',
        help=f"{prefix}a recruiter or coordinator (their mail counts; no thank-you); repeatable",
    )
    parser.add_argument(
        "--domain",
        action="append",
        default=[],
        metavar="DOMAIN",
        help=f"{prefix}the company's mail domain (subdomains count); repeatable",
    )
