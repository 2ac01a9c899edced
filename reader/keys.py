"""The one registry of keys: the help screen and the command palette read it, the footer reads
the same ``BINDINGS``.

A class with keys names its help group where it is defined: ``HELP_TITLE`` (its own bindings,
then those it inherits from classes of this package) and ``HELP_ORDER`` (where the group comes in
the help; groups with the same title are listed as one). A class whose keys fall in several
groups sets ``HELP_GROUPS`` instead: (title, order, bindings) triples. Nothing else registers a
key: every module of ``reader.screens`` and ``reader.widgets`` is looked through.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

PACKAGES = ("reader.screens", "reader.widgets")


@dataclass
class KeyGroup:
    """A heading of the help: its keys, and the classes whose nodes run them."""

    title: str
    order: int
    keys: list[tuple[type, Binding]] = field(default_factory=list)  # (owner class, binding)

    @property
    def bindings(self) -> list[Binding]:
        return [binding for _, binding in self.keys]


def own_bindings(cls: type) -> list[Binding]:
    """``cls``'s bindings, then those it inherits from this package's classes (not Textual's)."""
    found: list[Binding] = []
    for klass in cls.__mro__:
        if klass is cls or klass.__module__.startswith("reader."):
            found += [b for b in vars(klass).get("BINDINGS", ()) if isinstance(b, Binding)]
    return found


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    sub: type
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


def _load_all() -> None:
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{name}.{info.name}")


def key_groups() -> list[KeyGroup]:
    """Every group of keys, in help order."""
    _load_all()
    declared: list[tuple[int, str, type, list[Binding]]] = []
    for cls in dict.fromkeys(_subclasses(DOMNode)):
        if not cls.__module__.startswith("reader."):
            continue
        if "HELP_GROUPS" in vars(cls):
            declared += [(order, title, cls, bindings) for title, order, bindings in vars(cls)["HELP_GROUPS"]]
        elif "HELP_TITLE" in vars(cls):
            declared.append((vars(cls).get("HELP_ORDER", 100), vars(cls)["HELP_TITLE"], cls, own_bindings(cls)))
    groups: dict[str, KeyGroup] = {}
    for order, title, cls, bindings in sorted(declared, key=lambda d: d[0]):
        groups.setdefault(title, KeyGroup(title, order)).keys += [(cls, b) for b in bindings]
    return list(groups.values())


def key_label(app: App, binding: Binding) -> str:
    """``binding``'s keys as the footer shows them (``?``, ``^q``, ``F1``), comma-separated."""
    return binding.key_display or ", ".join(app.get_key_display(Binding(k, binding.action))
                                            for k in binding.key.split(","))
