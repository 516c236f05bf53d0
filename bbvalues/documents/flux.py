"""A Flux HelmRelease's values, resolved from a Kustomize build the way helm-controller resolves them.

helm-controller reads `spec.valuesFrom` in order (a ConfigMap or Secret in the release's namespace, its
`valuesKey`, default `values.yaml`; with `targetPath` the text is set at that path as `--set` would set it;
a missing `optional` entry is skipped, any other missing entry stops the release), merges each over the
previous ones, then merges the release's inline `spec.values` last. Every source here keeps the file and line
of each key. A source that cannot be read (SOPS-encrypted) leaves the result `partial`: the keys it could
set are unknown, which is reported, not guessed.

Which releases install a given chart is decided from their source: `spec.chart.spec.chart` for a
HelmRepository, the chart path in a GitRepository of that name, the last segment of an OCIRepository's URL
(`spec.chartRef`). The chart's identity is passed in (the Big Bang table knows it; this layer does not).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass, field

from bbvalues.documents.inputs import (
    DEFAULT_VALUES_KEY, InputSet, ValuesSource, embedded_values, flat_values, helm_release_info, inline_values,
    plain_values, sops_encrypted_value,
)
from bbvalues.documents.kustomize import Build, DataText, FileCache, Manifest
from bbvalues.documents.yamltree import ParsedDocument, yaml_kind
from bbvalues.errors import BBValuesError, Origin
from bbvalues.patterns import Pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SOURCE_KINDS = ("HelmRepository", "GitRepository", "OCIRepository")
_HELM_API = "helm.toolkit.fluxcd.io/"


@dataclass(frozen=True)
class ChartIdentity:
    """How a chart is recognised in a HelmRelease: its name, and its path inside its own git repository."""

    name: str
    git_path: str


@dataclass(frozen=True)
class ChartSource:
    """The chart a HelmRelease installs, at which version (None: a branch or a range, not known here)."""

    source_kind: str
    source_name: str
    version: str | None
    version_origin: Origin | None


@dataclass(frozen=True)
class Problem:
    """Something that keeps a release's values from being known exactly, or that Flux itself would refuse.

    `kind`: `unreadable` (a SOPS source: the result is partial), `unsupported` (a layout feature bbvalues
    does not build: partial too), `missing-source` and `missing-key` (Flux stops the release), `name-hash`
    (a generated name Flux cannot find), `optional-missing` (skipped, as Flux skips it).
    """

    kind: str
    message: str
    origin: Origin | None = None
    hint: str | None = None

    @property
    def makes_partial(self) -> bool:
        return self.kind in PARTIAL_KINDS


PARTIAL_KINDS = ("unreadable", "unsupported")
NOTE_KINDS = ("optional-missing",)


@dataclass(frozen=True)
class ValuesRef:
    """One `spec.valuesFrom` entry."""

    kind: str
    name: str
    key: str
    target_path: str | None
    optional: bool
    origin: Origin | None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name} ({self.key}{f' -> {self.target_path}' if self.target_path else ''})"


@dataclass
class ValuesLayer:
    """One source Flux merges, in order; `source` is None when it could not be read."""

    ref: ValuesRef | None  # None: the release's inline spec.values
    source: ValuesSource | None
    editable: bool
    manifest: Manifest | None = None


@dataclass
class FluxRelease:
    """A HelmRelease of the chart, resolved: its sources in Flux's order and what kept them from being known."""

    manifest: Manifest
    chart: ChartSource
    inputs: InputSet
    layers: list[ValuesLayer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def namespace(self) -> str | None:
        return self.manifest.namespace

    @property
    def partial(self) -> bool:
        return any(problem.makes_partial for problem in self.problems)


def chart_releases(build: Build, chart: ChartIdentity, sources: dict | None = None) -> list[tuple[Manifest, ChartSource]]:
    """The HelmReleases of `build` that install `chart`, each with its source; `sources` adds source objects
    found outside the build, by (kind, name, namespace)."""
    known = {(m.kind, m.name, m.namespace): m for m in build.manifests if m.kind in SOURCE_KINDS}
    known = {**(sources or {}), **known}
    found = []
    for manifest in build.manifests:
        if manifest.kind == "HelmRelease" and str(manifest.value.get("apiVersion", "")).startswith(_HELM_API):
            source = _chart_source(manifest, chart, known)
            if source is not None:
                found.append((manifest, source))
    return found


def _chart_source(release: Manifest, chart: ChartIdentity, known: dict) -> ChartSource | None:
    spec = release.value.get("spec") if isinstance(release.value.get("spec"), dict) else {}
    chart_ref = spec.get("chartRef")
    if isinstance(chart_ref, dict):
        source = _lookup(known, chart_ref, release)
        if chart_ref.get("kind") != "OCIRepository" or source is None:
            return None
        url = str((source.value.get("spec") or {}).get("url") or "")
        if url.rstrip("/").rsplit("/", 1)[-1] != chart.name:
            return None
        return _versioned_by_ref("OCIRepository", source)
    chart_spec = (spec.get("chart") or {}).get("spec") if isinstance(spec.get("chart"), dict) else None
    if not isinstance(chart_spec, dict):
        return None
    source_ref = chart_spec.get("sourceRef") if isinstance(chart_spec.get("sourceRef"), dict) else {}
    kind = source_ref.get("kind", "HelmRepository")
    if kind == "HelmRepository":
        if chart_spec.get("chart") != chart.name:
            return None
        version = chart_spec.get("version")
        return ChartSource(kind, str(source_ref.get("name") or ""), None if version is None else str(version),
                           release.origins.get(("spec", "chart", "spec", "version")))
    if kind == "GitRepository" and _same_path(chart_spec.get("chart"), chart.git_path):
        source = _lookup(known, source_ref, release)
        if source is None:
            return ChartSource(kind, str(source_ref.get("name") or ""), None, None) \
                if release.name == chart.name else None
        url = str((source.value.get("spec") or {}).get("url") or "")
        if url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git") != chart.name:
            return None
        return _versioned_by_ref(kind, source)
    return None


def _lookup(known: dict, ref: dict, release: Manifest) -> Manifest | None:
    namespace = ref.get("namespace") or release.namespace
    return known.get((ref.get("kind"), ref.get("name"), namespace))


def _versioned_by_ref(kind: str, source: Manifest) -> ChartSource:
    """A git or OCI source pins the chart by `spec.ref.tag` (or `semver`, a range: not a version)."""
    ref = (source.value.get("spec") or {}).get("ref")
    tag = ref.get("tag") if isinstance(ref, dict) else None
    return ChartSource(kind, source.name, None if tag is None else str(tag),
                       source.origins.get(("spec", "ref", "tag")))


def _same_path(written: Any, wanted: str) -> bool:
    return isinstance(written, str) and os.path.normpath(written) == os.path.normpath(wanted)


# -- resolving the values ----------------------------------------------------------------------------------

def resolve_release(build: Build, release: Manifest, chart: ChartSource, cache: FileCache) -> FluxRelease:
    """The release's values sources in Flux's order, as an InputSet the rest of bbvalues reads."""
    doc = ParsedDocument(node=None, value=release.value, origins=release.origins)
    info = helm_release_info(release.file, doc)
    if chart.source_kind != "HelmRepository":
        info = info._replace(chart_version=chart.version, origin=chart.version_origin)
    resolved = FluxRelease(release, chart, InputSet(sources=[], helm_release=info, names=list(build.files)))
    resolved.problems.extend(Problem("unsupported", f"{gap.feature}: {gap.message}", gap.origin) for gap in build.gaps)
    chart_spec = ((release.value.get("spec") or {}).get("chart") or {}).get("spec") or {}
    for key in ("valuesFiles", "valuesFile"):
        if chart_spec.get(key):
            resolved.problems.append(Problem("unsupported", f"spec.chart.spec.{key}: values files inside the chart "
                                             "source are not read by bbvalues",
                                             release.origins.get(("spec", "chart", "spec", key))))
    for ref in values_refs(release):
        resolved.layers.extend(_layer(build, release, ref, cache, resolved.problems))
    resolved.problems.extend(_unclaimed_unreadable(build, resolved.problems))
    inline = inline_values(cache.read(release.file), doc)
    if inline is not None:
        resolved.layers.append(ValuesLayer(None, inline, editable=False, manifest=release))
    for layer in resolved.layers:
        if layer.source is not None:
            encrypted = sops_encrypted_value(layer.source)
            if encrypted is not None:
                resolved.problems.append(Problem("unreadable", f"{_label(layer)}: SOPS-encrypted values (ENC[...])",
                                                 encrypted.origin))
                layer.source = None
    resolved.inputs.sources = [layer.source for layer in resolved.layers if layer.source is not None]
    return resolved


def _unclaimed_unreadable(build: Build, problems: list[Problem]) -> list[Problem]:
    """Unreadable files no `valuesFrom` entry was traced to: what they change is unknown too."""
    claimed = " ".join(problem.message for problem in problems if problem.kind == "unreadable")
    return [Problem("unreadable", f"{item.file}: {item.reason}, not readable; what it holds is unknown", item.origin,
                    hint="bbvalues never decrypts")
            for item in build.unreadable if item.file not in claimed]


def values_refs(release: Manifest) -> list[ValuesRef]:
    """`spec.valuesFrom`, each entry checked as Flux's API schema checks it."""
    entries = (release.value.get("spec") or {}).get("valuesFrom") or []
    refs = []
    for index, entry in enumerate(entries):
        where = ("spec", "valuesFrom", index)
        origin = release.origins.get(where)
        target_path, optional = entry.get("targetPath"), entry.get("optional", False)
        if target_path is not None and not isinstance(target_path, str):
            raise BBValuesError(f"valuesFrom[{index}].targetPath must be a string, not {yaml_kind(target_path)}; "
                                "Flux rejects this HelmRelease", release.origins.get(where + ("targetPath",), origin))
        if not isinstance(optional, bool):
            raise BBValuesError(f"valuesFrom[{index}].optional must be true or false, not {yaml_kind(optional)}; "
                                "Flux rejects this HelmRelease", release.origins.get(where + ("optional",), origin))
        refs.append(ValuesRef(entry["kind"], entry["name"], entry.get("valuesKey") or DEFAULT_VALUES_KEY,
                              target_path or None, optional, origin))
    return refs


def _layer(build: Build, release: Manifest, ref: ValuesRef, cache: FileCache,
           problems: list[Problem]) -> list[ValuesLayer]:
    holder = next((m for m in build.manifests if (m.kind, m.name, m.namespace) == (ref.kind, ref.name,
                                                                                      release.namespace)), None)
    if holder is None:
        problem = _not_found(build, release, ref)
        problems.append(problem)
        return [] if problem.kind == "optional-missing" else [ValuesLayer(ref, None, editable=False)]
    text = _data_value(holder, ref.key)
    if text is None:
        if ref.optional:
            problems.append(Problem("optional-missing", f"{ref.label}: no key {ref.key}; skipped (optional)", ref.origin))
        else:
            problems.append(Problem("missing-key", f"{holder.describe()} has no key {ref.key}: Flux stops the release "
                                    f"(valuesFrom at {ref.origin})", holder.origins.get(()) or ref.origin,
                                    hint=f"add {ref.key} to it, or fix valuesKey"))
        return []
    data = holder.data.get(ref.key) or DataText(Origin(holder.file, 1, 1))
    if ref.target_path:
        return [ValuesLayer(ref, _target_path_source(ref, text, data.origin), editable=False, manifest=holder)]
    if data.whole_file:
        return [ValuesLayer(ref, plain_values(data.file), editable=True, manifest=holder)]
    if data.document is not None:
        source = embedded_values(data.file, data.document, ref.key)
        if source is not None:
            return [ValuesLayer(ref, source, editable=True, manifest=holder)]
    return [ValuesLayer(ref, flat_values(text, data.origin, f"{holder.describe()}: {ref.key}"), editable=False,
                        manifest=holder)]


def _likely_holders(name: str, unreadable: list) -> list:
    """The unreadable files that may hold object `name`: those named after it (`common-bb-secret.enc.yaml` for
    `common-bb-secret`, as SOPS users name them) when there are any, else all of them."""
    named = [item for item in unreadable if os.path.basename(item.file).split(".", 1)[0] == name]
    return named or unreadable


def _not_found(build: Build, release: Manifest, ref: ValuesRef) -> Problem:
    """Why an entry has no object: an unreadable file holds it (or may), a generator hashed its name, it is
    optional, or Flux stops the release."""
    wanted = (ref.kind, ref.name)
    for unreadable in build.unreadable:
        if any((kind, name) == wanted for kind, name, _ns in unreadable.objects):
            return Problem("unreadable", f"{ref.label}: not readable, in {unreadable.file} ({unreadable.reason}); "
                           "its values are unknown", ref.origin, hint="bbvalues never decrypts")
    unknown = _likely_holders(ref.name, [item for item in build.unreadable
                                         if not any(name for _k, name, _n in item.objects)])
    if unknown:
        return Problem("unreadable", f"{ref.label}: not readable, probably in "
                       f"{' or '.join(f'{item.file} ({item.reason})' for item in unknown)}; its values are unknown",
                       ref.origin, hint="bbvalues never decrypts")
    if ref.optional:
        return Problem("optional-missing", f"{ref.label}: not in the build; skipped (optional)", ref.origin)
    hashed = next((m for m in build.manifests if m.kind == ref.kind and ref.name in m.previous_names and m.hashed),
                  None)
    if hashed is not None:
        return Problem("name-hash", f"{ref.label}: the generator names it {hashed.name} (a content hash suffix), so "
                       "Flux cannot find it and stops the release", ref.origin,
                       hint="set options.disableNameSuffixHash: true on the generator (or in generatorOptions)")
    namespace = release.namespace or "the release's namespace"
    return Problem("missing-source", f"{ref.label}: no {ref.kind} {ref.name} in {namespace} in this build; Flux "
                   "stops the release", ref.origin,
                   hint="add it to the kustomization's resources, or mark the entry optional: true")


def _data_value(holder: Manifest, key: str) -> str | None:
    """The text Flux reads: a Secret's `stringData` wins over its `data` (base64), as the API server merges them."""
    string_data = holder.value.get("stringData") if holder.kind == "Secret" else None
    if isinstance(string_data, dict) and key in string_data:
        return str(string_data[key])
    data = holder.value.get("data")
    if not isinstance(data, dict) or key not in data:
        return None
    if holder.kind == "Secret":
        try:
            return base64.b64decode(str(data[key]), validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise BBValuesError(f"{holder.describe()}: data.{key} is not base64-encoded UTF-8",
                                holder.data.get(key, DataText(None)).origin) from None
    return str(data[key])


def _label(layer: ValuesLayer) -> str:
    return layer.ref.label if layer.ref else "spec.values"


# -- targetPath: the text set at a path, as `helm --set` sets it ------------------------------------------

_INDEX = Pattern(r"^(?P<name>.*)\[(?P<index>\d+)\]$")


def _target_path_source(ref: ValuesRef, text: str, origin: Origin) -> ValuesSource:
    """Flux sets the whole text at `targetPath` through Helm's strvals: typed as `--set` types it (true,
    false, null, integers), or a string when the text is quoted (`--set-string`); a comma would start
    another assignment in either case."""
    quoted = len(text) >= 2 and text[0] == text[-1] and text[0] in "'\""
    if re.search(r"(?<!\\),", text):
        raise BBValuesError(f"{ref.label}: the value holds a comma, which Helm's --set parser reads as a second "
                            "assignment; Flux fails on it", origin, hint="escape the comma as \\,")
    value: Any = text.strip("'\"") if quoted else _typed(text.replace("\\,", ","))
    keys = _target_keys(ref.target_path, ref, origin)
    values: dict = {}
    current: Any = values
    for position, key in enumerate(keys):
        last = position == len(keys) - 1
        child: Any = value if last else ([] if isinstance(keys[position + 1], int) else {})
        if isinstance(key, int):
            current.extend([None] * (key + 1 - len(current)))
            current[key] = child
        else:
            current[key] = child
        current = child
    origins = {tuple(keys[:end]): origin for end in range(1, len(keys) + 1)}
    return ValuesSource(file=origin.file, text=text, document=ParsedDocument(node=None, value=values, origins=origins))


def _target_keys(path: str, ref: ValuesRef, origin: Origin) -> list:
    keys: list = []
    for part in re.split(r"(?<!\\)\.", path):
        part = part.replace("\\.", ".")
        indices = []
        match = _INDEX.match(part)
        while match:
            indices.insert(0, int(match.group("index")))
            part = match.group("name")
            match = _INDEX.match(part)
        if not part:
            raise BBValuesError(f"{ref.label}: targetPath {path!r} has an empty key", origin)
        keys.append(part)
        keys.extend(indices)
    return keys


def _typed(text: str) -> Any:
    """strvals' typedVal: true, false and null in any case, an integer without a leading zero, else the text."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if text == "0":
        return 0
    if text and text[0] != "0" and re.fullmatch(r"[-+]?\d+", text):
        number = int(text)
        if -2 ** 63 <= number < 2 ** 63:
            return number
    return text
