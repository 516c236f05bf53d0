"""Benchmark: bb-common shorthand expansion (bbvalues.netpol) over every conformance case.

What is measured:
  1. In one process, expanding all 432 conformance cases (rendering + YAML writing), median of
     RUNS passes; reading the values files is timed separately.
  2. Per case from the command line: `bbvalues netpol expand` as a user runs it (interpreter start
     included), median over a sample of cases.
  3. `helm template` per case, when helm is installed (/work/shared/tools/install-helm), of an
     equivalent *trivial* chart (one template that prints one NetworkPolicy from the same values
     file): a lower bound for what `helm template` with bb-common costs (process start, chart
     loading, values parsing and one render, without bb-common's O(n^2) template work). bb-common's
     own chart may not be committed; bench/bench_cli.py renders it per case when
     $BBVALUES_BBCOMMON_CHART names it (the Start-up section).

Goal (issue): expanding all conformance cases in one process takes under 1 s; per case, the
command line is compared with `helm template`.

Run: .venv/bin/python bench/bench_netpol.py   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*, bbvalues

from bench.common import ROOT, machine, verdict, write_section  # noqa: E402


from bbvalues.documents.inputs import load_inputs  # noqa: E402
from bbvalues.netpol import NetpolError, dump_manifests, expand  # noqa: E402

CONFORMANCE = ROOT.parent / "shared" / "conformance" / "bbcommon"
RUNS = 5
GOAL_SECONDS = 1.0
CLI_SAMPLE = 15
HELM_SAMPLE = 15

TRIVIAL_TEMPLATE = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .Release.Name }}-trivial
  namespace: {{ .Release.Namespace }}
spec:
  podSelector: {}
  policyTypes: [Ingress]
"""
CLI = "import sys\nfrom bbvalues.cli import run\nsys.exit(run(['netpol', *sys.argv[1:]]))\n"


def cases() -> list[tuple[Path, dict]]:
    found = []
    for group in ("unittests", "quirks", "generated", "generated-errors"):
        for case in sorted((CONFORMANCE / group).iterdir()):
            if case.is_dir():
                meta = dict(line.split(": ", 1) for line in (case / "meta.txt").read_text().splitlines() if ": " in line)
                found.append((case, meta))
    return found


def expand_all(loaded: list[tuple[dict, dict]]) -> tuple[int, int]:
    documents = rejected = 0
    for values, meta in loaded:
        try:
            rendered = expand(values, release_name=meta["release_name"], namespace=meta["release_namespace"],
                              templates=[t.strip() for t in meta["templates"].split(",")])
        except NetpolError:
            rejected += 1
            continue
        dump_manifests(rendered)
        documents += len(rendered)
    return documents, rejected


