"""Logging: JSON lines in UTC off a terminal, console lines in the user's zone on one, the
libraries' chatter left out, secrets redacted everywhere."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from watcher import logsetup

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Put the root logger's handlers and level back after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def json_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def unique_secret() -> str:
    """A secret no other test registered (the registry is process-wide)."""
    return f"s3cr3t-{uuid.uuid4().hex[:12]}"


def test_json_lines_on_a_stream_that_is_not_a_terminal() -> None:
    stream = io.StringIO()
    logsetup.configure("info", stream=stream)
    logsetup.get_logger("watcher.test").info("synced", account="work", count=3)

    [record] = json_lines(stream)
    assert record["event"] == "synced"
    assert record["level"] == "info"
    assert record["logger"] == "watcher.test"
    assert record["account"] == "work"
    assert record["count"] == 3
    stamp = datetime.fromisoformat(record["timestamp"])
    assert stamp.utcoffset() == timedelta(0)
    assert abs(datetime.now(stamp.tzinfo) - stamp) < timedelta(minutes=1)


def test_stdlib_records_share_the_formatter() -> None:
    stream = io.StringIO()
    logsetup.configure("debug", stream=stream)
    logging.getLogger("watcher.engine").warning("reconnecting %s in %d s", "work", 4)

    [record] = json_lines(stream)
    assert record["event"] == "reconnecting work in 4 s"
    assert record["level"] == "warning"
    assert record["logger"] == "watcher.engine"
    assert "timestamp" in record


def test_level_filters_both_kinds_of_logger() -> None:
    stream = io.StringIO()
    logsetup.configure("warning", stream=stream)
    log = logsetup.get_logger("watcher.test")
    log.info("hidden")
    logging.getLogger("watcher.engine").info("hidden too")
    log.error("shown")
    assert [r["event"] for r in json_lines(stream)] == ["shown"]


def test_console_lines_on_a_terminal() -> None:
    stream = Terminal()
    logsetup.configure("info", stream=stream)
    logsetup.get_logger("watcher.test").info("synced", account="work")
    logging.getLogger("watcher.engine").error("connection lost")

    text = ANSI.sub("", stream.getvalue())
    lines = text.splitlines()
    assert len(lines) == 2
    with pytest.raises(json.JSONDecodeError):
        json.loads(lines[0])
    # In the machine's zone (no zone given), with its offset.
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d \[info\s*\] synced", lines[0])
    assert "account=work" in lines[0]
    assert "[error" in lines[1]
    assert "connection lost" in lines[1]


def test_console_lines_are_stamped_in_the_zone_given_with_its_offset() -> None:
    stream = Terminal()
    logsetup.configure("info", stream=stream, timezone=ZoneInfo("Asia/Kolkata"), colors=False)
    logsetup.get_logger("watcher.test").info("synced")

    line = stream.getvalue()
    assert "\x1b[" not in line
    stamp = datetime.fromisoformat(line.split(" [")[0])
    assert stamp.utcoffset() == timedelta(hours=5, minutes=30)
    assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=1)


def test_json_lines_stay_in_utc_whatever_the_zone() -> None:
    stream = io.StringIO()
    logsetup.configure("info", stream=stream, timezone=ZoneInfo("Asia/Kolkata"))
    logsetup.get_logger("watcher.test").info("synced")
    [record] = json_lines(stream)
    assert record["timestamp"].endswith("Z")


@pytest.mark.parametrize("json_lines_wanted", [True, False])
def test_libraries_speak_from_warning_unless_the_level_is_debug(json_lines_wanted: bool) -> None:
    stream = io.StringIO()
    logsetup.configure("info", stream=stream, json=json_lines_wanted)
    logging.getLogger("apscheduler.scheduler").info("Scheduler started")
    logging.getLogger("apscheduler.executors.default").warning("Run time of job was missed")
    logging.getLogger("watcher.scheduler").info("watcher is running")
    logging.getLogger("watcherish").info("not ours")
    text = stream.getvalue()
    assert "Scheduler started" not in text
    assert "not ours" not in text
    assert "was missed" in text
    assert "watcher is running" in text

    verbose = io.StringIO()
    logsetup.configure("debug", stream=verbose, json=json_lines_wanted)
    logging.getLogger("apscheduler.scheduler").info("Scheduler started")
    assert "Scheduler started" in verbose.getvalue()


def test_json_can_be_forced_either_way() -> None:
    terminal = Terminal()
    logsetup.configure("info", json=True, stream=terminal)
    logsetup.get_logger("watcher.test").info("on a terminal")
    assert json_lines(terminal)[0]["event"] == "on a terminal"

    pipe = io.StringIO()
    logsetup.configure("info", json=False, stream=pipe)
    logsetup.get_logger("watcher.test").info("in a pipe")
    assert "\x1b[" not in pipe.getvalue()
    assert "[info" in pipe.getvalue()
    with pytest.raises(json.JSONDecodeError):
        json.loads(pipe.getvalue())


def test_configuring_again_replaces_the_output() -> None:
    first, second = io.StringIO(), io.StringIO()
    logsetup.configure("info", stream=first)
    logsetup.configure("info", stream=second)
    logging.getLogger("watcher.engine").info("once")
    assert first.getvalue() == ""
    assert len(json_lines(second)) == 1


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "secret",
        "token",
        "authorization",
        "passwd",
        "smtp_password",
        "Authorization",
        "access-token",
    ],
)
def test_secret_keys_are_redacted(key: str) -> None:
    stream = io.StringIO()
    logsetup.configure("info", stream=stream)
    logsetup.get_logger("watcher.test").info("login", **{key: "plain-value-1"}, account="work")
    [record] = json_lines(stream)
    assert record[key] == "***"
    assert record["account"] == "work"
    assert "plain-value-1" not in stream.getvalue()


def test_secret_keys_inside_nested_fields_are_redacted() -> None:
    stream = io.StringIO()
    logsetup.configure("info", stream=stream)
    logsetup.get_logger("watcher.test").info(
        "request", headers={"Authorization": "Bearer abc", "Host": "x"}
    )
    [record] = json_lines(stream)
    assert record["headers"] == {"Authorization": "***", "Host": "x"}


def test_registered_values_are_redacted_everywhere() -> None:
    secret = unique_secret()
    logsetup.redact(secret)
    stream = io.StringIO()
    logsetup.configure("info", stream=stream)
    log = logsetup.get_logger("watcher.test")
    log.info(f"LOGIN user {secret}", command=["LOGIN", secret], note=f"x{secret}y")
    logging.getLogger("watcher.engine").error("server said %s", secret)
    try:
        raise RuntimeError(f"refused {secret}")
    except RuntimeError:
        log.exception("login failed")

    output = stream.getvalue()
    assert secret not in output
    first, second, third = json_lines(stream)
    assert first["event"] == "LOGIN user ***"
    assert first["command"] == ["LOGIN", "***"]
    assert first["note"] == "x***y"
    assert second["event"] == "server said ***"
    assert third["exception"].endswith("RuntimeError: refused ***")


def test_registered_values_are_redacted_on_the_console() -> None:
    secret = unique_secret()
    logsetup.redact(secret + "\n")
    stream = Terminal()
    logsetup.configure("info", stream=stream)
    logging.getLogger("watcher.engine").warning("password_command printed %s", secret)
    assert secret not in stream.getvalue()
    assert "printed ***" in ANSI.sub("", stream.getvalue())


def test_a_secret_containing_another_is_hidden_whole() -> None:
    short = unique_secret()
    long = short + "-and-more"
    logsetup.redact(short)
    logsetup.redact(long)
    stream = io.StringIO()
    logsetup.configure("info", stream=stream)
    logsetup.get_logger("watcher.test").info(f"value {long}")
    assert json_lines(stream)[0]["event"] == "value ***"


def test_an_empty_secret_is_ignored() -> None:
    logsetup.redact("")
    stream = io.StringIO()
    logsetup.configure("info", stream=stream)
    logsetup.get_logger("watcher.test").info("nothing to hide")
    assert json_lines(stream)[0]["event"] == "nothing to hide"


def test_an_unknown_level_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="debug, info, warning, error, critical"):
        logsetup.configure("verbose", stream=io.StringIO())


def test_levels_are_case_insensitive() -> None:
    stream = io.StringIO()
    logsetup.configure("DEBUG", stream=stream)
    logsetup.get_logger("watcher.test").debug("shown")
    assert json_lines(stream)[0]["level"] == "debug"
