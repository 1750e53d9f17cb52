"""The lexicons: their CSV files (``files``), the model built from them, with its automata and
validation (``model``), and the script conversions both use (``script``)."""
