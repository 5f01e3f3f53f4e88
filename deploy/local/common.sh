# Shared settings for the local development services (sourced, not run).
# Everything lives under the repository's .data/ folder, on non-default ports,
# so it never collides with a system PostgreSQL or Redis.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA="$ROOT/.data"
PG_PORT=${BELVEDERE_PG_PORT:-54329}
REDIS_PORT=${BELVEDERE_REDIS_PORT:-63799}
PG_DATA="$DATA/pg"
PG_USER=belvedere
PG_DB=belvedere

pg_bindir() {
    # The newest installed PostgreSQL that has PostGIS beside it.
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if ls "$(dirname "$d")"/lib/postgis-3.so >/dev/null 2>&1; then echo "$d"; return 0; fi
    done
    return 1
}

# PostgreSQL refuses to run as root: when we are root, run its programs as "postgres".
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
