"""Plan a migration between Istio modes: read effective values, compare with the target recipe, list changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bbvalues.bigbang.modes import (
    AMBIENT_GATEWAY, AMBIENT_SWITCH, AMBIENT_WAYPOINT, MODES, SIDECAR, WAYPOINT_TOGGLE, ZTUNNEL_SWITCH,
    UmbrellaView, detect, go_truthy,
)
from bbvalues.bigbang.packages import resolve_key
from bbvalues.bigbang.releases import Enrollment, SelectedRelease
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.inputs import InputSet, duplicate_key_warnings
from bbvalues.errors import BBValuesError
from bbvalues.documents.paths import get_path, has_path
from bbvalues.helm.merge import merge_sources
from bbvalues.migrate.authz import convert_policies
from bbvalues.documents.paths import MISSING
from bbvalues.migrate.plan import Change, MigrationPlan, RequiredEdit
from bbvalues.helm.merge import HELM_NULL_CAVEAT
from bbvalues.migrate.rules import GATEWAY_CAVEATS

LABEL_REMOVAL = ("null", "none")


@dataclass(frozen=True)
class MigrationOptions:
    target: str
    label_removal: str = "null"
    gateways: tuple[str, ...] = ()


def plan_migration(inputs: InputSet, options: MigrationOptions, release: SelectedRelease) -> MigrationPlan:
    """The changes that move the merged `inputs` to `options.target` on `release`."""
    if options.target not in MODES:
        raise BBValuesError(f"unknown mode {options.target!r}; choose one of {', '.join(MODES)}")
    if options.label_removal not in LABEL_REMOVAL:
        raise BBValuesError(f"unknown --label-removal {options.label_removal!r}; choose null or none")
    if "shared" in options.gateways:
        raise BBValuesError("--gateway shared: the shared block labels every gateway, including passthrough; "
                            "name the gateway (e.g. public)")
    effective = merge_sources(inputs.sources)
    view = UmbrellaView(effective, release.release)
    _refuse_unsupported(view, options.target)
    detection = detect(view, release.label)
    plan = MigrationPlan(inputs=[source.label for source in inputs.sources], source_mode=detection.mode,
                         target_mode=options.target, release=release.label, release_source=release.how)
    plan.warnings.extend(inputs.warnings)
    if release.warning:
        plan.warnings.append(release.warning)
    plan.warnings.extend(duplicate_key_warnings(inputs))
    planner = _Planner(view, options, plan)
    for step in (planner.ambient_switch, planner.waypoint_toggle, planner.waypoint_enrollment, planner.gateway_label,
                 planner.waypoint_labels, planner.routes):
        step()
    convert_policies(view, options.target, plan)
    if options.target == AMBIENT_GATEWAY:
        plan.caveats.extend(GATEWAY_CAVEATS)
    return plan


def _refuse_unsupported(view: UmbrellaView, target: str) -> None:
    release = view.release
    if target != SIDECAR and not release.supports_ambient_sso:
        reason = ("has no ambient mode (the istio.ambient.enabled flag arrives in 3.22.0)" if release.ambient == "none"
                  else "has ambient infrastructure only: no package is enrolled and there are no SSO waypoints")
        raise BBValuesError(f"cannot migrate to {target}: Big Bang {release.name} {reason}; "
                            f"ambient modes need Big Bang 3.23.0 or later",
                            hint="upgrade Big Bang first, or pass the right --bigbang-version")


class _Planner:
    """One migration's rules, each comparing the effective values with the target recipe."""

    def __init__(self, view: UmbrellaView, options: MigrationOptions, plan: MigrationPlan):
        self.view = view
        self.values = view.values
        self.target = options.target
        self.options = options
        self.plan = plan

    def _current(self, path: tuple) -> Any:
        return get_path(self.values, path, MISSING)

    def _set(self, path: tuple, new: Any, rule_id: str, reason: str, caveat: str | None = None) -> None:
        old = self._current(path)
        if old is not MISSING and old == new and type(old) is type(new):
            return
        self.plan.changes.append(Change(path=tuple(path), old=old, new=new, rule=rule_id, reason=reason,
                                        origin=self.view.origin(path), caveat=caveat))

    def _require_delete(self, path: tuple, rule_id: str, reason: str) -> None:
        self.plan.required_edits.append(RequiredEdit(path=tuple(path), rule=rule_id, reason=reason,
                                                     origin=self.view.origin(path)))

    def ambient_switch(self) -> None:
        if self.target == SIDECAR:
            self._leave_ambient()
        elif not self.view.ambient:
            self._set(AMBIENT_SWITCH, True, "ambient-switch", f"{self.target} runs on Istio ambient (ztunnel)")

    def _leave_ambient(self) -> None:
        if not self.view.release.accepts_istio_key:
            if has_path(self.values, ("istio",)):
                self._require_delete(("istio",), "istio-key-unsupported",
                                     f"Big Bang {self.view.release.name} rejects a top-level istio: key")
        elif go_truthy(self.view.setting(AMBIENT_SWITCH)):
            self._set(AMBIENT_SWITCH, False, "ambient-switch", "sidecar mode: per-pod Envoy sidecars, no ztunnel")
        if go_truthy(self.view.setting(ZTUNNEL_SWITCH)):
            self._set(ZTUNNEL_SWITCH, False, "ambient-switch",
                      "ztunnel.enabled: true alone switches ambient on (ambientEnabled is an OR)")

    def waypoint_toggle(self) -> None:
        path = resolve_key(self.values, WAYPOINT_TOGGLE)
        if self.target == AMBIENT_GATEWAY and not self.view.waypoint_disabled:
            self._set(path, False, "authservice-waypoint-toggle",
                      "gateway enforcement: no authservice waypoint, policies select the gateway pods")
        elif self.target == AMBIENT_WAYPOINT and self.view.waypoint_disabled:
            self._set(path, True, "authservice-waypoint-toggle",
                      "waypoint enforcement: authservice creates its waypoint again (explicit true, never null)")
        elif self.target == SIDECAR and self.view.waypoint_disabled:
            origin = self.view.origin(path)
            self.plan.caveats.append(f"{dotted_path(path)}: false{f' at {origin}' if origin else ''} "
                                     f"is harmless in sidecar mode; drop it when convenient")

    def waypoint_enrollment(self) -> None:
        """Waypoint mode routes every SSO-protected package through its waypoint, and some releases enrol a
        package only behind an extra switch (3.23-3.25: thanos needs an explicit addons.authservice.enabled)."""
        if self.target != AMBIENT_WAYPOINT:
            return
        for enrollment in self._unenrolled_protected():
            for key in self.view.table.conditions[enrollment.condition]:
                if not go_truthy(self.view.setting(key)):
                    self._set(resolve_key(self.values, key), True, "waypoint-enrollment",
                              f"Big Bang {self.view.release.name} routes {enrollment.package} through "
                              f"{enrollment.waypoint.address} only when {dotted_path(key)} is true; its SSO is on")

    def _unenrolled_protected(self) -> list[Enrollment]:
        protected = {protection.package for protection in self.view.active_protections()}
        return [enrollment for enrollment in self.view.release.enrollments
                if enrollment.package in protected and not self.view.condition_holds(enrollment.condition)]

    def _gateways_to_label(self) -> list[str]:
        serving = self.view.protected_gateways()
        chosen = list(self.options.gateways) or serving
        unlabelled = [gateway for gateway in serving if gateway not in chosen]
        if unlabelled:
            # A gateway that serves a protected host but lacks the selector lets requests through unauthenticated.
            raise BBValuesError(f"cannot migrate to {self.target}: --gateway {' '.join(chosen)} leaves out gateway "
                                f"{', '.join(unlabelled)}, which serves SSO-protected hosts: nothing would enforce "
                                "SSO there",
                                hint=f"add --gateway {' --gateway '.join(unlabelled)}, or move the packages to the "
                                     f"chosen gateway (their ingress.gateway) first")
        return chosen

    def gateway_label(self) -> None:
        key, value = self.view.selector
        shared = self.view.shared_label_path()
        if get_path(self.values, shared) == value:
            self._require_delete(shared, "gateway-selector-label",
                                 "the shared block would label the passthrough gateway too")
        if self.target == AMBIENT_GATEWAY:
            for gateway in self._gateways_to_label():
                self._set(self.view.gateway_label_path(gateway), value, "gateway-selector-label",
                          f"gateway {gateway} serves SSO-protected hosts: its pods must match the authservice "
                          f"selector {key}={value}")
            return
        enforcer = "sidecars" if self.target == SIDECAR else "the waypoint"
        for gateway in self.view.labelled_gateways():
            self._require_delete(self.view.gateway_label_path(gateway), "gateway-selector-label",
                                 f"{self.target}: SSO is enforced by {enforcer}; the label on gateway "
                                 f"{gateway} would enforce it twice (an overlay cannot remove it)")

    def waypoint_labels(self) -> None:
        if self.target == AMBIENT_GATEWAY:
            self._strip_labels()
        else:
            self._restore_labels()
        self._drop_foreign_label_keys()

    def _strip_labels(self) -> None:
        none_strategy = self.options.label_removal == "none"
        for service_label in self.view.service_labels():
            label = service_label.label
            if self.view.label_neutralised(service_label) or (none_strategy and label.opt_out is None):
                continue
            new = label.opt_out if none_strategy else None
            caveat = None if none_strategy else HELM_NULL_CAVEAT
            self._set(service_label.key_path, new, "waypoint-labels-strip",
                      f"no waypoint in gateway mode: {service_label.enrollment.package} must not route via "
                      f"{label.value if label.key == 'istio.io/use-waypoint' else 'a waypoint'}", caveat)

    def _restore_labels(self) -> None:
        enrolled = self.view.active_enrollments() + (self._unenrolled_protected() if self.target == AMBIENT_WAYPOINT
                                                      else [])
        for service_label in self.view.service_labels(enrolled):
            if not self.view.label_overridden(service_label):
                continue
            if self.target == AMBIENT_WAYPOINT:
                self._set(service_label.key_path, service_label.label.value, "waypoint-labels-restore",
                          f"waypoint mode: {service_label.enrollment.package} routes through its waypoint again "
                          f"(explicit umbrella value, never null)")
            else:
                self._require_delete(service_label.key_path, "waypoint-labels-restore",
                                     "sidecar mode sets no waypoint labels; a leftover override renders as a label")

    def _drop_foreign_label_keys(self) -> None:
        """Label keys this release does not set (left from another release) render as they are written."""
        if self.target == AMBIENT_GATEWAY:
            return
        release_keys = {sl.key_path for sl in self.view.service_labels()}
        for service_label in self.view.service_labels():
            for key in self.view.table.waypoint_label_keys:
                path = service_label.path + (key,)
                if path not in release_keys and has_path(self.values, path):
                    release_keys.add(path)
                    self._require_delete(path, "waypoint-labels-restore",
                                         f"Big Bang {self.view.release.name} does not set {key} here; "
                                         f"the override would render as it is written")

    def routes(self) -> None:
        for enrollment, path in self.view.route_paths():
            current = self._current(path)
            if self.target == AMBIENT_GATEWAY and current is not False:
                self._set(path, False, "route-authservice",
                          f"gateway mode: bb-common must not build the {enrollment.package} waypoint's ext_authz route")
            elif self.target == AMBIENT_WAYPOINT and current is False:
                self._set(path, True, "route-authservice",
                          f"waypoint mode: the {enrollment.package} waypoint enforces SSO (explicit true)")

