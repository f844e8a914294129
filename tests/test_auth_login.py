"""`watcher auth login`: the whole Google sign-in against a local fake Google, the test playing
the browser.

The login runs through ``cli.main`` as a user would run it. Its terminal is a stream that, once
watcher prints the sign-in URL, starts a :class:`Browser`: a thread that opens the URL on the
fake Google (tests/servers/gmail.py: a user who consents at once), follows the redirect to
watcher's loopback server and keeps the page it lands on. ``webbrowser.open`` is replaced by a
recorder in every test, so no real browser ever opens. For the answers the fake Google never
gives (consent denied, no refresh token, scopes left unticked) a tiny OAuth server of this
file's own (:class:`RefusingGoogle`) answers instead.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import re
import socket
import stat
import threading
import urllib.error
import urllib.parse
import urllib.request
import webbrowser
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest

from tests.cliresult import Result, config_head, home_env, run_cli
from tests.keyrings import MemoryKeyring
from tests.servers.gmail import GmailServer
from watcher import app, cli, logsetup, oauth
from watcher.cli import auth as cli_auth
from watcher.settings import Account, GmailAccount

GMAIL_SCOPES = [
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.compose",
]
IMAP_SCOPES = ["https://mail.google.com/"]
ADDRESS = "alex.example@gmail.example"
URL_LINE = re.compile(r"^  (http\S+)$", re.MULTILINE)
KEYRING_USER = ("watcher", "gmail:oauth-token")


# --------------------------------------------------------------------------- the browser


class Browser:
    """The user's browser: opens the sign-in URL in a thread, follows the redirects (to
    watcher's loopback server) and keeps the page it lands on, or the error it met."""

    def __init__(self) -> None:
        self.url: str | None = None
        self.landed: str | None = None
        self.page: str | None = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def visit(self, url: str) -> None:
        self.url = url
        self._thread = threading.Thread(target=self._open, args=(url,), daemon=True)
        self._thread.start()

    def _open(self, url: str) -> None:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(url, timeout=20) as response:
                self.landed = response.geturl()
                self.page = response.read().decode()
        except (OSError, urllib.error.URLError) as error:
            self.error = error

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join(timeout=30)
            assert not self._thread.is_alive(), "the browser never got an answer"


class Terminal(io.StringIO):
    """Standard output of the login: hands the URL watcher prints to the browser, if any."""

    def __init__(self, browser: Browser | None) -> None:
        super().__init__()
        self.browser = browser

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.browser is not None and self.browser.url is None:
            found = URL_LINE.search(self.getvalue())
            if found:
                self.browser.visit(found.group(1))
        return written


# --------------------------------------------------------------------------- a refusing Google


class RefusingGoogle:
    """A Google OAuth server that answers what the fake Google never does: consent denied
    (``deny``), a token without a refresh token (``refresh_token=False``) or with fewer scopes
    than asked (``granted``), or a token server that fails (``token_answer``)."""

    def __init__(
        self,
        *,
        deny: bool = False,
        refresh_token: bool = True,
        granted: list[str] | None = None,
        token_answer: tuple[int, str, bytes] | None = None,
    ) -> None:
        self.deny = deny
        self.refresh_token = refresh_token
        self.granted = granted
        self.token_answer = token_answer
        self.asked: list[str] = []
        self.token_requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                owner.asked = query.get("scope", "").split()
                answer = {"state": query.get("state", "")}
                if owner.deny:
                    answer["error"] = "access_denied"
                else:
                    answer["code"] = "4/0Atest-code"
                    answer["scope"] = " ".join(owner.granted or owner.asked)
                location = query["redirect_uri"] + "?" + urllib.parse.urlencode(answer)
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                owner.token_requests += 1
                if owner.token_answer is not None:  # a failing token server: status, type, body
                    status, kind, failed = owner.token_answer
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(failed)))
                    self.end_headers()
                    self.wfile.write(failed)
                    return
                token: dict[str, Any] = {
                    "access_token": "ya29.test-access",
                    "expires_in": 3599,
                    "token_type": "Bearer",
                    "scope": " ".join(owner.granted or owner.asked),
                }
                if owner.refresh_token:
                    token["refresh_token"] = "1//0test-refresh"
                body = json.dumps(token).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RefusingGoogle:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def client_secrets_json(self, directory: Path) -> Path:
        path = directory / "refusing_client_secret.json"
        installed = {
            "client_id": "1-refusing.apps.googleusercontent.com",
            "client_secret": "GOCSPX-refusing",
            "auth_uri": f"{self.url}/o/oauth2/auth",
            "token_uri": f"{self.url}/token",
            "redirect_uris": ["http://localhost"],
        }
        path.write_text(json.dumps({"installed": installed}), encoding="utf-8")
        return path


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def insecure_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """oauthlib insists on https; the fake Google is plain http on 127.0.0.1."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.fixture(autouse=True)
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs watcher asked the system to open in a browser (none is opened for real)."""
    urls: list[str] = []

    def record(url: str, new: int = 0, autoraise: bool = True) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", record)
    return urls


