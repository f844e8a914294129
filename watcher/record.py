"""Records: classes of named, immutable fields, what ``@dataclass(frozen=True)`` makes, each
made with one compilation instead of six.

Why: a command's start builds every model, setting and result class it imports (about 50 for
`watcher track list`). The standard library compiles each of a frozen dataclass's six methods
apart and imports :mod:`inspect` (with :mod:`ast` and :mod:`dis`) to do it: that was 45 % of the
start of a command that reads the store (bench/README.md, "CLI start"). A record compiles its
methods in one piece, and this module imports nothing that a command would not load anyway.

To its users, a record is a frozen dataclass:

- ``__init__`` takes the fields in order, with their defaults and
  ``field(default_factory=...)`` (a fresh value per instance), keyword-only with
  ``kw_only=True``, then calls ``__post_init__`` when the class has one;
- ``__repr__``, ``__eq__`` and ``__hash__`` over the fields (``field(compare=False)`` and
  ``field(repr=False)`` leave one out); ``eq=False`` keeps identity;
- assigning or deleting a field raises :class:`FrozenError`, an AttributeError;
- ``__match_args__``; ``slots=True`` gives the class ``__slots__`` (and pickles it);
- :func:`replace` and :func:`fields` work as the ``dataclasses`` ones do, on records and on
  dataclasses alike.

What the class defines itself (its own ``__repr__``, say) is kept. Not supported, and refused
when asked for: a record inheriting from another record, ``InitVar``, order.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if not TYPE_CHECKING:  # what the checker reads from these two does nothing at run time

    def overload(function):
        return function

    def dataclass_transform(**_described):
        return overload

else:
    from types import CodeType
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T")

COMPILED: dict[str, CodeType] = {}
"""The code of records' ``__init__`` by its source: what :func:`_init` compiled in this process,
and what a shell put here beforehand. Compiling is most of what a record costs: the 13 records
`watcher plan` makes take 3 ms of its start to compile, so the command line keeps their code in
its cache between commands (:mod:`watcher.cli`) as Python keeps a module's in ``__pycache__``."""


