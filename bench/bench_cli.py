"""Benchmark: CLI start-up and migration speed/memory on real values files.

Targets (what we hold ourselves to, on the 2-core reference machine):
  - `bbvalues --version` < 60 ms, `bbvalues --help` < 400 ms (start-up is what users feel);
  - `migrate` on the largest real values file (bigbang tests/test-values.yaml, 74 kB) < 1.5 s and < 100 MB RSS.

Run: .venv/bin/python bench/bench_cli.py   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "realworld" / "bigbang"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench_cli:begin -->", "<!-- bench_cli:end -->"
RUNS = 7


_MEASURE_RSS = ("import resource, runpy, sys\n"
                "sys.argv = ['bbvalues', *sys.argv[1:]]\n"
                "try:\n    runpy.run_module('bbvalues', run_name='__main__')\n"
                "except SystemExit:\n    pass\n"
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")


def timed(args: list[str]) -> tuple[float, float]:
    """Median wall seconds over RUNS, and the peak RSS in MB of one more run of the same command."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bbvalues", *args], cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    probe = subprocess.run([sys.executable, "-c", _MEASURE_RSS, *args], cwd=ROOT, capture_output=True, text=True)
    peak_mb = int(probe.stderr.strip().splitlines()[-1]) / 1024
    return statistics.median(times), peak_mb


def main() -> None:
    python_only, _ = timed(["--version"])
    largest = CORPUS / "tests-test-values.yaml"
    rows = [
        ("`bbvalues --version`", ["--version"], 0.060),
        ("`bbvalues --help`", ["--help"], 0.400),
        ("`bbvalues migrate --help`", ["migrate", "--help"], 0.400),
        ("`migrate --to ambient-gateway` profile 3.30-sidecar", ["migrate", "--to", "ambient-gateway",
                                                                 "--bigbang-version", "3.30.0", "profiles/3.30-sidecar.yaml"], 1.5),
        (f"`migrate --to ambient-gateway` {largest.name} (74 kB)", ["migrate", "--to", "ambient-gateway",
                                                                   "--bigbang-version", "3.30.0", str(largest)], 1.5),
        (f"`detect -o json` {largest.name}", ["detect", "-o", "json", "--bigbang-version", "3.30.0", str(largest)], 1.5),
    ]
    lines = [BEGIN, "## CLI start-up and migration (bench/bench_cli.py)", "",
             f"Median of {RUNS} runs, wall clock, including interpreter start; peak RSS of one run. "
             f"Python {sys.version.split()[0]}.", "",
             "| command | median | target | peak RSS |", "|---|---|---|---|"]
    for label, args, target in rows:
        seconds, peak = timed(args)
        verdict = "ok" if seconds <= target else "MISSED"
        lines.append(f"| {label} | {seconds * 1000:.0f} ms | < {target * 1000:.0f} ms ({verdict}) | {peak:.0f} MB |")
    lines += ["", f"For scale: `python -m bbvalues --version` alone is {python_only * 1000:.0f} ms "
              "(the version is answered before any library is imported).", END]
    section = "\n".join(lines) + "\n"
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\nMeasured by the scripts in `bench/`.\n\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n?", re.S)
    text = pattern.sub(lambda _m: section, text) if BEGIN in text else text.rstrip("\n") + "\n\n" + section
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)
    print(section)


if __name__ == "__main__":
    main()
