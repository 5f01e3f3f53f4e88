"""The ``.pb`` variants real files contain, each read by our parser and by pabutools 1.2.3's
(a test-only dependency): both accept it and read the same budget, projects (ids, costs, names,
coordinates) and ballots; what pabutools refuses we refuse too, with the line; and the few files
pabutools reads that we refuse on purpose are listed (see ``tally.pabulib``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from pabutools.election.ballot import AbstractCardinalBallot, AbstractOrdinalBallot
from pabutools.election.pabulib import parse_pabulib_from_string

from tally import Election, PabulibError, parse, write

APPROVAL = """META
key;value
description;Variants
budget;100
vote_type;approval
PROJECTS
project_id;cost;name;category;latitude;longitude
1;60;Parc;Nature;48.85;2.35
2;40;Piste;Sport;48.86;2.36
3;25;Banc;Mobilier;48.87;2.37
VOTES
voter_id;vote;age
a;1,2;30
b;3;41
c;2,3;25
"""

CUMULATIVE = """META
key;value
budget;100
vote_type;cumulative
PROJECTS
project_id;cost;name
1;60;Parc
2;40;Piste
3;25;Banc
VOTES
voter_id;vote;points
a;1,2;3,2
b;3;5
c;2,3,1;1,1,3
"""

ORDINAL = """META
key;value
budget;100
vote_type;ordinal
PROJECTS
project_id;cost;name
1;60;Parc
2;40;Piste
3;25;Banc
VOTES
voter_id;vote
a;1,2,3
b;3,1
c;2
"""


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


VARIANTS: dict[str, str] = {
    "empty coordinates": _swap(APPROVAL, "1;60;Parc;Nature;48.85;2.35", "1;60;Parc;Nature;;"),
    "None coordinates": _swap(APPROVAL, "48.86;2.36", "None;None"),
    "empty name and category": _swap(APPROVAL, "2;40;Piste;Sport;", "2;40;;;"),
    "empty targets": _swap(
        _swap(APPROVAL, "category;latitude", "category;target;latitude"),
        "1;60;Parc;Nature;",
        "1;60;Parc;Nature;;",
    )
    .replace("Sport;", "Sport;None;")
    .replace("Mobilier;", "Mobilier;Seniors,Jeunes;"),
    "extra columns": _swap(
        _swap(APPROVAL, "project_id;cost;name", "project_id;cost;name;selected;url"),
        "1;60;Parc",
        "1;60;Parc;1;https://example.org/a",
    )
    .replace("2;40;Piste", "2;40;Piste;0;")
    .replace("3;25;Banc", "3;25;Banc;1;None")
    .replace("voter_id;vote;age", "voter_id;vote;age;sex;district")
    .replace("a;1,2;30", "a;1,2;30;F;7"),
    "rows shorter than the header": _swap(
        _swap(APPROVAL, "3;25;Banc;Mobilier;48.87;2.37", "3;25;Banc"), "b;3;41", "b;3"
    ),
    "CRLF line ends": APPROVAL.replace("\n", "\r\n"),
    "CR line ends": APPROVAL.replace("\n", "\r"),
    "byte-order mark": "\ufeff" + APPROVAL,
    "quoted fields": _swap(
        _swap(APPROVAL, "1;60;Parc;", '"1";"60";"Parc; ""le grand""";'),
        "description;Variants",
        'description;"Vote; 2024"',
    ),
    "comment lines before META": "# Variants, exported 2024-05-01\n;;\nsource;pabulib\n" + APPROVAL,
    "blank lines": APPROVAL.replace("PROJECTS\n", "\nPROJECTS\n").replace(
        "b;3;41\n", "\nb;3;41\n\n"
    ),
    "votes and score columns": _swap(
        _swap(APPROVAL, "project_id;cost;name", "project_id;cost;votes;score;name"),
        "1;60;Parc",
        "1;60;1;1,5;Parc",
    )
    .replace("2;40;Piste", "2;40;;None;Piste")
    .replace("3;25;Banc", "3;25;2;2.0;Banc"),
    "decimal comma amounts": _swap(
        _swap(APPROVAL, "budget;100", "budget;100,5"), "2;40;", "2;40,25;"
    ),
    "lower-case section names with trailing fields": APPROVAL.replace("PROJECTS\n", "projects;;\n")
    .replace("VOTES\n", "Votes;\n")
    .replace("META\n", "meta\n"),
    "META row with more fields": _swap(APPROVAL, "budget;100", "budget;100;PLN"),
    "META key given twice": _swap(APPROVAL, "budget;100", "budget;90\nbudget;100"),
    "column named twice": _swap(
        _swap(APPROVAL, "project_id;cost;name;category", "project_id;cost;name;name"),
        "1;60;Parc;Nature",
        "1;60;Parc;Grand parc",
    ),
    "approval ballot naming a project twice": _swap(APPROVAL, "a;1,2;30", "a;1,2,1;30"),
    "voter id repeated": _swap(APPROVAL, "b;3;41", "a;3;41"),
    "empty approval ballot": _swap(APPROVAL, "b;3;41", "b;;41"),
    "no voter_id column": APPROVAL.replace("voter_id;vote;age", "vote;age")
    .replace("a;1,2;30", "1,2;30")
    .replace("b;3;41", "3;41")
    .replace("c;2,3;25", "2,3;25"),
    "no VOTES section": APPROVAL[: APPROVAL.index("VOTES")],
    "fractional cost": _swap(APPROVAL, "3;25;", "3;1/3;"),
    "cumulative": CUMULATIVE,
    "cumulative, CRLF and quoted points": CUMULATIVE.replace(
        "c;2,3,1;1,1,3", 'c;"2,3,1";"1,1,3"'
    ).replace("\n", "\r\n"),
    "cumulative ballot without points": _swap(CUMULATIVE, "b;3;5", "b;3;None"),
    "cumulative, more points than projects": _swap(CUMULATIVE, "b;3;5", "b;3;5,4"),
    "cumulative ballot naming a project twice": _swap(CUMULATIVE, "a;1,2;3,2", "a;1,2,1;3,2,4"),
    "scoring with negative points": CUMULATIVE.replace("cumulative", "scoring").replace(
        "a;1,2;3,2", "a;1,2;-3,2.5"
    ),
    "ordinal": ORDINAL,
    "ordinal ballot naming a project twice": _swap(ORDINAL, "a;1,2,3", "a;1,2,1,3"),
    "choose-1": APPROVAL.replace("approval", "choose-1")
    .replace("a;1,2;30", "a;1;30")
    .replace("c;2,3;25", "c;2;25"),
}


