"""The judgment corpus (``tests/data/judgment/``): load, check and turn into what the core reads.

The format and the labels are in ``tests/data/judgment/README.md``. Run as a script to check
the files of a part and count what they hold::

    python -m tests.judgment tests/data/judgment/heldout
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from watcher.mail import MalformedMessage, parse, split_message
from watcher.matching import domain_matches
from watcher.models import (
    ActionKind,
    Address,
    Event,
    EventKind,
    Interview,
    Message,
    Person,
    PersonRole,
    Timeline,
)

ROOT = Path(__file__).parent / "data" / "judgment"
PARTS = ("train", "heldout")
KINDS = ("rejection", "offer", "next_step", "update", "acknowledgement", "auto_reply", "none")
LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl")
SENDER_TYPES = (
    "human",
    "ats",
    "scheduler",
    "esign",
    "background_check",
    "job_board",
    "assessment",
    "company_system",
    "other",
)
RELAY_TYPES = frozenset({"ats", "scheduler", "esign", "background_check", "assessment"})


class CorpusError(Exception):
    """A corpus file breaks the format; the message names the file and the entry."""


@dataclass(frozen=True)
class World:
    """One file's tracked interviews and the user's own address."""

    source: str
    user: Address
    timelines: tuple[Timeline, ...]
    keys: dict[str, int]
    author: str = ""
    """Who wrote the file (``[meta] author``): one author's files share a style."""

    def key_of(self, interview_id: int | None) -> str:
        """Return the key of an interview id ("" for None)."""
        for key, number in self.keys.items():
            if number == interview_id:
                return key
        return ""


@dataclass(frozen=True)
class Item:
    """One labeled message, parsed as the core sees it."""

    id: str
    part: str
    lang: str
    interview: str
    kind: str
    sender_type: str
    sender_name: str
    note: str
    message: Message
    world: World
    author: str = ""
    """The ``[meta] author`` of its file."""


def _person(entry: dict[str, str], where: str) -> Person:
    role = entry.get("role", "interviewer")
    if not isinstance(entry.get("address"), str) or "@" not in entry["address"]:
        raise CorpusError(f"{where}: a person needs an address")
    return Person(
        name=entry.get("name", ""),
        address=entry["address"].lower(),
        role=PersonRole.INTERVIEWER if role == "interviewer" else PersonRole.CONTACT,
    )


def _world(data: dict[str, object], source: str) -> World:
    meta = data.get("meta")
    if not isinstance(meta, dict) or meta.get("synthetic") is not True:
        raise CorpusError(f"{source}: [meta] must say synthetic = true")
    user_text = str(meta.get("user", ""))
    name, _, address = user_text.rpartition("<")
    user = Address(name.strip().strip('"'), address.rstrip(">").strip().lower() or user_text)
    timelines = []
    keys: dict[str, int] = {}
    interviews = data.get("interview", [])
    if not isinstance(interviews, list) or not interviews:
        raise CorpusError(f"{source}: no [[interview]]")
    for number, entry in enumerate(interviews, start=1):
        where = f"{source}: interview {number}"
        key = entry.get("key")
        if not key or key in keys:
            raise CorpusError(f"{where}: a missing or repeated key {key!r}")
        try:
            at = datetime.fromisoformat(entry["at"])
        except (KeyError, ValueError) as error:
            raise CorpusError(f"{where}: 'at' must be an ISO time with offset ({error})") from None
        if at.tzinfo is None:
            raise CorpusError(f"{where}: 'at' has no offset")
        people = [_person(p, where) for p in entry.get("people", [])]
        interview = Interview(
            id=number,
            company=entry["company"],
            role=entry.get("role", ""),
            at=at,
            interviewers=tuple(p for p in people if p.role is PersonRole.INTERVIEWER),
            contacts=tuple(p for p in people if p.role is PersonRole.CONTACT),
            domains=tuple(d.lower() for d in entry.get("domains", [])),
        )
        events = tuple(
            Event(
                interview_id=number,
                kind=EventKind.SENT,
                at=at,
                action=ActionKind.THANK_YOU,
                sender=user.address,
                message_id=sent_id.strip("<>"),
            )
            for sent_id in entry.get("sent_ids", [])
        )
        keys[key] = number
        timelines.append(Timeline(interview, events))
    return World(source, user, tuple(timelines), keys, str(meta.get("author", "")))


