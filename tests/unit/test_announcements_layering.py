"""announcements/ sits under handlers/: it never imports a handler, not even lazily inside a
function (a training's announcement is written from a module both import)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "announcements"
# Importing the package, then asking it for a training's RSVP buttons, as the engine does for
# every recipient: the handlers imported along the way are printed.
PROBE = """
import sys
from types import SimpleNamespace
import announcements
from announcements.message import training_buttons
from core.i18n import I18n
markup = training_buttons(I18n().get("en"), SimpleNamespace(training_id=9))
assert markup is not None and markup.inline_keyboard[0][0].callback_data == "tr:y:9:0"
print(" ".join(sorted(m for m in sys.modules if m == "handlers" or m.startswith("handlers."))))
"""


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports, wherever the import statement stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
    return found


def test_no_announcements_module_imports_a_handler() -> None:
    offending = [f"{path.name}: {module}" for path in sorted(PACKAGE.glob("*.py"))
                 for module in imported_modules(path)
                 if module == "handlers" or module.startswith("handlers.")]
    assert offending == []


def test_importing_announcements_and_writing_an_rsvp_loads_no_handler() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          cwd=PACKAGE.parent, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
