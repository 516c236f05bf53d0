"""verify against the real umbrella: decoded values Secrets of Big Bang 3.23 to 3.30 and HEAD renders.

`../shared/conformance/umbrella/<version>/<mode>/<pkg>/` holds the `common`, `defaults` and
`overlays` texts the real chart wrote, and `fluxmerged.yaml`, Flux's merge of them. Synthetic renders
rebuilt from those files (plus index.txt's HelmReleases and facts.json's Namespaces) run the analyser
on real data.
"""

from __future__ import annotations

import re

import pytest

from bbvalues.documents.inputs import load_inputs
from bbvalues.helm.merge import merge_values
from bbvalues.bigbang.releases import select_release
from bbvalues.verify.analyse import analyse, leaves
from bbvalues.verify.render import VALUES_KEYS, parse_umbrella_render
from tests.verify.verify_cases import (
    conformance_packages, conformance_renders, conformance_root, conformance_view, synthetic_render,
)

VERSIONS = ("3.23.0", "3.26.0", "3.29.0", "3.30.0", "head")


def read(path) -> dict:
    return load_inputs([str(path)]).sources[0].values


def render_of(version: str, mode: str, base64_data: bool = False):
    return parse_umbrella_render(synthetic_render(conformance_root() / version / mode, base64_data))


def verify_between(version: str, before: str, after: str, target: str):
    root = conformance_root() / version
    return analyse(render_of(version, before), render_of(version, after), conformance_view(root / after), target)


def release_of(version: str):
    return select_release("next" if version == "head" else version).release


def blocking(analysis) -> list:
    return [finding for finding in analysis.findings if finding.blocks]


@pytest.mark.parametrize("package", conformance_packages())
def test_flux_merge_of_the_decoded_keys_is_fluxmerged(package):
    layers = [read(package / f"{key}.yaml") for key in VALUES_KEYS]
    assert merge_values(layers) == read(package / "fluxmerged.yaml")


@pytest.mark.parametrize("folder", conformance_renders())
@pytest.mark.parametrize("base64_data", [False, True], ids=["stringData", "data"])
def test_decoding_a_render_gives_back_the_umbrellas_texts(folder, base64_data):
    render = parse_umbrella_render(synthetic_render(folder, base64_data))
    packages = sorted(path.parent.name for path in folder.glob("*/fluxmerged.yaml"))
    assert sorted(render.packages) == packages
    for name in packages:
        package = render.packages[name]
        assert package.texts == {key: (folder / name / f"{key}.yaml").read_text() for key in VALUES_KEYS}
        assert package.merged == read(folder / name / "fluxmerged.yaml")
    index = (folder / "index.txt").read_text().splitlines()
    assert sorted(render.helm_releases) == sorted(line[3:] for line in index if line.startswith("HR "))


@pytest.mark.parametrize("version", VERSIONS)
def test_per_key_nulls_survive_from_waypoint_to_gateway(version):
    """Seed 002's recipe, rendered: each per-key null survives into the package values (DOMAIN.md, Nulls); from
    3.30 the research inputs also leave the umbrella's routes asking for authservice."""
    analysis = verify_between(version, "ambient-waypoint", "ambient-gateway", "ambient-gateway")
    assert not analysis.reached
    nulls = {(f.package, f.path[-1]) for f in analysis.findings if f.kind == "waypoint-labels-strip" and f.after is None}
    expected_keys = {"istio.io/use-waypoint", "istio.io/use-waypoint-namespace", "istio.io/ingress-use-waypoint"}
    assert nulls == {(package, key) for package in ("monitoring", "thanos") for key in expected_keys}
    routes_kept_on = release_of(version).enrollments[0].routes
    assert {f.kind for f in blocking(analysis)} == ({"waypoint-labels-strip", "route-authservice"} if routes_kept_on
                                                    else {"waypoint-labels-strip"})
    assert {f.package for f in analysis.findings if f.kind == "sso-enforced"} == {"monitoring", "thanos"}


@pytest.mark.parametrize("version", VERSIONS)
def test_sidecar_to_waypoint_is_reached_with_the_ambient_infrastructure(version):
    analysis = verify_between(version, "sidecar", "ambient-waypoint", "ambient-waypoint")
    assert analysis.reached, blocking(analysis)
    added = {f.package for f in analysis.findings if f.kind == "helmrelease-added"}
    assert {"ztunnel", "istio-cni", "gateway-api"} <= added
    monitoring_ns, = [f for f in analysis.findings if f.kind == "namespace-labels" and f.package == "monitoring"]
    assert (monitoring_ns.before, monitoring_ns.after) == ({"istio-injection": "enabled"},
                                                           {"istio.io/dataplane-mode": "ambient"})
    enforced = {f.package: f.message for f in analysis.findings if f.kind == "sso-enforced"}
    assert set(enforced) == {"monitoring", "thanos"}


