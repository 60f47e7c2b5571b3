"""The class view: the source's entities as OWL classes, for tools that expect a class hierarchy (OBO tools).

Generated from the base release, never edited. Each domain entity becomes an owl:Class with the same IRI
(in its own artifact, so no IRI is punned inside one file); the core kinds (disorder, symptom, drug, ...)
are the top of the hierarchy. Class axioms come only from records the source states outright:

* SubClassOf(entity, kind) from the entity record's own kind, unless a classification says more;
* SubClassOf(entity, category) from a classification statement ("a type of tranquilizer");
* SubClassOf(condition, 'has phenotype' some sign) from a characterising symptom statement ("characterized
  by").

A statement becomes a class axiom only when every property on it is known (QUALIFIER_ROLES) not to weaken
it: modality 'asserted', not negated, no frequency, population, proportion or condition. Each axiom is
annotated with the record that licenses it (dcterms:source) and the record's quote; the schema's own
axioms between kinds are the curators' design and say so (curator added, with an editor note).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import curies
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from .errors import BuildError, Problem
from .mappings import CuratedMapping, MappingSet, curated_mappings
from .model import domain_entities, instances_of, subclasses
from .namespaces import BASE, DEFINITION, HAS_PHENOTYPE, OBOINOWL, Term
from .prefixes import curie
from .release import ontology_node, version_of

STEM = "myo-classes"
ONTOLOGY_IRI = URIRef(f"{BASE}{STEM}.owl")

# What each property of a statement record means for the class view, by the property's label (the
# ontology's own names). A record yields a class axiom only if every property on it has a role here other
# than BLOCKS. A property missing from this table stops the build: a new qualifier must be placed here.
RECORD, SUBJECT, OBJECT, MODALITY, NEGATION, CHARACTERISING, NEUTRAL, BLOCKS = (
    "record", "subject", "object", "modality", "negation", "characterising", "neutral", "blocks")
QUALIFIER_ROLES: dict[str, str] = {
    "source quote": RECORD, "quote start": RECORD, "quote end": RECORD, "source": RECORD, "editor note": RECORD,
    "classified entity": SUBJECT, "about condition": SUBJECT,
    "assigned category": OBJECT, "reports symptom": OBJECT,
    "has modality": MODALITY,
    "negated": NEGATION,
    "is characteristic": CHARACTERISING,
    "has prevalence": NEUTRAL,  # "a rare neurological disorder" is still a neurological disorder
    # qualifiers that limit a claim to some cases, people, times or conditions: not a class axiom
    "has frequency": BLOCKS, "in population": BLOCKS, "has proportion": BLOCKS,
    "applicable when present": BLOCKS, "occurs during": BLOCKS, "without warning": BLOCKS, "holds if": BLOCKS,
    "has severity": BLOCKS, "has variety": BLOCKS,
    # properties of the other kinds of statement (treatment, association, research, prognosis, ...)
    "reports associated condition": BLOCKS, "reports treatment": BLOCKS, "has treatment rank": BLOCKS,
    "combinable with": BLOCKS, "about treatment": BLOCKS, "has prognostic factor": BLOCKS,
    "prognostic outcome": BLOCKS, "given intervention": BLOCKS, "research agent": BLOCKS,
    "has research activity": BLOCKS, "research topic": BLOCKS, "research location": BLOCKS,
    "has funding mechanism": BLOCKS, "funding recipient": BLOCKS, "has goal": BLOCKS, "about symptom": BLOCKS,
    "form of": BLOCKS, "example of": BLOCKS, "involves manifestation": BLOCKS, "indicates condition": BLOCKS,
    "has association kind": BLOCKS, "usable alone": BLOCKS, "causes difficulties": BLOCKS,
    "occurs in isolation": BLOCKS, "is required": BLOCKS, "is treatment focus": BLOCKS, "has effect": BLOCKS,
    "indicated condition site": BLOCKS, "recipients across": BLOCKS, "research result": BLOCKS,
}
BUILT_IN = {RDF.type: RECORD, RDFS.label: RECORD}

# The kinds whose entities are classes in the view (the issue's "disorders, signs and symptoms, drugs, drug
# classes, treatments, conditions and research bodies"); goals, populations, prognostic factors, outcomes
# and circumstances stay individuals of the base and full releases.
TOP_KINDS = (Term.MEDICAL_CONDITION, Term.SYMPTOM, Term.TREATMENT, Term.RESEARCH_BODY)

# A kind of the individual model that is a kind of *class* in the class view: a drug class (tranquilizer)
# is a class of drugs, so its members become subclasses of drug, not of 'drug class'.
KIND_AS_CLASS_OF = {Term.DRUG_CLASS: Term.DRUG}

SCHEMA_NOTE = ("The class hierarchy of the kinds is the curators' design (ontology/myo-edit.ttl), "
               "not a claim of the source.")
TITLE = "Myoclonus Ontology: class view"
DESCRIPTION = ("The disorders, signs and symptoms, treatments, conditions, research bodies and other entities "
               "named by the NINDS pages on opsoclonus myoclonus and myoclonus, as OWL classes, for OBO tools. "
               "Generated from the statement records of the base release: each class axiom is annotated with "
               "the record (dcterms:source) and the quote (source quote) that license it; hedged, negated or "
               "qualified claims never become class axioms.")


@dataclass(frozen=True)
class Licence:
    """What licenses a class axiom: a record of the base release and its quote, or the curators' schema."""

    record: URIRef | None
    quote: str | None

    @property
    def curator_added(self) -> bool:
        return self.record is None


