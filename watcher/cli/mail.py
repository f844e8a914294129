"""`watcher plan`, `watcher draft preview`, `watcher check` and `watcher why`: what is due, its
drafts, the one scan of the mailboxes, and why a message was read as it was.

Each command's arguments are registered right above its handler. `check` reaches the mailboxes
through :func:`watcher.app.check`, which loads the engine and the backends only then, so that
`plan` and `draft preview` start without them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from watcher import app, policy
from watcher.cli.context import Context, add_now_option, add_subcommands
from watcher.cli.present import (
    action_json,
    check_json,
    kind_label,
    late_since,
    people_text,
    print_check,
    print_why,
    why_json,
)
from watcher.cli.term import blocks_that_fit
from watcher.cli.values import INTERVIEW_ID_HELP, record_id
from watcher.config import user_warnings
from watcher.errors import UsageError
from watcher.models import ActionKind

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from watcher.cli.context import Commands
    from watcher.store import Store

DRAFT_KINDS = tuple(k for k in ActionKind if k is not ActionKind.MOVE_ON)
"""What `draft preview --kind` accepts: every action that has a draft."""


def register(commands: Commands) -> None:
    """Add `watcher plan`, `watcher draft` and `watcher check` to ``commands``."""
    register_plan(commands)
    register_draft(commands)
    register_check(commands)
    register_why(commands)


# --------------------------------------------------------------------------- plan


def register_plan(commands: Commands) -> None:
    plan = commands.add_parser(
        "plan",
        help="every action due or coming; nothing is sent",
        description="Every action due or coming, with why: first what is late (its deadline "
        "passed or, without one, it was due on an earlier day), then what is due now, then "
        "what is coming. In a terminal, what is late or due is always shown and as many coming "
        "actions as fit the screen, with a count of the others (--all shows them); piped or "
        "redirected, the output has them all.",
    )
    add_now_option(plan, "evaluate as of this moment (replay any day)")
    plan.add_argument(
        "--all", action="store_true", help="show every coming action, even past the screen"
    )
    plan.add_argument("--json", action="store_true", help="print the actions as JSON (for scripts)")

    plan.set_defaults(func=cmd_plan)


def cmd_plan(ctx: Context) -> int:
    config, now, out = ctx.config, ctx.now, ctx.output
    with ctx.reading() as store:
        timelines = {t.interview.id: t for t in store.timelines()}
    actions = app.plan(list(timelines.values()), config, now)
    drafts = {a.key: policy.draft_of(a, timelines[a.interview_id]) for a in actions}
    if ctx.args.json:
        out.json([action_json(a, config, now, drafts[a.key]) for a in actions])
        return 0
    if not actions:
        out.line("Nothing due or coming. Track an interview with `watcher track add`.")
        return 0
    zone = config.policy.timezone
    sections: dict[str, list[list[str]]] = {"Late": [], "Due now": [], "Coming": []}
    for a in actions:
        late = None if a.due > now else late_since(a, now, zone)
        title = "Coming" if a.due > now else "Late" if late else "Due now"
        style = {"Late": "late", "Due now": "due", "Coming": "coming"}[title]
        iv = timelines[a.interview_id].interview
        to = f" to {people_text(a.to)}" if a.to else ""
        shown = out.moment(late or a.due, now, late=late is not None)
        lines = out.fitted(
            f"{shown}  #{iv.id} {iv.company} ({iv.role}): {kind_label(a.kind)}{to}", "  ", " " * 6
        )
        lines[0] = lines[0].replace(shown, out.paint(shown, style), 1)
        lines += out.fitted(a.reason, " " * 6)
        draft = drafts[a.key]
        if draft is not None:
            waiting = f'a draft is waiting in {draft.account}/{draft.note}: "{draft.subject}"'
            lines += out.fitted(waiting, " " * 6)
        sections[title].append(lines)
    footer = ["Preview a draft with `watcher draft preview ID --kind KIND`."]
    coming = sections.pop("Coming")
    shown_lines = [
        line
        for title, blocks in sections.items()
        if blocks
        for line in [out.paint(f"{title}:", {"Late": "late", "Due now": "due"}[title])]
        + [line for block in blocks for line in block]
        + [""]
    ]
    kept = len(coming)
    if out.term.height is not None and not ctx.args.all:
        # The coming actions' heading and the blank line after them are theirs.
        kept = blocks_that_fit(
            coming, out.term.height - 1 - len(shown_lines) - len(footer), around=2
        )
    if kept:
        shown_lines.append(out.paint("Coming:", "heading"))
        shown_lines += [line for block in coming[:kept] for line in block]
    if kept < len(coming):
        more = f"... {len(coming) - kept} more coming (`watcher plan --all` shows everything)"
        shown_lines.append(out.paint(more, "quiet"))
    if coming:
        shown_lines.append("")
    for line in shown_lines + footer:
        out.line(line)
    return 0


# --------------------------------------------------------------------------- draft preview


def register_draft(commands: Commands) -> None:
    draft = commands.add_parser("draft", help="preview the drafts watcher prepares")
    actions = add_subcommands(draft, "draft_command")
    preview = actions.add_parser("preview", help="print the draft a planned action would create")
    preview.add_argument("id", type=record_id, metavar="ID", help=INTERVIEW_ID_HELP)
    preview.add_argument(
        "--kind", required=True, choices=[k.value for k in DRAFT_KINDS], help="which draft"
    )
    preview.add_argument("--to", metavar="ADDRESS", help="only the draft for this recipient")
    add_now_option(preview, "evaluate as of this moment")
    preview.set_defaults(func=cmd_draft_preview)


def cmd_draft_preview(ctx: Context) -> int:
    config, now, out = ctx.config, ctx.now, ctx.output
    with ctx.reading() as store:
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


# --------------------------------------------------------------------------- check


def register_check(commands: Commands) -> None:
    check = commands.add_parser(
        "check",
        help="scan every mailbox once: match mail, update statuses, leave due drafts",
        description="Scan every [[accounts]] mailbox once: record the mail about your interviews "
        "(replies and what you sent), update their statuses, and leave each due draft in the "
        "account's Drafts folder. Nothing is ever sent, and nothing is done twice: a check waits "
        "(up to a minute) for another one in progress. Exits 1 when an account could not be "
        "checked.",
    )
    add_now_option(check, "evaluate the policy as of this moment")
    check.add_argument(
        "--dry-run", action="store_true", help="decide and print; write nothing anywhere"
    )
    check.add_argument("--json", action="store_true", help="print what was done as JSON")
    check.set_defaults(func=cmd_check)


def cmd_check(ctx: Context) -> int:
    config, now, out, args = ctx.config, ctx.now, ctx.output, ctx.args
    progress = None
    if not args.json and out.err.isatty():

        def progress(where: str, done: int, total: int) -> None:
            end = "\n" if done == total else ""
            out.err.write(f"\r{where}: {done}/{total} messages{end}")
            out.err.flush()

    # A dry run reads; a check writes, and holds the store's writer lock from its first read
    # to its last write, so that another check cannot plan the same drafts meanwhile.
    opened: AbstractContextManager[Store]
    if args.dry_run:
        opened = app.read_store(config, dry_run=True)
    else:
        opened = ctx.writing(transaction=False)
    with opened as store:
        report = app.check(store, config, now, dry_run=args.dry_run, progress=progress)
        companies = {i.id: i for i in store.interviews()}
    # With no account checked the errors say it all (`watcher plan` shows what is due); a
    # script gets its JSON object all the same, with them in "errors".
    checked = [a for a in config.accounts if a.name not in report.failed | report.unopened.keys()]
    if args.json:
        out.json(check_json(report, config, now))
    elif checked:
        print_check(report, companies, out, now)
    for error in report.errors:
        out.err.write(f"watcher: {error}\n")
    for warning in user_warnings(config):
        out.err.write(f"watcher: warning: {warning}\n")
    return 1 if report.errors else 0


# --------------------------------------------------------------------------- why


def register_why(commands: Commands) -> None:
    why = commands.add_parser(
        "why",
        help="why a message was (or was not) matched and read as it was",
        description="Explain how watcher read a message: whether a check fetched it (and if "
        "not, why: not in the watched folders, before the search floor, no tie to any "
        "interview), which interview it was matched to and by what evidence, which kind of "
        "reply it was read as and why, and whether that counts as hearing back. A message "
        "watcher never fetched is looked for in the mailboxes. Correct a misread one with "
        "`watcher track heard ID --message MESSAGE-ID --kind KIND`. Exits 1 when the message "
        "is found nowhere or a mailbox it had to be looked for in could not be searched.",
    )
    why.add_argument(
        "message_id", nargs="?", metavar="MESSAGE-ID", help="the message's Message-ID header"
    )
    why.add_argument(
        "--recent", type=int, metavar="N", help="the last N messages judged, newest first"
    )
    why.add_argument("--json", action="store_true", help="print the explanation as JSON")
    add_now_option(why)
    why.set_defaults(func=cmd_why)


def cmd_why(ctx: Context) -> int:
    config, out, args = ctx.config, ctx.output, ctx.args
    if (args.message_id is None) == (args.recent is None):
        raise UsageError(
            "give a MESSAGE-ID, or --recent N for the last N messages judged (not both)"
        )
    if args.recent is not None:
        if not 1 <= args.recent <= 1000:
            raise UsageError(f"--recent {args.recent}: give a number from 1 to 1000")
        with ctx.reading() as store:
            items = app.recent(store, args.recent)
            companies = {i.id: i for i in store.interviews()}
        if args.json:
            out.json([why_json(item, config) for item in items])
        elif not items:
            out.line("No message judged yet: `watcher check` reads the mailboxes.")
        for index, item in enumerate(items if not args.json else []):
            if index:
                out.line()
            print_why(item, companies, out)
        return 0
    message_id = app.bare_message_id(args.message_id)
    now = ctx.now
    with ctx.reading() as store:
        known = app.explain_known(store, message_id)
    if known is not None:
        item = known
    else:
        lookup = app.look_up(config, message_id)
        with ctx.reading() as store:
            item = app.explain_unfetched(store, config, lookup, message_id, now)
    with ctx.reading() as store:
        companies = {i.id: i for i in store.interviews()}
    if args.json:
        out.json(why_json(item, config))
    else:
        print_why(item, companies, out)
    for line in item.unreachable:
        out.err.write(f"watcher: could not search {line}\n")
    return 1 if not item.found or (item.unreachable and not item.fetched) else 0
