"""The invitations corpus (``tests/data/invites/``): load and check it.

The format and the labels are in ``tests/data/invites/README.md``. Run as a script to check the
files of a folder and count what they hold::

    python -m tests.invites tests/data/invites/heldout
"""

from __future__ import annotations

import email
import email.policy
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).parent / "data" / "invites"
PARTS = ("train", "heldout")
EXPECTS = ("interview", "reschedule", "cancel", "nothing")
FORMATS = ("phone", "video", "onsite", "panel")
LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl")
SOURCES = (
    "greenhouse",
    "lever",
    "ashby",
    "workday",
    "smartrecruiters",
    "icims",
    "personio",
    "teamtailor",
    "goodtime",
    "gem",
    "modernloop",
    "calendly",
    "cal.com",
    "google_calendar",
    "outlook",
    "zoom",
    "teams",
    "human",
    "text",
    "other",
)
REQUIRED_HEADERS = ("from", "to", "subject", "date", "message-id", "x-watcher-test")


class CorpusError(Exception):
    """A corpus file breaks the format; the message names the file and the entry."""


@dataclass(frozen=True)
class Expected:
    """What the mailbox holds of one interview after a message."""

    key: str
    process: str = ""
    company: str = ""
    role: str = ""
    start: datetime | None = None
    end: datetime | None = None
    format: str = ""
    interviewers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One labeled message of a mailbox file."""

    source_file: str
    user: str
    timezone: str
    id: str
    lang: str
    source: str
    folder: str
    expect: str
    raw: bytes
    interview: Expected | None
    note: str = ""


def _time(value: object, where: str, *, optional: bool = False) -> datetime | None:
    if optional and value in ("", None):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise CorpusError(f"{where}: {value!r} is no ISO 8601 time") from None
    else:
        raise CorpusError(f"{where}: expected a time, got {value!r}")
    if moment.tzinfo is None:
        raise CorpusError(f"{where}: {value!r} has no offset")
    return moment


def _interview(entry: object, expect: str, where: str) -> Expected | None:
    if expect == "nothing":
        if entry is not None:
            raise CorpusError(f"{where}: expect = nothing takes no [message.interview]")
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not entry["key"]:
        raise CorpusError(f"{where}: expect = {expect} needs [message.interview] with a key")
    if expect == "cancel":
        return Expected(key=entry["key"])
    for name in ("process", "company", "format"):
        if not isinstance(entry.get(name), str) or not entry[name]:
            raise CorpusError(f"{where}: [message.interview] needs {name}")
    if entry["format"] not in FORMATS:
        raise CorpusError(f"{where}: format {entry['format']!r} is none of {FORMATS}")
    interviewers = entry.get("interviewers", [])
    if not isinstance(interviewers, list) or not all(isinstance(a, str) for a in interviewers):
        raise CorpusError(f"{where}: interviewers must be a list of addresses")
    if entry["format"] == "panel" and len(interviewers) < 2:
        raise CorpusError(f"{where}: a panel has two or more interviewers")
    start = _time(entry.get("start"), f"{where}: start")
    end = _time(entry.get("end", ""), f"{where}: end", optional=True)
    if start is not None and end is not None and end <= start:
        raise CorpusError(f"{where}: end is not after start")
    return Expected(
        key=entry["key"],
        process=entry["process"],
        company=entry["company"],
        role=str(entry.get("role", "")),
        start=start,
        end=end,
        format=entry["format"],
        interviewers=tuple(a.strip().lower() for a in interviewers),
    )


def load_file(path: Path) -> list[Item]:
    """Load and check one mailbox file; raise CorpusError naming what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CorpusError(f"{path.name}: {error}") from None
    meta = data.get("meta", {})
    if not isinstance(meta, dict) or meta.get("synthetic") is not True:
        raise CorpusError(f"{path.name}: [meta] must say synthetic = true")
    user = str(meta.get("user", ""))
    if "@" not in parseaddr(user)[1]:
        raise CorpusError(f"{path.name}: [meta] user must be the candidate's address")
    try:
        ZoneInfo(str(meta.get("timezone", "")))
    except (ZoneInfoNotFoundError, ValueError):
        raise CorpusError(f"{path.name}: [meta] timezone must be an IANA zone") from None
    items: list[Item] = []
    keys: set[str] = set()
    last: tuple[datetime, str] | None = None
    for index, entry in enumerate(data.get("message", []), start=1):
        where = f"{path.name}: message {entry.get('id', index)}"
        for name in ("id", "lang", "source", "expect", "raw"):
            if not isinstance(entry.get(name), str) or not entry[name]:
                raise CorpusError(f"{where}: needs {name}")
        if entry["lang"] not in LANGUAGES:
            raise CorpusError(f"{where}: lang {entry['lang']!r} is none of {LANGUAGES}")
        if entry["source"] not in SOURCES:
            raise CorpusError(f"{where}: source {entry['source']!r} is none of {SOURCES}")
        if entry["expect"] not in EXPECTS:
            raise CorpusError(f"{where}: expect {entry['expect']!r} is none of {EXPECTS}")
        folder = entry.get("folder", "INBOX")
        if folder not in ("INBOX", "Sent"):
            raise CorpusError(f"{where}: folder must be INBOX or Sent")
        raw = entry["raw"].lstrip("\n").replace("\r\n", "\n").replace("\n", "\r\n").encode()
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        missing = [h for h in REQUIRED_HEADERS if message.get(h) is None]
        if missing:
            raise CorpusError(f"{where}: raw lacks {', '.join(missing)}")
        if str(message["x-watcher-test"]).strip() != "synthetic":
            raise CorpusError(f"{where}: X-Watcher-Test must be synthetic")
        last = _in_order(message, last, entry["id"], where)
        interview = _interview(entry.get("interview"), entry["expect"], where)
        if interview is not None:
            known = interview.key in keys
            if entry["expect"] == "interview" and known:
                raise CorpusError(f"{where}: key {interview.key!r} is already an interview")
            if entry["expect"] in ("reschedule", "cancel") and not known:
                raise CorpusError(f"{where}: key {interview.key!r} names no earlier interview")
            keys.add(interview.key)
        items.append(
            Item(
                source_file=path.name,
                user=user,
                timezone=str(meta["timezone"]),
                id=entry["id"],
                lang=entry["lang"],
                source=entry["source"],
                folder=folder,
                expect=entry["expect"],
                raw=raw,
                interview=interview,
                note=str(entry.get("note", "")),
            )
        )
    return items


