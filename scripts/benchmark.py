"""Speed and memory figures for the build, validation and queries. Prints figures; asserts nothing.

    .venv/bin/python scripts/benchmark.py [--runs N] [--large] [--only PART ...]

By default (`make benchmark`, a few minutes) it measures the edit → rebuild loop, validation of synthetic
data of 10k and 100k triples (clean, and with 1% known faults) per engine, and the competency questions
over the release plus that data on Oxigraph and rdflib; `--large` adds 1M triples (several minutes more).
`--only build|reasoner|questions|stages|safety` runs the older whole-build parts.

Every command runs in a fresh process, so interpreter start-up and imports count, as they do for a user;
peak memory is that process's largest resident set (with its children's).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

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


# ------------------------------------------------------------------------------------------ fresh processes
@dataclass
class Run:
    """One command in a fresh process: wall time, peak resident memory, exit code and output."""

    seconds: float
    peak_mib: float
    code: int
    stdout: str
    stderr: str


def run_fresh(args: list[str], timeout: float = 1800, env: dict | None = None) -> Run:
    """`python -m myoclonus_ontology.cli ARGS` in a new process, measured by wait4 (its own rusage)."""
    import os

    command = [sys.executable, "-m", "myoclonus_ontology.cli", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, child.returncode, out.read().decode(), err.read().decode())


def table(header: list[str], rows: list[list[str]]) -> None:
    """A Markdown table, so the output can be pasted into the README."""
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


# ------------------------------------------------------------------------------------------ edit → rebuild
EDITED_CLAIM = "MYO:0002002"  # a claim whose note (a column of its table) the rebuild part edits, in a scratch copy


def scratch_project(project: Project, folder: Path) -> Project:
    """A copy of the project's inputs and build/ (no caches), which the rebuild part edits."""
    for name in ("sources", "ontology", "shapes", "queries", "mappings", "releases", "docs", "build"):
        if (project.root / name).exists():
            shutil.copytree(project.root / name, folder / name)
    return Project(folder)


