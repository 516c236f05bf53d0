"""Compose only what an editor reads: the mappings on the edited paths in full, the rest as its outline.

The in-place editor finds an edited key by walking mappings from the root, and works out where an
entry ends and how the file indents. A node tree of the whole file is 8 to 14 times the file; this
one is about the size of the edited paths:

- every mapping on the way to an edited key keeps all its entries (keys are matched, duplicates
  warned about, new keys appended), and the value at an edited key is composed in full;
- any other collection keeps its outline only: a mapping its last entry, a sequence its last item
  that is not empty plain and the empty plain ones after it, each outlined the same way. That is
  what `_Document.last_char` and `_ends_with_block_scalar` follow to find where an entry ends;
- the file's indentation step and sequence style (`layout`) are counted over every node as it is
  composed, as `edit._layout` counts them on a whole tree.

Anchors, aliases, merge keys (`<<`) and non-scalar keys make the editor look across the file
(shared nodes, merged values), so a text with any of them raises `composer.NeedsTheWholeTree`: the
caller composes it whole, as the streaming reader does for the same texts.
"""

from __future__ import annotations

from collections import Counter

from bbvalues.documents.composer import (
    MAX_DEPTH, CollectionNode, KeptEvents, MappingNode, NeedsTheWholeTree, ScalarNode, SequenceNode, _Composer,
    parse_events, streamed_scalar, too_deep,
)
from bbvalues.documents.positions import pack_mark, unpack_mark
from bbvalues.documents.pyyaml import (
    AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
    SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
)
from bbvalues.documents.yamltree import key_text, scalar_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

    from bbvalues.documents.composer import Node

FULL = "full"  # in a trie of edited paths: the value at this key is composed whole
_OUTLINE = "outline"


def edited_paths_trie(paths) -> dict:
    """The key paths as a trie: each key's subtrie, `FULL` where an edited path ends."""
    trie: dict = {}
    for path in paths:
        level = trie
        for key in path[:-1]:
            child = level.get(key)
            if child == FULL:
                break
            level = level.setdefault(key, {})
        else:
            if path:
                level[path[-1]] = FULL
    return trie


def compose_pruned(text: str, file: str, keep: dict, progress: Any = None,
                   kept: KeptEvents | None = None) -> tuple[list[Node], tuple[int, bool]]:
    """The documents of `text` composed as the module docstring says, and the layout (step, indentless);
    `kept`: see `composer.parse_events`."""
    composer = _PrunedComposer(file, keep, progress)
    documents = parse_events(text, file, composer.documents, composer.report if progress is not None else None, kept)
    return documents, composer.layout()


class _Opened:
    """A collection being composed: its node, its mode (a subtrie, `FULL` or `_OUTLINE`), and until its first
    child comes, the key column and kind `_first_child` counts it with (None when the layout does not count it)."""

    __slots__ = ("node", "items", "mode", "mapping", "first_child")

    def __init__(self, node: CollectionNode, mode: Any, mapping: bool, first_child: tuple[int, bool] | None):
        self.node, self.items, self.mode, self.mapping, self.first_child = node, node.value, mode, mapping, first_child


class _PrunedComposer(_Composer):
    """One loop over the events. An outlined collection holds its scalars as the parser's events, and only
    those it keeps become nodes when it ends: most of a file is outline, and most of it is let go."""

    def __init__(self, file: str, keep: dict, progress: Any = None):
        super().__init__(file, progress)
        self.keep = keep
        self.steps: Counter[int] = Counter()
        self.sequences: Counter[bool] = Counter()

    def layout(self) -> tuple[int, bool]:
        step = max(self.steps.items(), key=lambda entry: entry[1])[0] if self.steps else 2  # the first most common
        return step, self.sequences[True] > self.sequences[False]

    def documents(self, events: Iterator[Any]) -> list[Node]:
        opened: list[_Opened] = []  # the collections open now, innermost last
        root: Node | None = None
        documents = []
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                streamed_scalar(event, self.file)
                if not opened:
                    root = _scalar_node(event)
                    continue
                top = opened[-1]
                items = top.items
                if top.mapping and not len(items) % 2 and event.value == "<<" and not event.style:
                    raise NeedsTheWholeTree  # a merge key
                if top.first_child is not None:
                    self._first_child(top, event)
                if top.mode is not _OUTLINE:
                    items.append(_scalar_node(event))
                    continue
                if top.mapping and not len(items) % 2 or not top.mapping and (
                        event.style or event.value != "" or event.tag is not None):
                    items.clear()  # an outline's last entry, or last item and the empty plain items after it
                items.append(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                opened.append(self._open(event, kind is MappingStartEvent, opened[-1] if opened else None, len(opened)))
                if len(opened) == 1:
                    root = opened[0].node
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                _close(opened.pop(), event)
            elif kind is AliasEvent:
                raise NeedsTheWholeTree
            elif kind is DocumentStartEvent:
                root = None
            elif kind is DocumentEndEvent:
                documents.append(root)
            elif kind is StreamEndEvent:
                return documents
        raise AssertionError("the events end with the stream's end")

    def _open(self, event, mapping: bool, top: _Opened | None, depth: int) -> _Opened:
        if event.anchor is not None or (top is not None and top.mapping and not len(top.items) % 2):
            raise NeedsTheWholeTree  # an anchor, or a collection as a key
        if depth >= MAX_DEPTH:
            raise too_deep(self._origin(event.start_mark))
        node = (MappingNode if mapping else SequenceNode)(pack_mark(event.start_mark), None, event.tag,
                                                          event.flow_style)
        if top is None:
            return _Opened(node, self.keep if mapping else FULL, mapping, None)
        parent = top.node
        block_value = top.mapping and not parent.flow_style and not node.flow_style
        child = _Opened(node, _mode_of_new(top, mapping), mapping,
                        (_column(top.items[-1]), mapping) if block_value else None)
        if top.first_child is not None:
            self._first_child(top, node)
        if top.mode is _OUTLINE and (not top.mapping or not len(top.items) % 2):
            top.items.clear()  # a collection is never an empty plain item
        top.items.append(node)
        return child

    def _first_child(self, top: _Opened, first: Any) -> None:
        """What `edit._layout` counts for a block mapping's entry whose value is a non-empty block collection."""
        key_column, mapping = top.first_child
        top.first_child = None
        if mapping:
            step = _column(first) - key_column
            if step > 0:
                self.steps[step] += 1
        else:
            self.sequences[unpack_mark(top.node.start)[2] == key_column] += 1


def _mode_of_new(top: _Opened, mapping: bool) -> Any:
    mode = top.mode
    if not isinstance(mode, dict):
        return mode
    sub = mode.get(key_text(scalar_value(top.items[-1])), _OUTLINE)
    return FULL if sub == FULL or (isinstance(sub, dict) and not mapping) else sub


def _close(done: _Opened, event) -> None:
    node = done.node
    node.end = pack_mark(event.end_mark)
    items = node.value
    if done.mode is _OUTLINE:
        items = [_scalar_node(item) if type(item) is ScalarEvent else item for item in items]
    node.value = list(zip(items[0::2], items[1::2])) if done.mapping else items


def _scalar_node(event: ScalarEvent) -> ScalarNode:
    return ScalarNode(event.value, pack_mark(event.start_mark), pack_mark(event.end_mark), None, event.tag,
                      event.style or None)


def _column(item: Any) -> int:
    """The column a node or a scalar event starts at."""
    return item.start_mark.column if type(item) is ScalarEvent else unpack_mark(item.start)[2]
