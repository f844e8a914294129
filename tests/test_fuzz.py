"""Hostile mail through the whole pipeline: a seeded sample of tests/fuzz.py's inputs, then each
construction that once crashed it or took minutes, at full size. Everything here is synthetic.

The sample is a guard, with a time bound generous enough never to flake; bench/fuzz.py measures.
The hot spots assert a sane result (parsed, or MalformedMessage), never a time.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import fuzz
from watcher.classify import classify, classify_sent
from watcher.mail import (
    MAX_ADDRESSES,
    MAX_DEPTH,
    MAX_PART_BYTES,
    MAX_SUBJECT_CHARS,
    MalformedMessage,
    compose_draft,
    decode_header_text,
    parse,
    reply_subject,
    split_message,
)
from watcher.matching import match
from watcher.models import ActionKind, Address, Draft, Message, Person

SAMPLE = 300
SEED = 1
SECONDS = 2.0
DATE = b"Tue, 24 Nov 2026 09:12:44 -0800"


def message(*fields: tuple[str, bytes], body: bytes = b"Hello,\r\n", kind: bytes = b"") -> bytes:
    """A synthetic message with a Date, the given fields and a body (of type ``kind``)."""
    headers = [("Date", DATE), ("Message-ID", b"<hostile@x.example>"), *fields]
    if kind:
        headers.append(("Content-Type", kind))
    return fuzz.build(headers, body)


def pipeline(data: bytes) -> Message:
    """Cut and parse ``data``, then take it through the rest of the pipeline; return it."""
    parsed = parse(split_message(data, "INBOX", 1, None), "personal")
    assert fuzz.run_pipeline(data) == "parsed"
    return parsed


def test_a_seeded_sample_of_hostile_mail_neither_escapes_nor_stalls() -> None:
    escapes, slow = [], []
    for case in fuzz.cases(SEED, SAMPLE, largest=300_000):
        outcome = fuzz.check(case)
        where = f"#{outcome.number} {'+'.join(outcome.mutations)} ({outcome.size:,} B)"
        if outcome.result == "escaped":
            escapes.append(f"{where}: {outcome.error}\n{outcome.trace}")
        if outcome.seconds > SECONDS:
            slow.append(f"{where}: {outcome.seconds:.2f} s")
    assert escapes == []
    assert slow == []


def test_the_same_seed_gives_the_same_inputs() -> None:
    first = [(c.mutations, c.data) for c in fuzz.cases(SEED, 20, largest=10_000)]
    assert first == [(c.mutations, c.data) for c in fuzz.cases(SEED, 20, largest=10_000)]
    assert first != [(c.mutations, c.data) for c in fuzz.cases(SEED + 1, 20, largest=10_000)]


@pytest.mark.parametrize("name", ["From", "To", "Cc", "Reply-To", "Auto-Submitted"])
def test_500_open_parentheses_in_a_field(name: str) -> None:
    parsed = pipeline(message((name, b"(" * 500)))
    assert (parsed.sender, parsed.to, parsed.cc, parsed.reply_to) == (None, (), (), ())


def test_a_comment_left_open_before_the_address_swallows_the_rest() -> None:
    parsed = pipeline(message(("From", b"Dana " + b"(" * 500 + b" <dana@northwind.example>")))
    assert parsed.sender == Address("", "dana")


def test_300_kb_of_html_attribute_quotes_without_an_end() -> None:
    html = b"<html><body><p>Hello</p>" + b"<a href='" * 33_334
    parsed = pipeline(message(body=html, kind=b"text/html; charset=utf-8"))
    # HTMLParser reads an unfinished start tag as text, and so does this reader.
    assert parsed.text.startswith("Hello\n\n<a href='<a href='")
    assert len(parsed.text) == 20_000


@pytest.mark.parametrize(
    "value", [b"<@" * 50_000, b"<" * 50_000 + b"@" * 50_000, b"@<" * 50_000, b'<"@' * 33_334]
)
def test_100_kb_of_angle_brackets_and_at_signs_in_from(value: bytes) -> None:
    parsed = pipeline(message(("From", value), ("To", value)))
    assert parsed.sender is None
    assert len(parsed.to) <= MAX_ADDRESSES


@pytest.mark.parametrize(
    "unit",
    [b"=?utf-8?q?abc=C3=A9?= ", b"=?utf-8?q?abc ", b"=?utf-8?b?SGVsbG8?=", b"=?utf-8?q?"],
)
def test_300_kb_of_encoded_words_in_a_subject(unit: bytes) -> None:
    parsed = pipeline(message(("Subject", unit * (300_000 // len(unit)))))
    start = decode_header_text((unit * 8).decode())[:20]
    assert parsed.subject.startswith(start)
    assert len(parsed.subject) == MAX_SUBJECT_CHARS
    assert parsed.subject.endswith("…")


@pytest.mark.parametrize("subject", ["x " * 1_500_000, "é" * 3_000_000, " " * 3_000_000 + "x"])
def test_a_3_mb_reply_subject(subject: str) -> None:
    draft = Draft(ActionKind.FOLLOW_UP, (Person("Dana", "dana@northwind.example"),), "x", "Hi")
    words = " ".join(subject.split())
    cut = words if len(words) <= MAX_SUBJECT_CHARS else f"{words[: MAX_SUBJECT_CHARS - 1]}…"
    reply = reply_subject(subject)
    assert len(reply) <= MAX_SUBJECT_CHARS
    assert reply.startswith(f"Re: {words[:100]}")
    for chosen, expected in ((reply, reply), (subject, cut)):
        data = compose_draft(
            draft,
            sender=Address("Alex Example", "alex@example.com"),
            date=fuzz.NOW,
            message_id="draft.1@example.com",
            subject=chosen,
        )
        assert parse(split_message(data, "Drafts", 1, None), "personal").subject == expected


def nested(depth: int, text: bytes = b"Deep down.") -> bytes:
    """A message whose text part lies inside ``depth`` nested multiparts, all closed."""
    opening = b"".join(
        b"--n%d\r\nContent-Type: multipart/mixed; boundary=n%d\r\n\r\n" % (i, i + 1)
        for i in range(depth - 1)
    )
    inner = b"--n%d\r\nContent-Type: text/plain\r\n\r\n%s\r\n" % (depth - 1, text)
    closing = b"".join(b"--n%d--\r\n" % i for i in range(depth - 1, -1, -1))
    return message(body=opening + inner + closing, kind=b"multipart/mixed; boundary=n0")


def test_multiparts_nested_2000_deep() -> None:
    assert pipeline(nested(2000)).text == ""  # the text lies deeper than MAX_DEPTH


def test_multiparts_nested_as_deep_as_the_cap_are_read() -> None:
    assert pipeline(nested(MAX_DEPTH)).text == "Deep down."
    assert pipeline(nested(MAX_DEPTH + 1)).text == ""


@pytest.mark.parametrize("unit", [b"x", b"word ", b"\r\n", b">  \r\n"])
@pytest.mark.parametrize("encoding", [b"7bit", b"base64", b"quoted-printable"])
def test_a_20_mb_text_part(unit: bytes, encoding: bytes) -> None:
    body = unit * (20_000_000 // len(unit))
    data = message(
        ("Content-Transfer-Encoding", encoding),
        body=body,
        kind=b"text/plain; charset=utf-8; format=flowed",
    )
    raw = split_message(data, "INBOX", 1, None)
    (part,) = raw.parts
    assert len(part.payload) == MAX_PART_BYTES
    assert len(pipeline(data).text) <= 20_000


@pytest.mark.parametrize(
    "fields",
    [
        [("From", b"no-reply@hire.lever.co"), ("Subject", b"Acme" + b"inc" * 700)],
        [("From", b"no-reply@hire.lever.co"), ("Subject", b"Acme " + b"inc " * 700)],
        [("From", b"acme" + b"corpjobs" * 100 + b"@myworkday.com")],
        [("From", b"Acme" + b"Labs" * 1000 + b" <no-reply@us.greenhouse-mail.io>")],
        [("From", b"no-reply@acme" + b"hr" * 1000 + b".teamtailor-mail.com")],
    ],
)
def test_a_company_glued_to_hundreds_of_suffix_words(fields: list[tuple[str, bytes]]) -> None:
    parsed = pipeline(message(*fields))
    found = match(parsed, fuzz.TIMELINES, fuzz.LEXICON, fuzz.OWN)
    assert found is None or found.evidence == "ats"


@pytest.mark.parametrize(
    "sender", [b"acmecorpjobs@myworkday.com", b"Acme Corp Recruiting <x@hire.lever.co>"]
)
def test_a_company_glued_to_a_few_suffix_words_is_still_named(sender: bytes) -> None:
    found = match(pipeline(message(("From", sender))), fuzz.TIMELINES, fuzz.LEXICON, fuzz.OWN)
    assert found is not None
    assert (found.interview_id, found.evidence) == (5, "ats")


@pytest.mark.parametrize(
    "value",
    [
        b"Acme Corp @ icims <acme+autoreply@talent.icims.com>",
        b"Acme Corp @ icims <acme+autoreply@talent.icims.com>, Sam <sam@northwind.example>",
        b'"Acme Corp @ icims" <acme+autoreply@talent.icims.com>',
    ],
)
def test_the_icims_sender_with_an_unquoted_at_in_its_name(value: bytes) -> None:
    parsed = pipeline(message(("From", value), ("To", value)))
    icims = Address("Acme Corp @ icims", "acme+autoreply@talent.icims.com")
    assert parsed.sender == icims
    assert parsed.to[0] == icims
    found = match(parsed, fuzz.TIMELINES, fuzz.LEXICON, fuzz.OWN)
    assert found is not None
    assert (found.interview_id, found.evidence) == (5, "ats")
    assert "display name" in found.detail


def test_a_message_without_a_date_is_still_only_malformed() -> None:
    data = fuzz.build([("From", b"(" * 500), ("Subject", b"=?utf-8?q?" * 30_000)], b"x")
    with pytest.raises(MalformedMessage):
        parse(split_message(data, "INBOX", 1, None), "personal")
    assert fuzz.run_pipeline(data) == "malformed"


def test_hostile_text_is_classified_like_any_other() -> None:
    text = b"On Mon wrote wrote " * 1000 + b"this week " * 2000 + b"a. " * 3000
    parsed = pipeline(message(("From", b"dana@northwind.example"), body=text))
    assert classify(parsed, fuzz.LEXICON).reason  # read like any other, to a verdict
    timeline = fuzz.TIMELINES[0]
    assert classify_sent(parsed, timeline, fuzz.LEXICON, thank_you_until=timedelta(days=2)) in (
        ActionKind.FOLLOW_UP,
        None,
    )


@pytest.mark.parametrize("name", list(fuzz.HOT_SPOTS))
def test_each_hot_spot_of_the_benchmark_is_parsed(name: str) -> None:
    data = fuzz.HOT_SPOTS[name]()
    assert fuzz.run_pipeline(data) == "parsed"
    if "icims" in name:
        assert fuzz.sender_of(data) == '"Acme Corp @ icims" <acme+autoreply@talent.icims.com>'
