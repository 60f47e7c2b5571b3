"""OWL reasoning with HermiT, through owlready2: consistency, satisfiability, classification, inferences.

The reasoner's conclusions come back as RDF triples (the full release adds them to the base). A failure
names the entities involved, by label and IRI, and the clashing axioms where `diagnose` can find them.
HermiT is given the logical part of the graph only (`logical_part`: every triple but the annotation
assertions, which have no meaning in OWL 2 and cannot change a conclusion), and its results are cached
(cache.py) by that input, owlready2's and Java's versions and the code that makes and completes them. So
an edit of a quote, a label, a note or a definition does not run the reasoner again (its input is
unchanged), while an edit of what a claim relates does. Beside the ontology HermiT is given the memberships
of defined classes that asserted facts alone entail (entailed_types.py), which change no conclusion and
spare it most of its work.
"""

from __future__ import annotations

import shlex
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from . import interrupts, serialize, warm_reasoner
from .cache import Cache
from .entailed_types import Triple, entailed_memberships
from .errors import EXIT_UNUSABLE_INPUT, BuildError, Problem
from .explain import explain_inconsistency
from .graph_io import NodeLocator, describe
from .prefixes import expand
from .project import Project
from .validate import load_checks, load_shapes, validate

INFERRED_ONTOLOGY = "http://inferrences/"
JAVA_HINT = ("Java 17 or newer is needed to run the HermiT reasoner, and `java` was not found on the PATH. "
             "On Debian or Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; elsewhere install a JDK "
             "(https://adoptium.net) and put its bin/ folder on the PATH.")


@dataclass
class Reasoning:
    """What the reasoner concluded about a graph."""

    inferred: Graph
    seconds: float
    cached: bool
    warm: bool = False  # HermiT answered in the warm JVM of `myo build --watch` (warm_reasoner.py)


def reasoner_cache(folder: Path | None) -> Cache:
    """HermiT's conclusions, keyed by the input, owlready2, Java, and the code that runs and completes them."""
    return Cache(folder, tools=("owlready2", "java", "rdflib", "pyoxigraph"),
                 modules=(__name__, "myoclonus_ontology.serialize", "myoclonus_ontology.graph_io",
                          "myoclonus_ontology.entailed_types", "myoclonus_ontology.warm_reasoner"))


def java_available() -> bool:
    return shutil.which(owlready2.JAVA_EXE) is not None


def reason(graph: Graph, locator: NodeLocator | None = None, cache: Path | None = None,
           hints: bool = True) -> Reasoning:
    """Run HermiT over `graph`; return what it infers that `graph` does not already assert.

    With `hints` (the default) HermiT is also given the entailed memberships of defined classes, which
    change no conclusion (tested) and halve its time; without, it reasons from the graph alone.
    Raises BuildError (exit 1) naming entities when the ontology is inconsistent or a class is
    unsatisfiable, and (exit 2) when Java is missing.
    """
    data = serialize.canonical_ntriples(logical_triples(graph))
    results = reasoner_cache(cache)
    key = results.key(data, f"hints={hints}")
    cached = results.get(key)
    if cached is not None:
        return Reasoning(Graph().parse(data=cached, format="nt"), 0.0, True)
    if not java_available():
        raise BuildError("reason", [Problem(JAVA_HINT)], exit_code=EXIT_UNUSABLE_INPUT)
    if interrupts.requested():
        raise BuildError("reason", [Problem("interrupted before HermiT started")])
    started = time.perf_counter()
    given = entailed_memberships(logical_part(graph)) if hints else []  # from exactly what HermiT reads
    server = warm_reasoner.active()
    answered = server.answered if server is not None else 0
    inferred = _run_hermit(graph, data, locator, given)
    for triple in given:  # entailed, and owlready2 reports no fact its input stated
        inferred.add(triple)
    seconds = time.perf_counter() - started
    _complete_inverses(graph, inferred)
    _complete_types(graph, inferred)
    results.put(key, serialize.ntriples(inferred))
    return Reasoning(inferred, seconds, False, warm=server is not None and server.answered > answered)


