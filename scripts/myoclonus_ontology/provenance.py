"""Every fact carries its provenance: the verbatim span of the source, at its offsets, on its page.

A *fact* is a statement record or a domain entity (whose quote is the span that names it), or any
assertion of one of our object or data properties made outside a statement record; the latter must be
marked curator-added by an owl:Axiom annotation, since no sentence of the source states it as such.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF

from .errors import Problem
from .graph_io import NodeLocator
from .model import annotated_axioms, domain_entities, is_curator_added, our_properties, statements
from .namespaces import EDITOR_NOTE, SOURCE, Term, curie
from .source import SourceText

CHECK = "provenance"


def check_provenance(graph: Graph, source: SourceText, locator: NodeLocator) -> list[Problem]:
    """All provenance faults of the graph, each naming its node and where it is written."""
    problems: list[Problem] = []
    for node in sorted(statements(graph) | domain_entities(graph)):
        for message in _record_faults(graph, node, source):
            problems.append(locator.problem(graph, node, message, CHECK))
    problems.extend(_unrecorded_facts(graph, locator))
    return problems


def _record_faults(graph: Graph, node: object, source: SourceText) -> list[str]:
    if is_curator_added(graph, node):
        has_note = any(True for _ in graph.objects(node, EDITOR_NOTE))
        return [] if has_note else ["curator-added, but no editor note (IAO:0000116) gives the reason"]
    values = {p: list(graph.objects(node, p)) for p in (Term.SOURCE_QUOTE, Term.QUOTE_START, Term.QUOTE_END, SOURCE)}
    faults = [
        f"needs exactly one {curie(p)}, has {len(v)}"
        for p, v in values.items() if len(v) != 1
    ]
    if faults:
        return [*faults, "every fact needs the verbatim quote, its offsets and its page (or a curator-added mark)"]
    quote, start, end, page_iri = (values[p][0] for p in values)
    try:
        start_at, end_at = int(start), int(end)
    except (TypeError, ValueError):
        return [f"quote offsets must be integers, found {start!r} and {end!r}"]
    if not isinstance(quote, Literal):
        return ["the source quote must be a literal"]
    page = source.page_by_iri(str(page_iri))
    if page is None:
        return [f"{curie(SOURCE)} {curie(page_iri)} is not a page of the vendored source"]
    if not page.contains(start_at, end_at):
        return [f"quote at {start_at}-{end_at} lies outside page '{page.id}' (0-{len(page.text)})"]
    found = page.span(start_at, end_at)
    if found != str(quote):
        elsewhere = [f"{o.page.id}:{o.start}" for o in source.locate(str(quote))]
        hint = (f"; the quote occurs at {', '.join(elsewhere)}" if elsewhere
                else "; the quote occurs nowhere in the source")
        return [f"quote not found verbatim at {start_at}-{end_at} of page '{page.id}' "
                f"(the text there is {found[:60]!r}){hint}"]
    return []


def _unrecorded_facts(graph: Graph, locator: NodeLocator) -> list[Problem]:
    """Assertions of our object/data properties outside statement records need a curator-added axiom."""
    records = statements(graph)
    fact_properties = [p for p, kind in our_properties(graph).items() if kind != OWL.AnnotationProperty]
    problems = []
    for prop in sorted(fact_properties):
        for subject, obj in sorted(graph.subject_objects(prop)):
            if subject in records or (subject, RDF.type, OWL.Axiom) in graph:
                continue
            axioms = annotated_axioms(graph, subject, prop, obj)
            if not any(is_curator_added(graph, ax) and any(graph.objects(ax, EDITOR_NOTE)) for ax in axioms):
                problems.append(locator.problem(
                    graph, subject,
                    f"asserts {curie(prop)} {curie(obj)} outside a statement record and without an owl:Axiom "
                    "marking it curator-added (with an editor note): the fact has no provenance",
                    CHECK,
                ))
    return problems
