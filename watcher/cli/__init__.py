"""The command line: the only part of watcher that prints, reads the clock, and turns errors into
exit codes.

Every command validates all of its input before it writes anything, and each command's writes
happen in one transaction, so a refused command changes nothing.

- this module: :func:`main`, the single error boundary, and :func:`build_parser`;
- :mod:`~watcher.cli.context`: the :class:`~watcher.cli.context.Context` of a command, the
  parser class and the arguments several commands share;
- :mod:`~watcher.cli.values`: the parsers of values (moments, people, domains...);
- :mod:`~watcher.cli.present`: the text and the JSON shown;
- one module per group of commands, each registering its arguments beside its handlers:
  :mod:`~watcher.cli.track`, :mod:`~watcher.cli.mail`, :mod:`~watcher.cli.report`,
  :mod:`~watcher.cli.auth` and :mod:`~watcher.cli.system`.

Starting fast matters to a command typed in a terminal: these modules import only what every
command needs at the top, and what one command needs (the engine, the backends, the keyring,
the notifiers, the daemon) when it runs.
"""

from __future__ import annotations

import gc

# Importing the command line makes thousands of objects and no garbage: the collector's passes
# over them, while it imports and in the first collection after, take 4 ms of every start for
# nothing. It is off for these imports, and what they made is then frozen out of its way
# (gc.freeze: what lives as long as the process); it is on after them if it was before.
_collecting = gc.isenabled()
gc.disable()
try:
    from watcher.cli import standins

    with standins.while_importing():  # pathlib's urllib.parse, argparse's gettext: see there
        import argparse
        import pathlib  # noqa: F401 - imported here, against the stand-in
    import contextlib
    import io
    import os
    import sys
    from collections.abc import Mapping, Sequence
    from datetime import UTC, datetime

    from watcher import __version__
    from watcher.cli.context import COMPLETE, Context, Parser, command_name, named, wanted_command
    from watcher.cli.term import isatty, terminal, wrap
    from watcher.errors import WatcherError
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

    from watcher.cli.context import Commands

EXIT_UNEXPECTED = 70
"""The exit status of an unexpected error (EX_SOFTWARE)."""


def _register_init(commands: Commands) -> None:
    from watcher.cli.system import register_init

    register_init(commands)


def _register_track(commands: Commands) -> None:
    from watcher.cli.track import register

    register(commands)


def _register_mail(commands: Commands) -> None:
    from watcher.cli.mail import register

    register(commands)


def _register_report(commands: Commands) -> None:
    from watcher.cli.report import register

    register(commands)


def _register_auth(commands: Commands) -> None:
    from watcher.cli.auth import register

    register(commands)


def _register_system(commands: Commands) -> None:
    from watcher.cli.system import register

    register(commands)


def _register_completion(commands: Commands) -> None:
    from watcher.cli.completion import register

    register(commands)


REGISTRARS: tuple[tuple[tuple[str, ...], Callable[[Commands], None]], ...] = (
    (("init",), _register_init),
    (("track",), _register_track),
    (("plan", "draft", "check", "why"), _register_mail),
    (("report",), _register_report),
    (("auth",), _register_auth),
    (("run", "notify", "doctor", "service", "config"), _register_system),
    (("completion",), _register_completion),
)
"""Who registers each command: its names and the function that imports its module and
registers them, in the order `watcher --help` lists them. A command's parser imports its own
module only (a test checks that each registers the names said here)."""


def build_parser(prog: str = "watcher", wanted: tuple[str, ...] | None = None) -> Parser:
    """Return the parser of the whole command line, each command's handler as its ``func``
    (``prog``: how its usage and errors name watcher); with ``wanted``, the parser of that
    command alone (see :class:`~watcher.cli.context.Parser`)."""
    parser = Parser(
        prog=prog,
        description="Track job interviews, know when to thank and follow up, "
        "and get the drafts ready.",
        epilog="Times are ISO 8601 (2026-11-24T14:00); without an offset they are in "
        "[policy] timezone. The global options (--config, --debug, --color) go before or "
        "after the command's name.",
        top=True,
        wanted=wanted,
    )
    parser.add_argument("--version", action="version", version=f"watcher {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=Parser
    )
    for names, register in REGISTRARS:
        if wanted is None or (wanted and wanted[0] in names):
            register(commands)
    return parser


