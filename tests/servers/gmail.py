"""A Gmail API v1 server for the test suite, in-process (see /work/shared/TESTING.md).

:class:`GmailServer` answers the real google-api-python-client, pointed at it with
``build("gmail", "v1", static_discovery=True, credentials=creds,
client_options={"api_endpoint": server.url})``, with Gmail's JSON shapes: profile, labels,
messages (list, get in every format, attachments), threads.get, history.list, drafts (create, list,
get, delete) and the batch endpoint ``POST /batch/gmail/v1`` (also ``/batch``; the client's
``new_batch_http_request()`` ignores ``api_endpoint``: build ``BatchHttpRequest(batch_uri=...)``).
It is also the Google OAuth server of the tests: ``/o/oauth2/auth`` (a user who consents at once),
``/token`` (authorization code with PKCE, refresh token), ``/revoke`` and ``/tokeninfo`` (also
Dovecot's oauth2 introspection endpoint, in its ``get``, ``get-auth`` and ``post`` modes).

One mailbox (user ``me`` or its address); the tests fill it with :meth:`GmailServer.deliver`
and change it with :meth:`~GmailServer.add_labels`, :meth:`~GmailServer.remove_labels` and
:meth:`~GmailServer.delete`; every change is a history record. Every ``/gmail/v1`` request needs
``Authorization: Bearer`` with a live access token (:meth:`~GmailServer.issue_token`), else 401.
:meth:`~GmailServer.fail` makes the next requests on a path answer with an error.

Search (``q`` of messages.list): whitespace-separated terms are ANDed; ``{t1 t2}`` is an OR group
of terms. Terms: ``from:X``, ``to:X``, ``cc:X`` (X, case-insensitive, is a substring of that
header's whole raw value, display name included, so a domain matches its subdomains; only that
header: unlike Gmail, ``to:`` does not look at Cc); ``after:N`` / ``before:N`` (N in epoch
seconds, or ``YYYY/MM/DD`` / ``YYYY-MM-DD`` at midnight UTC, where Gmail takes the account's time
zone; internalDate >= after, < before); ``rfc822msgid:X`` (exact Message-ID, angle brackets
optional); ``in:X`` and ``label:X`` (inbox, sent, drafts, spam, trash, anywhere, starred,
important, unread, or a user label's name, spaces as ``-``); ``is:unread|read|starred|important``.
Values may be quoted (``from:"Ann Lee"``). Anything else (bare words, ``-``, ``OR``) is a 400,
so a test notices. ``in:spam``, ``in:trash`` and ``in:anywhere`` lift the SPAM/TRASH exclusion, as
do ``includeSpamTrash=true`` and asking for SPAM or TRASH in ``labelIds``.

Shapes where Gmail's behaviour was a guess: the list is sorted by internalDate, newest first (ties:
newest id first); page tokens are opaque digit strings that stay valid while mail arrives; raw and
body data are base64url with padding; text parts keep their charset (transfer-decoded only);
``metadata`` gives ``{partId: "", mimeType, filename: "", headers, body: {size}}``; attachment ids
are stable (Gmail's change on every fetch); a message's historyId is that of its last change (as
Gmail's docs say); raw mail is stored with CRLF line ends; a batch takes at most 100 parts; a
missing startHistoryId is a 400. The OAuth endpoints answer ``Connection: close``: googleapiclient
refreshes a batch's credentials on an httplib2.Http it never closes (a ResourceWarning otherwise).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import re
import secrets
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.parser import BytesParser, Parser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from watcher.record import replace

HOST = "127.0.0.1"
JSON = dict[str, Any]
SYSTEM_LABELS = (
    "INBOX",
    "SENT",
    "DRAFT",
    "SPAM",
    "TRASH",
    "UNREAD",
    "STARRED",
    "IMPORTANT",
    "CATEGORY_PERSONAL",
)
_HIDDEN = {"DRAFT", "SPAM", "TRASH", "STARRED", "IMPORTANT"}
FIRST_HISTORY_ID = 1000
DEFAULT_SCOPES = ("https://mail.google.com/",)
MAX_BATCH = 100
_FIRST_ID = 0x18C0000000000000
_RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"}
_DEFAULTS: dict[int, tuple[str, str, str]] = {  # status -> (reason, status name, message)
    400: ("invalidArgument", "INVALID_ARGUMENT", "Invalid argument."),
    401: (
        "authError",
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. "
        "Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    ),
    403: ("userRateLimitExceeded", "PERMISSION_DENIED", "User-rate limit exceeded."),
    404: ("notFound", "NOT_FOUND", "Requested entity was not found."),
    409: ("conflict", "ABORTED", "Conflict."),
    429: (
        "rateLimitExceeded",
        "RESOURCE_EXHAUSTED",
        "Resource has been exhausted (e.g. check quota).",
    ),
    500: ("backendError", "INTERNAL", "Internal error encountered."),
    503: ("backendError", "UNAVAILABLE", "The service is currently unavailable."),
}
_OAUTH_PATHS = {"/o/oauth2/auth", "/token", "/revoke", "/tokeninfo"}
_WWW_AUTHENTICATE = 'Bearer realm="https://accounts.google.com/", error="invalid_token"'
_TERM = re.compile(r'\{[^{}]*\}|[A-Za-z0-9_]+:"[^"]*"|\S+')
_MSGID = re.compile(r"<([^<>\s]+)>")


def google_error(status: int, message: str | None = None, reason: str | None = None) -> JSON:
    """The JSON body of a Google API error, as Gmail sends it."""
    default_reason, name, default_message = _DEFAULTS.get(
        status, ("backendError", "UNKNOWN", HTTPStatus(status).phrase)
    )
    reason = reason or default_reason
    message = message or default_message
    domain = "usageLimits" if reason in _RATE_REASONS else "global"
    detail = {"message": message, "domain": domain, "reason": reason}
    if status == 401:
        detail.update(location="Authorization", locationType="header")
    error: JSON = {"code": status, "message": message, "errors": [detail], "status": name}
    # Newer Google answers add google.rpc.ErrorInfo details, whose reason googleapiclient puts
    # first in HttpError.error_details.
    info = _ERROR_INFO.get(reason)
    if info is not None:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": info,
                "domain": "googleapis.com",
                "metadata": {"service": "gmail.googleapis.com"},
            }
        ]
    return {"error": error}


_ERROR_INFO = {
    "rateLimitExceeded": "RATE_LIMIT_EXCEEDED",
    "userRateLimitExceeded": "RATE_LIMIT_EXCEEDED",
    "insufficientPermissions": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
    "accessNotConfigured": "SERVICE_DISABLED",
}


def _thread_subject(subject: str) -> str:
    """A subject as Gmail compares it to thread a reply: without Re:/Fwd: prefixes."""
    return (
        re.sub(r"^\s*((re|fwd?|aw|wg|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE)
        .strip()
        .lower()
    )


def b64url(data: bytes) -> str:
    """URL-safe base64 with padding, as Gmail writes ``raw`` and ``body.data``."""
    return base64.urlsafe_b64encode(data).decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _crlf(raw: bytes) -> bytes:
    return re.sub(rb"\r?\n", b"\r\n", raw)


def _text(value: str) -> str:
    """A raw header value as text: 8-bit bytes read as UTF-8, folded lines unfolded."""
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(r"\r?\n(?=[ \t])", "", value).rstrip("\r\n")


def _headers(part: Message) -> list[JSON]:
    return [{"name": name, "value": _text(value)} for name, value in part.raw_items()]


def _header(part: Message, name: str) -> str:
    return " ".join(_text(v) for k, v in part.raw_items() if k.lower() == name.lower())


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class ApiError(Exception):
    """An error answer: HTTP status, JSON body and extra headers."""

    def __init__(self, status: int, body: JSON, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status, body)
        self.status, self.body, self.headers = status, body, dict(headers or {})


def _bad(message: str, status: int = 400, reason: str | None = None) -> ApiError:
    return ApiError(status, google_error(status, message, reason))


def _oauth_error(status: int, error: str, description: str) -> ApiError:
    return ApiError(status, {"error": error, "error_description": description})


@dataclass
class StoredMessage:
    """One message of the mailbox; :meth:`GmailServer.message` gives a copy."""

    id: str
    thread_id: str
    labels: list[str]
    raw: bytes
    internal_date: datetime
    history_id: int
    message_id: str = ""
    parsed: Message = field(default_factory=Message, repr=False, compare=False)


@dataclass(frozen=True)
class Request:
    """One HTTP request as it arrived (header names lower-cased)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class AuthRequest:
    """One visit of ``/o/oauth2/auth``: its parameters, and the scopes split."""

    client_id: str
    redirect_uri: str
    scopes: list[str]
    state: str | None
    params: dict[str, str]


