"""`watcher run` with no name in ``[user]``: a subprocess against a real Dovecot. The daemon
starts, says in its log that no draft is made until the name is set, checks the mailbox (the
mail is read and recorded) and stops cleanly: no traceback, no failed check."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.backends.conftest import synthetic
from tests.cliresult import home_env, run_cli
from tests.integration.test_run import REPO, wait_for
from tests.servers.dovecot import DovecotServer, new_user


def test_the_daemon_without_a_name_checks_the_mail_and_says_why_no_draft_is_made(
    dovecot: DovecotServer, tmp_path: Path
) -> None:
    user = new_user(dovecot)
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[store]
path = "{tmp_path / "watcher.db"}"

[policy]
timezone = "UTC"

[[accounts]]
name = "personal"
host = "{dovecot.host}"
port = {dovecot.imaps_port}
tls = "ssl"
ca_file = "{dovecot.ca_file}"
username = "{user.name}"
password_command = "printf '%s\\\\n' {user.password}"
addresses = ["alex@example.com"]

[notify]
desktop = false
""",
        encoding="utf-8",
    )
    env = home_env(tmp_path / "home", PYTHONPATH=str(REPO))
    at = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0).isoformat()
    added = run_cli(
        [
            "--config",
            str(config),
            "track",
            "add",
            "--company",
            "Northwind",
            "--role",
            "Engineer",
            "--at",
            at,
            "--interviewer",
            "Dana Reyes <dana@northwind.example>",
            "--json",
        ],
        env,
    )
    assert added.code == 0, added
    interview = added.json()["id"]
    dovecot.deliver(
        user.name,
        "INBOX",
        synthetic(
            "Dana Reyes <dana@northwind.example>",
            "Next steps",
            body="Hi Alex,\n\nWe would like to invite you to a final round next week.\n\nDana\n",
            to="alex@example.com",
        ),
    )

    process = subprocess.Popen(
        [sys.executable, "-m", "watcher", "--config", str(config), "run", "--log-level", "info"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:

        def replies() -> int:
            shown = run_cli(
                ["--config", str(config), "track", "show", str(interview), "--json"], env
            )
            return [e["kind"] for e in shown.json()["events"]].count("reply")

        wait_for(lambda: replies() == 1, 20, "the reply read by the daemon's first check")
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        output = process.stdout.read() if process.stdout is not None else ""
        if process.stdout is not None:
            process.stdout.close()
        print(output)
    logged = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    events = [entry.get("event") for entry in logged]
    [warning] = [entry for entry in logged if entry.get("event") == "no drafts"]
    assert warning["level"] == "warning"
    assert "[user] name is missing: drafts are not made until" in warning["reason"]
    assert "checked" in events
    assert "the check failed" not in events
    assert "Traceback" not in output
