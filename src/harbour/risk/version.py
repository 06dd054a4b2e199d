"""The version of the rules that produce Harbour's kept state.

Kept state is worked out from the record and stored so pages read one row: each
case's risk state (risk/state.py: facts, signals, the proposal and its reasons,
warnings, the latest screening, front-desk attempts), the normalised names people
are matched by (cases.models.name_key) and the trust's name matches
(risk/patterns.py). Every CaseRiskState row says which version wrote it.

Bump RULES_VERSION in the same commit as any change to what those rules produce
or to the shape of what they store: risk/state.py, reasons.py, signals.py,
levels.py, patterns.py, cases/conduct.py, cases/taxonomy.py (severities, floors),
cases.models.name_key. After the upgrade's `harbour migrate`, rows written by
an older version are rebuilt by today's code against the final schema
(risk/rebuild.py, `rebuild_stale`, run from post_migrate), so no data migration
ever has to run today's code against a schema that is not yet today's.

History: 1 — the state as of risk migration 0007 (reasons, warnings, screening,
front-desk attempts after a warning). 2 — court orders and police warnings count
as warnings: contact after one is a signal and a reason."""

RULES_VERSION = 2
