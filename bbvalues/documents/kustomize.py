"""Build a Kustomize layout the way `kustomize build` (Kustomize 5.7, as Flux's kustomize-controller runs it)
does, for the objects that decide a Big Bang release's values: its HelmRelease and the ConfigMaps and Secrets
the release reads. Every object keeps where each of its fields was written, through patches too.

Built: `resources` (files and directories, recursively; the deprecated `bases`), `configMapGenerator` and
`secretGenerator` (`files`, `literals`, `envs`; `behavior` create, merge or replace; `generatorOptions`; the
name hash suffix), `patches`, `patchesStrategicMerge` and `patchesJson6902` (RFC 6902 through the jsonpatch
library; strategic merge as Kustomize applies it to a kind without an OpenAPI schema: maps merge, a null
deletes, lists are replaced whole), `namespace`, `namePrefix` and `nameSuffix`. Transformers run in
Kustomize's order. Like Flux (`--load-restrictor LoadRestrictionsNone`), files outside a kustomization's own
directory may be read.

Read and left alone: fields that never change a HelmRelease's spec nor a ConfigMap's or Secret's data
(`IGNORED_FIELDS`). Anything else (remote bases, `components`, `helmCharts`, `replacements`, `vars`,
`configurations`, plugin generators and transformers, ...) is a `Gap`: reported by name, so that a result
built without it is known to be incomplete. A SOPS-encrypted file, or an encrypted copy (`*.enc.yaml`) that
is not in the checkout, is `Unreadable`, not an error: the objects it holds are unknown.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass, field


from bbvalues.documents.inputs import FlatLineMap, compose_file, is_sops_encrypted
from bbvalues.documents.paths import MISSING, get_path
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap, ParsedDocument, ScalarNode, walk, yaml_kind
from bbvalues.errors import BBValuesError, Origin
from bbvalues.patterns import Pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
IGNORED_FIELDS = frozenset({
    "apiVersion", "kind", "metadata", "commonLabels", "labels", "commonAnnotations", "images", "replicas",
    "buildMetadata", "sortOptions", "openapi", "crds",
})
_BUILT_FIELDS = frozenset({
    "resources", "bases", "configMapGenerator", "secretGenerator", "generatorOptions", "patches",
    "patchesStrategicMerge", "patchesJson6902", "namespace", "namePrefix", "nameSuffix",
})
_GAP_NAMES = {"components": "components", "helmCharts": "helmCharts", "helmGlobals": "helmCharts",
              "replacements": "replacements", "vars": "vars", "configurations": "configurations",
              "generators": "generator plugins", "transformers": "transformer plugins",
              "validators": "validator plugins"}
# Kinds Kustomize's namespace transformer leaves without a namespace (the built-in cluster-scoped ones
# a GitOps layout holds; a CRD's kind is namespaced to Kustomize).
_CLUSTER_SCOPED = frozenset({"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
                             "PersistentVolume", "StorageClass", "PriorityClass", "APIService",
                             "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"})
_REMOTE = Pattern(r"^([a-z][a-z0-9+.-]*://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)|\?ref=|//")
_ENCRYPTED_NAME = Pattern(r"\.(enc|sops)\.(ya?ml|json)$")
_HASH_LETTERS = str.maketrans({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"})


@dataclass(frozen=True)
class Gap:
    """A feature of the layout bbvalues does not build: the objects may differ from what Flux applies."""

    feature: str
    origin: Origin
    message: str


@dataclass(frozen=True)
class Unreadable:
    """A file of the build bbvalues cannot read; what it holds (kind and name, when its metadata is plain) is unknown."""

    file: str
    reason: str
    origin: Origin | None
    objects: tuple[tuple[str, str, str | None], ...] = ()  # (kind, name, namespace) of the objects it declares


@dataclass(frozen=True)
class DataText:
    """Where one ConfigMap/Secret data value was written: a manifest document (a resource or a strategic-merge
    patch shaped like one) holding it under `data`/`stringData`, a whole file (a generator's `files` entry),
    or only a position (a literal, an env file line, an RFC 6902 operation)."""

    origin: Origin
    file: Any = None  # documents.inputs' parsed file holding `document`, or the whole value
    document: ParsedDocument | None = None
    whole_file: bool = False


@dataclass
class Manifest:
    """One object of the build: its value after every transformer, and where its fields were written."""

    value: dict
    file: str
    origins: dict = field(default_factory=dict)
    data: dict[str, DataText] = field(default_factory=dict)  # ConfigMap/Secret: every data/stringData key
    generated: bool = False
    hashed: bool = False  # a generated name that gets Kustomize's content hash suffix
    previous_names: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return str(self.value.get("kind") or "")

    @property
    def name(self) -> str:
        return str(_metadata(self.value).get("name") or "")

    @property
    def namespace(self) -> str | None:
        namespace = _metadata(self.value).get("namespace")
        return None if namespace in (None, "") else str(namespace)

    @property
    def group(self) -> str:
        api_version = str(self.value.get("apiVersion") or "")
        return api_version.split("/", 1)[0] if "/" in api_version else ""

    @property
    def version(self) -> str:
        return str(self.value.get("apiVersion") or "").rsplit("/", 1)[-1]

    @property
    def key(self) -> tuple:
        """Kustomize's resource id: no two objects of one build may share it."""
        return self.group, self.kind, self.name, self.namespace

    def describe(self) -> str:
        where = f" in namespace {self.namespace}" if self.namespace else ""
        return f"{self.kind} {self.name}{where}"


@dataclass
class Build:
    """What `kustomize build DIRECTORY` emits, as far as bbvalues builds it, with what it could not read or build."""

    directory: str
    manifests: list[Manifest]
    files: list[str]
    gaps: list[Gap] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    directories: list[str] = field(default_factory=list)  # every kustomization directory the build went through


class FileCache:
    """Every file read once per run however many builds share it (a fleet shares its base)."""

    def __init__(self):
        self._files: dict[str, Any] = {}

    def read(self, name: str):
        """The parsed file (documents.inputs), or the BBValuesError reading it raised, raised again."""
        if name not in self._files:
            try:
                self._files[name] = compose_file(name)
            except BBValuesError as exc:
                self._files[name] = exc
        found = self._files[name]
        if isinstance(found, BBValuesError):
            raise found
        return found


def kustomization_file(directory: str) -> str | None:
    for name in KUSTOMIZATION_FILES:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def build(directory: str, cache: FileCache | None = None) -> Build:
    """Build the kustomization in `directory`, or, where it has none, the one Flux generates: every
    manifest file of the directory tree (a subdirectory with its own kustomization counts as one resource)."""
    builder = _Builder(cache or FileCache())
    directory = os.path.normpath(directory)
    manifests = builder.directory(directory, (), None)
    for manifest in manifests:
        if manifest.hashed:
            _add_hash_suffix(manifest)
    return Build(directory, manifests, builder.files, builder.gaps, builder.unreadable, builder.directories)


def flux_generated_resources(directory: str) -> list[str]:
    """The resources of the kustomization Flux generates for a directory without one: its manifest files and
    the subdirectories that have a kustomization, found recursively, in name order."""
    found = []
    for entry in sorted(os.scandir(directory), key=lambda item: item.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend([entry.name] if kustomization_file(entry.path) else
                         [os.path.join(entry.name, sub) for sub in flux_generated_resources(entry.path)])
        elif entry.name.endswith((".yaml", ".yml")) and entry.is_file():
            found.append(entry.name)
    return found


class _Builder:
    def __init__(self, cache: FileCache):
        self.cache = cache
        self.files: list[str] = []
        self.gaps: list[Gap] = []
        self.unreadable: list[Unreadable] = []
        self.directories: list[str] = []

    def _read(self, name: str):
        parsed = self.cache.read(name)
        if name not in self.files:
            self.files.append(name)
        return parsed

    def gap(self, feature: str, origin: Origin, message: str) -> None:
        self.gaps.append(Gap(feature, origin, message))

    # -- one kustomization ------------------------------------------------------------------------------

    def directory(self, directory: str, stack: tuple[str, ...], origin: Origin | None) -> list[Manifest]:
        if directory in stack:
            raise BBValuesError(f"the kustomization in {directory} includes itself (through "
                                f"{' -> '.join(stack[stack.index(directory):])})", origin)
        self.directories.append(directory)
        path = kustomization_file(directory)
        if path is None:
            if stack:
                raise BBValuesError(f"{directory} has no kustomization.yaml; Kustomize cannot use it as a resource",
                                    origin, hint="add a kustomization.yaml listing its files, or list the files")
            return self._flux_generated(directory)
        parsed = self._read(path)
        doc = parsed.docs[0] if parsed.docs else ParsedDocument(node=None, value={})
        if not isinstance(doc.value, dict):
            raise BBValuesError(f"a kustomization must be a map, not {yaml_kind(doc.value)}", file=path)
        level = _Level(self, directory, path, parsed, doc, stack + (directory,))
        return level.run()

    def _flux_generated(self, directory: str) -> list[Manifest]:
        manifests: list[Manifest] = []
        for entry in flux_generated_resources(directory):
            path = os.path.normpath(os.path.join(directory, entry))
            if os.path.isdir(path):
                manifests.extend(self.directory(path, (directory,), None))
            else:
                manifests.extend(self.resource_file(path, None, only_manifests=True))
        _refuse_duplicates(manifests, None)
        return manifests

    def resource_file(self, path: str, origin: Origin | None, only_manifests: bool = False) -> list[Manifest]:
        parsed = self._read(path)
        encrypted = [doc for doc in parsed.docs if is_sops_encrypted(doc)]
        if encrypted:
            objects = tuple(_object_id(doc.value) for doc in encrypted)
            self.unreadable.append(Unreadable(path, "SOPS-encrypted", origin, objects))
            return []
        manifests = []
        for doc in parsed.docs:
            value = doc.value
            if not (isinstance(value, dict) and "kind" in value and "apiVersion" in value):
                if only_manifests:  # Flux's generated kustomization takes Kubernetes objects only
                    continue
                raise BBValuesError("not a Kubernetes object (apiVersion and kind are missing); Kustomize refuses it",
                                    next(iter(doc.origins.values()), None), file=path)
            manifests.append(Manifest(value=value, file=path, origins=doc.origins,
                                      data=_data_texts(parsed, doc)))
        return manifests


class _Level:
    """One kustomization file, built in Kustomize's order."""

    def __init__(self, builder: _Builder, directory: str, path: str, parsed, doc: ParsedDocument,
                 stack: tuple[str, ...]):
        self.builder = builder
        self.directory = directory
        self.path = path
        self.parsed = parsed
        self.doc = doc
        self.fields = doc.value
        self.stack = stack
        self.manifests: list[Manifest] = []

    def origin(self, *path) -> Origin:
        for end in range(len(path), 0, -1):
            if tuple(path[:end]) in self.doc.origins:
                return self.doc.origins[tuple(path[:end])]
        return Origin(self.path, 1, 1)

    def field(self, name: str, kind: type, default: Any) -> Any:
        value = self.fields.get(name)
        if value is None:
            return default
        if not isinstance(value, kind):
            raise BBValuesError(f"`{name}` must be {'a list' if kind is list else 'a map' if kind is dict else 'a string'}"
                                f", not {yaml_kind(value)}; Kustomize refuses this kustomization", self.origin(name))
        return value

    def local(self, entry: str) -> str:
        return os.path.normpath(os.path.join(self.directory, entry))

    def run(self) -> list[Manifest]:
        for name in self.fields:
            if name in _GAP_NAMES:
                self.builder.gap(_GAP_NAMES[name], self.origin(name),
                                 f"`{name}` is not built by bbvalues: the objects may differ from what Flux applies")
            elif name not in _BUILT_FIELDS and name not in IGNORED_FIELDS:
                self.builder.gap(name, self.origin(name), f"`{name}` is not a kustomization field bbvalues knows")
        self.resources()
        _refuse_duplicates(self.manifests, self.origin("resources"))
        for kind in ("configMapGenerator", "secretGenerator"):
            for index, entry in enumerate(self.field(kind, list, [])):
                self.generate(kind, index, entry)
        for index, entry in enumerate(self.field("patchesStrategicMerge", list, [])):
            self.strategic_merge_entry(entry, ("patchesStrategicMerge", index))
        for index, entry in enumerate(self.field("patches", list, [])):
            self.patch_entry(entry, ("patches", index))
        self.rename()
        for index, entry in enumerate(self.field("patchesJson6902", list, [])):
            self.patch_entry(entry, ("patchesJson6902", index), json6902=True)
        return self.manifests

    # -- resources --------------------------------------------------------------------------------------

    def resources(self) -> None:
        entries = [("resources", i, e) for i, e in enumerate(self.field("resources", list, []))]
        entries += [("bases", i, e) for i, e in enumerate(self.field("bases", list, []))]
        for name, index, entry in entries:
            origin = self.origin(name, index)
            if not isinstance(entry, str):
                raise BBValuesError(f"a resource must be a path, not {yaml_kind(entry)}", origin)
            if _REMOTE.search(entry):
                self.builder.gap("remote base", origin, f"remote resource {entry} is not fetched by bbvalues")
                continue
            path = self.local(entry)
            if os.path.isdir(path):
                self.manifests.extend(self.builder.directory(path, self.stack, origin))
            elif os.path.isfile(path):
                self.manifests.extend(self.builder.resource_file(path, origin))
            elif _ENCRYPTED_NAME.search(entry):
                self.builder.unreadable.append(Unreadable(path, "an encrypted file that is not in the checkout",
                                                          origin))
            else:
                raise BBValuesError(f"resource {entry} does not exist ({path}); Kustomize stops here", origin,
                                    hint="fix the path, or remove the entry")

    # -- generators -------------------------------------------------------------------------------------

    def generate(self, kind: str, index: int, entry: Any) -> None:
        where = (kind, index)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise BBValuesError(f"a {kind} entry needs a name", self.origin(*where))
        object_kind = "ConfigMap" if kind == "configMapGenerator" else "Secret"
        options = {**(self.field("generatorOptions", dict, {})), **(entry.get("options") or {})}
        values, texts = self.generated_data(entry, where)
        metadata = {"name": entry["name"]}
        if entry.get("namespace"):
            metadata["namespace"] = entry["namespace"]
        value: dict = {"apiVersion": "v1", "kind": object_kind, "metadata": metadata}
        if object_kind == "Secret":
            value["type"] = entry.get("type") or "Opaque"
            value["data"] = {key: base64.b64encode(text.encode("utf-8")).decode("ascii")
                             for key, text in values.items()}
        else:
            value["data"] = values
        origin = self.origin(*where)
        generated = Manifest(value=value, file=self.path, origins={(): origin}, data=texts, generated=True,
                             hashed=not options.get("disableNameSuffixHash"))
        behavior = entry.get("behavior") or "create"
        if behavior == "create":
            self.manifests.append(generated)
            _refuse_duplicates(self.manifests, origin)
            return
        existing = next((m for m in self.manifests if (m.kind, m.name) == (object_kind, entry["name"])
                         and m.namespace == generated.namespace), None)
        if behavior not in ("merge", "replace"):
            raise BBValuesError(f"behavior {behavior!r}: Kustomize knows create, merge and replace",
                                self.origin(*where, "behavior"))
        if existing is None:
            raise BBValuesError(f"behavior {behavior}: no {object_kind} {entry['name']} to {behavior} in the "
                                "resources; Kustomize stops here", self.origin(*where, "behavior"))
        field_name = "data"
        merged = dict(existing.value.get(field_name) or {}) if behavior == "merge" else {}
        merged.update(generated.value["data"])
        existing.value = {**existing.value, field_name: merged}
        existing.data = {**(existing.data if behavior == "merge" else {}), **texts}

    def generated_data(self, entry: dict, where: tuple) -> tuple[dict[str, str], dict[str, DataText]]:
        values: dict[str, str] = {}
        texts: dict[str, DataText] = {}
        for index, literal in enumerate(entry.get("literals") or []):
            origin = self.origin(*where, "literals", index)
            key, sep, text = str(literal).partition("=")
            if not sep:
                raise BBValuesError(f"literal {literal!r} is not KEY=VALUE", origin)
            values[key] = _unquoted(text)
            texts[key] = DataText(origin)
        for index, spec in enumerate(entry.get("files") or []):
            origin = self.origin(*where, "files", index)
            key, sep, name = str(spec).partition("=")
            if not sep:
                key, name = os.path.basename(str(spec)), str(spec)
            path = self.local(name)
            if not os.path.isfile(path):
                raise BBValuesError(f"file {name} does not exist ({path}); Kustomize stops here", origin)
            parsed = self.builder._read(path)
            values[key] = parsed.text
            texts[key] = DataText(Origin(path, 1, 1), file=parsed, whole_file=True)
        envs = list(entry.get("envs") or []) + ([entry["env"]] if entry.get("env") else [])
        for index, name in enumerate(envs):
            origin = self.origin(*where, "envs", index)
            path = self.local(str(name))
            if not os.path.isfile(path):
                raise BBValuesError(f"env file {name} does not exist ({path}); Kustomize stops here", origin)
            parsed = self.builder._read(path)
            for number, line in enumerate(parsed.text.splitlines(), 1):
                stripped = line.strip()
                if not stripped or stripped.startswith("#"):
                    continue
                key, sep, text = stripped.partition("=")
                if not sep:
                    self.builder.gap("env from the environment", Origin(path, number, 1),
                                     f"{key} takes its value from the environment of the build")
                    continue
                values[key] = text
                texts[key] = DataText(Origin(path, number, 1))
        return values, texts

    # -- patches ----------------------------------------------------------------------------------------

    def patch_entry(self, entry: Any, where: tuple, json6902: bool = False) -> None:
        origin = self.origin(*where)
        if not isinstance(entry, dict):
            raise BBValuesError(f"a patch must be a map with `path` or `patch`, not {yaml_kind(entry)}", origin)
        target = entry.get("target")
        if entry.get("options"):
            self.builder.gap("patch options", self.origin(*where, "options"),
                             "patch options (allowNameChange, allowKindChange) are not applied by bbvalues")
        documents = self.patch_documents(entry, where)
        if not documents:
            return
        first = documents[0][0].value
        if json6902 or isinstance(first, list):
            if target is None:
                raise BBValuesError("an RFC 6902 (JSON) patch needs a `target`; Kustomize stops here", origin)
            for doc, lines in documents:
                self.json_patch(doc, target, where)
            return
        for doc, lines in documents:
            self.strategic_merge(doc, lines, target, where)

    def strategic_merge_entry(self, entry: Any, where: tuple) -> None:
        if isinstance(entry, str) and "\n" not in entry and entry.strip().endswith((".yaml", ".yml", ".json")):
            documents = self.patch_documents({"path": entry}, where)
        else:
            documents = self.patch_documents({"patch": entry}, where)
        for doc, lines in documents:
            self.strategic_merge(doc, lines, None, where)

    def patch_documents(self, entry: dict, where: tuple) -> list[tuple[ParsedDocument, Any]]:
        """The patch's documents with positions: in its file, or inside the kustomization (a literal block
        keeps its lines; any other string style maps every position to the `patch:` key)."""
        if entry.get("path") is not None:
            path = self.local(str(entry["path"]))
            if not os.path.isfile(path):
                raise BBValuesError(f"patch file {entry['path']} does not exist ({path}); Kustomize stops here",
                                    self.origin(*where, "path"))
            parsed = self.builder._read(path)
            if any(is_sops_encrypted(doc) for doc in parsed.docs):
                self.builder.unreadable.append(Unreadable(path, "SOPS-encrypted patch", self.origin(*where)))
                return []
            return [(doc, parsed) for doc in parsed.docs]
        text = entry.get("patch")
        if not isinstance(text, str):
            raise BBValuesError("a patch needs `path` or `patch`", self.origin(*where))
        key_path = where + ("patch",) if isinstance(self.fields.get(where[0]), list) and \
            isinstance(self.fields[where[0]][where[1]], dict) else where
        lines = _string_lines(self.doc, key_path, self.path, self.parsed.text, self.origin(*key_path))
        docs = read_documents(text, lines)
        return [(doc, None) for doc in docs if doc.value is not None]

    def targets(self, target: dict | None, patch_value: Any, where: tuple) -> list[Manifest]:
        if target is None:
            metadata = _metadata(patch_value) if isinstance(patch_value, dict) else {}
            wanted = (patch_value.get("kind") if isinstance(patch_value, dict) else None, metadata.get("name"),
                      metadata.get("namespace") or None)
            found = [m for m in self.manifests if m.kind == wanted[0]
                     and wanted[1] in (m.name, *m.previous_names) and m.namespace in (wanted[2],)
                     + (("default", None) if wanted[2] in (None, "default") else ())]
            if len(found) != 1:
                raise BBValuesError(f"no single object matches the strategic-merge patch for {wanted[0]} {wanted[1]}"
                                    f"{f' in namespace {wanted[2]}' if wanted[2] else ''} ({len(found)} match); "
                                    "Kustomize stops here", self.origin(*where),
                                    hint="give the patch the object's kind, name and namespace, or a target")
            return found
        if not isinstance(target, dict):
            raise BBValuesError(f"a patch target must be a map, not {yaml_kind(target)}", self.origin(*where, "target"))
        for selector in ("labelSelector", "annotationSelector"):
            if target.get(selector):
                self.builder.gap(f"patch target {selector}", self.origin(*where, "target", selector),
                                 f"a {selector} is not matched by bbvalues; the patch is not applied")
                return []
        return [m for m in self.manifests if _selected(m, target)]

    def json_patch(self, doc: ParsedDocument, target: dict, where: tuple) -> None:
        operations = doc.value
        if not isinstance(operations, list):
            raise BBValuesError("an RFC 6902 patch is a list of operations", self.origin(*where))
        import jsonpatch  # only for patches that use it: its difflib costs every scan otherwise

        for manifest in self.targets(target, None, where):
            try:
                patched = jsonpatch.JsonPatch(operations).apply(_plain_copy(manifest.value), in_place=True)
            except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError, KeyError) as exc:
                raise BBValuesError(f"the RFC 6902 patch fails on {manifest.describe()}: {exc}; Kustomize stops here",
                                    self.origin(*where)) from None
            written = _json_patch_positions(manifest.value, operations, doc)
            _update(manifest, patched, written)

    def strategic_merge(self, doc: ParsedDocument, parsed_file, target: dict | None, where: tuple) -> None:
        patch = doc.value
        if not isinstance(patch, dict):
            raise BBValuesError(f"a strategic-merge patch must be a map, not {yaml_kind(patch)}", self.origin(*where))
        for path, value in walk(patch):
            if path and isinstance(path[-1], str) and path[-1].startswith("$") and path[-1] != "$patch":
                self.builder.gap(f"strategic-merge directive {path[-1]}", doc.origins.get(path, self.origin(*where)),
                                 f"{path[-1]} is not applied by bbvalues")
        for manifest in self.targets(target, patch, where):
            for path in retyped_scalars(manifest.value, patch):
                self.builder.gap("strategic-merge retyped scalar", doc.origins.get(path, self.origin(*where)),
                                 f"the patch gives {'.'.join(map(str, path))} another type: Kustomize keeps the old "
                                 "value's quoting, so the result's type depends on how the old value was written")
            patched = strategic_merge(manifest.value, patch)
            written = {path: origin for path, origin in doc.origins.items() if path[:1] != ("metadata",)}
            _update(manifest, patched, written)
            if parsed_file is not None and manifest.kind in ("ConfigMap", "Secret"):
                for key in set(_data_keys(patch)) & set(manifest.data):  # the patch file holds these values now
                    manifest.data[key] = DataText(manifest.data[key].origin, file=parsed_file, document=doc)

    # -- namespace and names ----------------------------------------------------------------------------

    def rename(self) -> None:
        namespace = self.field("namespace", str, None)
        prefix = self.field("namePrefix", str, "")
        suffix = self.field("nameSuffix", str, "")
        for manifest in self.manifests:
            metadata = dict(_metadata(manifest.value))
            if namespace and manifest.kind not in _CLUSTER_SCOPED:
                metadata["namespace"] = namespace
                manifest.origins = {**manifest.origins, ("metadata", "namespace"): self.origin("namespace")}
            if (prefix or suffix) and manifest.kind != "Namespace":
                manifest.previous_names += (manifest.name,)
                metadata["name"] = f"{prefix}{metadata.get('name', '')}{suffix}"
            manifest.value = {**manifest.value, "metadata": metadata}


# -- strategic merge ------------------------------------------------------------------------------------

def strategic_merge(target: Any, patch: Any) -> Any:
    """Kustomize's strategic merge for a kind without a schema: maps merge key by key, a null deletes,
    `$patch: delete` removes a map and `$patch: replace` replaces it, lists and scalars replace. Neither
    argument is changed."""
    if not isinstance(patch, dict):
        return _plain_copy(patch)
    directive = patch.get("$patch")
    body = {key: value for key, value in patch.items() if key != "$patch"}
    if directive == "replace" or not isinstance(target, dict):
        return {key: _plain_copy(value) for key, value in body.items() if value is not None}
    result = dict(target)
    for key, value in body.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and value.get("$patch") == "delete":
            result.pop(key, None)
        else:
            result[key] = strategic_merge(target.get(key), value)
    return result


def retyped_scalars(target: Any, patch: Any, path: tuple = ()) -> list[tuple]:
    """Paths where a strategic-merge patch replaces a scalar with one of another type. Kustomize (kyaml)
    copies only the new text into the old node, keeping its style: `"x"` patched with `false` becomes the
    string "false", `x` patched with `"7"` the number 7."""
    if isinstance(patch, dict) and isinstance(target, dict):
        return [found for key, value in patch.items() if key in target
                for found in retyped_scalars(target[key], value, path + (key,))]
    scalars = (str, int, float, bool)
    if isinstance(target, scalars) and isinstance(patch, scalars) and type(target) is not type(patch):
        return [path]
    return []


def _plain_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain_copy(child) for key, child in value.items() if key != "$patch"}
    if isinstance(value, list):
        return [_plain_copy(item) for item in value]
    return value


