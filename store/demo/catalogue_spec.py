"""What each kind of product is like: the facts a support answer about it needs.

One `ProductType` per kind of product. The generator in `catalogue.py` turns these into products
and SKUs; nothing here is random.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CATEGORY_PREFIX = {
    "furniture": "FUR", "lighting": "LGT", "kitchen": "KIT", "bedding": "BED", "decor": "DEC",
}

# Bed and bedding sizes by market. Keys are the shop's internal size codes.
BED_SIZES = {
    "single": {"UK": "Single (90 x 190 cm)", "US": "Twin (38 x 75 in)", "DE": "90 x 200 cm"},
    "double": {"UK": "Double (135 x 190 cm)", "US": "Full (54 x 75 in)", "DE": "140 x 200 cm"},
    "king": {"UK": "King (150 x 200 cm)", "US": "Queen (60 x 80 in)", "DE": "160 x 200 cm"},
    "super_king": {"UK": "Super King (180 x 200 cm)", "US": "King (76 x 80 in)", "DE": "180 x 200 cm"},
}
BED_WIDTH_CM = {"single": 90, "double": 140, "king": 160, "super_king": 180}

PLUGS = {"UK": "UK 3-pin plug (Type G)", "US": "US 2-pin plug (Type A)", "DE": "Schuko plug (Type F)"}
# Lamps sold in the US take the US equivalent of the European screw fitting.
US_FITTING = {"E27": "E26", "E14": "E12", "B22": "E26", "GU10": "GU10"}

CARE = {
    "solid oak": "Dust with a soft dry cloth. Wipe spills straight away and re-oil with hardwax oil "
    "once or twice a year. Keep out of direct sun and away from radiators.",
    "solid walnut": "Dust with a soft dry cloth; wipe spills at once. Re-oil once a year with a "
    "clear hardwax oil. Walnut mellows and lightens a little in strong sunlight.",
    "ash": "Wipe with a barely damp cloth and dry straight away. Avoid silicone polishes.",
    "rattan": "Vacuum with a brush attachment and wipe with a damp cloth. Keep indoors.",
    "linen": "Removable covers: wash at 30°C on a gentle cycle and reshape while damp. Do not "
    "tumble dry.",
    "boucle": "Vacuum weekly with a soft brush. Spot clean with mild soapy water; professional "
    "clean only for the fixed covers.",
    "velvet": "Brush gently in the direction of the pile. Professional clean only.",
    "powder-coated steel": "Wipe with a damp cloth and mild detergent. No abrasive cleaners.",
    "brass": "Unlacquered brass develops a patina; polish with a soft cloth if you prefer it bright.",
    "ceramic": "Dust with a soft dry cloth. Switch off and let the bulb cool before cleaning.",
    "linen shade": "Dust the shade with a soft brush or a lint roller. Do not wet.",
    "stainless steel tri-ply": "Dishwasher safe, though hand washing keeps the finish brighter. "
    "Remove marks with a paste of bicarbonate of soda.",
    "enamelled cast iron": "Hand wash in warm soapy water; avoid metal scourers. Let it cool before "
    "washing so the enamel does not crack.",
    "carbon steel": "Hand wash, dry on the hob and wipe with a thin film of oil. Never dishwasher.",
    "copper": "Hand wash only. Polish the outside with copper cleaner when you like.",
    "hard-anodised aluminium": "Dishwasher safe. Use wooden or silicone utensils to protect the "
    "non-stick surface.",
    "stoneware": "Dishwasher and microwave safe. Avoid sudden temperature changes.",
    "cotton percale": "Machine wash at 60°C. Tumble dry low or line dry; iron while slightly damp.",
    "stonewashed linen": "Machine wash at 40°C. Tumble dry low; linen softens with every wash.",
    "cotton sateen": "Machine wash at 40°C, inside out. Tumble dry low.",
    "duck down": "Air regularly. Professional launder only; shake daily to keep the loft.",
    "hollowfibre": "Machine washable at 40°C in a large-drum machine. Tumble dry thoroughly.",
    "pocket springs": "Turn head to foot every month for the first three months, then every three "
    "months. Use a protector.",
    "wool": "Vacuum without the beater bar. Blot spills; professional clean when needed. Some "
    "shedding in the first weeks is normal.",
    "jute": "Vacuum regularly. Keep dry; jute marks if it gets wet.",
    "cotton": "Machine wash at 30°C. Reshape while damp.",
    "glass": "Hand wash in warm soapy water.",
    "mango wood": "Dust with a dry cloth. Not suitable for bathrooms or outdoors.",
}

ASSEMBLY = {
    "none": "Arrives fully assembled.",
    "legs": "Screw in the legs (about 10 minutes, no tools needed).",
    "simple": "Simple self-assembly, about 30 minutes for one person; tools included.",
    "two_person": "Self-assembly for two people, about 60 to 90 minutes; tools and instructions "
    "included.",
    "in_home": "Our two-person team assembles it in your room and takes the packaging away.",
    "electrician": "Must be installed by a qualified electrician.",
}


@dataclass(frozen=True)
class ProductType:
    key: str
    label: str                       # "Dining Table"
    category: str
    weight: int                      # relative share of products
    materials: tuple[str, ...]
    finishes: tuple[str, ...]
    sizes: tuple[tuple[str, float], ...]   # (size label, width in cm)
    depth_cm: tuple[int, int]
    height_cm: tuple[int, int]
    kg_per_100cm: float              # weight scales with width
    gbp_per_100cm: tuple[int, int]   # price range scales with width
    assembly: str
    delivery: str = "parcel"         # "parcel" or "two_person"
    made_to_order_share: float = 0.0
    warranty_years: int = 2
    extra: dict[str, object] = field(default_factory=dict)


def _t(key: str, label: str, category: str, weight: int, **kw: object) -> ProductType:
    return ProductType(key=key, label=label, category=category, weight=weight, **kw)  # type: ignore[arg-type]


WOOD = ("solid oak", "solid walnut", "ash")
WOOD_FINISHES = ("Natural Oak", "Smoked Oak", "Walnut", "Black Ash", "White Oiled Oak")
FABRICS = ("linen", "boucle", "velvet")
FABRIC_FINISHES = ("Oatmeal", "Sage", "Ink Blue", "Rust", "Chalk", "Moss", "Charcoal")
BED_SIZE_ROWS = tuple((code, float(BED_WIDTH_CM[code])) for code in BED_SIZES)

PRODUCT_TYPES: tuple[ProductType, ...] = (
    # furniture
    _t("dining_table", "Dining Table", "furniture", 8, materials=WOOD, finishes=WOOD_FINISHES,
       sizes=(("4-6 seats", 160.0), ("6-8 seats", 200.0), ("8-10 seats", 240.0)),
       depth_cm=(85, 100), height_cm=(74, 76), kg_per_100cm=30, gbp_per_100cm=(450, 900),
       assembly="legs", delivery="two_person", made_to_order_share=0.2, warranty_years=10),
    _t("dining_chair", "Dining Chair", "furniture", 7, materials=("solid oak", "solid walnut", "rattan"),
       finishes=WOOD_FINISHES, sizes=(("standard", 46.0),), depth_cm=(50, 55), height_cm=(78, 84),
       kg_per_100cm=12, gbp_per_100cm=(300, 700), assembly="none"),
    _t("sofa", "Sofa", "furniture", 6, materials=FABRICS, finishes=FABRIC_FINISHES,
       sizes=(("2-seater", 180.0), ("3-seater", 220.0), ("corner", 280.0)), depth_cm=(90, 100),
       height_cm=(78, 86), kg_per_100cm=28, gbp_per_100cm=(700, 1200), assembly="legs",
       delivery="two_person", made_to_order_share=0.5, warranty_years=10),
    _t("armchair", "Armchair", "furniture", 5, materials=FABRICS, finishes=FABRIC_FINISHES,
       sizes=(("standard", 82.0),), depth_cm=(80, 90), height_cm=(78, 90), kg_per_100cm=32,
       gbp_per_100cm=(800, 1300), assembly="legs", delivery="two_person", made_to_order_share=0.4),
    _t("bed_frame", "Bed", "furniture", 6, materials=("solid oak", "solid walnut", "linen"),
       finishes=WOOD_FINISHES, sizes=BED_SIZE_ROWS, depth_cm=(205, 215), height_cm=(95, 120),
       kg_per_100cm=35, gbp_per_100cm=(550, 950), assembly="in_home", delivery="two_person",
       warranty_years=10),
    _t("bookshelf", "Bookshelf", "furniture", 5, materials=WOOD + ("powder-coated steel",),
       finishes=WOOD_FINISHES + ("Black",), sizes=(("narrow", 60.0), ("wide", 100.0)),
       depth_cm=(30, 38), height_cm=(180, 200), kg_per_100cm=40, gbp_per_100cm=(500, 900),
       assembly="two_person", delivery="two_person", warranty_years=10),
    _t("sideboard", "Sideboard", "furniture", 4, materials=WOOD, finishes=WOOD_FINISHES,
       sizes=(("150 cm", 150.0), ("180 cm", 180.0)), depth_cm=(42, 48), height_cm=(75, 82),
       kg_per_100cm=32, gbp_per_100cm=(600, 900), assembly="none", delivery="two_person",
       warranty_years=10),
    _t("coffee_table", "Coffee Table", "furniture", 5, materials=WOOD + ("mango wood",),
       finishes=WOOD_FINISHES, sizes=(("round 80 cm", 80.0), ("rectangular 120 cm", 120.0)),
       depth_cm=(60, 80), height_cm=(35, 42), kg_per_100cm=22, gbp_per_100cm=(350, 600),
       assembly="legs", delivery="two_person"),
    _t("desk", "Desk", "furniture", 4, materials=WOOD, finishes=WOOD_FINISHES,
       sizes=(("120 cm", 120.0), ("140 cm", 140.0)), depth_cm=(60, 70), height_cm=(74, 76),
       kg_per_100cm=25, gbp_per_100cm=(450, 700), assembly="simple", delivery="two_person",
       warranty_years=10),
    _t("bedside_table", "Bedside Table", "furniture", 5, materials=WOOD + ("rattan",),
       finishes=WOOD_FINISHES, sizes=(("standard", 45.0),), depth_cm=(35, 40), height_cm=(50, 60),
       kg_per_100cm=25, gbp_per_100cm=(450, 800), assembly="none"),
    # lighting
    _t("table_lamp", "Table Lamp", "lighting", 7, materials=("ceramic", "brass", "linen shade"),
       finishes=("Chalk", "Brushed Brass", "Terracotta", "Sage Glaze", "Black"),
       sizes=(("small", 25.0), ("large", 35.0)), depth_cm=(25, 35), height_cm=(40, 65),
       kg_per_100cm=8, gbp_per_100cm=(300, 700), assembly="none",
       extra={"fittings": ("E27", "E14", "B22"), "watts": (25, 40, 60)}),
    _t("bedside_lamp", "Bedside Lamp", "lighting", 5, materials=("ceramic", "brass", "linen shade"),
       finishes=("Chalk", "Brushed Brass", "Sage Glaze", "Black"), sizes=(("standard", 18.0),),
       depth_cm=(18, 22), height_cm=(30, 40), kg_per_100cm=10, gbp_per_100cm=(400, 800),
       assembly="none", extra={"fittings": ("E14", "E14", "E27"), "watts": (25, 40)}),
    _t("floor_lamp", "Floor Lamp", "lighting", 5, materials=("brass", "powder-coated steel"),
       finishes=("Brushed Brass", "Black", "Chalk"), sizes=(("standard", 40.0),), depth_cm=(30, 40),
       height_cm=(150, 175), kg_per_100cm=15, gbp_per_100cm=(400, 700), assembly="simple",
       extra={"fittings": ("E27", "E27", "E14"), "watts": (40, 60)}),
    _t("pendant_light", "Pendant Light", "lighting", 5, materials=("brass", "glass", "rattan"),
       finishes=("Brushed Brass", "Smoked Glass", "Clear Glass", "Natural"),
       sizes=(("30 cm", 30.0), ("45 cm", 45.0)), depth_cm=(30, 45), height_cm=(25, 40),
       kg_per_100cm=6, gbp_per_100cm=(300, 600), assembly="electrician",
       extra={"fittings": ("E27", "GU10"), "watts": (40, 60)}),
    _t("wall_light", "Wall Light", "lighting", 4, materials=("brass", "ceramic", "glass"),
       finishes=("Brushed Brass", "Chalk", "Black"), sizes=(("standard", 15.0),), depth_cm=(12, 20),
       height_cm=(20, 30), kg_per_100cm=8, gbp_per_100cm=(500, 900), assembly="electrician",
       extra={"fittings": ("GU10", "E14"), "watts": (25, 40)}),
    # kitchen
    _t("saucepan", "Saucepan", "kitchen", 5, materials=("stainless steel tri-ply", "copper",
       "hard-anodised aluminium"), finishes=("Polished", "Brushed", "Graphite"),
       sizes=(("16 cm", 16.0), ("18 cm", 18.0), ("20 cm", 20.0)), depth_cm=(16, 20),
       height_cm=(9, 12), kg_per_100cm=6, gbp_per_100cm=(300, 600), assembly="none"),
    _t("frying_pan", "Frying Pan", "kitchen", 5, materials=("carbon steel", "stainless steel tri-ply",
       "hard-anodised aluminium"), finishes=("Natural", "Brushed", "Graphite"),
       sizes=(("24 cm", 24.0), ("28 cm", 28.0)), depth_cm=(24, 28), height_cm=(5, 6),
       kg_per_100cm=5, gbp_per_100cm=(200, 400), assembly="none"),
    _t("casserole", "Casserole Dish", "kitchen", 4, materials=("enamelled cast iron",),
       finishes=("Cream", "Sage", "Deep Blue", "Flame"), sizes=(("24 cm", 24.0), ("28 cm", 28.0)),
       depth_cm=(24, 28), height_cm=(12, 16), kg_per_100cm=20, gbp_per_100cm=(500, 800),
       assembly="none"),
    _t("stockpot", "Stockpot", "kitchen", 3, materials=("stainless steel tri-ply",),
       finishes=("Polished", "Brushed"), sizes=(("24 cm", 24.0),), depth_cm=(24, 26),
       height_cm=(20, 24), kg_per_100cm=12, gbp_per_100cm=(400, 600), assembly="none"),
    _t("stovetop_kettle", "Stovetop Kettle", "kitchen", 3, materials=("stainless steel tri-ply",
       "enamelled cast iron", "copper"), finishes=("Polished", "Cream", "Black"),
       sizes=(("1.5 litre", 22.0),), depth_cm=(20, 22), height_cm=(20, 24), kg_per_100cm=6,
       gbp_per_100cm=(250, 450), assembly="none"),
    _t("dinnerware", "Dinnerware Set", "kitchen", 4, materials=("stoneware",),
       finishes=("Chalk", "Speckled Oat", "Sage Glaze", "Ink"), sizes=(("12-piece", 30.0),
       ("16-piece", 30.0)), depth_cm=(30, 30), height_cm=(20, 25), kg_per_100cm=25,
       gbp_per_100cm=(300, 500), assembly="none"),
    # bedding
    _t("duvet_cover", "Duvet Cover", "bedding", 6, materials=("cotton percale", "stonewashed linen",
       "cotton sateen"), finishes=("White", "Oat", "Sage", "Clay", "Dusk Blue"), sizes=BED_SIZE_ROWS,
       depth_cm=(200, 220), height_cm=(1, 1), kg_per_100cm=0.8, gbp_per_100cm=(60, 120),
       assembly="none"),
    _t("fitted_sheet", "Fitted Sheet", "bedding", 5, materials=("cotton percale", "stonewashed linen",
       "cotton sateen"), finishes=("White", "Oat", "Sage", "Clay"), sizes=BED_SIZE_ROWS,
       depth_cm=(190, 200), height_cm=(1, 1), kg_per_100cm=0.5, gbp_per_100cm=(30, 60),
       assembly="none"),
    _t("duvet", "Duvet", "bedding", 4, materials=("duck down", "hollowfibre"),
       finishes=("4.5 tog", "10.5 tog", "13.5 tog"), sizes=BED_SIZE_ROWS, depth_cm=(200, 220),
       height_cm=(3, 6), kg_per_100cm=1.2, gbp_per_100cm=(80, 180), assembly="none"),
    _t("pillow", "Pillow", "bedding", 3, materials=("duck down", "hollowfibre"),
       finishes=("Soft", "Medium", "Firm"), sizes=(("standard", 50.0),), depth_cm=(75, 75),
       height_cm=(12, 16), kg_per_100cm=2, gbp_per_100cm=(60, 140), assembly="none"),
    _t("mattress", "Mattress", "bedding", 4, materials=("pocket springs",),
       finishes=("Medium", "Medium-Firm", "Firm"), sizes=BED_SIZE_ROWS, depth_cm=(190, 200),
       height_cm=(24, 30), kg_per_100cm=20, gbp_per_100cm=(400, 800), assembly="none",
       delivery="two_person", warranty_years=10),
    _t("throw", "Throw", "bedding", 3, materials=("wool", "stonewashed linen", "cotton"),
       finishes=("Oat", "Rust", "Moss", "Charcoal"), sizes=(("130 x 180 cm", 130.0),),
       depth_cm=(180, 180), height_cm=(1, 1), kg_per_100cm=1, gbp_per_100cm=(60, 140),
       assembly="none"),
    # decor
    _t("rug", "Rug", "decor", 6, materials=("wool", "jute", "cotton"),
       finishes=("Natural", "Rust", "Ink", "Moss", "Stone"),
       sizes=(("120 x 170 cm", 120.0), ("160 x 230 cm", 160.0), ("200 x 300 cm", 200.0)),
       depth_cm=(170, 300), height_cm=(1, 2), kg_per_100cm=6, gbp_per_100cm=(150, 300),
       assembly="none"),
    _t("mirror", "Mirror", "decor", 5, materials=("solid oak", "brass", "rattan"),
       finishes=("Natural Oak", "Brushed Brass", "Black", "Natural"),
       sizes=(("round 60 cm", 60.0), ("arched 90 cm", 90.0)), depth_cm=(3, 5), height_cm=(60, 160),
       kg_per_100cm=12, gbp_per_100cm=(250, 450), assembly="none"),
    _t("vase", "Vase", "decor", 4, materials=("stoneware", "glass"),
       finishes=("Chalk", "Smoked Glass", "Speckled Oat", "Sage Glaze"),
       sizes=(("small", 12.0), ("large", 20.0)), depth_cm=(12, 20), height_cm=(20, 40),
       kg_per_100cm=8, gbp_per_100cm=(200, 400), assembly="none"),
    _t("cushion", "Cushion", "decor", 5, materials=("stonewashed linen", "velvet", "wool"),
       finishes=("Oat", "Rust", "Sage", "Ink Blue", "Chalk"),
       sizes=(("45 x 45 cm", 45.0), ("30 x 50 cm", 50.0)), depth_cm=(15, 15), height_cm=(30, 45),
       kg_per_100cm=2, gbp_per_100cm=(80, 140), assembly="none"),
    _t("candle_holder", "Candle Holder", "decor", 3, materials=("brass", "stoneware"),
       finishes=("Brushed Brass", "Chalk", "Black"), sizes=(("standard", 10.0),),
       depth_cm=(10, 12), height_cm=(8, 25), kg_per_100cm=6, gbp_per_100cm=(250, 450),
       assembly="none"),
    _t("curtain", "Curtains", "decor", 4, materials=("stonewashed linen", "velvet"),
       finishes=("Oat", "Sage", "Ink Blue", "Rust", "Chalk"),
       sizes=(("W 140 x D 228 cm", 140.0), ("W 228 x D 228 cm", 228.0)), depth_cm=(228, 228),
       height_cm=(1, 1), kg_per_100cm=1.5, gbp_per_100cm=(70, 120), assembly="none"),
)
