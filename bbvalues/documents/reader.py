"""Read YAML text straight into Helm's values and compact positions, without a node tree.

A composed node tree (documents.composer) costs about 15 times the file's size, and Helm's values
4 times; most values documents use nothing that needs the tree. This reader builds the values and
their `Positions` from libyaml's events as they come, so a big file costs its values and little
more. A text that uses anchors, aliases, merge keys (`<<`) or a key that is not a scalar is read
again whole through the composer and `yamltree.to_python`, which hold go-yaml's alias rules (the
expansion budget, merges, nesting through aliases). Both ways give the same values, positions,
duplicate keys and errors: tests/documents/test_reader.py holds them equal on generated documents.

A document read this way composes its text on first use of its `node` (only the in-place editor
and a few manifest checks want one).
"""

from __future__ import annotations

from array import array

from bbvalues.documents.composer import (
    MAX_DEPTH, KeptEvents, NeedsTheWholeTree, compose_documents, parse_events, streamed_scalar, too_deep,
)
from bbvalues.documents.paths import MISSING, same_values
from bbvalues.documents.positions import Level, Positions, pack, unpacked_origin
from bbvalues.documents.pyyaml import (
    AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
    SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
)
from bbvalues.documents.yamltree import DuplicateKey, LineMap, Node, ParsedDocument, key_text, resolve_scalar, to_python
from bbvalues.errors import Origin

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

_NO_KEY = object()  # a mapping waiting for its next key
# Strings up to this long are kept once per text (as the json module does for keys): values files
# repeat keys and short values thousands of times, and each copy costs 50 bytes and more.
_MEMO_LENGTH = 128
_REMOVED = object()  # the slot of a key written again later (go-yaml keeps the last)
_COLLECTIONS = (dict, list)


def read_documents(text: str, lines: LineMap, progress: Any = None, share: Any = None,
                   positions: bool = True, kept: KeptEvents | None = None,
                   encoded: bytes | None = None) -> list[ParsedDocument]:
    """Every document of `text` as Helm sees it (a document's value is None when it is empty).

    `progress` (see `composer.compose_documents`) is told how many characters of `text` are read.
    `share`: values that this text's mostly equal (an edited text's input): a mapping or list read
    equal to the one at the same path in `share` is that one, so that the two take the memory of one.
    `positions=False`: the values only (no origins, no duplicates), for a caller that only compares them.
    Each document's `kept_events` holds the text's events when they are few for its size (`KeptEvents`).
    `kept`: the text's events, when the caller has them (they are read instead of the text). `encoded`: the
    text's UTF-8 bytes when they are its characters one for one (`inputs.read_text`), for the parser to read.
    """
    composable = _Composable(text, lines.file, kept)
    builder = _Builder(lines, composable, progress, share, positions)
    try:
        return parse_events(text, lines.file, builder.documents, builder.report if progress is not None else None,
                            composable.kept, encoded)
    except NeedsTheWholeTree:
        if progress is not None:
            progress.advance(-builder.reported, "reading again, with anchors")
        return _read_composed(text, lines, progress, composable.kept)


def _read_composed(text: str, lines: LineMap, progress: Any, kept: KeptEvents) -> list[ParsedDocument]:
    documents = [to_python(node, lines) for node in compose_documents(text, lines.file, progress, kept)]
    for document in documents:
        document.kept_events = kept
    return documents


class _Composable:
    """The text's node tree, composed on first use and then kept (`ParsedDocument.node`), and its events
    when they are few (the tree is then composed from them)."""

    __slots__ = ("text", "file", "kept", "_documents")

    def __init__(self, text: str, file: str, kept: KeptEvents | None = None):
        self.text = text
        self.file = file
        self.kept = kept if kept is not None else KeptEvents(text)
        self._documents: list[Node | None] | None = None

    def documents(self) -> list[Node | None]:
        if self._documents is None:
            self._documents = compose_documents(self.text, self.file, kept=self.kept)
        return self._documents


class _Discarded:
    """Where a read of the values only puts the marks and levels it does not keep."""

    __slots__ = ()

    def append(self, _item: Any) -> None:
        pass


_DISCARDED = _Discarded()


class _Open:
    """A mapping or sequence still being read: its value, its entries' keys, marks and levels, and the key
    its next value goes under. `level` is filled in when it closes."""

    __slots__ = ("value", "level", "path", "key", "key_mark", "keys", "marks", "children", "seen", "removed", "twin")

    def __init__(self, value: Any, path: tuple, twin: Any = MISSING):
        self.value = value
        self.twin = twin  # the collection at the same path in the values the reader shares with
        self.level = Level(None, 0, 0, None)
        self.path = path
        self.key: Any = _NO_KEY
        self.key_mark = 0
        mapping = type(value) is dict
        self.keys: list | None = [] if mapping else None
        self.marks: list[int] = []
        self.children: list[Level | None] = []
        self.seen: dict[str, int] | None = {} if mapping else None  # key -> its slot
        self.removed = False


