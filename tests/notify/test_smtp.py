"""SmtpNotifier against a real SMTP server (aiosmtpd): implicit TLS, STARTTLS, AUTH, failures."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from tests.servers.smtp import SmtpServer, free_port
from watcher.models import ActionKind, Nudge, NudgeItem
from watcher.notify.base import NotifyError
from watcher.notify.smtp import SmtpNotifier, build_message, subject_for
from watcher.settings import EmailNotifyConfig

if TYPE_CHECKING:
    from watcher.settings import Tls

ZONE = ZoneInfo("Europe/Berlin")
USER = "me@example.org"
PASSWORD = "s3cret-Pässword!"


def item(company: str = "Northwind", role: str = "Data Engineer", **changes: object) -> NudgeItem:
    values: dict[str, object] = {
        "interview_id": 1,
        "company": company,
        "role": role,
        "kind": ActionKind.FOLLOW_UP,
        "due": datetime(2026, 3, 3, 9, 0, tzinfo=ZONE),
        "reason": "a week has passed since the interview on 24 February",
        "draft_account": "personal",
        "draft_folder": "Drafts",
        "draft_subject": f"Following up: {role}",
        "draft_text": (
            f"Hi Dana,\n\nI wanted to follow up on the {role} role at {company}.\n\nBest,\nSam"
        ),
    }
    values.update(changes)
    return NudgeItem(**values)  # type: ignore[arg-type]


def config(server: SmtpServer, tls: Tls, username: str | None = None) -> EmailNotifyConfig:
    return EmailNotifyConfig(
        host="localhost" if tls != "none" else server.host,
        port=server.port,
        tls=tls,
        username=username,
        password_command=None,
        from_address="Sam Watcher <sam@example.org>",
        to_address="sam@example.org",
    )


@pytest.fixture
def ssl_server() -> Iterator[SmtpServer]:
    with SmtpServer("ssl") as server:
        yield server


@pytest.fixture
def starttls_server() -> Iterator[SmtpServer]:
    with SmtpServer("starttls") as server:
        yield server


@pytest.fixture
def plain_server() -> Iterator[SmtpServer]:
    with SmtpServer("plain") as server:
        yield server


def _check_delivered(server: SmtpServer, nudge: Nudge) -> None:
    assert len(server.messages) == 1
    received = server.messages[0]
    assert received.mail_from == "sam@example.org"
    assert received.rcpt_tos == ("sam@example.org",)
    message = received.message
    assert parseaddr(message["From"]) == ("Sam Watcher", "sam@example.org")
    assert message["To"] == "sam@example.org"
    assert str(message["Subject"]).startswith(nudge.items[0].company)
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Watcher"] == "nudge"
    message_id = message["Message-ID"]
    assert message_id.startswith("<") and message_id.endswith("@example.org>")
    sent_at = parsedate_to_datetime(message["Date"])
    assert abs(time.time() - sent_at.timestamp()) < 60
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    for each in nudge.items:
        assert each.company in body
        assert each.role in body
        assert each.reason in body
        for line in each.draft_text.splitlines():
            assert line.strip() in body


def test_implicit_tls_delivers_one_message(ssl_server: SmtpServer) -> None:
    nudge = Nudge((item(),))
    SmtpNotifier(config(ssl_server, "ssl"), None, ca_file=ssl_server.ca_file).send(nudge)
    _check_delivered(ssl_server, nudge)
    message = ssl_server.messages[0].message
    assert message["Subject"] == "Northwind: follow-up due for Data Engineer"
    body = message.get_content()
    assert "Drafts of account personal" in body
    assert "Tue 3 Mar 2026, 09:00 CET" in body
    # the draft is indented under its item, line by line
    assert "    Hi Dana," in body.splitlines()


def test_starttls_delivers_several_items_in_one_message(starttls_server: SmtpServer) -> None:
    nudge = Nudge(
        (
            item("Northwind"),
            item("Globex", "Analyst", kind=ActionKind.THANK_YOU, draft_text="Thank you, Lee!"),
            item("Northwind", "Platform Engineer", kind=ActionKind.CHECK_IN),
        )
    )
    notifier = SmtpNotifier(
        config(starttls_server, "starttls"), None, ca_file=starttls_server.ca_file
    )
    notifier.send(nudge)
    # require_starttls: the server refuses MAIL before TLS, so a delivery proves TLS was on
    _check_delivered(starttls_server, nudge)
    message = starttls_server.messages[0].message
    assert message["Subject"] == "Northwind, Globex: 3 things are due"
    body = message.get_content()
    assert "Thank you, Lee!" in body
    assert body.index("Globex") < body.index("Platform Engineer")
    assert "Thank-you due" in body and "Check-in due" in body


@pytest.mark.parametrize("password", [PASSWORD, "ascii-only-password"])
def test_auth_success_over_starttls(password: str) -> None:
    """smtplib sends AUTH as ASCII only; a UTF-8 password (RFC 4616) goes through PLAIN."""
    with SmtpServer("starttls", user=USER, password=password) as server:
        notifier = SmtpNotifier(config(server, "starttls", USER), password, ca_file=server.ca_file)
        notifier.send(Nudge((item(),)))
        assert server.auth_attempts == [(USER, True)]
        assert len(server.messages) == 1


def test_auth_success_over_implicit_tls() -> None:
    with SmtpServer("ssl", user=USER, password=PASSWORD) as server:
        notifier = SmtpNotifier(config(server, "ssl", USER), PASSWORD, ca_file=server.ca_file)
        notifier.send(Nudge((item(),)))
        assert server.auth_attempts == [(USER, True)]
        assert len(server.messages) == 1


def test_server_requiring_auth_refuses_without_login() -> None:
    with SmtpServer("starttls", user=USER, password=PASSWORD) as server:
        notifier = SmtpNotifier(config(server, "starttls"), None, ca_file=server.ca_file)
        with pytest.raises(NotifyError, match=rf"localhost:{server.port} requires a login"):
            notifier.send(Nudge((item(),)))
        assert server.messages == []


def test_wrong_password_is_a_notify_error_without_the_password() -> None:
    wrong = "wrong-Pässword-123"
    with SmtpServer("starttls", user=USER, password=PASSWORD) as server:
        notifier = SmtpNotifier(config(server, "starttls", USER), wrong, ca_file=server.ca_file)
        started = time.monotonic()
        with pytest.raises(NotifyError) as caught:
            notifier.send(Nudge((item(),)))
        assert time.monotonic() - started < 5
        assert server.auth_attempts == [(USER, False)]
        assert server.messages == []
    text = str(caught.value)
    assert f"localhost:{server.port}" in text
    assert "refused the login" in text and "password" in text
    assert wrong not in text and wrong not in repr(caught.value)
    assert caught.value.__suppress_context__
    assert wrong not in repr(notifier)


def test_username_without_password_is_refused_at_once(ssl_server: SmtpServer) -> None:
    with pytest.raises(NotifyError, match="password_command"):
        SmtpNotifier(config(ssl_server, "ssl", USER), None, ca_file=ssl_server.ca_file)


@pytest.mark.parametrize("wrong", ["wrong-Pässword-123", "wrong-password-123"])
def test_wrong_password_is_refused_either_way(wrong: str) -> None:
    with SmtpServer("ssl", user=USER, password=PASSWORD) as server:
        notifier = SmtpNotifier(config(server, "ssl", USER), wrong, ca_file=server.ca_file)
        with pytest.raises(NotifyError, match="refused the login") as caught:
            notifier.send(Nudge((item(),)))
        # smtplib tries each mechanism the server offers (LOGIN, then PLAIN): all refused
        assert server.auth_attempts and all(not ok for _, ok in server.auth_attempts)
        assert server.messages == []
    assert wrong not in str(caught.value)


@pytest.mark.parametrize("mode", ["ssl", "starttls"])
def test_unverified_certificate_is_a_notify_error(mode: Tls) -> None:
    with SmtpServer(mode) as server:  # type: ignore[arg-type]
        notifier = SmtpNotifier(config(server, mode), None)  # no ca_file: the system's CAs
        with pytest.raises(NotifyError, match="certificate") as caught:
            notifier.send(Nudge((item(),)))
        assert server.messages == []
    assert f"localhost:{server.port}" in str(caught.value)


def test_certificate_of_another_name_is_refused(ssl_server: SmtpServer) -> None:
    """The certificate names localhost and 127.0.0.1: "127.1" reaches it, unnamed."""
    mismatched = EmailNotifyConfig(
        host="127.1",
        port=ssl_server.port,
        tls="ssl",
        username=None,
        password_command=None,
        from_address="sam@example.org",
        to_address="sam@example.org",
    )
    notifier = SmtpNotifier(mismatched, None, ca_file=ssl_server.ca_file, timeout=5)
    with pytest.raises(NotifyError) as caught:
        notifier.send(Nudge((item(),)))
    assert ssl_server.messages == []
    assert "127.1" in str(caught.value) and "certificate" in str(caught.value)


def test_refused_port_is_a_fast_notify_error() -> None:
    port = free_port()  # nothing listens there
    refused = EmailNotifyConfig(
        host="127.0.0.1",
        port=port,
        tls="ssl",
        username=None,
        password_command=None,
        from_address="sam@example.org",
        to_address="sam@example.org",
    )
    started = time.monotonic()
    with pytest.raises(NotifyError, match=rf"127\.0\.0\.1:{port}") as caught:
        SmtpNotifier(refused, None).send(Nudge((item(),)))
    assert time.monotonic() - started < 2
    assert "nothing accepts connections" in str(caught.value)


def test_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # the kernel accepts; nobody ever says hello
        port = listener.getsockname()[1]
        silent = EmailNotifyConfig(
            host="127.0.0.1",
            port=port,
            tls="none",
            username=None,
            password_command=None,
            from_address="sam@example.org",
            to_address="sam@example.org",
        )
        started = time.monotonic()
        with pytest.raises(NotifyError, match=r"did not answer within 0\.3 s"):
            SmtpNotifier(silent, None, timeout=0.3).send(Nudge((item(),)))
        assert time.monotonic() - started < 3


def test_implicit_tls_against_a_plain_server_fails_clearly(plain_server: SmtpServer) -> None:
    notifier = SmtpNotifier(config(plain_server, "ssl"), None, timeout=5)
    started = time.monotonic()
    with pytest.raises(NotifyError, match=rf"localhost:{plain_server.port}"):
        notifier.send(Nudge((item(),)))
    assert time.monotonic() - started < 5
    assert plain_server.messages == []


def test_starttls_not_offered_is_a_notify_error(plain_server: SmtpServer) -> None:
    notifier = SmtpNotifier(config(plain_server, "starttls"), None, timeout=5)
    with pytest.raises(NotifyError, match="does not offer STARTTLS"):
        notifier.send(Nudge((item(),)))
    assert plain_server.messages == []


def test_plain_is_allowed_on_loopback(plain_server: SmtpServer) -> None:
    nudge = Nudge((item(),))
    SmtpNotifier(config(plain_server, "none"), None).send(nudge)
    _check_delivered(plain_server, nudge)


def test_plain_is_refused_for_a_remote_host() -> None:
    remote = EmailNotifyConfig(
        host="smtp.example.org",
        port=25,
        tls="none",
        username=None,
        password_command=None,
        from_address="sam@example.org",
        to_address="sam@example.org",
    )
    with pytest.raises(NotifyError, match="loopback"):
        SmtpNotifier(remote, None)


def test_non_ascii_names_and_text_survive(ssl_server: SmtpServer) -> None:
    company, role = "Zürich Café AG", "Ingénieure données — 日本"
    draft = "Grüß Gott Zoë,\n\nmerci beaucoup — ありがとう.\n\nSam"
    nudge = Nudge((item(company, role, draft_text=draft, reason="déjà une semaine"),))
    cfg = EmailNotifyConfig(
        host="localhost",
        port=ssl_server.port,
        tls="ssl",
        username=None,
        password_command=None,
        from_address="Zoë Müller <zoe@example.org>",
        to_address="Zoë Müller <zoe@example.org>",
    )
    SmtpNotifier(cfg, None, ca_file=ssl_server.ca_file).send(nudge)
    received = ssl_server.messages[0]
    assert received.raw.isascii()  # encoded for any server: RFC 2047 headers, quoted-printable body
    message = received.message
    assert message["Subject"] == f"{company}: follow-up due for {role}"
    assert parseaddr(str(message["From"])) == ("Zoë Müller", "zoe@example.org")
    assert received.rcpt_tos == ("zoe@example.org",)
    body = message.get_content()
    assert company in body and role in body and "déjà une semaine" in body
    assert "    Grüß Gott Zoë," in body.splitlines()
    assert "    merci beaucoup — ありがとう." in body.splitlines()


def test_untrusted_text_cannot_add_headers(plain_server: SmtpServer) -> None:
    sneaky = item("Evil\r\nBcc: victim@example.com", "Role\nX-Injected: yes")
    SmtpNotifier(config(plain_server, "none"), None).send(Nudge((sneaky,)))
    received = plain_server.messages[0]
    assert received.rcpt_tos == ("sam@example.org",)
    assert received.message["Bcc"] is None and received.message["X-Injected"] is None
    assert received.message["Subject"] == (
        "Evil Bcc: victim@example.com: follow-up due for Role X-Injected: yes"
    )


def test_empty_nudge_sends_nothing(plain_server: SmtpServer) -> None:
    SmtpNotifier(config(plain_server, "none"), None).send(Nudge(()))
    assert plain_server.messages == []


def test_concurrent_sends_each_deliver(ssl_server: SmtpServer) -> None:
    notifier = SmtpNotifier(config(ssl_server, "ssl"), None, ca_file=ssl_server.ca_file)
    threads = [
        threading.Thread(target=notifier.send, args=(Nudge((item(f"Company {n}"),)),))
        for n in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(str(r.message["Subject"]).split(":")[0] for r in ssl_server.messages) == [
        "Company 0",
        "Company 1",
        "Company 2",
    ]


def test_subjects() -> None:
    assert subject_for(Nudge((item(),))) == "Northwind: follow-up due for Data Engineer"
    thank = item("Globex", "Analyst", kind=ActionKind.THANK_YOU)
    assert subject_for(Nudge((thank,))) == "Globex: thank-you due for Analyst"
    several = Nudge((item("Globex"), item("Northwind"), item("Globex")))
    assert subject_for(several) == "Globex, Northwind: 3 things are due"


def test_message_ids_are_unique() -> None:
    nudge = Nudge((item(),))
    first = build_message(nudge, "sam@example.org", "sam@example.org")
    second = build_message(nudge, "sam@example.org", "sam@example.org")
    assert first["Message-ID"] != second["Message-ID"]


def test_item_without_draft_says_so_plainly(plain_server: SmtpServer) -> None:
    bare = item(draft_account="", draft_folder="", draft_subject="", draft_text="")
    SmtpNotifier(config(plain_server, "none"), None).send(Nudge((bare,)))
    body = plain_server.messages[0].message.get_content()
    assert "Draft" not in body
    assert "Follow-up due Tue 3 Mar 2026, 09:00 CET" in body


def test_smtplib_is_imported_only_here() -> None:
    root = Path(__file__).resolve().parents[2] / "watcher"
    importers = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "import smtplib" in path.read_text(encoding="utf-8")
    ]
    assert importers == ["notify/smtp.py"]


def test_an_interview_found_in_mail_says_the_two_commands(plain_server: SmtpServer) -> None:
    found = Nudge(
        (),
        notice="An interview with Dana Reyes, found in mail (a calendar request: Interview).",
        key="news.7",
        headline="Interview found: Acme, Tue 8 Dec 14:00",
        suggestion=3,
    )
    SmtpNotifier(config(plain_server, "none"), None).send(found)
    [received] = plain_server.messages
    message = received.message
    assert message["Subject"] == "watcher: Interview found: Acme, Tue 8 Dec 14:00"
    assert message["Message-ID"] == "<watcher.nudge.news.7@example.org>"
    lines = message.get_content().splitlines()
    assert lines[:4] == [
        "An interview with Dana Reyes, found in mail (a calendar request: Interview).",
        "",
        "Track it:   watcher track accept 3",
        "Ignore it:  watcher track ignore 3   (it is never suggested again)",
    ]
