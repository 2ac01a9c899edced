"""Watch-word spans, auto keywords without junk, keyness, dispersion and per-section counts."""

import re

import pytest

from reader.core.fold import fold
from reader.core.keyword_store import MAGIC
from reader.core.keywords import (
    Corpus,
    CountStore,
    Keyword,
    dispersion,
    dispersions,
    is_candidate,
    jieba_idf,
    keyness,
    rebin,
    section_counts,
    sparkline,
    stopwords,
    textrank,
    tfidf,
    watch_spans,
)
from reader.core.model import HIDDEN
from reader.core.search import Index, joined_text
from reader.core.segment import Segmenter

METHODS = [tfidf, textrank, keyness]


@pytest.fixture(scope="module")
def index(library, tmp_path_factory):
    segmenter = Segmenter(cache_dir=tmp_path_factory.mktemp("jieba")).load()
    return Index.build(library.sources, segmenter)


@pytest.fixture(scope="module")
def corpus(index):
    return Corpus.from_index(index)


def by_id(library, suffix):
    return next(s for s in library.sources if s.id.startswith(suffix))


# -- watch-words -----------------------------------------------------------------------------


def test_watch_spans_fold_and_find_every_occurrence():
    text = "通州：ＥＲＰ上线,erp系统;通州:再推进"
    assert watch_spans(text, ["通州:", "ERP"]) == [(0, 3, "通州:"), (3, 6, "ERP"), (9, 12, "ERP"), (15, 18, "通州:")]
    assert text[3:6] == "ＥＲＰ"


def test_watch_spans_prefer_the_longest_and_never_overlap():
    text = "机关作风建设提升年,机关作风建设,作风"
    spans = watch_spans(text, ["作风", "机关作风建设", "作风建设提升年", "", "  "])
    assert spans == [(2, 9, "作风建设提升年"), (10, 16, "机关作风建设"), (17, 19, "作风")]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_section_counts_and_dispersion_agree_with_a_scan(library):
    source = by_id(library, "004")
    counts = section_counts(source, ["机关作风建设", "作风"])
    assert len(counts) == len(source.sections)
    for sec, c in zip(source.sections, counts, strict=False):
        body = [fold(p.text) for p in sec.paragraphs if p.kind not in HIDDEN]
        long = sum(t.count("机关作风建设") for t in body)
        assert c["机关作风建设"] == long
        assert c["作风"] == sum(t.count("作风") for t in body) - long
    strip = dispersion(source, "机关作风建设", bins=16)
    assert len(strip) == 16 and sum(strip) == joined_text(source).count("机关作风建设") > 0
    assert dispersion(source, "无此词", bins=4) == [0, 0, 0, 0]
    assert dispersions(source, ["机关作风建设", "无此词"], bins=16) == {"机关作风建设": strip, "无此词": [0] * 16}


def test_index_dispersion_matches_per_source_dispersion(library, index):
    word = "作风建设"
    strips = index.dispersion(word, bins=12)
    expected = {s.id: dispersion(s, word, bins=12) for s in library.sources}
    assert strips == {sid: c for sid, c in expected.items() if any(c)}
    assert len(strips) >= 2
    assert index.dispersion("无此词") == {} and index.dispersion("  ") == {}


def test_sparkline_scales_to_the_peak():
    assert sparkline([0, 1, 4, 8]) == " ▁▄█"
    assert sparkline([3, 3]) == "██"
    assert sparkline([0, 0]) == "  " and sparkline([]) == ""


def test_rebin_keeps_the_total_and_the_order():
    assert rebin([1, 2, 3], 5) == [1, 2, 3]
    assert rebin([1, 0, 0, 2, 5, 1, 0], 3) == [1, 7, 1]
    counts = list(range(1000))
    assert len(rebin(counts, 40)) == 40 and sum(rebin(counts, 40)) == sum(counts)


# -- auto keywords ---------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["的", "2022年", "1月29日", "第一", "十个", "一是", "我们", ",", "2023", "5g", "..."])
def test_junk_is_not_a_candidate(word):
    assert not is_candidate(word)


@pytest.mark.parametrize("word", ["营商环境", "二十大", "一示范四城市", "12345热线", "erp", "四敢"])
def test_terms_are_candidates(word):
    assert is_candidate(word)


@pytest.mark.parametrize("method", METHODS)
def test_keywords_have_no_junk(library, corpus, method):
    for source in library.sources:
        found = method(source, corpus, top=30)
        assert found and all(isinstance(k, Keyword) for k in found)
        for k in found:
            assert len(k.word) >= 2 and k.word not in stopwords() and not re.fullmatch(r"[\d.,%年月日]+", k.word)
            assert k.count > 0 and k.score > 0
        assert [k.score for k in found] == sorted((k.score for k in found), reverse=True)


def test_keywords_find_the_reports_terms(library, corpus):
    def top(suffix, method=tfidf, n=20):
        return {k.word for k in method(by_id(library, suffix), corpus, top=n)}

    assert "海门" in top("002") and {"整改", "巡视整改"} & top("002")
    assert "开发区" in top("003")
    assert {"机关作风建设提升年", "十聚焦十查摆"} & top("004")
    assert {"机关作风建设提升年", "作风建设"} & top("004", textrank)
    assert {"海门", "开发区"} <= top("002", keyness, 5) | top("003", keyness, 5)


