"""Tests of watcher.draftcheck, then the scenario table that lints the built-in templates.

The first part is the linter itself: every check fires on a crafted bad draft (the faults a new
user met in the drafts, in English, French, German and Spanish) and stays quiet on a good one.

The second part is the real test of the templates: every template of TEMPLATE_NAMES, in every
language of DRAFT_LANGUAGES, rendered over scenarios (past and future interviews, panels, a
recruiter alone, names and companies in any script, offers elsewhere, every level of interest)
with the actions the real policy plans, and every draft linted. It renders with the API of the
multilingual templates (``render_draft(..., language=...)`` and ``texts`` as language -> name
-> text, the built-in ones in ``watcher/data/templates/<lang>/<name>.txt``); until they exist it
fails saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watcher import policy, templates
from watcher.draftcheck import LANGUAGES, lint, lint_panel
from watcher.models import (
    DRAFT_LANGUAGES,
    TEMPLATE_NAMES,
    Action,
    ActionKind,
    Commitment,
    Draft,
    Event,
    EventKind,
    Format,
    Interest,
    Interview,
    Person,
    PersonRole,
    PolicySettings,
    ReplyKind,
    Timeline,
)
from watcher.record import replace

NY = ZoneInfo("America/New_York")


def ny(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


DANA = Person("Dana Reyes", "dana@northwind.example", topic="the ingestion pipeline")
SAM = Person("Sam Ito", "sam@northwind.example", topic="the on-call rotation")
LEE = Person("Lee Okafor", "lee@northwind.example", topic="the hiring plan")
RITA = Person("Rita Cruz", "rita@northwind.example", PersonRole.CONTACT)

PAST = ny(11, 24, 14)  # Tue 24 Nov 2026, the interview of the unit tests
AFTER = ny(11, 25, 10)  # the next morning: a thank-you is due
FUTURE = ny(12, 9, 10)  # Wed 9 Dec 2026, an interview three days ahead of BEFORE
BEFORE = ny(12, 6, 9)

INTERVIEW = Interview(
    id=1,
    company="Northwind",
    role="Data Engineer",
    at=PAST,
    interviewers=(DANA, SAM),
    contacts=(RITA,),
)

GREETING = {"en": "Dear {},", "fr": "Bonjour {},", "de": "Hallo {},", "es": "Estimada {}:"}
HELLO = {"en": "Hello,", "fr": "Bonjour,", "de": "Guten Tag,", "es": "Hola:"}
CLOSING = {
    "en": "Best regards,",
    "fr": "Cordialement,",
    "de": "Viele Grüße",
    "es": "Saludos cordiales,",
}
SUBJECT = {
    "en": "Thank you for the interview",
    "fr": "Merci pour l'entretien",
    "de": "Danke für das Gespräch",
    "es": "Gracias por la entrevista",
}
"""The subject of a thank-you; the other drafts get :data:`TOPIC_SUBJECT`."""
TOPIC_SUBJECT = {
    "en": "The Data Engineer role",
    "fr": "Le poste de Data Engineer",
    "de": "Die Stelle als Data Engineer",
    "es": "El puesto de Data Engineer",
}

THANKS = {
    "en": (
        "Thank you for taking the time to speak with me about the Data Engineer role at Northwind.",
        "I enjoyed our conversation about the ingestion pipeline and how your team runs it.",
        "I am interested in the role and would welcome the chance to contribute to your team.",
    ),
    "fr": (
        "Merci d'avoir pris le temps d'échanger avec moi au sujet du poste de Data Engineer chez "
        "Northwind.",
        "J'ai apprécié notre conversation sur le pipeline d'ingestion et la façon dont votre "
        "équipe le fait vivre.",
        "Le poste m'intéresse et je serais heureux de contribuer au travail de votre équipe.",
    ),
    "de": (
        "Vielen Dank, dass Sie sich die Zeit genommen haben, mit mir über die Stelle als Data "
        "Engineer bei Northwind zu sprechen.",
        "Unser Gespräch über die Ingestion-Pipeline und die Arbeit Ihres Teams hat mir gut "
        "gefallen.",
        "Die Stelle interessiert mich, und ich würde gern zu Ihrem Team beitragen.",
    ),
    "es": (
        "Gracias por dedicar su tiempo a hablar conmigo sobre el puesto de Data Engineer en "
        "Northwind.",
        "Disfruté nuestra conversación sobre el pipeline de ingesta y el trabajo de su equipo.",
        "El puesto me interesa y me gustaría contribuir al trabajo de su equipo.",
    ),
}
"""A good thank-you to an interviewer after the interview, sentence by sentence."""

NEUTRAL = {
    "en": "I wanted to ask whether there is any news about the Data Engineer role.",
    "fr": "Je me permets de vous demander s'il y a du nouveau au sujet du poste de Data Engineer.",
    "de": "Ich wollte fragen, ob es Neuigkeiten zur Stelle als Data Engineer gibt.",
    "es": "Quería preguntarle si hay novedades sobre el puesto de Data Engineer.",
}
"""A sentence that is true in any draft, before or after the interview, to anyone."""


def letter(
    language: str,
    *paragraphs: str,
    to: str = "Dana",
    closing: str | None = None,
    signature: str = "Alex Kim\n+1 555 0100",
) -> str:
    """A body: greeting, one line per paragraph with blank lines between, closing, signature."""
    greeting = GREETING[language].format(to) if to else HELLO[language]
    parts = [greeting, *paragraphs, f"{CLOSING[language] if closing is None else closing}"]
    return "\n\n".join(parts) + "\n" + (signature + "\n" if signature else "")


def draft(
    body: str,
    *,
    language: str = "en",
    kind: ActionKind = ActionKind.THANK_YOU,
    to: tuple[Person, ...] = (DANA,),
    subject: str | None = None,
) -> Draft:
    return Draft(
        kind=kind,
        to=to,
        subject=(SUBJECT if kind is ActionKind.THANK_YOU else TOPIC_SUBJECT)[language]
        if subject is None
        else subject,
        body=body,
        language=language,
    )


def problems_of(
    body: str,
    *,
    language: str = "en",
    kind: ActionKind = ActionKind.THANK_YOU,
    to: tuple[Person, ...] = (DANA,),
    subject: str | None = None,
    interview: Interview = INTERVIEW,
    at: datetime = AFTER,
    commitments: tuple[Commitment, ...] = (),
) -> list[str]:
    return lint(
        draft(body, language=language, kind=kind, to=to, subject=subject),
        Timeline(interview, commitments=commitments),
        at=at,
    )


def with_quote(problems: list[str], quote: str, words: str) -> list[str]:
    """The problems that quote ``quote`` and say ``words``."""
    return [p for p in problems if f'"{quote}"' in p and words in p]


# --- the good drafts are clean ----------------------------------------------------------------


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_a_good_thank_you_is_clean(language: str) -> None:
    assert problems_of(letter(language, *THANKS[language]), language=language) == []


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_a_neutral_note_is_clean_to_anyone_before_or_after(language: str) -> None:
    body = letter(language, NEUTRAL[language], to="Rita")
    for at in (AFTER, BEFORE):
        interview = replace(INTERVIEW, at=FUTURE if at == BEFORE else PAST)
        kind = ActionKind.COMMITMENT if at == BEFORE else ActionKind.FOLLOW_UP
        assert (
            problems_of(body, language=language, to=(RITA,), kind=kind, interview=interview, at=at)
            == []
        )
    nobody = letter(language, NEUTRAL[language], to="")
    assert problems_of(nobody, language=language, to=()) == []


def test_at_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        lint(draft(letter("en", *THANKS["en"])), Timeline(INTERVIEW), at=datetime(2026, 11, 25))  # noqa: DTZ001


def test_every_draft_language_has_its_phrases() -> None:
    assert set(LANGUAGES) == set(DRAFT_LANGUAGES)


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("\n ,.:$[]{}<>()'\"")),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(
    body=TEXT,
    subject=TEXT,
    language=st.sampled_from([*DRAFT_LANGUAGES, "pt", ""]),
    kind=st.sampled_from(list(ActionKind)),
    name=TEXT,
    topic=TEXT,
    days=st.integers(-400, 400),
)
def test_lint_names_problems_of_any_text_and_never_raises(
    body: str, subject: str, language: str, kind: ActionKind, name: str, topic: str, days: int
) -> None:
    someone = Person(name, "someone@northwind.example", topic=topic)
    interview = replace(INTERVIEW, interviewers=(someone, SAM), topic=topic)
    made = Draft(kind=kind, to=(someone,), subject=subject, body=body, language=language)
    found = lint(made, Timeline(interview), at=PAST + timedelta(days=days))
    assert all(isinstance(p, str) and p for p in found)
    assert all(isinstance(p, str) and p for p in lint_panel([made, replace(made, to=(SAM,))]))


# --- no false claim ---------------------------------------------------------------------------

FUTURE_INTERVIEW = replace(INTERVIEW, at=FUTURE)

PAST_CLAIMS = [
    (
        "en",
        "Thank you again for interviewing me for the Data Engineer position on Wednesday, "
        "December 9.",
        "Thank you again for interviewing me",
    ),
    ("en", "I really enjoyed meeting the team.", "I really enjoyed"),
    ("en", "It was a pleasure to meet the team.", "It was a pleasure"),
    ("en", "We met to talk about the role.", "We met"),
    ("en", "As we discussed, I will bring my portfolio.", "we discussed"),
    ("en", "Our conversation made the role clearer to me.", "Our conversation"),
    (
        "fr",
        "Merci encore pour l'entretien du mercredi 9 décembre.",
        "Merci encore pour l'entretien",
    ),
    ("fr", "Notre échange m'a beaucoup plu.", "Notre échange"),
    ("fr", "C'était un plaisir de rencontrer l'équipe.", "C'était un plaisir"),
    ("fr", "Nous avons parlé du pipeline.", "Nous avons parlé"),
    ("de", "Vielen Dank für das Gespräch am Mittwoch, 9. Dezember.", "Dank für das Gespräch"),
    ("de", "Unser Gespräch war sehr aufschlussreich.", "Unser Gespräch"),
    ("de", "Es war mir eine Freude, das Team kennenzulernen.", "Es war mir eine Freude"),
    ("de", "Wir haben über die Pipeline gesprochen.", "Wir haben über die Pipeline gesprochen"),
    ("es", "Gracias por la entrevista del miércoles 9 de diciembre.", "Gracias por la entrevista"),
    ("es", "Nuestra conversación me ayudó a entender el puesto.", "Nuestra conversación"),
    ("es", "Fue un placer conocer al equipo.", "Fue un placer"),
    ("es", "Nos conocimos en la oficina.", "Nos conocimos"),
]


@pytest.mark.parametrize(("language", "sentence", "quote"), PAST_CLAIMS)
def test_no_past_claim_before_the_interview(language: str, sentence: str, quote: str) -> None:
    body = letter(language, NEUTRAL[language], sentence)
    before = problems_of(
        body, language=language, kind=ActionKind.COMMITMENT, interview=FUTURE_INTERVIEW, at=BEFORE
    )
    assert with_quote(before, quote, "has not taken place"), before
    after = problems_of(body, language=language, kind=ActionKind.COMMITMENT)
    assert not [p for p in after if "has not taken place" in p], after


DATE_CLAIMS = [
    ("en", "The interview was held on December 9.", "was held", "December 9"),
    ("en", "The interview took place on 12/9.", "took place", "12/9"),
    ("fr", "L'entretien s'est déroulé le 9 décembre.", "s'est déroulé", "9 décembre"),
    ("de", "Das Vorstellungsgespräch fand am 9.12. statt.", "fand", "9.12."),
    ("es", "La entrevista se celebró el 9 de diciembre.", "se celebró", "9 de diciembre"),
]


@pytest.mark.parametrize(("language", "sentence", "verb", "day"), DATE_CLAIMS)
def test_no_past_tense_next_to_the_date_of_a_coming_interview(
    language: str, sentence: str, verb: str, day: str
) -> None:
    body = letter(language, NEUTRAL[language], sentence)
    before = problems_of(
        body, language=language, kind=ActionKind.COMMITMENT, interview=FUTURE_INTERVIEW, at=BEFORE
    )
    assert [p for p in before if f'"{verb}" next to "{day}"' in p], before


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_the_date_of_a_coming_interview_may_be_named_in_the_future_tense(language: str) -> None:
    sentence = {
        "en": "I look forward to our interview on Wednesday, December 9.",
        "fr": "Je me réjouis de notre entretien du mercredi 9 décembre.",
        "de": "Ich freue mich auf das Vorstellungsgespräch am 9. Dezember.",
        "es": "Espero con interés la entrevista del 9 de diciembre.",
    }[language]
    body = letter(language, sentence)
    assert (
        problems_of(
            body,
            language=language,
            kind=ActionKind.COMMITMENT,
            interview=FUTURE_INTERVIEW,
            at=BEFORE,
        )
        == []
    )


@pytest.mark.parametrize("kind", [ActionKind.THANK_YOU, ActionKind.FOLLOW_UP, ActionKind.EXPEDITE])
def test_no_thank_you_follow_up_or_expedite_before_the_interview(kind: ActionKind) -> None:
    found = problems_of(
        letter("en", NEUTRAL["en"]), kind=kind, interview=FUTURE_INTERVIEW, at=BEFORE
    )
    assert [p for p in found if "which has not taken place yet" in p], found
    assert problems_of(letter("en", NEUTRAL["en"]), kind=kind) == []


PREFERENCES = [
    ("en", Interest.HIGH, "I am very interested in the role.", "very interested"),
    (
        "en",
        Interest.HIGH,
        "I am even more enthusiastic about the team now.",
        "even more enthusiastic",
    ),
    (
        "en",
        Interest.TOP,
        "Northwind remains the company I am most interested in, and I would much prefer to join "
        "your team.",
        "most interested",
    ),
    ("en", Interest.TOP, "This would be my dream job.", "dream job"),
    ("en", Interest.TOP, "Northwind is my first choice.", "first choice"),
    ("en", Interest.TOP, "The role is an ideal match for me.", "ideal"),
    ("fr", Interest.HIGH, "Je suis très intéressée par ce poste.", "très intéressée"),
    ("fr", Interest.TOP, "Northwind est mon premier choix.", "premier choix"),
    ("fr", Interest.TOP, "C'est le poste idéal pour moi.", "idéal"),
    ("de", Interest.HIGH, "Ich bin sehr interessiert an der Stelle.", "sehr interessiert"),
    ("de", Interest.TOP, "Northwind ist meine erste Wahl.", "erste Wahl"),
    ("de", Interest.TOP, "Das wäre mein Traumjob.", "Traumjob"),
    ("es", Interest.HIGH, "Estoy muy interesada en el puesto.", "muy interesada"),
    ("es", Interest.TOP, "Northwind es mi primera opción.", "primera opción"),
    ("es", Interest.TOP, "Es el trabajo soñado para mí.", "trabajo soñado"),
]
RANK = {Interest.NORMAL: 0, Interest.HIGH: 1, Interest.TOP: 2}


@pytest.mark.parametrize(("language", "level", "sentence", "quote"), PREFERENCES)
@pytest.mark.parametrize("interest", list(Interest))
def test_no_preference_stronger_than_the_interest(
    language: str, level: Interest, sentence: str, quote: str, interest: Interest
) -> None:
    body = letter(language, *THANKS[language], sentence)
    found = problems_of(body, language=language, interview=replace(INTERVIEW, interest=interest))
    stronger = with_quote(found, quote, "stronger preference")
    if RANK[level] > RANK[interest]:
        assert stronger, found
        assert f"({interest})" in stronger[0]
    else:
        assert found == []


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Ideally, I would start in March."),
        ("en", "I would be glad to help with anything the team prefers."),
        ("fr", "Idéalement, je commencerais en mars."),
        ("de", "Vielen Dank und viel Erfolg für das Projekt."),
        ("es", "Si lo prefiere, puedo enviar más información."),
        ("es", "Les deseo a usted y al equipo todo lo mejor."),
    ],
)
def test_words_are_matched_whole_not_inside_other_words(language: str, sentence: str) -> None:
    assert problems_of(letter(language, *THANKS[language], sentence), language=language) == []


def test_matching_ignores_case_and_accents() -> None:
    body = letter("fr", *THANKS["fr"], "JE SUIS TRES INTERESSE PAR CE POSTE.")
    assert with_quote(problems_of(body, language="fr"), "TRES INTERESSE", "stronger preference")


UNKNOWN = [
    ("en", "I have been asked to respond soon.", "asked to respond"),
    ("en", "I have a deadline on Friday.", "have a deadline"),
    ("fr", "On m'a demandé de répondre rapidement.", "m'a demandé de répondre"),
    ("fr", "Je dois donner ma réponse vendredi.", "Je dois donner ma réponse"),
    ("de", "Ich muss bis Freitag antworten.", "Ich muss bis Freitag antworten"),
    ("de", "Die Frist endet am Freitag.", "Frist"),
    ("es", "Tengo una fecha límite el viernes.", "fecha límite"),
    ("es", "Me han pedido que responda pronto.", "Me han pedido que responda"),
]


@pytest.mark.parametrize(("language", "sentence", "quote"), UNKNOWN)
@pytest.mark.parametrize("kind", [ActionKind.EXPEDITE, ActionKind.FOLLOW_UP])
def test_no_event_watcher_cannot_know(
    language: str, sentence: str, quote: str, kind: ActionKind
) -> None:
    found = problems_of(letter(language, NEUTRAL[language], sentence), language=language, kind=kind)
    assert with_quote(found, quote, "does not know"), found


OFFERS = [
    ("en", "I have received another offer.", "have received another offer"),
    ("fr", "J'ai reçu une autre offre.", "reçu une autre offre"),
    ("de", "Ich habe ein anderes Angebot erhalten.", "Angebot erhalten"),
    ("es", "He recibido otra oferta.", "recibido otra oferta"),
]


@pytest.mark.parametrize(("language", "sentence", "quote"), OFFERS)
def test_an_offer_elsewhere_only_in_an_expedite(language: str, sentence: str, quote: str) -> None:
    body = letter(language, NEUTRAL[language], sentence)
    found = problems_of(body, language=language, kind=ActionKind.FOLLOW_UP)
    assert with_quote(found, quote, "offer from elsewhere"), found
    assert problems_of(body, language=language, kind=ActionKind.EXPEDITE) == []


# --- no placeholder or empty field ------------------------------------------------------------

PLACEHOLDERS = [
    ("I enjoyed our conversation about ${topic}.", "${topic}", "unfilled template field"),
    ("I enjoyed our talk about the $topic.", "$topic", "unfilled template field"),
    ("I enjoyed learning about [Company Name].", "[Company Name]", "placeholder in brackets"),
    ("I enjoyed learning about {company}.", "{company}", "placeholder in braces"),
    ("Please give my regards to <name>.", "<name>", "placeholder in angle brackets"),
    ("I enjoyed learning about TODO.", "TODO", "placeholder"),
    ("I enjoyed our talk about XXX.", "XXX", "placeholder"),
    ("I enjoyed the talk about the  pipeline.", "the  pipeline", "doubled space"),
    ("I enjoyed the talk , and the tour.", "talk ,", "space before a comma"),
    ("I enjoyed our conversation about .", "about .", "space before a comma or period"),
    ("I enjoyed our conversation about.", "about", "as if a field were empty"),
    ("I enjoyed meeting the team () last week.", "()", "empty brackets"),
    ('I enjoyed the talk about "" very much.', '""', "empty quotes"),
    ("I enjoyed the talk with Dana, , and the team.", ", ,", "empty list item"),
    ("I enjoyed the talk with Dana and Sam, .", ", .", "empty list item"),
    ("I enjoyed learning about SociÃ©tÃ©.", "Ã©", "garbled characters"),
]


@pytest.mark.parametrize(("sentence", "quote", "words"), PLACEHOLDERS)
def test_no_placeholder_or_empty_field(sentence: str, quote: str, words: str) -> None:
    found = problems_of(letter("en", THANKS["en"][0], sentence))
    assert with_quote(found, quote, words), found


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
@pytest.mark.parametrize(
    ("slip", "words"),
    [
        (" ${company}", "unfilled template field"),
        (" $", "unfilled template field"),
        (" [Company Name]", "placeholder in brackets"),
        (" <name>", "placeholder in angle brackets"),
        (" TODO", "placeholder"),
        (" XXX", "placeholder"),
        (" ()", "empty brackets"),
        (" ,", "space before a comma"),
        ("  Northwind", "doubled space"),
    ],
)
def test_no_placeholder_in_any_language(language: str, slip: str, words: str) -> None:
    sentence = NEUTRAL[language][:-1] + slip + "."
    found = problems_of(letter(language, sentence), language=language, kind=ActionKind.FOLLOW_UP)
    assert [p for p in found if words in p and slip.strip() in p], found


@pytest.mark.parametrize(
    ("language", "sentence", "word"),
    [
        ("en", "I enjoyed our conversation with.", "with"),
        ("en", "Thank you for the interview on.", "on"),
        ("fr", "J'ai apprécié notre échange sur.", "sur"),
        ("de", "Ich habe mich sehr gefreut über.", "uber"),
        ("es", "Disfruté la conversación sobre.", "sobre"),
    ],
)
def test_no_sentence_ends_where_a_field_was_empty(language: str, sentence: str, word: str) -> None:
    found = problems_of(letter(language, THANKS[language][0], sentence), language=language)
    assert with_quote(found, word, "as if a field were empty"), found


def test_an_english_sentence_may_end_on_a_stranded_preposition() -> None:
    sentence = "I enjoyed hearing about the projects your team is working on."
    assert problems_of(letter("en", THANKS["en"][0], sentence)) == []


@pytest.mark.parametrize(
    ("language", "greeting", "quote"),
    [
        ("en", "Dear Hiring Team,", "Hiring Team"),
        ("en", "To whom it may concern,", "To whom it may concern"),
        ("fr", "Madame, Monsieur,", "Madame, Monsieur"),
        ("de", "Sehr geehrte Damen und Herren,", "Damen und Herren"),
        ("es", "Estimado equipo de selección:", "equipo de selección"),
    ],
)
def test_no_generic_greeting_when_a_recipient_has_a_name(
    language: str, greeting: str, quote: str
) -> None:
    body = letter(language, NEUTRAL[language]).replace(GREETING[language].format("Dana"), greeting)
    found = problems_of(body, language=language)
    assert with_quote(found, quote, "greet them by name"), found
    assert problems_of(body, language=language, to=()) == []


def test_the_greeting_names_the_recipients_and_nobody_else() -> None:
    to_sam = problems_of(letter("en", NEUTRAL["en"]), to=(SAM,))
    assert [p for p in to_sam if "does not name Sam Ito" in p], to_sam
    assert [p for p in to_sam if "names Dana Reyes, who is not a recipient" in p], to_sam
    assert problems_of(letter("en", NEUTRAL["en"], to="Sam"), to=(SAM,)) == []
    assert (
        problems_of(
            letter("de", NEUTRAL["de"]).replace("Hallo Dana", "Guten Tag Frau Reyes"), language="de"
        )
        == []
    )


def test_a_greeting_without_a_name_is_fine_for_a_nameless_recipient_but_not_an_address() -> None:
    nameless = Person("", "dana.reyes@northwind.example")
    interview = replace(INTERVIEW, interviewers=(nameless,))
    assert problems_of(letter("en", NEUTRAL["en"]), to=(nameless,), interview=interview) == []
    assert (
        problems_of(letter("en", NEUTRAL["en"], to=""), to=(nameless,), interview=interview) == []
    )
    shown = problems_of(
        letter("en", NEUTRAL["en"], to="dana.reyes@northwind.example"),
        to=(nameless,),
        interview=interview,
    )
    assert with_quote(shown, "dana.reyes@northwind.example", "shows the address"), shown


@pytest.mark.parametrize("signature", ["Me", "Your Name", "[Your Name]", "TODO", "-"])
def test_the_signature_is_no_placeholder(signature: str) -> None:
    found = problems_of(letter("en", *THANKS["en"], signature=signature))
    assert with_quote(found, signature, "no real name"), found


def test_a_draft_is_closed_and_signed() -> None:
    unsigned = problems_of(letter("en", *THANKS["en"], signature=""))
    assert [p for p in unsigned if "not signed" in p], unsigned
    unclosed = "Dear Dana,\n\n" + "\n\n".join(THANKS["en"]) + "\n\nAlex Kim\n"
    found = problems_of(unclosed)
    assert [p for p in found if "no closing line" in p], found


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_a_long_signature_and_a_closing_of_the_language_are_fine(language: str) -> None:
    signature = "Zoë Ñúñez-Łukasiewicz\nSenior Data Engineer\n+34 600 000 000\nlinkedin.com/in/zoe"
    body = letter(language, *THANKS[language], signature=signature)
    assert problems_of(body, language=language) == []


# --- no sentence cut by a line break ----------------------------------------------------------


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_every_sentence_on_its_own_line_is_a_broken_paragraph(language: str) -> None:
    greeting, closing = GREETING[language].format("Dana"), CLOSING[language]
    body = f"{greeting}\n\n" + "\n".join(THANKS[language]) + f"\n\n{closing}\nAlex Kim\n"
    found = problems_of(body, language=language)
    assert [p for p in found if "lines 3-5 are one paragraph broken after every sentence" in p]


@pytest.mark.parametrize(
    ("language", "cut"),
    [
        ("en", "Thank you once again for\nthe opportunity."),
        ("fr", "Merci encore pour\nvotre temps."),
        ("de", "Ich danke Ihnen noch einmal für\nIhre Zeit."),
        ("es", "Gracias de nuevo por\nsu tiempo."),
    ],
)
def test_no_sentence_cut_by_a_line_break(language: str, cut: str) -> None:
    found = problems_of(letter(language, NEUTRAL[language], cut), language=language)
    first = cut.split("\n")[0]
    assert with_quote(found, first, "ends in the middle of a sentence"), found


REFERENCES = Commitment(id=3, interview_id=1, what="send references", due=ny(11, 27, 17))


def test_no_promise_pasted_raw() -> None:
    pasted = "As promised, here is my follow-up: send references."
    found = problems_of(
        letter("en", NEUTRAL["en"], pasted), kind=ActionKind.COMMITMENT, commitments=(REFERENCES,)
    )
    assert with_quote(found, pasted, "raw after a colon"), found
    alone = problems_of(
        letter("en", NEUTRAL["en"], "Send references."),
        kind=ActionKind.COMMITMENT,
        commitments=(REFERENCES,),
    )
    assert with_quote(alone, "Send references.", "pasted raw"), alone
    good = "As I promised, I am sending my references with this message."
    assert (
        problems_of(
            letter("en", NEUTRAL["en"], good), kind=ActionKind.COMMITMENT, commitments=(REFERENCES,)
        )
        == []
    )


def test_a_colon_in_a_sentence_is_fine() -> None:
    sentence = "I have one question: could you share your timeline for a decision?"
    assert problems_of(letter("en", NEUTRAL["en"], sentence), kind=ActionKind.FOLLOW_UP) == []


# --- word limits and the subject --------------------------------------------------------------


def words_letter(count: int, signature: str = "Alex Kim") -> str:
    """A letter of ``count`` words from greeting ("Dear Dana," 2) to closing ("Best regards," 2)."""
    filler = " ".join(["word"] * (count - 4)) + "."
    return letter("en", filler, signature=signature)


@pytest.mark.parametrize(
    ("kind", "limit"),
    [
        (ActionKind.THANK_YOU, 150),
        (ActionKind.FOLLOW_UP, 120),
        (ActionKind.GRACEFUL_CLOSE, 180),
        (ActionKind.CHECK_IN, 180),
        (ActionKind.COMMITMENT, 180),
        (ActionKind.EXPEDITE, 180),
    ],
)
def test_word_limits(kind: ActionKind, limit: int) -> None:
    long_signature = "Alex Kim\n" + "Senior Data Engineer at a company with a long name\n" * 5
    assert problems_of(words_letter(limit, long_signature), kind=kind) == []
    found = problems_of(words_letter(limit + 1), kind=kind)
    assert [p for p in found if f"{limit + 1} words long" in p and f"the {limit}" in p], found


@pytest.mark.parametrize(
    ("subject", "words"),
    [
        ("", "the subject is empty"),
        ("   ", "the subject is empty"),
        ("A" * 80, "80 characters long"),
        ("Thank you for the interview.", "ends with a period"),
        ("Re: Re: Follow-up on the Data Engineer interview", 'more than one "Re:"'),
        ("RE: AW: Follow-up on the Data Engineer interview", 'more than one "Re:"'),
        ("Follow-up on", "the subject ends on"),
        ("Follow-up on the ${role} interview", "unfilled template field"),
    ],
)
def test_the_subject(subject: str, words: str) -> None:
    found = problems_of(letter("en", NEUTRAL["en"]), subject=subject, kind=ActionKind.FOLLOW_UP)
    assert [p for p in found if words in p], found


@pytest.mark.parametrize(
    "subject", ["A" * 79, "Re: Follow-up on the Data Engineer interview", "Following up..."]
)
def test_a_good_subject(subject: str) -> None:
    found = problems_of(letter("en", NEUTRAL["en"]), subject=subject, kind=ActionKind.FOLLOW_UP)
    assert found == []


# --- the recipient's role and topics ----------------------------------------------------------

SHARED = [
    ("en", "I enjoyed our conversation about the ingestion pipeline.", "our conversation"),
    ("en", "You mentioned that the team is growing.", "You mentioned"),
    ("en", "Our discussion of the role was helpful.", "Our discussion"),
    ("fr", "J'ai apprécié notre conversation sur le pipeline d'ingestion.", "notre conversation"),
    ("fr", "Vous avez mentionné que l'équipe s'agrandit.", "Vous avez mentionné"),
    ("de", "Unser Gespräch über die Ingestion-Pipeline hat mir gefallen.", "Unser Gespräch"),
    ("de", "Sie erwähnten, dass das Team wächst.", "Sie erwähnten"),
    ("es", "Disfruté nuestra conversación sobre el pipeline de ingesta.", "nuestra conversación"),
    ("es", "Usted mencionó que el equipo está creciendo.", "Usted mencionó"),
]


@pytest.mark.parametrize(("language", "sentence", "quote"), SHARED)
def test_a_contact_or_the_hiring_team_did_not_interview_the_user(
    language: str, sentence: str, quote: str
) -> None:
    to_rita = letter(language, NEUTRAL[language], sentence, to="Rita")
    found = problems_of(to_rita, language=language, kind=ActionKind.FOLLOW_UP, to=(RITA,))
    assert with_quote(found, quote, "did not interview the user"), found
    to_nobody = letter(language, NEUTRAL[language], sentence, to="")
    found = problems_of(to_nobody, language=language, kind=ActionKind.FOLLOW_UP, to=())
    assert with_quote(found, quote, "did not interview the user"), found
    to_dana = letter(language, NEUTRAL[language], sentence)
    assert problems_of(to_dana, language=language, kind=ActionKind.FOLLOW_UP) == []


def test_a_contact_hears_of_an_interviewers_topic_as_theirs_not_ours() -> None:
    ours = letter("en", NEUTRAL["en"], "We went deep into the ingestion pipeline.", to="Rita")
    found = problems_of(ours, kind=ActionKind.FOLLOW_UP, to=(RITA,))
    assert [p for p in found if "Dana Reyes's topic" in p and '"We"' in p], found
    theirs = letter(
        "en", NEUTRAL["en"], "I enjoyed talking with Dana about the ingestion pipeline.", to="Rita"
    )
    assert problems_of(theirs, kind=ActionKind.FOLLOW_UP, to=(RITA,)) == []


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "I also enjoyed hearing about the on-call rotation."),
        ("fr", "J'ai aussi aimé découvrir the on-call rotation."),
        ("de", "Spannend fand ich auch the on-call rotation."),
        ("es", "También me interesó the on-call rotation."),
    ],
)
def test_a_note_to_one_interviewer_never_names_anothers_topic(language: str, sentence: str) -> None:
    body = letter(language, NEUTRAL[language], sentence)
    found = problems_of(body, language=language)
    assert with_quote(found, "the on-call rotation", "the topic of Sam Ito"), found
    to_sam = letter(language, NEUTRAL[language], sentence, to="Sam")
    assert problems_of(to_sam, language=language, to=(SAM,)) == []


def test_a_topic_inside_the_readers_own_is_not_anothers() -> None:
    lee = replace(LEE, topic="ingestion")
    interview = replace(INTERVIEW, interviewers=(DANA, lee), topic="data quality")
    body = letter("en", "I enjoyed hearing about the ingestion pipeline and data quality.")
    assert problems_of(body, interview=interview) == []
    other = letter("en", "I enjoyed hearing about ingestion at Northwind.")
    found = problems_of(
        other,
        interview=replace(
            interview, interviewers=(DANA, replace(lee, topic="ingestion at Northwind"))
        ),
    )
    assert [p for p in found if "the topic of Lee Okafor" in p], found


# --- the language -----------------------------------------------------------------------------


def test_the_draft_is_in_the_interviews_language() -> None:
    found = problems_of(
        letter("de", *THANKS["de"]), language="de", interview=replace(INTERVIEW, language="fr")
    )
    assert [p for p in found if "asks for 'fr'" in p], found


def test_an_unknown_language_is_named() -> None:
    found = problems_of(letter("en", *THANKS["en"]), language="pt", subject="Thanks")
    assert [p for p in found if "'pt' is none of en, fr, de, es" in p], found


def test_the_greeting_and_closing_are_in_the_drafts_language() -> None:
    body = letter("fr", *THANKS["fr"], closing="Best regards,").replace(
        "Bonjour Dana,", "Dear Dana,"
    )
    found = problems_of(body, language="fr")
    assert [p for p in found if 'the closing "Best regards,"' in p and "(it is en)" in p], found
    assert [p for p in found if 'the greeting "Dear Dana,"' in p and "(it is en)" in p], found


# --- a panel ----------------------------------------------------------------------------------


def panel_note(to: Person, *sentences: str) -> Draft:
    return draft(letter("en", *sentences, to=to.first_name), to=(to,))


@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_panel_notes_equal_but_for_the_names_are_reported(language: str) -> None:
    notes = [
        replace(
            panel_note(p, f"{p.first_name}, {THANKS[language][0]}", *THANKS[language][1:]),
            body=letter(
                language,
                f"{p.first_name}, {THANKS[language][0]}",
                *THANKS[language][1:],
                to=p.first_name,
            ),
            language=language,
        )
        for p in (DANA, SAM, LEE)
    ]
    found = lint_panel(notes)
    assert len(found) == 3, found
    assert all("the same once the names are removed" in p for p in found)


def test_panel_notes_sharing_more_than_half_are_reported() -> None:
    common = ["First shared sentence.", "Second shared sentence.", "Third shared sentence."]
    three_of_four = [
        panel_note(DANA, "Dana's own sentence.", *common),
        panel_note(SAM, "A word on the rotation.", *common),
    ]
    found = lint_panel(three_of_four)
    assert [p for p in found if "share 3 of their 4 and 4 sentences" in p], found
    two_of_four = [
        panel_note(DANA, "Dana's own sentence.", "A note on the pipeline.", *common[:2]),
        panel_note(SAM, "A word of my own.", "A note on the rotation.", *common[:2]),
    ]
    assert lint_panel(two_of_four) == []


def test_distinct_panel_notes_pass() -> None:
    notes = [
        panel_note(DANA, "Thank you for walking me through the ingestion pipeline."),
        panel_note(SAM, "I appreciated your frank account of the on-call rotation."),
        panel_note(LEE, "It was good to hear how the hiring plan shapes the team."),
    ]
    assert lint_panel(notes) == []
    assert lint_panel(notes[:1]) == []
    assert lint_panel([]) == []


# --- the scenario table: every built-in template in every language, linted ---------------------
#
# The multilingual templates are read from watcher/data/templates/<lang>/<name>.txt and
# rendered with render_draft(action, timeline, texts, *, user_name, signature, tz, language),
# ``texts`` mapping language -> template name -> text. The actions come from the real policy
# where it plans them (thank-you, follow-up, graceful close, commitment, expedite); the second
# follow-up and the check-in are built here.

SETTINGS = PolicySettings(timezone=NY)
USER = "Alex Kim"
SIGNATURE = "Alex Kim\n+1 555 0100"


class NotYet(Exception):
    """The multilingual templates or their API are not there: the scenario table cannot render."""


def builtin_texts() -> dict[str, dict[str, str]]:
    """The built-in templates as language -> name -> text. Raise NotYet naming the missing
    files."""
    root = resources.files("watcher") / "data" / "templates"
    texts: dict[str, dict[str, str]] = {}
    missing = []
    for language in DRAFT_LANGUAGES:
        for name in TEMPLATE_NAMES:
            resource = root / language / f"{name}.txt"
            if resource.is_file():
                texts.setdefault(language, {})[name] = resource.read_text(encoding="utf-8")
            else:
                missing.append(f"{language}/{name}.txt")
    if missing:
        shown = ", ".join(missing[:6]) + (", ..." if len(missing) > 6 else "")
        raise NotYet(
            f"{len(missing)} built-in templates are missing ({shown}): the scenario table lints "
            "every template of TEMPLATE_NAMES in every language of DRAFT_LANGUAGES, read from "
            "watcher/data/templates/<lang>/<name>.txt"
        )
    return texts


def render(
    action: Action, timeline: Timeline, *, language: str, user_name: str, signature: str
) -> Draft:
    """Render with the multilingual API. Raise NotYet when render_draft does not have it."""
    texts = builtin_texts()
    try:
        return templates.render_draft(
            action,
            timeline,
            texts,  # type: ignore[arg-type]  # language -> name -> text in the multilingual API
            user_name=user_name,
            signature=signature,
            tz=NY,
            language=language,  # type: ignore[call-arg]
        )
    except TypeError as error:
        if "language" not in str(error):
            raise
        raise NotYet(
            f"watcher.templates.render_draft does not take the draft language yet ({error}); "
            "the scenario table renders with render_draft(action, timeline, texts, *, "
            "user_name, signature, tz, language), texts as language -> name -> text"
        ) from None


@dataclass(frozen=True)
class Job:
    """One draft to render and lint: an action and its interview's timeline."""

    action: Action
    timeline: Timeline


