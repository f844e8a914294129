"""How the command line shows things: the terminal's text and the JSON for scripts.

The JSON shapes are the ones the README documents (``track list``, ``track show``, ``plan``,
``check``, ``track export``); a field renamed here breaks someone's script.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo

from watcher import policy
from watcher.cli.term import Terminal, wrap
from watcher.dates import DAY_NAMES, MONTH_NAMES
from watcher.models import (
    REFLECTION_QUESTIONS,
    ActionKind,
    Event,
    EventKind,
    Interview,
    Person,
    Round,
    Sighting,
    Suggestion,
)

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from typing import Any, TextIO

    from watcher.app import Explanation, Overview
    from watcher.engine import CheckReport, Found
    from watcher.models import Action
    from watcher.settings import Config


class Output:
    """Writes to the terminal: human text or JSON. ``term`` is where the text goes (its
    colours, width and height: :mod:`watcher.cli.term`)."""

    def __init__(
        self, out: TextIO, err: TextIO, config: Config | None = None, term: Terminal | None = None
    ) -> None:
        self.out = out
        self.err = err
        self.config = config
        self.term = term or Terminal()

    def line(self, text: str = "") -> None:
        print(text, file=self.out)

    def fitted(self, text: str, indent: str = "", hanging: str | None = None) -> list[str]:
        """Return ``text`` broken at word boundaries to the terminal's width, the first line
        starting with ``indent``, the others with ``hanging`` (default: ``indent``)."""
        return wrap(text, self.term.width, indent, hanging)

    def wrapped(self, text: str, indent: str = "", hanging: str | None = None) -> None:
        """Print ``text`` as :meth:`fitted` breaks it."""
        for line in self.fitted(text, indent, hanging):
            self.line(line)

    def paint(self, text: str, style: str) -> str:
        """Return ``text`` in ``style`` when the output is coloured (see :data:`term.STYLES`)."""
        return self.term.paint(text, style)

    def json(self, value: Any) -> None:
        json.dump(value, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")

    def when(self, moment: datetime | None, *, year: bool = False) -> str:
        """Return ``moment`` as "Tue 24 Nov 14:00" in the configured time zone ("-" for None),
        followed by the zone's abbreviation ("Tue 24 Nov 14:00 CET") when the machine's clock
        reads another time at that moment."""
        if moment is None:
            return "-"
        assert self.config is not None
        local = moment.astimezone(self.config.policy.timezone)
        text = f"{DAY_NAMES[local.weekday()]} {local.day:2d} {MONTH_NAMES[local.month - 1]}"
        if year:
            text += f" {local.year}"
        text += f" {local.hour:02d}:{local.minute:02d}"
        if self.term.local_offset(moment) != local.utcoffset():
            text += f" {local.tzname()}"
        return text

    def moment(
        self, moment: datetime, now: datetime, *, year: bool = False, late: bool = False
    ) -> str:
        """Return ``moment`` as :meth:`when` does, with how far it is from ``now`` beside it:
        "Sat  5 Dec 09:00 (1 day late)" (``late``), "Wed  9 Dec 10:00 (in 2 days)"."""
        assert self.config is not None
        zone = self.config.policy.timezone
        return f"{self.when(moment, year=year)} ({relative_time(moment, now, zone, late=late)})"


# --------------------------------------------------------------------------- text


def relative_time(moment: datetime, now: datetime, zone: tzinfo, *, late: bool = False) -> str:
    """Return how far ``moment`` is from ``now`` as a person says it: "now", "in 25 minutes",
    "in 3 hours", "tomorrow", "in 4 days"; "2 hours ago", "yesterday", "3 days ago"; with
    ``late`` (``moment`` is a deadline), "2 hours late", "1 day late".

    Under an hour it counts minutes; on the same day of ``zone``'s calendar, or under 12
    hours, hours (to the nearest, in real time: a change of the clocks counts as it is lived);
    beyond, the days between the two dates of ``zone``'s calendar (Saturday 09:00 is
    "yesterday" all Sunday long, and "2 days ago" on Monday at 00:30).
    """
    seconds = (moment.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    ahead = seconds > 0
    seconds = abs(seconds)
    if seconds < 60:
        return "now"
    days = abs((moment.astimezone(zone).date() - now.astimezone(zone).date()).days)
    if seconds < 3600:
        amount, unit = int(seconds // 60), "minute"
    elif days == 0 or seconds < 12 * 3600:
        amount, unit = int((seconds + 1800) // 3600), "hour"
    elif days == 1 and (ahead or not late):
        return "tomorrow" if ahead else "yesterday"
    else:
        amount, unit = days, "day"
    span = f"{amount} {unit}{'' if amount == 1 else 's'}"
    if late and not ahead:
        return f"{span} late"
    return f"in {span}" if ahead else f"{span} ago"


def late_since(action: Action, now: datetime, zone: tzinfo) -> datetime | None:
    """Return the moment ``action`` is late since, or None when it is not late: its deadline
    once that passed; without a deadline, its due moment when that was on an earlier day of
    ``zone``'s calendar than ``now``."""
    if action.deadline is not None:
        return action.deadline if action.deadline < now else None
    if action.due.astimezone(zone).date() < now.astimezone(zone).date():
        return action.due
    return None


