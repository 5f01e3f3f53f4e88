"""The normal form shared by the table and the queries, and the parsing of typed queries."""

import pytest

from addresses.normalize import (
    address_label,
    edit_similarity,
    normalize_street,
    normalize_text,
    parse_query,
    split_street_type,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rue de l'Arbre-Sec", "rue de l arbre sec"),
        ("ÉGLISE  Saint-Étienne-du-Mont", "eglise saint etienne du mont"),
        ("Cœur", "coeur"),
        ("Boulevard Saint-Germain, 75005", "boulevard saint germain 75005"),
        ("  ", ""),
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("bd st germain", "Boulevard Saint-Germain"),
        ("BOUL. ST-GERMAIN", "Boulevard Saint-Germain"),
        ("r de l'arbre sec", "Rue de l'Arbre Sec"),
        ("rue arbre sec", "Rue de l'Arbre Sec"),
        ("r du fg st antoine", "Rue du Faubourg Saint-Antoine"),
        ("av du gal leclerc", "Avenue du Général Leclerc"),
        ("pl de la republique", "Place de la République"),
        ("sq d'anvers", "Square d'Anvers"),
        ("imp. du curé", "Impasse du Curé"),
        ("pass. brady", "Passage Brady"),
        ("all des justes", "Allée des Justes"),
        ("che de ronde", "Chemin de Ronde"),
        ("ste marthe", "Sainte-Marthe"),
        ("rpt des champs elysees", "Rond-point des Champs-Élysées"),
    ],
)
def test_typed_and_stored_names_meet(typed, stored):
    assert normalize_street(typed) == normalize_street(stored)


def test_a_letter_naming_a_way_is_kept():
    assert normalize_street("Voie D/9") == "voie d 9"


def test_split_street_type():
    assert split_street_type("rue rivoli") == ("rue", "rivoli")
    assert split_street_type("rond point champs elysees") == ("rond point", "champs elysees")
    assert split_street_type("rivoli") == ("", "rivoli")
    assert split_street_type("rue") == ("rue", "")


@pytest.mark.parametrize(
    ("query", "number", "suffix", "citycode", "street"),
    [
        ("12 rue de Rivoli 75004 Paris", 12, "", "75104", "rue rivoli"),
        ("12 bis, r. de Rivoli", 12, "b", "", "rue rivoli"),
        ("12b rue de rivoli", 12, "b", "", "rue rivoli"),
        ("12 B rue de rivoli", 12, "b", "", "rue rivoli"),
        ("12ter rue de rivoli", 12, "t", "", "rue rivoli"),
        ("12 Quater rue de rivoli", 12, "q", "", "rue rivoli"),
        ("12 r de rivoli", 12, "", "", "rue rivoli"),  # "r" is the street type, not a suffix
        ("8 bd de port royal paris 5e", 8, "", "75105", "boulevard port royal"),
        ("8 bd de port royal 5ème", 8, "", "75105", "boulevard port royal"),
        ("8 bd de port royal 5EME ARRONDISSEMENT", 8, "", "75105", "boulevard port royal"),
        ("8 bd de port royal 75 005", 8, "", "75105", "boulevard port royal"),
        ("8 bd de port royal Paris 05", 8, "", "75105", "boulevard port royal"),
        ("8 bd de port royal 7505", 8, "", "75105", "boulevard port royal"),
        ("1 rue du louvre paris 1er", 1, "", "75101", "rue louvre"),
        ("3 av foch 75116", 3, "", "75116", "avenue foch"),
        ("3 av foch 75016", 3, "", "75116", "avenue foch"),
        ("rue de rivoli 12", 12, "", "", "rue rivoli"),
        ("12-14 rue de la paix", 12, "", "", "rue paix"),
        ("bd st germain", None, "", "", "boulevard saint germain"),
        ("199 av de france 75013", 199, "", "75113", "avenue france"),  # "france" is the name
        ("2 allée paris-ivry", 2, "", "", "allee paris ivry"),  # so is this "paris"
        ("10 rue du 4 septembre", 10, "", "", "rue 4 septembre"),
        ("place du 18 juin 1940", None, "", "", "place 18 juin 1940"),
    ],
)
def test_parse_query(query, number, suffix, citycode, street):
    parsed = parse_query(query)
    assert (parsed.number, parsed.suffix, parsed.citycode, parsed.street) == (
        number,
        suffix,
        citycode,
        street,
    )


def test_parse_query_splits_the_street_type():
    parsed = parse_query("12 bd st germain")
    assert (parsed.street_type, parsed.street_core) == ("boulevard", "saint germain")
    assert parse_query("rivoli").street_type == ""


def test_a_query_without_a_street():
    assert parse_query("75005").street == ""
    assert parse_query("75005 Paris").street == ""
    parsed = parse_query("12")
    assert (parsed.number, parsed.street) == (12, "")


def test_edit_similarity():
    assert edit_similarity("rivoli", "rivoli") == 1.0
    assert edit_similarity("ftees", "fetes") == pytest.approx(0.8)  # two letters swapped
    assert edit_similarity("rivolli", "rivoli") == pytest.approx(1 - 1 / 7)  # one doubled
    assert edit_similarity("rivli", "rivoli") == pytest.approx(1 - 1 / 6)  # one missing
    assert edit_similarity("abc", "") == 0.0
    assert edit_similarity("saint jacqes", "saint germain", floor=0.7) == 0.0


def test_labels():
    assert address_label(number=12, rep="b", street="Rue de Rivoli", postcode="75004") == (
        "12 bis Rue de Rivoli 75004 Paris"
    )
    assert address_label(number=7, rep="s1", street="Place du Carrousel", postcode="75001") == (
        "7 S1 Place du Carrousel 75001 Paris"
    )
