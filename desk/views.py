"""The front door, which sends each role where its work is."""

from django.shortcuts import redirect, render

from accounts.models import Role
from core.validation import today
from desk.selectors import officer_desk


def home(request):
    """The front door: what the app is and a log-in prompt for anonymous users; for whoever
    keeps the register (officers, admins) their work: the reports missing for the collection
    year, the OCOP ratings lapsing soon, their imports waiting for confirmation, a search.

    A signed-in `viewer` (leadership) has one thing to do here, read the plan, so they land
    on the dashboard.
    """
    user = request.user
    if user.is_authenticated and user.effective_role == Role.VIEWER:
        return redirect("reports:dashboard")
    desk = officer_desk(user, today()) if user.is_authenticated and user.can_write else None
    return render(request, "home.html", {"desk": desk})