def article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def kind_label(kind: ActionKind | str) -> str:
    return str(kind).replace("_", "-")


def people_text(people: Sequence[Person]) -> str:
    return ", ".join(str(p) for p in people) or "-"


def people_with_topics(people: Sequence[Person]) -> str:
    """Return the people as `track show` lists them: each with the topic discussed, if any."""
    return ", ".join(f"{p} (topic: {p.topic})" if p.topic else str(p) for p in people) or "-"


def event_text(event: Event) -> str:
    """Return one line of an interview's timeline (`track show`) for ``event``."""
    if event.kind is EventKind.REPLY:
        text = f"reply ({str(event.reply_kind).replace('_', ' ')})"
        text += f" from {event.sender}" if event.sender else ""
    elif event.kind is EventKind.SENT:
        text = f"{kind_label(event.action or 'message')} sent"
        text += f" to {', '.join(event.recipients)}" if event.recipients else ""
    elif event.kind is EventKind.SCHEDULE:
        return f"from mail: {event.note}" if event.note else "from mail"
    else:
        text = f"{event.kind}: {kind_label(event.action or '')}"
    if event.subject:
        text += f' "{event.subject}"'
    if event.until:
        text += f", news expected by {event.until.isoformat()}"
    if event.note:
        text += f" ({event.note})"
    return text


def scanned_line(scanned: int, matched: int) -> str:
    """The first line of a check's report: "Scanned 1 new message; 1 concerns your interviews"."""
    messages = "message" if scanned == 1 else "messages"
    concern = "concerns" if matched == 1 else "concern"
    return f"Scanned {scanned} new {messages}; {matched} {concern} your interviews."


def print_check(
    report: CheckReport, companies: Mapping[int, Interview], out: Output, now: datetime
) -> None:
    """Print what one `watcher check` did (or would do, in a dry run), as of ``now``."""
    would = "would be " if report.dry_run else ""
    out.wrapped(scanned_line(report.scanned, len(report.matched)))
    for m in report.matched:
        iv = companies[m.interview_id]
        if m.kind.startswith("sent:"):
            what = f"your {kind_label(m.kind.removeprefix('sent:')).replace('None', 'message')}"
            out.wrapped(f"{out.when(m.at)}  #{iv.id} {iv.company}: {what} (sent)", "  ", " " * 6)
        else:
            what = f"{m.kind.replace('_', ' ')}{' from ' + m.sender if m.sender else ''}"
            out.wrapped(f"{out.when(m.at)}  #{iv.id} {iv.company}: {what}", "  ", " " * 6)
    if report.nudges:
        heading = f"Due now: {len(report.nudges)} (`watcher run` delivers the nudges)"
        out.line(out.paint(heading, "due"))
        zone = out.config.policy.timezone if out.config is not None else UTC
        for a in report.nudges:
            iv = companies[a.interview_id]
            late = late_since(a, now, zone)
            by = "due by" if late is not None and late != a.due else "due"
            shown = out.moment(late or a.due, now, late=late is not None)
            lines = out.fitted(f"#{iv.id} {iv.company}: {kind_label(a.kind)}, {by} {shown}", "  ")
            lines[-1] = lines[-1].replace(shown, out.paint(shown, "late" if late else "due"))
            for line in lines:
                out.line(line)
    if report.drafts:
        out.line(f"Drafts {would}created: {len(report.drafts)}")
        for d in report.drafts:
            iv = companies[d.action.interview_id]
            to = people_text(d.draft.to) if d.draft.to else "(no recipient: choose one)"
            where = f"{d.account}/{d.folder}"
            out.wrapped(
                f'#{iv.id} {iv.company}: {kind_label(d.action.kind)} to {to}, "{d.subject}" '
                f"in {where}",
                "  ",
                " " * 6,
            )
    if report.found:
        out.line(f"Interviews found in mail: {len(report.found)}")
        for found in report.found:
            out.wrapped(found_text(found, companies, out), "  ", " " * 6)
    if not report.nudges and not report.drafts:
        out.line("Nothing is due.")
    for s in report.skipped:
        out.wrapped(f"Skipped a message ({s.account}/{s.folder} uid {s.uid}): {s.reason}", "", "  ")
    if report.dry_run:
        out.line("Dry run: nothing was written to the store or the mailbox.")


