from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """The feasibility study of proposals by officials: start, accept, reject, notes, prepared
    answers published together, assignment, bulk actions, duplicate suggestions, CSV export."""

    name = "review"
