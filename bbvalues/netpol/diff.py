"""What a values change does to the rendered policies: added, removed and changed, for review.

Policies are matched by (kind, namespace, name). Each side is summarised the way a reviewer reads a
policy: which pods it applies to, the direction, the peers and the ports.
"""

from __future__ import annotations

from bbvalues.netpol.normalise import sort_key
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ASPECTS = ("pods", "direction", "peers", "ports", "action")


@named_tuple
class PolicySummary:
    kind: str
    namespace: str
    name: str
    direction: str
    pods: str
    peers: tuple[str, ...]
    ports: tuple[str, ...]
    action: str = ""

    @property
    def ref(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}"


@named_tuple
class PolicyChange:
    before: PolicySummary
    after: PolicySummary
    aspects: tuple[str, ...]


@named_tuple
class PolicyDiff:
    added: list[PolicySummary]
    removed: list[PolicySummary]
    changed: list[PolicyChange]
    unchanged: int

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def as_dict(self) -> dict:
        return {"added": [_summary_dict(p) for p in self.added], "removed": [_summary_dict(p) for p in self.removed],
                "changed": [{"before": _summary_dict(c.before), "after": _summary_dict(c.after),
                             "aspects": list(c.aspects)} for c in self.changed],
                "unchanged": self.unchanged}


def _summary_dict(summary: PolicySummary) -> dict:
    return {name: list(value) if isinstance(value, tuple) else value for name, value in summary._asdict().items()}


def diff_policies(before: list[dict], after: list[dict]) -> PolicyDiff:
    old = {sort_key(doc): doc for doc in before if isinstance(doc, dict)}
    new = {sort_key(doc): doc for doc in after if isinstance(doc, dict)}
    added: list[PolicySummary] = []
    removed: list[PolicySummary] = []
    changed: list[PolicyChange] = []
    unchanged = 0
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            removed.append(summarise(old[key]))
        elif key not in old:
            added.append(summarise(new[key]))
        elif old[key] == new[key]:
            unchanged += 1
        else:
            was, now = summarise(old[key]), summarise(new[key])
            aspects = tuple(a for a in ASPECTS if getattr(was, a) != getattr(now, a))
            if not aspects:  # the difference is in something the summary leaves out
                aspects = ("spec",) if old[key].get("spec") != new[key].get("spec") else ("metadata",)
            changed.append(PolicyChange(was, now, aspects))
    return PolicyDiff(added, removed, changed, unchanged)


# --- summaries ---------------------------------------------------------------------------------

def summarise(doc: dict) -> PolicySummary:
    metadata = doc.get("metadata") or {}
    spec = doc.get("spec") or {}
    base = (str(doc.get("kind", "")), str(metadata.get("namespace", "")), str(metadata.get("name", "")))
    if doc.get("kind") == "AuthorizationPolicy":
        return PolicySummary(*base, "authorization", _selector(spec.get("selector"), "all pods"),
                             *_authz_rules(spec), action=str(spec.get("action", "ALLOW")) if spec else "ALLOW nothing")
    directions = [str(t).lower() for t in spec.get("policyTypes") or []]
    peers: list[str] = []
    ports: list[str] = []
    for direction in directions:
        rules = spec.get(direction)
        if not rules:
            peers.append(f"{direction}: none (deny all)")
            continue
        for rule in rules:
            rule = rule if isinstance(rule, dict) else {}
            targets = rule.get("from" if direction == "ingress" else "to") or []
            peers.extend([_peer(p) for p in targets] or ["any peer"])
            ports.extend([_port(p) for p in rule.get("ports") or []] or ["any port"])
    return PolicySummary(*base, "+".join(directions), _selector(spec.get("podSelector"), "all pods"),
                         tuple(dict.fromkeys(peers)), tuple(dict.fromkeys(ports)))


def _selector(selector: Any, everything: str) -> str:
    if not isinstance(selector, dict) or not selector:
        return everything
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    parts += [f"{e.get('key')} {e.get('operator')} {','.join(map(str, e.get('values') or []))}".strip()
              for e in selector.get("matchExpressions") or [] if isinstance(e, dict)]
    return ",".join(parts) or everything


def _peer(peer: Any) -> str:
    if not isinstance(peer, dict):
        return str(peer)
    if "ipBlock" in peer:
        block = peer["ipBlock"] or {}
        excepted = block.get("except") or []
        return f"cidr {block.get('cidr')}" + (f" except {','.join(excepted)}" if excepted else "")
    namespace = _selector(peer.get("namespaceSelector"), "any namespace") if "namespaceSelector" in peer \
        else "own namespace"
    namespace = namespace.replace("kubernetes.io/metadata.name=", "ns ")
    pods = _selector(peer.get("podSelector"), "any pod").replace("app.kubernetes.io/name=", "")
    return f"{namespace} / {pods}"


def _port(port: Any) -> str:
    if not isinstance(port, dict):
        return str(port)
    number = port.get("port", "all")
    span = f"{number}-{port['endPort']}" if port.get("endPort") is not None else str(number)
    return f"{span}/{port.get('protocol', 'TCP')}"


def _authz_rules(spec: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    peers: list[str] = []
    ports: list[str] = []
    for rule in spec.get("rules") or []:
        rule = rule if isinstance(rule, dict) else {}
        sources = [s.get("source") or {} for s in rule.get("from") or [] if isinstance(s, dict)]
        for source in sources:
            for field_name, label in (("principals", "principal"), ("namespaces", "namespace"), ("ipBlocks", "cidr")):
                peers.extend(f"{label} {value}" for value in source.get(field_name) or [])
        if not sources:
            peers.append("any source")
        operations = [o.get("operation") or {} for o in rule.get("to") or [] if isinstance(o, dict)]
        ports.extend(str(p) for operation in operations for p in operation.get("ports") or [])
        if not operations:
            ports.append("any port")
    return tuple(dict.fromkeys(peers)), tuple(dict.fromkeys(ports))
