"""Run one fuzz input through the whole bbvalues library pipeline and classify what happened.

Shared by the campaign (bench/fuzz_campaign.py) and the bounded property tests
(tests/fuzz/test_fuzz_pipeline.py), so both judge an input the same way. The `bbvalues` package
never imports this module.

The pipeline, in process, on a private copy of the input files:

    load_inputs -> release -> detect -> for each target mode: plan_migration -> overlay and the other
    views (re-read; must give the planned values) -> effective values after the plan (must be in the
    target mode and plan nothing more, unless the plan is blocking) -> --in-place on a fresh copy
    (written files read back as input + edits; running it again edits nothing) -> review;
    then netpol expansion of every package's values, and lint.

Outcomes:
- ok: every stage ran;
- clean: the input was refused with a `BBValuesError` that names a file (the CLI prints it as
  `file:line:col: message`), or bb-common rejected a package's shorthand (`NetpolError`, which the
  `netpol` command turns into such an error);
- finding: anything else: an exception a user would see as a traceback, a `BBValuesError` without a
  file or announcing an internal error, bbvalues failing to read what it wrote itself, a broken
  invariant, running out of time or memory.
"""

from __future__ import annotations

import json
import re
import signal
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import bbvalues
from bbvalues.bigbang.contract import CheckOptions
from bbvalues.bigbang.detect import detect, detect_inputs
from bbvalues.bigbang.modes import INCONSISTENT, MODES, UmbrellaView
from bbvalues.bigbang.packages import package_blocks
from bbvalues.bigbang.releases import select_release
from bbvalues.documents.inputs import STDIN, InputSet, ValuesSource, load_inputs
from bbvalues.documents.yamltree import LineMap, ParsedDocument, compose_documents, to_python
from bbvalues.errors import BBValuesError
from bbvalues.helm.merge import merge_sources
from bbvalues.lint import run_lint
from bbvalues.lint.finding import SEVERITIES
from bbvalues.migrate.inplace import apply_in_place, plan_in_place
from bbvalues.migrate.overlay import overlay_values, render_overlay
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.migrate.views import as_configmap, effective_after, json_patch, values_diff
from bbvalues.netpol import NetpolError, dump_manifests, expand
from bbvalues.netpol.normalise import parse_stream
from bbvalues.netpol.umbrella import package_values
from bbvalues.report.formats import LINT_FORMATS, REVIEW_FORMATS, lint_renderer, review_renderer
from bbvalues.report.plan_json import plan_document
from bbvalues.review import build_review
from tests.fidelity_helpers import edit_source, same_values

PACKAGE = Path(bbvalues.__file__).resolve().parent
OK, CLEAN, FINDING = "ok", "clean", "finding"
# Stages that refuse the whole input; a refusal later (one target mode, one package) is partial.
INPUT_STAGES = ("read", "release", "detect")
# Findings whose cause is the input's size or shape rather than a place in the code: the stage
# they stopped in is where the clock ran out, not what is slow.
RESOURCE_KINDS = ("timeout", "memory", "worker-died")
# Refusals about the chosen Big Bang release, not about a place in a file: they rightly name no file.
RELEASE_REFUSALS = ("cannot migrate to ",)
JSON_FORMATS = ("json", "gitlab-codequality", "sarif")


@dataclass(frozen=True)
class FuzzCase:
    """One input: files in Helm order (path relative to a scratch directory, bytes) and the options."""

    case_id: str
    source: str  # "corpus" or "generated"
    kind: str  # mutation kind or generator name
    files: tuple[tuple[str, bytes], ...]
    version: str | None = None  # --bigbang-version; None: chosen as the CLI does
    label_removal: str = "auto"
    gateways: tuple[str, ...] = ()
    origin: str = ""  # the corpus file(s) it was made from, for the report
    mutated: int = -1  # index in `files` of the file that was mutated (-1: none or all)


@dataclass(frozen=True)
class CleanError:
    stage: str
    message: str
    has_file: bool
    has_line: bool


