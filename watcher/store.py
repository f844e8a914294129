"""The state of watcher in one SQLite file: interviews (processes and their rounds), their events,
commitments, reflections, the interviews found in mail (suggestions) and what the user is to be
told of them (news), and the ledger of planned and done actions.

This is the only module that uses sqlite3, and the only one that touches the state's files. The
file is created with mode 0600 (its parent directories with 0700), runs in WAL mode with foreign
keys on, and carries its schema version in ``PRAGMA user_version``; :data:`MIGRATIONS` upgrades it
one version at a time. Every write runs in an explicit transaction (:meth:`Store.transaction`),
and no sqlite3 exception escapes: each one becomes a :class:`~watcher.errors.StoreError` that
says what happened, chosen by SQLite's error code or the errno (a full disk, a read-only file or
directory, another program's write lock, a damaged file), or a
:class:`~watcher.errors.NotFoundError` when it names a missing interview.

One writer at a time: the commands that write open the store with :meth:`Store.writing`, which
holds its writer lock (an exclusive ``flock`` on the file beside it, :func:`lock_file`) for the
whole block, so that two checks cannot both plan and append the same drafts. The commands that
only read use :meth:`Store.open_read_only` (SQLite's ``mode=ro``) and take no lock.

Datetimes are stored as ISO 8601 text in UTC with microseconds, so text order is time order, and
come back as aware UTC datetimes; naive datetimes are refused with ValueError. Enums are stored by
value; addresses and domains in lower case.

A :class:`Store` belongs to the thread that opened it; another thread or process opens its own.
"""

from __future__ import annotations

import _thread  # threading's lock and thread ids, without importing threading at every start
import errno
import fcntl
import json
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType

from watcher.errors import NotFoundError, StoreError, StoreInUseError
from watcher.models import (
    ActionKind,
    Commitment,
    Correction,
    EarlierMail,
    Event,
    EventKind,
    Expectation,
    Folders,
    FolderState,
    Format,
    Interest,
    Interview,
    Judgment,
    News,
    Outcome,
    Person,
    PersonRole,
    Reflection,
    ReplyKind,
    Round,
    Sighting,
    SightingKind,
    Source,
    Suggestion,
    SuggestionState,
    Timeline,
)
from watcher.record import record
from watcher.spans import Span, parse_span

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    import threading
    from typing import Self

_SCHEMA_V1 = """
CREATE TABLE interviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company TEXT NOT NULL,
    role TEXT NOT NULL,
    at TEXT NOT NULL,
    format TEXT NOT NULL,
    expect TEXT,
    topic TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    outcome TEXT,
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX interviews_by_at ON interviews (at, id);

CREATE TABLE people (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('interviewer', 'contact')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL,
    PRIMARY KEY (interview_id, role, position)
);

CREATE TABLE domains (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    domain TEXT NOT NULL,
    PRIMARY KEY (interview_id, position)
);
CREATE INDEX domains_by_domain ON domains (domain);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    reply_kind TEXT,
    action TEXT,
    sender TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '[]',
    message_id TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    until TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_by_interview ON events (interview_id, at, id);
CREATE INDEX events_by_at ON events (at, id);
CREATE UNIQUE INDEX events_unique_message ON events (interview_id, kind, message_id)
    WHERE message_id <> '';

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    due TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX commitments_by_interview ON commitments (interview_id, due, id);

CREATE TABLE reflections (
    interview_id INTEGER PRIMARY KEY REFERENCES interviews (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    felt TEXT NOT NULL DEFAULT '',
    went_well TEXT NOT NULL DEFAULT '',
    hard TEXT NOT NULL DEFAULT '',
    learned TEXT NOT NULL DEFAULT '',
    takeaways TEXT NOT NULL DEFAULT ''
);

CREATE TABLE ledger (
    key TEXT PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '',
    planned_at TEXT NOT NULL,
    done_at TEXT,
    result TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_by_interview ON ledger (interview_id);
CREATE INDEX ledger_pending ON ledger (planned_at, key) WHERE done_at IS NULL;
"""

_SCHEMA_V2 = """
ALTER TABLE events ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE TABLE sync_state (
    account TEXT NOT NULL,
    folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL,
    highest_modseq INTEGER,
    uidnext INTEGER,
    terms_key TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account, folder)
);
"""
"""Version 2: the mail account an event came from, and where each folder's sync stopped."""

_SCHEMA_V3 = """
CREATE TABLE account_folders (
    account TEXT PRIMARY KEY,
    inbox TEXT NOT NULL,
    sent TEXT,
    drafts TEXT,
    listed_at TEXT NOT NULL
);
"""
"""Version 3: the folders each account's server listed (so a check need not LIST each time)."""

_SCHEMA_V4 = """
CREATE TABLE skipped (
    account TEXT NOT NULL,
    folder TEXT NOT NULL,
    uid INTEGER NOT NULL,
    message_id TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (account, folder, uid)
);
"""
"""Version 4: the messages a check could not use, and why (the sync moved past them)."""

_SCHEMA_V5 = """
CREATE TABLE judgments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    folder TEXT NOT NULL,
    uid INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    date TEXT NOT NULL,
    sender TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    thread TEXT NOT NULL DEFAULT '',
    interview_id INTEGER REFERENCES interviews (id) ON DELETE SET NULL,
    match TEXT NOT NULL DEFAULT '',
    kind TEXT,
    counts_as_reply INTEGER NOT NULL DEFAULT 0,
    evidence TEXT NOT NULL DEFAULT '[]',
    corrected INTEGER NOT NULL DEFAULT 0,
    judged_at TEXT NOT NULL,
    UNIQUE (account, folder, uid)
);
CREATE INDEX judgments_by_message ON judgments (message_id, id);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL,
    thread TEXT NOT NULL,
    sender TEXT NOT NULL,
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    kind TEXT,
    at TEXT NOT NULL,
    UNIQUE (thread, sender, interview_id)
);
"""
"""Version 5: how each fetched message was judged and why (the newest
:data:`JUDGMENTS_KEPT`), and the user's corrections of misread mail."""

_SCHEMA_V6 = """
ALTER TABLE interviews ADD COLUMN interest TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE interviews ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN topic TEXT NOT NULL DEFAULT '';
"""
"""Version 6: what the user tells about an interview: how much they want the job (interest),
the language of its drafts ('' for the config's), and what was discussed with each person."""

_SCHEMA_V7 = """
ALTER TABLE interviews ADD COLUMN source TEXT NOT NULL DEFAULT 'hand';
ALTER TABLE interviews ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN cancelled_at TEXT;
CREATE TABLE rounds (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    at TEXT NOT NULL,
    format TEXT NOT NULL,
    interviewers TEXT NOT NULL DEFAULT '[]',
    uid TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0,
    message_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (interview_id, position)
);
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL DEFAULT '',
    uid TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0,
    company TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    start_at TEXT,
    end_at TEXT,
    format TEXT NOT NULL,
    interviewers TEXT NOT NULL DEFAULT '[]',
    domains TEXT NOT NULL DEFAULT '[]',
    thread TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'ignored', 'cancelled')),
    interview_id INTEGER REFERENCES interviews (id) ON DELETE SET NULL,
    seen_at TEXT NOT NULL,
    decided_at TEXT
);
CREATE INDEX suggestions_by_state ON suggestions (state, id);
CREATE TABLE news (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    headline TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    interview_id INTEGER REFERENCES interviews (id) ON DELETE CASCADE,
    suggestion_id INTEGER REFERENCES suggestions (id) ON DELETE CASCADE,
    message_id TEXT NOT NULL DEFAULT '',
    told_at TEXT,
    told_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX news_untold ON news (at, id) WHERE told_at IS NULL;
"""
"""Version 7: interviews found in mail. Each interview is a process with rounds: the columns of
``interviews`` (and its interviewers in ``people``) are its latest round's, with where it came
from (``source``: 'hand' or 'mail'), its calendar event (``uid``, ``sequence``), its invitation
(``message_id``) and ``cancelled_at``; ``rounds`` holds the earlier rounds (the interviews of
version 6 are processes of one round: none). ``suggestions`` keeps every interview a check found
in mail and what became of it; ``news`` what a check did on its own, until the user is told."""

MIGRATIONS: tuple[str, ...] = (
    _SCHEMA_V1,
    _SCHEMA_V2,
    _SCHEMA_V3,
    _SCHEMA_V4,
    _SCHEMA_V5,
    _SCHEMA_V6,
    _SCHEMA_V7,
)
"""SQL scripts in order: ``MIGRATIONS[i]`` brings the schema from version i to version i + 1.

Append new scripts; never edit one that has shipped. Each runs in one transaction with foreign
keys on (a table rebuild must keep the rows its children point to).
"""


