"""Whether a message reports an item that arrived damaged.

Damaged items always go to a person (the routing table's `never_auto`): the remedy depends on
photos and on the report deadline, and an agent confirms it. A customer who reports the damage
while asking something else ("it showed up with a dent; if I take a refund, how long until the
money is back?") is often read as that other question, and the gate would then answer it on its
own. This flag keeps the report in front of a person whatever the classifier says.
"""

from __future__ import annotations

import re

_ARRIVAL = (
    r"(?:arrived|arrives|came|turned up|showed up|was delivered|got delivered|delivered|"
    r"opened (?:it|the box|the parcel|the package)|unpacked (?:it|the box)|unboxed it|"
    r"had a look|looked inside|inside)"
)
_HARM = (
    r"(?:damaged|broken|cracked|chipped|dented|smashed|shattered|scratched|scuffed|torn|ripped|"
    r"snapped|in pieces|bent|split|gouged|stained"
    # the harm as a noun: "came with a tear along one edge", "showed up with a big dent"
    r"|an? (?:big |huge |large |long |small |little |deep |nasty )?(?:dent|tear|rip|hole|crack|"
    r"chip|scratch|split|gash|gouge|stain)"
    # "had a little damage on one side", "some damage to the corner"
    r"|(?:a (?:little |bit of |small amount of )|some |slight |minor )damage)"
)
_NOT = r"(?<!\bnot )(?<!n't )(?<!\bno )(?<!\bnothing )(?<!\bnor )"  # "arrived, not damaged"
_DAMAGE_REPORT = re.compile(
    # "arrived damaged", "showed up with a big dent", "opened the box and the leg was snapped"
    rf"\b{_ARRIVAL}\b[^.?!\n]{{0,60}}\b{_NOT}{_HARM}\b"
    # "broken on arrival", "cracked when it was delivered", "damaged in transit"
    rf"|\b{_NOT}{_HARM}\b[^.?!\n]{{0,30}}\b(?:on arrival|in transit|in the post|when (?:it )?"
    rf"(?:arrived|came|come|was delivered)|during delivery|by the (?:courier|driver|carrier))\b"
    # A surface failing now, whenever it arrived: "the non-stick inside the saucepan is lifting
    # in little blisters", "the enamel has started to chip" ("will the coating peel?" asks about
    # the product, and is left alone)
    r"|\b(?:non-?stick|coating|enamel|glaze|plating|lacquer|veneer)\b[^.?!\n]{0,60}?\b(?:is|are"
    r"|has|have|'s|'ve) (?:now |already |started |begun |been )*(?:to )?(?:lift|peel|flak|blister"
    r"|bubbl|chip|crack|com(?:e|ing) off|wear(?:ing)? off)\w*",
    re.IGNORECASE,
)


# A past breakage already put right, told as background ("last winter a table leg arrived with
# a crack and your team had a new one out to me within days, so ..."): nothing is left for a
# person to settle, and the message asks something else. Both a time in the past and the remedy
# must be there; either alone leaves the report standing.
_IN_THE_PAST = re.compile(
    r"\b(?:last (?:spring|summer|autumn|fall|winter|year|month|christmas)|a (?:few|couple of)"
    r" (?:weeks|months) ago|(?:weeks|months) ago|earlier this year|in the (?:spring|summer"
    r"|autumn|winter)|my first (?:order|lot))\b",
    re.IGNORECASE,
)
_PUT_RIGHT = re.compile(
    r"\b(?:had|sent|got|have) (?:a |the )?(?:new one|replacement)\b|\breplacement (?:came|arrived)"
    r"|\b(?:was|were|got|been|all) (?:sorted|replaced|put right)\b",
    re.IGNORECASE,
)


# Another shop's parcel, told as a reason for asking ("the last lamp I ordered online, from
# another shop, turned up with the shade in pieces, so ..."; "last year from other shop the glass
# came broken"): nothing of ours for a person to settle.
_ANOTHER_SHOP = re.compile(
    r"\b(?:an?other|other|a different|different) (?:shop|store|retailer|seller|website|company)"
    r"(?:s|'s)?\b",
    re.IGNORECASE,
)


# ...but "last month a plate was replaced, and now the bowl has arrived chipped" is a new report.
_NOW = re.compile(r"\b(?:now|this time|again|today|yesterday|this week)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.?!\n]+")


def reports_damage(text: str) -> bool:
    text = text or ""
    if not _DAMAGE_REPORT.search(text):
        return False
    put_right_before = bool(_IN_THE_PAST.search(text) and _PUT_RIGHT.search(text))
    if not (put_right_before or _ANOTHER_SHOP.search(text)):
        return True
    # Told as background only if every sentence reporting damage is about another shop's
    # parcel, or set in the past or the remedy, and none of them is about now.
    for sentence in _SENTENCE.findall(text):
        if not _DAMAGE_REPORT.search(sentence):
            continue
        if _NOW.search(sentence):
            return True
        if _ANOTHER_SHOP.search(sentence):
            continue
        told_before = _IN_THE_PAST.search(sentence) or _PUT_RIGHT.search(sentence)
        if not (put_right_before and told_before):
            return True
    return False
