"""The migration rules, one module each: `ID`, `TITLE`, a docstring that is the user documentation
(`bbvalues explain ID`: what it changes, why, which releases, caveats), and the code that plans it.

A contract rule repairs one requirement of the target mode (releases.yaml `contract`, whose `id` is
the rule's): `plan(requirement, violations, ctx)`. `authz-attachment` is not about the mode's own
keys but about the user's AuthorizationPolicies: `plan_policies(ctx)`. Every change and required
edit a migration makes names one of these rules.
"""

from __future__ import annotations

from bbvalues.migrate.rules import (
    ambient_supported, ambient_switch, authservice_selector, authservice_waypoint_toggle, authz_attachment, gateway_labels_render, gateway_selector_label,
    istio_key_unsupported, route_authservice, sidecar_pod_labels, waypoint_enrollment, waypoint_labels_restore,
    waypoint_labels_strip,
)

CONTRACT_RULES = (
    authservice_selector, ambient_supported, ambient_switch, istio_key_unsupported, authservice_waypoint_toggle, waypoint_enrollment, gateway_selector_label,
    gateway_labels_render, waypoint_labels_strip, waypoint_labels_restore, route_authservice, sidecar_pod_labels,
)

RULES = {rule.ID: rule for rule in (*CONTRACT_RULES, authz_attachment)}