JUDGMENTS_KEPT = 20_000
"""How many judgments the store keeps: the newest; older ones go in the transaction that adds."""
_JUDGMENTS_PER_WRITE = 1000
"""Judgments turned into rows and written at a time, within the one transaction that adds."""


@record
class LedgerEntry:
    """An action the engine planned (``done_at`` is None) or did, keyed by the action's key."""

    key: str
    interview_id: int
    kind: str
    payload: str
    planned_at: datetime
    done_at: datetime | None
    result: str


def _no_interview(interview_id: int) -> str:
    return f"there is no interview #{interview_id}: `watcher track list --all` shows the ids"


def _no_suggestion(suggestion_id: int) -> str:
    return f"there is no suggestion #{suggestion_id}: `watcher track suggested --all` shows the ids"


def _dump_dt(value: datetime, name: str) -> str:
    """Given an aware datetime, return it as ISO 8601 text in UTC with microseconds.

    Raise ValueError if it is naive (a programming error).
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, not the naive {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _dump_opt_dt(value: datetime | None, name: str) -> str | None:
    return None if value is None else _dump_dt(value, name)


def _load_dt(text: str) -> datetime:
    """Given stored ISO 8601 text, return the aware UTC datetime. Raise ValueError if naive."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"the stored time {text!r} has no UTC offset")
    return value.astimezone(UTC)


def _load_opt_dt(text: str | None) -> datetime | None:
    return None if text is None else _load_dt(text)


def _dump_date(value: date | None, name: str) -> str | None:
    """Given a date (not a datetime), return its ISO text. Raise ValueError for a datetime."""
    if value is None:
        return None
    if isinstance(value, datetime):
        raise ValueError(f"{name} must be a date, not the datetime {value!r}")
    return value.isoformat()


def _dump_expect(expect: Expectation | None) -> str | None:
    """Given an expectation, return str(Span) or the date's ISO text (None stays None)."""
    if isinstance(expect, Span):
        return str(expect)
    return _dump_date(expect, "Interview.expect")


def _load_expect(text: str | None) -> Expectation | None:
    """Given stored text, return the date or Span it holds. Raise ValueError if it is neither."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return parse_span(text)


def _dump_people(people: Sequence[Person]) -> str:
    """Given people, return them as stored in a JSON column: name, address (lower case), topic."""
    return json.dumps(
        [{"name": p.name, "address": p.address.lower(), "topic": p.topic} for p in people],
        ensure_ascii=False,
    )


def _load_people(text: str, role: PersonRole) -> tuple[Person, ...]:
    """Given a JSON column of people, return them with ``role``. Raise ValueError, TypeError or
    KeyError if it holds something else."""
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError(f"expected a list of people, not {type(items).__name__}")
    return tuple(
        Person(str(item["name"]), str(item["address"]), role, str(item.get("topic", "")))
        for item in items
    )


def _statements(script: str) -> list[str]:
    """Given an SQL script, return its statements one by one (triggers and literals kept whole)."""
    statements: list[str] = []
    buffer = ""
    pieces = script.split(";")
    for index, piece in enumerate(pieces):
        buffer += piece
        if index < len(pieces) - 1:
            buffer += ";"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _make_dirs(directory: Path) -> None:
    """Given a directory, create it and every missing parent with mode 0700. Raise OSError."""
    missing: list[Path] = []
    current = directory
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)


def _filter(column: str, only: int | None) -> tuple[str, tuple[int, ...]]:
    """Given a column and an optional id, return a WHERE clause and its parameters."""
    if only is None:
        return "", ()
    return f"WHERE {column} = ?", (only,)


_FIX = "point [store] path elsewhere or move the file away"

LOCK_SUFFIX = ".lock"
"""A store's writer lock is the file beside it with this suffix added (``watcher.db.lock``)."""
LOCK_POLL = 0.05
"""Seconds between two tries at a writer lock that another process holds."""
BUSY_TIMEOUT = 10.0
"""Seconds SQLite waits for another connection's write lock before it gives up (SQLITE_BUSY)."""
_FULL_BELOW = 64 * 1024
"""Free bytes under which a disk I/O error on the state is taken for a full disk."""
_STILL_READ = "commands that only read (`watcher track list`, `plan`, `check --dry-run`) still work"


def _writable(path: Path) -> bool:
    """Given a file or a directory, return whether this process may write it now."""
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _existing(directory: Path) -> Path:
    """Given a directory, return it or its nearest parent that exists."""
    while not directory.exists() and directory.parent != directory:
        directory = directory.parent
    return directory


def _read_only_fs(directory: Path) -> bool:
    """Given an existing directory, return whether its file system is mounted read-only."""
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _disk_full(directory: Path) -> bool:
    """Given a directory, return whether its file system has (almost) no room left for us."""
    try:
        stats = os.statvfs(_existing(directory))
    except OSError:
        return False
    free = stats.f_bfree if os.geteuid() == 0 else stats.f_bavail
    return free * stats.f_frsize < _FULL_BELOW


def _full(path: Path) -> StoreError:
    return StoreError(
        f"the disk holding the state database {path} is full: free some space and try again; "
        "the write that failed changed nothing"
    )


def _busy(path: Path) -> StoreError:
    return StoreError(
        f"the state database {path} is busy: another program holds its write lock (watcher's "
        "own commands wait their turn), try again once it is done"
    )


def _damaged(path: Path, err: sqlite3.Error) -> StoreError:
    return StoreError(
        f"{path} is not a watcher database or is damaged ({err}): restore a backup, or {_FIX}"
    )


def _read_only(path: Path, errno_: int | None = None, lock: Path | None = None) -> StoreError:
    """Given a state file that could not be written (the errno, if an OSError said so, and its
    lock file, if that is what could not be opened), return the StoreError that says which of
    the file, its lock file, its directory or its file system is read-only."""
    directory = _existing(path.parent)
    if errno_ == errno.EROFS or _read_only_fs(directory):
        what = f"the file system holding the state database {path} is mounted read-only"
    elif not _writable(directory):
        what = f"the directory {directory} of the state database {path} is read-only"
    elif path.exists() and not _writable(path):
        what = f"the state database {path} is a read-only file"
    elif lock is not None and lock.exists() and not _writable(lock):
        what = f"the lock file {lock} of the state database is read-only"
    else:
        what = f"the state database {path} cannot be written (permission denied)"
    return StoreError(
        f"{what}: watcher can change nothing until it is writable (or [store] path points "
        f"elsewhere); {_STILL_READ}"
    )


def _settled(path: Path) -> bool:
    """Given a state file, return whether all of it is in the file itself: no -wal file beside
    it holds transactions (a connection that writes keeps one; a reader that closes leaves it
    empty)."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _unreadable(path: Path, err: sqlite3.Error) -> StoreError:
    return StoreError(
        f"cannot read the state database {path} without writing beside it "
        f"({err.sqlite_errorname}: its directory is read-only and {path.name}-wal holds "
        "transactions, as it is in use or was not closed cleanly): run any watcher command "
        "once where the directory is writable, or read a copy"
    )


def _sqlite_failure(
    path: Path, err: sqlite3.Error, *, reading: bool = False, otherwise: str = ""
) -> StoreError:
    """Given an sqlite3 error met on the state file ``path`` (by a store that only reads, with
    ``reading``), return the StoreError that says what happened and its fix, chosen by SQLite's
    error code rather than its message; ``otherwise`` is the message of an error with no better
    explanation (a generic one when empty)."""
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else -1
    if primary == sqlite3.SQLITE_FULL or (
        primary == sqlite3.SQLITE_IOERR and _disk_full(path.parent)
    ):
        return _full(path)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return _busy(path)
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return _damaged(path, err)
    if primary == sqlite3.SQLITE_CANTOPEN and path.is_file() and not os.access(path, os.R_OK):
        return StoreError(
            f"cannot read the state database {path} (permission denied): run watcher as the "
            f"user who owns it, or {_FIX}"
        )
    if reading and code == sqlite3.SQLITE_READONLY:
        return StoreError(
            f"the state database {path} was opened to be read, not written: this is a bug in "
            "watcher, please report it"
        )
    read_only = primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM) or (
        primary == sqlite3.SQLITE_CANTOPEN
        and path.is_file()
        and not (_writable(path) and _writable(path.parent))
    )
    if read_only:
        return _unreadable(path, err) if reading else _read_only(path)
    if primary == sqlite3.SQLITE_IOERR:
        return StoreError(
            f"the disk failed while reading or writing the state database {path} "
            f"({err.sqlite_errorname}): check the disk (`dmesg` may say why), then try again"
        )
    return StoreError(
        otherwise
        or f"the state database {path} failed ({err}): check the file, its permissions and "
        f"free disk space, or {_FIX}"
    )


def _os_failure(path: Path, err: OSError, otherwise: str, lock: Path | None = None) -> StoreError:
    """Given an OSError met while making the state file ``path``, its directory or its
    ``lock`` file ready for writing, return the StoreError that says why (``otherwise`` when no
    more precise reason is known)."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return _full(path)
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _read_only(path, err.errno, lock)
    return StoreError(otherwise)


