"""Training the classifier's linear model from labeled readings.

Pure: nothing here reads the clock, the disk or the network, and nothing is random: examples
are visited in an order derived from their position and the epoch (CRC-32), so the same
corpus always gives the same weights. ``scripts/train-judgment`` reads the corpus and writes
the model (:func:`to_json`); ``watcher.lexicon`` reads it back; ``watcher.classify`` uses it.

The model is a multinomial logistic regression over hashed features
(:func:`watcher.classify.bucket`), trained by AdaGrad with an L2 penalty; weights that stay
tiny are dropped so that the shipped file stays small.
"""

from __future__ import annotations

import base64
import math
import struct
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from watcher.classify import CLASSES, Reading, bucket
from watcher.models import MODEL_FORMAT, Model
from watcher.record import record


@record
class Settings:
    """How the model is trained."""

    buckets: int = 1 << 18
    epochs: int = 30
    rate: float = 0.1
    l2: float = 1e-4
    keep: float = 0.08
    """Weights smaller than this (in absolute value) in every class are dropped: the shipped
    file stays under 1.95 MB (the daemon's memory budget) as the corpus grows (4,096 messages:
    1.93 MB; 0.06 gave 2.00 MB). Raised as authors are added; how each step changed the
    readings is in bench/README.md."""
    min_count: int = 2
    """Features seen in fewer examples than this are left out: they teach the model one
    message by heart and nothing about the next."""
    min_sources: int = 1
    """Features seen in the examples of fewer sources than this (authors, given as
    ``sources`` to :func:`train`) are left out: they teach the model one writer's habits and
    nothing about the next writer."""


def feature_buckets(reading: Reading, buckets: int) -> list[int]:
    """Return the distinct buckets of a reading's features (general and per sentence)."""
    found = {bucket(f, buckets) for f in reading.general}
    for sentence in reading.features:
        found.update(bucket(f, buckets) for f in sentence)
    return sorted(found)


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _order(count: int, epoch: int) -> list[int]:
    """A fixed shuffle of ``range(count)`` for an epoch."""
    return sorted(range(count), key=lambda i: zlib.crc32(f"{epoch}:{i}".encode()))


def train(
    readings: Sequence[Reading],
    labels: Sequence[str],
    settings: Settings = Settings(),
    weights: Sequence[float] | None = None,
    sources: Sequence[str] | None = None,
) -> Model:
    """Given readings, their labels (each one of :data:`CLASSES`) and optionally a weight per
    reading (1 by default: a weight of 0.5 counts half) and where each reading comes from (its
    author: see :attr:`Settings.min_sources`; by default each reading is its own source),
    return the model.

    Raise ValueError if a label is no class or the lists differ in length.
    """
    if weights is None:
        weights = [1.0] * len(readings)
    if sources is None:
        sources = [str(index) for index in range(len(readings))]
    if not len(readings) == len(labels) == len(weights) == len(sources):
        raise ValueError("one label and one weight per reading are needed (one source too)")
    unknown = sorted(set(labels) - set(CLASSES))
    if unknown:
        raise ValueError(f"unknown labels: {', '.join(unknown)}")
    classes = len(CLASSES)
    found = [feature_buckets(r, settings.buckets) for r in readings]
    seen = Counter(feature for features in found for feature in features)
    spread: dict[int, set[str]] = {}
    for features, source in zip(found, sources, strict=True):
        for feature in features:
            spread.setdefault(feature, set()).add(source)
    kept_features = {
        feature
        for feature, count in seen.items()
        if count >= settings.min_count and len(spread[feature]) >= settings.min_sources
    }
    examples = [
        ([f for f in features if f in kept_features], CLASSES.index(label), weight)
        for features, label, weight in zip(found, labels, weights, strict=True)
    ]
    rows: dict[int, list[float]] = {}
    squares: dict[int, list[float]] = {}
    bias = [0.0] * classes
    bias_squares = [1e-8] * classes
    for epoch in range(settings.epochs):
        for index in _order(len(examples), epoch):
            features, label, weight = examples[index]
            scores = list(bias)
            for feature in features:
                row = rows.get(feature)
                if row is not None:
                    scores = [s + w for s, w in zip(scores, row, strict=True)]
            probabilities = _softmax(scores)
            gradient = [
                weight * (p - (1.0 if c == label else 0.0)) for c, p in enumerate(probabilities)
            ]
            for c in range(classes):
                bias_squares[c] += gradient[c] ** 2
                bias[c] -= settings.rate * gradient[c] / math.sqrt(bias_squares[c])
            for feature in features:
                row = rows.setdefault(feature, [0.0] * classes)
                sums = squares.setdefault(feature, [1e-8] * classes)
                for c in range(classes):
                    step = gradient[c] + settings.l2 * row[c]
                    sums[c] += step * step
                    row[c] -= settings.rate * step / math.sqrt(sums[c])
    kept = {
        feature: tuple(_f32(round(w, 4)) for w in row)
        for feature, row in rows.items()
        if max(abs(w) for w in row) >= settings.keep
    }
    return Model(CLASSES, settings.buckets, tuple(round(b, 4) for b in bias), kept)


def _f32(value: float) -> float:
    """Return ``value`` as the model file keeps it (a 32-bit float), so that a model reads
    the same in memory as from its file."""
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def to_json(model: Model, about: dict[str, Any]) -> dict[str, Any]:
    """Return the model as the JSON object ``watcher/data/judgment.json`` holds: the buckets
    that have weights as little-endian unsigned 32-bit integers and their weights, class by
    class, as little-endian 32-bit floats, both base64-encoded (read in milliseconds)."""
    keys = sorted(model.weights)
    values = [w for key in keys for w in model.weights[key]]
    return {
        "format": MODEL_FORMAT,
        "about": about,
        "classes": list(model.classes),
        "buckets": model.buckets,
        "bias": list(model.bias),
        "rows": base64.b64encode(struct.pack(f"<{len(keys)}I", *keys)).decode("ascii"),
        "weights": base64.b64encode(struct.pack(f"<{len(values)}f", *values)).decode("ascii"),
    }
