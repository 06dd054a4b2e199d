"""Court orders, police warnings and possible breaches in a case's evidence pack,
beside the restrictions: the current terms of each order, and each contact
reception logged while one was in force with the police reference given."""

from harbour.orders import selectors


def contents(case) -> dict:
    return {
        "orders": selectors.orders_for_case(case),
        "possible_breaches": list(selectors.breaches_for_case(case)),
    }


def flowables(data: dict, s: dict) -> list:
    from harbour.evidence import pack_pdf as pdf  # the pack's layout helpers; it imports this module

    out = [pdf._p("Court orders and police warnings", s["h3"])]
    if data["orders"]:
        rows = [pdf._header_row(["Person", "Order or warning", "Dates", "Court or force", "Conditions"], s)]
        for v in data["orders"]:
            until = f"until {pdf._day(v.expires_on, 'j M Y')}" if v.expires_on else "no end date"
            dates = f"made {pdf._day(v.made_on, 'j M Y')}, from {pdf._day(v.starts_on, 'j M Y')}, {until}"
            rows.append(
                [
                    (v.order.person.display_name, s["small"]),
                    (f"{v.get_kind_display()} (version {v.number})", s["small"]),
                    (dates, s["small"]),
                    (v.issued_by + (f", ref. {v.reference}" if v.reference else ""), s["small"]),
                    (v.conditions, s["small"]),
                ]
            )
        out.append(pdf._table(rows, [pdf.WIDTH * w for w in (0.15, 0.18, 0.2, 0.17, 0.3)], s))
    else:
        out.append(pdf._p("No court order or police warning has been recorded.", s["body"]))
    if data["possible_breaches"]:
        out.append(pdf._p("Possible breaches logged by the front desk", s["h3"]))
        rows = [pdf._header_row(["Contact logged", "Person", "Order in force", "Police reference"], s)]
        for b in data["possible_breaches"]:
            reports = list(b.reports.all())
            rows.append(
                [
                    (
                        pdf._day(b.attempt.at, "j M Y H:i") + f" ({b.attempt.get_how_display().lower()})",
                        s["small"],
                    ),
                    (b.order.person.display_name, s["small"]),
                    (b.version.get_kind_display(), s["small"]),
                    (
                        f"{reports[0].police_reference}, reported {pdf._day(reports[0].reported_on, 'j M Y')}"
                        if reports
                        else "Not given yet",
                        s["small"],
                    ),
                ]
            )
        out.append(pdf._table(rows, [pdf.WIDTH * w for w in (0.25, 0.2, 0.25, 0.3)], s))
    return out
