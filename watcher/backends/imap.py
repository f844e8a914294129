"""IMAP mailboxes through imapclient (the only module that imports it).

RFC 3501 (IMAP4rev1) with RFC 6154 (special-use folders) and RFC 7162 (CONDSTORE) where the
server offers them. Every fetch opens the folder read-only (EXAMINE) and uses BODY.PEEK, so nothing
is ever marked read. A check with nothing new costs one command: the EXAMINE response carries
UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ. Otherwise one SEARCH lists the new messages since the
search floor (as ranges where the server offers ESEARCH), one FETCH of their cheap headers (a
few fields, UIDs sent as ranges) is read as it arrives while the core chooses the candidates
batch by batch, and only the candidates' header blocks and text leaf parts are downloaded (none
of those the headers settle); attachments stay on the server.

Every error of the server or the network becomes a :class:`MailboxError` (or
:class:`MailboxAuthError` for refused credentials) whose message names the account and the fix.
The password never appears in a message or a log line.

An account with a Google sign-in (``client_secrets``, such as Gmail's IMAP server) logs in with
XOAUTH2 instead: the access token of its sign-in (a
:class:`~watcher.backends.base.TokenSource`) is asked for at every (re)connect, so an expired one
is refreshed first. This module never imports the OAuth code (or google-auth) itself.
"""

from __future__ import annotations

import bisect
import contextlib
import email.parser
import email.policy
import itertools
import re
import socket
import ssl
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import CapabilityError, LoginError
from imapclient.imapclient import DRAFT, DRAFTS, SEEN, SENT

from watcher.backends.base import (
    CHEAP_HEADERS,
    FetchResult,
    Folders,
    FolderState,
    Mailbox,
    MailboxAuthError,
    MailboxError,
    RawMessage,
    RawPart,
    SearchTerms,
    Secret,
    TokenSource,
)
from watcher.credentials import OAuthError, SignInUnavailable, login_hint
from watcher.errors import ConfigError
from watcher.logsetup import get_logger
from watcher.mail import (
    LEAF_TYPES,
    MAX_DEPTH,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TEXT_BYTES,
    fetched_type,
    leaf_filename,
)
from watcher.record import record, replace
from watcher.settings import Account, ImapAccount, is_loopback

log = get_logger(__name__)

_T = TypeVar("_T")

FETCH_CHUNK = 500
"""UIDs per FETCH command of whole messages (structure, header, text parts)."""

HEADERS_CHUNK = 2000
"""UIDs per FETCH command of the cheap headers when they are read through imapclient (the
fallback: see :func:`_scan_header_blocks`)."""

SCAN_RANGES_CHARS = 8000
"""Characters of UID ranges per FETCH command of the header scan: most scans are one command
(the UIDs since the floor are mostly consecutive); servers take lines of 8 KB at least (RFC
7162 section 4), Dovecot 64 KB."""

SCAN_BATCH = 1000
"""Header blocks handed to the choice at a time while the rest of the answer still arrives."""

_HEADS_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(h.upper() for h in CHEAP_HEADERS)})]"

__all__ = ["MAX_PART_BYTES", "ImapMailbox", "TextLeaf", "text_leaves"]

SENT_NAMES = (
    "[Gmail]/Sent Mail",
    "[Google Mail]/Sent Mail",
    "Sent",
    "Sent Items",
    "Sent Messages",
    "INBOX.Sent",
    "INBOX/Sent",
)
DRAFTS_NAMES = ("[Gmail]/Drafts", "[Google Mail]/Drafts", "Drafts", "INBOX.Drafts", "INBOX/Drafts")
"""Folder names tried, in order, when no folder carries the special-use flag."""

# What imapclient raises on a FETCH response it cannot read: a server's error, a malformed
# answer, or one nested deeper than its recursive parser goes (a crafted BODYSTRUCTURE).
_UNREADABLE = (IMAPClient.Error, ValueError, TypeError, IndexError, RecursionError)

# RFC 5530 response codes of a LOGIN refused for a reason other than the credentials.
_TRANSIENT_LOGIN_CODES = ("[UNAVAILABLE]", "[SERVERBUG]", "[INUSE]", "[LIMIT]")

Connect = Callable[..., Any]
"""How a connection is made: called like :class:`imapclient.IMAPClient` with ``host`` and the
keywords ``port``, ``ssl``, ``ssl_context`` and ``timeout``; returns a connected client."""


class _ConnectionLost(Exception):
    """The connection broke in the middle of an operation (raised inside this module only)."""


@record
class TextLeaf:
    """A text leaf part to fetch: its section number (RFC 3501 section 6.4.5), its type and
    Content-Type parameters (names lower case), charset and encoding (lower case), size, and
    how many of its bytes to fetch (``limit``: a larger part is fetched partially, so a 20 MB
    part is never downloaded whole; see :data:`watcher.mail.MAX_PART_BYTES`)."""

    section: str
    content_type: str
    charset: str
    encoding: str
    params: tuple[tuple[str, str], ...]
    size: int
    limit: int = MAX_PART_BYTES

    @property
    def item(self) -> str:
        """The FETCH item that reads it without setting \\Seen."""
        if self.size > self.limit:
            return f"BODY.PEEK[{self.section}]<0.{self.limit}>"
        return f"BODY.PEEK[{self.section}]"

    @property
    def key(self) -> bytes:
        """The key of its data in imapclient's FETCH response."""
        suffix = "<0>" if self.size > self.limit else ""
        return f"BODY[{self.section}]{suffix}".encode("ascii")


@dataclass
class _Envelope:
    """What the first FETCH of a message gave: its date, header block and text leaf parts."""

    uid: int
    internal_date: datetime | None
    headers: bytes
    content_type: str
    leaves: tuple[TextLeaf, ...]


