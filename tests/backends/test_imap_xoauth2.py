"""The IMAP backend's XOAUTH2 login (Gmail's IMAP server with a Google sign-in), against a real
Dovecot whose oauth2 passdb asks the fake Google server of the tests whether a token is live.

Dovecot 2.3 treats an introspection answer without the user (Google's 400 ``invalid_token``) as
an internal failure (``[UNAVAILABLE]``), but a 4xx from ``tokeninfo_url`` as a refused token
(``[AUTHENTICATIONFAILED]``, as Gmail says): so Dovecot first asks ``/tokeninfo?access_token=``,
then (``force_introspection``) POSTs the token there to check ``active``, the user and the scope.
Its folders are Gmail's (``[Gmail]/Drafts``, ``[Gmail]/Sent Mail``...), with their special-use
flags.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from tests.backends.conftest import RECENT, synthetic, terms_for
from tests.servers.dovecot import GMAIL_FOLDERS, DovecotServer, free_port, require_dovecot
from tests.servers.gmail import GmailServer
from watcher import oauth
from watcher.backends.base import Folders, MailboxAuthError, MailboxError
from watcher.backends.imap import ImapMailbox
from watcher.record import replace
from watcher.settings import ImapAccount

ADDRESS = "ana.lee@gmail.test"
PASSWORD = "app-password-1"
NAME = "gmail-imap"
LOGIN_HINT = f"`watcher auth login {NAME}`"
TERMS = terms_for(domains=("northwind.example",))


@pytest.fixture
def google() -> Iterator[GmailServer]:
    """The fake Google: token endpoint, and the tokeninfo endpoint Dovecot asks."""
    with GmailServer(address=ADDRESS) as server:
        yield server


@pytest.fixture
def gmail_dovecot(google: GmailServer) -> Iterator[DovecotServer]:
    """A Dovecot of its own with Gmail's folders that takes XOAUTH2 logins checked by
    ``google``; user ADDRESS (also with a password, for the test's own checks)."""
    require_dovecot()
    tokeninfo = f"{google.url}/tokeninfo"
    settings = {
        "tokeninfo_url": f"{tokeninfo}?access_token=",
        "introspection_url": tokeninfo,
        "introspection_mode": "post",
        "force_introspection": "yes",
        "username_attribute": "email",
        "active_attribute": "active",
        "active_value": "true",
        "scope": oauth.IMAP_SCOPES[0],
    }
    with DovecotServer(folders=GMAIL_FOLDERS, oauth2=settings) as server:
        server.add_user(ADDRESS, PASSWORD)
        yield server


def gmail_account(server: DovecotServer, username: str = ADDRESS) -> ImapAccount:
    return replace(
        server.account(username, addresses=(ADDRESS,)),
        name=NAME,
        client_secrets=Path("client_secret.json"),
    )


def sign_in(
    google: GmailServer,
    *,
    expired: bool = False,
    scopes: tuple[str, ...] = oauth.IMAP_SCOPES,
    token_uri: str | None = None,
) -> tuple[oauth.Session, list[str]]:
    """A saved sign-in as ``watcher auth login`` leaves it, and the list its saves go to."""
    info = google.authorized_user_info(scopes)
    if expired:
        past = datetime.now(UTC) - timedelta(hours=1)
        info["expiry"] = past.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    saved: list[str] = []
    session = oauth.Session.from_json(NAME, json.dumps(info), saved.append)
    # google-auth reads every saved token as Google's: the client's token_uri is set apart (and
    # the copy that sets it forgets the expiry).
    credentials = session.credentials
    session.credentials = credentials.with_token_uri(token_uri or f"{google.url}/token")
    session.credentials.expiry = credentials.expiry
    assert session.credentials.expired == expired
    return session, saved


def xoauth2_logins(server: DovecotServer) -> int:
    return server.log().count(f"Login: user=<{ADDRESS}>, method=XOAUTH2")


# -- logins that work ---------------------------------------------------------------------------


def test_a_live_token_logs_in_with_xoauth2_and_fetches(
    gmail_dovecot: DovecotServer, google: GmailServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    session, saved = sign_in(google)
    token = session.credentials.token
    gmail_dovecot.deliver(ADDRESS, "INBOX", synthetic("Mia <mia@northwind.example>", "Next steps"))
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), session)
    try:
        result = box.fetch("INBOX", None, TERMS, "k")
    finally:
        box.close()
    assert [m.folder for m in result.messages] == ["INBOX"]
    assert b"Subject: Next steps" in result.messages[0].headers
    assert xoauth2_logins(gmail_dovecot) == 1
    # Dovecot really asked Google: tokeninfo first, then the introspection (POST).
    asked = [(r.method, r.path) for r in google.requests]
    assert asked == [("GET", "/tokeninfo"), ("POST", "/tokeninfo")]
    assert google.token_requests == [] and saved == []  # a live token is not refreshed
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert token and token not in logged
    assert base64.b64encode(token.encode()).decode()[:20] not in logged


