"""Sentence coverage: every sentence of the source is accounted for, in both directions.

What can be derived is derived: a statement covers every sentence its quote overlaps. Only the exceptions
are curated, in ontology/sentence-exceptions.tsv: a sentence that restates another, defines a word, or
carries no domain fact, with the reason. A sentence neither covered nor excepted is an error; so is an
exception for a sentence that a statement covers, or one that matches no sentence of its page.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .errors import Problem
from .model import statements
from .namespaces import SOURCE, Term
from .prefixes import curie
from .project import Project
from .source import Sentence, SourceText
from .tables import TableRow, read_table

TABLE = "sentence-exceptions.tsv"
COLUMNS = ["page", "status", "sentence", "note"]
STATUSES = {
    "restated": "the sentence restates another, whose statements carry its facts",
    "definition": "the sentence defines a word: the facts are the definitions of the entities that quote it",
    "no-domain-fact": "the sentence carries no fact about the domain",
}
CHECK = "coverage"


@dataclass(frozen=True)
class Coverage:
    """One sentence and what accounts for it: the statements that quote it, or a curated exception."""

    sentence: Sentence
    statements: tuple[str, ...]
    exception: TableRow | None


def statement_spans(graph: Graph) -> dict[str, tuple[str, int, int]]:
    """Each statement's quote span (page IRI, start, end), keyed by CURIE."""
    spans = {}
    for node in statements(graph):
        start, end, page = (graph.value(node, p) for p in (Term.QUOTE_START, Term.QUOTE_END, SOURCE))
        if start is not None and end is not None and page is not None:
            spans[curie(node)] = (str(page), int(start), int(end))
    return spans


def covering(spans: dict[str, tuple[str, int, int]], sentence: Sentence) -> tuple[str, ...]:
    """The statements whose quote overlaps the sentence."""
    return tuple(sorted(k for k, (page, s, e) in spans.items()
                        if page == sentence.page.iri and s < sentence.end and sentence.start < e))


def load_exceptions(project: Project) -> list[TableRow]:
    return read_table(project, project.ontology / TABLE, COLUMNS)


def coverage(project: Project, graph: Graph, source: SourceText) -> tuple[list[Coverage], list[Problem]]:
    """Every sentence with what accounts for it, and every fault of the exceptions table or the coverage."""
    spans = statement_spans(graph)
    sentences = source.sentences()
    problems: list[Problem] = []
    exceptions: dict[str, TableRow] = {}
    for row in load_exceptions(project):
        match = [s for s in sentences if s.page.id == row.get("page") and s.text == row.get("sentence")]
        if not match:
            problems.append(row.problem("sentence", f"is not a sentence of page '{row.get('page')}' (the text must "
                                                    "be the whole sentence, verbatim)", node=None))
        elif match[0].id in exceptions:
            problems.append(row.problem("sentence", f"{match[0].id} is excepted twice", node=match[0].id))
        else:
            exceptions[match[0].id] = row
        if row.get("status") not in STATUSES:
            problems.append(row.problem("status", f"'{row.get('status')}' is not one of {sorted(STATUSES)}", node=None))
        if not row.get("note"):
            problems.append(row.problem("note", "an exception needs a note giving the reason", node=None))
    result = []
    for sentence in sentences:
        quoted_by, exception = covering(spans, sentence), exceptions.get(sentence.id)
        result.append(Coverage(sentence, quoted_by, exception))
        if quoted_by and exception is not None:
            problems.append(exception.problem("sentence", f"{sentence.id} is quoted by {', '.join(quoted_by)}: it "
                                                          "needs no exception", node=sentence.id))
        elif not quoted_by and exception is None:
            problems.append(Problem(f"sentence {sentence.id} of page '{sentence.page.id}' ({sentence.start}-"
                                    f"{sentence.end}) is unaccounted for: no statement quotes it and "
                                    f"ontology/{TABLE} gives no reason: {sentence.text[:70]!r}",
                                    file=f"ontology/{TABLE}", node=sentence.id, check=CHECK))
    return result, problems


def check_coverage(project: Project, graph: Graph, source: SourceText) -> list[Problem]:
    return coverage(project, graph, source)[1]


def render(rows: list[Coverage]) -> str:
    """A sentence a line: its id, page and offsets, then the statements that quote it or the exception."""
    lines = []
    for row in rows:
        s = row.sentence
        account = ", ".join(row.statements) if row.statements else (
            f"[{row.exception.get('status')}] {row.exception.get('note')}" if row.exception else "UNACCOUNTED FOR")
        lines.append(f"{s.id}  {s.page.id} {s.start}-{s.end}  {account}")
    return "\n".join(lines) + "\n"
