"""Setting watcher up and running it: `init`, `run`, `notify test`, `doctor`, `service
install/uninstall` and `config check`.

Each command's arguments are registered right above its handler. The daemon, the service
files, the logging setup, the keyring and the notifiers are imported inside the handlers that use
them (or by the :mod:`watcher.app` functions they call), so that registering these commands costs
every other command nothing.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from watcher import app, paths
from watcher.cli.context import Context, add_subcommands, ask, which
from watcher.cli.term import terminal
from watcher.config import (
    address_problem,
    default_timezone,
    parse_config,
    starter_config,
    suggest_timezone,
    user_warnings,
)
from watcher.errors import ConfigError, UsageError, WatcherError
from watcher.files import replace_file
from watcher.record import record, replace
from watcher.settings import Account, is_placeholder_name, password_command

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from typing import Literal

    from watcher.cli.context import Commands
    from watcher.scheduler import Daemon

INIT_FLAGS = {
    "user.email": "--email",
    "policy.timezone": "--timezone",
    "policy.holidays": "--holidays",
    "user.name": "--name",
}
"""The config keys `watcher init` writes from its flags: a problem with one names the flag."""

NO_NOTIFIER = (
    "no notifier is configured, so nudges reach no one (drafts are still made): set "
    "desktop = true under [notify] (on a desktop session), or add a [notify.email] table with "
    "host and from (config.example.toml shows one), then `watcher notify test`"
)
"""What `doctor`, `notify test` and the log of `watcher run` say when [notify] names none."""


def register_init(commands: Commands) -> None:
    """Add `watcher init` to ``commands`` (it comes first in `watcher --help`)."""
    init = commands.add_parser("init", help="write a starter configuration")
    init.add_argument(
        "--non-interactive", action="store_true", help="ask nothing; use the options and defaults"
    )
    init.add_argument(
        "--name",
        help='your name, which signs the drafts (required without a terminal; "Me" and other '
        "placeholders are refused)",
    )
    init.add_argument("--email", help="your email address")
    init.add_argument(
        "--timezone", help="IANA time zone such as Europe/Paris (default: this machine's)"
    )
    init.add_argument(
        "--holidays", help="country code of the public holidays to skip, such as US or FR"
    )
    init.add_argument("--force", action="store_true", help="replace an existing configuration")
    init.set_defaults(func=cmd_init)


def register(commands: Commands) -> None:
    """Add `watcher run`, `notify`, `doctor`, `service` and `config` to ``commands``."""
    register_run(commands)
    register_notify(commands)
    register_doctor(commands)
    register_service(commands)
    register_config(commands)


# --------------------------------------------------------------------------- init


@record
class Answers:
    """What `watcher init` writes: the answers to its questions (or its options and defaults)."""

    name: str
    address: str | None
    timezone: str
    holidays: str
    desktop: bool

    def text(self) -> str:
        """Return the starter config of these answers."""
        return starter_config(
            self.name, self.address, self.timezone, self.holidays, desktop=self.desktop
        )

    def check(self, path: Path, env: Mapping[str, str]) -> tuple[Answers, dict[str, str]]:
        """Return these answers as the config loader reads them (the holidays code "fr" is
        "FR"), and what it finds wrong in :meth:`text`, by dotted key ("policy.timezone":
        'unknown time zone "Paris": ...'; {} when it is valid)."""
        try:
            config = parse_config(self.text(), source=str(path), env=env, base_dir=path.parent)
        except ConfigError as error:
            problems = (p.partition(": ") for p in error.problems)
            found = {key: problem for key, _, problem in problems}
        else:
            self, found = replace(self, holidays=config.holidays_code), {}
        # The address is only in the file's example account (a comment): checked here.
        wrong_address = address_problem(self.address) if self.address else None
        return self, found | ({"user.email": wrong_address} if wrong_address else {})


INIT_QUESTIONS = {
    "user.email": "your email address",
    "policy.timezone": "the time zone",
    "policy.holidays": "the public holidays",
    "user.name": "your name",
}
"""What a problem with a config key is about, in the words of `watcher init`'s questions."""


