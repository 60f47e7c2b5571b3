"""The shortcuts of the edit → rebuild loop change nothing: same inferences, same reference page, caches keyed right."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from myoclonus_ontology import reason, serialize
from myoclonus_ontology.build import BUILD_ENGINE
from myoclonus_ontology.generate import load_ontology
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.namespaces import MYO, Term
from myoclonus_ontology.reference import documented, make_reference

from .conftest import edit


@pytest.mark.slow
def test_hermit_with_lean_jvm_flags_infers_the_same(project):
    graph = load_ontology(project)
    data = serialize.ntriples(serialize.canonical_graph(graph))
    lean = reason._run_hermit(graph, data, None, lean=True)
    plain = reason._run_hermit(graph, data, None, lean=False)
    assert len(lean) > 100
    assert set(lean) == set(plain)


@pytest.mark.slow
def test_pylode_documents_the_schema_alone_exactly_as_the_whole_release(fresh_build, tmp_path):
    whole = make_reference(fresh_build / "myo-full.ttl")
    (tmp_path / "documented.ttl").write_bytes(documented(parse_file(fresh_build / "myo-full.nt")))
    assert make_reference(tmp_path / "documented.ttl") == whole


def test_editing_a_claim_leaves_what_pylode_documents_unchanged(releases):
    """A claim's sign changed, and with it its label: pyLODE's input stays byte for byte the same."""
    full = Graph() + releases["full"]
    before = documented(full)
    record = MYO["0002002"]  # opsoclonus myoclonus is characterized by unsteady, trembling gait
    sign = full.value(record, Term.REPORTS_SYMPTOM)
    other = next(s for s in full.objects(None, Term.REPORTS_SYMPTOM) if s != sign)
    full.set((record, Term.REPORTS_SYMPTOM, other))
    full.set((record, RDFS.label, Literal("opsoclonus myoclonus is characterized by another sign", lang="en")))
    assert documented(full) == before
    full.add((Term.OPSOCLONUS_MYOCLONUS, RDFS.label, Literal("a second label", lang="en")))
    assert documented(full) != before  # an entity's label is on the page (in class axioms): it counts


def test_the_build_validates_with_the_engine_proven_equal(warm_scratch):
    """A fault in a claim still stops the build, named, with the faster engine."""
    assert BUILD_ENGINE == "turbo"
    table = warm_scratch.ontology / "statements" / "symptom.tsv"
    edit(table, "MYO:0002002\tMYO:0001001\topsoclonus myoclonus\tMYO:0001030\tunsteady, trembling gait",
         "MYO:0002002\tMYO:0001001\topsoclonus myoclonus\tMYO:0001065\tclonazepam")
    from .conftest import run_myo

    with (warm_scratch.root / "releases" / "changes.tsv").open("a", encoding="utf-8") as log:
        log.write("MYO:0002002\tMYO:0000102\ta fault, to be found by the shapes\n")
    run_myo(warm_scratch.root, "generate")
    result = run_myo(warm_scratch.root, "build", "--out", str(warm_scratch.root / "out"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "validate myo-base" in result.stderr
    assert "MYO:0002002" in result.stderr and "found by myosh:SymptomStatementShape-symptom" in result.stderr


def test_a_fault_the_forked_checks_find_is_the_builds_error_and_build_is_kept(warm_scratch):
    """The checks run in a forked child beside the reasoner: their fault still stops the build, named, exit 1."""
    from .conftest import run_myo, snapshot

    edit(warm_scratch.ontology / "statements" / "symptom.tsv",
         "MYO:0002002\tMYO:0001001\topsoclonus myoclonus\tMYO:0001030\tunsteady, trembling gait\ttrue\t\tasserted",
         "MYO:0002002\tMYO:0001001\topsoclonus myoclonus\tMYO:0001030\tunsteady, trembling gait\ttrue\t\tpossible")
    before = snapshot(warm_scratch.build)
    result = run_myo(warm_scratch.root, "build", "--generate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "check: 2 problem(s)" in result.stderr and "without a reason in releases/changes.tsv" in result.stderr
    assert "MYO:0002002" in result.stderr and "query" not in result.stderr.split("check:")[0]
    assert snapshot(warm_scratch.build) == before


def test_a_build_collects_cyclic_garbage_less_often_and_restores_the_thresholds():
    import gc

    from myoclonus_ontology.gc_policy import GC_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    assert before != GC_THRESHOLD
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold() == GC_THRESHOLD
        raise RuntimeError("a failed build")
    assert gc.get_threshold() == before


def test_a_failed_build_returns_once_the_reasoners_thread_has_ended_unless_interrupted(project, tmp_path):
    """A watch's next build must not start HermiT, or fork, while the failed build's HermiT still runs."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from myoclonus_ontology import interrupts
    from myoclonus_ontology.build import BuildContext, _settle_reasoner

    ctx = BuildContext(project, tmp_path)
    with ThreadPoolExecutor(max_workers=1) as executor:
        ctx.reasoning = executor.submit(time.sleep, 0.5)
        started = time.monotonic()
        _settle_reasoner(ctx)
        assert ctx.reasoning.done() and time.monotonic() - started >= 0.4
        ctx.reasoning = executor.submit(time.sleep, 0.5)
        interrupts._received.append(15)  # a stop was asked for: the command ends, its clean-up stops the JVM
        try:
            _settle_reasoner(ctx)
            assert not ctx.reasoning.done()
        finally:
            interrupts._received.clear()