@dataclass
class _Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(
        cls, body: JSON, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> _Answer:
        data = json.dumps(body, indent=2).encode()
        return cls(
            status, data, {"Content-Type": "application/json; charset=UTF-8", **(headers or {})}
        )


@dataclass
class _Failure:
    pattern: re.Pattern[str]
    status: int
    times: int
    headers: dict[str, str]
    reason: str | None
    message: str | None


@dataclass
class _Record:
    id: int
    kind: str
    labels: frozenset[str]
    body: JSON


@dataclass(frozen=True)
class _Grant:
    scopes: tuple[str, ...]
    redirect_uri: str = ""
    challenge: str | None = None
    method: str = "plain"


@dataclass(frozen=True)
class _Token:
    expires: float
    scopes: tuple[str, ...]
    refresh: str | None


Predicate = Callable[[StoredMessage], bool]


class GmailServer:
    """A Gmail API and Google OAuth server on 127.0.0.1 (see the module doc); a context manager."""

    client_id = "123456789012-watchertests.apps.googleusercontent.com"
    client_secret = "GOCSPX-synthetic-test-secret"

    def __init__(self, address: str = "me@example.org") -> None:
        self.address = address
        self.requests: list[Request] = []
        self.subrequests: list[Request] = []
        self.auth_requests: list[AuthRequest] = []
        self.token_requests: list[str] = []
        self.errors: list[BaseException] = []
        self.bytes_sent = 0
        self._lock = threading.RLock()
        self._messages: dict[str, StoredMessage] = {}
        self._count = 0
        self._labels: dict[str, JSON] = {}
        for label in SYSTEM_LABELS:
            self._labels[label] = {"id": label, "name": label, "type": "system"}
            if label in _HIDDEN:
                self._labels[label].update(
                    messageListVisibility="hide", labelListVisibility="labelHide"
                )
        self._user_labels = 0
        self._history_id = FIRST_HISTORY_ID
        self._expired_before = FIRST_HISTORY_ID
        self._history: list[_Record] = []
        self._drafts: dict[str, str] = {}
        self._failures: list[_Failure] = []
        self._tokens: dict[str, _Token] = {}
        self._refresh: dict[str, tuple[str, ...]] = {}
        self._codes: dict[str, _Grant] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._closing = False

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> GmailServer:
        """Listen on a free port of 127.0.0.1 and serve in a daemon thread."""
        server = self

        class Handler(_Handler):
            gmail = server

        self._httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open keep-alive connections and close the socket."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        with self._lock:
            self._closing = True
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> GmailServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the ``api_endpoint``, and the base of the OAuth URIs."""
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        return f"http://{HOST}:{self._httpd.server_address[1]}"

    def _register(self, connection: socket.socket, add: bool) -> bool:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)
            return not self._closing

    # -- mailbox (Python API) ----------------------------------------------------------------------

    @property
    def history_id(self) -> int:
        """The mailbox's current history id."""
        with self._lock:
            return self._history_id

    def deliver(
        self,
        raw: bytes,
        labels: Iterable[str] = ("INBOX", "UNREAD"),
        internal_date: datetime | None = None,
    ) -> str:
        """Add a message (line ends made CRLF); return its id. internal_date defaults to the Date
        header, else now. The thread is the one of a message its In-Reply-To/References name."""
        raw = _crlf(raw)
        parsed = BytesParser(policy=compat32).parsebytes(raw)
        if internal_date is None:
            try:
                internal_date = parsedate_to_datetime(_header(parsed, "Date"))
            except (TypeError, ValueError, IndexError):
                internal_date = datetime.now(UTC)
        if internal_date.tzinfo is None:
            internal_date = internal_date.replace(tzinfo=UTC)
        with self._lock:
            return self._add(raw, parsed, self._known(labels), internal_date, None).id

    def add_labels(self, message_id: str, labels: Iterable[str]) -> None:
        """Add labels to a message (one history record, none if nothing changes)."""
        self._relabel(message_id, labels, add=True)

    def remove_labels(self, message_id: str, labels: Iterable[str]) -> None:
        """Remove labels from a message (one history record, none if nothing changes)."""
        self._relabel(message_id, labels, add=False)

    def delete(self, message_id: str) -> None:
        """Delete a message for good (a ``messagesDeleted`` record; its draft goes too)."""
        with self._lock:
            stored = self._messages.pop(message_id)
            for draft, target in list(self._drafts.items()):
                if target == message_id:
                    del self._drafts[draft]
            ref = {"id": stored.id, "threadId": stored.thread_id}
            self._record("messageDeleted", set(stored.labels), messagesDeleted=[{"message": ref}])

    def create_label(self, name: str) -> str:
        """Create a user label; return its id (``Label_1``, ``Label_2``...)."""
        with self._lock:
            if any(label["name"].lower() == name.lower() for label in self._labels.values()):
                raise ValueError(f"label {name!r} exists")
            self._user_labels += 1
            label_id = f"Label_{self._user_labels}"
            self._labels[label_id] = {
                "id": label_id,
                "name": name,
                "type": "user",
                "messageListVisibility": "show",
                "labelListVisibility": "labelShow",
            }
            return label_id

    def message(self, message_id: str) -> StoredMessage:
        """A copy of a stored message (KeyError if there is none)."""
        with self._lock:
            stored = self._messages[message_id]
            return replace(stored, labels=list(stored.labels))

    def ids(self, label: str | None = None) -> list[str]:
        """Ids of the messages (with ``label``, when given) in delivery order."""
        with self._lock:
            return [m.id for m in self._messages.values() if label is None or label in m.labels]

    def drafts(self) -> list[tuple[str, str]]:
        """(draft id, message id) of every draft, oldest first."""
        with self._lock:
            return list(self._drafts.items())

    def expire_history(self) -> None:
        """Forget the history: any startHistoryId older than the current one now gives 404."""
        with self._lock:
            self._expired_before = self._history_id
            self._history = [r for r in self._history if r.id > self._history_id]

    def fail(
        self,
        pattern: str,
        status: int,
        *,
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        reason: str | None = None,
        message: str | None = None,
    ) -> None:
        """Answer the next ``times`` requests (batch parts included) whose path (no query)
        matches ``pattern`` (``re.search``) with ``status``, a Google error body (``reason``
        defaults by status: 429 rateLimitExceeded, 403 userRateLimitExceeded, 5xx backendError)
        and ``headers`` (such as ``{"Retry-After": "1"}``)."""
        with self._lock:
            self._failures.append(
                _Failure(re.compile(pattern), status, times, dict(headers or {}), reason, message)
            )

    def reset_counters(self) -> None:
        """Clear requests, subrequests, auth_requests, token_requests and bytes_sent."""
        with self._lock:
            self.requests.clear()
            self.subrequests.clear()
            self.auth_requests.clear()
            self.token_requests.clear()
            self.bytes_sent = 0

    # -- tokens (Python API) -----------------------------------------------------------------------

    def issue_token(self, expires_in: int = 3600, scopes: Sequence[str] = DEFAULT_SCOPES) -> str:
        """Mint an access token valid for ``expires_in`` seconds."""
        return self._access_token(tuple(scopes), expires_in, None)

    def expire_tokens(self) -> None:
        """Make every access token invalid (refresh tokens stay good)."""
        with self._lock:
            self._tokens.clear()

    def issue_refresh_token(self, scopes: Sequence[str] = DEFAULT_SCOPES) -> str:
        """Mint a refresh token for the test client, as a finished sign-in would."""
        token = "1//0test-" + secrets.token_urlsafe(24)
        with self._lock:
            self._refresh[token] = tuple(scopes)
        return token

    def revoke(self, refresh_token: str) -> None:
        """Revoke a refresh token and the access tokens it gave (as Google does)."""
        with self._lock:
            self._refresh.pop(refresh_token, None)
            for token, info in list(self._tokens.items()):
                if info.refresh == refresh_token:
                    del self._tokens[token]

    def client_secrets_json(self, directory: Path) -> Path:
        """Write an "installed" client secrets file for this server into ``directory``."""
        path = directory / "client_secret.json"
        installed = {
            "client_id": self.client_id,
            "project_id": "watcher-tests",
            "auth_uri": f"{self.url}/o/oauth2/auth",
            "token_uri": f"{self.url}/token",
            "client_secret": self.client_secret,
            "redirect_uris": ["http://localhost"],
        }
        path.write_text(json.dumps({"installed": installed}), encoding="utf-8")
        return path

    def authorized_user_info(self, scopes: Sequence[str] = DEFAULT_SCOPES) -> JSON:
        """What ``Credentials.from_authorized_user_info`` reads: a live access token (1 h), a new
        refresh token and this server's token_uri and client. Trap: google-auth's
        ``from_authorized_user_info`` always puts Google's token_uri: call
        ``.with_token_uri(info["token_uri"])`` on the result."""
        refresh = self.issue_refresh_token(scopes)
        token = self._access_token(tuple(scopes), 3600, refresh)
        expiry = datetime.now(UTC) + timedelta(seconds=3600)
        return {
            "token": token,
            "refresh_token": refresh,
            "token_uri": f"{self.url}/token",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "scopes": list(scopes),
            "expiry": expiry.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }

    def _access_token(self, scopes: tuple[str, ...], expires_in: int, refresh: str | None) -> str:
        token = "ya29.test-" + secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = _Token(time.time() + expires_in, scopes, refresh)
        return token

    def _live(self, token: str) -> _Token | None:
        with self._lock:
            info = self._tokens.get(token)
            return info if info is not None and info.expires > time.time() else None

    # -- mailbox internals (under the lock) --------------------------------------------------------

    def _known(self, labels: Iterable[str]) -> list[str]:
        labels = list(dict.fromkeys(labels))
        unknown = [label for label in labels if label not in self._labels]
        if unknown:
            raise ValueError(f"unknown labels {unknown}")
        return labels

    def _record(self, kind: str, labels: set[str], **body: Any) -> int:
        self._history_id += 1
        refs = [entry["message"] for entry in next(iter(body.values()))]
        messages = [{"id": ref["id"], "threadId": ref["threadId"]} for ref in refs]
        record = {"id": str(self._history_id), "messages": messages, **body}
        self._history.append(_Record(self._history_id, kind, frozenset(labels), record))
        return self._history_id

    def _add(
        self,
        raw: bytes,
        parsed: Message,
        labels: list[str],
        internal_date: datetime,
        thread_id: str | None,
    ) -> StoredMessage:
        message_id = f"{_FIRST_ID + self._count:016x}"
        self._count += 1
        own = _MSGID.findall(_header(parsed, "Message-ID"))
        if thread_id is None:
            named = _MSGID.findall(_header(parsed, "In-Reply-To"))
            named += reversed(_MSGID.findall(_header(parsed, "References")))
            # Like Gmail: a reply joins the thread of a message it names only if its subject
            # is the same but for Re:/Fwd: (a reply whose subject changed starts a thread).
            subject = _thread_subject(_header(parsed, "Subject"))
            thread_id = next(
                (
                    m.thread_id
                    for ref in named
                    for m in self._messages.values()
                    if m.message_id == ref
                    and _thread_subject(_header(m.parsed, "Subject")) == subject
                ),
                message_id,
            )
        stored = StoredMessage(
            message_id, thread_id, labels, raw, internal_date, 0, own[0] if own else "", parsed
        )
        self._messages[message_id] = stored
        ref = {"id": message_id, "threadId": thread_id, "labelIds": list(labels)}
        stored.history_id = self._record(
            "messageAdded", set(labels), messagesAdded=[{"message": ref}]
        )
        return stored

    def _relabel(self, message_id: str, labels: Iterable[str], *, add: bool) -> None:
        with self._lock:
            stored = self._messages[message_id]
            wanted = self._known(labels)
            if add:
                changed = [label for label in wanted if label not in stored.labels]
                stored.labels.extend(changed)
            else:
                changed = [label for label in wanted if label in stored.labels]
                stored.labels[:] = [label for label in stored.labels if label not in changed]
            if not changed:
                return
            ref = {"id": stored.id, "threadId": stored.thread_id, "labelIds": list(stored.labels)}
            entry = [{"message": ref, "labelIds": changed}]
            kind, key = ("labelAdded", "labelsAdded") if add else ("labelRemoved", "labelsRemoved")
            stored.history_id = self._record(
                kind, set(stored.labels) | set(changed), **{key: entry}
            )

    # -- HTTP dispatch -----------------------------------------------------------------------------

    def _dispatch(
        self, method: str, target: str, headers: dict[str, str], body: bytes, *, sub: bool = False
    ) -> _Answer:
        parts = urllib.parse.urlsplit(target)
        path, query = parts.path, urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        with self._lock:
            (self.subrequests if sub else self.requests).append(
                Request(method, path, query, headers)
            )
            failure = next((f for f in self._failures if f.pattern.search(path)), None)
            if failure is not None:
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
        try:
            if failure is not None:
                extra = {"WWW-Authenticate": _WWW_AUTHENTICATE} if failure.status == 401 else {}
                error = google_error(failure.status, failure.message, failure.reason)
                raise ApiError(failure.status, error, {**extra, **failure.headers})
            answer = self._route(method, path, query, headers, body, sub)
        except ApiError as error:
            answer = _Answer.json(error.body, error.status, error.headers)
        if path in _OAUTH_PATHS:
            # googleapiclient refreshes the credentials of a batch on a throwaway httplib2.Http
            # that it never closes: closing the connection here spares a ResourceWarning
            answer.headers["Connection"] = "close"
        return answer

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
        sub: bool,
    ) -> _Answer:
        if path == "/o/oauth2/auth" and method == "GET":
            return self._authorize(query)
        if path == "/token" and method == "POST":
            return self._token(_form(body), headers)
        if path == "/revoke" and method == "POST":
            return self._revoke({**_first(query), **_form(body)})
        if path == "/tokeninfo" and method in ("GET", "POST"):
            return self._tokeninfo({**_first(query), **_form(body)}, headers)
        if path in ("/batch/gmail/v1", "/batch") and method == "POST" and not sub:
            return self._batch(headers, body)
        match = re.fullmatch(r"/gmail/v1/users/([^/]+)/(.+)", path)
        if match is None:
            raise _bad(f"Not found: {path}", 404)
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or self._live(token.strip()) is None:
            raise ApiError(401, google_error(401), {"WWW-Authenticate": _WWW_AUTHENTICATE})
        if urllib.parse.unquote(match[1]) not in ("me", self.address):
            raise _bad(f"Delegation denied for {self.address}", 403, "forbidden")
        with self._lock:
            answer = self._gmail(method, match[2], query, body)
        return _Answer(204) if answer is None else _Answer.json(answer)

    def _gmail(
        self, method: str, rest: str, query: dict[str, list[str]], body: bytes
    ) -> JSON | None:
        """Answer one Gmail call (None: 204 No Content)."""
        one = _first(query)
        route = (method, *rest.split("/"))
        match route:
            case ("GET", "profile"):
                threads = {m.thread_id for m in self._messages.values()}
                return {
                    "emailAddress": self.address,
                    "messagesTotal": len(self._messages),
                    "threadsTotal": len(threads),
                    "historyId": str(self._history_id),
                }
            case ("GET", "labels"):
                return {"labels": [dict(label) for label in self._labels.values()]}
            case ("GET", "labels", label_id) if label_id in self._labels:
                return dict(self._labels[label_id])
            case ("GET", "messages"):
                return self._list(query)
            case ("GET", "messages", message_id):
                return self._resource(self._get(message_id), one.get("format", "full"), query)
            case ("GET", "messages", message_id, "attachments", attachment_id):
                return self._attachment(self._get(message_id), attachment_id)
            case ("GET", "threads", thread_id):
                fmt = one.get("format", "full")
                if fmt not in ("full", "metadata", "minimal"):
                    raise _bad(f"Invalid value at 'format' ({fmt})")
                found = [m for m in self._messages.values() if m.thread_id == thread_id]
                if not found:
                    raise _bad("Requested entity was not found.", 404)
                return {
                    "id": thread_id,
                    "historyId": str(max(m.history_id for m in found)),
                    "messages": [self._resource(m, fmt, query) for m in found],
                }
            case ("GET", "history"):
                return self._history_list(query)
            case ("GET", "drafts"):
                drafts = [
                    {"id": d, "message": {"id": m, "threadId": self._messages[m].thread_id}}
                    for d, m in reversed(self._drafts.items())
                ]
                return (
                    {"drafts": drafts, "resultSizeEstimate": len(drafts)}
                    if drafts
                    else {"resultSizeEstimate": 0}
                )
            case ("POST", "drafts"):
                return self._create_draft(body)
            case ("GET", "drafts", draft_id) if draft_id in self._drafts:
                stored = self._messages[self._drafts[draft_id]]
                return {
                    "id": draft_id,
                    "message": self._resource(stored, one.get("format", "full"), query),
                }
            case ("DELETE", "drafts", draft_id) if draft_id in self._drafts:
                self.delete(self._drafts[draft_id])
                return None
        raise _bad("Requested entity was not found.", 404)

    def _get(self, message_id: str) -> StoredMessage:
        stored = self._messages.get(message_id)
        if stored is None:
            raise _bad("Requested entity was not found.", 404)
        return stored

    # -- messages ----------------------------------------------------------------------------------

    def _list(self, query: dict[str, list[str]]) -> JSON:
        one = _first(query)
        wanted = query.get("labelIds", [])
        for label in wanted:
            if label not in self._labels:
                raise _bad(f"Invalid label: {label}")
        predicates, anywhere = self._search(one.get("q", ""))
        asked = one.get("includeSpamTrash", "").lower() == "true" or {"SPAM", "TRASH"} & set(wanted)
        anywhere = anywhere or bool(asked)
        found = [
            m
            for m in self._messages.values()
            if all(label in m.labels for label in wanted)
            and (anywhere or not {"SPAM", "TRASH"} & set(m.labels))
            and all(any(p(m) for p in group) for group in predicates)
        ]
        found.sort(key=lambda m: (_ms(m.internal_date), m.id), reverse=True)
        total, size = len(found), _max_results(one)
        token = one.get("pageToken")
        if token:
            if not re.fullmatch(r"\d{35}", token):
                raise _bad("Invalid pageToken")
            after = (int(token[:15]), f"{int(token[15:]):016x}")
            found = [m for m in found if (_ms(m.internal_date), m.id) < after]
        answer: JSON = {}
        if found[:size]:
            answer["messages"] = [{"id": m.id, "threadId": m.thread_id} for m in found[:size]]
        if len(found) > size:
            last = found[size - 1]
            answer["nextPageToken"] = f"{_ms(last.internal_date):015d}{int(last.id, 16):020d}"
        answer["resultSizeEstimate"] = total
        return answer

    def _search(self, q: str) -> tuple[list[list[Predicate]], bool]:
        """Parse ``q`` into AND-ed OR groups of predicates; also whether it lifts SPAM/TRASH."""
        groups: list[list[Predicate]] = []
        anywhere = False
        for token in _TERM.findall(q):
            terms = _TERM.findall(token[1:-1]) if token.startswith("{") else [token]
            group = []
            for term in terms:
                predicate, lifts = self._term(term)
                group.append(predicate)
                anywhere = anywhere or lifts
            if group:
                groups.append(group)
        return groups, anywhere

    def _term(self, term: str) -> tuple[Predicate, bool]:
        key, colon, value = term.partition(":")
        key, value = key.lower(), value.strip('"')
        if not colon or not value:
            raise _bad(f"Unsupported search term {term!r}")
        if key in ("from", "to", "cc"):
            return lambda m: value.lower() in _header(m.parsed, key).lower(), False
        if key in ("after", "before"):
            limit = _when(value) * 1000
            if key == "after":
                return lambda m: _ms(m.internal_date) >= limit, False
            return lambda m: _ms(m.internal_date) < limit, False
        if key == "rfc822msgid":
            wanted = value.strip("<>")
            return lambda m: m.message_id == wanted, False
        names = {"drafts": "DRAFT", "read": "UNREAD"}
        if key in ("in", "label", "is"):
            name = value.lower()
            if key == "in" and name == "anywhere":
                return lambda m: True, True
            label = names.get(name, name.upper())
            if label not in SYSTEM_LABELS:
                label = next(
                    (
                        i
                        for i, info in self._labels.items()
                        if info["type"] == "user" and info["name"].lower().replace(" ", "-") == name
                    ),
                    "",
                )
            if not label or (key == "is" and label not in {"UNREAD", "STARRED", "IMPORTANT"}):
                raise _bad(f"Unsupported search term {term!r}")
            if name == "read":
                return lambda m: "UNREAD" not in m.labels, False
            return lambda m: label in m.labels, label in ("SPAM", "TRASH")
        raise _bad(f"Unsupported search term {term!r}")

    def _resource(self, stored: StoredMessage, fmt: str, query: dict[str, list[str]]) -> JSON:
        if fmt not in ("full", "metadata", "minimal", "raw"):
            raise _bad(f"Invalid value at 'format' ({fmt})")
        answer: JSON = {"id": stored.id, "threadId": stored.thread_id}
        if stored.labels:
            answer["labelIds"] = list(stored.labels)
        answer["snippet"] = _snippet(stored.parsed)
        if fmt == "full":
            answer["payload"] = _part(stored.parsed, "", stored.id)
        elif fmt == "metadata":
            names = {name.lower() for name in query.get("metadataHeaders", [])}
            root = _part(stored.parsed, "", stored.id)
            headers = [h for h in root["headers"] if not names or h["name"].lower() in names]
            answer["payload"] = {
                "partId": "",
                "mimeType": root["mimeType"],
                "filename": "",
                "headers": headers,
                "body": {"size": root["body"]["size"]},
            }
        answer["sizeEstimate"] = len(stored.raw)
        if fmt == "raw":
            answer["raw"] = b64url(stored.raw)
        answer["historyId"] = str(stored.history_id)
        answer["internalDate"] = str(_ms(stored.internal_date))
        return answer

    def _attachment(self, stored: StoredMessage, attachment_id: str) -> JSON:
        try:
            owner, part_id = _unb64url(attachment_id.removeprefix("ANGjdJ")).decode().split("/")
        except ValueError:
            raise _bad("Invalid attachment token") from None
        part = _find(stored.parsed, part_id) if owner == stored.id else None
        if part is None:
            raise _bad("Invalid attachment token")
        data = _leaf(part)
        return {"attachmentId": attachment_id, "size": len(data), "data": b64url(data)}

    # -- history and drafts ------------------------------------------------------------------------

    def _history_list(self, query: dict[str, list[str]]) -> JSON:
        one = _first(query)
        start_text = one.get("startHistoryId", "")
        if not start_text.isdigit():
            raise _bad("Invalid startHistoryId" if start_text else "Missing startHistoryId")
        start = int(start_text)
        if start < self._expired_before:
            raise _bad("Requested entity was not found.", 404)
        token = one.get("pageToken")
        if token:
            if not token.isdigit():
                raise _bad("Invalid pageToken")
            start = max(start, int(token))
        types = set(query.get("historyTypes", []))
        unknown = types - {"messageAdded", "messageDeleted", "labelAdded", "labelRemoved"}
        if unknown:
            raise _bad(f"Invalid value at 'history_types' ({sorted(unknown)[0]})")
        label = one.get("labelId")
        found = [
            r
            for r in self._history
            if r.id > start
            and (not types or r.kind in types)
            and (label is None or label in r.labels)
        ]
        size = _max_results(one)
        answer: JSON = {}
        if found:
            answer["history"] = [json.loads(json.dumps(r.body)) for r in found[:size]]
        if len(found) > size:
            answer["nextPageToken"] = str(found[size - 1].id)
        answer["historyId"] = str(self._history_id)
        return answer

    def _create_draft(self, body: bytes) -> JSON:
        try:
            request = json.loads(body or b"{}")
            raw = _crlf(_unb64url(request["message"]["raw"]))
        except (ValueError, KeyError, TypeError):
            raise _bad("Invalid draft: message.raw is required") from None
        thread_id = request["message"].get("threadId")
        if thread_id is not None and not any(
            m.thread_id == thread_id for m in self._messages.values()
        ):
            raise _bad("Invalid thread_id value")
        parsed = BytesParser(policy=compat32).parsebytes(raw)
        stored = self._add(raw, parsed, ["DRAFT"], datetime.now(UTC), thread_id)
        draft_id = f"r-{8_000_000_000_000_000_000 + self._count}"
        self._drafts[draft_id] = stored.id
        ref = {"id": stored.id, "threadId": stored.thread_id, "labelIds": ["DRAFT"]}
        return {"id": draft_id, "message": ref}

    # -- batch -------------------------------------------------------------------------------------

    def _batch(self, headers: dict[str, str], body: bytes) -> _Answer:
        kind = headers.get("content-type", "")
        if not kind.lower().startswith("multipart/"):
            raise _bad("Batch requests must be multipart/mixed")
        outer = BytesParser(policy=compat32).parsebytes(
            b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body
        )
        payload = outer.get_payload()
        parts = [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []
        if not parts:
            raise _bad("Empty batch request")
        if len(parts) > MAX_BATCH:
            raise _bad(f"Too many requests in a batch ({len(parts)} > {MAX_BATCH})")
        boundary = "batch_" + secrets.token_hex(12)
        out = []
        for part in parts:
            text = part.get_payload()
            if not isinstance(text, str):
                raise _bad("Each batch part must be one application/http request")
            line, _, rest = text.lstrip("\r\n").partition("\n")
            method, target, *_ = line.split()
            inner = Parser(policy=compat32).parsestr(rest)
            sub_headers = {k.lower(): _text(v) for k, v in inner.raw_items()}
            if "authorization" not in sub_headers and "authorization" in headers:
                sub_headers["authorization"] = headers["authorization"]
            payload = inner.get_payload()
            data = payload.encode() if isinstance(payload, str) else b""
            answer = self._dispatch(method, target, sub_headers, data, sub=True)
            response_id = (part.get("Content-ID") or "").strip().strip("<>")
            head = [f"HTTP/1.1 {answer.status} {HTTPStatus(answer.status).phrase}"]
            head += [f"{k}: {v}" for k, v in answer.headers.items()]
            head.append(f"Content-Length: {len(answer.body)}")
            out.append(
                f"--{boundary}\r\nContent-Type: application/http\r\n"
                f"Content-ID: <response-{response_id}>\r\n\r\n"
                + "\r\n".join(head)
                + "\r\n\r\n"
                + answer.body.decode()
                + "\r\n"
            )
        out.append(f"--{boundary}--\r\n")
        kind = f"multipart/mixed; boundary={boundary}"
        return _Answer(200, "".join(out).encode(), {"Content-Type": kind})

    # -- OAuth -------------------------------------------------------------------------------------

    def _authorize(self, query: dict[str, list[str]]) -> _Answer:
        params = _first(query)
        if params.get("client_id") != self.client_id:
            return _page(401, "Error 401: invalid_client", "The OAuth client was not found.")
        redirect = params.get("redirect_uri", "")
        target = urllib.parse.urlsplit(redirect)
        if target.scheme != "http" or target.hostname not in ("localhost", "127.0.0.1", "::1"):
            return _page(400, "Error 400: redirect_uri_mismatch", "Use a loopback redirect_uri.")
        scopes = params.get("scope", "").split()
        if params.get("response_type") != "code" or not scopes:
            return _page(400, "Error 400: invalid_request", "response_type=code and scope.")
        state = params.get("state")
        challenge = params.get("code_challenge")
        grant = _Grant(
            tuple(scopes), redirect, challenge, params.get("code_challenge_method", "plain")
        )
        code = "4/0Atest-" + secrets.token_urlsafe(24)
        with self._lock:
            self.auth_requests.append(AuthRequest(self.client_id, redirect, scopes, state, params))
            self._codes[code] = grant
        answer = {
            **({"state": state} if state is not None else {}),
            "code": code,
            "scope": " ".join(scopes),
        }
        location = redirect + ("&" if "?" in redirect else "?") + urllib.parse.urlencode(answer)
        return _Answer(302, b"", {"Location": location})

    def _token(self, form: dict[str, str], headers: dict[str, str]) -> _Answer:
        grant_type = form.get("grant_type", "")
        with self._lock:
            self.token_requests.append(grant_type)
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        scheme, _, basic = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            pair = base64.b64decode(basic).decode().split(":", 1)
            client_id, client_secret = (urllib.parse.unquote_plus(p) for p in (*pair, "")[:2])
        if client_id != self.client_id or client_secret != self.client_secret:
            raise _oauth_error(401, "invalid_client", "The OAuth client was not found.")
        if grant_type == "authorization_code":
            with self._lock:
                grant = self._codes.pop(form.get("code", ""), None)
            if grant is None:
                raise _oauth_error(400, "invalid_grant", "Malformed auth code.")
            if form.get("redirect_uri") != grant.redirect_uri:
                raise _oauth_error(400, "redirect_uri_mismatch", "Bad Request")
            if grant.challenge is not None:
                verifier = form.get("code_verifier")
                if not verifier:
                    raise _oauth_error(400, "invalid_grant", "Missing code verifier.")
                digest = hashlib.sha256(verifier.encode()).digest()
                expected = b64url(digest).rstrip("=") if grant.method == "S256" else verifier
                if expected != grant.challenge:
                    raise _oauth_error(400, "invalid_grant", "Invalid code verifier.")
            refresh = self.issue_refresh_token(grant.scopes)
            answer = {
                "access_token": self._access_token(grant.scopes, 3599, refresh),
                "expires_in": 3599,
                "refresh_token": refresh,
                "scope": " ".join(grant.scopes),
                "token_type": "Bearer",
            }
            return _Answer.json(answer)
        if grant_type == "refresh_token":
            refresh = form.get("refresh_token", "")
            with self._lock:
                scopes = self._refresh.get(refresh)
            if scopes is None:
                raise _oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
            asked = form.get("scope", "").split()
            if not set(asked) <= set(scopes):
                raise _oauth_error(400, "invalid_scope", "Some requested scopes were invalid.")
            granted = tuple(asked) or scopes
            answer = {
                "access_token": self._access_token(granted, 3599, refresh),
                "expires_in": 3599,
                "scope": " ".join(granted),
                "token_type": "Bearer",
            }
            return _Answer.json(answer)
        raise _oauth_error(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}")

    def _revoke(self, params: dict[str, str]) -> _Answer:
        token = params.get("token", "")
        with self._lock:
            known = token in self._refresh or self._tokens.pop(token, None) is not None
        if not known:
            raise _oauth_error(400, "invalid_token", "Token expired or revoked")
        self.revoke(token)
        return _Answer.json({})

    def _tokeninfo(self, params: dict[str, str], headers: dict[str, str]) -> _Answer:
        scheme, _, bearer = headers.get("authorization", "").partition(" ")
        token = (
            params.get("access_token")
            or params.get("token")
            or (bearer.strip() if scheme.lower() == "bearer" else "")
        )
        info = self._live(token)
        if info is None:
            raise _oauth_error(400, "invalid_token", "Invalid Value")
        answer = {
            "active": True,
            "email": self.address,
            "email_verified": True,
            "scope": " ".join(info.scopes),
            "exp": int(info.expires),
            "expires_in": max(0, int(info.expires - time.time())),
            "aud": self.client_id,
            "azp": self.client_id,
        }
        return _Answer.json(answer)


# -- MIME -> Gmail payload ---------------------------------------------------------------------


def _children(part: Message) -> list[Message] | None:
    payload = part.get_payload()
    if part.get_content_type() == "message/rfc822" or not isinstance(payload, list):
        return None
    return [child for child in payload if isinstance(child, Message)]


def _leaf(part: Message) -> bytes:
    """The transfer-decoded content of a leaf part (a message/rfc822 part: the whole message)."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes(policy=compat32.clone(linesep="\r\n"))
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _attachment_id(message_id: str, part_id: str) -> str:
    return "ANGjdJ" + b64url(f"{message_id}/{part_id}".encode()).rstrip("=")


def _part(part: Message, part_id: str, message_id: str) -> JSON:
    """Gmail's MessagePart for ``part`` (format=full)."""
    filename = part.get_filename() or ""
    answer: JSON = {
        "partId": part_id,
        "mimeType": part.get_content_type(),
        "filename": filename,
        "headers": _headers(part),
    }
    children = _children(part)
    if children is not None:
        answer["body"] = {"size": 0}
        answer["parts"] = [
            _part(child, f"{part_id}.{i}" if part_id else str(i), message_id)
            for i, child in enumerate(children)
        ]
        return answer
    data = _leaf(part)
    body: JSON = {"size": len(data)}
    if filename or part.get_content_type() == "message/rfc822":
        body["attachmentId"] = _attachment_id(message_id, part_id)
    elif data:
        body["data"] = b64url(data)
    answer["body"] = body
    return answer


def _find(part: Message, part_id: str) -> Message | None:
    for index in part_id.split(".") if part_id else []:
        children = _children(part)
        if children is None or not index.isdigit() or int(index) >= len(children):
            return None
        part = children[int(index)]
    return part


def _walk_leaves(part: Message) -> Iterable[Message]:
    children = _children(part)
    if children is None:
        yield part
    else:
        for child in children:
            yield from _walk_leaves(child)


def _snippet(message: Message) -> str:
    """About 200 characters of the first text/plain (else text/html) body, HTML-escaped."""
    leaves = [p for p in _walk_leaves(message) if not p.get_filename()]
    for kind in ("text/plain", "text/html"):
        part = next((p for p in leaves if p.get_content_type() == kind), None)
        if part is None:
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = _leaf(part).decode(charset, "replace")
        except LookupError:
            text = _leaf(part).decode("utf-8", "replace")
        if kind == "text/html":
            text = re.sub(r"(?is)<(style|script).*?</\1>", "", text)
            text = html.unescape(re.sub(r"<[^>]*>", " ", text))
        text = " ".join(text.split())[:200]
        return html.escape(text, quote=True).replace("&#x27;", "&#39;")
    return ""


# -- small parsers -----------------------------------------------------------------------------


def _first(query: Mapping[str, list[str]]) -> dict[str, str]:
    return {key: values[-1] for key, values in query.items() if values}


def _form(body: bytes) -> dict[str, str]:
    return _first(urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))


