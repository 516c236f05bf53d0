"""Noise lines of a plain ruamel round trip versus bbvalues' in-place edits over the real-world corpus.

    .venv/bin/python bench/fidelity.py [--corpus DIR] [--markdown]

For every YAML file in the corpus (../shared/corpus/realworld beside the checkout by default):

- ruamel no-op: `YAML(typ="rt")` with `preserve_quotes=True`, load and dump without changing
  anything. Every changed line is noise there; the noise-line count (tests/fidelity_helpers.py)
  is reported next to the plain count of changed lines.
- For files that hold values (plain, or embedded in a ConfigMap/Secret block scalar), the same
  representative migration edits as the corpus tests (each of the three modes, plus deletions of
  keys the file has), once through ruamel (edit the loaded data, dump) and once through
  bbvalues.documents.edit. Reported: noise lines and changed lines (removed + added) for each.

The numbers in docs/fidelity.md come from running this script.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ruamel.yaml import YAML  # noqa: E402
from ruamel.yaml.comments import CommentedMap  # noqa: E402
from ruamel.yaml.scalarstring import LiteralScalarString  # noqa: E402

from bbvalues.documents.edit import DeleteKey  # noqa: E402
from bbvalues.documents.inputs import load_inputs  # noqa: E402
from bbvalues.errors import BBValuesError  # noqa: E402
from tests.fidelity_helpers import (  # noqa: E402
    CORPUS, MODES, changed_line_counts, corpus_edits, count_noise_lines, edit_source, read_raw,
)


def ruamel_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = True  # one corpus file has a duplicate key; let ruamel read it at all
    return yaml


def ruamel_round_trip(text: str) -> str:
    yaml = ruamel_yaml()
    out = io.StringIO()
    yaml.dump_all(list(yaml.load_all(text)), out)
    return out.getvalue()


def ruamel_edit(text: str, source, edits) -> str:
    """What a tool built on a plain ruamel round trip would write for the same edits."""
    yaml = ruamel_yaml()
    docs = list(yaml.load_all(text))
    if source.embedding is None:
        _apply(docs[0], edits)
    else:
        embedding = source.embedding
        manifest = next(doc for doc in docs if isinstance(doc, dict) and doc.get("kind") == embedding.kind
                        and (doc.get("metadata") or {}).get("name") == embedding.name)
        inner = yaml.load(str(manifest[embedding.field][embedding.key])) or CommentedMap()
        _apply(inner, edits)
        out = io.StringIO()
        yaml.dump(inner, out)
        manifest[embedding.field][embedding.key] = LiteralScalarString(out.getvalue())
    out = io.StringIO()
    yaml.dump_all(docs, out)
    return out.getvalue()


def _apply(data, edits) -> None:
    for edit in edits:
        parent = data
        for key in edit.path[:-1]:
            if not isinstance(parent.get(key), dict):
                if isinstance(edit, DeleteKey):
                    break
                parent[key] = CommentedMap()
            parent = parent[key]
        else:
            if isinstance(edit, DeleteKey):
                parent.pop(edit.path[-1], None)
            else:
                parent[edit.path[-1]] = edit.value


def measure(corpus: Path) -> list[dict]:
    rows = []
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml")):
        text = read_raw(path)
        row = {"file": str(path.relative_to(corpus)), "lines": text.count("\n") + (not text.endswith("\n"))}
        round_trip = ruamel_round_trip(text)
        row["rt_changed"] = sum(changed_line_counts(text, round_trip))
        row["rt_noise"] = count_noise_lines(text, round_trip)
        try:
            sources = load_inputs([str(path)]).sources
        except BBValuesError:
            sources = []
        if sources:
            source = sources[0]
            for tool in ("ruamel", "bbvalues"):
                row[f"{tool}_noise"] = row[f"{tool}_changed"] = 0
            for mode in MODES:
                edits = corpus_edits(source, mode)
                ours = edit_source(text, source, edits, row["file"]).text
                theirs = ruamel_edit(text, source, edits)
                for tool, result in (("ruamel", theirs), ("bbvalues", ours)):
                    row[f"{tool}_noise"] += count_noise_lines(text, result)
                    row[f"{tool}_changed"] += sum(changed_line_counts(text, result))
        rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    head = ("| file | lines | ruamel no-op: changed / noise | ruamel edits: changed / noise "
            "| bbvalues edits: changed / noise |\n|---|---:|---:|---:|---:|\n")
    body = []
    totals = dict.fromkeys(("lines", "rt_changed", "rt_noise", "ruamel_changed", "ruamel_noise", "bbvalues_changed",
                            "bbvalues_noise"), 0)
    for row in rows:
        for key in totals:
            totals[key] += row.get(key, 0)
        edits = ("{ruamel_changed} / {ruamel_noise} | {bbvalues_changed} / {bbvalues_noise}".format(**row)
                 if "ruamel_noise" in row else "- | -")
        body.append(f"| `{row['file']}` | {row['lines']} | {row['rt_changed']} / {row['rt_noise']} | {edits} |")
    total = ("| **total** | {lines} | {rt_changed} / {rt_noise} | {ruamel_changed} / {ruamel_noise} "
             "| {bbvalues_changed} / {bbvalues_noise} |".format(**totals))
    return head + "\n".join(body + [total]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    sys.stdout.write(markdown(measure(args.corpus)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
