"""Synthetic mail for the benchmark: a job seeker's mailbox, made fast from templates.

Every message carries ``X-Watcher-Test: synthetic``; every company, person and address is
fictional (reserved example domains), except the relay domains of the applicant-tracking
systems, job boards and schedulers that watcher knows (watcher/data/ats.toml).

The scenario: Alex Example <alex@example.com> interviewed with four companies in November 2026
(Northwind, Globex, Initech, Umbrella Labs); "now" is :data:`NOW`. The mailbox holds:

- :func:`recruiter_inbox`: a few dozen recruiter messages dated in the last three weeks
  (scheduling threads, scheduler invitations, ATS acknowledgements, replies to thank-you notes,
  an out-of-office, a rejection, an update, a next step), a newsletter from a tracked domain,
  ATS mail about companies nobody tracks, a lookalike domain, and daily job alerts from a job
  board for the last three months. The same set goes into every mailbox size, so a small and a
  large mailbox must give the same first check.
- :func:`noise`: unrelated mail spread over the last two years (newsletters, colleagues, shops,
  notifications, friends; a few with PDF attachments), none from or to a searched term, except
  the shop of a tracked company: one message in ten (:data:`TRACKED_SHARE`) comes from
  Northwind's own online shop at ``shop.northwind.example`` (the candidate buys from the company
  they interview with: order confirmations, shipping notices, newsletters, account alerts).
  Its domain makes every such message a candidate whose body is read, and it is all automatic
  list mail (``List-Unsubscribe``), so the judgment records no event for it.
- :func:`sent_folder`: the user's replies and thank-you notes, among a few hundred other sent
  messages.
- :func:`new_mail`: batches of ten new messages, two of them relevant, for the "new mail" check.

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import base64
import heapq
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime, formataddr
from typing import Any

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
"""The fixed moment of every check (``--now``): Wednesday 25 November 2026, noon in Los Angeles."""
NOW_ARG = "2026-11-25T20:00:00+00:00"
TIMEZONE = "America/Los_Angeles"
USER_NAME = "Alex Example"
USER = "alex@example.com"
HISTORY = timedelta(days=730)
"""Unrelated mail is spread over this long before :data:`NOW`."""
UNREAD_AFTER = NOW - timedelta(days=3)
"""Mail newer than this is unread (no \\Seen flag); older mail has been read."""


@dataclass(frozen=True)
class Interview:
    company: str
    role: str
    at: str
    format: str
    interviewers: tuple[str, ...]
    contacts: tuple[str, ...]
    domains: tuple[str, ...]


INTERVIEWS = (
    Interview(
        "Northwind",
        "Data Engineer",
        "2026-11-10T18:00:00+00:00",
        "video",
        ("Dana Reyes <dana@northwind.example>", "Sam Ito <sam@northwind.example>"),
        ("Rita Recruiter <rita@northwind.example>",),
        ("northwind.example",),
    ),
    Interview(
        "Globex",
        "Backend Developer",
        "2026-11-12T17:00:00+00:00",
        "video",
        ("Hank Scorpio <hank.scorpio@globex.example>",),
        ("Gina Moreau <gina.moreau@globex.example>",),
        ("globex.example",),
    ),
    Interview(
        "Initech",
        "Platform Engineer",
        "2026-11-17T16:00:00+00:00",
        "phone",
        ("Bill Lumbergh <bill.lumbergh@initech.example>",),
        ("Lucía Fernández <lucia.fernandez@initech.example>",),
        ("initech.example",),
    ),
    Interview(
        "Umbrella Labs",
        "ML Engineer",
        "2026-11-19T18:00:00+00:00",
        "onsite",
        ("Albert Wesker <albert.wesker@umbrella-labs.example>",),
        ("Jana Becker <jana.becker@umbrella-labs.example>",),
        ("umbrella-labs.example",),
    ),
)


def track_args(interview: Interview) -> list[str]:
    """The ``watcher track add`` arguments that create ``interview``."""
    args = [
        "--company",
        interview.company,
        "--role",
        interview.role,
        "--at",
        interview.at,
        "--format",
        interview.format,
    ]
    for person in interview.interviewers:
        args += ["--interviewer", person]
    for person in interview.contacts:
        args += ["--contact", person]
    for domain in interview.domains:
        args += ["--domain", domain]
    return args


# ---------------------------------------------------------------------------------------------
# Building one message.

_ALEX = formataddr((USER_NAME, USER))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _subject(text: str) -> str:
    return text if text.isascii() else Header(text, "utf-8").encode()


def _addr(text: str) -> str:
    """'Name <address>' (or a bare address) as a header value, the name RFC 2047-encoded."""
    if "<" not in text:
        return text
    name, _, rest = text.partition("<")
    return formataddr((name.strip(), rest.rstrip(">").strip()), "utf-8")


def message(
    when: datetime,
    sender: str,
    to: str,
    subject: str,
    body: str,
    *,
    mid: str,
    html: str | None = None,
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    extra: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """Return an RFC 5322 message: text/plain, or multipart/alternative when ``html`` is given
    (``body`` empty and ``html`` given: text/html alone)."""
    lines = [
        f"From: {_addr(sender)}",
        f"To: {_addr(to)}",
        f"Subject: {_subject(subject)}",
        f"Date: {format_datetime(when)}",
        f"Message-ID: <{mid}>",
    ]
    if in_reply_to:
        lines.append(f"In-Reply-To: <{in_reply_to}>")
        refs = (*references, in_reply_to)
        lines.append("References: " + " ".join(f"<{r}>" for r in dict.fromkeys(refs)))
    lines += [f"{name}: {value}" for name, value in extra]
    lines += ["MIME-Version: 1.0", "X-Watcher-Test: synthetic"]
    if html is None:
        lines += [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            body,
        ]
    elif not body:
        lines += [
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            html,
        ]
    else:
        boundary = f"=_alt_{mid.split('@')[0][-12:]}"
        lines += [
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
            f"--{boundary}",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            body,
            f"--{boundary}",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            html,
            f"--{boundary}--",
            "",
        ]
    return "\n".join(lines).encode("utf-8")


def _html(title: str, paragraphs: list[str], footer: str) -> str:
    inner = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>' + title + "</title>"
        "<style>body{font-family:Helvetica,Arial,sans-serif;color:#333}"
        ".footer{font-size:11px;color:#999}</style></head>\n<body>\n"
        '<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">\n'
        '<table width="600" cellpadding="24" cellspacing="0"><tr><td>\n'
        f'{inner}\n<p class="footer">{footer}</p>\n</td></tr></table>\n</td></tr></table>\n'
        "</body></html>"
    )


# ---------------------------------------------------------------------------------------------
# The recruiter mail: the same few dozen messages in every mailbox size.

_BOTS = ("Auto-Submitted", "auto-generated")
_SIGN_RITA = "\n\nBest,\nRita Recruiter\nTalent Acquisition, Northwind"


def _recruiter() -> list[tuple[str, datetime, bytes]]:
    """(folder, date, message) for the interview mail, inbound and sent."""
    m: list[tuple[str, datetime, bytes]] = []

    def inbox(when: str, *args: str, **kw: Any) -> None:
        at = _utc(when)
        m.append(("INBOX", at, message(at, *args, **kw)))

    def sent(when: str, to: str, subject: str, body: str, **kw: Any) -> None:
        at = _utc(when)
        signed = body + "\n\nBest regards,\nAlex Example\n"
        m.append(("Sent", at, message(at, _ALEX, to, subject, signed, **kw)))

    rita, dana, sam = (
        "Rita Recruiter <rita@northwind.example>",
        "Dana Reyes <dana@northwind.example>",
        "Sam Ito <sam@northwind.example>",
    )
    subj = "Northwind: interview for the Data Engineer role"
    inbox(
        "2026-11-04T17:12:44",
        rita,
        _ALEX,
        subj,
        "Hi Alex,\n\nThank you for applying to Northwind. The team would like to meet you for "
        "a video interview with Dana Reyes and Sam Ito next week. Could you share a few times "
        "that work for you between Monday and Wednesday?" + _SIGN_RITA,
        mid="20261104171244.rita.4411@northwind.example",
    )
    sent(
        "2026-11-04T19:40:00",
        rita,
        "Re: " + subj,
        "Hi Rita,\n\nThank you! Tuesday November 10 at 10:00 am PT or any time on Wednesday "
        "morning would work for me.",
        mid="nw1.reply.20261104@example.com",
        in_reply_to="20261104171244.rita.4411@northwind.example",
    )
    inbox(
        "2026-11-05T16:03:10",
        rita,
        _ALEX,
        "Re: " + subj,
        "Hi Alex,\n\nGreat, Tuesday November 10 at 10:00 am PT it is. You will receive a "
        "calendar invitation shortly." + _SIGN_RITA,
        mid="20261105160310.rita.4502@northwind.example",
        in_reply_to="nw1.reply.20261104@example.com",
        references=("20261104171244.rita.4411@northwind.example",),
    )
    inbox(
        "2026-11-05T16:10:31",
        "Rita Recruiter via GoodTime <scheduling@goodtime.io>",
        _ALEX,
        "Interview confirmed: Northwind – Data Engineer",
        "Hi Alex,\n\nYour interview with Northwind is confirmed: Tuesday, November 10, 2026, "
        "10:00 - 11:00 am PT, with Dana Reyes and Sam Ito, on video.\n\nNeed to reschedule? "
        "Reply to this email.\n\nGoodTime on behalf of Northwind",
        mid="gt.5b1e2c7a-11f0-4a55-9a3e-1c2f0d7e8a01@goodtime.io",
        extra=(("Reply-To", "rita@northwind.example"),),
    )
    inbox(
        "2026-11-09T18:00:00",
        "GoodTime <scheduling@goodtime.io>",
        _ALEX,
        "Reminder: your interview with Northwind tomorrow",
        "Hi Alex,\n\nThis is a reminder of your interview with Northwind tomorrow at 10:00 am "
        "PT. Join from your calendar invitation.\n\nGoodTime on behalf of Northwind",
        mid="gt.reminder.7d3c-44aa@goodtime.io",
        extra=(_BOTS,),
    )
    for who, name, mid in (
        (dana, "Dana", "ty.dana.20261110@example.com"),
        (sam, "Sam", "ty.sam.20261110@example.com"),
    ):
        sent(
            "2026-11-10T21:30:00" if name == "Dana" else "2026-11-10T21:36:00",
            who,
            "Thank you – Data Engineer interview",
            f"Dear {name},\n\nThank you for taking the time to speak with me today about the "
            "Data Engineer role. I especially enjoyed our conversation about the streaming "
            "pipeline migration, and it confirmed my interest in joining the team.",
            mid=mid,
        )
    inbox(
        "2026-11-10T21:30:05",
        dana,
        _ALEX,
        "Automatic reply: Thank you – Data Engineer interview",
        "I am out of the office until Monday, November 16, with limited access to email. "
        "For urgent matters, please contact Rita Recruiter.",
        mid="oof.dana.20261110213005@northwind.example",
        in_reply_to="ty.dana.20261110@example.com",
        extra=(("Auto-Submitted", "auto-replied"),),
    )
    inbox(
        "2026-11-11T15:22:00",
        sam,
        _ALEX,
        "Re: Thank you – Data Engineer interview",
        "Hi Alex,\n\nThanks, it was great to meet you too. Rita will be in touch about next "
        "steps.\n\nSam",
        mid="20261111152200.sam.77@northwind.example",
        in_reply_to="ty.sam.20261110@example.com",
    )
    inbox(
        "2026-11-13T17:45:00",
        rita,
        _ALEX,
        "Northwind: an update on your application",
        "Hi Alex,\n\nThe team is still meeting candidates this week. We expect to have "
        "feedback for you by the end of next week, and I will write as soon as I know more."
        + _SIGN_RITA,
        mid="20261113174500.rita.4688@northwind.example",
    )
    news = _html(
        "Northwind Engineering Digest",
        [
            "What we shipped in November: the new streaming platform, faster dashboards.",
            "We are hiring! See the open roles on our careers page.",
        ],
        "Northwind Inc.",
    )
    inbox(
        "2026-11-15T14:00:00",
        "Northwind Engineering <news@northwind.example>",
        USER,
        "Northwind Engineering Digest – November",
        "",
        html=news,
        mid="digest.2026-11@news.northwind.example",
        extra=(
            ("List-Id", "Northwind Digest <digest.northwind.example>"),
            ("List-Unsubscribe", "<https://northwind.example/unsubscribe>"),
            ("Precedence", "bulk"),
        ),
    )
    final = "Northwind: next steps – final round"
    inbox(
        "2026-11-20T18:05:00",
        rita,
        _ALEX,
        final,
        "Hi Alex,\n\nThank you for your patience. The team enjoyed meeting you, and we would "
        "like to invite you to a final round with our VP of Engineering. Could you send me "
        "your availability for next week?" + _SIGN_RITA,
        mid="20261120180500.rita.4901@northwind.example",
    )
    sent(
        "2026-11-20T20:10:00",
        rita,
        "Re: " + final,
        "Hi Rita,\n\nWonderful news, thank you! Monday or Tuesday afternoon next week works.",
        mid="nw.final.reply.20261120@example.com",
        in_reply_to="20261120180500.rita.4901@northwind.example",
    )
    inbox(
        "2026-11-21T16:30:00",
        "Rita Recruiter via GoodTime <scheduling@goodtime.io>",
        _ALEX,
        "Interview confirmed: Northwind – Data Engineer, final round",
        "Hi Alex,\n\nYour final round with Northwind is confirmed: Tuesday, December 1, 2026, "
        "1:00 - 2:00 pm PT, on video.\n\nGoodTime on behalf of Northwind",
        mid="gt.9a7e1f02-33c1-4d0b-8c3e-5d2f0d7e8b77@goodtime.io",
        extra=(("Reply-To", "rita@northwind.example"),),
    )

    gina, hank = (
        "Gina Moreau <gina.moreau@globex.example>",
        "Hank Scorpio <hank.scorpio@globex.example>",
    )
    greenhouse = "Globex Hiring Team <no-reply@us.greenhouse-mail.io>"
    inbox(
        "2026-11-03T10:02:00",
        greenhouse,
        USER,
        "Thank you for applying to Globex",
        "",
        html=_html(
            "Globex",
            [
                "Hi Alex,",
                "Thank you for applying to the Backend Developer "
                "position at Globex. Our team will review your application.",
            ],
            "Powered by Greenhouse",
        ),
        mid="0100018c1a2bb001.greenhouse.5101@us.greenhouse-mail.io",
        extra=(_BOTS,),
    )
    gsubj = "Globex – Backend Developer interview"
    inbox(
        "2026-11-06T17:20:00",
        gina,
        _ALEX,
        gsubj,
        "Bonjour Alex,\n\nThank you for your interest in Globex. We would like to schedule a "
        "one-hour video interview with Hank Scorpio. Please pick a time with the link that "
        "follows.\n\nGina Moreau\nRecrutement, Globex",
        mid="CAGlobex20261106172000.gina@globex.example",
    )
    sent(
        "2026-11-06T18:00:00",
        gina,
        "Re: " + gsubj,
        "Hi Gina,\n\nThank you, I have booked Thursday November 12 at 9:00 am PT.",
        mid="globex.reply.20261106@example.com",
        in_reply_to="CAGlobex20261106172000.gina@globex.example",
    )
    inbox(
        "2026-11-06T18:01:00",
        "Calendly <notifications@calendly.com>",
        USER,
        "New Event: Alex Example – Globex Backend Developer interview",
        "Hi Alex,\n\nA new event has been scheduled.\nEvent type: Globex Backend Developer "
        "interview\nInvitee: Alex Example\nDate: Thursday, November 12, 2026, 9:00am PST\n",
        mid="calendly.4f1c9a.20261106180100@calendly.com",
        extra=(_BOTS,),
    )
    inbox(
        "2026-11-11T16:00:00",
        gina,
        _ALEX,
        "Reminder: Globex interview tomorrow",
        "Hi Alex,\n\nA quick reminder of your interview with Hank tomorrow at 9:00 am PT. "
        "Good luck!\n\nGina",
        mid="CAGlobex20261111160000.gina@globex.example",
    )
    sent(
        "2026-11-12T19:10:00",
        hank,
        "Thank you – Backend Developer interview",
        "Dear Hank,\n\nThank you for the conversation today about the Backend Developer role "
        "and the payments platform.",
        mid="ty.hank.20261112@example.com",
    )
    inbox(
        "2026-11-12T22:40:00",
        hank,
        _ALEX,
        "Re: Thank you – Backend Developer interview",
        "Thank you Alex, I enjoyed it too.\n\nHank",
        in_reply_to="ty.hank.20261112@example.com",
        mid="CAGlobex20261112224000.hank@globex.example",
    )
    inbox(
        "2026-11-20T18:03:10",
        greenhouse,
        USER,
        "Your application to Globex",
        "",
        html=_html(
            "Your application to Globex",
            [
                "Hi Alex,",
                "Thank you for your interest in Globex and for the time you spent "
                "interviewing with our team for the Backend Developer position.",
                "After careful consideration, we have decided to move forward with other "
                "candidates whose experience more closely matches the needs of the role.",
                "Best regards,<br>Globex Hiring Team",
            ],
            "Powered by Greenhouse",
        ),
        mid="0100018c3f2ab7e2.greenhouse.5511@us.greenhouse-mail.io",
    )

    lucia, bill = (
        "Lucía Fernández <lucia.fernandez@initech.example>",
        "Bill Lumbergh <bill.lumbergh@initech.example>",
    )
    lever = "Initech Talent Team <no-reply@hire.lever.co>"
    inbox(
        "2026-11-07T09:15:00",
        lever,
        _ALEX,
        "Thanks for applying to Initech",
        "Hi Alex,\n\nThanks for applying to the Platform Engineer role at Initech. We have "
        "received your application and will be in touch.\n\nInitech Talent Team",
        mid="lever.1a2b3c4d5e6f.ack@hire.lever.co",
        extra=(_BOTS,),
    )
    isubj = "Initech – Platform Engineer: phone interview"
    inbox(
        "2026-11-10T15:40:00",
        lucia,
        _ALEX,
        isubj,
        "Hola Alex,\n\nThank you for applying to Initech. Would you be available for a "
        "45-minute phone interview with Bill Lumbergh on Tuesday November 17 at 8:00 am PT?"
        "\n\nSaludos,\nLucía Fernández",
        mid="initech.20261110154000.lucia@initech.example",
    )
    sent(
        "2026-11-10T17:00:00",
        lucia,
        "Re: " + isubj,
        "Hola Lucía,\n\nYes, Tuesday at 8:00 am PT works well for me.",
        mid="initech.reply.20261110@example.com",
        in_reply_to="initech.20261110154000.lucia@initech.example",
    )
    inbox(
        "2026-11-11T12:00:00",
        "Initech via HackerRank <support@hackerrankforwork.com>",
        USER,
        "Initech has invited you to a coding assessment",
        "Hi Alex,\n\nInitech has invited you to take a coding assessment for the Platform "
        "Engineer role. You have 7 days to complete it.\n\nHackerRank for Work",
        mid="hr.invite.88213.initech@hackerrankforwork.com",
        extra=(_BOTS,),
    )
    inbox(
        "2026-11-16T16:00:00",
        lucia,
        _ALEX,
        "Re: " + isubj,
        "Hola Alex,\n\nA reminder of tomorrow's call with Bill at 8:00 am PT; he will call "
        "your mobile.\n\nLucía",
        mid="initech.20261116160000.lucia@initech.example",
        in_reply_to="initech.reply.20261110@example.com",
        references=("initech.20261110154000.lucia@initech.example",),
    )
    sent(
        "2026-11-17T18:20:00",
        bill,
        "Thank you – Platform Engineer interview",
        "Dear Bill,\n\nThank you for the call this morning about the Platform Engineer role.",
        mid="ty.bill.20261117@example.com",
    )
    inbox(
        "2026-11-23T17:00:00",
        lucia,
        _ALEX,
        "Re: " + isubj,
        "Hola Alex,\n\nThe team is finishing the interviews this week; we will get back to "
        "you by Friday.\n\nLucía",
        mid="initech.20261123170000.lucia@initech.example",
        in_reply_to="initech.reply.20261110@example.com",
    )

    jana, albert = (
        "Jana Becker <jana.becker@umbrella-labs.example>",
        "Albert Wesker <albert.wesker@umbrella-labs.example>",
    )
    workday = "Umbrella Labs <umbrellalabs@myworkday.com>"
    inbox(
        "2026-11-04T08:30:12",
        workday,
        USER,
        "We received your application for ML Engineer",
        "Dear Alex Example,\n\nThank you for applying to Umbrella Labs. We received your "
        "application for the ML Engineer position (R-10421).\n\nThis is an automated "
        "message; please do not reply.",
        mid="1479331.2231.1762245012417.JavaMail.wd@myworkday.com",
        extra=(_BOTS,),
    )
    usubj = "Umbrella Labs – onsite interview for ML Engineer"
    inbox(
        "2026-11-09T13:10:00",
        jana,
        _ALEX,
        usubj,
        "Hallo Alex,\n\nWe would like to invite you to an onsite interview with Albert Wesker "
        "on Thursday November 19 at 10:00 am. Does that work for you?\n\nJana Becker",
        mid="umbrella.20261109131000.jana@umbrella-labs.example",
    )
    sent(
        "2026-11-09T16:00:00",
        jana,
        "Re: " + usubj,
        "Hallo Jana,\n\nThursday at 10:00 works, thank you.",
        mid="umbrella.reply.20261109@example.com",
        in_reply_to="umbrella.20261109131000.jana@umbrella-labs.example",
    )
    inbox(
        "2026-11-13T09:00:00",
        jana,
        _ALEX,
        "Re: " + usubj,
        "Hallo Alex,\n\nConfirmed for Thursday; directions to the lab are below. Ask for me "
        "at the front desk.\n\nJana",
        mid="umbrella.20261113090000.jana@umbrella-labs.example",
        in_reply_to="umbrella.reply.20261109@example.com",
    )
    sent(
        "2026-11-19T23:00:00",
        albert,
        "Thank you – ML Engineer interview",
        "Dear Albert,\n\nThank you for showing me the lab today.",
        mid="ty.albert.20261119@example.com",
    )
    inbox(
        "2026-11-20T07:30:00",
        albert,
        _ALEX,
        "Re: Thank you – ML Engineer interview",
        "Alex,\n\nIt was a pleasure. Jana will follow up.\n\nAlbert",
        mid="umbrella.20261120073000.albert@umbrella-labs.example",
        in_reply_to="ty.albert.20261119@example.com",
    )
    inbox(
        "2026-11-24T08:30:00",
        workday,
        USER,
        "Your application status has been updated",
        "Dear Alex Example,\n\nThe status of your application to Umbrella Labs for ML Engineer "
        "has been updated. Sign in to your candidate home to see it.",
        mid="1479331.9981.1763973000000.JavaMail.wd@myworkday.com",
        extra=(_BOTS,),
    )

    # Mail the server search finds but that concerns nobody tracked, and a lookalike it skips.
    inbox(
        "2026-11-08T14:00:00",
        "Hooli Recruiting <no-reply@us.greenhouse-mail.io>",
        USER,
        "Thank you for applying to Hooli",
        "Hi Alex,\n\nThank you for applying to Hooli.",
        mid="0100018c2b.greenhouse.hooli.1@us.greenhouse-mail.io",
        extra=(_BOTS,),
    )
    inbox(
        "2026-11-14T19:30:00",
        "Pied Piper <no-reply@hire.lever.co>",
        USER,
        "Your application to Pied Piper",
        "Hi Alex,\n\nAfter careful consideration we will not move forward with your "
        "application.\n\nPied Piper",
        mid="lever.piedpiper.rej@hire.lever.co",
    )
    inbox(
        "2026-11-22T11:00:00",
        "Hooli <no-reply@ashbyhq.com>",
        USER,
        "Hooli: let's schedule a call",
        "Hi Alex,\n\nPlease pick a time for a call with Hooli.",
        mid="ashby.hooli.sched.1@ashbyhq.com",
    )
    inbox(
        "2026-11-18T09:00:00",
        "Northwind Careers <jobs@northwind-careers.example.net>",
        USER,
        "Northwind: your offer is waiting",
        "Click here to claim your Northwind offer.",
        mid="lookalike.1@northwind-careers.example.net",
    )
    # Daily job alerts from a job board (a known relay) for the last three months.
    day = datetime(2026, 8, 27, 13, 0, tzinfo=UTC)
    number = 0
    while day < NOW:
        number += 1
        jobs = "\n".join(
            f"- {role} at {company}, Remote"
            for role, company in zip(
                _ROLES[number % 5 :] + _ROLES[: number % 5], _JOB_COMPANIES, strict=False
            )
        )
        m.append(
            (
                "INBOX",
                day,
                message(
                    day,
                    "Indeed <alert@indeed.com>",
                    USER,
                    f"{8 + number % 7} new jobs for Data Engineer in Remote",
                    f"Jobs matching your search:\n\n{jobs}\n\nUnsubscribe from these alerts.",
                    mid=f"alert.{number}.{day:%Y%m%d}@indeed.com",
                    extra=(
                        ("List-Unsubscribe", "<https://indeed.com/unsubscribe>"),
                        ("Precedence", "bulk"),
                        _BOTS,
                    ),
                ),
            )
        )
        day += timedelta(days=1)
    return m


_ROLES = [
    "Data Engineer",
    "Senior Data Engineer",
    "Analytics Engineer",
    "Platform Engineer",
    "Backend Developer",
]
_JOB_COMPANIES = ["Acme Analytics", "Contoso", "Fabrikam", "Tailspin Toys", "Wingtip"]


def recruiter_inbox() -> list[tuple[datetime, bytes]]:
    return sorted(
        ((at, data) for folder, at, data in _recruiter() if folder == "INBOX"), key=lambda x: x[0]
    )


def recruiter_sent() -> list[tuple[datetime, bytes]]:
    return sorted(
        ((at, data) for folder, at, data in _recruiter() if folder == "Sent"), key=lambda x: x[0]
    )


# ---------------------------------------------------------------------------------------------
# Unrelated mail, from templates with varying fields.

_FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elif",
    "Femi",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomas",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
    "Zoe",
]
_LAST = [
    "Adler",
    "Baptiste",
    "Chen",
    "Duarte",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kaur",
    "Larsen",
    "Moreno",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
    "Sato",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Yilmaz",
]
_WORK_SUBJECTS = (
    "Q3 planning notes",
    "Deploy window this week",
    "Lunch on Thursday?",
    "Code review: retry logic",
    "Notes from the sync",
    "On-call handover",
    "Draft of the design doc",
    "Offsite agenda",
    "Budget questions",
    "Customer escalation follow-up",
    "Interview loop feedback",
    "Team photos",
)
_PARAGRAPHS = (
    "I went through the numbers again and the variance mostly comes from the two large "
    "customers that renewed late; the rest of the quarter looks in line with the plan.",
    "Could you take a look at the branch before Friday? The main change is in the retry "
    "logic; the tests cover the timeout path but not the partial write yet.",
    "Thanks for the quick turnaround yesterday. The fix is in production and the error rate "
    "went back to normal within a few minutes of the rollout.",
    "For the offsite we are thinking of two half days: one on the roadmap and one on how we "
    "work together. Let me know if there is a topic you would like to add.",
    "The vendor came back with a revised quote. It is about eight percent lower than the first "
    "one, but the support hours are shorter, so I am not sure it is a better deal.",
    "I moved our one-on-one to Thursday afternoon because of the all-hands. If that does not "
    "work for you, pick any free slot in my calendar.",
    "Attached are the notes from today. Action items are at the bottom; I put names next to "
    "each one, so shout if I got something wrong.",
    "The dashboard now loads in about two seconds instead of eight. Most of the gain came "
    "from caching the aggregates instead of recomputing them on every request.",
)
_NEWSLETTERS = (
    ("The Weekly Byte", "news.weeklybyte.example.org"),
    ("Morning Brew of Data", "brew.example.org"),
    ("City Cycling Club", "lists.cycling.example.net"),
    ("Open Source Digest", "digest.oss.example.org"),
    ("Garden Notes", "mail.gardennotes.example"),
    ("Cloud Costs Weekly", "weekly.cloudcosts.example.com"),
    ("Rust & Python Roundup", "roundup.example.org"),
    ("Local Food Market", "market.example.net"),
)
_HEADLINES = (
    "Why your queries are slow",
    "Ten tips for better sleep",
    "A new release of the build tool",
    "Weekend ride: the lake loop",
    "What we learned from a year of on-call",
    "Tomatoes in November?",
    "The cost of idle clusters",
    "Interview with a maintainer",
    "Five books for the holidays",
    "Benchmarks that lie",
)
_SHOPS = (
    ("Paper & Ink", "shop.paperink.example.com"),
    ("Bike Parts Direct", "orders.bikeparts.example.com"),
    ("Green Grocer", "shop.greengrocer.example"),
    ("Book Nook", "orders.booknook.example.net"),
    ("Tech Gadgets", "store.gadgets.example"),
)
_ITEMS = (
    "USB-C cable",
    "notebook, dotted",
    "chain lubricant",
    "paperback novel",
    "coffee beans 1 kg",
    "desk lamp",
    "bicycle pump",
    "wool socks",
    "fountain pen",
)
TRACKED_SHARE = 10
"""One message in this many of the unrelated mail (by its position in the stream, so exactly a
tenth) comes from the tracked company's shop (:func:`_tracked_shop`)."""
TRACKED_SHOP = ("Northwind Store", "shop.northwind.example")
_SHOP_ITEMS = (
    "Northwind mug",
    "hoodie, navy",
    "sticker pack",
    "water bottle",
    "notebook set",
    "travel adapter",
)
_PDF = base64.encodebytes(random.Random(7).randbytes(24_000)).decode("ascii")


