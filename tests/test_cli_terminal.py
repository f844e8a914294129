"""What a person sees in a terminal: colour where it helps, text fitted to the width at word
boundaries, late things said to be late, times relative as well as absolute, `plan` kept to a
screen.

The terminal tests run the installed ``watcher`` script as a child process whose standard
output is a real pseudo-terminal (``os.openpty``) with its window size set (TIOCSWINSZ), or a
pipe; the interviews are added through the command line first, in a config and store inside
tmp_path, and every command replays one fixed moment (``--now``): Sunday 6 December 2026,
20:00 in Paris.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.cliresult import home_env, run_cli
from watcher.cli.present import late_since, relative_time, scanned_line
from watcher.cli.term import Terminal, cells, table, wrap
from watcher.models import Action, ActionKind

PARIS = ZoneInfo("Europe/Paris")
NOW = "2026-12-06T20:00"  # a Sunday evening
ESCAPE = "\x1b["
SGR = re.compile(r"\x1b\[[0-9;]*m")

COMPANY = "Northwind Traders International"
ROLE = "Senior Data Engineer, Platform Reliability"

WATCHER = Path(sys.executable).parent / "watcher"


# --------------------------------------------------------------------------- relative times


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "now", "said"),
    [
        # Exactly now, and within the minute.
        ("2026-12-06T20:00", "2026-12-06T20:00", "now"),
        ("2026-12-06T20:00:59", "2026-12-06T20:00", "now"),
        ("2026-12-06T19:59:01", "2026-12-06T20:00", "now"),
        # Minutes and hours, singular and plural.
        ("2026-12-06T20:01", "2026-12-06T20:00", "in 1 minute"),
        ("2026-12-06T20:25", "2026-12-06T20:00", "in 25 minutes"),
        ("2026-12-06T21:00", "2026-12-06T20:00", "in 1 hour"),
        ("2026-12-06T23:00", "2026-12-06T20:00", "in 3 hours"),
        ("2026-12-06T17:00", "2026-12-06T20:00", "3 hours ago"),
        ("2026-12-06T19:00", "2026-12-06T20:00", "1 hour ago"),
        ("2026-12-06T19:35", "2026-12-06T20:00", "25 minutes ago"),
        # The same day counts hours however far; the nearest hour.
        ("2026-12-06T23:00", "2026-12-06T00:30", "in 23 hours"),
        ("2026-12-06T14:40", "2026-12-06T09:00", "in 6 hours"),
        # Midnight: under 12 hours it stays hours; beyond, days of the calendar.
        ("2026-12-07T00:15", "2026-12-06T23:30", "in 45 minutes"),
        ("2026-12-07T09:00", "2026-12-06T22:00", "in 11 hours"),
        ("2026-12-07T09:00", "2026-12-06T20:00", "tomorrow"),
        ("2026-12-07T23:59", "2026-12-06T00:01", "tomorrow"),
        ("2026-12-08T00:00", "2026-12-06T20:00", "in 2 days"),
        ("2026-12-05T09:00", "2026-12-06T20:00", "yesterday"),
        ("2026-12-05T09:00", "2026-12-07T00:30", "2 days ago"),
        ("2026-12-13T09:00", "2026-12-06T20:00", "in 7 days"),
        # A change of the clocks: hours are lived hours, days are the calendar's.
        ("2026-03-29T09:00", "2026-03-28T22:00", "in 10 hours"),  # 02:00 became 03:00
        ("2026-10-25T08:00", "2026-10-24T23:00", "in 10 hours"),  # 03:00 became 02:00
        ("2026-03-30T09:00", "2026-03-28T12:00", "in 2 days"),
        ("2026-10-26T00:00", "2026-10-24T23:00", "in 2 days"),
    ],
)
def test_relative_time(moment: str, now: str, said: str) -> None:
    assert relative_time(paris(moment), paris(now), PARIS) == said


@pytest.mark.parametrize(
    ("deadline", "now", "said"),
    [
        ("2026-12-05T09:00", "2026-12-06T20:00", "1 day late"),  # the Sunday evening
        ("2026-12-04T09:00", "2026-12-06T20:00", "2 days late"),
        ("2026-12-05T23:00", "2026-12-06T00:30", "2 hours late"),  # 1.5 hours: the nearest
        ("2026-12-06T19:00", "2026-12-06T20:00", "1 hour late"),
        ("2026-12-06T19:59", "2026-12-06T20:00", "1 minute late"),
        ("2026-12-06T20:00", "2026-12-06T20:00", "now"),
        ("2026-12-07T09:00", "2026-12-06T20:00", "tomorrow"),  # not late yet
    ],
)
def test_relative_time_of_a_deadline(deadline: str, now: str, said: str) -> None:
    assert relative_time(paris(deadline), paris(now), PARIS, late=True) == said


def test_relative_time_counts_the_days_of_the_zone_given() -> None:
    moment = datetime(2026, 12, 5, 23, 30, tzinfo=UTC)  # Sunday 00:30 in Paris
    now = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)  # Sunday 21:00 in Paris
    assert relative_time(moment, now, PARIS) == "21 hours ago"  # the same day there
    assert relative_time(moment, now, UTC) == "yesterday"


def action(due: str, deadline: str | None = None) -> Action:
    return Action(
        interview_id=1,
        kind=ActionKind.THANK_YOU,
        due=paris(due),
        to=(),
        reason="",
        key="1:thank_you",
        deadline=None if deadline is None else paris(deadline),
    )


def test_late_since_is_the_deadline_once_it_passed() -> None:
    now = paris("2026-12-06T20:00")
    thanks = action("2026-12-04T15:00", deadline="2026-12-05T14:00")
    assert late_since(thanks, now, PARIS) == paris("2026-12-05T14:00")
    # Due days ago, but its deadline is still ahead: due, not late.
    follow_up = action("2026-12-01T09:00", deadline="2026-12-08T09:00")
    assert late_since(follow_up, now, PARIS) is None


def test_without_a_deadline_late_means_due_on_an_earlier_day() -> None:
    now = paris("2026-12-06T20:00")
    assert late_since(action("2026-12-05T23:59"), now, PARIS) == paris("2026-12-05T23:59")
    assert late_since(action("2026-12-06T00:00"), now, PARIS) is None
    assert late_since(action("2026-12-06T19:00"), now, PARIS) is None


# --------------------------------------------------------------------------- text fitted


def test_wrap_breaks_between_words_and_keeps_a_long_word_whole() -> None:
    assert wrap("value their time", 11) == ["value their", "time"]
    assert wrap("a https://example.com/a/long/path b", 10, "  ", "    ") == [
        "  a",
        "    https://example.com/a/long/path",
        "    b",
    ]
    # The spaces between words on one line stay (a date keeps its padding).
    assert wrap("Sat  5 Dec 09:00  #1 Acme", 80) == ["Sat  5 Dec 09:00  #1 Acme"]
    assert wrap("", 80, "  ") == ["  "]


def test_wide_characters_take_two_columns() -> None:
    assert cells("東京") == 4
    assert cells("Café") == 4
    assert cells("Cafe\u0301") == 4  # a combining accent takes none
    assert wrap("東京 大阪 名古屋", 10) == ["東京 大阪", "名古屋"]


def test_a_table_wraps_its_free_text_inside_the_column_and_cuts_only_what_cannot_fit() -> None:
    rows = [["ID", "COMPANY", "NEXT"], ["1", "Northwind Traders International", "thank-you"]]
    assert table(rows) == [
        "ID  COMPANY                          NEXT",
        "1   Northwind Traders International  thank-you",
    ]
    fitted = table(rows, 40, flexible=(1, 2))
    assert fitted == [
        "ID  COMPANY                    NEXT",
        "1   Northwind Traders          thank-you",
        "    International",
    ]
    assert max(len(line) for line in fitted) <= 40
    # Narrower than its longest words: only then is a word cut.
    cut = table(rows, 24, flexible=(1, 2))
    assert cut == [
        "ID  COMPANY    NEXT",
        "1   Northwind  thank-you",
        "    Traders",
        "    Internati",
        "    onal",
    ]


def test_a_table_paints_the_text_not_the_padding() -> None:
    rows = [["A", "B"], ["late", "x"]]
    painted = table(rows, styles=[["", ""], ["late", ""]], paint=Terminal(color=True))
    assert painted[1] == "\x1b[1;31mlate\x1b[0m  x"
    assert table(rows, styles=[["", ""], ["late", ""]], paint=Terminal()) == table(rows)


# --------------------------------------------------------------------------- a real terminal


@dataclass
class Watcher:
    """A config and a store in tmp_path, and ways to run the real ``watcher`` on them."""

    config: Path
    env: dict[str, str]

    def setup(self, *args: str) -> Any:
        """Run ``watcher ARGS --json`` in this process (to add the interviews)."""
        result = run_cli(["--config", str(self.config), *args, "--json"], self.env)
        assert result.code == 0, result
        return result.json()

    def tty(
        self, *args: str, columns: int = 80, lines: int = 24, env: dict[str, str] | None = None
    ) -> str:
        """Run ``watcher ARGS`` with its standard output on a terminal of that size; return
        what the terminal received."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        try:
            child = subprocess.Popen(
                [str(WATCHER), "--config", str(self.config), *args],
                stdin=subprocess.DEVNULL,
                stdout=slave,
                stderr=subprocess.PIPE,
                env={**self.env, "TERM": "xterm-256color", **(env or {})},
            )
        finally:
            os.close(slave)
        received = bytearray()
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 1)
                if not ready:
                    if child.poll() is not None:
                        break
                    continue
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                received += chunk
        finally:
            os.close(master)
        assert child.wait(timeout=60) == 0, child.stderr.read() if child.stderr else ""
        assert child.stderr is not None
        assert child.stderr.read() == b""
        child.stderr.close()
        # The terminal's line discipline turns "\n" into "\r\n" (onlcr).
        return received.decode("utf-8").replace("\r\n", "\n")

    def pipe(self, *args: str, env: dict[str, str] | None = None) -> str:
        """Run ``watcher ARGS`` with its standard output on a pipe; return what it wrote."""
        done = subprocess.run(
            [str(WATCHER), "--config", str(self.config), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={**self.env, "TERM": "xterm-256color", **(env or {})},
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, b""), done
        return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def watcher(tmp_path_factory: pytest.TempPathFactory) -> Watcher:
    """Twelve interviews in Paris: one whose thank-yous are a day late, one whose thank-you
    is due now, ten to come (with their thank-yous, follow-ups and moves on)."""
    if not WATCHER.exists():
        pytest.fail(f"{WATCHER} is missing: install watcher in this venv (scripts/setup-env)")
    root = tmp_path_factory.mktemp("terminal")
    config = root / "config.toml"
    config.write_text(
        f'[store]\npath = "{root / "watcher.db"}"\n\n[user]\nname = "Alex Example"\n\n'
        '[policy]\ntimezone = "Europe/Paris"\n',
        encoding="utf-8",
    )
    # watcher on the PATH, as installed (its hints then say plain `watcher`).
    path = f"{WATCHER.parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
    made = Watcher(config, home_env(root / "home", TZ="Europe/Paris", LANG="C.UTF-8", PATH=path))
    made.setup(
        "track",
        "add",
        "--company",
        COMPANY,
        "--role",
        ROLE,
        "--at",
        "2026-12-04T14:00",
        "--interviewer",
        "Dana Reyes <dana@northwind.example>",
        "--interviewer",
        "Sam Lee <sam@northwind.example>",
        "--contact",
        "Rita Recruiter <rita@northwind.example>",
        "--now",
        "2026-12-01T09:00",
    )
    made.setup(
        "track",
        "add",
        "--company",
        "Acme",
        "--role",
        "SRE",
        "--at",
        "2026-12-06T10:00",
        "--interviewer",
        "Pat Doe <pat@acme.example>",
        "--now",
        "2026-12-01T09:00",
    )
    for day in range(10):
        made.setup(
            "track",
            "add",
            "--company",
            f"Company {day}",
            "--role",
            "Backend Developer",
            "--at",
            f"2026-12-{10 + day}T10:00",
            "--interviewer",
            f"Person {day} <person{day}@company{day}.example>",
            "--now",
            "2026-12-01T09:00",
        )
    return made


def plain(text: str) -> str:
    return SGR.sub("", text)


def widest(text: str) -> int:
    return max(cells(line) for line in plain(text).splitlines())


def words(text: str) -> set[str]:
    return set(plain(text).split())


def planned(watcher: Watcher) -> list[dict[str, Any]]:
    return list(watcher.setup("plan", "--now", NOW))


def test_a_terminal_gets_colour(watcher: Watcher) -> None:
    shown = watcher.tty("plan", "--now", NOW)
    assert ESCAPE in shown
    assert "\x1b[1;31mLate:\x1b[0m" in shown
    assert "\x1b[1;31mSat  5 Dec 14:00 (1 day late)\x1b[0m" in shown
    assert ESCAPE in watcher.tty("track", "list", "--now", NOW)
    assert ESCAPE in watcher.tty("track", "show", "1", "--now", NOW)
    # An empty NO_COLOR asks for nothing (https://no-color.org).
    assert ESCAPE in watcher.tty("plan", "--now", NOW, env={"NO_COLOR": ""})


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--color", "never"), {}),
        ((), {"NO_COLOR": "1"}),
        ((), {"TERM": "dumb"}),
    ],
)
def test_no_colour_when_asked_or_the_terminal_is_dumb(
    watcher: Watcher, args: tuple[str, ...], env: dict[str, str]
) -> None:
    for command in (("plan",), ("track", "list"), ("track", "show", "1")):
        shown = watcher.tty(*command, "--now", NOW, *args, env=env)
        assert ESCAPE not in shown, (command, shown)
        assert "Late:" in shown or "late" in shown


