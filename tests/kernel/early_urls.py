"""URLs of the early-answer tests (`test_early_answer.py`): a page the first middleware may learn to answer."""

from django.http import HttpResponse
from django.urls import include, path

from portal.core.ratelimit import ratelimit

calls = []


@ratelimit("test-answer")
def page(request, name):
    """What the stack answers: 'hello <name>', except for a few names that make it answer otherwise."""
    calls.append(name)
    response = HttpResponse("different" if name == "changed" else f"hello {name}")
    if name == "cookie":
        response.set_cookie("seen", "1")
    return response


urlpatterns = [path("hello/<str:name>/", page), path("", include("portal.urls"))]
