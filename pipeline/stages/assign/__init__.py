"""Stage 5, assign: measures (``measures``), each list's bodies and roles over the measures it
covers (``roles``), and each body's place and national counterpart (``counterparts``)."""

from .roles import assign

__all__ = ["assign"]
