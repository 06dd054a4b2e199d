import datetime

from django import forms

from harbour import limits


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date pattern: day, month and year boxes in one fieldset."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def first_id(self, bound_field) -> str:
        return f"{bound_field.auto_id}-day"

    def parts(self, bound_field) -> list[dict]:
        value = bound_field.value()
        if not isinstance(value, list | tuple):
            value = self.decompress(value)
        names = ("day", "month", "year")
        return [
            {
                "label": label,
                "name": f"{bound_field.html_name}_{index}",
                "id": f"{bound_field.auto_id}-{names[index]}",
                "value": value[index] if index < len(value) and value[index] else "",
                "width": 4 if index == 2 else 2,
                "autocomplete": "",
            }
            for index, label in enumerate(("Day", "Month", "Year"))
        ]


class GovukDateField(forms.MultiValueField):
    """A date from three boxes, with the GOV.UK style of message for each mistake."""

    widget = GovukDateInput

    def __init__(self, *args, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, *args, require_all_fields=False, **kwargs)

    def clean(self, value):
        day, month, year = ((part or "").strip() for part in (value or ["", "", ""]))
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"The date must include a {' and '.join(missing)}.")
        try:
            day = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a year of 30 digits overflows rather than being wrong
            raise forms.ValidationError("Enter a real date, for example 27 3 2026.") from None
        if not limits.EARLIEST <= day <= limits.LATEST:
            raise forms.ValidationError(
                f"Enter a date between {limits.EARLIEST:%-d %-m %Y} and {limits.LATEST:%-d %-m %Y}."
            )
        return day

    def compress(self, data_list):  # clean() above does the work
        return data_list
