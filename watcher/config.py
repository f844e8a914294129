"""The configuration: TOML text in, a typed :class:`Config` out, with every problem listed at once.

Validation is by hand so that each problem carries the dotted path of the key it is about
(``accounts[1].host: ...``) and says what was expected and what was seen. Nothing is connected or
run here; the only files looked at are the config itself, an account's ``ca_file`` and
``client_secrets`` (that they exist) and the templates directory, and the only one written is
the cache of the config's parsed TOML (:func:`load_config`).
"""

from __future__ import annotations

import functools
import json
import os
import re
import zoneinfo
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType

from watcher import files, paths, plugins
from watcher.errors import ConfigError, WatcherError
from watcher.models import DRAFT_LANGUAGES, TEMPLATE_NAMES, WEEKDAYS, PolicySettings
from watcher.settings import (
    DEFAULT_TIMEOUT,
    FROM_MAIL,
    IMAP_PORTS,
    MAX_TIMEOUT,
    SMTP_PORTS,
    TLS_MODES,
    Account,
    Config,
    DaemonConfig,
    EmailNotifyConfig,
    GmailAccount,
    HolidayCalendar,
    ImapAccount,
    NotifyConfig,
    TrackingConfig,
    UserConfig,
    is_loopback,
    is_placeholder_name,
)
from watcher.spans import Span, Unit, parse_span

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from tomllib import TOMLDecodeError
    from typing import Any, TypeVar

    _Choice = TypeVar("_Choice", bound=str)


class MissingConfigError(WatcherError):
    """There is no configuration file where one was looked for."""

    exit_code = 2


# ---------------------------------------------------------------------------------------------
# The keys each table accepts.

_USER_KEYS = ("name", "signature", "language")
_STORE_KEYS = ("path",)
_POLICY_KEYS = (
    "timezone",
    "workdays",
    "holidays",
    "extra_holidays",
    "workday_start",
    "interview_length",
    "thank_you_within",
    "thank_you_until",
    "follow_up_after",
    "follow_up_by",
    "panel_extra",
    "max_follow_ups",
    "follow_up_spacing",
    "move_on_after",
    "check_in_every",
    "graceful_close_for",
    "expedite",
    "quiet_hours",
    "learn_windows",
)
_ACCOUNT_KEYS = (
    "name",
    "backend",
    "host",
    "port",
    "tls",
    "ca_file",
    "username",
    "password_command",
    "addresses",
    "folders",
    "client_secrets",
    "token_file",
    "api_endpoint",
    "timeout",
)
_IMAP_ONLY_KEYS = ("host", "port", "tls", "username", "password_command")
_GMAIL_ONLY_KEYS = ("api_endpoint",)
_OAUTH_KEYS = ("client_secrets", "token_file")
"""Keys of a Google OAuth sign-in: the Gmail API backend's, or an IMAP account's XOAUTH2 login."""
_NOTIFY_KEYS = ("desktop", "email")
_EMAIL_KEYS = ("host", "port", "tls", "username", "password_command", "from", "to")
_TEMPLATES_KEYS = ("dir",)
_DAEMON_KEYS = ("poll_every",)
_TRACKING_KEYS = ("from_mail",)
_SECTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "store": _STORE_KEYS,
        "user": _USER_KEYS,
        "policy": _POLICY_KEYS,
        "accounts": _ACCOUNT_KEYS,
        "notify": _NOTIFY_KEYS,
        "templates": _TEMPLATES_KEYS,
        "daemon": _DAEMON_KEYS,
        "tracking": _TRACKING_KEYS,
    }
)

_FIXED_UNITS = frozenset({Unit.MINUTES, Unit.HOURS, Unit.DAYS, Unit.WEEKS})
_CHECK_IN_UNITS = frozenset({Unit.DAYS, Unit.WEEKS, Unit.MONTHS})
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# The patterns of values, compiled when first used (re keeps them): a config that has no
# account, no holidays and no factor compiles none of them at start.
_NAME_RE = r"^[A-Za-z0-9_.-]+$"
_HHMM_RE = r"^\s*(\d{1,2}):(\d{2})\s*$"
_FACTOR_RE = r"(?i)^\s*(\d+(?:\.\d+)?)\s*[x×]\s*$"
_HOLIDAYS_RE = r"^([A-Za-z]{2,3})(?:-(.+))?$"
_TOML_WHERE_RE = r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$"
# Local part: anything but spaces, angle brackets and the characters that separate addresses.
# Domain: dot-separated labels ending in a top-level domain of letters (or punycode), or localhost.
_ADDRESS_RE = (
    r"(?i)^[^@\s<>()\[\],;:\"]+@"
    r"(?:(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)|localhost)$"
)


# ---------------------------------------------------------------------------------------------
# Public functions.


