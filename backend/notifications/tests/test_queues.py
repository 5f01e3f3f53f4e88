"""Mail and notifications go to their own queue: a fan-out of thousands of mails (the vote's
opening, a count) never stands ahead of the geocoding, the count or the sweeps."""

import pytest

from config.celery import app


@pytest.fixture(autouse=True, scope="module")
def tasks_imported():
    app.loader.import_default_modules()  # what a worker does on start (autodiscovery)


def queue_of(task: str) -> str:
    route = app.amqp.router.route({}, task, (), {})
    return route["queue"].name


@pytest.mark.parametrize(
    "task",
    [
        "notifications.send",
        "notifications.send_digest",
        "notifications.send_digests",
        "notifications.send_pending",
        "notifications.vote_open",
        "accounts.send_verification_email",
        "accounts.send_password_reset",
        "privacy.send_account_deleted",
    ],
)
def test_mail_and_notifications_go_to_the_mail_queue(task):
    assert task in app.tasks  # a renamed task would silently fall back to the default queue
    assert queue_of(task) == "mail"


@pytest.mark.parametrize(
    "task",
    [
        "proposals.locate",
        "proposals.locate_pending",
        "proposals.map_tiles_warm",
        "results.tally_campaign",
        "results.count_due",
        "campaigns.apply_phases",
        "privacy.apply_retention",
    ],
)
def test_the_rest_stays_in_the_default_queue(task):
    assert task in app.tasks
    assert queue_of(task) == "celery"


def test_a_worker_started_without_queues_consumes_both():
    # The queues the settings declare (what a worker without -Q consumes); other tests add
    # queues of their own to the app at run time.
    assert {q.name for q in app.conf.task_queues} == {"celery", "mail"}
    assert app.conf.task_default_queue == "celery"