def test_a_pipe_gets_no_colour_unless_always(watcher: Watcher) -> None:
    assert ESCAPE not in watcher.pipe("plan", "--now", NOW)
    assert ESCAPE not in watcher.pipe("track", "list", "--now", NOW)
    assert ESCAPE in watcher.pipe("plan", "--now", NOW, "--color", "always")
    assert ESCAPE in watcher.pipe("--color", "always", "track", "list", "--now", NOW)
    # JSON is never coloured.
    raw = watcher.pipe("plan", "--json", "--now", NOW, "--color", "always")
    assert ESCAPE not in raw
    assert json.loads(raw)


@pytest.mark.parametrize(("columns", "lines"), [(80, 24), (120, 40)])
def test_text_fits_the_width_and_no_word_is_cut(watcher: Watcher, columns: int, lines: int) -> None:
    actions = planned(watcher)
    reasons = {word for a in actions for word in a["reason"].split()}
    everything = watcher.tty("plan", "--all", "--now", NOW, columns=columns, lines=lines)
    assert widest(everything) <= columns
    assert reasons <= words(everything), reasons - words(everything)

    listed = watcher.tty("track", "list", "--now", NOW, columns=columns, lines=lines)
    assert widest(listed) <= columns
    assert set(f"{COMPANY} {ROLE}".split()) <= words(listed)
    # The NEXT column wraps inside itself: its words are whole too.
    assert {"thank-you", "(1", "day", "late)"} <= words(listed)

    shown = watcher.tty("track", "show", "1", "--now", NOW, columns=columns, lines=lines)
    assert widest(shown) <= columns
    ours = {word for a in actions if a["interview"] == 1 for word in a["reason"].split()}
    assert ours <= words(shown)


