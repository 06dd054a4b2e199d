"""Printable documents: a Django template laid out for paper by WeasyPrint."""

from django.template.loader import render_to_string


def pdf_from_template(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # loaded on first use: it is heavy, and only PDFs need it

    # No base_url: the templates carry their own styles and fetch nothing.
    return HTML(string=render_to_string(template, context)).write_pdf()
