"""Interviews seen in mail (watcher/invites.py), on synthetic messages."""

from __future__ import annotations

from datetime import UTC, datetime

from watcher.invites import sighting
from watcher.models import Address, Format, Invite, Lexicon, Message, SightingKind

AT = datetime(2026, 12, 8, 19, 0, tzinfo=UTC)


def message(invite: Invite | None) -> Message:
    return Message(
        account="personal",
        folder="INBOX",
        uid=1,
        message_id="inv-1@acme.example",
        date=datetime(2026, 12, 1, tzinfo=UTC),
        sender=Address("Rita Gomez", "rita@acme.example"),
        subject="Invitation: Interview",
        invite=invite,
    )


def test_a_calendar_request_is_an_interview_without_the_user_among_its_people() -> None:
    invite = Invite(
        method="REQUEST",
        uid="abc",
        sequence=0,
        start=AT,
        end=None,
        attendees=(Address("Dana", "dana@acme.example"), Address("Alex", "alex@me.example")),
        organizer=Address("Rita", "rita@acme.example"),
        summary="Interview",
    )
    found = sighting(message(invite), own_addresses={"Alex@me.example"}, lexicon=Lexicon())
    assert found is not None
    assert (found.kind, found.start, found.format) == (SightingKind.INVITE, AT, Format.VIDEO)
    assert [p.address for p in found.interviewers] == ["dana@acme.example"]


def test_mail_without_a_calendar_is_no_interview_yet() -> None:
    assert sighting(message(None), own_addresses=(), lexicon=Lexicon()) is None
