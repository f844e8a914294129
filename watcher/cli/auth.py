"""`watcher auth set`, `auth login` and `auth forget`: an account's password in the OS keyring,
or its Google sign-in.

Each command's arguments are registered right above its handler. The keyring
(:mod:`watcher.credentials`) is imported inside the handlers that use it, and the Google
libraries only by :func:`watcher.app.login`, so that every other command starts without them.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from watcher import app
from watcher.cli.context import Context, add_subcommands
from watcher.cli.values import port_number
from watcher.errors import UsageError

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from watcher.cli.context import Commands
    from watcher.settings import Account, Config

DEFAULT_LOGIN_PORT = 8765
"""The port `watcher auth login` listens on (watcher.oauth.DEFAULT_PORT): fixed, so that the SSH
tunnel of a headless login can be set up first."""
DEFAULT_LOGIN_TIMEOUT = 300.0
"""How long `watcher auth login` waits for the browser (watcher.oauth.LOGIN_TIMEOUT)."""


def register(commands: Commands) -> None:
    """Add `watcher auth` and its actions to ``commands``."""
    auth = commands.add_parser(
        "auth",
        help="sign in to an account: store its password, or log in to Google; or forget it",
        description="An account signs in with a password (kept in the OS keyring by `auth set`, "
        "or printed by its password_command) or, when its [[accounts]] table has client_secrets "
        "(Gmail), with a Google login (`auth login`, kept in the OS keyring or its token_file).",
    )
    actions = add_subcommands(auth, "auth_command")
    register_set(actions)
    register_login(actions)
    register_forget(actions)


def signs_in_with_google(config: Config, name: str) -> Account | None:
    """Return the account ``name`` (as `watcher auth` names it) if it has client_secrets."""
    if name == app.EMAIL_KEYRING_NAME and config.notify.email is not None:
        return None
    account = next((a for a in config.accounts if a.name == name), None)
    return account if account is not None and account.client_secrets is not None else None


# --------------------------------------------------------------------------- auth set


def register_set(actions: Commands) -> None:
    auth_set = actions.add_parser(
        "set", help="store the password of ACCOUNT (or notify.email) in the OS keyring"
    )
    auth_set.add_argument(
        "account", metavar="ACCOUNT", help="an [[accounts]] name, or notify.email"
    )
    auth_set.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    auth_set.set_defaults(func=cmd_auth_set)


def cmd_auth_set(ctx: Context) -> int:
    from watcher import credentials

    args, config = ctx.args, ctx.config
    name, command = app.secret_named(config, args.account)
    google = signs_in_with_google(config, name)
    if google is not None:
        raise UsageError(
            f"account {name!r} signs in with Google (it has client_secrets), so a password "
            f"would not be used: run `watcher auth login {name}`"
        )
    if args.password_stdin:
        secret = ctx.stdin.readline().rstrip("\r\n")
    elif ctx.stdin.isatty():
        import getpass

        secret = getpass.getpass(f"Password for {name!r}: ")
    else:
        raise UsageError(
            "standard input is not a terminal: pass --password-stdin and the password on "
            "standard input"
        )
    if not secret:
        raise UsageError("the password is empty: nothing was stored")
    credentials.store_password(name, secret)
    ctx.output.line(f"Stored the password of account {name!r} in the OS keyring.")
    if command:
        ctx.output.line("Note: this account has a password_command, which is used instead.")
    return 0


# --------------------------------------------------------------------------- auth login


def register_login(actions: Commands) -> None:
    auth_login = actions.add_parser(
        "login",
        help="sign ACCOUNT in to Google in the browser (accounts with client_secrets)",
        description="Sign an account with client_secrets in to Google: open Google's consent "
        "page in the browser, receive its answer on http://HOST:PORT/ on this machine, and save "
        "the token (with its refresh token) in the OS keyring, or in the account's token_file. "
        "A gmail account asks to read mail and write drafts (gmail.readonly, gmail.compose; "
        "watcher never sends); an IMAP account asks for https://mail.google.com/ (the only scope "
        "Gmail's IMAP accepts). On a machine without a browser: run `ssh -L "
        f"{DEFAULT_LOGIN_PORT}:localhost:{DEFAULT_LOGIN_PORT} THIS-MACHINE` from your laptop, "
        "then `watcher auth login ACCOUNT --no-browser` here, and open the URL it prints on the "
        "laptop.",
    )
    auth_login.add_argument("account", metavar="ACCOUNT", help="an [[accounts]] name")
    auth_login.add_argument(
        "--no-browser",
        action="store_true",
        help="print the URL to open instead of opening a browser (headless machines)",
    )
    auth_login.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_LOGIN_PORT,
        metavar="N",
        help=f"the port to receive Google's answer on (default: {DEFAULT_LOGIN_PORT}; 0 picks a "
        "free one)",
    )
    auth_login.add_argument(
        "--host",
        choices=["localhost", "127.0.0.1"],
        default="localhost",
        help="the loopback name in the address Google sends the browser back to "
        "(default: localhost)",
    )
    auth_login.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_LOGIN_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for the browser (default: {DEFAULT_LOGIN_TIMEOUT:g})",
    )
    auth_login.set_defaults(func=cmd_auth_login)


def cmd_auth_login(ctx: Context) -> int:
    args, out = ctx.args, ctx.output
    account = app.google_account(ctx.config, args.account)
    if not 0 < args.timeout <= 86400:
        raise UsageError(f"--timeout {args.timeout:g}: give a number of seconds, 1 to 86400")

    def announce(url: str) -> None:
        redirect = parse_qs(urlsplit(url).query).get("redirect_uri", [""])[0]
        port = urlsplit(redirect).port or args.port
        if args.no_browser:
            out.line(f"To sign account {account.name!r} in to Google, open this URL in a browser:")
        else:
            out.line(
                f"Opening your browser to sign account {account.name!r} in to Google. If it does "
                "not open, open this URL:"
            )
        out.line(f"  {url}")
        if args.no_browser:
            out.line(
                f"If that browser runs on another machine, first forward port {port} to this "
                f"one from there: ssh -L {port}:{args.host}:{port} THIS-MACHINE"
            )
        out.line(f"Waiting up to {args.timeout:g} s for Google's answer on {redirect} ...")
        out.out.flush()

    session = app.login(
        account,
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
        announce=announce,
        timeout=args.timeout,
    )
    out.line(
        f"Signed account {account.name!r} in to Google; the sign-in is saved in "
        f"{app.token_location(account)}."
    )
    out.line(f"Granted scopes: {' '.join(session.scopes) or '(none listed)'}")
    return 0


# --------------------------------------------------------------------------- auth forget


def register_forget(actions: Commands) -> None:
    auth_forget = actions.add_parser(
        "forget",
        help="remove the stored password of ACCOUNT, or its saved Google sign-in",
        description="Remove what `auth set` or `auth login` saved for an account: its password "
        "from the OS keyring or, for an account with client_secrets, its Google sign-in from the "
        "OS keyring or its token_file (Google still lists watcher's access until you remove it "
        "at https://myaccount.google.com/permissions).",
    )
    auth_forget.add_argument(
        "account", metavar="ACCOUNT", help="an [[accounts]] name, or notify.email"
    )
    auth_forget.set_defaults(func=cmd_auth_forget)


def cmd_auth_forget(ctx: Context) -> int:
    from watcher import credentials

    name, _command = app.secret_named(ctx.config, ctx.args.account)
    google = signs_in_with_google(ctx.config, name)
    if google is not None:
        where = app.token_location(google)
        try:
            removed = credentials.forget_token(google.name, google.token_file)
        except credentials.NoKeyringError:
            ctx.output.line(
                f"No OS keyring is available here, so no Google sign-in of account {name!r} is "
                "stored in one: nothing to remove."
            )
            return 0
        if removed:
            ctx.output.line(f"Removed the Google sign-in of account {name!r} from {where}.")
            ctx.output.line(
                "Google still lists watcher as allowed until you remove it at "
                "https://myaccount.google.com/permissions."
            )
        else:
            ctx.output.line(f"No Google sign-in of account {name!r} was saved in {where}.")
        return 0
    try:
        removed = credentials.forget_password(name)
    except credentials.NoKeyringError:
        ctx.output.line(
            f"No OS keyring is available here, so no password of account {name!r} is stored in "
            "one: nothing to remove."
        )
        return 0
    if removed:
        ctx.output.line(f"Removed the password of account {name!r} from the OS keyring.")
    else:
        ctx.output.line(f"The OS keyring held no password for account {name!r}.")
    return 0
