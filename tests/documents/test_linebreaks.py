"""Line endings: the one a file mostly uses is the one its new lines get."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bbvalues.documents.linebreaks import dominant, split_lines

_ENDINGS = ("\n", "\r\n", "\r", "\x85", "\u2028", "\u2029")


def _counted(text: str) -> str:
    """The reference: count each line's own ending; a tie goes to the earlier of _ENDINGS, no ending to LF."""
    endings = [next((ending for ending in ("\r\n", *_ENDINGS) if line.endswith(ending)), None)
               for line in split_lines(text)]
    counts = {ending: endings.count(ending) for ending in _ENDINGS}
    return max(_ENDINGS, key=lambda ending: (counts[ending], -_ENDINGS.index(ending)))


@given(st.lists(st.sampled_from(["a", " ", ":", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"]), max_size=60)
       .map("".join))
def test_the_dominant_ending_is_the_one_most_lines_end_with(text):
    assert dominant(text) == _counted(text)


def test_a_plain_lf_file_and_a_file_of_one_line_get_lf():
    assert dominant("a: 1\nb: 2\n" * 1000) == "\n"
    assert dominant("a: 1") == "\n"
    assert dominant("a: 1\r\nb: 2\r\nc: 3\n") == "\r\n"
