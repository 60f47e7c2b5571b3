"""Namespaces and the terms of our own vocabulary that the tooling refers to by name."""

from __future__ import annotations

from rdflib import BNode, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/myoclonus-ontology/"
MYO = Namespace(BASE + "MYO_")
IAO = Namespace("http://purl.obolibrary.org/obo/IAO_")
OBO = Namespace("http://purl.obolibrary.org/obo/")
RO = Namespace("http://purl.obolibrary.org/obo/RO_")
OBOINOWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
VANN = Namespace("http://purl.org/vocab/vann/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_IRI = URIRef(BASE + "myo.owl")

# Prefixes written into every release file, in this order.
PREFIXES: dict[str, str] = {
    "MYO": str(MYO),
    "IAO": str(IAO),
    "dcterms": str(DCTERMS),
    "oboInOwl": str(OBOINOWL),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "vann": str(VANN),
    "xsd": str(XSD),
}


class Term:
    """The IRIs of our own terms that code needs. Opaque IDs: the names here are their labels."""

    # classes
    DOMAIN_ENTITY = MYO["0000001"]
    MEDICAL_CONDITION = MYO["0000002"]
    DISORDER = MYO["0000003"]
    SYMPTOM = MYO["0000009"]
    TREATMENT = MYO["0000011"]
    DRUG = MYO["0000012"]
    DRUG_CLASS = MYO["0000013"]
    RESEARCH_BODY = MYO["0000016"]
    SOURCE_PAGE = MYO["0000022"]
    STATEMENT = MYO["0000030"]
    SYMPTOM_STATEMENT = MYO["0000031"]
    TREATMENT_STATEMENT = MYO["0000034"]
    CLASSIFICATION_STATEMENT = MYO["0000035"]
    QUALIFIER_VALUE = MYO["0000050"]
    PLAIN_FACT_STATEMENT = MYO["0000065"]
    # object properties
    ABOUT_CONDITION = MYO["0000100"]
    REPORTS_SYMPTOM = MYO["0000102"]
    HAS_SYMPTOM = MYO["0000103"]
    REPORTS_TREATMENT = MYO["0000108"]
    TREATMENT_RANK = MYO["0000112"]
    MODALITY = MYO["0000115"]
    FREQUENCY = MYO["0000116"]
    HAS_DEFINING_SIGN = MYO["0000146"]
    PLAIN_FACT_ROLE = MYO["0000158"]
    # data properties
    NEGATED = MYO["0000207"]
    # annotation properties: provenance
    SOURCE_QUOTE = MYO["0000250"]
    QUOTE_START = MYO["0000251"]
    QUOTE_END = MYO["0000252"]
    CURATOR_ADDED = MYO["0000253"]
    PAGE_TEXT = MYO["0000254"]
    # individuals
    MYOCLONUS = MYO["0001002"]
    MYOCLONIC_JERKING = MYO["0001031"]
    FIRST_CHOICE = MYO["0000315"]
    ASSERTED = MYO["0000300"]
    POSSIBLE = MYO["0000301"]


# RO:0002200 'has phenotype' (OBO Relation Ontology): what MONDO uses for "characterized by" in class axioms
HAS_PHENOTYPE = RO["0002200"]


DEFINITION = IAO["0000115"]
EDITOR_NOTE = IAO["0000116"]
TERM_REPLACED_BY = IAO["0100001"]
SOURCE = DCTERMS.source


def is_ours(node: object) -> bool:
    """True for an IRI in this ontology's namespace."""
    return isinstance(node, URIRef) and str(node).startswith(str(MYO))


def expand_curie(text: str) -> URIRef | None:
    """The IRI of a CURIE with one of our prefixes, or of an <IRI>; None for anything else."""
    if text.startswith("<") and text.endswith(">") and len(text) > 2:
        return URIRef(text[1:-1])
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and local and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return None


def curie(node: object) -> str:
    """The shortest readable form of a node: a CURIE where a prefix fits, else <iri>."""
    text = str(node)
    if isinstance(node, BNode):
        return f"_:{text}"
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>" if isinstance(node, URIRef) else text