@pytest.fixture
def google() -> Iterator[GmailServer]:
    with GmailServer(ADDRESS) as server:
        yield server


def make_env(tmp_path: Path) -> dict[str, str]:
    return home_env(tmp_path / "home")


def write_config(tmp_path: Path, account: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        config_head(tmp_path)
        + f"""
[notify]
desktop = false

[[accounts]]
name = "personal"
backend = "imap"
host = "imap.example.com"
username = "alex@example.com"
addresses = ["alex@example.com"]

[[accounts]]
{account}
""",
        encoding="utf-8",
    )
    return path


def placeholder_secrets(tmp_path: Path) -> Path:
    """A client_secrets file where the config wants one, for tests refused before it is read."""
    path = tmp_path / "client_secret.json"
    path.write_text("{}", encoding="utf-8")
    return path


def gmail_table(client_secrets: Path, *, token_file: Path | None = None, api: str = "") -> str:
    lines = [
        'name = "gmail"',
        'backend = "gmail"',
        f'addresses = ["{ADDRESS}"]',
        f'client_secrets = "{client_secrets}"',
    ]
    if token_file is not None:
        lines.append(f'token_file = "{token_file}"')
    if api:
        lines.append(f'api_endpoint = "{api}"')
    return "\n".join(lines)


def imap_table(client_secrets: Path) -> str:
    return "\n".join(
        [
            'name = "gmail"',
            'backend = "imap"',
            'host = "imap.gmail.com"',
            f'username = "{ADDRESS}"',
            f'addresses = ["{ADDRESS}"]',
            f'client_secrets = "{client_secrets}"',
        ]
    )


