"""The statement records of a release, read once into typed claims that every export can share.

A claim is one statement record: its kind (the statement class), its participants by role (the object
properties that name entities), its qualifiers (qualifier values and booleans), whether it is negated,
and its provenance (the quote, its page and its page-relative offsets, and the curator-added mark).
Which properties are roles and which are qualifiers is read from the ontology's own declarations: an
object property whose range is a kind of qualifier value, or any data property, is a qualifier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .errors import BuildError, Problem
from .model import is_curator_added, statements, subclasses
from .namespaces import EDITOR_NOTE, SOURCE, Term
from .prefixes import curie

# Properties every record has that are not claim content: how a record is typed, named and sourced.
PROVENANCE = (Term.SOURCE_QUOTE, Term.QUOTE_START, Term.QUOTE_END, SOURCE, Term.CURATOR_ADDED, EDITOR_NOTE)
FIXED_FIELDS = (RDF.type, RDFS.label, Term.NEGATED, *PROVENANCE)

Value = URIRef | Literal
Pairs = tuple[tuple[URIRef, Value], ...]


@dataclass(frozen=True)
class Claim:
    """One statement record."""

    iri: URIRef
    kind: URIRef
    label: str
    participants: Pairs  # (role property, entity), sorted
    qualifiers: Pairs  # (qualifier property, value), sorted
    negated: bool
    quote: str
    page: URIRef | None  # None for a curator-added record
    start: int
    end: int
    curator_added: bool = False
    note: str = ""

    def values(self, prop: URIRef) -> tuple[Value, ...]:
        """Every value of `prop` on this record, participant or qualifier."""
        return tuple(v for p, v in (*self.participants, *self.qualifiers) if p == prop)

    def value(self, prop: URIRef) -> Value | None:
        found = self.values(prop)
        return found[0] if found else None

    @property
    def modality(self) -> URIRef | None:
        return self.value(Term.MODALITY)

    @property
    def hedged(self) -> bool:
        """True for a claim the source states as a possibility ("may", "can")."""
        return self.modality == Term.POSSIBLE

    @property
    def plain_fact(self) -> bool:
        """Whether the claim may be written as a bare fact: asserted, and not negated (the ontology's class
        plain-fact statement, whose records alone yield direct links)."""
        return self.modality == Term.ASSERTED and not self.negated

    def fields(self) -> dict[str, object]:
        """The record as comparable fields: what a round trip must give back (see `exchange.mapping`)."""
        found: dict[str, object] = {"iri": self.iri, "kind": self.kind, "label": self.label,
                                    "negated": self.negated, "quote": self.quote, "page": self.page,
                                    "start": self.start, "end": self.end, "curator_added": self.curator_added,
                                    "note": self.note}
        for prop, value in (*self.participants, *self.qualifiers):
            found.setdefault(str(prop), set()).add(value)  # type: ignore[union-attr]
        return {k: frozenset(v) if isinstance(v, set) else v for k, v in found.items()}


@dataclass(frozen=True)
class Entity:
    """A domain entity or qualifier value a claim names: its label, asserted classes and exact matches."""

    iri: URIRef
    label: str
    classes: tuple[URIRef, ...]
    exact_matches: tuple[URIRef, ...] = ()
    curator_added: bool = False


@dataclass(frozen=True)
class DirectRelation:
    """A direct property the ontology derives from records:
    `prop` ⊒ inverse(`subject_role`) ∘ `gate` ∘ `object_role`, where `gate` is the rolification property of a
    class of records (`C ⊑ ∃gate.Self`): the chain reaches only records of that class (plain-fact statements)."""

    prop: URIRef
    subject_role: URIRef
    object_role: URIRef
    gate: URIRef | None = None

    def proposition(self, claim: Claim) -> list[tuple[URIRef, URIRef, URIRef]]:
        """The direct triples the record's content amounts to, whether or not the source states it outright
        (the triple a hedged record reifies without asserting it); none when a role is missing."""
        return [(s, self.prop, o) for s in iris(claim.values(self.subject_role))
                for o in iris(claim.values(self.object_role))]

    def triples(self, claim: Claim) -> list[tuple[URIRef, URIRef, URIRef]]:
        """The direct triples the ontology derives from `claim`: its proposition if the chain's gate admits it."""
        return self.proposition(claim) if self.gate is None or claim.plain_fact else []


