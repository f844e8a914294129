"""Tests of watcher.mail's one-pass readers: address lists, RFC 2047 words and HTML, each
against what the code they replaced (email.utils.getaddresses, a regular expression,
html.parser.HTMLParser) gives on ordinary input. All data is synthetic.
"""

from __future__ import annotations

import email
import email.utils
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.mail import (
    MAX_ADDRESSES,
    decode_bytes,
    decode_header_text,
    html_to_text,
    parse,
)
from watcher.models import RawMessage, RawPart

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
    """What email.utils.getaddresses made of an address field (the previous reader)."""
    found = []
    for name, address in email.utils.getaddresses([value]):
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
        ]
    ),
    st.builds(lambda t: f"<{t}>", st.sampled_from(TAGS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.builds(lambda t: f"<{t} class='x' id=\"y\" data-x=z>", st.sampled_from(TAGS)),
    st.builds(lambda t: f"<{t}/>", st.sampled_from(TAGS)),
    st.text(alphabet="<>!-/'\"=ab &#;[]?\n", max_size=12),
)


@FUZZ
@given(st.lists(MARKUP, max_size=30).map("".join))
def test_html_reads_as_htmlparser_reads_it(html: str) -> None:
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
