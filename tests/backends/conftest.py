"""Fixtures for the mailbox backends: a Dovecot server per session, a fresh user per test, and a
harness that lets one contract test class drive every backend the same way.

Without ``dovecot`` installed the IMAP tests are skipped, unless WATCHER_REQUIRE_DOVECOT=1 (the
project's test script sets it), which makes them fail instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any, Protocol

import pytest
from imapclient import IMAPClient

from tests.servers.dovecot import DovecotServer, MailUser, new_user
from tests.servers.gmail import GmailServer
from watcher import oauth
from watcher.backends.base import Folders, Mailbox, SearchTerms
from watcher.backends.gmail import GmailMailbox
from watcher.backends.imap import ImapMailbox
from watcher.backends.memory import MemoryMailbox
from watcher.matching import Candidates
from watcher.models import Event, EventKind, Interview, Lexicon, Person, Timeline

SINCE = date(2026, 3, 1)
RECENT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
OLD = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
ME = "me@example.org"


def synthetic(
    sender: str,
    subject: str,
    *,
    to: str = ME,
    cc: str | None = None,
    body: str = "Hello,\n\nThanks for your time today.\n",
    when: datetime = RECENT,
    html: str | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
    calendar: str | None = None,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """Return a synthetic message (``X-Watcher-Test: synthetic``) as CRLF bytes.

    ``attachments`` are (content type, file name, data) triples sent as attachments;
    ``headers`` more header fields (Reply-To, In-Reply-To...).
    """
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id or make_msgid(domain="watcher.test")
    message["X-Watcher-Test"] = "synthetic"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if calendar is not None:
        message.add_attachment(
            calendar,
            subtype="calendar",
            params={"method": "REQUEST"},
            disposition="inline",
        )
    for content_type, filename, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


class CountingConnect:
    """The connect seam of :class:`ImapMailbox`, making real clients and counting what they
    send: ``commands`` (one per tag, with the command line for messages) and ``received`` bytes.
    """

    def __init__(self) -> None:
        self.commands: list[str] = []
        self.received = 0

    def __call__(self, *args: Any, **kwargs: Any) -> IMAPClient:
        client = IMAPClient(*args, **kwargs)
        imap = client._imap
        new_tag, send = imap._new_tag, imap.send
        read, readline = imap.read, imap.readline
        sending: list[bytes] = []

        def counted_tag() -> bytes:
            tag: bytes = new_tag()
            sending.append(tag)
            self.commands.append(tag.decode())
            return tag

        def logged_send(data: bytes) -> None:
            # Keep the first line of each command for assertion messages, never a password.
            if sending and self.commands and data.startswith(sending[-1]):
                line = data.split(b"\r\n")[0].decode(errors="replace")
                if " LOGIN " in line or " AUTHENTICATE " in line:
                    line = line.split(" ")[0] + " LOGIN ***"
                self.commands[-1] = line[:200]
            send(data)

        def counted_read(size: int) -> bytes:
            data: bytes = read(size)
            self.received += len(data)
            return data

        def counted_readline() -> bytes:
            data: bytes = readline()
            self.received += len(data)
            return data

        imap._new_tag = counted_tag
        imap.send = logged_send
        imap.read = counted_read
        imap.readline = counted_readline
        return client


# -- the harness of the contract tests ----------------------------------------------------------


class Harness(Protocol):
    """What a contract test needs besides the mailbox: a way to put mail in, to change a
    folder's UIDVALIDITY, to read flags, and to count what the backend asked of the server."""

    @property
    def kind(self) -> str: ...
    @property
    def mailbox(self) -> Mailbox: ...

    @property
    def folders(self) -> Folders:
        """What the backend's folders() must say."""

    @property
    def transfer_encoded(self) -> bool:
        """Whether text parts come still transfer-encoded (IMAP) or decoded (Gmail)."""

    def deliver(self, folder: str, data: bytes, when: datetime = RECENT) -> None: ...
    def reset_uidvalidity(self, folder: str) -> None:
        """Make the saved state of ``folder`` unusable (IMAP: a new UIDVALIDITY; Gmail: the
        history expires)."""

    def flags(self, folder: str) -> list[frozenset[str]]: ...
    def uids(self, folder: str) -> list[int]:
        """The uids the backend gives the messages of ``folder``, in delivery order."""

    def position(self, folder: str) -> tuple[int, int | None]:
        """The (last_uid, uidnext) a state synced up to now holds."""

    def commands(self) -> int: ...
    def received(self) -> int: ...


