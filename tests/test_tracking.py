"""The pure edit of an interview's people and domains (watcher.tracking), without a store or a
command line: what `track add` and `track edit` keep, replace, add and remove."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watcher import tracking
from watcher.models import Format, Interview, Person, PersonRole, Sighting, SightingKind, Source
from watcher.record import replace

DANA = Person("Dana Reyes", "dana@northwind.example", PersonRole.INTERVIEWER)
SAM = Person("Sam Lee", "sam@northwind.example", PersonRole.INTERVIEWER)
RITA = Person("Rita Recruiter", "rita@northwind.example", PersonRole.CONTACT)
AGENCY = Person("", "jo@agency.example", PersonRole.CONTACT)

CURRENT = Interview(
    id=7,
    company="Northwind",
    role="Data Engineer",
    at=datetime(2026, 11, 24, 13, 0, tzinfo=UTC),
    format=Format.PANEL,
    interviewers=(DANA, SAM),
    contacts=(RITA,),
    domains=("northwind.example", "northwind-careers.example"),
    topic="the ingestion pipeline",
)


# --------------------------------------------------------------------------- edited


def test_an_edit_that_adds_and_removes_nothing_keeps_the_interview() -> None:
    assert tracking.edited(CURRENT) == CURRENT


def test_added_people_and_domains_come_after_the_current_ones() -> None:
    lee = Person("Kim Lee", "kim@northwind.example", PersonRole.INTERVIEWER)
    updated = tracking.edited(
        CURRENT, add_interviewers=[lee], add_contacts=[AGENCY], add_domains=["agency.example"]
    )
    assert updated.interviewers == (DANA, SAM, lee)
    assert updated.contacts == (RITA, AGENCY)
    assert updated.domains == ("northwind.example", "northwind-careers.example", "agency.example")


def test_everything_but_people_and_domains_is_kept() -> None:
    updated = tracking.edited(CURRENT, add_contacts=[AGENCY], remove=["northwind.example"])
    assert (updated.id, updated.company, updated.role, updated.at, updated.format) == (
        CURRENT.id,
        CURRENT.company,
        CURRENT.role,
        CURRENT.at,
        CURRENT.format,
    )
    assert updated.topic == CURRENT.topic
    assert CURRENT.contacts == (RITA,)  # the record given is not changed


def test_a_known_address_added_again_replaces_that_person_in_place() -> None:
    renamed = Person("Dana R. Reyes", "dana@northwind.example", PersonRole.INTERVIEWER)
    updated = tracking.edited(CURRENT, add_interviewers=[renamed])
    assert updated.interviewers == (renamed, SAM)


def test_people_and_domains_are_removed_by_address_or_domain_in_any_case() -> None:
    updated = tracking.edited(
        CURRENT, remove=[" Sam@Northwind.Example ", "RITA@northwind.example", "Northwind.example"]
    )
    assert updated.interviewers == (DANA,)
    assert updated.contacts == ()
    assert updated.domains == ("northwind-careers.example",)


def test_a_person_removed_and_added_in_one_edit_is_added_anew() -> None:
    rita_as_interviewer = Person("Rita Recruiter", RITA.address, PersonRole.INTERVIEWER)
    updated = tracking.edited(
        CURRENT, remove=[RITA.address], add_interviewers=[rita_as_interviewer]
    )
    assert updated.contacts == ()
    assert updated.interviewers == (DANA, SAM, rita_as_interviewer)
    assert tracking.in_both_roles(updated.interviewers, updated.contacts) == []


def test_a_domain_removed_and_added_in_one_edit_is_removed() -> None:
    updated = tracking.edited(
        CURRENT, remove=["northwind.example"], add_domains=["northwind.example"]
    )
    assert updated.domains == ("northwind-careers.example",)


def test_a_domain_added_twice_is_kept_once() -> None:
    updated = tracking.edited(CURRENT, add_domains=["agency.example", "northwind.example"] * 2)
    assert updated.domains == ("northwind.example", "northwind-careers.example", "agency.example")


def test_a_person_added_again_keeps_their_topic_unless_given_a_new_one() -> None:
    told = tracking.with_topics(CURRENT, [(DANA.address, "the event bus")])
    renamed = Person("Dana R. Reyes", DANA.address, PersonRole.INTERVIEWER)
    kept = tracking.edited(told, add_interviewers=[renamed])
    assert kept.interviewers == (replace(renamed, topic="the event bus"), SAM)
    new = replace(renamed, topic="dbt models")
    assert tracking.edited(told, add_interviewers=[new]).interviewers == (new, SAM)
    # Removed and added in one edit: a new person, the old topic is gone.
    anew = tracking.edited(told, remove=[DANA.address], add_interviewers=[renamed])
    assert anew.interviewers == (SAM, renamed)


# --------------------------------------------------------------------------- topics


def test_topics_are_set_by_address_in_any_case_and_cleared_by_an_empty_one() -> None:
    told = tracking.with_topics(
        CURRENT,
        [
            (" Dana@Northwind.example", " the event bus "),
            (RITA.address, "relocation"),
            (SAM.address, "first"),
            (SAM.address, "dbt models"),
        ],
    )
    assert [(p.address, p.topic) for p in told.people] == [
        (DANA.address, "the event bus"),
        (SAM.address, "dbt models"),
        (RITA.address, "relocation"),
    ]
    cleared = tracking.with_topics(told, [(SAM.address, "  ")])
    assert [p.topic for p in cleared.people] == ["the event bus", "", "relocation"]
    assert (cleared.topic, cleared.domains) == (CURRENT.topic, CURRENT.domains)


def test_topics_for_unknown_addresses_are_reported_and_ignored() -> None:
    pairs = [("zed@x.example", "a"), (" SAM@northwind.example", "b"), ("Ann@x.example", "c")]
    assert tracking.unknown_people(CURRENT, [a for a, _t in pairs]) == [
        "ann@x.example",
        "zed@x.example",
    ]
    assert tracking.unknown_people(CURRENT, ["northwind.example"]) == ["northwind.example"]
    told = tracking.with_topics(CURRENT, pairs)
    assert [p.topic for p in told.people] == ["", "b", ""]


# --------------------------------------------------------------------------- track add


def test_merging_into_nothing_keeps_each_address_once_the_last_one_given() -> None:
    again = Person("Dana", "dana@northwind.example", PersonRole.INTERVIEWER)
    assert tracking.merge_people((), [DANA, SAM, again]) == (again, SAM)
    assert tracking.merge_domains((), ["a.example", "b.example", "a.example"]) == (
        "a.example",
        "b.example",
    )


# --------------------------------------------------------------------------- what may be removed


def test_removable_is_every_address_and_domain() -> None:
    assert tracking.removable(CURRENT) == {
        DANA.address,
        SAM.address,
        RITA.address,
        "northwind.example",
        "northwind-careers.example",
    }


def test_unknown_removals_are_reported_sorted_and_normalized() -> None:
    remove = ["zed@x.example", " Dana@Northwind.example", "Acme.example", "northwind.example"]
    assert tracking.unknown_removals(CURRENT, remove) == ["acme.example", "zed@x.example"]
    assert tracking.unknown_removals(CURRENT, [SAM.address]) == []
    assert tracking.unknown_removals(CURRENT, []) == []


# --------------------------------------------------------------------------- both roles


def test_people_in_both_roles_are_reported_sorted() -> None:
    both_sam = Person("Sam Lee", SAM.address, PersonRole.CONTACT)
    both_dana = Person("Dana Reyes", DANA.address, PersonRole.CONTACT)
    assert tracking.in_both_roles([DANA, SAM], [RITA]) == []
    assert tracking.in_both_roles([SAM, DANA], [both_sam, RITA, both_dana]) == [
        DANA.address,
        SAM.address,
    ]


# --------------------------------------------------------------------------- properties

ADDRESSES = st.sampled_from(
    ["dana@n.example", "sam@n.example", "rita@n.example", "jo@agency.example", "kim@n.example"]
)
DOMAINS = st.sampled_from(["n.example", "agency.example", "careers.example"])
PEOPLE = st.lists(
    st.builds(
        Person,
        name=st.sampled_from(["", "A Name", "Another"]),
        address=ADDRESSES,
        role=st.just(PersonRole.INTERVIEWER),
    ),
    max_size=6,
)


@given(
    current=PEOPLE,
    added=PEOPLE,
    domains=st.lists(DOMAINS, max_size=4),
    added_domains=st.lists(DOMAINS, max_size=4),
    remove=st.lists(ADDRESSES | DOMAINS, max_size=4),
)
def test_an_edit_keeps_each_address_and_domain_once(
    current: list[Person],
    added: list[Person],
    domains: list[str],
    added_domains: list[str],
    remove: list[str],
) -> None:
    start = Interview(
        id=1,
        company="N",
        role="R",
        at=CURRENT.at,
        interviewers=tracking.merge_people((), current),
        domains=tracking.merge_domains((), domains),
    )
    updated = tracking.edited(
        start, add_interviewers=added, add_domains=added_domains, remove=remove
    )
    addresses = [p.address for p in updated.interviewers]
    assert len(addresses) == len(set(addresses))
    assert len(updated.domains) == len(set(updated.domains))
    # Whatever was added is there as given (the last one per address); whatever was removed
    # and not added again is gone.
    for person in added:
        assert [p for p in added if p.address == person.address][-1] in updated.interviewers
    assert not (set(addresses) & set(remove)) - {p.address for p in added}
    assert not set(updated.domains) & set(remove)
    assert set(updated.domains) == (set(domains) | set(added_domains)) - set(remove)


# --- rounds from mail --------------------------------------------------------------------------

FIRST = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
NEXT = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)


def seen(**changes: object) -> Sighting:
    base = Sighting(
        kind=SightingKind.INVITE,
        message_id="inv-2@northwind.example",
        uid="evt-2@cal",
        sequence=0,
        company="Northwind",
        role="",
        start=NEXT,
        end=None,
        format=Format.PANEL,
        interviewers=(
            Person("Lee Okafor", "Lee@Northwind.example"),
            Person("Rita", "rita@northwind.example"),
        ),
        domains=("Northwind.example", "cal.northwind.example"),
        thread="inv-2@northwind.example",
        evidence="a calendar request",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_an_interview_from_mail_has_one_round_and_the_sightings_facts() -> None:
    made = tracking.interview_from(seen(), role="SRE")
    assert (made.company, made.role, made.at, made.format) == (
        "Northwind",
        "SRE",
        NEXT,
        Format.PANEL,
    )
    assert (made.source, made.uid, made.message_id, made.rounds) == (
        Source.MAIL,
        "evt-2@cal",
        "inv-2@northwind.example",
        (),
    )
    assert [p.address for p in made.interviewers] == [
        "lee@northwind.example",
        "rita@northwind.example",
    ]
    assert made.domains == ("northwind.example", "cal.northwind.example")
    assert tracking.interview_from(seen(), company="Acme").company == "Acme"
    with pytest.raises(ValueError, match="names no time"):
        tracking.interview_from(seen(start=None))


def test_a_next_round_leaves_the_recruiter_a_contact_and_undoes_a_cancellation() -> None:
    current = replace(CURRENT, cancelled_at=FIRST)
    process = tracking.with_next_round(current, seen())
    assert [r.at for r in process.all_rounds] == [CURRENT.at, NEXT]
    assert [p.address for p in process.interviewers] == ["lee@northwind.example"]
    assert process.rounds[0].interviewers == CURRENT.interviewers
    assert process.contacts == CURRENT.contacts
    assert process.cancelled_at is None
    assert "cal.northwind.example" in process.domains


def test_a_move_keeps_the_format_and_the_topics_and_takes_the_new_event() -> None:
    process = tracking.with_next_round(CURRENT, seen())
    process = replace(process, interviewers=(replace(process.interviewers[0], topic="APIs"),))
    later = NEXT + timedelta(days=1)
    moved = tracking.moved(
        process, 2, seen(start=later, sequence=2, message_id="m@n", format=Format.VIDEO)
    )
    assert (moved.at, moved.format, moved.sequence, moved.message_id) == (
        later,
        Format.PANEL,
        2,
        "m@n",
    )
    assert [(p.address, p.topic) for p in moved.interviewers] == [("lee@northwind.example", "APIs")]
    first = tracking.moved(moved, 1, seen(start=FIRST, uid="", message_id="typed"))
    assert first.rounds[0].at == FIRST
    assert first.rounds[0].interviewers == CURRENT.interviewers  # not the same event: kept
    with pytest.raises(ValueError, match="no round 3"):
        tracking.moved(moved, 3, seen())


def test_cancelling_the_latest_round_cancels_an_earlier_one_is_dropped() -> None:
    process = tracking.with_next_round(CURRENT, seen())
    cancelled = tracking.cancelled(process, 2, seen(sequence=3), FIRST)
    assert (cancelled.cancelled_at, cancelled.sequence, cancelled.at) == (FIRST, 3, NEXT)
    dropped = tracking.cancelled(process, 1, seen(), FIRST)
    assert [r.at for r in dropped.all_rounds] == [NEXT]
    assert dropped.cancelled_at is None
    with pytest.raises(ValueError, match="no round 0"):
        tracking.cancelled(process, 0, seen(), FIRST)


def test_a_name_made_from_a_domain_takes_the_companys_own_spelling_from_later_mail() -> None:
    found = tracking.interview_from(
        seen(company="Quarrytech", domains=("quarrytech.example",), start=FIRST)
    )
    spelled = seen(company="Quarry Technologies", domains=("mail.quarrytech.example",))
    assert tracking.with_next_round(found, spelled).company == "Quarry Technologies"
    assert tracking.moved(found, 1, spelled).company == "Quarry Technologies"
    assert tracking.cancelled(found, 1, spelled, FIRST).company == "Quarry Technologies"
    # Another domain's name, a name that is not the domain's, or one typed by hand stays.
    assert tracking.moved(found, 1, replace(spelled, domains=("other.example",))).company == (
        "Quarrytech"
    )
    assert tracking.moved(
        found, 1, seen(company="Acme", domains=("quarrytech.example",))
    ).company == ("Quarrytech")
    typed = replace(found, source=Source.HAND)
    assert tracking.moved(typed, 1, spelled).company == "Quarrytech"
    named = replace(found, company="Quarry", domains=("quarrytech.example",))
    assert tracking.moved(named, 1, spelled).company == "Quarry"


def test_a_move_of_a_round_that_named_nobody_takes_the_invitations_people_and_format() -> None:
    """A round confirmed in words without anyone's address, then moved (or reopened) by a
    calendar invitation of another event that names two interviewers: they are the round's
    people now, and it is a panel; a round that named people keeps them."""
    found = tracking.interview_from(
        seen(uid="", interviewers=(), format=Format.ONSITE, start=FIRST)
    )
    assert (found.interviewers, found.format) == ((), Format.ONSITE)
    two = (
        Person("Lee Okafor", "lee@northwind.example"),
        Person("Ana Ruiz", "ana@northwind.example"),
    )
    moved = tracking.moved(found, 1, seen(interviewers=two, format=Format.PANEL))
    assert [p.address for p in moved.interviewers] == [
        "lee@northwind.example",
        "ana@northwind.example",
    ]
    assert (moved.at, moved.format) == (NEXT, Format.PANEL)
    kept = tracking.moved(
        moved, 1, seen(uid="evt-9@cal", interviewers=two[:1], format=Format.VIDEO)
    )
    assert [p.address for p in kept.interviewers] == [
        "lee@northwind.example",
        "ana@northwind.example",
    ]
    assert kept.format is Format.PANEL
