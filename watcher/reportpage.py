"""The report as one self-contained HTML page (`watcher report --html FILE`).

Pure: :func:`page` is given a :class:`~watcher.report.Report` and returns the page's text.
The page loads nothing: its style is inline, its charts are inline SVG written here (a
plotting library would cost more to import than these few shapes take to write), and it has
no script. It reads on a phone (every chart scales to the width: a ``viewBox`` and
``width: 100%``), in dark mode (``prefers-color-scheme``) and printed (``@media print``).

Every chart is a ``<figure class="chart" id="...">`` whose ``<figcaption>`` names it; each
process's timeline is an ``<li class="process" data-process="ID">``. Every text that comes
from the user (a company, a role, a sender) is escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo

from watcher.models import ReplyKind, Status
from watcher.report import Mark, Process, Report, median

WIDTH = 720
"""The width of every chart in SVG units (it scales to the page's width)."""

_STATUS_NAMES = {s: str(s).replace("_", " ") for s in Status}
_REPLY_NAMES = {k: str(k).replace("_", " ") for k in ReplyKind}

STYLE = """
:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f3f5f7; --grid: #d5dbe1;
  --round: #1f2328; --thanks: #1a7f64; --follow: #b35900; --sent: #6e7781;
  --rejection: #c93c37; --offer: #1f883d; --next: #0969da; --update: #8250df;
  --ack: #8c959f; --silence: rgba(201, 60, 55, 0.12); --silence-open: rgba(191, 135, 0, 0.30);
  --today: #c93c37;
  --scheduled: #8c959f; --awaiting: #bf8700; --closed: #57606a; --cancelled: #afb8c1;
  --ghosted: #6e4f9e; --further: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --grid: #30363d;
    --round: #e6edf3; --thanks: #3fb950; --follow: #f0883e; --sent: #9198a1;
    --rejection: #f85149; --offer: #3fb950; --next: #58a6ff; --update: #bc8cff;
    --ack: #6e7681; --silence: rgba(248, 81, 73, 0.16); --silence-open: rgba(210, 153, 34, 0.34);
    --today: #f85149;
    --scheduled: #6e7681; --awaiting: #d29922; --closed: #8b949e; --cancelled: #484f58;
    --ghosted: #a371f7; --further: #58a6ff;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  overflow-wrap: anywhere;
}
main { max-width: 62rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
p.meta, .note { color: var(--muted); margin: 0.25rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75rem;
  margin: 1rem 0; padding: 0; list-style: none; }
.cards li { background: var(--panel); border-radius: 6px; padding: 0.6rem 0.8rem; }
.cards b { display: block; font-size: 1.6rem; line-height: 1.2; }
.cards span { color: var(--muted); font-size: 0.9rem; }
figure.chart { margin: 1.5rem 0; padding: 0.75rem; background: var(--panel); border-radius: 6px; }
figcaption { font-weight: 600; margin-bottom: 0.5rem; }
figcaption small { display: block; font-weight: normal; color: var(--muted); }
svg { display: block; width: 100%; height: auto; }
.wide { overflow-x: auto; }
.wide > div { min-width: 34rem; }
svg text { fill: var(--fg); font-size: 12px; }
svg text.muted { fill: var(--muted); }
.axis line, line.grid { stroke: var(--grid); stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 0.5rem; padding: 0;
  list-style: none; font-size: 0.85rem; color: var(--muted); }
.legend svg { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; }
ol.processes { list-style: none; margin: 0; padding: 0; }
li.process, .axisrow { display: grid; grid-template-columns: 1fr; align-items: center; }
li.process { padding: 0.2rem 0; border-top: 1px solid var(--grid); }
@media (min-width: 48rem) {
  li.process, .axisrow { grid-template-columns: 16rem 1fr; column-gap: 0.5rem; }
}
.process .label { font-size: 0.85rem; line-height: 1.3; }
.process .role { color: var(--muted); }
.status { white-space: nowrap; font-size: 0.8rem; padding: 0 0.4em; border-radius: 3px;
  border: 1px solid currentColor; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.25rem 0.5rem 0.25rem 0; vertical-align: top;
  border-bottom: 1px solid var(--grid); }
td.late { color: var(--rejection); font-weight: 600; }
td { overflow-wrap: break-word; }
td.what { white-space: nowrap; }
.track { stroke: var(--grid); stroke-width: 2; }
.today { stroke: var(--today); stroke-width: 1.5; stroke-dasharray: 4 3; }
text.today-label { fill: var(--today); }
.silence { fill: var(--silence); }
.silence.open { fill: var(--silence-open); }
.m-round { fill: var(--round); }
.m-round.ahead { fill: var(--bg); stroke: var(--round); stroke-width: 1.5; }
.m-thank_you { fill: var(--thanks); }
.m-follow_up { fill: var(--follow); }
.m-sent { fill: var(--sent); }
.m-closed { fill: var(--muted); }
.m-cancelled { stroke: var(--muted); stroke-width: 2; fill: none; }
.r-rejection { fill: var(--rejection); } .r-offer { fill: var(--offer); }
.r-next_step { fill: var(--next); } .r-update { fill: var(--update); }
.r-acknowledgement, .r-auto_reply { fill: var(--ack); }
.st-scheduled { fill: var(--scheduled); color: var(--scheduled); }
.st-awaiting_reply { fill: var(--awaiting); color: var(--awaiting); }
.st-next_step { fill: var(--next); color: var(--next); }
.st-offer { fill: var(--offer); color: var(--offer); }
.st-rejected { fill: var(--rejection); color: var(--rejection); }
.st-ghosted { fill: var(--ghosted); color: var(--ghosted); }
.st-closed { fill: var(--closed); color: var(--closed); }
.st-cancelled { fill: var(--cancelled); color: var(--muted); }
.further { fill: var(--further); opacity: 0.35; }
.dot { fill: var(--next); fill-opacity: 0.7; }
.dot.answered { fill: var(--offer); }
.median { stroke: var(--fg); stroke-width: 2.5; }
.median-line { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 5 3; }
.bar { fill: var(--next); }
.bar.none { fill: var(--ack); }
.bar.answered { fill: var(--offer); }
footer { color: var(--muted); font-size: 0.85rem; margin: 2rem 0 1rem; }
@media print {
  :root {
    --fg: #000; --muted: #444; --bg: #fff; --panel: #fff; --grid: #bbb; --round: #000;
    --silence: rgba(201, 60, 55, 0.15); --silence-open: rgba(191, 135, 0, 0.30);
  }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  figure.chart { break-inside: avoid; border: 1px solid var(--grid); }
  li.process { break-inside: avoid; }
  .wide { overflow: visible; }
  .wide > div { min-width: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def esc(text: object) -> str:
    """Return ``text`` escaped for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def days_text(days: float | None) -> str:
    """Return a number of days as a person reads it: "1 day", "4.5 days", "-" for None."""
    if days is None:
        return "-"
    shown = f"{days:g}"
    return f"{shown} day" if days == 1 else f"{shown} days"


def _num(value: float) -> str:
    """Return an SVG coordinate, without needless decimals."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(height: float, body: Sequence[str], label: str, width: int = WIDTH) -> str:
    return (
        f'<svg viewBox="0 0 {width} {_num(height)}" role="img" aria-label="{esc(label)}">'
        f"{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}"{klass}>{esc(text)}</text>'


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _figure(key: str, caption: str, note: str, body: str) -> str:
    small = f"<small>{esc(note)}</small>" if note else ""
    return (
        f'<figure class="chart" id="{key}" data-chart="{key}">'
        f"<figcaption>{esc(caption)}{small}</figcaption>{body}</figure>"
    )


def _wide(body: str) -> str:
    """Return ``body`` (charts) in a box that scrolls sideways on a screen too narrow for its
    text to be read (a phone), rather than shrinking it."""
    return f'<div class="wide"><div>{body}</div></div>'


def _empty(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'


def _day_text(moment: datetime | date) -> str:
    return f"{moment:%a} {moment.day} {moment:%b} {moment.year}"


# --------------------------------------------------------------------------- the page


def page(report: Report) -> str:
    """Return the report as one HTML page (see the module's docstring)."""
    zone = report.settings.timezone
    now = report.now.astimezone(zone)
    count = len(report.processes)
    kept = []
    if report.company:
        kept.append(f"company {report.company}")
    if report.since:
        kept.append(f"with a round since {_day_text(report.since)}")
    scope = f"{count} process{'' if count == 1 else 'es'}" + (
        f" ({', '.join(kept)})" if kept else ""
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>Job search report, {esc(_day_text(now))}</title>",
        f"<style>{STYLE}</style></head><body><main>",
        "<header><h1>Your job search at a glance</h1>",
        f'<p class="meta">{esc(scope)}, as of {esc(_day_text(now))} {now:%H:%M} '
        f"({esc(str(zone))}).</p></header>",
        _cards(report),
        _pipeline(report),
        _timelines(report),
        _first_reply(report),
        *(
            _by(report, key, caption, groups)
            for key, caption, groups in (
                ("by-company", "Days to the first reply, by company", report.by_company),
                ("by-ats", "Days to the first reply, by applicant-tracking system", report.by_ats),
                ("by-format", "Days to the first reply, by interview format", report.by_format),
            )
        ),
        _follow_ups(report),
        _funnel(report),
        _ghosting(report),
        _due(report),
        "<footer>Made by <code>watcher report</code> from your own store: this page loads "
        "nothing from anywhere (no font, image or script), and nothing in it leaves your "
        f"machine. Days are calendar days in {esc(str(zone))}.</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _cards(report: Report) -> str:
    answered = len(report.answered_follow_ups)
    sent = len(report.follow_ups)
    share = f" ({round(100 * answered / sent)}%)" if sent else ""
    ghosted = len(report.ghostings)
    cards = [
        (str(len(report.processes)), "processes"),
        (days_text(report.first_reply_median), "median time to a first reply"),
        (f"{answered} of {sent}", f"follow-ups answered{share}"),
        (str(ghosted), f"ghosted (median {days_text(report.ghosted_median)} of silence)"),
    ]
    items = "".join(f"<li><b>{esc(big)}</b><span>{esc(small)}</span></li>" for big, small in cards)
    return f'<ul class="cards">{items}</ul>'


def _pipeline(report: Report) -> str:
    rows = [(s, n) for s, n in report.pipeline.items() if n or s is not Status.CANCELLED]
    top = max((n for _s, n in rows), default=0) or 1
    body = []
    for index, (status, n) in enumerate(rows):
        y = 6 + index * 26
        length = 500 * n / top
        body.append(_text(150, y + 15, _STATUS_NAMES[status], "end"))
        if n:
            body.append(
                f'<rect class="st-{status}" x="160" y="{y}" width="{_num(length)}" height="20" '
                f'rx="2"><title>{esc(_STATUS_NAMES[status])}: {n}</title></rect>'
            )
        body.append(_text(166 + length, y + 15, str(n)))
    svg = _svg(12 + 26 * len(rows), body, "processes by status")
    return _figure(
        "pipeline",
        "Pipeline: where each process stands",
        "The statuses that watcher track list shows.",
        _wide(svg),
    )


def _due(report: Report) -> str:
    zone = report.settings.timezone
    if not report.due:
        return "<h2>Due this week</h2>" + _empty("Nothing due in the next seven days.")
    rows = []
    for item in sorted(report.due, key=lambda d: d.action.due):
        action = item.action
        local = action.due.astimezone(zone)
        late = action.due <= report.now
        rows.append(
            f'<tr title="{esc(action.reason)}"><td class="when{" late" if late else ""}">'
            f"{local:%a} {local.day} {local:%b} {local:%H:%M}{' (due)' if late else ''}</td>"
            f'<td class="what">{esc(str(action.kind).replace("_", "-"))}</td>'
            f"<td>#{action.interview_id} {esc(item.company)}</td></tr>"
        )
    return (
        "<h2>Due this week</h2><table><thead><tr><th>When</th><th>What</th><th>Process</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# --------------------------------------------------------------------------- timelines

_ROW = 30
_MID = 15


def _span(report: Report) -> tuple[datetime, datetime]:
    """Return the start and end of the timelines' axis: every mark, and now."""
    moments = [m.at for p in report.processes for m in p.marks] + [report.now]
    moments += [s.end for p in report.processes for s in p.silences]
    zone = report.settings.timezone
    first = min(moments).astimezone(zone)
    start = datetime.combine(first.date() - timedelta(days=2), datetime.min.time(), zone)
    last = max(moments).astimezone(zone)
    end = datetime.combine(last.date() + timedelta(days=3), datetime.min.time(), zone)
    return start, end


def _scale(
    start: datetime, end: datetime, left: float, right: float
) -> Callable[[datetime], float]:
    total = (end - start).total_seconds() or 1.0

    def x(moment: datetime) -> float:
        return left + (right - left) * (moment - start).total_seconds() / total

    return x


def _timelines(report: Report) -> str:
    caption = "Timeline of each process"
    note = (
        "Each round, each thank-you and follow-up you sent, each reply with its kind; the "
        "shaded spans are the silences after a round (darker: still unanswered); the dashed "
        "line is today. Hover a mark for what it was."
    )
    if not report.processes:
        return _figure("timelines", caption, note, _empty("No process to show."))
    zone = report.settings.timezone
    start, end = _span(report)
    x = _scale(start, end, 8, WIDTH - 8)
    today = x(report.now)
    legend = "".join(
        f"<li>{_swatch(mark)} {esc(name)}</li>"
        for mark, name in (
            (Mark(start, "round", ""), "round"),
            (Mark(start, "round", "", done=False), "round ahead"),
            (Mark(start, "thank_you", ""), "thank-you sent"),
            (Mark(start, "follow_up", ""), "follow-up sent"),
            *(
                (Mark(start, "reply", "", kind), f"reply: {_REPLY_NAMES[kind]}")
                for kind in (
                    ReplyKind.NEXT_STEP,
                    ReplyKind.UPDATE,
                    ReplyKind.OFFER,
                    ReplyKind.REJECTION,
                    ReplyKind.ACKNOWLEDGEMENT,
                )
            ),
            (Mark(start, "closed", ""), "closed"),
            (Mark(start, "cancelled", ""), "cancelled"),
        )
    ) + "".join(
        f'<li><svg viewBox="0 0 14 14" aria-hidden="true"><rect class="{klass}" y="2" '
        f'width="14" height="10"/></svg> {name}</li>'
        for klass, name in (
            ("silence", "silence, answered"),
            ("silence open", "silence, no answer"),
        )
    )
    axis = [f'<g class="axis"><line x1="8" y1="22" x2="{WIDTH - 8}" y2="22"/>']
    day, labelled = start.date(), False
    while day <= end.date():
        at = x(datetime.combine(day, datetime.min.time(), zone))
        if day.day == 1:
            axis.append(f'<line x1="{_num(at)}" y1="10" x2="{_num(at)}" y2="26"/>')
        elif day.weekday() == 0:
            axis.append(f'<line x1="{_num(at)}" y1="19" x2="{_num(at)}" y2="25"/>')
        # A month is named at its first day, or at the axis's start when that is early in it.
        if day.day == 1 or (day == start.date() and day.day <= 20):
            name = f"{day:%b}" if labelled and day.month != 1 else f"{day:%b} {day.year}"
            axis.append(_text(at + 3, 13, name, cls="muted"))
            labelled = True
        day += timedelta(days=1)
    axis.append("</g>")
    axis.append(f'<line class="today" x1="{_num(today)}" y1="14" x2="{_num(today)}" y2="30"/>')
    anchor = "end" if today > WIDTH - 60 else "start"
    axis.append(_text(today + (-4 if anchor == "end" else 4), 36, "today", anchor, "today-label"))
    head = _svg(40, axis, f"time from {_day_text(start)} to {_day_text(end)}")
    rows = "".join(_process_row(p, x, today, zone) for p in report.processes)
    body = f'<ul class="legend">{legend}</ul>' + _wide(
        f'<div class="axisrow"><div></div>{head}</div><ol class="processes">{rows}</ol>'
    )
    return _figure("timelines", caption, note, body)


def _swatch(mark: Mark) -> str:
    return f'<svg viewBox="0 0 14 14" aria-hidden="true">{_shape(mark, 7, 7, "")}</svg>'


def _shape(mark: Mark, x: float, y: float, title: str) -> str:
    """Return the SVG shape of ``mark`` centred at (x, y), with ``title`` as its tooltip."""
    tip = f"<title>{esc(title)}</title>" if title else ""
    cx, cy = _num(x), _num(y)
    if mark.kind == "round":
        ahead = "" if mark.done else " ahead"
        return f'<circle class="m-round{ahead}" cx="{cx}" cy="{cy}" r="5">{tip}</circle>'
    if mark.kind == "reply":
        kind = mark.reply_kind or ReplyKind.UPDATE
        points = f"M{cx},{_num(y - 6)} L{_num(x + 6)},{cy} L{cx},{_num(y + 6)} L{_num(x - 6)},{cy}Z"
        return f'<path class="m-reply r-{kind}" d="{points}">{tip}</path>'
    if mark.kind in ("thank_you", "follow_up", "sent"):
        points = f"M{cx},{_num(y - 6)} L{_num(x + 5)},{_num(y + 4)} L{_num(x - 5)},{_num(y + 4)}Z"
        return f'<path class="m-{mark.kind}" d="{points}">{tip}</path>'
    if mark.kind == "cancelled":
        d = (
            f"M{_num(x - 4)},{_num(y - 4)} L{_num(x + 4)},{_num(y + 4)} "
            f"M{_num(x + 4)},{_num(y - 4)} L{_num(x - 4)},{_num(y + 4)}"
        )
        return f'<path class="m-cancelled" d="{d}">{tip}</path>'
    return (
        f'<rect class="m-closed" x="{_num(x - 1.5)}" y="{_num(y - 7)}" width="3" height="14">'
        f"{tip}</rect>"
    )


def _process_row(
    process: Process, x: Callable[[datetime], float], today: float, zone: tzinfo
) -> str:
    body = []
    moments = [m.at for m in process.marks] + [s.end for s in process.silences]
    if moments:
        body.append(
            f'<line class="track" x1="{_num(x(min(moments)))}" y1="{_MID}" '
            f'x2="{_num(x(max(moments)))}" y2="{_MID}"/>'
        )
    for silence in process.silences:
        left, right = x(silence.start), x(silence.end)
        state = "answered" if silence.answered else "no answer yet"
        days = (silence.end - silence.start).total_seconds() / 86400
        body.append(
            f'<rect class="silence{"" if silence.answered else " open"}" x="{_num(left)}" '
            f'y="{_MID - 9}" width="{_num(max(right - left, 1))}" height="18">'
            f"<title>silence of {days:.1f} days ({state})</title></rect>"
        )
    body.append(f'<line class="today" x1="{_num(today)}" y1="0" x2="{_num(today)}" y2="{_ROW}"/>')
    for mark in process.marks:
        local = mark.at.astimezone(zone)
        title = f"{_day_text(local)} {local:%H:%M}: {mark.label}"
        body.append(_shape(mark, x(mark.at), _MID, title))
    label = f"#{process.interview_id} {process.company}: {process.role}, {process.status}"
    status = process.status
    return (
        f'<li class="process" data-process="{process.interview_id}" data-status="{status}">'
        f'<div class="label">#{process.interview_id} <b>{esc(process.company)}</b> '
        f'<span class="role">{esc(process.role)}</span> '
        f'<span class="status st-{status}">{esc(_STATUS_NAMES[status])}</span></div>'
        f"{_svg(_ROW, body, label)}</li>"
    )


# --------------------------------------------------------------------------- distributions


def _ticks(top: int) -> tuple[int, int]:
    """Return a round upper bound of an axis of days reaching ``top``, and its step."""
    step = 1 if top <= 10 else 2 if top <= 20 else 7 if top <= 70 else 14
    return max(step, math.ceil(max(top, 1) / step) * step), step


def _first_reply(report: Report) -> str:
    caption = "Days from an interview to the first reply"
    days = report.reply_days
    unanswered = len(report.replies) - len(days)
    note = (
        f"Each round that took place, counted until the employer's first reply that counts as "
        f"hearing back (a rejection, an offer, a next step or an update). {len(days)} answered, "
        f"{unanswered} not (yet); median {days_text(report.first_reply_median)}."
    )
    if not days:
        return _figure("first-reply", caption, note, _empty("No reply yet."))
    top, step = _ticks(max(days))
    counts = [days.count(d) for d in range(top + 1)]
    highest = max(counts)
    left, right, base, height = 40.0, WIDTH - 10.0, 185.0, 150.0
    slot = (right - left) / (top + 1)
    body = []
    for level in range(0, highest + 1, max(1, math.ceil(highest / 4))):
        y = base - height * level / highest
        body.append(
            f'<line class="grid" x1="{_num(left)}" y1="{_num(y)}" x2="{_num(right)}" '
            f'y2="{_num(y)}"/>'
        )
        body.append(_text(left - 6, y + 4, str(level), "end", "muted"))
    for day, n in enumerate(counts):
        if n:
            h = height * n / highest
            body.append(
                f'<rect class="bar" x="{_num(left + day * slot + 1)}" y="{_num(base - h)}" '
                f'width="{_num(max(slot - 2, 1))}" height="{_num(h)}">'
                f"<title>{days_text(day)}: {n} round{'' if n == 1 else 's'}</title></rect>"
            )
    for day in range(0, top + 1, step):
        body.append(_text(left + (day + 0.5) * slot, base + 16, str(day), "middle", "muted"))
    body.append(_text((left + right) / 2, base + 34, "calendar days", "middle", "muted"))
    middle = report.first_reply_median
    if middle is not None:
        mx = left + (middle + 0.5) * slot
        body.append(
            f'<line class="median-line" x1="{_num(mx)}" y1="{_num(base - height - 10)}" '
            f'x2="{_num(mx)}" y2="{_num(base)}"/>'
        )
        body.append(_text(mx + 5, base - height - 16, f"median {days_text(middle)}"))
    svg = _svg(base + 42, body, f"{caption}: median {days_text(middle)}")
    return _figure("first-reply", caption, note, _wide(svg))


def _strip(groups: Sequence[tuple[str, Sequence[int]]], label: str, *, dots: str = "dot") -> str:
    """Return a strip plot: a row per group, a dot per value (days), a tick at the median."""
    values = [v for _name, vs in groups for v in vs]
    top, step = _ticks(max(values, default=1))
    left, right, row = 175.0, WIDTH - 130.0, 24

    def x(days: float) -> float:
        return left + (right - left) * days / top

    body = ['<g class="axis">']
    for day in range(0, top + 1, step):
        body.append(
            f'<line x1="{_num(x(day))}" y1="18" x2="{_num(x(day))}" y2="{22 + row * len(groups)}"/>'
        )
        body.append(_text(x(day), 13, str(day), "middle", "muted"))
    body.append("</g>")
    for index, (name, days) in enumerate(groups):
        y = 22 + row * index + row / 2
        body.append(f"<g><title>{esc(name)}</title>{_text(165, y + 4, _clip(name, 24), 'end')}</g>")
        seen: dict[int, int] = {}
        for day in days:
            offset = seen.get(day, 0)
            seen[day] = offset + 1
            dy = (offset % 3 - 1) * 5 if offset else 0
            body.append(
                f'<circle class="{dots}" cx="{_num(x(day))}" cy="{_num(y + dy)}" r="4">'
                f"<title>{esc(name)}: {days_text(day)}</title></circle>"
            )
        middle = median(days)
        if middle is not None:
            body.append(
                f'<line class="median" x1="{_num(x(middle))}" y1="{_num(y - 9)}" '
                f'x2="{_num(x(middle))}" y2="{_num(y + 9)}"/>'
            )
        shown = "no reply" if middle is None else f"{days_text(middle)} (n={len(days)})"
        body.append(_text(right + 10, y + 4, shown, cls="muted" if middle is None else ""))
    return _svg(28 + row * len(groups), body, label)


def _by(report: Report, key: str, caption: str, medians: dict[str, float | None]) -> str:
    names = {"by-company": "company", "by-ats": "relay", "by-format": "format"}
    attribute = names[key]
    groups: dict[str, list[int]] = {name: [] for name in medians}
    for reply in report.replies:
        if reply.days is not None:
            name = str(getattr(reply, attribute))
            groups[name].append(reply.days)
    ordered = sorted(
        groups.items(),
        key=lambda item: (medians[item[0]] is None, medians[item[0]] or 0, item[0].casefold()),
    )
    note = "Each dot is a round; the bar is the median."
    if key == "by-ats":
        note += " direct: the employer answered from its own mail."
    if not report.replies:
        return _figure(key, caption, note, _empty("No interview took place yet."))
    return _figure(key, caption, note, _wide(_strip(ordered, caption)))


def _follow_ups(report: Report) -> str:
    caption = "Follow-ups: how many got an answer, and how long after"
    sent = len(report.follow_ups)
    answered = report.answered_follow_ups
    note = f"{len(answered)} of {sent} follow-ups got a reply that counts as hearing back."
    if not sent:
        return _figure("follow-ups", caption, note, _empty("No follow-up sent yet."))
    width = WIDTH - 20.0
    share = width * len(answered) / sent
    body = [
        f'<rect class="bar answered" x="10" y="6" width="{_num(share)}" height="22">'
        f"<title>answered: {len(answered)}</title></rect>",
        f'<rect class="bar none" x="{_num(10 + share)}" y="6" width="{_num(width - share)}" '
        f'height="22"><title>no answer: {sent - len(answered)}</title></rect>',
        _text(10, 46, f"answered: {len(answered)}"),
        _text(WIDTH - 10, 46, f"no answer: {sent - len(answered)}", "end"),
    ]
    bar = _svg(54, body, f"{len(answered)} of {sent} follow-ups answered")
    days = [f.days for f in answered if f.days is not None]
    strip = (
        _strip(
            [("days to the answer", days)],
            "days from a follow-up to its answer",
            dots="dot answered",
        )
        if days
        else ""
    )
    return _figure("follow-ups", caption, note, _wide(bar + strip))


def _funnel(report: Report) -> str:
    caption = "Outcomes by stage: the funnel of rounds"
    note = (
        "Each bar is the processes that reached a round: in blue those that went on to the "
        "next, in colour where those that got no further stand now."
    )
    if not report.funnel:
        return _figure("funnel", caption, note, _empty("No interview took place yet."))
    top = report.funnel[0].reached or 1
    left, right, row = 90.0, WIDTH - 100.0, 30
    body = []
    for index, stage in enumerate(report.funnel):
        y = 6 + row * index
        body.append(_text(left - 10, y + 16, f"round {stage.round}", "end"))
        at = left
        parts = [("further", "went on to the next round", stage.further)]
        parts += [(f"st-{s}", _STATUS_NAMES[s], n) for s, n in stage.stopped.items()]
        for klass, name, n in parts:
            if not n:
                continue
            w = (right - left) * n / top
            body.append(
                f'<rect class="{klass}" x="{_num(at)}" y="{y}" width="{_num(w)}" height="22">'
                f"<title>round {stage.round}: {esc(name)}: {n}</title></rect>"
            )
            at += w
        body.append(_text(at + 6, y + 16, f"{stage.reached} reached"))
    statuses = sorted({s for stage in report.funnel for s in stage.stopped}, key=list(Status).index)
    legend = "".join(
        f'<li><svg viewBox="0 0 14 14" aria-hidden="true"><rect class="{k}" width="14" '
        f'height="14"/></svg> {esc(n)}</li>'
        for k, n in [("further", "went on"), *((f"st-{s}", _STATUS_NAMES[s]) for s in statuses)]
    )
    svg = _svg(12 + row * len(report.funnel), body, caption)
    return _figure("funnel", caption, note, f'<ul class="legend">{legend}</ul>{_wide(svg)}')


def _ghosting(report: Report) -> str:
    caption = "Ghosting: processes that ended in silence, and after how long"
    count = len(report.ghostings)
    note = (
        f"{count} of {len(report.processes)} processes were closed as ghosted; the days run "
        "from the last sign of life (the latest round, or a later reply) to the close; median "
        f"{days_text(report.ghosted_median)}."
    )
    if not count:
        return _figure("ghosting", caption, note, _empty("No process ended in silence."))
    strip = _strip([("days of silence", [g.days for g in report.ghostings])], "days of silence")
    return _figure("ghosting", caption, note, _wide(strip))
