"""Who wrote from an address: a person, an office (the one that hires, a shop's service), or a
sender no one answers (no-reply, notifications, receipts).

The classifier reads these signs of a message's sender; the policy reads them of a reply's
writer, to address a draft to the person who wrote it. Pure: no clock, disk or network, and
light to import (the planner of every command may load it).
"""

from __future__ import annotations

import re

from watcher.words import fold, split_words

NO_REPLY_LOCAL = re.compile(
    r"^(?:no-?reply|do-?not-?reply|donotreply|noreply|ne-?pas-?repondre|nao-?responda"
    r"|no-?responder|non-?rispondere|niet-?beantwoorden|geen-?antwoord|keine-?antwort"
    r"|notifications?|notify|alerts?|mailer|news(?:letter)?|info|marketing|security|orders?"
    r"|billing|support|accounts?|service|updates?|hello|team|system|auto(?:mated)?|bounces?"
    r"|receipts?|shop|store|invoices?|kundendienst|kundenservice|service-?client|servicio"
    r"|atendimento|assistenza|klantenservice|customer-?service|care"
    r"|loja|tienda|negozio|winkel|boutique|pedidos?|encomendas?|commandes?|ordini|bestellung(?:en)?"
    r"|bestellingen|factura(?:s|cion)?|faturas?|fatture|factures?|rechnungen?|facturen"
    r"|surveys?|enquetes?|umfragen?|encuestas?|pesquisas?|sondaggi|feedback|jobalerts?"
    r")(?:[-_.+].*)?$"
)
"""Local parts no one answers, or that a shop or a service writes from ("no-reply@",
"notifications@", "receipts@", "kundenservice@"), in the languages watcher reads."""
NO_REPLY_PART = re.compile(
    r"(?:^|[-_.+])(?:no-?reply|do-?not-?reply|donotreply|ne-?pas-?repondre|nao-?responda"
    r"|no-?responder|non-?rispondere|niet-?beantwoorden|geen-?antwoord|keine-?antwort)(?:$|[-_.+])"
)
"""A no-reply word anywhere in the local part ("careers-noreply", "hr.no-reply")."""
HIRING_WORDS = frozenset(
    {
        "career",
        "careers",
        "carriere",
        "carrieres",
        "karriere",
        "carrera",
        "carreira",
        "carriera",
        "recruiting",
        "recruitment",
        "recruiter",
        "recrutement",
        "recrutamento",
        "reclutamiento",
        "reclutamento",
        "werving",
        "selezione",
        "seleccion",
        "selecao",
        "talent",
        "talents",
        "talento",
        "jobs",
        "job",
        "empleo",
        "emploi",
        "vagas",
        "lavoro",
        "stellen",
        "vacatures",
        "hiring",
        "people",
        "personal",
        "personeel",
        "rrhh",
        "rh",
        "hr",
    }
)
"""Words that name the office that hires ("Careers", "Talent", "RRHH", "hr@"): part of
both :data:`ROLE_WORDS` and the classifier's words of a recruiting address."""
ROLE_WORDS = HIRING_WORDS | frozenset(
    {
        "carreras",
        "carreiras",
        "loopbaan",
        "service",
        "services",
        "servicio",
        "servico",
        "servizio",
        "dienst",
        "team",
        "equipe",
        "equipo",
        "equipa",
        "squadra",
        "recrutador",
        "selectie",
        "talentos",
        "empleos",
        "emplois",
        "vaga",
        "lavora",
        "vacature",
        "personnel",
        "humaines",
        "humanos",
        "humanas",
        "humane",
        "risorse",
        "recursos",
        "ressources",
        "office",
        "bureau",
        "oficina",
        "ufficio",
        "kantoor",
        "desk",
        "admin",
        "info",
        "contact",
        "events",
        "event",
        "evenements",
        "eventos",
        "eventi",
        "veranstaltungen",
        "student",
        "students",
        "etudiants",
        "estudiantes",
        "estudantes",
        "studenti",
        "studenten",
        "alumni",
        "university",
        "universite",
        "universidad",
        "universidade",
        "universita",
        "universiteit",
        "hochschule",
        "campus",
        "communication",
        "communications",
        "comunicazione",
        "comunicacion",
        "comunicacao",
        "kommunikation",
        "communicatie",
        "internal",
        "interne",
        "interna",
        "interno",
        "intern",
        "delivery",
        "deliveries",
        "livraison",
        "livraisons",
        "lieferung",
        "lieferservice",
        "entregas",
        "consegne",
        "bezorging",
        "research",
        "recherche",
        "forschung",
        "investigacion",
        "pesquisa",
        "ricerca",
        "onderzoek",
        "rendezvous",
        "appointments",
        "termine",
        "citas",
        "agendamento",
        "appuntamenti",
        "afspraken",
        "reservations",
        "reservation",
        "reservierung",
        "reservierungen",
        "reservas",
        "reserva",
        "prenotazioni",
        "prenotazione",
        "reserveringen",
        "reservering",
        "bookings",
        "booking",
        "reception",
        "rezeption",
        "recepcion",
        "recepcao",
        "ricevimento",
        "receptie",
        "workshop",
        "werkstatt",
        "atelier",
        "taller",
        "officina",
        "werkplaats",
        "garage",
        "repair",
        "repairs",
        "reparatur",
        "reparation",
        "reparations",
        "reparacion",
        "reparaciones",
        "reparacao",
        "riparazioni",
        "reparatie",
        "customer",
        "customers",
        "client",
        "clients",
        "kunden",
        "clientes",
        "clienti",
        "klanten",
    }
)
"""Words of a display name that name an office, not a person ("Career Service", "Alcora
RRHH", "Talent Team", "Alpine Workshop"): found in the local part too ("careerday@", "rrhh@"),
they make no sender a person."""


def no_reply_address(address: str) -> bool:
    """Return whether an address is one no one answers: a no-reply, notification or service
    local part ("no-reply@", "notifications@", "careers-noreply@")."""
    local = address.partition("@")[0].lower()
    return bool(NO_REPLY_LOCAL.match(local) or NO_REPLY_PART.search(local))


def personal_address(name: str, address: str) -> bool:
    """Return whether a sender looks like a person writing: a word of the display name (of
    three letters or more, no :data:`ROLE_WORDS`: "Career Service <careerday@...>" is an office)
    in the local part ("Olivia Tran <otran@...>"), a local part of
    first and last name ("dana.reyes@..."), or, without a display name, a local part of one or
    two words that is no role ("dana@...")."""
    local = fold(address.partition("@")[0])
    if NO_REPLY_LOCAL.match(local):
        return False
    names = [w for w in split_words(fold(name)) if len(w) >= 3 and w not in ROLE_WORDS]
    if any(word in local for word in names):
        return True
    if any(part in ROLE_WORDS for part in re.split(r"[-_.+]", local)):
        # "comunicazione.interna@", "customer.care@": an office's address, not first.last.
        return False
    if not name:
        # A bare address: "dana@...", "dana.reyes@..." are people; role words were ruled out.
        return bool(re.fullmatch(r"[a-z]+(?:[._-][a-z]+)?", local))
    return bool(re.fullmatch(r"[a-z]+[._][a-z]+", local))
