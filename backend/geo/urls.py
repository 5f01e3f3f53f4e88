from django.urls import path

from . import views

urlpatterns = [path("districts/", views.DistrictListView.as_view(), name="district-list")]
