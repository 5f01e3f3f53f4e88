"""The scale-out checks, run by ``make test-scale`` (deploy/local/test-scale.sh) against nginx,
two gunicorn API instances, a PostgreSQL primary and its streaming replica, on loopback.

Prints its figures and exits 1 if any check fails:
1. requests through nginx are spread over both instances (counted from ``X-Upstream``);
2. a session opened on one instance is valid on the other; the sign-in limit counts the attempts
   made on both (counters in Redis, nothing in process memory);
3. a writer reads back what they just wrote, every time, while the replica replays late, and an
   anonymous reader is served by the replica (it sees the older state);
4. one instance's gunicorn master is killed (SIGKILL) under load: no GET fails (nginx retries the
   other instance); failed POST/PATCH requests are counted and reported;
5. the replica's lag: pg_stat_replication's write/flush/replay lag and the time for a commit to
   be visible on the replica, with the artificial delay and without it.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

API = "/api/v1"
CAMPAIGN = "demo-paris"
POINT = {"type": "Point", "coordinates": [2.3470, 48.8460]}  # the 5th arrondissement

failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    print(f"  [{'ok' if ok else 'FAILED'}] {what}")
    if not ok:
        failures.append(what)
    return ok


def upstream(response: requests.Response) -> str:
    """The instance that answered (nginx lists every one tried, the last answered)."""
    return response.headers.get("X-Upstream", "?").split(",")[-1].strip()


def signed_in(base: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}{API}/auth/csrf/", timeout=10).raise_for_status()
    response = session.post(
        f"{base}{API}/auth/login/",
        json={"email": email, "password": password},
        headers={"X-CSRFToken": session.cookies["csrftoken"]},
        timeout=10,
    )
    response.raise_for_status()
    return session


def csrf(session: requests.Session) -> dict[str, str]:
    return {"X-CSRFToken": session.cookies["csrftoken"]}


# --- 1. spread ----------------------------------------------------------------------------------


def spread(nginx: str, count: int = 200) -> None:
    print(f"\n1. {count} GET requests through nginx")
    counts: collections.Counter[str] = collections.Counter()
    errors = 0
    paths = [f"{API}/campaigns/", f"{API}/themes/", f"{API}/proposals/?page_size=5"]
    with requests.Session() as session:
        for i in range(count):
            response = session.get(nginx + paths[i % len(paths)], timeout=10)
            errors += response.status_code != 200
            counts[upstream(response)] += 1
    for name, n in sorted(counts.items()):
        print(f"     {name}: {n} requests ({100 * n / count:.0f} %)")
    check(errors == 0, f"every request answered 200 ({errors} did not)")
    check(
        len(counts) == 2 and min(counts.values()) >= count // 4,
        "both instances served at least a quarter of the requests",
    )


# --- 2. sessions and throttles ------------------------------------------------------------------


def sessions_and_throttles(apis: list[str], email: str, password: str) -> requests.Session:
    a, b = apis
    print(f"\n2. Sessions and throttles across instances ({a} and {b}, directly)")
    session = signed_in(a, email, password)
    me = session.get(f"{b}{API}/me/", timeout=10)
    check(
        me.status_code == 200 and me.json().get("email") == email,
        f"signed in on {a}, the session is valid on {b} (GET me/: {me.status_code})",
    )
    logout_probe = requests.Session()
    check(
        logout_probe.get(f"{b}{API}/me/", timeout=10).status_code in (401, 403),
        "without the session cookie, me/ is refused",
    )

    limit = int(os.environ.get("LOGIN_THROTTLE", "10/hour").split("/")[0])
    target = f"nobody-{uuid.uuid4().hex[:8]}@example.org"
    guesser = requests.Session()
    guesser.get(f"{a}{API}/auth/csrf/", timeout=10).raise_for_status()
    statuses: list[int] = []
    for attempt in range(limit + 2):
        base = apis[attempt % 2]
        response = guesser.post(
            f"{base}{API}/auth/login/",
            json={"email": target, "password": "wrong-password"},
            headers=csrf(guesser),
            timeout=10,
        )
        statuses.append(response.status_code)
    first_429 = statuses.index(429) + 1 if 429 in statuses else None
    print(f"     wrong passwords for one address, alternating instances: {statuses}")
    check(
        first_429 == limit + 1 and all(s != 429 for s in statuses[:limit]),
        f"the sign-in limit ({limit} per address) counted the attempts on both instances: "
        f"the {limit + 1}th was refused (429 at attempt {first_429})",
    )
    return session


# --- 3. read-your-writes ------------------------------------------------------------------------


def read_your_writes(nginx: str, email: str, password: str, rounds: int) -> list[int]:
    print(f"\n3. Read-your-writes through nginx ({rounds} writes, each read back at once)")
    writer = signed_in(nginx, email, password)
    anonymous = requests.Session()
    theme = requests.get(f"{nginx}{API}/themes/", timeout=10).json()
    theme_slug = (theme["results"] if isinstance(theme, dict) else theme)[0]["slug"]
    stale_writer = 0
    stale_anonymous = 0
    upstreams: collections.Counter[str] = collections.Counter()
    created: list[int] = []
    proposal_id = 0
    for i in range(rounds):
        title = f"Essai de charge {uuid.uuid4().hex[:10]} numéro {i}"
        if i % 5 == 0:  # a new proposal …
            response = writer.post(
                f"{nginx}{API}/proposals/",
                json={
                    "campaign": CAMPAIGN,
                    "title": title,
                    "description": "Un banc et deux arbres devant l'école, pour l'essai de charge.",
                    "theme": theme_slug,
                    "location": POINT,
                },
                headers=csrf(writer),
                timeout=10,
            )
            if response.status_code != 201:
                check(False, f"proposal created ({response.status_code}: {response.text[:300]})")
                return []
            proposal_id = response.json()["id"]
            created.append(proposal_id)
        else:  # … or an edit of it
            response = writer.patch(
                f"{nginx}{API}/proposals/{proposal_id}/",
                json={"title": title},
                headers=csrf(writer),
                timeout=10,
            )
            if response.status_code != 200:
                check(False, f"proposal edited ({response.status_code}: {response.text[:300]})")
                return []
        mine = writer.get(f"{nginx}{API}/proposals/{proposal_id}/", timeout=10)
        upstreams[upstream(mine)] += 1
        if mine.status_code != 200 or mine.json()["title"] != title:
            stale_writer += 1
        theirs = anonymous.get(f"{nginx}{API}/proposals/{proposal_id}/", timeout=10)
        if theirs.status_code != 200 or theirs.json()["title"] != title:
            stale_anonymous += 1
    print(
        f"     {len(created)} proposals created and {rounds - len(created)} edits, through "
        f"nginx; the writer's read-backs, per instance: {dict(upstreams)}"
    )
    check(stale_writer == 0, f"the writer never read a stale state ({stale_writer}/{rounds} stale)")
    check(
        stale_anonymous > 0,
        f"an anonymous reader was served by the lagging replica ({stale_anonymous}/{rounds} "
        "reads saw the state before the write)",
    )
    return created


# --- 4. an instance killed under load -----------------------------------------------------------


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
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
    return state != "Z"  # a zombie has exited, waiting for its new parent to reap it


def kill_under_load(
    nginx: str,
    pidfile: Path,
    survivor: str,
    seconds: float,
    email: str,
    password: str,
    proposals: list[int],
) -> None:
    """Three readers and one writer through nginx; the readers read what the replica has long
    had (the first proposal created above), the writer edits the last one."""
    print(
        f"\n4. One API instance killed (SIGKILL of its gunicorn master) under {seconds:.0f} s of load"
    )
    stop = threading.Event()
    lock = threading.Lock()
    gets: collections.Counter[str] = collections.Counter()
    get_failures: list[str] = []
    writes: collections.Counter[str] = collections.Counter()
    write_failures: list[str] = []
    gone_at: list[float] = []  # when the killed instance's last process exited
    after_gone: collections.Counter[str] = collections.Counter()
    retried = 0
    paths = [
        f"{API}/campaigns/",
        f"{API}/proposals/?page_size=5",
        f"{API}/proposals/{proposals[0]}/",
        f"{API}/themes/",
    ]

    def reader(n: int) -> None:
        nonlocal retried
        session = requests.Session()
        i = n
        while not stop.is_set():
            i += 1
            try:
                response = session.get(nginx + paths[i % len(paths)], timeout=20)
                ok, where = response.status_code == 200, upstream(response)
                detail = f"{response.status_code} from {where} for {response.request.path_url}"
                if "," in response.headers.get("X-Upstream", ""):  # nginx tried both
                    with lock:
                        retried += 1
            except requests.RequestException as exc:
                ok, where, detail = False, "none", type(exc).__name__
            with lock:
                gets[where] += 1
                # Answers to requests sent once the instance was gone (a margin for those in
                # flight on its last worker).
                if gone_at and time.monotonic() > gone_at[0] + 1:
                    after_gone[where] += 1
                if not ok:
                    get_failures.append(detail)

    def writer() -> None:
        session = signed_in(nginx, email, password)
        i = 0
        while not stop.is_set():
            i += 1
            try:
                response = session.patch(
                    f"{nginx}{API}/proposals/{proposals[-1]}/",
                    json={"title": f"Essai de charge, modification {i}"},
                    headers=csrf(session),
                    timeout=20,
                )
                ok, detail = response.status_code == 200, f"{response.status_code}"
                where = upstream(response)
            except requests.RequestException as exc:
                ok, where, detail = False, "none", type(exc).__name__
            with lock:
                writes[where] += 1
                if not ok:
                    write_failures.append(detail)

    # The replica applies commits late on purpose: wait until it has the proposal the readers ask.
    deadline = time.monotonic() + 30
    while requests.get(nginx + paths[2], timeout=10).status_code != 200:
        if time.monotonic() > deadline:
            check(False, f"proposal {proposals[0]} reached the replica")
            return
        time.sleep(0.2)
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(3)]
    threads.append(threading.Thread(target=writer))
    for thread in threads:
        thread.start()
    time.sleep(seconds / 3)
    master = int(pidfile.read_text().strip())
    workers = children(master)
    os.kill(master, signal.SIGKILL)
    killed_at = time.monotonic()
    with lock:
        before = sum(gets.values())
    print(
        f"     killed gunicorn master {master} ({pidfile.stem}, workers {workers}) after "
        f"{before} GET requests"
    )
    # Its workers finish what they hold, notice their master is gone and exit on their own.
    while any(alive(pid) for pid in workers) and time.monotonic() < killed_at + seconds / 2:
        time.sleep(0.05)
    survivors = [pid for pid in workers if alive(pid)]
    gone = time.monotonic()
    with lock:
        gone_at.append(gone)
    print(
        f"     its workers exited {gone - killed_at:.1f} s after the kill"
        + (f" (still running: {survivors})" if survivors else "")
    )
    time.sleep(max(seconds * 2 / 3 - (gone - killed_at), seconds / 3))
    stop.set()
    for thread in threads:
        thread.join()
    total = sum(gets.values())
    print(f"     GET requests: {total}, per instance: {dict(gets)}")
    print(f"     GET requests nginx retried on the other instance: {retried}")
    print(f"     GET requests sent after the instance was gone, per instance: {dict(after_gone)}")
    print(f"     PATCH requests: {sum(writes.values())}, per instance: {dict(writes)}")
    check(not get_failures, f"no GET failed ({len(get_failures)} failed: {get_failures[:5]})")
    check(not survivors, "the killed instance's workers exited")
    check(
        list(after_gone) == [survivor] and sum(after_gone.values()) > 0,
        "once the instance was gone, the other one served every request",
    )
    print(
        f"     failed PATCH requests: {len(write_failures)} {write_failures[:5]} (nginx does not "
        "resend a request that is not idempotent once an instance received it; a write in "
        "flight on the killed instance may fail with 502, and the client may retry it)"
    )


# --- 5. replica lag -----------------------------------------------------------------------------

REPLICATION = """
SELECT application_name, state, sync_state,
       extract(epoch FROM write_lag) * 1000, extract(epoch FROM flush_lag) * 1000,
       extract(epoch FROM replay_lag) * 1000,
       pg_wal_lsn_diff(sent_lsn, replay_lsn)
