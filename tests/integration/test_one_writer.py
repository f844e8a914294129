"""One writer per store, end to end: `watcher check` processes started at the same moment on one
store and one real Dovecot account, and `watcher run` beside manual checks, never leave a draft
twice nor record a nudge twice.

Each trial has a Dovecot user and a store of its own, with interviews whose thank-yous are due:
the checks race to append the same drafts. The Drafts folder is read over IMAP and the ledger and
events with sqlite3 (the tests may), so what is counted is what really happened.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.backends.conftest import synthetic
from tests.cliresult import config_head, home_env, run_cli
from tests.locks import HeldLock
from tests.servers.dovecot import DovecotServer, MailUser, new_user
from tests.servers.notifications import NotificationServer, SessionBus
from tests.servers.smtp import SmtpServer

WATCHER = Path(sys.executable).parent / "watcher"
TRIALS = 20
BATCH = 10
"""Trials run side by side (each a pair of checks on a store and a mail user of its own)."""
INTERVIEWS = (
    ("Northwind", "2026-11-24T14:00", ("Dana <dana@northwind.example>", "Sam <sam@nw.example>")),
    ("Globex", "2026-11-24T10:00", ("Hank <hank@globex.example>", "Gina <gina@globex.example>")),
    ("Initech", "2026-11-23T15:00", ("Bill Lumbergh <bill@initech.example>",)),
)
DUE = len([person for _company, _at, people in INTERVIEWS for person in people])
"""One thank-you draft per interviewer is due at NOW."""
NOW = "2026-11-24T17:00"


def watcher_command() -> list[str]:
    """The venv's `watcher` console script (or `python -m watcher` where there is none)."""
    return [str(WATCHER)] if WATCHER.exists() else [sys.executable, "-m", "watcher"]


