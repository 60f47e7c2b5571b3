"""The OWL API as a consumer (through JPype, in-process): how the OWL API reads an artifact, and what ELK and
HermiT conclude from it. Used by the tests; the jars come with `make setup` (see dl_profile.install_jars).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dl_profile import _start_jvm


@dataclass(frozen=True)
class OwlApiReading:
    """What the OWL API made of one file."""

    axioms: int
    logical_axioms: int
    counts: dict[str, int]  # per axiom type, e.g. {"SubClassOf": 12, "DisjointClasses": 7}
    unparsed_triples: int | None  # None for syntaxes that are not RDF
    guessed_declarations: int | None
    format: str


def _manager():
    _start_jvm()
    from org.semanticweb.owlapi.apibinding import OWLManager  # type: ignore[import-not-found]

    return OWLManager.createOWLOntologyManager()


def _load(path: Path):
    manager = _manager()
    from java.io import File  # type: ignore[import-not-found]

    return manager.loadOntologyFromOntologyDocument(File(str(path)))


def read(path: Path) -> OwlApiReading:
    """Load `path` with the OWL API and count what it kept and what it could not parse."""
    ontology = _load(path)
    counts: dict[str, int] = {}
    for axiom in ontology.getAxioms():
        name = str(axiom.getAxiomType().getName())
        counts[name] = counts.get(name, 0) + 1
    fmt = ontology.getOWLOntologyManager().getOntologyFormat(ontology)
    unparsed = guessed = None
    meta = fmt.getOntologyLoaderMetaData()
    if meta.isPresent():
        unparsed = int(meta.get().getUnparsedTriples().count())
        guessed = int(meta.get().getGuessedDeclarations().size())
    return OwlApiReading(int(ontology.getAxiomCount()), int(ontology.getLogicalAxiomCount()), counts,
                         unparsed, guessed, str(fmt.getKey()))


def hierarchy(path: Path, reasoner: str) -> tuple[bool, set[tuple[str, str]]]:
    """Consistency and the inferred (direct) named-class hierarchy by 'elk' or 'hermit'."""
    ontology = _load(path)
    if reasoner == "elk":
        from org.semanticweb.elk.owlapi import ElkReasonerFactory  # type: ignore[import-not-found]

        factory = ElkReasonerFactory()
    else:
        from org.semanticweb.HermiT import ReasonerFactory  # type: ignore[import-not-found]

        factory = ReasonerFactory()
    engine = factory.createReasoner(ontology)
    try:
        consistent = bool(engine.isConsistent())
        pairs = set()
        for cls in ontology.getClassesInSignature():
            for parent in engine.getSuperClasses(cls, True).getFlattened():
                if not parent.isOWLThing():
                    pairs.add((str(cls.getIRI()), str(parent.getIRI())))
        unsatisfiable = {str(c.getIRI()) for c in engine.getUnsatisfiableClasses().getEntitiesMinusBottom()}
        return consistent and not unsatisfiable, pairs
    finally:
        engine.dispose()
