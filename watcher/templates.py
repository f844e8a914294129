"""Draft templates: check them, pick the one an action needs, and render it into a :class:`Draft`.

Template format
---------------
A template is UTF-8 text. Its first line is ``Subject: ...``, the second line is blank and the
rest is the body::

    Subject: Thank you for the ${role} interview

    ${greeting}

    Thank you for taking the time to speak with me on ${met_on}.
    {{I enjoyed our conversation about ${our_topic}.|Our discussion of ${our_topic} ...}}
    ${interest_sentence}

    Best regards,
    ${signature}

Paragraphs. Blank lines separate paragraphs. The lines of a paragraph are joined into ONE line
(with a space), so that a mail client wraps it to the reader's window; write one sentence per
line. The greeting is a paragraph of its own. The last paragraph of the template is the
closing ("Best regards," and the signature): it keeps its line breaks, and a signature of
several lines keeps them too.

Placeholders use :class:`string.Template` syntax: ``${field}`` (or ``$field``) names one of
:data:`FIELDS`, and ``$$`` is a literal dollar sign; any other ``$`` is an error. Values are
substituted literally: a ``$`` or ``${x}`` inside a company name or a topic stays as it is.

Optional fields: a line that uses a field whose value is empty (``${our_topic}`` in a note to
a recruiter, ``${met_on}`` before the interview took place) is left out of the draft, so a draft
never shows an unfilled placeholder or a dangling sentence; a paragraph left with no line is
left out. This works per line: put each sentence that uses an optional field on a line of its
own. The subject may use only fields that are always filled (not those of
:data:`OPTIONAL_FIELDS`).

Alternatives: ``{{first|second|third}}`` in a line offers wordings of which one is used. The
recipient's position among the interview's interviewers picks it (the first interviewer gets
the first option, the second the second, and so on, starting again after the last), so the
notes to a panel differ and the same person always gets the same note; a contact (recruiter)
or the hiring team gets the first. Options are not empty, there are at least two, they do not
nest, and each may hold placeholders (only the chosen one decides whether the line is kept).

Time: fields that speak of the interview in the past (``met_on``, ``met_ago``, ``our_topic``,
``interview_date``, ``weeks_since``, ``months_since``) are filled only when the interview began
before the action is due; ``upcoming_on`` only when it is still ahead. So "Thank you for
meeting with me on ${met_on}." never describes an interview that has not happened.

Languages: each template exists per language (:data:`~watcher.models.DRAFT_LANGUAGES`); the
built-in ones live in ``watcher/data/templates/<lang>/<name>.txt`` for each name of
:data:`~watcher.models.TEMPLATE_NAMES`. A draft is written in its interview's ``language``,
else the configuration's ``[user] language``; dates, lists of names, greetings and the other
fields are written that language's way (:mod:`watcher.wording`). The configuration reads the
templates (the built-in ones and the user's) and hands this module a mapping ``language ->
name -> text``. This module is pure: no clock, disk or network.
"""

from __future__ import annotations

import string
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from watcher import threads, wording
from watcher.errors import TemplateError
from watcher.models import (
    DRAFT_LANGUAGES,
    TEMPLATE_NAMES,
    Action,
    ActionKind,
    Commitment,
    Draft,
    Interview,
    Person,
    PersonRole,
    Timeline,
)
from watcher.settings import Config, is_placeholder_name

FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "greeting": (
            'the whole greeting line in the draft\'s language: "Dear Dana,", "Bonjour Dana,", '
            '"Guten Tag Dana Reyes,", "Hola, Dana:"; "Dear Hiring Team," with no recipient'
        ),
        "our_topic": (
            "what you discussed with the recipient: their own topic, else the interview's "
            "(optional: only for a note to interviewers, once the interview took place)"
        ),
        "interview_with": (
            'the interviewers\' names ("Dana Reyes and Sam Ito"), for a note to a contact '
            "(recruiter, coordinator) or the hiring team (optional: empty for interviewers)"
        ),
        "met_on": (
            'the day of the interview as a sentence says it: "Tuesday, November 24", "mardi 24 '
            'novembre", "24. November", "martes 24 de noviembre" (optional: only once it '
            "took place)"
        ),
        "met_ago": (
            'how long ago the interview was: "three months ago" (optional: a week or more)'
        ),
        "upcoming_on": (
            "the day of the interview, while it is still ahead (optional: empty once it began)"
        ),
        "expected": (
            'the timeline the interviewer gave: "within a week", "by Friday, December 4" (optional)'
        ),
        "interest_sentence": (
            'a sentence as strong as the interest you recorded: "I remain interested in ...", '
            '"I remain very interested in ..." (high), "... is my first choice" (top)'
        ),
        "promise": (
            'the promise kept, as a sentence: "As promised, I am sending you my references." '
            "(optional; commitment drafts)"
        ),
        "greeting_name": (
            'first names of the recipients ("Dana and Sam"), or "Hiring Team" (in the '
            "draft's language)"
        ),
        "recipient_names": (
            'full names of the recipients ("Dana Reyes and Sam Ito"), or "Hiring Team"'
        ),
        "company": "the company's name",
        "role": "the job title interviewed for",
        "interview_date": (
            'the day of the interview in full ("Tuesday, November 24, 2026"; optional: only '
            "once it took place)"
        ),
        "interview_format": 'how the interview was held ("video", "on-site", "panel")',
        "interviewers": "full names of all recorded interviewers (optional)",
        "topic": "the topic recorded for the interview, whoever the recipient is (optional)",
        "user_name": "your name",
        "signature": "your signature (your name when no signature is configured)",
        "commitment": "what you promised, as you typed it (optional; commitment drafts)",
        "commitment_due": "the day the commitment is due (optional; commitment drafts)",
        "weeks_since": 'whole weeks from the interview to the action, e.g. "3" (optional)',
        "months_since": 'whole months from the interview to the action, e.g. "2" (optional)',
    }
)
"""Every field a template may use: name -> one-line description."""

OPTIONAL_FIELDS: frozenset[str] = frozenset(
    {
        "our_topic",
        "interview_with",
        "met_on",
        "met_ago",
        "upcoming_on",
        "expected",
        "promise",
        "interview_date",
        "interviewers",
        "topic",
        "commitment",
        "commitment_due",
        "weeks_since",
        "months_since",
    }
)
"""Fields that may be empty: a body line using one is dropped then; the subject may not use them."""

_SUBJECT_PREFIX = "subject:"
_BODY_START = 3
"""Line number (1-based) of the body's first line: after the subject and the blank line."""

_OPEN, _CLOSE, _BAR = "{{", "}}", "|"


@dataclass(frozen=True)
class _Template:
    """A template split into its subject and its body's paragraphs (each a tuple of lines);
    only built from a checked text."""

    subject: str
    paragraphs: tuple[tuple[str, ...], ...]


def _lines(text: str) -> list[str]:
    return text.removeprefix("\ufeff").splitlines()


# ---------------------------------------------------------------------------------------------
# Alternatives: "{{a|b|c}}".


@dataclass(frozen=True)
class _Piece:
    """A run of a line: plain text, or a set of alternatives (``options`` not empty)."""

    text: str = ""
    options: tuple[str, ...] = ()


def _pieces(line: str) -> tuple[list[_Piece], str | None]:
    """Split a line into plain runs and alternatives; return (pieces, problem or None).

    A placeholder (``${...}``, ``$$``) is skipped whole, so the braces of ``${role}}}`` close
    the placeholder first. The problem names its column (1-based).
    """
    pieces: list[_Piece] = []
    plain: list[str] = []
    options: list[str] | None = None
    current: list[str] = []
    start = 0
    index = 0
    pattern = string.Template.pattern
    while index < len(line):
        if line[index] == "$":
            match = pattern.match(line, index)
            end = match.end() if match is not None and match.end() > index else index + 1
            (current if options is not None else plain).append(line[index:end])
            index = end
            continue
        if line.startswith(_OPEN, index):
            if options is not None:
                return [], (
                    f"column {index + 1}: `{{{{` inside alternatives; alternatives do not nest"
                )
            pieces.append(_Piece(text="".join(plain)))
            plain, options, current, start = [], [], [], index
            index += len(_OPEN)
            continue
        if line.startswith(_CLOSE, index):
            if options is None:
                return [], (
                    f"column {index + 1}: `}}}}` closes no alternatives; open them with `{{{{`"
                )
            options.append("".join(current))
            problem = _options_problem(options, start)
            if problem:
                return [], problem
            pieces.append(_Piece(options=tuple(options)))
            options, current = None, []
            index += len(_CLOSE)
            continue
        if line[index] == _BAR and options is not None:
            options.append("".join(current))
            current = []
            index += 1
            continue
        (current if options is not None else plain).append(line[index])
        index += 1
    if options is not None:
        return [], (f"column {start + 1}: `{{{{` is never closed; end the alternatives with `}}}}`")
    pieces.append(_Piece(text="".join(plain)))
    return [piece for piece in pieces if piece.text or piece.options], None


