"""Tests of watcher.wording: how drafts say things in English, French, German and Spanish."""

from __future__ import annotations

from datetime import date

import pytest

from watcher import wording
from watcher.models import DRAFT_LANGUAGES, Format, Interest, Person
from watcher.spans import Span, Unit


def test_every_draft_language_has_its_words() -> None:
    for language in DRAFT_LANGUAGES:
        assert wording.long_date(language, date(2026, 1, 1))
        assert wording.greeting(language, ())
        assert wording.format_word(language, Format.PANEL)
        assert wording.interest_sentence(
            language, Interest.NORMAL, company="Acme", role="Analyst", variant=0
        )
        assert wording.promise(language, "x")
    assert set(wording.LANGUAGE_NAMES) == set(DRAFT_LANGUAGES)


@pytest.mark.parametrize(
    ("language", "with_year", "expected"),
    [
        ("en", False, "Friday, January 1"),
        ("en", True, "Friday, January 1, 2027"),
        ("fr", False, "vendredi 1er janvier"),
        ("fr", True, "vendredi 1er janvier 2027"),
        ("de", False, "1. Januar"),
        ("de", True, "1. Januar 2027"),
        ("es", False, "viernes 1 de enero"),
        ("es", True, "viernes 1 de enero de 2027"),
    ],
)
def test_a_day_in_a_sentence(language: str, with_year: bool, expected: str) -> None:
    assert wording.day_in_text(language, date(2027, 1, 1), with_year=with_year) == expected


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [
        ("en", ["A"], "A"),
        ("en", ["A", "B"], "A and B"),
        ("fr", ["A", "B", "C"], "A, B et C"),
        ("de", ["A", "", "C"], "A und C"),
        ("es", ["Dana", "Inés"], "Dana e Inés"),
        ("es", ["Dana", "Hilda"], "Dana e Hilda"),
        ("es", ["Dana", "Iacopo"], "Dana y Iacopo"),
        ("es", ["Dana", "Sam"], "Dana y Sam"),
        ("en", [], ""),
    ],
)
def test_names_are_joined_the_languages_way(language: str, names: list[str], expected: str) -> None:
    assert wording.join(language, names) == expected


@pytest.mark.parametrize(
    ("person", "display", "first"),
    [
        (Person("Dana Reyes", "x@y.io"), "Dana Reyes", "Dana"),
        (Person("  Dana   Reyes ", "x@y.io"), "Dana Reyes", "Dana"),
        (Person("Reyes, Dana", "x@y.io"), "Dana Reyes", "Dana"),
        (Person("Dana Reyes, PhD", "x@y.io"), "Dana Reyes, PhD", "Dana"),
        (Person("Prof. Dr. Dana Reyes", "x@y.io"), "Prof. Dr. Dana Reyes", "Dana"),
        (Person("", "dana.reyes@y.io"), "Dana Reyes", "Dana"),
        (Person("", "dana_reyes@y.io"), "Dana Reyes", "Dana"),
        (Person("", "dana-maria.reyes@y.io"), "Dana Maria Reyes", "Dana"),
        (Person("", "dreyes@y.io"), "", ""),
        (Person("", "jobs.eu@y.io"), "", ""),
        (Person("", "d.reyes@y.io"), "", ""),
        (Person("", "dana.reyes2@y.io"), "", ""),
    ],
)
def test_names_are_read_from_the_name_else_a_first_last_address(
    person: Person, display: str, first: str
) -> None:
    assert wording.display_name(person) == display
    assert wording.first_name(person) == first


def test_a_span_of_zero_or_nothing_recorded_says_nothing() -> None:
    assert wording.expected("en", None, this_year=2026) == ""
    assert wording.expected("de", Span(0, Unit.WEEKS), this_year=2026) == ""
    assert wording.expected("de", Span(12, Unit.DAYS), this_year=2026) == "innerhalb von 12 Tagen"
    assert wording.expected("fr", Span(1, Unit.DAYS), this_year=2026) == "sous un jour"


@pytest.mark.parametrize(
    ("start", "end", "texts"),
    [
        (date(2026, 11, 24), date(2026, 11, 30), ("", "", "", "")),
        (
            date(2026, 11, 24),
            date(2026, 12, 1),
            ("a week ago", "il y a une semaine", "vor einer Woche", "hace una semana"),
        ),
        (
            date(2026, 11, 24),
            date(2026, 12, 20),
            ("three weeks ago", "il y a trois semaines", "vor drei Wochen", "hace tres semanas"),
        ),
        (
            date(2026, 11, 24),
            date(2026, 12, 24),
            ("a month ago", "il y a un mois", "vor einem Monat", "hace un mes"),
        ),
        (
            date(2026, 11, 24),
            date(2027, 11, 25),
            ("12 months ago", "il y a 12 mois", "vor 12 Monaten", "hace 12 meses"),
        ),
    ],
)
def test_how_long_ago(start: date, end: date, texts: tuple[str, ...]) -> None:
    for language, text in zip(DRAFT_LANGUAGES, texts, strict=True):
        assert wording.ago(language, start, end) == text