def test_the_width_of_a_pipe_is_columns_else_80(watcher: Watcher) -> None:
    assert widest(watcher.pipe("plan", "--now", NOW)) <= 80
    wide = watcher.pipe("plan", "--now", NOW, env={"COLUMNS": "200"})
    assert widest(wide) > 120
    assert widest(wide) <= 200


def test_at_80_columns_a_table_row_wraps_inside_its_cells(watcher: Watcher) -> None:
    listed = plain(watcher.tty("track", "list", "--now", NOW, columns=80))
    head, *rows = listed.splitlines()
    company, role, nxt = head.index("COMPANY"), head.index("ROLE"), head.index("NEXT")
    # Each continuation line starts its text under its column's heading.
    first = next(i for i, line in enumerate(rows) if line.startswith("1 "))
    assert rows[first][company:].startswith("Northwind")
    follow = rows[first + 1]
    assert follow[:company].strip() == ""
    assert follow[company:role].strip() in ("Traders", "International", "Traders International")
    assert "late" in " ".join(line[nxt:] for line in rows[first : first + 4])


def test_late_things_say_how_late(watcher: Watcher) -> None:
    shown = plain(watcher.tty("plan", "--now", NOW, columns=120, lines=40))
    late, due = shown.index("Late:\n"), shown.index("Due now:\n")
    assert late < due < shown.index("Coming:\n")
    block = shown[late:due]
    assert block.count("(1 day late)") == 2  # the thank-yous of Dana and Sam
    assert "Sat  5 Dec 14:00 (1 day late)  #1 Northwind" in block
    # Acme's thank-you is due (since 11:00), its deadline Monday: due now, not late.
    assert "Sun  6 Dec 11:00 (9 hours ago)  #2 Acme (SRE): thank-you" in shown[due:]
    listed = plain(watcher.tty("track", "list", "--now", NOW, columns=120, lines=40))
    head, *rows = listed.splitlines()
    first = next(i for i, line in enumerate(rows) if line.startswith("1 "))
    cell = [rows[first][head.index("NEXT") :]]
    following = itertools.takewhile(lambda line: line[:2] == "  ", rows[first + 1 :])
    cell += [line[head.index("NEXT") :] for line in following]
    assert " ".join(" ".join(cell).split()) == "thank-you Sat 5 Dec 14:00 (1 day late)"
    assert "(in 4 days)" in listed  # Company 0 on Thursday 10 December


