"""`watcher check` and `watcher auth` through ``cli.main``, against a real Dovecot.

The password is kept in a keyring backend of the test's own (a dict), chosen with
``keyring.set_keyring`` and put back afterwards; the config has no password_command, so every
check logs in with what `watcher auth set` stored. A few files of the synthetic corpus
(tests/data/mail) are delivered over IMAP; tests/integration/test_check.py runs the whole corpus.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import sqlite3
import tomllib
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cliresult import Result, run_cli
from tests.keyrings import MemoryKeyring
from tests.servers.dovecot import DovecotServer, MailUser, free_port, new_user

CORPUS = Path(__file__).resolve().parent / "data" / "mail"
FILES: dict[str, dict[str, Any]] = tomllib.loads(
    (CORPUS / "expected.toml").read_text(encoding="utf-8")
)["files"]
NOW = "2026-11-28T12:00"  # Saturday noon in Los Angeles, after the week of mail
DELIVERED = (
    "01-northwind-rita-scheduling.eml",
    "02-globex-greenhouse-rejection.eml",
    "10-globex-gina-rejection-fr.eml",
    "13-northwind-rita-personal-reply.eml",
    "22-sent-thank-you-dana.eml",
)
GINA = "Gina Moreau <gina.moreau@globex.example>"
GRACEFUL_SUBJECT = "Re: Votre candidature chez Globex : développeur back-end"


class TTY(io.StringIO):
    """A stream that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@dataclass
class World:
    """A config and a store in tmp_path for one Dovecot user, and the keyring it uses."""

    server: DovecotServer
    user: MailUser
    config: Path
    store: Path
    env: dict[str, str]
    keyring: MemoryKeyring
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str, stdin: str = "", stderr: io.StringIO | None = None) -> Result:
        return run_cli(
            ["--config", str(self.config), *args],
            self.env,
            stdin=io.StringIO(stdin),
            stderr=stderr,
            capsys=self.capsys,
        )

    def login(self) -> None:
        result = self.run("auth", "set", "personal", "--password-stdin", stdin=self.user.password)
        assert result.code == 0, result

    def track(self) -> dict[str, int]:
        """Track Northwind and Globex (as in the corpus); return {company: id}."""
        interviews = {
            "Northwind": (
                "--role=Data Engineer",
                "--at=2026-11-19T18:00Z",
                "--interviewer=Dana Reyes <dana@northwind.example>",
                "--contact=Rita Recruiter <rita@northwind.example>",
                "--domain=northwind.example",
            ),
            "Globex": (
                "--role=Backend Developer",
                "--at=2026-11-18T16:00Z",
                "--interviewer=Hank Scorpio <hank.scorpio@globex.example>",
                f"--contact={GINA}",
                "--domain=globex.example",
            ),
        }
        ids = {}
        for company, args in interviews.items():
            result = self.run(
                "track", "add", "--json", "--now=2026-11-16T09:00", f"--company={company}", *args
            )
            assert result.code == 0, result
            ids[company] = result.json()["id"]
        return ids

    def deliver(self, *names: str) -> None:
        for name in names:
            facts = FILES[name]
            when = facts.get("date")
            internal = when if isinstance(when, datetime) else datetime(2026, 11, 25, tzinfo=UTC)
            self.server.deliver(
                self.user.name, facts["folder"], (CORPUS / name).read_bytes(), internal
            )

    def snapshot(self) -> list[str]:
        if not self.store.exists():
            return []
        with closing(sqlite3.connect(self.store)) as db:
            return list(db.iterdump())

    def drafts(self) -> list[email.message.EmailMessage]:
        return self.server.messages(self.user.name, "Drafts")


