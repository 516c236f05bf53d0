"""Big inputs cost work in proportion to their size: counted (function calls, bytes allocated), never timed.

What this catches is work per key or per line that grows with the file (a lookup that scans the
whole tree, a parse of the file per edit). Work inside C code, such as a regular expression that
rescans a long line, is not counted here: tests/report/test_redaction.py feeds megabyte lines to
the redaction, and tests/migrate/test_inplace_cli.py counts the parses of an in-place edit.
"""

from __future__ import annotations

import cProfile
import pstats
import tracemalloc

import pytest

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import load_inputs
from bbvalues.migrate.inplace import plan_in_place
from bbvalues.migrate.overlay import render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.report.redact import Redactor
from bench.big_inputs import multiplied, one_scalar
from tests.helpers import PROFILES

PACKAGE = """packages:
  podinfo:
    enabled: true
    git:
      repo: https://repo1.dso.mil/big-bang/apps/sandbox/podinfo.git
      tag: 6.0.0
    istio:
      hosts:
        - names: [podinfo]
          gateways: [public]
    values:
      replicaCount: 2
      config: |
        url: postgres://app:db-password-1@db:5432/app
        log: debug
"""


def migrate(path, target: str) -> None:
    """What `detect` and `migrate` do: read, detect the mode, plan, render the overlay, redact a report
    line and edit the file in place."""
    inputs = load_inputs([str(path)])
    release = select_release("3.29.0")
    detect_inputs(inputs, release)
    plan = plan_migration(inputs, MigrationOptions(target), release)
    render_overlay(plan)
    Redactor.for_values(source.values for source in inputs.sources).text("caveat: a report line")
    assert not plan_in_place(plan, inputs).refused


def calls(tmp_path, text: str, target: str = "ambient-gateway") -> int:
    """Python function calls to migrate `text`."""
    path = tmp_path / "values.yaml"
    path.write_text(text)
    profiler = cProfile.Profile()
    profiler.runcall(migrate, path, target)
    return pstats.Stats(profiler).total_calls


def peak_memory(tmp_path, text: str, target: str = "ambient-gateway") -> int:
    """Peak bytes allocated to migrate `text`."""
    path = tmp_path / "values.yaml"
    path.write_text(text)
    tracemalloc.start()
    try:
        migrate(path, target)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def growth(costs: list[int]) -> float:
    """For inputs of size s, 2s and 4s: what the second doubling adds over what the first added
    (2 for linear work, 4 for quadratic), so that fixed costs do not count."""
    small, middle, large = costs
    return (large - middle) / (middle - small)


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory):
    """What the first call of a process does once (the release table, caches) is not the input's work."""
    calls(tmp_path_factory.mktemp("warm"), (PROFILES / "3.29-sidecar.yaml").read_text())


@pytest.mark.parametrize("target", ["ambient-gateway", "sidecar"])
def test_n_times_a_values_file_costs_n_times_the_work(tmp_path, target):
    base = (PROFILES / "3.29-ambient-waypoint.yaml").read_text() + PACKAGE
    assert growth([calls(tmp_path, multiplied(base, copies), target) for copies in (8, 16, 32)]) < 2.2
    # peak memory is the largest of several stages, so it is compared at sizes where none is fixed cost
    assert peak_memory(tmp_path, multiplied(base, 64), target) < 2.3 * peak_memory(tmp_path, multiplied(base, 32),
                                                                                   target)


def test_one_long_scalar_costs_work_in_proportion_to_its_length(tmp_path):
    base = (PROFILES / "3.29-sidecar.yaml").read_text()
    # both long enough that the reader keeps their few events for the editor (documents.composer.KeptEvents)
    longer, shorter = base + one_scalar(800_000, "line"), base + one_scalar(400_000, "line")
    assert calls(tmp_path, longer) - calls(tmp_path, shorter) < 100
    assert peak_memory(tmp_path, base + one_scalar(800_000, "line")) < 2.3 * peak_memory(
        tmp_path, base + one_scalar(400_000, "line"))
