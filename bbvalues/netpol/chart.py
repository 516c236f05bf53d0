"""bb-common's own `values.yaml` defaults, and Helm's coalescing of user values against them.

Helm merges the user's values over the chart defaults before the schema check and the templates
run. A user `null` on a key the chart defaults deletes that key (so `istio: null` is valid and
means "no istio settings"); nulls elsewhere stay and are judged by the schema.
"""

from __future__ import annotations

from bbvalues.helm.merge import copy_values

# chart/values.yaml of bb-common 0.14.1, the keys that concern policies (BBCOMMON-NETPOL §1)
CHART_DEFAULTS = {
    "networkPolicies": {"enabled": False},
    "istio": {"enabled": False, "ambient": {"enabled": False}, "authorizationPolicies": {"enabled": False},
              "sidecar": {"enabled": False}},
}


def coalesce(values: dict, defaults: dict = CHART_DEFAULTS) -> dict:
    """The values the chart sees: user values over `defaults`, user nulls on defaulted keys removed."""
    result = copy_values(values)
    _coalesce_into(result, defaults)
    return result


def _coalesce_into(user: dict, defaults: dict) -> None:
    for key, default in defaults.items():
        if key in user and user[key] is None:
            del user[key]
            continue
        if key not in user:
            user[key] = copy_values(default)
        elif isinstance(user[key], dict) and isinstance(default, dict):
            _coalesce_into(user[key], default)

