"""The class view in OBO 1.4 flat-file format (what OBO-Edit, pronto, fastobo and OAK's pronto adapter read).

Term stanzas carry name, def, synonyms, xrefs (from the SSSOM set), is_a and `relationship: RO:0002200`
lines; each is_a and relationship line carries the record that licenses it as a trailing `source`
qualifier. The `idspace` header maps MYO: to the ontology's own namespace, so OBO tools expand
MYO:0001001 to the same IRI as the OWL files. fastobo parses the output strictly in the tests.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from .class_view import DESCRIPTION, TITLE, ClassAxiom, ClassView
from .mappings import CuratedMapping
from .namespaces import HAS_PHENOTYPE, MYO, OBO
from .prefixes import OWN_PREFIXES, RELEASE_PREFIXES, curie

ONTOLOGY_NAME = "myo"
MAPPING_PREFIXES = {"skos": RELEASE_PREFIXES["skos"], "dcterms": RELEASE_PREFIXES["dcterms"]}


def quoted(text: str) -> str:
    """An OBO quoted string: backslash, double quote and line breaks escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def obo_id(iri: URIRef) -> str:
    """MYO:0001001 for our IRIs, RO:0002200 for the OBO PURL of an RO relation."""
    return curie(iri, OWN_PREFIXES)


def _is_a_line(view: ClassView, axiom: ClassAxiom) -> str:
    qualifier = f' {{source="{curie(axiom.licence.record)}"}}' if axiom.licence.record is not None else ""
    target = f"{obo_id(axiom.parent)}{qualifier} ! {view.label(axiom.parent)}"
    if axiom.relation is None:
        return f"is_a: {target}"
    return f"relationship: {obo_id(axiom.relation)} {target}"


def _idspaces(view: ClassView) -> dict[str, str]:
    """Prefixes whose IRIs do not follow the OBO PURL pattern: ours, SKOS and the mapped vocabularies'."""
    spaces = dict(MAPPING_PREFIXES)
    for m in view.mappings:
        if m.object_namespace != f"{OBO}{m.object_prefix}_":
            spaces[m.object_prefix] = m.object_namespace
    return spaces


def obo_document(view: ClassView) -> bytes:
    """The OBO 1.4 text of the class view, stanzas sorted by id, clauses in the order the OBO spec gives."""
    header = [
        "format-version: 1.4",
        f"data-version: {ONTOLOGY_NAME}/releases/{view.version}/{ONTOLOGY_NAME}-classes.obo",
        f"idspace: MYO {MYO} {quoted('Myoclonus Ontology')}",
        *(f"idspace: {p} {ns}" for p, ns in sorted(_idspaces(view).items())),
        f"ontology: {ONTOLOGY_NAME}",
        f"property_value: dcterms:title {quoted(TITLE)} xsd:string",
        f"property_value: dcterms:description {quoted(DESCRIPTION)} xsd:string",
        *(f"property_value: dcterms:license {v}" for v in _header_iris(view, "license")),
        "",
    ]
    axioms: dict[URIRef, list[ClassAxiom]] = defaultdict(list)
    for axiom in view.axioms:
        axioms[axiom.subject].append(axiom)
    mappings: dict[URIRef, list[CuratedMapping]] = defaultdict(list)
    for m in view.mappings:
        mappings[m.subject].append(m)
    disjoint: dict[URIRef, list[URIRef]] = defaultdict(list)
    for members in view.disjoint:
        for i, first in enumerate(members):
            disjoint[first].extend(members[i + 1:])
    stanzas = []
    for cls in view.classes:
        lines = ["[Term]", f"id: {obo_id(cls.iri)}", f"name: {cls.label}"]
        if cls.definition:
            lines.append(f"def: {quoted(cls.definition)} []")
        lines += [f"synonym: {quoted(s)} EXACT []" for s in cls.synonyms]
        lines += [f"xref: {m.object_curie}" for m in mappings[cls.iri]]
        lines += [f"property_value: {curie(m.predicate)} {m.object_curie}" for m in mappings[cls.iri]]
        lines += sorted(_is_a_line(view, a) for a in axioms[cls.iri] if a.relation is None)
        lines += [f"disjoint_from: {obo_id(o)} ! {view.label(o)}" for o in disjoint[cls.iri]]
        lines += sorted(_is_a_line(view, a) for a in axioms[cls.iri] if a.relation is not None)
        stanzas.append("\n".join(lines) + "\n")
    if any(a.relation == HAS_PHENOTYPE for a in view.axioms):
        stanzas.append(f"[Typedef]\nid: {obo_id(HAS_PHENOTYPE)}\nname: has phenotype\nxref: {obo_id(HAS_PHENOTYPE)}\n")
    return ("\n".join(header) + "\n" + "\n".join(stanzas)).encode("utf-8")


def _header_iris(view: ClassView, name: str) -> list[str]:
    return [str(v) for p, values in view.header.items() if str(p).endswith(name)
            for v in values if not isinstance(v, Literal)]
