"""The release table's umbrella policy entries agree with real umbrella renders.

For every render in conformance/umbrella/<tag>/<mode>/ (helm v4.1.4, base-sso inputs), each entry's
remotes must be enabled in the package's Flux-merged values exactly when the table says the entry is
present (its mode, and its condition on the render's inputs). This is what `bbvalues review` reports
as policies that appear or disappear.
"""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.paths import get_path, has_path
from bbvalues.helm.merge import merge_sources
from bbvalues.documents.yamltree import walk
from bbvalues.review.policies import entry_present
from tests.conftest import shared_path

RENDERS = [(tag, mode) for tag in ("3.23.0", "3.26.0", "3.29.0", "3.30.0", "head")
           for mode in ("sidecar", "ambient-waypoint", "ambient-gateway")]
REMOTE_TYPES = ("k8s", "cidr", "definition", "literal")


def remotes(values: dict) -> list[tuple]:
    """Paths of the remote keys (`...from.k8s."ns/pod"`) an entry enables."""
    return [path for path, _value in walk(values) if len(path) >= 2 and path[-2] in REMOTE_TYPES]


def enabled(value) -> bool:
    """bb-common's enable rule for a remote: true, or a map not saying `enabled: false`."""
    if isinstance(value, dict):
        return value.get("enabled", True) is not False
    return value is True


@pytest.mark.parametrize("tag,mode", RENDERS, ids=[f"{t}-{m}" for t, m in RENDERS])
def test_umbrella_entries_match_the_render(tag, mode):
    folder = shared_path("conformance", "umbrella", tag, mode)
    inputs = load_inputs([str(path) for path in sorted((folder / "inputs").glob("*.yaml"))])
    release = select_release("next" if tag == "head" else tag).release
    values = merge_sources(inputs.sources).values
    checked = 0
    for entry in release.policies:
        merged_file = folder / entry.package / "fluxmerged.yaml"
        if not merged_file.exists():
            continue
        rendered = YAML(typ="safe", pure=True).load(merged_file.read_text())
        present = entry_present(entry, release, values)
        for path in remotes(entry.values):
            actual = enabled(get_path(rendered, path)) if has_path(rendered, path) else False
            assert actual == present, f"{entry.id}: {'.'.join(path)} in {tag}/{mode}/{entry.package}"
            checked += 1
    assert checked or not release.policies
