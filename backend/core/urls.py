from django.urls import path

from . import views

urlpatterns = [
    path("health/", views.HealthView.as_view(), name="health"),
    # Prometheus metrics, for the monitoring only (core.metrics): not part of the public API.
    path("metrics/", views.metrics, name="metrics"),
]
