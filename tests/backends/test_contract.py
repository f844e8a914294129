"""The mailbox contract, run against every backend: the memory fake, IMAP (Dovecot) and the
Gmail API (the tests' Gmail-compatible server, through the real google-api-python-client)."""

from __future__ import annotations

import email
import email.parser
import email.policy
import email.utils
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.backends.conftest import ME, OLD, RECENT, SINCE, Harness, synthetic, terms_for
from watcher.backends import backend_class
from watcher.backends.base import (
    FetchResult,
    Folders,
    MailboxAuthError,
    MailboxError,
    RawMessage,
    SearchTerms,
)
from watcher.backends.gmail import GmailMailbox
from watcher.backends.imap import ImapMailbox
from watcher.backends.memory import MemoryMailbox
from watcher.errors import ConfigError
from watcher.mail import MAX_PART_BYTES, compose_draft, parse
from watcher.models import (
    TEMPLATE_NAMES,
    Action,
    ActionKind,
    Address,
    Interview,
    Message,
    Person,
    Timeline,
)
from watcher.record import replace
from watcher.settings import ImapAccount
from watcher.templates import render_draft

TERMS = terms_for(addresses=("carol@acme.example",), domains=("northwind.example",))


def subjects(messages: Sequence[RawMessage]) -> list[str]:
    parser = email.parser.BytesHeaderParser(policy=email.policy.default)
    return [str(parser.parsebytes(m.headers)["Subject"]) for m in messages]


def fetch(
    harness: Harness,
    state: FetchResult | None = None,
    *,
    terms: SearchTerms = TERMS,
    key: str = "k1",
    folder: str = "INBOX",
) -> FetchResult:
    return harness.mailbox.fetch(folder, state.state if state else None, terms, key)


def deliver_mix(harness: Harness) -> None:
    """Mail that the terms find, and mail that they must not find."""
    harness.deliver("INBOX", synthetic("Ana <ana@northwind.example>", "company domain"))
    harness.deliver("INBOX", synthetic("bob@careers.northwind.example", "subdomain"))
    harness.deliver("INBOX", synthetic(ME, "to a tracked person", to="carol@acme.example"))
    harness.deliver(
        "INBOX",
        synthetic("dse@esign.example", "reply-to", headers={"Reply-To": "carol@acme.example"}),
    )
    harness.deliver("INBOX", synthetic("dan@else.example", "cc", cc="Carol <carol@acme.example>"))
    harness.deliver("INBOX", synthetic("eve@unrelated.example", "unrelated"))
    harness.deliver("INBOX", synthetic("ana@northwind.example", "before since", when=OLD), OLD)


EXPECTED = ["company domain", "subdomain", "to a tracked person", "reply-to"]
"""Mail from someone else with a tracked person only in Cc is no candidate: nothing in the
core could match it."""


