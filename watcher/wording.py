"""How a draft says things in each language of :data:`~watcher.models.DRAFT_LANGUAGES`.

Dates ("Tuesday, November 24, 2026", "mardi 24 novembre 2026", "Dienstag, 24. November 2026",
"martes, 24 de noviembre de 2026"), lists of names ("A, B and C", "A, B et C", "A, B und C",
"A, B y C"), greetings, spans of time ("within a week", "sous une semaine", "innerhalb einer
Woche", "en un plazo de una semana"), the strength of the user's interest and a promise kept,
each written the way that language writes it. :mod:`watcher.templates` fills its fields with
these. Pure: no clock, disk or network.

Every function takes the language as an ISO 639-1 code; an unknown code raises KeyError (the
callers check the language first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from types import MappingProxyType

from watcher.models import Format, Interest, Person
from watcher.record import record
from watcher.spans import Span, Unit


def _words(text: str) -> frozenset[str]:
    """The set of the words of ``text`` (split on whitespace): word lists that read as lists."""
    return frozenset(text.split())


def _endings(text: str) -> tuple[str, ...]:
    """The words of ``text``, longest first (for ``str.endswith`` and prefix matching)."""
    return tuple(sorted(text.split(), key=len, reverse=True))


# ---------------------------------------------------------------------------------------------
# Names of days and months, list joins, greetings and format words.


@record
class _Tongue:
    """What one language needs: calendar names, the word joining the last two names, its
    greetings (``hello`` takes the names), the name of a team nobody named, format words."""

    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    and_word: str
    hello: str
    hello_unnamed: str
    hello_team: str
    team: str
    formats: Mapping[Format, str]


_TONGUES: Mapping[str, _Tongue] = MappingProxyType(
    {
        "en": _Tongue(
            weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            months=(
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
            ),
            and_word="and",
            hello="Dear {names},",
            hello_unnamed="Hello,",
            hello_team="Dear Hiring Team,",
            team="Hiring Team",
            formats=MappingProxyType(
                {
                    Format.PHONE: "phone",
                    Format.VIDEO: "video",
                    Format.ONSITE: "on-site",
                    Format.PANEL: "panel",
                    Format.MULTI_ROUND: "multi-round",
                }
            ),
        ),
        "fr": _Tongue(
            weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
            months=(
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ),
            and_word="et",
            hello="Bonjour {names},",
            hello_unnamed="Bonjour,",
            hello_team="Madame, Monsieur,",
            team="équipe de recrutement",
            formats=MappingProxyType(
                {
                    Format.PHONE: "téléphonique",
                    Format.VIDEO: "en visioconférence",
                    Format.ONSITE: "sur site",
                    Format.PANEL: "en panel",
                    Format.MULTI_ROUND: "en plusieurs étapes",
                }
            ),
        ),
        "de": _Tongue(
            weekdays=(
                "Montag",
                "Dienstag",
                "Mittwoch",
                "Donnerstag",
                "Freitag",
                "Samstag",
                "Sonntag",
            ),
            months=(
                "Januar",
                "Februar",
                "März",
                "April",
                "Mai",
                "Juni",
                "Juli",
                "August",
                "September",
                "Oktober",
                "November",
                "Dezember",
            ),
            and_word="und",
            hello="Hallo {names},",
            hello_unnamed="Guten Tag,",
            hello_team="Sehr geehrte Damen und Herren,",
            team="Recruiting-Team",
            formats=MappingProxyType(
                {
                    Format.PHONE: "am Telefon",
                    Format.VIDEO: "per Video",
                    Format.ONSITE: "vor Ort",
                    Format.PANEL: "im Panel",
                    Format.MULTI_ROUND: "in mehreren Runden",
                }
            ),
        ),
        "es": _Tongue(
            weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
            months=(
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ),
            and_word="y",
            hello="Hola, {names}:",
            hello_unnamed="Buenos días:",
            hello_team="Estimado equipo de selección:",
            team="equipo de selección",
            formats=MappingProxyType(
                {
                    Format.PHONE: "telefónica",
                    Format.VIDEO: "por videollamada",
                    Format.ONSITE: "presencial",
                    Format.PANEL: "en panel",
                    Format.MULTI_ROUND: "en varias rondas",
                }
            ),
        ),
    }
)

LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {"en": "English", "fr": "French", "de": "German", "es": "Spanish"}
)
"""The name of each language drafts are written in, for messages."""


def long_date(language: str, day: date) -> str:
    """Return ``day`` in full, the language's way: "Tuesday, November 24, 2026", "mardi 24
    novembre 2026" ("1er" for the first), "Dienstag, 24. November 2026", "martes, 24 de
    noviembre de 2026"."""
    tongue = _TONGUES[language]
    weekday, month = tongue.weekdays[day.weekday()], tongue.months[day.month - 1]
    match language:
        case "fr":
            return f"{weekday} {_french_day(day)} {month} {day.year}"
        case "de":
            return f"{weekday}, {day.day}. {month} {day.year}"
        case "es":
            return f"{weekday}, {day.day} de {month} de {day.year}"
        case _:
            return f"{weekday}, {month} {day.day}, {day.year}"


