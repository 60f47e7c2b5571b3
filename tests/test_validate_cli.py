"""`myo validate`: three exit codes, a readable report, and machine-readable ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from myoclonus_ontology.gc_policy import GC_THRESHOLD
from myoclonus_ontology.namespaces import SH

USER_DATA = """@prefix MYO: <https://w3id.org/myoclonus-ontology/MYO_> .
@prefix ex: <http://example.org/clinic/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:claim1 a owl:NamedIndividual, MYO:0000034 ;
    rdfs:label "myoclonus treated with lethargy"@en ;
    MYO:0000100 MYO:0001002 ;
    MYO:0000108 MYO:0001037 ;
    MYO:0000115 MYO:0000305 ;
    MYO:0000207 false ;
    MYO:0000253 true .
"""


def myo(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(root), "validate", *args],
                          capture_output=True, text=True)


@pytest.mark.slow
def test_release_conforms_exit_0(project):
    result = myo(project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "build/myo-base.ttl: conforms" in result.stdout and "build/myo-full.ttl: conforms" in result.stdout


@pytest.mark.slow
def test_violations_exit_1_with_label_iri_path_message_and_line(project, tmp_path):
    data = tmp_path / "claims.ttl"
    data.write_text(USER_DATA, encoding="utf-8")
    result = myo(project.root, str(data))
    assert result.returncode == 1
    out = result.stdout
    assert f"{data}:6: 'myoclonus treated with lethargy' (<http://example.org/clinic/claim1>)" in out
    assert "path MYO:0000108   value MYO:0001037" in out
    assert "A treatment statement needs exactly one reported treatment (MYO:0000108), a treatment." in out
    assert "path MYO:0000115   value MYO:0000305" in out
    assert "A curator-added fact needs an editor note (IAO:0000116)" in out
    assert "found by myosh:TreatmentStatementShape-treatment" in out


@pytest.mark.slow
def test_malformed_turtle_exits_2_with_its_line(project, tmp_path):
    data = tmp_path / "broken.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', encoding="utf-8")
    result = myo(project.root, str(data))
    assert result.returncode == 2
    assert f"{data}:3:" in result.stderr


@pytest.mark.slow
def test_missing_file_exits_2(project, tmp_path):
    result = myo(project.root, str(tmp_path / "absent.ttl"))
    assert result.returncode == 2 and "file not found" in result.stderr


@pytest.mark.slow
def test_json_report_for_ci_tools(project, tmp_path):
    data = tmp_path / "claims.ttl"
    data.write_text(USER_DATA, encoding="utf-8")
    report = json.loads(myo(project.root, str(data), "--format", "json").stdout)
    assert report["conforms"] is False
    results = report["reports"][0]["results"]
    treatment = [r for r in results if r["source"] == "myosh:TreatmentStatementShape-treatment"]
    assert treatment and treatment[0]["focus"] == "<http://example.org/clinic/claim1>"
    assert treatment[0]["line"] == 6 and treatment[0]["label"] == "myoclonus treated with lethargy"


@pytest.mark.slow
def test_turtle_report_is_a_shacl_validation_report(project, tmp_path):
    data = tmp_path / "claims.ttl"
    data.write_text(USER_DATA, encoding="utf-8")
    out = tmp_path / "report.ttl"
    assert myo(project.root, str(data), "--format", "turtle", "--output", str(out)).returncode == 1
    report = Graph().parse(out)
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    assert report.value(root, SH.conforms).toPython() is False
    assert len(list(report.objects(root, SH.result))) >= 3  # each fault once: QC duplicates of shapes are left out


@pytest.mark.slow
def test_both_engines_agree_on_the_release(project):
    result = myo(project.root, "--both-engines")
    assert result.returncode == 0
    assert result.stderr.count("rdf-validate-shacl agrees with pySHACL") == 2


CONSOLE = """import atexit, gc, sys, threading, time
from myoclonus_ontology import cli
atexit.register(lambda: print("an exit handler ran", gc.get_threshold(), flush=True))
if "thread" in sys.argv:
    threading.Thread(target=lambda: (time.sleep(0.3), print("the thread ended", flush=True))).start()
sys.argv = ["myo", "--root", "/nonexistent-root", "check"]  # returns (exit 2), not raising SystemExit
print("before", end="")  # unflushed: console() flushes it
cli.console()
print("never printed")
"""


@pytest.mark.parametrize("thread", [False, True])
def test_the_console_entry_runs_exit_handlers_flushes_and_waits_for_threads(thread):
    run = subprocess.run([sys.executable, "-c", CONSOLE, *(["thread"] if thread else [])], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2 and "the source manifest is missing" in run.stderr, run.stderr
    assert run.stdout.startswith("before") and f"an exit handler ran {GC_THRESHOLD}" in run.stdout
    assert "never printed" not in run.stdout
    assert ("the thread ended" in run.stdout) is thread
