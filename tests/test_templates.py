"""Tests of watcher.templates: the built-in templates in every language, their checks and the
rendering of drafts (paragraphs, alternatives, the fields that depend on the recipient and on
time, languages, the signature)."""

from __future__ import annotations

import email
import email.policy
import re
import string
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher.errors import TemplateError
from watcher.mail import compose_draft
from watcher.models import (
    DRAFT_LANGUAGES,
    TEMPLATE_NAMES,
    Action,
    ActionKind,
    Address,
    Commitment,
    Draft,
    Event,
    EventKind,
    Format,
    Interest,
    Interview,
    Person,
    PersonRole,
    ReplyKind,
    Round,
    Timeline,
)
from watcher.spans import Span, Unit
from watcher.templates import (
    FIELDS,
    OPTIONAL_FIELDS,
    check_templates,
    render_draft,
    template_for,
)

TZ = ZoneInfo("America/Los_Angeles")
INTERVIEW_AT = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
AFTER = INTERVIEW_AT + timedelta(hours=20)
BEFORE = INTERVIEW_AT - timedelta(days=3)
README = Path(__file__).resolve().parent.parent / "README.md"

DANA = Person("Dana Reyes", "dana@northwind.io", topic="the ingestion pipeline")
SAM = Person("Sam Ito", "sam@northwind.io", topic="on-call rotations")
LEE = Person("Lee Okafor", "lee@northwind.io")
RITA = Person("Rita Gomez", "rita@northwind.io", role=PersonRole.CONTACT)


def builtin_texts() -> dict[str, dict[str, str]]:
    folder = resources.files("watcher") / "data" / "templates"
    return {
        language: {
            name: (folder / language / f"{name}.txt").read_text(encoding="utf-8")
            for name in TEMPLATE_NAMES
        }
        for language in DRAFT_LANGUAGES
    }


BUILTIN = builtin_texts()


def make_interview(**changes: object) -> Interview:
    fields: dict[str, object] = {
        "id": 7,
        "company": "Northwind",
        "role": "Data Engineer",
        "at": INTERVIEW_AT,
        "format": Format.VIDEO,
        "interviewers": (DANA, SAM),
        "contacts": (RITA,),
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
        due=due or AFTER,
        to=to,
        reason="test",
        key=f"{interview_id}:{kind}:{number}",
        number=number,
        ref=ref,
    )


COMMITMENT = Commitment(
    id=3,
    interview_id=7,
    what="send the references from my last two managers",
    due=datetime(2026, 11, 27, 17, 0, tzinfo=TZ),
)


def render(
    action: Action,
    interview: Interview | None = None,
    texts: dict[str, dict[str, str]] | None = None,
    *,
    events: tuple[Event, ...] = (),
    signature: str = "Alex Kim\n+1 555 0100",
    user_name: str = "Alex Kim",
    language: str = "en",
    commitments: tuple[Commitment, ...] = (COMMITMENT,),
) -> Draft:
    timeline = Timeline(
        interview=interview or make_interview(), events=events, commitments=commitments
    )
    return render_draft(
        action,
        timeline,
        BUILTIN if texts is None else texts,
        user_name=user_name,
        signature=signature,
        tz=TZ,
        language=language,
    )


def with_template(name: str, text: str, language: str = "en") -> dict[str, dict[str, str]]:
    texts = {lang: dict(named) for lang, named in BUILTIN.items()}
    texts[language][name] = text
    return texts


def body_of(text: str, action: Action | None = None, **kwargs: object) -> str:
    """The body of a draft rendered from a one-off thank_you template ``text``."""
    texts = with_template("thank_you", text)
    return render(action or make_action(), None, texts, **kwargs).body  # type: ignore[arg-type]


def assert_tidy(body: str) -> None:
    assert body.endswith("\n")
    assert not body.endswith("\n\n")
    assert not body.startswith("\n")
    assert "\n\n\n" not in body
    assert all(line == line.rstrip() for line in body.split("\n"))


def middle(body: str) -> list[str]:
    """The paragraphs between the greeting and the closing."""
    return body.strip("\n").split("\n\n")[1:-1]


def sentences(body: str) -> list[str]:
    return [s for p in middle(body) for s in re.split(r"(?<=[.!?])\s+", p) if s]


DRAFT_KINDS = [
    (ActionKind.THANK_YOU, 1, ""),
    (ActionKind.FOLLOW_UP, 1, ""),
    (ActionKind.FOLLOW_UP, 2, ""),
    (ActionKind.GRACEFUL_CLOSE, 1, ""),
    (ActionKind.CHECK_IN, 1, ""),
    (ActionKind.EXPEDITE, 1, "12"),
    (ActionKind.COMMITMENT, 1, "3"),
]

CLOSINGS = {
    "en": ("Best regards,", "Kind regards,", "Warm regards,"),
    "fr": ("Bien cordialement,", "Cordialement,", "Bien à vous,"),
    "de": ("Mit freundlichen Grüßen", "Freundliche Grüße", "Beste Grüße"),
    "es": ("Un saludo cordial,", "Saludos cordiales,", "Atentamente,"),
}


# --- the built-in templates -------------------------------------------------------------------


def test_builtin_templates_pass_the_check() -> None:
    assert set(BUILTIN) == set(DRAFT_LANGUAGES)
    assert check_templates(BUILTIN) == []


def test_the_built_in_templates_are_only_in_language_folders() -> None:
    folder = resources.files("watcher") / "data" / "templates"
    assert sorted(entry.name for entry in folder.iterdir() if entry.name != "__pycache__") == (
        sorted(DRAFT_LANGUAGES)
    )


def test_fields_and_optional_fields_agree() -> None:
    assert set(FIELDS) >= OPTIONAL_FIELDS
    assert {"our_topic", "interview_with", "met_on", "expected", "promise"} <= OPTIONAL_FIELDS
    assert {"greeting", "interest_sentence", "company", "role"}.isdisjoint(OPTIONAL_FIELDS)
    assert all(description.strip() for description in FIELDS.values())


