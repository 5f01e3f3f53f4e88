from review.tests.conftest import (  # noqa: F401 (fixtures shared with the review tests)
    admin_api,
    eager_celery,
    make_proposal,
    official_api,
    other_official,
    review_campaign,
    voting_campaign,
)
