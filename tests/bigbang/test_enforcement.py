"""The security invariant: after a migration every SSO-protected package keeps an enforcement point.

Every profile x every target mode x every release row that allows the target is migrated with the
library (plan, overlay, required deletions) and checked; targeted cases break one requirement each,
so the check cannot silently stop checking; a property covers generated values.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from bbvalues.bigbang.contract import LABEL_REMOVAL, routed_waypoint
from bbvalues.bigbang.enforcement import GATEWAY, SIDECARS, WAYPOINT, sso_enforcement
from bbvalues.bigbang.modes import AMBIENT_GATEWAY, AMBIENT_WAYPOINT, MODES, SIDECAR
from bbvalues.bigbang.releases import release_table, select_release
from bbvalues.documents.inputs import InputSet, ValuesSource, load_inputs
from bbvalues.documents.yamltree import ParsedDocument, dotted_path
from bbvalues.errors import BBValuesError
from bbvalues.documents.paths import set_path
from bbvalues.helm.merge import Effective, merge_sources, merge_values
from bbvalues.migrate.overlay import render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.migrate.views import effective_after
from tests.helpers import ROOT, drop_required_edits, profiles, with_overlay

ROWS = release_table().releases
PROFILES = profiles()


def _row_version(row) -> str:
    return ".".join(map(str, row.min))


def _allowed(mode: str, row) -> bool:
    return mode == SIDECAR or row.supports_ambient_sso


MATRIX = [(profile, mode, row) for profile in PROFILES for mode in MODES for row in ROWS if _allowed(mode, row)]


def _matrix_id(case) -> str:
    profile, mode, row = case
    return f"{profile.name}-to-{mode}-on-{_row_version(row)}"


def _violations(report) -> list[str]:
    return [f"{package}: {dotted_path(violation.path)}: {violation.reason}"
            for package, violation in report.violations()]


@pytest.mark.parametrize("case", MATRIX, ids=map(_matrix_id, MATRIX))
def test_every_profile_keeps_an_enforcement_point_in_every_mode_on_every_release(case, tmp_path):
    profile, mode, row = case
    files = [str(ROOT / name) for name in profile.files]
    inputs = load_inputs(files)
    release = select_release(_row_version(row))
    plan = plan_migration(inputs, MigrationOptions(mode), release)
    assert all(edit.deletes for edit in plan.required_edits), "a manual edit would leave the migration unfinished"

    after = with_overlay(list(profile.files), render_overlay(plan), tmp_path)
    drop_required_edits(after, plan)
    effective = merge_sources(after.sources)
    # The library view of the same migration agrees with the files a user would end up with.
    assert effective.values == effective_after(plan, merge_sources(inputs.sources))

    report = sso_enforcement(effective, row, mode)
    assert report.mode == mode and report.packages, "every profile protects monitoring with SSO"
    assert report.holds, report.summary()
    assert {package.point.kind for package in report.packages} == {
        SIDECARS if mode == SIDECAR else WAYPOINT if mode == AMBIENT_WAYPOINT else GATEWAY}


@pytest.mark.parametrize("profile", PROFILES, ids=[p.name for p in PROFILES])
def test_every_profile_already_enforces_sso_in_its_own_mode(profile):
    inputs = load_inputs([str(ROOT / name) for name in profile.files])
    info = inputs.helm_release
    release = select_release(profile.version_args[1] if profile.version_args else None,
                             info.chart_version if info else None)
    report = sso_enforcement(merge_sources(inputs.sources), release.release)
    assert report.holds and report.prerequisites_met, report.summary()


# -- targeted cases: each breaks one requirement ---------------------------------------------------

SSO = """
monitoring: {enabled: true, sso: {enabled: true}}
addons:
  authservice: {enabled: true}
  thanos: {enabled: true, sso: {enabled: true}}