def edit_claim(project: Project, number: int) -> Path:
    """Change one claim's editor note in its table (a new text each time, so nothing it touches is cached)."""
    for path in sorted((project.ontology / "statements").glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        header = lines[0].split("\t")
        for index, line in enumerate(lines):
            cells = line.split("\t")
            if cells[0] == EDITED_CLAIM:
                cells[header.index("note")] = f"Edited for the benchmark ({number})."
                lines[index] = "\t".join(cells)
                path.write_text("\n".join(lines), encoding="utf-8")
                return path
    raise SystemExit(f"benchmark: no claim {EDITED_CLAIM} in {project.ontology / 'statements'}")


def rebuild(root: str, *extra: str) -> Run:
    """What `make build` runs: `myo build --generate` (the tables' component written, then every stage)."""
    run = run_fresh(["--root", root, "build", "--generate", *extra])
    if run.code:
        raise SystemExit(f"benchmark: a scratch build failed:\n{run.stdout}{run.stderr}")
    return run


def rebuild_after_an_edit(project: Project, runs: int) -> None:
    """Edit one claim in a scratch copy, rebuild in fresh processes; caches warm only for untouched parts."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = scratch_project(project, Path(tmp))
        rebuild(tmp)  # fills the scratch copy's caches, as a curator's previous build did
        results = []
        for number in range(1, runs + 1):
            edit_claim(scratch, number)
            results.append(rebuild(tmp))
        reasoned = []  # an edit of what a claim relates changes HermiT's input: as if its cache were empty
        for number in range(runs + 1, 2 * runs + 1):
            edit_claim(scratch, number)
            shutil.rmtree(scratch.root / ".cache" / "reasoner", ignore_errors=True)
            reasoned.append(rebuild(tmp))
        cold = rebuild(tmp, "--no-cache")
        watched, watched_reasoning = rebuild_while_watching(scratch, runs, first=2 * runs + 1)
    times = [r.seconds for r in results]
    again = [r.seconds for r in reasoned]
    print("## Rebuild after an edited claim (`myo build --generate`, as `make build`; a fresh process, wall time)\n")
    table(["what", "median", "min", "max", "peak memory"], [
        [f"edit one claim, rebuild (n={runs})", f"{statistics.median(times):.2f} s", f"{min(times):.2f} s",
         f"{max(times):.2f} s", f"{max(r.peak_mib for r in results):.0f} MiB"],
        [f"edit one claim, HermiT runs again (its cache emptied: an edit of what a claim relates; n={runs})",
         f"{statistics.median(again):.2f} s", f"{min(again):.2f} s", f"{max(again):.2f} s",
         f"{max(r.peak_mib for r in reasoned):.0f} MiB"],
        ["no cache at all (`--no-cache`)", f"{cold.seconds:.2f} s", "", "", f"{cold.peak_mib:.0f} MiB"],
        [f"edit one claim, a watching build (`--watch`: from the save to the new build/; n={runs})",
         f"{statistics.median(watched):.2f} s", f"{min(watched):.2f} s", f"{max(watched):.2f} s", ""],
        [f"the same, HermiT runs again (its cache emptied; HermiT kept warm by the watch; n={runs})",
         f"{statistics.median(watched_reasoning):.2f} s", f"{min(watched_reasoning):.2f} s",
         f"{max(watched_reasoning):.2f} s", ""]])
    print("stages of the last edited rebuild: " + results[-1].stdout.splitlines()[0].split("(", 1)[-1].rstrip(")"))
    print()


def rebuild_while_watching(scratch: Project, runs: int, first: int) -> tuple[list[float], list[float]]:
    """`myo build --generate --watch` on the scratch copy: seconds from each saved edit to the new build/ in
    place (the watcher's polling included), read from the line it prints when the new build/ is in place;
    `runs` edits, then `runs` more with HermiT's cache emptied first (HermiT runs again, in the warm JVM)."""
    import threading

    command = [sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(scratch.root), "build", "--generate",
               "--watch"]
    watcher = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=lambda: lines.extend((time.perf_counter(), line) for line in watcher.stdout),
                              daemon=True)
    reader.start()

    def seen(text: str, count: int) -> float:
        deadline = time.perf_counter() + 600
        while time.perf_counter() < deadline:
            found = [at for at, line in list(lines) if text in line]
            if len(found) >= count:
                return found[count - 1]
            if watcher.poll() is not None:
                break
            time.sleep(0.02)
        raise SystemExit(f"benchmark: the watching build never said {text!r}")

    try:
        seen("watching", 1)
        times: list[float] = []
        for number in range(first, first + 2 * runs):
            time.sleep(1.0)  # the watcher is idle, polling
            if number >= first + runs:
                shutil.rmtree(scratch.root / ".cache" / "reasoner", ignore_errors=True)
            edit_claim(scratch, number)
            saved = time.perf_counter()
            times.append(seen("edit → new build/ in place", len(times) + 1) - saved)
        warm = sum("in the warm JVM" in line for _, line in list(lines))
        if warm < runs:
            raise SystemExit(f"benchmark: HermiT ran in the warm JVM {warm} times, not {runs}")
        return times[:runs], times[runs:]
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=120)


# ------------------------------------------------------------------------------------------ validation at scale
def synthetic(folder: Path, triples: int, faults: float) -> Path:
    """Synthetic data of about `triples` triples (written once per benchmark run, by `myo synth`)."""
    name = f"synth-{triples}{'-faulty' if faults else ''}.ttl"
    path = folder / name
    if not path.exists():
        run = run_fresh(["synth", "--triples", str(triples), "--faults", str(faults), "--out", str(path)])
        if run.code:
            raise SystemExit(f"benchmark: myo synth failed:\n{run.stderr}")
    return path


def engines_offered() -> list[str]:
    """The SHACL engines `myo validate --engine` offers (before that flag existed: pySHACL only)."""
    run = run_fresh(["validate", "--help"])
    if "--engine" not in run.stdout:
        return ["pyshacl"]
    choices = run.stdout.split("--engine", 1)[1].split("{", 1)[1].split("}", 1)[0]
    return [c.strip() for c in choices.split(",")]


