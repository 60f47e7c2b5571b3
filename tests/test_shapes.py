"""Every shape catches bad data aimed at it, and names the offending node; two SHACL engines agree."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from myoclonus_ontology.namespaces import SH
from myoclonus_ontology.prefixes import curie
from myoclonus_ontology.shape_coverage import reports_results
from myoclonus_ontology.validate import run_shacl, short

SHAPES_NS = "https://w3id.org/myoclonus-ontology/shapes/"
HELPERS = {URIRef(SHAPES_NS + "NotOurTerm"), URIRef(SHAPES_NS + "CuratorAddedMark")}


def closure(shapes: Graph, start: URIRef) -> Graph:
    """The shape with everything it refers to (its property shapes, lists, helper shapes), nothing else."""
    out, todo, seen = Graph(), [start], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in shapes.triples((node, None, None)):
            out.add((s, p, o))
            if isinstance(o, BNode) or (isinstance(o, URIRef) and str(o).startswith(SHAPES_NS)):
                todo.append(o)
    return out


def all_shapes(shapes: Graph) -> list[URIRef]:
    found = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)}
    return sorted(s for s in found if isinstance(s, URIRef) and s not in HELPERS)


def owning_node_shape(shapes: Graph, shape: URIRef) -> URIRef:
    return next(shapes.subjects(SH.property, shape), shape)


def test_every_shape_has_bad_data_aimed_at_it(shapes, mutants):
    """Shapes with constraints of their own; a shape with only sh:property reports through those."""
    aimed = {m.shape for m in mutants}
    missing = [short(s) for s in all_shapes(shapes) if reports_results(shapes, s) and s not in aimed]
    assert missing == []
    assert len(all_shapes(shapes)) >= 180


def test_each_shape_catches_its_mutants_and_names_the_node(shapes, releases, mutants):
    """One pass over every shape (parametrizing 180 shapes would only slow the report down)."""
    failures = []
    for shape in all_shapes(shapes):
        own = closure(shapes, owning_node_shape(shapes, shape))
        for mutant in [m for m in mutants if m.shape == shape][:2]:  # two faults per shape keep the run short
            with mutant.applied(releases[mutant.release]) as graph:
                findings, _ = run_shacl(graph, own)
            hits = [f for f in findings if f.focus == curie(mutant.target) and f.source == short(shape)]
            if not hits:
                failures.append(f"{short(shape)} missed '{mutant.description}' on {curie(mutant.target)}")
            elif not all(h.message[:1].isupper() and h.message.endswith(".") for h in hits):
                failures.append(f"{short(shape)} reported without a sentence message")
    assert failures == []


def test_release_conforms_in_pyshacl(shapes, releases):
    for graph in releases.values():
        assert run_shacl(graph, shapes)[0] == []
