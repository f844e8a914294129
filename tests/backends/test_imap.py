"""What only the IMAP backend does: TLS, logins, broken connections, folder discovery, and the
pure helpers that build searches and read BODYSTRUCTURE."""

from __future__ import annotations

import base64
import itertools
import logging
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import ProtocolError

from tests.backends.conftest import ME, OLD, RECENT, CountingConnect, synthetic, terms_for
from tests.servers.dovecot import DovecotServer, MailUser, free_port, new_user
from tests.servers.scripted_imap import ScriptedImapServer
from watcher.backends import backend_class
from watcher.backends import imap as imap_module
from watcher.backends.base import MailboxAuthError, MailboxError
from watcher.backends.imap import (
    _HEADS_ITEM,
    MAX_PART_BYTES,
    ImapMailbox,
    _fetch_header_blocks,
    _header_fetch_answer,
    _scan_header_blocks,
    _sequence_set,
    text_leaves,
)
from watcher.mail import MAX_DEPTH, MAX_PARTS, MAX_TEXT_BYTES
from watcher.models import Message
from watcher.record import replace
from watcher.settings import ImapAccount

TERMS = terms_for(domains=("northwind.example",))
ATIME = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.fixture
def counting() -> CountingConnect:
    return CountingConnect()


def mailbox_for(
    server: DovecotServer,
    user: MailUser,
    *,
    tls: Any = "ssl",
    connect: Any = None,
    timeout: float = 10,
    **account: Any,
) -> ImapMailbox:
    config = replace(server.account(user.name, tls), **account)
    return ImapMailbox(config, user.password, timeout=timeout, connect=connect)


@pytest.fixture
def mailbox(
    dovecot: DovecotServer, mail_user: MailUser, counting: CountingConnect
) -> Iterator[ImapMailbox]:
    box = mailbox_for(dovecot, mail_user, connect=counting)
    yield box
    box.close()


# -- connections ----------------------------------------------------------------------------------


@pytest.mark.parametrize("tls", ["ssl", "starttls", "none"])
def test_every_tls_mode_connects_and_verifies(
    dovecot: DovecotServer, mail_user: MailUser, tls: str
) -> None:
    clients: list[IMAPClient] = []

    def connect(*args: Any, **kwargs: Any) -> IMAPClient:
        clients.append(IMAPClient(*args, **kwargs))
        return clients[-1]

    box = mailbox_for(dovecot, mail_user, tls=tls, connect=connect)
    try:
        assert box.folders().drafts == "Drafts"
        assert box.idle_supported
        encrypted = isinstance(clients[0].socket(), ssl.SSLSocket)
        assert encrypted == (tls != "none")
    finally:
        box.close()


def test_the_registry_finds_the_backend() -> None:
    assert backend_class("imap") is ImapMailbox


def test_a_wrong_password_is_an_auth_error_without_the_password(
    own_dovecot: DovecotServer, caplog: pytest.LogCaptureFixture
) -> None:
    # Its own server, so that a failed login never touches the shared one.
    user = new_user(own_dovecot)
    box = ImapMailbox(own_dovecot.account(user.name), "Wr0ng-Secret-Value")
    caplog.set_level(logging.DEBUG)
    with pytest.raises(MailboxAuthError) as raised:
        box.open()
    message = str(raised.value)
    assert "Wr0ng-Secret-Value" not in message
    assert f"test-{user.name}" in message
    assert f"watcher auth set test-{user.name}" in message
    assert "password_command" in message
    assert "Wr0ng-Secret-Value" not in caplog.text
    assert "LOGIN" in caplog.text  # the protocol log was on
    box.close()


def test_a_non_ascii_password_logs_in_with_authenticate_plain(
    dovecot: DovecotServer, caplog: pytest.LogCaptureFixture
) -> None:
    user = new_user(dovecot, password="pässwörd-ünïcode")
    box = mailbox_for(dovecot, user)
    caplog.set_level(logging.DEBUG)
    try:
        assert box.folders().inbox == ("INBOX",)
    finally:
        box.close()
    plain = f"\0{user.name}\0{user.password}".encode()
    assert user.password not in caplog.text
    assert base64.b64encode(plain).decode() not in caplog.text
    assert "AUTHENTICATE" in caplog.text  # the protocol log was on


def test_a_refused_port_is_a_mailbox_error_naming_host_and_port(
    dovecot: DovecotServer, mail_user: MailUser
) -> None:
    port = free_port()
    box = mailbox_for(dovecot, mail_user, port=port)
    with pytest.raises(MailboxError, match=f"127.0.0.1:{port} refused the connection"):
        box.folders()


