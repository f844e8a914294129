"""A real SMTP server for the tests, in-process (aiosmtpd; see /work/shared/TESTING.md).

:class:`SmtpServer` listens on 127.0.0.1 in one of three modes: ``"plain"``, ``"starttls"`` (the
server requires STARTTLS before MAIL) or ``"ssl"`` (implicit TLS on the socket). TLS uses a
self-signed EC certificate made by openssl at start (SAN localhost and 127.0.0.1), which is also
the CA to trust: :attr:`SmtpServer.ca_file`. With ``user`` and ``password`` it offers AUTH; in
STARTTLS mode only after STARTTLS, and then it requires it (aiosmtpd warns when AUTH is required
without its own STARTTLS, so the other modes offer it without requiring it). Each accepted
message lands in :attr:`SmtpServer.messages` as a :class:`Received` (envelope sender, recipients,
parsed message).

Traps: ``port=0`` does not work with aiosmtpd's Controller, so a free port is picked first; a
failed AUTH must return ``AuthResult(success=False, handled=False)`` or the client hangs; and
aiosmtpd advertises AUTH only after STARTTLS when ``auth_require_tls`` is set, which an implicit
TLS socket never does, so that mode turns it off. Received messages are parsed with
``email.policy.default``.
"""

from __future__ import annotations

import email.policy
import shutil
import socket
import ssl
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.servers.certs import make_certificate

Mode = Literal["plain", "starttls", "ssl"]
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    raw: bytes


def require_openssl() -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        message = BytesParser(policy=email.policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        received = Received(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            message=message,
            raw=raw,
        )
        with self.server.lock:
            self.server.messages.append(received)
        if self.server.on_message is not None:
            self.server.on_message(received)
        return "250 OK"


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1:``port`` (see the module doc); a context manager."""

    def __init__(
        self, mode: Mode = "plain", *, user: str | None = None, password: str | None = None
    ) -> None:
        if (user is None) != (password is None):
            raise ValueError("give both user and password, or neither")
        self.mode = mode
        self.user = user
        self.password = password
        self.host = HOST
        self.port = 0
        self.messages: list[Received] = []
        self.on_message: Callable[[Received], None] | None = None
        """Called with each accepted message, before the client hears that it was accepted."""
        self.auth_attempts: list[tuple[str, bool]] = []
        self.lock = threading.Lock()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._controller: Controller | None = None
        self.ca_file: Path | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> SmtpServer:
        self._tmp = tempfile.TemporaryDirectory(prefix="watcher-smtp-")
        tls_context: ssl.SSLContext | None = None
        if self.mode != "plain":
            require_openssl()
            cert, key = make_certificate(Path(self._tmp.name))
            self.ca_file = cert
            tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_context.load_cert_chain(cert, key)
        kwargs: dict[str, Any] = {"server_hostname": "localhost", "timeout": 30}
        if self.mode == "starttls":
            kwargs.update(tls_context=tls_context, require_starttls=True)
        elif self.mode == "ssl":
            kwargs["ssl_context"] = tls_context
        if self.user is not None:
            kwargs.update(
                authenticator=self._authenticate,
                auth_required=self.mode == "starttls",
                auth_require_tls=self.mode == "starttls",
            )
        last: OSError | None = None
        for _ in range(5):  # the free port may be taken between the probe and the bind
            self.port = free_port()
            controller = Controller(_Handler(self), hostname=self.host, port=self.port, **kwargs)
            try:
                controller.start()
            except OSError as error:
                last = error
                continue
            self._controller = controller
            return self
        self.stop()
        raise RuntimeError(f"the SMTP test server could not start: {last}")

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- AUTH --------------------------------------------------------------------------------------

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and self.user is not None
            and self.password is not None
            and auth_data.login == self.user.encode()
            and auth_data.password == self.password.encode()
        )
        login = auth_data.login.decode("utf-8", "replace") if hasattr(auth_data, "login") else ""
        with self.lock:
            self.auth_attempts.append((login, ok))
        if ok:
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)  # handled=True would hang the client
