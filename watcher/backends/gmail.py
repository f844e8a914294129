"""The Gmail API backend: the only user of google-api-python-client (and its httplib2).

Folders are Gmail labels: the inbox folders are the account's ``folders`` (label names, such as
"INBOX" or a label of the user's own), Sent is the SENT label and Drafts the DRAFT label.

A folder's saved state holds the mailbox's history id in ``last_uid``. The first sync (and a
rescan, when the terms changed or the history expired) lists every message of the label since
the search floor (``after:``), reading the history id first so nothing that arrives meanwhile is
missed. Later syncs ask ``history.list`` what was added since; with nothing new that is one
call, shared by every folder of the account for a short while (:data:`HISTORY_REUSE`). The
messages are read as metadata first (``format=metadata`` with the cheap headers, in batches), the
core chooses the candidates from those headers, and only the candidates are read whole (headers
and text parts; attachments never). Several reads go in one batch request.

Drafts are created with ``drafts.create`` in the thread of the message they answer, so they open
in the conversation in Gmail. Rate limits (429, 403 rateLimitExceeded) and server errors are
retried with backoff, honouring Retry-After.
"""

from __future__ import annotations

import base64
import contextlib
import email.parser
import email.policy
import email.utils
import http.client
import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from datetime import time as day_time
from typing import Any

import google_auth_httplib2
import httplib2
from googleapiclient import discovery
from googleapiclient.errors import Error as ClientError
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest

from watcher import oauth
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
)
from watcher.credentials import OAuthError, SignInRefused, login_hint
from watcher.errors import ConfigError
from watcher.logsetup import get_logger
from watcher.mail import (
    LEAF_TYPES,
    MAX_DEPTH,
    MAX_FIELD_CHARS,
    MAX_HEADER_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TEXT_BYTES,
    content_type_params,
    fetched_type,
    leaf_filename,
)
from watcher.record import record
from watcher.settings import Account, GmailAccount

log = get_logger(__name__)

GOOGLE_ENDPOINT = "https://gmail.googleapis.com"
HISTORY_EPOCH = 1
"""``uidvalidity`` of every Gmail folder state: history ids never restart, they expire (404)."""

HISTORY_REUSE = 20.0
"""Seconds a history.list answer is reused for the other folders (and thread searches) of the
same check. Reusing it never loses mail: the state saved is the history id of that answer."""

SYSTEM_LABELS = frozenset(
    {"INBOX", "SENT", "DRAFT", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "CHAT"}
)
SENT, DRAFT = "SENT", "DRAFT"


BATCH_SIZE = 50
"""Gets per batch request (Gmail takes up to 100, and rate-limits big batches sooner)."""


RETRIES = 6
MAX_WAIT = 60.0
"""Retries of a rate-limited or failed call, and the longest wait between two."""

RATE = frozenset(
    {
        "rateLimitExceeded",
        "userRateLimitExceeded",
        "RATE_LIMIT_EXCEEDED",
        "backendError",
        "RESOURCE_EXHAUSTED",
    }
)
"""The reasons of a 403 that a later try cures (Google sends 403 or 429 for rate limits)."""
QUOTA_REASONS = frozenset({"dailyLimitExceeded", "quotaExceeded"})
"""A 403 for the day's quota: the next check tries again."""
SCOPE_REASONS = frozenset({"insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"})
DISABLED_REASONS = frozenset({"accessNotConfigured", "SERVICE_DISABLED"})
"""The Gmail API is not enabled in the Google Cloud project of the user's OAuth client."""

_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


class HistoryExpired(MailboxError):
    """The saved history id is too old for Gmail (404): the folder must be searched again."""


@record
class _Changes:
    """What history.list said since one history id: (message id, labels) pairs, in order."""

    added: tuple[tuple[str, frozenset[str]], ...]
    history_id: int
    read_at: float


