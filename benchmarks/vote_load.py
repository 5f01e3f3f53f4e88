"""Vote day under load (``make bench-vote``, deploy/local/bench-vote.sh; docs/scaling.md "Vote
day"): simulated voters cast majority-judgment ballots through nginx → gunicorn → PostgreSQL,
beside two ceilings measured in the same run at the same concurrency: the same server's cheapest
request (``GET health/?probe=live``) and pgbench running the cast's own writes. Then it counts
what the database holds against what the voters were told.

Load generator: an asyncio client (aiohttp), one task per concurrent voter, bounded in time
(``--duration`` per phase) and in count (each voter casts once per ballot: the run stops early
when the voters are used up). Each simulated voter signs in with its API token, reads its
ballot (``GET campaigns/{slug}/areas/{code}/ballot/``) and casts (``POST …/ballots/``); a share
replaces the ballot with the receipt (``POST …/ballots/replace/``), a share sends an empty
ballot and nothing else (refused, 400: nothing may be stored for them). A last phase casts
alone: voters whose page already shows their ballot sign in by token and cast, nothing else.

Exit status: 0 when every count matches, 1 on a mismatch (or a 5xx), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import psycopg

GRADES = ("pas_convaincu", "pourquoi_pas", "aime_bien", "adore")
RECEIPT_PREFIX = "belvedere-receipt:"


# --- the numbers -------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (``p`` in 0–100) of ``values``, in their unit; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


@dataclass
class Phase:
    name: str
    started: float = 0.0
    ended: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    # CPU seconds each part of the stack spent during the phase (CpuClock), when measured.
    cpu: dict[str, float] = field(default_factory=dict)

    def record(self, kind: str, status: int, seconds: float) -> None:
        self.latencies[kind].append(seconds * 1000)
        self.statuses[kind][status] += 1

    @property
    def seconds(self) -> float:
        return max(self.ended - self.started, 1e-9)

    def rate(self, kind: str, status: int | None = None) -> float:
        counts = self.statuses.get(kind, Counter())
        n = counts[status] if status is not None else sum(counts.values())
        return n / self.seconds

    def lines(self) -> list[str]:
        out = [f"{self.name}: {self.seconds:.1f} s"]
        for kind in sorted(self.latencies):
            lat = self.latencies[kind]
            statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses[kind].items()))
            out.append(
                f"  {kind:<14} {len(lat):>7} req {len(lat) / self.seconds:>8.1f}/s   "
                f"p50 {percentile(lat, 50):>6.1f} ms  p95 {percentile(lat, 95):>6.1f} ms  "
                f"p99 {percentile(lat, 99):>6.1f} ms   status {{{statuses}}}"
            )
        return out


class CpuClock:
    """CPU seconds spent so far by each part of the stack, read from /proc (Linux): a part is a
    root process (gunicorn's master, PostgreSQL's postmaster, nginx's master, Redis) with its
    descendants, and the children it has already reaped (gunicorn's recycled workers, closed
    PostgreSQL backends); the load generator is this process. Each phase's difference, divided
    by its requests, says what one request costs each part: where a cast's time goes beside the
    probe's."""

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = roots
        self.tick = os.sysconf("SC_CLK_TCK")

    def _table(self) -> dict[int, tuple[int, float, float]]:
        """pid → (parent, own CPU seconds, reaped children's CPU seconds)."""
        table = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:  # gone meanwhile
                continue
            fields = stat[stat.rfind(")") + 2 :].split()
            own = (int(fields[11]) + int(fields[12])) / self.tick
            reaped = (int(fields[13]) + int(fields[14])) / self.tick
            table[int(entry)] = (int(fields[1]), own, reaped)
        return table

    def read(self) -> dict[str, float]:
        table = self._table()
        children: dict[int, list[int]] = defaultdict(list)
        for pid, (parent, _, _) in table.items():
            children[parent].append(pid)
        spent = {}
        for part, root in self.roots.items():
            if root not in table:
                continue
            total, todo = table[root][2], [root]
            while todo:
                pid = todo.pop()
                total += table[pid][1]
                todo.extend(children.get(pid, []))
            spent[part] = total
        mine = os.times()
        spent["load generator"] = mine.user + mine.system
        return spent

    def measure(self, run: Any) -> Phase:
        """``run()`` (a phase), with the CPU each part spent meanwhile."""
        before = self.read()
        phase = run()
        after = self.read()
        phase.cpu = {part: after[part] - before[part] for part in after if part in before}
        return phase


def cpu_lines(
    phases: list[tuple[str, Phase, str, int | None]], cores: int
) -> tuple[list[str], dict[str, float]]:
    """Milliseconds of CPU per request for each part of the stack, in each phase: ``(label,
    phase, kind of request counted or "*" for all, status counted or None)``; and each phase's
    total."""
    parts = sorted({part for _, phase, _, _ in phases for part in phase.cpu}, key=_part_order)
    out = [
        f"CPU per request by part of the stack (ms; {cores} cores give {cores * 1000} ms a "
        "second):",
        "  " + " " * 28 + "".join(f"{part[:14]:>15}" for part in parts) + f"{'all':>9}",
    ]
    per: dict[str, float] = {}
    for label, phase, kind, status in phases:
        n = sum(
            count
            for k, counts in phase.statuses.items()
            if kind == "*" or k == kind
            for s, count in counts.items()
            if status is None or s == status
        )
        if not n or not phase.cpu:
            continue
        costs = [1000 * phase.cpu.get(part, 0.0) / n for part in parts]
        per[label] = sum(costs)
        out.append(f"  {label:<28}" + "".join(f"{c:>15.2f}" for c in costs) + f"{sum(costs):>9.2f}")
    return out, per


def _part_order(part: str) -> int:
    order = ["API (gunicorn)", "PostgreSQL", "nginx", "Redis", "load generator"]
    return order.index(part) if part in order else len(order)


# --- the voters ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the voters were told, for the count afterwards."""

    accepted: list[str] = field(default_factory=list)  # receipts of 201 casts
    replaced: dict[str, str] = field(default_factory=dict)  # old receipt → new receipt
    # (voter, area) of the ballots that were only ever sent empty
    refused: set[tuple[int, str]] = field(default_factory=set)
    unknown: int = 0  # casts with no answer (connection lost): outcome unknown to the voter


class Voters:
    """(voter, area) pairs handed out once each: a voter's arrondissement ballot, then its
    city-wide one."""

    def __init__(self, voters: list[dict[str, Any]], city: str) -> None:
        self.pairs = [(v, area) for v in voters for area in (v["heart"], city)]
        self.next = 0

    def take(self) -> tuple[dict[str, Any], str] | None:
        if self.next >= len(self.pairs):
            return None
        pair = self.pairs[self.next]
        self.next += 1
        return pair


async def _call(
    session: aiohttp.ClientSession,
    phase: Phase,
    kind: str,
    method: str,
    url: str,
    **kw: Any,
) -> tuple[int, Any]:
    start = time.perf_counter()
    try:
        async with session.request(method, url, **kw) as response:
            body = await response.read()
            status = response.status
    except (TimeoutError, aiohttp.ClientError):
        phase.record(kind, 0, time.perf_counter() - start)
        return 0, None
    phase.record(kind, status, time.perf_counter() - start)
    try:
        return status, json.loads(body) if body else None
    except ValueError:
        return status, None


def _grades(projects: list[int], rng: random.Random) -> dict[str, str]:
    """A majority-judgment ballot: a few projects graded, favourites first (a skew towards the
    first projects of the list, as real ballots have popular projects)."""
    k = min(len(projects), rng.randint(1, 5))
    chosen = {projects[min(int(rng.expovariate(0.3)), len(projects) - 1)] for _ in range(k)}
    return {str(p): rng.choice(GRADES) for p in chosen}


async def voter_task(
    session: aiohttp.ClientSession,
    base: str,
    slug: str,
    voters: Voters,
    phase: Phase,
    outcome: Outcome,
    deadline: float,
    rng: random.Random,
    replace_share: float,
    refuse_share: float,
    known: dict[str, list[int]] | None = None,
) -> None:
    """One simulated voter after another. With ``known`` (area code → its ballot's project ids,
    read beforehand), the voter casts without reading its ballot: the cast alone."""
    while time.perf_counter() < deadline:
        pair = voters.take()
        if pair is None:
            return
        voter, area = pair
        headers = {"Authorization": f"Token {voter['token']}"}
        if known is not None and area in known:
            ids = known[area]
        else:
            status, projects = await _call(
                session,
                phase,
                "ballot GET",
                "GET",
                f"{base}/api/v1/campaigns/{slug}/areas/{area}/ballot/",
                headers=headers,
            )
            if status != 200 or not projects:
                continue
            ids = [p["id"] for p in projects]
        cast_url = f"{base}/api/v1/campaigns/{slug}/ballots/"
        if rng.random() < refuse_share:
            outcome.refused.add((voter["n"], area))
            await _call(
                session,
                phase,
                "cast refused",
                "POST",
                cast_url,
                json={"area": area, "grades": {}},
                headers=headers,
            )
            continue
        status, body = await _call(
            session,
            phase,
            "cast",
            "POST",
            cast_url,
            json={"area": area, "grades": _grades(ids, rng)},
            headers=headers,
        )
        if status == 0:
            outcome.unknown += 1
            continue
        if status != 201:
            continue
        receipt = body["receipt"]
        outcome.accepted.append(receipt)
        if rng.random() < replace_share:
            status, body = await _call(
                session,
                phase,
                "replace",
                "POST",
                cast_url + "replace/",
                json={"area": area, "grades": _grades(ids, rng), "receipt": receipt},
                headers=headers,
            )
            if status == 200:
                outcome.replaced[receipt] = body["receipt"]
            elif status == 0:
                outcome.unknown += 1


async def probe_task(
    session: aiohttp.ClientSession, base: str, phase: Phase, deadline: float, limit: list[int]
) -> None:
    while time.perf_counter() < deadline and limit[0] > 0:
        limit[0] -= 1
        await _call(session, phase, "probe", "GET", f"{base}/api/v1/health/?probe=live")


def _session(concurrency: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    return aiohttp.ClientSession(connector=connector, timeout=timeout)


async def run_probe(base: str, concurrency: int, duration: float, max_requests: int) -> Phase:
    phase = Phase("probe GET health/?probe=live")
    async with _session(concurrency) as session:
        phase.started = time.perf_counter()
        deadline = phase.started + duration
        limit = [max_requests]
        await asyncio.gather(
            *(probe_task(session, base, phase, deadline, limit) for _ in range(concurrency))
        )
        phase.ended = time.perf_counter()
    return phase


async def run_vote(
    base: str,
    slug: str,
    voters: Voters,
    concurrency: int,
    duration: float,
    seed: int,
    replace_share: float,
    refuse_share: float,
    name: str,
    outcome: Outcome,
    known: dict[str, list[int]] | None = None,
) -> Phase:
    phase = Phase(name)
    async with _session(concurrency) as session:
        phase.started = time.perf_counter()
        deadline = phase.started + duration
        await asyncio.gather(
            *(
                voter_task(
                    session,
                    base,
                    slug,
                    voters,
                    phase,
                    outcome,
                    deadline,
                    random.Random(seed * 1000 + i),
                    replace_share,
                    refuse_share,
                    known,
                )
                for i in range(concurrency)
            )
        )
        phase.ended = time.perf_counter()
    return phase


async def read_ballots(base: str, slug: str, areas: list[str]) -> dict[str, list[int]]:
    """Each area's ballot (its project ids), read once: what a voter's page has already shown
    when the cast-only phase casts."""
    known: dict[str, list[int]] = {}
    async with _session(1) as session:
        for area in areas:
            url = f"{base}/api/v1/campaigns/{slug}/areas/{area}/ballot/"
            async with session.get(url) as response:
                if response.status == 200:
                    known[area] = [p["id"] for p in json.loads(await response.read())]
    return known


# --- the count afterwards ------------------------------------------------------------------------


def receipt_hash(code: str) -> str:
    normal = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(f"{RECEIPT_PREFIX}{normal}".encode()).hexdigest()


def seal(key: bytes, hashed: str) -> str:
    return hmac.new(key, f"belvedere-seal:{hashed}".encode(), hashlib.sha256).hexdigest()


def count_check(dsn: str, slug: str, outcome: Outcome, seal_key: bytes) -> tuple[bool, list[str]]:
    """Every 201 has exactly one participation; every receipt the voters hold (the 201s not
    replaced, and the replacements) exactly one sealed ballot; a replaced receipt none; nothing
    for the voters who only sent empty ballots; no duplicate, no extra row."""
    final = [outcome.replaced.get(r, r) for r in outcome.accepted]
    old = list(outcome.replaced)
    final_h = [receipt_hash(r) for r in final]
    old_h = [receipt_hash(r) for r in old]
    seals = [seal(seal_key, h) for h in final_h]
    lines, ok = [], True
    with psycopg.connect(dsn) as db:
        campaign = db.execute(
            "SELECT id FROM campaigns_campaign WHERE slug = %s", [slug]
        ).fetchone()
        cid = campaign[0]
        boxed = dict(
            db.execute(
                "SELECT receipt_hash, count(*) FROM voting_sealedballot "
                "WHERE campaign_id = %s AND receipt_hash = ANY(%s) GROUP BY receipt_hash",
                [cid, final_h + old_h],
            ).fetchall()
        )
        sealed = dict(
            db.execute(
                "SELECT ballot_seal, count(*) FROM voting_participation "
                "WHERE campaign_id = %s AND ballot_seal = ANY(%s) GROUP BY ballot_seal",
                [cid, seals],
            ).fetchall()
        )
        total_box = db.execute(
            "SELECT count(*) FROM voting_sealedballot WHERE campaign_id = %s", [cid]
        ).fetchone()[0]
        total_part = db.execute(
            "SELECT count(*) FROM voting_participation WHERE campaign_id = %s", [cid]
        ).fetchone()[0]
        duplicates = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM voting_participation WHERE campaign_id = %s "
            "GROUP BY person_id, area_kind HAVING count(*) > 1) d",
            [cid],
        ).fetchone()[0]
        refused_rows = 0
        for n, code in sorted(outcome.refused):
            refused_rows += db.execute(
                "SELECT count(*) FROM voting_participation p JOIN accounts_user u "
                "ON u.id = p.person_id JOIN geo_area a ON a.id = p.area_id "
                "WHERE p.campaign_id = %s AND u.email = %s AND a.code = %s",
                [cid, f"bench-voter-{n}@bench.invalid", code],
            ).fetchone()[0]
    one_box = sum(1 for h in final_h if boxed.get(h) == 1)
    one_part = sum(1 for s in seals if sealed.get(s) == 1)
    replaced_left = sum(1 for h in old_h if boxed.get(h))

    def check(label: str, got: int, want: int, slack: int = 0) -> None:
        nonlocal ok
        good = want <= got <= want + slack
        ok = ok and good
        lines.append(
            f"  {label:<58} {got:>7}  (expected {want}{f'..{want + slack}' if slack else ''}) {'ok' if good else 'MISMATCH'}"
        )

    lines.append("Count (the database against what the voters were told):")
    check("201 casts with exactly one participation (by seal)", one_part, len(final))
    check("receipts held with exactly one sealed ballot", one_box, len(final))
    check("replaced receipts still in the box", replaced_left, 0)
    check("participations in ballots only sent empty (refused)", refused_rows, 0)
    check("persons with two participations of one kind", duplicates, 0)
    # A cast whose answer was lost may have been stored: the only slack allowed.
    check("sealed ballots in the campaign", total_box, len(final), outcome.unknown)
    check("participations in the campaign", total_part, len(outcome.accepted), outcome.unknown)
    return ok, lines


# --- pgbench: the cast's own writes --------------------------------------------------------------

PGBENCH_SCRIPT = """\
SELECT nextval('bench_pgbench_seq') - 1 AS n \\gset
\\set k :n / 2
\\set city :n % 2
SELECT user_id AS uid, entry_id AS eid, heart_id AS heart FROM bench_pgbench_pool WHERE k = :k \\gset
\\set area case when :city = 1 then :city_area else :heart end
BEGIN;
INSERT INTO voting_participation (id, person_id, voter_id, campaign_id, area_id, area_kind, channel, voted_on, entered_by_id, ballot_seal) VALUES (gen_random_uuid(), :uid::bigint, :eid::bigint, :cid::bigint, :area::bigint, CASE WHEN :city::int = 1 THEN 'city' ELSE 'arrondissements' END, 'online', current_date, NULL, encode(sha256(('belvedere-seal:' || :n::text || random()::text)::bytea), 'hex'));
INSERT INTO voting_sealedballot (id, campaign_id, area_id, rule, sealed, receipt_hash, cast_on) VALUES (gen_random_uuid(), :cid::bigint, :area::bigint, 'majority_judgment', repeat(md5(random()::text), 28), encode(sha256(('belvedere-receipt:' || gen_random_uuid())::text::bytea), 'hex'), current_date);
END;
"""


def run_pgbench(
    pgbench: str, dsn: str, slug: str, pool_file: Path, concurrency: int, duration: float
) -> tuple[float, str]:
    """pgbench with the cast's writes (participation with its unique constraints and foreign
    keys, the sealed ballot with its unique receipt hash, the receipt's SHA-256) at the same
    concurrency, each transaction a new person of the pool (``load_bench_voters
    --pgbench-pool``); bounded by the pool and by ``duration``. Returns its tps."""
    pool = [line.split(",") for line in pool_file.read_text().split()]
    with psycopg.connect(dsn, autocommit=True) as db:
        cid, city = db.execute(
            "SELECT c.id, a.id FROM campaigns_campaign c JOIN campaigns_campaign_areas ca "
            "ON ca.campaign_id = c.id JOIN geo_area a ON a.id = ca.area_id "
            "WHERE c.slug = %s AND a.kind = 'city'",
            [slug],
        ).fetchone()
        hearts = [
            r[0]
            for r in db.execute(
                "SELECT a.id FROM campaigns_campaign_areas ca JOIN geo_area a ON a.id = ca.area_id "
                "WHERE ca.campaign_id = %s AND a.kind = 'arrondissements' ORDER BY a.code",
                [cid],
            ).fetchall()
        ]
        db.execute("DROP TABLE IF EXISTS bench_pgbench_pool")
        db.execute(
            "CREATE TABLE bench_pgbench_pool (k int PRIMARY KEY, user_id bigint, entry_id bigint, "
            "heart_id bigint)"
        )
        with db.cursor() as cur, cur.copy("COPY bench_pgbench_pool FROM STDIN") as copy:
            for k, (uid, eid) in enumerate(pool):
                copy.write_row((k, int(uid), int(eid), hearts[k % len(hearts)]))
        db.execute("DROP SEQUENCE IF EXISTS bench_pgbench_seq")
        db.execute("CREATE SEQUENCE bench_pgbench_seq")
        # pgbench's people start with no participation (an earlier run's are removed).
        db.execute(
            "DELETE FROM voting_participation WHERE person_id IN "
            "(SELECT user_id FROM bench_pgbench_pool)"
        )
    per_client = max(1, (2 * len(pool)) // concurrency)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(PGBENCH_SCRIPT)
        script = f.name
    try:
        cmd = [
            pgbench,
            "-n",
            "-c",
            str(concurrency),
            "-j",
            "2",
            "-t",
            str(per_client),
            "-M",
            "prepared",
            "-D",
            f"cid={cid}",
            "-D",
            f"city_area={city}",
            "-f",
            script,
            dsn,
        ]
        done = subprocess.run(  # noqa: S603 (pgbench, with our own arguments)
            cmd, capture_output=True, text=True, timeout=duration + 60, check=False
        )
    finally:
        os.unlink(script)
    out = done.stdout + done.stderr
    tps = 0.0
    for line in out.splitlines():
        if line.startswith("tps ="):
            tps = float(line.split()[2])
    if done.returncode != 0 or not tps:
        raise RuntimeError(f"pgbench failed:\n{out}")
    return tps, out


def server_durations(log: Path) -> list[str]:
    """The API's own time per route and status (its access lines' ``duration_ms``): what the
    request cost inside gunicorn, without nginx's or the queue's wait."""
    times: dict[tuple[str, int], list[float]] = defaultdict(list)
    for line in log.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("logger") == "belvedere.access":
            times[(record["route"], record["status"])].append(record["duration_ms"])
    out = ["Inside the API (its access lines, every phase):"]
    for (route, status), values in sorted(times.items()):
        out.append(
            f"  {route:<16} {status}  {len(values):>7} req   p50 {percentile(values, 50):7.2f} ms"
            f"  p95 {percentile(values, 95):7.2f} ms"
        )
    return out


# --- the run -------------------------------------------------------------------------------------


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--url", required=True, help="nginx in front of the API, e.g. http://127.0.0.1:8130"
    )
    ap.add_argument("--dsn", required=True, help="the API's PostgreSQL database (libpq URL)")
    ap.add_argument("--slug", default="demo-paris-vote")
    ap.add_argument("--city-area", default="paris")
    ap.add_argument("--voters", required=True, type=Path, help="load_bench_voters --out")
    ap.add_argument("--pgbench-pool", type=Path, help="load_bench_voters --pool-out")
    ap.add_argument("--pgbench", default="pgbench")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    ap.add_argument("--max-probes", type=int, default=200_000)
    ap.add_argument("--replace-share", type=float, default=0.1)
    ap.add_argument("--refuse-share", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", default="?", help="gunicorn workers, for the report")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument(
        "--access-log", type=Path, help="the API's log: server-side durations per route"
    )
    ap.add_argument(
        "--cpu",
        action="append",
        default=[],
        metavar="PART=PID",
        help="a part of the stack and its root process, for the CPU each request costs it "
        '(e.g. "PostgreSQL=1234"); repeat for each part',
    )
    args = ap.parse_args()
    seal_key = os.environ.get("BALLOT_SEAL_KEY", "").encode()
    if not seal_key:
        print("vote_load: BALLOT_SEAL_KEY must be the API's (to find participations by seal)")
        return 2
    voters = [json.loads(line) for line in args.voters.read_text().splitlines() if line]
    base = args.url.rstrip("/")
    c, d = args.concurrency, args.duration
    print(
        f"Vote day on {_cores()} cores: {c} concurrent clients, {d:.0f} s per phase, "
        f"{len(voters)} voters, gunicorn workers: {args.workers}"
    )

    clock = CpuClock({part: int(pid) for part, pid in (a.split("=", 1) for a in args.cpu)})

    # Warm-up (3 s, not timed; its casts are counted afterwards like the others).
    outcome = Outcome()
    pool = Voters(voters, args.city_area)
    asyncio.run(run_vote(base, args.slug, pool, c, 3.0, args.seed, 0.0, 0.0, "warm-up", outcome))
    asyncio.run(run_probe(base, c, 3.0, args.max_probes))
    probe = clock.measure(lambda: asyncio.run(run_probe(base, c, d, args.max_probes)))
    vote = clock.measure(
        lambda: asyncio.run(
            run_vote(
                base,
                args.slug,
                pool,
                c,
                d,
                args.seed,
                args.replace_share,
                args.refuse_share,
                "vote (sign in by token, read the ballot, cast; some replace, some refused)",
                outcome,
            )
        )
    )
    # The cast alone: voters whose page already shows their ballot (read once per area here,
    # outside the timing), no replacement, no empty ballot.
    known = asyncio.run(read_ballots(base, args.slug, sorted({a for _, a in pool.pairs})))
    only = clock.measure(
        lambda: asyncio.run(
            run_vote(
                base,
                args.slug,
                pool,
                c,
                d,
                args.seed + 1,
                0.0,
                0.0,
                "casts only (the ballot already shown: sign in by token, cast)",
                outcome,
                known,
            )
        )
    )
    if pool.next >= len(pool.pairs):
        print("(the voters ran out: load more with BENCH_VOTE_VOTERS)")
    for line in probe.lines() + vote.lines() + only.lines():
        print(line)

    ok, lines = count_check(args.dsn, args.slug, outcome, seal_key)

    tps = 0.0
    if args.pgbench_pool:
        tps, _ = run_pgbench(args.pgbench, args.dsn, args.slug, args.pgbench_pool, c, d)
        print(f"pgbench, the cast's writes, {c} clients: {tps:.0f} transactions/s")

    casts = vote.rate("cast", 201)
    probe_rate = probe.rate("probe", 200)
    p99 = percentile(vote.latencies.get("cast", []), 99)
    refused = vote.latencies.get("cast refused", [])
    accepted = vote.latencies.get("cast", [])
    errors = {
        f"{name} {kind}": {s: n for s, n in counts.items() if s >= 500 or s == 0}
        for name, phase in (("vote", vote), ("casts only", only))
        for kind, counts in phase.statuses.items()
    }
    errors = {k: v for k, v in errors.items() if v}
    print("Ratios (same run, same machine):")
    print(
        f"  casts/s ÷ probe req/s       {casts:8.1f} / {probe_rate:8.1f} = {casts / probe_rate:6.1%}"
        f"   (goal ≥ 50 %)"
    )
    if tps:
        print(f"  casts/s ÷ pgbench tps       {casts:8.1f} / {tps:8.1f} = {casts / tps:6.1%}")
    # Requests the voters sent per accepted cast: were each as cheap as the probe, casts/s could
    # be at most the probe's rate divided by this.
    sent = sum(sum(counts.values()) for counts in vote.statuses.values())
    per_cast = sent / max(1, sum(vote.statuses.get("cast", {}).values()))
    print(
        f"  the flow's own bound          {per_cast:8.2f} requests per cast: "
        f"at the probe's price, at most {1 / per_cast:6.1%}"
    )
    only_casts = only.rate("cast", 201)
    print(
        f"  casts only/s ÷ probe req/s  {only_casts:8.1f} / {probe_rate:8.1f} = "
        f"{only_casts / probe_rate:6.1%}   (goal ≥ 50 %)"
    )
    only_p99 = percentile(only.latencies.get("cast", []), 99)
    print(
        f"  cast p99 at {c} voters       {p99:8.1f} ms   (goal < 300 ms; casts only {only_p99:.1f} ms)"
    )
    if refused and accepted:
        print(
            f"  refused ÷ accepted cast p50 {percentile(refused, 50):8.1f} / "
            f"{percentile(accepted, 50):8.1f} ms = {percentile(refused, 50) / percentile(accepted, 50):6.1%}"
        )
    print(f"  errors (5xx, no answer)     {errors or 'none'}")
    cpu, per = cpu_lines(
        [
            ("probe (per request)", probe, "probe", 200),
            ("casts only (per cast)", only, "*", None),
            ("the flow (per accepted cast)", vote, "cast", 201),
        ],
        _cores(),
    )
    if len(cpu) > 2:
        for line in cpu:
            print(line)
    probe_cpu, only_cpu = per.get("probe (per request)"), per.get("casts only (per cast)")
    if probe_cpu and only_cpu:
        print(
            f"  a cast costs {only_cpu / probe_cpu:.1f}× the probe's CPU in all: at that "
            f"price, casts could reach {probe_cpu / only_cpu:.0%} of the probe's rate"
        )
    if args.access_log and args.access_log.exists():
        for line in server_durations(args.access_log):
            print(line)
    for line in lines:
        print(line)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "cores": _cores(),
                    "concurrency": c,
                    "probe_rps": probe_rate,
                    "casts_per_s": casts,
                    "cast_p50_ms": percentile(accepted, 50),
                    "cast_p95_ms": percentile(accepted, 95),
                    "cast_p99_ms": p99,
                    "casts_only_per_s": only_casts,
                    "casts_only_p99_ms": only_p99,
                    "requests_per_cast": per_cast,
                    "refused_p50_ms": percentile(refused, 50),
                    "pgbench_tps": tps,
                    "errors": {k: {str(s): n for s, n in v.items()} for k, v in errors.items()},
                    "count_ok": ok,
                    "cpu_ms_per_request": per,
                },
                indent=2,
            )
        )
    if errors:
        print("vote_load: server errors or lost answers under load")
    return 0 if ok and not any(s >= 500 for v in errors.values() for s in v) else 1


if __name__ == "__main__":
    sys.exit(main())
