"""Put the voters who had already voted in the voter roll: one entry per account and campaign,
from their declaration, and link their participations to it."""

from django.db import migrations


def fill(apps, schema_editor):
    Participation = apps.get_model("voting", "Participation")
    VoterDeclaration = apps.get_model("voting", "VoterDeclaration")
    VoterRollEntry = apps.get_model("voting", "VoterRollEntry")
    rows = Participation.objects.filter(voter__isnull=True, person__isnull=False)
    for participation in rows.iterator():
        declaration = VoterDeclaration.objects.filter(
            person_id=participation.person_id, campaign_id=participation.campaign_id
        ).first()
        if declaration is None:
            continue  # the account's own unique constraint still guards it
        entry, _ = VoterRollEntry.objects.get_or_create(
            campaign_id=participation.campaign_id,
            user_id=participation.person_id,
            defaults={"birth_date": declaration.birth_date, "address": declaration.address},
        )
        participation.voter = entry
        participation.save(update_fields=["voter"])


class Migration(migrations.Migration):
    dependencies = [("voting", "0002_voter_roll")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