def test_gmail_folders_are_found_by_special_use_and_drafts_land_there(
    gmail_dovecot: DovecotServer, google: GmailServer
) -> None:
    session, _ = sign_in(google)
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), session)
    message_id = make_msgid(domain="watcher.test")
    draft = synthetic(
        f"Ana Lee <{ADDRESS}>", "Thank you", to="mia@northwind.example", message_id=message_id
    )
    try:
        folders = box.folders()
        assert folders == Folders(
            inbox=("INBOX",), sent="[Gmail]/Sent Mail", drafts="[Gmail]/Drafts"
        )
        assert folders.drafts is not None
        box.append_draft(folders.drafts, draft, RECENT)
        assert box.has_message("[Gmail]/Drafts", message_id)
        assert not box.has_message("INBOX", message_id)
    finally:
        box.close()
    with IMAPClient(gmail_dovecot.host, port=gmail_dovecot.imap_port, ssl=False) as client:
        client.login(ADDRESS, PASSWORD)
        client.select_folder("[Gmail]/Drafts", readonly=True)
        flags = client.fetch(client.search("ALL"), ["FLAGS"])
    assert [b"\\Draft" in item[b"FLAGS"] for item in flags.values()] == [True]


def test_an_expired_token_is_refreshed_saved_and_used(
    gmail_dovecot: DovecotServer, google: GmailServer
) -> None:
    session, saved = sign_in(google, expired=True)
    old = session.credentials.token
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), session)
    try:
        box.open()
    finally:
        box.close()
    assert google.token_requests == ["refresh_token"]
    assert len(saved) == 1
    new = json.loads(saved[0])["token"]
    assert new != old and new == session.credentials.token
    assert xoauth2_logins(gmail_dovecot) == 1


def test_every_reconnect_asks_the_session_for_a_token(
    gmail_dovecot: DovecotServer, google: GmailServer
) -> None:
    """A connection broken under the mailbox is made again with a token valid now: the old
    one expired meanwhile, so it is refreshed first."""
    session, saved = sign_in(google)
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), session)
    try:
        box.open()
        # google-auth keeps expiry as a naive UTC datetime.
        session.credentials.expiry = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
        box._client.socket().shutdown(socket.SHUT_RDWR)
        assert box.folders().drafts == "[Gmail]/Drafts"
    finally:
        box.close()
    assert google.token_requests == ["refresh_token"] and len(saved) == 1
    assert xoauth2_logins(gmail_dovecot) == 2


def test_a_token_the_server_stopped_taking_is_renewed_once(
    gmail_dovecot: DovecotServer, google: GmailServer
) -> None:
    """A token that has not expired by its clock but that Google no longer takes (expired
    early, or the clock is wrong) is refreshed once and the login tried again."""
    session, saved = sign_in(google)
    google.expire_tokens()
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), session)
    try:
        box.open()
    finally:
        box.close()
    assert google.token_requests == ["refresh_token"] and len(saved) == 1
    assert xoauth2_logins(gmail_dovecot) == 1


# -- logins that fail ---------------------------------------------------------------------------


@pytest.mark.parametrize("expired", [True, False], ids=["expired", "live"])
def test_a_revoked_sign_in_asks_to_log_in_again(
    gmail_dovecot: DovecotServer, google: GmailServer, expired: bool
) -> None:
    """Revoked (the user removed the app's access, or a "Testing" client's 7 days are over):
    refreshing an expired token fails at once; a live one is refused by the server first."""
    session, saved = sign_in(google, expired=expired)
    google.revoke(session.credentials.refresh_token)
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), session)
    with pytest.raises(MailboxAuthError) as caught:
        box.open()
    message = str(caught.value)
    assert message.startswith(f"{NAME}: ")
    assert LOGIN_HINT in message and message.count(LOGIN_HINT) == 1
    assert "invalid_grant" in message
    assert google.token_requests == ["refresh_token"] and saved == []
    assert xoauth2_logins(gmail_dovecot) == 0
    assert box._client is None


