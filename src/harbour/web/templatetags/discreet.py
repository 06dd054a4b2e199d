"""The discreet page title of an employee page: the page's own title block is
rendered as usual and, on an employee page, replaced by a neutral word (keeping
"Error: " in front, so a form's errors are still announced)."""

from django import template

from harbour.web.discreet import PORTAL, exit_url, label_for

register = template.Library()
ERROR = "Error: "


@register.filter
def page_title(rendered: str, label: str) -> str:
    title = rendered.strip()
    if not label:
        return f"{title} – Harbour"
    return f"{ERROR if title.startswith(ERROR) else ''}{label} – {PORTAL}"


@register.simple_tag(takes_context=True)
def employee_page(context) -> str:
    """The page's discreet label ("" if it is not an employee page)."""
    request = context.get("request")
    return label_for(request) if request is not None else ""


@register.simple_tag
def quick_exit_url() -> str:
    return exit_url()