"""


def effective_of(text: str) -> Effective:
    """Values as the CLI reads them from a file (so violations carry file:line)."""
    return merge_sources(load_inputs(["-"], stdin_text=textwrap.dedent(text)).sources)


def migrated(text: str, mode: str, version: str) -> dict:
    """The effective values after `bbvalues migrate --to mode`, in the library."""
    effective = effective_of(text)
    plan = plan_migration(load_inputs(["-"], stdin_text=textwrap.dedent(text)), MigrationOptions(mode),
                          select_release(version))
    return effective_after(plan, effective)


def check(values, version: str, mode: str | None = None):
    return sso_enforcement(values, select_release(version).release, mode)


def only_violation(report, package: str | None = None):
    found = [(name, violation) for name, violation in report.violations() if package in (None, name)]
    assert len(found) == 1, report.summary()
    return found[0][1]


PROMETHEUS_LABELS = ("monitoring", "values", "upstream", "prometheus", "service", "labels")


def test_values_without_sso_protect_nothing_and_hold_vacuously():
    report = check({"monitoring": {"enabled": True}}, "3.30.0", AMBIENT_GATEWAY)
    assert report.packages == () and report.holds


def test_gateway_mode_without_the_gateway_label_has_no_enforcement_point():
    gateway = migrated(SSO, AMBIENT_GATEWAY, "3.29.0")
    assert check(gateway, "3.29.0").holds
    del gateway["istioGateway"]["values"]["gateways"]["public"]["upstream"]["labels"]["protect"]
    report = check(gateway, "3.29.0")
    assert report.mode == AMBIENT_GATEWAY and not report.holds
    for package in ("monitoring", "thanos"):
        violation = only_violation(report, package)
        assert violation.path == ("istioGateway", "values", "gateways", "public", "upstream", "labels", "protect")
        assert "gateway public serves" in violation.reason and violation.fix.endswith("protect: keycloak")
        assert violation.reason.startswith("istioGateway.values.gateways.public.upstream.labels.protect is unset")


def test_gateway_label_must_match_a_custom_selector():
    custom = SSO.replace("authservice: {enabled: true}",
                         "authservice: {enabled: true, values: {selector: {key: sso, value: required}}}")
    gateway = migrated(custom, AMBIENT_GATEWAY, "3.30.0")
    assert gateway["istioGateway"]["values"]["gateways"]["public"]["upstream"]["labels"] == {"sso": "required"}
    assert check(gateway, "3.30.0").holds
    gateway["istioGateway"]["values"]["gateways"]["public"]["upstream"]["labels"] = {"protect": "keycloak"}
    violation = only_violation(check(gateway, "3.30.0"), "monitoring")
    assert violation.path[-1] == "sso" and "sso: required" in violation.reason


def test_gateway_label_with_the_selector_key_but_another_value_is_no_match():
    gateway = migrated(SSO, AMBIENT_GATEWAY, "3.29.0")
    gateway["istioGateway"]["values"]["gateways"]["public"]["upstream"]["labels"]["protect"] = "none"
    assert "protect is 'none', not 'keycloak'" in only_violation(check(gateway, "3.29.0"), "monitoring").reason


def test_gateway_mode_services_still_routed_to_the_disabled_authservice_waypoint():
    """3.29: the waypoint toggle is off but nothing neutralised the umbrella's labels (the seed's forgotten step)."""
    text = SSO.replace("authservice: {enabled: true}",
                       "authservice: {enabled: true, values: {waypoint: {enabled: false}}}")
    text += "istio: {ambient: {enabled: true}}\n"
    text += "istioGateway: {values: {gateways: {public: {upstream: {labels: {protect: keycloak}}}}}}\n"
    report = check(effective_of(text), "3.29.0")
    assert report.mode == AMBIENT_GATEWAY
    reasons = _violations(report)
    assert len(reasons) == 3  # prometheus, alertmanager, thanos query-frontend
    assert all("still routes" in reason and "authservice/authservice-waypoint" in reason for reason in reasons)


def test_gateway_mode_a_user_label_pointing_at_the_disabled_waypoint_is_caught_with_its_line():
    gateway = migrated(SSO, AMBIENT_GATEWAY, "3.29.0")
    text = textwrap.dedent("""\
        monitoring:
          values:
            upstream:
              prometheus:
                service:
                  labels:
                    istio.io/use-waypoint: authservice-waypoint
                    istio.io/use-waypoint-namespace: authservice
        """)
    sources = [ValuesSource(file="migrated.yaml", text="", document=ParsedDocument(None, gateway))]
    values = merge_sources(sources + load_inputs(["-"], stdin_text=text).sources)
    violation = only_violation(check(values, "3.29.0"))
    assert "still routes monitoring to authservice/authservice-waypoint, which is not built" in violation.reason
    assert violation.origin is not None and (violation.origin.file, violation.origin.line) == ("<stdin>", 7)


def test_gateway_mode_on_3_30_routes_left_on_keep_the_monitoring_waypoint_so_its_labels_are_fine():
    gateway = migrated(SSO, AMBIENT_GATEWAY, "3.30.0")
    for route in ("monitoring-prometheus", "monitoring-alertmanager"):
        gateway["monitoring"]["values"]["routes"]["inbound"][route]["authservice"]["enabled"] = True
    for service in ("prometheus", "alertmanager"):
        del gateway["monitoring"]["values"]["upstream"][service]["service"]["labels"]
    assert check(gateway, "3.30.0").holds  # bb-common still builds monitoring's waypoint: it exists
    gateway["monitoring"]["values"]["routes"]["inbound"]["monitoring-prometheus"]["authservice"]["enabled"] = False
    assert check(gateway, "3.30.0").holds  # one route asking for authservice is enough for bb-common to build it
    gateway["monitoring"]["values"]["routes"]["inbound"]["monitoring-alertmanager"]["authservice"]["enabled"] = False
    reasons = _violations(check(gateway, "3.30.0"))
    assert len(reasons) == 2 and all("monitoring/monitoring-monitoring-waypoint, which is not built" in r
                                     for r in reasons)


def test_gateway_mode_follows_each_packages_serving_gateway():
    text = SSO.replace("thanos: {enabled: true, sso: {enabled: true}}",
                       "thanos: {enabled: true, sso: {enabled: true}, ingress: {gateway: sso}}")
    gateway = migrated(text, AMBIENT_GATEWAY, "3.29.0")
    report = check(gateway, "3.29.0")
    assert report.holds, report.summary()
    assert {package.package: package.point.where for package in report.packages} == {"monitoring": "public",
                                                                                      "thanos": "sso"}
    del gateway["istioGateway"]["values"]["gateways"]["sso"]
    assert only_violation(check(gateway, "3.29.0"), "thanos").path[3] == "sso"


def test_gateway_mode_before_3_26_labels_the_thanos_gateway_even_without_explicit_authservice():
    """3.23-3.25 enrol thanos on the waypoint only with addons.authservice.enabled, but its SSO is still on."""
    text = """
    monitoring: {enabled: true, sso: {enabled: true}}
    addons: {thanos: {enabled: true, sso: {enabled: true}, ingress: {gateway: sso}}}
    """
    gateway = migrated(text, AMBIENT_GATEWAY, "3.25.0")
    report = check(gateway, "3.25.0")
    assert report.holds, report.summary()
    assert gateway["istioGateway"]["values"]["gateways"]["sso"]["upstream"]["labels"]["protect"] == "keycloak"


def test_gateway_mode_without_ingress_gateways():
    gateway = migrated(SSO, AMBIENT_GATEWAY, "3.29.0")
    gateway["istioGateway"]["enabled"] = False
    violation = only_violation(check(gateway, "3.29.0"), "monitoring")
    assert violation.path == ("istioGateway", "enabled") and "istioGateway.enabled is off" in violation.reason


def test_waypoint_mode_3_30_monitoring_pointing_at_the_shared_waypoint():
    """3.30 moved monitoring to its own waypoint; authservice-waypoint still exists (thanos) but no longer
    serves monitoring (its network policies stop reaching prometheus)."""
    waypoint = migrated(SSO, AMBIENT_WAYPOINT, "3.30.0")
    assert check(waypoint, "3.30.0").holds
    set_path(waypoint, PROMETHEUS_LABELS, {"istio.io/use-waypoint": "authservice-waypoint",
                                           "istio.io/use-waypoint-namespace": "authservice"})
    name, namespace = (violation for _package, violation in check(waypoint, "3.30.0").violations())
    assert "is 'authservice-waypoint': not 'monitoring-monitoring-waypoint'" in name.reason
    assert "monitoring/monitoring-monitoring-waypoint" in name.reason
    assert name.path[-1] == "istio.io/use-waypoint"
    assert name.fix.endswith('set monitoring.values.upstream.prometheus.service.labels."istio.io/use-waypoint": '
                             'monitoring-monitoring-waypoint')
    assert namespace.path[-1] == "istio.io/use-waypoint-namespace" and "does not set here" in namespace.reason
    assert namespace.fix.startswith("delete")
    # The same label on 3.29, where the shared waypoint is monitoring's, is right.
    assert check(waypoint, "3.29.0").holds


def test_waypoint_mode_3_30_shared_name_without_its_namespace_names_a_waypoint_that_does_not_exist():
    waypoint = migrated(SSO, AMBIENT_WAYPOINT, "3.30.0")
    set_path(waypoint, PROMETHEUS_LABELS + ("istio.io/use-waypoint",), "authservice-waypoint")
    violation = only_violation(check(waypoint, "3.30.0"))
    assert "is 'authservice-waypoint': not 'monitoring-monitoring-waypoint'" in violation.reason


@pytest.mark.parametrize("label, value, expect", [
    ("istio.io/use-waypoint", "none", "passes no waypoint"),
    ("istio.io/use-waypoint", None, "passes no waypoint"),
    ("istio.io/ingress-use-waypoint", "false", "skips the waypoint"),
    ("istio.io/ingress-use-waypoint", None, "skips the waypoint"),
])
def test_waypoint_mode_labels_that_bypass_the_waypoint(label, value, expect):
    waypoint = migrated(SSO, AMBIENT_WAYPOINT, "3.29.0")
    set_path(waypoint, ("addons", "thanos", "values", "upstream", "queryFrontend", "service", "labels"), {label: value})
    violation = only_violation(check(waypoint, "3.29.0"), "thanos")
    assert expect in violation.reason and violation.path[-1] == label


def test_waypoint_mode_map_level_null_removes_the_umbrella_labels_too():
    waypoint = migrated(SSO, AMBIENT_WAYPOINT, "3.30.0")
    set_path(waypoint, PROMETHEUS_LABELS, None)
    assert "passes no waypoint" in only_violation(check(waypoint, "3.30.0")).reason


def test_waypoint_mode_3_30_route_authservice_off_means_no_monitoring_waypoint():
    waypoint = migrated(SSO, AMBIENT_WAYPOINT, "3.30.0")
    set_path(waypoint, ("monitoring", "values", "routes", "inbound", "monitoring-alertmanager", "authservice",
                        "enabled"), False)
    violation = only_violation(check(waypoint, "3.30.0"))
    assert violation.path[-4:] == ("inbound", "monitoring-alertmanager", "authservice", "enabled")
    assert "is false: waypoint mode: bb-common builds monitoring/monitoring-monitoring-waypoint with ext_authz" in \
        violation.reason


def test_waypoint_mode_before_3_26_thanos_needs_explicit_authservice():
    text = """
    istio: {ambient: {enabled: true}}
    monitoring: {enabled: true, sso: {enabled: true}}
    addons: {thanos: {enabled: true, sso: {enabled: true}}}
    """
    report = check(effective_of(text), "3.25.0")
    violation = only_violation(report, "thanos")
    assert violation.path == ("addons", "authservice", "enabled") and "only when" in violation.reason
    assert check(effective_of(text), "3.26.0").holds


def test_migrating_to_waypoint_before_3_26_switches_authservice_on_for_thanos():
    text = "monitoring: {sso: {enabled: true}}\naddons: {thanos: {enabled: true, sso: {enabled: true}}}\n"
    waypoint = migrated(text, AMBIENT_WAYPOINT, "3.25.0")
    assert waypoint["addons"]["authservice"]["enabled"] is True
    assert check(waypoint, "3.25.0").holds


def test_migrating_to_gateway_neutralises_a_leftover_shared_waypoint_label_on_3_30():
    """A 3.29 label kept through the upgrade is an override, but not an opt-out: it still routes somewhere."""
    text = textwrap.dedent("""\
        istio: {ambient: {enabled: true}}
        monitoring:
          sso: {enabled: true}
          values: {upstream: {prometheus: {service: {labels: {istio.io/use-waypoint: authservice-waypoint}}}}}
        """)
    for removal in ("null", "none"):
        plan = plan_migration(load_inputs(["-"], stdin_text=text), MigrationOptions(AMBIENT_GATEWAY, removal),
                              select_release("3.30.0"))
        assert PROMETHEUS_LABELS + ("istio.io/use-waypoint",) in {change.path for change in plan.changes}
        report = check(effective_after(plan, effective_of(text)), "3.30.0", AMBIENT_GATEWAY)
        assert report.holds, report.summary()


def test_sidecar_mode_without_authservice_deployed():
    """Before 3.26 thanos SSO alone does not deploy authservice; from 3.26 it does (authserviceEnabled)."""
    text = "addons: {authservice: {enabled: false}, thanos: {enabled: true, sso: {enabled: true}}}\n"
    report = check(effective_of(text), "3.25.0")
    assert report.mode == SIDECAR and not report.prerequisites_met
    violation = only_violation(report, "thanos")
    assert violation.path == ("addons", "authservice", "enabled") and "authservice is not deployed" in violation.reason
    assert (violation.origin.file, violation.origin.line) == ("<stdin>", 1)
    assert check(effective_of(text), "3.26.0").holds


def test_monitoring_sso_deploys_authservice_even_when_the_addon_is_off():
    text = "monitoring: {sso: {enabled: true}}\naddons: {authservice: {enabled: false}}\n"
    for version in ("3.21.0", "3.25.0", "3.30.0"):
        assert check(effective_of(text), version).holds


def test_no_enforcement_without_istio():
    report = check(effective_of(SSO + "istiod: {enabled: false}\n"), "3.30.0")
    assert not report.prerequisites_met
    assert {dotted_path(v.path) for _, v in report.violations()} == {"istiod.enabled"}


POD_METADATA = ("monitoring", "values", "upstream", "prometheus", "prometheusSpec", "podMetadata")


@pytest.mark.parametrize("relative, override", [
    (("labels", "protect"), "none"), (("labels", "protect"), None), (("labels",), None), ((), None),
])
def test_sidecar_mode_pod_label_overrides_take_pods_out_of_the_policies(relative, override):
    """A null inside `<package>.values` survives into the package's overlays and removes the umbrella's label."""
    values = effective_of(SSO).values
    set_path(values, POD_METADATA + relative, override)
    violation = only_violation(check(values, "3.30.0"), "monitoring")
    assert violation.path == POD_METADATA + ("labels", "protect")
    assert "not 'keycloak': in sidecar mode the authservice policies attach to the monitoring pods" in violation.reason


def test_sidecar_mode_a_null_above_the_package_values_is_coalesced_away():
    """`monitoring.values: null` meets the umbrella chart's `values: {}` default: Helm drops it."""
    values = effective_of(SSO).values
    set_path(values, ("monitoring", "values"), None)
    assert check(values, "3.30.0").holds


