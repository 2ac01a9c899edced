"""Line classes: what a line is by itself — a continuation mark, page or web chrome, a byline,
a photo credit, a lead label. Change here how furniture is recognised."""

from __future__ import annotations

import functools
import re

from reader.core.model import BYLINE, CAPTION, LEAD, MARKER
from reader.core.parse.text import (
    _BULLET,
    COLON,
    DECORATION,
    HAN,
    MAX_FURNITURE,
    MD,
    NUMBERED,
    SALUTATION,
    SENTENCE_INNER,
    SUBTITLE,
    Unit,
    ends_sentence,
    unbold,
)

_MARK = r"[(（]\s*(?:上接|下转|转自|转第|接第|接上|转下|续[上前]|未完待续|转[A-Z]?\d|接[A-Z]?\d)[^()（）]{0,15}[)）]"
_MARK_START = re.compile(rf"^{_MARK}\s*")
MARK_END = re.compile(rf"\s*{_MARK}$")
# (完), 关键词：…, a page number, a document number (通政发〔2023〕1号), a mark alone, a masthead (滨海晚报)
_MARK_LINE = re.compile(
    r"^(?:[(（]\s*完\s*[)）]|(?:关键词|关键字|标签|主题词)\s*[:：].*"
    r"|[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    rf"|[{HAN}]{{1,10}}[〔\[［(（]\d{{4}}[〕\]］)）]\s*\d{{1,4}}\s*号|{_MARK}\s*"
    rf"|[{HAN}]{{2,8}}(?:日报|晚报|早报|时报|商报|周报))$"
)
_WEB_CHROME = re.compile(
    r"^(?:(?:当前位置|您的位置|首页)\s*[:：>›»].*|.*\S\s*[>›»]\s*\S.*[>›»].*"  # a breadcrumb
    r"|(?:分享到?|朗读|打印(?:本页)?|关闭(?:窗口)?|收藏|字号|字体|返回顶部|上一篇|下一篇)\s*[:：]?"
    r"|[大中小](?:\s*[大中小]){2}|(?:【[^】]{1,8}】\s*)+)$"
)
_INFO_FIELD = re.compile(r"(?:日期|时间|来源|浏览量|浏览次数|阅读量|点击数|作者|编辑|发布机构|发布)\s*[:：]")
_PAGE = r"(?:星期[一二三四五六日天]|[A-Z]?\d{1,2}\s*版)"
_PAGE_HEADER = re.compile(rf"\d{{1,2}}月\d{{1,2}}日.*{_PAGE}|{_PAGE}.*\d{{1,2}}月\d{{1,2}}日")

