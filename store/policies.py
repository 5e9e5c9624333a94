"""Policy documents: markdown with a small front matter, split into citable sections.

A section is everything under one `## Heading {#anchor}`; its citation id is
`policy:<slug>@v<version>#<anchor>`, stable across re-indexing as long as the text's version is.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

POLICIES_DIR = Path(__file__).resolve().parent / "demo" / "policies"
SECTION_HEADING = re.compile(r"^## (?P<heading>.+?)\s*\{#(?P<anchor>[a-z0-9-]+)\}\s*$", re.M)
FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n", re.S)
REQUIRED_KEYS = ("policy", "title", "version", "effective", "summary")


@dataclass(frozen=True)
class PolicySection:
    anchor: str
    heading: str
    text: str


@dataclass(frozen=True)
class PolicyDocument:
    slug: str
    title: str
    version: int
    effective: date
    summary: str
    body: str
    sections: tuple[PolicySection, ...]
    superseded: bool

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()

    def source_id(self, anchor: str) -> str:
        return f"policy:{self.slug}@v{self.version}#{anchor}"


class PolicyFormatError(ValueError):
    pass


def parse_policy(text: str, *, name: str = "<policy>") -> PolicyDocument:
    match = FRONT_MATTER.match(text)
    if not match:
        raise PolicyFormatError(f"{name}: missing the --- front matter block")
    meta: dict[str, str] = {}
    for line in match.group("meta").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise PolicyFormatError(f"{name}: front matter lacks {', '.join(missing)}")
    body = text[match.end() :].strip()
    sections = split_sections(body, name=name)
    return PolicyDocument(
        slug=meta["policy"],
        title=meta["title"],
        version=int(meta["version"]),
        effective=date.fromisoformat(meta["effective"]),
        summary=meta["summary"],
        body=body,
        sections=sections,
        superseded=False,
    )


def split_sections(body: str, *, name: str = "<policy>") -> tuple[PolicySection, ...]:
    headings = list(SECTION_HEADING.finditer(body))
    if not headings:
        raise PolicyFormatError(f"{name}: no '## Heading {{#anchor}}' sections")
    sections = []
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(body)
        sections.append(
            PolicySection(
                anchor=h.group("anchor"),
                heading=h.group("heading"),
                text=body[h.end() : end].strip(),
            )
        )
    anchors = [s.anchor for s in sections]
    if len(set(anchors)) != len(anchors):
        raise PolicyFormatError(f"{name}: duplicate section anchors")
    return tuple(sections)


def load_policies(directory: Path = POLICIES_DIR) -> list[PolicyDocument]:
    """Every version on disk; all but the highest version of each slug are marked superseded."""
    docs = [parse_policy(p.read_text(), name=p.name) for p in sorted(directory.glob("*.md"))]
    latest: dict[str, int] = {}
    for doc in docs:
        latest[doc.slug] = max(latest.get(doc.slug, 0), doc.version)
    result = []
    for doc in docs:
        if doc.version < latest[doc.slug]:
            doc = PolicyDocument(**{**doc.__dict__, "superseded": True})
        result.append(doc)
    return sorted(result, key=lambda d: (d.slug, d.version))


def current_policies(directory: Path = POLICIES_DIR) -> list[PolicyDocument]:
    return [d for d in load_policies(directory) if not d.superseded]
