"""The invitations corpus (tests/data/invites/) holds what the issue asks of it, and its two
parts were written apart: no shared author, id or Message-ID. Only counts are read here."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest

from tests.invites import ROOT, CorpusError, Item, load, load_file


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


def test_a_mailbox_whose_dates_run_backwards_is_refused(tmp_path: Path) -> None:
    def message(ident: str, date: str) -> str:
        return (
            f'[[message]]\nid = "{ident}"\nlang = "en"\nsource = "text"\nexpect = "nothing"\n'
            f"raw = '''\nFrom: Rita Ray <rita@northwind.example>\nTo: alex@candidate.example\n"
            f"Subject: Hello\nDate: {date}\nMessage-ID: <{ident}@northwind.example>\n"
            "X-Watcher-Test: synthetic\n\nSynthetic.\n'''\n"
        )

    head = (
        '[meta]\nauthor = "invites-test"\nsynthetic = true\n'
        'user = "Alex Example <alex@candidate.example>"\ntimezone = "Europe/Berlin"\n'
    )
    path = tmp_path / "invites-test-01.toml"
    # 09:00 +0100 is 08:00 UTC: later on the clock face, earlier in fact
    path.write_text(
        head
        + message("it-001", "Tue, 01 Dec 2026 08:30:00 +0000")
        + message("it-002", "Tue, 01 Dec 2026 09:00:00 +0100")
    )
    with pytest.raises(CorpusError, match="it-002: Date is earlier than that of it-001"):
        load_file(path)
    path.write_text(
        head
        + message("it-001", "Tue, 01 Dec 2026 08:30:00 +0000")
        + message("it-002", "Tue, 01 Dec 2026 09:31:00 +0100")
    )
    assert [item.id for item in load_file(path)] == ["it-001", "it-002"]
