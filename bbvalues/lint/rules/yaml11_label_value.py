"""A label value that YAML 1.1 reads as a boolean, number or date instead of a string.

Helm reads values as YAML 1.1: unquoted `yes`, `no`, `on`, `off`, `y`, `true`, `0777`, `1e3` or
`2024-01-01` are not strings there, while YAML 1.2 tools (yq, kustomize) may read some of them as
strings. Kubernetes label values must be strings, so the rendered object is rejected
(`cannot unmarshal bool into Go struct field ... of type string`).

FAIL:

    upstream:
      labels:
        protect: yes
        istio.io/ingress-use-waypoint: false

PASS:

        protect: "yes"
        istio.io/ingress-use-waypoint: "false"
"""

from __future__ import annotations

from bbvalues.documents.yamltree import YAML11_ONLY_BOOLEANS, MappingNode, ScalarNode, SequenceNode, dotted_path
from bbvalues.lint.context import LintContext, label_entries
from bbvalues.lint.finding import ERROR, Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterator

ID = "yaml11-label-value"
SEVERITY = ERROR
TITLE = "Label value that YAML 1.1 does not read as a string"


def check(context: LintContext) -> Iterator[Finding]:
    for source in context.sources:
        for path, value in label_entries(source.values):
            if value is None or isinstance(value, str):
                continue
            origin = source.origins.get(path)
            if origin is None:
                continue
            text = _written(source.document.node, path)
            yield Finding.at(origin, ID, SEVERITY, _message(path, value, text),
                             f'quote it: {path[-1]}: "{text if text is not None else _as_text(value)}"')


def _message(path: tuple, value, text: str | None) -> str:
    kind = type(value).__name__.replace("bool", "boolean").replace("int", "number").replace("float", "number")
    written = f": {text}" if text is not None else ""
    both = (" (YAML 1.2 tools read it as a string, so the file means different things to different tools)"
            if text in YAML11_ONLY_BOOLEANS else "")
    return (f"label {dotted_path(path)}{written} is read by Helm (YAML 1.1) as the {kind} {_as_text(value)}"
            f"{both}; Kubernetes label values must be strings")


def _as_text(value) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _written(node, path: tuple) -> str | None:
    """The scalar text at `path` as written in the file (None when an alias or merge key hides it)."""
    for key in path:
        if isinstance(node, MappingNode):
            node = next((v for k, v in reversed(node.value) if isinstance(k, ScalarNode) and k.value == key), None)
        elif isinstance(node, SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return None
    return node.value if isinstance(node, ScalarNode) else None
