"""Google OAuth for the Gmail API and for IMAP's XOAUTH2: the only user of google-auth.

A :class:`Session` holds one account's OAuth token (with its refresh token), refreshes it when
it has expired and saves the refreshed token back where it came from (the OS keyring, or the
account's ``token_file``). A token the server refuses for good (``invalid_grant``: revoked,
expired, or a client still in "Testing" after 7 days) becomes :class:`SignInRefused`, whose
message tells the user to log in again; a token server that cannot be reached is a
:class:`SignInUnavailable`, which a later retry may cure.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import json
import socket
import socketserver
import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import google.auth.exceptions
import google.auth.transport.requests
import google.oauth2.credentials
import requests.exceptions

from watcher import credentials, logsetup
from watcher.credentials import OAuthError, SignInRefused, SignInUnavailable, login_hint
from watcher.settings import Account, GmailAccount, ImapAccount, is_loopback

if TYPE_CHECKING:
    import oauthlib.oauth2.rfc6749.errors

GMAIL_SCOPES = (
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.compose",
)
"""What the Gmail API backend asks for: read mail, and write drafts (never send)."""

IMAP_SCOPES = ("https://mail.google.com/",)
"""What Gmail's IMAP server requires of an XOAUTH2 login (it accepts no narrower scope)."""

REFUSED = ("invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope")
"""OAuth error codes (RFC 6749 §5.2) after which only a new login helps."""

RefreshError = google.auth.exceptions.RefreshError
"""What the credentials raise when a refresh fails (for the callers that drive them)."""

TransportError = google.auth.exceptions.TransportError


__all__ = ["OAuthError", "Session", "SignInRefused", "SignInUnavailable", "login_hint"]


def scopes_for(account: Account) -> tuple[str, ...]:
    """Return the scopes an account's login asks for (Gmail API, or IMAP's XOAUTH2)."""
    return GMAIL_SCOPES if isinstance(account, GmailAccount) else IMAP_SCOPES


