"""The command line: the only module that prints, reads the clock, and turns errors into exit codes.

Every command validates all of its input before it writes anything, and each command's writes
happen in one transaction, so a refused command changes nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import getpass
import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Literal, NoReturn, TextIO
from urllib.parse import parse_qs, urlsplit

from watcher import __version__, app, credentials, logsetup, paths, service
from watcher.config import default_timezone, parse_config, starter_config
from watcher.engine import CheckReport, draft_of
from watcher.errors import ConfigError, UsageError, WatcherError
from watcher.models import (
    REFLECTION_QUESTIONS,
    ActionKind,
    Event,
    EventKind,
    Format,
    Interview,
    Outcome,
    Person,
    PersonRole,
    Reflection,
    ReplyKind,
)
from watcher.notify.base import NotifyError
from watcher.settings import Account, Config, password_command
from watcher.spans import SPAN_HELP, Span, parse_span

EXIT_UNEXPECTED = 70
DEFAULT_LOGIN_PORT = 8765
"""The port `watcher auth login` listens on (watcher.backends.oauth.DEFAULT_PORT): fixed, so
that the SSH tunnel of a headless login can be set up first."""
DEFAULT_LOGIN_TIMEOUT = 300.0
YEARS = (1970, 2200)
END_OF_DAY = time(17, 0)
"""A date given alone for a deadline (``--by 2026-11-27``) means the end of that working day."""

SENT_KINDS = (
    ActionKind.THANK_YOU,
    ActionKind.FOLLOW_UP,
    ActionKind.GRACEFUL_CLOSE,
    ActionKind.CHECK_IN,
    ActionKind.EXPEDITE,
    ActionKind.COMMITMENT,
)
DRAFT_KINDS = tuple(k for k in ActionKind if k is not ActionKind.MOVE_ON)


def port_number(text: str) -> int:
    """A port argument: 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: ports are 0 to 65535")
    return value


def record_id(text: str) -> int:
    """An ID argument (an interview, a commitment): a positive number that SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a number)") from None
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id: ids are numbers from 1")
    return value


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors name the command's --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"watcher: {message} (see `{self.prog} --help`)\n")


# --------------------------------------------------------------------------- parsing values


def parse_moment(
    text: str, flag: str, config: Config, *, date_time: time | None = None
) -> datetime:
    """Given ISO 8601 text, return an aware datetime (no offset: the configured time zone).

    A date alone is allowed only when ``date_time`` says which time of day it means.
    """
    tz = config.policy.timezone
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or (len(text.strip()) <= 10 and date_time is None):
        example = "2026-11-24T14:00" if date_time is None else "2026-11-24 or 2026-11-24T14:00"
        needs = "a date and time" if date_time is None else "a date or a date and time"
        raise UsageError(
            f"{flag} {text!r}: expected {needs} in ISO 8601, such as {example} "
            f"(with an offset such as +01:00, or in {tz.key})"
        )
    if len(text.strip()) <= 10 and date_time is not None:
        moment = datetime.combine(moment.date(), date_time)
    check_year(moment.date(), flag, text)
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def check_year(day: date, flag: str, text: str) -> None:
    """Refuse dates no job search has (they would overflow time zone arithmetic later)."""
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise UsageError(f"{flag} {text!r}: the year must be between {YEARS[0]} and {YEARS[1]}")


def parse_day(text: str, flag: str) -> date:
    """Given an ISO 8601 date, return it; raise UsageError naming the flag if it is not one."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} {text!r}: expected a date such as 2026-12-04") from None
    check_year(day, flag, text)
    return day


def parse_person(text: str, flag: str, role: PersonRole) -> Person:
    """Given "Name <address>" or an address, return the Person; raise UsageError if malformed."""
    name, address = parseaddr(text)
    local, _, domain = address.partition("@")
    if not local or "." not in domain or any(c.isspace() for c in address):
        raise UsageError(
            f'{flag} {text!r}: expected "Name <address>" or an address, such as '
            '"Dana Reyes <dana@northwind.example>"'
        )
    return Person(name.strip(), address.lower(), role)


def parse_domain(text: str) -> str:
    """Return a lower-case domain name; raise UsageError if it is not one."""
    domain = text.strip().lower().removeprefix("@").rstrip(".")
    labels = domain.split(".")
    if len(labels) < 2 or not all(
        label and len(label) <= 63 and label.replace("-", "").isalnum() for label in labels
    ):
        raise UsageError(
            f"--domain {text!r}: expected a domain name such as northwind.example "
            "(mail from it and its subdomains counts for the interview)"
        )
    return domain


def parse_expect(text: str, interview_at: datetime) -> Span | date | None:
    """Given what the interviewer said ("1 week", "10 business days", "2026-12-04"), return it.

    Raise UsageError if it is neither, or a date before the interview.
    """
    if text.strip().lower() in ("", "none"):
        return None
    if text.strip()[:1].isdigit() and "-" in text:
        day = parse_day(text, "--expect")
        if day < interview_at.date():
            raise UsageError(
                f"--expect {text!r} is before the interview ({interview_at.date()}): give the "
                "date they said you would hear back by"
            )
        return day
    try:
        span = parse_span(text)
    except ValueError as error:
        raise UsageError(
            f"--expect: {error}; give what the interviewer said, as {SPAN_HELP}, or a date such "
            "as 2026-12-04 (or none to clear it)"
        ) from None
    if span.amount == 0:
        raise UsageError(
            f"--expect {text!r} is no time at all: give what they said, such as 1 week"
        )
    return span


def nonempty(text: str, flag: str) -> str:
    if not text.strip():
        raise UsageError(f"{flag} must not be empty")
    return text.strip()


# --------------------------------------------------------------------------- output