SCHEMA = Licence(None, None)


@dataclass(frozen=True)
class ClassAxiom:
    """SubClassOf(subject, parent), or SubClassOf(subject, relation some parent) when relation is set."""

    subject: URIRef
    parent: URIRef
    licence: Licence
    relation: URIRef | None = None


@dataclass(frozen=True)
class ViewClass:
    iri: URIRef
    label: str
    definition: str | None
    synonyms: tuple[str, ...]
    quote: str | None
    page: URIRef | None
    is_kind: bool


@dataclass
class ClassView:
    version: str
    classes: list[ViewClass]
    axioms: list[ClassAxiom]
    disjoint: list[tuple[URIRef, ...]]
    mappings: list[CuratedMapping]
    header: dict[URIRef, list[Node]] = field(default_factory=dict)

    @property
    def version_iri(self) -> URIRef:
        return URIRef(f"{BASE}releases/{self.version}/{STEM}.owl")

    def label(self, iri: URIRef) -> str:
        return next((c.label for c in self.classes if c.iri == iri), curie(iri))


def kinds(base: Graph) -> set[URIRef]:
    """The top kinds and their named, asserted (not defined) subclasses, without the metaclass kinds."""
    found = {c for root in TOP_KINDS for c in subclasses(base, root) if isinstance(c, URIRef)}
    return {c for c in found if c not in KIND_AS_CLASS_OF and (c, OWL.equivalentClass, None) not in base}


def property_roles(base: Graph) -> tuple[dict[Node, str], list[Problem]]:
    """The role of every property used on a statement record; a property with no role is a problem."""
    roles: dict[Node, str] = dict(BUILT_IN)
    problems = []
    for record in sorted(instances_of(base, Term.STATEMENT)):
        for prop in sorted(set(base.predicates(record)) - set(roles)):
            label = base.value(prop, RDFS.label)
            role = QUALIFIER_ROLES.get(str(label)) if label is not None else None
            if role is None:
                problems.append(Problem(f"statement property {curie(prop)} ('{label}') has no role in the class "
                                        "view: add its label to class_view.QUALIFIER_ROLES",
                                        node=curie(record), check="class view"))
                roles[prop] = BLOCKS
            else:
                roles[prop] = role
    return roles, problems


def licenses_class_axiom(base: Graph, record: Node, roles: dict[Node, str]) -> bool:
    """True when the record states its claim outright: asserted, not negated, nothing that limits it."""
    modality_ok = False
    for prop, value in base.predicate_objects(record):
        role = roles.get(prop, BLOCKS)
        if role == BLOCKS:
            return False
        if role == NEGATION and (not isinstance(value, Literal) or value.toPython() is not False):
            return False
        if role == MODALITY:
            modality_ok = value == Term.ASSERTED
    return modality_ok


def _value(base: Graph, record: Node, roles: dict[Node, str], role: str) -> URIRef | None:
    values = [o for p, o in base.predicate_objects(record) if roles.get(p) == role and isinstance(o, URIRef)]
    return values[0] if len(values) == 1 else None


def _quote(base: Graph, record: Node) -> str | None:
    quote = base.value(record, Term.SOURCE_QUOTE)
    return str(quote) if quote is not None else None


