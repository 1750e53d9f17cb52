"""Review by people: the review sheet, the corrections read back from it, and the agreement
between reviewers."""