IMAP_FOLDERS = Folders(inbox=("INBOX",), sent="Sent", drafts="Drafts")
GMAIL_FOLDERS = Folders(inbox=("INBOX",), sent="SENT", drafts="DRAFT")


@dataclass
class MemoryHarness:
    mailbox: MemoryMailbox = field(default_factory=MemoryMailbox)
    kind: str = "memory"
    folders: Folders = IMAP_FOLDERS
    transfer_encoded: bool = True

    def uids(self, folder: str) -> list[int]:
        return [m.uid for m in self.mailbox.messages(folder)]

    def position(self, folder: str) -> tuple[int, int | None]:
        uids = self.uids(folder)
        return (uids[-1] if uids else 0), self.mailbox.uidnext[folder]

    def deliver(self, folder: str, data: bytes, when: datetime = RECENT) -> None:
        self.mailbox.deliver(folder, data, when)

    def reset_uidvalidity(self, folder: str) -> None:
        self.mailbox.reset_uidvalidity(folder)

    def flags(self, folder: str) -> list[frozenset[str]]:
        return [m.flags for m in self.mailbox.messages(folder)]

    def commands(self) -> int:
        calls = self.mailbox.calls
        return sum(calls.values()) - calls["close"]

    def received(self) -> int:
        return 0


@dataclass
class ImapHarness:
    server: DovecotServer
    user: MailUser
    connect: CountingConnect
    mailbox: ImapMailbox
    kind: str = "imap"
    folders: Folders = IMAP_FOLDERS
    transfer_encoded: bool = True

    def uids(self, folder: str) -> list[int]:
        with self._client(folder) as client:
            return sorted(client.search("ALL"))

    def position(self, folder: str) -> tuple[int, int | None]:
        with self._client(folder) as client:
            uids = client.search("ALL")
            uidnext = client.folder_status(folder, ["UIDNEXT"])[b"UIDNEXT"]
        return (max(uids) if uids else 0), uidnext

    @contextmanager
    def _client(self, folder: str) -> Iterator[IMAPClient]:
        with IMAPClient(self.server.host, port=self.server.imap_port, ssl=False) as client:
            client.login(self.user.name, self.user.password)
            client.select_folder(folder, readonly=True)
            yield client

    def deliver(self, folder: str, data: bytes, when: datetime = RECENT) -> None:
        self.server.deliver(self.user.name, folder, data, when)

    def reset_uidvalidity(self, folder: str) -> None:
        self.server.reset_uidvalidity(self.user.name, folder)

    def flags(self, folder: str) -> list[frozenset[str]]:
        return imap_flags(self.server, self.user, folder)

    def commands(self) -> int:
        return len(self.connect.commands)

    def received(self) -> int:
        return self.connect.received


def imap_flags(server: DovecotServer, user: MailUser, folder: str) -> list[frozenset[str]]:
    """Return the flags of every message of ``folder``, read by a separate read-only session."""
    with IMAPClient(server.host, port=server.imap_port, ssl=False, timeout=10) as client:
        client.login(user.name, user.password)
        client.select_folder(folder, readonly=True)
        uids = client.search("ALL")
        found = client.fetch(uids, ["FLAGS"]) if uids else {}
        return [
            frozenset(flag.decode() for flag in found[uid][b"FLAGS"] if flag != b"\\Recent")
            for uid in sorted(found)
        ]


