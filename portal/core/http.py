"""Small helpers of the kernel's views."""


def wants_json(request):
    """The page's script asked (fetch with X-Requested-With, or Accept: application/json): answer JSON."""
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in request.headers.get(
        "accept", ""
    )
