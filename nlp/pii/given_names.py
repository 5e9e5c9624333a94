"""Given names, written for the project from general knowledge, across the languages customers of
a European/North American shop write in.

Why a list: the small spaCy model misses many names it has not seen in English news text
("Thanks, Siobhan", "Kofi Mensah"). A capitalised word from this list, or one followed by a
surname, is a strong hint. Names that are also everyday English words ("Will", "May", "Grace")
are in AMBIGUOUS and need more evidence (a surname after them, or a cue like "Dear").
"""

from __future__ import annotations

from typing import Final

from nlp.pii.patterns import word_set

_BY_LANGUAGE: Final = (
    # English (UK, US, Ireland, Scotland, Wales, Canada, Australia)
    """aaron abigail adam adrian aidan alan albert alex alexander alexandra alexis alfie alfred
    alice alicia alison amanda amber amelia amy andrea andrew angela angus ann anna anne annie
    anthony archie arthur ashley audrey austin ava barbara barry beatrice becky ben benjamin
    bernard beth bethany betty beverley bill billy bob bobby bonnie brad bradley brandon brenda
    brendan brian bridget brittany brooke bruce bryan caitlin callum calvin cameron carl carla
    carol caroline carolyn carrie casey catherine cathy charles charlie charlotte chelsea cheryl
    chloe chris christina christine christopher cindy claire clara connor conor courtney craig
    crystal cynthia dale damian daniel danielle danny darren dave david dawn dean debbie deborah
    declan denise dennis derek diana diane dominic donald donna doris dorothy douglas duncan
    dylan eddie edith edward eileen elaine eleanor elizabeth ella ellie elliot emily emma eric
    erica erin ethan eugene evelyn fiona florence frances francis freddie frederick gail gareth
    gary gavin gemma geoffrey george georgia gerald gillian gordon graham gregory gwen hannah
    harold harriet harry harvey hayley heather helen henry holly howard hugh ian imogen isaac
    isabel isabella isabelle isla jack jackie jacob jacqueline jake james jamie jane janet
    janice jared jason jean jeff jeffrey jennifer jenny jeremy jessica jill jim jimmy joan
    joanna joanne jodie joe joel john johnny jon jonathan jordan joseph josephine josh joshua
    joyce judith judy julia julian julie justin karen kate katherine kathleen kathryn katie
    kayla keith kelly kenneth kerry kevin kieran kimberly kirsty kyle laura lauren lawrence leah
    lee leon leonard lewis liam lily linda lindsay lisa logan lois lorraine louis louise lucas
    lucy luke lydia lynn madeleine madison maisie malcolm margaret maria marie marilyn martha
    martin mary matthew maureen megan melanie melissa michael michelle mildred molly monica
    morgan nancy naomi natalie nathan neil nicholas nicola nicole nigel noah norman oliver
    olivia oscar owen paige pamela patricia patrick paul paula peter philip phoebe phyllis poppy
    rachel ralph raymond rebecca rhys richard rita robert robin roger ronald rosemary ross roy
    russell ruth ryan sally samantha samuel sandra sara sarah scarlett scott sean sebastian
    shannon sharon sheila shirley simon sophia sophie stacey stanley stephanie stephen steve
    steven stewart stuart susan suzanne sylvia tamsin teresa terry thelma theo theodore thomas
    tiffany timothy tina toby tom tommy tony tracey tracy trevor tyler valerie vanessa vera
    veronica victoria vincent virginia walter wayne wendy william zachary zoe aoife aisling
    ciara ciaran cillian colm deirdre dermot eamon eimear fergus finbar grainne niamh oisin orla
    padraig roisin saoirse seamus sinead siobhan aileen alastair alistair ailsa catriona eilidh
    euan fraser hamish iain kirsteen mhairi morag niall rory ewan ffion gethin iestyn rhiannon
    sian dafydd cerys bronwen branwen llewellyn
    """,
    # German, Austrian, Swiss, Dutch, Flemish
    """andreas anja annika anke annette axel bärbel benedikt bernd birgit björn brigitte carsten
    christa christian christiane christoph claudia clemens cornelia dagmar detlef dieter dirk
    doris elke erik ernst esther eva fabian felix florian frank franz franziska frieda friedrich
    gabriele georg gerd gerhard gertrud gisela gregor gudrun günter günther hannes hans hartmut
    heike heiko heinrich heinz helga helmut henrik herbert hilde holger horst ilse ingo ingrid
    irene jan jana jens joachim jörg johanna johannes jonas julia jürgen karin karl karsten
    katharina katja kerstin klaus knut konrad kurt lars lena lennart leonie lukas lutz maik
    manfred manuela marcel marco marion markus marlene martina mathias matthias maximilian
    melanie michaela mirko monika nadine nils norbert olaf ole otto petra rainer ralf regina
    reinhard renate rolf rüdiger sabine sandra sascha silke simone stefan stefanie steffen
    susanne sven swen thilo thorsten tobias torsten udo ulla ulrich ulrike ursula uta ute uwe
    volker waltraud werner wilhelm wolfgang yvonne anouk bram daan dirk eline femke fenna floor
    geert gerrit hendrik henk ilse jeroen joost kees koen lieke lotte maarten marieke mees
    mirjam niels pieter ruud sander sanne stijn thijs wouter
    """,
    # French, Belgian, Swiss French, Quebec
    """adèle agnès alain amélie anaïs antoine arnaud audrey aurélie bastien benoît bernadette
    brigitte camille céline chantal christelle christophe claude clément colette corinne damien
    delphine denis dominique élodie éloïse émile emmanuel étienne fabien fabrice françois
    françoise gaël gaëlle geneviève gérard ghislaine guillaume guy hélène henri hervé hugues
    isabelle jacques jean jérôme joël josiane julien laetitia laurence laurent léa léon lucie
    lucien luc manon marcel margaux marine martine mathieu mathilde maxime mélanie michel
    michèle mireille monique nathalie nicolas noémie odile olivier pascal pascale patrice
    philippe pierre raphaël régis rémi renée robert sabine sandrine sébastien séverine solène
    stéphane stéphanie sylvain sylvie thierry thibault timothée valérie véronique vincent
    virginie xavier yann yannick yves zoé
    """,
    # Spanish, Latin American, Portuguese, Brazilian, Catalan, Galician, Basque
    """adriana agustín alba alberto alejandra alejandro alfonso alicia álvaro ana andrés ángel
    ángela antonio beatriz camila carla carlos carmen catalina cecilia clara cristina daniela
    diego dolores eduardo elena emilio enrique esperanza esteban eva federico felipe fernanda
    fernando francisco gabriela gonzalo guadalupe guillermo gustavo héctor hugo ignacio inés
    isabel jaime javier jesús joaquín jorge josé josefina juan juana julio laura leticia lorena
    lucía luis luisa manuel marcela marcos margarita maría mariana mario marta martín mateo
    mercedes miguel mónica natalia nicolás núria oscar pablo paloma patricia paula pedro pilar
    rafael ramón raúl ricardo roberto rocío rodrigo rosa rosario salvador santiago sergio silvia
    sofía teresa tomás valentina vicente víctor ximena yolanda aitor iker itziar jon leire mikel
    nerea unai ainhoa jordi montserrat pau arnau xavi xavier joão joana thiago tiago gonçalo
    rodrigo bruno caio felipe gustavo leonardo lucas matheus vinícius rafaela larissa letícia
    luana beatriz bianca fernanda gabriel giovanna isabela juliana luíza manuela marcelo renata
    rogério sebastião vitória wagner washington cristiano fábio flávia márcia sérgio
    """,
    # Italian
    """alessandra alessandro alessia andrea angelo antonella antonio arianna beatrice carlo chiara
    claudio cristiano daniele davide domenico elisa emanuele enrico enzo fabio fabrizio federica
    federico filippo francesca francesco gabriele giacomo gianluca gianni giorgia giorgio
    giovanna giovanni giulia giulio giuseppe ilaria lorenzo luca lucia luigi marco martina
    massimo matteo maurizio michele nicola paola paolo pietro raffaele riccardo roberta roberto
    rocco salvatore sara silvia simona simone stefano valentina valerio vincenzo vittoria amedeo
    """,
    # Nordic: Swedish, Norwegian, Danish, Finnish, Icelandic, Estonian, Latvian, Lithuanian
    """agneta anders ann-marie annika arne åsa astrid birgitta bo britt camilla dag ebba elin elsa
    emil erik eva fredrik gunnar gustav hanna hans helena henrik ingrid jakob johan jonas karin
    kerstin kjell kristina lars lena linnea magnus malin maja marcus mats mikael nils olof oskar
    per peter ragnar rasmus sigrid stig sven tove ulf viktor vilhelm bjørn eirik espen frode
    geir gro halvor håkon ingeborg jørgen kari kjetil knut liv morten ola ragnhild rune siri
    solveig steinar terje thor tor torbjørn trond vegard anette bente birthe bodil dorthe freja
    frederik ida jens jesper kasper kirsten lone mette mikkel morten niels pernille rikke signe
    søren susanne tine troels aino aleksi antti eero eija eino elina hannu heikki helmi ilkka
    jari jukka juha kaisa kalle kari kirsi lauri leena liisa matti mika mikko minna niko olli
    paavo pekka pirjo raija riikka risto sanna seppo sirpa tapio tarja teemu tiina timo tuomas
    tuula ville väinö arnar ásdís birgir björk einar gudrun guðrún gunnar halldór helga hildur
    jón katrín kristín ólafur sigríður sigurður stefán thor þór vigdís aivar andres anu ene jaan
    kadri kaja katrin liis mari märt peeter priit rein siim tiit tõnu aija andris anita baiba
    dace edgars ilze inese jānis kārlis laura līga mārtiņš ojārs raimonds aistė audrius dalia
    darius eglė giedrius inga jonas jurgita kęstutis lina mindaugas rūta tomas vytautas žydrūnas
    """,
    # Slavic and central European: Polish, Czech, Slovak, Slovene, Croatian, Serbian, Bosnian,
    # Bulgarian, Russian, Ukrainian, Belarusian; Hungarian and Romanian
    """adam agata agnieszka aleksandra andrzej anna barbara bartosz beata dariusz dawid dorota
    elżbieta ewa grażyna grzegorz halina hanna irena iwona jacek jadwiga jakub janusz jarosław
    jerzy joanna józef kamil karolina katarzyna krystyna krzysztof łukasz maciej magdalena
    małgorzata marcin marek mariusz marta mateusz michał monika natalia paweł piotr przemysław
    rafał robert ryszard sebastian stanisław szymon tadeusz teresa tomasz urszula wiesław witold
    wojciech zbigniew zofia zuzanna alena aleš bohumil dagmar eliška františek hana ivana jana
    jaroslav jiří jitka josef karel kateřina lenka libor lucie ludmila marie markéta martin
    miloš miroslav monika ondřej pavel pavla petr radek šárka stanislav tereza vladimír václav
    vojtěch zdeněk zuzana ľubomír ján juraj mária miroslava peter tibor branko boris bojan
    dragan dušan goran igor ivan ivica jelena josip katarina luka marija marko milan milica
    miloš mirjana nada nenad nikola petar predrag snežana srđan stjepan tanja tomislav vesna
    zoran željko amra emir haris jasmin lejla mirza nermin selma urška matej jure nina špela
    alenka andrej aleksandr aleksei alexei anastasia andrei anton arkady boris daria denis
    dmitri dmitry ekaterina elena evgeny fyodor galina gennady grigory igor ilya irina ivan
    katya konstantin ksenia larisa lev lyudmila maksim maxim marina mikhail nadezhda natalya
    nikita nikolai oksana olga oleg pavel pyotr roman ruslan sergei sergey stanislav svetlana
    tatiana tatyana timur vadim valentina valery vasily viktor vladimir vladislav yaroslav
    yekaterina yelena yevgeny yulia bohdan halyna mykola mykhailo olena oleksandr oleksiy petro
    taras vasyl volodymyr yuliia ágnes andrás anikó attila balázs béla csaba dániel erzsébet éva
    ferenc gábor györgy ildikó istván judit katalin krisztina lajos lászló márta mihály miklós
    nóra péter sándor tamás zoltán zsófia zsolt adrian alexandru andreea bogdan constantin
    cristian dan elena florin gheorghe ioana ion iulia laurențiu mihai mihaela mircea nicolae
    ovidiu radu sorin ștefan valentin
    """,
    # Greek, Turkish, Georgian, Armenian, Albanian
    """alexandros anastasios andreas angeliki antonis athanasios christos dimitra dimitris eleni
    evangelia georgios giannis ioannis katerina konstantinos maria nikolaos panagiotis sofia
    spyros stavros vasiliki vasilis yiannis ahmet ayşe burak can cem deniz ebru elif emine emre
    esra fatma gül hakan hasan hatice hüseyin ibrahim kemal leyla mehmet meryem murat mustafa
    okan özlem selin serkan sibel tolga zeynep giorgi levan nino tamar davit ani aram armen
    arsen hayk karen lilit narek tigran arben besnik blerta dritan elira genta ilir jetmir
    valbona
    """,
    # Arabic, Persian, Hebrew, South Asian (Hindi, Urdu, Bengali, Punjabi, Tamil)
    """abdul abdullah ahmad ahmed aisha ali amina amir amira anwar asma aya bilal dalia farah
    fatima fatimah hamza hana hassan hussein ibrahim iman jamal karim khadija khaled khalid
    laila layla mahmoud malik mariam maryam mohamed mohammad mohammed muhammad mustafa nabil
    nadia noor nour omar rami rania rashid reem salim salma sami samir sara tariq walid yasmin
    yousef youssef yusuf zainab zaid ziad arash dariush farhad farzaneh hossein kaveh leila
    mahsa maryam mehdi mina nasrin parisa pegah reza roya sahar shirin amit aviva chaim dafna
    eitan eli elior ido itai liora maya meir moshe noa ofer oren rivka shira shlomo tal tamar
    yael yosef yonatan aarav abhishek aditya aishwarya akash amit anand anil anjali ankit anita
    arjun aryan ashok deepak deepika divya gaurav geeta harish harpreet ishaan jaspreet karan
    kavita krishna lakshmi manish manoj meena mohan neha nikhil nisha pooja prakash priya rahul
    raj rajesh rakesh ramesh ravi rohit sachin sanjay sanjeev santosh shreya simran sunil sunita
    suresh swati vijay vikram vinod anushka gurpreet manpreet navdeep arun karthik lakshman
    murali saravanan senthil asif faisal imran irfan kamran nadeem naveed shahid tahir usman
    zubair arif rubina shazia
    """,
    # East and South-East Asian (romanised), African
    """chen fang hui jie jing jun lei li lin ling mei min ming ping qiang wei xiao xin xiu yan yang
    ying yong yu yun zhen zhi wen hao bo tao akira ayumi daiki haruka haruto hiroshi kaito kenji
    kazuki keiko kenta koji makoto mei miyu naoki rin riku sakura satoshi shota sota takashi
    takumi taro tomoko yuki yuko yumi yuna yusuke hina hinata minato ren souta ji-ho ji-woo
    min-jun seo-yeon seo-jun ha-eun do-yun jimin minji jiwoo hyun sung-min young anh bao duc hoa
    hung huong lan linh mai minh nam ngoc phuong quang thanh thao trang tuan dung hieu khanh
    adebayo adeola ama amara ayo chidi chiamaka chinedu chioma emeka femi folake funmilayo
    ifeoma kemi kofi kwame kwabena kwesi nkechi obinna oluwaseun tunde uchenna yaw abebe almaz
    desta haile selam tesfaye wanjiru wanjiku kamau njeri otieno achieng amani baraka imani juma
    neema zawadi thabo thandiwe sipho lerato themba nomvula zanele bongani mandla
    """,
)

