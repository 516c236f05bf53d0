"""Turn the user's input files into ordered values sources, the way `helm -f` and Flux `valuesFrom` do.

A file is either a plain values file or a manifest stream. In a manifest stream, ConfigMaps and
Secrets carry values under a data key (`values.yaml` unless told otherwise) and a Flux HelmRelease
gives the chart version and the order of its `valuesFrom` entries.
"""

from __future__ import annotations

import os
import sys

from bbvalues.documents.composer import tracked
from bbvalues.documents.linebreaks import LineBreaks, split_lines
from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import (
    DuplicateKey, LineMap, MappingNode, Node, ParsedDocument, ScalarNode, dotted_path, walk, yaml_kind,
)
from bbvalues.errors import BBValuesError, Origin
from bbvalues.documents.paths import get_path
from bbvalues.patterns import ASCII_UPPERCASE, DIGITS, Shape, consists_of
from bbvalues.records import named_tuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable

STDIN = "-"
DEFAULT_VALUES_KEY = "values.yaml"
_SOPS_HINT = "decrypt it first: sops -d {file} | bbvalues ... -"


# Records are plain classes and named tuples, not dataclasses: every call builds them, and a dataclass's
# generated methods are compiled anew by each process (docs/benchmarks.md).

@named_tuple
class Embedding:
    """Where values text sits inside a manifest: a ConfigMap/Secret data key holding a YAML string."""

    kind: str
    name: str
    key: str
    field: str
    content_start: int
    content_end: int
    indent: int
    block: bool
    stripped: bool = False  # `|-`: the block's final line breaks are not part of the values text


class ValuesSource:
    """One values document in Helm order, with Helm's view of it and where each key was written.

    `release_inline`: a HelmRelease's own `spec.values`, read but not a document to edit.
    """

    __slots__ = ("file", "text", "document", "embedding", "fs_path", "release_inline")

    def __init__(self, file: str, text: str, document: ParsedDocument, embedding: Embedding | None = None,
                 fs_path: str | None = None, release_inline: bool = False):
        self.file = file
        self.text = text
        self.document = document
        self.embedding = embedding
        self.fs_path = fs_path
        self.release_inline = release_inline

    @property
    def values(self) -> dict:
        return self.document.value or {}

    @property
    def origins(self) -> dict:
        return self.document.origins

    @property
    def label(self) -> str:
        if self.embedding is None:
            return self.file
        return f"{self.file} ({self.embedding.kind} {self.embedding.name}, key {self.embedding.key})"


@named_tuple
class HelmReleaseInfo:
    file: str
    name: str
    chart_version: str | None
    values_from: tuple[tuple[str, str, str], ...]
    origin: Origin | None


class InputSet:
    """The values sources in merge order; `names`: every input file as messages name it, in command-line order.

    `memo`: what the layers above derive from these sources once (bigbang.modes.view_of).
    """

    __slots__ = ("sources", "helm_release", "warnings", "names", "memo")

    def __init__(self, sources: list[ValuesSource], helm_release: HelmReleaseInfo | None = None,
                 warnings: list[str] | None = None, names: list[str] | None = None):
        self.sources = sources
        self.helm_release = helm_release
        self.warnings = [] if warnings is None else warnings
        self.names = [] if names is None else names
        self.memo: dict = {}

    @property
    def duplicates(self) -> list[DuplicateKey]:
        return [dup for source in self.sources for dup in source.document.duplicates]


@named_tuple
class _Manifest:
    kind: str
    name: str
    doc: ParsedDocument

    @property
    def node(self) -> MappingNode:
        """Composed on first use: only values embedded in a ConfigMap or Secret need it."""
        return self.doc.node


