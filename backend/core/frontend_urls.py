"""The built front end at / (see core.frontend). Included last, after admin/ and api/v1/."""

from django.urls import re_path

from .frontend import frontend

urlpatterns = [re_path(r"^(?P<path>.*)$", frontend, name="frontend")]
