"""Tests of watcher.named_dates: the dates a text names ("by Friday", "within two weeks")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from watcher.named_dates import HORIZON, named_date

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
        # Portuguese (Brazil and Portugal), Italian, Dutch.
        ("Daremos um retorno até sexta-feira.", date(2026, 11, 27)),
        ("Retornaremos até segunda.", date(2026, 11, 30)),
        ("Entraremos em contato na próxima semana.", date(2026, 12, 4)),
        ("Entraremos em contacto na semana que vem.", date(2026, 12, 4)),
        ("Retornaremos até o fim da semana.", date(2026, 11, 27)),
        ("Respondemos em duas semanas.", date(2026, 12, 9)),
        ("Voltamos a falar no dia 4 de dezembro.", date(2026, 12, 4)),
        ("Até sexta que vem.", date(2026, 12, 4)),
        ("Le faremo sapere entro venerdì.", date(2026, 11, 27)),
        ("La ricontatteremo la prossima settimana.", date(2026, 12, 4)),
        ("Entro la fine della settimana.", date(2026, 11, 27)),
        ("Le risponderemo entro due settimane.", date(2026, 12, 9)),
        ("Entro 5 giorni lavorativi.", date(2026, 12, 2)),
        ("Ci sentiamo il 4 dicembre.", date(2026, 12, 4)),
        ("Entro venerdì prossimo.", date(2026, 12, 4)),
        ("We laten het je vóór vrijdag weten.", date(2026, 11, 27)),
        ("We laten het je volgende week weten.", date(2026, 12, 4)),
        ("We laten het je eind volgende week weten.", date(2026, 12, 4)),
        ("We komen begin volgende week bij je terug.", date(2026, 11, 30)),
        ("Binnen twee weken hoor je meer.", date(2026, 12, 9)),
        ("In de komende 3 werkdagen.", date(2026, 11, 30)),
        ("We bellen je op 4 december.", date(2026, 12, 4)),
        ("We laten het eind van de maand weten.", date(2026, 11, 30)),
        ("Het gesprek is op vrijdag 11 december.", date(2026, 12, 11)),
        # "segunda" is also an ordinal: "a segunda entrevista" names no day.
        ("Na segunda entrevista falaremos de salário.", None),
        # An English verb is no part of a week.
        ("We begin next week.", date(2026, 12, 4)),
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


def test_a_cue_is_looked_for_just_before_its_week_or_month() -> None:
    # Only the characters right before "this week" can cue it, however long the text before.
    assert named_date("x " * 10_000 + "by this week.", WEDNESDAY) == date(2026, 11, 27)
    assert named_date("by " + "x " * 10_000 + "this week.", WEDNESDAY) is None
    assert named_date("no later than this month.", WEDNESDAY) == date(2026, 11, 30)


def test_a_text_of_many_hits_is_read_in_linear_time() -> None:
    # Each hit once searched the whole text before it for a cue: quadratic in the hits.
    assert named_date("this week " * 50_000, WEDNESDAY) is None
    assert named_date("this month " * 50_000 + "by Friday", WEDNESDAY) == date(2026, 11, 27)
