"""The second-factor pages: enter a code after the password, set up an
authenticator, see and replace recovery codes, turn it off where allowed."""

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access
from harbour.audit.services import Origin
from harbour.twofactor import devices, services
from harbour.twofactor.forms import CodeForm
from harbour.twofactor.qr import qr_data_uri
from harbour.twofactor.session import HAS_DEVICE, forget_verification, is_verified, mark_verified

LOW_ON_RECOVERY_CODES = 3


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _step(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _locked_out(request):
    """Axes counts a wrong code like a wrong password (same username and address):
    at the limit the half-finished sign-in ends and the lock-out page is shown."""
    credentials = {"username": request.user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        request.axes_locked_out = True
        return True
    return False


def _count_failure(request) -> bool:
    """Tell axes about a refused code; True if that reached the limit (the sign-in then ends)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def code(request):
    """After the password: a code from the authenticator, or a recovery code."""
    if is_verified(request):
        return redirect(_next(request))
    if not devices.has_second_factor(request.user):
        return redirect(_step("two-factor-set-up", _next(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if _locked_out(request):
            return render(request, "registration/locked_out.html", status=429)
        if form.is_valid():
            attempt = services.check_code(origin=Origin.from_request(request), code=form.cleaned_data["code"])
            if attempt.ok:
                mark_verified(request, attempt.device)
                _warn_if_few_codes_left(request, attempt.device)
                return redirect(_next(request))
            form.refuse(attempt)
            if _count_failure(request):
                return render(request, "registration/locked_out.html", status=429)
    return render(request, "twofactor/code.html", {"form": form, "next": _next(request)})


def _warn_if_few_codes_left(request, device) -> None:
    if device.name != devices.RECOVERY:
        return
    left = device.token_set.count()
    if left < LOW_ON_RECOVERY_CODES:
        messages.warning(
            request,
            f"You have {left} recovery code{'s' if left != 1 else ''} left. "
            "Make new ones on your sign-in security page.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Scan the QR code (or type the secret), confirm with a code, keep the recovery codes."""
    user = request.user
    if devices.has_second_factor(user):
        # A second authenticator only after removing the first, and never from an
        # unverified session: a stolen password must not be able to add one.
        if is_verified(request):
            messages.info(request, "Two-factor authentication is already set up.")
            return redirect("two-factor")
        return redirect(_step("two-factor-code", _next(request)))
    device = devices.pending_authenticator(user)
    form = CodeForm(
        request.POST or None,
        label="Code from your authenticator app",
        help_text="The 6 digits the app shows for Harbour.",
    )
    if request.method == "POST":
        if _locked_out(request):
            return render(request, "registration/locked_out.html", status=429)
        if form.is_valid():
            attempt, codes = services.confirm_authenticator(
                origin=Origin.from_request(request), device=device, code=form.cleaned_data["code"]
            )
            if attempt.ok:
                device.refresh_from_db()
                mark_verified(request, device)
                return render(
                    request,
                    "twofactor/recovery_codes.html",
                    {"codes": codes, "next": _next(request), "new": True},
                )
            form.refuse(attempt)
            if _count_failure(request):
                return render(request, "registration/locked_out.html", status=429)
    return render(
        request,
        "twofactor/set_up.html",
        {
            "form": form,
            "qr": qr_data_uri(device.config_url),
            "secret": devices.secret_for_people(device),
            "required": access.needs_second_factor(user),
            "next": _next(request),
        },
    )


@login_required
def account(request):
    """Sign-in security: whether a second factor is set up, needed, and how many recovery codes are left."""
    user = request.user
    return render(
        request,
        "twofactor/account.html",
        {
            "set_up": devices.has_second_factor(user),
            "required": access.needs_second_factor(user),
            "verified": is_verified(request),
            "codes_left": devices.recovery_codes_left(user),
            "idle_minutes": settings.HARBOUR_SESSION_IDLE_SECONDS // 60,
            "max_hours": settings.HARBOUR_SESSION_MAX_SECONDS // 3600,
        },
    )


@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes, from a verified session only; the old ones stop working."""
    if not is_verified(request):
        return redirect(_step("two-factor-code", reverse("two-factor")))
    codes = services.new_recovery_codes(origin=Origin.from_request(request))
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": reverse("two-factor")})


@login_required
@require_POST
def turn_off(request):
    user = request.user
    if not is_verified(request):
        return redirect(_step("two-factor-code", reverse("two-factor")))
    if access.needs_second_factor(user):
        messages.warning(request, "Your role needs two-factor authentication, so it cannot be turned off.")
        return redirect("two-factor")
    services.turn_off(origin=Origin.from_request(request))
    forget_verification(request)
    request.session[HAS_DEVICE] = False
    messages.success(request, "Two-factor authentication is turned off.")
    return redirect("two-factor")


@login_required
@require_POST
def reset_for_staff(request, staff_id):
    """An administrator removes the authenticator of a member of their school's staff."""
    staff = access.get_staff_for_admin(request.user, staff_id)
    if staff.user_id is None:
        raise Http404("No sign-in")
    if staff.user_id == request.user.pk:
        messages.warning(request, "Change your own two-factor authentication on your Sign-in security page.")
        return redirect("staff-edit", staff_id=staff.pk)
    services.reset_by_administrator(origin=Origin.from_request(request), staff=staff)
    messages.success(
        request,
        f"{staff.full_name}'s two-factor authentication is removed: "
        "they set it up again when they next sign in.",
    )
    return redirect("staff-edit", staff_id=staff.pk)
