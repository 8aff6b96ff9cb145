from django.shortcuts import render


def home(request):
    """The front door: what the app is, a log-in prompt for anonymous users, links onward.

    The reports app replaces the signed-in part with the dashboard (see reports.views).
    """
    return render(request, "home.html")
