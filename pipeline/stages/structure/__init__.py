"""Stage 2, structure: the header metadata and the outline of numbered units, with their lists.

``outline`` builds the outline; ``header`` reads titles, number, issuer, date and addressees;
``signature`` the issuers signed above the date; ``plan_start`` where the plan begins;
``table_units`` a task table's rows as units.
"""

from .outline import structure

__all__ = ["structure"]
