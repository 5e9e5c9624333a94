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
    r"chip|scratch|split|gash|gouge|stain))"
)
_NOT = r"(?<!\bnot )(?<!n't )(?<!\bno )(?<!\bnothing )(?<!\bnor )"  # "arrived, not damaged"
_DAMAGE_REPORT = re.compile(
    # "arrived damaged", "showed up with a big dent", "opened the box and the leg was snapped"
    rf"\b{_ARRIVAL}\b[^.?!\n]{{0,60}}\b{_NOT}{_HARM}\b"
    # "broken on arrival", "cracked when it was delivered", "damaged in transit"
    rf"|\b{_NOT}{_HARM}\b[^.?!\n]{{0,30}}\b(?:on arrival|in transit|in the post|when (?:it )?"
    rf"(?:arrived|came|was delivered)|during delivery|by the (?:courier|driver|carrier))\b",
    re.IGNORECASE,
)


def reports_damage(text: str) -> bool:
    return bool(_DAMAGE_REPORT.search(text or ""))
