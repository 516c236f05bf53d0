"""The Big Bang release table (releases.yaml) as typed rows, and release selection."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from bbvalues.bigbang.table_file import COMPILED_TABLE_FILE, table_data, write_compiled_table
from bbvalues.errors import BBValuesError, Origin
from bbvalues.patterns import Pattern
from bbvalues.records import named_tuple, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

Version = tuple[int, int, int]
_VERSION = Pattern(r"^v?(\d+)\.(\d+)(?:\.(\d+))?")
NEXT_ALIASES = ("next", "head")


def parse_version(text: str) -> Version | None:
    match = _VERSION.match(str(text).strip())
    if not match:
        return None
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def dotted(path: str) -> tuple[str, ...]:
    """Split a table path; a quoted segment may contain dots (`routes.inbound."a.b".enabled`)."""
    return tuple(part.strip('"') for part in re.findall(r'"[^"]*"|[^.]+', path))


# Records, not dataclasses (bbvalues.records says why). The plain classes compare and hash without the table's raw
# values (`values`, `package_switches`); nothing changes them once made, though nothing stops it either.

@named_tuple
class WaypointLabel:
    """A Service label the umbrella sets to route through a waypoint, and Istio's opt-out value for it."""

    key: str
    value: str
    opt_out: str | None


@named_tuple
class Waypoint:
    """A waypoint an enrollment routes through, and what builds it: the `authservice` chart (unless its
    waypoint toggle is off) or bb-common from the package's `routes` (while their authservice is on)."""

    name: str
    namespace: str
    built_by: str

    @property
    def address(self) -> str:
        return f"{self.namespace}/{self.name}"


@named_tuple
class LabelMap:
    """A Service label map the umbrella fills with waypoint labels (`path` below the package's block), and
    whether the package chart's own default for it is recorded as non-nil (what makes a map-level null safe)."""

    name: str
    path: tuple[str, ...]
    chart: str
    chart_default_recorded: bool
    source: str


@named_tuple
class IstioLabels:
    """Istio's waypoint routing and data-plane labels (the table's `istio_labels`)."""

    use_waypoint: str
    use_waypoint_namespace: str
    ingress_use_waypoint: str
    no_waypoint: str
    dataplane: tuple[str, str]
    injection: tuple[str, str]


@named_tuple
class RequirementSpec:
    """One requirement of the mode contract, as the table writes it (bigbang.contract instantiates it)."""

    id: str
    each: str
    expect: str
    why: str
    source: str
    keys: tuple[tuple[str, ...], ...] = ()
    value: Any = None
    when: tuple[tuple[str, Any], ...] = ()
    sso: tuple[str, ...] = ()
    leftover: tuple[str, ...] = ()
    render_only: bool = False
    lint: tuple[tuple[str, str], ...] = ()
    modes: tuple[str, ...] = ()

    def lint_rule(self, kind: str) -> str | None:
        """The lint rule that reports a violation of this kind (`*` in the table: every other kind)."""
        rules = dict(self.lint)
        return rules.get(kind, rules.get("*"))

    def is_leftover(self, kind: str) -> bool:
        """A violation of this kind is no problem of the mode, only something an in-place migration tidies."""
        return "*" in self.leftover or kind in self.leftover

    def costs_enforcement(self, kind: str) -> bool:
        """A violation of this kind leaves an SSO-protected package without its enforcement point."""
        return "*" in self.sso or kind in self.sso

    def applies_to(self, release: "Release", mode: str) -> bool:
        """The row has the facts the requirement needs, and (for a shared requirement) the mode is one it names."""
        return all(getattr(release, fact) == wanted for fact, wanted in self.when) and mode in (self.modes or (mode,))


@named_tuple
class Protection:
    """A package whose SSO authservice enforces: when `condition` holds the umbrella labels the pods of
    `pod_labels` with the authservice selector, and the gateway named at `gateway_key` serves it."""

    package: str
    condition: str
    gateway_key: tuple[str, ...]
    pod_labels: tuple[tuple[str, ...], ...]
    source: str