def day_in_text(language: str, day: date, *, with_year: bool) -> str:
    """Return ``day`` as a sentence names it after "on" ("le", "am", "el"): "Tuesday, November
    24", "mardi 24 novembre", "24. November" (a German weekday would need a comma after it
    mid-sentence), "martes 24 de noviembre"; the year is added when ``with_year``."""
    tongue = _TONGUES[language]
    weekday, month = tongue.weekdays[day.weekday()], tongue.months[day.month - 1]
    match language:
        case "fr":
            text = f"{weekday} {_french_day(day)} {month}"
            return f"{text} {day.year}" if with_year else text
        case "de":
            text = f"{day.day}. {month}"
            return f"{text} {day.year}" if with_year else text
        case "es":
            text = f"{weekday} {day.day} de {month}"
            return f"{text} de {day.year}" if with_year else text
        case _:
            text = f"{weekday}, {month} {day.day}"
            return f"{text}, {day.year}" if with_year else text


def _french_day(day: date) -> str:
    return "1er" if day.day == 1 else str(day.day)


def join(language: str, items: Iterable[str]) -> str:
    """Return items joined as the language writes a list: "A, B and C" ("et", "und", "y"; the
    Spanish "y" becomes "e" before an "i" sound: "Dana e Inés"); "" when there are none."""
    kept = [item for item in items if item]
    if len(kept) <= 1:
        return "".join(kept)
    word = _TONGUES[language].and_word
    last = kept[-1]
    if language == "es" and re.match(r"(?i)h?[ií](?![aeiouáéó])", last):
        word = "e"
    return f"{', '.join(kept[:-1])} {word} {last}"


def format_word(language: str, interview_format: Format) -> str:
    """Return how the interview was held, as the language says it after "interview"."""
    return _TONGUES[language].formats.get(interview_format, str(interview_format))


def team_name(language: str) -> str:
    """Return what the greeting calls a team nobody named ("Hiring Team")."""
    return _TONGUES[language].team


# ---------------------------------------------------------------------------------------------
# People's names.

_TITLES = _words(
    """
    dr dr. prof prof. mr mr. mrs mrs. ms ms. mx mx. m. mme mme. mlle herr frau sr sr. sra sra.
    srta. don doña
    """
)

_GENERIC_LOCAL_PARTS = _words(
    """
    admin apply candidates careers contact hello hiring hr info jobs mail no noreply office
    people recruiting recruitment talent team
    """
)
"""Local parts that name a mailbox, not a person: "jobs.eu@..." is nobody's first name."""


def display_name(person: Person) -> str:
    """Return the person's name in natural order ("Reyes, Dana" gives "Dana Reyes"), else a
    name read from a "first.last" address ("dana.reyes@..." gives "Dana Reyes"), else ""
    (an address such as "dreyes@" or "jobs@" names nobody that a draft could greet)."""
    name = " ".join(person.name.split())
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first and " " not in last:
            name = f"{first} {last}"
    if name:
        return name
    local = person.address.split("@", 1)[0]
    parts = re.split(r"[._-]", local)
    if (
        len(parts) < 2
        or not all(len(part) >= 2 and part.isalpha() for part in parts)
        or parts[0].lower() in _GENERIC_LOCAL_PARTS
    ):
        return ""
    return " ".join(part[:1].upper() + part[1:] for part in parts)


