"""Benchmark: a fleet of 1,000 generated environments through `bbvalues migrate --check`, two at a time.

Goal (issue): 1,000 environment files through `migrate --check` in under 60 s on 2 cores, peak
memory reported. That is a CI job checking every environment of a GitOps repository before a
mode change.

The environments are generated (seeded, so every run checks the same files) from the bundled
profiles: Big Bang 3.29 or 3.30, in any of the three modes, with optional packages switched on or
off, SSO per package, per-environment domains, resources, extra gateways and labels, in four
layouts a GitOps repository uses: one values file; a shared base plus an environment file (`-f a
-f b`); a Flux HelmRelease with ConfigMaps whose `values.yaml: |` blocks hold the values; and a
HelmRelease with a Secret (`stringData`). Each gets a random target mode.

bbvalues runs as users get it: installed with pip (not editable) in a new virtual environment, through
the `bbvalues` command it installs. Measured: RUNS passes over all files with 2 parallel workers (wall
time of each pass; the median is reported), the median wall time per call, the exit codes, and the peak
RSS of the largest call (each call's own rusage, from wait4). For scale, the same checks as library
calls in one process show what the command line adds (interpreter, Typer and import start-up per call).

Run: .venv/bin/python bench/bench_fleet.py   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*, bbvalues

from bench.common import ROOT, install, machine, verdict, write_section  # noqa: E402


from bbvalues.bigbang.releases import select_release  # noqa: E402
from bbvalues.documents.inputs import load_inputs  # noqa: E402
from bbvalues.helm.merge import merge_values  # noqa: E402
from bbvalues.migrate.planner import MigrationOptions, plan_migration  # noqa: E402

ENVIRONMENTS = 1000
WORKERS = 2
RUNS = 3
SEED = 20260
GOAL_SECONDS = 60.0
MODES = ("sidecar", "ambient-waypoint", "ambient-gateway")
VERSIONS = ("3.29.0", "3.30.0")
LAYOUTS = ("values-file", "base-and-environment", "flux-configmaps", "flux-secret")
OPTIONAL_PACKAGES = {  # umbrella key -> a values tweak an environment might carry
    "grafana": {"replicas": 2},
    "tempo": {"resources": {"requests": {"cpu": "250m", "memory": "512Mi"}}},
    "loki": {"monolith": {"persistence": {"size": "20Gi"}}},
    "alloy": {"alloyLogs": {"enabled": True}},
    "addons.kiali": {"cr": {"spec": {"auth": {"strategy": "openid"}}}},
    "addons.keycloak": {"replicas": 2},
}


# -- the generator ----------------------------------------------------------------------------------

def profile(version: str, mode: str) -> dict:
    return yaml.safe_load((ROOT / "profiles" / f"{version[:4]}-{mode}.yaml").read_text())


def set_path(values: dict, dotted: str, value) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        values = values.setdefault(key, {})
    values[last] = value


def environment_values(rng: random.Random, name: str, version: str) -> tuple[dict, dict]:
    """(shared base, this environment's values) for one environment."""
    base = profile(version, rng.choice(MODES))
    env: dict = {"domain": f"{name}.{rng.choice(['army', 'navy', 'af', 'sf'])}.bigbang.mil"}
    for package, tweak in OPTIONAL_PACKAGES.items():
        if rng.random() < 0.4:
            set_path(env, f"{package}.enabled", rng.random() < 0.8)
            if rng.random() < 0.5:
                set_path(env, f"{package}.values", tweak)
    if rng.random() < 0.5:
        set_path(env, "monitoring.sso.enabled", rng.random() < 0.7)
    if rng.random() < 0.3:
        set_path(env, "addons.thanos.enabled", True)
        set_path(env, "addons.thanos.sso.enabled", rng.random() < 0.5)
    if rng.random() < 0.3:
        set_path(env, "istioGateway.values.gateways.private.upstream.labels", {"team": name, "tier": "internal"})
    if rng.random() < 0.3:
        set_path(env, "monitoring.values.prometheus.prometheusSpec.resources.requests.memory",
                 f"{rng.choice([2, 4, 8])}Gi")
    return base, env


def dump(values: dict) -> str:
    return yaml.safe_dump(values, sort_keys=False, default_flow_style=False)


def block(text: str, indent: int = 4) -> str:
    return "".join(" " * indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def helm_release(version: str, entries: list[tuple[str, str]]) -> str:
    values_from = "".join(f"    - kind: {kind}\n      name: {name}\n      valuesKey: values.yaml\n"
                          for kind, name in entries)
    return ("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bigbang\n"
            f"  namespace: bigbang\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: bigbang\n"
            f"      version: {version}\n      sourceRef:\n        kind: HelmRepository\n        name: registry1\n"
            f"  valuesFrom:\n{values_from}")


def embedded(kind: str, name: str, values: dict) -> str:
    field = "data" if kind == "ConfigMap" else "stringData"
    return (f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: bigbang\n"
            f"{field}:\n  values.yaml: |\n{block(dump(values))}")


def write_environment(rng: random.Random, directory: Path, index: int) -> tuple[str, list[str]]:
    """Write one environment; returns its layout and the `migrate --check` arguments that check it."""
    name = f"env{index:04d}"
    version = rng.choice(VERSIONS)
    base, env = environment_values(rng, name, version)
    layout = rng.choice(LAYOUTS)
    target = ["--to", rng.choice(MODES)]
    header = f"# {name}: generated by bench/bench_fleet.py ({layout})\n"
    if layout == "values-file":
        merged = directory / f"{name}.yaml"
        merged.write_text(header + dump(merge_values([base, env])))
        return layout, [*target, "--bigbang-version", version, str(merged)]
    if layout == "base-and-environment":
        shared, own = directory / f"{name}-base.yaml", directory / f"{name}.yaml"
        shared.write_text(header + dump(base))
        own.write_text(header + dump(env))
        return layout, [*target, "--bigbang-version", version, str(shared), str(own)]
    kind = "ConfigMap" if layout == "flux-configmaps" else "Secret"
    manifest = directory / f"{name}-flux.yaml"
    manifest.write_text(header + "---\n".join([
        helm_release(version, [("ConfigMap", "common"), (kind, f"{name}-values")]),
        embedded("ConfigMap", "common", base),
        embedded(kind, f"{name}-values", env),
    ]))
    return layout, [*target, str(manifest)]


def generate(directory: Path) -> list[tuple[str, list[str]]]:
    rng = random.Random(SEED)
    return [write_environment(rng, directory, index) for index in range(ENVIRONMENTS)]


# -- the measurement ---------------------------------------------------------------------------------

def timed(command: list[str]) -> tuple[float, int, int]:
    """Wall time, exit code and peak resident kB of one call (its own: the install's pip is a child too)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, process.returncode, usage.ru_maxrss


def one_pass(commands: list[list[str]]) -> tuple[float, list[float], Counter, float, int]:
    """Wall time, per-call times, exit codes, the CPU seconds other work on the machine took meanwhile, and
    the peak resident kB of the largest call."""
    busy, ours = machine_busy_seconds(), our_cpu_seconds()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(timed, commands))
    wall = time.perf_counter() - start
    others = (machine_busy_seconds() - busy) - (our_cpu_seconds() - ours)
    return (wall, [seconds for seconds, _, _ in results], Counter(code for _, code, _ in results), max(others, 0.0),
            max(peak for _, _, peak in results))


def machine_busy_seconds() -> float:
    """CPU seconds all cores have been busy since boot, hypervisor steal included (/proc/stat)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def our_cpu_seconds() -> float:
    """CPU seconds this script and the calls it ran have used."""
    usages = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return sum(usage.ru_utime + usage.ru_stime for usage in usages)


def library_check(args: list[str]) -> bool:
    """`migrate --check` as library calls: read, select the release, plan; the answer is `has_work`."""
    target, rest = args[1], args[2:]
    flag = rest[1] if rest[0] == "--bigbang-version" else None
    files = rest[2:] if flag else rest
    inputs = load_inputs(files)
    release_info = inputs.helm_release
    release = select_release(flag, release_info.chart_version if release_info else None,
                             release_info.origin if release_info else None)
    return plan_migration(inputs, MigrationOptions(target), release).has_work


def main() -> None:
    where = machine()  # before the work: the load average is then the machine's, not ours
    with tempfile.TemporaryDirectory() as tmp:
        installed = install(None, Path(tmp))
        generated = generate(Path(tmp))
        layouts = Counter(layout for layout, _args in generated)
        commands = [args for _layout, args in generated]
        checks = [installed.bbvalues("migrate", "--check", *args) for args in commands]
        passes = [one_pass(checks) for _ in range(RUNS)]
        # For scale: what the machine charges for starting the interpreter alone, the same way.
        bare_wall, bare_times, _, _, _ = one_pass([installed.code("pass")] * ENVIRONMENTS)
        library_seconds = time_library(commands)
    peak_mb = max(peak for *_, peak in passes) / 1024
    walls = sorted(wall for wall, *_ in passes)
    median_wall = statistics.median(walls)
    per_call = statistics.median(seconds for _, times, *_ in passes for seconds in times)
    codes = passes[0][2]
    others = ", ".join(f"{other / (wall * os.cpu_count()):.0%}" for wall, _, _, other, _ in passes)
    rows = [
        f"Machine: {where}. {ENVIRONMENTS:,} generated environments (seed {SEED}; layouts: "
        + ", ".join(f"{count} {layout}" for layout, count in sorted(layouts.items()))
        + f"), {WORKERS} parallel workers; median of {RUNS} passes.", "",
        "| what | result |", "|---|---|",
        f"| {ENVIRONMENTS:,} × `bbvalues migrate --check --to MODE ...`, wall time of a pass (goal < "
        f"{GOAL_SECONDS:.0f} s) | **{median_wall:.1f} s** ({verdict(median_wall < GOAL_SECONDS)}); passes: "
        + ", ".join(f"{wall:.1f} s" for wall, *_ in passes) + " |",
        f"| the machine's CPU that other work took during each pass (0% on a quiet machine) | {others} |",
        f"| one call, median over all {RUNS * ENVIRONMENTS:,} calls | {per_call * 1000:.0f} ms |",
        f"| for scale: {ENVIRONMENTS:,} × the bare interpreter (`python -c pass`), the same way, one pass | "
        f"{bare_wall:.1f} s ({statistics.median(bare_times) * 1000:.0f} ms per call) |",
        f"| peak RSS of the largest call | {peak_mb:.0f} MB |",
        "| exit codes (first pass) | " + ", ".join(f"{count} × {code}" for code, count in sorted(codes.items()))
        + " (0 nothing to do, 2 changes needed, 1 error) |",
        f"| the same {ENVIRONMENTS:,} checks as library calls in one process (read, select release, plan) | "
        f"{library_seconds:.1f} s |",
    ]
    write_section("bench_fleet", ["## A fleet of environments through `migrate --check` (bench/bench_fleet.py)",
                                  "", *rows])


def time_library(commands: list[list[str]]) -> float:
    start = time.perf_counter()
    for args in commands:
        library_check(args)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
