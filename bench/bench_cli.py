"""Benchmark: what one command-line call costs, as a ratio to the cost of its job done without bbvalues.

Goals (issue 14, items 1 and 2):
  - `bbvalues migrate --check` and `bbvalues detect` on tests-test-values.yaml (2,349 lines): at most
    2x `python -c "import yaml; yaml.load(open(F), Loader=yaml.CSafeLoader)"`;
  - `bbvalues --version`: at most 1.5x `python -c pass`; `bbvalues --help`: at most 2x;
  - `bbvalues netpol expand`, per bb-common conformance case: at most 0.5x `helm template REL
    <bb-common 0.14.1 chart> -n NS -f values.yaml` of the real chart.

bbvalues runs as users get it: `pip install` (not editable) into a fresh virtual environment, which
byte-compiles every module, and the `bbvalues` command it installs (scripts/bbvalues). Each ratio comes from one
run: the two commands of a pair run in turns (one of each per round), so a burst of other work on a
shared machine falls on both alike; the ratio given is the median of the per-round ratios, beside the
ratio of the fastest runs. Instructions executed (valgrind, when installed) are the same on a busy
machine and give a second, steadier ratio.

Needs the research kit beside the checkout (../shared: the test values and the bb-common cases), helm
(`tools/install-helm`), and the bb-common 0.14.1 chart: `--bbcommon-chart PATH` or $BBVALUES_BBCOMMON_CHART
(the chart ships as chart/charts/bb-common-0.14.1.tgz in the DoD-Platform-One/monitoring repository; it
is not part of bbvalues). Without the chart or helm, the netpol rows say so.

Run: .venv/bin/python bench/bench_cli.py [--venv DIR] [--bbcommon-chart PATH]   (writes its section of
docs/benchmarks.md; --venv reuses an environment where bbvalues is already installed from this checkout)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*

from bench.common import ROOT, SHARED, Installed, install, machine, verdict, write_section  # noqa: E402

ROUNDS = 21
NETPOL_ROUNDS = 7
NETPOL_CASES = 15
TEST_VALUES = SHARED / "corpus" / "realworld" / "bigbang" / "tests-test-values.yaml"
BBCOMMON_CASES = SHARED / "conformance" / "bbcommon"
CHART_VARIABLE = "BBVALUES_BBCOMMON_CHART"
# migrate --check, each step its own process: the differences are what each piece adds
_LOAD_YAML = "import yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)"
_IMPORT_PYYAML = "import bbvalues.documents.pyyaml"  # as bbvalues imports it: the least a call of it costs
STARTUP_STEPS = [
    ("the interpreter (`python -c pass`)", "pass"),
    ("+ PyYAML as bbvalues imports it (`bbvalues.documents.pyyaml`: libyaml's parser, without `re`)",
     "import bbvalues.documents.pyyaml"),
    ("+ the library `migrate --check` imports", "import bbvalues.cli.migrate, bbvalues.migrate.planner, "
                                                  "bbvalues.documents.inputs, bbvalues.bigbang.releases"),
    ("= `migrate --check`, in full", "from bbvalues.cli import run; run(['migrate', '--check', '-q', '--to', "
                                     "'ambient-gateway', '--bigbang-version', '3.29.0', sys.argv[1]])"),
]


def paired(first: list[str], second: list[str], rounds: int) -> tuple[float, float, float, float]:
    """Median wall time of each, the median of the per-round ratios second/first, and the ratio of the fastest."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for samples, command in zip(times, (first, second)):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            samples.append(time.perf_counter() - start)
    ratios = [b / a for a, b in zip(*times)]
    return (statistics.median(times[0]), statistics.median(times[1]), statistics.median(ratios),
            min(times[1]) / min(times[0]))


