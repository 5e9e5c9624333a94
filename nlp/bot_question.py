"""Questions about who answers: "are you a bot?", and a plain request for a person.

The classifier reads "are you a real person?" as a request for one: the words are nearly the
same, and a senior agent is then handed a question the assistant can answer honestly in one
sentence. A customer who asks and also wants a person ("if you're a bot, get me a human") is
asking for a person, and is left to the classifier.

The other way round, a long message that ends "I think I need to explain this to an actual
person" reads as its subject (a return), and the gate would answer the return. Saying in so
many words that they want to speak to a person is the customer's choice, whatever else the
message is about (`asks_for_a_person`).
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

# "are you a person who can refund me?" asks about powers, not about who is typing.
_WHO = (
    r"(?:a |an )?(?:bot|robot|chat ?bot|ai|computer program|real person|real human"
    r"|actual person|actual human|human|person)\b(?! (?:who|that|which)\b)"
)
_ASKS_WHO = re.compile(
    # "are you a bot?", "r u an AI", "are you a real person?"
    rf"\b(?:are|r) (?:you|u) {_WHO}"
    # "is this a bot?", "is this chat run by a person or a program?"
    rf"|\bis (?:this|that) (?:chat )?(?:run by )?{_WHO}"
    rf"|\b(?:this|the) chat (?:is )?(?:run|answered|staffed|written) by {_WHO}"
    # "am I talking to a robot?", "are we chatting with a human?"
    rf"|\b(?:am i|are we) (?:talking|speaking|chatting|writing) (?:to|with) {_WHO}"
    # "is there an actual human typing these answers?"
    r"|\bis (?:there )?(?:an? )?(?:actual|real) (?:human|person) (?:typing|replying|answering"
    r"|writing|reading)\b",
    re.IGNORECASE,
)
_PERSON = r"(?:a |an |to )?(?:real |actual )?(?:human|person|someone|somebody|agent|colleague)\b"
_WANTS_PERSON = re.compile(
    # "get me a human", "put me through to a person", "pass me to someone"
    rf"\b(?:get|put|pass|transfer|connect|hand|send) (?:me )?(?:through |over )?(?:to )?{_PERSON}"
    # "speak to a person", "talk with someone", "go through it with a real person"
    rf"|\b(?:speak|talk|chat|go through (?:it|this)) (?:to|with) {_PERSON}"
    # "I want a human", "I'd rather have a person", "need someone"
    rf"|\b(?:want|need|like|rather|prefer)(?: to (?:have|get))? {_PERSON}"
    # "real person please", "can a real person look at this"
    r"|\b(?:real|actual) (?:human|person) (?:please|pls|plz|now|asap)\b"
    r"|\b(?:can|could) (?:a|an) (?:real |actual )?(?:human|person|someone)\b",
    re.IGNORECASE,
)


# Languages a customer may ask a person to speak ("is there anyone who speaks German?").
_LANGUAGE = (
    r"(?:german|deutsch|french|spanish|italian|portuguese|dutch|polish|turkish|arabic|russian"
    r"|ukrainian|romanian|greek|chinese|mandarin|cantonese|japanese|korean|hindi|urdu|welsh)\b"
)
_SOMEONE_REAL = (
    r"(?:a |an |the )?(?:real |actual |live |proper )?(?:human(?: being)?|person|agent"
    r"|member of (?:staff|the team|your team)|someone real|somebody real)\b"
    r"(?! (?:who|that|which)\b)"  # "the person who bought it" is not someone to talk to
)
_ASKS_FOR_PERSON = re.compile(
    # "I'd rather talk to a person", "I need to explain this to an actual person"
    r"\b(?:speak|talk|chat|explain (?:it|this|that|things|myself|everything)"
    rf"|go through (?:it|this|that))(?: this| it| that)? (?:to|with) {_SOMEONE_REAL}"
    # "can we speak with a real person who cancel this for her?": a real person who can do it
    # is still someone to talk to ("talk to the person who bought it" is not, above)
    r"|\b(?:speak|talk|chat) (?:to|with) (?:a |an )?(?:real|actual|live) (?:human(?: being)?"
    r"|person) who\b"
    # "put me through to a HUMAN BEING", "pass this to an agent"
    rf"|\b(?:get|put|pass|transfer|connect|hand|escalate) (?:me|this|it)? ?(?:through |over )?"
    rf"to {_SOMEONE_REAL}"
    # "I'd honestly rather a person dealt with this", "would it be possible for one of your
    # team to take this on personally?", "I'd really prefer one of your team handled this"
    rf"|\brather (?:have |had |get )?{_SOMEONE_REAL}"
    r"|\b(?:one of|someone (?:on|from|in)|somebody (?:on|from|in)) (?:your|the) (?:team|staff)"
    r" (?:to )?(?:take|took|handled?|deal|dealt|look(?:ed)?|calls?|rings?|phones?|contact"
    r"|personally|own)\b"
    # "it would be simpler if somebody on your end could just talk to him", "could someone
    # just give me a ring?"
    r"|\b(?:someone|somebody) (?:on|at|from) (?:your|the) (?:end|side)\b[^.?!]{0,25}"
    r"\b(?:talk|speak|call|ring|phone)\b"
    r"|\b(?:could|can|would) (?:someone|somebody) (?:just |please )?(?:give (?:me|us|him|her) a"
    r" (?:ring|call|bell)|(?:ring|call|phone) (?:me|us|him|her))\b"
    # "I'd like to speak to someone on your team about a problem with our bed", "Can I speak to
    # someone?" ("I'd rather speak to someone than type" asks for our phone number)
    r"|\b(?:speak|talk|chat) (?:to|with) (?:someone|somebody)(?: (?:on|from|in|at) (?:your|the)"
    r" (?:team|staff|end|side))?\b(?! (?:than|on the phone|by phone|over the phone)\b)"
    # "I want a manager who can make an exception", "let me speak to your supervisor": someone
    # with more say, whatever follows ("who can ..." still asks for them)
    r"|\b(?:want|need|demand|ask(?:ing)? for|get me|speak to|talk to|speak with|talk with) "
    r"(?:a |an |the |your )?(?:manager|supervisor|team leader|someone senior|somebody senior"
    r"|senior (?:member of staff|colleague|agent))\b"
    # ...but "I want someone senior to look at it again" appeals a decision: a complaint
    r"(?! to (?:look at|review|reconsider|go over|check) (?:it|this|that|the \w+|my \w+) again)"
    # "Could an actual person chase the courier for me?", "I am done talking to a machine."
    r"|\b(?:can|could) (?:a|an) (?:real|actual|live) (?:human|person)\b(?! (?:who|that|which)\b)"
    # "Could a person please cancel it for me?" after the button failed three times ("can a
    # person cancel after dispatch?" asks about the rules, and is left alone)
    r"|\b(?:can|could|would) (?:a|an) (?:human|person) (?:please\b|[^.?!]{0,40}\bfor (?:me|us)\b)"
    # "Can I get a real person to fix the address?", "Could a member of your staff just cancel
    # it for me?"
    rf"|\b(?:can|could|may) (?:i|we) (?:get|have) {_SOMEONE_REAL} to\b"
    r"|\b(?:can|could|would) (?:a|one) member of (?:your |the )?(?:staff|team)\b"
    # "he'd rather hear an actual voice", "can you put me in touch?", "talk this through with
    # whoever plans the deliveries", "go through the delivery with a member of your staff", "I'd
    # like to tell their manager myself"
    r"|\bhear(?:ing)? (?:an? )?(?:actual|real|human|live|friendly) (?:human )?voice\b"
    r"|\bput (?:me|us|him|her|them) in touch\b(?! with [^.?!]{0,20}\bcustomers\b)"
    # "Could I run it past one of your team, please?", "I'd just like a straight answer from a
    # person" (wanted, not reported: "I got an answer from an agent yesterday" asks for no one)
    r"|\brun (?:it|this|that|something|my question) (?:past|by) (?:someone|somebody|one of your"
    rf" (?:team|staff|people)|{_SOMEONE_REAL})"
    r"|\b(?:like|want|need|prefer|rather have|get) (?:a |an )?(?:straight |proper |clear |real )?"
    rf"(?:answer|reply|response) from {_SOMEONE_REAL}"
    # "I'd like to talk a sofa purchase through with a real person before I commit"
    rf"|\b(?:talk|go) (?:[\w'-]+ ){{1,4}}(?:through|over) with {_SOMEONE_REAL}"
    # "Could I talk it over with somebody on your team?"
    r"|\b(?:talk|go) (?:it |this |that |things |everything )?(?:through|over)\b[^.?!]{0,60}?\bwith "
    r"(?:whoever|someone|somebody|a member of (?:your |the )?(?:staff|team)|one of your"
    r" (?:team|staff|people))\b"
    # Someone asked to take this chat on: "can you get one of them to pick this chat up when
    # they start?", "could someone join the conversation?"
    # ("I'll pick the chat up again tomorrow" and "I'd like to pick up the conversation where we
    # left off" are the customer's own doing)
    r"|\b(?:one of (?:them|you|your (?:team|staff|colleagues|agents|people))|someone|somebody"
    r"|anyone|anybody|a (?:person|human|colleague)|an agent)(?: (?:\w+ ){0,3}?(?:to|could|can"
    r"|will|would))? (?:please |just )?(?:pick (?:this|the|my) (?:chat|conversation) up|pick up"
    r" (?:this|the|my) (?:chat|conversation))\b"
    r"|\b(?:take over|join|jump (?:in ?to|on)) (?:this|the|my) (?:chat|conversation)\b"
    r"|\btell (?:their|your|the) (?:manager|boss|supervisor) (?:myself|personally|directly"
    r"|in person)\b"
    # "is there anyone there who's allowed to use a bit of discretion?", "is there somebody on
    # your side with the authority to phone them and turn it round?"
    r"|\b(?:anyone|anybody|someone|somebody)\b[^.?!]{0,30}\b(?:allowed|authori[sz]ed|able) to "
    r"(?:use|exercise|show) (?:a bit of |a little |some )?discretion\b"
    # (asked as a question: "a reply from someone with the authority to act" closes a complaint)
    r"|\b(?:is|are) there (?:anyone|anybody|someone|somebody)\b[^.?!]{0,30}\bwith (?:the )?"
    r"authority to\b"
    # Someone on the team asked to take the customer on by another channel: "I'd be grateful if
    # someone in your accounts team could correspond with me directly by email", "for someone
    # on your team to pick this up with me over email"
    r"|\b(?:anyone|anybody|someone|somebody) (?:on|in|from|at) (?:your|the) (?:\w+ )?(?:team"
    r"|staff|department|office|end|side)\b[^.?!]{0,40}?\b(?:could|can|would|to) (?:\w+ ){0,2}?"
    r"(?:correspond|(?:call|ring|phone|email|write to|contact|talk to|speak to|speak with"
    r"|talk with)(?: me| us| him| her| back)|pick (?:this|it) up|deal with (?:me|us|this|it))\b"
    # A person's own experience, which no product page holds: "is there anybody on your team
    # who's actually sat on one and could tell me honestly how firm the seat is?"
    r"|\b(?:anyone|anybody|someone|somebody|any of you|one of you)\b[^.?!]{0,40}\bwho(?:'s| has"
    r"| have|'ve)? (?:actually |personally |really )?(?:sat|slept|lain|tried|used|owned|tested)"
    r"(?: on| in)? (?:one|it|them|this|that|these|those)\b"
    # "Could someone from your team get in touch and arrange for it to be picked up?": a
    # person asked to take the case on, however the message goes on
    r"|\b(?:could|can|would) (?:someone|somebody|one of you|one of your (?:team|staff|people)"
    r"|a member of (?:your |the )?(?:staff|team))(?: (?:on|in|from|at) (?:your|the) (?:\w+ )?"
    r"(?:team|staff|department|office|end|side))? (?:please |just |kindly )?(?:get in touch"
    # (not "get in touch with the courier": someone else to contact, not the customer)
    r"(?! with (?!me\b|us\b))|be in touch|get back to (?:me|us)|contact (?:me|us)"
    r"|reach out to (?:me|us))\b"
    # "need an actual person re HR-174367", "I want a real human", "I'd like a real person to
    # chase the refund"
    r"|\b(?:want|need|demand|ask(?:ing)? for|get me|(?:i|we)(?:'d| would) (?:really )?like) "
    r"(?:an? )?(?:real|actual|live|proper) "
    r"(?:human(?: being)?|person)\b(?! (?:who|that|which)\b)(?!'s)"
    # "I think it's time this came off the automated pile and was looked at properly"
    r"|\b(?:off|away from|out of) (?:the |this |your )?(?:automated|automatic|bot|robot|ai)\b"
    r"|\b(?:done|finished|fed up|sick|tired) (?:of |with )?(?:talking|speaking|chatting) "
    r"(?:to|with) (?:a |an |this |the |your )?(?:machine|bot|robot|computer|chat ?bot|ai"
    r"|program)\b"
    # "please can a person help me, not the computer": a person, set against the machine
    # ("a person, not a bot, has to sign for it" asks about the delivery)
    r"|\b(?:can|could|would|want|need|like|prefer|rather) (?:a|an) (?:real |actual |live )?"
    r"(?:human|person)\b[^.?!]{0,30}?,? not (?:a |an |the "
    r"|this |your )?(?:computer|machine|bot|robot|chat ?bot|ai|program|automated)\b"
    # "I'd like someone to ring me about sending back the duvet" ("...to ring me before the
    # van comes" wants the driver's call ahead, not a person to talk to)
    r"|\b(?:like|want|need|prefer|rather) (?:someone|somebody|one of your (?:team|staff)) to "
    r"(?:ring|call|phone) (?:me|us)(?: back)?\b(?! (?:before|when|once|ahead|on arrival|if)\b)"
    # "is there anyone there who speaks german? my mum wants to ring": a person in her language
    rf"|\b(?:anyone|anybody|someone|somebody)\b[^.?!]{{0,20}}?\b(?:who )?speaks? {_LANGUAGE}",
    re.IGNORECASE,
)
# "I'd much rather speak to someone. Which number do I ring?", "I'd rather talk it through with a
# person: what's your US phone number?": the customer will ring us, and asks for the number.
_OUR_NUMBER_NEXT = re.compile(
    r"[.,;:!]? *(?:so |then )?(?:which|what)(?:'s| is)? (?:your |the )?(?:\w+ )?(?:phone "
    r"|telephone )?number\b",
    re.IGNORECASE,
)
# "I don't need to talk to a person", "without speaking to an agent"
_DECLINED = re.compile(
    r"(?:n't|\bnot|\bnever|\bno need|\bwithout|\brather than|\binstead of)\b[^.?!]{0,25}$",
    re.IGNORECASE,
)


def asks_for_a_person(text: str) -> bool:
    """The customer says they want to speak to a person (not that they would rather not)."""
    words = straight_apostrophes(text or "")
    return any(
        not _DECLINED.search(words[: m.start()]) and not _OUR_NUMBER_NEXT.match(words, m.end())
        for m in _ASKS_FOR_PERSON.finditer(words)
    )


def asks_who_is_answering(text: str) -> bool:
    words = straight_apostrophes(text or "")
    return bool(_ASKS_WHO.search(words)) and not _WANTS_PERSON.search(words)
