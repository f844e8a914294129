"""Secrets: ``password_command`` run for real, and the OS keyring through a backend of the test's
own (selected with ``keyring.set_keyring`` and put back afterwards).

Every error is a CredentialsError that names the account and the fix, and never the secret.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from tests.keyrings import MemoryKeyring
from watcher import credentials, logsetup
from watcher.credentials import CredentialsError, forget_password, password_for, store_password
from watcher.errors import WatcherError

SECRET = "hunter2-Zq9"
ACCOUNT = "personal"


class LockedKeyring(keyring.backend.KeyringBackend):
    """A keyring that cannot be used, as a locked or absent Secret Service."""

    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("the collection is locked")


@contextlib.contextmanager
def use_keyring(backend: keyring.backend.KeyringBackend) -> Iterator[None]:
    """Make ``backend`` the keyring for the duration of the block, then put the previous back."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def locked_keyring() -> Iterator[LockedKeyring]:
    backend = LockedKeyring()
    with use_keyring(backend):
        yield backend


def error_of(account: str, command: str | None) -> str:
    with pytest.raises(CredentialsError) as caught:
        password_for(account, command)
    return str(caught.value)


# --------------------------------------------------------------------------- password_command


def test_a_command_prints_the_password() -> None:
    assert password_for(ACCOUNT, f"printf '{SECRET}\\n'") == SECRET


def test_only_the_first_line_counts_and_quoting_is_shell_like() -> None:
    assert password_for(ACCOUNT, "printf 'pass word\\r\\nsecond line\\n'") == "pass word"
    assert password_for(ACCOUNT, "printf '%s' \"a b  c\"") == "a b  c"


def test_a_command_wins_over_the_keyring(locked_keyring: LockedKeyring) -> None:
    assert password_for(ACCOUNT, f"printf '{SECRET}\\n'") == SECRET


def test_a_failing_command_names_the_account_the_status_and_how_to_run_it() -> None:
    command = "sh -c 'exit 3'"
    message = error_of(ACCOUNT, command)
    assert f"account {ACCOUNT!r}" in message
    assert "exit status 3" in message
    assert "run that password_command from your config by hand to see why" in message
    assert command not in message  # it may carry a passphrase: only the key is named


def test_a_failing_command_never_shows_what_it_printed() -> None:
    # What it prints is computed, so that it is not in the command the message names: a
    # command may echo the secret when it fails, on either stream.
    command = "sh -c 'echo $((1000 * 1000 + 7)); echo $((6 * 7 * 1000)) >&2; exit 1'"
    message = error_of(ACCOUNT, command)
    assert "1000007" not in message
    assert "42000" not in message
    assert f"account {ACCOUNT!r}" in message and "exit status 1" in message


def test_a_missing_binary_is_named() -> None:
    message = error_of(ACCOUNT, "watcher-no-such-pass-tool show mail")
    assert f"account {ACCOUNT!r}" in message
    assert "'watcher-no-such-pass-tool' was not found" in message


def test_a_command_printing_nothing_is_an_error() -> None:
    message = error_of(ACCOUNT, "true")
    assert f"account {ACCOUNT!r}" in message
    assert "printed nothing" in message
    assert "first line" in message
    # An empty first line is nothing too, even with more lines after it.
    assert "printed nothing" in error_of(ACCOUNT, f"printf '\\n{SECRET}\\n'")
    assert SECRET not in error_of(ACCOUNT, f"printf '\\n{SECRET}\\n'")


def test_an_unparseable_command_never_echoes_the_command() -> None:
    # The secret written inline in the command (as `printf 'secret` with a missing quote).
    message = error_of(ACCOUNT, f"printf '{SECRET}\\n")
    assert f"account {ACCOUNT!r}" in message
    assert "cannot be parsed" in message
    assert SECRET not in message


def test_a_command_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials, "COMMAND_TIMEOUT", 0.2)
    message = error_of(ACCOUNT, "sleep 5")
    assert f"account {ACCOUNT!r}" in message
    assert "did not finish" in message


def test_a_command_that_cannot_run_is_an_error() -> None:
    message = error_of(ACCOUNT, "/etc")  # a directory: exec fails with a PermissionError
    assert f"account {ACCOUNT!r}" in message
    assert "could not run" in message


def test_credentials_errors_are_watcher_errors_with_exit_status_1() -> None:
    with pytest.raises(WatcherError) as caught:
        password_for(ACCOUNT, "false")
    assert caught.value.exit_code == 1


# --------------------------------------------------------------------------- keyring


