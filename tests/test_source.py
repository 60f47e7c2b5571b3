"""The vendored source: manifest, checksum, pages and sentences."""

from __future__ import annotations

import pytest

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.source import load_source

from .conftest import edit


def test_source_is_the_seed_byte_for_byte(source):
    assert len(source.text) == 4181
    assert source.text.startswith("Opsoclonus myoclonus is a rare neurological disorder")


def test_two_pages_cover_the_text_without_overlap(source):
    oms, myoclonus = source.pages
    assert (oms.id, myoclonus.id) == ("opsoclonus-myoclonus", "myoclonus")
    assert oms.end < myoclonus.start
    assert source.text[myoclonus.start:].startswith("Myoclonus refers to")


def test_sentences_are_numbered_in_reading_order(source):
    sentences = source.sentences()
    assert len(sentences) == 38
    assert sentences[0].id == "S01" and sentences[-1].id == "S38"
    assert all(source.text[s.start:s.end] == s.text for s in sentences)
    assert [s.page.id for s in sentences].count("opsoclonus-myoclonus") == 13


def test_locate_finds_every_occurrence(source):
    assert source.locate("normal, healthy persons") == [1644, 2903]
    assert source.locate("not in the text") == []


def test_changed_text_is_refused_with_its_file_named(scratch):
    edit(scratch.sources / "ninds-myoclonus-pages.txt", "rare", "uncommon")
    with pytest.raises(UnusableInputError) as err:
        load_source(scratch)
    assert "sources/ninds-myoclonus-pages.txt" in str(err.value)
    assert "SHA-256" in str(err.value)


def test_missing_manifest_is_unusable_input(scratch):
    (scratch.sources / "sources.toml").unlink()
    with pytest.raises(UnusableInputError) as err:
        load_source(scratch)
    assert err.value.exit_code == 2
    assert "sources/sources.toml" in str(err.value)
