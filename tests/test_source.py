"""The vendored source: manifest, one file per page with its checksum, sentences, quote look-up."""

from __future__ import annotations

import hashlib
import tomllib

import pytest

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.source import load_source

from .conftest import edit


def test_pages_joined_are_the_seed_byte_for_byte(source):
    manifest = tomllib.loads(source.manifest.read_text(encoding="utf-8"))
    joined = "\n".join(page.text for page in source.pages).encode("utf-8")
    assert hashlib.sha256(joined).hexdigest() == manifest["origin"]["seed_sha256"]
    assert len(joined) == 4181


def test_each_page_is_its_own_file(source):
    oms, myoclonus = source.pages
    assert (oms.id, myoclonus.id) == ("opsoclonus-myoclonus", "myoclonus")
    assert oms.text.startswith("Opsoclonus myoclonus is a rare neurological disorder")
    assert myoclonus.text.startswith("Myoclonus refers to")
    assert oms.path.name == "opsoclonus-myoclonus.txt" and myoclonus.path.name == "myoclonus.txt"


def test_sentences_are_numbered_in_reading_order_with_page_offsets(source):
    sentences = source.sentences()
    assert len(sentences) == 38
    assert sentences[0].id == "S01" and sentences[-1].id == "S38"
    assert all(s.page.span(s.start, s.end) == s.text for s in sentences)
    assert [s.page.id for s in sentences].count("opsoclonus-myoclonus") == 13
    assert sentences[13].start == 0 and sentences[13].page.id == "myoclonus"


def test_locate_finds_every_occurrence_on_every_page(source):
    found = source.locate("normal, healthy persons")
    assert [(o.page.id, o.start) for o in found] == [("myoclonus", 384), ("myoclonus", 1643)]
    assert source.locate("not in the text") == []


def test_changed_page_is_refused_with_its_file_named(scratch):
    edit(scratch.sources / "pages" / "opsoclonus-myoclonus.txt", "rare", "uncommon")
    with pytest.raises(UnusableInputError) as err:
        load_source(scratch)
    assert "sources/pages/opsoclonus-myoclonus.txt" in str(err.value)
    assert "SHA-256" in str(err.value)


def test_missing_page_file_is_named(scratch):
    (scratch.sources / "pages" / "myoclonus.txt").unlink()
    with pytest.raises(UnusableInputError) as err:
        load_source(scratch)
    assert err.value.exit_code == 2
    assert "sources/pages/myoclonus.txt" in str(err.value) and "missing" in str(err.value)


def test_missing_manifest_is_unusable_input(scratch):
    (scratch.sources / "sources.toml").unlink()
    with pytest.raises(UnusableInputError) as err:
        load_source(scratch)
    assert err.value.exit_code == 2
    assert "sources/sources.toml" in str(err.value)
