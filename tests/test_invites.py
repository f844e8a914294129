"""Interviews seen in mail (watcher/invites.py), on synthetic messages.

Every message here is synthetic, written for these tests (reserved ``.example`` domains and
invented people, beside the real sending domains of the relays), built as real MIME and read
the way the engine reads it: ``mail.split_message`` then ``mail.parse``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.engine import _EarlierMail
from watcher.invites import earlier_keys, sighting, times_in_text
from watcher.lexicon import load_rules
from watcher.mail import parse, split_message
from watcher.models import (
    Address,
    EarlierMail,
    Format,
    Invite,
    Lexicon,
    Message,
    Sighting,
    SightingKind,
)
from watcher.record import replace

LEXICON = load_rules()
ME = "Alex Example <alex@candidate.example>"
OWN = frozenset({"alex@candidate.example"})
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SENT = datetime(2026, 12, 1, 10, 12, tzinfo=NEW_YORK)


def mail(
    sender: str,
    subject: str,
    body: str = "Hi Alex,\n\nPlease find the invitation attached.\n\nBest,\nRita\n",
    *,
    calendar: str | None = None,
    attach: str = "",
    when: datetime = SENT,
    headers: dict[str, str] | None = None,
    to: str = ME,
) -> bytes:
    """A synthetic message as CRLF bytes: ``calendar`` goes inline (a text/calendar
    alternative, as Google and Outlook send it), or attached as ``attach`` says
    ("text/calendar" or "application/ics", as applicant-tracking systems send it)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = "<inv-1@mail.example>"
    message["X-Watcher-Test"] = "synthetic"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if calendar is not None and not attach:
        message.add_alternative(calendar, subtype="calendar", params={"method": _method(calendar)})
    elif calendar is not None:
        maintype, _, subtype = attach.partition("/")
        message.add_attachment(
            calendar.encode(), maintype=maintype, subtype=subtype, filename="invite.ics"
        )
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def _method(calendar: str) -> str:
    return next(
        (line[7:] for line in calendar.splitlines() if line.startswith("METHOD:")), "REQUEST"
    )