def read_text(name: str, stdin_text: str | None = None) -> tuple[str, str | None, bytes | None]:
    """A file's text, its path (standard input's for `-`: no path), and its bytes when they are the text
    character for character (ASCII, no byte-order mark), which the parser then reads instead of an encoded
    copy of the text; OS and encoding errors as one-line messages."""
    if name == STDIN:
        if stdin_text is not None:
            return stdin_text, None, None
        raw = getattr(sys.stdin, "buffer", None)  # bytes, so that bad UTF-8 is reported, not decoded away
        if raw is None:
            return sys.stdin.read(), None, None
        data = _read_bounded(raw, STDIN_LABEL)
        text = _utf8_text(data, STDIN_LABEL)
        return text, None, _same_characters(data, text)
    data, text = read_file(name, name)
    return text, name, _same_characters(data, text)


def _same_characters(data: bytes, text: str) -> bytes | None:
    return data if len(data) == len(text) else None  # a character beyond ASCII or a mark takes several bytes


# Far above any values file Helm can install (a Kubernetes object holds about 1.5 MiB), and a bound
# on memory when the input is an endless device such as /dev/zero.
MAX_INPUT_BYTES = 64 * 1024 * 1024
STDIN_LABEL = "<stdin>"
_READ_CHUNK = 1024 * 1024
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def read_file(path: str | os.PathLike, name: str) -> tuple[bytes, str]:
    """A file's bytes and its text (a UTF-8 byte-order mark dropped), once checked to be UTF-8 text Helm reads;
    OS and encoding errors become one-line messages."""
    data = _reading(path, name, lambda handle: _read_bounded(handle, name))
    return data, _utf8_text(data, name)


def starts_with_bom(path: str | os.PathLike, name: str) -> bool:
    """Whether the file starts with a UTF-8 byte-order mark, which `read_file` drops from its text."""
    return _reading(path, name, lambda handle: handle.read(len(_UTF8_BOM))) == _UTF8_BOM


def _reading(path: str | os.PathLike, name: str, read: Callable[[Any], bytes]) -> bytes:
    """`read(handle)` of the file opened for its bytes; OS errors become one-line messages about `name`."""
    try:
        with open(path, "rb") as handle:
            return read(handle)
    except FileNotFoundError:
        raise BBValuesError("no such file", file=name) from None
    except IsADirectoryError:
        raise BBValuesError("is a directory, not a values file", file=name) from None
    except OSError as exc:
        raise BBValuesError(f"cannot read: {exc.strerror}", file=name,
                            hint="check the path and its permissions") from None


def _read_bounded(handle, name: str) -> bytes:
    """The whole input, read in chunks: `read(MAX_INPUT_BYTES + 1)` would allocate the bound up front.
    A regular file is read in one chunk of its size (one read and no copy of megabytes to join)."""
    chunks, size = [], 0
    first = _first_read(handle)
    while chunk := handle.read(_READ_CHUNK if chunks else first):
        size += len(chunk)
        if size > MAX_INPUT_BYTES:
            raise BBValuesError(f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB: not a values file", file=name,
                                hint="pass the values file itself (is this a device, an archive or a log?)")
        chunks.append(chunk)
    return b"".join(chunks)


def _first_read(handle) -> int:
    """A regular file's size and one byte more (the read that returns nothing ends it), else one chunk."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):  # a test's BytesIO has no descriptor
        return _READ_CHUNK
    return min(size, MAX_INPUT_BYTES) + 1 if size else _READ_CHUNK  # a pipe or device has no size


def _utf8_text(data: bytes, name: str) -> str:
    """`data` as text (a UTF-8 byte-order mark dropped), or an error at the line and column of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        body, bad = exc.object, exc.start  # without the byte-order mark, as the YAML reader counts columns
        line_start = body.rfind(b"\n", 0, bad) + 1
        column = len(body[line_start:bad].decode("utf-8", "replace")) + 1
        origin = Origin(name, body.count(b"\n", 0, bad) + 1, column)
        if data.startswith(_UTF16_MARKS):
            raise BBValuesError("UTF-16 text (it starts with a UTF-16 byte-order mark); values files are UTF-8",
                                origin, hint=f"convert it: iconv -f UTF-16 -t UTF-8 {name}") from None
        raise BBValuesError(f"not UTF-8 text: byte 0x{body[bad]:02x} cannot start or continue a character",
                            origin, hint="save the file as UTF-8, or check that it is a values file and not "
                                         "binary data") from None
    refuse_second_bom(text, name)
    return text


