"""Tests of watcher.mail's one-pass readers: address lists, RFC 2047 words, HTML and MIME, each
against what Python's own parser (or the module's earlier pattern) gives on ordinary input, and
the caps on what is read. All data is synthetic.

The references below are the code these readers replaced (email.utils.getaddresses,
html.parser.HTMLParser, email.message_from_bytes, a regular expression): on ordinary input the
one-pass readers must agree with them, on crafted input they must stay linear.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import inspect
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher import mail as mail_module
from watcher.mail import (
    MAX_ADDRESSES,
    MAX_CALENDAR_CHARS,
    MAX_FIELD_CHARS,
    MAX_HEADER_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_SUBJECT_CHARS,
    MAX_TEXT_BYTES,
    MalformedMessage,
    compose_draft,
    content_type_params,
    decode_bytes,
    decode_header_text,
    header_block,
    html_to_text,
    parse,
    reply_subject,
    split_message,
)
from watcher.models import ActionKind, Address, Draft, Person, RawMessage, RawPart

FUZZ = settings(max_examples=300, deadline=None, database=None)
DATE = "Date: Tue, 24 Nov 2026 09:12:44 -0800"


def headed(*lines: str, body: bytes = b"") -> RawMessage:
    block = "\r\n".join((DATE, *lines)).encode("utf-8") + b"\r\n\r\n"
    return RawMessage("INBOX", 1, None, block, (RawPart("text/plain", body, "utf-8"),))


# Address lists


def addresses(value: str) -> list[tuple[str, str]]:
    return [(a.name, a.address) for a in parse(headed(f"To: {value}"), "a").to]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # iCIMS writes its display name with an unquoted "@", alone or in a list.
        (
            "Acme Corp @ icims <acme+autoreply@talent.icims.com>, Sam <sam@x.example>",
            [("Acme Corp @ icims", "acme+autoreply@talent.icims.com"), ("Sam", "sam@x.example")],
        ),
        (
            "Reyes, Dana <d@x.example>, Ito, Sam <s@x.example>",
            [("Reyes, Dana", "d@x.example"), ("Ito, Sam", "s@x.example")],
        ),
        ("d@x.example (Dana Reyes)", [("Dana Reyes", "d@x.example")]),
        ("Dana (Northwind) <d@x.example>", [("Dana (Northwind)", "d@x.example")]),
        # A comment before the name goes after it, as getaddresses puts it.
        ("(note) Dana <d@x.example>", [("Dana (note)", "d@x.example")]),
        ("Dana Reyes d@x.example", [("Dana Reyes", "d@x.example")]),
        ('"Dana \\"DR\\" Reyes" <d@x.example>', [('Dana "DR" Reyes', "d@x.example")]),
        ("<@relay.example,@other.example:d@x.example>", [("", "d@x.example")]),
        ("Dana <d@x.example", [("Dana", "d@x.example")]),
        ("Dana <d@x.example, sam@x.example", [("Dana", "d@x.example"), ("", "sam@x.example")]),
        (
            "a@x.example, Team: b@x.example, c@x.example;, d@x.example",
            [("", "a@x.example"), ("", "b@x.example"), ("", "c@x.example"), ("", "d@x.example")],
        ),
        ("(nested (comment) here) d@x.example", [("nested (comment) here", "d@x.example")]),
        ("d@x.example (left open", [("left open", "d@x.example")]),
        ("alex", [("", "alex")]),
        ("@x.example, x@, <>, ()", []),
        ('"john doe"@x.example', [("", '"johndoe"@x.example')]),
    ],
)
def test_address_lists_in_one_pass(value: str, expected: list[tuple[str, str]]) -> None:
    assert addresses(value) == expected


def test_comments_nested_thousands_deep_are_counted_not_recursed() -> None:
    value = "(" * 5000 + ")" * 5000 + " d@x.example, " + "(" * 5000 + " e@x.example"
    assert [a for _, a in addresses(value)] == ["d@x.example"]


def test_an_address_field_gives_at_most_max_addresses_mailboxes() -> None:
    value = ", ".join(f"p{i}@x.example" for i in range(MAX_ADDRESSES + 50))
    found = addresses(value)
    assert len(found) == MAX_ADDRESSES
    assert found[-1] == ("", f"p{MAX_ADDRESSES - 1}@x.example")


NAMES = st.sampled_from(
    [
        "Dana Reyes",
        '"Reyes, Dana"',
        "=?utf-8?q?Luc=C3=ADa?=",
        "Dr. Sam Ito",
        "",
        "O'Brien",
        '"Acme @ x"',
        "Dana (Northwind)",
    ]
)
ADDRESSES = st.sampled_from(
    [
        "dana@northwind.example",
        "Sam.Ito@NorthWind.example",
        "acme+autoreply@talent.icims.com",
        '"john doe"@x.example',
    ]
)


@st.composite
def mailbox(draw: st.DrawFn) -> str:
    name, address = draw(NAMES), draw(ADDRESSES)
    shape = draw(st.sampled_from(["name", "bare", "comment", "angle"]))
    if shape == "name" and name:
        return f"{name} <{address}>"
    if shape == "comment":
        return f"{address} (work)"
    return f"<{address}>" if shape == "angle" else address


def getaddresses(value: str) -> list[tuple[str, str]]:
    """What email.utils.getaddresses made of an address field (the previous reader), read as
    Python 3.11.7 reads it: later releases refuse some lists unless told strict=False."""
    strict = (
        {"strict": False}
        if "strict" in inspect.signature(email.utils.getaddresses).parameters
        else {}
    )
    found = []
    for name, address in email.utils.getaddresses([value], **strict):
        address = "".join(address.split()).strip("<>").lower()
        if address:
            found.append((" ".join(decode_header_text(name).split()).strip("\"' "), address))
    return found


@FUZZ
@given(st.lists(mailbox(), min_size=1, max_size=4), st.booleans())
def test_ordinary_address_lists_read_as_getaddresses_reads_them(
    mailboxes: list[str], group: bool
) -> None:
    value = ", ".join(mailboxes)
    value = f"Group: {value};" if group else value
    assert addresses(value) == getaddresses(value)


PLAIN_NAMES = st.sampled_from(
    ["", "Dana", "Dana  Reyes", "Dr. Sam O'Brien", '"Dana R."', '""', '" Dana "', "=?utf-8?q?L?="]
)
PLAIN_ADDRESSES = st.sampled_from(
    ["dana@northwind.example", "Sam.Ito@NorthWind.example", "a+b@x.example.", "x@y"]
)
NOISE = st.sampled_from(["", "", "", " ", "(work)", "\\", '"', "<", ">", "@", ";", ":", "é", ","])


@st.composite
def plain_field(draw: st.DrawFn) -> str:
    """Address fields of plain mailboxes, now and then spoiled by a character that makes them
    something else."""
    mailboxes = []
    for _ in range(draw(st.integers(1, 3))):
        name, address = draw(PLAIN_NAMES), draw(PLAIN_ADDRESSES)
        space = draw(st.sampled_from(["", " ", "  "]))
        angle = draw(st.booleans())
        mailbox = f"{name}{space}<{address}>" if angle else f"{space}{address}{space}"
        at = draw(st.integers(0, len(mailbox)))
        mailboxes.append(mailbox[:at] + draw(NOISE) + mailbox[at:])
    return ",".join(mailboxes)


@FUZZ
@given(plain_field())
def test_plain_mailboxes_read_as_the_full_reading_reads_them(value: str) -> None:
    """The shortcut for fields of plain mailboxes ("Name <a@b>", "a@b", '"Name" <a@b>')
    gives what the full reading gives, and leaves every other field to it."""
    plain = mail_module._plain_mailboxes(value)
    full = mail_module._addresses([value])
    try:
        mail_module._plain_mailboxes = lambda value: None  # type: ignore[assignment]
        assert mail_module._addresses([value]) == full
    finally:
        mail_module._plain_mailboxes = PLAIN
    if plain is not None:
        assert [a.address for a in full] == ["".join(a.split()).lower() for _, a in plain]


PLAIN = mail_module._plain_mailboxes


def test_the_usual_fields_are_plain() -> None:
    for value in (
        "Dana Reyes <dana@northwind.example>",
        "dana@northwind.example",
        '"Dana Reyes" <dana@northwind.example>, <sam@northwind.example>',
    ):
        assert PLAIN(value) is not None, value
    for value in ('"Reyes, Dana" <d@x.example>', "Acme @ icims <a@b.example>", "d@x (Dana)"):
        assert PLAIN(value) is None, value


# RFC 2047


_OLD_ENCODED_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?(.*?)\?=")


def old_decode_header_text(value: str) -> str:
    """The previous decoder: the same rules through one regular expression, whose ".*?" scans
    to the end of the value for every unterminated word (quadratic time)."""
    from watcher.mail import _unbase64, _unquote

    pieces: list[tuple[str, str | bytes]] = []
    position = 0
    for match in _OLD_ENCODED_WORD.finditer(value):
        gap = value[position : match.start()]
        after_word = bool(pieces) and isinstance(pieces[-1][1], bytes)
        if gap and not (after_word and gap.isspace()):
            pieces.append(("", gap))
        charset = match.group(1).partition("*")[0].lower() or "utf-8"
        data = match.group(3).encode("ascii", "replace")
        decoded = _unbase64(data) if match.group(2) in "bB" else _unquote(data, header=True)
        last = pieces[-1] if pieces else ("", "")
        if isinstance(last[1], bytes) and last[0] == charset:
            pieces[-1] = (charset, last[1] + decoded)
        else:
            pieces.append((charset, decoded))
        position = match.end()
    pieces.append(("", value[position:]))
    return "".join(
        part if isinstance(part, str) else decode_bytes(part, charset) for charset, part in pieces
    )


WORD_PIECES = st.sampled_from(
    [
        "=?utf-8?q?",
        "=?UTF-8?B?",
        "?=",
        "=?",
        "?",
        "=",
        "abc",
        "=C3",
        "=A9",
        " ",
        "\t",
        "\n",
        "SGVsbG8",
        "=?iso-8859-1?q?",
        "caf=E9",
        "_",
        "*en",
        "=?x?q?",
        "a b",
        "é",
        "==",
        "?b?",
    ]
)


@FUZZ
@given(st.lists(WORD_PIECES, max_size=16).map("".join))
def test_encoded_words_decode_as_the_previous_pattern_did(value: str) -> None:
    assert decode_header_text(value) == old_decode_header_text(value)


@pytest.mark.parametrize(
    ("value", "decoded"),
    [
        ("=?utf-8?q?a " * 3, "=?utf-8?q?a " * 3),
        ("=?utf-8?q?a\n?=", "=?utf-8?q?a\n?="),
        ("=?utf-8?q?a?= =?utf-8?q?b", "a =?utf-8?q?b"),
        ("=?utf-8?q?=C3?= x =?utf-8?q?=A9?=", "\ufffd x \ufffd"),
    ],
)
def test_unterminated_and_interrupted_encoded_words(value: str, decoded: str) -> None:
    assert decode_header_text(value) == decoded


# HTML


class ReferenceHtml(HTMLParser):
    """The previous html_to_text, on html.parser.HTMLParser (which rescans unfinished tags)."""

    SKIP = frozenset({"script", "style", "title", "noscript", "template", "head"})
    PARAGRAPH = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "hr"}
    )
    LINE = frozenset(
        {"br", "div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "nav"}
        | {"address", "center", "form", "fieldset", "main", "aside", "figure", "dl"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str | int] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping.append(tag)
        elif tag == "body":
            self.skipping.clear()
        self.split(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.split(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        self.split(tag)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(re.sub(r"\s+", " ", data))

    def split(self, tag: str) -> None:
        if tag in self.PARAGRAPH:
            self.chunks.append(2)
        elif tag in self.LINE:
            self.chunks.append(1)
        elif tag in ("td", "th"):
            self.chunks.append(" ")

    def text(self) -> str:
        out: list[str] = []
        pending = 0
        for chunk in self.chunks:
            if isinstance(chunk, int):
                pending = max(pending, chunk)
            elif chunk.strip():
                if pending and out:
                    out.append("\n" * pending)
                pending = 0
                out.append(chunk)
            elif not pending:
                out.append(chunk)
        lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
        return "\n".join(lines).strip()


def reference_html_to_text(html: str) -> str:
    parser = ReferenceHtml()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError, IndexError):
        pass
    return parser.text()


TAGS = [
    "p",
    "b",
    "div",
    "br",
    "td",
    "tr",
    "table",
    "li",
    "script",
    "style",
    "title",
    "head",
    "body",
    "span",
    "a",
    "h1",
    "noscript",
    "pre",
]
MARKUP = st.one_of(
    st.sampled_from(
        [
            "Hello",
            " world ",
            "&amp;",
            "&nbsp;",
            "caf&eacute;",
            "\n",
            "x<y",
            "a > b",
            "&#8211;",
            "&unknown;",
            "<",
            "&",
            "<!-- c -->",
            "<!DOCTYPE html>",
            "<![CDATA[x]]>",
            "<![if !mso]>",
            "<?xml v?>",
            "</ >",
            "<!x>",
            "<!-- open",
            "<a href='open",
            '<a title="a>b">',
            '<a href="x" onclick=\'f("<")\'>',
            "<p a=b/c>",
            "&#99999999999;",
            "<![]",
            "<![foo[x]]>",
            "]]>",
            "-->",
        ]
    ),
    st.builds(lambda t: f"<{t}>", st.sampled_from(TAGS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.builds(lambda t: f"<{t} class='x' id=\"y\" data-x=z>", st.sampled_from(TAGS)),
    st.builds(lambda t: f"<{t}/>", st.sampled_from(TAGS)),
    st.text(alphabet="<>!-/'\"=ab &#;[]?\n", max_size=12),
)


# A document whose end holds no ">": only start tags (and marked sections, which can stop
# HTMLParser) may still end there, and the reader skips ahead to them.
NO_CLOSE = st.text(alphabet="<!-/[]?ab'\" =&#;\n", max_size=30)


@pytest.mark.skipif(
    sys.version_info[:2] != (3, 11),
    reason="the reader follows Python 3.11's HTMLParser; later ones read broken markup otherwise",
)
@settings(max_examples=1500, deadline=None, database=None)
@given(
    st.one_of(
        st.lists(MARKUP, max_size=30).map("".join),
        st.tuples(st.lists(MARKUP, max_size=8).map("".join), NO_CLOSE).map("".join),
    )
)
def test_html_reads_as_htmlparser_reads_it(html: str) -> None:
    assert html_to_text(html) == reference_html_to_text(html)


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="HTMLParser of Python 3.11")
@pytest.mark.parametrize(
    "html",
    [
        "a<!--p<![]x",
        "a</b <![]x",
        "a<?x <![foo[x",
        "a<!doctype <![if x] b",
        "a<!-- <b c",
        "x<!--<p",
    ],
)
def test_with_no_closing_angle_left_markup_reads_as_htmlparser_reads_it(html: str) -> None:
    assert html_to_text(html) == reference_html_to_text(html)


@pytest.mark.parametrize(
    "unit",
    [
        "<a href='",
        '<a href="x',
        "<!--",
        "</",
        "<![CDATA[",
        "<!doctype",
        "<?xml",
        "<div><p>",
        "<p a='1' b=\"",
        "<script>",
        "<a x=' y=\" z=' ",
        "<",
        "<a <a <a b='",
        "<title>",
        "<p>a",
    ],
)
def test_hostile_html_is_read_and_keeps_its_text(unit: str) -> None:
    text = html_to_text("<p>Hello</p>" + unit * (200_000 // len(unit)) + "<p>end")
    assert text.startswith("Hello")


def test_a_huge_decimal_character_reference_is_no_character() -> None:
    assert html_to_text("a &#" + "9" * 5000 + "; b &#" + "0" * 5000 + "65;") == "a \ufffd b A"


# MIME


def reference_split(data: bytes) -> tuple[str, tuple[RawPart, ...]]:
    """The previous split_message, on the email package's parser (which recurses on nesting):
    the top-level type and the text leaves, with folded parameter values unfolded."""

    def leaves(part: email.message.Message) -> Iterator[email.message.Message]:
        if part.is_multipart():
            if part.get_content_maintype() == "message":
                return
            for child in part.get_payload():
                if isinstance(child, email.message.Message):
                    yield from leaves(child)
        else:
            yield part

    def unfolded(text: str) -> str:
        return text.replace("\r", "").replace("\n", "")

    root = email.message_from_bytes(data, policy=email.policy.compat32)
    found = []
    for leaf in leaves(root):
        kind = leaf.get_content_type()
        if kind not in ("text/plain", "text/html", "text/calendar"):
            continue
        if leaf.get_content_disposition() == "attachment" and kind != "text/calendar":
            continue
        payload = getattr(leaf, "_payload", "")
        params = tuple(
            (str(k).lower(), unfolded(str(email.utils.collapse_rfc2231_value(v))))
            for k, v in (leaf.get_params() or [])[1:]
        )
        encoding = str(leaf.get("Content-Transfer-Encoding", ""))
        found.append(
            RawPart(
                content_type=unfolded(kind),
                payload=payload.encode("ascii", "surrogateescape"),
                charset=dict(params).get("charset", "").strip().lower(),
                encoding=unfolded(encoding.partition(";")[0].strip().lower()),
                params=params,
            )
        )
    return unfolded(root.get_content_type()), tuple(found)


MIME_LINES = st.sampled_from(
    [
        b"Date: Tue, 24 Nov 2026 09:12:44 -0800\n",
        b"Content-Type: multipart/mixed; boundary=b\n",
        b'Content-Type: multipart/alternative; boundary="c"\n',
        b"\n",
        b"\r\n",
        b"--b\n",
        b"--b--\n",
        b"--c\n",
        b"--c--\n",
        b"--b \t\n",
        b"Content-Type: text/plain; charset=utf-8\n",
        b"Content-Transfer-Encoding: base64\n",
        b"Content-Type: message/rfc822\n",
        b"Content-Disposition: attachment\n",
        b"Content-Type: text/calendar; method=REQUEST\n",
        b"BEGIN:VCALENDAR\n",
        b"text line\n",
        b"Content-Type: text/html\n",
        b"X: y\n",
        b"Content-Type: multipart/digest; boundary=d\n",
        b"--d\n",
        b" folded\n",
        b"Content-Type: text/plain; name*0=a; name*1=b; charset*=utf-8''x\n",
        b"--b\r",
        b"x\r",
    ]
)


@FUZZ
@given(st.lists(MIME_LINES, max_size=30).map(b"".join))
def test_mime_is_cut_as_the_email_package_cuts_it(data: bytes) -> None:
    cut = split_message(data, "INBOX", 1, None)
    assert (cut.content_type, cut.parts) == reference_split(data)


def test_a_multipart_of_nothing_but_delimiters() -> None:
    body = b"--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n" + b"--b\r\n" * 200_000
    data = DATE.encode() + b"\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" + body
    assert [p.payload for p in split_message(data, "INBOX", 1, None).parts] == [b"hello", b""]


# Caps


def test_a_header_block_past_the_cap_is_cut_and_still_read() -> None:
    subject = "Subject: " + "word " * 40_000
    message = parse(headed(subject, "To: dana@x.example"), "a")
    assert message.subject.startswith("word word")
    assert len(message.subject) == MAX_SUBJECT_CHARS
    assert message.to == ()  # beyond the cap
    assert len(header_block(("X: " + "x" * 200_000 + "\r\n\r\n").encode())) == MAX_HEADER_BYTES
    with pytest.raises(MalformedMessage):
        parse(
            RawMessage("INBOX", 1, None, b"X-Junk: " + b"x" * 200_000 + b"\r\n" + DATE.encode()),
            "a",
        )


def test_a_field_value_is_read_up_to_the_cap() -> None:
    references = " ".join(f"<id{i}@x.example>" for i in range(4000))
    message = parse(headed(f"References: {references}"), "a")
    assert 0 < len(message.references) < 4000
    assert sum(len(i) + 3 for i in message.references) <= MAX_FIELD_CHARS


def test_text_parts_are_read_up_to_the_caps() -> None:
    parts = [RawPart("text/plain", b"x" * (MAX_PART_BYTES + 10), "utf-8") for _ in range(6)]
    message = RawMessage("INBOX", 1, None, (DATE + "\r\n\r\n").encode(), tuple(parts))
    assert parse(message, "a", max_text=10**9).text.count("x") == MAX_TEXT_BYTES
    many = b"\r\n".join(b"--b\r\nContent-Type: text/plain\r\n\r\np%d" % i for i in range(2000))
    data = DATE.encode() + b"\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" + many
    assert len(split_message(data, "INBOX", 1, None).parts) == MAX_PARTS - 1


def test_calendars_are_read_up_to_the_cap() -> None:
    calendar = (
        "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:u\r\n"
        "DTSTART:20261201T150000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    padded = "X-PAD:" + "x" * MAX_CALENDAR_CHARS + "\r\n" + calendar
    for text, found in ((calendar, True), (padded, False)):
        part = RawPart("text/calendar", text.encode(), "utf-8")
        message = RawMessage("INBOX", 1, None, (DATE + "\r\n\r\n").encode(), (part,))
        assert (parse(message, "a").invite is not None) is found


def test_subjects_are_cut_with_an_ellipsis() -> None:
    long = "Interview " * 200
    assert parse(headed(f"Subject: {long}"), "a").subject == f"{long[:999].rstrip()}…"
    reply = reply_subject(long)
    assert reply.startswith("Re: Interview") and reply.endswith("…")
    assert len(reply) == MAX_SUBJECT_CHARS
    assert reply_subject(reply) == reply


def test_a_draft_leaves_out_a_message_id_too_long_for_a_header_line() -> None:
    long_id = "a" * 1000 + "@x.example"
    draft = Draft(
        ActionKind.FOLLOW_UP,
        (Person("Dana", "d@x.example"),),
        "Hi",
        "Hello",
        in_reply_to=long_id,
        references=(long_id, "ok@x.example"),
    )
    data = compose_draft(
        draft,
        sender=Address("Alex", "alex@example.com"),
        date=parse(headed(), "a").date,
        message_id="m@x.example",
    )
    assert b"In-Reply-To" not in data
    assert b"References: <ok@x.example>" in data
    assert max(len(line) for line in data.split(b"\r\n")) <= 998


@pytest.mark.parametrize(
    ("value", "params"),
    [
        ("text/plain; charset=utf-8; format=flowed", (("charset", "utf-8"), ("format", "flowed"))),
        (
            'text/calendar; method="REQUEST"; name="a;b.ics"',
            (("method", "REQUEST"), ("name", "a;b.ics")),
        ),
        (
            "text/plain; name*0*=utf-8''Gr%C3%BC%C3%9Fe; name*1=.txt; charset=us-ascii",
            (("charset", "us-ascii"), ("name", "Grüße.txt")),
        ),
        ("text/plain; name*=iso-8859-1'fr'caf%E9", (("name", "café"),)),
        ('text/plain; charset="' + ";a=b" * 5000, (("charset", ";a=b" * 3000),)),
    ],
)
def test_content_type_parameters(value: str, params: tuple[tuple[str, str], ...]) -> None:
    found = content_type_params(value)
    if len(value) > MAX_FIELD_CHARS:
        assert found[0][0] == "charset" and len(found) == 1
        return
    assert found == params
    data = f"{DATE}\r\nContent-Type: {value}\r\n\r\nbody".encode()
    assert split_message(data, "INBOX", 1, None).parts[0].params == params