@record
class Holder:
    """Who holds a store's writer lock, as it wrote itself in the lock file: its process id and
    what it does ("watcher run"); ``pid`` is None while that is not known."""

    pid: int | None = None
    purpose: str = ""

    def __str__(self) -> str:
        return "a watcher process" if self.pid is None else f"pid {self.pid}: {self.purpose}"


@record
class Writer:
    """A request for a store's writer lock (see :meth:`Store.writing`).

    ``purpose`` is what the caller does, written in the lock file for the others to read
    ("watcher check"); the caller waits at most ``wait`` seconds for another holder, ``waiting``
    is called once (with that holder) when it has to wait, and a set ``stop`` ends the wait at
    once.
    """

    purpose: str
    wait: float
    waiting: Callable[[Holder], None] | None = None
    stop: threading.Event | None = None


def lock_file(path: Path) -> Path:
    """Given the path of a state file, return the path of its writer lock file."""
    return path.with_name(path.name + LOCK_SUFFIX)


_held: dict[Path, int] = {}
"""The writer locks this process holds: lock file -> the thread that holds it."""
_held_guard = _thread.allocate_lock()


def _holder(fd: int) -> Holder:
    """Given the open lock file, return who wrote itself in it as the holder."""
    try:
        text = os.pread(fd, 512, 0).decode("utf-8", "replace")
    except OSError:
        return Holder()
    pid, _, purpose = text.strip().partition(" ")
    return Holder(int(pid), purpose.strip() or "watcher") if pid.isdigit() else Holder()


def _in_use(path: Path, holder: Holder, writer: Writer) -> StoreInUseError:
    who = "another watcher" if holder.pid is None else f"another watcher ({holder})"
    if writer.stop is not None and writer.stop.is_set():
        return StoreInUseError(f"stopped waiting for {who} to finish with {path}")
    how_long = f" for over {writer.wait:g} s" if writer.wait > 0 else ""
    if holder.pid is None:
        fix = ""
    elif holder.purpose.startswith("watcher run"):
        fix = " (a check of the daemon waits on a slow mail server: its log says which)"
    else:
        fix = f", or stop it if it is stuck (`kill {holder.pid}`)"
    return StoreInUseError(
        f"{who} has been writing to the state database {path}{how_long}: try again once it is "
        f"done{fix}"
    )


def _acquire(fd: int, path: Path, writer: Writer) -> None:
    """Take the lock of the open lock file ``fd`` for ``writer``, polling every
    :data:`LOCK_POLL` seconds while another holds it. Raise StoreInUseError (naming the
    holder) when the writer's wait is over or its ``stop`` is set; StoreError if the file
    system cannot lock."""
    started = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError as err:  # ENOLCK: a file system without locks (some network ones)
            raise StoreError(
                f"cannot lock the state database {path} ({err.strerror or err}): keep it on a "
                f"local disk, or {_FIX}"
            ) from err
        holder = _holder(fd)
        waited = time.monotonic() - started
        if waited >= writer.wait or (writer.stop is not None and writer.stop.is_set()):
            raise _in_use(path, holder, writer)
        # The holder names itself a moment after it takes the lock: give it that moment.
        if not told and writer.waiting is not None and (holder.pid is not None or waited > 0.5):
            told = True
            writer.waiting(holder)
        if writer.stop is not None:
            writer.stop.wait(LOCK_POLL)
        else:
            time.sleep(LOCK_POLL)