@pytest.mark.parametrize("version", VERSIONS)
def test_back_to_sidecar_from_waypoint_is_enforced_by_sidecars(version):
    analysis = verify_between(version, "ambient-waypoint", "sidecar", "sidecar")
    assert analysis.reached, blocking(analysis)
    assert {f.package for f in analysis.findings if f.kind == "helmrelease-removed"} >= {"ztunnel", "istio-cni",
                                                                                       "gateway-api"}


def test_the_none_strategy_renders_valid_labels_on_head_but_the_research_overlay_stops_short():
    """The research opt-out overlay renders no null label, but leaves the routes on (bb-common still builds the
    per-package waypoints) and thanos' labels alone: thanos is still routed through its waypoint."""
    analysis = verify_between("head", "ambient-waypoint", "ambient-gateway-none", "ambient-gateway")
    assert not [f for f in analysis.findings if f.after is None and "label" in f.kind]
    assert {(f.kind, f.package) for f in blocking(analysis)} == {
        ("route-authservice", "monitoring"), ("route-authservice", "thanos"), ("waypoint-labels-strip", "thanos")}
    unused = {f.message.split()[1] for f in analysis.findings if f.kind == "waypoint-unused"}
    assert unused == {"monitoring-monitoring-waypoint"}
    assert {f.package for f in analysis.findings if f.kind == "sso-enforced"} == {"monitoring", "thanos"}


def test_a_map_level_null_has_no_labels_map_on_head():
    analysis = verify_between("head", "ambient-waypoint", "ambient-gateway-mapnull", "ambient-gateway")
    assert not [f for f in blocking(analysis) if f.package == "monitoring" and f.kind == "waypoint-labels-strip"]
    removed = {(f.package, ".".join(f.path)) for f in analysis.findings if f.kind == "labels-removed"}
    assert removed == {("monitoring", "upstream.prometheus.service.labels"),
                       ("monitoring", "upstream.alertmanager.service.labels")}
    merged = render_of("head", "ambient-gateway-mapnull").packages["monitoring"].merged
    assert merged["upstream"]["prometheus"]["service"]["labels"] is None


def test_nulls_do_not_bring_waypoint_mode_back():
    """`head/back-to-waypoint`: the map-level null also deletes the umbrella's labels (README of the renders)."""
    analysis = verify_between("head", "ambient-gateway", "back-to-waypoint", "ambient-waypoint")
    assert not analysis.reached
    unenforced = {f.package for f in blocking(analysis) if f.kind == "sso-unenforced"}
    assert "monitoring" in unenforced


_DIFF_PACKAGE = re.compile(r"^\[(?P<package>[^\]]+)\] \d+ differing leaf paths$")


@pytest.mark.parametrize("version,before,after", [
    ("head", "ambient-waypoint", "ambient-gateway"), ("head", "sidecar", "ambient-waypoint"),
    ("3.29.0", "sidecar", "ambient-waypoint"), ("3.23.0", "ambient-waypoint", "ambient-gateway"),
])
def test_changed_values_are_the_research_diff(version, before, after):
    """The value changes verify reports are the leaf paths of DIFF-<v>-<A>-vs-<B>.txt, package by package."""
    diff = conformance_root() / version / f"DIFF-{version}-{before}-vs-{after}.txt"
    expected: dict[str, set[str]] = {}
    package = None
    for line in diff.read_text().splitlines():
        match = _DIFF_PACKAGE.match(line)
        if match:
            package = match.group("package")
            expected[package] = set()
        elif line.startswith("  ") and package:
            expected[package].add(line.strip().split(": ", 1)[0])
    analysis = verify_between(version, before, after, after)
    reported: dict[str, set[str]] = {}
    for finding in analysis.findings:
        if finding.kind == "value-changed":
            reported.setdefault(finding.package, set()).add(".".join(str(part) for part in finding.path))
    copied = {path.parent.name for path in (conformance_root() / version / after).glob("*/fluxmerged.yaml")}
    assert reported == {name: paths for name, paths in expected.items() if name in copied and paths}


def test_leaves_count_lists_and_empty_maps():
    assert leaves({"a": {"b": [1, 2], "c": {}, "d": {"e": None}}}) == {("a", "b"): [1, 2], ("a", "c"): {},
                                                                        ("a", "d", "e"): None}
