"""One page of an API list. Every list endpoint takes `page` (from 1) and
`page_size` (1 to MAX_PAGE_SIZE, PAGE_SIZE by default) and answers
{"items": [...], "count": <rows matching in all>}, the shape of django-ninja's
PageNumberPagination. Endpoints read their page themselves (page_of) rather than
through ninja's decorator, so what is recorded as seen (the audit's list view)
and what is aggregated per row is only the page returned."""

from functools import cache

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import create_model

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# Far beyond any real list, and an offset both databases hold: a bigger number is
# a 422 rather than an overflow deep in the database driver.
MAX_PAGE = 1_000_000


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1. Past the last: no items.")
    page_size: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}."
    )


@cache
def paged(item: type[Schema]) -> type[Schema]:
    """The response schema of a list of `item`s, named for it in the OpenAPI document."""
    return create_model(f"Paged{item.__name__}", __base__=Schema, items=(list[item], ...), count=(int, ...))


def page_of(rows, pages: PageIn) -> tuple[list, int]:
    """The rows of the page asked for (`rows` ordered with a unique tie-breaker),
    and how many rows there are in all."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (pages.page - 1) * pages.page_size
    return list(rows[start : start + pages.page_size]), count


def answer(rows, pages: PageIn) -> dict:
    items, count = page_of(rows, pages)
    return {"items": items, "count": count}
