"""Secrets: the only caller of the OS keyring, and the runner of ``password_command``.

A secret never appears in a message, a log or an exception raised here: errors name the account
and the fix, never the value.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
from collections.abc import Sequence
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors

from watcher import logsetup
from watcher.errors import WatcherError
from watcher.files import replace_file

SERVICE = "watcher"
COMMAND_TIMEOUT = 60.0


class CredentialsError(WatcherError):
    """A secret is missing or cannot be read; the message says how to provide it."""


class NoKeyringError(CredentialsError):
    """There is no OS keyring on this machine at all (keyring found no backend)."""


class OAuthError(CredentialsError):
    """The OAuth sign-in of an account is missing or unusable; the message says the fix. (A
    kind of CredentialsError: the daemon waits for it, and tells the user once.)"""


class SignInRefused(OAuthError):
    """Google refused the account's token for good: the user must log in again."""


class SignInUnavailable(OAuthError):
    """The token server could not be reached or failed; retrying later may help."""


def login_hint(account: str) -> str:
    """The fix for a refused or missing Google sign-in of ``account``."""
    return f"log in again with `watcher auth login {account}`"


def _fix(account: str) -> str:
    return (
        f"store it with `watcher auth set {account}`, or set password_command for this account "
        "in the config"
    )


def password_for(account: str, command: str | None) -> str:
    """Given an account name and its ``password_command`` (or None), return its password.

    The command's first line of output is the password. Without a command the OS keyring is
    asked (service "watcher", user = the account name). Raise CredentialsError naming the
    account and the fix if there is none or it cannot be read.
    """
    if command:
        return _secret(_run_command(account, command))
    try:
        secret = keyring.get_password(SERVICE, account)
    except keyring.errors.NoKeyringError:
        raise CredentialsError(
            f"no OS keyring is available here to hold the password of account {account!r}: set "
            'password_command for this account in the config (such as "pass show mail/NAME")'
        ) from None
    except keyring.errors.KeyringError as error:
        raise CredentialsError(
            f"the OS keyring cannot be read for account {account!r} ({type(error).__name__}: "
            f"{error}); unlock it, or set password_command for this account in the config"
        ) from None
    if not secret:
        raise CredentialsError(f"no password is stored for account {account!r}: {_fix(account)}")
    return _secret(secret)


def _secret(value: str) -> str:
    """Register a secret with the logs (never shown, even by a library's message), return it."""
    logsetup.redact(value)
    return value


