"""The HTML report as a person sees it: the page of the seeded store (tests/reportseed.py, 30
synthetic processes) opened in real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium), at 1280 and 390 pixels wide, in dark mode and
printed.

Skipped, saying why, only where Chromium is missing and cannot be installed here (not root);
as root (CI) its absence fails the test: scripts/setup-env dev installs it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cliresult import home_env, run_cli
from tests.reportseed import NOW_TEXT, seed

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

CHARTS = {
    "pipeline": "Pipeline: where each process stands",
    "timelines": "Timeline of each process",
    "first-reply": "Days from an interview to the first reply",
    "by-company": "Days to the first reply, by company",
    "by-ats": "Days to the first reply, by applicant-tracking system",
    "by-format": "Days to the first reply, by interview format",
    "follow-ups": "Follow-ups: how many got an answer, and how long after",
    "funnel": "Outcomes by stage: the funnel of rounds",
    "ghosting": "Ghosting: processes that ended in silence, and after how long",
}
"""Each chart's id and the label a person reads above it."""


def _missing() -> str | None:
    if CHROMIUM and DRIVER:
        return None
    what = "chromium" if not CHROMIUM else "chromium-driver"
    if os.geteuid() == 0:
        pytest.fail(f"{what} is missing: scripts/setup-env dev installs it (apt-get install)")
    return f"{what} is missing (sudo apt-get install chromium chromium-driver)"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the seeded store, written by `watcher report --html`."""
    seeded = seed(tmp_path_factory.mktemp("seeded"))
    target = seeded.config.parent / "report.html"
    env = home_env(tmp_path_factory.mktemp("home"), TZ="Europe/Paris")
    argv = ["--config", str(seeded.config), "report", "--now", NOW_TEXT, "--html", str(target)]
    result = run_cli(argv, env)
    assert result.code == 0, result
    return target


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    # Selenium Manager (which downloads drivers and sends statistics) is never run: the
    # driver's path is given, and it is told to keep its statistics.
    os.environ["SE_AVOID_STATS"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    # The DevTools protocol's log of every request the page makes, file: ones included
    # (performance.getEntriesByType('resource') leaves those out).
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def load(
    browser: Any, page: Path, width: int, *, dark: bool = False, printed: bool = False
) -> None:
    browser.set_window_size(width, 900)
    features = [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"media": "print" if printed else "", "features": features}
    )
    browser.get_log("performance")  # what the loads before asked is not this one's
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def requests_made(browser: Any) -> list[str]:
    """Return the URL of every request the browser made since the page began to load."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("width", [1280, 390])
def test_what_a_person_sees(browser: Any, page: Path, width: int) -> None:
    load(browser, page, width)
    assert browser.execute_script("return innerWidth") == width
    # Each chart is there, labelled, and drawn (it takes room on the page).
    for key, label in CHARTS.items():
        shown = browser.execute_script(
            """
            const figure = document.getElementById(arguments[0]);
            if (!figure) return null;
            const svgs = [...figure.querySelectorAll('svg:not([aria-hidden])')];
            return {
                caption: figure.querySelector('figcaption').firstChild.textContent,
                charts: svgs.length,
                drawn: svgs.every(s => s.getBoundingClientRect().height > 10),
                shapes: figure.querySelectorAll('rect, circle, path, line').length,
            };
            """,
            key,
        )
        assert shown is not None, f"no chart {key}"
        assert shown["caption"] == label
        assert shown["charts"] >= 1 and shown["drawn"] and shown["shapes"] > 3, (key, shown)
    # A timeline per process, each with its marks and today's line.
    timelines = browser.execute_script(
        """
        return [...document.querySelectorAll('li.process')].map(li => ({
            id: li.dataset.process,
            marks: li.querySelectorAll('svg [class^="m-"]').length,
            today: li.querySelectorAll('svg line.today').length,
        }));
        """
    )
    assert len(timelines) == 30
    assert len({t["id"] for t in timelines}) == 30
    assert all(t["marks"] >= 1 and t["today"] == 1 for t in timelines), timelines
    # Nothing wider than the window: the page never scrolls sideways.
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width
    # Nothing was asked of the network, or of any file but the page.
    assert requests_made(browser) == [page.as_uri()]
    requested = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert requested == []
    assert browser.execute_script("return document.scripts.length") == 0
    # The name with "&" and "<" reads as typed.
    assert "Fish & Chips <Labs>" in browser.find_element("id", "timelines").text


def test_dark_mode_and_print(browser: Any, page: Path) -> None:
    def background() -> str:
        return str(
            browser.execute_script(
                "return getComputedStyle(document.documentElement).backgroundColor"
            )
        )

    load(browser, page, 1280)
    light = background()
    load(browser, page, 1280, dark=True)
    dark = background()
    assert light == "rgb(255, 255, 255)" and dark != light
    # Printed, even from a dark screen, the page is black on white and a chart is not cut.
    load(browser, page, 1280, dark=True, printed=True)
    assert background() == "rgb(255, 255, 255)"
    assert (
        browser.execute_script(
            "return getComputedStyle(document.querySelector('figure.chart')).breakInside"
        )
        == "avoid"
    )
