"""How long free text may be where the database does not say (a TextField has no
length), and which dates are plausible: the forms and the API take their limits from
here, or from the model's max_length for a CharField, so a page and a token refuse
the same things."""

import datetime

# An account of what happened, a description, notes, a letter: a few pages.
TEXT = 10_000
# Why something was decided or corrected.
REASON = 5_000
# A short note beside a change or a decision.
NOTE = 2_000

# Dates a record can be about: incidents are refused before 1990, and nothing is
# booked past 2100. Outside that is a mistyped year (and a year like 10**20 is more
# than a date can hold).
EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)
