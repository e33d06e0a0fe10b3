"""Claims: check-worthiness, attribution (who vouches for a claim) and the quantities it asserts."""
