"""Paris's postcodes and INSEE codes, known in one module."""

import pytest

from addresses import paris


def test_postcodes():
    assert len(paris.POSTCODES) == 21
    assert {"75001", "75020", "75116"} <= paris.POSTCODES
    for code in ("75000", "75021", "75100", "75120", "78000", "92100", "", "7500"):
        assert not paris.is_paris_postcode(code), code
    assert paris.is_paris_postcode(" 75005 ")


@pytest.mark.parametrize(
    ("postcode", "number"),
    [
        ("75001", 1),
        ("75005", 5),
        ("75016", 16),
        ("75116", 16),
        ("75020", 20),
        ("75021", None),
        ("75105", None),
        ("78000", None),
        ("", None),
    ],
)
def test_postcode_arrondissement(postcode, number):
    assert paris.postcode_arrondissement(postcode) == number


def test_citycode_from_postcode():
    assert paris.citycode_from_postcode("75005") == "75105"
    assert paris.citycode_from_postcode("75016") == "75116"
    assert paris.citycode_from_postcode("75116") == "75116"
    assert paris.citycode_from_postcode("75021") == ""
    assert paris.citycode_from_postcode("78000") == ""
    assert paris.citycode_from_postcode("") == ""


def test_arrondissement_citycode():
    assert paris.arrondissement_citycode(1) == "75101"
    assert paris.arrondissement_citycode(16) == "75116"
    with pytest.raises(ValueError, match="21"):
        paris.arrondissement_citycode(21)


def test_arrondissement_postcode_and_citycode_arrondissement():
    assert paris.arrondissement_postcode(5) == "75005"
    assert paris.arrondissement_postcode(16) == "75016"
    assert all(paris.is_paris_postcode(paris.arrondissement_postcode(n)) for n in range(1, 21))
    with pytest.raises(ValueError):
        paris.arrondissement_postcode(0)
    assert paris.citycode_arrondissement("75105") == 5
    assert paris.citycode_arrondissement("75116") == 16
    assert paris.citycode_arrondissement("75056") is None  # Paris as a commune
    assert paris.citycode_arrondissement("92012") is None


def test_citycodes_of_the_open_data_codes():
    assert paris.citycodes_of("75123") == {"75101", "75102", "75103", "75104"}  # Paris Centre
    assert paris.citycodes_of("75005") == {"75105"}
    assert paris.citycodes_of("75116") == {"75116"}
    assert paris.citycodes_of("75105") == {"75105"}
    assert paris.citycodes_of("93200") == frozenset()
    assert paris.citycodes_of("") == frozenset()


def test_postcodes_in_free_text():
    assert paris.postcodes_in("12 rue Mouffetard 75 005 Paris") == ["75005"]
    assert paris.postcodes_in("12 rue Mouffetard") == []
    assert paris.foreign_postcode("1 place d'Armes 78000 Versailles") == "78000"
    assert paris.foreign_postcode("3 rue X 75116 Paris, pas 92100") == "92100"
    assert paris.foreign_postcode("28 rue Mouffetard 75005 Paris") == ""
