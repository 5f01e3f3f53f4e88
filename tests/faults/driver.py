"""The fault checks, run by ``make test-faults`` (deploy/local/test-faults.sh) against the scale-out
shape of ``make test-scale`` on loopback: nginx, two gunicorn instances, two Celery workers (and
a Celery beat started here), Redis, a PostgreSQL primary and its streaming replica.

For each fault, declared voters (API tokens) cast majority-judgment ballots through nginx while
the fault happens; every acknowledged (201) receipt is recorded and looked for afterwards:
1. PostgreSQL's postmaster killed (SIGKILL), restarted: 503 in the JSON error format while it is
   down, the API recovers without a restart, nothing acknowledged lost, nothing half written;
2. Redis stopped, restarted: ballots and proposals accepted meanwhile, the geocoding of a
   proposal deposited meanwhile caught up by the sweep once it is back;
3. one gunicorn worker, then one whole instance, killed under the cast load: nothing
   acknowledged lost, no cast resent by nginx (a resent cast would be a 409), failures said;
4. the streaming replica stopped: reads go on, served by the primary;
5. a Celery worker killed during a geocoding task (the whole worker: the message comes back
   after the visibility timeout) and during the count (its pool process: handed back at once):
   each runs again and gives the same result.

Prints what it saw and exits 1 if a check fails. Everything it starts (Celery beat, a Redis or
PostgreSQL started again) is stopped by it or by the script's cleanup.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v1"
VOTE = "demo-paris-vote"
PROPOSE = "demo-paris"
GRADES = ("pas_convaincu", "pourquoi_pas", "aime_bien", "adore")
ADDRESS = "12 rue Mouffetard 75005 Paris"

ENV = os.environ
SCALE = Path(ENV["SCALE_DIR"])
LOGS = Path(ENV["SCALE_LOGS"])
PG_BIN = Path(ENV["SCALE_PG_BIN"])
PRIMARY_DIR = Path(ENV["SCALE_PRIMARY"])
REPLICA_DIR = Path(ENV["SCALE_REPLICA"])
REDIS_PORT = ENV["SCALE_REDIS_PORT"]
NGINX = f"http://127.0.0.1:{ENV['SCALE_NGINX_PORT']}"
API_PORTS = ENV["SCALE_API_PORTS"].split()
APIS = [f"http://127.0.0.1:{p}" for p in API_PORTS]
PRIMARY_URL = ENV["SCALE_PRIMARY_URL"]
REPLICA_URL = ENV["SCALE_REPLICA_URL"]
LOAD_THREADS = int(ENV.get("FAULTS_LOAD_THREADS", "6"))

failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    print(f"  [{'ok' if ok else 'FAILED'}] {what}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def say(text: str) -> None:
    print(f"     {text}", flush=True)


def as_pg(*argv: str) -> list[str]:
    """PostgreSQL refuses to run as root: its programs run as "postgres" then (common.sh)."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.getuid() == 0 else list(argv)


def wait_for(condition: Callable[[], bool], seconds: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # a service coming back may fail a probe
            if condition():
                return True
        time.sleep(step)
    return False


def db(url: str = PRIMARY_URL) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, connect_timeout=3)


def receipt_hash(code: str) -> str:
    """As voting.receipts computes it (a code the server made is already canonical)."""
    normal = code.replace("-", "").replace(" ", "").upper()
    return hashlib.sha256(f"belvedere-receipt:{normal}".encode()).hexdigest()


def is_json_error(response: requests.Response, status: int, code: str) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return (
        response.status_code == status
        and response.headers.get("Content-Type", "").startswith("application/json")
        and body.get("status") == status
        and body.get("code") == code
    )


# --- voters and their casts ---------------------------------------------------------------------


@dataclass
class Voter:
    n: int
    token: str
    heart: str


@dataclass
class Outcome:
    voter: Voter
    status: int  # 0: no answer (connection error, timeout)
    receipt: str | None
    code: str
    upstreams: str
    at: float


@dataclass
class Casts:
    """The casts of one fault, as the clients saw them."""

    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_status(self) -> dict[int, int]:
        return dict(sorted(collections.Counter(o.status for o in self.outcomes).items()))

    def acknowledged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == 201]


