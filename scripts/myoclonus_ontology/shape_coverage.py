"""Shapes and ontology agree: every class and property is covered by a shape, every path is declared.

Also checks the shapes' own documentation: each shape has a sh:name and sh:description, and each shape
that can report a result has a sh:message that reads as a sentence.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import Problem
from .graph_io import describe
from .model import our_properties
from .namespaces import SH, is_ours
from .prefixes import SHAPE_PREFIXES, curie

BUILT_IN = (str(RDF), str(RDFS), str(OWL))
CHECK = "shapes-agree"


def shapes_of(shapes: Graph) -> set[URIRef]:
    kinds = (SH.NodeShape, SH.PropertyShape)
    return {s for kind in kinds for s in shapes.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def covered_classes(shapes: Graph) -> set[URIRef]:
    """Classes a shape targets, or requires of a value (sh:class, also inside qualified value shapes)."""
    return set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))


def covered_paths(shapes: Graph) -> set[URIRef]:
    return {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}


def check_agreement(ontology: Graph, shapes: Graph) -> list[Problem]:
    """Everything that keeps shapes and ontology from agreeing."""
    problems = []
    retired = set(ontology.subjects(OWL.deprecated, Literal(True)))
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if is_ours(c)} - retired
    properties = set(our_properties(ontology)) - retired
    declared = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
                for p in ontology.subjects(RDF.type, kind)}
    for cls in sorted(classes - covered_classes(shapes)):
        problems.append(Problem(f"class {describe(ontology, cls)} is covered by no shape (no sh:targetClass or "
                                "sh:class)", node=curie(cls), check=CHECK))
    for prop in sorted(properties - covered_paths(shapes)):
        problems.append(Problem(f"property {describe(ontology, prop)} is the sh:path of no shape",
                                node=curie(prop), check=CHECK))
    for path in sorted(covered_paths(shapes)):
        if path not in declared and not str(path).startswith(BUILT_IN):
            problems.append(Problem(f"sh:path {curie(path)} is not declared as a property in the ontology",
                                    node=curie(path), check=CHECK))
    for cls in sorted(covered_classes(shapes)):
        if is_ours(cls) and cls not in classes:
            problems.append(Problem(f"the shapes use {curie(cls)} as a class, but the ontology declares no such class",
                                    node=curie(cls), check=CHECK))
    problems += check_documentation(shapes)
    return problems


def check_documentation(shapes: Graph) -> list[Problem]:
    problems = []
    for shape in sorted(shapes_of(shapes)):
        for prop in (SH.name, SH.description):
            if len(list(shapes.objects(shape, prop))) != 1:
                problems.append(Problem(f"needs exactly one {curie(prop)}", node=_shape_name(shape), check=CHECK))
        reports = reports_results(shapes, shape)
        messages = [str(m) for m in shapes.objects(shape, SH.message)]
        if reports and not messages:
            problems.append(Problem("needs a sh:message, since it can report a result", node=_shape_name(shape),
                                    check=CHECK))
        for message in messages:
            if not _is_sentence(message):
                problems.append(Problem(f"sh:message does not read as a sentence: {message!r}",
                                        node=_shape_name(shape), check=CHECK))
    return problems


def reports_results(shapes: Graph, shape: URIRef) -> bool:
    """A shape reports its own results if it has constraints other than sh:property (which report theirs)."""
    ignored = {RDF.type, SH.name, SH.description, SH.message, SH.targetClass, SH.targetSubjectsOf, SH.targetNode,
               SH.targetObjectsOf, SH.property, SH.path, SH.severity, SH.deactivated}
    return any(p not in ignored for p in shapes.predicates(shape))


def _is_sentence(text: str) -> bool:
    return text[:1].isupper() and text.rstrip().endswith(".") and len(text.split()) >= 4


def _shape_name(shape: URIRef) -> str:
    return curie(shape, SHAPE_PREFIXES)