def test_sidecar_mode_keeps_enforcing_with_a_custom_selector():
    """The umbrella labels the pods with whatever selector authservice uses."""
    text = SSO.replace("authservice: {enabled: true}",
                       "authservice: {enabled: true, values: {selector: {key: sso, value: required}}}")
    assert check(effective_of(text), "3.30.0").holds


def test_pod_label_paths_follow_the_release():
    values = effective_of(SSO).values
    set_path(values, ("addons", "thanos", "values", "query", "podLabels", "protect"), "x")
    assert only_violation(check(values, "3.25.0"), "thanos").path[-3:] == ("query", "podLabels", "protect")
    assert check(values, "3.26.0").holds  # 3.26 moved the label to upstream.queryFrontend


def test_ambient_before_3_23_still_enforces_at_the_sidecars():
    values = effective_of(SSO + "istio: {ambient: {enabled: true}}\n")
    report = check(values, "3.22.0")
    assert report.mode == AMBIENT_WAYPOINT and report.holds
    assert {package.point.kind for package in report.packages} == {SIDECARS}


def test_a_mode_the_values_do_not_switch_on_is_a_violation():
    report = check(effective_of(SSO), "3.30.0", AMBIENT_WAYPOINT)
    for package in report.packages:
        first = package.violations[0]
        assert dotted_path(first.path) == "istio.ambient.enabled"
        assert first.reason == "the values switch on sidecar mode, not ambient-waypoint"