@pytest.mark.parametrize("tls", ["ssl", "starttls"])
def test_an_unverified_certificate_names_ca_file(
    dovecot: DovecotServer, mail_user: MailUser, tls: str
) -> None:
    box = mailbox_for(dovecot, mail_user, tls=tls, ca_file=None)
    with pytest.raises(MailboxError, match="ca_file") as raised:
        box.open()
    assert not isinstance(raised.value, MailboxAuthError)
    assert f"127.0.0.1:{box.account.port}" in str(raised.value)


def test_an_unreadable_ca_file_is_named(dovecot: DovecotServer, mail_user: MailUser) -> None:
    box = mailbox_for(dovecot, mail_user, ca_file=dovecot.root / "missing.pem")
    with pytest.raises(MailboxError, match=r"cannot read ca_file .*missing\.pem"):
        box.open()


def test_ssl_to_a_plain_port_names_tls(dovecot: DovecotServer, mail_user: MailUser) -> None:
    box = mailbox_for(dovecot, mail_user, tls="ssl", port=dovecot.imap_port)
    with pytest.raises(MailboxError, match="check tls"):
        box.open()


def test_a_server_that_never_answers_times_out(mail_user: MailUser, dovecot: DovecotServer) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        box = mailbox_for(dovecot, mail_user, tls="none", port=port, timeout=0.2)
        with pytest.raises(MailboxError, match=r"did not answer within 0.2 s"):
            box.open()


def test_plaintext_to_a_remote_host_is_refused_before_connecting() -> None:
    called: list[object] = []
    account = ImapAccount(
        name="work",
        host="mail.example.com",
        port=143,
        tls="none",
        ca_file=None,
        username="me",
        password_command=None,
        addresses=(ME,),
    )
    box = ImapMailbox(account, "secret", connect=lambda *a, **k: called.append(a))
    with pytest.raises(MailboxError, match="plaintext"):
        box.open()
    assert called == []
    assert "secret" not in repr(box)


def test_a_killed_server_is_a_mailbox_error_and_the_next_check_reconnects(
    own_dovecot: DovecotServer,
) -> None:
    user = new_user(own_dovecot)
    own_dovecot.deliver(user.name, "INBOX", synthetic("ana@northwind.example", "one"))
    box = mailbox_for(own_dovecot, user)
    first = box.fetch("INBOX", None, TERMS, "k")
    assert len(first.messages) == 1
    own_dovecot.stop()
    with pytest.raises(MailboxError, match="refused the connection"):
        box.fetch("INBOX", first.state, TERMS, "k")
    with pytest.raises(MailboxError):
        box.folders()
    own_dovecot.start()
    own_dovecot.deliver(user.name, "INBOX", synthetic("ana@northwind.example", "two"))
    second = box.fetch("INBOX", first.state, TERMS, "k")
    assert [m.uid for m in second.messages] == [2]
    own_dovecot.stop()
    box.close()  # never raises, even with the server gone


def test_an_interrupted_mailbox_never_connects_again(mailbox: ImapMailbox) -> None:
    """What an aborted check leaves behind cannot go on: the read it waited on fails, and no
    reconnection follows (a fetch would otherwise retry on a new connection, and an APPEND
    could reach the server after the check gave up)."""
    mailbox.open()
    mailbox.interrupt()
    with pytest.raises(MailboxError, match="stopped"):
        mailbox.fetch("INBOX", None, TERMS, "k")
    with pytest.raises(MailboxError, match="stopped"):
        mailbox.append_draft("Drafts", synthetic(ME, "x"), ATIME)
    assert mailbox._client is None


def test_a_connection_broken_under_the_mailbox(mailbox: ImapMailbox) -> None:
    mailbox.open()
    mailbox._client.socket().shutdown(socket.SHUT_RDWR)
    # Not retried: the draft may have been stored before the connection broke.
    with pytest.raises(MailboxError, match="lost the connection"):
        mailbox.append_draft("Drafts", synthetic(ME, "x"), ATIME)
    mailbox.open()
    mailbox._client.socket().shutdown(socket.SHUT_RDWR)
    # Read-only work is tried once more on a new connection.
    assert mailbox.fetch("INBOX", None, TERMS, "k").messages == ()
    assert mailbox.folders().drafts == "Drafts"


# -- what is sent ---------------------------------------------------------------------------------


def test_nothing_new_is_a_single_examine(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox, counting: CountingConnect
) -> None:
    dovecot.deliver(mail_user.name, "INBOX", synthetic("ana@northwind.example", "one"))
    first = mailbox.fetch("INBOX", None, TERMS, "k")
    sent = len(counting.commands)
    assert mailbox.fetch("INBOX", first.state, TERMS, "k").messages == ()
    (command,) = counting.commands[sent:]
    assert command.split()[1:] == ["EXAMINE", '"INBOX"']