def _tracked_shop(rng: random.Random, i: int, when: datetime) -> bytes:
    """One message of the tracked company's own shop: an order confirmation, a shipping
    notice, a newsletter or an account alert. All of it is automatic list mail, as shops send
    it through their mailing service (``List-Unsubscribe``, and ``Precedence: bulk`` on the
    newsletter), and none of it names an application, an offer or a rejection."""
    name, domain = TRACKED_SHOP
    kind = rng.randrange(4)
    mid = f"{int(when.timestamp()):x}.{i}.{rng.getrandbits(32):08x}@mail.{domain}"
    unsubscribe = ("List-Unsubscribe", f"<https://{domain}/email/preferences?u={i}>")
    order = rng.randrange(10_000_000, 99_999_999)
    items = rng.sample(_SHOP_ITEMS, rng.randrange(1, 4))
    rows = [
        f"{item} &times; {rng.randrange(1, 3)} &mdash; {rng.randrange(8, 60)}.00 USD"
        for item in items
    ]
    footer = (
        f'{name} &middot; {domain} &middot; <a href="https://{domain}/email/preferences">'
        "Email preferences</a>"
    )
    if kind == 0:
        sender, subject = f"{name} <orders@{domain}>", f"Order confirmation #{order}"
        paragraphs = [
            f"Hi {USER_NAME.split()[0]},",
            f"Thanks for shopping with us. We have your order #{order}:",
            *rows,
            "We will email you again when it ships.",
        ]
        extra: tuple[tuple[str, str], ...] = (unsubscribe, _BOTS)
    elif kind == 1:
        sender, subject = f"{name} <shipping@{domain}>", f"Your order #{order} is on its way"
        paragraphs = [
            f"Hi {USER_NAME.split()[0]},",
            f"Good news: order #{order} left our warehouse today.",
            f"Tracking number: 1Z{rng.getrandbits(40):010X}. Delivery in 3-5 days.",
            *rows,
        ]
        extra = (unsubscribe, _BOTS)
    elif kind == 2:
        sender = f"{name} <news@{domain}>"
        subject = rng.choice(
            (
                "New in the store: winter hoodies",
                "Free shipping this weekend",
                "Our best sellers this month",
                "Back in stock: the Northwind mug",
            )
        )
        paragraphs = [
            f"{subject}.",
            "Take a look at what is new in the store, from mugs to hoodies.",
            "Members get free shipping on every order over 40 USD.",
        ]
        extra = (
            ("List-Id", f"{name} news <news.{domain}>"),
            unsubscribe,
            ("Precedence", "bulk"),
        )
    else:
        sender = f"{name} <account@{domain}>"
        subject = rng.choice(
            (
                "Your store account: new sign-in",
                "Your store password was changed",
                "Your saved cart is waiting",
            )
        )
        paragraphs = [
            f"Hi {USER_NAME.split()[0]},",
            f"{subject} ({when:%d %b %Y}).",
            "If this was you, there is nothing to do. Otherwise, visit your account settings.",
        ]
        extra = (unsubscribe, _BOTS)
    text = "\n\n".join(re.sub(r"&[a-z]+;", "-", p) for p in paragraphs)
    return message(
        when,
        sender,
        USER,
        subject,
        text,
        html=_html(subject, paragraphs, footer),
        mid=mid,
        extra=extra,
    )


