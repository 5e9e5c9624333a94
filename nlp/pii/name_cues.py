"""The words around a name that give it away, from English usage and support mail conventions.

- before: titles ("Mrs", "Dr"), introductions ("my name is", "call me"), greetings ("Dear",
  "Hi"), people a customer mentions ("my neighbour", "spoke to", "c/o", "him and");
- sign-offs: a name after "Kind regards," or "Thanks" at the end of a line;
- after: verbs only people do ("Sam said", "Priya lives at"), family possessives ("Jo's
  husband"), and a speaker label at a line start ("Ola: ...");
- words that look like names but never are in this shop's mail: days, months, product types,
  street and unit words, carriers, greetings.
"""

from __future__ import annotations

import re
from typing import Final

from nlp.pii.patterns import word_set

TITLE: Final = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Madam|Herr|Frau|Mme|Mlle|Sr|Sra|Srta|"
    r"Señor|Señora|Signor|Signora|Sig|Fr|Rev)\.?"
)
RELATIVE: Final = (
    r"(?:husband|wife|partner|son|daughter|kid|kids|child|mother|father|mum|mom|dad|"
    r"neighbou?r|friend|colleague|brother|sister|flatmate|roommate|landlord|landlady|boss|carer|"
    r"cousin|aunt|uncle|gran|grandma|grandad|grandpa|niece|nephew|fianc[ée]e?|assistant)"
)
CUE_BEFORE: Final = re.compile(
    rf"(?:\b{TITLE}|\bname\s*(?:is|was|:|-|\?)|\bnamed|\bcalled|\bcalls?\s+me|\bknown\s+as|"
    r"\bthis\s+is|\bI\s*'?\s*a?m|\bI’m|\bit'?s|\bdear|\bhi|\bhello|\bhey|\bhiya|"
    r"\bspoke\s+(?:to|with)|\bspeak\s+(?:to|with)|\btalked\s+to|\bchatted\s+(?:to|with)|"
    r"\bask(?:ed)?\s+for|\b(?:said|asked|replied|told|thanked|messaged|emailed)|\bsigned\s+(?:for\s+)?by|\bc/o|\battn:?|\battention\s+of|"
    r"\bcardholder\s*:?|\baccount\s+holder\s*:?|\bon\s+behalf\s+of|\bfollow\s+up\s+with|"
    rf"\b(?:my|his|her|our|their)\s+{RELATIVE}(?:\s*,)?|\b(?:him|her|me|us)\s+and|"
    r"\b(?:agent|advisor|adviser|courier|driver|rep(?:resentative)?)(?:\s+called)?\s*,?)"
    r"[ \t]*$",
    re.IGNORECASE,
)
# Strong enough that a name after them may be written in lower case ("my name is priya").
CUE_LOWERCASE: Final = re.compile(
    r"(?:\bname\s*(?:is|:|-)|\bcalls?\s+me|\bthis\s+is|\bspeak\s+to|\bspoke\s+to|"
    r"\bfollow\s+up\s+with)\s*$",
    re.IGNORECASE,
)
CLOSING: Final = re.compile(
    r"(?:^|[\n.!?]\s*)(?:thanks(?:\s+again)?|thank\s+you|many\s+thanks|thx|ta|cheers|regards|"
    r"kind\s+regards|best\s+regards|warm\s+regards|warmest\s+regards|best(?:\s+wishes)?|"
    r"all\s+the\s+best|sincerely|yours(?:\s+(?:truly|sincerely|faithfully))?|love|take\s+care|"
    r"speak\s+soon|bye|mit\s+freundlichen\s+grüßen|viele\s+grüße|liebe\s+grüße|lg|mfg|"
    r"cordialement|merci)\s*[!.,:;-]*[ \t]*\n?[ \t]*(?:[-–—~][ \t]*)?$",
    re.IGNORECASE,
)
HUMAN_VERBS: Final = (
    r"(?:lives|lived|said|says|told|tells|asked|asks|shouted|replied|answered|spent|began|"
    r"wrote|writes|works|worked|phoned|rang|emailed|visited|married|gave|gives|had\s+given|"
    r"has\s+given|wants|wanted|thinks|thought|knows|knew|loves|loved|smiled|laughed|cried|"
    r"signed|was\s+born|is\s+from|comes\s+from|came\s+from|moved|will\s+be\s+(?:talking|"
    r"speaking|joining|calling|visiting))"
)
AFTER_NAME: Final = re.compile(
    rf"(?:['’]s\s+{RELATIVE}\b|\s+{HUMAN_VERBS}\b|\s+(?:and\s+I|&\s+I)\b)",
    re.IGNORECASE,
)
# A verb right after a capitalised word that is not English: "Sunniva is", "Ignác has".
VERB_AFTER: Final = re.compile(
    r"[ \t]+(?:is|was|has|had|will|would|can|could|just|also|never|always|really|did|does|"
    r"isn't|wasn't|doesn't|didn't|won't|can't)\b",
    re.IGNORECASE,
)
VOCATIVE_AFTER: Final = re.compile(
    r"[ \t]*,[ \t]*(?:can|could|would|will|please|do|did|are|is|have|i|we|you)\b", re.IGNORECASE
)
SPEAKER_LABEL: Final = re.compile(r"[ \t]*:")
LINE_START: Final = re.compile(r"(?:^|\n)[ \t>*•?-]*$")

