"""`.bbvalues.yaml` at a repository's root: what a scan of that repository needs and cannot find by itself.

```yaml
target: ambient-gateway            # the mode `scan` checks against and `migrate` moves to without --to
label-removal: auto                # auto, none or null (see `bbvalues migrate --help`)
lint:
  disable: [null-waypoint-label]   # lint checks skipped in every environment
environments:                      # plain values-file environments: ordered file lists, later files win
  dev: [values/common.yaml, values/dev.yaml]
  prod:
    files: [values/common.yaml, values/prod.yaml]
    bigbang-version: 3.30.0        # there is no HelmRelease to pin it
```

Paths are relative to the file's directory. Environments that Flux deploys (a HelmRelease built by
Kustomize) are found without being declared. An unknown key is refused with its line: a typo must not
silently switch a setting off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bbvalues.documents.inputs import compose_file
from bbvalues.documents.yamltree import ParsedDocument, yaml_kind
from bbvalues.errors import BBValuesError, Origin

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CONFIG_FILE = ".bbvalues.yaml"
LABEL_REMOVALS = ("auto", "none", "null")
_KEYS = ("target", "label-removal", "lint", "environments")
_ENVIRONMENT_KEYS = ("files", "bigbang-version")


@dataclass(frozen=True)
class DeclaredEnvironment:
    name: str
    files: tuple[str, ...]  # as messages name them: the config's directory joined with each entry
    bigbang_version: str | None
    origin: Origin


@dataclass
class RepositoryConfig:
    file: str | None = None
    target: str | None = None
    label_removal: str | None = None
    disabled_checks: tuple[str, ...] = ()
    environments: list[DeclaredEnvironment] = field(default_factory=list)

    @property
    def root(self) -> str | None:
        return os.path.dirname(self.file) or "." if self.file else None


def find_config(directory: str) -> str | None:
    """`.bbvalues.yaml` in `directory` or the nearest parent, stopping at a repository's root (`.git`)."""
    current = os.path.abspath(directory)
    relative = directory
    while True:
        candidate = os.path.join(current, CONFIG_FILE)
        if os.path.isfile(candidate):
            return os.path.normpath(os.path.join(relative, CONFIG_FILE))
        parent = os.path.dirname(current)
        if os.path.exists(os.path.join(current, ".git")) or parent == current:
            return None
        current, relative = parent, os.path.join(relative, os.pardir)


def load_config(path: str | None, modes: tuple[str, ...]) -> RepositoryConfig:
    """The settings of `path` (an empty config when None), each checked with the line it was written on."""
    if path is None:
        return RepositoryConfig()
    parsed = compose_file(path)
    doc = parsed.docs[0] if parsed.docs else ParsedDocument(node=None, value={})
    reader = _Reader(doc, path)
    values = reader.mapping((), _KEYS)
    config = RepositoryConfig(file=path)
    config.target = reader.choice(("target",), modes)
    config.label_removal = reader.choice(("label-removal",), LABEL_REMOVALS)
    if values.get("lint") is not None:
        reader.mapping(("lint",), ("disable",))
        config.disabled_checks = tuple(reader.strings(("lint", "disable")))
    environments = values.get("environments")
    if environments is not None:
        for name in reader.mapping(("environments",), None):
            config.environments.append(reader.environment(name, config.root or "."))
    return config


class _Reader:
    """Typed access to the config's keys; a wrong shape is an error at its line."""

    def __init__(self, doc: ParsedDocument, path: str):
        self.doc = doc
        self.path = path

    def origin(self, path: tuple) -> Origin:
        for end in range(len(path), 0, -1):
            if path[:end] in self.doc.origins:
                return self.doc.origins[path[:end]]
        return Origin(self.path, 1, 1)

    def value(self, path: tuple) -> Any:
        value = self.doc.value if self.doc.value is not None else {}
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def fail(self, path: tuple, message: str, hint: str | None = None) -> BBValuesError:
        name = ".".join(str(key) for key in path) or "the file"
        return BBValuesError(f"{CONFIG_FILE}: {name} {message}", self.origin(path), hint=hint)

    def mapping(self, path: tuple, keys: tuple[str, ...] | None) -> dict:
        value = self.value(path)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(path, f"must be a map, not {yaml_kind(value)}")
        unknown = [key for key in value if keys is not None and key not in keys]
        if unknown:
            raise self.fail(path + (unknown[0],), "is not a setting bbvalues knows",
                            hint=f"the settings here are {', '.join(keys)}")
        return value

    def choice(self, path: tuple, choices: tuple[str, ...]) -> str | None:
        value = self.value(path)
        if value is None and path in self.doc.origins and "null" in choices:
            return "null"  # `label-removal: null` unquoted is YAML's null
        if value is not None and value not in choices:
            raise self.fail(path, f"is {value!r}; choose one of {', '.join(choices)}")
        return value

    def strings(self, path: tuple) -> list[str]:
        value = self.value(path)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(path, "must be a list of names")
        return value

    def environment(self, name: str, root: str) -> DeclaredEnvironment:
        path = ("environments", name)
        value = self.value(path)
        if isinstance(value, dict):
            self.mapping(path, _ENVIRONMENT_KEYS)
            files, version = self.strings(path + ("files",)), value.get("bigbang-version")
        else:
            files, version = self.strings(path), None
        if not files:
            raise self.fail(path, "lists no files", hint="give the values files in Helm order: later files win")
        if version is not None and not isinstance(version, str):
            raise self.fail(path + ("bigbang-version",), f"must be a string, not {yaml_kind(version)}",
                            hint='quote it: "3.30.0"')
        return DeclaredEnvironment(str(name), tuple(os.path.normpath(os.path.join(root, file)) for file in files),
                                   version, self.origin(path))
