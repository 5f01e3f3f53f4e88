from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "boolean", "enum": [True]})
class MustBeTrue(serializers.BooleanField):
    """A box that must be ticked: the schema says only ``true`` is accepted."""


class AccountDeleteInput(serializers.Serializer):
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, help_text="The current password."
    )
    confirm = MustBeTrue(help_text="true: the person confirmed they want their account deleted.")

    def validate_confirm(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError("Confirm that you want your account deleted.")
        return value


class PrivacyFactsOutput(serializers.Serializer):
    retention_months = serializers.IntegerField(
        help_text="Months a campaign keeps voter declarations and who voted, after it closes."
    )
    password_reset_minutes = serializers.IntegerField(
        help_text="How long a password reset link stays valid."
    )


class PersonalDataOutput(serializers.Serializer):
    """Everything the site holds about the signed-in person (see privacy.selectors)."""

    format = serializers.CharField()
    version = serializers.IntegerField()
    account = serializers.DictField()
    voter_declarations = serializers.ListField(child=serializers.DictField())
    voter_roll = serializers.ListField(child=serializers.DictField())
    participations = serializers.ListField(child=serializers.DictField())
    proposals = serializers.ListField(child=serializers.DictField())
    reports = serializers.ListField(child=serializers.DictField())
    notifications = serializers.ListField(child=serializers.DictField())
    ballots = serializers.CharField()
