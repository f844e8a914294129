"""Tests of watcher.mail: the synthetic corpus, decoding edge cases, invites, drafts, fuzzing."""

from __future__ import annotations

import contextlib
import email
import email.policy
import email.utils
import re
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.errors import WatcherError
from watcher.mail import (
    MalformedMessage,
    compose_draft,
    decode_bytes,
    decode_header_text,
    html_to_text,
    parse,
    parse_invite,
    parse_invites,
    reply_subject,
    split_message,
)
from watcher.models import (
    ActionKind,
    Address,
    Draft,
    Invite,
    Message,
    Person,
    RawMessage,
    RawPart,
    Signal,
    address_of,
    name_of,
)
from watcher.record import replace

CORPUS = Path(__file__).parent / "data" / "mail"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
FILES = sorted(p.name for p in CORPUS.glob("*.eml"))
GOOD_FILES = [name for name in FILES if not EXPECTED["files"][name].get("malformed")]
FUZZ = settings(max_examples=200, deadline=None, database=None)

RELAY_DOMAINS = (
    "greenhouse-mail.io",
    "lever.co",
    "myworkday.com",
    "ashbyhq.com",
    "icims.com",
    "indeed.com",
    "goodtime.io",
)


def load(name: str, folder: str = "INBOX", uid: int = 1) -> Message:
    return parse(split_message((CORPUS / name).read_bytes(), folder, uid, None), "personal")


def raw(headers: str, *parts: RawPart, content_type: str = "text/plain") -> RawMessage:
    """Return a fetched message from a header block written with LF line ends."""
    block = headers.strip("\n").replace("\n", "\r\n").encode("utf-8") + b"\r\n\r\n"
    return RawMessage("INBOX", 7, None, block, parts, content_type)


def plain(text: str | bytes, charset: str = "utf-8", encoding: str = "7bit") -> RawPart:
    payload = text.encode(charset) if isinstance(text, str) else text
    return RawPart("text/plain", payload, charset, encoding, (("charset", charset),))


DATE = "Date: Tue, 24 Nov 2026 09:12:44 -0800"


def headed(*lines: str) -> str:
    return "\n".join((DATE, "Message-ID: <m@x.example>", *lines))


# The corpus


def test_every_file_is_described_and_every_description_has_a_file() -> None:
    assert len(FILES) >= 22
    assert set(FILES) == set(EXPECTED["files"])