@dataclass
class Outcome:
    status: str
    stage: str = ""  # where the finding happened (or the input was refused)
    kind: str = ""  # finding kind: crash, timeout, memory, recursion, invariant, internal-error, ...
    message: str = ""  # one line
    detail: str = ""  # traceback or invariant details
    location: str = ""  # innermost bbvalues frame, for grouping
    clean: list[CleanError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def refused_input(self) -> bool:
        return self.status == CLEAN and self.stage in INPUT_STAGES

    @property
    def signature(self) -> str:
        """Findings with one cause share a signature: kind, stage family and where in bbvalues it broke."""
        family = self.stage.split(":")[0]
        return "|".join(part for part in (self.kind, family, self.location or self.message) if part)


class FuzzTimeout(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in bbvalues swallows it."""


class InvariantBroken(Exception):
    """`name` is the invariant, `cause` tells apart the different ways it breaks (for grouping)."""

    def __init__(self, name: str, detail: str, cause: str = ""):
        super().__init__(f"{name}: {detail}")
        self.name = f"{name}: {cause}" if cause else name
        self.detail = detail


class UnexpectedError(Exception):
    """A `BBValuesError` where none is acceptable: no file named, an internal error, or bbvalues
    refusing its own output."""

    def __init__(self, name: str, error: BBValuesError):
        super().__init__(f"{name}: {error}")
        self.name = f"{name}: {message_cause(error.message)}"


def run_case(case: FuzzCase, time_limit: float | None = None) -> Outcome:
    """Run `case` through the pipeline in a scratch directory and classify the outcome."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bbvalues-fuzz-") as scratch:
        pipeline = _Pipeline(case, Path(scratch))
        try:
            with alarm(time_limit):
                pipeline.run()
            outcome = pipeline.verdict()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - classifying every failure is the point
            outcome = classify_failure(exc, pipeline.stage, pipeline.clean, scratch)
    outcome.seconds = time.perf_counter() - start
    return outcome


@contextmanager
def alarm(seconds: float | None) -> Iterator[None]:
    """Raise FuzzTimeout in the main thread after `seconds` (no-op elsewhere, or without a limit).

    Pure-Python loops are interrupted with a traceback showing where they were; a loop inside a C
    extension is not, which is why the campaign also kills its worker process from outside.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise FuzzTimeout(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def classify_failure(exc: BaseException, stage: str, clean: list[CleanError], scratch: str = "") -> Outcome:
    """An exception that escaped the pipeline: always a finding, of the kind its type tells."""
    kind = {FuzzTimeout: "timeout", MemoryError: "memory", RecursionError: "recursion",
            InvariantBroken: "invariant", UnexpectedError: "unexpected-error"}.get(type(exc), "crash")
    detail = "".join(traceback.format_exception(exc))
    message = _one_line(f"{type(exc).__name__}: {exc}")
    location = _bbvalues_frame(exc)
    if isinstance(exc, (InvariantBroken, UnexpectedError)):
        location = exc.name  # one invariant is one cause, wherever the input came from
        detail = f"{exc}\n\n{detail}"
    if scratch:
        message, detail = message.replace(scratch + "/", ""), detail.replace(scratch + "/", "")
    return Outcome(FINDING, stage=stage, kind=kind, message=message, detail=detail, location=location,
                   clean=list(clean))


def _bbvalues_frame(exc: BaseException) -> str:
    """`bbvalues/x.py:123 function` of the innermost frame inside the package, else the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [frame for frame in frames if Path(frame.filename).is_relative_to(PACKAGE)]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return type(exc).__name__
    name = Path(frame.filename).relative_to(PACKAGE.parent) if ours else Path(frame.filename).name
    return f"{type(exc).__name__} at {name}:{frame.lineno} {frame.name}"


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit] + "..."


def _expect(condition: bool, name: str, detail: Callable[[], str] | str = "", cause: Callable[[], str] | str = "") -> None:
    if not condition:
        raise InvariantBroken(name, detail() if callable(detail) else detail, cause() if callable(cause) else cause)


_IDENTIFIER = re.compile(r"\S*[./]\S*|\b\d\S*")


def message_cause(message: str) -> str:
    """An error message without names, details in parentheses and the boilerplate tail, for grouping."""
    text = re.sub(r"\([^)]*\)|'[^']*'|`[^`]*`", "", message.split(";")[0].removeprefix("internal error: "))
    return " ".join(_IDENTIFIER.sub("X", text).split())[:100]


def problem_cause(problem) -> str:
    """A detection problem without the names in it: the rule that repairs it and the kind of violation."""
    return f"{problem.rule}: {_IDENTIFIER.sub('X', problem.detail.split(': ')[-1])}"


def write_case(case: FuzzCase, directory: Path) -> list[Path]:
    """Write the case's files under `directory`; their paths in Helm order."""
    paths = []
    for relative, data in case.files:
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


