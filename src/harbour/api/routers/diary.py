"""The caller's own diary, and the notices colleagues are allowed to see."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status

from harbour import access
from harbour.api.routers.common import origin
from harbour.cases.notices import notices_for
from harbour.diary import services

router = Router(tags=["diary"])
notices_router = Router(tags=["notices"])


class EntryIn(Schema):
    occurred_on: datetime.date
    occurred_time: datetime.time | None = None
    location: str
    channel: str = ""
    behaviours: list[str]
    account: str
    who: str = ""


class EntryOut(EntryIn):
    id: int
    recorded_at: datetime.datetime
    shared_at: datetime.datetime | None
    incident_id: int | None


class ShareIn(Schema):
    entry_ids: list[int]
    case_id: int | None = None
    manager_id: int | None = None


class ShareOut(Schema):
    case_id: int
    shared: int


class NoticeOut(Schema):
    employees: list[str]
    school: str
    front_desk_instruction: str


@router.get("", response=list[EntryOut])
def list_entries(request):
    return list(access.own_diary(request.user))


@router.post("", response={201: EntryOut})
def write_entry(request, payload: EntryIn):
    author = access.diary_author(request.user)
    return Status(201, services.write_entry(origin=origin(request), author=author, values=payload.dict()))


@router.post("/share", response=ShareOut)
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


@notices_router.get("", response=list[NoticeOut])
def list_notices(request):
    return notices_for(request.user)
