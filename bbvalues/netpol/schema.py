"""bb-common's `values.schema.json` constraints that concern network and authorization policies.

Helm checks the schema before any template runs, so a schema violation is reported even when the
templates would not have looked at the key. The constraints are kept as data (the shape of the
values tree), and, like the real schema, keys that match none of a map's key patterns are not
checked at all (BBCOMMON-NETPOL §3.2, §15.2).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bbvalues.netpol import grammar
from bbvalues.netpol.errors import NetpolError
from bbvalues.patterns import Shape
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):\nbb-common:"
_EGRESS_LOCAL = Shape(r"[\w-]+|\*", lambda key: key == "*" or grammar.DEFINITION_KEY.fullmatch(key))


@named_tuple
class Node:
    """One schema node: accepted JSON types, and the constraints that apply to each (a named tuple: see
    grammar.PortSpec)."""

    types: tuple[str, ...] = ()
    properties: Mapping[str, "Node"] = MappingProxyType({})
    patterns: tuple[tuple[Shape, "Node"], ...] = ()
    additional: "Node | bool | None" = None
    items: "Node | None" = None
    enum: tuple = ()
    pattern: Shape | None = None
    required: tuple[str, ...] = ()


def _obj(others: Node | bool | None = None, required: tuple[str, ...] = (), **properties: Node) -> Node:
    """An object node; `others` constrains keys not listed (False: not allowed)."""
    return Node(("object",), properties, additional=others, required=required)


def _array(items: Node) -> Node:
    return Node(("array",), items=items)


BOOL = Node(("boolean",))
STRING = Node(("string",))
INTEGER = Node(("integer",))
OBJECT = Node(("object",))
CIDR = Node(("string",), pattern=grammar.CIDR)
STRING_MAP = _obj(others=STRING)
METADATA = _obj(labels=STRING_MAP, annotations=STRING_MAP)
TOGGLE = _obj(enabled=BOOL)
_PORT = _obj(port=Node(("integer", "string")), endPort=INTEGER, protocol=Node(("string",), enum=("TCP", "UDP", "SCTP")))
_PEER = _obj(namespaceSelector=OBJECT, podSelector=OBJECT, ipBlock=_obj(cidr=CIDR, except_=_array(CIDR)))


def _definitions(verb: str) -> Node:
    return _obj(others=_obj(**{verb: _array(_PEER), "ports": _array(_PORT)}))


def _remote(selectors: bool) -> Node:
    extra = {"podSelector": OBJECT, "namespaceSelector": OBJECT} if selectors else {}
    return Node(("boolean", "object"), {"enabled": BOOL, "metadata": METADATA, **extra})


_LITERAL = _obj(enabled=BOOL, labels=STRING_MAP, annotations=STRING_MAP, spec=_array(OBJECT))
_NAME_KEY = grammar.DEFINITION_KEY


def _remotes(k8s: Shape, cidr: Shape) -> Node:
    return _obj(
        k8s=Node(("object",), patterns=((k8s, _remote(True)),)),
        cidr=Node(("object",), patterns=((cidr, _remote(False)),)),
        definition=Node(("object",), patterns=((_NAME_KEY, _remote(False)),)),
        literal=Node(("object",), patterns=((_NAME_KEY, _LITERAL),)),
    )


def _defaults(*names: str) -> Node:
    return _obj(others=False, enabled=BOOL, **{name: TOGGLE for name in names})


_ADDITIONAL_POLICY = _obj(required=("name", "spec"), name=STRING, labels=STRING_MAP, annotations=STRING_MAP, spec=OBJECT)
_HOOKS = ("pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade", "pre-rollback",
          "post-rollback", "test")
_DELETE_POLICIES = ("before-hook-creation", "hook-succeeded", "hook-failed")
_AUTHZ_POLICY = _obj(
    required=("spec",), enabled=BOOL, name=STRING, namespace=STRING, labels=STRING_MAP, annotations=STRING_MAP,
    spec=_obj(selector=OBJECT, action=Node(("string",), enum=("ALLOW", "DENY", "AUDIT", "CUSTOM")),
              rules=_array(OBJECT)))

VALUES_SCHEMA = _obj(
    networkPolicies=_obj(
        enabled=BOOL,
        prependReleaseName=BOOL,
        hbonePortInjection=TOGGLE,
        defaultsAsHooks=_obj(enabled=BOOL, hooks=_array(Node(("string",), enum=_HOOKS)), weight=INTEGER,
                             deletePolicies=_array(Node(("string",), enum=_DELETE_POLICIES))),
        egress=_obj(
            excludeCIDRs=_array(CIDR),
            defaults=_defaults("denyAll", "allowInNamespace", "allowKubeDns", "allowIstiod"),
            definitions=_definitions("to"),
            **{"from": Node(("object",), patterns=((_EGRESS_LOCAL, _obj(
                podSelector=OBJECT, metadata=METADATA, to=_remotes(grammar.EGRESS_K8S, grammar.EGRESS_CIDR))),))},
        ),
        ingress=_obj(
            defaults=_defaults("denyAll", "allowInNamespace", "allowPrometheusToIstioSidecar"),
            definitions=_definitions("from"),
            to=Node(("object",), patterns=((grammar.INGRESS_LOCAL, _obj(
                podSelector=OBJECT, metadata=METADATA,
                **{"from": _remotes(grammar.INGRESS_K8S, grammar.CIDR)})),)),
        ),
        additionalPolicies=_array(_ADDITIONAL_POLICY),
        additional=_array(_ADDITIONAL_POLICY),
    ),
    istio=_obj(
        enabled=BOOL,
        prependReleaseName=BOOL,
        ambient=TOGGLE,
        authorizationPolicies=_obj(
            others=False, enabled=BOOL, generateFromNetpol=BOOL,
            defaults=_defaults("denyAll", "allowInNamespace"),
            additionalPolicies=_obj(others=_AUTHZ_POLICY), additional=_obj(others=_AUTHZ_POLICY),
            custom=_array(_obj(required=("name", "spec"), name=STRING, labels=STRING_MAP, annotations=STRING_MAP,
                               spec=OBJECT)),
        ),
    ),
)


def validate(values: dict, schema: Node = VALUES_SCHEMA) -> None:
    """Raise the schema violations helm would report, all at once, located at the first one.

    Each violation is (where helm reports it, message, the key to point the user at): for an
    unknown key helm names the map, but the line to fix is the unknown key's.
    """
    violations: list[tuple[tuple, str, tuple]] = []
    _check(values, schema, (), violations)
    if violations:
        lines = "\n".join(f"- at '{_pointer(path)}': {message}" for path, message, _ in violations)
        raise NetpolError(f"{SCHEMA_HEADER}\n{lines}", violations[0][2], layer="schema")


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _has_type(value: Any, wanted: str) -> bool:
    actual = _type_of(value)
    if wanted == "integer":
        return actual == "number" and float(value).is_integer()
    return actual == wanted


def _report(out: list, path: tuple, message: str, located_at: tuple | None = None) -> None:
    out.append((path, message, path if located_at is None else located_at))


def _check(value: Any, node: Node, path: tuple, out: list) -> None:
    if node.types and not any(_has_type(value, wanted) for wanted in node.types):
        actual = "integer" if _has_type(value, "integer") else _type_of(value)
        wants = " or ".join(node.types)
        _report(out, path, f"got {actual}, want {wants}")
        return
    if node.enum and value not in node.enum:
        _report(out, path, f"value must be one of {', '.join(repr(v) for v in node.enum)}")
    if node.pattern is not None and isinstance(value, str) and not node.pattern.fullmatch(value):
        _report(out, path, f"'{value}' does not match pattern '^({node.pattern.pattern})$'")
    if isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            _check(item, node.items, path + (index,), out)
    if isinstance(value, dict):
        _check_mapping(value, node, path, out)


def _check_mapping(value: dict, node: Node, path: tuple, out: list) -> None:
    missing = [name for name in node.required if name not in value]
    if missing:
        _report(out, path, f"missing properties {', '.join(repr(m) for m in missing)}")
    unknown = []
    for key, item in value.items():
        name = "except_" if key == "except" else key
        matched = False
        if name in node.properties:
            matched = True
            _check(item, node.properties[name], path + (key,), out)
        for pattern, child in node.patterns:
            if pattern.fullmatch(str(key)):
                matched = True
                _check(item, child, path + (key,), out)
        if matched:
            continue
        if node.additional is False:
            unknown.append(key)
        elif isinstance(node.additional, Node):
            _check(item, node.additional, path + (key,), out)
    if unknown:
        _report(out, path, f"additional properties {', '.join(repr(k) for k in unknown)} not allowed",
                path + (unknown[0],))


def _pointer(path: tuple) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path) if path else ""