def cmd_init(ctx: Context) -> int:
    args, out = ctx.args, ctx.output
    path = paths.config_file(args.config, ctx.env)
    if path.exists() and not args.force:
        out.line(
            f"A configuration already exists at {path}; nothing written (--force replaces it)."
        )
        return 0
    # Desktop notifications need a session: on a server, nudges would never get through.
    desktop = sys.platform == "darwin" or bool(ctx.env.get("DBUS_SESSION_BUS_ADDRESS"))
    answers = Answers(
        name=(args.name or "").strip(),
        address=args.email,
        timezone=args.timezone or default_timezone(ctx.env),
        holidays=args.holidays if args.holidays is not None else "",
        desktop=desktop,
    )
    interactive = not args.non_interactive and ctx.stdin.isatty()
    if interactive:
        answers = ask_init(ctx, answers, path)
    elif is_placeholder_name(answers.name):
        raise UsageError(refused_name(answers.name) + " (nothing was written)")
    answers, problems = answers.check(path, ctx.env)
    if problems:
        # Each answer was checked as it was given: only an option's value gets here.
        told = [
            refused_option(key, problem, answers)
            if key in INIT_FLAGS and not interactive
            else f"{INIT_QUESTIONS.get(key, key)}: {problem}"
            for key, problem in problems.items()
        ]
        raise UsageError("; ".join(told) + " (nothing was written)")
    text = answers.text()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(
            f"cannot write the configuration to {path} ({error.strerror or error}): choose "
            "another place with --config or $WATCHER_CONFIG"
        ) from None
    out.line(f"Wrote a starter configuration to {path}.")
    defaults = []
    if not interactive and args.timezone is None:
        defaults.append(
            f"time zone: {answers.timezone}, this machine's "
            "(--timezone ZONE, such as --timezone Europe/Paris)"
        )
    if not interactive and args.holidays is None:
        defaults.append("public holidays: none skipped (--holidays CODE, such as --holidays US)")
    defaults.append(
        "notifications: on this desktop ([notify] desktop in the file)"
        if desktop
        else "notifications: none (no desktop session here; [notify.email] in the file mails them)"
    )
    out.wrapped("Defaults chosen (edit the file, or run `watcher init --force` with the option):")
    for default in defaults:
        out.wrapped(default, "  ", "    ")
    out.wrapped("Next: `watcher track add --company ... --role ... --at ...`, then `watcher plan`.")
    return 0


def refused_option(key: str, problem: str, answers: Answers) -> str:
    """Return why `watcher init --non-interactive` refuses the value of the option that writes
    config key ``key``, with the fix (the closest time zone, for --timezone)."""
    flag = INIT_FLAGS[key]
    if key == "policy.timezone":
        suggestion = suggest_timezone(answers.timezone)
        fix = f"did you mean {flag} {suggestion}? " if suggestion else ""
        return (
            f"{flag} {answers.timezone!r} is not a time zone: {fix}(an IANA name such as "
            "Europe/Paris, America/New_York or UTC)"
        )
    return f"{flag}: {problem}"