def test_fetches_peek_and_never_touch_attachments(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox, counting: CountingConnect
) -> None:
    data = synthetic(
        "ana@northwind.example",
        "with attachment",
        html="<p>hi</p>",
        attachments=(("application/pdf", "a.pdf", b"%PDF" * 1000),),
    )
    dovecot.deliver(mail_user.name, "INBOX", data)
    mailbox.fetch("INBOX", None, TERMS, "k")
    fetches = [c for c in counting.commands if " FETCH " in c]
    assert fetches
    assert all("BODY[" not in c.replace("BODY.PEEK[", "") for c in fetches), fetches
    assert any("BODY.PEEK[1.1] BODY.PEEK[1.2]" in c for c in fetches), fetches
    assert not any("BODY.PEEK[2]" in c for c in fetches), fetches


def test_many_terms_cost_one_search_and_headers_go_as_ranges(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox, counting: CountingConnect
) -> None:
    for n in range(5):
        dovecot.deliver(mail_user.name, "INBOX", synthetic(f"x{n}@unrelated.example", f"n{n}"))
    dovecot.deliver(mail_user.name, "INBOX", synthetic("x@company0999.example", "last"))
    domains = tuple(f"company{i:04}.example" for i in range(1000))
    result = mailbox.fetch("INBOX", None, terms_for(domains=domains), "k")
    assert len(result.messages) == 1
    searches = [c for c in counting.commands if " SEARCH " in c]
    assert len(searches) == 1
    heads = [c for c in counting.commands if "HEADER.FIELDS" in c]
    assert len(heads) == 1 and " FETCH 1:6 " in heads[0], counting.commands


def test_the_header_scan_costs_one_fetch_per_chunk_whatever_the_ranges(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox, counting: CountingConnect
) -> None:
    for n in range(7):
        dovecot.deliver(mail_user.name, "INBOX", synthetic(f"x{n}@unrelated.example", f"n{n}"))
    dovecot.deliver(mail_user.name, "INBOX", synthetic("ana@northwind.example", "wanted"))
    blocks = _fetch_header_blocks(mailbox._client or _opened(mailbox), [1, 2, 3, 5, 6, 8])
    assert sorted(blocks) == [1, 2, 3, 5, 6, 8]
    assert b"From: ana@northwind.example" in blocks[8]
    counting.commands.clear()
    result = mailbox.fetch("INBOX", None, TERMS, "k")
    assert [m.uid for m in result.messages] == [8]
    heads = [c for c in counting.commands if "HEADER.FIELDS" in c]
    assert len(heads) == 1, counting.commands


def _opened(mailbox: ImapMailbox) -> Any:
    mailbox.open()
    mailbox._client.select_folder("INBOX", readonly=True)
    return mailbox._client


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            [(b"1 (UID 4 BODY[HEADER.FIELDS (FROM)] {9}", b"From: a\r\n"), b")"],
            {4: b"From: a\r\n"},
        ),
        (
            [(b"1 (BODY[HEADER.FIELDS (FROM)] {9}", b"From: a\r\n"), b" UID 4)"],
            {4: b"From: a\r\n"},
        ),
        ([b'2 (UID 5 BODY[HEADER.FIELDS (FROM)] "")'], {5: b""}),
        ([b'2 (UID 5 BODY[HEADER.FIELDS (FROM)] "a\\"b")'], {5: b'a"b'}),
        ([b"2 (UID 5 BODY[HEADER.FIELDS (FROM)] NIL)"], {5: b""}),
        (
            [
                b"3 (FLAGS (\\Seen))",
                (b"1 (UID 4 BODY[HEADER.FIELDS (FROM)] {9}", b"From: a\r\n"),
                b")",
            ],
            {4: b"From: a\r\n"},
        ),
        ([(b"1 (BODY[HEADER.FIELDS (FROM)] {9}", b"From: a\r\n"), b")"], None),
        ([(b"1 (UID 4 BODY[TEXT] {9}", b"From: a\r\n"), b")"], None),
        ([None], None),
    ],
)
def test_the_header_scan_reads_the_fetch_answer_itself(
    data: list[Any], expected: dict[int, bytes] | None
) -> None:
    assert _header_fetch_answer(data) == expected