@contextmanager
def _writer_lock(path: Path, writer: Writer) -> Iterator[None]:
    """Hold the writer lock of the state file ``path`` for the block (see
    :meth:`Store.writing`)."""
    lock = lock_file(path)
    try:
        _make_dirs(path.parent)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as err:
        raise _os_failure(
            path, err, f"cannot open the lock file {lock} ({err.strerror or err}): {_FIX}", lock
        ) from err
    key = lock.resolve()
    me = _thread.get_ident()
    try:
        with _held_guard:
            if _held.get(key) == me:
                raise RuntimeError(
                    f"this thread already holds the writer lock {lock}: a nested writer would "
                    "wait for itself"
                )
        _acquire(fd, path, writer)
        with _held_guard:
            _held[key] = me
        try:
            # Who holds it, for a waiter to name; on a full disk it stays unnamed, locked all
            # the same.
            with suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()} {' '.join(writer.purpose.split())}\n".encode(), 0)
            yield
        finally:
            with _held_guard:
                _held.pop(key, None)
            with suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class Store:
    """The state database; open it with :meth:`Store.open`, ideally as a context manager.

    Two processes writing at once must not interleave a check's reads and writes (both would
    append the same drafts): every command that writes opens it with :meth:`Store.writing`,
    which holds the store's writer lock; the commands that only read use
    :meth:`Store.open_read_only` and take no lock.
    """

    def __init__(
        self, path: Path, connection: sqlite3.Connection, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._conn = connection
        self._depth = 0
        self._closed = False

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Given the path of the state file, return the open Store, creating and migrating it.

        It takes no lock (see :meth:`writing`). Raise StoreError, saying what happened and the
        fix, if the file or its directory cannot be created or opened (read-only, disk full),
        if it is not a watcher database or is damaged, or if a newer watcher wrote it.
        """
        try:
            _make_dirs(path.parent)
        except OSError as err:
            raise _os_failure(
                path,
                err,
                f"cannot create the directory for the state database {path} "
                f"({err.strerror or err}): {_FIX}",
            ) from err
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
            os.close(fd)
        except OSError as err:
            raise _os_failure(
                path, err, f"cannot open the state database {path} ({err.strerror or err}): {_FIX}"
            ) from err
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
        except sqlite3.Error as err:
            raise _sqlite_failure(
                path, err, otherwise=f"cannot open the state database {path} ({err}): {_FIX}"
            ) from err
        store = cls(path, connection)
        try:
            store._prepare()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    @contextmanager
    def writing(cls, path: Path, writer: Writer) -> Iterator[Store]:
        """Given the path of the state file and a :class:`Writer`, take the store's writer
        lock, open the store (as :meth:`open`) and return it for the block; leaving the block
        closes the store and releases the lock.

        The lock is an exclusive ``flock`` on ``<path>.lock`` (:func:`lock_file`), created with
        mode 0600 in the store's directory, held by one open file at a time: another process,
        or another thread of this one, waits for it. Its holder writes its process id and
        ``writer.purpose`` in it, so that a waiter can say who it waits for. The lock is gone
        with the process that held it, whatever killed it. It is not re-entrant: a thread that
        holds it and asks again gets RuntimeError rather than waiting for itself.

        Raise StoreInUseError (naming the holder and the fix) if another holds the lock for
        longer than ``writer.wait`` seconds or ``writer.stop`` is set meanwhile; StoreError as
        :meth:`open` does, or if the lock file cannot be made (a read-only directory, say so).
        """
        with _writer_lock(path, writer), cls.open(path) as store:
            yield store

    @classmethod
    def open_read_only(cls, path: Path, *, upgrade: bool = False) -> Store:
        """Given the path of the state file, return a Store that only reads it: SQLite opens it
        with ``mode=ro``, nothing is written and no lock is taken (a writer may work meanwhile;
        each read sees one committed state).

        With ``upgrade``, a missing file is first created and an older schema upgraded, as
        :meth:`open` does (that needs write access once); without it (dry runs, which write
        nothing) both are refused. In a directory this process cannot write, SQLite cannot make
        the -shm file it reads a WAL database with: there, when no -wal file holds transactions
        (a connection writing it, or one that did not close cleanly, would keep them there), the
        file is read as immutable, which is safe unless someone starts writing it during the
        read (only another user, one who may write that directory, could).

        Raise StoreError if there is no such file (without ``upgrade``), if it cannot be read
        (saying why), if it is not a watcher database or is damaged, or if its schema is not
        the current one and cannot be upgraded here.
        """
        if not path.is_file():
            if not upgrade:
                raise StoreError(
                    f"there is no state database at {path} yet: nothing is tracked; add an "
                    "interview with `watcher track add`"
                )
            cls.open(path).close()
        store, version = cls._read_version(path)
        if version < len(MIGRATIONS) and upgrade:
            store.close()
            if not (_writable(path) and _writable(path.parent)):
                raise StoreError(
                    f"{path} has schema version {version} and this watcher needs version "
                    f"{len(MIGRATIONS)}, an upgrade it cannot write there (the file or its "
                    "directory is read-only): run watcher once where it can write the file"
                )
            cls.open(path).close()
            store, version = cls._read_version(path)
        if version != len(MIGRATIONS):
            store.close()
            store._check_version(version)
            raise StoreError(
                f"{path} has schema version {version} and needs an upgrade first: run "
                "`watcher track list` (or any command without --dry-run), then try again"
            )
        return store

    @classmethod
    def _read_version(cls, path: Path) -> tuple[Store, int]:
        """Open ``path`` read-only (immutable where that is the only way, see
        :meth:`open_read_only`) and return the store and its schema version."""
        store = cls._read_only_connection(path, immutable=False)
        try:
            return store, store._user_version()
        except sqlite3.Error as err:
            store.close()
            code = getattr(err, "sqlite_errorcode", None)
            if code == sqlite3.SQLITE_CANTOPEN and not _writable(path.parent) and _settled(path):
                fallback = cls._read_only_connection(path, immutable=True)
                try:
                    return fallback, fallback._user_version()
                except sqlite3.Error as again:
                    fallback.close()
                    raise _sqlite_failure(path, again, reading=True) from again
            raise _sqlite_failure(path, err, reading=True) from err

    @classmethod
    def _read_only_connection(cls, path: Path, *, immutable: bool) -> Store:
        query = "?mode=ro&immutable=1" if immutable else "?mode=ro"
        try:
            connection = sqlite3.connect(
                file_uri(path.resolve()) + query,
                uri=True,
                isolation_level=None,
                timeout=BUSY_TIMEOUT,
            )
        except sqlite3.Error as err:
            raise _sqlite_failure(
                path,
                err,
                reading=True,
                otherwise=f"cannot open the state database {path} ({err}): {_FIX}",
            ) from err
        connection.row_factory = sqlite3.Row
        return cls(path, connection, read_only=True)

    def _prepare(self) -> None:
        """Set the connection up, check the file is ours, and migrate it to the latest schema."""
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            version = self._user_version()
        except sqlite3.Error as err:
            raise _sqlite_failure(self.path, err) from err
        self._check_version(version)
        try:
            self._conn.execute("PRAGMA journal_mode = WAL").fetchall()
        except sqlite3.Error as err:
            raise _sqlite_failure(
                self.path,
                err,
                otherwise=f"cannot switch the state database {self.path} to WAL mode ({err}): "
                f"{_FIX}",
            ) from err
        self._migrate()

    def _user_version(self) -> int:
        row = self._conn.execute("PRAGMA user_version").fetchone()
        return int(row[0])

    def _check_version(self, version: int) -> None:
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} has schema version {version}, written by a newer watcher than this "
                f"one (which knows up to version {len(MIGRATIONS)}): upgrade watcher"
            )

    def _migrate(self) -> None:
        """Apply the missing migrations, each in its own transaction, re-reading the version
        under the write lock so that two processes opening the file at once cannot both apply one.
        """
        while True:
            with self.transaction():
                try:
                    version = self._user_version()
                    self._check_version(version)
                    if version == len(MIGRATIONS):
                        return
                    if version == 0:
                        (count,) = self._conn.execute(
                            "SELECT count(*) FROM sqlite_master"
                        ).fetchone()
                        if count:
                            raise StoreError(
                                f"{self.path} is an SQLite database that watcher did not create: "
                                f"{_FIX}"
                            )
                    for statement in _statements(MIGRATIONS[version]):
                        self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version = {version + 1:d}")
                except sqlite3.Error as err:
                    raise _sqlite_failure(
                        self.path,
                        err,
                        otherwise=f"cannot upgrade the state database {self.path} to schema "
                        f"version {len(MIGRATIONS)} ({err}): {_FIX}",
                    ) from err

    def close(self) -> None:
        """Close the connection (a second close does nothing)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._conn.close()
        except sqlite3.Error as err:
            raise StoreError(f"cannot close the state database {self.path} ({err})") from err

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """Return the schema version of the open file (``PRAGMA user_version``)."""
        self._check_open()
        try:
            return self._user_version()
        except sqlite3.Error as err:
            raise self._error(err) from err

    # -- low level -----------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the state database {self.path} is already closed")

    def _error(self, err: sqlite3.Error, interview_id: int | None = None) -> Exception:
        """Given an sqlite3 error, return the WatcherError to raise in its place."""
        if (
            getattr(err, "sqlite_errorcode", None) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
            and interview_id is not None
        ):
            return NotFoundError(_no_interview(interview_id))
        return _sqlite_failure(self.path, err, reading=self.read_only)

    def _execute(
        self, sql: str, params: Sequence[object] = (), *, interview_id: int | None = None
    ) -> sqlite3.Cursor:
        self._check_open()
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as err:
            raise self._error(err, interview_id) from err

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._check_open()
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.Error as err:
            raise self._error(err) from err

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        self._check_open()
        try:
            rows: list[sqlite3.Row] = self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise self._error(err) from err
        return rows

    def _rollback(self) -> None:
        if self._closed or not self._conn.in_transaction:
            return
        try:
            self._conn.execute("ROLLBACK")
        except sqlite3.Error as err:
            raise self._error(err) from err

    @contextmanager
    def _begin(self, statement: str) -> Iterator[None]:
        if self._depth > 0:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._execute(statement)
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        try:
            self._execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Return a context manager for one write transaction (BEGIN IMMEDIATE ... COMMIT).

        An exception leaving the block rolls every write in it back and propagates. Nested use
        joins the outermost transaction: only the outermost block commits or rolls back, so a
        command can group several writes into one. Raise StoreError if the database cannot
        begin or commit (for example when another process holds the write lock too long).
        """
        with self._begin("BEGIN IMMEDIATE"):
            yield

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Return a context manager for a read transaction, so several queries see one state."""
        with self._begin("BEGIN DEFERRED"):
            yield

    # -- interviews ----------------------------------------------------------------------------

    @staticmethod
    def _interview_values(interview: Interview) -> tuple[object, ...]:
        """Given an interview, return its column values: company, role, at, format, expect,
        topic, note, outcome, closed_at, interest, language, source, uid, sequence, message_id,
        cancelled_at.

        Raise ValueError if a datetime is naive or a field has the wrong kind of value.
        """
        return (
            interview.company,
            interview.role,
            _dump_dt(interview.at, "Interview.at"),
            Format(interview.format).value,
            _dump_expect(interview.expect),
            interview.topic,
            interview.note,
            None if interview.outcome is None else Outcome(interview.outcome).value,
            _dump_opt_dt(interview.closed_at, "Interview.closed_at"),
            Interest(interview.interest).value,
            interview.language,
            Source(interview.source).value,
            interview.uid,
            int(interview.sequence),
            interview.message_id,
            _dump_opt_dt(interview.cancelled_at, "Interview.cancelled_at"),
        )

    def _write_people(self, interview_id: int, interview: Interview) -> None:
        people = [
            (interview_id, role.value, position, person.name, person.address.lower(), person.topic)
            for role, group in (
                (PersonRole.INTERVIEWER, interview.interviewers),
                (PersonRole.CONTACT, interview.contacts),
            )
            for position, person in enumerate(group)
        ]
        self._execute_many(
            "INSERT INTO people (interview_id, role, position, name, address, topic) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            people,
        )
        domains = [
            (interview_id, position, domain.lower())
            for position, domain in enumerate(interview.domains)
        ]
        self._execute_many(
            "INSERT INTO domains (interview_id, position, domain) VALUES (?, ?, ?)", domains
        )
        rounds = [
            (
                interview_id,
                position,
                _dump_dt(round_.at, "Round.at"),
                Format(round_.format).value,
                _dump_people(round_.interviewers),
                round_.uid,
                int(round_.sequence),
                round_.message_id,
            )
            for position, round_ in enumerate(interview.rounds)
        ]
        self._execute_many(
            "INSERT INTO rounds (interview_id, position, at, format, interviewers, uid, "
            "sequence, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rounds,
        )

    def add_interview(self, interview: Interview, now: datetime) -> Interview:
        """Given an interview (its id and created_at are ignored) and the time, store it with
        its people and domains, and return it as stored: with its new id and created_at=now.

        Raise ValueError if a datetime is naive; StoreError if the database fails.
        """
        values = self._interview_values(interview)
        stamp = _dump_dt(now, "now")
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO interviews (company, role, at, format, expect, topic, note, "
                "outcome, closed_at, interest, language, source, uid, sequence, message_id, "
                "cancelled_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, stamp, stamp),
            )
            new_id = cursor.lastrowid
            if new_id is None:  # pragma: no cover - sqlite3 always sets it after an INSERT
                raise StoreError(f"the state database {self.path} gave the new interview no id")
            self._write_people(new_id, interview)
            return self._load_interviews(new_id)[0]

    def update_interview(self, interview: Interview, now: datetime) -> None:
        """Given a stored interview (found by its id) and the time, replace all its fields,
        people, domains and rounds (created_at stays as it was).

        Raise NotFoundError if there is no such interview; ValueError if a datetime is naive.
        """
        values = self._interview_values(interview)
        stamp = _dump_dt(now, "now")
        with self.transaction():
            cursor = self._execute(
                "UPDATE interviews SET company = ?, role = ?, at = ?, format = ?, expect = ?, "
                "topic = ?, note = ?, outcome = ?, closed_at = ?, interest = ?, language = ?, "
                "source = ?, uid = ?, sequence = ?, message_id = ?, cancelled_at = ?, "
                "updated_at = ? WHERE id = ?",
                (*values, stamp, interview.id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(_no_interview(interview.id))
            self._execute("DELETE FROM people WHERE interview_id = ?", (interview.id,))
            self._execute("DELETE FROM domains WHERE interview_id = ?", (interview.id,))
            self._execute("DELETE FROM rounds WHERE interview_id = ?", (interview.id,))
            self._write_people(interview.id, interview)

    def delete_interview(self, interview_id: int) -> None:
        """Given an interview id, delete the interview and everything recorded about it
        (people, domains, events, commitments, reflection, ledger entries).

        Raise NotFoundError if there is no such interview.
        """
        with self.transaction():
            cursor = self._execute("DELETE FROM interviews WHERE id = ?", (interview_id,))
            if cursor.rowcount == 0:
                raise NotFoundError(_no_interview(interview_id))

    def get_interview(self, interview_id: int) -> Interview:
        """Given an interview id, return the interview.

        Raise NotFoundError if there is no such interview.
        """
        with self._snapshot():
            found = self._load_interviews(interview_id)
        if not found:
            raise NotFoundError(_no_interview(interview_id))
        return found[0]

    def interviews(self) -> list[Interview]:
        """Return every interview, ordered by when it is (or was), then by id."""
        with self._snapshot():
            return self._load_interviews(None)

    def _load_interviews(self, only: int | None) -> list[Interview]:
        """Given an interview id or None for all, return the interviews in four queries."""
        where, params = _filter("id", only)
        rows = self._query(f"SELECT * FROM interviews {where} ORDER BY at, id", params)  # noqa: S608
        where, params = _filter("interview_id", only)
        people: defaultdict[tuple[int, str], list[Person]] = defaultdict(list)
        for row in self._query(
            f"SELECT * FROM people {where} ORDER BY interview_id, role, position",  # noqa: S608
            params,
        ):
            role = PersonRole(row["role"])
            people[row["interview_id"], role.value].append(
                Person(row["name"], row["address"], role, row["topic"])
            )
        domains: defaultdict[int, list[str]] = defaultdict(list)
        for row in self._query(
            f"SELECT * FROM domains {where} ORDER BY interview_id, position",  # noqa: S608
            params,
        ):
            domains[row["interview_id"]].append(row["domain"])
        rounds: defaultdict[int, list[Round]] = defaultdict(list)
        try:
            for row in self._query(
                f"SELECT * FROM rounds {where} ORDER BY interview_id, position",  # noqa: S608
                params,
            ):
                rounds[row["interview_id"]].append(
                    Round(
                        at=_load_dt(row["at"]),
                        format=Format(row["format"]),
                        interviewers=_load_people(row["interviewers"], PersonRole.INTERVIEWER),
                        uid=row["uid"],
                        sequence=row["sequence"],
                        message_id=row["message_id"],
                    )
                )
        except (ValueError, TypeError, KeyError) as err:
            raise self._corrupt("a round of an interview", err) from err
        try:
            return [
                Interview(
                    id=row["id"],
                    company=row["company"],
                    role=row["role"],
                    at=_load_dt(row["at"]),
                    format=Format(row["format"]),
                    interviewers=tuple(people[row["id"], PersonRole.INTERVIEWER.value]),
                    contacts=tuple(people[row["id"], PersonRole.CONTACT.value]),
                    domains=tuple(domains[row["id"]]),
                    expect=_load_expect(row["expect"]),
                    topic=row["topic"],
                    note=row["note"],
                    outcome=None if row["outcome"] is None else Outcome(row["outcome"]),
                    closed_at=_load_opt_dt(row["closed_at"]),
                    created_at=_load_dt(row["created_at"]),
                    interest=Interest(row["interest"]),
                    language=row["language"],
                    source=Source(row["source"]),
                    uid=row["uid"],
                    sequence=row["sequence"],
                    message_id=row["message_id"],
                    cancelled_at=_load_opt_dt(row["cancelled_at"]),
                    rounds=tuple(rounds[row["id"]]),
                )
                for row in rows
            ]
        except ValueError as err:
            raise self._corrupt("an interview", err) from err

    def _corrupt(self, what: str, err: Exception) -> StoreError:
        return StoreError(
            f"the state database {self.path} holds {what} watcher cannot read ({err}): "
            f"restore a backup or {_FIX}"
        )

    # -- events --------------------------------------------------------------------------------

    def add_event(self, event: Event) -> Event:
        """Given an event (its id is ignored), store it and return it as stored, with its id.

        When its message_id is not empty and the interview already has an event of the same kind
        for that message, return the stored one unchanged instead (recording is idempotent).
        Raise NotFoundError if the interview does not exist; ValueError if a datetime is naive.
        """
        values = (
            event.interview_id,
            EventKind(event.kind).value,
            _dump_dt(event.at, "Event.at"),
            None if event.reply_kind is None else ReplyKind(event.reply_kind).value,
            None if event.action is None else ActionKind(event.action).value,
            event.sender,
            json.dumps([recipient.lower() for recipient in event.recipients]),
            event.message_id,
            event.subject,
            _dump_date(event.until, "Event.until"),
            event.note,
            event.account,
        )
        with self.transaction():
            if event.message_id:
                existing = self._query(
                    "SELECT * FROM events WHERE interview_id = ? AND kind = ? AND message_id = ?",
                    (*values[:2], event.message_id),
                )
                if existing:
                    return self._event(existing[0])
            cursor = self._execute(
                "INSERT INTO events (interview_id, kind, at, reply_kind, action, sender, "
                "recipients, message_id, subject, until, note, account) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
                interview_id=event.interview_id,
            )
            rows = self._query("SELECT * FROM events WHERE id = ?", (cursor.lastrowid,))
            return self._event(rows[0])

    def events(self, interview_id: int) -> list[Event]:
        """Given an interview id, return its events ordered by time, then id (none if unknown)."""
        rows = self._query(
            "SELECT * FROM events WHERE interview_id = ? ORDER BY at, id", (interview_id,)
        )
        return [self._event(row) for row in rows]

    def _event(self, row: sqlite3.Row) -> Event:
        try:
            return Event(
                id=row["id"],
                interview_id=row["interview_id"],
                kind=EventKind(row["kind"]),
                at=_load_dt(row["at"]),
                reply_kind=None if row["reply_kind"] is None else ReplyKind(row["reply_kind"]),
                action=None if row["action"] is None else ActionKind(row["action"]),
                sender=row["sender"],
                recipients=tuple(str(item) for item in json.loads(row["recipients"])),
                message_id=row["message_id"],
                subject=row["subject"],
                until=None if row["until"] is None else date.fromisoformat(row["until"]),
                note=row["note"],
                account=row["account"],
            )
        except (ValueError, TypeError) as err:
            raise self._corrupt(f"event #{row['id']}", err) from err

    # -- commitments ---------------------------------------------------------------------------

    def add_commitment(self, interview_id: int, what: str, due: datetime) -> Commitment:
        """Given an interview id, what the user promised and when it is due, store the
        commitment and return it with its id.

        Raise NotFoundError if the interview does not exist; ValueError if due is naive.
        """
        stamp = _dump_dt(due, "due")
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO commitments (interview_id, what, due) VALUES (?, ?, ?)",
                (interview_id, what, stamp),
                interview_id=interview_id,
            )
            rows = self._query("SELECT * FROM commitments WHERE id = ?", (cursor.lastrowid,))
            return self._commitment(rows[0])

    def complete_commitment(
        self, interview_id: int, commitment_id: int, at: datetime
    ) -> Commitment:
        """Given an interview id, one of its commitment ids and the time, mark the commitment
        done and return it (one already done keeps the time it was first done).

        Raise NotFoundError if that interview has no such commitment; ValueError if at is naive.
        """
        stamp = _dump_dt(at, "at")
        with self.transaction():
            cursor = self._execute(
                "UPDATE commitments SET done_at = COALESCE(done_at, ?) "
                "WHERE id = ? AND interview_id = ?",
                (stamp, commitment_id, interview_id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(
                    f"interview #{interview_id} has no commitment #{commitment_id}: check both "
                    "ids (`watcher track list --all` shows the interviews)"
                )
            rows = self._query("SELECT * FROM commitments WHERE id = ?", (commitment_id,))
            return self._commitment(rows[0])

    def commitments(self, interview_id: int) -> list[Commitment]:
        """Given an interview id, return its commitments ordered by due time, then id."""
        rows = self._query(
            "SELECT * FROM commitments WHERE interview_id = ? ORDER BY due, id", (interview_id,)
        )
        return [self._commitment(row) for row in rows]

    def _commitment(self, row: sqlite3.Row) -> Commitment:
        try:
            return Commitment(
                id=row["id"],
                interview_id=row["interview_id"],
                what=row["what"],
                due=_load_dt(row["due"]),
                done_at=_load_opt_dt(row["done_at"]),
            )
        except ValueError as err:
            raise self._corrupt(f"commitment #{row['id']}", err) from err

    # -- reflections ---------------------------------------------------------------------------

    def set_reflection(self, reflection: Reflection) -> None:
        """Given a reflection, store it, replacing the interview's previous one if any.

        Raise NotFoundError if the interview does not exist; ValueError if its time is naive.
        """
        values = (
            reflection.interview_id,
            _dump_dt(reflection.at, "Reflection.at"),
            reflection.felt,
            reflection.went_well,
            reflection.hard,
            reflection.learned,
            reflection.takeaways,
        )
        with self.transaction():
            self._execute(
                "INSERT INTO reflections "
                "(interview_id, at, felt, went_well, hard, learned, takeaways) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (interview_id) DO UPDATE SET at = excluded.at, "
                "felt = excluded.felt, went_well = excluded.went_well, hard = excluded.hard, "
                "learned = excluded.learned, takeaways = excluded.takeaways",
                values,
                interview_id=reflection.interview_id,
            )

    def reflection(self, interview_id: int) -> Reflection | None:
        """Given an interview id, return its reflection, or None if there is none."""
        rows = self._query("SELECT * FROM reflections WHERE interview_id = ?", (interview_id,))
        return self._reflection(rows[0]) if rows else None

    def _reflection(self, row: sqlite3.Row) -> Reflection:
        try:
            return Reflection(
                interview_id=row["interview_id"],
                at=_load_dt(row["at"]),
                felt=row["felt"],
                went_well=row["went_well"],
                hard=row["hard"],
                learned=row["learned"],
                takeaways=row["takeaways"],
            )
        except ValueError as err:
            raise self._corrupt(f"the reflection on interview #{row['interview_id']}", err) from err

    # -- timelines -----------------------------------------------------------------------------

    def timeline(self, interview_id: int) -> Timeline:
        """Given an interview id, return everything known about the interview.

        Raise NotFoundError if there is no such interview.
        """
        with self._snapshot():
            found = self._load_timelines(interview_id)
        if not found:
            raise NotFoundError(_no_interview(interview_id))
        return found[0]

    def timelines(self) -> list[Timeline]:
        """Return the timeline of every interview, ordered as :meth:`interviews`.

        It takes seven queries whatever the number of interviews, all in one read transaction.
        """
        with self._snapshot():
            return self._load_timelines(None)

    def _load_timelines(self, only: int | None) -> list[Timeline]:
        interviews = self._load_interviews(only)
        where, params = _filter("interview_id", only)
        events: defaultdict[int, list[Event]] = defaultdict(list)
        for row in self._query(
            f"SELECT * FROM events {where} ORDER BY at, id",  # noqa: S608
            params,
        ):
            events[row["interview_id"]].append(self._event(row))
        commitments: defaultdict[int, list[Commitment]] = defaultdict(list)
        for row in self._query(
            f"SELECT * FROM commitments {where} ORDER BY due, id",  # noqa: S608
            params,
        ):
            commitments[row["interview_id"]].append(self._commitment(row))
        reflections = {
            row["interview_id"]: self._reflection(row)
            for row in self._query(f"SELECT * FROM reflections {where}", params)  # noqa: S608
        }
        return [
            Timeline(
                interview=interview,
                events=tuple(events[interview.id]),
                commitments=tuple(commitments[interview.id]),
                reflection=reflections.get(interview.id),
            )
            for interview in interviews
        ]

    # -- interviews found in mail ------------------------------------------------------------

    @staticmethod
    def _sighting_values(sighting: Sighting) -> tuple[object, ...]:
        """Given a sighting, return its columns: kind, message_id, uid, sequence, company,
        role, start_at, end_at, format, interviewers, domains, thread, evidence."""
        return (
            SightingKind(sighting.kind).value,
            sighting.message_id,
            sighting.uid,
            int(sighting.sequence),
            sighting.company,
            sighting.role,
            _dump_opt_dt(sighting.start, "Sighting.start"),
            _dump_opt_dt(sighting.end, "Sighting.end"),
            Format(sighting.format).value,
            _dump_people(sighting.interviewers),
            json.dumps([d.lower() for d in sighting.domains]),
            sighting.thread,
            sighting.evidence,
        )

    def add_suggestion(
        self,
        sighting: Sighting,
        state: SuggestionState,
        seen_at: datetime,
        *,
        interview_id: int | None = None,
        account: str = "",
    ) -> Suggestion:
        """Given an interview found in mail, its state, when it was found, the interview it
        concerns (a process it is the next round of, or what it became) and the account it was
        found in, store it and return it with its id.

        Raise NotFoundError if ``interview_id`` names no interview; ValueError if a datetime is
        naive.
        """
        stamp = _dump_dt(seen_at, "seen_at")
        decided = None if state is SuggestionState.PENDING else stamp
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO suggestions (kind, message_id, uid, sequence, company, role, "
                "start_at, end_at, format, interviewers, domains, thread, evidence, account, "
                "state, interview_id, seen_at, decided_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    *self._sighting_values(sighting),
                    account,
                    SuggestionState(state).value,
                    interview_id,
                    stamp,
                    decided,
                ),
                interview_id=interview_id,
            )
            rows = self._query("SELECT * FROM suggestions WHERE id = ?", (cursor.lastrowid,))
            return self._suggestion(rows[0])

    def update_suggestion(self, suggestion: Suggestion) -> None:
        """Given a stored suggestion (found by its id), replace its sighting, state, interview
        and decided_at (seen_at and account stay as they were).

        Raise NotFoundError if there is no such suggestion, or if its ``interview_id`` names no
        interview; ValueError if a datetime is naive.
        """
        with self.transaction():
            cursor = self._execute(
                "UPDATE suggestions SET kind = ?, message_id = ?, uid = ?, sequence = ?, "
                "company = ?, role = ?, start_at = ?, end_at = ?, format = ?, interviewers = ?, "
                "domains = ?, thread = ?, evidence = ?, state = ?, interview_id = ?, "
                "decided_at = ? WHERE id = ?",
                (
                    *self._sighting_values(suggestion.sighting),
                    SuggestionState(suggestion.state).value,
                    suggestion.interview_id,
                    _dump_opt_dt(suggestion.decided_at, "Suggestion.decided_at"),
                    suggestion.id,
                ),
                interview_id=suggestion.interview_id,
            )
            if cursor.rowcount == 0:
                raise NotFoundError(_no_suggestion(suggestion.id))

    def suggestion(self, suggestion_id: int) -> Suggestion:
        """Given a suggestion's id, return it. Raise NotFoundError if there is none."""
        rows = self._query("SELECT * FROM suggestions WHERE id = ?", (suggestion_id,))
        if not rows:
            raise NotFoundError(_no_suggestion(suggestion_id))
        return self._suggestion(rows[0])

    def suggestions(self, *states: SuggestionState) -> list[Suggestion]:
        """Return the suggestions in ``states`` (every one when none is given), oldest first."""
        if states:
            marks = ", ".join("?" for _ in states)
            rows = self._query(
                f"SELECT * FROM suggestions WHERE state IN ({marks}) ORDER BY id",  # noqa: S608
                [SuggestionState(state).value for state in states],
            )
        else:
            rows = self._query("SELECT * FROM suggestions ORDER BY id")
        return [self._suggestion(row) for row in rows]

    def _suggestion(self, row: sqlite3.Row) -> Suggestion:
        try:
            sighting = Sighting(
                kind=SightingKind(row["kind"]),
                message_id=row["message_id"],
                uid=row["uid"],
                sequence=row["sequence"],
                company=row["company"],
                role=row["role"],
                start=_load_opt_dt(row["start_at"]),
                end=_load_opt_dt(row["end_at"]),
                format=Format(row["format"]),
                interviewers=_load_people(row["interviewers"], PersonRole.INTERVIEWER),
                domains=tuple(str(d) for d in json.loads(row["domains"])),
                thread=row["thread"],
                evidence=row["evidence"],
            )
            return Suggestion(
                id=row["id"],
                sighting=sighting,
                state=SuggestionState(row["state"]),
                seen_at=_load_dt(row["seen_at"]),
                interview_id=row["interview_id"],
                decided_at=_load_opt_dt(row["decided_at"]),
                account=row["account"],
            )
        except (ValueError, TypeError, KeyError) as err:
            raise self._corrupt(f"suggestion #{row['id']}", err) from err

    def add_news(
        self,
        key: str,
        headline: str,
        text: str,
        at: datetime,
        *,
        interview_id: int | None = None,
        suggestion_id: int | None = None,
        message_id: str = "",
    ) -> bool:
        """Given what a check did on its own (a stable ``key``, a headline and a text), when,
        the interview or suggestion it is about and the message that made it, record it to be
        told and return True; return False (and change nothing) if the key was recorded
        already.

        Raise NotFoundError if the interview does not exist; ValueError if ``at`` is naive.
        """
        stamp = _dump_dt(at, "at")
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO news (key, headline, text, at, interview_id, suggestion_id, "
                "message_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                (key, headline, text, stamp, interview_id, suggestion_id, message_id),
                interview_id=interview_id,
            )
            return cursor.rowcount == 1

    def untold_news(self, since: datetime) -> list[News]:
        """Return the news recorded at ``since`` or later and not told yet, oldest first."""
        rows = self._query(
            "SELECT * FROM news WHERE told_at IS NULL AND at >= ? ORDER BY at, id",
            (_dump_dt(since, "since"),),
        )
        return [self._news(row) for row in rows]

    def news(self) -> list[News]:
        """Return every news recorded, oldest first."""
        return [self._news(row) for row in self._query("SELECT * FROM news ORDER BY at, id")]

    def mark_told(self, news_ids: Sequence[int], at: datetime, how: str) -> None:
        """Record that these news were told at ``at`` (``how``: by which notifier, or why they
        need not be); news told already keep their first mark."""
        stamp = _dump_dt(at, "at")
        with self.transaction():
            self._execute_many(
                "UPDATE news SET told_at = ?, told_by = ? WHERE id = ? AND told_at IS NULL",
                [(stamp, how, news_id) for news_id in news_ids],
            )

    def _news(self, row: sqlite3.Row) -> News:
        try:
            return News(
                id=row["id"],
                key=row["key"],
                headline=row["headline"],
                text=row["text"],
                at=_load_dt(row["at"]),
                interview_id=row["interview_id"],
                suggestion_id=row["suggestion_id"],
                message_id=row["message_id"],
                told_at=_load_opt_dt(row["told_at"]),
            )
        except ValueError as err:
            raise self._corrupt(f"news #{row['id']}", err) from err

    # -- ledger --------------------------------------------------------------------------------

    def ledger_plan(
        self, key: str, interview_id: int, kind: str, payload: str, at: datetime
    ) -> bool:
        """Given an action's key, its interview, kind, payload and the time, record it as
        planned and return True; return False (and change nothing) if the key is already there.

        Raise NotFoundError if the interview does not exist; ValueError if at is naive.
        """
        stamp = _dump_dt(at, "at")
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO ledger (key, interview_id, kind, payload, planned_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                (key, interview_id, kind, payload, stamp),
                interview_id=interview_id,
            )
            return cursor.rowcount == 1

    def ledger_done(self, key: str, at: datetime, result: str) -> None:
        """Given a planned key, the time and a result, record the action as done.

        Raise StoreError if the key was never planned; ValueError if at is naive.
        """
        stamp = _dump_dt(at, "at")
        with self.transaction():
            cursor = self._execute(
                "UPDATE ledger SET done_at = ?, result = ? WHERE key = ?", (stamp, result, key)
            )
            if cursor.rowcount == 0:
                raise StoreError(
                    f"the ledger has no planned action {key!r}: plan it with ledger_plan first"
                )

    def ledger_entry(self, key: str) -> LedgerEntry | None:
        """Given a key, return its ledger entry, or None if it was never planned."""
        rows = self._query("SELECT * FROM ledger WHERE key = ?", (key,))
        return self._ledger_entry(rows[0]) if rows else None

    def ledger_pending(self) -> list[LedgerEntry]:
        """Return the entries planned but not done, oldest first."""
        rows = self._query("SELECT * FROM ledger WHERE done_at IS NULL ORDER BY planned_at, key")
        return [self._ledger_entry(row) for row in rows]

    # -- sync state ----------------------------------------------------------------------------

    def sync_state(self, account: str, folder: str) -> FolderState | None:
        """Given an account and a folder, return where its last sync stopped, or None."""
        rows = self._query(
            "SELECT * FROM sync_state WHERE account = ? AND folder = ?", (account, folder)
        )
        if not rows:
            return None
        row = rows[0]
        return FolderState(
            uidvalidity=row["uidvalidity"],
            last_uid=row["last_uid"],
            highest_modseq=row["highest_modseq"],
            uidnext=row["uidnext"],
            terms_key=row["terms_key"],
        )

    def sync_states(self, account: str) -> dict[str, FolderState]:
        """Given an account, return where the last sync of each of its folders stopped."""
        rows = self._query("SELECT folder FROM sync_state WHERE account = ?", (account,))
        found = {row["folder"]: self.sync_state(account, row["folder"]) for row in rows}
        return {folder: state for folder, state in found.items() if state is not None}

    def save_sync_state(self, account: str, folder: str, state: FolderState, at: datetime) -> None:
        """Record where the sync of ``folder`` in ``account`` stopped (replacing the last one)."""
        stamp = _dump_dt(at, "at")
        with self.transaction():
            self._execute(
                "INSERT INTO sync_state (account, folder, uidvalidity, last_uid, highest_modseq, "
                "uidnext, terms_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
                "last_uid = excluded.last_uid, highest_modseq = excluded.highest_modseq, "
                "uidnext = excluded.uidnext, terms_key = excluded.terms_key, "
                "updated_at = excluded.updated_at",
                (
                    account,
                    folder,
                    state.uidvalidity,
                    state.last_uid,
                    state.highest_modseq,
                    state.uidnext,
                    state.terms_key,
                    stamp,
                ),
            )

    def add_skipped(
        self, account: str, folder: str, uid: int, message_id: str, reason: str, at: datetime
    ) -> None:
        """Record that the message ``uid`` of ``folder`` could not be used, and why (a later
        failure of the same message replaces the reason)."""
        stamp = _dump_dt(at, "at")
        with self.transaction():
            self._execute(
                "INSERT INTO skipped (account, folder, uid, message_id, reason, at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, folder, uid) DO UPDATE SET "
                "message_id = excluded.message_id, reason = excluded.reason, at = excluded.at",
                (account, folder, uid, message_id, reason, stamp),
            )

    def skipped(self) -> list[tuple[str, str, int, str, str, datetime]]:
        """Return every message a check skipped: account, folder, uid, Message-ID, reason and
        when, the latest first."""
        rows = self._query("SELECT * FROM skipped ORDER BY at DESC, account, folder, uid")
        return [
            (r["account"], r["folder"], r["uid"], r["message_id"], r["reason"], _load_dt(r["at"]))
            for r in rows
        ]

    def account_folders(self, account: str) -> tuple[Folders, datetime] | None:
        """Given an account, return the folders its server last listed and when, or None."""
        rows = self._query("SELECT * FROM account_folders WHERE account = ?", (account,))
        if not rows:
            return None
        row = rows[0]
        try:
            inbox = tuple(str(name) for name in json.loads(row["inbox"]))
            listed_at = _load_dt(row["listed_at"])
        except (ValueError, TypeError) as err:
            raise self._corrupt(f"the folders of account {account!r}", err) from err
        return Folders(inbox=inbox, sent=row["sent"], drafts=row["drafts"]), listed_at

    def save_account_folders(self, account: str, folders: Folders, at: datetime) -> None:
        """Record the folders the server of ``account`` listed at ``at``."""
        stamp = _dump_dt(at, "at")
        with self.transaction():
            self._execute(
                "INSERT INTO account_folders (account, inbox, sent, drafts, listed_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET "
                "inbox = excluded.inbox, sent = excluded.sent, drafts = excluded.drafts, "
                "listed_at = excluded.listed_at",
                (account, json.dumps(list(folders.inbox)), folders.sent, folders.drafts, stamp),
            )

    def forget_account_folders(self, account: str) -> None:
        """Forget the folders listed for ``account``: the next check lists them again."""
        with self.transaction():
            self._execute("DELETE FROM account_folders WHERE account = ?", (account,))

    # -- judgments and corrections -------------------------------------------------------------

    def add_judgments(self, judgments: Sequence[Judgment], keep: int = JUDGMENTS_KEPT) -> None:
        """Record how these messages were judged, each replacing an earlier judgment of the
        same message (account, folder and UID), then forget all but the newest ``keep``
        judgments, in one transaction. Raise ValueError if a datetime is naive.

        The rows are written :data:`_JUDGMENTS_PER_WRITE` at a time (a first check may judge
        ten thousand messages; their rows are not all made at once), and the evidence that
        many judgments share (list mail of one shop) is encoded once."""
        if not judgments:
            return
        evidence: dict[tuple[str, ...], str] = {}

        def row(j: Judgment) -> tuple[object, ...]:
            said = evidence.get(j.evidence)
            if said is None:
                said = evidence[j.evidence] = json.dumps(list(j.evidence), ensure_ascii=False)
            return (
                j.account,
                j.folder,
                j.uid,
                j.message_id,
                _dump_dt(j.date, "Judgment.date"),
                j.sender,
                j.address.lower(),
                j.subject,
                j.thread,
                j.interview_id,
                j.match,
                j.kind,
                int(j.counts_as_reply),
                said,
                int(j.corrected),
                _dump_dt(j.judged_at, "Judgment.judged_at"),
            )

        with self.transaction():
            for start in range(0, len(judgments), _JUDGMENTS_PER_WRITE):
                rows = [row(j) for j in judgments[start : start + _JUDGMENTS_PER_WRITE]]
                # Deleted and inserted again rather than updated: the id is the order of judging.
                self._execute_many(
                    "DELETE FROM judgments WHERE account = ? AND folder = ? AND uid = ?",
                    [row[:3] for row in rows],
                )
                self._execute_many(
                    "INSERT INTO judgments (account, folder, uid, message_id, date, sender, "
                    "address, subject, thread, interview_id, match, kind, counts_as_reply, "
                    "evidence, corrected, judged_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
            self._execute(
                "DELETE FROM judgments WHERE id <= "
                "(SELECT id FROM judgments ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (max(keep, 0),),
            )

    def judgments_of(self, message_id: str) -> list[Judgment]:
        """Given a Message-ID (without angle brackets), return its judgments, newest first
        (one per copy: a message may be in several folders)."""
        rows = self._query(
            "SELECT * FROM judgments WHERE message_id = ? ORDER BY id DESC", (message_id,)
        )
        return [self._judgment(row) for row in rows]

    def recent_judgments(self, limit: int) -> list[Judgment]:
        """Return the ``limit`` judgments made last, newest first."""
        rows = self._query("SELECT * FROM judgments ORDER BY id DESC LIMIT ?", (max(limit, 0),))
        return [self._judgment(row) for row in rows]

    def earlier_mail(self, limit: int = JUDGMENTS_KEPT) -> list[EarlierMail]:
        """Return the mail judged last (at most ``limit`` messages, newest first), as much of
        each as a sighting may read of earlier mail: its date, From address, subject, thread
        and the company of the interview it was filed under ("" when none)."""
        rows = self._query(
            "SELECT j.date, j.address, j.subject, j.thread, COALESCE(i.company, '') AS company "
            "FROM judgments AS j LEFT JOIN interviews AS i ON i.id = j.interview_id "
            "ORDER BY j.id DESC LIMIT ?",
            (max(limit, 0),),
        )
        found: list[EarlierMail] = []
        for row in rows:
            try:
                at = _load_dt(row["date"])
            except (ValueError, TypeError):
                continue  # a judgment the store cannot read helps no sighting
            found.append(
                EarlierMail(at, row["address"], row["subject"], row["thread"], row["company"])
            )
        return found

    def _judgment(self, row: sqlite3.Row) -> Judgment:
        try:
            return Judgment(
                account=row["account"],
                folder=row["folder"],
                uid=row["uid"],
                message_id=row["message_id"],
                date=_load_dt(row["date"]),
                sender=row["sender"],
                address=row["address"],
                subject=row["subject"],
                thread=row["thread"],
                interview_id=row["interview_id"],
                match=row["match"],
                kind=row["kind"],
                counts_as_reply=bool(row["counts_as_reply"]),
                evidence=tuple(str(item) for item in json.loads(row["evidence"])),
                judged_at=_load_dt(row["judged_at"]),
                corrected=bool(row["corrected"]),
            )
        except (ValueError, TypeError) as err:
            raise self._corrupt(f"the judgment #{row['id']}", err) from err

    def add_correction(self, correction: Correction) -> None:
        """Remember the user's correction: mail from its sender in its thread is about its
        interview and of its kind (which replaces where that mail belonged before), or, with
        no kind, not about its interview.

        Raise NotFoundError if the interview does not exist; ValueError if its time is naive.
        """
        sender = correction.sender.lower()
        stamp = _dump_dt(correction.at, "Correction.at")
        kind = None if correction.kind is None else ReplyKind(correction.kind).value
        with self.transaction():
            if kind is not None:
                self._execute(
                    "DELETE FROM corrections WHERE thread = ? AND sender = ? AND kind IS NOT NULL",
                    (correction.thread, sender),
                )
            self._execute(
                "INSERT INTO corrections (message_id, thread, sender, interview_id, kind, at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (thread, sender, interview_id) DO UPDATE "
                "SET message_id = excluded.message_id, kind = excluded.kind, at = excluded.at",
                (
                    correction.message_id,
                    correction.thread,
                    sender,
                    correction.interview_id,
                    kind,
                    stamp,
                ),
                interview_id=correction.interview_id,
            )

    def corrections(self) -> list[Correction]:
        """Return every correction the user made, oldest first."""
        rows = self._query("SELECT * FROM corrections ORDER BY at, id")
        try:
            return [
                Correction(
                    message_id=row["message_id"],
                    thread=row["thread"],
                    sender=row["sender"],
                    interview_id=row["interview_id"],
                    kind=None if row["kind"] is None else ReplyKind(row["kind"]),
                    at=_load_dt(row["at"]),
                )
                for row in rows
            ]
        except ValueError as err:
            raise self._corrupt("a correction", err) from err

    def reply_events(self, message_id: str) -> list[Event]:
        """Given a Message-ID, return the reply events recorded for it, on any interview."""
        rows = self._query(
            "SELECT * FROM events WHERE kind = ? AND message_id = ? ORDER BY at, id",
            (EventKind.REPLY.value, message_id),
        )
        return [self._event(row) for row in rows]

    def delete_event(self, event_id: int) -> None:
        """Given an event's id, delete the event (nothing happens if there is none)."""
        with self.transaction():
            self._execute("DELETE FROM events WHERE id = ?", (event_id,))

    def _ledger_entry(self, row: sqlite3.Row) -> LedgerEntry:
        try:
            return LedgerEntry(
                key=row["key"],
                interview_id=row["interview_id"],
                kind=row["kind"],
                payload=row["payload"],
                planned_at=_load_dt(row["planned_at"]),
                done_at=_load_opt_dt(row["done_at"]),
                result=row["result"],
            )
        except ValueError as err:
            raise self._corrupt(f"the ledger entry {row['key']!r}", err) from err


_URI_KEPT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def file_uri(path: Path) -> str:
    """Return the ``file:`` URI of the absolute ``path``: ``Path.as_uri`` on POSIX, without
    the import of :mod:`urllib.parse` (and :mod:`ipaddress`) at every command that reads the
    store (bench/README.md, "CLI start")."""
    return "file://" + "".join(
        chr(byte) if byte in _URI_KEPT else f"%{byte:02X}" for byte in os.fsencode(path)
    )
