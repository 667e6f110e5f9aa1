# ruff: noqa: E501 - prose data: sentences read better unbroken than wrapped to the limit
"""The news events behind the generated sample (read by scripts/make_sample.py).

Every person, company, outlet and place here is made up (Northwind, Easthaven, Cedar Ridge,
Saint-Aurèle, Valcourt, Valbrück and Puerto Almira are the sample's fictional world; some names
continue the hand-written pages in src/newsdig/sample/sites/).

One event is told in English and, for some, in French, German or Spanish. Each telling has:
- ``roles``: how each person is introduced on first mention (apposition);
- ``heads``: headline wordings, in the order straight, dramatic, numbers/business, quote/politics;
- ``leads``: first paragraphs; ``facts``: body paragraphs; ``quotes``: (person, words) pairs.

Placeholders: ``{@key}`` a person (full name and role on first mention, surname after),
``{dow}`` the event's weekday in the telling's language, ``{pc}`` the outlet's percent style
(English only). A fact may start with a tag an outlet's angle sorts by: ``$`` money,
``!`` people, ``?`` claims and denials, ``>`` what happens next (kept last).
"""

from __future__ import annotations

from typing import Any


def ev(key: str, date: str, place: str, kind: str, people: dict[str, str], *, wire: bool = False,
       **tellings: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "date": date, "place": place, "kind": kind, "people": people, "wire": wire,
            "tellings": tellings}


EVENTS: list[dict[str, Any]] = []

EVENTS.append(ev(
    "nurses-strike-vote", "2024-12-04", "Northwind", "health",
    {"rao": "Priya Rao", "hollis": "Graham Hollis", "whitcombe": "Daniel Whitcombe"}, wire=True,
    en={
        "roles": {"rao": "lead negotiator for the Northwind Nurses' Association",
                  "hollis": "chief executive of Northwind General Hospital",
                  "whitcombe": "the mayor of Northwind"},
        "heads": ["Northwind nurses vote to strike over staffing and pay",
                  "Hospital walkout looms as 3,100 nurses back 48-hour strike",
                  "Nurses' strike could cost Northwind hospitals $9m, managers warn",
                  "'We are running on empty': Northwind nurses set December strike dates"],
        "leads": ["Nurses at three Northwind hospitals voted overwhelmingly on {dow} to strike for 48 hours "
                  "later this month, in the first walkout by hospital staff in the city for more than two "
                  "decades.",
                  "About 3,100 nurses in Northwind will walk out for two days from 16 December after their "
                  "union said talks on staffing levels and pay had reached a dead end."],
        "facts": ["Of the members who voted, 87{pc} backed strike action on a turnout of 74{pc}, the "
                  "association said. The walkout will affect Northwind General Hospital, St Brigid's and "
                  "the Eastbank Community Hospital.",
                  "$ The association is asking for a 7{pc} pay rise and a legal minimum of one nurse for "
                  "every five patients on general wards. Hospital managers have offered 3.5{pc} and a review "
                  "of staffing rules next year. Managers estimate that the strike will cost about $9 million "
                  "in agency staff and cancelled procedures.",
                  "? {@hollis} said the hospitals had hired 240 nurses this year and denied that wards were "
                  "routinely understaffed, citing internal audits that found safe staffing levels on 94{pc} "
                  "of shifts. The association disputes the figures, which it says count agency nurses who "
                  "do not know the wards.",
                  "! Emergency departments, intensive care and maternity units will keep a minimum service "
                  "during the strike, according to the association. About 1,200 planned operations are "
                  "expected to be postponed.",
                  "> The hospitals said they were drawing up contingency plans with the city's health "
                  "department. No date has been set for further talks."],
        "quotes": [("rao", "We are running on empty. Nurses are doing double shifts and still going home "
                           "knowing patients waited too long for help."),
                   ("hollis", "A strike in the middle of winter puts patients at risk, and we are asking "
                              "the association to come back to the table."),
                   ("whitcombe", "Both sides need to settle this before the holidays, and the city is ready "
                                 "to help with mediation.")],
    },
))

EVENTS.append(ev(
    "christmas-market-fire", "2024-12-17", "Valbrück", "disaster",
    {"keller": "Jonas Keller", "brandt": "Miriam Brandt", "aydin": "Selin Aydın"}, wire=True,
    en={
        "roles": {"keller": "a spokesman for the Valbrück fire brigade",
                  "brandt": "the mayor of Valbrück",
                  "aydin": "who runs a mulled wine stall near the fire"},
        "heads": ["Fire at Valbrück Christmas market injures 14",
                  "Panic as flames sweep through stalls at packed Valbrück Christmas market",
                  "Valbrück market fire destroys 11 stalls, traders count losses",
                  "'It went up in seconds': witnesses describe Valbrück market blaze"],
        "leads": ["Fourteen people were injured on {dow} evening when a fire tore through a row of wooden "
                  "stalls at the Christmas market in the centre of Valbrück, the city's fire brigade said.",
                  "A fire destroyed 11 stalls at Valbrück's crowded Christmas market on {dow} evening, "
                  "injuring 14 people, two of them seriously, and forcing the evacuation of the old town "
                  "square."],
        "facts": ["The fire broke out shortly after 7pm in a stall selling roasted nuts on the Marktplatz "
                  "and spread to neighbouring huts within minutes, according to the fire brigade. About "
                  "2,000 visitors were on the square at the time.",
                  "! Two of the injured, a stallholder and a visitor, were taken to the university hospital "
                  "with serious burns. The other 12 were treated for smoke inhalation and minor injuries.",
                  "? Investigators said a faulty gas heater was the most likely cause. The company that "
                  "rents the stalls to traders denied that its equipment had not been inspected, saying "
                  "every heater had passed a safety check in November.",
                  "$ Traders' association figures put the damage at about €600,000, most of it uninsured "
                  "stock bought for the last busy week before Christmas.",
                  "> The market will reopen on Thursday without the damaged section, the city said, and "
                  "all gas heaters will be checked again before then."],
        "quotes": [("keller", "The huts are dry wood and they were packed close together. Once the fire "
                              "reached the roofs, it went from one stall to the next very quickly."),
                   ("brandt", "Our thoughts are with the injured and their families. We will find out "
                              "exactly how this happened."),
                   ("aydin", "It went up in seconds. People were running, and we threw water on the "
                             "canvas, but there was nothing we could do.")],
    },
    de={
        "roles": {"keller": "Sprecher der Valbrücker Feuerwehr",
                  "brandt": "Oberbürgermeisterin von Valbrück",
                  "aydin": "die in der Nähe einen Glühweinstand betreibt"},
        "heads": ["Brand auf dem Valbrücker Weihnachtsmarkt: 14 Verletzte",
                  "Feuer zerstört elf Buden auf dem Weihnachtsmarkt – Ursache wohl ein Gasofen"],
        "leads": ["Bei einem Brand auf dem Weihnachtsmarkt in der Valbrücker Innenstadt sind am {dow}abend "
                  "14 Menschen verletzt worden, zwei von ihnen schwer."],
        "facts": ["Das Feuer brach nach Angaben der Feuerwehr kurz nach 19 Uhr in einem Stand für gebrannte "
                  "Mandeln auf dem Marktplatz aus und griff binnen Minuten auf die benachbarten Holzbuden "
                  "über. Rund 2000 Besucher waren zu diesem Zeitpunkt auf dem Platz.",
                  "? Die Ermittler halten einen defekten Gasheizstrahler für die wahrscheinlichste Ursache. "
                  "Der Vermieter der Buden bestritt, dass seine Geräte nicht geprüft worden seien: Alle "
                  "Heizstrahler hätten im November eine Sicherheitsprüfung bestanden.",
                  "$ Den Schaden schätzt der Schaustellerverband auf rund 600.000 Euro, größtenteils nicht "
                  "versicherte Ware für die letzte Woche vor Weihnachten.",
                  "> Der Markt soll am Donnerstag ohne den beschädigten Bereich wieder öffnen."],
        "quotes": [("keller", "Die Buden sind aus trockenem Holz und stehen dicht an dicht. Als das Feuer "
                              "die Dächer erreicht hatte, sprang es sehr schnell von Stand zu Stand über."),
                   ("brandt", "Unsere Gedanken sind bei den Verletzten und ihren Familien. Wir werden "
                              "genau aufklären, wie es dazu kommen konnte.")],
    },
))

EVENTS.append(ev(
    "almira-desalination-plant", "2025-01-08", "Puerto Almira", "environment",
    {"ferrer": "Lucía Ferrer|Ferrer", "ortega": "Andrés Ortega", "pastor": "Inés Pastor"},
    en={
        "roles": {"ferrer": "the mayor of Puerto Almira",
                  "ortega": "regional minister for water",
                  "pastor": "a hydrologist at the University of Almira"},
        "heads": ["Puerto Almira opens desalination plant as drought drags into third year",
                  "Taps saved? Almira bets on the sea as reservoirs hit record low",
                  "€210m desalination plant to supply a third of Almira's water",
                  "Almira mayor: 'This plant buys us time, not a solution'"],
        "leads": ["Puerto Almira switched on a €210 million desalination plant on {dow}, as reservoirs "
                  "serving the coastal city fell to 18{pc} of capacity in the third year of a severe "
                  "drought.",
                  "A new desalination plant began supplying drinking water to Puerto Almira on {dow}, "
                  "easing fears that the city would have to ration tap water this summer."],
        "facts": ["The plant can produce 60 million litres of fresh water a day, about a third of the city's "
                  "needs, according to the regional water authority. It took four years to build.",
                  "$ The regional government paid for about 70{pc} of the project, with the rest covered by "
                  "a European infrastructure loan. Households will pay an average of €4 a month more for "
                  "water from March.",
                  "? Environmental groups said the brine pumped back into the bay would harm seagrass "
                  "meadows near the outfall. The operator denied this, saying the brine is diluted and "
                  "monitored by 12 sensors on the seabed.",
                  "! Farmers in the Almira valley, whose irrigation quotas were cut by half last year, "
                  "will not receive water from the plant, which is reserved for homes and hospitals.",
                  "> A second plant of the same size is planned for 2028 if the drought persists, the "
                  "regional government said."],
        "quotes": [("ferrer", "This plant buys us time, not a solution. We still have to use less water, "
                              "every one of us."),
                   ("ortega", "Without it, we would be talking about cutting supplies at night by May."),
                   ("pastor", "Desalination is expensive and uses a lot of energy. It should be the last "
                              "resort, after fixing leaks that lose a fifth of the water in the network.")],
    },
    es={
        "roles": {"ferrer": "alcaldesa de Puerto Almira",
                  "ortega": "consejero regional de Agua",
                  "pastor": "hidróloga de la Universidad de Almira"},
        "heads": ["Puerto Almira inaugura su desaladora en el tercer año de sequía",
                  "La desaladora de 210 millones abastecerá un tercio del agua de Almira"],
        "leads": ["Puerto Almira puso en marcha el {dow} una planta desaladora de 210 millones de euros, "
                  "con los embalses que abastecen a la ciudad al 18 % de su capacidad tras casi tres años "
                  "de sequía."],
        "facts": ["La planta puede producir 60 millones de litros de agua potable al día, alrededor de un "
                  "tercio del consumo de la ciudad, según la autoridad regional del agua.",
                  "? Los grupos ecologistas advierten de que la salmuera vertida en la bahía dañará las "
                  "praderas de posidonia. La empresa operadora lo niega y asegura que el vertido está "
                  "diluido y vigilado por 12 sensores en el fondo marino.",
                  "$ Los hogares pagarán de media cuatro euros más al mes por el agua a partir de marzo.",
                  "> El Gobierno regional prevé una segunda planta de igual tamaño para 2028 si la sequía "
                  "continúa."],
        "quotes": [("ferrer", "Esta planta nos da tiempo, no una solución. Todos tenemos que seguir "
                              "ahorrando agua."),
                   ("ortega", "Sin ella, en mayo estaríamos hablando de cortes de suministro por la "
                              "noche.")],
    },
))

EVENTS.append(ev(
    "easthaven-tram-extension", "2025-01-22", "Easthaven", "transport",
    {"okafor": "Renata Okafor", "vance": "Gregory Vance", "lund": "Harriet Lund"},
    en={
        "roles": {"okafor": "the mayor of Easthaven", "vance": "a city councilman",
                  "lund": "director of the Easthaven Transit Authority"},
        "heads": ["Easthaven approves $780m tram extension to the airport",
                  "Trams to the airport by 2029 after marathon council vote",
                  "Tram line to cost $780m, with the city borrowing half",
                  "'A line we should have built 20 years ago': Okafor wins tram vote"],
        "leads": ["Easthaven city council approved a $780 million extension of the city's tram network to "
                  "the airport on {dow}, after a nine-hour debate that ended in an 8-3 vote.",
                  "Trams will run from central Easthaven to the airport by 2029 under plans approved by the "
                  "city council on {dow}, the biggest transport project in the city for a generation."],
        "facts": ["The 11-kilometre line will add nine stops, including one at the Harborside Stadium, and "
                  "is expected to carry about 28,000 passengers a day, according to the transit authority.",
                  "$ The city will borrow about $390 million for the project. The state will contribute "
                  "$250 million and the rest will come from a levy on new commercial developments along "
                  "the route.",
                  "? Opponents said the ridership forecasts were inflated. {@vance} said the authority had "
                  "overestimated passenger numbers on its last two projects by more than 30{pc}, a claim "
                  "the authority denied.",
                  "! Businesses on Dockside Avenue, where tracks will be laid in the middle of the road, "
                  "will face about 18 months of roadworks. The city has promised compensation for shops "
                  "that lose trade.",
                  "> Construction is due to start next spring, once the contract is awarded."],
        "quotes": [("okafor", "This is a line we should have built 20 years ago. It will take cars off our "
                              "roads and connect people to jobs."),
                   ("vance", "We are asking taxpayers to carry a huge debt based on numbers that have "
                             "been wrong before."),
                   ("lund", "Every forecast has uncertainty, but airport lines are among the busiest in "
                            "every city that has one.")],
    },
))

EVENTS.append(ev(
    "saint-aurele-fishing-blockade", "2025-02-05", "Saint-Aurèle", "labour",
    {"le_bihan": "Erwan Le Bihan|Le Bihan", "huon": "Jean-Marc Huon", "roussel": "Agnès Roussel"},
    en={
        "roles": {"le_bihan": "head of the Saint-Aurèle fishermen's committee",
                  "huon": "the mayor of Saint-Aurèle",
                  "roussel": "the regional prefect"},
        "heads": ["Fishermen blockade Saint-Aurèle port over new catch quotas",
                  "Trawlers block harbour as fishermen's anger over quotas boils over",
                  "Quota cuts threaten a quarter of Saint-Aurèle's fishing income",
                  "'They are killing a 300-year-old trade': fishermen blockade Saint-Aurèle"],
        "leads": ["About 60 fishing boats blocked the entrance to the port of Saint-Aurèle on {dow} in "
                  "protest at new catch quotas that fishermen say will push many of them out of business.",
                  "Fishermen in Saint-Aurèle tied up their trawlers across the harbour mouth on {dow}, "
                  "stopping ferries and cargo ships, as anger grew over cuts to sole and hake quotas."],
        "facts": ["The new quotas cut the permitted catch of sole by 28{pc} and hake by 17{pc} this year, "
                  "according to the fishermen's committee. Scientists advising regulators say stocks of "
                  "both fish are below safe levels.",
                  "! Two ferries to the islands were cancelled and a cargo ship waited offshore for most of "
                  "the day. Some fishermen lit flares on the quay and unloaded crates of fish in front of "
                  "the harbour master's office.",
                  "$ The local fishing fleet earns about €48 million a year, and the committee estimates "
                  "that the cuts will reduce that by a quarter.",
                  "? The committee accused regulators of relying on outdated surveys. The fisheries "
                  "agency denied this, saying its assessment was based on data from last autumn.",
                  "> The prefect has invited the fishermen's representatives to talks on Friday."],
        "quotes": [("le_bihan", "They are killing a 300-year-old trade with a spreadsheet. We will stay "
                                "here until someone in charge listens."),
                   ("huon", "I understand their anger, but blocking the ferries hurts islanders who have "
                            "nothing to do with quotas."),
                   ("roussel", "The state will look at compensation for the boats worst affected, but the "
                               "quotas themselves are not negotiable this year.")],
    },
    fr={
        "roles": {"le_bihan": "président du comité des pêcheurs de Saint-Aurèle",
                  "huon": "maire de Saint-Aurèle", "roussel": "préfète de région"},
        "heads": ["Quotas de pêche : les pêcheurs bloquent le port de Saint-Aurèle",
                  "Colère des pêcheurs : une soixantaine de chalutiers ferment l'entrée du port"],
        "leads": ["Une soixantaine de bateaux de pêche ont bloqué {dow} l'entrée du port de Saint-Aurèle "
                  "pour protester contre les nouveaux quotas de capture, qui menacent selon eux la survie "
                  "de nombreuses entreprises."],
        "facts": ["Les nouveaux quotas réduisent de 28 % les prises autorisées de sole et de 17 % celles de "
                  "merlu cette année, selon le comité des pêcheurs. Les scientifiques estiment que les "
                  "stocks des deux espèces sont sous le seuil de sécurité.",
                  "! Deux liaisons vers les îles ont été annulées et un cargo a attendu au large une bonne "
                  "partie de la journée. Des pêcheurs ont allumé des fumigènes sur le quai.",
                  "? Le comité reproche à l'administration de s'appuyer sur des relevés dépassés, ce que "
                  "l'agence des pêches dément : son évaluation repose, selon elle, sur des données de "
                  "l'automne dernier.",
                  "> La préfète a invité les représentants des pêcheurs à une réunion vendredi."],
        "quotes": [("le_bihan", "On tue un métier vieux de trois siècles avec un tableur. Nous resterons "
                                "ici tant que personne ne nous écoute."),
                   ("roussel", "L'État étudiera des compensations pour les bateaux les plus touchés, mais "
                               "les quotas ne sont pas négociables cette année.")],
    },
))