class GmailMailbox(Mailbox):
    """One Gmail account through the Gmail API.

    ``session`` is the account's Google sign-in; ``api_endpoint`` a Gmail-compatible base URL
    (Google's own by default); ``inbox`` the label names watched as the inbox. ``sleep`` waits
    between retries (tests pass a recorder); :meth:`interrupt` cuts a wait short.
    """

    idle_supported = False

    def __init__(
        self,
        name: str,
        session: oauth.Session,
        *,
        api_endpoint: str | None = None,
        inbox: Sequence[str] = ("INBOX",),
        timeout: float = 30.0,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.session = session
        self.endpoint = (api_endpoint or GOOGLE_ENDPOINT).rstrip("/")
        self.inbox = tuple(inbox)
        self._timeout = timeout
        self._sleep = sleep
        self._clock = clock
        self._stop = threading.Event()
        self._service: Any = None
        self._transport: httplib2.Http | None = None
        self._labels: dict[str, str] | None = None
        self._history: dict[int, _Changes] = {}
        self._position: tuple[int, float] | None = None
        self._metadata: dict[str, Any] = {}
        """The metadata of the new messages of this session (the thread rounds of a check
        look at the same new messages again)."""
        self._saved_token = session.credentials.token
        self._threads: dict[str, str] = {}
        """Message-ID (no brackets) → Gmail thread id, for every message read this session."""

    @classmethod
    def from_account(cls, account: Account, secret: Secret) -> GmailMailbox:
        """Return the mailbox of a configured account (the registry's constructor), given its
        Google sign-in. Raise ConfigError for another kind of account or a password."""
        if not isinstance(account, GmailAccount) or not isinstance(secret, oauth.Session):
            fix = (
                "backend gmail signs in with OAuth: set client_secrets, then run "
                f"`watcher auth login {account.name}`"
            )
            raise ConfigError(f"accounts.{account.name}", [fix])
        return cls(
            account.name,
            secret,
            api_endpoint=account.api_endpoint,
            inbox=account.folders,
            timeout=account.timeout,
        )

    def __repr__(self) -> str:
        return f"GmailMailbox({self.name!r}, {self.endpoint})"

    # -- connection -----------------------------------------------------------------------------

    def open(self) -> None:
        """Build the API client from the discovery document shipped with it (no network)."""
        self._stop.clear()
        if self._service is not None:
            return
        self._transport = httplib2.Http(timeout=self._timeout)
        http = google_auth_httplib2.AuthorizedHttp(self.session.credentials, http=self._transport)
        try:
            self._service = discovery.build(
                "gmail",
                "v1",
                http=http,
                static_discovery=True,
                client_options={"api_endpoint": self.endpoint},
            )
        except (ClientError, ValueError) as error:
            raise MailboxError(
                f"{self.name}: the Gmail API client cannot start ({error})"
            ) from None

    def close(self) -> None:
        service, self._service = self._service, None
        self._history.clear()
        self._metadata.clear()
        self._position = None
        if service is not None:
            try:
                service.close()
            except Exception as error:
                log.debug("closing the Gmail client failed", account=self.name, error=str(error))

    def interrupt(self) -> None:
        """Cut a wait short, and shut the sockets of the open connections down under a
        request in another thread (a server that stalls mid-answer)."""
        self._stop.set()
        transport = self._transport
        if transport is None:
            return
        for connection in list(transport.connections.values()):
            with contextlib.suppress(Exception):
                connection.sock.shutdown(socket.SHUT_RDWR)

    @property
    def _api(self) -> Any:
        if self._service is None:
            self.open()
        return self._service.users()

    # -- the contract ---------------------------------------------------------------------------

    def folders(self) -> Folders:
        for name in self.inbox:
            self._label(name)
        return Folders(inbox=self.inbox, sent=SENT, drafts=DRAFT)

    def fetch(
        self, folder: str, state: FolderState | None, terms: SearchTerms, terms_key: str
    ) -> FetchResult:
        label = self._label(folder)
        fresh = state is None or state.uidvalidity != HISTORY_EPOCH or state.terms_key != terms_key
        if not fresh and state is not None:
            if terms.empty:
                return FetchResult((), state)
            try:
                changes = self._changes(state.last_uid)
            except HistoryExpired:
                self._position = None  # it may be as old as the expired one
                log.info(
                    "Gmail's history has expired; searching again",
                    account=self.name,
                    folder=folder,
                    since=state.last_uid,
                )
            else:
                ids = list(dict.fromkeys(i for i, labels in changes.added if label in labels))
                messages = self._select(folder, ids, terms)
                new = FolderState(HISTORY_EPOCH, changes.history_id, terms_key=terms_key)
                return FetchResult(tuple(messages), new)
        position = self._current_position()
        listed = list(self._list(f"after:{_epoch(terms.since)}", label)) if not terms.empty else []
        # Gmail lists the newest first: choose in arrival order, so a reply follows its thread.
        messages = self._select(folder, listed[::-1], terms)
        new = FolderState(HISTORY_EPOCH, position, terms_key=terms_key)
        return FetchResult(tuple(messages), new, rescanned=state is not None)

    def has_message(self, folder: str, message_id: str) -> bool:
        label = self._label(folder)
        wanted = message_id.strip().strip("<>")
        if not wanted or any(c in wanted for c in ' "{}()'):
            return False
        answer = self._execute(
            self._api.messages().list(
                userId="me", q=f"rfc822msgid:{wanted}", labelIds=[label], maxResults=10
            )
        )
        return bool(answer.get("messages"))

    def find(self, folder: str, message_id: str) -> RawMessage | None:
        """See :meth:`Mailbox.find`: ``messages.list`` with ``q=rfc822msgid:`` in the folder's
        label, then the first message found, whole (headers and text parts)."""
        label = self._label(folder)
        wanted = message_id.strip().strip("<>")
        if not wanted or any(c in wanted for c in ' "{}()'):
            return None
        answer = self._execute(
            self._api.messages().list(
                userId="me", q=f"rfc822msgid:{wanted}", labelIds=[label], maxResults=10
            )
        )
        ids = [str(item["id"]) for item in answer.get("messages", []) if item.get("id")]
        found = self._read(folder, ids[:1])
        return found[0] if found else None

    def append_draft(self, folder: str, message: bytes, when: datetime) -> None:
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("append_draft needs a time with a time zone")
        if self._label(folder) != DRAFT:
            raise MailboxError(
                f"{self.name}: Gmail keeps drafts under its DRAFT label, not in {folder!r}"
            )
        body: dict[str, Any] = {"raw": base64.urlsafe_b64encode(message).decode("ascii")}
        thread = self._thread_of_reply(message)
        if thread is not None:
            body["threadId"] = thread
        # A 5xx may come after Gmail stored the draft: not retried here (it could be stored
        # twice); the next check looks in Drafts for its Message-ID before trying again.
        create = self._api.drafts().create(userId="me", body={"message": body})
        self._execute(create, server_errors=False)

    # -- labels ---------------------------------------------------------------------------------

    def _label(self, folder: str) -> str:
        """Given a folder (a system label id or a label's name), return its label id; raise
        MailboxError naming it if the account has no such label."""
        if folder.upper() in SYSTEM_LABELS:
            return folder.upper()
        if self._labels is None:
            answer = self._execute(self._api.labels().list(userId="me"))
            self._labels = {
                str(item.get("name", "")): str(item.get("id", ""))
                for item in answer.get("labels", [])
            }
        if folder in self._labels:
            return self._labels[folder]
        for name, label in self._labels.items():
            if name.casefold() == folder.casefold() or label == folder:
                return label
        names = ", ".join(sorted(self._labels)) or "none"
        raise MailboxError(
            f"{self.name}: Gmail has no label {folder!r} (labels: {names}); fix the account's "
            "folders in the config"
        )

    # -- sync -----------------------------------------------------------------------------------

    def _current_position(self) -> int:
        """Return the mailbox's history id now (reused briefly, like history answers)."""
        now = self._clock()
        if self._position is not None and now - self._position[1] < HISTORY_REUSE:
            return self._position[0]
        profile = self._execute(self._api.getProfile(userId="me"))
        position = _int(profile.get("historyId"), "historyId")
        self._position = (position, now)
        return position

    def _changes(self, start: int) -> _Changes:
        """Return the messages added (or labelled) since history id ``start``, every page."""
        now = self._clock()
        kept = self._history.get(start)
        if kept is not None and now - kept.read_at < HISTORY_REUSE:
            return kept
        added: list[tuple[str, frozenset[str]]] = []
        token: str | None = None
        latest = start
        while True:
            request = self._api.history().list(
                userId="me",
                startHistoryId=str(start),
                historyTypes=["messageAdded", "labelAdded"],
                maxResults=500,
                **({"pageToken": token} if token else {}),
            )
            answer = self._execute(request, history=True)
            for change in answer.get("history", []):
                for item in change.get("messagesAdded", []):
                    message = item.get("message", {})
                    added.append((str(message.get("id")), frozenset(message.get("labelIds", []))))
                for item in change.get("labelsAdded", []):
                    message = item.get("message", {})
                    added.append((str(message.get("id")), frozenset(item.get("labelIds", []))))
            latest = max(latest, _int(answer.get("historyId", latest), "historyId"))
            token = answer.get("nextPageToken")
            if not token:
                break
        changes = _Changes(tuple(added), latest, now)
        self._history = {start: changes}
        return changes

    def _list(self, query: str, label: str | None) -> Iterator[str]:
        token: str | None = None
        while True:
            answer = self._execute(
                self._api.messages().list(
                    userId="me",
                    q=query,
                    maxResults=500,
                    **({"labelIds": [label]} if label else {}),
                    **({"pageToken": token} if token else {}),
                )
            )
            for item in answer.get("messages", []):
                yield str(item["id"])
            token = answer.get("nextPageToken")
            if not token:
                return

    def _threads_of(self, message_ids: Iterable[str]) -> list[str]:
        """Return the Gmail thread ids of these Message-IDs: those of messages read this
        session, else found by search (one call each; a Message-ID this mailbox does not have
        is remembered too, and not searched again)."""
        threads: list[str] = []
        for message_id in message_ids:
            if message_id not in self._threads:
                self._threads[message_id] = ""
                if not any(c in message_id for c in ' "{}()'):
                    answer = self._execute(
                        self._api.messages().list(
                            userId="me", q=f"rfc822msgid:{message_id}", maxResults=1
                        )
                    )
                    for item in answer.get("messages", []):
                        self._threads[message_id] = str(item.get("threadId", ""))
            if self._threads[message_id]:
                threads.append(self._threads[message_id])
        return threads

    def _select(self, folder: str, ids: Sequence[str], terms: SearchTerms) -> list[RawMessage]:
        """Given message ids in arrival order, read their cheap headers (``format=metadata``,
        in batches), let the terms choose the candidates, and read those whole. Unrelated mail
        costs its metadata only."""
        if not ids or terms.empty:
            return []
        since_ms = _epoch(terms.since) * 1000
        unknown = [i for i in ids if i not in self._metadata]
        self._metadata.update(
            self._get_many(
                unknown,
                lambda i: self._api.messages().get(
                    userId="me", id=i, format="metadata", metadataHeaders=list(CHEAP_HEADERS)
                ),
            )
        )
        heads = []
        for number, i in enumerate(ids):
            message = self._metadata.get(i)
            if message is not None and _millis(message) >= since_ms:
                heads.append((number, i, self._head(folder, message)))
        chosen = terms.choose([head for _, _, head in heads], self.name)
        # UIDs are the ids read as hex; choose keys by them.
        return self._read(folder, [i for _, i, head in heads if head.uid in chosen])

    def _head(self, folder: str, message: Mapping[str, Any]) -> RawMessage:
        """A message's metadata as a message without parts (its cheap headers only)."""
        payload = message.get("payload", {})
        headers = "".join(
            f"{h.get('name', '')}: {h.get('value', '')}\r\n" for h in payload.get("headers", [])
        )[:MAX_HEADER_BYTES]
        return RawMessage(
            folder=folder,
            uid=int(str(message["id"]), 16),
            internal_date=datetime.fromtimestamp(_millis(message) / 1000, UTC),
            headers=(headers + "\r\n").encode("utf-8", "surrogateescape"),
            parts=(),
            content_type=str(payload.get("mimeType", "")).lower(),
        )

    def _read(self, folder: str, ids: Sequence[str]) -> list[RawMessage]:
        """Read these messages whole (headers and text parts) and return them in id order."""
        full = self._get_many(
            ids, lambda i: self._api.messages().get(userId="me", id=i, format="full")
        )
        messages = [self._raw(folder, message) for message in full.values()]
        return sorted(messages, key=lambda m: m.uid)

    def _raw(self, folder: str, message: Mapping[str, Any]) -> RawMessage:
        self._remember(message)
        payload = message.get("payload", {})
        headers = "".join(
            f"{h.get('name', '')}: {h.get('value', '')}\r\n" for h in payload.get("headers", [])
        )[:MAX_HEADER_BYTES]
        millis = _millis(message)
        parts = tuple(self._text_parts(str(message["id"]), payload))
        return RawMessage(
            folder=folder,
            uid=int(str(message["id"]), 16),
            internal_date=datetime.fromtimestamp(millis / 1000, UTC),
            headers=(headers + "\r\n").encode("utf-8", "surrogateescape"),
            parts=parts,
            content_type=str(payload.get("mimeType", "text/plain")).lower(),
        )

    def _text_parts(self, message_id: str, payload: Mapping[str, Any]) -> Iterator[RawPart]:
        """The text/plain, text/html and calendar leaves, not attachments (a calendar may be
        attached), not inside an embedded message; as Gmail gives them, transfer-decoded.

        The caps of :mod:`watcher.mail` hold as for a message it cuts: the parts are walked
        with a stack, not recursion, within MAX_PARTS parts and MAX_DEPTH multiparts; each
        leaf's data is cut to MAX_PART_BYTES (and what is left of MAX_TEXT_BYTES) before it
        is decoded, and a leaf Gmail keeps as an attachment larger than that is not
        downloaded at all.
        """
        budget = MAX_TEXT_BYTES
        stack: list[tuple[Mapping[str, Any], int]] = [(payload, 0)]
        seen = 0
        while stack and seen < MAX_PARTS and budget > 0:
            part, depth = stack.pop()
            seen += 1
            mime = str(part.get("mimeType", "")).lower()
            if mime.startswith("multipart/"):
                if depth < MAX_DEPTH:
                    children = part.get("parts", [])
                    stack.extend((child, depth + 1) for child in reversed(children[:MAX_PARTS]))
                continue
            if mime not in LEAF_TYPES:
                continue
            fields = {
                str(item.get("name", "")).lower(): str(item.get("value", ""))[:MAX_FIELD_CHARS]
                for item in reversed(part.get("headers", [])[:MAX_PARTS])
            }
            disposition = fields.get("content-disposition", "").partition(";")[0]
            attached = disposition.strip().lower() == "attachment" or bool(part.get("filename"))
            params = content_type_params(fields.get("content-type", ""))
            kind = fetched_type(
                mime, attached, str(part.get("filename") or "") or leaf_filename((), params)
            )
            if kind is None:
                continue
            limit = min(MAX_PART_BYTES, budget)
            body = part.get("body", {})
            data = body.get("data")
            size = body.get("size")
            if data is None and body.get("attachmentId"):
                if isinstance(size, int) and size > limit:
                    continue
                request = (
                    self._api.messages()
                    .attachments()
                    .get(userId="me", messageId=message_id, id=body["attachmentId"])
                )
                with contextlib.suppress(_Missing):
                    data = self._execute(request, missing_ok=True).get("data")
            # Four base64 characters make three bytes: cut before decoding, not after.
            decoded = _unbase64(str(data or "")[: 4 * (limit // 3 + 1)])[:limit]
            budget -= len(decoded)
            yield RawPart(
                content_type=kind,
                payload=decoded,
                charset=dict(params).get("charset", "").strip().lower(),
                encoding="binary",
                params=params,
            )

    def _remember(self, message: Mapping[str, Any]) -> None:
        message_id = _message_id(message)
        if message_id and message.get("threadId"):
            self._threads[message_id] = str(message["threadId"])

    def _thread_of_reply(self, message: bytes) -> str | None:
        """Return the Gmail thread of the message a draft answers (its In-Reply-To), if any."""
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(message)
        answered = _MESSAGE_ID.findall(str(headers.get("In-Reply-To", "")))
        threads = self._threads_of(answered[:1])
        return threads[0] if threads else None

    # -- calls ----------------------------------------------------------------------------------

    def _get_many(self, keys: Sequence[str], make: Callable[[str], Any]) -> dict[str, Any]:
        """Run ``make(key)`` for every key, in batches when there are several; return the
        answers by key, leaving out the ones Gmail no longer has (404)."""
        answers: dict[str, Any] = {}
        failed: dict[str, HttpError] = {}

        def done(key: str, answer: Any, error: Exception | None) -> None:
            if error is None:
                answers[key] = answer
            elif not isinstance(error, HttpError):
                raise error
            elif error.status_code != 404:  # a 404: deleted since it was listed
                failed[key] = error

        if len(keys) == 1:
            with contextlib.suppress(_Missing):
                answers[keys[0]] = self._execute(make(keys[0]), missing_ok=True)
            return answers
        self._fresh_token()
        for start in range(0, len(keys), BATCH_SIZE):
            pending = list(keys[start : start + BATCH_SIZE])
            for attempt in range(RETRIES + 1):
                failed.clear()
                batch = BatchHttpRequest(callback=done, batch_uri=f"{self.endpoint}/batch/gmail/v1")
                for key in pending:
                    batch.add(make(key), request_id=key)
                self._execute(batch)
                if not failed:
                    break
                error = next(iter(failed.values()))
                if attempt == RETRIES or not _retryable(error):
                    raise self._failure(error)
                self._wait(attempt, error)
                pending = list(failed)
        return {key: answers[key] for key in keys if key in answers}

    def _execute(
        self,
        request: Any,
        *,
        missing_ok: bool = False,
        history: bool = False,
        server_errors: bool = True,
    ) -> Any:
        """Run one request, retrying rate limits (and server errors, unless ``server_errors``
        is False: a create Gmail may have done before failing); map every failure to
        MailboxError or MailboxAuthError. A 404 is :class:`_Missing` with ``missing_ok``, and
        :class:`HistoryExpired` with ``history``."""
        for attempt in range(RETRIES + 1):
            try:
                answer = request.execute()
            except HttpError as error:
                if error.status_code == 404 and missing_ok:
                    raise _Missing from None
                if error.status_code == 404 and history:
                    raise HistoryExpired(f"{self.name}: the history expired") from None
                retry = _retryable(error) and (server_errors or error.status_code < 500)
                if attempt == RETRIES or not retry:
                    raise self._failure(error) from None
                self._wait(attempt, error)
                continue
            except (oauth.RefreshError, oauth.TransportError) as error:
                raise self._refused(error) from None
            except (OSError, httplib2.HttpLib2Error, http.client.HTTPException) as error:
                raise MailboxError(
                    f"{self.name}: Gmail cannot be reached at {self.endpoint} "
                    f"({type(error).__name__}: {error}); it is tried again later"
                ) from None
            except ClientError as error:
                raise MailboxError(f"{self.name}: the Gmail API failed ({error})") from None
            finally:
                self._save_token()
            if answer is not None and not isinstance(answer, dict):
                raise MailboxError(
                    f"{self.name}: {self.endpoint} answered something that is not Gmail's JSON "
                    "(a proxy or a captive portal?); it is tried again later"
                )
            return answer
        raise AssertionError("unreachable")

    def _refused(self, error: Exception) -> MailboxError:
        """Map a failed token refresh: refused for good, or to be tried again later."""
        explained = self.session.explain(error)
        if isinstance(explained, SignInRefused):
            return MailboxAuthError(str(explained))
        return MailboxError(str(explained))

    def _fresh_token(self) -> None:
        """Refresh an expired token ourselves before a batch (the client would refresh it on a
        connection of its own that has no timeout)."""
        if self.session.credentials.valid:
            return
        try:
            self.session.refresh()
        except SignInRefused as error:
            raise MailboxAuthError(str(error)) from None
        except OAuthError as error:
            raise MailboxError(str(error)) from None
        self._saved_token = self.session.credentials.token

    def _save_token(self) -> None:
        """Save the access token if the client refreshed it during the call."""
        token = self.session.credentials.token
        if token and token != self._saved_token:
            self._saved_token = token
            try:
                self.session.saved()
            except SignInRefused as error:  # the sign-in was removed meanwhile
                raise MailboxAuthError(str(error)) from None
            except Exception as error:
                log.warning(
                    "the refreshed Google token could not be saved",
                    account=self.name,
                    error=str(error),
                )

    def _wait(self, attempt: int, error: HttpError) -> None:
        delay = _retry_after(error)
        if delay is None:
            delay = min(MAX_WAIT, 2.0**attempt + random.uniform(0, 1))  # noqa: S311 - jitter
        delay = min(delay, MAX_WAIT)
        log.info(
            "Gmail answered an error; trying again",
            account=self.name,
            status=error.status_code,
            retry_in=round(delay, 1),
        )
        if self._sleep is not None:
            self._sleep(delay)
        elif self._stop.wait(delay):
            raise MailboxError(f"{self.name}: stopped while waiting for Gmail")

    def _failure(self, error: HttpError) -> MailboxError:
        status, reasons = error.status_code, _reasons(error)
        detail = f"{status} {'/'.join(sorted(reasons)) or 'error'}: {error.reason}"
        if status == 401 or reasons & SCOPE_REASONS:
            return MailboxAuthError(
                f"{self.name}: Gmail refused the sign-in ({detail}): {login_hint(self.name)}"
            )
        if reasons & DISABLED_REASONS:
            return MailboxAuthError(
                f"{self.name}: the Gmail API is not enabled for your OAuth client's project "
                f"({detail}): enable it in the Google Cloud console (APIs & Services, Library, "
                "Gmail API), then restart watcher"
            )
        if _retryable(error):
            return MailboxError(
                f"{self.name}: Gmail kept answering {detail} after {RETRIES} retries; it is "
                "tried again later"
            )
        if status == 403 and not reasons & QUOTA_REASONS:
            return MailboxAuthError(
                f"{self.name}: Gmail refused access ({detail}); the sign-in may lack a scope: "
                f"{login_hint(self.name)}"
            )
        return MailboxError(f"{self.name}: Gmail answered {detail}; it is tried again later")


class _Missing(Exception):
    """A single get found nothing (404): the message was deleted since it was listed."""


def _retryable(error: HttpError) -> bool:
    status = error.status_code
    return status == 429 or status >= 500 or (status == 403 and bool(_reasons(error) & RATE))


def _reasons(error: HttpError) -> set[str]:
    """Every reason Google's error body gives: ``errors[].reason`` (the old shape),
    ``details[].reason`` (google.rpc.ErrorInfo) and ``status``."""
    try:
        body = json.loads(error.content.decode("utf-8", "replace"))
    except ValueError:
        return set()
    found: set[str] = set()
    inner = body.get("error") if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        return found
    for key in ("errors", "details"):
        for item in inner.get(key) or []:
            if isinstance(item, dict) and item.get("reason"):
                found.add(str(item["reason"]))
    if inner.get("status"):
        found.add(str(inner["status"]))
    return found


def _retry_after(error: HttpError) -> float | None:
    """Return the wait Retry-After asks for (seconds or an HTTP date), if any."""
    value = error.resp.get("retry-after") if error.resp is not None else None
    if not value:
        return None
    value = str(value).strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _epoch(day: date) -> int:
    """Midnight UTC of ``day`` in seconds since the epoch (Gmail's ``after:``)."""
    return int(datetime.combine(day, day_time(0), UTC).timestamp())


def _millis(message: Mapping[str, Any]) -> int:
    """A message's internalDate: milliseconds since the epoch."""
    return _int(message.get("internalDate", 0), "internalDate")


def _message_id(message: Mapping[str, Any]) -> str:
    return _header(message, "Message-ID").strip().strip("<>")


def _header(message: Mapping[str, Any], name: str) -> str:
    wanted = name.lower()
    values = [
        str(h.get("value", ""))
        for h in message.get("payload", {}).get("headers", [])
        if str(h.get("name", "")).lower() == wanted
    ]
    return " ".join(values)


def _unbase64(data: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except ValueError:
        return b""


def _int(value: object, what: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise MailboxError(f"Gmail sent a {what} that is not a number: {value!r}") from None
