"""Given these values, this mode, this release -> this overlay. Plus properties over generated values."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

import pytest

from bbvalues.bigbang.contract import LABEL_REMOVAL, CheckOptions
from bbvalues.bigbang.detect import detect
from bbvalues.bigbang.modes import MODES, UmbrellaView
from bbvalues.bigbang.releases import release_table, select_release
from bbvalues.documents.inputs import InputSet, ValuesSource
from bbvalues.documents.yamltree import ParsedDocument
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import Effective, merge_sources, merge_values
from bbvalues.migrate.overlay import overlay_values
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.migrate.views import effective_after

SSO = {
    "monitoring": {"enabled": True, "sso": {"enabled": True}},
    "addons": {"authservice": {"enabled": True}, "thanos": {"enabled": True, "sso": {"enabled": True}}},
}


def inputs_of(*layers: dict) -> InputSet:
    return InputSet(sources=[ValuesSource(file=f"layer{i}.yaml", text="", document=ParsedDocument(None, layer))
                             for i, layer in enumerate(layers)])


def plan(values: dict, target: str, version: str, **options):
    return plan_migration(inputs_of(values), MigrationOptions(target, **options), select_release(version))


def changed(p) -> dict:
    return {".".join(change.path): change.new for change in p.changes}


PROMETHEUS = "monitoring.values.upstream.prometheus.service.labels"
THANOS_PRE_326 = "addons.thanos.values.queryFrontend.service.labels"
THANOS = "addons.thanos.values.upstream.queryFrontend.service.labels"


def test_auto_removal_nulls_each_label_map_the_chart_defaults():
    """kube-prometheus-stack and the thanos chart default these maps to {}: a map-level null renders no label."""
    keys = changed(plan(SSO, "ambient-gateway", "3.24.0"))
    assert keys[PROMETHEUS] is None and keys[THANOS_PRE_326] is None
    assert keys["monitoring.values.upstream.alertmanager.service.labels"] is None
    assert not any(key.startswith(PROMETHEUS + ".") for key in keys)
    assert not any("routes" in key for key in keys)


def test_auto_removal_keeps_other_labels_with_the_opt_out():
    values = merge_values([SSO, {"monitoring": {"values": {"upstream": {"prometheus": {"service": {
        "labels": {"team": "observability"}}}}}}}])
    p = plan(values, "ambient-gateway", "3.30.0")
    keys = changed(p)
    assert keys[PROMETHEUS + ".istio.io/use-waypoint"] == "none"
    assert keys[PROMETHEUS + ".istio.io/ingress-use-waypoint"] == "false"
    assert keys["monitoring.values.upstream.alertmanager.service.labels"] is None
    reason = next(change.reason for change in p.changes if change.path[-1] == "istio.io/use-waypoint")
    assert "would also drop team" in reason


def test_per_key_null_removal_is_big_bangs_documented_recipe_with_its_caveat():
    p = plan(SSO, "ambient-gateway", "3.24.0", label_removal="null")
    keys = changed(p)
    assert keys[THANOS_PRE_326 + ".istio.io/use-waypoint-namespace"] is None
    assert keys["monitoring.values.upstream.alertmanager.service.labels.istio.io/ingress-use-waypoint"] is None
    assert any("4.2" in caveat for caveat in p.caveats)


def test_before_3_26_thanos_needs_explicit_authservice():
    values = {"addons": {"thanos": {"enabled": True, "sso": {"enabled": True}}}}
    assert not any("thanos" in key for key in changed(plan(values, "ambient-gateway", "3.25.0")))
    assert any("upstream.queryFrontend" in key for key in changed(plan(values, "ambient-gateway", "3.26.0")))


def test_3_30_monitoring_two_keys_and_routes_thanos_still_shared():
    keys = changed(plan(SSO, "ambient-gateway", "3.30.0", label_removal="null"))
    assert PROMETHEUS + ".istio.io/use-waypoint-namespace" not in keys
    assert keys["monitoring.values.routes.inbound.monitoring-prometheus.authservice.enabled"] is False
    assert THANOS + ".istio.io/use-waypoint-namespace" in keys
    assert not any("query-frontend" in key for key in keys)


def test_next_release_moves_thanos_to_its_own_waypoint():
    keys = changed(plan(SSO, "ambient-gateway", "next", label_removal="null"))
    assert keys["addons.thanos.values.routes.inbound.query-frontend.authservice.enabled"] is False
    assert THANOS + ".istio.io/use-waypoint-namespace" not in keys


def test_gateways_follow_the_packages_ingress_gateway():
    values = merge_values([SSO, {"monitoring": {"ingress": {"gateway": "sso"}}}])
    keys = changed(plan(values, "ambient-gateway", "3.29.0"))
    assert keys["istioGateway.values.gateways.sso.upstream.labels.protect"] == "keycloak"
    assert keys["istioGateway.values.gateways.public.upstream.labels.protect"] == "keycloak"


def test_custom_selector_is_used_for_the_gateway_label():
    values = merge_values([SSO, {"addons": {"authservice": {"values": {"selector": {"key": "sso", "value": "yes"}}}}}])
    keys = changed(plan(values, "ambient-gateway", "3.29.0"))
    assert keys["istioGateway.values.gateways.public.upstream.labels.sso"] == "yes"


def test_canonical_packages_layout_is_edited_where_it_lives():
    values = {"packageConfiguration": {"version": "v1"},
              "packages": {"monitoring": {"enabled": True, "sso": {"enabled": True}}}}
    keys = changed(plan(values, "ambient-gateway", "3.30.0"))
    assert keys["packages.monitoring.values.upstream.prometheus.service.labels"] is None


def test_ztunnel_alone_is_ambient_and_leaving_turns_it_off():
    keys = changed(plan({"ztunnel": {"enabled": True}}, "sidecar", "3.29.0"))
    assert keys == {"ztunnel.enabled": False}


def test_sidecar_before_3_22_requires_removing_the_istio_key():
    p = plan({"istio": {"ambient": {"enabled": False}}}, "sidecar", "3.21.0")
    assert [edit.path for edit in p.required_edits] == [("istio",)]


@pytest.mark.parametrize("version", ["3.20.0", "3.22.1"])
def test_ambient_targets_refused_before_3_23(version):
    with pytest.raises(BBValuesError, match="3.23.0 or later"):
        plan(SSO, "ambient-waypoint", version)


def test_returning_to_waypoint_writes_explicit_values_never_null():
    gateway = overlay_values(plan(SSO, "ambient-gateway", "3.29.0"))
    back = plan_migration(inputs_of(SSO, gateway), MigrationOptions("ambient-waypoint"), select_release("3.29.0"))
    assert all(change.new is not None for change in back.changes)
    keys = changed(back)
    assert keys["addons.authservice.values.waypoint.enabled"] is True
    assert keys[PROMETHEUS + ".istio.io/use-waypoint"] == "authservice-waypoint"
    assert all("pins" in change.reason for change in back.changes)


def test_returning_to_waypoint_in_place_deletes_the_overrides_instead():
    """In place, control goes back to the release: its own labels and toggle apply once the overrides are gone."""
    gateway = merge_values([SSO, overlay_values(plan(SSO, "ambient-gateway", "3.30.0"))])
    back = plan_migration(inputs_of(gateway), MigrationOptions("ambient-waypoint", in_place=True),
                          select_release("3.30.0"))
    deleted = {".".join(edit.path) for edit in back.required_edits if edit.deletes}
    assert {"addons.authservice.values.waypoint.enabled", PROMETHEUS,
            "monitoring.values.routes.inbound.monitoring-prometheus.authservice.enabled",
            "istioGateway.values.gateways.public.upstream.labels.protect"} <= deleted
    assert back.changes == []


def test_a_3_29_pin_left_on_3_30_is_repaired_to_the_new_waypoint():
    pinned = merge_values([SSO, {"istio": {"ambient": {"enabled": True}}, "monitoring": {"values": {"upstream": {
        "prometheus": {"service": {"labels": {"istio.io/use-waypoint": "authservice-waypoint",
                                              "istio.io/use-waypoint-namespace": "authservice"}}}}}}}])
    p = plan(pinned, "ambient-waypoint", "3.30.0")
    assert changed(p)[PROMETHEUS + ".istio.io/use-waypoint"] == "monitoring-monitoring-waypoint"
    assert [".".join(edit.path) for edit in p.required_edits] == [PROMETHEUS + ".istio.io/use-waypoint-namespace"]


def test_label_removal_none_writes_istio_opt_out_values():
    keys = changed(plan(SSO, "ambient-gateway", "3.29.0", label_removal="none"))
    assert keys["monitoring.values.upstream.prometheus.service.labels.istio.io/use-waypoint"] == "none"
    assert keys["monitoring.values.upstream.prometheus.service.labels.istio.io/ingress-use-waypoint"] == "false"
    assert None not in keys.values()


def test_every_release_row_is_reachable_and_ordered():
    rows = release_table().releases
    assert all(a.below == b.min for a, b in zip(rows, rows[1:]))
    assert rows[-1].below is None and [row.ambient for row in rows[:3]] == ["none", "infrastructure", "full"]


# -- properties ----------------------------------------------------------------------------------

booleans = st.sampled_from([True, False, None])


def gateway_label(value: str) -> dict:
    return {"values": {"gateways": {"public": {"upstream": {"labels": {"protect": value}}}}}}


values_strategy = st.fixed_dictionaries({}, optional={
    "istio": st.fixed_dictionaries({"ambient": st.fixed_dictionaries({"enabled": booleans})}),
    "ztunnel": st.fixed_dictionaries({"enabled": booleans}),
    "monitoring": st.fixed_dictionaries({"enabled": booleans, "sso": st.fixed_dictionaries({"enabled": booleans}),
                                         "ingress": st.fixed_dictionaries({"gateway": st.sampled_from(["", "public", "sso"])})}),
    "addons": st.fixed_dictionaries({}, optional={
        "authservice": st.fixed_dictionaries({"enabled": booleans}, optional={
            "values": st.fixed_dictionaries({"waypoint": st.fixed_dictionaries({"enabled": booleans})})}),
        "thanos": st.fixed_dictionaries({"enabled": booleans, "sso": st.fixed_dictionaries({"enabled": booleans})}),
    }),
    "istioGateway": st.builds(gateway_label, st.sampled_from(["keycloak", "none"])),
})


@settings(max_examples=200, deadline=None)
@given(values=values_strategy, target=st.sampled_from(MODES), version=st.sampled_from(["3.23.0", "3.29.0", "3.30.0", "next"]),
       removal=st.sampled_from(LABEL_REMOVAL), in_place=st.booleans())
def test_any_values_reach_the_target_and_stay_there(values, target, version, removal, in_place):
    release = select_release(version)
    options = MigrationOptions(target, removal, in_place=in_place)
    first = plan_migration(inputs_of(values), options, release)
    after = effective_after(first, Effective(values))
    view = UmbrellaView(merge_sources(inputs_of(after).sources), release.release)
    detection = detect(view, release.label, CheckOptions(removal))
    assert (detection.mode, detection.problems) == (target, [])
    second = plan_migration(inputs_of(after), options, release)
    assert second.changes == [] and second.required_edits == []


def test_a_selector_yaml_1_1_reads_as_a_boolean_is_a_rewrite_the_user_makes():
    """The umbrella writes `{{ $key }}: {{ $value }}` into the pod labels: `sso: on` renders as `sso: true`."""
    values = merge_values([SSO, {"addons": {"authservice": {"values": {"selector": {"key": "sso", "value": "on"}}}}}])
    p = plan(values, "ambient-gateway", "3.30.0")
    rewrite, = [edit for edit in p.required_edits if edit.rule == "authservice-selector"]
    assert rewrite.action == "rewrite" and rewrite.path == ("addons", "authservice", "values", "selector", "value")
    assert "renders as true" in rewrite.reason
    assert detect(UmbrellaView(Effective(values), select_release("3.30.0").release), "3.30").mode == "inconsistent"
