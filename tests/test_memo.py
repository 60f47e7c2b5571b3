"""Results kept between builds: made once per argument, reused, pruned to those used, never kept when refused."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from myoclonus_ontology import disorder_json
from myoclonus_ontology.cache import Cache
from myoclonus_ontology.disorder_json import write_documents
from myoclonus_ontology.errors import BuildError, Problem
from myoclonus_ontology.memo import Memo
from myoclonus_ontology.namespaces import MYO
from myoclonus_ontology.readable import compaction_cache, dump, ordered, readable_jsonld, readable_vocabulary
from myoclonus_ontology.serialize import canonical_graph
from myoclonus_ontology.serialize import jsonld as prefixed_jsonld


def cache(folder) -> Cache:
    return Cache(folder, tools=(), modules=("myoclonus_ontology.memo",))


def test_a_result_is_made_once_kept_and_pruned_to_those_used(tmp_path):
    made: list[str] = []

    def make(argument: str):
        return lambda: made.append(argument) or {"for": argument}

    first = Memo(cache(tmp_path), "context")
    assert [first.value(a, make(a)) for a in ("a", "b")] == [{"for": "a"}, {"for": "b"}]
    first.save()
    second = Memo(cache(tmp_path), "context")
    assert second.value("a", make("a")) == {"for": "a"} and second.value("c", make("c")) == {"for": "c"}
    assert made == ["a", "b", "c"] and (second.made, second.reused) == (1, 1)
    second.save()  # "b" was not used: it is not kept
    third = Memo(cache(tmp_path), "context")
    assert set(third.known) == set(second.used) and len(third.known) == 2
    other = Memo(cache(tmp_path), "another context")  # other fixed inputs: nothing of the first is seen
    assert other.known == {}


def test_a_returned_result_can_be_changed_without_changing_the_kept_one(tmp_path):
    memo = Memo(cache(tmp_path), "context")
    memo.value("a", lambda: {"list": [1]})["list"].append(2)
    assert memo.value("a", lambda: pytest.fail("kept")) == {"list": [1]}


def test_with_caching_off_every_result_is_made(tmp_path):
    memo = Memo(cache(None), "context")
    memo.value("a", lambda: 1)
    memo.save()
    assert Memo(cache(None), "context").known == {} and list(tmp_path.iterdir()) == []


def test_per_node_compaction_gives_what_compacting_the_whole_release_gives(releases, shapes, tmp_path):
    """Compaction maps each node of @graph alone, so kept nodes are exact: the bytes equal those of pyld's
    compaction of the whole document (the former way), cold and warm."""
    full = releases["full"]
    vocabulary = readable_vocabulary(full, shapes)
    context = vocabulary.context()
    whole = jsonld.compact(json.loads(prefixed_jsonld(full)), {"@context": context})["@graph"]
    expected = dump(ordered({"@context": context, "@graph": whole}, vocabulary.integer_keys()))
    assert len(whole) > 400
    assert readable_jsonld(full, vocabulary, tmp_path) == expected  # cold: every node made
    assert readable_jsonld(full, vocabulary, tmp_path) == expected  # warm: every node kept
    assert readable_jsonld(full, vocabulary, None) == expected


def test_an_edited_claim_makes_its_documents_again_and_reuses_the_others(releases, shapes, tmp_path):
    full, out = releases["full"], tmp_path / "out"
    vocabulary = readable_vocabulary(full, shapes)
    out.mkdir()
    first = write_documents(out, full, vocabulary, tmp_path / "cache")
    edited = Graph() + full
    edited.set((MYO["0002051"], RDFS.comment, Literal("a note on a claim about myoclonus", lang="en")))
    again = tmp_path / "again"
    again.mkdir()
    second = write_documents(again, canonical_graph(edited), vocabulary, tmp_path / "cache")
    assert first.made == len(first.used) == 14 and second.made == 1 and second.reused == 13
    assert "a note on a claim about myoclonus" in (again / "json" / "myoclonus.json").read_text(encoding="utf-8")


def test_documents_are_the_same_bytes_with_no_cache_a_cold_one_and_a_warm_one(releases, shapes, tmp_path):
    """A kept document keeps its keys' order (id, type, label first; sections in order): byte for byte."""
    full = releases["full"]
    vocabulary = readable_vocabulary(full, shapes)
    written = {}
    for run, cache_folder in (("none", None), ("cold", tmp_path / "cache"), ("warm", tmp_path / "cache")):
        out = tmp_path / run
        out.mkdir()
        write_documents(out, full, vocabulary, cache_folder)
        written[run] = {p.name: p.read_bytes() for p in sorted((out / "json").iterdir())}
    assert written["none"] == written["cold"] == written["warm"] and len(written["warm"]) == 15
    first_keys = list(json.loads(written["warm"]["myoclonus.json"]))[:4]
    assert first_keys == ["@context", "id", "type", "label"]


def test_a_document_its_check_refuses_is_never_kept(releases, shapes, tmp_path, monkeypatch):
    full = releases["full"]
    vocabulary = readable_vocabulary(full, shapes)
    monkeypatch.setattr(disorder_json, "check_document", lambda *a, **k: [Problem("refused", node="MYO:0001002")])
    (tmp_path / "a").mkdir()
    with pytest.raises(BuildError) as err:
        write_documents(tmp_path / "a", full, vocabulary, tmp_path / "cache")
    assert "refused" in str(err.value) and "MYO:0001002" in str(err.value)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())
    monkeypatch.undo()
    (tmp_path / "b").mkdir()
    assert write_documents(tmp_path / "b", full, vocabulary, tmp_path / "cache").made == 14


def test_the_compaction_cache_is_keyed_by_pyld_and_the_code_that_compacts(tmp_path):
    kept = compaction_cache(tmp_path)
    assert "pyld" in kept.tools and {"myoclonus_ontology.readable", "myoclonus_ontology.disorder_json",
                                     "myoclonus_ontology.memo"} <= set(kept.modules)
