"""One JSON document per disorder (build/json/<slug>.json), with the JSON Schema they all meet.

A document is the disorder's node in readable JSON-LD: its own properties, then one array per kind of
statement (`symptomStatements`, `treatmentStatements`, ...) holding every claim of the source that names the
disorder, each with its qualifiers, quote, offsets and page, and the `axioms` that mark curator-added facts
about them. Entities and qualifier values a claim points at are embedded with their id, types and label.

The arrays are aliases of JSON-LD's `@included`, so each document is plain JSON to a web developer and linked
data to a JSON-LD processor: it expands to triples that are all in the full release. The sections, keys,
shapes and the schema are all derived from the ontology (the readable vocabulary and the statement classes):
a new statement class or property appears in every document and in the schema without an edit here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from .errors import BuildError, Problem
from .graph_io import to_oxigraph
from .memo import Memo
from .model import statements, subclasses
from .namespaces import Term
from .prefixes import curie
from .queries import store_of
from .readable import INTEGER_TYPES, KeyTerm, ReadableVocabulary, compact, compaction_cache, dump, no_loading, ordered
from .serialize import JsonLdWriter, jsonld_context

FOLDER = "json"
SCHEMA_FILE = "disorder.schema.json"
SCHEMA_ID = "https://w3id.org/myoclonus-ontology/json/disorder.schema.json"
AXIOM_SECTION = "axioms"


@dataclass(frozen=True)
class Section:
    """One array of a document: the statements whose most specific class is `cls` (or the axioms)."""

    key: str
    cls: URIRef


def slug(label: str) -> str:
    """'Alzheimer's disease' → alzheimers-disease."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower().replace("'", "").replace("\u2019", "")).strip("-")


def sections(full: Graph, vocabulary: ReadableVocabulary) -> list[Section]:
    """A section per kind of statement (`SymptomStatement` → symptomStatements), in IRI order, then the axioms.
    Defined classes (plain-fact statement) are the reasoner's views across the kinds, not kinds: no section."""
    found = [Section(_plural(vocabulary.key(c)), c) for c in sorted(subclasses(full, Term.STATEMENT))
             if isinstance(c, URIRef) and (c, OWL.equivalentClass, None) not in full]
    found.append(Section(AXIOM_SECTION, OWL.Axiom))
    problems = [Problem(f"the section key '{s.key}' of the disorder documents is also a key of the readable "
                        "context", node=curie(s.cls), check="disorder documents")
                for s in found if s.key in vocabulary.by_key]
    if problems:
        raise BuildError("disorder documents", problems)
    return found


def _plural(key: str) -> str:
    return key[0].lower() + key[1:] + "s"


def disorders(full: Graph) -> list[URIRef]:
    """Every disorder some statement names (by an object property), by IRI."""
    links = object_properties(full)
    named = {o for s in statements(full) for p, o in full.predicate_objects(s) if p in links}
    return sorted(d for d in full.subjects(RDF.type, Term.DISORDER) if isinstance(d, URIRef) and d in named)


def object_properties(full: Graph) -> set[Node]:
    return set(full.subjects(RDF.type, OWL.ObjectProperty))


def statements_naming(full: Graph, disorder: URIRef) -> list[Node]:
    """The statements that point at the disorder by some object property (about condition, research topic, ...)."""
    links = object_properties(full)
    claims = statements(full)
    return sorted({s for s, p in full.subject_predicates(disorder) if s in claims and p in links})


def axioms_on(full: Graph, sources: set[Node]) -> list[Node]:
    """The owl:Axiom annotations (curator-added marks) of triples whose subject is one of `sources`."""
    return [a for a in full.subjects(RDF.type, OWL.Axiom) if full.value(a, OWL.annotatedSource) in sources]


def document_context(vocabulary: ReadableVocabulary, parts: list[Section]) -> dict:
    """The readable context plus one `@included` alias per section."""
    return {**vocabulary.context(), **{s.key: "@included" for s in parts}}


