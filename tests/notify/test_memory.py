"""MemoryNotifier: the notifier the engine's tests use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from watcher.models import ActionKind, Nudge, NudgeItem
from watcher.notify.base import Notifier, NotifyError
from watcher.notify.memory import MemoryNotifier


def nudge(company: str = "Northwind") -> Nudge:
    due = datetime(2026, 3, 3, 9, tzinfo=UTC)
    return Nudge((NudgeItem(1, company, "Data Engineer", ActionKind.FOLLOW_UP, due, "a week"),))


def test_records_what_it_sent() -> None:
    notifier = MemoryNotifier()
    assert isinstance(notifier, Notifier)
    assert notifier.name == "memory"
    first, second = nudge("Northwind"), nudge("Globex")
    notifier.send(first)
    notifier.send(second)
    assert notifier.sent == [first, second]
    assert notifier.attempts == 2


def test_fail_next_fails_once_then_delivers() -> None:
    notifier = MemoryNotifier()
    error = NotifyError("no session bus")
    notifier.fail_next(error)
    with pytest.raises(NotifyError) as caught:
        notifier.send(nudge())
    assert caught.value is error
    assert notifier.sent == []
    notifier.send(nudge())
    assert notifier.sent == [nudge()]
    assert notifier.attempts == 2


def test_fail_next_queues_in_order_and_accepts_a_message() -> None:
    notifier = MemoryNotifier()
    notifier.fail_next("first")
    notifier.fail_next()
    with pytest.raises(NotifyError, match=r"^first$"):
        notifier.send(nudge())
    with pytest.raises(NotifyError, match="told to fail"):
        notifier.send(nudge())
    notifier.send(nudge())
    assert len(notifier.sent) == 1


def test_close_is_recorded() -> None:
    notifier = MemoryNotifier()
    assert not notifier.closed
    notifier.close()
    assert notifier.closed