def test_counts_are_the_words_occurrences(library, corpus):
    source = by_id(library, "002")
    words = [w for para in corpus.candidates(source) for w in para]
    for k in tfidf(source, corpus, top=10):
        assert k.count == words.count(k.word)


def test_per_section_keywords_count_that_section(library, corpus):
    source = by_id(library, "002")
    i = max(range(len(source.sections)), key=lambda i: len(source.sections[i].paragraphs))
    found = tfidf(source, corpus, section=i, top=10)
    assert found
    assert all(k.count <= c for k, c in zip(found, (corpus.counts(source)[k.word] for k in found), strict=False))
    assert sum(corpus.counts(source, i).values()) < sum(corpus.counts(source).values())


def test_keyness_needs_other_sources(library, index):
    source = library.sources[0]
    alone = Corpus([source], index.words)
    assert keyness(source, alone) == []
    assert tfidf(source, alone, top=5)


# -- fragments, particles, generic words -----------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_names_are_whole_and_particle_fragments_gone(library, corpus, method):
    found = {s.id[:3]: [k.word for k in method(s, corpus, top=30)] for s in library.sources}
    assert "胡拥军" in found["001"] and "拥军" not in found["001"]
    assert "地去" not in found["003"]
    for words in found.values():
        edged = [w for w in words if w[0] in "的地得" or w[-1] in "的地得"]
        assert all(w in jieba_idf()[0] for w in edged), edged  # words like 地区, 目的, 地方


@pytest.mark.parametrize("method", METHODS)
def test_no_keyword_is_only_a_piece_of_another(library, corpus, method):
    """A shorter keyword inside a longer one (作风 in 作风建设) also occurs on its own."""
    for source in library.sources:
        text = "\n".join(p.text for p in source.paragraphs if p.kind not in HIDDEN)
        words = [k.word for k in method(source, corpus, top=30)]
        assert len(set(words)) == len(words)
        for short in words:
            for long in words:
                if short != long and short in long:
                    assert text.count(short) > text.count(long), (source.id, short, long)


def test_a_name_counts_its_own_occurrences(library, corpus):
    source = by_id(library, "001")
    (name,) = [k for k in tfidf(source, corpus, top=30) if k.word == "胡拥军"]
    assert name.count == sum(p.text.count("胡拥军") for p in source.paragraphs)


def test_particle_words_only_when_known():
    assert not is_candidate("地去") and not is_candidate("去的")
    assert is_candidate("地区") and is_candidate("目的")


def test_distinctive_words_outrank_generic_officialese(library, corpus):
    generic = {"建设", "发展", "企业", "项目"}
    for suffix, distinctive in (("000", {"排污口", "机关作风建设提升年"}), ("003", {"空间再造"})):
        ranks = {k.word: i for i, k in enumerate(tfidf(by_id(library, suffix), corpus, top=40))}
        assert distinctive <= ranks.keys()
        assert min(ranks.get(g, 99) for g in generic) > max(ranks[w] for w in distinctive)


@pytest.mark.parametrize("method", METHODS)
def test_generic_officialese_is_not_on_top(library, corpus, method):
    for source in library.sources:
        assert not {"建设", "发展", "企业", "项目"} & {k.word for k in method(source, corpus, top=5)}


# -- counts kept on disk ---------------------------------------------------------------------


def test_counts_kept_on_disk_are_the_counts(library, index, tmp_path):
    digests = {s.id: s.sha256.encode() for s in library.sources}
    file = tmp_path / "corpus.counts"
    store = CountStore(file, digests)
    first = Corpus(library.sources, index.words, store)
    assert file.exists()

    def no_words(source_id):
        raise AssertionError("counted again")

    for source in library.sources:
        assert textrank(source, first, top=10)
    store.save()
    again = Corpus(library.sources, no_words, CountStore(file, digests))
    fresh = Corpus.from_index(index)
    for source in library.sources:
        assert again.counts(source) == first.counts(source) == fresh.counts(source)
        assert again.ranks(source) == fresh.ranks(source)
        for method in METHODS:
            assert method(source, again, top=10) == method(source, fresh, top=10)


def test_a_changed_text_or_a_damaged_file_is_counted_again(library, index, tmp_path):
    digests = {s.id: s.sha256.encode() for s in library.sources}
    file = tmp_path / "corpus.counts"
    Corpus(library.sources, index.words, CountStore(file, digests))
    changed = CountStore(file, {**digests, library.sources[0].id: b"another text"})
    assert changed.counts(library.sources[0].id) is None and changed.counts(library.sources[1].id) is not None
    for damage in (b"", file.read_bytes()[:-7], MAGIC + b"\xff" * 40):
        file.write_bytes(damage)
        assert CountStore(file, digests).counts(library.sources[0].id) is None
    file.unlink()
    file.mkdir()  # cannot be written: counted, not kept
    assert Corpus(library.sources, index.words, CountStore(file, digests)).counts(library.sources[0])