def refuse_second_bom(text: str, name: str) -> None:
    """`text` had its byte-order mark dropped: another one right after it is refused, as Helm refuses it.

    go-yaml takes the first mark as the encoding's and reads the second as content: `helm template -f`
    fails with "yaml: line 1: did not find expected key" (helm 4.1.4), whatever follows.
    """
    if text.startswith("\ufeff"):
        raise BBValuesError("two byte-order marks (U+FEFF) start the file; Helm refuses it (\"did not find "
                            "expected key\")", Origin(name, 1, 1),
                            hint="save the file with one byte-order mark, or none")


def load_inputs(names: Iterable[str], values_key: str = DEFAULT_VALUES_KEY, stdin_text: str | None = None,
                progress: Callable[[str, int], Any] | None = None) -> InputSet:
    """Load every input in command-line order, then apply a HelmRelease's valuesFrom order if one is given.

    `progress(label, total)` makes the display of each file's reading (the CLI passes
    `report.progress.Progress`, which shows nothing for a file read within a second).
    """
    names = list(names)
    if not names:
        raise BBValuesError("no input files given (pass values files, or - for standard input)")
    if names.count(STDIN) > 1:
        raise BBValuesError("standard input (-) can be given only once")
    files = [_parse_file(name, stdin_text, progress) for name in names]
    releases = [_helm_release(file.name, manifest) for file in files for manifest in file.manifests
                if manifest.kind == "HelmRelease"]
    keys = {(kind, name): key for release in releases[:1] for kind, name, key in release.values_from}
    per_file = [(file, _file_sources(file, keys, values_key)) for file in files]
    sources = [source for _file, file_sources in per_file for source in file_sources]
    inputs = InputSet(sources=sources, warnings=_valueless_files(per_file, values_key, bool(releases)),
                      names=[file.name for file in files])
    if releases:
        release = releases[0]
        inputs.helm_release = release
        if len(releases) > 1:
            inputs.warnings.append(f"{len(releases)} HelmReleases among the inputs; using {release.name} from {release.file}")
        inline = [source for file in files for manifest in file.manifests if manifest.kind == "HelmRelease"
                  for source in _inline_release_values(file.name, file.text, file.fs_path, manifest.doc)][:1]
        inputs.sources = _order_by_values_from(sources, release) + inline
    for source in inputs.sources:
        _refuse_sops(source)
    return inputs


def duplicate_key_warnings(inputs: InputSet) -> list[str]:
    """One warning per duplicate key, naming both lines: Helm keeps the last one silently."""
    return [f"{dup.last}: duplicate key {dotted_path(dup.path)} (also at line {dup.first.line}); "
            f"Helm keeps the last one, and so does bbvalues" for dup in inputs.duplicates]


def _valueless_files(per_file: list[tuple[_ParsedFile, list[ValuesSource]]], values_key: str,
                     has_release: bool) -> list[str]:
    """A warning for each manifest file that gives no values; an error when no input gives any.

    Such a file is skipped, not read as values (a Deployment is not umbrella values). Reasoning about
    Big Bang's defaults alone when the user meant to pass their values would give a confident, wrong
    answer ("sidecar" for a Deployment), so with nothing at all to read the run stops. A HelmRelease
    is a statement of its own (chart defaults plus its `spec.values`), and an empty or comment-only
    plain values file is valid as Helm reads it: neither is a file without values here.
    """
    valueless = [(file, _manifest_summary(file, values_key)) for file, sources in per_file
                 if file.manifests and not sources and not any(m.kind == "HelmRelease" for m in file.manifests)]
    if valueless and len(valueless) == len(per_file) and not has_release:
        file, summary = valueless[0]
        others = f"; neither does {', '.join(other.name for other, _ in valueless[1:])}" if len(valueless) > 1 else ""
        raise BBValuesError(f"no Big Bang values here: {summary}{others}", file.manifests[0].doc.origins[("kind",)],
                            hint=f"pass the values file, or the ConfigMap/Secret that holds the values (under a "
                                 f"key other than {values_key}? give --values-key KEY)")
    return [f"{file.name}: no values read from it: {summary}" for file, summary in valueless]


