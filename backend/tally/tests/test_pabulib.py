"""The .pb parser and writer: real files, round trips, and malformed files refused with their
line number and reason."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tally import Ballot, Election, PabulibError, Project, parse, read, write
from tally.tests.conftest import pabulib_dir

VALID = '''META
key;value
description;"Test; with a semicolon"
budget;100
vote_type;approval
PROJECTS
project_id;cost;name;category
1;60;"Parc ""vert""";Nature
2;40,5;Piste;None
3;25.0;Banc;Mobilier
VOTES
voter_id;vote;age
a;1,2;30
b;3;None
c;;41
'''


def test_parse_keeps_every_field():
    election = parse("\ufeff" + VALID)
    assert election.meta == {
        "description": "Test; with a semicolon",
        "budget": "100",
        "vote_type": "approval",
    }
    assert election.budget == 100 and election.vote_type == "approval"
    assert election.projects == [
        Project("1", 60, 'Parc "vert"', {"category": "Nature"}),
        Project("2", Fraction(81, 2), "Piste", {}),
        Project("3", 25, "Banc", {"category": "Mobilier"}),
    ]
    assert isinstance(election.projects[2].cost, int)
    assert election.ballots == [
        Ballot("a", ("1", "2"), None, {"age": "30"}),
        Ballot("b", ("3",), None, {}),
        Ballot("c", (), None, {"age": "41"}),
    ]


def test_points_and_rankings():
    cumulative = parse(
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
        "VOTES\nvoter_id;vote;points\nv;2,1;3,1.5\nw;;\n"
    )
    assert cumulative.ballots[0] == Ballot("v", ("2", "1"), (3, Fraction(3, 2)))
    assert cumulative.ballots[1] == Ballot("w", (), ())
    ordinal = parse(
        "META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
        "VOTES\nvoter_id;vote\nv;2,1\n"
    )
    assert ordinal.ballots[0].vote == ("2", "1") and ordinal.ballots[0].points is None


@pytest.mark.parametrize("name", [path.name for path in sorted(pabulib_dir().glob("*.pb"))])
def test_shared_files_parse_and_round_trip(name, tmp_path):
    election = read(pabulib_dir() / name)
    assert len(election.projects) == int(election.meta["num_projects"])
    assert len(election.ballots) == int(election.meta["num_votes"])
    target = tmp_path / name
    write(election, target)
    assert read(target) == election
    assert parse(write(read(target))) == election


def test_write_then_read_unusual_values():
    election = Election(
        meta={"budget": "10.5", "vote_type": "scoring", "note": 'a "quoted"; value\nover lines'},
        projects=[
            Project("x", Fraction(1, 3), "Nom; avec point-virgule", {"lat": "48.85"}),
            Project("y", 2, "", {}),
        ],
        ballots=[
            Ballot("1", ("y", "x"), (-1, Fraction(5, 2)), {"sex": "F"}),
            Ballot("2", (), (), {}),
        ],
    )
    again = parse(write(election))
    # No reader keeps a line break inside a field (pabutools joins the lines): it becomes a space.
    assert again.meta["note"] == 'a "quoted"; value over lines'
    again.meta["note"] = election.meta["note"]
    assert again == election


def _malformed(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


MALFORMED = [
    ("no budget", _malformed("budget;100\n", ""), 1, "META has no 'budget'"),
    ("no vote type", _malformed("vote_type;approval\n", ""), 12, "META has no 'vote_type'"),
    ("budget", _malformed("budget;100", "budget;cent"), 4, "budget is not a number"),
    ("vote type", _malformed("vote_type;approval", "vote_type;ranked"), 5, "unknown vote_type"),
    ("meta row", _malformed("budget;100", "budget"), 4, "META rows are key;value"),
    ("no cost column", _malformed("project_id;cost;name", "project_id;price;name"), 8, "no cost"),
    ("cost", _malformed("3;25.0", "3;lots"), 10, "cost of project '3' is not a number"),
    ("negative cost", _malformed("3;25.0", "3;-25"), 10, "negative"),
    ("missing cost", _malformed("3;25.0", "3;None"), 10, "has no cost"),
    ("fields", _malformed("3;25.0;Banc;Mobilier", "3;25.0;Banc;Mobilier;x"), 10, "5 fields where"),
    ("project twice", _malformed("3;25.0", "1;25.0"), 10, "listed twice"),
    ("comma id", _malformed("3;25.0", '"3,4";25.0'), 10, "contains a comma"),
    ("empty id", _malformed("3;25.0", ";25.0"), 10, "without a project_id"),
    ("unknown project", _malformed("b;3;None", "b;4;None"), 14, "unknown project '4'"),
    ("no vote", _malformed("b;3;None", "b;None;None"), 14, "voter 'b' has no vote"),
    ("section order", VALID.replace("PROJECTS\n", "VOTES\n", 1), 8, "voter '' has no vote"),
    ("no header", VALID[: VALID.index("voter_id")], 11, "VOTES has no header row"),
    # an unclosed quote runs to the end of the file, as in pabutools: its vote names no project
    ("quote", _malformed("b;3;None", 'b;"3;None'), 14, "unknown project '3;Nonec;;41'"),
]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_files_name_their_line(text, line, reason):
    with pytest.raises(PabulibError) as caught:
        parse(text)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"line {line}: ")


def test_points_must_match_the_vote():
    text = (
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
        "VOTES\nvoter_id;vote;points\nv;1,2;3\n"
    )
    with pytest.raises(PabulibError, match=r"line 11: ballot of voter 'v' gives 1 points for 2"):
        parse(text)
    with pytest.raises(PabulibError, match=r"line 11: points of voter 'v' is negative"):
        parse(text.replace("v;1,2;3", "v;1,2;3,-1"))
