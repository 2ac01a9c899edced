"""Query parsing and the corpus index: every substring found, counts equal a brute-force scan."""

import random
import re
from collections import Counter

import pytest

from reader.core.errors import UserError
from reader.core.fold import fold
from reader.core.model import HIDDEN, Paragraph, Section, Source
from reader.core.search import Hit, Index, Query, QueryError, parse_query
from reader.core.segment import Segmenter


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory):
    return Segmenter(cache_dir=tmp_path_factory.mktemp("jieba")).load()


@pytest.fixture(scope="module")
def index(library, segmenter):
    return Index.build(library.sources, segmenter)


def make_source(sid, *paragraphs, sha="0"):
    paras = tuple(Paragraph(n, "body", t) for n, t in enumerate(paragraphs, 1))
    return Source(sid, f"{sid}.txt", sid, sha, (Section(sid, 1, paras[:1]), Section("二、下文", 2, paras[1:])))


def texts(source):
    """(section index, paragraph number or None for the title, text) in reading order."""
    for i, sec in enumerate(source.sections):
        if not sec.synthetic:
            yield i, None, sec.title
        yield from ((i, p.n, p.text) for p in sec.paragraphs if p.kind not in HIDDEN)


def brute_force(sources, query: Query):
    """(source, para or 'title i', start, end) of every occurrence, by regex over folded text."""
    found = []
    for s in sources:
        for i, n, original in texts(s):
            text = fold(original)
            if not all(t in text for t in query.include) or any(t in text for t in query.exclude):
                continue
            spans = {(m.start(), m.end()) for t in query.include for m in re.finditer(re.escape(t), text)}
            found += [(s.id, n or f"title {i}", a, b) for a, b in sorted(spans)]
    return found


def located(hits):
    return [(h.source_id, h.para if h.heading is None else f"title {h.heading}", h.start, h.end) for h in hits]


# -- parse_query ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "include", "exclude"),
    [
        ("营商环境", ("营商环境",), ()),
        ("  作风  建设 ", ("作风", "建设"), ()),
        ('"机关作风  建设" -提升年', ("机关作风 建设",), ("提升年",)),
        ("通州： ＡＢＣ", ("通州:", "abc"), ()),
        ('-"两个 确立" 维护 维护', ("维护",), ("两个 确立",)),
        ('a"b c"', ("a", "b c"), ()),
    ],
)
def test_parse_query(text, include, exclude):
    assert parse_query(text) == Query(include, exclude)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("  \u3000 ", "empty"),
        ('"营商环境', "unbalanced quote"),
        ('作风 "建设 提升', "unbalanced quote"),
        ('作风 ""', "empty quoted phrase"),
        ("-作风 -建设", "only exclusions"),
    ],
)
def test_bad_queries(text, message):
    with pytest.raises(QueryError, match=message) as e:
        parse_query(text)
    assert isinstance(e.value, UserError)
    assert "\n" not in str(e.value)


# -- the index on the seeds ----------------------------------------------------------------


def test_every_sampled_substring_is_found(library, index):
    rng = random.Random(4)
    blocks = [(s, n or f"title {i}", text) for s in library.sources for i, n, text in texts(s) if text.strip()]
    for _ in range(400):
        source, where, text = rng.choice(blocks)
        start = rng.randrange(len(text))
        needle = text[start : start + rng.randint(1, 12)]
        if '"' in needle or not needle.strip() or needle != " ".join(needle.split()):
            continue
        query = Query((fold(needle),))
        hits = located(index.search(query))
        assert (source.id, where) in {(h[0], h[1]) for h in hits}, needle
        assert hits == brute_force(library.sources, query), needle


def test_counts_equal_a_brute_force_scan(library, index):
    words = ["营商环境", "作风", "机关作风建设提升年", "通州:", "2022年", "的", "南通", "高质量发展", "四敢", "整改"]
    queries = [parse_query(w) for w in words] + [
        parse_query("作风 建设"),
        parse_query("作风 -机关"),
        parse_query('"作风建设" 南通 -提升年'),
        parse_query("通州： 项目"),
    ]
    for query in queries:
        expected = brute_force(library.sources, query)
        assert located(index.search(query)) == expected, query
    assert len(index.search("作风")) > 50


