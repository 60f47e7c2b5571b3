"""Synthetic MYO-shaped data for benchmarks and equivalence tests: deterministic, seeded, any size.

    myo synth --triples 100000 [--faults 0.01] [--seed 15] --out data.ttl

The data is the release's own records, copied: each copy clones every statement record, every domain
entity and the owl:Axiom annotations on them into an extension namespace (SYNTH_NS), with references
between cloned nodes rewritten to the same copy and labels made unique per copy. Qualifier values,
classes, properties and pages stay the release's. So the data conforms to the shapes and QC queries
exactly as the release does, whatever statement properties the ontology has (nothing here names one).

With `faults`, that fraction of the cloned records (rounded, at least one) gets one known fault each,
drawn by a seeded generator from FAULTS; every fault is listed in a manifest (TSV beside the data: the
focus node, the fault, the check expected to find it) so a test can demand that each is found once.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .namespaces import Term
from .prefixes import RELEASE_PREFIXES

SYNTH_NS = "https://example.org/myo-synth/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
OWL_AXIOM = ox.NamedNode("http://www.w3.org/2002/07/owl#Axiom")
ANNOTATED_SOURCE = ox.NamedNode("http://www.w3.org/2002/07/owl#annotatedSource")
STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
QUOTE = ox.NamedNode(str(Term.SOURCE_QUOTE))
QUOTE_START = ox.NamedNode(str(Term.QUOTE_START))
REPORTS_SYMPTOM = ox.NamedNode(str(Term.REPORTS_SYMPTOM))
MODALITY = ox.NamedNode(str(Term.MODALITY))
FIRST_CHOICE = ox.NamedNode(str(Term.FIRST_CHOICE))
DRUG = ox.NamedNode(str(Term.DRUG))

Triples = list[ox.Triple]


@dataclass(frozen=True)
class Record:
    """One cloneable node of the release: a statement, a domain entity or an axiom annotating one."""

    node: ox.NamedNode | ox.BlankNode
    kind: str  # "statement", "entity" or "axiom"
    triples: tuple[ox.Triple, ...]


@dataclass(frozen=True)
class Fault:
    """A kind of fault, what it does to a cloned statement record, and the check that must find it."""

    name: str
    expected: str  # a shape (myosh:...) or a QC query (qc:...), as validate.Finding.source names them
    applies: Callable[[Triples], bool]
    change: Callable[[Triples, dict[str, ox.NamedNode]], Triples]


def _without(triples: Triples, predicate: ox.NamedNode) -> Triples:
    return [t for t in triples if t.predicate != predicate]


def _replace_object(triples: Triples, predicate: ox.NamedNode, value: ox.Literal | ox.NamedNode) -> Triples:
    return [ox.Triple(t.subject, t.predicate, value) if t.predicate == predicate else t for t in triples]


def _has(predicate: ox.NamedNode) -> Callable[[Triples], bool]:
    return lambda triples: any(t.predicate == predicate for t in triples)


def _wrong_quote(triples: Triples, _: dict[str, ox.NamedNode]) -> Triples:
    quote = next(t.object.value for t in triples if t.predicate == QUOTE)
    return _replace_object(triples, QUOTE, ox.Literal(quote[::-1]))


def _untyped_start(triples: Triples, _: dict[str, ox.NamedNode]) -> Triples:
    start = next(t.object.value for t in triples if t.predicate == QUOTE_START)
    return _replace_object(triples, QUOTE_START, ox.Literal(start))


FAULTS: tuple[Fault, ...] = (
    Fault("missing-quote", "myosh:ProvenanceHasQuoteShape", _has(QUOTE),
          lambda triples, _: _without(triples, QUOTE)),
    Fault("quote-not-in-source", "qc:quote-not-in-source", _has(QUOTE), _wrong_quote),
    Fault("untyped-quote-start", "myosh:ProvenanceShape-start", _has(QUOTE_START), _untyped_start),
    Fault("modality-outside-its-list", "myosh:StatementShape-modality", _has(MODALITY),
          lambda triples, _: _replace_object(triples, MODALITY, FIRST_CHOICE)),
    Fault("symptom-is-a-drug", "myosh:SymptomStatementShape-symptom", _has(REPORTS_SYMPTOM),
          lambda triples, copy: _replace_object(triples, REPORTS_SYMPTOM, copy["drug"])),
)


@dataclass(frozen=True)
class InjectedFault:
    focus: str
    fault: str
    expected: str


# ------------------------------------------------------------------------------------------ the template
def _subclasses(triples: Triples, top: ox.NamedNode) -> set[ox.NamedNode]:
    below: dict[ox.NamedNode, set] = defaultdict(set)
    for t in triples:
        if t.predicate == SUBCLASS_OF:
            below[t.object].add(t.subject)
    found, todo = {top}, [top]
    while todo:
        for child in below[todo.pop()] - found:
            found.add(child)
            todo.append(child)
    return found


def records(release: Triples) -> list[Record]:
    """The release's statements, domain entities and the axioms on them, each with its triples, sorted."""
    statements = _subclasses(release, ox.NamedNode(str(Term.STATEMENT)))
    entities = _subclasses(release, ox.NamedNode(str(Term.DOMAIN_ENTITY)))
    kinds: dict = {}
    for t in release:
        if t.predicate == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
            if t.object in statements:
                kinds[t.subject] = "statement"
            elif t.object in entities:
                kinds.setdefault(t.subject, "entity")
    for t in release:
        if t.predicate == ANNOTATED_SOURCE and t.object in kinds and isinstance(t.subject, ox.BlankNode):
            kinds[t.subject] = "axiom"
    by_node: dict = defaultdict(list)
    for t in release:
        if t.subject in kinds:
            by_node[t.subject].append(t)
    order = {"entity": 0, "statement": 1, "axiom": 2}
    found = [Record(node, kinds[node], tuple(sorted(by_node[node], key=str))) for node in kinds]
    return sorted(found, key=lambda r: (order[r.kind], str(r.node) if r.kind != "axiom" else str(r.triples)))


