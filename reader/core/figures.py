"""Targets and figures: every quantitative statement of a report, as plain records.

A figure is an indicator (国内生产总值), a verb (增长), a value as written (``6.5%``, ``百分之五``,
``1200万人``) with its unit and the number as a float, a qualifier (``左右``, ``以上``) and a kind:
``target`` when it is planned (预期目标, 力争, 拟…, or a section about this year's work) or
``result`` when it is reported (last year, 回顾).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass

from reader.core.address import format_address
from reader.core.model import BODY, LEAD, Source

TARGET = "target"
RESULT = "result"

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
_UNITS = (
    "个百分点|百分点|万亿元|亿美元|万美元|美元|亿元|万元|元|万亿斤|亿斤|万斤|斤|万亿|亿|万吨|吨|万千瓦|千瓦|亿千瓦时|"
    "万人次|人次|万人|人|万户|户|万亩|亩|万平方米|平方米|平方公里|公里|千米|家|个|项|所|倍|%|‰"
)
_VERBS = (
    "增长|下降|降低|降到|降至|减少|提高到|提高|提升到|提升|达到|达|控制在|保持在|稳定在|超过|突破|完成|实现|新增|增加|为|按|占"
)
_PRE = "近|超过|超|约|逾|不低于|不少于|不超过|高于|低于"
_QUALIFIERS = "左右|以上|以内|以下|上下|之内|多"
_BEFORE = re.compile(rf"(?P<verb>{_VERBS})?(?P<pre>{_PRE})?$")
_UNIT_STARTS = re.escape("".join(sorted({u[0] for u in _UNITS.split("|")})))
#: The two lookaheads change no match: they let the engine pass at once where no number or unit starts.
_FIGURE = re.compile(
    rf"(?=[\d{_CN_DIGITS}])"
    rf"(?P<value>(?P<pct>百分之[{_CN_DIGITS}]+)|(?P<num>\d+(?:\.\d+)?|[{_CN_DIGITS}]*[一二两三四五六七八九十][{_CN_DIGITS}]*)"
    rf"(?=[{_UNIT_STARTS}])(?P<unit>{_UNITS}))"
    rf"(?P<qual>{_QUALIFIERS})?"
)
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、（）()！？\n“”‘’《》\d%]|和|及|均|其中|并")
_LEAD_IN = re.compile(
    r"^(?:主要预期目标是|预期目标是|目标是|努力实现|力争实现|确保实现|力争|确保|努力|全年|今年|预计|拟|计划|实现|完成|全市|全区|全省|全国)+"
)
_TARGET_HINT = re.compile(r"预期目标|目标是|目标为|力争|拟|确保|计划|努力实现|将|要")
_RESULT_HINT = re.compile(r"过去一年|去年|上年|比上年|同比|回顾|已经|累计|完成了|实现了|达到了")
_TARGET_SECTION = re.compile(r"今年|明年|总体要求|目标|任务|安排|计划|展望|部署")
_RESULT_SECTION = re.compile(r"回顾|过去|去年|上年|成绩|成效|进展")


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative statement at ``address`` (``SOURCE:N:START-END``)."""

    source: str
    address: str
    indicator: str
    verb: str
    value: str
    unit: str
    number: float
    qualifier: str
    kind: str
    text: str

    def as_json(self) -> dict:
        return asdict(self)

    def label(self) -> str:
        """``6.5%左右``, ``超600人次``: the value with its qualifier, for a change line."""
        pre = next((q for q in _PRE.split("|") if self.qualifier.startswith(q)), "")
        return f"{pre}{self.value}{self.qualifier.removeprefix(pre)}"


_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL = {"十": 10, "百": 100, "千": 1000}


def _cn_integer(text: str) -> float:
    """``一千二百`` → 1200, ``十五`` → 15, ``二〇二三`` → 2023; ValueError if not a numeral."""
    if text and all(c in _DIGIT for c in text):
        return float("".join(str(_DIGIT[c]) for c in text)) if len(text) > 1 else float(_DIGIT[text])
    total = wan = section = 0.0
    digit: float | None = None
    for c in text:
        if c in _DIGIT:
            digit = _DIGIT[c]
        elif c in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[c]
            digit = None
        elif c == "万":
            wan = (section + (digit or 0) or 1) * 10_000
            section, digit = 0.0, None
        elif c == "亿":
            total = (total + wan + section + (digit or 0) or 1) * 100_000_000
            wan, section, digit = 0.0, 0.0, None
        else:
            raise ValueError(text)
    return total + wan + section + (digit or 0)


