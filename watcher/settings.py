"""The configuration as the program uses it: typed, frozen, valid by construction.

:mod:`watcher.config` reads TOML into these (listing every problem with its dotted path); the
adapters import only this small module. A mail account is one of two kinds, a tagged union:
:class:`ImapAccount` (a password, or a Google sign-in with XOAUTH2) or :class:`GmailAccount`
(the Gmail API, always a Google sign-in).
"""

from __future__ import annotations

import _thread  # threading's lock, without importing threading at every start
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType

from watcher.models import PolicySettings
from watcher.record import field, record

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from pathlib import Path  # paths are data here: this module never touches the disk
    from typing import Any, ClassVar, Literal, TypeAlias

    Tls: TypeAlias = Literal["ssl", "starttls", "none"]
    FromMail: TypeAlias = Literal["suggest", "track", "off"]

TLS_MODES: tuple[Tls, ...] = ("ssl", "starttls", "none")
IMAP_PORTS: Mapping[str, int] = MappingProxyType({"ssl": 993, "starttls": 143, "none": 143})
SMTP_PORTS: Mapping[str, int] = MappingProxyType({"ssl": 465, "starttls": 587, "none": 25})
DEFAULT_TIMEOUT = 30.0
"""Seconds a mail server may take over one network operation (connect, log in, one command)."""
MAX_TIMEOUT = 600.0


_PLACEHOLDER_NAMES = frozenset(
    {
        "",
        "me",
        "name",
        "your name",
        "my name",
        "first last",
        "firstname lastname",
        "john doe",
        "jane doe",
        "user",
        "candidate",
        "todo",
        "changeme",
        "xxx",
    }
)


def is_placeholder_name(name: str) -> bool:
    """Return whether ``name`` is no real signature: empty, "Me", "Your Name", "[Your Name]",
    "<name>", "TODO" and the like. Drafts are never signed so."""
    bare = " ".join(name.strip().strip("[]<>{}()").replace("_", " ").split()).casefold()
    return bare in _PLACEHOLDER_NAMES or not any(ch.isalpha() for ch in bare)


@record
class UserConfig:
    """Who the drafts are from: ``signature`` ends every draft (it defaults to the name);
    ``language`` is the drafts' language when an interview names none."""

    name: str
    signature: str = ""
    language: str = "en"

    def __post_init__(self) -> None:
        if not self.signature:
            object.__setattr__(self, "signature", self.name)


@record(kw_only=True)
class ImapAccount:
    """A mailbox on an IMAP server, from one ``[[accounts]]`` table with ``backend = "imap"``.

    ``addresses`` are the user's own addresses in that mailbox, lower case; ``folders`` the
    inbox folders watched. The password comes from ``password_command`` or, when that is None,
    the OS keyring; or, when ``client_secrets`` is set (Gmail's IMAP server with XOAUTH2), the
    login is a Google OAuth token instead: ``password_command`` is then None and ``username`` is
    the Google account's address, and ``token_file`` (None: the OS keyring) is where the token
    is kept. ``timeout`` bounds each network operation, in seconds; a whole check of the account
    gets ten times that.
    """

    backend: ClassVar[str] = "imap"

    name: str
    addresses: tuple[str, ...]
    folders: tuple[str, ...] = ("INBOX",)
    timeout: float = DEFAULT_TIMEOUT
    host: str
    port: int
    tls: Tls = "ssl"
    ca_file: Path | None = None
    username: str
    password_command: str | None = None
    client_secrets: Path | None = None
    token_file: Path | None = None


@record(kw_only=True)
class GmailAccount:
    """A Gmail account read through the Gmail API, from ``[[accounts]]`` with ``backend =
    "gmail"``: it always signs in with Google (``client_secrets``), its token kept in
    ``token_file`` or (None) the OS keyring; ``api_endpoint`` None means Google's own server.
    ``folders`` are label names watched as the inbox; ``timeout`` as for :class:`ImapAccount`."""

    backend: ClassVar[str] = "gmail"

    name: str
    addresses: tuple[str, ...]
    folders: tuple[str, ...] = ("INBOX",)
    timeout: float = DEFAULT_TIMEOUT
    client_secrets: Path
    token_file: Path | None = None
    api_endpoint: str | None = None