def test_plan_keeps_to_a_screen_and_counts_what_it_hides(watcher: Watcher) -> None:
    actions = planned(watcher)
    coming = [a for a in actions if a["state"] == "coming"]
    shown = plain(watcher.tty("plan", "--now", NOW, columns=80, lines=24))
    lines = shown.splitlines()
    assert len(lines) <= 23, shown  # and the prompt's line
    # What is late or due is all there.
    assert "Late:" in shown and "Due now:" in shown
    assert shown.count("#1 Northwind") >= 2 and "#2 Acme (SRE): thank-you" in shown
    [more] = [line for line in lines if "more coming" in line]
    hidden = int(more.split()[1])
    heads = [line for line in lines if re.match(r"  \w{3} [ \d]\d \w{3} \d\d:\d\d", line)]
    assert hidden == len(actions) - len(heads) > 0
    assert more == f"... {hidden} more coming (`watcher plan --all` shows everything)"
    assert len(coming) >= hidden

    everything = plain(watcher.tty("plan", "--all", "--now", NOW, columns=80, lines=24))
    assert "more coming" not in everything
    heads = [line for line in everything.splitlines() if re.match(r"  \w{3} [ \d]\d", line)]
    assert len(heads) == len(actions)
    # A taller terminal shows more of what is coming.
    taller = plain(watcher.tty("plan", "--now", NOW, columns=80, lines=40))
    assert len(taller.splitlines()) > len(lines)
    assert len(taller.splitlines()) <= 39


