"""Which NetworkPolicies and AuthorizationPolicies appear or disappear when the mode changes.

Two views, both from data:

- the umbrella's own mode-dependent shorthand (the release table's `policies`): an entry is
  present when its mode is and its condition holds; each entry is expanded with bbvalues.netpol
  into the policy names bb-common renders from it;
- every package that has such entries or user shorthand: its package-level values before and after
  (the umbrella's mode switches, the umbrella entries, then the user's `<package>.values`) are
  expanded and diffed, so user policies and mode effects (HBONE port, ambient defaults, generated
  AuthorizationPolicies) show up too.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from bbvalues.bigbang.modes import UmbrellaView, base_mode, is_ambient
from bbvalues.bigbang.packages import locate_package, package_path
from bbvalues.bigbang.releases import PolicyEntry, Release, release_table
from bbvalues.documents.paths import get_path, set_path
from bbvalues.helm.merge import Effective, merge_values
from bbvalues.bigbang.packages import package_blocks
from bbvalues.netpol import NetpolError, expand
from bbvalues.netpol.diff import PolicyDiff, diff_policies
from bbvalues.netpol.umbrella import package_values, umbrella_switches

# Expanding one umbrella entry on its own: no default policies, so only the entry's names remain.
_ENTRY_ONLY = {"networkPolicies": {"ingress": {"defaults": {"enabled": False}},
                                   "egress": {"defaults": {"enabled": False}}},
               "istio": {"authorizationPolicies": {"defaults": {"enabled": False}}}}
# Keys in a package's values that make its policies worth expanding.
POLICY_KEYS = (("networkPolicies",), ("istio", "authorizationPolicies"))


@dataclass
class UmbrellaPolicyChange:
    """An umbrella policy entry that the migration adds (`appears`) or removes (`disappears`)."""

    entry: PolicyEntry
    change: str
    names: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class PackagePolicies:
    package: str
    namespace: str
    diff: PolicyDiff | None = None
    error: str | None = None


def umbrella_policy_changes(release: Release, before: dict, after: dict) -> list[UmbrellaPolicyChange]:
    changes = []
    for entry in release.policies:
        was, now = entry_present(entry, release, before), entry_present(entry, release, after)
        if was != now:
            change = UmbrellaPolicyChange(entry, "appears" if now else "disappears")
            try:
                change.names = [f"{doc['kind']} {doc['metadata']['name']}" for doc in expand_entry(entry, release)]
            except NetpolError as exc:
                change.error = str(exc)
            changes.append(change)
    return changes


def entry_present(entry: PolicyEntry, release: Release, values: dict) -> bool:
    view = UmbrellaView(Effective(values), release)
    if base_mode(view) not in entry.modes:
        return False
    return entry.condition is None or view.condition_holds(entry.condition)


def expand_entry(entry: PolicyEntry, release: Release) -> list[dict]:
    namespace = release_table().packages[entry.package].namespace
    values = merge_values([umbrella_switches({}, True, release), _ENTRY_ONLY, entry.values or {}])
    return expand(values, release_name=entry.package, namespace=namespace)


def package_policy_changes(release: Release, before: dict, after: dict) -> list[PackagePolicies]:
    """A policy diff for every package with umbrella entries or user policy shorthand on either side."""
    results = []
    for name in _packages_to_expand(release, before, after):
        location = locate_package(after, name) or locate_package(before, name)
        namespace = location.namespace if location else name
        result = PackagePolicies(name, namespace)
        try:
            result.diff = diff_policies(_rendered(release, before, name), _rendered(release, after, name))
        except NetpolError as exc:
            result.error = f"bb-common would reject {name}'s values: {exc}"
        if result.error or result.diff.has_changes:
            results.append(result)
    return results


def _packages_to_expand(release: Release, before: dict, after: dict) -> list[str]:
    names = [entry.package for entry in release.policies
             if entry_present(entry, release, before) or entry_present(entry, release, after)]
    for values in (before, after):
        for block in package_blocks(values):
            if any(get_path(block.values, key) is not None for key in POLICY_KEYS):
                names.append(block.name)
    return list(dict.fromkeys(names))


def _rendered(release: Release, umbrella: dict, name: str) -> list[dict]:
    """bb-common's output for package `name`: mode switches, active umbrella entries, the user's values."""
    if locate_package(umbrella, name) is None:
        umbrella = copy.deepcopy(umbrella)
        set_path(umbrella, package_path(umbrella, name) + ("values",), {})
    package = package_values(umbrella, name, ambient=is_ambient(umbrella), release=release)
    entries = [entry.values or {} for entry in release.policies
               if entry.package == name and entry_present(entry, release, umbrella)]
    return expand(merge_values([*entries, package.values]), release_name=name, namespace=package.namespace)
