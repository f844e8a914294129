#!/usr/bin/env python
"""Benchmark of interviews found in mail, end to end: the invitations corpus delivered to a real
mailbox one message at a time, a `watcher check` after each, the tracked interviews compared
with the labels.

    .venv/bin/python bench/invites_mailbox.py [--part train|heldout] [--backend imap|gmail|both]
        [--mailbox NAME] [--errors] [--json-out FILE]

For each mailbox file of the part (tests/data/invites/PART/*.toml, read by tests/invites.py),
from an empty store with ``[tracking] from_mail = "track"``, the file's user and its time zone
in the config: each message is delivered (to INBOX or Sent, as labeled) to a private Dovecot
(tests/servers/dovecot.py) over IMAP, or to the Gmail test server (tests/servers/gmail.py) with
the labels INBOX or SENT, with its Date as INTERNALDATE; then `watcher check --json --now
<a minute after its Date>` runs in a process of its own (timed around the child: the
interpreter's start is included), and `watcher track list --all --json` is read (in this
process, untimed) and compared with the message's label:

- interviews found: a labeled interview whose key some tracked round matches after its message
  (the same company, loosely: the words of one name are among the other's, legal suffixes
  such as Inc or GmbH left out; the start within a day); of those, times right to the minute,
  panel right (the round's format is panel exactly when the label's is) and people right (the
  round's people and the label's interviewers are the same set of addresses);
- reschedules applied: after the message, the key's interview has a round at the new start
  (to the minute) and none at the start it had before;
- cancellations applied: after the message, the key's round is gone from its interview (an
  earlier round is dropped) or it is the latest round and the interview is cancelled;
- interviews created from traps: ``nothing`` messages after which a new interview or a new
  round appeared (and, not a target, those after which one moved or was cancelled);
- duplicates: at the end of each mailbox, tracked rounds that no labeled key accounts for and
  that no trap created (those are counted above);
- the time of each check.

Targets (the issue): found >= 95 %, times right 100 % of those found, reschedules and
cancellations applied 100 %, 0 interviews created from traps, 0 duplicates, on each backend.
Exit status: 0 when every target holds, 1 when one is missed, 2 on an error.

``--errors`` lists each miss with the id of the message that shows it: for the training part
only. The held-out part is for measuring, never for tuning: run it for its figures alone.
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any, Protocol

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path[:0] = [str(REPO), str(BENCH)]

import benchlib  # noqa: E402
from benchlib import say  # noqa: E402

from tests import invites  # noqa: E402
from tests.invites import Expected, Item  # noqa: E402
from tests.servers.dovecot import DOVECOT, DovecotServer, new_user  # noqa: E402
from tests.servers.gmail import GmailServer  # noqa: E402
from watcher import cli, oauth  # noqa: E402

FOUND_TARGET = 0.95
"""Interviews found: at least this share of the labeled ones."""
NEAR = timedelta(days=1)
"""A tracked round matches a labeled interview when it starts within this of the label's start."""
TO_THE_MINUTE = timedelta(seconds=59)
JUST_AFTER = timedelta(minutes=1)
"""Each check runs this long after the Date of the message just delivered."""
BACKENDS = ("imap", "gmail")
LEGAL_WORDS = frozenset(
    (
        *("ab", "ag", "as", "bv", "co", "company", "corp", "corporation", "gmbh", "inc", "kg"),
        *("limited", "llc", "lda", "ltd", "nv", "oy", "plc", "pty", "sa", "sarl", "sas", "se"),
        *("sl", "spa", "srl", "the"),
    )
)
"""Words that a company's name may have or lack and stay the same company."""


class BenchError(Exception):
    """The benchmark cannot go on (a server, a check that fails, a corpus file): one sentence."""


# ---------------------------------------------------------------------------------------------
# What is tracked, as `track list --all --json` shows it.


