"""The classifier's learned part: training, the model file, the corpus it comes from."""

from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.judgment import KINDS, LANGUAGES, load, own_domain_none, relays
from watcher import learn
from watcher.classify import CLASSES, bucket, classify, read
from watcher.errors import WatcherError
from watcher.lexicon import MODEL_FILE, load_lexicon, load_rules, parse_model
from watcher.models import Address, Message
from watcher.record import replace

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules()
WHEN = datetime(2026, 11, 25, 10, tzinfo=UTC)


def note(text: str, sender: str = "dana.reyes@northwind.example") -> Message:
    """Return a person's note to the candidate (mail to hidden recipients only is a mailing)."""
    return Message(
        "t",
        "INBOX",
        1,
        "m@x",
        WHEN,
        Address("", sender),
        "Hello",
        to=(Address("", "alex@example.net"),),
        text=text,
    )


# Made-up words, so that only what this test teaches can decide (synthetic), and enough of
# them (12 or more) for the model to weigh the message.
FILLER = "amble brisk cobalt dune ember fjord glade heron islet juniper"
TEACH = [
    (f"zorblat quennic {FILLER}.", "rejection"),
    (f"{FILLER} quennic zorblat.", "rejection"),
    (f"plimvar dostric {FILLER}.", "offer"),
    (f"{FILLER} dostric plimvar.", "offer"),
]


def test_training_learns_what_the_examples_teach() -> None:
    readings = [read(note(text), RULES) for text, _ in TEACH]
    model = learn.train(readings, [label for _, label in TEACH])
    fitted = replace(RULES, model=model)
    assert classify(note(f"{FILLER} zorblat, then quennic."), fitted).kind == "rejection"
    assert classify(note(f"{FILLER} plimvar, then dostric."), fitted).kind == "offer"


def test_training_is_deterministic_and_weights_can_count_less() -> None:
    readings = [read(note(text), RULES) for text, _ in TEACH]
    labels = [label for _, label in TEACH]
    assert learn.train(readings, labels).weights == learn.train(readings, labels).weights
    lighter = learn.train(readings, labels, weights=[0.1] * len(TEACH))
    assert lighter.weights != learn.train(readings, labels).weights


def test_what_one_author_alone_writes_is_not_learned() -> None:
    readings = [read(note(text), RULES) for text, _ in TEACH]
    labels = [label for _, label in TEACH]
    twice = learn.Settings(min_sources=2)
    alone = learn.train(readings, labels, twice, sources=["a", "a", "b", "b"])
    fitted = replace(RULES, model=alone)
    # "zorblat" and "plimvar" were each written by one author only: nothing decides.
    assert classify(note(f"{FILLER} zorblat, then quennic."), fitted).kind != "rejection"
    assert "w:zorblat" in readings[0].features[1]
    assert bucket("w:zorblat", twice.buckets) not in alone.weights
    shared = learn.train(readings, labels, twice, sources=["a", "b", "a", "b"])
    assert bucket("w:zorblat", twice.buckets) in shared.weights
    fitted = replace(RULES, model=shared)
    assert classify(note(f"{FILLER} zorblat, then quennic."), fitted).kind == "rejection"


def test_training_refuses_unknown_labels_and_mismatched_lists() -> None:
    reading = read(note("hello"), RULES)
    with pytest.raises(ValueError, match="unknown labels: maybe"):
        learn.train([reading], ["maybe"])
    with pytest.raises(ValueError, match="one label and one weight"):
        learn.train([reading], ["rejection", "offer"])


def test_a_model_survives_its_file() -> None:
    readings = [read(note(text), RULES) for text, _ in TEACH]
    model = learn.train(readings, [label for _, label in TEACH])
    text = json.dumps(learn.to_json(model, {"corpus": "test"}))
    again = parse_model(text)
    assert again.classes == CLASSES == model.classes
    assert again.bias == model.bias
    # Rows read from the file are arrays of 32-bit floats: the same numbers.
    assert {key: tuple(row) for key, row in again.weights.items()} == model.weights
    # Found by bisection: every row, and no row for a bucket between, before or after them.
    assert all(tuple(again.weights[key]) == model.weights[key] for key in model.weights)
    keys = sorted(model.weights)
    absent = {keys[0] - 1, keys[-1] + 1} | {k + 1 for k in keys if k + 1 not in model.weights}
    assert all(again.weights.get(key) is None and key not in again.weights for key in absent)
    assert len(again.weights) == len(model.weights)


