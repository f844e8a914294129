"""Records (watcher/record.py) behave as frozen dataclasses do: each is compared with the
dataclass the standard library makes of the same class body, and every record of watcher with
the dataclass of its fields."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import pkgutil
from typing import Any, ClassVar  # noqa: F401 - the twins' string annotations name ClassVar

import pytest

import watcher
from watcher.record import MISSING, FrozenError, field, fields, init_of, record, replace


def twins(body: dict[str, Any], annotations: dict[str, str], **options: Any) -> tuple[Any, Any]:
    """Return (the record, the frozen dataclass) made of the same class body."""
    made = []
    for ours in (True, False):
        namespace = {"__annotations__": dict(annotations), "__module__": __name__}
        for key, value in body.items():
            if isinstance(value, tuple) and value[:1] == ("field",):
                namespace[key] = (field if ours else dataclasses.field)(**value[1])
            else:
                namespace[key] = value
        cls = type("Sample", (), namespace)
        made.append(
            record(**options)(cls) if ours else dataclasses.dataclass(frozen=True, **options)(cls)
        )
    return made[0], made[1]


def test_a_record_is_made_as_a_frozen_dataclass_is() -> None:
    ours, theirs = twins(
        {
            "b": 2,
            "c": ("field", {"default_factory": list}),
            "d": ("field", {"default": "x", "compare": False, "repr": False}),
        },
        {"a": "int", "b": "int", "c": "list[int]", "d": "str", "k": "ClassVar[int]"},
    )
    assert str(inspect.signature(init_of(ours))) == str(inspect.signature(theirs.__init__))
    assert ours.__match_args__ == theirs.__match_args__ == ("a", "b", "c", "d")
    for args in [(1,), (1, 3), (1, 3, [4]), (1, 3, [4], "y")]:
        one, other = ours(*args), theirs(*args)
        assert repr(one).replace("Sample", "") == repr(other).replace("Sample", "")
        assert one == ours(*args)
        assert one != other  # another class
    assert ours(1, d="p") == ours(1, d="q")  # d is not compared
    hashed, theirs_hashed = twins(
        {"b": ("field", {"default": 0, "compare": False})}, {"a": "int", "b": "int"}
    )
    assert hash(hashed(1, 2)) == hash(hashed(1, 3)) == hash(theirs_hashed(1, 4)) == hash((1,))
    assert ours(1).c is not ours(1).c  # a fresh list each time
    assert [f.name for f in fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    assert replace(ours(1, 2), b=5) == ours(1, 5)
    assert replace(theirs(1, 2), b=5) == theirs(1, 5)  # dataclasses too
    with pytest.raises(TypeError):
        replace(ours(1), nope=1)
    with pytest.raises(TypeError):
        ours()
    assert "k" not in [f.name for f in fields(ours)]


def test_a_record_refuses_changes_as_a_frozen_dataclass_does() -> None:
    ours, _ = twins({}, {"a": "int"})
    one = ours(1)
    with pytest.raises(FrozenError, match="cannot assign to field 'a'"):
        one.a = 2
    with pytest.raises(AttributeError, match="cannot assign to field 'z'"):
        one.z = 2
    with pytest.raises(FrozenError, match="cannot delete field 'a'"):
        del one.a
    assert one.a == 1


@record(slots=True)
class Slotted:
    a: int
    b: int = 0


def test_options_kw_only_eq_slots_and_post_init() -> None:
    ours, theirs = twins({"b": 0}, {"a": "int", "b": "int"}, kw_only=True)
    assert (
        str(inspect.signature(init_of(ours)))
        == str(inspect.signature(theirs.__init__))
        == "(self, *, a: 'int', b: 'int' = 0) -> None"
    )
    with pytest.raises(TypeError):
        ours(1)

    ours, _ = twins({}, {"a": "int"}, eq=False)
    assert ours(1) != ours(1) and hash(ours(1)) != hash(ours(1))

    _, theirs = twins({"b": 0}, {"a": "int", "b": "int"}, slots=True)
    one = Slotted(1)
    assert Slotted.__slots__ == theirs.__slots__ == ("a", "b")
    assert not hasattr(one, "__dict__")
    assert pickle.loads(pickle.dumps(one)) == one
    assert copy.deepcopy(one) == one and copy.copy(one) == one
    assert one.b == 0

    seen = []

    @record
    class Checked:
        a: int

        def __post_init__(self) -> None:
            seen.append(self.a)

    Checked(3)
    assert seen == [3]


def test_what_a_dataclass_refuses_a_record_refuses() -> None:
    with pytest.raises(ValueError, match="mutable default"):
        twins({"a": []}, {"a": "list[int]"})
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        twins({"a": 1}, {"a": "int", "b": "int"})

    @record
    class Base:
        a: int

    with pytest.raises(TypeError, match="does not inherit"):

        @record
        class Child(Base):
            b: int


def test_a_class_keeps_its_own_methods() -> None:
    @record
    class Shown:
        a: int

        def __repr__(self) -> str:
            return "mine"

    assert repr(Shown(1)) == "mine"
    assert Shown(1) == Shown(1) and hash(Shown(1)) == hash(Shown(1))


def every_record() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(watcher.__path__, "watcher."):
        if module.name.endswith("__main__"):
            continue
        try:
            loaded = importlib.import_module(module.name)
        except ImportError:  # a platform's notifier (osascript on Linux...)
            continue
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and value.__module__ == loaded.__name__
                and "__record_fields__" in value.__dict__
            ):
                found.append(value)
    return found


def as_dataclass_field(each: Any) -> Any:
    if each.default_factory is not MISSING:
        return dataclasses.field(default_factory=each.default_factory, kw_only=each.kw_only)
    if each.default is not MISSING:
        return dataclasses.field(default=each.default, kw_only=each.kw_only)
    return dataclasses.field(kw_only=each.kw_only)


def test_every_record_of_watcher_takes_what_its_dataclass_would() -> None:
    records = every_record()
    assert len(records) > 60
    for cls in records:
        twin = dataclasses.make_dataclass(
            cls.__name__,
            [(f.name, f.type, as_dataclass_field(f)) for f in fields(cls)],
            frozen=True,
        )
        assert str(inspect.signature(init_of(cls))) == str(inspect.signature(twin.__init__)), cls


def test_the_init_is_compiled_when_the_first_record_is_made() -> None:
    @record
    class Lazy:
        a: int
        b: list[int] = field(default_factory=list)

    assert getattr(Lazy.__dict__["__init__"], "__record_stand_in__", False)
    first = Lazy(1)
    assert not getattr(Lazy.__dict__["__init__"], "__record_stand_in__", False)
    assert first == Lazy(1) and Lazy(a=2).b == []
    with pytest.raises(TypeError):
        Lazy()
