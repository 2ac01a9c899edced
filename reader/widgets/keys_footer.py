"""The footer of keys: the keys that work where the focus is, on one line, drawn as text.

Textual's ``Footer`` mounts a widget per key and mounts them all again whenever the focus moves,
which costs two or three extra frames (40-60 ms here) after ``/``, Tab or a panel opening. This
footer is one widget: a change of keys repaints one line. It looks and behaves as Textual's does
(same component styles; a key is clicked to press it), except that it never cuts a key in half:
``? Help`` comes last, before the palette key on the right, and is always shown; the keys that do
not fit whole are left out, from the end."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

HELP_ACTION = "help"
PALETTE_EDGE = "▏"


class Key(NamedTuple):
    """One key as shown: what to press, what it is called, what it does."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool

    @property
    def width(self) -> int:
        """Its cells, as `` k description `` or as the palette key ``▏k description ``."""
        return cell_len(self.display) + 2 + (cell_len(self.description) + 1 if self.description else 0)


class KeysFooter(Widget, can_focus=False):
    """The keys bound where the focus is (those with ``show``), one per action. Hidden while another
    screen is over its own, where they would not work."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--hover", "footer--edge"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer--edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[Key] = []
        self._palette: Key | None = None
        self._spans: list[tuple[int, int, Key]] = []  # where each key shown is: (from, to, key)
        self._hover: Key | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, screen: Screen) -> None:
        self.visible = screen is self.screen

    def _bindings_changed(self, screen: Screen) -> None:
        """The keys now bound; repainted (one line, no layout) only when they changed."""
        if screen is not self.screen:
            return
        def key(binding: Binding, enabled: bool) -> Key:
            return Key(binding.key, self.app.get_key_display(binding), binding.description, binding.action, enabled)

        keys: dict[str, Key] = {}
        for _, binding, enabled, _ in screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = key(binding, enabled)
        shown = sorted(keys.values(), key=lambda k: k.action == HELP_ACTION)  # help last, the rest in order
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and (found := screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)):
            palette = key(found[1], found[2])
        if (shown, palette) != (self._keys, self._palette):
            self._keys, self._palette = shown, palette
            self.refresh()

    def _fitted(self, width: int) -> list[Key]:
        """The keys that fit whole in ``width`` cells, help and the palette key always."""
        fixed = [k for k in self._keys if k.action == HELP_ACTION]
        room = width - sum(k.width for k in fixed) - (self._palette.width if self._palette else 0)
        kept = []
        for key in self._keys:
            if key.action != HELP_ACTION and (room := room - key.width) >= 0:
                kept.append(key)
        return kept + fixed

    def render(self) -> Text:
        width = self.content_size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for key in self._fitted(width):
            self._spans.append((line.cell_len, line.cell_len + key.width, key))
            line.append_text(self._label(key))
        if self._palette is not None:
            start = max(line.cell_len, width - self._palette.width)
            line.append(" " * (start - line.cell_len))
            line.append(PALETTE_EDGE, self.get_component_rich_style("footer--edge"))
            self._spans.append((start + 1, width, self._palette))
            line.append_text(self._label(self._palette, palette=True))
            line.append(" ")
        return line

    def _label(self, key: Key, palette: bool = False) -> Text:
        """`` k description `` in the footer's key and description styles (dim when disabled); the
        palette key ``k description``, as Textual draws them."""
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        if key == self._hover and key.enabled:
            hover = self.get_component_rich_style("footer-key--hover")
            key_style, description_style = key_style + hover, description_style + hover
        label = Text.assemble((key.display if palette else f" {key.display} ", key_style))
        if key.description:
            label.append(f" {key.description}" if palette else f"{key.description} ", description_style)
        if not key.enabled:
            label.stylize(Style(dim=True))
        return label

    def _at(self, x: int) -> Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
