"""watcher.history: the rounds of a process, the employer's first answer after each, and the
follow-ups that got one (synthetic timelines)."""

from __future__ import annotations

from tests.test_policy import AT, INTERVIEW, RITA_MAIL, ROBOT_MAIL, ny, reply, sent
from watcher.history import follow_ups, waits
from watcher.models import (
    ActionKind,
    Event,
    EventKind,
    Format,
    Interview,
    ReplyKind,
    Round,
    Timeline,
)
from watcher.record import replace


def relay_of(sender: str) -> str | None:
    return "Greenhouse" if "greenhouse-mail.io" in sender else None


def test_the_first_answer_after_a_round_is_the_first_reply_that_counts() -> None:
    events = (
        reply(ny(11, 24, 16), ReplyKind.ACKNOWLEDGEMENT, ROBOT_MAIL),  # no answer
        reply(ny(11, 25, 9), ReplyKind.AUTO_REPLY, RITA_MAIL),  # no answer either
        reply(ny(11, 30, 10), ReplyKind.UPDATE, RITA_MAIL),
        reply(ny(12, 2, 10), ReplyKind.REJECTION, ROBOT_MAIL),
    )
    [wait] = waits(Timeline(INTERVIEW, events), ny(12, 10), relay_of)
    assert wait.answer is not None and wait.answer.at == ny(11, 30, 10)
    assert (wait.round_at, wait.format, wait.latest) == (AT, Format.VIDEO, True)
    assert wait.relay == "Greenhouse"  # the relay answered in this process, if not first
    # Nothing is seen after now: no answer yet, and no relay either.
    [early] = waits(Timeline(INTERVIEW, events), ny(11, 27), relay_of)
    assert (early.answer, early.relay) == (None, None)


def test_each_round_has_its_own_answer() -> None:
    first, second, third = ny(11, 10, 10), ny(11, 20, 10), ny(12, 20, 10)
    process = INTERVIEW.with_rounds(
        (Round(first), Round(second, Format.PANEL), Round(third, Format.ONSITE))
    )
    events = (
        reply(ny(11, 13, 9), ReplyKind.NEXT_STEP),  # after the first round
        reply(ny(11, 27, 9), ReplyKind.UPDATE),  # after the second
        reply(ny(12, 1, 9), ReplyKind.NEXT_STEP),  # the second's too, but not its first
    )
    found = waits(Timeline(process, events), ny(12, 5))
    # The third round is still ahead: not listed, and the second is not the latest.
    assert [(w.round_at, w.format, w.latest) for w in found] == [
        (first, Format.VIDEO, False),
        (second, Format.PANEL, False),
    ]
    assert [w.answer.at if w.answer else None for w in found] == [ny(11, 13, 9), ny(11, 27, 9)]
    assert [w.relay for w in found] == [None, None]
    later = waits(Timeline(process, events), ny(12, 28))
    assert [w.latest for w in later] == [False, False, True]
    assert later[-1].answer is None


def test_a_reply_before_the_round_answers_nothing() -> None:
    events = (reply(ny(11, 20, 9), ReplyKind.NEXT_STEP),)  # the invitation, before it
    [wait] = waits(Timeline(INTERVIEW, events), ny(12, 10))
    assert wait.answer is None


def test_a_follow_up_is_answered_by_the_first_reply_after_it_in_its_round() -> None:
    process = INTERVIEW.with_rounds((Round(AT), Round(ny(12, 14, 10))))
    events = (
        sent(ny(12, 1), ActionKind.FOLLOW_UP, "rita@acme.example"),
        reply(ny(12, 1, 8), ReplyKind.UPDATE),  # before it: not its answer
        reply(ny(12, 2, 15), ReplyKind.AUTO_REPLY),  # no answer
        reply(ny(12, 3, 11), ReplyKind.NEXT_STEP),
        sent(ny(12, 8), ActionKind.THANK_YOU, "rita@acme.example"),  # no follow-up
        sent(ny(12, 9), ActionKind.FOLLOW_UP, "rita@acme.example"),
        reply(ny(12, 15, 9), ReplyKind.OFFER),  # after the next round: that round's answer
        sent(ny(12, 16), ActionKind.FOLLOW_UP, "rita@acme.example"),
    )
    found = follow_ups(Timeline(process, events), ny(12, 20))
    assert [(f.sent.at, f.answer.at if f.answer else None) for f in found] == [
        (ny(12, 1), ny(12, 3, 11)),
        (ny(12, 9), None),
        (ny(12, 16), None),
    ]
    assert {f.company for f in found} == {"Acme"}


def test_only_what_happened_by_now_counts() -> None:
    events = (
        sent(ny(12, 1), ActionKind.FOLLOW_UP, "rita@acme.example"),
        Event(1, EventKind.REPLY, ny(12, 4), reply_kind=ReplyKind.REJECTION, sender=RITA_MAIL),
    )
    timeline = Timeline(INTERVIEW, events)
    [unanswered] = follow_ups(timeline, ny(12, 3))
    assert unanswered.answer is None
    [answered] = follow_ups(timeline, ny(12, 5))
    assert answered.answer is not None
    assert waits(timeline, ny(11, 20)) == []  # the interview is still ahead
    assert waits(Timeline(Interview(2, "Initech", "Dev", AT), ()), ny(12, 5))[0].interview_id == 2


def test_a_cancelled_latest_round_took_no_place() -> None:
    first, second = ny(11, 10, 10), ny(11, 24, 10)
    process = INTERVIEW.with_rounds((Round(first), Round(second)))
    cancelled = replace(process, cancelled_at=ny(11, 20, 9))
    events = (reply(ny(11, 13, 9), ReplyKind.NEXT_STEP),)
    assert [w.round_at for w in waits(Timeline(process, events), ny(12, 1))] == [first, second]
    [kept] = waits(Timeline(cancelled, events), ny(12, 1))
    assert (kept.round_at, kept.latest) == (first, False)
    # Not yet cancelled at that moment: it took place.
    assert len(waits(Timeline(replace(process, cancelled_at=ny(12, 5)), events), ny(12, 1))) == 2
