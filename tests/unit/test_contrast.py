"""Every shipped theme gives readable text: WCAG AA (4.5:1) for text, 3:1 for dimmed text,
computed from the variables the app's CSS is built from; watch-word and highlight colours stay apart."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color

from reader.widgets.colors import (
    DIM_RATIO,
    HIGHLIGHT_HUES,
    INKS,
    TEXT_RATIO,
    WATCH_COLORS,
    contrast,
    distance,
    readable_variables,
    resolve,
)

THEMES = sorted(App().available_themes)
# ANSI themes take their colours from the terminal's own palette: nothing to compute.
COMPUTED = [name for name in THEMES if not name.startswith("ansi-")]


def theme_variables(name: str) -> dict[str, str]:
    app = App()
    app.theme = name
    return readable_variables(app.get_css_variables())


GROUNDS = ("surface", "panel", "boost", "block-cursor-background", "block-cursor-blurred-background")
# What text is drawn in: checked on every ground below. The styles may use no other colour for text.
TEXTS = ("ink", "foreground", "hit-ink", "block-cursor-foreground", "block-cursor-blurred-foreground",
         *(f"ink-{name}" for name in INKS), *(f"text-{name}" for name in INKS), *WATCH_COLORS)
DIMS = ("ink-muted", "text-muted", "text-disabled")
FOOTER_TEXTS = ("footer-foreground", "footer-key-foreground", "footer-description-foreground")  # on the footer only


def grounds(v: dict[str, str]) -> dict[str, Color]:
    """Every background text is drawn on: the screen, surfaces, panels (status bar, footer), the
    reading cursor line, the cursor row of a list (focused or not)."""
    background = Color.parse(v["background"])
    return {"background": background, **{name: resolve(v[name], background) for name in GROUNDS}}


@pytest.mark.parametrize("theme", COMPUTED)
def test_text_is_readable_on_every_background(theme: str) -> None:
    v = theme_variables(theme)
    texts = [t for t in TEXTS if t not in ("hit-ink", *WATCH_COLORS)]  # those two: below
    failures = [
        f"{text} on {where}: {contrast(Color.parse(v[text]), bg):.2f}"
        for text in texts
        for where, bg in grounds(v).items()
        if contrast(Color.parse(v[text]), bg) < TEXT_RATIO
    ]
    failures += [
        f"{watch} on {where}: {contrast(Color.parse(v[watch]), bg):.2f}"
        for watch in WATCH_COLORS
        for where, bg in list(grounds(v).items())[:4]  # the reading pane's grounds
        if contrast(Color.parse(v[watch]), bg) < TEXT_RATIO
    ]
    failures += [
        f"{dim} on {where}: {contrast(Color.parse(v[dim]), bg):.2f}"
        for dim in DIMS
        for where, bg in grounds(v).items()
        if contrast(Color.parse(v[dim]), bg) < DIM_RATIO
    ]
    background = Color.parse(v["background"])
    footer = resolve(v["footer-background"], background)
    failures += [f"{text} on the footer" for text in FOOTER_TEXTS
                 if contrast(Color.parse(v[text]), footer) < TEXT_RATIO]
    failures += [
        f"text-{name} on {name}-muted"
        for name in ("success", "error")
        if contrast(Color.parse(v[f"text-{name}"]), resolve(v[f"{name}-muted"], background)) < TEXT_RATIO
    ]
    assert not failures, failures


@pytest.mark.parametrize("theme", COMPUTED)
def test_text_is_readable_on_highlights_hits_and_the_current_hit(theme: str) -> None:
    v = theme_variables(theme)
    ink = Color.parse(v["ink"])
    under = [*(f"hl-{name}" for name in HIGHLIGHT_HUES), "hit", "selection"]
    failures = [f"ink on {name}" for name in under if contrast(ink, Color.parse(v[name])) < TEXT_RATIO]
    if contrast(Color.parse(v["hit-ink"]), Color.parse(v["warning"])) < TEXT_RATIO:
        failures.append("the current hit")
    assert not failures, failures


@pytest.mark.parametrize("theme", COMPUTED)
def test_watch_words_and_highlights_stay_apart(theme: str) -> None:
    v = theme_variables(theme)
    watch = {cid: Color.parse(v[cid]) for cid in WATCH_COLORS}
    assert min(distance(a, b) for a, b in combinations(watch.values(), 2)) >= 15
    tints = {name: Color.parse(v[f"hl-{name}"]) for name in HIGHLIGHT_HUES}
    tints["background"] = Color.parse(v["background"])
    assert min(distance(a, b) for a, b in combinations(tints.values(), 2)) >= 10


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_defines_the_variables_the_css_uses(theme: str) -> None:
    v = theme_variables(theme)
    css = Path("reader/app.tcss").read_text(encoding="utf-8")
    css += "".join(p.read_text(encoding="utf-8") for p in Path("reader").rglob("*.py"))
    used = set(re.findall(r"\$([a-z][a-z0-9-]*[a-z0-9])(?![\w-])", css))
    assert not {name for name in used if name not in v}


def _style_sources() -> list[Path]:
    return [Path("reader/app.tcss"), *Path("reader/screens").glob("*.py"), *Path("reader/widgets").glob("*.py")]


def test_text_is_drawn_only_in_colours_checked_above() -> None:
    """A theme colour used raw as text ($accent on a light panel: 1.3:1) is refused: text takes
    $ink, $ink-* or another variable whose contrast the tests above compute."""
    used = []
    for path in _style_sources():
        code = path.read_text(encoding="utf-8")
        used += [(path, name) for name in re.findall(r"(?<![\w-])color:\s*\$([a-z][a-z0-9-]*)", code)]
        # Content styles: "bold $ink-accent", "$text-error on $error-muted" (the part before "on")
        used += [(path, name) for name in re.findall(r'"(?:(?:bold|italic|underline|dim|strike) )*\$([a-z][a-z0-9-]*)', code)]
    footer = Path("reader/widgets/keys_footer.py")
    assert not [f"{p}: ${name}" for p, name in used if name not in TEXTS + DIMS + (FOOTER_TEXTS if p == footer else ())]


def test_no_colour_is_fixed_in_the_styles() -> None:
    """Colours come from the theme: no hex colour in the stylesheet or a widget's DEFAULT_CSS."""
    fixed = [f"{p}: {m}" for p in _style_sources() if p.name != "colors.py"
             for m in re.findall(r"(?:color|background|border[a-z-]*):[^;\n]*#[0-9a-fA-F]{3,6}", p.read_text(encoding="utf-8"))]
    assert not fixed, fixed


def test_a_failing_colour_is_made_readable() -> None:
    """textual-light's accent on its panel is 1.3:1 as the theme has it (the status bar's ¶)."""
    app = App()
    app.theme = "textual-light"
    raw = app.get_css_variables()
    panel = resolve(raw["panel"], Color.parse(raw["background"]))
    assert contrast(Color.parse(raw["accent"]), panel) < 2
    assert contrast(Color.parse(readable_variables(raw)["ink-accent"]), panel) >= TEXT_RATIO
