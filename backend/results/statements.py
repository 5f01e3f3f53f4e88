"""Each counting rule stated in words, as the results publish it. Pure: plain values in, text out."""

from __future__ import annotations

from voting.methods import GRADES

SCORE_WORDS = {
    "approval": "number of votes",
    "choose-1": "number of votes",
    "knapsack": "number of votes",
    "cumulative": "total points",
    "scoring": "total points",
    "majority_judgment": "total grade points (0 to 3)",
    "ordinal": "ranking score (k points for the first of k ranked projects, down to 1)",
}
SATISFACTION_WORDS = {
    "cost": "a voter's satisfaction is the cost of the projects they chose that are funded",
    "cardinality": "a voter's satisfaction is the number of the projects they chose that are "
    "funded",
    "points": "a voter's satisfaction is the points they gave to funded projects",
    "borda": "a voter's satisfaction from a funded project is the number of projects they ranked "
    "below it",
    "score_cost": "a voter's satisfaction is their points for a funded project times its cost",
}
TIES = "Ties go to the project whose id sorts first (as text)."


def amount(value: int, currency: str = "EUR") -> str:
    text = f"{value:,}".replace(",", "\u202f")
    return f"{text} €" if currency == "EUR" else f"{text} {currency}"


def statement(
    rule: str,
    *,
    method: str,
    budget: int,
    reserved: int = 0,
    satisfaction: str | None = None,
    currency: str = "EUR",
) -> str:
    """The rule that produced a result, in words a resident can follow."""
    envelope = amount(budget, currency)
    score = SCORE_WORDS.get(method, "score")
    sat = f" ({SATISFACTION_WORDS[satisfaction]})" if satisfaction in SATISFACTION_WORDS else ""
    fill = (
        f"In rank order, projects in priority neighbourhoods are funded first within the share "
        f"of {amount(reserved, currency)} reserved for them; then every other project, in rank "
        f"order, is funded if it fits in what is left of the envelope of {envelope}, and "
        f"skipped otherwise (the next one may still fit)."
        if reserved
        else f"In rank order, each project is funded if it fits in what is left of the envelope "
        f"of {envelope}, and skipped otherwise (the next one may still fit)."
    )
    if rule == "majority-judgment":
        grades = ", ".join(f"« {label} »" for _, label in reversed(GRADES))
        return (
            f"Majority judgment. Every voter grades every project of the ballot: {grades}; a "
            f"project left ungraded gets the lowest grade. Projects are ranked by their majority "
            f"grade (the lower median of their grades); between equal majority grades, by the "
            f"majority gauge (more grades above the majority grade than below comes first: the "
            f"more above, the better; fewer above than below comes last: the more below, the "
            f"worse); then by removing one majority grade at a time until the grades differ. "
            f"{fill} {TIES}"
        )
    if rule == "rank-then-fund":
        return f"Projects are ranked by their {score}. {fill} {TIES}"
    if rule == "greedy":
        return (
            f"Greedy by {score}{sat}: projects are taken from the highest {score} down, and each "
            f"is funded if it fits in what is left of the envelope of {envelope}, skipped "
            f"otherwise (the next one may still fit). {TIES}"
        )
    equal_shares = (
        f"Method of Equal Shares{sat}: the envelope of {envelope} is shared equally between the "
        f"voters; a project is funded when the voters who chose it can pay its cost from their "
        f"shares, the project that costs its supporters least per unit of satisfaction first, "
        f"each supporter paying the same amount (or all they have left)."
    )
    if rule == "mes":
        return f"{equal_shares} {TIES}"
    if rule == "mes-increase":
        return (
            f"{equal_shares} The envelope shared out is then raised by steps of 1 % of "
            f"{envelope}, computing again each time, and the last outcome that still fits in "
            f"{envelope} is kept; money still left funds further projects greedily by {score}. "
            f"{TIES}"
        )
    if rule == "mes-add1":
        return (
            f"{equal_shares} Each voter's share is then raised by one unit at a time, computing "
            f"again each time, and the last outcome that still fits in {envelope} is kept; money "
            f"still left funds further projects greedily by {score}. {TIES}"
        )
    if rule == "phragmen":
        return (
            f"Sequential Phragmén: voters earn money at the same steady rate; a project is funded "
            f"as soon as the voters who chose it have earned its cost together, and they spend "
            f"all they have on it; this goes on while projects fit in the envelope of "
            f"{envelope}. {TIES}"
        )
    raise ValueError(f"no statement for the rule {rule!r}")
