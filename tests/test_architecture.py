"""The layering of ARCHITECTURE.md §3, checked on every run: the import-linter contracts, the pure
`process` package, no inline imports without a reason, modules named by concept."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCESS = ROOT / "partydev" / "process"


def _run(*args):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603


def test_import_linter_contracts_are_kept():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True,  # noqa: S603
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def _module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def test_process_is_pure_python_without_the_orm_or_cases():
    """Every module `process` reaches inside the project imports neither django.db nor the cases app."""
    seen, todo, offenders = set(), [p for p in PROCESS.rglob("*.py")], []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imports(path):
            if name == "django.db" or name.startswith(("django.db.", "partydev.cases")):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
            if name.startswith("partydev."):
                target = _module_path(name)
                if target is not None:
                    todo.append(target)
    # Relative imports stay inside process, which is walked in full.
    assert not offenders, offenders
    assert len(seen) > len(list(PROCESS.rglob("*.py")))  # the walk followed imports into common/orgs


def test_no_inline_import_without_its_reason():
    result = _run("ruff", "check", "--select", "PLC0415", "--output-format", "concise", "partydev", "bench")
    assert result.returncode == 0, result.stdout


def test_modules_are_named_by_concept_not_by_when_they_were_written():
    names = [p.relative_to(ROOT).as_posix() for p in (ROOT / "partydev").rglob("*.py")]
    assert not [n for n in names if "membership_" in Path(n).name and "forms" not in n or n.endswith("_later.py")]


def test_every_problem_reads_its_message_whatever_was_imported_before():
    """In a fresh interpreter that imports only the problems module, every code has its own message
    (it used to be the bare code until membership_checks happened to be imported)."""
    script = ("import django; django.setup()\n"
              "from partydev.process.problems import MESSAGES, Problem\n"
              "bare = [c for c in MESSAGES if Problem(c, False, params={}).message == c]\n"
              "print(len(MESSAGES), bare)\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_ENV": "test"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,  # noqa: S603
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    count, bare = result.stdout.split(" ", 1)
    assert int(count) > 60 and bare.strip() == "[]"
