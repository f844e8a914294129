"""Interviews seen in mail: invitations, confirmations, moves and cancellations.

:func:`sighting` reads one message and returns the :class:`~watcher.models.Sighting` it holds,
or None: what decides about it (a new interview, a next round, a move, a cancellation, or
nothing) is not here. Pure: no clock, disk or network.

This first version reads only an invitation's calendar (``METHOD:REQUEST`` and ``CANCEL``).
"""

from __future__ import annotations

from collections.abc import Collection

from watcher.models import Format, Lexicon, Message, Person, Sighting, SightingKind


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def sighting(
    message: Message, *, own_addresses: Collection[str], lexicon: Lexicon
) -> Sighting | None:
    """Given a message, the user's own addresses and the lexicon (relays), return the
    interview it invites to, moves or cancels, or None when it holds none."""
    invite = message.invite
    if invite is None or invite.method not in ("REQUEST", "CANCEL"):
        return None
    own = {address.lower() for address in own_addresses}
    if invite.method == "REQUEST" and invite.start is None:
        return None
    people = tuple(
        Person(attendee.name, attendee.address)
        for attendee in invite.attendees
        if attendee.address and attendee.address.lower() not in own
    )
    organizer = invite.organizer
    company = "" if organizer is None else _domain(organizer.address).split(".")[0].title()
    return Sighting(
        kind=SightingKind.CANCEL if invite.method == "CANCEL" else SightingKind.INVITE,
        message_id=message.message_id,
        uid=invite.uid,
        sequence=invite.sequence,
        company=company,
        role="",
        start=invite.start,
        end=invite.end,
        format=Format.PANEL if len(people) > 1 else Format.VIDEO,
        interviewers=people,
        domains=tuple(sorted({_domain(p.address) for p in people})),
        thread=message.thread_root,
        evidence=f"a calendar {invite.method.lower()}: {invite.summary}",
    )
