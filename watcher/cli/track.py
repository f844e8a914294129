"""`watcher track ...`: the interviews entered and updated by hand, and the spreadsheet export.

Each command's arguments are registered right above its handler; :func:`register` adds them
all under `watcher track`, in the order `watcher track --help` lists them.
"""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Sequence
from pathlib import Path

from watcher import app, tracking
from watcher.cli.context import (
    Context,
    add_now_option,
    add_people_options,
    add_subcommands,
    ask,
    named,
)
from watcher.cli.present import (
    EXPORT_COLUMNS,
    article,
    detail_json,
    event_text,
    export_row,
    interview_json,
    iso,
    kind_label,
    late_since,
    people_text,
    people_with_topics,
    suggestion_json,
    suggestion_text,
)
from watcher.cli.term import table
from watcher.cli.values import (
    END_OF_DAY,
    INTERVIEW_ID_HELP,
    SUGGESTION_ID_HELP,
    nonempty,
    parse_day,
    parse_domain,
    parse_expect,
    parse_moment,
    parse_person,
    record_id,
    suggestion_id,
)
from watcher.errors import UsageError
from watcher.models import (
    DRAFT_LANGUAGES,
    REFLECTION_QUESTIONS,
    ActionKind,
    Event,
    EventKind,
    Format,
    Interest,
    Interview,
    Outcome,
    Person,
    PersonRole,
    Reflection,
    ReplyKind,
    SuggestionState,
)
from watcher.record import replace

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from typing import Any

    from watcher.cli.context import Commands

SENT_KINDS = (
    ActionKind.THANK_YOU,
    ActionKind.FOLLOW_UP,
    ActionKind.GRACEFUL_CLOSE,
    ActionKind.CHECK_IN,
    ActionKind.EXPEDITE,
    ActionKind.COMMITMENT,
)
"""What `track sent --kind` accepts: the messages the user sends."""


def register(commands: Commands) -> None:
    """Add `watcher track` and its actions to ``commands``."""
    track = commands.add_parser("track", help="add, list, show and update tracked interviews")
    actions = add_subcommands(track, "track_command")
    for add_action in (
        register_add,
        register_list,
        register_show,
        register_edit,
        register_close,
        register_reopen,
        register_remove,
        register_commit,
        register_heard,
        register_sent,
        register_snooze,
        register_reflect,
        register_export,
        register_suggested,
        register_accept,
        register_ignore,
    ):
        add_action(actions)


def show_next(ctx: Context, item: app.Overview) -> None:
    """Print the interview's next action, if it has one."""
    nxt, out, now = item.next_action, ctx.output, ctx.now
    if nxt is not None:
        late = late_since(nxt, now, ctx.config.policy.timezone)
        shown = out.moment(late or nxt.due, now, late=late is not None)
        out.wrapped(f"Next: {kind_label(nxt.kind)} {shown}. {nxt.reason}", "", "  ")


def refuse_both_roles(interviewers: Sequence[Person], contacts: Sequence[Person]) -> None:
    """Refuse a person who is both an interviewer and a contact (the thank-you depends on it)."""
    both = tracking.in_both_roles(interviewers, contacts)
    if both:
        raise UsageError(
            f"{both[0]} is given both as --interviewer and as --contact: an interviewer gets a "
            "thank-you, a contact does not; give them once (`--remove` them first when editing)"
        )


FOLLOW_CONFIG = "default"
"""`--language default`: the interview's drafts follow the config's ``[user] language``."""


def add_told_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    """Give ``parser`` what the user tells about an interview beyond its facts: --interest,
    --language and the repeatable --topic-for (on `track add`, with their defaults)."""
    parser.add_argument(
        "--interest",
        choices=[i.value for i in Interest],
        default=None if editing else Interest.NORMAL.value,
        help="how much you want this job: drafts state a preference only as strong as this "
        '("top" lets them say it is your first choice)' + ("" if editing else "; default normal"),
    )
    parser.add_argument(
        "--language",
        choices=[*DRAFT_LANGUAGES, FOLLOW_CONFIG],
        help="the language of this interview's drafts"
        + (
            f"; {FOLLOW_CONFIG} follows the config's [user] language again"
            if editing
            else " (default: the config's [user] language)"
        ),
    )
    parser.add_argument(
        "--topic-for",
        nargs=2,
        action="append",
        default=[],
        dest="topic_for",
        metavar=("ADDRESS", "TOPIC"),
        help="what you discussed with one of the interview's people (an --interviewer's own "
        "part of a panel): drafts to them name it rather than --topic; an empty TOPIC clears "
        "it; repeatable",
    )


def draft_language(value: str | None) -> str:
    """Return what `--language VALUE` stores: a language, or "" to follow the config."""
    return "" if value in (None, FOLLOW_CONFIG) else str(value)


