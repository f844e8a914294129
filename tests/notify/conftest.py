"""Fixtures for the notifier tests: a private session bus, with or without a notification server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.notifications import NotificationServer, SessionBus


@pytest.fixture
def session_bus() -> Iterator[SessionBus]:
    """A private session bus on which nobody owns org.freedesktop.Notifications."""
    with SessionBus() as bus:
        yield bus


@pytest.fixture
def notification_server(session_bus: SessionBus) -> Iterator[NotificationServer]:
    """A notification server offering ["actions", "body"] on a private session bus."""
    with NotificationServer(session_bus.address) as server:
        yield server