def ics(
    method: str, *events: list[str], zones: str = "", product: str = "-//watcher tests//EN"
) -> str:
    """An iCalendar text (RFC 5545) with one VEVENT per list of lines, written by ``product``."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{product}"]
    lines += [f"METHOD:{method}"] if method else []
    lines += zones.splitlines()
    for event in events:
        lines += ["BEGIN:VEVENT", "DTSTAMP:20261201T151200Z", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def read(data: bytes) -> Message:
    """The message as the engine reads it."""
    return parse(split_message(data, "INBOX", 1, None), "personal")


def seen(data: bytes, tz: ZoneInfo = BERLIN) -> Sighting | None:
    return sighting(read(data), own_addresses=OWN, lexicon=LEXICON, tz=tz)


def found(data: bytes, tz: ZoneInfo = BERLIN) -> Sighting:
    result = seen(data, tz)
    assert result is not None
    return result


def people(result: Sighting) -> list[str]:
    return [p.address for p in result.interviewers]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- applicant-tracking systems -------------------------------------------------------------------


def test_greenhouse_panel_with_an_attached_calendar_in_utc() -> None:
    data = mail(
        "Acme Recruiting <no-reply@us.greenhouse-mail.io>",
        "Interview for Data Engineer at Acme",
        "Hi Alex,\n\nYour interview with Acme is scheduled, the invitation is attached.\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:gh-4411@greenhouse.io",
                "SEQUENCE:0",
                "DTSTART:20261208T190000Z",
                "DTEND:20261208T200000Z",
                "SUMMARY:Interview: Data Engineer (Alex Example)",
                "ORGANIZER;CN=Rita Gomez:mailto:rita@acme.example",
                "ATTENDEE;CN=Dana Reyes;ROLE=REQ-PARTICIPANT:mailto:dana@acme.example",
                "ATTENDEE;CN=Lee Okafor;ROLE=REQ-PARTICIPANT:mailto:lee@acme.example",
                "ATTENDEE;CN=Alex Example;ROLE=REQ-PARTICIPANT:mailto:alex@candidate.example",
                "LOCATION:https://zoom.us/j/123456789",
            ],
        ),
        attach="text/calendar",
    )
    result = found(data, NEW_YORK)
    assert result.kind is SightingKind.INVITE
    assert (result.uid, result.sequence) == ("gh-4411@greenhouse.io", 0)
    assert (result.company, result.role) == ("Acme", "Data Engineer")
    assert result.start == at("2026-12-08T14:00:00-05:00")
    assert result.start.utcoffset() == timedelta(hours=-5)  # a UTC time shown in the user's zone
    assert result.end == at("2026-12-08T15:00:00-05:00")
    assert result.format is Format.PANEL
    assert people(result) == ["dana@acme.example", "lee@acme.example"]
    assert result.domains == ("acme.example",)
    assert result.message_id == "inv-1@mail.example"
    assert "Greenhouse" in result.evidence and "'interview'" in result.evidence


def test_lever_application_ics_attachment_with_a_london_time() -> None:
    data = mail(
        "Globex <no-reply@hire.lever.co>",
        "Globex: your phone screen is booked",
        calendar=ics(
            "REQUEST",
            [
                "UID:lever-77",
                "SEQUENCE:1",
                "DTSTART;TZID=Europe/London:20261209T100000",
                "DTEND;TZID=Europe/London:20261209T103000",
                "SUMMARY:Phone screen - Globex",
                "ORGANIZER;CN=Sam Patel:mailto:sam@globex.example",
                "ATTENDEE;CN=Sam Patel:mailto:sam@globex.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                "LOCATION:+44 20 7946 0000",
            ],
        ),
        attach="application/ics",
    )
    result = found(data)
    assert result.company == "Globex"
    assert result.start == at("2026-12-09T10:00:00+00:00")
    assert str(result.start.tzinfo) == "Europe/London"
    assert result.format is Format.PHONE
    assert people(result) == ["sam@globex.example"]


def test_ashby_video_interview() -> None:
    data = mail(
        "Initech Recruiting <no-reply@ashbyhq.com>",
        "Invitation: Initech technical interview",
        calendar=ics(
            "REQUEST",
            [
                "UID:ashby-1",
                "DTSTART;TZID=America/Los_Angeles:20261210T090000",
                "DURATION:PT45M",
                "SUMMARY:Initech technical interview - Backend Engineer",
                "ORGANIZER;CN=Initech Recruiting:mailto:no-reply@ashbyhq.com",
                "ATTENDEE;CN=Priya Shah:mailto:priya@initech.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij",
            ],
        ),
    )
    result = found(data)
    assert (result.company, result.role) == ("Initech", "Backend Engineer")
    assert result.start == at("2026-12-10T09:00:00-08:00")
    assert result.end == at("2026-12-10T09:45:00-08:00")
    assert result.format is Format.VIDEO
    assert people(result) == ["priya@initech.example"]


def test_workday_tenant_names_the_company_and_outlook_zone_names_are_read() -> None:
    zones = "\r\n".join(
        [
            "BEGIN:VTIMEZONE",
            "TZID:Eastern Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T020000",
            "TZOFFSETFROM:-0400",
            "TZOFFSETTO:-0500",
            "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010101T020000",
            "TZOFFSETFROM:-0500",
            "TZOFFSETTO:-0400",
            "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
        ]
    )
    data = mail(
        "umbrella@myworkday.com",
        "Interview Scheduled",
        calendar=ics(
            "REQUEST",
            [
                "UID:wd-5",
                "DTSTART;TZID=Eastern Standard Time:20261211T133000",
                "DTEND;TZID=Eastern Standard Time:20261211T143000",
                "SUMMARY:Interview - Senior Analyst",
                "ORGANIZER:mailto:umbrella@myworkday.com",
                "ATTENDEE;CN=Kim Lau:mailto:kim.lau@umbrella.example",
            ],
            zones=zones,
        ),
        attach="text/calendar",
    )
    result = found(data)
    assert (result.company, result.role) == ("Umbrella", "Senior Analyst")
    assert result.start == at("2026-12-11T13:30:00-05:00")
    assert people(result) == ["kim.lau@umbrella.example"]


# -- schedulers -----------------------------------------------------------------------------------


def test_goodtime_from_the_company_candidate_calendar() -> None:
    data = mail(
        "Acme Candidate Calendar <calendar@goodtime.io>",
        "Invitation: Acme onsite - Data Engineer @ Tue Dec 8, 2026 2pm - 3pm (EST)",
        calendar=ics(
            "REQUEST",
            [
                "UID:gt-8812@goodtime.io",
                "DTSTART;TZID=America/New_York:20261208T140000",
                "DTEND;TZID=America/New_York:20261208T150000",
                "SUMMARY:Acme onsite - Data Engineer",
                "ORGANIZER;CN=Acme Candidate Calendar:mailto:candidate-calendar@acme.example",
                "ATTENDEE;CN=Acme Candidate Calendar:mailto:candidate-calendar@acme.example",
                "ATTENDEE;CN=Dana Reyes:mailto:dana@acme.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                "LOCATION:Acme HQ\\, 1 Main Street\\, Springfield",
            ],
        ),
    )
    result = found(data)
    assert (result.company, result.role) == ("Acme", "Data Engineer")
    assert result.start == at("2026-12-08T14:00:00-05:00")
    assert result.format is Format.ONSITE
    assert people(result) == ["dana@acme.example"]


def test_gem_shared_scheduling_calendar_is_no_interviewer() -> None:
    data = mail(
        "Hooli Interviews <scheduling@gem.com>",
        "Updated invitation: Interview with Hooli",
        calendar=ics(
            "REQUEST",
            [
                "UID:gem-31",
                "SEQUENCE:3",
                "DTSTART:20261214T160000Z",
                "DTEND:20261214T170000Z",
                "SUMMARY:Interview with Hooli",
                "ORGANIZER;CN=Hooli Interviews:mailto:interviews@hooli.example",
                "ATTENDEE;CN=Hooli Interviews:mailto:interviews@hooli.example",
                "ATTENDEE;CN=Gavin Bell:mailto:gavin@hooli.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    result = found(data)
    assert (result.company, result.sequence) == ("Hooli", 3)
    assert people(result) == ["gavin@hooli.example"]
    assert result.format is Format.VIDEO


def test_modernloop_events_of_one_day_make_one_interview() -> None:
    def block(uid: str, start: str, end: str, title: str, who: str) -> list[str]:
        return [
            f"UID:{uid}",
            f"DTSTART;TZID=Europe/Amsterdam:{start}",
            f"DTEND;TZID=Europe/Amsterdam:{end}",
            f"SUMMARY:{title}",
            "ORGANIZER;CN=Recruiting:mailto:recruiting@northwind.example",
            f"ATTENDEE;CN={who.split('@')[0].title()}:mailto:{who}",
            "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
        ]

    data = mail(
        "Northwind via ModernLoop <schedule@modernloop.io>",
        "Your Northwind interviews on December 15",
        calendar=ics(
            "REQUEST",
            block(
                "ml-2",
                "20261215T110000",
                "20261215T120000",
                "Northwind - System design",
                "lee@northwind.example",
            ),
            block(
                "ml-1",
                "20261215T093000",
                "20261215T103000",
                "Northwind - Coding interview",
                "dana@northwind.example",
            ),
            block(
                "ml-3",
                "20261216T093000",
                "20261216T100000",
                "Northwind - Hiring manager interview",
                "kim@northwind.example",
            ),
        ),
    )
    result = found(data)
    assert result.company == "Northwind"
    assert result.uid == "ml-1"
    assert result.start == at("2026-12-15T09:30:00+01:00")
    assert result.end == at("2026-12-15T12:00:00+01:00")
    assert people(result) == ["dana@northwind.example", "lee@northwind.example"]
    assert result.format is Format.PANEL
    assert "2 events of one day" in result.evidence


def test_calendly_booking_names_the_company_by_the_host_domain() -> None:
    data = mail(
        "Calendly <notifications@calendly.com>",
        "New Event: Alex Example - 30 Minute Interview",
        calendar=ics(
            "REQUEST",
            [
                "UID:cal-9",
                "DTSTART:20261216T150000Z",
                "DTEND:20261216T153000Z",
                "SUMMARY:30 Minute Interview between Rita Gomez and Alex Example",
                "ORGANIZER;CN=Rita Gomez:mailto:rita@vandelay.example",
                "ATTENDEE;CN=Rita Gomez:mailto:rita@vandelay.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    result = found(data)
    assert result.company == "Vandelay"
    assert people(result) == ["rita@vandelay.example"]
    assert result.start == at("2026-12-16T16:00:00+01:00")


# -- calendar clients -----------------------------------------------------------------------------


def test_google_calendar_invitation_without_the_room() -> None:
    data = mail(
        "Rita Gomez <rita@acme.example>",
        "Invitation: Acme onsite interview @ Thu Dec 17, 2026 10am - 12pm (CET)",
        calendar=ics(
            "REQUEST",
            [
                "UID:0a1b2c3d@google.com",
                "DTSTART:20261217T090000Z",
                "DTEND:20261217T110000Z",
                "SUMMARY:Acme onsite interview",
                "ORGANIZER;CN=Rita Gomez:mailto:rita@acme.example",
                "ATTENDEE;CUTYPE=INDIVIDUAL;CN=Rita Gomez:mailto:rita@acme.example",
                "ATTENDEE;CUTYPE=RESOURCE;CN=Berlin-3-Conference Room Spree (8):"
                "mailto:c_188abc@resource.calendar.google.com",
                "ATTENDEE;CUTYPE=INDIVIDUAL;CN=Alex Example:mailto:alex@candidate.example",
                "ATTENDEE;CUTYPE=INDIVIDUAL;CN=Jonas Weber:mailto:jonas@acme.example",
                "LOCATION:Berlin-3-Conference Room Spree (8)",
            ],
        ),
    )
    result = found(data)
    assert result.start == at("2026-12-17T10:00:00+01:00")
    # Google lists the organizer among the attendees: with someone else there, the organizer
    # arranged the interview and Jonas holds it.
    assert people(result) == ["jonas@acme.example"]
    assert result.format is Format.ONSITE


@pytest.mark.parametrize(
    ("tzid", "local", "offset"),
    [
        ("W. Europe Standard Time", "20261208T140000", timedelta(hours=1)),
        ("India Standard Time", "20261208T143000", timedelta(hours=5, minutes=30)),
        ("Newfoundland Standard Time", "20261208T100000", timedelta(hours=-3, minutes=-30)),
        ("Cen. Australia Standard Time", "20261209T090000", timedelta(hours=10, minutes=30)),
    ],
)
def test_outlook_windows_zone_names_with_half_hours(
    tzid: str, local: str, offset: timedelta
) -> None:
    data = mail(
        "Dana Reyes <dana@contoso.example>",
        "Interview - Contoso",
        calendar=ics(
            "REQUEST",
            [
                "UID:040000008200E00074C5B7101A82E00800000000",
                f"DTSTART;TZID={tzid}:{local}",
                "SUMMARY:Interview - Contoso",
                "ORGANIZER;CN=Dana Reyes:mailto:dana@contoso.example",
                "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Alex Example:mailto:alex@candidate.example",
                "DESCRIPTION:Microsoft Teams meeting\\nJoin: https://teams.microsoft.com/l/x",
            ],
        ),
    )
    result = found(data)
    assert result.start is not None
    assert result.start.strftime("%Y%m%dT%H%M%S") == local
    assert result.start.utcoffset() == offset
    assert result.company == "Contoso"
    assert people(result) == ["dana@contoso.example"]  # the organizer, nobody else listed
    assert result.format is Format.VIDEO


def test_a_floating_time_is_read_in_the_users_zone() -> None:
    data = mail(
        "Rita Gomez <rita@acme.example>",
        "Interview with Acme",
        calendar=ics(
            "REQUEST",
            [
                "UID:float-1",
                "DTSTART:20261208T140000",
                "SUMMARY:Interview with Acme",
                "ORGANIZER:mailto:rita@acme.example",
            ],
        ),
    )
    assert found(data, BERLIN).start == datetime(2026, 12, 8, 14, tzinfo=BERLIN)
    assert found(data, NEW_YORK).start == datetime(2026, 12, 8, 14, tzinfo=NEW_YORK)


def test_a_calendar_across_the_end_of_summer_time() -> None:
    # Europe leaves summer time on 25 October 2026: sent the Friday before at +02:00, the
    # interview on the Monday after is at +01:00.
    data = mail(
        "Jonas Weber <jonas@acme.example>",
        "Einladung: Vorstellungsgespräch",
        calendar=ics(
            "REQUEST",
            [
                "UID:dst-1",
                "DTSTART;TZID=Europe/Berlin:20261026T093000",
                "SUMMARY:Vorstellungsgespräch Acme",
                "ORGANIZER:mailto:jonas@acme.example",
            ],
        ),
        when=datetime(2026, 10, 23, 9, tzinfo=BERLIN),
    )
    result = found(data)
    assert result.start == at("2026-10-26T09:30:00+01:00")


# -- updates and cancellations --------------------------------------------------------------------


def test_a_calendar_cancellation_keeps_uid_sequence_and_time() -> None:
    data = mail(
        "Rita Gomez <rita@acme.example>",
        "Canceled event: Interview with Acme @ Tue Dec 8, 2026",
        calendar=ics(
            "CANCEL",
            [
                "UID:gh-4411@greenhouse.io",
                "SEQUENCE:2",
                "DTSTART:20261208T190000Z",
                "SUMMARY:Interview with Acme",
                "STATUS:CANCELLED",
                "ORGANIZER:mailto:rita@acme.example",
            ],
        ),
    )
    result = found(data)
    assert result.kind is SightingKind.CANCEL
    assert (result.uid, result.sequence) == ("gh-4411@greenhouse.io", 2)
    assert result.start == at("2026-12-08T19:00:00+00:00")


def test_a_request_whose_event_is_cancelled_is_a_cancellation() -> None:
    data = mail(
        "Rita Gomez <rita@acme.example>",
        "Interview with Acme",
        calendar=ics(
            "REQUEST",
            [
                "UID:st-1",
                "DTSTART:20261208T190000Z",
                "SUMMARY:Interview with Acme",
                "STATUS:CANCELLED",
                "ORGANIZER:mailto:rita@acme.example",
            ],
        ),
    )
    assert found(data).kind is SightingKind.CANCEL


# -- confirmations in words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "body", "start"),
    [
        (
            "Your interview with Globex is confirmed",
            "Your interview with Globex is confirmed for Tuesday, December 8 at 2:00 PM ET.",
            "2026-12-08T14:00:00-05:00",
        ),
        (
            "Confirmation de votre entretien",
            "Je vous confirme notre entretien le mardi 8 décembre à 14h30 (heure de Paris).",
            "2026-12-08T14:30:00+01:00",
        ),
        (
            "Ihr Vorstellungsgespräch",
            "hiermit bestätigen wir Ihr Vorstellungsgespräch am 8. Dezember um 14:00 Uhr MEZ.",
            "2026-12-08T14:00:00+01:00",
        ),
        (
            "Entrevista confirmada",
            "Te confirmo la entrevista el martes 8 de diciembre a las 10:30 (hora de Madrid).",
            "2026-12-08T10:30:00+01:00",
        ),
        (
            "Entrevista confirmada",
            "Confirmamos sua entrevista na terça-feira, 8 de dezembro, às 15h (horário de "
            "Brasília).",
            "2026-12-08T15:00:00-03:00",
        ),
        (
            "Conferma colloquio",
            "Le confermo il colloquio martedì 8 dicembre alle 11:00 (ora italiana).",
            "2026-12-08T11:00:00+01:00",
        ),
        (
            "Bevestiging sollicitatiegesprek",
            "Hierbij bevestigen wij uw sollicitatiegesprek op dinsdag 8 december om 13.30 uur.",
            "2026-12-08T13:30:00+01:00",
        ),
        (
            "Interview confirmed",
            "Confirming your interview on Dec 8 at 9:00 AM IST.",
            "2026-12-08T09:00:00+05:30",
        ),
        (
            "Interview confirmed",
            "Confirming your interview on December 8th at 10:00 am (UTC+5:30).",
            "2026-12-08T10:00:00+05:30",
        ),
        (
            "Interview confirmed",
            "Your screening call is set for Wednesday, December 9 at 9:30am NST.",
            "2026-12-09T09:30:00-03:30",
        ),
        (
            "Interview confirmed",
            "Your interview is confirmed for 9 December, 10:00-10:45 ACDT.",
            "2026-12-09T10:00:00+10:30",
        ),
    ],
)
def test_confirmations_in_seven_languages_with_their_zone(
    subject: str, body: str, start: str
) -> None:
    data = mail("Rita Gomez <rita@globex.example>", subject, f"Hello Alex,\n\n{body}\n\nRita\n")
    result = found(data)
    assert result.kind is SightingKind.INVITE
    assert result.start == at(start)
    assert result.start.utcoffset() == at(start).utcoffset()
    assert (result.uid, result.sequence) == ("", 0)
    assert result.company == "Globex"
    assert "a time in words" in result.evidence


def test_a_time_without_a_zone_is_in_the_users_zone_and_a_range_gives_the_end() -> None:
    data = mail(
        "Talent Team <jobs@globex.example>",
        "Interview confirmation",
        "Hi Alex,\n\nGreat news: your interview is on Thursday, December 10 from 2-3 PM at "
        "our office.\n\nThe Globex talent team\n",
    )
    result = found(data, NEW_YORK)
    assert result.start == datetime(2026, 12, 10, 14, tzinfo=NEW_YORK)
    assert result.end == datetime(2026, 12, 10, 15, tzinfo=NEW_YORK)
    assert result.format is Format.ONSITE
    assert found(data, BERLIN).start == datetime(2026, 12, 10, 14, tzinfo=BERLIN)


def test_a_time_offered_as_an_alternative_is_not_fixed() -> None:
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "AW: Ihr Vorstellungsgespräch bei Globex",
        "Sehr geehrter Herr Example,\n\nwäre Ihnen Donnerstag, 10. Dezember, um 10 Uhr "
        "möglich? Alternativ könnte ich Freitag, 11. Dezember, 9 Uhr anbieten.\n\nRita\n",
    )
    assert seen(data) is None


def test_a_weekday_that_repeats_a_dated_day_keeps_the_date() -> None:
    reference = datetime(2026, 2, 9, 10, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    [moment] = times_in_text(
        [
            "Confirmo a conversa na quarta-feira, dia 18/02 (uma quarta-feira tranquila "
            "para a equipe), às 14h."
        ],
        reference,
        ZoneInfo("America/Sao_Paulo"),
    )
    assert moment.start == datetime(2026, 2, 18, 14, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))


def test_a_date_and_a_time_on_separate_lines() -> None:
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Phone interview confirmed",
        "Hi Alex,\n\nHere are the details of your phone interview:\n\n"
        "Date: Friday, December 11\nTime: 4:30 PM CET\nDuration: 30 minutes\n\nRita\n",
    )
    result = found(data)
    assert result.start == at("2026-12-11T16:30:00+01:00")
    assert result.format is Format.PHONE


def test_words_across_the_end_of_summer_time_in_new_york() -> None:
    # New York leaves summer time on 1 November 2026: "9 AM ET" on 2 November is -05:00.
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Interview confirmed",
        "Hi Alex,\n\nYour interview is confirmed for Monday, November 2 at 9:00 AM ET.\n",
        when=datetime(2026, 10, 29, 16, tzinfo=NEW_YORK),
    )
    assert found(data).start == at("2026-11-02T09:00:00-05:00")


def test_a_move_in_words_takes_the_new_time() -> None:
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Re: Interview with Globex",
        "Hi Alex,\n\nDana is out sick, so we have moved your interview from Tuesday, "
        "December 8 at 2pm to Thursday, December 10 at 3pm ET. Sorry for the change!\n",
    )
    result = found(data)
    assert result.kind is SightingKind.INVITE
    assert result.start == at("2026-12-10T15:00:00-05:00")
    assert result.moved  # a move of an interview set before, whatever job the mail names
    confirmed = mail(
        "Rita Gomez <rita@globex.example>",
        "Interview with Globex",
        "Hi Alex,\n\nThis confirms your interview on Thursday, December 10 at 3pm ET.\n",
    )
    assert not found(confirmed).moved


def test_a_cancellation_in_words_with_and_without_its_time() -> None:
    timed = mail(
        "Rita Gomez <rita@globex.example>",
        "Interview cancelled",
        "Hi Alex,\n\nUnfortunately we have to cancel your interview on Tuesday, December 8 "
        "at 2pm ET. The position has been filled.\n",
    )
    result = found(timed)
    assert result.kind is SightingKind.CANCEL
    assert result.start == at("2026-12-08T14:00:00-05:00")
    untimed = mail(
        "Jonas Weber <jonas@acme.example>",
        "Ihr Vorstellungsgespräch",
        "Hallo Alex,\n\nleider müssen wir das Vorstellungsgespräch absagen.\n",
    )
    result = found(untimed)
    assert (result.kind, result.start) == (SightingKind.CANCEL, None)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Your interview", "I'm afraid the interview planned for Thursday will not go ahead."),
        ("Your interview", "Regrettably, we are no longer able to hold your interview."),
        ("Re: Interview", "We have decided to call off Thursday's interview, sorry about that."),
        ("Votre entretien", "Je suis désolée, l'entretien prévu jeudi n'aura pas lieu."),
        ("Votre entretien", "Nous sommes contraints d'annuler votre entretien de jeudi."),
        ("Ihr Vorstellungsgespräch", "Leider kann das Vorstellungsgespräch nicht stattfinden."),
        ("Ihr Vorstellungsgespräch", "Der Termin am Donnerstag entfällt leider."),
        ("Tu entrevista", "Lamentablemente la entrevista del jueves no podrá realizarse."),
        ("Sua entrevista", "Infelizmente a entrevista de quinta-feira não vai mais acontecer."),
        ("Sua entrevista", "Precisamos desmarcar a entrevista de quinta-feira."),
        ("Il tuo colloquio", "Purtroppo il colloquio di giovedì è stato cancellato."),
        ("Il tuo colloquio", "Ci dispiace, ma il colloquio di giovedì non potrà avere luogo."),
        ("Je sollicitatiegesprek", "Helaas kan het gesprek van donderdag niet doorgaan."),
        # A clock's colon and a date's commas and dots split no sentence nor clause.
        ("Je gesprek", "Helaas moeten we het gesprek van 10 december om 15:00 annuleren."),
        (
            "Ihr Vorstellungsgespräch",
            "Leider müssen wir unser Gespräch am Donnerstag, den 10.12. um 15 Uhr absagen.",
        ),
        ("Ihr Gespräch", "Leider müssen wir den Termin am Do., 10.12., 15 Uhr absagen."),
    ],
)
def test_a_cancellation_said_in_other_words_in_seven_languages(subject: str, body: str) -> None:
    result = found(mail("Rita Gomez <rita@globex.example>", subject, f"Hello,\n\n{body}\n\nRita\n"))
    assert result.kind is SightingKind.CANCEL, result.evidence


def test_what_takes_place_instead_is_no_cancellation() -> None:
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Your interview with Globex",
        "Hi Alex,\n\nYour interview on Thursday, December 10 at 3pm ET will not take place at "
        "our office but on Zoom: https://zoom.us/j/123.\n",
    )
    result = found(data)
    assert result.kind is SightingKind.INVITE
    assert result.start == at("2026-12-10T15:00:00-05:00")


@pytest.mark.parametrize(
    ("subject", "body", "start"),
    [
        (
            "Re: Interview",
            "Your interview has been postponed to Thursday, December 10 at 3pm ET (it was "
            "originally Tuesday, December 8 at 2pm).",
            "2026-12-10T15:00:00-05:00",
        ),
        (
            "Votre entretien",
            "Votre entretien est décalé au jeudi 10 décembre à 15h, au lieu du mardi 8 décembre "
            "à 14h.",
            "2026-12-10T15:00:00+01:00",
        ),
        (
            "Ihr Vorstellungsgespräch",
            "Ihr Gespräch wurde auf Donnerstag, 10. Dezember um 15 Uhr verschoben (statt am "
            "Dienstag, 8. Dezember um 14 Uhr).",
            "2026-12-10T15:00:00+01:00",
        ),
        (
            "Tu entrevista",
            "Hemos aplazado la entrevista al jueves 10 de diciembre a las 15:00, en lugar del "
            "martes 8 de diciembre a las 14:00.",
            "2026-12-10T15:00:00+01:00",
        ),
        (
            "Sua entrevista",
            "A entrevista foi adiada para quinta-feira, 10 de dezembro, às 15h, em vez de "
            "terça-feira, 8 de dezembro, às 14h.",
            "2026-12-10T15:00:00+01:00",
        ),
        (
            "Il tuo colloquio",
            "Il colloquio è rinviato a giovedì 10 dicembre alle 15:00 invece di martedì 8 "
            "dicembre alle 14:00.",
            "2026-12-10T15:00:00+01:00",
        ),
        (
            "Je sollicitatiegesprek",
            "Het gesprek is uitgesteld naar donderdag 10 december om 15.00 uur, in plaats van "
            "dinsdag 8 december om 14.00 uur.",
            "2026-12-10T15:00:00+01:00",
        ),
    ],
)
def test_a_move_takes_the_new_time_wherever_the_old_one_is_said(
    subject: str, body: str, start: str
) -> None:
    result = found(mail("Rita Gomez <rita@globex.example>", subject, f"Hello,\n\n{body}\n\nRita\n"))
    assert (result.kind, result.start) == (SightingKind.INVITE, at(start)), result.evidence


def test_a_slot_cancelled_for_a_new_time_is_a_move_and_a_cancellation_keeps_its_own_time() -> None:
    moved = mail(
        "Rita Gomez <rita@globex.example>",
        "Re: Interview with Globex",
        "Hi Alex,\n\nWe need to cancel the slot on Tuesday, December 8 at 2pm ET. The new time "
        "is Thursday, December 10 at 3pm ET.\n",
    )
    result = found(moved)
    assert (result.kind, result.start) == (SightingKind.INVITE, at("2026-12-10T15:00:00-05:00"))
    cancelled = mail(
        "Rita Gomez <rita@globex.example>",
        "Interview on Friday, December 4",
        "Hi Alex,\n\nSorry, we need to cancel the interview on Tuesday, December 8 at 2pm ET. "
        "We will reschedule once the team is back.\n",
    )
    result = found(cancelled)
    assert (result.kind, result.start) == (SightingKind.CANCEL, at("2026-12-08T14:00:00-05:00"))


def test_a_meeting_moved_or_cancelled_without_a_word_of_an_interview_may_change_a_known_one() -> (
    None
):
    moved = found(
        mail(
            "Tobias Brandt <t.brandt@kranich.example>",
            "Verschiebung Ihres Gesprächs am 8.12.",
            "Guten Morgen Herr Example,\n\nwie besprochen haben wir Ihr Gespräch verlegt auf\n\n"
            "  Donnerstag, 10.12.2026, 15:30 – 16:30 Uhr\n\nViele Grüße\nTobias Brandt\n",
        )
    )
    assert (moved.kind, moved.known_only) == (SightingKind.INVITE, True)
    assert moved.start == at("2026-12-10T15:30:00+01:00")
    cancelled = found(
        mail(
            "Femke Bakker <femke@polderdata.example>",
            "Morgen gaat helaas niet door",
            "Hoi Alex,\n\nWe moeten het gesprek van morgen op kantoor helaas annuleren.\n\n"
            "Groetjes,\nFemke\n",
        )
    )
    assert (cancelled.kind, cancelled.known_only) == (SightingKind.CANCEL, True)
    # A meeting at a time, neither moved nor cancelled, is nothing without a word of a job.
    assert (
        seen(
            mail(
                "Femke Bakker <femke@polderdata.example>",
                "Our call",
                "Hi Alex,\n\nTalk to you on Thursday, December 10 at 3pm ET.\n\nFemke\n",
            )
        )
        is None
    )
    # Said as an interview, it is one as before.
    confirmed = found(
        mail(
            "Rita Gomez <rita@globex.example>",
            "Your interview",
            "Hi Alex,\n\nYour interview is on Thursday, December 10 at 3pm ET.\n\nRita\n",
        )
    )
    assert confirmed.known_only is False


@pytest.mark.parametrize(
    "body",
    [
        "Het tweede gesprek van dinsdag om 13.00 uur gaat daarom niet door.",
        "Das Vorstellungsgespräch findet am Freitag leider nicht statt.",
        "Thursday's final round with Vikram at the office is off.",
    ],
)
def test_a_cancellation_whose_words_others_split(body: str) -> None:
    result = found(mail("Sanne de Vries <sanne@oranje.example>", "Update", f"Hi,\n\n{body}\n\nS\n"))
    assert result.kind is SightingKind.CANCEL, result.evidence


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Zweites Gespräch – Kranich", "wir laden Sie zu einem zweiten Gespräch ein:"),
        ("Kranich – persönliches Gespräch", "ich lade Sie zu einem persönlichen Gespräch ein:"),
        ("Second round", "we would like to invite you to a second round:"),
    ],
)
def test_a_second_or_personal_conversation_is_an_interview(subject: str, body: str) -> None:
    data = mail(
        "Birgit Sommer <b.sommer@kranich.example>",
        subject,
        f"Hallo,\n\n{body}\n\nFreitag, 11. Dezember 2026, von 11:00 bis 12:30 Uhr\n\nB. Sommer\n",
    )
    result = found(data)
    assert result.start == at("2026-12-11T11:00:00+01:00")


def test_a_scheduled_interview_is_confirmed_whatever_else_is_available() -> None:
    data = mail(
        "Grupo Tezontle <grupotezontle@myworkday.com>",
        "Tu entrevista ha sido programada: Gerente de Analítica",
        "Hola Alex:\n\nTu entrevista para la vacante Gerente de Analítica ha sido programada.\n\n"
        "Fecha: jueves, 10 de diciembre de 2026\nHora: 9:00 a. m. – 10:00 a. m. (hora del centro "
        "de México, CDMX)\n\nEl enlace de la reunión estará disponible en tu portal.\n\n"
        "Atentamente,\nAtracción de Talento\n",
    )
    result = found(data)
    assert result.start == at("2026-12-10T09:00:00-06:00")
    assert result.company == "Grupo Tezontle"


def test_calendar_events_of_the_users_own_life_are_no_interview() -> None:
    # The user hosts a booking page: an applicant booked the user, who interviews.
    hosted = mail(
        "Calendly <notifications@calendly.com>",
        "New Event: Elena Moretti - 09:30 Fri 11 Dec 2026 - Lanterna: Backend Engineer interview",
        "Hi Alex,\n\nA new event has been scheduled.\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:cal-hosted",
                "DTSTART:20261211T083000Z",
                "DTEND:20261211T091500Z",
                "SUMMARY:Elena Moretti and Alex Example - Lanterna: Backend Engineer interview",
                "ORGANIZER;CN=Alex Example:mailto:alex@candidate.example",
                "ATTENDEE;CN=Elena Moretti:mailto:elena.moretti@inbox.example",
            ],
        ),
    )
    assert seen(hosted) is None
    # A friend's coffee whose only interview word is in the note, about no job.
    coffee = mail(
        "Ben Carter <ben.carter@posta.example>",
        "Invitation: Coffee catch-up (Ben & Alex) @ Sat Dec 12, 2026 10am",
        "Been ages! Want to hear how all the interviews are going. Ben\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:cal-coffee",
                "DTSTART:20261212T090000Z",
                "DTEND:20261212T100000Z",
                "SUMMARY:Coffee catch-up (Ben & Alex)",
                "DESCRIPTION:Been ages! Want to hear how all the interviews are going.",
                "ORGANIZER;CN=Ben Carter:mailto:ben.carter@posta.example",
                "ATTENDEE;CN=Ben Carter:mailto:ben.carter@posta.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    assert seen(coffee) is None


@pytest.mark.parametrize(
    ("details", "mine"),
    [
        ("Candidate: Jordan Lee\\nInterviewer: Alex Example", False),
        ("Kandidatin: Jordan Lee", False),
        ("Interviewer: Alex Example", False),
        ("Candidate: Alex Example\\nInterviewer: Dana Reyes", True),
        ("Entrevistador: Dana Reyes", True),
    ],
)
def test_an_event_whose_details_make_someone_else_the_candidate_is_not_the_users(
    details: str, mine: bool
) -> None:
    data = mail(
        "Dana Reyes <dana@acme.example>",
        "Invitation: Interview - Backend Engineer",
        calendar=ics(
            "REQUEST",
            [
                "UID:roles-1",
                "DTSTART:20261210T150000Z",
                "DTEND:20261210T160000Z",
                "SUMMARY:Interview - Backend Engineer",
                f"DESCRIPTION:{details}",
                "ORGANIZER;CN=Dana Reyes:mailto:dana@acme.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    assert (seen(data) is not None) is mine


def test_an_intro_call_whose_event_names_the_job_in_its_description() -> None:
    data = mail(
        "Calendly <notifications@calendly.com>",
        "Confirmed: Kaveri Fintech - Intro call with Rohan Iyer on Friday, December 11, 2026",
        "Hi Alex,\n\nYour event is scheduled.\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:cal-intro-2",
                "DTSTART:20261211T053000Z",
                "DTEND:20261211T060000Z",
                "SUMMARY:Kaveri Fintech - Intro call between Rohan Iyer and Alex Example",
                "DESCRIPTION:Event Name: Kaveri Fintech - Intro call (Lead Engineer\\, Payments)",
                "ORGANIZER;CN=Rohan Iyer:mailto:rohan.iyer@kaverifintech.example",
                "ATTENDEE;CN=Rohan Iyer:mailto:rohan.iyer@kaverifintech.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    result = found(data)
    assert result.company == "Kaveri Fintech"
    assert people(result) == ["rohan.iyer@kaverifintech.example"]


def test_the_organizer_interviews_when_the_mail_says_so_not_when_it_names_only_others() -> None:
    joins = mail(
        "Hamish Clarke <hamish@saltbush.example>",
        "Invitation: Saltbush - Data Scientist interview (Alex Example)",
        "G'day Alex - Mei and I will run this one together: 30 min on your forecasting work, "
        "30 min on a case study. Cheers, Hamish\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:google-panel",
                "DTSTART:20261210T080000Z",
                "DTEND:20261210T090000Z",
                "SUMMARY:Saltbush - Data Scientist interview (Alex Example)",
                "ORGANIZER;CN=Hamish Clarke:mailto:hamish@saltbush.example",
                "ATTENDEE;CN=Hamish Clarke:mailto:hamish@saltbush.example",
                "ATTENDEE;CN=Mei Lin:mailto:mei.lin@saltbush.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
            product="-//Google Inc//Google Calendar 70.9054//EN",
        ),
    )
    result = found(joins)
    assert sorted(people(result)) == ["hamish@saltbush.example", "mei.lin@saltbush.example"]
    assert result.format is Format.PANEL
    arranges = mail(
        "Nadia Berthier <nadia@lumiere.example>",
        "Entretien sur site – Lumière (Lyon)",
        "Bonjour Alex,\n\nMarc Delorme (directeur des opérations) et Sophie Kaci (responsable "
        "grands comptes) souhaitent vous rencontrer dans nos locaux.\n\nRendez-vous le jeudi "
        "10 décembre de 14 h à 16 h. Je viendrai vous chercher à l'accueil.\n\nNadia\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:outlook-onsite",
                "DTSTART:20261210T130000Z",
                "DTEND:20261210T150000Z",
                "SUMMARY:Entretien – Alex Example",
                "ORGANIZER;CN=Nadia Berthier:mailto:nadia@lumiere.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                "ATTENDEE;CN=Marc Delorme:mailto:marc@lumiere.example",
                "ATTENDEE;CN=Sophie Kaci:mailto:sophie@lumiere.example",
            ],
            product="Microsoft Exchange Server 2010",
        ),
    )
    assert sorted(people(found(arranges))) == ["marc@lumiere.example", "sophie@lumiere.example"]


def test_a_confirmation_in_words_names_the_people_whose_address_it_gives() -> None:
    agency = mail(
        "Giulia Ferri <g.ferri@talentiepartner.example>",
        "Colloquio Fratelli Bontempi - conferma",
        "Gentile Alex,\n\nLe confermo il primo colloquio con il nostro cliente Fratelli Bontempi "
        "S.p.A. per la posizione di Product Marketing Manager.\n\nParlerà con la dott.ssa Elena "
        "Sarti, HR Business Partner, che legge in copia.\n\n- giovedì 10 dicembre, dalle 11:30 "
        "alle 12:15\n\nUn cordiale saluto,\nGiulia Ferri\n",
        headers={"Cc": "Elena Sarti <elena.sarti@bontempi.example>"},
    )
    result = found(agency)
    assert people(result) == ["elena.sarti@bontempi.example"]
    assert result.company == "Fratelli Bontempi"
    in_text = mail(
        "Sanne de Vries <sanne@oranjetalent.example>",
        "Bevestiging kennismaking Polderdata (Senior Data Engineer)",
        "Hoi Alex,\n\nIk heb de kennismaking ingepland: donderdag 10 december, van 9.30 tot "
        "10.15 uur via Microsoft Teams.\n\nJe spreekt met Maarten Bakker, Head of Data bij "
        "Polderdata (maarten.bakker@polderdata.example).\n\nGroetjes,\nSanne\n",
    )
    result = found(in_text)
    assert people(result) == ["maarten.bakker@polderdata.example"]
    assert (result.company, result.format) == ("Polderdata", Format.VIDEO)
    relayed = mail(
        "Lumière Énergie <no-reply@teamtailor.com>",
        "Confirmation de votre entretien – Lumière Énergie",
        "Bonjour Alex,\n\nNous avons le plaisir de vous confirmer votre entretien "
        "téléphonique :\n\n  Date : jeudi 10 décembre 2026\n  Heure : 10 h 30 (heure de Paris)"
        "\n  Avec : Inès Marchal, chargée de recrutement\n\nÀ très bientôt,\nL'équipe\n",
        headers={"Reply-To": "Inès Marchal <ines.marchal@lumiere.example>"},
    )
    result = found(relayed)
    assert people(result) == ["ines.marchal@lumiere.example"]
    assert result.company == "Lumière Énergie"


def test_the_people_said_to_take_part_and_a_length_said_after_the_time() -> None:
    data = mail(
        "Beatriz Nogueira <beatriz@caravela.example>",
        "Caravela | conversa com o time de Produto",
        "Oi Alex, tudo bem?\n\nConfirmando nossa conversa com o time na quinta-feira, 10 de "
        "dezembro, às 10h (horário de Brasília). Duração de 1 hora, pelo Google Meet.\n\n"
        "Vão participar o Carlos Mendes (Head de Produto) e a Juliana Prado (Tech Lead), que "
        "estão em cópia. A ideia é falar sobre a vaga de Product Manager.\n\nAbraços,\nBia\n",
        headers={
            "Cc": "Carlos Mendes <carlos@caravela.example>, Juliana <juliana@caravela.example>"
        },
    )
    result = found(data)
    assert sorted(people(result)) == ["carlos@caravela.example", "juliana@caravela.example"]
    assert result.format is Format.PANEL
    assert result.end == at("2026-12-10T11:00:00-03:00")


def test_the_people_the_writer_joins_and_an_interviewer_field_name() -> None:
    # "Lena (in Cc) und ich": the people the writer says they join name the interviewers.
    data = mail(
        "Tobias Weber <tobias@isarwerk.example>",
        "Unser Termin am 16.12. - Frontend-Entwickler:in",
        "Hallo Alex,\n\nich bestätige dir gern unser Kennenlernen am Mittwoch, den 16.12., um "
        "10 Uhr bei uns im Büro, Sonnenstraße 12. Wir planen etwa 90 Minuten, also bis 11:30 "
        "Uhr.\n\nVon unserer Seite sind Lena (Teamlead Frontend, in Cc) und ich dabei.\n\n"
        "Bis bald\nTobias\n",
        headers={"Cc": "Lena Koch <lena@isarwerk.example>"},
    )
    result = found(data)
    assert sorted(people(result)) == ["lena@isarwerk.example", "tobias@isarwerk.example"]
    assert result.format is Format.PANEL
    assert result.end == at("2026-12-16T11:30:00+01:00")
    # "Interviewer: ... (address)": the one named there interviews, not the recruiter.
    data = mail(
        "Neha Kapoor <neha@saffrongrid.example>",
        "Interview confirmed - Platform Engineer",
        "Hi Alex,\n\nYour interview is confirmed for Tuesday, 15 December, 3:30 - 4:15 PM IST."
        "\n\nInterviewer: Arjun Mehta, Engineering Manager (arjun.mehta@saffrongrid.example)\n\n"
        "Regards,\nNeha\n",
    )
    assert people(found(data)) == ["arjun.mehta@saffrongrid.example"]
    # A job title's words are nobody else met ("a vaga de Cientista de Dados Pleno").
    data = mail(
        "Beatriz Souza <beatriz@jabuticaba.example>",
        "Entrevista confirmada",
        "Oi Alex,\n\nConfirmamos sua entrevista para a vaga de Cientista de Dados Pleno na "
        "quinta-feira, 10 de dezembro, às 10h, pelo Google Meet. Duração: 1h, das 10h às 11h."
        "\nEu mesma vou conduzir a conversa.\n\nAbraços,\nBeatriz\n",
    )
    result = found(data)
    assert people(result) == ["beatriz@jabuticaba.example"]
    assert result.end == at("2026-12-10T11:00:00+01:00")


def test_the_subject_may_say_whom_the_candidate_meets() -> None:
    data = mail(
        "Birgit Sommer <b.sommer@kranich.example>",
        "Kranich – persönliches Gespräch mit Herrn Claußen",
        "Sehr geehrter Herr Example,\n\nim Namen von Herrn Claußen lade ich Sie zu einem "
        "persönlichen Gespräch ein:\n\nFreitag, 11. Dezember 2026, von 11:00 bis 12:30 Uhr\n\n"
        "Birgit Sommer\n",
        headers={"Cc": "Henning Claußen <h.claussen@kranich.example>"},
    )
    assert people(found(data)) == ["h.claussen@kranich.example"]


def test_a_company_named_in_a_signature_or_shortened_in_its_domain() -> None:
    signed = mail(
        "Kayla Brooks <kayla@orbitline.example>",
        "Re: Staff Backend Engineer",
        "Hi Alex,\n\nYour interview is confirmed for Monday, December 14 at 9:00 AM PT.\n\n"
        "Kayla\n\n--\nKayla Brooks | Senior Technical Recruiter | Orbitline Systems\n",
    )
    assert found(signed).company == "Orbitline Systems"
    shortened = mail(
        "Declan Walsh <declan@kestrelpay.example>",
        "Interview confirmed",
        "Hi Alex,\n\nThank you for your interest in Kestrel Payments. Your interview is "
        "confirmed for Monday, December 14 at 9:00 AM GMT.\n\nDeclan\n",
    )
    assert found(shortened).company == "Kestrel Payments"


@pytest.mark.parametrize(
    ("sender", "signature", "company"),
    [
        ("Noor Haddad <noor@harborandvine.example>", "Harbor & Vine · SF", "Harbor & Vine"),
        ("Tobias Weber <tobias@isarwerk.example>", "Isarwerk Software GmbH", "Isarwerk Software"),
        ("Riley Chen <riley@northwind.example>", "Northwind HQ, 300 Park Ave S", "Northwind"),
    ],
)
def test_a_company_spelled_with_an_ampersand_a_word_before_its_legal_form_not_its_office(
    sender: str, signature: str, company: str
) -> None:
    body = "Hi Alex,\n\nYour interview is on Thursday, December 10 at 15:00.\n\nBest,\n"
    assert found(mail(sender, "Interview confirmed", body + signature + "\n")).company == company


def test_a_recruiter_who_names_someone_else_to_meet_is_no_interviewer() -> None:
    def confirmation(said: str) -> bytes:
        return mail(
            "Daniel Cho <daniel.cho@brightline.example>",
            "Your next interview at Brightline",
            "Hi Alex,\n\nYour interview with Brightline Health is confirmed for Thursday, "
            f"December 10 at 8:30 AM ET. {said}\n\nDaniel Cho\n",
        )

    assert (
        found(confirmation("You will meet our VP of Engineering, Tom Alvarez.")).interviewers == ()
    )
    writer = found(confirmation("I look forward to speaking with you."))
    assert people(writer) == ["daniel.cho@brightline.example"]
    both = found(confirmation("Tom Alvarez and I will meet you on Zoom."))
    assert people(both) == ["daniel.cho@brightline.example"]


def test_a_company_is_named_without_its_legal_form_nor_the_next_line() -> None:
    data = mail(
        "Francesca Galli <francesca@orticasoftware.example>",
        "Colloquio",
        "Buongiorno Alex,\n\nLe confermo il colloquio per la posizione di Sviluppatore "
        "Backend giovedì 10 dicembre alle 15:00 presso Ortica Software S.r.l. in Via Tortona 33."
        "\n\nFrancesca\n",
    )
    assert found(data).company == "Ortica Software"
    data = mail(
        "Inês Carvalho <ines@maredigital.example>",
        "Conversa sobre a sua candidatura",
        "Olá Alex,\n\nConfirmo a nossa conversa na quinta-feira, 10 de dezembro, às 14h "
        "(hora de Lisboa), na Maré Digital\nRua do Ouro 12, Lisboa.\n\nInês\n",
    )
    assert found(data).company == "Maré Digital"


@pytest.mark.parametrize(
    ("said", "start"),
    [
        ("Thursday, December 10, 5:00 PM (Central European Time - Amsterdam)", "17:00+01:00"),
        ("Thursday, December 10, 9:30 AM Newfoundland Daylight Time", "09:30-03:30"),
        ("Thursday, December 10 at 11:00am (India Standard Time)", "11:00+05:30"),
        ("Donnerstag, 10. Dezember, 15:00 Uhr Mitteleuropäische Zeit", "15:00+01:00"),
        ("Thursday, December 10, 6:30pm Australian Central Daylight Time", "18:30+10:30"),
        ("le jeudi 10 décembre à 15 h (heure d'Europe centrale)", "15:00+01:00"),
        ("giovedì 10 dicembre alle 15:00 (ora dell'Europa centrale)", "15:00+01:00"),
        ("donderdag 10 december om 15.00 uur Midden-Europese tijd", "15:00+01:00"),
    ],
)
def test_zones_written_by_their_long_names(said: str, start: str) -> None:
    data = mail("Rita Gomez <rita@globex.example>", "Interview confirmed", f"Hi,\n\n{said}.\n\nR\n")
    assert found(data, NEW_YORK).start == at(f"2026-12-10T{start}")  # not the user's zone


def test_a_time_restated_for_a_reader_elsewhere_is_neither_the_time_nor_its_zone() -> None:
    moved = mail(
        "Gerard Power <gerard@tidewater.example>",
        "RE: Technical interview - Tidewater",
        "Hi Alex,\n\nI've moved our interview to Thursday, December 10, 10:00-11:00 a.m. "
        "Newfoundland time, same Teams link. Note our clocks went back on Sunday, so that's "
        "7:30 p.m. for you, same as before.\n\nGerard\n",
    )
    assert found(moved).start == at("2026-12-10T10:00:00-03:30")
    calendar = mail(
        "Acme Interview Scheduling <scheduling@acme.example>",
        "Acme <> Alex Example: Hiring Manager Screen",
        "Hi Alex,\n\nThursday, December 10, 2026\n5:00 PM - 5:45 PM (Central European Time - "
        "Amsterdam)\n(that's 8:00 - 8:45 AM Pacific for Owen)\n\nNora\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:gem-screen",
                "DTSTART:20261210T160000Z",
                "DTEND:20261210T164500Z",
                "SUMMARY:Acme <> Alex Example: Hiring Manager Screen",
                "ORGANIZER;CN=Acme Interview Scheduling:mailto:scheduling@acme.example",
                "ATTENDEE;CN=Owen Park:mailto:owen@acme.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    result = found(calendar)
    assert result.start == at("2026-12-10T17:00:00+01:00")
    assert result.start.utcoffset() == timedelta(hours=1)


def test_the_format_is_the_one_said_beside_the_time_not_a_call_about_something_else() -> None:
    data = mail(
        "Neha Kulkarni <neha.k@pinnacletalent.example>",
        "RE: Kaveri Fintech - final round",
        "Hi Alex,\n\nKaveri would like you to come in for the final round with their CTO:\n\n"
        "Thursday, 10 December, 3:00 - 5:00 PM\nKaveri Fintech, 4th Floor, 80 Feet Road, "
        "Bengaluru\n\nPlease carry an ID for the visitor pass. I'll call you on Wednesday "
        "evening to prepare.\n\nNeha\n",
    )
    assert found(data).format is Format.ONSITE
    data = mail(
        "Birgit Sommer <b.sommer@kranich.example>",
        "Kranich – persönliches Gespräch",
        "Sehr geehrter Herr Example,\n\nich lade Sie zu einem persönlichen Gespräch in unsere "
        "Zentrale ein:\n\nFreitag, 11. Dezember 2026, von 11:00 bis 12:30 Uhr\n\nBitte melden "
        "Sie sich am Empfang.\n\nBirgit Sommer\n",
    )
    assert found(data).format is Format.ONSITE


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Suite à notre échange téléphonique, je vous confirme notre entretien le mardi 8 "
            "décembre à 14h30, dans nos locaux.",
            Format.ONSITE,
        ),
        (
            "Comme convenu au téléphone, notre entretien est déplacé au jeudi 10 décembre à "
            "16h, même adresse.",
            Format.ONSITE,
        ),
        (
            "Wie eben am Telefon besprochen: Mittwoch, den 9.12., um 10 Uhr per Google Meet.",
            Format.VIDEO,
        ),
        ("Ti confermo il colloquio telefonico di mercoledì 9 dicembre alle 10:00.", Format.PHONE),
        # A street address beside the time.
        (
            "Come concordato al telefono, il colloquio è spostato a giovedì 10 dicembre alle "
            "15:00, sempre in Via Tortona 33.",
            Format.ONSITE,
        ),
        ("Entretien le jeudi 10 décembre à 15h au 12 rue des Lilas, Lyon.", Format.ONSITE),
    ],
)
def test_a_call_that_took_place_says_nothing_of_the_format(body: str, expected: Format) -> None:
    data = mail("Julie Marchand <julie@ardoise.example>", "Entretien", f"Bonjour,\n\n{body}\n")
    assert found(data).format is expected


def test_tomorrow_is_the_writers_tomorrow() -> None:
    # Monday 16:40 in New York is already Tuesday in Kolkata: "tomorrow" is still Tuesday.
    data = mail(
        "Daniel Cho <daniel.cho@brightline.example>",
        "Tomorrow's call with Tom",
        "Hi Alex,\n\nTom has been called into a board session, so we need to cancel tomorrow's "
        "interview (8:30 AM ET).\n\nDaniel\n",
        when=datetime(2026, 12, 7, 16, 40, tzinfo=NEW_YORK),
    )
    result = found(data, ZoneInfo("Asia/Kolkata"))
    assert (result.kind, result.start) == (SightingKind.CANCEL, at("2026-12-08T08:30:00-05:00"))


def test_a_relays_reply_to_gives_the_companys_domain() -> None:
    data = mail(
        "Brightline Health <no-reply@greenhouse-mail.io>",
        "Brightline Health: your conversation with our VP of Engineering",
        "Hi Alex,\n\nYour interview with Brightline Health is confirmed for Thursday, December "
        "10 at 8:30 AM ET (30 minutes). Tom will send a Zoom link from his calendar.\n\n"
        "Daniel Cho\n",
        headers={"Reply-To": "daniel.cho@brightlinehealth.example"},
    )
    result = found(data)
    assert result.domains == ("brightlinehealth.example",)
    assert (result.company, result.interviewers) == ("Brightline Health", ())


def test_a_reminder_of_an_unchanged_interview_is_returned_again() -> None:
    data = mail(
        "Acme Recruiting <no-reply@us.greenhouse-mail.io>",
        "Reminder: your interview with Acme tomorrow",
        "Hi Alex,\n\nA reminder that your interview with Acme is tomorrow at 2:00 PM ET.\n",
        when=datetime(2026, 12, 7, 9, tzinfo=NEW_YORK),
    )
    result = found(data)
    assert result.start == at("2026-12-08T14:00:00-05:00")
    assert result.company == "Acme"


# -- what is no interview -------------------------------------------------------------------------


def event(summary: str, organizer: str, *attendees: str) -> str:
    return ics(
        "REQUEST",
        [
            "UID:trap-1",
            "DTSTART:20261208T190000Z",
            "DTEND:20261208T200000Z",
            f"SUMMARY:{summary}",
            f"ORGANIZER:mailto:{organizer}",
            *(f"ATTENDEE:mailto:{a}" for a in attendees),
        ],
    )


@pytest.mark.parametrize(
    ("sender", "subject", "calendar"),
    [
        (  # a recruiting agency's networking evening, whatever it says of interviews
            "Oranje Talent <events@oranjetalent.example>",
            "Invitation: Networking evening - interview season drinks",
            event(
                "Networking evening - interview season drinks",
                "events@oranjetalent.example",
                "alex@candidate.example",
            ),
        ),
        (  # an interview debrief between colleagues
            "Dana Reyes <dana@acme.example>",
            "Invitation: Interview debrief - Jordan Lee",
            event("Interview debrief - Jordan Lee", "dana@acme.example", "alex@candidate.example"),
        ),
        (  # a company webinar, even one about interviews
            "Globex Events <events@globex.example>",
            "Invitation: Webinar - how to ace your interview",
            event("Webinar: how to ace your interview", "events@globex.example"),
        ),
        (  # a conference talk
            "PyCon Team <team@pycon.example>",
            "Your talk: Scaling data pipelines",
            event("Talk: Scaling data pipelines", "team@pycon.example"),
        ),
        (  # a 1:1 with a friend
            "Sam Friend <sam.friend@gmail.com>",
            "Invitation: Catch up 1:1",
            event("Catch up 1:1", "sam.friend@gmail.com", "alex@candidate.example"),
        ),
        (  # a team lunch
            "Jo Manager <jo@currentjob.example>",
            "Invitation: Team lunch",
            event("Team lunch", "jo@currentjob.example", "alex@candidate.example"),
        ),
        (  # a dentist appointment
            "Dr. Smile Dental <booking@smiledental.example>",
            "Appointment confirmation",
            event("Dentist appointment", "booking@smiledental.example"),
        ),
        (  # a mock interview with a friend
            "Sam Friend <sam.friend@gmail.com>",
            "Invitation: Mock interview practice",
            event("Mock interview practice", "sam.friend@gmail.com"),
        ),
        (  # an interview the user gives at work: the employer is the user's own
            "Jo Manager <jo@candidate.example>",
            "Invitation: Interview - backend candidate",
            event("Interview - backend candidate", "jo@candidate.example"),
        ),
        (  # the press
            "Kim Writer <kim@dailytech.example>",
            "Invitation: Press interview about your open-source work",
            event("Press interview: open-source maintainers", "kim@dailytech.example"),
        ),
        (  # a user research session
            "Research Team <research@globex.example>",
            "Invitation: User research interview (30 min, $50 gift card)",
            event("User research interview", "research@globex.example"),
        ),
        (  # a visa interview
            "Visa Appointments <appointments@consulate.example>",
            "Your visa interview appointment",
            event("Visa interview", "appointments@consulate.example"),
        ),
    ],
)
def test_calendar_events_that_are_no_interview(sender: str, subject: str, calendar: str) -> None:
    assert seen(mail(sender, subject, calendar=calendar)) is None


def test_accepted_and_declined_responses_are_no_interview() -> None:
    reply = ics(
        "REPLY",
        [
            "UID:gh-4411@greenhouse.io",
            "DTSTART:20261208T190000Z",
            "SUMMARY:Interview with Acme",
            "ORGANIZER:mailto:rita@acme.example",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana@acme.example",
        ],
    )
    data = mail("Dana Reyes <dana@acme.example>", "Accepted: Interview with Acme", calendar=reply)
    assert seen(data) is None
    declined = mail(
        "Dana Reyes <dana@acme.example>",
        "Declined: Interview with Acme @ Tue Dec 8, 2026 2pm",
        "Dana Reyes has declined this invitation.",
    )
    assert seen(declined) is None
    french = mail(
        "Dana Reyes <dana@acme.example>",
        "Accepté : Entretien avec Acme",
        "Dana Reyes a accepté cette invitation: entretien le 8 décembre à 14h.",
    )
    assert seen(french) is None


@pytest.mark.parametrize(
    ("sender", "subject", "body", "headers"),
    [
        (  # "let's find a time": no time fixed
            "Rita Gomez <rita@globex.example>",
            "Next steps: interview with Globex",
            "Hi Alex,\n\nThe team would love to interview you! Could you send me your "
            "availability for next week so we can find a time?\n\nRita",
            {},
        ),
        (  # a scheduling link
            "Rita Gomez <rita@globex.example>",
            "Schedule your interview with Globex",
            "Hi Alex,\n\nPlease pick a time for your interview here: "
            "https://calendly.com/rita-globex/interview\n\nRita",
            {},
        ),
        (  # two options offered
            "Rita Gomez <rita@globex.example>",
            "Interview times",
            "Hi Alex,\n\nFor the interview, would Tuesday, December 8 at 2pm ET or Wednesday, "
            "December 9 at 10am ET work for you?\n\nRita",
            {},
        ),
        (  # a newsletter about interview tips
            "Career Weekly <news@careerweekly.example>",
            "10 interview questions you must prepare",
            "This week: how to answer salary questions in your interview on Tuesday, December "
            "8 at 2pm ET in our live session.",
            {"List-Unsubscribe": "<mailto:unsubscribe@careerweekly.example>"},
        ),
        (  # a cancellation policy is no cancellation, and no time is no interview
            "Rita Gomez <rita@globex.example>",
            "Interview with Globex",
            "Hi Alex,\n\nIf you need to cancel or reschedule, please let us know 24 hours "
            "ahead.\n\nRita",
            {},
        ),
        (  # a time and a recruiter, but no interview
            "Rita Gomez <rita@globex.example>",
            "Our office party",
            "Hi Alex,\n\nJoin us at the office party on Friday, December 11 at 6pm!\n",
            {},
        ),
        (  # interview words from a friend, without anyone who recruits
            "Sam Friend <sam.friend@gmail.com>",
            "Good luck!",
            "Hey Alex, good luck with your interview on Tuesday, December 8 at 2pm!",
            {},
        ),
        (  # a friend's plan about someone's interview, from a domain of its own
            "Meera Pillai <meera@friendmail.example>",
            "Re: coffee this week?",
            "Done! Thursday 6:30pm at Third Wave. I want every detail of your interview "
            "marathon tomorrow :)",
            {},
        ),
        (  # a job alert that counts its jobs
            "Job Alerts <alerts@careersite.example>",
            "27 new Staff Software Engineer jobs in New York - interviews this week",
            "Fast-track: hiring event Monday Dec 14 at 10 AM ET, interviews same day.",
            {},
        ),
        (  # a job alert in French
            "Alertes <alertes@jobboard.example>",
            "Alerte emploi : Data Analyst à Lyon",
            "Entretiens le lundi 14 décembre à 10h chez Rhône Mutuelle.",
            {},
        ),
        (  # a registration for a talk about interviews
            "Data Careers Live <hello@datacareerslive.example>",
            "Cracking the System Design Interview",
            "Thank you for registering for our session on Tuesday, December 8 at 7pm ET.",
            {},
        ),
        (  # a dentist's reminder whose policy speaks of moving it
            "Hudson Dental <reminders@hudsondental.example>",
            "Appointment reminder: Tuesday, December 8 at 8:30 AM",
            "Your appointment is on Tuesday, December 8 at 8:30 AM. Call us to reschedule.",
            {},
        ),
        (  # "à l'avance" is no move
            "Cabinet Saint-Paul <rdv@cabinet-stpaul.example>",
            "Rappel de votre rendez-vous du mercredi 9 décembre à 11h00",
            "En cas d'empêchement, merci de prévenir au moins 24 heures à l'avance.",
            {},
        ),
    ],
)
def test_mail_in_words_that_is_no_interview(
    sender: str, subject: str, body: str, headers: dict[str, str]
) -> None:
    assert seen(mail(sender, subject, body, headers=headers)) is None


def test_the_users_own_mail_is_no_sighting() -> None:
    data = mail(
        ME,
        "Re: Interview with Globex",
        "Hi Rita,\n\nTuesday, December 8 at 2pm ET works for me for the interview.\n",
        to="Rita Gomez <rita@globex.example>",
    )
    assert seen(data) is None


def test_a_message_without_a_calendar_or_words_is_no_interview_and_nothing_raises() -> None:
    assert seen(mail("Rita Gomez <rita@globex.example>", "Hello", "Just saying hi.")) is None
    broken = mail(
        "Rita Gomez <rita@acme.example>",
        "Interview with Acme",
        "See the invitation.",
        calendar="BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n",
    )
    assert seen(broken) is None


def test_a_message_built_in_memory_with_only_its_first_invite() -> None:
    # The memory backend's tests build messages by hand: ``invite`` alone is read too.
    invite = Invite(
        method="REQUEST",
        uid="abc",
        sequence=0,
        start=datetime(2026, 12, 8, 19, tzinfo=UTC),
        end=None,
        attendees=(Address("Dana", "dana@acme.example"), Address("Alex", "alex@me.example")),
        organizer=Address("Rita", "rita@acme.example"),
        summary="Interview",
    )
    message = Message(
        account="personal",
        folder="INBOX",
        uid=1,
        message_id="inv-1@acme.example",
        date=datetime(2026, 12, 1, tzinfo=UTC),
        sender=Address("Rita Gomez", "rita@acme.example"),
        subject="Invitation: Interview",
        invite=invite,
    )
    result = sighting(message, own_addresses={"Alex@me.example"}, lexicon=Lexicon())
    assert result is not None
    assert (result.kind, result.start) == (SightingKind.INVITE, invite.start)
    # Rita organizes without being listed, and no Outlook wrote it: she arranged it for Dana.
    assert people(result) == ["dana@acme.example"]
    assert result.format is Format.VIDEO


# -- times in words, directly ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "start", "end"),
    [
        ("Tue Dec 8, 2:00 - 3:00 PM PST", "2026-12-08T14:00:00-08:00", "2026-12-08T15:00:00-08:00"),
        (
            "on 8 December 2026, 11-12 PM GMT",
            "2026-12-08T11:00:00+00:00",
            "2026-12-08T12:00:00+00:00",
        ),
        ("le 8 décembre de 14h à 15h30", "2026-12-08T14:00:00+01:00", "2026-12-08T15:30:00+01:00"),
        (
            "am 08.12.2026 von 9 bis 10 Uhr",
            "2026-12-08T09:00:00+01:00",
            "2026-12-08T10:00:00+01:00",
        ),
        ("2026-12-08 at 16:15 (Europe/Lisbon)", "2026-12-08T16:15:00+00:00", None),
        ("tomorrow at noon", "2026-12-02T12:00:00+01:00", None),
        ("el 8 de diciembre a las 10 de la mañana", "2026-12-08T10:00:00+01:00", None),
        ("on Thursday at 9:30am (GMT-3)", "2026-12-03T09:30:00-03:00", None),
        ("terça-feira, 1 de dezembro, às 14h00 de Lisboa", "2026-12-01T14:00:00+00:00", None),
        (
            "Do., 15.10.2027, 11:00–11:30 Uhr",
            "2027-10-15T11:00:00+02:00",
            "2027-10-15T11:30:00+02:00",
        ),
        (
            "woensdag 2 december van 13.00 tot 15.00 uur",
            "2026-12-02T13:00:00+01:00",
            "2026-12-02T15:00:00+01:00",
        ),
        ("giovedì 3 dicembre alle ore 15", "2026-12-03T15:00:00+01:00", None),
        # A dotted range whose unit follows its end only.
        (
            "dinsdag 15 december, 11.00 - 11.45 uur",
            "2026-12-15T11:00:00+01:00",
            "2026-12-15T11:45:00+01:00",
        ),
        (
            "Donnerstag, 10. Dezember, 14.30 - 15.30 Uhr",
            "2026-12-10T14:30:00+01:00",
            "2026-12-10T15:30:00+01:00",
        ),
        # Zoom writes the city alone; a person of a city's name is no zone.
        ("Time: Dec 10, 2026 04:00 PM London", "2026-12-10T16:00:00+00:00", None),
        ("Thursday, December 10 at 3pm Austin will call you", "2026-12-10T15:00:00+01:00", None),
        # A slashed date after an article, "ore 14.30", a clock beside a month, "zwischen 14
        # und 15 Uhr", and "om 10 uur" is no length of ten hours.
        ("dia 08/12 às 14:30", "2026-12-08T14:30:00+01:00", None),
        ("martedì 8 dicembre, ore 14.30", "2026-12-08T14:30:00+01:00", None),
        ("di 8 december 14:30-15:00", "2026-12-08T14:30:00+01:00", "2026-12-08T15:00:00+01:00"),
        (
            "am 9.12. zwischen 14 und 15 Uhr",
            "2026-12-09T14:00:00+01:00",
            "2026-12-09T15:00:00+01:00",
        ),
        ("morgen om 10 uur", "2026-12-02T10:00:00+01:00", None),
        # Zones of Nepal (+05:45), South Africa, the Gulf.
        ("Tuesday, December 8 at 10:00 AM NPT", "2026-12-08T10:00:00+05:45", None),
        ("on 8 December at 9:30 SAST", "2026-12-08T09:30:00+02:00", None),
        ("Dec 10 at 14:00 GST", "2026-12-10T14:00:00+04:00", None),
        # A half hour the Dutch and German way: "half tien" is 9:30, before the hour named.
        (
            "dinsdag 8 december om half tien 's ochtends, tot 11:00 uur",
            "2026-12-08T09:30:00+01:00",
            "2026-12-08T11:00:00+01:00",
        ),
        ("Donnerstag, 10. Dezember, um halb drei nachmittags", "2026-12-10T14:30:00+01:00", None),
        ("woensdag 9 december om half 4 's middags", "2026-12-09T15:30:00+01:00", None),
    ],
)
def test_times_in_text(said: str, start: str, end: str | None) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    (moment,) = times_in_text([said], reference, BERLIN)
    assert moment.start == at(start)
    assert moment.start.utcoffset() == at(start).utcoffset()
    assert moment.end == (at(end) if end else None)


@pytest.mark.parametrize(
    ("said", "zone", "start"),
    [
        ("on 12/10/2026 at 3pm", "America/New_York", "2026-12-10T15:00:00-05:00"),
        ("on 12/10/2026 at 3pm ET", "Europe/Berlin", "2026-12-10T15:00:00-05:00"),
        ("le 10/12/2026 à 15h", "Europe/Berlin", "2026-12-10T15:00:00+01:00"),
        ("am 10.12.2026 um 15 Uhr", "America/New_York", "2026-12-10T15:00:00-05:00"),
        ("on 25/12/2026 at 3pm", "America/New_York", "2026-12-25T15:00:00-05:00"),
    ],
)
def test_slashed_dates_are_month_first_for_americans_only(said: str, zone: str, start: str) -> None:
    tz = ZoneInfo(zone)
    (moment,) = times_in_text([said], datetime(2026, 12, 1, 9, tzinfo=tz), tz)
    assert moment.start == at(start)


@pytest.mark.parametrize(
    "said",
    [
        "Il colloquio è spostato a lunedì 14 dicembre alle 9:30. Grazie per la disponibilità.",
        "Rendez-vous le lundi 14 décembre à 9h30, merci pour votre disponibilité.",
        "See you Monday, December 14 at 9:30, thanks a lot for your flexibility.",
    ],
)
def test_thanks_for_the_readers_availability_offers_no_time(said: str) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    (moment,) = times_in_text([said], reference, BERLIN)
    assert not moment.asked
    assert moment.start == datetime(2026, 12, 14, 9, 30, tzinfo=BERLIN)


def test_times_in_text_skip_numbers_years_and_past_days() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    assert times_in_text(["We had 3-4 people in 2026 and 12 rounds."], reference, BERLIN) == []
    assert times_in_text(["It was on November 3 at 2pm."], reference, BERLIN) == []
    (next_year,) = times_in_text(["See you January 5 at 10:00."], reference, BERLIN)
    assert next_year.start == datetime(2027, 1, 5, 10, tzinfo=BERLIN)


@settings(max_examples=150, deadline=None, database=None)
@given(subject=st.text(max_size=120), body=st.text(max_size=600))
def test_any_text_gives_a_sighting_or_none_and_never_raises(subject: str, body: str) -> None:
    message = Message(
        account="personal",
        folder="INBOX",
        uid=1,
        message_id="fuzz@x.example",
        date=datetime(2026, 12, 1, tzinfo=UTC),
        sender=Address("Rita Gomez", "rita@globex.example"),
        subject="Interview " + subject,
        text=body,
    )
    result = sighting(message, own_addresses=OWN, lexicon=LEXICON, tz=BERLIN)
    assert result is None or result.kind in (SightingKind.INVITE, SightingKind.CANCEL)


# -- who interviews -------------------------------------------------------------------------------


def test_outlook_organizer_attends_but_optional_attendees_and_rooms_do_not() -> None:
    data = mail(
        "Markus Lehmann <markus@brandt.example>",
        "Fachinterview Data Engineer (m/w/d) - Alex Example",
        calendar=ics(
            "REQUEST",
            [
                "UID:040000008200E00074C5B7101A82E008",
                "DTSTART;TZID=W. Europe Standard Time:20261028T100000",
                "DTEND;TZID=W. Europe Standard Time:20261028T113000",
                "SUMMARY:Fachinterview Data Engineer (m/w/d) - Alex Example",
                "ORGANIZER;CN=Markus Lehmann:mailto:markus@brandt.example",
                "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Alex Example:mailto:alex@candidate.example",
                "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Aylin Demir:mailto:aylin@brandt.example",
                "ATTENDEE;ROLE=OPT-PARTICIPANT;CN=Katrin Vogel:mailto:katrin@brandt.example",
                "ATTENDEE;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;CN=Raum 2.14 (8):"
                "mailto:raum-214@brandt.example",
                "LOCATION:Microsoft Teams-Besprechung",
            ],
            product="Microsoft Exchange Server 2010",
        ),
        when=datetime(2026, 10, 15, 15, tzinfo=BERLIN),
    )
    result = found(data)
    assert "'fachinterview'" in result.evidence  # a compound of "interview"
    assert people(result) == ["markus@brandt.example", "aylin@brandt.example"]
    assert result.format is Format.PANEL
    assert result.role == "Data Engineer (m/w/d)"
    assert result.start == at("2026-10-28T10:00:00+01:00")


def test_a_recruiter_an_applicant_tracking_system_writes_for_is_no_interviewer() -> None:
    data = mail(
        "Grace Lin <no-reply@ashbyhq.com>",
        "Interview confirmed: Halcyon Robotics",
        "Hi Alex,\n\nYour interview for the Analytics Lead role at Halcyon Robotics is "
        "confirmed.\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:ashby-2",
                "DTSTART:20261203T180000Z",
                "DTEND:20261203T190000Z",
                "SUMMARY:Analytics Lead - Technical Interview",
                "ORGANIZER;CN=Grace Lin:mailto:grace@halcyon.example",
                "ATTENDEE;CN=Owen Pratt:mailto:owen@halcyon.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    result = found(data)
    assert people(result) == ["owen@halcyon.example"]
    assert (result.company, result.role) == ("Halcyon Robotics", "Analytics Lead")
    assert "Grace Lin" not in result.company


# -- meetings that are interviews, and events of the user's -----------------------------------


def _calendly_booking(summary: str, host: str, subject: str = "New Event") -> bytes:
    """A scheduler's booking of a 30-minute call with ``host``, called ``summary``."""
    return mail(
        "Calendly <notifications@calendly.com>",
        f"{subject}: {summary}",
        calendar=ics(
            "REQUEST",
            [
                "UID:cal-intro",
                "DTSTART:20261203T150000Z",
                "DTEND:20261203T153000Z",
                f"SUMMARY:{summary}",
                f"ORGANIZER;CN=Host:mailto:{host}",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )


def test_an_intro_call_for_a_job_is_an_interview_and_a_coffee_chat_is_not() -> None:
    booking = _calendly_booking

    result = found(
        booking("Brightwave Labs - Analytics Engineer Intro", "marcus@brightwave.example")
    )
    assert (result.company, result.role) == ("Brightwave Labs", "Analytics Engineer")
    assert "intro" in result.evidence
    assert seen(booking("Coffee chat with Sam", "sam.friend@gmail.com")) is None
    assert seen(booking("Product demo: dashboards", "events@brightwave.example")) is None


def _earlier(subject: str, address: str, via: str = "sender", company: str = "") -> EarlierMail:
    return EarlierMail(SENT - timedelta(days=3), address, subject, "", company, via)


def test_a_generic_booking_reads_the_company_and_job_in_the_hosts_earlier_mail() -> None:
    booking = _calendly_booking(
        "30 Minute Meeting between Nora Lind and Alex", "nora@tessvik.example"
    )
    assert seen(booking) is None
    recruiter = _earlier("Tessvik Analytics - Staff Data Engineer", "nora@tessvik.example")
    result = sighting(read(booking), own_addresses=OWN, lexicon=LEXICON, earlier=[recruiter])
    assert result is not None
    assert (result.company, result.role) == ("Tessvik Analytics", "Staff Data Engineer")
    assert "earlier mail" in result.evidence
    # Only the host's own mail, or the thread's, says what the meeting is: another person of
    # the company, or mail that speaks of no job, says nothing of it.
    for other in (
        _earlier("Tessvik Analytics - Staff Data Engineer", "ops@tessvik.example", via="domain"),
        _earlier("Lunch on Friday?", "nora@tessvik.example"),
        _earlier("Tessvik Analytics webinar: data engineering tips", "nora@tessvik.example"),
    ):
        assert sighting(read(booking), own_addresses=OWN, lexicon=LEXICON, earlier=[other]) is None
    # A meeting its summary makes something else stays none.
    demo = _calendly_booking("Product demo", "nora@tessvik.example")
    assert sighting(read(demo), own_addresses=OWN, lexicon=LEXICON, earlier=[recruiter]) is None


def test_the_company_an_earlier_mail_spells_beats_the_domain_label() -> None:
    booking = _calendly_booking("30 Minute Interview with Nora Lind", "nora@tessvikfin.example")
    assert found(booking).company == "Tessvikfin"
    earlier = _earlier("Tessvik Financial - next steps", "nora@tessvikfin.example", via="domain")
    result = sighting(read(booking), own_addresses=OWN, lexicon=LEXICON, earlier=[earlier])
    assert result is not None and result.company == "Tessvik Financial"
    assert result.role == ""  # a colleague's mail names the company, not this job


def test_a_meeting_of_a_company_whose_mail_was_filed_under_an_interview_is_a_step() -> None:
    call = mail(
        "Nora Lind <nora@tessvik.example>",
        "Next step - call with our GM",
        "Hi Alex,\n\nGreat news: our GM will call you on Thursday, December 10 at 3pm.\n",
    )
    assert seen(call) is None
    filed = _earlier("Re: Panel", "nora@tessvik.example", company="Tessvik Analytics")
    result = sighting(read(call), own_addresses=OWN, lexicon=LEXICON, tz=BERLIN, earlier=[filed])
    assert result is not None and result.start == at("2026-12-10T15:00:00+01:00")
    assert "an interview tracked" in result.evidence
    # A note looking forward to the meeting set already is none.
    note = mail(
        "Nora Lind <nora@tessvik.example>",
        "Our call",
        "Hi Alex,\n\nLooking forward to our call on Thursday, December 10 at 3pm.\n",
    )
    assert sighting(read(note), own_addresses=OWN, lexicon=LEXICON, earlier=[filed]) is None
    # A calendar's meeting of that company, too.
    invite = _calendly_booking("Final conversation", "nora@tessvik.example")
    assert seen(invite) is None
    result = sighting(read(invite), own_addresses=OWN, lexicon=LEXICON, earlier=[filed])
    assert result is not None and "an interview tracked" in result.evidence


def test_a_summary_naming_the_user_and_a_job_title_is_an_interview() -> None:
    def invite(summary: str) -> bytes:
        return mail(
            "Dana Reyes <dana@tessvik.example>",
            summary,
            calendar=ics(
                "REQUEST",
                [
                    "UID:named-1",
                    "DTSTART:20261203T150000Z",
                    f"SUMMARY:{summary}",
                    "ORGANIZER;CN=Dana Reyes:mailto:dana@tessvik.example",
                    "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                ],
            ),
        )

    result = found(invite("Alex Example / Dana Reyes - Senior Product Designer"))
    assert "the user named in the summary" in result.evidence
    assert seen(invite("Dana Reyes / Sam Lee - Senior Product Designer")) is None
    assert seen(invite("Alex Example / Dana Reyes - weekly sync")) is None


def test_the_users_own_mail_may_cancel_but_never_sets_an_interview() -> None:
    def own(body: str, to: str = "Rita Gomez <rita@globex.example>") -> Sighting | None:
        return seen(mail(ME, "Re: Interview with Globex", body, to=to))

    withdrawn = own("Hi Rita,\n\nI have decided to withdraw my application. Thank you!\n")
    assert withdrawn is not None and withdrawn.kind is SightingKind.CANCEL
    assert (withdrawn.start, withdrawn.known_only, withdrawn.domains) == (
        None,
        True,
        ("globex.example",),
    )
    german = own("Hallo Rita,\n\nich ziehe meine Bewerbung hiermit zurück.\n")
    assert german is not None and german.kind is SightingKind.CANCEL
    cancelled = own("Hi Rita,\n\nUnfortunately I have to cancel our interview on Thursday.\n")
    assert cancelled is not None and cancelled.kind is SightingKind.CANCEL
    assert own("Hi Rita,\n\nConfirming Thursday, December 10 at 3pm. Thanks!\n") is None
    assert own("Hi Rita,\n\nCould we cancel and find another day?\n") is None
    assert own("Hi Sam,\n\nI withdraw my application.\n", to="Sam <sam@gmail.com>") is None


def test_a_time_that_cannot_be_kept_is_cancelled_and_other_things_kept_are_not() -> None:
    def said(body: str) -> Sighting | None:
        return seen(mail("Rita Gomez <rita@globex.example>", "Re: Interview with Globex", body))

    for body in (
        "Hola Alex,\n\nno vamos a poder mantener la entrevista del martes. Lo siento.\n",
        "Hi Alex,\n\nsorry, we can no longer keep Tuesday's interview slot.\n",
        "Hallo Alex,\n\nwir können den Termin am Dienstag leider nicht halten.\n",
    ):
        result = said(body)
        assert result is not None and result.kind is SightingKind.CANCEL, body
    kept = said("Hi Alex,\n\nI can't keep you waiting: your interview is confirmed.\n")
    assert kept is None or kept.kind is not SightingKind.CANCEL


def test_a_reminder_of_an_interview_tracked_restates_its_time() -> None:
    reminder = mail(
        "Nora Lind <nora@tessvik.example>",
        "Herinnering: je tweede gesprek",
        "Hoi Alex,\n\nEven een herinnering aan je tweede gesprek donderdag 10 december "
        "om 9.00 uur.\n",
    )
    assert found(reminder).start == at("2026-12-10T09:00:00+01:00")  # nothing tracked: new
    filed = _earlier("Je tweede gesprek", "nora@tessvik.example", company="Tessvik")
    read_ = read(reminder)
    assert sighting(read_, own_addresses=OWN, lexicon=LEXICON, earlier=[filed]) is None
    # A reply to a reminder that moves the interview is no reminder.
    reply = mail(
        "Nora Lind <nora@tessvik.example>",
        "Re: Lembrete: entrevista amanhã",
        "Olá Alex,\n\npassamos a entrevista de quinta para sexta-feira. Fica então marcada "
        "para sexta-feira, 11 de dezembro, às 10h30.\n",
    )
    moved = sighting(read(reply), own_addresses=OWN, lexicon=LEXICON, tz=BERLIN, earlier=[filed])
    assert moved is not None and moved.start == at("2026-12-11T10:30:00+01:00")


def test_a_company_written_with_an_ampersand_or_abbreviated_in_its_domain() -> None:
    def booked(host: str, signature: str) -> Sighting:
        return found(
            mail(
                f"Host <{host}>",
                "Interview",
                f"Hi Alex,\n\nSee you then.\n\nNora\nRecruiter | {signature}\n",
                calendar=ics(
                    "REQUEST",
                    [
                        "UID:amp-1",
                        "DTSTART:20261203T150000Z",
                        "SUMMARY:Interview",
                        f"ORGANIZER;CN=Host:mailto:{host}",
                        "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                    ],
                ),
            )
        )

    assert booked("nora@lindvos.example", "Lind & Vos Logistiek").company == (
        "Lind & Vos Logistiek"
    )
    assert booked("nora@brandt-mb.example", "Brandt Maschinenbau GmbH").company == (
        "Brandt Maschinenbau"
    )


def test_earlier_mail_is_tied_by_people_companies_and_threads_never_relays_or_the_user() -> None:
    message = read(
        mail(
            "Calendly <notifications@calendly.com>",
            "Confirmed: 30 Minute Meeting",
            headers={"Reply-To": "Nora Lind <nora@careers.tessvik.example>"},
            calendar=ics(
                "REQUEST",
                [
                    "UID:cal-keys",
                    "DTSTART:20261203T150000Z",
                    "SUMMARY:30 Minute Meeting",
                    "ORGANIZER;CN=Nora:mailto:nora@careers.tessvik.example",
                    "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                ],
            ),
        )
    )
    addresses, domains, thread = earlier_keys(message, own_addresses=OWN, lexicon=LEXICON)
    assert addresses == {"nora@careers.tessvik.example"}
    assert domains == {"tessvik.example"}
    assert thread == message.thread_root


def test_an_invitation_the_user_sent_to_an_interviewer_is_an_interview() -> None:
    data = mail(
        ME,
        "Interview: Alex Example - Founding Product Designer, Quokka AI",
        "Hi Lachlan,\n\nAs you suggested, here's a calendar invite for my interview.\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:sent-1",
                "DTSTART;TZID=Australia/Adelaide:20261016T150000",
                "DTEND;TZID=Australia/Adelaide:20261016T154500",
                "SUMMARY:Interview: Alex Example - Founding Product Designer, Quokka AI",
                "ORGANIZER;CN=Alex Example:mailto:alex@candidate.example",
                "ATTENDEE;CN=Lachlan Reid:mailto:lachlan@quokka-ai.example",
                "LOCATION:Phone - Lachlan to call 0413 555 882",
            ],
        ),
        to="Lachlan Reid <lachlan@quokka-ai.example>",
    )
    result = found(data)
    assert result.start == at("2026-10-16T15:00:00+10:30")
    assert (result.company, result.role) == ("Quokka AI", "Founding Product Designer")
    assert people(result) == ["lachlan@quokka-ai.example"]
    assert result.format is Format.PHONE


def test_an_interview_the_user_hosts_for_an_applicant_is_none_of_the_users() -> None:
    data = mail(
        "Calendly <notifications@calendly.com>",
        "New Event: Rahul Verma - Backend Engineer Interview (45 min)",
        "You are the host of this event.",
        calendar=ics(
            "REQUEST",
            [
                "UID:host-1",
                "DTSTART:20261123T043000Z",
                "SUMMARY:Tamarind Labs: Backend Engineer Interview between Alex and Rahul",
                "ORGANIZER;CN=Alex Example:mailto:alex@candidate.example",
                "ATTENDEE;CN=Rahul Verma:mailto:rahul.verma@gmail.com",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    assert seen(data) is None


# -- words ----------------------------------------------------------------------------------------


def test_a_german_cancellation_with_the_time_in_parentheses() -> None:
    data = mail(
        "Svenja Hartmann <svenja@kranich.example>",
        "Absage unseres Termins morgen",
        "Hallo Herr Example,\n\nleider müssen wir den morgigen Termin (Do., 15.10., 11:00 Uhr) "
        "absagen: Die Stelle wurde intern besetzt. Ich hatte mich auf das Gespräch gefreut.\n",
        when=datetime(2026, 10, 14, 15, tzinfo=BERLIN),
    )
    result = found(data)
    assert result.kind is SightingKind.CANCEL
    assert result.start == at("2026-10-15T11:00:00+02:00")


def test_a_booking_notice_with_a_cancel_link_is_no_cancellation() -> None:
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Your interview with Globex",
        "Hi Alex,\n\nYour interview is booked for Thursday, December 10 at 3:00 PM ET.\n\n"
        "Cancel: https://scheduler.example/c/123\nReschedule: https://scheduler.example/r/123\n",
    )
    result = found(data)
    assert result.kind is SightingKind.INVITE
    assert result.start == at("2026-12-10T15:00:00-05:00")


def test_a_reply_deadline_is_no_interview_time() -> None:
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Thanks for interviewing",
        "Hi Alex,\n\nThanks for interviewing with us on Monday. We will get back to you by "
        "Friday, December 11 at 5pm.\n",
    )
    assert seen(data) is None


def test_a_move_in_portuguese_with_its_end_in_parentheses_and_the_writer_interviews() -> None:
    data = mail(
        "Rafael Souza <rafael@ipepagamentos.example>",
        "Re: Convite para entrevista – Engenheira de Dados – Ipê Pagamentos",
        "Olá,\n\nTive um conflito de agenda, então sua entrevista para a vaga de Engenheira de "
        "Dados foi remarcada para quinta-feira, 26 de novembro, às 10h30 (até 11h15), no mesmo "
        "link do Google Meet.\n\nAbraço,\nRafael\n",
        when=datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Sao_Paulo")),
    )
    result = found(data, ZoneInfo("America/Sao_Paulo"))
    assert result.start == at("2026-11-26T10:30:00-03:00")
    assert result.end == at("2026-11-26T11:15:00-03:00")
    assert (result.company, result.role) == ("Ipê Pagamentos", "Engenheira de Dados")
    assert people(result) == ["rafael@ipepagamentos.example"]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "Thanks for your interest in the Senior Data Analyst role at Acme.",
            "Senior Data Analyst",
        ),
        ("Merci pour votre candidature au poste de Chargé·e de marketing digital : voici", None),
        ("Telefonisches Erstgespräch für die Position Data Engineer (m/w/d).", None),
        ("Obrigado pelo interesse na vaga de Engenheira de Dados na Acme.", None),
        ("Je gesprek voor de functie Data Engineer is bevestigd.", "Data Engineer"),
        ("Puesto: Desarrolladora Backend (remoto, LATAM).", "Desarrolladora Backend"),
        ("Primo colloquio per la posizione di Product Marketing Manager: parliamo", None),
        ("Il colloquio per la posizione di Product\nMarketing Manager (sede di Milano).", None),
        (
            "Merci pour l'intérêt que vous portez à notre offre « Chargée d'affaires énergies "
            "renouvelables ».",
            "Chargée d'affaires énergies renouvelables",
        ),
        # A team named after a comma belongs to the title; a place of work does not.
        (
            "Your screen for Staff Software Engineer, Payments at Acme is set.",
            "Staff Software Engineer, Payments",
        ),
        ("We loved talking about the Product Manager, Growth role.", "Product Manager, Growth"),
        ("Thanks for applying for the Data Engineer, Berlin role.", "Data Engineer"),
        # A word of the company's name may qualify the title ("Acme Analytics").
        ("A quick call for the Analytics Engineer position.", "Analytics Engineer"),
        ("Thank you for applying to our Senior Data Engineer opening.", "Senior Data Engineer"),
        ("Je sollicitatie als Data Engineer is ontvangen.", "Data Engineer"),
        # German and Dutch compounds of a title's noun, German gender endings.
        ("Ihre Bewerbung als Softwareentwickler (m/w/d) Backend hat uns gefallen.", None),
        ("Für die Stelle als Frontend-Entwickler:in: Donnerstag.", "Frontend-Entwickler:in"),
        ("A entrevista para a vaga de Cientista de Dados Pleno na Acme.", None),
    ],
)
def test_the_role_where_the_mail_states_it(text: str, role: str | None) -> None:
    data = mail(
        "Rita Gomez <rita@acme.example>",
        "Interview confirmed",
        f"Hello Alex,\n\n{text}\n\nYour interview is on Thursday, December 10 at 15:00.\n",
    )
    expected = (
        role
        or {
            "Merci": "Chargé·e de marketing digital",
            "Telefonisches": "Data Engineer (m/w/d)",
            "Obrigado": "Engenheira de Dados",
            "Primo": "Product Marketing Manager",
            "Il": "Product Marketing Manager",
            "Ihre": "Softwareentwickler (m/w/d) Backend",
            "A": "Cientista de Dados Pleno",
        }[text.split()[0]]
    )
    assert found(data).role == expected


def test_the_zone_the_mail_writes_the_calendar_time_in_is_the_one_shown() -> None:
    data = mail(
        "Orbitline Interviews <interviews@orbitline.example>",
        "Orbitline Final Round: System Design with Ben Okafor - Thu, Nov 19, 9:30 AM IST",
        "Hi Alex,\n\nSystem Design - Ben Okafor\nThursday, November 19, 2026, 9:30 AM - 10:30 AM "
        "India Standard Time\n(Wednesday, November 18, 8:00 PM - 9:00 PM Pacific)\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:ml-sd",
                "DTSTART;TZID=America/Los_Angeles:20261118T200000",
                "DTEND;TZID=America/Los_Angeles:20261118T210000",
                "SUMMARY:Orbitline Final Round: System Design (Alex Example)",
                "ORGANIZER;CN=Orbitline Interviews:mailto:interviews@orbitline.example",
                "ATTENDEE;CN=Ben Okafor:mailto:ben@orbitline.example",
            ],
        ),
        when=datetime(2026, 11, 6, 22, tzinfo=UTC),
    )
    result = found(data, ZoneInfo("Asia/Kolkata"))
    assert result.start == at("2026-11-19T09:30:00+05:30")
    assert result.start.utcoffset() == timedelta(hours=5, minutes=30)
    assert people(result) == ["ben@orbitline.example"]