def test_routed_waypoint_follows_istio_labels():
    assert routed_waypoint({"istio.io/use-waypoint": "w"}, "ns") == "ns/w"
    assert routed_waypoint({"istio.io/use-waypoint": "w", "istio.io/use-waypoint-namespace": "a"}, "ns") == "a/w"
    assert routed_waypoint({"istio.io/use-waypoint": "none"}, "ns") is None
    assert routed_waypoint({"istio.io/use-waypoint": None}, "ns") is None
    assert routed_waypoint({}, "ns") is None


def test_table_waypoints_agree_with_the_labels_each_enrollment_sets():
    """The enrollment's own labels route to the waypoint the table says it uses (one fact, two views)."""
    table = release_table()
    for row in ROWS:
        for enrollment in row.enrollments:
            labels = {label.key: label.value for label in enrollment.labels}
            assert routed_waypoint(labels, table.packages[enrollment.package].namespace) == enrollment.waypoint.address
            assert enrollment.waypoint.built_by in ("authservice", "routes")
            assert bool(enrollment.routes) == (enrollment.waypoint.built_by == "routes")
        assert {p.package for p in row.protections} >= {e.package for e in row.enrollments}
        assert all(name in table.conditions for name in row.authservice_deployed_by)


# -- property ------------------------------------------------------------------------------------