EVENTS.append(ev(
    "continental-reserve-rate-cut", "2025-02-19", "Valcourt", "economy",
    {"marchetti": "Elena Marchetti", "hauser": "Tobias Hauser", "oduya": "Grace Oduya"}, wire=True,
    en={
        "roles": {"marchetti": "governor of the Continental Reserve Bank",
                  "hauser": "chief economist at Lindqvist Bank",
                  "oduya": "an economist at the Institute for Fiscal Research"},
        "heads": ["Continental Reserve Bank cuts interest rates for the first time in four years",
                  "Relief for borrowers as central bank finally cuts rates",
                  "Rate cut to 3.25% knocks currency, lifts shares",
                  "'Inflation is coming under control,' says central bank governor as rates fall"],
        "leads": ["The Continental Reserve Bank cut its main interest rate by a quarter of a point to "
                  "3.25{pc} on {dow}, its first reduction in four years, saying inflation was falling "
                  "faster than expected.",
                  "Borrowers across the continent will see some relief after the Continental Reserve Bank "
                  "lowered its benchmark rate to 3.25{pc} on {dow}, ending a long period of tight money."],
        "facts": ["Inflation fell to 2.6{pc} in January from a peak of 9.1{pc} two years ago, according to "
                  "figures published last week. The bank expects it to reach its 2{pc} target early next "
                  "year.",
                  "$ Stock markets rose after the decision, with the Continental 300 index closing 1.4{pc} "
                  "higher, while the currency slipped against the dollar. Banks' shares fell on concerns "
                  "about lower lending margins.",
                  "? Two of the nine members of the bank's rate-setting council voted to keep rates "
                  "unchanged, according to the minutes. {@marchetti} denied that the bank was under "
                  "political pressure to cut before several national elections this year.",
                  "! For a typical variable-rate mortgage of €200,000, the cut will save about €30 a "
                  "month, according to estimates by consumer groups.",
                  "> The bank did not commit to further cuts, saying future decisions would depend on "
                  "wage growth and energy prices."],
        "quotes": [("marchetti", "Inflation is coming under control, but the job is not finished. We will "
                                 "move carefully."),
                   ("hauser", "The door is now open to two or three more cuts this year, but the bank does "
                              "not want to be seen to promise anything."),
                   ("oduya", "For households, a quarter point is a signal more than a windfall.")],
    },
    fr={
        "roles": {"marchetti": "gouverneure de la Banque de réserve continentale",
                  "hauser": "chef économiste de la banque Lindqvist"},
        "heads": ["La Banque de réserve continentale baisse ses taux pour la première fois en quatre ans",
                  "Taux directeur ramené à 3,25 % : un premier geste pour les emprunteurs"],
        "leads": ["La Banque de réserve continentale a abaissé {dow} son principal taux directeur d'un "
                  "quart de point, à 3,25 %, sa première baisse depuis quatre ans, estimant que l'inflation "
                  "recule plus vite que prévu."],
        "facts": ["L'inflation est tombée à 2,6 % en janvier, contre un pic de 9,1 % il y a deux ans. La "
                  "banque centrale prévoit de revenir à son objectif de 2 % au début de l'année prochaine.",
                  "$ Les marchés ont salué la décision : l'indice Continental 300 a terminé en hausse de "
                  "1,4 %, tandis que les valeurs bancaires reculaient.",
                  "? Deux des neuf membres du conseil ont voté pour un statu quo. La gouverneure a démenti "
                  "toute pression politique avant plusieurs élections nationales prévues cette année.",
                  "> La banque ne s'est engagée sur aucune nouvelle baisse."],
        "quotes": [("marchetti", "L'inflation est en passe d'être maîtrisée, mais le travail n'est pas "
                                 "terminé. Nous avancerons avec prudence."),
                   ("hauser", "La porte est ouverte à deux ou trois baisses supplémentaires cette année.")],
    },
    de={
        "roles": {"marchetti": "Präsidentin der Kontinentalen Reservebank",
                  "hauser": "Chefvolkswirt der Lindqvist Bank"},
        "heads": ["Kontinentale Reservebank senkt erstmals seit vier Jahren die Zinsen",
                  "Leitzins sinkt auf 3,25 Prozent – Entlastung für Kreditnehmer"],
        "leads": ["Die Kontinentale Reservebank hat am {dow} ihren Leitzins um einen Viertelprozentpunkt "
                  "auf 3,25 Prozent gesenkt – die erste Senkung seit vier Jahren."],
        "facts": ["Die Inflation war im Januar auf 2,6 Prozent gefallen, nach einem Höchststand von "
                  "9,1 Prozent vor zwei Jahren. Die Notenbank erwartet, ihr Ziel von 2 Prozent Anfang "
                  "nächsten Jahres zu erreichen.",
                  "$ Die Börsen reagierten erfreut: Der Continental-300-Index schloss 1,4 Prozent höher, "
                  "Bankaktien gaben dagegen nach.",
                  "? Zwei der neun Ratsmitglieder stimmten gegen die Senkung. Die Präsidentin wies Berichte "
                  "zurück, die Bank habe vor mehreren nationalen Wahlen unter politischem Druck gestanden.",
                  "> Weitere Schritte ließ die Notenbank offen."],
        "quotes": [("marchetti", "Die Inflation ist auf dem Weg, unter Kontrolle zu kommen, aber die Arbeit "
                                 "ist nicht getan. Wir gehen behutsam vor."),
                   ("hauser", "Damit ist die Tür für zwei oder drei weitere Senkungen in diesem Jahr "
                              "offen.")],
    },
    es={
        "roles": {"marchetti": "gobernadora del Banco de Reserva Continental",
                  "hauser": "economista jefe del banco Lindqvist"},
        "heads": ["El Banco de Reserva Continental baja los tipos por primera vez en cuatro años",
                  "Alivio para las hipotecas: el tipo de referencia baja al 3,25 %"],
        "leads": ["El Banco de Reserva Continental rebajó el {dow} su tipo de interés de referencia en un "
                  "cuarto de punto, hasta el 3,25 %, su primer recorte en cuatro años."],
        "facts": ["La inflación bajó al 2,6 % en enero, frente al máximo del 9,1 % de hace dos años, y el "
                  "banco prevé alcanzar su objetivo del 2 % a principios del próximo año.",
                  "! Para una hipoteca variable típica de 200.000 euros, la rebaja supondrá un ahorro de "
                  "unos 30 euros al mes, según las asociaciones de consumidores.",
                  "? Dos de los nueve miembros del consejo votaron en contra. La gobernadora negó que el "
                  "banco haya actuado bajo presión política antes de varias elecciones nacionales.",
                  "> El banco no se comprometió a nuevas bajadas."],
        "quotes": [("marchetti", "La inflación está bajo control, pero el trabajo no ha terminado. "
                                 "Avanzaremos con prudencia."),
                   ("hauser", "Queda abierta la puerta a dos o tres recortes más este año.")],
    },
))

EVENTS.append(ev(
    "cedar-ridge-lithium", "2025-03-12", "Cedar Ridge", "business",
    {"mwangi": "Daniel Mwangi", "tremblay": "Claire Tremblay", "whitfeather": "Joseph Whitfeather"},
    en={
        "roles": {"mwangi": "chief executive of Ridgeline Minerals",
                  "tremblay": "a mining analyst at Harcourt Securities",
                  "whitfeather": "chair of the Cedar Ridge residents' association"},
        "heads": ["Ridgeline Minerals reports major lithium find near Cedar Ridge",
                  "Lithium rush? Small town braces for mining boom",
                  "Ridgeline shares jump 38% on Cedar Ridge lithium discovery",
                  "'This could change the valley for ever': Cedar Ridge split over lithium find"],
        "leads": ["Ridgeline Minerals said on {dow} it had found one of the largest lithium deposits in "
                  "the country beneath farmland east of Cedar Ridge, sending its shares sharply higher.",
                  "A lithium deposit discovered near the small town of Cedar Ridge could supply batteries "
                  "for millions of electric cars, Ridgeline Minerals said on {dow}."],
        "facts": ["Drilling results point to about 1.4 million tonnes of lithium carbonate equivalent, "
                  "according to the company, enough for about 30 million electric car batteries. The "
                  "estimate has not yet been independently verified.",
                  "$ Ridgeline's shares rose 38{pc} on the news, valuing the company at about $2.1 billion. "
                  "The company said an open-pit mine could cost $900 million and employ 600 people.",
                  "? Residents' groups said they had not been told about the scale of the drilling. The "
                  "company denied keeping the community in the dark, saying it had held four public "
                  "meetings since 2023.",
                  "! Cedar Ridge, a town of about 6,000 people, lost its sawmill in 2019 and has struggled "
                  "to keep young families since.",
                  "> A full feasibility study is due next year, and any mine would need environmental "
                  "approval from the provincial government."],
        "quotes": [("mwangi", "This is a world-class deposit, close to roads, rail and power. It could put "
                              "the region at the heart of the battery industry."),
                   ("tremblay", "The grades are good, but lithium prices have halved in two years. "
                                "Investors should not count the money yet."),
                   ("whitfeather", "This could change the valley for ever. We want jobs, but not at the "
                                   "price of our water.")],
    },
))

EVENTS.append(ev(
    "brenner-plant-closure", "2025-04-02", "Valbrück", "labour",
    {"richter": "Stefan Richter", "demir": "Aylin Demir", "brandt": "Miriam Brandt"}, wire=True,
    en={
        "roles": {"richter": "chief executive of Brenner Motorwerke",
                  "demir": "works council chair at the Valbrück plant",
                  "brandt": "the mayor of Valbrück"},
        "heads": ["Brenner Motorwerke to close Valbrück plant, cutting 2,400 jobs",
                  "Shock for Valbrück as carmaker shuts 70-year-old factory",
                  "Brenner to save €400m a year by closing Valbrück engine plant",
                  "'A betrayal': workers vow to fight Brenner plant closure"],
        "leads": ["Carmaker Brenner Motorwerke said on {dow} it would close its engine plant in Valbrück "
                  "by the end of 2026, cutting about 2,400 jobs, as it shifts production to electric "
                  "vehicles.",
                  "About 2,400 workers at Brenner Motorwerke's engine plant in Valbrück will lose their jobs "
                  "when the factory closes next year, the company announced on {dow}."],
        "facts": ["The plant, which opened in 1956, makes petrol and diesel engines for Brenner's mid-range "
                  "cars. Demand for them has fallen by more than a third since 2021, according to the "
                  "company.",
                  "$ Brenner expects the closure to save about €400 million a year from 2027. It will book "
                  "one-off restructuring costs of €650 million this year.",
                  "? The works council said management had promised in 2023 to build a battery module line "
                  "in Valbrück. Brenner denied that any binding commitment had been made, saying the plans "
                  "had depended on state subsidies that did not materialise.",
                  "! The plant is Valbrück's largest private employer. Suppliers in the region employ "
                  "another 3,000 people, according to the chamber of commerce.",
                  "> Unions have called a rally outside the factory gates for next week."],
        "quotes": [("richter", "This is a painful decision, but we cannot keep a plant full for engines "
                               "our customers no longer buy."),
                   ("demir", "This is a betrayal of people who built this company. We will fight for every "
                             "job."),
                   ("brandt", "We will not let Brenner walk away from this city without a plan for the "
                              "site and the people.")],
    },
    de={
        "roles": {"richter": "Vorstandschef von Brenner Motorwerke",
                  "demir": "Betriebsratsvorsitzende im Werk Valbrück",
                  "brandt": "Oberbürgermeisterin von Valbrück"},
        "heads": ["Brenner Motorwerke schließt Werk Valbrück – 2400 Stellen fallen weg",
                  "„Verrat an den Beschäftigten“: Aus für das Motorenwerk in Valbrück"],
        "leads": ["Der Autobauer Brenner Motorwerke wird sein Motorenwerk in Valbrück bis Ende 2026 "
                  "schließen. Rund 2400 Arbeitsplätze fallen weg, wie das Unternehmen am {dow} mitteilte."],
        "facts": ["Das 1956 eröffnete Werk fertigt Benzin- und Dieselmotoren für die Mittelklasse. Die "
                  "Nachfrage danach ist nach Unternehmensangaben seit 2021 um mehr als ein Drittel "
                  "eingebrochen.",
                  "? Der Betriebsrat erinnerte an die Zusage von 2023, in Valbrück eine Fertigung für "
                  "Batteriemodule aufzubauen. Brenner bestritt, dass es je eine verbindliche Zusage gegeben "
                  "habe.",
                  "! Das Werk ist der größte private Arbeitgeber der Stadt. Bei Zulieferern in der Region "
                  "hängen laut Industrie- und Handelskammer weitere 3000 Stellen daran.",
                  "> Die Gewerkschaft hat für die kommende Woche zu einer Kundgebung vor dem Werkstor "
                  "aufgerufen."],
        "quotes": [("demir", "Das ist ein Verrat an den Menschen, die dieses Unternehmen aufgebaut haben. "
                             "Wir kämpfen um jeden Arbeitsplatz."),
                   ("brandt", "Wir lassen nicht zu, dass Brenner sich ohne einen Plan für das Gelände und "
                              "die Menschen aus dieser Stadt verabschiedet.")],
    },
))

EVENTS.append(ev(
    "halvard-data-breach", "2025-04-16", "Northwind", "tech",
    {"sandoval": "Marco Sandoval", "ng": "Vivian Ng", "pryce": "Owen Pryce"},
    en={
        "roles": {"sandoval": "chief executive of Halvard Insurance",
                  "ng": "the state's Data Protection Commissioner",
                  "pryce": "a security researcher who first reported the leak"},
        "heads": ["Hackers steal data of 1.2 million Halvard Insurance customers",
                  "Is your data out there? Insurer admits massive hack",
                  "Halvard faces fine of up to $40m over customer data breach",
                  "'We got this wrong': Halvard boss apologises for data breach"],
        "leads": ["Halvard Insurance said on {dow} that hackers had stolen the names, addresses and "
                  "policy details of about 1.2 million customers, one of the largest data breaches in the "
                  "state's history.",
                  "About 1.2 million customers of Northwind-based Halvard Insurance have had personal data "
                  "stolen in a cyberattack, the company admitted on {dow}."],
        "facts": ["The attackers got into the company's systems through a contractor's account in early "
                  "March and copied data for about three weeks before the intrusion was detected, "
                  "according to a statement from the company.",
                  "? Halvard said no bank details had been taken. {@pryce} said samples offered for sale "
                  "online included partial card numbers, a claim the company denied.",
                  "$ The Data Protection Commissioner can impose fines of up to 4{pc} of annual turnover, "
                  "which for Halvard would be about $40 million. The company's shares fell 9{pc}.",
                  "! Customers have been offered two years of free credit monitoring and told to watch for "
                  "emails and calls pretending to come from the insurer.",
                  "> The commissioner's office said it had opened an investigation and would report within "
                  "six months."],
        "quotes": [("sandoval", "We got this wrong, and I apologise to every customer whose data was "
                                "taken."),
                   ("ng", "Companies that hold this much personal data must be able to show they "
                          "protect it. We will look at what Halvard knew and when."),
                   ("pryce", "The data was on a criminal forum for at least a week before Halvard said "
                             "anything.")],
    },
))