def _parse(command: str, words: list[str], out: TextIO, err: TextIO) -> argparse.Namespace | int:
    """Return the arguments of ``words``, or the exit status once argparse has printed a help,
    the version or a usage error. The parser of the wanted command alone reads them first; when
    it cannot (another command, a typo), the whole parser reads them again and says why."""
    wanted = wanted_command(words)
    if wanted is not None:
        with (
            contextlib.suppress(SystemExit),
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
        ):
            return build_parser(command, wanted).parse_args(words)
    try:
        # argparse prints help and usage errors itself: send them to our streams.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return build_parser(command).parse_args(words)
    except SystemExit as exit_:
        return int(exit_.code or 0)


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI; return the exit status. The single error boundary of watcher."""
    known = _load_compiled() if argv is None else None
    try:
        return _main(argv, env=env, stdin=stdin, stdout=stdout, stderr=stderr)
    finally:
        if argv is None:  # the process ends with this command (the installed script's call)
            _keep_compiled(known or frozenset())
            # The interpreter's last collection at exit would go over every object the
            # command made, 13 ms of `watcher track list`: nothing is left to collect.
            gc.freeze()


COMPILED_CACHE = f"records-{sys.implementation.cache_tag}.marshal"
"""The file of the cache directory that keeps the code of records' ``__init__`` between
commands (:data:`watcher.record.COMPILED`), per Python as ``__pycache__`` keeps a module's."""
COMPILED_KEPT = 400
"""How many compiled ``__init__`` the file keeps at most (those of the latest commands)."""


def _load_compiled() -> frozenset[str]:
    """Give :mod:`watcher.record` the code the commands before this one compiled, from the
    cache; return the sources it then holds. A file that is missing, damaged or of another
    Python is compiled around, never an error."""
    import marshal

    from watcher import paths, record

    # Code from this file runs, as a module's from __pycache__ does: it is read only when the
    # user alone can write it and its folder (as ssh reads its keys), else it is compiled around.
    cache = paths.cache_dir() / COMPILED_CACHE
    try:
        with cache.open("rb") as file:
            if not (_own(os.fstat(file.fileno())) and _own(cache.parent.stat())):
                return frozenset(record.COMPILED)
            blob = file.read()
        version, compiled = marshal.loads(blob)  # noqa: S302 - see above
    except Exception:  # whatever a missing or damaged file raises: the cache is not used
        return frozenset(record.COMPILED)
    if version == sys.version and isinstance(compiled, dict):
        code = type(_load_compiled.__code__)
        for source, each in compiled.items():
            if isinstance(source, str) and isinstance(each, code):
                record.COMPILED.setdefault(source, each)
    return frozenset(record.COMPILED)


def _own(status: os.stat_result) -> bool:
    """Whether a file or folder belongs to this user and no one else may write to it."""
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _keep_compiled(known: frozenset[str]) -> None:
    """Write the cache of compiled ``__init__`` when this command compiled one it lacked."""
    from watcher import record

    if not record.COMPILED.keys() - known:
        return
    import marshal

    from watcher import files, paths

    kept = dict(list(record.COMPILED.items())[-COMPILED_KEPT:])
    cache = paths.cache_dir() / COMPILED_CACHE
    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        files.replace_file(cache, marshal.dumps([sys.version, kept]))
    except (OSError, ValueError):  # ValueError: marshal of what it cannot write (none known)
        pass


def _main(
    argv: Sequence[str] | None,
    *,
    env: Mapping[str, str] | None,
    stdin: TextIO | None,
    stdout: TextIO | None,
    stderr: TextIO | None,
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    env = os.environ if env is None else env
    # sys.argv[0] says how this watcher was run only when its arguments are sys.argv's.
    command = command_name(sys.argv[0] if argv is None else None, env)
    words = sys.argv[1:] if argv is None else list(argv)
    if words[:1] == [COMPLETE]:  # what the shell completion scripts ask
        from watcher.cli.completion import complete

        return complete(build_parser(command), words[1:], env, out)
    args = _parse(command, words, out, err)
    if isinstance(args, int):
        return args
    ctx = Context(
        args, env, out, err, stdin or sys.stdin, lambda: datetime.now(UTC), command=command
    )
    try:
        result: int = args.func(ctx)
        return result
    except WatcherError as error:
        said = f"watcher: {named(str(error), command)}"
        if isatty(err):  # a person reads it: broken between words to the terminal's width
            said = "\n".join(wrap(said, terminal(err, env).width, "", "  "))
        print(said, file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("watcher: interrupted", file=err)
        return 130
    except BrokenPipeError:
        # The reader went away (`watcher track list | head`): nothing left to say to it.
        if out is sys.__stdout__ and sys.__stdout__ is not None:
            # Point the process's stdout at /dev/null so the flush at exit cannot fail again.
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.__stdout__.fileno())
                os.close(devnull)
        return 141
    except Exception as error:
        if args.debug:
            raise
        print(
            f"watcher: unexpected error ({type(error).__name__}: {error}); run the command again "
            "with --debug to see the traceback, and please report it",
            file=err,
        )
        return EXIT_UNEXPECTED
