"""Dates named in text: "by Friday", "within two weeks", "le 4 décembre".

Pure: nothing here reads the clock; the day the text was written comes in as ``reference``.
The rules are in :func:`named_date`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from datetime import date, timedelta

from watcher.dates import BusinessCalendar, add_months, days_in_month
from watcher.words import fold

HORIZON = timedelta(days=92)
"""A date further than this after the message is not about the reply window (a start date)."""


def _alternation(words: Collection[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _table(rows: Sequence[tuple[int, str]]) -> dict[str, int]:
    return {word: value for value, words in rows for word in words.split()}


_MONTHS = _table(
    [
        (1, "january jan janvier januar janner jaenner enero janeiro gennaio januari"),
        (2, "february feb fevrier februar febrero fevereiro febbraio februari"),
        (3, "march mar mars marz maerz marzo marco maart"),
        (4, "april apr avril abril aprile"),
        (5, "may mai mayo maio maggio mei"),
        (6, "june jun juin juni junio junho giugno"),
        (7, "july jul juillet juli julio julho luglio"),
        (8, "august aug aout agosto augustus"),
        (9, "september sep sept septembre septiembre setiembre setembro settembre"),
        (10, "october oct octobre oktober octubre outubro ottobre"),
        (11, "november nov novembre noviembre novembro"),
        (12, "december dec decembre dezember diciembre dezembro dicembre"),
    ]
)
_WEEKDAYS = _table(
    [
        (0, "monday"),
        (1, "tuesday"),
        (2, "wednesday"),
        (3, "thursday"),
        (4, "friday"),
        (5, "saturday"),
        (6, "sunday"),
    ]
)
_NUMBERS: dict[str, int] = {
    **{str(n): n for n in range(1, 100)},
    **_table(
        [
            (1, "a an one un une uno ein eine einer einem einen um uma una een"),
            (2, "two deux dos zwei dois duas due twee"),
            (3, "three trois tres drei tre drie"),
            (4, "four quatre cuatro vier quatro quattro"),
            (5, "five cinq cinco funf fuenf cinque vijf"),
            (6, "six seis sechs sei zes"),
            (7, "seven sept siete sieben sete sette zeven"),
            (8, "eight huit ocho acht oito otto"),
            (9, "nine neuf nueve neun nove negen"),
            (10, "ten dix diez zehn dez dieci tien"),
        ]
    ),
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "quelques": 3,
    "wenigen": 3,
    "ein paar": 3,
    "einigen": 3,
    "unos": 3,
    "unas": 3,
    "pocos": 3,
    "pocas": 3,
    "alguns": 3,
    "algumas": 3,
    "poucos": 3,
    "qualche": 3,
    "pochi": 3,
    "alcuni": 3,
    "een paar": 3,
    "enkele": 3,
}
_UNIT_ROWS = (
    (
        "business",
        "business days|business day|working days|working day|jours ouvres|jours ouvrables"
        "|jour ouvre|werktagen|werktage|werktag|arbeitstagen|arbeitstage|arbeitstag"
        "|dias habiles|dia habil|dias laborables|dia laborable|dias uteis|dia util"
        "|giorni lavorativi|giorno lavorativo|werkdagen|werkdag",
    ),
    ("days", "days|day|jours|jour|tagen|tage|tag|dias|dia|giorni|giorno|dagen|dag"),
    ("weeks", "weeks|week|semaines|semaine|wochen|woche|semanas|semana|settimane|settimana|weken"),
    ("months", "months|month|mois|monaten|monate|monat|meses|mes|mesi|mese|maanden|maand"),
)
_UNITS = {word: unit for unit, words in _UNIT_ROWS for word in words.split("|")}
_SPAN_CUES = (
    "within the next|within|in the next|in the coming|over the next|during the next|in"
    "|d'ici|dans les|dans|sous|en"
    "|innerhalb der nachsten|innerhalb von|innerhalb|in den nachsten|binnen"
    "|dentro de|en los proximos|en las proximas"
    "|nos proximos|nas proximas|em"
    "|entro i prossimi|entro le prossime|nei prossimi|nelle prossime|entro|tra|fra"
    "|binnen de komende|binnen|de komende|over"
)
_PARTS: dict[str, str] = {
    **dict.fromkeys(["beginning of", "start of", "debut", "anfang", "principios"], "start"),
    "early": "early",
    **dict.fromkeys(["mid", "middle of", "milieu", "mitte", "mediados"], "middle"),
    **dict.fromkeys(
        ["late", "later", "end of", "the end of", "fin", "ende", "finales", "final"], "end"
    ),
}
_FOREIGN_PARTS: dict[str, str] = {
    **dict.fromkeys(["inicio", "comeco", "inizio", "begin", "het begin van"], "start"),
    **dict.fromkeys(["meados", "meta", "halverwege", "midden"], "middle"),
    **dict.fromkeys(["fim", "fine", "eind", "einde", "het einde van", "het eind van"], "end"),
}
"""Parts of a week or a month in Portuguese, Italian and Dutch ("fim da semana", "fine della
settimana", "eind volgende week"), kept apart so that English "begin next week" stays a verb."""
_ALL_PARTS = {**_PARTS, **_FOREIGN_PARTS}
_WEEK_PART_DAY = {"start": 0, "early": 1, "middle": 2, "end": 4}

_NUM = _alternation(_NUMBERS)
_MONTH = _alternation(_MONTHS)
_PART = _alternation(_PARTS)
_ANY_PART = _alternation(_ALL_PARTS)

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?({_MONTH})\b\.?"
    rf"(?:,?\s+(?:de\s+)?(\d{{4}})\b)?"
)
_MONTH_FIRST = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?")
_WEEKDAY = re.compile(
    r"\b(by|before|until|till|no later than|on or before|on|this|next|coming)\s+"
    rf"({_alternation(_WEEKDAYS)})\b(?!,?\s+(?:the\s+)?(?:\d|{_MONTH}\b))"
)
_WEEKDAYS_FOREIGN = _table(
    [
        (0, "segunda-feira segunda lunedi maandag"),
        (1, "terca-feira terca martedi dinsdag"),
        (2, "quarta-feira quarta mercoledi woensdag"),
        (3, "quinta-feira quinta giovedi donderdag"),
        (4, "sexta-feira sexta venerdi vrijdag"),
        (5, "sabado sabato zaterdag"),
        (6, "domingo domenica zondag"),
    ]
)
"""Weekdays in Portuguese, Italian and Dutch, folded."""
_ORDINAL_WEEKDAYS = frozenset({"segunda", "terca", "quarta", "quinta", "sexta"})
"""Portuguese weekdays that are also ordinals ("segunda entrevista", a second interview): read
as a weekday only with "-feira" or before no other word."""
_WEEKDAY_CUES_FOREIGN = {
    **dict.fromkeys(["ate", "antes de", "entro", "per", "prima di", "voor", "uiterlijk"], "by"),
    **dict.fromkeys(["na", "no", "op", "aanstaande", "komende"], "coming"),
    **dict.fromkeys(["nesta", "neste", "questo"], "this"),
    **dict.fromkeys(["proxima", "proximo", "volgende"], "next"),
}
_WEEKDAY_FOREIGN = re.compile(
    rf"\b({_alternation(_WEEKDAY_CUES_FOREIGN)})\s+(?:(?:o|a|il)\s+)?"
    rf"({_alternation(_WEEKDAYS_FOREIGN)})\b(?!-)(\s+(?:que vem|prossimo)\b)?"
    rf"(?!,?\s+(?:\d|{_MONTH}\b))"
)
_SPAN = re.compile(
    rf"(?<![\w'])(?:{_SPAN_CUES})\s+(?:({_NUM})\s*(?:-|to|or|a|ou|bis|oder|o|y|tot|of)\s*)?"
    rf"({_NUM})\s+({_alternation(_UNITS)})\b(?:\s+(?:or|ou|oder|o|of)\s+({_NUM})\b)?"
)
_WEEK = re.compile(
    rf"\b(?:({_PART})[\s-]+)?(?:the\s+)?(this|next|the following|following|the)\s+week\b"
)
_WEEK_FOREIGN = re.compile(
    rf"\b(?:(?:a\s+)?({_ANY_PART})\s+(?:(?:de|da|do|della|del|van)\s+)?(?:(?:la|der|a|o)\s+)?)?"
    r"(?:(semaine prochaine|nachste woche|nachsten woche|nachster woche|kommende woche"
    r"|kommenden woche"
    r"|proxima semana|semana que viene|semana proxima|semana que vem"
    r"|prossima settimana|settimana prossima|settimana che viene|volgende week|komende week)"
    r"|(cette semaine|la semaine(?! prochaine)|dieser woche|der woche|esta semana"
    r"|questa settimana|settimana(?! prossima)|deze week|de week|semana(?! que| proxima)))\b"
)
_MONTH_REL = re.compile(
    rf"\b(?:({_PART})[\s-]+)?(?:the\s+)?(this|next|the following|following|the)\s+month\b"
    r"|\b(?:(?:a\s+)?(" + _ANY_PART + r")\s+(?:(?:de|du|des|da|do|del|della|van)\s+)?"
    r"(?:(?:de|il|o)\s+)?)?"
    r"(?:(mois prochain|nachsten monat|nachster monat|kommenden monat|proximo mes"
    r"|mes que viene|mes que vem|prossimo mese|mese prossimo|volgende maand|komende maand)"
    r"|(mois|monats|mes|mese|maand))\b"
)
_TOMORROW = re.compile(r"\b(?:tomorrow|demain)\b")
_END_OF_DAY = re.compile(
    r"\b(?:by (?:the )?end of (?:the )?day|by eod|by cob|by close of business|later today"
    r"|by today)\b"
)
_CUED = re.compile(r"(?:by|before|until|till|within|sometime|during|no later than)\s+$")
_CUE_REACH = 32
"""Characters before a hit that can hold its cue: the longest cue and the single space after it
(the text is searched with its whitespace collapsed), with room to spare."""


