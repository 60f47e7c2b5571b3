"""The readable JSON-LD context: a camelCase key for every class and property, derived from its own label.

The opaque IRIs stay the identifiers (`"id": "MYO:0001065"`); only the keys become words (`hasSymptom`,
`sourceQuote`). Everything is derived from the release and the shapes, so a property added to the ontology
gets its key, its value shape and its cardinality without an edit here:

* the key is the label in camelCase (classes capitalised, as schema.org writes them); a term without a label
  is named by its local name when it belongs to RDF, RDFS, OWL or XSD, and is an error otherwise;
* `@type: @id` where every value is an IRI, `@container: @list` where every value is an RDF list, the datatype
  where every value has one, `@language: null` where values are plain strings (the default is English);
* `@container: @set` (always an array) unless the property is functional, or a SHACL property shape caps it
  at one value and no node of the release has two.

Two terms whose labels give the same key are an error naming both; `KEY_OVERRIDES` is the one place where a
reused term is given another key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .cache import Cache
from .errors import BuildError, Problem
from .memo import Memo
from .namespaces import DEFINITION, SH
from .prefixes import RELEASE_PREFIXES, curie
from .serialize import jsonld as prefixed_jsonld
from .serialize import jsonld_context

CONTEXT_FILE = "myo-readable-context.jsonld"
READABLE_SUFFIX = ".readable.jsonld"
LANGUAGE = "en"
# Reused terms whose labels collide with another term's: the key each gets instead.
KEY_OVERRIDES: dict[URIRef, str] = {
    SKOS.definition: "skosDefinition",  # IAO:0000115 keeps `definition`; both carry the same text
}
# Vocabularies whose terms are named by their local name when the release gives them no label.
STANDARD_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
LIST_PLUMBING = {RDF.first, RDF.rest}  # written with JSON-LD's own @list syntax, never as keys
INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger,
                 XSD.negativeInteger, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.unsignedInt, XSD.unsignedLong,
                 XSD.unsignedShort, XSD.unsignedByte}
KEYWORD_KEYS = {"id": "@id", "type": "@type"}
FIRST_KEYS = ("@context", "id", "type", "label", "definition")


@dataclass(frozen=True)
class ValueShape:
    """How a property's values are written: the term's @type, @language and @container."""

    coerce: str | None = None          # "@id" or a datatype CURIE
    plain_strings: bool = False        # @language: null
    language: str | None = None        # a language other than the default
    container: str | None = None       # "@set" or "@list"
    datatype: URIRef | None = None     # the values' datatype, when they all have one
    lists: bool = False                # the values are RDF lists

    @property
    def is_reference(self) -> bool:
        return self.coerce == "@id"


@dataclass(frozen=True)
class KeyTerm:
    """One class or property with its JSON key."""

    iri: URIRef
    key: str
    is_class: bool
    label: str | None
    definition: str | None
    shape: ValueShape = ValueShape()
    object_property: bool = False

    def definition_entry(self) -> str | dict:
        """The term's entry in the @context."""
        target = curie(self.iri)
        if self.is_class:
            return target
        entry: dict[str, object] = {"@id": target}
        if self.shape.coerce:
            entry["@type"] = self.shape.coerce
        if self.shape.plain_strings:
            entry["@language"] = None
        elif self.shape.language:
            entry["@language"] = self.shape.language
        if self.shape.container:
            entry["@container"] = self.shape.container
        return entry if len(entry) > 1 else target


def camel_case(label: str, capitalise: bool) -> str:
    """'has treatment rank' → hasTreatmentRank; 'drug class' → DrugClass (capitalised, for classes)."""
    words = re.findall(r"[A-Za-z0-9]+", label.replace("'", "").replace("\u2019", ""))
    if not words:
        return ""
    first = words[0]
    first = (first[0].upper() if capitalise else first[0].lower()) + first[1:]
    return first + "".join(w[0].upper() + w[1:] for w in words[1:])


class ReadableVocabulary:
    """The key of every class and property of a release, and the @context that declares them."""

    def __init__(self, terms: list[KeyTerm]) -> None:
        self.terms = sorted(terms, key=lambda t: t.key)
        self.by_iri = {t.iri: t for t in self.terms}
        self.by_key = {t.key: t for t in self.terms}

    def key(self, iri: Node) -> str:
        return self.by_iri[iri].key

    def properties(self) -> list[KeyTerm]:
        return [t for t in self.terms if not t.is_class]

    def classes(self) -> list[KeyTerm]:
        return [t for t in self.terms if t.is_class]

    def integer_keys(self) -> set[str]:
        return {t.key for t in self.properties() if t.shape.datatype in INTEGER_TYPES}

    def context(self) -> dict:
        """The @context: JSON-LD 1.1, English by default, the prefixes, id/type, then every term by key."""
        context: dict[str, object] = {"@version": 1.1, "@language": LANGUAGE}
        context.update(jsonld_context()["@context"])
        context["id"] = "@id"
        context["type"] = {"@id": "@type", "@container": "@set"}
        for term in self.terms:
            context[term.key] = term.definition_entry()
        return context


