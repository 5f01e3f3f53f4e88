from django.urls import path

from . import views

urlpatterns = [
    path("me/data/", views.PersonalDataView.as_view(), name="me-data"),
    path("me/delete/", views.AccountDeleteView.as_view(), name="me-delete"),
    path("privacy/", views.PrivacyFactsView.as_view(), name="privacy-facts"),
]
