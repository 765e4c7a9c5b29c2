"""The desk's registrations list with 10,000 registrations: page times on loopback.

The real bot runs against the Bot API emulator and starts its desk on a free port, as in
production; a fresh database gets 10,000 registrations spread over provinces, communes,
statuses and two years. A province officer and an admin sign in by login link and ask for the
list (default, filtered, sorted by deadline, page 100, and a search), one request at a time,
interleaved with the desk's stylesheet as the baseline of this machine right now. Prints the
median and p95 of each in ms and as a ratio to the baseline; the aim is under 100 ms a page.

    python bench/bench_desk.py [--requests 50] [--registrations 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PTB_TIMEDELTA", "1")

import aiohttp

import desk
from bot import build_application
from core.config import Settings, WebSettings
from core.context import SERVICES_KEY, App, Services
from core.lifecycle import polling
from emulator import BotApiEmulator
from knowledge import places

TOKEN = "123456:BENCH-TOKEN-for-the-emulator"
ADMIN = 900_001
OFFICER = 900_002
HOME_PROVINCE = 14  # Sơn La: the province officer's, with most of the registrations
STATUSES = ("submitted", "info_requested", "accepted", "rejected", "draft")
STATUS_WEIGHTS = (30, 10, 40, 17, 3)
BASELINE = "/desk/static/desk.css"
AIM_MS = 100.0


def spread(count: int, rng: random.Random) -> list[tuple[object, ...]]:
    """`count` registrations: 60 % in Sơn La's 60 first communes, the rest in five others."""
    others = [p.code for p in places.provinces() if p.code != HOME_PROVINCE][:5]
    communes = {code: [c.code for c in places.communes(code)][:60]
                for code in (HOME_PROVINCE, *others)}
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows: list[tuple[object, ...]] = []
    for n in range(count):
        province = HOME_PROVINCE if rng.random() < 0.6 else rng.choice(others)
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        moment = (start + timedelta(minutes=rng.randrange(700 * 24 * 60))).isoformat(
            timespec="seconds")
        rows.append((status, "cooperative", f"HTX Nông sản số {n}", province,
                     rng.choice(communes[province]), f"Sản phẩm OCOP số {n}",
                     rng.randint(1, 26), rng.choice(("first", "upgrade", "reevaluation")),
                     moment, moment, None if status == "draft" else moment))
    return rows


async def seed(services: Services, count: int, rng: random.Random) -> None:
    """Store the registrations, the admin and a province officer of Sơn La."""
    async with services.repo.db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO registrations (status, org_type, org_name, province_code, commune_code,"
            " product_name, sheet, kind, created_at, updated_at, submitted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spread(count, rng))
        for user_id, role in ((ADMIN, "admin"), (OFFICER, "officer")):
            await tx.execute(
                "INSERT INTO users (id, first_name, role, first_seen, last_seen)"
                " VALUES (?, 'Bench', ?, '2026-01-01', '2026-01-01')", (user_id, role))
        await tx.execute(
            "INSERT INTO officers (user_id, province_code, created_at)"
            " VALUES (?, ?, '2026-01-01')", (OFFICER, HOME_PROVINCE))
    await services.repo.db.connection.execute("ANALYZE")


async def signed_in(app: App, user_id: int) -> tuple[aiohttp.ClientSession, str]:
    """A browser session of `user_id` on the running desk, and the desk's address."""
    link = await desk.login_link(app, user_id)
    base = link[:link.index("/desk/login/")]
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # 127.0.0.1
    async with session.post(link, allow_redirects=False) as response:
        assert response.status == 303, await response.text()
    return session, base


async def timed(session: aiohttp.ClientSession, url: str, form: dict[str, str] | None) -> float:
    """Milliseconds for one whole answer (its body read)."""
    started = time.perf_counter()
    request = session.post(url, data=form) if form is not None else session.get(url)
    async with request as response:
        await response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - started) * 1000


async def csrf_of(session: aiohttp.ClientSession, base: str) -> str:
    async with session.get(base + "/desk/") as response:
        html = await response.text()
    marker = 'name="csrf" value="'
    return html[html.index(marker) + len(marker):].split('"', 1)[0]


