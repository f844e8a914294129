"""Draft templates: check them, pick the one an action needs, and render it into a :class:`Draft`.

Template format
---------------
A template is UTF-8 text. Its first line is ``Subject: ...``, the second line is blank and the
rest is the body::

    Subject: Follow-Up on ${role} Interview

    Dear ${greeting_name},

    I enjoyed our conversation about ${topic}.
    ...

Placeholders use :class:`string.Template` syntax: ``${field}`` (or ``$field``) names one of
:data:`FIELDS`, and ``$$`` is a literal dollar sign; any other ``$`` is an error. Values are
substituted literally: a ``$`` or ``${x}`` inside a company name or a topic stays as it is.

Optional fields: a body line that uses a field whose value is empty (``${topic}`` when no topic
was recorded, ``${interviewers}`` when nobody was recorded) is left out of the draft entirely, so a
draft never shows an unfilled placeholder or a dangling sentence. Put each sentence that uses an
optional field on a line of its own. Runs of blank lines left behind collapse into one. The
subject may use only fields that are always filled (not those of :data:`OPTIONAL_FIELDS`).

The built-in templates live in ``watcher/data/templates/NAME.txt`` for each name of
:data:`~watcher.models.TEMPLATE_NAMES`; the configuration reads them (and the user's own) and
hands this module a mapping ``name -> text``. This module is pure: no clock, disk or network.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from watcher import threads
from watcher.errors import TemplateError
from watcher.models import (
    TEMPLATE_NAMES,
    Action,
    ActionKind,
    Commitment,
    Draft,
    Format,
    Interview,
    Person,
    Timeline,
)
from watcher.settings import Config

FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "greeting_name": 'first names of the recipients ("Dana and Sam"), or "Hiring Team"',
        "recipient_names": (
            'full names of the recipients ("Dana Reyes and Sam Ito"), or "Hiring Team"'
        ),
        "company": "the company's name",
        "role": "the job title interviewed for",
        "interview_date": 'the day of the interview ("Tuesday, November 24, 2026")',
        "interview_format": 'how the interview was held ("video", "on-site", "panel")',
        "interviewers": "full names of all recorded interviewers (optional)",
        "topic": "the topic discussed in the interview (optional)",
        "user_name": "your name",
        "signature": "your signature (your name when no signature is configured)",
        "commitment": "what you promised to send or do (optional; commitment drafts)",
        "commitment_due": "the day the commitment is due (optional; commitment drafts)",
        "weeks_since": 'whole weeks from the interview to the action, e.g. "3" (optional)',
        "months_since": 'whole months from the interview to the action, e.g. "2" (optional)',
    }
)
"""Every field a template may use: name -> one-line description."""

OPTIONAL_FIELDS: frozenset[str] = frozenset(
    {
        "interviewers",
        "topic",
        "commitment",
        "commitment_due",
        "weeks_since",
        "months_since",
    }
)
"""Fields that may be empty: a body line using one is dropped then; the subject may not use them."""

_FALLBACK_NAME = "Hiring Team"

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_FORMAT_WORDS: Mapping[Format, str] = MappingProxyType(
    {
        Format.PHONE: "phone",
        Format.VIDEO: "video",
        Format.ONSITE: "on-site",
        Format.PANEL: "panel",
        Format.MULTI_ROUND: "multi-round",
    }
)

_SUBJECT_PREFIX = "subject:"
_BODY_START = 3
"""Line number (1-based) of the body's first line: after the subject and the blank line."""


@dataclass(frozen=True)
class _Template:
    """A template split into its subject and body lines; only built from a checked text."""

    subject: str
    body: tuple[str, ...]


def _lines(text: str) -> list[str]:
    return text.removeprefix("\ufeff").splitlines()


def _line_problems(name: str, number: int, line: str) -> tuple[list[str], list[str]]:
    """Return (problems, identifiers) of one template line; ``number`` is 1-based."""
    problems: list[str] = []
    identifiers: list[str] = []
    for match in string.Template.pattern.finditer(line):
        if match.group("invalid") is not None:
            start = match.start("invalid") - 1
            snippet = line[start:].split(maxsplit=1)[0][:20]
            problems.append(
                f"{name}.txt: line {number}, column {start + 1}: invalid placeholder "
                f"at `{snippet}`; "
                "write ${field} for a field or $$ for a literal dollar sign"
            )
            continue
        identifier = match.group("named") or match.group("braced")
        if identifier is None:
            continue
        identifiers.append(identifier)
        if identifier not in FIELDS:
            problems.append(
                f"{name}.txt: line {number}: unknown field ${{{identifier}}}; "
                f"the known fields are: {', '.join(FIELDS)}"
            )
    return problems, identifiers


