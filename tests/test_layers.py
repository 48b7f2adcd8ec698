"""The dependency direction of docs/architecture.md is a lint contract, and it bites.

`make lint` runs `lint-imports` with the contracts of pyproject.toml. These tests run
it on the code as it is (kept), then on a copy of the code with one wrong import
planted (broken, naming the import), so a contract that silently checks nothing fails
here.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "loans", "payments", "statements", "accounts", "api", "web", "jobs")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # the project's own tool on its own files
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def plant(project: Path, module: str, line: str) -> None:
    path = project / module
    path.write_text(f"{line}\n{path.read_text()}")


def test_the_code_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_copy_without_plants_keeps_every_contract(project_copy: Path) -> None:
    # The control: the copy alone passes, so the failures below come from the plants.
    result = lint_imports(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "wrong_import", "reported"),
    [
        # the domain reaching up into the event log
        (
            "loans/models/notes.py",
            "import payments.models",
            "loans.models.notes -> payments.models",
        ),
        # the event log reaching up into statements
        (
            "payments/selectors.py",
            "import statements.selectors",
            "payments.selectors -> statements",
        ),
        # the access policy reaching up into an interface
        ("accounts/selectors.py", "import api.fields", "accounts.selectors -> api.fields"),
        # one interface using another instead of the shared layer
        ("api/notes.py", "import jobs.demo_history", "api.notes -> jobs.demo_history"),
    ],
)
def test_an_import_against_the_layers_breaks_the_lint(
    project_copy: Path, module: str, wrong_import: str, reported: str
) -> None:
    plant(project_copy, module, wrong_import)
    result = lint_imports(project_copy)
    assert result.returncode == 1
    assert "Interfaces above access above statements" in result.stdout
    assert reported in result.stdout
    assert "1 kept, 1 broken" in result.stdout


@pytest.mark.parametrize("wrong_import", ["import django.db", "from loans.models import Note"])
def test_the_engine_may_not_import_django_or_the_apps(
    project_copy: Path, wrong_import: str
) -> None:
    plant(project_copy, "loans/engine/money.py", wrong_import)
    result = lint_imports(project_copy)
    assert result.returncode == 1
    assert "The engine is plain Python" in result.stdout
    assert "loans.engine.money ->" in result.stdout
