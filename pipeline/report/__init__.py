"""What a person reads after a run: the terminal summary, figures, the HTML report, and the
scores against hand labels."""
