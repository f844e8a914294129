"""Tests of watcher.config: TOML in, a typed Config out, every problem listed with its path."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import platformdirs
import pytest

from watcher import config as config_module
from watcher.config import (
    MissingConfigError,
    default_timezone,
    load_config,
    parse_config,
    starter_config,
    user_warnings,
)
from watcher.errors import ConfigError, WatcherError
from watcher.models import DRAFT_LANGUAGES, TEMPLATE_NAMES, PolicySettings
from watcher.record import replace
from watcher.settings import (
    Config,
    EmailNotifyConfig,
    GmailAccount,
    HolidayCalendar,
    ImapAccount,
    UserConfig,
)
from watcher.spans import Span, Unit

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"


@pytest.fixture(autouse=True)
def _xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep platformdirs (default store and templates dir) away from the real home."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), "USER": "tester", "TZ": "Europe/Paris"}


def parse(text: str, env: dict[str, str], base_dir: Path) -> Config:
    return parse_config(text, source="test.toml", env=env, base_dir=base_dir)


def problems_of(text: str, env: dict[str, str], base_dir: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse(text, env, base_dir)
    return caught.value.problems


def account(**keys: object) -> str:
    """Return an [[accounts]] table: a valid IMAP account with ``keys`` changed (None drops one)."""
    table: dict[str, object] = {
        "name": "personal",
        "host": "imap.example.com",
        "username": "me@example.com",
        "addresses": ["me@example.com"],
    }
    table.update(keys)
    lines = ["[[accounts]]"]
    for key, value in table.items():
        if value is not None:
            lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return str(value)


# ---------------------------------------------------------------------------------------------
# The example file and the defaults.


def test_example_file_loads_with_the_documented_values(env: dict[str, str]) -> None:
    config = load_config(EXAMPLE, env)

    assert config.source == EXAMPLE
    assert config.user.name == "Alex Example"
    policy = config.policy
    assert policy.timezone == ZoneInfo("America/New_York")
    assert config.holidays_code == "US"
    assert policy.workdays == frozenset({0, 1, 2, 3, 4})
    assert date(2026, 12, 24) in policy.holidays
    assert date(2026, 11, 26) in policy.holidays
    assert policy.workday_start == time(9, 0)
    assert policy.interview_length == timedelta(hours=1)
    assert policy.thank_you_within == Span(24, Unit.HOURS)
    assert policy.thank_you_until == Span(3, Unit.DAYS)
    assert policy.follow_up_after == Span(5, Unit.BUSINESS_DAYS)
    assert policy.follow_up_by == Span(7, Unit.BUSINESS_DAYS)
    assert policy.panel_extra == Span(2, Unit.BUSINESS_DAYS)
    assert policy.max_follow_ups == 2
    assert policy.follow_up_spacing == Span(5, Unit.BUSINESS_DAYS)
    assert policy.move_on_factor == 2.0
    assert policy.move_on_after is None
    assert policy.check_in_every == Span(3, Unit.MONTHS)
    assert policy.graceful_close_for == Span(7, Unit.DAYS)
    assert policy.expedite is True
    assert policy.quiet_hours == (time(21, 0), time(8, 0))
    assert policy.learn_windows is False
    assert config.accounts == (
        ImapAccount(
            name="personal",
            host="imap.example.com",
            port=993,
            tls="ssl",
            ca_file=None,
            username="alex@example.com",
            password_command="pass show mail/example",
            addresses=("alex@example.com", "alex.example@example.org"),
            folders=("INBOX",),
        ),
    )
    assert config.notify.desktop is True
    assert config.notify.email is None


def test_the_example_imap_account_with_a_google_sign_in_loads_when_uncommented(
    env: dict[str, str],
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    imap = uncomment_block(text, "[[accounts]]", occurrence=1)
    home = Path(env["HOME"])
    (home / ".config/watcher").mkdir(parents=True)
    (home / ".config/watcher/client_secret.json").write_text("{}")

    config = parse(text + imap, env, EXAMPLE.parent)

    google = config.accounts[1]
    assert (google.name, google.backend, google.host) == ("gmail-imap", "imap", "imap.gmail.com")
    assert google.client_secrets == home / ".config/watcher/client_secret.json"
    assert google.token_file == home / ".local/share/watcher/gmail-imap-token.json"
    assert google.password_command is None
    assert "its own `watcher auth login gmail-imap`" in " ".join(
        line.lstrip("# ") for line in text.splitlines()
    )


def test_example_file_documents_every_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for section, keys in config_module._SECTIONS.items():
        assert re.search(rf"^#? ?\[\[?{section}\]\]?$", text, re.MULTILINE), section
        for key in keys:
            if (section, key) == ("notify", "email"):
                assert "# [notify.email]" in text
                continue
            assert re.search(rf"^(# )*{key} = ", text, re.MULTILINE), f"{section}.{key}"
    for key in config_module._EMAIL_KEYS:
        assert re.search(rf"^# {key} = ", text, re.MULTILINE), f"notify.email.{key}"


def uncomment_block(text: str, header: str, occurrence: int = 0) -> str:
    """Return the commented-out block that starts at ``# header``, uncommented once."""
    lines = text.splitlines()
    starts = [index for index, line in enumerate(lines) if line == f"# {header}"]
    block = []
    for line in lines[starts[occurrence] :]:
        if not line.startswith("#"):
            break
        block.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(block) + "\n"


