"""Loading data to validate, at any size: straight into an Oxigraph store and into N-Triples text.

Never an in-memory rdflib graph: at a million triples rdflib takes a minute and gigabytes. The files are
parsed once, as a stream (graph_io.read_triples: parse limits checked, blank nodes kept apart per file);
the triples go into an Oxigraph store for the QC queries and into N-Triples text for the SHACL engines.
Both are needed: the store keeps values, not spellings (it stores "5"^^xsd:nonNegativeInteger as an
xsd:integer, so a shape's sh:datatype would see the wrong type), while the text keeps every literal as
written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import UnusableInputError
from .graph_io import read_triples
from .project import Project

BATCH = 50_000


@dataclass
class LoadedData:
    """The data (and the release it is merged with) as a store and as N-Triples."""

    store: ox.Store
    ntriples: bytes
    triples: int  # triples read from the data files


def load_data(files: Iterable[Path], project: Project | None, release: Path | None = None) -> LoadedData:
    """Read every file (blank nodes scoped per file, as graph_io.parse_files does), then the release."""
    store, text, count = ox.Store(), io.BytesIO(), 0
    problems = []
    for index, path in enumerate(files):
        try:
            count += _load(read_triples(path, project, scope=f"f{index}x"), store, text)
        except UnusableInputError as err:
            problems.extend(err.problems)
    if problems:
        raise UnusableInputError("load", problems)
    if release is not None:
        _load(read_triples(release, project), store, text)
    return LoadedData(store, text.getvalue(), count)


def _load(triples: Iterable[ox.Quad], store: ox.Store, text: io.BytesIO) -> int:
    """Copy the triples into the store and the text, a batch at a time; how many there were."""
    count, batch = 0, []
    for triple in triples:
        batch.append(triple)
        if len(batch) == BATCH:
            count += _flush(batch, store, text)
    return count + _flush(batch, store, text)


def _flush(batch: list[ox.Quad], store: ox.Store, text: io.BytesIO) -> int:
    size = len(batch)
    if size:
        store.bulk_extend(batch)
        ox.serialize(batch, text, format=ox.RdfFormat.N_QUADS)  # default graph only: N-Triples lines
        batch.clear()
    return size
