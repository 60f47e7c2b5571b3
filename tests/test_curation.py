"""The curator's guide of the README, followed to the letter: a new page with three claims, end to end.

In a scratch copy of the project: save the page, add it to the manifest, take IDs with `myo new-id`, add
three entity rows and three claim rows, `myo generate`, `myo build`; then the release conforms to
validation and the competency questions return the page's claims.
"""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test here shares one build of the fixture page

PAGE_ID = "essential-tremor"
PAGE_TEXT = ("Essential tremor may cause shaking of the hands. Propranolol may be used to treat essential tremor. "
             "Generally the disorder is not fatal.\n")
PAGE_ENTRY = f"""
[[pages]]
id = "{PAGE_ID}"
label = "Test fixture: Essential Tremor Page"
title = "Essential Tremor Page"
iri = "https://example.org/fixture/essential-tremor"
file = "pages/{PAGE_ID}.txt"
sha256 = "{{sha256}}"
encoding = "utf-8"
publisher = "The myoclonus-ontology tests"
rights = "Written for the tests; no rights reserved."
"""


def myo(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(root), *args],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def add_rows(path: Path, rows: list[list[str]]) -> None:
    """Append rows to a table, each filled in the table's own column order."""
    width = len(path.read_text(encoding="utf-8").splitlines()[0].split("\t"))
    with path.open("a", encoding="utf-8") as table:
        for row in rows:
            table.write("\t".join(row + [""] * (width - len(row))) + "\n")


def row(header: list[str], **cells: str) -> list[str]:
    return [cells.get(column.replace(" ", "_"), "") for column in header]


def header_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[0].split("\t")


@pytest.fixture(scope="module")
def curated(tmp_path_factory, project) -> tuple[Path, dict[str, str]]:
    """The scratch project after the curator's steps, built."""
    import shutil

    from .conftest import INPUT_FOLDERS

    root = tmp_path_factory.mktemp("curated")
    for folder in INPUT_FOLDERS:
        shutil.copytree(project.root / folder, root / folder)
    # Add a new page: its text, and its entry in the manifest
    (root / "sources" / "pages" / f"{PAGE_ID}.txt").write_text(PAGE_TEXT, encoding="utf-8")
    digest = hashlib.sha256(PAGE_TEXT.encode("utf-8")).hexdigest()
    with (root / "sources" / "sources.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(PAGE_ENTRY.replace("{sha256}", digest))
    # Add an entity: IDs from `myo new-id`, one row each
    tremor, shaking, propranolol = myo(root, "new-id", "entity", "--count", "3").stdout.split()
    entities = root / "ontology" / "entities.tsv"
    columns = header_of(entities)
    add_rows(entities, [
        row(columns, id=tremor, kind="disorder", label="essential tremor",
            definition="The disorder the page names essential tremor.",
            page=PAGE_ID, quote="Essential tremor"),
        row(columns, id=shaking, kind="symptom", label="shaking of the hands",
            definition="Shaking of the hands, named by the page as what essential tremor may cause.",
            page=PAGE_ID, quote="shaking of the hands"),
        row(columns, id=propranolol, kind="drug", label="propranolol",
            definition="The drug the page names propranolol.", page=PAGE_ID, quote="Propranolol"),
    ])
    # Add a claim: an ID from `myo new-id`, one row in the table of its kind
    symptom_of, treated_by, not_fatal = myo(root, "new-id", "statement", "--count", "3").stdout.split()
    statements = root / "ontology" / "statements"
    add_rows(statements / "symptom.tsv", [row(
        header_of(statements / "symptom.tsv"), id=symptom_of, condition=tremor, condition_label="essential tremor",
        symptom=shaking, symptom_label="shaking of the hands", modality="possible", page=PAGE_ID,
        quote="Essential tremor may cause shaking of the hands.")])
    add_rows(statements / "treatment.tsv", [row(
        header_of(statements / "treatment.tsv"), id=treated_by, condition=tremor, condition_label="essential tremor",
        treatment=propranolol, treatment_label="propranolol", modality="possible", page=PAGE_ID,
        quote="Propranolol may be used to treat essential tremor.")])
    add_rows(statements / "prognosis.tsv", [row(
        header_of(statements / "prognosis.tsv"), id=not_fatal, condition=tremor, condition_label="essential tremor",
        outcome="MYO:0001125", outcome_label="fatal outcome", frequency="generally", modality="asserted",
        negated="true", page=PAGE_ID, quote="Generally the disorder is not fatal.", note="\"the disorder\" is "
        "essential tremor.")])
    myo(root, "generate")
    built = myo(root, "build").stdout
    return root, {"tremor": tremor, "statements": " ".join((symptom_of, treated_by, not_fatal)), "build": built}


def answer(root: Path, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(myo(root, "query", *args, "--format", "csv").stdout)))


@pytest.mark.slow
def test_the_release_carries_the_new_page_and_conforms(curated):
    """The build validates both releases (shapes and QC queries) and fails unless they conform."""
    root, ids = curated
    assert "answered as expected" in ids["build"]
    for release in ("myo-base", "myo-full"):
        assert f"validation of {release}: conforms (SHACL shapes" in ids["build"]
    release = (root / "build" / "myo-base.ttl").read_text(encoding="utf-8")
    assert "essential tremor may have shaking of the hands as a symptom" in release
    assert "essential tremor generally does not have a fatal outcome" in release


@pytest.mark.slow
def test_competency_questions_return_the_new_claims(curated):
    root, ids = curated
    symptoms = answer(root, "cq01", "--bind", f"disorder={ids['tremor']}")
    assert [(r["symptomLabel"], r["modality"]) for r in symptoms] == [("shaking of the hands", "possible")]
    treatments = answer(root, "cq09", "--bind", f"disorder={ids['tremor']}")
    assert [(r["treatmentLabel"], r["kind"], r["modality"]) for r in treatments] == [
        ("propranolol", "drug", "possible")]
    negated = answer(root, "SELECT ?s WHERE { ?s <https://w3id.org/myoclonus-ontology/MYO_0000207> true ; "
                           f"<https://w3id.org/myoclonus-ontology/MYO_0000100> <{expand(ids['tremor'])}> }}")
    assert [r["s"] for r in negated] == [expand(ids["statements"].split()[2])]


def expand(identifier: str) -> str:
    return "https://w3id.org/myoclonus-ontology/MYO_" + identifier.removeprefix("MYO:")


def test_the_new_claims_are_new_terms_in_the_release_diff(curated):
    root, ids = curated
    report = (root / "build" / "reports" / "release-diff.tsv").read_text(encoding="utf-8")
    for statement in ids["statements"].split():
        lines = [line for line in report.splitlines() if line.split("\t")[1] == statement]
        assert lines and all(line.endswith("\tnew term") for line in lines)
