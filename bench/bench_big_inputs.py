"""Benchmark: big inputs, each command against libyaml's own load of the same file, measured in one run.

Goal (issue 14, item 3): from 1x to 256x bigbang's tests/test-values.yaml, and for a file made of
one scalar of 1 kB to 10 MB, `detect`, `migrate` (the overlay, and `--check`) and `migrate
--in-place` each take time linear in the input's size and at most 2x libyaml's own load, with peak
memory at most 10x the file's size beyond the interpreter's.

The inputs come from bench/big_inputs.py (N x the file: its packages N times, its other top-level
keys under N-1 new keys; one scalar: one plain line of letters and digits, and a literal block of
`key: value` lines). For each input, in turns, RUNS times (SMALL_INPUT_RUNS under 1 MB): the floor, a
process that only loads the file (`python -c "import yaml; yaml.load(open(F), Loader=yaml.CSafeLoader)"`, the
collector on, as anyone would write it), then each command as a process (bbvalues byte-compiled
first, as pip does at install). A command's ratio is the median over the runs of its time divided
by the floor's time in the same turn; start-up is part of it (small inputs are start-up's matter:
see the CLI start-up section). Peak memory is each process's own maximum resident set (VmHWM,
which it reports at exit: the kernel's ru_maxrss of a child also counts the parent's pages from
before exec) less the same command's on an empty values file: what the input costs beyond the
interpreter, the imports and start-up. Linearity: seconds per MB of each command from 16x up,
where start-up no longer counts, and the exponent k of time ~ size^k fitted over them.

Run: .venv/bin/python bench/bench_big_inputs.py [--values PATH] [--runs N] [--max-copies N]
     (writes its section of docs/benchmarks.md; about an hour on a 2-core machine)
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*, bbvalues

from bench.big_inputs import multiplied, one_scalar  # noqa: E402
from bench.common import ROOT, SHARED, compile_package, machine, verdict, write_section  # noqa: E402

TEST_VALUES = SHARED / "corpus" / "realworld" / "bigbang" / "tests-test-values.yaml"
COPIES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
SCALARS = [(size, "line") for size in (1_000, 10_000, 100_000, 1_000_000, 10_000_000)] + [
    (size, "block") for size in (1_000_000, 10_000_000)]
RUNS = 3
# Inputs under a megabyte take a second a turn at most, and their medians moved most from run to run
SMALL_INPUT, SMALL_INPUT_RUNS = 1_000_000, 7
GOAL_RATIO, GOAL_MEMORY = 2.0, 10.0
GOAL_EXPONENT = 1.15  # time ~ size^k fitted from 16x up: 1 is linear, 2 quadratic; a shared machine adds noise
LINEAR_FROM = 16  # copies: below it start-up is part of every number
# Each process writes its own peak resident memory (VmHWM) at exit: the kernel's ru_maxrss of a child
# also counts the parent's pages from before exec, here the bench's own big texts.
_PEAK_AT_EXIT = (
    "import atexit, os, sys\n"
    "def _peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        kb = next(line.split()[1] for line in status if line.startswith('VmHWM:'))\n"
    "    with open(os.environ['BENCH_PEAK_FILE'], 'w') as out:\n"
    "        out.write(kb)\n"
    "atexit.register(_peak)\n")
FLOOR = [sys.executable, "-c", _PEAK_AT_EXIT + "import yaml\n"
         "yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)\n"]
BBVALUES = [sys.executable, "-c", _PEAK_AT_EXIT + "import runpy\nsys.argv = ['bbvalues', *sys.argv[1:]]\n"
            "runpy.run_module('bbvalues', run_name='__main__', alter_sys=True)\n"]
MIGRATE = ["migrate", "--to", "ambient-gateway", "--bigbang-version", "3.29.0"]
COMMANDS = {  # name -> arguments before the file; in-place works on a fresh copy each time
    "detect": ["detect", "--bigbang-version", "3.29.0"],
    "migrate": MIGRATE,
    "migrate --check": [*MIGRATE, "--check"],
    "migrate --in-place": [*MIGRATE, "--in-place", "--no-backup"],
}


def timed(args: list[str], scratch: Path) -> tuple[float, int]:
    """Wall seconds and peak resident kB of one process."""
    peak_file = scratch / "peak-kb"
    start = time.perf_counter()
    code = subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, "BBVALUES_QUIET": "1", "BENCH_PEAK_FILE": str(peak_file)}).returncode
    seconds = time.perf_counter() - start
    if code not in (0, 2, 3):
        raise SystemExit(f"{' '.join(args[3:])} failed with exit code {code}")
    return seconds, int(peak_file.read_text())


def command_line(name: str, path: Path, scratch: Path) -> list[str]:
    if name == "migrate --in-place":
        copy = scratch / f"in-place-{path.name}"
        shutil.copyfile(path, copy)
        path = copy
    return [*BBVALUES, *COMMANDS[name], str(path)]


def measure(path: Path, scratch: Path, runs: int, baseline_kb: dict[str, int]) -> dict:
    """Per command: the median ratio to the floor, median seconds, and memory beyond start-up as a multiple
    of the file's size; the floor's median seconds."""
    size = path.stat().st_size
    runs = max(runs, SMALL_INPUT_RUNS) if size < SMALL_INPUT else runs
    floors, ratios, seconds, peaks = [], {name: [] for name in COMMANDS}, {name: [] for name in COMMANDS}, {}
    for _ in range(runs):
        floor, _peak = timed([*FLOOR, str(path)], scratch)
        floors.append(floor)
        for name in COMMANDS:
            elapsed, rss_kb = timed(command_line(name, path, scratch), scratch)
            ratios[name].append(elapsed / floor)
            seconds[name].append(elapsed)
            peaks[name] = max(peaks.get(name, 0), rss_kb)
    return {"size": size, "floor": statistics.median(floors),
            "commands": {name: (statistics.median(ratios[name]), statistics.median(seconds[name]),
                                max(0, peaks[name] - baseline_kb[name]) * 1024 / size) for name in COMMANDS}}


def baselines(scratch: Path) -> dict[str, int]:
    """Each command's peak resident kB on an empty values file: the interpreter, imports and start-up."""
    empty = scratch / "empty.yaml"
    empty.write_text("{}\n")
    return {name: min(timed(command_line(name, empty, scratch), scratch)[1] for _ in range(3)) for name in COMMANDS}


