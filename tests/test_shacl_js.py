"""The second SHACL engine (rdf-validate-shacl) gives pySHACL's verdict on the release and on mutants."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from myoclonus_ontology.mutation import sample
from myoclonus_ontology.prefixes import curie
from myoclonus_ontology.shacl_js import Verdict, found_by_js, found_by_shapes, run_node, validate_js
from myoclonus_ontology.validate import run_shacl, short

from .test_shapes import closure, owning_node_shape


def validate_pairs_js(project, pairs: list[tuple[Path, Path]]) -> list[Verdict]:
    """rdf-validate-shacl over each (shapes, data) pair, in one Node process."""
    return run_node(project, ["--pairs", *(str(p) for pair in pairs for p in pair)])


@pytest.mark.parametrize("stem", ["myo-base", "myo-full"])
def test_release_conforms_in_the_second_engine(project, fresh_build, stem):
    verdict = validate_js(project, project.shapes / "myo-shapes.ttl", [fresh_build / f"{stem}.nt"])
    assert verdict.conforms and verdict.results == frozenset()


def test_second_engine_gives_the_same_verdict_on_mutants(project, shapes, releases, mutants, tmp_path: Path):
    """Each sampled mutant is validated by both engines with the shapes aimed at it (a fault must be found)."""
    chosen = sample(mutants, per_family=2, seed=7)
    pairs, python = [], []
    for index, mutant in enumerate(chosen):
        own = closure(shapes, owning_node_shape(shapes, mutant.shape))
        data, shape_file = tmp_path / f"mutant-{index}.nt", tmp_path / f"shapes-{index}.ttl"
        with mutant.applied(releases[mutant.release]) as graph:
            graph.serialize(data, format="nt", encoding="utf-8")
            python.append(run_shacl(graph, own)[0])
        own.serialize(shape_file, format="turtle", encoding="utf-8")
        pairs.append((shape_file, data))
    verdicts = validate_pairs_js(project, pairs)
    differences = []
    for mutant, findings, js in zip(chosen, python, verdicts, strict=True):
        by_python, by_js = found_by_shapes(findings), found_by_js(js)
        if js.conforms != (not findings) or by_python != by_js:
            differences.append((mutant.family, mutant.description, sorted(by_python ^ by_js)))
    assert differences == []
    assert len(chosen) >= 30 and not any(js.conforms for js in verdicts)


def test_second_engine_agrees_on_a_mutant_with_all_the_shapes(project, shapes, releases, mutants, tmp_path: Path):
    mutant = next(m for m in mutants if m.family == "shape:class")
    graph = mutant.apply(releases[mutant.release])
    data = tmp_path / "mutant.nt"
    graph.serialize(data, format="nt", encoding="utf-8")
    findings = run_shacl(graph, shapes)[0]
    js = validate_js(project, project.shapes / "myo-shapes.ttl", [data])
    assert {(f.focus, f.source) for f in findings} == {(curie(URIRef(f)), short(URIRef(s))) for f, s in js.results}
    assert findings