NEVER_NAME: Final = word_set(
    """the a an this that these those my our your their his her its it we you they he she i me
    and but or so if when where what why how who which please thanks thank hi hello hey dear yes
    no ok okay sorry also just can could would should is are was were do does did have has had any
    all some order orders item items parcel delivery refund return returns monday tuesday wednesday
    thursday friday saturday sunday january february march july september october november december
    street road lane avenue drive court place square close way hill park station bookshelf rug
    table lamp sofa bed desk chair mirror vase throw cushion duvet pillow light set kettle pan
    mattress sideboard armchair curtains sheet dish holder stockpot saucepan cover dining coffee
    bedside candle casserole fitted floor frying pendant stovetop wall dinnerware hollin reed
    kind best regards cheers many love warm yours sincerely mr mrs ms miss dr not none support team
    there all everyone guys folks again customer service sir madam apt apartment suite unit flat
    box po psc name phone mobile email e-mail tel fax address subject from to re fwd note date
    website office desk evri hermes dpd ups fedex usps dhl royal mail parcelforce amazon ebay
    paypal visa mastercard klarna google apple iphone android whatsapp uk us usa eu zip postcode
    city country state bot assistant agent customer user info details notes company title by"""
)
# Support vocabulary of the shop's other markets that the English NER takes for names
# ("Guten Tag", "Lieferadresse", "Bestellnummer").
MARKET_WORDS: Final = word_set(
    """guten tag morgen abend hallo moin servus bitte danke dank vielen grüße grüßen grüssen gruß
    liebe lieber
    geehrte geehrter damen herren rechnung bestellung bestellnummer lieferung lieferadresse
    adresse anschrift paket sendung rücksendung rückgabe erstattung kundennummer kundenservice
    telefon handy ware artikel kontoinhaber kontoinhaberin überweisung bonjour bonsoir madame
    monsieur merci commande livraison colis facture remboursement hola buenos buenas días gracias
    pedido factura envío dirección ciao grazie ordine"""
)
# The last word of a company or an institution, not of a person: "Smith Ltd", "Davis Orchestra".
ORG_WORDS: Final = word_set(
    """inc ltd llc llp plc gmbh ag sa bv co corp corporation company group partners holdings
    technologies technology systems solutions services consulting agency associates bank
    university college school hospital orchestra band foundation institute society club trust
    markets labs media studios networks industries international limited museum gallery hotel
    restaurant cafe shop store"""
)
# A lower-case word after a given name that is a verb or a function word, not a surname.
NOT_SURNAME_LOWER: Final = word_set(
    """is was has had have will would can could and or but to from at in on of for with by about
    lives lived said says told asked wants wanted called calls spent began works worked wrote
    loves likes thinks knows got gets went goes came comes made makes here there too also who
    the a an it that this my your his her our their just please thanks"""
)