def _statement_axioms(base: Graph, entities: set[Node], roles: dict[Node, str]) -> list[ClassAxiom]:
    """Class axioms from classification statements and characterising symptom statements."""
    axioms = []
    characteristic = [p for p, r in roles.items() if r == CHARACTERISING]
    for kind, relation in ((Term.CLASSIFICATION_STATEMENT, None), (Term.SYMPTOM_STATEMENT, HAS_PHENOTYPE)):
        for record in sorted(instances_of(base, kind)):
            if not licenses_class_axiom(base, record, roles):
                continue
            if relation is not None and not any(base.value(record, p) == Literal(True) for p in characteristic):
                continue
            subject, parent = _value(base, record, roles, SUBJECT), _value(base, record, roles, OBJECT)
            if subject in entities and parent in entities:
                axioms.append(ClassAxiom(subject, parent, Licence(record, _quote(base, record)), relation))
    return axioms


def _kind_of(base: Graph, entity: Node, kind_set: set[URIRef]) -> URIRef | None:
    for t in sorted(base.objects(entity, RDF.type)):
        t = KIND_AS_CLASS_OF.get(t, t)
        if t in kind_set:
            return t
    return None


def _ancestors(base: Graph, cls: URIRef) -> set[Node]:
    return set(base.transitive_objects(cls, RDFS.subClassOf))


def build_class_view(base: Graph, mapping_set: MappingSet | None = None,
                     converter: curies.Converter | None = None) -> ClassView:
    """The class view of the base release graph (and its SSSOM mappings, when given)."""
    roles, problems = property_roles(base)
    if problems:
        raise BuildError("classes", problems)
    kind_set = kinds(base)
    entities = {e for e in domain_entities(base) if _kind_of(base, e, kind_set) is not None}
    axioms = _statement_axioms(base, entities, roles)
    parents_of: dict[Node, list[URIRef]] = {}
    for ax in axioms:
        if ax.relation is None:
            parents_of.setdefault(ax.subject, []).append(ax.parent)
    for entity in sorted(entities):
        kind = _kind_of(base, entity, kind_set)
        said = {_kind_of(base, p, kind_set) for p in parents_of.get(entity, [])}
        if not any(k is not None and kind in _ancestors(base, k) for k in said):
            axioms.append(ClassAxiom(entity, kind, Licence(entity, _quote(base, entity))))
    for kind in sorted(kind_set):
        axioms.extend(ClassAxiom(kind, parent, SCHEMA) for parent in sorted(base.objects(kind, RDFS.subClassOf))
                      if parent in kind_set)
    classes = [_view_class(base, iri, iri in kind_set) for iri in sorted(kind_set | entities)]
    return ClassView(
        version=version_of(base),
        classes=classes,
        axioms=sorted(axioms, key=lambda a: (a.subject, a.relation or "", a.parent, a.licence.record or "")),
        disjoint=_disjoint_kinds(base, kind_set),
        mappings=[m for m in curated_mappings(mapping_set, converter) if m.subject in entities] if mapping_set else [],
        header=_header(base),
    )


def _view_class(base: Graph, iri: URIRef, is_kind: bool) -> ViewClass:
    definition = base.value(iri, DEFINITION)
    return ViewClass(
        iri=iri,
        label=str(base.value(iri, RDFS.label)),
        definition=str(definition) if definition is not None else None,
        synonyms=tuple(sorted(str(s) for s in base.objects(iri, OBOINOWL.hasExactSynonym))),
        quote=_quote(base, iri),
        page=base.value(iri, DCTERMS.source),
        is_kind=is_kind,
    )


def _disjoint_kinds(base: Graph, kind_set: set[URIRef]) -> list[tuple[URIRef, ...]]:
    """The schema's disjointness between kinds, kept where at least two of its kinds are in the view."""
    found = []
    for node in base.subjects(RDF.type, OWL.AllDisjointClasses):
        members = base.value(node, OWL.members)
        kept = tuple(sorted(m for m in base.items(members) if m in kind_set)) if members is not None else ()
        if len(kept) >= 2:
            found.append(kept)
    return sorted(found)


def _header(base: Graph) -> dict[URIRef, list[Node]]:
    """The base header's licence, creator, dates and sources, reused by the class view."""
    node = ontology_node(base)
    keep = (DCTERMS.license, DCTERMS.creator, DCTERMS.created, DCTERMS.source, OWL.versionInfo)
    return {p: sorted(base.objects(node, p)) for p in keep if (node, p, None) in base}
