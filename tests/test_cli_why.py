"""`watcher why` and `watcher track heard --message` through ``cli.main``, on a store that holds
judgments (no mailbox: the end-to-end tests with Dovecot and the Gmail test server are in
tests/integration/test_why.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.test_cli import CONFIG, NORTHWIND, NOW, Runner
from tests.test_cli import env as env  # the fixture
from watcher.models import Event, EventKind, Judgment, ReplyKind
from watcher.record import replace
from watcher.store import Store

AT = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
MID = "r.1@northwind.example"


def judged(interview: int, **changes: object) -> Judgment:
    base = Judgment(
        account="personal",
        folder="INBOX",
        uid=7,
        message_id=MID,
        date=AT,
        sender="Rita Recruiter <rita@northwind.example>",
        address="rita@northwind.example",
        subject="Next steps",
        thread=MID,
        interview_id=interview,
        match="person: the sender rita@northwind.example is contact Rita Recruiter",
        kind="rejection",
        counts_as_reply=True,
        evidence=(
            "person: the sender rita@northwind.example is contact Rita Recruiter",
            "rejection: 'other candidates whose'",
        ),
        judged_at=AT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def run(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Runner:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return Runner(env, config, tmp_path / "state" / "watcher.db", capsys)


@pytest.fixture
def misread(run: Runner) -> int:
    """Northwind, with Rita's next step recorded as a rejection by a check."""
    interview = run.add(*NORTHWIND)
    with Store.open(run.store) as store:
        store.add_event(
            Event(
                interview,
                EventKind.REPLY,
                AT,
                reply_kind=ReplyKind.REJECTION,
                sender="Rita Recruiter <rita@northwind.example>",
                message_id=MID,
                subject="Next steps",
                note="rejection: 'other candidates whose'",
                account="personal",
            )
        )
        store.add_judgments([judged(interview)])
    return interview


def test_why_explains_a_judged_message_in_text_and_json(run: Runner, misread: int) -> None:
    text = run.ok("why", f"<{MID}>").out
    assert f"<{MID}>" in text
    assert "fetched: yes (personal/INBOX)" in text
    assert f"interview: #{misread} Northwind (Data Engineer)" in text
    assert "kind: rejection" in text
    assert "counts as hearing back: yes" in text
    assert "- rejection: 'other candidates whose'" in text
    assert f"`watcher track heard {misread} --message {MID} --kind KIND`" in text
    value = run.ok("why", MID, "--json").json()
    assert {k: value[k] for k in ("message_id", "fetched", "interview", "kind")} == {
        "message_id": MID,
        "fetched": True,
        "interview": misread,
        "kind": "rejection",
    }
    assert value["counts_as_reply"] is True
    assert value["evidence"][1] == "rejection: 'other candidates whose'"
    assert value["corrected"] is False
    listed = run.ok("why", "--recent", "3", "--json").json()
    assert [item["message_id"] for item in listed] == [MID]


def test_why_recent_with_nothing_judged(run: Runner) -> None:
    run.add(*NORTHWIND)
    assert "No message judged yet" in run.ok("why", "--recent", "5").out
    assert run.ok("why", "--recent", "5", "--json").json() == []


def test_track_heard_message_replaces_the_event_and_why_says_so(run: Runner, misread: int) -> None:
    assert run.record(misread)["status"] == "rejected"
    fixed = run.ok(
        "track", "heard", str(misread), "--message", MID, "--kind", "next_step", "--now", NOW
    )
    assert "replacing the rejection" in fixed.out
    record = run.record(misread)
    assert record["status"] == "next_step"
    replies = [e for e in record["events"] if e["kind"] == "reply"]
    assert [(e["reply_kind"], e["message_id"]) for e in replies] == [("next_step", MID)]
    value = run.ok("why", MID, "--json").json()
    assert value["kind"] == "next_step"
    assert value["corrected"] is True
    assert value["evidence"] == [
        f"interview #{misread}, next_step: corrected by you on 2026-11-25 (watcher track heard)",
        "watcher had read it so: person: the sender rita@northwind.example is contact Rita "
        "Recruiter; rejection: 'other candidates whose'",
    ]
    # Corrected again: what watcher itself read is kept once.
    run.ok("track", "heard", str(misread), "--message", MID, "--kind", "offer", "--now", NOW)
    again = run.ok("why", MID, "--json").json()
    assert again["kind"] == "offer"
    assert again["evidence"][1] == value["evidence"][1]
    assert len(run.record(misread)["events"]) == 1


def test_track_heard_kind_none_removes_the_event(run: Runner, misread: int) -> None:
    other = run.add(
        "track", "add", "--company", "Acme", "--role", "SRE", "--at", "2026-11-23T10:00"
    )
    refused = run("track", "heard", str(other), "--message", MID, "--kind", "none")
    assert refused.code == 2
    assert f"recorded for interview #{misread}, not #{other}" in refused.err
    assert f"`watcher track heard {misread} --message {MID} --kind none`" in refused.err
    done = run.ok("track", "heard", str(misread), "--message", MID, "--kind", "none", "--now", NOW)
    assert "is not about interview" in done.out
    assert run.record(misread)["events"] == []
    assert run.record(misread)["status"] == "awaiting_reply"
    value = run.ok("why", MID, "--json").json()
    assert value["interview"] is None
    assert value["counts_as_reply"] is False


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("why",), "give a MESSAGE-ID, or --recent N"),
        (("why", MID, "--recent", "2"), "give a MESSAGE-ID, or --recent N"),
        (("why", "--recent", "0"), "--recent 0: give a number from 1 to 1000"),
        (("why", "<>"), "is not a Message-ID"),
        (("track", "heard", "1", "--kind", "none"), "name it with --message MESSAGE-ID"),
        (
            ("track", "heard", "1", "--message", MID, "--kind", "offer", "--from", "a@b.c"),
            "--from does not go with --message",
        ),
        (
            ("track", "heard", "9", "--message", MID, "--kind", "offer"),
            "there is no interview #9",
        ),
        (
            ("track", "heard", "1", "--message", "unknown@x", "--kind", "offer"),
            "watcher has never seen the message <unknown@x> and found it in no watched folder",
        ),
    ],
)
def test_errors_name_the_problem_and_the_fix(
    run: Runner, misread: int, args: tuple[str, ...], says: str
) -> None:
    result = run(*args)
    assert result.code != 0
    assert says in result.err
    assert "Traceback" not in result.err


def test_why_of_an_unknown_message_without_a_mailbox(run: Runner, misread: int) -> None:
    result = run("why", "unknown@x")
    assert result.code == 1
    assert "no mailbox is configured" in result.out


def test_the_users_own_mail_is_not_corrected_as_a_reply(run: Runner, misread: int) -> None:
    with Store.open(run.store) as store:
        own = judged(misread, uid=8, message_id="me@x", address="alex@example.com")
        store.add_judgments([own])
    text = run.config.read_text(encoding="utf-8")
    run.config.write_text(
        text + '\n[[accounts]]\nname = "personal"\nhost = "imap.example"\nusername = "alex"\n'
        'addresses = ["alex@example.com"]\npassword_command = "echo x"\n',
        encoding="utf-8",
    )
    result = run("track", "heard", str(misread), "--message", "me@x", "--kind", "offer")
    assert result.code == 2
    assert "is one you sent: `watcher track sent" in result.err