EVENTS.append(ev(
    "almira-ferry-collision", "2025-05-07", "Puerto Almira", "transport",
    {"navarro": "Javier Navarro", "ferrer": "Lucía Ferrer|Ferrer", "quiroga": "Marta Quiroga"},
    wire=True,
    en={
        "roles": {"navarro": "head of the Puerto Almira port authority",
                  "ferrer": "the mayor of Puerto Almira",
                  "quiroga": "a passenger on the ferry"},
        "heads": ["Ferry collides with cargo ship off Puerto Almira, 23 hurt",
                  "Terror at sea: ferry and freighter collide in fog",
                  "Ferry crash closes Almira port for 10 hours",
                  "'We heard a bang and everyone fell': passengers describe Almira ferry collision"],
        "leads": ["A passenger ferry collided with a cargo ship in thick fog at the entrance to the port "
                  "of Puerto Almira on {dow} morning, injuring 23 people, port officials said.",
                  "Twenty-three people were hurt on {dow} when the ferry Estrella del Sur hit a container "
                  "ship in fog outside Puerto Almira's harbour."],
        "facts": ["The Estrella del Sur, carrying 412 passengers and 96 vehicles from the Balear Islands "
                  "route, struck the side of the Liberian-flagged container ship Norrland Trader at about "
                  "7.40am, according to the port authority.",
                  "! Most of the injured suffered cuts and bruises when they were thrown to the deck. Two "
                  "crew members were taken to hospital with fractures.",
                  "? The ferry operator said the cargo ship had entered the channel without clearance. The "
                  "container ship's agent denied this, saying it had followed instructions from port "
                  "control.",
                  "$ The port was closed to traffic for about 10 hours, delaying 14 ships and several "
                  "thousand ferry passengers.",
                  "> The national maritime accident investigation commission has opened an inquiry."],
        "quotes": [("navarro", "Visibility was below 200 metres. We need to know why two ships were in "
                               "the same part of the channel at the same time."),
                   ("quiroga", "We heard a bang and everyone fell. Children were crying, but the crew kept "
                               "everyone calm."),
                   ("ferrer", "I want to thank the emergency services, who had every injured passenger "
                              "ashore within an hour.")],
    },
    es={
        "roles": {"navarro": "presidente de la autoridad portuaria de Puerto Almira",
                  "ferrer": "alcaldesa de Puerto Almira",
                  "quiroga": "pasajera del ferri"},
        "heads": ["Un ferri choca con un portacontenedores en la bocana de Puerto Almira: 23 heridos",
                  "La niebla, en el centro de la investigación del choque del Estrella del Sur"],
        "leads": ["Veintitrés personas resultaron heridas el {dow} por la mañana cuando el ferri Estrella "
                  "del Sur chocó con un buque portacontenedores entre una densa niebla a la entrada del "
                  "puerto de Puerto Almira."],
        "facts": ["El ferri, con 412 pasajeros y 96 vehículos a bordo, golpeó el costado del "
                  "portacontenedores Norrland Trader hacia las 7.40 horas, según la autoridad portuaria.",
                  "? La naviera sostiene que el carguero entró en el canal sin autorización, algo que el "
                  "consignatario del buque niega: asegura que siguió las instrucciones del control del "
                  "puerto.",
                  "$ El puerto permaneció cerrado unas diez horas, con retrasos para 14 buques.",
                  "> La comisión de investigación de accidentes marítimos ha abierto una investigación."],
        "quotes": [("navarro", "La visibilidad era inferior a 200 metros. Tenemos que saber por qué dos "
                               "barcos estaban en el mismo tramo del canal a la vez."),
                   ("quiroga", "Oímos un golpe y todos caímos al suelo. Los niños lloraban, pero la "
                               "tripulación mantuvo la calma.")],
    },
))

EVENTS.append(ev(
    "rovers-win-league", "2025-05-24", "Northwind", "sport",
    {"arriaga": "Tomás Arriaga", "kessler": "Frank Kessler", "mbeki": "Sipho Mbeki"},
    en={
        "roles": {"arriaga": "the Rovers striker", "kessler": "the Rovers manager",
                  "mbeki": "the Rovers captain"},
        "heads": ["Northwind Rovers win first league title in 31 years",
                  "Party time! Rovers end 31-year wait with last-day title",
                  "Title worth $60m to Rovers as they clinch championship",
                  "'This is for the city': Rovers crowned champions"],
        "leads": ["Northwind Rovers won the national league for the first time in 31 years on {dow}, "
                  "beating Port Selwyn 2-0 on the final day of the season to finish a point ahead of "
                  "Easthaven United.",
                  "A second-half double from Tomás Arriaga gave Northwind Rovers the league title on {dow}, "
                  "ending a 31-year wait and sparking celebrations across the city."],
        "facts": ["Arriaga scored in the 54th and 81st minutes in front of 33,800 fans at Tarne Park. "
                  "Easthaven United won 3-1 at Fenwick but finished second on 81 points.",
                  "! Thousands of fans poured onto Quayside after the final whistle, and police said the "
                  "celebrations were largely good-natured, with four arrests.",
                  "$ The title guarantees Rovers a place in the continental champions' competition next "
                  "season, worth at least $60 million in prize money and broadcasting income, according to "
                  "club estimates.",
                  "? Easthaven's manager said a disallowed goal against Rovers in March had decided the "
                  "title. The referees' body denied there had been an error, saying the video review "
                  "showed a clear offside.",
                  "> An open-top bus parade through the city centre is planned for {dow} next week."],
        "quotes": [("arriaga", "This is for the city. My grandfather used to tell me about the last title, "
                               "and now I have my own story."),
                   ("kessler", "Nobody gave us a chance in August. These players never stopped believing."),
                   ("mbeki", "We lost three of our first five games. Look at us now.")],
    },
))

EVENTS.append(ev(
    "valcourt-ocean-treaty", "2025-06-11", "Valcourt", "environment",
    {"okonkwo": "Adaeze Okonkwo", "lindholm": "Per Lindholm", "dasilva": "Beatriz da Silva|da Silva"},
    wire=True,
    en={
        "roles": {"okonkwo": "who chaired the conference",
                  "lindholm": "a negotiator for the Nordic delegations",
                  "dasilva": "policy director at the campaign group Blue Tide"},
        "heads": ["Nations agree to cut plastic waste in the ocean at Valcourt conference",
                  "Deal done at dawn: 112 countries sign ocean plastics pact",
                  "Plastics pact to cost packaging industry billions, producers warn",
                  "'A floor, not a ceiling': campaigners give cautious welcome to Valcourt deal"],
        "leads": ["Representatives of 112 countries agreed on {dow} in Valcourt to halve the amount of "
                  "plastic entering the oceans by 2035, after two weeks of talks that ran through the "
                  "night.",
                  "An agreement to cut ocean plastic pollution by half within ten years was adopted in "
                  "Valcourt on {dow}, although several major plastic-producing countries declined to sign."],
        "facts": ["The Valcourt Accord commits signatories to national targets for plastic waste, a ban on "
                  "some single-use items by 2028 and a shared fund for waste collection in coastal "
                  "countries, according to the final text.",
                  "$ The fund is expected to raise about $4 billion a year. Packaging manufacturers said the "
                  "rules would raise costs and warned that prices for consumers would go up.",
                  "? Several delegations said the text had been weakened overnight under pressure from "
                  "oil-producing states. The conference chair denied this, saying every change had been "
                  "agreed in open session.",
                  "! About 11 million tonnes of plastic enter the oceans every year, according to figures "
                  "used by the conference.",
                  "> The accord will enter into force once 60 countries have ratified it."],
        "quotes": [("okonkwo", "Nobody got everything they wanted, and that is how you know it is a real "
                               "agreement."),
                   ("lindholm", "We would have liked binding limits on production. That fight is not "
                                "over."),
                   ("dasilva", "This is a floor, not a ceiling. Governments now have to prove they meant "
                               "it.")],
    },
    fr={
        "roles": {"okonkwo": "présidente de la conférence",
                  "dasilva": "directrice des politiques de l'ONG Blue Tide"},
        "heads": ["Conférence de Valcourt : 112 pays s'engagent à réduire de moitié le plastique en mer",
                  "Accord de Valcourt : un compromis arraché au petit matin"],
        "leads": ["Les représentants de 112 pays ont adopté {dow} à Valcourt un accord visant à réduire de "
                  "moitié d'ici à 2035 les quantités de plastique rejetées dans les océans, au terme de deux "
                  "semaines de négociations."],
        "facts": ["L'Accord de Valcourt prévoit des objectifs nationaux, l'interdiction de certains "
                  "objets à usage unique d'ici à 2028 et un fonds commun pour la collecte des déchets dans "
                  "les pays côtiers.",
                  "? Plusieurs délégations affirment que le texte a été affaibli pendant la nuit sous la "
                  "pression des pays producteurs de pétrole. La présidente de la conférence a démenti, "
                  "assurant que chaque modification avait été adoptée en séance publique.",
                  "$ Le fonds devrait mobiliser environ 4 milliards de dollars par an.",
                  "> L'accord entrera en vigueur après sa ratification par 60 pays."],
        "quotes": [("okonkwo", "Personne n'a obtenu tout ce qu'il voulait, et c'est à cela qu'on reconnaît "
                               "un véritable accord."),
                   ("dasilva", "C'est un plancher, pas un plafond. Les gouvernements doivent maintenant "
                               "prouver qu'ils étaient sincères.")],
    },
    de={
        "roles": {"okonkwo": "Vorsitzende der Konferenz",
                  "lindholm": "Verhandlungsführer der nordischen Delegationen"},
        "heads": ["Meeresschutz: 112 Staaten einigen sich in Valcourt auf weniger Plastik",
                  "Abkommen von Valcourt: Plastikmüll im Meer soll bis 2035 halbiert werden"],
        "leads": ["Vertreter von 112 Staaten haben sich am {dow} in Valcourt darauf geeinigt, die Menge an "
                  "Plastik, die in die Meere gelangt, bis 2035 zu halbieren."],
        "facts": ["Das Abkommen sieht nationale Ziele, ein Verbot einiger Einwegprodukte bis 2028 und einen "
                  "gemeinsamen Fonds für die Müllsammlung in Küstenstaaten vor.",
                  "? Mehrere Delegationen warfen den Ölförderländern vor, den Text in der Nacht verwässert "
                  "zu haben. Die Vorsitzende wies das zurück.",
                  "! Jedes Jahr gelangen nach Zahlen der Konferenz rund elf Millionen Tonnen Plastik in die "
                  "Ozeane.",
                  "> In Kraft tritt das Abkommen, sobald 60 Staaten es ratifiziert haben."],
        "quotes": [("okonkwo", "Niemand hat alles bekommen, was er wollte – daran erkennt man eine echte "
                               "Einigung."),
                   ("lindholm", "Wir hätten uns verbindliche Obergrenzen für die Produktion gewünscht. "
                                "Dieser Kampf ist nicht vorbei.")],
    },
    es={
        "roles": {"okonkwo": "presidenta de la conferencia",
                  "dasilva": "directora de políticas de la organización Blue Tide"},
        "heads": ["112 países acuerdan en Valcourt reducir a la mitad el plástico en los océanos",
                  "Acuerdo de Valcourt: un pacto de mínimos contra el plástico marino"],
        "leads": ["Representantes de 112 países aprobaron el {dow} en Valcourt un acuerdo para reducir a la "
                  "mitad, antes de 2035, el plástico que llega a los océanos."],
        "facts": ["El Acuerdo de Valcourt fija objetivos nacionales, prohíbe algunos productos de un solo "
                  "uso a partir de 2028 y crea un fondo común para la recogida de residuos en los países "
                  "costeros.",
                  "? Varias delegaciones denunciaron que el texto se rebajó durante la noche por presión "
                  "de los países productores de petróleo, algo que la presidenta de la conferencia negó.",
                  "$ El fondo debería movilizar unos 4.000 millones de dólares al año.",
                  "> El acuerdo entrará en vigor cuando lo hayan ratificado 60 países."],
        "quotes": [("okonkwo", "Nadie ha conseguido todo lo que quería, y así se reconoce un acuerdo de "
                               "verdad."),
                   ("dasilva", "Es un suelo, no un techo. Ahora los gobiernos tienen que demostrar que "
                               "iban en serio.")],
    },
))

EVENTS.append(ev(
    "easthaven-heat-record", "2025-07-01", "Easthaven", "weather",
    {"castellano": "Rosa Castellano", "okafor": "Renata Okafor", "fenwick": "Dr Alan Fenwick|Fenwick"},
    en={
        "roles": {"castellano": "a forecaster at the Regional Weather Service",
                  "okafor": "the mayor of Easthaven",
                  "fenwick": "an emergency physician at Easthaven Memorial Hospital"},
        "heads": ["Easthaven records hottest day ever at 41.2C",
                  "Scorcher! City sizzles as temperature record smashed",
                  "Heatwave pushes Easthaven power demand to all-time high",
                  "'Check on your neighbours': Easthaven opens cooling centres as record falls"],
        "leads": ["Easthaven recorded its highest temperature since records began on {dow}, when the "
                  "thermometer at the airport reached 41.2C, breaking the previous record set in 2019 by "
                  "1.1 degrees.",
                  "Temperatures in Easthaven climbed to a record 41.2C on {dow} as a heatwave that has "
                  "gripped the region for nine days reached its peak."],
        "facts": ["The Regional Weather Service said the heat would ease slightly over the weekend but that "
                  "temperatures would stay above 35C until at least the middle of next week.",
                  "! Easthaven Memorial Hospital treated 64 people for heat-related illness on {dow}, most "
                  "of them over 75. The city opened 22 cooling centres in libraries and community halls.",
                  "$ Electricity demand hit an all-time peak of 6.8 gigawatts in the late afternoon, "
                  "according to the grid operator, which asked big industrial users to cut consumption.",
                  "? Opposition councillors said the city had been too slow to open cooling centres. The "
                  "mayor's office denied this, saying the plan had been activated as soon as the weather "
                  "service issued its warning.",
                  "> Outdoor work on city building sites has been suspended between noon and 4pm until the "
                  "heatwave ends."],
        "quotes": [("castellano", "Records like this used to be broken by a few tenths of a degree. This one "
                                  "went by more than a full degree."),
                   ("okafor", "Please check on your neighbours, especially older people who live alone."),
                   ("fenwick", "Heatstroke can kill within hours. People should not wait until they feel "
                               "ill to cool down.")],
    },
))

EVENTS.append(ev(
    "velde-low-water", "2025-07-16", "Valbrück", "economy",
    {"wagner": "Heike Wagner", "petersen": "Lars Petersen", "schuster": "Dr. Karin Schuster|Schuster"},
    en={
        "roles": {"wagner": "managing director of the inland shipping association",
                  "petersen": "a barge skipper", "schuster": "a hydrologist at the Federal Waterways Office"},
        "heads": ["Low water on the Velde strands barges and lifts fuel prices",
                  "River runs dry: barges stuck as the Velde hits record low",
                  "Velde low water costs industry €30m a week",
                  "'We are sailing a third full': skippers count cost of drought on the Velde"],
        "leads": ["Water levels on the river Velde fell to a record low at the Valbrück gauge on {dow}, "
                  "forcing barges to sail with a fraction of their usual cargo and pushing up the cost of "
                  "transporting fuel and grain.",
                  "Barge traffic on the Velde has slowed to a crawl after weeks without rain left the river "
                  "at its lowest level since measurements began, officials in Valbrück said on {dow}."],
        "facts": ["The gauge at Valbrück read 38 centimetres on {dow} morning, below the previous record of "
                  "41 centimetres set in 2018, according to the waterways office.",
                  "$ Freight rates for barges have tripled in a month, and industry groups estimate the "
                  "low water is costing companies along the river about €30 million a week.",
                  "? The inland shipping association said the government had ignored calls to deepen "
                  "shallow stretches of the river. The transport ministry denied this, saying work at two "
                  "of the worst bottlenecks would start next year.",
                  "! Some skippers have tied up their boats altogether, and ferries at three crossings near "
                  "Valbrück have stopped running.",
                  "> Forecasters expect little rain before the end of the month."],
        "quotes": [("wagner", "Every summer we have the same crisis, and every summer we are told the "
                              "solution is coming."),
                   ("petersen", "We are sailing a third full. Some days it is not worth starting the "
                                "engine."),
                   ("schuster", "Low water periods are getting longer and more frequent. That is what the "
                                "data of the last 20 years show.")],
    },
    de={
        "roles": {"wagner": "Geschäftsführerin des Binnenschifffahrtsverbands",
                  "petersen": "Binnenschiffer",
                  "schuster": "Hydrologin beim Wasserstraßenamt"},
        "heads": ["Rekord-Niedrigwasser an der Velde: Binnenschiffe fahren nur noch ein Drittel voll",
                  "Pegel Valbrück fällt auf 38 Zentimeter – Frachtpreise verdreifacht"],
        "leads": ["Der Pegel der Velde in Valbrück ist am {dow} auf einen historischen Tiefstand von 38 "
                  "Zentimetern gefallen. Binnenschiffe können nur noch einen Bruchteil ihrer üblichen "
                  "Ladung transportieren."],
        "facts": ["Der bisherige Rekord lag bei 41 Zentimetern und stammte aus dem Jahr 2018, teilte das "
                  "Wasserstraßenamt mit.",
                  "$ Die Frachtraten für Binnenschiffe haben sich binnen eines Monats verdreifacht. Die "
                  "Wirtschaft schätzt die Kosten auf rund 30 Millionen Euro pro Woche.",
                  "? Der Binnenschifffahrtsverband wirft der Regierung vor, den Ausbau flacher Abschnitte "
                  "verschleppt zu haben. Das Verkehrsministerium wies das zurück.",
                  "> Nennenswerter Regen ist bis Ende des Monats nicht in Sicht."],
        "quotes": [("petersen", "Wir fahren ein Drittel voll. An manchen Tagen lohnt es sich nicht, den "
                                "Motor anzuwerfen."),
                   ("schuster", "Die Niedrigwasserphasen werden länger und häufiger. Das zeigen die Daten "
                                "der letzten 20 Jahre.")],
    },
))

