"""The documentation site (build/docs/): index, reference, diagrams, disorders, questions, source, reports.

Plain HTML with one local stylesheet: no page fetches anything from the network. Every page is generated
from the release graphs and the build's own outputs, so it cannot disagree with them: Python gathers the
data, a Jinja2 template (templates/, autoescaped) writes the HTML.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from .diagrams import disorder_dot, disorders_with_facts, model_dot, render_svgs
from .mappings import NO_TERM_FOUND, MappingSet
from .model import domain_entities, instances_of, statements
from .namespaces import DEFINITION, SOURCE, Term, is_ours, local_name
from .prefixes import curie
from .queries import Question, rows_from_csv
from .reference import make_reference
from .source import SourceText
from .web_pages import WebInputs, query_page, render, stylesheet


@dataclass(frozen=True)
class Link:
    """Text, and where it points (None: plain text)."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Mark:
    """A highlighted span of the source text: its id (where a quote starts), the nodes it names, its target."""

    id: str | None
    title: str
    href: str


@dataclass(frozen=True)
class Piece:
    text: str
    mark: Mark | None = None


def anchor(node: Node) -> str:
    """The HTML id of a MYO node: its local name (MYO_0001001)."""
    return local_name(node)


def span_anchor(graph: Graph, node: Node) -> str | None:
    """The id of the highlighted span on source.html that `node` quotes: its page's last path part and start."""
    start, page_iri = graph.value(node, Term.QUOTE_START), graph.value(node, SOURCE)
    if start is None or page_iri is None:
        return None
    return f"at-{local_name(page_iri)}-{int(start)}"


def label(graph: Graph, node: Node) -> str:
    value = graph.value(node, RDFS.label)
    return str(value) if value is not None else curie(node)


def link(graph: Graph, node: Node, disorders: set[Node]) -> Link:
    """A link to where a node is documented: its disorder page, the entities page, or the source page."""
    text = label(graph, node)
    if node in disorders:
        return Link(text, f"disorder-{anchor(node)}.html")
    if node in statements(graph):
        return Link(text, f"source.html#{anchor(node)}")
    if is_ours(node):
        return Link(text, f"entities.html#{anchor(node)}")
    return Link(text)


def _kinds(graph: Graph, node: Node) -> list[str]:
    return sorted(label(graph, c) for c in graph.objects(node, RDF.type) if c != OWL.NamedIndividual)


# ------------------------------------------------------------------------------------------ pages
def index_page(full: Graph, artifacts: list[tuple[str, str]], questions: list[Question], mapping_count: int) -> str:
    counts = [
        ("classes", len({c for c in full.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)})),
        ("object, data and annotation properties",
         len({p for k in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in full.subjects(RDF.type, k)})),
        ("domain entities", len(domain_entities(full))), ("statements (claims of the source)", len(statements(full))),
        ("competency questions", len(questions)), ("mappings to MONDO, HPO, ChEBI and MeSH", mapping_count),
    ]
    return render("index.html.j2", "Myoclonus Ontology", counts=counts, artifacts=artifacts)


def disorder_page(full: Graph, disorder: URIRef, disorders: set[Node], web: WebInputs) -> str:
    rows = [{"statement": link(full, s, disorders), "kinds": ", ".join(_kinds(full, s)),
             "quote": full.value(s, Term.SOURCE_QUOTE)} for s in sorted(full.subjects(Term.ABOUT_CONDITION, disorder))]
    return render("disorder.html.j2", label(full, disorder), rows=rows, definition=full.value(disorder, DEFINITION),
                  curie=curie(disorder), iri=str(disorder), anchor=anchor(disorder),
                  document=web.document_of(curie(disorder)), structured_data=web.structured_data(disorder))


def disorders_page(full: Graph, disorders: list[URIRef]) -> str:
    rows = [{"anchor": anchor(d), "label": label(full, d), "curie": curie(d),
             "statements": sum(1 for _ in full.subjects(Term.ABOUT_CONDITION, d))} for d in disorders]
    return render("disorders.html.j2", "Disorders", rows=rows)


def entities_page(full: Graph, mapping_set: MappingSet, disorders: set[Node]) -> str:
    mapped: dict[str, list[str]] = {}
    for row in mapping_set.rows:
        if row.object_id != NO_TERM_FOUND:
            mapped.setdefault(row.subject_id, []).append(f"{row.predicate_id} {row.object_id} ({row.object_label})")
    rows = []
    for node in sorted(domain_entities(full) | instances_of(full, Term.QUALIFIER_VALUE)):
        rows.append({"anchor": anchor(node), "curie": curie(node), "kinds": ", ".join(_kinds(full, node)),
                     "name": link(full, node, disorders) if node in disorders else Link(label(full, node)),
                     "definition": full.value(node, DEFINITION) or "", "quote_anchor": span_anchor(full, node),
                     "quote": full.value(node, Term.SOURCE_QUOTE), "mappings": mapped.get(curie(node), [])})
    return render("entities.html.j2", "Entities", rows=rows)


def question_page(question: Question, answer_csv: str) -> str:
    columns, rows = rows_from_csv(answer_csv)
    return render("question.html.j2", f"{question.id}: {question.question}", question=question, columns=columns,
                  rows=rows, stem=question.path.stem)


