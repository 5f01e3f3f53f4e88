from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.text import clean_text

from . import roles
from .models import User


class RegisterInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        min_length=8, max_length=128, write_only=True, trim_whitespace=False
    )
    display_name = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default=""
    )

    def validate_display_name(self, value: str) -> str:
        return clean_text(value)


class RegisterOutput(serializers.Serializer):
    email = serializers.EmailField(help_text="Where the mail was sent.")
    detail = serializers.CharField()


class LoginInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class UserOutput(serializers.ModelSerializer):
    email_verified = serializers.SerializerMethodField(
        help_text="The address was confirmed through the link mailed at registration."
    )
    role = serializers.SerializerMethodField(
        help_text="What the person may do: `resident`, `official` (in `areas`) or "
        "`administrator` (everywhere; a superuser is one)."
    )
    areas = serializers.SerializerMethodField(
        help_text="The codes of the ballot areas an official handles (empty for residents; "
        "administrators handle every area)."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "is_staff",
            "date_joined",
            "email_verified",
            "role",
            "areas",
        ]
        read_only_fields = fields

    def get_email_verified(self, obj: User) -> bool:
        return obj.email_verified_at is not None

    @extend_schema_field(serializers.ChoiceField(choices=User.Role.choices))
    def get_role(self, obj: User) -> str:
        if roles.is_administrator(obj):
            return str(User.Role.ADMINISTRATOR)
        return str(obj.role)

    def get_areas(self, obj: User) -> list[str]:
        if not roles.is_official(obj) or roles.is_administrator(obj):
            return []
        return sorted(obj.areas.values_list("code", flat=True))


class SessionOutput(serializers.Serializer):
    user = UserOutput(
        allow_null=True, help_text="Who is signed in on this session, or null when nobody is."
    )


class VerifyEmailInput(serializers.Serializer):
    token = serializers.CharField(max_length=500, help_text="The token of the mailed link.")


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


def _password_field(**kwargs: object) -> serializers.CharField:
    return serializers.CharField(
        min_length=8, max_length=128, write_only=True, trim_whitespace=False, **kwargs
    )


class PasswordResetRequestInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class AcceptedOutput(serializers.Serializer):
    detail = serializers.CharField()


class PasswordResetConfirmInput(serializers.Serializer):
    token = serializers.CharField(max_length=500, help_text="The token of the mailed link.")
    password = _password_field(help_text="The new password.")


class PasswordResetCheckInput(serializers.Serializer):
    token = serializers.CharField(max_length=500, help_text="The token of the mailed link.")


class PasswordChangeInput(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    new_password = _password_field()


class EmailChangeInput(serializers.Serializer):
    new_email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, help_text="The current password."
    )


class EmailChangeOutput(serializers.Serializer):
    new_email = serializers.EmailField(help_text="Where the confirmation link was sent.")
    detail = serializers.CharField()


class PublicAuthorRef(serializers.Serializer):
    """How an author is shown to everyone (``accounts.selectors.public_author``)."""

    display_name = serializers.CharField(
        help_text="Empty when the author chose no display name, or deleted their account."
    )
    former_participant = serializers.BooleanField(
        help_text='The author deleted their account: shown as "a former participant".'
    )
