"""Tests of watcher.matching: which interview a message belongs to, and what a reply means."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from watcher.lexicon import load_lexicon
from watcher.matching import (
    EVIDENCE,
    HORIZON,
    Classification,
    Match,
    classify,
    classify_sent,
    domain_matches,
    match,
    named_date,
    own_text,
)
from watcher.models import (
    ActionKind,
    Address,
    Event,
    EventKind,
    Interview,
    Invite,
    Message,
    Outcome,
    Person,
    PersonRole,
    ReplyKind,
    Signal,
    Timeline,
)

LEXICON = load_lexicon()
TZ = ZoneInfo("Europe/Paris")
AT = datetime(2026, 11, 25, 15, 30, tzinfo=TZ)
"""When the messages arrive unless a test says otherwise (a Wednesday)."""

ME = "alex@example.net"
OWN = {ME, "alex.work@example.org"}

DANA = Person("Dana Reyes", "dana@northwind.io")
SAM = Person("Sam Ortiz", "sam.ortiz@talentfirm.com", PersonRole.CONTACT)


def address(text: str) -> Address:
    """Return the Address of "Name <address>" or a bare address."""
    if "<" in text:
        name, _, rest = text.partition("<")
        return Address(name.strip(), rest.rstrip(">").strip().lower())
    return Address("", text.strip().lower())


def message(
    sender: str | None = "dana@northwind.io",
    subject: str = "Hello",
    text: str = "",
    *,
    at: datetime = AT,
    reply_to: Sequence[str] = (),
    to: Sequence[str] = (ME,),
    cc: Sequence[str] = (),
    in_reply_to: str = "",
    references: Sequence[str] = (),
    signals: Sequence[Signal] = (),
    invite: Invite | None = None,
) -> Message:
    return Message(
        account="personal",
        folder="INBOX",
        uid=1,
        message_id="reply-1@mail.example.com",
        date=at,
        sender=address(sender) if sender is not None else None,
        subject=subject,
        text=text,
        reply_to=tuple(address(a) for a in reply_to),
        to=tuple(address(a) for a in to),
        cc=tuple(address(a) for a in cc),
        in_reply_to=in_reply_to,
        references=tuple(references),
        signals=frozenset(signals),
        invite=invite,
    )


def interview(
    id: int,
    company: str,
    *,
    domains: Sequence[str] = (),
    at: datetime = AT - timedelta(days=2),
    interviewers: Sequence[Person] = (),
    contacts: Sequence[Person] = (),
    outcome: Outcome | None = None,
) -> Interview:
    return Interview(
        id=id,
        company=company,
        role="Data Engineer",
        at=at,
        interviewers=tuple(interviewers),
        contacts=tuple(contacts),
        domains=tuple(domains),
        outcome=outcome,
        closed_at=AT - timedelta(days=1) if outcome else None,
    )


def reply(interview_id: int, kind: ReplyKind, at: datetime, message_id: str = "") -> Event:
    return Event(interview_id, EventKind.REPLY, at, reply_kind=kind, message_id=message_id)


def timeline(item: Interview, *events: Event) -> Timeline:
    return Timeline(item, tuple(events))


# -- domain_matches ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "tracked", "expected"),
    [
        ("northwind.io", "northwind.io", True),
        ("careers.northwind.io", "northwind.io", True),
        ("a.b.careers.northwind.io", "northwind.io", True),
        ("Careers.NorthWind.IO", "northwind.io", True),
        ("careers.northwind.io.", "northwind.io", True),
        ("northwind.io", "Northwind.io.", True),
        ("northwind.io.example.com", "northwind.io", False),
        ("northwind-io.com", "northwind.io", False),
        ("mynorthwind.io", "northwind.io", False),
        ("northwind.io", "careers.northwind.io", False),
        ("io", "northwind.io", False),
        ("us.greenhouse-mail.io", "greenhouse.io", False),
        ("northwind.io", "", False),
        ("", "northwind.io", False),
        ("northwind..io", "io", False),
        ("northwind.io", ".io", False),
    ],
)
def test_domain_matches_by_dns_labels(domain: str, tracked: str, expected: bool) -> None:
    assert domain_matches(domain, tracked) is expected


LABEL = st.text(alphabet="ab-1", min_size=1, max_size=3)
NAME = st.lists(LABEL, min_size=1, max_size=4)


@given(domain=NAME, tracked=NAME, upper=st.booleans(), dot=st.booleans())
def test_domain_matches_is_a_suffix_of_labels(
    domain: list[str], tracked: list[str], upper: bool, dot: bool
) -> None:
    expected = len(domain) >= len(tracked) and domain[len(domain) - len(tracked) :] == tracked
    text = ".".join(domain)
    text = (text.upper() if upper else text) + ("." if dot else "")
    assert domain_matches(text, ".".join(tracked)) is expected


# -- match: evidence ---------------------------------------------------------------------------

NORTHWIND = interview(1, "Northwind", domains=("northwind.io",), interviewers=(DANA,),
                      contacts=(SAM,))  # fmt: skip
THREAD_EVENT = Event(1, EventKind.SENT, AT - timedelta(days=1), message_id="thanks-1@example.net")
NORTHWIND_TIMELINE = timeline(NORTHWIND, THREAD_EVENT)


def only_northwind(msg: Message) -> Match | None:
    return match(msg, [NORTHWIND_TIMELINE], LEXICON, OWN)


@pytest.mark.parametrize(
    ("msg", "evidence"),
    [
        (message("Dana Reyes <dana@northwind.io>"), "person"),
        (message("DANA@NorthWind.io"), "person"),
        (message("sam.ortiz@talentfirm.com"), "person"),
        (message("dana.personal@gmail.com", reply_to=["sam.ortiz@talentfirm.com"]), "person"),
        (message("someone@gmail.com", in_reply_to="thanks-1@example.net"), "thread"),
        (message("someone@gmail.com", in_reply_to="<thanks-1@example.net>"), "thread"),
        (message("someone@gmail.com", references=["x@y", "thanks-1@example.net"]), "thread"),
        (message("talent@northwind.io"), "domain"),
        (message("talent@careers.northwind.io"), "domain"),
        (message("noreply@gmail.com", reply_to=["hr@jobs.northwind.io"]), "domain"),
        (message("no-reply@hire.lever.co", subject="Your application to Northwind"), "ats"),
    ],
    ids=lambda v: v.sender.address if isinstance(v, Message) and v.sender else str(v),
)
def test_each_kind_of_evidence(msg: Message, evidence: str) -> None:
    found = only_northwind(msg)
    assert found is not None
    assert found.interview_id == 1
    assert found.evidence == evidence
    assert found.detail


@pytest.mark.parametrize(
    "msg",
    [
        message("talent@northwind.io.example.com"),
        message("talent@northwind-io.com"),
        message("talent@mynorthwind.io"),
        message("dana@northwind.com"),
        message("someone@gmail.com", subject="Northwind interview", text="Northwind rocks"),
        message("someone@gmail.com", in_reply_to="other@example.net"),
        message("no-reply@hire.lever.co", subject="Your application to Contoso"),
        message("no-reply@hire.lever.co.evil.example", subject="Your application to Northwind"),
        message(None, subject="Northwind"),
    ],
    ids=lambda m: m.sender.address if m.sender else "no sender",
)
def test_lookalikes_and_strangers_match_nothing(msg: Message) -> None:
    assert only_northwind(msg) is None


def test_evidence_names_are_ordered_by_specificity() -> None:
    assert EVIDENCE == ("person", "thread", "domain", "ats")


def test_a_delivery_report_never_matches() -> None:
    bounce = message(
        "mailer-daemon@northwind.io",
        in_reply_to="thanks-1@example.net",
        reply_to=["dana@northwind.io"],
        signals=[Signal.DELIVERY_REPORT],
    )
    assert only_northwind(bounce) is None


@pytest.mark.parametrize(
    ("msg", "evidence"),
    [
        (message(ME, to=["Dana Reyes <dana@northwind.io>"]), "person"),
        (message(ME, to=["someone@gmail.com"], cc=["sam.ortiz@talentfirm.com"]), "person"),
        (message("Alex <ALEX.WORK@example.org>", to=["talent@northwind.io"]), "domain"),
        (message(ME, to=["friend@gmail.com"], in_reply_to="thanks-1@example.net"), "thread"),
    ],
)
def test_the_users_own_mail_is_matched_by_its_recipients(msg: Message, evidence: str) -> None:
    found = only_northwind(msg)
    assert found is not None
    assert (found.interview_id, found.evidence) == (1, evidence)


def test_the_users_own_address_is_not_a_match_for_a_tracked_domain() -> None:
    # The user tracks their own employer's domain by mistake: their own mail to a friend is
    # not about the interview, and a message to themselves names nobody.
    mine = timeline(interview(2, "Example", domains=("example.net",)))
    assert match(message(ME, to=["friend@gmail.com"]), [mine], LEXICON, OWN) is None
    assert match(message(ME, to=[ME]), [mine], LEXICON, OWN) is None


def test_mail_from_the_interviewer_to_the_user_is_not_matched_by_its_recipients() -> None:
    other = timeline(interview(2, "Example", domains=("example.net",)))
    assert match(message("stranger@gmail.com", to=[ME]), [other], LEXICON, OWN) is None


# -- match: relays -----------------------------------------------------------------------------

COMPANIES = {
    10: "Umbrella Labs",
    11: "Société Générale",
    12: "Hooli",
    13: "Pied Piper",
    14: "Globex Corporation",
    15: "Initech Inc.",
    16: "Acme",
    17: "Stark Industries",
    18: "Müller GmbH",
    19: "McDonald's",
    20: "Globexico",
}
RELAY_TIMELINES = [timeline(interview(i, name)) for i, name in COMPANIES.items()]
BY_NAME = {name: i for i, name in COMPANIES.items()}

# (relay, sender, subject, body, company expected); every relay of the lexicon appears.
RELAY_CASES = [
    ("Greenhouse", "Umbrella Labs Hiring Team <no-reply@us.greenhouse-mail.io>", "Update", "",
     "Umbrella Labs"),
    ("Greenhouse", "Recruiting <no-reply@eu.greenhouse-mail.io>",
     "Thank you for applying to Societe Generale", "", "Société Générale"),
    ("Greenhouse", "notifications@greenhouse.io", "Interview confirmation",
     "Your interview with Hooli is confirmed.", "Hooli"),
    ("Lever", "Pied Piper <no-reply@hire.lever.co>", "Your application", "", "Pied Piper"),
    ("Workday", "Workday <globex@myworkday.com>", "Application received", "",
     "Globex Corporation"),
    ("Ashby", "Hooli Recruiting <no-reply@ashbyhq.com>", "Next steps", "", "Hooli"),
    ("SmartRecruiters", "jobs@smartrecruiters.com", "Your application at INITECH", "",
     "Initech Inc."),
    ("iCIMS", "Umbrella Labs @ icims <umbrellalabs+autoreply@talent.icims.com>", "Thanks", "",
     "Umbrella Labs"),
    ("iCIMS", "initech+autoreply@talent.icims.com", "Thanks", "", "Initech Inc."),
    ("Jobvite", "Acme Talent Team <notification@jobvite.com>", "Hi", "", "Acme"),
    ("Taleo", "no-reply@taleo.net", "Stark Industries - Application Status", "",
     "Stark Industries"),
    ("BambooHR", "Stark Industries <notifications@app.bamboohr.com>", "Hi", "",
     "Stark Industries"),
    ("Workable", "MÜLLER <noreply@candidates.workablemail.com>", "Ihre Bewerbung", "",
     "Müller GmbH"),
    ("JazzHR", "hr@applytojob.com", "Thank you for applying to Acme", "", "Acme"),
    ("Teamtailor", "noreply@pied-piper.teamtailor-mail.com", "Your application", "",
     "Pied Piper"),
    ("Comeet", "no-reply@hooli.comeet-notifications.com", "Interview", "", "Hooli"),
    ("Personio", "umbrella-labs-jobs@m.personio.de", "Ihre Bewerbung", "", "Umbrella Labs"),
    ("Indeed", "Indeed Apply <indeedapply@indeed.com>", "Indeed Application: Data Engineer",
     "The following items were sent to McDonalds. Good luck!", "McDonald's"),
    ("Calendly", "Calendly <notifications@calendly.com>",
     "Invitation: Acme technical interview", "", "Acme"),
    ("GoodTime", "Globex Recruiting <scheduling@goodtime.io>", "Your schedule", "",
     "Globex Corporation"),
    ("ModernLoop", "no-reply@modernloop.io", "Hooli interview schedule", "", "Hooli"),
    ("HackerRank", "Stark Industries via HackerRank <support@hackerrankforwork.com>", "Test",
     "", "Stark Industries"),
    ("HackerRank", "no-reply@hackerrank.com", "Pied Piper has invited you to a test", "",
     "Pied Piper"),
    ("CodeSignal", "noreply@codesignal.com", "Initech invited you to an assessment", "",
     "Initech Inc."),
    ("HireVue", "Umbrella Labs <noreply@hirevue.com>", "Your video interview", "",
     "Umbrella Labs"),
]  # fmt: skip

# (relay, sender, subject, body): naming no tracked company, or not really from the relay.
RELAY_MISSES = [
    ("Greenhouse", "Contoso Hiring Team <no-reply@us.greenhouse-mail.io>", "Update", ""),
    ("Greenhouse", "Umbrella Labs <no-reply@greenhouse-mail.io.example.com>", "Update", ""),
    ("Greenhouse", "Umbrella Labs <no-reply@greenhouse-mail.com>", "Update", ""),
    ("Lever", "Globe <no-reply@hire.lever.co>", "Your application", ""),
    ("Lever", "Pied Piper <no-reply@lever.co.example.net>", "Your application", ""),
    ("Workday", "contoso@myworkday.com", "Application received", "From Globex"),
    ("Workday", "globex@myworkday-mail.com", "Application received", ""),
    ("Ashby", "Contoso <no-reply@ashbyhq.com>", "Next steps", ""),
    ("SmartRecruiters", "jobs@smartrecruiters.com", "Your application at Initechnology", ""),
    ("iCIMS", "Contoso @ icims <contoso+autoreply@talent.icims.com>", "Thanks", "Hooli"),
    ("iCIMS", "initech+autoreply@icims.com", "Thanks", ""),
    ("Jobvite", "Acmetrix Talent <notification@jobvite.com>", "Hi", ""),
    ("Taleo", "no-reply@taleo.net.example.com", "Stark Industries - Application Status", ""),
    ("BambooHR", "Stark <notifications@app.bamboohr.com>", "Hi", ""),
    ("Workable", "Contoso <noreply@candidates.workablemail.com>", "Ihre Bewerbung", ""),
    ("JazzHR", "hr@applytojob.com", "Thank you for applying to Contoso", ""),
    ("Teamtailor", "noreply@pied-pipers.teamtailor-mail.com", "Your application", ""),
    ("Teamtailor", "noreply@teamtailor-mail.com.example.org", "Pied Piper", ""),
    ("Comeet", "no-reply@hoolix.comeet-notifications.com", "Interview", ""),
    ("Personio", "contoso-jobs@m.personio.de", "Ihre Bewerbung", ""),
    ("Indeed", "indeedapply@indeed.com", "Indeed Application: Data Engineer",
     "The following items were sent to Contoso. Good luck!"),
    ("Calendly", "notifications@calendly.com", "Invitation: Contoso interview", ""),
    ("GoodTime", "Contoso Recruiting <scheduling@goodtime.io>", "Your schedule", ""),
    ("ModernLoop", "no-reply@modernloop.io", "Contoso interview schedule", ""),
    ("HackerRank", "Contoso via HackerRank <support@hackerrankforwork.com>", "Test", ""),
    ("HackerRank", "no-reply@hackerrank.com.example.net", "Pied Piper invited you", ""),
    ("CodeSignal", "noreply@codesignal.com", "Contoso invited you to an assessment", ""),
    ("HireVue", "Contoso <noreply@hirevue.com>", "Your video interview", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("relay", "sender", "subject", "body", "company"), RELAY_CASES, ids=lambda v: str(v)[:30]
)
def test_a_relay_naming_a_tracked_company_matches_it(
    relay: str, sender: str, subject: str, body: str, company: str
) -> None:
    found = match(message(sender, subject, body), RELAY_TIMELINES, LEXICON, OWN)
    assert found is not None
    assert found.evidence == "ats"
    assert found.interview_id == BY_NAME[company]
    assert relay in found.detail


@pytest.mark.parametrize(
    ("relay", "sender", "subject", "body"), RELAY_MISSES, ids=lambda v: str(v)[:30]
)
def test_a_relay_naming_no_tracked_company_matches_nothing(
    relay: str, sender: str, subject: str, body: str
) -> None:
    assert match(message(sender, subject, body), RELAY_TIMELINES, LEXICON, OWN) is None


def test_every_relay_has_a_hit_and_a_miss() -> None:
    names = {relay.name for relay in LEXICON.ats}
    assert {case[0] for case in RELAY_CASES} == names
    assert {case[0] for case in RELAY_MISSES} == names


@pytest.mark.parametrize(
    ("company", "sender", "subject", "named"),
    [
        ("Globex", "Globex <no-reply@hire.lever.co>", "", True),
        ("Globex", "GLOBEX, Inc. <no-reply@hire.lever.co>", "", True),
        ("Globex", "no-reply@hire.lever.co", "Your Globexico application", False),
        ("Globex", "globexico@myworkday.com", "", False),
        ("Globex", "globex1@myworkday.com", "", True),
        ("Umbrella Labs", "umbrellalabs@myworkday.com", "", True),
        ("Umbrella Labs", "umbrella_labs@myworkday.com", "", True),
        ("Umbrella Labs", "Umbrella <no-reply@hire.lever.co>", "", True),
        ("Umbrella Labs", "UmbrellaLabs Recruiting <no-reply@hire.lever.co>", "", True),
        ("Umbrella", "umbrellalabs@myworkday.com", "", True),
        ("Umbrella", "umbrellacorp@myworkday.com", "", True),
        ("Umbrella", "umbrellas@myworkday.com", "", False),
        ("Initech Inc.", "no-reply@hire.lever.co", "initech: next steps", True),
        ("The Initech Company", "no-reply@hire.lever.co", "Initech", True),
        ("Société Générale", "no-reply@hire.lever.co", "SOCIETE-GENERALE", True),
        ("Société Générale", "no-reply@hire.lever.co", "Société", False),
        ("Müller GmbH & Co. KG", "Müller <no-reply@hire.lever.co>", "", True),
        ("Pied Piper", "piedpiper@myworkday.com", "", True),
        ("Pied Piper", "no-reply@hire.lever.co", "Piper", False),
        ("Pied Piper", "no-reply@hire.lever.co", "Pied", False),
        ("McDonald's", "McDonalds <no-reply@hire.lever.co>", "", True),
        ("Box", "no-reply@hire.lever.co", "Inbox zero at Dropbox", False),
    ],
)
def test_company_names_are_compared_normalised(
    company: str, sender: str, subject: str, named: bool
) -> None:
    found = match(message(sender, subject), [timeline(interview(5, company))], LEXICON, OWN)
    assert (found is not None) is named


def test_a_relay_looks_only_where_it_names_companies() -> None:
    # iCIMS and Workday name the company in the address, never in the body.
    umbrella = [timeline(interview(5, "Umbrella Labs"))]
    for sender in ("contoso+autoreply@talent.icims.com", "contoso@myworkday.com"):
        assert match(message(sender, "Hi", "Umbrella Labs"), umbrella, LEXICON, OWN) is None
    found = match(message("no-reply@hire.lever.co", "Hi", "Umbrella Labs"), umbrella, LEXICON, OWN)
    assert found is not None


def test_the_users_reply_to_a_relay_is_matched_by_the_relay() -> None:
    sent = message(ME, "Re: Your application to Hooli", to=["reply+abc@hire.lever.co"])
    found = match(sent, RELAY_TIMELINES, LEXICON, OWN)
    assert found is not None
    assert (found.interview_id, found.evidence) == (BY_NAME["Hooli"], "ats")


@pytest.mark.parametrize(
    ("sender", "subject", "body", "company"),
    [
        # Indeed names the company it sent the application to before the jobs it suggests.
        ("indeedapply@indeed.com", "Indeed Application: Data Engineer",
         "The following items were sent to Hooli.\n\nJobs you may like: Acme, Pied Piper",
         "Hooli"),
        ("indeedapply@indeed.com", "Indeed Application: Data Engineer",
         "The following items were sent to Pied Piper.\n\nJobs you may like: Hooli, Acme",
         "Pied Piper"),
        # The sender's name beats the subject, which beats the body.
        ("Acme Talent <no-reply@hire.lever.co>", "Our chat about Hooli", "Hi from Pied Piper",
         "Acme"),
        ("no-reply@hire.lever.co", "Your Hooli application", "Acme is mentioned first", "Hooli"),
    ],
)  # fmt: skip
def test_where_a_relay_names_a_company_orders_competing_companies(
    sender: str, subject: str, body: str, company: str
) -> None:
    found = match(message(sender, subject, body), RELAY_TIMELINES, LEXICON, OWN)
    assert found is not None
    assert found.interview_id == BY_NAME[company]


# -- match: competing interviews ---------------------------------------------------------------

ACME = interview(2, "Acme", domains=("acme.com",))


@pytest.mark.parametrize(
    ("timelines", "msg", "expected", "evidence"),
    [
        # person beats domain: Dana is Northwind's, but Acme tracks Dana's domain too.
        (
            [NORTHWIND_TIMELINE, timeline(replace(ACME, domains=("northwind.io",)))],
            message("dana@northwind.io"),
            1,
            "person",
        ),
        # thread beats domain.
        (
            [NORTHWIND_TIMELINE, timeline(ACME)],
            message("talent@acme.com", in_reply_to="thanks-1@example.net"),
            1,
            "thread",
        ),
        # domain (of a Reply-To) beats a relay naming another company.
        (
            [NORTHWIND_TIMELINE, timeline(ACME)],
            message("Acme <no-reply@hire.lever.co>", reply_to=["talent@northwind.io"]),
            1,
            "domain",
        ),
        # person (a Reply-To) beats a relay naming another company.
        (
            [NORTHWIND_TIMELINE, timeline(ACME)],
            message("Acme <no-reply@hire.lever.co>", reply_to=["dana@northwind.io"]),
            1,
            "person",
        ),
        # a relay naming a company beats someone tracking the relay's own domain.
        (
            [timeline(interview(3, "Greenhouse", domains=("greenhouse.io",))), timeline(ACME)],
            message("notifications@greenhouse.io", "Your interview with Acme"),
            2,
            "ats",
        ),
        # ...and that domain still counts when the relay names nobody tracked.
        (
            [timeline(interview(3, "Greenhouse", domains=("greenhouse.io",))), timeline(ACME)],
            message("notifications@greenhouse.io", "Your interview with Contoso"),
            3,
            "domain",
        ),
    ],
)
def test_the_more_specific_evidence_wins(
    timelines: list[Timeline], msg: Message, expected: int, evidence: str
) -> None:
    found = match(msg, timelines, LEXICON, OWN)
    assert found is not None
    assert (found.interview_id, found.evidence) == (expected, evidence)
    found = match(msg, list(reversed(timelines)), LEXICON, OWN)
    assert found is not None
    assert (found.interview_id, found.evidence) == (expected, evidence)


def northwind(id: int, days_ago: float, outcome: Outcome | None = None) -> Interview:
    return interview(id, "Northwind", domains=("northwind.io",),
                     at=AT - timedelta(days=days_ago), outcome=outcome)  # fmt: skip


@pytest.mark.parametrize(
    ("timelines", "expected"),
    [
        # an active interview beats a closed one, even one closer in time
        ([timeline(northwind(1, 30)), timeline(northwind(2, 1, Outcome.WITHDRAWN))], 1),
        # ...and one rejected by its last decisive reply
        (
            [
                timeline(northwind(1, 30)),
                timeline(northwind(2, 1), reply(2, ReplyKind.REJECTION, AT - timedelta(hours=2))),
            ],
            1,
        ),
        # an offer after a rejection reopens the process
        (
            [
                timeline(northwind(1, 30)),
                timeline(
                    northwind(2, 1),
                    reply(2, ReplyKind.REJECTION, AT - timedelta(hours=5)),
                    reply(2, ReplyKind.OFFER, AT - timedelta(hours=2)),
                ),
            ],
            2,
        ),
        # the interview closest before the message
        ([timeline(northwind(1, 30)), timeline(northwind(2, 3)), timeline(northwind(3, 9))], 2),
        # one that took place beats one to come
        ([timeline(northwind(1, -1)), timeline(northwind(2, 20))], 2),
        # among those to come, the soonest
        ([timeline(northwind(1, -10)), timeline(northwind(2, -2))], 2),
        # at equal distance, the highest id
        ([timeline(northwind(4, 3)), timeline(northwind(7, 3)), timeline(northwind(5, 3))], 7),
        # all closed: the same order among them
        (
            [
                timeline(northwind(1, 9, Outcome.REJECTED)),
                timeline(northwind(2, 3, Outcome.GHOSTED)),
            ],
            2,
        ),
    ],
)
def test_among_equal_evidence(timelines: list[Timeline], expected: int) -> None:
    for order in (timelines, list(reversed(timelines))):
        found = match(message("talent@northwind.io"), order, LEXICON, OWN)
        assert found is not None
        assert found.interview_id == expected


def test_no_timelines_no_match() -> None:
    assert match(message(), [], LEXICON, OWN) is None


TRACKED = [
    NORTHWIND_TIMELINE,
    timeline(ACME, Event(2, EventKind.REPLY, AT, message_id="acme-1@acme.com")),
    *RELAY_TIMELINES,
]
UNRELATED_DOMAINS = [d for t in TRACKED for d in t.interview.domains] + [
    d for relay in LEXICON.ats for d in relay.domains
]
KNOWN_PEOPLE = {p.address for t in TRACKED for p in t.interview.people}
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)
RANDOM_DOMAIN = st.lists(WORD, min_size=2, max_size=4).map(".".join)
RANDOM_ADDRESS = st.tuples(WORD, RANDOM_DOMAIN).map("@".join)
FREE_TEXT = st.lists(
    st.sampled_from([*COMPANIES.values(), "Northwind", "Acme", "interview", "offer", "next"])
    | st.text(max_size=12),
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    sender=RANDOM_ADDRESS,
    display=FREE_TEXT,
    subject=FREE_TEXT,
    body=FREE_TEXT,
    reply_to=st.lists(RANDOM_ADDRESS, max_size=2),
    thread=st.lists(st.text(min_size=1, max_size=20), max_size=3),
    from_user=st.booleans(),
)
def test_an_unrelated_domain_never_matches(
    sender: str,
    display: str,
    subject: str,
    body: str,
    reply_to: list[str],
    thread: list[str],
    from_user: bool,
) -> None:
    for addr in (sender, *reply_to):
        domain = addr.rpartition("@")[2]
        assume(not any(domain_matches(domain, known) for known in UNRELATED_DOMAINS))
        assume(addr not in KNOWN_PEOPLE)
    assume(not {"thanks-1@example.net", "acme-1@acme.com"} & set(thread))
    party = Address(display, sender)
    others = tuple(Address("", a) for a in reply_to)
    msg = replace(message(ME, subject, body), references=tuple(thread))
    if from_user:
        msg = replace(msg, to=(party,), cc=others)
    else:
        msg = replace(msg, sender=party, reply_to=others)
    assert match(msg, TRACKED, LEXICON, OWN) is None


# -- classify ----------------------------------------------------------------------------------


def kind_of(msg: Message) -> ReplyKind | None:
    return classify(msg, LEXICON).kind


# (language, text, expected): each pair of competing kinds, in each language.
PRECEDENCE = [
    ("en", "Thank you for applying. Unfortunately, we have decided to move forward with other "
     "candidates, although we were pleased to offer you a second interview.", "rejection"),
    ("en", "We have decided not to move forward. Your offer letter was sent by mistake.",
     "rejection"),
    ("en", "We are pleased to offer you the position! The offer letter follows the next round "
     "of paperwork.", "offer"),
    ("en", "Thanks for your application. We'd like to schedule a second interview.",
     "next_step"),
    ("en", "We received your application and will review it.", "acknowledgement"),
    ("fr", "Merci pour votre candidature. Malheureusement, nous ne pouvons pas donner suite, "
     "malgré votre deuxième entretien.", "rejection"),
    ("fr", "Nous avons décidé de ne pas donner suite à la proposition d'embauche.", "rejection"),
    ("fr", "Nous avons le plaisir de vous adresser une proposition d'embauche. Merci de nous "
     "indiquer vos disponibilités pour la signature.", "offer"),
    ("fr", "Nous avons bien reçu votre candidature et souhaitons planifier un deuxième "
     "entretien.", "next_step"),
    ("fr", "Nous avons bien reçu votre candidature.", "acknowledgement"),
    ("de", "Vielen Dank für Ihre Bewerbung. Leider müssen wir Ihnen mitteilen, dass wir Ihnen "
     "kein Vertragsangebot machen können.", "rejection"),
    ("de", "Absage: wir haben uns gegen ein zweites Gespräch entschieden.", "rejection"),
    ("de", "Anbei erhalten Sie unser Vertragsangebot. Für die Unterschrift nennen Sie uns bitte "
     "Ihre Verfügbarkeit.", "offer"),
    ("de", "Vielen Dank für Ihre Bewerbung. Wir möchten Sie zu einem zweiten Gespräch "
     "einladen.", "next_step"),
    ("de", "Eingangsbestätigung: Ihre Bewerbung ist bei uns eingegangen.", "acknowledgement"),
    ("es", "Gracias por tu candidatura. Lamentablemente hemos decidido no continuar, aunque "
     "valoramos la segunda entrevista.", "rejection"),
    ("es", "Hemos decidido seguir con otros candidatos y retirar la oferta formal.", "rejection"),
    ("es", "Nos complace ofrecerle el puesto. Indíquenos su disponibilidad para firmar.",
     "offer"),
    ("es", "Hemos recibido tu candidatura y queremos agendar una entrevista técnica.",
     "next_step"),
    ("es", "Hemos recibido tu candidatura.", "acknowledgement"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), PRECEDENCE, ids=lambda v: str(v)[:30])
def test_the_stronger_kind_wins_in_every_language(language: str, text: str, expected: str) -> None:
    result = classify(message(text=text), LEXICON)
    assert result.kind == ReplyKind(expected), result.reason
    assert result.reason.startswith(expected)


# (sender, subject, text, signals, kind, until) as recruiters write them; sent on Wed 25 Nov.
REALISTIC = [
    ("no-reply@us.greenhouse-mail.io", "Your application to Northwind",
     "Hi Alex,\n\nThank you for your interest in Northwind and for taking the time to speak "
     "with our team. After careful consideration, we've decided to move forward with "
     "candidates whose experience more closely aligns with our needs at this time.\n\nWe wish "
     "you the best in your search.\n\nNorthwind Recruiting",
     [Signal.MAILING_LIST, Signal.AUTO_SUBMITTED], ReplyKind.REJECTION, None),
    ("no-reply@hire.lever.co", "Thanks for applying to Acme",
     "Hi Alex, thanks for applying to Acme! Our team will review your application and if "
     "there's a match, we'll reach out to schedule a call.",
     [Signal.AUTO_SUBMITTED], ReplyKind.ACKNOWLEDGEMENT, None),
    ("dana@northwind.io", "Next steps",
     "Hi Alex,\n\nGreat news! The team enjoyed speaking with you and we'd like to invite you "
     "to a final round onsite. Could you share your availability for the week of December "
     "7?\n\nBest,\nDana", [], ReplyKind.NEXT_STEP, date(2026, 12, 7)),
    ("dana@northwind.io", "Re: Thank you",
     "Hi Alex, thanks for your note! The team is still meeting other candidates; we expect to "
     "make a decision by the end of next week.", [], ReplyKind.UPDATE, date(2026, 12, 4)),
    ("dana@northwind.io", "Re: Follow-up",
     "Hi Alex, apologies for the delay. We hope to have an update within two weeks.", [],
     ReplyKind.UPDATE, date(2026, 12, 9)),
    ("dana@northwind.io", "Re: Thank you",
     "Thanks Alex! Great to meet you too. We'll be in touch soon.", [], ReplyKind.UPDATE, None),
    ("dana@northwind.io", "Re: Thank you",
     "Hi Alex, we have decided to go with another candidate for this role.", [],
     ReplyKind.REJECTION, None),
    ("talent@northwind.io", "Offer",
     "Hi Alex, we're thrilled to extend you an offer for the Data Engineer role! Please review "
     "the attached offer letter.", [], ReplyKind.OFFER, None),
    ("recrutement@societe.fr", "Votre candidature",
     "Bonjour,\n\nNous vous remercions pour l'intérêt que vous portez à notre société. Après "
     "une étude attentive de votre candidature, nous sommes au regret de vous informer que "
     "nous ne pouvons pas y donner une suite favorable.", [], ReplyKind.REJECTION, None),
    ("jobs@mueller.de", "Ihre Bewerbung",
     "Sehr geehrter Herr Doe,\n\nvielen Dank für Ihr Interesse. Nach sorgfältiger Prüfung "
     "haben wir uns leider für eine andere Kandidatin entschieden.", [], ReplyKind.REJECTION,
     None),
    ("rrhh@empresa.es", "Tu candidatura",
     "Hola Alex, gracias por tu interés. Tras revisar tu perfil, hemos decidido seguir "
     "adelante con otros candidatos.", [], ReplyKind.REJECTION, None),
    ("notifications@calendly.com", "New Event: Alex Doe - 30 Minute Interview",
     "A new event has been scheduled. Event Type: 30 Minute Interview with Northwind. Date: "
     "Friday, December 4, 2026", [Signal.AUTO_SUBMITTED], ReplyKind.NEXT_STEP,
     date(2026, 12, 4)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sender", "subject", "text", "signals", "kind", "until"),
    REALISTIC,
    ids=lambda v: str(v)[:25],
)
def test_realistic_recruiter_mail(
    sender: str,
    subject: str,
    text: str,
    signals: list[Signal],
    kind: ReplyKind,
    until: date | None,
) -> None:
    result = classify(message(sender, subject, text, signals=signals), LEXICON)
    assert (result.kind, result.until) == (kind, until), result.reason


@pytest.mark.parametrize(
    ("text", "signals", "expected"),
    [
        ("If you are selected for an interview, we will contact you.", [], ReplyKind.UPDATE),
        (
            "Thank you for applying. If you are selected for a second interview, we will contact "
            "you.",
            [],
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            "Should your profile match, we'll reach out to schedule a call.",
            [Signal.AUTO_SUBMITTED],
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        ("If you have questions, tell me. We'd like to schedule a call.", [], ReplyKind.NEXT_STEP),
        ("If selected, you will receive an offer letter.", [], ReplyKind.UPDATE),
        (
            "If you are selected, unfortunately we will not be able to reimburse travel. "
            "We have decided to move forward with other candidates.",
            [],
            ReplyKind.REJECTION,
        ),
        (
            "Si votre candidature est retenue, nous vous proposerons un deuxième entretien.",
            [Signal.AUTO_SUBMITTED],
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            "Falls Sie in die engere Auswahl kommen, laden wir Sie zu einem zweiten Gespräch ein.",
            [],
            ReplyKind.UPDATE,
        ),
        ("Si su perfil encaja, le propondremos una segunda entrevista.", [], ReplyKind.UPDATE),
        (
            "Si su perfil encaja, le escribiremos.\n\nMientras tanto, ¿cuál es su disponibilidad "
            "para una segunda entrevista?",
            [],
            ReplyKind.NEXT_STEP,
        ),
    ],
    ids=lambda v: str(v)[:30],
)
def test_conditional_wording_is_no_next_step(
    text: str, signals: list[Signal], expected: ReplyKind
) -> None:
    result = classify(message(text=text, signals=signals), LEXICON)
    assert result.kind is expected, result.reason


def test_a_cancelled_next_step_is_explained() -> None:
    result = classify(message(text="If you are selected, we will schedule a call."), LEXICON)
    assert "'schedule a call' only 'if you are selected'" in result.reason


REQUEST = Invite("REQUEST", "uid-1", 0, AT + timedelta(days=5), None, (), None, "Interview")


@pytest.mark.parametrize(
    ("msg", "expected"),
    [
        (message(signals=[Signal.DELIVERY_REPORT], text="Unfortunately, we will not"), None),
        (message(signals=[Signal.MAILING_LIST], text="Join our second interview webinar"), None),
        (message(signals=[Signal.BULK], text="We have decided not to move forward"), None),
        (
            message(
                "Indeed <alert@indeed.com>",
                signals=[Signal.MAILING_LIST],
                text="New jobs at Northwind: schedule an interview today",
            ),
            None,
        ),
        (
            message(
                "no-reply@us.greenhouse-mail.io",
                signals=[Signal.MAILING_LIST],
                text="We have decided to move forward with other candidates.",
            ),
            ReplyKind.REJECTION,
        ),
        (
            message(
                "no-reply@hire.lever.co",
                signals=[Signal.MAILING_LIST, Signal.AUTO_SUBMITTED],
                text="Your profile was updated.",
            ),
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            message(
                "notifications@calendly.com",
                signals=[Signal.MAILING_LIST],
                subject="New event: Northwind",
            ),
            ReplyKind.NEXT_STEP,
        ),
        (
            message(signals=[Signal.OUT_OF_OFFICE], text="We'd like to schedule a call"),
            ReplyKind.AUTO_REPLY,
        ),
        (message(signals=[Signal.AUTO_REPLY, Signal.AUTO_SUBMITTED]), ReplyKind.AUTO_REPLY),
        (message(subject="Out of Office: Dana Reyes"), ReplyKind.AUTO_REPLY),
        (message(subject="Abwesenheitsnotiz: Dana Reyes"), ReplyKind.AUTO_REPLY),
        (
            message(signals=[Signal.AUTO_SUBMITTED], text="Your candidate profile is saved."),
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            message(signals=[Signal.AUTO_SUBMITTED], text="The position has been filled."),
            ReplyKind.REJECTION,
        ),
        (message(invite=REQUEST), ReplyKind.NEXT_STEP),
        (message(invite=REQUEST, text="Please find your offer letter attached."), ReplyKind.OFFER),
        (message(invite=REQUEST, text="We have decided not to move forward."), ReplyKind.REJECTION),
        (message(invite=replace(REQUEST, method="CANCEL")), ReplyKind.UPDATE),
        (message("notifications@calendly.com", "New event: Acme"), ReplyKind.NEXT_STEP),
        (message("no-reply@hackerrank.com", "Acme invited you"), ReplyKind.NEXT_STEP),
        (
            message("noreply@hirevue.com", "Acme", "The position has been filled."),
            ReplyKind.REJECTION,
        ),
        (message(text="Great talking to you! Let me check with the team."), ReplyKind.UPDATE),
        (message(None, text="Hello"), ReplyKind.UPDATE),
    ],
    ids=lambda v: (
        (v.subject + " " + ",".join(sorted(v.signals)) + v.text[:20])
        if isinstance(v, Message)
        else str(v)
    ),
)
def test_signals_relays_and_invitations(msg: Message, expected: ReplyKind | None) -> None:
    result = classify(msg, LEXICON)
    assert result.kind is expected, result.reason
    if expected is None:
        assert result.reason.split(":")[0] in ("bounce", "bulk")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unfortunately I have to move our call to Thursday.", ReplyKind.UPDATE),
        ("We are pleased to offer you an interview with the team.", ReplyKind.NEXT_STEP),
        ("Merci pour votre candidature à notre offre d'emploi.", ReplyKind.ACKNOWLEDGEMENT),
        ("Vielen Dank für Ihre Bewerbung auf unser Stellenangebot.", ReplyKind.ACKNOWLEDGEMENT),
        ("Gracias por postularte a nuestra oferta de trabajo.", ReplyKind.ACKNOWLEDGEMENT),
        ("Terminabsage: können wir den Termin verschieben?", ReplyKind.UPDATE),
        ("We are still meeting other candidates and will decide next week.", ReplyKind.UPDATE),
        ("Nous rencontrons d'autres candidats cette semaine.", ReplyKind.UPDATE),
        ("Seguimos entrevistando a otros candidatos.", ReplyKind.UPDATE),
        ("We wish you success in your job search.", ReplyKind.REJECTION),
    ],
)
def test_wording_that_misleads_a_naive_reader(text: str, expected: ReplyKind) -> None:
    assert kind_of(message(text=text)) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Sounds good, talk soon.\n\n> Unfortunately, we have decided to move forward with "
        "other candidates.\n> Best, Dana",
        "Sounds good, talk soon.\n\nOn Mon, Nov 23, 2026 at 10:00 AM Dana Reyes\n"
        "<dana@northwind.io> wrote:\nWe have decided not to move forward.",
        "Sounds good.\n\nLe lun. 23 nov. 2026 à 10:00, Dana a écrit :\nNous avons décidé de "
        "ne pas donner suite.",
        "Sounds good.\n\nAm 23.11.2026 um 10:00 schrieb Dana Reyes <dana@northwind.io>:\nAbsage",
        "Sounds good.\n\nEl lun, 23 nov 2026 a las 10:00, Dana escribió:\nNo continuar.",
        "Sounds good.\n\n-----Original Message-----\nThe position has been filled.",
        "Sounds good.\n\nFrom: Dana Reyes <dana@northwind.io>\nSent: Monday\n"
        "The position has been filled.",
    ],
)
def test_quoted_text_is_not_read(text: str) -> None:
    assert kind_of(message(text=text)) is ReplyKind.UPDATE


def test_own_text_keeps_what_the_author_wrote() -> None:
    assert own_text("Hi\n> quoted\nBye") == "Hi\nBye"
    assert own_text("Top\nOn Tue, Dana wrote:\nbelow") == "Top"
    assert own_text("Nothing quoted") == "Nothing quoted"


def test_phrases_wrapped_across_lines_still_match() -> None:
    text = "Thank you for your time. We have decided to move\nforward with other\ncandidates."
    assert kind_of(message(text=text)) is ReplyKind.REJECTION


def test_the_subject_is_read_too() -> None:
    assert kind_of(message(subject="Offer letter - Data Engineer")) is ReplyKind.OFFER
    assert kind_of(message(subject="Absage")) is ReplyKind.REJECTION


# -- until -------------------------------------------------------------------------------------

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll get back to you by December 4.", date(2026, 12, 4)),
        ("We'll decide by Dec. 4th, 2026.", date(2026, 12, 4)),
        ("Expect news by the 4th of December.", date(2026, 12, 4)),
        ("Expect news by 4 December.", date(2026, 12, 4)),
        ("Nous reviendrons vers vous le 4 décembre.", date(2026, 12, 4)),
        ("Wir melden uns bis zum 4. Dezember 2026.", date(2026, 12, 4)),
        ("Le responderemos el 4 de diciembre de 2026.", date(2026, 12, 4)),
        ("The panel meets on 2026-12-04.", date(2026, 12, 4)),
        ("The panel meets 2026-12-04T10:00+01:00.", date(2026, 12, 4)),
        ("By the end of next week we'll know.", date(2026, 12, 4)),
        ("We'll know by the end of the week.", date(2026, 11, 27)),
        ("We'll know later this week.", date(2026, 11, 27)),
        ("We'll know sometime this week.", date(2026, 11, 27)),
        ("We'll get back to you next week.", date(2026, 12, 4)),
        ("You'll hear from us early next week.", date(2026, 12, 1)),
        ("You'll hear from us at the beginning of next week.", date(2026, 11, 30)),
        ("You'll hear from us mid-next week.", date(2026, 12, 2)),
        ("Expect an answer within two weeks.", date(2026, 12, 9)),
        ("Expect an answer in a week or two.", date(2026, 12, 9)),
        ("Expect an answer in 1-2 weeks.", date(2026, 12, 9)),
        ("Expect an answer within 3 business days.", date(2026, 11, 30)),
        ("Expect an answer in the next few days.", date(2026, 11, 28)),
        ("Expect an answer within a month.", date(2026, 12, 25)),
        ("We will decide by Friday.", date(2026, 11, 27)),
        ("We will decide by Wednesday.", date(2026, 12, 2)),
        ("We will decide this Wednesday.", date(2026, 11, 25)),
        ("We will decide next Monday.", date(2026, 11, 30)),
        ("Can you talk on Friday, December 11?", date(2026, 12, 11)),
        ("I'll send the details tomorrow.", date(2026, 11, 26)),
        ("I'll confirm by end of day.", date(2026, 11, 25)),
        ("We'll decide by the end of the month.", date(2026, 11, 30)),
        ("We'll decide early next month.", date(2026, 12, 7)),
        ("We'll decide next month.", date(2026, 12, 31)),
        ("Nous reviendrons vers vous la semaine prochaine.", date(2026, 12, 4)),
        ("Nous reviendrons vers vous d'ici deux semaines.", date(2026, 12, 9)),
        ("Nous reviendrons vers vous d'ici la fin de la semaine.", date(2026, 11, 27)),
        ("Wir melden uns nächste Woche.", date(2026, 12, 4)),
        ("Wir melden uns bis Ende nächster Woche.", date(2026, 12, 4)),
        ("Wir melden uns innerhalb von zwei Wochen.", date(2026, 12, 9)),
        ("Le escribiremos la próxima semana.", date(2026, 12, 4)),
        ("Le escribiremos en dos semanas.", date(2026, 12, 9)),
        # The first date not in the past counts.
        ("Thanks for the interview on November 20. We'll decide by December 2.", date(2026, 12, 2)),
        ("We'll decide by Friday; the onsite would be on December 20.", date(2026, 11, 27)),
        # Nothing usable.
        ("At the end of the day, we want the best fit.", None),
        ("Thanks for meeting us this week.", None),
        ("We met on November 20.", None),
        ("The role starts on March 1.", None),
        ("Please reply by 12/04.", None),
        ("We talked about 2026 plans.", None),
        ("Great talking to you!", None),
    ],
)
def test_named_dates(text: str, expected: date | None) -> None:
    assert named_date(text, WEDNESDAY) == expected


def test_a_date_without_a_year_is_the_next_one() -> None:
    assert named_date("by January 8", date(2026, 12, 20)) == date(2027, 1, 8)
    assert named_date("by February 30", date(2026, 12, 20)) is None
    assert named_date("by 2026-02-30", date(2026, 1, 20)) is None


def test_dates_beyond_the_horizon_are_ignored() -> None:
    assert named_date("within 3 months", WEDNESDAY) == date(2027, 2, 25)
    assert named_date("within 4 months", WEDNESDAY) is None
    assert timedelta(days=90) <= HORIZON


@pytest.mark.parametrize(
    ("text", "kind", "until"),
    [
        (
            "Let me check with the team; we'll get back to you by next Friday.",
            ReplyKind.UPDATE,
            date(2027, 1, 8),
        ),
        (
            "We'd like to schedule a second interview early next week.",
            ReplyKind.NEXT_STEP,
            date(2027, 1, 5),
        ),
        ("We have decided not to move forward; feedback by Friday.", ReplyKind.REJECTION, None),
        ("Your offer letter will follow by Friday.", ReplyKind.OFFER, None),
        (
            "We received your application and will reply within two weeks.",
            ReplyKind.ACKNOWLEDGEMENT,
            None,
        ),
    ],
)
def test_until_is_relative_to_the_message_date(
    text: str, kind: ReplyKind, until: date | None
) -> None:
    # A Wednesday in another year than the other tests: the clock is never read.
    msg = message(text=text, at=datetime(2026, 12, 30, 9, 0, tzinfo=UTC))
    result = classify(msg, LEXICON)
    assert (result.kind, result.until) == (kind, until)


def test_today_overrides_the_message_date() -> None:
    # 23:30 in New York on Thursday is already Friday in Paris.
    late = datetime(2026, 11, 26, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    msg = message(text="We'll get back to you tomorrow.", at=late)
    assert classify(msg, LEXICON).until == date(2026, 11, 27)
    local = late.astimezone(TZ).date()
    assert classify(msg, LEXICON, today=local).until == date(2026, 11, 28)


def test_a_classification_is_a_value() -> None:
    result = classify(message(text="Great talking to you!"), LEXICON)
    assert result == Classification(ReplyKind.UPDATE, None, result.reason)


# -- classify_sent -----------------------------------------------------------------------------

INTERVIEW_AT = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
SENT_INTERVIEW = interview(1, "Northwind", at=INTERVIEW_AT, interviewers=(DANA,))
THREE_DAYS = timedelta(days=3)


def sent(text: str, after: timedelta, subject: str = "Data Engineer interview") -> Message:
    return message(ME, subject, text, at=INTERVIEW_AT + after, to=["dana@northwind.io"])


@pytest.mark.parametrize(
    ("msg", "events", "expected"),
    [
        (sent("Thank you for your time!", -timedelta(hours=1)), (), None),
        (sent("Looking forward to it.", -timedelta(days=2)), (), None),
        (sent("Thank you for your time today!", timedelta(hours=2)), (), ActionKind.THANK_YOU),
        (sent("Merci pour cet échange.", timedelta(days=1)), (), ActionKind.THANK_YOU),
        (sent("Vielen Dank für das Gespräch.", timedelta(days=1)), (), ActionKind.THANK_YOU),
        (sent("Muchas gracias por la entrevista.", timedelta(days=2)), (), ActionKind.THANK_YOU),
        (sent("Hi Dana", timedelta(hours=3), subject="Thanks!"), (), ActionKind.THANK_YOU),
        (sent("Thanks again, any news?", timedelta(days=4)), (), ActionKind.FOLLOW_UP),
        (sent("Any news on the role?", timedelta(hours=5)), (), ActionKind.FOLLOW_UP),
        (sent("Any news?", timedelta(days=8)), (), ActionKind.FOLLOW_UP),
        (
            sent("Sounds good.", timedelta(hours=5), subject="Re: Thanks for interviewing"),
            (),
            ActionKind.FOLLOW_UP,
        ),
        (
            sent("Sounds good.\n> Thank you for your time", timedelta(hours=5)),
            (),
            ActionKind.FOLLOW_UP,
        ),
        (
            sent("Thank you for letting me know, please keep me in mind.", timedelta(days=6)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(days=5)),),
            ActionKind.GRACEFUL_CLOSE,
        ),
        (
            sent("Thanks for the quick answer!", timedelta(days=1)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(hours=20)),),
            ActionKind.GRACEFUL_CLOSE,
        ),
        (
            sent("Could you share feedback?", timedelta(days=6)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(days=5)),),
            ActionKind.FOLLOW_UP,
        ),
        (
            sent("Thank you!", timedelta(days=1)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(days=5)),),
            ActionKind.THANK_YOU,
        ),
    ],
    ids=lambda v: v.text[:25] if isinstance(v, Message) else str(v)[:20],
)
def test_the_users_own_mail(
    msg: Message, events: tuple[Event, ...], expected: ActionKind | None
) -> None:
    result = classify_sent(
        msg, timeline(SENT_INTERVIEW, *events), LEXICON, thank_you_until=THREE_DAYS
    )
    assert result is expected


def test_the_thank_you_window_is_an_argument() -> None:
    late = sent("Thank you for your time!", timedelta(days=2))
    item = timeline(SENT_INTERVIEW)
    assert classify_sent(late, item, LEXICON, thank_you_until=THREE_DAYS) is ActionKind.THANK_YOU
    one_day = timedelta(days=1)
    assert classify_sent(late, item, LEXICON, thank_you_until=one_day) is ActionKind.FOLLOW_UP