@pytest.mark.parametrize("name", FILES)
def test_corpus_files_are_marked_synthetic_and_use_reserved_domains(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["X-Watcher-Test"] == "synthetic"
    for header in ("From", "To", "Reply-To", "Cc"):
        for _, address in email.utils.getaddresses(message.get_all(header, [])):
            domain = address.rpartition("@")[2].lower()
            reserved = domain.endswith((".example", ".test", "example.com"))
            assert reserved or domain.endswith(RELAY_DOMAINS), (
                f"{name}: {address} is not on a reserved or relay domain"
            )


def test_corpus_message_ids_are_unique_and_dates_in_late_november_2026() -> None:
    ids = [EXPECTED["files"][name]["message_id"] for name in GOOD_FILES]
    assert len(ids) == len(set(ids))
    for name in GOOD_FILES:
        when = EXPECTED["files"][name]["date"]
        assert datetime(2026, 11, 16, tzinfo=UTC) <= when < datetime(2026, 12, 1, tzinfo=UTC)


def test_corpus_scenario_names_the_tracked_companies() -> None:
    companies = {interview["company"] for interview in EXPECTED["interviews"]}
    assert companies == {"Northwind", "Globex", "Initech", "Umbrella Labs"}
    kinds = {
        "rejection",
        "offer",
        "next_step",
        "acknowledgement",
        "auto_reply",
        "update",
        "bulk",
        "bounce",
        "sent",
        "",
    }
    for name, expected in EXPECTED["files"].items():
        assert expected["company"] in companies | {""}, name
        assert expected["kind"] in kinds, name


@pytest.mark.parametrize("name", FILES)
def test_corpus_message_parses_as_expected(name: str) -> None:
    expected = EXPECTED["files"][name]
    data = (CORPUS / name).read_bytes()
    fetched = split_message(data, expected["folder"], 42, None)
    if expected.get("malformed"):
        with pytest.raises(MalformedMessage):
            parse(fetched, "personal")
        return
    message = parse(fetched, "personal")
    assert (message.account, message.folder, message.uid) == ("personal", expected["folder"], 42)
    assert message.message_id == expected["message_id"]
    assert message.date == expected["date"]
    assert message.date.utcoffset() == expected["date"].utcoffset()
    assert str(message.sender) == expected["sender"]
    assert [str(a) for a in message.to] == expected["to"]
    assert message.subject == expected["subject"]
    assert sorted(message.signals) == expected["signals"]
    assert (message.invite is not None) == expected["has_invite"]
    assert expected["text_contains"] in message.text
    if "text_excludes" in expected:
        assert expected["text_excludes"] not in message.text
    assert message.in_reply_to == expected.get("in_reply_to", "")
    if "invite" in expected:
        invite, want = message.invite, expected["invite"]
        assert invite is not None
        assert (invite.method, invite.uid, invite.sequence) == (
            want["method"],
            want["uid"],
            want["sequence"],
        )
        assert (invite.start, invite.end) == (want["start"], want["end"])
        assert [str(a) for a in invite.attendees] == want["attendees"]
        assert str(invite.organizer) == want["organizer"]
        assert invite.summary == want["summary"]


@pytest.mark.parametrize("name", GOOD_FILES)
def test_corpus_parses_the_same_with_crlf_line_ends(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    crlf = re.sub(rb"\r?\n", b"\r\n", data)
    assert parse(split_message(crlf, "INBOX", 1, None), "a") == parse(
        split_message(data, "INBOX", 1, None), "a"
    )


def test_thread_of_the_corpus() -> None:
    first = load("01-northwind-rita-scheduling.eml")
    personal = load("13-northwind-rita-personal-reply.eml")
    follow_up = load("23-sent-follow-up-rita.eml", "Sent")
    assert personal.thread_ids == (first.message_id,)
    assert follow_up.references == (first.message_id, personal.message_id)
    assert load("05-northwind-dana-out-of-office.eml").in_reply_to == (
        load("22-sent-thank-you-dana.eml", "Sent").message_id
    )


def test_broken_mime_decodes_the_unknown_charset_with_replacement_characters() -> None:
    message = load("11-initech-broken-mime.eml")
    assert "Gr\ufffd\ufffde from the \ufffdTPS\ufffd team" in message.text


def test_latin1_body_and_header() -> None:
    message = load("10-globex-gina-rejection-fr.eml")
    assert "Chargée de recrutement" in message.text
    assert "\ufffd" not in message.text + message.subject


def test_split_message_skips_attachments_but_keeps_an_attached_calendar() -> None:
    offer = split_message((CORPUS / "03-initech-lever-offer.eml").read_bytes(), "INBOX", 1, None)
    assert [p.content_type for p in offer.parts] == ["text/plain", "text/html"]
    assert offer.content_type == "multipart/mixed"
    data = b"\n".join(
        [
            b"Date: Tue, 24 Nov 2026 09:12:44 -0800",
            b'Content-Type: multipart/mixed; boundary="b"',
            b"",
            b"--b",
            b"Content-Type: text/plain",
            b"",
            b"See the invitation.",
            b"--b",
            b"Content-Type: text/calendar; method=CANCEL; name=invite.ics",
            b"Content-Disposition: attachment; filename=invite.ics",
            b"",
            b"BEGIN:VCALENDAR",
            b"--b--",
        ]
    )
    cut = split_message(data, "INBOX", 1, None)
    assert [p.content_type for p in cut.parts] == ["text/plain", "text/calendar"]
    assert cut.parts[1].params == (("method", "CANCEL"), ("name", "invite.ics"))
    assert cut.headers.endswith(b'boundary="b"\n\n')


def test_split_message_keeps_payloads_transfer_encoded_byte_for_byte() -> None:
    data = (CORPUS / "10-globex-gina-rejection-fr.eml").read_bytes()
    cut = split_message(data, "INBOX", 1, None)
    head, _, body = data.partition(b"\n\n")
    assert cut.headers == head + b"\n\n"
    assert cut.parts == (
        RawPart("text/plain", body, "iso-8859-1", "8bit", (("charset", "iso-8859-1"),)),
    )


# A message fetched part by part (as the IMAP backend does), against split_message


def mime_sections(data: bytes, boundary: bytes) -> list[bytes]:
    """Return the bodies of a multipart entity's parts (a tiny splitter, not the email package)."""
    delimiter = b"\n--" + boundary
    body = data.partition(b"\n\n")[2]
    chunks = (b"\n" + body).split(delimiter)[1:]
    return [c.partition(b"\n")[2] for c in chunks if not c.startswith(b"--")]


def part_body(section: bytes) -> bytes:
    return section.partition(b"\n\n")[2]


def test_split_message_equals_part_by_part_for_a_calendar_invitation() -> None:
    data = (CORPUS / "14-northwind-goodtime-invite.eml").read_bytes()
    mixed = mime_sections(data, b"gt-mixed-01")
    alternative = mime_sections(mixed[0], b"gt-alt-01")
    fetched = RawMessage(
        folder="INBOX",
        uid=9,
        internal_date=datetime(2026, 11, 25, 17, 3, tzinfo=UTC),
        headers=data.partition(b"\n\n")[0] + b"\n\n",
        parts=(
            RawPart(
                "text/plain",
                part_body(alternative[0]),
                "utf-8",
                "quoted-printable",
                (("charset", "utf-8"),),
            ),
            RawPart(
                "text/calendar",
                part_body(alternative[1]),
                "utf-8",
                "base64",
                (("charset", "utf-8"), ("method", "REQUEST")),
            ),
            # The attached invite.ics (application/ics) is fetched too: a calendar.
            RawPart(
                "application/ics", part_body(mixed[1]), "", "base64", (("name", "invite.ics"),)
            ),
        ),
        content_type="multipart/mixed",
    )
    cut = split_message(data, "INBOX", 9, datetime(2026, 11, 25, 17, 3, tzinfo=UTC))
    assert [p.payload for p in cut.parts] == [p.payload for p in fetched.parts]
    assert [p.content_type for p in cut.parts] == [p.content_type for p in fetched.parts]
    message = parse(cut, "personal")
    assert message == parse(fetched, "personal")
    # The same event, inline and attached, is one event.
    assert message.invite is not None and message.invites == (message.invite,)


def test_split_message_equals_part_by_part_for_a_delivery_report() -> None:
    data = (CORPUS / "19-bounce-mailer-daemon.eml").read_bytes()
    sections = mime_sections(data, b"4F2A81C0042.1763589963/mail.example.com")
    fetched = RawMessage(
        folder="INBOX",
        uid=3,
        internal_date=None,
        headers=data.partition(b"\n\n")[0] + b"\n\n",
        parts=(RawPart("text/plain", part_body(sections[0]), "us-ascii"),),
        content_type="multipart/report",
    )
    assert parse(split_message(data, "INBOX", 3, None), "p") == parse(fetched, "p")


# Headers


@pytest.mark.parametrize(
    ("encoded", "decoded"),
    [
        ("=?utf-8?q?caf=C3=A9?=", "café"),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"),
        ("=?iso-8859-15?q?=A4uro?=", "€uro"),
        ("=?koi8-r?b?8NLJ18XU?=", "Привет"),
        ("=?shift_jis?B?g2WDWINn?=", "テスト"),
        ("=?gb2312?b?xOO6ww==?=", "你好"),
        ("=?windows-1252?q?=93quoted=94?=", "“quoted”"),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=\t =?UTF-8?Q?b?= c", "ab c"),
        ("=?utf-8?q?=C3?= =?utf-8?q?=A9?=", "é"),
        ("=?utf-8?q?a_b?=", "a b"),
        ("=?utf-8*en?q?hi?=", "hi"),
        ("=??q?plain?=", "plain"),
        ("=?utf-8?b?SGVsbG8?=", "Hello"),
        ("=?utf-8?b?SGVsb*G8=?=", "Hello"),
        ("=?utf-8?b?SGVsbG8x?", "=?utf-8?b?SGVsbG8x?"),
        ("=?utf-8?x?abc?=", "=?utf-8?x?abc?="),
        ("=?x-unknown?q?caf=C3=A9?=", "café"),
        ("=?x-unknown?q?caf=E9?=", "caf\ufffd"),
        ("=?utf-8?q?caf=E9?=", "caf\ufffd"),
        ("=?zlib?q?x?=", "x"),
        ("=?idna?q?x=FF?=", "x\ufffd"),
        ("no words at all", "no words at all"),
        ("=?utf-8?q?Re:?= hello", "Re: hello"),
    ],
)
def test_decode_header_text(encoded: str, decoded: str) -> None:
    assert decode_header_text(encoded) == decoded


@pytest.mark.parametrize("junk", ["=?utf-8?b?!!!?=", "=?utf-8?b?A?=", "=?utf-8?b?====?="])
def test_broken_base64_words_never_raise(junk: str) -> None:
    assert isinstance(decode_header_text(junk), str)


@pytest.mark.parametrize(
    ("data", "charset", "text"),
    [
        (b"caf\xc3\xa9", "", "café"),
        (b"caf\xe9", "", "café"),
        (b"caf\xe9", "us-ascii", "café"),
        (b"caf\xe9", "latin1", "café"),
        (b"caf\xe9", "x-unknown", "caf\ufffd"),
        (b"caf\xe9", "utf-8", "caf\ufffd"),
        (b"caf\xe9", '"ISO-8859-1"', "café"),
        (b"\xc7\xd1\xb1\xdb", "ks_c_5601-1987", "한글"),
        (b"abc", "rot13", "abc"),
        (b"abc", "a\x00b", "abc"),
    ],
)
def test_decode_bytes(data: bytes, charset: str, text: str) -> None:
    assert decode_bytes(data, charset) == text


def test_headers_in_raw_8bit_are_read_as_utf8_else_latin1() -> None:
    block = (DATE + "\nSubject: Gr\xfc\xdfe\nFrom: Jos\xe9 <jose@x.example>\n").encode("latin-1")
    message = parse(RawMessage("INBOX", 1, None, block), "a")
    assert message.subject == "Grüße"
    assert message.sender == Address("José", "jose@x.example")
    utf8 = (DATE + "\nSubject: Grüße – ok\n").encode("utf-8")
    assert parse(RawMessage("INBOX", 1, None, utf8), "a").subject == "Grüße – ok"


def test_folded_headers_are_unfolded_and_junk_lines_skipped() -> None:
    message = parse(
        raw(
            "From alex@example.com Tue Nov 24 09:12:44 2026\n"
            + headed(
                "Subject: a long\n   subject\tline",
                "not a header line",
                "To: Dana <dana@x.example>,\n\tSam <SAM@X.example>",
            )
        ),
        "a",
    )
    assert message.subject == "a long subject line"
    assert message.to == (Address("Dana", "dana@x.example"), Address("Sam", "sam@x.example"))


@pytest.mark.parametrize(
    ("value", "addresses"),
    [
        ("Dana Reyes <Dana@Northwind.EXAMPLE>", [("Dana Reyes", "dana@northwind.example")]),
        ("=?utf-8?q?Reyes=2C_Dana?= <d@x.example>", [("Reyes, Dana", "d@x.example")]),
        ("Reyes, Dana <d@x.example>", [("Reyes, Dana", "d@x.example")]),
        (
            '"Reyes, Dana" <d@x.example>, sam@x.example',
            [("Reyes, Dana", "d@x.example"), ("", "sam@x.example")],
        ),
        (
            "Initech @ icims <initech+autoreply@talent.icims.com>",
            [("Initech @ icims", "initech+autoreply@talent.icims.com")],
        ),
        (
            "=?utf-8?b?THVjw61hIEZlcm7DoW5kZXo=?= <lucia@x.example>",
            [("Lucía Fernández", "lucia@x.example")],
        ),
        ("Team: a@x.example, b@x.example;", [("", "a@x.example"), ("", "b@x.example")]),
        ("undisclosed-recipients:;", []),
        ("<<>>,,@", []),
        ("", []),
    ],
)
def test_address_headers(value: str, addresses: list[tuple[str, str]]) -> None:
    message = parse(raw(headed(f"To: {value}", f"Cc: {value}")), "a")
    assert [(a.name, a.address) for a in message.to] == addresses
    assert message.cc == message.to


@pytest.mark.parametrize(
    "address",
    [
        Address("Dana Reyes", "dana@x.example"),
        Address("Reyes, Dana", "d@x.example"),
        Address('Dana "DR" Reyes', "d@x.example"),
        Address("Initech @ icims", "initech@talent.icims.com"),
        Address("", "sam@x.example"),
    ],
)
def test_an_events_sender_gives_back_its_name_and_address(address: Address) -> None:
    """Events keep a sender as its text; :func:`name_of` and :func:`address_of` undo it."""
    assert (name_of(str(address)), address_of(str(address))) == (address.name, address.address)


def test_sender_reply_to_and_missing_from() -> None:
    message = parse(raw(headed("From: a@x.example", "Reply-To: B <b@y.example>")), "a")
    assert message.sender == Address("", "a@x.example")
    assert message.reply_to == (Address("B", "b@y.example"),)
    assert parse(raw(headed()), "a").sender is None


@pytest.mark.parametrize(
    ("in_reply_to", "references", "parent", "ids"),
    [
        ("<a@x>", "<a@x> <b@y>", "a@x", ("a@x", "b@y")),
        ("<a@x> (Dana's message)", "<a@x>\n <b@y>\n\t<c@z>", "a@x", ("a@x", "b@y", "c@z")),
        ("junk <a@x> more <b@y>", "junk <a@x>, <b@y> and <a@x>", "a@x", ("a@x", "b@y")),
        ("a@x", "a@x b@y,c@z", "a@x", ("a@x", "b@y", "c@z")),
        ("<a @x>", "< b@y >", "a@x", ("b@y",)),
        ("", "", "", ()),
    ],
)
def test_message_ids(in_reply_to: str, references: str, parent: str, ids: tuple[str, ...]) -> None:
    message = parse(raw(headed(f"In-Reply-To: {in_reply_to}", f"References: {references}")), "a")
    assert message.in_reply_to == parent
    assert message.references == ids


def test_a_missing_message_id_is_derived_stably_from_the_headers() -> None:
    block = DATE + "\nFrom: a@x.example\nSubject: hi"
    first = parse(raw(block), "a").message_id
    assert first.endswith("@no-message-id.invalid")
    lf = RawMessage("INBOX", 2, None, block.encode() + b"\n\n")
    assert parse(lf, "b").message_id == first
    assert parse(raw(block + "\nTo: b@x.example"), "a").message_id != first


@pytest.mark.parametrize(
    ("value", "when"),
    [
        (
            "Tue, 24 Nov 2026 09:12:44 -0800",
            datetime(2026, 11, 24, 9, 12, 44, tzinfo=timezone(timedelta(hours=-8))),
        ),
        ("Tue, 24 Nov 2026 17:12:44 -0000", datetime(2026, 11, 24, 17, 12, 44, tzinfo=UTC)),
        ("24 Nov 2026 17:12 GMT", datetime(2026, 11, 24, 17, 12, tzinfo=UTC)),
        ("Tue, 24 Nov 2026 09:12:44 -0800 (PST)", datetime(2026, 11, 24, 17, 12, 44, tzinfo=UTC)),
    ],
)
def test_dates(value: str, when: datetime) -> None:
    message = parse(raw(f"Date: {value}"), "a")
    assert message.date == when
    assert message.date.tzinfo is not None


@pytest.mark.parametrize(
    "block", ["Subject: no date", "Date:", "Date: yesterday", "Date: Tue, 45 Nov 2026 09:12:44"]
)
def test_a_missing_or_unreadable_date_is_malformed(block: str) -> None:
    with pytest.raises(MalformedMessage, match="Date") as caught:
        parse(raw(block), "a")
    assert isinstance(caught.value, WatcherError)
    assert "'INBOX'" in str(caught.value)


# Bodies


def test_plain_text_is_preferred_over_html() -> None:
    html = RawPart("text/html", b"<p>from html</p>", "utf-8")
    message = parse(raw(headed(), html, plain("from plain")), "a")
    assert message.text == "from plain"
    assert parse(raw(headed(), html), "a").text == "from html"


def test_several_plain_parts_are_joined() -> None:
    message = parse(raw(headed(), plain("one\r\n"), plain(""), plain("two\rthree")), "a")
    assert message.text == "one\n\ntwo\nthree"


@pytest.mark.parametrize(
    ("part", "text"),
    [
        (plain(b"Q2Fmw6k=\n", "utf-8", "base64"), "Café"),
        (plain(b"Q2Fm\nw6k\n", "utf-8", "BASE64"), "Café"),
        (plain(b"Q2Fmw6k=\n!!junk!!", "utf-8", "base64"), "Café"),
        (plain(b"Caf=C3=A9 soft=\nbreak =3D", "utf-8", "quoted-printable"), "Café softbreak ="),
        (plain(b"Caf=E9", "iso-8859-1", "Quoted-Printable"), "Café"),
        (plain(b"Caf=ZZ=", "utf-8", "quoted-printable"), "Caf=ZZ"),
        (plain(b"Caf\xc3\xa9", "utf-8", "8bit"), "Café"),
        (plain(b"Caf\xe9", "", ""), "Café"),
        (plain(b"Caf\xe9", "x-unknown", "8bit"), "Caf\ufffd"),
        (plain(b"Caf\xc3\xa9", "utf-8", "x-uuencode"), "Café"),
        (RawPart("text/plain", b"Caf\xe9", "", "", (("charset", "latin-1"),)), "Café"),
    ],
)
def test_transfer_encodings_and_charsets(part: RawPart, text: str) -> None:
    assert parse(raw(headed(), part), "a").text == text


def test_format_flowed_text_is_joined() -> None:
    flowed = RawPart(
        "text/plain",
        b"Thank you for the \r\nconversation.\r\n\r\n> quoted \r\n> line\r\n-- \r\nAlex",
        "utf-8",
        "7bit",
        (("charset", "utf-8"), ("format", "flowed")),
    )
    assert parse(raw(headed(), flowed), "a").text == (
        "Thank you for the conversation.\n\n> quoted line\n-- \nAlex"
    )
    delsp = replace(
        flowed,
        payload=b"Thank you for the con \r\nversation.",
        params=(("format", "Flowed"), ("delsp", "yes")),
    )
    assert parse(raw(headed(), delsp), "a").text == "Thank you for the conversation."


def test_text_is_bounded() -> None:
    long = plain("x" * 50_000)
    assert len(parse(raw(headed(), long), "a").text) == 20_000
    assert parse(raw(headed(), long), "a", max_text=10).text == "x" * 10
    huge_html = RawPart("text/html", b"<p>" + b"word " * 200_000 + b"</p>", "utf-8")
    assert len(parse(raw(headed(), huge_html), "a", max_text=100).text) == 100


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello&nbsp;<b>Alex</b>,</p><p>Second&amp;para</p>", "Hello Alex,\n\nSecond&para"),
        ("<script>var a = '<p>no</p>';</script><style>p {}</style>Visible", "Visible"),
        ("<html><head><title>T</title><style>x</style></head><body>Body</body></html>", "Body"),
        ("<head><meta charset=utf-8><body>Body after an open head", "Body after an open head"),
        ("line one<br>line two<br/>line three", "line one\nline two\nline three"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
        ("Lots   of\n\n   space <i>and</i>\tnewlines", "Lots of space and newlines"),
        ("caf&eacute; &#8211; &#x2019; &rsquo; &unknown;", "café – ’ ’ &unknown;"),
        ("<p>a</p>\n\n\n<p></p><p></p><p>b</p>", "a\n\nb"),
        ("<!-- a comment --><p>text</p><![CDATA[x]]>", "text"),
        ("unclosed <b>tag <p", "unclosed tag <p"),
        ("<p>one</p>\n  <div>\n <br> two</div>", "one\n\ntwo"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


# Signals


@pytest.mark.parametrize(
    ("lines", "signals"),
    [
        (["Auto-Submitted: auto-generated"], {Signal.AUTO_SUBMITTED}),
        (
            ['Auto-Submitted: auto-replied; owner-email="a@x"'],
            {Signal.AUTO_SUBMITTED, Signal.AUTO_REPLY},
        ),
        (["Auto-Submitted: no"], set()),
        (["Auto-Submitted: No (a comment)"], set()),
        (["X-Autoreply: yes"], {Signal.AUTO_REPLY}),
        (["X-Autorespond: 1"], {Signal.AUTO_REPLY}),
        (["Precedence: bulk"], {Signal.BULK}),
        (["Precedence: List"], {Signal.BULK}),
        (["Precedence: junk"], {Signal.BULK}),
        (["Precedence: auto_reply"], {Signal.AUTO_REPLY}),
        (["Precedence: first-class"], set()),
        (["List-Id: <x.lists.example>"], {Signal.MAILING_LIST}),
        (["List-Unsubscribe: <mailto:u@x.example>"], {Signal.MAILING_LIST}),
        (["From: MAILER-DAEMON@mx.example"], {Signal.DELIVERY_REPORT}),
        (["From: Postmaster <postmaster@mx.example>"], {Signal.DELIVERY_REPORT}),
        (["From: mailer@x.example", "Subject: We are out of budget"], set()),
        (["Content-Type: multipart/report; report-type=delivery-status"], {Signal.DELIVERY_REPORT}),
    ],
)
def test_signals_from_headers(lines: list[str], signals: set[Signal]) -> None:
    assert parse(raw(headed(*lines)), "a").signals == signals


def test_a_top_level_report_type_signals_a_delivery_report() -> None:
    message = parse(raw(headed(), content_type="multipart/report"), "a")
    assert message.signals == {Signal.DELIVERY_REPORT}


@pytest.mark.parametrize(
    "subject",
    [
        "Out of Office: Thank you",
        "Automatic reply: Thank you",
        "AutoReply: Thank you",
        "Abwesenheitsnotiz: Danke",
        "Absence du bureau : merci",
        "=?utf-8?q?R=C3=A9ponse_automatique_=3A_merci?=",
        "Fuera de la oficina: gracias",
        "=?utf-8?q?Respuesta_autom=C3=A1tica=3A_gracias?=",
        "I am OUT OF THE OFFICE",
    ],
)
def test_out_of_office_subjects(subject: str) -> None:
    assert parse(raw(headed(f"Subject: {subject}")), "a").signals == {Signal.OUT_OF_OFFICE}


def test_out_of_office_phrases_can_come_from_the_lexicon() -> None:
    message = raw(headed("Subject: Vacances: retour lundi"))
    assert parse(message, "a").signals == set()
    assert parse(message, "a", out_of_office=("vacances", "")).signals == {Signal.OUT_OF_OFFICE}


# Invitations


def calendar(method: str = "REQUEST", *event: str, extra: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    lines += [f"METHOD:{method}"] if method else []
    lines += [extra] if extra else []
    lines += ["BEGIN:VEVENT", *event, "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def test_a_request_with_a_time_zone() -> None:
    text = calendar(
        "REQUEST",
        "UID:round-2@x.example",
        "SEQUENCE:1",
        "DTSTART;TZID=Europe/Berlin:20261201T160000",
        "DTEND;TZID=Europe/Berlin:20261201T170000",
        "ORGANIZER:MAILTO:Rita@X.example",
        'ATTENDEE;CN="Reyes, Dana";ROLE=REQ-PARTICIPANT:mailto:Dana@X.example',
        "SUMMARY:Second round\\, design",
    )
    invite = parse_invite(text)
    assert invite is not None
    assert (invite.method, invite.uid, invite.sequence) == ("REQUEST", "round-2@x.example", 1)
    assert invite.start == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert invite.start.utcoffset() == timedelta(hours=1)
    assert invite.end == datetime(2026, 12, 1, 16, tzinfo=UTC)
    assert invite.organizer == Address("", "rita@x.example")
    assert invite.attendees == (Address("Reyes, Dana", "dana@x.example"),)
    assert invite.summary == "Second round, design"
    assert invite.product == "-//test//EN"


def test_a_cancellation_keeps_uid_and_sequence() -> None:
    text = calendar(
        "CANCEL",
        "UID:round-2@x.example",
        "SEQUENCE:3",
        "DTSTART:20261201T150000Z",
        "STATUS:CANCELLED",
    )
    invite = parse_invite(text)
    assert invite is not None
    assert (invite.method, invite.uid, invite.sequence) == ("CANCEL", "round-2@x.example", 3)
    assert invite.end is None
    assert invite.attendees == ()
    assert invite.organizer is None


def test_dates_floating_times_durations_and_defaults() -> None:
    invite = parse_invite(
        calendar("", "UID:u", "DTSTART;VALUE=DATE:20261201", "DURATION:PT45M"), "request"
    )
    assert invite is not None
    assert invite.method == "REQUEST"
    assert invite.sequence == 0
    assert invite.start == datetime(2026, 12, 1, tzinfo=UTC)
    assert invite.end == datetime(2026, 12, 1, 0, 45, tzinfo=UTC)
    floating = parse_invite(calendar("PUBLISH", "UID:u", "DTSTART:20261201T150000"))
    assert floating is not None
    assert floating.start == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert floating.start.tzinfo is not None


def test_windows_zone_names_vtimezones_and_unknown_zones() -> None:
    outlook = parse_invite(
        calendar("REQUEST", "UID:u", "DTSTART;TZID=India Standard Time:20261208T143000")
    )
    assert outlook is not None and not outlook.floating
    assert outlook.start == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    assert outlook.start.utcoffset() == timedelta(hours=5, minutes=30)
    custom = parse_invite(
        calendar(
            "REQUEST",
            "UID:u",
            "DTSTART;TZID=Adelaide custom:20261208T090000",
            extra="\r\n".join(
                [
                    "BEGIN:VTIMEZONE",
                    "TZID:Adelaide custom",
                    "BEGIN:STANDARD",
                    "DTSTART:16010101T000000",
                    "TZOFFSETFROM:+1030",
                    "TZOFFSETTO:+1030",
                    "END:STANDARD",
                    "END:VTIMEZONE",
                ]
            ),
        )
    )
    assert custom is not None and custom.start is not None
    assert custom.start.utcoffset() == timedelta(hours=10, minutes=30)
    assert custom.start.tzinfo == timezone(timedelta(hours=10, minutes=30))  # no dateutil zone
    # Outlook's VTIMEZONE of a Windows name gives the IANA zone, whose rules cost nothing.
    windows = parse_invite(
        calendar(
            "REQUEST",
            "UID:u",
            "DTSTART;TZID=W. Europe Standard Time:20261208T140000",
            extra="\r\n".join(
                [
                    "BEGIN:VTIMEZONE",
                    "TZID:W. Europe Standard Time",
                    "BEGIN:STANDARD",
                    "DTSTART:16010101T030000",
                    "TZOFFSETFROM:+0200",
                    "TZOFFSETTO:+0100",
                    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
                    "END:STANDARD",
                    "BEGIN:DAYLIGHT",
                    "DTSTART:16010101T020000",
                    "TZOFFSETFROM:+0100",
                    "TZOFFSETTO:+0200",
                    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
                    "END:DAYLIGHT",
                    "END:VTIMEZONE",
                ]
            ),
        )
    )
    assert windows is not None and windows.start is not None
    assert windows.start.tzinfo == ZoneInfo("Europe/Berlin")
    assert windows.start == datetime(2026, 12, 8, 13, tzinfo=UTC)
    # A TZID nothing defines is no zone: the time is floating, placed by whoever knows the user.
    unknown = parse_invite(calendar("REQUEST", "UID:u", "DTSTART;TZID=Mumbai:20261208T140000"))
    assert unknown is not None and unknown.floating
    assert unknown.start == datetime(2026, 12, 8, 14, tzinfo=UTC)


def test_every_event_of_a_calendar_with_rooms_location_and_description() -> None:
    text = (
        calendar(
            "REQUEST",
            "UID:loop-1",
            "DTSTART:20261208T150000Z",
            "DTEND:20261208T160000Z",
            "ATTENDEE;CUTYPE=ROOM;CN=Conference Room 4:mailto:room4@resource.x.example",
            "ATTENDEE;CN=Dana:mailto:dana@x.example",
            "LOCATION:Conference Room 4",
            "DESCRIPTION:Line one\\nLine two",
            "STATUS:CONFIRMED",
        ).removesuffix("END:VCALENDAR\r\n")
        + "BEGIN:VEVENT\r\nUID:loop-2\r\nDTSTART;VALUE=DATE:20261209\r\nEND:VEVENT\r\n"
        + "END:VCALENDAR\r\n"
    )
    first, second = parse_invites(text)
    assert first.resources == ("room4@resource.x.example",)
    assert [a.address for a in first.attendees] == ["room4@resource.x.example", "dana@x.example"]
    assert (first.location, first.description, first.status) == (
        "Conference Room 4",
        "Line one\nLine two",
        "CONFIRMED",
    )
    assert (second.uid, second.all_day, second.method) == ("loop-2", True, "REQUEST")
    assert parse_invite(text) == first


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not a calendar",
        "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\nEND:VEVENT\r\n",
        calendar("REQUEST", "UID:u", "DTSTART:2026-12-01 nonsense"),
    ],
)
def test_a_broken_calendar_is_no_invite(text: str) -> None:
    assert parse_invite(text) is None


def test_parse_takes_the_first_calendar_part_that_parses() -> None:
    broken = RawPart("text/calendar", b"BEGIN:VCALENDAR\r\nbroken", "utf-8")
    good = RawPart(
        "text/calendar",
        calendar("", "UID:u", "SEQUENCE:x", "DTSTART:20261201T150000Z").encode(),
        "utf-8",
        "",
        (("method", "CANCEL"),),
    )
    message = parse(raw(headed(), broken, good, content_type="multipart/mixed"), "a")
    assert message.invite is not None
    assert (message.invite.method, message.invite.sequence) == ("CANCEL", 0)
    assert parse(raw(headed(), broken), "a").invite is None


def test_parse_keeps_every_event_of_every_calendar_part() -> None:
    one = RawPart(
        "text/calendar", calendar("REQUEST", "UID:a", "DTSTART:20261201T150000Z").encode()
    )
    two = RawPart(
        "application/ics", calendar("REQUEST", "UID:b", "DTSTART:20261201T160000Z").encode()
    )
    message = parse(raw(headed(), one, two, one, content_type="multipart/mixed"), "a")
    assert [i.uid for i in message.invites] == ["a", "b"]
    assert message.invite == message.invites[0]


# Drafts


SENDER = Address("Alex Example", "alex@example.com")
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("America/Los_Angeles"))


def make_draft(**changes: object) -> Draft:
    fields: dict[str, object] = {
        "kind": ActionKind.FOLLOW_UP,
        "to": (
            Person("Lucía Fernández", "lucia.fernandez@initech.example"),
            Person("", "Sam@Northwind.example"),
        ),
        "subject": "Seguimiento – entrevista",
        "body": "Hola Lucía,\n\nGracias de nuevo.\n\nAlex\n",
        "in_reply_to": "<b@y.example>",
        "references": ("a@x.example", "<b@y.example>"),
    }
    fields.update(changes)
    return Draft(**fields)  # type: ignore[arg-type]


def compose(draft: Draft | None = None, **kwargs: object) -> bytes:
    arguments: dict[str, object] = {"sender": SENDER, "date": WHEN, "message_id": "d1@watcher"}
    arguments.update(kwargs)
    return compose_draft(draft or make_draft(), **arguments)  # type: ignore[arg-type]


def test_compose_draft_round_trip() -> None:
    data = compose()
    assert b"\n" not in data.replace(b"\r\n", b"")
    head = data.partition(b"\r\n\r\n")[0]
    assert head.isascii()
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["From"] == "Alex Example <alex@example.com>"
    assert [a.display_name for a in message["To"].addresses] == ["Lucía Fernández", ""]
    assert [a.addr_spec for a in message["To"].addresses] == [
        "lucia.fernandez@initech.example",
        "Sam@Northwind.example",
    ]
    assert message["Subject"] == "Seguimiento – entrevista"
    assert message["Date"].datetime == WHEN
    assert message["Message-ID"] == "<d1@watcher>"
    assert message["In-Reply-To"] == "<b@y.example>"
    assert message["References"] == "<a@x.example> <b@y.example>"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content().replace("\r\n", "\n")
    assert body == "Hola Lucía,\n\nGracias de nuevo.\n\nAlex\n"


def test_a_composed_draft_parses_back() -> None:
    message = parse(split_message(compose(), "Drafts", 1, None), "personal")
    assert message.sender == SENDER
    assert message.to == (
        Address("Lucía Fernández", "lucia.fernandez@initech.example"),
        Address("", "sam@northwind.example"),
    )
    assert message.subject == "Seguimiento – entrevista"
    assert message.message_id == "d1@watcher"
    assert message.thread_ids == ("a@x.example", "b@y.example")
    assert message.text == "Hola Lucía,\n\nGracias de nuevo.\n\nAlex"
    assert message.signals == frozenset()


def test_compose_draft_threading_and_subject_override() -> None:
    only_parent = compose(make_draft(references=(), in_reply_to="p@x.example"), subject="Re: x")
    message = email.message_from_bytes(only_parent, policy=email.policy.default)
    assert message["References"] == "<p@x.example>"
    assert message["Subject"] == "Re: x"
    fresh = email.message_from_bytes(
        compose(make_draft(references=(), in_reply_to="")), policy=email.policy.default
    )
    assert fresh["In-Reply-To"] is None
    assert fresh["References"] is None
    junk = make_draft(references=("bad id", "<ok@x>", ""), in_reply_to="also bad")
    threaded = email.message_from_bytes(compose(junk), policy=email.policy.default)
    assert threaded["References"] == "<ok@x>"
    assert threaded["In-Reply-To"] is None


def test_compose_draft_folds_long_references_and_keeps_them() -> None:
    ids = tuple(f"message-{n:03d}.abcdefghij@mail.example.com" for n in range(30))
    data = compose(make_draft(references=ids, in_reply_to=ids[-1]))
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    assert parse(split_message(data, "Drafts", 1, None), "a").references == ids


@pytest.mark.parametrize(
    "draft_changes",
    [
        {"subject": "Hello\r\nBcc: victim@evil.test"},
        {"subject": "Hello\nBcc: victim@evil.test"},
        {"to": (Person("Dana\r\nBcc: victim@evil.test", "dana@x.example"),)},
        {"body": "Hi\r\n\r\nBcc: victim@evil.test\r\n"},
    ],
)
def test_no_header_injection(draft_changes: dict[str, object]) -> None:
    data = compose(make_draft(**draft_changes))
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["Bcc"] is None
    assert not re.search(rb"\r\nBcc:", data.partition(b"\r\n\r\n")[0])


def test_compose_draft_subject_override_cannot_inject_either() -> None:
    data = compose(subject="Re: x\r\nBcc: victim@evil.test")
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["Bcc"] is None
    assert message["Subject"] == "Re: x Bcc: victim@evil.test"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"draft": make_draft(to=(Person("Dana", "dana@x.example\r\nBcc: victim@evil.test"),))},
        {"draft": make_draft(to=(Person("Dana", "not an address"),))},
        {"sender": Address("Alex", "")},
        {"date": datetime(2026, 11, 20, 9, 30)},  # noqa: DTZ001 - a naive date is the point
        {"message_id": "two words@x"},
        {"message_id": "<>"},
    ],
)
def test_compose_draft_refuses_what_would_break_the_message(kwargs: dict[str, object]) -> None:
    draft = kwargs.pop("draft", None)
    with pytest.raises(ValueError):
        compose(draft, **kwargs)  # type: ignore[arg-type]


