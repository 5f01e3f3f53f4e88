from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL extensions the project relies on: fuzzy text matching and accent folding."""

    dependencies: list = []
    operations = [TrigramExtension(), UnaccentExtension()]
