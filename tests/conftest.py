"""Fixtures shared by every test package: the real servers the tests run against."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from tests.keyrings import MemoryKeyring
from tests.servers.dovecot import DovecotServer, MailUser, new_user, require_dovecot


@pytest.fixture(scope="session", autouse=True)
def own_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """watcher's cache (the config's parsed TOML) in a folder of the session, not the home of
    whoever runs the suite: commands run in this process read ``os.environ``'s."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """A Dovecot server shared by the session; each test uses its own user (:func:`mail_user`)."""
    require_dovecot()
    with DovecotServer() as server:
        yield server


@pytest.fixture
def own_dovecot() -> Iterator[DovecotServer]:
    """A Dovecot server for one test alone (one that kills it, or fails a login)."""
    require_dovecot()
    with DovecotServer() as server:
        yield server


@pytest.fixture
def mail_user(dovecot: DovecotServer) -> MailUser:
    """A user of the shared server whose mail no other test sees."""
    return new_user(dovecot)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory OS keyring for the test, the previous one restored afterwards."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
