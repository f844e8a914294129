"""Desktop notifications on macOS with ``osascript``: the only module that runs it.

``osascript -e 'display notification "..." with title "..."'`` works without a signed app
bundle, but its notifications carry no buttons and have no id.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable

from watcher.models import Nudge
from watcher.notify.base import Notifier, NotifyError
from watcher.notify.desktop import FIX, describe_item
from watcher.settings import NotifyConfig


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


def notification_text(nudge: Nudge) -> str:
    """The text of the notification: the notice, a line per item, and, as there are no buttons
    here, the commands that track or ignore an interview found in mail."""
    body = "\n".join(describe_item(item) for item in nudge.items)
    if nudge.notice:
        body = "\n".join([" ".join(nudge.notice.split()), body]).strip()
    if nudge.commands:
        body = "\n".join([body, nudge.commands]).strip()
    return body


class OsascriptNotifier(Notifier):
    """A notification on the macOS desktop; ``timeout`` bounds the osascript run, in seconds."""

    name = "desktop"

    def __init__(self, *, timeout: float = 5.0) -> None:
        self.timeout = timeout

    @classmethod
    def from_settings(
        cls, settings: NotifyConfig, password: Callable[[], str] | None
    ) -> OsascriptNotifier:
        return cls()

    def send(self, nudge: Nudge) -> None:
        body = notification_text(nudge)
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
                f" allow notifications for Script Editor in System Settings, or {FIX}"
            ) from exc

    def probe(self) -> str:
        return "osascript (macOS notifications, no buttons)"