def _first_text(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    values = sorted(graph.objects(node, predicate), key=lambda v: (getattr(v, "language", None) != LANGUAGE, str(v)))
    return str(values[0]) if values else None


def _is_list(graph: Graph, node: Node) -> bool:
    return node == RDF.nil or (isinstance(node, BNode) and (node, RDF.first, None) in graph)


def _value_shape(graph: Graph, prop: URIRef, repeats: bool) -> tuple[ValueShape, Problem | None]:
    """How every value of `prop` in the release is written; a Problem when they differ in kind."""
    kinds: set[tuple[str, object]] = set()
    for value in graph.objects(None, prop):
        if _is_list(graph, value):
            kinds.add(("list", None))
        elif isinstance(value, Literal):
            if value.language:
                kinds.add(("language", value.language))
            elif value.datatype is None or value.datatype == XSD.string:
                kinds.add(("plain", None))
            else:
                kinds.add(("datatype", value.datatype))
        else:
            kinds.add(("id", None))
    if not kinds:
        kinds = {_declared_kind(graph, prop)}
    if len(kinds) > 1 and str(prop).startswith(str(OWL)) and ("list", None) not in kinds:
        # OWL's own vocabulary: owl:hasValue takes an individual or a literal ("negated" value false), so the
        # term coerces nothing and each value says what it is ({"id": ...} or a JSON value)
        return ValueShape(container=None if not repeats else "@set"), None
    if len(kinds) > 1:
        found = ", ".join(sorted(f"{k}{' ' + curie(v) if isinstance(v, URIRef) else ' ' + v if v else ''}"
                                 for k, v in kinds))
        return ValueShape(), Problem(f"its values are of several kinds ({found}), so no one JSON-LD term can "
                                     "write them all", node=curie(prop), check="readable context")
    kind, detail = kinds.pop()
    container = None if not repeats else "@set"
    if kind == "list":  # a plain array; where one node has several lists (OWL property chains), {"@list": [...]}
        several = any(len(set(graph.objects(s, prop))) > 1 for s in set(graph.subjects(prop, None)))
        return ValueShape(coerce="@id", container=None if several else "@list", lists=True), None
    if kind == "id":
        return ValueShape(coerce="@id", container=container), None
    if kind == "plain":
        return ValueShape(plain_strings=True, container=container), None
    if kind == "language":
        return ValueShape(language=None if detail == LANGUAGE else str(detail), container=container), None
    datatype = URIRef(str(detail))
    coerce = None if datatype == XSD.boolean else curie(datatype)  # booleans are JSON's own true/false
    return ValueShape(coerce=coerce, container=container, datatype=datatype), None


def _declared_kind(graph: Graph, prop: URIRef) -> tuple[str, object]:
    """For a property the release declares but never uses: its kind from the declaration."""
    if (prop, RDF.type, OWL.ObjectProperty) in graph:
        return ("id", None)
    ranges = [r for r in graph.objects(prop, RDFS.range) if str(r).startswith(str(XSD)) and r != XSD.string]
    return ("datatype", ranges[0]) if ranges else ("language", LANGUAGE)


def _single_valued(graph: Graph, shapes: Graph | None) -> set[Node]:
    """Properties written as one value, not an array: functional ones, and those some SHACL property shape
    caps at one value, unless a node of the release has two of them (the ontology header has two sources)."""
    single = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
    if shapes is not None:
        capped = {path for shape, path in shapes.subject_objects(SH.path)
                  if isinstance(path, URIRef) and (limit := shapes.value(shape, SH.maxCount)) is not None
                  and int(limit) <= 1}
        single |= {p for p in capped
                   if all(len(set(graph.objects(s, p))) <= 1 for s in set(graph.subjects(p, None)))}
    return single


def _named(graph: Graph) -> tuple[set[Node], set[Node]]:
    """The classes and the properties that need a key: declared in the release, or used in it."""
    classes = {c for c in graph.objects(None, RDF.type) if isinstance(c, URIRef)}
    classes |= {c for kind in (OWL.Class, RDFS.Class) for c in graph.subjects(RDF.type, kind) if isinstance(c, URIRef)}
    properties = {p for p in graph.predicates() if p not in LIST_PLUMBING and p != RDF.type}
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    properties |= {p for kind in kinds for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)}
    return classes, properties