def first_name(person: Person) -> str:
    """Return the first word of :func:`display_name` that is not a title ("Dr. Dana Reyes"
    gives "Dana"), or ""."""
    words = display_name(person).split()
    named = [word for word in words if word.lower() not in _TITLES]
    return named[0] if named else ""


def greeting(language: str, people: Sequence[Person]) -> str:
    """Return the whole greeting line of a draft to ``people``.

    English "Dear Dana and Sam,", French "Bonjour Dana,", German "Guten Tag Dana Reyes," (full
    names when every name has two words, else "Hallo Dana,"), Spanish "Hola, Dana:". With no
    recipient, the language's greeting of a hiring team ("Dear Hiring Team,", "Madame,
    Monsieur,", "Sehr geehrte Damen und Herren,", "Estimado equipo de selección:"); with
    recipients but no name to greet, a plain "Hello," ("Bonjour,", "Guten Tag,", "Buenos
    días:"): never "Dear Jobs,".
    """
    tongue = _TONGUES[language]
    if not people:
        return tongue.hello_team
    firsts = [name for name in (first_name(p) for p in people) if name]
    if not firsts:
        return tongue.hello_unnamed
    if language == "de":
        full = [display_name(p) for p in people if display_name(p)]
        if all(len(name.split()) >= 2 for name in full):
            return f"Guten Tag {join(language, full)},"
    return tongue.hello.format(names=join(language, firsts))


# ---------------------------------------------------------------------------------------------
# Spans of time: "within a week", "two months ago".

_NUMBERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        "fr": ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
        "de": ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn"),
        "es": ("dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"),
    }
)

# (one, many) for each unit; the German forms are those after "innerhalb" (genitive for one,
# "von" and the dative for many) and, in _GERMAN_AGO, after "vor" (dative).
_UNIT_WORDS: Mapping[str, Mapping[Unit, tuple[str, str]]] = MappingProxyType(
    {
        "en": {
            Unit.MINUTES: ("a minute", "minutes"),
            Unit.HOURS: ("an hour", "hours"),
            Unit.DAYS: ("a day", "days"),
            Unit.BUSINESS_DAYS: ("a business day", "business days"),
            Unit.WEEKS: ("a week", "weeks"),
            Unit.MONTHS: ("a month", "months"),
        },
        "fr": {
            Unit.MINUTES: ("une minute", "minutes"),
            Unit.HOURS: ("une heure", "heures"),
            Unit.DAYS: ("un jour", "jours"),
            Unit.BUSINESS_DAYS: ("un jour ouvré", "jours ouvrés"),
            Unit.WEEKS: ("une semaine", "semaines"),
            Unit.MONTHS: ("un mois", "mois"),
        },
        "de": {
            Unit.MINUTES: ("einer Minute", "Minuten"),
            Unit.HOURS: ("einer Stunde", "Stunden"),
            Unit.DAYS: ("eines Tages", "Tagen"),
            Unit.BUSINESS_DAYS: ("eines Werktages", "Werktagen"),
            Unit.WEEKS: ("einer Woche", "Wochen"),
            Unit.MONTHS: ("eines Monats", "Monaten"),
        },
        "es": {
            Unit.MINUTES: ("un minuto", "minutos"),
            Unit.HOURS: ("una hora", "horas"),
            Unit.DAYS: ("un día", "días"),
            Unit.BUSINESS_DAYS: ("un día hábil", "días hábiles"),
            Unit.WEEKS: ("una semana", "semanas"),
            Unit.MONTHS: ("un mes", "meses"),
        },
    }
)

_GERMAN_AGO: Mapping[Unit, str] = MappingProxyType(
    {Unit.WEEKS: "einer Woche", Unit.MONTHS: "einem Monat"}
)


def _amount(language: str, span: Span) -> str:
    """Return "a week", "two weeks", "12 weeks" (small numbers in words)."""
    one, many = _UNIT_WORDS[language][span.unit]
    if span.amount == 1:
        return one
    words = _NUMBERS[language]
    number = words[span.amount - 2] if span.amount - 2 < len(words) else str(span.amount)
    return f"{number} {many}"


