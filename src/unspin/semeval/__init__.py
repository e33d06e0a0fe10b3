"""SemEval-2020 Task 11 (Propaganda Techniques Corpus): reading articles and labels, writing
submission files, and the official SI / TC measures."""