def judge(report: str, manifest: Path | None) -> str:
    """Findings, and for faulty data whether every known fault was found exactly once."""
    import json

    from myoclonus_ontology.synth import read_manifest

    results = [r for rep in json.loads(report)["reports"] for r in rep["results"]]
    if manifest is None:
        return f"{len(results)}"
    faults = read_manifest(manifest)
    per_focus: dict[str, list] = {}
    for r in results:
        per_focus.setdefault(r["focus"].strip("<>"), []).append(r)
    found = sum(1 for f in faults if any(f.expected in (r["source"], *r["also"]) for r in per_focus.get(f.focus, [])))
    once = sum(1 for f in faults if len(per_focus.get(f.focus, [])) == 1)
    extra = len(results) - sum(len(per_focus.get(f.focus, [])) for f in faults)
    return f"{len(results)}: {found}/{len(faults)} faults found, {once} once, {extra} other"


def validation_at_scale(project: Project, runs: int, sizes: list[int], folder: Path, timeout: float) -> None:
    """`myo validate DATA` per size, engine, clean and faulty data: time, peak memory, findings."""
    from myoclonus_ontology.synth import manifest_path

    rows = []
    for size in sizes:
        for faults in (0.0, 0.01):
            data = synthetic(folder, size, faults)
            offered = engines_offered()
            for engine in offered:
                if len(offered) > 1 and engine != "auto" and size > 20_000:
                    continue  # above the threshold `auto` is pyshacl-turbo; pySHACL's own figures are the before table
                extra = ["--engine", engine] if len(offered) > 1 else []
                measured = []
                for _ in range(1 if size >= 1_000_000 else runs):
                    measured.append(run_fresh(["validate", str(data), "--format", "json", *extra], timeout))
                    if measured[-1].code not in (0, 1):
                        break
                last = measured[-1]
                if last.code not in (0, 1):
                    outcome = f"stopped after {timeout:.0f} s" if last.seconds >= timeout else f"exit {last.code}"
                    rows.append([f"{size:,}", "1% faults" if faults else "clean", engine, f"> {last.seconds:.0f} s"
                                 if last.seconds >= timeout else f"{last.seconds:.1f} s", f"{last.peak_mib:.0f} MiB",
                                 outcome])
                    continue
                verdict = judge(last.stdout, manifest_path(data) if faults else None)
                median = statistics.median(r.seconds for r in measured)
                rows.append([f"{size:,}", "1% faults" if faults else "clean", engine, f"{median:.1f} s",
                             f"{max(r.peak_mib for r in measured):.0f} MiB", verdict])
    print("## Validating synthetic data (`myo validate DATA`, merged with the full release; fresh process)\n")
    table(["triples", "data", "engine", "time (median)", "peak memory", "findings"], rows)


# ------------------------------------------------------------------------------------------ validation in place
def validation_at_an_endpoint(project: Project, sizes: list[int], folder: Path, timeout: float) -> None:
    """`myo validate --endpoint`: the faulty data and the full release in a local Oxigraph server."""
    from myoclonus_ontology.endpoint import OXIGRAPH, start
    from myoclonus_ontology.synth import manifest_path

    rows = []
    for size in sizes:
        data = synthetic(folder, size, 0.01)
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            for path in (data, project.build / "myo-full.nt"):
                subprocess.run([OXIGRAPH, "load", "--location", tmp, "--file", str(path)], check=True,
                               capture_output=True)
            loaded = time.perf_counter() - started
            server = start(Path(tmp), read_only=True)
            try:
                run = run_fresh(["validate", "--endpoint", server.query_url, "--format", "json", "--timeout",
                                 str(timeout)], timeout)
            finally:
                server.stop()
        verdict = judge(run.stdout, manifest_path(data)) if run.code in (0, 1) else f"exit {run.code}"
        rows.append([f"{size:,}", f"{loaded:.1f} s", f"{run.seconds:.1f} s", f"{run.peak_mib:.0f} MiB", verdict])
    print("## Validating in place (`myo validate --endpoint`, a local Oxigraph server, 1% faults)\n")
    table(["triples", "load into the server", "validation", "peak memory (myo)", "findings"], rows)


# ------------------------------------------------------------------------------------------ queries at scale
RDFLIB_QUESTION_SECONDS = 20  # rdflib's SPARQL can take minutes on a question Oxigraph answers at once


class _TimeUpError(Exception):
    pass