def watcher(
    config: Path, env: dict[str, str], *args: str, browser: Browser | None = None
) -> Result:
    """Run ``watcher --config CONFIG ARGS``; a ``browser`` opens the URL it prints."""
    out, err = Terminal(browser), io.StringIO()
    code = cli.main(
        ["--config", str(config), *args], env=env, stdin=io.StringIO(""), stdout=out, stderr=err
    )
    if browser is not None:
        browser.wait()
    result = Result(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.out + result.err, result
    assert "unexpected error" not in result.err, result
    assert code != cli.EXIT_UNEXPECTED, result
    return result


def refused(result: Result, code: int, *needles: str) -> None:
    """The command failed with ``code`` and one line on stderr holding every needle."""
    assert result.code == code, result
    assert result.err.startswith("watcher: "), result
    assert result.err.count("\n") == 1, result
    for needle in needles:
        assert needle in result.err, (needle, result)


def account(config: Path, env: dict[str, str]) -> Account:
    return app.account_named(app.load(str(config), env), "gmail")


def expire_saved_token(text: str) -> str:
    """The saved token as the next process finds it an hour later: expired."""
    info = json.loads(text)
    expired = datetime.now(UTC) - timedelta(minutes=5)
    info["expiry"] = expired.strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(info)


def live_scopes(google: GmailServer, token: str) -> list[str] | None:
    """The scopes of an access token the fake Google accepts, or None if it refuses it."""
    url = f"{google.url}/tokeninfo?" + urllib.parse.urlencode({"access_token": token})
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            scopes: list[str] = json.load(response)["scope"].split()
            return scopes
    except urllib.error.HTTPError:
        return None


# --------------------------------------------------------------------------- a full login


def test_login_saves_a_gmail_sign_in_in_the_keyring_that_refreshes_later(
    google: GmailServer, memory_keyring: MemoryKeyring, opened: list[str], tmp_path: Path
) -> None:
    secrets_file = google.client_secrets_json(tmp_path)
    config = write_config(tmp_path, gmail_table(secrets_file, api=google.url))
    env = make_env(tmp_path)
    browser = Browser()

    result = watcher(config, env, "auth", "login", "gmail", "--port", "0", browser=browser)

    assert result.code == 0, result
    assert result.err == ""
    # The user's browser was asked to open the URL watcher printed, which asks for exactly the
    # Gmail scopes, offline (a refresh token), with consent and PKCE, for the account's address.
    assert opened == [browser.url]
    [asked] = google.auth_requests
    assert asked.scopes == GMAIL_SCOPES
    assert asked.params["access_type"] == "offline"
    assert asked.params["prompt"] == "consent"
    assert asked.params["code_challenge_method"] == "S256"
    assert asked.params["login_hint"] == ADDRESS
    redirect = urllib.parse.urlsplit(asked.redirect_uri)
    assert (redirect.scheme, redirect.hostname) == ("http", "localhost")
    assert redirect.port not in (None, 0, oauth.DEFAULT_PORT)  # --port 0: a free one
    # The browser landed on watcher's loopback server, which said it is done.
    assert browser.error is None
    assert browser.landed is not None and browser.landed.startswith(asked.redirect_uri)
    assert browser.page == oauth.SUCCESS_PAGE
    assert google.token_requests == ["authorization_code"]
    # Saved in the OS keyring, with a refresh token, and said so (never the token itself).
    assert set(memory_keyring.passwords) == {KEYRING_USER}
    saved = json.loads(memory_keyring.passwords[KEYRING_USER])
    assert saved["refresh_token"].startswith("1//0test-")
    assert saved["scopes"] == GMAIL_SCOPES
    assert "Opening your browser to sign account 'gmail' in to Google" in result.out
    assert (
        "Signed account 'gmail' in to Google; the sign-in is saved in the OS keyring "
        '(service "watcher", user "gmail:oauth-token").' in result.out
    )
    assert f"Granted scopes: {' '.join(GMAIL_SCOPES)}\n" in result.out
    assert saved["refresh_token"] not in result.out + result.err
    assert saved["token"] not in result.out + result.err
    assert live_scopes(google, saved["token"]) == GMAIL_SCOPES

    # Later, another process: the saved access token works as long as it lasts...
    signed_in = oauth.session(account(config, env))
    assert signed_in.access_token() == saved["token"]
    # ...and once expired (Google no longer takes it) is renewed with the refresh token, and
    # the new one is saved back.
    google.expire_tokens()
    assert live_scopes(google, saved["token"]) is None
    memory_keyring.passwords[KEYRING_USER] = expire_saved_token(
        memory_keyring.passwords[KEYRING_USER]
    )
    renewed = oauth.session(account(config, env)).access_token()
    assert renewed != saved["token"]
    assert google.token_requests == ["authorization_code", "refresh_token"]
    assert live_scopes(google, renewed) == GMAIL_SCOPES
    assert json.loads(memory_keyring.passwords[KEYRING_USER])["token"] == renewed


def test_login_without_a_browser_saves_to_the_token_file_with_mode_0600(
    google: GmailServer, memory_keyring: MemoryKeyring, opened: list[str], tmp_path: Path
) -> None:
    token_file = tmp_path / "tokens" / "gmail.json"
    secrets_file = google.client_secrets_json(tmp_path)
    config = write_config(tmp_path, gmail_table(secrets_file, token_file=token_file))
    env = make_env(tmp_path)
    browser = Browser()

    result = watcher(
        config, env, "auth", "login", "gmail", "--no-browser", "--port", "0", browser=browser
    )

    assert result.code == 0, result
    assert opened == []  # --no-browser: only printed
    port = urllib.parse.urlsplit(google.auth_requests[0].redirect_uri).port
    assert "To sign account 'gmail' in to Google, open this URL in a browser:" in result.out
    assert f"ssh -L {port}:localhost:{port} THIS-MACHINE" in result.out
    assert browser.page == oauth.SUCCESS_PAGE
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    saved = json.loads(token_file.read_text(encoding="utf-8"))
    assert saved["refresh_token"].startswith("1//0test-")
    assert memory_keyring.passwords == {}
    assert f"the sign-in is saved in token_file {token_file}." in result.out

    # The token file is what the next process reads, and refreshes, and saves back.
    token_file.write_text(expire_saved_token(token_file.read_text(encoding="utf-8")))
    renewed = oauth.session(account(config, env)).access_token()
    assert live_scopes(google, renewed) == GMAIL_SCOPES
    assert json.loads(token_file.read_text(encoding="utf-8"))["token"] == renewed
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600

    forgot = watcher(config, env, "auth", "forget", "gmail")
    assert forgot.code == 0, forgot
    assert f"Removed the Google sign-in of account 'gmail' from token_file {token_file}." in (
        forgot.out
    )
    assert not token_file.exists()
    again = watcher(config, env, "auth", "forget", "gmail")
    assert (
        again.out == f"No Google sign-in of account 'gmail' was saved in token_file {token_file}.\n"
    )


def test_login_of_an_imap_account_asks_for_gmails_imap_scope(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, imap_table(google.client_secrets_json(tmp_path)))
    env = make_env(tmp_path)

    result = watcher(config, env, "auth", "login", "gmail", "--port", "0", browser=Browser())

    assert result.code == 0, result
    [asked] = google.auth_requests
    assert asked.scopes == IMAP_SCOPES
    assert asked.params["login_hint"] == ADDRESS
    saved = json.loads(memory_keyring.passwords[KEYRING_USER])
    assert saved["scopes"] == IMAP_SCOPES
    assert saved["refresh_token"]
    assert "Granted scopes: https://mail.google.com/\n" in result.out
    assert oauth.session(account(config, env)).access_token() == saved["token"]


def test_forget_removes_the_saved_sign_in_and_set_is_refused(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    env = make_env(tmp_path)
    assert (
        watcher(config, env, "auth", "login", "gmail", "--port", "0", browser=Browser()).code == 0
    )
    memory_keyring.passwords[("watcher", "gmail")] = "an old password"

    forgot = watcher(config, env, "auth", "forget", "gmail")

    assert forgot.code == 0, forgot
    assert forgot.out.startswith(
        "Removed the Google sign-in of account 'gmail' from the OS keyring"
    )
    assert "https://myaccount.google.com/permissions" in forgot.out
    assert memory_keyring.passwords == {("watcher", "gmail"): "an old password"}
    with pytest.raises(oauth.OAuthError, match="`watcher auth login gmail`"):
        oauth.session(account(config, env))
    set_password = run_cli(
        ["--config", str(config), "auth", "set", "gmail", "--password-stdin"],
        env,
        stdin=io.StringIO("secret\n"),
    )
    refused(set_password, 2, "signs in with Google", "`watcher auth login gmail`")


def test_doctor_says_whether_a_sign_in_is_saved_and_where(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    env = {**make_env(tmp_path), "COLUMNS": "1000"}  # doctor's lines whole

    before = watcher(config, env, "doctor")

    assert before.code == 1, before
    [line] = [line for line in before.out.splitlines() if "account gmail" in line]
    assert line.startswith("failed  account gmail sign-in: ")
    assert "not signed in" in line and "`watcher auth login gmail`" in line
    assert (
        watcher(config, env, "auth", "login", "gmail", "--port", "0", browser=Browser()).code == 0
    )
    token = json.loads(memory_keyring.passwords[KEYRING_USER])

    after = watcher(config, env, "doctor")

    [line, *_probe] = [line for line in after.out.splitlines() if "account gmail" in line]
    assert line == (
        "ok      account gmail sign-in: signed in to Google, saved in the OS keyring "
        f'(service "watcher", user "gmail:oauth-token"); client {google.client_id}'
    )
    assert token["token"] not in after.out + after.err
    assert token["refresh_token"] not in after.out + after.err


# --------------------------------------------------------------------------- refusals


def test_an_unknown_account_is_refused_with_the_names(tmp_path: Path) -> None:
    config = write_config(tmp_path, gmail_table(placeholder_secrets(tmp_path)))
    result = watcher(config, make_env(tmp_path), "auth", "login", "work", "--port", "0")
    refused(result, 2, "no account 'work'", "(accounts: personal, gmail)")


def test_an_account_with_a_password_is_sent_to_auth_set(tmp_path: Path) -> None:
    config = write_config(tmp_path, gmail_table(placeholder_secrets(tmp_path)))
    result = watcher(config, make_env(tmp_path), "auth", "login", "personal", "--port", "0")
    refused(result, 2, "'personal' uses a password", "`watcher auth set personal`")


def _web_client(path: Path) -> None:
    path.write_text(json.dumps({"web": {"client_id": "x", "client_secret": "y"}}))


def _not_json(path: Path) -> None:
    path.write_text("client_id = 'x'\n")


def _not_utf8(path: Path) -> None:
    path.write_bytes(b"\xff\xfe{\x00}\x00")


def _directory(path: Path) -> None:
    path.mkdir()


def _other_json(path: Path) -> None:
    path.write_text(json.dumps({"type": "service_account", "client_email": "x@y"}))


def _incomplete(path: Path) -> None:
    path.write_text(json.dumps({"installed": {"client_id": "x", "auth_uri": "https://a"}}))


@pytest.mark.parametrize(
    ("make", "needles"),
    [
        (_not_utf8, ("is not text",)),
        (_not_json, ("is not JSON", '"Desktop app"')),
        (_web_client, ('a "Web application" client', 'of type "Desktop app"')),
        (_other_json, ('no "installed" section', '"Desktop app"')),
        (_incomplete, ("lacks client_secret, token_uri",)),
    ],
    ids=["not-utf8", "not-json", "web", "other-json", "incomplete"],
)
def test_a_client_secrets_file_that_is_no_desktop_client_is_explained(
    make: Any, needles: tuple[str, ...], memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    path = tmp_path / "client_secret.json"
    make(path)
    config = write_config(tmp_path, gmail_table(path))

    result = watcher(config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0")

    refused(result, 2, "client_secrets of account 'gmail'", str(path), *needles)
    assert result.out == ""  # refused before listening or printing a URL
    assert memory_keyring.passwords == {}


@pytest.mark.parametrize(
    ("make", "config_says", "login_says"),
    [
        (None, "no file at", "there is no file at"),
        (_directory, "is a directory", "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_a_client_secrets_file_that_is_not_there_is_a_config_problem(
    make: Any, config_says: str, login_says: str, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    path = tmp_path / "client_secret.json"
    if make is not None:
        make(path)
    config = write_config(tmp_path, gmail_table(path))

    result = watcher(config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0")
    checked = watcher(config, make_env(tmp_path), "config", "check")

    assert result.code == checked.code == 2, (result, checked)
    for said in (result.err, checked.err):
        [problem] = [line for line in said.splitlines() if "accounts[1].client_secrets: " in line]
        assert config_says in problem and str(path) in problem
    assert result.out == ""
    # Gone after the config was read (the daemon runs for weeks): the login says so too.
    found = GmailAccount(name="gmail", addresses=(ADDRESS,), client_secrets=path)
    with pytest.raises(oauth.ClientSecretsError) as caught:
        oauth.client_config(found)
    assert login_says in str(caught.value) and '"Desktop app"' in str(caught.value)


def test_a_port_in_use_is_refused_with_the_fix(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = watcher(config, make_env(tmp_path), "auth", "login", "gmail", "--port", str(port))

    refused(result, 2, f"cannot listen on localhost port {port}", "--port", "0 picks a free one")
    assert errno.errorcode[errno.EADDRINUSE] not in result.err  # the words, not the code
    assert google.auth_requests == []
    assert memory_keyring.passwords == {}


def test_consent_denied_says_to_choose_allow_and_saves_nothing(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    with RefusingGoogle(deny=True) as refusing:
        config = write_config(tmp_path, gmail_table(refusing.client_secrets_json(tmp_path)))
        browser = Browser()

        result = watcher(
            config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", browser=browser
        )

        assert refusing.token_requests == 0
    refused(result, 1, "was denied on Google's consent screen", "`watcher auth login gmail`")
    assert "Allow" in result.err
    assert browser.page == oauth.SUCCESS_PAGE  # the loopback server answered the browser
    assert browser.page is not None and "signed in" not in browser.page  # it was not
    assert "see the terminal" in browser.page
    assert memory_keyring.passwords == {}


def test_a_token_without_refresh_token_is_refused(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    with RefusingGoogle(refresh_token=False) as refusing:
        config = write_config(tmp_path, gmail_table(refusing.client_secrets_json(tmp_path)))

        result = watcher(
            config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", browser=Browser()
        )

        assert refusing.token_requests == 1
    refused(
        result,
        1,
        "returned no refresh token",
        "https://myaccount.google.com/permissions",
        "`watcher auth login gmail` again",
    )
    assert "ya29.test-access" not in result.out + result.err
    assert memory_keyring.passwords == {}


def test_a_scope_left_unticked_is_refused(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    with RefusingGoogle(granted=GMAIL_SCOPES[:1]) as refusing:
        config = write_config(tmp_path, gmail_table(refusing.client_secrets_json(tmp_path)))

        result = watcher(
            config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", browser=Browser()
        )

        assert refusing.asked == GMAIL_SCOPES
    refused(result, 1, f"was not granted {GMAIL_SCOPES[1]}", "leave every box ticked")
    assert memory_keyring.passwords == {}


def test_no_answer_in_time_is_a_timeout(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))

    result = watcher(
        config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", "--timeout", "0.3"
    )  # no browser: the user never comes back

    refused(result, 1, "no answer came back from the browser within 0.3 s", "again")
    assert URL_LINE.search(result.out)  # the URL was shown all the same
    assert google.token_requests == []
    assert memory_keyring.passwords == {}


def test_an_http_token_server_is_refused_without_the_test_switch(
    google: GmailServer,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("OAUTHLIB_INSECURE_TRANSPORT")
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))

    result = watcher(config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0")

    refused(result, 2, "must be https", f"{google.url}/token")
    assert google.auth_requests == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--port", "70000"), "ports are 0 to 65535"),
        (("--port", "http"), "not a port number"),
        (("--timeout", "0"), "--timeout 0: give a number of seconds"),
        (("--timeout", "nan"), "--timeout nan"),
        (("--host", "example.com"), "invalid choice"),
    ],
)
def test_bad_options_are_refused(args: tuple[str, ...], needle: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, gmail_table(placeholder_secrets(tmp_path)))
    result = watcher(config, make_env(tmp_path), "auth", "login", "gmail", *args)
    assert result.code == 2, result
    assert needle in result.err


# --------------------------------------------------------------------------- help


def test_help_tells_how_to_log_in(capsys: pytest.CaptureFixture[str]) -> None:
    env: dict[str, str] = {}
    top = run_cli(["--help"], env, capsys=capsys)
    auth = run_cli(["auth", "--help"], env, capsys=capsys)
    login = run_cli(["auth", "login", "--help"], env, capsys=capsys)

    assert top.code == auth.code == login.code == 0
    assert "log in to Google" in " ".join(top.out.split())
    assert "login" in auth.out and "client_secrets" in auth.out
    text = " ".join(login.out.split())
    for needle in (
        "--no-browser",
        "--port N",
        "default: 8765; 0 picks a free one",
        "ssh -L 8765:localhost:8765",
        "gmail.readonly, gmail.compose; watcher never sends",
        "https://mail.google.com/",
        "token_file",
    ):
        assert needle in text, needle
    assert cli_auth.DEFAULT_LOGIN_PORT == oauth.DEFAULT_PORT
    assert cli_auth.DEFAULT_LOGIN_TIMEOUT == oauth.LOGIN_TIMEOUT


# --------------------------------------------------------------------------- the saved sign-in


def expire(signed_in: oauth.Session) -> None:
    """The session of a running daemon, an hour later: its access token has expired."""
    # google-auth keeps expiry as a naive UTC datetime.
    signed_in.credentials.expiry = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)


@pytest.mark.parametrize("where", ["keyring", "token_file"])
def test_a_running_session_does_not_bring_back_a_forgotten_sign_in(
    where: str, google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    token_file = tmp_path / "gmail.token.json" if where == "token_file" else None
    secrets_file = google.client_secrets_json(tmp_path)
    config = write_config(tmp_path, gmail_table(secrets_file, token_file=token_file))
    env = make_env(tmp_path)
    login = watcher(config, env, "auth", "login", "gmail", "--port", "0", browser=Browser())
    assert login.code == 0, login
    running = oauth.session(account(config, env))  # the daemon's, loaded before the forget
    assert watcher(config, env, "auth", "forget", "gmail").code == 0
    expire(running)

    with pytest.raises(oauth.SignInRefused) as caught:
        running.access_token()  # refreshes, then would save the token back

    assert str(caught.value) == (
        "the Google sign-in of account 'gmail' was removed (`watcher auth forget gmail`): log in "
        "again with `watcher auth login gmail`"
    )
    assert memory_keyring.passwords == {}
    assert token_file is None or not token_file.exists()


def test_a_running_session_keeps_a_newer_login(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    env = make_env(tmp_path)
    assert (
        watcher(config, env, "auth", "login", "gmail", "--port", "0", browser=Browser()).code == 0
    )
    running = oauth.session(account(config, env))
    old_refresh = running.credentials.refresh_token
    # The user logs in again while the daemon runs (a new refresh token).
    assert (
        watcher(config, env, "auth", "login", "gmail", "--port", "0", browser=Browser()).code == 0
    )
    newer = memory_keyring.passwords[KEYRING_USER]
    assert json.loads(newer)["refresh_token"] != old_refresh
    expire(running)

    renewed = running.access_token()  # refreshed with its own refresh token: not saved

    assert live_scopes(google, renewed) == GMAIL_SCOPES
    assert memory_keyring.passwords[KEYRING_USER] == newer
    # Its own sign-in, still stored, is saved after each refresh as before.
    fresh = oauth.session(account(config, env))
    expire(fresh)
    token = fresh.access_token()
    assert json.loads(memory_keyring.passwords[KEYRING_USER])["token"] == token


def test_a_saved_sign_in_that_is_not_json_names_where_it_is(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    token_file = tmp_path / "gmail.token.json"
    token_file.write_text("{not json", encoding="utf-8")
    secrets_file = google.client_secrets_json(tmp_path)
    config = write_config(tmp_path, gmail_table(secrets_file, token_file=token_file))
    env = make_env(tmp_path)

    with pytest.raises(oauth.OAuthError) as from_file:
        oauth.session(account(config, env))
    memory_keyring.passwords[KEYRING_USER] = "[]"
    config = write_config(tmp_path, gmail_table(secrets_file))
    with pytest.raises(oauth.OAuthError) as from_keyring:
        oauth.session(account(config, env))

    assert f"in token_file {token_file} cannot be read" in str(from_file.value)
    assert "`watcher auth login gmail`" in str(from_file.value)
    assert 'in the OS keyring (service "watcher", user "gmail:oauth-token") cannot be read' in (
        str(from_keyring.value)
    )


def test_a_session_registers_each_of_its_secrets_for_redaction(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    token_file = tmp_path / "gmail.token.json"
    saved = google.authorized_user_info(GMAIL_SCOPES)
    token_file.write_text(json.dumps(saved), encoding="utf-8")
    secrets_file = google.client_secrets_json(tmp_path)
    config = write_config(tmp_path, gmail_table(secrets_file, token_file=token_file))
    stream = io.StringIO()
    logsetup.configure("info", json=True, stream=stream)
    try:
        signed_in = oauth.session(account(config, make_env(tmp_path)))
        expire(signed_in)
        renewed = signed_in.access_token()
        log = logging.getLogger("requests_oauthlib")  # ("google" does not propagate)
        for secret in (saved["token"], saved["refresh_token"], saved["client_secret"], renewed):
            log.warning("sent: %s", secret)  # a library's info is not shown at "info"
    finally:
        logsetup.configure("warning", json=True, stream=io.StringIO())

    logged = stream.getvalue()
    assert logged.count('"sent: ***"') == 4, logged
    # The values are registered one by one, not each JSON text saved (one more per refresh).
    with logsetup._secrets_lock:
        registered = set(logsetup._secrets)
    assert token_file.read_text(encoding="utf-8") not in registered
    assert {saved["refresh_token"], saved["client_secret"], renewed} <= registered


# --------------------------------------------------------------------------- before the browser


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No OS keyring at all here (a headless server), the previous one put back afterwards."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_a_login_with_no_keyring_to_save_in_is_refused_before_the_browser(
    google: GmailServer, no_keyring: None, opened: list[str], tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))

    result = watcher(
        config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", "--timeout", "1"
    )

    refused(result, 1, "no OS keyring is available here", "set token_file for this account")
    assert result.out == "" and opened == []  # no URL, no browser: nothing consented for naught
    assert google.auth_requests == []


def _a_directory(path: Path) -> str:
    path.mkdir()
    return "is a directory"


def _in_a_file(path: Path) -> str:
    path.parent.rmdir()
    path.parent.write_text("not a directory")
    return f"{path.parent} is not a directory"


def _a_link(path: Path) -> str:
    path.with_name("elsewhere.json").write_text("{}")
    path.symlink_to(path.with_name("elsewhere.json"))
    return "is a symbolic link"


@pytest.mark.parametrize("make", [_a_directory, _in_a_file, _a_link])
def test_a_token_file_that_cannot_be_written_is_refused_before_the_browser(
    make: Any,
    google: GmailServer,
    memory_keyring: MemoryKeyring,
    opened: list[str],
    tmp_path: Path,
) -> None:
    token_file = tmp_path / "tokens" / "gmail.json"
    token_file.parent.mkdir()
    needle = make(token_file)
    secrets_file = google.client_secrets_json(tmp_path)
    config = write_config(tmp_path, gmail_table(secrets_file, token_file=token_file))

    result = watcher(
        config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", "--timeout", "1"
    )

    refused(result, 1, f"token_file '{token_file}' of account 'gmail'", needle)
    assert result.out == "" and opened == []
    assert google.auth_requests == []


@pytest.mark.parametrize(
    ("key", "uri"),
    [
        ("token_uri", "http://oauth2.example.com/token"),
        ("auth_uri", "http://accounts.example.com/o/oauth2/auth"),
        ("token_uri", "ftp://oauth2.example.com/token"),
        ("token_uri", "/token"),
    ],
)
def test_a_client_whose_google_addresses_are_not_https_is_refused(
    key: str, uri: str, google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    secrets_file = google.client_secrets_json(tmp_path)
    info = json.loads(secrets_file.read_text(encoding="utf-8"))
    info["installed"][key] = uri
    secrets_file.write_text(json.dumps(info), encoding="utf-8")
    config = write_config(tmp_path, gmail_table(secrets_file))

    result = watcher(
        config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", "--timeout", "1"
    )  # OAUTHLIB_INSECURE_TRANSPORT is set: watcher's own check refuses

    refused(result, 2, f"client_secrets of account 'gmail': {key} {uri!r}", "must be https")
    assert result.out == ""
    assert google.auth_requests == []


def test_doctor_without_a_keyring_tells_a_google_account_to_set_token_file(
    google: GmailServer, no_keyring: None, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))

    result = watcher(config, {**make_env(tmp_path), "COLUMNS": "1000"}, "doctor")

    assert result.code == 1, result
    [line] = [line for line in result.out.splitlines() if "OS keyring:" in line]
    assert line.startswith("failed  OS keyring: no OS keyring is available here: ")
    assert "set token_file for account 'gmail'" in line
    assert "password_command for account 'personal'" in line  # the IMAP account without one
    assert "each account" not in line


def test_forget_without_a_keyring_says_nothing_is_stored_there(
    google: GmailServer, no_keyring: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))

    result = watcher(config, make_env(tmp_path), "auth", "forget", "gmail")
    helped = run_cli(["auth", "forget", "--help"], {}, capsys=capsys)

    assert result.code == 0, result
    assert result.out == (
        "No OS keyring is available here, so no Google sign-in of account 'gmail' is stored in "
        "one: nothing to remove.\n"
    )
    assert "unlock" not in result.out + result.err
    assert "oauth-token" not in result.out + result.err
    assert helped.code == 0
    assert "ACCOUNT an [[accounts]] name, or notify.email" in " ".join(helped.out.split())


# --------------------------------------------------------------------------- the loopback server


class ForgedRequest(Browser):
    """Not Google's answer: another request reaches the loopback port first (``query`` after
    the redirect URI; ``{state}`` becomes the login's own state)."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query

    def visit(self, url: str) -> None:
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        redirect, state = params["redirect_uri"][0], params["state"][0]
        super().visit(f"{redirect}?{self.query.replace('{state}', state)}")


class IdleConnection(Browser):
    """A program that connects to the loopback port and sends nothing; with ``then_browse``
    the user's browser comes back with Google's answer meanwhile."""

    def __init__(self, *, then_browse: bool = False) -> None:
        super().__init__()
        self.then_browse = then_browse
        self.sockets: list[socket.socket] = []

    def visit(self, url: str) -> None:
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        port = urllib.parse.urlsplit(params["redirect_uri"][0]).port
        assert port is not None
        self.sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        self.url = url
        if self.then_browse:
            super().visit(url)

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_two_logins_on_the_same_fixed_port_in_a_row_both_succeed(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    """The first login's connection leaves the port in TIME-WAIT for a minute: the second
    one listens all the same (SO_REUSEADDR)."""
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    env = make_env(tmp_path)
    port = free_port()

    first = watcher(config, env, "auth", "login", "gmail", "--port", str(port), browser=Browser())
    second = watcher(config, env, "auth", "login", "gmail", "--port", str(port), browser=Browser())

    assert first.code == 0, first
    assert second.code == 0, second
    assert [urllib.parse.urlsplit(a.redirect_uri).port for a in google.auth_requests] == [port] * 2


@pytest.mark.parametrize(
    "query",
    ["code=4/0Aforged&state=forged", "", "state={state}"],
    ids=["wrong-state", "nothing", "no-code"],
)
def test_a_request_that_is_not_googles_answer_is_explained(
    query: str, google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    port = free_port()
    browser = ForgedRequest(query)

    result = watcher(
        config, make_env(tmp_path), "auth", "login", "gmail", "--port", str(port), browser=browser
    )

    refused(
        result,
        1,
        f"an unexpected request reached port {port}",
        "run `watcher auth login gmail` again",
    )
    assert "Google refused" not in result.err
    assert google.token_requests == []
    assert memory_keyring.passwords == {}


@pytest.mark.parametrize(
    "answer",
    [
        (503, "text/html", b"<html><body>Service Unavailable</body></html>"),
        (500, "application/json", b'{"error": "internal_failure"}'),
        (200, "text/html", b"<html><body>Sign in to the Wi-Fi</body></html>"),
    ],
    ids=["503-html", "500-json", "200-html"],
)
def test_a_failing_token_server_is_told_to_try_again_later(
    answer: tuple[int, str, bytes], memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    with RefusingGoogle(token_answer=answer) as refusing:
        config = write_config(tmp_path, gmail_table(refusing.client_secrets_json(tmp_path)))

        result = watcher(
            config, make_env(tmp_path), "auth", "login", "gmail", "--port", "0", browser=Browser()
        )

        assert refusing.token_requests == 1
    refused(
        result,
        1,
        "Google's token server failed",
        f"HTTP {answer[0]}",
        "try again later",
        "`watcher auth login gmail`",
    )
    assert "Google refused" not in result.err
    assert memory_keyring.passwords == {}


def run_aside(config: Path, env: dict[str, str], browser: Browser, *args: str) -> list[Result]:
    """Run the login in a thread: what it returned within 15 s (nothing if it hangs)."""
    results: list[Result] = []

    def run() -> None:
        results.append(watcher(config, env, "auth", "login", "gmail", *args, browser=browser))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=15)
    return list(results)


def test_an_idle_connection_does_not_outlast_the_timeout(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    idle = IdleConnection()
    try:
        results = run_aside(config, make_env(tmp_path), idle, "--port", "0", "--timeout", "1")
    finally:
        idle.close()

    assert results, "the login still waits on the idle connection past --timeout"
    refused(results[0], 1, "no answer came back from the browser within 1 s")


def test_an_idle_connection_does_not_hold_off_googles_answer(
    google: GmailServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    config = write_config(tmp_path, gmail_table(google.client_secrets_json(tmp_path)))
    browser = IdleConnection(then_browse=True)
    try:
        results = run_aside(config, make_env(tmp_path), browser, "--port", "0", "--timeout", "10")
    finally:
        browser.close()

    assert results, "the login still waits on the idle connection"
    assert results[0].code == 0, results[0]
    assert browser.page == oauth.SUCCESS_PAGE
    assert set(memory_keyring.passwords) == {KEYRING_USER}
