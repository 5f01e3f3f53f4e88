from django.urls import path

from . import views

C = "campaigns/<slug:slug>/"

urlpatterns = [
    path(C + "results/", views.ResultsView.as_view(), name="results"),
    path(C + "results/compare/", views.ResultsCompareView.as_view(), name="results-compare"),
    path(C + "results.csv", views.ResultsCSVView.as_view(), name="results-csv"),
    path(C + "results.geojson", views.ResultsGeoJSONView.as_view(), name="results-geojson"),
    path(C + "areas/<slug:code>/ballots.pb", views.BallotFileView.as_view(), name="ballot-file"),
]
