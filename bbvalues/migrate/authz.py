"""User AuthorizationPolicies in package values, and moving their attachment with the mode.

bb-common renders `<pkg>.values.istio.authorizationPolicies.custom` (a list of `{name, spec}`) and
`.additionalPolicies` (a map of name -> `{enabled, name, spec}`) as Istio AuthorizationPolicies.
Where a policy attaches decides who enforces it:

- in sidecar mode the Envoy sidecar of each selected pod enforces it, so it uses `selector`;
  sidecars ignore `targetRefs` that name a Service;
- in ambient mode ztunnel enforces `selector` policies but understands only L4 (it cannot read
  paths, methods, headers or JWTs), so an L7 policy must attach to the waypoint in front of the
  Service with `targetRefs: [{kind: Service, group: "", name: X}]` (Istio "Layer 7 authorization
  with waypoints", seed 000).

`convert_policies` turns one attachment into the other when the policy names exactly one Service;
anything else becomes a required manual edit.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Iterator

from bbvalues.bigbang.modes import AMBIENT_GATEWAY, SIDECAR, UmbrellaView
from bbvalues.bigbang.packages import PACKAGES_KEY, locate_package
from bbvalues.bigbang.releases import release_table
from bbvalues.helm.merge import get_path
from bbvalues.migrate.plan import Change, MigrationPlan, RequiredEdit

RULE_ID = "authz-attachment"
POLICIES_KEY = ("values", "istio", "authorizationPolicies")
# The pod labels that name one application (and so one Service) in Big Bang charts.
APP_NAME_LABELS = ("app.kubernetes.io/name", "app")
# Request attributes only an Envoy proxy can evaluate (Istio AuthorizationPolicy reference).
L7_OPERATION_FIELDS = ("paths", "notPaths", "methods", "notMethods", "hosts", "notHosts")
L7_SOURCE_FIELDS = ("requestPrincipals", "notRequestPrincipals")
L7_CONDITION_PREFIX = "request."
SERVICE_REF = {"kind": "Service", "group": ""}


@dataclass(frozen=True)
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


def package_blocks(values: dict) -> Iterator:
    """Every package block the values mention: the table's packages, then custom `packages.<name>`."""
    seen = set()
    for name in release_table().packages:
        block = locate_package(values, name)
        if block is not None:
            seen.add(block.path)
            yield block
    custom = values.get(PACKAGES_KEY)
    if isinstance(custom, dict):
        for name in custom:
            block = locate_package(values, name)
            if block is not None and block.path not in seen:
                yield block


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


