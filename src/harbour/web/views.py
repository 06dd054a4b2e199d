"""Signing in, "My work" and the user's own API tokens."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone

from harbour.audit.services import Origin
from harbour.cases import services
from harbour.oidc import page as oidc_page
from harbour.web import work


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your school's Harbour administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # The school's providers' buttons beside the password form (harbour/oidc/).
        return {**super().get_context_data(**kwargs), **oidc_page.sign_in_context(self.request)}


@login_required
def my_work(request):
    found = work.overview(request.user, timezone.localdate())
    services.record_list_view(origin=Origin.from_request(request), cases=found.cases)
    return render(request, "web/my_work.html", {**found.__dict__, "limit": work.SECTION_LIMIT})