class Ballots:
    def __init__(self) -> None:
        self.projects: dict[str, list[int]] = {}

    def for_area(self, area: str) -> dict[str, str]:
        if area not in self.projects:
            answer = requests.get(f"{NGINX}{API}/campaigns/{VOTE}/areas/{area}/ballot/", timeout=10)
            answer.raise_for_status()
            self.projects[area] = [p["id"] for p in answer.json()]
        projects = self.projects[area]
        chosen = random.Random(len(self.projects)).sample(projects, min(5, len(projects)))
        return {str(p): random.choice(GRADES) for p in chosen}


BALLOTS = Ballots()


def voters_read() -> Iterator[Voter]:
    with (SCALE / "voters.jsonl").open() as f:
        for line in f:
            v = json.loads(line)
            yield Voter(v["n"], v["token"], v["heart"])


class Load:
    """Casts through ``base`` (nginx) from a few threads, one cast per voter, until ``stop()``,
    the voters run out or ``max_seconds`` pass."""

    def __init__(self, voters: Iterator[Voter], base: str = NGINX, max_seconds: float = 60):
        self.voters = voters
        self.base = base
        self.casts = Casts()
        self.stopped = threading.Event()
        self.deadline = time.monotonic() + max_seconds
        self.take = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, daemon=True) for _ in range(LOAD_THREADS)
        ]

    def __enter__(self) -> Load:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        for t in self.threads:
            t.join(30)

    def count(self) -> int:
        with self.casts.lock:
            return len(self.casts.outcomes)

    def _run(self) -> None:
        session = requests.Session()
        while not self.stopped.is_set() and time.monotonic() < self.deadline:
            with self.take:
                voter = next(self.voters, None)
            if voter is None:
                return
            grades = BALLOTS.for_area(voter.heart)
            try:
                r = session.post(
                    f"{self.base}{API}/campaigns/{VOTE}/ballots/",
                    json={"area": voter.heart, "grades": grades},
                    headers={"Authorization": f"Token {voter.token}"},
                    timeout=20,
                )
                try:
                    body = r.json()
                except ValueError:
                    body = {"code": f"not JSON: {r.text[:60]!r}"}
                status, receipt = r.status_code, body.get("receipt") if r.ok else None
                code, ups = str(body.get("code", "")), r.headers.get("X-Upstream", "")
            except requests.RequestException as exc:
                status, receipt, code, ups = 0, None, type(exc).__name__, ""
            with self.casts.lock:
                self.casts.outcomes.append(
                    Outcome(voter, status, receipt, code, ups, time.monotonic())
                )


def voter_ids(tokens: list[str]) -> dict[str, int]:
    with db() as conn:
        rows = conn.execute(
            "SELECT key, user_id FROM authtoken_token WHERE key = ANY(%s)", (tokens,)
        ).fetchall()
    return dict(rows)


def ledger(campaign: str = VOTE) -> dict[str, int]:
    """Participations and ballots (sealed in the box, or counted) of the campaign."""
    with db() as conn:
        row = conn.execute(
            """SELECT (SELECT count(*) FROM voting_participation p WHERE p.campaign_id = c.id),
                      (SELECT count(*) FROM voting_sealedballot b WHERE b.campaign_id = c.id),
                      (SELECT count(*) FROM voting_ballot b WHERE b.campaign_id = c.id)
               FROM campaigns_campaign c WHERE c.slug = %s""",
            (campaign,),
        ).fetchone()
    return {"participations": row[0], "sealed": row[1], "counted": row[2]}


def stored_receipts(hashes: list[str]) -> set[str]:
    with db() as conn:
        rows = conn.execute(
            "SELECT receipt_hash FROM voting_sealedballot WHERE receipt_hash = ANY(%s) "
            "UNION SELECT receipt_hash FROM voting_ballot WHERE receipt_hash = ANY(%s)",
            (hashes, hashes),
        ).fetchall()
    return {r[0] for r in rows}


