"""Build tooling for the Myoclonus Ontology: sources → check → reason → emit → query → docs."""

__version__ = "2026.12.2"
