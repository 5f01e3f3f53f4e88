"""Each counting rule stated in words, as the results publish it, in French and in English
(docs/adr/0006-counting-rules.md gives the exact statements with their sources). Pure: plain
values in, text out."""

from __future__ import annotations

from typing import NamedTuple

from voting.methods import GRADES

ENGLISH_GRADES = {
    "adore": "I love it",
    "aime_bien": "I like it",
    "pourquoi_pas": "Why not?",
    "pas_convaincu": "I am not convinced",
}
SCORE_WORDS = {
    "approval": ("nombre de voix", "number of votes"),
    "choose-1": ("nombre de voix", "number of votes"),
    "knapsack": ("nombre de voix", "number of votes"),
    "cumulative": ("total de points", "total points"),
    "scoring": ("total de points", "total points"),
    "majority_judgment": ("total des mentions (0 à 3)", "total grade points (0 to 3)"),
    "ordinal": (
        "score de classement (k points au premier de k projets classés, jusqu'à 1)",
        "ranking score (k points for the first of k ranked projects, down to 1)",
    ),
}
SATISFACTION_WORDS = {
    "cost": (
        "la satisfaction d'un votant est le coût des projets qu'il a choisis et qui sont financés",
        "a voter's satisfaction is the cost of the projects they chose that are funded",
    ),
    "cardinality": (
        "la satisfaction d'un votant est le nombre des projets qu'il a choisis et qui sont "
        "financés",
        "a voter's satisfaction is the number of the projects they chose that are funded",
    ),
    "points": (
        "la satisfaction d'un votant est la somme des points qu'il a donnés aux projets financés",
        "a voter's satisfaction is the points they gave to funded projects",
    ),
    "borda": (
        "la satisfaction d'un votant pour un projet financé est le nombre de projets qu'il a "
        "classés après lui",
        "a voter's satisfaction from a funded project is the number of projects they ranked "
        "below it",
    ),
    "score_cost": (
        "la satisfaction d'un votant est ses points pour un projet financé multipliés par son coût",
        "a voter's satisfaction is their points for a funded project times its cost",
    ),
}
TIES = (
    "À égalité, le projet dont l'identifiant vient en premier (comme texte) passe devant.",
    "Ties go to the project whose id sorts first (as text).",
)


class Statement(NamedTuple):
    """A rule in words: ``fr`` first, ``en`` too."""

    fr: str
    en: str


def amount(value: int, currency: str = "EUR") -> str:
    text = f"{value:,}".replace(",", "\u202f")
    return f"{text} €" if currency == "EUR" else f"{text} {currency}"


def _fill(envelope: str, reserved: str | None) -> Statement:
    if reserved:
        return Statement(
            f"Dans l'ordre du classement, les projets des quartiers prioritaires sont financés "
            f"d'abord dans la part de {reserved} qui leur est réservée ; puis chaque autre projet, "
            f"dans l'ordre du classement, est financé s'il tient dans ce qui reste de l'enveloppe "
            f"de {envelope}, et passé sinon (le suivant peut encore tenir).",
            f"In rank order, projects in priority neighbourhoods are funded first within the "
            f"share of {reserved} reserved for them; then every other project, in rank order, "
            f"is funded if it fits in what is left of the envelope of {envelope}, and skipped "
            f"otherwise (the next one may still fit).",
        )
    return Statement(
        f"Dans l'ordre du classement, chaque projet est financé s'il tient dans ce qui reste de "
        f"l'enveloppe de {envelope}, et passé sinon (le suivant peut encore tenir).",
        f"In rank order, each project is funded if it fits in what is left of the envelope of "
        f"{envelope}, and skipped otherwise (the next one may still fit).",
    )


def _majority_judgment(fill: Statement) -> Statement:
    french = ", ".join(f"« {label} »" for _, label in reversed(GRADES))
    english = ", ".join(f"“{ENGLISH_GRADES[key]}”" for key, _ in reversed(GRADES))
    return Statement(
        f"Jugement majoritaire (Balinski et Laraki). Chaque votant donne une mention à chaque "
        f"projet du bulletin : {french} ; un projet sans mention reçoit la plus basse. Chaque "
        f"projet a pour mention majoritaire la médiane inférieure de ses mentions ; on retire "
        f"une mention égale à la mention majoritaire et on prend la mention majoritaire de ce "
        f"qui reste, et ainsi de suite : les projets sont classés en comparant ces suites de "
        f"mentions, la première différence décidant (la plus haute d'abord). {fill.fr} "
        f"{TIES[0]}",
        f"Majority judgment (Balinski and Laraki). Every voter grades every project of the "
        f"ballot: {english}; a project left ungraded gets the lowest grade. A project's majority "
        f"grade is the lower median of its grades; one grade equal to it is removed and the "
        f"majority grade of what is left taken, and so on: projects are ranked by comparing "
        f"these sequences of grades, the first difference deciding (the higher first). "
        f"{fill.en} {TIES[1]}",
    )