class ImapMailbox(Mailbox):
    """One IMAP account: a single connection, opened on first use and again after it breaks.

    ``password`` is the account's password, or its Google sign-in for an XOAUTH2 login.
    ``connect`` is the seam where the connection is made (tests wrap or replace it); it
    defaults to :class:`imapclient.IMAPClient`. ``timeout`` bounds the connect and every read,
    in seconds.
    """

    def __init__(
        self,
        account: ImapAccount,
        password: Secret,
        *,
        timeout: float = 30.0,
        connect: Connect | None = None,
    ) -> None:
        self.name = account.name
        self.account = account
        self._password = password
        self._timeout = timeout
        self._connect: Connect = connect if connect is not None else IMAPClient
        self._client: Any = None
        self._capabilities: frozenset[bytes] = frozenset()
        self._interrupted = threading.Event()
        """Set by :meth:`interrupt`, for good: no connection is made again after it."""

    @classmethod
    def from_account(cls, account: Account, secret: Secret) -> ImapMailbox:
        """Return the mailbox of a configured account (the registry's constructor), given its
        password or, for an account with ``client_secrets``, its Google sign-in (XOAUTH2).
        Raise ConfigError for an account of another backend."""
        if not isinstance(account, ImapAccount):
            raise ConfigError(
                f"accounts.{account.name}", [f"backend {account.backend} is not an IMAP account"]
            )
        return cls(account, secret, timeout=account.timeout)

    def __repr__(self) -> str:
        return f"ImapMailbox({self.name!r}, {self._where})"

    @property
    def _where(self) -> str:
        host = self.account.host
        host = f"[{host}]" if ":" in host else host
        return f"{host}:{self.account.port}"

    @property
    def idle_supported(self) -> bool:
        """Whether the server offers IDLE (RFC 2177); False until the first connection."""
        return b"IDLE" in self._capabilities

    # -- connection -----------------------------------------------------------------------------

    def open(self) -> None:
        """Connect and log in (nothing happens if already connected).

        Raise MailboxAuthError if the credentials are refused, MailboxError otherwise.
        """
        if self._client is not None:
            return
        self._refuse_if_interrupted()
        client = self._dial()
        if self._interrupted.is_set():  # interrupted while the server was greeting us
            _shutdown(client)
            self._refuse_if_interrupted()
        try:
            self._login(client)
            capabilities = frozenset(bytes(c).upper() for c in client.capabilities())
            # CONDSTORE makes EXAMINE report HIGHESTMODSEQ (RFC 7162 section 3.1.8).
            if b"CONDSTORE" in capabilities and b"ENABLE" in capabilities:
                client.enable("CONDSTORE")
        except MailboxError:
            _shutdown(client)
            raise
        except IMAPClient.AbortError as error:
            _shutdown(client)
            raise MailboxError(
                f"{self.name}: {self._where} closed the connection while logging in ({error}); "
                "try again later"
            ) from None
        except (IMAPClient.Error, OSError) as error:
            _shutdown(client)
            raise MailboxError(
                f"{self.name}: logging in to {self._where} failed ({error}); try again later"
            ) from None
        # Aware datetimes with the server's offset, not naive local times.
        client.normalise_times = False
        self._client = client
        self._capabilities = capabilities

    def close(self) -> None:
        """Log out and disconnect; never raises."""
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except Exception:  # closing must never fail: the connection may be dead already
            _shutdown(client)

    def _dial(self) -> Any:
        """Return a connected client, encrypted as the account asks; raise MailboxError."""
        account = self.account
        context: ssl.SSLContext | None = None
        if account.tls == "none":
            if not is_loopback(account.host):
                raise MailboxError(
                    f'{self.name}: tls = "none" would send the password in plaintext to '
                    f'{account.host}: use "ssl" or "starttls"'
                )
        else:
            try:
                context = ssl.create_default_context(
                    cafile=str(account.ca_file) if account.ca_file else None
                )
            except OSError as error:
                raise MailboxError(
                    f"{self.name}: cannot read ca_file {account.ca_file} "
                    f"({error.strerror or error}): point ca_file at the PEM certificate of the "
                    "server's authority"
                ) from None
        try:
            client = self._connect(
                account.host,
                port=account.port,
                ssl=account.tls == "ssl",
                ssl_context=context,
                timeout=self._timeout,
            )
        except (OSError, IMAPClient.Error) as error:
            raise self._connect_error(error) from None
        if account.tls == "starttls":
            try:
                client.starttls(context)
            except CapabilityError:
                _shutdown(client)
                raise MailboxError(
                    f'{self.name}: {self._where} does not offer STARTTLS: use tls = "ssl" '
                    "(usually port 993)"
                ) from None
            except (OSError, IMAPClient.Error) as error:
                _shutdown(client)
                raise self._connect_error(error) from None
        return client

    def _connect_error(self, error: BaseException) -> MailboxError:
        where, name = self._where, self.name
        if isinstance(error, ssl.SSLCertVerificationError):
            reason = error.verify_message or str(error)
            if self.account.ca_file is None:
                fix = (
                    "if the server uses its own certificate authority or a self-signed "
                    "certificate, set ca_file in the account to that certificate (PEM)"
                )
            else:
                fix = f"check that ca_file ({self.account.ca_file}) is the server's authority"
            return MailboxError(
                f"{name}: the TLS certificate of {where} could not be verified ({reason}): {fix}"
            )
        if isinstance(error, ssl.SSLError):
            return MailboxError(
                f"{name}: the TLS handshake with {where} failed ({error.reason or error}): check "
                'tls ("ssl" for port 993, "starttls" for port 143)'
            )
        if isinstance(error, TimeoutError):
            return MailboxError(
                f"{name}: {where} did not answer within {self._timeout:g} s: check host, port "
                "and the network"
            )
        if isinstance(error, ConnectionRefusedError):
            return MailboxError(
                f"{name}: {where} refused the connection: check host and port, and that the "
                "server is running"
            )
        if isinstance(error, socket.gaierror):
            return MailboxError(
                f"{name}: cannot resolve {self.account.host} ({error.strerror}): check the host "
                "name and the network"
            )
        return MailboxError(f"{name}: cannot connect to {where} ({error}): try again later")

    def _login(self, client: Any) -> None:
        username, password = self.account.username, self._password
        if not isinstance(password, str):
            self._oauth2_login(client, password)
            return
        try:
            try:
                client.login(username, password)
            except UnicodeEncodeError:
                # LOGIN takes ASCII only; AUTHENTICATE PLAIN (RFC 4616) carries UTF-8.
                client.plain_login(username, password)
        except LoginError as error:
            reason = _scrub(_server_text(error), password)
            if any(code in reason for code in _TRANSIENT_LOGIN_CODES):
                raise MailboxError(
                    f"{self.name}: {self._where} cannot log in {username!r} right now "
                    f"({reason}); try again later"
                ) from None
            if "[PRIVACYREQUIRED]" in reason:
                raise MailboxError(
                    f"{self.name}: {self._where} refuses passwords without encryption: use tls = "
                    '"ssl" or "starttls"'
                ) from None
            raise MailboxAuthError(
                f"{self.name}: {self._where} refused the login of {username!r} ({reason}): check "
                f"the username and password (`watcher auth set {self.name}`, or the account's "
                "password_command)"
            ) from None

    def _oauth2_login(self, client: Any, session: TokenSource) -> None:
        """Log in with XOAUTH2 and a valid access token of ``session``. A token the server
        refuses is refreshed once and tried again (it may have been revoked or have expired
        early); refused again, or refused by Google's token server, it is a MailboxAuthError
        that asks for a new login."""
        username = self.account.username
        mechanisms = {
            bytes(c).upper().removeprefix(b"AUTH=")
            for c in client.capabilities()
            if bytes(c).upper().startswith(b"AUTH=")
        }
        if mechanisms and b"XOAUTH2" not in mechanisms:
            raise MailboxAuthError(
                f"{self.name}: {self._where} does not offer XOAUTH2 (an OAuth login): remove "
                "client_secrets from the account and log in with a password"
            )
        refreshed = False
        while True:
            try:
                if refreshed:
                    session.refresh()
                token = session.access_token()
            except SignInUnavailable as error:
                raise MailboxError(f"{self.name}: {error}") from None
            except OAuthError as error:  # SignInRefused and the rest: only a login helps
                reason = str(error)
                hint = login_hint(self.name)
                raise MailboxAuthError(
                    f"{self.name}: {reason}" if hint in reason else f"{self.name}: {reason}: {hint}"
                ) from None
            try:
                client.oauth2_login(username, token)
                return
            except LoginError as error:
                reason = _scrub(_server_text(error), token)
            if any(code in reason for code in _TRANSIENT_LOGIN_CODES):
                raise MailboxError(
                    f"{self.name}: {self._where} cannot log in {username!r} right now "
                    f"({reason}); try again later"
                )
            if refreshed:
                raise MailboxAuthError(
                    f"{self.name}: {self._where} refused the Google sign-in of {username!r} "
                    f"({reason}): check that username is the address of the Google account "
                    f"you signed in with, then {login_hint(self.name)}"
                )
            log.info(
                "the server refused the access token; renewing it",
                account=self.name,
                server=self._where,
                reason=reason,
            )
            refreshed = True

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            _shutdown(client)

    def _run(self, action: str, operation: Callable[[Any], _T], *, retry: bool) -> _T:
        """Run ``operation`` on the connection (opening it first), turning errors into
        MailboxError. A connection found broken is dropped; a read-only operation (``retry``)
        that found an old connection broken is tried once more on a new one (servers and
        routers close idle connections)."""
        reused = self._client is not None
        self.open()
        try:
            return self._attempt(action, operation)
        except _ConnectionLost as lost:
            if not (retry and reused):
                raise MailboxError(str(lost)) from None
            log.info("the connection was lost; reconnecting", account=self.name, error=str(lost))
        self.open()
        try:
            return self._attempt(action, operation)
        except _ConnectionLost as lost:
            raise MailboxError(str(lost)) from None

    def _attempt(self, action: str, operation: Callable[[Any], _T]) -> _T:
        try:
            return operation(self._client)
        except IMAPClient.AbortError as error:
            self._drop()
            raise _ConnectionLost(
                f"{self.name}: lost the connection to {self._where} while {action} ({error}); "
                "the next check reconnects"
            ) from None
        except OSError as error:
            self._drop()
            what = "no answer in time" if isinstance(error, TimeoutError) else str(error)
            raise _ConnectionLost(
                f"{self.name}: lost the connection to {self._where} while {action} ({what}); "
                "the next check reconnects"
            ) from None
        except IMAPClient.Error as error:
            raise MailboxError(
                f"{self.name}: {self._where} failed while {action} ({error})"
            ) from None

    # -- push ---------------------------------------------------------------------------------

    def interrupt(self) -> None:
        """Break what another thread waits on (a wait_for_change, or a command a stalled server
        does not answer) by shutting the socket down under it; from then on this mailbox
        refuses to connect again, so an aborted check cannot go on in the background. (A
        connection still in its greeting has no socket to reach yet: it stops once the greeting
        ends, or at its timeout.)"""
        self._interrupted.set()
        client = self._client
        if client is not None:
            with contextlib.suppress(Exception):
                client.socket().shutdown(socket.SHUT_RDWR)

    def _refuse_if_interrupted(self) -> None:
        if self._interrupted.is_set():
            raise MailboxError(f"{self.name}: stopped (the check gave up on this server)")

    def wait_for_change(self, folder: str, timeout: float) -> bool:
        """IDLE (RFC 2177) on ``folder`` for up to ``timeout`` seconds; see
        :meth:`Mailbox.wait_for_change`. Servers drop an IDLE after 30 minutes at the latest
        (RFC 2177 section 3): callers re-issue it well before, with a shorter ``timeout``."""

        def idle(client: Any) -> bool:
            client.select_folder(folder, readonly=True)
            client.idle()
            started = time.monotonic()
            try:
                responses = client.idle_check(timeout=timeout)
            finally:
                with contextlib.suppress(IMAPClient.Error, OSError):
                    client.idle_done()
            elapsed = time.monotonic() - started
            if any(_is_bye(r) for r in responses) or (not responses and elapsed < timeout - 0.5):
                # A dead connection wakes IDLE at once with nothing (or says BYE): it is not
                # "no news", and the next command would fail anyway.
                raise IMAPClient.AbortError("the server ended the IDLE")
            # Only news of messages counts: servers also send keepalives ("* OK Still here").
            return any(_is_change(r) for r in responses)

        return self._run(f"waiting for mail in {folder}", idle, retry=False)

    # -- folders --------------------------------------------------------------------------------

    def folders(self) -> Folders:
        """Return the configured inbox folders and the Sent and Drafts folders.

        Sent and Drafts are found by their special-use flags (RFC 6154), else by the usual names
        (Gmail's first); either is None when there is none. Raise MailboxError if a configured
        folder does not exist, naming the folders that do.
        """
        listing = self._run("listing the folders", lambda c: c.list_folders(), retry=True)
        return self._folders_from(listing)

    def _folders_from(self, listing: Iterable[tuple[Any, Any, Any]]) -> Folders:
        selectable: dict[str, frozenset[bytes]] = {}
        for flags, _delimiter, name in listing:
            upper = frozenset(bytes(flag).upper() for flag in flags or ())
            if b"\\NOSELECT" in upper or b"\\NONEXISTENT" in upper:
                continue
            selectable[str(name)] = upper
        inbox: list[str] = []
        missing: list[str] = []
        for wanted in self.account.folders:
            found = _find_name(selectable, wanted)
            (inbox if found else missing).append(found or wanted)
        if missing:
            names = sorted(selectable, key=lambda n: (n.upper() != "INBOX", n.lower()))
            shown = ", ".join(f'"{n}"' for n in names[:30]) + (", ..." if len(names) > 30 else "")
            plural = "s do" if len(missing) > 1 else " does"
            raise MailboxError(
                f"{self.name}: the folder{plural} not exist on {self._where}: "
                f"{', '.join(repr(m) for m in missing)}; the folders there are {shown or 'none'}: "
                "fix the account's folders"
            )
        return Folders(
            inbox=tuple(dict.fromkeys(inbox)),
            sent=_special_folder(selectable, SENT, SENT_NAMES),
            drafts=_special_folder(selectable, DRAFTS, DRAFTS_NAMES),
        )

    # -- fetch ----------------------------------------------------------------------------------

    def fetch(
        self, folder: str, state: FolderState | None, terms: SearchTerms, terms_key: str
    ) -> FetchResult:
        """Given a folder, its saved state (None the first time) and the search terms, return the
        messages that arrived since ``state`` and match ``terms``, and the new state.

        The folder is opened read-only. With no state, a changed UIDVALIDITY or a changed
        ``terms_key`` the search covers the folder from ``terms.since`` (``rescanned`` is True
        when there was a state); otherwise only UIDs above ``state.last_uid``. With nothing new
        (UIDNEXT unchanged) it costs one command. A message whose structure cannot be read
        comes with its headers and no parts; one that cannot be read at all is listed in
        ``skipped`` by UID. Raise MailboxError if the folder does not exist or the server fails.
        """
        return self._run(
            f'checking "{folder}"',
            lambda client: self._fetch(client, folder, state, terms, terms_key),
            retry=True,
        )

    def _fetch(
        self,
        client: Any,
        folder: str,
        state: FolderState | None,
        terms: SearchTerms,
        terms_key: str,
    ) -> FetchResult:
        response = self._examine(client, folder)
        uidvalidity = _int_or_none(response.get(b"UIDVALIDITY"))
        if uidvalidity is None:
            raise MailboxError(
                f'{self.name}: {self._where} gave no UIDVALIDITY for "{folder}" (RFC 3501 requires '
                "one); this server cannot be watched"
            )
        uidnext = _int_or_none(response.get(b"UIDNEXT"))
        modseq = _int_or_none(response.get(b"HIGHESTMODSEQ"))

        continuing = (
            state is not None and state.uidvalidity == uidvalidity and state.terms_key == terms_key
        )
        # Every UID below the saved UIDNEXT (and up to last_uid) was searched already.
        if (
            continuing
            and state is not None
            and uidnext is not None
            and uidnext <= max(state.uidnext or 0, state.last_uid + 1)
        ):
            return FetchResult((), state)

        after = state.last_uid if continuing and state is not None else 0
        uids = self._search(client, terms, after)
        chosen: list[int] = []
        skipped: list[str] = []
        learned: set[str] = set()
        for heads, lost in self._scan_heads(client, folder, uids):
            chosen.extend(terms.choose(heads, self.name, learned))
            skipped.extend(str(uid) for uid in lost)
        chosen.sort()
        messages: list[RawMessage] = []
        for start in range(0, len(chosen), FETCH_CHUNK):
            got, lost = self._fetch_chunk(client, folder, chosen[start : start + FETCH_CHUNK])
            messages.extend(got)
            skipped.extend(str(uid) for uid in lost)

        last_uid = max(after, uids[-1] if uids else 0, (uidnext or 1) - 1)
        new_state = FolderState(
            uidvalidity=uidvalidity,
            last_uid=last_uid,
            highest_modseq=modseq,
            uidnext=max(uidnext, last_uid + 1) if uidnext is not None else None,
            terms_key=terms_key,
        )
        return FetchResult(
            messages=tuple(messages),
            state=new_state,
            rescanned=state is not None and not continuing,
            skipped=tuple(skipped),
        )

    def _examine(self, client: Any, folder: str) -> dict[bytes, Any]:
        """Open ``folder`` read-only (EXAMINE) and return the response; MailboxError if it
        does not exist."""
        try:
            response: dict[bytes, Any] = client.select_folder(folder, readonly=True)
        except IMAPClient.AbortError:
            raise
        except IMAPClient.Error as error:
            raise MailboxError(
                f'{self.name}: cannot open the folder "{folder}" on {self._where} ({error}): '
                "check the account's folders"
            ) from None
        return response

    def _search(self, client: Any, terms: SearchTerms, after: int) -> array[int]:
        """Return the UIDs since ``terms.since`` and above ``after``, sorted (an array: a first
        check of a large folder has a hundred thousand); none if the terms are empty.

        A server that offers ESEARCH (RFC 4731) is asked for them as ranges (``RETURN (ALL)``):
        they then come as a short line instead of one number each, which imapclient would read
        into as many objects."""
        if terms.empty:
            return array("L")
        criteria: list[Any] = ["SINCE", terms.since]
        if after:
            # "n:*" always matches the last message, even below n (RFC 3501 section 6.4.8).
            criteria += ["UID", f"{after + 1}:*"]
        imap = getattr(client, "_imap", None)
        if b"ESEARCH" in self._capabilities and imap is not None:
            since = terms.since
            words = ["SINCE", f"{since.day}-{_MONTHS[since.month - 1]}-{since.year}", *criteria[2:]]
            tag = imap._command("UID", "SEARCH", "RETURN", "(ALL)", *words)
            typ, data = imap._command_complete("SEARCH", tag)
            client._checkok("search", typ, data)
            typ, data = imap._untagged_response(typ, data, "ESEARCH")
            found = _esearch_uids(data)
        else:
            found = array("L", sorted({int(uid) for uid in client.search(criteria)}))
        return found[bisect.bisect_right(found, after) :]

    def _scan_heads(
        self, client: Any, folder: str, uids: Sequence[int]
    ) -> Iterator[tuple[list[RawMessage], list[int]]]:
        """Yield the cheap headers of ``uids`` (:data:`CHEAP_HEADERS`) as messages without
        parts, in batches of :data:`SCAN_BATCH` in UID order while the server still sends the
        rest, each with the UIDs that could not be read at all.

        The answer is read as it arrives (:func:`_scan_header_blocks`), so the choice works
        while the server reads the next messages. Blocks the scan did not get (an answer of
        another shape, a server's NO) are fetched again through imapclient, in chunks that are
        split down to single messages when its parser rejects them."""
        missing: list[int] = []
        for start, end in _scan_commands(uids):
            wanted = uids[start:end]
            got = bytearray(len(wanted))  # by place in wanted: no set of a hundred thousand
            batch: list[RawMessage] = []
            for place, block in _scan_header_blocks(client, wanted):
                if got[place]:
                    continue
                got[place] = 1
                batch.append(RawMessage(folder, wanted[place], None, block, (), ""))
                if len(batch) >= SCAN_BATCH:
                    yield batch, []
                    batch = []
            if batch:
                yield batch, []
            missing += [uid for uid, seen in zip(wanted, got, strict=True) if not seen]
        if missing:
            log.info("the header scan missed messages; reading them again", messages=len(missing))
        for start in range(0, len(missing), HEADERS_CHUNK):
            yield self._fetch_heads(client, folder, missing[start : start + HEADERS_CHUNK])

    def _fetch_heads(
        self, client: Any, folder: str, uids: Sequence[int]
    ) -> tuple[list[RawMessage], list[int]]:
        """Fetch the cheap headers (:data:`CHEAP_HEADERS`) of ``uids``, as messages without
        parts; return them in UID order and the UIDs that could not be read at all."""
        try:
            blocks = _fetch_header_blocks(client, uids)
        except IMAPClient.AbortError:
            raise
        except _UNREADABLE as error:
            if len(uids) == 1:
                log.info("cannot fetch the headers of a message", account=self.name, uid=uids[0])
                return [], list(uids)
            log.info(
                "a FETCH of headers failed; splitting it",
                account=self.name,
                messages=len(uids),
                error=str(error),
            )
            middle = len(uids) // 2
            first, lost_first = self._fetch_heads(client, folder, uids[:middle])
            second, lost_second = self._fetch_heads(client, folder, uids[middle:])
            return first + second, lost_first + lost_second
        heads = [
            RawMessage(folder, uid, None, blocks[uid], (), "") for uid in uids if uid in blocks
        ]
        return heads, []

    def _fetch_chunk(
        self, client: Any, folder: str, uids: Sequence[int]
    ) -> tuple[list[RawMessage], list[int]]:
        """Fetch the headers, structure and text parts of ``uids``; return the messages and the
        UIDs that could not be read at all."""
        items = ["BODYSTRUCTURE", "INTERNALDATE", "BODY.PEEK[HEADER]"]
        envelopes: list[_Envelope] = []
        lost: list[int] = []
        try:
            response = client.fetch(list(uids), items)
        except IMAPClient.AbortError:
            raise
        except _UNREADABLE as error:
            # One message the parser chokes on spoils the chunk: read them one by one.
            log.info(
                "a FETCH failed; reading one by one",
                account=self.name,
                messages=len(uids),
                error=str(error),
            )
            for uid in uids:
                envelope = self._fetch_one(client, uid)
                if envelope is None:
                    lost.append(uid)
                else:
                    envelopes.append(envelope)
        else:
            envelopes = [
                _envelope(uid, response[uid], self.name) for uid in uids if uid in response
            ]

        bodies: dict[int, dict[bytes, Any]] = {}
        groups: dict[tuple[str, ...], list[int]] = {}
        for envelope in envelopes:
            if envelope.leaves:
                sections = tuple(leaf.item for leaf in envelope.leaves)
                groups.setdefault(sections, []).append(envelope.uid)
        for fetch_items, group in groups.items():
            # One FETCH per distinct set of sections (most mail shares a handful of shapes): a
            # round trip per message would cost seconds against a distant server.
            bodies.update(self._fetch_bodies(client, group, list(fetch_items)))
        messages = [
            RawMessage(
                folder=folder,
                uid=envelope.uid,
                internal_date=envelope.internal_date,
                headers=envelope.headers,
                parts=()
                if envelope.uid not in bodies
                else tuple(
                    RawPart(
                        content_type=leaf.content_type,
                        payload=_as_bytes(bodies[envelope.uid].get(leaf.key)),
                        charset=leaf.charset,
                        encoding=leaf.encoding,
                        params=leaf.params,
                    )
                    for leaf in envelope.leaves
                ),
                content_type=envelope.content_type,
            )
            for envelope in envelopes
        ]
        return messages, lost

    def _fetch_bodies(
        self, client: Any, uids: Sequence[int], items: Sequence[str]
    ) -> dict[int, dict[bytes, Any]]:
        """Fetch the text parts ``items`` of ``uids``; a message whose parts cannot be read
        is left out (it comes without parts)."""
        try:
            return {int(uid): data for uid, data in client.fetch(list(uids), items).items()}
        except IMAPClient.AbortError:
            raise
        except _UNREADABLE as error:
            if len(uids) == 1:
                log.info(
                    "cannot fetch the text of a message",
                    account=self.name,
                    uid=uids[0],
                    error=str(error),
                )
                return {}
        bodies: dict[int, dict[bytes, Any]] = {}
        for uid in uids:
            bodies.update(self._fetch_bodies(client, [uid], items))
        return bodies

    def _fetch_one(self, client: Any, uid: int) -> _Envelope | None:
        """Fetch one message's envelope, without its structure if that cannot be parsed."""
        for items in (
            ["BODYSTRUCTURE", "INTERNALDATE", "BODY.PEEK[HEADER]"],
            ["INTERNALDATE", "BODY.PEEK[HEADER]"],
        ):
            try:
                data = client.fetch([uid], items).get(uid)
            except IMAPClient.AbortError:
                raise
            except _UNREADABLE as error:
                log.info(
                    "cannot fetch a part of a message",
                    account=self.name,
                    items=str(items),
                    uid=uid,
                    error=str(error),
                )
                continue
            return None if data is None else _envelope(uid, data, self.name)
        return None

    # -- drafts ---------------------------------------------------------------------------------

    def has_message(self, folder: str, message_id: str) -> bool:
        """Return True if ``folder`` holds a message whose Message-ID is ``message_id`` (angle
        brackets optional): how a draft saved just before a crash is found again.

        Raise MailboxError if the folder does not exist or the server fails.
        """
        wanted = _bare_id(message_id)
        if not wanted:
            return False
        return self._run(
            f'looking for a message in "{folder}"',
            lambda client: self._has_message(client, folder, wanted),
            retry=True,
        )

    def _has_message(self, client: Any, folder: str, wanted: str) -> bool:
        self._examine(client, folder)
        # SEARCH HEADER matches substrings: search the longest part that is safe to send as an
        # atom, then compare the candidates' Message-ID exactly.
        probe = max(re.split(r"[^A-Za-z0-9@._$+=-]+", wanted), key=len)
        uids = client.search(["HEADER", "Message-ID", probe] if probe else ["ALL"])
        if not uids:
            return False
        item = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
        candidates = sorted(int(uid) for uid in uids)
        for start in range(0, len(candidates), FETCH_CHUNK):
            chunk = candidates[start : start + FETCH_CHUNK]
            for data in client.fetch(chunk, [item]).values():
                blocks = [v for k, v in data.items() if bytes(k).startswith(b"BODY[HEADER.")]
                if any(wanted in _header_ids(block) for block in blocks):
                    return True
        return False

    def find(self, folder: str, message_id: str) -> RawMessage | None:
        """See :meth:`Mailbox.find`: SEARCH HEADER Message-ID (as :meth:`has_message`), then
        the headers and text parts of the first message whose Message-ID is exactly the one
        wanted. Raise MailboxError if the folder does not exist or the server fails."""
        wanted = _bare_id(message_id)
        if not wanted:
            return None
        return self._run(
            f'looking for a message in "{folder}"',
            lambda client: self._find(client, folder, wanted),
            retry=True,
        )

    def _find(self, client: Any, folder: str, wanted: str) -> RawMessage | None:
        self._examine(client, folder)
        probe = max(re.split(r"[^A-Za-z0-9@._$+=-]+", wanted), key=len)
        uids = client.search(["HEADER", "Message-ID", probe] if probe else ["ALL"])
        item = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
        candidates = sorted(int(uid) for uid in uids)
        for start in range(0, len(candidates), FETCH_CHUNK):
            chunk = candidates[start : start + FETCH_CHUNK]
            for uid, data in sorted(client.fetch(chunk, [item]).items()):
                blocks = [v for k, v in data.items() if bytes(k).startswith(b"BODY[HEADER.")]
                if any(wanted in _header_ids(block) for block in blocks):
                    got, _lost = self._fetch_chunk(client, folder, [int(uid)])
                    return got[0] if got else None
        return None

    def append_draft(self, folder: str, message: bytes, when: datetime) -> None:
        """Store ``message`` in ``folder`` flagged \\Draft and \\Seen, dated ``when``.

        Raise ValueError if ``when`` is naive, MailboxError if the folder does not exist or the
        server fails. Not retried on a broken connection: the draft may have been stored.
        """
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError(f"the draft's time {when.isoformat()} has no time zone")
        self._run(
            f'saving a draft in "{folder}"',
            lambda client: client.append(folder, message, flags=(DRAFT, SEEN), msg_time=when),
            retry=False,
        )


