"""Which topics a product question raises (by its words) and how each one is answered.

A strong topic left unanswered is reported as not covered even when other parts of the
question were answered ("is it dimmable and where is it made?").
"""

from __future__ import annotations

import re
from typing import Any

from drafting.template_answers import (
    Answer,
    Said,
    attrs,
    bed,
    bulb,
    dimensions,
    dimming,
    extension,
    hob,
    lead_time,
    materials,
    mattress,
    outdoor,
    plug,
    price_stock,
    seats,
    value,
    watts,
    weight,
    wiring,
)
from drafting.template_compose import Context
from tools.policies import (
    CARRIED_IN,
    MARKET_SECTIONS,
    NOT_WORN_DOWN,
    asks_delivery_cost,
)


def never_answered(_product: dict[str, Any], _ctx: Context) -> Said:
    """A topic the catalogue rows hold nothing about: raising it leaves the reply to a person."""
    return []


# A day it must come by is a promise neither the catalogue nor the policy makes ("promise it'll
# be there by Friday", "I want it before Thanksgiving"): a person answers that.
DELIVERY_DEADLINE = re.compile(
    r"\b(?:be|get|arrive) (?:there|here|to (?:me|us|her|him|them)) (?:by|before|in time)\b"
    r"|\b(?:arrive|come|turn up|get here|have it|want it|need it|get it) (?:by|before)\b"
    r"|\bin time for\b|\bpromise\b|\bguarantee\w* (?:it|that|delivery)\b",
    re.I,
)
# Places the delivery policy's market sections do not speak for ("do you ship to Alaska, and is
# it the usual cost?"): whether and at what cost is a person's answer.
FAR_DESTINATION = re.compile(
    r"\b(?:alaska|hawaii|puerto rico|guam|channel islands|isle of (?:man|wight|skye)|jersey"
    r"|guernsey|highlands|islands?|northern ireland|ireland|overseas|abroad|internationally"
    r"|canada|mexico|france|austria|switzerland|netherlands|belgium|spain|italy|poland|denmark"
    r"|europe|eu|another country|outside (?:the )?(?:uk|us|usa|germany|country))\b",
    re.I,
)


def delivery(product: dict[str, Any], ctx: Context) -> Said:
    """How the product travels (a parcel, or the two-person team for large pieces), said when
    the question asks what delivery costs or how long it takes and the market's delivery
    section is among the facts, or asks whether a large piece is carried in and the two-person
    section is; template_products quotes the section after it. A day it must come by, a charge
    to be paid back, or anything else about delivery is left to a person."""
    service = (product.get("compatibility") or {}).get("delivery")
    message = ctx.message
    if service not in ("parcel", "two_person") or DELIVERY_DEADLINE.search(message):
        return []
    if FAR_DESTINATION.search(message):
        return []
    costs = asks_delivery_cost(message) and ctx.facts.policy("delivery", MARKET_SECTIONS)
    carried_in = (
        service == "two_person"
        and CARRIED_IN.search(message)
        and ctx.facts.policy("delivery", ("two-person",))
    )
    if not (costs or carried_in) or (CARRIED_IN.search(message) and not carried_in):
        return []  # nothing read answers it, or part of it ("will they carry the lamp up?")
    said: Said = [(f"product.delivery_{service}", {})]
    if costs and (service == "parcel" or product.get("in_stock") is False):
        # A parcel is free above the market's threshold, so its price says which side it is
        # on; and the policy's times are for items in stock, so when one is back matters.
        said += price_stock(product, ctx)
    return said


# "how often does it need oiling?": oiling and waxing are in the care instructions ("Oiled"
# alone names a finish: "White Oiled Oak").
CARE_WORDS = (
    r"\b(?:care|clean\w*|wash\w*|stains?|spills?|look after|maintain|polish|wet|muddy"
    r"|mud|waterproof|moisture|tarnish\w*|oiling|re-?oil\w*|oil (?:it|them|the)"
    r"|waxing|re-?wax\w*|keep (?:it|them) looking (?:good|nice|new|its best|their best))\b"
)
_CARE_ASKED = re.compile(CARE_WORDS, re.I)
_REMOVABLE_COVERS = attrs(
    ("removable_covers", "compat.removable_covers_yes", "compat.removable_covers_no")
)
_COVERS_CARE = re.compile(r"\bcovers?\b", re.I)