def test_a_sign_in_forgotten_while_running_is_not_saved_back(
    gmail_dovecot: DovecotServer, google: GmailServer, tmp_path: Path
) -> None:
    """`watcher auth forget` while the daemon runs: its next refresh does not write the token
    back, and the login fails asking for a new sign-in."""
    token_file = tmp_path / "gmail-imap.token.json"
    info = google.authorized_user_info(oauth.IMAP_SCOPES)
    info["expiry"] = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    token_file.write_text(json.dumps(info), encoding="utf-8")
    account = replace(
        gmail_account(gmail_dovecot),
        client_secrets=google.client_secrets_json(tmp_path),
        token_file=token_file,
    )
    session = oauth.session(account)  # loaded at the daemon's start
    token_file.unlink()  # `watcher auth forget gmail-imap`
    box = ImapMailbox.from_account(account, session)

    with pytest.raises(MailboxAuthError) as caught:
        box.open()

    message = str(caught.value)
    assert message == (
        f"{NAME}: the Google sign-in of account {NAME!r} was removed (`watcher auth forget "
        f"{NAME}`): log in again with {LOGIN_HINT}"
    )
    assert not token_file.exists()
    assert xoauth2_logins(gmail_dovecot) == 0


@pytest.mark.parametrize("why", ["another account", "the Gmail API's scopes"])
def test_a_token_dovecot_refuses_is_an_auth_error(
    gmail_dovecot: DovecotServer, google: GmailServer, why: str
) -> None:
    """Refused even after a refresh: the sign-in is of another Google account than username, or
    lacks the https://mail.google.com/ scope (signed in for the Gmail API backend)."""
    if why == "another account":
        session, saved = sign_in(google)
        account = gmail_account(gmail_dovecot, username="someone.else@gmail.test")
    else:
        session, saved = sign_in(google, scopes=oauth.GMAIL_SCOPES)
        account = gmail_account(gmail_dovecot)
    tokens = [session.credentials.token]
    box = ImapMailbox.from_account(account, session)
    with pytest.raises(MailboxAuthError) as caught:
        box.open()
    tokens.append(session.credentials.token)
    message = str(caught.value)
    assert message.startswith(f"{NAME}: 127.0.0.1:{gmail_dovecot.imaps_port} refused the Google")
    assert "[AUTHENTICATIONFAILED]" in message and LOGIN_HINT in message
    assert not any(token and token in message for token in tokens)
    assert google.token_requests == ["refresh_token"] and len(saved) == 1
    # Dovecot asked Google about both tokens (tokeninfo, then the introspection), and refused.
    assert [r.method for r in google.requests if r.path == "/tokeninfo"] == ["GET", "POST"] * 2
    assert xoauth2_logins(gmail_dovecot) == 0


def test_an_unreachable_token_server_is_retried_later(
    gmail_dovecot: DovecotServer, google: GmailServer
) -> None:
    session, _ = sign_in(google, expired=True, token_uri=f"http://127.0.0.1:{free_port()}/token")
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), session)
    with pytest.raises(MailboxError) as caught:
        box.open()
    assert not isinstance(caught.value, MailboxAuthError)
    assert str(caught.value).startswith(f"{NAME}: ") and "tried again later" in str(caught.value)


def test_a_server_without_xoauth2_says_so(dovecot: DovecotServer, google: GmailServer) -> None:
    session, _ = sign_in(google)
    box = ImapMailbox.from_account(gmail_account(dovecot), session)
    with pytest.raises(MailboxAuthError, match=r"does not offer XOAUTH2.*client_secrets"):
        box.open()
    assert google.requests == []


def test_a_password_still_logs_in_beside_xoauth2(gmail_dovecot: DovecotServer) -> None:
    box = ImapMailbox.from_account(gmail_account(gmail_dovecot), PASSWORD)
    try:
        assert box.folders().sent == "[Gmail]/Sent Mail"
    finally:
        box.close()
    assert f"Login: user=<{ADDRESS}>, method=PLAIN" in gmail_dovecot.log()


# -- google-auth stays out of password logins -------------------------------------------------

_PASSWORD_ONLY = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    import watcher.app
    from watcher.backends import backend_class
    from watcher.settings import ImapAccount

    host, port, ca_file, user, password = sys.argv[1:6]
    account = ImapAccount(
        name="plain", host=host, port=int(port), tls="ssl",
        ca_file=Path(ca_file), username=user, password_command=None, addresses=(),
    )
    box = backend_class("imap").from_account(account, password)
    drafts = box.folders().drafts
    box.close()
    google = sorted(m for m in sys.modules if m == "google" or m.startswith("google."))
    oauth = "watcher.oauth" in sys.modules
    print(json.dumps({"drafts": drafts, "google": google, "oauth": oauth}))
    """
)


def test_a_password_login_never_imports_google_auth(gmail_dovecot: DovecotServer) -> None:
    server = gmail_dovecot
    command = [
        sys.executable,
        "-c",
        _PASSWORD_ONLY,
        server.host,
        str(server.imaps_port),
        str(server.ca_file),
        ADDRESS,
        PASSWORD,
    ]
    env: dict[str, Any] = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {"drafts": "[Gmail]/Drafts", "google": [], "oauth": False}
