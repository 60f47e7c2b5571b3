"""The class view as an RDF graph (OWL 2 DL): what the RDF/XML, OWL Functional Syntax and Turtle files hold."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from .class_view import DESCRIPTION, ONTOLOGY_IRI, SCHEMA_NOTE, TITLE, ClassAxiom, ClassView
from .graph_io import bind_prefixes
from .mappings import MAPPING_SET
from .namespaces import DEFINITION, EDITOR_NOTE, HAS_PHENOTYPE, OBOINOWL, Term

# Labels of the properties the view uses that the base release does not declare.
OWN_LABELS = {
    OBOINOWL.hasDbXref: "database cross reference",
    HAS_PHENOTYPE: "has phenotype",
}


def view_graph(view: ClassView, base: Graph) -> Graph:
    """The class view's triples: header, declarations, classes, annotated class axioms, mappings."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("RO", "http://purl.obolibrary.org/obo/RO_")
    _header(graph, view)
    for cls in view.classes:
        graph.add((cls.iri, RDF.type, OWL.Class))
        graph.add((cls.iri, RDFS.label, Literal(cls.label, lang="en")))
        if cls.definition:
            graph.add((cls.iri, DEFINITION, Literal(cls.definition, lang="en")))
        for synonym in cls.synonyms:
            graph.add((cls.iri, OBOINOWL.hasExactSynonym, Literal(synonym, lang="en")))
        if cls.quote:
            graph.add((cls.iri, Term.SOURCE_QUOTE, Literal(cls.quote)))
        if cls.page is not None:
            graph.add((cls.iri, DCTERMS.source, cls.page))
    for axiom in view.axioms:
        _class_axiom(graph, axiom)
    for n, members in enumerate(view.disjoint):
        node = BNode(f"disjoint{n}")
        graph.add((node, RDF.type, OWL.AllDisjointClasses))
        head = BNode(f"disjoint{n}members")
        Collection(graph, head, list(members))
        graph.add((node, OWL.members, head))
        _curator_note(graph, node)
    for m in view.mappings:
        graph.add((m.subject, OBOINOWL.hasDbXref, Literal(m.object_curie)))
        graph.add((m.subject, m.predicate, m.object_iri))
        axiom = _axiom(graph, m.subject, m.predicate, m.object_iri)
        graph.add((axiom, Term.CURATOR_ADDED, Literal(True)))
        graph.add((axiom, EDITOR_NOTE, Literal(m.note, lang="en")))
        graph.add((axiom, DCTERMS.source, MAPPING_SET))
    _declare_properties(graph, base)
    return graph


def _header(graph: Graph, view: ClassView) -> None:
    graph.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    graph.add((ONTOLOGY_IRI, OWL.versionIRI, view.version_iri))
    graph.add((ONTOLOGY_IRI, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((ONTOLOGY_IRI, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    for prop, values in view.header.items():
        for value in values:
            graph.add((ONTOLOGY_IRI, prop, value))


def _axiom(graph: Graph, subject: Node, predicate: Node, target: Node) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, OWL.Axiom))
    graph.add((node, OWL.annotatedSource, subject))
    graph.add((node, OWL.annotatedProperty, predicate))
    graph.add((node, OWL.annotatedTarget, target))
    return node


def _curator_note(graph: Graph, node: Node) -> None:
    graph.add((node, Term.CURATOR_ADDED, Literal(True)))
    graph.add((node, EDITOR_NOTE, Literal(SCHEMA_NOTE, lang="en")))


def _class_axiom(graph: Graph, axiom: ClassAxiom) -> None:
    target: Node = axiom.parent
    if axiom.relation is not None:
        target = BNode()
        graph.add((target, RDF.type, OWL.Restriction))
        graph.add((target, OWL.onProperty, axiom.relation))
        graph.add((target, OWL.someValuesFrom, axiom.parent))
    graph.add((axiom.subject, RDFS.subClassOf, target))
    node = _axiom(graph, axiom.subject, RDFS.subClassOf, target)
    if axiom.licence.curator_added:
        _curator_note(graph, node)
    else:
        graph.add((node, DCTERMS.source, axiom.licence.record))
        graph.add((node, Term.SOURCE_QUOTE, Literal(axiom.licence.quote)))


def _declare_properties(graph: Graph, base: Graph) -> None:
    """Declare every property the view uses, with the label (and definition) the base release gives it."""
    used = {p for p in graph.predicates() if p not in (RDF.type, RDFS.label, RDFS.subClassOf)}
    used |= {o for o in graph.objects(None, OWL.onProperty)}
    used -= {p for p in used if str(p).startswith((str(OWL), str(RDF)))}
    for prop in sorted(used):
        kind = OWL.ObjectProperty if prop == HAS_PHENOTYPE else OWL.AnnotationProperty
        graph.add((prop, RDF.type, kind))
        label = base.value(prop, RDFS.label) or (Literal(OWN_LABELS[prop], lang="en") if prop in OWN_LABELS
                                                  else None)
        if label is not None:
            graph.add((prop, RDFS.label, label))
        definition = base.value(prop, DEFINITION)
        if definition is not None:
            graph.add((prop, DEFINITION, definition))
