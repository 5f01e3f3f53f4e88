"""The API's processes give up waiting on a database lock before gunicorn's timeout
(deploy/gunicorn.conf.py sets ``DB_LOCK_TIMEOUT_SECONDS``, config/settings/base.py passes it to
PostgreSQL as ``lock_timeout``); Celery's workers and manage.py do not. What a request that
gives up answers: voting/tests/test_close_race.py."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SHOW = (
    "import json, os, runpy\n"
    "if os.environ.get('AS_GUNICORN'):\n"
    "    runpy.run_path('../deploy/gunicorn.conf.py')\n"
    "from config import settings as s\n"
    "print(json.dumps(s.DATABASES['default']['OPTIONS']))\n"
)


def _options(**environment: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DB_LOCK_TIMEOUT_SECONDS",)}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT / "backend",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_apis_processes_wait_on_a_lock_a_third_of_gunicorns_timeout():
    assert _options(AS_GUNICORN="1")["options"] == "-c lock_timeout=10000"
    assert _options(AS_GUNICORN="1", GUNICORN_TIMEOUT="6")["options"] == "-c lock_timeout=2000"
    # Said otherwise by the deployment: kept.
    given = _options(AS_GUNICORN="1", DB_LOCK_TIMEOUT_SECONDS="2.5")
    assert given["options"] == "-c lock_timeout=2500"


def test_celery_and_manage_py_wait_as_long_as_it_takes():
    assert "options" not in _options()
