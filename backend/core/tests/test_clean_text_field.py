"""``core.fields.CleanTextField``: every stored free text goes through ``clean_text``, bounded
as sent and once cleaned; and the texts administrators and officials type that were stored raw
(the reason of a role change, a moderation decision's reason, a report's text)."""

import pytest
from rest_framework import serializers

from audit.models import AuditRecord
from core.fields import CleanTextField
from proposals.tests.factories import ProposalFactory


class Form(serializers.Serializer):
    line = CleanTextField(max_length=40)
    prose = CleanTextField(max_length=40, multiline=True, required=False, allow_blank=True)


def test_cleans_and_keeps_newlines_only_when_multiline():
    form = Form(data={"line": "<b>Mairie</b>\n du\u202e 5e", "prose": "Un\n<i>deux</i>&amp;lt;x"})
    assert form.is_valid(), form.errors
    # The encoded "<x" decodes into markup, which goes too.
    assert form.validated_data == {"line": "Mairie du 5e", "prose": "Un\ndeux"}


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("<b></b>", "blank"),
        ("\u200b\u200b\u2066", "blank"),
        ("&lt;b&gt;" * 2, "blank"),
        ("x" * 41, "max_length"),
        ("&amp;" * 9, "max_length"),  # over the bound as sent, whatever cleaning would leave
    ],
)
def test_refuses_blank_and_long_values(line, code):
    form = Form(data={"line": line})
    assert not form.is_valid()
    assert form.errors["line"][0].code == code, form.errors


def test_needs_a_bound():
    with pytest.raises(TypeError):
        CleanTextField()


@pytest.mark.django_db
def test_a_role_reason_is_stored_clean(admin_api, resident):
    response = admin_api.put(
        f"/api/v1/users/{resident.id}/role/",
        {
            "role": "official",
            "areas": ["paris-05"],
            "reason": '<img src=x onerror="alert(1)">Mairie du 5e\u202e\u200b',
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert AuditRecord.objects.get(action="user.role").reason == "Mairie du 5e"


@pytest.mark.django_db
def test_moderation_texts_are_bounded_once_not_twice(admin_api, resident_api, open_campaign):
    proposal = ProposalFactory(campaign=open_campaign)
    long_reason = "é" * 501  # PUBLIC_REASON_MAX is 500: refused as sent, no longer up to 1000
    response = admin_api.post(f"/api/v1/proposals/{proposal.pk}/hide/", {"reason": long_reason})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]
    response = admin_api.post(
        f"/api/v1/proposals/{proposal.pk}/hide/", {"reason": "<script>x</script>Hors sujet"}
    )
    assert response.status_code == 200, response.content
    proposal.refresh_from_db()
    assert proposal.hidden_reason == "Hors sujet"
    response = resident_api.post(
        f"/api/v1/proposals/{proposal.pk}/report/", {"reason": "other", "text": "x" * 1001}
    )
    assert response.status_code in (400, 404, 409)
    if response.status_code == 400:
        assert "text" in response.json()["errors"]
