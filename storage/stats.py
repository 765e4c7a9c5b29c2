"""Statistics for officers and admins, counted in SQL over a scope (or everywhere)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from knowledge import places
from storage.db import Database
from storage.officers import Scope

RANKS: tuple[int, ...] = (1, 2, 3, 4, 5)
# Every status a registration reaches once submitted, in the order of its life.
SUBMITTED_STATUSES: tuple[str, ...] = (
    "submitted", "info_requested", "accepted", "rejected", "withdrawn")


@dataclass(frozen=True, slots=True)
class CommuneCount:
    """Submitted registrations of one commune; names are None when unknown or not given."""

    province_code: int | None
    commune_code: int | None
    province_name: str | None
    commune_name: str | None
    count: int


@dataclass(frozen=True, slots=True)
class Statistics:
    """The figures of one scope (None: everywhere)."""

    scope: Scope | None
    users: int  # everywhere: every user; in a scope: its registered producers and officers
    officers: int
    ranks: Mapping[int, int]  # stars 1–5 → completed self-assessments with that rank
    unranked: int  # completed, but a disqualifying answer left no rank
    rejected: int  # stopped at the eligibility questions
    registrations: Mapping[str, int]  # every submitted status → count
    drafts: int
    communes: tuple[CommuneCount, ...]  # most registrations first

    @property
    def assessments(self) -> int:
        """Count finished self-assessments: completed and rejected."""
        return sum(self.ranks.values()) + self.unranked + self.rejected

    @property
    def submitted(self) -> int:
        """Count submitted registrations, whatever became of them."""
        return sum(self.registrations.values())


class StatsRepo:
    """Counts users, self-assessments and registrations in a scope."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def statistics(self, scope: Scope | None) -> Statistics:
        """Count every figure of `scope` (None: everywhere, for admins)."""
        users, officers = await self._people(scope)
        ranks, unranked, rejected = await self._ranks(scope)
        registrations, drafts = await self._statuses(scope)
        return Statistics(
            scope=scope, users=users, officers=officers,
            ranks=MappingProxyType(ranks), unranked=unranked, rejected=rejected,
            registrations=MappingProxyType(registrations), drafts=drafts,
            communes=await self._communes(scope),
        )

    async def _people(self, scope: Scope | None) -> tuple[int, int]:
        """Count the users and the officers of the scope."""
        if scope is None:
            row = await self._db.fetch_one(
                "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM officers)")
        else:
            place, params = _place_filter(scope)
            row = await self._db.fetch_one(
                f"WITH staff AS (SELECT user_id FROM officers WHERE {place})"
                f" SELECT (SELECT COUNT(*) FROM (SELECT user_id FROM staff UNION"
                f" {_PRODUCERS.format(place=place)}) AS people), (SELECT COUNT(*) FROM staff)",
                (*params, *params))
        assert row is not None
        return int(row[0]), int(row[1])

    async def _ranks(self, scope: Scope | None) -> tuple[dict[int, int], int, int]:
        """Count completed self-assessments by rank (1–5 or none), and rejected ones."""
        sql = ("SELECT status, COALESCE(stars, 0) AS stars, COUNT(*) AS n FROM assessments"
               " WHERE status IN ('completed', 'rejected')")
        params: tuple[Any, ...] = ()
        if scope is not None:
            place, params = _place_filter(scope)
            sql += f" AND user_id IN ({_PRODUCERS.format(place=place)})"
        rows = await self._db.fetch_all(sql + " GROUP BY status, COALESCE(stars, 0)", params)
        ranks = dict.fromkeys(RANKS, 0)
        unranked = rejected = 0
        for row in rows:
            if row["status"] == "rejected":
                rejected += row["n"]
            elif row["stars"] in ranks:
                ranks[row["stars"]] += row["n"]
            else:
                unranked += row["n"]
        return ranks, unranked, rejected

    async def _statuses(self, scope: Scope | None) -> tuple[dict[str, int], int]:
        """Count the scope's submitted registrations by status, and its drafts."""
        place, params = _place_filter(scope)
        rows = await self._db.fetch_all(
            f"SELECT status, COUNT(*) AS n FROM registrations WHERE {place} GROUP BY status",
            params)
        found = {row["status"]: int(row["n"]) for row in rows}
        return {s: found.get(s, 0) for s in SUBMITTED_STATUSES}, found.get("draft", 0)

    async def _communes(self, scope: Scope | None) -> tuple[CommuneCount, ...]:
        """Count submitted registrations by commune, most first."""
        place, params = _place_filter(scope)
        rows = await self._db.fetch_all(
            f"SELECT province_code, commune_code, COUNT(*) AS n FROM registrations"
            f" WHERE status != 'draft' AND {place} GROUP BY province_code, commune_code"
            # NULLS FIRST: SQLite's order for unknown places, which PostgreSQL puts last.
            f" ORDER BY n DESC, province_code NULLS FIRST, commune_code NULLS FIRST", params)
        return tuple(_commune_count(r["province_code"], r["commune_code"], int(r["n"]))
                     for r in rows)


# Producers with a submitted registration in a place; `{place}` filters registrations.
_PRODUCERS = (
    "SELECT DISTINCT registrations.user_id FROM registrations"
    " JOIN users ON users.id = registrations.user_id AND users.role = 'producer'"
    " WHERE registrations.status != 'draft' AND {place}"
)


def _place_filter(scope: Scope | None) -> tuple[str, tuple[Any, ...]]:
    """Build a WHERE condition on province_code/commune_code, with its parameters."""
    if scope is None:
        return "TRUE", ()  # TRUE: both engines' literal (PostgreSQL refuses an integer here)
    if scope.commune_code is None:
        return "province_code = ?", (scope.province_code,)
    return "province_code = ? AND commune_code = ?", (scope.province_code, scope.commune_code)


def _commune_count(province_code: int | None, commune_code: int | None,
                   count: int) -> CommuneCount:
    """Name a commune's count with the official names, when the codes are known."""
    province = places.province(province_code) if province_code is not None else None
    communes = _commune_names(province.code) if province is not None else {}
    return CommuneCount(province_code, commune_code, province.name if province else None,
                        communes.get(commune_code) if commune_code is not None else None, count)


@cache
def _commune_names(province_code: int) -> dict[int, str]:
    """Map a province's commune codes to names (once: everywhere lists thousands)."""
    return {c.code: c.name for c in places.communes(province_code)}