FROM pg_stat_replication
"""


class LagSampler(threading.Thread):
    """Samples pg_stat_replication on the primary every 0.2 s while the load runs."""

    def __init__(self, primary: str) -> None:
        super().__init__(daemon=True)
        self.primary = primary
        self.samples: list[tuple[float | None, float | None, float | None]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.primary, autocommit=True) as conn:
            while not self.stop.is_set():
                row = conn.execute(REPLICATION).fetchone()
                if row:
                    self.samples.append((row[3], row[4], row[5]))
                time.sleep(0.2)

    def report(self) -> None:
        for i, name in enumerate(("write_lag", "flush_lag", "replay_lag")):
            values = [s[i] for s in self.samples if s[i] is not None]
            if values:
                print(
                    f"     {name:<10} median {statistics.median(values):8.1f} ms, "
                    f"max {max(values):8.1f} ms ({len(values)} samples under load)"
                )


def visibility_lag(primary: psycopg.Connection, replica: psycopg.Connection, probes: int) -> list:
    """Commit a row on the primary, poll the replica until it is there: (seconds until visible,
    replica's clock minus the replayed commit's timestamp when it became visible)."""
    primary.execute(
        "CREATE TABLE IF NOT EXISTS scale_lag_probe (id bigserial PRIMARY KEY, at timestamptz)"
    )
    results = []
    for _ in range(probes):
        probe = primary.execute(
            "INSERT INTO scale_lag_probe (at) VALUES (clock_timestamp()) RETURNING id"
        ).fetchone()[0]
        start = time.monotonic()
        while True:
            try:
                row = replica.execute(
                    "SELECT extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())"
                    " FROM scale_lag_probe WHERE id = %s",
                    (probe,),
                ).fetchone()
            except psycopg.errors.UndefinedTable:
                row = None
            if row:
                results.append((time.monotonic() - start, float(row[0])))
                break
            if time.monotonic() - start > 30:
                results.append((float("inf"), float("inf")))
                break
            time.sleep(0.005)
    return results


def replica_lag(primary_url: str, replica_url: str, delay: str, sampler: LagSampler) -> None:
    print("\n5. Replica lag")
    with (
        psycopg.connect(primary_url, autocommit=True) as primary,
        psycopg.connect(replica_url, autocommit=True) as replica,
    ):
        row = primary.execute(REPLICATION).fetchone()
        check(
            row is not None and row[1] == "streaming",
            f"the replica is streaming ({row and row[1]})",
        )
        print(f"     replication: {row[0]}, {row[2]}, bytes not yet replayed: {row[6]}")
        print(
            f"     pg_stat_replication while the load ran (replay delayed by {delay} on purpose):"
        )
        sampler.report()
        delayed = visibility_lag(primary, replica, 3)
        print(
            "     a commit visible on the replica after (delayed): "
            + ", ".join(f"{v * 1000:.0f} ms" for v, _ in delayed)
            + "; replica clock minus the replayed commit's timestamp: "
            + ", ".join(f"{t * 1000:.0f} ms" for _, t in delayed)
        )
        check(all(v < 30 for v, _ in delayed), "every commit reached the replica")
        # The real lag of streaming replication, without the artificial delay.
        replica.execute("ALTER SYSTEM SET recovery_min_apply_delay = 0")
        replica.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)
        natural = visibility_lag(primary, replica, 20)
        values = sorted(v for v, _ in natural)
        stamps = sorted(t for _, t in natural)
        print(
            f"     without the delay, a commit visible on the replica after: median "
            f"{statistics.median(values) * 1000:.1f} ms, max {values[-1] * 1000:.1f} ms (20 commits); "
            f"replay timestamp difference median {statistics.median(stamps) * 1000:.1f} ms"
        )
        row = primary.execute(REPLICATION).fetchone()
        print(
            "     pg_stat_replication after the probes: "
            + ", ".join(
                f"{n}_lag {'idle (nothing to replay)' if v is None else f'{v:.2f} ms'}"
                for n, v in zip(("write", "flush", "replay"), row[3:6], strict=True)
            )
        )
        check(
            values[-1] < 5, "without the delay, every commit was visible on the replica within 5 s"
        )


def celery_workers() -> None:
    print("\nCelery workers")
    out = subprocess.run(
        [str(Path(sys.executable).parent / "celery"), "-A", "config", "inspect", "ping", "-t", "5"],
        cwd=Path(__file__).resolve().parents[2] / "backend",
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    names = sorted(
        {line.split(":")[0].strip("-> ").strip() for line in out.splitlines() if "@" in line}
    )
    print(f"     answering: {names}")
    check(len(names) == 2, "two Celery workers answer on the shared broker")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nginx", required=True)
    parser.add_argument("--api", action="append", required=True)
    parser.add_argument("--kill-pidfile", type=Path, required=True)
    parser.add_argument("--primary", required=True)
    parser.add_argument("--replica", required=True)
    parser.add_argument("--replica-delay", default="2s")
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    started = time.monotonic()

    celery_workers()
    spread(args.nginx)
    sessions_and_throttles(args.api, args.email, args.password)
    sampler = LagSampler(args.primary)
    sampler.start()
    proposals = read_your_writes(args.nginx, args.email, args.password, args.rounds)
    if proposals:
        survivor = urlsplit(args.api[0]).netloc  # the script kills the second instance
        kill_under_load(
            args.nginx,
            args.kill_pidfile,
            survivor,
            args.duration,
            args.email,
            args.password,
            proposals,
        )
    sampler.stop.set()
    sampler.join()
    replica_lag(args.primary, args.replica, args.replica_delay, sampler)

    print(f"\nScale-out checks done in {time.monotonic() - started:.0f} s: ", end="")
    if failures:
        print(f"{len(failures)} FAILED")
        for what in failures:
            print(f"  - {what}")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