# -- the training part of the invitations corpus --------------------------------------------------


def test_a_summarys_title_keeps_a_word_of_the_company_that_qualifies_it() -> None:
    data = mail(
        "Brightwater Robotics Interviews <interviews@brightwaterrobotics.example>",
        "Brightwater Robotics Interview - Senior Robotics Software Engineer (Priya Shah)",
        "Hi Alex,\n\nYour interview is on Thursday, December 10 at 15:00.\n",
    )
    result = found(data)
    assert (result.company, result.role) == (
        "Brightwater Robotics",
        "Senior Robotics Software Engineer",
    )


def test_the_zone_the_text_writes_comes_before_the_one_a_calendar_subject_shows() -> None:
    data = mail(
        "Lumenfold Recruiting <recruiting@lumenfold.example>",
        "Invitation: Lumenfold Final Interview @ Wed Dec 9, 2026 3:30pm - 4:30pm (IST)",
        "Hi Alex,\n\nSystem Design - Wednesday 9 December, 10:00-11:00 GMT (3:30-4:30 PM IST)\n"
        "Interviewer: Oliver Grant\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:ml-block1",
                "DTSTART:20261209T100000Z",
                "DTEND:20261209T110000Z",
                "SUMMARY:Lumenfold Final Interview - System Design (Alex Example)",
                "ORGANIZER;CN=Lumenfold Recruiting:mailto:recruiting@lumenfold.example",
                "ATTENDEE;CN=Oliver Grant:mailto:oliver@lumenfold.example",
            ],
        ),
    )
    result = found(data, ZoneInfo("Asia/Kolkata"))
    assert result.start == at("2026-12-09T10:00:00+00:00")
    assert result.start.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("body", "moved"),
    [
        ("Your Recruiter Call with Morgan Lee has been rescheduled.", True),
        ("Der Termin wurde auf Donnerstag verschoben.", True),
        ("Need to reschedule? Use the link in this invitation.", False),
        ("If you need to reschedule, reply to this email.", False),
        ("Great news - we'd love to move you forward to the panel round.", False),
        ("You have been moved to the next round: the onsite.", False),
        ("Please arrive ten minutes in advance.", False),
        ("This invitation replaces the invite for Monday, which you can ignore.", True),
        ("Cette invitation remplace la précédente : horaire mis à jour.", True),
        ("Diese Einladung ersetzt die vorherige (aktualisierte Uhrzeit).", True),
        ("Horario actualizado: esta invitación sustituye a la anterior.", True),
        ("Tive de mudar o horário: este convite substitui o convite de segunda.", True),
        ("Orario aggiornato: questo invito sostituisce il precedente.", True),
        ("Bijgewerkte tijd: deze uitnodiging vervangt de vorige.", True),
        ("This invitation is for the panel round that follows the first one.", False),
    ],
)
def test_an_invitation_says_whether_it_moves_an_interview(body: str, moved: bool) -> None:
    data = mail(
        "Calendly <notifications@calendly.com>",
        "Acme Recruiter Call with Morgan Lee",
        f"Hi Alex,\n\n{body}\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:cal-evt-new",
                "DTSTART:20261214T170000Z",
                "DTEND:20261214T173000Z",
                "SUMMARY:Acme Recruiter Call between Morgan Lee and Alex Example",
                "ORGANIZER;CN=Morgan Lee:mailto:morgan@acme.example",
                "ATTENDEE;CN=Morgan Lee:mailto:morgan@acme.example",
            ],
        ),
    )
    assert found(data).moved is moved