def told_topics(ctx: Context, interview: Interview, what: str) -> Interview:
    """Return ``interview`` with the topics of `--topic-for` set; raise UsageError naming the
    first address that is none of its people, and the people it has (``what`` names the
    interview in that message)."""
    pairs = [
        (parse_person(address, "--topic-for", PersonRole.INTERVIEWER).address, topic)
        for address, topic in ctx.args.topic_for
    ]
    unknown = tracking.unknown_people(interview, [address for address, _topic in pairs])
    if unknown:
        known = ", ".join(p.address for p in interview.people) or "none yet"
        raise UsageError(
            f"--topic-for {unknown[0]}: {what} has no such person (its people: {known}); give "
            "the address of an --interviewer or --contact, added with that flag if need be"
        )
    return tracking.with_topics(interview, pairs)


# --------------------------------------------------------------------------- track add


def register_add(actions: Commands) -> None:
    add = actions.add_parser("add", help="track an interview")
    add.add_argument("--company", required=True, help="the company you interview with")
    add.add_argument("--role", required=True, help="the job title, as the drafts name it")
    add.add_argument(
        "--at",
        required=True,
        metavar="WHEN",
        help="when the interview starts: a date and a time, such as 2026-11-24T14:00",
    )
    add_people_options(add)
    add.add_argument(
        "--expect",
        metavar="SPAN|DATE",
        help='when they said you would hear back: "1 week", "10 business days", 2026-12-04',
    )
    add.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default=Format.VIDEO.value,
        help="how the interview is held (default: video); a panel waits longer for news",
    )
    add.add_argument("--topic", default="", help="what you discussed; the thank-you names it")
    add_told_options(add, editing=False)
    add.add_argument("--note", default="", help="a note of your own; only `track show` shows it")
    add.add_argument("--json", action="store_true", help="print the created interview as JSON")
    add_now_option(add)
    add.set_defaults(func=cmd_track_add)


def interview_from_args(ctx: Context) -> Interview:
    """Return the interview `track add` describes (its id 0); raise UsageError naming the flag
    of the first value that is wrong."""
    args, config = ctx.args, ctx.config
    at = parse_moment(args.at, "--at", config, what="an interview")
    interviewers = tracking.merge_people(
        (), [parse_person(p, "--interviewer", PersonRole.INTERVIEWER) for p in args.interviewer]
    )
    contacts = tracking.merge_people(
        (), [parse_person(p, "--contact", PersonRole.CONTACT) for p in args.contact]
    )
    refuse_both_roles(interviewers, contacts)
    interview = Interview(
        id=0,
        company=nonempty(args.company, "--company"),
        role=nonempty(args.role, "--role"),
        at=at,
        format=Format(args.format),
        interviewers=interviewers,
        contacts=contacts,
        domains=tracking.merge_domains((), [parse_domain(d) for d in args.domain]),
        expect=parse_expect(args.expect, at) if args.expect is not None else None,
        topic=args.topic.strip(),
        note=args.note.strip(),
        interest=Interest(args.interest),
        language=draft_language(args.language),
    )
    return told_topics(ctx, interview, "the interview")


def cmd_track_add(ctx: Context) -> int:
    interview = interview_from_args(ctx)
    now = ctx.now
    with ctx.writing() as store:
        created = store.add_interview(interview, now)
        item = app.overview(store, ctx.config, now, created.id)
    if ctx.args.json:
        ctx.output.json(interview_json(item, ctx.config, now))
    else:
        ctx.output.line(
            f"Tracking interview #{created.id}: {created.company}, {created.role}, "
            f"{ctx.output.when(created.at)}."
        )
        show_next(ctx, item)
    return 0


# --------------------------------------------------------------------------- track list


def register_list(actions: Commands) -> None:
    lst = actions.add_parser(
        "list",
        help="list the interviews that are open or have something due or coming, with their "
        "status and next action",
        description="List the interviews that are open, and those closed or rejected that "
        "still have something due or coming (a rejection's graceful close, a check-in), with "
        "their status and next action. --all lists every one.",
    )
    lst.add_argument(
        "--all", action="store_true", help="also the closed ones with nothing due or coming"
    )
    lst.add_argument("--json", action="store_true", help="print them as JSON (for scripts)")
    add_now_option(lst, "evaluate as of this moment")
    lst.set_defaults(func=cmd_track_list)


STATUS_STYLES = {
    "rejected": "bad",
    "ghosted": "bad",
    "offer": "good",
    "next_step": "good",
    "awaiting_reply": "waiting",
    "closed": "quiet",
    "cancelled": "quiet",
}
"""How `track list` and `track show` colour a status (see :data:`watcher.cli.term.STYLES`)."""


