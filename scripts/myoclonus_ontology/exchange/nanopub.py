"""Nanopublications (TriG), one per statement record, with Trusty URIs; signing with a publisher's key.

* assertion: the record itself (its kind, roles, qualifiers, negation), and the direct claim as a bare
  triple only when the claim is a plain fact (asserted, not negated). A hedged or negated claim is
  never a bare triple: a reader of the assertion graph finds `has modality: possible` or `negated true` on
  the record, and no `has symptom` triple to take for a fact.
* provenance: the quote as a W3C Web Annotation SpecificResource on the NINDS page with a
  TextQuoteSelector and a TextPositionSelector, the curators, and the curator-added mark where it applies.
* publication info: licence, creator, creation date (the release's date, so the build is repeatable) and
  the labels of the terms used.

The Trusty URI (RA module) is computed by the `nanopub` library's trusty-URI code and checked by
`nanopub-sign`; `myo nanopubs --sign-key KEY` signs with `nanopub-sign` (which then makes the Trusty URI
over the signed content). No key is kept in the repository.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..claims import Claim, ClaimSet
from ..graph_io import to_oxigraph, to_rdflib
from ..namespaces import BASE, EDITOR_NOTE, Term, local_name
from ..prefixes import RELEASE_PREFIXES
from ..source import SourceText
from .mapping import Form, Table
from .selectors import selectors

T = Term
FOLDER = "nanopubs"
NP = Namespace("http://www.nanopub.org/nschema#")
OA = Namespace("http://www.w3.org/ns/oa#")
PAV = Namespace("http://purl.org/pav/")
GRAPHS = ("Head", "assertion", "provenance", "pubinfo")
NP_PREFIXES = {**RELEASE_PREFIXES, "np": str(NP), "oa": str(OA), "prov": str(PROV), "pav": str(PAV),
               "npx": "http://purl.org/nanopub/x/"}

FIELDS: dict[str, Form] = {
    "iri": Form("assertion: the record's IRI"), "kind": Form("assertion: rdf:type"),
    "label": Form("assertion: rdfs:label"), "negated": Form("assertion: the record's negated flag (no bare triple)"),
    "quote": Form("provenance: oa:TextQuoteSelector oa:exact (with prefix and suffix)"),
    "page": Form("provenance: oa:hasSource of the SpecificResource the assertion prov:wasDerivedFrom"),
    "start": Form("provenance: oa:TextPositionSelector oa:start"), "end": Form("provenance: oa:end"),
    "curator_added": Form("provenance: curator added on the assertion graph"),
    "note": Form("provenance: editor note on the assertion graph"),
}
TABLE = Table("nanopublications", FIELDS, {},
              any_property=Form("assertion: the record's own triple"),
              any_kind=Form("one nanopublication: the record in the assertion, and its direct claim as a bare "
                            "triple only when it is a plain fact (asserted, not negated)"))


def base_of(claim: Claim) -> str:
    """The nanopublication's namespace before its Trusty hash is known."""
    return f"{BASE}np/{local_name(claim.iri)}/"


def quads(claim: Claim, claims: ClaimSet, source: SourceText) -> list[tuple]:
    """The nanopublication of one record as (graph, subject, predicate, object) rdflib quads."""
    ns = Namespace(base_of(claim))
    this, head, assertion, provenance, pubinfo = URIRef(str(ns)), ns.Head, ns.assertion, ns.provenance, ns.pubinfo
    curators = ns.curators
    out = [(head, this, RDF.type, NP.Nanopublication), (head, this, NP.hasAssertion, assertion),
           (head, this, NP.hasProvenance, provenance), (head, this, NP.hasPublicationInfo, pubinfo)]
    out += [(assertion, s, p, o) for s, p, o in claims.direct_triples(claim)]  # none unless a plain fact
    out += [(assertion, claim.iri, RDF.type, claim.kind), (assertion, claim.iri, RDFS.label, Literal(claim.label,
                                                                                                      lang="en"))]
    out += [(assertion, claim.iri, p, v) for p, v in (*claim.participants, *claim.qualifiers)]
    out.append((assertion, claim.iri, T.NEGATED, Literal(claim.negated)))  # stated, false included, as in the release
    out += [(provenance, assertion, PROV.wasAttributedTo, curators), (provenance, curators, RDF.type, PROV.Agent)]
    if claim.quote:
        page = source.page_by_iri(str(claim.page))
        found = selectors(page.text, claim.start, claim.end)
        span, quote, position = ns.span, ns.quote, ns.position
        triples = [(assertion, PROV.wasDerivedFrom, span), (span, RDF.type, OA.SpecificResource),
                   (span, OA.hasSource, claim.page), (span, OA.hasSelector, quote), (span, OA.hasSelector, position),
                   (quote, RDF.type, OA.TextQuoteSelector), (quote, OA.exact, Literal(found.exact)),
                   (quote, OA.prefix, Literal(found.prefix)), (quote, OA.suffix, Literal(found.suffix)),
                   (position, RDF.type, OA.TextPositionSelector),
                   (position, OA.start, Literal(claim.start, datatype=XSD.nonNegativeInteger)),
                   (position, OA.end, Literal(claim.end, datatype=XSD.nonNegativeInteger))]
        out += [(provenance, *t) for t in triples]
    if claim.curator_added:
        out.append((provenance, assertion, Term.CURATOR_ADDED, Literal(True)))
    if claim.note:
        out.append((provenance, assertion, EDITOR_NOTE, Literal(claim.note, lang="en")))
    out += [(pubinfo, this, DCTERMS.license, claims.license),
            (pubinfo, this, DCTERMS.created, Literal(f"{claims.version}T00:00:00Z", datatype=XSD.dateTime,
                                                     normalize=False)),
            (pubinfo, this, PAV.createdBy, curators), (pubinfo, curators, RDFS.label, Literal(claims.creator)),
            (pubinfo, this, RDFS.label, Literal(f"{claim.label} (NINDS, curated in the Myoclonus Ontology)",
                                                lang="en"))]
    named = {v for _, v in (*claim.participants, *claim.qualifiers) if isinstance(v, URIRef)} | {claim.kind}
    out += [(pubinfo, n, RDFS.label, Literal(claims.label(n) if n in claims.entities else claims.classes[n][0],
                                              lang="en")) for n in sorted(named)]
    return out


