"""Speed and memory figures for the build and its parts. Prints figures; asserts nothing.

    .venv/bin/python scripts/benchmark.py [--runs N]

Each full build runs in a fresh process (`myo build --out <tmp>`), so interpreter start-up and imports
count, as they do for a user. Peak memory is the largest resident set of those child processes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from myoclonus_ontology.build import run_build
from myoclonus_ontology.graph_io import load_ontology, parse_file
from myoclonus_ontology.project import Project
from myoclonus_ontology.queries import load_questions, rdflib_rows, run_oxigraph, store_of
from myoclonus_ontology.reason import reason


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f}s  min {min(times):.3f}s  max {max(times):.3f}s  (n={len(times)})"


def full_build_in_a_fresh_process(project: Project, runs: int) -> None:
    for label, extra in (("cold: reasoner runs", ["--no-cache"]), ("warm: reasoner cached", [])):
        with tempfile.TemporaryDirectory() as tmp:
            def once(extra: list[str] = extra, tmp: str = tmp) -> None:
                subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(project.root), "build",
                                "--out", str(Path(tmp) / "build"), *extra], check=True, capture_output=True)
            times = timed(once, runs)
        print(f"full build, fresh process, {label:<22} {summary(times)}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak resident memory, largest build process (Python or the HermiT JVM): {peak_kib / 1024:.0f} MiB")


def reasoner_alone(project: Project, runs: int) -> None:
    graph = load_ontology(project)
    times = timed(lambda: reason(graph, cache=None), runs)
    print(f"HermiT via owlready2 (JVM start, consistency, classification, property values): {summary(times)}")


def questions_per_engine(project: Project, runs: int) -> None:
    """Time every competency question on pyoxigraph and on rdflib, over the full release."""
    full = parse_file(project.build / "myo-full.nt", project)
    store = store_of(full)
    questions = load_questions(project)
    per_engine: dict[str, list[float]] = {"pyoxigraph": [], "rdflib": []}
    for question in questions:
        ox_times = timed(lambda q=question: list(run_oxigraph(store, q.text, q.params)), runs)
        rdf_times = timed(lambda q=question: rdflib_rows(full, q), runs)
        per_engine["pyoxigraph"].append(statistics.median(ox_times))
        per_engine["rdflib"].append(statistics.median(rdf_times))
    for engine, times in per_engine.items():
        print(f"competency questions on {engine:<10} median {1000 * statistics.median(times):7.2f} ms/question, "
              f"max {1000 * max(times):7.2f} ms, all {len(times)} in {sum(times):.3f}s")
    ratio = statistics.median(r / o for r, o in zip(per_engine["rdflib"], per_engine["pyoxigraph"], strict=True))
    print(f"rdflib / pyoxigraph, median ratio per question: {ratio:.0f}x")


def stages_in_process(project: Project, runs: int) -> None:
    totals: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            ctx = run_build(project, Path(tmp) / "build")
            for name, seconds in ctx.timings.items():
                totals.setdefault(name, []).append(seconds)
    print("stages, in one warm process:")
    for name, times in totals.items():
        print(f"  {name:<10} {summary(times)}")


def safety_overheads(project: Project, runs: int) -> None:
    """What the safety measures cost: a bounded query, the build lock, a verified cache read."""
    from myoclonus_ontology import swap
    from myoclonus_ontology.bounded_query import answer, run_bounded
    from myoclonus_ontology.cache import Cache

    store = store_of(parse_file(project.build / "myo-full.nt", project))
    question = next(q for q in load_questions(project) if q.id == "cq02")
    direct = timed(lambda: answer(store, question.text, question.params, "cq02", "table"), runs * 20)
    bounded = timed(lambda: run_bounded(store, question.text, question.params, "cq02", "table"), runs * 20)
    print(f"myo query cq02, in process: {1000 * statistics.median(direct):.2f} ms; in a bounded child (fork, "
          f"memory limit, pipe): {1000 * statistics.median(bounded):.2f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "build"

        def lock_once() -> None:
            with swap.locked(target, "benchmark"):
                pass
        locking = timed(lock_once, runs * 20)
        print(f"build lock, taken and released with its recovery scan: {1000 * statistics.median(locking):.2f} ms")
        payload = (project.build / "myo-full.nt").read_bytes()
        cache = Cache(Path(tmp) / "cache", tools=["owlready2", "java", "rdflib", "pyoxigraph"],
                      modules=["myoclonus_ontology.reason"])
        key = cache.key(payload)
        cache.put(key, payload)
        verified = timed(lambda: cache.get(key), runs * 20)
        raw = timed(lambda: (Path(tmp) / "cache" / key).read_bytes(), runs * 20)
        keyed = timed(lambda: cache.key(payload), runs * 20)
        print(f"cache read of {len(payload) / 1e6:.2f} MB: verified {1000 * statistics.median(verified):.2f} ms, "
              f"plain read {1000 * statistics.median(raw):.2f} ms; key {1000 * statistics.median(keyed):.2f} ms")


PARTS = {"build": full_build_in_a_fresh_process, "reasoner": reasoner_alone, "questions": questions_per_engine,
         "stages": stages_in_process, "safety": safety_overheads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=sorted(PARTS), action="append", help="measure only these parts")
    args = parser.parse_args()
    project = Project.default()
    print(f"machine: {sys.platform}, Python {sys.version.split()[0]}")
    for name, part in PARTS.items():
        if not args.only or name in args.only:
            part(project, args.runs)


if __name__ == "__main__":
    main()
