"""The text model: a Source is a list of Sections, each a list of numbered Paragraphs.

Everything here is immutable; the parser builds it, everything else reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

#: Paragraph kinds. ``body`` is running text; the others are "furniture" shown dimmed,
#: except ``comment`` (an HTML comment: kept for losslessness, never displayed).
BODY = "body"
LEAD = "lead"  # kicker or subtitle near the title
CAPTION = "caption"  # photo captions, 图片说明, "… 摄"
BYLINE = "byline"  # 本报记者 …
MARKER = "marker"  # (上接A1版), (下转A6版), 关键词:
TOC = "toc"  # a line of a 目录 block
META = "meta"  # YAML front matter; the title's front block (subtitle, date, speaker, decree header, 各位代表：)
COMMENT = "comment"  # HTML comment
KINDS = (BODY, LEAD, CAPTION, BYLINE, MARKER, TOC, META, COMMENT)
HIDDEN = frozenset({COMMENT})


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph; ``n`` is its 1-based number across the whole source."""

    n: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the paragraphs under it, up to the next heading.

    ``level`` is 1 for the top. ``run_in`` marks a heading that was the start of a paragraph
    (（一）思想上入心入脑。…): the title is cut from the text of the first paragraph and a
    reader shows it inline, bold, at the start of that paragraph. ``synthetic`` marks a title
    that is not in the text: the lead section before the first heading, titled by the source.
    """

    title: str
    level: int
    paragraphs: tuple[Paragraph, ...]
    run_in: bool = False
    synthetic: bool = False


@dataclass(frozen=True)
class SourceMeta:
    """What a reader wants to know about a source beyond its text."""

    dates: tuple[str, ...] = ()  # as written in the text, first seen first
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    front_matter: tuple[tuple[str, str], ...] = ()
    subtitle: str | None = None  # the ——… line under the title
    date: str | None = None  # the report's own date, ISO 8601: 2024-03-05, or 2019-10 if only the month is known


@dataclass(frozen=True)
class Source:
    """One file, parsed. ``id`` is unique in its library; ``sha256`` is of the normalized text."""

    id: str
    path: str
    title: str
    sha256: str
    sections: tuple[Section, ...]
    meta: SourceMeta = field(default_factory=SourceMeta)

    @property
    def date(self) -> str | None:
        """The report's date, ISO 8601 (``2024-03-05``, ``2019-10``), for sorting and comparing."""
        return self.meta.date

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """All paragraphs in reading order; ``paragraphs[n - 1].n == n``."""
        return tuple(p for s in self.sections for p in s.paragraphs)

    @cached_property
    def _section_of(self) -> tuple[int, ...]:
        return tuple(i for i, s in enumerate(self.sections) for _ in s.paragraphs)

    def __getstate__(self) -> dict:
        """Pickle the fields only, not the cached lookups derived from them."""
        return {k: v for k, v in self.__dict__.items() if k not in ("paragraphs", "_section_of")}

    def paragraph(self, n: int) -> Paragraph:
        """Paragraph ``n`` (1-based); IndexError if there is none."""
        if not 1 <= n <= len(self.paragraphs):
            raise IndexError(f"{self.id} has no paragraph {n}")
        return self.paragraphs[n - 1]

    def section_index(self, n: int) -> int:
        """Index in ``sections`` of the section holding paragraph ``n``."""
        return self._section_of[n - 1]

    def section_path(self, n: int) -> list[str]:
        """Titles from the top level down to the section holding paragraph ``n``."""
        i = self.section_index(n)
        path = [self.sections[i].title]
        level = self.sections[i].level
        for s in reversed(self.sections[:i]):
            if s.level < level:
                path.insert(0, s.title)
                level = s.level
        return path