# -- positions through patches ---------------------------------------------------------------------------

def _update(manifest: Manifest, patched: dict, written: dict) -> None:
    """Give `manifest` its patched value; a field keeps its position when its value did not change, else it
    takes the patch's (or its parent's). A data value the patch wrote is now only known by that position."""
    old_value, old_origins = manifest.value, manifest.origins
    origins = {(): old_origins[()]} if () in old_origins else {}
    for path, value in walk(patched):
        if not path:
            continue
        if path in written:
            origins[path] = written[path]
        elif path in old_origins and get_path(old_value, path, MISSING) == value:
            origins[path] = old_origins[path]
        elif path[:-1] in origins:
            origins[path] = origins[path[:-1]]
    manifest.value, manifest.origins = patched, origins
    if manifest.kind not in ("ConfigMap", "Secret"):
        return
    texts = {}
    for key in _data_keys(patched):
        field_name = "stringData" if key in (patched.get("stringData") or {}) else "data"
        touched = any(path in written for path in ((field_name,), (field_name, key)))
        texts[key] = DataText(origins.get((field_name, key)) or Origin(manifest.file, 1, 1)) \
            if touched or key not in manifest.data else manifest.data[key]
    manifest.data = texts


def _json_patch_positions(value: dict, operations: list, doc: ParsedDocument) -> dict:
    """Where each operation of an RFC 6902 patch writes: the operation's own `value` positions, placed at
    the path it adds or replaces (`-` resolved to the list's end)."""
    import jsonpatch

    written: dict = {}
    current = value
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict) or operation.get("op") not in ("add", "replace", "copy", "move"):
            continue
        path = _pointer_path(str(operation.get("path", "")), current)
        op_origin = doc.origins.get((index,))
        if op_origin is None:
            continue
        written[path] = doc.origins.get((index, "value"), op_origin)
        for sub, origin in doc.origins.items():
            if sub[:2] == (index, "value") and len(sub) > 2:
                written[path + sub[2:]] = origin
        try:
            current = jsonpatch.JsonPatch([operation]).apply(current)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError, KeyError):
            break
    return written