class DocumentBuilder:
    """Builds each disorder's document from the full release."""

    def __init__(self, full: Graph, vocabulary: ReadableVocabulary) -> None:
        self.full = full
        self.vocabulary = vocabulary
        self.writer = JsonLdWriter(full)
        self.links = object_properties(full)
        self.sections = sections(full, vocabulary)
        self.section_of_class = {s.cls: s for s in self.sections}
        self.below = {s.cls: subclasses(full, s.cls) - {s.cls} for s in self.sections}

    def types(self, node: Node) -> list[str]:
        return sorted(self.writer.compact(t) for t in self.full.objects(node, RDF.type) if t != OWL.NamedIndividual)

    def reference(self, node: Node) -> dict:
        """An entity a claim points at: its id, its types and its label."""
        stub: dict[str, object] = {"@id": self.writer.node_id(node), "@type": self.types(node)}
        label = self.full.value(node, RDFS.label)
        if label is not None:
            stub["rdfs:label"] = self.writer.value(label)
        return stub

    def node(self, node: Node) -> dict:
        """Every triple of `node` (but owl:NamedIndividual), object-property values as references."""
        obj: dict[str, object] = {} if isinstance(node, BNode) else {"@id": self.writer.node_id(node)}
        obj["@type"] = self.types(node)
        for p in sorted({p for p in self.full.predicates(node) if p != RDF.type}):
            values = sorted(self.full.objects(node, p))
            obj[self.writer.compact(p)] = [
                self.reference(v) if p in self.links and isinstance(v, URIRef) else self.writer.value(v)
                for v in values]
        return obj

    def section_of(self, statement: Node) -> Section:
        """The section of a statement's most specific statement class (the first by IRI if several)."""
        classes = {c for c in self.full.objects(statement, RDF.type) if c in self.section_of_class}
        return self.section_of_class[min(c for c in classes if not classes & self.below[c])]

    def document(self, disorder: URIRef) -> dict:
        return self.compacted(self.source(disorder))

    def source(self, disorder: URIRef) -> dict:
        """All a document is made of: the disorder's node, every claim naming it and the axioms on them (prefixed
        JSON-LD), and the section each claim goes in. Its document, and the document's check against the
        release, depend on nothing else of the release (the code, pyld and Oxigraph are in the cache's key),
        so a kept document whose source is unchanged needs neither again."""
        claims = statements_naming(self.full, disorder)
        axioms = sorted(axioms_on(self.full, {disorder, *claims}),
                        key=lambda a: tuple(str(self.full.value(a, p)) for p in
                                            (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)))
        return {"jsonld": {**jsonld_context(), **self.node(disorder),
                           "@included": [self.node(n) for n in [*claims, *axioms]]},
                "sections": {self.writer.node_id(c): self.section_of(c).key for c in claims}}

    def compacted(self, source: dict) -> dict:
        """The document: the source compacted by pyld, its claims grouped into their sections."""
        compacted = compact(source["jsonld"], self.vocabulary.context())
        compacted.pop("@context", None)
        included = compacted.pop("@included", [])
        grouped: dict[str, list] = {s.key: [] for s in self.sections}
        for item in included if isinstance(included, list) else [included]:
            grouped[source["sections"].get(item.get("id"), AXIOM_SECTION)].append(item)
        body = ordered(compacted, self.vocabulary.integer_keys())
        return {"@context": document_context(self.vocabulary, self.sections), **body,
                **{key: ordered(items, self.vocabulary.integer_keys()) for key, items in grouped.items()}}


def disorder_documents(full: Graph, vocabulary: ReadableVocabulary) -> dict[str, tuple[URIRef, dict]]:
    """slug → (disorder, document); two disorders whose labels give one slug are an error naming both."""
    builder = DocumentBuilder(full, vocabulary)
    return {name: (disorder, builder.document(disorder)) for name, disorder in document_names(full).items()}


def document_names(full: Graph) -> dict[str, URIRef]:
    """slug → disorder; two disorders whose labels give one slug are an error naming both."""
    names: dict[str, URIRef] = {}
    problems = []
    for disorder in disorders(full):
        name = slug(str(full.value(disorder, RDFS.label) or curie(disorder).replace(":", "-")))
        if name in names:
            problems.append(Problem(f"its label gives the file name json/{name}.json, as the label of "
                                    f"{curie(names[name])} does", node=curie(disorder), check="disorder documents"))
            continue
        names[name] = disorder
    if problems:
        raise BuildError("disorder documents", problems)
    return names


