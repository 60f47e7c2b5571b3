"""The README's examples run as written."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest


def python_blocks(project) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (project.root / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.slow
def test_the_rdflib_example_prints_what_the_readme_says(project):
    block = next(b for b in python_blocks(project) if "from rdflib import Graph" in b)
    run = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=project.root, check=True)
    assert run.stdout.strip() == "['clonazepam']"


def test_the_owlready2_example_prints_what_the_readme_says(project):
    block = next(b for b in python_blocks(project) if "import owlready2" in b)
    block = block.replace("file:///path/to/build/", (project.build).as_uri() + "/")
    run = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=project.root, check=True)
    assert run.stdout.strip() == "[locstr('clonazepam', 'en')]"


def test_the_two_commands_are_what_ci_runs(project):
    readme = (project.root / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert "make test" in (project.root / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_oak_commands_give_what_the_readme_says(project, monkeypatch):
    """Every `runoak` line of the README, run in-process by OAK's own command-line entry point."""
    import shlex

    from click.testing import CliRunner
    from oaklib.cli import main

    monkeypatch.chdir(project.root)
    monkeypatch.setattr(sys, "tracebacklimit", 1000, raising=False)  # OAK's CLI sets it to 0: undone after
    lines = [line.split("  #")[0].strip() for line in (project.root / "README.md").read_text().splitlines()
             if line.startswith("runoak ")]
    expected = {"descendants": ["MYO:0001002", "MYO:0001020", "neurological disorder"],
                "ancestors": ["MYO:0001021", "MYO:0000002", "movement disorder"],
                "relationships": ["RO:0002200", "MYO:0001031", "MYO:0001020"],
                "mappings": ["MONDO:0015247", "skos:exactMatch", "mesh:D053578"],
                "info": ["MYO:0001002", "myoclonus"]}
    assert len(lines) == len(expected)
    for line in lines:
        result = CliRunner().invoke(main, shlex.split(line)[1:])
        assert result.exit_code == 0, line
        command = next(c for c in expected if f" {c} " in line)
        assert all(text in result.output for text in expected[command]), line
    descendants = CliRunner().invoke(main, shlex.split(lines[0])[1:]).output
    assert "MYO:0001031" not in descendants and "MYO:0002001" not in descendants  # no sign, no record


def test_the_obo_python_example_prints_what_the_readme_says(project):
    block = next(b for b in python_blocks(project) if "import fastobo, pronto" in b)
    run = subprocess.run([sys.executable, "-W", "ignore", "-c", block], capture_output=True, text=True,
                         cwd=project.root, check=True)
    assert run.stdout.split("\n")[:2] == ["['disorder', 'medical condition', 'movement disorder']", "77 77"]


def test_the_json_example_prints_what_the_readme_says(project):
    block = next(b for b in python_blocks(project) if "build/json/" in b)
    run = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=project.root, check=True)
    assert run.stdout.strip() == block.strip().splitlines()[-1].lstrip("# ")


def test_every_limit_is_documented_with_its_default_flag_and_variable(project):
    from myoclonus_ontology.limits import PARSE_LIMITS, QUERY_LIMITS

    section = (project.root / "README.md").read_text(encoding="utf-8").split("## Safety and limits")[1]
    for limit in (*PARSE_LIMITS, *QUERY_LIMITS):
        row = next(line for line in section.splitlines() if f"`{limit.variable}`" in line)
        assert f"{limit.default:g} " in row and limit.flag.split()[0] in row, row
