"""The Bioregistry record and the w3id.org redirect rules agree with the release; the prefix map expands MYO."""

from __future__ import annotations

import json
import re
from pathlib import Path

import curies
import pytest

from myoclonus_ontology.build import ARTIFACTS
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.namespaces import MYO, is_ours

RELEASE = "https://release.example"


def rules(path: Path) -> list[tuple[list[str], str, str]]:
    """(Accept conditions, pattern, target) for each RewriteRule after the RELEASE line, in order."""
    found, conditions = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts[:1] == ["RewriteCond"]:
            assert parts[1] == "%{HTTP_ACCEPT}"
            conditions.append(parts[2])
        elif parts[:1] == ["RewriteRule"] and parts[2] != "-":
            found.append((conditions, parts[1], parts[2].replace("%{ENV:RELEASE}", RELEASE)))
            conditions = []
    return found


def resolve(path: Path, iri_path: str, accept: str = "text/html") -> str | None:
    """Where Apache's mod_rewrite would send a request (first matching rule; conditions are regexes)."""
    for conditions, pattern, target in rules(path):
        match = re.match(pattern.replace(r"\d", "[0-9]"), iri_path)
        if match and all(re.search(c, accept) for c in conditions):
            groups = [match.group(0), *match.groups()]
            return re.sub(r"\$(\d)", lambda m, g=groups: g[int(m.group(1))] or "", target)
    return None


@pytest.fixture(scope="module")
def htaccess(project) -> Path:
    return project.root / "registry" / "w3id" / ".htaccess"


def test_the_bioregistry_record_validates_and_expands_our_identifiers(project, fresh_build):
    import bioregistry

    data = json.loads((project.root / "registry" / "bioregistry-myo.json").read_text(encoding="utf-8"))
    record = bioregistry.Resource.model_validate(data)
    assert record.get_preferred_prefix() == "MYO"
    assert record.get_default_uri(record.example) == str(MYO[record.example])
    ours = {str(s)[len(str(MYO)):] for s in parse_file(fresh_build / "myo-base.nt").subjects() if is_ours(s)}
    assert ours and all(re.match(record.get_pattern(), local) for local in ours)
    downloads = [data[k] for k in data if k.startswith("download_")]
    assert all(resolve(project.root / "registry" / "w3id" / ".htaccess", d.split("myoclonus-ontology/")[1])
               for d in downloads)


@pytest.mark.parametrize(("accept", "artifact"), [
    ("text/turtle", "myo-full.ttl"), ("application/rdf+xml", "myo-full.owl"),
    ("application/ld+json", "myo-full.jsonld"), ("application/n-triples", "myo-full.nt"),
    ("text/owl-functional", "myo-full.ofn"), ("text/obo", "myo-classes.obo"),
])
def test_a_term_iri_negotiates_to_the_release_in_the_format_asked(htaccess, fresh_build, accept, artifact):
    assert resolve(htaccess, "MYO_0001002", accept) == f"{RELEASE}/{artifact}"
    assert resolve(htaccess, "", accept) == f"{RELEASE}/{artifact}"
    assert (fresh_build / artifact).is_file()


def test_a_person_gets_the_documentation(htaccess, fresh_build):
    assert resolve(htaccess, "MYO_0001002") == f"{RELEASE}/docs/entities.html#MYO_0001002"
    assert 'id="MYO_0001002"' in (fresh_build / "docs" / "entities.html").read_text(encoding="utf-8")
    assert resolve(htaccess, "MYO_12") is None  # not an identifier of ours


def test_every_released_artifact_has_a_permanent_address(htaccess):
    for name, _ in ARTIFACTS:
        if name.startswith(("myo-", "mappings/")):
            assert resolve(htaccess, name) == f"{RELEASE}/{name}", name


def test_the_shipped_prefix_map_expands_and_compresses_our_identifiers(fresh_build):
    converter = curies.load_extended_prefix_map(fresh_build / "myo-prefixes.json")
    assert converter.expand("MYO:0001002") == str(MYO["0001002"])
    assert converter.compress(str(MYO["0001002"])) == "MYO:0001002"
    assert converter.expand("RO:0002200") == "http://purl.obolibrary.org/obo/RO_0002200"
    assert converter.expand("MONDO:0015247") == "http://purl.obolibrary.org/obo/MONDO_0015247"
