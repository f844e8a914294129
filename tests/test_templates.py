"""Tests of watcher.templates: the built-in templates, their checks and the rendering of drafts."""

from __future__ import annotations

import string
from datetime import datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.errors import TemplateError
from watcher.models import (
    TEMPLATE_NAMES,
    Action,
    ActionKind,
    Commitment,
    Draft,
    Event,
    EventKind,
    Format,
    Interview,
    Person,
    ReplyKind,
    Timeline,
)
from watcher.templates import (
    FIELDS,
    OPTIONAL_FIELDS,
    check_templates,
    render_draft,
    template_for,
)

TZ = ZoneInfo("America/Los_Angeles")
INTERVIEW_AT = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)

DANA = Person("Dana Reyes", "dana@northwind.io")
SAM = Person("Sam Ito", "sam@northwind.io")
LEE = Person("Lee Okafor", "lee@northwind.io")


def builtin_texts() -> dict[str, str]:
    folder = resources.files("watcher") / "data" / "templates"
    return {name: (folder / f"{name}.txt").read_text(encoding="utf-8") for name in TEMPLATE_NAMES}


BUILTIN = builtin_texts()


def make_interview(**changes: object) -> Interview:
    fields: dict[str, object] = {
        "id": 7,
        "company": "Northwind",
        "role": "Data Engineer",
        "at": INTERVIEW_AT,
        "format": Format.VIDEO,
        "interviewers": (DANA, SAM),
        "topic": "the streaming pipeline migration",
    }
    fields.update(changes)
    return Interview(**fields)  # type: ignore[arg-type]


def make_action(
    kind: ActionKind = ActionKind.THANK_YOU,
    *,
    to: tuple[Person, ...] = (DANA,),
    number: int = 1,
    ref: str = "",
    due: datetime | None = None,
    interview_id: int = 7,
) -> Action:
    return Action(
        interview_id=interview_id,
        kind=kind,
        due=due or INTERVIEW_AT + timedelta(hours=20),
        to=to,
        reason="test",
        key=f"{interview_id}:{kind}:{number}",
        number=number,
        ref=ref,
    )


COMMITMENT = Commitment(
    id=3,
    interview_id=7,
    what="the references from my last two managers",
    due=datetime(2026, 11, 27, 17, 0, tzinfo=TZ),
)


def render(
    action: Action,
    interview: Interview | None = None,
    texts: dict[str, str] | None = None,
    *,
    events: tuple[Event, ...] = (),
    signature: str = "Alex Kim\n+1 555 0100",
) -> Draft:
    timeline = Timeline(
        interview=interview or make_interview(), events=events, commitments=(COMMITMENT,)
    )
    return render_draft(
        action,
        timeline,
        BUILTIN if texts is None else texts,
        user_name="Alex Kim",
        signature=signature,
        tz=TZ,
    )


def with_template(name: str, text: str) -> dict[str, str]:
    return {**BUILTIN, name: text}


def assert_tidy(body: str) -> None:
    assert body.endswith("\n")
    assert not body.endswith("\n\n")
    assert not body.startswith("\n")
    assert "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.split("\n"))


# --- the built-in templates -------------------------------------------------------------------


def test_builtin_templates_pass_the_check() -> None:
    assert check_templates(BUILTIN) == []


def test_builtin_templates_have_short_lines() -> None:
    for name, text in BUILTIN.items():
        for number, line in enumerate(text.splitlines(), start=1):
            assert len(line) < 100, f"{name}.txt line {number} is {len(line)} characters"


def test_fields_and_optional_fields_agree() -> None:
    assert set(FIELDS) >= OPTIONAL_FIELDS
    assert {"topic", "commitment", "commitment_due", "weeks_since", "months_since"} <= (
        OPTIONAL_FIELDS
    )
    assert all(description.strip() for description in FIELDS.values())


DRAFT_KINDS = [
    (ActionKind.THANK_YOU, 1, ""),
    (ActionKind.FOLLOW_UP, 1, ""),
    (ActionKind.FOLLOW_UP, 2, ""),
    (ActionKind.GRACEFUL_CLOSE, 1, ""),
    (ActionKind.CHECK_IN, 1, ""),
    (ActionKind.EXPEDITE, 1, "12"),
    (ActionKind.COMMITMENT, 1, "3"),
]


