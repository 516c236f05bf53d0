"""The big-inputs benchmark's generator writes values bbvalues reads as N times the file, and one scalar."""

from __future__ import annotations

import pytest

from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.yamltree import walk
from bbvalues.documents.paths import get_path
from bench.big_inputs import SCALAR_PATH, SCALAR_SHAPES, multiplied, one_scalar
from tests.conftest import shared_path
from tests.helpers import PROFILES


def read(tmp_path, text: str):
    path = tmp_path / "big.yaml"
    path.write_text(text)
    return load_inputs([str(path)])


def leaves(values) -> int:
    return sum(1 for _path, value in walk(values) if not isinstance(value, (dict, list)))


@pytest.mark.parametrize("base", ["profile", "test-values"])
def test_n_times_a_file_reads_as_n_times_its_values_without_duplicate_keys(tmp_path, base):
    source = (PROFILES / "3.30-sidecar.yaml" if base == "profile"
              else shared_path("corpus", "realworld", "bigbang", "tests-test-values.yaml"))
    text = source.read_text()
    assert multiplied(text, 1) == text
    once, thrice = read(tmp_path, text), read(tmp_path, multiplied(text, 3))
    assert thrice.duplicates == [] and thrice.warnings == []
    values, original = thrice.sources[0].values, once.sources[0].values
    assert leaves(values) == 3 * leaves(original)
    assert values["packages"]["copy3"]["values"] == {key: value for key, value in original.items() if key != "packages"}
    for name, package in original.get("packages", {}).items():
        assert values["packages"][f"{name}-copy2"] == values["packages"][f"{name}-copy3"] == package


@pytest.mark.parametrize("shape", SCALAR_SHAPES)
def test_one_scalar_of_the_size_asked(tmp_path, shape):
    values = get_path(read(tmp_path, one_scalar(50_000, shape)).sources[0].values, SCALAR_PATH)
    (scalar,) = values.values()
    assert len(values) == 1 and isinstance(scalar, str) and 50_000 <= len(scalar) < 50_100
