"""Parse YAML text into plain Python values the way Helm reads them, keeping where every key was written.

Helm reads values through sigs.k8s.io/yaml (go-yaml v2): YAML 1.1 scalars (`yes`, `on`, `y` are
booleans), duplicate keys keep the last occurrence, merge keys (`<<`) are honoured, and every
mapping key ends up a string. Nodes come from libyaml (see `composer`, which also bounds nesting
and scalar size); the plain scalars are resolved here so the result matches Helm. Expanding
aliases has go-yaml v2's budget, so an alias bomb ("billion laughs") is refused, not expanded.
"""

from __future__ import annotations

from array import array

from bbvalues.documents.collector import without_cycle_collection
from bbvalues.documents.positions import Level, Positions, packed_position, unpacked_origin
from bbvalues.documents.composer import (  # noqa: F401 (the node classes and compose_documents are used through here too)
    MAX_DEPTH, PROGRESS_EVERY, MappingNode, Node, ScalarNode, SequenceNode, compose_documents,
)
from bbvalues.errors import BBValuesError, Origin
from bbvalues.patterns import DIGITS, HEX_DIGITS, Shape, consists_of, digit_first, unsigned
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator, Mapping

Path = tuple[str | int, ...]

_BOOL_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_BOOL_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
NULL_TOKENS = {"", "~", "null", "Null", "NULL"}
BOOLEAN_TOKENS = _BOOL_TRUE | _BOOL_FALSE
# Tokens YAML 1.1 (go-yaml v2, Helm) reads as booleans but YAML 1.2 readers read as strings.
YAML11_ONLY_BOOLEANS = BOOLEAN_TOKENS - {"true", "True", "TRUE", "false", "False", "FALSE"}
_OCTAL_DIGITS = "01234567_"
RADIX_DIGITS = {"0b": "01_", "0o": _OCTAL_DIGITS, "0x": HEX_DIGITS + "_"}  # after each prefix, `_` allowed
_NUMBER_STARTS = frozenset("0123456789+-.")
_SPECIAL_FLOATS = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"), ".nan": float("nan"),
                   ".NaN": float("nan"), ".NAN": float("nan")}


def _is_int(text: str) -> bool:
    body = unsigned(text)
    radix_digits = RADIX_DIGITS.get(body[:2])
    if radix_digits is not None and consists_of(body[2:], radix_digits):
        return True
    if body[:1] == "0":
        return body == "0" or consists_of(body[1:], _OCTAL_DIGITS)
    return body[:1] in "123456789" and consists_of(body, DIGITS + "_")


def is_float_text(text: str, digits: str) -> bool:
    """`[-+]?(\\.[0-9]+|[0-9][D]*(\\.[D]*)?)([eE][-+]?[0-9]+)?` where `[D]` is `digits`: a float in YAML 1.1
    (digits with `_`) or in go-yaml v2's writer (digits only)."""
    mantissa, exponent_mark, exponent = unsigned(text).replace("E", "e").partition("e")
    whole, point, fraction = mantissa.partition(".")
    if whole:
        number = digit_first(whole, digits) and (not fraction or consists_of(fraction, digits))
    else:
        number = bool(point) and consists_of(fraction, DIGITS)
    return number and (not exponent_mark or consists_of(unsigned(exponent), DIGITS))


# YAML 1.1's ints and floats, as go-yaml v2 reads them
_INT = Shape(r"[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[1-9][0-9_]*|0)", _is_int)
_FLOAT = Shape(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?",
               lambda text: is_float_text(text, DIGITS + "_"))


def resolve_plain(text: str) -> Any:
    """The value go-yaml v2 gives an unquoted scalar."""
    if text in NULL_TOKENS:
        return None
    if text in _BOOL_TRUE:
        return True
    if text in _BOOL_FALSE:
        return False
    if text[0] not in _NUMBER_STARTS:  # most values are words: no pattern below can match them
        return text
    if _INT.fullmatch(text):
        return _parse_int(text)
    if _FLOAT.fullmatch(text) and any(ch.isdigit() for ch in text):
        return float(text.replace("_", ""))
    sign = -1.0 if text.startswith("-") else 1.0
    special = _SPECIAL_FLOATS.get(text.lstrip("+-"))
    if special is not None:
        return sign * special
    return text


def _parse_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if len(digits) > 1 and digits.startswith("0"):
        return sign * int(digits, 8)
    return sign * int(digits)


def walk(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) pair below `value`, maps and lists included, parents first."""
    pending = [(path, value)]
    while pending:  # a stack, not recursion: values may nest as deep as the reader allows
        path, value = pending.pop()
        yield path, value
        if isinstance(value, dict):
            pending.extend((path + (key,), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend((path + (index,), value[index]) for index in reversed(range(len(value))))


def dotted_path(path) -> str:
    """`a.b."istio.io/use-waypoint"`: a key path for messages, quoting keys that contain dots."""
    return ".".join(f'"{part}"' if "." in str(part) else str(part) for part in path)


def yaml_kind(value: Any) -> str:
    """How a YAML value reads in a message: `got an integer`, `got a list`."""
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
             dict: "a map", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def key_text(value: Any) -> str:
    """Helm's string form of a mapping key (sigs.k8s.io/yaml turns every key into a JSON string)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# The reader's records are plain classes and named tuples, not dataclasses: every call builds them, and a