_POSITION = (
    r"(?:书记|总理|市长|县长|区长|省长|州长|旗长|乡长|镇长|主任|主席|部长|局长|厅长|处长|院长|校长|所长|行长|社长|会长"
    r"|理事长|董事长|总经理|经理|代表|委员|秘书长)"
)
ROLE = (
    r"(?:本报|本刊|本台|本网|新华社|中新社|人民日报|央视)?(?:特约|见习|实习|首席|驻[^\s]{1,4})?(?:记者|通讯员|实习生)"
)
NAME = rf"[{HAN}·]{{2,4}}"
_SPACED_NAME = rf"[{HAN}](?: ?[{HAN}]){{1,3}}"  # 张 伟: padding inside a name collapses to one space
DATE_LINE = re.compile(
    r"^(?:\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*来源\s*[:：].*)?$"
)
SPEAKER = re.compile(rf"^[{HAN}、]{{0,24}}{_POSITION}\s+({NAME})$")  # 南通市市长 吴新明
SPEAKER_LINE = re.compile(rf"^[{HAN}、（）()]{{0,30}}{_POSITION}\s*{_SPACED_NAME}$")  # 市长 王东明, …区长王某
_BYLINES = (
    re.compile(rf"^[(（]?\s*(?:{ROLE}\s*[:：]?\s*{_SPACED_NAME}(?:\s*[、,，\s]\s*{_SPACED_NAME})*\s*)+[)）]?$"),
    re.compile(r"^\S{0,20}(?:记者|通讯员|编辑部)\S{0,10}(?:采写|整理|报道|撰稿|撰写|采访|综合)$"),
    re.compile(
        r"^(?:作者|文|撰文|撰稿|编辑|责任编辑|责编|来源|校对|审核|审校|统筹|策划|监制|制图|美编|图文|文图|文字|摄影|摄像"
        r"|版式设计|版式|设计|排版|插图|漫画|视频|剪辑|海报|制作|出品|图片"
        rf"|[{HAN}]{{1,4}}(?:编辑|设计|摄影|摄像|制图|校对|审核|统筹|策划|监制))"  # 美术编辑, 视觉设计
        r"\s*[:：/｜|]\s*\S.{0,30}$"
    ),
    DATE_LINE,
    SPEAKER,
    re.compile(rf"(?:责任编辑|值班编辑|责编|编辑|校对|审核|美编)\s*[:：]\s*{NAME}$"),
    re.compile(r"^[(（【]\s*(?:本版|本期|本刊)?(?:责任编辑|值班编辑|责编|编辑|校对|审核|美编|作者|来源)\s*[:：][^()（）]{1,30}[)）】]$"),
)
_BYLINE = re.compile("|".join(f"(?:{rx.pattern})" for rx in _BYLINES))
_CREDIT = re.compile(rf"(?<!拍)(?<![{HAN}]){_SPACED_NAME}\s*/?\s*摄(?:影)?\s*[)）]?$")
_SHOT_BY = re.compile(rf"(?<!拍){NAME}\s*/?\s*摄(?:影)?\s*[)）]?$")
_ROLE_START = re.compile(rf"^[(（]?\s*{ROLE}\s*[:：]?\s*")  # 本报记者 马 丽 郑 伟
_HAN_WORD = re.compile(rf"[{HAN}]+")
_SIGN_OFF = re.compile(rf"^[—–-]{{1,2}}\s*(?:编 ?者|编辑部|本报评论员|{_SPACED_NAME})$")  # ——编 者
#: Common surnames: a line of two to four such names and nothing else is a byline with no cue word.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲"
    "翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤穆农司卓吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
    "瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝欧阳"
)
_CAPTION_START = re.compile(
    r"[(（]?\s*(?:资料图片|资料图|资料照片|图片来源|图片由|图片说明|图说|组图|图为|图\s*[:：/]|本版图片|本版照片|"
    r"本版摄影|新华社发|视觉中国)"
    r"|[(（][^()（）]*(?:图|摄)[^()（）]*[)）]$"
    r"|(?:附表|附图|表|图)\s*\d{1,3}(?:[-.．]\d{1,3})?(?:\s|[:：]|$)"  # 表1 2023年主要指标
    r"|[▲△↑]"  # ▲ 工作人员在现场检查
)
_PROVIDED = re.compile(r"(?:供图|图.{0,20}提供)\s*[)）]?$")  # （某某供图）, 图片由某某提供
_LEAD_WORDS = r"(?:编者按|编者的话|编后|按语|摘要|内容提要|提要|导语|核心提示)"
_LEAD_LABEL = re.compile(rf"^(?:【{_LEAD_WORDS}】|{_LEAD_WORDS}\s*[:：])")


