"""Splice detection: which passages of an article come from a trusted original, which were
inserted into it, and (without an original) which break from the style of the rest.

- :mod:`.index`: the reference index (SQLite + MinHash LSH) and :mod:`.sources` to fill it;
- :mod:`.align`: character-level alignment with a reference (matched / inserted / dropped);
- :mod:`.style`: the style-break model (sentences and phrases that do not fit the article);
- :mod:`.detect`: both combined into Report passages (used by ``unspin.analyzers.splices``);
- :mod:`.synth` and :mod:`.evaluate`: synthetic splice sets and their character-level scores.
"""