Case = tuple[str, str, str, dict[str, str] | None]  # label, who, path, form (None: a GET)


def cases(csrf: dict[str, str]) -> list[Case]:
    """(label, who, path, form): the baseline, then each list for each role."""
    commune = places.communes(HOME_PROVINCE)[0].code
    pages: list[tuple[str, str, dict[str, str] | None]] = [
        ("default", "/desk/registrations", None),
        ("one commune, status", f"/desk/registrations?status=submitted&commune={commune}", None),
        ("status, sheet, kind", "/desk/registrations?status=accepted&sheet=11&kind=upgrade",
         None),
        ("by deadline", "/desk/registrations?sort=deadline", None),
        ("page 100", "/desk/registrations?page=100", None),
        ("search (POST)", "/desk/registrations", {"q": "san pham ocop so 12"}),
        ("statistics", "/desk/stats", None)]
    found: list[Case] = [("baseline", "admin", BASELINE, None)]
    for who in ("province officer", "admin"):
        found += [(f"{who}: {name}", who, path,
                   None if form is None else {**form, "csrf": csrf[who]})
                  for name, path, form in pages]
    return found


async def measure(app: App, requests: int, warm_up: int = 3) -> dict[str, list[float]]:
    """Run every case `requests` times, interleaved, after `warm_up` rounds."""
    sessions: dict[str, aiohttp.ClientSession] = {}
    base = ""
    for who, user_id in (("province officer", OFFICER), ("admin", ADMIN)):
        sessions[who], base = await signed_in(app, user_id)
    try:
        csrf = {who: await csrf_of(session, base) for who, session in sessions.items()}
        plan = cases(csrf)
        for who, session in sessions.items():  # measure full pages, not empty ones
            async with session.get(base + "/desk/registrations?page=100") as response:
                rows = (await response.text()).count('<a href="/desk/registrations/') // 2
            assert rows == 50, (who, rows)
        times: dict[str, list[float]] = {label: [] for label, *_ in plan}
        for round_number in range(warm_up + requests):
            for label, who, path, form in plan:
                elapsed = await timed(sessions[who], base + path, form)
                if round_number >= warm_up:
                    times[label].append(elapsed)
        return times
    finally:
        for session in sessions.values():
            await session.close()


def report(times: dict[str, list[float]], count: int, visible: int) -> None:
    base = statistics.median(times["baseline"])
    print(f"{count} registrations ({visible} submitted in the province officer's Sơn La); "
          f"{len(times['baseline'])} requests each, interleaved, on loopback")
    print(f"{'':<40} {'median ms':>10} {'p95 ms':>8} {'ratio':>6}")
    worst = 0.0
    for label, values in times.items():
        median, p95 = statistics.median(values), statistics.quantiles(values, n=20)[18]
        if label != "baseline" and "search" not in label:
            worst = max(worst, median)
        print(f"{label:<40} {median:10.1f} {p95:8.1f} {median / base:6.1f}")
    print(f"ratio: median / the baseline's median (GET {BASELINE}, {base:.1f} ms)")
    print(f"slowest page of 50 (GET, median): {worst:.1f} ms "
          f"(aim < {AIM_MS:.0f} ms: {'met' if worst < AIM_MS else 'NOT met'}); "
          "a search by name is a form, typed by a person, shown beside them")


async def run(requests: int, count: int, seed_value: int) -> None:
    async with BotApiEmulator(token=TOKEN, global_limit_per_second=None) as emu:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(token=TOKEN, api_base_url=emu.base_url,
                                database_path=Path(tmp) / "bench.sqlite3",
                                admin_ids=frozenset({ADMIN}), log_level="WARNING",
                                web=WebSettings(port=0))
            app = build_application(settings)
            async with polling(app, timeout=1):
                services: Services = app.bot_data[SERVICES_KEY]
                await seed(services, count, random.Random(seed_value))
                row = await services.repo.db.fetch_one(
                    "SELECT COUNT(*) FROM registrations WHERE province_code = ?"
                    " AND status != 'draft'", (HOME_PROVINCE,))
                times = await measure(app, requests)
    report(times, count, int(row[0]) if row else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(run(args.requests, args.registrations, args.seed))


if __name__ == "__main__":
    main()