def table(title: str, rows: list[tuple[str, dict]]) -> list[str]:
    names = list(COMMANDS)
    lines = [title, "", "| input | size | libyaml load | " + " | ".join(f"`{name}`" for name in names) + " |",
             "|---|---:|---:|" + "---:|" * len(names)]
    for label, result in rows:
        cells = [f"{ratio:.2f}x ({elapsed:.2f} s, {memory:.0f}x mem)"
                 for ratio, elapsed, memory in result["commands"].values()]
        lines.append(f"| {label} | {_size(result['size'])} | {result['floor']:.2f} s | " + " | ".join(cells) + " |")
    return lines


def seconds_per_mb(rows: list[tuple[int, dict]]) -> tuple[list[int], dict[str, list[float]]]:
    """Seconds per MB of the floor and each command, from LINEAR_FROM copies up."""
    big = [(copies, result) for copies, result in rows if copies >= LINEAR_FROM]
    per_mb = {"libyaml load": [result["floor"] / (result["size"] / 1e6) for _, result in big]}
    for name in COMMANDS:
        per_mb[name] = [result["commands"][name][1] / (result["size"] / 1e6) for _, result in big]
    return [copies for copies, _ in big], per_mb


def exponent(copies: list[int], per_mb: list[float]) -> float:
    """k in time ~ size^k, fitted by least squares on the logarithms (1 for linear time)."""
    sizes = [math.log(n) for n in copies]
    times = [math.log(n * value) for n, value in zip(copies, per_mb)]
    mean_size, mean_time = statistics.fmean(sizes), statistics.fmean(times)
    return (sum((x - mean_size) * (y - mean_time) for x, y in zip(sizes, times))
            / sum((x - mean_size) ** 2 for x in sizes))