@pytest.mark.parametrize(("kind", "number", "ref"), DRAFT_KINDS)
def test_each_kind_renders_without_placeholder_residue(
    kind: ActionKind, number: int, ref: str
) -> None:
    action = make_action(kind, number=number, ref=ref, to=(DANA, SAM))
    draft = render(action)
    assert draft.kind is kind
    assert draft.to == (DANA, SAM)
    assert draft.subject
    assert "\n" not in draft.subject
    for text in (draft.subject, draft.body):
        assert "$" not in text
    assert draft.body.startswith("Dear Dana and Sam,\n\n")
    assert "Northwind" in draft.body
    assert draft.body.endswith("Alex Kim\n+1 555 0100\n")
    assert "!" not in draft.body
    assert_tidy(draft.body)


def test_thank_you_names_date_topic_and_role() -> None:
    draft = render(make_action(ActionKind.THANK_YOU))
    assert draft.subject == "Thank you for the Data Engineer interview"
    assert "Tuesday, November 24, 2026" in draft.body
    assert "the streaming pipeline migration" in draft.body
    assert "Data Engineer" in draft.body


def test_follow_up_subjects_follow_the_article() -> None:
    first = render(make_action(ActionKind.FOLLOW_UP, number=1))
    second = render(make_action(ActionKind.FOLLOW_UP, number=2))
    assert first.subject == second.subject == "Follow-Up on Data Engineer Interview"
    assert len(second.body) < len(first.body)


def test_graceful_close_is_the_article_template() -> None:
    draft = render(make_action(ActionKind.GRACEFUL_CLOSE))
    assert draft.subject == "Thank You for the Opportunity"
    assert "keep me in mind" in draft.body
    assert "all the best" in draft.body


def test_expedite_mentions_the_offer_but_not_the_other_company() -> None:
    other = make_interview(id=12, company="Contoso")
    draft = render(make_action(ActionKind.EXPEDITE, ref=str(other.id)))
    assert "another offer" in draft.body
    assert "timeline" in draft.body
    assert "Contoso" not in draft.body
    assert "Northwind remains the company I am most interested in" in draft.body


# --- fields -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("to", "greeting"),
    [
        ((), "Dear Hiring Team,"),
        ((DANA,), "Dear Dana,"),
        ((DANA, SAM), "Dear Dana and Sam,"),
        ((DANA, SAM, LEE), "Dear Dana, Sam and Lee,"),
    ],
)
def test_greeting_names_every_recipient(to: tuple[Person, ...], greeting: str) -> None:
    draft = render(make_action(ActionKind.FOLLOW_UP, to=to))
    assert draft.body.splitlines()[0] == greeting
    assert draft.to == to


def test_greeting_uses_the_address_when_there_is_no_name() -> None:
    draft = render(make_action(to=(Person("", "recruiting@northwind.io"),)))
    assert draft.body.startswith("Dear Recruiting,\n")


def test_greeting_guesses_a_first_name_from_a_dotted_address() -> None:
    draft = render(make_action(to=(Person("", "dana.reyes@northwind.io"),)))
    assert draft.body.startswith("Dear Dana,\n")


def test_recipient_names_and_interviewers_are_full_names() -> None:
    text = "Subject: Hi\n\nTo ${recipient_names}.\nMet ${interviewers}.\n"
    draft = render(
        make_action(to=(DANA, SAM, LEE)),
        make_interview(interviewers=(DANA, SAM, LEE)),
        with_template("thank_you", text),
    )
    assert draft.body == (
        "To Dana Reyes, Sam Ito and Lee Okafor.\nMet Dana Reyes, Sam Ito and Lee Okafor.\n"
    )
    nobody = render(
        make_action(to=()),
        make_interview(interviewers=()),
        with_template("thank_you", text),
    )
    assert nobody.body == "To Hiring Team.\n"


