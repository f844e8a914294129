"""Where watcher keeps its files: on Linux, the XDG lookups of watcher/paths.py give what
platformdirs gives (watcher looks them up itself, to start sooner), whatever the environment."""

from __future__ import annotations

import itertools
from pathlib import Path

import platformdirs
import pytest

from watcher import paths

VALUES = [None, "", "relative/dir", "/abs/xdg", "/abs/with/slash/"]


@pytest.mark.skipif(not paths.LINUX, reason="the XDG lookups are watcher's own on Linux only")
@pytest.mark.parametrize(("config_home", "data_home"), list(itertools.product(VALUES, VALUES)))
@pytest.mark.parametrize("home", ["/home/tester", "/home/tester/", None, "relative"])
def test_the_xdg_places_are_platformdirs_places(
    config_home: str | None,
    data_home: str | None,
    home: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in (
        ("XDG_CONFIG_HOME", config_home),
        ("XDG_DATA_HOME", data_home),
        ("XDG_CACHE_HOME", data_home),
        ("HOME", home),
    ):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert paths.config_dir() == platformdirs.user_config_path("watcher")
    assert paths.default_store_path({}) == platformdirs.user_data_path("watcher") / "watcher.db"
    assert paths.default_templates_dir() == paths.config_dir() / "templates"
    assert paths.cache_dir() == platformdirs.user_cache_path("watcher")


def test_systemds_state_directory_comes_first() -> None:
    assert paths.default_store_path({"STATE_DIRECTORY": "/var/lib/a:/var/lib/b"}) == Path(
        "/var/lib/a/watcher.db"
    )
