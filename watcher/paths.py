"""Where watcher keeps its files: XDG directories (platformdirs) or systemd's directories.

Given the environment as a mapping, each function returns a path; nothing is created here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP = "watcher"
CONFIG_NAME = "config.toml"
STORE_NAME = "watcher.db"
LINUX = sys.platform.startswith("linux")
"""On Linux the XDG base directories are looked up here; elsewhere platformdirs knows."""


def config_dir() -> Path:
    """Return the user's config directory for watcher (XDG_CONFIG_HOME/watcher on Linux)."""
    if LINUX:
        return _xdg("XDG_CONFIG_HOME", ".config")
    import platformdirs  # macOS: its own places

    return platformdirs.user_config_path(APP)


def _xdg(variable: str, default: str) -> Path:
    """Return watcher's folder of an XDG base directory on Linux, as platformdirs gives it: the
    variable when it holds an absolute path, else the default under the home directory.
    (platformdirs imports tempfile, random and shutil: 7 ms of every command's start.)"""
    base = Path(os.environ.get(variable, ""))
    if not base.is_absolute():
        home = os.environ.get("HOME", "")
        if not Path(home).is_absolute():  # unset or relative: platformdirs asks the system
            import platformdirs

            asked = {
                "XDG_CONFIG_HOME": platformdirs.user_config_path,
                "XDG_CACHE_HOME": platformdirs.user_cache_path,
            }.get(variable, platformdirs.user_data_path)
            return asked(APP)
        base = Path(home) / default
    return base / APP


def cache_dir() -> Path:
    """Return the user's cache directory for watcher (XDG_CACHE_HOME/watcher on Linux): what
    can be thrown away at any time and made again."""
    if LINUX:
        return _xdg("XDG_CACHE_HOME", ".cache")
    import platformdirs  # macOS: its own places

    return platformdirs.user_cache_path(APP)


def config_file(explicit: str | None, env: Mapping[str, str]) -> Path:
    """Return the config file: ``--config``, then ``$WATCHER_CONFIG``, then the XDG config dir."""
    if explicit:
        return Path(explicit).expanduser()
    if env.get("WATCHER_CONFIG"):
        return Path(env["WATCHER_CONFIG"]).expanduser()
    return config_dir() / CONFIG_NAME


def default_store_path(env: Mapping[str, str]) -> Path:
    """Return the state file: in systemd's ``$STATE_DIRECTORY`` when set, else the XDG data dir."""
    state_directory = env.get("STATE_DIRECTORY", "")
    if state_directory:
        # systemd may pass several colon-separated directories; the first is ours.
        return Path(state_directory.split(":")[0]) / STORE_NAME
    if LINUX:
        return _xdg("XDG_DATA_HOME", ".local/share") / STORE_NAME
    import platformdirs  # macOS: its own places

    return platformdirs.user_data_path(APP) / STORE_NAME


def default_templates_dir() -> Path:
    """Return where user templates override the built-in ones by default."""
    return config_dir() / "templates"
