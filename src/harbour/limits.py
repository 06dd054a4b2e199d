"""How long free text may be where the database does not say (a TextField has no
length): the forms and the API take their limits from here, or from the model's
max_length for a CharField, so a page and a token refuse the same things."""

# An account of what happened, a description, notes, a letter: a few pages.
TEXT = 10_000
# Why something was decided or corrected.
REASON = 5_000
# A short note beside a change or a decision.
NOTE = 2_000
