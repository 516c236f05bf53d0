"""`bbvalues scan`: every Big Bang environment of a GitOps repository checked in one run.

Data flows one way: directories -> environments found as Flux finds them (`discover`) -> each one's
values resolved through Kustomize and the HelmRelease's `valuesFrom` (documents.kustomize,
documents.flux), or read from the files `.bbvalues.yaml` declares -> detect, plan and lint per
environment (`checks`, the only caller of those entry points) -> a `ScanReport` that reporters in
`bbvalues.report.scan_*` render. An environment that cannot be read is reported as such; the others are
still checked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bbvalues.scan.checks import FAILING_KINDS, ScanOptions, EnvironmentReport

EXIT_OK, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2


@dataclass
class ScanReport:
    directories: list[str]
    target: str | None
    environments: list[EnvironmentReport] = field(default_factory=list)
    fail_on: str = "error"

    @property
    def summary(self) -> dict:
        from bbvalues.lint import SEVERITIES

        findings = Counter(finding.severity for env in self.environments for finding in env.findings)
        return {
            "environments": len(self.environments),
            "modes": dict(sorted(Counter(env.mode for env in self.environments if env.mode).items())),
            "partial": sum(env.partial for env in self.environments),
            "errors": sum(env.failed for env in self.environments),
            "with_problems": sum(bool(failing_problems(env)) for env in self.environments),
            "with_changes": sum(env.has_changes for env in self.environments),
            "findings": {severity: findings.get(severity, 0) for severity in SEVERITIES},
            "target": self.target,
        }

    @property
    def exit_code(self) -> int:
        """As `--check`: 1 when an environment could not be checked, else 2 when one needs changes, has
        a problem Flux or the mode check would fail on, or a finding at or above `fail_on`; else 0."""
        from bbvalues.lint import failing

        if any(env.failed for env in self.environments):
            return EXIT_ERROR
        needs_work = any(env.has_changes or failing_problems(env) or failing(env.findings, self.fail_on)
                         for env in self.environments)
        return EXIT_CHANGES if needs_work else EXIT_OK


def failing_problems(env: EnvironmentReport) -> list:
    return [problem for problem in env.problems if problem.kind in FAILING_KINDS + ("error",)]


def scan(directories: list[str], options: ScanOptions, fail_on: str = "error", progress: bool = False,
         jobs: int = 1) -> ScanReport:
    """Find and check every environment under `directories`: in this process, or spread over `jobs` worker
    processes; with `progress`, runs longer than a second show it on stderr (report.progress)."""
    import gc

    from bbvalues.bigbang.modes import MODES
    from bbvalues.documents.collector import without_cycle_collection
    from bbvalues.documents.kustomize import FileCache
    from bbvalues.report.progress import Progress
    from bbvalues.scan.discover import discover

    cache = FileCache()
    found = discover(directories, MODES, cache)
    target = options.target or next((config.target for config in found.configs if config.target), None)
    report = ScanReport(list(directories), target, fail_on=fail_on)
    specs = found.environments
    with Progress("scanning environments", len(specs), delay=1.0 if progress else float("inf")) as bar:
        if jobs > 1 and len(specs) >= _CHUNK * 2:
            chunks = [specs[start:start + _CHUNK] for start in range(0, len(specs), _CHUNK)]
            for chunk, checked in zip(chunks, _in_workers(chunks, options, target, jobs, cache)):
                report.environments.extend(checked)
                bar.advance(len(chunk), chunk[-1].name)
        else:
            with without_cycle_collection():
                for index, spec in enumerate(specs, 1):
                    report.environments.extend(check_spec(spec, options, target, cache))
                    bar.advance(1, spec.name)
                    if index % _CHUNK == 0:
                        gc.collect(1)
    return report


# Environments per task handed to a worker process (few round trips, even load), and between two collections of
# the young objects: the cycle collector is paused during a scan, since each automatic full collection walks every
# environment's objects kept so far (a fifth of a fleet scan's time), while what an environment leaves behind is young.
_CHUNK = 25


def _in_workers(chunks: list, options: ScanOptions, target: str | None, jobs: int, cache):
    """Each chunk checked in a worker process, results in the chunks' order. Forked workers start with a copy of
    `cache`, which discovery filled with every kustomization (a spawned worker would be sent it: it starts empty)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(cache if fork else None,)) as pool:
        yield from pool.map(_check_chunk, [(chunk, options, target) for chunk in chunks])


_worker_cache = None  # a worker process's FileCache, shared by the chunks it checks


def _start_worker(cache) -> None:
    from bbvalues.documents.kustomize import FileCache

    global _worker_cache
    _worker_cache = cache if cache is not None else FileCache()


def _check_chunk(task: tuple) -> list[EnvironmentReport]:
    from bbvalues.documents.collector import without_cycle_collection

    chunk, options, target = task
    cache = _worker_cache
    with without_cycle_collection():
        return [report for spec in chunk for report in check_spec(spec, options, target, cache)]


def check_spec(spec, options: ScanOptions, target: str | None, cache) -> list[EnvironmentReport]:
    """The environments of one discovered directory (or declared file list), checked with its repository's settings."""
    from bbvalues.scan.checks import chart_identity, check_environment, load_environments, with_repository_settings

    settings = with_repository_settings(options, spec, target)
    return [check_environment(loaded, settings) for loaded in load_environments(spec, cache, chart_identity())]