def found_text(found: Found, companies: Mapping[int, Interview], out: Output) -> str:
    """One line of `watcher check` for an interview found in mail: what was (or would be)
    done, and the command that comes next."""
    seen = found.decision.sighting
    interview = companies.get(found.interview_id) if found.interview_id is not None else None
    company = interview.company if interview is not None else seen.company or "(no company)"
    line = f"{company}, {out.when(seen.start)}: {found.done}"
    if found.suggestion_id is not None and found.done in ("suggested", "suggestion moved"):
        number = found.suggestion_id
        line += f" (`watcher track accept {number}` or `watcher track ignore {number}`)"
    elif found.interview_id is not None:
        line += f" (interview #{found.interview_id})"
    return f"{line}; {found.decision.reason}"


def suggestion_text(suggestion: Suggestion, out: Output) -> list[str]:
    """The lines of `watcher track suggested` for one suggestion."""
    seen = suggestion.sighting
    role = f" ({seen.role})" if seen.role else ""
    state = "" if str(suggestion.state) == "pending" else f" [{suggestion.state}]"
    lines = out.fitted(
        f"#{suggestion.id}{state} {seen.company or '(no company)'}{role}, "
        f"{out.when(seen.start, year=True)} ({seen.format})",
        "",
        "    ",
    )
    if suggestion.interview_id is not None:
        what = "next round of" if str(suggestion.state) == "pending" else "tracked as"
        lines += out.fitted(f"{what} interview #{suggestion.interview_id}", "    ")
    if seen.interviewers:
        lines += out.fitted(f"with {people_text(seen.interviewers)}", "    ", " " * 6)
    lines += out.fitted(f"found in mail: {seen.evidence} <{seen.message_id}>", "    ", " " * 6)
    return lines


# --------------------------------------------------------------------------- JSON


def iso(moment: datetime | None, config: Config) -> str | None:
    """Return ``moment`` as ISO 8601 in the configured time zone, or None."""
    return None if moment is None else moment.astimezone(config.policy.timezone).isoformat()


def person_json(person: Person) -> dict[str, str]:
    return {"name": person.name, "address": person.address}


def told_person_json(person: Person) -> dict[str, str]:
    """Return one of an interview's people as its JSON: also what was discussed with them."""
    return {**person_json(person), "topic": person.topic}


def reply_json(event: Event | None, config: Config) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "kind": str(event.reply_kind),
        "at": iso(event.at, config),
        "message_id": event.message_id.strip("<>") or None,
        "from": event.sender,
    }


def action_json(
    action: Action, config: Config, now: datetime, draft: Event | None = None
) -> dict[str, Any]:
    """Return an action as the JSON of ``watcher plan`` (documented in the README); ``draft``
    is the draft watcher already left for it, if any."""
    return {
        "interview": action.interview_id,
        "kind": str(action.kind),
        "due": iso(action.due, config),
        "to": [p.address for p in action.to],
        "reason": action.reason,
        "recipients": [person_json(p) for p in action.to],
        "deadline": iso(action.deadline, config),
        "state": "due" if action.due <= now else "coming",
        "number": action.number,
        "key": action.key,
        "draft": None
        if draft is None
        else {"account": draft.account, "folder": draft.note, "subject": draft.subject},
    }