def test_interview_date_is_the_day_in_the_given_time_zone() -> None:
    at = datetime(2026, 11, 25, 3, 0, tzinfo=ZoneInfo("UTC"))
    text = "Subject: On ${interview_date}\n\nWe met on ${interview_date}.\n"
    draft = render(make_action(), make_interview(at=at), with_template("thank_you", text))
    assert draft.subject == "On Tuesday, November 24, 2026"
    assert draft.body == "We met on Tuesday, November 24, 2026.\n"


def test_interview_format_is_a_word() -> None:
    text = "Subject: Hi\n\nOur ${interview_format} interview.\n"
    draft = render(
        make_action(), make_interview(format=Format.ONSITE), with_template("thank_you", text)
    )
    assert draft.body == "Our on-site interview.\n"


def test_weeks_and_months_since_count_to_the_action_due_time() -> None:
    text = "Subject: Hi\n\nWeeks: ${weeks_since}.\nMonths: ${months_since}.\nEnd.\n"
    texts = with_template("check_in", text)
    later = render(
        make_action(ActionKind.CHECK_IN, due=datetime(2027, 2, 23, 9, tzinfo=TZ)), None, texts
    )
    assert later.body == "Weeks: 12.\nMonths: 2.\nEnd.\n"
    soon = render(
        make_action(ActionKind.CHECK_IN, due=INTERVIEW_AT + timedelta(days=6)), None, texts
    )
    assert soon.body == "End.\n"


def test_empty_signature_falls_back_to_the_user_name() -> None:
    draft = render(make_action(), signature="  ")
    assert draft.body.endswith("Best regards,\nAlex Kim\n")


def test_signature_keeps_its_lines_without_trailing_spaces() -> None:
    draft = render(make_action(), signature="Alex Kim   \nlinkedin.com/in/alexkim  \n\n")
    assert draft.body.endswith("Best regards,\nAlex Kim\nlinkedin.com/in/alexkim\n")


def test_line_breaks_in_values_do_not_leak_into_the_subject() -> None:
    draft = render(make_action(), make_interview(role="Data\nEngineer\r\nBcc: x@evil.test"))
    assert "\n" not in draft.subject
    assert "\r" not in draft.subject
    assert draft.subject == "Thank you for the Data Engineer Bcc: x@evil.test interview"


# --- optional lines ---------------------------------------------------------------------------


def test_missing_topic_removes_the_topic_line() -> None:
    with_topic = render(make_action())
    without = render(make_action(), make_interview(topic=""))
    assert "conversation about" in with_topic.body
    assert "conversation about" not in without.body
    assert len(without.body.splitlines()) == len(with_topic.body.splitlines()) - 1
    assert_tidy(without.body)


@pytest.mark.parametrize("topic", ["", "   ", "\n"])
def test_blank_topic_in_its_own_paragraph_leaves_no_doubled_blank_lines(topic: str) -> None:
    text = "Subject: Hi\n\nDear ${greeting_name},\n\nWe discussed ${topic}.\n\nBest regards,\n"
    draft = render(make_action(), make_interview(topic=topic), with_template("thank_you", text))
    assert draft.body == "Dear Dana,\n\nBest regards,\n"


def test_removed_last_line_leaves_no_trailing_blank_line() -> None:
    text = "Subject: Hi\n\nHello.\n\n\nAbout ${topic}.\n\n"
    draft = render(make_action(), make_interview(topic=""), with_template("thank_you", text))
    assert draft.body == "Hello.\n"


def test_every_builtin_renders_tidily_with_only_the_required_fields() -> None:
    bare = make_interview(topic="", interviewers=())
    for kind, number, ref in DRAFT_KINDS:
        draft = render(make_action(kind, number=number, ref=ref, to=()), bare, signature="")
        assert "$" not in draft.body
        assert draft.body.startswith("Dear Hiring Team,\n\n")
        assert_tidy(draft.body)