def ask_init(ctx: Context, given: Answers, path: Path) -> Answers:
    """Ask `watcher init`'s questions in the terminal, ``given`` (the options and defaults)
    offered as the answers; check each answer as it is given, the way the config loader will,
    and ask again, with the fix, until it is right. Raise UsageError at the end of input."""
    out = ctx.output
    hint = 'run `watcher init --non-interactive --name "Your Name"` in scripts'

    def wrong(answers: Answers, key: str) -> str | None:
        return answers.check(path, ctx.env)[1].get(key)

    answers = replace(given, name=ask_name(ctx, given.name, hint))
    offered_address = given.address or ""
    if given.address and wrong(answers, "user.email"):
        out.line(f"--email {given.address!r} is not an email address; none is offered instead.")
        offered_address = ""
    while True:
        address = ask(ctx, "Your email address (Enter for none)", offered_address, script_hint=hint)
        answers = replace(answers, address=address or None)
        problem = wrong(answers, "user.email")
        if problem is None:
            break
        offered_address = ""
        out.wrapped(f"{problem[:1].upper()}{problem[1:]}; or nothing for none.")
    machine = default_timezone(ctx.env)
    offered = given.timezone
    if wrong(answers, "policy.timezone"):
        offered = suggest_timezone(offered) or machine
        out.line(f"--timezone {given.timezone!r} is not a time zone; {offered} is offered instead.")
    while True:
        zone = ask(
            ctx, "Your time zone (IANA name, such as Europe/Paris)", offered, script_hint=hint
        )
        if not wrong(replace(answers, timezone=zone), "policy.timezone"):
            break
        suggestion = suggest_timezone(zone)
        offered = suggestion or machine
        out.wrapped(
            f"{zone!r} is not a time zone name: did you mean {suggestion}? (Enter takes it)"
            if suggestion
            else f"{zone!r} is not a time zone name: give an IANA name such as Europe/Paris, "
            f"America/New_York or UTC (Enter takes {machine}, this machine's)."
        )
    answers = replace(answers, timezone=zone)
    offered = given.holidays
    problem = wrong(answers, "policy.holidays")
    if problem:
        offered = ""
        out.line(f"--holidays {given.holidays!r}: {problem}; none is offered instead.")
    while True:
        code = ask(
            ctx,
            "Public holidays to skip (country code such as US or FR, empty for none)",
            offered,
            script_hint=hint,
        )
        code = "" if code.lower() == "none" else code
        problem = wrong(replace(answers, holidays=code), "policy.holidays")
        if problem is None:
            return replace(answers, holidays=code)
        offered = ""
        problem = problem.removesuffix(', or "" for none')
        out.wrapped(f"{problem[:1].upper()}{problem[1:]}; or nothing for none.")


def refused_name(name: str) -> str:
    """Return why `watcher init` refuses ``name`` (none, or a placeholder), and the fix."""
    what = (
        f"--name {name!r} is a placeholder, not your name"
        if name
        else "--name is required without a terminal"
    )
    return f'{what}: the drafts are signed with it; pass --name "Your Name"'


def ask_name(ctx: Context, given: str, hint: str) -> str:
    """Ask for the user's name until the answer is no placeholder (``given`` is offered when it
    is a real name); raise UsageError (with ``hint``) at the end of input."""
    default = "" if is_placeholder_name(given) else given
    while True:
        name = ask(ctx, "Your name (signs the drafts)", default, script_hint=hint)
        if not is_placeholder_name(name):
            return name
        told = f"{name!r} is a placeholder" if name else "A name is needed"
        ctx.output.line(f"{told}: the drafts are signed with your real name, such as Alex Martin.")


# --------------------------------------------------------------------------- run


def register_run(commands: Commands) -> None:
    run = commands.add_parser(
        "run",
        help="the daemon: check on a schedule and on IDLE news, deliver nudges (see `service`)",
        description="Run until stopped (SIGTERM or Ctrl-C): check every account at start, then "
        "every [daemon] poll_every and at once when IMAP IDLE reports new mail; deliver the "
        "nudges through [notify] (desktop, email), outside quiet_hours.",
    )
    run.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error", "critical"],
        help="the least important log lines written (default: info)",
    )
    run.set_defaults(func=cmd_run)


def cmd_run(ctx: Context) -> int:
    # First of all, before the slow imports and the config: a SIGTERM during start-up is a
    # request to stop like any other, never death by signal (exit 143).
    from watcher.signals import StopSignals

    signals = StopSignals()
    try:
        daemon = prepare_daemon(ctx)
    except BaseException:
        signals.restore()
        raise
    try:
        return daemon.run(signals)
    finally:
        signals.ignore()


