"""Logging, configured in one place: structlog and the standard library share one output.

On a terminal the output is readable console lines, stamped in the user's time zone with its
offset (``2026-11-24 14:00:05+01:00``); otherwise (a pipe, journald, launchd's log file) one JSON
object per line with ``timestamp`` (ISO 8601, UTC: journald adds its own local stamp),
``level``, ``logger`` and ``event``. Records of ``logging.getLogger(...)`` go through the same
processors and formatter as structlog's. Libraries (APScheduler's "Running job ..." and the
like) speak only from WARNING up, unless the level is ``debug``; watcher's own loggers (named
``watcher...``) at the level asked for.

Secrets never reach the output: a field whose name says it holds one (password, secret, token,
authorization, passwd) is replaced by ``***``, and every value registered with :func:`redact`
is replaced wherever it appears, in the message, a field or a traceback.

This is the only module that imports structlog.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
import threading
from collections.abc import MutableMapping
from datetime import UTC, datetime, tzinfo
from typing import Any, TextIO

import structlog

REDACTED = "***"
SECRET_KEYS = frozenset({"password", "secret", "token", "authorization", "passwd"})
LEVELS = ("debug", "info", "warning", "error", "critical")

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_handler: logging.Handler | None = None


def redact(value: str) -> None:
    """Register a secret: from now on it is replaced by ``***`` wherever it would be logged.

    Empty values are ignored (they would match everywhere); surrounding whitespace, such as the
    newline a ``password_command`` prints, is registered both with and without.
    """
    with _secrets_lock:
        for candidate in (value, value.strip()):
            if candidate:
                _secrets.add(candidate)


def configure(
    level: str = "info",
    *,
    json: bool | None = None,
    stream: TextIO | None = None,
    timezone: tzinfo | None = None,
    colors: bool | None = None,
) -> None:
    """Send structlog and stdlib logging at ``level`` or above to ``stream`` (stderr by default).

    ``json`` None means JSON lines unless the stream is a terminal. Console lines are stamped in
    ``timezone`` (None: the machine's), and coloured when ``colors`` is True (None: on a
    terminal). Calling it again replaces the previous configuration. Raise ValueError naming
    the valid levels if ``level`` is not one.
    """
    global _handler
    name = level.strip().lower()
    if name not in LEVELS:
        raise ValueError(f"unknown log level {level!r}: use one of {', '.join(LEVELS)}")
    numeric = logging.getLevelName(name.upper())
    out = sys.stderr if stream is None else stream
    is_tty = _isatty(out)
    as_json = not is_tty if json is None else json

    stamp: structlog.typing.Processor = (
        structlog.processors.TimeStamper(fmt="iso", utc=True)
        if as_json
        else functools.partial(_local_stamp, timezone)
    )
    shared: list[structlog.typing.Processor] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        stamp,
    ]
    renderer: structlog.typing.Processor
    if as_json:
        renderer = structlog.processors.JSONRenderer()
    else:
        # plain_traceback renders the already formatted (and redacted) "exception" field.
        renderer = structlog.dev.ConsoleRenderer(
            colors=is_tty if colors is None else colors,
            exception_formatter=structlog.dev.plain_traceback,
        )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Tracebacks become text before redaction, so secrets in them are redacted too.
            structlog.processors.format_exc_info,
            redact_secrets,
            renderer,
        ],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    if numeric > logging.DEBUG:
        handler.addFilter(_own_or_warning)

    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    root.addHandler(handler)
    root.setLevel(numeric)
    _handler = handler

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.contextvars.merge_contextvars,
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Not cached: a logger made at import time follows a later configure().
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """Return a structlog logger named ``name`` (use ``__name__``), bound to no fields.

    Log with an event and key-value fields: ``log.info("saved a draft", interview=3)``.
    """
    return structlog.stdlib.get_logger(name)


def _own_or_warning(record: logging.LogRecord) -> bool:
    """A handler filter: watcher's own records, and the libraries' from WARNING up."""
    own = record.name == "watcher" or record.name.startswith("watcher.")
    return own or record.levelno >= logging.WARNING


def _local_stamp(
    zone: tzinfo | None, logger: object, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: ``timestamp`` as "2026-11-24 14:00:05+01:00", in ``zone`` (None:
    the machine's zone)."""
    now = datetime.now(UTC)
    local = now.astimezone(zone) if zone is not None else now.astimezone()
    event_dict["timestamp"] = local.isoformat(sep=" ", timespec="seconds")
    return event_dict


def _plain_line(logger: object, method_name: str, event_dict: MutableMapping[str, Any]) -> str:
    """A structlog renderer: the event, then its fields as ``key=value``, on one line."""
    event = str(event_dict.pop("event", ""))
    fields = " ".join(f"{key}={value}" for key, value in event_dict.items())
    return f"{event} ({fields})" if fields else event


def _configure_default() -> None:
    """Until :func:`configure` is called (every command but `watcher run`), events go to the
    standard library's logging as one redacted line each: with no handler configured, Python
    shows warnings and errors on stderr and drops the rest, so nothing reaches the output a
    command prints."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            redact_secrets,
            _plain_line,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )


def redact_secrets(
    logger: object, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: replace secret fields and registered secret values by ``***``."""
    with _secrets_lock:
        # Longest first, so a secret that contains another one is hidden whole.
        secrets = sorted(_secrets, key=len, reverse=True)
    for key in list(event_dict):
        event_dict[key] = _redacted(key, event_dict[key], secrets)
    return event_dict


def _redacted(key: object, value: Any, secrets: list[str]) -> Any:
    if isinstance(key, str) and _is_secret_key(key):
        return REDACTED
    if isinstance(value, str):
        return _scrub(value, secrets)
    if isinstance(value, dict):
        return {k: _redacted(k, v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_redacted(None, item, secrets) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    # Any other object is rendered through str() or repr(), which may contain a secret.
    text = str(value)
    scrubbed = _scrub(text, secrets)
    return value if scrubbed == text else scrubbed


def _is_secret_key(key: str) -> bool:
    """Return True for "password", "smtp_password", "Authorization", "access-token"..."""
    return any(part in SECRET_KEYS for part in re.split(r"[^a-z0-9]+", key.lower()))


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


_configure_default()
