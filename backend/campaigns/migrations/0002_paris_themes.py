from django.db import migrations


def load(apps, schema_editor):
    from campaigns.themes import PARIS_THEMES

    Theme = apps.get_model("campaigns", "Theme")
    for position, (slug, name, name_en) in enumerate(PARIS_THEMES):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