@dataclass
class Scenario:
    """The drafts of one situation, and what the policy got wrong in planning them."""

    jobs: list[Job] = field(default_factory=list)
    panel: list[int] = field(default_factory=list)
    """Indexes in ``jobs`` of the thank-yous to one panel's interviewers."""
    plan_problems: list[str] = field(default_factory=list)
    user_name: str = USER
    signature: str = SIGNATURE
    own_language: bool = False
    """The interview names its language (and the default language is another)."""

    def planned(
        self, timelines: Sequence[Timeline], now: datetime, kind: ActionKind, interview_id: int
    ) -> list[Action]:
        """The actions of ``kind`` the policy plans for one interview at ``now``; a plan
        problem when there is none."""
        found = [
            a
            for a in policy.plan(timelines, SETTINGS, now)
            if a.kind is kind and a.interview_id == interview_id
        ]
        if not found:
            self.plan_problems.append(
                f"the policy planned no {kind} for interview {interview_id} at {now:%a %d %b %H:%M}"
            )
        return found


def person(name: str, address: str, topic: str = "", *, contact: bool = False) -> Person:
    role = PersonRole.CONTACT if contact else PersonRole.INTERVIEWER
    return Person(name, address, role, topic)


S_DANA = person("Dana Reyes", "dana@northwind.example")
S_SAM = person("Sam Ito", "sam@northwind.example")
S_LEE = person("Lee Okafor", "lee@northwind.example")
S_RITA = person("Rita Cruz", "rita@northwind.example", contact=True)
S_GAIL = person("Gail Ito", "gail@globex.example", contact=True)
TOPIC = "the ingestion pipeline"


