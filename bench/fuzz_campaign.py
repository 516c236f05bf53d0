"""Fuzz campaign: mutated real-world values and generated umbrella values through the whole pipeline.

    .venv/bin/python bench/fuzz_campaign.py --seconds 600 --jobs 2 --seed 1
    .venv/bin/python bench/fuzz_campaign.py --replay bench/fuzz-findings/<finding>   (re-run one reproducer)

Inputs (bench/fuzz_inputs.py): first every corpus file and multi-file layout unchanged, then, per
case index, a byte- or structure-level mutation of a corpus seed, or generated values (one file,
`-f` layers, or a Flux HelmRelease with ConfigMaps/Secrets). Case `SEED:INDEX` is generated from
its own `random.Random`, so a case id names the same input whatever `--jobs` is.

Each input runs in a worker process (`--jobs` of them) through bench/fuzzing.run_case, with an
address-space limit (`--memory-mb`), an alarm inside the worker (`--timeout`, which gives a
traceback) and a kill from outside 5 s later (for a loop the alarm cannot interrupt).

A finding (see bench/fuzzing.py) is saved once per cause under bench/fuzz-findings/ (gitignored):
the input files, the minimised files when a line-by-line reduction keeps the same cause, the
traceback and the matching bbvalues command. The summary is printed and written between markers
in docs/reliability.md (unless --no-doc).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from bench.fuzz_inputs import (  # noqa: E402
    GENERATORS, MUTATION_KINDS, Seed, baseline_case, corpus_seeds, generated_case, mutated_case,
)
from bench.fuzzing import CLEAN, FINDING, OK, RESOURCE_KINDS, FuzzCase, Outcome, run_case  # noqa: E402
from tests.fidelity_helpers import CORPUS  # noqa: E402

DOC = ROOT / "docs" / "reliability.md"
FINDINGS = ROOT / "bench" / "fuzz-findings"
BEGIN, END = "<!-- fuzz_campaign:begin -->", "<!-- fuzz_campaign:end -->"
COMMAND = ".venv/bin/python bench/fuzz_campaign.py --seconds 600 --jobs 2 --seed 1"
DOC_HEAD = (
    "# Reliability\n\n"
    f"Rerun the fuzz campaign (about ten minutes on two cores): `{COMMAND}`\n\n"
    "It rewrites the section below and saves one reproducer per finding under `bench/fuzz-findings/` "
    "(gitignored); `.venv/bin/python bench/fuzz_campaign.py --replay bench/fuzz-findings/<finding>` runs one "
    "again and prints the bbvalues command that shows it.\n\n"
    "What it does: every file of the real-world corpus (`../shared/corpus/realworld/`) and three multi-file "
    "layouts, unchanged, then byte-level mutations of them (flipped, inserted and deleted bytes, truncation, "
    "duplicated lines, indentation and tabs, scalars of another type, nulls, anchors and aliases including an "
    "alias bomb, merge keys, deep nesting, multi-megabyte scalars and mappings, bytes that are not UTF-8, BOMs, "
    "CR/CRLF/NEL line ends, control characters, tags, document markers), structure-level mutations (hostile "
    "values at the keys bbvalues reads, from the release table) and generated umbrella values (one file, `-f` "
    "layers, a Flux HelmRelease with ConfigMaps/Secrets). Each input goes through the library pipeline in a "
    "worker process: read, release, detect, for each mode plan + overlay and views read back + landing in the "
    "target + `--in-place` on a copy + review, then netpol expansion of every package and lint "
    "(bench/fuzzing.py). The suite runs the same pipeline on a bounded number of inputs "
    "(`tests/fuzz/test_fuzz_pipeline.py`).\n\n")
PARTLY = "partly"  # refused by a later stage only (one target mode, one package, --in-place)
CORPUS_SHARE = 0.6  # of the mutated/generated cases, the rest are generated values
KILL_GRACE = 5.0  # seconds between the in-worker alarm and killing the worker


# -- cases -------------------------------------------------------------------------------------------

def make_case(seed: int, index: int, seeds: list[Seed]) -> FuzzCase:
    """Case `seed:index`: the unchanged seeds first, then mutations and generated values."""
    case_id = f"{seed}:{index}"
    if index < len(seeds):
        return baseline_case(seeds[index], case_id)
    rng = Random(case_id)
    if seeds and rng.random() < CORPUS_SHARE:
        kind = rng.choice(MUTATION_KINDS)
        return mutated_case(rng.choice(seeds), kind, rng, case_id)
    return generated_case(rng.choice(sorted(GENERATORS)), rng, case_id)


# -- workers -----------------------------------------------------------------------------------------

def worker_main(connection, memory_bytes: int, time_limit: float) -> None:
    """Run cases sent over `connection` until it sends None; the memory limit holds for the worker's life."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    while True:
        case = connection.recv()
        if case is None:
            return
        connection.send(run_case(case, time_limit))