def test_a_pipe_gets_everything(watcher: Watcher) -> None:
    piped = watcher.pipe("plan", "--now", NOW)
    assert "more coming" not in piped
    assert plain(watcher.tty("plan", "--all", "--now", NOW, columns=80)) == piped
    assert "--all" in watcher.pipe("plan", "--help")
    assert "piped" in " ".join(watcher.pipe("plan", "--help").split())


def test_the_zone_is_named_when_the_machine_keeps_another(watcher: Watcher) -> None:
    at_home = plain(watcher.tty("plan", "--now", NOW, columns=120, lines=40))
    assert " CET" not in at_home
    away = {"TZ": "America/New_York"}
    travelling = plain(watcher.tty("plan", "--now", NOW, columns=120, lines=40, env=away))
    assert "Sat  5 Dec 14:00 CET (1 day late)  #1 Northwind" in travelling
    listed = plain(watcher.tty("track", "list", "--now", NOW, columns=120, env=away))
    assert "Fri  4 Dec 14:00 CET" in listed
    # The same offset under another name is the same clock: nothing to say.
    berlin = plain(watcher.pipe("plan", "--now", NOW, env={"TZ": "Europe/Berlin"}))
    assert " CET" not in berlin


def test_relative_times_follow_the_moment_replayed(watcher: Watcher) -> None:
    sooner = plain(watcher.pipe("plan", "--now", "2026-12-05T13:00", env={"COLUMNS": "120"}))
    assert "Late:" not in sooner
    assert "Fri  4 Dec 15:00 (yesterday)  #1 Northwind" in sooner
    assert "Sun  6 Dec 11:00 (tomorrow)  #2 Acme (SRE): thank-you" in sooner


