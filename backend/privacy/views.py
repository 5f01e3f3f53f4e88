"""The API of a person's data: download it, delete the account; the facts the privacy page
states (kept from the settings, so the page says what the site does)."""

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.throttles import AccountChangeThrottle, DataExportThrottle

from .selectors import user_data_export
from .serializers import AccountDeleteInput, PersonalDataOutput, PrivacyFactsOutput
from .services import user_delete


class PersonalDataView(APIView):
    """Download everything the site holds about me, as JSON (an attachment)."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [DataExportThrottle]

    @extend_schema(responses={200: PersonalDataOutput}, tags=["privacy"])
    def get(self, request: Request) -> Response:
        data = user_data_export(user=request.user)  # type: ignore[arg-type]  # signed in
        day = timezone.localdate().isoformat()
        response = Response(data)
        response["Content-Disposition"] = f'attachment; filename="belvedere-my-data-{day}.json"'
        response["Cache-Control"] = "no-store"
        return response


class AccountDeleteView(APIView):
    """Delete my account (password and confirmation asked). Proposals stay, shown as by "a
    former participant"; participations and declarations follow the campaign's retention rule;
    ballots are anonymous and untouched. Signs out."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [AccountChangeThrottle]

    @extend_schema(request=AccountDeleteInput, responses={204: None}, tags=["privacy"])
    def post(self, request: Request) -> Response:
        form = AccountDeleteInput(data=request.data)
        form.is_valid(raise_exception=True)
        user_delete(user=request.user, password=form.validated_data["password"])  # type: ignore[arg-type]
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PrivacyFactsView(APIView):
    """The figures the privacy page states."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]

    @extend_schema(responses={200: PrivacyFactsOutput}, tags=["privacy"])
    def get(self, request: Request) -> Response:
        return Response(
            {
                "retention_months": settings.PERSONAL_DATA_RETENTION_MONTHS,
                "password_reset_minutes": max(1, settings.PASSWORD_RESET_MAX_AGE // 60),
            }
        )