def test_hits_carry_context_section_and_address(library, index):
    sources = {s.id: s for s in library.sources}
    hits = index.search("营商环境")
    assert hits
    assert {h.heading is None for h in hits} == {True, False}
    for h in hits:
        source = sources[h.source_id]
        if h.heading is None:
            text = source.paragraph(h.para).text
            assert h.section == source.section_path(h.para)[-1]
            assert h.address == f"{h.source_id}:{h.para}:{h.start}-{h.end}"
        else:
            text = h.section
            assert text == source.sections[h.heading].title and h.address == f"{h.source_id}:{h.para}"
            assert source.section_index(h.para) >= h.heading
        assert fold(h.match) == "营商环境" and text[h.start : h.end] == h.match
        assert text[: h.start].endswith(h.left) and text[h.end :].startswith(h.right)


def test_full_width_query_finds_half_width_text_even_in_headings(index):
    hits = index.search("通州：")
    assert {h.match for h in hits} == {"通州:"}
    assert {h.section for h in hits} == {"通州:提振精气神,聚力项目建设", "通州:厚植为民情怀 提升服务水平"}


def test_words_tile_each_folded_paragraph(library, index):
    source = library.sources[0]
    words = index.words(source.id)
    assert len(words) == len(source.paragraphs)
    for p, tokens in zip(source.paragraphs, words, strict=True):
        assert "".join(tokens) == ("" if p.kind in HIDDEN else fold(p.text))


# -- small corpora ----------------------------------------------------------------------------


def test_search_folds_the_text_not_only_the_query(segmenter):
    index = Index.build([make_source("a", "引进ＥＲＰ系统，通州：推进。")], segmenter)
    assert [h.match for h in index.search("erp")] == ["ＥＲＰ"]
    assert [h.match for h in index.search("通州:")] == ["通州："]


def test_all_terms_in_one_paragraph_and_exclusion(segmenter):
    source = make_source("a", "作风建设与营商环境", "作风建设", "营商环境提升年", "作风 营商环境")
    index = Index.build([source], segmenter)
    assert [(h.para, h.match) for h in index.search("作风 营商环境")] == [
        (1, "作风"), (1, "营商环境"), (4, "作风"), (4, "营商环境")
    ]
    assert [h.para for h in index.search("营商环境 -建设")] == [3, 4]
    assert list(index.search("无此词")) == []


def test_sort_by_position_and_by_the_word_left_or_right(segmenter):
    source = make_source("a", "优化营商环境，建设营商环境。", "打造一流营商环境高地")
    index = Index.build([source], segmenter)
    hits = index.search("营商环境")
    assert [index.word_before(h) for h in hits] == ["优化", "建设", "一流"]
    assert [index.word_after(h) for h in hits] == ["建设", "", "高地"]
    assert [h.para for h in index.sort(hits, "left")] == [2, 1, 1]
    assert [index.word_before(h) for h in index.sort(reversed(hits), "position")] == ["优化", "建设", "一流"]
    assert [h.start for h in index.sort(hits, "right")] == [9, 2, 4]


def test_hits_are_a_lazy_sequence(library, index):
    hits = index.search("作风")
    every = list(hits)
    assert len(hits) == len(every) > 50
    assert [hits[i] for i in range(len(hits))] == every
    assert hits[-1] == every[-1] and hits[3:7] == every[3:7]
    with pytest.raises(IndexError):
        hits[len(hits)]
    assert hits.per_source() == Counter(h.source_id for h in every)
    assert set(hits.per_source()) <= {s.id for s in library.sources}
    for s in library.sources:
        assert hits.of_source(s.id) == [h for h in every if h.source_id == s.id]


def test_hit_is_a_plain_tuple():
    hit = Hit("a", 3, 1, 3, "s", "l", "mm", "r")
    assert hit.address == "a:3:1-3" and hit._asdict()["match"] == "mm"


def test_a_catalog_index_searches_extra_sources_after_the_catalogs(tmp_path, segmenter):
    from reader.core.catalog import open_catalog

    catalog = open_catalog([], tmp_path)
    extra = make_source("new", "营商环境新篇", "作风 营商环境")
    index = Index.from_catalog(catalog, segmenter, extra=[extra])
    hits = index.search("营商环境")
    assert [h.source_id for h in hits][-2:] == ["new", "new"]
    assert [(h.para, h.start) for h in hits.of_source("new")] == [(1, 0), (2, 3)]
    assert [h.para for h in index.search("作风 营商环境") if h.source_id == "new"] == [2, 2]
    assert index.dispersion("营商环境", bins=2)["new"] == [1, 1]
    assert index.words("new")[0][0] == "营商环境"
