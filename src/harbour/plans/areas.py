"""The areas a manager covers when meeting the employee, in the guidance's order,
written for Harbour. Each has a prompt for the manager."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    prompt: str


AREAS = (
    Area(
        "explore",
        "Explore what happened",
        "Let them tell it in their own words. Do not blame or judge either person's behaviour.",
    ),
    Area(
        "not_at_fault",
        "They are not at fault",
        "Being friendly or helpful to parents and customers never causes unwanted behaviour. Say so.",
    ),
    Area(
        "feelings",
        "Guilt and shame",
        "People who are stalked can feel guilty or ashamed. Acknowledge it and offer support.",
    ),
    Area("seriously", "Take it seriously", "Every disclosure is treated seriously, however small it seems."),
    Area(
        "privately",
        "Private, open questions",
        "Meet somewhere private. Ask open, non-threatening questions, such as 'What happened next?'",
    ),
    Area(
        "confidentiality",
        "What stays confidential",
        "Agree what stays confidential and what colleagues may be told so they can help.",
    ),
    Area(
        "police",
        "Reporting to the police",
        "Ask whether they intend to report it to the police, and whether they would like your support.",
    ),
    Area(
        "champion",
        "The Workplace Champion",
        "Remind them they can get confidential support and advice from the school's Workplace Champion.",
    ),
    Area(
        "actions",
        "Actions agreed",
        "Agree what each of you will do to reduce the risk and stop the person keeping up contact.",
    ),
    Area(
        "next_meeting",
        "When to meet again",
        "Agree when you will next meet, and ask them to come to you sooner if anything changes.",
    ),
)
BY_CODE = {area.code: area for area in AREAS}