def test_the_readme_documents_every_field_and_the_format() -> None:
    section = README.read_text(encoding="utf-8").split("### Draft templates", 1)[1]
    section = section.split("\n## ", 1)[0]
    missing = [field for field in FIELDS if f"`${{{field}}}`" not in section]
    assert missing == []
    for words in ("{{", "one line", "closing", "fr/", "language"):
        assert words in section


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
@pytest.mark.parametrize(("kind", "number", "ref"), DRAFT_KINDS)
def test_each_kind_renders_in_each_language_without_residue(
    kind: ActionKind, number: int, ref: str, language: str
) -> None:
    draft = render(make_action(kind, number=number, ref=ref, to=(DANA,)), language=language)
    assert draft.kind is kind
    assert draft.language == language
    assert draft.to == (DANA,)
    assert draft.subject
    assert "\n" not in draft.subject
    assert not draft.subject.endswith(".")
    for text in (draft.subject, draft.body):
        assert "$" not in text
        assert "{{" not in text
        assert "}}" not in text
        assert "|" not in text
        assert "  " not in text
    assert "Northwind" in draft.body or kind is ActionKind.COMMITMENT
    assert draft.body.endswith("\nAlex Kim\n+1 555 0100\n")
    assert draft.body.split("\n\n")[-1].splitlines()[0] in CLOSINGS[language]
    assert "!" not in draft.body
    assert_tidy(draft.body)
    for paragraph in middle(draft.body):
        assert "\n" not in paragraph
        assert paragraph[-1] in ".?", paragraph


SUBJECTS = {
    "en": {
        "thank_you": "Thank you for the Data Engineer interview",
        "follow_up": "Following up on the Data Engineer interview",
    },
    "fr": {
        "thank_you": "Merci pour l'entretien – poste de Data Engineer",
        "follow_up": "Suivi de ma candidature au poste de Data Engineer",
    },
    "de": {
        "thank_you": "Vielen Dank für das Gespräch – Data Engineer",
        "follow_up": "Nachfrage zu meiner Bewerbung als Data Engineer",
    },
    "es": {
        "thank_you": "Gracias por la entrevista – Data Engineer",
        "follow_up": "Seguimiento de la entrevista – Data Engineer",
    },
}


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_subjects_in_the_common_style_of_each_language(language: str) -> None:
    thanks = render(make_action(ActionKind.THANK_YOU), language=language)
    follow = render(make_action(ActionKind.FOLLOW_UP, to=(RITA,)), language=language)
    assert thanks.subject == SUBJECTS[language]["thank_you"]
    assert follow.subject == SUBJECTS[language]["follow_up"]
    for name, text in BUILTIN[language].items():
        subject = text.splitlines()[0].removeprefix("Subject: ")
        literal = re.sub(r"\$\{\w+\}", "", subject)
        assert not re.search(r"\w[A-ZÄÖÜ]", literal), f"{language}/{name}: {subject}"
        if language != "de":  # German capitalises its nouns
            later = literal.split()[1:]
            assert all(not w[:1].isupper() for w in later), f"{language}/{name}: {subject}"


def words(body: str) -> int:
    return len(body.split())


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_drafts_are_concise_with_every_field_filled(language: str) -> None:
    long_people = tuple(
        Person(f"Alexandra-Maria {n} de la Fuente", f"p{n}@northwind.io", topic=f"topic {n}")
        for n in range(3)
    )
    interview = make_interview(
        company="Société Générale Ünïcode & Söhne GmbH",
        role="Senior Staff Data Platform Engineer",
        interviewers=long_people,
        expect=Span(2, Unit.WEEKS),
        interest=Interest.TOP,
    )
    limits = {"thank_you": 150, "follow_up": 120, "follow_up_2": 120}
    for kind, number, ref in DRAFT_KINDS:
        for to in (long_people[:1], long_people[1:2], long_people[2:], (RITA,)):
            action = make_action(kind, number=number, ref=ref, to=to, due=AFTER + timedelta(days=9))
            draft = render(action, interview, language=language)
            limit = limits.get(template_for(action), 180)
            assert words(draft.body) <= limit, (kind, language, draft.body)
            assert len(draft.subject) < 80


# --- paragraphs -------------------------------------------------------------------------------


def test_the_lines_of_a_paragraph_join_into_one_line() -> None:
    text = "Subject: Hi\n\nHello ${greeting_name},\n\nOne.\nTwo.\nThree.\n\nBye,\n${signature}\n"
    assert body_of(text) == "Hello Dana,\n\nOne. Two. Three.\n\nBye,\nAlex Kim\n+1 555 0100\n"


def test_the_closing_keeps_its_lines_and_a_signature_of_several_lines() -> None:
    text = "Subject: Hi\n\nA.\n\nThanks again,\nBest regards,\n${signature}\n"
    body = body_of(text, signature="Alex Kim\nData Engineer\n\nlinkedin.com/in/alexkim  \n")
    assert (
        body
        == "A.\n\nThanks again,\nBest regards,\nAlex Kim\nData Engineer\nlinkedin.com/in/alexkim\n"
    )


def test_a_signature_inside_a_paragraph_stays_on_its_line() -> None:
    text = "Subject: Hi\n\nFrom ${signature}, with thanks.\n\nBye\n"
    assert body_of(text) == "From Alex Kim +1 555 0100, with thanks.\n\nBye\n"


def test_a_template_of_one_paragraph_is_its_closing() -> None:
    text = "Subject: Hi\n\nTo ${recipient_names}.\nMet ${interviewers}.\n"
    body = body_of(text, make_action(to=(DANA, SAM)))
    assert body == "To Dana Reyes and Sam Ito.\nMet Dana Reyes and Sam Ito.\n"


def test_long_paragraphs_survive_composing_and_parsing() -> None:
    """A paragraph of 700 characters is one line of the draft; quoted-printable carries it."""
    sentence = "Nous avons parlé de l'équipe, des données et du déploiement continu à Zürich. "
    text = f"Subject: Hi\n\n${{greeting}}\n\n{sentence * 9}\n\nBye,\n${{signature}}\n"
    draft = render(make_action(), None, with_template("thank_you", text))
    paragraph = draft.body.split("\n\n")[1]
    assert len(paragraph) > 700
    data = compose_draft(
        draft,
        sender=Address("Alex Kim", "alex@example.com"),
        date=AFTER,
        message_id="<d1@watcher.test>",
    )
    assert all(len(line) <= 78 for line in data.split(b"\r\n"))
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert parsed.get_content().replace("\r\n", "\n") == draft.body  # type: ignore[attr-defined]


