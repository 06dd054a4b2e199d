"""The notices colleagues see, as each employee chose: who, and what to do —
never the case. harbour.access decides which cases and who sees instructions."""

from dataclasses import dataclass

from harbour import access
from harbour.cases.models import CircleRole


@dataclass(frozen=True)
class Notice:
    employees: list[str]
    school: str
    front_desk_instruction: str


def notice_cases(user):
    """The cases behind the user's notices, by school, the id breaking ties."""
    return (
        access.notice_cases(user)
        .prefetch_related("members__staff")
        .select_related("school")
        .order_by("school__name", "id")
    )


def notices_from(user, cases) -> list[Notice]:
    """The notices for a page of notice_cases(user)."""
    return [
        Notice(
            employees=[m.staff.full_name for m in case.members.all() if m.role == CircleRole.EMPLOYEE],
            school=case.school.name,
            front_desk_instruction=case.front_desk_instruction
            if access.sees_front_desk_instructions(user, case)
            else "",
        )
        for case in cases
    ]