def _manifest_summary(file: _ParsedFile, values_key: str) -> str:
    kinds = ", ".join(dict.fromkeys(f"{m.kind} {m.name}".strip() for m in file.manifests))
    return (f"it holds {kinds}, and no ConfigMap or Secret with a {values_key} data key "
            "(bbvalues reads values from those, a HelmRelease or a plain values file)")


@named_tuple
class _ParsedFile:
    name: str
    text: str
    fs_path: str | None
    docs: list[ParsedDocument]
    manifests: list[_Manifest]


def _parse_file(name: str, stdin_text: str | None, progress: Callable[[str, int], Any] | None) -> _ParsedFile:
    file = compose_file(name, stdin_text, progress)
    for doc in file.docs:
        if is_sops_encrypted(doc):
            raise BBValuesError("SOPS-encrypted file: bbvalues never reads or writes encrypted values",
                                doc.origins.get(("sops",)), file=file.name, hint=_SOPS_HINT.format(file=file.name))
    return file


def compose_file(name: str, stdin_text: str | None = None,
                 progress: Callable[[str, int], Any] | None = None) -> _ParsedFile:
    """A file's documents with positions (empty ones dropped) and its Kubernetes manifests; SOPS is not refused here.
    `progress(label, total)`, when given, shows the reading of a big file (bbvalues.report.progress)."""
    text, fs_path, encoded = read_text(name, stdin_text)
    display = "<stdin>" if name == STDIN else name
    with tracked(progress, f"reading {display}", len(text)) as tracker:
        docs = read_documents(text, LineMap(display), tracker, encoded=encoded)
    docs = [doc for doc in docs if doc.value is not None]
    manifests = [manifest for manifest in map(_as_manifest, docs) if manifest is not None]
    return _ParsedFile(display, text, fs_path, docs, manifests)


def is_sops_encrypted(doc: ParsedDocument) -> bool:
    """SOPS writes its metadata under a top-level `sops:` map of every file it encrypts."""
    return isinstance(doc.value, dict) and isinstance(doc.value.get("sops"), dict)


def _file_sources(file: _ParsedFile, keys: dict, values_key: str) -> list[ValuesSource]:
    if not file.manifests:
        return [_plain_source(file.name, file.text, file.fs_path, file.docs)]
    sources = []
    for manifest in file.manifests:
        if manifest.kind in ("ConfigMap", "Secret"):
            key = keys.get((manifest.kind, manifest.name), values_key)
            source = _embedded_source(file.name, file.text, file.fs_path, manifest, key)
            if source is not None:
                sources.append(source)
    return sources


def _plain_source(file: str, text: str, fs_path: str | None, docs: list[ParsedDocument]) -> ValuesSource:
    if len(docs) > 1:
        second = docs[1].node.start_mark.line + 1 if docs[1].node is not None else None
        raise BBValuesError(
            "a values file holds one YAML document; this one has several and none is a ConfigMap, Secret or HelmRelease",
            Origin(file, second) if second else None, hint="split the documents into separate files")
    doc = docs[0] if docs else ParsedDocument(node=None, value={})
    if not isinstance(doc.value, dict):
        origin = Origin(file, doc.node.start_mark.line + 1, doc.node.start_mark.column + 1) if doc.node else None
        raise BBValuesError(f"values must be a mapping, not {yaml_kind(doc.value)}", origin)
    return ValuesSource(file=file, text=text, document=doc, fs_path=fs_path)


def _as_manifest(doc: ParsedDocument) -> _Manifest | None:
    value = doc.value
    if not (isinstance(value, dict) and isinstance(value.get("kind"), str) and "apiVersion" in value):
        return None
    name = (value.get("metadata") or {}).get("name") if isinstance(value.get("metadata"), dict) else None
    return _Manifest(kind=value["kind"], name=str(name or ""), doc=doc)


