from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from .selectors import campaign_list, theme_list
from .serializers import CampaignOutput, ThemeOutput


@extend_schema(tags=["campaigns"])
class CampaignListView(generics.ListAPIView):
    serializer_class = CampaignOutput
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return campaign_list()


@extend_schema(tags=["campaigns"])
class CampaignDetailView(generics.RetrieveAPIView):
    serializer_class = CampaignOutput
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return campaign_list()


@extend_schema(tags=["campaigns"])
class ThemeListView(generics.ListAPIView):
    """The themes of the Paris budget participatif."""

    serializer_class = ThemeOutput
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return theme_list()
