"""The data the matcher and the classifier use: relays (``data/ats.toml``), phrases
(``data/phrases.toml``) and the classifier's learned model (``data/judgment.json``, written by
``scripts/train-judgment``), read from the package and checked.

Both files ship with watcher; a problem in them is a broken installation, reported as a
:class:`WatcherError` that names the file and the key.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import functools
import itertools
import json
import math
import struct
import sys
import tomllib
from array import array
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import Any

from watcher.errors import WatcherError
from watcher.models import JUDGMENT_CLASSES, MODEL_FORMAT, AtsSender, Lexicon, Model, Phrases
from watcher.record import fields, replace

ATS_FILE = "watcher/data/ats.toml"
PHRASES_FILE = "watcher/data/phrases.toml"
MODEL_FILE = "watcher/data/judgment.json"

COMPANY_FIELDS = ("display_name", "local_part", "subdomain", "subject", "body")
"""Where a relay may name the company (``AtsSender.company_in``)."""

RELAY_KINDS = ("ats", "job_board", "scheduler", "assessment", "esign", "background_check")
"""``AtsSender.kind``: schedulers, assessment platforms and background-check vendors signal a
next step; e-signature envelopes are read for what they carry."""

LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl")
"""The languages every phrase kind must cover (pt: Brazil and Portugal)."""

PHRASE_KINDS = tuple(f.name for f in fields(Phrases))

_ATS_KEYS = frozenset({"name", "kind", "domains", "company_in"})


@functools.cache
def load_lexicon() -> Lexicon:
    """Return the lexicon shipped with watcher, its model included (read once, then cached).

    Raise WatcherError, naming the file and the key, if a data file is missing or invalid.
    """
    return replace(load_rules(), model=parse_model(_package_text("judgment.json"), MODEL_FILE))


@functools.cache
def load_rules() -> Lexicon:
    """Return the lexicon shipped with watcher without its learned model: the relays and the
    phrases (what the model is trained over)."""
    return Lexicon(
        ats=parse_ats(_package_text("ats.toml"), ATS_FILE),
        phrases=parse_phrases(_package_text("phrases.toml"), PHRASES_FILE),
    )


@functools.cache
def load_relays() -> Lexicon:
    """Return the lexicon shipped with watcher with its relays only: all that naming the relay
    of a stored sender needs (:func:`watcher.matching.relay_name`), read without the phrases."""
    return Lexicon(ats=parse_ats(_package_text("ats.toml"), ATS_FILE))


def parse_model(text: str, source: str = MODEL_FILE) -> Model:
    """Given the text of a model file, return the model; raise WatcherError naming the file
    and the problem if it is not one."""
    try:
        return _model(json.loads(text))
    except (ValueError, RecursionError) as error:
        raise WatcherError(
            f"{source} is invalid ({error}): reinstall watcher, or train it again with "
            "scripts/train-judgment"
        ) from None


def _package_text(name: str) -> str:
    try:
        return resources.files("watcher").joinpath("data", name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise WatcherError(
            f"watcher/data/{name} cannot be read ({error}): reinstall watcher"
        ) from error


def parse_ats(text: str, source: str = ATS_FILE) -> tuple[AtsSender, ...]:
    """Given the text of an ATS data file, return its relays in file order.

    Every table is one relay with ``name``, ``kind`` (one of :data:`RELAY_KINDS`), ``domains``
    (lower-case DNS names) and ``company_in`` (a non-empty subset of :data:`COMPANY_FIELDS`).
    Raise WatcherError listing every problem with its key if the text is not such a file.
    """
    data = _toml(text, source)
    problems: list[str] = []
    senders: list[AtsSender] = []
    if not data:
        problems.append("at '(top)': no relay is defined")
    for key, table in data.items():
        if not isinstance(table, Mapping):
            problems.append(f"at '{key}': expected a table of name, kind, domains, company_in")
            continue
        problems += [
            f"at '{key}.{unknown}': unknown key" for unknown in table if unknown not in _ATS_KEYS
        ]
        name = table.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"at '{key}.name': expected a non-empty string")
            name = key
        kind = table.get("kind", "ats")
        if kind not in RELAY_KINDS:
            problems.append(f"at '{key}.kind': expected one of {', '.join(RELAY_KINDS)}")
        domains = _strings(table.get("domains"), f"{key}.domains", problems)
        for index, domain in enumerate(domains):
            if not _is_domain(domain):
                problems.append(
                    f"at '{key}.domains[{index}]': {domain!r} is not a lower-case DNS name"
                )
        places = _strings(table.get("company_in"), f"{key}.company_in", problems)
        for index, place in enumerate(places):
            if place not in COMPANY_FIELDS:
                problems.append(
                    f"at '{key}.company_in[{index}]': {place!r} is not one of "
                    f"{', '.join(COMPANY_FIELDS)}"
                )
        senders.append(AtsSender(name, tuple(domains), tuple(places), str(kind)))
    _raise_if(problems, source)
    return tuple(senders)


def parse_phrases(text: str, source: str = PHRASES_FILE) -> Phrases:
    """Given the text of a phrases data file, return the phrases of every kind, lower case.

    The file has one table per kind of :class:`Phrases`, each holding a non-empty list of
    phrases per language; every language of :data:`LANGUAGES` is required, others are allowed.
    Raise WatcherError listing every problem with its key if the text is not such a file.
    """
    data = _toml(text, source)
    problems: list[str] = []
    found: dict[str, tuple[str, ...]] = {}
    problems += [
        f"at '{kind}': unknown kind of phrases" for kind in data if kind not in PHRASE_KINDS
    ]
    for kind in PHRASE_KINDS:
        table = data.get(kind)
        if not isinstance(table, Mapping):
            problems.append(f"at '{kind}': expected a table of phrase lists per language")
            continue
        problems += [
            f"at '{kind}.{language}': missing" for language in LANGUAGES if language not in table
        ]
        phrases: list[str] = []
        for language, listed in table.items():
            for phrase in _strings(listed, f"{kind}.{language}", problems):
                if not phrase.strip():
                    problems.append(f"at '{kind}.{language}': an empty phrase")
                phrases.append(" ".join(phrase.lower().split()))
        found[kind] = tuple(dict.fromkeys(phrases))
    _raise_if(problems, source)
    return Phrases(**found)


def _model(data: Any) -> Model:
    """Given the JSON object of a model file, return the model; raise ValueError naming what
    is wrong when it is not such an object."""
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a model file of format {MODEL_FORMAT}")
    classes = data.get("classes")
    if classes != list(JUDGMENT_CLASSES):
        raise ValueError(f"its classes are {classes}, not {list(JUDGMENT_CLASSES)}")
    buckets = data.get("buckets")
    if not isinstance(buckets, int) or buckets <= 0:
        raise ValueError("'buckets' must be a positive integer")
    width = len(JUDGMENT_CLASSES)
    bias = data.get("bias")
    if not isinstance(bias, list) or not _numbers(bias, width):
        raise ValueError(f"'bias' must hold {width} numbers")
    try:
        keys = _packed(data.get("rows"), "I")
        values = _packed(data.get("weights"), "f")
    except (ValueError, TypeError, struct.error, binascii.Error) as error:
        raise ValueError(
            f"'rows' and 'weights' must be base64 of packed numbers ({error})"
        ) from None
    if len(values) != len(keys) * width:
        raise ValueError(f"'weights' must hold {width} numbers for each of the {len(keys)} rows")
    if any(key >= buckets for key in keys) or not all(map(math.isfinite, values)):
        raise ValueError("a row is beyond 'buckets' or a weight is not a number")
    if any(earlier >= later for earlier, later in itertools.pairwise(keys)):
        raise ValueError("'rows' must be in increasing order, each once")
    weights = PackedRows(keys, values, width)
    return Model(JUDGMENT_CLASSES, buckets, tuple(float(b) for b in bias), weights)


class PackedRows(Mapping[int, Sequence[float]]):
    """The model's rows as the file keeps them: the buckets in increasing order and their
    weights, both packed 32-bit numbers, a row found by bisection. A fifth of the memory of a
    dict of rows (the daemon's budget is 80 MB), at the cost of a slice per row read."""

    def __init__(self, keys: array[int], values: array[float], width: int) -> None:
        self._keys = keys
        self._values = values
        self._width = width

    def __getitem__(self, key: int) -> Sequence[float]:
        row: Sequence[float] | None = self.get(key)
        if row is None:
            raise KeyError(key)
        return row

    def get(self, key: int, default: Any = None) -> Any:  # the hot path: no exception
        keys = self._keys
        at = bisect.bisect_left(keys, key)
        if at < len(keys) and keys[at] == key:
            start = at * self._width
            return self._values[start : start + self._width]
        return default

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _packed(text: Any, code: str) -> array[Any]:
    """Return the little-endian 32-bit numbers (array ``code``: "I" or "f") packed in a base64
    string."""
    if not isinstance(text, str):
        raise ValueError("expected a base64 string")
    data = base64.b64decode(text, validate=True)
    numbers = array(code)
    if numbers.itemsize != 4:
        return array(code, struct.unpack(f"<{len(data) // 4}{code}", data))
    if len(data) % 4:
        raise ValueError(f"{len(data)} bytes are no whole number of 32-bit numbers")
    numbers.frombytes(data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _numbers(value: Any, width: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == width
        and all(
            isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w)
            for w in value
        )
    )


def _toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WatcherError(f"{source} is not valid TOML ({error}): reinstall watcher") from error


def _strings(value: object, key: str, problems: list[str]) -> list[str]:
    """Return ``value`` if it is a non-empty list of strings, else note the problem."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.append(f"at '{key}': expected a non-empty list of strings")
        return []
    return value


def _is_domain(text: str) -> bool:
    labels = text.split(".")
    return (
        text == text.lower()
        and len(labels) >= 2
        and all(label and len(label) <= 63 and label.replace("-", "").isalnum() for label in labels)
    )


def _raise_if(problems: list[str], source: str) -> None:
    if problems:
        raise WatcherError(
            f"{source} is invalid: {'; '.join(problems)} (the package data is broken: "
            "reinstall watcher or fix the file)"
        )