PACKED_BEYOND = base64.b64encode(struct.pack("<I", 1 << 30)).decode()
SEVEN = base64.b64encode(struct.pack("<7f", *[0.5] * 7)).decode()
BACKWARDS = base64.b64encode(struct.pack("<2I", 9, 3)).decode()
FOURTEEN = base64.b64encode(struct.pack("<14f", *[0.5] * 14)).decode()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(format=1), "format 2"),
        (lambda d: d.update(classes=["rejection"]), "its classes are"),
        (lambda d: d.update(buckets=0), "'buckets'"),
        (lambda d: d.update(bias=[0.0]), "'bias'"),
        (lambda d: d.update(weights=[]), "base64 of packed numbers"),
        (lambda d: d.update(rows="not base64!"), "base64 of packed numbers"),
        (lambda d: d.update(weights=d["weights"][:16]), "7 numbers for each"),
        (lambda d: d.update(rows=PACKED_BEYOND, weights=SEVEN), "beyond 'buckets'"),
        (lambda d: d.update(rows=BACKWARDS, weights=FOURTEEN), "increasing order"),
    ],
)
def test_a_broken_model_file_is_named_with_the_fix(change, words: str) -> None:  # type: ignore[no-untyped-def]
    readings = [read(note(text), RULES) for text, _ in TEACH]
    data = learn.to_json(learn.train(readings, [label for _, label in TEACH]), {})
    assert data["rows"] and data["weights"]
    change(data)
    with pytest.raises(WatcherError) as caught:
        parse_model(json.dumps(data))
    message = str(caught.value)
    assert MODEL_FILE in message and words in message and "train-judgment" in message
    with pytest.raises(WatcherError, match="invalid"):
        parse_model("{not json")


def test_the_shipped_lexicon_carries_the_model() -> None:
    model = load_lexicon().model
    assert model is not None and model.classes == CLASSES and model.weights


# -- the corpus -----------------------------------------------------------------------------------

TRAIN = load("train")
HELDOUT = load("heldout")


def test_the_corpus_holds_what_the_issue_asks() -> None:
    both = TRAIN + HELDOUT
    assert len(both) >= 600
    assert {item.lang for item in both} == set(LANGUAGES)
    assert {item.kind for item in both} == set(KINDS)
    assert len(relays(both)) >= 30
    assert own_domain_none(both) >= 150
    for part in (TRAIN, HELDOUT):
        assert {item.kind for item in part} == set(KINDS)
        assert {item.lang for item in part} == set(LANGUAGES)


def test_the_held_out_part_was_written_apart() -> None:
    # Different authors, different ids, different worlds: nothing of one part is in the other.
    authors = Counter(item.world.source.rsplit("/", 1)[1].rsplit("-", 1)[0] for item in TRAIN)
    held = Counter(item.world.source.rsplit("/", 1)[1].rsplit("-", 1)[0] for item in HELDOUT)
    assert not set(authors) & set(held)
    assert not {i.id for i in TRAIN} & {i.id for i in HELDOUT}
    trained = {i.message.message_id for i in TRAIN}
    assert not trained & {i.message.message_id for i in HELDOUT}


def test_the_shipped_model_is_what_the_training_part_gives() -> None:
    # The model file is data: it must be reproducible from the training part alone.
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train-judgment"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    about = json.loads((ROOT / "watcher" / "data" / "judgment.json").read_text())["about"]
    assert about["corpus"] == "tests/data/judgment/train"
    assert about["messages"] == len(TRAIN)


def _train_judgment():  # type: ignore[no-untyped-def]
    """Return scripts/train-judgment as a module (it has no .py name)."""
    import importlib.util
    from importlib.machinery import SourceFileLoader

    path = str(ROOT / "scripts" / "train-judgment")
    loader = SourceFileLoader("train_judgment", path)
    spec = importlib.util.spec_from_loader("train_judgment", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_cross_validation_by_author_holds_out_every_file_of_one_author() -> None:
    folds = _train_judgment().held_out_sets(TRAIN, "authors")
    authors = {item.world.author for item in TRAIN}
    assert [name for name, _ in folds] == sorted(authors) and len(authors) >= 12
    for name, held in folds:
        assert held == {i.world.source for i in TRAIN if i.world.author == name}
    every = [f for _, held in folds for f in held]
    assert sorted(every) == sorted({i.world.source for i in TRAIN})


@pytest.mark.parametrize("value", ["1", "authorz"])
def test_a_wrong_number_of_folds_is_named_with_the_fix(value: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train-judgment"), "--cv", value],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"'{value}': give a number of folds (2 or more), 'authors' or" in done.stderr
    assert "Traceback" not in done.stderr
