"""Test set-up shared by every suite: the test database holds the real Paris reference data."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django creates (or reuses) the test database, load the reference data once:
    districts, areas and the city outline (idempotent)."""
    from geo.models import District

    with django_db_blocker.unblock():
        if District.objects.count() < 100:
            call_command("load_reference_data", verbosity=0)
