"""Find a GitOps repository's Big Bang environments the way Flux would deploy them.

An environment is what one Flux Kustomization applies: a kustomization directory that no other
kustomization of the repository includes (`base/` is included by `dev/`, so it is not one), or a
directory without a kustomization whose manifests Flux takes as they are; it counts when its build holds
a HelmRelease of the Big Bang chart (one environment per such release). Environments of plain values
files are declared in `.bbvalues.yaml`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bbvalues.documents.kustomize import FileCache, kustomization_file
from bbvalues.errors import BBValuesError
from bbvalues.patterns import Pattern
from bbvalues.scan.config import DeclaredEnvironment, RepositoryConfig, find_config, load_config

# Directories no GitOps layout keeps manifests in (and that can be huge).
_SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "vendor"})
_RESOURCE_FIELDS = ("resources", "bases", "components")
_REMOTE = Pattern(r"://|^git@|\?ref=")


@dataclass(frozen=True)
class EnvironmentSpec:
    """Where an environment's values come from: a directory Flux builds, or files declared in `.bbvalues.yaml`."""

    name: str
    path: str
    config: RepositoryConfig
    declared: DeclaredEnvironment | None = None


@dataclass
class Discovery:
    environments: list[EnvironmentSpec] = field(default_factory=list)
    configs: list[RepositoryConfig] = field(default_factory=list)


def discover(directories: list[str], modes: tuple[str, ...], cache: FileCache) -> Discovery:
    """Every environment under `directories` (each scanned once, in the order given, then by path)."""
    found = Discovery()
    seen: set[str] = set()
    for directory in directories:
        if not os.path.isdir(directory):
            raise BBValuesError("not a directory" if os.path.exists(directory) else "no such directory",
                                file=directory, hint="scan takes directories; pass the "
                                "repository (or an environment's folder)")
        config = load_config(find_config(directory), modes)
        found.configs.append(config)
        for spec in _environments(directory, config, cache):
            key = os.path.realpath(spec.path) + (f"#{spec.declared.name}" if spec.declared else "")
            if key not in seen:
                seen.add(key)
                found.environments.append(spec)
    return found


def _environments(directory: str, config: RepositoryConfig, cache: FileCache) -> list[EnvironmentSpec]:
    kustomizations, loose = _walk(directory)
    included = _included(kustomizations, cache)
    roots = [path for path in kustomizations if os.path.realpath(path) not in included]
    roots += [path for path in loose if not _covered(path, included)]
    specs = [EnvironmentSpec(_name(path, directory), path, config) for path in sorted(roots)]
    specs += [EnvironmentSpec(declared.name, config.root or ".", config, declared)
              for declared in config.environments]
    return specs


def _walk(directory: str) -> tuple[list[str], list[str]]:
    """Kustomization directories, and directories without one that hold a HelmRelease file."""
    kustomizations, loose = [], []
    for current, subdirectories, files in os.walk(directory):
        subdirectories[:] = sorted(name for name in subdirectories
                                   if not name.startswith(".") and name not in _SKIPPED_DIRECTORIES)
        if kustomization_file(current):
            kustomizations.append(os.path.normpath(current))
        elif any(_mentions_helm_release(os.path.join(current, name)) for name in files
                 if name.endswith((".yaml", ".yml"))):
            loose.append(os.path.normpath(current))
    return kustomizations, loose


def _mentions_helm_release(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"HelmRelease" in handle.read()
    except OSError:
        return False


def _included(kustomizations: list[str], cache: FileCache) -> set[str]:
    """Real paths of every directory and file some kustomization of the repository names."""
    included: set[str] = set()
    for directory in kustomizations:
        path = kustomization_file(directory)
        try:
            parsed = cache.read(path)
        except BBValuesError:
            continue  # building the environment reports it
        fields = parsed.docs[0].value if parsed.docs and isinstance(parsed.docs[0].value, dict) else {}
        for name in _RESOURCE_FIELDS + ("patchesStrategicMerge",):
            for entry in fields.get(name) or []:
                if isinstance(entry, str) and not _REMOTE.search(entry):
                    included.add(os.path.realpath(os.path.join(directory, entry)))
        for entry in fields.get("patches") or []:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                included.add(os.path.realpath(os.path.join(directory, entry["path"])))
    return included


def _covered(directory: str, included: set[str]) -> bool:
    """A directory whose files a kustomization lists is built there, not on its own."""
    real = os.path.realpath(directory)
    return real in included or any(os.path.dirname(path) == real for path in included)


def _name(path: str, directory: str) -> str:
    """The environment's folder relative to the scanned directory (the scanned folder's own name for itself)."""
    relative = os.path.relpath(path, directory)
    return os.path.basename(os.path.abspath(directory)) if relative == "." else relative
