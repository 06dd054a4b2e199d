"""The whole of one section of My work, a page at a time. My work shows the first
rows of each section; "there are more" links here."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from harbour.web import work
from harbour.web.pagination import paginate

SECTION_PAGE = 25


@login_required
def my_work_section(request, section):
    if section not in work.SECTIONS:
        raise Http404("No such section")
    rows, shape = work.section_rows(request.user, section, timezone.localdate())
    page = paginate(request, rows, per_page=SECTION_PAGE)
    return render(
        request,
        "web/my_work_section.html",
        {"section": section, "title": work.SECTIONS[section], "page": page, "rows": shape(page.object_list)},
    )