class AttachmentConverter:
    """The changes that make every user AuthorizationPolicy attach the way the target mode enforces it."""

    def __init__(self, view: UmbrellaView, target: str, plan: MigrationPlan):
        self.view = view
        self.values = view.values
        self.target = target
        self.plan = plan
        # custom lists are replaced whole (Helm replaces lists): one change per list, naming each policy
        self.converted_lists: dict[tuple, tuple[list, list[str]]] = {}

    def run(self) -> None:
        for policy in user_policies(self.values):
            if not policy.enabled:
                continue
            if self.target == SIDECAR:
                self._to_sidecar(policy)
            else:
                self._to_ambient(policy)
        for list_path, (new_list, reasons) in self.converted_lists.items():
            self.plan.changes.append(Change(
                path=list_path, old=get_path(self.values, list_path), new=new_list, rule=RULE_ID,
                reason="; ".join(reasons) + " (the list is written whole: Helm replaces lists)",
                origin=self.view.origin(list_path)))

    def _to_ambient(self, policy: UserPolicy) -> None:
        if not policy.is_l7 or policy.selector_labels is None:
            return
        service = named_service(policy.selector_labels)
        if service is None:
            self._manual(policy, f"L7 policy {policy.name} ({policy.package}) selects "
                                 f"{_labels_text(policy.selector_labels)}, which does not name one Service: in "
                                 f"ambient ztunnel cannot evaluate it; rewrite it with targetRefs to the "
                                 f"Service(s) or the waypoint Gateway")
            return
        spec = copy.deepcopy(policy.spec)
        spec.pop("selector", None)
        spec["targetRefs"] = [{**SERVICE_REF, "name": service}]
        reason = (f"{policy.name} ({policy.package}) is L7 ({', '.join(l7_attributes(policy.spec))}): in ambient "
                  f"only the waypoint in front of Service {service} can enforce it, so it attaches with targetRefs "
                  f"instead of selector")
        self._replace(policy, spec, reason, drop="selector")
        self._enroll(policy, service)

    def _to_sidecar(self, policy: UserPolicy) -> None:
        refs = policy.target_refs
        if not refs:
            return
        service = service_ref_name(refs)
        if service is None:
            self._manual(policy, f"policy {policy.name} ({policy.package}) attaches with targetRefs to something "
                                 f"other than one Service: sidecars ignore targetRefs; rewrite it with a "
                                 f"selector on the workload's pod labels")
            return
        spec = copy.deepcopy(policy.spec)
        spec.pop("targetRefs", None)
        spec.pop("targetRef", None)
        spec["selector"] = {"matchLabels": {APP_NAME_LABELS[0]: service}}
        reason = (f"{policy.name} ({policy.package}) attaches to Service {service} with targetRefs, which sidecars "
                  f"ignore: in sidecar mode each pod's sidecar enforces it through a selector "
                  f"({APP_NAME_LABELS[0]}: {service}; check the pods carry that label)")
        self._replace(policy, spec, reason, drop="targetRefs")

    def _replace(self, policy: UserPolicy, spec: dict, reason: str, drop: str) -> None:
        if policy.collection == "custom":
            list_path = policy.path[:-1]
            new_list, reasons = self.converted_lists.setdefault(
                list_path, (copy.deepcopy(get_path(self.values, list_path)), []))
            new_list[policy.path[-1]] = {**new_list[policy.path[-1]], "spec": spec}
            reasons.append(reason)
            return
        # additionalPolicies is a map: an overlay merges into it, so the old attachment key is nulled
        # (a null spec field is dropped by the API server's CRD pruning).
        new_key = "targetRefs" if drop == "selector" else "selector"
        self.plan.changes.append(Change(path=policy.spec_path + (new_key,), old=get_path(
            self.values, policy.spec_path + (new_key,)), new=spec[new_key], rule=RULE_ID, reason=reason,
            origin=self.view.origin(policy.spec_path)))
        for old_key in (drop, "targetRef") if drop == "targetRefs" else (drop,):
            if old_key in policy.spec:
                self.plan.changes.append(Change(
                    path=policy.spec_path + (old_key,), old=policy.spec[old_key], new=None, rule=RULE_ID,
                    reason=f"{policy.name}: the {old_key} attachment no longer applies in {self.target}",
                    origin=self.view.origin(policy.spec_path + (old_key,))))

    def _enroll(self, policy: UserPolicy, service: str) -> None:
        """A targetRefs policy only applies when the Service routes through a waypoint."""
        waypoint = self._package_waypoint(policy.package)
        known = self._umbrella_labels_service(policy.package, service)
        if waypoint and known and self.target != AMBIENT_GATEWAY:
            self.plan.caveats.append(f"[{RULE_ID}] Service {service} ({policy.package}) is enrolled on {waypoint} "
                                     f"by the umbrella's own istio.io/use-waypoint label")
            return
        target = waypoint or f"a waypoint in namespace {policy.namespace}"
        why = ("gateway mode strips the umbrella's waypoint labels" if self.target == AMBIENT_GATEWAY and known
               else "the release table knows no values path for this Service's labels")
        self._manual(policy, f"label Service {service} in namespace {policy.namespace} with "
                             f"istio.io/use-waypoint: {target} so {policy.name} is enforced ({why})",
                     action="label")

    def _package_waypoint(self, package: str) -> str | None:
        for enrollment in self.view.active_enrollments():
            if enrollment.package == package:
                for label in enrollment.labels:
                    if label.key == "istio.io/use-waypoint":
                        return label.value
        return None

    def _umbrella_labels_service(self, package: str, service: str) -> bool:
        """The release labels this Service itself (its label map sits under `<service>.service.labels`)."""
        return any(enrollment.package == package and path[-3:] == (service, "service", "labels")
                   for enrollment in self.view.release.enrollments for path in enrollment.services)

    def _manual(self, policy: UserPolicy, reason: str, action: str = "rewrite") -> None:
        self.plan.required_edits.append(RequiredEdit(path=policy.path, rule=RULE_ID, reason=reason,
                                                     origin=self.view.origin(policy.path), action=action))


def _labels_text(labels: dict) -> str:
    return ", ".join(f"{key}: {value}" for key, value in labels.items()) or "{}"


def convert_policies(view: UmbrellaView, target: str, plan: MigrationPlan) -> None:
    """Planner step: move user AuthorizationPolicies to the attachment `target` enforces."""
    AttachmentConverter(view, target, plan).run()

