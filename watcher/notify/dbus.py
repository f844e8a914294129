"""Desktop notifications through D-Bus ``org.freedesktop.Notifications`` (Linux and the BSDs).

This is the only module that imports jeepney (a pure-Python, blocking D-Bus client); the plug-in
registry loads it only where it is used, so watcher starts on macOS without it.

Each :meth:`DbusNotifier.send` opens a fresh connection to the session bus, asks the server's
capabilities, calls ``Notify`` and closes the connection again. A nudge is rare (a few a day), so
holding a connection open would buy nothing and would have to survive the session bus
restarting; a fresh connection costs about a millisecond. Every step is bounded by ``timeout``:
the connect and authentication (jeepney's ``auth_timeout``) and each method call. The one
unbounded step is jeepney's ``Hello`` right after authentication, which a live bus answers at once
(a frozen bus is caught earlier, by the authentication timeout).

The buttons ("snooze" and "heard" on what is due, "track" and "ignore" on an interview found in
mail) are offered only where the server lists the "actions" capability (elsewhere a suggestion
says the commands to type); :meth:`DbusNotifier.listen` hears their ``ActionInvoked`` signals on
a connection of its own. Mail content is untrusted and servers may render a subset of HTML in
the body, so it is escaped there (the summary is plain text by the specification).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, MatchRule, new_method_call  # type: ignore[import-untyped]
from jeepney.auth import AuthenticationError  # type: ignore[import-untyped]
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]
from jeepney.io.blocking import Proxy, open_dbus_connection  # type: ignore[import-untyped]
from jeepney.wrappers import DBusErrorResponse, unwrap_msg  # type: ignore[import-untyped]

from watcher.logsetup import get_logger
from watcher.models import Nudge
from watcher.notify.base import Notifier, NotifyError, OnButton
from watcher.notify.desktop import FIX, buttons_for, notification_body
from watcher.settings import NotifyConfig

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
ICON = "mail-unread"
URGENCY_NORMAL = 1

log = get_logger(__name__)

_NO_OWNER = frozenset(
    {
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
    }
)


def action_rule() -> Any:
    """The match rule for ``ActionInvoked`` from any notification server."""
    return MatchRule(type="signal", interface=INTERFACE, member="ActionInvoked")


class DbusNotifier(Notifier):
    """A notification on the desktop the user is sitting at, through the session bus
    (``bus_address``, default ``$DBUS_SESSION_BUS_ADDRESS``)."""

    name = "desktop"
    buttons = True

    def __init__(
        self, *, bus_address: str | None = None, timeout: float = 5.0, app_name: str = "watcher"
    ) -> None:
        self.bus_address = bus_address
        self.timeout = timeout
        self.app_name = app_name

    @classmethod
    def from_settings(
        cls, settings: NotifyConfig, password: Callable[[], str] | None
    ) -> DbusNotifier:
        return cls()

    def send(self, nudge: Nudge) -> int:
        """Deliver ``nudge`` and return the server's notification id; raise NotifyError."""
        connection = self._open()
        try:
            address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
            capabilities = self._call(connection, new_method_call(address, "GetCapabilities"))[0]
            actions = list(buttons_for(nudge)) if "actions" in capabilities else []
            body = (
                self.app_name,
                0,
                ICON,
                nudge.title,
                notification_body(nudge, buttons=bool(actions)),
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

    def probe(self) -> str:
        """Ask the notification server who it is (GetServerInformation); show nothing."""
        connection = self._open()
        try:
            address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
            name, vendor, version, _spec = self._call(
                connection, new_method_call(address, "GetServerInformation")
            )
            return f"{name} {version} ({vendor}) on the session bus"
        finally:
            connection.close()

    def listen(self, on_button: OnButton, stop: threading.Event, *, poll: float = 0.5) -> None:
        """Call ``on_button(notification_id, action_key)`` for each ``ActionInvoked`` signal.

        Blocks (the daemon runs it in a thread) on a session-bus connection of its own until
        ``stop`` is set: it waits at most ``poll`` seconds for a message, then looks at ``stop``.
        Raises NotifyError if there is no bus or the connection breaks. An exception from
        ``on_button`` is logged and the loop goes on.
        """
        connection = self._open()
        try:
            rule = action_rule()
            try:
                Proxy(message_bus, connection, timeout=self.timeout).AddMatch(rule)
            except DBusErrorResponse as exc:
                raise NotifyError(
                    f"the desktop session bus refused to pass on button clicks ({exc.name}): {FIX}"
                ) from None
            except TimeoutError:
                raise NotifyError(
                    f"the desktop session bus did not answer within {self.timeout:g} s:"
                    f" check that it is alive, or {FIX}"
                ) from None
            except (OSError, ValueError) as exc:
                raise NotifyError(
                    f"the desktop session bus dropped the connection ({type(exc).__name__}): {FIX}"
                ) from exc
            while not stop.is_set():
                try:
                    message = connection.receive(timeout=poll)
                except TimeoutError:
                    continue
                except (OSError, ValueError) as exc:
                    raise NotifyError(
                        f"the desktop session bus dropped the connection while listening for"
                        f" button clicks ({type(exc).__name__}): {FIX}"
                    ) from exc
                if not rule.matches(message):
                    continue
                try:
                    notification_id, action_key = message.body[:2]
                    on_button(int(notification_id), str(action_key))
                except Exception:
                    log.exception("handling a notification button failed", body=str(message.body))
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
                f"no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is not set): {FIX}"
            ) from None
        except RuntimeError as exc:  # jeepney: no unix transport in the address
            raise NotifyError(
                f"the desktop session bus address {where} is not a unix socket: {FIX}"
            ) from exc
        except (TimeoutError, AuthenticationError) as exc:
            raise NotifyError(
                f"the desktop session bus at {where} did not let us in within {self.timeout:g} s:"
                f" check that the session bus is alive, or {FIX}"
            ) from exc
        except (OSError, ValueError) as exc:
            raise NotifyError(
                f"no desktop session bus at {where} ({type(exc).__name__}): {FIX}"
            ) from exc
        return connection

    def _call(self, connection: Any, message: Any) -> tuple[Any, ...]:
        try:
            return tuple(unwrap_msg(connection.send_and_get_reply(message, timeout=self.timeout)))
        except DBusErrorResponse as exc:
            if exc.name in _NO_OWNER:
                raise NotifyError(
                    f"no notification server owns {BUS_NAME} on the session bus: start one"
                    f" (your desktop's, dunst or mako), or {FIX}"
                ) from None
            raise NotifyError(
                f"the notification server refused the call ({exc.name}): {FIX}"
            ) from None
        except TimeoutError:
            raise NotifyError(
                f"the notification server did not answer within {self.timeout:g} s:"
                f" check that it is alive, or {FIX}"
            ) from None
        except (OSError, ValueError) as exc:  # the bus went away mid-call
            raise NotifyError(
                f"the desktop session bus dropped the connection ({type(exc).__name__}): {FIX}"
            ) from exc