def test_french_elision_only_before_a_vowel_and_only_in_french() -> None:
    assert wording.elide("fr", "le poste de Analyste, que il") == "le poste d'Analyste, qu'il"
    assert wording.elide("fr", "le poste de Hôte") == "le poste de Hôte"
    assert wording.elide("en", "de Analyste") == "de Analyste"
    assert wording.elide_before("fr", "le poste de ", "Analyste") == "le poste d'"
    assert wording.elide_before("fr", "le poste de ", "Data") == "le poste de "
    assert wording.elide_before("fr", "chez ", "Orange") == "chez "
    assert wording.elide_before("fr", "le poste de ", "") == "le poste de "
    assert wording.elide_before("es", "puesto de ", "Analista") == "puesto de "


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Vielen Dank für das Gespräch.", "vielen Dank für das Gespräch."),
        ("Wie versprochen sende ich Ihnen meine Referenzen.", "wie versprochen sende ich ..."),
        ("Die Stelle interessiert mich.", "die Stelle interessiert mich."),
        ("Ihre Nachricht kam an.", "Ihre Nachricht kam an."),
        ("Sie hatten recht.", "Sie hatten recht."),
        ("Northwind ist meine erste Wahl.", "Northwind ist meine erste Wahl."),
        ("„Zitat“ am Anfang.", "„Zitat“ am Anfang."),
    ],
)
def test_german_writes_small_after_a_greeting_with_a_comma(paragraph: str, expected: str) -> None:
    if expected.endswith("..."):
        expected = paragraph[:1].lower() + paragraph[1:]
    assert wording.after_greeting("de", "Guten Tag Dana Reyes,", paragraph) == expected
    assert wording.after_greeting("de", "Guten Tag Dana Reyes", paragraph) == paragraph
    assert wording.after_greeting("fr", "Bonjour Dana,", paragraph) == paragraph


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("Termine abstimmen", "Ich komme auf mein Versprechen zurück, Termine abzustimmen."),
        ("Dana anrufen", "Ich komme auf mein Versprechen zurück, Dana anzurufen."),
        (
            "auf die Mail antworten",
            "Ich komme auf mein Versprechen zurück, auf die Mail zu antworten.",
        ),
        ("Daten analysieren", "Ich komme auf mein Versprechen zurück, Daten zu analysieren."),
        ("Arbeitszeugnis schicken", "Wie versprochen sende ich Ihnen mein Arbeitszeugnis."),
        ("Links teilen", "Wie versprochen sende ich Ihnen meine Links."),
        ("meine Zeugnisse", "Wie versprochen sende ich Ihnen meine Zeugnisse."),
        ("Fragen klären", "Ich komme auf mein Versprechen zurück, Fragen zu klären."),
        ("Gehalt: 80k", "Wie versprochen melde ich mich wegen „Gehalt: 80k“."),
    ],
)
def test_german_promises(what: str, expected: str) -> None:
    assert wording.promise("de", what) == expected


@pytest.mark.parametrize(
    ("language", "what", "expected"),
    [
        ("fr", "envoyer attestation", "Comme promis, je vous transmets mon attestation."),
        ("fr", "envoyer présentation", "Comme promis, je vous transmets ma présentation."),
        ("fr", "envoyer portfolio", "Comme promis, je vous transmets mon portfolio."),
        ("fr", "envoyer", "Comme promis, je vous transmets les éléments annoncés."),
        ("es", "enviar portafolio", "Tal como prometí, adjunto mi portafolio."),
        ("en", "  ", ""),
        ("en", "Send a GitHub link to you.", "As promised, I am sending you a GitHub link."),
        ("en", "follow up with Sam", "I am following up on my promise to follow up with Sam."),
        ("en", "NDA review", "I am following up on my promise to NDA review."),
    ],
)
def test_promises(language: str, what: str, expected: str) -> None:
    assert wording.promise(language, what) == expected


def test_interest_sentences_name_the_company_and_role_and_wrap_around() -> None:
    first = wording.interest_sentence("en", Interest.TOP, company="Acme", role="SRE", variant=0)
    assert first == "Acme is my first choice, and I remain very interested in the SRE position."
    again = wording.interest_sentence("en", Interest.TOP, company="Acme", role="SRE", variant=3)
    assert again == first
    french = wording.interest_sentence(
        "fr", Interest.NORMAL, company="Acme", role="Analyste", variant=0
    )
    assert french == "Le poste d'Analyste chez Acme m'intéresse toujours."
