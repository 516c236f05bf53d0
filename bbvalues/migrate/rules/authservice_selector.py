"""Ask for an authservice selector that survives the umbrella's unquoted pod labels.

Changes: nothing automatic: a required rewrite (exit 3) of `addons.authservice.values.selector` when its
key or value is a word YAML 1.1 reads as something else (`on`, `yes`, `true`, `1`, `null`, ...). Which
selector to use instead is the user's choice; bbvalues writes the gateway label with whatever it is.

Why: the umbrella labels the SSO-protected pods with `{{ $key }}: {{ $value }}`, unquoted (bigbang
monitoring/values.yaml:322-330, thanos/values.yaml:228-229), so `sso: on` renders as the label
`sso: true`: the pods no longer match the selector the authservice policies use (and Kubernetes
rejects a non-string label value). Verified by rendering the real 3.30.0 chart with helm 4.1.4.

Releases: every release with authservice SSO.
"""

from __future__ import annotations

ID = "authservice-selector"
TITLE = "Ask for an authservice selector that survives the umbrella's unquoted pod labels"


def plan(requirement, found, ctx) -> None:
    for violation in found:
        ctx.require(violation.path, ID, f"{violation.detail}: {requirement.why}", action="rewrite")