def casts_verify(casts: Casts, what: str) -> None:
    """Every 201 is stored; nothing half written; each failure either not stored or counted as
    ambiguous (the write committed, its answer was lost with the process that held it)."""
    acked = casts.acknowledged()
    hashes = [receipt_hash(o.receipt or "") for o in acked]
    found = stored_receipts(hashes)
    lost = len(hashes) - len(found)
    say(f"casts: {len(casts.outcomes)}, by status {casts.by_status()}")
    check(
        bool(acked) and lost == 0,
        f"{what}: every acknowledged ballot is stored ({len(found)}/{len(acked)}, {lost} lost)",
    )
    counts = ledger()
    check(
        counts["participations"] == counts["sealed"] + counts["counted"],
        f"{what}: nothing half written ({counts['participations']} participations, "
        f"{counts['sealed']} sealed + {counts['counted']} counted ballots)",
    )
    failed = [o for o in casts.outcomes if o.status != 201]
    ids = voter_ids([o.voter.token for o in failed])
    with db() as conn:
        voted = {
            r[0]
            for r in conn.execute(
                "SELECT person_id FROM voting_participation WHERE person_id = ANY(%s)",
                (list(ids.values()),),
            ).fetchall()
        }
    ambiguous = [o for o in failed if ids.get(o.voter.token) in voted]
    say(
        f"failed answers: {len(failed)} ({collections.Counter(o.code for o in failed)}); of "
        f"them stored anyway (the answer lost after the commit): {len(ambiguous)}"
    )
    resent = [o for o in casts.outcomes if o.code == "already_voted"]
    check(not resent, f"{what}: no cast was resent (no 409 already_voted: {len(resent)})")


# --- services the driver stops and starts -------------------------------------------------------


def postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text().split()[0])


def pg_start(data: Path, log: str) -> bool:
    """Start a cluster again (a killed postmaster's backends take a moment to exit)."""
    for _ in range(30):
        done = subprocess.run(
            as_pg(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(LOGS / log),
                "-w",
                "-t",
                "30",
                "start",
            ),
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            return True
        time.sleep(0.5)
    say(f"pg_ctl start failed: {done.stderr.strip()[:300]}")
    return False


def redis_start() -> None:
    subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            REDIS_PORT,
            "--dir",
            str(SCALE / "redis"),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(LOGS / "redis-again.log"),
        ],
        start_new_session=True,
    )


def redis_up() -> bool:
    return (
        subprocess.run(
            ["redis-cli", "-p", REDIS_PORT, "ping"], capture_output=True, text=True
        ).stdout.strip()
        == "PONG"
    )


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def celery(*argv: str, timeout: float = 30) -> str:
    return subprocess.run(
        [str(Path(sys.executable).parent / "celery"), "-A", "config", *argv],
        cwd=ROOT / "backend",
        capture_output=True,
        text=True,
        timeout=timeout,
    ).stdout


def worker_running(task: str) -> tuple[str, str] | None:
    """The name of the worker running ``task`` now and the task's id (celery inspect active)."""
    out = celery("inspect", "active", "--json", "-t", "3")
    try:
        active = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None
    for name, tasks in active.items():
        for t in tasks or []:
            if t.get("name") == task:
                return name, t["id"]
    return None


def worker_running_wait(task: str, seconds: float) -> tuple[str, str] | None:
    """``worker_running``, asked again until a worker answers that it runs ``task``."""
    deadline = time.monotonic() + seconds
    while True:
        running = worker_running(task)
        if running is not None or time.monotonic() > deadline:
            return running
        time.sleep(1)


def received_again(task_id: str, killed: str) -> bool:
    """Whether a worker other than ``killed`` received the task with this id (redelivered)."""
    for log in LOGS.glob("celery-?.log"):
        if log.stem[-1] != killed.split("@")[0][-1] and task_id in log.read_text(errors="replace"):
            return True
    return False


def worker_pid(name: str) -> int:
    letter = name.split("@")[0].rsplit("-", 1)[-1]  # scale-a@host
    return int((SCALE / f"celery-{letter}.pid").read_text().strip())


def consumers(action: str) -> int:
    """``celery control cancel_consumer|add_consumer celery`` on every worker: how many said ok."""
    out = celery("control", action, "celery", "-t", "5")
    return sum(1 for line in out.splitlines() if line.strip().startswith("-> ") and "OK" in line)


def lock_waiter(table: str) -> bool:
    with db() as conn:
        return bool(
            conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query ILIKE %s",
                (f"%{table}%",),
            ).fetchone()[0]
        )


# --- the faults ---------------------------------------------------------------------------------