def test_missing_topic_removes_the_topic_sentence_only() -> None:
    with_topic = render(make_action(to=(LEE,)), make_interview(interviewers=(DANA, SAM, LEE)))
    without = render(
        make_action(to=(LEE,)), make_interview(interviewers=(DANA, SAM, LEE), topic="")
    )
    assert "the streaming pipeline migration" in with_topic.body
    assert "perspective on" not in without.body
    assert len(sentences(without.body)) == len(sentences(with_topic.body)) - 1
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


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_every_builtin_renders_tidily_with_only_the_required_fields(language: str) -> None:
    bare = make_interview(topic="", interviewers=(), contacts=())
    for kind, number, ref in DRAFT_KINDS:
        action = make_action(kind, number=number, ref=ref, to=())
        draft = render(action, bare, signature="", language=language)
        assert "$" not in draft.body
        greeting = {
            "en": "Dear Hiring Team,",
            "fr": "Madame, Monsieur,",
            "de": "Sehr geehrte Damen und Herren,",
            "es": "Estimado equipo de selección:",
        }[language]
        assert draft.body.startswith(f"{greeting}\n\n")
        assert draft.body.endswith("\nAlex Kim\n")
        assert len(middle(draft.body)) >= 1
        assert_tidy(draft.body)


def test_german_writes_the_word_after_the_greeting_small_but_keeps_nouns_and_sie() -> None:
    thanks = render(make_action(), language="de")
    assert thanks.body.startswith("Guten Tag Dana Reyes,\n\nvielen Dank")
    de = "de"
    for line, expected in [
        ("Ihre Nachricht kam an.", "Ihre Nachricht kam an."),
        ("Sie haben recht.", "Sie haben recht."),
        ("Ich hoffe, es geht Ihnen gut.", "ich hoffe, es geht Ihnen gut."),
        ("Daten sind wichtig.", "Daten sind wichtig."),
    ]:
        text = f"Subject: Hallo\n\n${{greeting}}\n\n{line}\n\nGrüße\n"
        body = render(make_action(), None, with_template("thank_you", text, de), language=de)
        assert body.body.split("\n\n")[1] == expected
    spanish = render(make_action(), language="es")
    assert spanish.body.startswith("Hola, Dana:\n\nMuchas gracias")


def test_french_elides_de_before_a_value_with_a_vowel() -> None:
    interview = make_interview(role="Analyste de données", company="Orange")
    draft = render(make_action(ActionKind.FOLLOW_UP, to=(RITA,)), interview, language="fr")
    assert draft.subject == "Suivi de ma candidature au poste d'Analyste de données"
    assert "de Analyste" not in draft.body
    text = "Subject: Hi\n\nLe poste de ${role}, que ${company} propose.\n"
    body = render(make_action(), interview, with_template("thank_you", text, "fr"), language="fr")
    assert body.body == "Le poste d'Analyste de données, qu'Orange propose.\n"
    english = render(make_action(), interview, with_template("thank_you", text), language="en")
    assert english.body == "Le poste de Analyste de données, que Orange propose.\n"


# --- alternatives -----------------------------------------------------------------------------

ALTERNATIVES = "Subject: {{A|B|C}} ${role}\n\n{{one ${greeting_name}|two|three}} and {{x|y}}.\n"


@pytest.mark.parametrize(
    ("to", "interviewers", "expected"),
    [
        ((DANA,), (DANA, SAM, LEE), ("A Data Engineer", "one Dana and x.\n")),
        ((SAM,), (DANA, SAM, LEE), ("B Data Engineer", "two and y.\n")),
        ((LEE,), (DANA, SAM, LEE), ("C Data Engineer", "three and x.\n")),
        ((LEE,), (LEE, DANA, SAM), ("A Data Engineer", "one Lee and x.\n")),
        ((RITA,), (DANA, SAM, LEE), ("A Data Engineer", "one Rita and x.\n")),
        ((), (DANA, SAM, LEE), ("A Data Engineer", "one Hiring Team and x.\n")),
        ((SAM, DANA), (DANA, SAM, LEE), ("B Data Engineer", "two and y.\n")),
    ],
)
def test_the_recipients_position_among_the_interviewers_picks_the_option(
    to: tuple[Person, ...], interviewers: tuple[Person, ...], expected: tuple[str, str]
) -> None:
    interview = make_interview(interviewers=interviewers)
    draft = render(make_action(to=to), interview, with_template("thank_you", ALTERNATIVES))
    assert (draft.subject, draft.body) == expected


def test_the_fourth_interviewer_starts_the_options_again() -> None:
    ann = Person("Ann Cho", "ann@northwind.io")
    interview = make_interview(interviewers=(DANA, SAM, LEE, ann))
    draft = render(make_action(to=(ann,)), interview, with_template("thank_you", ALTERNATIVES))
    assert draft.body == "one Ann and y.\n"


def test_only_the_chosen_option_decides_whether_a_line_is_kept() -> None:
    text = "Subject: Hi\n\n{{About ${topic}.|Hello.}}\n"
    bare = make_interview(topic="", interviewers=(DANA, SAM))
    assert render(make_action(to=(DANA,)), bare, with_template("thank_you", text)).body == "\n"
    assert render(make_action(to=(SAM,)), bare, with_template("thank_you", text)).body == (
        "Hello.\n"
    )


def test_a_placeholder_may_end_an_option() -> None:
    text = "Subject: Hi\n\n{{Hi|Dear ${greeting_name}}}.\n"
    assert check_templates(with_template("thank_you", text)) == []
    assert render(make_action(to=(SAM,)), None, with_template("thank_you", text)).body == (
        "Dear Sam.\n"
    )


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_a_panel_of_three_gets_notes_that_differ_in_most_sentences(language: str) -> None:
    people = (DANA, SAM, LEE)
    interview = make_interview(interviewers=people)
    notes = [render(make_action(to=(p,)), interview, language=language).body for p in people]
    for first in range(3):
        for second in range(first + 1, 3):
            a, b = sentences(notes[first]), sentences(notes[second])
            shared = set(a) & set(b)
            assert len(shared) <= len(a) // 2, (language, shared)
            closing = notes[first].split("\n\n")[-1].splitlines()[0]
            assert closing != notes[second].split("\n\n")[-1].splitlines()[0]
    again = render(make_action(to=(SAM,)), interview, language=language).body
    assert again == notes[1]


# --- the recipient's role ---------------------------------------------------------------------


def test_our_topic_is_the_interviewers_own_else_the_interviews() -> None:
    text = "Subject: Hi\n\nAbout ${our_topic}.\nWith ${interview_with}.\nEnd.\n"
    texts = with_template("thank_you", text)
    assert render(make_action(to=(DANA,)), None, texts).body == (
        "About the ingestion pipeline.\nEnd.\n"
    )
    lee = make_interview(interviewers=(DANA, LEE))
    assert render(make_action(to=(LEE,)), lee, texts).body == (
        "About the streaming pipeline migration.\nEnd.\n"
    )
    assert render(make_action(to=(DANA, SAM)), None, texts).body == (
        "About the ingestion pipeline and on-call rotations.\nEnd.\n"
    )


