from harbour.evidence import runner, services
from tests import factories
from tests.evidence import samples


def add_file(world, data=None, name="screenshot.png", kind="screenshot", by=None, incident=None, **values):
    return services.add_evidence(
        origin=factories.origin(by or world.manager),
        case=world.case,
        incident=incident or world.incident,
        values={"kind": kind, "description": "Messages on Tuesday", "held_where": "harbour", **values},
        upload=services.Upload(name=name, data=samples.png() if data is None else data),
    )


def built_pack(world, by=None):
    pack = services.request_pack(origin=factories.origin(by or world.manager), case=world.case)
    assert runner.build(pack.pk)
    pack.refresh_from_db()
    return pack