def prepare_daemon(ctx: Context) -> Daemon:
    """Check the config, set up the daemon's log and return the daemon, not yet running.

    Raise UsageError if no account is configured: the daemon would have nothing to watch.
    """
    from watcher import logsetup

    config = ctx.config
    if not config.accounts:
        raise UsageError(
            "no mailbox is configured, so `watcher run` has nothing to watch: add an "
            "[[accounts]] table to the configuration (config.example.toml shows one), then "
            "start it again"
        )
    # The log goes to standard error: coloured by the rule of the output (see cli.term).
    logsetup.configure(
        ctx.args.log_level,
        stream=ctx.output.err,
        timezone=config.policy.timezone,
        colors=terminal(ctx.output.err, ctx.env, ctx.args.color).color,
    )
    log = logsetup.get_logger(__name__)
    for warning in user_warnings(config):
        log.warning("no drafts", reason=warning)
    notifiers = app.notifiers(config)
    if not notifiers:
        log.warning("no notifier", reason=NO_NOTIFIER)
    from watcher.scheduler import Daemon

    return Daemon(config, ctx.env, notifiers=notifiers)


# --------------------------------------------------------------------------- notify test


def register_notify(commands: Commands) -> None:
    notify = commands.add_parser("notify", help="notifications")
    actions = add_subcommands(notify, "notify_command")
    notify_test = actions.add_parser("test", help="send a test nudge through every notifier")
    notify_test.set_defaults(func=cmd_notify_test)


def cmd_notify_test(ctx: Context) -> int:
    from watcher.notify.base import NotifyError

    config, out = ctx.config, ctx.output
    notifiers = app.notifiers(config)
    if not notifiers:
        raise UsageError(NO_NOTIFIER)
    nudge = app.sample_nudge(ctx.now)
    delivered = 0
    for notifier in notifiers:
        try:
            notifier.send(nudge)
        except NotifyError as error:
            out.wrapped(f"{notifier.name}: failed: {error}", "", "  ")
        else:
            delivered += 1
            out.line(f"{notifier.name}: sent a test nudge")
        finally:
            notifier.close()
    return 0 if delivered else 1


# --------------------------------------------------------------------------- doctor


def register_doctor(commands: Commands) -> None:
    doctor = commands.add_parser(
        "doctor", help="check the config, keyring, accounts and notifiers, with the fixes"
    )
    doctor.set_defaults(func=cmd_doctor)


def uses_keyring(account: Account) -> bool:
    """Whether an account's secret (password or Google sign-in) is kept in the OS keyring."""
    if account.client_secrets is not None:
        return account.token_file is None
    return not password_command(account)


DOCTOR_STYLES = {"ok": "good", "failed": "bad", "warning": "waiting", "note": "quiet"}
"""How `watcher doctor` colours the status of each finding (see cli.term.STYLES)."""


def cmd_doctor(ctx: Context) -> int:
    """Check everything watcher needs, each as ok or failed with the fix."""
    from watcher import credentials

    out = ctx.output
    results: list[bool] = []

    def say(status: str, text: str) -> None:
        """Print one finding: its status in a column of its own, the text wrapped beside it."""
        lines = out.fitted(f"{status:<7} {text}", "", " " * 8)
        lines[0] = out.paint(status, DOCTOR_STYLES[status]) + lines[0][len(status) :]
        for line in lines:
            out.line(line)

    def report(what: str, probe: Callable[[], str]) -> None:
        try:
            detail = probe()
        except WatcherError as error:
            say("failed", f"{what}: {error}")
            results.append(False)
        else:
            say("ok", f"{what}: {detail}")
            results.append(True)

    try:
        config = ctx.config
    except WatcherError as error:
        say("failed", f"configuration: {error}")
        return 1
    say("ok", f"configuration: {config.source}")
    for warning in user_warnings(config):
        say("warning", warning)
    # What the OS keyring would hold, so that without one each is told what to set instead.
    tokens = [
        f"account {a.name!r}"
        for a in config.accounts
        if uses_keyring(a) and a.client_secrets is not None
    ]
    passwords = [
        f"account {a.name!r}" for a in config.accounts if uses_keyring(a) and not a.client_secrets
    ]
    email = config.notify.email
    if email is not None and email.username and not email.password_command:
        passwords.append("[notify.email]")
    if tokens or passwords:
        report(
            "OS keyring",
            functools.partial(credentials.keyring_status, passwords=passwords, tokens=tokens),
        )
    for account in config.accounts:
        if account.client_secrets is not None:
            report(
                f"account {account.name} sign-in", functools.partial(app.sign_in_status, account)
            )
            if not results[-1]:
                continue  # the account cannot be opened without it: said once is enough
        report(f"account {account.name}", functools.partial(app.probe_account, account))
    try:
        notifiers = app.notifiers(config)
    except WatcherError as error:
        say("failed", f"notifiers: {error}")
        results.append(False)
        notifiers = []
    for notifier in notifiers:
        report(f"notifier {notifier.name}", notifier.probe)
    if not config.notify.desktop and config.notify.email is None:
        say("warning", NO_NOTIFIER)
    if not config.accounts:
        say(
            "note",
            "no [[accounts]]: watcher only tracks what you enter by hand (`watcher run` needs one)",
        )
    return 0 if all(results) else 1