def release_triples(path: Path) -> Triples:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))


# ------------------------------------------------------------------------------------------ the copies
class _Copy:
    """The renaming of one copy: our nodes to the extension namespace, blank nodes to fresh ones."""

    def __init__(self, number: int, template: list[Record], drug: ox.NamedNode) -> None:
        self.number = number
        self.names: dict = {}
        for record in template:
            if isinstance(record.node, ox.NamedNode):
                local = record.node.value.rsplit("_", 1)[-1]
                self.names[record.node] = ox.NamedNode(f"{SYNTH_NS}c{number}-{local}")
            else:
                self.names[record.node] = ox.BlankNode(f"c{number}x{len(self.names)}")
        self.extra = {"drug": self.names[drug]}

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        return self.names.get(term, term)

    def clone(self, record: Record) -> Triples:
        cloned = []
        for t in record.triples:
            obj = self.term(t.object)
            if t.predicate == LABEL and isinstance(obj, ox.Literal):
                obj = ox.Literal(f"{obj.value} {self.number}", language=obj.language)
            cloned.append(ox.Triple(self.term(t.subject), t.predicate, obj))
        return cloned


def copies_for(target: int, template: list[Record]) -> int:
    """How many copies of the template make at least `target` triples (one at least)."""
    per_copy = sum(len(r.triples) for r in template)
    return max(1, -(-target // per_copy))


def _chosen(template: list[Record], copies: int, fraction: float, seed: int) -> dict[tuple[int, int], Fault]:
    """Which (copy, record) pairs get which fault: a seeded draw over the statement records."""
    candidates = [(c, i) for c in range(copies) for i, r in enumerate(template) if r.kind == "statement"]
    if fraction <= 0 or not candidates:
        return {}
    rng = random.Random(seed)
    count = max(1, round(fraction * len(candidates)))
    chosen: dict[tuple[int, int], Fault] = {}
    for pair in sorted(rng.sample(candidates, min(count, len(candidates)))):
        triples = list(template[pair[1]].triples)
        usable = [f for f in FAULTS if f.applies(triples)]
        if usable:
            chosen[pair] = rng.choice(usable)
    return chosen


def synthesize(release: Triples, target: int, fraction: float = 0.0, seed: int = 15
               ) -> tuple[Iterator[ox.Triple], list[InjectedFault]]:
    """The triples of enough copies to reach `target`, streamed, and the faults injected into them."""
    template = records(release)
    drug = next(r.node for r in template if r.kind == "entity" and any(
        t.predicate == RDF_TYPE and t.object == DRUG for t in r.triples))
    copies = copies_for(target, template)
    chosen = _chosen(template, copies, fraction, seed)
    manifest = []
    for (number, index), fault in sorted(chosen.items()):
        focus = f"{SYNTH_NS}c{number}-{template[index].node.value.rsplit('_', 1)[-1]}"
        manifest.append(InjectedFault(focus, fault.name, fault.expected))

    def stream() -> Iterator[ox.Triple]:
        for number in range(copies):
            copy = _Copy(number, template, drug)
            for index, record in enumerate(template):
                triples = copy.clone(record)
                fault = chosen.get((number, index))
                yield from fault.change(triples, copy.extra) if fault else triples
    return stream(), manifest


def write(release_path: Path, out: Path, target: int, fraction: float = 0.0, seed: int = 15
          ) -> tuple[int, list[InjectedFault]]:
    """Write the data (Turtle, or N-Triples for .nt) and, with faults, the manifest `<out>.faults.tsv`."""
    triples, manifest = synthesize(release_triples(release_path), target, fraction, seed)
    counted = _Counter(triples)
    fmt = ox.RdfFormat.N_TRIPLES if out.suffix == ".nt" else ox.RdfFormat.TURTLE
    prefixes = {**RELEASE_PREFIXES, "synth": SYNTH_NS} if fmt == ox.RdfFormat.TURTLE else None
    with out.open("wb") as handle:
        ox.serialize(counted, handle, format=fmt, prefixes=prefixes)
    if manifest:
        manifest_path(out).write_text(render_manifest(manifest), encoding="utf-8")
    return counted.count, manifest


class _Counter:
    """An iterator that counts what passes through it."""

    def __init__(self, items: Iterator[ox.Triple]) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[ox.Triple]:
        for item in self.items:
            self.count += 1
            yield item


def manifest_path(data: Path) -> Path:
    return data.with_name(data.name + ".faults.tsv")


def render_manifest(manifest: list[InjectedFault]) -> str:
    lines = ["focus\tfault\texpected"] + [f"{f.focus}\t{f.fault}\t{f.expected}" for f in manifest]
    return "\n".join(lines) + "\n"


def read_manifest(path: Path) -> list[InjectedFault]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [InjectedFault(*row.split("\t")) for row in rows if row]
