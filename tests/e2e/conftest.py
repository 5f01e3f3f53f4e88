"""End-to-end tests: a real Chromium (Playwright) against Django's live server, which serves the
built front end (frontend/dist) and the real API on the test database.

Build the front end first: ``cd frontend && npm run build`` (``make test-e2e`` does it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.e2e.chromium import launch_args

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = Path(os.environ.get("BELVEDERE_SHOTS", "/tmp/belvedere-shots"))
# The tile servers a build may ask (a production build's default is the IGN Géoplateforme's).
TILES = re.compile(r"^https://(([a-z]\.)?tile\.openstreetmap\.org|data\.geopf\.fr)/")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        **launch_args(browser_type_launch_args.get("args", [])),
    }


@pytest.fixture(scope="session")
def frontend_dist() -> Path:
    dist = Path(settings.FRONTEND_DIST)
    if not (dist / "index.html").is_file():
        pytest.fail(
            f"The front end is not built ({dist}/index.html is missing): "
            "run `cd frontend && npm ci && npm run build` (or `make frontend-build`) first.",
            pytrace=False,
        )
    return dist


def _seed_reference_data() -> None:
    """Districts, areas and themes: what migrations and the root conftest put in the test
    database, and what a transactional test's flush removes."""
    from campaigns.models import Theme
    from campaigns.themes import PARIS_THEMES
    from geo.models import District

    if District.objects.count() < 100:
        call_command("load_reference_data", verbosity=0)
    for position, (slug, name, name_en) in enumerate(PARIS_THEMES):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )


_BLOCKER = pytest.StashKey[object]()


@pytest.fixture(autouse=True)
def _remember_db_blocker(request, django_db_blocker) -> None:
    request.config.stash[_BLOCKER] = django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Each live-server test ends with a flush of every table; once its fixtures are torn down,
    put the reference data back for the tests that come next, whichever suite they belong to."""
    result = yield
    blocker = item.config.stash.get(_BLOCKER, None)
    if blocker is not None:
        with blocker.unblock():  # type: ignore[attr-defined]
            _seed_reference_data()
    return result


@dataclass
class Demo:
    campaign: str
    titles: dict[str, str] = field(default_factory=dict)  # title -> theme slug


# (title, theme, lon, lat, address)
PROPOSALS = [
    ("Un jardin partagé rue Mouffetard", "environnement", 2.3497, 48.8441, "12 rue Mouffetard"),
    ("Des bancs au jardin des Tuileries", "cadre-de-vie", 2.3276, 48.8635, ""),
    ("Un terrain de basket place d'Italie", "sport", 2.3556, 48.8313, "place d'Italie"),
    ("Une fontaine au parc de Belleville", "environnement", 2.3847, 48.8713, ""),
    ("Des arceaux vélo à Montmartre", "cadre-de-vie", 2.3431, 48.8867, "rue Lepic"),
]


@pytest.fixture
def demo(transactional_db) -> Demo:
    """A campaign open for proposals with five placed proposals, made through the ORM."""
    from django.contrib.gis.geos import Point
    from django.utils import timezone

    from campaigns.models import Theme
    from campaigns.services import campaign_create
    from geo.selectors import area_for, point_locate
    from proposals.models import Proposal

    _seed_reference_data()
    now = timezone.now()
    # Through the service, which stays the same whatever the campaign's schedule is stored as.
    campaign = campaign_create(
        slug="bp-e2e",
        name="Budget participatif 2026",
        description="Campagne de test.",
        submission_start=now - timedelta(days=1),
        submission_end=now + timedelta(days=30),
    )
    demo = Demo(campaign=campaign.slug)
    for title, theme, lon, lat, address in PROPOSALS:
        point = Point(lon, lat, srid=4326)
        placement = point_locate(point=point)
        Proposal.objects.create(
            campaign=campaign,
            author=None,
            title=title,
            description=f"{title} : une proposition de test pour la carte.",
            theme=Theme.objects.get(slug=theme),
            location=point,
            address=address,
            location_status=Proposal.LocationStatus.PLACED,
            district=placement.arrondissement,
            quartier=placement.quartier,
            area=area_for(
                arrondissement=placement.arrondissement,
                city_wide=False,
                areas=campaign.areas.all(),
            ),
            status=Proposal.Status.SUBMITTED,
        )
        demo.titles[title] = theme
    return demo


@pytest.fixture
def addresses(transactional_db) -> None:
    """The Base Adresse Nationale for Paris, which the live-server tests' flush removes: the
    offline geocoder (``ban-local``, the tests' back end) answers from it (some 5 s to reload)."""
    from addresses.models import Address

    if not Address.objects.exists():
        call_command("load_addresses", verbosity=0)


@pytest.fixture
def app_url(live_server, frontend_dist, demo, page) -> str:
    """The application's address, with map tiles refused at once (no internet here: the page
    must work without its basemap) and console errors collected on ``page.errors``."""
    page.context.route(TILES, lambda route: route.abort())
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Failed to load resource" not in msg.text
            else None
        ),
    )
    page.errors = errors  # type: ignore[attr-defined]
    return live_server.url


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


