"""The prefix map shipped with the release, in the `curies` extended prefix map form (Bioregistry's).

MYO is not (yet) in Bioregistry, so a consumer (OAK, curies, sssom-py) needs this map to turn MYO:0001002
into https://w3id.org/myoclonus-ontology/MYO_0001002 and back. It holds our prefix, the prefixes the
release files use, RO (the class view's relation) and the mapped vocabularies as Bioregistry defines them.
"""

from __future__ import annotations

from pathlib import Path

import curies

from .namespaces import MYO, PREFIXES, RO

FILE = "myo-prefixes.json"


def release_converter(mapping_converter: curies.Converter) -> curies.Converter:
    """Our prefixes, RO, and the mapping set's prefixes (already taken from Bioregistry)."""
    prefix_map = {**PREFIXES, "RO": str(RO)}
    for record in mapping_converter.records:
        prefix_map.setdefault(record.prefix, record.uri_prefix)
    records = [curies.Record(prefix=p, uri_prefix=ns, prefix_synonyms=["myo"] if ns == str(MYO) else [])
               for p, ns in sorted(prefix_map.items())]
    return curies.Converter(records)


def write_prefix_map(converter: curies.Converter, folder: Path) -> Path:
    """`myo-prefixes.json` (an extended prefix map) in `folder`; sorted, so byte-stable."""
    path = folder / FILE
    curies.write_extended_prefix_map(converter, path)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return path
