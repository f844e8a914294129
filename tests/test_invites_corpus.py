"""The invitations corpus (tests/data/invites/) holds what the issue asks of it, and its two
parts were written apart: no shared author, id or Message-ID. Only counts are read here."""

from __future__ import annotations

import email
import email.policy
import re

from tests.invites import ROOT, Item, load


def _authors(part: str) -> set[str]:
    return {re.sub(r"-\d+\.toml$", "", path.name) for path in (ROOT / part).glob("*.toml")}


def test_the_corpus_has_both_parts_with_every_expectation() -> None:
    for part in ("train", "heldout"):
        items = load(ROOT / part)
        assert len(items) >= 60, part
        assert {item.expect for item in items} == {"interview", "reschedule", "cancel", "nothing"}
        zones = {
            item.interview.start.utcoffset()
            for item in items
            if item.interview is not None and item.interview.start is not None
        }
        assert len(zones) >= 5, part
        assert any(z is not None and z.total_seconds() % 3600 for z in zones), part  # half-hour
        assert len({item.lang for item in items}) >= 5, part


def test_the_parts_share_no_author_id_or_message_id() -> None:
    train, heldout = load(ROOT / "train"), load(ROOT / "heldout")
    assert not _authors("train") & _authors("heldout")
    assert not {i.id for i in train} & {i.id for i in heldout}

    def ids(items: list[Item]) -> set[str]:
        found = set()
        for item in items:
            message = email.message_from_bytes(item.raw, policy=email.policy.compat32)
            found.add(str(message["message-id"]).strip())
        return found

    assert not ids(train) & ids(heldout)
