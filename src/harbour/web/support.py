"""Reads for "Your support": the support each of the user's schools offers."""

from harbour import access
from harbour.schools import helplines


def support_resources(user) -> list[dict]:
    """For each of the user's schools: its Workplace Champion, its employee
    assistance and the helplines it shows (one query, whatever the school holds)."""
    schools = [staff.school for staff in access.own_staff(user).select_related("school__workplace_champion")]
    return [
        {
            "school": school,
            "champion": school.workplace_champion
            if school.workplace_champion and school.workplace_champion.is_active
            else None,
            "helplines": helplines.lines_for(school),
        }
        for school in sorted(schools, key=lambda school: (school.name, school.pk))
    ]