def round_json(round_: Round, config: Config) -> dict[str, Any]:
    """Return one round of a process as JSON: when, how, with whom."""
    return {
        "at": iso(round_.at, config),
        "format": str(round_.format),
        "people": [person_json(p) for p in round_.interviewers],
    }


def sighting_json(seen: Sighting, config: Config) -> dict[str, Any]:
    """Return an interview seen in mail as JSON (in ``track suggested`` and ``check``)."""
    return {
        "kind": str(seen.kind),
        "company": seen.company,
        "role": seen.role,
        "at": iso(seen.start, config),
        "end": iso(seen.end, config),
        "format": str(seen.format),
        "people": [person_json(p) for p in seen.interviewers],
        "domains": list(seen.domains),
        "message_id": seen.message_id,
        "uid": seen.uid or None,
        "sequence": seen.sequence,
        "evidence": seen.evidence,
    }


def suggestion_json(suggestion: Suggestion, config: Config) -> dict[str, Any]:
    """Return a suggestion as the JSON of ``watcher track suggested``."""
    return {
        "id": suggestion.id,
        "state": str(suggestion.state),
        "interview": suggestion.interview_id,
        **sighting_json(suggestion.sighting, config),
        "account": suggestion.account,
        "seen_at": iso(suggestion.seen_at, config),
        "decided_at": iso(suggestion.decided_at, config),
    }


def found_json(found: Found, config: Config) -> dict[str, Any]:
    """Return an interview found in mail by one check as the JSON of ``check --json``."""
    return {
        "done": found.done,
        "verdict": str(found.decision.verdict),
        "suggestion": found.suggestion_id,
        "interview": found.interview_id,
        **sighting_json(found.decision.sighting, config),
        "account": found.account,
        "reason": found.decision.reason,
    }


def interview_json(item: Overview, config: Config, now: datetime) -> dict[str, Any]:
    """Return an interview as the JSON of ``watcher track list`` and ``track show``."""
    interview = item.interview
    nxt = item.next_action
    expect = interview.expect
    return {
        "id": interview.id,
        "company": interview.company,
        "role": interview.role,
        "interview_at": iso(interview.at, config),
        "format": str(interview.format),
        "status": str(item.status),
        "last_reply": reply_json(policy.last_reply(item.timeline, now), config),
        "next_action": None
        if nxt is None
        else {"kind": str(nxt.kind), "due": iso(nxt.due, config)},
        "interviewers": [told_person_json(p) for p in interview.interviewers],
        "contacts": [told_person_json(p) for p in interview.contacts],
        "domains": list(interview.domains),
        "expect": None if expect is None else str(expect),
        "topic": interview.topic,
        "note": interview.note,
        "outcome": None if interview.outcome is None else str(interview.outcome),
        "closed_at": iso(interview.closed_at, config),
        "interest": str(interview.interest),
        "language": interview.language or None,
        "draft_language": interview.language or config.user.language,
        "people": [
            {"name": p.name, "address": p.address, "role": str(p.role)} for p in interview.everyone
        ],
        "source": str(interview.source),
        "rounds": [round_json(r, config) for r in interview.all_rounds],
        "cancelled_at": iso(interview.cancelled_at, config),
    }


def detail_json(item: Overview, config: Config, now: datetime) -> dict[str, Any]:
    """Return the whole record of one interview (``track show --json``, ``track export``)."""
    reflection = item.timeline.reflection
    return {
        **interview_json(item, config, now),
        "events": [
            {
                "at": iso(e.at, config),
                "kind": str(e.kind),
                "reply_kind": None if e.reply_kind is None else str(e.reply_kind),
                "action": None if e.action is None else str(e.action),
                "from": e.sender,
                "to": list(e.recipients),
                "message_id": e.message_id.strip("<>") or None,
                "subject": e.subject,
                "until": None if e.until is None else e.until.isoformat(),
                "note": e.note,
            }
            for e in item.timeline.events
        ],
        "commitments": [
            {
                "id": c.id,
                "what": c.what,
                "due": iso(c.due, config),
                "done_at": iso(c.done_at, config),
            }
            for c in item.timeline.commitments
        ],
        "reflection": None
        if reflection is None
        else {"at": iso(reflection.at, config)}
        | {key: getattr(reflection, key) for key, _question in REFLECTION_QUESTIONS},
        "actions": [action_json(a, config, now) for a in item.actions],
    }


