"""Wire copy written for the hostile-input tests: good articles that are stored first, and the distinct stories
the hostile cases are built around (distinct so that no case is a near-duplicate of another or of a stored
article, and so that no event they code merges into a stored one)."""

from __future__ import annotations

# Stored before the hostile run: what must not change.
STORED_LAUNCH = """North Korea fires short-range ballistic missile into East Sea

SEOUL, South Korea — North Korea fired a short-range ballistic missile into the East Sea on Monday, South Korea's
Joint Chiefs of Staff said, its second launch in a week.

The missile was launched from the Sunan area of Pyongyang at about 7:40 a.m. and flew some 600 kilometres, the
Joint Chiefs said. Japan's defense ministry said it fell outside the country's exclusive economic zone.

"We strongly condemn the launch, which is a clear violation of Security Council resolutions," a spokesman for
Seoul's foreign ministry told reporters.

You May Also Like
Markets close higher as tech rebounds...
Source link
"""

STORED_DRILLS = """SEOUL — South Korea and the United States began their annual joint military drills on Tuesday, the
allies said, as Pyongyang warned of "overwhelming" countermeasures.

Kim Yo Jong, the sister of leader Kim Jong Un, said in a statement carried by KCNA that the exercises were a
rehearsal for invasion. "The enemies will pay a dear price," she said.

About 20,000 troops are taking part in the 11-day drills, officials said last week.

Related
Stocks slip ahead of central bank decision
"""

# Stories the hostile cases carry (each about a different occurrence on a different date).
CRUISE_MISSILES = """PYONGYANG — North Korea fired several cruise missiles over the Yellow Sea on Saturday, South
Korea's military said, in the latest of a string of weapons tests.

The missiles were launched from near the western port of Nampo around 4 p.m. and were tracked by South Korean
and U.S. intelligence, the Joint Chiefs of Staff said in a text message to reporters.

"Our military maintains a full readiness posture," the Joint Chiefs said.
"""

ARTILLERY = """SEOUL — North Korea fired about 200 artillery rounds near the western sea border on Friday, the
South Korean defense ministry said, prompting evacuation orders for residents of two border islands.

The shells landed in a buffer zone north of the maritime boundary and caused no damage, the ministry said.
Officials called the firing a provocation that threatened peace on the peninsula.
"""

JAPAN_PROTEST = """TOKYO — Japan lodged a protest with China on Wednesday after Chinese coast guard ships entered
waters near disputed islands in the East China Sea, the foreign ministry said.

Chief Cabinet Secretary Yoshimasa Hayashi told a news conference that the intrusion was "extremely regrettable"
and that Tokyo had demanded the ships leave immediately.
"""

COUNCIL = """NEW YORK — The U.N. Security Council met on Thursday to discuss North Korea's latest missile launch,
diplomats said, but members failed to agree on a joint statement.

“The council cannot stay silent,” the U.S. ambassador told reporters outside the chamber.
"""

# Cp1252 paragraph appended to COUNCIL in the mixed-encoding case (é, and curly quotes as bytes 0x93/0x94).
COUNCIL_CP1252 = "Diplomats met later at a café near the U.N. headquarters, where one called the talks “tense.”"

DRONES = """KYIV, Ukraine — Russia launched dozens of drones at Kyiv overnight, Ukraine's air force said on Sunday,
and air defences shot down most of them.

Debris fell on two districts of the capital, the city's military administration said. No casualties were
reported.
"""

SANCTIONS = """BRUSSELS — The European Union imposed new sanctions on Iran on Monday over its supply of drones to
Russia, EU foreign ministers said after a meeting in Brussels.

The measures target six companies and four individuals involved in drone production, officials said.
"""

TALKS = """BEIJING — China and Russia held talks in Beijing on Tuesday on energy cooperation and trade, the Chinese
foreign ministry said, as both countries seek closer ties.

The two sides agreed to expand cooperation on oil and gas supplies, the ministry said in a statement.
"""

MONDAY_ONLY = """SEOUL — North Korea fired a ballistic missile toward the sea off its east coast on Monday, South
Korea's military said.

The launch came days after Pyongyang warned of "stronger" action against joint drills.
"""

ICBM = """TOKYO — North Korea launched an intercontinental ballistic missile on Thursday that flew for more than an
hour before landing in the sea west of Hokkaido, Japan's defense ministry said.

Prime Minister Fumio Kishida called the launch "an outrageous act" and said Japan had lodged a strong protest
through diplomatic channels.
"""