# ---------------------------------------------------------------------------------------------
# Pure helpers: search terms and BODYSTRUCTURE.


def _scan_commands(uids: Sequence[int]) -> list[tuple[int, int]]:
    """Given sorted UIDs, return the slices (start, end) of them that each FETCH command of the
    header scan names: as many as fit in :data:`SCAN_RANGES_CHARS` characters of ranges."""
    slices: list[tuple[int, int]] = []
    start = chars = 0
    for index, uid in enumerate(uids):
        joined = index > start and uid == uids[index - 1] + 1
        cost = 0 if joined else len(str(uid)) * 2 + 2  # "a:b," at most, for a new range
        if chars + cost > SCAN_RANGES_CHARS and index > start:
            slices.append((start, index))
            start, chars = index, len(str(uid)) * 2 + 2
        else:
            chars += cost
    if start < len(uids):
        slices.append((start, len(uids)))
    return slices


_SCAN_LINE = re.compile(
    rb"\* \d+ FETCH \(UID (\d+) BODY\[HEADER\.FIELDS \([^)\r\n]*\)\] \{(\d+)\}\r\n\Z"
)
"""An untagged FETCH answer of the header scan as Dovecot and most servers send it: the UID,
then the block as a literal (then only ``)`` on the next line)."""
_LITERAL_END = re.compile(rb"\{(\d+)\}\r?\n\Z")
_UNTAGGED_FETCH = re.compile(rb"\* (\d+) FETCH ")