# dataclass's generated methods are compiled anew by each process (docs/benchmarks.md).

@named_tuple
class DuplicateKey:
    path: Path
    first: Origin
    last: Origin


class ParsedDocument:
    """One YAML document as Helm sees it, with positions.

    `origins` maps key paths to where they were written (a dict, or the reader's compact `Positions`).
    `node` is the composed document; a document read without composing (`reader.read_documents`)
    composes its text on first use of `node`, which only the editor and a few manifest checks need.
    `kept_events`: its text's events when the reader kept them (`composer.KeptEvents`), for the editor.
    """

    __slots__ = ("_node", "_composable", "value", "origins", "duplicates", "anchored", "kept_events")

    def __init__(self, node: Node | None, value: Any, origins: Mapping[Path, Origin] | None = None,
                 duplicates: list[DuplicateKey] | None = None, anchored: dict[Path, Origin] | None = None,
                 composable: tuple[Any, int] | None = None, kept_events: Any = None):
        self._node = node
        self._composable = composable  # (an object whose `documents()` composes the text once, this one's index)
        self.kept_events = kept_events
        self.value = value
        self.origins = {} if origins is None else origins
        self.duplicates = [] if duplicates is None else duplicates
        self.anchored = {} if anchored is None else anchored

    @property
    def node(self) -> Node | None:
        if self._composable is not None:
            nodes, index = self._composable
            self._node, self._composable = nodes.documents()[index], None
        return self._node


class LineMap:
    """Maps a position in a parsed text back to the file it came from (values embedded in a manifest)."""

    __slots__ = ("file", "line_offset", "column_offset")

    def __init__(self, file: str, line_offset: int = 0, column_offset: int = 0):
        self.file = file
        self.line_offset = line_offset
        self.column_offset = column_offset

    def origin(self, node: Node) -> Origin:
        mark = node.start_mark
        return self.at(mark.line, mark.column)

    def at(self, line: int, column: int) -> Origin:
        """The origin of the 0-based `line` and `column` of the parsed text."""
        return Origin(self.file, line + 1 + self.line_offset, column + 1 + self.column_offset)


def to_python(node: Node | None, lines: LineMap, progress: Any = None) -> ParsedDocument:
    """Convert a composed node to Helm's view of it, recording key positions and duplicates.

    `progress` (see `compose_documents`) is told how many characters of the text are converted.
    """
    doc = ParsedDocument(node=node, value=None)
    if node is not None:
        with without_cycle_collection():  # plain values and positions: no cycles either
            converter = _Converter(lines, doc, progress)
            doc.value, root = converter.convert(node, ())
            doc.origins = Positions(root, converter.marks, lines)
            converter.report(node.end_mark.index)
    return doc


# go-yaml v2 (decode.go) refuses a document whose values come mostly from alias expansion: up to
# 400,000 decoded nodes 99% may come from aliases, from 4,000,000 on only 10%, linear in between.
_ALIAS_RATIO_LOW, _ALIAS_RATIO_HIGH = 400_000, 4_000_000


def _allowed_alias_ratio(decoded: int) -> float:
    if decoded <= _ALIAS_RATIO_LOW:
        return 0.99
    if decoded >= _ALIAS_RATIO_HIGH:
        return 0.10
    return 0.99 - 0.89 * (decoded - _ALIAS_RATIO_LOW) / (_ALIAS_RATIO_HIGH - _ALIAS_RATIO_LOW)


