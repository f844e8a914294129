"""What a desktop notification says, whichever platform shows it (D-Bus or osascript).

Plain text: one line per item, what is due, for whom, and where its draft waits. Mail content
in it is untrusted; :func:`notification_body` escapes it for servers that render markup.
"""

from __future__ import annotations

import html

from watcher.models import Nudge, NudgeItem

BUTTONS: tuple[str, ...] = (
    "snooze",
    "Snooze 2 days",
    "heard",
    "Mark as heard back",
)
"""Button keys and labels, alternating (as D-Bus ``Notify`` takes them). There is no "Open
Drafts": no standard way exists to open a mail client's Drafts folder."""

SUGGESTION_BUTTONS: tuple[str, ...] = ("track", "Track", "ignore", "Ignore")
"""The buttons of a notification about an interview found in mail (a suggestion): "Track"
does what `watcher track accept ID` does, "Ignore" what `watcher track ignore ID` does."""


def buttons_for(nudge: Nudge) -> tuple[str, ...]:
    """The buttons (keys and labels, alternating) a notification of ``nudge`` offers where the
    server shows buttons: Track and Ignore for a suggestion, Snooze and Mark as heard for what
    is due, none for a notice."""
    if nudge.suggestion is not None:
        return SUGGESTION_BUTTONS
    return BUTTONS if nudge.items else ()


FIX = "set [notify] desktop = false, or use [notify.email]"
"""The way out, named in every error of a desktop notifier."""


def escape_markup(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so a server that renders markup shows ``text`` as written."""
    return html.escape(text, quote=False)


def describe_item(item: NudgeItem) -> str:
    """One plain-text line: what is due, for whom, and where the draft is (not escaped)."""
    kind = str(item.kind).replace("_", "-")
    line = f"{kind} due {item.due:%a} {item.due.day} {item.due:%b} for {item.company} ({item.role})"
    if item.reason:
        line += f": {item.reason.removesuffix('.')}"  # a sentence, but the line goes on
    if item.draft_folder:
        where = (
            f"{item.draft_account}/{item.draft_folder}" if item.draft_account else item.draft_folder
        )
        line += f"; a draft is waiting in {where}"
        if item.draft_subject:
            line += f": {item.draft_subject}"
    return " ".join(line.split())  # mail text may carry newlines; one item, one line


def notification_body(nudge: Nudge, *, buttons: bool = True) -> str:
    """The body of the notification: one escaped line per item (or the notice); without
    ``buttons`` (a server that shows none), a suggestion says the commands to type instead."""
    lines = [describe_item(item) for item in nudge.items]
    if nudge.notice:
        lines.insert(0, " ".join(nudge.notice.split()))
    if nudge.commands and not buttons:
        lines.append(nudge.commands)
    return "\n".join(escape_markup(line) for line in lines)
