"""Benchmark: CLI start-up and migration speed/memory on real values files.

Goals:
  - `bbvalues --version` <= 100 ms (issue: start-up is what users feel; it is answered before
    any library is imported);
  - `migrate --check` on a small file <= 110 ms, so that 1,000 environments pass on 2 cores in
    under 60 s (bench_fleet.py measures that directly);
  - `--help` < 400 ms; `migrate` on the largest real values file (bigbang tests/test-values.yaml,
    74 kB) < 1.5 s and < 100 MB RSS.
A breakdown of `migrate --check` start-up follows: each step is its own process, so the differences
are what each import adds.

Run: .venv/bin/python bench/bench_cli.py   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*, bbvalues

from bench.common import ROOT, SHARED, bbvalues, command_seconds, machine, verdict, write_section  # noqa: E402

RUNS = 9
LARGEST = SHARED / "corpus" / "realworld" / "bigbang" / "tests-test-values.yaml"
SMALL = "profiles/3.30-sidecar.yaml"
_MEASURE_RSS = ("import resource, runpy, sys\n"
                "sys.argv = ['bbvalues', *sys.argv[1:]]\n"
                "try:\n    runpy.run_module('bbvalues', run_name='__main__')\n"
                "except SystemExit:\n    pass\n"
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
ROWS = [
    ("`bbvalues --version`", ["--version"], 0.100),
    ("`bbvalues --help`", ["--help"], 0.400),
    ("`bbvalues migrate --help`", ["migrate", "--help"], 0.400),
    (f"`migrate --check --to ambient-gateway` {SMALL}",
     ["migrate", "--check", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", SMALL], 0.110),
    (f"`migrate --to ambient-gateway` {SMALL}",
     ["migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", SMALL], 1.5),
    (f"`migrate --to ambient-gateway` {LARGEST.name} (74 kB)",
     ["migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", str(LARGEST)], 1.5),
    (f"`detect -o json` {LARGEST.name}", ["detect", "-o", "json", "--bigbang-version", "3.30.0", str(LARGEST)], 1.5),
]
_CHECK = "run(['migrate', '--check', '--to', 'ambient-gateway', '--bigbang-version', '3.30.0', " + repr(SMALL) + "])"
STARTUP_STEPS = [
    ("the interpreter (`python -c pass`)", "pass"),
    ("+ `import typer`", "import typer"),
    ("+ pydantic (Typer 0.2x converts every parameter through a pydantic TypeAdapter)",
     "import typer, typer._adapters"),
    ("+ `bbvalues.cli` (the commands, their options; no library yet)", "import typer._adapters, bbvalues.cli"),
    ("+ the library `migrate --check` imports (reader, libyaml, planner)",
     "import typer._adapters, bbvalues.cli, bbvalues.migrate.planner, bbvalues.documents.inputs"),
    ("= `migrate --check` on the small file, in full", "from bbvalues.cli import run; " + _CHECK),
]


def peak_rss_mb(args: list[str]) -> float:
    probe = subprocess.run([sys.executable, "-c", _MEASURE_RSS, *args], cwd=ROOT, capture_output=True, text=True)
    return int(probe.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    where = machine()  # before the work: the load average is then the machine's, not ours
    lines = ["## CLI start-up and migration (bench/bench_cli.py)", "",
             f"Machine: {where}. Median of {RUNS} runs, wall clock, including interpreter start; peak RSS of "
             "one more run.", "",
             "| command | median | goal | peak RSS |", "|---|---|---|---|"]
    for label, args, goal in ROWS:
        seconds = command_seconds(bbvalues(*args), RUNS)
        lines.append(f"| {label} | {seconds * 1000:.0f} ms | <= {goal * 1000:.0f} ms ({verdict(seconds <= goal)}) "
                     f"| {peak_rss_mb(args):.0f} MB |")
    lines += ["", f"Where `migrate --check` on a small file spends its start-up (median of {RUNS} processes each):",
              "", "| step | process wall |", "|---|---|"]
    for label, code in STARTUP_STEPS:
        seconds = command_seconds([sys.executable, "-c", code], RUNS)
        lines.append(f"| {label} | {seconds * 1000:.0f} ms |")
    write_section("bench_cli", lines)


if __name__ == "__main__":
    main()
