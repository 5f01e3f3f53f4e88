from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import Area, District


class DistrictFeature(GeoFeatureModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = District
        geo_field = "geometry"
        fields = ["id", "code", "name", "official_name", "level", "number", "parent"]


class DistrictRef(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name"]


class AreaRef(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name", "kind"]