def _max_results(params: Mapping[str, str]) -> int:
    text = params.get("maxResults", "100")
    if not text.isdigit() or int(text) < 1:
        raise _bad(f"Invalid value at 'max_results' ({text})")
    return min(int(text), 500)


def _when(value: str) -> int:
    """Epoch seconds of ``after:``/``before:`` values: seconds, or a date at midnight UTC."""
    if value.isdigit():
        return int(value)
    match = re.fullmatch(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", value)
    if match is None:
        raise _bad(f"Unsupported date {value!r}")
    year, month, day = map(int, match.groups())
    try:
        return int(datetime(year, month, day, tzinfo=UTC).timestamp())
    except ValueError:
        raise _bad(f"Unsupported date {value!r}") from None


def _page(status: int, title: str, detail: str) -> _Answer:
    body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{detail}</p>".encode()
    return _Answer(status, body, {"Content-Type": "text/html; charset=utf-8"})


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, asks :class:`GmailServer` and writes its answer (keep-alive)."""

    protocol_version = "HTTP/1.1"
    wbufsize = -1  # headers and body in one write: no 40 ms Nagle/delayed-ACK stall per call
    disable_nagle_algorithm = True
    gmail: GmailServer

    def setup(self) -> None:
        super().setup()
        if not self.gmail._register(self.connection, True):
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        self.gmail._register(self.connection, False)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _handle(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            answer = self.gmail._dispatch(self.command, self.path, headers, self._body())
        except Exception as error:  # recorded for the test to see, answered as a 500
            self.gmail.errors.append(error)
            answer = _Answer.json(google_error(500, repr(error)), 500)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)
        with self.gmail._lock:
            self.gmail.bytes_sent += len(answer.body)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _handle