@pytest.mark.parametrize("to", [(RITA,), ()], ids=["contact", "hiring team"])
def test_a_contact_or_the_hiring_team_hears_of_the_interview_with_the_interviewers(
    to: tuple[Person, ...],
) -> None:
    text = "Subject: Hi\n\nAbout ${our_topic}.\nWith ${interview_with}.\nEnd.\n"
    draft = render(make_action(to=to), None, with_template("thank_you", text))
    assert draft.body == "With Dana Reyes and Sam Ito.\nEnd.\n"


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_a_follow_up_to_a_recruiter_never_speaks_of_our_conversation(language: str) -> None:
    draft = render(make_action(ActionKind.FOLLOW_UP, to=(RITA,)), language=language)
    for topic in ("ingestion pipeline", "on-call", "streaming pipeline migration"):
        assert topic not in draft.body
    assert "Dana Reyes" in draft.body
    ours = {"en": "our conversation", "fr": "notre échange", "de": "Gespräch über", "es": "nuestra"}
    assert ours[language] not in draft.body
    to_dana = render(make_action(ActionKind.FOLLOW_UP, to=(DANA,)), language=language)
    assert "ingestion pipeline" in to_dana.body
    assert "on-call" not in to_dana.body


# --- time: what happened and what is ahead ----------------------------------------------------

PAST_ONLY = "Subject: Hi\n\nMet ${met_on}.\nOn ${interview_date}.\nAbout ${our_topic}.\n"
PAST_ONLY += "Ago ${met_ago}.\nAhead ${upcoming_on}.\nWeeks ${weeks_since}.\nEnd.\n"


def test_past_fields_are_filled_once_the_interview_began() -> None:
    texts = with_template("thank_you", PAST_ONLY)
    later = render(make_action(due=datetime(2027, 2, 24, 9, tzinfo=TZ)), None, texts)
    assert later.body == (
        "Met Tuesday, November 24, 2026.\nOn Tuesday, November 24, 2026.\n"
        "About the ingestion pipeline.\nAgo three months ago.\nWeeks 13.\nEnd.\n"
    )
    soon = render(make_action(), None, texts)
    assert soon.body == (
        "Met Tuesday, November 24.\nOn Tuesday, November 24, 2026.\n"
        "About the ingestion pipeline.\nEnd.\n"
    )


def test_a_future_interview_fills_only_upcoming_on() -> None:
    texts = with_template("thank_you", PAST_ONLY)
    ahead = render(make_action(due=BEFORE), None, texts)
    assert ahead.body == "Ahead Tuesday, November 24.\nEnd.\n"
    started = render(make_action(due=INTERVIEW_AT + timedelta(minutes=1)), None, texts)
    assert "Ahead" not in started.body


PAST_CLAIMS = {
    "en": ("enjoyed", "our conversation", "thank you for taking", "meeting with me", "we met"),
    "fr": ("notre échange", "notre entretien", "apprécié", "consacré", "rencontrer"),
    "de": ("unser gespräch", "unser austausch", "gefreut", "kennenzulernen", "vielen dank für das"),
    "es": ("nuestra conversación", "disfruté", "conocer a", "la conversación del"),
}


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
@pytest.mark.parametrize("to", [(DANA,), (RITA,)], ids=["interviewer", "contact"])
def test_a_commitment_before_the_interview_claims_nothing_past(
    language: str, to: tuple[Person, ...]
) -> None:
    action = make_action(ActionKind.COMMITMENT, ref="3", to=to, due=BEFORE)
    draft = render(action, language=language)
    lowered = draft.body.lower()
    assert [claim for claim in PAST_CLAIMS[language] if claim in lowered] == []
    assert {"en": "Tuesday, November 24", "fr": "mardi 24 novembre", "de": "24. November"}.get(
        language, "martes 24 de noviembre"
    ) in draft.body
    assert len(sentences(draft.body)) >= 3
    after = render(make_action(ActionKind.COMMITMENT, ref="3", to=to), language=language)
    assert ("ingestion pipeline" in after.body) is (to == (DANA,))
    assert "24" not in after.body


# --- interest ---------------------------------------------------------------------------------

PREFERENCES = {
    "en": (
        r"very interested",
        r"most interested",
        r"first choice",
        r"top choice",
        r"much prefer",
        r"strongly prefer",
        r"remains the company",
        r"ideal",
        r"dream job",
        r"interests me very much",
        r"excited",
        r"eager",
    ),
    "fr": (
        r"vivement",
        r"premier choix",
        r"très intéress",
        r"intéress\w* beaucoup",
        r"préfér",
        r"idéal",
        r"emploi de rêve",
    ),
    "de": (
        r"sehr interess",
        r"erste wahl",
        r"lieber",
        r"bevorzug",
        r"ideal",
        r"traumjob",
        r"sehr\.",
    ),
    "es": (
        r"mucho interés",
        r"primera opción",
        r"me interesa mucho",
        r"prefer",
        r"ideal",
        r"soñad",
    ),
}


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_no_template_states_a_preference_but_through_interest_sentence(language: str) -> None:
    for name, text in BUILTIN[language].items():
        lowered = text.lower()
        for phrase in PREFERENCES[language]:
            assert not re.search(phrase, lowered), f"{language}/{name}.txt: {phrase}"


INTEREST_WORDS = {
    "en": ("interested", "very interested", "first choice"),
    "fr": ("m'intéresse", "vivement", "premier choix"),
    "de": ("interessiert", "sehr", "erste Wahl"),
    "es": ("me sigue interesando", "mucho", "primera opción"),
}


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
@pytest.mark.parametrize("to", [(DANA,), (SAM,), (LEE,)], ids=["first", "second", "third"])
def test_the_interest_sentence_is_exactly_as_strong_as_recorded(
    language: str, to: tuple[Person, ...]
) -> None:
    interview = make_interview(interviewers=(DANA, SAM, LEE))
    normal_word, high_word, top_word = INTEREST_WORDS[language]
    drafts = {
        interest: render(
            make_action(ActionKind.FOLLOW_UP, to=to),
            replace_interest(interview, interest),
            language=language,
        ).body
        for interest in Interest
    }
    strong = PREFERENCES[language]
    normal = drafts[Interest.NORMAL].lower()
    assert not any(re.search(p, normal) for p in strong), normal
    assert top_word not in drafts[Interest.HIGH]
    assert top_word in drafts[Interest.TOP]
    assert drafts[Interest.HIGH] != drafts[Interest.NORMAL]
    if to == (DANA,):
        assert normal_word in drafts[Interest.NORMAL]
        assert high_word in drafts[Interest.HIGH]


