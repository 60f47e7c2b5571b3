"""The SHACL engines, and which one runs: pySHACL (the reference) or pyshacl-turbo (Rust, much faster).

Both run the same shapes (SHACL Core, no inference) and give the same findings: focus node, shape,
path, value and severity, finding for finding (tests/test_shacl_engines.py proves it on the mutants and on
clean and faulty synthetic data). pySHACL stays the default for small inputs; at TURBO_FROM triples of data
and above `auto` picks pyshacl-turbo, whose time grows linearly where pySHACL's does not (at 10,000 triples
merged with the release: pySHACL 17 s, pyshacl-turbo 2.5 s; README, "Speed and scale").

pyshacl-turbo is given N-Triples text (its native input: every literal as written), never a pyoxigraph
Store, which keeps values rather than spellings: "5"^^xsd:nonNegativeInteger comes back as an
xsd:integer, and every sh:datatype xsd:nonNegativeInteger would fail. The text goes in through the
package's own input holder (`pyshacl_turbo.rdf.Input`, version pinned): its public `validate(text)` first
builds an rdflib graph from the text and serializes it back, which at a million triples costs a minute.
"""

from __future__ import annotations

from rdflib import Graph

ENGINES = ("auto", "pyshacl", "turbo")
TURBO_FROM = 5_000  # triples of the data (the release it is merged with not counted)


def choose_engine(requested: str, triples: int) -> str:
    """The engine that runs: the one asked for, or for `auto` pySHACL below TURBO_FROM triples of data."""
    if requested != "auto":
        return requested
    return "turbo" if triples >= TURBO_FROM else "pyshacl"


def pyshacl_report(data: Graph, shapes: Graph) -> Graph:
    """pySHACL's validation report (SHACL Core, no inference: the data carries its own class hierarchy)."""
    import pyshacl  # imported when it runs (0.7 s): large data goes to pyshacl-turbo

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                    allow_warnings=True, inplace=True)
    return report


def turbo_program(shapes: Graph) -> object:
    """The shapes compiled by pyshacl-turbo, once: reusable, from several threads at a time."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes)


def turbo_report(ntriples: bytes | str, shapes: Graph, program: object | None = None) -> Graph:
    """pyshacl-turbo's validation report for data given as N-Triples text (parsed natively, in Rust); the
    shapes compiled by `turbo_program` may be given (parts of the data validated side by side share them)."""
    from pyshacl_turbo.rdf import Input

    text = ntriples.decode("utf-8") if isinstance(ntriples, bytes) else ntriples
    compiled = program if program is not None else turbo_program(shapes)
    _, report, _ = compiled.validate(Input(text, "nt", None, {}), allow_warnings=True)  # type: ignore[attr-defined]
    return report
