"""Every bb-common 0.14.1 conformance case: same documents, or rejected with bb-common's message.

Cases are compared as the conformance README prescribes: the expected stream is parsed with YAML
1.2 booleans, both sides keep the listed kinds, and the sorted document sets must be equal (types
included: ports are ints, authorization ports strings). That the YAML we print reads back as
exactly these documents is checked on the quirk cases, whose values exercise the odd strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bbvalues.netpol import NetpolError, dump_manifests, expand
from bbvalues.netpol.hints import hint_for
from bbvalues.netpol.normalise import normalise, parse_stream
from tests.conftest import SHARED_MISSING_ID
from tests.netpol.netpol_cases import case_values, conformance_cases, read_meta


def _render(case: Path, meta: dict) -> list[dict]:
    templates = [template.strip() for template in meta["templates"].split(",")]
    return expand(case_values(case), release_name=meta["release_name"], namespace=meta["release_namespace"],
                  templates=templates)


@pytest.mark.parametrize("case", conformance_cases())
def test_conformance_case(case: Path) -> None:
    meta = read_meta(case)
    kinds = meta["kinds_kept"].split(",")
    if (case / "expected_error.txt").exists():
        with pytest.raises(NetpolError) as rejected:
            _render(case, meta)
        layer = meta["error_layer"]
        assert rejected.value.layer == layer
        assert hint_for(rejected.value.message), "every rejection comes with a fix"
        if layer == "template-fail":
            assert meta["error_message"] in rejected.value.message
        return
    actual = normalise(_render(case, meta), kinds)
    expected = normalise(parse_stream((case / "expected.yaml").read_text()), kinds)
    assert [doc["metadata"]["name"] for doc in actual] == [doc["metadata"]["name"] for doc in expected]
    assert actual == expected


@pytest.mark.parametrize("case", [param for param in conformance_cases() if "quirks/" in str(param.id)
                                  or param.id == SHARED_MISSING_ID])
def test_printed_stream_reads_back_as_the_rendered_documents(case: Path) -> None:
    meta = read_meta(case)
    if (case / "expected_error.txt").exists():
        return
    documents = _render(case, meta)
    assert parse_stream(dump_manifests(documents)) == documents
