"""Password rules added to Django's (settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from core.text import is_blank


class VisiblePasswordValidator:
    """Refuses a password made only of spaces, other whitespace or invisible characters
    (zero-width spaces, bidirectional marks…): long enough for the length rule, yet nothing
    anyone could tell apart or type again reliably."""

    message = "The password cannot be made only of spaces or invisible characters."

    def validate(self, password: str, user: Any = None) -> None:
        if is_blank(password):
            raise ValidationError(self.message, code="password_blank")

    def get_help_text(self) -> str:
        return "Your password must contain visible characters, not only spaces."
