"""Desktop notifications: D-Bus ``org.freedesktop.Notifications`` on Linux, osascript on macOS.

This is the only module that imports jeepney (a pure-Python, blocking D-Bus client).

Linux: each :meth:`DesktopNotifier.send` opens a fresh connection to the session bus, asks the
server's capabilities, calls ``Notify`` and closes the connection again. A nudge is rare (a few a
day), so holding a connection open would buy nothing and would have to survive the session bus
restarting; a fresh connection costs about a millisecond. Every step is bounded by ``timeout``:
the connect and authentication (jeepney's ``auth_timeout``) and each method call. The one
unbounded step is jeepney's ``Hello`` right after authentication, which a live bus answers at once
(a frozen bus is caught earlier, by the authentication timeout).

The actions "snooze" and "heard" are offered only where the server lists the "actions"
capability (there is no standard way to open a mail client's Drafts folder, so no button for it);
the daemon listens for ``ActionInvoked`` separately, with :func:`listen_for_actions` on a
connection of its own. Mail content is untrusted and
servers may render a subset of HTML in the body, so ``&``, ``<`` and ``>`` are escaped there (the
summary is plain text by the specification).

macOS: ``osascript -e 'display notification "..." with title "..."'``, which works without a
signed app bundle but shows no buttons; its notifications have no id (``0`` is returned).
"""

from __future__ import annotations

import html
import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, MatchRule, new_method_call  # type: ignore[import-untyped]
from jeepney.auth import AuthenticationError  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import Proxy, open_dbus_connection  # type: ignore[import-untyped]
from jeepney.wrappers import DBusErrorResponse, unwrap_msg  # type: ignore[import-untyped]

from watcher.models import Nudge, NudgeItem
from watcher.notify.base import Notifier, NotifyError

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
ICON = "mail-unread"
URGENCY_NORMAL = 1
ACTIONS: tuple[str, ...] = (
    "snooze",
    "Snooze 2 days",
    "heard",
    "Mark as heard back",
)
"""Action keys and labels, alternating, as ``Notify`` takes them."""

logger = logging.getLogger(__name__)

_FIX = "set [notify] desktop = false, or use [notify.email]"
_NO_OWNER = frozenset(
    {
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
    }
)


