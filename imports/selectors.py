"""Reads of the import pages' state for other pages (the officer's home)."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from imports.models import KEEP_FOR, PendingImport, PendingState


def waiting_imports(user: User) -> QuerySet[PendingImport]:
    """The user's files previewed (or refused) but not yet confirmed, newest first: the ones
    whose preview page still opens (a file is kept KEEP_FOR, then purged)."""
    return (PendingImport.objects.filter(user=user, state=PendingState.WAITING,
                                         created_at__gte=timezone.now() - KEEP_FOR)
            .defer("table", "result").order_by("-created_at"))
