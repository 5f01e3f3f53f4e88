#!/usr/bin/env bash
# `make test-faults`: the scale-out shape of `make test-scale` (deploy/local/test-scale.sh: a
# PostgreSQL primary and streaming replica, Redis, two gunicorn instances, two Celery workers,
# nginx, all on loopback) under .data/faults/ on its own ports, with declared voters, then
# tests/faults/driver.py kills or stops each part under a cast load and checks that no
# acknowledged ballot is lost (docs/scaling.md, "Faults"). A few minutes; everything it started
# is stopped on exit. Environment: FAULTS_VOTERS (2500), FAULTS_PORT_BASE (18200: nginx +20,
# the API instances +21 and +22, Redis +23, PostgreSQL +40 and +41).
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${FAULTS_PORT_BASE:-18200}
export SCALE_DIR="$PWD/.data/faults"
export SCALE_NGINX_PORT=$((base + 20)) SCALE_API_PORT_A=$((base + 21)) SCALE_API_PORT_B=$((base + 22))
export SCALE_REDIS_PORT=$((base + 23)) SCALE_PG_PRIMARY_PORT=$((base + 40)) SCALE_PG_REPLICA_PORT=$((base + 41))
export SCALE_REPLICA_DELAY=0 SCALE_VOTERS=${FAULTS_VOTERS:-2500}
export SCALE_DRIVER=tests/faults/driver.py
# Short enough for the test: a task taken by a worker killed whole comes back after 6 s (looked
# for every 2 s); the sweeps and the phase changes run every 3 s (celery beat, started by the
# driver) and take what has waited 20 s (longer than the redelivery, which is what the worker
# fault checks; the Redis fault checks the sweep).
export CELERY_VISIBILITY_TIMEOUT=6 CELERY_UNACKED_RESTORE_INTERVAL=2 CELERY_UNACKED_RESTORE_THROTTLE=1
export SWEEP_SECONDS=3 SWEEP_AFTER_SECONDS=20 PHASE_APPLY_SECONDS=3
exec "$(dirname "$0")/test-scale.sh"
