from django.urls import path

from . import views

urlpatterns = [
    path("geocode/", views.GeocodeView.as_view(), name="geocode"),
    path("geocode/reverse/", views.ReverseGeocodeView.as_view(), name="geocode-reverse"),
]
