"""The `tpl` pass bb-common runs over `ingress.to`, `egress.from` and `additionalPolicies[].spec`.

bb-common serialises those subtrees and renders them as Go templates against the chart context, so
`{{ .Release.Namespace }}/client` is a valid remote key. We evaluate the expressions package values
use in practice: `.Release.Name`, `.Release.Namespace` and `.Values` lookups. Anything else is an
error that says so, rather than a silently different result.
"""

from __future__ import annotations

from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import format_value
from bbvalues.patterns import ASCII_LETTERS, DIGITS, Shape, consists_of
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_KEY_START = ASCII_LETTERS + "_"
_KEY_CHARACTERS = _KEY_START + DIGITS + "-"


def _is_field(action: str) -> bool:
    """`.Release.Name`, `.Release.Namespace`, `.Values` or `.Values.<key>...`."""
    if action in (".Release.Name", ".Release.Namespace", ".Values"):
        return True
    return action.startswith(".Values.") and all(
        key[:1] in _KEY_START and consists_of(key, _KEY_CHARACTERS) for key in action[len(".Values."):].split("."))


_FIELD = Shape(r"\.(Release\.Name|Release\.Namespace|Values(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)", _is_field)
_SUPPORTED = ".Release.Name, .Release.Namespace and .Values.<path>"


@named_tuple
class ChartContext:
    """What a template sees: the release and the package-level values (a named tuple: see grammar.PortSpec)."""

    release_name: str
    namespace: str
    values: dict


def render_text(text: str, context: ChartContext, path: tuple = ()) -> str:
    """Evaluate every `{{ ... }}` action in `text`."""
    if "{{" not in text:
        return text
    out: list[str] = []
    position = 0
    while True:
        start = text.find("{{", position)
        if start < 0:
            out.append(text[position:])
            return "".join(out)
        end = text.find("}}", start + 2)
        if end < 0:
            raise NetpolError(f"error calling tpl: cannot parse template {text!r}: unclosed action", path, layer="other")
        action = text[start + 2:end]
        literal = text[position:start]
        if action.startswith("-"):
            literal = literal.rstrip()
            action = action[1:]
        out.append(literal)
        position = end + 2
        if action.endswith("-"):
            action = action[:-1]
            while position < len(text) and text[position].isspace():
                position += 1
        out.append(_evaluate(action.strip(), text, context, path))


def _evaluate(action: str, text: str, context: ChartContext, path: tuple) -> str:
    if action.startswith("/*") and action.endswith("*/"):
        return ""
    if not _FIELD.fullmatch(action):
        raise NetpolError(
            f"error calling tpl: template expression {{{{ {action} }}}} in {text!r} is not supported: "
            f"bbvalues evaluates only {_SUPPORTED}", path, layer="other")
    field = action[1:]
    if field == "Release.Name":
        return context.release_name
    if field == "Release.Namespace":
        return context.namespace
    value: Any = context.values
    for key in field.split(".")[1:]:
        if not isinstance(value, dict) or key not in value:
            return ""  # Helm prints a missing value as "<no value>" and then blanks it
        value = value[key]
    return "" if value is None else format_value(value)


def render_tree(value: Any, context: ChartContext, path: tuple = (), origins: dict | None = None,
                rendered_path: tuple | None = None) -> Any:
    """Render every string (keys included) in a values subtree.

    `origins` receives, for each rendered mapping-key path, the path as written in the values, so
    errors about a rendered key can still point at the line the user wrote.
    """
    rendered_path = path if rendered_path is None else rendered_path
    if isinstance(value, str):
        return render_text(value, context, path)
    if isinstance(value, list):
        return [render_tree(item, context, path + (index,), origins, rendered_path + (index,))
                for index, item in enumerate(value)]
    if isinstance(value, dict):
        rendered: dict = {}
        for key, item in value.items():
            new_key = render_text(str(key), context, path + (key,))
            if origins is not None:
                origins[rendered_path + (new_key,)] = path + (key,)
            rendered[new_key] = render_tree(item, context, path + (key,), origins, rendered_path + (new_key,))
        return rendered
    return value