def check_json(report: CheckReport, config: Config, now: datetime) -> dict[str, Any]:
    """Return what one `watcher check` did as its JSON (``check --json``, in the README)."""
    return {
        "scanned": report.scanned,
        "matched": [
            {
                "message_id": m.message_id,
                "interview": m.interview_id,
                "kind": m.kind,
                "from": m.sender,
                "at": iso(m.at, config),
                "account": m.account,
                "evidence": list(m.evidence),
            }
            for m in report.matched
        ],
        "nudges": [
            {
                "interview": a.interview_id,
                "kind": str(a.kind),
                "due": iso(a.due, config),
                "reason": a.reason,
            }
            for a in report.nudges
        ],
        "drafts": [
            {
                "interview": d.action.interview_id,
                "kind": str(d.action.kind),
                "to": [p.address for p in d.draft.to],
                "subject": d.subject,
                "folder": d.folder,
                "account": d.account,
            }
            for d in report.drafts
        ],
        "skipped": [
            {"account": s.account, "folder": s.folder, "uid": s.uid, "reason": s.reason}
            for s in report.skipped
        ],
        "errors": report.errors,
        "dry_run": report.dry_run,
        "now": iso(now, config),
        "suggested": [found_json(f, config) for f in report.found],
    }


# --------------------------------------------------------------------------- export

EXPORT_COLUMNS = (
    "id",
    "company",
    "role",
    "interview_at",
    "format",
    "status",
    "outcome",
    "interviewers",
    "contacts",
    "expect",
    "topic",
    "last_reply",
    "last_reply_at",
    "next_action",
    "next_due",
    "commitments",
    "felt",
    "went_well",
    "hard",
    "learned",
    "takeaways",
    "note",
    "interest",
    "draft_language",
    "topics",
    "domains",
    "timezone",
    "language",
    "source",
    "closed_at",
    "cancelled_at",
    "rounds",
    "events",
    "next_to",
    "next_reason",
    "reflected_at",
)
"""The columns of `track export --format csv`, in order (new ones are added at the end:
spreadsheets and scripts depend on the order)."""


def sheet_time(value: str | None) -> str:
    """Return an ISO 8601 time of :func:`detail_json` (already in the configured zone) as a
    spreadsheet reads it, "2026-11-24 14:00" (no seconds, no offset: the ``timezone`` column
    names the zone); "" for None."""
    return "" if not value else f"{datetime.fromisoformat(value):%Y-%m-%d %H:%M}"


def people_cell(people: Sequence[Mapping[str, str]], between: str = "; ") -> str:
    return between.join(
        f"{p['name']} <{p['address']}>" if p["name"] else p["address"] for p in people
    )


def topics_cell(people: Sequence[Mapping[str, str]]) -> str:
    """Return "address: topic" for each person with a topic, joined by "; "."""
    return "; ".join(f"{p['address']}: {p['topic']}" for p in people if p.get("topic"))


def rounds_cell(rounds: Sequence[Mapping[str, Any]]) -> str:
    """Return every round, oldest first: "2026-11-24 14:00 video with Dana Reyes <dana@...>,
    Sam Lee <sam@...>", joined by "; "."""
    return "; ".join(
        f"{sheet_time(r['at'])} {r['format']}"
        + (f" with {people_cell(r['people'], ', ')}" if r["people"] else "")
        for r in rounds
    )


