"""Benchmark: `bbvalues scan` over 1,000 generated environments in the customer GitOps layout, one process.

Goal (issue 11): 1,000 environments, each with its base, a patch and two values sources, scanned in under
10 s on 2 cores (under 5 s with 2 worker processes if one process cannot get there).

Each environment is the template layout (corpus/realworld/template-helmRepo) made its own: a base
kustomization (HelmRepository, HelmRelease with the chart version, a common ConfigMap), and the
environment's kustomization that includes it, adds its ConfigMap and its Secret (stringData) and appends
both to the HelmRelease's valuesFrom with an RFC 6902 patch. The values come from bench_fleet's seeded
generator (Big Bang 3.29 or 3.30, any of the three modes, optional packages, SSO, gateways); every
environment is scanned against a target mode, so detect, plan and lint all run.

Measured: the wall time of `bbvalues scan --to ambient-gateway -o json DIR` as a user runs it (interpreter
start included; median of RUNS), in one process and with `--jobs 2`, the CPU time it used, the peak RSS,
and the same scan as a library call. The load average of the machine is printed with the results: on a
shared machine other work takes cores the goal assumes are free.

Run: .venv/bin/python bench/bench_scan.py   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*, bbvalues

from bench.bench_fleet import SEED, VERSIONS, block, dump, environment_values  # noqa: E402
from bench.common import ROOT, bbvalues, compile_package, machine, verdict, write_section  # noqa: E402

ENVIRONMENTS = 1000
RUNS = 3
GOAL_SECONDS = 10.0
TARGET = "ambient-gateway"


def write_environment(rng: random.Random, root: Path, index: int) -> None:
    name = f"env{index:04d}"
    version = rng.choice(VERSIONS)
    base_values, env_values = environment_values(rng, name, version)
    secret_values = {"registryCredentials": [{"registry": "registry1.dso.mil", "username": name,
                                              "password": f"{name}-password"}]}
    base, env = root / "bases" / name, root / "environments" / name
    base.mkdir(parents=True)
    env.mkdir(parents=True)
    (base / "kustomization.yaml").write_text("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                                             "resources:\n- helmrepo.yaml\n- helmrelease.yaml\n- configmap.yaml\n")
    (base / "helmrepo.yaml").write_text(
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: registry1\n"
        "  namespace: bigbang\nspec:\n  interval: 1m\n  type: oci\n  url: oci://registry1.dso.mil/bigbang\n")
    (base / "helmrelease.yaml").write_text(
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bigbang\n  namespace: bigbang\n"
        f"spec:\n  interval: 1m\n  chart:\n    spec:\n      chart: bigbang\n      version: {version}\n"
        "      sourceRef:\n        kind: HelmRepository\n        name: registry1\n  valuesFrom:\n"
        "    - kind: ConfigMap\n      name: common-bb\n      valuesKey: values.yaml\n")
    (base / "configmap.yaml").write_text(_embedded("ConfigMap", "common-bb", base_values))
    (env / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        f"- ../../bases/{name}\n- configmap.yaml\n- secret.yaml\npatches:\n- target:\n    kind: HelmRelease\n"
        "    name: bigbang\n  patch: |-\n    - op: add\n      path: /spec/valuesFrom/-\n      value:\n"
        f"        kind: ConfigMap\n        name: {name}-bb\n    - op: add\n      path: /spec/valuesFrom/-\n"
        f"      value:\n        kind: Secret\n        name: {name}-bb-secret\n")
    (env / "configmap.yaml").write_text(_embedded("ConfigMap", f"{name}-bb", env_values))
    (env / "secret.yaml").write_text(_embedded("Secret", f"{name}-bb-secret", secret_values))


def _embedded(kind: str, name: str, values: dict) -> str:
    field = "data" if kind == "ConfigMap" else "stringData"
    return (f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: bigbang\n"
            f"{field}:\n  values.yaml: |\n{block(dump(values))}")


def generate(root: Path, count: int = ENVIRONMENTS) -> Path:
    rng = random.Random(SEED)
    for index in range(count):
        write_environment(rng, root, index)
    return root


def timed_cli(root: Path, jobs: int = 1) -> tuple[float, float, dict]:
    """Wall and CPU seconds of one `bbvalues scan` run (its workers included), and its JSON summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(bbvalues("scan", "--jobs", str(jobs), "--to", TARGET, "-o", "json", str(root)),
                            cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(result.stdout)["summary"]


def time_library(root: Path) -> float:
    from bbvalues.scan import scan
    from bbvalues.scan.checks import ScanOptions

    start = time.perf_counter()
    scan([str(root)], ScanOptions(target=TARGET))
    return time.perf_counter() - start


def cpu_breakdown(root: Path) -> dict[str, float]:
    """CPU milliseconds per environment of each step of a scan, measured one call at a time."""
    from bbvalues.bigbang.detect import detect_inputs
    from bbvalues.bigbang.modes import MODES
    from bbvalues.documents.kustomize import FileCache
    from bbvalues.lint import run_lint
    from bbvalues.migrate.planner import plan_migration
    from bbvalues.scan.checks import (
        ScanOptions, EnvironmentReport, _redacted, chart_identity, load_environments, migration_options, select,
    )
    from bbvalues.scan.discover import discover

    spent: dict[str, float] = {}

    def timed(step: str, action):
        start = time.process_time()
        result = action()
        spent[step] = spent.get(step, 0.0) + time.process_time() - start
        return result

    cache, options = FileCache(), ScanOptions(target=TARGET)
    found = timed("discover", lambda: discover([str(root)], MODES, cache))
    for spec in found.environments:
        for env in timed("build and resolve (Kustomize, Flux)", lambda: load_environments(spec, cache, chart_identity())):
            release = timed("select the release", lambda: select(env, options))
            timed("detect", lambda: detect_inputs(env.inputs, release))
            plan = timed("plan", lambda: plan_migration(env.inputs, migration_options(options, TARGET), release))
            findings = timed("lint", lambda: run_lint(env.inputs, release))
            timed("redact the report", lambda: _redacted(EnvironmentReport(env.name, "", [], plan=plan,
                                                                           findings=findings), env.inputs, False))
    return {step: seconds * 1000 / len(found.environments) for step, seconds in spent.items()}


def main() -> None:
    where = machine()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "fleet")
        files = sum(1 for path in root.rglob("*") if path.is_file())
        runs = [timed_cli(root) for _ in range(RUNS)]
        parallel = [timed_cli(root, jobs=2) for _ in range(RUNS)]
        library = time_library(root)
        breakdown = cpu_breakdown(root)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    walls = [wall for wall, _cpu, _summary in runs]
    median_wall = statistics.median(walls)
    median_parallel = statistics.median(wall for wall, _cpu, _summary in parallel)
    parallel_verdict = ("not needed: one process met its goal" if median_wall < GOAL_SECONDS
                        else verdict(median_parallel < GOAL_SECONDS / 2))
    summary = runs[0][2]
    modes = Counter(summary["modes"])
    rows = [
        f"Machine: {where}. {ENVIRONMENTS:,} generated environments in the customer layout ({files:,} files: per "
        "environment a base kustomization with HelmRepository, HelmRelease and common ConfigMap, and the "
        "environment's kustomization with an RFC 6902 patch, a ConfigMap and a Secret; seed "
        f"{SEED}); median of {RUNS} runs.", "",
        "| what | result |", "|---|---|",
        f"| `bbvalues scan --to {TARGET} -o json DIR`, one process, wall time (goal < {GOAL_SECONDS:.0f} s on 2 "
        f"cores) | **{median_wall:.1f} s** ({verdict(median_wall < GOAL_SECONDS)}); runs: "
        + ", ".join(f"{wall:.1f} s" for wall in walls) + " |",
        f"| CPU time of that process (one core used) | {statistics.median(cpu for _w, cpu, _s in runs):.1f} s |",
        f"| `bbvalues scan --jobs 2 ...`, two worker processes, wall time (goal < {GOAL_SECONDS / 2:.0f} s, only if "
        f"one process misses {GOAL_SECONDS:.0f} s) | **{median_parallel:.1f} s** ({parallel_verdict}); runs: "
        + ", ".join(f"{wall:.1f} s" for wall, _cpu, _summary in parallel) + " |",
        f"| per environment | {median_wall / ENVIRONMENTS * 1000:.1f} ms |",
        f"| the same scan as a library call (`bbvalues.scan.scan`) | {library:.1f} s |",
        f"| peak RSS | {peak_mb:.0f} MB |",
        f"| CPU per environment, by step (one call at a time, collector on) | {sum(breakdown.values()):.1f} ms: "
        + ", ".join(f"{step} {ms:.1f}" for step, ms in breakdown.items()) + " |",
        f"| environments found, by mode | {summary['environments']:,}: "
        + ", ".join(f"{count} {mode}" for mode, count in sorted(modes.items()))
        + f"; {summary['with_changes']} need changes for {TARGET} |",
    ]
    write_section("bench_scan", ["## A fleet through `bbvalues scan`, one process (bench/bench_scan.py)", "",
                                 *rows])


if __name__ == "__main__":
    main()
