"""`watcher report`: the search at a glance, in the terminal, as JSON or as one HTML page.

The report's modules (:mod:`watcher.report`, :mod:`watcher.reportpage`), the relays' data
file and :mod:`webbrowser` are imported by the command when it runs, so that registering it
costs every other command nothing.
"""

from __future__ import annotations

import functools
from pathlib import Path

from watcher.cli.context import Context, add_now_option
from watcher.cli.term import blocks_that_fit, cells
from watcher.cli.track import STATUS_STYLES
from watcher.cli.values import parse_day
from watcher.errors import UsageError, WatcherError
from watcher.files import replace_file

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from watcher.cli.context import Commands
    from watcher.report import Report


def register(commands: Commands) -> None:
    """Add `watcher report` to ``commands``."""
    report = commands.add_parser(
        "report",
        help="the search at a glance: pipeline, what is due this week, response times, "
        "follow-ups, ghosting",
        description="The search at a glance: how many processes stand at each status, what "
        "is due this week, how many days employers take to answer an interview (by company, "
        "applicant-tracking system and format), how often follow-ups get an answer, the "
        "rounds reached and the processes that ended in silence. --html writes it all, with "
        "charts and a timeline per process, to one HTML page that loads nothing from "
        "elsewhere. Days are calendar days in [policy] timezone.",
    )
    report.add_argument(
        "--html",
        metavar="FILE",
        help="write the report with its charts and timelines to FILE, one self-contained "
        "HTML page (readable by you only)",
    )
    report.add_argument(
        "--open", action="store_true", help="open the page written by --html in your browser"
    )
    report.add_argument(
        "--since",
        metavar="DATE",
        help="only the processes with a round on or after DATE (2026-09-01)",
    )
    report.add_argument(
        "--company",
        metavar="NAME",
        help="only the processes of this company (words of its name, case aside)",
    )
    report.add_argument(
        "--json", action="store_true", help="print every figure as JSON (to chart it yourself)"
    )
    add_now_option(report, "evaluate as of this moment")
    report.set_defaults(func=cmd_report)


def cmd_report(ctx: Context) -> int:
    args = ctx.args
    since = parse_day(args.since, "--since") if args.since else None
    if args.open and not args.html:
        raise UsageError(
            "--open opens the page that --html writes: give both "
            "(`watcher report --html report.html --open`)"
        )
    target = _target(args.html) if args.html else None
    config, now = ctx.config, ctx.now
    with ctx.reading() as store:
        timelines = store.timelines()

    from watcher import lexicon, matching
    from watcher import report as reporting

    company = args.company
    if company is not None:
        _check_company(company, sorted({t.interview.company for t in timelines}, key=str.casefold))
    relay_of = functools.partial(matching.relay_name, lexicon=lexicon.load_rules())
    report = reporting.build(timelines, now, config.policy, relay_of, since=since, company=company)
    if target is not None:
        from watcher.reportpage import page

        _write(target, page(report))
    if args.json:
        ctx.output.json(reporting.report_json(report))
    elif target is None:
        print_report(ctx, report)
    if target is not None:
        _tell_written(ctx, target, report, opened=args.open)
    return 0


def _target(text: str) -> Path:
    """Return where --html writes: refuse a folder or a folder that does not exist."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise UsageError(
            f"--html {text}: that is a folder; name a file in it (--html {path / 'report.html'})"
        )
    if not path.parent.is_dir():
        raise UsageError(
            f"--html {text}: the folder {path.parent} does not exist; create it first or "
            "choose a file in a folder that does"
        )
    return path


def _check_company(wanted: str, companies: list[str]) -> None:
    from watcher.report import company_matches

    if not any(company_matches(name, wanted) for name in companies):
        known = ", ".join(companies) if companies else "none yet"
        raise UsageError(
            f"--company {wanted!r}: no tracked process is of a company so named; give words "
            f"of one of the names (the companies tracked: {known})"
        )


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace``: a browser
    reading it sees the old page or the new one, never a part. The file is the user's own
    (mode 0600: it holds the search's history). Raise WatcherError naming the path."""
    try:
        replace_file(path, text.encode("utf-8"))
    except OSError as error:
        raise _write_error(path, error) from None


