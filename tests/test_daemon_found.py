"""The daemon and interviews found in mail: the notification of a suggestion carries "Track"
and "Ignore", and pressing them does what `track accept` and `track ignore` do. Against the
suite's Dovecot, a private D-Bus session bus and a real notification server (dbus-fast)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.calendars import invitation
from tests.servers.dovecot import DovecotServer, new_user
from tests.servers.notifications import NotificationServer, SessionBus
from tests.test_daemon import write_config
from watcher.models import Source, SuggestionState
from watcher.notify.dbus import DbusNotifier
from watcher.notify.memory import MemoryNotifier
from watcher.scheduler import Daemon
from watcher.store import Store


@pytest.fixture
def notes() -> Iterator[NotificationServer]:
    with SessionBus() as bus, NotificationServer(bus.address) as server:
        yield server


def wait_until(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def state(config_path: Path, suggestion: int) -> SuggestionState:
    with Store.open(config_path) as store:
        return store.suggestion(suggestion).state


def test_track_and_ignore_buttons_act_on_the_suggestions_the_daemon_showed(
    dovecot: DovecotServer, notes: NotificationServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    now = datetime.now(UTC).replace(microsecond=0)
    for number, company in ((1, "acme"), (2, "globex")):
        dovecot.deliver(
            user.name,
            "INBOX",
            invitation(
                message_id=f"inv-{number}@{company}.example",
                uid=f"evt-{number}@{company}.example",
                start=now + timedelta(days=7 + number),
                sent=now - timedelta(hours=1),
                organizer=("Rita", f"rita@{company}.example"),
                interviewers=[("Dana", f"dana@{company}.example")],
            ),
            now - timedelta(hours=1),
        )
    desktop = DbusNotifier(bus_address=notes.address)
    daemon = Daemon(config, {}, notifiers=[desktop], clock=lambda: now)
    daemon.check()

    calls = notes.wait_for(2)
    offered = [c for c in calls if c.actions == ["track", "Track", "ignore", "Ignore"]]
    assert sorted(c.summary.split(",")[0] for c in offered) == [
        "Interview found: Acme",
        "Interview found: Globex",
    ]
    assert sorted(daemon.suggested) == [("desktop", 1), ("desktop", 2)]
    with Store.open(config.store_path) as store:
        ids = {s.sighting.company: s.id for s in store.suggestions()}
    shown = {suggestion: shown_id for (_name, shown_id), suggestion in daemon.suggested.items()}

    stop = threading.Event()
    listener = threading.Thread(
        target=desktop.listen, args=(daemon.on_button, stop), name="buttons", daemon=True
    )
    listener.start()
    try:
        time.sleep(0.3)  # subscribed
        notes.emit_action_invoked(999, "track")  # not a notification of ours: nothing
        notes.emit_action_invoked(shown[ids["Acme"]], "track")
        notes.emit_action_invoked(shown[ids["Globex"]], "ignore")
        wait_until(lambda: state(config.store_path, ids["Globex"]) is SuggestionState.IGNORED)
        wait_until(lambda: state(config.store_path, ids["Acme"]) is SuggestionState.ACCEPTED)
    finally:
        stop.set()
        listener.join(2)
    with Store.open(config.store_path) as store:
        [interview] = store.interviews()
        assert (interview.company, interview.source) == ("Acme", Source.MAIL)
        assert store.suggestion(ids["Acme"]).interview_id == interview.id
        assert store.suggestion(ids["Globex"]).interview_id is None


def test_a_button_that_cannot_be_carried_out_says_what_to_type(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = write_config(tmp_path, dovecot, user, user.password, name="personal")
    now = datetime.now(UTC).replace(microsecond=0)
    dovecot.deliver(
        user.name,
        "INBOX",
        invitation(
            message_id="inv-1@acme.example",
            uid="evt-1@acme.example",
            start=now + timedelta(days=7),
            sent=now - timedelta(hours=1),
        ),
        now - timedelta(hours=1),
    )
    notifier = MemoryNotifier()
    daemon = Daemon(config, {}, notifiers=[notifier], clock=lambda: now)
    daemon.check()
    [offer] = [n for n in notifier.sent if n.suggestion is not None]
    assert offer.suggestion is not None
    # The memory notifier has no buttons: the daemon remembers nothing to press.
    assert daemon.suggested == {}
    daemon.suggested[("desktop", 5)] = offer.suggestion
    daemon.on_button(5, "ignore")
    daemon.on_button(5, "track")  # ignored meanwhile: tracking it still works (a change of mind)
    assert state(config.store_path, offer.suggestion) is SuggestionState.ACCEPTED
    daemon.on_button(5, "ignore")  # tracked already: refused, and the user is told how
    [notice] = [n.notice for n in notifier.sent if n.notice.startswith("watcher could not")]
    assert notice.startswith("watcher could not ignore it (suggestion #")
    assert "`watcher track remove 1 --yes`" in notice