@named_tuple
class Enrollment:
    """A package whose Services the umbrella routes through a waypoint in ambient mode."""

    package: str
    condition: str
    gateway_key: tuple[str, ...]
    services: tuple[LabelMap, ...]
    labels: tuple[WaypointLabel, ...]
    routes: tuple[tuple[str, ...], ...]
    source: str
    waypoint: Waypoint


class PolicyEntry(Record):
    """A network policy the umbrella itself writes into a package's values, in some modes only.

    `values` is the bb-common shorthand rooted at the package's chart values (expandable with
    bbvalues.netpol); `condition` names a row of the table's conditions that must also hold.
    """

    __slots__ = ("condition", "id", "modes", "note", "package", "shorthand", "source", "values")
    _uncompared = ("values",)

    def __init__(self, id: str, package: str, modes: tuple[str, ...], shorthand: str, note: str, source: str = "",
                 condition: str | None = None, values: dict | None = None):
        self.id, self.package, self.modes, self.shorthand, self.note = id, package, modes, shorthand, note
        self.source, self.condition, self.values = source, condition, values


class Release(Record):
    """One row of the table: the Big Bang versions from `min` up to `below`, and what they do."""

    __slots__ = ("ambient", "authservice_deployed_by", "below", "enrollments", "istio_key", "min", "name",
                 "package_switches", "policies", "protections", "released", "shared_gateway_values", "source",
                 "waypoint_model")
    _uncompared = ("package_switches",)

    def __init__(self, name: str, min: Version, below: Version | None, ambient: str, istio_key: str,
                 waypoint_model: str, enrollments: tuple[Enrollment, ...], policies: tuple[PolicyEntry, ...],
                 package_switches: dict, source: str = "", protections: tuple[Protection, ...] = (),
                 authservice_deployed_by: tuple[str, ...] = (), released: bool = True,
                 shared_gateway_values: bool = False):
        self.name, self.min, self.below, self.ambient, self.istio_key = name, min, below, ambient, istio_key
        self.waypoint_model, self.enrollments, self.policies = waypoint_model, enrollments, policies
        self.package_switches, self.source, self.protections = package_switches, source, protections
        self.authservice_deployed_by, self.released = authservice_deployed_by, released
        self.shared_gateway_values = shared_gateway_values

    def contains(self, version: Version) -> bool:
        return self.min <= version and (self.below is None or version < self.below)

    @property
    def supports_ambient_sso(self) -> bool:
        return self.ambient == "full"

    @property
    def accepts_istio_key(self) -> bool:
        return self.istio_key == "allowed"

    def package_switches_for(self, ambient: bool) -> dict:
        """What the umbrella sets for bb-common in every package in that mode."""
        return self.package_switches["ambient" if ambient else "sidecar"]


@named_tuple
class PackageLocation:
    name: str
    legacy: tuple[str, ...]
    canonical: str
    namespace: str


