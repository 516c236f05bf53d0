"""The reader's compact positions answer as the dict of key paths to origins they replace."""

from __future__ import annotations

import pytest

from bbvalues.documents.reader import read_documents
from bbvalues.documents.yamltree import LineMap
from bbvalues.errors import Origin

TEXT = """\
a:
  b: 1
  list:
    - x
    - {c: 2}
long:
""" + "".join(f"  k{n}: {n}\n" for n in range(40))


@pytest.fixture
def origins():
    (doc,) = read_documents(TEXT, LineMap("v.yaml"))
    return doc.origins


def test_a_key_and_a_sequence_item_have_their_line_and_column(origins):
    assert origins[("a", "b")] == Origin("v.yaml", 2, 3)
    assert origins[("a", "list", 1)] == Origin("v.yaml", 5, 7)
    assert origins[("a", "list", 1, "c")] == Origin("v.yaml", 5, 8)
    assert origins[("long", "k39")] == Origin("v.yaml", 46, 3)  # a long mapping is looked up through an index


@pytest.mark.parametrize("path", [(), ("missing",), ("a", "b", "deeper"), ("a", "list", 2), ("a", "list", -1),
                                  ("a", "list", "0"), ("a", 0), ("long", "k40"), ["a"], "a", ("a", "list", True)])
def test_a_path_that_was_not_written_is_not_there(origins, path):
    assert path not in origins and origins.get(path) is None
    with pytest.raises(KeyError):
        origins[path]


def test_iteration_is_parents_first_in_the_order_written(origins):
    paths = list(origins)
    assert paths[:7] == [("a",), ("a", "b"), ("a", "list"), ("a", "list", 0), ("a", "list", 1),
                         ("a", "list", 1, "c"), ("long",)]
    assert len(origins) == len(paths) == 47
    assert dict(origins.items())[("a", "list", 0)] == Origin("v.yaml", 4, 7)
    assert list(origins.values())[1] == Origin("v.yaml", 2, 3)


def test_an_empty_document_has_no_positions():
    (doc,) = read_documents("---\n", LineMap("v.yaml"))
    assert doc.value is None and list(doc.origins) == [] and ("a",) not in doc.origins
