"""The demo campaign loader, with the real offline geocoder on a few rows of the real file."""

import csv
from datetime import UTC, datetime

import pytest
from django.conf import settings

from audit.models import AuditRecord
from proposals.demo import demo_campaign_load
from proposals.models import Proposal

SOURCE = settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv"


def rows(*ids):
    with SOURCE.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        wanted = {
            r["Identifiant du projet lauréat"]: r
            for r in reader
            if r["Identifiant du projet lauréat"] in ids
        }
        return reader.fieldnames, [wanted[i] for i in ids]


@pytest.mark.django_db
def test_places_what_it_can_and_reports_the_rest(tmp_path, settings):
    settings.GEOCODER_BACKEND = "ban-local"
    fields, sample = rows("10599", "3720")  # no address; a garden the address base does not know
    placeable = dict(sample[0])
    placeable.update(
        {
            "Identifiant du projet lauréat": "T1",
            "Adresse du projet lauréat": "21 Place du Panthéon",
            "Arrondissement du projet lauréat": "75005",
            "Echelle du Budget participatif": "Budget participatif d’arrondissement",
            "Thématique": "Culture et patrimoine",
        }
    )
    path = tmp_path / "sample.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, delimiter=";")
        writer.writeheader()
        writer.writerows([placeable, *sample])
    report = demo_campaign_load(csv_path=path, now=datetime.now(tz=UTC))
    assert report.placed == 1
    assert {ref for ref, _, _ in report.unplaced} == {"10599", "3720"}
    placed = Proposal.objects.get(source_ref="bp-T1")
    assert placed.location_status == "placed"
    assert placed.district.code == "75105" and placed.area.code == "paris-05"
    assert placed.theme.slug == "culture-et-patrimoine"
    failed = Proposal.objects.filter(location_status="failed")
    assert failed.count() == 2  # kept, visible to officials, not dropped
    assert all(p.location_error for p in failed)
    # written through the services: each import and each placement (or failure) is audited
    for proposal in [placed, *failed]:
        actions = AuditRecord.objects.filter(object_type="proposal", object_id=str(proposal.pk))
        assert sorted(actions.values_list("action", flat=True)) == [
            "proposal.import",
            "proposal.locate",
        ]
        locate = actions.get(action="proposal.locate")
        assert locate.after["location_status"] == proposal.location_status
        assert locate.reason  # why it was placed there, or why not
    assert AuditRecord.objects.get(
        action="proposal.locate", object_id=str(placed.pk)
    ).reason.startswith("geocoded: 21 Place du Panthéon 75005 Paris")