EVENTS.append(ev(
    "sierra-almira-wildfire", "2025-07-29", "Puerto Almira", "disaster",
    {"moreno": "Raúl Moreno", "ferrer": "Lucía Ferrer|Ferrer", "vidal": "Carmen Vidal"}, wire=True,
    en={
        "roles": {"moreno": "head of the regional fire service",
                  "ferrer": "the mayor of Puerto Almira",
                  "vidal": "a resident of El Romeral who was evacuated"},
        "heads": ["Wildfire in the Sierra de Almira forces 3,500 to flee",
                  "Inferno in the hills: villages evacuated as fire races towards coast",
                  "Almira wildfire burns 9,000 hectares, threatens olive harvest",
                  "'The sky turned orange': Almira villagers flee wildfire"],
        "leads": ["About 3,500 people were evacuated from villages in the Sierra de Almira on {dow} as a "
                  "wildfire fanned by strong winds burned through 9,000 hectares of pine forest and "
                  "farmland.",
                  "A fast-moving wildfire in the hills above Puerto Almira forced the evacuation of five "
                  "villages on {dow}, the regional fire service said."],
        "facts": ["The fire started on {dow} afternoon near the village of El Romeral and spread quickly in "
                  "temperatures of 39C and gusts of up to 70km/h, according to the regional fire service.",
                  "! More than 600 firefighters, 14 aircraft and military emergency units were fighting the "
                  "fire. Evacuated residents spent the night in a sports hall in Puerto Almira.",
                  "$ Farmers' associations said about 2,000 hectares of olive groves had burned, a loss "
                  "they estimated at €25 million.",
                  "? Investigators are examining whether the fire was started deliberately. A local "
                  "landowner named in social media posts denied any involvement.",
                  "> The motorway along the coast was closed in both directions and is not expected to "
                  "reopen before {dow} next week."],
        "quotes": [("moreno", "The wind changed direction three times in the afternoon. It was impossible "
                              "to build a stable line."),
                   ("vidal", "The sky turned orange and the ash was falling like snow. We left with what we "
                             "were wearing."),
                   ("ferrer", "Puerto Almira will look after everyone who had to leave their homes, for as "
                              "long as it takes.")],
    },
    es={
        "roles": {"moreno": "jefe del servicio regional de bomberos",
                  "ferrer": "alcaldesa de Puerto Almira",
                  "vidal": "vecina de El Romeral desalojada"},
        "heads": ["Un incendio en la Sierra de Almira obliga a desalojar a 3.500 vecinos",
                  "El fuego arrasa 9.000 hectáreas y amenaza la cosecha de aceituna"],
        "leads": ["Unas 3.500 personas fueron desalojadas el {dow} de cinco pueblos de la Sierra de Almira "
                  "por un incendio que, impulsado por fuertes rachas de viento, ha calcinado ya 9.000 "
                  "hectáreas de pinar y cultivos."],
        "facts": ["El fuego comenzó por la tarde cerca de El Romeral y avanzó con rapidez, con 39 grados y "
                  "rachas de hasta 70 km/h, según el servicio regional de bomberos.",
                  "! Más de 600 bomberos, 14 medios aéreos y la Unidad Militar de Emergencias trabajan en "
                  "la extinción. Los desalojados pasaron la noche en un polideportivo de Puerto Almira.",
                  "? Los investigadores analizan si el incendio fue intencionado. Un propietario señalado "
                  "en las redes sociales negó cualquier implicación.",
                  "> La autovía de la costa permanece cortada en ambos sentidos."],
        "quotes": [("moreno", "El viento cambió de dirección tres veces por la tarde. Era imposible "
                              "establecer una línea estable."),
                   ("vidal", "El cielo se volvió naranja y la ceniza caía como nieve. Salimos con lo "
                             "puesto.")],
    },
))

EVENTS.append(ev(
    "ride-hailing-court-ruling", "2025-08-20", "Northwind", "courts",
    {"abernathy": "Justice Helen Abernathy|Abernathy", "kowalski": "Piotr Kowalski", "reyes": "Sam Reyes"},
    en={
        "roles": {"abernathy": "who wrote the court's judgment",
                  "kowalski": "general counsel of the ride-hailing company Zippa",
                  "reyes": "a Zippa driver who brought the case"},
        "heads": ["Court rules Zippa drivers are employees, not contractors",
                  "Big win for drivers as judges rule against ride-hailing giant",
                  "Zippa faces $120m bill after court rules drivers are staff",
                  "'We were never our own bosses': drivers celebrate Zippa ruling"],
        "leads": ["The state's highest court ruled on {dow} that drivers for the ride-hailing company "
                  "Zippa are employees entitled to the minimum wage and holiday pay, a decision that could "
                  "affect thousands of gig workers.",
                  "About 9,000 Zippa drivers in the state should be treated as employees, the Supreme Court "
                  "ruled on {dow}, rejecting the company's argument that they are independent "
                  "contractors."],
        "facts": ["The five judges ruled unanimously that Zippa controlled drivers' work through its app, "
                  "setting fares, assigning trips and deactivating drivers whose ratings fell, according "
                  "to the written judgment.",
                  "$ Lawyers for the drivers estimate that back pay and holiday pay could cost the company "
                  "about $120 million. Zippa's shares fell 6{pc} in early trading.",
                  "? Zippa said most drivers valued their flexibility and denied that the ruling reflected "
                  "how they worked. The drivers' union said a survey of its members showed the opposite.",
                  "! The case was brought in 2022 by 31 drivers from Northwind who said they earned less "
                  "than the minimum wage once waiting time and fuel costs were counted.",
                  "> Zippa said it would study the ruling and could not rule out raising fares."],
        "quotes": [("abernathy", "A worker who cannot set the price of the service, choose the customer or "
                                 "build a business of their own is not in business on their own account."),
                   ("kowalski", "We are disappointed, and we will work with drivers and the government on "
                                "what comes next."),
                   ("reyes", "We were never our own bosses. The app was the boss.")],
    },
))

EVENTS.append(ev(
    "valcourt-high-speed-line", "2025-09-03", "Saint-Aurèle", "transport",
    {"lemaire": "Hugo Lemaire", "huon": "Jean-Marc Huon", "benali": "Nadia Benali"},
    en={
        "roles": {"lemaire": "the transport minister", "huon": "the mayor of Saint-Aurèle",
                  "benali": "president of the regional passengers' association"},
        "heads": ["High-speed line cuts Valcourt to Saint-Aurèle journey to 58 minutes",
                  "All aboard! First fast trains reach the coast",
                  "€6.2bn rail link opens, two years late and €1.4bn over budget",
                  "'The coast is no longer at the end of the line': fast trains reach Saint-Aurèle"],
        "leads": ["The first high-speed trains between Valcourt and Saint-Aurèle ran on {dow}, cutting the "
                  "journey from two hours and 40 minutes to 58 minutes.",
                  "A new high-speed rail line linking Valcourt to the port city of Saint-Aurèle opened on "
                  "{dow}, two years later than planned."],
        "facts": ["The 214-kilometre line has 14 trains a day in each direction at first, rising to 22 next "
                  "year, according to the rail operator.",
                  "$ The line cost €6.2 billion, about €1.4 billion more than forecast when work began in "
                  "2017, according to the national audit office.",
                  "? Local business groups said the new timetable had cut regional trains to smaller towns "
                  "along the coast. The rail operator denied any cut in regional services, saying "
                  "departures had only been moved to connect with the new trains.",
                  "! A standard one-way ticket costs €39, or €19 if bought more than a month in advance.",
                  "> A new station at the Pointe-Rouge business park is planned for 2028."],
        "quotes": [("lemaire", "The coast is no longer at the end of the line. It is an hour from the "
                               "capital."),
                   ("huon", "This will change how people see Saint-Aurèle. Businesses are already asking "
                            "about offices near the station."),
                   ("benali", "Fast trains are good news, but not if the bus to the station stops at "
                              "7pm.")],
    },
    fr={
        "roles": {"lemaire": "ministre des Transports", "huon": "maire de Saint-Aurèle",
                  "benali": "présidente de l'association régionale des usagers"},
        "heads": ["La ligne à grande vitesse met Saint-Aurèle à 58 minutes de Valcourt",
                  "LGV Valcourt–Saint-Aurèle : une mise en service avec deux ans de retard"],
        "leads": ["Les premiers trains à grande vitesse entre Valcourt et Saint-Aurèle ont circulé {dow}, "
                  "ramenant le trajet de 2 h 40 à 58 minutes."],
        "facts": ["La ligne de 214 kilomètres compte d'abord 14 allers-retours par jour, puis 22 l'an "
                  "prochain, selon l'opérateur ferroviaire.",
                  "$ Le chantier a coûté 6,2 milliards d'euros, soit 1,4 milliard de plus que prévu, selon "
                  "la Cour des comptes.",
                  "? Les associations d'entreprises accusent le nouveau tableau horaire d'avoir réduit les "
                  "TER vers les petites villes du littoral. L'opérateur dément toute suppression.",
                  "> Une nouvelle gare est prévue en 2028 à la zone d'activités de la Pointe-Rouge."],
        "quotes": [("lemaire", "La côte n'est plus au bout de la ligne. Elle est à une heure de la "
                               "capitale."),
                   ("benali", "Les trains rapides sont une bonne nouvelle, mais pas si le dernier bus pour "
                              "la gare part à 19 heures.")],
    },
))

EVENTS.append(ev(
    "almira-roman-shipwreck", "2025-09-17", "Puerto Almira", "science",
    {"serrano": "Dr. Paula Serrano|Serrano", "ibarra": "Miguel Ibarra", "dufresne": "Prof. Luc Dufresne|Dufresne"},
    en={
        "roles": {"serrano": "the marine archaeologist who led the dives",
                  "ibarra": "the regional culture minister",
                  "dufresne": "a historian of Roman trade at the University of Valcourt"},
        "heads": ["Roman shipwreck with 2,000 amphorae found off Puerto Almira",
                  "Treasure of the deep: divers find intact Roman cargo ship",
                  "Almira shipwreck could draw divers and tourists, officials say",
                  "'A time capsule from the first century': archaeologists hail Almira wreck"],
        "leads": ["Archaeologists have found the wreck of a Roman merchant ship carrying about 2,000 "
                  "amphorae in 60 metres of water off Puerto Almira, the regional government said on "
                  "{dow}.",
                  "A Roman cargo ship that sank almost 2,000 years ago has been discovered largely intact "
                  "off the coast of Puerto Almira, researchers announced on {dow}."],
        "facts": ["The ship, about 30 metres long, probably sank in the first century AD while carrying "
                  "olive oil and fish sauce from southern ports to Rome, according to the research team.",
                  "! The wreck was first spotted by a fisherman whose nets snagged on the cargo in 2023. "
                  "Divers have since mapped it with underwater robots.",
                  "? A treasure-hunting company said it had located the wreck first and had a right to take "
                  "part in the excavation. The regional government denied it had any claim, saying all "
                  "finds in its waters belong to the public.",
                  "$ The excavation is expected to cost €3 million over five years.",
                  "> The site has been placed under police protection to deter looters."],
        "quotes": [("serrano", "It is a time capsule from the first century. Most of the amphorae are still "
                               "stacked the way the crew loaded them."),
                   ("ibarra", "This heritage belongs to everyone, and it will stay in Almira."),
                   ("dufresne", "Wrecks with their cargo still in order are very rare. It will tell us how "
                                "the trade was organised, not only what was traded.")],
    },
    es={
        "roles": {"serrano": "arqueóloga subacuática que dirigió las inmersiones",
                  "ibarra": "consejero regional de Cultura"},
        "heads": ["Hallan frente a Puerto Almira un pecio romano con 2.000 ánforas",
                  "«Una cápsula del tiempo del siglo I»: el pecio de Almira, casi intacto"],
        "leads": ["Un equipo de arqueólogos ha localizado a 60 metros de profundidad, frente a Puerto "
                  "Almira, los restos de un barco mercante romano cargado con unas 2.000 ánforas, informó "
                  "el {dow} el Gobierno regional."],
        "facts": ["El barco, de unos 30 metros de eslora, se hundió probablemente en el siglo I con un "
                  "cargamento de aceite de oliva y salsa de pescado, según el equipo de investigación.",
                  "! Un pescador dio la primera pista en 2023, cuando sus redes se engancharon en la carga.",
                  "? Una empresa cazatesoros asegura que localizó el pecio antes y reclama participar en la "
                  "excavación. El Gobierno regional lo niega: los hallazgos en sus aguas son públicos.",
                  "> La zona está bajo vigilancia policial para evitar expolios."],
        "quotes": [("serrano", "Es una cápsula del tiempo del siglo I. La mayoría de las ánforas siguen "
                               "apiladas como las cargó la tripulación."),
                   ("ibarra", "Este patrimonio es de todos y se quedará en Almira.")],
    },
    fr={
        "roles": {"serrano": "archéologue sous-marine à la tête des plongées",
                  "dufresne": "historien du commerce romain à l'université de Valcourt"},
        "heads": ["Une épave romaine chargée de 2 000 amphores découverte au large de Puerto Almira",
                  "Archéologie : une « capsule temporelle » du Ier siècle au fond de la mer"],
        "leads": ["Des archéologues ont découvert par 60 mètres de fond, au large de Puerto Almira, "
                  "l'épave d'un navire marchand romain transportant environ 2 000 amphores, a annoncé "
                  "{dow} le gouvernement régional."],
        "facts": ["Le navire, long d'une trentaine de mètres, a probablement sombré au Ier siècle avec une "
                  "cargaison d'huile d'olive et de sauce de poisson.",
                  "? Une société de chasseurs de trésors affirme avoir localisé l'épave la première et "
                  "réclame une part des fouilles, ce que le gouvernement régional conteste.",
                  "> Le site est placé sous protection policière pour dissuader les pilleurs."],
        "quotes": [("serrano", "C'est une capsule temporelle du Ier siècle. La plupart des amphores sont "
                               "encore empilées comme l'équipage les avait chargées."),
                   ("dufresne", "Les épaves dont la cargaison est restée en place sont très rares. Elles "
                                "nous disent comment le commerce était organisé.")],
    },
))

EVENTS.append(ev(
    "easthaven-congestion-charge", "2025-10-01", "Easthaven", "politics",
    {"okafor": "Renata Okafor", "vance": "Gregory Vance", "osei": "Abena Osei"},
    en={
        "roles": {"okafor": "the mayor of Easthaven", "vance": "a city councilman",
                  "osei": "who chairs the Easthaven Retailers' Alliance"},
        "heads": ["Easthaven to charge drivers $12 a day to enter city centre",
                  "Drivers fume as Okafor unveils $12 congestion charge",
                  "Congestion charge to raise $95m a year for Easthaven transit",
                  "'Cleaner air, faster buses': Okafor defends city centre charge"],
        "leads": ["Drivers entering central Easthaven on weekdays will pay $12 a day from next April under "
                  "a congestion charge announced by Mayor Renata Okafor on {dow}.",
                  "Easthaven will become the first city in the state to charge cars for entering its "
                  "centre, after the mayor unveiled plans for a $12 daily fee on {dow}."],
        "facts": ["The charge will apply from 7am to 7pm on weekdays inside the ring road, enforced by "
                  "number-plate cameras. Residents of the zone will get a 90{pc} discount, and taxis, "
                  "buses and disabled drivers will be exempt.",
                  "$ The city expects the charge to raise about $95 million a year after costs, all of it "
                  "to be spent on buses, trams and cycle lanes, according to the mayor's office.",
                  "? {@vance} said the mayor had promised during her campaign not to introduce a congestion "
                  "charge. Okafor denied this, saying she had promised only not to raise parking fees.",
                  "! Traffic in the centre is 24{pc} heavier than before the pandemic, and average bus "
                  "speeds have fallen to 11km/h, according to the transit authority.",
                  "> The plan needs a council vote in December."],
        "quotes": [("okafor", "Cleaner air, faster buses and safer streets: that is what this charge pays "
                              "for."),
                   ("vance", "This is a tax on working people who have no other way to get to work."),
                   ("osei", "Our members are worried that customers will simply go to the malls outside "
                            "the ring road.")],
    },
))

