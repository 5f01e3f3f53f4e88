"""load_addresses: the whole BAN for Paris (already loaded in the test database by the root
conftest), idempotent, and a small file loaded for real to check what lands in the tables."""

import gzip
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from addresses.models import Address, AddressSource, Street
from addresses.services import addresses_load

pytestmark = pytest.mark.django_db

BAN_HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
    "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
    "cad_parcelles"
)


def ban_row(ban_id, number, rep, street, postcode, insee, lon, lat):
    return (
        f"{ban_id};;{number};{rep};{street};{postcode};{insee};Paris;;;0;0;{lon};{lat};"
        "parcelle;;;PARIS;;commune;commune;1;"
    )


def test_the_full_base_is_loaded():
    source = AddressSource.objects.get()
    assert source.address_count == Address.objects.count() == 158_048
    assert source.street_count == Street.objects.count()
    assert Address.objects.values("citycode").distinct().count() == 20


def test_loading_again_is_skipped():
    out = io.StringIO()
    call_command("load_addresses", stdout=out)
    assert "158048 addresses" in out.getvalue()
    assert "already loaded, skipped" in out.getvalue()


def test_sub_addresses_belong_to_their_street():
    # the BAN publishes "7S1 Place du Carrousel" as a street of its own
    assert not Street.objects.filter(name__regex=r"^[0-9]").exists()
    sub = Address.objects.get(street__name="Place du Carrousel", number=7, rep="s1")
    assert sub.label == "7 S1 Place du Carrousel 75001 Paris"


def test_a_street_point_is_its_middle_address():
    street = Street.objects.get(name="Rue Mouffetard")
    numbers = sorted(street.addresses.values_list("number", "rep"))
    middle = numbers[(len(numbers) - 1) // 2]
    assert street.addresses.get(number=middle[0], rep=middle[1]).point == street.point
    assert street.address_count == len(numbers)


def test_a_small_file_replaces_the_tables(tmp_path):
    # inside the test's transaction: rolled back afterwards
    path = tmp_path / "ban.csv.gz"
    rows = [
        BAN_HEADER,
        ban_row("75104_1_00012", 12, "", "Rue de Rivoli", "75004", "75104", 2.35995, 48.855602),
        ban_row("75104_1_00012_b", 12, "b", "Rue de Rivoli", "75004", "75104", 2.3599, 48.8556),
        ban_row("75105_2_00001", 1, "", "Rue de l'Épée de Bois", "75005", "75105", 2.35, 48.84),
    ]
    path.write_bytes(gzip.compress("\n".join(rows).encode()))

    assert addresses_load(path=path) == {"loaded": True, "streets": 2, "addresses": 3}
    assert addresses_load(path=path) == {"loaded": False, "streets": 2, "addresses": 3}
    assert addresses_load(path=path, force=True)["loaded"] is True

    street = Street.objects.get(name="Rue de l'Épée de Bois")
    assert (street.name_search, street.type_search, street.core_search) == (
        "rue epee bois",
        "rue",
        "epee bois",
    )
    bis = Address.objects.get(ban_id="75104_1_00012_b")
    assert (bis.number, bis.rep, bis.label) == (12, "b", "12 bis Rue de Rivoli 75004 Paris")
    assert bis.point.coords == (2.3599, 48.8556)
    # a new street gets the next id
    assert (
        Street.objects.create(
            name="x", name_search="x", core_search="x", postcode="1", citycode="1", point=bis.point
        ).id
        == 3
    )


def test_the_fixture_path_is_the_default():
    assert (settings.FIXTURES_DIR / "paris" / "adresses-75.csv.gz").exists()
