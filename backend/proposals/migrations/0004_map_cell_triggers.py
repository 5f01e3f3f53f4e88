# Written by hand (proposals.models.MapCell's triggers).
"""The map's counts per cell (``MapCell``) and the triggers on ``proposals_proposal`` that keep
them, in the transaction of each change (ADR 0008): rows that become visible on the public map
are added to their cell; a cell that loses rows (moved, hidden, withdrawn, re-filtered, deleted)
is locked and counted again from the proposals, in a statement that starts after the lock is
held (so it sees every change committed before, and a change still to commit adds itself after).

The cell of a point is that of ``core.tiles.cell_sql`` at ``core.tiles.CELL_ZOOM`` (17),
written out here so that this migration keeps its meaning; ``proposals/tests/test_map_cells.py``
checks that both agree."""

from django.db import migrations

# What the public map shows (proposals.selectors.publicly_visible, with a point).
VISIBLE = (
    "{r}.location IS NOT NULL AND {r}.location_status = 'placed' "
    "AND {r}.status <> 'withdrawn' AND NOT {r}.is_hidden"
)
CELL_X = "floor((ST_X({r}.location) + 180::float8) / 360::float8 * 131072::float8)::integer"
CELL_Y = (
    "floor((1::float8 - asinh(tan(radians(ST_Y({r}.location)))) / pi()) / 2::float8 "
    "* 131072::float8)::integer"
)
KEY = "campaign_id, area_id, district_id, quartier_id, theme_id, status"
NULLABLE = ("area_id", "district_id", "quartier_id", "theme_id")


def _visible(r: str) -> str:
    return VISIBLE.format(r=r)


def _add(source: str, where: str = "TRUE") -> str:
    """Add the visible rows of ``source`` (aliased r) meeting ``where`` to their cells."""
    return f"""
    INSERT INTO proposals_mapcell AS m ({KEY}, cx, cy, n, sum_lon, sum_lat,
        west, south, east, north, first_id, last_id)
    SELECT {KEY}, cx, cy, count(*), sum(lon), sum(lat), min(lon), min(lat), max(lon),
        max(lat), min(id), max(id)
    FROM (SELECT r.id, r.campaign_id, r.area_id, r.district_id, r.quartier_id, r.theme_id,
            r.status, ST_X(r.location) AS lon, ST_Y(r.location) AS lat,
            {CELL_X.format(r="r")} AS cx, {CELL_Y.format(r="r")} AS cy
          FROM {source} WHERE {where} AND {_visible("r")}) AS q
    GROUP BY {KEY}, cx, cy
    ORDER BY campaign_id, cx, cy, status, area_id, district_id, quartier_id, theme_id
    ON CONFLICT ({KEY}, cx, cy) DO UPDATE SET
        n = m.n + excluded.n,
        sum_lon = coalesce(m.sum_lon, 0) + excluded.sum_lon,
        sum_lat = coalesce(m.sum_lat, 0) + excluded.sum_lat,
        west = least(m.west, excluded.west),
        south = least(m.south, excluded.south),
        east = greatest(m.east, excluded.east),
        north = greatest(m.north, excluded.north),
        first_id = least(m.first_id, excluded.first_id),
        last_id = greatest(m.last_id, excluded.last_id);
    """


