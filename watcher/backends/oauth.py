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
import json
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
import google.oauth2.credentials
import google_auth_oauthlib.flow
import oauthlib.oauth2.rfc6749.errors
import requests.exceptions

from watcher import credentials, logsetup
from watcher.config import AccountConfig

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


class OAuthError(credentials.CredentialsError):
    """The OAuth sign-in of an account is missing or unusable; the message says the fix. (A
    kind of CredentialsError: the daemon waits for it, and tells the user once.)"""


class SignInRefused(OAuthError):
    """Google refused the account's token for good: the user must log in again."""


class SignInUnavailable(OAuthError):
    """The token server could not be reached or failed; retrying later may help."""


def scopes_for(account: AccountConfig) -> tuple[str, ...]:
    """Return the scopes an account's login asks for (Gmail API, or IMAP's XOAUTH2)."""
    return GMAIL_SCOPES if account.backend == "gmail" else IMAP_SCOPES


def login_hint(account: str) -> str:
    return f"log in again with `watcher auth login {account}`"


@dataclass
class Session:
    """One account's OAuth credentials. ``save`` receives the token as JSON text each time it
    is refreshed (so the next process does not refresh it again)."""

    account: str
    credentials: google.oauth2.credentials.Credentials
    save: Callable[[str], None]

    @classmethod
    def from_json(
        cls, account: str, text: str, save: Callable[[str], None], *, token_uri: str | None = None
    ) -> Session:
        """Given a token saved by :meth:`to_json` (or by ``watcher auth login``), return a
        session that refreshes it at ``token_uri`` (that of the account's OAuth client; None:
        Google's); raise OAuthError if it is not a token this program can use.

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
            raise OAuthError(
                f"the saved Google sign-in of account {account!r} cannot be read ({error}): "
                f"{login_hint(account)}"
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
        """Save the token if a refresh (here or inside an API client) changed it."""
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


def session(account: AccountConfig) -> Session:
    """Return the saved sign-in of ``account`` (from its ``token_file``, else the OS keyring);
    raise OAuthError (or CredentialsError) naming the fix when there is none."""
    path: Path | None = account.token_file
    text = credentials.load_token(account.name, path)
    if text is None:
        raise OAuthError(
            f"account {account.name!r} is not signed in to Google yet: run "
            f"`watcher auth login {account.name}`"
        )
    token_uri = str(client_config(account)["installed"]["token_uri"])
    return Session.from_json(
        account.name,
        text,
        lambda new: credentials.store_token(account.name, path, new),
        token_uri=token_uri,
    )


# -- watcher auth login: the loopback flow of google-auth-oauthlib ---------------------------------

DEFAULT_PORT = 8765
"""The loopback port ``watcher auth login`` listens on: fixed, so that an SSH tunnel
(``ssh -L 8765:localhost:8765 server``) can be set up before the login starts."""

LOGIN_TIMEOUT = 300.0
"""How long ``watcher auth login`` waits for the browser to come back, in seconds."""

CONSOLE = "https://console.cloud.google.com/apis/credentials"
PERMISSIONS = "https://myaccount.google.com/permissions"
SUCCESS_PAGE = "watcher is signed in to Google. You may close this window."


class ClientSecretsError(OAuthError):
    """An account's ``client_secrets`` file is missing, unreadable or not a Desktop app client."""

    exit_code = 2


class PortInUse(OAuthError):
    """The loopback port of the login cannot be listened on."""

    exit_code = 2


class LoginFailed(OAuthError):
    """The sign-in did not complete: consent denied, no answer in time, no refresh token."""


def client_config(account: AccountConfig) -> dict[str, Any]:
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
    return {"installed": dict(installed)}


def login(
    account: AccountConfig,
    *,
    host: str = "localhost",
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    announce: Callable[[str], None],
    timeout: float = LOGIN_TIMEOUT,
) -> Session:
    """Sign ``account`` in to Google in the browser and save its token; return the session.

    The loopback flow of google-auth-oauthlib: listen on ``http://host:port/`` (``port`` 0: any
    free one), call ``announce`` with the URL the user must open (also opened in the browser
    when ``open_browser``), wait up to ``timeout`` seconds for Google to redirect the browser
    back with a code, and exchange it (with PKCE) for an access and a refresh token, which are
    saved in the account's ``token_file`` or the OS keyring. Raise ClientSecretsError,
    PortInUse, LoginFailed (denied, no answer in time, no refresh token, scopes not all
    granted), SignInUnavailable (the token server cannot be reached) or CredentialsError (the
    token cannot be saved).
    """
    config = client_config(account)
    scopes = list(scopes_for(account))
    flow = google_auth_oauthlib.flow.InstalledAppFlow.from_client_config(config, scopes=scopes)
    make_url = flow.authorization_url

    def authorization_url(**kwargs: Any) -> tuple[str, str]:
        url, state = make_url(**kwargs)
        announce(url)
        if open_browser:
            with contextlib.suppress(webbrowser.Error):  # the URL was announced: enough
                webbrowser.open(url, new=1, autoraise=True)
        return url, state

    flow.authorization_url = authorization_url
    hint = account.username or (account.addresses[0] if account.addresses else "")
    extra = {"login_hint": hint} if hint else {}
    again = f"run `watcher auth login {account.name}` again"
    try:
        creds = flow.run_local_server(
            host=host,
            port=port,
            open_browser=False,  # opened above, where a missing browser is no error
            authorization_prompt_message="",  # announced above, not printed by the library
            success_message=SUCCESS_PAGE,
            timeout_seconds=timeout,
            access_type="offline",
            prompt="consent",  # so that Google always issues a refresh token
            **extra,
        )
    except google_auth_oauthlib.flow.WSGITimeoutError:
        raise LoginFailed(
            f"no answer came back from the browser within {timeout:g} s: {again} and open the "
            "URL it prints (for a browser on another machine, see `watcher auth login --help`)"
        ) from None
    except oauthlib.oauth2.rfc6749.errors.OAuth2Error as error:
        raise _login_refused(account, error, config) from None
    except requests.exceptions.RequestException as error:
        raise SignInUnavailable(
            f"the Google token server could not be reached to finish the sign-in of account "
            f"{account.name!r} ({type(error).__name__}); check the network and {again}"
        ) from None
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise PortInUse(
                f"cannot listen on {host} port {port} for Google's answer ({error.strerror}): "
                "choose another port with --port (0 picks a free one)"
            ) from None
        raise
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
    for secret in (creds.token, creds.refresh_token):
        if secret:
            logsetup.redact(str(secret))
    path = account.token_file
    signed_in = Session(
        account.name, creds, lambda new: credentials.store_token(account.name, path, new)
    )
    signed_in.saved()
    return signed_in


def _login_refused(
    account: AccountConfig, error: oauthlib.oauth2.rfc6749.errors.OAuth2Error, config: Any
) -> OAuthError:
    """Turn what oauthlib raised while finishing the login into a message with the fix."""
    code = str(error.error or type(error).__name__)
    again = f"run `watcher auth login {account.name}` again"
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
