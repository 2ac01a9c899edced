"""Query spans found in UTF-8 bytes in place are those found in the decoded text."""

from array import array

from hypothesis import given
from hypothesis import strategies as st

from reader.core.searchable import utf8_starts
from reader.core.spans import text_spans, utf8_spans

BLOCK = st.text(alphabet="ab营商环境 ,\ud800é😀", max_size=30)
TERMS = st.lists(st.sampled_from(["a", "营商", "环境", "b a", "é", "\ud800", "😀", "商环"]), min_size=1, max_size=3)


def _in_bytes(text: str, starts: array, include, exclude, pad: bytes = b"xx"):
    data = pad + text.encode("utf-8", "surrogatepass") + pad
    return utf8_spans(data, len(pad), len(data) - 2 * len(pad), utf8_starts(text, starts), starts, include, exclude)


@given(st.lists(BLOCK, min_size=1, max_size=6), TERMS, st.lists(st.sampled_from(["b", "环", "😀"]), max_size=2))
def test_bytes_and_text_give_the_same_spans(blocks, include, exclude):
    text = "\n".join(blocks)
    starts = array("I", [0])
    for block in blocks[:-1]:
        starts.append(starts[-1] + len(block) + 1)
    expected = text_spans(text, starts, include, exclude)
    assert _in_bytes(text, starts, include, exclude) == expected
    for start, end in expected:
        assert text[start:end] in include


def test_only_blocks_with_every_term_and_no_excluded_one_count():
    text = "营商环境 a\n营商\n环境 营商 b"
    starts = array("I", [0, 7, 10])
    assert _in_bytes(text, starts, ["营商", "环境"], []) == [(0, 2), (2, 4), (10, 12), (13, 15)]
    assert _in_bytes(text, starts, ["营商", "环境"], ["b"]) == [(0, 2), (2, 4)]
    assert _in_bytes(text, starts, ["商"], ["a"]) == [(8, 9), (14, 15)]
    assert _in_bytes(text, starts, ["无"], []) == []