def northwind(**changes: object) -> Interview:
    fields: dict[str, object] = {
        "id": 1,
        "company": "Northwind",
        "role": "Data Engineer",
        "at": PAST,
        "interviewers": (S_DANA,),
        "contacts": (S_RITA,),
        "topic": TOPIC,
    }
    fields.update(changes)
    return Interview(**fields)  # type: ignore[arg-type]


def reply_from(who: Person, interview_id: int, at: datetime, kind: ReplyKind) -> Event:
    return Event(interview_id, EventKind.REPLY, at, reply_kind=kind, sender=str(who))


def offer_elsewhere(at: datetime) -> Timeline:
    """Globex, interviewed on 18 Nov, makes an offer at ``at``."""
    globex = Interview(
        id=90, company="Globex", role="Platform Engineer", at=ny(11, 18, 10), contacts=(S_GAIL,)
    )
    return Timeline(globex, (reply_from(S_GAIL, 90, at, ReplyKind.OFFER),))


def every_kind(interview: Interview, **options: object) -> Scenario:
    """All seven drafts of an interview that took place: the thank-yous when it ends, the
    first follow-up, a second one, a graceful close after a rejection and a check-in months
    later, a commitment, an expedite when another process makes an offer."""
    scenario = Scenario(**options)  # type: ignore[arg-type]
    i, at = interview.id, interview.at
    base = Timeline(interview)
    thank_yous = scenario.planned([base], at + timedelta(hours=2), ActionKind.THANK_YOU, i)
    if len(interview.interviewers) > 1:
        scenario.panel = list(range(len(thank_yous)))
    scenario.jobs += [Job(a, base) for a in thank_yous]
    for first in scenario.planned([base], at + timedelta(days=10), ActionKind.FOLLOW_UP, i)[:1]:
        scenario.jobs.append(Job(first, base))
        sent = Event(
            i,
            EventKind.SENT,
            first.due + timedelta(hours=1),
            action=ActionKind.FOLLOW_UP,
            recipients=tuple(p.address for p in first.to),
            message_id="follow-up-1@mail.example",
            subject=f"Follow-up on the {interview.role} interview",
        )
        second = Action(
            interview_id=i,
            kind=ActionKind.FOLLOW_UP,
            due=first.due + timedelta(days=7),
            to=first.to,
            reason="no reply 5 business days after your follow-up (follow-up 2 of 2)",
            key=f"{i}:follow_up:2",
            number=2,
        )
        scenario.jobs.append(Job(second, replace(base, events=(sent,))))
    refusing = (interview.contacts or interview.interviewers)[0]
    rejected_at = at + timedelta(days=8)
    rejected = Timeline(interview, (reply_from(refusing, i, rejected_at, ReplyKind.REJECTION),))
    closes = scenario.planned(
        [rejected], rejected_at + timedelta(hours=1), ActionKind.GRACEFUL_CLOSE, i
    )
    scenario.jobs += [Job(a, rejected) for a in closes]
    check_in = Action(
        interview_id=i,
        kind=ActionKind.CHECK_IN,
        due=rejected_at + timedelta(days=91),
        to=interview.contacts or interview.interviewers,
        reason="keep in touch: 3 months since the process closed",
        key=f"{i}:check_in:1",
    )
    scenario.jobs.append(Job(check_in, rejected))
    promise = Commitment(
        id=1,
        interview_id=i,
        what="send the references from my last two managers",
        due=at + timedelta(days=2),
    )
    promised = Timeline(interview, commitments=(promise,))
    scenario.jobs += [
        Job(a, promised)
        for a in scenario.planned([promised], at + timedelta(hours=2), ActionKind.COMMITMENT, i)
    ]
    offer_at = at + timedelta(days=5)
    expedites = scenario.planned(
        [base, offer_elsewhere(offer_at)], offer_at + timedelta(hours=1), ActionKind.EXPEDITE, i
    )
    scenario.jobs += [Job(a, base) for a in expedites]
    return scenario