def _recount(source: str, where: str = "TRUE") -> str:
    """Lock the cells the visible rows of ``source`` (aliased r) meeting ``where`` were in, then
    count them again
    from the proposals (a new statement: a new snapshot, taken once the locks are held)."""
    same = " AND ".join(f"m.{c} IS NOT DISTINCT FROM k.{c}" for c in NULLABLE)
    also = " AND ".join(f"p.{c} IS NOT DISTINCT FROM c.{c}" for c in NULLABLE)
    return f"""
    SELECT array_agg(m.id ORDER BY m.id) INTO ids FROM proposals_mapcell m JOIN (
        SELECT DISTINCT r.campaign_id, r.area_id, r.district_id, r.quartier_id, r.theme_id,
            r.status, {CELL_X.format(r="r")} AS cx, {CELL_Y.format(r="r")} AS cy
        FROM {source} WHERE {where} AND {_visible("r")}
    ) AS k ON m.campaign_id = k.campaign_id AND m.status = k.status AND m.cx = k.cx
        AND m.cy = k.cy AND {same};
    IF ids IS NOT NULL THEN
        PERFORM 1 FROM proposals_mapcell WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
        UPDATE proposals_mapcell m SET n = a.n, sum_lon = a.sum_lon, sum_lat = a.sum_lat,
            west = a.west, south = a.south, east = a.east, north = a.north,
            first_id = a.first_id, last_id = a.last_id
        FROM (
            SELECT c.id, count(p.id) AS n, sum(ST_X(p.location)) AS sum_lon,
                sum(ST_Y(p.location)) AS sum_lat, min(ST_X(p.location)) AS west,
                min(ST_Y(p.location)) AS south, max(ST_X(p.location)) AS east,
                max(ST_Y(p.location)) AS north, min(p.id) AS first_id, max(p.id) AS last_id
            FROM proposals_mapcell c LEFT JOIN proposals_proposal p
              ON p.campaign_id = c.campaign_id AND p.status = c.status AND {also}
              AND p.location && ST_MakeEnvelope(
                    c.cx / 131072::float8 * 360 - 180 - 1e-9,
                    degrees(atan(sinh(pi() * (1 - 2 * (c.cy + 1) / 131072::float8)))) - 1e-9,
                    (c.cx + 1) / 131072::float8 * 360 - 180 + 1e-9,
                    degrees(atan(sinh(pi() * (1 - 2 * c.cy / 131072::float8)))) + 1e-9,
                    4326)
              AND {_visible("p")}
              AND {CELL_X.format(r="p")} = c.cx AND {CELL_Y.format(r="p")} = c.cy
            WHERE c.id = ANY(ids)
            GROUP BY c.id
        ) AS a
        WHERE m.id = a.id;
    END IF;
    """


# The rows of an UPDATE whose place on the map or filters changed (the others leave the cells
# alone: most updates are reviews, reports, edits of the text).
MOVED = """
    (SELECT o.id FROM removed o JOIN added a ON a.id = o.id
     WHERE (o.campaign_id, o.area_id, o.district_id, o.quartier_id, o.theme_id, o.status,
            o.location_status, o.is_hidden, ST_X(o.location), ST_Y(o.location))
        IS DISTINCT FROM (a.campaign_id, a.area_id, a.district_id, a.quartier_id, a.theme_id,
            a.status, a.location_status, a.is_hidden, ST_X(a.location), ST_Y(a.location)))
"""

FUNCTION = f"""
CREATE FUNCTION proposals_map_cells() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_add("added r")}
    ELSIF TG_OP = 'UPDATE' THEN
        {_add("added r", f"r.id IN {MOVED}")}
        {_recount("removed r", f"r.id IN {MOVED}")}
    ELSE
        {_recount("removed r")}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER proposals_map_cells_insert AFTER INSERT ON proposals_proposal
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION proposals_map_cells();
CREATE TRIGGER proposals_map_cells_update AFTER UPDATE ON proposals_proposal
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION proposals_map_cells();
CREATE TRIGGER proposals_map_cells_delete AFTER DELETE ON proposals_proposal
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION proposals_map_cells();
"""

DROP = """
DROP TRIGGER IF EXISTS proposals_map_cells_insert ON proposals_proposal;
DROP TRIGGER IF EXISTS proposals_map_cells_update ON proposals_proposal;
DROP TRIGGER IF EXISTS proposals_map_cells_delete ON proposals_proposal;
DROP FUNCTION IF EXISTS proposals_map_cells();
"""

BACKFILL = _add("proposals_proposal r")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_map_cells")]

    operations = [
        migrations.RunSQL(FUNCTION, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