def company_words(name: str) -> tuple[str, ...]:
    """The words of a company's name, case and accents folded, legal suffixes left out."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c if c.isalnum() else " " for c in folded if not unicodedata.combining(c))
    return tuple(w for w in plain.split() if w not in LEGAL_WORDS)


def same_company(tracked: str, labeled: str) -> bool:
    """Whether two names are the same company, loosely: the words of one are all among the
    other's ("Northwind" and "Northwind Analytics Inc."), or they are the same letters
    ("DataBricks" and "Data Bricks")."""
    a, b = company_words(tracked), company_words(labeled)
    if not a or not b:
        return False
    return set(a) <= set(b) or set(b) <= set(a) or "".join(a) == "".join(b)


@dataclass(frozen=True)
class Tracked:
    """One round of a tracked interview: ``number`` 1 is the first; ``cancelled`` when it is
    the latest round of an interview the employer cancelled."""

    interview: int
    company: str
    number: int
    at: datetime
    format: str
    people: frozenset[str]
    latest: bool
    cancelled: bool

    def describe(self) -> str:
        people = ", ".join(sorted(self.people)) or "nobody"
        state = ", cancelled" if self.cancelled else ""
        return (
            f"#{self.interview} {self.company} round {self.number} at {self.at.isoformat()} "
            f"({self.format}, {people}{state})"
        )


def tracked_rounds(rows: object) -> list[Tracked]:
    """Every round of every interview of ``rows`` (`track list --all --json`); raise BenchError
    if they are not what that command prints."""
    if not isinstance(rows, list):
        raise BenchError(f"track list --json printed {type(rows).__name__}, not a list")
    found: list[Tracked] = []
    try:
        for row in rows:
            rounds = row["rounds"]
            for number, round_ in enumerate(rounds, start=1):
                latest = number == len(rounds)
                found.append(
                    Tracked(
                        interview=int(row["id"]),
                        company=str(row["company"]),
                        number=number,
                        at=datetime.fromisoformat(round_["at"]),
                        format=str(round_["format"]),
                        people=frozenset(str(p["address"]).lower() for p in round_["people"]),
                        latest=latest,
                        cancelled=latest and row["cancelled_at"] is not None,
                    )
                )
    except (KeyError, TypeError, ValueError) as error:
        raise BenchError(
            f"track list --json printed a row this bench cannot read: {error!r}"
        ) from None
    return found


# ---------------------------------------------------------------------------------------------
# The scores.


@dataclass(frozen=True)
class Miss:
    """One figure missed, shown by the message ``message`` of the mailbox file ``file``."""

    file: str
    message: str
    figure: str
    detail: str

    def line(self) -> str:
        return f"{self.message} ({self.file}) {self.figure}: {self.detail}"


@dataclass
class Figures:
    """What one backend scored, over one or more mailboxes."""

    mailboxes: int = 0
    messages: int = 0
    interviews: int = 0
    found: int = 0
    times_right: int = 0
    panel_right: int = 0
    people_right: int = 0
    reschedules: int = 0
    reschedules_applied: int = 0
    cancellations: int = 0
    cancellations_applied: int = 0
    traps: int = 0
    trap_created: int = 0
    trap_changed: int = 0
    duplicates: int = 0
    checks_with_errors: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            setattr(self, name, mine + value)

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int)}


@dataclass
class _Key:
    """A labeled interview: its latest label, and the round watcher tracks for it."""

    label: Expected
    round: int | None  # a round's identity (see Scorer), None when watcher tracks none
    cancelled: bool = False


class Scorer:
    """Scores one mailbox: give it, in order, each message with what is tracked after its
    check (:meth:`observe`), then call :meth:`finish`; the figures are in :attr:`figures`.

    Rounds are followed from one check to the next by their interview and their start: a round
    whose interview has a round at the same start as before is the same round; any other is
    new, made by the message just checked (a moved round is a new one, made by the message that
    moved it)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.figures = Figures(mailboxes=1)
        self._rounds: dict[int, Tracked] = {}  # identity -> the round now
        self._origin: dict[int, Item] = {}  # identity -> the message after which it appeared
        self._identities = 0
        self._keys: dict[str, _Key] = {}
        self._problems: set[str] = set()

    # -- following rounds ------------------------------------------------------------------------

    def _follow(self, now: list[Tracked], item: Item) -> dict[int, Tracked]:
        """Return the rounds of ``now`` by identity: the same as before where they can be."""
        before: dict[tuple[int, datetime], list[int]] = {}
        for identity, tracked in self._rounds.items():
            before.setdefault((tracked.interview, tracked.at), []).append(identity)
        followed: dict[int, Tracked] = {}
        for tracked in now:
            same = before.get((tracked.interview, tracked.at))
            if same:
                identity = same.pop(0)
            else:
                self._identities += 1
                identity = self._identities
                self._origin[identity] = item
            followed[identity] = tracked
        return followed

    def _taken(self, but: str = "") -> set[int]:
        return {k.round for name, k in self._keys.items() if k.round is not None and name != but}

    def _match(
        self, label: Expected, rounds: Mapping[int, Tracked], key: str, item: Item | None = None
    ) -> int | None:
        """The round that matches ``label`` best among those no other key holds: the same
        company, within a day; one that ``item`` made first, then the nearest in time."""
        assert label.start is not None
        start = label.start
        taken = self._taken(but=key)
        near = [
            (self._origin[i] is not item, abs(r.at - start), i)
            for i, r in rounds.items()
            if i not in taken
            and same_company(r.company, label.company)
            and abs(r.at - start) <= NEAR
        ]
        return min(near)[2] if near else None

    # -- scoring ---------------------------------------------------------------------------------

    def observe(
        self,
        item: Item,
        rows: object,
        report: Mapping[str, Any] | None = None,
        seconds: float | None = None,
    ) -> None:
        """Score ``item``, given ``rows`` (`track list --all --json` after its check),
        ``report`` (that check's JSON) and ``seconds`` (the check's wall time)."""
        before = self._rounds
        now = self._follow(tracked_rounds(rows), item)
        figures = self.figures
        figures.messages += 1
        if seconds is not None:
            figures.seconds.append(seconds)
        told = _told(report)
        if report is not None and (report.get("errors") or report.get("skipped")):
            figures.checks_with_errors += 1
            # The same error comes back at each check until it is dealt with: list it once.
            for problem in [*report.get("errors", []), *map(str, report.get("skipped", []))]:
                if problem not in self._problems:
                    self._problems.add(problem)
                    self._miss(item, "check", problem)
        self._rounds = now
        made = [now[i] for i in now if i not in before]
        if item.expect == "interview":
            self._interview(item, now, told, made)
        elif item.expect == "reschedule":
            self._reschedule(item, before, now, told)
        elif item.expect == "cancel":
            self._cancel(item, before, now, told)
        else:
            self._nothing(item, before, now, told)

    def _miss(self, item: Item, figure: str, detail: str) -> None:
        self.figures.misses.append(Miss(self.file, item.id, figure, detail))

    def _interview(
        self, item: Item, now: Mapping[int, Tracked], told: str, made: Sequence[Tracked]
    ) -> None:
        label = item.interview
        assert label is not None and label.start is not None
        figures = self.figures
        figures.interviews += 1
        identity = self._match(label, now, label.key, item)
        self._keys[label.key] = _Key(label, identity)
        if identity is None:
            what = "; ".join(r.describe() for r in made) or "nothing new tracked"
            self._miss(
                item,
                "not found",
                f"no round of {label.company} within a day of {label.start.isoformat()} "
                f"({what}){told}",
            )
            return
        figures.found += 1
        tracked = now[identity]
        if abs(tracked.at - label.start) <= TO_THE_MINUTE:
            figures.times_right += 1
        else:
            self._miss(
                item, "time", f"tracked {tracked.at.isoformat()}, label {label.start.isoformat()}"
            )
        if (tracked.format == "panel") == (label.format == "panel"):
            figures.panel_right += 1
        else:
            self._miss(item, "panel", f"tracked {tracked.format}, label {label.format}")
        if tracked.people == frozenset(label.interviewers):
            figures.people_right += 1
        else:
            self._miss(
                item,
                "people",
                f"tracked {sorted(tracked.people)}, label {sorted(label.interviewers)}",
            )

    def _reschedule(
        self,
        item: Item,
        before: Mapping[int, Tracked],
        now: Mapping[int, Tracked],
        told: str,
    ) -> None:
        label = item.interview
        assert label is not None and label.start is not None
        self.figures.reschedules += 1
        key = self._keys[label.key]
        old = before.get(key.round) if key.round is not None else None
        if old is not None:
            mine = {i: r for i, r in now.items() if r.interview == old.interview}
            old_start = old.at
        else:
            mine = {i: r for i, r in now.items() if same_company(r.company, label.company)}
            assert key.label.start is not None
            old_start = key.label.start
        at_new = [i for i, r in mine.items() if abs(r.at - label.start) <= TO_THE_MINUTE]
        at_old = [i for i, r in mine.items() if abs(r.at - old_start) <= TO_THE_MINUTE]
        if at_new and (not at_old or abs(label.start - old_start) <= TO_THE_MINUTE):
            self.figures.reschedules_applied += 1
            key.round = at_new[0]
        else:
            was = old.describe() if old is not None else "never found"
            rounds = "; ".join(r.describe() for r in mine.values()) or "none"
            self._miss(
                item,
                "reschedule",
                f"to {label.start.isoformat()}, was {was}; its rounds now: {rounds}{told}",
            )
            # A round near the new time is the key's now (the one at the old time, if still
            # there, is then one too many); else the key keeps the round it had, unmoved.
            moved = self._match(label, now, label.key, item)
            if moved is not None or key.round not in now:
                key.round = moved
        key.label = label

    def _cancel(
        self,
        item: Item,
        before: Mapping[int, Tracked],
        now: Mapping[int, Tracked],
        told: str,
    ) -> None:
        assert item.interview is not None
        self.figures.cancellations += 1
        key = self._keys[item.interview.key]
        key.cancelled = True
        old = before.get(key.round) if key.round is not None else None
        if old is None:
            self._miss(item, "cancellation", f"{key.label.company}: never found{told}")
            return
        after = now.get(key.round) if key.round is not None else None
        moved = [
            r for i, r in now.items() if r.interview == old.interview and self._origin[i] is item
        ]
        if (after is None and not moved) or (after is not None and after.cancelled):
            self.figures.cancellations_applied += 1
            return
        still = after.describe() if after is not None else "; ".join(r.describe() for r in moved)
        self._miss(item, "cancellation", f"still {still}{told}")

    def _nothing(
        self,
        item: Item,
        before: Mapping[int, Tracked],
        now: Mapping[int, Tracked],
        told: str,
    ) -> None:
        self.figures.traps += 1
        counts_before = Counter(r.interview for r in before.values())
        counts_now = Counter(r.interview for r in now.values())
        created = [i for i, n in counts_now.items() if n > counts_before.get(i, 0)]
        if created:
            self.figures.trap_created += 1
            made = "; ".join(r.describe() for i, r in now.items() if i not in before)
            self._miss(item, "trap", f"created {made}{told}")
            return
        changed = [
            r.describe()
            for i, r in now.items()
            if i not in before or (before[i].cancelled != r.cancelled)
        ]
        gone = [r.describe() for i, r in before.items() if i not in now]
        if changed or gone:
            self.figures.trap_changed += 1
            self._miss(item, "trap changed", f"{'; '.join(changed)} (was {'; '.join(gone)}){told}")

    def finish(self) -> None:
        """Count the duplicates: the rounds tracked at the end that no labeled key accounts
        for, leaving out those a trap made (counted already). A key whose round went away
        (moved by another message) is given back one that matches it, if any."""
        for name, key in self._keys.items():
            if key.cancelled or key.label.start is None:
                continue
            if key.round is None or key.round not in self._rounds:
                key.round = self._match(key.label, self._rounds, name)
        taken = self._taken()
        for identity, tracked in self._rounds.items():
            origin = self._origin[identity]
            if identity in taken or origin.expect == "nothing":
                continue
            self.figures.duplicates += 1
            self.figures.misses.append(
                Miss(self.file, origin.id, "duplicate", f"{tracked.describe()}, at the end")
            )


