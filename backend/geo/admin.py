from django.contrib.gis import admin

from .models import Area, District


@admin.register(District)
class DistrictAdmin(admin.GISModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")


@admin.register(Area)
class AreaAdmin(admin.GISModelAdmin):
    list_display = ("code", "name", "kind")
    filter_horizontal = ("districts",)