def _write_error(path: Path, error: OSError) -> WatcherError:
    return WatcherError(
        f"could not write the report to {path} ({error.strerror or error}): choose a file in "
        "a folder you can write to"
    )


def _tell_written(ctx: Context, path: Path, report: Report, *, opened: bool) -> None:
    """Say where the page went (on standard error when standard output has the JSON), and
    open it when asked."""
    out = ctx.output
    stream = out.err if ctx.args.json else out.out
    count = len(report.processes)
    said = [
        f"Wrote the report of {count} process{'' if count == 1 else 'es'} to {path}."
        + ("" if opened else " Open it in a browser, or add --open.")
    ]
    if opened:
        import webbrowser

        uri = path.resolve().as_uri()
        try:
            done = webbrowser.open(uri)
        except webbrowser.Error:
            done = False
        said.append(
            "Opened it in your browser."
            if done
            else f"No browser could be opened here: open {uri} in one yourself."
        )
    for text in said:
        for line in out.fitted(text, "", "  "):
            print(line, file=stream)


# --------------------------------------------------------------------------- the terminal


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _days_phrase(value: float | None) -> str:
    """Return "1 day", "4.5 days"."""
    return f"{_days(value)} day{'' if value == 1 else 's'}"


def _medians(groups: dict[str, float | None], room: int) -> str:
    """Return the median days of each group, fastest first ("Acme 2, Globex 3.5"), in
    ``room`` columns if it can be done: else only the fastest and the slowest ones."""
    known = sorted(
        ((name, days) for name, days in groups.items() if days is not None),
        key=lambda item: (item[1], item[0].casefold()),
    )
    shown = [f"{name} {_days(days)}" for name, days in known]
    silent = len(groups) - len(known)
    tail = f"; {silent} never answered" if silent else ""
    texts = [(", ".join(shown) or "none answered yet") + tail]
    for ends in (3, 2, 1):
        if len(shown) > 2 * ends:
            ends_text = f"fastest {', '.join(shown[:ends])}; slowest {', '.join(shown[-ends:])}"
            texts += [ends_text + tail, ends_text]
    return next((t for t in texts if cells(t) <= room), texts[-1])


def print_report(ctx: Context, report: Report) -> None:
    """Print the report in one screen: the pipeline as a bar per status, what is due this
    week (as much as the screen has room for), and the figures."""
    out, now = ctx.output, report.now
    width = out.term.width
    count = len(report.processes)
    if not count:
        if report.since is None and report.company is None:
            out.line("No interviews tracked yet. Add one with `watcher track add`.")
        else:
            out.line("No tracked process has a round since then: try an earlier --since.")
        return
    scope = []
    if report.company:
        scope.append(f"company {report.company}")
    if report.since:
        scope.append(f"a round since {report.since.isoformat()}")
    kept = f" ({', '.join(scope)})" if scope else ""
    head = out.fitted(
        f"Pipeline of {count} process{'' if count == 1 else 'es'}{kept}, as of {out.when(now)}",
        "",
        "  ",
    )
    block = "█" if _unicode(out.out) else "#"
    rows = [(s, n) for s, n in report.pipeline.items() if n or str(s) != "cancelled"]
    label_width = max(len(str(s)) for s, _n in rows) + 2
    number_width = len(str(max(n for _s, n in rows)))
    room = max(1, width - 2 - label_width - number_width - 2)
    top = max(n for _s, n in rows) or 1
    pipeline = []
    for status, n in rows:
        bar = block * (round(n * room / top) if top > room else n)
        if n and not bar:
            bar = block
        name = str(status).replace("_", " ")
        style = STATUS_STYLES.get(str(status), "")
        pipeline.append(
            f"  {name:<{label_width}}{n:>{number_width}}  {out.paint(bar, style)}".rstrip()
        )
    figures = _figure_lines(ctx, report)
    footer = out.fitted(
        "Charts and a timeline per process: `watcher report --html report.html --open`", "", "  "
    )
    due = _due_blocks(ctx, report) or [["  Nothing due in the next seven days."]]
    kept_due, spaced, hinted = len(due), True, True
    if out.term.height is not None:
        # A screen: what is due first (three at least), then a blank line between the parts,
        # then the hint of the page.
        room = out.term.height - 1 - len(head) - len(pipeline) - 1 - len(figures)
        for spaced, hinted in ((True, True), (True, False), (False, False)):
            left = room - (2 if spaced else 0) - (1 + len(footer) if hinted else 0)
            kept_due = blocks_that_fit(due, left)
            if kept_due == len(due) or kept_due >= 3:
                break
    gap = [""] if spaced else []
    lines = [*(out.paint(line, "heading") for line in head), *pipeline, *gap]
    heading = f"Due this week ({len(due)})" if report.due else "Due this week"
    lines.append(out.paint(heading, "heading"))
    for block_lines in due[:kept_due]:
        lines += block_lines
    if kept_due < len(due):
        lines.append(
            out.paint(f"  ... {len(due) - kept_due} more (`watcher plan` shows them all)", "quiet")
        )
    lines += [*gap, *figures]
    if hinted:
        lines += ["", *footer]
    for line in lines:
        out.line(line)