@dataclass(frozen=True)
class ClaimSet:
    """Every claim of a release, the entities and values they name, and the release's own metadata."""

    claims: tuple[Claim, ...]
    entities: dict[URIRef, Entity]
    roles: frozenset[URIRef]
    qualifiers: frozenset[URIRef]
    version: str  # owl:versionInfo, the release date: every export is dated by it (not dcterms:created,
    # the date the ontology was first made)
    creator: str
    license: URIRef
    relations: tuple[DirectRelation, ...] = ()
    classes: dict[URIRef, tuple[str, tuple[URIRef, ...]]] = field(default_factory=dict)  # label, superclasses
    property_labels: dict[URIRef, str] = field(default_factory=dict)

    def direct_triples(self, claim: Claim) -> list[tuple[URIRef, URIRef, URIRef]]:
        """The direct link(s) the property chains derive from a record, sorted: none unless it is a plain fact."""
        return sorted({t for r in self.relations for t in r.triples(claim)})

    def proposition_triples(self, claim: Claim) -> list[tuple[URIRef, URIRef, URIRef]]:
        """The direct triple(s) a record is about, sorted, hedged or negated or not (for reification)."""
        return sorted({t for r in self.relations for t in r.proposition(claim)})

    def claim(self, iri: URIRef) -> Claim:
        return next(c for c in self.claims if c.iri == iri)

    def label(self, node: Node) -> str:
        entity = self.entities.get(node)  # type: ignore[arg-type]
        return entity.label if entity else str(node)


def record_properties(graph: Graph) -> set[URIRef]:
    """Every predicate used on a statement record in `graph` (the set the mapping tables must cover)."""
    return {p for s in statements(graph) for p in graph.predicates(s) if isinstance(p, URIRef)}


def statement_kinds(graph: Graph) -> set[URIRef]:
    """Every statement class a record in `graph` is asserted to be."""
    kinds = subclasses(graph, Term.STATEMENT)
    return {k for s in statements(graph) for k in graph.objects(s, RDF.type) if k in kinds and k != Term.STATEMENT}


def _qualifier_properties(graph: Graph) -> set[URIRef]:
    """Data properties, and object properties whose range is a kind of qualifier value."""
    values = subclasses(graph, Term.QUALIFIER_VALUE)
    found = {p for p in graph.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)}
    found |= {p for p in graph.subjects(RDF.type, OWL.ObjectProperty)
              if isinstance(p, URIRef) and graph.value(p, RDFS.range) in values}
    return found


def _kind_of(graph: Graph, node: Node, kinds: set[Node]) -> URIRef:
    """The most specific asserted statement class of a record."""
    asserted = [k for k in graph.objects(node, RDF.type) if k in kinds]
    specific = [k for k in asserted if not any(o != k and o in subclasses(graph, k) for o in asserted)]
    return sorted(specific or [Term.STATEMENT])[0]  # type: ignore[return-value]


