"""The caller's own diary, and the notices colleagues are allowed to see."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from harbour import access, limits
from harbour.api.pagination import PageIn, answer, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import MANY, Behaviours
from harbour.api.types import ClockTime, Day, Id, Input, answers, one_of, text
from harbour.cases.models import Channel, Location
from harbour.cases.notices import notice_cases, notices_from
from harbour.diary import services

router = Router(tags=["diary"])
notices_router = Router(tags=["notices"])


class EntryIn(Input):
    occurred_on: Day
    occurred_time: ClockTime | None = None
    location: one_of(Location)
    channel: one_of(["", *Channel.values]) = ""
    behaviours: Behaviours
    account: text(services.ACCOUNT_LIMIT)
    who: text(limits.TEXT) = ""


class EntryOut(Schema):
    id: int
    occurred_on: datetime.date
    occurred_time: datetime.time | None
    location: str
    channel: str
    behaviours: list[str]
    account: str
    who: str
    recorded_at: datetime.datetime
    shared_at: datetime.datetime | None
    incident_id: int | None


class ShareIn(Input):
    entry_ids: list[Id] = Field(..., min_length=1, max_length=MANY)
    case_id: Id | None = None
    manager_id: Id | None = None


class ShareOut(Schema):
    case_id: int
    shared: int


class NoticeOut(Schema):
    employees: list[str]
    school: str
    front_desk_instruction: str


@router.get("", response=answers(paged(EntryOut), 422))
def list_entries(request, pages: Query[PageIn]):
    """The caller's own diary, newest first."""
    return answer(access.own_diary(request.user).order_by("-occurred_on", "-recorded_at", "-id"), pages)


@router.post("", response=answers({201: EntryOut}, 400, 404, 422))
def write_entry(request, payload: EntryIn):
    author = access.diary_author(request.user)
    return Status(201, services.write_entry(origin=origin(request), author=author, values=payload.dict()))


@router.post("/share", response=answers(ShareOut, 400, 404, 422))
def share(request, payload: ShareIn):
    author = access.diary_author(request.user)
    entries = list(access.own_diary(request.user).filter(pk__in=payload.entry_ids))
    if len(entries) != len(set(payload.entry_ids)):
        raise Http404("No such entry")
    targets = {c.pk: c for c in services.share_targets(author)}
    managers = {m.pk: m for m in services.managers_for(author)}
    if payload.case_id and payload.case_id not in targets:
        raise ValidationError({"case_id": "Use the id of one of your open cases."})
    if payload.manager_id and payload.manager_id not in managers:
        raise ValidationError({"manager_id": "Use the id of a line manager or headteacher in your school."})
    case = services.share_entries(
        origin=origin(request),
        author=author,
        entries=entries,
        case=targets.get(payload.case_id) if payload.case_id else None,
        manager=managers.get(payload.manager_id) if payload.manager_id else None,
    )
    return {"case_id": case.pk, "shared": len(entries)}


@notices_router.get("", response=answers(paged(NoticeOut), 422))
def list_notices(request, pages: Query[PageIn]):
    cases, count = page_of(notice_cases(request.user), pages)
    return {"items": notices_from(request.user, cases), "count": count}
