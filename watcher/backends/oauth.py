"""Google OAuth for the Gmail API and for IMAP's XOAUTH2: the only user of google-auth.

A :class:`Session` holds one account's OAuth token (with its refresh token), refreshes it when
it has expired and saves the refreshed token back where it came from (the OS keyring, or the
account's ``token_file``). A token the server refuses for good (``invalid_grant``: revoked,
expired, or a client still in "Testing" after 7 days) becomes :class:`SignInRefused`, whose
message tells the user to log in again; a token server that cannot be reached is a
:class:`SignInUnavailable`, which a later retry may cure.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
import google.oauth2.credentials

from watcher import credentials, logsetup
from watcher.config import AccountConfig
from watcher.errors import WatcherError

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


class OAuthError(WatcherError):
    """The OAuth sign-in of an account is missing or unusable; the message says the fix."""


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
    def from_json(cls, account: str, text: str, save: Callable[[str], None]) -> Session:
        """Given a token saved by :meth:`to_json` (or by ``watcher auth login``), return a
        session; raise OAuthError if it is not a token this program can use."""
        try:
            info: Any = json.loads(text)
            if not isinstance(info, dict):
                raise ValueError("not a JSON object")
            creds = google.oauth2.credentials.Credentials.from_authorized_user_info(info)
        except (ValueError, TypeError, KeyError) as error:
            raise OAuthError(
                f"the saved Google sign-in of account {account!r} cannot be read ({error}): "
                f"{login_hint(account)}"
            ) from None
        return cls(account, creds, save)

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
    return Session.from_json(
        account.name, text, lambda new: credentials.store_token(account.name, path, new)
    )