class _Builder:
    def __init__(self, lines: LineMap, composable: _Composable, progress: Any, share: Any = None,
                 positions: bool = True):
        self.share = share
        self.positions = positions
        self.lines = lines
        self.file = lines.file
        self.composable = composable
        self.progress = progress
        self.reported = 0  # characters reported to `progress`
        self.marks = array("q")  # the current document's, level by level as they close

    def documents(self, events: Iterator[Any]) -> list[ParsedDocument]:
        documents: list[ParsedDocument] = []
        stack: list[_Open] = []
        root: Any = None
        root_level: Level | None = None
        duplicates: list[DuplicateKey] = []
        memo: dict[str, str] = {}  # one object per text: keys and short values repeat all over a values file
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                streamed_scalar(event, self.file)
                value = resolve_scalar(event.value, event.style, event.tag)
                if type(value) is str and len(value) <= _MEMO_LENGTH:
                    value = memo.setdefault(value, value)
                if not stack:
                    root = value
                    continue
                top = stack[-1]
                mark = event.start_mark
                if top.seen is None:
                    top.value.append(value)
                    top.marks.append(pack(mark.line, mark.column))
                    top.children.append(None)
                elif top.key is _NO_KEY:
                    if not event.style and event.value == "<<":
                        raise NeedsTheWholeTree
                    top.key = memo.setdefault(key := key_text(value), key)
                    top.key_mark = pack(mark.line, mark.column)
                else:
                    self._put(top, value, None, duplicates)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or (stack and stack[-1].seen is not None and stack[-1].key is _NO_KEY):
                    raise NeedsTheWholeTree
                if len(stack) >= MAX_DEPTH:
                    raise too_deep(Origin(self.file, event.start_mark.line + 1, event.start_mark.column + 1))
                opened = self._open(event, kind is MappingStartEvent, stack[-1] if stack else None, duplicates)
                if not stack:
                    root, root_level = opened.value, opened.level
                stack.append(opened)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                self._close(done)
                shared = self._shared(done) if self.share is not None else None
                if shared is not None:
                    if stack:
                        stack[-1].value[done.path[-1]] = shared  # its key, or its index in a list
                    else:
                        root = shared
            elif kind is AliasEvent:
                raise NeedsTheWholeTree
            elif kind is DocumentStartEvent:
                root, root_level, duplicates, self.marks = None, None, [], array("q")
            elif kind is DocumentEndEvent:
                documents.append(ParsedDocument(
                    None, root, Positions(root_level, self.marks, self.lines) if self.positions else {}, duplicates,
                    composable=(self.composable, len(documents)), kept_events=self.composable.kept))
            elif kind is StreamEndEvent:
                return documents
        raise AssertionError("the events end with the stream's end")

    def _open(self, event, mapping: bool, parent: _Open | None, duplicates: list[DuplicateKey]) -> _Open:
        value: Any = {} if mapping else []
        if parent is None:
            return self._opened(value, (), MISSING if self.share is None else self.share)
        twin = parent.twin
        if parent.seen is None:
            index = len(parent.value)
            opened = self._opened(value, parent.path + (index,),
                                  twin[index] if type(twin) is list and index < len(twin) else MISSING)
            mark = event.start_mark
            parent.value.append(value)
            parent.marks.append(pack(mark.line, mark.column))
            parent.children.append(opened.level)
        else:
            opened = self._opened(value, parent.path + (parent.key,),
                                  twin.get(parent.key, MISSING) if type(twin) is dict else MISSING)
            self._put(parent, value, opened.level, duplicates)
        return opened

    def _opened(self, value: Any, path: tuple, twin: Any) -> _Open:
        opened = _Open(value, path, twin)
        if not self.positions:
            opened.marks = opened.children = _DISCARDED
        return opened

    def _put(self, mapping: _Open, value: Any, level: Level | None, duplicates: list[DuplicateKey]) -> None:
        """The value of the key just read; a key written again replaces the earlier one, as go-yaml v2 does."""
        key = mapping.key
        mapping.key = _NO_KEY
        earlier = mapping.seen.get(key)
        if earlier is not None:
            if self.positions:
                duplicates.append(DuplicateKey(mapping.path + (key,),
                                               unpacked_origin(self.lines, mapping.marks[earlier]),
                                               unpacked_origin(self.lines, mapping.key_mark)))
            del mapping.value[key]
            mapping.keys[earlier] = _REMOVED
            mapping.removed = True
        mapping.seen[key] = len(mapping.keys)
        mapping.value[key] = value
        mapping.keys.append(key)
        mapping.marks.append(mapping.key_mark)
        mapping.children.append(level)

    def _close(self, done: _Open) -> None:
        """Fill in the level: its keys (without the slots of keys written again), marks and children."""
        if not self.positions:
            return
        keys, marks, children = done.keys, done.marks, done.children
        if done.removed:
            kept = [index for index, key in enumerate(keys) if key is not _REMOVED]
            keys, marks, children = [keys[i] for i in kept], [marks[i] for i in kept], [children[i] for i in kept]
        done.level.fill(keys, marks, children, self.marks)

    @staticmethod
    def _shared(done: _Open) -> Any:
        """The collection of `share` at the same path, when it equals the one just read."""
        twin = done.twin
        return twin if type(twin) is type(done.value) and _same_as_twin(done.value, twin) else None

    def report(self, position: int) -> None:
        """Tell the progress display how far into the text the reading is (`parse_events`)."""
        self.progress.advance(position - self.reported, "reading values")
        self.reported = position


def _same_as_twin(value: dict | list, twin: dict | list) -> bool:
    """`paths.same_values(value, twin)` for a collection just read, whose own collections are their twins
    already where they are the same: C's == says it first, then the types of what it let pass (`True == 1 ==
    1.0`). Only the collections on the way to an edit differ, and those holding a NaN: same_values says."""
    if value != twin:
        return same_values(value, twin)
    pairs = zip(value.values(), map(twin.__getitem__, value)) if type(value) is dict else zip(value, twin)
    return all(child is other or (type(child) is type(other) and type(child) not in _COLLECTIONS)
               for child, other in pairs)