def future_interview() -> Scenario:
    """An interview on Wed 9 Dec: a commitment due before it, and an offer elsewhere on 3 Dec.
    The commitment is drafted; no expedite (nor thank-you, nor follow-up) is planned for it."""
    scenario = Scenario()
    interview = northwind(id=2, company="Initech", at=FUTURE)
    promise = Commitment(id=1, interview_id=2, what="send my portfolio", due=ny(12, 7, 17))
    timeline = Timeline(interview, commitments=(promise,))
    now = ny(12, 3, 11)
    actions = [
        a
        for a in policy.plan([timeline, offer_elsewhere(ny(12, 3, 10))], SETTINGS, now)
        if a.interview_id == 2
    ]
    expedites = [a for a in actions if a.kind is ActionKind.EXPEDITE]
    scenario.plan_problems += [
        f"the policy plans an expedite for Initech, due {a.due:%a %d %b}, though its interview "
        f"on {FUTURE:%a %d %b} has not taken place: an expedite goes to interviewed processes only"
        for a in expedites
    ]
    early = [
        a
        for a in actions
        if a.kind in (ActionKind.THANK_YOU, ActionKind.FOLLOW_UP) and a.due < interview.at
    ]
    scenario.plan_problems += [
        f"the policy plans the {a.kind} for Initech due {a.due:%a %d %b}, before its interview "
        f"on {FUTURE:%a %d %b}"
        for a in early
    ]
    commitments = [a for a in actions if a.kind is ActionKind.COMMITMENT]
    if not commitments:
        scenario.plan_problems.append("the policy planned no commitment for Initech")
    scenario.jobs += [Job(a, timeline) for a in commitments + expedites + early]
    return scenario


