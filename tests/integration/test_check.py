"""`watcher check` end to end against a real Dovecot holding a week of synthetic recruiter mail.

The corpus and what each message means are in tests/data/mail/ (expected.toml); the interviews
it assumes are created through the CLI, the mail is delivered over IMAP, and `cli.main` runs the
check. Every assertion reads real state: the CLI's JSON, the store through the CLI, and the
Drafts folder over IMAP.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import io
import json
import sqlite3
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cliresult import Result, home_env, run_cli
from tests.servers.dovecot import DovecotServer, MailUser, new_user
from tests.servers.gmail import GmailServer
from watcher import oauth

CORPUS = Path(__file__).resolve().parent.parent / "data" / "mail"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
FILES: dict[str, dict[str, Any]] = EXPECTED["files"]
NOW = "2026-11-28T12:00"  # a Saturday afternoon in Los Angeles, after the whole week of mail
NOT_RECORDED = {"bulk", "bounce"}


@dataclass
class World:
    """A configured watcher (its own config and store) and the mailbox it watches: a Dovecot
    user over IMAP, or the tests' Gmail-compatible server over the Gmail API."""

    config: Path
    env: dict[str, str]
    drafts_folder: str

    def run(self, *args: str, stdin: str = "") -> Result:
        return run_cli(["--config", str(self.config), *args], self.env, stdin=io.StringIO(stdin))

    def deliver(self, folder: str, data: bytes, when: datetime) -> None:
        raise NotImplementedError

    def drafts(self) -> list[tuple[bool, email.message.EmailMessage]]:
        """Return (flagged as a draft, message) for every message in Drafts."""
        raise NotImplementedError

    def unseen(self) -> int:
        """Return how many messages of the inbox are unread."""
        raise NotImplementedError

    def break_sign_in(self) -> str:
        """Make the account's credentials wrong; return what the error must mention."""
        raise NotImplementedError


@dataclass
class ImapWorld(World):
    server: DovecotServer
    user: MailUser

    def imap(self) -> imaplib.IMAP4:
        return self.server.connect(self.user.name)

    def deliver(self, folder: str, data: bytes, when: datetime) -> None:
        self.server.deliver(self.user.name, folder, data, when)

    def drafts(self) -> list[tuple[bool, email.message.EmailMessage]]:
        client = self.imap()
        try:
            client.select("Drafts", readonly=True)
            _typ, data = client.uid("SEARCH", "ALL")
            uids = data[0].split()
            found = []
            for uid in uids:
                _typ, parts = client.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
                flags = parts[0][0]
                raw = parts[0][1]
                message = email.message_from_bytes(raw, policy=email.policy.default)
                found.append((b"\\Draft" in flags, message))
            return found
        finally:
            client.logout()

    def unseen(self) -> int:
        client = self.imap()
        try:
            client.select("INBOX", readonly=True)
            _typ, data = client.uid("SEARCH", "UNSEEN")
            return len(data[0].split())
        finally:
            client.logout()

    def break_sign_in(self) -> str:
        text = self.config.read_text(encoding="utf-8")
        self.config.write_text(text.replace(self.user.password, "wrong-password"), "utf-8")
        return "wrong-password"


@dataclass
class GmailWorld(World):
    server: GmailServer

    def deliver(self, folder: str, data: bytes, when: datetime) -> None:
        labels = ("INBOX", "UNREAD") if folder == "INBOX" else ("SENT",)
        self.server.deliver(data, labels=labels, internal_date=when)

    def drafts(self) -> list[tuple[bool, email.message.EmailMessage]]:
        found = []
        for item in self.server.ids("DRAFT"):
            stored = self.server.message(item)
            message = email.message_from_bytes(stored.raw, policy=email.policy.default)
            found.append(("DRAFT" in stored.labels, message))
        return found

    def unseen(self) -> int:
        return sum("UNREAD" in self.server.message(i).labels for i in self.server.ids("INBOX"))

    def break_sign_in(self) -> str:
        info = json.loads(self.token_file.read_text(encoding="utf-8"))
        self.server.revoke(info["refresh_token"])
        self.server.expire_tokens()
        return "watcher auth login personal"

    @property
    def token_file(self) -> Path:
        return self.config.parent / "token.json"