def test_an_organizer_google_writes_for_who_joins_the_others_interviews() -> None:
    data = mail(
        '"Marcelo Antunes (Google Agenda)" <calendar-notification@google.com>',
        "Convite: Entrevista técnica – Alex Example @ qui., 10 de dez. de 2026 10:00 (BRT)",
        "Segunda etapa do processo para a vaga de Desenvolvedora Backend Sênior: live coding, "
        "comigo e com a Patrícia (Staff Engineer).\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:gcal-52",
                "DTSTART:20261210T130000Z",
                "DTEND:20261210T143000Z",
                "SUMMARY:Entrevista técnica – Alex Example",
                "ORGANIZER;CN=Marcelo Antunes:mailto:marcelo@jacaranda.example",
                "ATTENDEE;CN=Marcelo Antunes:mailto:marcelo@jacaranda.example",
                "ATTENDEE;CN=Patrícia Lobo:mailto:patricia@jacaranda.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
        headers={"Reply-To": "marcelo@jacaranda.example"},
    )
    result = found(data)
    assert sorted(people(result)) == ["marcelo@jacaranda.example", "patricia@jacaranda.example"]
    assert result.format is Format.PANEL


def test_the_training_corpus_meets_the_targets() -> None:
    # bench/invites.py reads every message of tests/data/invites/train as the engine does;
    # the held-out part is measured by hand (`bench/invites.py --part heldout`), never here.
    from bench.invites import figures, read
    from tests.invites import ROOT as CORPUS
    from tests.invites import load

    found = figures(read(load(CORPUS / "train")))
    hits, total = found["interviews_found"]
    assert total >= 30 and hits / total >= 0.95
    right, of = found["time"]
    assert right / of >= 0.95
    cancels, of_cancels = found["cancels_found"]
    assert of_cancels and cancels / of_cancels >= 0.8
    assert found["traps"] == []