def readable_vocabulary(graph: Graph, shapes: Graph | None = None) -> ReadableVocabulary:
    """Derive every key from `graph` (the full release); BuildError naming the terms at fault."""
    classes, properties = _named(graph)
    single = _single_valued(graph, shapes)
    problems: list[Problem] = []
    terms: list[KeyTerm] = []
    for iri in sorted(classes | properties):
        is_class = iri in classes
        if is_class and iri in properties:
            problems.append(Problem("is used both as a class and as a property", node=curie(iri),
                                    check="readable context"))
            continue
        label = _first_text(graph, iri, RDFS.label)
        key = KEY_OVERRIDES.get(iri) or (camel_case(label, is_class) if label else None)
        if not key and str(iri).startswith(STANDARD_VOCABULARIES):
            key = re.split(r"[#/]", str(iri))[-1]
        if not key:
            problems.append(Problem("has no label, so it has no readable JSON key: give it an rdfs:label",
                                    node=curie(iri), check="readable context"))
            continue
        shape = ValueShape()
        if not is_class:
            shape, problem = _value_shape(graph, iri, repeats=iri not in single)
            if problem:
                problems.append(problem)
        terms.append(KeyTerm(iri, key, is_class, label, _first_text(graph, iri, DEFINITION),
                             shape, (iri, RDF.type, OWL.ObjectProperty) in graph))
    problems += _collisions(terms)
    if problems:
        raise BuildError("readable context", problems)
    return ReadableVocabulary(terms)


def _collisions(terms: list[KeyTerm]) -> list[Problem]:
    """Two terms with one key, or a key that is a reserved word or prefix: one Problem naming both."""
    reserved = {**{k: f"the JSON-LD keyword alias '{k}'" for k in KEYWORD_KEYS},
                **{p: f"the prefix '{p}'" for p in RELEASE_PREFIXES}}
    seen: dict[str, KeyTerm] = {}
    problems = []
    for term in terms:
        clash = seen.get(term.key)
        if clash is not None:
            problems.append(Problem(
                f"its label gives the JSON key '{term.key}', as the label of {curie(clash.iri)} "
                f"('{clash.label}') does: change one label, or give one a key in KEY_OVERRIDES (readable.py)",
                node=f"'{term.label}' ({curie(term.iri)})", check="readable context"))
        elif term.key in reserved:
            problems.append(Problem(f"its label gives the JSON key '{term.key}', which is {reserved[term.key]}",
                                    node=f"'{term.label}' ({curie(term.iri)})", check="readable context"))
        seen.setdefault(term.key, term)
    return problems


# ----------------------------------------------------------------------------------------- documents
def ordered(value: object, integer_keys: set[str], key: str | None = None) -> object:
    """Keys in a stable, readable order (id, type, label, definition, then A-Z); integer values as numbers."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (FIRST_KEYS.index(k) if k in FIRST_KEYS else len(FIRST_KEYS), k))
        return {k: value[k] if k == "@context" else ordered(value[k], integer_keys, k) for k in keys}
    if isinstance(value, list):
        return [ordered(v, integer_keys, key) for v in value]
    if key in integer_keys and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def compact(document: dict, context: dict) -> dict:
    """pyld's compaction of a JSON-LD document against `context` (nothing is fetched: contexts are inline)."""
    from pyld import jsonld as pyld  # here: 0.07 s to import, needed by the readable JSON's stage alone

    return pyld.compact(document, {"@context": context}, {"documentLoader": no_loading})


def no_loading(url: str, options: dict | None = None) -> dict:
    """pyld's document loader: nothing is fetched, every context is inline."""
    raise BuildError("readable JSON-LD", [Problem(f"refusing to fetch {url}: every context is inline")])


def dump(document: dict) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def compaction_cache(folder: Path | None) -> Cache:
    """pyld's compactions of nodes and documents: keyed by the context, pyld's version and this code."""
    return Cache(folder, tools=("pyld", "rdflib", "pyoxigraph"),  # pyoxigraph: the documents' check asks it
                 modules=(__name__, "myoclonus_ontology.serialize", "myoclonus_ontology.memo",
                          "myoclonus_ontology.disorder_json", "myoclonus_ontology.queries",
                          "myoclonus_ontology.graph_io"))


def readable_jsonld(graph: Graph, vocabulary: ReadableVocabulary, cache: Path | None = None) -> bytes:
    """The release as compact JSON-LD with readable keys: each node of the prefixed document compacted by pyld
    (a node's compaction depends on it and the context alone: a node an edit leaves as it was is reused)."""
    context = vocabulary.context()
    prefixed = json.loads(prefixed_jsonld(graph))
    prefixes = {k: v for k, v in prefixed.items() if k != "@graph"}
    memo = Memo(compaction_cache(cache), "readable nodes", json.dumps([prefixes, context], sort_keys=True))
    nodes = [memo.value(json.dumps(node, sort_keys=True), lambda node=node: _compact_node(node, prefixes, context))
             for node in prefixed.get("@graph", [])]
    memo.save()
    return dump(ordered({"@context": context, "@graph": nodes}, vocabulary.integer_keys()))


def _compact_node(node: dict, prefixes: dict, context: dict) -> dict:
    compacted = compact({**prefixes, **node}, context)
    compacted.pop("@context", None)
    return compacted


def context_document(vocabulary: ReadableVocabulary) -> bytes:
    return dump({"@context": vocabulary.context()})
