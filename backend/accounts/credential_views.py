"""The API of credentials: a forgotten password (request a link, check it, use it), changing
the password, changing the email address (services in ``credentials``)."""

from django.contrib.auth import update_session_auth_hash
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.throttles import (
    AccountChangeThrottle,
    PasswordResetConfirmThrottle,
    PasswordResetEmailThrottle,
    PasswordResetThrottle,
)

from . import credentials
from .authentication import CsrfProtectedView
from .serializers import (
    AcceptedOutput,
    EmailChangeInput,
    EmailChangeOutput,
    PasswordChangeInput,
    PasswordResetCheckInput,
    PasswordResetConfirmInput,
    PasswordResetRequestInput,
    UserOutput,
    VerifyEmailInput,
)

RESET_ASKED = (
    "If this address has an account, a link to choose a new password has been sent to it. "
    "It is valid for one hour."
)


class PasswordResetRequestView(CsrfProtectedView, APIView):
    """Ask for a link to choose a new password (CSRF token required). The answer is the same
    whether or not the address has an account."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [PasswordResetThrottle, PasswordResetEmailThrottle]

    @extend_schema(
        request=PasswordResetRequestInput,
        responses={202: AcceptedOutput},
        tags=["accounts"],
        description="202 for every well-formed address, known or not: check the mail.",
    )
    def post(self, request: Request) -> Response:
        form = PasswordResetRequestInput(data=request.data)
        form.is_valid(raise_exception=True)
        credentials.password_reset_request(email=form.validated_data["email"])
        return Response({"detail": RESET_ASKED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(CsrfProtectedView, APIView):
    """Choose a new password with the mailed link's token. Ends every session and API token of
    the account; does not sign in."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [PasswordResetConfirmThrottle]

    @extend_schema(
        parameters=[PasswordResetCheckInput],
        responses={204: None},
        tags=["accounts"],
        description="Whether the link may still be used (204), before showing the form.",
    )
    def get(self, request: Request) -> Response:
        form = PasswordResetCheckInput(data=request.query_params)
        form.is_valid(raise_exception=True)
        credentials.password_reset_token_check(token=form.validated_data["token"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PasswordResetConfirmInput, responses={204: None}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        form = PasswordResetConfirmInput(data=request.data)
        form.is_valid(raise_exception=True)
        credentials.password_reset_confirm(**form.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _request_token(request: Request) -> str | None:
    """The API token the request was authenticated with, if any."""
    auth = request.auth
    return auth.key if isinstance(auth, Token) else None


class PasswordChangeView(APIView):
    """Change the password, knowing the current one. Every other session and API token of the
    account ends; this request's session (or token) goes on."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [AccountChangeThrottle]

    @extend_schema(request=PasswordChangeInput, responses={204: None}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        form = PasswordChangeInput(data=request.data)
        form.is_valid(raise_exception=True)
        user = credentials.password_change(
            user=request.user,  # type: ignore[arg-type]  # signed in
            current_password=form.validated_data["current_password"],
            new_password=form.validated_data["new_password"],
            keep_token=_request_token(request),
        )
        if _request_token(request) is None:
            update_session_auth_hash(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailChangeView(APIView):
    """Ask to change the email address: a link is mailed to the new address and nothing changes
    until it is followed (then the old address is told)."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [AccountChangeThrottle]

    @extend_schema(request=EmailChangeInput, responses={202: EmailChangeOutput}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        form = EmailChangeInput(data=request.data)
        form.is_valid(raise_exception=True)
        new_email = credentials.email_change_request(
            user=request.user,  # type: ignore[arg-type]  # signed in
            password=form.validated_data["password"],
            new_email=form.validated_data["new_email"],
        )
        detail = "Check the mail of the new address: open the link it contains to confirm it."
        return Response({"new_email": new_email, "detail": detail}, status=status.HTTP_202_ACCEPTED)


class EmailChangeConfirmView(APIView):
    """Confirm an email change with the token of the link mailed to the new address (no session
    needed: the token is signed and names the account)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [PasswordResetConfirmThrottle]

    @extend_schema(request=VerifyEmailInput, responses={200: UserOutput}, tags=["accounts"])
    def post(self, request: Request) -> Response:
        form = VerifyEmailInput(data=request.data)
        form.is_valid(raise_exception=True)
        user = credentials.email_change_confirm(token=form.validated_data["token"])
        return Response(UserOutput(user).data)