def _due_blocks(ctx: Context, report: Report) -> list[list[str]]:
    from watcher.cli.present import kind_label, late_since

    out, now = ctx.output, report.now
    zone = report.settings.timezone
    shown_at = []
    for item in report.due:
        action = item.action
        late = late_since(action, now, zone)
        shown_at.append((late or action.due, late, item))
    blocks = []
    for _at, late, item in sorted(shown_at, key=lambda entry: entry[0]):
        action = item.action
        shown = out.moment(late or action.due, now, late=late is not None)
        style = "late" if late else "due" if action.due <= now else ""
        lines = out.fitted(
            f"{shown}  #{action.interview_id} {item.company}: {kind_label(action.kind)}",
            "  ",
            " " * 6,
        )
        lines[0] = lines[0].replace(shown, out.paint(shown, style), 1)
        blocks.append(lines)
    return blocks


def _figure_lines(ctx: Context, report: Report) -> list[str]:
    out = ctx.output
    answered = len(report.reply_days)
    rounds = len(report.replies)
    sent = len(report.follow_ups)
    replied = report.answered_follow_ups
    share = f" ({round(100 * len(replied) / sent)}%)" if sent else ""
    from watcher.report import median

    follow_median = median([f.days for f in replied if f.days is not None])
    ghosted = len(report.ghostings)
    silence = f", after a median {_days_phrase(report.ghosted_median)} of silence"
    funnel = ", ".join(
        f"{s.reached} {'had a' if i == 0 else 'a'} {_ordinal(s.round)}"
        for i, s in enumerate(report.funnel)
    )
    rows = [
        (
            "First reply",
            f"median {_days_phrase(report.first_reply_median)} after an interview "
            f"({answered} of {rounds} rounds answered)"
            if answered
            else f"none yet ({rounds} round{'' if rounds == 1 else 's'} took place)",
        ),
    ]
    if answered:
        room = out.term.width - 14  # the width of "  by company" and two spaces
        rows += [
            ("  by ATS", _medians(report.by_ats, room)),
            ("  by format", _medians(report.by_format, room)),
            ("  by company", _medians(report.by_company, room)),
        ]
    rows += [
        (
            "Follow-ups",
            f"{sent} sent, {len(replied)} answered{share}"
            + (f", a median {_days_phrase(follow_median)} after" if replied else ""),
        ),
        (
            "Ghosted",
            f"{ghosted} process{'' if ghosted == 1 else 'es'}" + (silence if ghosted else ""),
        ),
        ("Rounds", f"{funnel} round" if funnel else "none took place yet"),
    ]
    label = max(cells(name) for name, _text in rows) + 2
    lines = []
    for name, text in rows:
        first = f"{name:<{label}}"
        fitted = out.fitted(text, first, " " * label)
        if not name.startswith(" "):
            fitted[0] = fitted[0].replace(name, out.paint(name, "heading"), 1)
        lines += fitted
    return lines


def _unicode(stream: object) -> bool:
    """Return whether ``stream`` takes any character (a UTF encoding, or text in memory)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return str(encoding).lower().replace("-", "").startswith("utf")
