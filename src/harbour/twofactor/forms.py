from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"spellcheck": False}),
    )

    def __init__(self, *args, label: str = "", help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.error_messages["required"] = "Enter the code."
        field.error_messages["max_length"] = "The code is too long: enter the 6 digits or one recovery code."
        if label:
            field.label = label
        if help_text:
            field.help_text = help_text

    def refuse(self, attempt) -> None:
        """Say beside the field why the code did not work."""
        if attempt.throttled:
            self.add_error(
                "code",
                f"Too many wrong codes. Wait {attempt.wait_seconds} seconds, "
                "then enter the code your app shows then.",
            )
        else:
            self.add_error("code", "The code is not right. Enter the code your app shows now.")
