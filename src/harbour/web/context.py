from django.urls import reverse

from harbour import access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "second_factor_pending", False):
        # Before the second factor, the only way on is through it (or signing out).
        return {"nav": {"items": []}}
    items = [("My work", reverse("my-work"))]
    roles = access.roles_by_school(user)
    if roles:
        items.append(("Your support", reverse("your-support")))
        items.append(("Cases", reverse("case-list")))
    if access.sees_people(user):
        items.append(("People of concern", reverse("person-list")))
    if roles:
        items.append(("Check-ins", reverse("check-in-list")))
        items.append(("Notices", reverse("notices")))
        items.append(("Observations", reverse("observation-list")))
    if access.trust_lead_trusts(user):
        items.append(("Trust patterns", reverse("trust-patterns")))
    if access.sees_reasonable_steps(user):
        items.append(("Reasonable steps", reverse("reasonable-steps")))
    if access.sees_statistics(user):
        items.append(("Statistics", reverse("statistics")))
    if access.sees_awareness_rates(user):
        items.append(("Awareness completion", reverse("awareness-rates")))
    if access.front_desk_schools(user):
        items.append(("Front desk", reverse("front-desk")))
    if access.schools_with_role(user, access.DIRECTORY_ROLES):
        items.append(("Staff", reverse("staff-directory")))
    if access.schools_with_role(user, access.SETTINGS_ROLES):
        items.append(("School settings", reverse("school-settings-list")))
    if access.is_administrator(user):
        items.append(("Retention and holds", reverse("legal-holds")))
    items.append(("API tokens", reverse("api-tokens")))
    items.append(("Sign-in security", reverse("two-factor")))
    path = request.path
    home = reverse("my-work")
    nav_items = [
        {"text": text, "url": url, "current": path == url if url == home else path.startswith(url)}
        for text, url in items
    ]
    return {"nav": {"items": nav_items}}