def expected(language: str, expectation: Span | date | None, *, this_year: int) -> str:
    """Return the timeline an interviewer gave, as a sentence says it after "decide": "within
    a week", "by Friday, December 4" ("sous une semaine", "d'ici le vendredi 4 décembre";
    "innerhalb einer Woche", "bis zum 4. Dezember"; "en un plazo de una semana", "para el
    viernes 4 de diciembre"); the year is named when it is not ``this_year``. "" when nothing
    was recorded (or a span of zero)."""
    if expectation is None:
        return ""
    if isinstance(expectation, date):
        day = day_in_text(language, expectation, with_year=expectation.year != this_year)
        return {
            "fr": f"d'ici le {day}",
            "de": f"bis zum {day}",
            "es": f"para el {day}",
        }.get(language, f"by {day}")
    if expectation.amount <= 0:
        return ""
    amount = _amount(language, expectation)
    if language == "de":
        return f"innerhalb {amount}" if expectation.amount == 1 else f"innerhalb von {amount}"
    prefix = {"fr": "sous", "es": "en un plazo de"}.get(language, "within")
    return f"{prefix} {amount}"


def ago(language: str, start: date, end: date) -> str:
    """Return how long before ``end`` ``start`` was, in whole months, else whole weeks: "three
    months ago" ("il y a trois mois", "vor drei Monaten", "hace tres meses"); "" under a week."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    weeks = (end - start).days // 7
    if months >= 1:
        span = Span(months, Unit.MONTHS)
    elif weeks >= 1:
        span = Span(weeks, Unit.WEEKS)
    else:
        return ""
    if language == "de":
        if span.amount == 1:
            return f"vor {_GERMAN_AGO[span.unit]}"
        return f"vor {_amount(language, span)}"
    amount = _amount(language, span)
    return {"fr": f"il y a {amount}", "es": f"hace {amount}"}.get(language, f"{amount} ago")


# ---------------------------------------------------------------------------------------------
# Interest: one sentence exactly as strong as the user said.

# Three wordings per level (a panel's notes differ), each a str.format with {company} and
# {role}. NORMAL states interest and nothing more; HIGH says "very"; only TOP says "first
# choice". French and Spanish avoid adjectives that agree with the writer ("intéressé(e)").
_INTEREST: Mapping[str, Mapping[Interest, tuple[str, str, str]]] = MappingProxyType(
    {
        "en": {
            Interest.NORMAL: (
                "I remain interested in the {role} position at {company}.",
                "I am still interested in the role and in the work of your team at {company}.",
                "The {role} position continues to interest me.",
            ),
            Interest.HIGH: (
                "I remain very interested in the {role} position at {company}.",
                "I am very interested in the role and in the work of your team at {company}.",
                "The {role} position interests me very much.",
            ),
            Interest.TOP: (
                "{company} is my first choice, and I remain very interested in the {role} "
                "position.",
                "The {role} role at {company} is my first choice.",
                "Joining your team at {company} is my first choice.",
            ),
        },
        "fr": {
            Interest.NORMAL: (
                "Le poste de {role} chez {company} m'intéresse toujours.",
                "Ce poste et le travail de votre équipe chez {company} continuent de m'intéresser.",
                "Ma candidature au poste de {role} reste d'actualité.",
            ),
            Interest.HIGH: (
                "Le poste de {role} chez {company} m'intéresse vivement.",
                "Ce poste et le travail de votre équipe chez {company} m'intéressent beaucoup.",
                "Le poste de {role} m'intéresse vraiment beaucoup.",
            ),
            Interest.TOP: (
                "{company} est mon premier choix, et le poste de {role} m'intéresse vivement.",
                "Le poste de {role} chez {company} est mon premier choix.",
                "Rejoindre votre équipe chez {company} est mon premier choix.",
            ),
        },
        "de": {
            Interest.NORMAL: (
                "Ich bin weiterhin an der Stelle als {role} bei {company} interessiert.",
                "Die Stelle und die Arbeit Ihres Teams bei {company} interessieren mich nach "
                "wie vor.",
                "Die Position als {role} interessiert mich weiterhin.",
            ),
            Interest.HIGH: (
                "Ich bin weiterhin sehr an der Stelle als {role} bei {company} interessiert.",
                "Die Stelle und die Arbeit Ihres Teams bei {company} interessieren mich sehr.",
                "Die Position als {role} interessiert mich sehr.",
            ),
            Interest.TOP: (
                "{company} ist meine erste Wahl, und die Stelle als {role} interessiert mich sehr.",
                "Die Stelle als {role} bei {company} ist meine erste Wahl.",
                "Ihr Team bei {company} ist für mich die erste Wahl.",
            ),
        },
        "es": {
            Interest.NORMAL: (
                "El puesto de {role} en {company} me sigue interesando.",
                "Mantengo mi interés en el puesto y en el trabajo de su equipo en {company}.",
                "Sigo teniendo interés en el puesto de {role}.",
            ),
            Interest.HIGH: (
                "El puesto de {role} en {company} me interesa mucho.",
                "Mantengo un gran interés en el puesto y en el trabajo de su equipo en {company}.",
                "Tengo mucho interés en el puesto de {role}.",
            ),
            Interest.TOP: (
                "{company} es mi primera opción, y el puesto de {role} me interesa mucho.",
                "El puesto de {role} en {company} es mi primera opción.",
                "Formar parte de su equipo en {company} es mi primera opción.",
            ),
        },
    }
)


def interest_sentence(
    language: str, interest: Interest, *, company: str, role: str, variant: int
) -> str:
    """Return a sentence stating the user's interest exactly as strong as ``interest``:
    NORMAL "I remain interested in ...", HIGH "I remain very interested in ...", TOP "...
    is my first choice ...". ``variant`` picks one of three wordings (modulo 3)."""
    wordings = _INTEREST[language][interest]
    text = wordings[variant % len(wordings)].format(company=company, role=role)
    return elide(language, text)