# --- choosing the template --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "number", "name"),
    [
        (ActionKind.THANK_YOU, 1, "thank_you"),
        (ActionKind.FOLLOW_UP, 1, "follow_up"),
        (ActionKind.FOLLOW_UP, 2, "follow_up_2"),
        (ActionKind.FOLLOW_UP, 3, "follow_up_2"),
        (ActionKind.GRACEFUL_CLOSE, 1, "graceful_close"),
        (ActionKind.CHECK_IN, 4, "check_in"),
        (ActionKind.EXPEDITE, 1, "expedite"),
        (ActionKind.COMMITMENT, 1, "commitment"),
    ],
)
def test_template_for(kind: ActionKind, number: int, name: str) -> None:
    assert template_for(make_action(kind, number=number)) == name
    assert name in TEMPLATE_NAMES


def test_second_follow_up_renders_follow_up_2() -> None:
    texts = {
        **with_template("follow_up", "Subject: First\n\nfirst\n"),
        "follow_up_2": "Subject: Second\n\nsecond\n",
    }
    assert render(make_action(ActionKind.FOLLOW_UP, number=1), None, texts).body == "first\n"
    draft = render(make_action(ActionKind.FOLLOW_UP, number=2), None, texts)
    assert (draft.subject, draft.body) == ("Second", "second\n")


def test_move_on_has_no_draft_and_names_the_interview() -> None:
    action = make_action(ActionKind.MOVE_ON, interview_id=42)
    with pytest.raises(TemplateError, match=r"watcher track close 42 --outcome ghosted"):
        template_for(action)
    with pytest.raises(TemplateError, match=r"move_on"):
        render(action, make_interview(id=42))


# --- threading --------------------------------------------------------------------------------


def event(
    kind: EventKind,
    hours: int,
    message_id: str,
    *,
    sender: str = "",
    recipients: tuple[str, ...] = (),
) -> Event:
    return Event(
        interview_id=7,
        kind=kind,
        at=INTERVIEW_AT + timedelta(hours=hours),
        reply_kind=ReplyKind.ACKNOWLEDGEMENT if kind is EventKind.REPLY else None,
        message_id=message_id,
        sender=sender,
        recipients=recipients,
    )


def test_draft_replies_in_the_thread_with_its_recipient() -> None:
    dana = "Dana Reyes <dana@northwind.io>"
    events = (
        event(EventKind.REPLY, 50, "<ack@northwind.io>", sender=dana),
        event(EventKind.SENT, 20, "<thanks@alex.example>", recipients=("dana@northwind.io",)),
        event(EventKind.REPLY, 60, "", sender=dana),
        event(EventKind.NUDGE, 70, "<nudge@alex.example>"),
        event(EventKind.DRAFT, 80, "<draft@alex.example>", recipients=("dana@northwind.io",)),
        event(EventKind.REPLY, 40, "<invite@northwind.io>", sender="DANA@northwind.io"),
        event(EventKind.REPLY, 90, "<other@northwind.io>", sender="Sam Ito <sam@northwind.io>"),
        event(EventKind.SENT, 55, "<thanks@alex.example>", recipients=("dana@northwind.io",)),
    )
    draft = render(make_action(ActionKind.FOLLOW_UP, to=(DANA,)), events=events)
    # The latest message with Dana (not Sam's later one, nor a draft or a nudge).
    assert draft.in_reply_to == "<thanks@alex.example>"
    assert draft.references == (
        "<thanks@alex.example>",
        "<invite@northwind.io>",
        "<ack@northwind.io>",
    )
    to_sam = render(make_action(ActionKind.FOLLOW_UP, to=(SAM,)), events=events)
    assert to_sam.in_reply_to == "<other@northwind.io>"
    assert to_sam.references == ("<other@northwind.io>",)


def test_draft_to_nobody_or_to_a_stranger_starts_a_thread() -> None:
    events = (event(EventKind.REPLY, 5, "<a@northwind.io>", sender="sam@northwind.io"),)
    assert render(make_action(to=()), events=events).in_reply_to == ""
    to_dana = render(make_action(to=(DANA,)), events=events)
    assert (to_dana.in_reply_to, to_dana.references) == ("", ())