class _Converter:
    """One conversion: values with their positions (`Level`s, marks in `marks`), duplicates and anchors to `doc`;
    alias expansion and nesting are counted as go-yaml counts them."""

    def __init__(self, lines: LineMap, doc: ParsedDocument, progress: Any = None):
        self.lines = lines
        self.doc = doc
        self.progress = progress
        self.converted = 0  # characters reported to `progress`
        self.decoded = 0
        self.from_aliases = 0
        self.alias_depth = 0
        self.depth = 0
        self.expanded: set[int] = set()  # anchored nodes converted once: meeting one again is an alias use
        self.alias_path: Path = ()  # where the outermost alias being expanded is used
        self.marks = array("q")
        self.open_keys: dict[Path, int] = {}  # the keys whose values are being converted, their packed marks

    def convert(self, node: Node, path: Path) -> tuple[Any, Level | None]:
        """The value of `node` and, for a mapping or sequence, its level of positions."""
        if node.anchor is None:
            return self._value(node, path)
        self.doc.anchored.setdefault(path, self.lines.origin(node))
        alias = id(node) in self.expanded
        self.expanded.add(id(node))
        if alias and not self.alias_depth:
            self.alias_path = path
        self.alias_depth += alias
        try:
            return self._value(node, path)
        finally:
            self.alias_depth -= alias

    def _value(self, node: Node, path: Path) -> tuple[Any, Level | None]:
        self._count(node)
        if isinstance(node, ScalarNode):
            return scalar_value(node), None
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise BBValuesError(f"nesting deeper than {MAX_DEPTH} levels through aliases and merge keys is refused",
                                self._alias_use_origin(node), hint="check the file for aliases that refer to each other")
        try:
            if isinstance(node, SequenceNode):
                return self._sequence(node, path)
            return self._mapping(node, path)
        finally:
            self.depth -= 1

    def report(self, position: int) -> None:
        if self.progress is not None and position > self.converted:
            self.progress.advance(position - self.converted, "reading values")
            self.converted = position

    def _count(self, node: Node) -> None:
        self.decoded += 1
        if not self.decoded % PROGRESS_EVERY:
            self.report(node.start_mark.index)
        self.from_aliases += self.alias_depth > 0
        if (self.from_aliases > 100 and self.decoded > 1000
                and self.from_aliases / self.decoded > _allowed_alias_ratio(self.decoded)):
            raise BBValuesError(
                f"alias expansion refused: the document contains excessive aliasing ({self.from_aliases:,} of "
                f"{self.decoded:,} values come from aliases; Helm refuses it too)", self._alias_use_origin(node),
                hint="an alias bomb (\"billion laughs\") or a runaway anchor: write the values out instead")

    def _alias_use_origin(self, node: Node) -> Origin:
        """The key whose value holds the alias being expanded (an alias itself has no node to point at)."""
        for end in range(len(self.alias_path) if self.alias_depth else 0, 0, -1):
            if isinstance(self.alias_path[end - 1], str) and self.alias_path[:end] in self.open_keys:
                return unpacked_origin(self.lines, self.open_keys[self.alias_path[:end]])
        return self.lines.origin(node)

    def _sequence(self, node: SequenceNode, path: Path) -> tuple[list, Level]:
        items, marks, children = [], [], []
        for index, item in enumerate(node.value):
            marks.append(packed_position(item.start))
            value, level = self.convert(item, path + (index,))
            items.append(value)
            children.append(level)
        return items, Level(None, 0, 0, None).fill(None, marks, children, self.marks)

    def _mapping(self, node: MappingNode, path: Path) -> tuple[dict, Level]:
        result: dict[str, Any] = {}
        entries: dict[str, tuple[int, Level | None]] = {}  # key -> its packed mark and level
        merged: dict[str, Any] = {}
        merged_entries: dict[str, tuple[int, Level | None]] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and key_node.style is None:
                values, sources_entries = self._merge_sources(value_node, path)
                merged.update(values)
                merged_entries.update(sources_entries)
                continue
            if not isinstance(key_node, ScalarNode):
                raise BBValuesError("a mapping key must be a scalar", self.lines.origin(key_node))
            key = key_text(self.convert(key_node, path)[0])
            mark = packed_position(key_node.start)
            if key in entries:
                self.doc.duplicates.append(DuplicateKey(path + (key,), unpacked_origin(self.lines, entries[key][0]),
                                                        unpacked_origin(self.lines, mark)))
                del result[key], entries[key]
            self.open_keys[path + (key,)] = mark
            result[key], level = self.convert(value_node, path + (key,))
            del self.open_keys[path + (key,)]
            entries[key] = mark, level
        if merged:
            # keys from `<<` come first, where the mapping does not set them itself (go-yaml v2)
            result = {**{k: v for k, v in merged.items() if k not in result}, **result}
            entries = {**merged_entries, **entries}
        keys = list(result)
        return result, Level(None, 0, 0, None).fill(keys, [entries[key][0] for key in keys],
                                                    [entries[key][1] for key in keys], self.marks)

    def _merge_sources(self, node: Node, path: Path) -> tuple[dict, dict]:
        """What a merge key brings in: its mappings merged, the first winning, and where each key was written."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        combined: dict[str, Any] = {}
        entries: dict[str, tuple[int, Level | None]] = {}
        for source in reversed(sources):
            value, level = self.convert(source, path)
            if not isinstance(value, dict):
                raise BBValuesError("a merge key (<<) must refer to a mapping", self.lines.origin(source))
            combined.update(value)
            entries.update((key, (self.marks[level.start + index], level.child(index)))
                           for index, key in enumerate(level.keys))
        return combined, entries


_STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_TAGS = "tag:yaml.org,2002:"


def scalar_value(node: ScalarNode) -> Any:
    return resolve_scalar(node.value, node.style, node.tag)


def resolve_scalar(text: str, style: str | None, tag: str | None) -> Any:
    """Quoted, block, `!!str` and custom-tagged scalars are strings; plain ones resolve as go-yaml v2 does."""
    if style:
        return text
    if tag is not None and (tag == _STR_TAG or not tag.startswith(_STANDARD_TAGS)):
        return text
    return resolve_plain(text)