def test_store_get_forget_round_trip(memory_keyring: MemoryKeyring) -> None:
    store_password(ACCOUNT, SECRET)
    assert memory_keyring.passwords == {("watcher", ACCOUNT): SECRET}
    assert password_for(ACCOUNT, None) == SECRET
    assert password_for(ACCOUNT, "") == SECRET  # an empty command means none
    store_password(ACCOUNT, "rotated")
    assert password_for(ACCOUNT, None) == "rotated"
    assert forget_password(ACCOUNT) is True
    assert memory_keyring.passwords == {}
    assert forget_password(ACCOUNT) is False


def test_accounts_are_kept_apart(memory_keyring: MemoryKeyring) -> None:
    store_password("personal", "one")
    store_password("work", "two")
    assert password_for("personal", None) == "one"
    assert password_for("work", None) == "two"
    assert forget_password("work") is True
    assert password_for("personal", None) == "one"


def test_no_stored_password_names_watcher_auth_set(memory_keyring: MemoryKeyring) -> None:
    message = error_of("work", None)
    assert "no password is stored for account 'work'" in message
    assert "`watcher auth set work`" in message
    assert "password_command" in message


def test_an_empty_stored_password_counts_as_none(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.passwords[("watcher", ACCOUNT)] = ""
    assert f"`watcher auth set {ACCOUNT}`" in error_of(ACCOUNT, None)


def test_a_keyring_that_cannot_be_read_names_password_command(
    locked_keyring: LockedKeyring,
) -> None:
    message = error_of(ACCOUNT, None)
    assert f"account {ACCOUNT!r}" in message
    assert "password_command" in message
    assert "locked" in message


def test_a_keyring_that_cannot_store_names_password_command(
    locked_keyring: LockedKeyring,
) -> None:
    with pytest.raises(CredentialsError) as caught:
        store_password(ACCOUNT, SECRET)
    message = str(caught.value)
    assert repr(ACCOUNT) in message
    assert "password_command" in message
    assert SECRET not in message


def test_a_keyring_that_cannot_forget_raises_credentials_error(
    locked_keyring: LockedKeyring,
) -> None:
    with pytest.raises(CredentialsError) as caught:
        forget_password(ACCOUNT)
    assert "locked" in str(caught.value)


def test_a_keyring_that_cannot_forget_names_the_account(locked_keyring: LockedKeyring) -> None:
    with pytest.raises(CredentialsError) as caught:
        forget_password(ACCOUNT)
    assert repr(ACCOUNT) in str(caught.value)


def test_the_previous_keyring_is_back_after_a_test() -> None:
    assert not isinstance(keyring.get_keyring(), MemoryKeyring | LockedKeyring)


def test_no_keyring_at_all_points_to_password_command() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(CredentialsError) as caught:
            password_for("personal", None)
        with pytest.raises(CredentialsError) as stored:
            store_password("personal", "hunter2")
    finally:
        keyring.set_keyring(previous)
    assert "no OS keyring is available" in str(caught.value)
    assert "password_command" in str(caught.value)
    assert "password_command" in str(stored.value)
    assert "hunter2" not in str(stored.value)


def test_a_password_read_is_redacted_from_every_log_line() -> None:
    stream = io.StringIO()
    logsetup.configure("info", json=True, stream=stream)
    try:
        secret = password_for("personal", "printf 'S3cret-for-logs\\n'")
        logging.getLogger("imapclient").warning("sent: LOGIN alex %s", secret)  # shown at "info"
    finally:
        logsetup.configure("warning", json=True, stream=io.StringIO())
    logged = stream.getvalue()
    assert "LOGIN alex" in logged
    assert "S3cret-for-logs" not in logged


# --------------------------------------------------------------------------- OAuth tokens

TOKEN = {
    "token": "ya29.access-Zq9",
    "refresh_token": "1//0refresh-Zq9",
    "client_id": "1-test.apps.googleusercontent.com",
    "client_secret": "GOCSPX-secret-Zq9",
}


def registered() -> set[str]:
    with logsetup._secrets_lock:
        return set(logsetup._secrets)


def test_a_token_saved_and_read_registers_its_values_not_the_json_text(tmp_path: Path) -> None:
    path = tmp_path / "gmail.json"
    texts = []
    for number in range(3):  # one save per refresh in a long-running daemon
        text = json.dumps({**TOKEN, "token": f"ya29.access-{number}"})
        credentials.store_token("gmail", path, text)
        texts.append(text)
    assert credentials.load_token("gmail", path) == texts[-1]

    known = registered()
    assert not any(text in known for text in texts)
    assert {"ya29.access-0", "ya29.access-2", TOKEN["refresh_token"], TOKEN["client_secret"]} <= (
        known
    )
    assert TOKEN["client_id"] not in known  # not a secret


def test_a_token_file_is_replaced_with_mode_0600_and_no_temporary_file_left(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tokens" / "gmail.json"
    credentials.store_token("gmail", path, json.dumps(TOKEN))
    credentials.store_token("gmail", path, json.dumps({**TOKEN, "token": "ya29.new"}))

    assert json.loads(path.read_text(encoding="utf-8"))["token"] == "ya29.new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["gmail.json"]


def test_a_planted_link_at_a_guessable_temporary_name_is_not_followed(tmp_path: Path) -> None:
    """The temporary file is made with O_EXCL under a name no one can guess: a link planted
    where a PID-named one would go is neither written through nor removed."""
    path = tmp_path / "gmail.json"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    planted = tmp_path / f".{path.name}.{os.getpid()}.tmp"
    planted.symlink_to(victim)

    credentials.store_token("gmail", path, json.dumps(TOKEN))

    assert victim.read_text(encoding="utf-8") == "precious"
    assert planted.is_symlink()
    assert json.loads(path.read_text(encoding="utf-8")) == TOKEN


def test_a_token_file_that_is_a_link_is_refused_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    path = tmp_path / "gmail.json"
    path.symlink_to(target)

    with pytest.raises(CredentialsError) as caught:
        credentials.store_token("gmail", path, json.dumps(TOKEN))

    message = str(caught.value)
    assert f"token_file '{path}' of account 'gmail' is a symbolic link (to {target})" in message
    assert "\n" not in message and TOKEN["token"] not in message
    assert path.is_symlink() and target.read_text(encoding="utf-8") == "{}"


def _directory(path: Path) -> str:
    path.mkdir()
    return "is a directory"


def _not_text(path: Path) -> str:
    path.write_bytes(b"\xff\xfe\x00garbage")
    return "is not text"


@pytest.mark.parametrize("make", [_directory, _not_text])
def test_a_token_file_that_is_no_token_says_what_it_is_and_to_remove_it(
    make: Any, tmp_path: Path
) -> None:
    path = tmp_path / "gmail.json"
    what = make(path)

    with pytest.raises(CredentialsError) as caught:
        credentials.load_token("gmail", path)

    message = str(caught.value)
    assert message.startswith(f"token_file '{path}' of account 'gmail' {what}")
    assert "remove it" in message and "`watcher auth login gmail`" in message
    assert "permissions" not in message


def test_no_keyring_names_what_to_set_for_each_kind_of_secret() -> None:
    with use_keyring(keyring.backends.fail.Keyring()):
        with pytest.raises(CredentialsError) as plain:
            credentials.keyring_status()
        with pytest.raises(CredentialsError) as mixed:
            credentials.keyring_status(
                passwords=["account 'personal'", "[notify.email]"], tokens=["account 'gmail'"]
            )

    assert "password_command for each account" in str(plain.value)
    assert str(mixed.value) == (
        "no OS keyring is available here: set token_file for account 'gmail' (a file to keep "
        "the Google sign-in in), and password_command for account 'personal' and "
        "[notify.email], in the config"
    )


def test_forgetting_with_no_keyring_says_there_is_none(tmp_path: Path) -> None:
    with use_keyring(keyring.backends.fail.Keyring()):
        with pytest.raises(credentials.NoKeyringError) as token:
            credentials.forget_token("gmail", None)
        with pytest.raises(credentials.NoKeyringError) as password:
            credentials.forget_password("personal")
        assert credentials.forget_token("gmail", tmp_path / "absent.json") is False

    assert "no OS keyring is available here" in str(token.value)
    assert "Google sign-in of account 'gmail'" in str(token.value)
    assert "password of account 'personal'" in str(password.value)
    assert "unlock" not in str(token.value) + str(password.value)


def test_a_token_file_in_a_directory_not_writable_is_refused_before_a_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(As root every directory is writable: the answer of access(2) is played here.)"""
    path = tmp_path / "new" / "gmail.json"  # its directory is made by the save: tmp_path counts
    monkeypatch.setattr(os, "access", lambda where, mode: Path(where) != tmp_path)

    with pytest.raises(CredentialsError) as caught:
        credentials.check_token_destination("gmail", path)

    assert str(caught.value) == (
        f"token_file '{path}' of account 'gmail' cannot be written: {tmp_path} is not writable "
        "by you; fix its permissions or set token_file to another path"
    )
    (tmp_path / "ok").mkdir()
    credentials.check_token_destination("gmail", tmp_path / "ok" / "gmail.json")  # writable