def within(seconds: int, fn: Callable[[], object]) -> float | None:
    """How long `fn` took, or None when it was stopped after `seconds` (SIGALRM; main thread only)."""
    def stop(*_: object) -> None:
        raise _TimeUpError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    started = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - started
    except _TimeUpError:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def questions_at_scale(project: Project, runs: int, sizes: list[int], folder: Path) -> None:
    """The competency questions over the full release plus synthetic data, on Oxigraph and on rdflib."""
    rows = []
    questions = load_questions(project)
    release = project.build / "myo-full.nt"
    for size in sizes:
        data = synthetic(folder, size, 0.0)
        store = ox.Store()
        started = time.perf_counter()
        store.bulk_load(path=str(release), format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(path=str(data), format=ox.RdfFormat.TURTLE)
        loaded = time.perf_counter() - started
        per_question = [statistics.median(timed(lambda q=q, s=store: list(run_oxigraph(s, q.text, q.params)), runs))
                        for q in questions]
        slowest = questions[per_question.index(max(per_question))].id
        rows.append([f"{size:,}", "Oxigraph", f"{loaded:.1f} s", f"{sum(per_question):.2f} s",
                     f"{max(per_question):.2f} s ({slowest})"])
        store = None
        if size > 100_000:
            rows.append([f"{size:,}", "rdflib", "not measured (a minute to load, GBs)", "", ""])
            continue
        started = time.perf_counter()
        graph = parse_file(release) + parse_file(data)
        loaded = time.perf_counter() - started
        per_question, stopped = [], []
        for q in questions:
            seconds = within(RDFLIB_QUESTION_SECONDS, lambda q=q, g=graph: rdflib_rows(g, q))
            if seconds is None:
                stopped.append(q.id)
            per_question.append(seconds if seconds is not None else RDFLIB_QUESTION_SECONDS)
        slowest = questions[per_question.index(max(per_question))].id
        over = f" ({', '.join(stopped)} stopped after {RDFLIB_QUESTION_SECONDS} s)" if stopped else ""
        rows.append([f"{size:,}", "rdflib", f"{loaded:.1f} s", f"{'> ' if stopped else ''}{sum(per_question):.2f} s",
                     f"{'> ' if stopped else ''}{max(per_question):.2f} s ({slowest}){over}"])
        graph = None
    print("## Competency questions over the full release plus synthetic data (in process)\n")
    table(["triples", "engine", "load", f"all {len(questions)} questions", "slowest"], rows)


PARTS = {"build": full_build_in_a_fresh_process, "reasoner": reasoner_alone, "questions": questions_per_engine,
         "stages": stages_in_process, "safety": safety_overheads}


SCALE_PARTS = ("rebuild", "validate", "endpoint", "scale-questions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted([*PARTS, *SCALE_PARTS]), action="append",
                        help="measure only these parts (default: rebuild, validate, endpoint, scale-questions)")
    parser.add_argument("--large", action="store_true", help="add 1,000,000 triples to the sizes")
    parser.add_argument("--sizes", help="comma-separated sizes in triples (default 10000,100000)")
    parser.add_argument("--timeout", type=float, default=600, help="stop one validation after this many seconds")
    parser.add_argument("--data", help="keep the synthetic data in this folder (default: a temporary one)")
    args = parser.parse_args()
    project = Project.default()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [10_000, 100_000]
    if args.large:
        sizes.append(1_000_000)
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"machine: {sys.platform}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {' '.join(load)} at the start\n")
    chosen = args.only or list(SCALE_PARTS)
    for name, part in PARTS.items():
        if name in chosen:
            part(project, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.data) if args.data else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if "rebuild" in chosen:
            rebuild_after_an_edit(project, args.runs)
        if "validate" in chosen:
            validation_at_scale(project, args.runs, sizes, folder, args.timeout)
        if "endpoint" in chosen and "--endpoint" in run_fresh(["validate", "--help"]).stdout:
            validation_at_an_endpoint(project, sizes, folder, args.timeout)
        if "scale-questions" in chosen:
            questions_at_scale(project, args.runs, sizes, folder)
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"load average {' '.join(load)} at the end")


if __name__ == "__main__":
    main()
