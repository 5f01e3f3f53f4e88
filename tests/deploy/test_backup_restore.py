"""`make backup` / `make restore`: a dump of a database holding proposals, ballots, participation
records and audit records, restored into a new empty database, gives every one of them back.

The test makes its own two databases on the configured PostgreSQL server (a source built from
scratch by ``backup_source.py``, and the restore target) and drops both at the end; it runs the
very scripts behind the Makefile targets (deploy/local/backup.sh and restore.sh)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
# The records the issue names, with every column compared row by row.
TABLES = ["proposals_proposal", "voting_sealedballot", "voting_participation", "audit_auditrecord"]


def _connect(dbname: str) -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def _url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgis://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{dbname}"


def _run(args: list[str], dbname: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DATABASE_URL": _url(dbname),
        # Tasks queued by the services run in the builder's process; mail stays in memory.
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **env,
    }
    return subprocess.run(
        args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False
    )


def _rows(dbname: str, table: str) -> list[str]:
    with _connect(dbname) as conn:
        return [
            row[0]
            for row in conn.execute(
                sql.SQL("SELECT to_jsonb(t)::text FROM {} t ORDER BY t.id").format(
                    sql.Identifier(table)
                )
            )
        ]


def _counts(dbname: str) -> dict[str, int]:
    with _connect(dbname) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            t: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))
            ).fetchone()[0]
            for t in tables
        }


@pytest.fixture
def databases():
    """Two database names of our own on the test server: the source is created empty, the
    target does not exist yet (restore.sh creates it). Both are dropped afterwards."""
    base = settings.DATABASES["default"]["NAME"]
    suffix = uuid.uuid4().hex[:8]
    source, target = f"{base}_backup_src_{suffix}", f"{base}_backup_dst_{suffix}"
    with _connect("postgres") as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(source)))
    try:
        yield source, target
    finally:
        with _connect("postgres") as conn:
            for name in (source, target):
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def test_a_dump_restored_into_an_empty_database_gives_every_record_back(databases, tmp_path):
    source, target = databases
    built = _run([sys.executable, "tests/deploy/backup_source.py"], source)
    assert built.returncode == 0, built.stderr[-3000:]
    made = json.loads(built.stdout.strip().splitlines()[-1])
    assert len(made["proposals"]) == 6
    assert len(made["participations"]) == 8
    assert len(made["receipts"]) == 8
    assert len(made["audit_records"]) >= 8  # six submissions, a withdrawal, a hiding

    backup = _run(["deploy/local/backup.sh"], source, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dumps = list(tmp_path.iterdir())
    assert len(dumps) == 1
    assert re.fullmatch(r"belvedere-\d{8}T\d{6}Z\.dump", dumps[0].name)
    assert dumps[0].read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert dumps[0].stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    assert f"wrote {dumps[0]}" in backup.stdout

    restore = _run(["deploy/local/restore.sh", str(dumps[0])], target)
    assert restore.returncode == 0, restore.stderr
    assert f"created database {target}" in restore.stdout

    # Every table has as many rows as in the source; the four the issue names, column by column
    # (geometries included, as PostGIS writes them).
    assert _counts(target) == _counts(source)
    for table in TABLES:
        rows = _rows(target, table)
        assert rows, table
        assert rows == _rows(source, table), table

    with _connect(target) as conn:
        proposals = {
            str(pk): {"title": title, "status": status, "is_hidden": hidden}
            for pk, title, status, hidden in conn.execute(
                "SELECT id, title, status, is_hidden FROM proposals_proposal"
            )
        }
        assert proposals == made["proposals"]
        # PostGIS works on the restored data: each proposal lies in the arrondissement stored
        # for it (the Panthéon's in the 5th).
        located = conn.execute(
            "SELECT p.id, d.number FROM proposals_proposal p JOIN geo_district d "
            "ON d.level = 'arrondissement' AND ST_Contains(d.geometry, p.location) "
            "WHERE d.id = p.district_id ORDER BY p.id"
        ).fetchall()
        assert [str(pk) for pk, _ in located] == sorted(made["proposals"], key=int)
        assert located[0][1] == 5
        participations = sorted(
            str(pk) for (pk,) in conn.execute("SELECT id FROM voting_participation")
        )
        assert participations == made["participations"]
        # Each voter's receipt still finds their ballot.
        hashes = {h for (h,) in conn.execute("SELECT receipt_hash FROM voting_sealedballot")}
        assert hashes == set(made["receipts"].values())
        audit = [pk for (pk,) in conn.execute("SELECT id FROM audit_auditrecord ORDER BY id")]
        assert audit == made["audit_records"]
        actions = {a for (a,) in conn.execute("SELECT action FROM audit_auditrecord")}
        assert {"proposal.submit", "proposal.withdraw", "proposal.hide"} <= actions

    # A database that has tables is refused and left as it was.
    again = _run(["deploy/local/restore.sh", str(dumps[0])], target)
    assert again.returncode == 1
    assert "is not empty" in again.stderr
    assert _counts(target) == _counts(source)
