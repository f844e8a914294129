"""The mailbox contract: what the engine needs from any mail server, and the errors beside it.

A backend lists its folders by role, fetches the messages that may concern the tracked
interviews incrementally (it reads the cheap headers of all mail since the search floor and
the bodies of the candidates only, and not even theirs when the headers settle them: see
:class:`SearchTerms`), and appends drafts. It never sends mail and never changes
flags of existing messages (fetches use BODY.PEEK or its equivalent, so nothing is marked
read).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Protocol

from watcher.errors import WatcherError
from watcher.mail import MalformedMessage, parse
from watcher.matching import Candidates
from watcher.models import Folders, FolderState, Message, RawMessage, RawPart
from watcher.record import field, record, replace
from watcher.settings import Account

__all__ = [
    "CHEAP_HEADERS",
    "FetchResult",
    "FolderState",
    "Folders",
    "Mailbox",
    "MailboxAuthError",
    "MailboxError",
    "RawMessage",
    "RawPart",
    "SearchTerms",
    "Secret",
    "Settle",
    "TokenSource",
]


class TokenSource(Protocol):
    """A sign-in that hands out OAuth access tokens (an account with ``client_secrets``).

    Both methods raise :class:`~watcher.credentials.SignInRefused` when only a new login helps,
    :class:`~watcher.credentials.SignInUnavailable` when a later retry may, and another
    :class:`~watcher.credentials.OAuthError` when the sign-in is unusable.
    """

    def access_token(self) -> str:
        """Return a valid access token, renewing it first if it has expired."""
        ...

    def refresh(self) -> None:
        """Renew the access token now (the server refused the one it had)."""
        ...


Secret = str | TokenSource
"""What opens an account: its password, or its Google sign-in."""


class MailboxError(WatcherError):
    """The server failed or could not be reached; retrying later may help."""


class MailboxAuthError(MailboxError):
    """The server refused the credentials; retrying will not help until the user fixes them."""


Settle = Callable[[Sequence[Message]], None]
"""Takes the candidates whose cheap headers settle how they are read (see
:meth:`SearchTerms.choose`), parsed from those headers."""


@record
class SearchTerms:
    """What to fetch: the mail since ``since`` (by INTERNALDATE) that ``candidates`` chooses
    from its cheap headers (:data:`CHEAP_HEADERS`), minus the Message-IDs in ``seen``.

    A backend reads the cheap headers of every message since ``since`` (of the new ones only,
    when it continues from a saved state), asks :meth:`choose` which are candidates, and reads
    the structure and text parts of those alone. Coverage does not depend on a list of
    addresses or domains being complete: every message is looked at. With no ``candidates``
    (nothing is tracked) nothing is fetched.

    With ``settle``, the candidates whose headers settle that they are no reply
    (:meth:`~watcher.matching.Candidates.settled`: list mail from a tracked company's own
    domain) are handed to it as :meth:`choose` finds them, parsed from their cheap headers,
    instead of being chosen: their bodies are never fetched. A backend that fetches again after
    a lost connection may hand the same message over twice.
    """

    since: date
    candidates: Candidates | None = None
    seen: frozenset[str] = frozenset()
    """Message-IDs (without angle brackets) read already in this check: not read again."""
    settle: Settle | None = field(default=None, compare=False)

    @property
    def empty(self) -> bool:
        return self.candidates is None

    def choose(
        self, heads: Sequence[RawMessage], account: str = "", learned: set[str] | None = None
    ) -> dict[int, str]:
        """Given messages fetched with their cheap headers only (no parts), in arrival order,
        return the UIDs of the candidates and why each is one. A reply to a message chosen
        earlier in ``heads`` (or named in ``learned``, which gets the Message-IDs of the
        candidates: pass the same set for the next heads of the folder) is chosen too. A
        message without a readable Date is judged by its other headers (a candidate is then
        fetched, and the engine reports it skipped); one whose headers cannot be read at all
        is no candidate. With :attr:`settle`, the candidates their headers settle go to it
        (once per call, in arrival order) and are left out of the answer."""
        if self.candidates is None:
            return {}
        chosen: dict[int, str] = {}
        settled: list[Message] = []
        learned = set() if learned is None else learned
        # The screen passes every block the choice may take (and few others), before parsing.
        screen = self.candidates.screen
        learned_lower = {i.lower() for i in learned}
        for raw in heads:
            if not screen.passes(raw.headers, learned_lower):
                continue
            try:
                message, dated = _parse_head(raw, account)
            except Exception:  # noqa: S112 - one hostile header block must not stop the rest
                continue
            reason = self.candidates.reason(message, learned)
            if reason is None:
                continue
            learned.add(message.message_id)
            learned_lower.add(message.message_id.lower())
            if message.message_id in self.seen:
                continue
            if self.settle is not None and dated and self._settled(message):
                settled.append(message)
            else:
                chosen[raw.uid] = reason
        if settled and self.settle is not None:
            self.settle(settled)
        return chosen

    def _settled(self, message: Message) -> bool:
        """Whether the candidates settle ``message`` by its headers; a header block that
        breaks the decision is no settled one (it is read whole, as any candidate)."""
        assert self.candidates is not None
        try:
            return self.candidates.settled(message)
        except Exception:  # one hostile header block must not stop the rest
            return False


_NO_DATE = b"Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"


def _parse_head(raw: RawMessage, account: str) -> tuple[Message, bool]:
    """Parse a message's cheap headers, and say whether its Date could be read: one without a
    readable Date gets a stand-in, since the choice never looks at the date."""
    try:
        return parse(raw, account), True
    except MalformedMessage:
        return parse(replace(raw, headers=_NO_DATE + _without_date(raw.headers)), account), False


def _without_date(headers: bytes) -> bytes:
    lines = headers.split(b"\n")
    kept: list[bytes] = []
    dropping = False
    for line in lines:
        if line[:1] in (b" ", b"\t") and dropping:
            continue
        dropping = line.lower().startswith(b"date:")
        if not dropping:
            kept.append(line)
    return b"\n".join(kept)


CHEAP_HEADERS = (
    "From",
    "Sender",
    "Reply-To",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "List-Id",
    "List-Unsubscribe",
    "Precedence",
    "Auto-Submitted",
    "X-Autoreply",
    "X-Autorespond",
    "Content-Type",
)
"""The headers read of every message since the search floor to choose the candidates."""


@record
class FetchResult:
    """New messages of one folder and the state to save once they are recorded."""

    messages: Sequence[RawMessage]
    state: FolderState
    rescanned: bool = False
    skipped: Sequence[str] = field(default_factory=tuple)
    """UIDs (as text) of messages nothing could be fetched of."""


class Mailbox(abc.ABC):
    """One mail account. Use as a context manager, or call :meth:`open` and :meth:`close`.

    Every method may raise :class:`MailboxError` (network, server) or
    :class:`MailboxAuthError` (credentials refused).
    """

    name: str

    @classmethod
    @abc.abstractmethod
    def from_account(cls, account: Account, secret: Secret) -> Mailbox:
        """Return the mailbox of a configured account (the registry's constructor), given its
        password or, for an account with ``client_secrets``, its Google sign-in. Raise
        ConfigError if the account is not of this backend's kind."""

    @property
    def idle_supported(self) -> bool:
        """Whether the server can push new mail (IMAP IDLE); False unless a backend says so."""
        return False

    @abc.abstractmethod
    def open(self) -> None:
        """Connect and log in."""

    @abc.abstractmethod
    def close(self) -> None:
        """Log out and disconnect; never raises."""

    def __enter__(self) -> Mailbox:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abc.abstractmethod
    def folders(self) -> Folders:
        """Return the inbox folders to watch and the Sent and Drafts folders."""

    @abc.abstractmethod
    def fetch(
        self, folder: str, state: FolderState | None, terms: SearchTerms, terms_key: str
    ) -> FetchResult:
        """Given a folder, its saved state (None the first time) and the search terms, return the
        candidates (:meth:`SearchTerms.choose`) among the messages that arrived since
        ``state``, with their headers and text parts, and the new state.

        The cheap headers of every new message are read; the structure and text parts of the
        candidates alone, except those :attr:`SearchTerms.settle` takes (handed to it during
        the fetch, and left out of the result). With no state, a changed UIDVALIDITY or a
        changed ``terms_key``, look at every message from ``terms.since`` (a bounded rescan).
        With nothing new, cost O(1) commands.
        """

    def wait_for_change(self, folder: str, timeout: float) -> bool:
        """Block until the server reports a change in ``folder`` (a push, such as IMAP IDLE) or
        ``timeout`` seconds pass; return whether something changed. Raise MailboxError at once
        when the connection dies. Only for backends whose :attr:`idle_supported` is True."""
        raise NotImplementedError(f"{type(self).__name__} cannot wait for changes")

    def interrupt(self) -> None:  # noqa: B027 - only backends that can wait need it
        """Wake a :meth:`wait_for_change` running in another thread (it then raises
        MailboxError); never raises."""

    @abc.abstractmethod
    def has_message(self, folder: str, message_id: str) -> bool:
        """Return True if ``folder`` holds a message whose Message-ID is ``message_id`` (angle
        brackets optional). Raise MailboxError if the folder does not exist."""

    @abc.abstractmethod
    def find(self, folder: str, message_id: str) -> RawMessage | None:
        """Return the message of ``folder`` whose Message-ID is ``message_id`` (angle brackets
        optional), with its headers and text parts as :meth:`fetch` gives them, or None when
        the folder holds none (the first found if it holds several copies): how `watcher why`
        looks at mail a check never fetched. Nothing is marked read. Raise MailboxError if the
        folder does not exist."""

    @abc.abstractmethod
    def append_draft(self, folder: str, message: bytes, when: datetime) -> None:
        """Store ``message`` (RFC 5322 bytes) in ``folder`` flagged as a draft."""
