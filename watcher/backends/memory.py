"""An in-process mailbox that obeys the same contract as the IMAP one, for tests.

Folders hold :class:`StoredMessage` tuples (uid, bytes, internal date, flags). A fetch works as
the IMAP backend's does: SINCE compares the date of the internal date, the header blocks of
the messages since then are given to :meth:`SearchTerms.choose`, and only the candidates are
cut and returned. Fetched messages are cut with
:func:`watcher.mail.split_message`, the same cut the IMAP backend makes part by part, with the
same caps (a part beyond them is cut or left out before anything is decoded); headers are read
from the header block only (:func:`watcher.mail.header_block`), however large the message.
``calls`` counts the operations as an IMAP server would count commands.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from watcher.backends.base import (
    FetchResult,
    Folders,
    FolderState,
    Mailbox,
    MailboxError,
    RawMessage,
    RawPart,
    SearchTerms,
)
from watcher.mail import (
    MalformedMessage,
    header_block,
    split_message,
)
from watcher.settings import Account

DRAFT = "\\Draft"
SEEN = "\\Seen"


class StoredMessage(NamedTuple):
    """One message of a folder: its UID, its bytes (CRLF line ends), INTERNALDATE and flags."""

    uid: int
    data: bytes
    internal_date: datetime
    flags: frozenset[str]


class MemoryMailbox(Mailbox):
    """A mailbox kept in memory. ``inbox`` lists the folders :meth:`folders` reports as the
    inbox; ``sent`` and ``drafts`` are the special-use folders (None, or a name not among
    ``folders``, means the server has none).

    Tests deliver mail with :meth:`deliver`, read drafts back with :meth:`drafts`, change a
    folder's UIDVALIDITY with :meth:`reset_uidvalidity` and make the next operation fail with
    :meth:`fail_next`.
    """

    idle_supported = False

    def __init__(
        self,
        name: str = "memory",
        *,
        folders: Sequence[str] = ("INBOX", "Sent", "Drafts"),
        inbox: Sequence[str] = ("INBOX",),
        sent: str | None = "Sent",
        drafts: str | None = "Drafts",
    ) -> None:
        self.name = name
        self.mail: dict[str, list[StoredMessage]] = {}
        self.uidvalidity: dict[str, int] = {}
        self.uidnext: dict[str, int] = {}
        self.calls: Counter[str] = Counter()
        self.opened = False
        self._inbox = tuple(inbox)
        self._sent = sent
        self._drafts = drafts
        self._failures: list[MailboxError] = []
        self._next_uidvalidity = 1000
        for folder in folders:
            self.create_folder(folder)

    @classmethod
    def from_account(cls, account: Account, secret: object) -> MemoryMailbox:
        """Return an empty mailbox with the account's folders and Sent and Drafts."""
        del secret
        folders = tuple(dict.fromkeys((*account.folders, "Sent", "Drafts")))
        return cls(account.name, folders=folders, inbox=account.folders)

    def __repr__(self) -> str:
        return f"MemoryMailbox({self.name!r}, folders={list(self.mail)})"

    # -- what tests use -------------------------------------------------------------------------

    def create_folder(self, folder: str) -> None:
        if folder in self.mail:
            raise ValueError(f"folder {folder!r} exists already")
        self.mail[folder] = []
        self.uidvalidity[folder] = self._new_uidvalidity()
        self.uidnext[folder] = 1

    def deliver(
        self,
        folder: str,
        data: bytes,
        internal_date: datetime,
        flags: Sequence[str] = (),
    ) -> int:
        """Add a message to ``folder`` (as a server's delivery would) and return its UID."""
        _require_aware(internal_date, "internal_date")
        messages = self._folder(folder)
        uid = self.uidnext[folder]
        self.uidnext[folder] = uid + 1
        data = re.sub(rb"\r?\n", b"\r\n", data)
        messages.append(StoredMessage(uid, data, internal_date, frozenset(flags)))
        return uid

    def messages(self, folder: str) -> list[StoredMessage]:
        """Return the messages of ``folder`` in UID order."""
        return list(self._folder(folder))

    def drafts(self, folder: str = "Drafts") -> list[bytes]:
        """Return the messages flagged \\Draft in ``folder``."""
        return [m.data for m in self._folder(folder) if DRAFT in m.flags]

    def reset_uidvalidity(self, folder: str) -> int:
        """Give ``folder`` a new UIDVALIDITY and renumber its messages from 1; return it."""
        messages = self._folder(folder)
        messages[:] = [m._replace(uid=uid) for uid, m in enumerate(messages, start=1)]
        self.uidnext[folder] = len(messages) + 1
        self.uidvalidity[folder] = self._new_uidvalidity()
        return self.uidvalidity[folder]

    def fail_next(self, error: MailboxError) -> None:
        """Make the next operation (folders, fetch or append_draft) raise ``error``."""
        self._failures.append(error)

    # -- the contract ---------------------------------------------------------------------------

    def open(self) -> None:
        self.calls["open"] += 1
        self.opened = True

    def close(self) -> None:
        self.calls["close"] += 1
        self.opened = False

    def folders(self) -> Folders:
        """Return the inbox folders and the special-use Sent and Drafts folders.

        Raise MailboxError if an inbox folder does not exist, naming the folders that do.
        """
        self._begin("list")
        missing = [f for f in self._inbox if f not in self.mail]
        if missing:
            raise MailboxError(
                f"{self.name}: the folders {missing} do not exist; the folders there are "
                f"{sorted(self.mail)}: fix the account's folders"
            )
        return Folders(
            inbox=self._inbox,
            sent=self._sent if self._sent in self.mail else None,
            drafts=self._drafts if self._drafts in self.mail else None,
        )

    def fetch(
        self, folder: str, state: FolderState | None, terms: SearchTerms, terms_key: str
    ) -> FetchResult:
        """See :meth:`Mailbox.fetch`; it behaves as the IMAP backend does, command for command."""
        self._begin("select")
        messages = self._folder(folder)
        uidvalidity, uidnext = self.uidvalidity[folder], self.uidnext[folder]
        continuing = (
            state is not None and state.uidvalidity == uidvalidity and state.terms_key == terms_key
        )
        if (
            continuing
            and state is not None
            and uidnext <= max(state.uidnext or 0, state.last_uid + 1)
        ):
            return FetchResult((), state)
        after = state.last_uid if continuing and state is not None else 0
        found: list[StoredMessage] = []
        if not terms.empty:
            self.calls["search"] += 1
            since = [m for m in messages if m.uid > after and m.internal_date.date() >= terms.since]
            if since:
                self.calls["fetch headers"] += 1
            chosen = terms.choose([_head(folder, m) for m in since], self.name)
            found = [m for m in since if m.uid in chosen]
        if found:
            self.calls["fetch"] += 1
        last_uid = max([after, uidnext - 1, *(m.uid for m in found)])
        return FetchResult(
            messages=tuple(_raw_message(folder, m) for m in found),
            state=FolderState(
                uidvalidity=uidvalidity,
                last_uid=last_uid,
                highest_modseq=None,
                uidnext=uidnext,
                terms_key=terms_key,
            ),
            rescanned=state is not None and not continuing,
        )

    def append_draft(self, folder: str, message: bytes, when: datetime) -> None:
        """Store ``message`` in ``folder`` flagged \\Draft and \\Seen, dated ``when``."""
        _require_aware(when, "when")
        self._begin("append")
        if folder not in self.mail:
            raise MailboxError(
                f'{self.name}: cannot save a draft: there is no folder "{folder}" '
                f"(folders: {sorted(self.mail)})"
            )
        self.deliver(folder, message, when, flags=(DRAFT, SEEN))

    def has_message(self, folder: str, message_id: str) -> bool:
        """Return True if ``folder`` holds a message whose Message-ID is ``message_id`` (angle
        brackets optional)."""
        self._begin("search")
        wanted = _bare_id(message_id)
        parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
        return bool(wanted) and any(
            _bare_id(str(value)) == wanted
            for message in self._folder(folder)
            for value in parser.parsebytes(header_block(message.data)).get_all("Message-ID") or ()
        )

    def find(self, folder: str, message_id: str) -> RawMessage | None:
        """See :meth:`Mailbox.find`."""
        self._begin("search")
        wanted = _bare_id(message_id)
        parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
        for message in self._folder(folder) if wanted else ():
            ids = parser.parsebytes(header_block(message.data)).get_all("Message-ID") or ()
            if any(_bare_id(str(value)) == wanted for value in ids):
                self.calls["fetch"] += 1
                return _raw_message(folder, message)
        return None

    # -- internals ------------------------------------------------------------------------------

    def _begin(self, operation: str) -> None:
        self.calls[operation] += 1
        if self._failures:
            raise self._failures.pop(0)

    def _folder(self, folder: str) -> list[StoredMessage]:
        try:
            return self.mail[folder]
        except KeyError:
            raise MailboxError(
                f'{self.name}: there is no folder "{folder}" (folders: {sorted(self.mail)})'
            ) from None

    def _new_uidvalidity(self) -> int:
        self._next_uidvalidity += 1
        return self._next_uidvalidity


