"""Invented wire-style reports for the copy and incident tests (written for eventwire, not taken from any
source): one militia crossing reported by several outlets, one of which quotes the militia's denial; a
re-published cut of the wire text, a reworded copy, a different attack in the same country on the same day,
and an unrelated report."""

from __future__ import annotations

WIRE = """Iraqi militia fighters cross into Syria near Albu Kamal

ALBU KAMAL, Syria, March 3 (Levant Wire) - Fighters of the Iraqi militia Kataib Hezbollah crossed the border into eastern Syria near the town of Albu Kamal on Sunday, local officials said.
Several hundred men in pickup trucks mounted with machine guns entered Syrian territory before dawn and took positions around two villages south of Albu Kamal, a Syrian security official told Levant Wire.
Residents said families fled towards Deir ez-Zor as the convoy approached, leaving cattle and harvests behind.
The crossing comes weeks after clashes between the militia and tribal fighters along the border, which aid agencies say displaced thousands of people.
Syria's government has repeatedly warned armed groups from Iraq against using its territory."""

# The same wire text re-published by an aggregator: a new headline and dateline, the last paragraph cut,
# a credit line added.
REPUBLISHED = """Iraqi militia enters Syria, officials say

DAMASCUS (Levant Wire) - Fighters of the Iraqi militia Kataib Hezbollah crossed the border into eastern Syria near the town of Albu Kamal on Sunday, local officials said.
Several hundred men in pickup trucks mounted with machine guns entered Syrian territory before dawn and took positions around two villages south of Albu Kamal, a Syrian security official told Levant Wire.
Residents said families fled towards Deir ez-Zor as the convoy approached, leaving cattle and harvests behind.
Source: Levant Wire. Read more at our partner site."""

# The wire text machine-reworded, sentence by sentence.
REWORDED = """Kataib Hezbollah fighters enter eastern Syria

In a major development, fighters belonging to the Iraqi Kataib Hezbollah militia crossed the border into eastern Syria close to the town of Albu Kamal on Sunday, according to local officials.
Hundreds of men in pickup trucks fitted with machine guns entered Syrian territory before dawn and took up positions around two villages to the south of Albu Kamal, a Syrian security official said.
Families fled towards Deir ez-Zor as the convoy approached, residents said, leaving their cattle and harvests behind.
The crossing follows clashes weeks ago between the militia and tribal fighters along the border, which according to aid agencies displaced thousands of people."""

# An independent report of the same crossing, quoting the militia's denial.
DENIAL = """Kataib Hezbollah denies sending fighters into Syria

BAGHDAD, March 4 (Tigris Post) - Kataib Hezbollah denied on Monday that its fighters had crossed into Syria near Albu Kamal, a day after Syrian officials reported the incursion.
"Our fighters did not cross the border. They are in Iraq, protecting our people," a Kataib Hezbollah spokesman told the Tigris Post by telephone.
Syrian officials said they had counted more than 40 vehicles south of Albu Kamal on Sunday.
Aid workers in Albu Kamal said the town's market was closed on Monday and that hundreds of families were sheltering in schools."""

# A third outlet, written independently, on the next day.
INDEPENDENT = """Syrian officials report Iraqi militia incursion at Albu Kamal

DEIR EZ-ZOR, March 4 (Euphrates Monitor) - Kataib Hezbollah fighters crossed into Syria near Albu Kamal early on Sunday, Syrian officials said on Monday.
The officials said the militia sent a column of armed vehicles across the border and occupied positions near two villages.
Humanitarian groups said the incursion had forced families in the area to flee to Deir ez-Zor."""

# The same day, the same country, the same kind of event: a different incursion that must stay its own
# incident (another force, another border, far away).
OTHER_CROSSING = """Turkish troops cross into northern Syria near Afrin

AFRIN, Syria, March 3 (Levant Wire) - Turkish troops crossed the border into northern Syria near Afrin on Sunday, a Kurdish official said.
The soldiers entered Syrian territory with tanks and took positions on a hill west of Afrin, the official told Levant Wire.
Turkey's defence ministry did not comment on the report."""

UNRELATED = """Fishermen protest over fuel prices in Senegal

DAKAR, March 3 (Atlantic Desk) - Hundreds of fishermen marched through the port of Dakar on Sunday to protest against a rise in fuel prices, union leaders said.
The marchers carried nets and banners and stopped in front of the fisheries ministry, where a delegation handed over a letter.
The government raised the price of diesel by ten percent last month, citing the cost of subsidies.
Union leaders said they would call a strike if the price was not cut within two weeks."""
