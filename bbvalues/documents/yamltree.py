"""Parse YAML text into plain Python values the way Helm reads them, keeping where every key was written.

Helm reads values through sigs.k8s.io/yaml (go-yaml v2): YAML 1.1 scalars (`yes`, `on`, `y` are
booleans), duplicate keys keep the last occurrence, merge keys (`<<`) are honoured, and every
mapping key ends up a string. We compose with ruamel.yaml to get node positions, then resolve the
plain scalars ourselves so the result matches Helm rather than ruamel's own resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bbvalues.errors import BBValuesError, Origin

Path = tuple[str | int, ...]

_BOOL_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_BOOL_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
NULL_TOKENS = {"", "~", "null", "Null", "NULL"}
BOOLEAN_TOKENS = _BOOL_TRUE | _BOOL_FALSE
# Tokens YAML 1.1 (go-yaml v2, Helm) reads as booleans but YAML 1.2 readers read as strings.
YAML11_ONLY_BOOLEANS = BOOLEAN_TOKENS - {"true", "True", "TRUE", "false", "False", "FALSE"}
_INT = re.compile(r"^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[1-9][0-9_]*|0)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"), ".nan": float("nan"),
                   ".NaN": float("nan"), ".NAN": float("nan")}

def resolve_plain(text: str) -> Any:
    """The value go-yaml v2 gives an unquoted scalar."""
    if text in NULL_TOKENS:
        return None
    if text in _BOOL_TRUE:
        return True
    if text in _BOOL_FALSE:
        return False
    if _INT.match(text):
        return _parse_int(text)
    if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
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
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, path + (index,))


def dotted_path(path) -> str:
    """`a.b."istio.io/use-waypoint"`: a key path for messages, quoting keys that contain dots."""
    return ".".join(f'"{part}"' if "." in str(part) else str(part) for part in path)


def key_text(value: Any) -> str:
    """Helm's string form of a mapping key (sigs.k8s.io/yaml turns every key into a JSON string)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class DuplicateKey:
    path: Path
    first: Origin
    last: Origin


@dataclass
class ParsedDocument:
    """One YAML document as Helm sees it, with positions."""

    node: Node | None
    value: Any
    origins: dict[Path, Origin] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)
    anchored: dict[Path, Origin] = field(default_factory=dict)


@dataclass(frozen=True)
class LineMap:
    """Maps a position in a parsed text back to the file it came from (values embedded in a manifest)."""

    file: str
    line_offset: int = 0
    column_offset: int = 0

    def origin(self, node: Node) -> Origin:
        mark = node.start_mark
        return Origin(self.file, mark.line + 1 + self.line_offset, mark.column + 1 + self.column_offset)


def compose_documents(text: str, file: str) -> list[Node]:
    """Compose every document of a YAML stream; a syntax error becomes a BBValuesError at its line."""
    yaml = YAML(typ="rt")
    yaml.version = (1, 1)
    try:
        return [node for node in yaml.compose_all(text)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        origin = Origin(file, mark.line + 1, mark.column + 1) if mark else None
        message = f"invalid YAML: {exc.problem or exc.context}"
        raise BBValuesError(message, origin) from None


def to_python(node: Node | None, lines: LineMap) -> ParsedDocument:
    """Convert a composed node to Helm's view of it, recording key positions and duplicates."""
    doc = ParsedDocument(node=node, value=None)
    if node is not None:
        doc.value = _convert(node, (), lines, doc)
    return doc


def _convert(node: Node, path: Path, lines: LineMap, doc: ParsedDocument) -> Any:
    if node.anchor is not None:
        doc.anchored.setdefault(path, lines.origin(node))
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.origins[path + (index,)] = lines.origin(item)
            items.append(_convert(item, path + (index,), lines, doc))
        return items
    if isinstance(node, MappingNode):
        return _mapping(node, path, lines, doc)
    raise BBValuesError(f"unsupported YAML node {type(node).__name__}", lines.origin(node))


def _scalar(node: ScalarNode) -> Any:
    if node.style is not None:
        return node.value
    explicit = node.ctag.handle is not None
    if explicit and node.tag == "tag:yaml.org,2002:str":
        return node.value
    if explicit and not node.tag.startswith("tag:yaml.org,2002:"):
        return node.value
    return resolve_plain(node.value)


def _mapping(node: MappingNode, path: Path, lines: LineMap, doc: ParsedDocument) -> dict:
    result: dict[str, Any] = {}
    merged: dict[str, Any] = {}
    seen: dict[str, Origin] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == "<<" and key_node.style is None:
            merged.update(_merge_sources(value_node, path, lines, doc))
            continue
        key = key_text(_convert(key_node, path, lines, doc)) if isinstance(key_node, ScalarNode) else _complex_key(key_node, lines)
        origin = lines.origin(key_node)
        if key in seen:
            doc.duplicates.append(DuplicateKey(path + (key,), seen[key], origin))
            result.pop(key)
        seen[key] = origin
        doc.origins[path + (key,)] = origin
        result[key] = _convert(value_node, path + (key,), lines, doc)
    return {**{k: v for k, v in merged.items() if k not in result}, **result}


def _merge_sources(node: Node, path: Path, lines: LineMap, doc: ParsedDocument) -> dict:
    sources = node.value if isinstance(node, SequenceNode) else [node]
    combined: dict[str, Any] = {}
    for source in reversed(sources):
        value = _convert(source, path, lines, doc)
        if not isinstance(value, dict):
            raise BBValuesError("a merge key (<<) must refer to a mapping", lines.origin(source))
        combined.update(value)
    return combined


def _complex_key(node: Node, lines: LineMap) -> str:
    raise BBValuesError("a mapping key must be a scalar", lines.origin(node))
