"""Loading data to validate: Oxigraph writes the text, blank nodes stay apart per file, bad input is named."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from myoclonus_ontology.data_store import load_data
from myoclonus_ontology.errors import UnusableInputError

TWO_NODES = '_:q <http://example.org/says> "{text}" .\n<http://example.org/{name}> <http://example.org/has> _:q .\n'


def test_blank_nodes_of_two_files_stay_apart_and_the_first_keeps_its_labels(tmp_path):
    first, second, release = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "release.nt"
    first.write_text(TWO_NODES.format(text="first", name="a"))
    second.write_text(TWO_NODES.format(text="second", name="b"))
    release.write_text(TWO_NODES.format(text="release", name="r"))
    data = load_data([first, second], None, release)
    blanks = {q.subject for q in data.store.quads_for_pattern(None, ox.NamedNode("http://example.org/says"), None)}
    assert len(blanks) == 3 and ox.BlankNode("q") in blanks
    assert data.triples == 4 and data.ntriples.count(b"\n") == 6
    assert data.ntriples.startswith(b'_:q <http://example.org/says> "first"')


def test_a_bad_byte_in_a_comment_is_named_by_line(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_bytes(b'<http://example.org/a> <http://example.org/b> "c" .\n# caf\xe9\n')
    with pytest.raises(UnusableInputError) as err:
        load_data([path], None)
    problem = err.value.problems[0]
    assert (problem.line, "0xe9") == (2, "0xe9") and "0xe9" in problem.message


def test_named_graphs_are_refused(tmp_path):
    path = tmp_path / "data.jsonld"
    path.write_text('{"@id": "http://example.org/g", "@graph": [{"@id": "http://example.org/a", '
                    '"http://example.org/b": "c"}]}')
    with pytest.raises(UnusableInputError) as err:
        load_data([path], None)
    assert err.value.problems[0].file == str(path)