# --------------------------------------------------------------------------- the README


def readme_blocks() -> list[str]:
    """The two output blocks of the README's "What `plan` and `track list` show"."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("### What `plan` and `track list` show\n", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```text\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_shows_plan_and_track_list_as_they_are(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[store]\npath = "{tmp_path / "watcher.db"}"\n\n[user]\nname = "Alex Kim"\n\n'
        '[policy]\ntimezone = "America/New_York"\nholidays = "US"\n',
        encoding="utf-8",
    )
    env = home_env(tmp_path / "home", TZ="America/New_York", COLUMNS="80")

    def run(*args: str) -> str:
        result = run_cli(["--config", str(config), *args], env)
        assert result.code == 0, result
        return result.out

    # The README's own example (`Using it`), then the thank-you to Gina sent.
    run(
        "track", "add", "--company", "Northwind", "--role", "Data Engineer",
        "--at", "2026-11-24T14:00", "--interviewer", "Dana Reyes <dana@northwind.example>",
        "--contact", "Rita Recruiter <rita@northwind.example>", "--domain", "northwind.example",
        "--topic", "the ingestion pipeline", "--expect", "1 week", "--now", "2026-11-20T09:00",
    )  # fmt: skip
    run(
        "track", "add", "--company", "Globex", "--role", "Backend Developer",
        "--at", "2026-11-25T10:00", "--format", "panel", "--interest", "top", "--language", "fr",
        "--interviewer", "Gina Moreau <gina@globex.example>",
        "--interviewer", "Hank Scorpio <hank@globex.example>",
        "--interviewer", "Ivo Petit <ivo@globex.example>",
        "--topic-for", "gina@globex.example", "the billing API",
        "--topic-for", "hank@globex.example", "on-call",
        "--topic-for", "ivo@globex.example", "the team's roadmap",
        "--now", "2026-11-20T09:00",
    )  # fmt: skip
    run("track", "sent", "2", "--kind", "thank_you", "--to", "gina@globex.example",
        "--now", "2026-11-25T16:00")  # fmt: skip
    plan, listed = readme_blocks()
    assert run("plan", "--now", "2026-11-26T09:00") == plan
    assert run("track", "list", "--now", "2026-11-26T09:00") == listed


def test_a_table_spends_its_lines_where_they_are_fewest() -> None:
    # One long row and many short ones, 80 columns: the long row takes the lines (its company
    # and role wrap), and the others stay as short as the NEXT column lets them (2 lines), the
    # dates and statuses wrapping rather than every NEXT taking 3.
    head = ["ID", "COMPANY", "ROLE", "INTERVIEW", "STATUS", "NEXT"]
    long = ["1", "Globex Corporation International", "Senior Staff Platform Reliability Engineer"]
    rows = [head, [*long, "Thu  3 Dec 14:00", "awaiting reply", "follow-up Fri 11 Dec 09:00"]]
    for n in range(2, 12):
        rows.append([str(n), f"Co{n}", "Eng", f"Fri {n:2d} Dec 10:00", "scheduled", NEXT_CELL])
    lines = table(rows, 80, flexible=(1, 2, 5))
    assert max(len(line) for line in lines) <= 80
    starts = [i for i, line in enumerate(lines) if line[:1].isdigit()]
    depths = [b - a for a, b in itertools.pairwise([*starts, len(lines)])]
    assert depths[0] >= 3  # the long row
    assert depths[1:] == [2] * 10, lines


NEXT_CELL = "thank-you Sat 12 Dec 11:00 (in 6 days)"


def test_the_words_a_table_measures_are_the_words_wrap_breaks_between() -> None:
    import random
    import re

    from watcher.cli import term

    runs = re.compile(r"(\s*)(\S+)")  # a word and the white space before it

    def expected(text: str) -> tuple[tuple[int, int], ...]:
        # The spaces before each word, a run of other white space counting as one (as wrap
        # reads it), and the word's width.
        return tuple(
            (len(m[1]) if m[1].strip(" ") == "" else 1, term.cells(m[2]))
            for m in runs.finditer(text)
        )

    chance = random.Random(20261207)  # fixed seed: the same texts every run
    pieces = [" ", " ", "a", "bc", "漢字", "é", "e\u0301", "\t", "\n", "\u00a0", "\u2003", "x"]
    for _ in range(5000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 12)))
        assert term._tokens(text) == expected(text), repr(text)


def test_wrapping_single_spaced_words_takes_the_same_lines_either_way() -> None:
    import random

    from watcher.cli import term

    chance = random.Random(20261207)  # fixed seed: the same texts every run
    words = ["a", "to", "the", "reply", "follow-up", "(by", "Tue", "8", "Dec),", "interviews"]
    for _ in range(5000):
        text = " ".join(chance.choice(words) for _ in range(chance.randint(1, 30)))
        text += " " * chance.randint(0, 2)
        width = chance.randint(8, 90)
        indent = " " * chance.randint(0, 6)
        hanging = " " * chance.randint(0, 6)
        if len(indent) + len(text.rstrip(" ")) <= width:
            continue  # one line as it is, before either way
        for cut_long in (False, True):
            fast = term.wrap(text, width, indent, hanging, cut_long=cut_long)
            general = term._wrap(text, width, indent, hanging, ascii=True, cut_long=cut_long)
            assert fast == general, (text, width, indent, hanging)


def test_the_check_counts_its_messages_in_words_that_agree() -> None:
    assert scanned_line(1, 1) == "Scanned 1 new message; 1 concerns your interviews."
    assert scanned_line(5, 0) == "Scanned 5 new messages; 0 concern your interviews."
    assert scanned_line(0, 0) == "Scanned 0 new messages; 0 concern your interviews."
