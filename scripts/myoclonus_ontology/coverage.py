"""Sentence coverage: every sentence of the source maps to the facts modelled from it, or to a reason.

The table (ontology/sentence-coverage.tsv) is curated; this module checks it against the source text and
the graph in both directions, and can redraw its `facts` column for a curator (`myo coverage --write`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import Problem, UnusableInputError
from .model import domain_entities, statements
from .namespaces import SOURCE, Term, curie
from .project import Project
from .source import Sentence, SourceText
from .textfiles import read_text, write_atomically

TABLE = "sentence-coverage.tsv"
COLUMNS = ["sentence", "page", "start", "end", "status", "facts", "note", "text"]
STATUSES = {
    "modelled": "the facts listed are modelled from this sentence",
    "restated": "the sentence restates another; the facts listed were modelled from that one (see note)",
    "no-domain-fact": "the sentence carries no domain fact (see note)",
}
CHECK = "coverage"


@dataclass(frozen=True)
class Row:
    sentence: str
    page: str
    start: int
    end: int
    status: str
    facts: tuple[str, ...]
    note: str
    text: str
    line: int


def table_path(project: Project) -> Path:
    return project.ontology / TABLE


def load_table(project: Project) -> list[Row]:
    """Read the curated table; a missing file or a malformed row is unusable input."""
    path = table_path(project)
    shown = project.relative(path)
    if not path.is_file():
        raise UnusableInputError("coverage", [Problem("the sentence coverage table is missing", file=shown)])
    rows, problems = [], []
    with io.StringIO(read_text(path, shown, "coverage"), newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if reader.fieldnames != COLUMNS:
            raise UnusableInputError("coverage", [Problem(f"columns must be {COLUMNS}, found {reader.fieldnames}",
                                                          file=shown, line=1)])
        for number, record in enumerate(reader, start=2):
            try:
                rows.append(Row(record["sentence"], record["page"], int(record["start"]), int(record["end"]),
                                record["status"], tuple(record["facts"].split()), record["note"],
                                record["text"], number))
            except (TypeError, ValueError) as err:
                problems.append(Problem(f"malformed row: {err}", file=shown, line=number))
    if problems:
        raise UnusableInputError("coverage", problems)
    return rows


def fact_spans(graph: Graph) -> dict[str, tuple[str, int, int]]:
    """Each statement's and entity's quote span (page IRI, start, end), keyed by CURIE."""
    spans = {}
    for node in statements(graph) | domain_entities(graph):
        start, end = graph.value(node, Term.QUOTE_START), graph.value(node, Term.QUOTE_END)
        page = graph.value(node, SOURCE)
        if start is not None and end is not None and page is not None:
            spans[curie(node)] = (str(page), int(start), int(end))
    return spans


def overlapping(spans: dict[str, tuple[str, int, int]], sentence: Sentence) -> list[str]:
    return sorted(k for k, (page, s, e) in spans.items()
                  if page == sentence.page.iri and s < sentence.end and sentence.start < e)


def check_coverage(project: Project, graph: Graph, source: SourceText) -> list[Problem]:
    """Every sentence accounted for; every listed fact real and quoted from it; every fact listed."""
    rows = load_table(project)
    shown = project.relative(table_path(project))
    spans = fact_spans(graph)
    known = {curie(n) for n in statements(graph) | domain_entities(graph)}
    by_id = {r.sentence: r for r in rows}
    problems: list[Problem] = []

    def fault(row: Row | None, message: str) -> None:
        problems.append(Problem(message, file=shown, line=row.line if row else None,
                                node=row.sentence if row else None, check=CHECK))

    sentences = source.sentences()
    for sentence in sentences:
        row = by_id.get(sentence.id)
        if row is None:
            fault(None, f"sentence {sentence.id} ({sentence.start}-{sentence.end}) is unaccounted for: "
                        f"{sentence.text[:70]!r}")
            continue
        if (row.start, row.end, row.text, row.page) != (sentence.start, sentence.end, sentence.text,
                                                        sentence.page.id):
            fault(row, f"does not match the source: expected {sentence.page.id} {sentence.start}-{sentence.end} "
                       f"{sentence.text[:50]!r}")
        if row.status not in STATUSES:
            fault(row, f"status '{row.status}' is not one of {sorted(STATUSES)}")
            continue
        for fact in row.facts:
            if fact not in known:
                fault(row, f"lists {fact}, which is neither a statement nor an entity of the ontology")
        here = set(overlapping(spans, sentence))
        listed = set(row.facts)
        if row.status == "modelled":
            if not listed:
                fault(row, "status 'modelled' but no facts are listed")
            for fact in sorted(listed - here):
                if fact in known:
                    fault(row, f"lists {fact}, but its quote is not taken from this sentence")
        elif not row.note.strip():
            fault(row, f"status '{row.status}' needs a note giving the reason")
        if row.status == "restated" and not listed:
            fault(row, "status 'restated' must list the facts modelled from the sentence it restates")
        for fact in sorted(here - listed):
            fault(row, f"{fact} quotes this sentence but is not listed in its row")
    extra = set(by_id) - {s.id for s in sentences}
    for sentence_id in sorted(extra):
        fault(by_id[sentence_id], "no such sentence in the source")
    listed_anywhere = {f for r in rows for f in r.facts}
    for node in sorted(statements(graph)):
        if curie(node) not in listed_anywhere and curie(node) in spans:
            problems.append(Problem(f"statement {curie(node)} is listed under no sentence", file=shown, check=CHECK))
    return problems


def draft_rows(project: Project, graph: Graph, source: SourceText) -> list[dict[str, str]]:
    """The table with its `facts` column recomputed from the quotes; curated status and notes are kept."""
    try:
        curated = {r.sentence: r for r in load_table(project)}
    except UnusableInputError:
        curated = {}
    spans = fact_spans(graph)
    rows = []
    for sentence in source.sentences():
        old = curated.get(sentence.id)
        facts = overlapping(spans, sentence)
        status = old.status if old else ("modelled" if facts else "no-domain-fact")
        if old and old.status == "restated":
            facts = list(old.facts)
        rows.append({
            "sentence": sentence.id, "page": sentence.page.id, "start": str(sentence.start),
            "end": str(sentence.end), "status": status, "facts": " ".join(facts),
            "note": old.note if old else "", "text": sentence.text,
        })
    return rows


def write_table(project: Project, rows: list[dict[str, str]]) -> Path:
    handle = io.StringIO()
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return write_atomically(table_path(project), handle.getvalue())