def fault_postgres(voters: Iterator[Voter]) -> None:
    print("\n1. PostgreSQL's postmaster killed (SIGKILL) under the cast load, then restarted")
    pid = postmaster_pid(PRIMARY_DIR)
    during: list[requests.Response] = []
    # The load outlives the outage and the recovery whatever the machine's speed: it is stopped
    # once casts after the recovery have been seen, not by its own clock.
    with Load(voters, max_seconds=240) as load:
        wait_for(lambda: load.count() >= 60, 30)
        killed_at_count = load.count()
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        say(f"killed postmaster {pid} after {killed_at_count} casts")
        wait_for(lambda: not alive(pid), 5, 0.05)
        time.sleep(1)  # its backends notice and exit
        # While it is down: each instance directly, a cast and a read that must see the
        # primary (a writer's, pinned by the read-your-writes cookie); and an anonymous read,
        # which the replica still serves.
        replica_reads = []
        for base in APIS:
            during.append(
                requests.post(
                    f"{base}{API}/campaigns/{VOTE}/ballots/",
                    json={"area": "paris", "grades": {}},
                    headers={"Authorization": "Token " + "0" * 40},
                    timeout=10,
                )
            )
            during.append(
                requests.get(
                    f"{base}{API}/campaigns/",
                    cookies={"belvedere_primary": f"{time.time() + 5:.3f}"},
                    timeout=10,
                )
            )
            replica_reads.append(requests.get(f"{base}{API}/campaigns/", timeout=10).status_code)
        time.sleep(max(0.0, 3 - (time.monotonic() - killed)))
        restarted = pg_start(PRIMARY_DIR, "primary-again.log")
        down = time.monotonic() - killed
        check(restarted, f"the primary started again ({down:.1f} s down)")
        # The API was not restarted: it answers again by itself.
        back = wait_for(
            lambda: requests.get(f"{NGINX}{API}/campaigns/{VOTE}/", timeout=5).status_code == 200,
            30,
        )
        recovered = time.monotonic() - killed - down
        settled = killed + down + recovered + 1

        def after_recovery() -> list[Outcome]:
            with load.casts.lock:
                return [o for o in load.casts.outcomes if o.at > settled]

        # Wait for the moment to come: 60 casts answered after the recovery (or 90 s).
        wait_for(lambda: len(after_recovery()) >= 60, 90)
    statuses = [(r.request.method, r.status_code, r.headers.get("Content-Type")) for r in during]
    say(f"while down, each instance directly (cast, writer's read): {statuses}")
    say(f"anonymous reads meanwhile, served by the replica: {replica_reads}")
    check(
        all(is_json_error(r, 503, "service_unavailable") for r in during),
        "while down, the API answered 503 service_unavailable in its JSON error format "
        "(casts and reads on the primary, never a 500 or an HTML page)",
    )
    check(all(r.headers.get("Retry-After") == "5" for r in during), "with Retry-After: 5")
    check(replica_reads == [200] * len(APIS), "anonymous reads went on, from the replica")
    outcomes = load.casts.outcomes
    seen = collections.Counter((o.status, o.code) for o in outcomes)
    say(f"what the voters saw through nginx: {dict(seen)}")
    check(not any(o.status == 500 for o in outcomes), "no voter was answered 500")
    check(
        back,
        f"the API answered again {recovered:.1f} s after the restart, without a restart of its own",
    )
    after = [o for o in outcomes if o.at > settled]
    check(
        bool(after) and all(o.status == 201 for o in after),
        f"casts after the recovery succeed ({sum(o.status == 201 for o in after)}/{len(after)})",
    )
    casts_verify(load.casts, "PostgreSQL killed")


def proposal_post(token: str, **extra: object) -> requests.Response:
    theme = requests.get(f"{NGINX}{API}/themes/", timeout=10).json()
    theme_slug = (theme["results"] if isinstance(theme, dict) else theme)[0]["slug"]
    return requests.post(
        f"{NGINX}{API}/proposals/",
        json={
            "campaign": PROPOSE,
            "title": f"Essai de panne {random.randrange(10**9)}",
            "description": "Un banc et deux arbres devant l'école, pour l'essai de panne.",
            "theme": theme_slug,
            **extra,
        },
        headers={"Authorization": f"Token {token}"},
        timeout=20,
    )


def location_status(proposal_id: int) -> tuple[str, str | None]:
    with db() as conn:
        row = conn.execute(
            "SELECT location_status, ST_AsText(location) FROM proposals_proposal WHERE id = %s",
            (proposal_id,),
        ).fetchone()
    return row[0], row[1]


