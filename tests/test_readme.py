"""The README's examples run as written."""

from __future__ import annotations

import re
import subprocess
import sys


def python_blocks(project) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (project.root / "README.md").read_text(encoding="utf-8"), re.S)


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


def test_every_limit_is_documented_with_its_default_flag_and_variable(project):
    from myoclonus_ontology.limits import PARSE_LIMITS, QUERY_LIMITS

    section = (project.root / "README.md").read_text(encoding="utf-8").split("## Safety and limits")[1]
    for limit in (*PARSE_LIMITS, *QUERY_LIMITS):
        row = next(line for line in section.splitlines() if f"`{limit.variable}`" in line)
        assert f"{limit.default:g} " in row and limit.flag.split()[0] in row, row
