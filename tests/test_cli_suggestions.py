"""`watcher track suggested`, `track accept` and `track ignore`, and what `track list` and
`track show` say of interviews found in mail: through ``cli.main`` on a real store, whose
suggestions are recorded as a check records them (``Store.add_suggestion``)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cliresult import Result, home_env, run_cli
from watcher.cli import build_parser
from watcher.models import Format, Interview, Person, Sighting, SightingKind, SuggestionState
from watcher.record import replace
from watcher.store import Store

CONFIG = """
[store]
path = "{store}"

[user]
name = "Alex Example"

[policy]
timezone = "America/New_York"
"""
NOW = "2026-12-01T09:00"
AT = datetime(2026, 12, 8, 19, 0, tzinfo=UTC)  # Tue 8 Dec 14:00 in New York
SEEN = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


def sighting(**changes: Any) -> Sighting:
    values: dict[str, Any] = {
        "kind": SightingKind.INVITE,
        "message_id": "inv-1@acme.example",
        "uid": "evt-1@acme.example",
        "sequence": 0,
        "company": "Acme",
        "role": "",
        "start": AT,
        "end": AT + timedelta(hours=1),
        "format": Format.PANEL,
        "interviewers": (
            Person("Dana Reyes", "dana@acme.example"),
            Person("Lee Okafor", "lee@acme.example"),
        ),
        "domains": ("acme.example",),
        "thread": "inv-1@acme.example",
        "evidence": "a calendar request: Interview",
    }
    values.update(changes)
    return Sighting(**values)


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.store_path = tmp_path / "state" / "watcher.db"
        self.config = tmp_path / "config.toml"
        self.config.write_text(CONFIG.format(store=self.store_path), encoding="utf-8")
        self.env = home_env(tmp_path / "home", TZ="UTC")

    def run(self, *args: str) -> Result:
        return run_cli(["--config", str(self.config), *args], self.env)

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.code == 0, result
        assert result.err == "", result
        return result

    def suggest(self, seen: Sighting, interview_id: int | None = None) -> int:
        with Store.open(self.store_path) as store:
            made = store.add_suggestion(
                seen, SuggestionState.PENDING, SEEN, interview_id=interview_id, account="personal"
            )
        return made.id

    def listing(self, now: str = NOW) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.ok(
            "track", "list", "--all", "--json", "--now", now
        ).json()
        return items


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield World(tmp_path)


def refused(result: Result, code: int, *fragments: str) -> None:
    assert result.code == code, result
    assert result.out == "", result
    assert result.err.startswith("watcher: "), result
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


def test_nothing_suggested_says_how_interviews_are_found(world: World) -> None:
    result = world.ok("track", "suggested")
    assert result.out == (
        "No interview found in mail waiting for you (--all shows the others); "
        "`watcher check` suggests the interviews it finds in your mail.\n"
    )
    assert world.ok("track", "suggested", "--json").json() == []


def test_suggested_lists_what_waits_with_the_commands(world: World) -> None:
    first = world.suggest(sighting())
    second = world.suggest(
        sighting(
            message_id="inv-2@globex.example",
            uid="",
            company="Globex",
            role="Backend Developer",
            format=Format.VIDEO,
            interviewers=(),
            evidence="a confirmation",
        )
    )
    out = world.ok("track", "suggested").out
    assert out == (
        f"#{first} Acme, Tue  8 Dec 2026 14:00 EST (panel)\n"
        "    with Dana Reyes <dana@acme.example>, Lee Okafor <lee@acme.example>\n"
        "    found in mail: a calendar request: Interview <inv-1@acme.example>\n"
        "\n"
        f"#{second} Globex (Backend Developer), Tue  8 Dec 2026 14:00 EST (video)\n"
        "    found in mail: a confirmation <inv-2@globex.example>\n"
        "\n"
        f"Track one with `watcher track accept {first}`, or never see it again with "
        f"`watcher track ignore {first}`.\n"
    )
    [one, _two] = world.ok("track", "suggested", "--json").json()
    assert one == {
        "id": first,
        "state": "pending",
        "interview": None,
        "kind": "invite",
        "company": "Acme",
        "role": "",
        "at": "2026-12-08T14:00:00-05:00",
        "end": "2026-12-08T15:00:00-05:00",
        "format": "panel",
        "people": [
            {"name": "Dana Reyes", "address": "dana@acme.example"},
            {"name": "Lee Okafor", "address": "lee@acme.example"},
        ],
        "domains": ["acme.example"],
        "message_id": "inv-1@acme.example",
        "uid": "evt-1@acme.example",
        "sequence": 0,
        "evidence": "a calendar request: Interview",
        "account": "personal",
        "seen_at": "2026-12-01T08:00:00-05:00",
        "decided_at": None,
    }


def test_accept_tracks_it_from_mail_and_list_shows_where_it_came_from(world: World) -> None:
    number = world.suggest(sighting())
    result = world.ok("track", "accept", str(number), "--role", "Data Engineer", "--now", NOW)
    assert result.out.startswith(
        "Tracking interview #1: Acme, Data Engineer, Tue  8 Dec 14:00 EST.\n"
    )
    [row] = world.listing()
    assert (row["id"], row["company"], row["role"], row["format"]) == (
        1,
        "Acme",
        "Data Engineer",
        "panel",
    )
    assert (row["source"], row["status"], row["interview_at"]) == (
        "mail",
        "scheduled",
        "2026-12-08T14:00:00-05:00",
    )
    assert row["people"] == [
        {"name": "Dana Reyes", "address": "dana@acme.example", "role": "interviewer"},
        {"name": "Lee Okafor", "address": "lee@acme.example", "role": "interviewer"},
    ]
    assert row["rounds"] == [
        {
            "at": "2026-12-08T14:00:00-05:00",
            "format": "panel",
            "people": [
                {"name": "Dana Reyes", "address": "dana@acme.example"},
                {"name": "Lee Okafor", "address": "lee@acme.example"},
            ],
        }
    ]
    [listed] = world.ok("track", "suggested", "--all", "--json").json()
    assert (listed["state"], listed["interview"]) == ("accepted", 1)
    assert world.ok("track", "suggested").out.startswith("No interview found in mail waiting")

    refused(
        world.run("track", "accept", str(number)),
        2,
        f"suggestion #{number} is tracked already, as interview #1 (`watcher track show 1`)",
    )
    refused(
        world.run("track", "ignore", str(number)),
        2,
        "`watcher track remove 1 --yes`",
    )


def test_an_interview_typed_in_is_from_hand(world: World) -> None:
    world.ok(
        "track",
        "add",
        "--company",
        "Initech",
        "--role",
        "SRE",
        "--at",
        "2026-12-09T10:00",
        "--now",
        NOW,
    )
    [row] = world.listing()
    assert (row["source"], row["people"], len(row["rounds"])) == ("hand", [], 1)


def test_accept_without_a_role_says_the_drafts_wait_for_it(world: World) -> None:
    number = world.suggest(sighting())
    result = world.ok("track", "accept", str(number), "--now", NOW)
    assert result.out.startswith(
        "Tracking interview #1: Acme, (role not named), Tue  8 Dec 14:00 EST.\n"
        'Its drafts wait for its role: `watcher track edit 1 --role "Job Title"`.\n'
    )
    after = "2026-12-08T16:00"
    preview = world.run("draft", "preview", "1", "--kind", "thank_you", "--now", after)
    refused(preview, 1, "has no role yet", '`watcher track edit 1 --role "Job Title"`')
    world.ok("track", "edit", "1", "--role", "Data Engineer", "--now", NOW)
    assert (
        "Data Engineer"
        in world.ok("draft", "preview", "1", "--kind", "thank_you", "--now", after).out
    )


def test_accept_and_ignore_refuse_what_they_cannot_do(world: World) -> None:
    refused(
        world.run("track", "accept", "9"),
        1,
        "there is no suggestion #9: `watcher track suggested --all` shows the ids",
    )
    refused(world.run("track", "ignore", "9"), 1, "there is no suggestion #9")
    refused(world.run("track", "accept", "x"), 2, "track accept")
    nameless = world.suggest(sighting(company="", message_id="n@x.example", uid="n"))
    refused(
        world.run("track", "accept", str(nameless)),
        2,
        f"suggestion #{nameless} names no company",
        f'`watcher track accept {nameless} --company "Name"`',
    )
    refused(world.run("track", "accept", str(nameless), "--company", " "), 2, "--company")
    world.ok("track", "accept", str(nameless), "--company", "Hooli", "--role", "SRE")
    assert [r["company"] for r in world.listing()] == ["Hooli"]


def test_ignore_is_for_good_until_accepted_after_all(world: World) -> None:
    number = world.suggest(sighting())
    assert world.ok("track", "ignore", str(number)).out == (
        f"Ignored suggestion #{number} (Acme, Tue  8 Dec 14:00 EST): it is not suggested again.\n"
    )
    refused(world.run("track", "ignore", str(number)), 2, "is ignored already")
    assert world.ok("track", "suggested").out.startswith("No interview found in mail")
    assert "[ignored]" in world.ok("track", "suggested", "--all").out
    world.ok("track", "accept", str(number), "--role", "SRE", "--now", NOW)
    assert [r["company"] for r in world.listing()] == ["Acme"]


def test_a_cancelled_suggestion_cannot_be_accepted(world: World) -> None:
    number = world.suggest(sighting())
    with Store.open(world.store_path) as store:
        found = store.suggestion(number)
        store.update_suggestion(replace(found, state=SuggestionState.CANCELLED))
    refused(world.run("track", "accept", str(number)), 2, "was cancelled by the employer")


def test_a_next_round_is_accepted_into_its_process_and_shown(world: World) -> None:
    first = world.ok(
        "track",
        "add",
        "--company",
        "Acme",
        "--role",
        "Data Engineer",
        "--at",
        "2026-11-24T14:00",
        "--interviewer",
        "Pat Doe <pat@acme.example>",
        "--format",
        "phone",
        "--json",
        "--now",
        "2026-11-20T09:00",
    ).json()["id"]
    number = world.suggest(sighting(), interview_id=first)
    listed = world.ok("track", "suggested").out
    assert f"    next round of interview #{first}\n" in listed
    refused(
        world.run("track", "accept", str(number), "--role", "SRE"),
        2,
        f"--role: suggestion #{number} is a next round of interview #{first}",
        f"`watcher track edit {first}`",
    )
    result = world.ok("track", "accept", str(number), "--now", NOW)
    assert result.out.startswith(
        f"Tracking round 2 of interview #{first}: Acme, Data Engineer, Tue  8 Dec 14:00 EST.\n"
    )
    [row] = world.listing()
    assert [(r["at"], r["format"]) for r in row["rounds"]] == [
        ("2026-11-24T14:00:00-05:00", "phone"),
        ("2026-12-08T14:00:00-05:00", "panel"),
    ]
    assert row["interview_at"] == "2026-12-08T14:00:00-05:00"
    assert [p["address"] for p in row["people"]] == [
        "dana@acme.example",
        "lee@acme.example",
        "pat@acme.example",
    ]
    world.env["COLUMNS"] = "120"  # one line a round
    shown = world.ok("track", "show", str(first), "--now", NOW).out
    assert (
        "Rounds:\n"
        "  1. Tue 24 Nov 2026 14:00 EST (phone) with Pat Doe <pat@acme.example>\n"
        "  2. Tue  8 Dec 2026 14:00 EST (panel) with Dana Reyes <dana@acme.example>, "
        "Lee Okafor <lee@acme.example>\n"
    ) in shown
    assert "round 1 (phone)" in shown and "round 2 (panel)" in shown
    assert "from mail: round 2 added from mail" in shown
    # The thank-you after round 2 goes to its own interviewers.
    plan = world.ok("plan", "--json", "--now", "2026-12-08T16:00").json()
    thanks = [a for a in plan if a["kind"] == "thank_you"]
    assert sorted(a["to"][0] for a in thanks) == ["dana@acme.example", "lee@acme.example"]


def test_a_cancelled_interview_is_listed_so_and_reopen_undoes_it(world: World) -> None:
    with Store.open(world.store_path) as store:
        made = store.add_interview(
            Interview(id=0, company="Acme", role="SRE", at=AT, cancelled_at=SEEN), SEEN
        )
    [row] = world.listing()
    assert (row["status"], row["next_action"]) == ("cancelled", None)
    assert row["cancelled_at"] == "2026-12-01T08:00:00-05:00"
    assert world.ok("track", "list", "--json", "--now", NOW).json() == []
    assert (
        "  cancelled:    Tue  1 Dec 2026 08:00 EST\n"
        in world.ok("track", "show", str(made.id), "--now", NOW).out
    )
    assert world.ok("track", "reopen", str(made.id), "--now", NOW).out == (
        f"Reopened interview #{made.id} (Acme).\n"
    )
    [row] = world.listing()
    assert (row["status"], row["cancelled_at"]) == ("scheduled", None)
    refused(world.run("track", "reopen", str(made.id)), 2, "is not closed (nor cancelled)")


def _subparser(parser: argparse.ArgumentParser, *names: str) -> argparse.ArgumentParser:
    for name in names:
        [choices] = [
            a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)
        ]
        parser = choices[name]
    return parser


def test_every_argument_of_the_new_commands_has_help(world: World) -> None:
    parser = build_parser()
    for command in ("suggested", "accept", "ignore"):
        sub = _subparser(parser, "track", command)
        for action in sub._actions:
            if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
                continue
            assert action.help, (command, action.option_strings or action.dest)
        text = world.ok("track", command, "--help").out
        assert sub.description is not None
        assert " ".join(sub.description.split()[:4]) in " ".join(text.split())
    listing = world.ok("track", "--help").out
    for command in ("suggested", "accept", "ignore"):
        assert command in listing
