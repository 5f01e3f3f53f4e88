from review.tests.conftest import make_proposal  # noqa: F401 (shared with the review tests)