class Worker:
    """A worker process; restarted after it dies or is killed."""

    def __init__(self, memory_bytes: int, time_limit: float):
        self.context = multiprocessing.get_context("spawn")  # the parent has threads: never fork it
        self.memory_bytes = memory_bytes
        self.time_limit = time_limit
        self._start()

    def _start(self) -> None:
        self.connection, child = self.context.Pipe()
        self.process = self.context.Process(target=worker_main, args=(child, self.memory_bytes, self.time_limit),
                                            daemon=True)
        self.process.start()
        child.close()

    def run(self, case: FuzzCase) -> Outcome:
        started = time.perf_counter()
        try:
            self.connection.send(case)
            if self.connection.poll(self.time_limit + KILL_GRACE):
                return self.connection.recv()
            outcome = Outcome(FINDING, stage="?", kind="timeout", location="worker killed",
                              message=f"no result after {self.time_limit + KILL_GRACE:g} s: worker killed "
                                      "(a loop the alarm could not interrupt)")
        except (EOFError, BrokenPipeError, ConnectionResetError):
            self.process.join(1)
            code = self.process.exitcode
            outcome = Outcome(FINDING, stage="?", kind="worker-died", location=f"exit {code}",
                              message=f"worker process died (exit code {code}; negative is a signal)")
        outcome.seconds = time.perf_counter() - started
        self._restart()
        return outcome

    def _restart(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()
        self._start()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


# -- findings ----------------------------------------------------------------------------------------

def _with_file(case: FuzzCase, index: int, data: bytes) -> FuzzCase:
    files = list(case.files)
    files[index] = (files[index][0], data)
    return replace(case, files=tuple(files))


def minimise(case: FuzzCase, signature: str, run, budget: float) -> FuzzCase:
    """Drop files, then lines of each file (halving chunks), while the finding keeps its signature."""
    deadline = time.monotonic() + budget

    def same(candidate: FuzzCase) -> bool:
        return time.monotonic() < deadline and run(candidate).signature == signature

    for index in reversed(range(len(case.files))):
        if len(case.files) > 1:
            fewer = replace(case, files=case.files[:index] + case.files[index + 1:], mutated=-1)
            if same(fewer):
                case = fewer
    for index in range(len(case.files)):
        lines = case.files[index][1].splitlines(keepends=True)
        chunk = max(1, len(lines) // 2)
        while time.monotonic() < deadline:
            start, shrunk = 0, False
            while start < len(lines) and time.monotonic() < deadline:
                candidate = lines[:start] + lines[start + chunk:]
                if same(_with_file(case, index, b"".join(candidate))):
                    lines, shrunk = candidate, True
                else:
                    start += chunk
            if chunk == 1 and not shrunk:
                break
            chunk = max(1, chunk // 2) if not shrunk else chunk
        case = _with_file(case, index, b"".join(lines))
    return case


def cli_command(case: FuzzCase, stage: str, files: list[str]) -> str:
    """The bbvalues command that exercises the stage where the finding happened."""
    family, _, detail = stage.partition(":")
    options = []
    if case.version:
        options += ["--bigbang-version", case.version]
    target_options = options + ["--label-removal", case.label_removal] + [
        arg for gateway in case.gateways for arg in ("--gateway", gateway)]
    command = {
        "plan": ["migrate", "--to", detail, *target_options], "overlay": ["migrate", "--to", detail, *target_options],
        "views": ["migrate", "--to", detail, "-o", "diff", *target_options],
        "land": ["migrate", "--to", detail, *target_options],
        "in-place": ["migrate", "--to", detail, "--in-place", "--dry-run", *target_options],
        "review": ["review", "--to", detail, *target_options], "lint": ["lint", *options],
        "netpol": ["netpol", "expand", "--package", detail, *options],
    }.get(family, ["detect", *options])
    return " ".join(["bbvalues", *command, *files])


def slug(signature: str) -> str:
    digest = hashlib.sha1(signature.encode()).hexdigest()[:8]
    return (re.sub(r"[^A-Za-z0-9]+", "-", signature).strip("-")[:70] + "-" + digest).lower()


def save_finding(directory: Path, case: FuzzCase, outcome: Outcome, minimal: FuzzCase | None) -> Path:
    """Write the reproducer: input files, minimised files, traceback, and a case.json to replay it."""
    target = directory / slug(cause(case, outcome))
    shutil.rmtree(target, ignore_errors=True)
    for folder, version in (("input", case), ("minimal", minimal)):
        if version is None:
            continue
        for relative, data in version.files:
            path = target / folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    shown = minimal or case
    folder = "minimal" if minimal else "input"
    files = [f"{shown_path(target)}/{folder}/{relative}" for relative, _data in shown.files]
    meta = {"case": case.case_id, "source": case.source, "kind": case.kind, "origin": case.origin,
            "version": case.version, "label_removal": case.label_removal, "gateways": list(case.gateways),
            "files": [relative for relative, _data in case.files],
            "minimal_files": [relative for relative, _data in minimal.files] if minimal else None,
            "signature": outcome.signature, "finding": outcome.kind, "stage": outcome.stage,
            "message": outcome.message, "command": cli_command(case, outcome.stage, files)}
    (target / "case.json").write_text(json.dumps(meta, indent=2) + "\n")
    (target / "traceback.txt").write_text(outcome.detail or outcome.message)
    return target


def shown_path(path: Path) -> str:
    """Relative to the checkout when inside it (commands in the report are run from there)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def forget_findings(directory: Path) -> None:
    """Remove the reproducers of the previous run (directories with a case.json), so that what is
    there matches the report."""
    for case_file in directory.glob("*/case.json"):
        shutil.rmtree(case_file.parent, ignore_errors=True)


def load_saved(directory: Path, minimal: bool = True) -> FuzzCase:
    meta = json.loads((directory / "case.json").read_text())
    folder, names = ("minimal", meta["minimal_files"]) if minimal and meta.get("minimal_files") else (
        "input", meta["files"])
    files = tuple((name, (directory / folder / name).read_bytes()) for name in names)
    return FuzzCase(meta["case"], meta["source"], meta["kind"], files, meta["version"], meta["label_removal"],
                    tuple(meta["gateways"]), meta["origin"])


# -- the campaign --------------------------------------------------------------------------------------

@dataclass
class FindingGroup:
    outcome: Outcome  # the first one seen
    case: FuzzCase
    count: int = 0
    stages: Counter = field(default_factory=Counter)
    path: Path | None = None
    minimal_lines: tuple[int, int] | None = None  # lines of the input before and after minimising

    def add(self, outcome: Outcome) -> None:
        self.count += 1
        self.stages[outcome.stage] += 1

    @property
    def where(self) -> str:
        """Where in bbvalues; for running out of time or memory, the kind of input and the stages hit."""
        if self.outcome.kind not in RESOURCE_KINDS:
            return self.outcome.location
        stages = ", ".join(f"{stage} {count}" for stage, count in self.stages.most_common(4))
        return f"{self.case.source}/{self.case.kind} inputs; stopped in: {stages}"


@dataclass
class Tally:
    """Counts per (source, kind) and per outcome, refusals per stage, findings per signature."""

    outcomes: dict = field(default_factory=lambda: defaultdict(Counter))
    refusals: Counter = field(default_factory=Counter)
    refusal_examples: dict = field(default_factory=dict)
    lineless: Counter = field(default_factory=Counter)
    findings: dict = field(default_factory=dict)
    generator_errors: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    def record(self, case: FuzzCase, outcome: Outcome) -> bool:
        """Count `outcome`; True when it is the first finding of its cause."""
        status = PARTLY if outcome.status == CLEAN and not outcome.refused_input else outcome.status
        self.outcomes[(case.source, case.kind)][status] += 1
        self.seconds.append(outcome.seconds)
        for error in outcome.clean:
            family = error.stage.split(":")[0]
            self.refusals[family] += 1
            self.refusal_examples.setdefault(family, error.message)
            if error.has_file and not error.has_line:
                self.lineless[error.message[:120]] += 1
        if outcome.status != FINDING:
            return False
        key = cause(case, outcome)
        first = key not in self.findings
        if first:
            self.findings[key] = FindingGroup(outcome, case)
        self.findings[key].add(outcome)
        return first


def cause(case: FuzzCase, outcome: Outcome) -> str:
    """How findings are grouped: by signature, but running out of time or memory by the kind of input."""
    if outcome.kind in RESOURCE_KINDS:
        return f"{outcome.kind}|{case.source}/{case.kind}"
    return outcome.signature


class Campaign:
    def __init__(self, args):
        self.args = args
        self.seeds = corpus_seeds(args.corpus)
        self.tally = Tally()
        self.lock = threading.Lock()
        self.next_index = 0
        self.deadline = time.monotonic() + args.seconds

    def _claim(self) -> int | None:
        with self.lock:
            if time.monotonic() >= self.deadline or (self.args.count and self.next_index >= self.args.count):
                return None
            index, self.next_index = self.next_index, self.next_index + 1
            return index

    def job(self, worker: Worker) -> None:
        while (index := self._claim()) is not None:
            try:
                case = make_case(self.args.seed, index, self.seeds)
            except Exception as exc:  # noqa: BLE001 - a fuzzer bug must not stop the campaign
                with self.lock:
                    self.tally.generator_errors.append(f"{self.args.seed}:{index}: {type(exc).__name__}: {exc}")
                continue
            outcome = worker.run(case)
            with self.lock:
                first = self.tally.record(case, outcome)
            if first:
                try:
                    self._keep(case, outcome, worker)
                except Exception as exc:  # noqa: BLE001 - losing one reproducer must not stop the campaign
                    print(f"could not save the reproducer of {case.case_id}: {type(exc).__name__}: {exc}",
                          file=sys.stderr)

    def _keep(self, case: FuzzCase, outcome: Outcome, worker: Worker) -> None:
        minimal = None
        if outcome.kind not in ("timeout", "worker-died", "memory") and self.args.minimise > 0:
            minimal = minimise(case, outcome.signature, worker.run, self.args.minimise)
            minimal = None if minimal.files == case.files else minimal
        path = save_finding(self.args.findings, case, outcome, minimal)
        with self.lock:
            group = self.tally.findings[cause(case, outcome)]
            group.path = path
            if minimal is not None:
                group.minimal_lines = (_lines(case), _lines(minimal))
        print(f"finding {case.case_id} [{outcome.kind}] {outcome.stage}: {outcome.message[:160]}\n  -> {path}",
              flush=True)

    def run(self) -> float:
        started = time.monotonic()
        workers = [Worker(self.args.memory_mb * 2**20, self.args.timeout) for _ in range(self.args.jobs)]
        threads = [threading.Thread(target=self.job, args=(worker,), daemon=True) for worker in workers]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            for worker in workers:
                worker.stop()
        return time.monotonic() - started


def _lines(case: FuzzCase) -> int:
    return sum(len(data.splitlines()) for _name, data in case.files)


# -- report --------------------------------------------------------------------------------------------

def revision() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "bbvalues")
    return f"{head} (bbvalues/ with uncommitted changes)" if dirty else head


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report(campaign: Campaign, elapsed: float) -> str:
    args, tally = campaign.args, campaign.tally
    total = sum(sum(counter.values()) for counter in tally.outcomes.values())
    per_source = Counter()
    for (source, _kind), counter in tally.outcomes.items():
        per_source[source] += sum(counter.values())
    baseline = sum(tally.outcomes.get(("corpus", "none"), Counter()).values())
    lines = [
        BEGIN, "## Last fuzz campaign (bench/fuzz_campaign.py)", "",
        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; bbvalues {revision()}",
        f"- machine: {machine()}",
        f"- seed {args.seed}, {args.jobs} jobs, {args.seconds:g} s asked, {elapsed:.0f} s taken (minimising included)",
        f"- limits per input: {args.timeout:g} s (alarm in the worker; killed after {args.timeout + KILL_GRACE:g} s), "
        f"{args.memory_mb} MiB address space",
        f"- inputs: **{total}** ({baseline} unchanged corpus inputs, {per_source['corpus'] - baseline} corpus "
        f"mutations of {len(campaign.seeds)} seeds, {per_source['generated']} generated); "
        f"median {_median(tally.seconds):.2f} s, slowest {max(tally.seconds, default=0):.1f} s per input",
        "", "Outcome of each input: *ok* every stage ran; *refused* bbvalues refused the input (reading it, "
        "choosing the release or detecting the mode) with a clean `file:line` error; *partly* a later stage "
        "refused cleanly (one target mode, one package's shorthand, `--in-place`) and the rest ran; "
        "*finding* anything else (see bench/fuzzing.py).", "",
        "| source | kind | inputs | ok | refused | partly | findings |", "|---|---|---:|---:|---:|---:|---:|",
    ]
    columns = (OK, CLEAN, PARTLY, FINDING)
    sums = Counter()
    for (source, kind), counter in sorted(tally.outcomes.items()):
        row = [sum(counter.values())] + [counter[column] for column in columns]
        sums.update(dict(zip(("n",) + columns, row)))
        lines.append(f"| {source} | {kind} | " + " | ".join(map(str, row)) + " |")
    lines.append(f"| **all** | | {sums['n']} | " + " | ".join(str(sums[column]) for column in columns) + " |")
    lines += ["", "Clean refusals by stage (an input can be refused by several stages, e.g. one target mode):", "",
              "| stage | refusals | example |", "|---|---:|---|"]
    lines += [f"| {stage} | {count} | {_cell(tally.refusal_examples[stage][:140])} |"
              for stage, count in tally.refusals.most_common()]
    if tally.lineless:
        lines += ["", f"Refusals that name a file but no line ({sum(tally.lineless.values())}; acceptable, "
                      "a line would help):", ""]
        lines += [f"- {count} x {_cell(message)}" for message, count in tally.lineless.most_common(8)]
    lines += ["", f"### Findings: {len(tally.findings)} distinct causes, "
                  f"{sum(group.count for group in tally.findings.values())} inputs", ""]
    if tally.findings:
        lines += ["| # | finding | stage | where | inputs | first case | reproducer |",
                  "|---:|---|---|---|---:|---|---|"]
        for number, group in enumerate(sorted(tally.findings.values(), key=lambda g: -g.count), 1):
            outcome, case = group.outcome, group.case
            where = f"`{shown_path(group.path)}`" if group.path else "-"
            if group.minimal_lines:
                where += f" (minimised {group.minimal_lines[0]} -> {group.minimal_lines[1]} lines)"
            lines.append(f"| {number} | {outcome.kind} | {outcome.stage} | {_cell(group.where)} | {group.count} "
                         f"| {case.case_id} {case.source}/{case.kind} {_cell(case.origin)} | {where} |")
        lines += [""] + [f"{number}. {_cell(group.outcome.message)}"
                         for number, group in enumerate(sorted(tally.findings.values(), key=lambda g: -g.count), 1)]
    else:
        lines.append("None.")
    if tally.generator_errors:
        lines += ["", f"Fuzzer bugs (inputs not generated): {len(tally.generator_errors)}; first: "
                      f"{_cell(tally.generator_errors[0])}"]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def write_doc(section: str) -> None:
    text = DOC.read_text() if DOC.exists() else DOC_HEAD
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n?", re.S)
    text = pattern.sub(lambda _m: section, text) if BEGIN in text else text.rstrip("\n") + "\n\n" + section
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)


# -- command line --------------------------------------------------------------------------------------

def replay(directory: Path, time_limit: float) -> int:
    """Run a saved reproducer in this process and print what happens now."""
    case = load_saved(directory)
    outcome = run_case(case, time_limit)
    saved = json.loads((directory / "case.json").read_text())
    print(f"{outcome.status}: {outcome.stage} {outcome.kind} {outcome.message}")
    print(f"saved finding: {saved['signature']}\nnow:           {outcome.signature or '-'}")
    if outcome.status == FINDING:
        print(outcome.detail)
    print(f"command: {saved['command']}")
    return 1 if outcome.status == FINDING else 0


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600, help="stop claiming new inputs after this long")
    parser.add_argument("--count", type=int, default=0, help="stop after this many inputs (0: no limit)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--memory-mb", type=int, default=1024, help="address-space limit of a worker")
    parser.add_argument("--minimise", type=float, default=30.0, help="seconds to minimise each new finding (0: off)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--findings", type=Path, default=FINDINGS)
    parser.add_argument("--no-doc", action="store_true", help=f"print only; leave {DOC.relative_to(ROOT)} alone")
    parser.add_argument("--replay", type=Path, metavar="DIR", help="re-run one saved reproducer and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.replay:
        return replay(args.replay, args.timeout)
    forget_findings(args.findings)
    campaign = Campaign(args)
    if not campaign.seeds:
        print(f"warning: no corpus at {args.corpus}; generated values only", file=sys.stderr)
    elapsed = campaign.run()
    section = report(campaign, elapsed)
    sys.stdout.write(section)
    if not args.no_doc:
        write_doc(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
