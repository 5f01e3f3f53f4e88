from django.urls import path

from . import views

urlpatterns = [path("audit/", views.AuditRecordListView.as_view(), name="audit-list")]
