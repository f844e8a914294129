"""Nudges by email to oneself, through SMTP: the only user of :mod:`smtplib`.

One nudge becomes one plain-text message whose subject starts with the company, listing each
item with the text of its draft. The connection is always verified TLS (implicit, or STARTTLS)
except for ``tls = "none"``, which is allowed on a loopback address only. Every failure becomes a
:class:`~watcher.notify.base.NotifyError` naming ``host:port`` and the fix, never the password.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, localtime, make_msgid, parseaddr
from pathlib import Path

from watcher.errors import WatcherError
from watcher.models import Nudge, NudgeItem
from watcher.notify.base import Notifier, NotifyError
from watcher.settings import EmailNotifyConfig, NotifyConfig, is_loopback

_RULE = "-" * 60
_INDENT = "    "


class SmtpNotifier(Notifier):
    """Send each nudge as one email from ``config.from_address`` to ``config.to_address``.

    ``password`` is required when ``config.username`` is set (the caller reads it with
    :func:`watcher.credentials.password_for`). ``ca_file`` adds a private CA to verify the server
    with (instead of the system's); ``timeout`` bounds the connection and every exchange.
    """

    name = "email"

    def __init__(
        self,
        config: EmailNotifyConfig,
        password: str | Callable[[], str] | None,
        *,
        ca_file: Path | None = None,
        timeout: float = 30.0,
    ) -> None:
        if config.username and not password:
            raise NotifyError(
                f"[notify.email] has username {config.username!r} but no password was given: "
                "set password_command in [notify.email] or store it with `watcher auth set`"
            )
        if config.tls == "none" and not is_loopback(config.host):
            raise NotifyError(
                f'[notify.email] tls = "none" is only allowed for a loopback host, not '
                f'{config.host!r}: use tls = "ssl" (port 465) or "starttls" (port 587)'
            )
        self.config = config
        # A callable is asked at each send: a locked keyring is waited for (the send fails with
        # NotifyError, and the nudge is tried again later) instead of stopping the daemon.
        self._password_source = password
        self._password: str | None = password if isinstance(password, str) else None
        self.ca_file = ca_file
        self.timeout = timeout

    @classmethod
    def from_settings(
        cls, settings: NotifyConfig, password: Callable[[], str] | None
    ) -> SmtpNotifier:
        """Return the notifier of ``[notify.email]``; raise NotifyError if there is none."""
        if settings.email is None:
            raise NotifyError("there is no [notify.email] in the configuration: add one")
        return cls(settings.email, password)

    def _current_password(self) -> str:
        source = self._password_source
        if isinstance(source, str):
            return source
        assert source is not None  # checked in __init__
        try:
            return source()
        except WatcherError as error:
            raise NotifyError(f"the password of [notify.email] cannot be read: {error}") from None

    def __repr__(self) -> str:
        return f"SmtpNotifier({self._where}, tls={self.config.tls!r})"

    @property
    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"

    def send(self, nudge: Nudge) -> None:
        """Deliver ``nudge`` as one message; raise NotifyError naming the fix if it was not."""
        if not nudge.items and not nudge.notice:
            return
        message = build_message(nudge, self.config.from_address, self.config.to_address)
        try:
            self._deliver(message)
        except NotifyError:
            raise
        except (smtplib.SMTPException, OSError) as error:
            raise NotifyError(self._scrub(self._explain(error))) from None

    def probe(self) -> str:
        """Connect, encrypt, log in and say goodbye, sending nothing."""
        try:
            self._deliver(None)
        except NotifyError:
            raise
        except (smtplib.SMTPException, OSError, ssl.SSLError) as error:
            raise NotifyError(self._explain(error)) from None
        return f"the SMTP server {self._where} (tls {self.config.tls})"

    def _deliver(self, message: EmailMessage | None) -> None:
        """Send ``message`` (or, with None, only connect and log in)."""
        config = self.config
        context = ssl.create_default_context(
            cafile=str(self.ca_file) if self.ca_file is not None else None
        )
        client: smtplib.SMTP
        if config.tls == "ssl":
            client = smtplib.SMTP_SSL(
                config.host, config.port, timeout=self.timeout, context=context
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=self.timeout)
        try:
            client.ehlo()
            if config.tls == "starttls":
                if not client.has_extn("starttls"):
                    raise NotifyError(
                        f"the SMTP server {self._where} does not offer STARTTLS: use "
                        '"ssl" for tls in [notify.email] (port 465) or the right port'
                    )
                client.starttls(context=context)
                client.ehlo()
            if config.username:
                self._password = self._current_password()
                if not client.has_extn("auth"):
                    raise NotifyError(
                        f"the SMTP server {self._where} offers no login (AUTH) on this "
                        "connection: check tls and port in [notify.email], or remove username"
                    )
                _login(client, config.username, self._password)
            if message is not None:
                client.send_message(message)
        except BaseException:
            client.close()
            raise
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            pass  # the message was accepted: a failed goodbye does not matter
        finally:
            client.close()

    def _explain(self, error: BaseException) -> str:
        where = self._where
        fix_address = "check host, port and tls in [notify.email]"
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return (
                f"the SMTP server {where} refused the login of {self.config.username!r} "
                f"({_reply(error.smtp_code, error.smtp_error)}): check the username and the "
                "password (password_command) in [notify.email]"
            )
        if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == 530:
            return (
                f"the SMTP server {where} requires a login "
                f"({_reply(error.smtp_code, error.smtp_error)}): set username and "
                "password_command in [notify.email]"
            )
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            refused = ", ".join(
                f"{address} ({_reply(code, text)})"
                for address, (code, text) in error.recipients.items()
            )
            return (
                f"the SMTP server {where} refused the recipient {refused}: check to in "
                "[notify.email] (and that this server relays for you)"
            )
        if isinstance(error, smtplib.SMTPSenderRefused):
            return (
                f"the SMTP server {where} refused the sender {error.sender!r} "
                f"({_reply(error.smtp_code, error.smtp_error)}): check from in [notify.email] "
                "(it must be an address this login may send as)"
            )
        if isinstance(error, smtplib.SMTPResponseException):
            return (
                f"the SMTP server {where} refused the message "
                f"({_reply(error.smtp_code, error.smtp_error)}): check the server's limits and "
                "the from and to addresses in [notify.email]"
            )
        if isinstance(error, smtplib.SMTPNotSupportedError):
            return (
                f"the SMTP server {where} does not support what was asked ({error}): {fix_address}"
            )
        if isinstance(error, smtplib.SMTPServerDisconnected) and "timed out" in str(error):
            return (
                f"the SMTP server {where} did not answer within {self.timeout:g} s: "
                f"{fix_address} and the network"
            )
        if isinstance(error, smtplib.SMTPServerDisconnected):
            return (
                f"the SMTP server {where} closed the connection ({error or 'no reason given'}): "
                f"{fix_address} (implicit TLS is usually port 465, STARTTLS port 587)"
            )
        if isinstance(error, ssl.SSLCertVerificationError):
            return (
                f"the certificate of the SMTP server {where} could not be verified "
                f"({error.verify_message or error.reason}): check that host names the server "
                "as its certificate does, or install the CA that signed it"
            )
        if isinstance(error, ssl.SSLError):
            return (
                f"TLS with the SMTP server {where} failed ({error.reason or error}): {fix_address} "
                '(tls = "ssl" is usually port 465, "starttls" port 587)'
            )
        if isinstance(error, socket.gaierror):
            return (
                f"the SMTP host {self.config.host!r} ({where}) cannot be resolved "
                f"({error.strerror}): check host in [notify.email] and the network"
            )
        if isinstance(error, ConnectionRefusedError):
            return f"nothing accepts connections at {where}: {fix_address}"
        if isinstance(error, TimeoutError):
            return (
                f"the SMTP server {where} did not answer within {self.timeout:g} s: "
                f"{fix_address} and the network"
            )
        if isinstance(error, OSError):
            return (
                f"the SMTP server {where} cannot be reached "
                f"({error.strerror or type(error).__name__}): {fix_address} and the network"
            )
        return f"sending through the SMTP server {where} failed ({error}): {fix_address}"

    def _scrub(self, text: str) -> str:
        """Remove the password (and its base64 forms, as AUTH sends them) from ``text``."""
        secret = self._password
        if not secret:
            return text
        forms = {secret}
        user = self.config.username or ""
        for raw in (secret, f"\0{user}\0{secret}", f"{user} {secret}"):
            forms.add(base64.b64encode(raw.encode()).decode())
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
        return text


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """Log in; smtplib alone cannot send a non-ASCII name or password, so PLAIN sends UTF-8 then.

    RFC 4616 defines PLAIN over UTF-8; smtplib encodes its AUTH lines as ASCII.
    """
    if (username + password).isascii():
        client.login(username, password)
        return
    mechanisms = client.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" not in mechanisms:
        raise smtplib.SMTPNotSupportedError(
            "no AUTH PLAIN, the only way to send a username or password that is not ASCII; "
            "use an ASCII password (or an app password)"
        )
    token = base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")
    code, reply = client.docmd("AUTH", f"PLAIN {token}")
    if code == 334:  # the server wants the credentials on their own line
        code, reply = client.docmd(token)
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()


def _one_line(text: str) -> str:
    """Untrusted text for a header: whitespace (line breaks included) collapsed."""
    return " ".join(text.split())


def _kind(item: NudgeItem) -> str:
    return str(item.kind).replace("_", "-")


def _when(moment: datetime) -> str:
    zone = moment.tzname() or format_datetime(moment)[-5:]
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M} {zone}".rstrip()


def subject_for(nudge: Nudge) -> str:
    """ "Northwind: follow-up due for Data Engineer", or "Northwind, Globex: 3 things are due"."""
    items = nudge.items
    if not items:
        return _one_line(f"watcher: {nudge.title}")
    if len(items) == 1:
        item = items[0]
        return _one_line(f"{item.company}: {_kind(item)} due for {item.role}")
    companies = list(dict.fromkeys(_one_line(item.company) for item in items))
    return _one_line(f"{', '.join(companies)}: {len(items)} things are due")


def body_for(nudge: Nudge) -> str:
    """The plain-text body: each item with what is due, why, where its draft is, and the draft;
    for an interview found in mail, the commands that track or ignore it."""
    count = len(nudge.items)
    lines = [nudge.notice, ""] if nudge.notice else []
    if nudge.suggestion is not None:
        lines += [
            f"Track it:   watcher track accept {nudge.suggestion}",
            f"Ignore it:  watcher track ignore {nudge.suggestion}   (it is never suggested again)",
            "",
        ]
    if count:
        lines += ["1 thing is due." if count == 1 else f"{count} things are due.", ""]
    for number, item in enumerate(nudge.items, 1):
        lines.append(_RULE)
        lines.append(f"{number}. {_one_line(item.company)} - {_one_line(item.role)}")
        lines.append(f"   {_kind(item).capitalize()} due {_when(item.due)}")
        if item.reason.strip():
            lines.append(f"   Why: {_one_line(item.reason)}")
        if item.draft_folder or item.draft_account:
            where = item.draft_folder or "Drafts"
            if item.draft_account:
                where += f" of account {item.draft_account}"
            subject = f" ({_one_line(item.draft_subject)!r})" if item.draft_subject else ""
            lines.append(f"   Draft{subject}: in {where}")
        elif item.draft_subject:
            lines.append(f"   Draft: {_one_line(item.draft_subject)!r}")
        if item.draft_text.strip():
            lines.append("")
            lines.append("   The draft:")
            lines.append("")
            for text_line in item.draft_text.strip("\n").splitlines():
                lines.append(f"{_INDENT}{text_line}".rstrip())
        lines.append("")
    lines.append(_RULE)
    lines.append("Sent by watcher, to you, about your own interviews.")
    return "\n".join(lines) + "\n"


def build_message(nudge: Nudge, from_address: str, to_address: str) -> EmailMessage:
    """The one message for ``nudge``: headers (Subject, Auto-Submitted...) and a UTF-8 body;
    its Message-ID derives from ``nudge.key`` when it has one."""
    message = EmailMessage()
    message["From"] = from_address
    message["To"] = to_address
    message["Subject"] = subject_for(nudge)
    message["Date"] = format_datetime(localtime())
    domain = parseaddr(from_address)[1].rpartition("@")[2] or "watcher.invalid"
    # A nudge sent again after a crash (accepted by the server, not yet marked in the ledger)
    # carries the same Message-ID, so a mail system that suppresses duplicates shows it once.
    message["Message-ID"] = (
        f"<watcher.nudge.{nudge.key}@{domain}>"
        if nudge.key
        else make_msgid("watcher", domain=domain)
    )
    message["Auto-Submitted"] = "auto-generated"
    message["X-Watcher"] = "nudge"
    message.set_content(body_for(nudge), charset="utf-8", cte="quoted-printable")
    return message
