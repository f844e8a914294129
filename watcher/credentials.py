"""Secrets: the only caller of the OS keyring, and the runner of ``password_command``.

A secret never appears in a message, a log or an exception raised here: errors name the account
and the fix, never the value.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors

from watcher import logsetup
from watcher.errors import WatcherError

SERVICE = "watcher"
COMMAND_TIMEOUT = 60.0


class CredentialsError(WatcherError):
    """A secret is missing or cannot be read; the message says how to provide it."""


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
        # stderr may say why (a locked store); stdout is never shown: it may hold the secret.
        why = result.stderr.decode(errors="replace").strip().splitlines()
        detail = f": {why[0][:200]}" if why else ""
        raise CredentialsError(
            f"password_command of account {account!r} failed with exit status "
            f"{result.returncode}{detail}"
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
    """Remove the stored password of ``account``; return False if there was none."""
    try:
        keyring.delete_password(SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as error:
        raise CredentialsError(
            f"the OS keyring cannot remove the password of {account!r} "
            f"({type(error).__name__}: {error}); unlock the keyring and try again"
        ) from None
    return True


def keyring_status() -> str:
    """Return which OS keyring would hold the passwords; raise CredentialsError if none can."""
    backend = keyring.get_keyring()
    if isinstance(backend, keyring.backends.fail.Keyring):
        raise CredentialsError(
            "no OS keyring is available here: set password_command for each account (and for "
            "[notify.email]) in the config"
        )
    return f"{type(backend).__module__}.{type(backend).__name__}"


# -- OAuth tokens (Google) ------------------------------------------------------------------------

TOKEN_SUFFIX = ":oauth-token"  # noqa: S105 - a name, not a secret
"""The keyring user of an account's OAuth token is the account name with this suffix."""


def load_token(account: str, path: Path | None) -> str | None:
    """Return the saved OAuth token (JSON text) of ``account``, from ``path`` if given, else the
    OS keyring; None if there is none. Raise CredentialsError if it cannot be read."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise CredentialsError(
                f"token_file {str(path)!r} of account {account!r} cannot be read ({error}); fix "
                f"its permissions, or log in again with `watcher auth login {account}`"
            ) from None
        return _secret(text) if text.strip() else None
    try:
        secret = keyring.get_password(SERVICE, account + TOKEN_SUFFIX)
    except keyring.errors.NoKeyringError:
        raise CredentialsError(
            f"no OS keyring is available here to hold the Google sign-in of account {account!r}:"
            ' set token_file for this account in the config (such as "~/.config/watcher/'
            f'{account}.token.json"), then run `watcher auth login {account}`'
        ) from None
    except keyring.errors.KeyringError as error:
        raise CredentialsError(
            f"the OS keyring cannot be read for account {account!r} ({type(error).__name__}: "
            f"{error}); unlock it, or set token_file for this account in the config"
        ) from None
    return _secret(secret) if secret else None


def store_token(account: str, path: Path | None, text: str) -> None:
    """Save the OAuth token (JSON text) of ``account`` to ``path`` (mode 0600, replaced
    atomically) or, without a path, to the OS keyring. Raise CredentialsError if it fails."""
    _secret(text)
    if path is None:
        try:
            keyring.set_password(SERVICE, account + TOKEN_SUFFIX, text)
        except keyring.errors.KeyringError as error:
            raise CredentialsError(
                f"the OS keyring cannot store the Google sign-in of account {account!r} "
                f"({type(error).__name__}: {error}); set token_file for this account instead"
            ) from None
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CredentialsError(
            f"token_file {str(path)!r} of account {account!r} cannot be written "
            f"({error.strerror or error}); fix the directory's permissions or choose another path"
        ) from None


def forget_token(account: str, path: Path | None) -> bool:
    """Remove the saved OAuth token of ``account``; return False if there was none."""
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
    return forget_password(account + TOKEN_SUFFIX)