booleans = st.sampled_from([True, False, None])
mostly_on = st.sampled_from([True, True, True, False, None])  # most generated values protect something
gateway_names = st.sampled_from(["", "public", "sso"])
values_strategy = st.fixed_dictionaries({}, optional={
    "istio": st.fixed_dictionaries({"ambient": st.fixed_dictionaries({"enabled": booleans})}),
    "ztunnel": st.fixed_dictionaries({"enabled": booleans}),
    "monitoring": st.fixed_dictionaries({"enabled": mostly_on, "sso": st.fixed_dictionaries({"enabled": mostly_on}),
                                         "ingress": st.fixed_dictionaries({"gateway": gateway_names})}),
    "addons": st.fixed_dictionaries({
        "authservice": st.fixed_dictionaries({"enabled": mostly_on}, optional={
            "values": st.fixed_dictionaries({}, optional={
                "waypoint": st.fixed_dictionaries({"enabled": booleans}),
                "selector": st.sampled_from([{"key": "protect", "value": "keycloak"}, {"key": "sso", "value": "on"}]),
            })}),
        "thanos": st.fixed_dictionaries({"enabled": mostly_on, "sso": st.fixed_dictionaries({"enabled": mostly_on}),
                                         "ingress": st.fixed_dictionaries({"gateway": gateway_names})}),
    }),
    "istioGateway": st.fixed_dictionaries({"values": st.fixed_dictionaries({"gateways": st.dictionaries(
        st.sampled_from(["public", "sso"]),
        st.fixed_dictionaries({"upstream": st.fixed_dictionaries({"labels": st.dictionaries(
            st.sampled_from(["protect", "sso"]), st.sampled_from(["keycloak", "on", "none"]), max_size=2)})}),
        max_size=2)})}),
    "monitoring_labels": st.sampled_from([None, {"istio.io/use-waypoint": "authservice-waypoint"},
                                          {"istio.io/use-waypoint": "none", "istio.io/ingress-use-waypoint": "false"}]),
})


