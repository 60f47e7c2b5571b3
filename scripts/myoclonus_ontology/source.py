"""The vendored source text: its manifest, its pages, its sentences, and quote look-up."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, UnusableInputError
from .project import Project
from .textfiles import decode, read_bytes, read_text

MANIFEST = "sources.toml"
SENTENCE = re.compile(r"\S.*?[.!?](?=\s|$)")


@dataclass(frozen=True)
class Page:
    """One NINDS information page: its address and its character range in the text."""

    id: str
    title: str
    iri: str
    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass(frozen=True)
class Sentence:
    """One sentence of the text, numbered from 1 in reading order."""

    id: str
    start: int
    end: int
    text: str
    page: Page


@dataclass(frozen=True)
class SourceText:
    """The vendored text with its pages."""

    path: Path
    text: str
    pages: tuple[Page, ...]

    def page_at(self, start: int, end: int) -> Page | None:
        """The page that holds the whole span, if one does."""
        return next((p for p in self.pages if p.contains(start, end)), None)

    def page_by_iri(self, iri: str) -> Page | None:
        return next((p for p in self.pages if p.iri == iri), None)

    def sentences(self) -> list[Sentence]:
        """Split each paragraph (a line) into sentences at '.', '!' or '?' followed by a space."""
        found: list[Sentence] = []
        for paragraph in re.finditer(r"[^\n]+", self.text):
            for match in SENTENCE.finditer(paragraph.group(0)):
                start, end = paragraph.start() + match.start(), paragraph.start() + match.end()
                page = self.page_at(start, end)
                if page is None:
                    raise ValueError(f"sentence at {start}-{end} crosses a page boundary")
                found.append(Sentence(f"S{len(found) + 1:02d}", start, end, match.group(0), page))
        return found

    def locate(self, quote: str) -> list[int]:
        """Every start offset at which `quote` occurs verbatim."""
        starts, at = [], self.text.find(quote)
        while at != -1:
            starts.append(at)
            at = self.text.find(quote, at + 1)
        return starts


def load_source(project: Project) -> SourceText:
    """Read the manifest and the text; refuse a text whose checksum or page ranges do not match."""
    manifest_path = project.sources / MANIFEST
    where = project.relative(manifest_path)
    if not manifest_path.is_file():
        raise UnusableInputError("sources", [Problem("the source manifest is missing", file=where)])
    try:
        manifest = tomllib.loads(read_text(manifest_path, where, "sources"))
    except tomllib.TOMLDecodeError as err:
        raise UnusableInputError("sources", [Problem(f"not valid TOML: {err}", file=where)]) from err
    text_path = project.sources / manifest["text"]["file"]
    if not text_path.is_file():
        raise UnusableInputError("sources", [Problem("the vendored source text is missing",
                                                     file=project.relative(text_path))])
    raw = read_bytes(text_path, project.relative(text_path), "sources")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != manifest["text"]["sha256"]:
        raise UnusableInputError("sources", [Problem(
            f"SHA-256 is {digest}, the manifest says {manifest['text']['sha256']}: the vendored text was "
            "changed; every quote offset depends on it", file=project.relative(text_path))])
    text = decode(raw, project.relative(text_path), "sources", manifest["text"].get("encoding", "utf-8"))
    pages = tuple(Page(p["id"], p["title"], p["iri"], int(p["start"]), int(p["end"])) for p in manifest["pages"])
    problems = [
        Problem(f"page '{p.id}' range {p.start}-{p.end} lies outside the text (length {len(text)})", file=where)
        for p in pages if not 0 <= p.start < p.end <= len(text)
    ]
    if problems:
        raise UnusableInputError("sources", problems)
    return SourceText(text_path, text, pages)
