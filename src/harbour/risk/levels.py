"""Risk levels and the guidance's floor: any sexual, physical, threatening, or
severe and repeated verbal behaviour makes a case at least medium. Harbour
proposes; a person decides; nothing here ever lowers a level."""

from harbour.cases import taxonomy

LOW, MEDIUM, HIGH = "low", "medium", "high"
LEVELS = (LOW, MEDIUM, HIGH)
NAMES = {LOW: "Low", MEDIUM: "Medium", HIGH: "High"}
RANK = {level: index for index, level in enumerate(LEVELS)}


def higher(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def floor_for(behaviour_codes) -> str:
    """The lowest level the recorded behaviours allow."""
    level = LOW
    for code in behaviour_codes:
        behaviour = taxonomy.BY_CODE.get(code)
        if behaviour is not None:
            level = higher(level, behaviour.min_risk)
    return level


def needs_decision(current: str, proposed: str) -> bool:
    """A decision is asked for when there is none yet, or the record now calls for
    more than was decided. A lower proposal never asks: levels only go down by a
    person's choice."""
    return not current or RANK[proposed] > RANK[current]
