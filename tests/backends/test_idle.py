"""IMAP IDLE against a real Dovecot: new mail wakes the waiter, a dead server is noticed at once."""

from __future__ import annotations

import threading
import time

import pytest

from tests.backends.conftest import synthetic
from tests.servers.dovecot import DovecotServer, new_user
from watcher.backends.base import MailboxError
from watcher.backends.imap import ImapMailbox, _is_change
from watcher.backends.memory import MemoryMailbox


def mailbox(server: DovecotServer) -> tuple[ImapMailbox, str]:
    user = new_user(server)
    box = ImapMailbox(server.account(user.name), user.password, timeout=10)
    return box, user.name


def test_new_mail_wakes_an_idle_wait_within_a_second_and_a_half(dovecot: DovecotServer) -> None:
    box, user = mailbox(dovecot)
    box.open()
    assert box.idle_supported
    result: list[bool] = []
    waiter = threading.Thread(target=lambda: result.append(box.wait_for_change("INBOX", 20)))
    started = time.monotonic()
    waiter.start()
    time.sleep(0.3)  # let the IDLE begin
    dovecot.deliver(user, "INBOX", synthetic("ana@northwind.example", "news"))
    waiter.join(10)
    elapsed = time.monotonic() - started
    assert result == [True]
    assert elapsed < 0.3 + 1.5  # Dovecot's own delay is 0.5 s
    box.close()


def test_nothing_happening_returns_false_after_the_timeout(dovecot: DovecotServer) -> None:
    box, _user = mailbox(dovecot)
    started = time.monotonic()
    assert box.wait_for_change("INBOX", 1.2) is False
    assert 1.0 < time.monotonic() - started < 5
    box.close()


def test_a_server_dying_during_idle_is_an_error_at_once(own_dovecot: DovecotServer) -> None:
    box, _user = mailbox(own_dovecot)
    box.open()
    errors: list[BaseException] = []

    def wait() -> None:
        try:
            box.wait_for_change("INBOX", 30)
        except MailboxError as error:
            errors.append(error)

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.3)
    started = time.monotonic()
    own_dovecot.stop()
    waiter.join(10)
    assert not waiter.is_alive()
    assert time.monotonic() - started < 3
    assert len(errors) == 1
    assert "lost the connection" in str(errors[0])
    box.close()


def test_the_memory_fake_cannot_wait() -> None:
    box = MemoryMailbox()
    assert box.idle_supported is False
    with pytest.raises(NotImplementedError):
        box.wait_for_change("INBOX", 1)


def test_only_news_of_messages_counts_as_a_change() -> None:
    assert _is_change((3, b"EXISTS"))
    assert _is_change((2, b"EXPUNGE"))
    assert _is_change((5, b"FETCH", (b"FLAGS", (b"\\Seen",))))
    assert not _is_change((b"OK", b"Still here"))
    assert not _is_change(b"garbage")