# ---------------------------------------------------------------------------------------------
# Promises: "send references" -> "As promised, I am sending you my references."


@record
class _Promises:
    """How a language keeps a promise in words.

    ``sending`` are the verbs of sending (infinitives, lower case); ``sent`` the sentence for
    one of them (``{what}`` is what is sent, with a determiner); ``other`` the sentence for any
    other promise (``{what}`` is the promise as typed); ``nothing`` the sentence when a sending
    verb has no object. ``determiners`` are words that already introduce a noun phrase;
    ``trailing`` matches time words and recipients to cut from the end of an object.
    """

    sending: frozenset[str]
    sent: str
    other: str
    nothing: str
    determiners: frozenset[str]
    trailing: re.Pattern[str]


_EN_TIME = (
    r"today|tonight|tomorrow|asap|soon|this week|next week|by (?:the )?end of (?:the )?\w+"
    r"|(?:by|before|on) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|eod|cob|tomorrow|tonight|next \w+|the \d+\w*|\d[\w/.-]*|(?:jan|feb|mar|apr|may|jun|jul"
    r"|aug|sep|oct|nov|dec)\w*(?: \d+\w*)?)"
)
_FR_TIME = (
    r"aujourd'hui|ce soir|demain|rapidement|cette semaine|la semaine prochaine"
    r"|(?:d'ici|avant|pour) (?:le |la |demain|ce soir|lundi|mardi|mercredi|jeudi|vendredi"
    r"|samedi|dimanche|la fin|fin|\d)[^,;]*"
)
_ES_TIME = (
    r"hoy|esta noche|mañana|pronto|esta semana|la semana que viene|la próxima semana"
    r"|(?:antes del?|para el|el) (?:lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    r"|fin|\d)[^,;]*"
)

