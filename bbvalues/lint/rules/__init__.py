"""The lint checks, one module each: `ID`, `SEVERITY`, `TITLE`, a docstring that is the user
documentation (`bbvalues explain ID`), and `check(context) -> Iterator[Finding]`.

Adding a check is adding a module here and naming it in `CHECKS`, in reading order.
"""

from __future__ import annotations

from bbvalues.lint.rules import (
    ambient_before_323, ambient_infrastructure_toggle, anchor_on_edited_path, authz_l7_selector_in_ambient,
    authz_principal_format, authz_targetref_core_group, authz_targetrefs_in_sidecar, duplicate_key,
    gateway_label_double_enforcement, gateway_label_missing, gateway_label_on_shared, hostnetwork_dataplane_mode,
    istio_key_before_322, migration_bridge_left, netpol_missing_hbone, null_gateway_label, null_waypoint_label,
    route_authservice_in_gateway_mode, sso_enforcement_point, waypoint_labels_in_sidecar,
    waypoint_labels_without_waypoint, yaml11_label_value,
)

CHECKS = (
    istio_key_before_322, ambient_before_323, ambient_infrastructure_toggle, sso_enforcement_point,
    waypoint_labels_without_waypoint, waypoint_labels_in_sidecar, null_waypoint_label, route_authservice_in_gateway_mode,
    gateway_label_missing, gateway_label_double_enforcement, gateway_label_on_shared, null_gateway_label,
    authz_l7_selector_in_ambient, authz_targetrefs_in_sidecar, authz_targetref_core_group, authz_principal_format,
    netpol_missing_hbone, migration_bridge_left, hostnetwork_dataplane_mode,
    duplicate_key, yaml11_label_value, anchor_on_edited_path,
)

BY_ID = {check.ID: check for check in CHECKS}