class TestMailboxContract:
    def test_folders_finds_inbox_sent_and_drafts(self, harness: Harness) -> None:
        assert harness.mailbox.folders() == harness.folders

    def test_first_fetch_returns_only_matching_mail_since(self, harness: Harness) -> None:
        deliver_mix(harness)
        result = fetch(harness)
        assert subjects(result.messages) == EXPECTED
        assert not result.rescanned
        assert result.skipped == ()
        assert result.state.terms_key == "k1"
        assert (result.state.last_uid, result.state.uidnext) == harness.position("INBOX")
        assert all(m.folder == "INBOX" for m in result.messages)
        assert [m.uid for m in result.messages] == [harness.uids("INBOX")[i] for i in (0, 1, 2, 3)]

    def test_nothing_new_costs_at_most_two_commands(self, harness: Harness) -> None:
        deliver_mix(harness)
        first = fetch(harness)
        before = harness.commands()
        second = fetch(harness, first)
        assert harness.commands() - before <= 2
        assert second.messages == ()
        assert second.state == first.state
        assert not second.rescanned

    def test_a_new_message_is_returned_alone(self, harness: Harness) -> None:
        deliver_mix(harness)
        first = fetch(harness)
        harness.deliver("INBOX", synthetic("eve@unrelated.example", "still unrelated"))
        harness.deliver("INBOX", synthetic("ana@northwind.example", "new"))
        second = fetch(harness, first)
        assert subjects(second.messages) == ["new"]
        assert not second.rescanned
        assert second.state.last_uid == harness.position("INBOX")[0]
        assert second.state.last_uid != first.state.last_uid
        third = fetch(harness, second)
        assert third.messages == ()

    def test_a_new_message_that_does_not_match_moves_the_state_on(self, harness: Harness) -> None:
        deliver_mix(harness)
        first = fetch(harness)
        harness.deliver("INBOX", synthetic("eve@unrelated.example", "still unrelated"))
        second = fetch(harness, first)
        assert second.messages == ()
        assert second.state.last_uid == harness.position("INBOX")[0]
        assert second.state.last_uid != first.state.last_uid
        before = harness.commands()
        assert fetch(harness, second).messages == ()
        assert harness.commands() - before <= 2

    def test_changed_terms_key_rescans_from_since(self, harness: Harness) -> None:
        deliver_mix(harness)
        narrow = terms_for(domains=("northwind.example",))
        first = fetch(harness, terms=narrow, key="narrow")
        assert subjects(first.messages) == ["company domain", "subdomain"]
        wider = fetch(harness, first, terms=TERMS, key="wide")
        assert wider.rescanned
        assert subjects(wider.messages) == EXPECTED
        assert wider.state.terms_key == "wide"

    def test_changed_uidvalidity_rescans(self, harness: Harness) -> None:
        deliver_mix(harness)
        first = fetch(harness)
        harness.reset_uidvalidity("INBOX")
        again = fetch(harness, first)
        assert again.rescanned
        if harness.kind != "gmail":  # Gmail's history ids expire instead
            assert again.state.uidvalidity != first.state.uidvalidity
        assert subjects(again.messages) == EXPECTED
        assert fetch(harness, again).messages == ()

    def test_no_terms_fetch_nothing(self, harness: Harness) -> None:
        deliver_mix(harness)
        result = fetch(harness, terms=SearchTerms(since=SINCE), key="")
        assert result.messages == ()
        assert result.state.last_uid == harness.position("INBOX")[0]

    def test_an_empty_folder(self, harness: Harness) -> None:
        result = fetch(harness)
        assert result.messages == ()
        assert result.state.last_uid == harness.position("INBOX")[0]
        assert fetch(harness, result).messages == ()

    def test_unknown_folder_is_a_mailbox_error_naming_it(self, harness: Harness) -> None:
        with pytest.raises(MailboxError, match="Nowhere"):
            fetch(harness, folder="Nowhere")

    def test_headers_and_internal_date(self, harness: Harness) -> None:
        harness.deliver("INBOX", synthetic("ana@northwind.example", "headers"), RECENT)
        (message,) = fetch(harness).messages
        assert message.headers.endswith(b"\r\n\r\n")
        assert b"X-Watcher-Test: synthetic" in message.headers
        assert b"Message-ID:" in message.headers
        assert b"Thanks for your time" not in message.headers
        assert message.internal_date == RECENT
        assert message.internal_date is not None and message.internal_date.utcoffset() is not None

    def test_the_parser_reads_what_is_fetched(self, harness: Harness) -> None:
        data = synthetic("Ana Lima <ana@northwind.example>", "Next steps", body="Olá, é já!\n")
        harness.deliver("INBOX", data)
        (raw,) = fetch(harness).messages
        message = parse(raw, "test")
        assert message.subject == "Next steps"
        assert message.sender is not None
        assert message.sender.address == "ana@northwind.example"
        assert "Olá, é já!" in message.text

    def test_append_draft_lands_in_drafts_flagged_draft(self, harness: Harness) -> None:
        drafts = harness.mailbox.folders().drafts
        assert drafts is not None
        draft = synthetic(ME, "Thank you", to="carol@acme.example")
        harness.mailbox.append_draft(drafts, draft, RECENT + timedelta(hours=1))
        result = fetch(harness, folder=drafts)
        assert subjects(result.messages) == ["Thank you"]
        if harness.kind != "gmail":  # Gmail dates a draft itself
            assert result.messages[0].internal_date == RECENT + timedelta(hours=1)
        assert harness.flags(drafts) == [frozenset({"\\Draft", "\\Seen"})]

    def test_a_draft_keeps_a_long_paragraph_on_one_line(self, harness: Harness) -> None:
        """Drafts put each paragraph on one line (the reader's client wraps it): a line of more
        than 700 characters, with accents, is quoted-printable on the way and whole on return."""
        sentence = "Nous avons parlé de l'équipe, des données et du déploiement à Zürich."
        template = f"Subject: Merci\n\n${{greeting}}\n\n{(sentence + chr(10)) * 11}\n"
        template += "Bien cordialement,\n${signature}\n"
        texts = {"fr": dict.fromkeys(TEMPLATE_NAMES, template)}
        carol = Person("Carol Diaz", "carol@acme.example")
        interview = Interview(1, "Acme", "Data Engineer", RECENT, interviewers=(carol,))
        action = Action(1, ActionKind.THANK_YOU, RECENT, (carol,), "test", "1:thank_you")
        draft = render_draft(
            action,
            Timeline(interview),
            texts,
            user_name="Alex Kim",
            signature="Alex Kim",
            tz=ZoneInfo("Europe/Paris"),
            language="fr",
        )
        paragraph = " ".join([sentence] * 11)
        assert draft.body == f"Bonjour Carol,\n\n{paragraph}\n\nBien cordialement,\nAlex Kim\n"
        assert len(paragraph) > 700
        data = compose_draft(
            draft,
            sender=Address("Alex Kim", ME),
            date=RECENT,
            message_id="<long-1@watcher.test>",
        )
        drafts = harness.mailbox.folders().drafts
        assert drafts is not None
        harness.mailbox.append_draft(drafts, data, RECENT)
        (raw,) = fetch(harness, folder=drafts).messages
        message = parse(raw, "test")
        assert message.text.splitlines() == draft.body.rstrip("\n").splitlines()

    def test_has_message_finds_a_saved_draft_by_its_message_id(self, harness: Harness) -> None:
        mailbox = harness.mailbox
        drafts = harness.folders.drafts
        assert drafts is not None
        assert not mailbox.has_message(drafts, "<draft-1@watcher.test>")
        draft = synthetic(ME, "Thank you", message_id="<draft-1@watcher.test>")
        harness.deliver(drafts, synthetic(ME, "another draft"))
        mailbox.append_draft(drafts, draft, RECENT)
        assert mailbox.has_message(drafts, "<draft-1@watcher.test>")
        assert mailbox.has_message(drafts, "draft-1@watcher.test")
        assert not mailbox.has_message(drafts, "draft-1@watcher.tes")
        assert not mailbox.has_message(drafts, "raft-1@watcher.test")
        assert not mailbox.has_message("INBOX", "draft-1@watcher.test")
        with pytest.raises(MailboxError, match="Nowhere"):
            mailbox.has_message("Nowhere", "draft-1@watcher.test")

    def test_find_returns_one_message_by_its_message_id_with_its_text(
        self, harness: Harness
    ) -> None:
        mailbox = harness.mailbox
        harness.deliver("INBOX", synthetic("eve@unrelated.example", "other", message_id="<o@x.t>"))
        wanted = synthetic(
            "Ana <ana@elsewhere.example>",
            "Never searched",
            body="We regret to inform you.\n",
            message_id="<find-1@watcher.test>",
            when=OLD,
        )
        harness.deliver("INBOX", wanted, OLD)
        raw = mailbox.find("INBOX", "<find-1@watcher.test>")
        assert raw is not None
        message = parse(raw, "test")
        assert message.message_id == "find-1@watcher.test"
        assert message.subject == "Never searched"
        assert "We regret to inform you." in message.text
        assert mailbox.find("INBOX", "find-1@watcher.test") is not None
        assert mailbox.find("INBOX", "find-1@watcher.tes") is None
        assert mailbox.find("INBOX", "ind-1@watcher.test") is None
        assert mailbox.find("INBOX", "") is None
        assert all("\\Seen" not in f for f in harness.flags("INBOX"))
        sent = harness.folders.sent
        assert sent is not None
        assert mailbox.find(sent, "find-1@watcher.test") is None
        with pytest.raises(MailboxError, match="Nowhere"):
            mailbox.find("Nowhere", "find-1@watcher.test")

    def test_append_draft_to_a_missing_folder_is_a_mailbox_error(self, harness: Harness) -> None:
        with pytest.raises(MailboxError):
            harness.mailbox.append_draft("Nowhere", synthetic(ME, "x"), RECENT)

    def test_append_draft_refuses_a_naive_time(self, harness: Harness) -> None:
        drafts = harness.folders.drafts
        assert drafts is not None
        with pytest.raises(ValueError, match="time zone"):
            harness.mailbox.append_draft(drafts, synthetic(ME, "x"), RECENT.replace(tzinfo=None))

    def test_no_fetch_marks_anything_seen(self, harness: Harness) -> None:
        deliver_mix(harness)
        first = fetch(harness)
        harness.deliver("INBOX", synthetic("ana@northwind.example", "new", html="<p>hi</p>"))
        fetch(harness, first)
        fetch(harness, terms=terms_for(domains=("example",)), key="all")
        flags = harness.flags("INBOX")
        assert len(flags) == 8
        assert all("\\Seen" not in f for f in flags), flags

    def test_attachments_are_never_fetched(self, harness: Harness) -> None:
        pdf = bytes(range(256)) * 4096  # 1 MiB
        data = synthetic(
            "ana@northwind.example",
            "offer letter",
            body="Please find the offer attached.\n",
            attachments=(
                ("application/pdf", "offer.pdf", pdf),
                ("text/plain", "notes.txt", b"attached notes, not the body\n" * 1000),
            ),
        )
        assert len(data) > 1_000_000
        harness.deliver("INBOX", data)
        before = harness.received()
        (message,) = fetch(harness).messages
        assert harness.received() - before < 100_000
        assert message.content_type == "multipart/mixed"
        assert [p.content_type for p in message.parts] == ["text/plain"]
        assert b"Please find the offer attached." in message.parts[0].payload
        assert b"attached notes" not in message.parts[0].payload

    def test_text_html_and_calendar_parts_with_their_parameters(self, harness: Harness) -> None:
        calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
        data = synthetic(
            "ana@northwind.example",
            "invitation",
            body="Plain text.\n",
            html="<p>HTML text.</p>\n",
            calendar=calendar,
            attachments=(("application/pdf", "agenda.pdf", b"%PDF-1.4 tiny"),),
        )
        harness.deliver("INBOX", data)
        (message,) = fetch(harness).messages
        assert message.content_type == "multipart/mixed"
        types = [p.content_type for p in message.parts]
        assert types == ["text/plain", "text/html", "text/calendar"]
        plain, html, invite = message.parts
        assert b"Plain text." in plain.payload
        assert b"HTML text." in html.payload
        assert b"METHOD:REQUEST" in invite.payload
        assert plain.charset == "utf-8"
        assert plain.encoding == ("7bit" if harness.transfer_encoded else "binary")
        assert ("method", "REQUEST") in invite.params

    def test_an_ics_file_attached_as_application_ics_is_fetched(self, harness: Harness) -> None:
        calendar = (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\n"
            b"UID:ics-1@northwind.example\r\nSEQUENCE:2\r\nDTSTART:20261201T150000Z\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        data = synthetic(
            "ana@northwind.example",
            "interview cancelled",
            body="Plain text.\n",
            attachments=(
                ("application/ics", "invite.ics", calendar),
                ("application/pdf", "agenda.pdf", b"%PDF-1.4 tiny"),
            ),
        )
        harness.deliver("INBOX", data)
        (message,) = fetch(harness).messages
        assert [p.content_type for p in message.parts] == ["text/plain", "application/ics"]
        invite = parse(message, "personal").invite
        assert invite is not None
        assert (invite.method, invite.uid, invite.sequence) == (
            "CANCEL",
            "ics-1@northwind.example",
            2,
        )

    def test_an_ics_file_sent_as_octet_stream_is_fetched_as_a_calendar(
        self, harness: Harness
    ) -> None:
        # A mail client that does not know the type of a file it attaches says
        # application/octet-stream: a file named .ics is still a calendar; another is not.
        calendar = (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
            b"UID:ics-8@northwind.example\r\nSEQUENCE:0\r\nDTSTART:20261208T150000Z\r\n"
            b"DTEND:20261208T160000Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        data = synthetic(
            "ana@northwind.example",
            "our interview",
            body="The invitation is attached.\n",
            attachments=(
                ("application/octet-stream", "Interview.ICS", calendar),
                ("application/octet-stream", "notes.bin", b"BEGIN:VCALENDAR not a calendar"),
            ),
        )
        harness.deliver("INBOX", data)
        (message,) = fetch(harness).messages
        assert [p.content_type for p in message.parts] == ["text/plain", "application/ics"]
        invite = parse(message, "personal").invite
        assert invite is not None
        assert (invite.method, invite.uid) == ("REQUEST", "ics-8@northwind.example")

    def test_encoded_parts_stay_encoded(self, harness: Harness) -> None:
        body = "Liebe Grüße aus Köln. " * 20 + "\n"  # long lines: quoted-printable or base64
        harness.deliver("INBOX", synthetic("ana@northwind.example", "encoded", body=body))
        (message,) = fetch(harness).messages
        (part,) = message.parts
        if harness.transfer_encoded:
            assert part.encoding in ("quoted-printable", "base64")
            assert "Grüße".encode() not in part.payload
        else:  # Gmail gives parts decoded
            assert part.encoding == "binary"
            assert "Grüße".encode() in part.payload
        assert "Liebe Grüße aus Köln." in parse(message, "test").text

    def test_many_terms(self, harness: Harness) -> None:
        harness.deliver("INBOX", synthetic("ana@northwind.example", "found among many"))
        harness.deliver("INBOX", synthetic("x@company399.example", "the last of many"))
        harness.deliver("INBOX", synthetic("eve@unrelated.example", "unrelated"))
        domains = (*(f"company{i}.example" for i in range(400)), "northwind.example")
        addresses = tuple(f"person{i}@people.example" for i in range(200))
        terms = terms_for(addresses=addresses, domains=domains)
        result = fetch(harness, terms=terms)
        assert subjects(result.messages) == ["found among many", "the last of many"]

    def test_settled_candidates_go_to_the_settle_hook_and_are_never_fetched(
        self, harness: Harness
    ) -> None:
        shop = {"List-Unsubscribe": "<https://shop.northwind.example/u>"}
        receipt = synthetic(
            "Northwind Store <orders@shop.northwind.example>",
            "Your order 4411",
            headers=shop,
            body="One mug, one hoodie.\n" * 20_000,  # 420 KB of text that stays on the server
        )
        harness.deliver("INBOX", receipt)
        harness.deliver("INBOX", synthetic("ana@northwind.example", "company domain"))
        # List mail that names a step is read whole, like a relay's or a thread's.
        harness.deliver(
            "INBOX", synthetic("news@northwind.example", "Your interview", headers=shop)
        )
        settled: list[Message] = []
        before = harness.received()
        result = fetch(harness, terms=replace(TERMS, settle=settled.extend))
        assert harness.received() - before < 100_000
        assert subjects(result.messages) == ["company domain", "Your interview"]
        (message,) = settled
        assert (message.subject, message.folder, message.text) == ("Your order 4411", "INBOX", "")
        assert message.uid == harness.uids("INBOX")[0]
        assert message.sender is not None
        assert message.sender.address == "orders@shop.northwind.example"
        # Without the hook it is a candidate like the others.
        unsettled = fetch(harness, key="k2")
        assert subjects(unsettled.messages) == [
            "Your order 4411",
            "company domain",
            "Your interview",
        ]


