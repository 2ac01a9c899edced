"""``near``: which KWIC hits go with a collocate or an n-gram."""

from __future__ import annotations

from reader.core.collocates import near

TOKENS = ["持续", "优化", "营商", "环境", "，", "推动", "经济", "运行", "稳中向好", "，", "一", "二", "三", "四", "五", "六", "项目"]
START = 4  # 营商环境 at [4, 8)


def test_a_word_within_five_words_on_either_side():
    assert near(TOKENS, START, START + 4, "优化") and near(TOKENS, START, START + 4, "稳中向好")
    assert not near(TOKENS, START, START + 4, "项目")  # eleven words away


def test_an_ngram_over_the_hit_not_elsewhere():
    assert near(TOKENS, START, START + 4, "优化营商环境")
    assert not near(TOKENS, START, START + 4, "推动经济")  # a word pair, but not over the hit and not one word