@settings(max_examples=150, deadline=None, database=None)
@given(
    start=st.datetimes(timezones=st.timezones()),
    minutes=st.integers(min_value=-10_000, max_value=10_000),
    floating=st.booleans(),
    sent=st.datetimes(timezones=st.just(UTC)),
    zone=st.timezones(),
)
def test_any_event_time_and_zone_gives_a_sighting_or_none_and_never_raises(
    start: datetime, minutes: int, floating: bool, sent: datetime, zone: ZoneInfo
) -> None:
    try:
        end = start + timedelta(minutes=minutes)
    except OverflowError:
        end = None
    invite = Invite(
        method="REQUEST",
        uid="u",
        sequence=0,
        start=start,
        end=end,
        attendees=(Address("Dana", "dana@acme.example"),),
        organizer=Address("Rita", "rita@acme.example"),
        summary="Interview with Acme",
        floating=floating,
    )
    message = Message(
        account="personal",
        folder="INBOX",
        uid=1,
        message_id="fuzz@x.example",
        date=sent,
        sender=Address("Rita Gomez", "rita@acme.example"),
        subject="Interview with Acme tomorrow at 23:30 (90 minutes)",
        text="Your interview is tomorrow at 23:30 for 90 minutes.",
        invite=invite,
        invites=(invite,),
    )
    result = sighting(message, own_addresses=OWN, lexicon=LEXICON, tz=zone)
    assert result is None or result.kind is SightingKind.INVITE


def _event(summary: str, *, sequence: int = 0, description: str = "") -> str:
    lines = [
        "UID:evt-stage",
        f"SEQUENCE:{sequence}",
        "DTSTART:20261210T140000Z",
        "DTEND:20261210T150000Z",
        f"SUMMARY:{summary}",
        "ORGANIZER;CN=Rita Recruiter:mailto:rita@northwind.example",
        "ATTENDEE;CN=Dana Reyes:mailto:dana@northwind.example",
        "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
    ]
    if description:
        lines.append(f"DESCRIPTION:{description}")
    return ics("REQUEST", lines)


@pytest.mark.parametrize(
    "summary",
    [
        "Northwind | Data Engineer | Round 2 - architecture deep dive",
        "Northwind - Data Engineer - Stage 2: case study",
        "Northwind - Technical panel (Alex Example)",
    ],
)
def test_a_stage_of_a_hiring_process_named_in_a_summary_is_an_interview(summary: str) -> None:
    sender = "Rita Recruiter <rita@northwind.example>"
    result = found(mail(sender, summary, calendar=_event(summary)))
    assert result.kind is SightingKind.INVITE and not result.known_only
    assert result.start == at("2026-12-10T15:00:00+01:00")


def test_a_round_of_something_else_is_no_interview() -> None:
    summary = "Northwind - Round 2 of the quiz night"
    sender = "Rita Recruiter <rita@northwind.example>"
    assert seen(mail(sender, summary, calendar=_event(summary))) is None


def test_an_interviewer_field_makes_a_session_an_interview() -> None:
    summary = "[Northwind] Systems & Judgement - Alex Example"
    sender = "Northwind Recruiting <recruiting@northwind.example>"
    details = "Interviewer: Dana Reyes\\, Head of Data\\nScheduled with ModernLoop"
    result = found(mail(sender, summary, calendar=_event(summary, description=details)))
    assert result.kind is SightingKind.INVITE and not result.known_only
    assert "Interviewer: Dana Reyes" in result.evidence
    # The user named as the interviewer: the user interviews someone else.
    mine = "Interviewer: Alex Example"
    assert seen(mail(sender, summary, calendar=_event(summary, description=mine))) is None


def test_an_intro_call_booked_with_the_company_the_summary_names_is_an_interview() -> None:
    def booking(summary: str, host: str) -> bytes:
        return _calendly_booking(summary, host, subject="Confirmed")

    result = found(
        booking("Marlowe Robotics - Intro chat between Kim and Alex", "kim@marlowe.example")
    )
    assert result.company == "Marlowe Robotics" and not result.known_only
    # No company named, or the host at a free mail provider: no interview.
    assert seen(booking("Intro chat between Kim and Alex", "kim@marlowe.example")) is None
    assert seen(booking("Marlowe - Intro chat", "kim.marlowe@gmail.com")) is None


def test_a_new_version_of_an_event_not_called_an_interview_may_update_one_known() -> None:
    summary = "[Northwind] Systems & Judgement - Alex Example"
    sender = "Northwind Recruiting <recruiting@northwind.example>"
    assert seen(mail(sender, summary, calendar=_event(summary))) is None
    result = found(mail(sender, "Updated: " + summary, calendar=_event(summary, sequence=1)))
    assert result.known_only and result.uid == "evt-stage" and result.sequence == 1
    assert "no word of an interview" in result.evidence


def test_mail_written_to_the_interviewer_is_no_interview_of_the_user() -> None:
    body = (
        "Hi Alex,\n\nYou've been scheduled to interview a candidate.\n\n"
        "Candidate: Sam Doe\nWhen: Tuesday, December 8, 2026, 11:00 AM - 12:00 PM CET\n\n"
        "Please submit your scorecard within 24 hours of the interview.\n"
    )
    sender = "Greenhouse <no-reply@greenhouse.io>"
    assert seen(mail(sender, "Interview kit: Sam Doe for Data Engineer", body)) is None
    summary = "Sollicitatiegesprek Data Analist"
    dutch = "Hoi Alex,\n\nWil je het scoreformulier binnen 24 uur na het gesprek invullen?\n"
    rita = "Rita Recruiter <rita@northwind.example>"
    assert seen(mail(rita, summary, dutch, calendar=_event(summary))) is None


def test_a_coaching_session_is_no_interview_even_about_interviews() -> None:
    summary = "Career coaching session between Kim and Alex"
    body = "Mock interview practice. Bring the job descriptions you're interviewing for.\n"
    data = mail(
        "Cal.com <no-reply@cal.com>",
        f"Confirmed: {summary}",
        body,
        calendar=ics(
            "REQUEST",
            [
                "UID:coach-1",
                "DTSTART:20261203T150000Z",
                "DTEND:20261203T153000Z",
                f"SUMMARY:{summary}",
                "ORGANIZER;CN=Kim:mailto:kim@pathway-coaching.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    assert seen(data) is None


def test_an_interview_word_only_inside_a_practice_phrase_names_no_interview() -> None:
    body = (
        "Hi Alex,\n\nYour next live class is tomorrow, Wednesday 9 December 2026, "
        "8:00 PM - 10:00 PM CET.\nThe mock interview practice round is in the second hour.\n"
    )
    sender = "Codecamp Academy <classes@codecamp-academy.example>"
    assert seen(mail(sender, "Tomorrow 8:00 PM: Live class - Session 12", body)) is None


def test_an_agenda_of_sessions_over_several_days_fixes_no_one_time() -> None:
    body = (
        "Hi Alex,\n\nHere's a summary of your final round so it's all in one place:\n\n"
        "Thursday 10 December\n  10:00 - 10:45  SQL - Ben Sato\n"
        "  13:00 - 13:45  Hiring manager - Tom Gallagher\n"
        "Friday 11 December\n  14:00 - 14:45  System design - Mei Chen\n\nGood luck!\nNadia\n"
    )
    sender = "Nadia Rahman <nadia@coralbay.example>"
    assert seen(mail(sender, "Your final round with Coralbay - details", body)) is None


# -- plain-mail moves, restated times and cancellations (synthetic) -------------------------------


def test_a_time_restated_for_the_reader_is_no_offer_and_no_second_time() -> None:
    # "which works out to ... for you": the same instant for the reader, not an option.
    data = mail(
        "Wren Hollis <wren@fjordline.example>",
        "Fjordline - Data Analyst - interview time",
        "Hi Alex,\n\nConfirming our interview on Monday, December 14 at 7:00 PM Eastern time, "
        "which works out to 1:00 AM on Tuesday, December 15 for you. It takes 30 minutes.\n\n"
        "Wren\n",
    )
    result = found(data)
    assert result.start == at("2026-12-14T19:00:00-05:00")


def test_a_clock_inside_a_meeting_link_is_no_time() -> None:
    hits = times_in_text(
        [
            "Interview moved to Thursday, December 10 at 16:00.",
            "https://teams.example/l/meetup-join/19%3ameeting_Zm9v%40thread.v2/0",
        ],
        SENT.astimezone(BERLIN),
        BERLIN,
    )
    assert [h.start for h in hits] == [at("2026-12-10T16:00:00+01:00")]


def test_a_time_said_to_be_the_writers_own_is_in_the_writers_zone() -> None:
    # Written from New York (the Date header's zone) to a reader in Berlin.
    hits = times_in_text(
        ["The call is now on Thursday, December 10 at 9:00 AM here."],
        SENT.astimezone(BERLIN),
        BERLIN,
        SENT.tzinfo,
    )
    assert [h.start for h in hits] == [at("2026-12-10T09:00:00-05:00")]
    assert hits[0].start.utcoffset() == timedelta(hours=-5)
    # "bei uns" is a place, not a zone.
    hits = times_in_text(
        ["Wir sehen uns am Donnerstag, 10.12., um 9 Uhr bei uns im Büro."],
        SENT.astimezone(BERLIN),
        BERLIN,
        SENT.tzinfo,
    )
    assert [h.start for h in hits] == [at("2026-12-10T09:00:00+01:00")]


def test_a_quarter_or_half_hour_in_english_words() -> None:
    hits = times_in_text(
        [
            "Your new time is Thursday 10 December, from half past two until a quarter to "
            "four in the afternoon, UK time.",
            "Or Friday 11 December at a quarter past nine.",
        ],
        SENT.astimezone(BERLIN),
        BERLIN,
    )
    assert [(h.start, h.end) for h in hits] == [
        (at("2026-12-10T14:30:00+00:00"), at("2026-12-10T15:45:00+00:00")),
        (at("2026-12-11T09:15:00+01:00"), None),
    ]


def test_a_move_asked_as_a_question_but_already_made_is_a_move() -> None:
    data = mail(
        "Pia Lindqvist <pia@nordhavn.example>",
        "Re: Nordhavn - our interview on Wednesday",
        "Hi Alex,\n\ncould we move our interview from Wednesday to Friday, December 11 at "
        "11:00? I've already moved it in the calendar, same link.\n\nPia\n",
    )
    result = found(data)
    assert result.start == at("2026-12-11T11:00:00+01:00")
    # Asked only, nothing made: no time fixed.
    asked = mail(
        "Pia Lindqvist <pia@nordhavn.example>",
        "Re: Nordhavn - our interview on Wednesday",
        "Hi Alex,\n\ncould we move our interview from Wednesday to Friday, December 11 at "
        "11:00?\n\nPia\n",
    )
    assert seen(asked) is None or found(asked).start is None
    german = mail(
        "Jonas Brandt <jonas@talwerk.example>",
        "Unser Gespräch am Mittwoch",
        "Hallo Alex,\n\nkönnen wir unser Gespräch auf Freitag, 11.12., 11:00 Uhr verschieben? "
        "Ich habe die Einladung schon angepasst.\n\nJonas\n",
    )
    assert found(german).start == at("2026-12-11T11:00:00+01:00")


def test_moving_a_call_in_plain_mail_is_a_move_of_a_known_meeting() -> None:
    data = mail(
        "Ola Brekke <ola@skerry.example>",
        "Re: Skerry - Thursday's call",
        "Hi Alex,\n\nwe're moving Thursday's call to Friday 11 December at 10:30 AM UK time, "
        "still 45 minutes.\n\nOla\n",
    )
    result = found(data)
    assert result.known_only
    assert result.start == at("2026-12-11T10:30:00+00:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "Lamento, mas teremos de cancelar a entrevista de amanhã.",
        "Lo siento, tendremos que cancelar la entrevista de mañana.",
        "Mi dispiace, dovremo annullare il colloquio di domani.",
        "Je suis au regret d'annuler notre entretien de demain.",
    ],
)
def test_a_cancellation_said_with_a_future_must_in_each_language(sentence: str) -> None:
    data = mail(
        "Rui Sal <rui@marmoto.example>",
        "Entrevista / entretien / colloquio",
        f"Olá Alex,\n\n{sentence}\n\nRui\n",
    )
    assert found(data).kind is SightingKind.CANCEL


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Your interview with Marlowe",
            "We are calling off Tuesday's interview, sadly. Might Thursday, December 10 at "
            "4:30pm suit you instead?",
        ),
        (
            "Votre entretien chez Marlowe",
            "Nous devons annuler l'entretien de mardi. Le jeudi 10 décembre à 16h30 vous "
            "irait-il à la place ?",
        ),
        (
            "Ihr Vorstellungsgespräch bei Marlowe",
            "Das Gespräch am Dienstag müssen wir leider absagen. Passt Ihnen stattdessen "
            "Donnerstag, der 10. Dezember, um 16:30 Uhr?",
        ),
        (
            "Tu entrevista con Marlowe",
            "Tenemos que cancelar la entrevista del martes. ¿Podrías el jueves 10 de diciembre "
            "a las 16:30?",
        ),
        (
            "Sua entrevista na Marlowe",
            "Precisamos cancelar a entrevista de terça. Quinta-feira, 10 de dezembro, às 16h30 "
            "seria possível para você?",
        ),
        (
            "Il tuo colloquio con Marlowe",
            "Dobbiamo annullare il colloquio di martedì. Giovedì 10 dicembre alle 16:30 "
            "andrebbe bene per te?",
        ),
        (
            "Je sollicitatiegesprek bij Marlowe",
            "We moeten het gesprek van dinsdag helaas annuleren. Kun je donderdag 10 december "
            "om 16:30?",
        ),
    ],
)
def test_a_cancellation_whose_new_time_is_only_asked_cancels_the_time_set(
    subject: str, body: str
) -> None:
    """The time a cancellation names is its own clause's, never one offered in a question
    after it: the round set is off, the new time not agreed yet (it names no time, so the
    company's round still to come is the one cancelled)."""
    text = f"Hello Alex,\n\n{body}\n\nOdile\n"
    data = mail("Odile Brandt <odile@marlowe.example>", subject, text)
    result = found(data, NEW_YORK)
    assert (result.kind, result.start) == (SightingKind.CANCEL, None)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Re: Interview with Marlowe",
            "Our CTO wondered whether we might shift the interview to Thursday, December 10 "
            "at 4:30pm. Would that work for you?",
        ),
        (
            "Re: Entretien chez Marlowe",
            "Notre directrice demande si nous pourrions décaler l'entretien au jeudi 10 "
            "décembre à 16h30. Cela vous convient-il ?",
        ),
        (
            "AW: Vorstellungsgespräch bei Marlowe",
            "Unser CTO fragt, ob wir das Gespräch eventuell auf Donnerstag, den 10. Dezember, "
            "16:30 Uhr legen könnten. Passt Ihnen das?",
        ),
        (
            "RE: Entrevista con Marlowe",
            "Nuestra directora pregunta si podríamos pasar la entrevista al jueves 10 de "
            "diciembre a las 16:30. ¿Te viene bien?",
        ),
        (
            "RE: Entrevista na Marlowe",
            "Nossa diretora perguntou se poderíamos passar a entrevista para quinta-feira, 10 "
            "de dezembro, às 16h30. Funciona para você?",
        ),
        (
            "R: Colloquio con Marlowe",
            "La nostra direttrice chiede se potremmo spostare il colloquio a giovedì 10 "
            "dicembre alle 16:30. Ti va bene?",
        ),
        (
            "Re: Sollicitatiegesprek bij Marlowe",
            "Onze directeur vraagt of we het gesprek misschien naar donderdag 10 december om "
            "16:30 kunnen verzetten. Komt dat uit?",
        ),
    ],
)
def test_a_time_said_as_a_possibility_then_asked_about_is_only_proposed(
    subject: str, body: str
) -> None:
    """A new time said as a possibility ("whether we might", "si nous pourrions", "ob wir
    eventuell") and then asked about ("Would that work for you?") is a proposal: no time is
    fixed, nothing moves until the reader agrees."""
    text = f"Hello Alex,\n\n{body}\n\nOdile\n"
    assert seen(mail("Odile Brandt <odile@marlowe.example>", subject, text), NEW_YORK) is None