def _embedded_source(file: str, text: str, fs_path: str | None, manifest: _Manifest, values_key: str):
    """The values a ConfigMap/Secret carries under `values_key`, positioned in the manifest file."""
    field_name = next((name for name in ("stringData", "data")
                       if isinstance(manifest.doc.value.get(name), dict) and values_key in manifest.doc.value[name]),
                      None)
    if field_name is None:
        return None
    key_origin = manifest.doc.origins[(field_name, values_key)]
    where = f"{manifest.kind} {manifest.name}: {field_name}.{values_key}"
    raw = manifest.doc.value[field_name][values_key]
    if not isinstance(raw, str):
        raise BBValuesError(f"{where} must be a string of YAML", key_origin)
    value_node = _child(_child(manifest.node, field_name), values_key)
    embedding = _embedding(text, manifest, field_name, values_key, value_node)
    if manifest.kind == "Secret" and field_name == "data":
        raw = _decode_base64(raw, where, key_origin)
    lines = (LineMap(file, line_offset=LineBreaks(text).line_number(embedding.content_start),
                     column_offset=embedding.indent)
             if embedding.block else FlatLineMap(file, key_origin))
    doc = _values_document(raw, lines, where, key_origin)
    return ValuesSource(file=file, text=text, document=doc, embedding=embedding, fs_path=fs_path)


def _values_document(raw: str, lines: LineMap, where: str, key_origin: Origin) -> ParsedDocument:
    """Values held in a string: one YAML document, a mapping (an empty one when the string is)."""
    docs = _read_embedded(raw, lines, where, key_origin)
    if len(docs) > 1:
        raise BBValuesError(f"{where} holds more than one YAML document", key_origin)
    doc = docs[0] if docs else ParsedDocument(None, None)
    doc.value = {} if doc.value is None else doc.value
    if not isinstance(doc.value, dict):
        raise BBValuesError(f"{where} must hold a mapping, not {yaml_kind(doc.value)}", key_origin)
    return doc


def _embedding(text: str, manifest: _Manifest, field_name: str, values_key: str, node: ScalarNode) -> Embedding:
    """Where the values text sits; only a literal block (`|`) keeps its lines and can be edited in place."""
    block = node.style == "|" and not (manifest.kind == "Secret" and field_name == "data")
    lines = LineBreaks(text)
    # a block's content starts on the line after its `|` header
    start = lines.next_line(node.start_mark.index) if block else node.start_mark.index
    header = text[node.start_mark.index + 1:lines.line_end(node.start_mark.index)].split("#", 1)[0]
    key_column = manifest.doc.origins[(field_name, values_key)].column - 1
    return Embedding(kind=manifest.kind, name=manifest.name, key=values_key, field=field_name,
                     content_start=start, content_end=node.end_mark.index,
                     indent=_block_indent(text[start:node.end_mark.index], key_column) if block else 0, block=block,
                     stripped=block and "-" in header)


def _decode_base64(raw: str, where: str, key_origin: Origin) -> str:
    import base64  # here: only a Secret's `data` needs it (and base64 imports binascii and struct)
    import binascii

    try:
        return base64.b64decode(raw, validate=False).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise BBValuesError(f"{where} is not base64-encoded UTF-8", key_origin) from None


def _read_embedded(raw: str, lines: LineMap, where: str, key_origin: Origin) -> list[ParsedDocument]:
    """Read embedded values; a syntax error points into the manifest file, not into the string."""
    try:
        return read_documents(raw, lines)
    except BBValuesError as exc:
        inner = exc.origin
        if inner is None or isinstance(lines, FlatLineMap):
            raise BBValuesError(f"{where}: {exc.message}", key_origin) from None
        raise BBValuesError(exc.message, Origin(lines.file, inner.line + lines.line_offset,
                                                inner.column + lines.column_offset)) from None