def named_date(text: str, reference: date) -> date | None:
    """Given text and the day it was written, return the first date the text names that is
    neither before ``reference`` nor more than :data:`HORIZON` after it, or None.

    Understood (case and accents ignored):

    - ISO dates: "2026-12-04".
    - Day and month, in English, French, German, Spanish, Portuguese, Italian or Dutch, with an
      optional year: "December 4", "Dec. 4th, 2026", "4 December", "the 4th of December", "le 4
      décembre", "4. Dezember", "4 de diciembre de 2026", "4 de dezembro", "4 dicembre", "4
      december". Without a year, the next such day on or after ``reference``.
    - Weekdays after "by", "before", "until", "on", "this", "coming" (the next such day after
      ``reference``; "this" may be ``reference`` itself) or "next" (that day in the next week);
      in Portuguese, Italian and Dutch too: "até sexta-feira", "na segunda", "sexta que vem",
      "entro venerdì", "venerdì prossimo", "vóór vrijdag", "volgende dinsdag".
    - "tomorrow" ("demain"); "by end of day", "by EOD", "later today" (``reference``).
    - Spans after "within", "in", "in the next", "d'ici", "dans", "innerhalb von", "binnen",
      "dentro de", "en", "em", "entro", "tra", "over" and the like: "within two weeks", "in 3
      business days", "in a week or two", "in 1-2 weeks", "d'ici deux semaines", "innerhalb von
      zwei Wochen", "en dos semanas", "em duas semanas", "entro 5 giorni lavorativi", "binnen
      twee weken" (ranges count to their end; business days skip Saturdays and Sundays only).
    - Weeks: "next week" (its Friday), "early next week" (its Tuesday), "beginning of next
      week" (Monday), "mid next week" (Wednesday), "end of next week", "by the end of the
      week", "later this week" (Friday); "this week" only after "by", "before", "until",
      "within", "sometime" or "during". Also "la semaine prochaine", "fin de la semaine",
      "nächste Woche", "Ende der Woche", "la próxima semana", "a finales de esta semana", "na
      próxima semana", "fim da semana", "la prossima settimana", "entro la fine della
      settimana", "volgende week", "eind volgende week" (but "begin next week" is a verb).
    - Months: "next month" and "end of the month" (the last day), "early next month" (the
      7th), "mid next month" (the 15th), "beginning of next month" (the 1st); also "le mois
      prochain", "fin du mois", "nächsten Monat", "Ende des Monats", "el próximo mes", "mês que
      vem", "fim do mês", "prossimo mese", "volgende maand", "eind van de maand".

    Numeric dates such as 12/4 are ambiguous (December 4 or April 12) and are not read.
    """
    folded = " ".join(fold(text).replace("’", "'").split())
    found: list[tuple[int, date]] = []
    for pattern, resolve in _RESOLVERS:
        for hit in pattern.finditer(folded):
            try:
                day = resolve(hit, reference, folded)
            except OverflowError:  # a reference day at the end of the calendar
                continue
            if day is not None and reference <= day <= reference + HORIZON:
                found.append((hit.start(), day))
    return min(found)[1] if found else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: str | None, reference: date) -> date | None:
    if year:
        return _safe_date(int(year), month, day)
    candidate = _safe_date(reference.year, month, day)
    if candidate is None or candidate < reference:
        candidate = _safe_date(reference.year + 1, month, day)
    return candidate