def replace_interest(interview: Interview, interest: Interest) -> Interview:
    return make_interview(interviewers=interview.interviewers, interest=interest)


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_expedite_says_only_what_the_user_told(language: str) -> None:
    normal = render(make_action(ActionKind.EXPEDITE, ref="12", to=(RITA,)), language=language)
    top = render(
        make_action(ActionKind.EXPEDITE, ref="12", to=(RITA,)),
        make_interview(interest=Interest.TOP),
        language=language,
    )
    offer = {"en": "an offer", "fr": "une offre", "de": "ein Angebot", "es": "una oferta"}
    assert offer[language] in normal.body
    assert INTEREST_WORDS[language][2] not in normal.body
    assert INTEREST_WORDS[language][2] in top.body
    for text in (normal.body.lower(), top.body.lower()):
        for unknown in ("respond soon", "deadline", "asked to", "délai", "frist", "plazo para"):
            assert unknown not in text
    assert "Contoso" not in normal.body


# --- fields -----------------------------------------------------------------------------------

GREETINGS = {
    "en": ("Dear Hiring Team,", "Dear Dana,", "Dear Dana and Sam,", "Dear Dana, Sam and Lee,"),
    "fr": (
        "Madame, Monsieur,",
        "Bonjour Dana,",
        "Bonjour Dana et Sam,",
        "Bonjour Dana, Sam et Lee,",
    ),
    "de": (
        "Sehr geehrte Damen und Herren,",
        "Guten Tag Dana Reyes,",
        "Guten Tag Dana Reyes und Sam Ito,",
        "Guten Tag Dana Reyes, Sam Ito und Lee Okafor,",
    ),
    "es": (
        "Estimado equipo de selección:",
        "Hola, Dana:",
        "Hola, Dana y Sam:",
        "Hola, Dana, Sam y Lee:",
    ),
}


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_greeting_names_every_recipient_in_the_languages_way(language: str, count: int) -> None:
    to = (DANA, SAM, LEE)[:count]
    draft = render(make_action(ActionKind.FOLLOW_UP, to=to), language=language)
    assert draft.body.splitlines()[0] == GREETINGS[language][count]
    assert draft.to == to


@pytest.mark.parametrize(
    ("person", "greeting"),
    [
        (Person("", "recruiting@northwind.io"), "Hello,"),
        (Person("", "dreyes@northwind.io"), "Hello,"),
        (Person("", "jobs.eu@northwind.io"), "Hello,"),
        (Person("", "dana.reyes@northwind.io"), "Dear Dana,"),
        (Person("Dr. Dana Reyes", "dana@northwind.io"), "Dear Dana,"),
        (Person("Reyes, Dana", "dana@northwind.io"), "Dear Dana,"),
    ],
)
def test_greeting_never_greets_a_mailbox(person: Person, greeting: str) -> None:
    draft = render(make_action(ActionKind.FOLLOW_UP, to=(person,)))
    assert draft.body.splitlines()[0] == greeting


def test_german_greets_by_first_name_when_the_surname_is_unknown() -> None:
    draft = render(make_action(to=(Person("Dana", "dana@northwind.io"),)), language="de")
    assert draft.body.startswith("Hallo Dana,\n\nvielen Dank")


def test_recipient_names_and_interviewers_are_full_names_joined_per_language() -> None:
    text = "Subject: Hi\n\nTo ${recipient_names}.\nMet ${interviewers}.\n"
    interview = make_interview(interviewers=(DANA, SAM, Person("Inés Ruiz", "ines@x.io")))
    for language, expected in [
        ("en", "Dana Reyes, Sam Ito and Inés Ruiz"),
        ("fr", "Dana Reyes, Sam Ito et Inés Ruiz"),
        ("de", "Dana Reyes, Sam Ito und Inés Ruiz"),
        ("es", "Dana Reyes, Sam Ito e Inés Ruiz"),
    ]:
        texts = with_template("thank_you", text, language)
        action = make_action(to=interview.interviewers)
        body = render(action, interview, texts, language=language).body
        assert body == f"To {expected}.\nMet {expected}.\n"
    nobody = render(
        make_action(to=()), make_interview(interviewers=()), with_template("thank_you", text)
    )
    assert nobody.body == "To Hiring Team.\n"


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("en", date(2026, 11, 24), "Tuesday, November 24, 2026"),
        ("fr", date(2026, 11, 24), "mardi 24 novembre 2026"),
        ("fr", date(2026, 12, 1), "mardi 1er décembre 2026"),
        ("de", date(2026, 11, 24), "Dienstag, 24. November 2026"),
        ("es", date(2026, 11, 24), "martes, 24 de noviembre de 2026"),
    ],
)
def test_interview_date_is_written_the_languages_way(
    language: str, day: date, expected: str
) -> None:
    at = datetime.combine(day, INTERVIEW_AT.timetz())
    text = "Subject: Hi\n\nWe met on ${interview_date}.\n"
    texts = with_template("thank_you", text, language)
    action = make_action(due=at + timedelta(hours=3))
    draft = render(action, make_interview(at=at), texts, language=language)
    assert draft.body == f"We met on {expected}.\n"


def test_interview_date_is_the_day_in_the_given_time_zone() -> None:
    at = datetime(2026, 11, 25, 3, 0, tzinfo=ZoneInfo("UTC"))
    text = "Subject: Hi\n\nWe met on ${interview_date}.\n"
    draft = render(make_action(), make_interview(at=at), with_template("thank_you", text))
    assert draft.body == "We met on Tuesday, November 24, 2026.\n"


