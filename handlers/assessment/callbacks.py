"""Callback data of the assessment flow: `as:…`, at most 64 bytes, parsed defensively."""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "as"
PATTERN = r"^as:"


@dataclass(frozen=True, slots=True)
class Action:
    """A parsed button press. `aid` is the assessment id for actions inside one assessment."""

    verb: str
    aid: int | None = None
    args: tuple[int, ...] = ()
    text: str = ""


# verb → number of integer arguments, for presses outside an assessment (as:VERB:args)
_GLOBAL = {"grp": 0, "g": 1, "s": 1, "cont": 1, "new": 0}
# verb → number of integer arguments, inside an assessment (as:AID:VERB:args)
_SCOPED = {"skip": 0, "e": 2, "q": 2, "b": 1, "p": 0, "c": 1, "f": 0, "rv": 0}


def encode(verb: str, *args: int, aid: int | None = None) -> str:
    """Build callback data for `verb`."""
    parts = [PREFIX] + ([str(aid)] if aid is not None else []) + [verb] + [str(a) for a in args]
    data = ":".join(parts)
    assert len(data.encode()) <= 64, data
    return data


def parse(data: str | None) -> Action | None:
    """Parse callback data; None for anything malformed or unknown (forged, or from old code)."""
    parts = (data or "").split(":")
    if len(parts) < 2 or parts[0] != PREFIX:
        return None
    if parts[1] in _GLOBAL:
        return _build(parts[1], None, parts[2:], _GLOBAL[parts[1]])
    if len(parts) >= 3 and parts[1].isdigit() and parts[2] in _SCOPED:
        return _build(parts[2], int(parts[1]), parts[3:], _SCOPED[parts[2]])
    return None


def _build(verb: str, aid: int | None, raw: list[str], arity: int) -> Action | None:
    if len(raw) != arity or not all(r.isdigit() and len(r) <= 6 for r in raw):
        return None
    return Action(verb, aid, tuple(int(r) for r in raw))
