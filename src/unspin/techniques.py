"""The 14 propaganda techniques of SemEval-2020 Task 11 (Propaganda Techniques Corpus), with
one-line definitions a reader can check a highlighted span against.

Names are exactly the labels of the official task
(``propaganda-techniques-names-semeval2020task11.txt``); definitions paraphrase Da San Martino et
al., "Fine-Grained Analysis of Propaganda in News Articles" (EMNLP 2019), Section 2.
"""

from __future__ import annotations

DEFINITIONS: dict[str, str] = {
    "Appeal_to_Authority": "Claims something is true because an authority or expert says so, without other evidence.",
    "Appeal_to_fear-prejudice": "Builds support for an idea by stoking anxiety or panic about an alternative, or by playing on prejudice.",
    "Bandwagon,Reductio_ad_hitlerum": "Urges joining in because 'everyone' does, or rejects an idea because a hated group is said to hold it.",
    "Black-and-White_Fallacy": "Presents two alternatives as the only possibilities when more exist.",
    "Causal_Oversimplification": "Assumes a single cause or reason for an issue that has many.",
    "Doubt": "Questions the credibility of someone or something without evidence.",
    "Exaggeration,Minimisation": "Represents something as much better, worse, larger or smaller than it is.",
    "Flag-Waving": "Plays on strong national (or group) feeling to justify or promote an action or idea.",
    "Loaded_Language": "Uses words and phrases with strong emotional connotations to influence the reader.",
    "Name_Calling,Labeling": "Labels the object of the propaganda as something the audience fears, hates or finds undesirable, or loves and praises.",
    "Repetition": "Repeats the same message over and over so that the audience accepts it.",
    "Slogans": "A brief, striking phrase that may include labeling and stereotyping.",
    "Thought-terminating_Cliches": "A short, generic phrase that discourages critical thought and meaningful discussion.",
    "Whataboutism,Straw_Men,Red_Herring": "Discredits an opponent's position by charging hypocrisy, misrepresents it, or diverts attention to an irrelevant issue.",
}

#: The 14 technique labels, in the official (alphabetical) order.
TECHNIQUES: tuple[str, ...] = tuple(DEFINITIONS)

#: A human-readable title for each technique label.
TITLES: dict[str, str] = {
    "Appeal_to_Authority": "Appeal to authority",
    "Appeal_to_fear-prejudice": "Appeal to fear / prejudice",
    "Bandwagon,Reductio_ad_hitlerum": "Bandwagon / Reductio ad Hitlerum",
    "Black-and-White_Fallacy": "Black-and-white fallacy",
    "Causal_Oversimplification": "Causal oversimplification",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration / minimisation",
    "Flag-Waving": "Flag-waving",
    "Loaded_Language": "Loaded language",
    "Name_Calling,Labeling": "Name calling / labeling",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Thought-terminating_Cliches": "Thought-terminating cliché",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism / straw man / red herring",
}

#: names short enough for a chart's label column (at most 17 characters); TITLES elsewhere
SHORT_TITLES: dict[str, str] = {
    "Appeal_to_Authority": "Authority",
    "Appeal_to_fear-prejudice": "Fear / prejudice",
    "Bandwagon,Reductio_ad_hitlerum": "Bandwagon",
    "Black-and-White_Fallacy": "Black-and-white",
    "Causal_Oversimplification": "Oversimplifying",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration",
    "Flag-Waving": "Flag-waving",
    "Loaded_Language": "Loaded language",
    "Name_Calling,Labeling": "Name calling",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Thought-terminating_Cliches": "Cliché",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism",
}
