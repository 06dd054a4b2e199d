"""Render Django form fields with GOV.UK Design System markup: a label (or legend)
for every input, the hint, and the error message beside the field."""

from django import forms, template
from django.template.loader import render_to_string

from harbour.web.widgets import GovukDateInput

register = template.Library()


def _kind(widget) -> str:
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def _options(bound_field) -> list[dict]:
    """Choices as groups of options, each knowing whether it is selected."""
    value = bound_field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    hints = getattr(bound_field.field, "choice_hints", {})
    groups, index = [], 0
    for group_label, options in _grouped(bound_field.field.choices):
        items = []
        for option_value, option_label in options:
            index += 1
            items.append(
                {
                    "value": option_value,
                    "label": option_label,
                    "id": bound_field.auto_id if index == 1 else f"{bound_field.auto_id}-{index}",
                    "checked": str(option_value) in selected,
                    "hint": hints.get(option_value, ""),
                }
            )
        groups.append({"label": group_label, "options": items})
    return groups


def _grouped(choices):
    plain = []
    for choice_value, choice_label in choices:
        if isinstance(choice_label, list | tuple):
            if plain:
                yield None, plain
                plain = []
            yield choice_value, [(str(v), label) for v, label in choice_label]
        else:
            plain.append((str(choice_value) if choice_value is not None else "", choice_label))
    if plain:
        yield None, plain


@register.simple_tag
def govuk_field(bound_field, label_class="", classes="", heading=False, autocomplete="", inputmode=""):
    kind = _kind(bound_field.field.widget)
    context = {
        "field": bound_field,
        "id": bound_field.auto_id,
        "name": bound_field.html_name,
        "label": bound_field.label,
        "hint": bound_field.help_text,
        "errors": bound_field.errors,
        "value": bound_field.value(),
        "required": bound_field.field.required,
        "label_class": label_class,
        "classes": classes,
        "heading": heading,
        "autocomplete": autocomplete,
        "inputmode": inputmode,
        "input_type": getattr(bound_field.field.widget, "input_type", "text"),
        "attrs": bound_field.field.widget.attrs,
    }
    if kind in {"checkboxes", "radios", "select"}:
        context["groups"] = _options(bound_field)
    if kind == "date":
        context["parts"] = bound_field.field.widget.parts(bound_field)
    return render_to_string(f"govuk/field_{kind}.html", context)


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_):
    items = []
    for form in forms_:
        if form is None or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append({"href": "", "text": error})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            anchor = (
                bound.field.widget.first_id(bound)
                if hasattr(bound.field.widget, "first_id")
                else bound.auto_id
            )
            for error in errors:
                items.append({"href": f"#{anchor}", "text": error})
    return {"items": items}
