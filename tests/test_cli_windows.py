"""Windows learned from the user's history through ``cli.main`` (#12): `watcher plan` and
`watcher track show` with ``[policy] learn_windows`` on and off.

The history: five Initech processes this autumn, each a Monday at 10:00 in New York answered
(a rejection, recorded with `track heard`) 3, 4, 4, 5 and 6 business days later (Columbus Day,
Mon 12 Oct, skipped): a median of 4. The interview planned is Initech's of Tue 24 Nov 2026
14:00, the week of Thanksgiving: business days Wed 25 (1), Fri 27 (2), Mon 30 (3), Tue 1 Dec
(4), Wed 2 (5), Thu 3 (6), Fri 4 (7), Mon 7 (8), Tue 8 (9), Wed 9 (10), Thu 10 (11), Fri 11 (12).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.test_cli import CONFIG, Runner, only
from tests.test_cli import env as env  # the fixture
from tests.test_cli_start import HEAVY, everyday, loaded_among, run_fresh, tracked
from tests.test_policy import parentheses_ok

RITA = "Rita Recruiter <rita@initech.example>"
HISTORY = [  # (the interview, its answer)
    ("2026-09-14T10:00", "2026-09-17T11:00"),  # 3 business days
    ("2026-09-21T10:00", "2026-09-25T11:00"),  # 4
    ("2026-09-28T10:00", "2026-10-02T11:00"),  # 4
    ("2026-10-05T10:00", "2026-10-13T11:00"),  # 5, Columbus Day skipped
    ("2026-10-19T10:00", "2026-10-27T11:00"),  # 6
]
NOW = "2026-11-25T09:00"


def runner(
    tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str], extra: str
) -> Runner:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.replace('holidays = "US"\n', f'holidays = "US"\n{extra}'), "utf-8")
    return Runner(
        {**env, "TZ": "America/New_York", "COLUMNS": "300"},
        config,
        tmp_path / "state" / "watcher.db",
        capsys,
    )


def with_history(
    run: Runner,
    sender: str = RITA,
    company: str = "Initech",
    history: list[tuple[str, str]] = HISTORY,
) -> int:
    """Record the answered processes (those of ``company`` answered by ``sender``), then track
    the Initech interview planned; return its id."""
    for at, answer in history:
        past = run.add(
            "track",
            "add",
            "--company",
            company,
            "--role",
            "Data Engineer",
            "--at",
            at,
            "--contact",
            RITA,
            "--domain",
            "initech.example",
            now=at,
        )
        run.ok(
            "track",
            "heard",
            str(past),
            "--kind",
            "rejection",
            "--at",
            answer,
            "--from",
            sender,
            "--now",
            answer,
        )
    return run.add(
        "track",
        "add",
        "--company",
        "Initech",
        "--role",
        "Platform Engineer",
        "--at",
        "2026-11-24T14:00",
        "--contact",
        RITA,
        "--domain",
        "initech.example",
        now="2026-11-20T09:00",
    )


@pytest.fixture
def learning(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Runner:
    return runner(tmp_path, env, capsys, "learn_windows = true\n")


@pytest.fixture
def article(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> Runner:
    return runner(tmp_path, env, capsys, "learn_windows = false\n")


def test_plan_follows_up_when_the_companys_history_says(learning: Runner) -> None:
    planned = with_history(learning)
    actions = learning.plan(NOW)
    assert {a["interview"] for a in actions} == {planned}  # the past processes are over
    follow_up = only(actions, "follow_up")
    assert follow_up["due"].startswith("2026-12-03T09:00")  # day 6, not day 5
    assert follow_up["reason"] == (
        "Initech answered you in a median of 4 business days over 5 interviews, and nothing "
        "came 6 business days after this one: follow-up 1 of 2."
    )
    move_on = only(actions, "move_on")
    assert move_on["due"].startswith("2026-12-11T09:00")  # twice 6 business days
    assert "window of 6 business days, learned from Initech's answers:" in move_on["reason"]
    for action in actions:
        assert parentheses_ok(action["reason"]), action["reason"]
    text = learning.ok("plan", "--now", NOW).out
    assert (
        "Thu  3 Dec 09:00 (in 8 days)  #6 Initech (Platform Engineer): follow-up to Rita "
        "Recruiter <rita@initech.example>\n      Initech answered you in a median of 4 business "
        "days over 5 interviews, and nothing came 6 business days after this one: follow-up 1 "
        "of 2.\n"
    ) in text
    shown = learning.ok("track", "show", str(planned), "--now", NOW).out
    assert "Initech answered you in a median of 4 business days" in shown


def test_with_the_switch_off_the_plan_is_the_articles(article: Runner) -> None:
    with_history(article)
    follow_up = only(article.plan(NOW), "follow_up")
    assert follow_up["due"].startswith("2026-12-02T09:00")
    assert follow_up["reason"] == "No reply 5 business days after the interview: follow-up 1 of 2."


def test_the_relay_that_answered_is_learned_from_the_data_files(learning: Runner) -> None:
    """The five answers came through Greenhouse for another company (Globex), and the planned
    Initech process heard from Greenhouse too (an acknowledgement): Greenhouse's window."""
    greenhouse = "Globex <no-reply@us.greenhouse-mail.io>"
    planned = with_history(learning, greenhouse, company="Globex")
    learning.ok(
        "track",
        "heard",
        str(planned),
        "--kind",
        "acknowledgement",
        "--at",
        "2026-11-24T16:00",
        "--from",
        "Initech <no-reply@us.greenhouse-mail.io>",
        "--now",
        "2026-11-24T16:00",
    )
    follow_up = only(learning.plan(NOW), "follow_up")
    assert follow_up["due"].startswith("2026-12-03T09:00")
    assert follow_up["reason"].startswith(
        "Greenhouse companies answered you in a median of 4 business days over 5 interviews"
    )


def test_too_few_answers_keep_the_articles_window(learning: Runner) -> None:
    with_history(learning, history=HISTORY[:4])
    follow_up = only(learning.plan(NOW), "follow_up")
    assert follow_up["due"].startswith("2026-12-02T09:00")
    assert follow_up["reason"] == "No reply 5 business days after the interview: follow-up 1 of 2."


@pytest.mark.parametrize("on", [False, True])
def test_plan_loads_the_windows_only_when_they_are_learned(tmp_path: Path, on: bool) -> None:
    """The windows and the history they read cost `watcher plan` nothing with the switch off
    (its start is measured by bench/cli_start.py); on, they load, and still nothing heavy."""
    path, _env = tracked(tmp_path, f"learn_windows = {str(on).lower()}\n")
    results, loaded = run_fresh(everyday(path), tmp_path)
    assert [r["code"] for r in results] == [0, 0, 0], results
    learned = loaded_among(loaded, ("watcher.windows", "watcher.history"))
    assert learned == (["watcher.history", "watcher.windows"] if on else [])
    assert loaded_among(loaded, HEAVY) == []


def test_the_readme_shows_a_learned_window_as_plan_prints_it(learning: Runner) -> None:
    """The block under "Learned windows" in the README's rules: the plan of the Initech
    interview, thanked, the morning after, 80 columns wide."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rule = readme.split("- **Learned windows**", 1)[1]
    block = textwrap.dedent(re.findall(r"```text\n(.*?)  ```", rule, flags=re.DOTALL)[0])
    planned = with_history(learning)
    learning.ok("track", "sent", str(planned), "--kind", "thank_you", "--now", "2026-11-24T17:00")
    learning.env["COLUMNS"] = "80"
    assert learning.ok("plan", "--now", NOW).out == block