class FlatLineMap(LineMap):
    """Values in a quoted or base64 string: every position maps to the data key's line."""

    __slots__ = ("_key_origin",)

    def __init__(self, file: str, key_origin: Origin):
        super().__init__(file)
        self._key_origin = key_origin

    def at(self, line: int, column: int) -> Origin:
        return self._key_origin


def _child(node: MappingNode, key: str) -> Node:
    found = None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found = value_node
    return found


def _block_indent(content: str, key_column: int) -> int:
    """A block scalar's indentation: its first line with content sets it, as in YAML (blank lines
    before it do not); an empty block gets the usual two spaces more than its key."""
    for line in split_lines(content):
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return key_column + 2


def _helm_release(file: str, manifest: _Manifest) -> HelmReleaseInfo:
    """The chart version and `valuesFrom` order of a Flux HelmRelease, its fields checked as Flux checks them."""
    shape = _ReleaseShape(manifest)
    shape.field(("metadata",), dict)
    shape.field(("metadata", "name"), str)
    shape.field(("spec",), dict)
    shape.field(("spec", "values"), dict)
    shape.field(("spec", "chart"), dict)
    shape.field(("spec", "chart", "spec"), dict)
    version = shape.field(("spec", "chart", "spec", "version"), str)
    values_from = shape.field(("spec", "valuesFrom"), list) or []
    entries = tuple(_values_from_entry(shape, ("spec", "valuesFrom", index)) for index in range(len(values_from)))
    return HelmReleaseInfo(file=file, name=manifest.name, chart_version=version, values_from=entries,
                           origin=manifest.doc.origins.get(("spec", "chart", "spec", "version")))


def _values_from_entry(shape: _ReleaseShape, entry: tuple) -> tuple[str, str, str]:
    """(kind, name, values key) of one `valuesFrom` entry."""
    shape.field(entry, dict, allow_null=False)
    kind = shape.field(entry + ("kind",), str, allow_null=False)
    if kind not in ("ConfigMap", "Secret"):
        raise shape.error(entry + ("kind",), f"must be ConfigMap or Secret, not {kind}")
    name = shape.field(entry + ("name",), str, allow_null=False)
    return kind, name, shape.field(entry + ("valuesKey",), str) or DEFAULT_VALUES_KEY


_KIND_NAMES = {dict: "a map", list: "a list", str: "a string"}


class _ReleaseShape:
    """Checks one HelmRelease's fields, parents before children; Flux's API schema refuses these shapes."""

    def __init__(self, manifest: _Manifest):
        self.doc = manifest.doc
        self.label = f"HelmRelease {manifest.name}".strip()

    def field(self, path: tuple, kind: type, allow_null: bool = True) -> Any:
        """The value at `path` (None when absent or null, if allowed), refused unless it is a `kind`."""
        value = get_path(self.doc.value, path)
        if value is None and allow_null:
            return None
        if value is None and path not in self.doc.origins:
            raise self.error(path, f"is missing ({_KIND_NAMES[kind]} is required)")
        if not isinstance(value, kind):
            raise self.error(path, f"must be {_KIND_NAMES[kind]}, got {yaml_kind(value)}")
        return value

    def error(self, path: tuple, problem: str) -> BBValuesError:
        """At the key (or, for a missing key, the deepest parent written); every manifest has a `kind`."""
        written = (path[:end] for end in range(len(path), 0, -1) if path[:end] in self.doc.origins)
        origin = self.doc.origins[next(written, ("kind",))]
        hint = ('quote it: version: "3.30.0" (unquoted, 3.30 is a number)' if path[-1] == "version"
                else "write it as the Flux HelmRelease API (helm.toolkit.fluxcd.io/v2) defines it")
        return BBValuesError(f"{self.label}: `{dotted_path(path)}` {problem}; Flux rejects this HelmRelease", origin,
                             hint=hint)


