"""`watcher report` through the command line, on the seeded store of tests/reportseed.py (30
synthetic processes over three months, as of Tue 1 Dec 2026 09:00 in Paris): the text at 80
columns and in a real 80x24 terminal, the JSON's figures, the HTML file, the filters, and bad
input refused with the fix."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.cliresult import Result, home_env, run_cli
from tests.reportseed import COMPANIES, NOW_TEXT, Seeded, seed
from tests.test_cli_terminal import Watcher
from watcher.cli.term import cells
from watcher.report import median

WATCHER = Path(sys.executable).parent / "watcher"
SGR = re.compile(r"\x1b\[[0-9;]*m")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return seed(tmp_path_factory.mktemp("seeded"))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return home_env(tmp_path_factory.mktemp("home"), TZ="Europe/Paris", COLUMNS="80")


def report(seeded: Seeded, env: dict[str, str], *args: str) -> Result:
    return run_cli(["--config", str(seeded.config), "report", "--now", NOW_TEXT, *args], env)


def figures(seeded: Seeded, env: dict[str, str], *args: str) -> Any:
    result = report(seeded, env, "--json", *args)
    assert (result.code, result.err) == (0, ""), result
    return result.json()


# --------------------------------------------------------------------------- JSON


def test_the_json_has_every_figure(seeded: Seeded, env: dict[str, str]) -> None:
    found = figures(seeded, env)
    assert found["processes"] == 30
    # The pipeline counts the statuses `track list --all` shows.
    listed = run_cli(
        ["--config", str(seeded.config), "track", "list", "--all", "--json", "--now", NOW_TEXT],
        env,
    ).json()
    statuses = Counter(item["status"] for item in listed)
    assert found["pipeline"] == {s: statuses.get(s, 0) for s in found["pipeline"]}
    assert set(found["pipeline"]) == {
        "scheduled",
        "awaiting_reply",
        "next_step",
        "offer",
        "rejected",
        "ghosted",
        "closed",
        "cancelled",
    }
    assert all(found["pipeline"][s] > 0 for s in found["pipeline"])  # every status seeded
    replies = found["first_reply_days"]
    days = [r["days"] for r in replies["distribution"]]
    assert replies["median"] == median([d for d in days if d is not None])
    assert replies["answered"] == len([d for d in days if d is not None]) > 20
    assert set(replies["by_company"]) == {r["company"] for r in replies["distribution"]}
    assert set(replies["by_ats"]) == {"direct", "Greenhouse", "Lever", "Workday", "Ashby"}
    acme = [r["days"] for r in replies["distribution"] if r["company"] == "Acme Robotics"]
    assert replies["by_company"]["Acme Robotics"] == median([d for d in acme if d is not None])
    follow_ups = found["follow_ups"]
    assert follow_ups["sent"] > follow_ups["answered"] > 0
    assert follow_ups["answered"] == len(follow_ups["answer_days"])
    assert found["ghosted"] == found["pipeline"]["ghosted"] == 5
    assert len(found["ghosted_after_days"]["days"]) == 5
    assert [stage["round"] for stage in found["funnel"]] == [1, 2, 3, 4]
    assert found["funnel"][0]["reached"] == sum(
        1 for r in replies["distribution"] if r["round"] == 1
    )
    assert len(found["timelines"]) == 30
    assert all(item["late"] is (item["due"] <= found["now"]) for item in found["due_this_week"])


def test_the_filters(seeded: Seeded, env: dict[str, str]) -> None:
    acme = figures(seeded, env, "--company", "ACME")
    assert (acme["processes"], acme["company"]) == (1, "ACME")
    assert list(acme["first_reply_days"]["by_company"]) == ["Acme Robotics"]
    recent = figures(seeded, env, "--since", "2026-11-15")
    assert 0 < recent["processes"] < 30
    assert recent["since"] == "2026-11-15"
    # Every process kept has a round on or after the day.
    for timeline in recent["timelines"]:
        rounds = [m["at"] for m in timeline["marks"] if m["kind"] == "round"]
        assert max(rounds) >= "2026-11-15", timeline
    assert figures(seeded, env, "--since", "2027-01-01")["processes"] == 0


# --------------------------------------------------------------------------- the terminal


def test_the_text_at_80_columns(seeded: Seeded, env: dict[str, str]) -> None:
    result = report(seeded, env)
    assert (result.code, result.err) == (0, ""), result
    lines = result.out.splitlines()
    assert max(cells(line) for line in lines) <= 80, result.out
    found = figures(seeded, env)
    assert lines[0] == "Pipeline of 30 processes, as of Tue  1 Dec 09:00"
    for status, count in found["pipeline"].items():
        [row] = [line for line in lines if line.startswith(f"  {status.replace('_', ' ')} ")]
        assert row.split()[-2:] == [str(count), "█" * count], row
    # Piped, the output has every action due this week.
    due = len(found["due_this_week"])
    assert f"Due this week ({due})" in lines
    start = lines.index(f"Due this week ({due})")
    assert all(
        re.match(r"  \w{3} +\d+ \w{3} \d\d:\d\d \(", line) for line in lines[start + 1 :][:due]
    )
    median_days = f"{found['first_reply_days']['median']:g}"
    assert f"First reply   median {median_days} days after an interview" in result.out
    sent, answered = found["follow_ups"]["sent"], found["follow_ups"]["answered"]
    assert f"Follow-ups    {sent} sent, {answered} answered" in result.out
    assert "Ghosted       5 processes, after a median" in result.out
    assert "Rounds        28 had a 1st, 13 a 2nd, 4 a 3rd, 2 a 4th round" in result.out


def test_one_screen_in_an_80_by_24_terminal(seeded: Seeded, env: dict[str, str]) -> None:
    shown = Watcher(seeded.config, env).tty("report", "--now", NOW_TEXT, columns=80, lines=24)
    assert "\x1b[" in shown  # coloured: a person reads it
    plain = SGR.sub("", shown)
    lines = plain.rstrip("\n").split("\n")
    assert len(lines) <= 23, plain  # the screen's 24 lines, less the prompt's
    assert max(cells(line) for line in lines) <= 80, plain
    # What is due this week is cut to fit, and the rest counted.
    due = len(figures(seeded, env)["due_this_week"])
    [more] = [line for line in lines if line.startswith("  ... ")]
    hidden = int(more.split()[1])
    kept = sum(1 for line in lines if re.match(r"  \w{3} +\d+ \w{3} \d\d:\d\d", line))
    assert kept + hidden == due and kept >= 3
    assert more.endswith("plan` shows them all)")
    for heading in ("Due this week", "First reply", "Follow-ups", "Ghosted", "Rounds"):
        assert any(line.startswith(heading) for line in lines), heading


def test_an_empty_store(tmp_path: Path, env: dict[str, str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "w.db"}"\n', encoding="utf-8")
    result = run_cli(["--config", str(config), "report"], env)
    assert (result.code, result.out) == (
        0,
        "No interviews tracked yet. Add one with `watcher track add`.\n",
    )
    empty = run_cli(["--config", str(config), "report", "--json"], env).json()
    assert (empty["processes"], empty["first_reply_days"]["median"]) == (0, None)


# --------------------------------------------------------------------------- the HTML file


def test_html_writes_one_private_page_and_says_where(
    seeded: Seeded, env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    target.write_text("an older report", encoding="utf-8")
    result = report(seeded, env, "--html", str(target))
    assert (result.code, result.err) == (0, ""), result
    said = " ".join(result.out.split())
    assert said == (
        f"Wrote the report of 30 processes to {target}. Open it in a browser, or add --open."
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary left
    html = target.read_text(encoding="utf-8")
    assert html.count('<li class="process"') == 30
    assert "Fish &amp; Chips &lt;Labs&gt;" in html and "<Labs>" not in html
    assert "<script" not in html and "http" not in html
    # With --json, the JSON goes to standard output and the note to standard error.
    both = report(seeded, env, "--html", str(target), "--json")
    assert both.code == 0 and both.json()["processes"] == 30
    assert both.err.startswith("Wrote the report of 30 processes")


def run_installed(
    seeded: Seeded, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WATCHER), "--config", str(seeded.config), "report", "--now", NOW_TEXT, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_open_hands_the_page_to_the_browser(
    seeded: Seeded, env: dict[str, str], tmp_path: Path
) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    target = tmp_path / "report.html"
    done = run_installed(seeded, {**env, "BROWSER": str(browser)}, "--html", str(target), "--open")
    assert (done.returncode, done.stderr) == (0, ""), done
    assert opened.read_text(encoding="utf-8") == target.resolve().as_uri()
    assert "Opened it in your browser." in done.stdout
    # Nowhere to open it: said, and the page is still written.
    target.unlink()
    bare = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
    done = run_installed(
        seeded, {**bare, "PATH": str(tmp_path / "empty")}, "--html", str(target), "--open"
    )
    assert done.returncode == 0, done
    said = " ".join(done.stdout.split())
    assert f"No browser could be opened here: open {target.resolve().as_uri()}" in said
    assert target.exists()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--since", "last week"), "--since 'last week': expected a date such as 2026-12-04"),
        (("--since", "2026-13-01"), "--since '2026-13-01': expected a date such as"),
        (("--company", "Nowhere"), "--company 'Nowhere': no tracked process is of a company"),
        (("--company", "Nowhere"), "the companies tracked: Acme Robotics, Aperture,"),
        (("--open",), "--open opens the page that --html writes: give both"),
        (("--html", "/nonexistent/folder/r.html"), "the folder /nonexistent/folder does not exist"),
    ],
)
def test_bad_input_is_refused_with_the_fix(
    seeded: Seeded, env: dict[str, str], args: tuple[str, ...], said: str
) -> None:
    result = report(seeded, env, *args)
    assert (result.code, result.out) == (2, ""), result
    assert result.err.startswith("watcher: ") and said in result.err, result.err


def test_html_into_a_folder_names_a_file_in_it(
    seeded: Seeded, env: dict[str, str], tmp_path: Path
) -> None:
    result = report(seeded, env, "--html", str(tmp_path))
    assert result.code == 2
    assert f"that is a folder; name a file in it (--html {tmp_path / 'report.html'})" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_said(seeded: Seeded, env: dict[str, str]) -> None:
    # /sys takes no new file, even from root.
    result = report(seeded, env, "--html", "/sys/report.html")
    assert (result.code, result.out) == (1, ""), result
    assert result.err == (
        "watcher: could not write the report to /sys/report.html (Permission denied): choose "
        "a file in a folder you can write to\n"
    )


# --------------------------------------------------------------------------- who loads it


def test_only_the_report_command_loads_the_report() -> None:
    code = textwrap.dedent(
        """
        import io, sys
        import watcher.scheduler, watcher.engine, watcher.app
        from watcher import cli
        cli.main(["--help"], stdout=io.StringIO())
        print([m for m in sys.modules if m.startswith("watcher.report") or m == "webbrowser"])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert json.loads(done.stdout.replace("'", '"')) == []


def test_the_seed_names_every_company_once() -> None:
    assert len(set(COMPANIES)) == 30


def test_the_readme_shows_the_report_as_it_is(seeded: Seeded, env: dict[str, str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The report\n", 1)[1].split("\n### ", 1)[0]
    [shown] = re.findall(r"```text\n(.*?)```", section, flags=re.DOTALL)
    path = f"{WATCHER.parent}{os.pathsep}{env['PATH']}"  # the hints name `watcher`
    screen = Watcher(seeded.config, {**env, "PATH": path}).tty(
        "report", "--now", NOW_TEXT, columns=80, lines=24
    )
    assert SGR.sub("", screen) == shown
    assert "![" in section and "(docs/report.png)" in section
    assert (ROOT / "docs" / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_completion_offers_files_for_html_and_companies(
    seeded: Seeded, env: dict[str, str]
) -> None:
    def complete(*words: str) -> list[str]:
        done = run_cli(["__complete", "bash", "--config", str(seeded.config), *words], env)
        return done.out.splitlines()

    assert complete("report", "--html", "") == ["__files__"]  # the shell completes the file
    assert complete("report", "--company", "Ac") == ["Acme\\ Robotics"]
    assert "--since" in complete("report", "--")
