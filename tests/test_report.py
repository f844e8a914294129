"""watcher.report (the figures of `watcher report`) and watcher.reportpage (its HTML page), on
synthetic timelines.

Most cases use the interview of tests/test_policy.py: Acme, Tue 24 Nov 2026 14:00 in New York.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.test_policy import AT, INTERVIEW, RITA_MAIL, ROBOT_MAIL, SETTINGS, ny, reply, sent
from watcher.models import (
    ActionKind,
    Event,
    Format,
    Interview,
    Outcome,
    ReplyKind,
    Round,
    Status,
    Timeline,
)
from watcher.record import replace
from watcher.report import (
    DIRECT,
    build,
    company_matches,
    median,
    report_json,
    select,
)
from watcher.reportpage import page

NOW = ny(12, 20)


def relay_of(sender: str) -> str | None:
    return "Greenhouse" if "greenhouse-mail.io" in sender else None


def process(
    interview_id: int,
    company: str,
    *rounds: Round,
    outcome: Outcome | None = None,
    closed_at: datetime | None = None,
) -> Interview:
    base = replace(
        INTERVIEW, id=interview_id, company=company, outcome=outcome, closed_at=closed_at
    )
    return base.with_rounds(rounds) if rounds else base


def events_of(interview_id: int, *events: Event) -> tuple[Event, ...]:
    return tuple(replace(e, interview_id=interview_id) for e in events)


# --------------------------------------------------------------------------- medians


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([4], 4), ([1, 9, 3], 3), ([2, 3], 2.5), ([1, 3], 2), ([5, 1, 2, 8], 3.5)],
)
def test_median_of_whole_days(values: list[int], expected: float | None) -> None:
    found = median(values)
    assert found == expected
    if expected is not None and float(expected).is_integer():
        assert isinstance(found, int)  # a whole median is shown as one: "2", not "2.0"


# --------------------------------------------------------------------------- no process


def test_a_report_of_nothing_has_every_figure_empty() -> None:
    report = build([], NOW, SETTINGS)
    figures = report_json(report)
    assert figures["processes"] == 0
    assert figures["pipeline"] == {str(s): 0 for s in Status}
    assert figures["first_reply_days"]["median"] is None
    assert figures["first_reply_days"]["by_company"] == {}
    assert figures["follow_ups"] == {
        "sent": 0,
        "answered": 0,
        "median_answer_days": None,
        "answer_days": [],
    }
    assert (figures["ghosted"], figures["funnel"], figures["due_this_week"]) == (0, [], [])
    # The page still has every chart, each saying there is nothing to show yet.
    html = page(report)
    for key in ("pipeline", "timelines", "first-reply", "by-company", "follow-ups", "funnel"):
        assert f'id="{key}"' in html
    assert 'class="process"' not in html


# --------------------------------------------------------------------------- first replies


def test_days_to_the_first_reply_are_calendar_days_in_the_policy_zone() -> None:
    # 21:30 in New York on the interview's day is already the next day in UTC: still 0 days.
    same_evening = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)
    events = (
        reply(ny(11, 24, 16), ReplyKind.ACKNOWLEDGEMENT, ROBOT_MAIL),  # no answer
        reply(same_evening, ReplyKind.NEXT_STEP, RITA_MAIL),
    )
    report = build([Timeline(INTERVIEW, events)], NOW, SETTINGS, relay_of)
    [wait] = report.replies
    assert (wait.days, wait.relay, wait.format, wait.round) == (0, "Greenhouse", Format.VIDEO, 1)
    assert report.first_reply_median == 0


def test_each_round_counts_with_its_company_relay_and_format() -> None:
    acme = process(
        1,
        "Acme",
        Round(ny(11, 2, 10), Format.PHONE),
        Round(ny(11, 12, 10), Format.PANEL),
        Round(ny(11, 30, 10), Format.ONSITE),
    )
    acme_events = events_of(
        1,
        reply(ny(11, 5, 9), ReplyKind.NEXT_STEP, ROBOT_MAIL),  # round 1: 3 days, Greenhouse
        reply(ny(11, 20, 9), ReplyKind.UPDATE, RITA_MAIL),  # round 2: 8 days
        reply(ny(11, 24, 9), ReplyKind.NEXT_STEP, RITA_MAIL),  # round 2's, not its first
        # round 3: no answer by now
    )
    globex = process(2, "Globex", Round(ny(11, 16, 15), Format.PHONE))
    globex_events = events_of(2, reply(ny(11, 17, 8), ReplyKind.REJECTION, "hr@globex.example"))
    report = build(
        [Timeline(acme, acme_events), Timeline(globex, globex_events)], NOW, SETTINGS, relay_of
    )
    assert [(r.company, r.round, r.days) for r in report.replies] == [
        ("Acme", 1, 3),
        ("Acme", 2, 8),
        ("Acme", 3, None),
        ("Globex", 1, 1),
    ]
    assert report.first_reply_median == 3
    assert report.by_company == {"Acme": 5.5, "Globex": 1}
    # The relay of a process is the first that answered in it, whichever round.
    assert report.by_ats == {DIRECT: 1, "Greenhouse": 5.5}
    assert report.by_format == {"onsite": None, "panel": 8, "phone": 2}
    figures = report_json(report)["first_reply_days"]
    assert (figures["rounds"], figures["answered"]) == (4, 3)
    assert figures["by_company"] == {"Acme": 5.5, "Globex": 1}
    assert figures["distribution"][1] == {
        "interview": 1,
        "company": "Acme",
        "ats": "Greenhouse",
        "format": "panel",
        "round": 2,
        "interview_at": "2026-11-12T10:00:00-05:00",
        "first_reply_at": "2026-11-20T09:00:00-05:00",
        "days": 8,
    }


def test_no_answer_gives_no_median() -> None:
    events = (
        reply(ny(11, 24, 16), ReplyKind.AUTO_REPLY),
        reply(ny(11, 25), ReplyKind.ACKNOWLEDGEMENT),
    )
    report = build([Timeline(INTERVIEW, events)], NOW, SETTINGS)
    assert report.first_reply_median is None
    assert report.by_company == {"Acme": None}
    assert report_json(report)["first_reply_days"]["median"] is None


def test_a_round_still_ahead_or_cancelled_waits_for_nothing() -> None:
    ahead = process(1, "Acme", Round(ny(11, 2, 10)), Round(ny(12, 28, 10)))
    events = events_of(1, reply(ny(11, 4, 9), ReplyKind.NEXT_STEP))
    cancelled = replace(
        process(2, "Globex", Round(ny(11, 3, 10)), Round(ny(12, 10, 10))), cancelled_at=ny(12, 9)
    )
    report = build(
        [Timeline(ahead, events), Timeline(cancelled, events_of(2, *events))], NOW, SETTINGS
    )
    assert [(r.interview_id, r.round) for r in report.replies] == [(1, 1), (2, 1)]
    assert [(s.round, s.reached, s.further) for s in report.funnel] == [(1, 2, 0)]
    marks = {p.interview_id: p.marks for p in report.processes}
    assert [m.done for m in marks[1] if m.kind == "round"] == [True, False]
    assert [m.label for m in marks[2] if m.kind == "round"][-1] == "round 2 (video), cancelled"


# --------------------------------------------------------------------------- follow-ups


def test_follow_ups_sent_and_answered_and_how_long_after() -> None:
    events = (
        sent(ny(12, 2), ActionKind.THANK_YOU),  # no follow-up
        sent(ny(12, 3), ActionKind.FOLLOW_UP),
        reply(ny(12, 4, 8), ReplyKind.AUTO_REPLY),  # no answer
        reply(ny(12, 7, 11), ReplyKind.UPDATE),  # answers it, 4 days later
        sent(ny(12, 14), ActionKind.FOLLOW_UP),  # unanswered
    )
    report = build([Timeline(INTERVIEW, events)], NOW, SETTINGS)
    assert [(f.sent_at, f.days) for f in report.follow_ups] == [(ny(12, 3), 4), (ny(12, 14), None)]
    assert report_json(report)["follow_ups"] == {
        "sent": 2,
        "answered": 1,
        "median_answer_days": 4,
        "answer_days": [4],
    }


# --------------------------------------------------------------------------- outcomes


def test_the_funnel_counts_the_rounds_reached_and_where_the_others_stopped() -> None:
    one = process(1, "Acme", Round(ny(10, 1, 10)))
    two = process(2, "Globex", Round(ny(10, 2, 10)), Round(ny(10, 20, 10)))
    three = process(3, "Initech", Round(ny(10, 5, 10)), Round(ny(10, 15, 10)), Round(ny(11, 2, 10)))
    scheduled = process(4, "Hooli", Round(ny(12, 28, 10)))  # no round took place yet
    timelines = [
        Timeline(one, events_of(1, reply(ny(10, 3), ReplyKind.REJECTION))),
        Timeline(two),
        Timeline(three, events_of(3, reply(ny(11, 9), ReplyKind.OFFER))),
        Timeline(scheduled),
    ]
    report = build(timelines, NOW, SETTINGS)
    assert [(s.round, s.reached, s.further, dict(s.stopped)) for s in report.funnel] == [
        (1, 3, 2, {Status.REJECTED: 1}),
        (2, 2, 1, {Status.AWAITING_REPLY: 1}),
        (3, 1, 0, {Status.OFFER: 1}),
    ]
    assert report.pipeline[Status.SCHEDULED] == 1
    assert sum(report.pipeline.values()) == 4
    assert report_json(report)["funnel"][0] == {
        "round": 1,
        "reached": 3,
        "further": 2,
        "stopped": {"rejected": 1},
    }


def test_ghosted_counts_the_days_from_the_last_sign_of_life_to_the_close() -> None:
    ghosted = process(1, "Acme", outcome=Outcome.GHOSTED, closed_at=ny(12, 24))
    after_update = process(
        2, "Globex", Round(ny(11, 2, 10)), outcome=Outcome.GHOSTED, closed_at=ny(12, 12)
    )
    rejected = process(3, "Initech", outcome=Outcome.REJECTED, closed_at=ny(12, 1))
    timelines = [
        Timeline(ghosted, events_of(1, sent(ny(12, 2), ActionKind.FOLLOW_UP))),
        Timeline(after_update, events_of(2, reply(ny(11, 22, 9), ReplyKind.UPDATE))),
        Timeline(rejected),
    ]
    report = build(timelines, ny(12, 30), SETTINGS)
    # From the interview (Tue 24 Nov) to the close; from the update (22 Nov) to the close.
    assert [(g.interview_id, g.days) for g in report.ghostings] == [(1, 30), (2, 20)]
    figures = report_json(report)
    assert figures["ghosted"] == 2
    assert figures["ghosted_after_days"] == {"median": 25, "days": [30, 20]}
    assert figures["pipeline"]["ghosted"] == 2
    assert figures["pipeline"]["rejected"] == 1


# --------------------------------------------------------------------------- due, filters


def test_due_this_week_takes_what_is_late_and_the_next_seven_days() -> None:
    # The follow-up is due Wed 2 Dec 09:00 (5 business days, Thanksgiving skipped), late from
    # Fri 4 Dec; move-on on Wed 9 Dec.
    timeline = Timeline(INTERVIEW, (sent(ny(11, 24, 18), ActionKind.THANK_YOU),))
    before = build([timeline], ny(11, 25, 8, 59), SETTINGS)
    assert [d.action.kind for d in before.due] == []
    week = build([timeline], ny(11, 25, 9), SETTINGS)
    assert [(d.action.kind, d.company) for d in week.due] == [(ActionKind.FOLLOW_UP, "Acme")]
    late = build([timeline], ny(12, 7), SETTINGS)
    kinds = [d.action.kind for d in late.due]
    assert ActionKind.FOLLOW_UP in kinds and ActionKind.MOVE_ON in kinds
    [follow_up] = [d for d in report_json(late)["due_this_week"] if d["kind"] == "follow_up"]
    assert follow_up["late"] is True and follow_up["due"] == "2026-12-02T09:00:00-05:00"


@pytest.mark.parametrize(
    ("company", "wanted", "expected"),
    [
        ("Acme Robotics", "acme", True),
        ("Acme Robotics", "ROBOTICS", True),
        ("Acme Robotics", "acme robotics", True),
        ("Acme Robotics", "acm", False),
        ("Acme Robotics", "robotics acme", False),
        ("Société Générale", "societe", True),
        ("Fish & Chips <Labs>", "fish", True),
        ("Acme", "", False),
    ],
)
def test_a_company_is_named_by_words_of_its_name(company: str, wanted: str, expected: bool) -> None:
    assert company_matches(company, wanted) is expected


def test_the_filters_keep_or_drop_whole_processes() -> None:
    early = process(1, "Acme Robotics", Round(ny(9, 2, 10)), Round(ny(10, 1, 10)))
    late = process(2, "Globex", Round(ny(10, 30, 10)))
    other = process(3, "Acme Foods", Round(ny(11, 10, 10)))
    timelines = [Timeline(early), Timeline(late), Timeline(other)]

    def ids(kept: list[Timeline]) -> list[int]:
        return [t.interview.id for t in kept]

    assert ids(select(timelines, SETTINGS, since=date(2026, 10, 1))) == [1, 2, 3]
    assert ids(select(timelines, SETTINGS, since=date(2026, 10, 2))) == [2, 3]
    assert ids(select(timelines, SETTINGS, company="acme")) == [1, 3]
    assert ids(select(timelines, SETTINGS, company="acme", since=date(2026, 11, 1))) == [3]
    report = build(timelines, NOW, SETTINGS, company="acme", since=date(2026, 10, 2))
    figures = report_json(report)
    assert (figures["processes"], figures["company"], figures["since"]) == (
        1,
        "acme",
        "2026-10-02",
    )
    assert [r.interview_id for r in report.replies] == [3]  # the earlier one's rounds are out


# --------------------------------------------------------------------------- timelines, page


def test_a_timeline_shows_rounds_messages_replies_and_the_silences() -> None:
    two_rounds = process(1, "Acme", Round(ny(11, 2, 10)), Round(ny(11, 12, 10)))
    events = events_of(
        1,
        sent(ny(11, 2, 18), ActionKind.THANK_YOU),
        reply(ny(11, 5, 9), ReplyKind.NEXT_STEP, ROBOT_MAIL),
        sent(ny(11, 19, 9), ActionKind.FOLLOW_UP),
        reply(ny(11, 27, 9), ReplyKind.REJECTION),
        sent(ny(11, 28, 9), ActionKind.GRACEFUL_CLOSE),
        reply(ny(12, 29, 9), ReplyKind.UPDATE),  # after now: not seen
    )
    report = build([Timeline(two_rounds, events)], NOW, SETTINGS)
    [line] = report.processes
    assert [(m.kind, m.reply_kind) for m in line.marks] == [
        ("round", None),
        ("thank_you", None),
        ("reply", ReplyKind.NEXT_STEP),
        ("round", None),
        ("follow_up", None),
        ("reply", ReplyKind.REJECTION),
        ("sent", None),
    ]
    hour = timedelta(hours=1)
    assert [(s.start, s.end, s.answered) for s in line.silences] == [
        (ny(11, 2, 10) + hour, ny(11, 5, 9), True),
        (ny(11, 12, 10) + hour, ny(11, 27, 9), True),
    ]
    unanswered = build([Timeline(INTERVIEW)], NOW, SETTINGS).processes[0].silences
    assert [(s.start, s.end, s.answered) for s in unanswered] == [(AT + hour, NOW, False)]


def test_the_page_escapes_what_the_user_typed_and_loads_nothing() -> None:
    odd = replace(INTERVIEW, company='Fish & Chips <Labs> "Ltd"', role="<script>x</script>")
    events = (reply(ny(11, 26), ReplyKind.NEXT_STEP, "Bob <b@x.example>"),)
    html = page(build([Timeline(odd, events)], NOW, SETTINGS))
    assert "Fish &amp; Chips &lt;Labs&gt; &quot;Ltd&quot;" in html
    assert "<script" not in html and "<Labs>" not in html
    assert "Bob &lt;b@x.example&gt;" in html  # the sender, in a mark's tooltip
    assert "http" not in html and "url(" not in html and "@import" not in html
    assert html.count('class="process"') == 1
    assert "@media print" in html and "prefers-color-scheme: dark" in html