EVENTS.append(ev(
    "valbrueck-battery-breakthrough", "2025-10-15", "Valbrück", "science",
    {"hartmann": "Prof. Julia Hartmann|Hartmann", "okoro": "Dr. Emeka Okoro|Okoro", "feld": "Michael Feld"},
    en={
        "roles": {"hartmann": "who leads the materials group at the Technical University of Valbrück",
                  "okoro": "a battery researcher who was not involved in the study",
                  "feld": "a spokesman for the carmaker Brenner Motorwerke"},
        "heads": ["Valbrück researchers report solid-state battery that charges in 12 minutes",
                  "Charge your car in 12 minutes? German lab claims battery breakthrough",
                  "Battery start-up spun out of Valbrück lab raises €80m",
                  "'We are not there yet': researchers urge caution over battery breakthrough"],
        "leads": ["Researchers at the Technical University of Valbrück said on {dow} they had built a "
                  "solid-state battery cell that can be charged to 80{pc} in 12 minutes and still holds "
                  "most of its capacity after 2,000 cycles.",
                  "A team in Valbrück has developed a solid-state battery that could let electric cars "
                  "charge almost as fast as filling a tank, according to a study published on {dow}."],
        "facts": ["The cell uses a new sulphide electrolyte that does not form the needle-like growths "
                  "that short-circuit earlier designs, according to the paper, published in the journal "
                  "Energy Materials.",
                  "$ A start-up founded by the team, Velde Cells, has raised €80 million from investors "
                  "including Brenner Motorwerke and plans a pilot line for 2027.",
                  "? Some researchers questioned whether the results would hold at larger scale. The team "
                  "denied overstating the findings, saying the paper clearly described the cells as "
                  "laboratory prototypes.",
                  "! The test cells are about the size of a playing card. A car battery would need "
                  "thousands of them.",
                  "> The team says it will publish results from larger cells next year."],
        "quotes": [("hartmann", "We are not there yet. But for the first time we have a cell that survives "
                                "fast charging thousands of times."),
                   ("okoro", "Many solid-state results look wonderful in the lab and fade on the way to the "
                             "factory. This one deserves attention, not celebration."),
                   ("feld", "We are investing because we think this technology can be built in Valbrück.")],
    },
    de={
        "roles": {"hartmann": "Leiterin der Arbeitsgruppe Materialwissenschaften an der Technischen "
                              "Universität Valbrück",
                  "feld": "Sprecher von Brenner Motorwerke"},
        "heads": ["Festkörperbatterie aus Valbrück lädt in zwölf Minuten",
                  "TU Valbrück meldet Durchbruch bei Akkus – Fachleute mahnen zur Vorsicht"],
        "leads": ["Forschende der Technischen Universität Valbrück haben nach eigenen Angaben eine "
                  "Festkörperbatteriezelle entwickelt, die sich in zwölf Minuten auf 80 Prozent laden "
                  "lässt."],
        "facts": ["Die Zelle behält demnach auch nach 2000 Ladezyklen den größten Teil ihrer Kapazität. Die "
                  "Studie erschien am {dow} in der Fachzeitschrift Energy Materials.",
                  "$ Das Ausgründungsunternehmen Velde Cells hat 80 Millionen Euro eingesammelt, unter "
                  "anderem von Brenner Motorwerke, und plant für 2027 eine Pilotlinie.",
                  "? Andere Fachleute bezweifeln, dass sich die Ergebnisse im großen Maßstab bestätigen "
                  "lassen. Das Team wies den Vorwurf der Übertreibung zurück.",
                  "> Ergebnisse mit größeren Zellen sollen im kommenden Jahr folgen."],
        "quotes": [("hartmann", "Wir sind noch nicht am Ziel. Aber zum ersten Mal haben wir eine Zelle, die "
                                "Schnellladen tausendfach übersteht."),
                   ("feld", "Wir investieren, weil wir glauben, dass diese Technik in Valbrück gebaut "
                            "werden kann.")],
    },
))

EVENTS.append(ev(
    "millbrook-bridge-closure", "2025-10-29", "Northwind", "transport",
    {"achterberg": "Simone Achterberg", "whitcombe": "Daniel Whitcombe", "doyle": "Kieran Doyle"},
    en={
        "roles": {"achterberg": "Northwind's chief highways engineer",
                  "whitcombe": "the mayor of Northwind",
                  "doyle": "who runs a bakery on the south side of the bridge"},
        "heads": ["Millbrook Bridge closed indefinitely after cracks found in supports",
                  "Bridge of worry: city's busiest crossing shut without warning",
                  "Millbrook Bridge repairs could cost up to $70m",
                  "'We could not take the risk': engineers shut Millbrook Bridge"],
        "leads": ["Northwind closed the Millbrook Bridge to all traffic on {dow} after inspectors found "
                  "cracks in two of its concrete supports, cutting off the city's busiest river crossing.",
                  "The Millbrook Bridge, which carries about 48,000 vehicles a day across the River Tarne, "
                  "was shut indefinitely on {dow} after engineers discovered serious cracking."],
        "facts": ["The cracks, up to 4 millimetres wide, were found during a routine inspection of the "
                  "1968 bridge, according to the city's transport department. Pedestrians and cyclists are "
                  "also barred.",
                  "! Drivers faced queues of up to an hour on {dow} evening as traffic was diverted to the "
                  "Harbour Bridge, where two lanes are already closed for repairs.",
                  "$ Early estimates put the cost of repairs at between $35 million and $70 million. The "
                  "bridge could stay closed for a year if the supports need to be rebuilt.",
                  "? A former city engineer said warnings about the bridge had been ignored since 2019. The "
                  "transport department denied this, saying every inspection report had been acted on.",
                  "> Extra ferries across the river will run from Monday, and bus routes are being "
                  "redrawn."],
        "quotes": [("achterberg", "We could not take the risk. Until we know how deep these cracks go, no one "
                                  "crosses that bridge."),
                   ("whitcombe", "I know this is a huge disruption, and I am sorry. Safety has to come "
                                 "first."),
                   ("doyle", "Half my customers come from across the river. I do not know how long we can "
                             "last like this.")],
    },
))

EVENTS.append(ev(
    "almira-teachers-strike", "2025-11-12", "Puerto Almira", "education",
    {"romero": "Elena Romero", "ruiz": "Alberto Ruiz", "gil": "Pilar Gil"},
    en={
        "roles": {"romero": "spokeswoman for the teachers' union", "ruiz": "the regional education minister",
                  "gil": "president of the parents' federation"},
        "heads": ["Teachers in Almira strike over class sizes and pay",
                  "Classrooms empty as 14,000 teachers walk out",
                  "Teachers demand €300m for smaller classes in Almira region",
                  "'Thirty children is not a class, it is a crowd': Almira teachers strike"],
        "leads": ["Most state schools in the Almira region were closed or running a minimum service on "
                  "{dow} as about 14,000 teachers went on strike over class sizes and pay.",
                  "Teachers across the Almira region walked out on {dow}, the first of three strike days "
                  "called to demand smaller classes and higher wages."],
        "facts": ["About 82{pc} of teachers joined the strike, according to the unions. The regional "
                  "government put the figure at 56{pc}.",
                  "$ The unions want classes capped at 22 pupils in primary schools and a pay rise of "
                  "€150 a month, which they estimate would cost the region about €300 million a year.",
                  "? The education ministry said average class sizes had fallen in each of the past three "
                  "years. The unions denied this, saying the average hid schools in fast-growing districts "
                  "with more than 30 pupils per class.",
                  "! Thousands of teachers and parents marched through the centre of Puerto Almira at "
                  "midday, carrying banners reading ‘Less is more’.",
                  "> Two further strike days are planned for next week."],
        "quotes": [("romero", "Thirty children is not a class, it is a crowd. No teacher can give them the "
                              "attention they need."),
                   ("ruiz", "We have hired 1,100 teachers in two years. The door to negotiation is open, "
                            "but the budget is not unlimited."),
                   ("gil", "Families support the teachers, even if the strike days are hard for working "
                           "parents.")],
    },
    es={
        "roles": {"romero": "portavoz del sindicato de profesores",
                  "ruiz": "consejero regional de Educación",
                  "gil": "presidenta de la federación de familias"},
        "heads": ["Huelga docente en Almira: 14.000 profesores reclaman menos alumnos por aula",
                  "«Treinta niños no son una clase, son una multitud»"],
        "leads": ["La mayoría de los colegios públicos de la región de Almira cerraron o funcionaron con "
                  "servicios mínimos el {dow}, primera de las tres jornadas de huelga convocadas por los "
                  "sindicatos docentes."],
        "facts": ["El seguimiento fue del 82 %, según los sindicatos, y del 56 %, según el Gobierno "
                  "regional.",
                  "$ Los sindicatos piden un máximo de 22 alumnos por aula en primaria y una subida de 150 "
                  "euros al mes, lo que costaría unos 300 millones de euros al año.",
                  "? La consejería asegura que la ratio media ha bajado en los tres últimos cursos. Los "
                  "sindicatos lo niegan: la media, dicen, esconde centros con más de 30 alumnos.",
                  "> Hay otras dos jornadas de huelga convocadas para la semana que viene."],
        "quotes": [("romero", "Treinta niños no son una clase, son una multitud."),
                   ("ruiz", "Hemos contratado a 1.100 docentes en dos años. La puerta del diálogo está "
                            "abierta, pero el presupuesto no es ilimitado.")],
    },
))

EVENTS.append(ev(
    "skylark-air-collapse", "2025-11-26", "Valcourt", "business",
    {"harrington": "Neil Harrington", "moulin": "Cécile Moulin", "abara": "Kemi Abara"}, wire=True,
    en={
        "roles": {"harrington": "the administrator appointed to run Skylark Air",
                  "moulin": "the continental transport commissioner",
                  "abara": "a passenger stranded at Valcourt airport"},
        "heads": ["Skylark Air collapses, stranding 40,000 passengers",
                  "Holiday chaos as budget airline goes bust overnight",
                  "Skylark Air fails with €1.1bn of debts after rescue talks collapse",
                  "'We found out at the gate': Skylark passengers left stranded"],
        "leads": ["Budget airline Skylark Air ceased trading on {dow} and cancelled all flights, leaving "
                  "about 40,000 passengers stranded abroad and 3,600 staff out of work.",
                  "Skylark Air, one of the continent's biggest low-cost carriers, collapsed on {dow} after "
                  "last-minute talks with investors failed, grounding its fleet of 58 aircraft."],
        "facts": ["The airline, based in Valcourt, had been losing money since a sharp rise in fuel and "
                  "leasing costs last year. It carried 14 million passengers in 2024.",
                  "$ Skylark owes about €1.1 billion to lessors, suppliers and banks, according to the "
                  "administrator. A rescue deal with an investment fund fell through on {dow} night.",
                  "? Unions said management had kept selling tickets for Christmas flights while knowing the "
                  "airline was about to fail. The company's former chief executive denied this, saying "
                  "the board had expected the rescue to go through until the last hour.",
                  "! Passengers abroad will be flown home on chartered planes over the next two weeks, and "
                  "those who paid by card should be able to claim refunds, the transport commission said.",
                  "> Other airlines have offered rescue fares, and several have said they will interview "
                  "Skylark pilots and cabin crew."],
        "quotes": [("harrington", "Every effort was made to find a buyer. I am deeply sorry for the staff "
                                  "and the passengers."),
                   ("moulin", "No one will be left stranded. We will get every passenger home."),
                   ("abara", "We found out at the gate. There was no one from the airline to talk to, "
                             "just a notice on the screen.")],
    },
    fr={
        "roles": {"harrington": "administrateur judiciaire de Skylark Air",
                  "moulin": "commissaire continentale aux transports",
                  "abara": "passagère bloquée à l'aéroport de Valcourt"},
        "heads": ["Faillite de Skylark Air : 40 000 passagers bloqués",
                  "La compagnie à bas coût Skylark Air cesse ses activités, 3 600 emplois supprimés"],
        "leads": ["La compagnie à bas coût Skylark Air a cessé ses activités {dow} et annulé tous ses vols, "
                  "laissant environ 40 000 passagers bloqués à l'étranger."],
        "facts": ["Basée à Valcourt, la compagnie perdait de l'argent depuis la flambée des coûts du "
                  "carburant et de la location d'avions l'an dernier.",
                  "$ Skylark doit environ 1,1 milliard d'euros à ses loueurs, fournisseurs et banques, selon "
                  "l'administrateur judiciaire.",
                  "? Les syndicats accusent la direction d'avoir continué à vendre des billets pour Noël en "
                  "connaissant la situation. L'ancien PDG dément.",
                  "> Des vols affrétés rapatrieront les passagers dans les deux prochaines semaines."],
        "quotes": [("moulin", "Personne ne restera bloqué. Nous ramènerons chaque passager chez lui."),
                   ("abara", "Nous l'avons appris à la porte d'embarquement. Il n'y avait personne de la "
                             "compagnie, juste un message sur l'écran.")],
    },
    de={
        "roles": {"harrington": "Insolvenzverwalter von Skylark Air",
                  "moulin": "Verkehrskommissarin"},
        "heads": ["Skylark Air ist pleite – 40.000 Passagiere sitzen fest",
                  "Billigflieger Skylark Air stellt Flugbetrieb ein"],
        "leads": ["Die Billigfluggesellschaft Skylark Air hat am {dow} den Flugbetrieb eingestellt. Rund "
                  "40.000 Passagiere sitzen im Ausland fest, 3600 Beschäftigte verlieren ihre Arbeit."],
        "facts": ["Die in Valcourt ansässige Airline schrieb seit dem starken Anstieg der Treibstoff- und "
                  "Leasingkosten im vergangenen Jahr Verluste.",
                  "$ Skylark schuldet Leasinggebern, Lieferanten und Banken rund 1,1 Milliarden Euro.",
                  "? Gewerkschaften werfen dem Management vor, noch Tickets für Weihnachtsflüge verkauft zu "
                  "haben. Der frühere Vorstandschef wies das zurück.",
                  "> Gestrandete Reisende sollen in den kommenden zwei Wochen mit Charterflügen "
                  "zurückgeholt werden."],
        "quotes": [("harrington", "Es wurde alles versucht, einen Käufer zu finden. Es tut mir zutiefst leid "
                                  "für die Beschäftigten und die Fluggäste."),
                   ("moulin", "Niemand wird im Stich gelassen. Wir bringen jeden Passagier nach Hause.")],
    },
    es={
        "roles": {"harrington": "administrador concursal de Skylark Air",
                  "moulin": "comisaria continental de Transportes"},
        "heads": ["Quiebra Skylark Air: 40.000 pasajeros atrapados",
                  "La aerolínea de bajo coste Skylark Air deja de volar y despide a 3.600 empleados"],
        "leads": ["La aerolínea de bajo coste Skylark Air dejó de operar el {dow} y canceló todos sus "
                  "vuelos, dejando a unos 40.000 pasajeros atrapados en el extranjero."],
        "facts": ["La compañía, con sede en Valcourt, acumulaba pérdidas desde la subida del combustible y "
                  "del alquiler de aviones el año pasado.",
                  "$ Skylark debe unos 1.100 millones de euros a arrendadores, proveedores y bancos.",
                  "? Los sindicatos acusan a la dirección de seguir vendiendo billetes para Navidad. El "
                  "antiguo consejero delegado lo niega.",
                  "> Los pasajeros serán repatriados en vuelos chárter durante las próximas dos semanas."],
        "quotes": [("harrington", "Se hizo todo lo posible por encontrar un comprador. Lo siento "
                                  "profundamente por la plantilla y los pasajeros."),
                   ("moulin", "Nadie se quedará tirado. Traeremos a casa a todos los pasajeros.")],
    },
))

EVENTS.append(ev(
    "storm-berenice", "2025-12-10", "Saint-Aurèle", "weather",
    {"guillou": "Marc Guillou", "huon": "Jean-Marc Huon", "roussel": "Agnès Roussel"}, wire=True,
    en={
        "roles": {"guillou": "a forecaster at the national weather service",
                  "huon": "the mayor of Saint-Aurèle", "roussel": "the regional prefect"},
        "heads": ["Storm Bérénice batters Saint-Aurèle with 160km/h gusts",
                  "Monster storm smashes coast, 90,000 homes blacked out",
                  "Storm Bérénice damage could top €150m, insurers say",
                  "'Stay at home': red alert as Storm Bérénice hits the coast"],
        "leads": ["Storm Bérénice hit the coast around Saint-Aurèle overnight into {dow} with gusts of up "
                  "to 161km/h, cutting power to about 90,000 homes and flooding parts of the old port.",
                  "About 90,000 households were left without electricity on {dow} after Storm Bérénice "
                  "swept across the coast near Saint-Aurèle with hurricane-force winds."],
        "facts": ["The strongest gust, 161km/h, was recorded at the Pointe-Rouge signal station, according "
                  "to the national weather service. The region was placed on red alert for wind and "
                  "coastal flooding.",
                  "! A 58-year-old man was seriously injured when a tree fell on his car near Valcourt. "
                  "Schools across the region stayed closed and all ferries were cancelled.",
                  "$ Insurers' early estimates put the damage at more than €150 million, most of it to "
                  "roofs, boats and seafront businesses.",
                  "? Residents of the old port said flood barriers promised after Storm Aline in 2023 had "
                  "never been installed. The city denied this, saying the first barriers had been fitted "
                  "in October but were overtopped.",
                  "> Power should be restored to most homes by {dow} evening, the grid operator said."],
        "quotes": [("guillou", "This is the strongest storm on this coast since 1999. Bérénice deepened "
                               "very fast over warm water."),
                   ("roussel", "Stay at home. Do not go to the seafront to take pictures."),
                   ("huon", "The old port took the worst of it. We will help every business reopen as "
                            "quickly as possible.")],
    },
    fr={
        "roles": {"guillou": "prévisionniste à Météo-France",
                  "huon": "maire de Saint-Aurèle", "roussel": "préfète de région"},
        "heads": ["Tempête Bérénice : rafales à 161 km/h et 90 000 foyers privés d'électricité",
                  "Vigilance rouge : le vieux port de Saint-Aurèle sous les eaux"],
        "leads": ["La tempête Bérénice a frappé la côte autour de Saint-Aurèle dans la nuit de mardi à "
                  "{dow}, avec des rafales jusqu'à 161 km/h, privant d'électricité environ 90 000 foyers."],
        "facts": ["La rafale la plus forte a été relevée au sémaphore de la Pointe-Rouge, selon "
                  "Météo-France. Le département avait été placé en vigilance rouge vent et submersion.",
                  "! Un homme de 58 ans a été grièvement blessé par la chute d'un arbre sur sa voiture près "
                  "de Valcourt. Les écoles sont restées fermées.",
                  "? Les habitants du vieux port affirment que les barrières anti-submersion promises après "
                  "la tempête Aline n'ont jamais été installées. La mairie dément : les premières ont été "
                  "posées en octobre, mais ont été submergées.",
                  "$ Les assureurs estiment les dégâts à plus de 150 millions d'euros."],
        "quotes": [("guillou", "C'est la tempête la plus forte sur cette côte depuis 1999."),
                   ("roussel", "Restez chez vous. N'allez pas sur le front de mer pour prendre des "
                               "photos.")],
    },
))

