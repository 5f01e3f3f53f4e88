"""ban-local fuzzy search and nearest address, on the real BAN for Paris (loaded once per test
database by the root conftest)."""

import pytest

from addresses.selectors import address_nearest, address_search

from .conftest import metres

pytestmark = pytest.mark.django_db


def best(query: str):
    results = address_search(query=query, limit=5)
    assert results, f"nothing for {query!r}"
    return results[0]


@pytest.mark.parametrize(
    "query",
    [
        "12 rue de Rivoli 75004 Paris",
        "12 r de rivoli",
        "12 R. DE RIVOLI",
        "12, rue de Rivoli, Paris 4e",
        "12 rue de rivoli 4eme",
        "12 rue de rivoli 75 004",
        "12 rue rivoli",
        "12 rue de rivolli",  # a letter doubled
        "12 rue de rivli",  # a letter missing
        "12 rue de rivloi 75004",  # two letters swapped
        "rue de rivoli 12",
        "12 rue de rivoli 75001",  # wrong postcode: 12 is in the 4th
    ],
)
def test_finds_the_address_however_it_is_typed(address, query):
    expected = address("Rue de Rivoli", 12)
    found = best(query)
    assert found.kind == "housenumber"
    assert found.label == "12 Rue de Rivoli 75004 Paris"
    assert metres(found.lon, found.lat, expected.point.x, expected.point.y) < 1


@pytest.mark.parametrize(
    ("query", "street", "number"),
    [
        ("100 bd st germain", "Boulevard Saint-Germain", 100),
        ("100 BOUL SAINT GERMAIN 75005", "Boulevard Saint-Germain", 100),
        ("28 r mouffetard paris 5e", "Rue Mouffetard", 28),
        ("28 rue moufetard", "Rue Mouffetard", 28),
        ("10 pl de la concorde", "Place de la Concorde", 10),
        ("2 allee paris ivry", "Allée Paris-Ivry", 2),
        ("1 av de l'opera", "Avenue de l'Opéra", 1),
        ("1 av opera 1er", "Avenue de l'Opéra", 1),
    ],
)
def test_abbreviations_accents_and_typos(address, query, street, number):
    expected = address(street, number)
    found = best(query)
    assert found.street == street
    assert found.number == number
    assert metres(found.lon, found.lat, expected.point.x, expected.point.y) < 1


@pytest.mark.parametrize(
    "query", ["12 bis rue des rosiers", "12b rue des rosiers", "12 B RUE DES ROSIERS"]
)
def test_bis(address, query):
    found = best(query)
    assert (found.number, found.rep) == (12, "b")
    assert found.label == "12 bis Rue des Rosiers 75004 Paris"


def test_without_suffix_the_plain_number_comes_first():
    found = best("12 rue des rosiers")
    assert (found.number, found.rep) == (12, "")


def test_street_only_answers_streets_at_their_middle_address():
    results = address_search(query="rue de rivoli", limit=5)
    assert [r.label for r in results[:2]] == [
        "Rue de Rivoli 75001 Paris",
        "Rue de Rivoli 75004 Paris",
    ]
    assert {r.kind for r in results} == {"street"}
    assert results[0].score == 1.0


def test_street_only_with_arrondissement_puts_that_one_first():
    results = address_search(query="bd st germain 75006", limit=3)
    assert results[0].label == "Boulevard Saint-Germain 75006 Paris"
    assert results[0].score > results[1].score


def test_a_number_that_does_not_exist_gives_the_nearest_on_that_street(address):
    # Rue Mouffetard has no 13: the nearest on the same side is 9
    found = best("13 rue mouffetard")
    assert found.street == "Rue Mouffetard"
    assert found.number == 9
    assert found.exact is False
    assert found.score < best("9 rue mouffetard").score


def test_a_better_name_beats_an_existing_number():
    assert best("1 avenue de france").street == "Avenue de France"


def test_partial_typing_already_finds_the_street():
    assert best("12 rue de riv").label == "12 Rue de Rivoli 75004 Paris"


def test_the_name_when_a_word_of_it_looks_like_a_type():
    assert "Porte de Saint-Cloud" in best("porte de saint cloud").street


def test_scores_are_ranked_and_in_range():
    results = address_search(query="12 rue de la paix", limit=10)
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    assert len(results) <= 10


@pytest.mark.parametrize("query", ["75005", "75005 Paris", "12", "rue", "12 r", "?!", "zzzzzzzzqx"])
def test_nothing_to_search_for_is_an_empty_list(query):
    assert address_search(query=query) == []


def test_nearest_address(address):
    expected = address("Rue de Rivoli", 12)
    # about 5 m east of 12 rue de Rivoli
    nearest = address_nearest(lon=expected.point.x + 0.00007, lat=expected.point.y)
    assert nearest is not None
    assert nearest.label == "12 Rue de Rivoli 75004 Paris"
    assert 4 < nearest.distance_m < 6.5


def test_nearest_address_beyond_the_limit_is_none():
    # on the Lac Inférieur of the Bois de Boulogne, about 66 m from the nearest address
    far = address_nearest(lon=2.2605, lat=48.8628)
    assert far is not None and far.distance_m > 50
    assert address_nearest(lon=2.2605, lat=48.8628, max_distance_m=50) is None