def cmd_track_list(ctx: Context) -> int:
    config, now = ctx.config, ctx.now
    with ctx.reading() as store:
        items = [o for o in app.overviews(store, config, now) if ctx.args.all or app.is_open(o)]
    if ctx.args.json:
        ctx.output.json([interview_json(o, config, now) for o in items])
        return 0
    if not items:
        hint = "" if ctx.args.all else " open"
        more = "" if ctx.args.all else " (--all shows closed ones too)"
        ctx.output.line(f"No{hint} interviews tracked{more}. Add one with `watcher track add`.")
        return 0
    out, zone = ctx.output, config.policy.timezone
    rows = [["ID", "COMPANY", "ROLE", "INTERVIEW", "STATUS", "NEXT"]]
    styles = [["heading"] * len(rows[0])]
    for o in items:
        nxt = o.next_action
        status = str(o.status)
        if nxt is None:
            upcoming, style = "-", ""
        else:
            late = late_since(nxt, now, zone)
            shown = out.moment(late or nxt.due, now, late=late is not None)
            upcoming = f"{kind_label(nxt.kind)} {shown}"
            style = "late" if late else "due" if nxt.due <= now else ""
        rows.append(
            [
                str(o.interview.id),
                o.interview.company,
                o.interview.role,
                out.when(o.interview.at),
                status.replace("_", " "),
                upcoming,
            ]
        )
        styles.append(["", "", "", "", STATUS_STYLES.get(status, ""), style])
    for text in table(rows, out.term.width, flexible=(1, 2, 5), styles=styles, paint=out.term):
        out.line(text)
    return 0


# --------------------------------------------------------------------------- track show


def register_show(actions: Commands) -> None:
    show = actions.add_parser("show", help="an interview's timeline and what comes next")
    show.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    show.add_argument("--json", action="store_true", help="print the whole record as JSON")
    add_now_option(show, "evaluate as of this moment")
    show.set_defaults(func=cmd_track_show)


def cmd_track_show(ctx: Context) -> int:
    config, now, out = ctx.config, ctx.now, ctx.output
    with ctx.reading() as store:
        item = app.overview(store, config, now, ctx.args.id)
    if ctx.args.json:
        out.json(detail_json(item, config, now))
        return 0
    iv = item.interview
    status = str(item.status)
    shown_status = out.paint(status.replace("_", " "), STATUS_STYLES.get(status, ""))
    title = f"#{iv.id} {iv.company} - {iv.role} ({iv.format})"
    one_line = f"{title}    status: {status.replace('_', ' ')}"
    if len(one_line) <= out.term.width:
        out.line(f"{title}    status: {shown_status}")
    else:  # the status on a line of its own rather than broken off the title
        out.wrapped(title, "", "  ")
        out.line(f"  status: {shown_status}")
    language = iv.language or f"{config.user.language} (the config's [user] language)"
    facts = [
        ("interviewers", people_with_topics(iv.interviewers)),
        ("contacts", people_with_topics(iv.contacts)),
        ("domains", ", ".join(iv.domains) or "-"),
        ("expect", "-" if iv.expect is None else str(iv.expect)),
        ("topic", iv.topic or "-"),
        ("interest", str(iv.interest)),
        ("language", language),
        ("note", iv.note or "-"),
    ]
    if iv.outcome is not None:
        facts.append(("outcome", f"{iv.outcome} ({out.when(iv.closed_at, year=True)})"))
    if iv.cancelled_at is not None:
        facts.append(("cancelled", out.when(iv.cancelled_at, year=True)))
    facts.append(("source", "found in mail" if iv.source == "mail" else "typed in"))
    for label, value in facts:
        out.wrapped(value, f"  {label + ':':<14}", " " * 16)
    rounds = iv.all_rounds
    if len(rounds) > 1:
        out.line()
        out.line(out.paint("Rounds:", "heading"))
        for number, round_ in enumerate(rounds, 1):
            with_whom = f" with {people_text(round_.interviewers)}" if round_.interviewers else ""
            start = f"  {number}. "
            out.wrapped(
                f"{out.when(round_.at, year=True)} ({round_.format}){with_whom}",
                start,
                " " * len(start),
            )
    out.line()
    entries = [
        (round_.at, f"round {number} ({round_.format})" if len(rounds) > 1 else "interview")
        for number, round_ in enumerate(rounds, 1)
    ] + [(e.at, event_text(e)) for e in item.timeline.events]
    for moment, text in sorted(entries, key=lambda entry: entry[0]):
        start = f"  {' ' if moment <= now else '~'} {out.when(moment, year=True)}  "
        out.wrapped(text, start, " " * len(start))
    if item.actions:
        out.line()
        out.line(out.paint("What comes next:", "heading"))
        zone = config.policy.timezone
        for action in item.actions:
            late = late_since(action, now, zone)
            state, style = ("late", "late") if late else ("due ", "due")
            if action.due > now:
                state, style = "    ", ""
            to = f" to {people_text(action.to)}" if action.to else ""
            shown = out.moment(late or action.due, now, year=True, late=late is not None)
            head = f"{state} {shown}  {kind_label(action.kind)}{to}"
            for line in out.fitted(head, "  ", " " * 8):
                out.line(line.replace(f"{state} {shown}", out.paint(f"{state} {shown}", style), 1))
            out.wrapped(action.reason, " " * 8)
    if item.timeline.commitments:
        out.line()
        out.line(out.paint("Commitments:", "heading"))
        for c in item.timeline.commitments:
            box = "x" if c.done_at is not None and c.done_at <= now else " "
            out.wrapped(
                f"{c.what}, by {out.when(c.due, year=True)}", f"  [{box}] #{c.id} ", " " * 6
            )
    reflection = item.timeline.reflection
    if reflection is not None:
        out.line()
        out.line(out.paint(f"Reflection ({out.when(reflection.at, year=True)}):", "heading"))
        for key, question in REFLECTION_QUESTIONS:
            answer = getattr(reflection, key)
            if answer:
                out.wrapped(question, "  ")
                out.wrapped(answer, "    ")
    return 0