def covers(product: dict[str, Any], ctx: Context) -> Said:
    """Whether the covers come off, and how to wash them when they do: "do the covers come off?
    two dogs and a toddler" asks it to wash them, and the care line that names the covers says
    how."""
    said = _REMOVABLE_COVERS(product, ctx)
    removable = (product.get("compatibility") or {}).get("removable_covers") is True
    care = str(product.get("care") or "")
    if not removable or not _COVERS_CARE.search(care) or _CARE_ASKED.search(ctx.message):
        return said  # the care topic, raised by the message's own words, says it already
    return [*said, *value("product.care", care)]


_DISHWASHER_ATTRIBUTE = attrs(("dishwasher_safe", "compat.dishwasher_yes", "compat.dishwasher_no"))
# Care words that settle a dishwasher question when no attribute does ("Hand wash only").
_WASHING_RULE = re.compile(r"\bhand[- ]?wash|\bdishwasher", re.I)


def dishwasher(product: dict[str, Any], ctx: Context) -> Said:
    """The dishwasher attribute, else the care line when it says how the item is washed."""
    said = _DISHWASHER_ATTRIBUTE(product, ctx)
    care = str(product.get("care") or "")
    if said or not _WASHING_RULE.search(care):
        return said
    return value("product.care", care)


# (topic, words that raise it, how to answer it, strong): a strong topic left unanswered is
# said to be not covered even when other parts of the question were answered.
TOPICS: tuple[tuple[str, re.Pattern[str], Answer, bool], ...] = tuple(
    (name, re.compile(pattern, re.I), answer, strong)
    for name, pattern, answer, strong in (
        (
            "hob",
            r"\b(?:hobs?|induction|gas|halogen|cooktops?|cooker(?: tops?)?|stove(?: ?tops?)?)\b",
            hob,
            True,
        ),
        ("oven", r"\boven", attrs(("oven_safe_c", "compat.oven", None)), True),
        ("dishwasher", r"\bdishwasher", dishwasher, True),
        (
            "microwave",
            r"\bmicrowave",
            attrs(("microwave_safe", "compat.microwave_yes", "compat.microwave_no")),
            True,
        ),
        ("bulb", r"\b(?:bulbs?|fitting|e27|e26|e14|e12|b22|gu10|bayonet)\b", bulb, True),
        ("watts", r"\b(?:\d{1,3}\s*w|watts?|wattage)\b", watts, False),
        (
            "dimmable",
            r"\bdimm",
            dimming,
            True,
        ),
        (
            "bulb_included",
            r"\bbulbs? (?:included|come|comes)\b|\bcome with a bulb",
            attrs(("bulb_included", "compat.bulb_included_yes", "compat.bulb_included_no")),
            True,
        ),
        (
            "plug",
            # Not the wall plugs that go with screws ("does it come with screws and plugs?"):
            # those are the wall fixings.
            r"\b(?:(?<!wall )(?<!rawl )(?<!screws and )(?<!screws & )plugs?"
            r"(?! for (?:a |the |my )?(?:brick|wall|plaster|concrete))|voltage|volts?|adapter"
            r"|cable|cord)\b",
            plug,
            True,
        ),
        # "How long is the flex or drop?": a plug-in light's cable length answers it; the rows
        # hold no drop for a light that is wired in, so a person answers that.
        (
            "flex",
            r"\bflex\b|\b(?:cable|cord|chain) (?:length|drop)\b|\blength of (?:the )?(?:cable"
            r"|cord|chain)\b",
            attrs(("cable_length_m", "compat.cable", None)),
            True,
        ),
        (
            "hardwired",
            # "can anyone put it up for me?": who installs it, for a light that is wired in
            r"\b(?:hard-?wired|electrician|ceiling|wir(?:e|es|ed|ing)|socket|install\w*"
            r"|put (?:it|them) up|fit (?:it|them))\b",
            wiring,
            False,
        ),
        (
            "outdoor",
            # ("terrace" is also a kind of house, and "water" is spilt on anything)
            r"\b(?:outdoors?|outside|garden|bathroom|ip\d\d|ip rating|damp|indoors?|porch|patio"
            r"|balcony|decking|conservatory)\b",
            outdoor,
            True,
        ),
        (
            "pieces",
            r"\b(?:included|includes?|pieces?|piece set|what comes|what's in)\b",
            attrs(("pieces", "compat.pieces", None)),
            False,
        ),
        # ("my matress with the topper on it is 36 cm": the depth a fitted sheet must go over)
        ("mattress", r"\b(?:matt?ress(?:es)?|pockets?|toppers?)\b", mattress, False),
        # ("which mattress size do I need for the bed?": the bed's own name is not the question)
        # "my matress is 160x200, is it the right size for it?": a bed's size, given in numbers
        (
            "bed",
            r"\b(?:bed|king|queen|double|single|twin|mattress size)\b"
            r"|\bmatt?ress(?:es)? (?:is|are|measures)\b"
            r"|\b\d{2,3} ?(?:x|by) ?\d{3}\b(?! ?(?:x|by)\b)",
            bed,
            False,
        ),
        (
            "seats",
            # "how many can actually sit round it?"
            r"\b(?:seats?|seating|people|guests|persons?|diners?)\b"
            r"|\bhow many (?:\w+ )?(?:can|could|will|would) (?:\w+ )?sit\b"
            r"|\bsit (?:round|around|at) (?:it|the)\b"
            # "whether we'd all actually fit round it with the leaves in"
            r"|\bfit (?:round|around) (?:it|the)\b"
            # "we host Christmas for ten: would it take that many?"
            r"|\b(?:take|fit|seat|manage) (?:that many|all of us|everyone|\d{1,2} of us)\b"
            # "hosting 8 for christmas, is it actually big enough or will we be eating elbow to
            # elbow": a number of people ("big enough for 6 glasses" is not one)
            r"|\b(?:hosting|feeding|big enough for|large enough for) (?:\d{1,2}|two|three|four"
            r"|five|six|seven|eight|nine|ten|eleven|twelve)(?=(?: (?:people|guests|of us|adults"
            r"|kids|children|diners|for|at|on|this|next|over|round|around|comfortably)\b"
            r"|[.,;:!?)]| *$))"
            r"|\belbows? to elbows?\b",
            seats,
            False,
        ),
        (
            "seat_height",
            # "how high is the seat?", "what's the seat height?" (a sofa's or armchair's row)
            r"\bseat (?:height|is high)\b|\bheight of the (?:actual )?seat\b|\bhow (?:high|low"
            r"|tall) is (?:the|its) seat\b|\bseat\b[^.?!]{0,15}\bhow (?:high|low)\b",
            attrs(("seat_height_cm", "compat.seat_height", None)),
            True,
        ),
        ("extension", r"\b(?:extend\w*|extension|leaf|leaves)\b", extension, True),
        (
            "wall",
            r"\b(?:wall|mount\w*|hang\w*|fixings?|brackets?)\b"
            # "would the mirror go on the back of my bedroom door?": what it hangs by
            r"|\b(?:on|over) the back of (?:a |an |my |the |our |his |her )?(?:\w+ )?doors?\b",
            attrs(
                ("wall_fixing", "compat.wall_fixing", None),
                ("wall_fixing_required", "compat.wall_fixing_required", None),
            ),
            False,
        ),
        (
            "shelves",
            # "it'll be full of records": what each shelf holds answers that
            r"\b(?:shelf|shelves|load|books|records|vinyls?)\b",
            attrs(
                ("shelves", "compat.shelves", None),
                ("max_load_per_shelf_kg", "compat.shelf_load", None),
            ),
            False,
        ),
        (
            "covers",
            # ("Would it cover the cat scratching the arms?" asks what the guarantee covers;
            # "will the duvet go inside this covers?" asks about a cover, so "this" stays.)
            r"(?<!\bit )(?<!\bwarranty )(?<!\bguarantee )\bcovers?\b"
            r"|\bremovable\b",
            covers,
            False,
        ),
        (
            "curtain",
            r"\b(?:blackout|lined|lining|header|eyelets?|pencil pleat|poles?|tracks?|rails?)\b"
            # Blackout asked in the customer's words: "do they block the light?", "would they
            # actually keep it dark in there?"
            r"|\bblock(?:s|ing)?(?: out)? (?:the |all |most |much )?(?:day)?(?:light|sun)"
            r"|\bkeep (?:it|the room|the bedroom|them|the nursery|things) (?:\w+ )?dark\b"
            r"|\bdark enough\b|\b(?:room[- ])?darken\w*|\bsee[- ]through\b"
            r"|\b(?:let|lets|letting) (?:the |much |any |some )?(?:day)?(?:light|sun)"
            r" (?:in|through)\b",
            attrs(
                ("blackout", "compat.blackout_yes", "compat.blackout_no"),
                ("lined", "compat.lined", None),
                ("header", "compat.header", None),
            ),
            True,
        ),
        (
            "rug",
            # "Gone flat" is a cushion worn down, not a flat-woven rug.
            r"\b(?:pile|underlay|flatweave|thick|thin|plush)\b"
            rf"|{NOT_WORN_DOWN}\bflat\b",
            attrs(("pile", "compat.pile", None), ("underlay_recommended", "compat.underlay", None)),
            False,
        ),
        (
            "orientation",
            r"\b(?:portrait|landscape|orientation)\b",
            attrs(("orientation", "compat.orientation", None)),
            True,
        ),
        (
            "inner",
            # "is it the whole cushion or just the cover? dont want to end up buying inners"
            r"\b(?:inners?|inserts?|filling)\b|\b(?:just|only) (?:the |a )?cover\b"
            r"|\bcover only\b|\bwhole cushion\b",
            attrs(("inner_fill", "compat.inner", None)),
            False,
        ),
        (
            "capacity",
            r"\b(?:capacity|litres?|liters?|diameter|volume)\b|\bhow much (?:does|will|would|can)"
            r" (?:it|this|that|the \w+)(?: actually| really)? hold\b|\bhow much it holds\b"
            # "how much stew fits in the casserole?" (room and space are its size, not its volume)
            r"|\bhow much (?!room\b|space\b)(?:\w+ )?(?:fits?|will fit|would fit|can fit|goes)"
            r" in(?:to|side)?\b",
            attrs(
                ("capacity_l", "compat.capacity", None), ("diameter_cm", "compat.diameter", None)
            ),
            False,
        ),
        (
            "dimensions",
            r"\b(?:dimensions?|measure\w*|size|big|wide|width|deep|depth|tall|"
            r"height|high|long|length|doorways?|doors?|stairs|alcove|space|fit|fits|room|squeeze|gap"
            # "are they 84 or 96 inch? ... need the drop" (a curtain's length is its drop)
            r"|thick|thickness|inch(?:es)?|(?:the|a|its|their|what) drop|drop length"
            # "the biggest zone on my hob is 21 cm: will it hang over the edge?" (a pan's width)
            r"|overhang\w*|hang\w* (?:\w+ )?over (?:the )?(?:edges?|sides?)"
            r"|(?:hob|cooking|biggest|largest|smallest|small|big|large)"
            r" (?:zones?|rings?|burners?)"
            # "55 cm to the shelf above: would it go underneath?" (not "can it go under my
            # broiler?", a question of heat)
            r"|go underneath|(?:fit|slide|tuck|squeeze) (?:in )?under(?:neath)?)\b",
            dimensions,
            False,
        ),
        ("weight", r"\b(?:weigh\w*|heavy|kg|kilos?|lbs?)\b", weight, True),
        (
            "materials",
            # "is it memory foam, or has it got springs inside?", "the frame is real or is plastic
            # with a look like it?"
            r"\b(?:materials?|made (?:of|from|out of)|wood|oak|walnut|fabric|metal|solid"
            r"|filled with|stuffed with|feathers?|springs?|sprung|foam|plastic|genuine|real or"
            r"|rattan|leather|cotton|linen|wool|velvet|ceramic"
            # "is it proper cast iron?" ("iron" alone is also what you do to a duvet cover)
            r"|(?:cast|wrought) iron|steel|stainless|enamel\w*|copper|alumin\w*|marble|brass"
            r"|bamboo|porcelain|stoneware|earthenware|(?:is it|it's) (?:proper|pure)\b)\b"
            # "is the chair in Walnut actual walnut or just the color?" (the finish's name is
            # read as the product's, so the wood is not left in the question)
            r"|\b(?:actual|real|proper)\b[^.?!]{0,40}\bor (?:just )?(?:the |a |an )?(?:colou?r"
            r"|finish|look|effect|veneer|stain|print)\b",
            materials,
            False,
        ),
        (
            "care",
            CARE_WORDS,
            lambda p, c: value("product.care", p.get("care")),
            True,
        ),
        (
            "assembly",
            # "does it turn up in one piece, or will I be building it?"
            # ("the builder just shrugged" is about the house, not the product)
            r"\b(?:assembl\w*|put(?:ting)?(?: (?:it|them))? together|build(?!ers?\b)\w*|built"
            r"|flat ?pack|tools|screwdrivers?|allen keys?|in one (?:solid )?piece|ready[- ]made"
            # "do the legs come off, or is it one solid piece?": the assembly line says
            r"|legs? (?:come|comes|screw|unscrew|detach)\w*(?: off)?|(?:remov|detach|unscrew)\w*"
            r" (?:the )?legs"
            # "does it come ready to sit in?", "do they arrive ready to sit on?"
            r"|(?:come|comes|arrive|arrives|delivered) ready to (?:use|sit|sleep))\b",
            lambda p, c: value("product.assembly", p.get("assembly")),
            True,
        ),
        (
            "warranty",
            # "any kind of gaurantee?", "if something went wrong after a few months, would you
            # still sort it out, and how long would that cover last?"
            r"\b(?:warrant\w*|g(?:ua|au|u)rantee\w*)\b|\bhow long (?:would|does|will|is) (?:that |"
            r"the |it )?cover\b|\b(?:if|when) (?:something|anything|it) (?:goes|went|go) wrong\b"
            # A follow-up on the guarantee: "would it cover the cat using the arms as a
            # scratching post?" (what it leaves out answers it)
            r"|\b(?:would|will|does|do|could|might|is) (?:it|that|this) (?:still |also )?"
            r"cover(?:ed)?\b(?=[^.?!]{0,60}\b(?:scratch|dent|stain|burn|spill|accident|wear"
            r"|pets?\b|dogs?\b|cats?\b|kids?\b|children))",
            lambda p, c: value("product.warranty", p.get("warranty_years")),
            True,
        ),
        (
            "lead_time",
            r"\b(?:made to order|lead time|how long|the wait|waiting time|being made|how soon"
            r"|how many (?:weeks|days|months))\b",
            lead_time,
            False,
        ),
        (
            "stock",
            r"\b(?:stock|available|availability|back in|restock\w*|sold out)\b"
            # "Do you still sell the Bodmin Stockpot?", "can I order it now or is there a wait?"
            r"|\bdo you (?:still )?(?:do|sell|stock|carry|make) (?:it|them|this|that|the)\b"
            r"|\b(?:can|could) (?:i|we) (?:order|buy|get) (?:it|them|one) (?:now|today|right now"
            r"|straight away)\b|\b(?:is there|any) (?:a )?wait\b",
            price_stock,
            True,
        ),
        (
            "price",
            # "what are you charging for the table these days?", "what's it going for?"
            r"\b(?:price|cost|costs|how much|expensive)\b|\b(?:are|do) you (?:charg(?:e|ing)|sell"
            r"(?:ing)?) (?:it |them )?for\b|\bcharging for\b|\b(?:going|selling|retailing) for\b",
            price_stock,
            True,
        ),
        # Questions the catalogue rows never answer: an item's own weight is not what it holds,
        # and the product size is not the box size. Raising them keeps the reply for a person.
        (
            "weight_limit",
            r"\b(?:weight (?:limit|capacity|rating)|max(?:imum)? (?:weight|load)|how much weight|"
            r"(?:rated|rating) (?:to|for)|hold up to|load[- ]bearing|support (?:up to|someone|"
            r"\d+ ?(?:kg|kilos?|lbs?|stone)))\b",
            attrs(("max_load_per_shelf_kg", "compat.shelf_load", None)),
            True,
        ),
        (
            "packaging",
            r"\b(?:(?:box|packag\w*|parcel|carton) (?:size|dimensions?|measure\w*)|size of the "
            r"(?:box|packag\w*|parcel|carton)|how big (?:is )?the (?:box|packag\w*|parcel)|"
            r"packed (?:size|dimensions?))\b",
            never_answered,
            True,
        ),
        # Inside a cabinet: the rows give outside sizes only ("how much usable depth is there
        # inside the cupboards?").
        (
            "interior",
            r"\b(?:inside|internal|interior|usable) (?:depth|width|height|dimensions?|space"
            r"|measurements?)\b|\b(?:depth|width|height|space|room) (?:is there )?inside\b"
            # A chair's seat between its arms: the rows hold only the overall width.
            r"|\bbetween (?:the|its) arms\b|\bseat (?:width|depth)\b|\b(?:width|depth) of the"
            r" (?:actual )?seat\b|\bhow (?:deep|wide) (?:is|are) the seats?\b"
            r"|\bfront edge to the back\b"
            # The room between a bookshelf's shelves: the rows give the count and the load only
            # ("how much height is there between the shelves?"; not "there's 8 inches between
            # each shelf" of the customer's own bookcase).
            r"|\b(?:how much|what(?:'s| is)(?: the)?) (?:height|gap|space|room|clearance|distance"
            r"|spacing)\b[^.?!]{0,20}\bbetween (?:the |each |its )?shel(?:f|ves)\b"
            r"|\bshelf (?:spacing|gap|clearance)\b",
            never_answered,
            True,
        ),
        # Details the rows never record: how hard-wearing a fabric is ("what's the Martindale
        # rub count?"), whether the back is finished for standing in the middle of a room, and
        # which dye batch a piece comes from.
        (
            "wear",
            r"\b(?:martindale|rub (?:count|test)|double rubs|abrasion|hard-?wearing|durability)\b",
            never_answered,
            True,
        ),
        (
            "back_finish",
            r"\b(?:back (?:panel|of it|of the \w+)\b[^.?!]{0,30}\bfinished"
            r"|finished (?:on|at) the back|unfinished back)\b",
            never_answered,
            True,
        ),
        ("dye_batch", r"\b(?:dye (?:batch|lot)|same batch)\b", never_answered, True),
        # Standing a tall piece up once it is built lying down: whether it clears the ceiling
        # as it tips is its diagonal against the room's height, which no row gives ("will we be
        # able to stand it up, or will it catch on the ceiling on the way?").
        (
            "stand_up",
            r"\b(?:stand|tip|tilt|lift|raise|swing) (?:it|them|the \w+) (?:back )?up(?:right)?\b"
            r"|\b(?:catch|hit|scrape|clip|touch)\w* (?:on )?the ceiling\b",
            never_answered,
            True,
        ),
        # What a mirror's or a lamp's glass is made to do when it breaks: the rows give the
        # material ("glass"), never whether it is toughened or has a safety film on the back.
        (
            "glass_safety",
            r"\b(?:toughened|tempered|safety|laminated|shatter-?proof) glass\b"
            r"|\bglass\b[^.?!]{0,20}\b(?:toughened|tempered|laminated|shatter\w*)\b"
            r"|\bsafety (?:film|backing)\b|\bshatter(?:proof|[- ]resistant)\b",
            never_answered,
            True,
        ),
        # How much room is under it: the rows give overall sizes, never the gap beneath.
        (
            "clearance",
            # Not "would it go underneath?" (the product under the customer's shelf) nor "with
            # the record player in the cupboard underneath" (a part of it).
            r"\b(?:clearance|(?<!go )(?<!fit )(?<!slide )(?<!sit )(?<!tuck )underneath (?:it|them"
            r"|the (?:bed|frame|sofa|base|unit))\b|under-?bed|(?:under|beneath|below) (?:the|it"
            r"|its) (?:\w+ ){0,2}?(?:bed|frame|sofa|base|unit)|(?:gap|space|room)(?: is there)? "
            r"(?:under|beneath|below|underneath)|leg height|(?:how"
            r" )?(?:high|tall|long) (?:are|is) the legs"
            # "or does the sofa sit too low to the floor?"
            # (not "how high off the floor is the seat?", which the rows answer)
            r"|(?:sits?|sitting|is|are) (?:too |very |quite |really )?low (?:to|on) the (?:floor"
            r"|ground))\b",
            never_answered,
            True,
        ),
        # The rows list the hobs a pan or kettle works on; any other heat source is a question
        # for a person, not a "no" read from its absence.
        (
            "heat_source",
            r"\b(?:wood[- ]?burn\w*|log[- ]?burn\w*|multi-?fuel|range cookers?|agas?|open fires?"
            r"|camp ?fires?|fire ?pits?|barbecues?|bbqs?)\b",
            never_answered,
            True,
        ),
        # Smart plugs, timers and voice assistants: the rows give a light's plug and switch,
        # never whether it comes back on by itself when the power does ("will it work on a
        # smart plug so Alexa can switch it on a schedule?").
        (
            "smart_control",
            r"\b(?:smart ?(?:plugs?|sockets?|switch\w*|home|hubs?)|alexa|echo dot|google"
            r" (?:home|nest|assistant)|hey google|homekit|siri|(?:plug-?in |socket )?timers?"
            r"|on a schedule)\b",
            never_answered,
            True,
        ),
        # The rows say whether a light dims, never what its switch is or where it sits: "where's
        # the switch: on the cord, on the base, or under the shade?" is for a person.
        (
            "switch",
            r"\bwhere(?:'s| is| are) (?:the |its )?(?:on[/ -]off )?switch(?:es)?\b"
            r"|\b(?:what|which) (?:kind|sort|type) of (?:on[/ -]off )?switch\b"
            r"|\b(?:is|are) (?:the |its )?switch(?:es)? on the (?:cord|cable|flex|base|lamp"
            r"|shade)\b"
            r"|\b(?:inline|in-line|touch|rocker|foot|pull[- ]?cord|push[- ]button) switch(?:es)?\b",
            never_answered,
            True,
        ),
        # The rows give a light's IP rating, never which bathroom zone it may be fitted in
        # (that reads wiring regulations against the rating): "can it go in zone 1 above the
        # bath?" is a question for a person, not a yes read from "IP44".
        (
            "bathroom_zone",
            r"\bzones? ?(?:[0-2]|one|two|zero|nought)\b|\b(?:which|what) (?:bathroom )?zones?\b"
            r"|\bbathroom zones?\b",
            never_answered,
            True,
        ),
        # The rows say whether a rug wants an underlay, never whether it may lie on a heated
        # floor ("does it block the warmth or get damaged?"): a person answers that.
        (
            "floor_heating",
            r"\b(?:under-?floor heat\w*|heated floors?|floor heating|warm(?:ed)? floors?)\b",
            never_answered,
            True,
        ),
        # The rows give the plug a product ships with, never the mains voltage it runs on:
        # "will it run on the American 120 V supply?" is a question for a person.
        (
            "voltage",
            r"\b(?:volt(?:s|age)?|\d{3} ?v|(?:american|us|u\.s\.|uk|british|european|german"
            r"|foreign) (?:mains|power supply|supply|electrics|electricity|voltage))\b",
            never_answered,
            True,
        ),
        # Delivery asked about a product: how it travels, what that costs and how long it
        # takes, answered with the market's delivery section when the tools read it.
        (
            "delivery",
            r"\b(?:deliver(?:y|ed|ing|s)?|shipping|postage|how long (?:does|will|would) it take to "
            r"(?:arrive|come|get here))\b|\bship(?:s|ped)?\b[^.?!]{0,40}?\bto\b"
            # "what do you charge to bring it to Munich?", "promise it'll be there by Friday":
            # what delivery costs or when it comes, asked without the word.
            r"|\b(?:charge|cost|pay)\w*\b[^.?!]{0,15}\bto (?:bring|get|send|ship) (?:it|them|this"
            r"|that)\b(?! back)|\b(?:be|get|arrive) (?:there|here|to (?:me|us|her|him|them)) (?:by"
            r"|before|in time)\b|\b(?:arrive|come|turn up|get here) (?:by|before|in time for)\b",
            delivery,
            True,
        ),
        # How to pay (Klarna, PayPal, instalments) is the payments policy's, not a catalogue
        # row: "...can I split the cost with Klarna, and how much is delivery?" goes to a person.
        (
            "payment",
            r"\bklarna\b|\binstal+ments?\b|\b(?:split|spread) (?:the |my )?(?:cost|payments?|price"
            r"|bill)\b"
            r"|\bpay(?:ing)? (?:in|over|later|monthly)\b|\bpaypal\b|\bamex\b|american express"
            r"|\b(?:apple|google) pay\b|\bfinance\b",
            never_answered,
            True,
        ),
        # Whether a price includes VAT, or what sales tax adds, is the payments policy's rule
        # and the customer's market, not a catalogue row: a product reply leaves it to a person.
        (
            "tax",
            r"\b(?:vat|sales tax|taxes|tax included|plus tax|before tax|mwst|mehrwertsteuer"
            r"|umsatzsteuer)\b",
            never_answered,
            True,
        ),
        (
            "warranty_claim",
            r"\b(?:claims?|claiming)\b|\bwhat (?:do|would|should) (?:i|we) (?:need to |have to )?"
            r"send\b",
            never_answered,
            True,
        ),
        # Chemical treatments and fire-safety labels: no product page records them ("has it
        # been treated with flame retardants?", "does it carry the fire-safety label?").
        (
            "treatment",
            r"\b(?:flame|fire)[- ]?(?:retardan\w*|resistan\w*|proof\w*)"
            r"|\bfire[- ]?(?:safety|label|regulations?|standards?|certificates?)\b"
            r"|\b(?:treated with|treatment with|coated with) (?:any )?(?:chemicals?|pesticides?"
            r"|formaldehyde|pfas)\b|\bchemical (?:treatments?|finish(?:es)?|coatings?)\b"
            # "has it been treated with any moth-proofing or stain-repellent chemicals?"
            r"|\b(?:treated|coated|sprayed) with\b[^.?!]{0,40}\b(?:chemicals?|repellents?)\b"
            r"|\bmoth[- ]?proof\w*|\bstain[- ]?repellen\w*|\bscotch ?gard\w*",
            never_answered,
            True,
        ),
        (
            "origin",
            # How it was sourced is a certification no product page states ("is the wool
            # mulesing-free?", "is the cotton organic?").
            r"\b(?:where\b.*\bmade|made in|country|origin|sustainab\w*|fsc|certifi\w*|"
            r"recycled|eco|mules(?:ing|ed)|non-mulesed|cruelty[- ]free|vegan|organic|fair ?trade"
            r"|ethical(?:ly)?|responsibly sourced|animal welfare|oeko[- ]?tex)\b",
            never_answered,
            True,
        ),
    )
)
ANSWERS = {name: answer for name, _pattern, answer, _strong in TOPICS}
PATTERNS = {name: pattern for name, pattern, _answer, _strong in TOPICS}