def _in_order(
    message: email.message.Message, last: tuple[datetime, str] | None, ident: str, where: str
) -> tuple[datetime, str]:
    """Return the message's date (and id) once it is checked to come no earlier than the
    last one: a mailbox is delivered in the order written, so its dates must follow it."""
    try:
        date = parsedate_to_datetime(str(message["date"]))
    except (TypeError, ValueError):
        raise CorpusError(f"{where}: Date {message['date']!r} is no RFC 5322 date") from None
    if date.tzinfo is None:
        raise CorpusError(f"{where}: Date {message['date']!r} has no offset")
    if last is not None and date < last[0]:
        raise CorpusError(
            f"{where}: Date is earlier than that of {last[1]}: messages are delivered in the "
            "order written, so write them in the order of their dates"
        )
    return date, ident


def load(folder: Path) -> list[Item]:
    """Load every file of ``folder``; raise CorpusError on the first problem or a repeated id."""
    items: list[Item] = []
    for path in sorted(folder.glob("*.toml")):
        items += load_file(path)
    repeated = [i for i, n in Counter(item.id for item in items).items() if n > 1]
    if repeated:
        raise CorpusError(f"ids used twice: {', '.join(sorted(repeated))}")
    return items


def _offsets(items: Sequence[Item]) -> set[str]:
    found = set()
    for item in items:
        if item.interview is not None and item.interview.start is not None:
            offset = item.interview.start.utcoffset()
            if offset is not None:
                minutes = int(offset.total_seconds()) // 60
                found.add(
                    f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"
                )
    return found


def _counts(values: Iterable[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in Counter(values).most_common())


def summary(items: Sequence[Item]) -> str:
    files = len({item.source_file for item in items})
    return "\n".join(
        [
            f"{len(items)} messages in {files} files",
            f"expect: {_counts(item.expect for item in items)}",
            f"sources: {_counts(item.source for item in items)}",
            f"languages: {_counts(item.lang for item in items)}",
            f"offsets of interview times: {', '.join(sorted(_offsets(items)))}",
        ]
    )


def _main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else ROOT / "train"
    try:
        items = load(folder)
    except CorpusError as error:
        print(f"corpus error: {error}", file=sys.stderr)
        return 1
    print(f"# {folder}")
    print(summary(items))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