def _pointer_path(pointer: str, value: Any) -> tuple:
    path: list = []
    current = value
    for token in [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]:
        if isinstance(current, list):
            index = len(current) if token == "-" else int(token) if token.isdigit() else token
            path.append(index)
            current = current[index] if isinstance(index, int) and index < len(current) else None
        else:
            path.append(token)
            current = current.get(token) if isinstance(current, dict) else None
    return tuple(path)


def _string_lines(doc: ParsedDocument, key_path: tuple, file: str, text: str, key_origin: Origin) -> LineMap:
    """How positions in a string value map back to its file: a literal block (`|`) keeps its lines, whose
    indentation is its first non-blank line's; in any other style every position is the key's."""
    node = _node_at(doc.node, key_path)
    if not (isinstance(node, ScalarNode) and node.style == "|"):
        return FlatLineMap(file, key_origin)
    lines = text.split("\n")
    content = lines[node.start_mark.line + 1:node.end_mark.line + 1]
    indent = next((len(line) - len(line.lstrip(" ")) for line in content if line.strip()), 0)
    return LineMap(file, line_offset=node.start_mark.line + 1, column_offset=indent)


def _node_at(node, path: tuple):
    for key in path:
        if node is None:
            return None
        if isinstance(key, int):
            items = node.value if isinstance(node.value, list) else []
            node = items[key] if key < len(items) else None
        else:
            node = next((value for name, value in getattr(node, "value", []) if isinstance(name, ScalarNode)
                         and name.value == key), None) if isinstance(node.value, list) else None
    return node


