"""Caches: a damaged, stale or unwritable cache is a miss, never a wrong release."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from rdflib import Graph, Literal, URIRef

from myoclonus_ontology import cache as cache_module
from myoclonus_ontology import reason as reason_module
from myoclonus_ontology import serialize
from myoclonus_ontology.cache import Cache, code_digest, tool_version
from myoclonus_ontology.reason import logical_part, reason, reasoner_cache
from myoclonus_ontology.reference import reference_cache
from myoclonus_ontology.validate import validation_cache

PAYLOAD = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n" * 100


def test_an_entry_reads_back_only_whole_and_unchanged(tmp_path):
    cache = Cache(tmp_path, tools=["rdflib"], modules=[])
    key = cache.key(b"input")
    cache.put(key, PAYLOAD)
    assert cache.get(key) == PAYLOAD
    raw = (tmp_path / key).read_bytes()
    for damaged in (raw[: len(raw) // 2], raw.replace(b"example.org/c", b"example.org/d", 1), raw[:20], b""):
        (tmp_path / key).write_bytes(damaged)  # a crash or a full disk mid-write, or an edit
        assert cache.get(key) is None
        assert not (tmp_path / key).exists()  # removed, so the next run writes it afresh
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary file left by put either


def test_the_key_changes_with_the_input_the_tools_and_the_code(tmp_path, monkeypatch):
    module = tmp_path / "post_process_demo.py"
    module.write_text("def complete(graph):\n    return graph\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    cache = Cache(tmp_path / "cache", tools=["rdflib"], modules=["post_process_demo"])
    key = cache.key(b"input")
    assert cache.key(b"other input") != key
    module.write_text("def complete(graph):\n    return graph + graph\n", encoding="utf-8")
    code_digest.cache_clear()
    assert cache.key(b"input") != key  # changed post-processing code: a miss, not a stale result
    code_digest.cache_clear()
    changed = cache.key(b"input")
    monkeypatch.setattr(cache_module, "tool_version", lambda name: "9.9" if name == "rdflib" else tool_version(name))
    assert cache.key(b"input") != changed
    sys.modules.pop("post_process_demo", None)


@pytest.mark.parametrize(("make", "tools", "modules"), [
    (reasoner_cache, {"owlready2", "java", "rdflib", "pyoxigraph"}, {"reason", "serialize", "graph_io"}),
    (validation_cache, {"pyshacl", "rdflib", "pyoxigraph"}, {"validate", "graph_io", "sparql_text"}),
    (reference_cache, {"pylode", "rdflib", "pyoxigraph"}, {"reference", "serialize", "graph_io"}),
])
def test_each_cache_is_keyed_by_the_tools_and_code_that_make_its_results(make, tools, modules):
    cache = make(None)
    assert tools <= set(cache.tools)
    assert {f"myoclonus_ontology.{m}" for m in modules} <= set(cache.modules)


@pytest.mark.slow
def test_a_truncated_reasoner_entry_makes_the_reasoner_run_again(asserted, tmp_path, monkeypatch):
    results = reasoner_cache(tmp_path)
    key = results.key(serialize.ntriples(serialize.canonical_graph(logical_part(asserted))), "hints=True")
    results.put(key, PAYLOAD)
    (tmp_path / key).write_bytes((tmp_path / key).read_bytes()[:-500])  # cut short
    fresh = Graph()
    fresh.add((URIRef("https://example.org/inferred"), URIRef("https://example.org/by"), Literal("HermiT")))
    monkeypatch.setattr(reason_module, "_run_hermit", lambda graph, data, locator, hints=None: fresh)
    monkeypatch.setattr(reason_module, "java_available", lambda: True)
    result = reason(asserted, cache=tmp_path)
    assert not result.cached and (URIRef("https://example.org/inferred"), None, None) in result.inferred
    assert results.get(key) is not None  # written again, whole


def test_an_unwritable_cache_is_skipped(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    cache = Cache(blocked / "cache", tools=[], modules=[])
    key = cache.key(b"x")
    cache.put(key, PAYLOAD)  # no error: a cache only ever saves time
    assert cache.get(key) is None


def test_a_truncated_nanopublication_entry_is_made_again(releases, source, tmp_path):
    """The nanopublications' cache is the verified one: a cut entry is a miss, never a published file."""
    from myoclonus_ontology.claims import read_claims
    from myoclonus_ontology.exchange.stage import nanopubs

    claims = read_claims(releases["base"])
    few = dataclasses.replace(claims, claims=claims.claims[:2])
    first = nanopubs(few, source, tmp_path)
    entries = sorted(tmp_path.iterdir())
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # a crash or a full disk while writing
    assert nanopubs(few, source, tmp_path) == first