def export_row(record: Mapping[str, Any], timezone: str) -> dict[str, str]:
    """Return one row of the CSV export from an interview's :func:`detail_json`; ``timezone``
    is the configured zone's name, which its times are in."""
    reflection = record["reflection"] or {}
    last, nxt = record["last_reply"] or {}, record["next_action"] or {}
    first = record["actions"][0] if record["actions"] else {}
    commitments = "; ".join(
        f"{c['what']} (by {c['due'][:10]}{', done' if c['done_at'] else ''})"
        for c in record["commitments"]
    )
    row = {
        key: "" if record.get(key) is None else str(record[key])
        for key in EXPORT_COLUMNS
        if key in record
    }
    row.update(
        interview_at=sheet_time(record["interview_at"]),
        interviewers=people_cell(record["interviewers"]),
        contacts=people_cell(record["contacts"]),
        last_reply=last.get("kind", ""),
        last_reply_at=sheet_time(last.get("at")),
        next_action=nxt.get("kind", ""),
        next_due=sheet_time(nxt.get("due")),
        commitments=commitments,
        topics=topics_cell([*record["interviewers"], *record["contacts"]]),
        domains="; ".join(record["domains"]),
        timezone=timezone,
        closed_at=sheet_time(record["closed_at"]),
        cancelled_at=sheet_time(record["cancelled_at"]),
        rounds=rounds_cell(record["rounds"]),
        events=str(len(record["events"])),
        next_to=people_cell(first.get("recipients", [])),
        next_reason=first.get("reason", ""),
        reflected_at=sheet_time(reflection.get("at")),
    )
    for key, _question in REFLECTION_QUESTIONS:
        row[key] = reflection.get(key, "")
    return row


# --------------------------------------------------------------------------- why


def why_json(item: Explanation, config: Config) -> dict[str, Any]:
    """Return what `watcher why` says of one message as JSON (``why --json``, in the README)."""
    known = item.judgment or item.would_be
    value: dict[str, Any] = {
        "message_id": item.message_id,
        "fetched": item.fetched,
        "interview": item.interview_id,
        "kind": item.kind,
        "counts_as_reply": item.counts_as_reply,
        "evidence": list(item.evidence),
        "corrected": bool(item.judgment and item.judgment.corrected),
        "where": item.where or None,
        "from": known.sender if known else None,
        "subject": known.subject if known else None,
        "date": iso(known.date, config) if known else None,
        "match": (known.match or None) if known else None,
        "judged_at": iso(item.judgment.judged_at, config) if item.judgment else None,
        "would_be": None,
    }
    if item.would_be is not None:
        value["would_be"] = {
            "interview": item.would_be.interview_id,
            "kind": item.would_be.kind,
            "counts_as_reply": item.would_be.counts_as_reply,
        }
    if item.unreachable:
        value["unreachable"] = list(item.unreachable)
    return value


def print_why(item: Explanation, companies: Mapping[int, Interview], out: Output) -> None:
    """Print what `watcher why` says of one message."""

    def interview_text(interview_id: int | None) -> str:
        if interview_id is None:
            return "none"
        iv = companies.get(interview_id)
        return f"#{interview_id}" + (f" {iv.company} ({iv.role})" if iv else " (removed)")

    known = item.judgment or item.would_be
    out.line(f"<{item.message_id}>")
    if known is not None:
        sender = known.sender or "(no sender)"
        out.line(f'  {out.when(known.date, year=True)}  from {sender}: "{known.subject}"')
    if item.fetched:
        judged = item.judgment
        when = f", judged {out.when(judged.judged_at, year=True)}" if judged else ""
        out.line(f"  fetched: yes{f' ({item.where})' if item.where else ''}{when}")
        out.line(f"  interview: {interview_text(item.interview_id)}")
        out.line(f"  kind: {(item.kind or 'no reply').replace('_', ' ')}")
        out.line(f"  counts as hearing back: {'yes' if item.counts_as_reply else 'no'}")
    else:
        where = f" (it is in {item.where})" if item.where else ""
        out.line(f"  fetched: no{where}")
        if item.would_be is not None:
            would = item.would_be
            if would.interview_id is None:
                out.line("  it would be: about no interview")
            else:
                out.line(
                    f"  it would be: interview {interview_text(would.interview_id)}, "
                    f"{(would.kind or 'no reply').replace('_', ' ')}"
                )
    out.line("  why:")
    for line in item.evidence:
        out.line(f"    - {line}")
    for line in item.unreachable:
        out.line(f"    - could not search {line}")
    if item.found and (item.fetched or item.would_be is not None):
        target = item.interview_id or "ID"
        out.line(
            f"  Wrong? `watcher track heard {target} --message {item.message_id} --kind KIND` "
            "(or --kind none: not about that interview)"
        )