@pytest.mark.parametrize(
    ("expect", "texts"),
    [
        (
            Span(1, Unit.WEEKS),
            (
                "within a week",
                "sous une semaine",
                "innerhalb einer Woche",
                "en un plazo de una semana",
            ),
        ),
        (
            Span(2, Unit.WEEKS),
            (
                "within two weeks",
                "sous deux semaines",
                "innerhalb von zwei Wochen",
                "en un plazo de dos semanas",
            ),
        ),
        (
            Span(5, Unit.BUSINESS_DAYS),
            (
                "within five business days",
                "sous cinq jours ouvrés",
                "innerhalb von fünf Werktagen",
                "en un plazo de cinco días hábiles",
            ),
        ),
        (
            Span(1, Unit.MONTHS),
            ("within a month", "sous un mois", "innerhalb eines Monats", "en un plazo de un mes"),
        ),
        (
            Span(48, Unit.HOURS),
            (
                "within 48 hours",
                "sous 48 heures",
                "innerhalb von 48 Stunden",
                "en un plazo de 48 horas",
            ),
        ),
        (
            date(2026, 12, 4),
            (
                "by Friday, December 4",
                "d'ici le vendredi 4 décembre",
                "bis zum 4. Dezember",
                "para el viernes 4 de diciembre",
            ),
        ),
        (
            date(2027, 1, 8),
            (
                "by Friday, January 8, 2027",
                "d'ici le vendredi 8 janvier 2027",
                "bis zum 8. Januar 2027",
                "para el viernes 8 de enero de 2027",
            ),
        ),
    ],
)
def test_expected_is_the_timeline_in_each_language(
    expect: Span | date, texts: tuple[str, ...]
) -> None:
    text = "Subject: Hi\n\nDecision ${expected}.\nEnd.\n"
    for language, expected in zip(DRAFT_LANGUAGES, texts, strict=True):
        draft = render(
            make_action(),
            make_interview(expect=expect),
            with_template("thank_you", text, language),
            language=language,
        )
        assert draft.body == f"Decision {expected}.\nEnd.\n"
    unrecorded = render(make_action(), None, with_template("thank_you", text))
    assert unrecorded.body == "End.\n"


@pytest.mark.parametrize(
    ("fmt", "words_"),
    [
        (Format.ONSITE, ("on-site", "sur site", "vor Ort", "presencial")),
        (Format.PHONE, ("phone", "téléphonique", "am Telefon", "telefónica")),
    ],
)
def test_interview_format_is_a_word_of_the_language(fmt: Format, words_: tuple[str, ...]) -> None:
    text = "Subject: Hi\n\nThe ${interview_format} interview.\n"
    for language, word in zip(DRAFT_LANGUAGES, words_, strict=True):
        texts = with_template("thank_you", text, language)
        draft = render(make_action(), make_interview(format=fmt), texts, language=language)
        assert draft.body == f"The {word} interview.\n"


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


def test_the_old_fields_still_render_for_user_templates() -> None:
    old = (
        "Subject: Follow-Up on ${role} Interview at ${company}\n\n"
        "Dear ${greeting_name},\n\n"
        "To ${recipient_names}: our ${interview_format} interview on ${interview_date} with "
        "${interviewers} about ${topic}.\n"
        "It has been ${weeks_since} weeks.\n"
        "${user_name}\n\n"
        "Best regards,\n${signature}\n"
    )
    assert check_templates(with_template("follow_up", old)) == []
    draft = render(
        make_action(ActionKind.FOLLOW_UP, to=(RITA,), due=AFTER + timedelta(days=8)),
        None,
        with_template("follow_up", old),
    )
    assert draft.subject == "Follow-Up on Data Engineer Interview at Northwind"
    assert draft.body == (
        "Dear Rita,\n\nTo Rita Gomez: our video interview on Tuesday, November 24, 2026 with "
        "Dana Reyes and Sam Ito about the streaming pipeline migration. It has been 1 weeks. "
        "Alex Kim\n\nBest regards,\nAlex Kim\n+1 555 0100\n"
    )


def test_line_breaks_in_values_do_not_leak_into_the_subject() -> None:
    draft = render(make_action(), make_interview(role="Data\nEngineer\r\nBcc: x@evil.test"))
    assert "\n" not in draft.subject
    assert "\r" not in draft.subject
    assert draft.subject == "Thank you for the Data Engineer Bcc: x@evil.test interview"


# --- commitments and promises -----------------------------------------------------------------

PROMISES = [
    ("en", "send references", "As promised, I am sending you my references."),
    ("en", "share my portfolio", "As promised, I am sending you my portfolio."),
    ("en", "Send references to Dana by Friday.", "As promised, I am sending you my references."),
    ("en", "email a link to my GitHub", "As promised, I am sending you a link to my GitHub."),
    (
        "en",
        "the references from my last two managers",
        "As promised, I am sending you the references from my last two managers.",
    ),
    (
        "en",
        "check my availability for a second round",
        "I am following up on my promise to check my availability for a second round.",
    ),
    ("fr", "envoyer mes références", "Comme promis, je vous transmets mes références."),
    ("fr", "partager portfolio", "Comme promis, je vous transmets mon portfolio."),
    (
        "fr",
        "transmettre ma lettre de recommandation d'ici vendredi",
        "Comme promis, je vous transmets ma lettre de recommandation.",
    ),
    ("fr", "appeler Dana", "Je fais suite à ma promesse d'appeler Dana."),
    ("de", "Referenzen schicken", "Wie versprochen sende ich Ihnen meine Referenzen."),
    ("de", "bis Freitag Lebenslauf schicken", "Wie versprochen sende ich Ihnen meinen Lebenslauf."),
    ("de", "Portfolio an Dana senden", "Wie versprochen sende ich Ihnen mein Portfolio."),
    ("de", "Dana zurückrufen", "Ich komme auf mein Versprechen zurück, Dana zurückzurufen."),
    ("de", "Termine prüfen", "Ich komme auf mein Versprechen zurück, Termine zu prüfen."),
    ("es", "enviar mis referencias", "Tal como prometí, adjunto mis referencias."),
    ("es", "enviarle portafolio antes del viernes", "Tal como prometí, adjunto mi portafolio."),
    (
        "es",
        "revisar mi disponibilidad",
        "Escribo para cumplir mi compromiso de revisar mi disponibilidad.",
    ),
]


@pytest.mark.parametrize(("language", "what", "sentence"), PROMISES)
def test_a_promise_is_a_sentence_in_the_drafts_language(
    language: str, what: str, sentence: str
) -> None:
    commitment = Commitment(3, 7, what, COMMITMENT.due)
    draft = render(
        make_action(ActionKind.COMMITMENT, ref="3"),
        language=language,
        commitments=(commitment,),
    )
    first = draft.body.split("\n\n")[1].split(". ")[0].rstrip(".") + "."
    assert first == sentence[:1].lower() + sentence[1:] if language == "de" else sentence
    assert ": " + what not in draft.body


def test_commitment_fields_keep_the_promise_as_typed_and_its_day() -> None:
    text = "Subject: Hi\n\nBy ${commitment_due}: ${commitment}.\n"
    draft = render(
        make_action(ActionKind.COMMITMENT, ref="3"), None, with_template("commitment", text)
    )
    assert draft.body == (
        "By Friday, November 27, 2026: send the references from my last two managers.\n"
    )