def test_a_move_made_then_asked_about_out_of_courtesy_is_still_a_move() -> None:
    text = (
        "Hello Alex,\n\nOur CTO is travelling on Tuesday, so we have moved your interview to "
        "Thursday, December 10 at 4:30pm, same link. Would that work for you?\n\nOdile\n"
    )
    data = mail("Odile Brandt <odile@marlowe.example>", "Interview with Marlowe", text)
    result = found(data, NEW_YORK)
    assert (result.kind, result.start) == (SightingKind.INVITE, at("2026-12-10T16:30:00-05:00"))


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Your interview with Marlowe on Friday",
            "I'm afraid we'll have to push back Friday's interview; I will suggest another time "
            "once our CTO is back.",
        ),
        (
            "Your interview with Marlowe on Friday",
            "We need to reschedule your interview on Friday. Alternative times will come from "
            "me early next week.",
        ),
        (
            "Votre entretien de vendredi chez Marlowe",
            "Nous sommes obligés de déplacer votre entretien de vendredi. Je reviens vers vous "
            "avec de nouvelles propositions.",
        ),
        (
            "Ihr Vorstellungsgespräch am Freitag bei Marlowe",
            "Leider müssen wir Ihr Vorstellungsgespräch am Freitag verschieben. Ich melde mich "
            "mit neuen Terminen bei Ihnen.",
        ),
        (
            "Tu entrevista del viernes con Marlowe",
            "Tenemos que reprogramar tu entrevista del viernes. Te escribo con otra fecha en "
            "cuanto la tengamos.",
        ),
        (
            "Sua entrevista de sexta na Marlowe",
            "Infelizmente precisamos remarcar a sua entrevista de sexta-feira. Mando outra data "
            "assim que possível.",
        ),
        (
            "Il colloquio di venerdì con Marlowe",
            "Purtroppo dobbiamo spostare il colloquio di venerdì. Ti propongo un altro orario "
            "appena possibile.",
        ),
        (
            "Je sollicitatiegesprek van vrijdag bij Marlowe",
            "Helaas moeten we je sollicitatiegesprek van vrijdag verzetten. Ik stuur je snel "
            "een nieuw tijdstip.",
        ),
    ],
)
def test_a_move_that_promises_another_time_later_calls_the_time_set_off(
    subject: str, body: str
) -> None:
    """The writer must move the interview and gives no new time, only one to come ("I will
    suggest another time", "mit neuen Terminen", "een nieuw tijdstip"): the time set is off."""
    text = f"Hello Alex,\n\n{body}\n\nOdile\n"
    result = found(mail("Odile Brandt <odile@marlowe.example>", subject, text), NEW_YORK)
    assert (result.kind, result.start) == (SightingKind.CANCEL, None)


def test_an_offer_to_reschedule_is_no_move() -> None:
    text = (
        "Hello Alex,\n\nYour interview is confirmed for Friday, December 11 at 10am. Need to "
        "reschedule? Use the link below to pick another time.\n\nOdile\n"
    )
    data = mail("Odile Brandt <odile@marlowe.example>", "Interview with Marlowe", text)
    result = found(data, NEW_YORK)
    assert (result.kind, result.moved) == (SightingKind.INVITE, False)


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "Sam Lowe <sam@brightpath-recruiting.example>",
            "Your interview with Corvina",
            "Corvina has just told me they must cancel your interview on Friday.",
        ),
        (
            "Léa Morel <lea@nordtalent.example>",
            "Votre entretien chez Corvina",
            "Corvina vient de m'informer que l'entretien de vendredi est annulé.",
        ),
        (
            "Jan Kraus <jan@kraus-personalberatung.example>",
            "Ihr Vorstellungsgespräch bei Corvina",
            "Corvina hat mir eben mitgeteilt, dass das Gespräch am Freitag leider abgesagt ist.",
        ),
        (
            "Inés Gil <ines@reclutamos.example>",
            "Tu entrevista con Corvina",
            "Corvina me acaba de avisar de que la entrevista del viernes queda cancelada.",
        ),
        (
            "Bia Torres <bia@recrutaja.example>",
            "Sua entrevista com Corvina",
            "A Corvina acabou de me avisar que a entrevista de sexta-feira foi cancelada.",
        ),
        (
            "Dario Neri <dario@selezione-neri.example>",
            "Il tuo colloquio con Corvina",
            "Corvina mi ha appena comunicato che il colloquio di venerdì è stato annullato.",
        ),
        (
            "Joost Smit <joost@smit-werving.example>",
            "Je sollicitatiegesprek bij Corvina",
            "Corvina liet me net weten dat het gesprek van vrijdag helaas niet doorgaat.",
        ),
    ],
)
def test_a_recruiting_agency_writes_for_the_company_its_subject_names(
    sender: str, subject: str, body: str
) -> None:
    """An agency's own domain ("brightpath-recruiting", "nordtalent", "smit-werving") is not
    the company interviewing: the one its subject names is, so its cancellation reaches the
    interview that company's own calendar set."""
    result = found(mail(sender, subject, f"Hello Alex,\n\n{body}\n\nBest\n"), NEW_YORK)
    assert (result.kind, result.company) == (SightingKind.CANCEL, "Corvina")


@pytest.mark.parametrize(
    "sentence",
    [
        "Ik hoorde net dat je gesprek van donderdag helaas niet doorgaat.",
        "Het lijkt erop dat het gesprek van donderdag niet kan doorgaan.",
        "Ich muss Ihnen leider mitteilen, dass das Gespräch am Donnerstag ausfällt.",
        "Wir bedauern, dass das Gespräch am Donnerstag nicht stattfinden kann.",
    ],
)
def test_a_cancellation_in_a_dutch_or_german_subordinate_clause(sentence: str) -> None:
    data = mail(
        "Wim Bos <wim@havenlicht.example>", "Sollicitatiegesprek / Vorstellungsgespräch", sentence
    )
    assert found(data).kind is SightingKind.CANCEL


@pytest.mark.parametrize(
    ("company", "domain", "summary", "details"),
    [
        (
            "Workshop Nine",
            "workshopnine",
            "Intro call Workshop Nine",
            "For the Data Engineer role.",
        ),
        (
            "Atelier Corail",
            "ateliercorail",
            "Premier échange Atelier Corail",
            "Poste : Data Engineer.",
        ),
        ("Borrel Data", "borreldata", "Kennismaking Borrel Data", "Functie: Data Engineer."),
        ("Taller Sur", "tallersur", "Llamada inicial Taller Sur", "Puesto: Ingeniera de Datos."),
        (
            "Oficina Clara",
            "oficinaclara",
            "Conversa inicial Oficina Clara",
            "Vaga: Engenheira de Dados.",
        ),
        (
            "Stammtisch Software",
            "stammtischsoftware",
            "Kennenlernen Stammtisch Software",
            "Stelle: Data Engineer.",
        ),
        (
            "Atelier Lombardo",
            "atelierlombardo",
            "Chiamata conoscitiva Atelier Lombardo",
            "Posizione: Data Engineer.",
        ),
    ],
)
def test_a_schedulers_event_for_a_company_whose_name_holds_a_word_of_no_interview(
    company: str, domain: str, summary: str, details: str
) -> None:
    """A word that makes an event no interview ("atelier", "workshop", "borrel", "taller") that
    is part of the name of the company that organizes it, which a scheduler sends for, says
    nothing of what the event is."""
    event = [
        "UID:booking-77@cal.com",
        "SEQUENCE:0",
        "DTSTART:20261210T150000Z",
        "DTEND:20261210T153000Z",
        f"SUMMARY:{summary} – Nora Lind",
        f"DESCRIPTION:{details}",
        f"ORGANIZER;CN=Nora Lind:mailto:nora@{domain}.example",
        "ATTENDEE;CN=Alex Example;ROLE=REQ-PARTICIPANT:mailto:alex@candidate.example",
    ]
    data = mail(
        "Cal.com <hello@cal.com>",
        f"Confirmed: {summary}",
        "Hi Alex,\n\nYour booking is confirmed.\n",
        calendar=ics("REQUEST", event),
        attach="text/calendar",
    )
    result = found(data)
    assert (result.kind, result.company) == (SightingKind.INVITE, company)
    assert result.start == at("2026-12-10T15:00:00+00:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "leider muss ich unser Gespräch am Freitag, 11. Dezember, um 10:30 Uhr absagen.",
        "helaas moet ik ons sollicitatiegesprek op vrijdag 11 december, om 10:30 uur annuleren.",
        "nous devons malheureusement annuler l'entretien du vendredi 11 décembre, à 10h30.",
        "lamentablemente debemos cancelar la entrevista del viernes 11 de diciembre, a las 10:30.",
        "infelizmente precisamos cancelar a entrevista de sexta-feira, 11 de dezembro, às 10h30.",
        "purtroppo dobbiamo annullare il colloquio di venerdì 11 dicembre, alle 10:30.",
        "sadly we have to cancel the interview on Friday, December 11, at 10:30.",
    ],
)
def test_a_cancellation_whose_time_follows_a_comma_is_one_clause(sentence: str) -> None:
    """A comma before the clock ("am Freitag, 11. Dezember, um 10:30 Uhr absagen") splits no
    clause: the verb at its end still cancels, at that time."""
    data = mail(
        "Petra Lenz <petra@kiefernwerk.example>",
        "Interview / Gespräch",
        f"Hallo Alex,\n\n{sentence}\n",
    )
    result = found(data)
    assert result.kind is SightingKind.CANCEL
    assert result.start is not None and (result.start.day, result.start.hour) == (11, 10)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Our interview",
            "Could we do Friday, December 11 at 3pm instead? Mira has already confirmed.",
        ),
        (
            "Our interview",
            "Could we do Friday, December 11 at 3pm instead? I'll consider it confirmed unless "
            "you tell me otherwise.",
        ),
        (
            "Notre entretien",
            "Pourrions-nous le faire le vendredi 11 décembre à 15h ? Sauf avis contraire de "
            "votre part, je le note ainsi.",
        ),
        (
            "Unser Vorstellungsgespräch",
            "Können wir auf Freitag, 11. Dezember, 15 Uhr gehen? Mira hat schon zugesagt.",
        ),
        (
            "Nuestra entrevista",
            "¿Podemos pasarla al viernes 11 de diciembre a las 15:00? Mira ya lo ha confirmado.",
        ),
        (
            "Nossa entrevista",
            "Podemos passar para sexta-feira, 11 de dezembro, às 15h? A Mira já confirmou.",
        ),
        (
            "Il nostro colloquio",
            "Possiamo spostarlo a venerdì 11 dicembre alle 15:00? Mira ha già confermato.",
        ),
        (
            "Ons sollicitatiegesprek",
            "Kunnen we het naar vrijdag 11 december om 15:00 verzetten? Mira heeft het al "
            "bevestigd.",
        ),
    ],
)
def test_a_move_asked_about_that_the_other_side_agreed_already_is_set(
    subject: str, body: str
) -> None:
    """A new time asked about out of courtesy, that the interviewer has agreed already or
    that holds unless the reader objects, is the time set."""
    data = mail("Jonas Ek <jonas@fjordlys.example>", subject, f"Hi Alex,\n\n{body}\n\nJonas\n")
    result = found(data)
    assert (result.kind, result.start) == (SightingKind.INVITE, at("2026-12-11T15:00:00+01:00"))
    # Without that, it is only asked.
    bare = body.split("?")[0] + "?"
    assert seen(mail("Jonas Ek <jonas@fjordlys.example>", subject, f"Hi Alex,\n\n{bare}\n")) is None


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Your onsite interviews at Halvard",
            "We have to cancel the pairing session of your onsite on Friday; the other interviews "
            "stay as planned.",
        ),
        (
            "Vos entretiens chez Halvard",
            "Nous devons annuler la session de pair programming de vendredi ; les autres "
            "entretiens restent inchangés.",
        ),
        (
            "Ihre Vorstellungsgespräche bei Halvard",
            "Die Pairing-Session am Freitag müssen wir leider absagen, die übrigen Gespräche "
            "bleiben wie geplant.",
        ),
        (
            "Tus entrevistas en Halvard",
            "Tenemos que cancelar la sesión de pair programming del viernes; las demás "
            "entrevistas se mantienen.",
        ),
        (
            "Suas entrevistas na Halvard",
            "Precisamos cancelar a sessão de pair programming de sexta-feira; as demais "
            "entrevistas continuam como planejado.",
        ),
        (
            "I tuoi colloqui da Halvard",
            "Dobbiamo annullare la sessione di pair programming di venerdì; gli altri colloqui "
            "restano confermati.",
        ),
        (
            "Je sollicitatiegesprekken bij Halvard",
            "We moeten de pair-programmingsessie van vrijdag helaas annuleren; de andere "
            "gesprekken blijven zoals gepland.",
        ),
    ],
)
def test_one_part_of_a_day_called_off_without_its_time_is_no_cancellation(
    subject: str, body: str
) -> None:
    """A mail that calls off one session of a day of interviews and says the rest stays,
    without the session's time, cannot say which part is off: the day is not cancelled."""
    text = f"Hello Alex,\n\n{body}\n\nIrene\n"
    assert seen(mail("Irene Falk <irene@halvard.example>", subject, text)) is None
    # Without the rest staying, it calls the day off.
    whole = body.split(";")[0].split(", die")[0] + "."
    result = found(mail("Irene Falk <irene@halvard.example>", subject, f"Hello Alex,\n\n{whole}\n"))
    assert result.kind is SightingKind.CANCEL


def test_a_zone_stated_once_holds_for_every_block_and_the_blocks_are_one_interview() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = [
        "Your loop",
        "Agenda for Thursday, December 10, all times Pacific.",
        "That's 6:00-7:30 PM for you.",
        "9:00 - 9:45 AM coding with Ana Lind 9:45 - 10:30 AM design with Bo Reyes",
    ]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.start == at("2026-12-10T09:00:00-08:00")
    assert moment.start.utcoffset() == at("2026-12-10T09:00:00-08:00").utcoffset()
    assert moment.end == at("2026-12-10T10:30:00-08:00")
    assert not moment.old


def test_a_zone_for_every_time_is_not_that_of_a_time_restated_for_the_reader() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = ["Plan", "Thursday, December 10, alle Zeiten in MEZ (you start at 2pm your time)."]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.old
    assert moment.start == at("2026-12-10T14:00:00+01:00")


def test_a_weekday_alone_is_the_day_the_subject_dates_and_halb_is_the_afternoon() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)  # a Tuesday
    said = ["Unser Gespräch am 10.12.", "Wir sprechen am Donnerstag um halb vier."]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.start == at("2026-12-10T15:30:00+01:00")
    # Without a date, the next Thursday.
    (alone,) = times_in_text(["Gespräch", said[1]], reference, BERLIN)
    assert alone.start == at("2026-12-03T15:30:00+01:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "It still begins at 2:00 PM but will now end at 3:15 instead of 3:30.",
        "Es beginnt weiterhin um 14:00 Uhr, endet aber um 15:15 statt um 15:30.",
        "Il commence toujours à 14h00 mais se termine à 15h15 au lieu de 15h30.",
    ],
)
def test_only_the_end_moves(sentence: str) -> None:
    data = mail(
        "Lea Marsh <lea@fenwick.example>",
        "Re: Interview on Thursday, December 10",
        f"Hi Alex,\n\nA change to Thursday, December 10: {sentence}\n\nLea\n",
    )
    result = found(data)
    assert result.start == datetime(2026, 12, 10, 14, tzinfo=BERLIN).astimezone(result.start.tzinfo)
    assert result.end == datetime(2026, 12, 10, 15, 15, tzinfo=BERLIN).astimezone(
        result.start.tzinfo
    )


@pytest.mark.parametrize(
    ("length", "minutes"),
    [
        ("We planned an hour and a half for it.", 90),
        ("Count on half an hour.", 30),
        ("It should take 1.5 hours.", 90),
        ("La charla dura 1h30 en total.", 90),
        ("Calcula una hora y media, por favor.", 90),
        ("Reken op anderhalf uur.", 90),
        ("Wir planen eineinhalb Stunden ein.", 90),
        ("Prévoyez une heure et demie.", 90),
        ("Durerà un'ora.", 60),
        ("Sarà una chiacchierata di mezz'ora.", 30),
        ("Plan for two hours.", 120),
    ],
)
def test_lengths_in_words_halves_and_decimals(length: str, minutes: int) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = ["Chat", "We meet on Thursday, December 10 at 10:00.", length]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.end == moment.start + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "said",
    [
        "Thursday, December 10 at 10:00 (we are 6 hours ahead of you).",
        "Giovedì 10 dicembre alle 10:00: la differenza sarà di 5 ore e non di 6.",
        "Thursday, December 10 at 10:00; please join 10 minutes early.",
    ],
)
def test_a_zones_difference_or_an_early_arrival_is_no_length(said: str) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    (moment,) = times_in_text(["Chat", said], reference, BERLIN)
    assert moment.end is None


def test_the_length_two_sentences_after_a_time_restated_for_the_reader() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = [
        "Gesprek",
        "We doen het op donderdag 10 december om 8.30 uur.",
        "Voor jou is dat 14.30 uur.",
        "Reken op anderhalf uur.",
    ]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.start == at("2026-12-10T08:30:00+01:00")
    assert moment.end == at("2026-12-10T10:00:00+01:00")


def test_hours_after_a_number_are_a_length_not_a_clock_time() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    assert (
        times_in_text(["Chat", "Giovedì 10 dicembre: durerà circa 2 ore."], reference, BERLIN) == []
    )
    assert (
        times_in_text(["Chat", "El jueves 10 de diciembre, de 3 horas."], reference, BERLIN) == []
    )
    (clock,) = times_in_text(["Chat", "Giovedì 10 dicembre alle ore 15."], reference, BERLIN)
    assert clock.start == at("2026-12-10T15:00:00+01:00")
    (horas,) = times_in_text(
        ["Chat", "El jueves 10 de diciembre a las 15 horas."], reference, BERLIN
    )
    assert horas.start == at("2026-12-10T15:00:00+01:00")


@pytest.mark.parametrize(
    ("body", "was"),
    [
        (
            "we have moved your interview from Tuesday, December 8 at 2pm to Thursday, "
            "December 10 at 3pm ET.",
            "2026-12-08T14:00:00-05:00",
        ),
        (
            "your interview is now on Thursday, December 10 at 3pm instead of Tuesday, "
            "December 8 at 2pm.",
            "2026-12-08T14:00:00+01:00",
        ),
        (
            "hemos movido tu entrevista del martes 8 de diciembre a las 14:00 al jueves 10 "
            "de diciembre a las 15:00.",
            "2026-12-08T14:00:00+01:00",
        ),
        ("your interview is moved to Thursday, December 10 at 3pm.", None),
    ],
)
def test_a_move_in_words_says_the_time_it_had(body: str, was: str | None) -> None:
    data = mail("Rita Gomez <rita@globex.example>", "Re: Interview with Globex", f"Hi,\n\n{body}\n")
    result = found(data)
    assert result.moved
    assert result.start is not None and result.start.hour == 15
    assert result.was == (at(was) if was else None)


def test_a_moves_amount_is_no_length() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = ["Chat", "We pushed your interview back by an hour: Thursday, December 10 at 11:00."]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.end is None
    said = ["Chat", "Abbiamo anticipato il colloquio di un'ora: giovedì 10 dicembre alle 9:00."]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.end is None


def test_a_schedule_under_a_days_heading_with_its_zone_is_one_interview() -> None:
    # The heading dates and zones the rows; a line restating the times for the reader and
    # 15-minute breaks leave the sessions one interview.
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = [
        "Your onsite",
        "Thursday, December 10, 2026 (Pacific Time)",
        "For you in Berlin: Thursday 6:00 PM to Thursday 8:45 PM CET",
        "9:00 AM - 9:45 AM System design",
        "Ana Lind, Staff Engineer",
        "10:00 AM - 10:45 AM Coding",
        "11:00 AM - 11:45 AM Hiring manager",
    ]
    found = [m for m in times_in_text(said, reference, BERLIN) if not m.old]
    assert len(found) == 1
    assert found[0].start == at("2026-12-10T09:00:00-08:00")
    assert found[0].end == at("2026-12-10T11:45:00-08:00")


@pytest.mark.parametrize(
    "subject",
    [
        "Podcastinterview Code & Koffie – opname",
        "Demande d'entrevue – article sur votre projet",
        "Convite: entrevista com usuários do app (cartão-presente)",
        "Nutzerinterview: 45 Minuten, Gutschein als Dank",
        "Pedido de entrevista para reportagem sobre pagamentos",
        "Solicitud de entrevista para un reportaje",
        "Richiesta di intervista per un reportaggio",
    ],
)
def test_media_and_user_research_interviews_in_every_language_are_none(subject: str) -> None:
    data = mail(
        "Jo Writer <jo@media.example>",
        subject,
        "Hi Alex,\n\nSee you on Thursday, December 10 at 3pm.\n",
    )
    assert seen(data) is None


