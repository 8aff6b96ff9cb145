"""The front door, which sends each role where its work is."""

from django.shortcuts import redirect, render

from accounts.models import Role


def home(request):
    """The front door: what the app is, a log-in prompt for anonymous users, links onward.

    A signed-in `viewer` (leadership) has one thing to do here, read the plan, so they land
    on the dashboard. Officers and admins keep the register: they get the home page with
    its links (the dashboard among them, one click away).
    """
    user = request.user
    if user.is_authenticated and user.effective_role == Role.VIEWER:
        return redirect("reports:dashboard")
    return render(request, "home.html")
