"""Stage 1, normalize: decoded text → the simplified working text, with a map back to the input.

``working_text`` makes it; ``markers`` holds the outline markers and fixed words of a document's form.
"""

from .working_text import normalize

__all__ = ["normalize"]
