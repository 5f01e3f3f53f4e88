"""Paper ballots entered by officials: one by one and from a CSV file (all or nothing, errors
naming the line and the column), the voter roll that makes paper and online exclusive, the
audit record (who entered it, for whom; never what it says)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from voting.models import IdentityConflict, Participation, VoterRollEntry
from voting.paper import name_key
from voting.selectors import participations_on_hold

from .conftest import box, client_for, declare, make_world

pytestmark = pytest.mark.django_db

ELODIE = {
    "full_name": "Élodie Dupont-Lefèvre",
    "birth_date": "1985-03-02",
    "address": "3 rue Monge",
}


def enter(client, world, area="paris-05", **body):
    url = f"/api/v1/campaigns/{world.campaign.slug}/areas/{area}/paper-ballots/"
    return client.post(url, body, format="json")


def upload(client, world, text: str, area="paris-05", name="urne.csv"):
    url = f"/api/v1/campaigns/{world.campaign.slug}/areas/{area}/paper-ballots/import/"
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(url, {"file": file}, format="multipart")


def cast_online(client, world, area="paris-05", **body):
    return client.post(
        f"/api/v1/campaigns/{world.campaign.slug}/ballots/", {"area": area, **body}, format="json"
    )


def reason_online(client, world, area="paris-05"):
    status = client.get(f"/api/v1/campaigns/{world.campaign.slug}/voting/").json()
    return next(a["can"]["reason"] for a in status["areas"] if a["area"]["code"] == area)


def declare_online(user, world, full_name, birth_date="1985-03-02"):
    response = client_for(user).put(
        f"/api/v1/campaigns/{world.campaign.slug}/declaration/",
        {"full_name": full_name, "birth_date": birth_date, "address": "10 rue Mouffetard"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    return response


def test_name_keys_ignore_case_accents_and_punctuation():
    assert name_key("  Élodie  DUPONT-Lefèvre ") == name_key("elodie dupont lefevre")
    assert name_key("Zoé d’Arc") == "zoe d arc"
    assert name_key("Élodie Dupont") != name_key("Élodie Dupond")


def test_an_official_enters_a_ballot_for_a_voter_known_by_name(world, official, official_api):
    jardin = world.projects["jardin"].pk
    response = enter(official_api, world, projects=[jardin], **ELODIE)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["ballot"]["choices"][0]["title"] == "Projet jardin"
    # the receipt is handed to the voter, who can check their ballot with it
    check = client_for(UserFactory()).post("/api/v1/receipts/check/", {"receipt": body["receipt"]})
    assert check.status_code == 200 and check.json()["choices"][0]["project"] == jardin

    entry = VoterRollEntry.objects.get(campaign=world.campaign)
    assert (entry.full_name, entry.birth_date, entry.user) == (
        "Élodie Dupont-Lefèvre",
        date(1985, 3, 2),
        None,
    )
    assert entry.heart_area.code == "paris-05"
    participation = Participation.objects.get(campaign=world.campaign)
    assert (participation.channel, participation.voter, participation.person) == (
        "paper",
        entry,
        None,
    )
    assert participation.entered_by == official
    assert box(world.campaign).get().choices == {"projects": [jardin]}

    record = AuditRecord.objects.get(action="participation.paper")
    assert record.actor == official and record.area.code == "paris-05"
    assert record.object_id == str(participation.pk)
    assert record.after["voter_roll_entry"] == entry.pk
    assert record.after["full_name"] == "Élodie Dupont-Lefèvre"
    stored = str(record.before) + str(record.after)
    assert str(jardin) not in stored.replace(str(entry.pk), "") and "projects" not in stored


def test_the_same_person_on_paper_in_another_arrondissement_is_refused(world, administrator):
    api = client_for(administrator)
    assert enter(api, world, projects=[world.projects["jardin"].pk], **ELODIE).status_code == 201
    # the city-wide ballot is theirs too
    response = enter(api, world, area="paris", projects=[world.projects["bibli"].pk], **ELODIE)
    assert response.status_code == 201, response.json()
    spelled = dict(ELODIE, full_name="ELODIE dupont lefevre")
    response = enter(api, world, area="paris-19", projects=[world.projects["canal"].pk], **spelled)
    assert (response.status_code, response.json()["code"]) == (400, "other_area_chosen")
    assert "full_name" in response.json()["errors"]
    response = enter(api, world, projects=[world.projects["piste"].pk], **spelled)
    assert (response.status_code, response.json()["code"]) == (409, "already_voted_on_paper")
    assert VoterRollEntry.objects.filter(campaign=world.campaign).count() == 1
    assert Participation.objects.filter(campaign=world.campaign).count() == 2


def test_paper_by_email_then_online_is_refused(world, voter, voter_api, official_api):
    response = enter(official_api, world, email=voter.email, projects=[world.projects["piste"].pk])
    assert response.status_code == 201, response.json()
    participation = Participation.objects.get(campaign=world.campaign)
    assert participation.person == voter and participation.voter.user == voter
    assert reason_online(voter_api, world) == "already_voted_on_paper"
    response = cast_online(voter_api, world, projects=[world.projects["jardin"].pk])
    assert (response.status_code, response.json()["code"]) == (409, "already_voted_on_paper")
    assert box(world.campaign).count() == 1


def test_paper_by_name_then_online_is_refused(world, official_api):
    response = enter(official_api, world, projects=[world.projects["piste"].pk], **ELODIE)
    assert response.status_code == 201
    user = UserFactory()
    declare_online(user, world, "elodie DUPONT lefevre")  # the same person, spelled otherwise
    entry = VoterRollEntry.objects.get(campaign=world.campaign)
    assert entry.user == user  # the declaration found the paper voter in the roll
    api = client_for(user)
    assert reason_online(api, world) == "already_voted_on_paper"
    response = cast_online(api, world, projects=[world.projects["jardin"].pk])
    assert (response.status_code, response.json()["code"]) == (409, "already_voted_on_paper")
    # the city-wide ballot is still open to them online
    assert reason_online(api, world, "paris") is None
    # and once voted, the declaration can no longer change
    response = client_for(user).put(
        f"/api/v1/campaigns/{world.campaign.slug}/declaration/",
        {"full_name": "Someone Else", "birth_date": "1985-03-02", "address": "10 rue Mouffetard"},
        format="json",
    )
    assert response.status_code == 409


def test_online_then_paper_by_email_is_refused_and_by_name_held(world, official_api):
    """By email it is the account itself: refused. By name it is a second claim of the
    identity: entered, and held with the online ballot for the officials (voting.roll)."""
    user = UserFactory()
    declare_online(user, world, "Élodie Dupont-Lefèvre")
    api = client_for(user)
    assert cast_online(api, world, projects=[world.projects["jardin"].pk]).status_code == 201
    response = enter(
        official_api, world, projects=[world.projects["piste"].pk], email=user.email.upper()
    )
    assert (response.status_code, response.json()["code"]) == (409, "already_voted")
    assert "already voted online" in response.json()["errors"]["email"][0]
    text = f"full_name,birth_date,address,{world.projects['piste'].pk}\n"
    text += "ELODIE DUPONT LEFEVRE,02/03/1985,3 rue Monge,x\n"
    response = upload(official_api, world, text)
    assert response.status_code == 201, response.json()
    conflict = IdentityConflict.objects.get()
    assert (conflict.first.user, conflict.second.user, conflict.channel) == (user, None, "paper")
    participations = Participation.objects.filter(campaign=world.campaign)
    assert participations.count() == 2
    assert set(participations_on_hold(campaign=world.campaign)) == set(participations)


def test_two_accounts_claiming_one_identity_open_a_conflict(world):
    first = UserFactory()
    declare_online(first, world, "Élodie Dupont-Lefèvre")
    second = UserFactory()
    response = client_for(second).put(
        f"/api/v1/campaigns/{world.campaign.slug}/declaration/",
        {
            "full_name": "elodie dupont-lefevre",
            "birth_date": "1985-03-02",
            "address": "3 rue Monge",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    conflict = IdentityConflict.objects.get(campaign=world.campaign)
    assert (conflict.first.user, conflict.second.user, conflict.status) == (first, second, "open")
    assert conflict.second.standing == "claimant"


def test_the_database_refuses_a_second_participation_of_a_roll_entry(world):
    entry = VoterRollEntry.objects.create(
        campaign=world.campaign, full_name="A B", name_key="a b", birth_date=date(1980, 1, 1)
    )
    row = dict(voter=entry, campaign=world.campaign, area=world.areas["paris"])
    Participation.objects.create(
        channel="paper", voted_on=timezone.localdate(), ballot_seal="a", **row
    )
    with pytest.raises(IntegrityError):
        Participation.objects.create(
            channel="online", voted_on=timezone.localdate(), ballot_seal="b", **row
        )


def test_a_csv_file_of_majority_judgment_ballots(official, official_api):
    world = make_world(rule="majority_judgment")
    jardin, piste, bancs = (world.projects[k].pk for k in ("jardin", "piste", "bancs"))
    voter = UserFactory()
    declare(voter, world.campaign)
    text = (
        f"full_name;birth_date;address;email;{jardin};{piste};{bancs}\n"
        "Élodie Dupont;1985-03-02;3 rue Monge;;adore;Pourquoi pas ?;\n"
        "\n"
        f";;;{voter.email};pas_convaincu;J'aime bien;aime_bien\n"
        "Karim Benali;17/11/1972;8 rue Lacépède;;Je ne suis pas convaincu·e;;adore\n"
    )
    response = upload(official_api, world, text)
    assert response.status_code == 201, response.json()
    assert response.json() == {"entered": 3}
    grades = sorted(
        tuple(b.choices["grades"][str(p)] for p in (jardin, piste, bancs))
        for b in box(world.campaign)
    )
    assert grades == [
        ("adore", "pourquoi_pas", "pas_convaincu"),  # ungraded: the lowest grade
        ("pas_convaincu", "aime_bien", "aime_bien"),
        ("pas_convaincu", "pas_convaincu", "adore"),
    ]
    participations = Participation.objects.filter(campaign=world.campaign)
    assert {p.channel for p in participations} == {"paper"}
    assert {p.entered_by for p in participations} == {official}
    assert participations.get(person=voter).voter.user == voter
    assert AuditRecord.objects.filter(action="participation.paper").count() == 3


def test_a_csv_file_with_bad_lines_enters_nothing(official_api):
    world = make_world(rule="majority_judgment", minimum_age=16)
    jardin, piste = world.projects["jardin"].pk, world.projects["piste"].pk
    text = (
        f"full_name,birth_date,address,email,{jardin},{piste}\n"
        "Élodie Dupont,1985-03-02,3 rue Monge,,adore,\n"  # 2: fine
        "Karim Benali,1972-13-40,8 rue Lacépède,,adore,\n"  # 3: no such date
        "Léa Martin,1990-01-01,1 rue Buffon,,génial,adore\n"  # 4: no such grade
        f"Jeune Voter,{date.today().year - 10}-01-01,2 rue Cuvier,,adore,\n"  # 5: too young
        "ELODIE DUPONT,02/03/1985,3 rue Monge,,,adore\n"  # 6: line 2 again
        ",,,nobody@example.org,adore,\n"  # 7: no such account
        "Sans Adresse,1970-01-01,,,adore,\n"  # 8: no address
        ",,,,,\n"  # blank: skipped
        "Paul Durand,1960-06-06,5 rue Linné,,,\n"  # 10: nothing graded
    )
    response = upload(official_api, world, text)
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "paper_file_invalid" and body["status"] == 400
    assert list(body["errors"]) == [
        "line 3.birth_date",
        "line 4." + str(jardin),
        "line 5.birth_date",
        "line 6.full_name",
        "line 7.email",
        "line 8.address",
        "line 10.grades",
    ]
    assert "génial" in body["errors"][f"line 4.{jardin}"][0]
    assert "at least 16" in body["errors"]["line 5.birth_date"][0]
    assert "already voted on paper" in body["errors"]["line 6.full_name"][0]
    assert "nobody@example.org" in body["errors"]["line 7.email"][0]
    assert not box(world.campaign).exists()
    assert not Participation.objects.filter(campaign=world.campaign).exists()
    assert not VoterRollEntry.objects.filter(campaign=world.campaign).exists()
    assert not AuditRecord.objects.filter(action="participation.paper").exists()


def test_a_csv_header_with_unknown_columns(world, official_api):
    canal = world.projects["canal"].pk  # on the 19th's ballot, not the 5th's
    response = upload(official_api, world, f"name,birth_date,{canal}\nA,1980-01-01,x\n")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"line 1.name", f"line 1.{canal}", "line 1"}
    assert f"ballot of {world.areas['paris-05'].name}" in errors[f"line 1.{canal}"][0]
    assert "« name » is neither an identity column" in errors["line 1.name"][0]
    response = upload(official_api, world, "")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["file"])


def test_a_nul_byte_is_a_400_naming_its_line(world, official_api):
    """PostgreSQL text cannot hold NUL: the file is refused in the error format, with the line,
    never a 500 (a name, the header, or a cell of choices)."""
    jardin = world.projects["jardin"].pk
    header = f"full_name,birth_date,address,email,{jardin}\n"
    good = "Élodie Dupont,1985-03-02,3 rue Monge,,1\n"
    for text, line in (
        (header + good + "Karim\x00 Benali,1972-11-17,8 rue Lacépède,,1\n", "line 3"),
        (header + "Léa Martin,1990-01-01,1 rue Buffon,,\x00\n" + good, "line 2"),
        (header.replace("email", "em\x00ail"), "line 1"),
    ):
        response = upload(official_api, world, text)
        assert response.status_code == 400, response.content
        body = response.json()
        assert (body["status"], body["code"]) == (400, "paper_file_invalid")
        assert list(body["errors"]) == [line]
        assert "NUL" in body["errors"][line][0]
    assert not box(world.campaign).exists()


def test_an_official_of_another_area_is_refused(world, other_official):
    api = client_for(other_official)
    response = enter(api, world, projects=[world.projects["jardin"].pk], **ELODIE)
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    text = f"email,{world.projects['jardin'].pk}\nsomeone@example.org,x\n"
    assert upload(api, world, text).status_code == 403
    assert not Participation.objects.filter(campaign=world.campaign).exists()


def test_residents_cannot_enter_paper_ballots(world, voter_api):
    response = enter(voter_api, world, projects=[world.projects["jardin"].pk], **ELODIE)
    assert response.status_code == 403


@pytest.mark.parametrize("phase", ["review", "results"])
def test_paper_ballots_only_while_voting(phase, official_api):
    world = make_world(phase)
    response = enter(official_api, world, projects=[world.projects["jardin"].pk], **ELODIE)
    assert (response.status_code, response.json()["code"]) == (409, "phase_closed")
    text = f"email,{world.projects['jardin'].pk}\nsomeone@example.org,x\n"
    response = upload(official_api, world, text)
    assert (response.status_code, response.json()["code"]) == (409, "phase_closed")


def test_an_incomplete_identity_names_its_fields(world, official_api):
    response = enter(
        official_api, world, full_name="Élodie", projects=[world.projects["jardin"].pk]
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"birth_date", "address"}
    response = enter(
        official_api,
        world,
        projects=[world.projects["jardin"].pk, world.projects["piste"].pk],
        **ELODIE,
    )
    assert response.status_code == 201
    response = enter(
        official_api, world, projects=[world.projects["canal"].pk], **dict(ELODIE, full_name="X Y")
    )
    assert (response.status_code, response.json()["code"]) == (400, "wrong_area")


def test_an_account_without_a_declaration_is_entered_by_name(world, official_api):
    user = UserFactory()
    response = enter(official_api, world, email=user.email, projects=[world.projects["bibli"].pk])
    assert (response.status_code, response.json()["code"]) == (400, "declaration_missing")
    assert "full name, birth date and address" in response.json()["errors"]["email"][0]
    response = enter(official_api, world, email="nobody@example.org", projects=[1])
    assert response.status_code == 400 and "email" in response.json()["errors"]
    assert not Participation.objects.filter(campaign=world.campaign).exists()
