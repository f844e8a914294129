"""Why a message was read as it was, in words, and the user's corrections that override it.

Pure: nothing here reads the clock, the disk or the network. The engine keeps a
:class:`~watcher.models.Judgment` of every message it judges, made of the match's detail
(:class:`~watcher.matching.Match`) and the classification's reason
(:class:`~watcher.classify.Classification`); ``watcher why`` shows it, and ``watcher track
heard ID --message M --kind K`` corrects it. A correction is kept under the message's thread
root and sender (:attr:`~watcher.models.Message.thread_root`), so that later mail of that
sender in that thread is read the corrected way.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, tzinfo

from watcher import classify
from watcher.matching import Match, ats_relay
from watcher.models import Correction, Lexicon, Message, ReplyKind, Timeline

CORRECTED_BY = "watcher track heard"
"""The command named in the evidence of a correction."""

HAD_READ = "watcher had read it so: "
"""How a corrected judgment's evidence starts the line that keeps what watcher itself read."""

_LISTED = 4
"""How many tracked domains or companies a sentence names before "..."."""


def corrected_on(at: datetime, tz: tzinfo) -> str:
    """Return the words every corrected judgment carries: "corrected by you on 2026-11-28
    (watcher track heard)", the day in the user's time zone ``tz``."""
    return f"corrected by you on {at.astimezone(tz).date().isoformat()} ({CORRECTED_BY})"


def corrections_for(
    message: Message, corrections: Iterable[Correction]
) -> tuple[Correction | None, tuple[Correction, ...]]:
    """Given a message and the user's corrections, return the one that says which interview
    and kind the message is (None if none does) and those that say which interviews it is
    not about: those of the message's sender in the message's thread."""
    sender = "" if message.sender is None else message.sender.address.lower()
    thread = message.thread_root
    assigned: Correction | None = None
    vetoes: list[Correction] = []
    for correction in corrections:
        if correction.thread != thread or correction.sender.lower() != sender or not sender:
            continue
        if correction.kind is None:
            vetoes.append(correction)
        elif assigned is None or correction.at >= assigned.at:
            assigned = correction
    if assigned is not None:
        vetoes = [v for v in vetoes if v.interview_id != assigned.interview_id]
    return assigned, tuple(vetoes)


@functools.lru_cache(maxsize=1024)
def match_text(found: Match) -> str:
    """Return the evidence of a match in words: "person: the sender ... is contact ..."
    (the same string for equal matches: a check may keep thousands of judgments that say it)."""
    return f"{found.evidence}: {found.detail}"


def counts(kind: str | None) -> bool:
    """Return whether a judged kind (``sent:...`` for the user's own mail) counts as hearing
    back (:func:`watcher.classify.counts_as_reply`)."""
    if kind is None or kind.startswith("sent:"):
        return False
    try:
        return classify.counts_as_reply(ReplyKind(kind))
    except ValueError:
        return False


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_LISTED])
    return shown + (", ..." if len(items) > _LISTED else "") if shown else "none"


def no_tie(
    message: Message,
    timelines: Sequence[Timeline],
    lexicon: Lexicon,
    own_addresses: Collection[str],
) -> str:
    """Given a message that matched no interview, return why in one sentence: who its sender
    (or, for the user's own mail, its recipients) is not."""
    open_ones = [t for t in timelines if t.interview.outcome is None]
    if not timelines:
        return "no tie to any interview: no interview is tracked"
    domains = sorted({d for t in open_ones for d in t.interview.domains})
    companies = [t.interview.company for t in open_ones]
    own = {a.lower() for a in own_addresses}
    sender = message.sender
    if sender is not None and sender.address.lower() in own:
        others = [a.address for a in message.recipients if a.address.lower() not in own]
        who = ", ".join(others[:_LISTED]) or "nobody but yourself"
        return (
            f"no tie to any interview: you sent it to {who}, none of them a tracked person or "
            f"at a tracked domain ({_listed(domains)}), in no thread watcher knows"
        )
    if sender is None:
        return "no tie to any interview: it has no sender, and replies in no thread watcher knows"
    parts = [f"the sender {sender.address} is none of the tracked people"]
    relay = ats_relay(sender.domain, lexicon)
    if relay is not None:
        parts.append(
            f"it comes through {relay[0].name}, which names none of the tracked companies "
            f"({_listed(companies)}) where it names companies"
        )
    else:
        parts.append(f"{sender.domain} is not a tracked domain ({_listed(domains)})")
    parts.append("it replies in no thread watcher knows")
    return "no tie to any interview: " + "; ".join(parts)


def before_floor(
    message: Message, since: date, *, invitations_since: date | None = None
) -> str | None:
    """Return why a message is older than what watcher searches, or None if it is not.
    ``invitations_since`` is the day mail is searched from for invitations (while interviews
    are looked for in mail), when that is the floor."""
    if message.date.date() >= since:
        return None
    if since == date.max:
        return "not fetched: no interview is open, so no mail is searched"
    why = (
        "30 days before today: invitations are looked for that far back"
        if since == invitations_since
        else "two weeks before the earliest open interview"
    )
    return (
        f"not fetched: it is dated {message.date.date().isoformat()}, before the search floor "
        f"{since.isoformat()} ({why})"
    )