_PROMISES: Mapping[str, _Promises] = MappingProxyType(
    {
        "en": _Promises(
            sending=frozenset(
                {"send", "share", "forward", "email", "e-mail", "provide", "submit", "mail"}
            ),
            sent="As promised, I am sending you {what}.",
            other="I am following up on my promise to {what}.",
            nothing="As promised, I am sending you what I mentioned.",
            determiners=_words(
                """
                my the a an our some this these those that both all any two three four five
                """
            ),
            trailing=re.compile(
                rf"(?i)\s+(?:(?:to|with) (?:you|them|him|her|the team|the hiring team"
                rf"|the recruiter|{{names}})|{_EN_TIME})$"
            ),
        ),
        "fr": _Promises(
            sending=frozenset(
                {
                    "envoyer",
                    "renvoyer",
                    "transmettre",
                    "partager",
                    "fournir",
                    "communiquer",
                    "adresser",
                    "transférer",
                    "faire parvenir",
                }
            ),
            sent="Comme promis, je vous transmets {what}.",
            other="Je fais suite à ma promesse de {what}.",
            nothing="Comme promis, je vous transmets les éléments annoncés.",
            determiners=_words(
                """
                mon ma mes le la les un une des du ce cet cette ces notre nos quelques deux
                trois quatre cinq
                """
            ),
            trailing=re.compile(
                rf"(?i)\s+(?:(?:à|avec) (?:vous|eux|elle|lui|l'équipe|la recruteuse|le recruteur"
                rf"|{{names}})|{_FR_TIME})$"
            ),
        ),
        "de": _Promises(
            sending=frozenset(
                {
                    "schicken",
                    "senden",
                    "zusenden",
                    "zuschicken",
                    "übersenden",
                    "weiterleiten",
                    "teilen",
                    "mailen",
                    "bereitstellen",
                    "liefern",
                    "übermitteln",
                    "nachreichen",
                    "zukommen lassen",
                }
            ),
            sent="Wie versprochen sende ich Ihnen {what}.",
            other="Ich komme auf mein Versprechen zurück, {what}.",
            nothing="Wie versprochen sende ich Ihnen die angekündigten Unterlagen.",
            determiners=_words(
                """
                mein meine meinen die das den ein eine einen einige zwei drei vier fünf unser
                unsere unseren
                """
            ),
            trailing=re.compile(r"(?i)\s+an (?:Sie|dich|das Team|{names})$"),
        ),
        "es": _Promises(
            sending=frozenset(
                {
                    "enviar",
                    "reenviar",
                    "mandar",
                    "compartir",
                    "remitir",
                    "proporcionar",
                    "facilitar",
                    "adjuntar",
                    "hacer llegar",
                }
            ),
            sent="Tal como prometí, adjunto {what}.",
            other="Escribo para cumplir mi compromiso de {what}.",
            nothing="Tal como prometí, adjunto la información mencionada.",
            determiners=_words(
                """
                mi mis el la los las un una unos unas su sus este esta estos estas algunos
                algunas dos tres cuatro cinco
                """
            ),
            trailing=re.compile(
                rf"(?i)\s+(?:(?:a|con) (?:usted|ustedes|ellos|el equipo|la reclutadora"
                rf"|el reclutador|{{names}})|{_ES_TIME})$"
            ),
        ),
    }
)

# German time words come first ("bis Freitag Referenzen schicken"); they are cut from the start.
_DE_LEADING_TIME = re.compile(
    r"(?i)^(?:heute|morgen|bald|diese woche|nächste woche|(?:bis|vor) (?:zum |zur |spätestens )?"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen|ende der woche"
    r"|ende \w+|\d+\.(?: ?\w+)?))\s+"
)

_DE_SEPARABLE = _endings(
    """
    zurück zusammen weiter vorbei nach auf aus bei ein mit vor weg ab an zu
    """
)
_DE_NOT_SEPARABLE = frozenset(
    {"antworten", "analysieren", "arbeiten", "aktualisieren", "abonnieren", "organisieren"}
)

# German nouns (and endings of compounds) by gender: the accusative possessive is "meinen"
# (masculine), "mein" (neuter), else "meine" (feminine and every plural).
_DE_MASCULINE = _endings(
    """
    lebenslauf link code bericht entwurf vorschlag nachweis artikel anhang kontakt plan text
    test beitrag zugang auszug überblick abschluss brief fall
    """
)
_DE_NEUTER = _endings(
    """
    portfolio zeugnis anschreiben dokument beispiel projekt profil video konzept repository repo
    foto paper diagramm exposé zertifikat muster schreiben
    """
)