def _options_problem(options: Sequence[str], start: int) -> str | None:
    where = f"column {start + 1}"
    if len(options) < 2:
        return (
            f"{where}: alternatives need two options or more, separated by `|`: "
            "{{first|second}}"
        )
    empty = [number for number, option in enumerate(options, start=1) if not option.strip()]
    if empty:
        return (
            f"{where}: option {empty[0]} of the alternatives is empty; write a wording there "
            "or remove the `|`"
        )
    return None


def _choose(line: str, position: int) -> str:
    """Return a checked line with each set of alternatives replaced by its chosen option."""
    pieces, _ = _pieces(line)
    return "".join(
        piece.options[position % len(piece.options)] if piece.options else piece.text
        for piece in pieces
    )


# ---------------------------------------------------------------------------------------------
# Checking.


def _line_problems(file: str, number: int, line: str) -> tuple[list[str], list[str]]:
    """Return (problems, identifiers) of one template line; ``number`` is 1-based."""
    problems: list[str] = []
    identifiers: list[str] = []
    _, problem = _pieces(line)
    if problem:
        problems.append(f"{file}: line {number}, {problem}")
    for match in string.Template.pattern.finditer(line):
        if match.group("invalid") is not None:
            start = match.start("invalid") - 1
            snippet = line[start:].split(maxsplit=1)[0][:20]
            problems.append(
                f"{file}: line {number}, column {start + 1}: invalid placeholder "
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
                f"{file}: line {number}: unknown field ${{{identifier}}}; "
                f"the known fields are: {', '.join(FIELDS)}"
            )
    return problems, identifiers


def _check_one(file: str, text: str) -> list[str]:
    """Return the problems of one template text (an empty list when it is fine)."""
    lines = _lines(text)
    if not lines or not lines[0].lower().startswith(_SUBJECT_PREFIX):
        return [f"{file}: the first line must be `Subject: ...`"]
    problems: list[str] = []
    subject = lines[0][len(_SUBJECT_PREFIX) :]
    if not subject.strip():
        problems.append(f"{file}: the subject is empty; write it after `Subject:`")
    subject_problems, subject_fields = _line_problems(file, 1, lines[0])
    problems += subject_problems
    optional = sorted({field for field in subject_fields if field in OPTIONAL_FIELDS})
    problems += [
        f"{file}: the subject uses the optional field ${{{field}}}, which may be empty; "
        f"the subject may use only: {', '.join(f for f in FIELDS if f not in OPTIONAL_FIELDS)}"
        for field in optional
    ]
    if len(lines) < 2 or lines[1].strip():
        problems.append(f"{file}: line 2 must be blank, to separate the subject from the body")
        return problems
    body = lines[2:]
    if not any(line.strip() for line in body):
        problems.append(f"{file}: the body is empty; write it after the blank line")
    for number, line in enumerate(body, start=_BODY_START):
        problems += _line_problems(file, number, line)[0]
    return problems


def _file(language: str, name: str, files: Mapping[str, Mapping[str, str]] | None) -> str:
    """The file name a problem names: the caller's, else "<language>/<name>.txt"."""
    if files is not None:
        given = files.get(language, {}).get(name)
        if given:
            return given
    return f"{language}/{name}.txt"


