"""Refusals decided by the conversation rules (rendered by core.errors.exception_handler)."""

from rest_framework import status

from core.errors import ApplicationError, NotAllowed


class ReplyTooDeep(ApplicationError):
    """Replies go one level deep: a reply answers a comment, never another reply."""

    code = "reply_too_deep"
    default_message = "Answer the comment itself: a reply cannot be replied to."


class EditWindowClosed(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "edit_window_closed"
    default_message = "A comment can be edited only in the minutes after it was posted."


class CommentGone(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "comment_gone"
    default_message = "This comment was deleted or hidden."


class TargetClosed(ApplicationError):
    """The proposal is hidden, withdrawn or merged: no new comment or support."""

    status_code = status.HTTP_409_CONFLICT
    code = "target_closed"
    default_message = "This proposal no longer takes comments or supports."


class NotTheAuthor(NotAllowed):
    code = "not_the_author"
    default_message = "Only the author of this comment can do this."


class OwnComment(NotAllowed):
    code = "own_comment"
    default_message = "You cannot report your own comment."


class AlreadyReported(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "already_reported"
    default_message = "You have already reported this comment."
