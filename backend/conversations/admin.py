from django.contrib import admin

from .models import Comment, Support


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "proposal", "project", "parent", "official", "is_hidden", "created_at"]
    list_filter = ["official", "is_hidden"]
    raw_id_fields = ["campaign", "area", "proposal", "project", "parent", "author", "hidden_by"]


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["id", "proposal", "user", "created_at"]
    raw_id_fields = ["proposal", "user"]
