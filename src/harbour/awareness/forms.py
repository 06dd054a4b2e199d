from django import forms

from harbour.awareness import content


class AnswersForm(forms.Form):
    """One radio group per question, each required. The marking rule decides the
    pass; a question left out and one answered wrongly each get their message beside
    the question, together, so one try shows everything still to put right."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(content.QUESTIONS, start=1):
            self.fields[question.code] = forms.ChoiceField(
                label=f"{number}. {question.prompt}",
                choices=question.options,
                widget=forms.RadioSelect,
            )
            self.fields[question.code].error_messages.update(
                required="Choose an answer to this question.",
                invalid_choice="Choose one of the answers given.",
            )

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code) or "" for code in content.QUESTION_CODES}

    def show_marking(self, marked) -> None:
        """Put the marking beside each question: why the right answer is right."""
        for code in marked.unanswered:
            if code not in self.errors:
                self.add_error(code, "Choose an answer to this question.")
        for code in marked.wrong:
            self.add_error(code, f"Not quite. {content.BY_CODE[code].explanation}")