@dataclass
class Trial:
    """A store and a config of its own for one Dovecot user, with due thank-yous."""

    server: DovecotServer
    user: MailUser
    config: Path
    store: Path
    env: dict[str, str]

    def cli(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*watcher_command(), "--config", str(self.config), *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def drafts(self) -> list[str]:
        """The Message-ID of every message in the Drafts folder."""
        return [str(m["Message-ID"]) for m in self.server.messages(self.user.name, "Drafts")]

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with closing(sqlite3.connect(self.store)) as db:
            return db.execute(sql).fetchall()


def make_trial(
    server: DovecotServer,
    directory: Path,
    interviews: tuple[tuple[str, str, tuple[str, ...]], ...] = INTERVIEWS,
) -> Trial:
    user = new_user(server)
    directory.mkdir(parents=True)
    config = directory / "config.toml"
    config.write_text(
        config_head(directory)
        + f"""
[[accounts]]
name = "personal"
host = "{server.host}"
port = {server.imaps_port}
tls = "ssl"
ca_file = "{server.ca_file}"
username = "{user.name}"
password_command = "printf '%s\\\\n' {user.password}"
addresses = ["alex@example.com"]
""",
        encoding="utf-8",
    )
    env = home_env(directory / "home", TZ="UTC", LANG="C.UTF-8")
    for company, at, people in interviews:
        args = [
            *("--config", str(config), "track", "add", "--company", company, "--role", "Engineer"),
            *("--at", at, "--domain", f"{company.lower()}.example", "--now", "2026-11-20T09:00"),
        ]
        for person in people:
            args += ["--interviewer", person]
        added = run_cli(args, env)
        assert added.code == 0, added
    return Trial(server, user, config, directory / "watcher.db", env)


def test_two_checks_started_at_once_never_duplicate_a_draft(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    trials = [make_trial(dovecot, tmp_path / f"trial{n}") for n in range(TRIALS)]
    started = time.monotonic()
    results = []
    for batch in range(0, TRIALS, BATCH):
        pairs = [
            [trial.cli("check", "--now", NOW, "--json") for _ in range(2)]
            for trial in trials[batch : batch + BATCH]
        ]
        results += [[process.communicate(timeout=120) for process in pair] for pair in pairs]
    elapsed = time.monotonic() - started
    duplicated = waited = 0
    for trial, outputs in zip(trials, results, strict=True):
        for _out, err in outputs:
            assert "Traceback" not in err, err
        made = [d for out, _err in outputs for d in json.loads(out)["drafts"]]
        counts = Counter(trial.drafts())
        duplicated += any(count > 1 for count in counts.values()) or len(made) != DUE
        waited += any("waiting for the other watcher" in err for _out, err in outputs)
        assert len(counts) == DUE
        keys = trial.rows("SELECT key FROM ledger WHERE key LIKE '%#draft'")
        assert len(keys) == len(set(keys)) == DUE
        events = trial.rows("SELECT message_id FROM events WHERE kind = 'draft'")
        assert len(events) == len(set(events)) == DUE
        # `watcher check` lists the nudges that are due; only `watcher run` records them.
        assert trial.rows("SELECT key FROM ledger WHERE key LIKE '%#nudge%'") == []
        assert trial.rows("SELECT id FROM events WHERE kind = 'nudge'") == []
    print(
        f"{TRIALS} trials of two checks at once in {elapsed:.1f} s: {duplicated} duplicated a "
        f"draft; in {waited} one check waited for the other"
    )
    assert duplicated == 0
    assert waited > 0  # the checks did meet: the test raced them


# --------------------------------------------------------------------------- watcher run


ROUNDS = 3
"""Times a new interview falls due while the daemon runs and two manual checks start."""


def read_log(lines: list[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in lines if line.startswith("{")]


class Daemon:
    """`watcher run` in a process of its own; its JSON log lines gathered by a thread."""

    def __init__(self, trial: Trial, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [*watcher_command(), "--config", str(trial.config), "run"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def events(self) -> list[str]:
        return [str(entry.get("event")) for entry in read_log(self.lines)]

    def stop(self) -> tuple[int, float]:
        """SIGTERM it; return its exit status and how long it took to exit."""
        stopping = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(10)
        took = time.monotonic() - stopping
        self._reader.join(5)
        return code, took

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_the_daemon_beside_manual_checks_drafts_once_and_nudges_once(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    trial = make_trial(dovecot, tmp_path / "run", interviews=())
    with SessionBus() as bus, NotificationServer(bus.address) as notes, SmtpServer() as smtp:
        trial.config.write_text(
            trial.config.read_text(encoding="utf-8")
            + f"""
[notify]
desktop = true

[notify.email]
host = "127.0.0.1"
port = {smtp.port}
tls = "none"
from = "alex@example.com"
""",
            encoding="utf-8",
        )
        env = {**trial.env, "DBUS_SESSION_BUS_ADDRESS": bus.address}
        now = datetime.now(UTC).replace(microsecond=0)
        daemon: Daemon | None = None
        manual: list[tuple[str, str]] = []
        try:
            for round_ in range(ROUNDS):
                company = f"Company{round_}"
                added = run_cli(
                    [
                        *("--config", str(trial.config), "track", "add", "--company", company),
                        *("--role", "Engineer", "--at", (now - timedelta(hours=2)).isoformat()),
                        *("--interviewer", f"Ann <ann@{company.lower()}.example>"),
                        *("--interviewer", f"Bob <bob@{company.lower()}.example>"),
                    ],
                    env,
                )
                assert added.code == 0, added
                # The daemon's check (its first, or one woken by new mail through IDLE) and
                # two manual checks, all at once.
                if daemon is None:
                    daemon = Daemon(trial, env)
                else:
                    dovecot.deliver(
                        trial.user.name,
                        "INBOX",
                        synthetic(f"News <news@round{round_}.example>", "Nothing for you"),
                    )
                checks = [trial.cli("check", "--json") for _ in range(2)]
                manual += [process.communicate(timeout=60) for process in checks]
                assert [process.returncode for process in checks] == [0, 0], manual
                wait_for(
                    lambda company=company: any(company in n.body for n in notes.received),
                    20,
                    f"the nudge about {company}",
                )
                wait_for(
                    lambda company=company: any(
                        company in m.message.get_body(("plain",)).get_content()
                        for m in smtp.messages
                    ),
                    20,
                    f"the email about {company}",
                )
            assert daemon is not None
            code, took = daemon.stop()
            assert code == 0 and took < 5
        finally:
            if daemon is not None:
                daemon.kill()
        bodies = [n.body for n in notes.received]
        emails = [m.message.get_body(("plain",)).get_content() for m in smtp.messages]
    drafts = Counter(trial.drafts())
    assert len(drafts) == 2 * ROUNDS, drafts
    assert all(count == 1 for count in drafts.values()), drafts
    # Every due thank-you was told once, by one notification and one email, with its draft.
    for round_ in range(ROUNDS):
        company = f"Company{round_}"
        lines = [line for body in bodies for line in body.splitlines() if company in line]
        assert len(lines) == 2, bodies
        assert all("a draft is waiting in personal/Drafts" in line for line in lines), lines
        assert sum(company in text for text in emails) == 1, emails
    nudges = trial.rows("SELECT key FROM ledger WHERE key LIKE '%#nudge' AND done_at NOT NULL")
    events = trial.rows("SELECT interview_id, note FROM events WHERE kind = 'nudge'")
    assert len(nudges) == len(set(nudges)) == len(events) == len(set(events)) == 2 * ROUNDS
    # And each notifier's part once.
    for notifier in ("desktop", "email"):
        parts = trial.rows(
            f"SELECT key FROM ledger WHERE key LIKE '%#nudge>{notifier}' AND done_at NOT NULL"
        )
        assert len(parts) == len(set(parts)) == 2 * ROUNDS, parts
    # The drafts were made by whoever came first, each by one of them.
    made = [d for out, _err in manual for d in json.loads(out)["drafts"]]
    assert len(made) + daemon.events().count("saved a draft") == 2 * ROUNDS


def test_the_daemon_waiting_for_the_store_stops_within_seconds(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    """Its check waits for a manual one that holds the store; SIGTERM ends the wait at once."""
    trial = make_trial(dovecot, tmp_path / "stop")
    with HeldLock(trial.store, "watcher check"):
        daemon = Daemon(trial, trial.env)
        try:
            wait_for(lambda: "watcher is running" in daemon.events(), 20, "the daemon to start")
            time.sleep(1.0)  # its first check is waiting for the lock
            assert "checked" not in daemon.events()
            code, took = daemon.stop()
        finally:
            daemon.kill()
    assert code == 0
    assert took < 3, daemon.lines
    events = daemon.events()
    assert "checked" not in events and "stopped" in events
    assert not any("skipped" in event for event in events), events  # it was told to stop