def test_someone_elses_invitation_forwarded_is_none() -> None:
    event = [
        "UID:fwd-1@cal.example",
        "SEQUENCE:0",
        "DTSTART:20261210T140000Z",
        "DTEND:20261210T150000Z",
        "ORGANIZER;CN=Rita Gomez:mailto:rita@globex.example",
        "ATTENDEE;CN=Joanna Other:mailto:joanna.other@freemail.example",
        "ATTENDEE;CN=Rita Gomez:mailto:rita@globex.example",
        "SUMMARY:Interview Globex – Joanna Other",
    ]
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Fwd: Interview Globex – Joanna Other",
        "Joanna, here is the invitation again.\n",
        calendar=ics("REQUEST", event),
        attach="application/ics",
    )
    assert seen(data) is None
    # The same event with the user invited is the user's interview.
    mine = [*event[:5], "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example", *event[6:]]
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Interview Globex – Alex Example",
        calendar=ics("REQUEST", [m.replace("Joanna Other", "Alex Example") for m in mine]),
        attach="application/ics",
    )
    assert seen(data) is not None


def test_a_booking_after_a_colleagues_mail_asking_to_book_the_next_step() -> None:
    booking = _calendly_booking("45 Minute Meeting with Nora Lind and Alex", "nora@tessvik.example")
    recruiter = _earlier(
        "Tessvik Analytics - next step for the Staff Data Engineer role",
        "ops@tessvik.example",
        via="domain",
    )
    result = sighting(read(booking), own_addresses=OWN, lexicon=LEXICON, earlier=[recruiter])
    assert result is not None and result.company == "Tessvik Analytics"
    # Long after, or a colleague's mail that asks nothing of a step, says nothing of it.
    old = EarlierMail(
        SENT - timedelta(days=60), recruiter.address, recruiter.subject, "", "", "domain"
    )
    assert sighting(read(booking), own_addresses=OWN, lexicon=LEXICON, earlier=[old]) is None


@pytest.mark.parametrize(
    "body",
    [
        "I will not be attending the interview on Friday. Thank you for your time.",
        "Vou desistir do processo e não participarei da entrevista de amanhã.",
        "Je ne participerai pas à l'entretien de vendredi, merci pour tout.",
        "Ich werde an dem Gespräch am Freitag nicht teilnehmen.",
        "Me retiro del proceso de selección, gracias por todo.",
    ],
)
def test_the_users_own_words_of_not_attending_or_leaving_cancel(body: str) -> None:
    result = seen(mail(ME, "Re: Interview with Globex", body, to="Rita <rita@globex.example>"))
    assert result is not None and result.kind is SightingKind.CANCEL


def test_not_attending_with_a_new_time_asked_is_no_cancellation() -> None:
    body = "I won't make it to the interview on Friday; could we move it to Monday?"
    assert seen(mail(ME, "Re: Interview", body, to="Rita <rita@globex.example>")) is None


@pytest.mark.parametrize(
    "body",
    [
        "we have to postpone your interview on Thursday; I will send you new times next week.",
        "wir müssen unser Gespräch am Donnerstag verschieben. Ich melde mich mit neuen "
        "Terminvorschlägen.",
        "dobbiamo rinviare il colloquio di giovedì a data da definire.",
    ],
)
def test_a_postponement_without_a_new_time_calls_the_time_off(body: str) -> None:
    data = mail("Rita Gomez <rita@globex.example>", "Re: Interview with Globex", f"Hi,\n\n{body}\n")
    result = found(data)
    assert result.kind is SightingKind.CANCEL
    assert "postponed without a new time" in result.evidence or result.kind is SightingKind.CANCEL
    # With the new time, it is a move.
    moved = mail(
        "Rita Gomez <rita@globex.example>",
        "Re: Interview with Globex",
        "Hi,\n\nwe have to postpone your interview to Monday, December 14 at 10:00; new "
        "options are not needed.\n",
    )
    assert found(moved).kind is SightingKind.INVITE


def test_a_time_restated_for_the_reader_in_a_city_is_no_time_of_its_own() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = [
        "Colloquio",
        "Spostiamo il colloquio a giovedì 10 dicembre, dalle 15:00 alle 16:30.",
        "Attenzione: il 6 dicembre per te a Toronto saranno le 9:00 e non le 10:00.",
    ]
    fresh = [m for m in times_in_text(said, reference, BERLIN) if not m.old]
    assert [m.start for m in fresh] == [at("2026-12-10T15:00:00+01:00")]


@pytest.mark.parametrize(
    "said",
    [
        [
            "Change",
            "Jeudi 10 décembre, nous décalons l'entrevue à 15 h au lieu de 13 h, elle se "
            "terminera donc vers 16 h 30.",
        ],
        [
            "Change",
            "We moved your interview to Thursday, December 10 at 15:00 instead of 13:00.",
            "It will end at 16:30.",
        ],
    ],
)
def test_a_move_of_the_hour_takes_the_end_said_after_it(said: list[str]) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    fresh = [m for m in times_in_text(said, reference, BERLIN) if not m.old]
    assert [(m.start, m.end) for m in fresh] == [
        (at("2026-12-10T15:00:00+01:00"), at("2026-12-10T16:30:00+01:00"))
    ]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Could we move Tuesday's interview?",
            "Something came up. I could do any of these (UK time):\n"
            "- Wed 9 Dec, 11:00\n- Wed 9 Dec, 15:00\n- Thu 10 Dec, 10:00\n"
            "Or pick a slot on my booking page.",
        ),
        (
            "Re: Gesprek van dinsdag verzetten?",
            "Geen probleem. Sanne kan op deze momenten:\n"
            "- woensdag 9 december, 11:00\n- donderdag 10 december, 14:00\n"
            "Laat maar weten wat je wilt.",
        ),
        (
            "Déplacer notre entretien ?",
            "Nous devons déplacer l'entretien. Voici trois possibilités :\n"
            "1. mercredi 9 décembre à 11h\n2. jeudi 10 décembre à 14h\n"
            "3. vendredi 11 décembre à 9h30\n",
        ),
    ],
)
def test_times_listed_as_choices_fix_no_time_even_in_a_mail_about_a_move(
    subject: str, body: str
) -> None:
    data = mail("Sanne Vos <sanne@tidewater.example>", subject, f"Hi Alex,\n\n{body}\n\nSanne\n")
    assert seen(data) is None
    # One time in the list, or a time stated outside it, is the new time.
    one = mail(
        "Sanne Vos <sanne@tidewater.example>",
        "Re: Interview moved",
        "Hi Alex,\n\nWe moved your interview to:\n- Wed 9 Dec, 11:00\n\nSanne\n",
    )
    assert found(one).start == at("2026-12-09T11:00:00+01:00")


def test_a_days_agenda_in_a_list_is_still_one_interview() -> None:
    data = mail(
        "Sanne Vos <sanne@tidewater.example>",
        "Your onsite interview",
        "Hi Alex,\n\nYour onsite interview on Wednesday, December 9 is confirmed. The agenda:\n"
        "- 10:00-11:00 coding\n- 11:00-12:00 system design\n\nSanne\n",
    )
    assert found(data).start == at("2026-12-09T10:00:00+01:00")


@pytest.mark.parametrize(
    ("sentence", "offset"),
    [
        ("le mercredi 9 décembre à 15 h, heure de l'Est, sur Teams", "-05:00"),
        ("le mercredi 9 décembre à 15 h (heure du Pacifique)", "-08:00"),
        ("el miércoles 9 de diciembre a las 15:00 hora del Pacífico", "-08:00"),
        ("el miércoles 9 de diciembre a las 15:00 (hora del centro)", "-06:00"),
        ("quarta-feira, 9 de dezembro, às 15h (horário da Costa Leste)", "-05:00"),
        ("mercoledì 9 dicembre alle 15:00 ora della costa est", "-05:00"),
        ("am Mittwoch, 9. Dezember, um 15 Uhr Ostküstenzeit", "-05:00"),
        ("op woensdag 9 december om 15.00 uur Westkusttijd", "-08:00"),
        ("le mercredi 9 décembre à 15 h, heure de Terre-Neuve", "-03:30"),
    ],
)
def test_north_american_zones_named_in_each_language(sentence: str, offset: str) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    (moment,) = times_in_text(["Entrevue", sentence], reference, BERLIN)
    assert moment.start == at(f"2026-12-09T15:00:00{offset}")


def test_a_sentence_that_begins_with_est_names_no_zone() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = ["Entrevue", "Le mercredi 9 décembre à 15 h. Est-ce que cela vous convient ?"]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert moment.start == at("2026-12-09T15:00:00+01:00")


def _interviewer_invite(description: str, subject: str = "Interview: Sam Doe - Analyst") -> bytes:
    return mail(
        "Halden Recruiting <recruiting@halden.example>",
        subject,
        "Hi,\n\nPlease see the invitation.\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:halden-int-1",
                "SEQUENCE:0",
                "DTSTART:20261209T140000Z",
                "DTEND:20261209T150000Z",
                "ORGANIZER;CN=Halden Recruiting:mailto:recruiting@halden.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                "SUMMARY:Interview: Sam Doe - Analyst",
                f"DESCRIPTION:{description}",
            ],
        ),
        to="alex@candidate.example",
    )


def test_the_users_name_from_the_calendar_tells_the_user_is_the_interviewer() -> None:
    # To holds the bare address: the user's name is the attendee's.
    assert seen(_interviewer_invite("Interviewer: Alex Example\\nCandidate: Sam Doe")) is None
    # Someone else interviews the user: the user's interview.
    assert seen(_interviewer_invite("Interviewer: Kari Lund\\nCandidate: Alex Example")) is not None


@pytest.mark.parametrize(
    "subject",
    [
        "Interview Sam Doe (you are the interviewer)",
        "Entretien Sam Doe : vous êtes l'intervieweur",
        "Interview Sam Doe – Sie sind Interviewerin",
        "Entrevista Sam Doe: usted es el entrevistador",
        "Entrevista Sam Doe: você é a entrevistadora",
        "Colloquio Sam Doe: sei l'intervistatrice",
        "Sollicitatiegesprek Sam Doe: jij bent de interviewer",
    ],
)
def test_mail_that_says_the_user_is_the_interviewer_is_none(subject: str) -> None:
    assert seen(_interviewer_invite("Panel for the Analyst role.", subject)) is None


@pytest.mark.parametrize(
    "subject",
    [
        "Entrevue pour notre balado – mercredi 9 décembre",
        "Interview for episode 42 of our show",
        "Entrevista para el episodio 12",
        "Intervista per la nuova puntata",
        "Interview voor onze nieuwe aflevering",
    ],
)
def test_a_podcast_or_show_episode_is_no_interview(subject: str) -> None:
    data = mail(
        "Jo Host <jo@showtime.example>",
        subject,
        "Hi Alex,\n\nSee you on Wednesday, December 9 at 3pm.\n",
    )
    assert seen(data) is None
    # The same time from a company, for a job, is one.
    job = mail(
        "Jo Host <jo@showtime.example>",
        "Interview for the Data Analyst role",
        "Hi Alex,\n\nSee you on Wednesday, December 9 at 3pm.\n",
    )
    assert seen(job) is not None


def test_a_word_of_the_companys_own_name_vetoes_nothing() -> None:
    body = "Hi Alex,\n\nYour interview is on Wednesday, December 9 at 3pm.\n"
    # "Atelier" names a workshop, and a company here.
    named = mail("Claire Roy <claire@atelier-nord.example>", "Entretien RH - Atelier Nord", body)
    assert found(named).company == "Atelier Nord"
    # Another company's workshop is none, and so is one the company gives.
    other = mail("Claire Roy <claire@events.example>", "Entretien RH - Atelier Nord", body)
    assert seen(other) is None
    workshop = mail(
        "Claire Roy <claire@atelier-nord.example>", "Atelier Nord: workshop on interviews", body
    )
    assert seen(workshop) is None


@pytest.mark.parametrize(
    "signature",
    [
        "Speak soon,\nTom Ashby\n",
        "Speak then!\n\nTom Ashby\nTalent Acquisition, Northbay Labs\n",
    ],
)
def test_a_relay_writing_in_the_recruiters_own_name_names_no_company(signature: str) -> None:
    body = (
        "Hi Alex,\n\nyou're confirmed for a phone interview for the Analyst role.\n\n"
        f"Date: Wednesday, 9 December 2026\nTime: 11:00 AM - 11:30 AM GMT\n\n{signature}"
    )
    data = mail(
        "Tom Ashby <no-reply@hire.lever.co>", "Phone interview with Northbay Labs - Analyst", body
    )
    assert found(data).company == "Northbay Labs"
    # The company's own name in the display name is the company.
    company = mail("Harbor Labs <no-reply@hire.lever.co>", "Your phone interview", body)
    assert found(company).company == "Harbor Labs"


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous déplaçons votre entretien au jeudi 10 décembre à 11 h, pour la même durée "
        "(jusqu'à 11 h 45).",
        "Movemos la entrevista al jueves 10 de diciembre a las 11:00, con la misma duración "
        "(hasta las 11:45).",
        "We moved your interview to Thursday, December 10 at 11:00, same length (until 11:45).",
    ],
)
def test_an_end_said_after_until_in_parentheses_is_the_end_not_a_time(sentence: str) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    (moment,) = times_in_text(["Entretien", sentence], reference, BERLIN)
    assert (moment.start, moment.end) == (
        at("2026-12-10T11:00:00+01:00"),
        at("2026-12-10T11:45:00+01:00"),
    )
    # A time after other words is a time of its own.
    other = sentence.replace("jusqu'à", "puis à").replace("hasta las", "y a las")
    if other != sentence:
        assert len(times_in_text(["Entretien", other], reference, BERLIN)) == 2


def test_a_calendar_notifier_writing_for_the_organizer_is_not_the_company() -> None:
    event = [
        "UID:panel-1@calendar.example",
        "SEQUENCE:0",
        "DTSTART:20261209T140000Z",
        "DTEND:20261209T153000Z",
        "ORGANIZER;CN=Carla Mendes:mailto:carla@tessaro.example",
        "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
        "ATTENDEE;CN=Bruno Costa:mailto:bruno@tessaro.example",
        "ATTENDEE;CN=Ana Prado:mailto:ana@tessaro.example",
        "SUMMARY:Entrevista técnica – Painel | Alex Example",
    ]
    data = mail(
        "Carla Mendes (Google Agenda) <calendar-notification@google.com>",
        "Convite: Entrevista técnica – Painel | Alex Example",
        "Participantes: Bruno Costa, Ana Prado\n",
        calendar=ics("REQUEST", event),
    )
    result = found(data)
    assert result.company == "Tessaro"
    assert "google.com" not in result.domains
    # The company's own shared calendar is the company's.
    shared = mail(
        "Tessaro Candidate Calendar <calendar@tessaro.example>",
        "Entrevista técnica – Painel",
        calendar=ics("REQUEST", event),
    )
    assert found(shared).domains == ("tessaro.example",)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks again for Tuesday's interview at 11 - the team enjoyed it.",
        "Thanks for yesterday's interview at 2:30, we will be in touch.",
        "Merci pour l'entretien de lundi à 10 h 30.",
        "Danke für das Gespräch am Montag um 10 Uhr.",
        "Gracias por la entrevista del lunes a las 10.",
        "Obrigado pela entrevista de segunda às 10h.",
        "Grazie per il colloquio di ieri alle 12.",
        "Bedankt voor het gesprek van maandag om 10.00 uur.",
    ],
)
def test_thanks_for_a_meeting_held_fix_no_time(sentence: str) -> None:
    reference = datetime(2026, 12, 2, 9, tzinfo=BERLIN)  # a Wednesday
    assert times_in_text(["Next steps", sentence], reference, BERLIN) == []


def test_thanks_that_confirm_or_go_on_to_the_next_time_keep_it() -> None:
    reference = datetime(2026, 12, 2, 9, tzinfo=BERLIN)
    (confirmed,) = times_in_text(
        ["Interview", "Thank you for confirming the interview on Tuesday, December 8 at 11."],
        reference,
        BERLIN,
    )
    assert confirmed.start == at("2026-12-08T11:00:00+01:00")
    said = [
        "Secondo colloquio",
        "Grazie per il colloquio di ieri alle 12. Siamo lieti di invitarla al secondo "
        "colloquio giovedì 10 dicembre alle 10:00.",
    ]
    (following,) = times_in_text(said, reference, BERLIN)
    assert following.start == at("2026-12-10T10:00:00+01:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "Our office closes at 5 pm on Friday, but you can write any time.",
        "Notre bureau ferme à 17 h le vendredi.",
        "Unsere Bürozeiten: Freitag bis 17 Uhr.",
        "Nuestro horario de oficina: viernes hasta las 17:00.",
        "Il nostro ufficio chiude alle 17 il venerdì.",
        "Onze openingstijden: vrijdag tot 17.00 uur.",
    ],
)
def test_opening_hours_are_no_meeting(sentence: str) -> None:
    reference = datetime(2026, 12, 2, 9, tzinfo=BERLIN)
    assert times_in_text(["Entretien", sentence], reference, BERLIN) == []
    meeting = "The interview is on Friday at 5 pm."
    assert len(times_in_text(["Entretien", meeting], reference, BERLIN)) == 1


@pytest.mark.parametrize(
    "subject",
    [
        "Einladung zum Beratungsgespräch am Mittwoch",
        "Ihr Mitarbeitergespräch am Mittwoch",
        "Uitnodiging adviesgesprek woensdag",
        "Uw functioneringsgesprek op woensdag",
    ],
)
def test_an_advice_or_appraisal_conversation_is_no_interview(subject: str) -> None:
    body = "Guten Tag,\n\nam Mittwoch, 9.12.2026, um 9:00 Uhr.\n"
    assert seen(mail("Team <termine@nordhafen.example>", subject, body)) is None
    job = mail("Team <termine@nordhafen.example>", "Einladung zum Vorstellungsgespräch", body)
    assert seen(job) is not None


def _open_session(summary: str) -> bytes:
    return mail(
        "Acme Candidate Calendar <candidate-calendar@acme.example>",
        f"Invitation: {summary}",
        calendar=ics(
            "REQUEST",
            [
                "UID:acme-oh-1",
                "DTSTART:20261209T160000Z",
                "DTEND:20261209T170000Z",
                f"SUMMARY:{summary}",
                "ORGANIZER;CN=Acme Candidate Calendar:mailto:candidate-calendar@acme.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )


@pytest.mark.parametrize(
    "summary",
    [
        "Office hours with Acme Recruiting (open session)",
        "Sprechstunde mit dem Acme Recruiting",
        "Spreekuur met Acme Recruiting",
    ],
)
def test_office_hours_of_a_company_are_no_interview(summary: str) -> None:
    assert seen(_open_session(summary)) is None
    assert seen(_open_session("Interview with Acme Recruiting")) is not None


def test_a_move_said_in_the_readers_time_and_restated_beats_the_time_it_had() -> None:
    data = mail(
        "Dana Kim <dana@quillmark.example>",
        "Thursday's intro call moves one hour",
        "Hi Alex,\n\nI've moved our intro call one hour later, same day: Thursday Dec 10, "
        "9:30-10:15 AM your time, i.e. 8:30-9:15 UTC, instead of 8:30.\n\nDana\n",
    )
    result = found(data)
    assert (result.start, result.end) == (
        at("2026-12-10T09:30:00+01:00"),
        at("2026-12-10T10:15:00+01:00"),
    )
    assert result.was == at("2026-12-10T08:30:00+01:00")


def test_a_dutch_clock_time_restated_is_no_length_and_tot_a_date_is_a_deadline() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    said = [
        "Ons gesprek verzet",
        "De nieuwe tijd is donderdag 10 december om 14.00 uur (8.00 uur in Montréal), nog "
        "steeds 45 minuten.",
        "Je uitwerking mag je tot maandag 14 december 12.00 uur sturen.",
    ]
    (moment,) = times_in_text(said, reference, BERLIN)
    assert (moment.start, moment.end) == (
        at("2026-12-10T14:00:00+01:00"),
        at("2026-12-10T14:45:00+01:00"),
    )
    # A range "tot" its end, and a length in hours, are still read.
    (ranged,) = times_in_text(
        ["Gesprek", "Donderdag 10 december van 14.00 tot 15.30 uur."], reference, BERLIN
    )
    assert ranged.end == at("2026-12-10T15:30:00+01:00")
    said = ["Gesprek", "Donderdag 10 december om 14.00 uur; het duurt anderhalf uur."]
    (long,) = times_in_text(said, reference, BERLIN)
    assert long.end == at("2026-12-10T15:30:00+01:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "The second round is on Monday the 14th at 16:00.",
        "La seconde étape aura lieu le lundi 14, à 16h00.",
        "Die zweite Runde ist am Montag, 14. um 16:00 Uhr.",
        "Queda fijada la segunda entrevista el lunes 14 a las 16:00.",
        "A segunda entrevista fica marcada para segunda 14, às 16:00.",
        "Il secondo colloquio è lunedì 14, alle 16:00.",
        "Het tweede gesprek is maandag 14 om 16:00.",
    ],
)
def test_a_weekday_with_its_day_of_the_month_is_that_date(sentence: str) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)  # a Tuesday: the next Monday is the 7th
    (moment,) = times_in_text(["Entrevista", sentence], reference, BERLIN)
    assert moment.start == at("2026-12-14T16:00:00+01:00")


def test_a_weekday_with_a_day_it_does_not_fall_on_or_an_hour_is_the_next_one() -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    (wrong,) = times_in_text(["Interview", "Monday 15 at 16:00."], reference, BERLIN)
    assert wrong.start == at("2026-12-07T16:00:00+01:00")
    (hour,) = times_in_text(["Interview", "See you Monday 10 am."], reference, BERLIN)
    assert hour.start == at("2026-12-07T10:00:00+01:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "A entrevista foi transferida para quarta-feira, 9/12, às 15h, com a mesma duração (1h30).",
        "L'entretien est déplacé au mercredi 9 décembre à 15h, même durée (1h30).",
        "Das Gespräch ist auf Mittwoch, 9. Dezember, 15 Uhr verschoben, Dauer: 1h30.",
        "La entrevista pasa al miércoles 9 de diciembre a las 15:00, con una duración de 1h30.",
    ],
)
def test_a_length_written_as_hours_and_minutes_is_no_time_of_day(sentence: str) -> None:
    reference = datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    (moment,) = times_in_text(["Entrevista", sentence], reference, BERLIN)
    assert (moment.start, moment.end) == (
        at("2026-12-09T15:00:00+01:00"),
        at("2026-12-09T16:30:00+01:00"),
    )
    # Without a word of a length, "14h30" is a time of day.
    (clock,) = times_in_text(["Entretien", "Mercredi 9 décembre, 14h30."], reference, BERLIN)
    assert clock.start == at("2026-12-09T14:30:00+01:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "Parfait, c'est noté : jeudi 10 décembre à 10h.",
        "Perfekt, ist notiert: Donnerstag, 10. Dezember, 10:00 Uhr.",
        "Perfecto, queda anotado: jueves 10 de diciembre a las 10:00.",
        "Perfeito, fica combinado: quinta-feira, 10 de dezembro, às 10h.",
        "Perfetto, ho segnato: giovedì 10 dicembre alle 10:00.",
        "Prima, staat genoteerd: donderdag 10 december om 10:00.",
        "Great, you're locked in for Thursday, December 10 at 10:00.",
    ],
)
def test_a_time_noted_in_answer_to_availability_is_confirmed(sentence: str) -> None:
    subject = "RE: Interview - your availability?"
    data = mail("Hélène Roy <helene@clairmont.example>", subject, f"Hi,\n\n{sentence}\n")
    assert found(data).start == at("2026-12-10T10:00:00+01:00")
    asked = mail(
        "Hélène Roy <helene@clairmont.example>",
        subject,
        "Hi,\n\nWould Thursday, December 10 at 10:00 work for you?\n",
    )
    assert seen(asked) is None