BUILT_IN_ANNOTATIONS = (RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
                        OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith)


def logical_part(graph: Graph) -> Graph:
    """The graph without its annotation assertions: triples whose predicate is an annotation property
    (declared so in the graph, or built into RDFS and OWL; not one also declared an object or data property,
    which OWL 2 DL forbids but which must not lose its meaning here). Declarations and axioms stay, and so do the
    owl:Axiom nodes that carry axiom annotations (only their annotation values go)."""
    logical = Graph()
    for triple in logical_triples(graph):
        logical.add(triple)
    return logical


def logical_triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of logical_part(graph), one by one."""
    annotations = set(graph.subjects(RDF.type, OWL.AnnotationProperty)) | set(BUILT_IN_ANNOTATIONS)
    annotations -= {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in graph.subjects(RDF.type, kind)}
    return (triple for triple in graph if triple[1] not in annotations)


# HermiT is a short single-threaded run: the JVM's optimising compiler and parallel collector only cost
# start-up time and the second core (HermiT alone: 0.75x the time with these; the same inferences, tested).
LEAN_JVM = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


@contextmanager
def lean_jvm(folder: Path) -> Iterator[None]:
    """owlready2 starts `java` with the lean flags while the block runs (a launcher script in `folder`)."""
    java = shutil.which(owlready2.JAVA_EXE) or owlready2.JAVA_EXE
    launcher = folder / "java"
    launcher.write_text(f'#!/bin/sh\nexec {shlex.quote(java)} {" ".join(LEAN_JVM)} "$@"\n', encoding="utf-8")
    launcher.chmod(0o700)
    original, owlready2.JAVA_EXE = owlready2.JAVA_EXE, str(launcher)
    try:
        yield
    finally:
        owlready2.JAVA_EXE = original


def _run_hermit(graph: Graph, data: bytes, locator: NodeLocator | None, hints: list[Triple] | None = None,
                lean: bool = True) -> Graph:
    """HermiT's conclusions about `data` (the logical part of `graph`), given `hints` (entailed triples) too."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.nt"
        path.write_bytes(data + serialize.canonical_ntriples(hints or ()))
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load()
        try:
            with lean_jvm(Path(tmp)) if lean else nullcontext(), warm_reasoner.serving():
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as err:
            path.write_bytes(data)  # an explanation names the ontology's own axioms, never a hint
            problems = diagnose(graph, locator) or explain_inconsistency(graph, path, locator)
            raise BuildError("reason: the ontology is inconsistent", problems) from err
        except owlready2.OwlReadyJavaError as err:
            raise BuildError("reason", [Problem(f"HermiT failed: {str(err).strip()[:500]}")]) from err
        unsatisfiable = [URIRef(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing]
        if unsatisfiable:
            raise BuildError("reason: unsatisfiable classes", _unsatisfiable(graph, unsatisfiable, locator))
        return _inferred_triples(world, graph)


def _inferred_triples(world: owlready2.World, asserted: Graph) -> Graph:
    """The reasoner's new triples, as rdflib terms, without tautologies about owl:Thing and without the
    self-links of rolification properties (`C ⊑ ∃R.Self`): machinery, whose meaning is the membership in C."""
    inferred = Graph()
    ontology = world.get_ontology(INFERRED_ONTOLOGY)
    self_properties = set(rolification_properties(asserted))
    for s, p, o in ontology.get_triples():
        if s < 0 or (isinstance(o, int) and o < 0):
            continue  # anonymous class expressions are never part of a conclusion we publish
        subject, predicate = URIRef(world._unabbreviate(s)), URIRef(world._unabbreviate(p))
        obj = URIRef(world._unabbreviate(o)) if isinstance(o, int) else Literal(o)
        if subject == URIRef(INFERRED_ONTOLOGY.rstrip("/")) or obj in (OWL.Thing, OWL.NamedIndividual):
            continue
        if predicate in self_properties and subject == obj:
            continue
        if (subject, predicate, obj) not in asserted:
            inferred.add((subject, predicate, obj))
    return inferred


def rolification_properties(graph: Graph) -> list[URIRef]:
    """The properties of `owl:hasSelf` restrictions: R in `C ⊑ ∃R.Self` (the plain-fact role)."""
    return sorted(p for r in graph.subjects(OWL.hasSelf, None) for p in graph.objects(r, OWL.onProperty)
                  if isinstance(p, URIRef))


def _complete_inverses(asserted: Graph, inferred: Graph) -> None:
    """Add the inverse of every asserted or inferred property value (entailed by owl:inverseOf).

    owlready2 handles inverses natively and so does not report them; RDF consumers need them written.
    """
    pairs = [(p, q) for p, q in asserted.subject_objects(OWL.inverseOf)]
    pairs += [(q, p) for p, q in pairs]
    for p, q in pairs:
        for graph in (asserted, inferred):
            for s, o in list(graph.subject_objects(p)):
                if (o, q, s) not in asserted:
                    inferred.add((o, q, s))


def _complete_types(asserted: Graph, inferred: Graph) -> None:
    """Give each individual every named superclass of its types (HermiT reports only the most specific).

    SPARQL users can then ask `?x a MYO:0000004` of the full release without a property path.
    """
    union = asserted + inferred
    for individual in set(union.subjects(RDF.type, OWL.NamedIndividual)):
        for cls in list(union.objects(individual, RDF.type)):
            for sup in union.transitive_objects(cls, RDFS.subClassOf):
                if isinstance(sup, URIRef) and sup != OWL.Thing and (individual, RDF.type, sup) not in asserted:
                    inferred.add((individual, RDF.type, sup))


def _unsatisfiable(graph: Graph, classes: list[URIRef], locator: NodeLocator | None) -> list[Problem]:
    problems = []
    for cls in sorted(classes):
        reason_text = _disjoint_superclasses(graph, cls)
        message = "is unsatisfiable: it can have no instances" + (f" ({reason_text})" if reason_text else "")
        problems.append(_problem(graph, cls, message, locator))
    return problems


def _disjoint_superclasses(graph: Graph, cls: URIRef) -> str:
    supers = set(graph.transitive_objects(cls, RDFS.subClassOf))
    for a, b in _disjoint_pairs(graph):
        if a in supers and b in supers:
            return f"it is below both {describe(graph, a)} and {describe(graph, b)}, which are disjoint"
    return ""


def _disjoint_pairs(graph: Graph) -> list[tuple[URIRef, URIRef]]:
    pairs = [(a, b) for a, b in graph.subject_objects(OWL.disjointWith)]
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(graph.items(graph.value(group, OWL.members)))
        pairs += [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
    return pairs


def diagnose(graph: Graph, locator: NodeLocator | None = None) -> list[Problem]:
    """Explain an inconsistency by validation: the shapes and the QC queries (disjoint kinds, closed lists, a
    second value of a functional property, ...). The rules are theirs, not a second implementation here.
    """
    project = locator.project if locator is not None else Project.default()
    report = validate(graph, load_shapes(project), load_checks(project), "diagnosis", project=project)
    problems = []
    for finding in report.findings:
        node = expand(finding.focus)
        message = f"{finding.message} [found by {finding.source}]"
        problems.append(_problem(graph, node, message, locator) if isinstance(node, URIRef)
                        else Problem(message, node=finding.focus, check="reasoner"))
    return problems


def _problem(graph: Graph, node: URIRef, message: str, locator: NodeLocator | None) -> Problem:
    if locator is not None:
        return locator.problem(graph, node, message, "reasoner")
    return Problem(message, node=describe(graph, node), check="reasoner")
