"""The writer lock of a store (:meth:`watcher.store.Store.writing`): one writer at a time, across
processes and across threads of one process; a waiter knows who it waits for, gives up after its
wait or at once when told to stop; a holder that dies releases it."""

from __future__ import annotations

import os
import stat
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.locks import HeldLock
from watcher.errors import StoreInUseError
from watcher.models import Interview
from watcher.store import Holder, Store, Writer, lock_file

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


def interview(company: str = "Northwind") -> Interview:
    return Interview(id=0, company=company, role="Engineer", at=NOW)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "watcher.db"


def test_the_holder_names_itself_in_a_0600_lock_file_beside_the_store(path: Path) -> None:
    with Store.writing(path, Writer("watcher check", wait=1)) as store:
        store.add_interview(interview(), NOW)
        lock = lock_file(path)
        assert lock == path.parent / "watcher.db.lock"
        assert stat.S_IMODE(lock.stat().st_mode) == 0o600
        assert lock.read_text(encoding="utf-8") == f"{os.getpid()} watcher check\n"
    # Released: the file stays (removing it would let two holders lock two different files),
    # and names nobody.
    assert lock.read_text(encoding="utf-8") == ""
    with Store.open(path) as store:
        assert [i.company for i in store.interviews()] == ["Northwind"]


def test_another_process_is_waited_for_and_named_once(path: Path) -> None:
    told: list[Holder] = []
    with HeldLock(path, "watcher run") as held:
        held.release_after(0.5)
        started = time.monotonic()
        with Store.writing(path, Writer("watcher check", wait=20, waiting=told.append)) as store:
            waited = time.monotonic() - started
            store.add_interview(interview(), NOW)
    assert 0.4 < waited < 5
    assert told == [Holder(held.pid, "watcher run")]
    assert str(told[0]) == f"pid {held.pid}: watcher run"


def test_a_waiter_gives_up_after_its_wait_naming_the_holder_and_the_fix(path: Path) -> None:
    with HeldLock(path, "watcher run") as held:
        started = time.monotonic()
        with (
            pytest.raises(StoreInUseError) as caught,
            Store.writing(path, Writer("watcher track add", wait=1)),
        ):
            pytest.fail("the lock was held by another process")
        waited = time.monotonic() - started
    assert 0.9 < waited < 3
    message = str(caught.value)
    assert f"another watcher (pid {held.pid}: watcher run)" in message
    assert f"the state database {path} for over 1 s" in message
    assert "try again once it is done (a check of the daemon waits on a slow mail server" in message
    assert "\n" not in message
    assert caught.value.exit_code == 1


def test_a_manual_holder_that_is_stuck_can_be_stopped(path: Path) -> None:
    with (
        HeldLock(path, "watcher check") as held,
        pytest.raises(StoreInUseError) as caught,
        Store.writing(path, Writer("watcher track add", wait=0.2)),
    ):
        pytest.fail("the lock was held by another process")
    assert f"try again once it is done, or stop it if it is stuck (`kill {held.pid}`)" in str(
        caught.value
    )


def test_a_set_stop_ends_the_wait_at_once(path: Path) -> None:
    stop = threading.Event()
    with HeldLock(path):
        threading.Timer(0.3, stop.set).start()
        started = time.monotonic()
        with (
            pytest.raises(StoreInUseError, match="stopped waiting"),
            Store.writing(path, Writer("watcher run", wait=60, stop=stop)),
        ):
            pytest.fail("the lock was held by another process")
        assert time.monotonic() - started < 2


def test_a_holder_killed_mid_write_releases_the_lock(path: Path) -> None:
    held = HeldLock(path)
    with held:
        held.kill()
        # Its name is still in the file (nobody cleared it), but the lock went with it.
        assert lock_file(path).read_text(encoding="utf-8").startswith(f"{held.pid} ")
        with Store.writing(path, Writer("watcher check", wait=0)) as store:
            store.add_interview(interview(), NOW)
            assert lock_file(path).read_text(encoding="utf-8").startswith(f"{os.getpid()} ")


def test_two_threads_of_one_process_wait_for_each_other(path: Path) -> None:
    """flock locks belong to an open file, not to a process: a second thread waits too."""
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with Store.writing(path, Writer("watcher run", wait=5)):
            holding.set()
            done.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(10)
        with (
            pytest.raises(StoreInUseError, match=f"pid {os.getpid()}: watcher run"),
            Store.writing(path, Writer("watcher run (a notification button)", wait=0.2)),
        ):
            pytest.fail("the other thread holds the lock")
    finally:
        done.set()
        thread.join(10)
    with Store.writing(path, Writer("watcher run (a notification button)", wait=1)):
        pass


def test_a_thread_asking_for_the_lock_it_holds_is_a_programming_error(path: Path) -> None:
    with (
        Store.writing(path, Writer("watcher check", wait=1)),
        pytest.raises(RuntimeError, match="already holds the writer lock"),
        Store.writing(path, Writer("watcher check", wait=60)),
    ):
        pytest.fail("a nested writer must not get the lock")
    with Store.writing(path, Writer("watcher check", wait=0)):
        pass


def test_writers_one_after_the_other_all_get_it_and_readers_never_wait(path: Path) -> None:
    with Store.writing(path, Writer("watcher track add", wait=1)) as store:
        store.add_interview(interview("Northwind"), NOW)
        # A reader takes no lock: it reads the last committed state while a writer works.
        reader = Store.open_read_only(path)
        try:
            assert [i.company for i in reader.interviews()] == ["Northwind"]
        finally:
            reader.close()
    with Store.writing(path, Writer("watcher track add", wait=1)) as store:
        store.add_interview(interview("Globex"), NOW)
    with Store.open(path) as store:
        assert sorted(i.company for i in store.interviews()) == ["Globex", "Northwind"]
