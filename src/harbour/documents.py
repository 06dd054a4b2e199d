"""Printable documents: a Django template laid out for paper by WeasyPrint."""

from django.template.loader import render_to_string


def layout(template: str, context: dict):
    """The laid-out document (WeasyPrint's pages and boxes), before it is written."""
    from weasyprint import HTML  # loaded on first use: it is heavy, and only PDFs need it

    # No base_url: the templates carry their own styles and fetch nothing.
    return HTML(string=render_to_string(template, context)).render()


def pdf_from_template(template: str, context: dict) -> bytes:
    return layout(template, context).write_pdf()