def check_templates(
    texts: Mapping[str, Mapping[str, str]],
    *,
    files: Mapping[str, Mapping[str, str]] | None = None,
    only: Mapping[str, Collection[str]] | None = None,
) -> list[str]:
    """Given templates as ``language -> name -> text``, return every problem, each starting
    with the file it is about ("fr/thank_you.txt: line 5: ...").

    ``files`` may name a template's file otherwise (``language -> name -> "thank_you.txt"``,
    for a user's template kept outside a language folder). Each language must be one of
    :data:`~watcher.models.DRAFT_LANGUAGES` and have every name of
    :data:`~watcher.models.TEMPLATE_NAMES`; other names are ignored. With ``only``
    (``language -> names``), only those templates are checked (and their languages' other
    templates are not read): the user's own, when the built-in ones are known good. An empty
    list means every template is fine.
    """
    if not texts:
        return ["there are no templates at all; reinstall watcher, or add your own"]
    problems: list[str] = []
    listed = list(texts) if only is None else list(only)
    ordered = [lang for lang in DRAFT_LANGUAGES if lang in listed]
    for language in [*ordered, *sorted(set(listed) - set(ordered))]:
        if language not in DRAFT_LANGUAGES:
            problems.append(
                f"{language}/: drafts are written in {', '.join(DRAFT_LANGUAGES)} only, not "
                f'"{language}"; rename or remove the folder'
            )
            continue
        for name in TEMPLATE_NAMES:
            if only is not None and name not in only[language]:
                continue
            file = _file(language, name, files)
            text = texts[language].get(name)
            if text is None:
                problems.append(f"{file}: the template is missing; add it")
            else:
                problems += _check_one(file, text)
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


