"""gettext calls inside f-strings are never extracted into the catalogues: none may exist.

`f"… {t('sheet {n}', n=n)}"` shows English in Vietnamese mode, because pybabel does not look
inside f-strings. This scans every Python file of the project for such a call.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What pybabel extracts from (the Makefile's --ignore-dirs), and folders that hold no code.
SKIPPED = {".venv", ".git", "node_modules", "build", "dist", "data", "tests", "bench",
           "emulator", "__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis"}
GETTEXT_NAMES = {"t", "_", "N_", "gettext", "ngettext", "plural"}


def _project_files() -> list[Path]:
    """The project's translated Python files, without walking into skipped folders."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        found += [Path(folder) / name for name in files if name.endswith(".py")]
    return found


def test_the_walk_sees_the_runtime_code_and_not_the_tests() -> None:
    files = {str(path.relative_to(ROOT)) for path in _project_files()}
    assert {"bot.py", "handlers/faq/handoff.py", "knowledge/faq/engine.py"} <= files
    assert not any(name.startswith(("tests/", ".venv/")) for name in files)


def _is_gettext(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else None)
    return name in GETTEXT_NAMES


def gettext_in_fstrings(source: str) -> list[int]:
    """Line numbers of gettext calls inside f-strings in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            found += [inner.lineno for inner in ast.walk(node)
                      if isinstance(inner, ast.Call) and _is_gettext(inner)]
    return found


def test_the_scan_finds_a_call_inside_an_f_string() -> None:
    assert gettext_in_fstrings("x = f\"{n}. ({t('sheet {n}', n=n)})\"\n") == [1]
    assert gettext_in_fstrings("x = f\"{context.t('Hi')}\"\n") == [1]
    assert gettext_in_fstrings("x = t('sheet {n}', n=n) + f'{n}'\n") == []


def test_no_gettext_call_inside_an_f_string() -> None:
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in _project_files()
                 for line in gettext_in_fstrings(path.read_text(encoding="utf-8"))]
    assert not offenders, "t() inside an f-string is never translated: " + ", ".join(offenders)