EVENTS.append(ev(
    "valbrueck-mayor-election", "2026-01-14", "Valbrück", "politics",
    {"vogt": "Katrin Vogt", "brandt": "Miriam Brandt", "lorenz": "Prof. Ulrich Lorenz|Lorenz"},
    en={
        "roles": {"vogt": "the Greens candidate", "brandt": "the outgoing mayor",
                  "lorenz": "a political scientist at the University of Valbrück"},
        "heads": ["Greens' Katrin Vogt elected mayor of Valbrück",
                  "Upset in Valbrück as Green newcomer ousts mayor",
                  "Vogt promises to save Brenner site jobs after mayoral win",
                  "'Valbrück chose change': Vogt wins run-off"],
        "leads": ["Katrin Vogt of the Greens was elected mayor of Valbrück on {dow}, winning 52.6{pc} of "
                  "the vote in a run-off against the incumbent Miriam Brandt.",
                  "Valbrück voters ousted their mayor of 12 years on {dow}, electing the Greens' Katrin "
                  "Vogt by a margin of about 4,000 votes."],
        "facts": ["Turnout was 49{pc}, up from 38{pc} in the first round, according to the city's election "
                  "office. Brandt received 47.4{pc}.",
                  "$ Vogt campaigned on turning the Brenner Motorwerke factory site, which closes this year, "
                  "into a park for battery and recycling companies. She has promised to keep 1,000 jobs on "
                  "the site.",
                  "? Brandt's campaign accused Vogt of making promises on the Brenner site that the city "
                  "could not keep. Vogt denied this, saying two companies had already signed letters of "
                  "intent.",
                  "! The closure of the Brenner plant, announced last April, dominated the campaign in a "
                  "city where one in ten jobs depends on the car industry.",
                  "> Vogt will take office on 1 February."],
        "quotes": [("vogt", "Valbrück chose change. Now we have to deliver it, starting with the Brenner "
                            "site."),
                   ("brandt", "I congratulate Katrin Vogt and wish her every success. This city deserves "
                              "it."),
                   ("lorenz", "This was a vote about the factory more than about the Greens.")],
    },
    de={
        "roles": {"vogt": "Kandidatin der Grünen", "brandt": "bisherige Oberbürgermeisterin",
                  "lorenz": "Politikwissenschaftler an der Universität Valbrück"},
        "heads": ["Katrin Vogt ist neue Oberbürgermeisterin von Valbrück",
                  "Stichwahl in Valbrück: Grüne Vogt schlägt Amtsinhaberin Brandt"],
        "leads": ["Die Grünen-Politikerin Katrin Vogt ist neue Oberbürgermeisterin von Valbrück. In der "
                  "Stichwahl am {dow} erhielt sie 52,6 Prozent der Stimmen."],
        "facts": ["Die Wahlbeteiligung lag bei 49 Prozent, nach 38 Prozent im ersten Wahlgang. Amtsinhaberin "
                  "Miriam Brandt kam auf 47,4 Prozent.",
                  "$ Vogt will das Gelände des Brenner-Werks, das in diesem Jahr schließt, zu einem Standort "
                  "für Batterie- und Recyclingfirmen machen und dort 1000 Arbeitsplätze sichern.",
                  "? Brandts Lager warf Vogt unhaltbare Versprechen vor. Vogt wies das zurück: Zwei "
                  "Unternehmen hätten bereits Absichtserklärungen unterschrieben.",
                  "> Vogt tritt ihr Amt am 1. Februar an."],
        "quotes": [("vogt", "Valbrück hat sich für den Wandel entschieden. Jetzt müssen wir liefern – "
                            "zuerst beim Brenner-Gelände."),
                   ("lorenz", "Das war eher eine Abstimmung über das Werk als über die Grünen.")],
    },
))

EVENTS.append(ev(
    "easthaven-measles-outbreak", "2026-01-28", "Easthaven", "health",
    {"chowdhury": "Dr Farah Chowdhury|Chowdhury", "lindgren": "Paul Lindgren", "baptiste": "Marie Baptiste"},
    en={
        "roles": {"chowdhury": "Easthaven's director of public health",
                  "lindgren": "superintendent of Easthaven public schools",
                  "baptiste": "a mother of two at one of the affected schools"},
        "heads": ["Measles outbreak in Easthaven schools reaches 47 cases",
                  "Measles alert: unvaccinated pupils sent home for three weeks",
                  "Measles outbreak prompts $2m emergency vaccination drive",
                  "'This was preventable': health chief urges parents to vaccinate"],
        "leads": ["A measles outbreak in Easthaven has grown to 47 cases, most of them children at four "
                  "primary schools, the city's public health department said on {dow}.",
                  "Easthaven health officials on {dow} ordered unvaccinated pupils at four schools to stay "
                  "home for 21 days as a measles outbreak spread to 47 people."],
        "facts": ["Six children have been admitted to hospital, one of them to intensive care with "
                  "pneumonia, according to the health department. None of the 47 had received both doses "
                  "of the vaccine.",
                  "$ The city has set aside $2 million for extra vaccination clinics, including evening "
                  "sessions at schools and a mobile clinic in the Eastbank district.",
                  "? A parents' group that opposes school vaccine rules said the exclusion order was "
                  "illegal. The health department denied this, saying state law allowed it during an "
                  "outbreak.",
                  "! Vaccination rates for five-year-olds in Easthaven have fallen to 86{pc}, below the 95{pc} "
                  "needed to stop the disease spreading, according to state figures.",
                  "> Clinics will open at the four schools from Monday."],
        "quotes": [("chowdhury", "This was preventable. Two doses of the vaccine protect about 97 in every "
                                 "100 children."),
                   ("lindgren", "Keeping children out of school is a last resort, but it is the safest thing "
                                "to do right now."),
                   ("baptiste", "My youngest is too young for the second dose. I am counting on other "
                                "parents.")],
    },
))

EVENTS.append(ev(
    "almira-tourism-protest", "2026-02-11", "Puerto Almira", "politics",
    {"soler": "Jordi Soler", "ferrer": "Lucía Ferrer|Ferrer", "castro": "Beatriz Castro"},
    en={
        "roles": {"soler": "spokesman for the Almira Neighbours' Platform",
                  "ferrer": "the mayor of Puerto Almira",
                  "castro": "president of the regional hotel association"},
        "heads": ["Thousands march in Puerto Almira against mass tourism",
                  "'Tourists go home'? Almira residents take to the streets",
                  "Almira plans tourist tax rise as visitor numbers hit record 9 million",
                  "'Our city is not a theme park': Almira protesters demand limits"],
        "leads": ["About 12,000 people marched through Puerto Almira on {dow} to demand limits on tourist "
                  "flats and cruise ships, after the city received a record 9 million visitors last year.",
                  "Residents of Puerto Almira took to the streets on {dow} in the biggest protest yet "
                  "against mass tourism, which they blame for soaring rents."],
        "facts": ["Police put the crowd at 12,000; organisers said 30,000. Marchers carried banners reading "
                  "‘Our city is not a theme park’ and blocked the cruise terminal for an hour.",
                  "$ Average rents in the old town have risen by 48{pc} in five years, according to the "
                  "regional housing observatory. The number of holiday flats has more than doubled.",
                  "? The hotel association said holiday flats, not hotels, were to blame for the rise in "
                  "rents. Flat-rental platforms denied this, saying they accounted for less than 5{pc} of "
                  "housing in the city.",
                  "! Tourism accounts for about 14{pc} of jobs in Puerto Almira.",
                  "> The city council will vote next month on doubling the tourist tax to €4 a night and "
                  "freezing new licences for holiday flats."],
        "quotes": [("soler", "Our city is not a theme park. Nurses and teachers can no longer afford to "
                             "live where they work."),
                   ("ferrer", "We hear the neighbours. No new tourist flat licences will be granted in the "
                              "old town."),
                   ("castro", "Tourism pays a lot of salaries in this city. We must manage it, not demonise "
                              "it.")],
    },
    es={
        "roles": {"soler": "portavoz de la Plataforma Vecinal de Almira",
                  "ferrer": "alcaldesa de Puerto Almira",
                  "castro": "presidenta de la asociación hotelera"},
        "heads": ["Miles de personas se manifiestan en Puerto Almira contra la masificación turística",
                  "«Nuestra ciudad no es un parque temático»: Almira sale a la calle"],
        "leads": ["Unas 12.000 personas, según la policía, se manifestaron el {dow} en Puerto Almira para "
                  "exigir límites a los pisos turísticos y a los cruceros, tras un año récord de 9 millones "
                  "de visitantes."],
        "facts": ["Los organizadores elevaron la cifra a 30.000. Los manifestantes bloquearon durante una "
                  "hora la terminal de cruceros.",
                  "$ El alquiler medio en el casco antiguo ha subido un 48 % en cinco años, según el "
                  "observatorio regional de vivienda.",
                  "? La patronal hotelera culpa a los pisos turísticos de la subida de los alquileres. Las "
                  "plataformas de alquiler lo niegan.",
                  "> El pleno votará el mes próximo duplicar la tasa turística hasta cuatro euros por "
                  "noche."],
        "quotes": [("soler", "Nuestra ciudad no es un parque temático. Enfermeras y maestros ya no pueden "
                             "vivir donde trabajan."),
                   ("ferrer", "Escuchamos a los vecinos. No habrá nuevas licencias de pisos turísticos en "
                              "el casco antiguo.")],
    },
))

EVENTS.append(ev(
    "halcyon-satellite-launch", "2026-02-25", "Valcourt", "science",
    {"aubert": "Sylvie Aubert", "kruger": "Dr. Henrik Krüger|Krüger", "mensah": "Kofi Mensah"}, wire=True,
    en={
        "roles": {"aubert": "director general of the Continental Space Agency",
                  "kruger": "the mission's lead scientist",
                  "mensah": "a meteorologist at the University of Valcourt"},
        "heads": ["Continental Space Agency launches Halcyon weather satellite",
                  "Lift-off! New eye in the sky to sharpen storm warnings",
                  "€1.3bn Halcyon satellite to improve forecasts for a decade",
                  "'Better warnings, fewer surprises': Halcyon satellite heads for orbit"],
        "leads": ["The Continental Space Agency launched its Halcyon weather satellite on {dow}, a €1.3 "
                  "billion mission designed to give earlier warnings of storms and floods.",
                  "A rocket carrying the Halcyon weather satellite lifted off on {dow}, beginning a ten-year "
                  "mission to track storms, heavy rain and heatwaves in more detail than ever."],
        "facts": ["Halcyon will orbit 36,000 kilometres above the equator and take a full image of the "
                  "continent every two and a half minutes, four times as often as the satellite it "
                  "replaces, according to the agency.",
                  "$ The mission cost €1.3 billion, shared by 14 member states. It is expected to save "
                  "billions in avoided damage by improving forecasts of severe weather.",
                  "? The launch was delayed twice by problems with a valve. The rocket's maker denied that "
                  "the delays reflected deeper quality problems, saying both issues were with parts from "
                  "one supplier.",
                  "! A lightning sensor on board will detect strikes day and night, which forecasters say "
                  "will help predict where thunderstorms are about to intensify.",
                  "> The first images are expected within six weeks, after a period of testing."],
        "quotes": [("aubert", "Better warnings, fewer surprises. That is what Halcyon is for."),
                   ("kruger", "We will see storms being born, not only when they are already on top of us."),
                   ("mensah", "For flash floods, ten minutes of extra warning can make the difference "
                              "between an evacuation and a rescue.")],
    },
    fr={
        "roles": {"aubert": "directrice générale de l'Agence spatiale continentale",
                  "kruger": "responsable scientifique de la mission"},
        "heads": ["L'Agence spatiale continentale lance le satellite météo Halcyon",
                  "Halcyon, un satellite de 1,3 milliard d'euros pour mieux prévoir les tempêtes"],
        "leads": ["L'Agence spatiale continentale a lancé {dow} son satellite météorologique Halcyon, une "
                  "mission de 1,3 milliard d'euros censée améliorer l'alerte aux tempêtes et aux crues."],
        "facts": ["Placé à 36 000 kilomètres au-dessus de l'équateur, Halcyon photographiera le continent "
                  "toutes les deux minutes et demie, quatre fois plus souvent que son prédécesseur.",
                  "? Le lancement avait été reporté deux fois en raison d'un problème de vanne. Le "
                  "constructeur du lanceur dément tout problème de qualité plus profond.",
                  "> Les premières images sont attendues d'ici six semaines."],
        "quotes": [("aubert", "De meilleures alertes, moins de surprises : c'est la raison d'être "
                              "d'Halcyon."),
                   ("kruger", "Nous verrons les orages naître, et pas seulement quand ils sont déjà "
                              "au-dessus de nous.")],
    },
    de={
        "roles": {"aubert": "Generaldirektorin der Kontinentalen Raumfahrtagentur",
                  "kruger": "wissenschaftlicher Leiter der Mission"},
        "heads": ["Wettersatellit Halcyon gestartet",
                  "Halcyon soll Unwetterwarnungen deutlich verbessern"],
        "leads": ["Die Kontinentale Raumfahrtagentur hat am {dow} ihren Wettersatelliten Halcyon ins All "
                  "gebracht. Die 1,3 Milliarden Euro teure Mission soll frühere Warnungen vor Stürmen und "
                  "Hochwasser ermöglichen."],
        "facts": ["Halcyon umkreist die Erde in 36.000 Kilometern Höhe und liefert alle zweieinhalb Minuten "
                  "ein Bild des Kontinents – viermal so oft wie sein Vorgänger.",
                  "! Ein Blitzsensor an Bord erfasst Einschläge bei Tag und Nacht.",
                  "? Der Start war zweimal wegen eines Ventilproblems verschoben worden. Der Hersteller "
                  "bestritt tiefer liegende Qualitätsmängel.",
                  "> Erste Bilder werden in etwa sechs Wochen erwartet."],
        "quotes": [("kruger", "Wir werden sehen, wie Gewitter entstehen – nicht erst, wenn sie schon über "
                              "uns sind."),
                   ("aubert", "Bessere Warnungen, weniger Überraschungen. Dafür ist Halcyon da.")],
    },
))

EVENTS.append(ev(
    "northwind-rent-cap", "2026-03-18", "Northwind", "politics",
    {"whitcombe": "Daniel Whitcombe", "ashby": "Caroline Ashby", "nakamura": "Ken Nakamura"},
    en={
        "roles": {"whitcombe": "the mayor of Northwind",
                  "ashby": "chief executive of the Northwind Landlords' Association",
                  "nakamura": "an organiser with the Northwind Tenants' Union"},
        "heads": ["Northwind caps rent rises at 3% a year",
                  "Win for renters as council votes to limit rent hikes",
                  "Rent cap could cut new housing investment, developers warn",
                  "'Renters have waited long enough': Northwind passes rent cap"],
        "leads": ["Northwind city council voted 8-4 on {dow} to cap annual rent increases at 3{pc} for "
                  "most private tenancies, a policy that will affect about 140,000 households.",
                  "Landlords in Northwind will be barred from raising rents by more than 3{pc} a year under "
                  "a law approved by the city council on {dow}."],
        "facts": ["The cap applies to existing tenancies and to new tenants in the same flat. Buildings "
                  "completed after 2020 are exempt for 15 years, according to the text of the law.",
                  "$ Average rents in Northwind rose 11{pc} last year and have gone up by 38{pc} since 2021, "
                  "according to the city's housing department.",
                  "? Landlords' groups said the cap would push owners to sell and reduce the supply of "
                  "rental homes. The mayor denied this, citing studies of similar caps that found no fall "
                  "in supply.",
                  "! Tenants' groups gathered outside city hall during the debate, cheering when the result "
                  "was announced.",
                  "> The cap takes effect on 1 July. Landlords' groups have said they will challenge it in "
                  "court."],
        "quotes": [("whitcombe", "Renters have waited long enough. Nobody should have to leave the city "
                                 "they grew up in because of one letter from a landlord."),
                   ("ashby", "This will freeze investment in rental housing at the very moment we need more "
                             "of it."),
                   ("nakamura", "Three years ago people laughed at us. Tonight the council voted for what we "
                                "asked.")],
    },
))

