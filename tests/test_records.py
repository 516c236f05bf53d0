"""Records compare, hash and copy as the dataclasses they replace did."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import pytest

from bbvalues.records import Record, named_tuple, replaced


class Row(Record):
    __slots__ = ("name", "raw", "size")
    _uncompared = ("raw",)

    def __init__(self, name: str, size: int, raw: dict | None = None):
        self.name, self.size, self.raw = name, size, raw


class OtherRow(Row):
    __slots__ = ()


class Plan(Record):
    __slots__ = ("changes",)
    __hash__ = None

    def __init__(self, changes: list):
        self.changes = changes


@named_tuple
class Pair:
    """Two numbers."""

    left: int
    right: int = 0

    def total(self) -> int:
        return self.left + self.right


@dataclass(frozen=True)
class Frozen:
    left: int
    right: int


def test_equal_on_the_compared_slots_only():
    assert Row("a", 1, {"x": 1}) == Row("a", 1, {"y": 2})
    assert hash(Row("a", 1, {"x": 1})) == hash(Row("a", 1, None))
    assert Row("a", 1) != Row("a", 2)
    assert len({Row("a", 1, {}), Row("a", 1, {"z": 0})}) == 1


def test_a_record_of_another_class_is_never_equal():
    assert Row("a", 1) != OtherRow("a", 1)
    assert Row("a", 1) != ("a", 1)


def test_a_mutable_record_is_unhashable():
    with pytest.raises(TypeError):
        hash(Plan([]))
    assert Plan([1]) == Plan([1]) and Plan([1]) != Plan([2])


def test_records_survive_pickling_for_worker_processes():
    row = Row("a", 1, {"x": 1})
    copy = pickle.loads(pickle.dumps(row))
    assert (copy, copy.raw) == (row, {"x": 1})


@pytest.mark.parametrize("record", [Row("a", 1, {"x": 1}), Pair(1, 2), Frozen(1, 2)], ids=lambda record: type(record).__name__)
def test_replaced_changes_only_what_it_is_given(record):
    field = "size" if isinstance(record, Row) else "right"
    copy = replaced(record, **{field: 9})
    assert type(copy) is type(record) and getattr(copy, field) == 9
    assert replaced(copy, **{field: getattr(record, field)}) == record
    if isinstance(record, Row):
        assert copy.raw is record.raw


def test_a_named_tuple_is_the_tuple_its_annotations_declare():
    pair = Pair(1, 2)
    assert pair == (1, 2) and isinstance(pair, tuple) and pair.total() == 3
    assert Pair(5) == (5, 0) and Pair(right=3, left=1) == (1, 3) and Pair._fields == ("left", "right")
    assert Pair.__doc__ == "Two numbers." and Pair.__qualname__ == "Pair" and Pair.__module__ == __name__
    assert pair._replace(right=7) == Pair(1, 7) and hash(pair) == hash((1, 2))
    assert pickle.loads(pickle.dumps(pair)) == pair and type(pickle.loads(pickle.dumps(pair))) is Pair
    with pytest.raises(AttributeError):
        pair.extra = 1  # no instance dict, like typing.NamedTuple's


def test_a_named_tuple_refuses_a_required_field_after_a_default():
    with pytest.raises(TypeError, match="without a default follows"):
        @named_tuple
        class Broken:
            first: int = 0
            second: int
