from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from .filters import DistrictFilter
from .selectors import district_list
from .serializers import DistrictFeature


@extend_schema(tags=["geography"])
class DistrictListView(generics.ListAPIView):
    """The arrondissements and quartiers of Paris as a GeoJSON FeatureCollection (not paginated)."""

    serializer_class = DistrictFeature
    permission_classes = [permissions.AllowAny]
    filterset_class = DistrictFilter
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return district_list().select_related("parent")
