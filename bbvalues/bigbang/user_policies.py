"""User AuthorizationPolicies in package values: where they live and what they need to be enforced.

bb-common renders `<pkg>.values.istio.authorizationPolicies.custom` (a list of `{name, spec}`) and
`.additionalPolicies` (a map of name -> `{enabled, name, spec}`) as Istio AuthorizationPolicies.
In sidecar mode each selected pod's sidecar enforces a `selector` policy; in ambient mode ztunnel
enforces `selector` policies at L4 only, so an L7 policy must attach to a waypoint with
`targetRefs` (Istio "Layer 7 authorization with waypoints", seed 000).
"""

from __future__ import annotations

from bbvalues.bigbang.packages import package_blocks
from bbvalues.documents.paths import get_path
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

POLICIES_KEY = ("values", "istio", "authorizationPolicies")
# The pod labels that name one application (and so one Service) in Big Bang charts.
APP_NAME_LABELS = ("app.kubernetes.io/name", "app")
# Request attributes only an Envoy proxy can evaluate (Istio AuthorizationPolicy reference).
L7_OPERATION_FIELDS = ("paths", "notPaths", "methods", "notMethods", "hosts", "notHosts")
L7_SOURCE_FIELDS = ("requestPrincipals", "notRequestPrincipals")
L7_CONDITION_PREFIX = "request."
SERVICE_REF = {"kind": "Service", "group": ""}


# A named tuple, not a dataclass: every call imports it, and a dataclass's methods are compiled anew by each process.

@named_tuple
class UserPolicy:
    """One user AuthorizationPolicy in a package's values, with where it lives."""

    package: str
    namespace: str
    collection: str  # "custom" (a list) or "additionalPolicies" (a map)
    path: tuple  # path to the policy entry in the umbrella values
    name: str
    entry: dict

    @property
    def spec(self) -> dict:
        spec = self.entry.get("spec")
        return spec if isinstance(spec, dict) else {}

    @property
    def spec_path(self) -> tuple:
        return self.path + ("spec",)

    @property
    def selector_labels(self) -> dict | None:
        selector = self.spec.get("selector")
        labels = selector.get("matchLabels") if isinstance(selector, dict) else None
        return labels if isinstance(labels, dict) else None

    @property
    def target_refs(self) -> list:
        refs = self.spec.get("targetRefs")
        single = self.spec.get("targetRef")
        found = list(refs) if isinstance(refs, list) else []
        return found + ([single] if isinstance(single, dict) else [])

    @property
    def is_l7(self) -> bool:
        return bool(l7_attributes(self.spec))

    @property
    def enabled(self) -> bool:
        return self.entry.get("enabled", True) is not False


def l7_attributes(spec: dict) -> list[str]:
    """The request attributes in `spec` that need an Envoy (sidecar, waypoint or gateway) to evaluate."""
    found = []
    if spec.get("action") == "CUSTOM":
        found.append("action: CUSTOM")
    for rule in _dicts(spec.get("rules")):
        for to in _dicts(rule.get("to")):
            operation = to.get("operation") if isinstance(to.get("operation"), dict) else {}
            found.extend(f"to.operation.{name}" for name in L7_OPERATION_FIELDS if operation.get(name))
        for source_entry in _dicts(rule.get("from")):
            source = source_entry.get("source") if isinstance(source_entry.get("source"), dict) else {}
            found.extend(f"from.source.{name}" for name in L7_SOURCE_FIELDS if source.get(name))
        for condition in _dicts(rule.get("when")):
            key = str(condition.get("key", ""))
            if key.startswith(L7_CONDITION_PREFIX):
                found.append(f"when.key {key}")
    return list(dict.fromkeys(found))


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def user_policies(values: dict) -> Iterator[UserPolicy]:
    """The user AuthorizationPolicies of every package, in values order."""
    for block in package_blocks(values):
        base = block.path + POLICIES_KEY
        custom = get_path(values, base + ("custom",))
        if isinstance(custom, list):
            for index, entry in enumerate(custom):
                if isinstance(entry, dict):
                    yield UserPolicy(block.name, block.namespace, "custom", base + ("custom", index),
                                     str(entry.get("name") or f"custom[{index}]"), entry)
        additional = get_path(values, base + ("additionalPolicies",))
        if isinstance(additional, dict):
            for key, entry in additional.items():
                if isinstance(entry, dict):
                    yield UserPolicy(block.name, block.namespace, "additionalPolicies",
                                     base + ("additionalPolicies", key), str(entry.get("name") or key), entry)


def named_service(labels: dict | None) -> str | None:
    """The one Service a selector names: exactly one of `app.kubernetes.io/name: X` or `app: X`."""
    if not labels or len(labels) != 1:
        return None
    (key, value), = labels.items()
    return str(value) if key in APP_NAME_LABELS and isinstance(value, str) and value else None


def service_ref_name(refs: list) -> str | None:
    """The Service a targetRefs list names when it is exactly one core Service."""
    if len(refs) != 1 or not isinstance(refs[0], dict):
        return None
    ref = refs[0]
    if ref.get("kind") == "Service" and ref.get("group", "") == "" and isinstance(ref.get("name"), str):
        return ref["name"]
    return None
