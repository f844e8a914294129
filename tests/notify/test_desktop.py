"""The desktop notifiers: DbusNotifier against a real dbus-daemon and a real notification server
(dbus-fast), and the osascript command of macOS."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dbus_fast import Message
from dbus_fast.aio import MessageBus

from tests.servers.notifications import NotificationServer, SessionBus
from watcher.models import ActionKind, Nudge, NudgeItem
from watcher.notify.base import NotifyError
from watcher.notify.dbus import DbusNotifier
from watcher.notify.desktop import BUTTONS
from watcher.notify.osascript import applescript_string, notification_text, osascript_command

FIX = "set [notify] desktop = false, or use [notify.email]"


def item(
    company: str = "Northwind",
    role: str = "Data Engineer",
    kind: ActionKind = ActionKind.FOLLOW_UP,
    reason: str = "No reply 7 days after the interview.",
    subject: str = "Following up on the Data Engineer interview",
    folder: str = "Drafts",
) -> NudgeItem:
    return NudgeItem(
        interview_id=1,
        company=company,
        role=role,
        kind=kind,
        due=datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
        reason=reason,
        draft_account="personal" if folder else "",
        draft_folder=folder,
        draft_subject=subject if folder else "",
        draft_text="Hi Dana, <b>thanks</b> & regards",
    )


def notifier(address: str, timeout: float = 5.0) -> DbusNotifier:
    return DbusNotifier(bus_address=address, timeout=timeout)


def test_one_item_arrives_with_summary_body_actions_and_urgency(
    notification_server: NotificationServer,
) -> None:
    desktop = notifier(notification_server.address)
    nudge = Nudge((item(),))

    notification_id = desktop.send(nudge)

    [call] = notification_server.received
    assert notification_id == 1
    assert call.app_name == "watcher"
    assert call.replaces_id == 0
    assert call.icon == "mail-unread"
    assert call.summary == "Northwind (Data Engineer): follow-up due"
    assert call.body == (
        "follow-up due Tue 3 Mar for Northwind (Data Engineer): No reply 7 days after the"
        " interview; a draft is waiting in personal/Drafts:"
        " Following up on the Data Engineer interview"
    )
    assert call.actions == [
        "snooze",
        "Snooze 2 days",
        "heard",
        "Mark as heard back",
    ]
    assert call.hints == {"urgency": 1}
    assert call.hint_signatures == {"urgency": "y"}
    assert call.timeout == -1


def test_three_items_become_one_notification_with_a_line_each(
    notification_server: NotificationServer,
) -> None:
    desktop = notifier(notification_server.address)
    nudge = Nudge(
        (
            item(),
            item("Contoso", "Analyst", ActionKind.THANK_YOU, "interview yesterday", "Thank you"),
            item("Fabrikam", "SRE", ActionKind.CHECK_IN, "", folder=""),
        )
    )

    desktop.send(nudge)

    [call] = notification_server.received
    assert call.summary == "3 things are due"
    lines = call.body.split("\n")
    assert lines == [
        "follow-up due Tue 3 Mar for Northwind (Data Engineer): No reply 7 days after the"
        " interview; a draft is waiting in personal/Drafts:"
        " Following up on the Data Engineer interview",
        "thank-you due Tue 3 Mar for Contoso (Analyst): interview yesterday;"
        " a draft is waiting in personal/Drafts: Thank you",
        "check-in due Tue 3 Mar for Fabrikam (SRE)",
    ]
    assert call.actions == list(BUTTONS)


def test_ids_increase_and_each_send_is_delivered(
    notification_server: NotificationServer,
) -> None:
    desktop = notifier(notification_server.address)
    ids = [desktop.send(Nudge((item(),))) for _ in range(3)]
    assert ids == [1, 2, 3]
    assert len(notification_server.received) == 3


def test_markup_from_mail_is_escaped_in_the_body(
    notification_server: NotificationServer,
) -> None:
    desktop = notifier(notification_server.address)
    nudge = Nudge(
        (
            item(
                company="Smith & <b>Sons</b>",
                reason='she said "soon" <a href="x">here</a>',
                subject="Re: <i>R&D</i>\nsecond line",
            ),
        )
    )

    desktop.send(nudge)

    [call] = notification_server.received
    assert "<" not in call.body and ">" not in call.body
    assert "& " not in call.body.replace("&amp; ", "")
    assert "Smith &amp; &lt;b&gt;Sons&lt;/b&gt; (Data Engineer)" in call.body
    assert '&lt;a href="x"&gt;here&lt;/a&gt;' in call.body
    assert call.body.endswith("Re: &lt;i&gt;R&amp;D&lt;/i&gt; second line")
    assert "\n" not in call.body  # one item, one line, whatever the mail held
    # The summary is plain text by the specification: left as written.
    assert call.summary == "Smith & <b>Sons</b> (Data Engineer): follow-up due"


def test_no_actions_when_the_server_lacks_the_capability(
    notification_server: NotificationServer,
) -> None:
    notification_server.capabilities = ["body", "body-markup"]
    notifier(notification_server.address).send(Nudge((item(),)))
    [call] = notification_server.received
    assert call.actions == []


def test_action_invoked_can_be_emitted_to_a_listener(
    notification_server: NotificationServer,
) -> None:
    rule = (
        "type='signal',interface='org.freedesktop.Notifications',member='ActionInvoked',"
        "path='/org/freedesktop/Notifications'"
    )

    async def listen() -> list[object]:
        bus = await MessageBus(bus_address=notification_server.address).connect()
        got: asyncio.Future[list[object]] = asyncio.get_running_loop().create_future()

        def handler(message: Message) -> None:
            if message.member == "ActionInvoked" and not got.done():
                got.set_result(list(message.body))

        bus.add_message_handler(handler)
        await bus.call(
            Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member="AddMatch",
                signature="s",
                body=[rule],
            )
        )
        await asyncio.to_thread(notification_server.emit_action_invoked, 7, "snooze")
        try:
            return await asyncio.wait_for(got, 2)
        finally:
            bus.disconnect()

    assert asyncio.run(listen()) == [7, "snooze"]


def errors_quickly(desktop: DbusNotifier) -> str:
    start = time.monotonic()
    with pytest.raises(NotifyError) as caught:
        desktop.send(Nudge((item(),)))
    assert time.monotonic() - start < 1.0
    message = str(caught.value)
    assert FIX in message
    assert message.count(". ") == 0  # one sentence
    return message


def test_no_session_bus_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    message = errors_quickly(DbusNotifier())
    assert message.startswith("no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is not set)")


def test_session_bus_from_the_environment(
    notification_server: NotificationServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", notification_server.address)
    assert DbusNotifier().send(Nudge((item(),))) == 1
    assert len(notification_server.received) == 1


def test_a_bus_address_that_is_not_a_unix_socket() -> None:
    message = errors_quickly(notifier("tcp:host=127.0.0.1,port=1"))
    assert "is not a unix socket" in message


def test_a_socket_path_that_does_not_exist(tmp_path: Path) -> None:
    message = errors_quickly(notifier(f"unix:path={tmp_path}/nothing-here"))
    assert message.startswith("no desktop session bus at unix:path=")
    assert "FileNotFoundError" in message


def test_a_dead_bus_refuses(session_bus: SessionBus) -> None:
    session_bus.kill()
    assert session_bus.socket_path.exists()  # the socket stays: a refused connection
    message = errors_quickly(notifier(session_bus.address))
    assert "ConnectionRefusedError" in message


def test_a_frozen_bus_times_out(session_bus: SessionBus) -> None:
    session_bus.freeze()
    try:
        message = errors_quickly(notifier(session_bus.address, timeout=0.3))
    finally:
        session_bus.thaw()
    assert "did not let us in within 0.3 s" in message


@pytest.fixture
def silent_socket(tmp_path: Path) -> Iterator[str]:
    """A unix socket that accepts and never says a word (a hung bus)."""
    path = tmp_path / "silent"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen()
    try:
        yield f"unix:path={path}"
    finally:
        server.close()


def test_a_silent_bus_times_out(silent_socket: str) -> None:
    message = errors_quickly(notifier(silent_socket, timeout=0.3))
    assert "did not let us in within 0.3 s" in message


def test_no_server_owning_the_name(session_bus: SessionBus) -> None:
    message = errors_quickly(notifier(session_bus.address))
    assert message.startswith(
        "no notification server owns org.freedesktop.Notifications on the session bus"
    )


def test_a_server_that_does_not_answer_times_out(
    notification_server: NotificationServer,
) -> None:
    notification_server.delay = 2.0
    message = errors_quickly(notifier(notification_server.address, timeout=0.3))
    assert "did not answer within 0.3 s" in message
    assert notification_server.received == []


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', r'"say \"hi\""'),
        ("back\\slash", r'"back\\slash"'),
        ('\\"', r'"\\\""'),
        ("two\nlines\tand\rreturn", r'"two\nlines\tand\rreturn"'),
        ("bell\x07 and del\x7f", '"bell and del"'),
        ("Smith & <b>Sons</b>", '"Smith & <b>Sons</b>"'),
    ],
)
def test_applescript_string(text: str, literal: str) -> None:
    assert applescript_string(text) == literal


def test_osascript_command_quotes_title_and_body() -> None:
    argv = osascript_command('A "quoted" title', "body \\ end")
    assert argv == [
        "osascript",
        "-e",
        r'display notification "body \\ end" with title "A \"quoted\" title"',
    ]


# --- an interview found in mail: Track and Ignore ---------------------------------------------

FOUND = Nudge(
    (),
    notice="An interview with Dana Reyes, found in mail (a calendar request: Interview).",
    key="news.1",
    headline="Interview found: Acme, Tue 8 Dec 14:00",
    suggestion=3,
)


def test_a_suggestion_arrives_with_its_headline_and_the_track_and_ignore_buttons(
    notification_server: NotificationServer,
) -> None:
    desktop = notifier(notification_server.address)
    desktop.send(FOUND)
    [call] = notification_server.received
    assert call.summary == "Interview found: Acme, Tue 8 Dec 14:00"
    assert call.actions == ["track", "Track", "ignore", "Ignore"]
    assert call.body == (
        "An interview with Dana Reyes, found in mail (a calendar request: Interview)."
    )


def test_without_buttons_a_suggestion_says_the_commands(session_bus: SessionBus) -> None:
    with NotificationServer(session_bus.address, capabilities=["body"]) as server:
        notifier(server.address).send(FOUND)
        [call] = server.received
    assert call.actions == []
    assert call.body.split("\n") == [
        "An interview with Dana Reyes, found in mail (a calendar request: Interview).",
        "Track it: `watcher track accept 3`; ignore it: `watcher track ignore 3`",
    ]


def test_a_notice_about_mail_without_a_suggestion_has_no_buttons(
    notification_server: NotificationServer,
) -> None:
    moved = Nudge((), "Interview #1: moved.", "news.2", "Interview moved: Acme, now Thu")
    notifier(notification_server.address).send(moved)
    [call] = notification_server.received
    assert (call.summary, call.actions, call.body) == (
        "Interview moved: Acme, now Thu",
        [],
        "Interview #1: moved.",
    )


def test_osascript_says_the_commands_of_a_suggestion() -> None:
    text = notification_text(FOUND)
    assert text.split("\n") == [
        "An interview with Dana Reyes, found in mail (a calendar request: Interview).",
        "Track it: `watcher track accept 3`; ignore it: `watcher track ignore 3`",
    ]
    command = osascript_command(FOUND.title, text)
    assert "Interview found: Acme, Tue 8 Dec 14:00" in command[-1]