def _iso(hit: re.Match[str], reference: date, text: str) -> date | None:
    return _safe_date(int(hit[1]), int(hit[2]), int(hit[3]))


def _day_first(hit: re.Match[str], reference: date, text: str) -> date | None:
    return _day_month(int(hit[1]), _MONTHS[hit[2]], hit[3], reference)


def _month_first(hit: re.Match[str], reference: date, text: str) -> date | None:
    return _day_month(int(hit[2]), _MONTHS[hit[1]], hit[3], reference)


def _weekday(hit: re.Match[str], reference: date, text: str) -> date | None:
    cue, weekday = hit[1], _WEEKDAYS[hit[2]]
    if cue == "next":
        monday = reference + timedelta(days=7 - reference.weekday())
        return monday + timedelta(days=weekday)
    ahead = (weekday - reference.weekday()) % 7
    if ahead == 0 and cue != "this":
        ahead = 7
    return reference + timedelta(days=ahead)


_NEXT_WORD = re.compile(r"\s+[a-z]")


def _weekday_foreign(hit: re.Match[str], reference: date, text: str) -> date | None:
    cue, name, after = _WEEKDAY_CUES_FOREIGN[hit[1]], hit[2], hit[3]
    if name in _ORDINAL_WEEKDAYS and not after and _NEXT_WORD.match(text, hit.end()):
        return None  # "na segunda entrevista": the second interview
    weekday = _WEEKDAYS_FOREIGN[name]
    if after:
        cue = "next"  # "sexta que vem", "venerdì prossimo"
    ahead = (weekday - reference.weekday()) % 7
    if cue == "next":
        monday = reference + timedelta(days=7 - reference.weekday())
        return monday + timedelta(days=weekday)
    if ahead == 0 and cue != "this":
        ahead = 7
    return reference + timedelta(days=ahead)


