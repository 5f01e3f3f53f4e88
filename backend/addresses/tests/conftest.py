import pytest
from geopy.distance import geodesic

from addresses.models import Address


@pytest.fixture
def address(db):
    """A BAN address from the test database: ``address("Rue de Rivoli", 12)``."""

    def get(street: str, number: int, rep: str = "") -> Address:
        return Address.objects.select_related("street").get(
            street__name=street, number=number, rep=rep
        )

    return get


def metres(a_lon: float, a_lat: float, b_lon: float, b_lat: float) -> float:
    return float(geodesic((a_lat, a_lon), (b_lat, b_lon)).meters)