EVENTS.append(ev(
    "cedar-ridge-tailings-leak", "2026-04-08", "Cedar Ridge", "environment",
    {"mwangi": "Daniel Mwangi", "whitfeather": "Joseph Whitfeather", "harlow": "Dr Ruth Harlow|Harlow"},
    en={
        "roles": {"mwangi": "chief executive of Ridgeline Minerals",
                  "whitfeather": "chair of the Cedar Ridge residents' association",
                  "harlow": "an environmental chemist at Northwind University"},
        "heads": ["Mine waste leaks into creek near Cedar Ridge",
                  "Toxic spill fears as mine pond leaks into town's creek",
                  "Ridgeline halts test mine after tailings leak, shares slide",
                  "'They told us this could never happen': Cedar Ridge residents demand answers"],
        "leads": ["Ridgeline Minerals halted work at its test mine near Cedar Ridge on {dow} after water "
                  "from a waste pond leaked into Alder Creek, which flows past the town.",
                  "Residents of Cedar Ridge were told not to drink water from private wells near Alder Creek "
                  "on {dow} after a leak from a lithium test mine's tailings pond."],
        "facts": ["About 2.5 million litres of waste water escaped through a crack in the wall of the pond, "
                  "according to the provincial environment ministry, which is testing water samples.",
                  "? Residents said they had reported discoloured water in the creek two days before the "
                  "company announced the leak. Ridgeline denied delaying its report, saying it informed "
                  "regulators within hours of detecting the crack.",
                  "$ Ridgeline's shares fell 17{pc}. The company had planned to apply for a full mining "
                  "permit this summer.",
                  "! About 120 homes rely on private wells near the creek. The town is handing out bottled "
                  "water at the community hall.",
                  "> The ministry said first test results would be published within a week."],
        "quotes": [("mwangi", "We take full responsibility and we will pay for the clean-up, whatever it "
                              "costs."),
                   ("whitfeather", "They told us this could never happen. Now we are drinking bottled water."),
                   ("harlow", "Lithium tailings are usually less toxic than those from metal mines, but "
                              "they can carry high levels of salts and sulphates into a small creek.")],
    },
))

EVENTS.append(ev(
    "valcourt-museum-theft", "2026-04-22", "Valcourt", "crime",
    {"delorme": "Capitaine Thomas Delorme|Delorme", "vasseur": "Hélène Vasseur", "marin": "Paul Marin"},
    wire=True,
    en={
        "roles": {"delorme": "the police officer leading the inquiry",
                  "vasseur": "director of the Musée des Beaux-Arts de Valcourt",
                  "marin": "an expert in art crime"},
        "heads": ["Three paintings stolen from Valcourt fine arts museum",
                  "Seven-minute heist: thieves grab masterpieces in night raid",
                  "Stolen Valcourt paintings insured for €38m",
                  "'They knew exactly what they wanted': museum chief on Valcourt art theft"],
        "leads": ["Thieves broke into the Musée des Beaux-Arts de Valcourt overnight into {dow} and stole "
                  "three 19th-century paintings in a raid that lasted about seven minutes, police said.",
                  "Three paintings, including a seascape by the marine painter Auguste Lenoir, were stolen "
                  "from Valcourt's fine arts museum in an overnight raid, the museum said on {dow}."],
        "facts": ["The thieves entered through a skylight at about 3am, cut the paintings from their frames "
                  "and left before police arrived, according to investigators. Security cameras recorded "
                  "three masked people.",
                  "$ The paintings are insured for a total of €38 million, according to the city, which "
                  "owns the collection.",
                  "? A security guards' union said night staffing had been cut from four guards to two last "
                  "year. The museum denied that the cuts had played a role, saying the alarm had worked and "
                  "guards had called police within a minute.",
                  "! The most valuable of the works, Lenoir's ‘Storm off Pointe-Rouge’, had been lent to "
                  "museums in three countries in the past five years.",
                  "> The museum will stay closed for several days while forensic teams examine the "
                  "galleries."],
        "quotes": [("vasseur", "They knew exactly what they wanted. They walked past works worth far more "
                               "to take these three."),
                   ("delorme", "This was a well-prepared team. We are examining every camera in the "
                               "district."),
                   ("marin", "Famous paintings are almost impossible to sell. They are often used as "
                             "collateral in the criminal underworld.")],
    },
    fr={
        "roles": {"delorme": "chargé de l'enquête",
                  "vasseur": "directrice du musée des Beaux-Arts de Valcourt",
                  "marin": "spécialiste du trafic d'œuvres d'art"},
        "heads": ["Vol au musée des Beaux-Arts de Valcourt : trois tableaux dérobés",
                  "Un casse en sept minutes au musée de Valcourt, dont un Lenoir"],
        "leads": ["Des malfaiteurs se sont introduits dans la nuit de mardi à {dow} au musée des Beaux-Arts "
                  "de Valcourt et ont emporté trois tableaux du XIXe siècle, en sept minutes environ."],
        "facts": ["Les voleurs sont entrés par une verrière vers 3 heures du matin et ont découpé les toiles "
                  "de leurs cadres, selon les enquêteurs. Trois personnes cagoulées ont été filmées.",
                  "$ Les œuvres sont assurées pour un total de 38 millions d'euros, selon la ville.",
                  "? Un syndicat d'agents de sécurité affirme que les effectifs de nuit sont passés de "
                  "quatre à deux agents l'an dernier. Le musée dément que ces réductions aient joué un "
                  "rôle.",
                  "> Le musée restera fermé plusieurs jours."],
        "quotes": [("vasseur", "Ils savaient exactement ce qu'ils voulaient. Ils sont passés devant des "
                               "œuvres bien plus précieuses pour prendre ces trois-là."),
                   ("marin", "Les tableaux célèbres sont presque impossibles à vendre. Ils servent souvent "
                             "de garantie dans le milieu criminel.")],
    },
))

EVENTS.append(ev(
    "easthaven-united-cup", "2026-05-13", "Easthaven", "sport",
    {"kwame": "Kwame Boateng", "ortiz": "Luis Ortiz", "kessler": "Frank Kessler"},
    en={
        "roles": {"kwame": "the Easthaven United forward", "ortiz": "the Easthaven United manager",
                  "kessler": "the Northwind Rovers manager"},
        "heads": ["Easthaven United beat Northwind Rovers on penalties to win National Cup",
                  "Spot-on! United hold nerve in shootout to lift the cup",
                  "Cup win worth $8m to Easthaven United",
                  "'Revenge tastes sweet': Easthaven United take the cup from their rivals"],
        "leads": ["Easthaven United won the National Cup for the first time since 2009 on {dow}, beating "
                  "Northwind Rovers 4-3 on penalties after a 1-1 draw at the National Stadium.",
                  "Easthaven United goalkeeper Dario Mendes saved two penalties as his team beat league "
                  "champions Northwind Rovers in a shootout to win the National Cup on {dow}."],
        "facts": ["Kwame Boateng put United ahead in the 38th minute before Tomás Arriaga equalised for "
                  "Rovers with a header in the 71st. Neither side scored in extra time.",
                  "! About 71,000 fans filled the National Stadium, the largest crowd for a cup final in 20 "
                  "years, according to the football association.",
                  "$ The winners receive about $8 million in prize money and a place in next season's "
                  "continental cup.",
                  "? Rovers complained that Mendes had moved off his line before both saves. The referees' "
                  "body denied any error, saying the video assistant had checked both penalties.",
                  "> United will parade the cup through Easthaven on {dow} next week."],
        "quotes": [("kwame", "Revenge tastes sweet. They beat us to the league, so this one is ours."),
                   ("ortiz", "We lost to this team in January and learned from it. The players were "
                             "magnificent."),
                   ("kessler", "Penalties are cruel. I am proud of my team, and we will be back.")],
    },
))

EVENTS.append(ev(
    "velde-flood-valbrueck", "2026-05-27", "Valbrück", "weather",
    {"vogt": "Katrin Vogt", "keller": "Jonas Keller", "schuster": "Dr. Karin Schuster|Schuster"},
    wire=True,
    en={
        "roles": {"vogt": "the mayor of Valbrück", "keller": "a spokesman for the Valbrück fire brigade",
                  "schuster": "a hydrologist at the Federal Waterways Office"},
        "heads": ["Velde floods Valbrück old town after record rainfall",
                  "Under water: river bursts its banks, 2,000 evacuated",
                  "Valbrück flood damage estimated at €120m",
                  "'Less than a year ago the river was empty': Valbrück flood follows drought"],
        "leads": ["The river Velde burst its banks in Valbrück on {dow}, flooding the old town and forcing "
                  "about 2,000 people to leave their homes after two days of torrential rain.",
                  "About 2,000 residents of Valbrück were evacuated on {dow} as the Velde rose to its highest "
                  "level in more than 70 years."],
        "facts": ["The river peaked at 7.9 metres at the Valbrück gauge, according to the waterways office. "
                  "Less than a year ago the same gauge recorded a record low of 38 centimetres.",
                  "! Firefighters used boats to rescue people from upper floors in the Fischerviertel "
                  "district. No deaths were reported, but a firefighter was injured.",
                  "$ The city estimates the damage at €120 million. The state government has promised an "
                  "emergency fund for households without flood insurance.",
                  "? Residents' groups said a mobile flood wall had gone up too late. The fire brigade "
                  "denied this, saying the wall had been installed as soon as the forecast crest was "
                  "revised upwards.",
                  "> Water levels are expected to fall slowly from {dow} night."],
        "quotes": [("vogt", "We will rebuild the old town, and we will do it so that it can live with the "
                            "river."),
                   ("keller", "The water came up almost a metre in three hours. We had to go street by "
                              "street."),
                   ("schuster", "Less than a year ago the river was nearly empty. Extremes at both ends are "
                                "becoming the norm.")],
    },
    de={
        "roles": {"vogt": "Oberbürgermeisterin von Valbrück", "keller": "Sprecher der Valbrücker Feuerwehr",
                  "schuster": "Hydrologin beim Wasserstraßenamt"},
        "heads": ["Hochwasser in Valbrück: Velde überflutet die Altstadt",
                  "2000 Menschen evakuiert – Pegel steigt auf 7,90 Meter"],
        "leads": ["Die Velde ist am {dow} in Valbrück über die Ufer getreten und hat die Altstadt "
                  "überflutet. Rund 2000 Menschen mussten ihre Wohnungen verlassen."],
        "facts": ["Der Pegel Valbrück erreichte 7,90 Meter, den höchsten Stand seit mehr als 70 Jahren. Vor "
                  "weniger als einem Jahr hatte derselbe Pegel ein Rekordtief von 38 Zentimetern gemeldet.",
                  "! Die Feuerwehr holte Menschen mit Booten aus den Obergeschossen im Fischerviertel.",
                  "$ Die Stadt schätzt den Schaden auf 120 Millionen Euro.",
                  "? Anwohner kritisieren, die mobile Hochwasserschutzwand sei zu spät aufgebaut worden. "
                  "Die Feuerwehr wies das zurück."],
        "quotes": [("keller", "Das Wasser ist in drei Stunden fast einen Meter gestiegen. Wir mussten Straße "
                              "für Straße vorgehen."),
                   ("vogt", "Wir bauen die Altstadt wieder auf – so, dass sie mit dem Fluss leben kann.")],
    },
))

EVENTS.append(ev(
    "steel-tariff-deal", "2026-06-17", "Valcourt", "economy",
    {"moulin": "Cécile Moulin", "brightwater": "Samuel Brightwater", "eriksen": "Ingrid Eriksen"},
    wire=True,
    en={
        "roles": {"moulin": "the continental trade commissioner",
                  "brightwater": "the Atlantic Union's trade representative",
                  "eriksen": "director of the Continental Steel Association"},
        "heads": ["Trade deal ends steel tariff dispute after two years",
                  "Steel war over: deal lifts 25% tariffs",
                  "Steel tariff deal to save exporters €2bn a year",
                  "'Nobody wins a trade war': negotiators seal steel truce"],
        "leads": ["The Continental Union and the Atlantic Union agreed on {dow} to scrap tariffs of 25{pc} "
                  "on each other's steel and aluminium, ending a two-year trade dispute.",
                  "A deal signed in Valcourt on {dow} will lift tariffs on steel and aluminium traded between "
                  "the Continental and Atlantic unions from 1 September."],
        "facts": ["Under the agreement, tariffs will be replaced by a quota system covering about 90{pc} of "
                  "previous trade volumes, with a joint mechanism to monitor cheap imports from third "
                  "countries.",
                  "$ Continental steelmakers had been paying about €2 billion a year in tariffs, according "
                  "to the industry association. Steel company shares rose between 3{pc} and 7{pc}.",
                  "? Labour unions said the quotas would not protect jobs if demand fell. The trade "
                  "commission denied this, saying the deal contained a safeguard clause.",
                  "! About 330,000 people work in the continent's steel industry, many of them in regions "
                  "with few other industrial employers.",
                  "> The deal must be approved by both unions' parliaments."],
        "quotes": [("moulin", "Nobody wins a trade war. This agreement brings stability to an industry "
                              "that needs it."),
                   ("brightwater", "We have protected our workers and reopened an important market."),
                   ("eriksen", "It is a relief, but the real threat is cheap steel from elsewhere, and the "
                               "monitoring must have teeth.")],
    },
    fr={
        "roles": {"moulin": "commissaire continentale au commerce",
                  "eriksen": "directrice de l'Association continentale de l'acier"},
        "heads": ["Acier : un accord met fin à deux ans de guerre commerciale",
                  "Fin des droits de douane de 25 % sur l'acier et l'aluminium"],
        "leads": ["L'Union continentale et l'Union atlantique ont conclu {dow} un accord supprimant les "
                  "droits de douane de 25 % sur l'acier et l'aluminium, mettant fin à un différend de deux "
                  "ans."],
        "facts": ["Les droits de douane seront remplacés par des quotas couvrant environ 90 % des volumes "
                  "échangés auparavant.",
                  "$ Les sidérurgistes du continent payaient environ 2 milliards d'euros par an de droits de "
                  "douane, selon leur association.",
                  "? Les syndicats estiment que les quotas ne protégeront pas l'emploi en cas de baisse de la "
                  "demande, ce que la Commission conteste.",
                  "> L'accord doit encore être approuvé par les deux parlements."],
        "quotes": [("moulin", "Personne ne gagne une guerre commerciale. Cet accord apporte de la stabilité "
                              "à une industrie qui en a besoin."),
                   ("eriksen", "C'est un soulagement, mais la vraie menace reste l'acier bon marché venu "
                               "d'ailleurs.")],
    },
    de={
        "roles": {"moulin": "Handelskommissarin der Kontinentalen Union",
                  "eriksen": "Direktorin des Kontinentalen Stahlverbands"},
        "heads": ["Stahlstreit beigelegt: Strafzölle fallen weg",
                  "Einigung im Handelsstreit – Stahlindustrie atmet auf"],
        "leads": ["Die Kontinentale Union und die Atlantische Union haben sich am {dow} darauf geeinigt, "
                  "die gegenseitigen Zölle von 25 Prozent auf Stahl und Aluminium abzuschaffen."],
        "facts": ["An die Stelle der Zölle tritt ein Quotensystem, das rund 90 Prozent des früheren "
                  "Handelsvolumens abdeckt.",
                  "$ Die Stahlhersteller des Kontinents zahlten bislang rund zwei Milliarden Euro Zoll pro "
                  "Jahr. Stahlaktien legten zwischen drei und sieben Prozent zu.",
                  "! Rund 330.000 Menschen arbeiten in der Stahlindustrie des Kontinents.",
                  "> Beide Parlamente müssen noch zustimmen."],
        "quotes": [("moulin", "Einen Handelskrieg gewinnt niemand. Dieses Abkommen bringt Stabilität."),
                   ("eriksen", "Das ist eine Erleichterung, aber die eigentliche Gefahr ist Billigstahl aus "
                               "anderen Regionen.")],
    },
    es={
        "roles": {"moulin": "comisaria continental de Comercio",
                  "eriksen": "directora de la Asociación Continental del Acero"},
        "heads": ["Fin a la guerra del acero: acuerdo para eliminar los aranceles del 25 %",
                  "La Unión Continental y la Unión Atlántica firman la paz comercial del acero"],
        "leads": ["La Unión Continental y la Unión Atlántica acordaron el {dow} suprimir los aranceles del "
                  "25 % sobre el acero y el aluminio, poniendo fin a una disputa de dos años."],
        "facts": ["Los aranceles serán sustituidos por un sistema de cupos que cubre cerca del 90 % del "
                  "comercio anterior.",
                  "$ Las siderúrgicas del continente pagaban unos 2.000 millones de euros al año en "
                  "aranceles.",
                  "? Los sindicatos temen que los cupos no protejan el empleo si cae la demanda; la "
                  "Comisión lo niega.",
                  "> El acuerdo debe ser aprobado por ambos parlamentos."],
        "quotes": [("moulin", "Nadie gana una guerra comercial. Este acuerdo da estabilidad a una "
                              "industria que la necesita."),
                   ("eriksen", "Es un alivio, pero la verdadera amenaza es el acero barato de otros "
                               "lugares.")],
    },
))

