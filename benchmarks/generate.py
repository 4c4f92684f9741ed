"""Generated wire-style articles for benchmarks: dateline, attributed events, relative dates, quotes, trailer.

Deterministic for a seed; about 600 words each. The sentences are templates filled with actors, numbers and
dates, so the coder has real work on every article.
"""

from __future__ import annotations

import datetime as dt
import random

from eventwatch.model import RawDocument

DATELINES = ["SEOUL, South Korea —", "TOKYO —", "KYIV, Ukraine —", "WASHINGTON —", "MANILA, Philippines —",
             "BEIJING —", "JERUSALEM —", "BRUSSELS —", "UNITED NATIONS —", "TAIPEI, Taiwan —"]
STATES = ["North Korea", "South Korea", "Japan", "China", "Russia", "Ukraine", "the United States", "Iran",
          "Israel", "the Philippines", "Taiwan", "India", "Pakistan", "France", "Germany", "Britain"]
ADJECTIVES = ["North Korean", "South Korean", "Japanese", "Chinese", "Russian", "Ukrainian", "U.S.", "Iranian"]
DAYS = ["on Monday", "on Tuesday", "Wednesday", "on Thursday", "late Friday", "last week", "earlier this month",
        "in December", "last month", "on Saturday", "yesterday"]
TEMPLATES = [
    "{a} fired {n} short-range ballistic missiles toward the sea {d}, {b}'s defense ministry said.",
    "{a} condemned the launch as a violation of international law and urged {b} to return to talks.",
    "{adj} troops began a {n}-day field exercise {d}, the military said in a statement.",
    "{a} and {b} agreed {d} to expand joint drills and share more intelligence on missile launches.",
    "\"We will respond with overwhelming force,\" a spokesperson for {a}'s foreign ministry said {d}.",
    "{a} warned that it would take resolute countermeasures if {b} went ahead with the exercises.",
    "Officials from {a} met their counterparts from {b} {d} to discuss humanitarian aid and trade.",
    "{a} imposed new sanctions on {b} {d}, citing its weapons programs and cyber attacks.",
    "Thousands of protesters rallied in the capital {d} to demand higher wages and lower fuel prices.",
    "Analysts said the move could signal a new phase in a long standoff that has worried neighbours for years.",
    "The ministry did not say how far the missiles flew, but earlier tests covered about {n}00 kilometers.",
    "{a} has fired more than {n}0 missiles in {y}, according to a tally kept by researchers.",
    "{b} said it was closely monitoring the situation and would coordinate with its allies.",
    "The statement, carried by state media, accused {b} of provoking a crisis on the peninsula.",
    "Diplomats said the talks had made little progress, though both sides described them as candid.",
]
TRAILER = ["Source link", "You May Also Like", "Markets rally as inflation cools", "Stocks rose on Tuesday after…",
           "Army fires on protesters in capital", "Troops opened fire on Monday as crowds…", "Share this:"]


def article(index: int, rng: random.Random, words: int = 600) -> RawDocument:
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))
    paragraphs = []
    count = 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(1, 3)):
            a, b = rng.sample(STATES, 2)
            sentence = rng.choice(TEMPLATES).format(
                a=a, b=b, adj=rng.choice(ADJECTIVES), n=rng.randint(2, 9), d=rng.choice(DAYS),
                y=published.year - 1)
            sentences.append(sentence[0].upper() + sentence[1:])
        paragraph = " ".join(sentences)
        count += len(paragraph.split())
        paragraphs.append(paragraph)
    paragraphs[0] = f"{rng.choice(DATELINES)} {paragraphs[0]}"
    text = "\n\n".join(paragraphs) + f"\n\n(story {index})\n" + "\n".join(TRAILER) + "\n"
    return RawDocument(text, "text", f"generated:{index}", url=f"https://news.example.com/story/{index}",
                       title=f"Generated story {index}", published=published, source="Example Wire")


def corpus(n: int, seed: int = 7, words: int = 600):
    rng = random.Random(seed)
    for index in range(n):
        yield article(index, rng, words)