_MONDAY_TO_FRIDAY = BusinessCalendar(range(5), frozenset())
"""The business days of a span in mail: the writer's holidays are unknown, so only Saturdays
and Sundays are skipped."""


def _span(hit: re.Match[str], reference: date, text: str) -> date | None:
    # No number of _NUMBERS is 0, so add() always counts weekdays after the reference (with a
    # count of 0 it would move a weekend reference to Monday).
    amount = max(_NUMBERS[n] for n in (hit[1], hit[2], hit[4]) if n)
    unit = _UNITS[hit[3]]
    if unit == "business":
        return _MONDAY_TO_FRIDAY.add(reference, amount)
    if unit == "days":
        return reference + timedelta(days=amount)
    if unit == "weeks":
        return reference + timedelta(weeks=amount)
    return add_months(reference, amount)


def _week_day(reference: date, weeks_ahead: int, part: str | None) -> date:
    monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=weeks_ahead)
    day = monday + timedelta(days=_WEEK_PART_DAY[_ALL_PARTS[part]] if part else 4)
    return max(day, reference)


def _cued(text: str, at: int) -> bool:
    """Return whether a cue ("by", "within"...) and a space end ``text`` just before ``at``.

    Only the last :data:`_CUE_REACH` characters are searched: searching all of ``text[:at]``
    for every hit made a text of many hits ("this week this week ...") cost quadratic time.
    """
    return _CUED.search(text, max(0, at - _CUE_REACH), at) is not None


def _week(hit: re.Match[str], reference: date, text: str) -> date | None:
    part, which = hit[1], hit[2]
    if which in ("next", "the following", "following"):
        return _week_day(reference, 1, part)
    if part is None and (which == "the" or not _cued(text, hit.start())):
        return None
    return _week_day(reference, 0, part)


def _week_foreign(hit: re.Match[str], reference: date, text: str) -> date | None:
    part = hit[1]
    if hit[2]:
        return _week_day(reference, 1, part)
    if part is None or _ALL_PARTS[part] != "end":
        return None
    return _week_day(reference, 0, part)


def _month_day(reference: date, months_ahead: int, part: str | None) -> date:
    first = add_months(reference.replace(day=1), months_ahead)
    kind = _ALL_PARTS[part] if part else "end"
    day = {"start": 1, "early": 7, "middle": 15}.get(kind)
    if day is None:
        day = days_in_month(first.year, first.month)
    return max(first.replace(day=day), reference)


def _month(hit: re.Match[str], reference: date, text: str) -> date | None:
    if hit[2] is not None:
        part, which = hit[1], hit[2]
        if which in ("next", "the following", "following"):
            return _month_day(reference, 1, part)
        if part is None and (which == "the" or not _cued(text, hit.start())):
            return None
        return _month_day(reference, 0, part)
    part = hit[3]
    if hit[4]:
        return _month_day(reference, 1, part)
    if part is None or _ALL_PARTS[part] != "end":
        return None
    return _month_day(reference, 0, part)


def _tomorrow(hit: re.Match[str], reference: date, text: str) -> date | None:
    return reference + timedelta(days=1)


def _end_of_day(hit: re.Match[str], reference: date, text: str) -> date | None:
    return reference


_Resolver = Callable[[re.Match[str], date, str], date | None]
_RESOLVERS: tuple[tuple[re.Pattern[str], _Resolver], ...] = (
    (_ISO, _iso),
    (_DAY_FIRST, _day_first),
    (_MONTH_FIRST, _month_first),
    (_WEEKDAY, _weekday),
    (_WEEKDAY_FOREIGN, _weekday_foreign),
    (_SPAN, _span),
    (_WEEK, _week),
    (_WEEK_FOREIGN, _week_foreign),
    (_MONTH_REL, _month),
    (_TOMORROW, _tomorrow),
    (_END_OF_DAY, _end_of_day),
)