_FR_FEMININE_ENDINGS = _endings(
    """
    tion sion ure ence ance ité ette ie ée lettre attestation référence présentation note liste
    étude maquette
    """
)


def promise(language: str, what: str, *, recipients: Sequence[str] = ()) -> str:
    """Return the sentence that keeps a promise, from the imperative the user typed.

    A sending verb ("send my portfolio", "envoyer mes références", "Referenzen schicken",
    "enviar mis referencias") gives "As promised, I am sending you my portfolio." ("Comme
    promis, je vous transmets mes références.", "Wie versprochen sende ich Ihnen meine
    Referenzen.", "Tal como prometí, adjunto mis referencias."): "my" is kept when given and
    added when the thing has no determiner; a time ("by Friday") or a recipient ("to Dana",
    one of ``recipients``) at the end is left out. Any other promise gives "I am following up on
    my promise to <what>." in the language. "" for an empty promise.
    """
    text = " ".join(what.split()).rstrip(".!;: ")
    if not text:
        return ""
    rules = _PROMISES[language]
    names = "|".join(re.escape(name) for name in recipients if name) or "(?!)"
    trailing = re.compile(rules.trailing.pattern.replace("{names}", names), rules.trailing.flags)
    if language == "de":
        return _german_promise(text, rules, trailing)
    lowered = text[:1].lower() + text[1:] if not text[:2].isupper() else text
    verb, rest = _leading_verb(lowered, rules.sending, language)
    # No verb but a determiner: "the references from my managers" is a thing to send.
    if verb or lowered.split()[0] in rules.determiners:
        thing = _cut(rest, trailing)
        if not thing:
            return rules.nothing
        return rules.sent.format(what=_with_determiner(language, thing, rules))
    if language == "en":
        lowered = re.sub(r"(?i)^to\s+", "", lowered)
    return elide(language, rules.other.format(what=lowered))


def _leading_verb(text: str, verbs: frozenset[str], language: str) -> tuple[str, str]:
    """Return (verb, the rest) when ``text`` starts with one of ``verbs`` (a Spanish verb may
    carry a pronoun: "enviarle"), else ("", text)."""
    for verb in sorted(verbs, key=len, reverse=True):
        pattern = re.escape(verb)
        if language == "es":
            pattern += r"(?:le|les|te|lo|la|los|las)?"
        match = re.match(rf"(?i){pattern}(?:\s+|$)", text)
        if match:
            return verb, text[match.end() :]
    return "", text


def _cut(thing: str, trailing: re.Pattern[str]) -> str:
    """Cut the trailing time words and recipients, as long as some remain."""
    while True:
        shorter = trailing.sub("", thing).strip()
        if shorter == thing or not shorter:
            return thing
        thing = shorter


def _with_determiner(language: str, thing: str, rules: _Promises) -> str:
    """Return ``thing`` introduced by a determiner: its own, else the possessive."""
    first = thing.split()[0].lower()
    if first in rules.determiners or first.isdigit() or first.startswith(("l'", "d'")):
        return thing
    noun = thing.split()[0].lower()
    plural = noun.endswith(("s", "x"))
    match language:
        case "fr":
            if plural:
                return f"mes {thing}"
            feminine = noun.endswith(_FR_FEMININE_ENDINGS)
            if feminine and not re.match(r"[aeiouyhàâéèêîôû]", noun):
                return f"ma {thing}"
            return f"mon {thing}"
        case "es":
            return f"{'mis' if plural else 'mi'} {thing}"
        case _:
            return f"my {thing}"