class Output:
    """Writes to the terminal: human text or JSON."""

    def __init__(self, out: TextIO, err: TextIO, config: Config | None = None) -> None:
        self.out = out
        self.err = err
        self.config = config

    def line(self, text: str = "") -> None:
        print(text, file=self.out)

    def json(self, value: Any) -> None:
        json.dump(value, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")

    def when(self, moment: datetime | None, *, year: bool = False) -> str:
        if moment is None:
            return "-"
        assert self.config is not None
        local = moment.astimezone(self.config.policy.timezone)
        text = f"{local:%a} {local.day:2d} {local:%b}"
        if year:
            text += f" {local.year}"
        return f"{text} {local:%H:%M}"


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def kind_label(kind: ActionKind | str) -> str:
    return str(kind).replace("_", "-")


def people_text(people: Sequence[Person]) -> str:
    return ", ".join(str(p) for p in people) or "-"


# --------------------------------------------------------------------------- commands


class Context:
    """What a command needs: the arguments, the environment, the moment and the output."""

    def __init__(
        self,
        args: argparse.Namespace,
        env: Mapping[str, str],
        out: TextIO,
        err: TextIO,
        stdin: TextIO,
        clock: Callable[[], datetime],
    ) -> None:
        self.args = args
        self.env = env
        self.stdin = stdin
        self._clock = clock
        self._config: Config | None = None
        self.output = Output(out, err)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = app.load(self.args.config, self.env)
            self.output.config = self._config
        return self._config

    @property
    def now(self) -> datetime:
        text = getattr(self.args, "now", None)
        if text:
            return parse_moment(text, "--now", self.config)
        return self._clock()


def cmd_init(ctx: Context) -> int:
    args, out = ctx.args, ctx.output
    path = paths.config_file(args.config, ctx.env)
    if path.exists() and not args.force:
        out.line(
            f"A configuration already exists at {path}; nothing written (--force replaces it)."
        )
        return 0
    name = args.name or ctx.env.get("USER", "") or "Me"
    address = args.email
    timezone = args.timezone or default_timezone(ctx.env)
    holidays = args.holidays if args.holidays is not None else ""
    if not args.non_interactive and ctx.stdin.isatty():
        hint = "run `watcher init --non-interactive` in scripts"
        name = ask(ctx, "Your name (signs the drafts)", name, script_hint=hint)
        address = ask(ctx, "Your email address", address or "", script_hint=hint) or None
        timezone = ask(ctx, "Your time zone (IANA name)", timezone, script_hint=hint)
        holidays = ask(
            ctx,
            "Public holidays to skip (country code such as US or FR, empty for none)",
            holidays,
            script_hint=hint,
        )
    # Desktop notifications need a session: on a server, nudges would never get through.
    desktop = sys.platform == "darwin" or bool(ctx.env.get("DBUS_SESSION_BUS_ADDRESS"))
    text = starter_config(name, address, timezone, holidays, desktop=desktop)
    try:
        parse_config(text, source=str(path), env=ctx.env, base_dir=path.parent)
    except ConfigError as error:
        flags = {"policy.timezone": "--timezone", "policy.holidays": "--holidays",
                 "user.name": "--name"}  # fmt: skip
        named = [
            f"{flag}: {problem.partition(': ')[2]}"
            for problem in error.problems
            for key, flag in flags.items()
            if problem.startswith(key)
        ]
        raise UsageError("; ".join(named or error.problems) + " (nothing was written)") from None
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(path)
    except OSError as error:
        raise UsageError(
            f"cannot write the configuration to {path} ({error.strerror or error}): choose "
            "another place with --config or $WATCHER_CONFIG"
        ) from None
    out.line(f"Wrote a starter configuration to {path}.")
    out.line("Next: `watcher track add --company ... --role ... --at ...`, then `watcher plan`.")
    return 0


def ask(ctx: Context, question: str, default: str, *, script_hint: str) -> str:
    """Ask a question in the terminal; raise UsageError (with ``script_hint``) at end of input."""
    suffix = f" [{default}]" if default else ""
    print(f"{question}{suffix}: ", end="", file=ctx.output.out, flush=True)
    answer = ctx.stdin.readline()
    if not answer:
        raise UsageError(f"standard input ended before every question was answered: {script_hint}")
    return answer.strip() or default


def interview_from_args(ctx: Context) -> Interview:
    args, config = ctx.args, ctx.config
    at = parse_moment(args.at, "--at", config)
    interviewers = merge_people(
        (),
        [parse_person(p, "--interviewer", PersonRole.INTERVIEWER) for p in args.interviewer],
        set(),
    )
    contacts = merge_people(
        (), [parse_person(p, "--contact", PersonRole.CONTACT) for p in args.contact], set()
    )
    check_roles(interviewers, contacts)
    return Interview(
        id=0,
        company=nonempty(args.company, "--company"),
        role=nonempty(args.role, "--role"),
        at=at,
        format=Format(args.format),
        interviewers=interviewers,
        contacts=contacts,
        domains=tuple(dict.fromkeys(parse_domain(d) for d in args.domain)),
        expect=parse_expect(args.expect, at) if args.expect is not None else None,
        topic=args.topic.strip(),
        note=args.note.strip(),
    )


def cmd_track_add(ctx: Context) -> int:
    interview = interview_from_args(ctx)
    now = ctx.now
    with app.open_store(ctx.config, transaction=True) as store:
        created = store.add_interview(interview, now)
        item = app.overview(store, ctx.config, now, created.id)
    if ctx.args.json:
        ctx.output.json(app.interview_json(item, ctx.config, now))
    else:
        ctx.output.line(
            f"Tracking interview #{created.id}: {created.company}, {created.role}, "
            f"{ctx.output.when(created.at)}."
        )
        show_next(ctx, item)
    return 0


def show_next(ctx: Context, item: app.Overview) -> None:
    nxt = item.next_action
    if nxt is not None:
        ctx.output.line(f"Next: {kind_label(nxt.kind)} {ctx.output.when(nxt.due)} ({nxt.reason}).")


def cmd_track_list(ctx: Context) -> int:
    config, now = ctx.config, ctx.now
    with app.open_store(config) as store:
        items = [o for o in app.overviews(store, config, now) if ctx.args.all or app.is_open(o)]
    if ctx.args.json:
        ctx.output.json([app.interview_json(o, config, now) for o in items])
        return 0
    if not items:
        hint = "" if ctx.args.all else " open"
        more = "" if ctx.args.all else " (--all shows closed ones too)"
        ctx.output.line(f"No{hint} interviews tracked{more}. Add one with `watcher track add`.")
        return 0
    rows = [["ID", "COMPANY", "ROLE", "INTERVIEW", "STATUS", "NEXT"]]
    for o in items:
        nxt = o.next_action
        rows.append(
            [
                str(o.interview.id),
                o.interview.company,
                o.interview.role,
                ctx.output.when(o.interview.at),
                str(o.status).replace("_", " "),
                "-" if nxt is None else f"{kind_label(nxt.kind)} {ctx.output.when(nxt.due)}",
            ]
        )
    for text in table(rows):
        ctx.output.line(text)
    return 0


def event_text(event: Event) -> str:
    if event.kind is EventKind.REPLY:
        text = f"reply ({str(event.reply_kind).replace('_', ' ')})"
        text += f" from {event.sender}" if event.sender else ""
    elif event.kind is EventKind.SENT:
        text = f"{kind_label(event.action or 'message')} sent"
        text += f" to {', '.join(event.recipients)}" if event.recipients else ""
    else:
        text = f"{event.kind}: {kind_label(event.action or '')}"
    if event.subject:
        text += f' "{event.subject}"'
    if event.until:
        text += f", news expected by {event.until.isoformat()}"
    if event.note:
        text += f" ({event.note})"
    return text


def cmd_track_show(ctx: Context) -> int:
    config, now, out = ctx.config, ctx.now, ctx.output
    with app.open_store(config) as store:
        item = app.overview(store, config, now, ctx.args.id)
    if ctx.args.json:
        out.json(app.detail_json(item, config, now))
        return 0
    iv = item.interview
    out.line(
        f"#{iv.id} {iv.company} - {iv.role} ({iv.format})    "
        f"status: {str(item.status).replace('_', ' ')}"
    )
    facts = [
        ("interviewers", people_text(iv.interviewers)),
        ("contacts", people_text(iv.contacts)),
        ("domains", ", ".join(iv.domains) or "-"),
        ("expect", "-" if iv.expect is None else str(iv.expect)),
        ("topic", iv.topic or "-"),
        ("note", iv.note or "-"),
    ]
    if iv.outcome is not None:
        facts.append(("outcome", f"{iv.outcome} ({out.when(iv.closed_at, year=True)})"))
    for label, value in facts:
        out.line(f"  {label + ':':<14}{value}")
    out.line()
    entries = [(iv.at, "interview")] + [(e.at, event_text(e)) for e in item.timeline.events]
    for moment, text in sorted(entries, key=lambda entry: entry[0]):
        marker = " " if moment <= now else "~"
        out.line(f"  {marker} {out.when(moment, year=True)}  {text}")
    if item.actions:
        out.line()
        out.line("What comes next:")
        for action in item.actions:
            state = "due" if action.due <= now else "   "
            to = f" to {people_text(action.to)}" if action.to else ""
            out.line(f"  {state} {out.when(action.due, year=True)}  {kind_label(action.kind)}{to}")
            out.line(f"        {action.reason}")
    if item.timeline.commitments:
        out.line()
        out.line("Commitments:")
        for c in item.timeline.commitments:
            box = "x" if c.done_at is not None and c.done_at <= now else " "
            out.line(f"  [{box}] #{c.id} {c.what}, by {out.when(c.due, year=True)}")
    reflection = item.timeline.reflection
    if reflection is not None:
        out.line()
        out.line(f"Reflection ({out.when(reflection.at, year=True)}):")
        for key, question in REFLECTION_QUESTIONS:
            answer = getattr(reflection, key)
            if answer:
                out.line(f"  {question}\n    {answer}")
    return 0


def cmd_track_edit(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    with app.open_store(config, transaction=True) as store:
        current = store.get_interview(args.id)
        changes: dict[str, Any] = {}
        if args.company is not None:
            changes["company"] = nonempty(args.company, "--company")
        if args.role is not None:
            changes["role"] = nonempty(args.role, "--role")
        if args.at is not None:
            changes["at"] = parse_moment(args.at, "--at", config)
        if args.format is not None:
            changes["format"] = Format(args.format)
        if args.expect is not None:
            changes["expect"] = parse_expect(args.expect, changes.get("at", current.at))
        if args.topic is not None:
            changes["topic"] = args.topic.strip()
        if args.note is not None:
            changes["note"] = args.note.strip()
        removed = {r.strip().lower() for r in args.remove}
        known = {p.address for p in current.people} | set(current.domains)
        unknown = sorted(removed - known)
        if unknown:
            raise UsageError(
                f"--remove {unknown[0]!r}: interview #{current.id} has no such person or domain "
                f"(it has: {', '.join(sorted(known)) or 'none'})"
            )
        added_interviewers = [
            parse_person(p, "--interviewer", PersonRole.INTERVIEWER) for p in args.interviewer
        ]
        added_contacts = [parse_person(p, "--contact", PersonRole.CONTACT) for p in args.contact]
        added_domains = [parse_domain(d) for d in args.domain]
        changes["interviewers"] = merge_people(current.interviewers, added_interviewers, removed)
        changes["contacts"] = merge_people(current.contacts, added_contacts, removed)
        check_roles(changes["interviewers"], changes["contacts"])
        changes["domains"] = tuple(
            dict.fromkeys(d for d in (*current.domains, *added_domains) if d not in removed)
        )
        updated = replace(current, **changes)
        if updated == current:
            raise UsageError(
                "nothing to change: give at least one option (see `watcher track edit --help`)"
            )
        store.update_interview(updated, now)
        item = app.overview(store, config, now, current.id)
    if args.json:
        ctx.output.json(app.interview_json(item, config, now))
    else:
        ctx.output.line(f"Updated interview #{current.id}.")
        show_next(ctx, item)
    return 0


def check_roles(interviewers: Sequence[Person], contacts: Sequence[Person]) -> None:
    """Refuse a person who is both an interviewer and a contact (the thank-you depends on it)."""
    both = sorted({p.address for p in interviewers} & {p.address for p in contacts})
    if both:
        raise UsageError(
            f"{both[0]} is given both as --interviewer and as --contact: an interviewer gets a "
            "thank-you, a contact does not; give them once (`--remove` them first when editing)"
        )


def merge_people(
    current: Sequence[Person], added: Sequence[Person], removed: set[str]
) -> tuple[Person, ...]:
    by_address = {p.address: p for p in current if p.address not in removed}
    for person in added:
        by_address[person.address] = person
    return tuple(by_address.values())


def cmd_track_close(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    at = parse_moment(args.at, "--at", config) if args.at else now
    with app.open_store(config, transaction=True) as store:
        current = store.get_interview(args.id)
        store.update_interview(replace(current, outcome=Outcome(args.outcome), closed_at=at), now)
    ctx.output.line(f"Closed interview #{args.id} ({current.company}) as {args.outcome}.")
    return 0


def cmd_track_reopen(ctx: Context) -> int:
    config, now = ctx.config, ctx.now
    with app.open_store(config, transaction=True) as store:
        current = store.get_interview(ctx.args.id)
        if current.outcome is None:
            raise UsageError(f"interview #{current.id} is not closed: nothing to reopen")
        store.update_interview(replace(current, outcome=None, closed_at=None), now)
    ctx.output.line(f"Reopened interview #{current.id} ({current.company}).")
    return 0


def cmd_track_remove(ctx: Context) -> int:
    config = ctx.config
    with app.open_store(config, transaction=True) as store:
        current = store.get_interview(ctx.args.id)
        if not ctx.args.yes:
            raise UsageError(
                f"removing interview #{current.id} ({current.company}) deletes its whole history: "
                "add --yes to confirm (or close it with `watcher track close` to keep the history)"
            )
        store.delete_interview(current.id)
    ctx.output.line(f"Removed interview #{current.id} ({current.company}).")
    return 0


def cmd_track_commit(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    if args.done is not None:
        if args.what or args.by:
            raise UsageError(
                "--done marks a commitment as kept: do not combine it with --what or --by"
            )
        with app.open_store(config, transaction=True) as store:
            commitment = store.complete_commitment(args.id, args.done, now)
        ctx.output.line(
            f"Commitment #{commitment.id} of interview #{args.id} is done: {commitment.what}."
        )
        return 0
    if not args.what or not args.by:
        raise UsageError(
            'give --what and --by to record a promise (such as --what "send references" '
            "--by 2026-11-27), or --done N to mark one as kept"
        )
    what = nonempty(args.what, "--what")
    due = parse_moment(args.by, "--by", config, date_time=END_OF_DAY)
    with app.open_store(config, transaction=True) as store:
        commitment = store.add_commitment(args.id, what, due)
    if args.json:
        ctx.output.json(
            {"id": commitment.id, "interview": args.id, "what": what, "due": app.iso(due, config)}
        )
    else:
        ctx.output.line(
            f"Commitment #{commitment.id} of interview #{args.id}: {what}, "
            f"by {ctx.output.when(due)}."
        )
    return 0


def cmd_track_heard(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    at = parse_moment(args.at, "--at", config) if args.at else now
    sender = str(parse_person(args.sender, "--from", PersonRole.CONTACT)) if args.sender else ""
    until = parse_day(args.until, "--until") if args.until else None
    event = Event(
        interview_id=args.id,
        kind=EventKind.REPLY,
        at=at,
        reply_kind=ReplyKind(args.kind),
        sender=sender,
        until=until,
        note=args.note.strip(),
    )
    with app.open_store(config, transaction=True) as store:
        store.add_event(event)
        item = app.overview(store, config, now, args.id)
    ctx.output.line(
        f"Recorded {article(kind_label(args.kind))} reply for interview #{args.id}; "
        f"status: {str(item.status).replace('_', ' ')}."
    )
    show_next(ctx, item)
    return 0


def cmd_track_sent(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    at = parse_moment(args.at, "--at", config) if args.at else now
    recipients = tuple(parse_person(p, "--to", PersonRole.CONTACT).address for p in args.to)
    event = Event(
        interview_id=args.id,
        kind=EventKind.SENT,
        at=at,
        action=ActionKind(args.kind),
        recipients=recipients,
        note=args.note.strip(),
    )
    with app.open_store(config, transaction=True) as store:
        store.add_event(event)
        item = app.overview(store, config, now, args.id)
    ctx.output.line(f"Recorded your {kind_label(args.kind)} for interview #{args.id}.")
    show_next(ctx, item)
    return 0


def cmd_track_snooze(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    if not 1 <= args.days <= 90:
        raise UsageError(f"--days {args.days}: give a number of days from 1 to 90")
    with app.open_store(config, transaction=True) as store:
        interview = store.get_interview(args.id)
        until = app.snooze(store, [interview.id], now, args.days, config.policy.timezone)
    ctx.output.line(
        f"Snoozed interview #{interview.id} ({interview.company}): what is due waits until "
        f"{until.isoformat()}, and is told again then."
    )
    return 0


def cmd_track_reflect(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    keys = [key for key, _question in REFLECTION_QUESTIONS]
    with app.open_store(config, transaction=True) as store:
        interview = store.get_interview(args.id)
        previous = store.reflection(args.id)
        if args.json:
            answers = read_json_answers(ctx, keys)
        elif ctx.stdin.isatty():
            ctx.output.line(
                f"Reflecting on #{interview.id} {interview.company}, {interview.role} "
                "(Enter keeps the current answer)."
            )
            answers = {}
            for key, question in REFLECTION_QUESTIONS:
                current = getattr(previous, key) if previous else ""
                answers[key] = ask(ctx, question, current, script_hint="pass --json in scripts")
        else:
            raise UsageError(
                "`watcher track reflect` asks its questions in a terminal: in a script, "
                "pass --json "
                f"with a JSON object on standard input (keys: {', '.join(keys)})"
            )
        merged = {key: answers.get(key, getattr(previous, key) if previous else "") for key in keys}
        store.set_reflection(Reflection(interview_id=interview.id, at=now, **merged))
    ctx.output.line(f"Saved your reflection on interview #{interview.id}.")
    return 0


def read_json_answers(ctx: Context, keys: Sequence[str]) -> dict[str, str]:
    try:
        data = json.loads(ctx.stdin.read())
    except json.JSONDecodeError as error:
        raise UsageError(f"--json: standard input is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise UsageError(f"--json: expected a JSON object with the keys {', '.join(keys)}")
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise UsageError(f"--json: unknown key {unknown[0]!r} (known keys: {', '.join(keys)})")
    bad = sorted(k for k, v in data.items() if not isinstance(v, str))
    if bad:
        raise UsageError(f"--json: the answer to {bad[0]!r} must be a string")
    return {k: v.strip() for k, v in data.items()}


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
)


def people_cell(people: Sequence[Mapping[str, str]]) -> str:
    return "; ".join(f"{p['name']} <{p['address']}>" if p["name"] else p["address"] for p in people)


def export_row(record: Mapping[str, Any]) -> dict[str, str]:
    reflection = record["reflection"] or {}
    last, nxt = record["last_reply"] or {}, record["next_action"] or {}
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
        interviewers=people_cell(record["interviewers"]),
        contacts=people_cell(record["contacts"]),
        last_reply=last.get("kind", ""),
        last_reply_at=last.get("at", ""),
        next_action=nxt.get("kind", ""),
        next_due=nxt.get("due", ""),
        commitments=commitments,
    )
    for key, _question in REFLECTION_QUESTIONS:
        row[key] = reflection.get(key, "")
    return row


def cmd_track_export(ctx: Context) -> int:
    config, now = ctx.config, ctx.now
    with app.open_store(config) as store:
        records = [app.detail_json(o, config, now) for o in app.overviews(store, config, now)]
    buffer = io.StringIO()
    if ctx.args.format == "json":
        json.dump(records, buffer, indent=2, ensure_ascii=False)
        buffer.write("\n")
    else:
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(export_row(r) for r in records)
    if ctx.args.output in (None, "-"):
        ctx.output.out.write(buffer.getvalue())
    else:
        target = Path(ctx.args.output)
        try:
            target.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"--output {target}: cannot write it ({error.strerror})") from None
        ctx.output.err.write(f"Exported {len(records)} interviews to {target}.\n")
    return 0


def cmd_plan(ctx: Context) -> int:
    config, now, out = ctx.config, ctx.now, ctx.output
    with app.open_store(config) as store:
        timelines = {t.interview.id: t for t in store.timelines()}
    actions = app.plan(list(timelines.values()), config, now)
    drafts = {a.key: draft_of(a, timelines[a.interview_id]) for a in actions}
    if ctx.args.json:
        out.json([app.action_json(a, config, now, drafts[a.key]) for a in actions])
        return 0
    if not actions:
        out.line("Nothing due or coming. Track an interview with `watcher track add`.")
        return 0
    for title, group in (
        ("Due now", [a for a in actions if a.due <= now]),
        ("Coming", [a for a in actions if a.due > now]),
    ):
        if not group:
            continue
        out.line(f"{title}:")
        for a in group:
            iv = timelines[a.interview_id].interview
            to = f" to {people_text(a.to)}" if a.to else ""
            out.line(
                f"  {out.when(a.due)}  #{iv.id} {iv.company} ({iv.role}): {kind_label(a.kind)}{to}"
            )
            out.line(f"      {a.reason}")
            draft = drafts[a.key]
            if draft is not None:
                out.line(
                    f'      a draft is waiting in {draft.account}/{draft.note}: "{draft.subject}"'
                )
        out.line()
    out.line("Preview a draft with `watcher draft preview ID --kind KIND`.")
    return 0


def cmd_draft_preview(ctx: Context) -> int:
    config, now, out = ctx.config, ctx.now, ctx.output
    with app.open_store(config) as store:
        item = app.overview(store, config, now, ctx.args.id)
    drafts = app.drafts_for(config, item, ActionKind(ctx.args.kind), ctx.args.to)
    for index, (_action, draft) in enumerate(drafts):
        if index:
            out.line("-" * 72)
        out.line(f"To: {people_text(draft.to) if draft.to else '(choose the recipient)'}")
        out.line(f"Subject: {draft.subject}")
        if draft.in_reply_to:
            out.line(f"In-Reply-To: {draft.in_reply_to}")
        out.line()
        out.out.write(draft.body)
    return 0


def cmd_check(ctx: Context) -> int:
    config, now, out, args = ctx.config, ctx.now, ctx.output, ctx.args
    progress = None
    if not args.json and out.err.isatty():

        def progress(where: str, done: int, total: int) -> None:
            end = "\n" if done == total else ""
            out.err.write(f"\r{where}: {done}/{total} messages{end}")
            out.err.flush()

    with app.open_store(config, read_only=args.dry_run) as store:
        report = app.check(store, config, now, dry_run=args.dry_run, progress=progress)
        companies = {i.id: i for i in store.interviews()}
    if args.json:
        out.json(check_json(report, ctx))
    else:
        print_check(report, companies, ctx)
    for error in report.errors:
        out.err.write(f"watcher: {error}\n")
    return 1 if report.errors else 0


def check_json(report: CheckReport, ctx: Context) -> dict[str, Any]:
    config, now = ctx.config, ctx.now
    return {
        "scanned": report.scanned,
        "matched": [
            {"message_id": m.message_id, "interview": m.interview_id, "kind": m.kind,
             "from": m.sender, "at": app.iso(m.at, config), "account": m.account}
            for m in report.matched
        ],
        "nudges": [
            {"interview": a.interview_id, "kind": str(a.kind), "due": app.iso(a.due, config),
             "reason": a.reason}
            for a in report.nudges
        ],
        "drafts": [
            {"interview": d.action.interview_id, "kind": str(d.action.kind),
             "to": [p.address for p in d.draft.to], "subject": d.subject, "folder": d.folder,
             "account": d.account}
            for d in report.drafts
        ],
        "skipped": [
            {"account": s.account, "folder": s.folder, "uid": s.uid, "reason": s.reason}
            for s in report.skipped
        ],
        "errors": report.errors,
        "dry_run": report.dry_run,
        "now": app.iso(now, config),
    }  # fmt: skip


def print_check(report: CheckReport, companies: Mapping[int, Interview], ctx: Context) -> None:
    out = ctx.output
    would = "would be " if report.dry_run else ""
    out.line(
        f"Scanned {report.scanned} new messages; {len(report.matched)} concern your interviews."
    )
    for m in report.matched:
        iv = companies[m.interview_id]
        if m.kind.startswith("sent:"):
            what = f"your {kind_label(m.kind.removeprefix('sent:')).replace('None', 'message')}"
            out.line(f"  {out.when(m.at)}  #{iv.id} {iv.company}: {what} (sent)")
        else:
            what = f"{m.kind.replace('_', ' ')}{' from ' + m.sender if m.sender else ''}"
            out.line(f"  {out.when(m.at)}  #{iv.id} {iv.company}: {what}")
    if report.nudges:
        out.line(f"Nudges {would}recorded: {len(report.nudges)}")
        for a in report.nudges:
            iv = companies[a.interview_id]
            out.line(f"  #{iv.id} {iv.company}: {kind_label(a.kind)} (due {out.when(a.due)})")
    if report.drafts:
        out.line(f"Drafts {would}created: {len(report.drafts)}")
        for d in report.drafts:
            iv = companies[d.action.interview_id]
            to = people_text(d.draft.to) if d.draft.to else "(no recipient: choose one)"
            out.line(f'  #{iv.id} {iv.company}: {kind_label(d.action.kind)} to {to}, '
                     f'"{d.subject}" in {d.account}/{d.folder}')  # fmt: skip
    if not report.nudges and not report.drafts:
        out.line("Nothing is due.")
    for s in report.skipped:
        out.line(f"Skipped a malformed message ({s.account}/{s.folder} uid {s.uid}): {s.reason}")
    if report.dry_run:
        out.line("Dry run: nothing was written to the store or the mailbox.")


def cmd_auth_set(ctx: Context) -> int:
    args, config = ctx.args, ctx.config
    name, command = app.secret_named(config, args.account)
    google = signs_in_with_google(config, name)
    if google is not None:
        raise UsageError(
            f"account {name!r} signs in with Google (it has client_secrets), so a password "
            f"would not be used: run `watcher auth login {name}`"
        )
    if args.password_stdin:
        secret = ctx.stdin.readline().rstrip("\r\n")
    elif ctx.stdin.isatty():
        secret = getpass.getpass(f"Password for {name!r}: ")
    else:
        raise UsageError(
            "standard input is not a terminal: pass --password-stdin and the password on "
            "standard input"
        )
    if not secret:
        raise UsageError("the password is empty: nothing was stored")
    credentials.store_password(name, secret)
    ctx.output.line(f"Stored the password of account {name!r} in the OS keyring.")
    if command:
        ctx.output.line("Note: this account has a password_command, which is used instead.")
    return 0


def signs_in_with_google(config: Config, name: str) -> Account | None:
    """Return the account ``name`` (as `watcher auth` names it) if it has client_secrets."""
    if name == app.EMAIL_KEYRING_NAME and config.notify.email is not None:
        return None
    account = next((a for a in config.accounts if a.name == name), None)
    return account if account is not None and account.client_secrets is not None else None


def cmd_auth_login(ctx: Context) -> int:
    args, out = ctx.args, ctx.output
    account = app.google_account(ctx.config, args.account)
    if not 0 < args.timeout <= 86400:
        raise UsageError(f"--timeout {args.timeout:g}: give a number of seconds, 1 to 86400")

    def announce(url: str) -> None:
        redirect = parse_qs(urlsplit(url).query).get("redirect_uri", [""])[0]
        port = urlsplit(redirect).port or args.port
        if args.no_browser:
            out.line(f"To sign account {account.name!r} in to Google, open this URL in a browser:")
        else:
            out.line(
                f"Opening your browser to sign account {account.name!r} in to Google. If it does "
                "not open, open this URL:"
            )
        out.line(f"  {url}")
        if args.no_browser:
            out.line(
                f"If that browser runs on another machine, first forward port {port} to this "
                f"one from there: ssh -L {port}:{args.host}:{port} THIS-MACHINE"
            )
        out.line(f"Waiting up to {args.timeout:g} s for Google's answer on {redirect} ...")
        out.out.flush()

    session = app.login(
        account,
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
        announce=announce,
        timeout=args.timeout,
    )
    out.line(
        f"Signed account {account.name!r} in to Google; the sign-in is saved in "
        f"{app.token_location(account)}."
    )
    out.line(f"Granted scopes: {' '.join(session.scopes) or '(none listed)'}")
    return 0


def cmd_auth_forget(ctx: Context) -> int:
    name, _command = app.secret_named(ctx.config, ctx.args.account)
    google = signs_in_with_google(ctx.config, name)
    if google is not None:
        where = app.token_location(google)
        try:
            removed = credentials.forget_token(google.name, google.token_file)
        except credentials.NoKeyringError:
            ctx.output.line(
                f"No OS keyring is available here, so no Google sign-in of account {name!r} is "
                "stored in one: nothing to remove."
            )
            return 0
        if removed:
            ctx.output.line(f"Removed the Google sign-in of account {name!r} from {where}.")
            ctx.output.line(
                "Google still lists watcher as allowed until you remove it at "
                "https://myaccount.google.com/permissions."
            )
        else:
            ctx.output.line(f"No Google sign-in of account {name!r} was saved in {where}.")
        return 0
    try:
        removed = credentials.forget_password(name)
    except credentials.NoKeyringError:
        ctx.output.line(
            f"No OS keyring is available here, so no password of account {name!r} is stored in "
            "one: nothing to remove."
        )
        return 0
    if removed:
        ctx.output.line(f"Removed the password of account {name!r} from the OS keyring.")
    else:
        ctx.output.line(f"The OS keyring held no password for account {name!r}.")
    return 0


def cmd_run(ctx: Context) -> int:
    logsetup.configure(ctx.args.log_level)
    config = ctx.config
    from watcher.scheduler import Daemon

    daemon = Daemon(config, ctx.env, notifiers=app.notifiers(config))
    return daemon.run()


def cmd_notify_test(ctx: Context) -> int:
    config, out = ctx.config, ctx.output
    notifiers = app.notifiers(config)
    if not notifiers:
        raise UsageError(
            "no notifier is configured: set [notify] desktop = true or add [notify.email]"
        )
    nudge = app.sample_nudge(ctx.now)
    delivered = 0
    for notifier in notifiers:
        try:
            notifier.send(nudge)
        except NotifyError as error:
            out.line(f"{notifier.name}: failed: {error}")
        else:
            delivered += 1
            out.line(f"{notifier.name}: sent a test nudge")
        finally:
            notifier.close()
    return 0 if delivered else 1


def uses_keyring(account: Account) -> bool:
    """Whether an account's secret (password or Google sign-in) is kept in the OS keyring."""
    if account.client_secrets is not None:
        return account.token_file is None
    return not password_command(account)


def cmd_doctor(ctx: Context) -> int:
    """Check everything watcher needs, each as ok or failed with the fix."""
    out = ctx.output
    results: list[bool] = []

    def report(what: str, probe: Callable[[], str]) -> None:
        try:
            detail = probe()
        except WatcherError as error:
            out.line(f"failed  {what}: {error}")
            results.append(False)
        else:
            out.line(f"ok      {what}: {detail}")
            results.append(True)

    try:
        config = ctx.config
    except WatcherError as error:
        out.line(f"failed  configuration: {error}")
        return 1
    out.line(f"ok      configuration: {config.source}")
    # What the OS keyring would hold, so that without one each is told what to set instead.
    tokens = [
        f"account {a.name!r}"
        for a in config.accounts
        if uses_keyring(a) and a.client_secrets is not None
    ]
    passwords = [
        f"account {a.name!r}" for a in config.accounts if uses_keyring(a) and not a.client_secrets
    ]
    email = config.notify.email
    if email is not None and email.username and not email.password_command:
        passwords.append("[notify.email]")
    if tokens or passwords:
        report(
            "OS keyring",
            functools.partial(credentials.keyring_status, passwords=passwords, tokens=tokens),
        )
    for account in config.accounts:
        if account.client_secrets is not None:
            report(
                f"account {account.name} sign-in", functools.partial(app.sign_in_status, account)
            )
            if not results[-1]:
                continue  # the account cannot be opened without it: said once is enough
        report(f"account {account.name}", functools.partial(app.probe_account, account))
    try:
        notifiers = app.notifiers(config)
    except WatcherError as error:
        out.line(f"failed  notifiers: {error}")
        results.append(False)
        notifiers = []
    for notifier in notifiers:
        report(f"notifier {notifier.name}", notifier.probe)
    if not config.accounts:
        out.line("note    no [[accounts]]: watcher only tracks what you enter by hand")
    return 0 if all(results) else 1


def cmd_service(ctx: Context) -> int:
    args, out = ctx.args, ctx.output
    darwin = not args.systemd and sys.platform == "darwin"
    kind: Literal["systemd", "launchd"] = "launchd" if args.launchd or darwin else "systemd"
    if args.service_command == "install":
        executable = shutil.which("watcher", path=ctx.env.get("PATH"))
        program = Path(executable) if executable else Path(sys.argv[0]).resolve()
        result = service.install(kind, program.resolve(), ctx.env)
        verb = "Installed"
    else:
        result = service.uninstall(kind, ctx.env)
        verb = "Removed"
    out.line(f"{verb} the {kind} service: {result.path}")
    for command in result.commands_run:
        out.line(f"  ran: {command}")
    for problem in result.problems:
        out.line(f"  note: {problem}")
    if result.commands_to_run:
        out.line("Run these to finish:")
        for command in result.commands_to_run:
            out.line(f"  {command}")
    return 0


def cmd_config_check(ctx: Context) -> int:
    config = ctx.config
    count = len(config.accounts)
    accounts = "no mail account" if count == 0 else f"{count} mail account{'s' * (count > 1)}"
    ctx.output.line(f"{config.source}: valid ({accounts}; state in {config.store_path}).")
    return 0


# --------------------------------------------------------------------------- the parser


def build_parser() -> Parser:
    parser = Parser(
        prog="watcher",
        description="Track job interviews, know when to thank and follow up, "
        "and get the drafts ready.",
        epilog="Times are ISO 8601 (2026-11-24T14:00); without an offset they are in "
        "[policy] timezone.",
    )
    parser.add_argument("--version", action="version", version=f"watcher {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $WATCHER_CONFIG, "
        f"then {paths.config_dir() / paths.CONFIG_NAME})",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=Parser
    )

    init = commands.add_parser("init", help="write a starter configuration")
    init.add_argument(
        "--non-interactive", action="store_true", help="ask nothing; use the options and defaults"
    )
    init.add_argument("--name", help="your name, for the drafts' signature")
    init.add_argument("--email", help="your email address")
    init.add_argument(
        "--timezone", help="IANA time zone such as Europe/Paris (default: this machine's)"
    )
    init.add_argument(
        "--holidays", help="country code of the public holidays to skip, such as US or FR"
    )
    init.add_argument("--force", action="store_true", help="replace an existing configuration")
    init.set_defaults(func=cmd_init)

    track = commands.add_parser("track", help="add, list, show and update tracked interviews")
    sub = track.add_subparsers(
        dest="track_command", metavar="ACTION", required=True, parser_class=Parser
    )

    add = sub.add_parser("add", help="track an interview")
    add.add_argument("--company", required=True)
    add.add_argument("--role", required=True)
    add.add_argument(
        "--at", required=True, metavar="WHEN", help="when the interview starts (ISO 8601)"
    )
    add_people_options(add)
    add.add_argument(
        "--expect",
        metavar="SPAN|DATE",
        help='when they said you would hear back: "1 week", "10 business days", 2026-12-04',
    )
    add.add_argument("--format", choices=[f.value for f in Format], default=Format.VIDEO.value)
    add.add_argument("--topic", default="", help="what you discussed; the thank-you names it")
    add.add_argument("--note", default="")
    add.add_argument("--json", action="store_true", help="print the created interview as JSON")
    add.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    add.set_defaults(func=cmd_track_add)

    lst = sub.add_parser("list", help="list open interviews with their status and next action")
    lst.add_argument("--all", action="store_true", help="include closed, rejected and ghosted ones")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--now", metavar="WHEN", help="evaluate as of this moment")
    lst.set_defaults(func=cmd_track_list)

    show = sub.add_parser("show", help="an interview's timeline and what comes next")
    show.add_argument("id", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.add_argument("--now", metavar="WHEN", help="evaluate as of this moment")
    show.set_defaults(func=cmd_track_show)

    edit = sub.add_parser("edit", help="change an interview (add or remove people and domains)")
    edit.add_argument("id", type=record_id, metavar="ID")
    edit.add_argument("--company")
    edit.add_argument("--role")
    edit.add_argument("--at", metavar="WHEN")
    add_people_options(edit, verb="add")
    edit.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="ADDRESS|DOMAIN",
        help="remove a person (by address) or a domain; repeatable",
    )
    edit.add_argument(
        "--expect", metavar="SPAN|DATE", help="what they said about the timeline (none clears it)"
    )
    edit.add_argument("--format", choices=[f.value for f in Format])
    edit.add_argument("--topic")
    edit.add_argument("--note")
    edit.add_argument("--json", action="store_true")
    edit.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    edit.set_defaults(func=cmd_track_edit)

    close = sub.add_parser("close", help="close an interview with its outcome")
    close.add_argument("id", type=record_id, metavar="ID")
    close.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
    close.add_argument("--at", metavar="WHEN", help="when it closed (default: now)")
    close.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    close.set_defaults(func=cmd_track_close)

    reopen = sub.add_parser("reopen", help="undo `track close`")
    reopen.add_argument("id", type=record_id, metavar="ID")
    reopen.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    reopen.set_defaults(func=cmd_track_reopen)

    remove = sub.add_parser("remove", help="delete an interview and its history")
    remove.add_argument("id", type=record_id, metavar="ID")
    remove.add_argument("--yes", action="store_true", help="confirm the deletion")
    remove.set_defaults(func=cmd_track_remove)

    commit = sub.add_parser(
        "commit", help="record a promise made in the interview, or mark one kept"
    )
    commit.add_argument("id", type=record_id, metavar="ID")
    commit.add_argument("--what", help='what you promised, such as "send references"')
    commit.add_argument(
        "--by", metavar="WHEN", help="deadline: a date (end of that working day) or a date and time"
    )
    commit.add_argument("--done", type=record_id, metavar="N", help="mark commitment N as kept")
    commit.add_argument("--json", action="store_true")
    commit.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    commit.set_defaults(func=cmd_track_commit)

    heard = sub.add_parser(
        "heard", help="record a reply you received (rejection, offer, next step, update...)"
    )
    heard.add_argument("id", type=record_id, metavar="ID")
    heard.add_argument("--kind", required=True, choices=[k.value for k in ReplyKind])
    heard.add_argument("--at", metavar="WHEN", help="when it arrived (default: now)")
    heard.add_argument(
        "--from", dest="sender", metavar="ADDRESS", help='who wrote, "Name <address>"'
    )
    heard.add_argument("--until", metavar="DATE", help="a date the reply named for the next news")
    heard.add_argument("--note", default="")
    heard.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    heard.set_defaults(func=cmd_track_heard)

    sent = sub.add_parser("sent", help="record a message you sent (a thank-you, a follow-up...)")
    sent.add_argument("id", type=record_id, metavar="ID")
    sent.add_argument("--kind", required=True, choices=[k.value for k in SENT_KINDS])
    sent.add_argument("--at", metavar="WHEN", help="when you sent it (default: now)")
    sent.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="recipient; repeatable (a thank-you without --to counts for every interviewer)",
    )
    sent.add_argument("--note", default="")
    sent.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    sent.set_defaults(func=cmd_track_sent)

    snooze_parser = sub.add_parser(
        "snooze", help="put off what is due for an interview, and be told again later"
    )
    snooze_parser.add_argument("id", type=record_id, metavar="ID")
    snooze_parser.add_argument("--days", type=int, default=2, help="how long (default: 2)")
    snooze_parser.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    snooze_parser.set_defaults(func=cmd_track_snooze)

    reflect = sub.add_parser(
        "reflect", help="reflect on an interview right after it (asked in the terminal)"
    )
    reflect.add_argument("id", type=record_id, metavar="ID")
    reflect.add_argument(
        "--json",
        action="store_true",
        help="read the answers as a JSON object on standard input: "
        + ", ".join(k for k, _q in REFLECTION_QUESTIONS),
    )
    reflect.add_argument("--now", metavar="WHEN", help=argparse.SUPPRESS)
    reflect.set_defaults(func=cmd_track_reflect)

    export = sub.add_parser(
        "export", help="every interview as CSV or JSON (your job-search spreadsheet)"
    )
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    export.add_argument("--now", metavar="WHEN", help="evaluate as of this moment")
    export.set_defaults(func=cmd_track_export)

    plan = commands.add_parser("plan", help="every action due or coming; nothing is sent")
    plan.add_argument("--now", metavar="WHEN", help="evaluate as of this moment (replay any day)")
    plan.add_argument("--json", action="store_true")
    plan.set_defaults(func=cmd_plan)

    draft = commands.add_parser("draft", help="preview the drafts watcher prepares")
    draft_sub = draft.add_subparsers(
        dest="draft_command", metavar="ACTION", required=True, parser_class=Parser
    )
    preview = draft_sub.add_parser("preview", help="print the draft a planned action would create")
    preview.add_argument("id", type=record_id, metavar="ID")
    preview.add_argument("--kind", required=True, choices=[k.value for k in DRAFT_KINDS])
    preview.add_argument("--to", metavar="ADDRESS", help="only the draft for this recipient")
    preview.add_argument("--now", metavar="WHEN", help="evaluate as of this moment")
    preview.set_defaults(func=cmd_draft_preview)

    check = commands.add_parser(
        "check",
        help="scan every mailbox once: match mail, update statuses, leave due drafts",
        description="Scan every [[accounts]] mailbox once: record the mail about your interviews "
        "(replies and what you sent), update their statuses, and leave each due draft in the "
        "account's Drafts folder. Nothing is ever sent, and nothing is done twice. Exits 1 when "
        "an account could not be checked.",
    )
    check.add_argument("--now", metavar="WHEN", help="evaluate the policy as of this moment")
    check.add_argument(
        "--dry-run", action="store_true", help="decide and print; write nothing anywhere"
    )
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_check)

    auth = commands.add_parser(
        "auth",
        help="sign in to an account: store its password, or log in to Google; or forget it",
        description="An account signs in with a password (kept in the OS keyring by `auth set`, "
        "or printed by its password_command) or, when its [[accounts]] table has client_secrets "
        "(Gmail), with a Google login (`auth login`, kept in the OS keyring or its token_file).",
    )
    auth_sub = auth.add_subparsers(
        dest="auth_command", metavar="ACTION", required=True, parser_class=Parser
    )
    auth_set = auth_sub.add_parser(
        "set", help="store the password of ACCOUNT (or notify.email) in the OS keyring"
    )
    auth_set.add_argument(
        "account", metavar="ACCOUNT", help="an [[accounts]] name, or notify.email"
    )
    auth_set.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    auth_set.set_defaults(func=cmd_auth_set)
    auth_login = auth_sub.add_parser(
        "login",
        help="sign ACCOUNT in to Google in the browser (accounts with client_secrets)",
        description="Sign an account with client_secrets in to Google: open Google's consent "
        "page in the browser, receive its answer on http://HOST:PORT/ on this machine, and save "
        "the token (with its refresh token) in the OS keyring, or in the account's token_file. "
        "A gmail account asks to read mail and write drafts (gmail.readonly, gmail.compose; "
        "watcher never sends); an IMAP account asks for https://mail.google.com/ (the only scope "
        "Gmail's IMAP accepts). On a machine without a browser: run `ssh -L "
        f"{DEFAULT_LOGIN_PORT}:localhost:{DEFAULT_LOGIN_PORT} THIS-MACHINE` from your laptop, "
        "then `watcher auth login ACCOUNT --no-browser` here, and open the URL it prints on the "
        "laptop.",
    )
    auth_login.add_argument("account", metavar="ACCOUNT", help="an [[accounts]] name")
    auth_login.add_argument(
        "--no-browser",
        action="store_true",
        help="print the URL to open instead of opening a browser (headless machines)",
    )
    auth_login.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_LOGIN_PORT,
        metavar="N",
        help=f"the port to receive Google's answer on (default: {DEFAULT_LOGIN_PORT}; 0 picks a "
        "free one)",
    )
    auth_login.add_argument(
        "--host",
        choices=["localhost", "127.0.0.1"],
        default="localhost",
        help="the loopback name in the address Google sends the browser back to "
        "(default: localhost)",
    )
    auth_login.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_LOGIN_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for the browser (default: {DEFAULT_LOGIN_TIMEOUT:g})",
    )
    auth_login.set_defaults(func=cmd_auth_login)
    auth_forget = auth_sub.add_parser(
        "forget",
        help="remove the stored password of ACCOUNT, or its saved Google sign-in",
        description="Remove what `auth set` or `auth login` saved for an account: its password "
        "from the OS keyring or, for an account with client_secrets, its Google sign-in from the "
        "OS keyring or its token_file (Google still lists watcher's access until you remove it "
        "at https://myaccount.google.com/permissions).",
    )
    auth_forget.add_argument(
        "account", metavar="ACCOUNT", help="an [[accounts]] name, or notify.email"
    )
    auth_forget.set_defaults(func=cmd_auth_forget)

    run = commands.add_parser(
        "run",
        help="the daemon: check on a schedule and on IDLE news, deliver nudges (see `service`)",
        description="Run until stopped (SIGTERM or Ctrl-C): check every account at start, then "
        "every [daemon] poll_every and at once when IMAP IDLE reports new mail; deliver the "
        "nudges through [notify] (desktop, email), outside quiet_hours.",
    )
    run.add_argument("--log-level", default="info",
                     choices=["debug", "info", "warning", "error", "critical"])  # fmt: skip
    run.set_defaults(func=cmd_run)

    notify = commands.add_parser("notify", help="notifications")
    notify_sub = notify.add_subparsers(
        dest="notify_command", metavar="ACTION", required=True, parser_class=Parser
    )
    notify_test = notify_sub.add_parser("test", help="send a test nudge through every notifier")
    notify_test.set_defaults(func=cmd_notify_test)

    doctor = commands.add_parser(
        "doctor", help="check the config, keyring, accounts and notifiers, with the fixes"
    )
    doctor.set_defaults(func=cmd_doctor)

    service_parser = commands.add_parser(
        "service", help="install or remove watcher as a user service (systemd or launchd)"
    )
    service_sub = service_parser.add_subparsers(
        dest="service_command", metavar="ACTION", required=True, parser_class=Parser
    )
    for name, text in (("install", "install and start the user service"),
                       ("uninstall", "stop and remove the user service")):  # fmt: skip
        action = service_sub.add_parser(name, help=text)
        which = action.add_mutually_exclusive_group()
        which.add_argument("--systemd", action="store_true", help="a systemd user unit (Linux)")
        which.add_argument("--launchd", action="store_true", help="a launchd agent (macOS)")
        action.set_defaults(func=cmd_service)

    config = commands.add_parser("config", help="the configuration")
    config_sub = config.add_subparsers(
        dest="config_command", metavar="ACTION", required=True, parser_class=Parser
    )
    config_check = config_sub.add_parser(
        "check", help="validate the configuration and report every problem"
    )
    config_check.set_defaults(func=cmd_config_check)
    return parser


def add_people_options(parser: argparse.ArgumentParser, verb: str = "") -> None:
    prefix = f"{verb} " if verb else ""
    parser.add_argument(
        "--interviewer",
        action="append",
        default=[],
        metavar='"NAME <ADDRESS>"',
        help=f"{prefix}an interviewer (gets a thank-you); repeatable",
    )
    parser.add_argument(
        "--contact",
        action="append",
        default=[],
        metavar='"NAME <ADDRESS>"',
        help=f"{prefix}a recruiter or coordinator (their mail counts; no thank-you); repeatable",
    )
    parser.add_argument(
        "--domain",
        action="append",
        default=[],
        metavar="DOMAIN",
        help=f"{prefix}the company's mail domain (subdomains count); repeatable",
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI; return the exit status. The single error boundary of watcher."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        # argparse prints help and usage errors itself: send them to our streams.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    ctx = Context(
        args,
        os.environ if env is None else env,
        out,
        err,
        stdin or sys.stdin,
        lambda: datetime.now(UTC),
    )
    try:
        result: int = args.func(ctx)
        return result
    except WatcherError as error:
        print(f"watcher: {error}", file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("watcher: interrupted", file=err)
        return 130
    except BrokenPipeError:
        # The reader went away (`watcher track list | head`): nothing left to say to it.
        if out is sys.__stdout__ and sys.__stdout__ is not None:
            # Point the process's stdout at /dev/null so the flush at exit cannot fail again.
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.__stdout__.fileno())
                os.close(devnull)
        return 141
    except Exception as error:
        if args.debug:
            raise
        print(
            f"watcher: unexpected error ({type(error).__name__}: {error}); run the command again "
            "with --debug to see the traceback, and please report it",
            file=err,
        )
        return EXIT_UNEXPECTED
