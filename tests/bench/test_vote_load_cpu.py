"""``make bench-vote`` says what each request costs each part of the stack (benchmarks/
vote_load.py, ``CpuClock``): the CPU of a root process, of its live descendants and of the
children it has reaped (gunicorn's recycled workers, PostgreSQL's closed backends) must all be
counted, and nothing of another process."""

import os
import signal
import subprocess
import sys

from benchmarks.vote_load import CpuClock, Phase, cpu_lines

BURN = "import time\nend = time.process_time() + {s}\nwhile time.process_time() < end: pass\n"


def _burner(seconds: float, then: str = "") -> str:
    return BURN.format(s=seconds) + then


def test_a_part_counts_its_descendants_and_the_children_it_reaped():
    # A root that starts a child burning 0.3 s and waits for it (reaped), then starts another
    # that burns 0.3 s and stays alive, and burns 0.2 s itself; a bystander burns 0.5 s.
    alive = _burner(0.3, "print('burnt', flush=True)\ntime.sleep(30)\n")
    root = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            f"subprocess.run([sys.executable, '-c', {_burner(0.3)!r}])\n"
            f"subprocess.Popen([sys.executable, '-c', {alive!r}])\n"
            + _burner(0.2, "print('ready', flush=True)\ntime.sleep(30)\n"),
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    bystander = subprocess.Popen([sys.executable, "-c", _burner(0.5, "time.sleep(30)")])
    try:
        assert {root.stdout.readline().strip() for _ in range(2)} == {"burnt", "ready"}
        spent = CpuClock({"root": root.pid}).read()
        # 0.8 s burnt in the tree, plus three interpreters' start-ups; not the bystander's.
        assert 0.75 <= spent["root"] <= 1.25, spent
        assert spent["load generator"] > 0
    finally:
        os.killpg(root.pid, signal.SIGKILL)
        bystander.kill()
        root.wait()
        bystander.wait()


def test_cost_per_request_by_part():
    probe, cast = Phase("probe"), Phase("casts")
    probe.statuses["probe"][200] = 1000
    probe.cpu = {"API (gunicorn)": 2.0, "PostgreSQL": 0.0, "load generator": 0.5}
    cast.statuses["cast"][201] = 250
    cast.statuses["cast"][409] = 250
    cast.cpu = {"API (gunicorn)": 2.5, "PostgreSQL": 1.0, "load generator": 0.5}
    lines, per = cpu_lines([("probe", probe, "probe", 200), ("casts", cast, "*", None)], cores=2)
    assert per == {"probe": 2.5, "casts": 8.0}
    assert lines[1].split() == ["API", "(gunicorn)", "PostgreSQL", "load", "generator", "all"]
    assert lines[3].split() == ["casts", "5.00", "2.00", "1.00", "8.00"]