@dataclass
class Session:
    """One account's OAuth credentials. ``save`` receives the token as JSON text each time it
    is refreshed (so the next process does not refresh it again). Its secrets (the access and
    refresh tokens, the client secret) are registered for redaction from the logs, and so is
    each new access token."""

    account: str
    credentials: google.oauth2.credentials.Credentials
    save: Callable[[str], None]

    def __post_init__(self) -> None:
        creds = self.credentials
        for secret in (creds.token, creds.refresh_token, getattr(creds, "client_secret", None)):
            if secret:
                logsetup.redact(str(secret))

    @classmethod
    def from_json(
        cls,
        account: str,
        text: str,
        save: Callable[[str], None],
        *,
        token_uri: str | None = None,
        source: str | None = None,
    ) -> Session:
        """Given a token saved by :meth:`to_json` (or by ``watcher auth login``), return a
        session that refreshes it at ``token_uri`` (that of the account's OAuth client; None:
        Google's); raise OAuthError, naming ``source`` (where it was read) if given, if it is
        not a token this program can use.

        google-auth ignores the token_uri saved with a token (it always puts Google's), so the
        one of the client the user configured is set here."""
        try:
            info: Any = json.loads(text)
            if not isinstance(info, dict):
                raise ValueError("not a JSON object")
            creds = google.oauth2.credentials.Credentials.from_authorized_user_info(info)
            if token_uri is not None:
                expiry = creds.expiry
                creds = creds.with_token_uri(token_uri)
                # The copy forgets the expiry: it would pass for valid forever, never refreshed.
                creds.expiry = expiry
        except (ValueError, TypeError, KeyError) as error:
            where = f" in {source}" if source else ""
            raise OAuthError(
                f"the saved Google sign-in of account {account!r}{where} cannot be read "
                f"({error}): {login_hint(account)}"
            ) from None
        return cls(account, creds, save)

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes of the sign-in: those Google granted at login, else those saved."""
        found = self.credentials.granted_scopes or self.credentials.scopes or ()
        return tuple(found.split() if isinstance(found, str) else found)

    def to_json(self) -> str:
        text: str = self.credentials.to_json()
        return text

    def access_token(self) -> str:
        """Return a valid access token, refreshing (and saving) it first if it has expired."""
        if not self.credentials.valid:
            self.refresh()
        token = self.credentials.token
        if not token:
            raise OAuthError(f"the Google sign-in of account {self.account!r} has no token")
        logsetup.redact(token)
        return str(token)

    def refresh(self) -> None:
        """Ask the token server for a new access token and save it; raise SignInRefused or
        SignInUnavailable."""
        try:
            self.credentials.refresh(google.auth.transport.requests.Request())
        except (RefreshError, TransportError) as error:
            raise self.explain(error) from None
        self.saved()

    def saved(self) -> None:
        """Save the token after a refresh (here or inside an API client). The save of a
        :func:`session` raises SignInRefused if the user removed the sign-in meanwhile."""
        token = self.credentials.token
        if token:
            logsetup.redact(token)
        self.save(self.to_json())

    def explain(self, error: Exception) -> OAuthError:
        """Turn a refresh failure into SignInRefused (log in again) or SignInUnavailable."""
        text = str(error.args[0]) if error.args else str(error)
        code = text.split(":", 1)[0].strip()
        if isinstance(error, RefreshError) and not self.credentials.refresh_token:
            return SignInRefused(
                f"the saved Google sign-in of account {self.account!r} has no refresh token, so "
                f"it cannot be renewed: {login_hint(self.account)}"
            )
        if isinstance(error, RefreshError) and code in REFUSED:
            return SignInRefused(
                f"Google refused the sign-in of account {self.account!r} ({code}: the token was "
                f"revoked, has expired, or the OAuth client changed): {login_hint(self.account)}"
            )
        return SignInUnavailable(
            f"the Google token server could not renew the sign-in of account {self.account!r} "
            f"({text[:200]}); it is tried again later"
        )


def session(account: Account) -> Session:
    """Return the saved sign-in of ``account`` (from its ``token_file``, else the OS keyring);
    raise OAuthError (or CredentialsError) naming the fix when there is none.

    Its saves (after each refresh) first look at what is saved now, for the user may have
    changed it since it was read (a daemon runs for weeks): a sign-in removed meanwhile
    (`watcher auth forget`) is not written back, and the save raises SignInRefused; one
    replaced by a newer login (another refresh token) is kept, and the save skipped."""
    name, path = account.name, account.token_file
    text = credentials.load_token(name, path)
    if text is None:
        raise OAuthError(
            f"account {name!r} is not signed in to Google yet: run `watcher auth login {name}`"
        )
    token_uri = str(client_config(account)["installed"]["token_uri"])
    ours = [_refresh_token(text)]  # the refresh token of the sign-in this session holds

    def save(new: str) -> None:
        stored = credentials.load_token(name, path)
        if stored is None:
            raise SignInRefused(
                f"the Google sign-in of account {name!r} was removed (`watcher auth forget "
                f"{name}`): {login_hint(name)}"
            )
        if _refresh_token(stored) != ours[0]:
            return  # the user logged in again meanwhile: the newer sign-in stays
        credentials.store_token(name, path, new)
        ours[0] = _refresh_token(new)

    return Session.from_json(
        name, text, save, token_uri=token_uri, source=credentials.token_location(name, path)
    )


def _refresh_token(text: str) -> str | None:
    """Return the refresh token of a saved sign-in (JSON text), None if it has none."""
    try:
        info = json.loads(text)
    except ValueError:
        return None
    value = info.get("refresh_token") if isinstance(info, dict) else None
    return value if isinstance(value, str) else None


# -- watcher auth login: the loopback flow (RFC 8252), with google-auth-oauthlib's Flow ---------

DEFAULT_PORT = 8765
"""The loopback port ``watcher auth login`` listens on: fixed, so that an SSH tunnel
(``ssh -L 8765:localhost:8765 server``) can be set up before the login starts."""

LOGIN_TIMEOUT = 300.0
"""How long ``watcher auth login`` waits for the browser to come back, in seconds."""

CONNECTION_TIMEOUT = 30.0
"""How long the loopback server waits for a request on a connection it accepted (a browser's
speculative connection may stay idle): it gives up on that one, never on the login."""

CONSOLE = "https://console.cloud.google.com/apis/credentials"
PERMISSIONS = "https://myaccount.google.com/permissions"
SUCCESS_PAGE = (
    "watcher received Google's answer; see the terminal for the outcome. You may close this window."
)
"""The page the browser lands on: sent before the answer is checked, so it claims nothing."""


class ClientSecretsError(OAuthError):
    """An account's ``client_secrets`` file is missing, unreadable or not a Desktop app client."""

    exit_code = 2


