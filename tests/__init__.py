"""Tests mirror the modules of scripts/myoclonus_ontology."""
