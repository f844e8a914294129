"""The mailbox contract: what the engine needs from any mail server, and the errors beside it.

A backend lists its folders by role, fetches the messages that may concern the tracked
interviews incrementally, and appends drafts. It never sends mail and never changes flags of
existing messages (fetches use BODY.PEEK or its equivalent, so nothing is marked read).
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from watcher.errors import WatcherError
from watcher.models import Folders, FolderState, RawMessage, RawPart
from watcher.settings import Account

__all__ = [
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


@dataclass(frozen=True)
class SearchTerms:
    """What to look for: mail since ``since`` from or to these addresses or domains, or in the
    threads of these messages.

    ``domains`` holds the tracked companies' domains and the relay domains of applicant-tracking
    systems; ``addresses`` the tracked people. Domains match their subdomains too (the server's
    substring search is a superset; the core's matching decides).
    """

    since: date
    addresses: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    message_ids: tuple[str, ...] = ()
    """Message-IDs (without angle brackets) whose replies are wanted: mail whose In-Reply-To or
    References names one (a recruiter answering from a personal address)."""

    @property
    def empty(self) -> bool:
        return not self.addresses and not self.domains and not self.message_ids


@dataclass(frozen=True)
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
        messages that arrived since ``state`` and match ``terms``, and the new state.

        With no state, a changed UIDVALIDITY or a changed ``terms_key``, search the folder from
        ``terms.since`` (a bounded rescan). With nothing new, cost O(1) commands.
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
