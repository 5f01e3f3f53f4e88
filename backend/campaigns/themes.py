"""The themes of the Paris budget participatif, in ballot order."""

PARIS_THEMES: list[tuple[str, str, str]] = [
    ("cadre-de-vie", "Cadre de vie", "Living environment"),
    ("education-et-jeunesse", "Éducation et jeunesse", "Education and youth"),
    ("environnement", "Environnement", "Environment"),
    ("culture-et-patrimoine", "Culture et patrimoine", "Culture and heritage"),
    ("solidarites", "Solidarités", "Solidarity"),
    ("sport", "Sport", "Sport"),
    ("prevention-et-securite", "Prévention et sécurité", "Prevention and safety"),
    ("mobilites", "Mobilités", "Mobility"),
    ("proprete", "Propreté", "Cleanliness"),
    ("attractivite-et-emploi", "Attractivité et emploi", "Economy and jobs"),
    ("sante", "Santé", "Health"),
]
