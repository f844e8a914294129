"""Editing an interview: its people and domains (by hand), and its rounds (from mail: a new
interview, a next round, a new time or a cancellation of a round, from a
:class:`~watcher.models.Sighting`); pure functions of the record and the edit.

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
from datetime import datetime

from watcher.models import Interview, Person, PersonRole, Round, Sighting, Source
from watcher.record import replace


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


def round_of(sighting: Sighting, contacts: Collection[str] = ()) -> Round:
    """Return the round an invitation sets: its time, format, interviewers (without the
    addresses of ``contacts``: a recruiter invited to the meeting is still a recruiter) and its
    calendar event. Raise ValueError if it names no time (a cancellation)."""
    if sighting.start is None:
        raise ValueError(f"the sighting of <{sighting.message_id}> names no time")
    skip = normalized(contacts)
    interviewers = merge_people(
        (),
        [
            replace(p, address=p.address.strip().lower(), role=PersonRole.INTERVIEWER)
            for p in sighting.interviewers
            if p.address.strip().lower() not in skip
        ],
    )
    return Round(
        at=sighting.start,
        format=sighting.format,
        interviewers=interviewers,
        uid=sighting.uid,
        sequence=sighting.sequence,
        message_id=sighting.message_id,
    )


def interview_from(sighting: Sighting, *, company: str = "", role: str = "") -> Interview:
    """Return the interview an invitation found in mail becomes (its id 0): the sighting's
    company and role unless ``company`` or ``role`` is given, its round, its domains, and
    ``source`` mail. Raise ValueError if it names no time."""
    first = round_of(sighting)
    return Interview(
        id=0,
        company=(company or sighting.company).strip(),
        role=(role or sighting.role).strip(),
        at=first.at,
        domains=merge_domains((), [d.strip().lower() for d in sighting.domains if d.strip()]),
        source=Source.MAIL,
    ).with_rounds((first,))


def with_next_round(interview: Interview, sighting: Sighting) -> Interview:
    """Return ``interview`` with the round an invitation sets added (it becomes the latest when
    it is the last in time), its domains merged, and a cancellation undone. Raise ValueError if
    the sighting names no time."""
    added = round_of(sighting, [p.address for p in interview.contacts])
    return replace(
        interview.with_rounds((*interview.all_rounds, added)),
        company=company_after(interview, sighting),
        domains=merge_domains(interview.domains, [d.lower() for d in sighting.domains]),
        cancelled_at=None,
    )


def _glued(name: str) -> str:
    from watcher.words import fold, split_words  # not at the top: `track list` starts without

    return "".join(split_words(fold(name)))


def company_after(interview: Interview, sighting: Sighting) -> str:
    """Return the company's name ``interview`` takes after ``sighting`` (mail about it): a
    name found in mail that is only the label of one of its domains ("Indusfin" for
    indusfin.example, from a scheduler's mail that names no company) gives way to the company's
    own spelling in later mail from that domain ("Indus Fintech"); any other name stays (one
    typed by hand always does)."""
    current, new = _glued(interview.company), _glued(sighting.company)
    if interview.source is not Source.MAIL or not current or not new.startswith(current):
        return interview.company
    if new == current:
        return interview.company

    def labels(domains: Iterable[str]) -> set[str]:
        return {
            label.replace("-", "")
            for domain in domains
            for label in domain.lower().strip(".").split(".")[:-1]
        }

    if current in labels(interview.domains) and current in labels(sighting.domains):
        return sighting.company.strip()
    return interview.company


def moved(interview: Interview, number: int, sighting: Sighting) -> Interview:
    """Return ``interview`` with its round ``number`` (1 is the first) at the new time an
    invitation gives, now the invitation's calendar event (its UID, SEQUENCE and Message-ID);
    moving the latest round undoes a cancellation. The round keeps its format, and its people,
    unless it came from the same calendar event, or named nobody, and the invitation names
    people (who then replace them, keeping what was discussed with each; a round that named
    nobody takes the invitation's format too). Raise ValueError if there is no such
    round or the sighting names no time."""
    rounds = list(interview.all_rounds)
    if not 1 <= number <= len(rounds) or sighting.start is None:
        raise ValueError(f"interview #{interview.id} has no round {number} to move there")
    before = rounds[number - 1]
    people, fmt = before.interviewers, before.format
    same_event = bool(before.uid) and before.uid == sighting.uid
    if sighting.interviewers and (same_event or not before.interviewers):
        named = round_of(sighting, [p.address for p in interview.contacts]).interviewers
        topics = {p.address: p.topic for p in before.interviewers}
        people = tuple(replace(p, topic=topics.get(p.address, p.topic)) for p in named)
        if named and not before.interviewers:
            # A round known from words that named nobody, moved by an invitation that names
            # its people: their number now says whether it is a panel.
            fmt = sighting.format
    rounds[number - 1] = replace(
        before,
        at=sighting.start,
        format=fmt,
        interviewers=people,
        uid=sighting.uid or before.uid,
        sequence=max(sighting.sequence, before.sequence),
        message_id=sighting.message_id,
    )
    changed = replace(
        interview.with_rounds(tuple(rounds)), company=company_after(interview, sighting)
    )
    return replace(changed, cancelled_at=None) if number == len(rounds) else changed


def cancelled(interview: Interview, number: int, sighting: Sighting, at: datetime) -> Interview:
    """Return ``interview`` with its round ``number`` cancelled at ``at``: the latest round
    makes the interview cancelled (its calendar event at the cancellation's SEQUENCE), an
    earlier one (still to come) is dropped. Raise ValueError if there is no such round."""
    rounds = interview.all_rounds
    if not 1 <= number <= len(rounds):
        raise ValueError(f"interview #{interview.id} has no round {number} to cancel")
    interview = replace(interview, company=company_after(interview, sighting))
    if number < len(rounds):
        return interview.with_rounds(rounds[: number - 1] + rounds[number:])
    return replace(interview, cancelled_at=at, sequence=max(interview.sequence, sighting.sequence))