class FrozenError(AttributeError):
    """Raised when a record's field is assigned or deleted (records are immutable)."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


MISSING: Any = _Missing()
"""No default given."""

_FACTORY: Any = _Factory()
"""The default an ``__init__`` shows for a field made by its ``default_factory``."""


class Field:
    """One field of a record: its name, default or default factory, and whether it is compared
    and shown."""

    __slots__ = ("compare", "default", "default_factory", "kw_only", "name", "repr", "type")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        *,
        compare: bool = True,
        repr: bool = True,
    ) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("a field cannot have both a default and a default_factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr
        self.kw_only = False

    def __repr__(self) -> str:
        return (
            f"Field(name={self.name!r}, default={self.default!r}, "
            f"default_factory={self.default_factory!r}, compare={self.compare}, "
            f"repr={self.repr}, kw_only={self.kw_only})"
        )


@overload
def field(*, default: T, compare: bool = ..., repr: bool = ...) -> T: ...
@overload
def field(*, default_factory: Callable[[], T], compare: bool = ..., repr: bool = ...) -> T: ...
def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """Describe a field of a record, as ``dataclasses.field`` does (the same arguments)."""
    return Field(default, default_factory, compare=compare, repr=repr)


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(
    *, eq: bool = True, kw_only: bool = False, slots: bool = False
) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(
    cls: type[T] | None = None,
    /,
    *,
    eq: bool = True,
    kw_only: bool = False,
    slots: bool = False,
) -> Any:
    """Make ``cls`` a record (see the module's text): ``@record``, or ``@record(eq=False)``,
    ``@record(kw_only=True)``, ``@record(slots=True)``."""

    def make(cls: type[T]) -> type[T]:
        return _make(cls, eq=eq, kw_only=kw_only, slots=slots)

    return make if cls is None else make(cls)


def fields(thing: Any) -> tuple[Any, ...]:
    """Return the fields of a record or a dataclass (a class or an instance), in order; each has
    its ``name``."""
    found = getattr(thing, "__record_fields__", None)
    if found is not None:
        return tuple(found)
    import dataclasses

    return dataclasses.fields(thing)


def replace(obj: T, /, **changes: Any) -> T:
    """Return a copy of the record (or dataclass) ``obj`` with ``changes`` to its fields."""
    found = getattr(obj, "__record_fields__", None)
    if found is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    for each in found:
        if each.name not in changes:
            changes[each.name] = getattr(obj, each.name)
    made: T = obj.__class__(**changes)
    return made


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return isinstance(text, str) and text.split("[", 1)[0].split(".")[-1] == "ClassVar"


def _fields_of(cls: type, kw_only: bool) -> list[Field]:
    """Return the fields ``cls`` annotates, setting each default back on the class."""
    found: list[Field] = []
    # Not inspect.get_annotations: importing inspect is what records spare a command's start.
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    for name, annotation in annotations.items():
        if _is_class_var(annotation):
            continue
        if "InitVar" in str(annotation):
            raise TypeError(f"{cls.__name__}.{name}: records take no InitVar")
        value = cls.__dict__.get(name, MISSING)
        each = value if isinstance(value, Field) else Field(default=value)
        each.name, each.type, each.kw_only = name, annotation, kw_only
        if isinstance(value, Field):
            if each.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, each.default)
        default = each.default
        if default is not MISSING and type(default).__hash__ is None:  # list, dict, set...
            raise ValueError(
                f"mutable default {type(default)} for field {name} is not allowed: use "
                "default_factory"
            )
        found.append(each)
    positional = [each for each in found if not each.kw_only]
    for before, after in itertools.pairwise(positional):
        if _has_default(before) and not _has_default(after):
            raise TypeError(f"non-default argument {after.name!r} follows default argument")
    return found


def _has_default(each: Field) -> bool:
    return each.default is not MISSING or each.default_factory is not MISSING


def _make(cls: type[T], *, eq: bool, kw_only: bool, slots: bool) -> type[T]:
    if any("__record_fields__" in base.__dict__ for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record does not inherit from another record")
    for name in ("__setattr__", "__delattr__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__name__} defines {name}: a record is immutable")
    found = _fields_of(cls, kw_only)
    names = tuple(each.name for each in found)
    if slots:
        body = {key: value for key, value in cls.__dict__.items() if key not in names}
        body.pop("__dict__", None)
        body.pop("__weakref__", None)
        body["__slots__"] = names
        made: type[T] = type(cls.__name__, cls.__bases__, body)
        made.__qualname__ = cls.__qualname__
        cls = made
    explicit_hash = "__hash__" in cls.__dict__ and not (
        cls.__dict__["__hash__"] is None and "__eq__" in cls.__dict__
    )
    compared = tuple(each.name for each in found if each.compare)
    cls.__record_key__ = staticmethod(_key(compared))  # type: ignore[attr-defined]
    cls.__record_shown__ = tuple(each.name for each in found if each.repr)  # type: ignore[attr-defined]
    cls.__record_names__ = frozenset(names)  # type: ignore[attr-defined]
    own: dict[str, Callable[..., Any]] = {
        "__init__": _first_init(cls, found, post_init=hasattr(cls, "__post_init__")),
        "__repr__": _repr,
    }
    if eq:
        own["__eq__"] = _eq
    for name, method in own.items():
        if name not in cls.__dict__:
            setattr(cls, name, method)
    if eq and not explicit_hash:
        cls.__hash__ = _hash  # type: ignore[method-assign]
    cls.__setattr__ = _setattr  # type: ignore[method-assign]
    cls.__delattr__ = _delattr  # type: ignore[method-assign]
    if slots:
        cls.__getstate__ = _getstate  # type: ignore[method-assign]
        cls.__setstate__ = _setstate  # type: ignore[attr-defined]
    cls.__record_fields__ = tuple(found)  # type: ignore[attr-defined]
    if "__match_args__" not in cls.__dict__:
        match_args = tuple(each.name for each in found if not each.kw_only)
        cls.__match_args__ = match_args  # type: ignore[attr-defined,misc]
    if not cls.__doc__:
        cls.__doc__ = f"{cls.__name__}({', '.join(names)})"
    return cls


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """Return what gives a record's compared fields as a tuple."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return operator.attrgetter(*names)


# The methods every record shares: what the class holds (its names, its key) tells them apart.


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _setattr(self: Any, name: str, value: Any) -> None:
    cls = type(self)
    if "__record_fields__" in cls.__dict__ or name in cls.__record_names__:
        raise FrozenError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _delattr(self: Any, name: str) -> None:
    cls = type(self)
    if "__record_fields__" in cls.__dict__ or name in cls.__record_names__:
        raise FrozenError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, each.name) for each in self.__record_fields__]


