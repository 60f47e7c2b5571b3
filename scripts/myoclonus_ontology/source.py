"""The vendored source: one text file per NINDS page, its manifest, its sentences, and quote look-up.

Offsets are 0-based code-point offsets into one page's own text, end exclusive, so revising one page can
never move the spans of another.
"""

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
PAGE_FIELDS = ("id", "label", "title", "iri", "file", "sha256", "publisher", "rights")


@dataclass(frozen=True)
class Page:
    """One NINDS information page: its address, its vendored file, its text and what the release says of it."""

    id: str
    label: str
    title: str
    iri: str
    path: Path
    text: str
    publisher: str
    rights: str

    def contains(self, start: int, end: int) -> bool:
        """Whether `start`-`end` is a non-empty span of this page's text."""
        return 0 <= start < end <= len(self.text)

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def locate(self, quote: str) -> list[int]:
        """Every start offset at which `quote` occurs verbatim on this page."""
        starts, at = [], self.text.find(quote)
        while quote and at != -1:
            starts.append(at)
            at = self.text.find(quote, at + 1)
        return starts


@dataclass(frozen=True)
class Sentence:
    """One sentence, numbered from S01 in reading order across the pages; offsets relative to its page."""

    id: str
    start: int
    end: int
    text: str
    page: Page


@dataclass(frozen=True)
class Occurrence:
    """Where a quote occurs: a page and a start offset on it."""

    page: Page
    start: int


@dataclass(frozen=True)
class SourceText:
    """The vendored pages, in the manifest's order."""

    manifest: Path
    pages: tuple[Page, ...]

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def page_by_iri(self, iri: str) -> Page | None:
        return next((p for p in self.pages if p.iri == iri), None)

    def sentences(self) -> list[Sentence]:
        """Split each paragraph (a line) of each page into sentences at '.', '!' or '?' before a space."""
        found: list[Sentence] = []
        for page in self.pages:
            for paragraph in re.finditer(r"[^\n]+", page.text):
                for match in SENTENCE.finditer(paragraph.group(0)):
                    start = paragraph.start() + match.start()
                    found.append(Sentence(f"S{len(found) + 1:02d}", start, paragraph.start() + match.end(),
                                          match.group(0), page))
        return found

    def locate(self, quote: str) -> list[Occurrence]:
        """Every page and offset at which `quote` occurs verbatim."""
        return [Occurrence(page, start) for page in self.pages for start in page.locate(quote)]

    def digest(self) -> str:
        """One SHA-256 over every page's address and text, for cache keys."""
        digest = hashlib.sha256()
        for page in self.pages:
            digest.update(f"{page.iri}\n{len(page.text)}\n".encode())
            digest.update(page.text.encode("utf-8"))
        return digest.hexdigest()


def load_source(project: Project) -> SourceText:
    """Read the manifest and every page; refuse a page whose file is missing or whose checksum differs."""
    manifest_path = project.sources / MANIFEST
    where = project.relative(manifest_path)
    if not manifest_path.is_file():
        raise UnusableInputError("sources", [Problem("the source manifest is missing", file=where)])
    try:
        manifest = tomllib.loads(read_text(manifest_path, where, "sources"))
    except tomllib.TOMLDecodeError as err:
        raise UnusableInputError("sources", [Problem(f"not valid TOML: {err}", file=where)]) from err
    entries = manifest.get("pages")
    if not isinstance(entries, list) or not entries:
        raise UnusableInputError("sources", [Problem("the manifest lists no [[pages]]", file=where)])
    defaults = manifest.get("defaults", {})
    pages, problems = [], []
    for number, given in enumerate(entries, start=1):
        entry = {**defaults, **given} if isinstance(given, dict) and isinstance(defaults, dict) else given
        missing = [name for name in PAGE_FIELDS if not isinstance(entry.get(name), str)]
        if missing:
            problems.append(Problem(f"[[pages]] entry {number} lacks {', '.join(missing)}", file=where))
            continue
        page, problem = _load_page(project, entry)
        if problem:
            problems.append(problem)
        else:
            pages.append(page)
    for field_name in ("id", "iri"):
        values = [getattr(p, field_name) for p in pages]
        problems += [Problem(f"two pages share the {field_name} {v!r}", file=where)
                     for v in sorted({v for v in values if values.count(v) > 1})]
    if problems:
        raise UnusableInputError("sources", problems)
    return SourceText(manifest_path, tuple(pages))


def _load_page(project: Project, entry: dict) -> tuple[Page | None, Problem | None]:
    """One page's file, checked against the manifest's SHA-256."""
    path = project.sources / entry["file"]
    shown = project.relative(path)
    if not path.is_file():
        return None, Problem(f"the vendored text of page '{entry['id']}' is missing", file=shown)
    raw = read_bytes(path, shown, "sources")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != entry["sha256"]:
        return None, Problem(
            f"SHA-256 is {digest}, the manifest says {entry['sha256']}: the page text was changed; every quote "
            "offset on this page depends on it (update the manifest and re-check the quotes)", file=shown)
    text = decode(raw, shown, "sources", entry.get("encoding", "utf-8"))
    return Page(entry["id"], entry["label"], entry["title"], entry["iri"], path, text, entry["publisher"],
                entry["rights"]), None