EVENTS.append(ev(
    "almira-water-restrictions", "2026-07-08", "Puerto Almira", "environment",
    {"ortega": "Andrés Ortega", "pastor": "Inés Pastor", "segura": "Tomás Segura"},
    en={
        "roles": {"ortega": "the regional minister for water",
                  "pastor": "a hydrologist at the University of Almira",
                  "segura": "who grows citrus in the Almira valley"},
        "heads": ["Almira region bans garden watering and pool filling as heat grips coast",
                  "Water emergency: pools to stay empty as Almira bakes",
                  "Drought rules cut farm water by 40%, threatening citrus crop",
                  "'We will not let the taps run dry': Almira declares water emergency"],
        "leads": ["The Almira regional government declared a water emergency on {dow}, banning the watering "
                  "of gardens and the filling of swimming pools as temperatures passed 40C for a fifth "
                  "day.",
                  "Households and farms in the Almira region face strict limits on water use from {dow}, "
                  "after reservoirs fell to 21{pc} despite the new desalination plant."],
        "facts": ["The desalination plant opened last year is running at full capacity, but reservoirs "
                  "have dropped by 9 points since May, according to the regional water authority.",
                  "$ Farmers' irrigation allowances will be cut by 40{pc}. Citrus growers' associations say "
                  "about a fifth of the crop could be lost.",
                  "? Farmers' groups accused the government of favouring hotels and golf courses. The "
                  "ministry denied this, saying the ban on watering also covered golf courses except for "
                  "greens.",
                  "! Fines for breaking the rules range from €100 for households to €3,000 for businesses.",
                  "> The restrictions will be reviewed at the end of September."],
        "quotes": [("ortega", "We will not let the taps run dry. Everyone has to make an effort, starting "
                              "today."),
                   ("pastor", "The plant was always going to be part of the answer, not the whole answer."),
                   ("segura", "Forty per cent less water means some trees will die. You do not replace an "
                              "orange grove in one year.")],
    },
    es={
        "roles": {"ortega": "consejero regional de Agua",
                  "pastor": "hidróloga de la Universidad de Almira",
                  "segura": "citricultor del valle de Almira"},
        "heads": ["Emergencia hídrica en Almira: prohibido regar jardines y llenar piscinas",
                  "Los regantes pierden el 40 % del agua por la sequía"],
        "leads": ["El Gobierno regional de Almira declaró el {dow} la emergencia hídrica, con la prohibición "
                  "de regar jardines y llenar piscinas, cuando las temperaturas superaron los 40 grados "
                  "por quinto día consecutivo."],
        "facts": ["La desaladora inaugurada el año pasado funciona a pleno rendimiento, pero los embalses "
                  "han caído nueve puntos desde mayo y están al 21 %.",
                  "$ Las dotaciones de riego se reducirán un 40 %. Los citricultores temen perder una "
                  "quinta parte de la cosecha.",
                  "? Las organizaciones agrarias acusan al Gobierno de favorecer a hoteles y campos de "
                  "golf. La consejería lo niega.",
                  "> Las restricciones se revisarán a finales de septiembre."],
        "quotes": [("ortega", "No vamos a dejar que se sequen los grifos. Todos tenemos que hacer un "
                              "esfuerzo desde hoy."),
                   ("segura", "Un cuarenta por ciento menos de agua significa que algunos árboles morirán.")],
    },
))

EVENTS.append(ev(
    "northwind-blackout", "2026-08-05", "Northwind", "tech",
    {"hargreaves": "Colin Hargreaves", "whitcombe": "Daniel Whitcombe", "adeyemi": "Tolu Adeyemi"},
    wire=True,
    en={
        "roles": {"hargreaves": "chief executive of Northwind Power",
                  "whitcombe": "the mayor of Northwind",
                  "adeyemi": "an energy systems researcher at Northwind University"},
        "heads": ["Blackout leaves 300,000 Northwind homes without power",
                  "Lights out! City plunged into darkness in heatwave",
                  "Northwind Power faces $25m compensation bill after blackout",
                  "'This should not happen in a modern city': mayor demands answers over blackout"],
        "leads": ["About 300,000 homes and businesses in Northwind lost power on {dow} afternoon after a "
                  "fault at a substation triggered a chain of outages across the city's grid.",
                  "A blackout hit most of Northwind for up to six hours on {dow}, stopping trams, trapping "
                  "people in lifts and shutting traffic lights during a heatwave."],
        "facts": ["The outage began at 3.12pm when a transformer at the Greywell substation failed, "
                  "according to Northwind Power. Protection systems then disconnected two other "
                  "substations.",
                  "! Firefighters freed 46 people from lifts. Hospitals switched to backup generators, and "
                  "police directed traffic at major junctions.",
                  "$ Customers who lost power for more than three hours are entitled to $75 in compensation "
                  "under state rules, which could cost the company about $25 million.",
                  "? An engineers' union said maintenance at the substation had been postponed twice to save "
                  "money. Northwind Power denied this, saying the transformer had been inspected in "
                  "March.",
                  "> The state energy regulator has ordered an independent investigation."],
        "quotes": [("hargreaves", "I apologise to every customer. We will find out exactly why one fault "
                                  "spread so far."),
                   ("whitcombe", "This should not happen in a modern city. We need answers, not excuses."),
                   ("adeyemi", "A single failure should never take out a third of a city. That points to a "
                               "problem with how the grid protects itself.")],
    },
))

EVENTS.append(ev(
    "saint-aurele-offshore-wind", "2026-09-02", "Saint-Aurèle", "environment",
    {"morvan": "Claire Morvan", "le_bihan": "Erwan Le Bihan|Le Bihan", "fabre": "Antoine Fabre"},
    en={
        "roles": {"morvan": "the mayor of Saint-Aurèle",
                  "le_bihan": "head of the Saint-Aurèle fishermen's committee",
                  "fabre": "project director at developer Éoliennes de l'Ouest"},
        "heads": ["Offshore wind farm approved off Saint-Aurèle",
                  "Turbines at sea: 62 giants to rise off the coast",
                  "€2.4bn wind farm to power 800,000 homes",
                  "'The wind is our new harvest': Saint-Aurèle backs offshore farm"],
        "leads": ["The government approved plans on {dow} for a 62-turbine offshore wind farm 22 kilometres "
                  "off Saint-Aurèle, one of the largest on the continent's western coast.",
                  "A €2.4 billion wind farm off Saint-Aurèle won final approval on {dow}, clearing the way for "
                  "construction to start next year."],
        "facts": ["The 62 turbines will have a combined capacity of 930 megawatts, enough to supply about "
                  "800,000 homes, according to the developer, Éoliennes de l'Ouest.",
                  "$ The port of Saint-Aurèle will be the base for assembly and maintenance, creating about "
                  "1,100 jobs during construction and 250 permanent jobs.",
                  "? Fishermen said the turbines would close off some of their best scallop grounds. The "
                  "developer denied this, saying fishing would be allowed between the turbines.",
                  "! The farm will be visible from the coast on clear days as a line of turbines on the "
                  "horizon.",
                  "> The first electricity is expected in 2030."],
        "quotes": [("morvan", "The wind is our new harvest. This project gives the port a future for the "
                              "next 30 years."),
                   ("le_bihan", "They say we can fish between the turbines. Nobody has told us how to tow "
                                "a dredge around a forest of steel."),
                   ("fabre", "We have changed the layout three times to keep the main fishing channels "
                             "open.")],
    },
    fr={
        "roles": {"morvan": "maire de Saint-Aurèle",
                  "le_bihan": "président du comité des pêcheurs de Saint-Aurèle",
                  "fabre": "directeur de projet chez Éoliennes de l'Ouest"},
        "heads": ["Le parc éolien en mer de Saint-Aurèle autorisé",
                  "62 éoliennes au large de Saint-Aurèle : feu vert pour un projet à 2,4 milliards"],
        "leads": ["Le gouvernement a autorisé {dow} la construction d'un parc de 62 éoliennes en mer à 22 "
                  "kilomètres au large de Saint-Aurèle."],
        "facts": ["D'une puissance de 930 mégawatts, le parc pourra alimenter environ 800 000 foyers, selon "
                  "le développeur, Éoliennes de l'Ouest.",
                  "$ Le port de Saint-Aurèle servira de base d'assemblage et de maintenance, avec environ "
                  "1 100 emplois pendant le chantier et 250 emplois permanents.",
                  "? Les pêcheurs affirment que le parc fermera certains de leurs meilleurs gisements de "
                  "coquilles Saint-Jacques, ce que le développeur dément.",
                  "> La première électricité est attendue en 2030."],
        "quotes": [("morvan", "Le vent est notre nouvelle récolte. Ce projet donne un avenir au port pour "
                              "trente ans."),
                   ("le_bihan", "On nous dit qu'on pourra pêcher entre les éoliennes. Personne ne nous a "
                                "expliqué comment traîner une drague dans une forêt d'acier.")],
    },
))

EVENTS.append(ev(
    "easthaven-tuition-protest", "2026-09-30", "Easthaven", "education",
    {"morales": "Isabel Morales", "whitaker": "Prof. James Whitaker|Whitaker", "okafor": "Renata Okafor"},
    en={
        "roles": {"morales": "president of the Easthaven University students' union",
                  "whitaker": "president of Easthaven University",
                  "okafor": "the mayor of Easthaven"},
        "heads": ["Students occupy Easthaven University over 18% fee rise",
                  "Campus revolt: students storm admin building over fees",
                  "Easthaven University says fee rise needed to close $42m gap",
                  "'We are being priced out': students occupy university"],
        "leads": ["Several hundred students occupied the main administration building at Easthaven "
                  "University on {dow} in protest at an 18{pc} rise in tuition fees.",
                  "Students at Easthaven University staged a sit-in at the administration building on "
                  "{dow}, demanding the university reverse a steep increase in fees."],
        "facts": ["The rise will take annual tuition for in-state students from $9,400 to $11,100 from next "
                  "autumn, according to the university.",
                  "$ The university says it faces a $42 million budget gap after a cut in state funding and "
                  "rising energy and staff costs.",
                  "? Student leaders said the university had spent $60 million on a new sports centre while "
                  "pleading poverty. The university denied this, saying the centre was paid for by "
                  "donations that could not be used for teaching.",
                  "! About a third of Easthaven students work more than 20 hours a week alongside their "
                  "studies, according to a survey by the students' union.",
                  "> The university's board meets on {dow} next week to discuss the budget."],
        "quotes": [("morales", "We are being priced out of our own city's university."),
                   ("whitaker", "Nobody wants to raise fees. But we cannot pay next year's bills with last "
                                "year's budget."),
                   ("okafor", "I have asked the university and the state to sit down together before this "
                              "goes any further.")],
    },
))

EVENTS.append(ev(
    "valbrueck-chip-plant-fire", "2026-10-21", "Valbrück", "business",
    {"tanaka": "Hiroshi Tanaka", "keller": "Jonas Keller", "vogt": "Katrin Vogt"}, wire=True,
    en={
        "roles": {"tanaka": "chief executive of Lumen Semiconductors",
                  "keller": "a spokesman for the Valbrück fire brigade",
                  "vogt": "the mayor of Valbrück"},
        "heads": ["Fire halts production at Lumen chip plant in Valbrück",
                  "Chip plant blaze threatens new shortage for carmakers",
                  "Lumen fire could cost €500m, halt output for three months",
                  "'Our priority is our people': chipmaker counts damage after Valbrück fire"],
        "leads": ["A fire at Lumen Semiconductors' plant in Valbrück on {dow} halted production of chips "
                  "used in cars and industrial machines, raising fears of new supply shortages.",
                  "Production at one of the continent's biggest automotive chip factories has stopped after "
                  "a fire broke out in a clean room in Valbrück on {dow}."],
        "facts": ["The fire started in a ventilation unit above one of the plant's two clean rooms, "
                  "according to the fire brigade. All 1,900 workers on site were evacuated and nobody was "
                  "hurt.",
                  "$ Analysts estimate that the damage and lost production could cost Lumen up to €500 "
                  "million. The plant supplies about 15{pc} of the microcontrollers used by continental "
                  "carmakers.",
                  "? Lumen denied reports that a similar fire had been put out at the plant in 2024, saying "
                  "that incident had been a false alarm.",
                  "! Brenner Motorwerke and two other carmakers said they were checking their stocks, which "
                  "they said would last several weeks.",
                  "> Lumen said it would know within days how long the clean room would be out of action."],
        "quotes": [("tanaka", "Our priority is our people, and everyone is safe. We will do everything to "
                              "restart production quickly."),
                   ("keller", "Smoke in a clean room is a serious problem even if the fire itself is "
                              "small."),
                   ("vogt", "Lumen is one of the employers that gives this city a future after Brenner. "
                            "We will support them.")],
    },
    de={
        "roles": {"tanaka": "Vorstandschef von Lumen Semiconductors",
                  "keller": "Sprecher der Valbrücker Feuerwehr",
                  "vogt": "Oberbürgermeisterin von Valbrück"},
        "heads": ["Brand im Lumen-Chipwerk Valbrück: Produktion gestoppt",
                  "Feuer im Reinraum – Autoindustrie fürchtet neuen Chipmangel"],
        "leads": ["Ein Brand im Werk von Lumen Semiconductors in Valbrück hat am {dow} die Produktion von "
                  "Chips für Autos und Industriemaschinen zum Stillstand gebracht."],
        "facts": ["Das Feuer brach nach Angaben der Feuerwehr in einer Lüftungsanlage über einem der beiden "
                  "Reinräume aus. Alle 1900 Beschäftigten wurden in Sicherheit gebracht.",
                  "$ Analysten schätzen den Schaden samt Produktionsausfall auf bis zu 500 Millionen Euro.",
                  "? Lumen bestritt Berichte, wonach es bereits 2024 einen ähnlichen Brand gegeben habe.",
                  "> Wie lange der Reinraum ausfällt, will Lumen in den nächsten Tagen wissen."],
        "quotes": [("tanaka", "Unsere Mitarbeiter haben Vorrang, und alle sind in Sicherheit."),
                   ("vogt", "Lumen ist einer der Arbeitgeber, die dieser Stadt nach Brenner eine Zukunft "
                            "geben. Wir stehen an ihrer Seite.")],
    },
))

EVENTS.append(ev(
    "northwind-2027-budget", "2026-11-10", "Northwind", "politics",
    {"whitcombe": "Daniel Whitcombe", "pell": "Andrea Pell", "greaves": "Martin Greaves"},
    en={
        "roles": {"whitcombe": "the mayor of Northwind",
                  "pell": "the council's finance chair",
                  "greaves": "leader of the opposition group on the council"},
        "heads": ["Northwind council approves $2.6bn budget for 2027",
                  "Bridge repairs and buses win big in Northwind budget",
                  "Property tax to rise 4.2% under Northwind's 2027 budget",
                  "'A budget for fixing things': Northwind passes spending plan"],
        "leads": ["Northwind city council approved a $2.6 billion budget for 2027 on {dow}, with extra money "
                  "for bridge repairs, buses and housing paid for in part by a 4.2{pc} rise in property "
                  "taxes.",
                  "Northwind's council passed its 2027 budget by 7 votes to 5 on {dow}, after a debate "
                  "dominated by the cost of repairing the Millbrook Bridge."],
        "facts": ["The budget sets aside $58 million for the Millbrook Bridge, which has been closed since "
                  "last October, and $31 million for new buses, according to the finance department.",
                  "$ The property tax rise will add about $170 a year to the bill of an average homeowner, "
                  "the city said.",
                  "? The opposition said the city was hiding the full cost of the bridge repairs, which it "
                  "put at more than $100 million. The finance chair denied this, saying the figure in the "
                  "budget was the engineers' latest estimate.",
                  "! About 150 residents attended the meeting, many of them from neighbourhoods cut off by "
                  "the bridge closure.",
                  "> The budget takes effect on 1 January."],
        "quotes": [("whitcombe", "This is a budget for fixing things: our bridges, our buses and our housing."),
                   ("pell", "Every dollar of the tax rise is accounted for, and most of it goes to repairs "
                            "we cannot put off."),
                   ("greaves", "Residents are being asked to pay more for the city's own mistakes.")],
    },
))