def offers(count: int) -> Scenario:
    """Globex makes an offer on 1 Dec while ``count - 1`` other processes are under way:
    Northwind interviewed and waiting, Umbrella interviewed and at a next step, Initech
    scheduled for 9 Dec, Hooli interviewed and rejected. Expedites go to the interviewed,
    undecided ones only."""
    scenario = Scenario()
    offer_at = ny(12, 1, 10)
    uma = person("Uma Sen", "uma@umbrella.example", "the billing service")
    ivy = person("Ivy Wu", "ivy@initech.example")
    hal = person("Hal Berg", "hal@hooli.example")
    waiting = Timeline(northwind())
    next_step = Timeline(
        Interview(
            id=3, company="Umbrella", role="Data Engineer", at=ny(11, 20, 10), interviewers=(uma,)
        ),
        (reply_from(uma, 3, ny(11, 27, 10), ReplyKind.NEXT_STEP),),
    )
    scheduled = Timeline(
        Interview(id=4, company="Initech", role="Data Engineer", at=FUTURE, interviewers=(ivy,))
    )
    rejected = Timeline(
        Interview(
            id=5, company="Hooli", role="Data Engineer", at=ny(11, 17, 10), interviewers=(hal,)
        ),
        (reply_from(hal, 5, ny(11, 27, 10), ReplyKind.REJECTION),),
    )
    others = {2: [waiting], 3: [waiting, scheduled], 5: [waiting, next_step, scheduled, rejected]}[
        count
    ]
    timelines = [offer_elsewhere(offer_at), *others]
    expected = {t.interview.id for t in others if t in (waiting, next_step)}
    expedites = [
        a
        for a in policy.plan(timelines, SETTINGS, offer_at + timedelta(hours=1))
        if a.kind is ActionKind.EXPEDITE
    ]
    got = {a.interview_id for a in expedites}
    by_id = {t.interview.id: t for t in timelines}
    scenario.plan_problems += [
        f"the policy plans an expedite to {by_id[i].interview.company}, which is "
        f"{'scheduled for ' + format(by_id[i].interview.at, '%d %b') if i == 4 else 'decided'}: "
        "expedites go to the interviewed, undecided processes only"
        for i in sorted(got - expected)
    ]
    scenario.plan_problems += [
        f"the policy plans no expedite to {by_id[i].interview.company}"
        for i in sorted(expected - got)
    ]
    scenario.jobs += [Job(a, by_id[a.interview_id]) for a in expedites]
    return scenario


