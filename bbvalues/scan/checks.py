"""Each environment through the library's public entry points: load, select the release, detect, plan, lint.

This module is the only place `scan` calls into documents, bigbang, migrate and lint; everything else in the
package works on what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from bbvalues.bigbang.detect import detect_inputs
from bbvalues.bigbang.modes import INCONSISTENT
from bbvalues.bigbang.releases import SelectedRelease, select_release, table_data
from bbvalues.documents.flux import ChartIdentity, FluxRelease, Problem, chart_releases, resolve_release
from bbvalues.documents.inputs import InputSet, load_inputs
from bbvalues.documents.kustomize import FileCache, build
from bbvalues.errors import BBValuesError
from bbvalues.lint import run_lint
from bbvalues.migrate.planner import MigrationOptions, plan_migration
from bbvalues.scan.discover import EnvironmentSpec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Problems that make a release fail in Flux, or mean its values do not hold one mode: they need work.
FAILING_KINDS = ("missing-source", "missing-key", "name-hash", "mode")


@dataclass(frozen=True)
class ScanOptions:
    target: str | None = None
    label_removal: str | None = None  # None: the planner's default
    gateways: tuple[str, ...] = ()
    bigbang_version: str | None = None
    disabled_checks: tuple[str, ...] = ()
    show_secrets: bool = False


@dataclass
class LoadedEnvironment:
    """An environment's values sources in merge order, and what kept them from being known exactly."""

    spec: EnvironmentSpec
    name: str
    inputs: InputSet | None = None
    flux: FluxRelease | None = None
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return any(problem.makes_partial for problem in self.problems)


@dataclass
class EnvironmentReport:
    """What `scan` says about one environment (secrets already redacted unless asked otherwise)."""

    name: str
    path: str
    files: list[str]
    release: SelectedRelease | None = None
    mode: str | None = None
    partial: bool = False
    problems: list[Problem] = field(default_factory=list)
    plan: Any = None
    findings: list = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(problem.kind == "error" for problem in self.problems)

    @property
    def has_changes(self) -> bool:
        return self.plan is not None and self.plan.has_work


@lru_cache(maxsize=1)
def chart_identity() -> ChartIdentity:
    chart = table_data()["chart"]
    return ChartIdentity(chart["name"], chart["git_path"])


def load_environments(spec: EnvironmentSpec, cache: FileCache, chart: ChartIdentity) -> list[LoadedEnvironment]:
    """The Big Bang environments of `spec`: one per HelmRelease of the chart its build holds (none when
    it holds none), or its declared files."""
    if spec.declared is not None:
        loaded = LoadedEnvironment(spec, spec.name, files=list(spec.declared.files))
        try:
            loaded.inputs = load_inputs(spec.declared.files)
        except BBValuesError as exc:
            loaded.problems.append(error_problem(exc))
        return [loaded]
    try:
        built = build(spec.path, cache)
        releases = chart_releases(built, chart)
    except BBValuesError as exc:
        return [LoadedEnvironment(spec, spec.name, problems=[error_problem(exc)])]
    environments = []
    for manifest, source in releases:
        name = spec.name if len(releases) == 1 else f"{spec.name}:{manifest.name}"
        loaded = LoadedEnvironment(spec, name, files=list(built.files))
        try:
            loaded.flux = resolve_release(built, manifest, source, cache)
            loaded.inputs = loaded.flux.inputs
            loaded.problems.extend(loaded.flux.problems)
        except BBValuesError as exc:
            loaded.problems.append(error_problem(exc))
        environments.append(loaded)
    return environments


def select(loaded: LoadedEnvironment, options: ScanOptions) -> SelectedRelease:
    declared = loaded.spec.declared
    flag = options.bigbang_version or (declared.bigbang_version if declared else None)
    info = loaded.inputs.helm_release
    return select_release(flag, info.chart_version if info else None, info.origin if info else None)


def migration_options(options: ScanOptions, target: str, in_place: bool = False) -> MigrationOptions:
    extra = {"label_removal": options.label_removal} if options.label_removal else {}
    return MigrationOptions(target, gateways=options.gateways, in_place=in_place, **extra)