def _noise(rng: random.Random, i: int, when: datetime) -> bytes:
    """One unrelated message, by a weighted choice of kind; one in :data:`TRACKED_SHARE` from
    the tracked company's shop."""
    if i % TRACKED_SHARE == TRACKED_SHARE - 1:
        return _tracked_shop(rng, i, when)
    roll = rng.random()
    mid = f"{int(when.timestamp()):x}.{i}.{rng.getrandbits(32):08x}"
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    if roll < 0.30:  # a newsletter, plain text and HTML
        name, domain = _NEWSLETTERS[i % len(_NEWSLETTERS)]
        heads = rng.sample(_HEADLINES, 4)
        paras = [f"<b>{h}</b>: " + rng.choice(_PARAGRAPHS) for h in heads]
        html = _html(
            name,
            paras * 3,
            f"{name} &middot; You receive this because you subscribed. "
            f'<a href="https://{domain}/u/{mid}">Unsubscribe</a>',
        )
        text = "\n\n".join(f"{h}\n{rng.choice(_PARAGRAPHS)}" for h in heads)
        return message(
            when,
            f"{name} <newsletter@{domain}>",
            USER,
            f"{name}: {heads[0]}",
            text,
            html=html,
            mid=f"{mid}@{domain}",
            extra=(
                ("List-Id", f"{name} <list.{domain}>"),
                ("List-Unsubscribe", f"<https://{domain}/u/{mid}>"),
                ("Precedence", "bulk"),
            ),
        )
    if roll < 0.45:  # a shop's order or shipping notice, HTML only
        name, domain = rng.choice(_SHOPS)
        order = rng.randrange(100000, 999999)
        items = rng.sample(_ITEMS, rng.randrange(1, 4))
        rows = [
            f"{item} &times; {rng.randrange(1, 3)} &mdash; {rng.randrange(3, 90)}.99 EUR"
            for item in items
        ]
        html = _html(
            f"Order {order}",
            [
                f"Hi {USER_NAME.split()[0]},",
                f"Your order #{order} has shipped and should arrive in 2-4 days.",
                *rows,
                rng.choice(_PARAGRAPHS),
            ],
            f"{name} &middot; Customer service",
        )
        return message(
            when,
            f"{name} <orders@{domain}>",
            USER,
            f"Your order #{order} has shipped",
            "",
            html=html,
            mid=f"{mid}@{domain}",
        )
    if roll < 0.75:  # a colleague
        cc = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} <team@work.example.net>"
        body = "\n\n".join(rng.sample(_PARAGRAPHS, rng.randrange(1, 4)))
        subject = rng.choice(_WORK_SUBJECTS)
        data = message(
            when,
            f"{first} {last} <{first.lower()}.{last.lower()}@work.example.net>",
            f"{USER_NAME} <alex.example@work.example.net>",
            ("Re: " if roll < 0.6 else "") + subject,
            f"Hi Alex,\n\n{body}\n\n{first}",
            mid=f"{mid}@work.example.net",
            extra=(("Cc", cc),),
        )
        if roll > 0.735:  # a few carry a PDF attachment (about 30 KB)
            data = _with_attachment(data, mid)
        return data
    if roll < 0.90:  # a notification from a code host
        repo = f"{last.lower()}/{rng.choice(('etl', 'site', 'infra', 'notebooks'))}"
        number = rng.randrange(1, 4000)
        return message(
            when,
            f"{first} {last} <notifications@code.example.org>",
            USER,
            f"[{repo}] Issue #{number}: {rng.choice(_HEADLINES).lower()}",
            f"{rng.choice(_PARAGRAPHS)}\n\n-- \nReply to this email directly or "
            f"view it on the code host: https://code.example.org/{repo}/issues/"
            f"{number}",
            mid=f"{repo.replace('/', '.')}.{number}.{mid}@code.example.org",
            extra=(("List-Id", f"{repo} <{repo.replace('/', '.')}.code.example.org>"),),
        )
    body = rng.choice(
        (
            "Are we still on for Saturday?",
            "Photos from the trip are up!",
            "Happy birthday! Call me when you can.",
            "Did you see the game?",
        )
    )
    return message(
        when,
        f"{first} {last} <{first.lower()}{rng.randrange(10, 99)}@mail.example.net>",
        USER,
        body[:30],
        f"{body}\n\n{first}",
        mid=f"{mid}@mail.example.net",
    )