class ReleaseTable:
    """The whole table, built once per process (`release_table()`, so compared by identity); its cached index
    lives in `__dict__`."""

    def __init__(self, releases: tuple[Release, ...], packages: dict[str, PackageLocation],
                 conditions: dict[str, tuple[tuple[str, ...], ...]], defaults: dict[tuple[str, ...], Any],
                 selector_path: tuple[str, ...], selector_default: tuple[str, str], default_gateway: str,
                 gateways_path: tuple[str, ...], gateway_labels_key: tuple[str, ...],
                 shared_gateway_labels_path: tuple[str, ...],
                 package_switches_follow: dict[tuple[str, ...], tuple[str, ...]],
                 ambient_forces_on: dict[tuple[str, ...], str], gateway_package_pattern: str,
                 gateways_condition: str = "", authservice_requires: tuple[tuple[str, ...], ...] = (),
                 ambient_switches: tuple[tuple[str, ...], ...] = (), waypoint_toggle: tuple[str, ...] = (),
                 package_ambient_switch: tuple[str, ...] = (), istio_labels: IstioLabels | None = None,
                 umbrella_keys: frozenset[str] = frozenset(),
                 contract: dict[str, tuple[RequirementSpec, ...]] | None = None,
                 sso_prerequisites: tuple[RequirementSpec, ...] = (), date: str = ""):
        self.releases = releases
        self.packages = packages
        self.conditions = conditions
        self.defaults = defaults
        self.selector_path = selector_path
        self.selector_default = selector_default
        self.default_gateway = default_gateway
        self.gateways_path = gateways_path
        self.gateway_labels_key = gateway_labels_key
        self.shared_gateway_labels_path = shared_gateway_labels_path
        self.package_switches_follow = package_switches_follow
        self.ambient_forces_on = ambient_forces_on
        self.gateway_package_pattern = gateway_package_pattern
        self.gateways_condition = gateways_condition
        self.authservice_requires = authservice_requires
        self.ambient_switches = ambient_switches
        self.waypoint_toggle = waypoint_toggle
        self.package_ambient_switch = package_ambient_switch
        self.istio_labels = istio_labels
        self.umbrella_keys = umbrella_keys
        self.contract = {} if contract is None else contract
        self.sso_prerequisites = sso_prerequisites
        self.date = date

    @property
    def newest(self) -> Release:
        """The newest row, which may describe unreleased work (`next`)."""
        return self.releases[-1]

    @property
    def newest_released(self) -> Release:
        return next(release for release in reversed(self.releases) if release.released)

    @cached_property
    def _packages_by_legacy(self) -> dict[tuple[str, ...], str]:
        return {location.legacy: name for name, location in self.packages.items()}

    def package_of(self, legacy_path: tuple[str, ...]) -> str | None:
        """The package whose legacy block holds `legacy_path` (legacy blocks are one or two keys deep)."""
        return self._packages_by_legacy.get(tuple(legacy_path[:2])) or self._packages_by_legacy.get(
            tuple(legacy_path[:1]))

    @property
    def label_maps(self) -> tuple[LabelMap, ...]:
        """Every Service label map any release fills with waypoint labels."""
        maps = (label_map for release in self.releases for enrollment in release.enrollments
                for label_map in enrollment.services)
        return tuple(dict.fromkeys(maps))

    @property
    def waypoint_label_keys(self) -> tuple[str, ...]:
        """Every waypoint routing label key any release puts on a Service."""
        keys = (label.key for release in self.releases for enrollment in release.enrollments
                for label in enrollment.labels)
        return tuple(dict.fromkeys(keys))

    def for_version(self, version: Version) -> Release:
        for release in self.releases:
            if release.contains(version):
                return release
        raise LookupError(version)

    def gateway_labels(self, gateway: str) -> tuple[str, ...]:
        return self.gateways_path + (gateway,) + self.gateway_labels_key

    def chart_path(self, package: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        """A legacy umbrella path inside `package`'s `values` as a path in the package chart's values
        (`addons.authservice.values.waypoint.enabled` -> `waypoint.enabled`); None when it is not in there."""
        prefix = self.packages[package].legacy + ("values",)
        return path[len(prefix):] if path[:len(prefix)] == prefix else None

    def gateway_package(self, gateway: str) -> str:
        """The package (values Secret) name the umbrella gives an ingress gateway."""
        return self.gateway_package_pattern.format(gateway=gateway)


@named_tuple
class SelectedRelease:
    """The release row in use, the version that chose it, and how it was chosen."""

    release: Release
    version: str | None
    how: str
    warning: str | None = None

    @property
    def label(self) -> str:
        if self.version is None or self.version == self.release.name:
            return self.release.name
        return f"{self.version} ({self.release.name})"

    def as_dict(self) -> dict:
        """The release as every JSON output gives it: the version asked for (None when assumed), the table row
        used, and how it was chosen."""
        return {"version": self.version, "row": self.release.name, "source": self.how}


@lru_cache(maxsize=1)
def release_table() -> ReleaseTable:
    data = table_data()
    label_sets = data["label_sets"]
    label_maps = {_label_map_key(entry): LabelMap(name, dotted(entry["path"]), entry["chart"],
                                                  entry["chart_default"] is not None, entry["source"])
                  for name, entry in data["service_label_maps"].items()}
    istio = data["istio_labels"]
    return ReleaseTable(
        releases=tuple(_release(row, label_sets, label_maps) for row in data["releases"]),
        packages={name: PackageLocation(name, dotted(row["legacy"]), row["canonical"], row["namespace"])
                  for name, row in data["packages"].items()},
        conditions={name: tuple(dotted(key) for key in keys) for name, keys in data["conditions"].items()},
        defaults={dotted(key): value for key, value in data["defaults"].items()},
        selector_path=dotted(data["selector"]["path"]),
        selector_default=(data["selector"]["key"], data["selector"]["value"]),
        default_gateway=data["default_gateway"],
        gateways_path=dotted(data["gateways_path"]),
        gateway_labels_key=dotted(data["gateway_labels_key"]),
        shared_gateway_labels_path=dotted(data["shared_gateway_labels_path"]),
        package_switches_follow={dotted(target): dotted(source)
                                 for target, source in data["package_switches_follow"].items()},
        ambient_forces_on={dotted(key): release for key, release in data["ambient_forces_on"].items()},
        gateway_package_pattern=data["gateway_package"],
        gateways_condition=data["gateways_condition"],
        authservice_requires=tuple(dotted(key) for key in data["authservice_deployment"]["requires"]),
        ambient_switches=tuple(dotted(key) for key in data["mode_switches"]["ambient"]),
        waypoint_toggle=dotted(data["mode_switches"]["waypoint_toggle"]),
        package_ambient_switch=dotted(data["mode_switches"]["package_ambient"]),
        istio_labels=IstioLabels(istio["use_waypoint"], istio["use_waypoint_namespace"], istio["ingress_use_waypoint"],
                                 istio["no_waypoint"], (istio["dataplane"]["key"], istio["dataplane"]["value"]),
                                 (istio["injection"]["key"], istio["injection"]["value"])),
        umbrella_keys=frozenset(data["umbrella_keys"]),
        contract={mode: tuple(map(_requirement, _flattened(rows))) for mode, rows in data["contract"].items()},
        sso_prerequisites=tuple(map(_requirement, data["sso_prerequisites"])),
        date=str(data["date"]),
    )


def _label_map_key(entry: dict) -> str:
    """Enrollments name their label maps by YAML alias, so the parsed table repeats each map's data."""
    return entry["path"]


def _flattened(rows: list) -> list[dict]:
    """The contract's shared requirement lists are YAML aliases inside a mode's list."""
    return [item for row in rows for item in (_flattened(row) if isinstance(row, list) else [row])]


def _kinds(sso: bool | list | None) -> tuple[str, ...]:
    """`true` (every kind of violation) or a list of kinds (the table's `sso` and `leftover`)."""
    return ("*",) if sso is True else tuple(sso or ())


def _requirement(entry: dict) -> RequirementSpec:
    lint = entry.get("lint")
    return RequirementSpec(
        id=entry["id"], each=entry["each"], expect=entry["expect"], why=entry["why"], source=entry["source"],
        keys=tuple(dotted(key) for key in entry.get("keys", ())), value=entry.get("value"),
        when=tuple(sorted((entry.get("when") or {}).items())), sso=_kinds(entry.get("sso")),
        leftover=_kinds(entry.get("leftover")), render_only=bool(entry.get("render_only")),
        lint=tuple(sorted(lint.items())) if isinstance(lint, dict) else ((("*", lint),) if lint else ()),
        modes=tuple(entry.get("modes", ())))


def _release(row: dict, label_sets: dict, label_maps: dict[str, LabelMap]) -> Release:
    protections = {entry["package"]: _protection(entry) for entry in row["protections"]}
    return Release(
        name=row["name"],
        min=parse_version(row["min"]),
        below=parse_version(row["below"]) if row["below"] else None,
        ambient=row["ambient"],
        istio_key=row["istio_key"],
        waypoint_model=row["waypoint_model"],
        enrollments=tuple(_enrollment(entry, label_sets, protections, label_maps) for entry in row["enrollments"]),
        policies=tuple(PolicyEntry(entry["id"], entry["package"], tuple(entry["modes"]), entry["shorthand"],
                                   entry["note"], entry.get("source", ""), entry.get("condition"), entry.get("values"))
                       for entry in row["policies"]),
        package_switches=row["package_switches"],
        source=row["source"],
        protections=tuple(protections.values()),
        authservice_deployed_by=tuple(row["authservice_deployed_by"]),
        released=row.get("released", True),
        shared_gateway_values=row.get("shared_gateway_values", False),
    )


def _protection(entry: dict) -> Protection:
    return Protection(package=entry["package"], condition=entry["condition"], gateway_key=dotted(entry["gateway_key"]),
                      pod_labels=tuple(dotted(path) for path in entry["pod_labels"]), source=entry["source"])


def _enrollment(entry: dict, label_sets: dict, protections: dict[str, Protection],
                label_maps: dict[str, LabelMap]) -> Enrollment:
    """An enrollment is served on its package's gateway: the protection of the same row says which."""
    return Enrollment(
        package=entry["package"],
        condition=entry["condition"],
        gateway_key=protections[entry["package"]].gateway_key,
        services=tuple(label_maps[_label_map_key(service)] for service in entry["services"]),
        labels=tuple(WaypointLabel(label["key"], str(label["value"]), label["opt_out"])
                     for label in label_sets[entry["labels"]]),
        routes=tuple(dotted(path) for path in entry["routes"]),
        source=entry["source"],
        waypoint=Waypoint(**entry["waypoint"]),
    )


def select_release(flag: str | None, chart_version: str | None = None,
                   chart_version_origin: Origin | None = None) -> SelectedRelease:
    """`--bigbang-version`, else the HelmRelease's chart version, else the newest released row with a warning.

    The unreleased `next` row is used only when asked for by name ('next') or by a version beyond every
    released row, and then with a warning: its facts describe Big Bang's main branch, not a release.
    """
    table = release_table()
    if flag:
        if flag.strip().lower() in NEXT_ALIASES:
            return SelectedRelease(table.newest, flag.strip().lower(), "--bigbang-version")
        return _selected(table, flag, None, "--bigbang-version")
    if chart_version:
        return _selected(table, chart_version, chart_version_origin, "HelmRelease spec.chart.spec.version")
    newest = table.newest_released
    return SelectedRelease(newest, None, "newest released row (assumed)",
                           warning=f"no Big Bang version given: assuming the newest released row of the table, "
                                   f"{newest.name}; pass --bigbang-version X.Y.Z (or include the HelmRelease) to be "
                                   f"exact")


def _selected(table: ReleaseTable, text: str, origin: Origin | None, how: str) -> SelectedRelease:
    version = parse_version(text)
    if version is None:
        raise BBValuesError(f"not a Big Bang version: {text!r}", origin,
                            hint="use a release number such as 3.30.0, or 'next' for the unreleased row")
    release = table.for_version(version)
    warning = None
    if not release.released:
        newest = table.newest_released
        warning = (f"Big Bang {text} is newer than every release the table knows (the newest is {newest.name}); "
                   f"using the row {release.name!r}, which describes Big Bang's main branch after {newest.name}")
    return SelectedRelease(release, text, how, warning)


if __name__ == "__main__":  # python -m bbvalues.bigbang.releases: refresh releases_compiled.py after editing releases.yaml
    write_compiled_table()
    print(f"wrote {COMPILED_TABLE_FILE}")
