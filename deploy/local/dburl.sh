# Database URL helpers for backup.sh and restore.sh (sourced after common.sh, not run).

# The application's database: DATABASE_URL from the environment, else from .env, else the
# private instance's.
database_url() {
    local url=${DATABASE_URL:-}
    if [ -z "$url" ] && [ -f "$ROOT/.env" ]; then
        url=$(sed -n 's/^DATABASE_URL=//p' "$ROOT/.env" | tail -1)
    fi
    echo "${url:-postgis://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB}"
}

# libpq does not know Django's scheme names (postgis://, pgsql://): use postgresql://.
libpq_url() {
    echo "$1" | sed -E 's#^(postgis|postgres|pgsql|postgresql)://#postgresql://#'
}

# The database name in a URL (path without its query string).
url_dbname() {
    local rest=${1#*://}
    rest=${rest#*/}
    echo "${rest%%\?*}"
}

# The same server, another database.
url_with_db() {
    local url=$1 db=$2 base query=""
    base=${url%%\?*}
    [ "$base" != "$url" ] && query="?${url#*\?}"
    echo "${base%/*}/$db$query"
}

# A PostgreSQL client program: the one of the installed PostgreSQL that has PostGIS (the server's
# version under `make db-up`), else the one on PATH.
pg_tool() {
    local bin
    if bin=$(pg_bindir) && [ -x "$bin/$1" ]; then echo "$bin/$1"; else command -v "$1"; fi
}
