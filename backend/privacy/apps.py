from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's data: downloading it, deleting one's account, and the retention of what a
    campaign keeps about its voters (no models of its own)."""

    name = "privacy"
