"""Django's password validators on registration (the only path that sets a password through
the API; the admin's forms run the same validators): each refusal names the field ``password``
and creates nothing. The messages are Django's, in French first (LANGUAGE_CODE)."""

import pytest

from accounts.models import User

REGISTER = "/api/v1/auth/register/"
EMAIL = "bernadette.quintal@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password,display_name,says",
    [
        (
            "bernadette.quintal",
            "",
            "semblable au champ «\xa0adresse e-mail",
        ),  # the address's local part
        ("quintalbernadette", "", "semblable au champ «\xa0adresse e-mail"),
        ("Bernadette.Quintal@example", "", "semblable au champ «\xa0adresse e-mail"),
        ("Mirabelle-Ostrowska", "Mirabelle Ostrowska", "semblable au champ «\xa0nom affiché"),
        ("k7#Lp2", "", "au moins 8"),
        ("password123", "", "trop courant"),
        ("azertyuiop", "", "trop courant"),
        ("8305196472", "", "numérique"),
    ],
)
def test_a_weak_password_is_refused_on_the_password_field(api, password, display_name, says):
    response = api.post(
        REGISTER,
        {"email": EMAIL, "password": password, "display_name": display_name},
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == 400 and list(body["errors"]) == ["password"]
    assert any(says in reason for reason in body["errors"]["password"]), body
    assert not User.objects.filter(email=EMAIL).exists()


@pytest.mark.django_db
def test_a_strong_password_passes(api):
    response = api.post(
        REGISTER,
        {"email": EMAIL, "password": "tuiles rouges sur le toit", "display_name": "Bernadette"},
        format="json",
    )
    assert response.status_code in (201, 202), response.content
    assert User.objects.filter(email=EMAIL).exists()
