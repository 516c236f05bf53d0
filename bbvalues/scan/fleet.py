"""`bbvalues migrate --to MODE --in-place DIR...`: every environment migrated in its own files.

Where each change goes:
- a key one of the environment's own files sets is edited there (the layer that sets it);
- a new key, or one only a shared layer (`base/`) sets, goes into the environment's own ConfigMap (its last
  editable values source of its own, a ConfigMap preferred), overriding the shared value for it alone;
- only when every environment that shares a layer needs the very same change, and none of them sets the
  key in a file of its own, is the change made once in that shared layer;
- a key to delete that a shared layer sets, when not every environment sharing it needs that, is refused:
  deleting it would change the others, and an override cannot delete.

All or nothing per environment: its edits (with the shared edits it relies on, which bind together the
environments sharing them) are written in one transaction, or none is. Nothing is written with `dry_run`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from bbvalues.documents.inputs import ValuesSource
from bbvalues.documents.paths import has_path
from bbvalues.documents.yamltree import dotted_path
from bbvalues.errors import BBValuesError
from bbvalues.records import replaced
from bbvalues.scan.checks import ScanOptions, LoadedEnvironment, apply_edits, edit_files, plan_environment


@dataclass
class EnvironmentMigration:
    name: str
    written: list[str] = field(default_factory=list)
    changes: int = 0
    refused: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    diff: str = ""
    shared_with: list[str] = field(default_factory=list)


@dataclass
class FleetMigration:
    target: str
    environments: list[EnvironmentMigration] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)  # every source's values, to keep secrets out of reports

    @property
    def refused(self) -> bool:
        return any(env.refused for env in self.environments)

    @property
    def manual(self) -> bool:
        return any(env.manual for env in self.environments)


@dataclass
class _Job:
    """Edits to make through one `plan_in_place` call: a plan subset written into `target`."""

    env: LoadedEnvironment
    plan: object
    target: str
    owners: frozenset[str]  # the environments whose files these are
    allowed: frozenset[str]  # the files this job may change


def migrate_directories(directories: list[str], options: ScanOptions, dry_run: bool = False, backup: bool = True,
                        force: bool = False) -> FleetMigration:
    from bbvalues.scan.checks import load_fleet

    loaded = [env for env in load_fleet(directories) if env.inputs is not None or env.problems]
    if not loaded:
        raise BBValuesError("is a directory with no Big Bang environment (no Flux HelmRelease of the bigbang chart, "
                            "no .bbvalues.yaml environment)", file=directories[0],
                            hint="pass the values files of one environment, or the GitOps repository")
    result = FleetMigration(options.target, values=[source.values for env in loaded if env.inputs is not None
                                                    for source in env.inputs.sources])
    planned = {}
    for env in loaded:
        report = EnvironmentMigration(env.name)
        result.environments.append(report)
        if env.inputs is None:
            report.refused.extend(problem.message for problem in env.problems if problem.kind == "error")
            continue
        try:
            planned[env.name] = (env, plan_environment(env, options))
        except BBValuesError as exc:
            report.refused.append(str(exc))
    by_name = {report.name: report for report in result.environments}
    jobs = _jobs(planned, by_name)
    for group in _groups(jobs, planned):
        _run_group(group, jobs, by_name, dry_run, backup, force)
    return result


def _users(planned: dict) -> dict[str, set[str]]:
    """Which environments read each editable values file."""
    users: dict[str, set[str]] = defaultdict(set)
    for name, (env, _plan) in planned.items():
        for source in editable_sources(env):
            users[source.file].add(name)
    return users


def editable_sources(env: LoadedEnvironment) -> list[ValuesSource]:
    if env.flux is not None:
        return [layer.source for layer in env.flux.layers if layer.editable and layer.source is not None]
    return [source for source in env.inputs.sources if not source.release_inline]


def _jobs(planned: dict, reports: dict) -> list[_Job]:
    users = _users(planned)
    wanted: dict[tuple, set[str]] = defaultdict(set)  # (shared file, item) -> environments needing it
    choices: dict[str, dict] = {}
    for name, (env, plan) in planned.items():
        choices[name] = _place_items(env, plan, users, reports[name])
        for shared_file, item in choices[name]["shared"]:
            wanted[(shared_file, _identity(item))].add(name)
    jobs: list[_Job] = []
    shared_items: dict[str, list] = defaultdict(list)
    for name, (env, plan) in planned.items():
        own = list(choices[name]["own"])
        for shared_file, item in choices[name]["shared"]:
            if wanted[(shared_file, _identity(item))] == users[shared_file]:
                shared_items[shared_file].append((name, item))
            elif _is_delete(item):
                reports[name].refused.append(
                    f"{dotted_path(item.path)} is set in {shared_file}, which "
                    f"{', '.join(sorted(users[shared_file] - {name}))} also read and do not need it deleted; "
                    "delete it by hand where it belongs (an override cannot delete)")
            else:
                own.append(item)
        if own and not reports[name].refused:
            target = _own_target(env, users)
            if target is None:
                reports[name].refused.append("no values file of its own to write to (its editable sources, if any, are "
                                             "shared with other environments; inline HelmRelease values are not edited)")
            else:
                own_files = frozenset(source.file for source in editable_sources(env) if users[source.file] == {name})
                jobs.append(_Job(env, _subset(plan, own), target, frozenset({name}), own_files))
    for shared_file, entries in shared_items.items():
        first = entries[0][0]
        items = [item for owner, item in entries if owner == first]
        env, plan = planned[first]
        jobs.append(_Job(env, _subset(plan, items), shared_file, frozenset(users[shared_file]),
                         frozenset({shared_file})))
    return jobs


def _place_items(env: LoadedEnvironment, plan, users: dict, report: EnvironmentMigration) -> dict:
    """Each change or delete of `plan`: into an own file, or a candidate for a shared layer (with that file)."""
    placed: dict = {"own": [], "shared": []}
    editable = {source.file for source in editable_sources(env)}
    for item in list(plan.changes) + list(plan.required_edits):
        holders = [source for source in env.inputs.sources if has_path(source.values, item.path)]
        read_only = [source for source in holders if source.file not in editable]
        if read_only and _is_delete(item):
            report.refused.append(f"{dotted_path(item.path)} is set in {read_only[0].label}, which cannot be edited "
                                  "in place (a literal, a targetPath or inline HelmRelease values); edit it by hand")
            continue
        shared = [source for source in holders if len(users.get(source.file, ())) > 1]
        own = [source for source in holders if source.file in editable and len(users[source.file]) == 1]
        if own or (_is_delete(item) and not shared):
            placed["own"].append(item)
        elif shared and len({source.file for source in shared}) == 1:
            placed["shared"].append((shared[0].file, item))
        elif not holders and _last_shared(env, users) is not None:
            placed["shared"].append((_last_shared(env, users), item))
        else:
            placed["own"].append(item)
    return placed


def _identity(item) -> tuple:
    """What makes two environments' changes "the same change": the key, the action and the new value."""
    new = json.dumps(getattr(item, "new", None), sort_keys=True, default=str)
    return tuple(item.path), getattr(item, "action", "set"), new