def deliver_corpus(world: World) -> None:
    for name, facts in sorted(FILES.items()):
        data = (CORPUS / name).read_bytes()
        when = facts.get("date")
        internal = when if isinstance(when, datetime) else datetime(2026, 11, 25, tzinfo=UTC)
        world.deliver(facts.get("folder", "INBOX"), data, internal)


def track_interviews(world: World) -> dict[str, int]:
    ids = {}
    for interview in EXPECTED["interviews"]:
        args = [
            "track",
            "add",
            "--json",
            "--now",
            "2026-11-16T09:00",
            "--company",
            interview["company"],
            "--role",
            interview["role"],
            "--at",
            interview["at"].isoformat(),
            "--format",
            interview["format"],
        ]
        for person in interview["interviewers"]:
            args += ["--interviewer", f"{person['name']} <{person['address']}>"]
        for person in interview["contacts"]:
            args += ["--contact", f"{person['name']} <{person['address']}>"]
        for domain in interview["domains"]:
            args += ["--domain", domain]
        result = world.run(*args)
        assert result.code == 0, result
        ids[interview["company"]] = result.json()["id"]
    return ids


def make_world(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> World:
    env = home_env(tmp_path / "home")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    scenario = EXPECTED["scenario"]
    config = tmp_path / "config.toml"
    common = f"""
[store]
path = "{tmp_path / "watcher.db"}"

[user]
name = "Alex Example"

[policy]
timezone = "{scenario["timezone"]}"
holidays = "US"

[[accounts]]
name = "{scenario["account"]}"
addresses = ["alex@example.com"]
"""
    if backend == "gmail":
        gmail: GmailServer = request.getfixturevalue("gmail_server")
        token = tmp_path / "token.json"
        token.write_text(json.dumps(gmail.authorized_user_info(list(oauth.GMAIL_SCOPES))))
        token.chmod(0o600)
        secrets = gmail.client_secrets_json(tmp_path)
        config.write_text(
            common
            + f"""backend = "gmail"
client_secrets = "{secrets}"
token_file = "{token}"
api_endpoint = "{gmail.url}"
""",
            encoding="utf-8",
        )
        return GmailWorld(config, env, "DRAFT", gmail)
    server: DovecotServer = request.getfixturevalue("dovecot")
    user = new_user(server)
    config.write_text(
        common
        + f"""host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{user.name}"
password_command = "printf '%s\\\\n' {user.password}"
""",
        encoding="utf-8",
    )
    return ImapWorld(config, env, "Drafts", server, user)


@pytest.fixture
def gmail_server() -> Iterator[GmailServer]:
    with GmailServer(address="alex@example.com") as server:
        yield server


@pytest.fixture(params=["imap", "gmail"])
def world(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    yield make_world(request.param, request, tmp_path, monkeypatch)


@pytest.fixture
def loaded(world: World) -> tuple[World, dict[str, int]]:
    ids = track_interviews(world)
    deliver_corpus(world)
    return world, ids


def test_one_check_matches_classifies_and_leaves_threaded_drafts(
    loaded: tuple[World, dict[str, int]],
) -> None:
    world, ids = loaded
    unseen_before = world.unseen()
    result = world.run("check", "--now", NOW, "--json")
    assert result.code == 0, result
    report = result.json()

    # Every message that concerns a tracked interview is matched to it, with its kind.
    expected = {
        facts["message_id"]: (ids[facts["company"]], facts["kind"])
        for facts in FILES.values()
        if facts.get("company") and facts.get("kind") not in NOT_RECORDED
    }
    got = {m["message_id"]: (m["interview"], m["kind"]) for m in report["matched"]}
    expected_kinds = {
        mid: (interview, f"sent:{kind}" if kind == "sent" else kind)
        for mid, (interview, kind) in expected.items()
    }
    assert {mid: v[0] for mid, v in got.items()} == {mid: v[0] for mid, v in expected.items()}
    for mid, (_interview, kind) in expected_kinds.items():
        if kind.startswith("sent"):
            assert got[mid][1].startswith("sent:"), (mid, got[mid])
        else:
            assert got[mid][1] == kind, (mid, got[mid], kind)
    # Lookalikes, the untracked company, the newsletter and the bounce match nothing.
    for name, facts in FILES.items():
        if (
            facts.get("malformed")
            or facts.get("company") == ""
            or facts.get("kind") in NOT_RECORDED
        ):
            assert facts.get("message_id") not in got, name
    # The malformed message is skipped, named, and did not stop the scan.
    malformed = [n for n, f in FILES.items() if f.get("malformed")]
    assert len(report["skipped"]) == len(malformed)
    # The server-side search already left out mail no term names (the bounce, a lookalike).
    assert len(expected) + len(malformed) <= report["scanned"] < len(FILES)

    # Statuses follow the decisive replies.
    listed = {
        i["company"]: i for i in world.run("track", "list", "--all", "--json", "--now", NOW).json()
    }
    assert listed["Globex"]["status"] == "rejected"
    assert listed["Umbrella Labs"]["status"] == "rejected"
    assert listed["Northwind"]["status"] == "next_step"
    assert listed["Initech"]["status"] == "offer"  # the offer (27 Nov) came after the next step

    # Drafts: each due one is in Drafts, flagged \Draft, from the user, to the right person.
    drafts = world.drafts()
    assert len(drafts) == len(report["drafts"]) > 0
    for flagged, message in drafts:
        assert flagged
        assert message["From"].addresses[0].addr_spec == "alex@example.com"
        assert message["Message-ID"]
    by_kind = {(d["interview"], d["kind"]) for d in report["drafts"]}
    # After Globex's rejection, a graceful close is waiting, in the rejection's thread.
    assert (ids["Globex"], "graceful_close") in by_kind
    graceful = next(
        m
        for _f, m in drafts
        if m["Subject"] and "Globex" in str(m.get_body(("plain",)).get_content())
    )
    assert graceful["In-Reply-To"]
    assert graceful["Subject"].lower().startswith("re:")
    # Nothing was marked read by watcher.
    assert world.unseen() == unseen_before


def test_a_second_check_does_nothing_new(loaded: tuple[World, dict[str, int]]) -> None:
    world, _ids = loaded
    first = world.run("check", "--now", NOW, "--json").json()
    drafts = len(world.drafts())
    second = world.run("check", "--now", NOW, "--json").json()
    assert second["scanned"] == 0
    assert second["matched"] == []
    # The nudges stay listed as due: `check` never delivers them, the daemon does.
    assert second["nudges"] == first["nudges"] != []
    assert second["drafts"] == []
    assert len(world.drafts()) == drafts == len(first["drafts"])


def test_a_dry_run_writes_nothing(loaded: tuple[World, dict[str, int]], tmp_path: Path) -> None:
    world, _ids = loaded
    store = tmp_path / "watcher.db"
    before = _dump(store)
    result = world.run("check", "--now", NOW, "--dry-run", "--json")
    assert result.code == 0, result
    report = result.json()
    assert report["dry_run"] is True
    assert report["matched"] and report["drafts"]
    assert _dump(store) == before
    assert world.drafts() == []
    # The real check afterwards still does everything the dry run announced.
    real = world.run("check", "--now", NOW, "--json").json()
    assert [d["subject"] for d in real["drafts"]] == [d["subject"] for d in report["drafts"]]


def test_a_crash_between_append_and_done_does_not_duplicate(
    loaded: tuple[World, dict[str, int]], tmp_path: Path
) -> None:
    world, _ids = loaded
    world.run("check", "--now", NOW)
    drafts = world.drafts()
    # Forget that the drafts were done, as if the process died right after APPEND.
    with sqlite3.connect(tmp_path / "watcher.db") as conn:
        conn.execute("UPDATE ledger SET done_at = NULL, result = '' WHERE key LIKE '%#draft'")
        conn.execute("DELETE FROM events WHERE kind = 'draft'")
    again = world.run("check", "--now", NOW, "--json")
    assert again.code == 0, again
    assert len(world.drafts()) == len(drafts)


def test_wrong_credentials_are_one_clear_error(world: World) -> None:
    track_interviews(world)
    fix = world.break_sign_in()
    result = world.run("check", "--now", NOW)
    assert result.code == 1
    assert "personal" in result.err
    if isinstance(world, GmailWorld):
        assert fix in result.err
        assert "Traceback" not in result.err
    else:
        assert fix not in result.err + result.out


def test_no_account_configured_names_the_fix(world: World) -> None:
    text = world.config.read_text(encoding="utf-8").split("[[accounts]]")[0]
    world.config.write_text(text, encoding="utf-8")
    result = world.run("check", "--now", NOW)
    assert result.code == 2
    assert "[[accounts]]" in result.err


def test_sent_thank_you_stops_the_thank_you(loaded: tuple[World, dict[str, int]]) -> None:
    world, ids = loaded
    world.run("check", "--now", NOW)
    shown = world.run("track", "show", str(ids["Northwind"]), "--json", "--now", NOW).json()
    sent = [e for e in shown["events"] if e["kind"] == "sent"]
    assert any(e["action"] == "thank_you" and "dana@northwind.example" in e["to"] for e in sent)
    thank_yous = [a for a in shown["actions"] if a["kind"] == "thank_you"]
    assert all("dana@northwind.example" not in a["to"] for a in thank_yous)


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _body(message: email.message.EmailMessage) -> str:
    part = message.get_body(("plain",))
    return "" if part is None else str(part.get_content())


def test_the_plan_says_which_due_action_has_a_draft_waiting(
    loaded: tuple[World, dict[str, int]],
) -> None:
    world, ids = loaded
    before = world.run("plan", "--now", NOW, "--json").json()
    assert all(a["draft"] is None for a in before)
    world.run("check", "--now", NOW)
    after = world.run("plan", "--now", NOW, "--json").json()
    [graceful] = [
        a for a in after if a["kind"] == "graceful_close" and a["interview"] == ids["Globex"]
    ]
    assert graceful["draft"]["folder"] == world.drafts_folder
    assert graceful["draft"]["account"] == "personal"
    assert graceful["draft"]["subject"].lower().startswith("re:")
    assert all(a["draft"] is None for a in after if a["state"] == "coming")
    text = world.run("plan", "--now", NOW).out
    assert f'a draft is waiting in personal/{world.drafts_folder}: "Re:' in text


def test_both_backends_give_the_same_matches_statuses_and_drafts(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = []
    for backend in ("imap", "gmail"):
        directory = tmp_path / backend
        directory.mkdir()
        world = make_world(backend, request, directory, monkeypatch)
        track_interviews(world)
        deliver_corpus(world)
        report = world.run("check", "--now", NOW, "--json").json()
        listed = world.run("track", "list", "--all", "--json", "--now", NOW).json()
        drafts = sorted(
            (str(m["Subject"]), str(m["To"]), str(m["In-Reply-To"]), _body(m))
            for _flagged, m in world.drafts()
        )
        outcomes.append(
            (
                sorted((m["message_id"], m["interview"], m["kind"]) for m in report["matched"]),
                report["scanned"],
                sorted((d["interview"], d["kind"], d["subject"]) for d in report["drafts"]),
                sorted((i["company"], i["status"]) for i in listed),
                drafts,
            )
        )
    imap, gmail = outcomes
    assert imap[0] and imap[2] and imap[4]
    assert gmail == imap


@pytest.fixture
def gmail_world(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[GmailWorld, dict[str, int]]:
    world = make_world("gmail", request, tmp_path, monkeypatch)
    assert isinstance(world, GmailWorld)
    ids = track_interviews(world)
    deliver_corpus(world)
    return world, ids


def test_gmail_drafts_open_in_the_thread_they_answer(
    gmail_world: tuple[GmailWorld, dict[str, int]],
) -> None:
    world, _ids = gmail_world
    assert world.run("check", "--now", NOW).code == 0
    server = world.server
    by_message_id = {server.message(i).message_id: server.message(i) for i in server.ids()}
    replies = 0
    for _draft, item in server.drafts():
        draft = server.message(item)
        answered = email.message_from_bytes(draft.raw, policy=email.policy.default)["In-Reply-To"]
        if answered:
            original = by_message_id[str(answered).strip("<>")]
            assert draft.thread_id == original.thread_id, str(answered)
            replies += 1
    assert replies > 0


def test_gmail_a_restart_costs_one_history_call(
    gmail_world: tuple[GmailWorld, dict[str, int]],
) -> None:
    world, _ids = gmail_world
    assert world.run("check", "--now", NOW).code == 0
    world.server.reset_counters()
    result = world.run("check", "--now", NOW, "--json")
    assert result.code == 0, result
    assert result.json()["scanned"] == 0
    assert [(r.method, r.path) for r in world.server.requests] == [
        ("GET", "/gmail/v1/users/me/history")
    ]
    assert world.server.token_requests == []  # the saved access token was still good


THANKS = b"""From: Alex Example <alex@example.com>
To: Dana Reyes <dana@initech.example>
Subject: Thank you for the interview
Date: Tue, 01 Dec 2026 17:30:00 -0800
Message-ID: <thanks.dana@example.com>
Content-Type: text/plain; charset=utf-8
X-Watcher-Test: synthetic

Dear Dana, thank you for your time today. I enjoyed our conversation about the data platform.

Alex
"""

AWAY = b"""From: Dana Reyes <dana@initech.example>
To: Alex Example <alex@example.com>
Subject: Automatic reply: Thank you for the interview
Date: Tue, 01 Dec 2026 17:31:00 -0800
Message-ID: <away.dana@initech.example>
In-Reply-To: <thanks.dana@example.com>
References: <thanks.dana@example.com>
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8
X-Watcher-Test: synthetic

I am out of the office until Monday, December 14, with no access to email.
"""


def test_a_follow_up_answers_the_users_thank_you_never_the_out_of_office_after_it(
    world: World,
) -> None:
    added = world.run(
        "track", "add", "--json", "--now", "2026-11-30T09:00", "--company", "Initech",
        "--role", "Data Engineer", "--at", "2026-12-01T14:00", "--domain", "initech.example",
        "--interviewer", "Dana Reyes <dana@initech.example>", "--topic", "the data platform",
    )  # fmt: skip
    assert added.code == 0, added
    world.deliver("Sent", THANKS, datetime(2026, 12, 2, 1, 30, tzinfo=UTC))
    world.deliver("INBOX", AWAY, datetime(2026, 12, 2, 1, 31, tzinfo=UTC))

    result = world.run("check", "--now", "2026-12-10T10:00", "--json")

    assert result.code == 0, result
    kinds = {m["message_id"]: m["kind"] for m in result.json()["matched"]}
    assert kinds == {
        "thanks.dana@example.com": "sent:thank_you",
        "away.dana@initech.example": "auto_reply",
    }
    [(flagged, draft)] = world.drafts()
    assert flagged
    assert str(draft["To"]) == "Dana Reyes <dana@initech.example>"
    assert str(draft["Subject"]) == "Re: Thank you for the interview"
    assert str(draft["In-Reply-To"]) == "<thanks.dana@example.com>"
    assert str(draft["References"]) == "<thanks.dana@example.com>"
    body = _body(draft).replace("\r\n", "\n")
    assert body.startswith("Dear Dana,\n\nI hope you are well. I enjoyed our conversation about")
    assert "out of the office" not in body
