"""pyshacl-turbo gives pySHACL's findings, finding for finding: on the mutants, on clean and faulty synthetic data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.shacl_engines import TURBO_FROM, choose_engine
from myoclonus_ontology.synth import read_manifest
from myoclonus_ontology.validate import Finding, run_shacl

from .conftest import run_myo, synthetic_data


def findings(graph: Graph, shapes: Graph, engine: str) -> set[tuple]:
    """What must be equal: focus node, shape, path, value, severity (and the message)."""
    found, _ = run_shacl(graph, shapes, engine)
    return {(f.focus, f.source, f.path, f.value, f.severity, f.message) for f in found}


def mutated(release: Graph, mutants: list) -> Graph:
    """One copy of the release with each of the mutants applied, one after the other."""
    graph = Graph()
    graph += release
    for mutant in mutants:
        mutant.change(graph)
    return graph


@pytest.mark.parametrize("release", ["base", "full"])
@pytest.mark.parametrize("half", [0, 1])
def test_turbo_equals_pyshacl_on_the_mutants(releases, mutants, shapes, release, half):
    """Every mutant aimed at a shape (one per constraint), half of them at a time on one copy of the release."""
    aimed = [m for m in mutants if m.release == release][half::2]
    graph = mutated(releases[release], aimed)
    reference = findings(graph, shapes, "pyshacl")
    assert len({f[0] for f in reference}) >= 5  # faults on several nodes were found
    assert findings(graph, shapes, "turbo") == reference


@pytest.fixture(scope="module")
def synthetic(fresh_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """About 2,300 triples (one copy of the release's records), clean and with 3% known faults."""
    return synthetic_data(fresh_build / "myo-base.nt", tmp_path_factory.mktemp("synth"), 2000, 0.03, 7)


@pytest.mark.parametrize("kind", ["clean", "faulty"])
def test_turbo_equals_pyshacl_on_synthetic_data(synthetic, fresh_build, shapes, kind):
    graph = parse_file(synthetic[kind]) + parse_file(fresh_build / "myo-full.nt")
    reference = findings(graph, shapes, "pyshacl")
    assert bool(reference) == (kind == "faulty")
    assert findings(graph, shapes, "turbo") == reference


def test_both_engines_find_every_known_fault_once_through_the_command(project, synthetic):
    """`myo validate --engine E`: the same report from both, each fault of the manifest found exactly once."""
    data = synthetic["faulty"]
    faults = read_manifest(data.with_name(data.name + ".faults.tsv"))
    assert len(faults) >= 2
    reports = {}
    for engine in ("pyshacl", "turbo"):
        result = run_myo(project.root, "validate", str(data), "--engine", engine, "--format", "json")
        assert result.returncode == 1, result.stderr
        report = json.loads(result.stdout)["reports"][0]
        reports[engine] = [Finding(**{**r, "also": tuple(r["also"])}) for r in report["results"]]
    assert reports["turbo"] == reports["pyshacl"]
    by_focus: dict[str, list[Finding]] = {}
    for finding in reports["turbo"]:
        by_focus.setdefault(finding.focus.strip("<>"), []).append(finding)
    for fault in faults:
        found = by_focus.get(fault.focus, [])
        assert len(found) == 1, (fault, found)
        assert fault.expected in (found[0].source, *found[0].also), (fault, found)
    assert sum(len(f) for f in by_focus.values()) == len(faults)  # and nothing else


def test_auto_picks_pyshacl_for_small_inputs_and_turbo_from_the_threshold():
    assert choose_engine("auto", TURBO_FROM - 1) == "pyshacl"
    assert choose_engine("auto", TURBO_FROM) == "turbo"
    assert choose_engine("pyshacl", 10 * TURBO_FROM) == "pyshacl"


def test_auto_counts_the_data_not_the_release_it_is_merged_with(project, synthetic):
    """About 2,300 triples of data (below TURBO_FROM) stay with pySHACL, though data and release together pass it."""
    result = run_myo(project.root, "validate", str(synthetic["clean"]))
    assert result.returncode == 0, result.stderr
    assert "SHACL shapes by pySHACL" in result.stdout
    turbo = run_myo(project.root, "validate", str(synthetic["clean"]), "--engine", "turbo")
    assert "SHACL shapes by pyshacl-turbo" in turbo.stdout
