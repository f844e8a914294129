"""The golden drafts: a few scenarios rendered with the built-in templates in every language.

``tests/data/drafts/<lang>/<kind>-<scenario>.txt`` holds each draft as the user sees it (To,
Subject, a blank line, the body); ``tests/test_drafts.py`` compares them with what the templates
render now. After changing a template or :mod:`watcher.wording`, regenerate them with

    .venv/bin/python scripts/update-drafts

and read the difference (``git diff tests/data/drafts``) before committing it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from watcher.models import (
    DRAFT_LANGUAGES,
    TEMPLATE_NAMES,
    Action,
    ActionKind,
    Commitment,
    Draft,
    Format,
    Interest,
    Interview,
    Person,
    PersonRole,
    Timeline,
)
from watcher.spans import Span, Unit
from watcher.templates import render_draft

FOLDER = Path(__file__).resolve().parent / "data" / "drafts"
TZ = ZoneInfo("America/Los_Angeles")
AT = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
USER = "Alex Kim"
SIGNATURE = "Alex Kim\n+1 555 0100"


@dataclass(frozen=True)
class _Words:
    """What the user typed, in the language of the scenario: topics, role, promise."""

    role: str
    topics: tuple[str, str, str]
    promise: str


_WORDS: Mapping[str, _Words] = {
    "en": _Words(
        "Data Engineer",
        ("the ingestion pipeline", "on-call rotations", "how the team reviews code"),
        "send references",
    ),
    "fr": _Words(
        "Analyste de données",
        ("le pipeline d'ingestion", "les astreintes", "la revue de code dans l'équipe"),
        "envoyer mes références",
    ),
    "de": _Words(
        "Data Engineer",
        ("die Ingestion-Pipeline", "die Rufbereitschaft", "Code-Reviews im Team"),
        "Referenzen schicken",
    ),
    "es": _Words(
        "Data Engineer",
        ("el pipeline de ingesta", "las guardias", "la revisión de código en el equipo"),
        "enviar mis referencias",
    ),
}

RITA = Person("Rita Gomez", "rita@northwind.io", role=PersonRole.CONTACT)


def _people(words: _Words) -> tuple[Person, Person, Person]:
    return (
        Person("Dana Reyes", "dana@northwind.io", topic=words.topics[0]),
        Person("Sam Ito", "sam@northwind.io", topic=words.topics[1]),
        Person("Lee Okafor", "lee@northwind.io", topic=words.topics[2]),
    )


def _action(kind: ActionKind, to: tuple[Person, ...], due: datetime, **more: object) -> Action:
    return Action(7, kind, due, to, "golden", f"7:{kind}", **more)  # type: ignore[arg-type]


def scenarios(language: str) -> Iterator[tuple[str, Action, Timeline]]:
    """Yield (file stem, action, timeline) of every golden draft of ``language``."""
    words = _WORDS[language]
    dana, sam, lee = _people(words)
    base = Interview(
        id=7,
        company="Northwind",
        role=words.role,
        at=AT,
        format=Format.VIDEO,
        interviewers=(dana,),
        contacts=(RITA,),
        expect=Span(1, Unit.WEEKS),
    )
    one = Timeline(base)
    panel = Timeline(
        Interview(**{**base.__dict__, "format": Format.PANEL, "interviewers": (dana, sam, lee)})
    )
    promise = Commitment(3, 7, words.promise, AT + timedelta(days=3))
    hour = timedelta(hours=1)
    yield "thank_you-one", _action(ActionKind.THANK_YOU, (dana,), AT + hour), one
    for number, person in enumerate((dana, sam, lee), start=1):
        action = _action(ActionKind.THANK_YOU, (person,), AT + hour)
        yield f"thank_you-panel-{number}", action, panel
    later = AT + timedelta(days=9)
    yield "follow_up-recruiter", _action(ActionKind.FOLLOW_UP, (RITA,), later), panel
    second = _action(ActionKind.FOLLOW_UP, (RITA,), AT + timedelta(days=16), number=2)
    yield "follow_up_2-recruiter", second, panel
    offer = AT + timedelta(days=5)
    for interest in (Interest.NORMAL, Interest.TOP):
        timeline = Timeline(Interview(**{**base.__dict__, "interest": interest}))
        action = _action(ActionKind.EXPEDITE, (RITA,), offer, ref="12")
        yield f"expedite-{interest}", action, timeline
    with_promise = Timeline(base, commitments=(promise,))
    action = _action(ActionKind.COMMITMENT, (dana,), AT + timedelta(days=2), ref="3")
    yield "commitment-interviewer", action, with_promise
    action = _action(ActionKind.COMMITMENT, (RITA,), AT - timedelta(days=2), ref="3")
    yield "commitment-before", action, with_promise
    close = _action(ActionKind.GRACEFUL_CLOSE, (RITA,), AT + timedelta(days=12))
    yield "graceful_close-recruiter", close, panel
    check_in = _action(ActionKind.CHECK_IN, (dana,), AT + timedelta(days=98))
    yield "check_in-interviewer", check_in, one


def builtin_texts() -> dict[str, dict[str, str]]:
    """The built-in templates, ``language -> name -> text``."""
    folder = resources.files("watcher") / "data" / "templates"
    return {
        language: {
            name: (folder / language / f"{name}.txt").read_text(encoding="utf-8")
            for name in TEMPLATE_NAMES
        }
        for language in DRAFT_LANGUAGES
    }


def as_seen(draft: Draft) -> str:
    """A draft as the user sees it: To, Subject, a blank line, the body."""
    to = ", ".join(str(person) for person in draft.to) or "(nobody: the hiring team)"
    return f"To: {to}\nSubject: {draft.subject}\n\n{draft.body}"


def rendered() -> dict[Path, str]:
    """Every golden draft as rendered now: file -> text."""
    texts = builtin_texts()
    out: dict[Path, str] = {}
    for language in DRAFT_LANGUAGES:
        for stem, action, timeline in scenarios(language):
            draft = render_draft(
                action,
                timeline,
                texts,
                user_name=USER,
                signature=SIGNATURE,
                tz=TZ,
                language=language,
            )
            out[FOLDER / language / f"{stem}.txt"] = as_seen(draft)
    return out


def stored() -> dict[Path, str]:
    """Every golden draft as stored: file -> text."""
    return {path: path.read_text(encoding="utf-8") for path in sorted(FOLDER.glob("*/*.txt"))}
