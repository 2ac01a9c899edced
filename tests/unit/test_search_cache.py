"""The index's on-disk token cache: a relaunch does not segment again; a changed source alone is."""

import pytest

from reader.core.model import Paragraph, Section, Source
from reader.core.search import Index
from reader.core.segment import Segmenter


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory):
    return Segmenter(cache_dir=tmp_path_factory.mktemp("jieba")).load()


class Spy:
    """A segmenter that records what it is asked to cut."""

    def __init__(self, inner: Segmenter) -> None:
        self.inner = inner
        self.fingerprint = inner.fingerprint
        self.texts: list[str] = []

    def add_words(self, words):
        self.inner.add_words(words)

    def ends(self, text):
        self.texts.append(text)
        return self.inner.ends(text)


def source(sid, text, sha=None):
    paras = tuple(Paragraph(n, "body", t) for n, t in enumerate(text.split("|"), 1))
    return Source(sid, f"{sid}.txt", sid, sha or f"sha-{sid}-{len(text)}", (Section(sid, 1, paras),))


CORPUS = [
    source("a", "南通推进“机关作风建设提升年”。|作风正则人心齐。"),
    source("b", "持续优化营商环境,打造“万事好通”品牌。"),
    source("c", "海门区委坚持把巡视整改作为重大政治任务。|推动高质量发展。"),
]


def build(segmenter, sources, cache_dir):
    spy = Spy(segmenter)
    return Index.build(sources, spy, cache_dir=cache_dir), spy


def test_second_build_reads_the_cache_and_segments_nothing(segmenter, tmp_path):
    first, spy = build(segmenter, CORPUS, tmp_path)
    assert first.segmented == ("a", "b", "c") and len(spy.texts) == 3
    second, spy = build(segmenter, CORPUS, tmp_path)
    assert second.segmented == () and spy.texts == []
    for s in CORPUS:
        assert second.words(s.id) == first.words(s.id)
    assert list(second.search("作风")) == list(first.search("作风"))


def test_a_changed_source_is_reindexed_alone(segmenter, tmp_path):
    build(segmenter, CORPUS, tmp_path)
    changed = [CORPUS[0], source("b", "持续优化营商环境,擦亮“万事好通”品牌。"), CORPUS[2]]
    index, spy = build(segmenter, changed, tmp_path)
    assert index.segmented == ("b",) and len(spy.texts) == 1
    assert [h.source_id for h in index.search("擦亮")] == ["b"]


def test_a_damaged_or_stale_cache_entry_is_rebuilt(segmenter, tmp_path):
    build(segmenter, CORPUS, tmp_path)
    (entry,) = tmp_path.glob(f"index/*/{CORPUS[0].sha256}.ends")
    entry.write_bytes(entry.read_bytes()[:-3])
    same_sha_new_text = source("c", "海门区委坚持把巡视整改作为重大政治任务!|推动高质量发展!", sha=CORPUS[2].sha256)
    index, _ = build(segmenter, [CORPUS[0], CORPUS[1], same_sha_new_text], tmp_path)
    assert index.segmented == ("a", "c")
    assert "".join(index.words("c")[0]).endswith("!")


def test_the_dictionary_is_part_of_the_key(segmenter, tmp_path):
    build(segmenter, CORPUS, tmp_path)
    user_dict = tmp_path / "userdict.txt"
    user_dict.write_text("人心齐\n", encoding="utf-8")
    other = Segmenter(cache_dir=tmp_path, user_dict=user_dict)
    index, _ = build(other, CORPUS, tmp_path)
    assert index.segmented == ("a", "b", "c")
    assert "人心齐" in index.words("a")[1]


def test_an_unwritable_cache_dir_is_not_an_error(segmenter, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    for _ in range(2):
        index, _ = build(segmenter, CORPUS, blocked)
        assert index.segmented == ("a", "b", "c")


def test_quoted_phrases_of_the_corpus_become_words(segmenter, tmp_path):
    index, _ = build(segmenter, CORPUS, tmp_path)
    assert "万事好通" in index.words("b")[0]