def _fraction(value: Any) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


def ours(election: Election) -> dict[str, Any]:
    """What counting depends on, and what a reader of the file sees, from our parser."""
    points = election.vote_type in ("cumulative", "scoring")
    return {
        "budget": Fraction(election.budget),
        "vote_type": election.vote_type,
        "projects": {
            p.id: (
                Fraction(p.cost),
                p.extra.get("name") or p.name or None,
                p.extra.get("latitude"),
                p.extra.get("longitude"),
            )
            for p in election.projects
        },
        "ballots": [
            dict(zip(b.vote, map(Fraction, b.points or ()), strict=True))
            if points
            else (list(b.vote) if election.vote_type == "ordinal" else sorted(b.vote))
            for b in election.ballots
        ],
    }


def theirs(text: str) -> dict[str, Any]:
    """The same, from pabutools' parser."""
    instance, profile = parse_pabulib_from_string(text.removeprefix("\ufeff"))
    vote_type = instance.meta["vote_type"]
    ballots: list[Any] = []
    for ballot in profile:
        if isinstance(ballot, AbstractCardinalBallot):
            ballots.append({p.name: _fraction(v) for p, v in ballot.items()})
        elif isinstance(ballot, AbstractOrdinalBallot):
            ballots.append([p.name for p in ballot])
        else:
            ballots.append(sorted(p.name for p in ballot))
    meta = instance.project_meta
    return {
        "budget": _fraction(instance.budget_limit),
        "vote_type": vote_type,
        "projects": {
            p.name: (
                _fraction(p.cost),
                meta[p].get("name") or None,
                meta[p].get("latitude"),
                meta[p].get("longitude"),
            )
            for p in instance
        },
        "ballots": ballots,
    }


@pytest.mark.parametrize("text", VARIANTS.values(), ids=VARIANTS.keys())
def test_each_variant_reads_as_pabutools_reads_it(text):
    election = parse(text)
    assert ours(election) == theirs(text)
    # Our own writing of it is read the same way again, by both.
    again = write(election)
    assert ours(parse(again)) == ours(election) == theirs(again)


