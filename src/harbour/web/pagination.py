"""One page of a list, for the GOV.UK pagination component. Lists that can grow
show a page at a time, so a page costs what is on it, not what the trust holds."""

from django.core.paginator import Page, Paginator

PAGE_PARAM = "page"


def _href(request, number: int, param: str = PAGE_PARAM) -> str:
    """The same query string (so filters carry across pages) with another page number."""
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def _numbers(current: int, last: int) -> list[int | None]:
    """First, last, and the neighbours of the current page; None marks a gap."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    shown: list[int | None] = []
    for number in wanted:
        if shown and number - shown[-1] > 1:
            shown.append(None)
        shown.append(number)
    return shown


def paginate(request, items, *, per_page: int = 25, noun: str = "results", param: str = PAGE_PARAM) -> Page:
    """The page the request asks for (?page=N, or another `param` for a second list
    on the same page). A missing, malformed or out-of-range number gives the nearest
    real page: never an error for a link that went stale. `items` must be ordered
    with a unique tie-breaker, or a row could show on two pages."""
    paginator = Paginator(items, per_page)
    raw = request.GET.get(param, "1")
    number = int(raw) if raw.isdigit() and len(raw) < 10 else 1
    page = paginator.page(min(max(number, 1), paginator.num_pages))
    last = paginator.num_pages
    page.links = [
        {"ellipsis": True}
        if n is None
        else {"number": n, "href": _href(request, n, param), "current": n == page.number}
        for n in _numbers(page.number, last)
    ]
    page.previous_href = _href(request, page.number - 1, param) if page.has_previous() else ""
    page.next_href = _href(request, page.number + 1, param) if page.has_next() else ""
    page.range_text = (
        f"Showing {page.start_index()} to {page.end_index()} of {paginator.count} {noun}"
        if paginator.count
        else ""
    )
    return page
