"""Tests of watcher.mail's one-pass readers: address lists and RFC 2047 words, each against
what the code they replaced (email.utils.getaddresses, a regular expression) gives on ordinary
input. All data is synthetic.
"""

from __future__ import annotations

import email
import email.utils
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.mail import (
    MAX_ADDRESSES,
    decode_bytes,
    decode_header_text,
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
