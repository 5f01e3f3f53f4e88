import factory
from django.contrib.gis.geos import Point

from accounts.tests.factories import UserFactory
from campaigns.models import Theme
from campaigns.tests.factories import CampaignFactory
from geo.selectors import area_for, point_locate
from proposals.models import Proposal

# Real places in Paris (lon, lat).
PANTHEON = (2.3461, 48.8462)  # 5e
HOTEL_DE_VILLE = (2.3522, 48.8565)  # 4e
BUTTES_CHAUMONT = (2.3828, 48.8809)  # 19e
TOUR_EIFFEL = (2.2945, 48.8584)  # 7e


class ProposalFactory(factory.django.DjangoModelFactory):
    """A placed proposal; district, quartier and area derived from the point as the service does."""

    class Meta:
        model = Proposal

    campaign = factory.SubFactory(CampaignFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Végétaliser la rue numéro {n}")
    description = "Planter des arbres et installer des bancs pour les habitants du quartier."
    theme = factory.LazyFunction(lambda: Theme.objects.get(slug="environnement"))
    location = factory.LazyFunction(lambda: Point(*PANTHEON, srid=4326))
    location_status = Proposal.LocationStatus.PLACED

    @factory.lazy_attribute
    def district(self):
        return point_locate(point=self.location).arrondissement if self.location else None

    @factory.lazy_attribute
    def quartier(self):
        return point_locate(point=self.location).quartier if self.location else None

    @factory.lazy_attribute
    def area(self):
        if self.district is None:
            return None
        return area_for(
            arrondissement=self.district, city_wide=False, areas=self.campaign.areas.all()
        )