# -- helpers --------------------------------------------------------------------------------------------

def _metadata(value: dict) -> dict:
    metadata = value.get("metadata") if isinstance(value, dict) else None
    return metadata if isinstance(metadata, dict) else {}


def _object_id(value: Any) -> tuple[str, str, str | None]:
    metadata = _metadata(value)
    name, namespace = metadata.get("name"), metadata.get("namespace")
    return (str(value.get("kind") or "") if isinstance(value, dict) else "",
            name if isinstance(name, str) and not name.startswith("ENC[") else "",
            namespace if isinstance(namespace, str) and not namespace.startswith("ENC[") else None)


def _data_keys(value: dict) -> list[str]:
    keys = []
    for field_name in ("data", "stringData"):
        section = value.get(field_name)
        if isinstance(section, dict):
            keys.extend(str(key) for key in section)
    return list(dict.fromkeys(keys))


def _data_texts(parsed, doc: ParsedDocument) -> dict[str, DataText]:
    if not isinstance(doc.value, dict) or doc.value.get("kind") not in ("ConfigMap", "Secret"):
        return {}
    return {key: DataText(_data_origin(doc, key), file=parsed, document=doc) for key in _data_keys(doc.value)}


def _data_origin(doc: ParsedDocument, key: str) -> Origin | None:
    return doc.origins.get(("stringData", key)) or doc.origins.get(("data", key))


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _selected(manifest: Manifest, target: dict) -> bool:
    """Kustomize's patch target: kind, name and namespace are anchored regular expressions; group and
    version exact; a name matches the object's current or any earlier name."""
    def matches(pattern: Any, *candidates: Any) -> bool:
        if pattern in (None, ""):
            return True
        try:
            expression = re.compile(f"^(?:{pattern})$")
        except re.error:
            return str(pattern) in candidates
        return any(expression.match(str(candidate or "")) for candidate in candidates)

    return (matches(target.get("kind"), manifest.kind)
            and matches(target.get("name"), manifest.name, *manifest.previous_names)
            and matches(target.get("namespace"), manifest.namespace)
            and target.get("group", manifest.group) in (None, manifest.group)
            and target.get("version", manifest.version) in (None, manifest.version))


def _refuse_duplicates(manifests: Iterable[Manifest], origin: Origin | None) -> None:
    seen: dict[tuple, Manifest] = {}
    for manifest in manifests:
        if manifest.key in seen:
            first = seen[manifest.key]
            raise BBValuesError(f"{manifest.describe()} is declared twice (in {first.file} and {manifest.file}); "
                                "Kustomize stops here", origin, file=manifest.file)
        seen[manifest.key] = manifest


def content_hash(value: dict) -> str:
    """Kustomize's name suffix for a generated ConfigMap or Secret: sha256 of its kind, data (and type) as
    Go's json.Marshal writes them with an empty name, the first ten hex digits with some letters swapped."""
    encoded: dict = {"kind": value["kind"], "name": "", "data": value.get("data") or {}}
    if value["kind"] == "Secret":
        encoded["type"] = value.get("type", "Opaque")
    text = json.dumps(encoded, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].translate(_HASH_LETTERS)


def _add_hash_suffix(manifest: Manifest) -> None:
    metadata = dict(_metadata(manifest.value))
    manifest.previous_names += (manifest.name,)
    metadata["name"] = f"{manifest.name}-{content_hash(manifest.value)}"
    manifest.value = {**manifest.value, "metadata": metadata}