# --------------------------------------------------------------------------- track edit


def register_edit(actions: Commands) -> None:
    edit = actions.add_parser("edit", help="change an interview (add or remove people and domains)")
    edit.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    edit.add_argument("--company", help="the company's new name")
    edit.add_argument("--role", help="the new job title")
    edit.add_argument(
        "--at", metavar="WHEN", help="the new start: a date and a time, such as 2026-11-24T14:00"
    )
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
    edit.add_argument(
        "--format", choices=[f.value for f in Format], help="how the interview is held"
    )
    edit.add_argument("--topic", help="what you discussed; the thank-you names it")
    add_told_options(edit, editing=True)
    edit.add_argument("--note", help="a note of your own (empty clears it)")
    edit.add_argument("--json", action="store_true", help="print the updated interview as JSON")
    add_now_option(edit)
    edit.set_defaults(func=cmd_track_edit)


def cmd_track_edit(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    with ctx.writing() as store:
        current = store.get_interview(args.id)
        changes: dict[str, Any] = {}
        if args.company is not None:
            changes["company"] = nonempty(args.company, "--company")
        if args.role is not None:
            changes["role"] = nonempty(args.role, "--role")
        if args.at is not None:
            changes["at"] = parse_moment(args.at, "--at", config, what="an interview")
        if args.format is not None:
            changes["format"] = Format(args.format)
        if args.expect is not None:
            changes["expect"] = parse_expect(args.expect, changes.get("at", current.at))
        if args.topic is not None:
            changes["topic"] = args.topic.strip()
        if args.note is not None:
            changes["note"] = args.note.strip()
        if args.interest is not None:
            changes["interest"] = Interest(args.interest)
        if args.language is not None:
            changes["language"] = draft_language(args.language)
        unknown = tracking.unknown_removals(current, args.remove)
        if unknown:
            known = ", ".join(sorted(tracking.removable(current))) or "none"
            raise UsageError(
                f"--remove {unknown[0]!r}: interview #{current.id} has no such person or domain "
                f"(it has: {known})"
            )
        updated = tracking.edited(
            replace(current, **changes),
            add_interviewers=[
                parse_person(p, "--interviewer", PersonRole.INTERVIEWER) for p in args.interviewer
            ],
            add_contacts=[parse_person(p, "--contact", PersonRole.CONTACT) for p in args.contact],
            add_domains=[parse_domain(d) for d in args.domain],
            remove=args.remove,
        )
        updated = told_topics(ctx, updated, f"interview #{current.id}")
        refuse_both_roles(updated.interviewers, updated.contacts)
        if updated == current:
            raise UsageError(
                "nothing to change: give at least one option (see `watcher track edit --help`)"
            )
        store.update_interview(updated, now)
        item = app.overview(store, config, now, current.id)
    if args.json:
        ctx.output.json(interview_json(item, config, now))
    else:
        ctx.output.line(f"Updated interview #{current.id}.")
        show_next(ctx, item)
    return 0


# --------------------------------------------------------------------------- closing and removing


def register_close(actions: Commands) -> None:
    close = actions.add_parser("close", help="close an interview with its outcome")
    close.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    close.add_argument(
        "--outcome",
        required=True,
        choices=[o.value for o in Outcome],
        help="how it ended (ghosted: no news, time to move on)",
    )
    close.add_argument("--at", metavar="WHEN", help="when it closed (default: now)")
    add_now_option(close)
    close.set_defaults(func=cmd_track_close)


def cmd_track_close(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    at = parse_moment(args.at, "--at", config) if args.at else now
    with ctx.writing() as store:
        current = store.get_interview(args.id)
        store.update_interview(replace(current, outcome=Outcome(args.outcome), closed_at=at), now)
    ctx.output.line(f"Closed interview #{args.id} ({current.company}) as {args.outcome}.")
    return 0


def register_reopen(actions: Commands) -> None:
    reopen = actions.add_parser(
        "reopen", help="undo `track close`, or a cancellation found in mail"
    )
    reopen.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    add_now_option(reopen)
    reopen.set_defaults(func=cmd_track_reopen)


def cmd_track_reopen(ctx: Context) -> int:
    now = ctx.now
    with ctx.writing() as store:
        current = store.get_interview(ctx.args.id)
        if current.outcome is None and current.cancelled_at is None:
            raise UsageError(
                f"interview #{current.id} is not closed (nor cancelled): nothing to reopen"
            )
        store.update_interview(
            replace(current, outcome=None, closed_at=None, cancelled_at=None), now
        )
    ctx.output.line(f"Reopened interview #{current.id} ({current.company}).")
    return 0


def register_remove(actions: Commands) -> None:
    remove = actions.add_parser("remove", help="delete an interview and its history")
    remove.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    remove.add_argument("--yes", action="store_true", help="confirm the deletion")
    remove.set_defaults(func=cmd_track_remove)


def cmd_track_remove(ctx: Context) -> int:
    with ctx.writing() as store:
        current = store.get_interview(ctx.args.id)
        if not ctx.args.yes:
            raise UsageError(
                f"removing interview #{current.id} ({current.company}) deletes its whole history: "
                "add --yes to confirm (or close it with `watcher track close` to keep the history)"
            )
        store.delete_interview(current.id)
    ctx.output.line(f"Removed interview #{current.id} ({current.company}).")
    return 0


# --------------------------------------------------------------------------- track commit


def register_commit(actions: Commands) -> None:
    commit = actions.add_parser(
        "commit", help="record a promise made in the interview, or mark one kept"
    )
    commit.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    commit.add_argument("--what", help='what you promised, such as "send references"')
    commit.add_argument(
        "--by", metavar="WHEN", help="deadline: a date (end of that working day) or a date and time"
    )
    commit.add_argument(
        "--done",
        type=record_id,
        metavar="N",
        help="mark commitment N as kept (its number is in `watcher track show ID`)",
    )
    commit.add_argument("--json", action="store_true", help="print the commitment as JSON")
    add_now_option(commit)
    commit.set_defaults(func=cmd_track_commit)


def cmd_track_commit(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    if args.done is not None:
        if args.what or args.by:
            raise UsageError(
                "--done marks a commitment as kept: do not combine it with --what or --by"
            )
        with ctx.writing() as store:
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
    with ctx.writing() as store:
        commitment = store.add_commitment(args.id, what, due)
    if args.json:
        ctx.output.json(
            {"id": commitment.id, "interview": args.id, "what": what, "due": iso(due, config)}
        )
    else:
        ctx.output.line(
            f"Commitment #{commitment.id} of interview #{args.id}: {what}, "
            f"by {ctx.output.when(due)}."
        )
    return 0


# --------------------------------------------------------------------------- track heard, sent


def register_heard(actions: Commands) -> None:
    heard = actions.add_parser(
        "heard", help="record a reply you received (rejection, offer, next step, update...)"
    )
    heard.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    heard.add_argument(
        "--kind",
        required=True,
        choices=[*(k.value for k in ReplyKind), "none"],
        help="what the reply was; with --message, none means the message is not about "
        "this interview",
    )
    heard.add_argument(
        "--message",
        metavar="MESSAGE-ID",
        help="correct how watcher read this message (see `watcher why`): its reply event, on "
        "whatever interview, is replaced, and later mail of its sender in its thread is read "
        "the same way",
    )
    heard.add_argument("--at", metavar="WHEN", help="when it arrived (default: now)")
    heard.add_argument(
        "--from", dest="sender", metavar="ADDRESS", help='who wrote, "Name <address>"'
    )
    heard.add_argument("--until", metavar="DATE", help="a date the reply named for the next news")
    heard.add_argument("--note", default="", help="a note of your own, shown in `track show`")
    add_now_option(heard)
    heard.set_defaults(func=cmd_track_heard)


def cmd_track_heard(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    if args.message is not None:
        return correct_heard(ctx)
    if args.kind == "none":
        raise UsageError(
            "--kind none says a message is not about this interview: name it with --message "
            "MESSAGE-ID (`watcher why --recent 20` lists the latest)"
        )
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
    with ctx.writing() as store:
        store.add_event(event)
        item = app.overview(store, config, now, args.id)
    ctx.output.line(
        f"Recorded {article(kind_label(args.kind))} reply for interview #{args.id}; "
        f"status: {str(item.status).replace('_', ' ')}."
    )
    show_next(ctx, item)
    return 0


def correct_heard(ctx: Context) -> int:
    """`track heard ID --message M --kind K`: correct how watcher read a message."""
    args, config, now, out = ctx.args, ctx.config, ctx.now, ctx.output
    given = [flag for flag, value in (("--at", args.at), ("--from", args.sender)) if value]
    if given:
        raise UsageError(
            f"{given[0]} does not go with --message: the time and the sender are the message's"
        )
    message_id = app.bare_message_id(args.message)
    kind = None if args.kind == "none" else ReplyKind(args.kind)
    until = parse_day(args.until, "--until") if args.until else None
    with ctx.reading() as store:
        store.get_interview(args.id)
        known = app.explain_known(store, message_id)
    found = None
    if known is None or (known.judgment is None and known.interview_id is None):
        lookup = app.look_up(config, message_id)
        if lookup.message is None:
            reason = (
                "; could not search " + "; ".join(lookup.unreachable) if lookup.unreachable else ""
            )
            raise UsageError(
                f"watcher has never seen the message <{message_id}> and found it in no watched "
                f"folder ({', '.join(lookup.searched) or 'no mailbox searched'}){reason}: check "
                "the Message-ID (`watcher why --recent 20` lists the latest judged), or record "
                f"the reply without --message (`watcher track heard {args.id} --kind KIND`)"
            )
        found = lookup.message
    with ctx.writing() as store:
        done = app.correct(
            store,
            config,
            now,
            args.id,
            message_id,
            kind,
            found=found,
            note=args.note.strip(),
            until=until,
        )
        item = app.overview(store, config, now, args.id)
    replaced = ", ".join(f"{k.replace('_', ' ')} on #{i}" for i, k in done.replaced)
    if kind is None:
        what = f"removed its {replaced}" if replaced else "it was not recorded there"
        out.line(
            f"Message <{message_id}> is not about interview #{args.id} ({what}); later mail of "
            f"its sender in its thread will not count for it. Status: "
            f"{str(item.status).replace('_', ' ')}."
        )
    else:
        was = f" (replacing the {replaced})" if replaced else ""
        out.line(
            f"Message <{message_id}> is {article(kind_label(kind))} reply for interview "
            f"#{args.id}{was}; later mail of its sender in its thread is read the same way. "
            f"Status: {str(item.status).replace('_', ' ')}."
        )
    show_next(ctx, item)
    return 0


def register_sent(actions: Commands) -> None:
    sent = actions.add_parser(
        "sent", help="record a message you sent (a thank-you, a follow-up...)"
    )
    sent.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    sent.add_argument(
        "--kind", required=True, choices=[k.value for k in SENT_KINDS], help="what you sent"
    )
    sent.add_argument("--at", metavar="WHEN", help="when you sent it (default: now)")
    sent.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="recipient; repeatable (a thank-you without --to counts for every interviewer)",
    )
    sent.add_argument("--note", default="", help="a note of your own, shown in `track show`")
    add_now_option(sent)
    sent.set_defaults(func=cmd_track_sent)


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
    with ctx.writing() as store:
        before = app.overview(store, config, now, args.id)
        store.add_event(event)
        item = app.overview(store, config, now, args.id)
    if event.action is ActionKind.THANK_YOU:
        tell_thanks(ctx, before, item, recipients)
    else:
        ctx.output.line(f"Recorded your {kind_label(args.kind)} for interview #{args.id}.")
    show_next(ctx, item)
    return 0


def tell_thanks(
    ctx: Context, before: app.Overview, after: app.Overview, recipients: Sequence[str]
) -> None:
    """Say which thank-yous a recorded thank-you counted for (the ones the plan no longer
    holds), and warn on standard error about an address that is none of the interview's
    people: the thank-you to the interviewers is then still due."""
    iv = after.interview
    left = {a.key for a in after.actions}
    counted = [a for a in before.actions if a.kind is ActionKind.THANK_YOU and a.key not in left]
    if counted:
        thanked = list(dict.fromkeys(str(p) for a in counted for p in a.to))
        thanked = thanked or ["the hiring team"]
        ctx.output.wrapped(
            f"Recorded your thank-you for interview #{iv.id}, counted as the thank-you to "
            f"{spoken_list(thanked)}.",
            "",
            "  ",
        )
    else:
        known = {p.address: p for p in iv.everyone}
        shown = [str(known.get(address, address)) for address in recipients]
        to = f" to {spoken_list(shown)}" if shown else ""
        ctx.output.wrapped(
            f"Recorded your thank-you for interview #{iv.id}; no thank-you was due{to}.", "", "  "
        )
    people = {p.address for p in iv.everyone}
    strangers = [address for address in recipients if address not in people]
    if not strangers:
        return
    due = list(
        dict.fromkeys(p for a in after.actions if a.kind is ActionKind.THANK_YOU for p in a.to)
    )
    who = f"{spoken_list(strangers)} {'is' if len(strangers) == 1 else 'are'}"
    if due:
        which = (due[0].address, "them") if len(due) == 1 else ("ADDRESS", "one of them")
        fix = (
            f"so the thank-you to {spoken_list([str(p) for p in due])} stays due: if you thanked "
            f"{which[1]}, record it with `watcher track sent {iv.id} --kind thank_you --to "
            f"{which[0]}`"
        )
    else:
        fix = f"who are {spoken_list([str(p) for p in iv.everyone])}"
    warning = f"watcher: warning: {who} none of the people of interview #{iv.id}, {fix}.\n"
    ctx.output.err.write(named(warning, ctx.command))


def spoken_list(items: Sequence[str]) -> str:
    """Return "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# --------------------------------------------------------------------------- track snooze


def register_snooze(actions: Commands) -> None:
    snooze = actions.add_parser(
        "snooze", help="put off what is due for an interview, and be told again later"
    )
    snooze.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    snooze.add_argument("--days", type=int, default=2, help="how long (default: 2)")
    add_now_option(snooze)
    snooze.set_defaults(func=cmd_track_snooze)


def cmd_track_snooze(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    if not 1 <= args.days <= 90:
        raise UsageError(f"--days {args.days}: give a number of days from 1 to 90")
    with ctx.writing() as store:
        interview = store.get_interview(args.id)
        until = app.snooze(store, [interview.id], now, args.days, config.policy.timezone)
    ctx.output.line(
        f"Snoozed interview #{interview.id} ({interview.company}): what is due waits until "
        f"{until.isoformat()}, and is told again then."
    )
    return 0


# --------------------------------------------------------------------------- track reflect


def register_reflect(actions: Commands) -> None:
    reflect = actions.add_parser(
        "reflect", help="reflect on an interview right after it (asked in the terminal)"
    )
    reflect.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    reflect.add_argument(
        "--json",
        action="store_true",
        help="read the answers as a JSON object on standard input: "
        + ", ".join(k for k, _q in REFLECTION_QUESTIONS),
    )
    add_now_option(reflect)
    reflect.set_defaults(func=cmd_track_reflect)


def cmd_track_reflect(ctx: Context) -> int:
    args, now = ctx.args, ctx.now
    keys = [key for key, _question in REFLECTION_QUESTIONS]
    # The answers are read before the store's writer lock is taken: someone thinking over a
    # question must not hold up the daemon's checks.
    with ctx.reading() as store:
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
    with ctx.writing() as store:
        # The answers not given keep what is stored now (it may have changed meanwhile).
        latest = store.reflection(args.id)
        merged = {key: answers.get(key, getattr(latest, key) if latest else "") for key in keys}
        store.set_reflection(Reflection(interview_id=interview.id, at=now, **merged))
    ctx.output.line(f"Saved your reflection on interview #{interview.id}.")
    return 0


def read_json_answers(ctx: Context, keys: Sequence[str]) -> dict[str, str]:
    """Read the answers of `track reflect --json` from standard input; raise UsageError naming
    what is wrong with them."""
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


# --------------------------------------------------------------------------- track export


def register_export(actions: Commands) -> None:
    export = actions.add_parser(
        "export", help="every interview as CSV or JSON (your job-search spreadsheet)"
    )
    export.add_argument(
        "--format", choices=["csv", "json"], default="csv", help="the file format (default: csv)"
    )
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    add_now_option(export, "evaluate as of this moment")
    export.set_defaults(func=cmd_track_export)


def cmd_track_export(ctx: Context) -> int:
    config, now = ctx.config, ctx.now
    with ctx.reading() as store:
        records = [detail_json(o, config, now) for o in app.overviews(store, config, now)]
    buffer = io.StringIO()
    if ctx.args.format == "json":
        json.dump(records, buffer, indent=2, ensure_ascii=False)
        buffer.write("\n")
    else:
        import csv

        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(export_row(r, config.policy.timezone.key) for r in records)
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


# --------------------------------------------------------------------------- found in mail


def register_suggested(actions: Commands) -> None:
    suggested = actions.add_parser(
        "suggested",
        help="interviews found in your mail, waiting for `track accept` or `track ignore`",
        description="List the interviews a check found in your mail (invitations) that wait "
        "for your word: `watcher track accept ID` tracks one (a new interview, or the next "
        "round of one you track), `watcher track ignore ID` never suggests it again. "
        "[tracking] from_mail in the config says whether they are suggested, tracked at once "
        "or not looked for.",
    )
    suggested.add_argument(
        "--all",
        action="store_true",
        help="also those accepted, ignored, or cancelled by the employer",
    )
    suggested.add_argument("--json", action="store_true", help="print them as JSON")
    suggested.set_defaults(func=cmd_track_suggested)


def cmd_track_suggested(ctx: Context) -> int:
    config, out = ctx.config, ctx.output
    with ctx.reading() as store:
        found = store.suggestions() if ctx.args.all else store.suggestions(SuggestionState.PENDING)
    if ctx.args.json:
        out.json([suggestion_json(s, config) for s in found])
        return 0
    if not found:
        more = "" if ctx.args.all else " waiting for you (--all shows the others)"
        mode = config.tracking.from_mail
        how = {
            "suggest": "`watcher check` suggests the interviews it finds in your mail",
            "track": '[tracking] from_mail = "track": interviews found in mail are tracked at once',
            "off": '[tracking] from_mail = "off": mail is not looked at for interviews',
        }[mode]
        out.line(f"No interview found in mail{more}; {how}.")
        return 0
    for index, suggestion in enumerate(found):
        if index:
            out.line()
        for line in suggestion_text(suggestion, out):
            out.line(line)
    pending = [s.id for s in found if s.state is SuggestionState.PENDING]
    if pending:
        out.line()
        out.line(
            f"Track one with `watcher track accept {pending[0]}`, or never see it again with "
            f"`watcher track ignore {pending[0]}`."
        )
    return 0


def register_accept(actions: Commands) -> None:
    accept = actions.add_parser(
        "accept",
        help="track an interview found in your mail (see `track suggested`)",
        description="Track the interview of suggestion ID (`watcher track suggested` lists "
        "them): a new interview, or the next round of the process it belongs to. The same as "
        'the "Track" button of its notification.',
    )
    accept.add_argument("id", type=suggestion_id, metavar="ID", help=SUGGESTION_ID_HELP)
    accept.add_argument(
        "--role",
        help="the job title, when the invitation did not name it (drafts wait for it)",
    )
    accept.add_argument(
        "--company", help="the company, when the invitation did not name it (or named it wrong)"
    )
    accept.add_argument("--json", action="store_true", help="print the tracked interview as JSON")
    add_now_option(accept)
    accept.set_defaults(func=cmd_track_accept)


def cmd_track_accept(ctx: Context) -> int:
    args, config, now = ctx.args, ctx.config, ctx.now
    company = nonempty(args.company, "--company") if args.company is not None else ""
    role = nonempty(args.role, "--role") if args.role is not None else ""
    with ctx.writing() as store:
        interview = app.accept_suggestion(store, args.id, now, company=company, role=role)
        item = app.overview(store, config, now, interview.id)
    if args.json:
        ctx.output.json(interview_json(item, config, now))
        return 0
    rounds = len(interview.all_rounds)
    what = f"round {rounds} of interview" if rounds > 1 else "interview"
    ctx.output.line(
        f"Tracking {what} #{interview.id}: {interview.company}, "
        f"{interview.role or '(role not named)'}, {ctx.output.when(interview.at)}."
    )
    if not interview.role:
        ctx.output.line(
            f'Its drafts wait for its role: `watcher track edit {interview.id} --role "Job Title"`.'
        )
    show_next(ctx, item)
    return 0


def register_ignore(actions: Commands) -> None:
    ignore = actions.add_parser(
        "ignore",
        help="never suggest an interview found in your mail again",
        description="Ignore suggestion ID for good: that interview (its calendar event, or "
        'its company and time) is never suggested again. The same as the "Ignore" button of '
        "its notification.",
    )
    ignore.add_argument("id", type=suggestion_id, metavar="ID", help=SUGGESTION_ID_HELP)
    add_now_option(ignore)
    ignore.set_defaults(func=cmd_track_ignore)


def cmd_track_ignore(ctx: Context) -> int:
    with ctx.writing() as store:
        ignored = app.ignore_suggestion(store, ctx.args.id, ctx.now)
    seen = ignored.sighting
    ctx.output.line(
        f"Ignored suggestion #{ignored.id} ({seen.company or 'no company'}, "
        f"{ctx.output.when(seen.start)}): it is not suggested again."
    )
    return 0
