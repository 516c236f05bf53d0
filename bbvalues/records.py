"""Records: what every call builds is a named tuple or a `Record` (a plain class with `__slots__`, whose
`__init__` takes the slot names), not a dataclass, because a dataclass's methods are compiled anew by each
process: 25 of them were a fifth of a `migrate --check` call (docs/benchmarks.md). Named tuples are made by
`named_tuple`, not typing.NamedTuple, for the same reason. Reports of the commands that are not on that path
(lint, review, verify) are still dataclasses; `replaced` copies every kind.
"""

from __future__ import annotations

from collections import namedtuple


def named_tuple(cls: type) -> type:
    """The class `cls` as a named tuple: its annotated names are the fields, in order, a value given to one
    is its default, and its docstring and methods are kept (what `class X(typing.NamedTuple)` makes).

    typing.NamedTuple checks every field's annotation as it builds the class, and with postponed
    annotations each check compiles the annotation's text: 32 classes were a tenth of a small call's
    start-up, and importing typing a twentieth more.
    """
    fields = tuple(getattr(cls, "__annotations__", {}))
    defaults = [cls.__dict__[name] for name in fields if name in cls.__dict__]
    if any(name not in cls.__dict__ for name in fields[len(fields) - len(defaults):]):
        raise TypeError(f"{cls.__qualname__}: a field without a default follows one with a default")
    namespace = {name: value for name, value in cls.__dict__.items()
                 if name not in fields and name not in ("__dict__", "__weakref__")}
    namespace["__slots__"] = ()
    record = type(cls.__name__, (namedtuple(cls.__name__, fields, defaults=defaults, module=cls.__module__),),
                  namespace)
    record.__qualname__ = cls.__qualname__
    return record


def replaced(record, **changes):
    """`record` with `changes`, like `dataclasses.replace` or a named tuple's `_replace`."""
    if hasattr(record, "_replace"):
        return record._replace(**changes)
    if hasattr(record, "__dataclass_fields__"):
        import dataclasses  # already imported: it built the record's class

        return dataclasses.replace(record, **changes)
    fields = {name: getattr(record, name) for name in type(record).__slots__}
    return type(record)(**{**fields, **changes})


class Record:
    """A plain class with `__slots__` compared as a dataclass is: equal to a record of the same class whose
    slots, but `_uncompared`, are equal; hashed on the same slots (a mutable record sets `__hash__ = None`)."""

    __slots__ = ()
    _uncompared: tuple[str, ...] = ()

    def _compared(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__ if name not in self._uncompared)

    def __eq__(self, other):
        return self._compared() == other._compared() if other.__class__ is self.__class__ else NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared())