def check_environment(loaded: LoadedEnvironment, options: ScanOptions) -> EnvironmentReport:
    """Detect, plan (with a target) and lint one loaded environment; an error stays with the environment."""
    report = EnvironmentReport(loaded.name, loaded.spec.path, loaded.files, partial=loaded.partial,
                               problems=list(loaded.problems))
    if loaded.inputs is None:
        return report
    try:
        report.release = select(loaded, options)
        if report.release.warning:
            report.problems.append(Problem("note", report.release.warning))
        detection = detect_inputs(loaded.inputs, report.release)
        report.mode = detection.mode
        if detection.mode == INCONSISTENT:
            report.problems.extend(Problem("mode", problem.message, problem.origin) for problem in detection.problems)
        if options.target:
            report.plan = plan_migration(loaded.inputs, migration_options(options, options.target), report.release)
        report.findings = run_lint(loaded.inputs, report.release, skip=options.disabled_checks)
    except BBValuesError as exc:
        report.problems.append(error_problem(exc))
    return _redacted(report, loaded.inputs, options.show_secrets)


def error_problem(exc: BBValuesError) -> Problem:
    return Problem("error", exc.message, exc.origin, exc.hint) if exc.origin or not exc.file else \
        Problem("error", f"{exc.file}: {exc.message}", None, exc.hint)


def _redacted(report: EnvironmentReport, inputs: InputSet, show_secrets: bool) -> EnvironmentReport:
    """Reports reach merge requests and CI logs: every environment's own secrets are kept out of them."""
    from dataclasses import replace

    from bbvalues.report.redact import Redactor
    from bbvalues.report.redact_reports import redacted_findings, redacted_plan

    redactor = Redactor.for_values((source.values for source in inputs.sources), enabled=not show_secrets)
    if not redactor.enabled:
        return report
    report.problems = [replace(problem, message=redactor.text(problem.message)) for problem in report.problems]
    report.findings = redacted_findings(report.findings, redactor)
    if report.plan is not None:
        report.plan = redacted_plan(report.plan, redactor)
    return report


def load_fleet(directories: list[str]) -> list[LoadedEnvironment]:
    """Every environment under `directories`, loaded (not yet checked)."""
    from bbvalues.bigbang.modes import MODES
    from bbvalues.scan.discover import discover

    cache = FileCache()
    chart = chart_identity()
    return [loaded for spec in discover(directories, MODES, cache).environments
            for loaded in load_environments(spec, cache, chart)]


def plan_environment(loaded: LoadedEnvironment, options: ScanOptions):
    """The in-place migration plan of one environment (overrides handed back to the release), with its
    repository's settings where the options leave them."""
    settings = with_repository_settings(options, loaded.spec)
    return plan_migration(loaded.inputs, migration_options(settings, settings.target, in_place=True),
                          select(loaded, settings))


def with_repository_settings(options: ScanOptions, spec: EnvironmentSpec, target: str | None = None) -> ScanOptions:
    """The command line's options, completed by `.bbvalues.yaml` (target, label removal, disabled checks)."""
    from dataclasses import replace

    config = spec.config
    return replace(options, target=target or options.target or config.target,
                   label_removal=options.label_removal or config.label_removal,
                   disabled_checks=tuple(options.disabled_checks) + config.disabled_checks)


def edit_files(loaded: LoadedEnvironment, plan, target: str):
    """The in-place edits of `plan` in the environment's files, new keys into `target`; nothing written."""
    from bbvalues.migrate.inplace import plan_in_place

    return plan_in_place(plan, loaded.inputs, target=target)


def apply_edits(results: list, backup: bool, force: bool):
    """Write the edits of several `edit_files` results in one transaction."""
    from bbvalues.migrate.inplace import InPlaceResult, apply_in_place

    combined = InPlaceResult(files=[file for result in results for file in result.files],
                             inputs=[path for result in results for path in result.inputs])
    return apply_in_place(combined, backup=backup, force=force)
