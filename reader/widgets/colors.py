"""Colours: watch-word colour ids, and the theme variables that keep every text readable.

Watch-word colours are stored by id (``WATCH_COLORS``); highlight colour names are the store's
(``reader.core.anchors.COLORS``). The reading pane styles each as ``reading--watch-N`` /
``reading--hl-NAME`` from the variables made here.

``readable_variables`` takes a theme's CSS variables and adds (or corrects) those our styles use,
so that text meets WCAG AA against every background it is drawn on (``$background``, ``$surface``,
``$panel``, the cursor line, a list's cursor row): 4.5:1 for text, 3:1 for dimmed text. A theme colour that falls short
is blended towards the foreground (then black or white) until it passes; nothing else picks colours.
"""

from __future__ import annotations

from textual.color import Color, rgb_to_lab

WATCH_COLORS = tuple(f"watch-{i}" for i in range(6))
TEXT_RATIO = 4.5
DIM_RATIO = 3.0

# Six hues that stay apart whatever the theme (its own colours coincide in some: accent = warning).
WATCH_HUES = ("#e5534b", "#3fb950", "#d29922", "#4c9aff", "#b67cf5", "#26b5c1")
WATCH_ANSI = ("ansi_red", "ansi_green", "ansi_yellow", "ansi_blue", "ansi_magenta", "ansi_cyan")
HIGHLIGHT_HUES = {"yellow": "#d4b21a", "green": "#3f9a4a", "blue": "#3a78c8", "red": "#c84848", "purple": "#8a4ac8"}
TINT = 0.35  # how much of a hue a highlight (or hit, selection, list cursor) lays over the background
BLURRED_TINT = 0.25  # the list cursor of a list without focus (the tree's, following the reading)
INKS = ("primary", "secondary", "accent", "warning", "success", "error")


def watch_color(color: str | None, order: int) -> str:
    """The colour id for a stored colour; an unknown or missing one takes a colour by ``order``."""
    return color if color in WATCH_COLORS else f"watch-{order % len(WATCH_COLORS)}"


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolve(value: str, under: Color) -> Color:
    """A CSS colour value (``#abc``, ``#abc 60%``, ``auto 60%``) as drawn over ``under``."""
    name, _, alpha = value.partition(" ")
    factor = float(alpha.rstrip("%")) / 100 if alpha.endswith("%") else 1.0
    color = under.get_contrast_text(factor) if name == "auto" else Color.parse(name).multiply_alpha(factor)
    return under + color


def readable(color: Color, backgrounds: list[Color], ratio: float) -> Color:
    """``color`` if it gives ``ratio`` against every background; else the same hue made lighter
    (on dark backgrounds) or darker (on light ones) until it does."""
    dark = luminance(backgrounds[0]) < 0.18
    hue, saturation, lightness = color.hsl
    for step in range(51):
        shifted = lightness + (1 - lightness if dark else -lightness) * step / 50
        candidate = Color.from_hsl(hue, saturation, shifted)
        if all(contrast(candidate, bg) >= ratio for bg in backgrounds):
            return candidate
    return Color(255, 255, 255) if dark else Color(0, 0, 0)


def distance(a: Color, b: Color) -> float:
    """How far apart two colours look (CIE76 delta E)."""
    la, lb = rgb_to_lab(a), rgb_to_lab(b)
    return float(((la.L - lb.L) ** 2 + (la.a - lb.a) ** 2 + (la.b - lb.b) ** 2) ** 0.5)


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """``variables`` with ``$ink`` (text), ``$ink-muted`` (dimmed text), ``$ink-primary`` and the
    other ``$ink-*`` (theme colours as text), ``$watch-N`` (watch-word text), ``$hl-NAME``, ``$hit``
    and ``$selection`` (backgrounds under text), ``$hit-ink`` (text on ``$warning``) added, and
    Textual's text variables (muted, disabled, ``text-*``, footer, list cursor) corrected: a list's
    cursor row is a tint of ``$primary`` under ``$ink``, so coloured text stays readable on it."""
    out = dict(variables)
    try:
        background = Color.parse(variables["background"])
        ground = [resolve(variables[name], background) for name in ("surface", "panel", "boost")]
        foreground = Color.parse(variables["foreground"])
    except Exception:  # ANSI themes: the terminal's palette decides, so name the theme's own
        out.update({"ink": "ansi_default", "ink-muted": variables["text-muted"], "hit-ink": "ansi_default"})
        out.update({f"ink-{name}": variables[name] for name in INKS})
        out.update({cid: hue for cid, hue in zip(WATCH_COLORS, WATCH_ANSI, strict=True)})
        out.update({f"hl-{name}": f"{hue} 60%" for name, hue in HIGHLIGHT_HUES.items()})
        out.update({"hit": f"{variables['warning']} 40%", "selection": f"{variables['primary']} 50%"})
        return out
    primary = Color.parse(variables["primary"])
    cursors = {"block-cursor-background": background.blend(primary, TINT),
               "block-cursor-blurred-background": background.blend(primary, BLURRED_TINT)}
    grounds = [background, *ground, *cursors.values()]  # watch-words are read on the first four
    tints = {f"hl-{name}": background.blend(Color.parse(hue), TINT) for name, hue in HIGHLIGHT_HUES.items()}
    tints["hit"] = background.blend(Color.parse(variables["warning"]), TINT)
    tints["selection"] = cursors["block-cursor-background"]
    ink = readable(foreground, grounds + list(tints.values()), TEXT_RATIO)
    muted = readable(resolve(variables["text-muted"], background), grounds, DIM_RATIO)
    warning = Color.parse(variables["warning"])

    def ink_of(name: str) -> Color:  # a theme colour as text, also on its own muted tint (compare's edits)
        return readable(Color.parse(variables[name]), [*grounds, resolve(variables[f"{name}-muted"], background)],
                        TEXT_RATIO)

    colors = {
        "ink": ink,
        "foreground": ink,
        "ink-muted": muted,
        **{f"ink-{name}": ink_of(name) for name in INKS},
        **{cid: readable(Color.parse(hue), grounds[:4], TEXT_RATIO)
           for cid, hue in zip(WATCH_COLORS, WATCH_HUES, strict=True)},
        **tints,
        **cursors,
        "hit-ink": readable(max(background, ink, key=lambda c: contrast(c, warning)), [warning], TEXT_RATIO),
    }
    footer = [resolve(variables["footer-background"], background)]  # the panel, or a colour of its own
    colors.update({"text-muted": muted, "text-disabled": muted, "footer-key-foreground":
                   readable(colors["ink-accent"], footer, TEXT_RATIO), "footer-description-foreground":
                   readable(ink, footer, TEXT_RATIO), "footer-foreground": readable(ink, footer, TEXT_RATIO),
                   "block-cursor-foreground": ink, "block-cursor-blurred-foreground": ink,
                   **{f"text-{name}": colors[f"ink-{name}"] for name in INKS}})
    out.update({name: color.hex for name, color in colors.items()})
    return out
