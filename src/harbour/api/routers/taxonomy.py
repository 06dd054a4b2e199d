from ninja import Router

from harbour.api.schemas import BehaviourOut
from harbour.api.types import answers
from harbour.cases import taxonomy

router = Router(tags=["behaviours"])


@router.get("", response=answers(list[BehaviourOut]))
def list_behaviours(request):
    """The behaviour taxonomy, grouped as in the guidance, with severities."""
    return [BehaviourOut(**b.__dict__, group_name=taxonomy.GROUP_NAMES[b.group]) for b in taxonomy.BEHAVIOURS]