def make_world(
    server: DovecotServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> World:
    user = new_user(server)
    home = tmp_path / "home"
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "PATH": "/usr/bin:/bin",
        "TZ": "UTC",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("WATCHER_CONFIG", "STATE_DIRECTORY"):
        monkeypatch.delenv(key, raising=False)
    store = tmp_path / "watcher.db"
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[store]
path = "{store}"

[user]
name = "Alex Example"

[policy]
timezone = "America/Los_Angeles"
holidays = "US"

[[accounts]]
name = "personal"
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{user.name}"
addresses = ["alex@example.com"]
""",
        encoding="utf-8",
    )
    return World(server, user, config, store, env, memory_keyring, capsys)


@pytest.fixture
def world(
    dovecot: DovecotServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> World:
    return make_world(dovecot, tmp_path, monkeypatch, memory_keyring, capsys)


@pytest.fixture
def loaded(world: World) -> tuple[World, dict[str, int]]:
    """Logged in (password in the keyring), two interviews tracked, five messages delivered."""
    world.login()
    ids = world.track()
    world.deliver(*DELIVERED)
    return world, ids


def assert_refused(result: Result, code: int, *fragments: str) -> None:
    assert result.code == code, result
    assert result.out == "", result
    assert result.err.startswith("watcher: "), result
    assert result.err.count("\n") == 1, result  # one line
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


# --------------------------------------------------------------------------- watcher auth


def test_auth_set_stores_the_password_that_check_then_logs_in_with(world: World) -> None:
    ids = world.track()
    world.deliver("01-northwind-rita-scheduling.eml")
    password = world.user.password + "\n"
    result = world.run("auth", "set", "personal", "--password-stdin", stdin=password)
    assert result == Result(0, "Stored the password of account 'personal' in the OS keyring.\n", "")
    assert world.keyring.passwords == {("watcher", "personal"): world.user.password}

    check = world.run("check", "--now", NOW, "--json")

    assert check.code == 0, check
    assert [(m["message_id"], m["interview"]) for m in check.json()["matched"]] == [
        ("20261124171244.rita.4411@northwind.example", ids["Northwind"])
    ]
    assert world.user.password not in check.out + check.err


def test_auth_forget_removes_the_password_and_check_then_names_auth_set(world: World) -> None:
    world.login()
    world.track()
    assert world.run("check", "--now", NOW).code == 0

    forgot = world.run("auth", "forget", "personal")

    removed = "Removed the password of account 'personal' from the OS keyring.\n"
    assert forgot == Result(0, removed, "")
    assert world.keyring.passwords == {}
    before = world.snapshot()
    check = world.run("check", "--now", NOW)
    assert_refused(check, 1, "'personal'", "`watcher auth set personal`", "password_command")
    assert check.err.count("account 'personal'") == 1, check.err  # named once
    assert world.snapshot() == before
    again = world.run("auth", "forget", "personal")
    assert again == Result(0, "The OS keyring held no password for account 'personal'.\n", "")


def test_auth_set_for_an_unknown_account_lists_the_accounts(world: World) -> None:
    result = world.run("auth", "set", "work", "--password-stdin", stdin="secret\n")
    assert_refused(result, 2, "no account 'work'", "(accounts: personal)")
    assert world.keyring.passwords == {}
    assert_refused(world.run("auth", "forget", "work"), 2, "(accounts: personal)")


def test_auth_set_off_a_terminal_needs_password_stdin(world: World) -> None:
    result = world.run("auth", "set", "personal", stdin="secret\n")
    assert_refused(result, 2, "not a terminal", "--password-stdin")
    assert world.keyring.passwords == {}
    empty = world.run("auth", "set", "personal", "--password-stdin", stdin="\n")
    assert_refused(empty, 2, "empty")
    assert world.keyring.passwords == {}


# --------------------------------------------------------------------------- watcher check


def test_check_lists_the_matches_and_the_drafts_then_nothing(
    loaded: tuple[World, dict[str, int]],
) -> None:
    world, ids = loaded
    nw, gx = ids["Northwind"], ids["Globex"]
    world.env["COLUMNS"] = "150"  # one line a message

    result = world.run("check", "--now", NOW)

    assert result.code == 0, result
    assert result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "Scanned 5 new messages; 5 concern your interviews."
    rita, personal = (
        "Rita Recruiter <rita@northwind.example>",
        "Rita R <rita.recruiter@gmail.example>",
    )
    greenhouse = "Globex Hiring Team <no-reply@us.greenhouse-mail.io>"
    listed = lines[1:6]
    for line in (
        f"  Tue 24 Nov 09:12 PST  #{nw} Northwind: next step from {rita}",
        f"  Wed 25 Nov 10:03 PST  #{gx} Globex: rejection from {greenhouse}",
        f"  Thu 26 Nov 01:20 PST  #{gx} Globex: rejection from {GINA}",
        f"  Tue 24 Nov 18:40 PST  #{nw} Northwind: next step from {personal}",
    ):
        assert line in listed, (line, listed)
    assert f"  Thu 19 Nov 14:05 PST  #{nw} Northwind: your thank-you (sent)" in listed
    assert lines[6:] == [
        "Due now: 1 (`watcher run` delivers the nudges)",
        f"  #{gx} Globex: graceful-close, due Wed 25 Nov 10:03 PST (3 days ago)",
        "Drafts created: 1",
        f'  #{gx} Globex: graceful-close to {GINA}, "{GRACEFUL_SUBJECT}" in personal/Drafts',
        # Rita's reply confirms the second round in words: a next round, suggested.
        "Interviews found in mail: 1",
        "  Northwind, Tue  1 Dec 07:00 PST: suggested (`watcher track accept 1` or "
        f"`watcher track ignore 1`); a next round of interview #{nw} (Northwind)",
    ]
    [draft] = world.drafts()
    assert str(draft["To"]) == GINA
    assert str(draft["Subject"]) == GRACEFUL_SUBJECT

    again = world.run("check", "--now", NOW)

    # Nothing new: the graceful close is still due (the daemon tells it), its draft is made.
    assert again == Result(
        0,
        "Scanned 0 new messages; 0 concern your interviews.\n"
        "Due now: 1 (`watcher run` delivers the nudges)\n"
        f"  #{gx} Globex: graceful-close, due Wed 25 Nov 10:03 PST (3 days ago)\n",
        "",
    )
    assert len(world.drafts()) == 1


def test_without_a_name_check_still_reads_the_mail_and_says_why_no_draft_is_made(
    loaded: tuple[World, dict[str, int]],
) -> None:
    world, ids = loaded
    text = world.config.read_text(encoding="utf-8")
    world.config.write_text(text.replace('name = "Alex Example"\n', ""), encoding="utf-8")
    assert "Alex" not in world.config.read_text(encoding="utf-8")

    result = world.run("check", "--now", NOW, "--json")

    # The draft that is due is refused, with the fix, and tried again at the next check (exit 1:
    # something needs the user); the mail is read all the same, and no traceback ever shows.
    assert result.code == 1, result
    [error] = result.json()["errors"]
    assert error.startswith(f"the graceful_close draft for interview #{ids['Globex']} could not")
    assert '[user] name = "Your Full Name"' in error
    assert "unexpected error" not in result.err and "Traceback" not in result.err
    assert {m["interview"] for m in result.json()["matched"]} == set(ids.values())
    warning = (
        "watcher: warning: [user] name is missing: drafts are not made until it is your real "
        f'name; write name = "Your Name" under [user] in {world.config}\n'
    )
    assert result.err.count(warning) == 1, result.err


def test_check_dry_run_says_nothing_was_written(loaded: tuple[World, dict[str, int]]) -> None:
    world, _ids = loaded
    before = world.snapshot()

    result = world.run("check", "--now", NOW, "--dry-run")

    assert result.code == 0, result
    lines = result.out.splitlines()
    assert "Due now: 1 (`watcher run` delivers the nudges)" in lines
    assert "Drafts would be created: 1" in lines
    assert lines[-1] == "Dry run: nothing was written to the store or the mailbox."
    assert world.snapshot() == before
    assert world.drafts() == []
    real = world.run("check", "--now", NOW)
    assert "Drafts created: 1" in real.out.splitlines()
    assert "Dry run" not in real.out
    assert len(world.drafts()) == 1


def test_check_json_has_the_fields_of_the_issue(loaded: tuple[World, dict[str, int]]) -> None:
    world, ids = loaded
    nw, gx = ids["Northwind"], ids["Globex"]

    result = world.run("check", "--now", NOW, "--json")

    assert result.code == 0, result
    assert result.err == ""
    report = result.json()
    assert {"scanned", "matched", "nudges", "drafts"} <= set(report)
    assert report["scanned"] == 5
    for item in report["matched"]:
        assert {"message_id", "interview", "kind", "from", "at"} <= set(item)
        assert "<" not in item["message_id"] and ">" not in item["message_id"]
    matched = {m["message_id"]: m for m in report["matched"]}
    assert set(matched) == {FILES[name]["message_id"] for name in DELIVERED}
    rita = matched["20261124171244.rita.4411@northwind.example"]
    assert {key: rita[key] for key in ("message_id", "interview", "kind", "from", "at")} == {
        "message_id": "20261124171244.rita.4411@northwind.example",
        "interview": nw,
        "kind": "next_step",
        "from": "Rita Recruiter <rita@northwind.example>",
        "at": "2026-11-24T09:12:44-08:00",
    }
    assert matched["thank-you.dana.20261119@example.com"]["kind"] == "sent:thank_you"
    assert matched["6f8e2b1a.gina.fr@globex.example"]["at"] == "2026-11-26T01:20:00-08:00"
    [nudge] = report["nudges"]
    assert {key: nudge[key] for key in ("interview", "kind", "due")} == {
        "interview": gx,
        "kind": "graceful_close",
        "due": "2026-11-25T10:03:10-08:00",  # the first rejection (Greenhouse)
    }
    [draft] = report["drafts"]
    assert {key: draft[key] for key in ("interview", "kind", "to", "subject", "folder")} == {
        "interview": gx,
        "kind": "graceful_close",
        "to": ["gina.moreau@globex.example"],
        "subject": GRACEFUL_SUBJECT,
        "folder": "Drafts",
    }
    assert report["dry_run"] is False


def test_a_server_that_is_down_is_one_clear_line(
    own_dovecot: DovecotServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = make_world(own_dovecot, tmp_path, monkeypatch, memory_keyring, capsys)
    world.login()
    world.track()
    before = world.snapshot()
    own_dovecot.stop()

    for args in ((), ("--dry-run",)):
        result = world.run("check", "--now", NOW, *args)
        assert_refused(result, 1, "account 'personal'", f"127.0.0.1:{own_dovecot.imaps_port}")
        assert result.err.count("personal") == 1, result.err  # named once
        assert world.user.password not in result.err
    # A script gets its JSON object all the same, the error in "errors".
    result = world.run("check", "--now", NOW, "--json")
    assert result.code == 1, result
    report = result.json()
    assert report["errors"] == [result.err.removeprefix("watcher: ").rstrip("\n")]
    assert (report["scanned"], report["matched"], report["drafts"]) == (0, [], [])
    assert world.snapshot() == before
    doctor = world.run("doctor")
    [line] = [line for line in doctor.out.splitlines() if "personal" in line]
    assert line.startswith("failed  account personal: 127.0.0.1:"), line  # named once


def test_one_account_down_is_reported_and_the_other_is_checked(
    loaded: tuple[World, dict[str, int]],
) -> None:
    world, ids = loaded
    port = free_port()  # nothing listens there
    with world.config.open("a", encoding="utf-8") as config:
        config.write(
            f"""
[[accounts]]
name = "work"
host = "127.0.0.1"
port = {port}
tls = "ssl"
ca_file = "{world.server.ca_file}"
username = "alex"
addresses = ["alex@work.example"]
"""
        )
    world.keyring.passwords[("watcher", "work")] = "unused"

    result = world.run("check", "--now", NOW, "--json")

    assert result.code == 1, result
    report = json.loads(result.out)
    assert len(report["matched"]) == 5
    # No mail of these interviews came through the account that is down: they go on.
    assert [d["kind"] for d in report["drafts"]] == ["graceful_close"]
    assert [n["kind"] for n in report["nudges"]] == ["graceful_close"]
    [error] = result.err.splitlines()
    assert error.startswith("watcher: account 'work': ")
    assert f"127.0.0.1:{port}" in error
    assert len(world.drafts()) == 1
    # The mail of the account that worked is recorded all the same.
    shown = world.run("track", "show", str(ids["Globex"]), "--json", "--now", NOW).json()
    assert any(e["reply_kind"] == "rejection" for e in shown["events"])


# --------------------------------------------------------------------------- progress


def test_progress_is_shown_on_a_terminal(loaded: tuple[World, dict[str, int]]) -> None:
    world, _ids = loaded
    result = world.run("check", "--now", NOW, stderr=TTY())
    assert result.code == 0, result
    # Sent first; every INBOX message of the fixture is a candidate by its headers.
    assert result.err == "\rpersonal/Sent: 1/1 messages\n\rpersonal/INBOX: 4/4 messages\n"


def test_the_progress_of_a_long_scan_is_one_line_rewritten(world: World) -> None:
    world.login()
    world.track()
    at = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    messages = []
    for number in range(250):
        data = (
            "From: Rita Recruiter <rita@northwind.example>\r\nTo: alex@example.com\r\n"
            f"Subject: Digest {number}\r\nDate: Fri, 20 Nov 2026 17:00:00 +0000\r\n"
            f"Message-ID: <{number}.digest@northwind.example>\r\n\r\nHello.\r\n"
        )
        messages.append((data.encode(), at))
    world.server.fill_maildir(world.user.name, messages)

    result = world.run("check", "--now", NOW, stderr=TTY())

    assert result.code == 0, result
    assert result.err == "\rpersonal/INBOX: 200/250 messages\rpersonal/INBOX: 250/250 messages\n"


def test_no_progress_off_a_terminal_or_with_json(loaded: tuple[World, dict[str, int]]) -> None:
    world, _ids = loaded
    plain = world.run("check", "--now", NOW)  # stderr is a StringIO: not a terminal
    assert plain.code == 0, plain
    assert plain.out.startswith("Scanned 5 new messages")
    assert plain.err == ""
    world.deliver("09-northwind-careers-subdomain-update.eml")
    as_json = world.run("check", "--now", NOW, "--json", stderr=TTY())
    assert as_json.code == 0, as_json
    assert as_json.json()["scanned"] == 1
    assert as_json.err == ""


def test_an_account_watcher_cannot_open_does_not_stop_the_others(
    loaded: tuple[World, dict[str, int]],
) -> None:
    """A gmail account not signed in yet beside a working IMAP account: the IMAP mail is
    recorded and its interviews planned, the gmail account is reported with the fix."""
    world, _ids = loaded
    with world.config.open("a", encoding="utf-8") as config:
        config.write(
            """
[[accounts]]
name = "gmail"
backend = "gmail"
client_secrets = "/dev/null"
addresses = ["alex@gmail.example"]
"""
        )
    result = world.run("check", "--now", NOW, "--json")
    assert result.code == 1, result
    report = result.json()
    assert report["matched"]
    assert any("watcher auth login gmail" in error for error in report["errors"])
    # No mail came through the gmail account yet: the IMAP account's interviews go on.
    assert [d["kind"] for d in report["drafts"]] == ["graceful_close"]


# --------------------------------------------------------------------------- a refused connection


def test_check_json_reports_a_refused_connection_in_its_object(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No server at all: the account's port is closed. `check --json` still prints its object
    (with the error in `errors`) and exits 1; the error names the account once."""
    port = free_port()
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "c"), "XDG_DATA_HOME": str(home / "d")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[store]
path = "{tmp_path / "watcher.db"}"

[user]
name = "Alex Example"

[[accounts]]
name = "personal"
host = "127.0.0.1"
port = {port}
username = "alex"
addresses = ["alex@example.com"]
""",
        encoding="utf-8",
    )
    memory_keyring.passwords[("watcher", "personal")] = "secret"

    def check(*args: str) -> Result:
        return run_cli(["--config", str(config), "check", "--now", NOW, *args], env, capsys=capsys)

    result = check("--json")

    assert result.code == 1, result
    report = result.json()
    [error] = report["errors"]
    assert error.startswith(f"account 'personal': 127.0.0.1:{port} refused the connection"), error
    assert error.count("personal") == 1, error
    assert result.err == f"watcher: {error}\n"
    assert report["scanned"] == 0
    assert report["dry_run"] is False
    assert {"matched", "nudges", "drafts", "skipped", "suggested", "now"} <= set(report)
    dry = check("--json", "--dry-run")
    assert (dry.code, dry.json()["errors"], dry.json()["dry_run"]) == (1, [error], True)
    text = check()
    assert (text.code, text.out, text.err) == (1, "", f"watcher: {error}\n")
