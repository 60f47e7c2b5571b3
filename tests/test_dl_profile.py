"""The release stays in OWL 2 DL; the check reports constructs outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from myoclonus_ontology.dl_profile import check_dl_profile, jars_installed
from myoclonus_ontology.release import BASE_RELEASE, FULL_RELEASE


@pytest.fixture(autouse=True)
def owlapi_present():
    assert jars_installed(), "the OWL API jars are missing: `make setup` fetches them"

NON_DL = """@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:o a owl:Ontology .
ex:q a owl:ObjectProperty ; owl:propertyChainAxiom ( ex:q ex:q ) .
ex:D a owl:Class ; owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:q ; owl:maxCardinality 1 ] .
"""

PUNNED = """@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:o a owl:Ontology .
ex:p a owl:ObjectProperty, owl:DatatypeProperty .
"""


@pytest.mark.parametrize("stem", [BASE_RELEASE.stem, FULL_RELEASE.stem])
def test_release_is_in_owl2_dl(fresh_build, stem):
    assert check_dl_profile(fresh_build / f"{stem}.owl") == []


@pytest.mark.slow
def test_non_simple_property_in_a_cardinality_restriction_is_reported(tmp_path: Path):
    path = tmp_path / "non-dl.ttl"
    path.write_text(NON_DL, encoding="utf-8")
    problems = check_dl_profile(path)
    assert len(problems) == 1
    assert "Use of non-simple property in a restriction" in problems[0].message
    assert "http://example.org/q" in problems[0].message


@pytest.mark.slow
def test_property_punning_is_reported(tmp_path: Path):
    path = tmp_path / "punned.ttl"
    path.write_text(PUNNED, encoding="utf-8")
    problems = check_dl_profile(path)
    assert [p.node for p in problems] == ["<http://example.org/p>"]
    assert "forbids this punning" in problems[0].message