# -- the memory fake's own helpers ----------------------------------------------------------------


def test_the_registry_and_memory_from_account() -> None:
    account = ImapAccount(
        name="home",
        host="127.0.0.1",
        port=143,
        tls="none",
        ca_file=None,
        username="me",
        password_command=None,
        addresses=(ME,),
        folders=("INBOX", "Jobs"),
    )
    assert backend_class("imap") is ImapMailbox
    assert backend_class("gmail") is GmailMailbox
    with pytest.raises(ConfigError, match="valid: gmail, imap"):
        backend_class("memory")  # the fake is built directly by tests, never from a config
    mailbox = MemoryMailbox.from_account(account, "unused")
    assert mailbox.name == "home"
    assert mailbox.folders() == Folders(inbox=("INBOX", "Jobs"), sent="Sent", drafts="Drafts")


def test_memory_without_drafts_reports_none() -> None:
    mailbox = MemoryMailbox(folders=("INBOX",))
    assert mailbox.folders() == Folders(inbox=("INBOX",), sent=None, drafts=None)
    with pytest.raises(MailboxError, match="Archive"):
        MemoryMailbox(inbox=("INBOX", "Archive")).folders()


def test_memory_fail_next_fails_once() -> None:
    mailbox = MemoryMailbox()
    mailbox.fail_next(MailboxAuthError("refused"))
    with pytest.raises(MailboxAuthError):
        mailbox.fetch("INBOX", None, TERMS, "k")
    assert fetch_memory(mailbox).messages == ()