class _Pipeline:
    """The stages of one run. `stage` names the one in progress, for the report."""

    def __init__(self, case: FuzzCase, scratch: Path):
        self.case = case
        self.scratch = scratch
        self.stage = "start"
        self.clean: list[CleanError] = []

    # -- running stages --------------------------------------------------------------------------

    def guarded(self, stage: str, function: Callable, *args, **kwargs) -> Any:
        """Run one stage where refusing the input is acceptable; None when it was refused."""
        self.stage = stage
        try:
            return function(*args, **kwargs)
        except BBValuesError as exc:
            self._accept(stage, exc)
        except NetpolError as exc:
            if not stage.startswith("netpol:"):
                raise  # only `bbvalues netpol` turns NetpolError into a file:line message
            # the CLI names the file and line of the deepest key on exc.path that the user wrote
            self.clean.append(CleanError(stage, _one_line(f"bb-common rejects: {exc.message}"), True, bool(exc.path)))
        return None

    def _accept(self, stage: str, exc: BBValuesError) -> None:
        if "internal error" in exc.message:
            raise UnexpectedError("internal-error", exc)
        if exc.file is None and not exc.message.startswith(RELEASE_REFUSALS):
            raise UnexpectedError("error-without-file", exc)
        message = _one_line(exc.message.replace(str(self.scratch) + "/", ""))
        self.clean.append(CleanError(stage, message, exc.file is not None, exc.origin is not None))

    def verdict(self) -> Outcome:
        if not self.clean:
            return Outcome(OK)
        return Outcome(CLEAN, stage=self.clean[0].stage, message=self.clean[0].message, clean=self.clean)

    # -- the pipeline ----------------------------------------------------------------------------

    def run(self) -> None:
        paths = write_case(self.case, self.scratch / "input")
        inputs = self.guarded("read", load_inputs, [str(path) for path in paths])
        if inputs is None:
            return
        self.check_no_op_edits(inputs)
        release = self.guarded("release", self.select_release, inputs)
        if release is None:
            return
        detection = self.guarded("detect", detect_inputs, inputs, release)
        if detection is None:
            return
        _expect(detection.mode in MODES + (INCONSISTENT,), "detect-mode", detection.mode)
        effective = merge_sources(inputs.sources)
        for target in MODES:
            options = MigrationOptions(target, self.case.label_removal, self.case.gateways)
            plan = self.guarded(f"plan:{target}", plan_migration, inputs, options, release)
            if plan is None:
                continue
            self.check_views(target, plan, effective, release)
            self.check_landing(target, plan, effective, options, release)
            self.check_in_place(target, effective, options, release)
            self.guarded(f"review:{target}", self.review, inputs, options, release)
        self.check_netpol(effective, release)
        self.guarded("lint", self.lint, inputs, release)

    def select_release(self, inputs: InputSet):
        info = inputs.helm_release
        return select_release(self.case.version, info.chart_version if info else None, info.origin if info else None)

    def check_no_op_edits(self, inputs: InputSet) -> None:
        """Editing with no edits gives the text back unchanged, byte for byte."""
        for source in inputs.sources:
            if source.document.node is None or (source.embedding is not None and not source.embedding.block):
                continue  # inline HelmRelease values and quoted/base64 embeddings are never edited
            result = self.guarded("no-op-edit", edit_source, source.text, source, [], source.file)
            if result is None:
                continue  # the editor refuses this file (as --in-place would, cleanly)
            _expect(result.text == source.text and not result.refused, "no-op-edit-changes-text", source.label)

    def check_views(self, target: str, plan, effective, release) -> None:
        """The overlay and its ConfigMap form read back as the planned values; the other views render."""
        self.stage = f"overlay:{target}"
        wanted = overlay_values(plan)
        overlay = render_overlay(plan)
        read = _read_own_yaml(overlay, "overlay.yaml")
        _expect(same_values(read, wanted), "overlay-reads-back", lambda: f"planned {wanted!r}\nread {read!r}")
        configmap = as_configmap(overlay, "bbvalues-fuzz", "bigbang")
        try:
            embedded = load_inputs([STDIN], stdin_text=configmap).sources
        except BBValuesError as exc:
            raise UnexpectedError("overlay-configmap-unreadable", exc) from None
        _expect(len(embedded) == 1 and same_values(embedded[0].values, wanted), "overlay-configmap-reads-back",
                lambda: configmap)
        self.stage = f"views:{target}"
        json.dumps(plan_document(plan, release))
        after = effective_after(plan, effective)
        json.dumps(json_patch(effective.values, after))
        values_diff(effective.values, after)

    def check_landing(self, target: str, plan, effective, options: MigrationOptions, release) -> None:
        """Unless the plan is blocking, the values after it are in the target mode, with nothing left to do."""
        if plan.blocking:
            return
        self.stage = f"land:{target}"
        after = values_source(effective_after(plan, effective))
        detection = detect(UmbrellaView(merge_sources(after.sources), release.release), release.label,
                           CheckOptions(options.label_removal))
        _expect((detection.mode, detection.problems) == (target, []), "lands-in-target",
                lambda: f"target {target}, detected {detection.mode}, problems {detection.problems}",
                lambda: _landing_cause(detection, options))
        again = plan_migration(after, options, release)
        _expect(not again.changes and not again.required_edits, "plan-is-idempotent",
                lambda: f"second plan: {again.changes} {again.required_edits}")

    def check_in_place(self, target: str, effective, options: MigrationOptions, release) -> None:
        """--in-place on a fresh copy: what it writes reads back as the input + the plan, and a second
        run finds nothing more to delete or set."""
        stage = f"in-place:{target}"
        self.stage = stage
        paths = write_case(self.case, self.scratch / f"in-place-{target}")
        inputs = load_inputs([str(path) for path in paths])  # the same bytes already read once
        plan = plan_migration(inputs, options, release)
        result = self.guarded(stage, plan_in_place, plan, inputs)
        if result is None or result.refused:
            return
        before = {path: path.read_bytes() for path in paths}
        if self.guarded(stage, apply_in_place, result, backup=False) is None:
            return
        self.stage = stage
        changed = {Path(file.path).resolve() for file in result.changed_files}
        untouched = [path for path in paths if path.resolve() not in changed and path.read_bytes() != before[path]]
        _expect(not untouched, "in-place-touches-only-changed-files", lambda: str(untouched))
        try:
            reread = load_inputs([str(path) for path in paths])
        except BBValuesError as exc:
            raise UnexpectedError("in-place-output-unreadable", exc) from None
        actual, wanted = merge_sources(reread.sources).values, effective_after(plan, effective)
        _expect(same_values(actual, wanted), "in-place-equals-input-plus-plan",
                lambda: f"effective after --in-place {actual!r}\nplanned {wanted!r}")
        again = plan_migration(reread, options, release)
        leftover = [edit for edit in again.required_edits if edit.deletes]
        _expect(not again.changes and not leftover, "in-place-is-idempotent",
                lambda: f"second plan: {again.changes} {leftover}")
        second = plan_in_place(again, reread)
        _expect(not second.changed_files, "in-place-second-run-edits-nothing", lambda: second.diff)

    def review(self, inputs: InputSet, options: MigrationOptions, release) -> None:
        result = build_review(inputs, options, release)
        for name in REVIEW_FORMATS:
            text = review_renderer(name)(result)
            if name == "json":
                json.loads(text)

    def check_netpol(self, effective, release) -> None:
        """Every package block expands (or bb-common rejects it), and the YAML written parses back."""
        for block in package_blocks(effective.values):
            stage = f"netpol:{block.name}"
            package = self.guarded(stage, package_values, effective.values, block.name, release=release.release)
            if package is None:
                continue
            documents = self.guarded(stage, expand, package.values, release_name=package.name,
                                     namespace=package.namespace)
            if documents is None:
                continue
            self.stage = stage
            _expect(parse_stream(dump_manifests(documents)) == documents, "netpol-dump-reads-back", block.name)

    def lint(self, inputs: InputSet, release) -> None:
        findings = run_lint(inputs, release)
        for finding in findings:
            _expect(finding.severity in SEVERITIES and finding.line >= 1 and finding.column >= 1
                    and finding.message and finding.fix, "lint-finding-complete", repr(finding))
        for name in LINT_FORMATS:
            text = lint_renderer(name)(findings)
            if name in JSON_FORMATS:
                json.loads(text)


def _landing_cause(detection, options: MigrationOptions) -> str:
    cause = problem_cause(detection.problems[0]) if detection.problems else f"detected {detection.mode}"
    return f"{cause} (with --gateway)" if options.gateways else cause


def values_source(values: dict, file: str = "after.yaml") -> InputSet:
    """Values already in memory as an input set (no text: only the planner reads them)."""
    return InputSet(sources=[ValuesSource(file=file, text="", document=ParsedDocument(None, values))])


def _read_own_yaml(text: str, name: str) -> Any:
    """Read YAML that bbvalues wrote; failing to is a finding, not a clean error."""
    try:
        nodes = compose_documents(text, name)
        value = to_python(nodes[0] if nodes else None, LineMap(name)).value
    except BBValuesError as exc:
        raise UnexpectedError("own-output-unreadable", exc) from None
    return {} if value is None else value