def _scan_header_blocks(client: Any, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    """Send one FETCH of the cheap header block (:data:`_HEADS_ITEM`) of ``uids`` (sorted, as
    ranges) and yield (the UID's place in ``uids``, block) as the answer arrives, read straight
    from imaplib's connection: imapclient's ``fetch`` takes no ranges and parses the whole
    answer first, with a general parser that costs more than the server on a scan of many
    thousand blocks.

    A message answered in another shape than the one this reads (see
    :func:`_header_fetch_answer`), or not at all, or a FETCH the server refuses (NO) is left
    out: the caller reads what is missing again. A client without imaplib's connection (a
    test's fake) is read through imapclient, in chunks of :data:`HEADERS_CHUNK`. Raise
    IMAPClient.AbortError if the connection breaks or the server says BYE mid-answer (the
    connection cannot be trusted to be in step any more)."""
    imap = getattr(client, "_imap", None)
    if imap is None:
        for start in range(0, len(uids), HEADERS_CHUNK):
            blocks = _fetch_header_blocks(client, uids[start : start + HEADERS_CHUNK])
            for uid, block in blocks.items():
                place = _place(uids, uid)
                if place is not None:
                    yield place, block
        return
    tag: bytes = imap._command("UID", "FETCH", ",".join(_sequence_set(uids)), _HEADS_ITEM)
    ended = tag + b" "
    while True:
        line = _scan_line(imap)
        if line.startswith(ended):
            imap.tagged_commands.pop(tag, None)
            if not line[len(ended) :].upper().startswith(b"OK"):
                log.info("the server refused a FETCH of headers", answer=_shown(line))
            return
        fast = _SCAN_LINE.match(line)
        if fast is not None:
            block = _scan_read(imap, int(fast.group(2)))
            rest = _scan_line(imap)
            if rest == b")\r\n":
                place = _place(uids, int(fast.group(1)))
                if place is not None:
                    yield place, block
                continue
            parts = [line, block, rest]
        else:
            parts = [line]
        while (literal := _LITERAL_END.search(parts[-1])) is not None:
            parts += [_scan_read(imap, int(literal.group(1))), _scan_line(imap)]
        if parts[0].upper().startswith(b"* BYE"):
            raise IMAPClient.AbortError(f"the server ended the connection: {_shown(parts[0])}")
        if not parts[0].startswith(b"* "):
            raise IMAPClient.AbortError(f"an unexpected answer to a FETCH: {_shown(parts[0])}")
        found = _UNTAGGED_FETCH.match(parts[0])
        if found is None:
            continue  # EXISTS, EXPUNGE, OK...: nothing this scan needs
        # As imaplib gives it: the line after "* " without FETCH, each literal paired with
        # the line before it.
        head = found.group(1) + b" " + parts[0][found.end() :]
        lines = [head, *parts[2::2]]
        data: list[Any] = [
            (lines[i].rstrip(b"\r\n"), parts[2 * i + 1]) for i in range(len(lines) - 1)
        ]
        data.append(lines[-1].rstrip(b"\r\n"))
        for uid, block in (_header_fetch_answer(data) or {}).items():
            place = _place(uids, uid)
            if place is not None:
                yield place, block


def _place(uids: Sequence[int], uid: int) -> int | None:
    """Return where ``uid`` is in the sorted ``uids``, or None if it is not there."""
    place = bisect.bisect_left(uids, uid)
    return place if place < len(uids) and uids[place] == uid else None


SCAN_LITERAL_LIMIT = 64 << 20
"""Bytes a literal of the header scan may claim: a server that claims more (a header block of
a few fields is kilobytes; hostile mail's, a few MB) is cut off rather than believed."""


def _scan_line(imap: Any) -> bytes:
    """Read one line of the answer; a line the connection cannot give (the end of the stream,
    one over imaplib's limit) leaves the answer unread, so the connection is given up."""
    try:
        line: bytes = imap.readline()
    except IMAPClient.AbortError:
        raise
    except IMAPClient.Error as error:
        raise IMAPClient.AbortError(f"an unreadable answer to a FETCH ({error})") from None
    if not line:
        raise IMAPClient.AbortError("socket error: EOF")
    return line


def _scan_read(imap: Any, size: int) -> bytes:
    if size > SCAN_LITERAL_LIMIT:
        raise IMAPClient.AbortError(f"the server announced a header block of {size:,} bytes")
    data: bytes = imap.read(size)
    if len(data) < size:
        raise IMAPClient.AbortError("socket error: EOF")
    return data


def _shown(line: bytes) -> str:
    return line[:200].decode("ascii", "replace").strip()


def _fetch_header_blocks(client: Any, uids: Sequence[int]) -> dict[int, bytes]:
    """Return the cheap header block (:data:`_HEADS_ITEM`) of each of ``uids`` the server
    returned, by UID.

    The command names the UIDs as ranges and its answer is read here: imapclient's ``fetch``
    takes no ranges (it filters its answer by ``int`` of each UID given), and its general
    parser costs far more than the server on a scan of many thousand header blocks. An
    answer of another shape than the one this reads, or a client without imaplib's
    connection (a test's fake), is fetched again through imapclient with the UIDs listed.
    """
    wanted = set(uids)
    imap = getattr(client, "_imap", None)
    if imap is not None:
        tag = imap._command("UID", "FETCH", ",".join(_sequence_set(sorted(wanted))), _HEADS_ITEM)
        typ, data = imap._command_complete("FETCH", tag)
        client._checkok("fetch", typ, data)
        typ, data = imap._untagged_response(typ, data, "FETCH")
        blocks = _header_fetch_answer(data)
        if blocks is not None:
            return {uid: block for uid, block in blocks.items() if uid in wanted}
        log.info("an unexpected answer to a FETCH of headers; reading it again")
    response = client.fetch(sorted(wanted), [_HEADS_ITEM])
    found: dict[int, bytes] = {}
    for uid, data in response.items():
        block = next(
            (v for k, v in data.items() if bytes(k).startswith(b"BODY[HEADER.FIELDS")), b""
        )
        found[int(uid)] = _as_bytes(block)
    return found


_FETCH_START = re.compile(rb"\d+ \(")
_FETCH_UID = re.compile(rb"[( ]UID (\d+)[ )]")
_HEADS_LITERAL = re.compile(rb"BODY\[HEADER\.FIELDS \([^)]*\)\] \{\d+\}$")
_UNQUOTE = re.compile(rb"\\(.)", re.DOTALL)
_HEADS_INLINE = re.compile(rb'BODY\[HEADER\.FIELDS \([^)]*\)\] (?:"((?:[^"\\]|\\.)*)"|NIL)')


def _header_fetch_answer(data: Sequence[Any]) -> dict[int, bytes] | None:
    """Given imaplib's untagged FETCH data for :data:`_HEADS_ITEM` (per message, the line up to
    the literal and the literal, then the rest of the line; or the whole line when the block
    comes as a quoted string or NIL), return the header blocks by UID, or None if the data is
    not of that shape. Messages the server reports without a header block (an unsolicited
    FETCH of flags) are left out."""
    blocks: dict[int, bytes] = {}
    uid: int | None = None
    block: bytes | None = None

    def done() -> bool:
        if block is None:
            return True
        if uid is None:
            return False
        blocks[uid] = block
        return True

    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            head, literal = item
            if not isinstance(head, bytes) or not isinstance(literal, bytes):
                return None
            if not _FETCH_START.match(head) or not _HEADS_LITERAL.search(head) or not done():
                return None
            found = _FETCH_UID.search(head)
            uid, block = (int(found.group(1)) if found else None), literal
        elif isinstance(item, bytes):
            if _FETCH_START.match(item):  # a new message without a literal
                if not done():
                    return None
                found = _FETCH_UID.search(item)
                uid = int(found.group(1)) if found else None
                inline = _HEADS_INLINE.search(item)
                block = None if inline is None else _UNQUOTE.sub(rb"\1", inline.group(1) or b"")
            else:  # the rest of the line after a literal
                found = _FETCH_UID.search(b" " + item)
                if found and uid is None:
                    uid = int(found.group(1))
        else:
            return None
    if not done():
        return None
    return blocks


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""RFC 3501's month names of a date (never the locale's)."""
_ESEARCH_ALL = re.compile(rb"\bALL ([0-9:,]+)", re.IGNORECASE)


def _esearch_uids(data: Sequence[Any]) -> array[int]:
    """Given imaplib's untagged ESEARCH data of a ``UID SEARCH RETURN (ALL)`` (RFC 4731: ``(TAG
    "A1") UID ALL 1:3,5``; no ALL when nothing matched), return the UIDs, sorted. Raise
    ValueError if a range cannot be read."""
    uids = array("L")
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        found = _ESEARCH_ALL.search(line) if isinstance(line, bytes) else None
        if found is None:
            continue
        for part in found.group(1).split(b","):
            first, _, last = part.partition(b":")
            low, high = sorted((int(first), int(last or first)))
            uids.extend(range(low, high + 1))
    if any(later <= earlier for earlier, later in itertools.pairwise(uids)):
        return array("L", sorted(set(uids)))  # servers send the ranges in order; not this one
    return uids


def _sequence_set(uids: Sequence[int]) -> list[str]:
    """Given sorted UIDs, return them as the ranges of an IMAP sequence set ("3:7", "9")."""
    ranges: list[str] = []
    start = previous = None
    for uid in uids:
        if previous is not None and uid == previous + 1:
            previous = uid
            continue
        if start is not None:
            ranges.append(f"{start}:{previous}" if previous != start else str(start))
        start = previous = uid
    if start is not None:
        ranges.append(f"{start}:{previous}" if previous != start else str(start))
    return ranges


def text_leaves(structure: Any) -> tuple[str, tuple[TextLeaf, ...]]:
    """Given a parsed BODYSTRUCTURE, return the top-level content type and the text leaf parts
    (text/plain, text/html and calendars: :func:`~watcher.mail.fetched_type`) worth fetching, in
    order.

    Attachments (Content-Disposition: attachment) are left out, except calendars, which many
    senders attach; embedded messages (message/rfc822) are not entered. The caps of
    :mod:`watcher.mail` hold as for a message it cuts: the parts after the first
    :data:`~watcher.mail.MAX_PARTS`, those nested deeper than :data:`~watcher.mail.MAX_DEPTH`
    multiparts and the text parts after :data:`~watcher.mail.MAX_TEXT_BYTES` are left out, and
    each leaf is fetched up to :data:`~watcher.mail.MAX_PART_BYTES` and what is left of the
    total. Raise ValueError if the structure is not one RFC 3501 section 7.4.2 describes.
    """
    if not isinstance(structure, (tuple, list)) or not structure:
        raise ValueError("empty BODYSTRUCTURE")
    if _is_multipart(structure):
        _children, subtype, _rest = _split_multipart(structure)
        top = f"multipart/{subtype}"
    else:
        top = _leaf_type(structure)
    leaves: list[TextLeaf] = []
    budget = MAX_TEXT_BYTES
    for leaf in _walk(structure):
        if budget <= 0:
            break
        leaf = replace(leaf, limit=min(MAX_PART_BYTES, budget))
        budget -= min(leaf.size, leaf.limit)
        leaves.append(leaf)
    return top, tuple(leaves)


def _is_multipart(node: Sequence[Any]) -> bool:
    return isinstance(node[0], (list, tuple))


def _split_multipart(node: Sequence[Any]) -> tuple[list[Any], str, Sequence[Any]]:
    if isinstance(node[0], list):  # imapclient's BodyData gathers the children in a list
        children, index = list(node[0]), 1
    else:
        index = 0
        while index < len(node) and isinstance(node[index], (list, tuple)):
            index += 1
        children = list(node[:index])
    if index >= len(node) or not children:
        raise ValueError("multipart BODYSTRUCTURE without a subtype or parts")
    return children, _text(node[index]).lower(), node[index + 1 :]


def _walk(structure: Sequence[Any]) -> Iterator[TextLeaf]:
    """Yield the text leaves of a BODYSTRUCTURE in order, with a stack rather than recursion
    (a server may describe any nesting), within MAX_PARTS parts and MAX_DEPTH multiparts."""
    stack: list[tuple[Any, str, int]] = [(structure, "", 0)]
    seen = 0
    while stack and seen < MAX_PARTS:
        node, section, depth = stack.pop()
        seen += 1
        if not isinstance(node, (list, tuple)) or not node:
            raise ValueError(f"part {section or '1'} has no structure")
        if _is_multipart(node):
            children, _subtype, _rest = _split_multipart(node)
            if depth < MAX_DEPTH:
                stack.extend(
                    (child, f"{section}.{number}" if section else str(number), depth + 1)
                    for number, child in reversed(list(enumerate(children, start=1)))
                )
            continue
        leaf = _text_leaf(node, section)
        if leaf is not None:
            yield leaf


def _text_leaf(node: Sequence[Any], section: str) -> TextLeaf | None:
    """Return the leaf part ``node`` at ``section`` if it is text worth fetching, else None."""
    content_type = _leaf_type(node)
    if content_type not in LEAF_TYPES:
        return None
    if len(node) < 7:
        raise ValueError(f"part {section or '1'} has a short BODYSTRUCTURE")
    # RFC 3501 body-type-text: type, subtype, params, id, description, encoding, size, lines,
    # then the extension data: md5, disposition, language, location. A non-text leaf
    # (application/ics) has no lines field: its disposition comes one place earlier.
    at = 9 if content_type.startswith("text/") else 8
    disposition = node[at] if len(node) > at else None
    attached = (
        isinstance(disposition, (list, tuple))
        and bool(disposition)
        and _text(disposition[0]).lower() == "attachment"
    )
    params = _params(node[2])
    # The disposition's parameters (filename=), inline or attached, as mail.split_message reads.
    named = (
        _params(disposition[1])
        if isinstance(disposition, (list, tuple)) and len(disposition) > 1
        else ()
    )
    kind = fetched_type(content_type, attached, leaf_filename(named, params))
    if kind is None:
        return None
    size = node[6]
    return TextLeaf(
        section=section or "1",
        content_type=kind,
        charset=dict(params).get("charset", "").strip().lower(),
        encoding=_text(node[5]).strip().lower() if node[5] is not None else "",
        params=params,
        size=size if isinstance(size, int) else 0,
    )


def _leaf_type(node: Sequence[Any]) -> str:
    if len(node) < 2 or not isinstance(node[0], (bytes, str)):
        raise ValueError("a part without a type")
    return f"{_text(node[0])}/{_text(node[1])}".lower()


def _params(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, (list, tuple)):
        return ()
    items = list(value)
    return tuple(
        (_text(items[i]).lower(), _text(items[i + 1])) for i in range(0, len(items) - 1, 2)
    )


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _envelope(uid: int, data: dict[bytes, Any], account: str) -> _Envelope:
    headers = _as_bytes(data.get(b"BODY[HEADER]"))
    internal_date = data.get(b"INTERNALDATE")
    if isinstance(internal_date, datetime):
        offset = internal_date.utcoffset()
        internal_date = (
            internal_date.replace(tzinfo=timezone(offset)) if offset is not None else None
        )
    else:
        internal_date = None
    structure = data.get(b"BODYSTRUCTURE")
    leaves: tuple[TextLeaf, ...] = ()
    content_type = ""
    if structure is not None:
        try:
            content_type, leaves = text_leaves(structure)
        except (ValueError, TypeError, IndexError) as error:
            log.info(
                "a BODYSTRUCTURE cannot be read",
                account=account,
                uid=uid,
                error=str(error),
            )
            leaves = ()
    if not content_type:
        content_type = _header_content_type(headers)
    return _Envelope(uid, internal_date, headers, content_type, leaves)


def _header_content_type(headers: bytes) -> str:
    parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(headers)
    return parsed.get_content_type()


def _special_folder(
    selectable: dict[str, frozenset[bytes]], flag: bytes, names: Sequence[str]
) -> str | None:
    for name, flags in selectable.items():
        if flag.upper() in flags:
            return name
    for wanted in names:
        found = _find_name(selectable, wanted)
        if found:
            return found
    return None


def _find_name(selectable: dict[str, frozenset[bytes]], wanted: str) -> str | None:
    """Return the folder called ``wanted`` (INBOX in any case, RFC 3501 section 5.1), or None."""
    if wanted in selectable:
        return wanted
    if wanted.upper() == "INBOX":
        return next((name for name in selectable if name.upper() == "INBOX"), None)
    return None


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    return b""


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _bare_id(message_id: str) -> str:
    return message_id.strip().removeprefix("<").removesuffix(">").strip()


def _header_ids(block: Any) -> set[str]:
    """Return the Message-IDs in a header block holding only that field."""
    parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(
        _as_bytes(block)
    )
    return {_bare_id(str(value)) for value in parsed.get_all("Message-ID") or ()}


def _server_text(error: BaseException) -> str:
    """Return an imaplib error's text without the ``b'...'`` that wraps the server's words."""
    text = str(error)
    match = re.fullmatch(r"""b(['"])(.*)\1""", text, re.DOTALL)
    return match.group(2) if match else text


def _scrub(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text


def _shutdown(client: Any) -> None:
    # The socket may be gone already; there is nothing to report.
    with contextlib.suppress(Exception):
        client.shutdown()


def _is_bye(response: Any) -> bool:
    """Whether an unsolicited IDLE response is the server's BYE."""
    return isinstance(response, tuple) and bool(response) and response[0] == b"BYE"


_CHANGES = frozenset({b"EXISTS", b"RECENT", b"EXPUNGE", b"FETCH"})


def _is_change(response: Any) -> bool:
    """Whether an IDLE response reports a change of messages (EXISTS, EXPUNGE, FETCH...)."""
    return (
        isinstance(response, tuple)
        and len(response) > 1
        and isinstance(response[1], bytes)
        and response[1].upper() in _CHANGES
    )