def _german_promise(text: str, rules: _Promises, trailing: re.Pattern[str]) -> str:
    """A German promise: the infinitive comes last ("meine Referenzen schicken"), a time may
    come first ("bis Freitag ..."). Anything else is named in quotes."""
    text = _DE_LEADING_TIME.sub("", text)
    words = text.split()
    if words[0].lower() in rules.determiners and not words[-1].islower():
        return rules.sent.format(what=_cut(text, trailing))  # "meine Referenzen": a thing
    for verb in sorted(rules.sending, key=len, reverse=True):
        size = len(verb.split())
        if len(words) >= size and " ".join(words[-size:]).lower() == verb:
            thing = _cut(" ".join(words[:-size]), trailing)
            if not thing:
                return rules.nothing
            return rules.sent.format(what=_german_determiner(thing, rules))
        if len(words) > size and " ".join(words[:size]).lower() == verb:
            thing = _cut(" ".join(words[size:]), trailing)
            return rules.sent.format(what=_german_determiner(thing, rules))
    verb = words[-1]
    if len(words) >= 2 and re.fullmatch(r"[a-zäöüß]+(?:en|ern|eln)", verb):
        clause = " ".join([*words[:-1], _zu_infinitive(verb)])
        return rules.other.format(what=clause)
    return f"Wie versprochen melde ich mich wegen „{text}“."


def _zu_infinitive(verb: str) -> str:
    """Return the German zu-infinitive: "prüfen" -> "zu prüfen", "anrufen" -> "anzurufen"."""
    if verb not in _DE_NOT_SEPARABLE:
        for prefix in _DE_SEPARABLE:
            rest = verb[len(prefix) :]
            if verb.startswith(prefix) and len(rest) >= 4:
                return f"{prefix}zu{rest}"
    return f"zu {verb}"


def _german_determiner(thing: str, rules: _Promises) -> str:
    words = thing.split()
    if words[0].lower() in rules.determiners or words[0].isdigit():
        return thing
    head = next((w for w in words if w[:1].isupper()), words[-1]).lower()
    if head.endswith(_DE_MASCULINE):
        return f"meinen {thing}"
    if head.endswith(_DE_NEUTER):
        return f"mein {thing}"
    return f"meine {thing}"


# ---------------------------------------------------------------------------------------------
# Elision and capitals.

_VOWELS = "aeiouyàâéèêëîïôûAEIOUYÀÂÉÈÊËÎÏÔÛ"
_FRENCH_ELISION = re.compile(rf"\b([Dd]e|[Qq]ue|[Jj]e) (?=[{_VOWELS}])")
_FRENCH_ELIDED_END = re.compile(r"\b([Dd]e|[Qq]ue) $")


def elide(language: str, text: str) -> str:
    """Return ``text`` with the French elisions a filled-in value calls for: "de Analyste"
    becomes "d'Analyste", "que Anne" "qu'Anne" (before a vowel; not before "h", which may be
    aspirated). Other languages are returned as they are."""
    if language != "fr":
        return text
    return _FRENCH_ELISION.sub(lambda m: f"{m.group(1)[:-1]}'", text)


def elide_before(language: str, text: str, value: str) -> str:
    """Return ``text``, which a value follows, ending as the language writes it before that
    value: in French "le poste de " before "Analyste" ends "le poste d'"; else unchanged."""
    match = _FRENCH_ELIDED_END.search(text)
    if language != "fr" or match is None or not value[:1] or value[0] not in _VOWELS:
        return text
    return f"{text[: match.start()]}{match.group(1)[:-1]}'"


_GERMAN_LOWER_AFTER_GREETING = _words(
    """
    vielen herzlichen nochmals noch ich wie gern gerne es da nach mit zunächst seit heute
    gestern danke leider zu im in am bei für über als hiermit anbei wir schon dies die der das
    ein eine mein meine
    """
)
"""German words that are written small after a greeting that ends with a comma ("Guten Tag
Dana Reyes, vielen Dank ..."); nouns and the polite "Sie", "Ihnen", "Ihr" keep their capital."""


def after_greeting(language: str, greeting_line: str, paragraph: str) -> str:
    """Return the paragraph that follows a greeting, as the language writes it: German writes
    its first word small after a greeting ending with a comma ("Guten Tag Dana Reyes,\\n\\nvielen
    Dank ..."), unless it is a noun or the polite "Sie"/"Ihnen"/"Ihr"."""
    if language != "de" or not greeting_line.endswith(","):
        return paragraph
    word = re.match(r"[^\W\d_]+", paragraph)
    if word is not None and word.group().lower() in _GERMAN_LOWER_AFTER_GREETING:
        return paragraph[:1].lower() + paragraph[1:]
    return paragraph
