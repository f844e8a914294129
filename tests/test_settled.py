"""The header decision (:meth:`watcher.matching.Candidates.settled`) over the judgment corpus's
training part and the test fixtures: mail it settles from its cheap headers (its body is then
never fetched nor read) is no reply by its label, and is read the same from those headers as
from the whole message. The held-out part is never read here."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.judgment import ROOT as JUDGMENT
from tests.judgment import load_file
from watcher import classify, matching
from watcher.backends.base import CHEAP_HEADERS, SearchTerms
from watcher.lexicon import load_lexicon
from watcher.mail import header_block, parse, split_message
from watcher.models import Interview, Message, Person, PersonRole, RawMessage, Timeline
from watcher.record import replace

LEXICON = load_lexicon()
FIXTURES = Path(__file__).resolve().parent / "data" / "mail"
FIXTURE_KINDS = {"bulk": "none", "bounce": "none"}
"""The fixtures' kinds as the corpus labels them (the user's own mail is left out)."""
CHEAP = {name.lower() for name in CHEAP_HEADERS}


@dataclass(frozen=True)
class Case:
    """One labeled message: where it comes from, its label, the whole message and the one
    parsed from its cheap headers, and what the check would know (interviews, own address)."""

    name: str
    kind: str
    whole: Message
    head: Message
    timelines: tuple[Timeline, ...]
    own: tuple[str, ...]


def cheap_headers(data: bytes) -> bytes:
    """The header block as an IMAP ``BODY.PEEK[HEADER.FIELDS (...)]`` of :data:`CHEAP_HEADERS`
    gives it: those fields alone, in their order, then the blank line."""
    lines = re.findall(rb"[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*", header_block(data))
    kept = [line for line in lines if line.split(b":")[0].strip().decode().lower() in CHEAP]
    return b"".join(kept) + b"\r\n"


def case(
    name: str, kind: str, data: bytes, uid: int, timelines: Sequence[Timeline], own: str
) -> Case:
    whole = parse(split_message(data, "INBOX", uid, None), "corpus")
    head = parse(RawMessage("INBOX", uid, None, cheap_headers(data), (), ""), "corpus")
    return Case(name, kind, whole, head, tuple(timelines), (own,))


def training_cases() -> list[Case]:
    cases = []
    for path in sorted((JUDGMENT / "train").glob("*.toml")):
        entries = tomllib.loads(path.read_text(encoding="utf-8"))["message"]
        items = load_file(path, "train")
        assert [item.id for item in items] == [entry["id"] for entry in entries]
        for number, (item, entry) in enumerate(zip(items, entries, strict=True), start=1):
            text = entry["raw"].lstrip("\n").replace("\r\n", "\n").replace("\n", "\r\n")
            data = text.encode("utf-8")
            world = item.world
            cases.append(
                case(item.id, item.kind, data, number, world.timelines, world.user.address)
            )
            assert cases[-1].whole == item.message  # read as the corpus reads it
    return cases


def fixture_cases() -> list[Case]:
    expected = tomllib.loads((FIXTURES / "expected.toml").read_text(encoding="utf-8"))
    own = expected["scenario"]["user"].rpartition("<")[2].rstrip(">")
    timelines = []
    for entry in expected["interviews"]:
        interview = Interview(
            id=entry["id"],
            company=entry["company"],
            role=entry["role"],
            at=entry["at"],
            interviewers=tuple(Person(p["name"], p["address"]) for p in entry["interviewers"]),
            contacts=tuple(
                Person(p["name"], p["address"], PersonRole.CONTACT) for p in entry["contacts"]
            ),
            domains=tuple(entry["domains"]),
        )
        timelines.append(Timeline(interview, ()))
    cases = []
    for uid, (name, facts) in enumerate(sorted(expected["files"].items()), start=1):
        if facts.get("malformed") or facts["folder"] != "INBOX":
            continue
        kind = FIXTURE_KINDS.get(facts["kind"], facts["kind"])
        cases.append(case(name, kind, (FIXTURES / name).read_bytes(), uid, timelines, own))
    return cases


CASES = training_cases() + fixture_cases()


def settled(item: Case) -> bool:
    """Whether a check would settle the message from its cheap headers: a candidate that the
    header decision settles."""
    candidates = matching.Candidates(item.timelines, LEXICON, item.own)
    return candidates.reason(item.head) is not None and candidates.settled(item.head)


SETTLED = [item for item in CASES if settled(item)]


def test_the_corpus_is_all_here() -> None:
    written = sum(
        len(tomllib.loads(path.read_text(encoding="utf-8"))["message"])
        for path in (JUDGMENT / "train").glob("*.toml")
    )
    assert written >= 2386  # it only grows
    assert len(CASES) == written + 20  # the fixtures less the two sent and the one without a Date
    assert len({item.name for item in CASES}) == len(CASES)


def test_no_message_whose_label_is_a_reply_kind_is_settled() -> None:
    replies = [f"{item.name} ({item.kind})" for item in SETTLED if item.kind != "none"]
    assert replies == []


def test_the_decision_settles_list_mail_of_the_companies_themselves() -> None:
    """The test above bites: a share of the corpus's non-replies from the tracked companies'
    own domains is settled (shop receipts, newsletters, account alerts), the fixtures'
    newsletter among them."""
    names = {item.name for item in SETTLED}
    assert "06-northwind-newsletter.eml" in names
    assert len(SETTLED) >= 60, len(SETTLED)


@pytest.mark.parametrize("item", SETTLED, ids=lambda item: item.name)
def test_a_settled_message_is_read_from_its_headers_as_from_the_whole(item: Case) -> None:
    """Its body aside, the message parsed from its cheap headers is the whole message; the
    interview it ties to and what it means are the same whichever of the two is read."""
    assert item.head == replace(item.whole, text="", invite=None)
    timelines, own = list(item.timelines), item.own
    assert matching.match(item.head, timelines, LEXICON, own) == matching.match(
        item.whole, timelines, LEXICON, own
    )
    from_headers = classify.classify(item.head, LEXICON)
    assert from_headers == classify.classify(item.whole, LEXICON)
    assert from_headers.kind is None


def test_the_choice_hands_settled_mail_over_and_reads_the_rest_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through :meth:`SearchTerms.choose`: the newsletter of a tracked company goes to the
    settle hook; when the header decision breaks on a block, that block is chosen like any
    candidate (read whole) and the others go on."""
    newsletter = next(item for item in CASES if item.name == "06-northwind-newsletter.eml")
    data = (FIXTURES / newsletter.name).read_bytes()
    head = RawMessage("INBOX", 7, None, cheap_headers(data), (), "")
    candidates = matching.Candidates(newsletter.timelines, LEXICON, newsletter.own)
    settled: list[Message] = []
    terms = SearchTerms(date(2026, 11, 1), candidates, settle=settled.extend)
    assert terms.choose([head], "corpus") == {}
    assert [m.message_id for m in settled] == [newsletter.whole.message_id]

    def broken(self: matching.Candidates, message: Message) -> bool:
        raise RecursionError("a hostile header block")

    monkeypatch.setattr(matching.Candidates, "settled", broken)
    settled.clear()
    assert list(terms.choose([head], "corpus")) == [7]
    assert settled == []