LITERAL_A = b"* 1 FETCH (UID 4 BODY[HEADER.FIELDS (FROM)] {9}\r\nFrom: a\r\n)\r\n"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (LITERAL_A, [(4, b"From: a\r\n")]),
        (
            b"* 1 FETCH (BODY[HEADER.FIELDS (FROM)] {9}\r\nFrom: a\r\n UID 4)\r\n",
            [(4, b"From: a\r\n")],
        ),
        (b'* 2 FETCH (UID 5 BODY[HEADER.FIELDS (FROM)] "a\\"b")\r\n', [(5, b'a"b')]),
        (b"* 2 FETCH (UID 5 BODY[HEADER.FIELDS (FROM)] NIL)\r\n", [(5, b"")]),
        (
            b"* 3 FETCH (FLAGS (\\Seen))\r\n* 7 EXISTS\r\n" + LITERAL_A + b"* 2 EXPUNGE\r\n",
            [(4, b"From: a\r\n")],
        ),
        (
            b"* 1 FETCH (UID 4 FLAGS (\\Seen) BODY[HEADER.FIELDS (FROM)] {9}\r\nFrom: a\r\n)\r\n",
            [(4, b"From: a\r\n")],
        ),
        (  # a second literal: not this scan's shape, the caller reads the message again
            b"* 1 FETCH (UID 4 BODY[HEADER.FIELDS (FROM)] {9}\r\nFrom: a\r\n X-ITEM {3}\r\n"
            b"abc)\r\n" + LITERAL_A.replace(b"UID 4", b"UID 5"),
            [(5, b"From: a\r\n")],
        ),
        (
            LITERAL_A + b"* 2 FETCH (UID 9 BODY[HEADER.FIELDS (FROM)] {9}\r\nFrom: b\r\n)\r\n",
            [(4, b"From: a\r\n")],
        ),
        (LITERAL_A + b"{tag} NO Some messages could not be read\r\n", [(4, b"From: a\r\n")]),
        (b"* 1 FETCH (UID 4 BODY[TEXT] {9}\r\nFrom: a\r\n)\r\n", []),
    ],
)
def test_the_header_scan_reads_each_shape_of_answer_as_it_comes(
    answer: bytes, expected: list[tuple[int, bytes]]
) -> None:
    """The UID before or after the block, a quoted block or NIL, unsolicited answers, other
    items beside it, a UID not asked for, a NO: the blocks asked for are read, and the
    connection stays in step for the next command."""
    with ScriptedImapServer([answer, b""]) as server:
        client = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=5)
        client.login("me", "pw")
        client.select_folder("INBOX", readonly=True)
        uids = [4, 5]
        assert [(uids[p], block) for p, block in _scan_header_blocks(client, uids)] == expected
        assert server.commands[0].startswith("UID FETCH 4:5 BODY.PEEK[HEADER.FIELDS (FROM ")
        client.noop()
        client.logout()


def test_a_bye_in_the_middle_of_the_header_scan_breaks_the_connection() -> None:
    with ScriptedImapServer([LITERAL_A + b"* BYE going away\r\n"]) as server:
        client = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=5)
        client.login("me", "pw")
        client.select_folder("INBOX", readonly=True)
        scan = _scan_header_blocks(client, [4, 5])
        try:
            assert next(scan) == (0, b"From: a\r\n")  # the place of UID 4
            with pytest.raises(IMAPClient.AbortError, match="going away"):
                next(scan)
        finally:
            client.shutdown()


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (b"* 1 FETCH (UID 4 BODY[HEADER.FIELDS (FROM)] {99999999999}\r\nFrom: a\r\n", "announced"),
        (b"* 1 FETCH (UID 4 BODY[HEADER.FIELDS (FROM)] " + b"x" * 1_000_100, "unreadable"),
    ],
)
def test_an_absurd_answer_to_the_header_scan_breaks_the_connection(answer: bytes, why: str) -> None:
    """A literal that claims 100 GB, a line of more than imaplib's megabyte: the rest of the
    answer cannot be read in step, so the connection is given up (the check reconnects)."""
    with ScriptedImapServer([answer]) as server:
        client = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=5)
        client.login("me", "pw")
        client.select_folder("INBOX", readonly=True)
        try:
            with pytest.raises(IMAPClient.AbortError, match=why):
                list(_scan_header_blocks(client, [4, 5]))
        finally:
            client.shutdown()


SHOP = (
    "From: Northwind Store <orders@shop.northwind.example>\r\nSubject: Order {n}\r\n"
    "Date: Tue, 10 Mar 2026 09:30:00 +0000\r\nMessage-ID: <o{n}@shop>\r\n"
    "List-Unsubscribe: <https://shop.northwind.example/u>\r\n\r\n"
)


def scan_answer(uid: int) -> bytes:
    block = SHOP.format(n=uid).encode()
    item = _HEADS_ITEM.replace(".PEEK", "")
    return f"* {uid} FETCH (UID {uid} {item} {{{len(block)}}}\r\n".encode() + block + b")\r\n"