def _check_one(name: str, text: str) -> list[str]:
    """Return the problems of one template text (an empty list when it is fine)."""
    lines = _lines(text)
    if not lines or not lines[0].lower().startswith(_SUBJECT_PREFIX):
        return [f"{name}.txt: the first line must be `Subject: ...`"]
    problems: list[str] = []
    subject = lines[0][len(_SUBJECT_PREFIX) :]
    if not subject.strip():
        problems.append(f"{name}.txt: the subject is empty; write it after `Subject:`")
    subject_problems, subject_fields = _line_problems(name, 1, lines[0])
    problems += subject_problems
    optional = sorted({field for field in subject_fields if field in OPTIONAL_FIELDS})
    problems += [
        f"{name}.txt: the subject uses the optional field ${{{field}}}, which may be empty; "
        f"the subject may use only: {', '.join(f for f in FIELDS if f not in OPTIONAL_FIELDS)}"
        for field in optional
    ]
    if len(lines) < 2 or lines[1].strip():
        problems.append(f"{name}.txt: line 2 must be blank, to separate the subject from the body")
        return problems
    body = lines[2:]
    if not any(line.strip() for line in body):
        problems.append(f"{name}.txt: the body is empty; write it after the blank line")
    for number, line in enumerate(body, start=_BODY_START):
        problems += _line_problems(name, number, line)[0]
    return problems


def check_templates(texts: Mapping[str, str]) -> list[str]:
    """Given templates as ``name -> text``, return every problem as ``"NAME.txt: ..."``.

    Each name of :data:`~watcher.models.TEMPLATE_NAMES` must be present. Names that are not
    templates are ignored. An empty list means every template is fine.
    """
    problems: list[str] = []
    for name in TEMPLATE_NAMES:
        text = texts.get(name)
        if text is None:
            problems.append(f"{name}.txt: the template is missing; add it")
        else:
            problems += _check_one(name, text)
    return problems


def template_for(action: Action) -> str:
    """Return the name of the template that drafts ``action``.

    Raise :class:`TemplateError` for a move_on action, which has no draft.
    """
    match action.kind:
        case ActionKind.MOVE_ON:
            raise TemplateError(
                "a move_on action has no draft: it suggests closing the interview with "
                f"`watcher track close {action.interview_id} --outcome ghosted`"
            )
        case ActionKind.FOLLOW_UP:
            return "follow_up" if action.number <= 1 else "follow_up_2"
        case _:
            return str(action.kind)


def _parse(name: str, texts: Mapping[str, str]) -> _Template:
    text = texts.get(name)
    if text is None:
        raise TemplateError(f"there is no template {name}.txt; add it to your templates directory")
    problems = _check_one(name, text)
    if problems:
        raise TemplateError(
            f"template {name}.txt is invalid ({'; '.join(problems)}); fix it and run again"
        )
    lines = _lines(text)
    return _Template(subject=lines[0][len(_SUBJECT_PREFIX) :].strip(), body=tuple(lines[2:]))


def _one_line(value: str) -> str:
    """Return ``value`` on a single line: line breaks become spaces, the ends are stripped."""
    return " ".join(part.strip() for part in value.splitlines() if part.strip())


def _join(names: Iterable[str]) -> str:
    """Return names joined as in prose: "A", "A and B", "A, B and C"; "" when there are none."""
    kept = [name for name in names if name]
    if len(kept) <= 1:
        return "".join(kept)
    return f"{', '.join(kept[:-1])} and {kept[-1]}"


def _full_name(person: Person) -> str:
    return _one_line(person.name) or _one_line(person.address)