def test_compose_draft_long_lines_and_ascii_bodies() -> None:
    long_line = "é" * 2000
    data = compose(make_draft(body=long_line))
    assert max(len(line) for line in data.split(b"\r\n")) <= 78
    content = email.message_from_bytes(data, policy=email.policy.default).get_content()
    assert content == long_line + "\r\n"
    ascii_only = compose(make_draft(body="Hi Dana,\nthanks.", subject="Thanks"))
    assert b"Content-Transfer-Encoding: 7bit" in ascii_only
    assert b'charset="utf-8"' in ascii_only
    assert b"Subject: Thanks\r\n" in ascii_only


@pytest.mark.parametrize(
    ("subject", "reply"),
    [
        ("Next steps", "Re: Next steps"),
        ("Re: Next steps", "Re: Next steps"),
        ("RE: Next steps", "RE: Next steps"),
        ("re:Next steps", "re:Next steps"),
        ("AW: Ihre Bewerbung", "AW: Ihre Bewerbung"),
        ("SV: Intervju", "SV: Intervju"),
        ("Réf: Candidature", "Réf: Candidature"),
        ("RÉF : Candidature", "RÉF : Candidature"),
        ("Re[2]: Next steps", "Re[2]: Next steps"),
        ("Fwd: Next steps", "Re: Fwd: Next steps"),
        ("Return of the interview", "Re: Return of the interview"),
        ("Area update", "Re: Area update"),
        ("  spaced\r\n subject ", "Re: spaced subject"),
        ("", "Re:"),
    ],
)
def test_reply_subject(subject: str, reply: str) -> None:
    assert reply_subject(subject) == reply