def test_draft_without_messages_starts_a_thread() -> None:
    draft = render(make_action(), events=(event(EventKind.REPLY, 5, ""),))
    assert draft.in_reply_to == ""
    assert draft.references == ()


# --- commitments ------------------------------------------------------------------------------


def test_commitment_draft_includes_what_was_promised() -> None:
    draft = render(make_action(ActionKind.COMMITMENT, ref="3"))
    assert "As promised during our conversation on Tuesday, November 24, 2026" in draft.body
    assert "the references from my last two managers" in draft.body


def test_commitment_due_is_a_day() -> None:
    text = "Subject: Hi\n\nBy ${commitment_due}: ${commitment}.\n"
    draft = render(
        make_action(ActionKind.COMMITMENT, ref="3"), None, with_template("commitment", text)
    )
    assert draft.body == "By Friday, November 27, 2026: the references from my last two managers.\n"


def test_commitment_fields_are_empty_for_other_actions() -> None:
    text = "Subject: Hi\n\nHello.\nPromised ${commitment}.\n"
    draft = render(make_action(ActionKind.THANK_YOU), None, with_template("thank_you", text))
    assert draft.body == "Hello.\n"


@pytest.mark.parametrize(("ref", "pattern"), [("99", "no commitment 99"), ("x", "'x'")])
def test_commitment_action_naming_no_commitment_is_an_error(ref: str, pattern: str) -> None:
    with pytest.raises(TemplateError, match=pattern):
        render(make_action(ActionKind.COMMITMENT, ref=ref))


# --- check_templates --------------------------------------------------------------------------


def only_problem(texts: dict[str, str]) -> str:
    problems = check_templates(texts)
    assert len(problems) == 1, problems
    return problems[0]


def test_unknown_field_is_named_with_the_known_ones() -> None:
    text = BUILTIN["thank_you"] + "Salary: ${salary}\n"
    problem = only_problem(with_template("thank_you", text))
    assert problem.startswith("thank_you.txt: line ")
    assert "${salary}" in problem
    assert all(field in problem for field in FIELDS)


def test_unbraced_unknown_field_is_reported() -> None:
    problem = only_problem(with_template("check_in", "Subject: Hi\n\nCost: $$5 for $amount\n"))
    assert problem.startswith("check_in.txt: line 3: unknown field ${amount}")
    problems = check_templates(with_template("check_in", "Subject: Hi\n\nCost: $5 for $amount\n"))
    assert problems[0].startswith("check_in.txt: line 3, column 7: invalid placeholder at `$5`")
    assert "${amount}" in problems[1]


def test_missing_subject_line() -> None:
    problem = only_problem(with_template("follow_up", "Dear ${greeting_name},\n\nHello.\n"))
    assert problem == "follow_up.txt: the first line must be `Subject: ...`"
    assert only_problem(with_template("follow_up", "")) == problem


def test_empty_subject() -> None:
    problem = only_problem(with_template("follow_up", "Subject:  \n\nHello.\n"))
    assert problem.startswith("follow_up.txt: the subject is empty")


def test_optional_field_in_the_subject() -> None:
    problem = only_problem(with_template("thank_you", "Subject: About ${topic}\n\nHello.\n"))
    assert problem.startswith("thank_you.txt: the subject uses the optional field ${topic}")
    assert "company" in problem


def test_no_blank_line_after_the_subject() -> None:
    problem = only_problem(with_template("expedite", "Subject: Hi\nDear ${greeting_name},\n"))
    assert problem.startswith("expedite.txt: line 2 must be blank")


def test_empty_body() -> None:
    problem = only_problem(with_template("expedite", "Subject: Hi\n\n  \n\n"))
    assert problem.startswith("expedite.txt: the body is empty")


@pytest.mark.parametrize("line", ["Thanks, ${greeting_name", "Costs ${ company }", "Pay $ now"])
def test_invalid_placeholder_syntax(line: str) -> None:
    problem = only_problem(with_template("graceful_close", f"Subject: Hi\n\n{line}\n"))
    assert problem.startswith("graceful_close.txt: line 3, column ")
    assert "invalid placeholder at `$" in problem
    assert "$$" in problem