def test_commitment_fields_are_empty_for_other_actions() -> None:
    text = "Subject: Hi\n\nHello.\nPromised ${commitment}.\n${promise}\n"
    draft = render(make_action(ActionKind.THANK_YOU), None, with_template("thank_you", text))
    assert draft.body == "Hello.\n"


@pytest.mark.parametrize(("ref", "pattern"), [("99", "no commitment 99"), ("x", "'x'")])
def test_commitment_action_naming_no_commitment_is_an_error(ref: str, pattern: str) -> None:
    with pytest.raises(TemplateError, match=pattern):
        render(make_action(ActionKind.COMMITMENT, ref=ref))


# --- languages --------------------------------------------------------------------------------


def test_the_interviews_language_wins_over_the_default() -> None:
    french = make_interview(language="fr")
    draft = render(make_action(), french, language="de")
    assert draft.language == "fr"
    assert draft.body.startswith("Bonjour Dana,")
    assert render(make_action(), language="de").language == "de"


def test_a_language_without_templates_is_a_clear_error() -> None:
    only_english = {"en": BUILTIN["en"]}
    with pytest.raises(TemplateError, match=r"'fr', which has no templates \(there are: en\)"):
        render(make_action(), make_interview(language="fr"), only_english)


# --- signed by the user -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Me", "Your Name", "[Your Name]", "", "TODO", "<name>"])
def test_a_placeholder_name_is_refused_with_the_fix(name: str) -> None:
    with pytest.raises(TemplateError) as error:
        render(make_action(), user_name=name, signature="")
    assert '[user] name = "Your Full Name"' in str(error.value)
    assert "[user] name" in str(error.value)


@pytest.mark.parametrize("signature", ["Your Name\n+1 555 0100", "Me", "[Your Name]"])
def test_a_placeholder_signature_is_refused_with_the_fix(signature: str) -> None:
    with pytest.raises(TemplateError, match=r"signature.*\[user\] signature"):
        render(make_action(), signature=signature)


def test_empty_signature_falls_back_to_the_user_name() -> None:
    draft = render(make_action(), signature="  ")
    assert draft.body.endswith("\nBest regards,\nAlex Kim\n")


def test_a_signature_may_start_with_the_separator() -> None:
    draft = render(make_action(), signature="-- \nAlex Kim")
    assert draft.body.endswith("\n--\nAlex Kim\n")


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
    texts = with_template("follow_up", "Subject: First\n\nfirst\n")
    texts["en"]["follow_up_2"] = "Subject: Second\n\nsecond\n"
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


def test_a_display_name_with_a_comma_still_threads_and_made_up_ids_never_do() -> None:
    events = (
        event(EventKind.REPLY, 5, "<a@northwind.io>", sender='"Reyes, Dana" <dana@northwind.io>'),
        event(EventKind.REPLY, 6, "<1f2e@no-message-id.invalid>", sender="dana@northwind.io"),
    )
    draft = render(make_action(ActionKind.FOLLOW_UP, to=(DANA,)), events=events)
    assert draft.in_reply_to == "<a@northwind.io>"
    assert draft.references == ("<a@northwind.io>",)


# --- check_templates --------------------------------------------------------------------------


def only_problem(texts: dict[str, dict[str, str]]) -> str:
    problems = check_templates(texts)
    assert len(problems) == 1, problems
    return problems[0]


def test_unknown_field_is_named_with_the_known_ones() -> None:
    text = BUILTIN["fr"]["thank_you"] + "Salaire : ${salary}\n"
    problem = only_problem(with_template("thank_you", text, "fr"))
    assert problem.startswith("fr/thank_you.txt: line ")
    assert "${salary}" in problem
    assert all(field in problem for field in FIELDS)


def test_a_problem_names_the_users_own_file() -> None:
    texts = with_template("thank_you", "Subject: Hi\n\n${salary}\n")
    files = {"en": {"thank_you": "thank_you.txt"}}
    assert only_problem(texts).startswith("en/thank_you.txt: line 3")
    problems = check_templates(texts, files=files)
    assert problems == [problems[0]]
    assert problems[0].startswith("thank_you.txt: line 3: unknown field ${salary}")


def test_unbraced_unknown_field_is_reported() -> None:
    problem = only_problem(with_template("check_in", "Subject: Hi\n\nCost: $$5 for $amount\n"))
    assert problem.startswith("en/check_in.txt: line 3: unknown field ${amount}")
    texts = with_template("check_in", "Subject: Hi\n\nCost: $5 for $amount\n")
    problems = check_templates(texts)
    assert problems[0].startswith("en/check_in.txt: line 3, column 7: invalid placeholder at `$5`")
    assert "${amount}" in problems[1]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("{{a|b", "column 1: `{{` is never closed; end the alternatives with `}}`"),
        ("a}} b", "column 2: `}}` closes no alternatives"),
        ("{{a|{{b|c}}}}", "column 5: `{{` inside alternatives; alternatives do not nest"),
        ("x {{a||b}}", "column 3: option 2 of the alternatives is empty"),
        ("{{ |b}}", "option 1 of the alternatives is empty"),
        ("{{only}}", "alternatives need two options or more"),
        ("{{a|${nope}}}", "unknown field ${nope}"),
    ],
)
def test_alternatives_are_checked(line: str, fragment: str) -> None:
    problem = only_problem(with_template("thank_you", f"Subject: Hi\n\n{line}\n", "de"))
    assert problem.startswith("de/thank_you.txt: line 3")
    assert fragment in problem


def test_missing_subject_line() -> None:
    problem = only_problem(with_template("follow_up", "Dear ${greeting_name},\n\nHello.\n"))
    assert problem == "en/follow_up.txt: the first line must be `Subject: ...`"
    assert only_problem(with_template("follow_up", "")) == problem


def test_empty_subject() -> None:
    problem = only_problem(with_template("follow_up", "Subject:  \n\nHello.\n"))
    assert problem.startswith("en/follow_up.txt: the subject is empty")


@pytest.mark.parametrize("field", ["topic", "met_on", "interview_date", "our_topic"])
def test_optional_field_in_the_subject(field: str) -> None:
    text = f"Subject: About ${{{field}}}\n\nHello.\n"
    problem = only_problem(with_template("thank_you", text))
    assert problem.startswith(f"en/thank_you.txt: the subject uses the optional field ${{{field}}}")
    assert "company" in problem