def fault_redis(voters: Iterator[Voter], proposer: Voter) -> None:
    print("\n2. Redis stopped under the cast load, then started again")
    proposals: list[requests.Response] = []
    with Load(voters) as load:
        wait_for(lambda: load.count() >= 40, 30)
        subprocess.run(["redis-cli", "-p", REDIS_PORT, "shutdown", "nosave"], capture_output=True)
        stopped = time.monotonic()
        check(wait_for(lambda: not redis_up(), 5), "Redis is stopped")
        at_stop = load.count()
        # Proposals meanwhile: one at a point, one by its address only (geocoded by a task).
        proposals.append(
            proposal_post(
                proposer.token, location={"type": "Point", "coordinates": [2.347, 48.846]}
            )
        )
        proposals.append(proposal_post(proposer.token, address=ADDRESS))
        # Down for 5 s at least, under the load.
        wait_for(lambda: load.count() >= at_stop + 40 and time.monotonic() > stopped + 5, 20)
        while_down = [o for o in load.casts.outcomes if o.at > stopped]
        redis_start()
        check(
            wait_for(redis_up, 10), f"Redis started again after {time.monotonic() - stopped:.1f} s"
        )
        time.sleep(2)
    say(f"casts while Redis was down: {collections.Counter(o.status for o in while_down)}")
    check(
        bool(while_down) and all(o.status == 201 for o in while_down),
        f"ballots were accepted while Redis was down ({len(while_down)} casts, all 201)",
    )
    say(f"proposals while Redis was down: {[r.status_code for r in proposals]}")
    check(
        all(r.status_code == 201 for r in proposals), "proposals were accepted while Redis was down"
    )
    casts_verify(load.casts, "Redis stopped")
    if proposals[1].status_code == 201:
        pid = proposals[1].json()["id"]
        start = time.monotonic()
        placed = wait_for(lambda: location_status(pid)[0] == "placed", 90, 0.5)
        check(
            placed,
            f"the address-only proposal deposited while Redis was down was placed by the sweep "
            f"{time.monotonic() - start:.0f} s after Redis returned ({location_status(pid)})",
        )


def fault_api(voters: Iterator[Voter]) -> None:
    print(
        "\n3. One gunicorn worker, then one whole API instance, killed (SIGKILL) under the cast load"
    )
    master_a = int((SCALE / "gunicorn-a.pid").read_text().strip())
    master_b = int((SCALE / "gunicorn-b.pid").read_text().strip())
    with Load(voters) as load:
        wait_for(lambda: load.count() >= 60, 30)
        worker = children(master_a)[0]
        os.kill(worker, signal.SIGKILL)
        say(f"killed gunicorn worker {worker} of instance a after {load.count()} casts")
        at = load.count()
        wait_for(lambda: load.count() >= at + 60, 30)
        group = [master_b, *children(master_b)]
        os.killpg(master_b, signal.SIGKILL)  # the instance's process group: master and workers
        say(f"killed instance b (processes {group}) after {load.count()} casts")
        at = load.count()
        wait_for(lambda: load.count() >= at + 80, 30)
    check(
        wait_for(lambda: len(children(master_a)) == 2, 10),
        "instance a's master replaced its killed worker",
    )
    retried = [o for o in load.casts.outcomes if "," in o.upstreams]
    say(
        f"casts nginx sent to a second instance: {len(retried)} "
        f"({collections.Counter(o.status for o in retried)}): only those refused at connect, "
        "which never reached an instance"
    )
    bad = [o for o in load.casts.outcomes if o.status in (502, 503, 504) and not o.code]
    check(not bad, f"every failure came in the JSON error format ({len(bad)} did not)")
    casts_verify(load.casts, "API killed")