def test_memory_reset_uidvalidity_renumbers_and_counts_calls() -> None:
    mailbox = MemoryMailbox()
    mailbox.deliver("INBOX", synthetic("eve@unrelated.example", "a"), RECENT)
    mailbox.deliver("INBOX", synthetic("ana@northwind.example", "b"), RECENT)
    first = fetch_memory(mailbox)
    assert [m.uid for m in first.messages] == [2]
    mailbox.calls.clear()
    assert fetch_memory(mailbox, first).messages == ()
    assert mailbox.calls == {"select": 1}
    mailbox.messages("INBOX").clear()  # a copy: the folder is untouched
    del mailbox.mail["INBOX"][0]
    mailbox.reset_uidvalidity("INBOX")
    assert [m.uid for m in mailbox.messages("INBOX")] == [1]
    again = fetch_memory(mailbox, first)
    assert again.rescanned
    assert [m.uid for m in again.messages] == [1]


def test_memory_refuses_naive_dates() -> None:
    with pytest.raises(ValueError, match="time zone"):
        MemoryMailbox().deliver("INBOX", b"Subject: x\r\n\r\n", RECENT.replace(tzinfo=None))


def fetch_memory(mailbox: MemoryMailbox, state: FetchResult | None = None) -> FetchResult:
    return mailbox.fetch("INBOX", state.state if state else None, TERMS, "k")


