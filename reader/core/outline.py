"""The parsed structure of sources: JSON for scripts, an indented tree for people."""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.model import BODY, Source, SourceMeta


def meta_json(meta: SourceMeta) -> dict:
    """SourceMeta as a JSON object."""
    return {
        "date": meta.date,
        "dates": list(meta.dates),
        "authors": list(meta.authors),
        "outlet": meta.outlet,
        "subtitle": meta.subtitle,
        "front_matter": dict(meta.front_matter),
    }


def source_json(source: Source) -> dict:
    """One source: id, path, title, sha256, meta and its sections with numbered paragraphs."""
    return {
        "id": source.id,
        "path": source.path,
        "title": source.title,
        "sha256": source.sha256,
        "meta": meta_json(source.meta),
        "sections": [
            {
                "title": s.title,
                "level": s.level,
                "run_in": s.run_in,
                "synthetic": s.synthetic,
                "paragraphs": [{"n": p.n, "kind": p.kind, "text": p.text} for p in s.paragraphs],
            }
            for s in source.sections
        ],
    }


def outline_json(sources: Iterable[Source]) -> list[dict]:
    """The list printed by ``ntreader outline --json``."""
    return [source_json(s) for s in sources]


def outline_text(sources: Iterable[Source]) -> str:
    """An indented tree: each source, then its sections by level with paragraph counts.

    ``›`` marks a run-in heading, ``[lead]`` the text before the first heading.
    """
    out: list[str] = []
    for source in sources:
        n = len(source.paragraphs)
        out.append(f"{source.id}  {source.title}  [{n} ¶]")
        out.extend(_meta_lines(source.meta))
        for s in source.sections:
            furniture = sum(1 for p in s.paragraphs if p.kind != BODY)
            extra = f", {furniture} furniture" if furniture else ""
            title = "[lead]" if s.synthetic else f"› {s.title}" if s.run_in else s.title
            out.append(f"{'  ' * s.level}{title}  ({len(s.paragraphs)}{extra})")
    return "\n".join(out)


def _meta_lines(meta: SourceMeta) -> list[str]:
    facts = [
        ("date", meta.date or "、".join(meta.dates)),
        ("by", "、".join(meta.authors)),
        ("outlet", meta.outlet or ""),
    ]
    line = " · ".join(f"{k}: {v}" for k, v in facts if v)
    return [f"  ({line})"] if line else []
