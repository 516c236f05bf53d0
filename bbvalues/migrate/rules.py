"""The migration rules: each change bbvalues makes names one of these, and `bbvalues explain ID` prints it."""

from __future__ import annotations

from dataclasses import dataclass

from bbvalues.helm.merge import HELM_NULL_CAVEAT

GATEWAY_CAVEATS = (
    "ztunnel is L4 only: an ambient application pod carrying the selector label is NOT protected; only "
    "Envoy gateway pods enforce the authservice policies.",
    "Traffic that does not pass the ingress gateway (in-mesh service-to-service calls) is not "
    "authenticated by authservice.",
    "The authservice policies live in istio-system with a label selector, so they match any pod with the "
    "selector label in any namespace: label only the gateways you mean to protect.",
)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    changes: str
    why: str
    releases: str
    caveats: tuple[str, ...] = ()


RULES: dict[str, Rule] = {rule.id: rule for rule in (
    Rule(
        id="ambient-switch",
        title="Switch Istio ambient mode on or off",
        changes="Sets `istio.ambient.enabled` (true for the ambient modes, false for sidecar); when leaving "
                "ambient also sets `ztunnel.enabled: false` if the user turned ztunnel on.",
        why="The umbrella's `ambientEnabled` helper is `or .Values.ztunnel.enabled .Values.istio.ambient.enabled` "
            "(bigbang _helpers.tpl:969-971): either key switches every package to ambient.",
        releases="`istio.ambient.enabled` exists from 3.22.0; package enrollment and SSO waypoints from 3.23.0. "
                 "Releases before 3.22 reject any top-level `istio:` key.",
    ),
    Rule(
        id="istio-key-unsupported",
        title="Remove the `istio:` key on releases that reject it",
        changes="Required edit: delete the top-level `istio:` key.",
        why="The 3.20/3.21 values schema says `additional properties 'istio' not allowed`, even for "
            "`istio.ambient.enabled: false`.",
        releases="Before 3.22.0.",
    ),
    Rule(
        id="authservice-waypoint-toggle",
        title="Turn the authservice waypoint off for gateway enforcement, on for waypoint enforcement",
        changes="Sets `addons.authservice.values.waypoint.enabled` to false (ambient-gateway) or explicitly to "
                "true (ambient-waypoint). Never null: a null would delete the chart's whole `waypoint` default.",
        why="With `waypoint.enabled: false` the authservice chart creates no waypoint and puts its "
            "jwt-authn/jwt-authz/authservice policies in istio-system with the label selector, as in sidecar "
            "mode (authservice docs/AMBIENT.md, seed 002). The umbrella passes the key through unchanged.",
        releases="All ambient releases (3.23.0+); the toggle needs an authservice chart that has it.",
        caveats=("The authservice chart versions bundled up to 3.30 have no waypoint toggle; pin a chart that does.",),
    ),
    Rule(
        id="waypoint-enrollment",
        title="Switch on what the release needs to route an SSO-protected package through its waypoint",
        changes="Sets `addons.authservice.enabled: true` for ambient-waypoint on Big Bang 3.23-3.25 when thanos SSO "
                "is on (any key of the release table's enrollment condition that is off).",
        why="3.23-3.25 labelled the thanos query-frontend for the shared waypoint only when "
            "`addons.authservice.enabled` was true (bigbang 3.23.0 thanos/values.yaml:191), not when authservice "
            "was only pulled in by monitoring SSO; without the labels thanos traffic passes no waypoint and no SSO.",
        releases="3.23-3.25 (from 3.26 the authserviceEnabled helper enrols thanos-only SSO).",
    ),
    Rule(
        id="gateway-selector-label",
        title="Label the ingress gateways that serve SSO-protected packages",
        changes="Sets `istioGateway.values.gateways.<name>.upstream.labels.<selector key>: <selector value>` "
                "(default `protect: keycloak`, read from `addons.authservice.values.selector`) for each gateway "
                "serving monitoring or thanos (`<package>.ingress.gateway`, default public), never on `shared`. "
                "Leaving gateway mode, the label is a required edit of the file that sets it.",
        why="In gateway mode the authservice policies select pods by that label; labelling the gateway pods "
            "attaches ext_authz and JWT validation at the gateway. In the other modes it would enforce SSO twice. "
            "`shared` would also label the passthrough gateway (bigbang _helpers.tpl:524-585).",
        releases="All ambient releases (3.23.0+).",
        caveats=("An overlay cannot remove a label the user set: `labels.<key>: null` renders a null pod label "
                 "and `upstream.labels: null` breaks the umbrella render (dig on nil, _helpers.tpl:544).",)
                + GATEWAY_CAVEATS,
    ),
    Rule(
        id="waypoint-labels-strip",
        title="Stop protected Services from routing through a waypoint that no longer exists",
        changes="Sets the waypoint routing labels the release puts on protected Services to null "
                "(--label-removal null) or to Istio's opt-out values `istio.io/use-waypoint: none`, "
                "`istio.io/ingress-use-waypoint: \"false\"` (--label-removal none).",
        why="The umbrella labels prometheus, alertmanager and the thanos query-frontend Services with "
            "`istio.io/use-waypoint*` in ambient; with the waypoint disabled, ztunnel would route to a waypoint "
            "that does not exist.",
        releases="3.23-3.29: three keys (use-waypoint, use-waypoint-namespace, ingress-use-waypoint) on monitoring "
                 "and thanos (thanos at `queryFrontend` before 3.26, `upstream.queryFrontend` after); 3.30: two keys "
                 "on monitoring, three on thanos; after 3.30: two keys on both.",
        caveats=(HELM_NULL_CAVEAT,),
    ),
    Rule(
        id="waypoint-labels-restore",
        title="Give protected Services back their waypoint routing labels",
        changes="Returning to ambient-waypoint: writes the umbrella's own label values explicitly (never null). "
                "Returning to sidecar, or for label keys this release does not set: a required edit deleting "
                "the user's override.",
        why="A user override of these labels makes the Service bypass the waypoint (and SSO) in waypoint mode; "
            "in sidecar mode the umbrella sets no such labels and a leftover null renders as a null label.",
        releases="All ambient releases (3.23.0+).",
    ),
    Rule(
        id="route-authservice",
        title="Turn the per-package waypoint authservice route off for gateway enforcement",
        changes="Sets `monitoring.values.routes.inbound.monitoring-{prometheus,alertmanager}.authservice.enabled` "
                "(3.30+) and `addons.thanos.values.routes.inbound.query-frontend.authservice.enabled` (after 3.30) "
                "to false for ambient-gateway, explicitly to true when returning to ambient-waypoint.",
        why="From 3.30 the umbrella asks bb-common to build a per-package waypoint with ext_authz for these "
            "routes whatever `waypoint.enabled` says (bigbang monitoring/values.yaml:119-137). A plain false "
            "overrides the umbrella default in the Flux merge; no null is involved.",
        releases="3.30 (monitoring), after 3.30 (monitoring and thanos).",
        caveats=("What these keys do inside bb-common (> 0.14.1) could not be checked against a rendered chart.",),
    ),
    Rule(
        id="authz-attachment",
        title="Attach user AuthorizationPolicies the way the target mode enforces them",
        changes="For `<package>.values.istio.authorizationPolicies.custom` (list, written whole) and "
                "`.additionalPolicies` (map): to an ambient mode, an L7 policy (paths, methods, hosts, request "
                "principals, request.* conditions, CUSTOM) whose `selector` is `app.kubernetes.io/name: X` or "
                "`app: X` gets `targetRefs: [{kind: Service, group: \"\", name: X}]` instead; to sidecar, a "
                "policy whose `targetRefs` name one Service gets `selector.matchLabels` "
                "`app.kubernetes.io/name: X` instead. A selector or targetRef that does not name one Service, "
                "and a Service the release table cannot enrol on a waypoint, become required manual edits.",
        why="ztunnel enforces selector policies at L4 only and cannot evaluate HTTP attributes, so in ambient an "
            "L7 policy must attach to the waypoint in front of the Service (Istio: Layer 7 authorization with "
            "waypoints, seed 000); sidecars ignore Service targetRefs, so in sidecar mode each pod's sidecar "
            "enforces a selector policy. An additionalPolicies entry keeps its map; the old attachment key is "
            "set to null, which the API server prunes from the AuthorizationPolicy.",
        releases="All releases with an ambient mode (3.23.0+); L4-only policies (ports, principals, namespaces, "
                 "ipBlocks) keep their selector in ambient, where ztunnel enforces them.",
        caveats=("A targetRefs policy applies only to traffic that passes the Service's waypoint: the Service "
                 "must carry istio.io/use-waypoint.",
                 "The Service name is taken from the selector's app label; check the chart names its Service so."),
    ),
)}
