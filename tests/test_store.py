"""Tests of watcher.store against real SQLite files."""

from __future__ import annotations

import random
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from watcher.errors import NotFoundError, StoreError
from watcher.models import (
    ActionKind,
    Commitment,
    Correction,
    Event,
    EventKind,
    Expectation,
    Folders,
    FolderState,
    Format,
    Interest,
    Interview,
    Judgment,
    Outcome,
    Person,
    PersonRole,
    Reflection,
    ReplyKind,
    Round,
    Sighting,
    SightingKind,
    Source,
    SuggestionState,
    Timeline,
)
from watcher.record import replace
from watcher.spans import Span, Unit
from watcher.store import JUDGMENTS_KEPT, MIGRATIONS, LedgerEntry, Store

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "watcher.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


def raw(path: Path) -> closing[sqlite3.Connection]:
    """Return a plain sqlite3 connection to look behind the store's back."""
    return closing(sqlite3.connect(path))


def interview(**changes: object) -> Interview:
    base = Interview(id=0, company="Northwind", role="Backend Engineer", at=AT)
    return replace(base, **changes)  # type: ignore[arg-type]


def full_interview() -> Interview:
    return Interview(
        id=999,
        company="Contoso Ltd",
        role="Staff Engineer",
        at=datetime(2026, 3, 3, 10, 30, tzinfo=BERLIN),
        format=Format.PANEL,
        interviewers=(
            Person("Zoe Zimmer", "zoe@contoso.com", topic="the payments ledger"),
            Person("Adam Abel", "adam@contoso.com"),
            Person("", "panel@contoso.com", topic="on-call"),
        ),
        contacts=(
            Person("Rita Recruiter", "rita@talent.contoso.com", PersonRole.CONTACT, "relocation"),
        ),
        domains=("contoso.com", "contoso.greenhouse-mail.io"),
        expect=Span(5, Unit.BUSINESS_DAYS),
        topic="system design",
        note="bring the portfolio",
        outcome=Outcome.DECLINED,
        closed_at=datetime(2026, 4, 1, 9, 15, 30, 123456, tzinfo=BERLIN),
        created_at=datetime(2000, 1, 1, tzinfo=UTC),
        interest=Interest.TOP,
        language="fr",
    )