def escape_markup(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so a server that renders markup shows ``text`` as written."""
    return html.escape(text, quote=False)


def describe_item(item: NudgeItem) -> str:
    """One plain-text line: what is due, for whom, and where the draft is (not escaped)."""
    kind = str(item.kind).replace("_", "-")
    line = f"{kind} due {item.due:%a} {item.due.day} {item.due:%b} for {item.company} ({item.role})"
    if item.reason:
        line += f": {item.reason}"
    if item.draft_folder:
        where = (
            f"{item.draft_account}/{item.draft_folder}" if item.draft_account else item.draft_folder
        )
        line += f"; a draft is waiting in {where}"
        if item.draft_subject:
            line += f": {item.draft_subject}"
    return " ".join(line.split())  # mail text may carry newlines; one item, one line


def notification_body(nudge: Nudge) -> str:
    """The body of the notification: one escaped line per item (or the notice)."""
    lines = [describe_item(item) for item in nudge.items]
    if nudge.notice:
        lines.insert(0, " ".join(nudge.notice.split()))
    return "\n".join(escape_markup(line) for line in lines)


def applescript_string(text: str) -> str:
    """``text`` as an AppleScript string literal, quotes included.

    Backslashes and double quotes are escaped; line breaks and tabs become ``\\n``, ``\\r`` and
    ``\\t`` (which AppleScript reads back as the characters) and other control characters are
    dropped, so the literal always stays on one line of the ``-e`` script.
    """
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            continue
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def osascript_command(title: str, body: str) -> list[str]:
    """The argv that shows a notification on macOS (no buttons: osascript offers none)."""
    script = (
        f"display notification {applescript_string(body)} with title {applescript_string(title)}"
    )
    return ["osascript", "-e", script]


class DesktopNotifier(Notifier):
    """A notification on the desktop the user is sitting at."""

    name = "desktop"

    def __init__(
        self, *, bus_address: str | None = None, timeout: float = 5.0, app_name: str = "watcher"
    ) -> None:
        self.bus_address = bus_address
        self.timeout = timeout
        self.app_name = app_name
        self.last_id: int | None = None
        """The id the server gave the last notification sent (``0`` on macOS)."""

    def send(self, nudge: Nudge) -> None:
        """Deliver ``nudge``; raise NotifyError (naming the fix) if it was not delivered."""
        self.notify(nudge)

    def notify(self, nudge: Nudge) -> int:
        """Deliver ``nudge`` and return the server's notification id; raise NotifyError."""
        if sys.platform == "darwin":
            notification_id = self._notify_macos(nudge)
        else:
            notification_id = self._notify_dbus(nudge)
        self.last_id = notification_id
        return notification_id

    # -- Linux and the BSDs: D-Bus --------------------------------------------------------------

    def probe(self) -> str:
        """Ask the notification server who it is (GetServerInformation); show nothing."""
        if sys.platform == "darwin":
            return "osascript (macOS notifications, no buttons)"
        connection = self._open()
        try:
            address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
            name, vendor, version, _spec = self._call(
                connection, new_method_call(address, "GetServerInformation")
            )
            return f"{name} {version} ({vendor}) on the session bus"
        finally:
            connection.close()

    def _open(self) -> Any:
        """Connect to the session bus; raise NotifyError naming the fix."""
        where = self.bus_address or "$DBUS_SESSION_BUS_ADDRESS"
        try:
            connection = open_dbus_connection(
                bus=self.bus_address or "SESSION", auth_timeout=self.timeout
            )
        except KeyError:
            raise NotifyError(
                f"no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is not set): {_FIX}"
            ) from None
        except RuntimeError as exc:  # jeepney: no unix transport in the address
            raise NotifyError(
                f"the desktop session bus address {where} is not a unix socket: {_FIX}"
            ) from exc
        except (TimeoutError, AuthenticationError) as exc:
            raise NotifyError(
                f"the desktop session bus at {where} did not let us in within {self.timeout:g} s:"
                f" check that the session bus is alive, or {_FIX}"
            ) from exc
        except (OSError, ValueError) as exc:
            raise NotifyError(
                f"no desktop session bus at {where} ({type(exc).__name__}): {_FIX}"
            ) from exc
        return connection

    def _notify_dbus(self, nudge: Nudge) -> int:
        connection = self._open()
        try:
            address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
            capabilities = self._call(connection, new_method_call(address, "GetCapabilities"))[0]
            actions = list(ACTIONS) if "actions" in capabilities and nudge.items else []
            body = (
                self.app_name,
                0,
                ICON,
                nudge.title,
                notification_body(nudge),
                actions,
                {"urgency": ("y", URGENCY_NORMAL)},
                -1,
            )
            reply = self._call(
                connection, new_method_call(address, "Notify", NOTIFY_SIGNATURE, body)
            )
            return int(reply[0])
        finally:
            connection.close()

    def _call(self, connection: Any, message: Any) -> tuple[Any, ...]:
        try:
            return tuple(unwrap_msg(connection.send_and_get_reply(message, timeout=self.timeout)))
        except DBusErrorResponse as exc:
            if exc.name in _NO_OWNER:
                raise NotifyError(
                    f"no notification server owns {BUS_NAME} on the session bus: start one"
                    f" (your desktop's, dunst or mako), or {_FIX}"
                ) from None
            raise NotifyError(
                f"the notification server refused the call ({exc.name}): {_FIX}"
            ) from None
        except TimeoutError:
            raise NotifyError(
                f"the notification server did not answer within {self.timeout:g} s:"
                f" check that it is alive, or {_FIX}"
            ) from None
        except (OSError, ValueError) as exc:  # the bus went away mid-call
            raise NotifyError(
                f"the desktop session bus dropped the connection ({type(exc).__name__}): {_FIX}"
            ) from exc

    # -- macOS ----------------------------------------------------------------------------------

    def _notify_macos(self, nudge: Nudge) -> int:
        body = "\n".join(describe_item(item) for item in nudge.items)
        try:
            subprocess.run(
                osascript_command(nudge.title, body),
                check=True,
                capture_output=True,
                timeout=self.timeout,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise NotifyError(
                f"osascript could not show the notification ({type(exc).__name__}):"
                f" allow notifications for Script Editor in System Settings, or {_FIX}"
            ) from exc
        return 0


# -- Listening for button clicks ---------------------------------------------------------------


def action_rule() -> Any:
    """The match rule for ``ActionInvoked`` from any notification server."""
    return MatchRule(type="signal", interface=INTERFACE, member="ActionInvoked")


def listen_for_actions(
    on_action: Callable[[int, str], None],
    stop: threading.Event,
    *,
    bus_address: str | None = None,
    poll: float = 0.5,
) -> None:
    """Call ``on_action(notification_id, action_key)`` for each ``ActionInvoked`` signal.

    Blocks (the daemon runs it in a thread) on a session-bus connection of its own until ``stop``
    is set: it waits at most ``poll`` seconds for a message, then looks at ``stop``. Raises
    NotifyError if there is no bus or the connection breaks. An exception from ``on_action`` is
    logged and the loop goes on. On macOS (no buttons) it returns at once.
    """
    if sys.platform == "darwin":
        return
    opener = DesktopNotifier(bus_address=bus_address)
    connection = opener._open()
    try:
        rule = action_rule()
        try:
            Proxy(message_bus, connection, timeout=opener.timeout).AddMatch(rule)
        except DBusErrorResponse as exc:
            raise NotifyError(
                f"the desktop session bus refused to pass on button clicks ({exc.name}): {_FIX}"
            ) from None
        except TimeoutError:
            raise NotifyError(
                f"the desktop session bus did not answer within {opener.timeout:g} s:"
                f" check that it is alive, or {_FIX}"
            ) from None
        except (OSError, ValueError) as exc:
            raise NotifyError(
                f"the desktop session bus dropped the connection ({type(exc).__name__}): {_FIX}"
            ) from exc
        while not stop.is_set():
            try:
                message = connection.receive(timeout=poll)
            except TimeoutError:
                continue
            except (OSError, ValueError) as exc:
                raise NotifyError(
                    f"the desktop session bus dropped the connection while listening for"
                    f" button clicks ({type(exc).__name__}): {_FIX}"
                ) from exc
            if not rule.matches(message):
                continue
            try:
                notification_id, action_key = message.body[:2]
                on_action(int(notification_id), str(action_key))
            except Exception:
                logger.exception("handling the notification button click %r failed", message.body)
    finally:
        connection.close()