def _with_service_labels(values: dict) -> dict:
    """Move the generated Service label override to where the umbrella puts monitoring's labels."""
    labels = values.pop("monitoring_labels", None)
    if labels is not None:
        service = {"values": {"upstream": {"prometheus": {"service": {"labels": labels}}}}}
        values = merge_values([values, {"monitoring": service}])
    return values


def _inputs(values: dict) -> InputSet:
    return InputSet(sources=[ValuesSource(file="generated.yaml", text="", document=ParsedDocument(None, values))])


# Refusals and values no mode can protect are filtered by design; about half the examples remain.
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(values=values_strategy.map(_with_service_labels), target=st.sampled_from(MODES),
       version=st.sampled_from(["3.22.0", "3.23.0", "3.26.0", "3.29.0", "3.30.0", "next"]),
       removal=st.sampled_from(LABEL_REMOVAL))
def test_any_successful_migration_keeps_every_enforcement_point(values, target, version, removal):
    release = select_release(version)
    try:
        plan = plan_migration(_inputs(values), MigrationOptions(target, removal), release)
    except BBValuesError:
        assume(False)  # refused (an ambient target before 3.23): nothing was migrated
    assume(all(edit.deletes for edit in plan.required_edits))  # a manual edit: the migration is not done
    before = sso_enforcement(Effective(values), release.release)
    assume(before.prerequisites_met)  # no mode gives SSO to a package nothing answers (no Istio, no authservice)
    report = sso_enforcement(effective_after(plan, Effective(values)), release.release, target)
    assert report.holds, report.summary()