LONG_NAME = "Northwind Traders International Consolidated Holdings and Data Services"
ZOE = "Zoë Ñúñez-Łukasiewicz"

SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "one interviewer, a topic": lambda: every_kind(northwind()),
    "one interviewer with a topic of their own": lambda: every_kind(
        northwind(interviewers=(replace(S_DANA, topic=TOPIC),), topic="")
    ),
    "no topic": lambda: every_kind(northwind(topic="")),
    "recruiter only": lambda: every_kind(northwind(interviewers=())),
    "an interviewer without a name": lambda: every_kind(
        northwind(interviewers=(person("", "dana.reyes@northwind.example"),))
    ),
    "a panel of three with a topic each": lambda: every_kind(
        northwind(
            format=Format.PANEL,
            topic="",
            interviewers=(
                replace(S_DANA, topic=TOPIC),
                replace(S_SAM, topic="the on-call rotation"),
                replace(S_LEE, topic="the hiring plan for next year"),
            ),
        )
    ),
    "a panel of three without topics": lambda: every_kind(
        northwind(format=Format.PANEL, topic="", interviewers=(S_DANA, S_SAM, S_LEE))
    ),
    "a company with a long name": lambda: every_kind(northwind(company=LONG_NAME)),
    "a company with a non-ASCII name": lambda: every_kind(
        northwind(company="Société Générale Ünïcode & Söhne GmbH")
    ),
    "a user with a non-ASCII name": lambda: every_kind(northwind(), user_name=ZOE, signature=ZOE),
    "interest high": lambda: every_kind(northwind(interest=Interest.HIGH)),
    "interest top": lambda: every_kind(northwind(interest=Interest.TOP)),
    "the interview's own language": lambda: every_kind(northwind(), own_language=True),
    "a future interview": future_interview,
    "an offer elsewhere, 2 processes": lambda: offers(2),
    "an offer elsewhere, 3 processes": lambda: offers(3),
    "an offer elsewhere, 5 processes": lambda: offers(5),
}