def make_trusty(found: list[tuple], base: str) -> tuple[str, list[tuple]]:
    """The Trusty URI of a nanopublication and its quads with the temporary namespace replaced."""
    normalize = rdflib.NORMALIZE_LITERALS  # importing nanopub's trusty-URI code switches it off, globally
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nanopub.trustyuri.rdf import RdfHasher, RdfUtils
    rdflib.NORMALIZE_LITERALS = normalize
    artefact = RdfHasher.make_hash(sorted(found), baseuri=base, hashstr=" ")
    bnodes: dict = {}

    def swap(term: object) -> object:
        return URIRef(RdfUtils.get_trustyuri(term, base, artefact, bnodes)) if isinstance(term, URIRef) else term
    return base + artefact, [tuple(swap(t) for t in q) for q in found]


def trig(found: list[tuple], uri: str) -> bytes:
    """Deterministic TriG: graphs in nanopublication order, triples sorted."""
    order = {name: i for i, name in enumerate(GRAPHS)}
    key = lambda q: (order.get(str(q[0]).rsplit("#", 1)[-1], 9), str(q[1]), str(q[2]), str(q[3]))  # noqa: E731
    used = {str(t) for q in found for t in q if isinstance(t, URIRef)} | {str(q[3].datatype) for q in found
                                                                         if isinstance(q[3], Literal) and q[3].datatype}
    prefixes = {"this": uri, "sub": uri + "#",
                **{p: ns for p, ns in NP_PREFIXES.items() if any(i.startswith(ns) for i in used)}}
    data = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g)) for g, s, p, o in
            sorted(found, key=key)]
    return ox.serialize(data, format=ox.RdfFormat.TRIG, prefixes=prefixes)


def unsigned_trig(claim: Claim, claims: ClaimSet, source: SourceText) -> str:
    """The nanopublication before its Trusty URI, as nanopub-sign takes it for signing."""
    return trig(quads(claim, claims, source), base_of(claim)).decode("utf-8")


def read(text: bytes) -> dict[str, object]:
    """The inverse: the record (as comparable fields) in one nanopublication."""
    dataset = list(ox.parse(text, format=ox.RdfFormat.TRIG))
    by_graph: dict[str, list[tuple]] = {}
    for q in dataset:
        by_graph.setdefault(re.split(r"[#/]", q.graph_name.value)[-1], []).append(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    assertion = by_graph["assertion"]
    record_iri = next(s for s, p, _ in assertion if p == RDF.type)
    record: dict[str, object] = {"iri": record_iri, "negated": False, "curator_added": False, "note": "",
                                 "quote": "", "start": 0, "end": 0}
    for s, p, o in assertion:
        if s != record_iri:
            continue
        if p == RDF.type:
            record["kind"] = o
        elif p == RDFS.label:
            record["label"] = str(o)
        elif p == T.NEGATED:
            record["negated"] = o.toPython() is True
        else:
            record[str(p)] = frozenset(record.get(str(p), frozenset()) | {o})
    for _, p, o in by_graph["provenance"]:
        if p == OA.hasSource:
            record["page"] = o
        elif p in (OA.exact, OA.start, OA.end):
            record[{OA.exact: "quote", OA.start: "start", OA.end: "end"}[p]] = o.toPython() if p != OA.exact else str(o)
        elif p == Term.CURATOR_ADDED:
            record["curator_added"] = o.toPython() is True
        elif p == EDITOR_NOTE:
            record["note"] = str(o)
    return record


def sign_all(claims: ClaimSet, source: SourceText, key: str, orcid: str, out: Path) -> list[Path]:
    """Sign every nanopublication with the publisher's RSA private key (nanopub-sign); write them to `out`."""
    from nanopub_sign import Nanopub, NpProfile

    profile = NpProfile(private_key=key, orcid_id=orcid, name=claims.creator, introduction_nanopub_uri="")
    written = []
    for claim in claims.claims:
        signed = Nanopub(unsigned_trig(claim, claims, source)).sign(profile=profile)
        path = out / f"{local_name(claim.iri)}.trig"
        path.write_text(signed.rdf(), encoding="utf-8")
        written.append(path)
    return written