# Fuzzing: parse raises MalformedMessage or nothing


FIELD_NAMES = st.sampled_from(
    [
        "Date",
        "From",
        "To",
        "Cc",
        "Reply-To",
        "Subject",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Auto-Submitted",
        "Precedence",
        "List-Id",
        "Content-Type",
        "X-Autoreply",
        "Content-Transfer-Encoding",
        "X-Junk",
    ]
)
HEADER_VALUES = st.one_of(
    st.binary(max_size=80),
    st.text(max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"Tue, 24 Nov 2026 09:12:44 -0800",
            b"=?utf-8?b?!!?=",
            b"=?x?q?=FF?=",
            b"<a@b> <c",
            b'"unterminated <a@b>',
            b"Dana <d@x>,,,;;<<>>",
            b"=?utf-16?b?2D0=?=",
            b"Fri, 31 Feb 2026 25:61:61 +9999",
        ]
    ),
)
PARTS = st.builds(
    RawPart,
    content_type=st.sampled_from(
        [
            "text/plain",
            "text/html",
            "text/calendar",
            "TEXT/HTML; x=y",
            "",
            "application/octet-stream",
        ]
    ),
    payload=st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [
                calendar("REQUEST", "UID:u", "DTSTART:20261201T150000Z").encode(),
                b"<p>a<b",
                b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Nowhere/Land:2026\r\n",
            ]
        ),
    ),
    charset=st.one_of(
        st.sampled_from(
            [
                "",
                "utf-8",
                "x-unknown",
                "idna",
                "zlib",
                "utf-16",
                "unicode_escape",
                "iso-2022-jp",
                "rot13",
            ]
        ),
        st.text(max_size=12),
    ),
    encoding=st.sampled_from(["", "7bit", "base64", "quoted-printable", "x-uuencode", "bin"]),
    params=st.lists(
        st.tuples(st.sampled_from(["charset", "format", "delsp", "method"]), st.text(max_size=10)),
        max_size=3,
    ).map(tuple),
)


