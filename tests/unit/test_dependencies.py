"""Dependencies: bounded in pyproject.toml, pinned with hashes in requirements.lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(r) for r in PYPROJECT["dependencies"]]
DEV = [Requirement(r) for r in PYPROJECT["optional-dependencies"]["dev"]]


def _locked() -> dict[str, tuple[Version, int]]:
    """Each locked package: its pinned version and how many hashes it carries."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins: dict[str, tuple[Version, int]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s\\;]+)", block)
        if match:
            pins[canonicalize_name(match[1])] = (Version(match[2]), block.count("--hash=sha256:"))
    return pins


def _has_upper_bound(spec: SpecifierSet) -> bool:
    return any(s.operator in ("<", "<=", "==", "~=") for s in spec)


def test_every_dependency_has_an_upper_bound() -> None:
    unbounded = [str(r) for r in RUNTIME + DEV if not _has_upper_bound(r.specifier)]
    assert unbounded == []


def test_provinces_are_pinned_exactly_and_aiohttp_is_past_the_smuggling_fixes() -> None:
    by_name = {canonicalize_name(r.name): r for r in RUNTIME}
    assert [s.operator for s in by_name["vietnam-provinces"].specifier] == ["=="]
    assert not by_name["aiohttp"].specifier.contains("3.12.13")
    assert by_name["aiohttp"].specifier.contains("3.12.14")


def test_the_lock_pins_every_runtime_dependency_within_its_bounds_with_hashes() -> None:
    locked = _locked()
    for requirement in RUNTIME:
        version, hashes = locked[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version), (requirement, version)
        assert hashes >= 1, requirement.name
    assert all(hashes >= 1 for _, hashes in locked.values())
