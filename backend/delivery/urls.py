from django.urls import path

from . import views

urlpatterns = [
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery-list"),
    path("map/deliveries/", views.DeliveryMapView.as_view(), name="delivery-map"),
    path("deliveries/delivered.csv", views.DeliveredCsvView.as_view(), name="delivery-export-csv"),
    path(
        "deliveries/delivered.geojson",
        views.DeliveredGeoJsonView.as_view(),
        name="delivery-export-geojson",
    ),
    path("deliveries/<int:pk>/", views.DeliveryDetailView.as_view(), name="delivery-detail"),
    path(
        "deliveries/<int:pk>/milestones/",
        views.MilestoneCreateView.as_view(),
        name="delivery-milestones",
    ),
    path("photos/<path:name>", views.PhotoFileView.as_view(), name="delivery-photo"),
]