def _with_attachment(data: bytes, mid: str) -> bytes:
    head, _, body = data.partition(
        b"\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    )
    boundary = f"=_mixed_{mid[-10:]}".encode()
    return b"".join(
        [
            head,
            b'\nContent-Type: multipart/mixed; boundary="',
            boundary,
            b'"\n\n--',
            boundary,
            b"\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n",
            body,
            b"\n--",
            boundary,
            b'\nContent-Type: application/pdf; name="notes.pdf"\n'
            b'Content-Disposition: attachment; filename="notes.pdf"\n'
            b"Content-Transfer-Encoding: base64\n\n",
            _PDF.encode(),
            b"--",
            boundary,
            b"--\n",
        ]
    )


def _noise_stream(
    count: int, seed: int, start: datetime, end: datetime
) -> Iterator[tuple[datetime, bytes]]:
    rng = random.Random(seed)
    span = (end - start).total_seconds()
    stamps = sorted(rng.random() * span for _ in range(count))
    for i, offset in enumerate(stamps):
        when = start + timedelta(seconds=int(offset))
        yield when, _noise(rng, i, when)


def inbox(
    total: int, seed: int = 1, history: timedelta = HISTORY
) -> Iterator[tuple[datetime, bytes]]:
    """The INBOX of ``total`` messages in date order: the recruiter mail, the rest unrelated,
    spread over ``history`` before :data:`NOW` (a tenth of it from the tracked company's shop,
    :data:`TRACKED_SHARE`)."""
    recruiter = recruiter_inbox()
    count = max(0, total - len(recruiter))
    noise = _noise_stream(count, seed, NOW - history, NOW - timedelta(minutes=50))
    return heapq.merge(recruiter, noise, key=lambda x: x[0])


def sent_folder(total: int = 300, seed: int = 2) -> Iterator[tuple[datetime, bytes]]:
    """The Sent folder: the user's interview mail among ``total`` messages."""
    own = recruiter_sent()
    rng = random.Random(seed)
    span = HISTORY.total_seconds()
    stamps = sorted(rng.random() * span for _ in range(max(0, total - len(own))))

    def others() -> Iterator[tuple[datetime, bytes]]:
        for i, offset in enumerate(stamps):
            when = NOW - HISTORY + timedelta(seconds=int(offset))
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            to = (
                f"{first} {last} <{first.lower()}.{last.lower()}@work.example.net>"
                if i % 3
                else f"{first} <{first.lower()}{i % 90 + 10}@mail.example.net>"
            )
            body = "\n\n".join(rng.sample(_PARAGRAPHS, rng.randrange(1, 3)))
            yield (
                when,
                message(
                    when,
                    _ALEX,
                    to,
                    "Re: " + rng.choice(_WORK_SUBJECTS),
                    f"Hi {first},\n\n{body}\n\nAlex",
                    mid=f"sent.{i}.{int(when.timestamp()):x}@example.com",
                ),
            )

    return heapq.merge(own, others(), key=lambda x: x[0])


def new_mail(batch: int) -> list[tuple[bytes, datetime]]:
    """Ten new messages for the "new mail" check, two of them about tracked interviews."""
    rng = random.Random(100 + batch)
    base = NOW - timedelta(minutes=45 - 20 * batch)
    out = [
        (
            _noise(rng, 900_000 + 10 * batch + i, base + timedelta(minutes=i)),
            base + timedelta(minutes=i),
        )
        for i in range(8)
    ]
    if batch == 0:
        at = base + timedelta(minutes=9)
        out.append(
            (
                message(
                    at,
                    "Initech Talent Team <no-reply@hire.lever.co>",
                    _ALEX,
                    "Your offer from Initech – Platform Engineer",
                    "Hi Alex,\n\nWe are delighted to extend you an offer to join Initech "
                    "as a Platform Engineer. The details are in the offer letter on "
                    "your candidate page.\n\nInitech Talent Team",
                    mid="lever.8f14e45fceea167a.offer@hire.lever.co",
                ),
                at,
            )
        )
        at = base + timedelta(minutes=10)
        out.append(
            (
                message(
                    at,
                    "Jana Becker <jana.becker@umbrella-labs.example>",
                    _ALEX,
                    "Re: Umbrella Labs – onsite interview for ML Engineer",
                    "Hallo Alex,\n\nThe team was impressed; we would like to invite you "
                    "to a final conversation with our CTO. Which days work for you next "
                    "week?\n\nJana",
                    mid="umbrella.20261125.jana.final@umbrella-labs.example",
                    in_reply_to="umbrella.20261113090000.jana@umbrella-labs.example",
                ),
                at,
            )
        )
    else:
        at = base + timedelta(minutes=9)
        out.append(
            (
                message(
                    at,
                    "Rita Recruiter <rita@northwind.example>",
                    _ALEX,
                    "Re: Northwind: next steps – final round",
                    "Hi Alex,\n\nGreat, Tuesday it is; the invitation follows." + _SIGN_RITA,
                    mid="20261125.rita.final.ok@northwind.example",
                    in_reply_to="nw.final.reply.20261120@example.com",
                ),
                at,
            )
        )
        at = base + timedelta(minutes=10)
        out.append(
            (
                message(
                    at,
                    "Umbrella Labs <umbrellalabs@myworkday.com>",
                    USER,
                    "Your application status has been updated",
                    "Dear Alex Example,\n\nThe status of your application to Umbrella "
                    "Labs has been updated.",
                    mid="1479331.9990.JavaMail.wd@myworkday.com",
                    extra=(_BOTS,),
                ),
                at,
            )
        )
    return out
