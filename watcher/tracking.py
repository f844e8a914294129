"""Editing the people and domains of an interview: pure functions of the record and the edit.

An interview's interviewers and contacts are keyed by address (lower case, as parsed): adding a
person whose address is already there replaces that person (a new name or role) and keeps what
was discussed with them (their topic), and the order is the order in which they were first
added. Domains are kept in the order added, each once. What to remove is named by address or by
domain, in any case; a person's topic is set by address too (:func:`with_topics`).

Nothing here reads the clock, the disk or the network, and nothing builds a message for the
user: the callers say what went wrong in their own terms (the command line names its flags).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from watcher.models import Interview, Person


def normalized(names: Iterable[str]) -> frozenset[str]:
    """Return addresses or domains as they are stored (stripped, lower case)."""
    return frozenset(name.strip().lower() for name in names)


def removable(interview: Interview) -> frozenset[str]:
    """Return what an edit can remove from ``interview``: its people's addresses and its
    domains."""
    return frozenset({p.address for p in interview.people} | set(interview.domains))


def unknown_removals(interview: Interview, remove: Iterable[str]) -> list[str]:
    """Return, sorted and normalized, what ``remove`` names that ``interview`` does not have."""
    return sorted(normalized(remove) - removable(interview))


def merge_people(
    current: Sequence[Person], added: Sequence[Person], remove: Collection[str] = ()
) -> tuple[Person, ...]:
    """Return ``current`` without the addresses in ``remove``, then with ``added`` (a person
    whose address is already there replaces that person, in place, and keeps their topic unless
    the new one has its own). ``added`` is not filtered by ``remove``: a person removed and
    added in one edit is added anew, without the old topic."""
    removed = normalized(remove)
    by_address = {p.address: p for p in current if p.address not in removed}
    for person in added:
        known = by_address.get(person.address)
        if known is not None and not person.topic:
            person = replace(person, topic=known.topic)
        by_address[person.address] = person
    return tuple(by_address.values())


def merge_domains(
    current: Sequence[str], added: Sequence[str], remove: Collection[str] = ()
) -> tuple[str, ...]:
    """Return ``current`` then ``added``, each domain once, without those in ``remove`` (a
    domain removed and added in one edit is removed)."""
    removed = normalized(remove)
    return tuple(dict.fromkeys(d for d in (*current, *added) if d not in removed))


def edited(
    current: Interview,
    *,
    add_interviewers: Sequence[Person] = (),
    add_contacts: Sequence[Person] = (),
    add_domains: Sequence[str] = (),
    remove: Collection[str] = (),
) -> Interview:
    """Return ``current`` with people and domains added and removed (see :func:`merge_people`
    and :func:`merge_domains`); everything else is kept.

    It neither checks that ``remove`` names only what the interview has (see
    :func:`unknown_removals`) nor that nobody ends up in both roles (see
    :func:`in_both_roles`): the caller decides how to refuse those.
    """
    return replace(
        current,
        interviewers=merge_people(current.interviewers, add_interviewers, remove),
        contacts=merge_people(current.contacts, add_contacts, remove),
        domains=merge_domains(current.domains, add_domains, remove),
    )


def unknown_people(interview: Interview, addresses: Iterable[str]) -> list[str]:
    """Return, sorted and normalized, the addresses that are none of ``interview``'s people."""
    return sorted(normalized(addresses) - {p.address for p in interview.people})


def with_topics(interview: Interview, topics: Iterable[tuple[str, str]]) -> Interview:
    """Return ``interview`` with each (address, topic) set as the topic of its person (found by
    address in any case; the topic stripped, an empty one clears it; for an address given
    twice, the last one). An address that is none of its people is ignored: see
    :func:`unknown_people`."""
    wanted = {address.strip().lower(): topic.strip() for address, topic in topics}

    def told(people: tuple[Person, ...]) -> tuple[Person, ...]:
        return tuple(
            replace(p, topic=wanted[p.address]) if p.address in wanted else p for p in people
        )

    return replace(
        interview, interviewers=told(interview.interviewers), contacts=told(interview.contacts)
    )


def in_both_roles(interviewers: Iterable[Person], contacts: Iterable[Person]) -> list[str]:
    """Return, sorted, the addresses given both as an interviewer and as a contact (an
    interviewer gets a thank-you, a contact does not, so a person must be one or the other)."""
    return sorted({p.address for p in interviewers} & {p.address for p in contacts})
