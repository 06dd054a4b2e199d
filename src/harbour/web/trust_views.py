"""What a trust lead sees: patterns across the trust's schools, without case content."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from harbour import access
from harbour.risk import patterns
from harbour.web.pagination import paginate


@login_required
def trust_patterns(request):
    trusts = access.trust_lead_trusts(request.user)
    if not trusts:
        raise Http404("No such page")
    page = paginate(request, patterns.trust_patterns(trusts))
    # The page's rows as the table shows them, in place of the queryset, so the
    # pagination reads the same rows instead of fetching them again.
    page.object_list = patterns.pattern_rows(page.object_list)
    return render(request, "web/trust_patterns.html", {"patterns": page.object_list, "page": page})
