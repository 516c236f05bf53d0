"""Benchmark: CLI start-up and migration speed/memory on real values files.

Goals:
  - `bbvalues --version` <= 100 ms (issue: start-up is what users feel; it is answered before
    any library is imported);
  - `migrate --check` on a small file <= 110 ms, so that 1,000 environments pass on 2 cores in
    under 60 s (bench_fleet.py measures that directly);
  - `--help` < 400 ms; `migrate` on the largest real values file (bigbang tests/test-values.yaml,
    74 kB) < 1.5 s and < 100 MB RSS.
A breakdown of `migrate --check` start-up follows: each step is its own process, so the differences
are what each import adds. bbvalues is byte-compiled first, as pip does at install.

Run: .venv/bin/python bench/bench_cli.py   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*, bbvalues

from bench.common import (  # noqa: E402
    ROOT, SHARED, bbvalues, compile_package, machine, median_seconds, verdict, write_section,
)

RUNS = 15
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
_MIGRATE_BUILT = "import typer.main; from bbvalues.cli import app; typer.main.get_command(app).commands['migrate']"
_CHECK_IMPORTS = ("import bbvalues.documents.inputs, bbvalues.bigbang.releases, bbvalues.migrate.planner, "
                  "bbvalues.report.redact")
STARTUP_STEPS = [  # each step is the previous one plus one more piece
    ("the interpreter (`python -c pass`)", "pass"),
    (f"+ Typer {version('typer')} (`import typer`; 0.29 adds pydantic, see above)", "import typer"),
    ("+ `bbvalues.cli` with the `migrate` command built (the other commands are built only when used)",
     _MIGRATE_BUILT),
    ("+ PyYAML with libyaml (`import yaml`, which compiles its regular expressions)", f"{_MIGRATE_BUILT}; import yaml"),
    ("+ the library modules `migrate --check` runs (reader, release table, planner)",
     f"{_MIGRATE_BUILT}; {_CHECK_IMPORTS}"),
    ("= `migrate --check` on the small file, in full", "from bbvalues.cli import run; " + _CHECK),
]


def peak_rss_mb(args: list[str]) -> float:
    probe = subprocess.run([sys.executable, "-c", _MEASURE_RSS, *args], cwd=ROOT, capture_output=True, text=True)
    return int(probe.stderr.strip().splitlines()[-1]) / 1024


def interleaved_seconds(commands: list[list[str]], runs: int, check: bool) -> list[list[float]]:
    """Wall times of each command line, run in turns (one of each per round): a burst of other work on a
    shared machine then falls on every command alike instead of on one row. `check`: fail on an error exit."""
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for times, args in zip(samples, commands):
            start = time.perf_counter()
            subprocess.run(args, cwd=ROOT, capture_output=True, check=check)
            times.append(time.perf_counter() - start)
    return samples


def main() -> None:
    where = machine()  # before the work: the load average is then the machine's, not ours
    compile_package()
    lines = ["## CLI start-up and migration (bench/bench_cli.py)", "",
             f"Machine: {where}. Wall clock including interpreter start: the median of {RUNS} runs, taken in "
             "turns with the other rows, and the fastest run (the least disturbed by other work); peak RSS of "
             "one more run.", "",
             "| command | median (fastest) | goal | peak RSS |", "|---|---|---|---|"]
    samples = interleaved_seconds([bbvalues(*args) for _label, args, _goal in ROWS], RUNS, check=False)
    for (label, args, goal), times in zip(ROWS, samples):
        seconds = statistics.median(times)
        lines.append(f"| {label} | {seconds * 1000:.0f} ms ({min(times) * 1000:.0f} ms) | <= {goal * 1000:.0f} ms "
                     f"({verdict(seconds <= goal)}) | {peak_rss_mb(args):.0f} MB |")
    counted = shutil.which("valgrind") is not None
    lines += ["", f"Where `migrate --check` on a small file spends its start-up (each step its own process; "
              f"median of {RUNS} in turns, and the fastest"
              + ("; and the instructions it executes, counted by valgrind: the same on a busy machine" if counted
                 else "; valgrind, which counts instructions, is not installed") + "):", "",
              "| step | process wall | instructions |", "|---|---|---|"]
    # check: a step that fails to import would time a crash
    samples = interleaved_seconds([[sys.executable, "-c", code] for _label, code in STARTUP_STEPS], RUNS, check=True)
    for (label, code), times in zip(STARTUP_STEPS, samples):
        count = f"{instructions([sys.executable, '-c', code]) / 1e6:.0f} M" if counted else "-"
        lines.append(f"| {label} | {statistics.median(times) * 1000:.0f} ms ({min(times) * 1000:.0f} ms) | {count} |")
    lines += ["", *release_table_rows()]
    write_section("bench_cli", lines)


def instructions(command: list[str]) -> int:
    """Instructions a command executes (valgrind's count, at about 50 times the run time)."""
    report = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                             *command], cwd=ROOT, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"I\s+refs:\s+([\d,]+)", report).group(1).replace(",", ""))


def release_table_rows() -> list[str]:
    """Every call needs the release table: what reading it costs, and what parsing releases.yaml would."""
    from bbvalues.bigbang import releases

    text = releases.TABLE_FILE.read_text(encoding="utf-8")
    compiled = median_seconds(releases.table_data, RUNS * 3)
    parsed = median_seconds(lambda: releases.parse_table(text), RUNS * 3)
    return [f"The release table each call reads (in one process, median of {RUNS * 3}):", "",
            "| how | time |", "|---|---|",
            f"| from releases.json, the compiled copy (what a call does) | {compiled * 1000:.1f} ms |",
            f"| parsing releases.yaml with the values reader (when the copy is stale) | {parsed * 1000:.1f} ms |"]


if __name__ == "__main__":
    main()
