"""The mapping set (mappings/myo.sssom.tsv): read it, check it, and turn it into release triples.

The file is read by sssom-py, the maintained SSSOM library. Importing it costs ~4 s of CPU (LinkML,
pandas), so what it reads is cached by the file's bytes and sssom-py's version: a build over an unchanged
mapping set does not import it. sssom-py sorts the rows and leaves out a row it cannot read; each row it
returns is found again at its line of the file, and a line it left out is an error naming that line.

CURIEs are expanded by the project's `curies` converter (prefixes.py), whose mapping prefixes are the ones
the set uses as sssom-py resolves them; they must agree with Bioregistry (the maintained registry).
Importing Bioregistry takes ~1.7 s, so its answers are cached by its version.

Every mapping becomes a SKOS triple on the entity, marked curator-added by an owl:Axiom annotation that
carries the justification and the release it was checked against: mappings are the curators' knowledge,
not the source's.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import curies
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .cache import Cache
from .errors import BuildError, Problem, UnusableInputError
from .namespaces import BASE, EDITOR_NOTE, MYO, Term, is_ours
from .prefixes import expand, prefix_of, project_converter
from .project import Project
from .release import version_of
from .textfiles import read_text

SSSOM_FILE = "myo.sssom.tsv"
NO_TERM_FOUND = "sssom:NoTermFound"
PREDICATES = {f"skos:{p}": SKOS[p] for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
OUR_PREFIX = "MYO"
EXACT_MATCH = "skos:exactMatch"
MAPPING_SET = URIRef(BASE + "mappings/myo.sssom.tsv")
COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
           "object_source_version", "comment"]


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
    def object_prefix(self) -> str:
        return prefix_of(self.object_id)

    @property
    def vocabulary(self) -> str:
        """The vocabulary mapped into: the object's prefix, or for 'no term found' the comment's first word."""
        return self.object_prefix if self.object_id != NO_TERM_FOUND else self.comment.split(":")[0]


@dataclass(frozen=True)
class MappingSet:
    curie_map: dict[str, str]
    rows: list[Mapping]
    path: Path
    metadata: dict[str, str]  # the set's own scalar metadata (mapping_set_version, license, ...)


def load_mapping_set(project: Project, cache: Path | None = None) -> MappingSet:
    """The SSSOM/TSV file as sssom-py reads it (cached in `cache`), each row with its line."""
    path = project.mappings / SSSOM_FILE
    shown = project.relative(path)
    if not path.is_file():
        raise UnusableInputError("mappings", [Problem("the mapping set is missing", file=shown)])
    text = read_text(path, shown, "mappings")
    store = Cache(cache, tools=("sssom",), modules=(__name__,))
    key = store.key(text)
    payload = store.get(key)
    if payload is None:
        payload = json.dumps(_read_with_sssom(text, shown), indent=1, sort_keys=True).encode("utf-8")
        store.put(key, payload)
    data = json.loads(payload)
    return MappingSet(data["curie_map"], [Mapping(**row) for row in data["rows"]], path, data["metadata"])


def _read_with_sssom(text: str, shown: str) -> dict:
    """sssom-py's reading of the file: the prefixes the set uses and the rows, each at its line."""
    import logging
    import warnings

    header_line = next((n for n, line in enumerate(text.splitlines(), start=1) if not line.startswith("#")), 1)
    logging.getLogger().setLevel(logging.ERROR)  # sssom-py logs through the root logger
    with warnings.catch_warnings():  # pandas' deprecation notices about sssom-py's own calls
        warnings.simplefilter("ignore")
        from sssom.parsers import parse_sssom_table

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            msdf = parse_sssom_table(io.StringIO(text), propagate=False)
    except Exception as err:  # a third-party parser: any failure is a bad file, reported, never a traceback
        raise UnusableInputError("mappings", [Problem(f"sssom-py cannot read the mapping set: {err}", file=shown,
                                                      line=header_line)]) from err
    columns = list(msdf.df.columns)
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise UnusableInputError("mappings", [Problem(f"columns must be {COLUMNS}; missing {missing}", file=shown,
                                                      line=header_line)])
    lines = _lines_by_text(text, header_line)
    rows, header = [], text.splitlines()[header_line - 1].split("\t")
    for record in msdf.df.to_dict(orient="records"):
        found = lines.get("\t".join(str(record.get(c, "")) for c in header))
        rows.append(asdict(Mapping(*(str(record[c]) for c in COLUMNS), line=found.pop(0) if found else 0)))
    left_out = sorted(n for numbers in lines.values() for n in numbers)
    if left_out:
        raise UnusableInputError("mappings", [Problem("sssom-py leaves this row out: it is not a well-formed "
                                                      "mapping", file=shown, line=n) for n in left_out])
    msdf.clean_prefix_map()
    metadata = {k: str(v) for k, v in sorted(msdf.metadata.items()) if not isinstance(v, list | dict)}  # dates: ISO
    return {"curie_map": dict(sorted(msdf.prefix_map.items())), "rows": sorted(rows, key=lambda r: r["line"]),
            "metadata": metadata}


