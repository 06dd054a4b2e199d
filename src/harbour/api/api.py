"""Harbour's JSON API, /api/v1/. Thin like the pages: parse, authorise through
harbour.access, call the same services and selectors, and answer in JSON. A case
the caller may not see is 404, the same as one that does not exist."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from harbour.api.auth import TokenAuth
from harbour.api.routers import (
    awareness,
    case_work,
    cases,
    diary,
    evidence,
    frontdesk,
    letters,
    my_work,
    observations,
    people,
    plans,
    prevention,
    risk,
    school_settings,
    staff,
    support,
    taxonomy,
    tokens,
    your_support,
)
from harbour.api.routers import onboarding as onboarding_api
from harbour.api.routers import orders as orders_api
from harbour.api.routers import reasonable_steps as reasonable_steps_api
from harbour.api.routers import referral_summary as referral_summary_api
from harbour.api.routers import retention as retention_api
from harbour.api.routers import statistics as statistics_api

api = NinjaAPI(
    title="Harbour API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,  # the interactive docs load scripts from elsewhere; the schema is at openapi.json
    openapi_url="/openapi.json",
)
api.add_router("/behaviours", taxonomy.router)
api.add_router("/cases", cases.router)
api.add_router("/cases", case_work.router)
api.add_router("/cases", plans.router)
api.add_router("/cases", support.router)
api.add_router("/cases", referral_summary_api.router)
api.add_router("/cases", risk.router)
api.add_router("/cases", evidence.router)
api.add_router("/cases", frontdesk.restrictions_router)
api.add_router("/cases", orders_api.router)
api.add_router("/possible-breaches", orders_api.breaches_router)
api.add_router("/front-desk", frontdesk.router)
api.add_router("/trust", risk.trust_router)
api.add_router("/diary", diary.router)
api.add_router("/notices", diary.notices_router)
api.add_router("/people", people.router)
api.add_router("/retention", retention_api.router)
api.add_router("/subject-access", retention_api.subject_access_router)
api.add_router("/statistics", statistics_api.router)
api.add_router("/reasonable-steps", reasonable_steps_api.router)
api.add_router("/account", tokens.router)
api.add_router("/admin", tokens.admin_router)
api.add_router("/schools", onboarding_api.router)
api.add_router("/awareness", awareness.router)
api.add_router("/my-work", my_work.router)
api.add_router("/your-support", your_support.router)
api.add_router("/cases", your_support.cases_router)
api.add_router("/schools", your_support.schools_router)
api.add_router("/check-ins", prevention.router)
api.add_router("/online-safety", prevention.online_router)
api.add_router("/staff", staff.router)
api.add_router("/cases", letters.cases_router)
api.add_router("/schools", letters.schools_router)
api.add_router("/schools", school_settings.router)
api.add_router("/observations", observations.router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(DjangoValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "The request has problems.", "errors": errors}, status=422)


@api.exception_handler(NinjaValidationError)
def invalid_shape(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "path")
        ]
        errors.setdefault(".".join(location) or "__all__", []).append(error.get("msg", "Invalid value."))
    return api.create_response(request, {"detail": "The request has problems.", "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Send a valid API token as 'Authorization: Bearer …'."}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE as it is read; left to
    # Django that is the HTML 400 page, so the API says it in JSON.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request,
        {"detail": f"The request body is larger than {limit} bytes: send less at once.", "limit": limit},
        status=413,
    )