def test_the_scenarios_cover_every_template() -> None:
    names = {templates.template_for(j.action) for make in SCENARIOS.values() for j in make().jobs}
    assert names == set(TEMPLATE_NAMES)


def _indented(lines: Sequence[str], prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in lines)


@pytest.mark.parametrize("name", list(SCENARIOS))
@pytest.mark.parametrize("language", DRAFT_LANGUAGES)
def test_every_template_lints_clean(language: str, name: str) -> None:
    scenario = SCENARIOS[name]()
    default = language
    if scenario.own_language:
        default = next(other for other in DRAFT_LANGUAGES if other != language)
    problems = [f"plan: {p}" for p in scenario.plan_problems]
    drafts = []
    for job in scenario.jobs:
        timeline = job.timeline
        if scenario.own_language:
            timeline = replace(timeline, interview=replace(timeline.interview, language=language))
        try:
            made = render(
                job.action,
                timeline,
                language=default,
                user_name=scenario.user_name,
                signature=scenario.signature,
            )
        except NotYet as missing:
            problems.append(f"templates: {missing}")
            break
        drafts.append(made)
        found = []
        if made.language != language:
            found.append(f"the draft is in {made.language!r}, not {language!r}")
        if not made.body.rstrip("\n").endswith(scenario.signature):
            found.append(f"the draft does not end with the user's signature {scenario.signature!r}")
        found += lint(made, timeline, at=job.action.due)
        if found:
            who = ", ".join(str(p) for p in job.action.to) or "the hiring team"
            problems.append(
                f"{templates.template_for(job.action)} to {who}:\n"
                + _indented(found)
                + "\n    the draft:\n"
                + _indented([f"Subject: {made.subject}", *made.body.splitlines()], "      | ")
            )
    if scenario.panel and len(drafts) == len(scenario.jobs):
        problems += [f"panel: {p}" for p in lint_panel([drafts[i] for i in scenario.panel])]
    if problems:
        pytest.fail(
            f"{name} [{language}]: {len(problems)} problems\n" + "\n".join(problems),
            pytrace=False,
        )
