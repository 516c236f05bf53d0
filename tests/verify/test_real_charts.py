"""Every profile migrated to every mode renders right with the real Big Bang charts, the way Flux deploys them.

The real charts cannot ship with bbvalues (DoD-Platform-One/bigbang and DoD-Platform-One/monitoring are
fetched for local checks only), so this test looks for them through two environment variables and skips,
saying so, without them:

- BBVALUES_BIGBANG_CHARTS: a directory with one umbrella chart per subdirectory, named after its release
  (`3.23.0/`, `bigbang-3.30.0/chart/`, ...; `head` or `main` for the main branch, verified as `next`);
  e.g. `mkdir -p charts/3.30.0 && git -C bigbang archive 3.30.0 chart | tar -x -C charts/3.30.0`. Releases
  before 3.23.0 (no ambient package enrollment) are not judged;
- BBVALUES_MONITORING_CHART: the monitoring package chart (`chart/` of DoD-Platform-One/monitoring), which
  `--package-chart` renders with the values the umbrella hands it (Service labels, null labels).

With default options, `bbvalues verify` must reach the target: the umbrella render and the package render
judged by the mode contract, no null Service label, every SSO-protected package enforced.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bbvalues.bigbang.modes import MODES
from bbvalues.bigbang.releases import parse_version, release_table
from tests.helm_runner import helm_binary
from tests.helpers import ROOT, profiles, run_cli

_RELEASE_DIR = re.compile(r"^(?:bigbang-)?(?P<name>\d+\.\d+\.\d+|head|main)$")


def _charts() -> list[tuple[str, Path]]:
    root = os.environ.get("BBVALUES_BIGBANG_CHARTS")
    if not root:
        return []
    found = []
    for directory in sorted(Path(root).iterdir()):
        match = _RELEASE_DIR.match(directory.name)
        chart = directory / "chart" if (directory / "chart" / "Chart.yaml").exists() else directory
        if match and (chart / "Chart.yaml").exists():
            found.append((match["name"], chart))
    return found


def _with_ambient_sso(release: str) -> bool:
    """The releases every mode exists on (3.23.0 and later, and the main branch); older charts are not judged."""
    return release in ("head", "main") or release_table().for_version(parse_version(release)).supports_ambient_sso


CASES = [(release, chart, profile, mode) for release, chart in _charts() if _with_ambient_sso(release)
         for profile in profiles() for mode in MODES]


def _id(case) -> str:
    release, _chart, profile, mode = case
    return f"{release}-{profile.name}-to-{mode}"


@pytest.mark.skipif(not CASES, reason="no real charts: set BBVALUES_BIGBANG_CHARTS (umbrella charts by release) and "
                                      "BBVALUES_MONITORING_CHART (see this module's docstring)")
@pytest.mark.parametrize("case", CASES, ids=map(_id, CASES))
def test_default_migration_renders_right_with_the_real_charts(case, monkeypatch):
    release, chart, profile, mode = case
    monitoring = os.environ.get("BBVALUES_MONITORING_CHART")
    if not monitoring:
        pytest.skip("BBVALUES_MONITORING_CHART is not set: the package render is what shows null Service labels")
    monkeypatch.chdir(ROOT)
    version = ["--bigbang-version", "next"] if release in ("head", "main") else []
    result = run_cli("verify", "--chart", str(chart), "--helm", helm_binary(), "--to", mode,
                     "--package-chart", f"monitoring={monitoring}", *version, *profile.files)
    assert result.exit_code == 0, result.stdout.replace(helm_binary(), "<helm>")[-4000:]