@FUZZ
@given(
    fields=st.lists(st.tuples(FIELD_NAMES, HEADER_VALUES), max_size=12),
    junk=st.binary(max_size=40),
    parts=st.lists(PARTS, max_size=4),
    content_type=st.sampled_from(["text/plain", "multipart/report", "", "x/y"]),
)
def test_parse_raises_nothing_but_malformed_message(
    fields: list[tuple[str, bytes]], junk: bytes, parts: list[RawPart], content_type: str
) -> None:
    block = b"".join(name.encode() + b": " + value + b"\r\n" for name, value in fields) + junk
    fetched = RawMessage("INBOX", 1, None, block, tuple(parts), content_type)
    try:
        message = parse(fetched, "a", max_text=500)
    except MalformedMessage:
        return
    assert message.date.tzinfo is not None
    assert len(message.text) <= 500
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message_id


@FUZZ
@given(st.binary(max_size=600))
def test_split_and_parse_of_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(MalformedMessage):
        parse(split_message(data, "INBOX", 1, None), "a")


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    b"Date: Tue, 24 Nov 2026 09:12:44 -0800\n",
                    b"Content-Type: multipart/mixed; boundary=b\n",
                    b"\n",
                    b"--b\n",
                    b"--b--\n",
                    b"Content-Type: text/plain; charset=utf-8\n",
                    b"Content-Transfer-Encoding: base64\n",
                    b"Content-Type: message/rfc822\n",
                    b"Content-Disposition: attachment\n",
                    b"Content-Type: text/calendar; method=REQUEST\n",
                    b"BEGIN:VCALENDAR\n",
                ]
            ),
            st.binary(max_size=30),
        ),
        max_size=25,
    )
)
def test_split_and_parse_of_mime_shaped_bytes(chunks: list[bytes]) -> None:
    data = b"".join(chunks)
    with contextlib.suppress(MalformedMessage):
        parse(split_message(data, "INBOX", 1, None), "a")