def _is_delete(item) -> bool:
    return getattr(item, "deletes", False)


def _own_target(env: LoadedEnvironment, users: dict) -> str | None:
    """The environment's own ConfigMap (its last editable source of its own; a ConfigMap before a Secret)."""
    own = [source for source in editable_sources(env) if len(users[source.file]) == 1]
    config_maps = [source for source in own if source.embedding is None or source.embedding.kind == "ConfigMap"]
    chosen = (config_maps or own)[-1:] if own else []
    return chosen[0].file if chosen else None


def _last_shared(env: LoadedEnvironment, users: dict) -> str | None:
    shared = [source for source in editable_sources(env) if len(users[source.file]) > 1
              and (source.embedding is None or source.embedding.kind == "ConfigMap")]
    return shared[-1].file if shared else None


def _subset(plan, items: list):
    changes = [item for item in items if not hasattr(item, "action")]
    edits = [item for item in items if hasattr(item, "action")]
    return replaced(plan, changes=changes, required_edits=edits)


def _groups(jobs: list[_Job], planned: dict) -> list[set[str]]:
    """Environments bound together by shared edits: each group is written, or refused, as one."""
    groups: list[set[str]] = [{name} for name in planned]
    for job in jobs:
        joined = [group for group in groups if group & job.owners]
        merged = set().union(*joined) if joined else set(job.owners)
        groups = [group for group in groups if not group & job.owners] + [merged]
    return groups


def _run_group(group: set[str], jobs: list[_Job], reports: dict, dry_run: bool, backup: bool, force: bool) -> None:
    results = []
    for job in (job for job in jobs if job.owners & group):
        try:
            result = edit_files(job.env, job.plan, job.target)
        except BBValuesError as exc:
            _refuse(job.owners, reports, str(exc))
            continue
        strays = [file.name for file in result.changed_files if file.name not in job.allowed]
        if strays:
            _refuse(job.owners, reports, f"the edit would also change {', '.join(strays)}, which other environments "
                                         "read; make this change by hand")
        for name in job.owners:
            reports[name].warnings.extend(result.warnings)
            reports[name].refused.extend(str(error) for error in result.refused)
            reports[name].manual.extend(f"{dotted_path(edit.path)} [{edit.rule}] {edit.reason}" for edit in result.manual)
        results.append((job, result))
    if any(reports[name].refused for name in group):
        for name in group:
            if not reports[name].refused:
                _refuse({name}, reports, f"not written: it shares edits with {', '.join(sorted(group - {name}))}, "
                                         "which could not be migrated")
        return
    changed = [(job, result) for job, result in results if result.changed_files]
    for job, result in changed:
        for name in job.owners:
            reports[name].changes += len(job.plan.changes) + len(job.plan.required_edits)
            reports[name].shared_with = sorted(set(reports[name].shared_with) | (job.owners - {name}))
            reports[name].diff += result.diff if name == min(job.owners) else ""
    if dry_run or not changed:
        return
    apply_edits([result for _job, result in changed], backup=backup, force=force)
    for job, result in changed:
        for name in job.owners:
            reports[name].written.extend(file.name for file in result.changed_files)


def _refuse(names, reports: dict, message: str) -> None:
    for name in names:
        reports[name].refused.append(message)
