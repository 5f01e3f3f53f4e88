"""The canonical ballots ``inputs_hash`` is computed from are written by hand for speed; they must
be the very text the published definition gives (``json.dumps`` of the content, below as it
was first written), or every published inputs hash would change."""

import json
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import tally
from results.selectors import _canonical_ballots
from tally.model import format_number


def reference(ballot: tally.Ballot, vote_type: str) -> str:
    """The definition: sets sorted, rankings kept, points as text, pairs sorted."""
    if vote_type in ("approval", "choose-1"):
        content: Any = sorted(ballot.vote)
    elif vote_type == "ordinal":
        content = list(ballot.vote)
    else:
        content = sorted(
            [pid, format_number(n)] for pid, n in zip(ballot.vote, ballot.points or (), strict=True)
        )
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False)


# Project ids as files write them, and the awkward ones: quotes, backslashes, control
# characters, non-ASCII letters, emoji.
ids = st.one_of(
    st.integers(0, 10**6).map(str),
    st.text(min_size=1, max_size=8),
    st.sampled_from(['"', "\\", "\n", "é", "Œuvre 12", "🌳", "\x00", "a\u2028b"]),
)
numbers = st.one_of(
    st.integers(-5, 10**9),
    st.fractions(min_value=-100, max_value=100, max_denominator=40),
    st.just(Fraction(7, 1)),
)


@st.composite
def elections(draw):
    vote_type = draw(st.sampled_from(["approval", "choose-1", "ordinal", "cumulative", "scoring"]))
    ballots = []
    for i in range(draw(st.integers(0, 6))):
        vote = tuple(draw(st.lists(ids, unique=True, max_size=6)))
        points = None
        if vote_type in ("cumulative", "scoring"):
            points = tuple(draw(st.lists(numbers, min_size=len(vote), max_size=len(vote))))
        ballots.append(tally.Ballot(str(i), vote, points=points))
    return tally.Election(
        meta={"vote_type": vote_type, "budget": "1"}, projects=[], ballots=ballots
    )


@settings(max_examples=400, deadline=None)
@given(election=elections())
def test_the_canonical_ballots_are_the_definition_s_text(election):
    assert _canonical_ballots(election) == [
        reference(b, election.vote_type) for b in election.ballots
    ]


def test_a_grade_and_the_same_number_as_a_fraction_are_written_alike():
    election = tally.Election(
        meta={"vote_type": "scoring", "budget": "1"},
        projects=[],
        ballots=[
            tally.Ballot("1", ("b", "a"), points=(3, Fraction(1, 3))),
            tally.Ballot("2", ("a",), points=(Fraction(3, 1),)),
        ],
    )
    assert _canonical_ballots(election) == ['[["a","1/3"],["b","3"]]', '[["a","3"]]']
