"""Registration against hostile input: blank passwords, invisible and bidi display names."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.validators import VisiblePasswordValidator
from core.testing.hostile import BIDI_SPOOF, BLANK_PASSWORDS, assert_refused, invisible_text

REGISTER = "/api/v1/auth/register/"


@pytest.mark.parametrize("password", BLANK_PASSWORDS)
def test_validator_refuses_passwords_that_show_nothing(password):
    with pytest.raises(ValidationError) as caught:
        VisiblePasswordValidator().validate(password)
    assert caught.value.error_list[0].code == "password_blank"


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "  espaces autour  ", "mot\u200bde\u200bpasse"]
)
def test_validator_accepts_visible_characters_with_spaces(password):
    assert VisiblePasswordValidator().validate(password) is None  # raises when refused


def test_validator_is_one_of_the_configured_rules():
    with pytest.raises(ValidationError) as caught:
        validate_password(" " * 16)
    assert "password_blank" in [e.code for e in caught.value.error_list]


@pytest.mark.django_db
class TestRegister:
    @pytest.mark.parametrize("password", BLANK_PASSWORDS)
    def test_blank_password_is_a_field_error_and_nobody_is_created(self, api, password):
        response = api.post(
            REGISTER, {"email": "blanc@example.org", "password": password}, format="json"
        )
        body = assert_refused(response, 400, field="password")
        assert any("spaces or invisible" in reason for reason in body["errors"]["password"])
        assert not User.objects.filter(email="blanc@example.org").exists()

    def test_password_with_inner_spaces_is_accepted(self, api):
        response = api.post(
            REGISTER,
            {"email": "phrase@example.org", "password": "la lune est un ballon"},
            format="json",
        )
        assert response.status_code == 202, response.content
        user = User.objects.get(email="phrase@example.org")
        assert user.check_password("la lune est un ballon")

    def test_display_name_loses_bidi_and_invisible_characters(self, api):
        response = api.post(
            REGISTER,
            {
                "email": "bidi@example.org",
                "password": "un-mot-de-passe-solide",
                "display_name": BIDI_SPOOF[:60] + invisible_text(10),
            },
            format="json",
        )
        assert response.status_code == 202, response.content
        assert User.objects.get(email="bidi@example.org").display_name == "Jardin gnp.exe partagé"