def sighting(**changes: object) -> Sighting:
    base = Sighting(
        kind=SightingKind.INVITE,
        message_id="inv@contoso.com",
        uid="evt-1@cal.contoso.com",
        sequence=2,
        company="Contoso",
        role="Staff Engineer",
        start=datetime(2026, 3, 9, 10, 0, tzinfo=BERLIN),
        end=datetime(2026, 3, 9, 11, 0, tzinfo=BERLIN),
        format=Format.PANEL,
        interviewers=(Person("Zoe Zimmer", "Zoe@Contoso.com"), Person("", "adam@contoso.com")),
        domains=("contoso.com",),
        thread="root@contoso.com",
        evidence="a calendar request: Interview",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def event(interview_id: int, **changes: object) -> Event:
    base = Event(interview_id=interview_id, kind=EventKind.REPLY, at=AT + timedelta(days=1))
    return replace(base, **changes)  # type: ignore[arg-type]


# -- interviews -----------------------------------------------------------------------------------


def test_interview_round_trip_with_every_field(store: Store) -> None:
    original = full_interview()
    added = store.add_interview(original, NOW)
    assert added.id != original.id
    expected = replace(original, id=added.id, created_at=NOW)
    assert added == expected
    assert store.get_interview(added.id) == expected
    assert store.interviews() == [expected]
    got = store.get_interview(added.id)
    assert [p.name for p in got.interviewers] == ["Zoe Zimmer", "Adam Abel", ""]
    assert [p.role for p in got.interviewers] == [PersonRole.INTERVIEWER] * 3
    assert got.contacts[0].role is PersonRole.CONTACT
    assert [p.topic for p in got.people] == ["the payments ledger", "", "on-call", "relocation"]
    assert (got.interest, got.language) == (Interest.TOP, "fr")
    assert got.domains == ("contoso.com", "contoso.greenhouse-mail.io")
    assert got.expect == Span(5, Unit.BUSINESS_DAYS)
    assert got.outcome is Outcome.DECLINED
    for value in (got.at, got.closed_at, got.created_at):
        assert value is not None
        assert value.tzinfo is UTC
    assert got.at == datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    assert got.closed_at == datetime(2026, 4, 1, 7, 15, 30, 123456, tzinfo=UTC)


def test_interview_round_trip_with_defaults(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    expected = replace(interview(), id=added.id, created_at=NOW)
    assert store.get_interview(added.id) == expected
    assert expected.format is Format.VIDEO
    assert (expected.expect, expected.outcome, expected.closed_at) == (None, None, None)
    assert (expected.interviewers, expected.contacts, expected.domains) == ((), (), ())
    assert (expected.interest, expected.language) == (Interest.NORMAL, "")
    with_person = store.add_interview(interview(interviewers=(Person("Ann", "ann@x.io"),)), NOW)
    assert store.get_interview(with_person.id).interviewers[0].topic == ""


@pytest.mark.parametrize(
    "expect",
    [
        Span(5, Unit.BUSINESS_DAYS),
        Span(1, Unit.BUSINESS_DAYS),
        Span(1, Unit.WEEKS),
        Span(2, Unit.WEEKS),
        Span(3, Unit.MONTHS),
        Span(24, Unit.HOURS),
        Span(1, Unit.MINUTES),
        Span(10, Unit.DAYS),
        date(2026, 12, 4),
        None,
    ],
    ids=str,
)
def test_expectation_round_trip(store: Store, db_path: Path, expect: Expectation | None) -> None:
    added = store.add_interview(interview(expect=expect), NOW)
    got = store.get_interview(added.id).expect
    assert got == expect
    assert type(got) is type(expect)
    with raw(db_path) as conn:
        (text,) = conn.execute("SELECT expect FROM interviews").fetchone()
    if isinstance(expect, Span):
        assert text == str(expect)
    elif isinstance(expect, date):
        assert text == expect.isoformat()
    else:
        assert text is None


def test_addresses_and_domains_are_lowercased(store: Store, db_path: Path) -> None:
    added = store.add_interview(
        interview(
            interviewers=(Person("Ann Lee", "Ann.Lee@Northwind.IO"),),
            contacts=(Person("Bo", "BO@Northwind.io", PersonRole.CONTACT),),
            domains=("Northwind.IO",),
        ),
        NOW,
    )
    got = store.get_interview(added.id)
    assert got.interviewers == (Person("Ann Lee", "ann.lee@northwind.io"),)
    assert got.contacts == (Person("Bo", "bo@northwind.io", PersonRole.CONTACT),)
    assert got.domains == ("northwind.io",)
    with raw(db_path) as conn:
        addresses = [row[0] for row in conn.execute("SELECT address FROM people ORDER BY role")]
    assert addresses == ["bo@northwind.io", "ann.lee@northwind.io"]


def test_ids_are_assigned_increasing_and_never_reused(store: Store) -> None:
    first = store.add_interview(interview(id=50), NOW)
    second = store.add_interview(interview(id=50), NOW)
    assert first.id >= 1
    assert second.id > first.id
    store.delete_interview(second.id)
    third = store.add_interview(interview(), NOW)
    assert third.id > second.id


def test_interviews_ordered_by_time_then_id(store: Store) -> None:
    late = store.add_interview(interview(company="Late", at=AT + timedelta(days=2)), NOW)
    early = store.add_interview(interview(company="Early", at=AT - timedelta(days=2)), NOW)
    tie_a = store.add_interview(interview(company="TieA", at=AT), NOW)
    # Same instant written in another zone: order must follow the instant, not the text.
    tie_b = store.add_interview(interview(company="TieB", at=AT.astimezone(BERLIN)), NOW)
    sub_second = store.add_interview(
        interview(company="Micro", at=AT - timedelta(microseconds=1)), NOW
    )
    assert [i.id for i in store.interviews()] == [
        early.id,
        sub_second.id,
        tie_a.id,
        tie_b.id,
        late.id,
    ]


def test_update_replaces_fields_people_and_domains(store: Store, db_path: Path) -> None:
    added = store.add_interview(full_interview(), NOW)
    later = NOW + timedelta(days=3)
    changed = replace(
        added,
        company="Contoso",
        at=AT,
        format=Format.ONSITE,
        interviewers=(Person("New Person", "new@contoso.com", topic="the data model"),),
        contacts=(),
        domains=("contoso.org",),
        expect=date(2026, 5, 1),
        topic="",
        note="rescheduled",
        outcome=None,
        closed_at=None,
        created_at=later,
        interest=Interest.HIGH,
        language="",
    )
    store.update_interview(changed, later)
    got = store.get_interview(added.id)
    assert got == replace(changed, created_at=NOW)
    with raw(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM people").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM domains").fetchone() == (1,)
        (updated_at,) = conn.execute("SELECT updated_at FROM interviews").fetchone()
    assert datetime.fromisoformat(updated_at) == later


def test_update_missing_interview_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match=r"there is no interview #41: "):
        store.update_interview(interview(id=41), NOW)
    assert store.interviews() == []


def test_get_missing_interview_message(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.get_interview(42)
    assert str(caught.value) == (
        "there is no interview #42: `watcher track list --all` shows the ids"
    )
    with pytest.raises(NotFoundError, match="#43"):
        store.timeline(43)


def _fill(store: Store, company: str) -> Interview:
    added = store.add_interview(full_interview(), NOW)
    added = replace(added, company=company)
    store.update_interview(added, NOW)
    store.add_event(event(added.id, message_id=f"<{company}@mail>"))
    store.add_event(event(added.id, kind=EventKind.SENT, action=ActionKind.THANK_YOU))
    store.add_commitment(added.id, "send references", AT + timedelta(days=2))
    store.set_reflection(Reflection(added.id, AT, felt="good"))
    assert store.ledger_plan(f"{company}:thank", added.id, "thank_you", "{}", NOW)
    store.add_judgments([judgment(1, f"{company}@mail", interview_id=added.id)])
    store.add_correction(
        Correction(f"{company}@mail", f"{company}@mail", "rita@x.test", added.id, None, NOW)
    )
    store.update_interview(
        added.with_rounds((Round(AT - timedelta(days=7)), *added.all_rounds)), NOW
    )
    found = store.add_suggestion(
        sighting(message_id=f"{company}-inv@mail"),
        SuggestionState.ACCEPTED,
        NOW,
        interview_id=added.id,
    )
    assert store.add_news(
        f"{company}:found", "Now tracking", "", NOW, interview_id=added.id, suggestion_id=found.id
    )
    return store.get_interview(added.id)


def test_delete_cascades_to_everything_about_the_interview(store: Store, db_path: Path) -> None:
    gone = _fill(store, "Gone")
    kept = _fill(store, "Kept")
    store.delete_interview(gone.id)
    with pytest.raises(NotFoundError):
        store.get_interview(gone.id)
    assert store.events(gone.id) == []
    assert store.commitments(gone.id) == []
    assert store.reflection(gone.id) is None
    assert store.ledger_entry("Gone:thank") is None
    with raw(db_path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        children = [
            table
            for table in tables
            if any(col[1] == "interview_id" for col in conn.execute(f"PRAGMA table_info({table})"))
        ]
        assert set(children) >= {
            "people",
            "domains",
            "events",
            "commitments",
            "reflections",
            "ledger",
            "rounds",
            "suggestions",
            "news",
        }
        for table in children:
            counts = dict(
                conn.execute(f"SELECT interview_id, count(*) FROM {table} GROUP BY interview_id")
            )
            assert gone.id not in counts, table
            assert counts[kept.id] >= 1, table
    assert store.timeline(kept.id).interview.company == "Kept"


def test_delete_missing_interview_raises_not_found(store: Store) -> None:
    store.add_interview(interview(), NOW)
    with pytest.raises(NotFoundError, match=r"#77"):
        store.delete_interview(77)
    assert len(store.interviews()) == 1


# -- events ---------------------------------------------------------------------------------------


def test_event_round_trip_with_every_field(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    original = Event(
        interview_id=added.id,
        kind=EventKind.REPLY,
        at=datetime(2026, 3, 5, 9, 0, tzinfo=BERLIN),
        reply_kind=ReplyKind.NEXT_STEP,
        action=ActionKind.FOLLOW_UP,
        sender="Rita@Northwind.io",
        recipients=("Me@Example.org", "other@example.org"),
        message_id="<abc@northwind.io>",
        subject="Re: next steps",
        until=date(2026, 3, 13),
        note="wants a second round",
        id=12345,
    )
    stored = store.add_event(original)
    assert stored.id is not None
    assert stored.id != 12345
    expected = replace(
        original,
        id=stored.id,
        recipients=("me@example.org", "other@example.org"),
    )
    assert stored == expected
    assert stored.at.tzinfo is UTC
    assert store.events(added.id) == [expected]


def test_events_ordered_by_time_then_id(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    third = store.add_event(event(added.id, at=AT + timedelta(days=3), subject="third"))
    first = store.add_event(event(added.id, at=AT + timedelta(days=1), subject="first"))
    second_a = store.add_event(event(added.id, at=AT + timedelta(days=2), subject="2a"))
    second_b = store.add_event(event(added.id, at=AT + timedelta(days=2), subject="2b"))
    assert [e.subject for e in store.events(added.id)] == ["first", "2a", "2b", "third"]
    ids = [e.id for e in (first, second_a, second_b, third)]
    assert [e.id for e in store.events(added.id)] == ids
    assert len(set(ids)) == 4


def test_add_event_is_idempotent_on_message_id(store: Store) -> None:
    one = store.add_interview(interview(), NOW)
    two = store.add_interview(interview(), NOW)
    stored = store.add_event(event(one.id, message_id="<m1@x>", subject="original"))
    again = store.add_event(
        event(one.id, message_id="<m1@x>", subject="changed", at=AT + timedelta(days=9))
    )
    assert again == stored
    assert again.subject == "original"
    assert store.events(one.id) == [stored]
    # Another kind or another interview with the same message is a different event.
    sent = store.add_event(event(one.id, kind=EventKind.SENT, message_id="<m1@x>"))
    other = store.add_event(event(two.id, message_id="<m1@x>"))
    assert len({stored.id, sent.id, other.id}) == 3
    assert len(store.events(one.id)) == 2
    assert store.events(two.id) == [other]


def test_events_without_message_id_are_all_stored(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    first = store.add_event(event(added.id, kind=EventKind.NUDGE))
    second = store.add_event(event(added.id, kind=EventKind.NUDGE))
    assert first.id != second.id
    assert store.events(added.id) == [first, second]


def test_add_event_for_missing_interview_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.add_event(event(99))
    assert str(caught.value).startswith("there is no interview #99:")
    assert store.events(99) == []


# -- commitments ----------------------------------------------------------------------------------


def test_commitments_ordered_by_due_and_completed(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    late = store.add_commitment(added.id, "send code sample", AT + timedelta(days=5))
    early = store.add_commitment(added.id, "send references", AT + timedelta(days=1))
    assert early == Commitment(early.id, added.id, "send references", AT + timedelta(days=1))
    assert store.commitments(added.id) == [early, late]
    done_at = datetime(2026, 3, 3, 8, 0, tzinfo=BERLIN)
    done = store.complete_commitment(added.id, early.id, done_at)
    assert done == replace(early, done_at=done_at)
    assert done.done_at is not None
    assert done.done_at.tzinfo is UTC
    # Completing again keeps the first completion time.
    assert store.complete_commitment(added.id, early.id, done_at + timedelta(days=1)) == done
    assert store.commitments(added.id) == [done, late]


def test_complete_commitment_of_another_interview_raises_not_found(store: Store) -> None:
    one = store.add_interview(interview(), NOW)
    two = store.add_interview(interview(), NOW)
    kept = store.add_commitment(one.id, "send references", AT)
    with pytest.raises(NotFoundError) as caught:
        store.complete_commitment(two.id, kept.id, NOW)
    assert f"interview #{two.id} has no commitment #{kept.id}" in str(caught.value)
    with pytest.raises(NotFoundError, match=f"#{one.id} has no commitment #{kept.id + 100}"):
        store.complete_commitment(one.id, kept.id + 100, NOW)
    assert store.commitments(one.id) == [kept]


def test_add_commitment_for_missing_interview_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="#5:"):
        store.add_commitment(5, "anything", AT)


# -- reflections ----------------------------------------------------------------------------------


def test_reflection_is_set_and_replaced(store: Store, db_path: Path) -> None:
    added = store.add_interview(interview(), NOW)
    assert store.reflection(added.id) is None
    first = Reflection(added.id, AT, "nervous", "intro", "sql", "remote ok", "send refs")
    store.set_reflection(first)
    assert store.reflection(added.id) == first
    second = Reflection(added.id, AT + timedelta(hours=2), felt="calm")
    store.set_reflection(second)
    assert store.reflection(added.id) == second
    with raw(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM reflections").fetchone() == (1,)


def test_set_reflection_for_missing_interview_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="#8:"):
        store.set_reflection(Reflection(8, AT))


# -- timelines ------------------------------------------------------------------------------------


def _populate(store: Store, count: int) -> list[Interview]:
    added = []
    for number in range(count):
        item = store.add_interview(
            full_interview() if number % 2 else interview(company=f"Co{number}"),
            NOW,
        )
        added.append(item)
        for day in range(number % 3):
            store.add_event(event(item.id, at=AT + timedelta(days=3 - day), subject=f"{day}"))
        if number % 2:
            store.add_commitment(item.id, "later", AT + timedelta(days=4))
            store.add_commitment(item.id, "sooner", AT + timedelta(days=1))
        if number % 3 == 0:
            store.set_reflection(Reflection(item.id, AT, felt=f"felt {number}"))
    return added


def test_timelines_equal_timeline_of_each(store: Store) -> None:
    assert store.timelines() == []
    added = _populate(store, 5)
    timelines = store.timelines()
    assert [t.interview.id for t in timelines] == [i.id for i in store.interviews()]
    assert timelines == [store.timeline(t.interview.id) for t in timelines]
    by_id = {t.interview.id: t for t in timelines}
    for item in added:
        expected = Timeline(
            interview=store.get_interview(item.id),
            events=tuple(store.events(item.id)),
            commitments=tuple(store.commitments(item.id)),
            reflection=store.reflection(item.id),
        )
        assert by_id[item.id] == expected
    assert sum(len(t.events) for t in timelines) == 0 + 1 + 2 + 0 + 1
    assert [c.what for c in by_id[added[1].id].commitments] == ["sooner", "later"]


def test_timelines_use_a_constant_number_of_queries(tmp_path: Path) -> None:
    counts = []
    for count in (1, 8):
        with Store.open(tmp_path / f"{count}.db") as store:
            _populate(store, count)
            statements: list[str] = []
            store._conn.set_trace_callback(statements.append)
            timelines = store.timelines()
            store._conn.set_trace_callback(None)
            assert len(timelines) == count
            counts.append(sum(s.lstrip().upper().startswith("SELECT") for s in statements))
    assert counts[0] == counts[1]
    assert counts[0] <= 7  # interviews, people, domains, rounds, events, commitments, reflections


# -- ledger ---------------------------------------------------------------------------------------


def test_ledger_plan_done_and_pending(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    planned_at = datetime(2026, 3, 2, 18, 0, tzinfo=BERLIN)
    assert store.ledger_plan("thank:1", added.id, "thank_you", '{"a": 1}', planned_at) is True
    assert store.ledger_plan("thank:1", added.id, "other", "changed", NOW) is False
    entry = store.ledger_entry("thank:1")
    assert entry == LedgerEntry(
        key="thank:1",
        interview_id=added.id,
        kind="thank_you",
        payload='{"a": 1}',
        planned_at=planned_at,
        done_at=None,
        result="",
    )
    assert entry.planned_at.tzinfo is UTC
    assert store.ledger_pending() == [entry]
    store.ledger_done("thank:1", NOW, "draft saved")
    done = store.ledger_entry("thank:1")
    assert done == replace(entry, done_at=NOW, result="draft saved")
    assert store.ledger_pending() == []
    assert store.ledger_plan("thank:1", added.id, "thank_you", "", NOW) is False


def test_ledger_pending_oldest_first(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    store.ledger_plan("b", added.id, "k", "", NOW + timedelta(hours=2))
    store.ledger_plan("a", added.id, "k", "", NOW + timedelta(hours=3))
    store.ledger_plan("c", added.id, "k", "", NOW + timedelta(hours=1))
    store.ledger_plan("d", added.id, "k", "", NOW)
    store.ledger_done("d", NOW, "ok")
    assert [e.key for e in store.ledger_pending()] == ["c", "b", "a"]


def test_ledger_unknown_keys(store: Store) -> None:
    assert store.ledger_entry("nope") is None
    with pytest.raises(StoreError, match="nope"):
        store.ledger_done("nope", NOW, "ok")
    with pytest.raises(NotFoundError, match="#3:"):
        store.ledger_plan("k", 3, "thank_you", "", NOW)
    assert store.ledger_pending() == []


# -- transactions ---------------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_transaction_rolls_back_on_exception(store: Store) -> None:
    with pytest.raises(Boom), store.transaction():
        added = store.add_interview(interview(), NOW)
        store.add_event(event(added.id))
        assert len(store.interviews()) == 1
        raise Boom
    assert store.interviews() == []
    assert store.events(added.id) == []
    # The store is usable afterwards.
    again = store.add_interview(interview(company="again"), NOW)
    assert [i.company for i in store.interviews()] == ["again"]
    assert store.get_interview(again.id) == again


def test_nested_transaction_failure_rolls_back_everything(store: Store) -> None:
    with pytest.raises(Boom), store.transaction():
        store.add_interview(interview(company="outer"), NOW)
        with store.transaction():
            store.add_interview(interview(company="inner"), NOW)
            raise Boom
    assert store.interviews() == []


def test_failing_store_call_rolls_back_the_group(store: Store) -> None:
    with pytest.raises(NotFoundError), store.transaction():
        added = store.add_interview(interview(), NOW)
        store.ledger_plan("x", added.id, "k", "", NOW)
        store.add_event(event(added.id + 1000))
    assert store.interviews() == []
    assert store.ledger_entry("x") is None


def test_nested_transactions_commit_once_at_the_outermost(store: Store, db_path: Path) -> None:
    def visible() -> int:
        with raw(db_path) as conn:
            (count,) = conn.execute("SELECT count(*) FROM interviews").fetchone()
        return int(count)

    with store.transaction():
        store.add_interview(interview(company="one"), NOW)
        with store.transaction():
            store.add_interview(interview(company="two"), NOW)
        assert visible() == 0
    assert visible() == 2
    assert [i.company for i in store.interviews()] == ["one", "two"]


# -- the file -------------------------------------------------------------------------------------


def test_file_modes_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "watcher.db"
    with Store.open(path) as store:
        store.add_interview(interview(), NOW)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600
        with raw(path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_schema_version_is_latest(store: Store, db_path: Path) -> None:
    assert len(MIGRATIONS) >= 1
    assert store.schema_version == len(MIGRATIONS)
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_two_stores_share_one_file(db_path: Path) -> None:
    with Store.open(db_path) as first, Store.open(db_path) as second:
        added = first.add_interview(interview(), NOW)
        assert second.get_interview(added.id) == added
        second.add_event(event(added.id, message_id="<m@x>"))
        assert len(first.events(added.id)) == 1


# One valid row per table, parents first. A migration that adds a table or a NOT NULL column
# without a default must add its sample here (the migration test says so when it is missing).
SAMPLE_ROWS: dict[str, dict[str, object]] = {
    "interviews": {
        "id": 7,
        "company": "Northwind",
        "role": "Engineer",
        "at": "2026-03-02T15:00:00.000000+00:00",
        "format": "panel",
        "expect": "1 week",
        "topic": "apis",
        "note": "n",
        "outcome": None,
        "closed_at": None,
        "created_at": "2026-03-01T12:00:00.000000+00:00",
        "updated_at": "2026-03-01T12:00:00.000000+00:00",
    },
    "people": {
        "interview_id": 7,
        "role": "interviewer",
        "position": 0,
        "name": "Ann Lee",
        "address": "ann@northwind.io",
    },
    "domains": {"interview_id": 7, "position": 0, "domain": "northwind.io"},
    "events": {
        "id": 3,
        "interview_id": 7,
        "kind": "reply",
        "at": "2026-03-03T10:00:00.000000+00:00",
        "reply_kind": "next_step",
        "action": None,
        "sender": "ann@northwind.io",
        "recipients": '["me@example.org"]',
        "message_id": "<m@northwind.io>",
        "subject": "Next steps",
        "until": "2026-03-10",
        "note": "",
    },
    "commitments": {
        "id": 4,
        "interview_id": 7,
        "what": "send references",
        "due": "2026-03-04T17:00:00.000000+00:00",
        "done_at": None,
    },
    "reflections": {
        "interview_id": 7,
        "at": "2026-03-02T17:00:00.000000+00:00",
        "felt": "fine",
        "went_well": "",
        "hard": "",
        "learned": "",
        "takeaways": "",
    },
    "account_folders": {
        "account": "personal",
        "inbox": '["INBOX"]',
        "sent": "Sent",
        "drafts": "Drafts",
        "listed_at": "2026-03-02T16:00:00.000000+00:00",
    },
    "sync_state": {
        "account": "personal",
        "folder": "INBOX",
        "uidvalidity": 1700000000,
        "last_uid": 42,
        "highest_modseq": 99,
        "uidnext": 43,
        "terms_key": "abc",
        "updated_at": "2026-03-02T16:00:00.000000+00:00",
    },
    "ledger": {
        "key": "thank_you:7",
        "interview_id": 7,
        "kind": "thank_you",
        "payload": "{}",
        "planned_at": "2026-03-02T16:00:00.000000+00:00",
        "done_at": None,
        "result": "",
    },
    "judgments": {
        "id": 5,
        "account": "personal",
        "folder": "INBOX",
        "uid": 42,
        "message_id": "m@northwind.io",
        "date": "2026-03-03T10:00:00.000000+00:00",
        "sender": "Ann Lee <ann@northwind.io>",
        "address": "ann@northwind.io",
        "subject": "Next steps",
        "thread": "m@northwind.io",
        "interview_id": 7,
        "match": "person: the sender ann@northwind.io is interviewer Ann Lee",
        "kind": "next_step",
        "counts_as_reply": 1,
        "evidence": '["person: ...", "next_step: \'next steps\'"]',
        "corrected": 0,
        "judged_at": "2026-03-03T11:00:00.000000+00:00",
    },
    "corrections": {
        "id": 6,
        "message_id": "m@northwind.io",
        "thread": "m@northwind.io",
        "sender": "ann@northwind.io",
        "interview_id": 7,
        "kind": "offer",
        "at": "2026-03-04T11:00:00.000000+00:00",
    },
    "skipped": {
        "account": "personal",
        "folder": "INBOX",
        "uid": 42,
        "message_id": "poison@example.test",
        "reason": "it could not be read (RecursionError)",
        "at": "2026-03-03T10:00:00.000000+00:00",
    },
    "rounds": {
        "interview_id": 7,
        "position": 0,
        "at": "2026-02-20T15:00:00.000000+00:00",
        "format": "phone",
        "interviewers": '[{"name": "Bo Chan", "address": "bo@northwind.io", "topic": ""}]',
        "uid": "r1@cal.northwind.io",
        "sequence": 1,
        "message_id": "inv1@northwind.io",
    },
    "suggestions": {
        "id": 8,
        "kind": "invite",
        "message_id": "inv@northwind.io",
        "uid": "r2@cal.northwind.io",
        "sequence": 0,
        "company": "Northwind",
        "role": "",
        "start_at": "2026-03-09T15:00:00.000000+00:00",
        "end_at": None,
        "format": "video",
        "interviewers": "[]",
        "domains": '["northwind.io"]',
        "thread": "inv@northwind.io",
        "evidence": "a calendar request",
        "account": "personal",
        "state": "pending",
        "interview_id": 7,
        "seen_at": "2026-03-03T11:00:00.000000+00:00",
        "decided_at": None,
    },
    "news": {
        "id": 9,
        "key": "suggested:8",
        "headline": "Interview found: Northwind, Mon 9 Mar 15:00",
        "text": "",
        "at": "2026-03-03T11:00:00.000000+00:00",
        "interview_id": 7,
        "suggestion_id": 8,
        "message_id": "inv@northwind.io",
        "told_at": None,
        "told_by": "",
    },
}


def _schema(path: Path) -> list[tuple[str, str, str]]:
    with raw(path) as conn:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()


@pytest.mark.parametrize("version", range(len(MIGRATIONS) + 1), ids=lambda v: f"from_v{v}")
def test_migrations_upgrade_and_keep_rows(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    inserted: dict[str, dict[str, object]] = {}
    with raw(path) as conn:
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
        tables = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        missing = tables - SAMPLE_ROWS.keys()
        assert not missing, f"add rows for {sorted(missing)} to SAMPLE_ROWS"
        for table, sample in SAMPLE_ROWS.items():
            if table not in tables:
                continue
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            row = {column: sample[column] for column in columns if column in sample}
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
            inserted[table] = row
        conn.commit()
    assert bool(inserted) == (version > 0)

    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        timelines = store.timelines()
        if "interviews" in inserted:
            assert [t.interview.id for t in timelines] == [7]
            assert timelines[0].interview.company == "Northwind"
        else:
            assert timelines == []

    with raw(path) as conn:
        for table, row in inserted.items():
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
            kept = {column: value for column, value in row.items() if column in columns}
            names = ", ".join(kept)
            values = conn.execute(f"SELECT {names} FROM {table}").fetchall()
            assert values == [tuple(kept.values())], table

    with Store.open(tmp_path / "fresh.db"):
        pass
    assert _schema(path) == _schema(tmp_path / "fresh.db")


def test_newer_schema_is_refused(db_path: Path) -> None:
    with Store.open(db_path):
        pass
    with raw(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer") as caught:
        Store.open(db_path)
    assert "upgrade" in str(caught.value)
    assert str(db_path) in str(caught.value)
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS) + 1,)


def test_garbage_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "watcher.db"
    garbage = random.Random(1234).randbytes(8192)
    path.write_bytes(garbage)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    assert "move the file away" in str(caught.value)
    assert path.read_bytes() == garbage


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with raw(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
    with pytest.raises(StoreError, match="did not create") as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    with raw(path) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    assert names == ["notes"]


def test_parent_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    path = blocker / "sub" / "watcher.db"
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    assert blocker.read_text() == "not a directory"


def test_directory_as_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_closed_store_raises_store_error(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.interviews()
    with pytest.raises(StoreError, match="closed"):
        store.add_interview(interview(), NOW)


# -- naive datetimes ------------------------------------------------------------------------------

NAIVE = datetime(2026, 3, 2, 15, 0)  # noqa: DTZ001 - the point of these tests


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_interview(interview(at=NAIVE), NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_interview(interview(closed_at=NAIVE), NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_interview(interview(), NAIVE)
    assert store.interviews() == []
    added = store.add_interview(interview(), NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.update_interview(replace(added, at=NAIVE), NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_event(event(added.id, at=NAIVE))
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_commitment(added.id, "x", NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.set_reflection(Reflection(added.id, NAIVE))
    with pytest.raises(ValueError, match="timezone-aware"):
        store.ledger_plan("k", added.id, "kind", "", NAIVE)
    timeline = store.timeline(added.id)
    assert timeline == Timeline(interview=added)
    assert store.ledger_entry("k") is None


def test_datetime_where_a_date_belongs_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="must be a date"):
        store.add_interview(interview(expect=AT), NOW)
    added = store.add_interview(interview(), NOW)
    with pytest.raises(ValueError, match="must be a date"):
        store.add_event(event(added.id, until=AT))
    assert store.events(added.id) == []


def test_sync_state_round_trip(store: Store) -> None:
    assert store.sync_state("personal", "INBOX") is None
    first = FolderState(uidvalidity=7, last_uid=10, highest_modseq=None, uidnext=11, terms_key="k")
    store.save_sync_state("personal", "INBOX", first, NOW)
    assert store.sync_state("personal", "INBOX") == first
    assert store.sync_state("personal", "Sent") is None
    second = FolderState(uidvalidity=8, last_uid=3, highest_modseq=5, uidnext=4, terms_key="j")
    store.save_sync_state("personal", "INBOX", second, NOW)
    assert store.sync_state("personal", "INBOX") == second


def test_event_keeps_its_account(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    stored = store.add_event(event(added.id, message_id="<a@x>", account="personal"))
    assert stored.account == "personal"
    assert store.events(added.id)[0].account == "personal"


def test_account_folders_round_trip(store: Store) -> None:
    assert store.account_folders("personal") is None
    folders = Folders(inbox=("INBOX", "Jobs"), sent="Sent", drafts=None)
    store.save_account_folders("personal", folders, NOW)
    assert store.account_folders("personal") == (folders, NOW)
    newer = Folders(inbox=("INBOX",), sent="[Gmail]/Sent Mail", drafts="[Gmail]/Drafts")
    store.save_account_folders("personal", newer, NOW + timedelta(days=1))
    assert store.account_folders("personal") == (newer, NOW + timedelta(days=1))


# -- reading without writing ----------------------------------------------------------------------


def _older(path: Path, version: int) -> None:
    """Write a state file at schema ``version`` (the first ``version`` migrations)."""
    with raw(path) as conn:
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()


def test_a_reader_creates_a_missing_store_and_upgrades_an_older_one_first(tmp_path: Path) -> None:
    missing = tmp_path / "new" / "watcher.db"
    with closing(Store.open_read_only(missing, upgrade=True)) as reader:
        assert reader.read_only and reader.interviews() == []
        assert reader.schema_version == len(MIGRATIONS)
    assert stat.S_IMODE(missing.stat().st_mode) == 0o600
    older = tmp_path / "older.db"
    _older(older, len(MIGRATIONS) - 1)
    with closing(Store.open_read_only(older, upgrade=True)) as reader:
        assert reader.schema_version == len(MIGRATIONS)


def test_a_dry_run_reader_neither_creates_nor_upgrades(tmp_path: Path) -> None:
    missing = tmp_path / "watcher.db"
    with pytest.raises(StoreError, match=r"there is no state database .* `watcher track add`"):
        Store.open_read_only(missing)
    assert not missing.exists()
    _older(missing, 2)
    before = missing.read_bytes()
    with pytest.raises(StoreError, match="has schema version 2 and needs an upgrade first"):
        Store.open_read_only(missing)
    assert missing.read_bytes() == before


def test_a_reader_sees_what_a_writer_committed_and_cannot_write(db_path: Path) -> None:
    with Store.open(db_path) as writer:
        reader = Store.open_read_only(db_path)
        try:
            added = writer.add_interview(interview(), NOW)
            assert [i.id for i in reader.interviews()] == [added.id]
            with pytest.raises(StoreError, match="opened to be read, not written"):
                reader.add_interview(interview(), NOW)
        finally:
            reader.close()


# --------------------------------------------------------------------------- judgments


def judgment(uid: int, message_id: str, **changes: object) -> Judgment:
    base = Judgment(
        account="personal",
        folder="INBOX",
        uid=uid,
        message_id=message_id,
        date=AT,
        sender="Rita <Rita@X.test>",
        address="Rita@X.test",
        subject="News",
        thread=message_id,
        interview_id=None,
        match="",
        kind=None,
        counts_as_reply=False,
        evidence=("no tie to any interview: ...",),
        judged_at=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_judgments_come_back_newest_first_and_a_copy_replaces_its_judgment(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    first = judgment(1, "a@x", interview_id=added.id, kind="rejection", counts_as_reply=True)
    store.add_judgments([first, judgment(2, "b@x")])
    assert [j.message_id for j in store.recent_judgments(10)] == ["b@x", "a@x"]
    assert store.judgments_of("a@x") == [replace(first, address="rita@x.test")]
    # Judged again (a rescan): the same message in the same place is replaced, and is newest.
    again = replace(first, kind="offer", judged_at=NOW + timedelta(days=1))
    store.add_judgments([again])
    assert [j.kind for j in store.judgments_of("a@x")] == ["offer"]
    assert [j.message_id for j in store.recent_judgments(10)] == ["a@x", "b@x"]
    assert store.recent_judgments(1)[0].message_id == "a@x"
    # A removed interview leaves the judgment, tied to nothing.
    store.delete_interview(added.id)
    assert store.judgments_of("a@x")[0].interview_id is None


def test_earlier_mail_is_the_newest_judged_with_the_company_it_was_filed_under(
    store: Store,
) -> None:
    added = store.add_interview(interview(), NOW)
    store.add_judgments(
        [
            judgment(1, "a@x", subject="Acme - Data Engineer", interview_id=added.id),
            judgment(2, "b@x", subject="Lunch?", date=AT + timedelta(hours=1)),
        ]
    )
    newest, oldest = store.earlier_mail()
    assert (newest.subject, newest.company, newest.address) == ("Lunch?", "", "rita@x.test")
    assert (oldest.subject, oldest.company, oldest.date) == (
        "Acme - Data Engineer",
        "Northwind",
        AT,
    )
    assert oldest.thread == "a@x"
    assert [m.subject for m in store.earlier_mail(1)] == ["Lunch?"]


def test_the_judgments_are_bounded_to_the_newest(store: Store, db_path: Path) -> None:
    assert JUDGMENTS_KEPT == 20_000
    store.add_judgments([judgment(uid, f"{uid}@x") for uid in range(1, 8)], keep=5)
    assert [j.uid for j in store.recent_judgments(100)] == [7, 6, 5, 4, 3]
    store.add_judgments([judgment(8, "8@x"), judgment(3, "3@x")], keep=5)
    assert [j.uid for j in store.recent_judgments(100)] == [3, 8, 7, 6, 5]
    with raw(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM judgments").fetchone() == (5,)


def test_ten_thousand_judgments_are_written_in_order_in_one_go(store: Store) -> None:
    """More judgments than one write takes at a time: all kept, in the order given, each
    with its own evidence; a message judged twice in one go keeps the later judgment."""
    shared = ("domain: the sender's domain shop.x.test belongs to x.test", "none: list mail")
    many = [judgment(uid, f"{uid}@x", evidence=shared) for uid in range(1, 10_001)]
    many[4321] = replace(many[4321], evidence=("its own",))
    many.append(replace(many[10], kind="update", subject="again"))
    store.add_judgments(many)
    newest = store.recent_judgments(10_000)
    assert [j.uid for j in newest] == [11, *range(10_000, 11, -1), *range(10, 0, -1)]
    assert newest[0].kind == "update" and newest[0].subject == "again"
    assert store.judgments_of("4322@x")[0].evidence == ("its own",)
    assert store.judgments_of("1@x")[0].evidence == shared


def test_a_correction_with_a_kind_replaces_where_that_mail_belonged(store: Store) -> None:
    one = store.add_interview(interview(), NOW).id
    two = store.add_interview(interview(company="Globex"), NOW).id
    store.add_correction(Correction("m1", "root", "Rita@X.test", one, ReplyKind.OFFER, NOW))
    store.add_correction(Correction("m1", "root", "rita@x.test", two, None, NOW))
    later = NOW + timedelta(hours=1)
    store.add_correction(Correction("m2", "root", "rita@x.test", two, ReplyKind.UPDATE, later))
    assert store.corrections() == [
        Correction("m2", "root", "rita@x.test", two, ReplyKind.UPDATE, later)
    ]
    store.add_correction(Correction("m3", "root", "rita@x.test", one, None, later))
    assert {(c.interview_id, c.kind) for c in store.corrections()} == {
        (two, ReplyKind.UPDATE),
        (one, None),
    }
    with pytest.raises(NotFoundError, match="#99"):
        store.add_correction(Correction("m", "t", "a@b", 99, None, NOW))


def test_reply_events_of_a_message_on_any_interview_and_deleting_one(store: Store) -> None:
    one = store.add_interview(interview(), NOW).id
    two = store.add_interview(interview(company="Globex"), NOW).id
    first = store.add_event(event(one, message_id="m@x"))
    store.add_event(event(two, message_id="m@x"))
    store.add_event(event(two, kind=EventKind.SENT, action=ActionKind.THANK_YOU, message_id="m@x"))
    assert [e.interview_id for e in store.reply_events("m@x")] == [one, two]
    assert first.id is not None
    store.delete_event(first.id)
    assert [e.interview_id for e in store.reply_events("m@x")] == [two]


def test_a_v4_state_with_data_upgrades_to_v5_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    with raw(path) as conn:
        for script in MIGRATIONS[:4]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version = 4")
        conn.execute(
            "INSERT INTO interviews (id, company, role, at, format, created_at, updated_at) "
            "VALUES (7, 'Northwind', 'Engineer', ?, 'video', ?, ?)",
            (
                "2026-03-02T15:00:00.000000+00:00",
                "2026-03-01T12:00:00.000000+00:00",
                "2026-03-01T12:00:00.000000+00:00",
            ),
        )
        conn.execute(
            "INSERT INTO events (interview_id, kind, at, reply_kind, message_id) "
            "VALUES (7, 'reply', '2026-03-03T10:00:00.000000+00:00', 'rejection', 'm@x')"
        )
        conn.execute(
            "INSERT INTO skipped (account, folder, uid, message_id, reason, at) VALUES "
            "('personal', 'INBOX', 9, 'bad@x', 'no Date', '2026-03-03T10:00:00.000000+00:00')"
        )
        conn.commit()
    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert [e.reply_kind for e in store.reply_events("m@x")] == [ReplyKind.REJECTION]
        assert [s[3] for s in store.skipped()] == ["bad@x"]
        assert store.recent_judgments(10) == []
        assert store.corrections() == []
        store.add_judgments([judgment(1, "m@x", interview_id=7)])
        store.add_correction(Correction("m@x", "m@x", "a@x", 7, ReplyKind.OFFER, NOW))
        assert store.judgments_of("m@x")[0].interview_id == 7


def test_a_v5_state_upgrades_to_v6_with_the_defaults_of_what_the_user_tells(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v5.db"
    with raw(path) as conn:
        for script in MIGRATIONS[:5]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version = 5")
        conn.execute(
            "INSERT INTO interviews (id, company, role, at, format, topic, created_at, "
            "updated_at) VALUES (7, 'Northwind', 'Engineer', ?, 'panel', 'apis', ?, ?)",
            (
                "2026-03-02T15:00:00.000000+00:00",
                "2026-03-01T12:00:00.000000+00:00",
                "2026-03-01T12:00:00.000000+00:00",
            ),
        )
        conn.executemany(
            "INSERT INTO people (interview_id, role, position, name, address) "
            "VALUES (7, ?, ?, ?, ?)",
            [
                ("interviewer", 0, "Ann Lee", "ann@northwind.io"),
                ("interviewer", 1, "Bo Chan", "bo@northwind.io"),
                ("contact", 0, "Rita Cruz", "rita@northwind.io"),
            ],
        )
        conn.commit()
    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        old = store.get_interview(7)
        assert (old.company, old.format, old.topic) == ("Northwind", Format.PANEL, "apis")
        assert (old.interest, old.language) == (Interest.NORMAL, "")
        assert [(p.address, p.role, p.topic) for p in old.people] == [
            ("ann@northwind.io", PersonRole.INTERVIEWER, ""),
            ("bo@northwind.io", PersonRole.INTERVIEWER, ""),
            ("rita@northwind.io", PersonRole.CONTACT, ""),
        ]
        told = replace(
            old,
            interest=Interest.HIGH,
            language="de",
            interviewers=(replace(old.interviewers[0], topic="the event bus"), old.interviewers[1]),
        )
        store.update_interview(told, NOW)
        assert store.get_interview(7) == told


def test_an_unknown_interest_in_the_file_is_named(store: Store, db_path: Path) -> None:
    added = store.add_interview(interview(), NOW)
    with raw(db_path) as conn:
        conn.execute("UPDATE interviews SET interest = 'enormous' WHERE id = ?", (added.id,))
        conn.commit()
    with pytest.raises(StoreError, match=r"holds an interview watcher cannot read \(.*enormous"):
        store.get_interview(added.id)


# -- rounds, suggestions and news (schema 7) ------------------------------------------------------


def test_an_interview_keeps_its_rounds_its_source_its_event_and_its_cancellation(
    store: Store,
) -> None:
    first = Round(
        AT - timedelta(days=10),
        Format.PHONE,
        (Person("Bo Chan", "Bo@Contoso.com", topic="the team"),),
        uid="r1@cal",
        sequence=3,
        message_id="inv1@contoso.com",
    )
    second = Round(AT - timedelta(days=3), Format.ONSITE, (), "r2@cal", 0, "inv2@contoso.com")
    original = replace(
        full_interview(),
        source=Source.MAIL,
        uid="r3@cal",
        sequence=1,
        message_id="inv3@contoso.com",
        cancelled_at=AT - timedelta(hours=2),
        rounds=(first, second),
    )
    added = store.add_interview(original, NOW)
    got = store.get_interview(added.id)
    assert got.source is Source.MAIL
    assert (got.uid, got.sequence, got.message_id) == ("r3@cal", 1, "inv3@contoso.com")
    assert got.cancelled_at == AT - timedelta(hours=2)
    assert [r.at for r in got.rounds] == [first.at, second.at]
    assert got.rounds[0].interviewers == (
        Person("Bo Chan", "bo@contoso.com", PersonRole.INTERVIEWER, "the team"),
    )
    assert (got.rounds[0].format, got.rounds[0].uid, got.rounds[0].sequence) == (
        Format.PHONE,
        "r1@cal",
        3,
    )
    assert got.rounds[1] == second
    assert got == replace(
        original,
        id=added.id,
        created_at=NOW,
        rounds=(replace(first, interviewers=got.rounds[0].interviewers), second),
    )

    fewer = got.with_rounds(got.all_rounds[1:])
    store.update_interview(fewer, NOW)
    assert store.get_interview(added.id).rounds == (second,)
    assert store.timelines()[0].interview == fewer


def test_a_new_round_becomes_the_latest_and_the_old_latest_an_earlier_round(store: Store) -> None:
    added = store.add_interview(interview(interviewers=(Person("Ann", "ann@northwind.io"),)), NOW)
    later = Round(AT + timedelta(days=7), Format.ONSITE, (Person("Bo", "bo@northwind.io"),), "u2")
    store.update_interview(added.with_rounds((*added.all_rounds, later)), NOW)
    got = store.get_interview(added.id)
    assert (got.at, got.format, got.uid) == (later.at, Format.ONSITE, "u2")
    assert [p.address for p in got.interviewers] == ["bo@northwind.io"]
    assert [r.at for r in got.rounds] == [AT]
    assert [p.address for p in got.rounds[0].interviewers] == ["ann@northwind.io"]
    assert [p.address for p in got.everyone] == ["bo@northwind.io", "ann@northwind.io"]
    assert [r.at for r in got.round_view(1).all_rounds] == [AT]
    with pytest.raises(ValueError, match="no round 3"):
        got.round_view(3)


def test_a_suggestion_round_trips_and_changes_state(store: Store) -> None:
    original = sighting()
    pending = store.add_suggestion(original, SuggestionState.PENDING, NOW, account="personal")
    assert pending.state is SuggestionState.PENDING
    assert (pending.seen_at, pending.decided_at, pending.account) == (NOW, None, "personal")
    assert pending.interview_id is None
    got = store.suggestion(pending.id)
    assert got == pending
    assert got.sighting == replace(
        original,
        start=original.start.astimezone(UTC) if original.start else None,
        end=original.end.astimezone(UTC) if original.end else None,
        interviewers=(
            Person("Zoe Zimmer", "zoe@contoso.com"),
            Person("", "adam@contoso.com"),
        ),
    )
    cancel = store.add_suggestion(
        sighting(kind=SightingKind.CANCEL, start=None, end=None, message_id="c@x"),
        SuggestionState.IGNORED,
        NOW,
    )
    assert cancel.decided_at == NOW
    assert cancel.sighting.start is None

    added = store.add_interview(interview(), NOW)
    moved = replace(got.sighting, start=AT + timedelta(days=9), sequence=3)
    decided = replace(
        got,
        sighting=moved,
        state=SuggestionState.ACCEPTED,
        interview_id=added.id,
        decided_at=NOW + timedelta(hours=1),
    )
    store.update_suggestion(decided)
    assert store.suggestion(pending.id) == decided
    assert [s.id for s in store.suggestions()] == [pending.id, cancel.id]
    assert [s.id for s in store.suggestions(SuggestionState.IGNORED)] == [cancel.id]
    assert store.suggestions(SuggestionState.PENDING) == []

    store.delete_interview(added.id)
    assert store.suggestion(pending.id).interview_id is None


def test_an_unknown_suggestion_is_named_with_the_fix(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.suggestion(41)
    assert str(caught.value) == (
        "there is no suggestion #41: `watcher track suggested --all` shows the ids"
    )
    with pytest.raises(NotFoundError, match="#42"):
        store.update_suggestion(
            replace(
                store.add_suggestion(sighting(), SuggestionState.PENDING, NOW),
                id=42,
            )
        )
    with pytest.raises(NotFoundError, match="no interview #77"):
        store.add_suggestion(sighting(), SuggestionState.PENDING, NOW, interview_id=77)


def test_news_is_recorded_once_and_told_once(store: Store) -> None:
    added = store.add_interview(interview(), NOW)
    assert store.add_news(
        "moved:1", "Moved: Northwind", "to Mon", NOW, interview_id=added.id, message_id="m@x"
    )
    assert not store.add_news("moved:1", "Moved again", "", NOW, interview_id=added.id)
    assert store.add_news("found:2", "Interview found", "", NOW + timedelta(hours=1))
    untold = store.untold_news(NOW)
    assert [(n.key, n.headline, n.interview_id) for n in untold] == [
        ("moved:1", "Moved: Northwind", added.id),
        ("found:2", "Interview found", None),
    ]
    assert [n.key for n in store.untold_news(NOW + timedelta(minutes=30))] == ["found:2"]
    store.mark_told([untold[0].id], NOW + timedelta(hours=2), "desktop")
    store.mark_told([untold[0].id], NOW + timedelta(hours=3), "again")
    assert [n.key for n in store.untold_news(NOW)] == ["found:2"]
    [told, other] = store.news()
    assert (told.told_at, told.message_id) == (NOW + timedelta(hours=2), "m@x")
    assert (other.told_at, other.message_id) == (None, "")
    with pytest.raises(NotFoundError, match="#77"):
        store.add_news("x", "x", "", NOW, interview_id=77)


def test_a_v6_state_upgrades_to_processes_of_one_round_found_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    with raw(path) as conn:
        for script in MIGRATIONS[:6]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version = 6")
        conn.execute(
            "INSERT INTO interviews (id, company, role, at, format, created_at, updated_at, "
            "interest) VALUES (7, 'Northwind', 'Engineer', ?, 'panel', ?, ?, 'high')",
            (
                "2026-03-02T15:00:00.000000+00:00",
                "2026-03-01T12:00:00.000000+00:00",
                "2026-03-01T12:00:00.000000+00:00",
            ),
        )
        conn.execute(
            "INSERT INTO people (interview_id, role, position, name, address, topic) "
            "VALUES (7, 'interviewer', 0, 'Ann Lee', 'ann@northwind.io', 'apis')"
        )
        conn.commit()
    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS) == 7
        old = store.get_interview(7)
        assert (old.source, old.uid, old.sequence, old.message_id) == (Source.HAND, "", 0, "")
        assert (old.cancelled_at, old.rounds) == (None, ())
        assert [r.at for r in old.all_rounds] == [datetime(2026, 3, 2, 15, 0, tzinfo=UTC)]
        assert old.all_rounds[0].interviewers == old.interviewers
        assert (old.interest, old.format) == (Interest.HIGH, Format.PANEL)
        assert [(p.address, p.topic) for p in old.interviewers] == [("ann@northwind.io", "apis")]
        assert store.suggestions() == []
        assert store.news() == []


def test_file_uri_is_what_as_uri_gives() -> None:
    import random

    from watcher.store import file_uri

    rng = random.Random(11)
    alphabet = "aZ09_.-~/ ?#%&=+:;@!$'()*,[]\\é€🙂\t"
    paths = ["/", "/home/alex/.local/share/watcher/watcher.db", "/tmp/a b?c#d%e"]
    paths += ["/" + "".join(rng.choices(alphabet, k=rng.randint(1, 16))) for _ in range(2000)]
    for text in paths:
        path = Path(text)
        assert file_uri(path) == path.as_uri(), text