# --- shared by the journeys ---------------------------------------------------------------------

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """The serious and critical accessibility violations axe-core finds on the page as it is."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's
        # Content-Security-Policy (script-src 'self', no inline scripts) does not apply to.
        page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    result = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def check_a11y():
    """``check_a11y(page, "what")``: fails with the list when axe-core finds a serious or critical
    violation on the screen as it is now."""

    def check(page, where: str) -> None:
        found = axe_violations(page)
        assert found == [], f"Accessibility violations on {where}: {found}"

    return check


@pytest.fixture
def shoot(shots):
    """``shoot(page, "journey-01-step")``: saves a full-page screenshot as a test artifact."""

    def take(page, name: str) -> Path:
        path = shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def resident_factory(transactional_db):
    """``resident_factory(email)``: a resident with a verified email address and the password
    ``PASSWORD``, made in the database (the journeys that register do it through the page)."""
    from django.utils import timezone

    from accounts.models import User

    def make(email: str, role: str = "resident", areas: tuple[str, ...] = ()) -> User:
        user = User.objects.create_user(
            email=email, password=PASSWORD, display_name=email.split("@")[0]
        )
        user.email_verified_at = timezone.now()
        user.role = role
        user.save()
        if areas:
            from geo.models import Area

            user.areas.set(Area.objects.filter(code__in=areas))
        return user

    return make


PASSWORD = "un mot de passe solide 2026"


def sign_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Signs in through the sign-in page and waits for the account link in the header."""
    page.goto(f"{base_url}/connexion")
    page.get_by_label(re.compile("^(Adresse e-mail|Email address)")).fill(email)
    page.get_by_label(re.compile("^(Mot de passe|Password)")).fill(password)
    page.get_by_role("button", name=re.compile("^(Se connecter|Sign in)$")).click()
    # Gone to the next page (whose header starts with its menu folded), then signed in: attached
    # rather than visible, for on a phone the header's links fold behind its menu button.
    page.wait_for_url(lambda url: "/connexion" not in url)
    page.locator("#sign-out").wait_for(state="attached")


def open_menu(page) -> None:
    """On a phone (≤ 640 px) the header's navigation folds behind the menu button: opens it so
    its links can be followed; on a wider screen it is always shown and nothing is done."""
    toggle = page.locator("#menu-toggle")
    if not toggle.is_visible():
        return
    # A page still mounting moves the focus to its heading, which folds the menu again: wait for
    # it, and open the menu until it stays open.
    page.wait_for_function("() => !document.querySelector('main[aria-busy]')")
    for _ in range(5):
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        page.wait_for_timeout(300)
        if toggle.get_attribute("aria-expanded") == "true":
            break
    page.locator("#site-nav").wait_for(state="visible")