def test_commented_examples_in_the_example_file_load_too(env: dict[str, str]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    gmail = uncomment_block(text, "[[accounts]]", occurrence=0)
    email = uncomment_block(text, "[notify.email]")
    assert "backend = " in gmail
    assert "from = " in email

    secrets = Path(env["HOME"]) / ".config/watcher/client_secret.json"
    secrets.parent.mkdir(parents=True)
    secrets.write_text("{}")
    config = parse(text + gmail + email, env, EXAMPLE.parent)

    assert [a.backend for a in config.accounts] == ["imap", "gmail"]
    assert (
        config.accounts[1].client_secrets
        == Path(env["HOME"]) / ".config/watcher/client_secret.json"
    )
    assert config.notify.email == EmailNotifyConfig(
        host="smtp.example.com",
        port=465,
        tls="ssl",
        username="alex@example.com",
        password_command="pass show mail/example-smtp",
        from_address="alex@example.com",
        to_address="alex@example.com",
    )


def test_an_empty_file_gives_the_defaults(env: dict[str, str], tmp_path: Path) -> None:
    config = parse("", env, tmp_path)

    assert config.store_path == platformdirs.user_data_path("watcher") / "watcher.db"
    assert config.store_path.is_relative_to(tmp_path / "xdg-data")
    assert config.user.name == ""  # not $USER: the drafts are not signed with a login name
    assert config.user.signature == ""
    assert config.user.language == "en"
    assert config.holidays_code == ""
    assert config.accounts == ()
    assert config.notify.desktop is True
    assert config.notify.email is None
    assert config.templates_dir is None
    expected = PolicySettings(timezone=ZoneInfo("Europe/Paris"))
    assert replace(config.policy, holidays=frozenset()) == expected
    assert date(2026, 12, 25) not in config.policy.holidays


def test_defaults_without_user_or_tz(tmp_path: Path) -> None:
    config = parse("[user]\n[policy]\n", {"TZ": "Nowhere/Special", "USER": "x"}, tmp_path)
    assert config.user.name == ""
    assert config.policy.timezone.key == default_timezone({})


@pytest.mark.parametrize(
    ("user", "warned"),
    [
        ('name = "Ann Lee"', []),
        ('name = "Ann Lee"\nsignature = """Ann Lee\n+1 555 0100"""', []),
        ("", ["name"]),
        ('name = ""', ["name"]),
        ('name = "Me"', ["name"]),
        ('name = "<name>"', ["name"]),
        ('name = "Ann Lee"\nsignature = "Your Name"', ["signature"]),
        ('name = "Me"\nsignature = "Ann Lee"', ["name"]),
        ('name = "TODO"\nsignature = "xxx"', ["name", "signature"]),
    ],
)
def test_a_missing_or_placeholder_name_is_no_problem_but_a_warning(
    env: dict[str, str], tmp_path: Path, user: str, warned: list[str]
) -> None:
    config = parse(f"[user]\n{user}\n", env, tmp_path)
    warnings = user_warnings(config)
    assert [w.split()[1] for w in warnings] == warned
    for warning in warnings:
        assert warning.startswith("[user] ")
        assert "drafts are not made until" in warning
        assert "under [user] in test.toml" in warning


def test_the_drafts_language(env: dict[str, str], tmp_path: Path) -> None:
    assert parse("", env, tmp_path).user.language == "en"
    for value in ("fr", "de", "es", "en", " FR "):
        text = f'[user]\nname = "Ann"\nlanguage = "{value}"\n'
        assert parse(text, env, tmp_path).user.language == value.strip().lower()
    [problem] = problems_of('[user]\nlanguage = "pt"\n', env, tmp_path)
    assert problem == 'user.language: expected one of "en", "fr", "de", "es", got a string ("pt")'
    problems = problems_of('[user]\nname = 3\nlanguage = ["fr"]\n', env, tmp_path)
    assert [p.split(":")[0] for p in problems] == ["user.name", "user.language"]


def test_the_starter_config_documents_the_language(env: dict[str, str], tmp_path: Path) -> None:
    text = starter_config("Ann", None, "UTC", "")
    [line] = [line for line in text.splitlines() if line.startswith("# language = ")]
    assert '"en", "fr", "de" or "es"' in line
    assert parse(text, env, tmp_path).user.language == "en"
    french = text.replace(line, line.removeprefix("# ").replace('"en"', '"fr"', 1))
    assert parse(french, env, tmp_path).user.language == "fr"


def test_learn_windows_is_off_unless_set_and_the_starter_config_shows_how(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert parse("", env, tmp_path).policy.learn_windows is False
    assert parse("[policy]\nlearn_windows = true\n", env, tmp_path).policy.learn_windows is True
    text = starter_config("Ann", None, "UTC", "")
    [line] = [line for line in text.splitlines() if line.startswith("# learn_windows = ")]
    assert "five" in line
    assert parse(text, env, tmp_path).policy.learn_windows is False
    on = text.replace(line, "learn_windows = true")
    assert parse(on, env, tmp_path).policy.learn_windows is True


def test_tracking_from_mail_defaults_to_suggest_and_takes_the_three_choices(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert parse("", env, tmp_path).tracking.from_mail == "suggest"
    assert load_config(EXAMPLE, env).tracking.from_mail == "suggest"
    for value in ("suggest", "track", "off", " Track "):
        text = f'[tracking]\nfrom_mail = "{value}"\n'
        assert parse(text, env, tmp_path).tracking.from_mail == value.strip().lower()


@pytest.mark.parametrize(
    ("value", "got"),
    [('"auto"', 'a string ("auto")'), ("true", "a boolean (true)"), ("1", "an integer (1)")],
)
def test_a_wrong_from_mail_names_the_key_the_choices_and_what_each_does(
    env: dict[str, str], tmp_path: Path, value: str, got: str
) -> None:
    [problem] = problems_of(f"[tracking]\nfrom_mail = {value}\n", env, tmp_path)
    assert problem.startswith('tracking.from_mail: expected "suggest" (an interview found in')
    assert '"track" (it is tracked at once) or "off"' in problem
    assert problem.endswith(f"got {got}")


def test_an_unknown_tracking_key_is_a_problem(env: dict[str, str], tmp_path: Path) -> None:
    [problem] = problems_of('[tracking]\nfrom_mails = "off"\n', env, tmp_path)
    assert problem.startswith("tracking.from_mails: unknown key")
    assert "from_mail" in problem


def test_the_starter_config_documents_from_mail(env: dict[str, str], tmp_path: Path) -> None:
    text = starter_config("Ann", None, "UTC", "")
    [line] = [line for line in text.splitlines() if line.startswith("# from_mail = ")]
    assert '"suggest"' in line and '"track"' in line and '"off"' in line
    assert parse(text, env, tmp_path).tracking.from_mail == "suggest"
    on = text.replace(line, 'from_mail = "track"')
    assert parse(on, env, tmp_path).tracking.from_mail == "track"


def test_store_path_follows_state_directory(env: dict[str, str], tmp_path: Path) -> None:
    env["STATE_DIRECTORY"] = f"{tmp_path}/state:{tmp_path}/other"
    assert parse("", env, tmp_path).store_path == tmp_path / "state" / "watcher.db"


def test_multi_line_signature(env: dict[str, str], tmp_path: Path) -> None:
    text = '[user]\nname = "Ann"\nsignature = """\nAnn Lee\n+1 555 0100\n"""\n'
    assert parse(text, env, tmp_path).user.signature == "Ann Lee\n+1 555 0100"


def test_policy_alternative_forms(env: dict[str, str], tmp_path: Path) -> None:
    text = """
        [policy]
        timezone = "Asia/Tokyo"
        workdays = ["Sunday", "mon", "TUE"]
        holidays = false
        workday_start = 08:30:00
        move_on_after = "3 weeks"
        check_in_every = false
        quiet_hours = false
        panel_extra = "0 days"
        follow_up_after = "1 week"
        follow_up_by = "10 days"
    """
    policy = parse(text, env, tmp_path).policy
    assert policy.timezone == ZoneInfo("Asia/Tokyo")
    assert policy.workdays == frozenset({6, 0, 1})
    assert policy.workday_start == time(8, 30)
    assert policy.move_on_after == Span(3, Unit.WEEKS)
    assert policy.move_on_factor == 2.0
    assert policy.check_in_every is None
    assert policy.quiet_hours is None
    assert policy.panel_extra == Span(0, Unit.DAYS)
    assert date(2026, 12, 25) not in policy.holidays


def test_move_on_factor(env: dict[str, str], tmp_path: Path) -> None:
    policy = parse('[policy]\nmove_on_after = "2.5x"\n', env, tmp_path).policy
    assert policy.move_on_factor == 2.5
    assert policy.move_on_after is None


# ---------------------------------------------------------------------------------------------
# Validation: each rule, with its dotted path.

RULES = [
    # (TOML, the problem's path, a fragment of its message)
    ("[store]\npath = 3\n", "store.path", "expected a string, got an integer (3)"),
    ('[store]\npath = ""\n', "store.path", "must not be empty"),
    ("[user]\nname = true\n", "user.name", "expected a string, got a boolean (true)"),
    ("user = 5\n", "user", "expected a table ([user]), got an integer (5)"),
    ('[policy]\ntimezone = "Mars/Olympus"\n', "policy.timezone", '"Europe/Paris"'),
    ('[policy]\ntimezone = "europe/paris"\n', "policy.timezone", 'did you mean "Europe/Paris"?'),
    ('[policy]\ntimezone = "localtime"\n', "policy.timezone", "unknown time zone"),
    ("[policy]\nworkdays = []\n", "policy.workdays", "at least one"),
    ('[policy]\nworkdays = "mon"\n', "policy.workdays", 'got a string ("mon")'),
    ('[policy]\nworkdays = ["mon", "funday"]\n', "policy.workdays[1]", '("funday")'),
    ('[policy]\nworkdays = ["mon", "tue", "mon"]\n', "policy.workdays[2]", "listed twice"),
    ('[policy]\nholidays = "XX"\n', "policy.holidays", 'unknown country code "XX"'),
    ('[policy]\nholidays = "US-ZZ"\n', "policy.holidays", 'no subdivision "ZZ"'),
    ('[policy]\nholidays = "U S"\n', "policy.holidays", "not a country code"),
    ("[policy]\nholidays = true\n", "policy.holidays", '"US"'),
    ('[policy]\nextra_holidays = "2026-12-24"\n', "policy.extra_holidays", "list of dates"),
    ('[policy]\nextra_holidays = ["24/12/2026"]\n', "policy.extra_holidays[0]", "not a date"),
    (
        "[policy]\nextra_holidays = [2026-12-24, 2026-12-31T10:00:00]\n",
        "policy.extra_holidays[1]",
        "without a time",
    ),
    ('[policy]\nworkday_start = "9am"\n', "policy.workday_start", "HH:MM"),
    ('[policy]\nworkday_start = "24:00"\n', "policy.workday_start", "HH:MM"),
    ('[policy]\ninterview_length = "1 business day"\n', "policy.interview_length", "business"),
    ('[policy]\nthank_you_within = "1 month"\n', "policy.thank_you_within", "in months"),
    ("[policy]\nthank_you_within = 24\n", "policy.thank_you_within", "got an integer (24)"),
    ('[policy]\nthank_you_within = "soon"\n', "policy.thank_you_within", "not a span of time"),
    ('[policy]\nthank_you_within = "0 hours"\n', "policy.thank_you_within", "more than 0"),
    (
        '[policy]\nthank_you_within = "2 days"\nthank_you_until = "1 day"\n',
        "policy.thank_you_until",
        "shorter than thank_you_within",
    ),
    ('[policy]\nthank_you_until = "3 fortnights"\n', "policy.thank_you_until", "unknown unit"),
    ('[policy]\nfollow_up_after = "five days"\n', "policy.follow_up_after", "not a span"),
    (
        '[policy]\nfollow_up_after = "7 business days"\nfollow_up_by = "5 business days"\n',
        "policy.follow_up_by",
        "shorter than follow_up_after",
    ),
    ('[policy]\nfollow_up_by = "3 business days"\n', "policy.follow_up_by", "shorter"),
    ('[policy]\npanel_extra = "a week"\n', "policy.panel_extra", "not a span"),
    ("[policy]\nmax_follow_ups = 6\n", "policy.max_follow_ups", "from 0 to 5, got an integer (6)"),
    ("[policy]\nmax_follow_ups = -1\n", "policy.max_follow_ups", "from 0 to 5"),
    ('[policy]\nmax_follow_ups = "2"\n', "policy.max_follow_ups", 'got a string ("2")'),
    ("[policy]\nmax_follow_ups = true\n", "policy.max_follow_ups", "got a boolean"),
    ('[policy]\nfollow_up_spacing = "0 days"\n', "policy.follow_up_spacing", "more than 0"),
    ('[policy]\nmove_on_after = "0.5x"\n', "policy.move_on_after", "1x or more"),
    ("[policy]\nmove_on_after = 2\n", "policy.move_on_after", '"2x"'),
    ('[policy]\nmove_on_after = "forever"\n', "policy.move_on_after", "neither"),
    ("[policy]\ncheck_in_every = true\n", "policy.check_in_every", '"3 months"'),
    ('[policy]\ncheck_in_every = "12 hours"\n', "policy.check_in_every", "days, weeks or months"),
    ('[policy]\ngraceful_close_for = "2 months"\n', "policy.graceful_close_for", "in months"),
    ('[policy]\nexpedite = "yes"\n', "policy.expedite", 'true or false, got a string ("yes")'),
    ("[policy]\nlearn_windows = 1\n", "policy.learn_windows", "true or false, got an integer"),
    ('[policy]\nquiet_hours = "21:00"\n', "policy.quiet_hours", "not a range"),
    ('[policy]\nquiet_hours = "21:00-25:00"\n', "policy.quiet_hours", "not a range"),
    ('[policy]\nquiet_hours = "08:00-08:00"\n', "policy.quiet_hours", "same time"),
    ("[policy]\nquiet_hours = true\n", "policy.quiet_hours", "21:00-08:00"),
    ("[accounts]\nname = 'x'\n", "accounts", "one [[accounts]] table per mailbox, got a table"),
    (account(name=None), "accounts[0].name", "required"),
    (account(name="my mail"), "accounts[0].name", "letters, digits"),
    (account(name=""), "accounts[0].name", "must not be empty"),
    (account() + account(addresses=["other@example.com"]), "accounts[1].name", "unique"),
    (account(backend="pop3"), "accounts[0].backend", 'expected one of "imap", "gmail"'),
    (account(host=None), "accounts[0].host", "required"),
    (account(host="imaps://imap.example.com"), "accounts[0].host", "not a host name"),
    (account(username=None), "accounts[0].username", "required"),
    (account(port=0), "accounts[0].port", "from 1 to 65535, got an integer (0)"),
    (account(port=70000), "accounts[0].port", "from 1 to 65535"),
    (account(port="993"), "accounts[0].port", 'got a string ("993")'),
    (account(tls="tls"), "accounts[0].tls", 'expected one of "ssl", "starttls", "none"'),
    (account(tls="none"), "accounts[0].tls", "plaintext"),
    (account(ca_file="missing.pem"), "accounts[0].ca_file", "no file at"),
    (account(password_command=""), "accounts[0].password_command", "must not be empty"),
    (account(password_command="pass 'x"), "accounts[0].password_command", "not a valid command"),
    (account(addresses=None), "accounts[0].addresses", "required"),
    (account(addresses=[]), "accounts[0].addresses", "at least one"),
    (account(addresses="me@example.com"), "accounts[0].addresses", "got a string"),
    (account(addresses=["me@example.com", "me"]), "accounts[0].addresses[1]", "not an email"),
    (account(addresses=["me@example"]), "accounts[0].addresses[0]", "not an email"),
    (account(addresses=["a b@example.com"]), "accounts[0].addresses[0]", "not an email"),
    (account(addresses=["me@example.com", "ME@example.com"]), "accounts[0].addresses[1]", "twice"),
    (
        account() + account(name="work", addresses=["Me@Example.com"]),
        "accounts[1].addresses",
        "already listed in accounts[0]",
    ),
    (account(folders=[]), "accounts[0].folders", "folder names"),
    (account(folders=["INBOX", ""]), "accounts[0].folders[1]", "folder name"),
    (account(api_endpoint="http://127.0.0.1"), "accounts[0].api_endpoint", 'backend = "gmail"'),
    (
        account(client_secrets="c.json", api_endpoint="http://127.0.0.1"),
        "accounts[0].api_endpoint",
        'backend = "gmail"',
    ),
    (
        account(client_secrets="c.json", password_command="pass show mail"),
        "accounts[0].password_command",
        "choose one",
    ),
    (account(client_secrets="c.json", username=None), "accounts[0].username", "client_secrets"),
    (account(client_secrets="c.json", username="me"), "accounts[0].username", "not an email"),
    (account(client_secrets=""), "accounts[0].client_secrets", "or remove the key to log in with"),
    (account(client_secrets="missing.json"), "accounts[0].client_secrets", "no file at"),
    (
        account(backend="gmail", host=None, username=None, client_secrets="missing.json"),
        "accounts[0].client_secrets",
        "no file at",
    ),
    (
        account(backend="gmail", host=None, username=None, client_secrets=""),
        "accounts[0].client_secrets",
        "must not be empty: give the OAuth client file",
    ),
    (
        account(
            host="imap.gmail.com", username="me@gmail.com", client_secrets="c.json", tls="none"
        ),
        "accounts[0].tls",
        '"none" would send the Google token in plaintext to imap.gmail.com',
    ),
    (account(token_file="token.json"), "accounts[0].token_file", "only with client_secrets"),
    (account(backend="gmail", host=None, username=None), "accounts[0].client_secrets", "required"),
    (
        account(backend="gmail", username=None, client_secrets="c.json"),
        "accounts[0].host",
        "not used",
    ),
    (
        account(backend="gmail", host=None, username=None, client_secrets="c.json", port=993),
        "accounts[0].port",
        "not used",
    ),
    (
        account(backend="gmail", host=None, username=None, client_secrets="c.json", tls="ssl"),
        "accounts[0].tls",
        "not used",
    ),
    (
        account(backend="gmail", host=None, client_secrets="c.json"),
        "accounts[0].username",
        "not used",
    ),
    (
        account(
            backend="gmail",
            host=None,
            username=None,
            client_secrets="c.json",
            api_endpoint="http://gmail.example.com",
        ),
        "accounts[0].api_endpoint",
        "use https",
    ),
    (
        account(
            backend="gmail",
            host=None,
            username=None,
            client_secrets="c.json",
            api_endpoint="gmail.example.com",
        ),
        "accounts[0].api_endpoint",
        "not a URL",
    ),
    ("[notify]\ndesktop = 1\n", "notify.desktop", "true or false, got an integer (1)"),
    ('[notify]\nemail = "me@example.com"\n', "notify.email", "expected a table"),
    ('[notify.email]\nfrom = "me@example.com"\n', "notify.email.host", "required"),
    ('[notify.email]\nhost = "smtp.example.com"\n', "notify.email.from", "required"),
    (
        '[notify.email]\nhost = "smtp.example.com"\nfrom = "me"\n',
        "notify.email.from",
        "not an email address",
    ),
    (
        '[notify.email]\nhost = "smtp.example.com"\nfrom = "me@example.com"\nto = ["a@b.com"]\n',
        "notify.email.to",
        "got an array",
    ),
    (
        '[notify.email]\nhost = "smtp.example.com"\nfrom = "me@example.com"\ntls = "none"\n',
        "notify.email.tls",
        "plaintext",
    ),
    (
        '[notify.email]\nhost = "smtp.example.com"\nfrom = "me@example.com"\nport = 0\n',
        "notify.email.port",
        "from 1 to 65535",
    ),
    ('[templates]\ndir = "no-such-dir"\n', "templates.dir", "no directory at"),
    ("[templates]\ndir = 1\n", "templates.dir", "expected a string"),
]


@pytest.mark.parametrize(("text", "path", "fragment"), RULES)
def test_each_rule_reports_its_dotted_path(
    text: str, path: str, fragment: str, env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "c.json").write_text("{}")  # the client_secrets of the rules that name one
    problems = problems_of(text, env, tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: "), problems
    assert fragment in problems[0]


def test_several_problems_are_reported_at_once(env: dict[str, str], tmp_path: Path) -> None:
    text = (
        "[store]\npath = 1\n"
        '[policy]\nmax_follow_ups = 9\nthank_you_within = "a day"\nworkdays = []\n'
        + account(port=0)
        + account(name="work", host=None, addresses=["bad"])
        + '[notify]\ndesktop = "no"\n'
    )
    with pytest.raises(ConfigError) as caught:
        parse(text, env, tmp_path)

    paths = [problem.split(": ", 1)[0] for problem in caught.value.problems]
    assert paths == [
        "store.path",
        "policy.workdays",
        "policy.thank_you_within",
        "policy.max_follow_ups",
        "accounts[0].port",
        "accounts[1].addresses[0]",
        "accounts[1].host",
        "notify.desktop",
    ]
    message = str(caught.value)
    assert message.startswith("test.toml: 8 problems in the configuration:")
    for problem in caught.value.problems:
        assert f"  - {problem}" in message
    assert caught.value.exit_code == 2


def test_unknown_key_names_the_known_keys(env: dict[str, str], tmp_path: Path) -> None:
    problems = problems_of('[policy]\nfolow_up_after = "5 days"\n', env, tmp_path)
    assert problems == [
        'policy.folow_up_after: unknown key, did you mean "follow_up_after"? (known keys: '
        + ", ".join(config_module._POLICY_KEYS)
        + ")"
    ]


def test_unknown_keys_in_accounts_and_notify(env: dict[str, str], tmp_path: Path) -> None:
    text = account(pasword="x") + "[notify]\ndesktp = true\n[notify.email]\nhots = 'x'\n"
    problems = problems_of(text, env, tmp_path)
    assert [p.split(":", 1)[0] for p in problems] == [
        "accounts[0].pasword",
        "notify.desktp",
        "notify.email.hots",
        "notify.email.host",
        "notify.email.from",
    ]
    assert 'did you mean "password_command"' not in problems[0]
    assert "known keys: name, backend, host" in problems[0]


def test_unknown_section(env: dict[str, str], tmp_path: Path) -> None:
    problems = problems_of("[polciy]\ntimezone = 'UTC'\n[extras]\n", env, tmp_path)
    known = "(known sections: store, user, policy, accounts, notify, templates, daemon, tracking)"
    assert problems == [
        f'polciy: unknown section, did you mean "policy"? {known}',
        f"extras: unknown section {known}",
    ]


def test_top_level_key_that_belongs_in_a_section(env: dict[str, str], tmp_path: Path) -> None:
    problems = problems_of('timezone = "UTC"\n', env, tmp_path)
    assert problems[0].startswith("timezone: unknown top-level key: put it under [policy]")


def test_invalid_toml_names_the_line(env: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text('[user]\nname = "Ann"\n\n[policy]\ntimezone = Europe/Paris\n')
    with pytest.raises(ConfigError) as caught:
        load_config(file, env)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("line 5, column 12: invalid TOML: ")
    assert str(caught.value).startswith(f"{file}: 1 problem in the configuration:")


def test_invalid_toml_at_the_end_of_the_file(env: dict[str, str], tmp_path: Path) -> None:
    problems = problems_of('[user]\nname = "Ann"\nname = "Bob"', env, tmp_path)
    assert re.match(r"^(line \d+, column \d+|end of file): invalid TOML: ", problems[0])


def test_missing_file(env: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "config.toml"
    with pytest.raises(MissingConfigError) as caught:
        load_config(missing, env)
    assert str(caught.value) == (
        f"no configuration at {missing}: run `watcher init` to write a starter one, "
        "or pass --config"
    )
    assert caught.value.exit_code == 2
    assert isinstance(caught.value, WatcherError)
    assert not isinstance(caught.value, ConfigError)


def test_directory_and_binary_files_are_config_errors(env: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="directory"):
        load_config(tmp_path, env)
    binary = tmp_path / "config.toml"
    binary.write_bytes(b'[user]\nname = "\xff"\n')
    with pytest.raises(ConfigError, match="byte 15: the file is not UTF-8"):
        load_config(binary, env)
    binary.write_bytes(b'\xef\xbb\xbf[user]\nname = "\xff"\n')  # the mark counts
    with pytest.raises(ConfigError, match="byte 18: the file is not UTF-8"):
        load_config(binary, env)


def test_a_byte_order_mark_is_accepted(env: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_bytes(b'\xef\xbb\xbf[user]\nname = "Ann"\n')
    assert load_config(file, env).user.name == "Ann"


# ---------------------------------------------------------------------------------------------
# Holidays.


def test_us_holidays(env: dict[str, str], tmp_path: Path) -> None:
    config = parse('[policy]\nholidays = "US"\n', env, tmp_path)
    holidays = config.policy.holidays
    assert config.holidays_code == "US"
    assert date(2026, 11, 26) in holidays  # Thanksgiving
    assert date(2026, 11, 27) not in holidays
    assert datetime(2026, 11, 26, 15, 30, tzinfo=ZoneInfo("America/New_York")) in holidays
    assert date(2027, 1, 1) in holidays  # a year the calendar had not computed yet
    assert "2026-11-26" not in holidays


def test_fr_holidays_across_a_year_end(env: dict[str, str], tmp_path: Path) -> None:
    holidays = parse('[policy]\nholidays = "fr"\n', env, tmp_path).policy.holidays
    assert date(2026, 12, 25) in holidays
    assert date(2026, 12, 28) not in holidays
    assert date(2027, 1, 1) in holidays
    assert date(2026, 11, 26) not in holidays


def test_holidays_with_a_subdivision(env: dict[str, str], tmp_path: Path) -> None:
    config = parse('[policy]\nholidays = "us-ca"\n', env, tmp_path)
    assert config.holidays_code == "US-CA"
    assert date(2026, 3, 31) in config.policy.holidays  # César Chávez Day, California only
    plain = parse('[policy]\nholidays = "US"\n', env, tmp_path)
    assert date(2026, 3, 31) not in plain.policy.holidays


def test_extra_holidays(env: dict[str, str], tmp_path: Path) -> None:
    text = '[policy]\nholidays = ""\nextra_holidays = [2026-12-24, "2027-01-04"]\n'
    holidays = parse(text, env, tmp_path).policy.holidays
    assert date(2026, 12, 24) in holidays
    assert date(2027, 1, 4) in holidays
    assert date(2026, 12, 25) not in holidays
    assert isinstance(holidays, HolidayCalendar)
    assert holidays.extra == frozenset({date(2026, 12, 24), date(2027, 1, 4)})
    assert holidays  # a calendar with days in it is asked (see watcher.dates.BusinessCalendar)
    assert not parse('[policy]\nholidays = ""\n', env, tmp_path).policy.holidays


def test_extra_holidays_add_to_the_country(env: dict[str, str], tmp_path: Path) -> None:
    text = '[policy]\nholidays = "FR"\nextra_holidays = [2026-12-24]\n'
    holidays = parse(text, env, tmp_path).policy.holidays
    assert date(2026, 12, 24) in holidays
    assert date(2026, 12, 25) in holidays
    assert holidays


def test_policy_settings_stay_hashable(env: dict[str, str], tmp_path: Path) -> None:
    first = parse('[policy]\nholidays = "FR"\n', env, tmp_path).policy
    second = parse('[policy]\nholidays = "FR"\n', env, tmp_path).policy
    assert first == second
    assert hash(first) == hash(second)


# ---------------------------------------------------------------------------------------------
# Accounts and notifications.


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.4.5", "localhost", "::1", "[::1]"])
def test_plaintext_is_accepted_for_a_loopback_host(
    host: str, env: dict[str, str], tmp_path: Path
) -> None:
    config = parse(account(host=host, tls="none"), env, tmp_path)
    assert config.accounts[0].tls == "none"
    assert config.accounts[0].port == 143


def test_plaintext_is_refused_for_a_remote_host(env: dict[str, str], tmp_path: Path) -> None:
    problems = problems_of(account(host="10.0.0.1", tls="none"), env, tmp_path)
    assert problems == [
        'accounts[0].tls: "none" would send the password in plaintext to 10.0.0.1 and expose it: '
        'use "ssl" or "starttls" ("none" is allowed only for localhost, 127.0.0.1 or ::1)'
    ]


@pytest.mark.parametrize(("tls", "port"), [("ssl", 993), ("starttls", 143), ("SSL", 993)])
def test_imap_port_defaults(tls: str, port: int, env: dict[str, str], tmp_path: Path) -> None:
    config = parse(account(tls=tls), env, tmp_path)
    assert config.accounts[0].port == port
    assert config.accounts[0].tls == tls.lower()


def test_an_explicit_port_wins(env: dict[str, str], tmp_path: Path) -> None:
    assert parse(account(port=10993), env, tmp_path).accounts[0].port == 10993


def test_addresses_are_lower_cased(env: dict[str, str], tmp_path: Path) -> None:
    config = parse(
        account(addresses=["Me@Example.COM", "ana.lee+jobs@mail.example.org"]), env, tmp_path
    )
    assert config.accounts[0].addresses == ("me@example.com", "ana.lee+jobs@mail.example.org")


def test_gmail_account(env: dict[str, str], tmp_path: Path) -> None:
    text = account(
        name="gmail",
        backend="gmail",
        host=None,
        username=None,
        client_secrets="secrets/client.json",
        token_file="~/tokens/gmail.json",
        api_endpoint="http://127.0.0.1:8080",
        folders=["INBOX", "Jobs"],
    )
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "client.json").write_text("{}")
    (gmail,) = parse(text, env, tmp_path).accounts
    assert gmail.backend == "gmail"
    assert gmail.client_secrets == tmp_path / "secrets" / "client.json"
    assert gmail.token_file == Path(env["HOME"]) / "tokens" / "gmail.json"
    assert gmail.api_endpoint == "http://127.0.0.1:8080"
    assert gmail.folders == ("INBOX", "Jobs")
    assert isinstance(gmail, GmailAccount)
    assert not hasattr(gmail, "host") and not hasattr(gmail, "password_command")


def test_imap_account_with_a_google_sign_in(env: dict[str, str], tmp_path: Path) -> None:
    """Gmail's IMAP server with XOAUTH2: client_secrets and token_file instead of a password."""
    text = account(
        name="gmail-imap",
        host="imap.gmail.com",
        username="Me@Gmail.com",
        addresses=["me@gmail.com"],
        client_secrets="secrets/client.json",
        token_file="~/tokens/gmail-imap.json",
    )
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "client.json").write_text("{}")
    (imap,) = parse(text, env, tmp_path).accounts
    assert isinstance(imap, ImapAccount)
    assert (imap.host, imap.port, imap.tls) == ("imap.gmail.com", 993, "ssl")
    assert imap.username == "Me@Gmail.com"
    assert imap.password_command is None
    assert imap.client_secrets == tmp_path / "secrets" / "client.json"
    assert imap.token_file == Path(env["HOME"]) / "tokens" / "gmail-imap.json"
    assert not hasattr(imap, "api_endpoint")


def test_a_google_sign_in_and_a_password_are_each_named(
    env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "c.json").write_text("{}")
    problems = problems_of(
        account(client_secrets="c.json", password_command="pass show mail", username=None),
        env,
        tmp_path,
    )
    assert [problem.split(":")[0] for problem in problems] == [
        "accounts[0].username",
        "accounts[0].password_command",
    ]
    assert "password_command" in problems[1] and "client_secrets" in problems[1]


@pytest.mark.parametrize("backend", ["gmail", "imap"])
def test_a_client_secrets_that_is_a_directory_is_refused(
    backend: str, env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "secrets").mkdir()
    keys: dict[str, object] = {"backend": backend, "client_secrets": "secrets"}
    if backend == "gmail":
        keys.update(host=None, username=None)
    else:
        keys.update(host="imap.gmail.com", username="me@gmail.com")

    problems = problems_of(account(**keys), env, tmp_path)

    assert problems == [
        f"accounts[0].client_secrets: {tmp_path / 'secrets'} is a directory: give the OAuth "
        "client file (JSON) downloaded from the Google Cloud console in it"
    ]


def test_a_missing_client_secrets_says_where_to_get_one(
    env: dict[str, str], tmp_path: Path
) -> None:
    text = account(backend="gmail", host=None, username=None, client_secrets="nowhere.json")
    assert problems_of(text, env, tmp_path) == [
        f"accounts[0].client_secrets: no file at {tmp_path / 'nowhere.json'}: download the OAuth "
        'client file of a "Desktop app" client from the Google Cloud console (see the README\'s '
        '"Gmail" section)'
    ]


def test_two_accounts(env: dict[str, str], tmp_path: Path) -> None:
    text = account() + account(name="work", tls="starttls", addresses=["me@work.example"])
    config = parse(text, env, tmp_path)
    assert [a.name for a in config.accounts] == ["personal", "work"]
    assert config.accounts[0].password_command is None


def test_notify_email(env: dict[str, str], tmp_path: Path) -> None:
    text = """
        [notify]
        desktop = false
        [notify.email]
        host = "localhost"
        tls = "none"
        from = "Watcher@Example.com"
    """
    notify = parse(text, env, tmp_path).notify
    assert notify.desktop is False
    assert notify.email == EmailNotifyConfig(
        host="localhost",
        port=25,
        tls="none",
        username=None,
        password_command=None,
        from_address="watcher@example.com",
        to_address="watcher@example.com",
    )


def test_notify_email_starttls_port_and_to(env: dict[str, str], tmp_path: Path) -> None:
    text = """
        [notify.email]
        host = "smtp.example.com"
        tls = "starttls"
        username = "me"
        password_command = "pass show smtp"
        from = "me@example.com"
        to = "phone@example.net"
    """
    email = parse(text, env, tmp_path).notify.email
    assert email is not None
    assert (email.port, email.to_address, email.username) == (587, "phone@example.net", "me")


# ---------------------------------------------------------------------------------------------
# Paths.


def test_relative_paths_resolve_against_the_config_dir(env: dict[str, str], tmp_path: Path) -> None:
    config_dir = tmp_path / "conf"
    (config_dir / "certs").mkdir(parents=True)
    (config_dir / "certs" / "ca.pem").write_text("not really a certificate\n")
    file = config_dir / "config.toml"
    file.write_text('[store]\npath = "state/watcher.db"\n' + account(ca_file="certs/ca.pem"))

    config = load_config(file, env)

    assert config.store_path == config_dir / "state" / "watcher.db"
    assert config.accounts[0].ca_file == config_dir / "certs" / "ca.pem"


def test_home_is_expanded_from_env(env: dict[str, str], tmp_path: Path) -> None:
    config = parse('[store]\npath = "~/data/w.db"\n', env, tmp_path)
    assert config.store_path == tmp_path / "home" / "data" / "w.db"


def test_absolute_paths_stay(env: dict[str, str], tmp_path: Path) -> None:
    config = parse(f'[store]\npath = "{tmp_path}/abs.db"\n', env, tmp_path / "elsewhere")
    assert config.store_path == tmp_path / "abs.db"


# ---------------------------------------------------------------------------------------------
# Templates.


def write_templates(directory: Path, names: tuple[str, ...], tag: str = "my") -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        (directory / f"{name}.txt").write_text(f"{tag} {name}\n", encoding="utf-8")


def fake_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        config_module, "_builtin_template", lambda language, name: f"built-in {language} {name}\n"
    )


def test_built_in_templates_by_default(env: dict[str, str], tmp_path: Path) -> None:
    config = parse("", env, tmp_path)
    builtin = resources.files("watcher").joinpath("data", "templates")
    assert list(config.templates) == list(DRAFT_LANGUAGES)
    for language in DRAFT_LANGUAGES:
        assert list(config.templates[language]) == list(TEMPLATE_NAMES)
        for name in TEMPLATE_NAMES:
            expected = builtin.joinpath(language, f"{name}.txt").read_text("utf-8")
            assert config.templates[language][name] == expected
    assert config.templates["fr"]["thank_you"].startswith("Subject: Merci")
    assert config.template_files == {}


def test_a_templates_dir_overrides_some_templates(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_builtins(monkeypatch)
    write_templates(tmp_path / "mine", ("thank_you", "check_in"))
    write_templates(tmp_path / "mine" / "fr", ("follow_up",), tag="mon")
    (tmp_path / "mine" / "notes.md").write_text("not a template")
    (tmp_path / "mine" / ".git").mkdir()

    config = parse('[templates]\ndir = "mine"\n', env, tmp_path)

    assert config.templates_dir == tmp_path / "mine"
    assert config.templates["en"]["thank_you"] == "my thank_you\n"
    assert config.templates["en"]["check_in"] == "my check_in\n"
    assert config.templates["en"]["follow_up"] == "built-in en follow_up\n"
    assert config.templates["fr"]["follow_up"] == "mon follow_up\n"
    assert config.templates["fr"]["thank_you"] == "built-in fr thank_you\n"
    assert config.templates["de"]["thank_you"] == "built-in de thank_you\n"
    assert all(set(named) == set(TEMPLATE_NAMES) for named in config.templates.values())
    assert config.template_files == {
        "en": {"check_in": "check_in.txt", "thank_you": "thank_you.txt"},
        "fr": {"follow_up": "fr/follow_up.txt"},
    }


def test_templates_outside_a_language_folder_are_of_the_default_language(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_builtins(monkeypatch)
    french = UserConfig(name="Alex Kim", language="fr")
    monkeypatch.setattr(config_module, "_read_user", lambda reader, table: french)
    write_templates(tmp_path / "mine", ("thank_you",))
    config = parse('[templates]\ndir = "mine"\n', env, tmp_path)
    assert config.templates["fr"]["thank_you"] == "my thank_you\n"
    assert config.templates["en"]["thank_you"] == "built-in en thank_you\n"
    assert config.template_files == {"fr": {"thank_you": "thank_you.txt"}}


def test_the_default_templates_dir_is_used_when_it_exists(
    env: dict[str, str], tmp_path: Path
) -> None:
    default = tmp_path / "xdg-config" / "watcher" / "templates"
    write_templates(default, TEMPLATE_NAMES)
    write_templates(default / "es", ("expedite",))
    config = parse("", env, tmp_path)
    assert config.templates_dir == default
    assert config.templates["en"]["expedite"] == "my expedite\n"
    assert config.templates["es"]["expedite"] == "my expedite\n"
    assert config.templates["es"]["thank_you"].startswith("Subject: Gracias")


def test_an_unknown_template_file_is_a_problem(env: dict[str, str], tmp_path: Path) -> None:
    write_templates(tmp_path / "mine", ("thank_you", "thanks"))
    write_templates(tmp_path / "mine" / "de", ("danke",))
    problems = problems_of('[templates]\ndir = "mine"\n', env, tmp_path)
    known = ", ".join(f"{name}.txt" for name in TEMPLATE_NAMES)
    assert problems == [
        f'templates.dir: unknown template "thanks.txt" (known: {known})',
        f'templates.dir: unknown template "de/danke.txt" (known: {known})',
    ]


def test_an_unknown_language_folder_or_an_empty_one_is_a_problem(
    env: dict[str, str], tmp_path: Path
) -> None:
    write_templates(tmp_path / "mine" / "it", ("thank_you",))
    (tmp_path / "mine" / "fr").mkdir()
    (tmp_path / "mine" / "fr" / "README").write_text("notes")
    problems = problems_of('[templates]\ndir = "mine"\n', env, tmp_path)
    assert problems == [
        'templates.dir: the language folder "fr" holds no templates: put NAME.txt files in it '
        f"({', '.join(f'{name}.txt' for name in TEMPLATE_NAMES)}), or remove it to use the "
        "built-in ones",
        'templates.dir: unknown language folder "it": drafts are written in en, fr, de, es; '
        "rename the folder to one of them, or move it out of the templates directory",
    ]


def test_a_template_given_twice_is_a_problem(env: dict[str, str], tmp_path: Path) -> None:
    write_templates(tmp_path / "mine", ("thank_you",))
    write_templates(tmp_path / "mine" / "en", ("thank_you", "follow_up"))
    problems = problems_of('[templates]\ndir = "mine"\n', env, tmp_path)
    assert problems == [
        'templates.dir: "en/thank_you.txt" and "thank_you.txt" are both the en thank_you '
        "template: keep one of them"
    ]


def test_a_template_that_is_not_utf8_is_a_problem(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "mine" / "fr").mkdir(parents=True)
    (tmp_path / "mine" / "follow_up.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "mine" / "fr" / "follow_up.txt").write_bytes(b"caf\xe9\n")
    problems = problems_of('[templates]\ndir = "mine"\n', env, tmp_path)
    assert problems == [
        'templates.dir: "follow_up.txt" is not UTF-8 text: save it as UTF-8',
        'templates.dir: "fr/follow_up.txt" is not UTF-8 text: save it as UTF-8',
    ]


def test_a_missing_built_in_template_is_a_clear_error(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config_module, "_builtin_template", lambda language, name: None)
    config = parse("", env, tmp_path)  # read when a draft needs them, not before
    with pytest.raises(WatcherError, match=r"built-in template en/thank_you\.txt is missing"):
        config.templates["en"]
    for language in DRAFT_LANGUAGES:
        write_templates(tmp_path / "mine" / language, TEMPLATE_NAMES)
    config = parse('[templates]\ndir = "mine"\n', env, tmp_path)
    assert config.templates["es"]["commitment"] == "my commitment\n"


def test_builtin_template_lookup_tolerates_an_absent_file() -> None:
    assert config_module._builtin_template("en", "no_such_template") is None
    assert config_module._builtin_template("xx", "thank_you") is None
    assert config_module._builtin_template("de", "thank_you") is not None


# ---------------------------------------------------------------------------------------------
# The starter config and the time zone.


@pytest.mark.parametrize(
    ("name", "address", "timezone", "holidays"),
    [
        ("Ann Lee", "Ann@Example.org", "Europe/Paris", "FR"),
        ('Zoë "Z" O\'Neil \\ co', None, "America/Los_Angeles", "US-CA"),
        ("Me", "me@example.com", "UTC", ""),
    ],
)
def test_starter_config_round_trips(
    name: str,
    address: str | None,
    timezone: str,
    holidays: str,
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    text = starter_config(name, address, timezone, holidays)
    config = parse(text, env, tmp_path)

    assert config.user.name == name
    assert config.user.signature == name
    assert config.policy.timezone == ZoneInfo(timezone)
    assert config.holidays_code == holidays
    assert config.accounts == ()
    assert "# [[accounts]]" in text
    if address:
        assert f'# addresses = ["{address.lower()}"]' in text
    assert len(text.splitlines()) < 40


def test_starter_config_account_example_loads_when_uncommented(
    env: dict[str, str], tmp_path: Path
) -> None:
    text = starter_config("Ann", "ann@example.org", "UTC", "")
    config = parse(text + uncomment_block(text, "[[accounts]]"), env, tmp_path)
    assert config.accounts[0].host == "imap.example.org"
    assert config.accounts[0].addresses == ("ann@example.org",)


@pytest.mark.parametrize("tz", ["Asia/Kolkata", ":Europe/Berlin", "UTC"])
def test_default_timezone_honours_tz(tz: str, tmp_path: Path) -> None:
    assert default_timezone({"TZ": tz}, localtime=tmp_path / "none") == tz.removeprefix(":")


def test_default_timezone_falls_back_to_localtime_then_utc(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/posix/America/Chicago")
    assert default_timezone({"TZ": "Not/AZone"}, localtime=link) == "America/Chicago"
    assert default_timezone({}, localtime=link) == "America/Chicago"

    plain = tmp_path / "plain"
    plain.write_text("TZif")
    assert default_timezone({"TZ": "EST+5"}, localtime=plain) == "UTC"
    assert default_timezone({}, localtime=tmp_path / "absent") == "UTC"


def test_default_timezone_feeds_the_policy(tmp_path: Path) -> None:
    config = parse("", {"TZ": "Pacific/Auckland"}, tmp_path)
    assert config.policy.timezone == ZoneInfo("Pacific/Auckland")


def test_daemon_poll_every(env: dict[str, str], tmp_path: Path) -> None:
    assert parse_config("", "c.toml", env, tmp_path).daemon.poll_every == timedelta(minutes=10)
    config = parse_config("[daemon]\npoll_every = '2 minutes'\n", "c.toml", env, tmp_path)
    assert config.daemon.poll_every == timedelta(minutes=2)
    [zero] = problems_of("[daemon]\npoll_every = '0 minutes'\n", env, tmp_path)
    assert zero.startswith("daemon.poll_every: ")
    [unit] = problems_of("[daemon]\npoll_every = '5 business days'\n", env, tmp_path)
    assert unit.startswith("daemon.poll_every: ")
    [unknown] = problems_of("[daemon]\npoll = 1\n", env, tmp_path)
    assert unknown.startswith("daemon.poll: unknown key")


# --------------------------------------------------------------------------- the TOML cache


def test_a_config_read_again_comes_from_the_cache_and_gives_the_same_config(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_config(path, env)
    cache = tmp_path / "xdg-cache" / "watcher" / config_module.CACHE_NAME
    assert cache.exists()
    assert oct(cache.stat().st_mode & 0o777) == oct(0o600)

    def no_parser(text: str, source: str) -> object:
        raise AssertionError("the TOML parser ran although the cache holds this text")

    monkeypatch.setattr(config_module, "_toml", no_parser)
    assert load_config(path, env) == first


def test_a_changed_config_is_parsed_again(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[user]\nname = "Ada"\n', encoding="utf-8")
    assert load_config(path, env).user.name == "Ada"
    path.write_text('[user]\nname = "Grace"\n', encoding="utf-8")
    assert load_config(path, env).user.name == "Grace"
    path.write_text('[user]\nname = "Grace\n', encoding="utf-8")  # no TOML any more
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path, env)


def test_configs_at_several_paths_share_the_cache(env: dict[str, str], tmp_path: Path) -> None:
    names = [f"Person {n}" for n in range(config_module.CACHE_ENTRIES + 2)]
    for n, name in enumerate(names):
        (tmp_path / f"{n}.toml").write_text(f'[user]\nname = "{name}"\n', encoding="utf-8")
    for _round in range(2):
        for n, name in enumerate(names):
            assert load_config(tmp_path / f"{n}.toml", env).user.name == name
    cache = tmp_path / "xdg-cache" / "watcher" / config_module.CACHE_NAME
    import json

    assert len(json.loads(cache.read_text(encoding="utf-8"))) == config_module.CACHE_ENTRIES


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"[1, 2]", b'{"x": 1}', b"\xff\xfe", b"[" * 100_000, None],
)
def test_a_damaged_or_unreadable_cache_is_read_around(
    damage: bytes | None, env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[user]\nname = "Ada"\n', encoding="utf-8")
    cache = tmp_path / "xdg-cache" / "watcher" / config_module.CACHE_NAME
    cache.parent.mkdir(parents=True)
    if damage is None:  # a directory where the file should be: neither read nor written
        cache.mkdir()
    else:
        cache.write_bytes(damage)
        key = str(path.absolute())
        if damage == b'{"x": 1}':  # an entry of another shape for this very config
            cache.write_text(f'{{"{key}": ["[user]", 3]}}', encoding="utf-8")
    for _ in range(2):
        assert load_config(path, env).user.name == "Ada"


def test_every_toml_value_comes_back_from_the_cache_as_it_was_parsed(
    env: dict[str, str], tmp_path: Path
) -> None:
    import tomllib

    text = """
        a = 1
        b = 1.0
        c = inf
        d = "text with \\u00e9 and a NUL \\u0000"
        e = true
        f = [2026-12-24, 07:30:00, 07:30:00.123456, 2026-12-24T07:30:00]
        g = 2026-12-24T07:30:00.5+05:30
        h = 2026-12-24T07:30:00Z
        [i.j]
        k = [{ l = 1979-05-27T00:32:00-07:00 }, [], {}]
    """
    path = tmp_path / "values.toml"
    path.write_text(text, encoding="utf-8")
    parsed = tomllib.loads(text)
    assert config_module._cached_toml(path, text) == parsed  # parsed, then cached
    cached = config_module._cached_toml(path, text)  # from the cache
    assert cached == parsed
    assert [type(v) for v in cached["f"]] == [type(v) for v in parsed["f"]]
    assert cached["g"].utcoffset() == parsed["g"].utcoffset()
    assert cached["h"].tzinfo == parsed["h"].tzinfo


def test_a_table_with_the_caches_tag_for_a_key_is_not_cached_and_still_read(
    env: dict[str, str], tmp_path: Path
) -> None:
    text = 'tagged = { "\\u0000toml" = ["date", "2026-01-01"] }\n'
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    for _ in range(2):
        assert config_module._cached_toml(path, text) == {
            "tagged": {"\x00toml": ["date", "2026-01-01"]}
        }
    assert not (tmp_path / "xdg-cache" / "watcher" / config_module.CACHE_NAME).exists()