def to_number(numeral: str) -> float | None:
    """``6.5`` → 6.5, ``百分之五`` → 5.0, ``一千二百`` → 1200.0, ``二点五`` → 2.5; None when it is
    not a number."""
    numeral = numeral.removeprefix("百分之")
    try:
        return float(numeral)
    except ValueError:
        pass
    whole, _, fraction = numeral.partition("点")
    if not whole and not fraction:
        return None
    try:
        number = _cn_integer(whole) if whole else 0.0
        if fraction:
            number += float("0." + "".join(str(_DIGIT[c]) for c in fraction))
    except (ValueError, KeyError):
        return None
    return number


def _indicator(clause: str) -> str:
    clause = _LEAD_IN.sub("", clause.strip())
    return clause[-12:]


def section_kind(titles: Sequence[str], default: str = RESULT) -> str:
    """``result`` or ``target`` by the nearest of ``titles`` (top level first) that tells: a
    review (回顾, 过去) or a plan (今年, 目标, 安排…); else ``default``."""
    for title in reversed(titles):
        if _RESULT_SECTION.search(title):
            return RESULT
        if _TARGET_SECTION.search(title):
            return TARGET
    return default


def _kind(sentence: str, section_title: str, default: str) -> str:
    if _RESULT_HINT.search(sentence):
        return RESULT
    if _TARGET_HINT.search(sentence):
        return TARGET
    return section_kind([section_title], default)


_STOPS = "。！？\n"


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in _STOPS) + 1
    right = min((i for c in _STOPS if (i := text.find(c, end)) >= 0), default=len(text))
    return text[left:right]


def paragraph_figures(
    source_id: str, n: int, text: str, section_title: str = "", default: str = RESULT
) -> Iterator[Figure]:
    """The figures in paragraph ``n`` of a source (``text``), in order."""
    for m in _FIGURE.finditer(text):
        numeral = m["pct"] or m["num"]
        number = to_number(numeral)
        if number is None or numeral == "一":
            continue
        value_at = m.start()
        before = _BEFORE.search(text, max(0, value_at - 8), value_at)
        verb, pre = (before["verb"] or "", before["pre"] or "") if before else ("", "")
        left = text[max(0, value_at - len(verb) - len(pre) - 30) : value_at - len(verb) - len(pre)]
        breaks = list(_CLAUSE_BREAK.finditer(left))
        indicator = _indicator(left[breaks[-1].end() :] if breaks else left)
        if not indicator or not verb and len(indicator) < 2:
            continue
        unit = "%" if m["pct"] else m["unit"]
        sentence = _sentence(text, value_at, m.end())
        yield Figure(
            source=source_id,
            address=format_address(source_id, n, value_at, m.end("value")),
            indicator=indicator,
            verb=verb,
            value=m["value"],
            unit=unit,
            number=number,
            qualifier=pre + (m["qual"] or ""),
            kind=_kind(sentence, section_title, default),
            text=sentence.strip(),
        )


def figures(source: Source) -> list[Figure]:
    """Every figure in the body of ``source``, in reading order."""
    out: list[Figure] = []
    for sec in source.sections:
        if not sec.paragraphs:
            continue
        kind = section_kind(source.section_path(sec.paragraphs[0].n))
        for p in sec.paragraphs:
            if p.kind in (BODY, LEAD) and _has_digit(p.text):
                out.extend(paragraph_figures(source.id, p.n, p.text, default=kind))
    return out


_ANY_DIGIT = re.compile(rf"[\d{_CN_DIGITS}]")


def _has_digit(text: str) -> bool:
    return _ANY_DIGIT.search(text) is not None


def by_indicator(found: Iterable[Figure]) -> dict[str, Figure]:
    """The first figure of each indicator (targets before results)."""
    out: dict[str, Figure] = {}
    for f in sorted(found, key=lambda f: f.kind != TARGET):
        out.setdefault(f.indicator, f)
    return out
