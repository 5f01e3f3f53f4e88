from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "display_name", "role", "is_staff", "date_joined")
    list_filter = ("role", "is_staff", "areas")
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password", "display_name")}),
        ("Rôle", {"fields": ("role", "areas")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    filter_horizontal = ("areas", "groups")

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        """Role changes made in the Django admin are audited like those made through the API."""
        from audit.services import audit_record

        user = form.instance
        before_areas = sorted(user.areas.values_list("code", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after_areas = sorted(user.areas.values_list("code", flat=True))
        if "role" in form.changed_data or before_areas != after_areas:
            audit_record(
                actor=request.user,
                action="user.role",
                obj=user,
                before={"role": form.initial.get("role"), "areas": before_areas},
                after={"role": user.role, "areas": after_areas},
                reason="Django admin",
            )

    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