# --------------------------------------------------------------------------------------------- schema
def _value_schema(term: KeyTerm) -> dict:
    shape = term.shape
    if shape.lists and shape.container is None:  # {"@list": [...]}, or an array of them
        one: dict = {"type": ["object", "array"]}
    elif shape.lists:
        one = {"type": "array", "items": {"type": "string"}}
    elif shape.is_reference:
        one = {"$ref": "#/$defs/reference"} if term.object_property else {"type": "string"}
    elif shape.datatype == XSD.boolean:
        one = {"type": "boolean"}
    elif shape.datatype in INTEGER_TYPES:
        one = {"type": "integer"}
        if shape.datatype in (XSD.nonNegativeInteger, XSD.positiveInteger, XSD.unsignedInt, XSD.unsignedLong):
            one["minimum"] = 0 if shape.datatype != XSD.positiveInteger else 1
    elif shape.datatype == XSD.date:
        one = {"type": "string", "format": "date"}
    else:
        one = {"type": "string"}
    schema = ({"type": "array", "items": one, "uniqueItems": True} if shape.container == "@set" else one)
    return {"title": term.label or term.key, **({"description": term.definition} if term.definition else {}),
            "$comment": f"{curie(term.iri)} ({term.iri})", **schema}


def document_schema(vocabulary: ReadableVocabulary, parts: list[Section]) -> dict:
    """A JSON Schema (draft 2020-12) for the disorder documents, derived from the readable vocabulary."""
    keys = {t.iri: t.key for t in vocabulary.terms}
    types = {"type": "array", "uniqueItems": True, "items": {"enum": sorted(t.key for t in vocabulary.classes())}}
    provenance = [keys[p] for p in (Term.SOURCE_QUOTE, Term.QUOTE_START, Term.QUOTE_END) if p in keys]
    statement_sections = [s.key for s in parts if s.key != AXIOM_SECTION]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "A disorder of the Myoclonus Ontology with every claim of the NINDS pages that names it",
        "description": "build/json/<disorder>.json: readable JSON-LD. Every key is a term of the readable context "
                       "(myo-readable-context.jsonld); the statement arrays are aliases of @included. Values "
                       "that may repeat are always arrays; functional ones never are.",
        "$ref": "#/$defs/node",
        "properties": {
            "@context": {"type": "object", "description": "The readable context, inline: nothing is fetched."},
            **{k: {"type": "array", "items": {"$ref": "#/$defs/statement"},
                   "description": f"The claims whose most specific class is {k[:-1]}."} for k in statement_sections},
            AXIOM_SECTION: {"type": "array", "items": {"$ref": "#/$defs/axiom"},
                            "description": "OWL axiom annotations: the curator-added marks, with their reasons."},
        },
        "required": ["@context", "id", "type", "label", *[s.key for s in parts]],
        "unevaluatedProperties": False,
        "$defs": {
            "types": types,
            "reference": {
                "type": "object", "description": "An entity or qualifier value a claim points at.",
                "properties": {"id": {"type": "string"}, "type": {"$ref": "#/$defs/types"},
                               "label": {"type": "string"}},
                "required": ["id", "type", "label"], "additionalProperties": False},
            "node": {
                "type": "object",
                "properties": {"id": {"type": "string", "description": "The term's IRI, as a CURIE (MYO:0001065)."},
                               "type": {"$ref": "#/$defs/types"},
                               **{t.key: _value_schema(t) for t in vocabulary.properties()}}},
            "statement": {
                "$ref": "#/$defs/node", "required": ["id", "type", "label"],
                "anyOf": [{"required": provenance},
                          {"required": [keys[Term.CURATOR_ADDED]],
                           "properties": {keys[Term.CURATOR_ADDED]: {"const": True}}}],
                "unevaluatedProperties": False},
            "axiom": {
                "$ref": "#/$defs/node",
                "required": ["type", *(keys[p] for p in (OWL.annotatedSource, OWL.annotatedProperty,
                                                          OWL.annotatedTarget))],
                "unevaluatedProperties": False},
        },
    }


# ------------------------------------------------------------------------------------------ checking
def document_graph(document: dict) -> Graph:
    """The triples a JSON-LD processor (pyld) reads from a document."""
    from pyld import jsonld as pyld  # here: 0.07 s to import, needed by the readable JSON's stage alone

    nquads = pyld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_loading})
    return Graph().parse(data=nquads, format="nt")


