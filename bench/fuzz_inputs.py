"""Fuzz inputs: mutations of the real-world corpus and generated umbrella values, as `FuzzCase`s.

Every function takes a `random.Random`: the campaign passes one seeded per case (so a case id
regenerates the same input), the property tests pass Hypothesis' `st.randoms()`.

Corpus mutations are byte-level (`BYTE_MUTATIONS`: what an editor, a bad merge or a bad copy
does to a file, and what a hostile file contains) or structure-level (`structure`: parse, put
hostile values at the keys bbvalues reads, dump back). Generated cases build umbrella values from
the same keys with mostly plausible and sometimes hostile values, and write them as one values
file, as `-f` layers, or as a Flux HelmRelease with ConfigMaps/Secrets.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from bbvalues.bigbang.releases import release_table
from bench.fuzzing import FuzzCase

VERSIONS = (None, "3.20.0", "3.22.0", "3.23.0", "3.26.0", "3.27.0", "3.29.0", "3.30.0", "next")
CHART_VERSIONS = ("3.30.0", "3.29.1", "3.26.0", "3.23.0", "3.22.0", "3.2.0", "v3.27.0", "3.30", "next", "latest",
                  "", "*", ">=3.20.0", 3.3, None, "99.0.0")
GATEWAYS = ("public", "passthrough", "sso", "main")
# Multi-file layouts of the corpus, in Helm order (Flux orders them by the HelmRelease's valuesFrom).
CORPUS_SETS = {
    "template-helmRepo/base": ("template-helmRepo/base/helmrelease.yaml", "template-helmRepo/base/configmap.yaml",
                               "template-helmRepo/base/common-bb-secret.yaml"),
    "template-helmRepo/dev": ("template-helmRepo/base/helmrelease.yaml", "template-helmRepo/base/configmap.yaml",
                              "template-helmRepo/base/common-bb-secret.yaml", "template-helmRepo/dev/configmap.yaml",
                              "template-helmRepo/dev/secrets/dev-bb-secret.yaml"),
    "quick-start + ambient test values": ("quick-start/bigbang-values.yaml", "bigbang/tests-test-values-ambient.yaml"),
}


@dataclass(frozen=True)
class Seed:
    """Unmutated corpus input: one file, or one of CORPUS_SETS."""

    name: str
    files: tuple[tuple[str, bytes], ...]


def corpus_seeds(corpus: Path) -> list[Seed]:
    """Every YAML file of the corpus alone, then the multi-file sets (empty without a corpus)."""
    if not corpus.is_dir():
        return []
    files = sorted(path for path in corpus.rglob("*") if path.suffix in (".yaml", ".yml"))
    seeds = [Seed(str(path.relative_to(corpus)), ((str(path.relative_to(corpus)), path.read_bytes()),))
             for path in files]
    for name, members in CORPUS_SETS.items():
        if all((corpus / member).is_file() for member in members):
            seeds.append(Seed(name, tuple((member, (corpus / member).read_bytes()) for member in members)))
    return seeds


def options(rng: Random, version: bool = True) -> dict:
    """The run options a user could pass: release, label removal, gateways."""
    return {"version": rng.choice(VERSIONS) if version else None,
            "label_removal": rng.choice(("auto", "none", "null")),
            "gateways": tuple(rng.sample(GATEWAYS, rng.randint(1, 2))) if rng.random() < 0.15 else ()}


def baseline_case(seed: Seed, case_id: str) -> FuzzCase:
    """The unmutated seed, release chosen as the CLI does."""
    return FuzzCase(case_id, "corpus", "none", seed.files, origin=seed.name)


def mutated_case(seed: Seed, kind: str, rng: Random, case_id: str) -> FuzzCase:
    """`seed` with one of its files mutated by `kind` (a key of MUTATIONS)."""
    index = rng.randrange(len(seed.files))
    name, data = seed.files[index]
    files = list(seed.files)
    files[index] = (name, MUTATIONS[kind](data, rng))
    return FuzzCase(case_id, "corpus", kind, tuple(files), origin=seed.name, mutated=index, **options(rng))


# -- byte-level mutations ----------------------------------------------------------------------------

_KEY_VALUE = re.compile(rb"^([ \t]*(?:- )?[^\s#:][^#:\n]*:)[ \t]+([^#\n\r]*?)[ \t]*(\r?)$", re.M)
_BLOCK_KEY = re.compile(rb"^([ \t]*(?:- )?[^\s#:][^#:\n]*:)[ \t]*(\r?)$", re.M)
SIGNIFICANT = (b":", b": ", b"-", b"- ", b"? ", b"[", b"]", b"{", b"}", b",", b"#", b" #", b"&", b"*", b"!", b"|",
               b">", b"'", b'"', b"%", b"@", b"`", b"\t", b"\n", b"\r", b" ", b"  ", b"\\", b"<<: ", b"---\n")
TYPE_TOKENS = ("true", "yes", "no", "on", "off", "y", "~", "null", "0", "-1", "0777", "0x1F", "1e3", "1_000", ".nan",
               "-.inf", "[]", "{}", "[a, b]", "{a: b}", '""', "''", "'true'", '"3.30.0"', "2001-12-14", "12:30:00",
               "!!binary aGVsbG8=", "|", ">-", "- item", "&x 1", "*x", '"\\u00e9\\x00"', "=", "<<", "? a", "'''",
               '"unterminated', "{a: [b, {c: d}]}", "!!str 1", "-", "- - -", "!!int yes", "!!float x")
INVALID_UTF8 = (b"\xff", b"\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82", b"\xc0\xaf")
CONTROL = (b"\x00", b"\x01", b"\x07", b"\x08", b"\x0b", b"\x0c", b"\x1b", b"\x7f", b"\xc2\x85", b"\xc2\x9f",
           b"\xe2\x80\xa8", b"\xef\xbf\xbe", b"\xef\xbb\xbf")
TAGS = (b"!!str ", b"!!int ", b"!!bool ", b"!!binary ", b"!!python/object:os.system ", b"!custom ", b"!!null ",
        b"!<tag:yaml.org,2002:str> ", b"!!set ", b"!!omap ", b"!!timestamp ", b"!!float ", b"!!map ", b"!!seq ", b"! ")
DOCUMENT_MARKERS = (b"---\n", b"...\n", b"%YAML 1.2\n---\n", b"%YAML 1.1\n---\n", b"%TAG ! tag:x,2000:\n---\n",
                    b"--- |\n", b"--- >\n  ", b"---\n---\n", b"%FOO bar\n")


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _position(data: bytes, rng: Random) -> int:
    return rng.randint(0, len(data))


def _insert(data: bytes, rng: Random, chunk: bytes) -> bytes:
    at = _position(data, rng)
    return data[:at] + chunk + data[at:]


def _repeat(count: tuple[int, int], step: Callable[[bytes, Random], bytes]) -> Callable[[bytes, Random], bytes]:
    def mutate(data: bytes, rng: Random) -> bytes:
        for _ in range(rng.randint(*count)):
            data = step(data, rng)
        return data
    return mutate


def _flip(data: bytes, rng: Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def _delete(data: bytes, rng: Random) -> bytes:
    at = _position(data, rng)
    return data[:at] + data[at + rng.randint(1, 32):]


def truncate(data: bytes, rng: Random) -> bytes:
    return data[:_position(data, rng)]


def duplicate_lines(data: bytes, rng: Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    chunk = lines[start:start + rng.randint(1, 6)]
    at = rng.choice((start, rng.randrange(len(lines) + 1)))
    return b"".join(lines[:at] + chunk + lines[at:])


def swap_indentation(data: bytes, rng: Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        body = lines[index].lstrip(b" ")
        indent = len(lines[index]) - len(body)
        if rng.random() < 0.3:
            other = lines[rng.randrange(len(lines))]
            indent = len(other) - len(other.lstrip(b" "))
        else:
            indent = max(0, indent + rng.choice((-4, -2, -1, 1, 2, 4)))
        lines[index] = b" " * indent + body
    return b"".join(lines)


def insert_tabs(data: bytes, rng: Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 3)):
        index = rng.randrange(len(lines))
        line = lines[index]
        body = line.lstrip(b" ")
        choice = rng.randrange(3)
        if choice == 0:
            lines[index] = b"\t" * max(1, (len(line) - len(body)) // 2) + body
        elif choice == 1:
            lines[index] = line.replace(b": ", b":\t", 1)
        else:
            lines[index] = b"\t" + line
    return b"".join(lines)


def _value_matches(data: bytes) -> list[re.Match]:
    return list(_KEY_VALUE.finditer(data))


def _replace_values(data: bytes, rng: Random, values: Callable[[], bytes], count: tuple[int, int]) -> bytes:
    matches = _value_matches(data)
    if not matches:
        return _insert(data, rng, b"fuzz: " + values() + b"\n")
    for match in sorted(rng.sample(matches, min(len(matches), rng.randint(*count))), key=lambda m: -m.start(2)):
        data = data[:match.start(2)] + values() + data[match.end(2):]
    return data


def retype_scalar(data: bytes, rng: Random) -> bytes:
    return _replace_values(data, rng, lambda: rng.choice(TYPE_TOKENS).encode(), (1, 4))


def _indent(line: bytes) -> int:
    """Columns before the content; a `- ` sequence entry counts as indentation of its mapping."""
    return len(line) - len(line.lstrip(b" -"))


def _block_keys(lines: list[bytes]) -> list[int]:
    """Indexes of `key:` lines whose value is the indented block below."""
    return [index for index, line in enumerate(lines) if _BLOCK_KEY.match(line)]


def insert_null(data: bytes, rng: Random) -> bytes:
    lines = _lines(data)
    keys = _block_keys(lines)
    if keys and rng.random() < 0.5:
        return _null_block(lines, rng.choice(keys), rng)
    return _replace_values(data, rng, lambda: rng.choice((b"null", b"~", b"", b"!!null", b"Null", b"NULL")), (1, 3))


def _null_block(lines: list[bytes], index: int, rng: Random) -> bytes:
    """`key:` with children becomes `key: null` (children gone), the way users blank a section."""
    indent = _indent(lines[index])
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    key = _BLOCK_KEY.match(lines[index]).group(1)
    token = rng.choice((b"null", b"~", b"", b"{}", b"[]"))
    return b"".join(lines[:index] + [key + b" " + token + b"\n"] + lines[end:])


def anchor_alias(data: bytes, rng: Random) -> bytes:
    """An alias bomb, a broken or undefined alias, or one node anchored and aliased from another key."""
    choice = rng.randrange(4)
    if choice == 0:
        return alias_bomb(rng) + data
    matches = _value_matches(data)
    if choice == 1 or not matches:
        return _replace_values(data, rng, lambda: rng.choice((b"*nope", b"*", b"&", b"&a *a", b"*a &a")), (1, 1))
    target = rng.choice(matches)
    anchor_at = rng.choice([m.end(1) for m in list(_BLOCK_KEY.finditer(data)) + matches if m.end(1) != target.end(1)]
                           or [0])
    edits = sorted([(anchor_at, anchor_at, b" &fz"), (target.start(2), target.end(2), b"*fz")], reverse=True)
    for start, end, chunk in edits:  # later positions first, so earlier offsets stay valid
        data = data[:start] + chunk + data[end:]
    return data


def alias_bomb(rng: Random) -> bytes:
    """A "billion laughs" document head: each level aliases the previous one `width` times."""
    width, depth = rng.randint(5, 10), rng.randint(5, 9)
    lines = [b"lol0: &lol0 [" + b", ".join([b"lol"] * width) + b"]\n"]
    for level in range(1, depth):
        refs = b", ".join([b"*lol%d" % (level - 1)] * width)
        lines.append(b"lol%d: &lol%d [%s]\n" % (level, level, refs))
    return b"".join(lines)


MERGE_HEAD = (b"fzbase: &fzbase {enabled: true, values: {a: 1}}\nfzother: &fzother {sso: {enabled: yes}}\n"
              b"fzscalar: &fzscalar x\n")


def merge_key(data: bytes, rng: Random) -> bytes:
    """Insert a `<<:` merge key: to a mapping anchor, a list of them, a scalar, an undefined alias."""
    lines = _lines(data)
    keys = _block_keys(lines)
    if not keys:
        return MERGE_HEAD + b"fz:\n  <<: *fzbase\n" + data
    index = rng.choice(keys)
    below = lines[index + 1] if index + 1 < len(lines) else b""
    indent = _indent(below) if _indent(below) > _indent(lines[index]) else _indent(lines[index]) + 2
    value = rng.choice((b"*fzbase", b"[*fzbase, *fzother]", b"*fzscalar", b"*undefined", b"{enabled: false}",
                        b"[]", b"null", b"*fzbase\n" + b" " * indent + b"<<: *fzother"))
    line = b" " * indent + b"<<: " + value + b"\n"
    return MERGE_HEAD + b"".join(lines[:index + 1] + [line] + lines[index + 1:])


def deep_nesting(data: bytes, rng: Random) -> bytes:
    depth = rng.choice((64, 200, 1000, 5000, 50000))
    shape = rng.randrange(3)
    if shape == 0:
        nested = b"[" * depth + b"]" * depth
    elif shape == 1:
        nested = b"{a: " * depth + b"1" + b"}" * depth
    else:
        depth = min(depth, 3000)
        nested = b"\n" + b"".join(b" " * (2 * level + 2) + b"a:\n" for level in range(depth)) + b" " * (2 * depth + 2) + b"b"
    return _replace_values(data, rng, lambda: nested, (1, 1))


def huge_scalar(data: bytes, rng: Random) -> bytes:
    size = rng.choice((10**5, 10**6, 2 * 10**6))  # the largest real values file is 74 kB
    shape = rng.randrange(4)
    if shape == 0:
        return _replace_values(data, rng, lambda: b"x" * size, (1, 1))
    if shape == 1:
        return _insert_line(data, rng, b"k" * size + b": 1\n")
    if shape == 2:  # very many keys in one mapping
        return b"".join(b"key%d: %d\n" % (index, index) for index in range(size // 20)) + data
    return _replace_values(data, rng, lambda: b"|\n" + b"  line\n" * (size // 7), (1, 1))


def _insert_line(data: bytes, rng: Random, line: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines) + 1)
    return b"".join(lines[:at] + [line] + lines[at:])


def non_utf8(data: bytes, rng: Random) -> bytes:
    if rng.random() < 0.2:
        return data.decode("utf-8", "replace").encode("latin-1", "replace") + b"caf\xe9: 1\n"
    for _ in range(rng.randint(1, 3)):
        data = _insert(data, rng, rng.choice(INVALID_UTF8))
    return data


def bom(data: bytes, rng: Random) -> bytes:
    text = data.decode("utf-8", "replace")
    choice = rng.randrange(5)
    if choice == 0:
        return b"\xef\xbb\xbf" + data
    if choice == 1:
        return b"\xef\xbb\xbf\xef\xbb\xbf" + data
    if choice == 2:
        return _insert_line(data, rng, b"\xef\xbb\xbf")
    return text.encode("utf-16" if choice == 3 else "utf-32")


def line_endings(data: bytes, rng: Random) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if choice == 1:
        return data.replace(b"\n", b"\r")
    lines = _lines(data)
    ending = (b"\r\n", b"\r\r\n", b"\xc2\x85", b"\xe2\x80\xa8")[choice - 1 if choice < 4 else rng.randrange(4)]
    for _ in range(rng.randint(1, 5)):
        index = rng.randrange(len(lines))
        lines[index] = lines[index].rstrip(b"\r\n") + ending
    return b"".join(lines)


MUTATIONS: dict[str, Callable[[bytes, Random], bytes]] = {
    "flip-bytes": _repeat((1, 8), _flip),
    "insert-bytes": _repeat((1, 6), lambda data, rng: _insert(data, rng, rng.choice(SIGNIFICANT + (bytes([rng.randrange(256)]),)))),
    "delete-bytes": _repeat((1, 4), _delete),
    "truncate": truncate,
    "duplicate-lines": duplicate_lines,
    "swap-indentation": swap_indentation,
    "insert-tabs": insert_tabs,
    "retype-scalar": retype_scalar,
    "insert-null": insert_null,
    "anchor-alias": anchor_alias,
    "merge-key": merge_key,
    "deep-nesting": deep_nesting,
    "huge-scalar": huge_scalar,
    "non-utf8": non_utf8,
    "bom": bom,
    "line-endings": line_endings,
    "control-chars": _repeat((1, 3), lambda data, rng: _insert(data, rng, rng.choice(CONTROL))),
    "tags": _repeat((1, 3), lambda data, rng: _tag(data, rng)),
    "documents": lambda data, rng: _insert_line(data, rng, rng.choice(DOCUMENT_MARKERS)),
}


def _tag(data: bytes, rng: Random) -> bytes:
    matches = _value_matches(data)
    if not matches:
        return rng.choice(TAGS) + data
    match = rng.choice(matches)
    return data[:match.start(2)] + rng.choice(TAGS) + data[match.start(2):]


def stacked(data: bytes, rng: Random) -> bytes:
    """Two to four byte-level mutations in a row (the expensive ones excluded, to stay in time)."""
    cheap = [kind for kind in MUTATIONS if kind not in ("huge-scalar", "deep-nesting")]
    for _ in range(rng.randint(2, 4)):
        data = MUTATIONS[rng.choice(cheap)](data, rng)
    return data


# -- structure-level mutations: hostile values at the keys bbvalues reads ----------------------------

@lru_cache(maxsize=1)
def interesting_paths() -> tuple[tuple[str, ...], ...]:
    """Umbrella key paths bbvalues reads, from the release table (so new rows are fuzzed too)."""
    table = release_table()
    paths: set[tuple[str, ...]] = set(table.defaults) | set(table.ambient_forces_on)
    paths |= {key for keys in table.conditions.values() for key in keys}
    selector = table.selector_path
    paths |= {selector, selector + ("key",), selector + ("value",), table.shared_gateway_labels_path,
              table.gateways_path, ("packageConfiguration", "version"), ("packages",), ("istio",),
              ("addons", "authservice", "values", "waypoint", "enabled")}
    for gateway in GATEWAYS:
        paths |= {table.gateway_labels(gateway), table.gateways_path + (gateway,)}
    for name, location in table.packages.items():
        for root in (location.legacy, ("packages", location.canonical)):
            paths |= {root, root + ("enabled",), root + ("values",), root + ("values", "networkPolicies"),
                      root + ("values", "istio", "authorizationPolicies", "custom"),
                      root + ("values", "istio", "authorizationPolicies", "additionalPolicies")}
    for release in table.releases:
        for enrollment in release.enrollments:
            root = table.packages[enrollment.package].legacy
            paths.add(root + enrollment.gateway_key)
            paths |= {root + route for route in enrollment.routes}
            for label_map in enrollment.services:
                paths.add(root + label_map.path)
                paths |= {root + label_map.path + (label.key,) for label in enrollment.labels}
    return tuple(sorted(paths))


KEYS = ("enabled", "values", "labels", "upstream", "istio", "gateways", "public", "protect", "spec", "selector",
        "matchLabels", "targetRefs", "rules", "from", "to", "k8s", "cidr", "", " ", "a.b", "istio.io/use-waypoint",
        "<<", "1", "true", "null", "\n", "é", "x" * 300, "ns/pod:8080", "*")
SCALARS = (None, True, False, 0, 1, -1, 65536, 2**64, 1.5, float("inf"), float("nan"), "", "true", "false", "yes",
           "no", "on", "null", "~", "keycloak", "none", "public", "shared", "v1", "3.30.0", "{{ .Values.x }}",
           "a\nb", "ENC[AES256_GCM,data:abc=,iv:x=,tag:y=,type:str]", "é\u2028x", "\t", "- x", "*x", "&y")


def hostile_value(rng: Random, depth: int = 0) -> Any:
    """A value of a type bbvalues might not expect where it is put."""
    choice = rng.randrange(10 if depth < 3 else 4)
    if choice <= 2:
        return rng.choice(SCALARS)
    if choice == 3:
        return rng.choice(([], {}, "x" * rng.choice((1000, 100000)), [None], [{}], {"": None}))
    if choice in (4, 5):
        return [hostile_value(rng, depth + 1) for _ in range(rng.randint(1, 3))]
    if choice in (6, 7):
        return {rng.choice(KEYS): hostile_value(rng, depth + 1) for _ in range(rng.randint(1, 3))}
    if choice == 8:
        nested: Any = rng.choice(SCALARS)
        for _ in range(rng.randint(20, 90)):  # deep, but shallow enough for the YAML dumper to write
            nested = {rng.choice(("a", "values", "enabled")): nested}
        return nested
    return {"enabled": rng.choice(SCALARS), "values": {rng.choice(KEYS): rng.choice(SCALARS)}}


def set_at(values: dict, path: tuple, value: Any) -> None:
    """Set `path`, replacing whatever non-mapping is on the way (a fuzzer may clobber anything)."""
    node = values
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def mutate_values(values: dict, rng: Random) -> dict:
    """One to four hostile assignments or deletions, at read keys or at keys the document has."""
    existing = list(_key_paths(values))
    for _ in range(rng.randint(1, 4)):
        pool = existing if existing and rng.random() < 0.4 else interesting_paths()
        path = rng.choice(pool)
        if rng.random() < 0.15:
            _delete_at(values, path)
        else:
            set_at(values, path, hostile_value(rng))
    return values


def _key_paths(values: Any, prefix: tuple = ()):
    """Every path of string keys through nested mappings (ruamel's CommentedMap included)."""
    if isinstance(values, dict):
        for key, child in values.items():
            if isinstance(key, str):
                yield prefix + (key,)
                yield from _key_paths(child, prefix + (key,))


def _delete_at(values: dict, path: tuple) -> None:
    node: Any = values
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(path[-1], None)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True
    yaml.width = 4096
    return yaml


def structure(data: bytes, rng: Random) -> bytes:
    """Parse, put hostile values at keys bbvalues reads (inside ConfigMap/Secret values too), dump."""
    yaml = _yaml()
    try:
        documents = list(yaml.load_all(data.decode("utf-8-sig")))
    except Exception:  # noqa: BLE001 - a mutated seed need not parse; fall back to a byte mutation
        return retype_scalar(data, rng)
    documents = [_mutate_document(document, rng) for document in documents] or [mutate_values({}, rng)]
    out = io.StringIO()
    yaml.dump_all(documents, out)
    return out.getvalue().encode()


def _mutate_document(document: Any, rng: Random) -> Any:
    if not isinstance(document, dict):
        return document
    for field_name in ("stringData", "data"):
        embedded = document.get(field_name)
        if isinstance(embedded, dict) and isinstance(embedded.get("values.yaml"), str):
            encoded = document.get("kind") == "Secret" and field_name == "data"
            text = embedded["values.yaml"]
            if encoded:
                text = base64.b64decode(text).decode("utf-8", "replace")
            inner = dump(mutate_values(_load_mapping(text), rng))
            embedded["values.yaml"] = base64.b64encode(inner.encode()).decode() if encoded else LiteralScalarString(inner)
            return document
    return mutate_values(document, rng)


def _load_mapping(text: str) -> dict:
    try:
        value = YAML(typ="safe", pure=True).load(text)
    except Exception:  # noqa: BLE001
        return {}
    return value if isinstance(value, dict) else {}


def dump(value: Any, rng: Random | None = None) -> str:
    """YAML text for generated values, in a layout chosen by `rng` (block style, two spaces without)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.width = 4096
    yaml.default_flow_style = False
    if rng is not None:
        step = rng.choice((2, 4))
        sequence = rng.choice((step, step + 2))
        yaml.indent(mapping=step, sequence=sequence, offset=rng.choice((0, sequence - 2)))  # indentless or not
        yaml.default_flow_style = rng.random() < 0.15
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


MUTATIONS["structure"] = structure
MUTATIONS["stacked"] = stacked
MUTATION_KINDS = tuple(MUTATIONS)


# -- generated umbrella values ---------------------------------------------------------------------

LABEL_VALUES = ("keycloak", "none", None, "true", "false", "authservice-waypoint", "monitoring-monitoring-waypoint",
                "thanos-waypoint", "authservice", "")
NAME = ("monitoring", "prometheus", "alertmanager", "grafana", "authservice", "thanos", "istio-gateway", "kube-dns",
        "a", "x-y", "*")


def plausible_value(path: tuple, rng: Random) -> Any:
    """A value of the kind the key holds in real files, with YAML 1.1 spellings now and then."""
    last = path[-1]
    if last == "enabled":
        return rng.choice((True, False, True, False, "true", "yes", None, 1))
    if last == "gateway":
        return rng.choice(("", "public", "passthrough", "sso", "main", None))
    if last == "version":
        return rng.choice(("v1", "v2", 1, None))
    if last in ("labels", "upstream.labels") or "labels" in path[-2:]:
        return {rng.choice(("protect", "istio.io/use-waypoint", "istio.io/ingress-use-waypoint",
                            "istio.io/use-waypoint-namespace", "app")): rng.choice(LABEL_VALUES)
                for _ in range(rng.randint(0, 3))}
    if last in ("key", "value"):
        return rng.choice(("protect", "keycloak", "sso", "app"))
    if last == "selector":
        return {"key": rng.choice(("protect", "sso")), "value": rng.choice(("keycloak", "yes", "true"))}
    if last == "networkPolicies":
        return netpol_shorthand(rng)
    if last == "custom":
        return [authorization_policy(rng) for _ in range(rng.randint(0, 2))]
    if last == "additionalPolicies":
        return {f"policy-{index}": {"enabled": rng.choice((True, False)), **authorization_policy(rng)}
                for index in range(rng.randint(0, 2))}
    if _holds_keys(path):
        return {}
    return rng.choice((True, False, "keycloak", None, "public"))


def _holds_keys(path: tuple) -> bool:
    """Whether bbvalues reads keys below `path` (so a plausible value is a mapping)."""
    return any(len(other) > len(path) and other[:len(path)] == path for other in interesting_paths())


def _port(rng: Random) -> str:
    return rng.choice(("", ":8080", ":9090", ":[80,443]", ":8000-8010", ":0777", ":99999", ":abc"))


def netpol_shorthand(rng: Random) -> dict:
    """bb-common shorthand in the shapes BBCOMMON-NETPOL.md describes, sometimes slightly wrong."""
    remote_k8s = lambda: f"{rng.choice(NAME)}/{rng.choice(NAME)}{_port(rng)}"  # noqa: E731
    remote_cidr = lambda: rng.choice(("10.0.0.0/8", "0.0.0.0/0", "169.254.169.254/32", "10.0.0.0/33", "x/y"))  # noqa
    remote = lambda: rng.choice((True, False, {"enabled": rng.choice((True, False))},  # noqa: E731
                                 {"podSelector": {"matchLabels": {"app": rng.choice(NAME)}}}, None, "yes"))
    remotes = lambda: {rng.choice(("k8s", "cidr", "definition", "literal", "other")): {  # noqa: E731
        (remote_k8s() if rng.random() < 0.6 else remote_cidr()): remote() for _ in range(rng.randint(1, 2))}}
    shorthand: dict = {"enabled": rng.choice((True, False, True))}
    if rng.random() < 0.7:
        shorthand["ingress"] = {"to": {f"{rng.choice(NAME)}{_port(rng)}": {"from": remotes()}
                                       for _ in range(rng.randint(1, 3))}}
    if rng.random() < 0.5:
        shorthand["egress"] = {"from": {rng.choice(NAME): {"to": remotes()} for _ in range(rng.randint(1, 2))}}
    if rng.random() < 0.3:
        shorthand["hbonePortInjection"] = {"enabled": rng.choice((True, False))}
    return shorthand


def authorization_policy(rng: Random) -> dict:
    spec: dict = {"action": rng.choice(("ALLOW", "DENY", "CUSTOM", None))}
    if rng.random() < 0.6:
        spec["selector"] = {"matchLabels": {rng.choice(("app", "app.kubernetes.io/name")): rng.choice(NAME)}}
    if rng.random() < 0.4:
        spec["targetRefs"] = [{"kind": rng.choice(("Service", "Gateway")), "group": rng.choice(("", "core", None)),
                               "name": rng.choice(NAME)}]
    rule: dict = {}
    if rng.random() < 0.7:
        rule["from"] = [{"source": {"principals": [rng.choice(("cluster.local/ns/a/sa/b", "spiffe://x", "*", "a/b"))]}}]
    if rng.random() < 0.6:
        rule["to"] = [{"operation": {"paths": ["/metrics"], "methods": ["GET"]}}]
    spec["rules"] = [rule]
    return {"name": f"{rng.choice(NAME)}-policy", "spec": spec}


def generate_values(rng: Random, hostile: float = 0.03, count: tuple[int, int] = (1, 14)) -> dict:
    """Umbrella values built from the keys bbvalues reads."""
    values: dict = {}
    paths = interesting_paths()
    for path in rng.sample(paths, min(len(paths), rng.randint(*count))):
        set_at(values, path, hostile_value(rng) if rng.random() < hostile else plausible_value(path, rng))
    return values


def _with_layout(text: str, rng: Random) -> bytes:
    """Line endings and BOM as real files have them."""
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    data = text.encode()
    return b"\xef\xbb\xbf" + data if rng.random() < 0.1 else data


def _configmap(name: str, values_text: str, kind: str, rng: Random) -> dict:
    manifest: dict = {"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "namespace": "bigbang"}}
    if kind == "Secret" and rng.random() < 0.5:
        manifest["data"] = {"values.yaml": base64.b64encode(values_text.encode()).decode()}
    elif rng.random() < 0.85:
        manifest["stringData" if kind == "Secret" else "data"] = {"values.yaml": LiteralScalarString(values_text)}
    else:  # a quoted embedding: readable, but not editable in place
        manifest["stringData" if kind == "Secret" else "data"] = {"values.yaml": values_text}
    return manifest


def _helm_release(names: list[tuple[str, str]], rng: Random) -> dict:
    version = rng.choice(CHART_VERSIONS)
    release: dict = {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
                     "metadata": {"name": "bigbang", "namespace": "bigbang"},
                     "spec": {"chart": {"spec": {"chart": "bigbang", "version": version}}}}
    order = list(names)
    rng.shuffle(order)
    if rng.random() < 0.2:
        order.append(("ConfigMap", "missing"))
    release["spec"]["valuesFrom"] = [{"kind": kind, "name": name, "valuesKey": "values.yaml"} for kind, name in order]
    if rng.random() < 0.25:
        release["spec"]["values"] = generate_values(rng, count=(1, 4))
    return release


def _dump_manifests(manifests: list[dict]) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump_all(manifests, out)
    return out.getvalue()


def gen_values(rng: Random) -> tuple[tuple[str, bytes], ...]:
    return (("values.yaml", _with_layout(dump(generate_values(rng), rng), rng)),)


def gen_hostile(rng: Random) -> tuple[tuple[str, bytes], ...]:
    return (("hostile.yaml", _with_layout(dump(generate_values(rng, hostile=0.5), rng), rng)),)


def gen_layers(rng: Random) -> tuple[tuple[str, bytes], ...]:
    return tuple((f"layer{index}.yaml", _with_layout(dump(generate_values(rng, count=(1, 8)), rng), rng))
                 for index in range(rng.randint(2, 3)))


def gen_flux(rng: Random) -> tuple[tuple[str, bytes], ...]:
    """A HelmRelease with ConfigMaps/Secrets, in one stream or one file each."""
    manifests = []
    for index in range(rng.randint(1, 3)):
        kind = rng.choice(("ConfigMap", "Secret"))
        manifests.append(_configmap(f"values-{index}", dump(generate_values(rng, count=(1, 8)), rng), kind, rng))
    release = _helm_release([(m["kind"], m["metadata"]["name"]) for m in manifests], rng)
    if rng.random() < 0.5:
        return (("bigbang.yaml", _with_layout(_dump_manifests([release] + manifests), rng)),)
    files = [("helmrelease.yaml", release)] + [(f"{m['metadata']['name']}.yaml", m) for m in manifests]
    return tuple((name, _with_layout(_dump_manifests([manifest]), rng)) for name, manifest in files)


GENERATORS: dict[str, Callable[[Random], tuple[tuple[str, bytes], ...]]] = {
    "values": gen_values, "hostile": gen_hostile, "layers": gen_layers, "flux": gen_flux,
}


def generated_case(kind: str, rng: Random, case_id: str) -> FuzzCase:
    files = GENERATORS[kind](rng)
    has_release = kind == "flux"
    return FuzzCase(case_id, "generated", kind, files, **options(rng, version=not has_release or rng.random() < 0.2))
