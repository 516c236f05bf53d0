"""Attach user AuthorizationPolicies the way the target mode enforces them.

Changes: for `<package>.values.istio.authorizationPolicies.custom` (a list, written whole) and
`.additionalPolicies` (a map): to an ambient mode, an L7 policy (paths, methods, hosts, request
principals, request.* conditions, CUSTOM) whose `selector` is `app.kubernetes.io/name: X` or `app: X`
gets `targetRefs: [{kind: Service, group: "", name: X}]` instead; to sidecar, a policy whose
`targetRefs` name one Service gets `selector.matchLabels` `app.kubernetes.io/name: X` instead. A
selector or targetRef that does not name one Service, and a Service the release table cannot enroll
on a waypoint, become required manual edits.

Why: bb-common renders those values as Istio AuthorizationPolicies, and where a policy attaches
decides who enforces it. In sidecar mode the Envoy sidecar of each selected pod enforces it, so it
uses `selector`; sidecars ignore `targetRefs` that name a Service. In ambient mode ztunnel enforces
`selector` policies but understands only L4 (it cannot read paths, methods, headers or JWTs), so an L7
policy must attach to the waypoint in front of the Service (Istio "Layer 7 authorization with
waypoints", seed 000). An additionalPolicies entry keeps its map; the old attachment key is set to
null, which the API server prunes from the AuthorizationPolicy.

Releases: all releases with an ambient mode (3.23.0+); L4-only policies (ports, principals, namespaces,
ipBlocks) keep their selector in ambient, where ztunnel enforces them.

Caveats: a targetRefs policy applies only to traffic that passes the Service's waypoint: the Service
must carry istio.io/use-waypoint. The Service name is taken from the selector's app label; check the
chart names its Service so.
"""

from __future__ import annotations

import copy

from bbvalues.bigbang.modes import AMBIENT_GATEWAY, SIDECAR, UmbrellaView
from bbvalues.bigbang.user_policies import (
    APP_NAME_LABELS, SERVICE_REF, UserPolicy, l7_attributes, named_service, service_ref_name,
)
from bbvalues.documents.paths import get_path
from bbvalues.migrate.plan import Change, MigrationPlan, RequiredEdit

ID = "authz-attachment"
TITLE = "Attach user AuthorizationPolicies the way the target mode enforces them"
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
        for policy in self.view.user_policies():
            if not policy.enabled:
                continue
            if self.target == SIDECAR:
                self._to_sidecar(policy)
            else:
                self._to_ambient(policy)
        for list_path, (new_list, reasons) in self.converted_lists.items():
            self.plan.changes.append(Change(
                path=list_path, old=get_path(self.values, list_path), new=new_list, rule=ID,
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
            self.values, policy.spec_path + (new_key,)), new=spec[new_key], rule=ID, reason=reason,
            origin=self.view.origin(policy.spec_path)))
        for old_key in (drop, "targetRef") if drop == "targetRefs" else (drop,):
            if old_key in policy.spec:
                self.plan.changes.append(Change(
                    path=policy.spec_path + (old_key,), old=policy.spec[old_key], new=None, rule=ID,
                    reason=f"{policy.name}: the {old_key} attachment no longer applies in {self.target}",
                    origin=self.view.origin(policy.spec_path + (old_key,))))

    def _enroll(self, policy: UserPolicy, service: str) -> None:
        """A targetRefs policy only applies when the Service routes through a waypoint."""
        waypoint = self._package_waypoint(policy.package)
        known = self._umbrella_labels_service(policy.package, service)
        if waypoint and known and self.target != AMBIENT_GATEWAY:
            self.plan.caveats.append(f"[{ID}] Service {service} ({policy.package}) is enrolled on {waypoint} "
                                     f"by the umbrella's own {self.view.table.istio_labels.use_waypoint} label")
            return
        target = waypoint or f"a waypoint in namespace {policy.namespace}"
        why = ("gateway mode strips the umbrella's waypoint labels" if self.target == AMBIENT_GATEWAY and known
               else "the release table knows no values path for this Service's labels")
        self._manual(policy, f"label Service {service} in namespace {policy.namespace} with "
                             f"{self.view.table.istio_labels.use_waypoint}: {target} so {policy.name} is enforced ({why})",
                     action="label")

    def _package_waypoint(self, package: str) -> str | None:
        for enrollment in self.view.active_enrollments():
            if enrollment.package == package:
                for label in enrollment.labels:
                    if label.key == self.view.table.istio_labels.use_waypoint:
                        return label.value
        return None

    def _umbrella_labels_service(self, package: str, service: str) -> bool:
        """The release labels this Service itself (its label map sits under `<service>.service.labels`)."""
        return any(enrollment.package == package and label_map.path[-3:] == (service, "service", "labels")
                   for enrollment in self.view.release.enrollments for label_map in enrollment.services)

    def _manual(self, policy: UserPolicy, reason: str, action: str = "rewrite") -> None:
        self.plan.required_edits.append(RequiredEdit(path=policy.path, rule=ID, reason=reason,
                                                     origin=self.view.origin(policy.path), action=action))


def _labels_text(labels: dict) -> str:
    return ", ".join(f"{key}: {value}" for key, value in labels.items()) or "{}"


def plan_policies(ctx) -> None:
    """Move user AuthorizationPolicies to the attachment the target mode enforces."""
    AttachmentConverter(ctx.view, ctx.target, ctx.plan).run()

