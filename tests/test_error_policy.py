"""Error policy: every failure a user can cause gives one message naming the file (and line), exit 2, no traceback."""

from __future__ import annotations

import subprocess

import pytest
from rdflib.namespace import RDF

from myoclonus_ontology import cli, serialize
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.explain import explain_inconsistency
from myoclonus_ontology.graph_io import NodeLocator, load_ontology
from myoclonus_ontology.namespaces import MYO, Term
from myoclonus_ontology.reason import reason

from .conftest import run_myo
from .test_validate_cli import USER_DATA


def unusable(result: subprocess.CompletedProcess, *named: str) -> None:
    """Exit 2, every `named` text in the one message, and no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for text in named:
        assert text in result.stderr, result.stderr


@pytest.mark.parametrize(("file", "after", "where"), [
    ("ontology/myo-edit.ttl", "# ---------------------------------------------------------------- object properties",
     "ontology/myo-edit.ttl:{line}:"),
    ("ontology/entities.tsv", "id\tkind", "ontology/entities.tsv:{line}:"),
])
@pytest.mark.slow
def test_a_bad_byte_is_named_by_file_and_line(scratch, file, after, where):
    path = scratch.root / file
    raw = path.read_bytes()
    at = raw.index(after.encode()) + len(after.split("\t")[0])
    path.write_bytes(raw[:at] + b" caf\xe9" + raw[at:])  # Latin-1, not UTF-8
    line = raw[:at].count(b"\n") + 1
    unusable(run_myo(scratch.root, "check"), where.format(line=line), "0xe9")


@pytest.mark.slow
def test_an_unreadable_query_file_is_named(project, tmp_path):
    folder = tmp_path / "question.rq"
    folder.mkdir()  # a name that cannot be read as a file (permissions do not stop root; a folder does)
    unusable(run_myo(project.root, "query", str(folder)), f"{folder}: is a folder, not a file")


@pytest.mark.slow
def test_a_place_that_cannot_be_written_is_named(scratch, tmp_path):
    probe = "/sys/myo-write-probe"
    try:
        open(probe, "w").close()  # noqa: PTH123
    except OSError:
        pass
    else:
        pytest.skip("this machine lets /sys be written")
    unusable(run_myo(scratch.root, "build", "--out", "/sys/myo-release"), "/sys/.myo-release.lock: ",
             "read-only")


@pytest.mark.parametrize(("args", "named"), [
    (["cq01", "--bind", "disorder=<not an iri>"], "--bind disorder=<not an iri>: not a valid IRI"),
    (["cq01", "--bind", "nosuch=MYO:0001002"],
     "the query has no variable ?nosuch (its variables: ?characteristic, ?disorder,"),
    (["INSERT DATA { <http://a> <http://b> <http://c> }"], "updates are refused"),
])
@pytest.mark.slow
def test_bad_query_arguments_are_named(project, args, named):
    unusable(run_myo(project.root, "query", *args), named)


def test_an_internal_error_is_one_line_unless_debugging(project, monkeypatch, capsys):
    def broken(args, project) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_new_id", broken)
    assert cli.main(["new-id", "class"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "myo new-id: internal error: RuntimeError: a bug" in err and "Traceback" not in err
    monkeypatch.setenv("MYO_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["new-id", "class"])


@pytest.mark.slow
def test_a_missing_ontology_file_is_named_as_the_cause(scratch):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=scratch.root, check=True)
    subprocess.run(["git", "add", "."], cwd=scratch.root, check=True)
    subprocess.run([*git, "commit", "-qm", "sources"], cwd=scratch.root, check=True)
    (scratch.ontology / "entities.tsv").unlink()
    result = run_myo(scratch.root, "check")
    unusable(result, "sources: 1 problem(s)", "ontology/entities.tsv: is missing: git tracks it")


@pytest.mark.slow
def test_an_inconsistency_names_its_axioms_where_the_sources_state_them(project, tmp_path):
    graph = load_ontology(project)
    statement = MYO["0002001"]  # 'opsoclonus myoclonus is a rare neurological disorder', asserted
    graph.add((statement, Term.MODALITY, MYO["0000301"]))  # ... and also 'possible': a functional property
    assert (statement, RDF.type, None) in graph
    with pytest.raises(BuildError) as err:
        reason(graph, NodeLocator(project), cache=None)
    text = str(err.value)  # validation explains it first: the row of the table, the shape that finds it
    assert "inconsistent" in text and "build/" not in text
    assert "ontology/statements/classification.tsv:2: 'opsoclonus myoclonus is a rare" in text
    assert "[found by myosh:StatementShape-modality]" in text
    # what validation cannot explain, Pellet does: each axiom of the explanation with its file and line
    data = tmp_path / "input.nt"
    data.write_bytes(serialize.ntriples(graph))
    problems = "\n".join(str(p) for p in explain_inconsistency(graph, data, NodeLocator(project)))
    assert "these axioms together cause it" in problems and "build/" not in problems
    assert "ontology/statements/classification.tsv:2: axiom MYO:0002001 MYO:0000115 MYO:0000300" in problems
    assert "ontology/myo-edit.ttl:" in problems and "axiom Functional MYO:0000115  ('has modality'" in problems
    assert "DifferentIndividuals(MYO:0000300 MYO:0000301" in problems


# the lethargy claim of test_validate_cli, with a valid modality and its editor note, then a claim without provenance
EDITOR_NOTE = '<http://purl.obolibrary.org/obo/IAO_0000116> "Seen in our clinic."@en'
CLAIMS = USER_DATA.replace("MYO:0000305", "MYO:0000300").replace(
    "MYO:0000253 true .", f"MYO:0000253 true ;\n    {EDITOR_NOTE} .") + """
ex:claim2 a owl:NamedIndividual, MYO:0000034 ;
    rdfs:label "myoclonus treated with clonazepam"@en ;
    MYO:0000100 MYO:0001002 ;
    MYO:0000108 MYO:0001065 ;
    MYO:0000115 MYO:0000300 ;
    MYO:0000207 false .
"""


@pytest.mark.slow
def test_validate_reports_each_fault_once_in_the_users_file(project, tmp_path):
    data = tmp_path / "claims.ttl"
    data.write_text(CLAIMS, encoding="utf-8")
    result = run_myo(project.root, "validate", str(data))
    assert result.returncode == 1, result.stderr
    findings = [line for line in result.stdout.splitlines() if line.startswith("  VIOLATION")]
    assert len(findings) == 5, result.stdout  # four missing provenance properties, one wrong treatment
    line = {name: CLAIMS.splitlines().index(next(x for x in CLAIMS.splitlines() if x.startswith(name))) + 1
            for name in ("ex:claim1", "ex:claim2")}
    assert sum(f"{data}:{line['ex:claim2']}: " in f for f in findings) == 4
    assert sum(f"{data}:{line['ex:claim1']}: " in f for f in findings) == 1
    assert "ontology/" not in result.stdout
    assert result.stdout.count("found by myosh:Provenance") == 4
    assert "qc:fact-without-provenance" not in result.stdout  # one rule, one place: the shapes (issue 11)
    assert "found by myosh:TreatmentStatementShape-treatment (also qc:domain-range)" in result.stdout
