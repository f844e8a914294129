"""The exceptions of watcher.

Every error raised on purpose is a :class:`WatcherError`. Its message is one sentence that names
the problem and the fix; the CLI prints it as it is and exits with :attr:`WatcherError.exit_code`.
"""

from __future__ import annotations

from collections.abc import Sequence


class WatcherError(Exception):
    """Base class: a problem the user can fix, described in one actionable sentence."""

    exit_code = 1


class UsageError(WatcherError):
    """A command-line argument is wrong (names the flag and the fix)."""

    exit_code = 2


class ConfigError(WatcherError):
    """The configuration is invalid; :attr:`problems` lists every problem with its dotted path."""

    exit_code = 2

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{source}: {count} {noun} in the configuration:"]
        lines += [f"  - {problem}" for problem in self.problems]
        lines.append(
            "Fix them and run the command again (`config.example.toml` documents every key)."
        )
        super().__init__("\n".join(lines))


class NotFoundError(WatcherError):
    """Something named by the user (an interview, a commitment) does not exist."""


class StoreError(WatcherError):
    """The state database cannot be opened, read or written."""


class StoreInUseError(StoreError):
    """Another watcher held the store's writer lock for longer than the caller would wait (or
    the caller was told to stop while it waited)."""


class TemplateError(WatcherError):
    """A draft template is invalid or cannot be rendered."""
