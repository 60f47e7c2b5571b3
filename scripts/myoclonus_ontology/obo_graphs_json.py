"""The class view as OBO Graphs JSON (the JSON that ROBOT, OAK and the OBO Foundry publish).

Nodes are the classes (label, definition, synonyms, xrefs, mappings as basic property values); edges are
`is_a` and RDF predicates of the existential restrictions, each edge's meta naming the record and quote
that license it. Written as sorted JSON; the tests read it back with the `obographs` package and pronto.
"""

from __future__ import annotations

import json

from rdflib.namespace import DCTERMS, OWL

from .class_view import DESCRIPTION, ONTOLOGY_IRI, SCHEMA_NOTE, TITLE, ClassAxiom, ClassView
from .namespaces import EDITOR_NOTE, Term


def _edge_meta(axiom: ClassAxiom) -> dict:
    if axiom.licence.curator_added:
        values = [(str(Term.CURATOR_ADDED), "true"), (str(EDITOR_NOTE), SCHEMA_NOTE)]
    else:
        values = [(str(DCTERMS.source), str(axiom.licence.record)), (str(Term.SOURCE_QUOTE), axiom.licence.quote)]
    return {"basicPropertyValues": [{"pred": p, "val": v} for p, v in values]}


def graph_document(view: ClassView) -> dict:
    """The OBO Graphs document (one graph) of the class view."""
    mappings: dict[str, list] = {}
    for m in view.mappings:
        mappings.setdefault(str(m.subject), []).append(m)
    nodes = []
    for cls in view.classes:
        meta: dict = {}
        if cls.definition:
            meta["definition"] = {"val": cls.definition}
        if cls.synonyms:
            meta["synonyms"] = [{"pred": "hasExactSynonym", "val": s} for s in cls.synonyms]
        rows = mappings.get(str(cls.iri), [])
        if rows:
            meta["xrefs"] = [{"val": m.object_curie} for m in rows]
        values = [{"pred": str(m.predicate), "val": str(m.object_iri)} for m in rows]
        if cls.quote:
            values.append({"pred": str(Term.SOURCE_QUOTE), "val": cls.quote})
        if values:
            meta["basicPropertyValues"] = values
        node = {"id": str(cls.iri), "lbl": cls.label, "type": "CLASS"}
        nodes.append({**node, "meta": meta} if meta else node)
    relations = sorted({a.relation for a in view.axioms if a.relation is not None})
    nodes += [{"id": str(r), "lbl": "has phenotype", "type": "PROPERTY", "propertyType": "OBJECT"}
              for r in relations]
    edges = [{"sub": str(a.subject), "pred": str(a.relation) if a.relation else "is_a", "obj": str(a.parent),
              "meta": _edge_meta(a)} for a in view.axioms]
    header = [(str(DCTERMS.title), TITLE), (str(DCTERMS.description), DESCRIPTION), (str(OWL.versionInfo),
              view.version)] + [(str(p), str(v)) for p, vs in view.header.items() if p != OWL.versionInfo
                                for v in vs]
    graph = {
        "id": str(ONTOLOGY_IRI),
        "meta": {"version": str(view.version_iri),
                 "basicPropertyValues": [{"pred": p, "val": v} for p, v in sorted(header)]},
        "nodes": nodes,
        "edges": sorted(edges, key=lambda e: (e["sub"], e["pred"], e["obj"])),
    }
    return {"graphs": [graph]}


def obographs_json(view: ClassView) -> bytes:
    return (json.dumps(graph_document(view), indent=2, ensure_ascii=False) + "\n").encode("utf-8")