def load_config(path: Path, env: Mapping[str, str]) -> Config:
    """Given the config file's path and the environment, return the validated :class:`Config`.

    Relative paths inside the file resolve against the file's directory. Raise
    :class:`MissingConfigError` if there is no file, and :class:`ConfigError` if it cannot be read,
    is not TOML, or holds any invalid value (all problems at once).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MissingConfigError(
            f"no configuration at {path}: run `watcher init` to write a starter one, "
            "or pass --config"
        ) from None
    except IsADirectoryError:
        raise ConfigError(
            str(path), ["this is a directory: pass the config file itself (config.toml)"]
        ) from None
    except OSError as error:
        raise ConfigError(str(path), [f"cannot read the file: {error.strerror}"]) from None
    # A byte-order mark is left out by hand: the "utf-8-sig" codec is one more module to import.
    bom = len(raw) - len(raw := raw.removeprefix(b"\xef\xbb\xbf"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            str(path),
            [f"byte {bom + error.start}: the file is not UTF-8 text: save it as UTF-8"],
        ) from None
    data = _cached_toml(path, text)
    return _config_of(data, source=str(path), env=env, base_dir=path.absolute().parent)


def parse_config(text: str, source: str, env: Mapping[str, str], base_dir: Path) -> Config:
    """Given TOML text, return the validated :class:`Config`.

    ``source`` names the text in messages (and becomes :attr:`Config.source`); ``env`` supplies
    the defaults that depend on the environment (USER, TZ, HOME, STATE_DIRECTORY); relative
    paths resolve against ``base_dir``. Raise :class:`ConfigError` listing every problem, each
    with its dotted path, if anything is invalid. Raise :class:`WatcherError` if a built-in
    template is missing from the installed package and no templates directory provides it.
    """
    return _config_of(_toml(text, source), source=source, env=env, base_dir=base_dir)


CACHE_NAME = "config-toml.json"
"""The file, in watcher's cache directory, of the TOML of the configs read last: each one's
text and parsed tables by its path, so that a command whose config has not changed starts
without importing and running the TOML parser (about 10 ms of every start). Its dates and
times are objects of the one key :data:`_CACHE_TAG` (see :func:`_cacheable`)."""
CACHE_ENTRIES = 8
"""How many configs the cache keeps (the ones read last)."""


def _cached_toml(path: Path, text: str) -> dict[str, Any]:
    """Return the tables of the config ``text`` read from ``path``: from the cache when it
    holds this very text, else parsed (and then cached). A cache that cannot be read or written,
    or holds anything else, is parsed around, never an error."""
    cache = paths.cache_dir() / CACHE_NAME
    key = str(path.absolute())
    try:
        entries = json.loads(cache.read_bytes(), object_hook=_uncached)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        entries = None
    if not isinstance(entries, dict):
        entries = {}
    match entries.get(key):
        case [str() as cached_text, dict() as cached] if cached_text == text:
            return cached
    data = _toml(text, str(path))
    entries.pop(key, None)
    try:
        entries[key] = [text, _cacheable(data)]
    except ValueError:  # a table holding the tag itself: left out of the cache
        return data
    kept = dict(list(entries.items())[-CACHE_ENTRIES:])
    blob = json.dumps(kept, ensure_ascii=False).encode("utf-8")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        files.replace_file(cache, blob)
    except OSError:
        pass
    return data


_CACHE_TAG = "\x00toml"
"""The key of the cache's objects that stand for a TOML date or time: ``{TAG: [kind, ISO]}``.
(A NUL is in no config's key: a table with this key is never cached.)"""
_CACHE_KINDS: dict[str, type[datetime] | type[date] | type[time]] = {
    "datetime": datetime,  # a datetime is a date too: it is looked for first
    "date": date,
    "time": time,
}


def _cacheable(value: Any) -> Any:
    """Return the TOML ``value`` as JSON holds it: dates and times tagged (see
    :data:`_CACHE_TAG`). Raise ValueError for a table that has the tag for a key."""
    if isinstance(value, dict):
        if _CACHE_TAG in value:
            raise ValueError("a table with the cache's tag for a key")
        return {name: _cacheable(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_cacheable(item) for item in value]
    for kind, cls in _CACHE_KINDS.items():
        if isinstance(value, cls):
            return {_CACHE_TAG: [kind, value.isoformat()]}
    return value


def _uncached(table: dict[str, Any]) -> Any:
    """The ``object_hook`` that reads the cache: a tagged object back into its date or time."""
    if _CACHE_TAG in table:
        kind, text = table[_CACHE_TAG]
        return _CACHE_KINDS[kind].fromisoformat(text)
    return table


def _toml(text: str, source: str) -> dict[str, Any]:
    """Return the tables of the TOML ``text``; raise :class:`ConfigError` if it is no TOML."""
    import tomllib  # not at the top: a config read from the cache needs no parser

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(source, [_toml_problem(error)]) from None


def _config_of(data: dict[str, Any], source: str, env: Mapping[str, str], base_dir: Path) -> Config:
    """Given a config's TOML tables, return the validated :class:`Config` (see
    :func:`parse_config`)."""
    reader = _Reader(env, base_dir)
    reader.top_level(data)

    store_table = reader.table(data, "", "store", _STORE_KEYS)
    store_path = reader.path(store_table, "store", "path") or paths.default_store_path(env)

    user = _read_user(reader, reader.table(data, "", "user", _USER_KEYS))
    policy, holidays_code = _read_policy(reader, reader.table(data, "", "policy", _POLICY_KEYS))
    accounts = _read_accounts(reader, data.get("accounts"))
    notify = _read_notify(reader, reader.table(data, "", "notify", _NOTIFY_KEYS))

    templates_table = reader.table(data, "", "templates", _TEMPLATES_KEYS)
    templates_dir, overrides, files = _read_templates_dir(reader, templates_table, user.language)
    daemon_table = reader.table(data, "", "daemon", _DAEMON_KEYS)
    ten_minutes = Span(10, Unit.MINUTES)
    poll = reader.span(daemon_table, "daemon", "poll_every", ten_minutes, units=_FIXED_UNITS)
    poll_every = poll.fixed or timedelta(minutes=10)
    if poll_every < timedelta(minutes=1):
        reader.problem("daemon.poll_every", f"{poll} is too often: one minute at least")
    tracking = _read_tracking(reader, reader.table(data, "", "tracking", _TRACKING_KEYS))

    if reader.problems:
        raise ConfigError(source, reader.problems)

    return Config(
        source=Path(source),
        store_path=store_path,
        user=user,
        policy=policy,
        holidays_code=holidays_code,
        accounts=accounts,
        notify=notify,
        templates_dir=templates_dir,
        templates=_Templates(overrides, templates_dir),
        template_files=MappingProxyType(
            {language: MappingProxyType(named) for language, named in files.items()}
        ),
        daemon=DaemonConfig(poll_every=poll_every),
        tracking=tracking,
    )


def default_timezone(env: Mapping[str, str], localtime: Path = Path("/etc/localtime")) -> str:
    """Given the environment, return the user's IANA time zone name.

    That is ``$TZ`` if it names a known zone (a leading ":" is allowed, as POSIX does), else the
    zone that ``localtime`` links to inside a zoneinfo directory, else "UTC".
    """
    tz = env.get("TZ", "").strip().removeprefix(":")
    if _is_timezone(tz):
        return tz
    try:
        target = str(localtime.readlink()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.rsplit("zoneinfo/", 1)[1]
        for prefix in ("posix/", "right/"):
            name = name.removeprefix(prefix)
        if _is_timezone(name):
            return name
    return "UTC"


def starter_config(
    name: str, address: str | None, timezone: str, holidays: str, *, desktop: bool = True
) -> str:
    """Given the user's name, address, time zone and holidays code, return a starter config.

    The text is what ``watcher init`` writes: short, commented, and valid for :func:`parse_config`
    when the arguments are (an IANA time zone, a holidays code or ""). The mailbox account is
    a commented-out example, filled in with ``address`` when given.
    """
    example_address = address or "you@example.com"
    domain = example_address.rsplit("@", 1)[-1]
    lines = [
        "# watcher configuration, written by `watcher init`.",
        "# Every key is optional: config.example.toml documents them all, with their defaults.",
        "",
        "[user]",
        f"name = {_toml_string(name)}        # signs the drafts (none are made without it)",
        "# signature = ...        # ends every draft; defaults to the name",
        '# language = "en"        # the drafts\' language: "en", "fr", "de" or "es"'
        " (one interview's: `track add --language`)",
        "",
        "[policy]",
        f"timezone = {_toml_string(timezone)}",
        f"holidays = {_toml_string(holidays)}"
        '        # public holidays skipped as business days: "US", "FR", "US-CA"; "" for none',
        "# extra_holidays = []    # your own days off, such as [2026-12-24]",
        '# thank_you_within = "24 hours"',
        '# follow_up_after = "5 business days"',
        "# max_follow_ups = 2",
        "# learn_windows = false  # true: follow up when your own history says, once it has"
        " five answers (company, ATS, format)",
        "",
        "# The mailbox to watch: uncomment and fill in. The password comes from the OS keyring,",
        "# or from password_command when it is set. Add one [[accounts]] table per mailbox.",
        "# [[accounts]]",
        '# name = "personal"',
        f"# host = {_toml_string('imap.' + domain)}",
        f"# username = {_toml_string(example_address)}",
        f"# addresses = [{_toml_string(example_address.lower())}]",
        '# password_command = "pass show mail/personal"',
        "",
        "[tracking]",
        '# from_mail = "suggest"   # an interview invitation found in your mail: "suggest" it'
        ' (`watcher track accept ID`), "track" it at once, or "off"',
        "",
        "[notify]",
        "desktop = true  # notifications on this desktop (needs a session bus)"
        if desktop
        else "desktop = false  # no desktop session here: add [notify.email] for nudges by mail",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Reading tables: every getter records a problem and returns a usable default when a value is
# wrong, so that reading goes on and every problem is found in one pass.


class _Reader:
    def __init__(self, env: Mapping[str, str], base_dir: Path) -> None:
        self.env = env
        self.base_dir = base_dir
        self.problems: list[str] = []
        self.bad: set[str] = set()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")
        self.bad.add(where)

    def top_level(self, data: Mapping[str, object]) -> None:
        known = ", ".join(_SECTIONS)
        for key, value in data.items():
            if key in _SECTIONS:
                continue
            homes = [section for section, keys in _SECTIONS.items() if key in keys]
            if isinstance(value, dict | list):
                hint = _did_you_mean(key, list(_SECTIONS))
                self.problem(key, f"unknown section{_hint(hint)} (known sections: {known})")
            elif homes:
                self.problem(
                    key,
                    f"unknown top-level key: put it under [{homes[0]}] (known sections: {known})",
                )
            else:
                self.problem(key, f"unknown top-level key (known sections: {known})")

    def table(
        self, parent: Mapping[str, object], prefix: str, key: str, known: Sequence[str]
    ) -> dict[str, object]:
        """Return the table at ``key`` ({} if absent), reporting a wrong type and unknown keys."""
        where = _join(prefix, key)
        value = parent.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(where, f"expected a table ([{where}]), got {_describe(value)}")
            return {}
        self.unknown_keys(value, where, known)
        return value

    def unknown_keys(self, table: Mapping[str, object], where: str, known: Sequence[str]) -> None:
        for key in table:
            if key not in known:
                hint = _did_you_mean(key, known)
                self.problem(
                    _join(where, key), f"unknown key{_hint(hint)} (known keys: {', '.join(known)})"
                )

    def string(
        self,
        table: Mapping[str, object],
        prefix: str,
        key: str,
        *,
        empty_ok: bool = False,
        if_empty: str | None = None,
    ) -> str | None:
        """Return the string at ``key``, or None if it is absent or invalid (``if_empty``: the
        fix of an empty one, when the key has no default)."""
        value = table.get(key)
        if value is None:
            return None
        where = _join(prefix, key)
        if not isinstance(value, str):
            self.problem(where, f"expected a string, got {_describe(value)}")
            return None
        if not empty_ok and not value.strip():
            fix = f": {if_empty}" if if_empty else " (remove the key to use the default)"
            self.problem(where, f"must not be empty{fix}")
            return None
        return value

    def boolean(self, table: Mapping[str, object], prefix: str, key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(_join(prefix, key), f"expected true or false, got {_describe(value)}")
            return default
        return value

    def integer(
        self,
        table: Mapping[str, object],
        prefix: str,
        key: str,
        default: int,
        low: int,
        high: int,
    ) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(
                _join(prefix, key),
                f"expected an integer from {low} to {high}, got {_describe(value)}",
            )
            return default
        return value

    def seconds(
        self, table: Mapping[str, object], prefix: str, key: str, default: float, high: float
    ) -> float:
        """A number of seconds (integer or decimal) above 0 and at most ``high``."""
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= high:
            self.problem(
                _join(prefix, key),
                f"expected a number of seconds above 0 and at most {high:g}, such as 30, got "
                f"{_describe(value)}",
            )
            return default
        return float(value)

    def choice(
        self,
        table: Mapping[str, object],
        prefix: str,
        key: str,
        choices: Sequence[_Choice],
        default: _Choice,
    ) -> _Choice:
        value = table.get(key, default)
        if isinstance(value, str):
            for choice in choices:
                if value.strip().lower() == choice:
                    return choice
        quoted = ", ".join(f'"{choice}"' for choice in choices)
        self.problem(_join(prefix, key), f"expected one of {quoted}, got {_describe(value)}")
        return default

    def path(
        self,
        table: Mapping[str, object],
        prefix: str,
        key: str,
        *,
        if_empty: str | None = None,
    ) -> Path | None:
        """Return the path at ``key`` (``~`` expanded, relative to the config's directory)."""
        text = self.string(table, prefix, key, if_empty=if_empty)
        if text is None:
            return None
        return _resolve_path(text.strip(), self.env, self.base_dir)

    def span(
        self,
        table: Mapping[str, object],
        prefix: str,
        key: str,
        default: Span,
        *,
        units: frozenset[Unit] | None = None,
        zero_ok: bool = False,
    ) -> Span:
        """Return the span of time at ``key``, limited to ``units`` when given."""
        value = table.get(key)
        if value is None:
            return default
        return self.span_value(value, _join(prefix, key), default, units=units, zero_ok=zero_ok)

    def span_value(
        self,
        value: object,
        where: str,
        default: Span,
        *,
        units: frozenset[Unit] | None = None,
        zero_ok: bool = False,
    ) -> Span:
        if not isinstance(value, str):
            self.problem(
                where, f"expected text such as {_quote(str(default))}, got {_describe(value)}"
            )
            return default
        try:
            span = parse_span(value)
        except ValueError as error:
            self.problem(where, str(error))
            return default
        if units is not None and span.unit not in units:
            allowed = _or_list([str(unit) for unit in Unit if unit in units])
            self.problem(
                where,
                f"{_quote(value)} is in {span.unit}: use {allowed} here, "
                f"such as {_quote(str(default))}",
            )
            return default
        if span.amount == 0 and not zero_ok:
            self.problem(where, f"{_quote(value)} is no time at all: use more than 0")
            return default
        return span


# ---------------------------------------------------------------------------------------------
# The sections.


def _read_user(reader: _Reader, table: Mapping[str, object]) -> UserConfig:
    """Read ``[user]``. A missing or placeholder name is no problem here (mail is still
    checked): it stays as written, or empty, and :func:`user_warnings` tells the fix."""
    name = (reader.string(table, "user", "name", empty_ok=True) or "").strip()
    signature = (reader.string(table, "user", "signature", empty_ok=True) or "").rstrip()
    language = reader.choice(table, "user", "language", DRAFT_LANGUAGES, "en")
    return UserConfig(name=name, signature=signature or name, language=language)


def user_warnings(config: Config) -> list[str]:
    """Given a valid config, return what keeps watcher from making drafts in the user's name:
    a missing or placeholder ``[user] name`` or ``signature`` (see
    :func:`watcher.settings.is_placeholder_name`), each as a sentence naming the fix."""
    where = config.source or "the configuration file"
    user = config.user
    warnings = []
    if is_placeholder_name(user.name):
        what = f"is {user.name!r}, a placeholder" if user.name else "is missing"
        warnings.append(
            f"[user] name {what}: drafts are not made until it is your real name; write "
            f'name = "Your Name" under [user] in {where}'
        )
    if user.signature != user.name and is_placeholder_name(user.signature):
        warnings.append(
            f"[user] signature is {user.signature!r}, a placeholder: drafts are not made "
            f'until it is how you sign; write signature = "Your Name" under [user] in {where} '
            "(or remove it: the signature is then the name)"
        )
    return warnings


def _read_tracking(reader: _Reader, table: Mapping[str, object]) -> TrackingConfig:
    """Read ``[tracking]``: ``from_mail`` is one of :data:`FROM_MAIL`."""
    value = table.get("from_mail", "suggest")
    for choice in FROM_MAIL:
        if isinstance(value, str) and value.strip().lower() == choice:
            return TrackingConfig(from_mail=choice)
    reader.problem(
        "tracking.from_mail",
        f'expected "suggest" (an interview found in mail waits for `watcher track accept`), '
        f'"track" (it is tracked at once) or "off" (mail never adds or moves one), got '
        f"{_describe(value)}",
    )
    return TrackingConfig()


def _read_policy(reader: _Reader, table: Mapping[str, object]) -> tuple[PolicySettings, str]:
    defaults = PolicySettings()
    p = "policy"

    timezone = _read_timezone(reader, table)
    workdays = _read_workdays(reader, table.get("workdays"))
    holidays_code, country = _read_holidays(reader, table.get("holidays", ""))
    extra = _read_extra_holidays(reader, table.get("extra_holidays", []))

    workday_start = defaults.workday_start
    if "workday_start" in table:
        clock = _read_clock(reader, table["workday_start"], f"{p}.workday_start")
        workday_start = clock if clock is not None else defaults.workday_start

    fixed = _FIXED_UNITS
    length = reader.span(table, p, "interview_length", Span(1, Unit.HOURS), units=fixed)
    thank_within = reader.span(table, p, "thank_you_within", defaults.thank_you_within, units=fixed)
    thank_until = reader.span(table, p, "thank_you_until", defaults.thank_you_until, units=fixed)
    follow_after = reader.span(table, p, "follow_up_after", defaults.follow_up_after)
    follow_by = reader.span(table, p, "follow_up_by", defaults.follow_up_by)
    panel_extra = reader.span(table, p, "panel_extra", defaults.panel_extra, zero_ok=True)
    max_follow_ups = reader.integer(table, p, "max_follow_ups", defaults.max_follow_ups, 0, 5)
    spacing = reader.span(table, p, "follow_up_spacing", defaults.follow_up_spacing)
    factor, move_on_after = _read_move_on(reader, table.get("move_on_after"))
    check_in = _read_check_in(reader, table.get("check_in_every", False))
    close_for = reader.span(
        table, p, "graceful_close_for", defaults.graceful_close_for, units=fixed
    )
    expedite = reader.boolean(table, p, "expedite", defaults.expedite)
    quiet_hours = _read_quiet_hours(reader, table.get("quiet_hours", False))
    learn_windows = reader.boolean(table, p, "learn_windows", defaults.learn_windows)

    _check_order(reader, "thank_you_until", thank_until, "thank_you_within", thank_within)
    _check_order(reader, "follow_up_by", follow_by, "follow_up_after", follow_after)

    policy = PolicySettings(
        timezone=timezone,
        workdays=workdays,
        holidays=HolidayCalendar(code=holidays_code, extra=extra, country=country),
        workday_start=workday_start,
        interview_length=length.fixed or timedelta(hours=1),
        thank_you_within=thank_within,
        thank_you_until=thank_until,
        follow_up_after=follow_after,
        follow_up_by=follow_by,
        panel_extra=panel_extra,
        max_follow_ups=max_follow_ups,
        follow_up_spacing=spacing,
        move_on_factor=factor,
        move_on_after=move_on_after,
        check_in_every=check_in,
        graceful_close_for=close_for,
        expedite=expedite,
        quiet_hours=quiet_hours,
        learn_windows=learn_windows,
    )
    return policy, holidays_code


def _read_timezone(reader: _Reader, table: Mapping[str, object]) -> zoneinfo.ZoneInfo:
    where = "policy.timezone"
    value = table.get("timezone")
    if value is None:
        return zoneinfo.ZoneInfo(default_timezone(reader.env))
    if not isinstance(value, str):
        reader.problem(
            where, f'expected a time zone name such as "Europe/Paris", got {_describe(value)}'
        )
        return zoneinfo.ZoneInfo("UTC")
    name = value.strip()
    if _is_timezone(name):
        return zoneinfo.ZoneInfo(name)
    message = (
        f"unknown time zone {_quote(value)}: write an IANA name such as "
        '"Europe/Paris", "America/New_York" or "UTC"'
    )
    hint = suggest_timezone(name)
    reader.problem(where, f"{message} (did you mean {_quote(hint)}?)" if hint else message)
    return zoneinfo.ZoneInfo("UTC")


def _read_workdays(reader: _Reader, value: object) -> frozenset[int]:
    where = "policy.workdays"
    if value is None:
        return frozenset(range(5))
    help_text = 'a list of day names such as ["mon", "tue", "wed", "thu", "fri"]'
    if not isinstance(value, list):
        reader.problem(where, f"expected {help_text}, got {_describe(value)}")
        return frozenset(range(5))
    if not value:
        reader.problem(where, f"must name at least one working day: write {help_text}")
        return frozenset(range(5))
    days: set[int] = set()
    for index, item in enumerate(value):
        item_where = f"{where}[{index}]"
        word = item.strip().lower() if isinstance(item, str) else None
        if word in WEEKDAYS:
            day = WEEKDAYS.index(word)
        elif word in _DAY_NAMES:
            day = _DAY_NAMES.index(word)
        else:
            reader.problem(
                item_where,
                f"expected a day name ({', '.join(WEEKDAYS)}), got {_describe(item)}",
            )
            continue
        if day in days:
            reader.problem(item_where, f'"{WEEKDAYS[day]}" is listed twice')
        days.add(day)
    return frozenset(days) or frozenset(range(5))


def _read_holidays(reader: _Reader, value: object) -> tuple[str, object]:
    """Return the normalised holidays code and the holidays package's calendar (or None)."""
    where = "policy.holidays"
    example = 'a country code such as "US", "FR" or "DE", optionally with a subdivision ("US-CA")'
    if value is False or value == "":
        return "", None
    if not isinstance(value, str):
        reader.problem(where, f'expected {example}, or "" for none; got {_describe(value)}')
        return "", None
    match = re.match(_HOLIDAYS_RE, value.strip())
    if match is None:
        reader.problem(
            where, f'{_quote(value)} is not a country code: write {example}, or "" for none'
        )
        return "", None
    country, subdivision = match.group(1).upper(), match.group(2)
    # The holidays package takes ~20 ms to import: only a config that names a country pays it.
    import holidays as holidays_package

    try:
        calendar = holidays_package.country_holidays(country)
    except (NotImplementedError, KeyError):
        reader.problem(
            where,
            f"unknown country code {_quote(country)}: the holidays package knows ISO 3166 codes "
            f'such as "US", "FR" or "DE", optionally with a subdivision ("US-CA")',
        )
        return "", None
    if subdivision is None:
        return country, calendar
    known = tuple(str(code) for code in getattr(calendar, "subdivisions", ()))
    for candidate in (subdivision, subdivision.upper()):
        try:
            calendar = holidays_package.country_holidays(country, subdiv=candidate)
        except (NotImplementedError, KeyError):
            continue
        return f"{country}-{candidate}", calendar
    listed = ", ".join(known) if known else "none"
    reader.problem(
        where, f"{_quote(country)} has no subdivision {_quote(subdivision)} (known: {listed})"
    )
    return "", None


def _read_extra_holidays(reader: _Reader, value: object) -> frozenset[date]:
    where = "policy.extra_holidays"
    example = "a list of dates such as [2026-12-24, 2026-12-31]"
    if not isinstance(value, list):
        reader.problem(where, f"expected {example}, got {_describe(value)}")
        return frozenset()
    days: set[date] = set()
    for index, item in enumerate(value):
        item_where = f"{where}[{index}]"
        if isinstance(item, datetime):
            reader.problem(item_where, f"expected a date without a time, got {_describe(item)}")
        elif isinstance(item, date):
            days.add(item)
        elif isinstance(item, str):
            try:
                days.add(date.fromisoformat(item.strip()))
            except ValueError:
                reader.problem(item_where, f"{_quote(item)} is not a date: write it as 2026-12-24")
        else:
            reader.problem(item_where, f"expected a date such as 2026-12-24, got {_describe(item)}")
    return frozenset(days)


def _read_clock(reader: _Reader, value: object, where: str) -> time | None:
    """Return a time of day written "HH:MM" (or a TOML time), or None after a problem."""
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, str):
        parsed = _parse_clock(value)
        if parsed is not None:
            return parsed
    reader.problem(
        where, f'expected a time of day written HH:MM such as "09:00", got {_describe(value)}'
    )
    return None


def _read_move_on(reader: _Reader, value: object) -> tuple[float, Span | None]:
    where = "policy.move_on_after"
    if value is None:
        return 2.0, None
    help_text = 'a factor of the expected window such as "2x", or a span such as "3 weeks"'
    if not isinstance(value, str):
        reader.problem(where, f"expected {help_text}, got {_describe(value)}")
        return 2.0, None
    factor = re.match(_FACTOR_RE, value)
    if factor is not None:
        number = float(factor.group(1))
        if number < 1:
            reader.problem(
                where, f"{_quote(value)} is shorter than the window itself: use 1x or more"
            )
            return 2.0, None
        return number, None
    try:
        span = parse_span(value)
    except ValueError:
        reader.problem(where, f"{_quote(value)} is neither: write {help_text}")
        return 2.0, None
    if span.amount == 0:
        reader.problem(where, f"{_quote(value)} is no time at all: use more than 0")
        return 2.0, None
    return 2.0, span


def _read_check_in(reader: _Reader, value: object) -> Span | None:
    where = "policy.check_in_every"
    if value is False:
        return None
    if value is True:
        reader.problem(where, 'write how often, such as "3 months", or false for never')
        return None
    return reader.span_value(value, where, Span(3, Unit.MONTHS), units=_CHECK_IN_UNITS)


def _read_quiet_hours(reader: _Reader, value: object) -> tuple[time, time] | None:
    where = "policy.quiet_hours"
    if value is False:
        return None
    help_text = 'a range written "21:00-08:00" (it may cross midnight), or false for none'
    if not isinstance(value, str):
        reader.problem(where, f"expected {help_text}, got {_describe(value)}")
        return None
    parts = re.split(r"[-–]", value)
    clocks = [_parse_clock(part) for part in parts] if len(parts) == 2 else []
    if len(clocks) != 2 or clocks[0] is None or clocks[1] is None:
        reader.problem(where, f"{_quote(value)} is not a range: write {help_text}")
        return None
    start, end = clocks[0], clocks[1]
    if start == end:
        reader.problem(where, f"{_quote(value)} starts and ends at the same time: widen it")
        return None
    return start, end


def _check_order(
    reader: _Reader, later_key: str, later: Span, earlier_key: str, earlier: Span
) -> None:
    """Report ``later_key`` if it comes before ``earlier_key`` (when the two can be compared)."""
    later_where, earlier_where = f"policy.{later_key}", f"policy.{earlier_key}"
    if later_where in reader.bad or earlier_where in reader.bad:
        return
    later_fixed, earlier_fixed = later.fixed, earlier.fixed
    if later_fixed is not None and earlier_fixed is not None:
        wrong = later_fixed < earlier_fixed
    elif later.unit == earlier.unit:
        wrong = later.amount < earlier.amount
    else:
        return
    if wrong:
        reader.problem(
            later_where,
            f'"{later}" is shorter than {earlier_key} ("{earlier}"): make it the same or longer',
        )


def _read_accounts(reader: _Reader, value: object) -> tuple[Account, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        reader.problem(
            "accounts", f"expected one [[accounts]] table per mailbox, got {_describe(value)}"
        )
        return ()
    accounts: list[Account] = []
    names: dict[str, int] = {}
    owners: dict[str, int] = {}
    for index, table in enumerate(value):
        where = f"accounts[{index}]"
        reader.unknown_keys(table, where, _ACCOUNT_KEYS)
        name, addresses, account = _read_account(reader, table, where)
        if name is None or not addresses:
            continue
        if name in names:
            reader.problem(
                f"{where}.name",
                f"{_quote(name)} is already the name of accounts[{names[name]}]: "
                "names must be unique",
            )
        names.setdefault(name, index)
        for address in addresses:
            if address in owners and owners[address] != index:
                reader.problem(
                    f"{where}.addresses",
                    f"{_quote(address)} is already listed in accounts[{owners[address]}]",
                )
            owners.setdefault(address, index)
        if account is not None:
            accounts.append(account)
    return tuple(accounts)


def _read_account(
    reader: _Reader, table: Mapping[str, object], where: str
) -> tuple[str | None, tuple[str, ...], Account | None]:
    """Return the account's name and addresses as far as they are valid, and the account
    (None when too little of it is valid to build one)."""
    name = reader.string(table, where, "name")
    if name is None and "name" not in table:
        reader.problem(
            f"{where}.name", 'required: a short name for the mailbox, such as "personal"'
        )
    elif name is not None and not re.match(_NAME_RE, name):
        reader.problem(
            f"{where}.name",
            f"{_quote(name)} may use only letters, digits, '_', '.' and '-', such as \"personal\"",
        )

    backend = reader.choice(table, where, "backend", tuple(plugins.BACKENDS), "imap")
    backend_bad = f"{where}.backend" in reader.bad
    ca_file = reader.path(table, where, "ca_file")
    if ca_file is not None and not ca_file.is_file():
        reader.problem(f"{where}.ca_file", f"no file at {ca_file}")
    addresses = _read_addresses(reader, table, where)
    folders = _read_folders(reader, table, where)
    timeout = reader.seconds(table, where, "timeout", DEFAULT_TIMEOUT, MAX_TIMEOUT)
    if backend_bad:
        return name, addresses, None  # the other keys depend on the backend: not checked
    if backend == "gmail":
        gmail = _read_gmail_account(reader, table, where)
        if name is None or not addresses or gmail is None:
            return name, addresses, None
        client_secrets, token_file, api_endpoint = gmail
        account: Account = GmailAccount(
            name=name,
            addresses=addresses,
            folders=folders,
            timeout=timeout,
            client_secrets=client_secrets,
            token_file=token_file,
            api_endpoint=api_endpoint,
        )
        return name, addresses, account
    imap = _read_imap_account(reader, table, where)
    if name is None or not addresses:
        return name, addresses, None
    account = ImapAccount(
        name=name, addresses=addresses, folders=folders, timeout=timeout, ca_file=ca_file, **imap
    )
    return name, addresses, account


def _read_imap_account(reader: _Reader, table: Mapping[str, object], where: str) -> dict[str, Any]:
    """Check the keys of an IMAP account; return its fields but name, addresses, folders and
    ca_file (as keyword arguments of :class:`ImapAccount`)."""
    for key in _GMAIL_ONLY_KEYS:
        if key in table:
            reader.problem(
                f"{where}.{key}",
                'used only by backend = "gmail": remove it, or set backend = "gmail"',
            )
    host = _read_host(reader, table, where, required=True)
    tls = reader.choice(table, where, "tls", TLS_MODES, "ssl")
    port = reader.integer(table, where, "port", IMAP_PORTS[tls], 1, 65535)
    client_secrets = _read_client_secrets(
        reader, table, where, or_else=", or remove the key to log in with a password"
    )
    token_file = reader.path(table, where, "token_file")
    oauth = "client_secrets" in table
    username = _read_imap_username(reader, table, where, oauth=oauth)
    password_command = _read_command(reader, table, where)
    if oauth and "password_command" in table:
        reader.problem(
            f"{where}.password_command",
            "an account logs in either with a password (password_command, or the OS "
            "keyring) or with a Google sign-in (client_secrets, XOAUTH2): choose one and "
            "remove the other",
        )
        password_command = None
    if "token_file" in table and not oauth:
        reader.problem(
            f"{where}.token_file",
            "used only with client_secrets (a Google sign-in): set client_secrets, or remove it",
        )
    _check_plaintext(reader, where, host, tls, "the Google token" if oauth else "the password")
    return {
        "host": host,
        "port": port,
        "tls": tls,
        "username": username,
        "password_command": password_command,
        "client_secrets": client_secrets,
        "token_file": token_file,
    }


def _read_gmail_account(
    reader: _Reader, table: Mapping[str, object], where: str
) -> tuple[Path, Path | None, str | None] | None:
    """Check the keys of a Gmail API account; return its client_secrets, token_file and
    api_endpoint, or None when client_secrets is missing or unusable."""
    for key in _IMAP_ONLY_KEYS:
        if key in table:
            reader.problem(
                f"{where}.{key}",
                'not used by backend = "gmail" (it signs in with OAuth through '
                "client_secrets): remove it",
            )
    client_secrets = _read_client_secrets(
        reader, table, where, or_else=" (a gmail account signs in only with Google)"
    )
    if client_secrets is None and "client_secrets" not in table:
        reader.problem(
            f"{where}.client_secrets",
            "required for Gmail: the OAuth client file downloaded from the Google Cloud "
            'console, such as "~/.config/watcher/client_secret.json"',
        )
    token_file = reader.path(table, where, "token_file")
    api_endpoint = _read_endpoint(reader, table, where)
    if client_secrets is None:
        return None
    return client_secrets, token_file, api_endpoint


def _read_client_secrets(
    reader: _Reader, table: Mapping[str, object], where: str, *, or_else: str
) -> Path | None:
    """Return an account's ``client_secrets`` path if it names a file there (its content is
    checked at login: it is JSON that only the OAuth code reads)."""
    path = reader.path(
        table,
        where,
        "client_secrets",
        if_empty="give the OAuth client file downloaded from the Google Cloud console, such as "
        f'"~/.config/watcher/client_secret.json"{or_else}',
    )
    if path is None:
        return None
    try:
        directory, exists = path.is_dir(), path.exists()
    except OSError as error:  # a directory on the way that cannot be searched
        reader.problem(
            f"{where}.client_secrets", f"{path} cannot be looked at ({error.strerror or error})"
        )
        return path
    if directory:
        reader.problem(
            f"{where}.client_secrets",
            f"{path} is a directory: give the OAuth client file (JSON) downloaded from the "
            "Google Cloud console in it",
        )
    elif not exists:
        reader.problem(
            f"{where}.client_secrets",
            f'no file at {path}: download the OAuth client file of a "Desktop app" client from '
            'the Google Cloud console (see the README\'s "Gmail" section)',
        )
    return path


def _read_imap_username(
    reader: _Reader, table: Mapping[str, object], where: str, *, oauth: bool
) -> str:
    """Return an IMAP account's login name; with a Google sign-in (``oauth``) it must be the
    Google account's address, which XOAUTH2 sends beside the token."""
    username = reader.string(table, where, "username") or ""
    if not oauth:
        if not username and "username" not in table:
            reader.problem(
                f"{where}.username", 'required for IMAP: the login name, such as "you@example.com"'
            )
        return username
    if not username:
        if "username" not in table:
            reader.problem(
                f"{where}.username",
                "required with client_secrets: the address of the Google account you log in "
                'with, such as "you@gmail.com"',
            )
        return ""
    if not re.match(_ADDRESS_RE, username.strip()):
        reader.problem(
            f"{where}.username",
            f"{_quote(username)} is not an email address: with client_secrets it is the address "
            'of the Google account you log in with, such as "you@gmail.com"',
        )
        return ""
    return username.strip()


def _read_addresses(reader: _Reader, table: Mapping[str, object], where: str) -> tuple[str, ...]:
    where = f"{where}.addresses"
    help_text = 'a list of your addresses in this mailbox, such as ["you@example.com"]'
    value = table.get("addresses")
    if value is None:
        reader.problem(where, f"required: {help_text}")
        return ()
    if not isinstance(value, list):
        reader.problem(where, f"expected {help_text}, got {_describe(value)}")
        return ()
    if not value:
        reader.problem(where, f"must list at least one address: {help_text}")
        return ()
    addresses: list[str] = []
    for index, item in enumerate(value):
        address = _check_address(reader, item, f"{where}[{index}]")
        if address is None:
            continue
        if address in addresses:
            reader.problem(f"{where}[{index}]", f"{_quote(address)} is listed twice")
            continue
        addresses.append(address)
    return tuple(addresses)


def _read_folders(reader: _Reader, table: Mapping[str, object], where: str) -> tuple[str, ...]:
    where = f"{where}.folders"
    value = table.get("folders")
    if value is None:
        return ("INBOX",)
    help_text = 'a list of folder names such as ["INBOX"]'
    if not isinstance(value, list) or not value:
        reader.problem(where, f"expected {help_text}, got {_describe(value)}")
        return ("INBOX",)
    folders: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            reader.problem(f"{where}[{index}]", f"expected a folder name, got {_describe(item)}")
        elif item in folders:
            reader.problem(f"{where}[{index}]", f"{_quote(item)} is listed twice")
        else:
            folders.append(item)
    return tuple(folders) or ("INBOX",)


def _read_host(reader: _Reader, table: Mapping[str, object], where: str, *, required: bool) -> str:
    host = reader.string(table, where, "host")
    if host is None:
        if required and "host" not in table:
            reader.problem(
                f"{where}.host", 'required: the server\'s name, such as "imap.example.com"'
            )
        return ""
    host = host.strip()
    if "://" in host or "/" in host or any(character.isspace() for character in host):
        reader.problem(
            f"{where}.host",
            f'{_quote(host)} is not a host name: write only the name, such as "mail.example.com" '
            "(the port goes in port)",
        )
        return ""
    return host


def _read_command(reader: _Reader, table: Mapping[str, object], where: str) -> str | None:
    command = reader.string(table, where, "password_command")
    if command is None:
        return None
    import shlex  # only for a config with a password command

    try:
        shlex.split(command)
    except ValueError as error:
        reader.problem(
            f"{where}.password_command", f"{_quote(command)} is not a valid command: {error}"
        )
        return None
    return command


def _read_endpoint(reader: _Reader, table: Mapping[str, object], where: str) -> str | None:
    endpoint = reader.string(table, where, "api_endpoint")
    if endpoint is None:
        return None
    endpoint = endpoint.strip()
    scheme, _, rest = endpoint.partition("://")
    host = rest.split("/", 1)[0]
    host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if scheme not in ("http", "https") or not host:
        reader.problem(
            f"{where}.api_endpoint",
            f'{_quote(endpoint)} is not a URL: write one such as "https://gmail.example.com"',
        )
        return None
    if scheme == "http" and not is_loopback(host):
        reader.problem(
            f"{where}.api_endpoint",
            f"plain http to {host} would expose the OAuth token: use https "
            "(http is allowed only for localhost, 127.0.0.1 or ::1)",
        )
        return None
    return endpoint


def _read_notify(reader: _Reader, table: Mapping[str, object]) -> NotifyConfig:
    desktop = reader.boolean(table, "notify", "desktop", True)
    email_table = reader.table(table, "notify", "email", _EMAIL_KEYS)
    if "email" not in table or "notify.email" in reader.bad:
        return NotifyConfig(desktop=desktop)
    where = "notify.email"
    host = _read_host(reader, email_table, where, required=True)
    tls = reader.choice(email_table, where, "tls", TLS_MODES, "ssl")
    port = reader.integer(email_table, where, "port", SMTP_PORTS[tls], 1, 65535)
    username = reader.string(email_table, where, "username")
    password_command = _read_command(reader, email_table, where)
    _check_plaintext(reader, where, host, tls)
    from_value = email_table.get("from")
    from_address = None
    if from_value is not None:
        from_address = _check_address(reader, from_value, f"{where}.from")
    else:
        reader.problem(
            f"{where}.from", 'required: the address nudges come from, such as "you@example.com"'
        )
    to_value = email_table.get("to")
    to_address = _check_address(reader, to_value, f"{where}.to") if to_value is not None else None
    email = EmailNotifyConfig(
        host=host,
        port=port,
        tls=tls,
        username=username.strip() if username else None,
        password_command=password_command,
        from_address=from_address or "",
        to_address=to_address or from_address or "",
    )
    return NotifyConfig(desktop=desktop, email=email)


def _read_templates_dir(
    reader: _Reader, table: Mapping[str, object], default_language: str
) -> tuple[Path | None, dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Return the templates directory in use (or None), the templates it overrides (``language
    -> name -> text``) and the file each came from, as problems name it (``language -> name ->
    "fr/thank_you.txt"``).

    ``DIR/<name>.txt`` is a template of ``default_language`` (the configuration's language);
    ``DIR/<language>/<name>.txt`` one of that language. A folder that is no language of
    :data:`DRAFT_LANGUAGES`, a language folder without templates, an unknown template name and
    a template given twice (``thank_you.txt`` and ``en/thank_you.txt`` when English is the
    default) are problems.
    """
    where = "templates.dir"
    directory = reader.path(table, "templates", "dir")
    if directory is None:
        if where in reader.bad:
            return None, {}, {}
        directory = paths.default_templates_dir()
        if not directory.is_dir():
            return None, {}, {}
    elif not directory.is_dir():
        reader.problem(
            where,
            f"no directory at {directory}: create it, or remove the key to use the built-in "
            "templates",
        )
        return None, {}, {}
    known = ", ".join(f"{name}.txt" for name in TEMPLATE_NAMES)
    languages = ", ".join(DRAFT_LANGUAGES)
    overrides: dict[str, dict[str, str]] = {}
    files: dict[str, dict[str, str]] = {}

    def read(file: Path, language: str, label: str) -> None:
        if file.stem not in TEMPLATE_NAMES:
            reader.problem(where, f'unknown template "{label}" (known: {known})')
            return
        if file.stem in overrides.get(language, {}):
            reader.problem(
                where,
                f'"{label}" and "{files[language][file.stem]}" are both the {language} '
                f"{file.stem} template: keep one of them",
            )
            return
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            reader.problem(where, f'"{label}" is not UTF-8 text: save it as UTF-8')
            return
        except OSError as error:
            reader.problem(where, f'cannot read "{label}": {error.strerror}')
            return
        overrides.setdefault(language, {})[file.stem] = text
        files.setdefault(language, {})[file.stem] = label

    entries = sorted(directory.iterdir())
    for entry in entries:
        if entry.is_file() and entry.suffix == ".txt":
            read(entry, default_language, entry.name)
    for entry in entries:
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        if entry.name not in DRAFT_LANGUAGES:
            reader.problem(
                where,
                f'unknown language folder "{entry.name}": drafts are written in {languages}; '
                "rename the folder to one of them, or move it out of the templates directory",
            )
            continue
        texts = sorted(f for f in entry.iterdir() if f.is_file() and f.suffix == ".txt")
        if not texts:
            reader.problem(
                where,
                f'the language folder "{entry.name}" holds no templates: put NAME.txt files in '
                f"it ({known}), or remove it to use the built-in ones",
            )
        for file in texts:
            read(file, entry.name, f"{entry.name}/{file.name}")
    return directory, overrides, files


# ---------------------------------------------------------------------------------------------
# Small helpers.


def address_problem(text: str) -> str | None:
    """Return what is wrong with ``text`` as an email address ("you@example.com"), or None."""
    if re.match(_ADDRESS_RE, text.strip()):
        return None
    return f'{_quote(text)} is not an email address: write it as "you@example.com"'


def _check_address(reader: _Reader, value: object, where: str) -> str | None:
    """Return the lower-cased address, or None after recording a problem."""
    if not isinstance(value, str):
        reader.problem(
            where, f'expected an address such as "you@example.com", got {_describe(value)}'
        )
        return None
    address = value.strip().lower()
    if not re.match(_ADDRESS_RE, address):
        reader.problem(
            where, f'{_quote(value)} is not an email address: write it as "you@example.com"'
        )
        return None
    return address


def _check_plaintext(
    reader: _Reader, where: str, host: str, tls: str, what: str = "the password"
) -> None:
    """Refuse ``tls = "none"`` to another machine: it would send ``what`` in plaintext."""
    if tls == "none" and host and not is_loopback(host):
        reader.problem(
            f"{where}.tls",
            f'"none" would send {what} in plaintext to {host} and expose it: use "ssl" or '
            '"starttls" ("none" is allowed only for localhost, 127.0.0.1 or ::1)',
        )


def _parse_clock(text: str) -> time | None:
    match = re.match(_HHMM_RE, text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def suggest_timezone(name: str) -> str | None:
    """Given a time zone name that is not one, return the IANA zone it most likely means, or
    None: the zone of that name in any case ("europe/paris"), else the zone whose last part is
    that name ("Paris", "new york": "Europe/Paris", "America/New_York"), else the closest in
    spelling ("Europe/Pariss", "Pariss")."""
    zones = sorted(
        (z for z in _timezones() if _is_timezone(z) and not z.startswith(("posix/", "right/"))),
        key=lambda zone: (zone.count("/"), zone),
    )
    word = "_".join(name.split()).lower()
    if not word:
        return None
    by_name = {zone.lower(): zone for zone in zones}
    by_city: dict[str, str] = {}
    for zone in zones:  # the shallowest first: America/Indianapolis, not America/Indiana/...
        by_city.setdefault(zone.rpartition("/")[2].lower(), zone)
    for names in (by_name, by_city):
        if word in names:
            return names[word]
        close = get_close_matches(word, list(names), n=1, cutoff=0.8)
        if close:
            return names[close[0]]
    return None


def _is_timezone(name: str) -> bool:
    """Return True if ``name`` is a known IANA zone (not a file such as "localtime"), spelled
    exactly (not "europe/paris", which a case-blind file system would find)."""
    if name in ("localtime", "posixrules") or name.startswith(("posix/", "right/")):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe"
        return False
    # Listing every zone (zoneinfo.available_timezones) costs a command's start 10 ms; the
    # folders on the way to this one's file are enough to know its spelling.
    return _spelled_as_a_file(name) or name in _timezones()


def _spelled_as_a_file(name: str) -> bool:
    """Return True if a zone file of ``name``, each part spelled as given, is in ``TZPATH``."""
    for root in zoneinfo.TZPATH:
        folder = Path(root)
        for part in name.split("/"):
            try:
                # Names, not Paths: a Path for each of the 600 entries of the top folder
                # costs a command's start a millisecond.
                if part not in os.listdir(folder):  # noqa: PTH208
                    break
            except OSError:
                break
            folder = folder / part
        else:
            return folder.is_file()
    return False


def _resolve_path(text: str, env: Mapping[str, str], base_dir: Path) -> Path:
    """Expand ``~`` (with ``env["HOME"]`` when set) and anchor a relative path at ``base_dir``."""
    home = env.get("HOME")
    if home and (text == "~" or text.startswith("~/")):
        path = Path(home) / text[2:]
    else:
        path = Path(os.path.expanduser(text))  # noqa: PTH111 (handles ~user too)
    return path if path.is_absolute() else base_dir / path


def _toml_problem(error: TOMLDecodeError) -> str:
    message = str(error)
    match = re.search(_TOML_WHERE_RE, message)
    if match is None:
        return f"invalid TOML: {message}"
    message = message[: match.start()]
    if match.group(1) is None:
        return f"end of file: invalid TOML: {message}"
    return f"line {match.group(1)}, column {match.group(2)}: invalid TOML: {message}"


def _describe(value: object) -> str:
    """Describe a TOML value for a message: its type and, for scalars, the value itself."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"a string ({_quote(shown)})"
    if isinstance(value, datetime):
        return f"a date-time ({value.isoformat()})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _did_you_mean(word: str, choices: Sequence[str], *, ignore_case: bool = False) -> str | None:
    """Return the choice ``word`` is most likely a typo of, or None."""
    if ignore_case:
        folded = {choice.lower(): choice for choice in choices}
        if word.lower() in folded:
            return folded[word.lower()]
    close = get_close_matches(word, choices, n=1, cutoff=0.75)
    return close[0] if close else None


def _hint(suggestion: str | None) -> str:
    return f", did you mean {_quote(suggestion)}?" if suggestion else ""


def _or_list(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def get_close_matches(word: str, choices: Sequence[str], *, n: int, cutoff: float) -> list[str]:
    """difflib's, imported when a name is misspelled (not at every command's start)."""
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def _toml_string(text: str) -> str:
    """Return ``text`` as a TOML basic string (JSON's escapes are all valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


class _Templates(Mapping[str, Mapping[str, str]]):
    """The templates of every language of :data:`DRAFT_LANGUAGES` (``language -> name ->
    text``): the user's own (``overrides``) and the built-in ones for the rest, each language
    read the first time it is asked for (a command that writes no draft reads none)."""

    def __init__(self, overrides: Mapping[str, Mapping[str, str]], where: Path | None) -> None:
        self._overrides = overrides
        self._where = where
        self._read: dict[str, Mapping[str, str]] = {}

    def __getitem__(self, language: str) -> Mapping[str, str]:
        if language not in self._read:
            if language not in DRAFT_LANGUAGES:
                raise KeyError(language)
            texts = dict(self._overrides.get(language, {}))
            for name in TEMPLATE_NAMES:
                if name in texts:
                    continue
                builtin = _builtin_template(language, name)
                if builtin is None:
                    where = self._where or paths.default_templates_dir()
                    raise WatcherError(
                        f"the built-in template {language}/{name}.txt is missing from the "
                        "installed watcher package (watcher/data/templates): reinstall watcher, "
                        f"or put your own {name}.txt in {where / language}"
                    )
                texts[name] = builtin
            self._read[language] = MappingProxyType({name: texts[name] for name in TEMPLATE_NAMES})
        return self._read[language]

    def __contains__(self, language: object) -> bool:
        return language in DRAFT_LANGUAGES

    def __iter__(self) -> Iterator[str]:
        return iter(DRAFT_LANGUAGES)

    def __len__(self) -> int:
        return len(DRAFT_LANGUAGES)

    def __repr__(self) -> str:
        return f"_Templates(overrides={dict(self._overrides)!r}, where={self._where!r})"


def _builtin_template(language: str, name: str) -> str | None:
    """Return the built-in template ``watcher/data/templates/<language>/<name>.txt``, or None."""
    from importlib import resources  # when a draft needs a template

    resource = resources.files("watcher").joinpath("data", "templates", language, f"{name}.txt")
    try:
        return resource.read_text(encoding="utf-8")
    except OSError:
        return None