def _told(report: Mapping[str, Any] | None) -> str:
    """What a check said it did with the invitations it found, for a miss's detail."""
    if not report or not report.get("suggested"):
        return ""
    parts = [
        f"{f.get('done')} {f.get('company') or '(no company)'} {f.get('at')} ({f.get('verdict')})"
        for f in report["suggested"]
    ]
    return "; the check: " + ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# The mailboxes.


class Mailbox(Protocol):
    """A mailbox on a test server that a watcher config can name."""

    def account(self, workdir: Path) -> str:
        """The settings of its ``[[accounts]]`` table (TOML lines)."""
        ...

    def deliver(self, folder: str, raw: bytes, when: datetime) -> None:
        """Deliver ``raw`` to ``folder`` (INBOX or Sent) with ``when`` as its arrival."""
        ...


class DovecotMailbox:
    """A new user of a running Dovecot, reached over IMAPS."""

    def __init__(self, server: DovecotServer) -> None:
        self.server = server
        self.user = new_user(server)

    def account(self, workdir: Path) -> str:
        return (
            f'host = "{self.server.host}"\n'
            f"port = {self.server.imaps_port}\n"
            'tls = "ssl"\n'
            f'ca_file = "{self.server.ca_file}"\n'
            f'username = "{self.user.name}"\n'
            f"password_command = \"printf '%s\\\\n' {self.user.password}\"\n"
        )

    def deliver(self, folder: str, raw: bytes, when: datetime) -> None:
        if when > datetime.now(UTC):
            # Dovecot's APPEND takes the time of the append for an INTERNALDATE in the future,
            # and a check's SEARCH SINCE would then miss the message: a file in the Maildir
            # has its mtime as INTERNALDATE.
            self.server.fill_maildir(self.user.name, [(raw, when)], folder, flags="")
            return
        self.server.deliver(self.user.name, folder, raw, when)


