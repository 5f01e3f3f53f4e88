"""The geocoding endpoint over HTTP: Django's development server against gunicorn.

    .venv/bin/python benchmarks/http_geocode.py [--queries 200] [--ports 8090 8091]

Starts both servers on loopback against the same database (``DATABASE_URL`` or the generated
.env's), the way ``make run`` started the API before and starts it now:

- ``runserver``: ``manage.py runserver --noreload``, development settings with DEBUG on;
- ``gunicorn``: ``deploy/gunicorn.conf.py`` (its workers for this machine), ``DJANGO_ENV=production``,
  ``LOCAL_HTTP=1``, DEBUG off.

The same addresses (``--queries`` of the BAN sample, typed the way people type them, as in
benchmarks/geocoder.py) are sent to ``GET /api/v1/geocode/?q=…`` one at a time, a new connection
each, alternating which server goes first, so that both see the same database caches and the same
machine load. Printed: median and p95 latency per server, the ratio, the endpoint's median inside
Django without HTTP (the test client) for reference, and the throughput of each server under a few
clients at once. The geocoding throttle is raised for both servers (the limiter still runs: it is
the server that is measured, not the limit). ``main()`` returns the figures for
``benchmarks/run.py``.

Where the difference comes from: the development server runs each request in a new thread and
closes its database connections at the end of it, so every request connects to PostgreSQL again;
gunicorn's workers keep theirs (``CONN_MAX_AGE``). DEBUG on also records every SQL query.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
BACKEND = REPO / "backend"
SEED = 1789
CLIENTS = 4  # simultaneous clients for the throughput figure
START_TIMEOUT_S = 120.0


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_environment(**overrides: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    # Measure the server, not the limiter (which still runs on every request).
    environment["GEOCODE_THROTTLE"] = "1000000/min"
    environment.update(overrides)
    return environment


def _commands(port: int) -> dict[str, tuple[list[str], dict[str, str]]]:
    python = sys.executable
    gunicorn = str(Path(python).with_name("gunicorn"))
    return {
        "runserver": (
            [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            _server_environment(DJANGO_ENV="development", DEBUG="true"),
        ),
        "gunicorn": (
            [
                gunicorn,
                "--config",
                str(REPO / "deploy" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            _server_environment(DJANGO_ENV="production", DEBUG="false", LOCAL_HTTP="1"),
        ),
    }


def _get(port: int, query: str) -> float:
    """One request on a new connection; its duration in milliseconds."""
    path = "/api/v1/geocode/?" + urlencode({"q": query})
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise RuntimeError(f"{path} on port {port}: {response.status} {body[:200]!r}")
    json.loads(body)
    return elapsed


def _wait_until_up(name: str, port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopped at start:\n{log.read_text()[-2000:]}")
        try:
            _get(port, "rue de rivoli")
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer within {START_TIMEOUT_S:.0f} s")


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _throughput(port: int, queries: Sequence[str]) -> float:
    """Requests per second with CLIENTS clients sending ``queries`` between them."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(lambda q: _get(port, q), queries))
    return len(queries) / (time.perf_counter() - start)


def _in_django(queries: Sequence[str]) -> float:
    """The endpoint's median through Django's test client, in this process (no HTTP)."""
    from django.test import Client

    from core.throttles import throttle_history_clear

    # The servers' requests came from the same address: start this process's count afresh.
    throttle_history_clear()
    client = Client(HTTP_HOST="127.0.0.1")
    times = []
    logging.disable(logging.WARNING)  # the request log, written here to this terminal
    try:
        for query in queries:
            start = time.perf_counter()
            response = client.get("/api/v1/geocode/", {"q": query})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.content[:200]
    finally:
        logging.disable(logging.NOTSET)
    return statistics.median(times)


def _queries(count: int) -> list[str]:
    from django.conf import settings

    from addresses.typing_noise import sample_addresses, typed_query

    sample = sample_addresses(
        settings.FIXTURES_DIR / "paris" / "addresses-sample.csv",
        per_arrondissement=max(1, count // 20),
        seed=SEED,
    )
    rng = random.Random(SEED)
    return [typed_query(address, rng) for address in sample][:count]


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ports", type=int, nargs=2, metavar=("RUNSERVER", "GUNICORN"))
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO / "benchmarks"))
    from geocoder import _setup_django

    os.environ["GEOCODE_THROTTLE"] = "1000000/min"  # the in-process figure, as the servers
    os.environ.setdefault("DEBUG", "false")
    _setup_django()
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)
    call_command("load_addresses", verbosity=0)  # skipped when already loaded
    queries = _queries(args.queries)

    chosen = args.ports or (_free_port(), _free_port())
    ports = dict(zip(("runserver", "gunicorn"), chosen, strict=True))
    times: dict[str, list[float]] = {name: [] for name in ports}
    throughput: dict[str, float] = {}
    with ExitStack() as stack:
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="http-geocode-")))
        processes = {}
        for name, port in ports.items():
            command, environment = _commands(port)[name]
            log = logs / f"{name}.log"
            out = stack.enter_context(log.open("w"))
            process = subprocess.Popen(  # noqa: S603 (our own commands)
                command, cwd=BACKEND, env=environment, stdout=out, stderr=subprocess.STDOUT
            )
            stack.callback(_stop, process)
            processes[name] = process
        for name, port in ports.items():
            _wait_until_up(name, port, processes[name], logs / f"{name}.log")
        for port in ports.values():  # warm every worker's connection and caches
            for query in queries[:20]:
                _get(port, query)
        workers = _gunicorn_workers(processes["gunicorn"].pid)
        order: list[tuple[str, Callable[[str], float]]] = [
            (name, lambda q, p=port: _get(p, q)) for name, port in ports.items()
        ]
        for i, query in enumerate(queries):
            for name, call in order if i % 2 == 0 else order[::-1]:
                times[name].append(call(query))
        for name, port in ports.items():
            throughput[name] = _throughput(port, queries)

    in_django = _in_django(queries)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"GET /api/v1/geocode/?q=… over HTTP: {len(queries)} typed addresses "
        f"(e.g. {queries[0]!r}), one at a time, alternating servers "
        f"({len(os.sched_getaffinity(0))} cores, load average {os.getloadavg()[0]:.1f})"
    )
    labels = {
        "runserver": "runserver, DEBUG on (make run before)",
        "gunicorn": f"gunicorn, {workers} workers, production (make run now)",
    }
    for name, values in times.items():
        print(
            f"  {labels[name]:<48} median {medians[name]:6.1f} ms   "
            f"p95 {_percentile(values, 0.95):6.1f} ms   "
            f"{CLIENTS} clients at once: {throughput[name]:6.1f} requests/s"
        )
    print(f"  {'inside Django, no HTTP (test client)':<48} median {in_django:6.1f} ms")
    ratio = medians["runserver"] / medians["gunicorn"]
    print(
        f"Median ratio runserver / gunicorn = {ratio:.1f}x; "
        f"throughput ratio gunicorn / runserver = "
        f"{throughput['gunicorn'] / throughput['runserver']:.1f}x"
    )
    return {
        "runserver_median_ms": medians["runserver"],
        "gunicorn_median_ms": medians["gunicorn"],
        "in_django_median_ms": in_django,
        "median_ratio": ratio,
        "runserver_rps": throughput["runserver"],
        "gunicorn_rps": throughput["gunicorn"],
        "gunicorn_workers": float(workers),
    }


def _gunicorn_workers(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children")
    return len(children.read_text().split()) if children.exists() else 0


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
