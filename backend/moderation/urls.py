from django.urls import path

from . import views

urlpatterns = [
    path("moderation/queue/", views.QueueView.as_view(), name="moderation-queue"),
    path("moderation/reports/", views.ReportListView.as_view(), name="moderation-reports"),
    path("proposals/<int:pk>/report/", views.ProposalReportView.as_view(), name="proposal-report"),
    path("proposals/<int:pk>/hide/", views.ProposalHideView.as_view(), name="proposal-hide"),
    path(
        "proposals/<int:pk>/restore/", views.ProposalRestoreView.as_view(), name="proposal-restore"
    ),
]
