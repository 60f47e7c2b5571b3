"""The RDF 1.2 view (Turtle 1.2): every direct claim as a triple term, reified by its statement record.

The record *is* the reifier: `MYO:0002051 rdf:reifies <<( myoclonus has-treatment clonazepam )>>`, and it
carries the kind, qualifiers and provenance as in the release. A plain fact (asserted, not negated) is
also asserted, with the annotation syntax `s p o ~ record {| ... |}`; a hedged or negated claim is written
as `<< s p o ~ record >>` only, a triple term that is not asserted, so the view never states it as a fact.
Records with no direct relation (prognosis, efficacy, ...) are not in the view. Labels, classes and their
superclasses of everything named are included, so questions can be asked of the view alone.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..claims import Claim, ClaimSet
from ..graph_io import to_oxigraph
from ..namespaces import EDITOR_NOTE, SOURCE, Term
from ..prefixes import RELEASE_PREFIXES, compress
from .mapping import Form, Table

FILE = "myo-rdf12.ttl"
TABLE = Table("RDF 1.2 view", {
    "iri": Form("the reifier"), "kind": Form("rdf:type of the reifier"), "label": Form("rdfs:label of the reifier"),
    "negated": Form("the reifier's negated flag; the triple term is not asserted"),
    "quote": Form("source quote on the reifier"), "page": Form("dcterms:source on the reifier"),
    "start": Form("quote start on the reifier"), "end": Form("quote end on the reifier"),
    "curator_added": Form("curator added on the reifier"), "note": Form("editor note on the reifier"),
}, {}, any_property=Form("the reifier's own triple"),
    any_kind=Form("a reifier of the record's direct triple(s); records with no direct relation are not in the view"))


def _prefixed(iri: str) -> str | None:
    return compress(iri, local_ok=lambda local: local.replace("_", "").isalnum())


def _term(node: object) -> str:
    """A term in Turtle: a prefixed name where one fits, else pyoxigraph's N-Triples form (its escaping)."""
    if isinstance(node, URIRef):
        return _prefixed(str(node)) or str(to_oxigraph(node))
    if isinstance(node, Literal) and node.datatype is not None and (short := _prefixed(str(node.datatype))):
        return f"{ox.Literal(str(node))}^^{short}"
    return str(to_oxigraph(node))


def _record(claim: Claim) -> list[tuple[URIRef, object]]:
    """The reifier's description: the record's own fields, as in the release."""
    pairs: list[tuple[URIRef, object]] = [(RDF.type, claim.kind), (RDFS.label, Literal(claim.label, lang="en"))]
    pairs += list(claim.participants) + list(claim.qualifiers)
    pairs.append((Term.NEGATED, Literal(claim.negated)))  # stated, false included, as in the release
    if claim.quote:
        pairs += [(Term.SOURCE_QUOTE, Literal(claim.quote)), (Term.QUOTE_START, _count(claim.start)),
                  (Term.QUOTE_END, _count(claim.end))]
    if claim.page is not None:  # a curator-added record has no page
        pairs.append((SOURCE, claim.page))
    if claim.curator_added:
        pairs.append((Term.CURATOR_ADDED, Literal(True)))
    if claim.note:
        pairs.append((EDITOR_NOTE, Literal(claim.note, lang="en")))
    return pairs


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _block(pairs: list[tuple[URIRef, object]], indent: str) -> str:
    return f" ;\n{indent}".join(f"{_term(p)} {_term(o)}" for p, o in pairs)


def left_out(claim: Claim, claims: ClaimSet) -> str | None:
    return None if claims.proposition_triples(claim) else "the model has no direct relation for this record"


def write(claims: ClaimSet) -> dict[str, str]:
    lines = ['VERSION "1.2"', *(f"PREFIX {p}: <{ns}>" for p, ns in RELEASE_PREFIXES.items()), "",
             "# Every direct claim of the Myoclonus Ontology, reified by its statement record. Plain facts are",
             "# asserted ({| |} annotations); hedged or negated claims are triple terms only (<< ... >>).", ""]
    for claim in claims.claims:
        triples = claims.proposition_triples(claim)
        if not triples:
            continue
        first, *more = triples
        spo = " ".join(_term(t) for t in first)
        body = _block(_record(claim), "    ")
        if claims.direct_triples(claim):  # a plain fact: the ontology derives the triple, so it is asserted
            lines.append(f"{spo} ~ {_term(claim.iri)} {{|\n    {body} |}} .")
            lines += [f"{' '.join(_term(t) for t in triple)} ~ {_term(claim.iri)} ." for triple in more]
        else:
            lines.append(f"<< {spo} ~ {_term(claim.iri)} >>\n    {body} .")
            lines += [f"<< {' '.join(_term(t) for t in triple)} ~ {_term(claim.iri)} >> ." for triple in more]
    lines += ["", "# What the claims name: labels, classes and their superclasses."]
    for node, entity in claims.entities.items():
        pairs = [(RDF.type, c) for c in entity.classes] + [(RDFS.label, Literal(entity.label, lang="en"))]
        lines.append(f"{_term(node)} {_block(pairs, '    ')} .")
    for cls, (label, supers) in claims.classes.items():
        pairs = [(RDFS.label, Literal(label, lang="en"))] + [(RDFS.subClassOf, s) for s in supers]
        lines.append(f"{_term(cls)} {_block(pairs, '    ')} .")
    return {FILE: "\n".join(lines) + "\n"}


def store(text: str) -> ox.Store:
    """The view parsed by pyoxigraph (RDF 1.2 Turtle), ready for SPARQL 1.2."""
    found = ox.Store()
    found.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return found
