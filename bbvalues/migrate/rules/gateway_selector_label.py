"""Label the ingress gateways that serve SSO-protected packages, and only those, and only in gateway mode.

Changes: ambient-gateway sets `istioGateway.values.gateways.<name>.upstream.labels.<selector key>:
<selector value>` (default `protect: keycloak`, read from `addons.authservice.values.selector`) for each
gateway serving a package whose SSO is on (`<package>.ingress.gateway`, default public) and each gateway
named with `--gateway`, never on `shared`; with no SSO-protected package there is nothing to label.
Leaving gateway mode, and wherever the label sits on the `shared` block, the label is a required edit
of the file that sets it (`--in-place` deletes it).

Why: in gateway mode the authservice policies select pods by that label; labelling the gateway pods
attaches ext_authz and JWT validation at the gateway. In the other modes it would enforce SSO twice.
`shared` is merged into every gateway, passthrough included, from the release that reads it (bigbang
HEAD _helpers.tpl:524-585); earlier releases ignore it.

Releases: all ambient releases (3.23.0+).

Caveats: an overlay cannot remove a label the user set: `labels.<key>: null` renders a null pod label
and `upstream.labels: null` breaks the umbrella render (dig on nil, _helpers.tpl:342). Gateway mode
itself: ztunnel is L4 only, so an ambient application pod carrying the selector label is NOT protected;
traffic that does not pass the gateway is not authenticated; the selector policies live in
istio-system and match any pod with the label in any namespace.
"""

from __future__ import annotations

ID = "gateway-selector-label"
TITLE = "Label the ingress gateways that serve SSO-protected packages"


def plan(requirement, found, ctx) -> None:
    if requirement.spec.expect == "equals":
        ctx.set(requirement.path, ctx.view.selector[1], ID, requirement.why)
        return
    ctx.require_deleted(found, ID, f"{requirement.why} (an overlay cannot remove a label)")


def plan_chosen(ctx) -> None:
    """Gateways named with `--gateway` beyond those serving a protected package carry the label too."""
    if ctx.target != "ambient-gateway":
        return
    for gateway in ctx.options.gateways:
        if gateway not in ctx.view.protected_gateways():
            ctx.set(ctx.view.gateway_label_path(gateway), ctx.view.selector[1], ID,
                    f"gateway {gateway} is named with --gateway: its pods carry the authservice selector label "
                    "{}: {} and enforce SSO".format(*ctx.view.selector))