GIVEN_NAMES: Final[frozenset[str]] = frozenset(
    word for block in _BY_LANGUAGE for word in block.split()
)

# Given names that are also ordinary words or month names: never a name on their own.
AMBIGUOUS: Final[frozenset[str]] = word_set(
    """will may june april august rose grace hope faith joy mark bill pat sue art rich summer dawn
    ivy hazel heath lily daisy amber ruby pearl jade crystal penny sky river forest hunter mason
    chase miles guy gene jack frank earl sterling victor major king young page price rob ray
    don dean lee bob sandy rusty candy cliff glen grant drew chuck nick pat peg tad ted val wade
    doris carol holly ivy iris violet jasmine rosemary heather olive berry robin jay wren lark
    sage willow autumn winter storm star angel eve joy destiny trinity justice patience prudence
    constance mercy harmony melody bliss honey lucky sunny buddy ace rocky max
    paris florence victoria georgia virginia carolina austin dallas denver houston jackson lincoln
    washington chelsea devon eden clay stone brook lane park carter cooper baker taylor parker
    turner hunter fisher porter archer marshall ford hall bell wood west north long short nice
    said sun son tal noor can cem dan bo min jun lin mei tao ren hung anh bao nam mai lan ama neema
    elle else sanne floor bram mees roman ali amir hana sara tamar ani aram per jan mats dag tor
    rune siri sander chad terry bonnie jesus salvador mercedes rosa santiago nada milan ion maxim
    sofia fang lei ling ping yang yu taro dung yaw poppy dale jordan marine dirk pascal"""
)

# Endings that mark a word as a surname in many languages: "-son", "-sen", "-ović", "-ová", ...
SURNAME_ENDINGS: Final[tuple[str, ...]] = (
    "son",
    "sen",
    "sson",
    "dóttir",
    "dottir",
    "ović",
    "ovic",
    "ević",
    "evic",
    "ić",
    "ová",
    "ská",
    "ski",
    "ska",
    "sky",
    "skiy",
    "skaya",
    "czyk",
    "wicz",
    "icz",
    "enko",
    "chuk",
    "chenko",
    "ov",
    "ova",
    "ev",
    "eva",
    "escu",
    "eanu",
    "poulos",
    "opoulou",
    "akis",
    "idis",
    "iadis",
    "oglu",
    "oğlu",
    "yan",
    "shvili",
    "dze",
    "stein",
    "mann",
    "ström",
    "strom",
    "qvist",
    "kvist",
    "gren",
    "nen",
    "inen",
    "ainen",
    "elli",
    "etti",
    "ini",
    "ucci",
    "ez",
    "sma",
)