def _inline_release_values(file: str, text: str, fs_path: str | None, doc: ParsedDocument) -> list[ValuesSource]:
    """Flux merges a HelmRelease's inline `spec.values` after everything in `valuesFrom`."""
    values = get_path(doc.value, ("spec", "values"))  # a map or None: `_helm_release` checked it
    if values is None:
        return []
    prefix = ("spec", "values")
    inline = ParsedDocument(node=None, value=values,
                            origins={path[2:]: origin for path, origin in doc.origins.items() if path[:2] == prefix},
                            duplicates=[dup for dup in doc.duplicates if dup.path[:2] == prefix])
    return [ValuesSource(file=file, text=text, document=inline, fs_path=fs_path, release_inline=True)]


def _order_by_values_from(sources: list[ValuesSource], release: HelmReleaseInfo) -> list[ValuesSource]:
    wanted = {(kind, name): index for index, (kind, name, _key) in enumerate(release.values_from)}

    def rank(item: tuple[int, ValuesSource]) -> int:
        position, source = item
        embedding = source.embedding
        index = wanted.get((embedding.kind, embedding.name)) if embedding else None
        return index if index is not None else len(wanted) + position

    return [source for _pos, source in sorted(enumerate(sources), key=rank)]


def _is_sops_value(text: str) -> bool:
    """A value SOPS encrypted in place: `ENC[AES256_GCM,data:...`."""
    cipher, _, rest = text[4:].partition(",")
    return text.startswith("ENC[") and consists_of(cipher, ASCII_UPPERCASE + DIGITS + "_") and rest.startswith("data:")


_SOPS_VALUE = Shape(r"(?s)ENC\[[A-Z0-9_]+,data:.*", _is_sops_value)


def _refuse_sops(source: ValuesSource) -> None:
    if not any(_SOPS_VALUE.fullmatch(text) for text in _strings(source.values)):
        return  # the usual case, found without building every key's path
    for path, value in walk(source.values):
        if isinstance(value, str) and _SOPS_VALUE.fullmatch(value):
            raise BBValuesError("SOPS-encrypted value (ENC[...]): bbvalues never reads or writes encrypted values",
                                source.origins.get(path), file=source.file, hint=_SOPS_HINT.format(file=source.file))


def _strings(values: Any) -> Iterable[str]:
    pending = [values]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


# -- for readers that assemble a release's sources themselves (documents.flux, from a Kustomize build) --

def embedded_values(file: _ParsedFile, doc: ParsedDocument, values_key: str) -> ValuesSource | None:
    """The values the ConfigMap/Secret `doc` of `file` carries under `values_key` (None when it has no such key)."""
    manifest = _as_manifest(doc)
    return None if manifest is None else _embedded_source(file.name, file.text, file.fs_path, manifest, values_key)


def plain_values(file: _ParsedFile) -> ValuesSource:
    """`file` read as one plain values document, as `helm -f` reads it."""
    return _plain_source(file.name, file.text, file.fs_path, file.docs)


def helm_release_info(file_name: str, doc: ParsedDocument) -> HelmReleaseInfo:
    """A HelmRelease's chart version and `valuesFrom` order, its fields checked as Flux checks them."""
    return _helm_release(file_name, _as_manifest(doc))


def inline_values(file: _ParsedFile, doc: ParsedDocument) -> ValuesSource | None:
    """A HelmRelease's own `spec.values` (None when it has none); `doc` may be the release after patches."""
    return next(iter(_inline_release_values(file.name, file.text, file.fs_path, doc)), None)


def flat_values(text: str, origin: Origin, where: str) -> ValuesSource:
    """Values in a string known only by the position that wrote it (a generator literal, an RFC 6902 operation):
    every key maps to `origin`; such a source is read, not edited."""
    return ValuesSource(file=origin.file, text=text,
                        document=_values_document(text, FlatLineMap(origin.file, origin), where, origin))


def sops_encrypted_value(source: ValuesSource) -> BBValuesError | None:
    """The error for the first SOPS `ENC[...]` value in `source`, or None when it holds none."""
    try:
        _refuse_sops(source)
    except BBValuesError as exc:
        return exc
    return None