def _parse(language: str, name: str, texts: Mapping[str, Mapping[str, str]]) -> _Template:
    file = f"{language}/{name}.txt"
    text = texts.get(language, {}).get(name)
    if text is None:
        raise TemplateError(
            f"there is no template {file}; add {name}.txt to the {language} folder of your "
            "templates directory"
        )
    problems = _check_one(file, text)
    if problems:
        raise TemplateError(
            f"template {file} is invalid ({'; '.join(problems)}); fix it and run again"
        )
    lines = _lines(text)
    paragraphs: list[tuple[str, ...]] = []
    current: list[str] = []
    for line in [*lines[2:], ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(tuple(current))
            current = []
    return _Template(subject=lines[0][len(_SUBJECT_PREFIX) :].strip(), paragraphs=tuple(paragraphs))


# ---------------------------------------------------------------------------------------------
# Values.


def _one_line(value: str) -> str:
    """Return ``value`` on a single line: line breaks become spaces, the ends are stripped."""
    return " ".join(part.strip() for part in value.splitlines() if part.strip())


def _full_name(person: Person) -> str:
    return _one_line(wording.display_name(person)) or _one_line(person.address)


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


def _to_interviewers(action: Action, interview: Interview) -> bool:
    """Whether every recipient is one of the interview's interviewers (and there is one)."""
    interviewers = {person.address for person in interview.interviewers}
    return bool(action.to) and all(
        person.role is PersonRole.INTERVIEWER and person.address in interviewers
        for person in action.to
    )


def position(action: Action, interview: Interview) -> int:
    """Return the index of the alternatives a draft for ``action`` uses: the position of its
    first recipient among the interview's interviewers (0 for the first), 0 for a contact or
    the hiring team."""
    if not _to_interviewers(action, interview):
        return 0
    addresses = [person.address for person in interview.interviewers]
    return addresses.index(action.to[0].address)


def _values(
    action: Action,
    timeline: Timeline,
    *,
    language: str,
    user_name: str,
    signature: str,
    tz: ZoneInfo,
) -> dict[str, str]:
    """Return the value of every field of :data:`FIELDS` for ``action``, in ``language``."""
    interview: Interview = timeline.interview
    interview_day = interview.at.astimezone(tz).date()
    due_day = action.due.astimezone(tz).date()
    met = interview.at < action.due
    weeks = (action.due - interview.at) // timedelta(weeks=1)
    months = (due_day.year - interview_day.year) * 12 + due_day.month - interview_day.month
    if due_day.day < interview_day.day:
        months -= 1
    to_interviewers = _to_interviewers(action, interview)
    company, role = _one_line(interview.company), _one_line(interview.role)
    signature_lines = [line.rstrip() for line in signature.strip().splitlines()]
    names = [_one_line(wording.first_name(p)) for p in action.to]
    topics = dict.fromkeys(
        _one_line(person.topic) or _one_line(interview.topic) for person in action.to
    )
    values = {
        "greeting": wording.greeting(language, action.to),
        "our_topic": (
            wording.join(language, (t for t in topics if t)) if to_interviewers and met else ""
        ),
        "interview_with": (
            ""
            if to_interviewers
            else wording.join(
                language, (_one_line(wording.display_name(p)) for p in interview.interviewers)
            )
        ),
        "met_on": (
            wording.day_in_text(
                language, interview_day, with_year=interview_day.year != due_day.year
            )
            if met
            else ""
        ),
        "met_ago": wording.ago(language, interview_day, due_day) if met else "",
        "upcoming_on": (
            ""
            if met
            else wording.day_in_text(
                language, interview_day, with_year=interview_day.year != due_day.year
            )
        ),
        "expected": wording.expected(language, interview.expect, this_year=due_day.year),
        "interest_sentence": wording.interest_sentence(
            language,
            interview.interest,
            company=company,
            role=role,
            variant=position(action, interview),
        ),
        "promise": "",
        "greeting_name": (
            wording.join(language, (name for name in names if name)) or wording.team_name(language)
        ),
        "recipient_names": (
            wording.join(language, (_full_name(p) for p in action.to))
            or wording.team_name(language)
        ),
        "company": company,
        "role": role,
        "interview_date": wording.long_date(language, interview_day) if met else "",
        "interview_format": wording.format_word(language, interview.format),
        "interviewers": wording.join(language, (_full_name(p) for p in interview.interviewers)),
        "topic": _one_line(interview.topic),
        "user_name": _one_line(user_name),
        "signature": "\n".join(signature_lines) or _one_line(user_name),
        "commitment": "",
        "commitment_due": "",
        "weeks_since": str(weeks) if met and weeks >= 1 else "",
        "months_since": str(months) if met and months >= 1 else "",
    }
    if action.kind is ActionKind.COMMITMENT:
        commitment = _commitment(action, timeline)
        recipients = [n for p in action.to for n in (wording.display_name(p), *names) if n]
        values["promise"] = wording.promise(language, commitment.what, recipients=recipients)
        values["commitment"] = _one_line(commitment.what)
        values["commitment_due"] = wording.long_date(language, commitment.due.astimezone(tz).date())
    return values


# ---------------------------------------------------------------------------------------------
# Rendering.


def _fill(text: str, values: Mapping[str, str], language: str, *, drop: bool = True) -> str | None:
    """Return ``text`` (alternatives already chosen) with its fields filled, or, with ``drop``,
    None when one of its fields is empty. A French "de"/"que" before a value starting with a
    vowel is elided ("le poste d'Analyste")."""
    out: list[str] = []
    last = 0
    for match in string.Template.pattern.finditer(text):
        literal = text[last : match.start()]
        last = match.end()
        if match.group("escaped") is not None:
            out.append(literal + "$")
            continue
        field = match.group("named") or match.group("braced")
        if field is None:  # an invalid "$": checked templates have none
            out.append(literal + match.group())
            continue
        value = values[field]
        if drop and not value.strip():
            return None
        out.append(wording.elide_before(language, literal, value) + value)
    out.append(text[last:])
    return "".join(out)


def _paragraph(lines: Sequence[str], *, closing: bool) -> str:
    """Join a paragraph's filled lines: on one line (values' line breaks too), or, for the
    closing, line by line without trailing spaces."""
    if closing:
        kept = [line.rstrip() for text in lines for line in text.splitlines()]
        return "\n".join(line for line in kept if line.strip())
    return " ".join(part for part in (_one_line(line) for line in lines) if part)


def _render_body(
    paragraphs: Sequence[Sequence[str]], values: Mapping[str, str], language: str, chosen: int
) -> str:
    """Fill the paragraphs: choose the alternatives, leave out the lines that use an empty
    field and the paragraphs left empty, join each paragraph (the last, the closing, keeps its
    lines)."""
    out: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        filled = [_fill(_choose(line, chosen), values, language) for line in paragraph]
        kept = [line for line in filled if line is not None and line.strip()]
        text = _paragraph(kept, closing=number == len(paragraphs) - 1)
        if not text:
            continue
        if len(out) == 1:
            text = wording.after_greeting(language, out[0], text)
        out.append(text)
    return "\n\n".join(out) + "\n"


def _placeholder_problem(user_name: str, signature: str) -> str | None:
    """Return what is wrong with the name and signature a draft is signed with, or None."""
    fix = (
        'write it in the config file (`[user] name = "Your Full Name"`, and `signature` if '
        "you set one; `watcher config check` shows the file)"
    )
    if not user_name.strip():
        return f"drafts are signed with your name, and none is set: {fix}"
    if is_placeholder_name(user_name):
        return f"drafts are signed with your name, and {user_name.strip()!r} is no real name: {fix}"
    lines = [line.strip() for line in signature.strip().splitlines() if line.strip()]
    first = next((line for line in lines if any(ch.isalpha() for ch in line)), "")
    if lines and (is_placeholder_name(" ".join(lines)) or is_placeholder_name(first)):
        return (
            f"drafts end with your signature, and it begins {first or lines[0]!r}, which is no "
            'real name: write yours in the config file (`[user] signature = "..."`), or remove '
            "it to sign with your name"
        )
    return None


def render_draft(
    action: Action,
    timeline: Timeline,
    texts: Mapping[str, Mapping[str, str]],
    *,
    user_name: str,
    signature: str,
    tz: ZoneInfo,
    language: str,
) -> Draft:
    """Given an action, its interview's timeline and the templates (``language -> name ->
    text``), return the draft to leave.

    The draft is written in the interview's ``language``, else in ``language`` (the
    configuration's); :attr:`Draft.language` says which. The fields come from the action (its
    recipients ``action.to``), the timeline's interview and, for a commitment action, the
    commitment whose id is ``int(action.ref)``. Dates are days in ``tz``; what is past or
    ahead is judged at ``action.due`` (this module never reads the clock). The draft goes where
    :func:`watcher.threads.place` says: it answers the last message a person exchanged with its
    recipients, under that message's subject.

    Raise :class:`TemplateError` if the action has no draft (move_on), the user name or the
    signature is a placeholder ("Me", "Your Name"), the interview has no role (found in mail),
    the language has no templates, the template is missing or invalid, or the commitment the
    action names is not in the timeline.
    """
    name = template_for(action)
    problem = _placeholder_problem(user_name, signature or user_name)
    if problem:
        raise TemplateError(problem)
    interview = timeline.interview
    if not interview.role.strip():
        raise TemplateError(
            f"interview #{interview.id} ({interview.company}) has no role yet (it was found in "
            "mail, which did not name it): drafts wait for it; give it with `watcher track "
            f'edit {interview.id} --role "Job Title"`'
        )
    if action.kind is ActionKind.THANK_YOU and action.ref.isdigit():
        # The thank-you of an earlier round speaks of that round: its day and its people.
        number = int(action.ref)
        if number <= len(interview.all_rounds):
            timeline = replace(timeline, interview=interview.round_view(number))
    chosen_language = timeline.interview.language or language
    if chosen_language not in texts:
        known = ", ".join(lang for lang in DRAFT_LANGUAGES if lang in texts) or "none"
        raise TemplateError(
            f"interview {timeline.interview.id} wants drafts in {chosen_language!r}, which has "
            f"no templates (there are: {known}); change the interview's language with "
            f"`watcher track edit {timeline.interview.id} --language en` or set [user] language"
        )
    template = _parse(chosen_language, name, texts)
    values = _values(
        action,
        timeline,
        language=chosen_language,
        user_name=user_name,
        signature=signature,
        tz=tz,
    )
    chosen = position(action, timeline.interview)
    subject = _fill(_choose(template.subject, chosen), values, chosen_language, drop=False) or ""
    placement = threads.place(timeline, action.to)
    return Draft(
        kind=action.kind,
        to=action.to,
        subject=placement.subject or " ".join(subject.split()),
        body=_render_body(template.paragraphs, values, chosen_language, chosen),
        in_reply_to=placement.in_reply_to,
        references=placement.references,
        language=chosen_language,
    )


def render(config: Config, action: Action, timeline: Timeline) -> Draft:
    """Given the config, an action and its interview's timeline, return its draft rendered with
    the config's templates, name, signature, language and time zone (what the engine leaves in
    the Drafts folder and `watcher draft preview` shows)."""
    return render_draft(
        action,
        timeline,
        config.templates,
        user_name=config.user.name,
        signature=config.user.signature,
        tz=config.policy.timezone,
        language=config.user.language,
    )
