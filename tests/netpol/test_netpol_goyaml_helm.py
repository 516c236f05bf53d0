"""Our `toYaml` against Helm's own, when a helm binary is available (tools/install-helm installs one).

bb-common stores `toYaml` text in annotations, so the text must match byte for byte: quoting,
folding at 80 columns, `? key` for long keys, block scalars, go-yaml's key order.
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from bbvalues.netpol.goyaml import to_yaml
from bbvalues.netpol.normalise import parse_stream
from tests.helm_runner import helm_binary

TEMPLATE = "{{- range $i, $v := .Values.items }}\n---\ni: {{ $i }}\ntext: {{ toYaml $v | toJson }}\n{{- end }}\n"
# characters that change how a string is written; keys start with a letter because go-yaml's key
# order is not transitive for keys that start with digits (Helm's own output then varies by run)
TRICKY = list(" \n\t:#-?'\"{}[],&*!|>%@`~.0123456789yesnoTrueNULLé") + ["a"] * 8 + [" "] * 4


def _text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, longest)))


def _items(seed: int, count: int) -> list:
    rng = random.Random(seed)
    items = []
    for _ in range(count):
        key = "k" + _text(rng, 12) + ("x" * rng.randint(0, 140) if rng.random() < 0.1 else "")
        value = _text(rng, rng.choice([10, 40, 120, 200]))
        items.append(rng.choice([{key: value, "a9": 1, "a10": 2, "b_": 3},
                                 {"a": {key: [value, _text(rng, 100)]}},
                                 {key: {"x": value}, "l": [[value]], "n": [1, 2.5, True, None, {}, []]}]))
    return items


def test_to_yaml_writes_what_helm_writes(tmp_path: Path) -> None:
    chart = tmp_path / "oracle"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: oracle\nversion: 0.1.0\n")
    (chart / "templates" / "out.yaml").write_text(TEMPLATE)
    items = _items(seed=4, count=300)
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"items": items}))
    rendered = subprocess.run([helm_binary(), "template", "oracle", str(chart), "-f", str(values)],
                              capture_output=True, text=True, check=True).stdout
    mismatches = [(items[doc["i"]], doc["text"], to_yaml(items[doc["i"]])) for doc in parse_stream(rendered)
                  if to_yaml(items[doc["i"]]) != doc["text"]]
    assert mismatches == []
