"""Word lists the sentence splitter needs to decide whether a period ends a sentence.

Keys are the token before the final period, case-sensitive ("No" is an abbreviation, "no" is not).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and name prefixes: a name always follows, so the period never ends a sentence.
TITLES: frozenset[str] = _words(
    """
    Mr Mrs Ms Messrs Mme Mlle Dr Prof Rev Fr Hon Amb Pres Supt Insp Det Gen Gens Lt Col Maj Capt Cpt
    Sgt Cpl Pvt Adm Cmdr Cdr Brig Cmdt Sen Sens Rep Reps Gov Govs Atty St Ste Mt Ft Sra
    """
)

# Abbreviations that introduce a number ("No. 2", "Dec. 5", "Art. 51"): no split before a digit,
# an ordinary word otherwise ("in late Dec. The" is rare enough to split).
NUMBERED: frozenset[str] = _words(
    """
    No Nos no nos Art Arts Vol Vols Fig Figs Ch Sec Sect Para Pt Pts p pp Ex Exh Rt Hwy Ave Rd Blvd
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)

# Never at the end of a sentence in news copy.
NEVER_FINAL: frozenset[str] = _words("e.g i.e eg ie vs v cf viz approx est incl ca")

# May end a sentence or sit inside one ("the U.S. The next day" / "the U.S. Navy"); split only when
# the next word is a common sentence starter (see STARTERS). Dotted acronyms ("N.Y", "U.S.A") and
# single capital initials ("J" in "Kim J. Un") are handled the same way by pattern.
MAY_END: frozenset[str] = _words(
    """
    U.S U.N U.K E.U D.C a.m p.m A.M P.M Jr Sr Inc Co Corp Ltd Bros Cos Plc plc etc al Gov't govt Dept
    """
)

# Words that begin sentences far more often than they continue a name or title after an
# abbreviation: function words, pronouns and discourse adverbs. Capitalised nouns ("Navy",
# "Officials", "Tuesday") are deliberately absent: after "U.S." or "p.m." they are usually part of
# the same sentence.
STARTERS: frozenset[str] = _words(
    """
    The A An He She It They We I You His Her Its Their Our My Your This That These Those There Here
    In On At By For From With Without To Of Into Under Over During Despite Among Amid After Before
    When While Since As If Although Though Because Unless Until Once Whether But And Or Nor Yet So
    Meanwhile However Still Also Earlier Later Last Next Then Now Both Neither Either Some Many Most
    Several Few Each Every All Such Other Another One Two Three Four Five Six Seven Eight Nine Ten
    Who What Where Why How Which Asked Instead Separately Additionally Moreover Nevertheless
    Otherwise Already Even Only Just Not No Yes
    """
)

# Speech verbs for '"Is it over?" Kim asked.' — a question or exclamation inside quotes followed by
# an attribution continues the sentence.
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "asked", "asks", "added", "adds", "told", "wrote", "writes", "replied", "shouted",
    "warned", "insisted", "tweeted", "posted", "declared", "continued", "explained", "noted", "cried",
    "demanded", "wondered", "recalled", "answered", "argued", "stated", "responded",
)

# All-caps words that open a story without being a place ("BREAKING — ...").
NOT_PLACES: frozenset[str] = _words(
    """
    BREAKING UPDATE UPDATED UPDATES EXCLUSIVE ANALYSIS OPINION EDITORIAL COMMENTARY WATCH LIVE VIDEO
    FACTBOX EXPLAINER CORRECTION CORRECTED REFILE NEWS URGENT FLASH ALERT AP AFP REUTERS EPA NOTE
    EDITORS PHOTOS PHOTO INTERVIEW REVIEW FEATURE US UK EU UN NATO
    """
)
