"""The three Istio modes, and effective umbrella values read through one release row of the table."""

from __future__ import annotations

from bbvalues.bigbang.packages import package_path, resolve_key, setting
from bbvalues.bigbang.releases import Enrollment, Protection, Release, release_table
from bbvalues.bigbang.shape import check_umbrella_shape
from bbvalues.documents.paths import MISSING, get_path
from bbvalues.errors import Origin
from bbvalues.helm.merge import Effective

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SIDECAR = "sidecar"
AMBIENT_WAYPOINT = "ambient-waypoint"
AMBIENT_GATEWAY = "ambient-gateway"
INCONSISTENT = "inconsistent"
MODES = (SIDECAR, AMBIENT_WAYPOINT, AMBIENT_GATEWAY)


def go_truthy(value: Any) -> bool:
    """Truthiness as Go templates see it (`or`/`and`/`if` in the umbrella helpers)."""
    if isinstance(value, (dict, list, str)):
        return len(value) > 0
    return bool(value)


def is_ambient(values: dict) -> bool:
    """The umbrella's `ambientEnabled`: any of the table's ambient switches (releases.yaml `mode_switches`)."""
    return any(go_truthy(setting(values, key)) for key in release_table().ambient_switches)


class UmbrellaView:
    """Effective umbrella values read through one release row of the table.

    Building one refuses values with a wrong-typed key where the table reads (bigbang.shape), so
    nothing downstream mistakes `monitoring: 5` for "monitoring not set".
    """

    def __init__(self, effective: Effective, release: Release):
        check_umbrella_shape(effective, release)
        self.effective = effective
        self.values = effective.values
        self.release = release
        self.table = release_table()
        # What is derived from these values once and asked for again (the contract's requirements and
        # violations per mode): detect, migrate and lint of one input set share a view.
        self.memo: dict = {}

    def setting(self, legacy_path: tuple[str, ...]) -> Any:
        settings = self.memo.setdefault("settings", {})
        if legacy_path not in settings:
            settings[legacy_path] = setting(self.values, legacy_path)
        return settings[legacy_path]

    def user_policies(self) -> list:
        """The user AuthorizationPolicies of every package (bigbang.user_policies), read once per view."""
        if "user policies" not in self.memo:
            from bbvalues.bigbang.user_policies import user_policies

            self.memo["user policies"] = list(user_policies(self.values))
        return self.memo["user policies"]

    def value(self, path: tuple) -> Any:
        """What the user's values hold at `path` (already resolved to their layout), MISSING when nothing."""
        return get_path(self.values, path, MISSING)

    def unmet(self, keys) -> list[tuple]:
        """The umbrella switches among `keys` that are off (the chart's defaults apply)."""
        return [key for key in keys if not go_truthy(self.setting(key))]

    @property
    def istio_deployed(self) -> bool:
        return not self.unmet(self.table.authservice_requires)

    @property
    def authservice_deployed(self) -> bool:
        """The umbrella's `authserviceEnabled`: Istio, and any of the row's conditions that deploy authservice."""
        return self.istio_deployed and any(map(self.condition_holds, self.release.authservice_deployed_by))

    def origin(self, path: tuple[str, ...]) -> Origin | None:
        return self.effective.origin(path)

    @property
    def ambient(self) -> bool:
        return is_ambient(self.values)

    @property
    def waypoint_disabled(self) -> bool:
        return self.setting(self.table.waypoint_toggle) is False

    @property
    def selector(self) -> tuple[str, str]:
        selector = get_path(self.values, resolve_key(self.values, self.table.selector_path))
        key, value = self.table.selector_default
        if isinstance(selector, dict):
            key = str(selector.get("key") or key)
            value = str(selector.get("value") or value)
        return key, value

    def condition_holds(self, name: str) -> bool:
        return all(go_truthy(self.setting(path)) for path in self.table.conditions[name])

    def active_enrollments(self) -> list[Enrollment]:
        return [e for e in self.release.enrollments if self.condition_holds(e.condition)]

    def active_protections(self) -> list[Protection]:
        """The SSO-protected packages whose SSO is on."""
        return [p for p in self.release.protections if self.condition_holds(p.condition)]

    def serving_gateway(self, protection: Protection) -> str:
        """The gateway that serves the package (its `ingress.gateway`; "" means the default, public)."""
        gateway = get_path(self.values, package_path(self.values, protection.package) + protection.gateway_key)
        return str(gateway) if gateway else self.table.default_gateway

    def protected_gateways(self) -> list[str]:
        """Gateways that serve an SSO-protected package (each package's `ingress.gateway`, default public);
        none when no package's SSO is on."""
        return sorted({self.serving_gateway(protection) for protection in self.active_protections()})

    def gateway_label_path(self, gateway: str) -> tuple[str, ...]:
        return resolve_key(self.values, self.table.gateway_labels(gateway)) + (self.selector[0],)

    def shared_label_path(self) -> tuple[str, ...]:
        return resolve_key(self.values, self.table.shared_gateway_labels_path) + (self.selector[0],)

    def gateway_names(self) -> list[str]:
        gateways = get_path(self.values, resolve_key(self.values, self.table.gateways_path))
        return sorted(gateways) if isinstance(gateways, dict) else []

    def carries_selector(self, gateway: str) -> bool:
        """The gateway's pods match the authservice selector (key and value), so its policies attach there."""
        return get_path(self.values, self.gateway_label_path(gateway)) == self.selector[1]


def view_of(inputs, release: Release) -> UmbrellaView:
    """The umbrella view of an `InputSet` merged as Helm does, on `release`: one per input set and release row, so
    the commands run on the same inputs (a fleet scan detects, plans and lints each) check the shape once."""
    from bbvalues.helm.merge import merge_sources

    views = inputs.memo.setdefault("umbrella views", {})
    if release.name not in views:
        views[release.name] = UmbrellaView(merge_sources(inputs.sources), release)
    return views[release.name]


def base_mode(view: UmbrellaView) -> str:
    """The mode the switches select: ambient or not, and the authservice waypoint toggle."""
    if not view.ambient:
        return SIDECAR
    return AMBIENT_GATEWAY if view.waypoint_disabled else AMBIENT_WAYPOINT