def test_memory_cuts_hostile_mail_as_the_other_backends_do() -> None:
    mailbox = MemoryMailbox()
    huge = synthetic("ana@northwind.example", "huge", body="x" * (3 * MAX_PART_BYTES))
    deep_body = b"".join(
        b"--n%d\r\nContent-Type: multipart/mixed; boundary=n%d\r\n\r\n" % (i, i + 1)
        for i in range(2000)
    )
    deep = (
        b"From: ana@northwind.example\r\nSubject: deep\r\nX-Watcher-Test: synthetic\r\n"
        + f"Date: {email.utils.format_datetime(RECENT)}\r\n".encode()
        + b"Content-Type: multipart/mixed; boundary=n0\r\n\r\n"
        + deep_body
        + b"--n2000\r\nContent-Type: text/plain\r\n\r\ndeep down\r\n"
    )
    mailbox.deliver("INBOX", huge, RECENT)
    mailbox.deliver("INBOX", deep, RECENT)
    found = fetch_memory(mailbox).messages
    assert subjects(found) == ["huge", "deep"]
    (part,) = found[0].parts
    assert len(part.payload) == MAX_PART_BYTES
    assert found[1].parts == ()
    assert mailbox.has_message("INBOX", str(email.message_from_bytes(huge)["Message-ID"]))
