from django.urls import path

from . import views

urlpatterns = [
    path("petitions/processes/", views.ProcessListView.as_view(), name="petition-process-list"),
    path(
        "petitions/processes/<int:pk>/",
        views.ProcessDetailView.as_view(),
        name="petition-process-detail",
    ),
    path("petitions/", views.PetitionListView.as_view(), name="petition-list"),
    path("petitions/map/", views.PetitionMapView.as_view(), name="petition-map"),
    path("petitions/queue/", views.QueueView.as_view(), name="petition-queue"),
    path(
        "petitions/my-signatures/", views.MySignaturesView.as_view(), name="petition-my-signatures"
    ),
    path("petitions/export.csv", views.ExportCsvView.as_view(), name="petition-export-csv"),
    path(
        "petitions/export.geojson",
        views.ExportGeoJsonView.as_view(),
        name="petition-export-geojson",
    ),
    path(
        "petitions/signatures/<int:pk>/check/",
        views.SignatureCheckView.as_view(),
        name="petition-signature-check",
    ),
    path(
        "petitions/alerts/<int:pk>/handle/",
        views.AlertHandleView.as_view(),
        name="petition-alert-handle",
    ),
    path("petitions/<int:pk>/", views.PetitionDetailView.as_view(), name="petition-detail"),
    path(
        "petitions/<int:pk>/moderation/",
        views.PetitionModerationView.as_view(),
        name="petition-moderation",
    ),
    path("petitions/<int:pk>/signature/", views.SignatureView.as_view(), name="petition-sign"),
    path("petitions/<int:pk>/signatures/", views.SignerListView.as_view(), name="petition-signers"),
    path("petitions/<int:pk>/answer/", views.AnswerView.as_view(), name="petition-answer"),
    path("petitions/<int:pk>/convert/", views.ConvertView.as_view(), name="petition-convert"),
    path("petitions/<int:pk>/follow/", views.FollowView.as_view(), name="petition-follow"),
]
