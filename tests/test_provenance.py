"""Every fact carries its verbatim quote at its offsets, on its page; bad provenance is caught by node."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import OWL, RDF

from myoclonus_ontology.graph_io import NodeLocator, load_ontology
from myoclonus_ontology.model import domain_entities, statements
from myoclonus_ontology.namespaces import MYO, SOURCE, Term
from myoclonus_ontology.provenance import check_provenance
from myoclonus_ontology.source import load_source

from .conftest import edit


def problems_of(project):
    return check_provenance(load_ontology(project), load_source(project), NodeLocator(project))


def test_release_sources_have_complete_provenance(project, asserted, source):
    assert check_provenance(asserted, source, NodeLocator(project)) == []


def test_every_statement_quote_is_verbatim_at_its_offsets(asserted, source):
    checked = 0
    for node in statements(asserted) | domain_entities(asserted):
        quote = str(asserted.value(node, Term.SOURCE_QUOTE))
        start, end = int(asserted.value(node, Term.QUOTE_START)), int(asserted.value(node, Term.QUOTE_END))
        page = source.page_by_iri(str(asserted.value(node, SOURCE)))
        assert page.span(start, end) == quote, node
        checked += 1
    assert checked == len(statements(asserted)) + len(domain_entities(asserted)) >= 150


def test_shifted_offset_is_caught_and_the_statement_named(scratch):
    edit(scratch.ontology / "myo-statements.ttl", 'MYO:0000252 "52"^^xsd:nonNegativeInteger',
         'MYO:0000252 "53"^^xsd:nonNegativeInteger')
    problems = problems_of(scratch)
    assert len(problems) == 1
    assert "MYO:0002001" in problems[0].node
    assert "not found verbatim at 0-53 of page 'opsoclonus-myoclonus'" in problems[0].message
    assert "occurs at opsoclonus-myoclonus:0" in problems[0].message
    assert problems[0].file == "ontology/myo-statements.ttl"


def test_altered_quote_is_caught(scratch):
    edit(scratch.ontology / "myo-statements.ttl", '"Opsoclonus myoclonus is a rare neurological disorder" ;',
         '"Opsoclonus myoclonus is a common neurological disorder" ;')
    problems = problems_of(scratch)
    assert any("MYO:0002001" in p.node and "occurs nowhere in the source" in p.message for p in problems)


def test_quote_on_the_wrong_page_is_caught(scratch):
    path = scratch.ontology / "myo-statements.ttl"
    text = path.read_text(encoding="utf-8")
    block_start = text.index("MYO:0002001\n")
    block_end = text.index("\n\n", block_start)
    block = text[block_start:block_end].replace("Opsoclonus-Myoclonus-Information-Page", "Myoclonus-Information-Page")
    path.write_text(text[:block_start] + block + text[block_end:], encoding="utf-8")
    problems = problems_of(scratch)
    assert [p.node for p in problems] == ["'opsoclonus myoclonus is a rare neurological disorder' (MYO:0002001)"]
    assert "not found verbatim at 0-52 of page 'myoclonus'" in problems[0].message


def test_statement_without_quote_is_caught(scratch):
    graph, source = load_ontology(scratch), load_source(scratch)
    graph.remove((MYO["0002052"], Term.SOURCE_QUOTE, None))
    problems = check_provenance(graph, source, NodeLocator(scratch))
    assert any("MYO:0002052" in p.node and "needs exactly one MYO:0000250" in p.message for p in problems)


def test_curator_added_fact_needs_a_reason(project, source):
    graph = load_ontology(project)  # a private copy
    graph.add((MYO["0002052"], Term.CURATOR_ADDED, Literal(True)))
    for p in (Term.SOURCE_QUOTE, Term.QUOTE_START, Term.QUOTE_END):
        graph.remove((MYO["0002052"], p, None))
    problems = check_provenance(graph, source, NodeLocator(project))
    assert any("no editor note" in p.message and "MYO:0002052" in p.node for p in problems)


def test_fact_outside_a_statement_needs_a_curator_mark(project, source):
    graph = load_ontology(project)
    graph.add((MYO["0001065"], Term.HAS_SYMPTOM, MYO["0001037"]))  # clonazepam "has symptom" lethargy
    problems = check_provenance(graph, source, NodeLocator(project))
    assert len(problems) == 1
    assert problems[0].node == "'clonazepam' (MYO:0001065)"
    assert "outside a statement record" in problems[0].message


def test_curator_added_link_is_marked_by_an_axiom(asserted):
    axioms = list(asserted.subjects(OWL.annotatedSource, Term.MYOCLONUS))
    assert len(axioms) == 1
    axiom = axioms[0]
    assert (axiom, RDF.type, OWL.Axiom) in asserted
    assert asserted.value(axiom, OWL.annotatedProperty) == Term.HAS_DEFINING_SIGN
    assert asserted.value(axiom, Term.CURATOR_ADDED).toPython() is True