def _equal_shares(envelope: str, sat: Statement) -> Statement:
    return Statement(
        f"Méthode des parts égales{sat.fr} : l'enveloppe de {envelope} est partagée également "
        f"entre les votants ; un projet est financé quand les votants qui l'ont choisi peuvent "
        f"payer son coût avec leurs parts, d'abord celui qui coûte le moins à ses soutiens par "
        f"unité de satisfaction, chaque soutien payant la même somme (ou tout ce qui lui reste).",
        f"Method of Equal Shares{sat.en}: the envelope of {envelope} is shared equally between "
        f"the voters; a project is funded when the voters who chose it can pay its cost from "
        f"their shares, the project that costs its supporters least per unit of satisfaction "
        f"first, each supporter paying the same amount (or all they have left).",
    )


def statement(
    rule: str,
    *,
    method: str,
    budget: int,
    reserved: int = 0,
    satisfaction: str | None = None,
    currency: str = "EUR",
) -> Statement:
    """The rule that produced a result, in words a resident can follow, French and English.
    ``reserved``: the share reserved for priority neighbourhoods, for the rank-then-fund rules
    (the others have none)."""
    envelope = amount(budget, currency)
    score_fr, score_en = SCORE_WORDS.get(method, ("score", "score"))
    words = SATISFACTION_WORDS.get(satisfaction or "")
    sat = Statement(f" ({words[0]})", f" ({words[1]})") if words else Statement("", "")
    fill = _fill(envelope, amount(reserved, currency) if reserved else None)
    if rule == "majority-judgment":
        return _majority_judgment(fill)
    if rule == "rank-then-fund":
        return Statement(
            f"Les projets sont classés par {score_fr}. {fill.fr} {TIES[0]}",
            f"Projects are ranked by their {score_en}. {fill.en} {TIES[1]}",
        )
    if rule == "greedy":
        return Statement(
            f"Glouton par {score_fr}{sat.fr} : les projets sont pris du plus haut {score_fr} au "
            f"plus bas, et chacun est financé s'il tient dans ce qui reste de l'enveloppe de "
            f"{envelope}, passé sinon (le suivant peut encore tenir). {TIES[0]}",
            f"Greedy by {score_en}{sat.en}: projects are taken from the highest {score_en} down, "
            f"and each is funded if it fits in what is left of the envelope of {envelope}, "
            f"skipped otherwise (the next one may still fit). {TIES[1]}",
        )
    shares = _equal_shares(envelope, sat)
    if rule == "mes":
        return Statement(f"{shares.fr} {TIES[0]}", f"{shares.en} {TIES[1]}")
    if rule == "mes-increase":
        return Statement(
            f"{shares.fr} L'enveloppe partagée est ensuite augmentée par pas de 1 % de "
            f"{envelope}, en recalculant à chaque fois, et le dernier résultat qui tient encore "
            f"dans {envelope} est retenu ; l'argent qui reste finance d'autres projets, de "
            f"manière gloutonne, par {score_fr}. {TIES[0]}",
            f"{shares.en} The envelope shared out is then raised by steps of 1 % of {envelope}, "
            f"computing again each time, and the last outcome that still fits in {envelope} is "
            f"kept; money still left funds further projects greedily by {score_en}. {TIES[1]}",
        )
    if rule == "mes-add1":
        return Statement(
            f"{shares.fr} La part de chaque votant est ensuite augmentée d'une unité à la fois, "
            f"en recalculant à chaque fois, et le dernier résultat qui tient encore dans "
            f"{envelope} est retenu ; l'argent qui reste finance d'autres projets, de manière "
            f"gloutonne, par {score_fr}. {TIES[0]}",
            f"{shares.en} Each voter's share is then raised by one unit at a time, computing "
            f"again each time, and the last outcome that still fits in {envelope} is kept; money "
            f"still left funds further projects greedily by {score_en}. {TIES[1]}",
        )
    if rule == "phragmen":
        return Statement(
            f"Phragmén séquentiel : les votants gagnent de l'argent au même rythme régulier ; un "
            f"projet est financé dès que les votants qui l'ont choisi ont gagné ensemble son "
            f"coût, et ils y dépensent tout ce qu'ils ont ; cela continue tant que des projets "
            f"tiennent dans l'enveloppe de {envelope}. {TIES[0]}",
            f"Sequential Phragmén: voters earn money at the same steady rate; a project is funded "
            f"as soon as the voters who chose it have earned its cost together, and they spend "
            f"all they have on it; this goes on while projects fit in the envelope of "
            f"{envelope}. {TIES[1]}",
        )
    raise ValueError(f"no statement for the rule {rule!r}")


def without_ballots(text: Statement) -> Statement:
    """The statement of an area where no ballot was counted."""
    return Statement(
        f"Aucun bulletin n'a été compté dans ce secteur : rien n'est financé. {text.fr}",
        f"No ballot was counted in this area: nothing is funded. {text.en}",
    )


def reserve_not_applied(text: Statement, reserved: int, currency: str = "EUR") -> Statement:
    """The statement of a comparison, with a rule that has no reserved share, on an envelope
    that has one."""
    share = amount(reserved, currency)
    return Statement(
        f"{text.fr} Cette règle n'a pas de part réservée : les {share} réservés aux quartiers "
        f"prioritaires ne sont pas appliqués.",
        f"{text.en} This rule has no reserved share: the {share} reserved for priority "
        f"neighbourhoods are not applied.",
    )
