"""Where watcher keeps its files: XDG directories (platformdirs) or systemd's directories.

Given the environment as a mapping, each function returns a path; nothing is created here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP = "watcher"
CONFIG_NAME = "config.toml"
STORE_NAME = "watcher.db"


def config_dir() -> Path:
    """Return the user's config directory for watcher (XDG_CONFIG_HOME/watcher on Linux)."""
    return platformdirs.user_config_path(APP)


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
    return platformdirs.user_data_path(APP) / STORE_NAME


def default_templates_dir() -> Path:
    """Return where user templates override the built-in ones by default."""
    return config_dir() / "templates"