def _lines_by_text(text: str, header_line: int) -> dict[str, list[int]]:
    """The data lines of the file by their text (a row stated twice is on two lines)."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines()[header_line:], start=header_line + 1):
        if line.strip():
            lines.setdefault(line, []).append(number)
    return lines


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
    """The project converter (prefixes.py), once the set's prefixes agree with Bioregistry (ours: with the
    ontology's namespace)."""
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
    return project_converter(mapping_set.curie_map)


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
        subject = expand(row.subject_id)
        if not is_ours(subject) or (subject, RDF.type, OWL.NamedIndividual) not in ontology:
            fault(row, f"{row.subject_id} is not an entity of the ontology")
            continue
        label = ontology.value(subject, RDFS.label)
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
            if expand(row.object_id, mapping_set.curie_map) is None:
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


@dataclass(frozen=True)
class CuratedMapping:
    """A row that names a counterpart, its CURIEs expanded: what the release states."""

    subject: URIRef
    predicate: URIRef
    object_curie: str
    object_iri: URIRef
    object_prefix: str
    object_namespace: str
    note: str


def curated_mappings(mapping_set: MappingSet, converter: curies.Converter) -> list[CuratedMapping]:
    """The rows with a counterpart (not 'no term found'), expanded by the project converter, sorted."""
    found = []
    for row in mapping_set.rows:
        if row.object_id == NO_TERM_FOUND:
            continue
        found.append(CuratedMapping(
            subject=URIRef(converter.expand(row.subject_id)), predicate=PREDICATES[row.predicate_id],
            object_curie=row.object_id, object_iri=URIRef(converter.expand(row.object_id)),
            object_prefix=row.object_prefix, object_namespace=converter.prefix_map[row.object_prefix],
            note=f"Curator-added mapping: {row.comment} Checked against {row.object_source_version}."))
    return sorted(found, key=lambda m: (m.subject, m.predicate, m.object_iri))


def mapping_graph(mapping_set: MappingSet, converter: curies.Converter) -> Graph:
    """SKOS mapping triples, each annotated as curator-added with its justification and checked release."""
    graph = Graph()
    for m in curated_mappings(mapping_set, converter):
        graph.add((m.subject, m.predicate, m.object_iri))
        axiom = BNode()
        graph.add((axiom, RDF.type, OWL.Axiom))
        graph.add((axiom, OWL.annotatedSource, m.subject))
        graph.add((axiom, OWL.annotatedProperty, m.predicate))
        graph.add((axiom, OWL.annotatedTarget, m.object_iri))
        graph.add((axiom, Term.CURATOR_ADDED, Literal(True)))
        graph.add((axiom, EDITOR_NOTE, Literal(m.note, lang="en")))
        graph.add((axiom, DCTERMS.source, MAPPING_SET))
    return graph
