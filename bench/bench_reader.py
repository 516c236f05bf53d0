"""Benchmark: `migrate` on the largest real-world values file versus a bare ruamel round trip of it.

Goal (issue): in one process, the whole `migrate` pipeline on bigbang tests/test-values.yaml
(2,349 lines) takes at most half the time of a plain ruamel.yaml round trip (load + dump) of the
same file. The reader takes positions from libyaml (documents.composer) and edits splice text, so
nothing is re-printed; ruamel's round trip composes in pure Python and prints everything again.

Measured, interleaved, RUNS times each (median reported):
  - the pipeline `bbvalues migrate --to ambient-gateway --bigbang-version 3.30.0 FILE` runs, as
    library calls: read the file, select the release, plan, merge, render the overlay;
  - `YAML(typ="rt")` load + dump of the same file (what a ruamel-based tool does at least once);
  - their parts: libyaml composition, conversion to Helm's values, ruamel's composition alone.
Then the same migrate from the shell (interpreter start included), and how fast hostile input is
refused (alias bomb, 2,000-level nesting, a 20 MB scalar) with the peak memory of the refusal.

Run: .venv/bin/python bench/bench_reader.py   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import io
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench.*, bbvalues

from bench.common import SHARED, bbvalues, command_seconds, machine, verdict, write_section  # noqa: E402


from ruamel.yaml import YAML  # noqa: E402

from bbvalues.bigbang.releases import select_release  # noqa: E402
from bbvalues.documents.inputs import load_inputs  # noqa: E402
from bbvalues.documents.yamltree import LineMap, compose_documents, to_python  # noqa: E402
from bbvalues.errors import BBValuesError  # noqa: E402
from bbvalues.helm.merge import merge_sources  # noqa: E402
from bbvalues.migrate.overlay import render_overlay  # noqa: E402
from bbvalues.migrate.planner import MigrationOptions, plan_migration  # noqa: E402

LARGEST = SHARED / "corpus" / "realworld" / "bigbang" / "tests-test-values.yaml"
RUNS = 15
CLI_RUNS = 7
GOAL_RATIO = 0.5
RUAMEL_SCRIPT = ("import io, sys\nfrom ruamel.yaml import YAML\nyaml = YAML(typ='rt')\nyaml.allow_duplicate_keys = True\n"
                 "yaml.dump(yaml.load(open(sys.argv[1], encoding='utf-8').read()), io.StringIO())\n")


def migrate_pipeline(path: Path) -> str:
    """What `bbvalues migrate --to ambient-gateway --bigbang-version 3.30.0 FILE` does, minus the CLI."""
    inputs = load_inputs([str(path)])
    plan = plan_migration(inputs, MigrationOptions("ambient-gateway"), select_release("3.30.0"))
    merge_sources(inputs.sources)
    return render_overlay(plan)


def ruamel_round_trip(path: Path) -> str:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True
    data = yaml.load(path.read_text(encoding="utf-8"))
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def ruamel_compose(text: str) -> None:
    YAML(typ="rt").compose(text)


def interleaved_medians(actions: dict, runs: int) -> dict[str, float]:
    """Alternate the actions run by run, so that a change in machine load hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def hostile_inputs() -> dict[str, str]:
    bomb = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]" for n in range(1, 9)]
    return {
        "alias bomb (billion laughs, 9^9 strings when expanded)": "\n".join(bomb) + "\n",
        "2,000-level block nesting": "".join("  " * depth + "a:\n" for depth in range(2000)) + "  " * 2000 + "a: 1\n",
        "2,000-level flow nesting `[[[...]]]`": "x: " + "[" * 2000 + "]" * 2000 + "\n",
        "a 20 MB scalar": "blob: " + "x" * (20 * 1024 * 1024) + "\n",
    }


def refusal(text: str) -> tuple[float, float, str]:
    """Seconds and peak MB (Python allocations) until the reader refuses `text`, and its message."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        to_python(compose_documents(text, "hostile.yaml")[0], LineMap("hostile.yaml"))
        message = "accepted (not refused!)"
    except BBValuesError as error:
        message = error.message
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    tracemalloc.stop()
    return seconds, peak, message


def main() -> None:
    where = machine()  # before the work: the load average is then the machine's, not ours
    text = LARGEST.read_text(encoding="utf-8")
    lines = text.count("\n")
    migrate_pipeline(LARGEST)  # warm: imports and the release table, as every later call has them
    medians = interleaved_medians({
        "pipeline": lambda: migrate_pipeline(LARGEST),
        "ruamel": lambda: ruamel_round_trip(LARGEST),
        "compose": lambda: compose_documents(text, LARGEST.name),
        "convert": lambda: to_python(compose_documents(text, LARGEST.name)[0], LineMap(LARGEST.name)),
        "ruamel_compose": lambda: ruamel_compose(text),
    }, RUNS)
    ratio = medians["pipeline"] / medians["ruamel"]
    cli = command_seconds(bbvalues("migrate", "--to", "ambient-gateway", "--bigbang-version", "3.30.0",
                                   str(LARGEST)), CLI_RUNS)
    ruamel_cli = command_seconds([sys.executable, "-c", RUAMEL_SCRIPT, str(LARGEST)], CLI_RUNS)
    ms = {name: seconds * 1000 for name, seconds in medians.items()}
    rows = [
        f"Machine: {where}. Medians of {RUNS} interleaved runs in one process; command lines: median of "
        f"{CLI_RUNS} runs, interpreter start included.", "",
        "| what | time |", "|---|---|",
        f"| `migrate --to ambient-gateway` pipeline on {LARGEST.name} ({lines:,} lines), library calls: read, "
        f"select release, plan, merge, render overlay | **{ms['pipeline']:.1f} ms** |",
        f"| bare ruamel round trip of the same file (`YAML(typ=\"rt\")` load + dump) | {ms['ruamel']:.1f} ms |",
        f"| **ratio** migrate / ruamel round trip (goal <= {GOAL_RATIO}) | **{ratio:.2f}** ({verdict(ratio <= GOAL_RATIO)}) |",
        f"| of which: libyaml events composed into nodes (documents.composer) | {ms['compose']:.1f} ms |",
        f"| libyaml composition and conversion to Helm's values with positions (compose + to_python) | {ms['convert']:.1f} ms |",
        f"| for scale: ruamel's composition alone | {ms['ruamel_compose']:.1f} ms |",
        f"| `bbvalues migrate --to ambient-gateway` on the file from the shell | {cli * 1000:.0f} ms |",
        f"| `python -c` ruamel round trip of the file from the shell | {ruamel_cli * 1000:.0f} ms |",
        "", "Hostile input, through the reader (one run each; peak memory is Python's allocations, tracemalloc):", "",
        "| input | refused after | peak memory | message |", "|---|---|---|---|",
    ]
    for name, hostile in hostile_inputs().items():
        seconds, peak, message = refusal(hostile)
        rows.append(f"| {name} | {seconds * 1000:.0f} ms | {peak:.1f} MB | {message} |")
    write_section("bench_reader", ["## Reader: migrate versus a ruamel round trip (bench/bench_reader.py)", "", *rows])


if __name__ == "__main__":
    main()
