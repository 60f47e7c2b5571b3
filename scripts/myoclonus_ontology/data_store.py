"""Loading data to validate, at any size: straight into an Oxigraph store and into N-Triples text.

Never an in-memory rdflib graph (at a million triples rdflib takes a minute and gigabytes), nor a Python
object per triple: each file is parsed and written as N-Triples text by Oxigraph (graph_io.read_ntriples:
parse limits checked, blank nodes kept apart per file), and the text is read into an Oxigraph store for
the QC queries (blank nodes as labelled in the text, so a fault found by both is one finding); the SHACL
engines read the text. At a million triples: 8 s, where a Python loop over the triples took 11 s.
Both are needed: the store keeps values, not spellings (it stores "5"^^xsd:nonNegativeInteger as an
xsd:integer, so a shape's sh:datatype would see the wrong type), while the text keeps every literal as
written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import UnusableInputError
from .graph_io import read_ntriples
from .project import Project


@dataclass
class LoadedData:
    """The data (and the release it is merged with) as a store and as N-Triples."""

    store: ox.Store
    ntriples: bytes
    triples: int  # triples read from the data files: the first lines of `ntriples`


def load_data(files: Iterable[Path], project: Project | None, release: Path | None = None) -> LoadedData:
    """Read every file, then the release, into one text and one store.

    The first file keeps its blank-node labels (as a user wrote them, for the report); every other file
    and the release get fresh random ones, so no two files share a blank node.
    """
    texts, problems = [], []
    for index, path in enumerate(files):
        try:
            texts.append(read_ntriples(path, project, rename_blank_nodes=index > 0))
        except UnusableInputError as err:
            problems.extend(err.problems)
    if problems:
        raise UnusableInputError("load", problems)
    count = sum(text.count(b"\n") for text in texts)
    if release is not None:
        texts.append(read_ntriples(release, project, rename_blank_nodes=True))
    ntriples = b"".join(texts)
    store = ox.Store()  # not store.bulk_load: it renames blank nodes, and the text's must stay as they are
    store.bulk_extend(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    return LoadedData(store, ntriples, count)
