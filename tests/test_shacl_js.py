"""The second SHACL engine (rdf-validate-shacl) gives pySHACL's verdict on the release and on mutants."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from myoclonus_ontology.mutation import sample
from myoclonus_ontology.namespaces import curie
from myoclonus_ontology.shacl_js import validate_each_js, validate_js
from myoclonus_ontology.validate import run_shacl, short


@pytest.mark.parametrize("stem", ["myo-base", "myo-full"])
def test_release_conforms_in_the_second_engine(project, fresh_build, stem):
    verdict = validate_js(project, project.shapes / "myo-shapes.ttl", [fresh_build / f"{stem}.nt"])
    assert verdict.conforms and verdict.results == frozenset()


def test_second_engine_gives_the_same_verdict_on_mutants(project, shapes, releases, mutants, tmp_path: Path):
    chosen = sample(mutants, per_family=1, seed=7)
    paths, python = [], []
    for index, mutant in enumerate(chosen):
        graph = mutant.apply(releases[mutant.release])
        paths.append(tmp_path / f"mutant-{index}.nt")
        graph.serialize(paths[-1], format="nt", encoding="utf-8")
        python.append(run_shacl(graph, shapes)[0])
    verdicts = validate_each_js(project, project.shapes / "myo-shapes.ttl", paths)
    differences = []
    blank = "_:blank"  # engines label blank nodes differently; compare them as one
    for mutant, findings, js in zip(chosen, python, verdicts, strict=True):
        by_python = {(blank if f.focus.startswith("_:") else f.focus, f.source) for f in findings}
        by_js = {(blank if focus.startswith("_:") else curie(URIRef(focus)), short(URIRef(shape)))
                 for focus, shape in js.results}
        if js.conforms != (not findings) or by_python != by_js:
            differences.append((mutant.family, mutant.description, sorted(by_python ^ by_js)))
    assert differences == []
    assert len(chosen) >= 15 and not any(js.conforms for js in verdicts)
