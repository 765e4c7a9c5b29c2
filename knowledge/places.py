"""Vietnam's two-tier administrative units since 1/7/2025 (34 provinces, their communes and
wards), from the `vietnam-provinces` package, with accent-insensitive search."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, Ward

from knowledge.criteria.products import fold


@dataclass(frozen=True, slots=True)
class Place:
    code: int
    name: str  # as officially written, e.g. "Xã Tà Xùa", "Tỉnh Sơn La"/"Sơn La"
    province_code: int

    @property
    def folded(self) -> str:
        return fold(self.name)


@cache
def provinces() -> tuple[Place, ...]:
    """The 34 provinces and centrally-run cities, in the package's (official) order."""
    return tuple(Place(int(p.code), p.name, int(p.code)) for p in Province.iter_all())


@cache
def communes(province_code: int) -> tuple[Place, ...]:
    """The communes, wards and special zones of a province."""
    return tuple(Place(int(w.code), w.name, int(w.province_code))
                 for w in Ward.iter_by_province(Province.from_code(province_code).code))  # type: ignore[arg-type]


def province(code: int) -> Place | None:
    """The province with this code, or None."""
    return next((p for p in provinces() if p.code == code), None)


def commune(province_code: int, code: int) -> Place | None:
    """The commune with this code in that province, or None."""
    if province(province_code) is None:
        return None
    return next((c for c in communes(province_code) if c.code == code), None)


_PREFIXES = ("thanh pho ", "tinh ", "xa ", "phuong ", "dac khu ")


def _bare(folded: str) -> str:
    """A folded name without its unit word ("xa ta xua" → "ta xua")."""
    return next((folded[len(p):] for p in _PREFIXES if folded.startswith(p)), folded)


def search(places: tuple[Place, ...], query: str, limit: int = 8) -> list[Place]:
    """Places whose name matches `query` without accents: exact, then prefix, then contained."""
    wanted = _bare(fold(query))
    if not wanted:
        return []
    ranked = []
    for place in places:
        bare = _bare(place.folded)
        rank = 0 if bare == wanted else 1 if bare.startswith(wanted) else 2
        if rank < 2 or wanted in bare:
            ranked.append((rank, bare, place))
    return [place for _, _, place in sorted(ranked, key=lambda r: (r[0], r[1]))][:limit]


def exact(found: list[Place], query: str) -> Place | None:
    """The one place among `found` named exactly `query` (accents and unit word aside), if
    only one is: such a match needs no confirming tap."""
    wanted = _bare(fold(query))
    matches = [place for place in found if _bare(place.folded) == wanted]
    return matches[0] if len(matches) == 1 else None