def test_missing_template() -> None:
    texts = dict(BUILTIN)
    del texts["check_in"]
    assert only_problem(texts).startswith("check_in.txt: the template is missing")


def test_every_problem_is_listed_at_once() -> None:
    texts = {
        **BUILTIN,
        "thank_you": "Subject: ${topic}\n\n${nope}\n",
        "follow_up": "Hello\n",
    }
    del texts["commitment"]
    problems = check_templates(texts)
    assert [problem.split(":", 1)[0] for problem in problems] == [
        "thank_you.txt",
        "thank_you.txt",
        "follow_up.txt",
        "commitment.txt",
    ]


def test_windows_line_endings_and_a_bom_are_accepted() -> None:
    text = "\ufeffSubject: Hi ${company}\r\n\r\nHello ${greeting_name}.\r\n"
    assert check_templates(with_template("thank_you", text)) == []
    draft = render(make_action(), None, with_template("thank_you", text))
    assert (draft.subject, draft.body) == ("Hi Northwind", "Hello Dana.\n")


def test_render_refuses_an_invalid_or_missing_template() -> None:
    with pytest.raises(TemplateError, match=r"thank_you\.txt.*\$\{salary\}"):
        render(make_action(), None, with_template("thank_you", "Subject: Hi\n\n${salary}\n"))
    texts = dict(BUILTIN)
    del texts["expedite"]
    with pytest.raises(TemplateError, match=r"expedite\.txt"):
        render(make_action(ActionKind.EXPEDITE), None, texts)


# --- values are substituted literally ---------------------------------------------------------


def test_dollar_signs_in_values_are_kept_literally() -> None:
    company = "$$ ${role} $company Corp"
    draft = render(make_action(), make_interview(company=company, topic="$5 ${topic}"))
    assert company in draft.body
    assert "$5 ${topic}" in draft.body


line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    max_size=30,
)
dollar_text = st.one_of(
    line_text,
    st.sampled_from(["$", "$$", "${x}", "${company}", "$role", "${", "}$"]),
    st.builds(lambda a, b: f"{a}${{{b}}}{a}", line_text, st.sampled_from(sorted(FIELDS))),
)
non_blank = dollar_text.filter(lambda value: bool(value.strip()))


@settings(max_examples=150, deadline=None)
@given(
    company=non_blank,
    role=dollar_text,
    topic=dollar_text,
    names=st.lists(dollar_text, max_size=3),
    draft_kind=st.sampled_from(DRAFT_KINDS),
)
def test_rendering_never_leaves_a_placeholder_and_keeps_the_company(
    company: str,
    role: str,
    topic: str,
    names: list[str],
    draft_kind: tuple[ActionKind, int, str],
) -> None:
    kind, number, ref = draft_kind
    people = tuple(Person(name, f"p{i}@example.com") for i, name in enumerate(names))
    interview = make_interview(company=company, role=role, topic=topic, interviewers=people)
    draft = render(make_action(kind, number=number, ref=ref, to=people), interview)
    values = [company, role, topic, *names]
    template = BUILTIN[template_for(make_action(kind, number=number))]
    for field in string.Template(template).get_identifiers():
        for placeholder in (f"${{{field}}}", f"${field}"):
            if placeholder in draft.body and not any(placeholder in value for value in values):
                pytest.fail(f"{placeholder} left in the draft")
    assert company.strip() in draft.body
    assert "\n" not in draft.subject
    assert_tidy(draft.body)


def test_a_display_name_with_a_comma_still_threads_and_made_up_ids_never_do() -> None:
    events = (
        event(EventKind.REPLY, 5, "<a@northwind.io>", sender='"Reyes, Dana" <dana@northwind.io>'),
        event(EventKind.REPLY, 6, "<1f2e@no-message-id.invalid>", sender="dana@northwind.io"),
    )
    draft = render(make_action(ActionKind.FOLLOW_UP, to=(DANA,)), events=events)
    assert draft.in_reply_to == "<a@northwind.io>"
    assert draft.references == ("<a@northwind.io>",)
