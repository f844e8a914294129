"""The command line starts with what a command needs: `watcher track list` and `watcher plan`
read the config and the store, and load neither the engine, the mailbox backends, the
notifiers, the keyring, the logging setup, the Google clients nor the scheduler.

Each case runs the commands through ``watcher.cli.main`` in a fresh interpreter and lists the
modules it imported (a timing would be flaky; bench/cli_start.py measures the time). `plan`
names the draft left for an action with the rule the engine uses (policy.draft_of).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cliresult import config_head, home_env, run_cli
from watcher import app, policy
from watcher.models import ActionKind, Event, EventKind

HEAVY = (
    "structlog",
    "keyring",
    "icalendar",
    "watcher.engine",
    "watcher.backends",
    "watcher.notify",
    "watcher.credentials",
    "googleapiclient",
    "google",
    "apscheduler",
    "jeepney",
    "watcher.draftcheck",
    "watcher.report",
    "watcher.reportpage",
    "webbrowser",
)
"""What a command that reads only the config and the store must not import."""

STDLIB_NOT_AT_START = (
    "shutil",
    "tempfile",
    "calendar",
    "csv",
    "getpass",
    "shlex",
    "typing",
    "tomllib",
    "threading",
    "locale",
    "urllib.parse",
    "ipaddress",
    "gettext",
)
"""Standard modules that only some commands use, each a millisecond or more of every start
(bench/README.md, "CLI start"): imported where they are used (typing: for the type checker
only; tomllib: when the config is not in the cache)."""

RUN_AND_LIST_MODULES = textwrap.dedent(
    """
    import io, json, sys
    from watcher import cli
    results = []
    for argv in json.loads(sys.argv[1]):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(argv, stdout=out, stderr=err, stdin=io.StringIO(""))
        results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
    loaded = sorted(m for m, module in sys.modules.items() if module is not None)
    print(json.dumps({"results": results, "loaded": loaded}))
    """
)

NOW = "2026-11-27T09:00"


def run_fresh(commands: list[list[str]], home: Path) -> tuple[list[dict[str, object]], set[str]]:
    """Run ``commands`` through ``cli.main`` in one fresh interpreter; return each one's code
    and output, and every module loaded by the end."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=home_env(home, TZ="UTC"),
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    return report["results"], set(report["loaded"])


