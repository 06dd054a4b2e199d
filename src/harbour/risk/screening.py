"""The individual risk screening, in Harbour's words, over the known stalking
risk factors. It suggests a level; a person decides."""

from dataclasses import dataclass

from harbour.risk import levels


@dataclass(frozen=True)
class Factor:
    code: str
    question: str
    # Factors that on their own point to serious harm.
    serious: bool = False


FEAR = ("not_frightened", "somewhat_frightened", "very_frightened")
FEAR_NAMES = {
    "not_frightened": "Not frightened",
    "somewhat_frightened": "Somewhat frightened",
    "very_frightened": "Very frightened",
}

FACTORS = (
    Factor("previous_harassment", "Has the person harassed this employee or anyone else before?"),
    Factor("property_damage", "Has the person damaged property?"),
    Factor("turning_up", "Does the person keep turning up at work or at the employee's home?"),
    Factor("loitering", "Does the person hang around near the employee?"),
    Factor("threats", "Has the person threatened physical or sexual violence?", serious=True),
    Factor("harassing_others", "Has the person harassed people around the employee?"),
    Factor("violence_this_episode", "Has there been any violence during this episode?", serious=True),
    Factor("recruiting_others", "Has the person drawn other people in to help them?"),
    Factor("substance_misuse", "Is the person known to misuse drugs or alcohol?"),
    Factor("violence_history", "Is the person known to have been violent before?", serious=True),
)
FACTOR_BY_CODE = {factor.code: factor for factor in FACTORS}
ANSWERS = ("yes", "no", "not_known")


def suggest(*, fear: str, answers: dict[str, str]) -> str:
    """High when there is a serious factor, or the employee is very frightened and
    something else is present, or five or more factors are present; medium when
    any factor is present or the employee is frightened; otherwise low."""
    present = [code for code in FACTOR_BY_CODE if answers.get(code) == "yes"]
    serious = any(FACTOR_BY_CODE[code].serious for code in present)
    if serious or len(present) >= 5 or (fear == "very_frightened" and present):
        return levels.HIGH
    if present or fear in ("somewhat_frightened", "very_frightened"):
        return levels.MEDIUM
    return levels.LOW