def test_no_blank_line_after_the_subject() -> None:
    problem = only_problem(with_template("expedite", "Subject: Hi\nDear ${greeting_name},\n"))
    assert problem.startswith("en/expedite.txt: line 2 must be blank")


def test_empty_body() -> None:
    problem = only_problem(with_template("expedite", "Subject: Hi\n\n  \n\n"))
    assert problem.startswith("en/expedite.txt: the body is empty")


@pytest.mark.parametrize("line", ["Thanks, ${greeting_name", "Costs ${ company }", "Pay $ now"])
def test_invalid_placeholder_syntax(line: str) -> None:
    problem = only_problem(with_template("graceful_close", f"Subject: Hi\n\n{line}\n"))
    assert problem.startswith("en/graceful_close.txt: line 3, column ")
    assert "invalid placeholder at `$" in problem
    assert "$$" in problem


def test_missing_template() -> None:
    texts = with_template("check_in", "")
    del texts["es"]["check_in"]
    texts["en"]["check_in"] = BUILTIN["en"]["check_in"]
    assert only_problem(texts).startswith("es/check_in.txt: the template is missing")


def test_an_unknown_language_is_a_problem() -> None:
    texts = {**BUILTIN, "it": BUILTIN["en"]}
    assert only_problem(texts).startswith(
        'it/: drafts are written in en, fr, de, es only, not "it"'
    )
    assert check_templates({}) == [
        "there are no templates at all; reinstall watcher, or add your own"
    ]


def test_every_problem_is_listed_at_once() -> None:
    texts = {lang: dict(named) for lang, named in BUILTIN.items()}
    texts["en"]["thank_you"] = "Subject: ${topic}\n\n${nope}\n"
    texts["fr"]["follow_up"] = "Hello\n"
    del texts["de"]["commitment"]
    problems = check_templates(texts)
    assert [problem.split(":", 1)[0] for problem in problems] == [
        "en/thank_you.txt",
        "en/thank_you.txt",
        "fr/follow_up.txt",
        "de/commitment.txt",
    ]


def test_windows_line_endings_and_a_bom_are_accepted() -> None:
    text = "\ufeffSubject: Hi ${company}\r\n\r\nHello ${greeting_name}.\r\n"
    assert check_templates(with_template("thank_you", text)) == []
    draft = render(make_action(), None, with_template("thank_you", text))
    assert (draft.subject, draft.body) == ("Hi Northwind", "Hello Dana.\n")


def test_render_refuses_an_invalid_or_missing_template() -> None:
    with pytest.raises(TemplateError, match=r"en/thank_you\.txt.*\$\{salary\}"):
        render(make_action(), None, with_template("thank_you", "Subject: Hi\n\n${salary}\n"))
    texts = with_template("expedite", "")
    del texts["en"]["expedite"]
    with pytest.raises(TemplateError, match=r"en/expedite\.txt"):
        render(make_action(ActionKind.EXPEDITE), None, texts)


# --- values are substituted literally ---------------------------------------------------------


def test_dollar_signs_and_braces_in_values_are_kept_literally() -> None:
    company = "$$ ${role} $company {{a|b}} Corp"
    draft = render(make_action(), make_interview(company=company, topic="$5 ${topic}"))
    assert company in draft.body
    assert "$5 ${topic}" not in draft.body  # Dana's own topic is what she hears about
    lee = render(
        make_action(to=(LEE,)),
        make_interview(company=company, topic="$5 ${topic}", interviewers=(DANA, LEE)),
    )
    assert "$5 ${topic}" in lee.body


line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    max_size=30,
)
dollar_text = st.one_of(
    line_text,
    st.sampled_from(["$", "$$", "${x}", "${company}", "$role", "${", "}$", "{{", "}}", "|"]),
    st.builds(lambda a, b: f"{a}${{{b}}}{a}", line_text, st.sampled_from(sorted(FIELDS))),
)
non_blank = dollar_text.filter(lambda value: bool(value.strip()))


@settings(max_examples=150, deadline=None)
@given(
    company=non_blank,
    role=non_blank,
    topic=dollar_text,
    names=st.lists(dollar_text, max_size=3),
    draft_kind=st.sampled_from(DRAFT_KINDS),
    language=st.sampled_from(DRAFT_LANGUAGES),
)
def test_rendering_never_leaves_a_placeholder_and_keeps_the_company(
    company: str,
    role: str,
    topic: str,
    names: list[str],
    draft_kind: tuple[ActionKind, int, str],
    language: str,
) -> None:
    kind, number, ref = draft_kind
    people = tuple(Person(name, f"p{i}@example.com") for i, name in enumerate(names))
    interview = make_interview(company=company, role=role, topic=topic, interviewers=people)
    draft = render(
        make_action(kind, number=number, ref=ref, to=people), interview, language=language
    )
    values = [company, role, topic, *names]
    template = BUILTIN[language][template_for(make_action(kind, number=number))]
    for field in string.Template(template).get_identifiers():
        for placeholder in (f"${{{field}}}", f"${field}"):
            if placeholder in draft.body and not any(placeholder in value for value in values):
                pytest.fail(f"{placeholder} left in the draft")
    if kind is not ActionKind.COMMITMENT:  # a promise kept needs no company name
        assert " ".join(company.split()) in " ".join(draft.body.split())
    assert "\n" not in draft.subject
    assert_tidy(draft.body)


# --- processes found in mail: rounds, and a role not known yet --------------------------------


def test_a_draft_waits_for_the_role_of_an_interview_found_in_mail() -> None:
    for role in ("", "  "):
        with pytest.raises(TemplateError) as caught:
            render(make_action(), make_interview(role=role))
        assert str(caught.value) == (
            "interview #7 (Northwind) has no role yet (it was found in mail, which did not "
            'name it): drafts wait for it; give it with `watcher track edit 7 --role "Job Title"`'
        )


def test_the_thank_you_of_an_earlier_round_speaks_of_that_round() -> None:
    first = make_interview(interviewers=(DANA,))
    later = INTERVIEW_AT + timedelta(days=7)
    process = first.with_rounds((*first.all_rounds, Round(later, Format.ONSITE, (LEE,))))
    earlier = render(make_action(to=(DANA,), ref="1"), process)
    assert earlier.to == (DANA,)
    alone = render(make_action(to=(DANA,)), first)
    assert earlier.body == alone.body  # the day of the first round, as if it were the only one
    latest = render(make_action(to=(LEE,), ref="2", due=later + timedelta(hours=2)), process)
    day = f"{later:%A}, {later:%B} {later.day}"
    assert day in latest.body
    assert day not in earlier.body
