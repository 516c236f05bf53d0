"""The noise measure's own diff: minimal, as git's, so that look-alike keys do not fake a moved blank line."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tests.fidelity_helpers import MinimalDiff, noise_lines

LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "\n"]), max_size=14)


def _common_length(a: list, b: list) -> int:
    longest = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            longest[i + 1][j + 1] = longest[i][j] + 1 if x == y else max(longest[i][j + 1], longest[i + 1][j])
    return longest[-1][-1]


@given(LINES, LINES)
def test_the_diff_rebuilds_the_new_text_keeping_a_longest_common_subsequence(a, b):
    opcodes = MinimalDiff(None, a, b, autojunk=False).get_opcodes()
    rebuilt, at = [], (0, 0)
    for tag, i1, i2, j1, j2 in opcodes:
        assert (i1, j1) == at
        assert tag != "equal" or a[i1:i2] == b[j1:j2]
        rebuilt += a[i1:i2] if tag == "equal" else b[j1:j2]
        at = (i2, j2)
    assert at == (len(a), len(b)) and rebuilt == b
    assert sum(i2 - i1 for tag, i1, i2, _j1, _j2 in opcodes if tag == "equal") == _common_length(a, b)


def test_a_look_alike_key_below_does_not_make_a_blank_line_noise():
    before = ("repos:\n  - name: one\n  - name: two\nistioCNI:\n  sourceType: helmRepo\n  helmRepo:\n"
              "    cosignVerify: false\n\nistioCRDs:\n  sourceType: helmRepo\n  helmRepo:\n    cosignVerify: false\n\n"
              "istiod:\n  sourceType: helmRepo\n")
    after = ("repos: true\nistioCNI:\n  sourceType: true\n  helmRepo:\n    cosignVerify: true\n\nistioCRDs:\n"
             "  sourceType: true\n  helmRepo:\n    cosignVerify: false\n  new-a: true\n\nistiod:\n  sourceType: helmRepo\n")
    assert noise_lines(before, after) == []
    assert noise_lines(before, before.replace("\nistioCRDs:", "istioCRDs:")) != []  # a blank line really removed