def fault_replica() -> None:
    print("\n4. The streaming replica stopped under a read load")
    paths = [f"{API}/campaigns/", f"{API}/proposals/?page_size=5", f"{API}/themes/"]
    seen: collections.Counter[int] = collections.Counter()
    slow: list[float] = []
    subprocess.run(
        as_pg(str(PG_BIN / "pg_ctl"), "-D", str(REPLICA_DIR), "-m", "immediate", "-w", "stop"),
        capture_output=True,
    )
    stopped = time.monotonic()
    with requests.Session() as session:
        for i in range(150):
            start = time.monotonic()
            r = session.get(NGINX + paths[i % len(paths)], timeout=20)
            slow.append(time.monotonic() - start)
            seen[r.status_code] += 1
    say(
        f"150 anonymous reads with the replica down: {dict(seen)}, slowest {max(slow) * 1000:.0f} ms"
    )
    check(seen == {200: 150}, "every read was answered (by the primary)")
    check(
        pg_start(REPLICA_DIR, "replica-again.log"),
        f"the replica started again after {time.monotonic() - stopped:.0f} s",
    )
    time.sleep(6)  # DATABASE_REPLICA_RETRY_SECONDS: the instances try it again

    def replica_serves() -> bool:
        for _ in range(20):
            requests.get(f"{NGINX}{API}/themes/", timeout=10)
        with db(REPLICA_URL) as conn:
            return (
                conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                    "AND datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()[0]
                > 0
            )

    check(wait_for(replica_serves, 30, 1), "once back, the replica serves reads again")


def fault_worker_geocoding(proposer: Voter) -> None:
    print("\n5a. A Celery worker killed (SIGKILL of the whole worker) during a geocoding task")
    reference = proposal_post(proposer.token, address=ADDRESS).json()["id"]
    wait_for(lambda: location_status(reference)[0] == "placed", 30)
    with db() as conn:
        conn.execute("BEGIN")
        # Created, then held: the task that places it waits for this row. The workers stop
        # taking from the default queue meanwhile: an idle worker (mail has its own queue) took
        # the task and placed the proposal before the row was held.
        paused = consumers("cancel_consumer")
        created = proposal_post(proposer.token, address=ADDRESS)
        pid = created.json()["id"]
        conn.execute("SELECT 1 FROM proposals_proposal WHERE id = %s FOR UPDATE", (pid,))
        resumed = consumers("add_consumer")
        say(f"the workers paused the default queue ({paused}) and took it again ({resumed})")
        waiting = wait_for(lambda: lock_waiter("proposals_proposal"), 20)
        # `celery inspect active` may miss a busy worker's reply: ask again until it answers.
        running = worker_running_wait("proposals.locate", 30) if waiting else None
        check(running is not None, f"the geocoding task is running, on {running}")
        if running is None:
            conn.execute("ROLLBACK")
            return
        name, task_id = running
        main = worker_pid(name)
        os.killpg(main, signal.SIGKILL)
        killed = time.monotonic()
        say(f"killed worker {name} (process group {main}) while it waited")
        conn.execute("ROLLBACK")
    placed = wait_for(lambda: location_status(pid)[0] == "placed", 60, 0.5)
    check(placed, f"the proposal was placed {time.monotonic() - killed:.0f} s after the kill")
    check(
        wait_for(lambda: received_again(task_id, name), 30, 1),
        f"by its own task {task_id}, delivered again to the other worker (the visibility "
        "timeout), not by the sweep",
    )
    check(
        location_status(pid)[1] == location_status(reference)[1],
        f"the same place as a proposal at the same address placed without a fault "
        f"({location_status(pid)[1]})",
    )
    with db() as conn:
        audits = conn.execute(
            "SELECT count(*) FROM audit_auditrecord WHERE object_id = %s::text "
            "AND action ILIKE '%%locat%%'",
            (pid,),
        ).fetchone()[0]
    say(f"location audit records of the proposal: {audits}")
    check(audits <= 1, "placed once (at most one location audit record)")


def results_snapshot() -> list[tuple]:
    with db() as conn:
        return conn.execute(
            "SELECT r.id, r.area_id, r.rule, r.inputs_hash FROM results_result r "
            "JOIN campaigns_campaign c ON c.id = r.campaign_id WHERE c.slug = %s AND r.published "
            "ORDER BY r.area_id",
            (VOTE,),
        ).fetchall()


