"""A private Dovecot IMAP server for the test suite (see /work/shared/TESTING.md for the facts).

:class:`DovecotServer` writes its own config, certificate and users into a temp directory, so
nothing under /etc/dovecot is read and several servers can run side by side. It listens on
127.0.0.1 only: one plain port (for STARTTLS and tls = "none") and one implicit-TLS port.

Two traps beyond TESTING.md, found here: Dovecot re-reads a passwd-file only when its mtime (in
whole seconds) changes, so each user gets a file of its own; and after a failed login Dovecot
delays every later login from the same address (2 to 15 s, good ones too) unless the
anvil-auth-penalty listener is switched off. A failed login still costs 0.5 s.
"""

from __future__ import annotations

import contextlib
import ctypes
import email
import email.policy
import grp
import imaplib
import itertools
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Literal

import pytest

from tests.servers.certs import make_certificate
from watcher.settings import ImapAccount

_PR_SET_PDEATHSIG = 1
_NOBODY = 65534

DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)
DOVEADM = shutil.which("doveadm") or (
    "/usr/bin/doveadm" if Path("/usr/bin/doveadm").exists() else None
)

_CONFIG = """\
# Written by tests/servers/dovecot.py: a throwaway server, nothing here is read from /etc.
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login{oauth2_mechanisms}
# A failed login otherwise costs 2 s (0.5 s remain: Dovecot answers failures in batches).
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_fsync = never
{users_section}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
{oauth2_passdb}}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
service imap-login {{
{no_chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service auth {{
  user = {auth_user}
}}
# Dovecot delays every login from an address after a failed one (2, 4, 8, 15 s, even a good
# login); a listener with mode 0 switches that penalty off.
service anvil {{
{no_chroot}  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


SPECIAL_FOLDERS: Mapping[str, str] = MappingProxyType(
    {"Drafts": "\\Drafts", "Sent": "\\Sent", "Junk": "\\Junk", "Trash": "\\Trash"}
)
"""The folders every user has (created and subscribed at first login), with their special-use
flag (RFC 6154)."""

GMAIL_FOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "[Gmail]/All Mail": "\\All",
        "[Gmail]/Drafts": "\\Drafts",
        "[Gmail]/Sent Mail": "\\Sent",
        "[Gmail]/Spam": "\\Junk",
        "[Gmail]/Starred": "\\Flagged",
        "[Gmail]/Trash": "\\Trash",
    }
)
"""The folders of a Gmail IMAP account, for ``DovecotServer(folders=GMAIL_FOLDERS)``."""


def require_dovecot() -> None:
    """Skip the calling test when dovecot is not installed, or fail it when the environment
    says WATCHER_REQUIRE_DOVECOT=1 (the project's test script does, so CI never skips)."""
    if DOVECOT is not None:
        return
    reason = "dovecot is not installed (apt-get install dovecot-imapd)"
    if os.environ.get("WATCHER_REQUIRE_DOVECOT") == "1":
        pytest.fail(f"{reason}; WATCHER_REQUIRE_DOVECOT=1 asks for the IMAP tests to run")
    pytest.skip(reason)


@dataclass(frozen=True)
class MailUser:
    """A user of a :class:`DovecotServer`."""

    name: str
    password: str


_USER_NUMBERS = itertools.count(1)


def new_user(server: DovecotServer, password: str | None = None) -> MailUser:
    """Add a user with a name no other test uses (and a random password unless given)."""
    user = MailUser(
        f"user{next(_USER_NUMBERS)}-{secrets.token_hex(3)}",
        password or secrets.token_urlsafe(12),
    )
    server.add_user(user.name, user.password)
    return user


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """Run in the child before exec: SIGKILL the server when the test process dies (Linux)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class DovecotServer:
    """One Dovecot instance with its users, started with :meth:`start` and ended with :meth:`stop`.

    ``root`` is a private 0711 directory (pytest's ``tmp_path`` is 0700 and the mail processes,
    uid 65534 when running as root, could not enter it). Mail of user NAME lives in
    ``root/home/NAME/Maildir``.

    ``folders`` maps each folder every user has to its special-use flag (:data:`GMAIL_FOLDERS`
    gives Gmail's). ``oauth2`` switches on XOAUTH2 and OAUTHBEARER logins checked by Dovecot's
    oauth2 passdb: its items are the lines of that passdb's settings file
    (``dovecot-oauth2.conf.ext``: ``tokeninfo_url``, ``introspection_url``...). A user then logs
    in with a token whose introspection names it (``username_attribute``), or with its password.
    """

    def __init__(
        self,
        *,
        folders: Mapping[str, str] = SPECIAL_FOLDERS,
        oauth2: Mapping[str, str] | None = None,
    ) -> None:
        if DOVECOT is None:
            raise FileNotFoundError("dovecot is not installed (apt-get install dovecot-imapd)")
        self.root = Path(tempfile.mkdtemp(prefix="watcher-dovecot-"))
        self.root.chmod(0o711)
        self.config = self.root / "dovecot.conf"
        self.ca_file = self.root / "cert.pem"
        self.imap_port = free_port()
        self.imaps_port = free_port()
        self.host = "127.0.0.1"
        self._users: dict[str, str] = {}
        self._folders = dict(folders)
        self._oauth2 = dict(oauth2) if oauth2 is not None else None
        self._files = 0  # numbers the Maildir files that fill_maildir writes
        self._process: subprocess.Popen[bytes] | None = None
        if os.geteuid() == 0:
            self.mail_uid = self.mail_gid = _NOBODY
        else:
            self.mail_uid, self.mail_gid = os.getuid(), os.getgid()
        for sub in ("run", "state", "home", "users"):
            (self.root / sub).mkdir(mode=0o755)
        self._make_certificate()
        self._write_config()

    # -- lifecycle ------------------------------------------------------------------------------

    def __enter__(self) -> DovecotServer:
        """Start the server; leaving the block stops it and removes its directory."""
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.cleanup()

    def start(self, timeout: float = 10.0) -> None:
        """Start the server and return once it greets clients; raise RuntimeError if it does not."""
        assert DOVECOT is not None
        (self.root / "run" / "master.pid").unlink(missing_ok=True)
        self._process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # prctl must run in the child, before exec
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                stderr = self._process.stderr.read() if self._process.stderr else b""
                self._process = None
                raise RuntimeError(
                    f"dovecot exited at start: {stderr.decode(errors='replace')}{self.log()}"
                )
            if self._greets():
                return
            time.sleep(0.03)
        self.stop()
        raise RuntimeError(f"dovecot did not greet within {timeout} s: {self.log()}")

    def stop(self) -> None:
        """Kill the server at once (SIGKILL to its process group: SIGTERM takes over a second)."""
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        if process.stderr is not None:
            process.stderr.close()
        # The master is reaped, but its children (imap-login holds the listening sockets) may
        # still be dying: wait until a connect is refused rather than accepted and then reset.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and self._listening():
            time.sleep(0.002)

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        """Stop the server and remove its directory."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # -- users and mail -------------------------------------------------------------------------

    def add_user(self, name: str, password: str) -> Path:
        """Create a mail user and return its home directory (owned by the mail uid)."""
        if ":" in name + password or "\n" in name + password or "/" in name:
            raise ValueError("names and passwords may not hold ':' or newlines, names no '/'")
        home = self.root / "home" / name
        home.mkdir(mode=0o700)
        os.chown(home, self.mail_uid, self.mail_gid)
        self._users[name] = password
        line = f"{name}:{{PLAIN}}{password}:{self.mail_uid}:{self.mail_gid}::{home}::\n"
        # One passwd-file per user: Dovecot notices a changed file only when its mtime (whole
        # seconds) changes, so users added within a second of each other would be missed.
        users = self.root / "users" / name
        users.write_text(line, encoding="utf-8")
        users.chmod(0o644)
        return home

    def account(
        self,
        user: str,
        tls: Literal["ssl", "starttls", "none"] = "ssl",
        *,
        ca_file: Path | Literal["default"] | None = "default",
        folders: tuple[str, ...] = ("INBOX",),
        addresses: tuple[str, ...] = (),
    ) -> ImapAccount:
        """Return an account config pointing at this server (trusting its certificate)."""
        return ImapAccount(
            name=f"test-{user}",
            host=self.host,
            port=self.imaps_port if tls == "ssl" else self.imap_port,
            tls=tls,
            ca_file=self.ca_file if ca_file == "default" else ca_file,
            username=user,
            password_command=None,
            addresses=addresses,
            folders=folders,
        )

    def connect(self, user: str) -> imaplib.IMAP4:
        """Return a stdlib IMAP connection logged in as ``user`` (plain port, for test setup)."""
        client = imaplib.IMAP4(self.host, self.imap_port, timeout=10)
        try:
            client.login(user, self._users[user])
        except BaseException:
            client.shutdown()
            raise
        return client

    def messages(self, user: str, folder: str) -> list[EmailMessage]:
        """Return every message of ``folder`` of ``user``, parsed, in UID order (nothing is
        marked read)."""
        client = self.connect(user)
        try:
            client.select(folder, readonly=True)
            _typ, data = client.uid("SEARCH", "ALL")
            found = []
            for uid in data[0].split():
                _typ, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
                raw = parts[0][1]
                assert isinstance(raw, bytes)
                message = email.message_from_bytes(raw, policy=email.policy.default)
                assert isinstance(message, EmailMessage)
                found.append(message)
            return found
        finally:
            client.logout()

    def deliver(
        self,
        user: str,
        folder: str,
        data: bytes,
        internal_date: datetime | None = None,
        flags: str = "",
    ) -> None:
        """APPEND ``data`` to ``folder`` of ``user`` with that INTERNALDATE (now when None)."""
        self.deliver_many(user, folder, [(data, internal_date)], flags=flags)

    def deliver_many(
        self,
        user: str,
        folder: str,
        messages: Iterable[tuple[bytes, datetime | None]],
        flags: str = "",
    ) -> None:
        """APPEND several messages over one connection."""
        client = self.connect(user)
        try:
            for data, internal_date in messages:
                when = imaplib.Time2Internaldate(internal_date or datetime.now(UTC))
                typ, response = client.append(
                    _quote(folder), f"({flags})" if flags else None, when, data
                )
                if typ != "OK":
                    raise RuntimeError(f"APPEND to {folder} failed: {response!r}")
        finally:
            client.logout()

    def fill_maildir(
        self,
        user: str,
        messages: Iterable[tuple[bytes, datetime]],
        folder: str = "INBOX",
        *,
        flags: str = "S",
    ) -> int:
        """Write messages straight into the user's Maildir (about 20,000/s, for benchmarks).

        Each file's mtime is its message's date: that is the INTERNALDATE that SEARCH SINCE uses.
        Return how many messages were written.
        """
        home = self.root / "home" / user
        maildir = home / "Maildir"
        if folder.upper() != "INBOX":
            maildir = maildir / ("." + folder.replace("/", "."))
        for sub in ("", "cur", "new", "tmp"):
            path = maildir / sub if sub else maildir
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chown(path, self.mail_uid, self.mail_gid)
        os.chown(home / "Maildir", self.mail_uid, self.mail_gid)
        host = socket.gethostname().replace("/", "_").replace(":", "_")
        count = 0
        cur = maildir / "cur"
        for data, when in messages:
            count += 1
            self._files += 1
            stamp = int(when.timestamp())
            name = f"{stamp}.M{self._files}P1.{host},S={len(data)}:2,{flags}"
            path = cur / name
            path.write_bytes(data)
            os.chown(path, self.mail_uid, self.mail_gid)
            os.utime(path, (stamp, stamp))
        return count

    def reset_uidvalidity(self, user: str, folder: str) -> int:
        """Give ``folder`` a new UIDVALIDITY (as a server does after a rebuild); return it."""
        assert DOVEADM is not None
        client = self.connect(user)
        try:
            _, data = client.status(_quote(folder), "(UIDVALIDITY)")
        finally:
            client.logout()
        current = int(data[0].split(b"UIDVALIDITY ")[1].rstrip(b")")) if data[0] else 0
        new = current + 1
        command = [
            DOVEADM,
            "-c",
            str(self.config),
            "mailbox",
            "update",
            "-u",
            user,
            "--uid-validity",
            str(new),
            folder,
        ]
        subprocess.run(command, check=True, capture_output=True)
        return new

    # -- internals ------------------------------------------------------------------------------

    def _listening(self) -> bool:
        for port in (self.imap_port, self.imaps_port):
            try:
                socket.create_connection((self.host, port), timeout=1).close()
            except OSError:
                continue
            return True
        return False

    def _greets(self) -> bool:
        try:
            with socket.create_connection((self.host, self.imap_port), timeout=1) as sock:
                return sock.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def _make_certificate(self) -> None:
        cert, _key = make_certificate(self.root)
        assert cert == self.ca_file
        (self.root / "key.pem").chmod(0o600)
        self.ca_file.chmod(0o644)

    def _write_config(self) -> None:
        if os.geteuid() == 0:
            users_section = ""
            auth_user = "root"
            no_chroot = ""
        else:
            # Unprivileged: every Dovecot process runs as the current user.
            me = pwd.getpwuid(os.getuid()).pw_name
            users_section = (
                f"default_login_user = {me}\n"
                f"default_internal_user = {me}\n"
                f"default_internal_group = {grp.getgrgid(os.getgid()).gr_name}\n"
            )
            auth_user = me
            no_chroot = "  chroot =\n"  # chroot needs root
        mailboxes = "".join(
            f"  mailbox {_quote(name)} {{\n    special_use = {flag}\n    auto = subscribe\n  }}\n"
            for name, flag in self._folders.items()
        )
        oauth2_mechanisms = oauth2_passdb = ""
        if self._oauth2 is not None:
            settings = self.root / "dovecot-oauth2.conf.ext"
            settings.write_text(
                "".join(f"{key} = {value}\n" for key, value in self._oauth2.items()),
                encoding="utf-8",
            )
            settings.chmod(0o644)
            oauth2_mechanisms = " xoauth2 oauthbearer"
            # Tokens go to the oauth2 passdb only, passwords to the passwd-file only.
            oauth2_passdb = (
                "  mechanisms = plain login\n}\npassdb {\n  driver = oauth2\n"
                f"  mechanisms = xoauth2 oauthbearer\n  args = {settings}\n"
            )
        self.config.write_text(
            _CONFIG.format(
                root=self.root,
                mailboxes=mailboxes,
                oauth2_mechanisms=oauth2_mechanisms,
                oauth2_passdb=oauth2_passdb,
                users_section=users_section,
                auth_user=auth_user,
                no_chroot=no_chroot,
                imap_port=self.imap_port,
                imaps_port=self.imaps_port,
            ),
            encoding="utf-8",
        )
        self.config.chmod(0o644)


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
