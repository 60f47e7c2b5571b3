"""The tests mirror the modules: each module of the package has its tests/test_<module>.py or a row of
tests/modules.tsv naming the test files that check it."""

from __future__ import annotations

from pathlib import Path

import myoclonus_ontology
from myoclonus_ontology.textfiles import tsv_records

TESTS = Path(__file__).parent
PACKAGE = Path(myoclonus_ontology.__file__).parent


def modules() -> list[str]:
    """Every module of the package, dotted below it (exchange.kgx), package initialisers left out."""
    return sorted(".".join(p.relative_to(PACKAGE).with_suffix("").parts) for p in PACKAGE.rglob("*.py")
                  if p.name != "__init__.py")


def table(path: Path = TESTS / "modules.tsv") -> dict[str, tuple[list[str], str]]:
    rows = tsv_records(path.read_text(encoding="utf-8"))
    modules_listed = [r["module"] for r in rows]
    assert len(modules_listed) == len(set(modules_listed)), "a module is listed twice"
    return {r["module"]: (r["tests"].split(), r["names"]) for r in rows}


def unmirrored(found: list[str], rows: dict[str, tuple[list[str], str]], tests: Path = TESTS) -> list[str]:
    """What is wrong with the mirror: modules without tests, rows naming no module or a test that does not
    exist or does not name what it checks."""
    problems = []
    for module in found:
        own = tests / f"test_{module.rsplit('.', 1)[-1]}.py"
        if module not in rows and not own.is_file():
            problems.append(f"{module}: no {own.name} and no row in modules.tsv")
    for module, (files, names) in rows.items():
        if module not in found:
            problems.append(f"{module}: listed in modules.tsv but not a module")
        for name in files:
            path = tests / name
            if not path.is_file():
                problems.append(f"{module}: {name} does not exist")
            elif names not in path.read_text(encoding="utf-8"):
                problems.append(f"{module}: {name} does not mention {names!r}")
    return problems


def test_every_module_has_tests():
    assert unmirrored(modules(), table()) == []


def test_a_module_without_tests_is_named(tmp_path):
    (tmp_path / "test_checked.py").write_text("import myoclonus_ontology.checked\n", encoding="utf-8")
    rows = {"checked": (["test_checked.py"], "myoclonus_ontology.checked"),
            "gone": (["test_missing.py"], "x")}
    assert unmirrored(["checked", "new_module"], rows, tmp_path) == [
        "new_module: no test_new_module.py and no row in modules.tsv",
        "gone: listed in modules.tsv but not a module",
        "gone: test_missing.py does not exist",
    ]
    rows["checked"] = (["test_checked.py"], "--an-option")
    assert unmirrored(["checked"], {"checked": rows["checked"]}, tmp_path) == [
        "checked: test_checked.py does not mention '--an-option'"]
