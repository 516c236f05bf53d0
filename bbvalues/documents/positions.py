"""Where each key of a document was written, kept compactly beside the values.

A dict from key path to `Origin` costs more than the values themselves (a tuple per path and an
origin per key: about 6 times the file's size). `Positions` keeps, for each mapping and sequence of
the document, a tuple of its keys, and for each entry one packed line and column (8 bytes in one
array for the whole document), and builds the path's `Origin` when asked: lookups are few (the keys
a plan changes, a finding names), the keys many.
It reads as a `Mapping[path, Origin]`, iterating parents before children, in the order written.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping

from bbvalues.errors import Origin

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1
_POSITION_MASK = (1 << 2 * _COLUMN_BITS) - 1
# A key found by scanning a short mapping's keys; a longer one gets an index on its first lookup.
_INDEX_FROM = 16


def pack(line: int, column: int) -> int:
    return line << _COLUMN_BITS | column


def pack_mark(mark) -> int:
    """A parser's mark (index, line, column) in one int whose low bits are `pack(line, column)`."""
    return (mark.index << _COLUMN_BITS | mark.line) << _COLUMN_BITS | mark.column


def packed_position(packed_mark: int) -> int:
    """`pack(line, column)` of a `pack_mark` result."""
    return packed_mark & _POSITION_MASK


def unpack_mark(packed_mark: int) -> tuple[int, int, int]:
    """The index, line and column `pack_mark` packed."""
    return (packed_mark >> 2 * _COLUMN_BITS, packed_mark >> _COLUMN_BITS & _COLUMN_MASK,
            packed_mark & _COLUMN_MASK)


def unpacked_origin(lines: Any, mark: int) -> Origin:
    """The origin `lines` (a `yamltree.LineMap`) gives the packed 0-based line and column `mark`."""
    return lines.at(mark >> _COLUMN_BITS, mark & _COLUMN_MASK)


class Level:
    """One mapping (`keys`: its keys in order) or sequence (`keys` is None) of a document.

    Its entries' packed marks are `size` items of the document's mark array from `start`; `children[i]`
    is the level of entry i's value when that is a mapping or a sequence, else None, and `children` is
    None when no entry is one.
    """

    __slots__ = ("keys", "start", "size", "children")

    def __init__(self, keys: tuple | None, start: int, size: int, children: tuple | None):
        self.keys = keys
        self.start = start
        self.size = size
        self.children = children

    def child(self, index: int) -> "Level | None":
        return self.children[index] if self.children is not None else None

    def fill(self, keys: list | None, entry_marks: list[int], children: list, marks: array) -> "Level":
        """Set the level's entries once it is read: their keys (None: a sequence), packed marks and child
        levels; the marks go to the end of the document's `marks`."""
        self.keys = tuple(keys) if keys is not None else None
        self.start, self.size = len(marks), len(entry_marks)
        self.children = tuple(children) if any(children) else None
        marks.extend(entry_marks)
        return self


class Positions(Mapping):
    """Key path -> `Origin` for one document (see the module docstring).

    `marks`: every entry's packed mark (`pack`), a level's entries side by side; `lines` (a
    `yamltree.LineMap`) turns a mark into an origin.
    """

    __slots__ = ("root", "marks", "lines", "_indexes")

    def __init__(self, root: Level | None, marks: array, lines: Any):
        self.root = root
        self.marks = marks
        self.lines = lines
        self._indexes: dict[int, dict] = {}  # id(level) -> key -> entry, for the long mappings looked up

    def __getitem__(self, path: tuple) -> Origin:
        level, index = self._entry(path)
        return unpacked_origin(self.lines, self.marks[level.start + index])

    def __contains__(self, path: object) -> bool:
        try:
            self._entry(path)
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[tuple]:
        return (path for path, _mark in self._walk())

    def __len__(self) -> int:
        return sum(1 for _ in self._walk())

    def items(self) -> Iterator[tuple[tuple, Origin]]:  # type: ignore[override]
        return ((path, unpacked_origin(self.lines, mark)) for path, mark in self._walk())

    def values(self) -> Iterator[Origin]:  # type: ignore[override]
        return (unpacked_origin(self.lines, mark) for _path, mark in self._walk())

    def _entry(self, path: Any) -> tuple[Level, int]:
        if type(path) is not tuple or not path:
            raise KeyError(path)
        level = self.root
        for depth in range(len(path) - 1):
            if level is None:
                raise KeyError(path)
            level = level.child(self._index(level, path[depth]))
        if level is None:
            raise KeyError(path)
        return level, self._index(level, path[-1])

    def _index(self, level: Level, part: Any) -> int:
        """The index of the entry `part` names in `level` (a key, or a sequence index); KeyError when none does."""
        keys = level.keys
        if keys is None:
            if type(part) is int and 0 <= part < level.size:
                return part
            raise KeyError(part)
        if type(part) is not str:
            raise KeyError(part)
        if len(keys) < _INDEX_FROM:
            for index, key in enumerate(keys):
                if key == part:
                    return index
            raise KeyError(part)
        index = self._indexes.get(id(level))
        if index is None:
            index = self._indexes[id(level)] = {key: entry for entry, key in enumerate(keys)}
        return index[part]

    def _walk(self) -> Iterator[tuple[tuple, int]]:
        """(path, packed mark) of every entry, parents first, in the order written; a stack, not recursion."""
        marks = self.marks
        pending: list[tuple[tuple, Level, int]] = [((), self.root, 0)] if self.root is not None else []
        while pending:
            path, level, index = pending.pop()
            if index == level.size:
                continue
            pending.append((path, level, index + 1))
            entry_path = path + (level.keys[index] if level.keys is not None else index,)
            yield entry_path, marks[level.start + index]
            child = level.child(index)
            if child is not None:
                pending.append((entry_path, child, 0))