def test_what_the_header_scan_misses_is_read_again() -> None:
    """A server that answers a scan of two messages with one of them and NO: the other is read
    with a FETCH of its own, and both reach the choice (here: settled by their headers)."""
    answers = [
        b"* SEARCH 4 5\r\n",
        scan_answer(4) + b"{tag} NO Some messages could not be read\r\n",
        scan_answer(5),
    ]
    with ScriptedImapServer(answers) as server:
        config = fake_mailbox(FakeClient()).account
        mailbox = ImapMailbox(replace(config, port=server.port), "pw", timeout=5)
        settled: list[Message] = []
        result = mailbox.fetch("INBOX", None, replace(TERMS, settle=settled.extend), "k")
        mailbox.close()
    assert [m.message_id for m in settled] == ["o4@shop", "o5@shop"]
    assert (result.messages, result.skipped) == ((), ())
    fetches = [c for c in server.commands if c.startswith("UID FETCH")]
    assert [c.split()[2] for c in fetches] == ["4:5", "5"]


def test_the_header_scan_sends_as_few_commands_as_the_ranges_allow(
    dovecot: DovecotServer,
    mail_user: MailUser,
    mailbox: ImapMailbox,
    counting: CountingConnect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scattered UIDs go in as many FETCH commands as their ranges need (a short limit here),
    each read in batches; every block arrives once."""
    monkeypatch.setattr(imap_module, "SCAN_RANGES_CHARS", 12)
    monkeypatch.setattr(imap_module, "SCAN_BATCH", 2)
    for n in range(9):
        dovecot.deliver(mail_user.name, "INBOX", synthetic(f"x{n}@unrelated.example", f"n{n}"))
    client = _opened(mailbox)
    uids = [1, 3, 5, 6, 7, 9]
    assert imap_module._scan_commands(uids) == [(0, 5), (5, 6)]
    counting.commands.clear()
    heads = [head for batch, _lost in mailbox._scan_heads(client, "INBOX", uids) for head in batch]
    assert [h.uid for h in heads] == uids
    assert all(b"@unrelated.example" in h.headers for h in heads)
    scans = [c.split()[3] for c in counting.commands if "HEADER.FIELDS" in c]
    assert scans == ["1,3,5:7", "9"]


def test_the_search_asks_for_ranges_when_the_server_offers_esearch(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox, counting: CountingConnect
) -> None:
    for n in range(7):
        when = RECENT if n % 2 else OLD
        data = synthetic("ana@northwind.example", f"n{n}", when=when)
        dovecot.deliver(mail_user.name, "INBOX", data, when)
    result = mailbox.fetch("INBOX", None, TERMS, "k")
    (search,) = [c for c in counting.commands if " SEARCH " in c]
    assert " UID SEARCH RETURN (ALL) SINCE 1-Mar-2026" in search
    assert [m.uid for m in result.messages] == [2, 4, 6]
    (scan,) = [c for c in counting.commands if "HEADER.FIELDS" in c]
    assert " FETCH 2,4,6 " in scan
    dovecot.deliver(mail_user.name, "INBOX", synthetic("ana@northwind.example", "new"), RECENT)
    counting.commands.clear()
    assert [m.uid for m in mailbox.fetch("INBOX", result.state, TERMS, "k").messages] == [8]
    (search,) = [c for c in counting.commands if " SEARCH " in c]
    assert search.endswith(" UID SEARCH RETURN (ALL) SINCE 1-Mar-2026 UID 8:*")


@pytest.mark.parametrize(
    ("data", "uids"),
    [
        ([b'(TAG "A1") UID ALL 1:3,5,9:7'], [1, 2, 3, 5, 7, 8, 9]),
        ([b'(TAG "A1") UID ALL 4,2:3,3'], [2, 3, 4]),
        ([b'(TAG "A1") UID'], []),
        ([], []),
    ],
)
def test_esearch_ranges_are_read_as_uids(data: list[Any], uids: list[int]) -> None:
    assert list(imap_module._esearch_uids(data)) == uids


def test_scan_commands_cut_the_ranges_into_lines() -> None:
    assert imap_module._scan_commands([]) == []
    assert imap_module._scan_commands(list(range(1, 100_001))) == [(0, 100_000)]
    scattered = list(range(1, 200_000, 2))
    slices = imap_module._scan_commands(scattered)
    assert slices[0][0] == 0 and slices[-1][1] == len(scattered)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(slices))
    for start, end in slices:
        assert len(",".join(_sequence_set(scattered[start:end]))) <= imap_module.SCAN_RANGES_CHARS


def test_a_large_text_part_is_fetched_partially(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    body = ("A long line of text that goes on. " * 2 + "\n") * 25_000  # about 1.7 MB
    dovecot.deliver(mail_user.name, "INBOX", synthetic("ana@northwind.example", "big", body=body))
    (message,) = mailbox.fetch("INBOX", None, TERMS, "k").messages
    (part,) = message.parts
    assert len(part.payload) == MAX_PART_BYTES


def test_a_new_message_arriving_after_the_check_is_found_next_time(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    first = mailbox.fetch("INBOX", None, TERMS, "k")
    assert first.state.last_uid == 0
    dovecot.deliver(mail_user.name, "INBOX", synthetic("ana@northwind.example", "later"))
    second = mailbox.fetch("INBOX", first.state, TERMS, "k")
    assert [m.uid for m in second.messages] == [1]
    assert second.state.highest_modseq is not None


# -- folders --------------------------------------------------------------------------------------


def test_configured_folders_must_exist(dovecot: DovecotServer, mail_user: MailUser) -> None:
    with IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False) as client:
        client.login(mail_user.name, mail_user.password)
        client.create_folder("Jobs/Applied")
    box = mailbox_for(dovecot, mail_user, folders=("inbox", "Jobs/Applied"))
    try:
        assert box.folders().inbox == ("INBOX", "Jobs/Applied")
        missing = mailbox_for(dovecot, mail_user, folders=("INBOX", "Recruiters"))
        with pytest.raises(MailboxError, match="'Recruiters'") as raised:
            missing.folders()
        assert '"Jobs/Applied"' in str(raised.value)
        assert '"INBOX"' in str(raised.value)
        missing.close()
    finally:
        box.close()


class FakeClient:
    """Just enough of IMAPClient for the paths Dovecot cannot be made to take."""

    def __init__(self, folders: list[tuple[tuple[bytes, ...], bytes, str]] | None = None) -> None:
        self.folders = folders or [((b"\\HasNoChildren",), b"/", "INBOX")]
        self.normalise_times = True
        self.fetches: list[tuple[list[int], list[str]]] = []
        self.answers: dict[tuple[str, ...], Any] = {}
        self.uids: list[int] = []

    def login(self, username: str, password: str) -> bytes:
        return b"Logged in"

    def capabilities(self) -> tuple[bytes, ...]:
        return (b"IMAP4REV1",)

    def list_folders(self) -> list[tuple[tuple[bytes, ...], bytes, str]]:
        return self.folders

    def select_folder(self, folder: str, readonly: bool) -> dict[bytes, Any]:
        assert readonly
        return {b"UIDVALIDITY": 7, b"UIDNEXT": max(self.uids, default=0) + 1}

    def search(self, criteria: list[Any]) -> list[int]:
        return self.uids

    def fetch(self, uids: list[Any], items: list[str]) -> dict[int, dict[bytes, Any]]:
        self.fetches.append((list(uids), list(items)))
        if items[0].startswith("BODY.PEEK[HEADER.FIELDS"):  # the cheap headers, UIDs as ranges
            wanted = set()
            for piece in uids:
                low, _, high = str(piece).partition(":")
                wanted.update(range(int(low), int(high or low) + 1))
            key = items[0].replace("BODY.PEEK[", "BODY[").encode()
            return {uid: {key: HEADER} for uid in self.uids if uid in wanted}
        answer = self.answers[tuple(items)]
        found: dict[int, dict[bytes, Any]] = answer(uids) if callable(answer) else answer
        return found

    def logout(self) -> None:
        pass

    def shutdown(self) -> None:
        pass


def fake_mailbox(client: FakeClient, **account: Any) -> ImapMailbox:
    config = ImapAccount(
        name="fake",
        host="127.0.0.1",
        port=143,
        tls="none",
        ca_file=None,
        username="me",
        password_command=None,
        addresses=(ME,),
    )
    return ImapMailbox(replace(config, **account), "pw", connect=lambda *a, **k: client)


def test_special_folders_by_gmail_names_when_unflagged() -> None:
    client = FakeClient(
        [
            ((b"\\HasNoChildren",), b"/", "INBOX"),
            ((b"\\Noselect", b"\\HasChildren"), b"/", "[Gmail]"),
            ((b"\\HasNoChildren",), b"/", "[Gmail]/Sent Mail"),
            ((b"\\HasNoChildren",), b"/", "[Gmail]/Drafts"),
            ((b"\\HasNoChildren",), b"/", "Sent"),
        ]
    )
    folders = fake_mailbox(client).folders()
    assert (folders.sent, folders.drafts) == ("[Gmail]/Sent Mail", "[Gmail]/Drafts")


def test_special_use_flags_win_over_names_and_missing_drafts_is_none() -> None:
    client = FakeClient(
        [
            ((b"\\HasNoChildren",), b"/", "INBOX"),
            ((b"\\HasNoChildren",), b"/", "Sent"),
            ((b"\\HasNoChildren", b"\\sent"), b"/", "Gesendet"),
        ]
    )
    folders = fake_mailbox(client).folders()
    assert (folders.sent, folders.drafts) == ("Gesendet", None)


HEADER = (
    b"From: ana@northwind.example\r\nSubject: s\r\nDate: Tue, 10 Mar 2026 09:30:00 +0000\r\n\r\n"
)
TEXT = (b"text", b"plain", (b"charset", b"utf-8"), None, None, b"7bit", 5, 1, None, None, None)
FIRST = ("BODYSTRUCTURE", "INTERNALDATE", "BODY.PEEK[HEADER]")


def test_an_unreadable_bodystructure_still_gives_the_headers() -> None:
    client = FakeClient()
    client.uids = [1, 2]
    client.answers[FIRST] = {
        1: {b"BODYSTRUCTURE": (b"garbage",), b"INTERNALDATE": ATIME, b"BODY[HEADER]": HEADER},
        2: {b"BODYSTRUCTURE": TEXT, b"INTERNALDATE": ATIME, b"BODY[HEADER]": HEADER},
    }
    client.answers[("BODY.PEEK[1]",)] = {2: {b"BODY[1]": b"hello"}}
    result = fake_mailbox(client).fetch("INBOX", None, TERMS, "k")
    first, second = result.messages
    assert (first.uid, first.parts, first.headers) == (1, (), HEADER)
    assert [p.payload for p in second.parts] == [b"hello"]
    assert result.skipped == ()


def test_a_chunk_the_parser_rejects_is_fetched_one_by_one() -> None:
    client = FakeClient()
    client.uids = [1, 2, 3]

    def first(uids: list[int]) -> dict[int, dict[bytes, Any]]:
        if len(uids) > 1 or uids == [2]:
            raise ProtocolError("unparseable BODYSTRUCTURE")
        return {uids[0]: {b"BODYSTRUCTURE": TEXT, b"INTERNALDATE": ATIME, b"BODY[HEADER]": HEADER}}

    def headers_only(uids: list[int]) -> dict[int, dict[bytes, Any]]:
        raise ProtocolError("still unreadable")

    client.answers[FIRST] = first
    client.answers[("INTERNALDATE", "BODY.PEEK[HEADER]")] = headers_only
    client.answers[("BODY.PEEK[1]",)] = lambda uids: {u: {b"BODY[1]": b"hello"} for u in uids}
    result = fake_mailbox(client).fetch("INBOX", None, TERMS, "k")
    assert [m.uid for m in result.messages] == [1, 3]
    assert all(m.parts[0].payload == b"hello" for m in result.messages)
    assert result.skipped == ("2",)
    assert result.state.last_uid == 3


def test_a_lost_connection_on_append_is_not_retried() -> None:
    class Broken(FakeClient):
        def append(self, *args: Any, **kwargs: Any) -> None:
            raise IMAPClient.AbortError("socket error: EOF")

    connections: list[FakeClient] = []

    def connect(*args: Any, **kwargs: Any) -> FakeClient:
        connections.append(Broken())
        return connections[-1]

    config = fake_mailbox(FakeClient()).account
    box = ImapMailbox(config, "pw", connect=connect)
    box.open()
    with pytest.raises(MailboxError, match="lost the connection"):
        box.append_draft("Drafts", b"x", ATIME)
    assert len(connections) == 1


# -- pure helpers ---------------------------------------------------------------------------------


def test_uids_go_as_ranges() -> None:
    assert _sequence_set([1, 2, 3, 5, 7, 8, 20]) == ["1:3", "5", "7:8", "20"]
    assert _sequence_set([]) == []


def part(
    type_: bytes, subtype: bytes, *, disposition: Any = None, size: int = 5
) -> tuple[Any, ...]:
    if type_ == b"text":
        return (
            type_,
            subtype,
            (b"charset", b"UTF-8"),
            None,
            None,
            b"BASE64",
            size,
            1,
            None,
            disposition,
            None,
            None,
        )
    return (type_, subtype, None, None, None, b"base64", size, None, disposition, None, None)


def test_text_leaves_numbers_nested_parts_and_skips_attachments() -> None:
    structure = (
        [
            ([part(b"text", b"plain"), part(b"text", b"html")], b"alternative", None, None),
            part(b"text", b"calendar", disposition=(b"attachment", (b"filename", b"i.ics"))),
            part(b"text", b"plain", disposition=(b"ATTACHMENT", None)),
            part(b"application", b"pdf", disposition=(b"attachment", None)),
            (b"message", b"rfc822", None, None, None, b"7bit", 9, None, part(b"text", b"plain"), 1),
            part(b"application", b"ics", disposition=(b"attachment", (b"filename", b"i.ics"))),
        ],
        b"MIXED",
        (b"boundary", b"x"),
    )
    top, leaves = text_leaves(structure)
    assert top == "multipart/mixed"
    assert [(leaf.section, leaf.content_type) for leaf in leaves] == [
        ("1.1", "text/plain"),
        ("1.2", "text/html"),
        ("2", "text/calendar"),
        ("6", "application/ics"),
    ]
    assert leaves[0].charset == "utf-8"
    assert leaves[0].encoding == "base64"
    assert leaves[0].item == "BODY.PEEK[1.1]"


def test_text_leaves_of_a_single_part_message_and_a_big_part() -> None:
    top, (leaf,) = text_leaves(part(b"TEXT", b"HTML", size=MAX_PART_BYTES + 1))
    assert top == "text/html"
    assert leaf.section == "1"
    assert leaf.item == f"BODY.PEEK[1]<0.{MAX_PART_BYTES}>"
    assert leaf.key == b"BODY[1]<0>"


@pytest.mark.parametrize("structure", [(), None, (b"text",), ([], b"mixed"), ([(1, 2)], b"mixed")])
def test_text_leaves_refuse_what_rfc_3501_does_not_describe(structure: Any) -> None:
    with pytest.raises(ValueError):
        text_leaves(structure)


def test_fill_maildir_gives_dovecot_mail_dated_by_mtime(
    dovecot: DovecotServer, mail_user: MailUser, mailbox: ImapMailbox
) -> None:
    old = [(synthetic("ana@northwind.example", f"old {i}", when=OLD), OLD) for i in range(50)]
    new = [(synthetic("ana@northwind.example", f"new {i}"), RECENT) for i in range(50)]
    assert dovecot.fill_maildir(mail_user.name, old + new) == 100
    result = mailbox.fetch("INBOX", None, TERMS, "k")
    assert len(result.messages) == 50
    assert {m.internal_date for m in result.messages} == {RECENT}
    assert result.state.last_uid == 100


# -- hostile structures: the caps of watcher.mail, no recursion ---------------------------------


def nested_structure(depth: int) -> Any:
    """A BODYSTRUCTURE with a text part inside ``depth`` nested multiparts (built by a loop)."""
    node: Any = TEXT
    for _ in range(depth):
        node = ([node], b"mixed", (b"boundary", b"x"))
    return node


def test_text_leaves_walk_any_nesting_without_recursion() -> None:
    assert text_leaves(nested_structure(10_000)) == ("multipart/mixed", ())
    _top, (leaf,) = text_leaves(nested_structure(MAX_DEPTH))
    assert leaf.section == ".".join(["1"] * MAX_DEPTH)
    assert text_leaves(nested_structure(MAX_DEPTH + 1))[1] == ()


def test_text_leaves_keep_to_the_caps_of_watcher_mail() -> None:
    big = part(b"text", b"plain", size=3 * MAX_PART_BYTES)
    _top, leaves = text_leaves(([big] * 7, b"mixed", None))
    assert [leaf.limit for leaf in leaves] == [MAX_PART_BYTES] * (MAX_TEXT_BYTES // MAX_PART_BYTES)
    assert all(leaf.item.endswith(f"<0.{MAX_PART_BYTES}>") for leaf in leaves)
    small = part(b"text", b"plain", size=10)
    _top, leaves = text_leaves(([small] * (MAX_PARTS + 100), b"mixed", None))
    assert len(leaves) == MAX_PARTS - 1  # the multipart itself is one of the parts


def test_a_bodystructure_too_deep_for_imapclient_still_gives_the_headers() -> None:
    client = FakeClient()
    client.uids = [1]

    def too_deep(uids: list[int]) -> dict[int, dict[bytes, Any]]:
        # imapclient's response parser recurses once per parenthesis.
        raise RecursionError("maximum recursion depth exceeded")

    client.answers[FIRST] = too_deep
    client.answers[("INTERNALDATE", "BODY.PEEK[HEADER]")] = {
        1: {b"INTERNALDATE": ATIME, b"BODY[HEADER]": HEADER}
    }
    result = fake_mailbox(client).fetch("INBOX", None, TERMS, "k")
    (message,) = result.messages
    assert (message.uid, message.parts, message.headers) == (1, (), HEADER)
    assert result.skipped == ()