def questions_page(questions: list[Question]) -> str:
    return render("questions.html.j2", "Competency questions", questions=questions)


def source_page(full: Graph, source: SourceText, disorders: set[Node]) -> str:
    """The vendored pages, every modelled span highlighted and linked to the statements it yields."""
    claims = statements(full)
    sections = []
    for source_page_ in source.pages:
        spans = []
        for node in claims | domain_entities(full):
            start, end = full.value(node, Term.QUOTE_START), full.value(node, Term.QUOTE_END)
            if start is not None and end is not None and str(full.value(node, SOURCE)) == source_page_.iri:
                spans.append((int(start), int(end), node))
        sections.append({"title": source_page_.title, "length": len(source_page_.text), "iri": source_page_.iri,
                         "paragraphs": _highlighted(full, source_page_.text, spans, claims)})
    rows = []
    for node in sorted(claims):
        start, end = full.value(node, Term.QUOTE_START), full.value(node, Term.QUOTE_END)
        about = full.value(node, Term.ABOUT_CONDITION)
        rows.append({"anchor": anchor(node), "curie": curie(node), "label": label(full, node),
                     "span": span_anchor(full, node), "start": int(start) if start is not None else None,
                     "end": int(end) if end is not None else None,
                     "about": link(full, about, disorders) if about is not None else None,
                     "page": full.value(node, SOURCE)})
    return render("source.html.j2", "Source text", sections=sections, rows=rows)


def _highlighted(full: Graph, text: str, spans: list[tuple[int, int, Node]], claims: set[Node]) -> list[list[Piece]]:
    """One page's text as paragraphs of pieces, each quoted span marked and linked to its narrowest statement."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    paragraphs: list[list[Piece]] = []
    current: list[Piece] = []
    for left, right in itertools.pairwise(cuts):
        covering = sorted((e - s, n) for s, e, n in spans if s <= left and right <= e)
        for i, piece in enumerate(text[left:right].split("\n")):
            if i:
                paragraphs.append(current)
                current = []
            if not piece:
                continue
            if not covering:
                current.append(Piece(piece))
                continue
            target = covering[0][1]
            ids = sorted({span_anchor(full, n) for _, n in covering if full.value(n, Term.QUOTE_START) is not None
                          and int(full.value(n, Term.QUOTE_START)) == left} - {None})
            current.append(Piece(piece, Mark(ids[0] if ids and i == 0 else None,
                                             ", ".join(curie(n) for _, n in covering),
                                             f"#{anchor(target)}" if target in claims
                                             else f"entities.html#{anchor(target)}")))
    paragraphs.append(current)
    return [p for p in paragraphs if p]


def mappings_page(mapping_set: MappingSet, hpo_csv: str) -> str:
    hpo = list(csv.reader(io.StringIO(hpo_csv)))
    return render("mappings.html.j2", "Mappings", rows=mapping_set.rows, hpo_columns=hpo[0], hpo_rows=hpo[1:])


def write_site(out: Path, full: Graph, release_ttl: Path, source: SourceText, questions: list[Question],
               answers: Path, mapping_set: MappingSet, hpo_csv: str, artifacts: list[tuple[str, str]],
               reference: str | None = None, *, web: WebInputs, diagram_cache: Path | None = None) -> list[Path]:
    """Every page of the site into `out` (build/docs); `reference` is pyLODE's page, if already made; `web`
    the JSON artifacts and the schema.org view (for the JSON page and the disorder pages' structured data);
    `diagram_cache` where drawn diagrams are kept (None: each drawn anew)."""
    (out / "diagrams").mkdir(parents=True)
    disorders = disorders_with_facts(full)
    disorder_set = set(disorders)
    mapping_count = sum(1 for r in mapping_set.rows if r.object_id != NO_TERM_FOUND)
    files: dict[str, str | bytes] = {
        "style.css": stylesheet(),
        "index.html": index_page(full, artifacts, questions, mapping_count),
        "reference.html": reference if reference is not None else make_reference(release_ttl),
        "model.html": render("model.html.j2", "Model"),
        "disorders.html": disorders_page(full, disorders),
        "entities.html": entities_page(full, mapping_set, disorder_set),
        "questions.html": questions_page(questions),
        "source.html": source_page(full, source, disorder_set),
        "mappings.html": mappings_page(mapping_set, hpo_csv),
        "query.html": query_page(questions),
        "json.html": web.json_page(),
    }
    dots = {"diagrams/model.svg": model_dot(full)}
    for disorder in disorders:
        files[f"disorder-{anchor(disorder)}.html"] = disorder_page(full, disorder, disorder_set, web)
        dots[f"diagrams/{anchor(disorder)}.svg"] = disorder_dot(full, disorder)
    files.update(render_svgs(dots, diagram_cache))
    for question in questions:
        answer = (answers / f"{question.path.stem}.csv").read_text(encoding="utf-8")
        files[f"{question.path.stem}.html"] = question_page(question, answer)
    written = []
    for name, content in sorted(files.items()):
        path = out / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