# --------------------------------------------------------------------------- service


def register_service(commands: Commands) -> None:
    service_parser = commands.add_parser(
        "service", help="install or remove watcher as a user service (systemd or launchd)"
    )
    actions = add_subcommands(service_parser, "service_command")
    for name, text in (
        ("install", "install and start the user service"),
        ("uninstall", "stop and remove the user service"),
    ):
        action = actions.add_parser(name, help=text)
        which = action.add_mutually_exclusive_group()
        which.add_argument("--systemd", action="store_true", help="a systemd user unit (Linux)")
        which.add_argument("--launchd", action="store_true", help="a launchd agent (macOS)")
        action.set_defaults(func=cmd_service)


def cmd_service(ctx: Context) -> int:
    import shlex

    from watcher import service

    args, out = ctx.args, ctx.output
    darwin = not args.systemd and sys.platform == "darwin"
    kind: Literal["systemd", "launchd"] = "launchd" if args.launchd or darwin else "systemd"
    if args.service_command == "install":
        program = which("watcher", ctx.env.get("PATH")) or Path(sys.argv[0]).resolve()
        config = service_config(ctx)
        result = service.install(kind, program.resolve(), ctx.env, config)
        out.line(f"Installed the {kind} service: {result.path}")
        out.line(f"  it runs: {shlex.join(service.command(program.resolve(), config))}")
    else:
        result = service.uninstall(kind, ctx.env)
        out.line(f"Removed the {kind} service: {result.path}")
    for command in result.commands_run:
        out.line(f"  ran: {command}")
    for problem in result.problems:
        out.wrapped(f"note: {problem}", "  ", "    ")
    if result.commands_to_run:
        out.line("Run these to finish:")
        for command in result.commands_to_run:
            out.line(f"  {command}")
    return 0


def service_config(ctx: Context) -> Path | None:
    """The config the service runs with: ``--config``, else ``$WATCHER_CONFIG``, made absolute
    (the service starts elsewhere); None when neither is given (it finds the default one)."""
    chosen = ctx.args.config or ctx.env.get("WATCHER_CONFIG")
    return Path(chosen).expanduser().absolute() if chosen else None


# --------------------------------------------------------------------------- config check


def register_config(commands: Commands) -> None:
    config = commands.add_parser("config", help="the configuration")
    actions = add_subcommands(config, "config_command")
    config_check = actions.add_parser(
        "check", help="validate the configuration and report every problem"
    )
    config_check.set_defaults(func=cmd_config_check)


def cmd_config_check(ctx: Context) -> int:
    config = ctx.config
    count = len(config.accounts)
    accounts = "no mail account" if count == 0 else f"{count} mail account{'s' * (count > 1)}"
    ctx.output.line(f"{config.source}: valid ({accounts}; state in {config.store_path}).")
    for warning in user_warnings(config):
        ctx.output.line(f"warning: {warning}")
    from watcher import draftcheck  # its rules take long to build: only here

    for warning in draftcheck.template_warnings(config.templates, config.template_files):
        ctx.output.line(f"warning: templates.dir ({config.templates_dir}): {warning}")
    return 0