def expected_graph(full: Graph, disorder: URIRef) -> Graph:
    """What a document must hold: every triple of the disorder, of each statement naming it, and of the axioms
    on them (owl:NamedIndividual types aside)."""
    claims = statements_naming(full, disorder)
    expected = Graph()
    for node in [disorder, *claims, *axioms_on(full, {disorder, *claims})]:
        for p, o in full.predicate_objects(node):
            if (p, o) != (RDF.type, OWL.NamedIndividual):
                expected.add((node, p, o))
    return expected


def uncovered(part: Graph, whole: Graph, store: ox.Store | None = None) -> list[tuple[Node, list]]:
    """The subjects of `part` with triples `whole` lacks; a blank node's triples must match some node's together
    (asked of `store`, `whole` in Oxigraph, made here when not given)."""
    missing: dict[Node, list] = {}
    for s, p, o in part:
        if not isinstance(s, BNode) and not isinstance(o, BNode) and (s, p, o) not in whole:
            missing.setdefault(s, []).append((s, p, o))
    for node in sorted({s for s in part.subjects() if isinstance(s, BNode)}):
        star = sorted(part.triples((node, None, None)))
        store = store if store is not None else store_of(whole)
        pattern = " ".join(f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in star)
        if not store.query(f"ASK {{ {pattern} }}"):
            missing[node] = star
    return sorted(missing.items(), key=lambda item: str(item[0]))


def _term(node: Node) -> str:
    return "_:star" if isinstance(node, BNode) else str(to_oxigraph(node))


def check_document(full: Graph, vocabulary: ReadableVocabulary, disorder: URIRef, document: dict,
                   name: str, store: ox.Store | None = None) -> list[Problem]:
    """Every triple of the document is in the release (`store`: the release in Oxigraph, if already made), and
    every claim naming the disorder is in the document."""
    found = document_graph(document)
    problems = []
    for node, triples in uncovered(found, full, store):
        problems.append(Problem(f"states what the full release does not: {_describe(vocabulary, triples)}",
                                file=name, node=curie(node), check="disorder documents"))
    for node, triples in uncovered(expected_graph(full, disorder), found):
        present = {p for p in found.predicates(node) if p not in (RDF.type, RDFS.label)}  # more than a reference
        what = f"'{full.value(node, RDFS.label)}' is missing" if not present else \
            f"lacks {_describe(vocabulary, triples)}"
        problems.append(Problem(what, file=name, node=curie(node), check="disorder documents"))
    return problems


def _describe(vocabulary: ReadableVocabulary, triples: list[tuple[Node, Node, Node]]) -> str:
    keys = {t.iri: t.key for t in vocabulary.terms}
    return "; ".join(f"{keys.get(p, 'type' if p == RDF.type else curie(p))} {curie(o)}" for _, p, o in triples)


class RejectedDocumentError(Exception):
    """A document its check against the release found wrong (never kept)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def write_documents(out: Path, full: Graph, vocabulary: ReadableVocabulary, cache: Path | None = None) -> Memo:
    """Write json/<slug>.json and json/disorder.schema.json under `out`; BuildError if a document is wrong.
    A document is made and checked once for its source (`cache`: where they are kept; None: every time).
    Returns the memo, which counts the documents made now and those reused."""
    folder = out / FOLDER
    folder.mkdir()
    builder = DocumentBuilder(full, vocabulary)
    memo = Memo(compaction_cache(cache), "disorder documents",
                json.dumps([vocabulary.context(), [(s.key, str(s.cls)) for s in builder.sections]], sort_keys=True))
    release_store = functools.cache(lambda: store_of(full))  # made for the first document checked, if any

    def made_and_checked(disorder: URIRef, name: str, source: dict) -> dict:
        document = builder.compacted(source)
        problems = check_document(full, vocabulary, disorder, document, name, release_store())
        if problems:
            raise RejectedDocumentError(problems)
        return document

    problems = []
    for slug_name, disorder in document_names(full).items():
        name, source = f"{FOLDER}/{slug_name}.json", builder.source(disorder)
        try:
            document = memo.value(json.dumps(source, sort_keys=True),
                                  lambda d=disorder, n=name, s=source: made_and_checked(d, n, s))
        except RejectedDocumentError as rejected:
            problems += rejected.problems
            continue
        (folder / f"{slug_name}.json").write_bytes(dump(document))
    if problems:
        raise BuildError("disorder documents", problems)
    memo.save()
    schema = document_schema(vocabulary, builder.sections)
    (folder / SCHEMA_FILE).write_bytes(dump(schema))
    return memo