def _head(folder: str, message: StoredMessage) -> RawMessage:
    """The message as a fetch of its cheap headers gives it: the header block, no parts."""
    block = header_block(message.data)
    parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
    content_type = parser.parsebytes(block).get_content_type()
    return RawMessage(folder, message.uid, message.internal_date, block, (), content_type)


def _raw_message(folder: str, message: StoredMessage) -> RawMessage:
    try:
        cut = split_message(message.data, folder, message.uid, message.internal_date)
    except MalformedMessage:
        parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32)
        headers = message.data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
        content_type = parsed.parsebytes(headers).get_content_type()
        return RawMessage(folder, message.uid, message.internal_date, headers, (), content_type)
    parts = tuple(
        RawPart(
            content_type=part.content_type,
            payload=part.payload,
            charset=part.charset,
            encoding=part.encoding,
            params=part.params,
        )
        for part in cut.parts
    )
    return RawMessage(
        folder=folder,
        uid=message.uid,
        internal_date=message.internal_date,
        headers=cut.headers,
        parts=parts,
        content_type=cut.content_type,
    )


def _bare_id(message_id: str) -> str:
    return message_id.strip().removeprefix("<").removesuffix(">").strip()


def _require_aware(when: datetime, name: str) -> None:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{name} {when.isoformat()} has no time zone")