def median_run(command: list[str]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def helm_binary() -> str | None:
    return shutil.which("helm") or next((str(p) for p in [ROOT / ".tools" / "bin" / "helm"] if p.exists()), None)


def main() -> None:
    where = machine()  # before the work: the load average is then the machine's, not ours
    all_cases = cases()
    start = time.perf_counter()
    loaded = [(load_inputs([str(case / "values.yaml")]).sources[0].values, meta) for case, meta in all_cases]
    read_seconds = time.perf_counter() - start

    passes = []
    for _ in range(RUNS):
        start = time.perf_counter()
        documents, rejected = expand_all(loaded)
        passes.append(time.perf_counter() - start)
    total = statistics.median(passes)

    per_case = []
    for (case, meta), (values, _) in zip(all_cases, loaded):
        start = time.perf_counter()
        try:
            expand(values, release_name=meta["release_name"], namespace=meta["release_namespace"],
                   templates=[t.strip() for t in meta["templates"].split(",")])
        except NetpolError:
            pass
        per_case.append((time.perf_counter() - start, f"{case.parent.name}/{case.name}"))
    slowest = sorted(per_case, reverse=True)[:3]

    big_range = {"istio": {"enabled": True, "authorizationPolicies": {"enabled": True, "generateFromNetpol": True}},
                 "networkPolicies": {"enabled": True, "ingress": {"to": {"app:1-65535": {"from": {"k8s": {"ns": True}}}}},
                                     "egress": {"from": {"app": {"to": {"cidr": {"10.0.0.0/8:1-65535": True}}}}}}}
    start = time.perf_counter()
    dump_manifests(expand(big_range))
    big_range_seconds = time.perf_counter() - start

    sample = [case for case, meta in all_cases if meta["templates"] == "templates/network-policies/render.yaml"]
    sample = sample[:: max(1, len(sample) // CLI_SAMPLE)][:CLI_SAMPLE]
    cli_times = [median_run([sys.executable, "-c", CLI, "expand", str(case / "values.yaml")]) for case in sample]

    helm = helm_binary()
    helm_line = "helm is not installed here: not measured (run /work/shared/tools/install-helm, then this script)."
    if helm:
        version = subprocess.run([helm, "version", "--short"], capture_output=True, text=True).stdout.strip()
        with tempfile.TemporaryDirectory() as tmp:
            chart = Path(tmp) / "trivial"
            (chart / "templates").mkdir(parents=True)
            (chart / "Chart.yaml").write_text("apiVersion: v2\nname: trivial\nversion: 0.1.0\ntype: application\n")
            (chart / "templates" / "netpol.yaml").write_text(TRIVIAL_TEMPLATE)
            helm_times = [median_run([helm, "template", "rel", str(chart), "-n", "ns", "-f", str(case / "values.yaml")])
                          for case in sample[:HELM_SAMPLE]]
        helm_line = (f"`helm template` of a trivial one-template chart with the case's values ({version}), median "
                     f"per case over {len(helm_times)} cases: **{statistics.median(helm_times) * 1000:.0f} ms**. "
                     "This is a lower bound for helm with bb-common: bb-common's own template time (which the docs "
                     "put at ~40 s for a `1-65535` range) is not included. The Start-up section compares each call "
                     "with `helm template` of the real bb-common chart.")

    helm_median = statistics.median(helm_times) if helm else None
    cli_median = statistics.median(cli_times)
    versus_helm = (f"; `helm template` of the trivial chart: **{helm_median * 1000:.0f} ms** per case, so the "
                   f"shell command costs {cli_median / helm_median:.1f}x a helm run that does no bb-common work"
                   if helm_median else "")
    lines = [
        "## bb-common shorthand expansion (bench/bench_netpol.py)", "",
        f"Machine: {where}. Median of {RUNS} passes.", "",
        "| what | time |", "|---|---|",
        f"| read all {len(all_cases)} conformance values files (Helm-faithful YAML reader) | {read_seconds * 1000:.0f} ms |",
        f"| expand all {len(all_cases)} cases in one process ({documents} documents written, {rejected} rejected; "
        f"goal < {GOAL_SECONDS * 1000:.0f} ms) | **{total * 1000:.0f} ms** ({total / len(all_cases) * 1000:.2f} ms per "
        f"case; {verdict(total < GOAL_SECONDS)}) |",
        f"| read and expand all {len(all_cases)} cases | {(read_seconds + total) * 1000:.0f} ms |",
        f"| slowest single cases | {', '.join(f'{name} {seconds * 1000:.1f} ms' for seconds, name in slowest)} |",
        f"| a `1-65535` range on an ingress key (authorization ports expanded) and on an egress CIDR (65535 port "
        f"entries), rendered and written | {big_range_seconds * 1000:.0f} ms (bb-common: ~40 s in helm, per its docs) |",
        f"| `bbvalues netpol expand FILE` from the shell, interpreter start included (median of {len(cli_times)} "
        f"cases) | **{cli_median * 1000:.0f} ms** per case{versus_helm} |",
        "", helm_line, "",
    ]
    write_section("bench_netpol", lines)


if __name__ == "__main__":
    main()