def _long_date(day: date) -> str:
    """Return ``day`` as "Tuesday, November 24, 2026", independent of the locale."""
    return f"{_WEEKDAY_NAMES[day.weekday()]}, {_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def _whole_months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _commitment(action: Action, timeline: Timeline) -> Commitment:
    interview_id = timeline.interview.id
    try:
        wanted = int(action.ref)
    except ValueError:
        raise TemplateError(
            f"the commitment action for interview {interview_id} has ref {action.ref!r}, "
            "which is not a commitment id; the action must name the commitment it is about"
        ) from None
    for commitment in timeline.commitments:
        if commitment.id == wanted:
            return commitment
    raise TemplateError(
        f"interview {interview_id} has no commitment {wanted}, which its commitment action "
        "names; check the interview's commitments"
    )


def _values(
    action: Action, timeline: Timeline, *, user_name: str, signature: str, tz: ZoneInfo
) -> dict[str, str]:
    """Return the value of every field of :data:`FIELDS` for ``action``."""
    interview: Interview = timeline.interview
    interview_day = interview.at.astimezone(tz).date()
    due_day = action.due.astimezone(tz).date()
    weeks = (action.due - interview.at) // timedelta(weeks=1)
    months = _whole_months(interview_day, due_day)
    signature_lines = [line.rstrip() for line in signature.strip().splitlines()]
    values = {
        "greeting_name": _join(_one_line(p.first_name) for p in action.to) or _FALLBACK_NAME,
        "recipient_names": _join(_full_name(p) for p in action.to) or _FALLBACK_NAME,
        "company": _one_line(interview.company),
        "role": _one_line(interview.role),
        "interview_date": _long_date(interview_day),
        "interview_format": _FORMAT_WORDS.get(interview.format, str(interview.format)),
        "interviewers": _join(_full_name(p) for p in interview.interviewers),
        "topic": _one_line(interview.topic),
        "user_name": _one_line(user_name),
        "signature": "\n".join(signature_lines) or _one_line(user_name),
        "commitment": "",
        "commitment_due": "",
        "weeks_since": str(weeks) if weeks >= 1 else "",
        "months_since": str(months) if months >= 1 else "",
    }
    if action.kind is ActionKind.COMMITMENT:
        commitment = _commitment(action, timeline)
        values["commitment"] = _one_line(commitment.what)
        values["commitment_due"] = _long_date(commitment.due.astimezone(tz).date())
    return values


def _render_body(lines: Sequence[str], values: Mapping[str, str]) -> str:
    """Fill the body lines, leaving out those that use an empty field; tidy the blank lines."""
    out: list[str] = []
    for line in lines:
        template = string.Template(line)
        if any(not values[field] for field in template.get_identifiers()):
            continue
        for filled in template.substitute(values).splitlines() or [""]:
            kept = filled.rstrip()
            if kept or (out and out[-1]):
                out.append(kept)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def render_draft(
    action: Action,
    timeline: Timeline,
    texts: Mapping[str, str],
    *,
    user_name: str,
    signature: str,
    tz: ZoneInfo,
) -> Draft:
    """Given an action, its interview's timeline and the templates, return the draft to leave.

    The fields come from the action (its recipients ``action.to``), the timeline's interview and,
    for a commitment action, the commitment whose id is ``int(action.ref)``. Dates are days in
    ``tz``; ``weeks_since`` and ``months_since`` count from the interview to ``action.due``
    (this module never reads the clock). The draft goes where :func:`watcher.threads.place`
    says: it answers the last message a person exchanged with its recipients, under that
    message's subject. Raise :class:`TemplateError` if
    the action has no draft (move_on), its template is missing or invalid, or the commitment it
    names is not in the timeline.
    """
    name = template_for(action)
    template = _parse(name, texts)
    values = _values(action, timeline, user_name=user_name, signature=signature, tz=tz)
    subject = " ".join(string.Template(template.subject).substitute(values).split())
    placement = threads.place(timeline, action.to)
    return Draft(
        kind=action.kind,
        to=action.to,
        subject=placement.subject or subject,
        body=_render_body(template.body, values),
        in_reply_to=placement.in_reply_to,
        references=placement.references,
    )


def render(config: Config, action: Action, timeline: Timeline) -> Draft:
    """Given the config, an action and its interview's timeline, return its draft rendered with
    the config's templates, name, signature and time zone (what the engine leaves in the Drafts
    folder and `watcher draft preview` shows)."""
    return render_draft(
        action,
        timeline,
        config.templates,
        user_name=config.user.name,
        signature=config.user.signature,
        tz=config.policy.timezone,
    )