def linearity(rows: list[tuple[int, dict]]) -> list[str]:
    copies, per_mb = seconds_per_mb(rows)
    if len(copies) < 2:
        return []
    lines = [f"Seconds per MB from {LINEAR_FROM}x up, and k in time ~ size^k fitted over them (1 is linear time; "
             "libyaml's load is not linear here: Python's cycle collector walks its growing heap):", "",
             "| command | " + " | ".join(f"{n}x" for n in copies) + " | k |",
             "|---|" + "---:|" * (len(copies) + 1)]
    for name, values in per_mb.items():
        lines.append(f"| {name} | " + " | ".join(f"{value:.2f}" for value in values)
                     + f" | {exponent(copies, values):.2f} |")
    return lines


def verdicts(multiples: list[tuple[int, dict]], results: list[dict]) -> list[str]:
    worst_ratio = max(ratio for result in results for ratio, _s, _m in result["commands"].values())
    worst_memory = max((memory for result in results if result["size"] >= 1_000_000
                        for _r, _s, memory in result["commands"].values()), default=0.0)
    copies, per_mb = seconds_per_mb(multiples)
    lines = [f"- time: at most {GOAL_RATIO:g}x libyaml's load, the worst cell: **{worst_ratio:.2f}x** "
             f"({verdict(worst_ratio <= GOAL_RATIO)})",
             f"- memory: at most {GOAL_MEMORY:g}x the file beyond start-up, the worst input of 1 MB or more: "
             f"**{worst_memory:.0f}x** ({verdict(worst_memory <= GOAL_MEMORY)})"]
    if len(copies) >= 2:
        worst = max(exponent(copies, values) for name, values in per_mb.items() if name in COMMANDS)
        lines.append(f"- linear time: k in time ~ size^k from {copies[0]}x to {copies[-1]}x, the worst command: "
                     f"**{worst:.2f}** (at most {GOAL_EXPONENT:g}: {verdict(worst <= GOAL_EXPONENT)})")
    return lines


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{size / 1e3:.0f} kB"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--values", type=Path, default=TEST_VALUES, help="the values file to multiply")
    options.add_argument("--runs", type=int, default=RUNS)
    options.add_argument("--max-copies", type=int, default=COPIES[-1])
    args = options.parse_args()
    where = machine()  # before the work: the load average is then the machine's, not ours
    compile_package()
    text = args.values.read_text(encoding="utf-8")
    copies = [n for n in COPIES if n <= args.max_copies]
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        baseline_kb = baselines(scratch)
        multiples = []
        for n in copies:
            path = scratch / f"x{n}.yaml"
            path.write_text(multiplied(text, n), encoding="utf-8")
            multiples.append((n, measure(path, scratch, args.runs, baseline_kb)))
            print(f"{n}x done", file=sys.stderr)
        scalars = []
        for size, shape in SCALARS:
            path = scratch / f"scalar-{shape}-{size}.yaml"
            path.write_text(one_scalar(size, shape), encoding="utf-8")
            scalars.append((size, shape, measure(path, scratch, args.runs, baseline_kb)))
            print(f"scalar {shape} {size} done", file=sys.stderr)
    results = [result for _n, result in multiples] + [result for _s, _k, result in scalars]
    lines = ["## Big inputs (bench/bench_big_inputs.py)", "",
             f"Machine: {where}. Each cell: the command's time over libyaml's own load of the same file "
             f"(`yaml.load(f, Loader=yaml.CSafeLoader)` in a process of its own), the median of {args.runs} "
             f"turns ({max(args.runs, SMALL_INPUT_RUNS)} for an input under 1 MB); the command's median seconds; "
             "its peak resident memory beyond start-up (the same command on an empty file) as a multiple of the "
             "file's size. Every process starts the interpreter; "
             "bbvalues is byte-compiled as pip installs it. Inputs from bench/big_inputs.py.", "",
             *verdicts(multiples, results), "",
             *table(f"{args.values.name} multiplied (its packages N times, its other keys under N-1 new keys):",
                    [(f"{n}x", result) for n, result in multiples]), "",
             *linearity(multiples), "",
             *table("One scalar (`line`: one plain line of letters and digits; `block`: a literal block of "
                    "`key: value` lines):", [(f"{shape} {_size(size)}", result) for size, shape, result in scalars])]
    write_section("bench_big_inputs", lines)


if __name__ == "__main__":
    main()
