"""Text -> Source, in passes over units (candidate paragraphs), with general rules only:

1. ``joins``: lines -> units (paragraph repair);
2. ``furniture``: continuation marks split off; bylines, captions, marks tagged;
3. ``headings``: the 目录 block, headings recognised;
4. ``front``: the title and the front block around it; ``stories``: the titles of a page of stories;
5. ``headings`` again: levels from a stack of numbering styles; ``meta``: sections and metadata.

Lossless: every non-space character of the input except heading markup (#, **) ends up, once and
in order, in a section title or a paragraph.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from reader.core.model import Source
from reader.core.parse.front import apply_context, lead_title, site_title, split_title_line
from reader.core.parse.furniture import furniture_kind, split_marks, tag_furniture
from reader.core.parse.headings import assign_levels, detect_heading, tag_toc, untag_list_items
from reader.core.parse.joins import doc_facts, to_units
from reader.core.parse.meta import build_sections, front_matter, source_meta
from reader.core.parse.stories import tag_stories
from reader.core.parse.text import clean, in_columns, width
from reader.core.sanitize import visible

# --- entry point -----------------------------------------------------------------------------


def normalize(text: str) -> str:
    """The text whose sha256 identifies a source: no BOM, ``\\n`` line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, *, source_id: str, path: str = "") -> Source:
    """Parse the text of one report into a Source (see the module docstring for the passes)."""
    text = normalize(text)
    raw = text.split("\n")
    lines = [clean(line) for line in raw]
    indents = [line[:1].isspace() for line in raw]
    widths = [width(line.rstrip().replace("\xa0", " ")) for line in raw]  # an NBSP indent is as wide as a space
    doc = doc_facts(lines, indents, widths)
    rows = [in_columns(line) for line in raw]
    units = split_marks(to_units(lines, indents, widths, rows, doc))
    tag_furniture(units)
    units = split_title_line(units)
    tag_toc(units)
    first = next((u for u in units if not u.kind), None)
    for u in units:
        if not u.kind:
            detect_heading(u, u is first)
    untag_list_items(units)
    title_unit = apply_context(units, doc)
    tag_stories(units, title_unit)
    assign_levels(units, title_unit)
    front = front_matter(units)
    own = title_unit.title if title_unit else ""
    title = site_title(dict(front).get("title", ""), own) or own or lead_title(units)
    title = title or visible(PurePath(path).stem) or source_id
    sections = build_sections(units, title)
    furniture_kind.cache_clear()  # it only saves repeated work within one text
    return Source(
        id=source_id,
        path=path,
        title=title,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        sections=sections,
        meta=source_meta(sections, front, title),
    )
