"""Tests for the time stage: span finding and resolution of conflict-reporting idioms.

Every sentence here is invented for the tests. Expected values were worked out by hand from the
anchor (publication date) given with each case; weekday of each anchor noted below.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.times import extract as times
from eventwire.errors import DataFileError
from eventwire.model import DateValue
from eventwire.parse import base_nlp
from eventwire.times.extract import extract_times, resolve_expression

SUN_DEC1 = "2024-12-01"  # Sunday
THU_JAN2 = "2025-01-02"  # Thursday, just after a year boundary
FRI_MAR15 = "2024-03-15"  # Friday
MON_JUN5 = "2023-06-05"  # Monday
THU_FEB29 = "2024-02-29"  # Thursday, leap day
SUN_JAN5 = "2025-01-05"  # Sunday
WED_NOV27 = "2024-11-27"  # Wednesday
SAT_FEB15 = "2025-02-15"  # Saturday
WED_JAN1 = "2025-01-01"  # Wednesday, New Year's Day
MON_MAR10 = "2025-03-10"  # Monday

SEED = Path(__file__).resolve().parents[3] / "shared/samples/seed-article.txt"


@pytest.fixture(scope="module")
def nlp():
    return base_nlp()


def _find(found, text):
    matches = [t for t in found if t.text == text]
    assert matches, f"{text!r} not among {[t.text for t in found]}"
    return matches[0]


# (anchor, sentence, span text, expected start, expected end, granularity)
IDIOMS = [
    # Sunday 2024-12-01
    (SUN_DEC1, "Rebels shelled the outskirts of Hama on Sunday, residents said.", "Sunday", "2024-12-01", "2024-12-01", "day"),
    (SUN_DEC1, "The convoy was ambushed late on Saturday near the border.", "late on Saturday", "2024-11-30", "2024-11-30", "day"),
    (SUN_DEC1, "Government forces retook the village early Friday, the ministry said.", "early Friday", "2024-11-29", "2024-11-29", "day"),
    (SUN_DEC1, "Militants attacked a checkpoint on Thursday night.", "Thursday night", "2024-11-28", "2024-11-28", "day"),
    (SUN_DEC1, "Fighting has displaced thousands over the past two days.", "the past two days", "2024-11-29", "2024-12-01", "interval"),
    (SUN_DEC1, "At least 40 people were killed in the past week, medics said.", "the past week", "2024-11-24", "2024-12-01", "interval"),
    (SUN_DEC1, "Clashes have continued since Friday in the northern districts.", "since Friday", "2024-11-29", "2024-12-01", "interval"),
    (SUN_DEC1, "Talks collapsed last month after the envoy withdrew.", "last month", "2024-11-01", "2024-11-30", "month"),
    (SUN_DEC1, "The army has carried out 300 raids this year.", "this year", "2024-01-01", "2024-12-31", "year"),
    (SUN_DEC1, "Protests erupted earlier this week in the capital.", "earlier this week", "2024-11-25", "2024-12-01", "interval"),
    (SUN_DEC1, "The group was founded in 2012 by former army officers.", "2012", "2012-01-01", "2012-12-31", "year"),
    (SUN_DEC1, "The militia has operated in the valley since around 2012.", "since around 2012", "2012-01-01", "2024-12-01", "interval"),
    (SUN_DEC1, "Troops withdrew between 2018 and 2019 under a ceasefire deal.", "between 2018 and 2019", "2018-01-01", "2019-12-31", "interval"),
    (SUN_DEC1, "The ceasefire was signed on Dec. 1 in Doha.", "Dec. 1", "2024-12-01", "2024-12-01", "day"),
    (SUN_DEC1, "Elections are scheduled for 15 December 2024, the commission said.", "15 December 2024", "2024-12-15", "2024-12-15", "day"),
    (SUN_DEC1, "The hostages were freed on November 30, officials said.", "November 30", "2024-11-30", "2024-11-30", "day"),
    (SUN_DEC1, "The ministry statement was dated 2024-11-28.", "2024-11-28", "2024-11-28", "2024-11-28", "day"),
    (SUN_DEC1, "The siege of the town began in March and lasted for weeks.", "March", "2024-03-01", "2024-03-31", "month"),
    (SUN_DEC1, "Aid deliveries were suspended from March to May, the agency said.", "from March to May", "2024-03-01", "2024-05-31", "interval"),
    (SUN_DEC1, "The insurgency first flared in the 1990s.", "the 1990s", "1990-01-01", "1999-12-31", "decade"),
    (SUN_DEC1, "Officials said the border crossing was closed overnight.", "overnight", "2024-11-30", "2024-12-01", "interval"),
    (SUN_DEC1, "Two soldiers were wounded yesterday in a mortar attack.", "yesterday", "2024-11-30", "2024-11-30", "day"),
    (SUN_DEC1, "The militia said it downed a drone three days ago.", "three days ago", "2024-11-28", "2024-11-28", "day"),
    (SUN_DEC1, "Several towns fell to the rebels last week.", "last week", "2024-11-18", "2024-11-24", "week"),
    (SUN_DEC1, "The envoy met the rebel commander last Friday.", "last Friday", "2024-11-29", "2024-11-29", "day"),
    (SUN_DEC1, "More violence is feared in the coming days, aid groups warned.", "the coming days", "2024-12-02", "2024-12-08", "interval"),
    (SUN_DEC1, "The militia has expanded its reach in recent years.", "recent years", "2019-12-02", "2024-12-01", "interval"),
    (SUN_DEC1, "Casualties have doubled over the past 24 hours.", "the past 24 hours", "2024-11-30", "2024-12-01", "interval"),
    (SUN_DEC1, "The offensive stalled in mid-2016, analysts said.", "mid-2016", "2016-01-01", "2016-12-31", "year"),
    (SUN_DEC1, "The group grew rapidly in the early 1990s.", "the early 1990s", "1990-01-01", "1999-12-31", "decade"),
    (SUN_DEC1, "A delegation will travel to Cairo next week.", "next week", "2024-12-02", "2024-12-08", "week"),
    (SUN_DEC1, "Fighting resumed in late March, according to monitors.", "late March", "2024-03-01", "2024-03-31", "month"),
    (SUN_DEC1, "The truce held through last summer.", "last summer", "2024-06-01", "2024-08-31", "interval"),
    (SUN_DEC1, "Air strikes hit the city on Saturday at 10 p.m., witnesses said.", "Saturday at 10 p.m.", "2024-11-30", "2024-11-30", "time"),
    (SUN_DEC1, "The port was blockaded over the weekend.", "the weekend", "2024-11-30", "2024-12-01", "interval"),
    # Thursday 2025-01-02: year boundary
    (THU_JAN2, "Militants stormed a prison on Sunday.", "Sunday", "2024-12-29", "2024-12-29", "day"),
    (THU_JAN2, "The army said it repelled an attack late on Tuesday.", "late on Tuesday", "2024-12-31", "2024-12-31", "day"),
    (THU_JAN2, "The curfew was imposed last month in three provinces.", "last month", "2024-12-01", "2024-12-31", "month"),
    (THU_JAN2, "Casualties rose sharply last year, the monitor said.", "last year", "2024-01-01", "2024-12-31", "year"),
    (THU_JAN2, "The strikes on the port began in December.", "December", "2024-12-01", "2024-12-31", "month"),
    (THU_JAN2, "Peace talks are due to resume on January 10.", "January 10", "2025-01-10", "2025-01-10", "day"),
    (THU_JAN2, "The ceasefire was agreed on Dec. 28 after weeks of talks.", "Dec. 28", "2024-12-28", "2024-12-28", "day"),
    (THU_JAN2, "Shelling killed five people on Thursday.", "Thursday", "2025-01-02", "2025-01-02", "day"),
    (THU_JAN2, "Fighting has intensified over the past week.", "the past week", "2024-12-26", "2025-01-02", "interval"),
    (THU_JAN2, "Attacks on shipping have surged this year.", "this year", "2025-01-01", "2025-12-31", "year"),
    (THU_JAN2, "Three soldiers died two days ago in an ambush.", "two days ago", "2024-12-31", "2024-12-31", "day"),
    (THU_JAN2, "Talks broke down earlier this week.", "earlier this week", "2024-12-30", "2025-01-02", "interval"),
    (THU_JAN2, "The group has not claimed an attack since December.", "since December", "2024-12-01", "2025-01-02", "interval"),
    (THU_JAN2, "Relief convoys were halted last week.", "last week", "2024-12-23", "2024-12-29", "week"),
    # Friday 2024-03-15
    (FRI_MAR15, "Police dispersed the march on Friday.", "Friday", "2024-03-15", "2024-03-15", "day"),
    (FRI_MAR15, "The agreement expires on April 7, diplomats said.", "April 7", "2024-04-07", "2024-04-07", "day"),
    (FRI_MAR15, "Gunmen attacked a mosque on Saturday.", "Saturday", "2024-03-09", "2024-03-09", "day"),
    (FRI_MAR15, "The offensive began in May and stalled by autumn.", "May", "2023-05-01", "2023-05-31", "month"),
    (FRI_MAR15, "Shelling resumed in early March.", "early March", "2024-03-01", "2024-03-31", "month"),
    (FRI_MAR15, "Rebels captured the airport on Wednesday. The previous day, they had seized a depot.", "The previous day", "2024-03-12", "2024-03-12", "day"),
    (FRI_MAR15, "Troops entered the town on Monday and withdrew the next day.", "the next day", "2024-03-12", "2024-03-12", "day"),
    (FRI_MAR15, "The vote was held on Tuesday; results came two days later.", "two days later", "2024-03-14", "2024-03-14", "day"),
    (FRI_MAR15, "The blockade has lasted since 2019.", "since 2019", "2019-01-01", "2024-03-15", "interval"),
    (FRI_MAR15, "The mission ran from 2014 to 2017.", "from 2014 to 2017", "2014-01-01", "2017-12-31", "interval"),
    (FRI_MAR15, "Violence peaked in the summer of 2014.", "the summer of 2014", "2014-06-01", "2014-08-31", "interval"),
    # Monday 2023-06-05
    (MON_JUN5, "The bombing happened on Monday morning.", "Monday morning", "2023-06-05", "2023-06-05", "day"),
    (MON_JUN5, "Rebels seized the base on Sunday.", "Sunday", "2023-06-04", "2023-06-04", "day"),
    (MON_JUN5, "The UN warned on June 2 that famine loomed.", "June 2", "2023-06-02", "2023-06-02", "day"),
    (MON_JUN5, "Officials reported the clashes earlier this month.", "earlier this month", "2023-06-01", "2023-06-05", "interval"),
    (MON_JUN5, "The army has recruited 5,000 men since January.", "since January", "2023-01-01", "2023-06-05", "interval"),
    (MON_JUN5, "Drone strikes were reported the day before yesterday.", "the day before yesterday", "2023-06-03", "2023-06-03", "day"),
    (MON_JUN5, "Fighting lasted until late 2022.", "late 2022", "2022-01-01", "2022-12-31", "year"),
    (MON_JUN5, "The commander was killed in a raid in September 2021.", "September 2021", "2021-09-01", "2021-09-30", "month"),
    (MON_JUN5, "The group emerged in the '90s.", "the '90s", "1990-01-01", "1999-12-31", "decade"),
    (MON_JUN5, "The court will rule on Tuesday, June 6.", "Tuesday, June 6", "2023-06-06", "2023-06-06", "day"),
    # Thursday 2024-02-29: leap day
    (THU_FEB29, "The pact was signed a year ago.", "a year ago", "2023-01-01", "2023-12-31", "year"),
    (THU_FEB29, "Shelling hit the market on Thursday.", "Thursday", "2024-02-29", "2024-02-29", "day"),
    (THU_FEB29, "The militia withdrew last month.", "last month", "2024-01-01", "2024-01-31", "month"),
    (THU_FEB29, "Strikes hit the port on Feb. 29.", "Feb. 29", "2024-02-29", "2024-02-29", "day"),
    (THU_FEB29, "Rebels had taken the town three weeks ago.", "three weeks ago", "2024-02-05", "2024-02-11", "week"),
    # Sunday 2025-01-05
    (SUN_JAN5, "Rockets struck the base on Saturday night.", "Saturday night", "2025-01-04", "2025-01-04", "day"),
    (SUN_JAN5, "Officials said on Sunday that the border was open.", "Sunday", "2025-01-05", "2025-01-05", "day"),
    (SUN_JAN5, "Food prices doubled in the last three months.", "the last three months", "2024-10-05", "2025-01-05", "interval"),
    (SUN_JAN5, "The group announced the attack on Dec. 31.", "Dec. 31", "2024-12-31", "2024-12-31", "day"),
    (SUN_JAN5, "A new offensive is expected next month.", "next month", "2025-02-01", "2025-02-28", "month"),
    # More conflict-reporting idioms (Sunday 2024-12-01 unless noted)
    (SUN_DEC1, "Jets struck the camp at dawn on Tuesday, medics said.", "dawn on Tuesday", "2024-11-26", "2024-11-26", "day"),
    (SUN_DEC1, "The rebels entered the town in mid-March.", "mid-March", "2024-03-01", "2024-03-31", "month"),
    (SUN_DEC1, "A drone hit the fuel depot a week ago.", "a week ago", "2024-11-18", "2024-11-24", "week"),
    (SUN_DEC1, "Gunmen attacked a polling station on the eve of Sunday's vote.", "the eve of Sunday", "2024-11-30", "2024-11-30", "day"),
    (SUN_DEC1, "The militia lost the valley late last year.", "late last year", "2023-01-01", "2023-12-31", "year"),
    (WED_NOV27, "Protests are planned for this weekend in the capital.", "this weekend", "2024-11-30", "2024-12-01", "interval"),
    (SUN_DEC1, "Rebels are now in control of the crossing.", "now", "2024-12-01", "2024-12-01", "day"),
    (SUN_DEC1, "About 3,000 people are currently sheltering in the school.", "currently", "2024-12-01", "2024-12-01", "day"),
    (SUN_DEC1, "The blast was heard at 15:00 GMT Saturday near the port.", "15:00 GMT Saturday", "2024-11-30", "2024-11-30", "time"),
    (SUN_DEC1, "He fought with the partisans from 1954 to '58.", "from 1954 to '58", "1954-01-01", "1958-12-31", "interval"),
    (SUN_DEC1, "The border was drawn early in the 20th century.", "the 20th century", "1900-01-01", "1999-12-31", "interval"),
    (SUN_DEC1, "The ministry has doubled its defence budget this fiscal year.", "this fiscal year", "2024-01-01", "2024-12-31", "year"),
    (SUN_DEC1, "The mission is due to end by the end of 2028.", "the end of 2028", "2028-12-01", "2028-12-31", "month"),
    (SUN_DEC1, "Attacks have surged since the beginning of the year.", "since the beginning of the year", "2024-01-01", "2024-12-01", "interval"),
    (SUN_DEC1, "The council will review the mandate two years from now.", "two years from now", "2026-01-01", "2026-12-31", "year"),
    (SUN_DEC1, "The army has besieged the town for the past two months.", "the past two months", "2024-10-01", "2024-12-01", "interval"),
    (SUN_DEC1, "Rebels shelled the town on Sunday; the previous day, they had taken a hill.", "the previous day", "2024-11-30", "2024-11-30", "day"),
    (SUN_DEC1, "Troops sealed the border last month and again this week.", "this week", "2024-11-25", "2024-12-01", "week"),
    (SUN_DEC1, "The army said the militants had regrouped since Sunday.", "since Sunday", "2024-12-01", "2024-12-01", "interval"),
    (SUN_DEC1, "The envoy flew to Khartoum earlier in the week.", "earlier in the week", "2024-11-25", "2024-12-01", "interval"),
    # future-tense clauses turn a bare month or weekday forwards (Friday 2024-03-15)
    (FRI_MAR15, "Talks will resume in June, the mediator said.", "June", "2024-06-01", "2024-06-30", "month"),
    (FRI_MAR15, "The two delegations will meet on Tuesday in Doha.", "Tuesday", "2024-03-19", "2024-03-19", "day"),
    (FRI_MAR15, "The envoy is due to arrive on Monday.", "Monday", "2024-03-18", "2024-03-18", "day"),
    (FRI_MAR15, "The rebels vowed to retake the town by June.", "June", "2024-06-01", "2024-06-30", "month"),
    (FRI_MAR15, "Thousands were forced to flee in June.", "June", "2023-06-01", "2023-06-30", "month"),
    (FRI_MAR15, "The ceasefire will expire in February.", "February", "2025-02-01", "2025-02-28", "month"),
    (FRI_MAR15, "Parliament will vote on Friday on the new army law.", "Friday", "2024-03-15", "2024-03-15", "day"),
    (SAT_FEB15, "The president plans to meet European leaders on Sunday.", "Sunday", "2025-02-16", "2025-02-16", "day"),
    (SAT_FEB15, "The president met European leaders on Sunday.", "Sunday", "2025-02-09", "2025-02-09", "day"),
    # year boundaries and same weekday as publication
    (WED_JAN1, "Gunmen killed four people on Wednesday.", "Wednesday", "2025-01-01", "2025-01-01", "day"),
    (WED_JAN1, "The strike happened late on Tuesday.", "late on Tuesday", "2024-12-31", "2024-12-31", "day"),
    (WED_JAN1, "Rockets were fired overnight at the airbase.", "overnight", "2024-12-31", "2025-01-01", "interval"),
    (WED_JAN1, "Clashes erupted in late December near the dam.", "late December", "2024-12-01", "2024-12-31", "month"),
    (WED_JAN1, "The truce, agreed in November, held until last week.", "last week", "2024-12-23", "2024-12-29", "week"),
    (MON_MAR10, "Aid flights ran from November to February, the agency said.", "from November to February", "2024-11-01", "2025-02-28", "interval"),
    (MON_MAR10, "The ceasefire, signed on Dec. 30, has largely held.", "Dec. 30", "2024-12-30", "2024-12-30", "day"),
]


@pytest.mark.parametrize("anchor, sentence, span, start, end, granularity", IDIOMS)
def test_times_resolves_idiom_in_sentence(nlp, anchor, sentence, span, start, end, granularity):
    found = _find(extract_times(nlp(sentence), anchor), span)
    assert (found.value, found.granularity) == (DateValue(start, end), granularity)
    assert nlp.make_doc(sentence).text[found.start:found.end] == span


# (text, previous day or None, expected value or None, granularity) with no publication date
NO_ANCHOR = [
    ("1 December 2024", None, ("2024-12-01", "2024-12-01"), "day"),
    ("in 2014", None, ("2014-01-01", "2014-12-31"), "year"),
    ("between 2018 and 2019", None, ("2018-01-01", "2019-12-31"), "interval"),
    ("the 1990s", None, ("1990-01-01", "1999-12-31"), "decade"),
    ("March 2022", None, ("2022-03-01", "2022-03-31"), "month"),
    ("on Sunday", None, None, "day"),
    ("November 30", None, None, "day"),
    ("last month", None, None, "month"),
    ("over the past two days", None, None, "interval"),
    ("the next day", "2024-06-10", ("2024-06-11", "2024-06-11"), "day"),
    ("a day earlier", "2024-06-10", ("2024-06-09", "2024-06-09"), "day"),
    ("many years", None, None, "interval"),
]


@pytest.mark.parametrize("text, previous, expected, granularity", NO_ANCHOR)
def test_times_resolve_without_publication_date(text, previous, expected, granularity):
    prev = DateValue(previous, previous) if previous else None
    value, gran = resolve_expression(text, None, prev)
    assert (value, gran) == (DateValue(*expected) if expected else None, granularity)


@pytest.mark.parametrize(
    "text, anchor, expected",
    [
        ("30.11.2024", "2024-12-01", ("2024-11-30", "2024-11-30")),  # dateparser fallback
        ("the 3rd of December", "2024-12-01", ("2024-12-03", "2024-12-03")),
        ("2018-19", "2024-12-01", ("2018-01-01", "2019-12-31")),
        ("from Nov. 28 to 30", "2024-12-01", ("2024-11-28", "2024-11-30")),
        ("winter 2023", "2024-12-01", ("2023-12-01", "2024-02-29")),
        ("the coming weeks", "2024-12-01", ("2024-12-02", "2025-01-26")),
        ("this weekend", "2024-11-27", ("2024-11-30", "2024-12-01")),
        ("last weekend", "2024-11-30", ("2024-11-23", "2024-11-24")),
    ],
)
def test_times_resolve_expression_formats(text, anchor, expected):
    value, _ = resolve_expression(text, dt.date.fromisoformat(anchor))
    assert value == DateValue(*expected)


# Whole paragraphs: exactly these spans, nothing else (the false-positive guards).
PARAGRAPHS = [
    (
        "Rebels joined a protest march through the city on Monday. Officials said they may hold talks "
        "in May, but 2,000 fighters remained 350 kilometres away. The second phase of the operation "
        "began late on Tuesday.",
        ["Monday", "May", "late on Tuesday"],
    ),
    ("The Sunday Times reported that 1500 troops had arrived in the city.", []),
    ("The commission counted 1998 ballots in the district, and the first results were disputed.", []),
    ("Fighters from the 2014 campaign returned in 2019 and again on Friday.", ["2014", "2019", "Friday"]),
    ("May God protect us, said a March organiser, as the crowd began to march on the ministry.", []),
    ("These are the last days of the regime, a defector said of the besieged capital.", []),
    (
        "Aleppo lies at least 350 kilometres (around 217 miles) from the border, and a second column "
        "of 1,200 vehicles followed. The ministry said two people were hurt.",
        [],
    ),
    (
        "The rebels seized the airport on Nov. 28. The next day they entered the city centre, and "
        "since then fighting has spread, the monitor said on Sunday.",
        ["Nov. 28", "The next day", "Sunday"],
    ),
]


PARAGRAPHS += [
    ("The militia recruited a 15-year-old boy and children aged 12 years, a monitor said.", []),
    ("Few expect the day when the guns fall silent, said the now-defunct council.", []),
    ("On the eve of the talks, the 1,500 prisoners were moved.", []),
]

# (text, ISO 8601 duration or None): the length a span measures, as TimeML writes it
DURATIONS = [
    ("three years", "P3Y"),
    ("90 days", "P90D"),
    ("a decade", "P10Y"),
    ("two decades", "P20Y"),
    ("four-week", "P4W"),
    ("almost seven years", "P7Y"),
    ("the past two years", "P2Y"),
    ("24 hours", "PT24H"),
    ("several days", "PXD"),
    ("the next few months", "PXM"),
    ("recent weeks", "PXW"),
    ("many years", "PXY"),
    ("years", "PXY"),
    ("minutes", "PTXM"),
    ("last week", None),  # a calendar week, not a length
    ("next year", None),
    ("two days ago", None),
    ("Sunday", None),
    ("2014", None),
]


@pytest.mark.parametrize("text, expected", DURATIONS)
def test_times_duration_of(text, expected):
    assert times.duration_of(text) == expected


@pytest.mark.parametrize(
    "text, anchor, tense, expected",
    [
        ("June", "2024-03-15", "future", ("2024-06-01", "2024-06-30")),
        ("June", "2024-03-15", None, ("2023-06-01", "2023-06-30")),
        ("February", "2024-03-15", "future", ("2025-02-01", "2025-02-28")),
        ("March", "2024-03-15", "future", ("2024-03-01", "2024-03-31")),
        ("Tuesday", "2024-03-15", "future", ("2024-03-19", "2024-03-19")),
        ("the weekend", "2024-11-27", "future", ("2024-11-30", "2024-12-01")),
        ("the weekend", "2024-11-27", None, ("2024-11-23", "2024-11-24")),
        ("'58", "2013-03-22", None, ("1958-01-01", "1958-12-31")),
        ("'19", "2013-03-22", None, ("2019-01-01", "2019-12-31")),
        ("the end of the year", "2024-12-01", None, ("2024-12-01", "2024-12-31")),
        ("the beginning of 2023", "2024-12-01", None, ("2023-01-01", "2023-01-31")),
        ("early this year", "2024-12-01", None, ("2024-01-01", "2024-12-31")),
        ("the twentieth century", "2024-12-01", None, ("1900-01-01", "1999-12-31")),
    ],
)
def test_times_resolve_with_tense_and_rare_forms(text, anchor, tense, expected):
    value, _ = resolve_expression(text, dt.date.fromisoformat(anchor), tense=tense)
    assert value == DateValue(*expected)


@pytest.mark.parametrize("paragraph, expected", PARAGRAPHS)
def test_times_finds_exactly_these_spans(nlp, paragraph, expected):
    assert [t.text for t in extract_times(nlp(paragraph), SUN_DEC1)] == expected


def test_times_anaphora_follow_the_last_resolved_day(nlp):
    doc = nlp("The rebels seized the airport on Nov. 28. The next day they entered the city centre.")
    first, second = extract_times(doc, SUN_DEC1)
    assert second.value == DateValue("2024-11-29", "2024-11-29")


SEED_EXPECTED = [
    ("Sunday", "2024-12-01", "2024-12-01"),
    ("Late on Saturday", "2024-11-30", "2024-11-30"),
    ("Saturday", "2024-11-30", "2024-11-30"),
    ("the past two days", "2024-11-29", "2024-12-01"),
    ("between 2018 and 2019", "2018-01-01", "2019-12-31"),
    ("2014", "2014-01-01", "2014-12-31"),
]


@pytest.fixture(scope="module")
def seed_times(nlp):
    if not SEED.is_file():
        pytest.skip("example article not available")
    doc = nlp(SEED.read_text(encoding="utf-8"))
    return doc.text, extract_times(doc, SUN_DEC1)


@pytest.mark.parametrize("span, start, end", SEED_EXPECTED)
def test_times_seed_article_values(seed_times, span, start, end):
    text, found = seed_times
    assert _find(found, span).value == DateValue(start, end)
    assert all(text[t.start:t.end] == t.text for t in found)


def test_times_seed_article_open_intervals_and_guards(seed_times):
    text, found = seed_times
    since = next(t for t in found if "2012" in t.text)
    assert since.value.start == "2012-01-01"
    coming = [t for t in found if t.text.endswith("coming days")]
    assert coming and all(t.value.start > "2024-12-01" for t in coming)
    km = text.index("350 kilometres")
    assert not any(t.start < km + 14 and km < t.end for t in found)


def test_times_user_data_file_extends_lexicon(nlp, tmp_path, monkeypatch):
    (tmp_path / "time_expressions.json").write_text(json.dumps({"deictic": {"this past weekend": [-2, -1]}}))
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path))
    times.reload_lexicon()
    try:
        found = extract_times(nlp("Clashes flared this past weekend in the south."), "2024-12-02")
        assert _find(found, "this past weekend").value == DateValue("2024-11-30", "2024-12-01")
    finally:
        monkeypatch.delenv("EVENTWIRE_DATA_DIR")
        times.reload_lexicon()


def test_times_bad_user_data_file_names_the_file(tmp_path, monkeypatch):
    bad = tmp_path / "time_expressions.json"
    bad.write_text(json.dumps({"weekdays": {"Funday": 9}}))
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path))
    times.reload_lexicon()
    try:
        with pytest.raises(DataFileError, match="time_expressions.json"):
            times.lexicon()
    finally:
        monkeypatch.delenv("EVENTWIRE_DATA_DIR")
        times.reload_lexicon()