def loaded_among(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    """Return the modules of ``loaded`` that are one of ``names`` or inside one of them."""
    return sorted(m for m in loaded if any(m == n or m.startswith(f"{n}.") for n in names))


def tracked(tmp_path: Path, policy: str = "") -> tuple[str, dict[str, str]]:
    """Write a config (with ``policy`` lines added to [policy]) and track two interviews, one
    thanked and one with news; return the config's path and the environment."""
    config = tmp_path / "config.toml"
    config.write_text(
        config_head(tmp_path) + policy + "\n[notify]\ndesktop = false\n", encoding="utf-8"
    )
    env = home_env(tmp_path / "home", TZ="UTC")
    path = str(config)
    for company, at in (("Northwind", "2026-11-24T14:00"), ("Globex", "2026-11-16T10:00")):
        added = run_cli(
            [
                "--config",
                path,
                "track",
                "add",
                "--company",
                company,
                "--role",
                "Data Engineer",
                "--at",
                at,
                "--interviewer",
                f"Dana <dana@{company.lower()}.example>",
                "--domain",
                f"{company.lower()}.example",
                "--now",
                "2026-11-01T09:00",
            ],
            env,
        )
        assert added.code == 0, added
    assert run_cli(["--config", path, "track", "sent", "1", "--kind", "thank_you"], env).code == 0
    heard = ["--config", path, "track", "heard", "2", "--kind", "update", "--at", NOW]
    assert run_cli(heard, env).code == 0
    return path, env


def everyday(path: str) -> list[list[str]]:
    return [
        ["--config", path, "track", "list", "--now", NOW],
        ["--config", path, "plan", "--now", NOW],
        ["--config", path, "plan", "--json", "--now", NOW],
    ]


def test_track_list_and_plan_load_no_mail_keyring_notifier_or_holidays(tmp_path: Path) -> None:
    path, _env = tracked(tmp_path)
    run_fresh(everyday(path), tmp_path)  # the config's first reading fills the TOML cache
    results, loaded = run_fresh(everyday(path), tmp_path)
    assert [r["code"] for r in results] == [0, 0, 0], results
    assert "Northwind" in str(results[0]["out"])
    assert "Preview a draft" in str(results[1]["out"])
    assert json.loads(str(results[2]["out"]))
    assert loaded_among(loaded, (*HEAVY, "holidays")) == []
    assert loaded_among(loaded, STDLIB_NOT_AT_START) == []
    others = ("watcher.cli.auth", "watcher.cli.report", "watcher.cli.system")
    assert loaded_among(loaded, (*others, "watcher.cli.completion")) == []  # not their commands
    assert "watcher.words" not in loaded  # what reads mail's words (tracking: when it renames)
    assert "watcher.store" in loaded  # the check sees what was loaded


def test_a_config_read_before_is_not_parsed_again(tmp_path: Path) -> None:
    path, _env = tracked(tmp_path)
    first, loaded_first = run_fresh(everyday(path)[:1], tmp_path)
    again, loaded_again = run_fresh(everyday(path)[:1], tmp_path)
    assert first == again
    assert "tomllib" in loaded_first  # the first reading parses the TOML
    assert "tomllib" not in loaded_again  # its TOML came from the cache
    assert "watcher.config" in loaded_again


def test_a_config_with_holidays_loads_them_and_still_nothing_else(tmp_path: Path) -> None:
    path, _env = tracked(tmp_path, policy='holidays = "US"\n')
    results, loaded = run_fresh(everyday(path), tmp_path)
    assert [r["code"] for r in results] == [0, 0, 0], results
    assert "holidays" in loaded
    assert loaded_among(loaded, HEAVY) == []


def test_the_help_loads_nothing_heavy(tmp_path: Path) -> None:
    results, loaded = run_fresh([["--help"], ["track", "--help"]], tmp_path)
    assert [r["code"] for r in results] == [0, 0], results
    assert loaded_among(loaded, (*HEAVY, "holidays")) == []


def test_the_commands_that_need_the_keyring_still_load_it(tmp_path: Path) -> None:
    """The other side: what the everyday commands leave out, the others load when they run."""
    path, _env = tracked(tmp_path)
    results, loaded = run_fresh([["--config", path, "doctor"]], tmp_path)
    assert results[0]["code"] == 0, results
    assert "watcher.credentials" in loaded


def test_the_stand_ins_leave_the_real_modules_to_whoever_imports_them_later() -> None:
    """urllib.parse and gettext are stand-ins only while the command line imports pathlib and
    argparse (watcher/cli/standins.py): afterwards both import for real, and as_uri works."""
    script = textwrap.dedent(
        """
        import sys
        import watcher.cli
        assert "urllib.parse" not in sys.modules and "gettext" not in sys.modules
        from pathlib import Path
        assert Path("/tmp/a b/é").as_uri() == "file:///tmp/a%20b/%C3%A9"
        import gettext, urllib.parse
        assert urllib.parse.urlsplit("https://x.example/a").netloc == "x.example"
        assert callable(gettext.translation) and "stand-in" not in (gettext.__doc__ or "")
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "ok", done.stderr


# ------------------------------------------------------------- records compiled once for all

RUN_AS_THE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from watcher import cli, record
    compiled = []
    def compile(source, *rest):  # the builtin that record._init calls, counted
        compiled.append(source)
        return __builtins__.compile(source, *rest)
    record.compile = compile
    report, sys.argv = sys.argv[1], ["watcher", *sys.argv[2:]]
    try:
        code = cli.main()  # argv None: as the installed script calls it
    finally:
        with open(report, "w") as file:
            json.dump({"compiled": len(compiled), "known": len(record.COMPILED)}, file)
    sys.exit(code)
    """
)


def run_as_the_script(argv: list[str], env: dict[str, str], tmp_path: Path) -> dict[str, object]:
    """Run ``argv`` in a fresh interpreter as the installed script does; return its exit code,
    output, and how many record ``__init__`` it compiled."""
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-c", RUN_AS_THE_SCRIPT, str(report), *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return {"code": done.returncode, "out": done.stdout, **json.loads(report.read_text())}


def test_records_are_compiled_once_for_all_the_commands_after(tmp_path: Path) -> None:
    import marshal

    path, env = tracked(tmp_path)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    cache = tmp_path / "cache" / "watcher" / f"records-{sys.implementation.cache_tag}.marshal"
    plan = ["--config", path, "plan", "--now", NOW]
    first = run_as_the_script(plan, env, tmp_path)
    assert first["code"] == 0 and "Northwind" in str(first["out"])
    assert int(str(first["compiled"])) > 3  # the config's, the interviews', the plan's records
    assert cache.stat().st_mode & 0o777 == 0o600
    written = cache.read_bytes()
    again = run_as_the_script(plan, env, tmp_path)
    assert again == {**first, "compiled": 0}  # the same output, nothing compiled
    assert cache.read_bytes() == written  # nothing new: not written again
    listed = run_as_the_script(["--config", path, "track", "list", "--now", NOW], env, tmp_path)
    assert listed["code"] == 0 and int(str(listed["known"])) >= int(str(first["known"]))

    # What is not this user's own, damaged, or of another Python is compiled around.
    version, kept = marshal.loads(cache.read_bytes())
    for blob, mode in (
        (written, 0o620),  # others may write it
        (b"\x00 not marshal at all", 0o600),
        (marshal.dumps(["Python 2.7", kept]), 0o600),
        (marshal.dumps([version, {"def __init__(self): pass": "not code", 3: b"x"}]), 0o600),
        (marshal.dumps(None), 0o600),
    ):
        cache.write_bytes(blob)
        cache.chmod(mode)
        run = run_as_the_script(plan, env, tmp_path)
        assert run == {**first, "known": run["known"]}, blob[:20]  # compiled as the first did
    cache.chmod(0o600)
    (tmp_path / "cache" / "watcher").chmod(0o777)  # nor in a folder others may write to
    assert run_as_the_script(plan, env, tmp_path)["compiled"] == first["compiled"]


# --------------------------------------------------------------------------- the draft left


@pytest.mark.parametrize("hours", [1, -1])
def test_plan_finds_the_draft_left_for_an_action(tmp_path: Path, hours: int) -> None:
    """`watcher plan` names the draft left for an action (policy.draft_of, as the engine does):
    a draft made before the action was due is not its draft."""
    path, env = tracked(tmp_path)
    config = app.load(path, env)
    now = datetime(2026, 12, 10, 9, tzinfo=UTC)
    with app.open_store(config) as store:
        timelines = list(store.timelines())
        drafted = next(
            a for a in app.plan(timelines, config, now) if a.kind is not ActionKind.MOVE_ON
        )
        store.add_event(
            Event(
                interview_id=drafted.interview_id,
                kind=EventKind.DRAFT,
                at=drafted.due + timedelta(hours=hours),
                action=drafted.kind,
                recipients=tuple(p.address for p in drafted.to),
                subject="Follow-Up",
                note="Drafts",
                account="personal",
            )
        )
        by_id = {t.interview.id: t for t in store.timelines()}
    actions = app.plan(list(by_id.values()), config, now)
    found = [a for a in actions if policy.draft_of(a, by_id[a.interview_id]) is not None]
    assert [a.key for a in found] == ([drafted.key] if hours > 0 else [])


def test_plan_names_the_draft_left(tmp_path: Path) -> None:
    path, env = tracked(tmp_path)
    config = app.load(path, env)
    plan = run_cli(["--config", path, "plan", "--json", "--now", NOW], env).json()
    follow_up = next(a for a in plan if a["kind"] == "follow_up")
    with app.open_store(config) as store:
        store.add_event(
            Event(
                interview_id=follow_up["interview"],
                kind=EventKind.DRAFT,
                at=datetime.fromisoformat(follow_up["due"]),
                action=ActionKind.FOLLOW_UP,
                recipients=tuple(follow_up["to"]),
                subject="Follow-Up on Data Engineer Interview",
                note="Drafts",
                account="personal",
            )
        )
    again = run_cli(["--config", path, "plan", "--json", "--now", NOW], env)
    drafted = next(a for a in again.json() if a["key"] == follow_up["key"])
    assert drafted["draft"] == {
        "account": "personal",
        "folder": "Drafts",
        "subject": "Follow-Up on Data Engineer Interview",
    }
    text = run_cli(["--config", path, "plan", "--now", NOW], {**env, "COLUMNS": "120"}).out
    assert 'a draft is waiting in personal/Drafts: "Follow-Up on Data Engineer Interview"' in text