@pytest.mark.parametrize(
    ("summary", "body"),
    [
        ("Final chat", "The whole team enjoyed your interview. Could we meet once more?"),
        ("Dernier échange", "L'équipe a beaucoup aimé votre entretien. Un dernier échange ?"),
        ("Abschließendes Telefonat", "Das Team war von Ihrem Vorstellungsgespräch begeistert."),
        ("Última conversación", "Al equipo le encantó tu entrevista. ¿Hablamos una vez más?"),
        ("Conversa final", "A equipe adorou a sua entrevista. Podemos falar mais uma vez?"),
        ("Chiacchierata finale", "Il team ha apprezzato molto il tuo colloquio."),
        ("Laatste gesprek", "Het team was enthousiast over je sollicitatiegesprek."),
    ],
)
def test_a_meeting_of_a_company_known_through_its_scheduler_is_its_next_step(
    summary: str, body: str
) -> None:
    """A person of the company sends an invitation of their own that only calls it a meeting,
    its text looking back on an interview and naming no job: the step of a process that the
    company's scheduler (another domain) wrote about before, filed under the company."""
    invite = mail(
        "Ingrid Solberg <ingrid.solberg@halvorsen-maritime.example>",
        summary,
        f"Hi Alex,\n\n{body}\n\nIngrid\n",
        calendar=ics(
            "REQUEST",
            [
                "UID:final-halvorsen-1",
                "DTSTART:20261210T140000Z",
                "DTEND:20261210T143000Z",
                f"SUMMARY:{summary}",
                "ORGANIZER;CN=Ingrid Solberg:mailto:ingrid.solberg@halvorsen-maritime.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
        attach="application/octet-stream",
    )
    assert seen(invite) is None
    scheduler = EarlierMail(
        SENT - timedelta(days=9),
        "scheduling@goodtime.io",
        "Halvorsen Maritime onsite: system design",
        "gt-thread-1",
        "Halvorsen Maritime Ltd",
    )
    tied = _EarlierMail([scheduler]).of(read(invite), OWN, LEXICON)
    assert [m.via for m in tied] == ["domain"]
    result = sighting(read(invite), own_addresses=OWN, lexicon=LEXICON, earlier=tied)
    assert result is not None and result.start == at("2026-12-10T14:00:00+00:00")
    assert "an interview tracked" in result.evidence
    # Filed under another company, the scheduler's mail is tied to nothing.
    other = replace(scheduler, company="Nordlys Shipping")
    assert _EarlierMail([other]).of(read(invite), OWN, LEXICON) == ()


@pytest.mark.parametrize(
    ("body", "start"),
    [
        (
            "We confirm your interview on Thursday, December 10 at 3 in the afternoon, "
            "Central European Time.",
            "2026-12-10T15:00:00+01:00",
        ),
        (
            "Nous confirmons votre entretien le jeudi 10 décembre à 9 h 15, heure de Paris.",
            "2026-12-10T09:15:00+01:00",
        ),
        (
            "Wir bestätigen Ihr Vorstellungsgespräch am Donnerstag, 10. Dezember, um halb "
            "vier nachmittags, Berliner Zeit.",
            "2026-12-10T15:30:00+01:00",
        ),
        (
            "Te confirmamos la entrevista el jueves 10 de diciembre a las 16:45, hora de Madrid.",
            "2026-12-10T16:45:00+01:00",
        ),
        (
            "Confirmamos a sua entrevista na quinta-feira, 10 de dezembro, às 10h, hora de Lisboa.",
            "2026-12-10T10:00:00+00:00",
        ),
        (
            "Le confermo il colloquio giovedì 10 dicembre alle 14:30, ora italiana.",
            "2026-12-10T14:30:00+01:00",
        ),
        (
            "Hierbij bevestig ik je sollicitatiegesprek op donderdag 10 december om half vijf "
            "'s middags, Nederlandse tijd.",
            "2026-12-10T16:30:00+01:00",
        ),
    ],
)
def test_a_zone_named_after_a_comma_and_a_part_of_the_day(body: str, start: str) -> None:
    """The zone of a confirmation in words may follow its time after a comma, and after the
    part of the day ("'s middags", "nachmittags", "in the afternoon"): read from New York."""
    data = mail("Rita Gomez <rita@globex.example>", "Interview", f"Hello Alex,\n\n{body}\n\nRita\n")
    result = found(data, NEW_YORK)
    assert result.start == at(start)
    assert result.start.utcoffset() == at(start).utcoffset()


def test_a_place_after_a_comma_says_where_not_the_zone() -> None:
    data = mail(
        "Rita Gomez <rita@globex.example>",
        "Entretien",
        "Bonjour Alex,\n\nJe confirme notre entretien le jeudi 10 décembre à 15 h, à Paris, "
        "dans nos bureaux.\n\nRita\n",
    )
    result = found(data, NEW_YORK)
    assert result.start == at("2026-12-10T15:00:00-05:00")


@pytest.mark.parametrize(
    "body",
    [
        "After our call on Monday at 4 pm, we would like to invite you to the technical "
        "interview on Thursday, December 10 at 11:00.",
        "Après notre échange de lundi à 16 h, nous vous invitons à l'entretien technique le "
        "jeudi 10 décembre à 11 h.",
        "Nach unserem Gespräch vom Montag um 16 Uhr laden wir Sie zum Fachinterview am "
        "Donnerstag, 10. Dezember, um 11:00 Uhr ein.",
        "Tras la llamada del lunes a las 16:00, te invitamos a la entrevista técnica el "
        "jueves 10 de diciembre a las 11:00.",
        "Depois da conversa de segunda às 16h, convidamos você para a entrevista técnica na "
        "quinta-feira, 10 de dezembro, às 11h.",
        "Dopo la chiamata di lunedì alle 16, la invitiamo al colloquio tecnico giovedì 10 "
        "dicembre alle 11:00.",
        "Na ons gesprek van maandag om 16.00 uur nodigen we je uit voor het technische "
        "sollicitatiegesprek op donderdag 10 december om 11.00 uur.",
    ],
)
def test_a_meeting_referred_back_to_gives_no_time_of_the_next(body: str) -> None:
    """'After our call on Monday at 4 pm, ...': that meeting's time is no new one; the next
    round's is (in the seven languages)."""
    data = mail("Rita Gomez <rita@globex.example>", "Globex", f"Hello Alex,\n\n{body}\n\nRita\n")
    result = found(data)
    assert result.start == at("2026-12-10T11:00:00+01:00")
    assert "a time in words" in result.evidence


def test_a_meeting_referred_back_to_leaves_the_time_the_main_clause_sets() -> None:
    for body in (
        "Na ons gesprek bevestig ik je sollicitatiegesprek op donderdag 10 december om 11.00 uur.",
        "Following our call, I am happy to confirm your interview on Thursday, December 10 "
        "at 11:00.",
    ):
        data = mail("Rita Gomez <rita@globex.example>", "Globex", f"Hi Alex,\n\n{body}\n")
        assert found(data).start == at("2026-12-10T11:00:00+01:00")


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Rescheduled: Globex - Technical Interview",
            "Your technical interview has been moved.\n\nWas: Tuesday, December 8, 10:00 AM\n"
            "Now: Thursday, December 10, 3:00 PM",
        ),
        (
            "Reprogrammé : Globex - Entretien technique",
            "Votre entretien technique a été déplacé.\n\nNouvel horaire : jeudi 10 décembre à 15 h",
        ),
        (
            "Verschoben: Globex - Fachinterview",
            "Ihr Fachinterview wurde verschoben.\n\nNeuer Termin: Donnerstag, 10. Dezember, "
            "15:00 Uhr",
        ),
        (
            "Reprogramada: Globex - Entrevista técnica",
            "Tu entrevista técnica ha sido reprogramada.\n\nNueva fecha: jueves 10 de "
            "diciembre a las 15:00",
        ),
        (
            "Remarcada: Globex - Entrevista técnica",
            "Sua entrevista técnica foi remarcada.\n\nNova data: quinta-feira, 10 de "
            "dezembro, às 15h",
        ),
        (
            "Riprogrammato: Globex - Colloquio tecnico",
            "Il tuo colloquio tecnico è stato spostato.\n\nNuovo orario: giovedì 10 dicembre "
            "alle 15:00",
        ),
        (
            "Verplaatst: Globex - Technisch sollicitatiegesprek",
            "Je sollicitatiegesprek is verplaatst.\n\nNieuwe datum: donderdag 10 december om "
            "15.00 uur",
        ),
    ],
)
def test_a_cancelled_event_whose_mail_gives_the_new_time_is_a_move(subject: str, body: str) -> None:
    """A scheduler that moves an interview by cancelling its event and stating the new time in
    its mail (a new invitation follows): the event moves there, under the cancelled UID."""
    data = mail(
        "Globex Candidate Calendar <calendar@goodtime.io>",
        subject,
        f"Hi Alex,\n\n{body}\n",
        calendar=ics(
            "CANCEL",
            [
                "UID:gt-globex-tech-1",
                "SEQUENCE:1",
                "STATUS:CANCELLED",
                "DTSTART:20261208T090000Z",
                "DTEND:20261208T100000Z",
                f"SUMMARY:{subject.partition(': ')[2] or subject.partition(' : ')[2]}",
                "ORGANIZER;CN=Globex Candidates:mailto:candidates@globex.example",
                "ATTENDEE;CN=Rita Gomez:mailto:rita@globex.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    result = found(data)
    assert result.kind is SightingKind.INVITE
    assert result.start == at("2026-12-10T15:00:00+01:00")
    assert (result.uid, result.moved) == ("gt-globex-tech-1", True)
    assert people(result) == ["rita@globex.example"]


def test_a_cancelled_event_that_only_promises_a_new_time_stays_cancelled() -> None:
    for body in (
        "Your interview on Tuesday, December 8 at 10:00 AM has been cancelled. We will "
        "reschedule and send you new times soon.",
        "Your interview on Tuesday, December 8 at 10:00 AM has been moved. A new time will follow.",
        "Your interview on Tuesday, December 8 at 10:00 AM has to be rescheduled. Would "
        "Thursday, December 10 at 3:00 PM or Friday, December 11 at 10:00 AM work for you?",
    ):
        data = mail(
            "Globex Candidate Calendar <calendar@goodtime.io>",
            "Canceled: Globex - Technical Interview",
            f"Hi Alex,\n\n{body}\n",
            calendar=ics(
                "CANCEL",
                [
                    "UID:gt-globex-tech-1",
                    "SEQUENCE:1",
                    "STATUS:CANCELLED",
                    "DTSTART:20261208T090000Z",
                    "SUMMARY:Globex - Technical Interview",
                    "ORGANIZER;CN=Globex Candidates:mailto:candidates@globex.example",
                    "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
                ],
            ),
        )
        assert found(data).kind is SightingKind.CANCEL


@pytest.mark.parametrize(
    "name",
    [
        "Marlowe Systems Talent",
        "Marlowe Systems Talents",
        "Marlowe Systems Karriere",
        "Marlowe Systems Talento",
        "Marlowe Systems Seleção",
        "Marlowe Systems Talenti",
        "Marlowe Systems RRHH",
    ],
)
def test_a_recruiting_teams_word_after_the_company_is_not_its_name(name: str) -> None:
    """An applicant-tracking system writes in the name of the company's recruiting team
    ("Marlowe Systems Talento"): the company is Marlowe Systems."""
    data = mail(
        f"{name} <marlowe@myworkday.com>",
        "Interview - Data Engineer",
        calendar=ics(
            "REQUEST",
            [
                "UID:wd-marlowe-1",
                "DTSTART:20261210T140000Z",
                "DTEND:20261210T144500Z",
                "SUMMARY:Interview - Data Engineer",
                "ORGANIZER;CN=Nora Lind:mailto:nora.lind@marlowe.example",
                "ATTENDEE;CN=Ivo Prax:mailto:ivo.prax@marlowe.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    assert found(data).company == "Marlowe Systems"


@pytest.mark.parametrize(
    ("summary", "company", "role"),
    [
        (
            "Entrevista Brisa Software - Desarrolladora Backend",
            "Brisa Software",
            "Desarrolladora Backend",
        ),
        ("Entretien Brisa Data | Analyste", "Brisa Data", "Analyste"),
        ("Interview: Brisa Software Engineer", "Brisa", "Software Engineer"),
    ],
)
def test_a_field_word_ends_a_companys_name_before_a_separator(
    summary: str, company: str, role: str
) -> None:
    data = mail(
        "Nora Lind <nora.lind@brisa.example>",
        summary,
        calendar=ics(
            "REQUEST",
            [
                "UID:brisa-1",
                "DTSTART:20261210T140000Z",
                f"SUMMARY:{summary}",
                "ORGANIZER;CN=Nora Lind:mailto:nora.lind@brisa.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    result = found(data)
    assert (result.company, result.role) == (company, role)


@pytest.mark.parametrize(
    "sentence",
    [
        "Confirmed: Thursday, December 10 at 3:00 PM with Priya, on Zoom as before.",
        "C'est confirmé : jeudi 10 décembre à 15 h avec Priya, toujours sur Zoom.",
        "Bestätigt: Donnerstag, 10. Dezember, um 15:00 Uhr mit Priya, wie gehabt per Zoom.",
        "Confirmado: jueves 10 de diciembre a las 15:00 con Priya, por Zoom como antes.",
        "Confirmado: quinta-feira, 10 de dezembro, às 15h com Priya, pelo Zoom.",
        "Confermato: giovedì 10 dicembre alle 15:00 con Priya, sempre su Zoom.",
        "Bevestigd: donderdag 10 december om 15.00 uur met Priya via Zoom.",
    ],
)
def test_a_confirmation_with_someone_called_by_first_name_is_not_the_writers(
    sentence: str,
) -> None:
    """The writer confirms a time "with Priya": someone else interviews, whose address the
    mail does not give; the writer (who only arranged it) is no interviewer."""
    data = mail(
        "Rita Gomez <rita.gomez@globex.example>",
        "Interview",
        f"Hi Alex,\n\n{sentence}\n\nRita Gomez\n",
    )
    result = found(data)
    assert result.start == at("2026-12-10T15:00:00+01:00")
    assert people(result) == []


def test_a_confirmation_with_the_means_or_the_reader_names_the_writer() -> None:
    for sentence in (
        "Confirmed: Thursday, December 10 at 3:00 PM with Zoom as before.",
        "Confirmed: our interview on Thursday, December 10 at 3:00 PM with you.",
    ):
        data = mail(
            "Rita Gomez <rita.gomez@globex.example>", "Interview", f"Hi Alex,\n\n{sentence}\n"
        )
        assert people(found(data)) == ["rita.gomez@globex.example"]


@pytest.mark.parametrize(
    ("summary", "role"),
    [
        ("Interview Brisa - Backend Engineer (Payments)", "Backend Engineer (Payments)"),
        ("Entretien Brisa - Développeur back-end (Kotlin)", "Développeur back-end (Kotlin)"),
        ("Vorstellungsgespräch Brisa - Backend-Entwickler:in (Go)", "Backend-Entwickler:in (Go)"),
        ("Entrevista Brisa - Analista de Datos (LATAM)", "Analista de Datos (LATAM)"),
        ("Entrevista Brisa - Engenheira de Dados (Pagamentos)", "Engenheira de Dados (Pagamentos)"),
        ("Colloquio Brisa - Sviluppatore Python (Backoffice)", "Sviluppatore Python (Backoffice)"),
        ("Sollicitatiegesprek Brisa - Data Engineer (Logistiek)", "Data Engineer (Logistiek)"),
        ("Interview Brisa - Backend Engineer (Remote)", "Backend Engineer"),
        ("Interview Brisa - Backend Engineer (R-20931)", "Backend Engineer"),
        ("Interview Brisa - Backend Engineer (Alex Example)", "Backend Engineer"),
        ("Interview Brisa - Backend Engineer (Video call)", "Backend Engineer"),
    ],
)
def test_the_area_a_title_names_in_brackets_is_the_titles(summary: str, role: str) -> None:
    """ "Backend Engineer (Payments)": the team, area or stack in brackets is the job's; how one
    meets, where, a requisition number or the candidate's name is not."""
    data = mail(
        "Nora Lind <nora.lind@brisa.example>",
        summary,
        calendar=ics(
            "REQUEST",
            [
                "UID:brisa-2",
                "DTSTART:20261210T140000Z",
                f"SUMMARY:{summary}",
                "ORGANIZER;CN=Nora Lind:mailto:nora.lind@brisa.example",
                "ATTENDEE;CN=Alex Example:mailto:alex@candidate.example",
            ],
        ),
    )
    assert found(data).role == role


def test_a_name_in_brackets_after_a_title_is_a_persons_not_the_titles() -> None:
    data = mail(
        "Nora Lind <nora.lind@brisa.example>",
        "Interview Brisa - Backend Engineer (Tomás Herrera)",
        "Hi Alex,\n\nYour interview is on Thursday, December 10 at 15:00.\n",
    )
    assert found(data).role == "Backend Engineer"


@pytest.mark.parametrize(
    "sentence",
    [
        "On Thursday, December 10 at 15:00 you will be speaking with Ivo Prax and Lena Ruud.",
        "Le jeudi 10 décembre à 15 h, Ivo Prax et Lena Ruud vous rencontreront.",
        "Am Donnerstag, 10. Dezember, um 15:00 Uhr treffen Sie Ivo Prax und Lena Ruud.",
        "El jueves 10 de diciembre a las 15:00 conocerás a Ivo Prax y Lena Ruud.",
        "Na quinta-feira, 10 de dezembro, às 15h, você vai conversar com Ivo Prax e Lena Ruud.",
        "Giovedì 10 dicembre alle 15:00 la incontreranno Ivo Prax e Lena Ruud, in copia.",
        "Op donderdag 10 december om 15.00 uur maak je kennis met Ivo Prax en Lena Ruud.",
    ],
)
def test_whom_the_candidate_meets_said_with_a_conjugated_verb(sentence: str) -> None:
    """ "La incontreranno Ivo Prax e Lena Ruud", "conocerás a ...", "maak je kennis met ...":
    the people named, in copy, interview; two of them make a panel."""
    data = mail(
        "Rita Gomez <rita.gomez@globex.example>",
        "Interview",
        f"Hi Alex,\n\n{sentence}\n\nRita Gomez\n",
        headers={"Cc": "Ivo Prax <ivo.prax@globex.example>, Lena Ruud <lena.ruud@globex.example>"},
    )
    result = found(data)
    assert sorted(people(result)) == ["ivo.prax@globex.example", "lena.ruud@globex.example"]
    assert result.format is Format.PANEL


@pytest.mark.parametrize(
    ("body", "end"),
    [
        (
            "Wir laden Sie zu einem 45-minütigen Gespräch mit unserem CTO am Donnerstag, "
            "10. Dezember, um 15:00 Uhr ein.",
            "2026-12-10T15:45:00+01:00",
        ),
        (
            "Ich bestätige Ihnen das einstündige Fachinterview am Donnerstag, 10. Dezember, "
            "um 15:00 Uhr.",
            "2026-12-10T16:00:00+01:00",
        ),
        (
            "Ich bestätige das halbstündige Telefoninterview am Donnerstag, 10. Dezember, um "
            "15:00 Uhr.",
            "2026-12-10T15:30:00+01:00",
        ),
        (
            "Wir bestätigen das zweistündige Vorstellungsgespräch vor Ort am Donnerstag, "
            "10. Dezember, um 15:00 Uhr.",
            "2026-12-10T17:00:00+01:00",
        ),
    ],
)
def test_a_german_adjective_of_a_length_gives_the_end(body: str, end: str) -> None:
    data = mail(
        "Rita Gomez <rita.gomez@globex.example>", "Vorstellungsgespräch", f"Hallo Alex,\n\n{body}\n"
    )
    result = found(data)
    assert (result.start, result.end) == (at("2026-12-10T15:00:00+01:00"), at(end))


@pytest.mark.parametrize(
    ("summary", "role"),
    [
        ("Kennismakingsgesprek Brisa - Data Analist", "Data Analist"),
        ("Sollicitatiegesprek Brisa - UX Ontwerper", "UX Ontwerper"),
        ("Entrevista Brisa - Diseñadora de Producto", "Diseñadora de Producto"),
        ("Colloquio Brisa - Progettista Meccanico", "Progettista Meccanico"),
        ("Entretien Brisa - Concepteur Logiciel", "Concepteur Logiciel"),
        ("Interview Brisa - Supply Chain Planner", "Supply Chain Planner"),
    ],
)
def test_more_nouns_of_a_job_title(summary: str, role: str) -> None:
    data = mail(
        "Nora Lind <nora.lind@brisa.example>",
        summary,
        "Hi Alex,\n\nYour interview is on Thursday, December 10 at 15:00.\n",
    )
    assert found(data).role == role


@pytest.mark.parametrize(
    ("body", "role"),
    [
        (
            "Your virtual onsite for Platform Engineer is on Thursday, December 10 at 15:00.",
            "Platform Engineer",
        ),
        (
            "Votre appel pour Développeuse Mobile est confirmé le jeudi 10 décembre à 15 h.",
            "Développeuse Mobile",
        ),
        (
            "Ihr Telefonat für Backend-Entwickler ist am Donnerstag, 10. Dezember, um 15:00 Uhr "
            "bestätigt.",
            "Backend-Entwickler",
        ),
        (
            "Tu llamada para Analista de Datos queda confirmada el jueves 10 de diciembre a las "
            "15:00.",
            "Analista de Datos",
        ),
        (
            "Sua chamada para Engenheira de Dados está confirmada na quinta-feira, 10 de "
            "dezembro, às 15h.",
            "Engenheira de Dados",
        ),
        (
            "La chiamata per Sviluppatore Java è confermata giovedì 10 dicembre alle 15:00.",
            "Sviluppatore Java",
        ),
        (
            "Je panel voor Data Analist is bevestigd op donderdag 10 december om 15.00 uur.",
            "Data Analist",
        ),
    ],
)
def test_a_meeting_for_a_title_names_the_job(body: str, role: str) -> None:
    """ "Your virtual onsite for Platform Engineer", "Votre appel pour ...": the job."""
    data = mail("Nora Lind <nora.lind@brisa.example>", "Interview", f"Hi Alex,\n\n{body}\n")
    assert found(data).role == role
