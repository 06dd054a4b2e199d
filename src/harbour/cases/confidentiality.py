"""The employee's confidentiality choices for a case. Case holds the current
choices so every query can filter on them; each change also adds a
ConfidentialityChoice row, and an audit event, in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin, record_event
from harbour.cases.models import Case, ChampionSees, ColleaguesMayKnow, ConfidentialityChoice
from harbour.evidence import chain

INSTRUCTION_LIMIT = 1000


@transaction.atomic
def set_choices(
    *,
    origin: Origin,
    case: Case,
    colleagues_may_know: str,
    champion_sees: str,
    front_desk_instruction: str = "",
) -> ConfidentialityChoice:
    errors = {}
    if colleagues_may_know not in ColleaguesMayKnow.values:
        errors["colleagues_may_know"] = "Choose what colleagues may know."
    if champion_sees not in ChampionSees.values:
        errors["champion_sees"] = "Choose what the Workplace Champion may see."
    instruction = (front_desk_instruction or "").strip()
    if colleagues_may_know == ColleaguesMayKnow.FRONT_DESK and not instruction:
        errors["front_desk_instruction"] = (
            "Write what the front desk should do when the person calls or arrives."
        )
    elif len(instruction) > INSTRUCTION_LIMIT:
        errors["front_desk_instruction"] = f"Keep this to {INSTRUCTION_LIMIT} characters or fewer."
    if errors:
        raise ValidationError(errors)
    if colleagues_may_know != ColleaguesMayKnow.FRONT_DESK:
        # An instruction the employee no longer allows must not linger where the front desk could see it.
        instruction = ""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    before = {
        "colleagues_may_know": locked.colleagues_may_know,
        "champion_sees": locked.champion_sees,
        "front_desk_instruction": locked.front_desk_instruction,
    }
    after = {
        "colleagues_may_know": colleagues_may_know,
        "champion_sees": champion_sees,
        "front_desk_instruction": instruction,
    }
    if before == after and locked.confidentiality_choices.exists():
        raise ValidationError({"__all__": "Nothing has changed."})
    for name, value in after.items():
        setattr(locked, name, value)
        setattr(case, name, value)  # the caller's copy says what is now true
    locked.save(update_fields=list(after))
    choice = ConfidentialityChoice.objects.create(case=locked, at=timezone.now(), by=origin.user, **after)
    chain.append(origin=origin, case=locked, kind="confidentiality", record=choice)
    record_event(
        origin=origin,
        action="confidentiality.changed",
        obj=choice,
        case=case,
        changed=sorted(name for name in after if before[name] != after[name]),
        colleagues_may_know=colleagues_may_know,
        champion_sees=champion_sees,
    )
    return choice
