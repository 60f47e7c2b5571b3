"""The mapping set (mappings/myo.sssom.tsv): read it, check it, and turn it into release triples.

CURIEs are expanded by a `curies` converter whose prefixes come from Bioregistry (the maintained registry),
never from a hand-kept dictionary; the SSSOM file's own curie_map must agree with Bioregistry. Importing
Bioregistry takes ~1.7 s, so the resolved prefixes are cached by Bioregistry's version.

Every mapping becomes a SKOS triple on the entity, marked curator-added by an owl:Axiom annotation that
carries the justification and the release it was checked against: mappings are the curators' knowledge,
not the source's.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import curies
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .cache import Cache
from .errors import BuildError, Problem, UnusableInputError
from .namespaces import BASE, EDITOR_NOTE, MYO, Term
from .project import Project
from .release import version_of
from .textfiles import read_text

SSSOM_FILE = "myo.sssom.tsv"
NO_TERM_FOUND = "sssom:NoTermFound"
PREDICATES = {f"skos:{p}": SKOS[p] for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
OUR_PREFIX = "MYO"
EXACT_MATCH = "skos:exactMatch"
MAPPING_SET = URIRef(BASE + "mappings/myo.sssom.tsv")


@dataclass(frozen=True)
class Mapping:
    """One row of the SSSOM table, with the line it is on."""

    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    justification: str
    object_source_version: str
    comment: str
    line: int

    @property
    def vocabulary(self) -> str:
        return self.object_id.split(":", 1)[0] if self.object_id != NO_TERM_FOUND else self.comment.split(":")[0]


@dataclass(frozen=True)
class MappingSet:
    metadata: dict[str, str]
    curie_map: dict[str, str]
    rows: list[Mapping]
    path: Path


def load_mapping_set(project: Project) -> MappingSet:
    """Parse the SSSOM/TSV file: its YAML-like metadata header and its rows."""
    path = project.mappings / SSSOM_FILE
    shown = project.relative(path)
    if not path.is_file():
        raise UnusableInputError("mappings", [Problem("the mapping set is missing", file=shown)])
    lines = read_text(path, shown, "mappings").splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    metadata_fields, curie_map, key = {}, {}, None
    for line in header:
        entry = re.match(r"^\s{2,}(\S+):\s*(\S+)\s*$", line)
        if key == "curie_map" and entry:
            curie_map[entry.group(1)] = entry.group(2)
            continue
        top = re.match(r"^\s?(\w+):\s*(.*)$", line)
        if top:
            key = top.group(1)
            metadata_fields[key] = top.group(2).strip()
    body = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    reader = csv.reader((line for _, line in body), delimiter="\t")
    columns = next(reader, [])
    expected = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
                "object_source_version", "comment"]
    if columns != expected:
        raise UnusableInputError("mappings", [Problem(f"columns must be {expected}", file=shown, line=body[0][0])])
    rows = [Mapping(*values, line=body[i + 1][0]) for i, values in enumerate(reader)]
    return MappingSet(metadata_fields, curie_map, rows, path)


def _bioregistry_prefixes(prefixes: list[str], folder: Path | None) -> dict[str, str]:
    """Preferred prefix → URI prefix (RDF form first) from Bioregistry, cached by its version."""
    cache = Cache(folder, tools=("bioregistry",), modules=(__name__,))
    key = cache.key(*sorted(prefixes))
    cached = cache.get(key)
    if cached is not None:
        return json.loads(cached)
    import bioregistry

    known = {}
    for prefix in prefixes:
        resource = bioregistry.get_resource(prefix)
        if resource is not None:
            known[prefix] = resource.get_rdf_uri_prefix() or resource.get_uri_prefix()
    cache.put(key, json.dumps(known, indent=1, sort_keys=True).encode("utf-8"))
    return known


def converter_for(mapping_set: MappingSet, project: Project, cache: Path | None) -> curies.Converter:
    """A curies converter for the set's prefixes, as Bioregistry defines them (ours: the ontology's namespace)."""
    shown = project.relative(mapping_set.path)
    external = [p for p in mapping_set.curie_map if p != OUR_PREFIX]
    registry = _bioregistry_prefixes(external, cache)
    problems = []
    for prefix in external:
        if prefix not in registry:
            problems.append(Problem(f"prefix '{prefix}' is not in Bioregistry", file=shown, check="mappings"))
        elif registry[prefix] != mapping_set.curie_map[prefix]:
            problems.append(Problem(f"curie_map gives {prefix}: {mapping_set.curie_map[prefix]}, but Bioregistry "
                                    f"says {registry[prefix]}", file=shown, check="mappings"))
    if mapping_set.curie_map.get(OUR_PREFIX) != str(MYO):
        problems.append(Problem(f"curie_map must give {OUR_PREFIX}: {MYO}", file=shown, check="mappings"))
    if problems:
        raise BuildError("mappings", problems)
    return curies.Converter.from_prefix_map({**registry, OUR_PREFIX: str(MYO)})


def check_mappings(mapping_set: MappingSet, ontology: Graph, converter: curies.Converter,
                   project: Project) -> list[Problem]:
    """Rows that cannot be right whatever the external vocabularies say."""
    shown = project.relative(mapping_set.path)
    problems, seen = [], set()
    exact_of: dict[str, Mapping] = {}  # external term → the row that makes it an entity's exact match

    def fault(row: Mapping, message: str) -> None:
        problems.append(Problem(message, file=shown, line=row.line, node=row.subject_id, check="mappings"))

    version = version_of(ontology)
    if mapping_set.metadata.get("mapping_set_version") != version:
        problems.append(Problem(f"mapping_set_version is '{mapping_set.metadata.get('mapping_set_version')}', but the "
                                f"set is released with the ontology, whose owl:versionInfo is '{version}'",
                                file=shown, check="mappings"))

    for row in mapping_set.rows:
        subject = converter.expand(row.subject_id) if row.subject_id.startswith(f"{OUR_PREFIX}:") else None
        if subject is None or (URIRef(subject), RDF.type, OWL.NamedIndividual) not in ontology:
            fault(row, f"{row.subject_id} is not an entity of the ontology")
            continue
        label = ontology.value(URIRef(subject), RDFS.label)
        if label is None or str(label) != row.subject_label:
            fault(row, f"subject_label '{row.subject_label}' is not the entity's label '{label}'")
        if row.predicate_id not in PREDICATES:
            fault(row, f"predicate {row.predicate_id} is not one of {sorted(PREDICATES)}")
        if row.justification != "semapv:ManualMappingCuration":
            fault(row, "mapping_justification must be semapv:ManualMappingCuration for curated rows")
        if not row.object_source_version.strip():
            fault(row, "object_source_version must name the release the row was checked against")
        if not row.comment.strip():
            fault(row, "comment must give the justification")
        if row.object_id != NO_TERM_FOUND:
            if converter.expand(row.object_id) is None:
                fault(row, f"object {row.object_id} uses a prefix missing from the curie_map")
            if not row.object_label.strip():
                fault(row, "object_label must give the label the object has in its release")
        key = (row.subject_id, row.object_id, row.vocabulary)
        if key in seen:
            fault(row, f"{row.subject_id} is mapped to {row.object_id} twice")
        seen.add(key)
        if row.predicate_id == EXACT_MATCH and row.object_id != NO_TERM_FOUND:
            first = exact_of.setdefault(row.object_id, row)
            if first.subject_id != row.subject_id:
                fault(row, f"{row.object_id} is already the exact match of {first.subject_id} (line {first.line}): "
                           "two entities with one exact match are one concept (deprecate one, replaced by the "
                           "other) or not the same as it (use a close, broad or narrow match)")
    return problems


def mapping_graph(mapping_set: MappingSet, converter: curies.Converter) -> Graph:
    """SKOS mapping triples, each annotated as curator-added with its justification and checked release."""
    graph = Graph()
    for row in mapping_set.rows:
        if row.object_id == NO_TERM_FOUND:
            continue
        subject, target = URIRef(converter.expand(row.subject_id)), URIRef(converter.expand(row.object_id))
        predicate = PREDICATES[row.predicate_id]
        graph.add((subject, predicate, target))
        axiom = BNode()
        graph.add((axiom, RDF.type, OWL.Axiom))
        graph.add((axiom, OWL.annotatedSource, subject))
        graph.add((axiom, OWL.annotatedProperty, predicate))
        graph.add((axiom, OWL.annotatedTarget, target))
        graph.add((axiom, Term.CURATOR_ADDED, Literal(True)))
        note = f"Curator-added mapping: {row.comment} Checked against {row.object_source_version}."
        graph.add((axiom, EDITOR_NOTE, Literal(note, lang="en")))
        graph.add((axiom, DCTERMS.source, MAPPING_SET))
    return graph