def direct_relations(graph: Graph) -> tuple[DirectRelation, ...]:
    """Read from the ontology's property chains over statement roles, `P ⊒ inverse(role) ∘ role'` or, through
    a rolification property, `P ⊒ inverse(role) ∘ gate ∘ role'`. A gate must be the plain-fact statement's
    (the one class of records `Claim.plain_fact` decides): any other stops here rather than be misread."""
    roles = {p for p in graph.subjects(RDFS.domain, None)
             if graph.value(p, RDFS.domain) in subclasses(graph, Term.STATEMENT)}
    inverse = {a: b for a, b in graph.subject_objects(OWL.inverseOf)} | \
              {b: a for a, b in graph.subject_objects(OWL.inverseOf)}
    gates = {p: cls for r in graph.subjects(OWL.hasSelf, None) for p in graph.objects(r, OWL.onProperty)
             for cls in graph.subjects(RDFS.subClassOf, r)}
    found = []
    for prop, chain in graph.subject_objects(OWL.propertyChainAxiom):
        steps = list(Collection(graph, chain))
        first, last, middle = steps[0], steps[-1], steps[1:-1]
        if inverse.get(first) not in roles or last not in roles or len(middle) > 1:
            continue
        gate = middle[0] if middle else None
        if gate is not None and gates.get(gate) != Term.PLAIN_FACT_STATEMENT:
            raise BuildError("claims", [Problem(f"the property chain of {curie(prop)} passes through {curie(gate)}, "
                                                "which is not the rolification of plain-fact statement: the "
                                                "exports cannot tell which records it admits", node=curie(prop))])
        found.append(DirectRelation(prop, inverse[first], last, gate))
    return tuple(sorted(found, key=lambda r: (r.prop, r.subject_role, r.object_role)))


def _entity(graph: Graph, node: URIRef) -> Entity:
    classes = tuple(sorted(c for c in graph.objects(node, RDF.type) if c != OWL.NamedIndividual
                           and isinstance(c, URIRef)))
    matches = tuple(sorted(m for m in graph.objects(node, SKOS.exactMatch) if isinstance(m, URIRef)))
    return Entity(node, str(graph.value(node, RDFS.label) or ""), classes, matches, is_curator_added(graph, node))


def read_claims(graph: Graph) -> ClaimSet:
    """Every statement record of a release graph, sorted by IRI, with the entities and values it names."""
    from .release import ontology_node, version_of

    kinds = subclasses(graph, Term.STATEMENT)
    qualifier_props = _qualifier_properties(graph)
    claims, named = [], set()
    for node in sorted(n for n in statements(graph) if isinstance(n, URIRef)):
        participants, qualifiers = [], []
        for prop, value in graph.predicate_objects(node):
            if prop in FIXED_FIELDS or not isinstance(prop, URIRef):
                continue
            (qualifiers if prop in qualifier_props else participants).append((prop, value))
            if isinstance(value, URIRef):
                named.add(value)
        negated = graph.value(node, Term.NEGATED)
        claims.append(Claim(
            iri=node, kind=_kind_of(graph, node, kinds), label=str(graph.value(node, RDFS.label) or ""),
            participants=tuple(sorted(participants)), qualifiers=tuple(sorted(qualifiers)),
            negated=bool(negated is not None and negated.toPython() is True),
            quote=str(graph.value(node, Term.SOURCE_QUOTE) or ""), page=graph.value(node, SOURCE),
            start=int(graph.value(node, Term.QUOTE_START) or 0), end=int(graph.value(node, Term.QUOTE_END) or 0),
            curator_added=is_curator_added(graph, node), note=str(graph.value(node, EDITOR_NOTE) or "")))
    header = ontology_node(graph)
    entities = {n: _entity(graph, n) for n in sorted(named)}
    used = {c for e in entities.values() for c in e.classes} | {c.kind for c in claims}
    classes = {}
    while used:
        cls = used.pop()
        supers = tuple(sorted(s for s in graph.objects(cls, RDFS.subClassOf) if isinstance(s, URIRef)))
        classes[cls] = (str(graph.value(cls, RDFS.label) or ""), supers)
        used |= set(supers) - set(classes)
    return ClaimSet(tuple(claims), entities,
                    frozenset(p for c in claims for p, _ in c.participants),
                    frozenset(p for c in claims for p, _ in c.qualifiers),
                    version_of(graph), str(graph.value(header, DCTERMS.creator) or ""),
                    graph.value(header, DCTERMS.license),
                    direct_relations(graph), dict(sorted(classes.items())),
                    {p: str(graph.value(p, RDFS.label) or "") for p in sorted(record_properties(graph))})


def iris(values: Iterable[Value]) -> list[URIRef]:
    return sorted(v for v in values if isinstance(v, URIRef))