def test_what_the_variants_read_as():
    """A few readings spelled out, so an agreement on a wrong reading would still fail."""
    assert parse(VARIANTS["empty coordinates"]).projects[0].extra["latitude"] == ""
    assert "latitude" not in parse(VARIANTS["None coordinates"]).projects[1].extra
    quoted = parse(VARIANTS["quoted fields"])
    assert quoted.projects[0].name == 'Parc; "le grand"'
    assert quoted.meta["description"] == "Vote; 2024"
    assert parse(VARIANTS["comment lines before META"]).meta["description"] == "Variants"
    assert parse(VARIANTS["META key given twice"]).budget == 100
    assert parse(VARIANTS["decimal comma amounts"]).projects[1].cost == Fraction(161, 4)
    assert parse(VARIANTS["approval ballot naming a project twice"]).ballots[0].vote == ("1", "2")
    assert [b.voter_id for b in parse(VARIANTS["voter id repeated"]).ballots] == ["a", "a", "c"]
    assert parse(VARIANTS["no VOTES section"]).ballots == []
    twice = parse(VARIANTS["cumulative ballot naming a project twice"]).ballots[0]
    assert (twice.vote, twice.points) == (("1", "2"), (4, 2))
    assert parse(VARIANTS["ordinal ballot naming a project twice"]).ballots[0].vote == (
        "1",
        "2",
        "3",
    )
    assert parse(VARIANTS["cumulative ballot without points"]).ballots[1].vote == ()
    shorter = parse(VARIANTS["rows shorter than the header"])
    assert shorter.projects[2].extra == {} and shorter.ballots[1].extra == {}
    extra = parse(VARIANTS["votes and score columns"]).projects[1].extra
    assert extra["votes"] == "" and "score" not in extra


def _refused_by_pabutools(text: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 - pabutools raises what Python raises
        parse_pabulib_from_string(text)


REFUSED = {
    "no budget": (_swap(APPROVAL, "budget;100\n", ""), 1, "META has no 'budget'"),
    "no vote type": (_swap(APPROVAL, "vote_type;approval\n", ""), 12, "no 'vote_type'"),
    "unknown vote type": (_swap(APPROVAL, "approval", "ranked"), 5, "unknown vote_type"),
    "budget not a number": (_swap(APPROVAL, "budget;100", "budget;cent"), 4, "not a number"),
    "cost not a number": (_swap(APPROVAL, "3;25;", "3;lots;"), 10, "not a number"),
    "project without cost": (_swap(APPROVAL, "3;25;", "3;None;"), 10, "has no cost"),
    "unknown project": (_swap(APPROVAL, "b;3;41", "b;4;41"), 14, "unknown project '4'"),
    "row longer than the header": (_swap(APPROVAL, "b;3;41", "b;3;41;x"), 14, "4 fields"),
    "ballot without vote": (_swap(APPROVAL, "b;3;41", "b;None;41"), 14, "has no vote"),
    "fewer points than projects": (_swap(CUMULATIVE, "a;1,2;3,2", "a;1,2;3"), 12, "1 points"),
    "points not a number": (_swap(CUMULATIVE, "b;3;5", "b;3;five"), 13, "not a number"),
    "section without header": (APPROVAL[: APPROVAL.index("voter_id")], 11, "no header row"),
    "META row without value": (_swap(APPROVAL, "budget;100", "budget"), 4, "key;value"),
}


@pytest.mark.parametrize(("text", "line", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_what_pabutools_refuses_is_refused_with_its_line(text, line, reason):
    _refused_by_pabutools(text)
    with pytest.raises(PabulibError) as caught:
        parse(text)
    assert (caught.value.line, reason in caught.value.reason) == (line, True), caught.value


def test_spaces_around_the_ids_of_a_vote_are_read_where_pabutools_refuses():
    text = _swap(APPROVAL, "c;2,3;25", "c; 2 , 3 ;25")
    _refused_by_pabutools(text)
    assert parse(text).ballots[2].vote == ("2", "3")


NO_VOTES = APPROVAL[: APPROVAL.index("VOTES")]

# Read by pabutools, refused here: each would make the count meaningless (see tally.pabulib).
OURS_ONLY = {
    "project listed twice": (_swap(NO_VOTES, "3;25;", "1;25;"), "listed twice"),
    "negative cost": (_swap(NO_VOTES, "3;25;", "3;-25;"), "negative"),
    "negative budget": (_swap(NO_VOTES, "budget;100", "budget;-100"), "negative"),
    "negative cumulative points": (_swap(CUMULATIVE, "b;3;5", "b;3;-5"), "negative"),
    "comma in a project id": (_swap(NO_VOTES, "3;25;", '"3,4";25;'), "contains a comma"),
    "empty project id": (_swap(NO_VOTES, "3;25;", ";25;"), "without a project_id"),
}


@pytest.mark.parametrize(("text", "reason"), OURS_ONLY.values(), ids=OURS_ONLY.keys())
def test_the_few_refusals_of_our_own(text, reason):
    parse_pabulib_from_string(text)  # pabutools reads it
    with pytest.raises(PabulibError, match=reason):
        parse(text)