Account = ImapAccount | GmailAccount
"""A configured mailbox, of either kind; ``account.backend`` names its kind."""


def password_command(account: Account) -> str | None:
    """Return the command that prints an account's password (only IMAP accounts have one)."""
    return account.password_command if isinstance(account, ImapAccount) else None


@record
class EmailNotifyConfig:
    """Nudges sent by email to oneself, from ``[notify.email]`` (SMTP)."""

    host: str
    port: int
    tls: Tls
    username: str | None
    password_command: str | None
    from_address: str
    to_address: str


@record
class NotifyConfig:
    """Where nudges go: desktop notifications, email to oneself, both or neither."""

    desktop: bool = True
    email: EmailNotifyConfig | None = None


@record
class HolidayCalendar:
    """The days off the policy skips: the user's own ``extra`` dates, then a country's holidays.

    ``date in calendar`` is all the policy asks (a datetime counts as its date). ``country`` is a
    calendar of the holidays package, or None; it computes a year the first time a date in that
    year is asked about, so a window across a year end needs no care. The lock makes that lazy
    filling safe when several threads ask at once.
    """

    code: str = ""
    extra: frozenset[date] = frozenset()
    country: Any = field(default=None, compare=False, repr=False)
    _lock: _thread.LockType = field(
        default_factory=_thread.allocate_lock, compare=False, repr=False
    )

    def __bool__(self) -> bool:
        """Whether any day can be a holiday: False for no country and no extra days."""
        return bool(self.extra) or self.country is not None

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, date):
            return False
        day = item.date() if isinstance(item, datetime) else item
        if day in self.extra:
            return True
        if self.country is None:
            return False
        with self._lock:
            return day in self.country


@record
class DaemonConfig:
    """``[daemon]``: how `watcher run` schedules its checks."""

    poll_every: timedelta = timedelta(minutes=10)


FROM_MAIL: tuple[FromMail, ...] = ("suggest", "track", "off")


@record
class TrackingConfig:
    """``[tracking]``: what a check does with an interview it finds in mail (an invitation):
    ``"suggest"`` it and wait for the user's word, ``"track"`` it at once, or nothing
    (``"off"``). Moves and cancellations of tracked interviews apply unless it is ``"off"``."""

    from_mail: FromMail = "suggest"


@record
class Config:
    """The whole configuration, valid by construction when it comes from
    :func:`watcher.config.parse_config`.

    ``source`` is the file it was read from (None when built in code). ``holidays_code`` is the
    normalised country code ("US-CA", "FR", or "" for none). ``templates_dir`` is the directory
    whose templates override the built-in ones, when there is one; ``templates`` maps each
    language of :data:`~watcher.models.DRAFT_LANGUAGES` to its templates (every name in
    :data:`~watcher.models.TEMPLATE_NAMES` -> its text); ``template_files`` names the file of
    each template the user gave (``language -> name -> "thank_you.txt"`` or
    ``"fr/thank_you.txt"``, relative to ``templates_dir``), for messages.
    """

    source: Path | None
    store_path: Path
    user: UserConfig
    policy: PolicySettings
    holidays_code: str
    accounts: tuple[Account, ...]
    notify: NotifyConfig
    templates_dir: Path | None
    templates: Mapping[str, Mapping[str, str]]
    daemon: DaemonConfig = field(default_factory=DaemonConfig)
    tracking: TrackingConfig = field(default_factory=TrackingConfig)
    template_files: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )


def is_loopback(host: str) -> bool:
    """Return True if ``host`` names this machine (localhost, 127.0.0.0/8, ::1)."""
    host = host.strip().lower().removeprefix("[").removesuffix("]")
    if host == "localhost":
        return True
    import ipaddress  # not at the top: 2 ms of every start, for the accounts' hosts alone

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
