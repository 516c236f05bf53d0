"""The scan benchmark's generator writes the customer layout bbvalues finds and reads, every environment."""

from __future__ import annotations

from bbvalues.scan import scan
from bbvalues.scan.checks import ScanOptions
from bench import bench_scan


def test_generated_environments_are_found_and_checked(tmp_path):
    root = bench_scan.generate(tmp_path / "fleet", count=12)
    report = scan([str(root)], ScanOptions(target=bench_scan.TARGET))
    assert [env.name for env in report.environments] == [f"environments/env{index:04d}" for index in range(12)]
    assert not any(env.failed or env.partial for env in report.environments)
    assert len(report.environments[0].files) == 7  # two kustomizations, HelmRepository, HelmRelease, 3 values sources


def test_worker_processes_give_the_same_report(tmp_path):
    root = bench_scan.generate(tmp_path / "fleet", count=60)
    one = scan([str(root)], ScanOptions(target=bench_scan.TARGET))
    two = scan([str(root)], ScanOptions(target=bench_scan.TARGET), jobs=2)
    assert [(env.name, env.mode, len(env.findings), env.has_changes) for env in one.environments] == \
        [(env.name, env.mode, len(env.findings), env.has_changes) for env in two.environments]