@FUZZ
@given(st.text(max_size=200))
def test_decoders_never_raise(text: str) -> None:
    assert isinstance(decode_header_text(text), str)
    assert isinstance(html_to_text(text), str)
    invite = parse_invite(text)
    assert invite is None or isinstance(invite, Invite)
    reply = reply_subject(text)
    assert reply_subject(reply) == reply
    assert "\n" not in reply


@pytest.mark.parametrize("year", ["9999", "1901"])
def test_a_date_no_real_mail_has_makes_the_message_malformed(year: str) -> None:
    headers = f"Date: Fri, 31 Dec {year} 23:00:00 -0500\nFrom: rita@northwind.example\nSubject: x"
    with pytest.raises(MalformedMessage, match="unreadable Date"):
        parse(raw(headers, plain("Nothing new yet.")), "a")


def test_an_ics_file_named_only_by_its_content_type_is_read_as_a_calendar() -> None:
    # Some clients name the file in Content-Type (name=) and give no Content-Disposition.
    data = (
        b"From: ana@northwind.example\r\nTo: me@example.com\r\nSubject: interview\r\n"
        b"Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n"
        b"Message-ID: <o1@northwind.example>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nSee the invitation.\r\n"
        b'--b\r\nContent-Type: application/octet-stream; name="invite.ics"\r\n\r\n'
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
        b"UID:oct-1@northwind.example\r\nDTSTART:20261208T150000Z\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
        b'--b\r\nContent-Type: application/octet-stream; name="invite.dat"\r\n\r\n'
        b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n--b--\r\n"
    )
    raw = split_message(data, "INBOX", 1, None)
    assert [p.content_type for p in raw.parts] == ["text/plain", "application/ics"]
    invite = parse(raw, "personal").invite
    assert invite is not None and invite.uid == "oct-1@northwind.example"
