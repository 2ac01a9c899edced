"""A corpus of hostile reports, written into a folder by ``write_corpus``.

Every payload sits in a title, a heading, body text and a file name; markup and Markdown lines that
must stay text sit in the body. The clean filler keeps the share of control characters low enough
for the file to be read as text, as a real poisoned report would be.
"""

from __future__ import annotations

from pathlib import Path

# What a report could carry to drive a terminal: clipboard write, window title, a fake link, a
# screen clear, a C1 CSI, a bidi override.
PAYLOADS = {
    "osc52": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "osc0": "\x1b]0;PWNED\x07",
    "osc8": "\x1b]8;;https://evil.example/\x1b\\点这里\x1b]8;;\x1b\\",
    "clear": "\x1b[2J\x1b[H",
    "c1": "\u009b31m",
    "bidi": "\u202e",
}
MARKUP = ["[/]", "[@click=app.quit]", "[bold red]红色[/bold red]", "[link=https://evil.example/]链接[/link]"]
# A clean word next to each payload: what a search finds, so every printer shows the payloads.
WORD = "营商环境"
FILLER = "坚持以人民为中心的发展思想，推动经济社会高质量发展，持续优化营商环境，切实保障和改善民生。"
# A file name may hold neither "/" nor NUL: the link payload goes without its URL.
NAME_PAYLOAD = "\x1b]0;PWNED\x07\x1b]8;;evil.example\x1b\\\x1b[2J\u009b31m\u202e"


def _report(payload: str) -> str:
    lines = [
        f"关于{WORD}{payload}情况的报告",
        "",
        f"开头段落，{WORD}{payload}持续优化。",
        "",
        f"一、{WORD}{payload}总体情况",
        "",
        *(f"{FILLER}{k}" for k in range(20)),
        "",
        f"{WORD}中的标记：{'、'.join(MARKUP)}。",
        "",
        f"# {WORD}不是标题",
        "",
        f"二、{WORD}[/]与[@click=app.quit]",
        "",
        *(f"{FILLER}{k}" for k in range(20, 40)),
        "",
        "```",
        f"{WORD}在未闭合的围栏里{payload}",
    ]
    return "\n".join(lines) + "\n"


def _joiners() -> str:
    """Hits whose contexts start (right) or end (left) with two zero-width joiners, one for every
    context width up to 70 cells: rich fails to cut such a context when it is one cell too wide."""
    zwj = "\u200d\u200d"
    lines = [f"关于{WORD}的连接符报告", ""]
    for m in range(1, 36):
        lines += [f"{'中' * m}{zwj}{WORD}{zwj}{'文' * m}\ufe0f\u0301。", ""]
    return "\n".join(lines)


def write_corpus(folder: Path) -> list[Path]:
    """One report per payload, one with all of them under a hostile file name, one of zero-width
    joiners; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, payload in PAYLOADS.items():
        path = folder / f"{name}.txt"
        path.write_text(_report(payload), encoding="utf-8")
        files.append(path)
    path = folder / f"r{NAME_PAYLOAD}.txt"
    path.write_text(_report("".join(PAYLOADS.values())), encoding="utf-8")
    files.append(path)
    path = folder / "zwj\u200d\u200d.txt"
    path.write_text(_joiners(), encoding="utf-8")
    files.append(path)
    return files