@functools.cache  # cleared after each parse
def furniture_kind(t: str) -> str | None:
    """``byline``, ``caption``, ``marker`` or ``lead`` if line ``t`` is furniture, else None."""
    if t[0] in "#*■□●○◆◇★☆▌▍▶►":  # markup or decoration: the cheap test first, as for most tests here
        t = DECORATION.sub("", unbold(m[2].strip() if (m := MD.match(t)) else t)) or t
    if _MARK_LINE.match(t):
        return MARKER
    if len(t) <= MAX_FURNITURE and (("日" in t and _PAGE_HEADER.search(t)) or _WEB_CHROME.match(t)):
        return MARKER  # a page header (南通日报 2023年1月5日 星期四 A2版), web page chrome (分享 朗读)
    colon = "：" in t or ":" in t
    if colon and len(t) <= 2 * MAX_FURNITURE and len(_INFO_FIELD.findall(t)) >= 2:
        return BYLINE  # 日期:2023-05-04 08:46:31 来源:区文旅局 浏览量:
    if (colon or t[0] == "【") and _LEAD_LABEL.match(t):
        return LEAD
    shot = "摄" in t  # the searches for a credit at the end of the line are costly
    if len(t) <= 2 * MAX_FURNITURE and ((shot and _CREDIT.search(t)) or t.startswith("图为")):
        return CAPTION  # 图为…。 张 伟 摄
    if len(t) > MAX_FURNITURE or SENTENCE_INNER.search(t[:-1]):
        return None
    role = _ROLE_START.match(t)
    signed = t[0] in "—–-" and _SIGN_OFF.match(t)
    if signed or 2 <= names(t) <= 4 or (role and names(t[role.end() :].rstrip(")）")) >= 1):
        return BYLINE
    if (shot and _SHOT_BY.search(t)) or _CAPTION_START.match(t) or ("供" in t and _PROVIDED.search(t)):
        return CAPTION
    if _BYLINE.match(t):
        return BYLINE
    return None


def reporters(t: str) -> bool:
    """A byline naming reporters (本报记者 程 晨, （记者 黄敏）)."""
    return bool(_ROLE_START.match(t))


def names(t: str) -> int:
    """How many personal names line ``t`` is made of (王 芳 李建国: 2), 0 if it is anything else."""
    if t[:1] not in _SURNAMES:
        return 0
    names: list[str] = []
    for token in t.split(" "):
        if len(token) == 1 and names and len(names[-1]) == 1:
            names[-1] += token
        else:
            names.append(token)
    ok = all(2 <= len(n) <= 3 and n[0] in _SURNAMES and _HAN_WORD.fullmatch(n) for n in names)
    return len(names) if ok else 0


def may_close(t: str) -> bool:
    """True if a paragraph may end after ``t``."""
    return ends_sentence(t) or t[-1] in COLON or (t[-1] in ")）" and bool(MARK_END.search(t)))


_OPENING = re.compile("|".join(f"(?:{rx.pattern})" for rx in (MD, NUMBERED, _MARK_START, SUBTITLE, _BULLET)))


def structural(t: str) -> bool:
    """True if line ``t`` starts something new: markup, numbering, a mark, a list item, a comment."""
    return bool(
        t.startswith(("**", "<!--"))
        or _OPENING.match(t)
        or SALUTATION.match(t)
        or furniture_kind(t)
    )


# --- pass 2: marks and furniture -------------------------------------------------------------


def split_marks(units: list[Unit]) -> list[Unit]:
    """Cut continuation marks ((上接A1版), (下转A6版)) off the paragraphs they lead or end."""
    out: list[Unit] = []
    for u in units:
        if u.kind:
            out.append(u)
            continue
        head = _MARK_START.match(u.text)
        tail = MARK_END.search(u.text) if u.text[-1] in ")）" else None
        body = u.text[head.end() if head else 0 : tail.start() if tail else len(u.text)].strip()
        if not body or not (head or tail):
            out.append(u)
            continue
        if head:
            out.append(Unit(head[0].strip(), gap_before=u.gap_before, kind=MARKER))
        before, after = 0 if head else u.gap_before, 0 if tail else u.gap_after
        out.append(Unit(body, lines=u.lines, gap_before=before, gap_after=after))
        if tail:
            out.append(Unit(tail[0].strip(), gap_after=u.gap_after, kind=MARKER))
    return out


def tag_furniture(units: list[Unit]) -> None:
    for u in units:
        if not u.kind:
            u.kind = furniture_kind(u.text)
