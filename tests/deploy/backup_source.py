"""Build a small but complete Belvédère database for the backup/restore test.

Run as a script with ``DATABASE_URL`` pointing at a new, empty database: it applies the
migrations, loads the reference data (arrondissements, quartiers, areas, themes) and writes,
through the services and the test factories, proposals (one withdrawn, one hidden by an
official), a campaign in voting with ballots and their participation records, and the audit
records all of that leaves. Prints what it made as JSON on its last line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def build() -> dict:
    from django.contrib.gis.geos import Point
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference_data", verbosity=0)

    from accounts.tests.factories import UserFactory
    from audit.models import AuditRecord
    from campaigns.models import Theme
    from campaigns.services import themes_load
    from campaigns.tests.factories import CampaignFactory
    from moderation.services import proposal_hide
    from proposals.services import proposal_submit, proposal_withdraw
    from proposals.tests.factories import BUTTES_CHAUMONT, HOTEL_DE_VILLE, PANTHEON
    from voting.models import Participation
    from voting.services import ballot_cast
    from voting.tests.conftest import declare, make_world

    themes_load()
    now = timezone.now()
    campaign = CampaignFactory(slug="sauvegarde-2026", name="Budget participatif sauvegarde")
    theme = Theme.objects.get(slug="environnement")
    authors = [UserFactory() for _ in range(3)]
    places = [PANTHEON, HOTEL_DE_VILLE, BUTTES_CHAUMONT]
    proposals = [
        proposal_submit(
            author=authors[i % 3],
            campaign=campaign,
            title=f"Un jardin partagé numéro {i} — « sauvegardé »",
            description="Planter des arbres fruitiers et installer un composteur collectif.",
            theme=theme,
            location=Point(*places[i % 3], srid=4326),
            now=now,
        )
        for i in range(6)
    ]
    proposal_withdraw(proposal=proposals[1], user=authors[1], now=now)
    official = UserFactory(role="official", areas=["paris-05"])
    proposal_hide(
        proposal=proposals[0], actor=official, reason="Contenu en double, masqué.", now=now
    )

    world = make_world()
    receipts = {}
    for i in range(4):
        voter = UserFactory()
        declare(voter, world.campaign)
        local = ballot_cast(
            voter=voter,
            campaign=world.campaign,
            area=world.areas["paris-05"],
            now=now,
            projects=[world.projects["jardin" if i % 2 else "piste"].pk],
        )
        city = ballot_cast(
            voter=voter,
            campaign=world.campaign,
            area=world.areas["paris"],
            now=now,
            projects=[world.projects["bibli"].pk, world.projects["ecole"].pk],
        )
        receipts[local.receipt] = local.ballot.receipt_hash
        receipts[city.receipt] = city.ballot.receipt_hash

    return {
        "proposals": {
            str(p.pk): {"title": p.title, "status": p.status, "is_hidden": p.is_hidden}
            for p in (type(proposals[0]).objects.filter(campaign=campaign))
        },
        "participations": sorted(
            str(pk) for pk in Participation.objects.values_list("pk", flat=True)
        ),
        "receipts": receipts,
        "audit_records": sorted(AuditRecord.objects.values_list("pk", flat=True)),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(build()))