def _setstate(self: Any, state: list[Any]) -> None:
    for each, value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, each.name, value)


def _first_init(cls: type, found: list[Field], *, post_init: bool) -> Callable[..., None]:
    """Return what stands for the record's ``__init__`` until the first record is made: it
    compiles the real one (:func:`_init`), puts it in its place and runs it. A command builds
    every record class it imports but makes records of few of them; the others compile
    nothing."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = cls.__dict__["__init__"]
        if real is __init__:
            real = _init(cls, found, post_init=post_init)
            cls.__init__ = real  # type: ignore[misc]
        real(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    __init__.__record_stand_in__ = True  # type: ignore[attr-defined]
    return __init__


def init_of(cls: type) -> Callable[..., None]:
    """Return the record class's ``__init__``, compiled (as ``inspect.signature`` should see
    it: before a first record is made, a stand-in with ``*args, **kwargs`` holds its place)."""
    found: Callable[..., None] = cls.__dict__["__init__"]
    if getattr(found, "__record_stand_in__", False):
        fields_ = list(cls.__record_fields__)  # type: ignore[attr-defined]
        found = _init(cls, fields_, post_init=hasattr(cls, "__post_init__"))
        cls.__init__ = found  # type: ignore[misc]
    return found


def _init(cls: type, found: list[Field], *, post_init: bool) -> Callable[..., None]:
    """Return the record's ``__init__``: the one method compiled for each record, so that it
    takes its fields by name and position, and sets them at the speed of a written one."""
    values: dict[str, Any] = {"__set": object.__setattr__, "__FACTORY": _FACTORY}
    parameters: list[str] = ["self"]
    keywords: list[str] = []
    lines: list[str] = []
    for number, each in enumerate(found):
        name = each.name
        if each.default_factory is not MISSING:
            values[f"__factory_{number}"] = each.default_factory
            parameter = f"{name}=__FACTORY"
            value = f"__factory_{number}() if {name} is __FACTORY else {name}"
        elif each.default is not MISSING:
            values[f"__default_{number}"] = each.default
            parameter, value = f"{name}=__default_{number}", name
        else:
            parameter, value = name, name
        (keywords if each.kw_only else parameters).append(parameter)
        lines.append(f"  __set(self, {name!r}, {value})")
    if keywords:
        parameters += ["*", *keywords]
    if post_init:
        lines.append("  self.__post_init__()")
    source = "\n".join([f"def __init__({', '.join(parameters)}):", *(lines or ["  pass"])])
    code = COMPILED.get(source)
    if code is None:
        code = COMPILED[source] = compile(source, "<record __init__>", "exec")
    made: dict[str, Any] = {}
    exec(code, values, made)  # noqa: S102 - our own text, as dataclasses does
    init: Callable[..., None] = made["__init__"]
    init.__annotations__ = {each.name: each.type for each in found} | {"return": None}
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init