def load_file(path: Path, part: str) -> list[Item]:
    """Return the labeled messages of one corpus file; raise CorpusError naming the problem."""
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CorpusError(f"{source}: cannot be read ({error})") from None
    world = _world(data, source)
    items = []
    for number, entry in enumerate(data.get("message", []), start=1):
        where = f"{source}: message {number} ({entry.get('id', '?')})"
        for field in ("id", "lang", "interview", "kind", "sender_type", "raw"):
            if not isinstance(entry.get(field), str):
                raise CorpusError(f"{where}: '{field}' must be a string")
        if entry["kind"] not in KINDS:
            raise CorpusError(f"{where}: kind {entry['kind']!r} is not one of {KINDS}")
        if entry["lang"] not in LANGUAGES:
            raise CorpusError(f"{where}: lang {entry['lang']!r} is not one of {LANGUAGES}")
        if entry["sender_type"] not in SENDER_TYPES:
            raise CorpusError(f"{where}: sender_type is not one of {SENDER_TYPES}")
        if entry["interview"] and entry["interview"] not in world.keys:
            raise CorpusError(f"{where}: no interview {entry['interview']!r} in this file")
        data_bytes = entry["raw"].lstrip("\n").replace("\r\n", "\n").replace("\n", "\r\n")
        raw_bytes = data_bytes.encode("utf-8")
        if b"x-watcher-test: synthetic" not in raw_bytes.lower():
            raise CorpusError(f"{where}: the message lacks 'X-Watcher-Test: synthetic'")
        try:
            message = parse(split_message(raw_bytes, "INBOX", number, None), "corpus")
        except MalformedMessage as error:
            raise CorpusError(f"{where}: {error}") from None
        items.append(
            Item(
                id=entry["id"],
                part=part,
                lang=entry["lang"],
                interview=entry["interview"],
                kind=entry["kind"],
                sender_type=entry["sender_type"],
                sender_name=entry.get("sender_name", ""),
                note=entry.get("note", ""),
                message=message,
                world=world,
                author=str(data.get("meta", {}).get("author", "")),
            )
        )
    return items


def load(part: str | Path) -> list[Item]:
    """Return every labeled message of a part ("train", "heldout" or a folder), file by file."""
    folder = ROOT / part if isinstance(part, str) and part in PARTS else Path(part)
    name = folder.name
    items: list[Item] = []
    for path in sorted(folder.glob("*.toml")):
        items += load_file(path, name)
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise CorpusError(f"{folder}: the id {item.id!r} is used twice")
        seen.add(item.id)
    return items


def own_domain_none(items: Sequence[Item]) -> int:
    """Return how many messages are no reply (kind none) though sent from a tracked company's
    own domain (or a subdomain of it)."""
    return sum(
        1
        for i in items
        if i.kind == "none"
        and i.interview
        and i.message.sender is not None
        and any(
            domain_matches(i.message.sender.domain, d)
            for t in i.world.timelines
            for d in t.interview.domains
        )
    )


def relays(items: Sequence[Item]) -> set[tuple[str, str]]:
    """Return the distinct relays (kind and vendor) that sent messages of ``items``."""
    return {(i.sender_type, i.sender_name.lower()) for i in items if i.sender_type in RELAY_TYPES}


def summary(items: Sequence[Item]) -> str:
    """Return what a part holds: counts by kind, language and sender, in a few lines."""
    lines = [
        f"{len(items)} messages in {len({i.world.source for i in items})} files",
        "kinds: " + _counts(i.kind for i in items),
        "languages: " + _counts(i.lang for i in items),
        "senders: " + _counts(i.sender_type for i in items),
        "distinct relays (ats, scheduler, esign, background check, assessment): "
        f"{len(relays(items))}",
        f"non-replies (kind none) from a tracked company's own domain: {own_domain_none(items)}",
    ]
    return "\n".join(lines)


def _counts(values: Iterable[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in Counter(values).most_common())


def _main(argv: list[str]) -> int:
    for folder in argv or [str(ROOT / p) for p in PARTS]:
        try:
            items = load(Path(folder))
        except CorpusError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"# {folder}\n{summary(items)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
