"""Word pools for the generated shop. Product stems deliberately include place and first names
(Victoria, Denver, Florence) because real catalogues do, and the PII masker must not mistake them
for people or places."""

PRODUCT_STEMS = (
    "Aldgate Alder Arden Ashby Astor Avon Bamburgh Barnes Beaumont Bexley Blythe Bodmin Bowness "
    "Bramley Brixton Burford Calder Camden Carlton Chelsea Clifton Colby Conway Corfe Dalton "
    "Denver Devon Dorset Dover Eden Elgin Eliza Ellis Elsworth Emery Esher Evie Exmoor Fenwick "
    "Finch Florence Foxley Frome Garrick Grace Greta Hadley Halden Hampton Harlow Harper Hartley "
    "Hazel Heath Holland Hudson Hugo Ingram Iona Isla Ivy Jasper Juno Keswick Kendal Kew Kingsley "
    "Lark Linden Lois Ludlow Lyme Mabel Maple Marlow Mayfair Melrose Milo Monroe Morley Nell "
    "Newlyn Norfolk Oakley Olive Orla Oslo Otis Padstow Pembroke Penrose Perry Poppy Quinn Radley "
    "Ramsey Richmond Ripley Rowan Rye Salcombe Sawyer Selby Sherwood Sienna Skye Soho Stanley "
    "Stella Tamar Thame Theo Thornbury Tilly Truro Tulsa Upton Vera Victoria Walden Wells Whitby "
    "Willa Winslow Wren York Zara Amble Brora Cley Dunster Fowey Hove Ilkley Jura Kinross Lewes "
    "Malvern Nairn Orford Portree Rosslyn Settle Tenby Ullswater Ventnor Wivenhoe"
).split()

FIRST_NAMES = {
    "UK": "Oliver Amelia George Isla Harry Ava Jack Mia Charlie Sophie Thomas Grace James Lily "
    "William Emily Alfie Freya Henry Poppy Joshua Evie Daniel Ella Samuel Ruby Edward Chloe "
    "Lewis Hannah Owen Alice Rhys Megan Callum Eilidh Fraser Niamh Aidan Siobhan".split(),
    "US": "Liam Olivia Noah Emma Ethan Ava Mason Sophia Logan Isabella Lucas Mia Jackson "
    "Charlotte Aiden Amelia Elijah Harper Caleb Abigail Carter Madison Wyatt Avery Hunter "
    "Ella Landon Scarlett Connor Chloe Diego Camila Mateo Valentina Jamal Aaliyah Darius "
    "Imani Kenji Priya".split(),
    "DE": "Lukas Emma Leon Mia Finn Hannah Jonas Sofia Paul Lea Felix Lena Maximilian Marie "
    "Elias Anna Noah Lina Ben Clara Moritz Johanna Jan Greta Tim Luisa Niklas Ida Jannik "
    "Paula Tobias Frieda Florian Carla Sebastian Mathilda Julian Jule Stefan Käthe".split(),
}

LAST_NAMES = {
    "UK": "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
    "Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Hughes Edwards "
    "Turner Morgan Cooper Ward Harrison Lewis Macdonald Campbell Murphy O'Brien Ahmed Okafor "
    "Fletcher Pemberton Ashworth Whitfield".split(),
    "US": "Johnson Williams Miller Davis Garcia Rodriguez Martinez Anderson Thomas Moore "
    "Martin Jackson Lee Perez Thompson Harris Sanchez Clark Ramirez Lewis Robinson Walker "
    "Young Allen King Scott Nguyen Hill Flores Adams Nelson Baker Rivera Campbell Mitchell "
    "Carter Roberts Kowalski Okonkwo Yamamoto".split(),
    "DE": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
    "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
    "Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann "
    "König Walter Mayer Huber Yilmaz".split(),
}

# (city, region, postcode pattern) — '#' is a digit, 'L' a letter.
CITIES = {
    "UK": [
        ("London", None, "SW# #LL"), ("London", None, "N## #LL"), ("Bristol", None, "BS# #LL"),
        ("Manchester", None, "M## #LL"), ("Leeds", None, "LS# #LL"), ("Edinburgh", None, "EH# #LL"),
        ("Glasgow", None, "G## #LL"), ("Cardiff", None, "CF## #LL"), ("Brighton", None, "BN# #LL"),
        ("York", None, "YO## #LL"), ("Bath", None, "BA# #LL"), ("Norwich", None, "NR# #LL"),
        ("Oxford", None, "OX# #LL"), ("Belfast", None, "BT# #LL"), ("Newcastle", None, "NE# #LL"),
    ],
    "US": [
        ("Portland", "OR", "972##"), ("Seattle", "WA", "981##"), ("Austin", "TX", "787##"),
        ("Chicago", "IL", "606##"), ("Brooklyn", "NY", "112##"), ("Boston", "MA", "021##"),
        ("Denver", "CO", "802##"), ("Atlanta", "GA", "303##"), ("San Diego", "CA", "921##"),
        ("Minneapolis", "MN", "554##"), ("Nashville", "TN", "372##"), ("Philadelphia", "PA", "191##"),
        ("Phoenix", "AZ", "850##"), ("Raleigh", "NC", "276##"), ("Madison", "WI", "537##"),
    ],
    "DE": [
        ("Berlin", None, "10###"), ("Hamburg", None, "20###"), ("München", None, "80###"),
        ("Köln", None, "50###"), ("Frankfurt am Main", None, "60###"), ("Stuttgart", None, "70###"),
        ("Düsseldorf", None, "40###"), ("Leipzig", None, "04###"), ("Dresden", None, "01###"),
        ("Hannover", None, "30###"), ("Nürnberg", None, "90###"), ("Bremen", None, "28###"),
        ("Freiburg im Breisgau", None, "79###"), ("Münster", None, "48###"), ("Heidelberg", None, "69###"),
    ],
}

STREETS = {
    "UK": "Mill Lane|Church Road|Station Road|Victoria Street|Park Avenue|The Crescent|High Street|"
    "Kings Road|Orchard Close|Elm Grove|Meadow Way|Queens Terrace|Cavendish Place|Brook Street|"
    "Windmill Hill|Albion Road".split("|"),
    "US": "Maple Avenue|Oak Street|Cedar Lane|Pine Street|Elm Street|Washington Avenue|Lakeview "
    "Drive|Hillcrest Road|Sunset Boulevard|Park Place|Highland Avenue|Willow Court|Main Street|"
    "Chestnut Street|Riverside Drive|Magnolia Way".split("|"),
    "DE": "Hauptstraße|Lindenstraße|Bahnhofstraße|Gartenstraße|Schillerstraße|Goethestraße|"
    "Bergstraße|Kirchweg|Ahornweg|Rosenstraße|Am Markt|Schulstraße|Friedrichstraße|Mozartstraße|"
    "Birkenallee|Uferstraße".split("|"),
}

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