def instructions(command: list[str]) -> int | None:
    """Instructions a command executes (valgrind's count), or None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    report = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                             *command], capture_output=True, text=True).stderr
    return int(re.search(r"I\s+refs:\s+([\d,]+)", report).group(1).replace(",", ""))


def row(label: str, reference: list[str], command: list[str], goal: float, rounds: int = ROUNDS) -> str:
    ref_seconds, seconds, ratio, fastest = paired(reference, command, rounds)
    counted = [instructions(reference), instructions(command)]
    by_count = f"{counted[1] / counted[0]:.2f}x ({counted[1] / 1e6:.0f} M / {counted[0] / 1e6:.0f} M)" \
        if None not in counted else "-"
    return (f"| {label} | {seconds * 1000:.0f} ms / {ref_seconds * 1000:.0f} ms | **{ratio:.2f}x** "
            f"(fastest {fastest:.2f}x) | {by_count} | <= {goal}x ({verdict(ratio <= goal)}) |")


def netpol_cases() -> list[tuple[Path, str, str]]:
    """A spread of the conformance cases that render (the rejected ones make helm stop early), with their
    release name and namespace."""
    found = []
    for group in ("unittests", "quirks", "generated"):
        for case in sorted(path for path in (BBCOMMON_CASES / group).iterdir() if path.is_dir()):
            meta = dict(line.split(": ", 1) for line in (case / "meta.txt").read_text().splitlines() if ": " in line)
            if meta.get("result", "").startswith("ok"):
                found.append((case, meta["release_name"], meta["release_namespace"]))
    return found[:: max(1, len(found) // NETPOL_CASES)][:NETPOL_CASES]


def netpol_rows(installed: Installed, chart: str | None, helm: str | None) -> list[str]:
    if chart is None or helm is None:
        missing = "the bb-common chart (--bbcommon-chart or $" + CHART_VARIABLE + ")" if chart is None else "helm"
        return [f"`netpol expand` against `helm template`: not measured, {missing} is not available here."]
    ratios, floors, lines = [], [], []
    for case, release, namespace in netpol_cases():
        values = str(case / "values.yaml")
        render = [helm, "template", release, chart, "-n", namespace, "-f", values]
        helm_seconds, seconds, ratio, fastest = paired(
            render, installed.bbvalues("netpol", "expand", "--release", release, "-n", namespace, values),
            NETPOL_ROUNDS)
        floor = paired(render, installed.code(_IMPORT_PYYAML), NETPOL_ROUNDS)[2]
        ratios.append(ratio)
        floors.append(floor)
        lines.append(f"| {case.parent.name}/{case.name} | {seconds * 1000:.0f} ms / {helm_seconds * 1000:.0f} ms | "
                     f"{ratio:.2f}x (fastest {fastest:.2f}x) | {floor:.2f}x |")
    version = subprocess.run([helm, "version", "--short"], capture_output=True, text=True).stdout.strip()
    return [f"`bbvalues netpol expand --release REL -n NS values.yaml` against `helm template REL "
            f"bb-common-0.14.1.tgz -n NS -f values.yaml` ({version}), per case: median of {NETPOL_ROUNDS} paired "
            f"rounds each, over {len(ratios)} cases spread over the groups that render. Median of the per-case "
            f"ratios **{statistics.median(ratios):.2f}x**, highest {max(ratios):.2f}x; goal <= 0.5x "
            f"({verdict(max(ratios) <= 0.5)}). The last column is the floor of any call of bbvalues: the interpreter "
            f"starting and importing PyYAML as bbvalues does (`{_IMPORT_PYYAML}`), against the same helm run "
            f"(median {statistics.median(floors):.2f}x).", "",
            "| case | bbvalues / helm | ratio | the interpreter and PyYAML / helm |", "|---|---|---|---|", *lines]


def breakdown(installed: Installed) -> list[str]:
    counted = shutil.which("valgrind") is not None
    lines = ["Where `migrate --check` on tests-test-values.yaml spends its instructions (each step its own "
             "process, so the differences are what each piece adds):" if counted else
             "valgrind is not installed: no breakdown of instructions.", ""]
    if counted:
        lines += ["| step | instructions |", "|---|---|"]
        lines += [f"| {label} | {instructions(installed.code(code, str(TEST_VALUES))) / 1e6:.0f} M |"
                  for label, code in STARTUP_STEPS]
    return lines


def helm_binary() -> str | None:
    local = ROOT / ".tools" / "bin" / "helm"  # where tools/install-helm puts it
    return shutil.which("helm") or (str(local) if local.exists() else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, help="a virtual environment where bbvalues is installed (not editable)")
    parser.add_argument("--bbcommon-chart", default=os.environ.get(CHART_VARIABLE),
                        help=f"the bb-common 0.14.1 chart (.tgz or directory); default ${CHART_VARIABLE}")
    options = parser.parse_args()
    if not TEST_VALUES.exists():
        sys.exit(f"{TEST_VALUES} is missing: this benchmark needs the research kit beside the checkout (../shared)")
    where = machine()  # before the work: the load average is then the machine's, not ours
    with tempfile.TemporaryDirectory(prefix="bbvalues-bench-") as scratch:
        installed = install(options.venv, Path(scratch))
        os.chdir(scratch)  # not the checkout: `python -c` there would import bbvalues from its sources
        values = str(TEST_VALUES)
        check = ["migrate", "--check", "--to", "ambient-gateway", "--bigbang-version", "3.29.0", values]
        lines = [
            "## Start-up: one call against the cost of its job (bench/bench_cli.py)", "",
            f"Machine: {where}. bbvalues installed with pip (not editable, byte-compiled) and run through the "
            f"`bbvalues` command it installs. Wall clock of each pair in {ROUNDS} interleaved rounds: median of each "
            "command / its reference, the median of the per-round ratios (the goal's measure) and the ratio of "
            "the fastest runs; instructions executed (valgrind), which other work on the machine does not change.",
            "",
            "| call | bbvalues / reference | ratio | instructions | goal |", "|---|---|---|---|---|",
            row("`migrate --check` tests-test-values.yaml / PyYAML's C loader on it", installed.code(_LOAD_YAML, values),
                installed.bbvalues(*check), 2.0),
            row("`detect` tests-test-values.yaml / PyYAML's C loader on it", installed.code(_LOAD_YAML, values),
                installed.bbvalues("detect", "--bigbang-version", "3.29.0", values), 2.0),
            row("`--version` / `python -c pass`", installed.code("pass"), installed.bbvalues("--version"), 1.5),
            row("`--help` / `python -c pass`", installed.code("pass"), installed.bbvalues("--help"), 2.0),
            "", *netpol_rows(installed, options.bbcommon_chart, helm_binary()), "", *breakdown(installed)]
    write_section("bench_cli", lines)


if __name__ == "__main__":
    main()