@dataclass
class GmailHarness:
    server: GmailServer
    mailbox: GmailMailbox
    waits: list[float]
    kind: str = "gmail"
    folders: Folders = GMAIL_FOLDERS
    transfer_encoded: bool = False

    def deliver(self, folder: str, data: bytes, when: datetime = RECENT) -> None:
        labels = (folder, "UNREAD") if folder == "INBOX" else (folder,)
        self.server.deliver(data, labels=labels, internal_date=when)

    def reset_uidvalidity(self, folder: str) -> None:
        # The history moves on (a message that goes straight to the trash) and then expires:
        # every position saved so far is now too old.
        self.server.deliver(synthetic("x@trash.example", "trashed"), labels=("TRASH",))
        self.server.expire_history()

    def flags(self, folder: str) -> list[frozenset[str]]:
        """Gmail's labels as IMAP flags: no UNREAD is \\Seen, DRAFT is \\Draft (as Gmail's
        own IMAP server shows them)."""
        found = []
        for item in self.server.ids(folder):
            labels = self.server.message(item).labels
            flags = {"\\Seen"} if "UNREAD" not in labels else set()
            found.append(frozenset(flags | ({"\\Draft"} if "DRAFT" in labels else set())))
        return found

    def uids(self, folder: str) -> list[int]:
        return [int(item, 16) for item in self.server.ids(folder)]

    def position(self, folder: str) -> tuple[int, int | None]:
        return self.server.history_id, None

    def commands(self) -> int:
        return len(self.server.requests)

    def received(self) -> int:
        return self.server.bytes_sent


def gmail_mailbox(
    server: GmailServer, *, name: str = "gmail", waits: list[float] | None = None
) -> GmailMailbox:
    """A Gmail backend signed in to ``server`` (its token refreshes there), waiting nowhere."""
    info = server.authorized_user_info(list(oauth.GMAIL_SCOPES))
    session = oauth.Session.from_json(
        name, json.dumps(info), lambda text: None, token_uri=info["token_uri"]
    )
    sleep = (waits if waits is not None else []).append
    return GmailMailbox(name, session, api_endpoint=server.url, timeout=10, sleep=sleep)


@pytest.fixture
def gmail() -> Iterator[GmailServer]:
    """A Gmail-compatible server of the tests' own (mailbox "me@example.org")."""
    with GmailServer(address=ME) as server:
        yield server


@pytest.fixture(params=["memory", "imap", "gmail"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """Each contract test runs once per backend."""
    if request.param == "gmail":
        server: GmailServer = request.getfixturevalue("gmail")
        waits: list[float] = []
        box = gmail_mailbox(server, waits=waits)
        box.open()
        try:
            yield GmailHarness(server, box, waits)
        finally:
            box.close()
        return
    if request.param == "memory":
        memory = MemoryHarness()
        memory.mailbox.open()
        yield memory
        memory.mailbox.close()
        return
    dovecot: DovecotServer = request.getfixturevalue("dovecot")
    user = new_user(dovecot)
    connect = CountingConnect()
    mailbox = ImapMailbox(dovecot.account(user.name), user.password, timeout=10, connect=connect)
    mailbox.open()
    try:
        yield ImapHarness(dovecot, user, connect, mailbox)
    finally:
        mailbox.close()


def terms_for(
    since: date = SINCE,
    *,
    addresses: Sequence[str] = (),
    domains: Sequence[str] = (),
    message_ids: Sequence[str] = (),
    company: str = "Northwind",
    own: Sequence[str] = (ME,),
    lexicon: Lexicon | None = None,
) -> SearchTerms:
    """Search terms for one tracked interview at ``company`` with these people, domains and
    thread ids (the Message-IDs of its events)."""
    interview = Interview(
        id=1,
        company=company,
        role="Engineer",
        at=datetime.combine(since, datetime.min.time(), UTC),
        contacts=tuple(Person("", a.lower()) for a in addresses),
        domains=tuple(domains),
    )
    events = tuple(
        Event(1, EventKind.REPLY, interview.at, message_id=i.strip("<>")) for i in message_ids
    )
    timeline = Timeline(interview, events)
    candidates = Candidates([timeline], lexicon or Lexicon(), own)
    return SearchTerms(since=since, candidates=candidates)
