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
(shared nodes, merged values), so a text with any of them raises `NotPrunable`: the caller composes
it whole, as the streaming reader does for the same texts.
"""

from __future__ import annotations

from collections import Counter

from bbvalues.documents.composer import CollectionNode, MappingNode, ScalarNode, SequenceNode, _Composer, parse_events
from bbvalues.documents.positions import unpack_mark
from bbvalues.documents.yamltree import key_text, scalar_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from bbvalues.documents.composer import Node

FULL = "full"  # in a trie of edited paths: the value at this key is composed whole
_OUTLINE = "outline"


class NotPrunable(Exception):
    """The text has anchors, aliases, merge keys or non-scalar keys: compose it whole."""


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


def compose_pruned(text: str, file: str, keep: dict, progress: Any = None) -> tuple[list[Node], tuple[int, bool]]:
    """The documents of `text` composed as the module docstring says, and the layout (step, indentless)."""
    composer = _PrunedComposer(file, keep, progress)
    documents = parse_events(text, file, composer.documents)
    return documents, composer.layout()


class _PrunedComposer(_Composer):
    def __init__(self, file: str, keep: dict, progress: Any = None):
        super().__init__(file, progress)
        self.keep = keep
        self.modes: list = []  # per open collection: its subtrie, FULL or _OUTLINE
        self.first_child: list = []  # per open collection: (key column, mapping?) until its first child counts
        self.steps: Counter[int] = Counter()
        self.sequences: Counter[bool] = Counter()

    def layout(self) -> tuple[int, bool]:
        step = self.steps.most_common(1)[0][0] if self.steps else 2
        return step, self.sequences[True] > self.sequences[False]

    def _alias(self, event) -> Node:
        raise NotPrunable

    def _scalar(self, event) -> ScalarNode:
        if event.anchor is not None:
            raise NotPrunable
        node = super()._scalar(event)
        if node.value == "<<" and node.style is None and self._at_key():
            raise NotPrunable
        return node

    def _start(self, event, node_class: type[CollectionNode]) -> None:
        if event.anchor is not None or self._at_key():
            raise NotPrunable
        mode = self._mode_of_new(node_class)
        parent = self.open[-1] if self.open else None
        super()._start(event, node_class)
        node = self.open[-1]
        self.modes.append(mode)
        block_value = (isinstance(parent, MappingNode) and not parent.flow_style and not node.flow_style)
        self.first_child.append((unpack_mark(parent.value[-2].start)[2], node_class is MappingNode)
                                if block_value else None)

    def _end(self, event) -> None:
        self.modes.pop()
        self.first_child.pop()
        super()._end(event)

    def _add(self, node: Node) -> None:
        if not self.open:
            self.root = node
            return
        parent = self.open[-1]
        pending = self.first_child[-1]
        if pending is not None:
            self._count_layout(parent, node, *pending)
            self.first_child[-1] = None
        if self.modes[-1] is _OUTLINE and self._outline_drops(parent, node):
            parent.value.clear()
        parent.value.append(node)

    def _count_layout(self, parent: CollectionNode, first: Node, key_column: int, mapping: bool) -> None:
        """What `edit._layout` counts for a block mapping's entry whose value is a non-empty block collection."""
        if mapping:
            step = unpack_mark(first.start)[2] - key_column
            if step > 0:
                self.steps[step] += 1
        else:
            self.sequences[unpack_mark(parent.start)[2] == key_column] += 1

    def _at_key(self) -> bool:
        return bool(self.open) and isinstance(self.open[-1], MappingNode) and len(self.open[-1].value) % 2 == 0

    def _mode_of_new(self, node_class: type[CollectionNode]) -> Any:
        if not self.open:
            return self.keep if node_class is MappingNode else FULL
        mode = self.modes[-1]
        if not isinstance(mode, dict):
            return mode
        key = self.open[-1].value[-1]
        sub = mode.get(key_text(scalar_value(key)), _OUTLINE)
        return FULL if sub == FULL or (isinstance(sub, dict) and node_class is not MappingNode) else sub

    @staticmethod
    def _outline_drops(parent: CollectionNode, node: Node) -> bool:
        """Whether the outline lets go of what `parent` holds so far before taking `node`."""
        if isinstance(parent, SequenceNode):
            return not (isinstance(node, ScalarNode) and node.style is None and node.value == ""
                        and node.tag is None)
        return len(parent.value) % 2 == 0  # a new key: the last entry is all a mapping's outline keeps