class GmailMailbox:
    """A Gmail test server of its own, reached through the Gmail API."""

    def __init__(self, server: GmailServer) -> None:
        self.server = server

    def account(self, workdir: Path) -> str:
        token = workdir / "token.json"
        token.touch(mode=0o600)
        token.write_text(
            json.dumps(self.server.authorized_user_info(list(oauth.GMAIL_SCOPES))),
            encoding="utf-8",
        )
        secrets = self.server.client_secrets_json(workdir)
        return (
            'backend = "gmail"\n'
            f'client_secrets = "{secrets}"\n'
            f'token_file = "{token}"\n'
            f'api_endpoint = "{self.server.url}"\n'
        )

    def deliver(self, folder: str, raw: bytes, when: datetime) -> None:
        labels = ("INBOX", "UNREAD") if folder == "INBOX" else ("SENT",)
        self.server.deliver(raw, labels=labels, internal_date=when)
        if self.server.errors:
            raise BenchError(f"the Gmail test server failed: {self.server.errors[-1]!r}")


# ---------------------------------------------------------------------------------------------
# Running a mailbox.


def sent_at(item: Item) -> datetime:
    """The Date of ``item``'s message (UTC when it names no zone); raise BenchError if none."""
    date = email.message_from_bytes(item.raw, policy=email.policy.compat32)["Date"]
    try:
        moment = parsedate_to_datetime(str(date))
    except (TypeError, ValueError):
        raise BenchError(
            f"{item.source_file}: message {item.id} has no Date this bench can read ({date!r})"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def write_config(path: Path, workdir: Path, item: Item, account: str) -> None:
    """A config for the candidate of ``item``'s file: the name, the zone, one account with the
    settings ``account`` and the candidate's address, and interviews tracked from mail."""
    name, address = parseaddr(item.user)
    path.write_text(
        f"""\
[store]
path = {json.dumps(str(workdir / "watcher.db"))}

[user]
name = {json.dumps(name or address.split("@")[0])}

[policy]
timezone = {json.dumps(item.timezone)}

[tracking]
from_mail = "track"

[notify]
desktop = false

[[accounts]]
name = "personal"
{account}addresses = [{json.dumps(address.lower())}]
""",
        encoding="utf-8",
    )


def run_cli(config: Path, env: dict[str, str], *args: str) -> Any:
    """Run `watcher --config CONFIG ARGS` in this process; return its JSON output."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--config", str(config), *args], env=env, stdout=out, stderr=err)
    if code != 0:
        raise BenchError(f"watcher {' '.join(args)} exited with {code}: {err.getvalue().strip()}")
    return json.loads(out.getvalue())


def timed_check(config: Path, env: dict[str, str], cwd: Path, now: datetime) -> tuple[float, Any]:
    """`watcher check --json --now NOW` in a child process; return its wall time and JSON."""
    command = [benchlib.PYTHON, "-m", "watcher", "--config", str(config), "check", "--json"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--now", now.isoformat()], env=env, cwd=cwd, capture_output=True, check=False
    )
    seconds = time.perf_counter() - started
    # A check that ran exits 1 when something it tried failed (a draft that waits for a role,
    # say): it still prints its report, whose errors the scores count. Anything else stops.
    report = None
    if done.returncode in (0, 1):
        with contextlib.suppress(ValueError):
            report = json.loads(done.stdout)
    if not isinstance(report, dict) or (done.returncode == 1 and not report.get("errors")):
        raise BenchError(
            f"watcher check --now {now.isoformat()} exited with {done.returncode}: "
            f"{done.stderr.decode(errors='replace').strip()}"
        )
    return seconds, report


def run_mailbox(items: Sequence[Item], mailbox: Mailbox, workdir: Path) -> Figures:
    """Deliver ``items`` (one mailbox file) one by one to ``mailbox``, check after each from an
    empty store in ``workdir``, and return the figures."""
    scorer = Scorer(items[0].source_file)
    env = benchlib.isolated_env(workdir)
    config = workdir / "config.toml"
    write_config(config, workdir, items[0], mailbox.account(workdir))
    now = datetime.min.replace(tzinfo=UTC)
    for item in items:
        when = sent_at(item)
        mailbox.deliver(item.folder, item.raw, when)
        now = max(now, when + JUST_AFTER)
        try:
            seconds, report = timed_check(config, env, workdir, now)
            rows = run_cli(
                config, env, "track", "list", "--all", "--json", "--now", now.isoformat()
            )
        except BenchError as error:
            raise BenchError(f"{item.source_file}, after message {item.id}: {error}") from None
        scorer.observe(item, rows, report, seconds)
    scorer.finish()
    return scorer.figures


@contextlib.contextmanager
def mailboxes(backend: str, dovecot: DovecotServer | None) -> Iterator[Iterator[Mailbox]]:
    """Yield an endless supply of new mailboxes of ``backend``: users of ``dovecot``, or Gmail
    test servers (each stopped when the block ends)."""
    if backend == "imap":
        assert dovecot is not None
        server = dovecot

        def users() -> Iterator[Mailbox]:
            while True:
                yield DovecotMailbox(server)

        yield users()
        return
    started: list[GmailServer] = []

    def servers() -> Iterator[Mailbox]:
        while True:
            gmail = GmailServer(address="candidate@invalid.example").start()
            started.append(gmail)
            yield GmailMailbox(gmail)

    try:
        yield servers()
    finally:
        for gmail in started:
            gmail.stop()


def run_part(
    files: Mapping[str, Sequence[Item]],
    backend: str,
    root: Path,
    dovecot: DovecotServer | None = None,
) -> Figures:
    """Run every mailbox of ``files`` on ``backend``; return the figures summed."""
    total = Figures()
    with mailboxes(backend, dovecot) as supply:
        for name, items in files.items():
            workdir = root / backend / Path(name).stem
            figures = run_mailbox(items, next(supply), workdir)
            say(
                f"  {backend} {name}: {len(items)} messages, found {figures.found} of "
                f"{figures.interviews}, {len(figures.misses)} misses, "
                f"{sum(figures.seconds):.1f} s of checks"
            )
            total.add(figures)
    return total


# ---------------------------------------------------------------------------------------------
# The report.


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "0/0 (-)"


def checks(figures: Figures) -> list[tuple[str, bool]]:
    """The targets, each as (text, held)."""
    f = figures

    def all_of(name: str, part: int, whole: int) -> tuple[str, bool]:
        return f"{name} {share(part, whole)} = 100 %", part == whole

    return [
        (
            f"interviews found {share(f.found, f.interviews)} >= {FOUND_TARGET:.0%}",
            f.found >= FOUND_TARGET * f.interviews,
        ),
        all_of("times right to the minute", f.times_right, f.found),
        all_of("reschedules applied", f.reschedules_applied, f.reschedules),
        all_of("cancellations applied", f.cancellations_applied, f.cancellations),
        (f"interviews created from traps {f.trap_created} = 0", f.trap_created == 0),
        (f"duplicates {f.duplicates} = 0", f.duplicates == 0),
    ]


def table(results: Mapping[str, Figures]) -> list[str]:
    """The figures, a column per backend."""

    def seconds(f: Figures) -> str:
        if not f.seconds:
            return "-"
        return f"{statistics.median(f.seconds):.2f} / {max(f.seconds):.2f}"

    rows: list[tuple[str, Any, str]] = [
        ("interviews found", lambda f: share(f.found, f.interviews), ">= 95 %"),
        ("  times right to the minute", lambda f: share(f.times_right, f.found), "100 %"),
        ("  panel right", lambda f: share(f.panel_right, f.found), ""),
        ("  people right", lambda f: share(f.people_right, f.found), ""),
        (
            "reschedules applied",
            lambda f: share(f.reschedules_applied, f.reschedules),
            "100 %",
        ),
        (
            "cancellations applied",
            lambda f: share(f.cancellations_applied, f.cancellations),
            "100 %",
        ),
        ("interviews created from traps", lambda f: f"{f.trap_created} of {f.traps}", "0"),
        ("  traps that moved or cancelled one", lambda f: f"{f.trap_changed} of {f.traps}", ""),
        ("duplicates", lambda f: str(f.duplicates), "0"),
        (
            "checks reporting errors or skipped mail",
            lambda f: f"{f.checks_with_errors} of {len(f.seconds)}",
            "",
        ),
        ("time per check, median / max s", seconds, ""),
        ("  all checks, s", lambda f: f"{sum(f.seconds):.1f}", ""),
    ]
    names = list(results)
    cells = [
        [label, *(str(figure(results[n])) for n in names), target] for label, figure, target in rows
    ]
    head = ["", *names, "target"]
    widths = [max(len(r[c]) for r in [head, *cells]) for c in range(len(head))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True)).rstrip()
        for r in [head, *cells]
    ]


def load_part(folder: Path, only: str | None, authors: Sequence[str] = ()) -> dict[str, list[Item]]:
    """The mailbox files of ``folder`` (only the one named ``only``, if given; only those of
    ``authors``, by their names' prefix such as ``invites-c``, if given), by file name; raise
    BenchError naming what is wrong."""
    if not folder.is_dir():
        raise BenchError(f"no corpus folder {folder}")
    try:
        items = invites.load(folder)
    except invites.CorpusError as error:
        raise BenchError(f"the corpus is not valid: {error}") from None
    files: dict[str, list[Item]] = {}
    for item in items:
        files.setdefault(item.source_file, []).append(item)
    if only is not None:
        wanted = only if only.endswith(".toml") else f"{only}.toml"
        if wanted not in files:
            raise BenchError(
                f"--mailbox {only}: no such file in {folder} (there are {', '.join(files)})"
            )
        files = {wanted: files[wanted]}
    for author in authors:
        if not any(name.startswith(f"{author}-") for name in files):
            raise BenchError(f"--author {author}: no file {author}-*.toml in {folder}")
    if authors:
        files = {
            name: found
            for name, found in files.items()
            if any(name.startswith(f"{author}-") for author in authors)
        }
    if not files:
        raise BenchError(f"{folder} holds no mailbox file (*.toml)")
    return files


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else "",
        epilog="Targets, on each backend: interviews found >= 95 %, times right to the minute "
        "100 % of those found, reschedules and cancellations applied 100 %, 0 interviews "
        "created from traps, 0 duplicates. Exit status: 0 when every target holds, 1 when one "
        "is missed, 2 on an error. Progress goes to stderr, the figures to stdout.",
    )
    parser.add_argument(
        "--part",
        choices=invites.PARTS,
        default="train",
        help="the part of tests/data/invites to run (default: train; heldout is for measuring "
        "only, never for tuning)",
    )
    parser.add_argument(
        "--backend",
        choices=[*BACKENDS, "both"],
        default="imap",
        help="deliver to a real Dovecot over IMAP, to the Gmail test server, or both "
        "(default: imap)",
    )
    parser.add_argument(
        "--mailbox",
        metavar="NAME",
        help="run one mailbox file of the training part alone (such as invites-t-03)",
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="list each miss with the id of the message that shows it (training part only)",
    )
    parser.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME",
        help="only the files of this author (their names' prefix, such as invites-c); "
        "repeatable, and allowed on the held-out part",
    )
    parser.add_argument("--json-out", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.part == "heldout" and (args.errors or args.mailbox):
        option = "--errors" if args.errors else "--mailbox"
        parser.error(
            f"{option} is for the training part only: the held-out part is for measuring, "
            "never for tuning; run it whole, without --errors and --mailbox"
        )
    return args


def as_json(
    args: argparse.Namespace,
    files: Mapping[str, Sequence[Item]],
    results: Mapping[str, Figures],
    info: Mapping[str, str],
) -> dict[str, Any]:
    def figures(f: Figures) -> dict[str, Any]:
        found: dict[str, Any] = {
            **f.counts(),
            "seconds": f.seconds,
            "targets": [{"target": text, "held": held} for text, held in checks(f)],
        }
        if args.part == "train":
            found["misses"] = [vars(m) for m in f.misses]
        return found

    return {
        "args": vars(args),
        "machine": dict(info),
        "mailboxes": {name: len(items) for name, items in files.items()},
        "backends": {name: figures(f) for name, f in results.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    backends = list(BACKENDS) if args.backend == "both" else [args.backend]
    try:
        files = load_part(invites.ROOT / args.part, args.mailbox, args.author)
    except BenchError as error:
        say(f"invitations benchmark: {error}")
        return 2
    if "imap" in backends and DOVECOT is None:
        say("invitations benchmark: dovecot is not installed (apt-get install dovecot-imapd)")
        return 2
    benchlib.unwind_on_signals()
    root = Path(tempfile.mkdtemp(prefix="watcher-bench-invites-"))
    results: dict[str, Figures] = {}
    dovecot = DovecotServer() if "imap" in backends else None
    try:
        if dovecot is not None:
            dovecot.start()
        benchlib.warm_up(root, "watcher.cli, watcher.app, watcher.engine, watcher.invites")
        for backend in backends:
            say(f"{backend}: {len(files)} mailboxes of the {args.part} part ...")
            results[backend] = run_part(files, backend, root, dovecot)
    except (BenchError, RuntimeError, OSError, subprocess.CalledProcessError) as error:
        say(f"invitations benchmark failed: {error}")
        return 2
    finally:
        if dovecot is not None:
            dovecot.cleanup()
        shutil.rmtree(root, ignore_errors=True)

    info = {
        **benchlib.machine(),
        "code": benchlib.code_version("watcher", "tests/servers", "bench/invites_mailbox.py"),
    }
    if dovecot is not None:
        info["dovecot"] = benchlib.dovecot_version(DOVECOT)
    messages = sum(len(items) for items in files.values())
    expects = Counter(item.expect for items in files.values() for item in items)
    benchlib.print_header(
        "watcher invitations benchmark (end to end)",
        f"part: {args.part}, {len(files)} mailboxes, {messages} messages "
        f"({', '.join(f'{k} {n}' for k, n in sorted(expects.items()))})",
        f"machine: {benchlib.describe(info)}",
        f"code: {info['code']}",
    )
    print("\n".join(table(results)))
    missed = []
    print()
    for backend, figures in results.items():
        lines, missed_here = benchlib.verdicts(checks(figures))
        print("\n".join(f"{line[:4]}  {backend}: {line[6:]}" for line in lines))
        missed += missed_here
    if args.errors:
        for backend, figures in results.items():
            print(f"\nmisses, {backend} ({len(figures.misses)}):")
            for miss in figures.misses:
                print(f"  {miss.line()}")
    if args.json_out:
        try:
            Path(args.json_out).write_text(
                json.dumps(as_json(args, files, results, info), indent=2, default=str) + "\n",
                encoding="utf-8",
            )
        except OSError as error:
            say(f"invitations benchmark: cannot write --json-out {args.json_out}: {error}")
            return 2
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