def fault_worker_tally() -> None:
    print("\n5b. A Celery worker's pool process killed (SIGKILL) during the count")
    before = ledger()
    with db() as conn:
        campaign = conn.execute(
            "SELECT id FROM campaigns_campaign WHERE slug = %s", (VOTE,)
        ).fetchone()[0]
        conn.execute("BEGIN")
        # One sealed ballot held: opening the box waits for it.
        conn.execute(
            "SELECT 1 FROM voting_sealedballot WHERE campaign_id = %s LIMIT 1 FOR UPDATE",
            (campaign,),
        )
        # Voting ends and the results phase starts now; the phase beat applies it and queues
        # the count.
        with db() as schedule:
            schedule.execute(
                "UPDATE campaigns_campaignphase SET \"end\" = now() - interval '1 second' "
                "WHERE campaign_id = %s AND phase = 'voting'",
                (campaign,),
            )
            updated = schedule.execute(
                "UPDATE campaigns_campaignphase SET start = now() - interval '1 second' "
                "WHERE campaign_id = %s AND phase = 'results'",
                (campaign,),
            ).rowcount
            if not updated:
                schedule.execute(
                    "INSERT INTO campaigns_campaignphase (campaign_id, phase, start) "
                    "VALUES (%s, 'results', now() - interval '1 second')",
                    (campaign,),
                )
        waiting = wait_for(lambda: lock_waiter("voting_sealedballot"), 40)
        running = worker_running("results.tally_campaign") if waiting else None
        check(running is not None, f"the count is running, on {running}")
        if running is None:
            conn.execute("ROLLBACK")
            return
        name, _ = running
        main = worker_pid(name)
        pool = children(main)
        for child in pool:
            os.kill(child, signal.SIGKILL)
        killed = time.monotonic()
        say(f"killed the pool process {pool} of {name} while it waited")
        conn.execute("ROLLBACK")

    def counted() -> bool:
        with db() as c:
            started = c.execute(
                "SELECT count_started_at FROM campaigns_campaign WHERE id = %s", (campaign,)
            ).fetchone()[0]
        return started is not None and len(results_snapshot()) > 0

    done = wait_for(counted, 60, 0.5)
    check(
        done, f"the count ran again and finished, {time.monotonic() - killed:.1f} s after the kill"
    )
    after = ledger()
    say(f"before the count: {before}; after: {after}")
    check(
        after["sealed"] == 0 and after["counted"] == before["sealed"],
        "every sealed ballot was counted once (the box emptied, as many ballots counted)",
    )
    first = results_snapshot()
    celery("call", "results.tally_campaign", f"--args=[{campaign}]")
    time.sleep(3)
    wait_for(lambda: not lock_waiter("voting_"), 20)
    time.sleep(2)
    check(
        results_snapshot() == first and ledger() == after,
        f"counted again: the same results ({len(first)} areas, same ids and input hashes) and "
        "the same ballots",
    )


def all_receipts_counted(all_casts: list[Casts]) -> None:
    hashes = [receipt_hash(o.receipt or "") for c in all_casts for o in c.acknowledged()]
    with db() as conn:
        found = conn.execute(
            "SELECT count(*) FROM voting_ballot WHERE receipt_hash = ANY(%s)", (hashes,)
        ).fetchone()[0]
    check(
        found == len(hashes),
        f"after the count, every acknowledged ballot of every fault is counted ({found}/{len(hashes)})",
    )


# --- Celery beat (the sweeps and the phase changes) ---------------------------------------------


class Beat:
    def __enter__(self) -> Beat:
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "config",
                "beat",
                "-l",
                "INFO",
                "-s",
                str(SCALE / "beat-schedule"),
            ],
            cwd=ROOT / "backend",
            stdout=(LOGS / "celery-beat.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


def main() -> int:
    started = time.monotonic()
    voters = voters_read()
    proposer = next(voters)
    all_casts: list[Casts] = []

    def run(fault: Callable[..., None], *args: object) -> None:
        try:
            fault(*args)
        except Exception as exc:
            check(False, f"{fault.__name__} ran to its end ({type(exc).__name__}: {exc})")

    with Beat():
        # Each fault's load keeps its casts (Load.casts) for the final count.
        original = Load.__exit__

        def keep(self: Load, *exc: object) -> None:
            original(self, *exc)
            all_casts.append(self.casts)

        Load.__exit__ = keep  # type: ignore[method-assign]
        run(fault_postgres, voters)
        run(fault_redis, voters, proposer)
        run(fault_api, voters)
        run(fault_replica)
        run(fault_worker_geocoding, proposer)
        run(fault_worker_tally)
        run(all_receipts_counted, all_casts)

    print(f"\nFault checks done in {time.monotonic() - started:.0f} s: ", end="")
    if failures:
        print(f"{len(failures)} FAILED")
        for what in failures:
            print(f"  - {what}")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