class PortInUse(OAuthError):
    """The loopback port of the login cannot be listened on."""

    exit_code = 2


class LoginFailed(OAuthError):
    """The sign-in did not complete: consent denied, no answer in time, no refresh token."""


def client_config(account: Account) -> dict[str, Any]:
    """Return the OAuth client of ``account`` (its ``client_secrets`` file, as JSON) when it is a
    "Desktop app" client; raise ClientSecretsError saying what to download otherwise."""
    path = account.client_secrets
    where = f"client_secrets of account {account.name!r}"
    download = (
        f'create an OAuth client ID of type "Desktop app" in the Google Cloud console ({CONSOLE}) '
        "and download its JSON there"
    )
    if path is None:
        raise ClientSecretsError(
            f"account {account.name!r} has no client_secrets: it signs in with a password "
            f"(`watcher auth set {account.name}`)"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClientSecretsError(f"{where}: there is no file at {path}: {download}") from None
    except IsADirectoryError:
        raise ClientSecretsError(f"{where}: {path} is a directory: {download}") from None
    except UnicodeDecodeError:
        raise ClientSecretsError(
            f"{where}: {path} is not text (UTF-8 JSON), so not the file the Google Cloud console "
            f"downloads: {download}"
        ) from None
    except OSError as error:
        raise ClientSecretsError(
            f"{where}: {path} cannot be read ({error.strerror or error}); fix its permissions"
        ) from None
    try:
        info: Any = json.loads(text)
    except ValueError as error:
        raise ClientSecretsError(
            f"{where}: {path} is not JSON ({error}); it should be the file the Google Cloud "
            f"console downloads for an OAuth client: {download}"
        ) from None
    if not isinstance(info, dict) or "installed" not in info:
        if isinstance(info, dict) and "web" in info:
            raise ClientSecretsError(
                f'{where}: {path} is a "Web application" client, whose redirect URIs Google '
                f"checks, so it cannot sign in from this machine's loopback address: {download}"
            )
        raise ClientSecretsError(
            f'{where}: {path} is not an OAuth client file (no "installed" section): {download}'
        )
    installed = info["installed"]
    missing = [
        key
        for key in ("client_id", "client_secret", "auth_uri", "token_uri")
        if not isinstance(installed, dict) or not isinstance(installed.get(key), str)
    ]
    if missing:
        raise ClientSecretsError(
            f'{where}: {path} lacks {", ".join(missing)} in its "installed" section: {download}'
        )
    for key in ("auth_uri", "token_uri"):
        if not _secure(installed[key]):
            raise ClientSecretsError(
                f"{where}: {key} {installed[key]!r} in {path} must be https (plain http only to "
                f"this machine, for tests), as the sign-in travels there: {download}"
            )
    return {"installed": dict(installed)}


def _secure(url: str) -> bool:
    """Return True for an https URL, or an http one to this machine (a test's fake Google)."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    if not host:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and is_loopback(host))


def login(
    account: Account,
    *,
    host: str = "localhost",
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    announce: Callable[[str], None],
    timeout: float = LOGIN_TIMEOUT,
) -> Session:
    """Sign ``account`` in to Google in the browser and save its token; return the session.

    The loopback flow: check that the token can be saved where the account keeps it, listen
    on ``http://host:port/`` (``port`` 0: any free one), call ``announce`` with the URL the
    user must open (also opened in the browser when ``open_browser``), wait up to ``timeout``
    seconds for Google to redirect the browser back with a code, and exchange it (with PKCE and
    the state of google-auth-oauthlib's Flow) for an access and a refresh token, which are
    saved in the account's ``token_file`` or the OS keyring. Raise ClientSecretsError,
    CredentialsError (the token could not be saved there), PortInUse, LoginFailed (denied, no
    answer in time, an unexpected request, no refresh token, scopes not all granted) or
    SignInUnavailable (the token server cannot be reached, or failed).
    """
    # Only a login needs these (a check or the daemon never loads them).
    import webbrowser

    import google_auth_oauthlib.flow
    import oauthlib.oauth2.rfc6749.errors

    config = client_config(account)
    credentials.check_token_destination(account.name, account.token_file)
    scopes = list(scopes_for(account))
    flow = google_auth_oauthlib.flow.InstalledAppFlow.from_client_config(config, scopes=scopes)
    answered: list[tuple[int, bool]] = []  # the token server's status, and whether it was JSON

    def record(response: Any) -> Any:
        kind = str(response.headers.get("Content-Type", "")).split(";")[0].strip().lower()
        answered.append((int(response.status_code), kind.endswith("json")))
        return response

    flow.oauth2session.register_compliance_hook("access_token_response", record)
    username = account.username if isinstance(account, ImapAccount) else ""
    hint = username or (account.addresses[0] if account.addresses else "")
    extra = {"login_hint": hint} if hint else {}
    again = f"run `watcher auth login {account.name}` again"
    try:
        server = _LoopbackServer(host, port, connection_timeout=min(CONNECTION_TIMEOUT, timeout))
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise PortInUse(
                f"cannot listen on {host} port {port} for Google's answer ({error.strerror}): "
                "choose another port with --port (0 picks a free one)"
            ) from None
        raise
    port = server.port
    try:
        flow.redirect_uri = f"http://{host}:{port}/"
        try:
            url, _state = flow.authorization_url(
                access_type="offline",
                prompt="consent",  # so that Google always issues a refresh token
                **extra,
            )
        except oauthlib.oauth2.rfc6749.errors.OAuth2Error as error:
            raise _login_refused(account, error, config, port, answered) from None
        server.start()
        announce(url)
        if open_browser:
            with contextlib.suppress(webbrowser.Error):  # the URL was announced: enough
                webbrowser.open(url, new=1, autoraise=True)
        answer = server.wait(timeout)
    finally:
        server.stop()
    if answer is None:
        raise LoginFailed(
            f"no answer came back from the browser within {timeout:g} s: {again} and open the "
            "URL it prints (for a browser on another machine, see `watcher auth login --help`)"
        )
    # oauthlib takes only https answers; this one came over the loopback, plain http by design.
    response = f"https://{host}:{port}{answer}"
    try:
        flow.fetch_token(authorization_response=response)
        creds = flow.credentials
    except oauthlib.oauth2.rfc6749.errors.OAuth2Error as error:
        raise _login_refused(account, error, config, port, answered) from None
    except requests.exceptions.RequestException as error:
        raise SignInUnavailable(
            f"the Google token server could not be reached to finish the sign-in of account "
            f"{account.name!r} ({type(error).__name__}); check the network and {again}"
        ) from None
    except Warning as changed:  # oauthlib: the scopes granted are not those asked for
        token = getattr(changed, "token", None)
        granted = set(getattr(changed, "new_scope", None) or ())
        if token is None:
            raise
        missing = [scope for scope in scopes if scope not in granted]
        if missing:
            raise LoginFailed(
                f"the sign-in of account {account.name!r} was not granted "
                f"{', '.join(missing)}: {again} and leave every box ticked on Google's consent "
                "screen"
            ) from None
        flow.oauth2session.token = token
        creds = flow.credentials
    if not creds.refresh_token:
        raise LoginFailed(
            f"Google signed account {account.name!r} in but returned no refresh token, so the "
            f"sign-in would end within the hour: remove watcher's access at {PERMISSIONS}, then "
            f"{again}"
        )
    path = account.token_file
    signed_in = Session(
        account.name, creds, lambda new: credentials.store_token(account.name, path, new)
    )
    signed_in.saved()
    return signed_in


class _LoopbackServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """Where the browser brings Google's answer back: ``http://host:port/``, one thread per
    connection, each given up after ``connection_timeout`` seconds without a request (so an
    idle connection holds off neither the answer nor the login's own timeout).

    It listens with SO_REUSEADDR, so that a login run again at once gets the same fixed port,
    which the previous one's connection leaves in TIME-WAIT for a minute (not on Windows, where
    that option would let another program take the port: there the port is exclusive). On
    ``localhost`` it also holds ``::1`` (bound, not listening), so that no other program can
    answer there in its place, as google-auth-oauthlib's own server does."""

    allow_reuse_address = sys.platform != "win32"
    daemon_threads = True

    def __init__(self, host: str, port: int, *, connection_timeout: float) -> None:
        self.connection_timeout = connection_timeout
        self.answer: str | None = None
        self.answered = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._v6: socket.socket | None = None
        self._reserve_v6 = host == "localhost"
        super().__init__((host, port), _LoopbackHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def server_bind(self) -> None:
        if sys.platform == "win32" and hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        super().server_bind()
        if self._reserve_v6 and socket.has_ipv6:
            if _listening_v6(self.port):  # a browser trying ::1 first would reach another program
                raise OSError(errno.EADDRINUSE, "Address already in use")
            try:
                self._v6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                self._v6.bind(("::1", self.port))
            except OSError:
                self._close_v6()

    def _close_v6(self) -> None:
        if self._v6 is not None:
            self._v6.close()
            self._v6 = None

    def take(self, path: str) -> None:
        """Keep the first request for the redirect URI: Google's answer, or what came instead."""
        with self._lock:
            if self.answer is None:
                self.answer = path
                self.answered.set()

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float) -> str | None:
        """Return the path (and query) of the answer, None if none came within ``timeout``."""
        self.answered.wait(timeout)
        return self.answer

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        self.server_close()

    def server_close(self) -> None:
        self._close_v6()
        super().server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that broke or timed out: not the login's concern (and no traceback on
        the user's terminal)."""


def _listening_v6(port: int) -> bool:
    """Return True if a program listens on ``[::1]:port``."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.1)
            return probe.connect_ex(("::1", port)) == 0
    except OSError:
        return False


class _LoopbackHandler(http.server.BaseHTTPRequestHandler):
    server: _LoopbackServer
    protocol_version = "HTTP/1.0"
    page: ClassVar[bytes] = SUCCESS_PAGE.encode("utf-8")

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.connection_timeout)

    def do_GET(self) -> None:
        if urllib.parse.urlsplit(self.path).path != "/":  # /favicon.ico...: not the answer
            self._send(404, b"Not found: watcher waits for Google's answer on /.")
            return
        self.server.take(self.path)
        self._send(200, self.page)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing: the query holds the code (and stderr is the user's terminal)."""


def _login_refused(
    account: Account,
    error: oauthlib.oauth2.rfc6749.errors.OAuth2Error,
    config: Any,
    port: int,
    answered: list[tuple[int, bool]],
) -> OAuthError:
    """Turn what oauthlib raised while finishing the login into a message with the fix
    (``answered``: the token server's status and whether its answer was JSON, if it was asked)."""
    code = str(error.error or type(error).__name__)
    again = f"run `watcher auth login {account.name}` again"
    if answered and (answered[-1][0] >= 500 or not answered[-1][1]):
        status, is_json = answered[-1]
        what = "" if is_json else ", not JSON"
        return SignInUnavailable(
            f"Google's token server failed to finish the sign-in of account {account.name!r} "
            f"(HTTP {status}{what}); try again later: `watcher auth login {account.name}`"
        )
    if code in ("mismatching_state", "missing_code"):
        return LoginFailed(
            f"an unexpected request reached port {port} instead of Google's answer to this "
            f"login (state or code missing or wrong), so nothing was signed in; {again}"
        )
    if code == "access_denied":
        return LoginFailed(
            f"the sign-in of account {account.name!r} was denied on Google's consent screen: "
            f"{again} and choose Allow (an unverified client of your own shows \"Google hasn't "
            'verified this app": choose Advanced, then Go to ...)'
        )
    if code == "insecure_transport":
        installed = config["installed"]
        return ClientSecretsError(
            f"client_secrets of account {account.name!r}: its auth_uri "
            f"({installed['auth_uri']}) and token_uri ({installed['token_uri']}) must be https: "
            "download the file again from the Google Cloud console"
        )
    if code in ("invalid_client", "unauthorized_client"):
        return ClientSecretsError(
            f"Google does not know the OAuth client of account {account.name!r} ({code}): it was "
            f"deleted or its secret was reset; download its JSON again from {CONSOLE}"
        )
    detail = f": {error.description}" if error.description else ""
    return LoginFailed(
        f"Google refused to finish the sign-in of account {account.name!r} ({code}{detail}); "
        f"{again}"
    )