def _run_command(account: str, command: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise CredentialsError(
            f"password_command of account {account!r} cannot be parsed ({error})"
        ) from None
    try:
        result = subprocess.run(argv, capture_output=True, timeout=COMMAND_TIMEOUT, check=False)
    except FileNotFoundError:
        raise CredentialsError(
            f"password_command of account {account!r}: {argv[0]!r} was not found; "
            "install it or fix the command"
        ) from None
    except subprocess.TimeoutExpired:
        raise CredentialsError(
            f"password_command of account {account!r} did not finish within "
            f"{COMMAND_TIMEOUT:.0f} s (is it waiting for a passphrase?)"
        ) from None
    except OSError as error:
        raise CredentialsError(
            f"password_command of account {account!r} could not run ({error.strerror})"
        ) from None
    if result.returncode != 0:
        # Nothing it printed is shown, stderr included: a command may echo the secret when it
        # fails. Running it by hand shows the user what it says.
        raise CredentialsError(
            f"password_command of account {account!r} failed with exit status "
            f"{result.returncode}; run that password_command from your config by hand to see why"
        )
    lines = result.stdout.decode(errors="replace").splitlines()
    if not lines or not lines[0]:
        raise CredentialsError(
            f"password_command of account {account!r} printed nothing: it must print the "
            "password on its first line"
        )
    return lines[0]


def store_password(account: str, secret: str) -> None:
    """Store ``secret`` for ``account`` in the OS keyring; raise CredentialsError if it fails."""
    try:
        keyring.set_password(SERVICE, account, secret)
    except keyring.errors.NoKeyringError:
        raise CredentialsError(
            f"no OS keyring is available here to hold the password of account {account!r}: set "
            "password_command for this account in the config instead"
        ) from None
    except keyring.errors.KeyringError as error:
        raise CredentialsError(
            f"the OS keyring cannot store the password of {account!r} ({type(error).__name__}: "
            f"{error}); use password_command for this account instead"
        ) from None


def forget_password(account: str) -> bool:
    """Remove the stored password of ``account``; return False if there was none. Raise
    NoKeyringError if there is no OS keyring here (so nothing can be stored in one)."""
    try:
        keyring.delete_password(SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.NoKeyringError:
        raise NoKeyringError(
            f"no OS keyring is available here, so no password of account {account!r} is stored "
            "in one: nothing to remove"
        ) from None
    except keyring.errors.KeyringError as error:
        raise CredentialsError(
            f"the OS keyring cannot remove the password of {account!r} "
            f"({type(error).__name__}: {error}); unlock the keyring and try again"
        ) from None
    return True


def keyring_status(*, passwords: Sequence[str] = (), tokens: Sequence[str] = ()) -> str:
    """Return which OS keyring would hold the secrets; raise NoKeyringError if none can.

    ``passwords`` and ``tokens`` name what would be kept there (such as "account 'personal'" or
    "[notify.email]"; "account 'gmail'" for a Google sign-in), so that the error says what to
    set instead for each: password_command, or token_file."""
    backend = keyring.get_keyring()
    if isinstance(backend, keyring.backends.fail.Keyring):
        if not passwords and not tokens:
            raise NoKeyringError(
                "no OS keyring is available here: set password_command for each account (and "
                "for [notify.email]) in the config"
            )
        fixes = []
        if tokens:
            fixes.append(f"token_file for {_and(tokens)} (a file to keep the Google sign-in in)")
        if passwords:
            fixes.append(f"password_command for {_and(passwords)}")
        raise NoKeyringError(
            f"no OS keyring is available here: set {', and '.join(fixes)}, in the config"
        )
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _and(names: Sequence[str]) -> str:
    """Return "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# -- OAuth tokens (Google) ------------------------------------------------------------------------

TOKEN_SUFFIX = ":oauth-token"  # noqa: S105 - a name, not a secret
"""The keyring user of an account's OAuth token is the account name with this suffix."""


def token_location(account: str, path: Path | None) -> str:
    """Where the OAuth token of ``account`` is kept: its ``token_file``, or the OS keyring."""
    if path is not None:
        return f"token_file {path}"
    return f'the OS keyring (service "{SERVICE}", user "{account}{TOKEN_SUFFIX}")'


TOKEN_SECRETS = ("token", "access_token", "refresh_token", "id_token", "client_secret")
"""The fields of a saved OAuth token whose values are secrets (registered for redaction)."""


def redact_token(text: str) -> None:
    """Register the secrets of an OAuth token (JSON text) with the logs, one value each: not
    the whole text, which changes at every refresh (the registered set would grow by one text
    per refresh in a long-running daemon). Text that is no JSON object is registered whole."""
    try:
        info = json.loads(text)
    except ValueError:
        info = None
    if not isinstance(info, dict):
        _secret(text)
        return
    for key in TOKEN_SECRETS:
        value = info.get(key)
        if isinstance(value, str):
            _secret(value)


def _no_keyring_for_token(account: str) -> str:
    return (
        f"no OS keyring is available here to hold the Google sign-in of account {account!r}:"
        ' set token_file for this account in the config (such as "~/.config/watcher/'
        f'{account}.token.json"), then run `watcher auth login {account}`'
    )


def load_token(account: str, path: Path | None) -> str | None:
    """Return the saved OAuth token (JSON text) of ``account``, from ``path`` if given, else the
    OS keyring; None if there is none. Raise CredentialsError if it cannot be read."""
    again = f"log in again with `watcher auth login {account}`"
    if path is not None:
        where = _token_file(account, path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise CredentialsError(
                f"{where} is a directory, not a saved sign-in: remove it (or set token_file to "
                f"a file path), then {again}"
            ) from None
        except UnicodeDecodeError:
            raise CredentialsError(
                f"{where} is not text, so not a sign-in watcher saved: remove it, then {again}"
            ) from None
        except OSError as error:
            raise CredentialsError(
                f"{where} cannot be read ({error.strerror or error}); fix its permissions, or "
                f"remove it and {again}"
            ) from None
        if not text.strip():
            return None
        redact_token(text)
        return text
    try:
        secret = keyring.get_password(SERVICE, account + TOKEN_SUFFIX)
    except keyring.errors.NoKeyringError:
        raise NoKeyringError(_no_keyring_for_token(account)) from None
    except keyring.errors.KeyringError as error:
        raise CredentialsError(
            f"the OS keyring cannot be read for account {account!r} ({type(error).__name__}: "
            f"{error}); unlock it, or set token_file for this account in the config"
        ) from None
    if not secret:
        return None
    redact_token(secret)
    return secret


def check_token_destination(account: str, path: Path | None) -> None:
    """Raise CredentialsError, saying what to change, if the OAuth token of ``account`` could
    not be saved at ``path`` (None: the OS keyring). ``watcher auth login`` checks it before it
    sends the user to Google's consent page, rather than fail after the consent."""
    if path is None:
        try:
            keyring_status()
        except NoKeyringError:
            raise NoKeyringError(_no_keyring_for_token(account)) from None
        load_token(account, None)  # a locked keyring says so now (and may ask to be unlocked)
        return
    where = _token_file(account, path)
    if path.is_symlink():
        raise CredentialsError(_symlink(where, path))
    if path.is_dir():
        raise CredentialsError(
            f"{where} is a directory: set token_file to a file path (such as "
            f'"{path / (account + ".token.json")}"), or remove the directory'
        )
    if path.exists() and not path.is_file():
        raise CredentialsError(f"{where} is not a regular file: set token_file to another path")
    directory = path.parent
    with contextlib.suppress(OSError):
        while not directory.exists() and directory.parent != directory:
            directory = directory.parent  # the first one that exists: the rest is made
    if not directory.is_dir():
        raise CredentialsError(
            f"{where} cannot be made: {directory} is not a directory; set token_file to another "
            "path"
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        raise CredentialsError(
            f"{where} cannot be written: {directory} is not writable by you; fix its "
            "permissions or set token_file to another path"
        )


def _token_file(account: str, path: Path) -> str:
    return f"token_file {str(path)!r} of account {account!r}"


def _symlink(where: str, path: Path) -> str:
    try:
        target = f" (to {path.readlink()})"
    except OSError:
        target = ""
    return (
        f"{where} is a symbolic link{target}, which watcher does not replace: set token_file to "
        "the file itself, or remove the link"
    )


def store_token(account: str, path: Path | None, text: str) -> None:
    """Save the OAuth token (JSON text) of ``account`` to ``path`` (mode 0600, replaced
    atomically) or, without a path, to the OS keyring. Raise CredentialsError if it fails
    (``path`` a symbolic link is refused: replacing would cut the link)."""
    redact_token(text)
    if path is None:
        try:
            keyring.set_password(SERVICE, account + TOKEN_SUFFIX, text)
        except keyring.errors.NoKeyringError:
            raise NoKeyringError(_no_keyring_for_token(account)) from None
        except keyring.errors.KeyringError as error:
            raise CredentialsError(
                f"the OS keyring cannot store the Google sign-in of account {account!r} "
                f"({type(error).__name__}: {error}); set token_file for this account instead"
            ) from None
        return
    where = _token_file(account, path)
    if path.is_symlink():
        raise CredentialsError(_symlink(where, path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        replace_file(path, text.encode("utf-8"))  # mode 0600
    except OSError as error:
        raise CredentialsError(
            f"{where} cannot be written ({error.strerror or error}); fix the directory's "
            "permissions or choose another path"
        ) from None


def forget_token(account: str, path: Path | None) -> bool:
    """Remove the saved OAuth token of ``account``; return False if there was none. Raise
    NoKeyringError if it would be in the OS keyring and there is none here."""
    if path is not None:
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as error:
            raise CredentialsError(
                f"token_file {str(path)!r} cannot be removed ({error.strerror or error})"
            ) from None
        return True
    try:
        keyring.delete_password(SERVICE, account + TOKEN_SUFFIX)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.NoKeyringError:
        raise NoKeyringError(
            f"no OS keyring is available here, so no Google sign-in of account {account!r} is "
            "stored in one: nothing to remove"
        ) from None
    except keyring.errors.KeyringError as error:
        raise CredentialsError(
            f"the OS keyring cannot remove the Google sign-in of account {account!r} "
            f"({type(error).__name__}: {error}); unlock the keyring and try again"
        ) from None
    return True
