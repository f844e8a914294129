"""Interviews seen in mail: invitations, confirmations, moves and cancellations.

:func:`sighting` reads one message and returns the :class:`~watcher.models.Sighting` it holds,
or None: what decides about it (a new interview, a next round, a move, a cancellation, or
nothing) is not here. Pure: no clock, disk or network; the user's time zone comes in as ``tz``.

What it reads, in order:

1. Refusals. Calendar responses ("Accepted:", "Angenommen:", ``METHOD:REPLY``) and the user's
   own words are no sighting (an invitation the user sent, as an interviewer may ask, is read
   like any other, but an event the user organizes that someone else sends, such as a booking
   of the user's own scheduling page, is none); neither is mail whose summary or subject is
   about a webinar, a demo, a
   talk, a meetup, a course, practice, a newsletter or tips, even about interviews ("5
   interview tips", "Mock interview"), nor an event the user hosts for someone without a
   company (an applicant booking the user).
2. Is it about an interview? Words of an interview (:data:`INTERVIEW_WORDS`: "interview",
   "entretien", "Vorstellungsgespräch", "entrevista", "colloquio", "sollicitatiegesprek",
   "phone screen", "onsite", "final round", and German or Dutch compounds such as
   "Fachinterview"), or words of a meeting ("intro", "call", "Gespräch", "gesprek") beside
   words of an application or a job title, **and** a party who recruits: a relay of the
   lexicon (an applicant-tracking system or a scheduler), a sender or organizer whose name or
   address recruits ("Talent Team", "jobs@"), or someone writing from a company's own domain
   (not a free mail provider, not the user's own employer). One word alone decides nothing.
3. The calendar, when the message carries an event with a time or a cancellation
   (:attr:`Message.invites`, every VEVENT of every part): ``METHOD:CANCEL`` (or
   ``STATUS:CANCELLED``) cancels, a request (or a publish) invites. Several events (ModernLoop
   may send one per interview of a day): the start is the earliest, the end the latest of the
   events on the first event's day, and the interviewers are all of theirs; events of later
   days are left to their own mail. Times keep the zone the calendar gave (``TZID``,
   ``VTIMEZONE``, Windows names) unless the mail writes the same time in another zone ("9:30
   AM IST"), which is then the one shown; UTC (``Z``) times are shown in ``tz``, floating
   ones are read in ``tz``.
4. Otherwise (no calendar, or one without a time): a confirmation, a move or a cancellation
   in words, in English, French, German, Spanish, Portuguese, Italian or Dutch
   (:func:`times_in_text`): "Tuesday, December 8 at 2:00 PM ET", "le mardi 8 décembre à 14h",
   "Do., 15.10.2026, 11:00–11:30 Uhr", "el martes 8 de diciembre a las 14:00 (hora de
   Madrid)". A time without a zone is in ``tz``. A time asked about or offered among others
   ("would Tuesday at 2pm work?", "two slots"), a deadline ("by Friday at 5pm") and a
   time in a sentence about an answer ("we will get back to you") fix nothing; a move takes
   the time it moves to. A cancellation is a clause that says so for certain ("we need to
   cancel", "leider müssen wir absagen", "gaat daarom niet door", "the final round is off"),
   never a condition or a policy ("if you need to cancel", "Cancel: https://..."), nor a
   place changed for another ("will not take place at our office but on Zoom"). A meeting
   moved or cancelled without a word of a job interview ("wir haben Ihr Gespräch verlegt")
   is read too, as :attr:`Sighting.known_only`: it may change an interview already known.

The people (:attr:`Sighting.interviewers`) are the events' attendees and organizer, never the
user, a relay, a shared calendar ("Acme Candidate Calendar", "Interviews", "Recruiting"), a
room or a resource (``CUTYPE=ROOM``, "Conference Room 4"), nor someone invited for information
(``ROLE=OPT-PARTICIPANT``). The organizer counts when nobody else does, or when Outlook wrote
the calendar (Outlook leaves the organizer out of the attendees: the organizer attends); an
organizer listed among others (Google's way), or one an applicant-tracking system writes for,
arranged it. In
words, the person who writes is the interviewer. Two or more interviewers make a panel; else
the format is the one the summary, the location, or the text names (phone, video, on site).

The company is a name written in the mail that spells the label of its own domain ("Northwind
Analytics" for northwind.example, "Ipê Pagamentos" for ipepagamentos.example), else the one a
relay or a shared calendar names ("Acme Corp @ icims"), else the domain's label, else one a
summary or subject states ("Interview with Acme"). The role is the job title the mail states
("the Senior Data Analyst role", "Position: ...", "pour le poste de ...", "für die Position
...", "la vaga de ...") or a title part of a summary ("Acme onsite - Data Engineer").
:attr:`Sighting.evidence` says what decided.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from watcher.matching import RECRUITING_WORDS, ats_relay
from watcher.models import (
    Address,
    AtsSender,
    EarlierMail,
    Format,
    Invite,
    Lexicon,
    Message,
    Person,
    Phrases,
    Sighting,
    SightingKind,
    Signal,
)
from watcher.owntext import own_text, sentences
from watcher.record import record, replace
from watcher.words import fold, split_words

UTC_ZONE = ZoneInfo("UTC")

# -- words ---------------------------------------------------------------------------------------


def _form(text: str) -> str:
    """Return text as phrases are compared: folded words between single spaces, with a space
    before and after (so a phrase is found only as whole words)."""
    return f" {' '.join(split_words(fold(text)))} "


def _forms(phrases: Iterable[str]) -> tuple[tuple[str, str], ...]:
    return tuple((p, _form(p)) for p in phrases if _form(p).strip())


def _phrases(text: str) -> tuple[tuple[str, str], ...]:
    """Return the phrases of a text that separates them with "|", with their forms."""
    return _forms(p.strip() for p in text.split("|"))


def _without(form: str, phrases: Sequence[tuple[str, str]]) -> str:
    """Return ``form`` with every one of ``phrases`` it holds left out (as one space)."""
    for _, phrase_form in phrases:
        if phrase_form in form:
            form = form.replace(phrase_form, " ")
    return form


def _first(form: str, phrases: Sequence[tuple[str, str]]) -> str:
    """Return the first of ``phrases`` (with their forms) that ``form`` holds, or ""."""
    for phrase, phrase_form in phrases:
        if phrase_form in form:
            return phrase
    return ""


INTERVIEW_WORDS = _phrases(
    """
    interview | interviews | interviewing | phone screen | phone screening | screening call |
    screening interview | recruiter screen | recruiter call | intro call with the recruiter |
    tech screen | technical screen | technical round | coding round | system design round |
    hiring manager call | hiring manager chat | onsite | on site interview | virtual onsite |
    final round | superday | interview loop | technical panel | interview panel | panel
    interview | entretien | entretiens | entrevue |
    vorstellungsgesprach | vorstellungsgesprache | bewerbungsgesprach | bewerbungsgesprache |
    kennenlerngesprach | telefoninterview | fachgesprach | zweitgesprach | erstgesprach |
    entrevista | entrevistas | colloquio | colloqui | sollicitatiegesprek |
    sollicitatiegesprekken | kennismakingsgesprek | vervolggesprek | tweede gesprek | eerste
    gesprek | derde gesprek | persoonlijk gesprek | erstes gesprach | zweites gesprach | drittes
    gesprach | personliches gesprach | abschliessendes gesprach | second round | third round |
    zweite runde | tweede ronde | deuxième tour | segunda ronda | segunda fase | seconda fase
    """
)
"""Words that name a job interview, folded (:func:`_form`)."""

MEETING_WORDS = _phrases(
    """
    intro | introduction | introductory call | intro call | call | chat | conversation | meeting
    | discussion | video call | phone call | screen | screening | échange | appel | rendez vous
    | rencontre | gesprach | gesprache | kennenlernen | telefonat | termin | austausch | llamada
    | reunion | conversacion | conversa | chamada | reuniao | bate papo | chiamata | incontro |
    chiacchierata | gesprek | kennismaking | belafspraak | afspraak | round 1 | round 2 | round 3
    | round 4 | round one | round two | round three | stage 1 | stage 2 | stage 3 | stage 4 |
    stage one | stage two | stage three | next round | 2nd round | 3rd round | panel | case study
    | deep dive | runde 2 | runde 3 | ronde 2 | ronde 3 | tour 2 | etape 2 | ronda 2 | fase 2
    """
)
"""Words of a meeting: an interview only beside words of an application or a job title."""

APPLICATION_WORDS = _phrases(
    """
    application | applied | your candidacy | candidate | position | the role | this role | role
    | vacancy | job opening | hiring process | recruiting | recruitment | candidature | candidat
    | candidate | poste | offre d emploi | recrutement | bewerbung | bewerber | bewerberin |
    stelle | position | stellenangebot | candidatura | candidato | candidata | puesto | vacante
    | proceso de seleccion | vaga | processo seletivo | cargo | posizione | ruolo | selezione |
    sollicitatie | vacature | functie | sollicitant
    """
)
"""Words of a job application, folded."""

NOT_AN_INTERVIEW = _phrases(
    """
    webinar | webinars | demo | product demo | tips | newsletter | digest | mock interview |
    practice interview | interview practice | interview prep | interview preparation | podcast |
    balado | baladodiffusion | episode | épisode | episodio | episódio | aflevering | puntata |
    podcastfolge | conference | talk | keynote | meetup | meet up | career fair | job fair | info
    session | information session | open house | workshop | masterclass | course | bootcamp |
    livestream | live stream | fireside chat | panel discussion | hackathon | informational
    interview | interviewer training | training | guide | conseils | atelier | salon | formation |
    conférence | webinaire | tipps | vortrag | konferenz | messe | schulung | seminar | consejos |
    dicas | charla | palestra | feria | conferencia | conferência | taller | oficina | curso |
    consigli | seminario | convegno | conferenza | lezing | congres | cursus | vacaturebeurs |
    interview debrief | debrief | interview feedback session | networking | happy hour | afterwork |
    apéro | stammtisch | borrel | coaching | coaching session | career coaching | mentoring |
    mentoring session | mentorship | press interview | media interview | journalist | reporter |
    magazine | newspaper | blog | radio | user research | research study | research interview | user
    interview | customer interview | usability | survey | exit interview | visa | embassy |
    consulate | immigration | admissions | admission interview | entretien presse | ambassade |
    botschaft | konsulat | embajada | consulado | consolato | entrevista de visto | entrevista
    consular | journaliste | entrevue de presse | entretien de presse | reportage | reportagem |
    reportaje | reportaggio | nieuwsartikel | zeitungsartikel | pour un article | for an article |
    für einen artikel | para un artículo | para uma matéria | per un articolo | voor een artikel |
    article sur | article about | artikel über | artículo sobre | articolo su | artikel over |
    matéria sobre | periodista | jornalista | giornalista | journalistin | presse interview |
    presseinterview | pers interview | interview met de pers | entrevista de prensa | entrevista
    para a imprensa | intervista stampa | recherche utilisateur | recherche utilisateurs | étude
    utilisateur | test utilisateur | entretien utilisateur | entretiens utilisateurs |
    nutzerforschung | nutzerinterview | nutzerstudie | investigación de usuarios | estudio de
    usuarios | entrevista con usuarios | entrevista a usuarios | pesquisa com usuários | pesquisa de
    usuários | entrevista com usuários | entrevista com clientes | ricerca utenti | ricerca con gli
    utenti | intervista utenti | intervista agli utenti | gebruikersonderzoek | gebruikersinterview
    | klantinterview | gift card | cartão-presente | tarjeta regalo | office hours | open session |
    session ouverte | sprechstunde | sesión abierta | sessão aberta | ore di ricevimento | spreekuur
    | inloopspreekuur | gutschein | carte cadeau | buono regalo | cadeaubon
    """
)
"""Words of a summary or subject that make it no interview even beside "interview": a
webinar, a talk, tips, practice, a course ("5 interview tips", "Mock interview with Sam"), the
press, user research, an exit interview, a visa or admissions interview."""

REGISTERED = _phrases(
    """
    thank you for registering | thanks for registering | thanks for signing up | you re
    registered | you are registered | you have registered | your registration | registration
    confirmed | registration confirmation | your ticket | merci pour votre inscription | merci
    de votre inscription | inscription confirmée | votre inscription est confirmée | vous êtes
    inscrit | vous êtes inscrite | votre billet | vielen dank für ihre anmeldung | danke für
    deine anmeldung | anmeldebestätigung | ihre anmeldung ist bestätigt | anmeldung bestätigt |
    ihr ticket | gracias por registrarte | gracias por inscribirte | tu inscripción está
    confirmada | inscripción confirmada | tu entrada | obrigado por se inscrever | obrigada por
    se inscrever | sua inscrição foi confirmada | inscrição confirmada | seu ingresso | grazie
    per esserti registrato | grazie per esserti iscritto | iscrizione confermata | la tua
    iscrizione | je bent aangemeld | bedankt voor je aanmelding | bedankt voor uw aanmelding |
    je aanmelding is bevestigd | aanmelding bevestigd
    """
)
"""Words of a registration for an event (a webinar, a talk, a hiring day), however it
speaks of interviews."""

CALENDAR_RESPONSES = _phrases(
    """
    accepted | declined | tentative | tentatively accepted | new time proposed | accepté |
    acceptée | refusé | refusée | provisoire | angenommen | abgelehnt | mit vorbehalt | aceptado
    | aceptada | rechazado | rechazada | aceito | aceita | recusado | recusada | accettato |
    accettata | rifiutato | rifiutata | geaccepteerd | afgewezen | voorlopig
    """
)
"""How a calendar response's subject begins ("Accepted: ..."), besides the lexicon's."""

CANCELLED = _phrases(
    """
    cancelled | canceled | has been cancelled | called off | no longer take place | will not
    take place | won't take place | will not go ahead | won't go ahead | will not be going
    ahead | no longer going ahead | not going ahead | no longer able to hold | unable to hold |
    not be able to hold | cancellation of | annulé | annulée | annule | annulee | n'aura pas
    lieu | n'aura plus lieu | ne pourra pas avoir lieu | ne peut pas avoir lieu | annulation
    de | abgesagt | storniert | findet nicht statt | fällt aus | nicht stattfinden | entfällt |
    muss ausfallen | absage des termins | absage ihres termins | cancelada | cancelado |
    anulada | anulado | suspendida | suspendido | no podrá realizarse | no se realizará | no
    podrá llevarse a cabo | no se llevará a cabo | no tendrá lugar | cancelación de |
    desmarcada | desmarcado | não vai acontecer | não vai mais acontecer | não poderá
    acontecer | não acontecerá | não será realizada | não será realizado | não poderá ser
    realizada | cancelamento da | cancelamento do | annullato | annullata | cancellato |
    cancellata | disdetto | non potrà avere luogo | non avrà luogo | non si terrà | non potrà
    tenersi | annullamento del | geannuleerd | afgezegd | gaat niet door | niet doorgaan |
    afgelast | vervalt | annulering van | niet doorgaat | niet kan doorgaan | niet door kan
    gaan | geen doorgang | nicht stattfindet | nicht stattfinden kann | ausfällt | ausfallen
    muss | abgesagt werden muss | can no longer keep | cannot keep the | can t keep the
    | won t be able to keep | will not be able to keep | no podemos mantener | no podremos
    mantener | ne pouvons pas maintenir | ne pourrons pas maintenir | ne pouvons plus maintenir
    | não podemos manter | não poderemos manter | non possiamo mantenere | non potremo
    mantenere | kunnen de afspraak niet aanhouden
    """
)
"""Words saying something is cancelled or will not take place (or kept), in the seven
languages."""

CANCEL_VERBS = _phrases(
    """
    cancel | cancelling | canceling | call off | calling off | annuler | annulons | absagen |
    abzusagen | stornieren | cancelar | cancelamos | anular | anulamos | suspender | desmarcar |
    annullare | annulliamo | cancellare | disdire | annuleren | afzeggen | afblazen |
    afgelasten
    """
)
"""Verbs of cancelling: they cancel beside words of a must (:data:`MUST`)."""

MUST = _phrases(
    """
    need to | have to | has to | had to | must | unfortunately | sadly | sorry | we are |
    we re | we will | afraid | regret | regrettably | decided to | have decided | devons |
    devoir | dois | doit |
    malheureusement | désolé | désolée | contraints | contraint | obligés | regrettons |
    müssen | muss | mussten | musste | leider | tut uns leid | tenemos que | hemos |
    lamentablemente | debemos | sentimos | lamentamos | precisamos | precisei | tivemos que |
    infelizmente | lamentamos | dobbiamo | devo | purtroppo | ci dispiace | spiacenti |
    moeten | moet | helaas | hebben | het spijt | spijt ons | regrette | je suis au regret |
    allons devoir | tendremos que | lo siento | lamento | nos vemos obligados | teremos de |
    teremos que | temos de | temos que | vamos ter de | vamos ter que | fomos obrigados |
    dovremo | dovremmo | siamo costretti | mi dispiace | zullen
    """
)
"""Words that make a verb of cancelling a fact ("we need to cancel", "leider müssen wir")."""

CONDITIONAL = _phrases(
    """
    if | should you | in case | si vous | si tu | si jamais | si besoin | s il | au cas |
    falls | wenn sie | wenn du | sollten sie | si necesitas | si necesita | si tienes | si
    tiene | si no puede | si no puedes | en caso | caso precise | caso necessite | se
    precisar | se você | se voce | se necessário | se dovesse | se dovessi | se hai | se ha
    bisogno | qualora | nel caso | als u | als je | indien | mocht u | mocht je
    """
)
"""Words that make a cancellation hypothetical ("if you need to cancel")."""

CANCEL_POLICY = _phrases(
    """
    cancel or reschedule | reschedule or cancel | cancellation policy | can cancel | may
    cancel | to cancel click | annuler ou | ou annuler | pouvez annuler | absagen oder |
    oder absagen | können sie absagen | cancelar o | o cancelar | puedes cancelar | cancelar
    ou | ou cancelar | pode cancelar | annullare o | o annullare | puoi annullare | annuleren
    of | of annuleren | kunt annuleren
    """
)
"""Words of a cancellation policy, not of a cancellation."""

MOVE_WORDS = _phrases(
    """
    rescheduled | reschedule | moved | move | moving | new time | new date | changed | instead |
    postponed | postpone | pushed | push back | brought forward | verschieben | verschiebung |
    terminverschiebung | verlegen | déplacé | déplacée | décalé | décalée | reporté |
    reportée | avancé | avancée | nouvel horaire | nouvelle date | nouvelle heure |
    verschoben | verlegt | vorverlegt | neuer termin | neue uhrzeit | neues datum |
    reprogramada | reprogramado | cambiada | cambiado | aplazada | aplazado | pospuesta |
    pospuesto | trasladada | trasladado | nueva fecha | nueva hora | nuevo horario | remarcada
    | remarcado | reagendada | reagendado | adiada | adiado | antecipada | nova data | novo
    horário | spostato | spostata | riprogrammato | riprogrammata | rinviato | rinviata |
    posticipato | posticipata | anticipato | anticipata | nuova data | nuovo orario |
    verplaatst | verzet | uitgesteld | vervroegd | nieuwe tijd | nieuwe datum | movido | movida
    | mudado | mudada | cambiato | cambiata | geändert | gewijzigd | spostiamo | posticipiamo |
    anticipiamo | décalons | déplaçons | reportons | avançons | movemos | trasladamos |
    aplazamos | adelantamos | remarcamos | adiamos | antecipamos | verzetten we | verplaatsen
    we | schuiven we | rinviare | rimandare | rimandato | rimandata | posticipare | spostare |
    aplazar | posponer | reprogramar | adiar | remarcar | reporter | décaler | déplacer |
    uitstellen | verzetten | verplaatsen | updated time | replaces the invitation | replaces the
    invite | replaces my earlier | supersedes | horaire mis à jour | heure mise à jour | remplace
    l invitation | remplace le précédent | remplace la précédente | aktualisierte uhrzeit |
    aktualisierter termin | ersetzt die einladung | ersetzt die vorherige | horario actualizado
    | hora actualizada | sustituye la invitación | reemplaza la invitación | sustituye a la
    anterior | horário atualizado | horário alterado | substitui o convite | mudar o horário |
    mudei o horário | mudamos o horário | orario aggiornato | sostituisce l invito | sostituisce
    il precedente | bijgewerkte tijd | vervangt de uitnodiging | vervangt de vorige
    """
)
"""Words of a move: the time named after them is the new one. A calendar event that says it
replaces an earlier one ("substitui o convite de segunda") moves that one."""

OFFER_WORDS = _phrases(
    """
    availability | available | options | option | slots | which works | what works | would any |
    pick a time | choose a time | select a time | book a time | find a time | propose |
    following times | following slots | select one | choose one | pick one | propongo |
    proponho | proponiamo | vorschlagen | schlage vor | stel voor |
    disponibilités | disponible | créneaux | créneau | verfügbarkeit | verfügbar |
    terminvorschläge | terminvorschlag | disponibilidad | disponible | horarios disponibles |
    disponibilidade | disponível | disponibilità | disponibile | beschikbaarheid | beschikbaar |
    tijdsloten | alternatively | alternativ | alternativement | alternativamente | in
    alternativa | als alternatief | could offer | can offer | anbieten | welcher termin | which
    one you prefer | which would you prefer | cual prefieres | qual prefere | quale preferisci |
    welke voorkeur
    """
)
"""Words of a time offered, not fixed ("let me know your availability", "two options")."""

_THANKS_FOR_AVAILABILITY = re.compile(
    r" (?:thanks|thank you|many thanks|merci|danke|vielen dank|gracias|muchas gracias|obrigad[oa]"
    r"|grazie|mille grazie|bedankt|dank je|dank u)(?: \w+){0,4}? (?:availability|flexibility"
    r"|disponibilite|disponibilites|flexibilite|verfugbarkeit|flexibilitat|disponibilidad"
    r"|flexibilidad|disponibilidade|flexibilidade|disponibilita|flessibilita|beschikbaarheid"
    r"|flexibiliteit) "
)
"""Thanks for the reader's availability ("grazie per la disponibilità", "merci pour votre
disponibilité"), in a form: no time offered."""


_WORKS_OUT = re.compile(r" (?:which|that|this|it) works out (?:to|as|at) ")
"""A time restated for another zone ("which works out to 8:30 AM for you"): no time offered."""


def _offered(form: str) -> str:
    """Return the first word of a time offered in a form (:data:`OFFER_WORDS`), not counting
    thanks for the reader's availability nor a time restated ("which works out to"), or ""."""
    return _first(_WORKS_OUT.sub(" ", _THANKS_FOR_AVAILABILITY.sub(" ", form)), OFFER_WORDS)


CONFIRM_WORDS = _phrases(
    """
    confirmed | confirm | confirming | confirmation | is scheduled | has been scheduled |
    scheduled | is set | booked | see you | look forward | looking forward | invite | invitation
    | confirmé | confirmée | confirmons | programmé | programmée | planifié | planifiée | fixé
    | fixée | bestätigt | bestätigen | bestätigung | geplant | eingeplant | vereinbart |
    confirmada | confirmado | confirmamos | programada | programado | agendada | agendado |
    marcada | marcado | confermato | confermata | confermiamo | fissato | fissata |
    programmato | programmata | pianificato | pianificata | bevestigd | bevestigen |
    bevestiging | ingepland | gepland | locked in | noted for | c est noté | c est bien noté |
    ist notiert | habe notiert | queda anotado | queda apuntado | fica anotado | fica combinado
    | ho segnato | ho annotato | staat genoteerd | heb genoteerd
    """
)
"""Words of a confirmation: a time stated with them is fixed, however many are named ("c'est
noté : jeudi à 10h" answers "vos disponibilités ?")."""

PHONE_WORDS = _phrases(
    """
    phone | phone screen | phone call | telephone | by phone | call you | téléphone |
    téléphonique | telefon | telefonisch | telefoninterview | telefonica | telefónica |
    telefónico | telefonema | telefone | telefônica | telefonico | telefonisch gesprek |
    telefoongesprek | bellen
    """
)
VIDEO_WORDS = _phrases(
    """
    video | video call | videocall | zoom | google meet | microsoft teams | teams meeting |
    webex | whereby | visio | visioconférence | videokonferenz | videogespräch | videollamada |
    videochamada | videochiamata | videogesprek | virtual onsite | virtual | remote | en ligne |
    online
    """
)
ONSITE_WORDS = _phrases(
    """
    onsite | on site | in person | at our office | at our offices | our office | their office |
    the office | come in | floor | reception | sur place | en présentiel | dans nos locaux | nos
    locaux | nos bureaux | étage | accueil | vor ort | persönlich | persönlichen | persönliches
    | in unserem büro | in unseren räumlichkeiten | zentrale | empfang | presencial | en
    nuestras oficinas | nuestras oficinas | nuestra oficina | planta | recepción | nas nossas
    instalações | no escritório | nosso escritório | andar | recepção | in sede | di persona |
    presso i nostri uffici | nostri uffici | nostra sede | piano | reception | op kantoor | op
    locatie | ons kantoor | verdieping | receptie | same address | même adresse | gleiche
    adresse | gleichen adresse | selbe adresse | misma dirección | mesmo endereço | stesso
    indirizzo | zelfde adres | hetzelfde adres
    """
)
_STREET = re.compile(
    r"\b(?i:via|viale|piazza|corso|calle|avenida|rua|avenue|rue|boulevard|quai|plaza|praça"
    r"|largo)\s+(?:[\w'’.-]+\s+){0,4}?\d{1,4}\b"
    r"|\b\d{1,4}(?:\s?bis)?,?\s+(?i:rue|avenue|boulevard|bd|quai|place|allée|chemin)\b"
    r"|\b[A-ZÄÖÜ]\w*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|kai|gracht|straat|laan"
    r"|plein|kade|singel)\s+\d{1,4}\b"
    r"|\b\d{1,5}\s+(?-i:[A-Z])[\w'’.-]+(?:\s+(?-i:[A-Z])[\w'’.-]+){0,3}\s+(?:Street|St"
    r"|Road|Rd|Avenue|Ave|Boulevard|Blvd|Square|Lane|Way|Place|Drive|Dr)\b"
)
"""A street address ("Via Tortona 21", "12 rue des Lilas", "Sonnenstraße 12", "Keizersgracht
100", "25 Cabot Square"): said beside the time, the interview is on site."""

_PAST_CALL = re.compile(
    r" (?:suite a|comme convenu|comme discute|comme evoque|as discussed|as agreed|following"
    r"|after|thanks for|thank you for|wie|nach|come concordato|come da|come discusso|conforme"
    r"|como|zoals|naar aanleiding van|na ons)(?: \w+){0,3}? (?:telephone|telephonique"
    r"|telephoniquement|phone|call|appel|telefon|telefonat|telefonisch|telefonicamente"
    r"|telefonica|telefono|telefone|telefonema|llamada|chamada|ligacao|chiamata"
    r"|telefoongesprek)(?= )"
)
"""A call that took place before ("suite à notre échange téléphonique", "as discussed on the
phone", "wie eben am Telefon besprochen", "come concordato telefonicamente"), in a form: it
says nothing of the format of the interview."""
_VIDEO_LINK = re.compile(
    r"zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|whereby\.com"
    r"|gotomeeting|bluejeans|chime\.aws|meet\.jit\.si|/meet/|/video/",
    re.IGNORECASE,
)
_PHONE_LOCATION = re.compile(r"^\s*(?:tel:|phone:?\s*)?\+?[\d\s().-]{7,}\s*$", re.IGNORECASE)

SYSTEM_WORDS = frozenset(
    {"calendar", "calendars", "kalender", "calendrier", "calendario", "agenda", "scheduling"}
    | {"scheduler", "schedule", "interviews", "interview", "recruiting", "recruitment"}
    | {"talent", "acquisition", "careers", "career", "jobs", "job", "hiring", "candidate"}
    | {"candidates", "noreply", "no", "reply", "donotreply", "do", "not", "notifications"}
    | {"notification", "invites", "invite", "events", "team", "hr", "people", "mailer"}
    | {"bot", "system", "automated", "rh", "recrutement", "personal", "reclutamiento"}
    | {"recrutamento", "selezione", "werving", "selectie", "bewerbungen", "bewerbung"}
    | {"talento", "talentos", "talents", "talenti", "seleccion", "selecao", "reclutamento"}
    | {"rrhh", "karriere", "recruiter", "recruiters"}
)
"""Words of a scheduling system's or a shared calendar's name or address ("Acme Candidate
Calendar", "interviews@", "Recruiting"): an address whose name holds one of the calendar words,
or whose name (or, without a name, local part) is made of these and company words only, is
no interviewer."""

_CALENDAR_NAME_WORDS = frozenset(
    {"calendar", "calendars", "kalender", "calendrier", "calendario", "agenda", "scheduling"}
    | {"scheduler", "interviews", "noreply", "donotreply", "notifications", "bot"}
)
_ROOM_WORDS = _phrases(
    """
    conference room | meeting room | room | salle | salle de réunion | besprechungsraum |
    konferenzraum | raum | sala | sala de reuniones | sala de reunião | sala riunioni |
    vergaderruimte | vergaderzaal | zaal
    """
)
_SYSTEM_DOMAINS = ("resource.calendar.google.com", "group.calendar.google.com")

FREE_MAIL = frozenset(
    {"gmail", "googlemail", "outlook", "hotmail", "live", "msn", "yahoo", "ymail", "icloud"}
    | {"me", "mac", "aol", "proton", "protonmail", "pm", "gmx", "web", "orange", "free"}
    | {"laposte", "sfr", "wanadoo", "libero", "virgilio", "tiscali", "alice", "t-online"}
    | {"yandex", "mail", "zoho", "fastmail", "hey", "ziggo", "kpnmail", "planet", "telenet"}
    | {"skynet", "bluewin", "freenet", "posteo", "mailbox", "tutanota", "btinternet", "uol"}
    | {"bol", "terra", "comcast", "verizon", "att", "sbcglobal", "qq", "163", "naver"}
)
"""Registrable labels of free mail providers: their users are people, not companies."""

_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gv"})

ROLE_WORDS = frozenset(
    {"engineer", "engineering", "developer", "manager", "designer", "analyst", "scientist"}
    | {"architect", "lead", "director", "consultant", "specialist", "administrator", "intern"}
    | {"associate", "officer", "coordinator", "researcher", "owner", "marketer", "accountant"}
    | {"writer", "editor", "sre", "devops", "recruiter", "representative", "executive"}
    | {"head", "vp", "president", "programmer", "technician", "advisor", "strategist"}
    | {"ingenieur", "ingenieure", "developpeur", "developpeuse", "chef", "charge", "chargee"}
    | {"responsable", "entwickler", "entwicklerin", "berater", "beraterin", "leiter", "leiterin"}
    | {"referent", "referentin", "desarrollador", "desarrolladora", "ingeniero", "ingeniera"}
    | {"analista", "desenvolvedor", "desenvolvedora", "engenheiro", "engenheira", "gerente"}
    | {"sviluppatore", "sviluppatrice", "ingegnere", "ontwikkelaar", "medewerker", "adviseur"}
    | {"stagiair", "werkstudent", "praktikant", "praktikantin", "stagiaire", "tirocinante"}
    | {"teamleiter", "teamleiterin", "teamleitung", "leitung", "sachbearbeiter", "jefe", "jefa"}
    | {"directeur", "directrice", "direttore", "direttrice", "coordinador", "coordinadora"}
    | {"coordenador", "coordenadora", "coordinatore", "coordinatrice", "disponent", "disponentin"}
    | {"cientista", "cientifico", "cientifica", "scienziato", "scienziata", "analyste"}
    | {"consultor", "consultora", "consulente", "especialista", "specialista", "technicien"}
    | {"technicienne", "programmeur", "programmeuse", "programador", "programadora", "architecte"}
    | {"arquitecto", "arquitecta", "arquiteto", "arquiteta", "architetto", "architekt"}
    | {"architektin", "beheerder", "teamleider", "projectleider", "gestionnaire"}
    | {"analist", "ontwerper", "onderzoeker", "disenador", "disenadora", "progettista"}
    | {"sistemista", "concepteur", "conceptrice", "planner"}
)
"""The nouns of a job title ("Data Engineer", "Chef de projet", "Entwicklerin"): a title holds
one."""

TITLE_WORDS = ROLE_WORDS | {"product", "data", "software", "backend", "frontend", "fullstack"}
"""The words of job titles, nouns and the words that qualify them ("Product", "Data")."""

_ROLE_ENDS = (
    "entwickler",
    "entwicklerin",
    "ingenieur",
    "ingenieurin",
    "berater",
    "beraterin",
    "leiter",
    "leiterin",
    "manager",
    "managerin",
    "referent",
    "referentin",
    "architekt",
    "architektin",
    "analyst",
    "analystin",
    "designer",
    "designerin",
    "techniker",
    "technikerin",
    "ontwikkelaar",
    "analist",
    "ontwerper",
    "medewerker",
    "adviseur",
    "beheerder",
    "specialist",
    "consultant",
    "engineer",
)
"""How German and Dutch compounds of a job title end ("Softwareentwickler", "Projektleiterin",
"Datenanalyst", "Beleidsmedewerker")."""


def _is_role_word(word: str) -> bool:
    """Whether a folded word is a job title's noun, or a German or Dutch compound of one."""
    if word in ROLE_WORDS:
        return True
    return len(word) >= 10 and any(
        word.endswith(end) and len(word) - len(end) >= 3 for end in _ROLE_ENDS
    )


def _has_role_word(words: Iterable[str]) -> bool:
    return any(_is_role_word(w) for w in words)


def _table(rows: Sequence[tuple[int, str]]) -> dict[str, int]:
    return {word: value for value, words in rows for word in words.split()}


_MONTHS = _table(
    [
        (1, "january jan janvier janv januar jan enero ene janeiro gennaio gen januari"),
        (2, "february feb fevrier fevr februar febrero fevereiro fev febbraio februari"),
        (3, "march mar mars marz maerz marzo marco maart mrt"),
        (4, "april apr avril avr abril aprile"),
        (5, "may mai mayo maio maggio mag mei"),
        (6, "june jun juin juni junio junho giugno giu"),
        (7, "july jul juillet juil juli julio julho luglio lug"),
        (8, "august aug aout agosto ago augustus"),
        (9, "september sep sept septembre septiembre setiembre setembro set settembre"),
        (10, "october oct octobre oktober okt octubre outubro out ottobre ott"),
        (11, "november nov novembre noviembre novembro"),
        (12, "december dec decembre dezember dez diciembre dic dezembro dicembre"),
    ]
)
_WEEKDAYS = _table(
    [
        (0, "monday mon lundi montag lunes segunda-feira segunda lunedi maandag"),
        (1, "tuesday tue tues mardi dienstag martes terca-feira terca martedi dinsdag"),
        (2, "wednesday wed mercredi mittwoch miercoles quarta-feira quarta mercoledi woensdag"),
        (3, "thursday thu thurs jeudi donnerstag jueves quinta-feira quinta giovedi donderdag"),
        (4, "friday fri vendredi freitag viernes sexta-feira sexta venerdi vrijdag"),
        (5, "saturday sat samedi samstag sabado sabato zaterdag"),
        (6, "sunday sun dimanche sonntag domingo domenica zondag"),
    ]
)

# -- the message as read -------------------------------------------------------------------------


@dataclass
class _Reading:
    """What :func:`sighting` reads of a message, computed once."""

    message: Message
    own: frozenset[str]
    own_domains: frozenset[str]
    lexicon: Lexicon
    subject_form: str = ""
    text: str = ""
    text_form: str = ""
    relay: AtsSender | None = None
    relay_party: Address | None = None
    earlier: tuple[EarlierMail, ...] = ()


def _registrable(domain: str) -> str:
    """Return the label of a domain that names its owner: "acme" for "careers.acme.co.uk"."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def _is_free_mail(domain: str) -> bool:
    return _registrable(domain) in FREE_MAIL


def _relay_of(address: Address | None, lexicon: Lexicon) -> AtsSender | None:
    if address is None or not address.address:
        return None
    found = ats_relay(address.domain, lexicon)
    return None if found is None else found[0]


def _name_words(text: str) -> list[str]:
    return split_words(fold(text).replace("'", "").replace("’", ""))


WITHDRAWN = re.compile(
    r" withdraw(?:ing)? (?:\w+ ){0,3}(?:application|candidacy|candidature) "
    r"| withdraw(?:ing)? from (?:the )?(?:\w+ )?(?:process|consideration) "
    r"| bewerbung (?:\w+ ){0,6}zuruck(?:zu)?(?:ziehen|gezogen) "
    r"| ziehe (?:ich )?(?:hiermit )?(?:\w+ ){0,2}bewerbung (?:\w+ ){0,6}zuruck "
    r"| retir\w* (?:\w+ ){0,2}(?:candidature|candidatura) "
    r"| ritir\w* (?:\w+ ){0,3}candidatura "
    r"| trek\w* (?:ik )?(?:\w+ ){0,2}sollicitatie (?:\w+ ){0,3}in | sollicitatie (?:\w+ ){0,4}"
    r"in(?:trekken|getrokken) "
    # Leaving the process, and not attending the interview (the user's own words).
    r"| (?:desist\w*|retir\w*|ritir\w*) (?:\w+ ){0,2}(?:do|da|del|dal|dalla|du|de) (?:\w+ ){0,1}"
    r"(?:processo|proceso|processus|process|selecao|seleccion|selezione) "
    r"| (?:withdraw\w*|pull\w*) (?:myself |out )+(?:\w+ ){0,2}(?:process|consideration|running) "
    r"| ziehe mich (?:\w+ ){0,4}zuruck | trek mij (?:\w+ ){0,4}terug "
)
"""Words of the user withdrawing an application: every interview of it is off."""

NOT_ATTENDING = re.compile(
    r" (?:won t|will not|wont|cannot|can t|will no longer) (?:be )?(?:attend\w*|join\w*"
    r"|mak\w* it to|participat\w*|tak\w* part in) (?:\w+ ){0,2}(?:interview|call|meeting) "
    r"| (?:nao|no|non|ne) (?:\w+ ){0,1}(?:participarei|participare|asistire|parteciper[oa]"
    r"|participerai|vou participar|voy a participar|vado|assisterai|presentare|comparecerei"
    r"|compareceré|comparecere)(?: pas)? (?:\w+ ){0,3}(?:entrevista|colloquio|entretien|entrevue"
    r"|reuniao|reunion|chamada|llamada) "
    r"| (?:werde|kann) (?:\w+ ){0,6}(?:nicht|nicht mehr) (?:\w+ ){0,3}(?:teilnehmen|wahrnehmen"
    r"|kommen) "
    r"| (?:zal|kan) (?:\w+ ){0,6}niet (?:\w+ ){0,3}(?:deelnemen|aanwezig zijn|komen) "
)
"""Words of the user saying they will not attend the interview ("I will not be attending the
interview", "não participarei da entrevista", "je ne participerai pas à l'entretien"): it is
off, unless the mail asks for another time."""


def _own_cancellation(reading: _Reading) -> Sighting | None:
    """Return a cancellation when the user's own mail to a company calls the interview off
    or withdraws the application ("I have to cancel our interview on Thursday", "ich ziehe
    meine Bewerbung zurück"), else None. It names no time and may only cancel an interview
    already known of that company or thread (``known_only``): the user's words set none."""
    message = reading.message
    text = own_text(message.text)
    said = _sentence_list(text)
    form = _form(text)
    hit = WITHDRAWN.search(form)
    if hit is None and "?" not in text and not _first(form, MOVE_WORDS + OFFER_WORDS):
        hit = NOT_ATTENDING.search(form)
    withdrawn = hit.group(0).strip() if hit else ""
    cancelled = withdrawn or _cancellation(said)[0]
    if not cancelled:
        return None
    people: list[Person] = []
    domains: list[str] = []
    for party in (*message.to, *message.cc)[:MAX_EVENTS]:
        address = party.address.lower()
        if not address or address in reading.own or _relay_of(party, reading.lexicon):
            continue
        if _is_free_mail(party.domain) or _at_own_employer(party.domain, reading):
            continue
        people.append(Person(party.name, address))
        if party.domain.lower() not in domains:
            domains.append(party.domain.lower())
    if not domains:
        return None
    how = "withdraws the application" if withdrawn else "calls it off"
    return Sighting(
        kind=SightingKind.CANCEL,
        message_id=message.message_id,
        uid="",
        sequence=0,
        company="",
        role="",
        start=None,
        end=None,
        format=Format.VIDEO,
        interviewers=tuple(people),
        domains=tuple(domains),
        thread=message.thread_root,
        evidence=f"the user's own mail {how} ({cancelled!r})",
        known_only=True,
    )


def owner_key(domain: str) -> str:
    """The key of the company a domain belongs to: its registrable label and top-level label
    ("acme.uk" for careers.acme.co.uk), as :func:`_same_owner` compares them."""
    domain = domain.lower().strip(".")
    return f"{_registrable(domain)}.{domain.rpartition('.')[2]}" if "." in domain else ""


def company_key(name: str) -> str:
    """The letters of a company's name without its legal form, as a domain's owner label
    spells it: "quillfeather" for "Quillfeather", "nordwerkenergie" for "Nordwerk Energie
    GmbH" (and for nordwerk-energie.example: see :func:`domain_company_key`)."""
    words = split_words(fold(name))
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return "".join(words)


def domain_company_key(domain: str) -> str:
    """The letters of a domain's owner label: the :func:`company_key` of the company it
    spells ("nordwerkenergie" for mail.nordwerk-energie.example)."""
    return "".join(split_words(fold(_registrable(domain))))


def earlier_keys(
    message: Message, *, own_addresses: Collection[str], lexicon: Lexicon
) -> tuple[frozenset[str], frozenset[str], str]:
    """Given a message, return what ties earlier mail to it (see :class:`EarlierMail`): the
    addresses of its sender side and its events' organizers, the companies' domains among
    them (:func:`owner_key`), and its thread root. The user, relays (a scheduler writes for
    everyone) and free mail domains tie nothing."""
    own = frozenset(a.strip().lower() for a in own_addresses if a.strip())
    own_domains = {a.rpartition("@")[2] for a in own}
    events = message.invites or ((message.invite,) if message.invite is not None else ())
    parties = [message.sender, message.agent, *message.reply_to, *(e.organizer for e in events)]
    addresses: set[str] = set()
    domains: set[str] = set()
    for party in parties[:MAX_EVENTS]:
        if party is None or not party.address or party.address.lower() in own:
            continue
        if _relay_of(party, lexicon) is not None:
            continue
        addresses.add(party.address.lower())
        domain = party.domain.lower()
        if (
            domain
            and not _is_free_mail(domain)
            and not any(_same_owner(domain, mine) for mine in own_domains)
        ):
            key = owner_key(domain)
            if key:
                domains.add(key)
    return frozenset(addresses), frozenset(domains), message.thread_root


def sighting(
    message: Message,
    *,
    own_addresses: Collection[str],
    lexicon: Lexicon,
    tz: ZoneInfo = UTC_ZONE,
    earlier: Sequence[EarlierMail] = (),
) -> Sighting | None:
    """Given a message, the user's own addresses, the lexicon (relays) and the user's time zone,
    return the interview it invites to, confirms, moves or cancels, or None when it holds
    none (see the module's docstring for the rules). Never raises on any message.

    ``earlier`` is mail received before it from the same person, company or thread (see
    :func:`earlier_keys`): read only for what the message itself does not say (the company
    and the job a scheduler's "30 Minute Meeting" leaves out)."""
    own = frozenset(a.strip().lower() for a in own_addresses if a.strip())
    own_domains = frozenset(
        a.rpartition("@")[2] for a in own if not _is_free_mail(a.rpartition("@")[2])
    )
    reading = _Reading(message, own, own_domains, lexicon, earlier=tuple(earlier[:MAX_EARLIER]))
    sender = message.sender
    invites = message.invites or ((message.invite,) if message.invite is not None else ())
    if sender is not None and sender.address.lower() in own and not invites:
        # The user's own words set no interview: the employer's do. They may call one off
        # (the user withdraws). An invitation the user sent (an interviewer asked for one)
        # is read like any other.
        return _own_cancellation(reading)
    subject_form = _form(message.subject)
    if _calendar_response(message.subject, lexicon):
        return None
    methods = {invite.method for invite in invites}
    if methods and methods <= {"REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"}:
        return None
    reading.subject_form = subject_form
    reading.text = own_text(message.text)
    reading.text_form = _form(reading.text)
    if _first(subject_form, REGISTERED) or _first(reading.text_form, REGISTERED):
        return None  # a registration for an event: a webinar, a talk, a hiring day
    for party in (sender, message.agent, *message.reply_to):
        relay = _relay_of(party, lexicon)
        if relay is not None:
            reading.relay, reading.relay_party = relay, party
            break
    events = [
        _bounded(invite)
        for invite in invites[:MAX_EVENTS]
        if invite.method not in ("REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH")
        and _plausible_time(invite.start)
        and _plausible_time(invite.end)
    ]
    if any(_cancelled(e) or (e.start is not None and not e.all_day) for e in events):
        # The calendar decides; its mail's words are only read for what it lacks.
        return _from_calendar(reading, events, tz)
    return _from_words(reading, tz)


MAX_EARLIER = 50
"""Earlier messages a sighting reads (the engine passes the newest few of each tie)."""

_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""A mail address written in a text."""

_ADDRESSES = re.compile(r"\S+@\S+|\w+://\S+")
"""Mail addresses and links: their words ("candidate.example") are no words of the mail."""

MAX_EVENTS = 50
"""Events of a message read (``mail.parse`` keeps as many)."""

MAX_SUMMARY_CHARS = 1_000
MAX_DESCRIPTION_CHARS = 4_000


def _bounded(event: Invite) -> Invite:
    """The event with its summary and description cut as ``mail.parse`` cuts them (a message
    built another way may carry longer ones)."""
    if len(event.summary) <= MAX_SUMMARY_CHARS and len(event.description) <= MAX_DESCRIPTION_CHARS:
        return event
    return replace(
        event,
        summary=event.summary[:MAX_SUMMARY_CHARS],
        description=event.description[:MAX_DESCRIPTION_CHARS],
    )


YEARS = (1970, 2200)
"""Years an interview can be in; a time outside them is no time (and no overflow later)."""


def _plausible_time(moment: datetime | None) -> bool:
    return moment is None or YEARS[0] <= moment.year <= YEARS[1]


def _cancelled(event: Invite) -> bool:
    return event.method == "CANCEL" or event.status == "CANCELLED"


def _calendar_response(subject: str, lexicon: Lexicon) -> bool:
    """Whether the subject begins like a calendar response ("Accepted: Interview")."""
    head, colon, _ = subject.partition(":")
    if not colon or len(head) > 40:
        return False
    form = _form(head)
    return any(form == phrase_form for _, phrase_form in _responses(lexicon.phrases))


@functools.lru_cache(maxsize=8)
def _responses(phrases: Phrases) -> tuple[tuple[str, str], ...]:
    """The calendar responses of :data:`CALENDAR_RESPONSES` and the lexicon's, with forms."""
    return (*CALENDAR_RESPONSES, *_forms(phrases.calendar_response))


# -- is it about an interview? -------------------------------------------------------------------


def _about_interview(
    reading: _Reading,
    summaries: Sequence[str],
    descriptions: Sequence[str] = (),
    organizers: Sequence[Address] = (),
) -> tuple[str, str] | None:
    """Return (the interview words, where they were found) if the summaries, the subject or
    the text speak of an interview and nothing there makes it something else, else None.

    Words that name an interview (:data:`INTERVIEW_WORDS`, or a German or Dutch compound
    ending in one: "Fachinterview", "Vorstellungsgespräch", "kennismakingsgesprek") decide
    alone; words of a meeting (:data:`MEETING_WORDS`: "intro", "call", "Gespräch",
    "rendez-vous") only with words of an application or a job title beside them."""
    heads = [(_form(s), "the summary") for s in summaries if s.strip()]
    heads.append((reading.subject_form, "the subject"))
    texts = [*(s for s in summaries if s.strip()), reading.message.subject]
    for (form, _), text in zip(heads, texts, strict=True):
        if _vetoed(form) and _vetoed(_form(_without_own_name(reading, text, organizers))):
            return None
    # In the text, an interview word inside words that make it none ("the mock interview
    # practice round") names no interview.
    places = [*heads, (_without(reading.text_form, NOT_AN_INTERVIEW), "the text")]
    for form, where in places:
        word = _first(form, INTERVIEW_WORDS) or _compound(form)
        if word:
            return word, where
    for text, where in [
        *((d, "the event's details") for d in descriptions),
        (reading.text, "the text"),
    ]:
        named = _interviewer_field(text)
        if named:
            return named, where
    context = " ".join(form for form, _ in places)
    titled = " ".join([*(f for f, _ in heads), *(_form(d) for d in descriptions)])
    job = _first(context, APPLICATION_WORDS) or _role_word(titled)
    if not job:
        return None
    # A calendar's summary says what its event is; its mail's text may speak of anything.
    for form, where in heads if summaries else places:
        word = _first(form, MEETING_WORDS)
        if word:
            return f"{word} ({job})", where
    return None


def _vetoed(form: str) -> bool:
    return bool(_first(form, NOT_AN_INTERVIEW) or _compound_veto(form))


def _without_own_name(reading: _Reading, text: str, organizers: Sequence[Address] = ()) -> str:
    """Return the text without the names in it that spell the sender's own domain ("Atelier
    Lumière" for atelier-lumiere.example, "Salon Digital" for salondigital.example), or the
    domain of an event's organizer (a scheduler sends for "Atelier Nuage"): the words of a
    company's name say nothing of what its mail is about."""
    for party in (reading.message.sender, *reading.message.reply_to, *organizers):
        if party is None or not party.domain or _is_free_mail(party.domain):
            continue
        if _relay_of(party, reading.lexicon) is not None:
            continue
        for name in _spelled(_registrable(party.domain).replace("-", ""), text):
            text = text.replace(name, " ")
    return text


_COMPOUND_ENDS = ("interview", "interviews", "gesprach", "gesprache", "gesprek", "gesprekken")
_COMPOUND_NOT = frozenset({"mitarbeitergesprach", "jahresgesprach", "verkaufsgesprach"})
_COMPOUND_NOT_HEADS = (
    "podcast",
    "presse",
    "persinterview",
    "persgesprek",
    "radio",
    "media",
    "medien",
    "zeitung",
    "krant",
    "fernseh",
    "blog",
    "nutzer",
    "gebruiker",
    "klant",
    "kunden",
    "user",
    "exit",
    "austritt",
    "vertrek",
    "oefen",
    "ubung",
    "probe",
    "visum",
    "beratung",
    "verkauf",
    "mitarbeiter",
    "jahres",
    "kredit",
    "finanz",
    "versicherung",
    "eltern",
    "advies",
    "functionering",
    "beoordeling",
    "ouder",
    "verkoop",
)
"""What starts a compound that is no job interview ("Podcastinterview", "Presseinterview",
"Nutzerinterview", "Exitgesprach", "oefengesprek"), or names a conversation of another kind:
advice, sales, an appraisal ("Beratungsgespräch", "Mitarbeitergespräch", "adviesgesprek",
"functioneringsgesprek")."""


def _compound_veto(form: str) -> str:
    """Return the first compound of an interview word a form holds that names no job
    interview ("podcastinterview", "nutzerinterview"), or ""."""
    for word in form.split():
        if word.endswith(_COMPOUND_ENDS) and word.startswith(_COMPOUND_NOT_HEADS):
            return word
    return ""


def _compound(form: str) -> str:
    """Return the first German or Dutch compound of an interview word a form holds
    ("fachinterview", "kennenlerngesprach"), or "". One pass over the words."""
    for word in form.split():
        if (
            len(word) > 11
            and word.endswith(_COMPOUND_ENDS)
            and word not in _COMPOUND_NOT
            and not word.startswith(("interview", "gesprach", "gesprek"))
            and not word.startswith(_COMPOUND_NOT_HEADS)
        ):
            return word
    return ""


def _role_word(form: str) -> str:
    """Return the first word of a job title a form holds ("engineer", "designer"), or ""."""
    return next((word for word in form.split() if _is_role_word(word)), "")


def _recruiting(reading: _Reading, parties: Sequence[Address]) -> str:
    """Return why the mail comes from someone who recruits (a relay, a recruiting name or
    address, a company's own domain), or ""."""
    if reading.relay is not None:
        return f"the sender is {reading.relay.name} ({reading.relay.kind.replace('_', ' ')})"
    for party in parties:
        relay = _relay_of(party, reading.lexicon)
        if relay is not None:
            return f"{party.address} is {relay.name} ({relay.kind.replace('_', ' ')})"
    # Colleagues at the user's own employer do not recruit the user.
    parties = [p for p in parties if not _at_own_employer(p.domain, reading)]
    for party in parties:
        words = set(_name_words(party.name)) | set(_name_words(party.address.partition("@")[0]))
        if words & RECRUITING_WORDS:
            return f"{party.address} recruits"
    for party in parties:
        if party.domain and not _is_free_mail(party.domain):
            return f"{party.address} writes from a company's domain"
    return ""


def _at_own_employer(domain: str, reading: _Reading) -> bool:
    return any(_same_owner(domain, own) for own in reading.own_domains)


def _same_owner(domain: str, other: str) -> bool:
    return (
        _registrable(domain) == _registrable(other)
        and domain.split(".")[-1] == other.split(".")[-1]
    )


def _parties(reading: _Reading, events: Sequence[Invite]) -> list[Address]:
    """The message's sender side and the events' organizers and attendees (not the user)."""
    message = reading.message
    found: list[Address] = []
    for party in (message.sender, message.agent, *message.reply_to):
        if party is not None:
            found.append(party)
    for event in events:
        if event.organizer is not None:
            found.append(event.organizer)
        found.extend(event.attendees)
    return [p for p in found if p.address and p.address.lower() not in reading.own]


# -- the calendar --------------------------------------------------------------------------------


def _from_calendar(reading: _Reading, events: Sequence[Invite], tz: ZoneInfo) -> Sighting | None:
    message = reading.message
    about = _about_interview(
        reading,
        [e.summary for e in events],
        [e.description[:MAX_DESCRIPTION_CHARS] for e in events],
        [e.organizer for e in events if e.organizer is not None],
    )
    if about is None:
        about = _intro_booked(reading, events)
    if about is None:
        about = _about_in_earlier_mail(reading, events)
    if about is None:
        about = _user_meets_for_a_job(reading, events)
    known_only = False
    if about is None:
        # A calendar event its summary does not call an interview ("Leadership &
        # Collaboration") may be a version of one already known (its UID): read it so.
        # Only a new version of an event (a higher SEQUENCE) can be one.
        if any(_first(_form(e.summary), NOT_AN_INTERVIEW) for e in events) or not any(
            e.sequence > 0 and not _cancelled(e) and e.method == "REQUEST" for e in events
        ):
            return None
        about, known_only = ("", ""), True
    parties = _parties(reading, events)
    recruiting = _recruiting(reading, parties)
    if not recruiting:
        return None
    if about[1] == "the text" and recruiting.endswith("from a company's domain"):
        # The event's summary names no interview; only the mail's text speaks of one ("want
        # to hear how the interviews are going"), from a mere address at some domain, about no
        # job: a meeting of the user's own life.
        words = " ".join([*(e.description for e in events), reading.text])
        context = _form(_ADDRESSES.sub(" ", words))
        if not _first(context, APPLICATION_WORDS) and not _role_word(context):
            # Unless the company's earlier mail was filed under an interview the user tracks:
            # its "Final chat" after "the team loved your onsite" is the next step.
            tracked = _about_in_earlier_mail(reading, events)
            if tracked is None:
                return None
            about = tracked
    if _someone_else_is_the_candidate(reading, events) or _interviewer_side(reading, events):
        return None
    hosted = [e for e in events if e.organizer and e.organizer.address.lower() in reading.own]
    sender = message.sender
    if hosted and sender is not None and sender.address.lower() not in reading.own:
        # The user organizes the event and someone else sends it: a booking of the user's
        # own page ("New Event: ..." from a scheduler), an event the user hosts.
        return None
    if hosted and not any(
        a.domain and not _is_free_mail(a.domain) and not _at_own_employer(a.domain, reading)
        for e in hosted
        for a in e.attendees
        if a.address.lower() not in reading.own
    ):
        # The user hosts it, and nobody from a company comes: the user interviews someone.
        return None
    cancelled = [e for e in events if _cancelled(e)]
    timed = [e for e in events if e.start is not None and not e.all_day and not _cancelled(e)]
    chosen: list[Invite]
    if timed:
        kind = SightingKind.INVITE
        chosen = _first_day(timed, tz)
    else:
        kind = SightingKind.CANCEL
        chosen = cancelled
    first = min(chosen, key=lambda e: _placed(e.start, e, tz) or datetime.max.replace(tzinfo=tz))
    start = _placed(first.start, first, tz)
    ends = [_placed(e.end, e, tz) for e in chosen]
    end = max((e for e in ends if e is not None), default=None)
    if start is not None and end is not None and end <= start:
        end = None
    if start is not None:
        # Shown in the zone the mail writes the same time in ("9:30 AM IST"), if it does.
        shown = _zone_written(reading, start, tz)
        if shown is not None:
            start = start.astimezone(shown)
            end = end.astimezone(shown) if end is not None else None
    people = _interviewers(reading, chosen)
    company, company_why = _company(reading, chosen, people)
    role = _role(reading, chosen, company)
    fmt = _format(reading, chosen, people)
    method = "cancellation" if kind is SightingKind.CANCEL else "invitation"
    evidence = [
        f"a calendar {method} ({first.method or 'no method'}, UID {first.uid or '-'}, "
        f"sequence {first.sequence}): {first.summary!r}",
        "no word of an interview: it may only be a version of an event already known"
        if known_only
        else f"{about[0]!r} in {about[1]}",
        recruiting,
    ]
    if len(chosen) > 1:
        evidence.append(f"{len(chosen)} events of one day")
    if company_why:
        evidence.append(company_why)
    moved = kind is SightingKind.INVITE and _says_moved(
        [message.subject, *_sentence_list(reading.text)]
    )
    if moved:
        evidence.append("the mail says it was moved")
    if kind is SightingKind.CANCEL and start is not None:
        # A scheduler moves an interview by cancelling its event ("Rescheduled: ... Previous
        # time: Thursday 11:00 (removed from your calendar) / New time: Friday 14:00"): the
        # words' new time is where it went, the cancelled event is the round that moved.
        move = _moved_in_words(reading, tz, start)
        if move is not None:
            return replace(
                move,
                uid=first.uid,
                sequence=max(e.sequence for e in chosen),
                company=company or move.company,
                role=role or move.role,
                format=fmt,
                interviewers=people or move.interviewers,
                domains=_domains(reading, chosen, people),
                evidence="; ".join(
                    [*evidence, f"the mail moves it to a time in words ({move.evidence})"]
                ),
                moved=True,
            )
    return Sighting(
        kind=kind,
        message_id=message.message_id,
        uid=first.uid,
        sequence=max(e.sequence for e in chosen),
        company=company,
        role=role,
        start=start,
        end=end,
        format=fmt,
        interviewers=people,
        domains=_domains(reading, chosen, people),
        thread=message.thread_root,
        evidence="; ".join(evidence),
        moved=moved,
        known_only=known_only,
    )


def _moved_in_words(reading: _Reading, tz: ZoneInfo, was: datetime) -> Sighting | None:
    """The move a cancelled event's mail states in words ("has been rescheduled ... New time:
    Friday, November 13, 2:00 PM ET"), to a time other than the event's, else None: a mail
    that only calls it off, or promises a new time ("we will send new times"), moves nothing."""
    said = [reading.message.subject, *_sentence_list(reading.text)]
    if not _says_moved(said):
        return None
    words = _from_words(reading, tz)
    if (
        words is None
        or words.kind is not SightingKind.INVITE
        or words.start is None
        or words.start == was
    ):
        return None
    return words


def _job_subject(subject: str) -> str:
    """Return the words by which a subject speaks of an interview or names a job ("Acme -
    Senior Backend Engineer", "Your application", "Interview with Acme"), or "" (also when
    words there make it something else: a webinar, a mock interview)."""
    form = _form(subject)
    if not form or _first(form, NOT_AN_INTERVIEW):
        return ""
    return (
        _first(form, INTERVIEW_WORDS)
        or _compound(form)
        or _first(form, APPLICATION_WORDS)
        or _role_word(form)
    )


def _about_in_earlier_mail(reading: _Reading, events: Sequence[Invite]) -> tuple[str, str] | None:
    """Return (the words, where) when an event whose summary names nothing ("30 Minute
    Meeting", "Chat") is organized by someone at a company (not a relay, not the user, not
    free mail) whose own earlier mail, or earlier mail of the same thread, spoke of an interview
    or named a job ("Acme - Senior Backend Engineer"), else None. A summary or subject with
    words that make it no interview (a webinar, a course) stays none."""
    if not reading.earlier:
        return None
    heads = [*(e.summary for e in events), reading.message.subject]
    if any(_first(_form(head), NOT_AN_INTERVIEW) for head in heads):
        return None
    organizers = {
        e.organizer.address.lower()
        for e in events
        if e.organizer is not None
        and e.organizer.domain
        and e.organizer.address.lower() not in reading.own
        and not _is_free_mail(e.organizer.domain)
        and not _at_own_employer(e.organizer.domain, reading)
        and _relay_of(e.organizer, reading.lexicon) is None
    }
    if not organizers:
        return None
    booked = reading.relay is not None and reading.relay.kind == "scheduler"
    for mail in reading.earlier:
        if mail.via == "sender" and mail.address not in organizers:
            continue
        if mail.via == "domain" and not (
            # A booking through a scheduler with someone at a company whose recruiter lately
            # asked to book the job's next step: "45 Minute Meeting with Sam Reyes".
            booked
            and reading.message.date - mail.date <= BOOKED_WITHIN
            and (
                _first(_form(mail.subject), STEP_WORDS)
                or _first(_form(mail.subject), INTERVIEW_WORDS)
            )
        ):
            continue
        word = _job_subject(mail.subject)
        if word:
            return f"{word} (earlier mail: {mail.subject!r})", f"earlier mail of the {mail.via}"
    # A meeting ("Final conversation", "Chat with Dana") of a company whose earlier mail was
    # filed under an interview the user tracks: a step of that hiring process.
    meeting = next((w for h in heads if (w := _first(_form(h), MEETING_WORDS))), "")
    owners = {owner_key(o.rpartition("@")[2]) for o in organizers}
    spelled = {domain_company_key(o.rpartition("@")[2]) for o in organizers}
    for mail in reading.earlier:
        if (
            meeting
            and mail.company
            and (
                owner_key(mail.address.rpartition("@")[2]) in owners
                # Mail of the company's scheduler or tracking system, filed under it: the
                # organizer's domain spells the company ("Quillfeather" at quillfeather.example).
                or company_key(mail.company) in spelled
            )
        ):
            return f"{meeting} (of {mail.company}, an interview tracked)", "earlier mail"
    return None


STEP_WORDS = _phrases(
    """
    next step | next steps | schedule | scheduling | book a time | booking | prochaine étape |
    prochaines étapes | planifier | nächster schritt | nächste schritte | terminvereinbarung |
    próximo paso | próximos pasos | agendar | próximo passo | próximos passos | prossimo passo
    | prossimi passi | volgende stap | volgende stappen | inplannen
    """
)
"""Words of a mail asking to book a step of the process."""

BOOKED_WITHIN = timedelta(days=30)
"""How long after a company's mail about a job a booking with one of its people is a step of it."""

REMINDERS = _phrases(
    """
    reminder | rappel | erinnerung | recordatorio | lembrete | promemoria | herinnering
    """
)
"""Words of a reminder of a meeting set already."""

LOOKING_FORWARD = REMINDERS + _phrases(
    """
    looking forward | look forward | see you | talk soon | speak soon | j ai hate | au plaisir |
    a bientot | freue mich | wir freuen uns | bis morgen | bis dann | tengo ganas | nos vemos |
    hasta manana | ate amanha | te espero | non vedo l ora | a domani | ci vediamo | ik kijk uit
    naar | we kijken uit naar | kijk ernaar uit | tot morgen | tot dan
    """
)
"""Words of a note that looks forward to a meeting or reminds of it: a meeting set already."""


def _step_of_a_tracked_process(reading: _Reading) -> tuple[str, str] | None:
    """Return (the words, where) when a mail speaks of a meeting ("a call with our GM", "um
    bate-papo com o nosso CTO") and earlier mail of the same person, company or thread was
    filed under an interview the user tracks: the next step of that hiring process. Words
    that make the subject something else (a webinar, a meetup), and a note that looks forward
    to a meeting or reminds of it, make it none."""
    if _first(reading.subject_form, NOT_AN_INTERVIEW):
        return None
    filed = next((m for m in reading.earlier if m.company), None)
    if filed is None:
        return None
    text = _without(reading.text_form, NOT_AN_INTERVIEW)
    meeting = _first(reading.subject_form, MEETING_WORDS) or _first(text, MEETING_WORDS)
    if not meeting or _first(reading.subject_form + text, LOOKING_FORWARD):
        return None  # a reminder, a "looking forward to our call tomorrow": no new step
    return (
        f"{meeting} (of {filed.company}, an interview tracked)",
        f"earlier mail of the {filed.via}",
    )


def _user_meets_for_a_job(reading: _Reading, events: Sequence[Invite]) -> tuple[str, str] | None:
    """Return (the words, where) when an event's summary names the user and a job title
    beside someone of a company who organizes it ("Alex Example / Dana Reyes - Senior
    Designer"), else None: how a hiring manager's own calendar writes an interview."""
    names: set[str] = set()
    for party in (*reading.message.to, *(a for e in events for a in e.attendees)):
        if party.address.lower() in reading.own and party.name:
            words = _name_words(party.name)
            if len(words) >= 2:
                names.add(" ".join(words))
    if not names:
        return None
    for event in events:
        organizer = event.organizer
        if (
            organizer is None
            or not organizer.domain
            or organizer.address.lower() in reading.own
            or _is_free_mail(organizer.domain)
            or _at_own_employer(organizer.domain, reading)
        ):
            continue
        form = _form(event.summary)
        if _first(form, NOT_AN_INTERVIEW):
            continue
        word = _role_word(form)
        if word and any(f" {name} " in form for name in names):
            return f"{word} (the user named in the summary)", "the summary"
    return None


INTRO_WORDS = _phrases(
    """
    intro | intro call | intro chat | introductory call | introduction call | introductory chat
    | kennismaking | kennismakingscall | kennenlernen | kennenlerncall | appel decouverte |
    appel de decouverte | llamada introductoria | chamada introdutoria | chiamata conoscitiva
    """
)
"""Words of an introductory call: the first call of a hiring process when a scheduler books
it with someone at the company its summary names."""


def _intro_booked(reading: _Reading, events: Sequence[Invite]) -> tuple[str, str] | None:
    """Return (the words, where) when a scheduler (Calendly, Cal.com) books an introductory
    call whose summary names the company of the person who hosts it ("Bluegum Robotics - Intro
    chat", "Intro call with Pinecrest Labs"), else None: a job seeker's intro call booked on
    a company's own page. A call with a person alone ("30 Minute Meeting") says no company."""
    if reading.relay is None or reading.relay.kind != "scheduler":
        return None
    for event in events:
        organizer = event.organizer
        if organizer is None or not organizer.domain or _is_free_mail(organizer.domain):
            continue
        if organizer.address.lower() in reading.own or _at_own_employer(organizer.domain, reading):
            continue
        form = _form(event.summary)
        word = _first(form, INTRO_WORDS)
        if word and _spelled(_registrable(organizer.domain), event.summary):
            return f"{word} (booked with the company it names)", "the summary"
    return None


MOVE_POLICY = _phrases(
    """
    to reschedule | need to reschedule | want to reschedule | can reschedule | may reschedule |
    reschedule or | or reschedule | reschedule here | reschedule link | pour reporter | pour
    déplacer | pour modifier | um den termin zu verschieben | termin verschieben oder | para
    reprogramar | para cambiar | para remarcar | para reagendar | per spostare | per
    riprogrammare | om te verzetten | om te verplaatsen | a l avance | in advance | im voraus |
    move you forward | moving you forward | move forward | moving forward | moved forward |
    move you to | moving you to | moved you to | moved you forward | moved to the next | moved
    on to | come anticipato | come le avevo anticipato | come ti avevo anticipato
    """
)
"""Words of a move offered or a policy ("Need to reschedule? Click here", "à l'avance"), or
of a candidate moving on ("we'd love to move you forward", "come anticipato"), not of a time
moved."""


def _says_moved(said: Sequence[str]) -> bool:
    """Whether a sentence says the interview was moved ("has been rescheduled", "est déplacé
    au jeudi"): not a question, a condition, a policy or a link to move it."""
    for sentence in said[:MAX_SENTENCES]:
        form = _form(sentence)
        if not _first(form, MOVE_WORDS):
            continue
        if "?" in sentence or "://" in sentence:
            continue
        if _first(form, CONDITIONAL) or _first(form, CANCEL_POLICY):
            continue
        if _first(form, MOVE_POLICY) and not _WE_MUST_MOVE.search(form):
            continue
        return True
    return False


_WE_MUST_MOVE = re.compile(
    r" (?:we|i)(?: ll| will| would| d| re going to| are going to| am going to| m going to)?"
    r"(?: \w+ly)? (?:need|needs|have|has|had) to (?:reschedule|move|postpone|push back) "
)
"""Who writes says they must move it ("we need to reschedule your interview", "I'll have to
move our call"): a move, not an offer to move ("Need to reschedule? Click here")."""


_ROLE_FIELD = re.compile(
    r"^[ \t]*(?P<field>candidate|applicant|invitee|kandidat|kandidatin|bewerber|bewerberin"
    r"|candidat|candidate|candidato|candidata|sollicitant|kandidaat|interviewer|interviewers"
    r"|intervieweur|intervieweuse|entrevistador|entrevistadora|intervistatore|intervistatrice)"
    r"[ \t]*[:：][ \t]*(?P<name>[^\n(,;]{2,60})",
    re.IGNORECASE | re.MULTILINE,
)
_INTERVIEWER_FIELDS = frozenset(
    {"interviewer", "interviewers", "intervieweur", "intervieweuse", "entrevistador"}
    | {"entrevistadora", "intervistatore", "intervistatrice"}
)


def _interviewer_field(text: str) -> str:
    """Return the field that names who interviews ("Interviewer: Owen Park"), or "": a
    scheduler's details name the interviewer of an interview whatever its title. Whether the
    name is the user's (the user interviews) is :func:`_someone_else_is_the_candidate`'s."""
    for hit in _ROLE_FIELD.finditer(text[:MAX_NAME_TEXT]):
        if fold(hit["field"]) in _INTERVIEWER_FIELDS and _name_words(hit["name"]):
            return f"{hit['field'].strip()}: {hit['name'].strip()}"
    return ""


INTERVIEWER_SIDE = _phrases(
    """
    you re interviewing | you are interviewing | you will be interviewing | interview a
    candidate | interviewing a candidate | interview kit | your scorecard | submit the scorecard
    | scorecard within | you are the interviewer | you re the interviewer | volunteering as an
    interviewer | vous êtes l intervieweur | vous êtes l intervieweuse | tu es l intervieweur |
    sie sind interviewer | sie sind interviewerin | du bist interviewer | du bist interviewerin |
    usted es el entrevistador | usted es la entrevistadora | eres el entrevistador | eres la
    entrevistadora | você é o entrevistador | você é a entrevistadora | lei è l intervistatore |
    sei l intervistatore | sei l intervistatrice | jij bent de interviewer | u bent de
    interviewer | het scoreformulier | scoreformulier | beoordelingsformulier |
    bewertungsbogen | ihre bewertung des kandidaten | grille d evaluation | fiche d evaluation
    | formulario de evaluacion | formulario de avaliacao | scheda di valutazione
    """
)
"""Words written to the one who interviews (an interview kit, a scorecard to fill in after
it): the user interviews someone else."""


def _interviewer_side(reading: _Reading, events: Sequence[Invite]) -> str:
    """Return the words that say the mail is written to an interviewer, or ""."""
    for text in (reading.message.subject, reading.text, *(e.description for e in events)):
        said = _first(_form(text[:MAX_NAME_TEXT]), INTERVIEWER_SIDE)
        if said:
            return said
    return ""


def _someone_else_is_the_candidate(reading: _Reading, events: Sequence[Invite]) -> bool:
    """Whether an event's details say the user interviews: someone else is the candidate
    ("Invitee: Elena Moretti (applicant)", "Kandidat: ...") or the user is the interviewer
    ("Interviewer: Alex Example"). The user's name is the one the mail gives the user's
    address in To or Cc, or an event gives the user as an attendee (a bare address in To)."""
    names = [
        p.name
        for p in (
            *reading.message.to,
            *reading.message.cc,
            *(a for e in events for a in e.attendees),
        )
        if p.address.lower() in reading.own
    ]
    user = {w for n in names for w in _name_words(n) if len(w) >= 3}
    if not user:
        return False  # without the user's name, nobody can be told from the user
    if _invited_someone_else(reading, events, user):
        return True
    for text in [*(e.description for e in events), reading.text]:
        for hit in _ROLE_FIELD.finditer(text[:MAX_NAME_TEXT]):
            words = set(_name_words(hit["name"]))
            if not words:
                continue
            is_user = bool(words & user)
            if fold(hit["field"]) in _INTERVIEWER_FIELDS:
                if is_user:
                    return True
            elif not is_user:
                return True
    return False


def _invited_someone_else(reading: _Reading, events: Sequence[Invite], user: set[str]) -> bool:
    """Whether the events invite another person, not the user: the user is no attendee, and
    an attendee from outside the organizer's company, whose name shares no word with the
    user's, is named in the event's summary ("Interview Acme – Jo Doe"): someone else's
    invitation, forwarded."""
    for event in events:
        if not event.attendees or event.organizer is None:
            continue
        if any(a.address.lower() in reading.own for a in event.attendees):
            return False
        home = event.organizer.domain.lower()
        summary = set(_name_words(event.summary))
        for attendee in event.attendees:
            words = {w for w in _name_words(attendee.name) if len(w) >= 3}
            if (
                len(words) >= 2
                and not words & user
                and words <= summary
                and not _same_owner(attendee.domain.lower(), home)
                and _relay_of(attendee, reading.lexicon) is None
            ):
                return True
    return False


def _zone_written(reading: _Reading, start: datetime, tz: ZoneInfo) -> tzinfo | None:
    """The zone the text, else the subject, writes the event's start in, or None: a calendar
    writes its subject in a zone of its own choosing ("@ Wed Dec 9, 3:30pm (IST)"), a person
    their text in the zone they mean ("10:00 GMT (3:30 PM IST)")."""
    reference = reading.message.date.astimezone(tz)
    writer = reading.message.date.tzinfo
    for said in (["", *_sentence_list(reading.text)], [reading.message.subject]):
        moments = times_in_text(said, reference, tz, writer)
        # A time restated for someone elsewhere ("that's 9 AM Pacific for Owen", "for India
        # Standard Time this is 9:00 PM") is not the zone the event is written in.
        for moment in moments:
            if moment.start == start and not moment.old:
                return moment.start.tzinfo
    return None


def _placed(moment: datetime | None, event: Invite, tz: ZoneInfo) -> datetime | None:
    """Return an event's time in the zone it was given in: a floating time read in ``tz``, a
    UTC time shown in ``tz``."""
    if moment is None:
        return None
    if event.floating:
        return moment.replace(tzinfo=tz)
    if moment.utcoffset() == timedelta(0) and _is_utc(moment.tzinfo):
        return moment.astimezone(tz)
    return moment


def _is_utc(zone: tzinfo | None) -> bool:
    if zone is None:
        return False
    key = getattr(zone, "key", None)
    return zone is UTC or key in ("UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z")


def _first_day(events: Sequence[Invite], tz: ZoneInfo) -> list[Invite]:
    """Return the events on the day of the earliest one (in its own zone), in time order."""
    placed = sorted(
        ((moment, e) for e in events for moment in [_placed(e.start, e, tz)] if moment),
        key=lambda pair: pair[0],
    )
    first = placed[0][0]
    day = first.date()
    return [
        e
        for moment, e in placed
        if moment is not None and moment.astimezone(first.tzinfo).date() == day
    ]


# -- people --------------------------------------------------------------------------------------


def _is_system(address: Address, lexicon: Lexicon, resources: Collection[str]) -> str:
    """Return why an address is no person who interviews (a relay, a shared calendar, a room),
    or ""."""
    bare = address.address.lower()
    if bare in resources:
        return "a room or resource"
    if any(bare.endswith("@" + d) or bare.endswith("." + d) for d in _SYSTEM_DOMAINS):
        return "a shared calendar"
    if _relay_of(address, lexicon) is not None:
        return "a relay"
    name_form = _form(address.name)
    if address.name and _first(name_form, _ROOM_WORDS) and not _looks_like_person(address.name):
        return "a room"
    name_words = _name_words(address.name)
    if set(name_words) & _CALENDAR_NAME_WORDS:
        return "a shared calendar"
    local_words = _name_words(bare.partition("@")[0])
    if name_words and set(name_words) <= SYSTEM_WORDS:
        return "a shared calendar"
    if name_words and name_words[-1] in SYSTEM_WORDS and len(name_words) <= 4:
        # "Acme Recruiting", "Globex Talent Team": a company's word and system words.
        tail = [w for w in name_words if w in SYSTEM_WORDS]
        if len(tail) >= 1 and not _looks_like_person(address.name):
            return "a shared calendar"
    if not name_words and local_words and set(local_words) <= SYSTEM_WORDS:
        return "a shared calendar"
    if local_words and set(local_words) & {"noreply", "donotreply", "calendar", "scheduling"}:
        return "a shared calendar"
    return ""


def _looks_like_person(name: str) -> bool:
    """Whether a display name reads as a person's ("Dana Reyes", "Reyes, Dana")."""
    words = _name_words(name)
    if not 1 <= len(words) <= 4:
        return False
    if set(words) & (SYSTEM_WORDS | _CALENDAR_NAME_WORDS):
        return False
    return not any(char.isdigit() for char in name)


def _interviewers(reading: _Reading, events: Sequence[Invite]) -> tuple[Person, ...]:
    """The people who interview, from the events' attendees and organizers.

    An attendee counts unless it is the user, a relay, a shared calendar, a room or resource,
    or invited for information only (``ROLE=OPT-PARTICIPANT`` or ``NON-PARTICIPANT``). The
    organizer counts when nobody else does, or when Outlook wrote the calendar (Outlook leaves
    the organizer out of the attendees: the organizer attends); an organizer listed among
    other people (as Google lists it), or one an applicant-tracking system writes for,
    arranged the interview for them."""
    lines = _sentence_lines(
        [*(e.description for e in events), reading.text],
        [*(e.summary for e in events), reading.message.subject],
    )
    joins = bool(_first(" ".join(_form(line) for line in lines), JOINING))
    meets = [line for line in lines if _first(_form(line), MEET_WORDS)]
    sender = reading.message.sender
    people: dict[str, Person] = {}
    for event in events:
        attendees = [a for a in event.attendees if _interviews(a, event, reading)]
        organizer = event.organizer
        listed = {a.address.lower() for a in event.attendees}
        if organizer is not None and _interviews(organizer, event, reading):
            bare = organizer.address.lower()
            others = [a for a in attendees if a.address.lower() != bare]
            writes = sender is not None and sender.address.lower() == bare
            # Or as the Reply-To of a calendar that sends for them ("Marcelo Antunes (Google
            # Agenda)" <calendar-notification@...>), in a line that names the others too:
            # "comigo e com a Patrícia".
            replies = any(r.address.lower() == bare for r in reading.message.reply_to)
            joins_them = replies and any(
                _first(_form(line), JOINING) and any(_is_named(a, [line]) for a in others)
                for line in lines
            )
            if not others:
                attendees = [organizer]
            elif (writes and joins) or joins_them or _is_named(organizer, meets):
                # The organizer writes that they join ("Mei and I will run this one", "met
                # Maarten en mij"), or the mail names them among those the candidate meets.
                attendees = [organizer, *others]
            elif any(_is_named(a, meets) for a in others):
                attendees = others  # the mail names whom the candidate meets, not them
            elif bare not in listed and _outlook(event):
                attendees = [organizer, *others]
            else:
                attendees = others
        for attendee in attendees:
            address = attendee.address.lower()
            if address not in people or (attendee.name and not people[address].name):
                people[address] = Person(_person_name(attendee.name), address)
    return tuple(people.values())


JOINING = _phrases(
    """
    and i | and me | and myself | me and | with me | it ll be me | und ich | und mir | mit mir |
    et moi | avec moi | moi et | y yo | y conmigo | conmigo | yo y | e eu | comigo | eu e | e io
    | e me | con me | io e | en ik | en mij | met mij | ik en
    """
)
"""Words of the writer joining the people named ("Mei and I will run this one")."""

MEET_WORDS = _phrases(
    """
    meet | meeting with | meet with | speak with | speaking with | talk with | talk to | chat with
    | interview with | with | rencontrer | rencontrerez | avec | treffen | kennenlernen |
    sprechen mit | mit | conocer | hablar con | con | conhecer | conversa com | com | incontrare
    | incontrerai | parlerà con | parlerai con | spreken met | spreekt met | met | kennismaken
    | join | joining | will join | participate | attend | participer | participeront |
    teilnehmen | teilnehmende | dabei sind | participar | participarán | vão participar |
    participam | partecipare | parteciperanno | deelnemen | schuiven aan | aanwezig |
    rencontrera | rencontreront | échangerez avec | échangera avec | vous entretiendrez avec |
    treffen sie | treffen dich | sprechen sie mit | sprichst du mit | conocerás | conocerá |
    conocerán | te reunirás con | se reunirá contigo | se reunirán contigo | hablarás con |
    conhecerá | conhecerão | vai conhecer | vai conversar com | conversará com | conversarão com
    | falará com | incontrerà | incontreranno | incontrerete | parleranno con | parlerà con lei
    | ontmoet | ontmoeten | maak je kennis met | maakt u kennis met | spreek je met | spreekt u
    met
    """
)
"""Words of whom the candidate meets ("you'll be meeting with", "souhaitent vous rencontrer",
"conversa com a Camila"): a line with them that names attendees says who interviews."""

INTERVIEWER_WORDS = _phrases(
    """
    interviewer | interviewers | interviewed by | your interviewer | your interviewers |
    interlocuteur | interlocutrice | interlocuteurs | gesprächspartner | gesprächspartnerin |
    gesprächspartner innen | entrevistador | entrevistadora | entrevistadores | intervistatore |
    intervistatrice | intervistatori | gespreksvoerder | gesprekspartner | gesprekspartners
    """
)
"""Words of a line that says who interviews ("Interviewer: Hannah Price (hannah@...)",
"Gesprächspartnerin: Petra Lange")."""

_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


_FIELD_LINE = re.compile(r"^[ \t]*[^\W\d_][\w'’ \t]{0,25}:(?=\s)", re.MULTILINE)


_CLOSINGS = frozenset(
    {"cheers", "best", "regards", "thanks", "thank", "cordialement", "amities", "bises"}
    | {"grusse", "gruss", "gruß", "grüße", "saludos", "abrazos", "abracos", "atenciosamente"}
    | {"saluti", "cordiali", "groet", "groeten", "groetjes", "merci", "danke", "gracias"}
    | {"obrigado", "obrigada", "grazie", "bedankt"}
)
"""Words that open a sign-off ("Cheers, Hamish", "Viele Grüße"): what follows is no sentence."""


def _sentence_lines(texts: Sequence[str], heads: Sequence[str] = ()) -> list[str]:
    """The ``heads`` (a subject, summaries: "persönliches Gespräch mit Herrn Claußen"), then
    the sentences of texts of five words or more (the last of each text without a sign-off
    at its end: "... in Milan. Cheers, Hamish")."""
    lines = [" ".join(_NAME_WORD.findall(head)) for head in heads if head.strip()]
    for text in texts:
        # "Where: ...", "Con: Luca Marchetti": each field of a list of details stands apart.
        said = _sentence_list(_FIELD_LINE.sub(r"\n\g<0>", text[:MAX_NAME_TEXT]))
        for index, sentence in enumerate(said):
            words = _NAME_WORD.findall(sentence)
            if index == len(said) - 1:
                closing = [i for i, w in enumerate(words) if fold(w) in _CLOSINGS]
                if closing and closing[-1] >= len(words) - 4:
                    words = words[: closing[-1]]
            if len(words) >= 5:
                lines.append(" ".join(words))
    return lines


def _is_named(party: Address, lines: Sequence[str]) -> bool:
    """Whether one of ``lines`` names a party: a word of its name (or of its address's local
    part, "maarten.bakker") capitalized as a name, or its address."""
    words = {w for w in _name_words(_person_name(party.name)) if len(w) >= 3}
    if not words:
        parts = [w for w in re.split(r"[._-]", party.address.partition("@")[0]) if w.isalpha()]
        if len(parts) >= 2:
            words = {fold(w) for w in parts if len(w) >= 3}
    words -= SYSTEM_WORDS | _CALENDAR_NAME_WORDS
    if not words:
        return False
    for line in lines:
        for token in _NAME_WORD.findall(line):
            if token[:1].isupper() and fold(token) in words:
                return True
    return False


def _outlook(event: Invite) -> bool:
    """Whether Outlook or Exchange wrote the event's calendar (its PRODID says so)."""
    product = event.product.lower()
    return "microsoft" in product or "outlook" in product or "exchange" in product


def _interviews(party: Address, event: Invite, reading: _Reading) -> bool:
    """Whether a party of an event may interview: not the user, not a room or resource, not
    invited for information only, not a relay or a shared calendar."""
    bare = party.address.lower()
    return (
        bool(bare)
        and bare not in reading.own
        and bare not in event.resources
        and bare not in event.optional
        and not _is_system(party, reading.lexicon, event.resources)
    )


def _person_name(name: str) -> str:
    """Return a display name as a person's name: "Reyes, Dana" -> "Dana Reyes"."""
    name = name.strip().strip("\"'")
    last, comma, first = name.partition(",")
    if comma and first.strip() and " " not in last.strip() and " " not in first.strip():
        return f"{first.strip()} {last.strip()}"
    return name


def _domains(
    reading: _Reading, events: Sequence[Invite], people: Sequence[Person]
) -> tuple[str, ...]:
    """The company's own domains: the interviewers', the organizers' and the sender's (in this
    order: a recruiting agency writes for the company whose people interview), without
    relays, free mail, shared calendars or the user's own."""
    found: dict[str, None] = {}
    candidates = [p.address for p in people]
    candidates += [e.organizer.address for e in events if e.organizer is not None]
    sender = reading.message.sender
    if (
        sender is not None
        and reading.relay is None
        and not (candidates and _is_system(sender, reading.lexicon, ()))
    ):
        # A calendar's notifier ("Carla Mendes (Google Agenda)
        # <calendar-notification@google.com>") writes for the organizer: its domain is the
        # calendar's, not the company's.
        candidates.append(sender.address)
    if reading.relay is not None:
        # A relay's mail names the company's own people in Reply-To.
        candidates += [p.address for p in reading.message.reply_to]
    for address in candidates:
        domain = address.rpartition("@")[2].lower()
        if (
            not domain
            or address.lower() in reading.own
            or _is_free_mail(domain)
            or ats_relay(domain, reading.lexicon) is not None
            or any(domain.endswith(d) for d in _SYSTEM_DOMAINS)
        ):
            continue
        found[domain] = None
    return tuple(found)  # the interviewers' first: the company they work for


# -- the company and the role --------------------------------------------------------------------

_NAME_PIECE = r"(?-i:[A-Z0-9])[\w&.'’+-]*"
_COMPANY_NAME = rf"{_NAME_PIECE}(?:[ \t]+(?:&[ \t]+)?{_NAME_PIECE}){{0,3}}"
_WITH = r"with|at|avec|chez|mit|bei|con|com|en|na|no|presso|da|met|bij|@|for|pour|für|para|per|voor"
_AFTER_WORD = re.compile(
    r"(?:interview|interviews|entretien|entrevue|vorstellungsgespr[aä]ch|bewerbungsgespr[aä]ch"
    r"|gespr[aä]ch|entrevista|colloquio|sollicitatiegesprek|gesprek|kennismakingsgesprek"
    r"|call|chat|screen|screening|meeting|onsite|rendez-vous|termin|reuni[oó]n|reuni[aã]o"
    r"|incontro|afspraak)"
    rf"\s+(?:{_WITH})\s+(?:the\s+team\s+(?:at|of)\s+|l[’']?équipe\s+(?:de\s+)?|)"
    rf"(?P<name>{_COMPANY_NAME})",
    re.IGNORECASE,
)
_BEFORE_WORD = re.compile(
    rf"(?:^|[:|\-–—(]\s*)(?P<name>{_COMPANY_NAME})\s+(?:interview|onsite|on-site|phone screen"
    r"|technical interview|final round|virtual onsite|entretien|vorstellungsgespr[aä]ch"
    r"|entrevista|colloquio|sollicitatiegesprek|screen|loop)\b",
    re.IGNORECASE,
)
_LEADING_NAME = re.compile(rf"^\s*(?P<name>{_COMPANY_NAME})\s*(?:[-–—|:/]|<>|x\s)")
_ROLE_AT = re.compile(
    rf"\b(?:at|chez|bei|en|na|presso|bij|@)\s+(?P<name>{_COMPANY_NAME})\s*(?:$|[-–—|:,(.!])"
)
_NOT_COMPANY = frozenset(
    {"your", "our", "the", "a", "an", "you", "we", "us", "interview", "interviews", "invitation"}
    | {"updated", "new", "event", "reminder", "confirmed", "confirmation", "re", "fwd", "fw"}
    | {"tr", "wg", "rv", "i", "me", "my", "this", "next", "today", "tomorrow", "call", "phone"}
    | {"video", "onsite", "entretien", "entrevista", "colloquio", "round", "first", "second"}
    | {"third", "final", "technical", "virtual", "hiring", "manager", "team", "le", "la", "les"}
    | {"der", "die", "das", "el", "los", "o", "os", "il", "lo", "de", "het", "een", "ihr", "uw"}
    | {"votre", "notre", "su", "seu", "sua", "tuo", "vostro", "invitation", "einladung"}
    | {"invitacion", "convite", "invito", "uitnodiging", "zoom", "teams", "google", "meet"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "us"}
)

_RELAY_NAME_TAIL = re.compile(
    r"\s*(?:\bvia\b.*|@\s*\S+.*|\bthrough\b.*|\(.*\)|[-–—|,].*)$", re.IGNORECASE | re.DOTALL
)


def _clean_company(name: str) -> str:
    """Return a company's name without system words around it: "Acme Recruiting Team" ->
    "Acme", "The Acme Talent Team" -> "Acme"."""
    name = _RELAY_NAME_TAIL.sub("", name).strip(" \t\"'.,:;!")
    words = name.split()
    while words and fold(words[-1]).strip(".,") in SYSTEM_WORDS | {"the", "de", "van", "bei"}:
        words.pop()
    while words and fold(words[0]) in _LEADING_NOT_NAME:
        words.pop(0)
    return " ".join(words).strip(" -–—|:,.")


_LEADING_NOT_NAME = frozenset(
    {"the", "team", "l'equipe", "das", "het", "el", "la", "your", "our", "votre", "notre"}
    | {"ihr", "ihre", "dein", "deine", "unser", "unsere", "tu", "su", "sua", "seu", "tuo"}
    | {"tua", "je", "uw", "jouw", "ons", "onze"}
)
"""Words before a company's name that are none of it ("Your Acme interview", "Ihr
Corvina-Gespräch")."""

_DURATION_WORDS = frozenset({"minute", "minutes", "min", "mins", "hour", "hours", "minuten"})


def _plausible_company(name: str, people: Sequence[Person], reading: _Reading) -> bool:
    words = _name_words(name)
    if not words or words[0] in _NOT_COMPANY or all(w in _NOT_COMPANY for w in words):
        return False
    if words[0].isdigit() or set(words) & _DURATION_WORDS:
        return False
    folded = " ".join(words)
    message = reading.message
    named = [*people, *(Person(p.name, p.address) for p in (*message.reply_to, *message.cc))]
    for person in named:
        person_words = _name_words(person.name)
        if person_words and (folded == " ".join(person_words) or words[0] == person_words[0]):
            return False
    for own in reading.own:
        local = _name_words(own.partition("@")[0])
        if local and words[0] in local:
            return False
    recipients = reading.message.to + reading.message.cc
    for party in recipients:
        if party.address.lower() in reading.own and party.name:
            user_words = _name_words(party.name)
            if words[0] in user_words:
                return False
    return True


def _company(
    reading: _Reading, events: Sequence[Invite], people: Sequence[Person]
) -> tuple[str, str]:
    """Return the company's name and why, or ("", "").

    Best is a name written in the mail that spells the label of the company's own domain
    ("Northwind Analytics" for northwind.example, "Ipê Pagamentos" for ipepagamentos.example),
    with the words that follow it in a name ("Labs", "GmbH"); then the company a relay or a
    shared calendar names ("Acme Candidate Calendar"); then the domain's label itself; then a
    name the summary or the subject states ("Interview with Acme")."""
    message = reading.message
    domains = _domains(reading, events, people)
    parties = [p for p in (message.sender, *message.reply_to, *(e.organizer for e in events)) if p]
    texts = [
        *(e.summary for e in events),
        message.subject,
        *(p.name for p in parties),
        *(e.description for e in events),
        reading.text,
        message.text,  # with its signature: "Kayla Brooks | Recruiter | Orbitline"
    ]
    spelling = _spelling(domains, texts)
    if spelling:
        return spelling[0], f"{spelling[0]!r} spells the domain {spelling[1]}"
    # Earlier mail of the same person, company or thread may spell it where this one does not
    # (a scheduler's mail names the person, the recruiter's own mail the company).
    spelling = _spelling(domains, [t for m in reading.earlier for t in (m.company, m.subject) if t])
    if spelling:
        return spelling[0], f"{spelling[0]!r} spells the domain {spelling[1]} in earlier mail"
    named: list[tuple[str, str]] = []
    relay, relay_party = reading.relay, reading.relay_party
    if relay is None:
        for event in events:
            found = _relay_of(event.organizer, reading.lexicon)
            if found is not None:
                relay, relay_party = found, event.organizer
                break
    if relay is not None and relay_party is not None:
        name = _relay_company(relay_party, relay)
        if (
            name
            and _plausible_company(name, people, reading)
            and not _signs(relay_party.name, message.text)
        ):
            named.append((name, f"{relay.name} names {name}"))
    for party in parties:
        if (
            party.name
            and _relay_of(party, reading.lexicon) is None
            and _is_system(party, reading.lexicon, ())
            # A calendar's notifier names the organizer ("Carla Mendes (Google Agenda)").
            and (not domains or party.domain.lower() in domains)
        ):
            name = _clean_company(party.name)
            if name and _plausible_company(name, people, reading):
                named.append((name, f"the shared mailbox {party.name!r}"))
    if named:
        return named[0]
    if domains and _AGENCY_LABEL.search(_registrable(domains[0]).partition(".")[0]):
        # A recruiting agency's own domain ("brightpath-recruiting", "oranjetalent") writes
        # for its client: the company the subject or summary names is the one interviewing.
        for text in [*(e.summary for e in events), message.subject]:
            for name in _names_in(text):
                if not _AGENCY_LABEL.search(fold(name)) and _plausible_company(
                    name, people, reading
                ):
                    return name, f"{text!r} names {name} (the agency {domains[0]} writes)"
    if domains:
        return _label_name(_registrable(domains[0])), f"the domain {domains[0]}"
    for text in [*(e.summary for e in events), message.subject]:
        for name in _names_in(text):
            if _plausible_company(name, people, reading):
                return name, f"{text!r} names {name}"
    for name in _names_in_body(reading.text):
        if _plausible_company(name, people, reading):
            return name, f"the text names {name}"
    return "", ""


_AGENCY_LABEL = re.compile(
    r"recruit|talent|staffing|headhunt|personnel|executive-?search|werving|recrut|reclut"
    r"|selezione|personalberatung|personaldienst"
)
"""What a recruiting agency's domain label says it is ("brightpath-recruiting",
"nordtalent", "recrutement-plus", "werving-en-selectie")."""


def _signs(name: str, text: str) -> bool:
    """Whether a person's name signs the text: alone on a line after a sign-off ("Speak
    soon,", "Best regards", "Viele Grüße") or above the writer's title ("Talent
    Acquisition, Acme", "Recruiter"). A relay that writes in the recruiter's name
    ("Tom Ashcroft <no-reply@hire.lever.co>") names no company."""
    name = " ".join(name.split())
    if len(name.split()) < 2 or not _looks_like_person(name):
        return False
    lines = ["", *(line.strip() for line in text[:MAX_NAME_TEXT].splitlines() if line.strip())]
    for index in range(1, len(lines)):
        if " ".join(lines[index].split()) != name:
            continue
        before = lines[index - 1]
        words = before.split()
        if before.endswith(",") or (words and fold(words[0].strip(",!.")) in _CLOSINGS):
            return True
        after = set(_name_words(lines[index + 1])) if index + 1 < len(lines) else set()
        if after & RECRUITING_WORDS or any(_is_role_word(w) for w in after):
            return True  # the writer's title under the name: "Talent Acquisition, Acme"
    return False


_TOKEN = re.compile(r"[^\W_](?:[\w&'’·]|[.-](?=[^\W_]))*")
_NOT_IN_NAME = (
    TITLE_WORDS
    | SYSTEM_WORDS
    | frozenset(_MONTHS)
    | frozenset(_WEEKDAYS)
    | {"interview", "interviews", "onsite", "virtual", "technical", "final", "round", "phone"}
    | {"screen", "call", "intro", "entretien", "entrevista", "colloquio", "gesprek", "gesprach"}
    | {"design", "coding", "case", "study", "confirmation", "confirmed", "invitation", "update"}
    | {"the", "and", "und", "et", "y", "e", "en", "of", "de", "van", "for", "at", "with", "x"}
    | {"hq", "headquarters", "office", "offices", "campus", "building", "tower", "siege", "sede"}
    | {"zentrale", "hauptsitz", "kantoor", "hoofdkantoor", "bureaux", "oficinas", "escritorio"}
)
"""Words that end a company's name written in mail ("Acme Onsite", "Acme Data Engineer")."""


_FIELD_WORDS = frozenset({"software", "data", "product"})
"""Words of a field that end a company's name as often as they begin a job's title."""


def _spelling(domains: Sequence[str], texts: Sequence[str]) -> tuple[str, str] | None:
    """Return the longest name in ``texts`` that spells one of ``domains`` (the first domain
    that has one), with that domain, or None."""
    for domain in domains:
        label = _registrable(domain).replace("-", "")
        spelled = [name for text in texts for name in _spelled(label, text)]
        if spelled:
            return max(spelled, key=lambda name: len(name.split())), domain
    return None


def _spelled(label: str, text: str) -> list[str]:
    """Return the names in ``text`` whose words, glued together, spell ``label`` (a domain's
    registrable label without hyphens), each with up to two capitalised words after it that
    are no role, system, date or interview words ("Brightwave Labs", "Brandt Logistik GmbH")."""
    tokens = list(_TOKEN.finditer(text[:MAX_NAME_TEXT]))
    found: list[str] = []
    for index, token in enumerate(tokens):
        word = token.group()
        if not (word[:1].isupper() or word[:1].isdigit()):
            continue
        glued = ""
        for last in range(index, min(index + 4, len(tokens))):
            word = "".join(_name_words(tokens[last].group()))
            if last > index and not _joined(text, tokens[last - 1], tokens[last]):
                # "Harbor & Vine" for harborandvine.example, "Dijkstra & Vos" for dijkstravos
                gap = text[tokens[last - 1].end() : tokens[last].start()]
                if gap.strip() != "&" or len(gap) > 3:
                    break
                if label.startswith(glued + "and"):
                    glued += "and"
                elif not label.startswith(glued + word[:1]):
                    break
            # A label may shorten the last word: "kestrelpay" for "Kestrel Payments", or
            # abbreviate it after a word of its own: "kranichmb" for "Kranich Maschinenbau"
            # (the letters of "mb" in that order, the first one its initial).
            rest = label[len(glued) :] if label.startswith(glued) else ""
            shortened = (
                last > index
                and tokens[last].group()[:1].isupper()
                and fold(tokens[last].group()) not in _NOT_IN_NAME
                and (
                    (len(rest) >= 3 and word.startswith(rest))
                    or (
                        len(glued) >= 4
                        and 2 <= len(rest) <= 3
                        and len(word) >= 6
                        and _abbreviates(rest, word)
                    )
                )
            )
            glued += word
            if glued == label or shortened:
                end = last
                while end + 1 < len(tokens) and end - last < 2:
                    following = tokens[end + 1].group()
                    # A word before a legal form is the name's ("Isarwerk Software GmbH").
                    formed = (
                        end + 2 < len(tokens)
                        and _joined(text, tokens[end + 1], tokens[end + 2], wrapped=False)
                        and _legal_form(tokens[end + 2].group())
                    )
                    # A word of a field ending the name before a separator is the name's
                    # ("Solano Software - Desarrolladora Backend"), not a job's first word.
                    closing = fold(following) in _FIELD_WORDS and (
                        end + 2 >= len(tokens)
                        or not _joined(text, tokens[end + 1], tokens[end + 2], wrapped=False)
                    )
                    if (
                        not _joined(text, tokens[end], tokens[end + 1], wrapped=False)
                        or not following[:1].isupper()
                        or (fold(following) in _NOT_IN_NAME and not formed and not closing)
                        or _legal_form(following)
                    ):
                        break
                    end += 1
                begin = index
                if index > 0 and _leads_name(text, tokens[index - 1], token):
                    begin = index - 1  # "Fratelli Bontempi" for bontempi.example
                found.append(text[tokens[begin].start() : tokens[end].end()])
                break
            if not label.startswith(glued):
                break
    return found


def _abbreviates(short: str, word: str) -> bool:
    """Whether ``short`` is made of letters of ``word`` in order, beginning with its first
    ("mb" of "maschinenbau", "tx" of "textil")."""
    if not short or not word.startswith(short[0]):
        return False
    at = 1
    for letter in short[1:]:
        at = word.find(letter, at) + 1
        if at == 0:
            return False
    return True


MAX_NAME_TEXT = 20_000
"""Characters of a text searched for the company's name."""


def _joined(
    text: str, before: re.Match[str], after: re.Match[str], *, wrapped: bool = True
) -> bool:
    """Whether two words follow each other within a name: only a space (or, if ``wrapped``,
    a line break of wrapped text) between them."""
    gap = text[before.end() : after.start()]
    return 0 < len(gap) <= 2 and gap.isspace() and gap.count("\n") <= (1 if wrapped else 0)


LEGAL_FORMS = frozenset(
    {"inc", "corp", "llc", "llp", "plc", "ltd", "gmbh", "mbh", "ag", "kg", "ug", "se", "sa"}
    | {"sas", "sarl", "srl", "sl", "spa", "bv", "nv", "oy", "ab", "pty", "pte", "pvt", "kk"}
    | {"lda", "ltda", "sau", "slu", "eirl", "scs", "snc", "sasu", "vof", "cv"}
)
"""Legal forms a company's name is written with and named without ("Ortica Software S.r.l.",
"Kranich Logistik GmbH"), as their letters."""


def _legal_form(word: str) -> bool:
    return fold(word).replace(".", "") in LEGAL_FORMS


_NAME_LEADS_NOT = frozenset(
    {"hi", "hello", "dear", "hey", "hallo", "bonjour", "hola", "ola", "ciao", "hoi", "beste"}
    | {"gentile", "caro", "cara", "estimado", "estimada", "prezado", "prezada", "liebe"}
    | {"lieber", "welcome", "join", "team", "thanks", "grazie", "merci", "danke", "obrigado"}
)


def _leads_name(text: str, before: re.Match[str], word: re.Match[str]) -> bool:
    """Whether the capitalized word before a company's name belongs to it ("Fratelli" in
    "Colloquio Fratelli Bontempi"): joined to it on one line, not an interview, title, date,
    system or greeting word, and not the first word of a sentence or a line."""
    lead = before.group()
    if not lead[:1].isupper() or not _joined(text, before, word, wrapped=False):
        return False
    folded = fold(lead)
    if folded in _NOT_IN_NAME or folded in _NAME_LEADS_NOT or _legal_form(lead):
        return False
    ahead = text[: before.start()].rstrip(" \t")
    return bool(ahead) and ahead[-1] not in ".!?:;\n\"'(<[-–—|,"


def _label_name(label: str) -> str:
    return " ".join(part[:1].upper() + part[1:] for part in label.split("-") if part)


def _relay_company(party: Address, relay: AtsSender) -> str:
    """Return the company a relay names in the sender's display name, local part or
    subdomain (where ``relay.company_in`` says it does), as written there: the display name
    when it spells the same name as the address ("Acme Corp @ icims" beside "acme+autoreply@"),
    else the first place that names one."""
    found: list[tuple[str, str]] = []
    for place in relay.company_in:
        if place == "display_name" and party.name:
            name = _clean_company(party.name)
            relay_words = set(_name_words(relay.name))
            if name and not set(_name_words(name)) <= relay_words | SYSTEM_WORDS:
                found.append((place, name))
        elif place == "local_part":
            local = re.split(r"[+]", party.address.partition("@")[0])[0]
            words = [w for w in re.split(r"[._-]", local) if w and fold(w) not in SYSTEM_WORDS]
            if words and fold(words[0]) not in {"no", "noreply", "donotreply", "autoreply"}:
                found.append((place, " ".join(w[:1].upper() + w[1:] for w in words)))
        elif place == "subdomain":
            labels = party.domain.split(".")
            relay_labels = next(
                (d.split(".") for d in relay.domains if party.domain.endswith(d)), []
            )
            extra = labels[: len(labels) - len(relay_labels)]
            if extra:
                found.append((place, _label_name(extra[-1])))
    display = next((name for place, name in found if place == "display_name"), "")
    for place, name in found:
        glued = "".join(_name_words(name))
        if place != "display_name" and display and "".join(_name_words(display)).startswith(glued):
            return display
    return found[0][1] if found else ""


def _names_in(text: str) -> list[str]:
    """Company names a summary or subject states: "Interview with Acme", "Acme onsite - ...",
    "Entretien avec Acme", "Data Engineer at Acme"."""
    text = re.sub(r"^\s*(?:(?:re|fwd?|tr|wg|aw|rv)\s*:\s*)+", "", text, flags=re.IGNORECASE)
    text = re.sub(
        r"^\s*(?:updated\s+)?(?:invitation|invite|einladung|invitaci[oó]n|convite|invito"
        r"|uitnodiging|reminder|rappel|erinnerung|recordatorio|lembrete|promemoria|herinnering"
        r"|new event|nouvel [ée]v[ée]nement|confirmed|confirmation|canceled|cancelled"
        r"|canceled event|cancelled event|annul[ée]+)\s*:\s*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    found: list[str] = []
    for pattern in (_AFTER_WORD, _BEFORE_WORD, _ROLE_AT, _LEADING_NAME):
        for hit in pattern.finditer(text):
            name = _clean_company(_trim_name(hit.group("name")))
            if name:
                found.append(name)
    return found


_BODY_NAME = re.compile(
    rf"\b(?:at|with|chez|avec|bei|mit|en|con|na|com|presso|con|bij|met)\s+(?P<name>{_COMPANY_NAME})"
)


def _names_in_body(text: str) -> list[str]:
    return [_clean_company(_trim_name(h.group("name"))) for h in _BODY_NAME.finditer(text[:2000])]


_NAME_STOP = re.compile(
    r"\s+(?:for|pour|für|para|per|voor|on|le|am|el|il|op|at|à|um|a|às|alle|om|–|-|\||x)\s.*$",
    re.IGNORECASE,
)


def _trim_name(name: str) -> str:
    name = _NAME_STOP.sub("", name + " ").strip()
    words = name.split()
    kept: list[str] = []
    for word in words:
        if fold(word).strip(".,:;") in _NOT_COMPANY and kept:
            break
        kept.append(word)
    return " ".join(kept).rstrip(".,:;!?")


_TITLE = (
    r"[«“\"‘']?\s*(?P<role>(?-i:[A-Z])(?:[^\n.,;:!?()|–—«»“”\"]|:(?=in(?:nen)?\b)|\n(?!\s*\n))"
    r"{1,80}"
    r"(?:\((?:[a-z]\s*/\s*){1,3}[a-z]\)(?:[ \t]+(?-i:[A-Z])[\w-]*){0,2})?)"
)
"""A job title: from a capital (after an opening quote: « Chargée d'affaires »), on one line
or wrapped onto the next; German gender endings stay ("Entwickler:in")."""

_QUALIFIER = re.compile(
    r",[ \t]+(?P<q>(?-i:[A-Z])[\w&'’-]*(?:[ \t]+(?-i:[A-Z])[\w&'’-]*){0,2})"
    r"(?=[ \t]*(?:$|[\n.;:!?()|–—,]|[ \t]-[ \t])|[ \t]+(?:at|with|role|position|opening|team|for"
    r"|in|on|is|was|and|bei|chez|à|en|na|no|presso|bij|met|mit|avec|con|com)\b)"
)
"""The team or area a job title names after a comma ("Staff Software Engineer, Payments at
Northwind", "Senior Product Manager, Growth role"): capitalised words, then the end of the
title."""

_NOT_QUALIFIER = frozenset(
    {"remote", "hybrid", "onsite", "full", "part", "time", "fulltime", "parttime", "inc", "ltd"}
    | {"llc", "gmbh", "ag", "sa", "bv", "srl", "sl", "spa", "the", "our", "your", "we", "you", "i"}
    | {"interview", "interviews", "please", "thanks", "thank", "hi", "hello", "dear", "best"}
)
"""Capitalised words after a title's comma that are no part of it (a place of work, a legal
form, the start of a sentence)."""
_ROLE_CUES = (
    re.compile(
        r"\b(?:poste|position|posici[oó]n|puesto|vaga|posi[cç][aã]o|posizione|ruolo|functie"
        r"|vacature|rol|stelle|cargo|role|job|title|offre|annonce|oferta|vacante|annuncio"
        r"|stellenanzeige|bewerbung|sollicitatie)\s*(?:de|di|d'|als|van|of)?\s*:?\s*" + _TITLE,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:interview|screen|entretien|entrevista|colloquio|gespr[aä]ch|gesprek|interviews"
        r"|onsite|on-site|loop|round|call|chat|panel|appel|[eé]change|llamada|chamada|conversa"
        r"|chiamata|telefonat)"
        r"\s+(?:for|pour|para|per|f[uü]r|voor)\s+(?:the\s+|le\s+|la\s+|die\s+|de\s+)?" + _TITLE,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:for|about|in|to)\s+(?:the|our|this|your)\s+(?:open\s+|new\s+)?"
        + _TITLE
        + r"(?:,[ \t]+(?-i:[A-Z])[\w&'’-]*"
        r"(?:[ \t]+(?-i:[A-Z])[\w&'’-]*){0,2})?\s+(?:role|position|opening|job)\b",
        re.IGNORECASE,
    ),
)
"""Where mail states the job: "the Senior Data Analyst role", "Position: Analytics Engineer",
"pour le poste de ...", "für die Position ...", "la vaga de ...", "de functie ..."."""

_TITLE_STOP = frozenset(
    {"at", "bei", "chez", "en", "na", "no", "presso", "bij", "with", "mit", "avec", "con", "com"}
    | {"met", "is", "ist", "est", "es", "foi", "fue", "e", "wurde", "werd", "role", "position"}
    | {"job", "opening", "in", "im", "for", "pour", "para", "per", "voor", "a", "al", "am"}
    | {"um", "on", "le", "il", "el", "op", "from", "and", "und", "et", "y", "we", "you", "i"}
    | {"interview", "entretien", "entrevista", "colloquio", "gesprek", "gesprach", "round"}
    | {"final", "ronde", "etapa", "that", "which", "who", "this", "des", "du", "della"}
    | {"between", "entre", "zwischen", "tussen", "tra", "fra"}
    | {"esta", "queda", "fica", "sera", "sara", "wordt", "blijft", "bleibt", "reste", "resta"}
    | {"has", "have", "hat", "ha", "will", "wird", "va", "vai", "sono", "are", "sind"}
)
"""Words that end a job title in running text ("... Engineer at Acme", "... Dados na Ipê")."""


def _role(reading: _Reading, events: Sequence[Invite], company: str) -> str:
    """Return the job title the mail states, or "": first where a cue names it (in the
    summaries, the subject, the descriptions, then the text), then a part of a summary or the
    subject made of a title ("Acme onsite - Data Engineer")."""
    summaries = [e.summary for e in events]
    texts = [*summaries, reading.message.subject, *(e.description for e in events), reading.text]
    company_words = set(_name_words(company))
    lead = next(iter(_name_words(company)), "")
    message = reading.message
    parties = [
        *message.to,
        *message.cc,
        *((message.sender,) if message.sender is not None else ()),
        *(p for e in events for p in (e.organizer, *e.attendees) if p is not None),
    ]
    names = {w for p in parties for w in _name_words(p.name)}
    for text in texts:
        hits = [hit for cue in _ROLE_CUES for hit in cue.finditer(text[:MAX_NAME_TEXT])]
        for hit in sorted(hits, key=lambda h: h.start("role")):
            role = _title(hit.group("role"), company_words, lead)
            if role:
                if hit.group("role").rstrip().endswith(role):
                    role += _qualifier(text, hit.end("role"), company_words, names)
                return role
    heads = [*summaries, reading.message.subject]
    # A description's first line may be a title line ("Senior Data Analyst - final round"); a
    # sentence there names the interviewers' titles as often as the job.
    firsts = [e.description.strip().partition("\n")[0] for e in events]
    heads += [line for line in firsts if len(line) <= 80]
    for text in heads:
        for piece in _pieces(text):
            role = _role_in(piece, company_words, lead)
            if role:
                at = text.find(piece)
                if at >= 0 and piece.rstrip().endswith(role):
                    role += _qualifier(text, at + len(piece.rstrip()), company_words, names)
                return role
    # The job the same person, or the same thread, named earlier ("Acme - Data Engineer").
    for mail in reading.earlier:
        if mail.via == "domain" or not _job_subject(mail.subject):
            continue
        for piece in _pieces(mail.subject):
            role = _role_in(piece, company_words, lead)
            if role:
                return role
    return ""


_BRACKETED = re.compile(r"[ \t]*\((?P<q>(?-i:[A-Z])[\w&'’.-]*(?:[ \t]+[\w&'’.-]+){0,3})\)")
"""The team, area or stack a job title names in brackets ("Backend Engineer (Payments)",
"Backend-Entwickler:in (Go)", "Operations Analyst (EMEA)")."""

_NOT_BRACKETED = frozenset(
    {"remote", "hybrid", "onsite", "video", "phone", "call", "zoom", "teams", "meet", "r", "req"}
    | {"ref", "id", "job", "virtual", "fulltime", "parttime", "full", "part", "time", "contract"}
    | {"temporary", "permanent", "freelance", "intern", "internship", "cet", "cest", "utc", "gmt"}
    | {"et", "pt", "ct", "est", "pst", "edt", "pdt", "ist", "mez", "mesz", "min", "minutes"}
)
"""Words in brackets after a title that say no part of the job (how or when one meets, a
contract, a requisition number)."""


def _named_person(text: str) -> bool:
    """Whether words in brackets read as a person's name: two or three words, each a capital
    then small letters ("Priya Shah"); "Payments", "EMEA", "back-end" do not."""
    words = text.split()
    return 2 <= len(words) <= 3 and all(
        w[:1].isupper() and w[1:].replace("-", "").replace("'", "").islower() for w in words
    )


def _qualifier(text: str, at: int, company_words: set[str], names: Collection[str] = ()) -> str:
    """Return ", Payments" when a title ending at ``at`` goes on with the team or area it
    names after a comma, or " (Payments)" in brackets, else "". Words of ``names`` (the
    people's, as in "Onsite (Alex Example)") are none."""
    hit = _QUALIFIER.match(text, at)
    if hit is None:
        bracket = _BRACKETED.match(text, at)
        if bracket is None:
            return ""
        words = _name_words(bracket["q"])
        if (
            not words
            or any(any(c.isdigit() for c in w) for w in words)
            or set(words) & (_NOT_BRACKETED | _NOT_QUALIFIER | company_words | set(names))
            or any(w in _MONTHS or w in _WEEKDAYS or w in _PLACES for w in words)
            or _ROLE_NOISE.search(bracket["q"])
            or _named_person(bracket["q"])
        ):
            return ""
        return f" ({' '.join(bracket['q'].split())})"
    words = _name_words(hit["q"])
    if (
        not words
        or set(words) & (_NOT_QUALIFIER | _TITLE_STOP | company_words)
        or any(w in _MONTHS or w in _WEEKDAYS or w in _PLACES for w in words)
        or _has_role_word(words)
    ):
        return ""
    return ", " + " ".join(hit["q"].split())


def _title(text: str, company_words: set[str], lead: str = "") -> str:
    """Return the job title at the start of ``text``: its words up to a word that ends one,
    if one of them is a title's (:data:`ROLE_WORDS`) and none the company's name (a word of
    it may be one of the title's: "Analytics Engineer" at Tidewater Analytics); else ""."""
    kept: list[str] = []
    tagged = False
    for word in text.split():
        folded = _name_words(word)
        bracketed = word.startswith("(") and word.endswith(")")  # "(m/w/d)" belongs to it
        if kept and (not folded or folded[0] in _TITLE_STOP) and not bracketed:
            break
        if tagged and not bracketed and not set(folded) <= TITLE_WORDS:
            break  # "Entwickler (m/w/d) Backend", not "Entwickler (m/w/d) Wir ..."
        tagged = tagged or bracketed
        if folded and set(folded) <= company_words and (not lead or lead in folded):
            return ""
        kept.append(word)
        if len(kept) > 8:
            return ""
    role = " ".join(kept).strip(" -–—")
    words = _name_words(role)
    return role if words and _has_role_word(words) else ""


def _pieces(text: str) -> list[str]:
    text = re.sub(r"^\s*(?:[\w ]{0,25}):\s+", "", text)
    pieces = re.split(r"\s[-–—|/]\s|[,;]|:(?!in(?:nen)?\b)|\s@\s|\((?![a-z]/)", text)
    return [p.strip() for p in pieces if p.strip()]


_ROLE_NOISE = re.compile(
    r"\b(?:interview|interviews|entretien|entrevista|colloquio|vorstellungsgespr[aä]ch"
    r"|sollicitatiegesprek|gesprek|onsite|on-site|phone\s+screen|screen|screening|technical"
    r"|round|final|first|second|third|call|chat|loop|virtual|video|with|avec|mit|con|com|met"
    r"|at|chez|bei|en|na|presso|bij|for|pour|für|para|per|voor|the|position|role|poste|stelle"
    r"|hiring\s+manager|system\s+design|coding|intro|\w*interview|\w*gespr[aä]ch|\w*gesprek"
    r"|ronde|runde|tour|ronda|rodada|fase|etapa|turno|tweede|derde|eerste|zweite|dritte|erste"
    r"|deuxi[eè]me|troisi[eè]me|premier|segunda|segundo|tercera|terceira|seconda|terza|next)\b",
    re.IGNORECASE,
)


def _role_in(piece: str, company_words: set[str], lead: str = "") -> str:
    """Return the job title a part of a summary holds once interview words and the company
    are taken out ("Fachinterview Data Engineer (m/w/d)" -> "Data Engineer (m/w/d)"); a word
    of the company's name that qualifies a title's noun stays ("Analytics Engineer")."""
    piece = _ROLE_NOISE.sub(" ", piece)
    words = _name_words(piece)
    if not words or not _has_role_word(words):
        return ""
    split = piece.split()
    kept = []
    for index, word in enumerate(split):
        folded = set(_name_words(word))
        if folded and folded <= company_words:
            following = _name_words(split[index + 1]) if index + 1 < len(split) else []
            titled = _has_role_word(following[:1]) or bool(set(following[:1]) & TITLE_WORDS)
            if not lead or lead in folded or not titled:
                continue  # "Robotics Software Engineer" at Brightwater Robotics keeps it
        kept.append(word)
    role = _title(" ".join(kept), set()) or " ".join(kept)
    role = role.strip(" .,:;!?-–—)")
    if role.count("(") > role.count(")"):
        role += ")"
    role = re.sub(r"\s*\((?:R|Req|Ref|ID|#)[^)]*\)", "", role, flags=re.IGNORECASE).strip()
    role_words = _name_words(role)
    if not role_words or not _has_role_word(role_words) or len(role_words) > 8:
        return ""
    return role


# -- the format ----------------------------------------------------------------------------------


def _format(
    reading: _Reading,
    events: Sequence[Invite],
    people: Sequence[Person],
    near: Sequence[str] = (),
) -> Format:
    """The format the summaries or the subject name, else the locations, else the text:
    first the sentences ``near`` the time (a "call you" elsewhere may be about another call),
    then the rest; two interviewers or more make a panel."""
    heads = [_form(e.summary) for e in events] + [reading.subject_form]
    locations = [e.location for e in events]
    details = [_form(" ".join(near))] if near else []
    details += [_form(e.description) for e in events] + [reading.text_form]
    details = [_PAST_CALL.sub(" ", form) for form in details]
    fmt = _format_in(heads)
    if fmt is None:
        fmt = _format_of_locations(locations, events)
    if fmt is None and near:
        fmt = _format_in(details[:1])
        if fmt is None and _STREET.search(" ".join(near)):
            fmt = Format.ONSITE  # "..., sempre in Via Tortona 21", "Sonnenstraße 12"
    if fmt is None:
        fmt = _format_in(details)
    if len(people) >= 2:
        return Format.PANEL  # several interviewers at once, on site or not
    return fmt or Format.VIDEO


def _format_in(forms: Sequence[str]) -> Format | None:
    for form in forms:
        if " virtual onsite " in form or " virtual on site " in form:
            return Format.VIDEO
        if _first(form, PHONE_WORDS):
            return Format.PHONE
        if _first(form, ONSITE_WORDS):
            return Format.ONSITE
        if _first(form, VIDEO_WORDS) or _VIDEO_LINK.search(form.replace(" ", ".")):
            return Format.VIDEO
    return None


def _format_of_locations(locations: Sequence[str], events: Sequence[Invite]) -> Format | None:
    for location in locations:
        if not location.strip():
            continue
        if _VIDEO_LINK.search(location) or _first(_form(location), VIDEO_WORDS):
            return Format.VIDEO
        if _PHONE_LOCATION.match(location) or _first(_form(location), PHONE_WORDS):
            return Format.PHONE
        if re.search(r"\d", location) or _first(_form(location), _ROOM_WORDS):
            return Format.ONSITE
    if any(e.resources for e in events):
        return Format.ONSITE
    return None


# -- words without a calendar --------------------------------------------------------------------

_JOB_COUNT = re.compile(
    r"\b\d+\+?\s+(?:new\s+|nouvelles?\s+|neue\s+|nuevas?\s+|novas?\s+|nuove\s+|nieuwe\s+)?"
    r"(?:[\w/-]+\s+){0,5}?(?:jobs|job\s+openings|openings|offres|emplois|stellen"
    r"|stellenangebote|jobangebote|empleos|ofertas|vagas|offerte|annunci|vacatures|banen)\b",
    re.IGNORECASE,
)
"""A subject that counts jobs ("27 new Staff Software Engineer jobs", "12 nouvelles offres
Data Analyst"): a job alert, whatever it says of interviews."""

JOB_ALERTS = _phrases(
    """
    job alert | job alerts | jobs for you | jobs you may like | jobs you might like |
    recommended jobs | new jobs | alerte emploi | alertes emploi | offres pour vous | jobalarm |
    neue jobs | jobs für sie | alerta de empleo | alertas de empleo | empleos para ti | alerta
    de vagas | vagas para você | offerte per te | nuove offerte | vacature alert | vacatures
    voor jou | nieuwe vacatures
    """
)
"""Words of a job alert's subject."""

SOCIAL_WORDS = _phrases(
    """
    coffee | lunch | dinner | drinks | brunch | breakfast | catch up | catch-up | birthday |
    party | beers | café | déjeuner | dîner | déj | apéro | un verre | kaffee | mittagessen |
    abendessen | frühstück | geburtstag | almuerzo | comida | cena | cañas | almoço | jantar |
    pranzo | aperitivo | caffè | koffie | etentje | borrel | verjaardag
    """
)
"""Words of a subject about a social plan: an interview its text speaks of is another's."""


def _from_words(reading: _Reading, tz: ZoneInfo) -> Sighting | None:
    message = reading.message
    if message.signals & {Signal.BULK, Signal.MAILING_LIST} and reading.relay is None:
        return None
    if Signal.OUT_OF_OFFICE in message.signals or Signal.DELIVERY_REPORT in message.signals:
        return None
    if _JOB_COUNT.search(message.subject) or _first(reading.subject_form, JOB_ALERTS):
        return None  # "27 new Staff Software Engineer jobs - interviews this week"
    about = _about_interview(reading, [])
    if about is not None and about[1] == "the text" and _first(reading.subject_form, SOCIAL_WORDS):
        return None  # "Re: coffee this week?" ... "tell me about your interview tomorrow"
    known_only = False
    if about is None:
        about = _step_of_a_tracked_process(reading)
    if about is None:
        # A meeting moved or cancelled ("das Gespräch verschieben", "het gesprek annuleren")
        # without a word of a job interview may still be one already known.
        meeting = _first(reading.subject_form, MEETING_WORDS) or _first(
            reading.text_form, MEETING_WORDS
        )
        if not meeting:
            return None
        about, known_only = (f"{meeting} (a meeting, moved or cancelled)", "the mail"), True
    parties = _parties(reading, [])
    recruiting = _recruiting(reading, parties)
    if not recruiting or _interviewer_side(reading, []):
        return None
    reference = message.date.astimezone(tz)
    said = [message.subject, *_sentence_list(reading.text)]
    cancelled, where = _cancellation(said)
    if (
        known_only
        and not cancelled
        and not _first(reading.subject_form + reading.text_form, MOVE_WORDS)
    ):
        return None
    moments = times_in_text(said, reference, tz, message.date.tzinfo)
    if _ALREADY_MOVED.search(reading.text_form):
        # "Can we move it to Friday 10:30? I've already moved it in my calendar": asked out of
        # courtesy, the move is made.
        moments = [replace(m, asked=False) for m in moments]
    if known_only and not cancelled and not _first(reading.subject_form, MOVE_WORDS):
        # A move is said with the time it moves to ("verlegt auf Donnerstag, 15:30"), not in a
        # policy ("call us to reschedule", "prévenir à l'avance").
        moved = [
            m
            for m in moments
            if m.said in said
            and any(
                _first(_form(said[i]), MOVE_WORDS)
                for i in range(max(1, said.index(m.said) - 1), said.index(m.said) + 1)
            )
        ]
        if not moved:
            return None
    if (
        not cancelled
        and not any(not m.old for m in moments)
        and _first(reading.text_form, NEW_TIME_LATER)
        and _says_moved(said)
    ):
        # "We have to postpone Thursday's interview; I'll send you new times next week": the
        # time set is off, and no new one is given.
        where = next(i for i, s in enumerate(said) if _says_moved([s]))
        cancelled = f"postponed without a new time ({_first(reading.text_form, NEW_TIME_LATER)})"
    moment: Moment | None = None
    if cancelled:
        # "We have to cancel Tuesday's slot; the new time is Thursday at 3pm": a move.
        cancelling = said[where].strip()[:200]
        elsewhere = [m for m in moments if m.said != cancelling and not m.old]
        if _first(reading.subject_form + reading.text_form, MOVE_WORDS):
            moment = _fixed(elsewhere, reading)
        if moment is None:
            # The time of what is called off: the cancelling clause's own, else one said as
            # fixed, never one asked about or offered ("Could you do Thursday at 3pm
            # instead?"): the new time is only proposed, the time set is the one cancelled.
            named = [m for m in moments if m.said == cancelling] or [
                m for m in moments if not m.asked
            ]
            moment = named[0] if named else None
        else:
            cancelled = ""
    else:
        moment = _fixed(moments, reading)
        if moment is None:
            return None
    if cancelled and moment is None and _rest_stays(said):
        # "We have to cancel the system design session; the other interviews stay as
        # planned": one part of a day is off, which one no time says; the day stays.
        return None
    kind = SightingKind.CANCEL if cancelled else SightingKind.INVITE
    people = _interviewers_in_words(reading)
    company, company_why = _company(reading, [], people)
    role = _role(reading, [], company)
    near: list[str] = []
    if moment is not None and moment.said in said:
        at = said.index(moment.said) if moment.said in said else 0
        near = said[max(1, at - 1) : at + 3]
    fmt = _format(reading, [], people, near)
    evidence = [
        f"{about[0]!r} in {about[1]}",
        recruiting,
        f"cancelled in words ({cancelled!r})"
        if cancelled
        else f"a time in words: {moment.said!r}"
        if moment is not None
        else "",
    ]
    if company_why:
        evidence.append(company_why)
    says_moved = kind is SightingKind.INVITE and _says_moved(said)
    if says_moved:
        evidence.append("the mail says it was moved")
    elif (
        kind is SightingKind.INVITE
        and any(m.company for m in reading.earlier if m.via != "domain")
        and _first(reading.text_form, REMINDERS)
        and not _first(reading.subject_form + reading.text_form, MOVE_WORDS)
    ):
        # A reminder of an interview tracked (earlier mail of its thread or person was filed
        # under it) restates its time: a time read otherwise (in another zone) is no new one.
        # (Its own words say so: a reply to a reminder, "Re: Reminder: ...", may move it.)
        return None
    return Sighting(
        kind=kind,
        message_id=message.message_id,
        uid="",
        sequence=0,
        company=company,
        role=role,
        start=moment.start if moment is not None else None,
        end=moment.end if moment is not None else None,
        format=fmt,
        interviewers=people,
        domains=_domains(reading, [], people),
        thread=message.thread_root,
        evidence="; ".join(e for e in evidence if e),
        known_only=known_only,
        moved=says_moved,
        was=_was(moments, moment, tz) if kind is SightingKind.INVITE else None,
    )


def _was(moments: Sequence[Moment], moment: Moment | None, tz: ZoneInfo) -> datetime | None:
    """The time a move moves from, when the mail says it ("instead of Tuesday at 2 PM"): an
    old time at another instant than the new one (a time restated for a reader elsewhere is
    the same instant). Said without a zone in the sentence that gives the new time one
    ("from Tuesday at 2pm to Thursday at 3pm ET"), it is in that zone."""
    if moment is None:
        return None
    before: set[datetime] = set()
    for old in moments:
        if not old.old:
            continue
        start = old.start
        if old.said == moment.said and start.tzinfo is tz and moment.start.tzinfo is not tz:
            start = start.replace(tzinfo=moment.start.tzinfo)
        if start != moment.start:
            before.add(start)
    return before.pop() if len(before) == 1 else None


NEW_TIME_LATER = _phrases(
    """
    new times to follow | send you new times | send new times | new options | new slots | new
    time slots | get back to you with | come back to you with | follow up with new | be in touch
    with new | reach out with new | at a later date | a later date | until further notice | to
    be rescheduled | date to be confirmed | time to be confirmed | tbc | tbd | to be determined
    | nouvelles disponibilités | nouveaux créneaux | nouvelles dates | nouvelle date vous sera |
    date ultérieure | jusqu'à nouvel ordre | neuen terminvorschlägen | neue terminvorschläge |
    neuen terminvorschlag | neue termine | neue terminoptionen | späteren zeitpunkt | auf
    weiteres | nuevas opciones | nuevos horarios | nuevas fechas | fecha posterior | hasta
    nuevo aviso | novas opções | novos horários | novas datas | data posterior | até segunda
    ordem | nuove date | nuovi orari | nuove proposte | nuove disponibilità | data successiva
    | data da definire | fino a nuovo avviso | nieuwe opties | nieuwe tijden | nieuwe
    voorstellen | nieuwe data | later moment | tot nader order | a new time | another time |
    new availability | alternative times | other times | new proposals | un autre créneau |
    un autre moment | nouvelles propositions | nouveaux horaires | neuen terminen | neuen
    termin | einen neuen termin | anderen termin | neue zeiten | neuen zeiten | neue vorschläge
    | neuen vorschlägen | otro horario | otra fecha | nuevas propuestas | outro horário |
    outra data | novas propostas | un altro orario | un altro momento | nieuwe tijdstippen |
    nieuw tijdstip | een ander moment | een nieuw moment | nieuwe momenten
    """
)
"""Words promising a new time later: a move that gives none calls the time set off."""

REST_OF_DAY = _phrases(
    """
    other interviews | other sessions | other conversations | rest of the day | rest of your
    onsite | rest of the onsite | les autres entretiens | les autres sessions | le reste de la
    journée | le reste de votre journée | die übrigen gespräche | die anderen gespräche | die
    übrigen termine | die anderen termine | die übrigen sessions | der rest des tages | el
    resto de entrevistas | el resto de las entrevistas | el resto de la jornada | las demás
    entrevistas | las otras entrevistas | las demás sesiones | as demais entrevistas | as
    outras entrevistas | as demais sessões | o restante do dia | o resto do dia | gli altri
    colloqui | le altre sessioni | il resto della giornata | de andere gesprekken | de
    overige gesprekken | de andere sessies | de rest van de dag
    """
)
"""The rest of a day of interviews, besides a part of it called off."""

STAYS = _phrases(
    """
    stay | stays | remain | remains | unchanged | as planned | as scheduled | still on |
    restent | reste | inchangé | inchangés | inchangée | inchangées | maintenu | maintenus |
    maintenue | maintenues | bleiben | bleibt | wie geplant | unverändert | se mantiene | se
    mantienen | siguen | sigue | igual | continuam | continua | mantidas | mantidos | restano
    | resta | confermati | confermate | invariati | invariate | blijven | blijft | ongewijzigd
    | zoals gepland | gaan gewoon door | gaat gewoon door
    """
)
"""Words saying something stays as it was set."""


def _rest_stays(said: Sequence[str]) -> bool:
    """Whether a sentence says the rest of a day of interviews stays ("the other interviews
    stay as planned", "die übrigen Gespräche bleiben wie geplant", "gli altri colloqui restano
    confermati"): what is called off is one part of the day."""
    for sentence in said[:MAX_SENTENCES]:
        form = _form(sentence)
        rest = _first(form, REST_OF_DAY)
        if rest and _first(form[form.find(_form(rest)) :], STAYS):
            return True
    return False


_ALREADY_MOVED = re.compile(
    r" (?:i ve|i have|we ve|we have|i|we) already (?:\w+ ){0,2}(?:moved|updated|changed|adjusted"
    r"|rescheduled|sent (?:\w+ ){0,2}updated)"
    r"| (?:calendar|invite|invitation|meeting) (?:\w+ ){0,3}already (?:been )?(?:moved|updated"
    r"|changed|adjusted)"
    r"| the calendar will catch up"
    r"| (?:habe|haben) (?:\w+ ){0,3}(?:schon|bereits) (?:\w+ ){0,2}(?:angepasst|verschoben"
    r"|geandert|aktualisiert)"
    r"| (?:ai|avons) deja (?:\w+ ){0,2}(?:deplace|modifie|mis a jour|decale)"
    r"| ya (?:\w+ ){0,2}(?:he|hemos) (?:movido|cambiado|actualizado|modificado)"
    r"| ja (?:\w+ ){0,2}(?:alterei|alteramos|mudei|mudamos|atualizei|atualizamos)"
    r"| (?:ho|abbiamo) gia (?:\w+ ){0,2}(?:spostato|aggiornato|modificato)"
    r"| (?:heb|hebben) (?:\w+ ){0,3}al (?:\w+ ){0,2}(?:verzet|verplaatst|aangepast|bijgewerkt)"
    # The other side agreed already, or it holds unless the reader objects: "Luca has
    # already confirmed", "I'll consider it confirmed unless you tell me otherwise".
    r"| (?:has|have|had) already (?:confirmed|agreed)| consider it (?:confirmed|settled|booked)"
    r"| unless you tell me otherwise| unless i hear otherwise| unless you object"
    r"| (?:a|ont) deja (?:confirme|accepte|valide)| sauf avis contraire| sauf contrordre"
    r"| (?:hat|haben) (?:\w+ ){0,2}(?:schon|bereits) (?:zugesagt|bestatigt)"
    r"| wenn (?:ich|wir) nichts (?:anderes )?(?:von (?:ihnen|dir) )?hore"
    r"| ya (?:lo |la )?(?:ha|han) (?:confirmado|aceptado)| salvo que me (?:digas|diga) lo contrario"
    r"| ja (?:o |a )?(?:confirmou|confirmaram|aceitou)| salvo (?:indicacao|aviso) em contrario"
    r"| (?:ha|hanno) gia (?:confermato|accettato)| salvo (?:diversa indicazione|tua indicazione"
    r" contraria|tuo avviso contrario)"
    r"| (?:heeft|hebben) (?:\w+ ){0,2}al (?:bevestigd|toegezegd)| tenzij (?:je|u) (?:iets anders"
    r" laat weten|bezwaar hebt|bezwaar heeft)"
)
"""Words saying a move is made already, in a mail's form ("I've already moved it in my
calendar", "Ich habe die Einladung schon angepasst", "j'ai déjà déplacé l'invitation"), or
agreed by the other side or held unless the reader objects ("Lui ha già confermato", "sauf
avis contraire"): asked out of courtesy, the time is set."""


def _interviewers_in_words(reading: _Reading) -> tuple[Person, ...]:
    """The people a confirmation in words says the candidate meets, when the mail gives their
    address (in Cc, To or Reply-To, or in its text: "Je spreekt met Maarten Bakker
    (maarten.bakker@...)", "Parlerà con Elena Sarti, che legge in copia"), with the writer
    when the writer says they join ("and I"); else the person who writes, when that is a
    person of the company (not a relay, a shared mailbox or free mail)."""
    message = reading.message
    sender = message.sender
    writer = sender.address.lower() if sender is not None else ""
    lines = _sentence_lines([reading.text], [message.subject])
    # Whom the candidate meets: "you'll meet ...", "Interviewer: ...", "Lena und ich".
    meets = [
        line
        for line in lines
        if _first(_form(line), MEET_WORDS)
        or _first(_form(line), INTERVIEWER_WORDS)
        or _first(_form(line), JOINING)
    ]
    written = [
        Address("", hit.group(0).lower()) for hit in _ADDRESS.finditer(reading.text[:20_000])
    ]
    named: dict[str, Person] = {}
    for party in (*message.cc, *message.to, *message.reply_to, *written):
        bare = party.address.lower()
        if (
            not bare
            or bare in reading.own
            or bare == writer
            or bare in named
            or _is_system(party, reading.lexicon, ())
            or not _is_named(party, meets)
        ):
            continue
        named[bare] = Person(_person_name(party.name), bare)
    if named:
        joins = _first(" ".join(_form(line) for line in lines), JOINING)
        if (
            sender is not None
            and joins
            and not _is_system(sender, reading.lexicon, ())
            and _looks_like_person(sender.name)
        ):
            named.setdefault(writer, Person(_person_name(sender.name), writer))
        return tuple(named.values())
    if (
        sender is None
        or sender.address.lower() in reading.own
        or _is_system(sender, reading.lexicon, ())
        or not _looks_like_person(sender.name)
    ):
        return ()
    joins = _first(" ".join(_form(line) for line in lines), JOINING)
    if not joins and _others_met(reading, meets, sender):
        # "You'll meet our CTO, Jane Smith": someone else interviews, and the mail gives no
        # address for them; the writer only arranged it.
        return ()
    return (Person(_person_name(sender.name), sender.address.lower()),)


def _others_met(reading: _Reading, meets: Sequence[str], sender: Address) -> bool:
    """Whether lines that say whom the candidate meets name a person (a first and a last
    name) who is not the writer, the user, nor the company."""
    not_person = {w for w in _name_words(sender.name)}
    for party in (*reading.message.to, *reading.message.cc):
        if party.address.lower() in reading.own:
            not_person |= set(_name_words(party.name))
    labels = {_registrable(d).replace("-", "") for d in _domains(reading, [], [])}
    # The words of a job title the mail states ("la vaga de Cientista de Dados Pleno").
    for cue in _ROLE_CUES:
        for hit in cue.finditer(reading.text[:MAX_NAME_TEXT]):
            not_person |= set(_name_words(hit.group("role")))
    for line in meets:
        tokens = line.split()  # the words of a line, as _sentence_lines keeps them
        for first, last in itertools.pairwise(tokens):
            if not (first[:1].isupper() and last[:1].isupper() and first[1:].islower()):
                continue
            if not last[1:].islower():
                continue
            words = [fold(first), fold(last)]
            if set(words) & (not_person | _NOT_IN_NAME | _NOT_COMPANY | _NAME_LEADS_NOT):
                continue
            if "".join(words) in labels or any(w in labels for w in words):
                continue
            return True
        for hit in _WITH_FIRST_NAME.finditer(line):
            # "confirmed: Friday at 10:00 with Brian", "con Giulia", "met Lotte": a person
            # called by a first name only, who is not the writer.
            word = fold(hit["name"])
            if word in not_person | _NOT_IN_NAME | _NOT_COMPANY | _NAME_LEADS_NOT:
                continue
            if word in labels or word in SYSTEM_WORDS or word in _NOT_FIRST_NAMES:
                continue
            return True
    return False


_WITH_FIRST_NAME = re.compile(
    r"\b(?:with|avec|mit|con|com|met)\s+(?:(?:a|o|la|il)\s+)?"
    r"(?P<name>(?-i:[A-Z][a-zà-ÿ]+))(?=\s*$|\s+(?-i:[a-zà-ÿ0-9]))",
    re.IGNORECASE,
)
_NOT_FIRST_NAMES = frozenset(
    {"zoom", "teams", "google", "meet", "webex", "skype", "whereby", "microsoft", "slack"}
    | {"you", "us", "vous", "nous", "ihnen", "uns", "usted", "ustedes", "voce", "lei", "voi"}
    | {"jou", "je", "u", "ons", "our", "notre", "unserem", "unserer", "nuestro", "nuestra"}
)
"""A person called by a first name only after "with" in the seven languages (in a line of
words: no last name after it), as in "with Brian, still on Zoom", "met Lotte via de link"."""


def _sentence_list(text: str) -> list[str]:
    text = _ABBREVIATED.sub(lambda m: m.group(0).replace(".", ""), text)
    # "den 10.12. um 15 Uhr": a date's last dot before a word in lower case ends no sentence.
    text = _DOTTED_DATE.sub(r"\1", text)
    return sentences(text)


_DOTTED_DATE = re.compile(r"\b(\d{1,2}\.\d{1,2})\.(?=[ \t]+[a-zäöüß])")


_ABBREVIATED = re.compile(
    r"\b(?:[ap]\.\s?m\.|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tue|tues|wed|thu"
    r"|thurs|fri|sat|sun|janv|févr|fevr|avr|juil|déc|dez|okt|ene|abr|ago|dic|set|out|gen|mag"
    r"|giu|lug|ott|mrt|mei|ca|approx)\.)",
    re.IGNORECASE,
)


def _cancellation(said: Sequence[str]) -> tuple[str, int]:
    """Return the words of a clause that cancels for certain and the index of its sentence,
    or ("", -1).

    A clause cancels when it says something is cancelled or will not take place ("has been
    cancelled", "will not go ahead", "abgesagt", "n'aura pas lieu", "non potrà avere luogo")
    or that someone must cancel ("we need to cancel", "nous devons annuler", "leider müssen
    wir ... absagen"); not when it is a condition, a question or a policy ("if you need to
    cancel", "to cancel or reschedule, click here", "Cancel: https://..."), nor when the
    sentence goes on to what takes place instead ("will not take place at our office but on
    Zoom")."""
    for index, sentence in enumerate(said):
        plain = re.sub(r"\([^()]*\)", " ", sentence)
        # A date's or a clock's own commas and colons split no clause ("am Donnerstag, den
        # 10.12., um 15 Uhr absagen", "om 15:00 annuleren").
        plain = re.sub(
            r",(?=\s*(?:den\s+|le\s+|el\s+|il\s+|de\s+|the\s+|o\s+|um\s+|at\s+|à\s+|a\s+las?\s+"
            r"|às\s+|as\s+|alle\s+|om\s+|ab\s+)?\d)|(?<=\d\.),",
            " ",
            plain,
        )
        for clause in re.split(r"[,;]|(?<!\d):(?!\d)|\s[-–—]\s", plain):
            form = _form(clause)
            split = _SPLIT_CANCELLED.search(form)
            done = _first(form, CANCELLED) or (split.group(0).strip() if split else "")
            verb = _first(form, CANCEL_VERBS)
            if not done and not (verb and _first(form, MUST)):
                continue
            if _first(form, CONDITIONAL) or _first(form, CANCEL_POLICY) or "?" in clause:
                continue
            whole, said_form = _form(plain), _form(done or verb)
            after = whole[whole.find(said_form) + len(said_form) - 1 :]
            if _first(after, CONTRAST):
                continue
            return done or verb, index
    return "", -1


_KEPT = (
    r"interview|appointment|call|meeting|slot|time|date|entrevista|cita|reunion|llamada|fecha"
    r"|horario|conversa|chamada|reuniao|data|colloquio|appuntamento|chiamata|incontro"
    r"|entretien|rendez vous|appel|creneau|termin|gesprach|afspraak|gesprek"
)
"""What a time that cannot be kept is: an interview, a meeting, a slot, a date."""

_SPLIT_CANCELLED = re.compile(
    r" (?:gaat|kan|zal) (?:\w+ ){0,3}niet (?:meer )?door | findet (?:\w+ ){0,4}nicht (?:mehr )?"
    r"statt | (?:interview|interviews|round|call|meeting|chat|screen|onsite) (?:\w+ ){0,6}"
    r"(?:is|are) (?:now )?off "
    r"| (?:(?:no (?:vamos a |van a )?(?:podemos|podremos|poder|puedo|podre) mantener"
    r"|nao (?:vamos |vou )?(?:podemos|poderemos|poder|posso) manter"
    r"|non (?:possiamo|potremo|posso|potro) (?:piu )?mantenere"
    r"|ne (?:pouvons|pourrons|pourra|peux|pourrai) (?:pas|plus) maintenir"
    r"|(?:can no longer|cannot|can t|won t be able to|will not be able to|unable to) keep)"
    r" (?:\w+ ){0,2}(?:" + "|".join(sorted(_WEEKDAYS)) + "|" + _KEPT + r")"
    r"|(?:konnen|kann|konnten) (?:\w+ ){0,2}(?:"
    + _KEPT
    + r") (?:\w+ ){0,3}nicht (?:mehr )?halten) "
)
"""A cancellation whose words are split by others, in a clause's form: Dutch and German
separable verbs ("gaat daarom niet door", "findet am Freitag nicht statt"), "the final
round with Vikram is off", and a time that cannot be kept ("no vamos a poder mantener la
entrevista", "we can no longer keep Tuesday")."""

CONTRAST = _phrases("but | instead | rather | mais | plutôt | sondern | sino | mas | ma | maar")
"""Words after a "will not take place" that say what takes place instead."""


def _fixed(moments: Sequence[Moment], reading: _Reading) -> Moment | None:
    """Return the time the mail fixes: the one a move moves to, else the only (or first
    confirmed) one; None when times are only offered."""
    usable = [m for m in moments if not m.asked]
    if not usable:
        return None
    # The time something had before a move is no time it has.
    fresh = [m for m in usable if not m.old]
    if not fresh:
        # Every time is said as another's ("9:30 your time, i.e. 13:00 UTC, instead of 8:30"):
        # one restated for the reader is the time it is, not the one it had before the move.
        restated = [m for m in usable if m.restated]
        if restated and len(restated) < len(usable):
            fresh = restated
    usable = fresh or usable
    if _options_listed(usable):
        return None
    form = reading.subject_form + reading.text_form
    if _first(form, MOVE_WORDS):
        return usable[-1]
    distinct = {m.start for m in usable}
    if len(distinct) > 1:
        if _offered(form) and not _first(form, CONFIRM_WORDS):
            return None
        confirmed = [m for m in usable if m.confirmed]
        if not confirmed and len({m.start.date() for m in usable}) > 1:
            # An agenda: sessions on several days, none of them confirmed above the others
            # ("Thursday: 10:00 SQL, 13:00 hiring manager; Friday: 14:00 system design"),
            # a summary of interviews each invited to in its own mail.
            return None
        return confirmed[0] if confirmed else usable[0]
    if _offered(form) and not _first(form, CONFIRM_WORDS) and not usable[0].confirmed:
        return None
    return usable[0]


_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·▪◦]|\(?\d{1,2}[.)]|\(?[a-eA-E][.)])\s")
"""How a line of a list begins: a dash or a bullet, "1.", "2)", "(a)"."""


def _options_listed(moments: Sequence[Moment]) -> bool:
    """Whether times stand each on a line of a list ("- Tue 8 Dec, 11:00", "2) jeudi 10 à
    14h"), on two or more days and none of them confirmed: choices offered ("I could do any
    of these", "Joris kan op de volgende momenten"), even in a mail that asks to move an
    interview. A one day's agenda, or a time stated outside the list, is left to the other
    rules."""
    if not all(_LIST_ITEM.match(m.said) for m in moments) or any(m.confirmed for m in moments):
        return False
    return len({m.start.date() for m in moments}) > 1


# -- times in words ------------------------------------------------------------------------------


@record
class Moment:
    """A time a text states: its start (aware), its end if stated, the words it was read from,
    whether it was asked about (a question, an option), whether it was confirmed and whether
    it is the time something had before a move."""

    start: datetime
    end: datetime | None
    said: str
    asked: bool = False
    confirmed: bool = False
    old: bool = False
    """Said as the time it was before a move ("instead of Tuesday at 2pm", "au lieu du ..."),
    or restated for a reader elsewhere ("that's 7 p.m. for you"): not the time it is."""
    restated: bool = False
    """Old only as restated for a reader elsewhere, not as the time before a move."""


def _plain(text: str) -> str:
    """Return text with accents dropped but case kept ("Décembre" -> "Decembre")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_RELATIVE = {
    **dict.fromkeys(["today", "aujourd'hui", "heute", "hoy", "hoje", "oggi", "vandaag"], 0),
    **dict.fromkeys(["tomorrow", "demain", "morgen", "manana", "amanha", "domani"], 1),
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MONTH = _alternation(_MONTHS)
_WEEKDAY = _alternation(_WEEKDAYS)
_ORDINAL = r"(?:st|nd|rd|th|er|e|eme|o|º|ª)?"

_DATE_PATTERNS = (
    (
        "iso",
        re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
    ),
    (
        "month_first",
        re.compile(
            rf"(?:\b(?P<w>{_WEEKDAY})\b\.?,?\s+(?:the\s+)?)?\b(?P<mon>{_MONTH})\.?\s+"
            rf"(?P<d>\d{{1,2}}){_ORDINAL}\b(?!\s?[:.h]\s?\d)(?!\s?(?:uhr|uur|am|pm|a\.m|p\.m)\b)"
            r"(?:,?\s+(?P<y>\d{4})\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "day_first",
        re.compile(
            rf"(?:\b(?P<w>{_WEEKDAY})\b\.?,?\s+(?:(?:the|le|den|el|o|il|op|de)\s+)?)?"
            rf"(?<![\d:.])\b(?P<d>\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+|de\s+)?(?P<mon>{_MONTH})\b\.?"
            rf"(?:,?\s+(?:de\s+)?(?P<y>\d{{4}})\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "numeric",
        re.compile(
            r"(?:\b(?P<w>" + _WEEKDAY + r")\b\.?,?\s+(?:(?:le|den|el|o|il|op|de)\s+)?)?"
            r"(?:\b(?P<art>le|el|il|dia|am|op|den|du|del|al)\s+)?"
            r"(?<![\d:.])\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?"
            r"\b(?![:.]\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday_day",
        re.compile(
            rf"\b(?P<w>{_WEEKDAY})\b\.?,?\s+(?:(?:the|le|den|el|o|il|op|de|dia)\s+)?"
            rf"(?<![\d:.])(?P<d>\d{{1,2}}){_ORDINAL}\b(?![:.h]\s?\d)(?![.,/]\d)"
            r"(?!\s*(?:uhr|uur|am|pm|a\.m|p\.m|h)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<next>next|this|coming|prochain|n[aä]chsten|kommenden|pr[oó]ximo|"
            rf"pr[oó]xima|prossimo|volgende|komende)\s+)?(?P<w>{_WEEKDAY})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "relative",
        re.compile(
            r"(?<!guten )(?<!goede )\b(?P<rel>today|tomorrow|aujourd'hui|demain|heute|morgen"
            r"|hoy|manana|hoje|amanha|oggi|domani|vandaag)\b(?!\s*(?:morning|fruh|ochtend)\b)",
            re.IGNORECASE,
        ),
    ),
)

_AMPM = r"(?P<{0}>a\.?\s?m\.?|p\.?\s?m\.?)"
_CLOCK = (
    r"(?P<{0}h>[01]?\d|2[0-3])(?!\d)(?:\s?(?::|h|\.)\s?(?P<{0}m>[0-5]\d))?"
    r"(?:\s*"
    + _AMPM.format("{0}ap")
    + r"|\s*(?P<{0}hr>h(?!\w)|uhr\b|uur\b|u\b|hrs\b|horas\b|ore\b))?"
)
_TIME = re.compile(
    r"(?P<cue>\b(?:at|a|à|um|a\s+las|a\s+la|as|às|alle|alle\s+ore|ore|om|from|de|von|van"
    r"|dalle|das|des|ab|zwischen|tussen|entre|tra|fra|between)\s+)?"
    + r"(?<![\d:./-])"
    + _CLOCK.format("s")
    + r"(?:\s*\(?\s*(?:-|–|—|to|until|till|bis|a|au|al|alle|as|tot|ate|hasta|jusqu'a|fino\s+alle"
    r"|et|y|e|and|und|en)\s*" + _CLOCK.format("e") + r")?",
    re.IGNORECASE,
)
_LENGTH_WORDS_BEFORE = re.compile(
    r"\b(?:duration|length|lasts?|duracao|duree|dure|durera|duracion|dura|durara|durata"
    r"|dauer|dauert|duur|duurt)\b\s*[(:]?\s*(?:(?:de|of|di|da|van|von|about|environ|circa)\s+)?$",
    re.IGNORECASE,
)
"""Words of a length just before a time without a cue ("la même durée (1h30)", "Dauer 1h30"):
it is that length, not a time of day."""

_LENGTH_BEFORE = re.compile(
    r"\b(?:di|da|per|por|durante|circa|cerca\s+de|unas|unos|quasi|oltre|mas\s+de|menos\s+de)\s*$",
    re.IGNORECASE,
)
"""Words before "N ore" / "N horas" that make it a length, not a clock time."""
_NOON = re.compile(r"\b(?:noon|midday|midi|mittag|mediodia|meio-dia|mezzogiorno)\b", re.IGNORECASE)
_DUTCH_HOURS = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien")
_GERMAN_HOURS = ("eins", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn")
_HOUR_WORDS = {
    **{word: hour for hour, word in enumerate(_DUTCH_HOURS, 1)},
    **{word: hour for hour, word in enumerate(_GERMAN_HOURS, 1)},
    **{"elf": 11, "twaalf": 12, "zwolf": 12, "zwölf": 12, "fünf": 5, "ein": 1},
}
_HALF = re.compile(
    r"\b(?:om|um|gegen|vanaf|ab)\s+(?:half|halb)\s+(?P<hour>"
    + "|".join(sorted(_HOUR_WORDS, key=len, reverse=True))
    + r"|1[0-2]|[1-9])\b(?:\s*(?:uur|uhr)\b)?",
    re.IGNORECASE,
)
"""A half hour the Dutch and German way: "om half tien" and "um halb zehn" are 9:30."""
_HALF_END = re.compile(
    r"^[^.\n]{0,60}?\b(?:tot|bis)\s+" + _CLOCK.format("e"),
    re.IGNORECASE,
)
_PART_OF_DAY = {
    "pm": re.compile(
        r"^\s*(?:in\s+the\s+(?:afternoon|evening)|de\s+la\s+tarde|de\s+la\s+noche|da\s+tarde"
        r"|da\s+noite|de\s+l'apres-midi|du\s+soir|del\s+pomeriggio|di\s+sera|nachmittags"
        r"|abends|'s\s+middags|'s\s+avonds)\b",
        re.IGNORECASE,
    ),
    "am": re.compile(
        r"^\s*(?:in\s+the\s+morning|de\s+la\s+manana|da\s+manha|du\s+matin|di\s+mattina"
        r"|del\s+mattino|vormittags|morgens|'s\s+ochtends|'s\s+morgens)\b",
        re.IGNORECASE,
    ),
}

_ZONE_NAMES: dict[str, str] = {
    **dict.fromkeys(["ET", "EST", "EDT", "Eastern", "Eastern Time"], "America/New_York"),
    **dict.fromkeys(["CT", "CST", "CDT", "Central", "Central Time"], "America/Chicago"),
    **dict.fromkeys(["MT", "MST", "MDT", "Mountain", "Mountain Time"], "America/Denver"),
    **dict.fromkeys(["PT", "PST", "PDT", "Pacific", "Pacific Time"], "America/Los_Angeles"),
    **dict.fromkeys(["AKST", "AKDT"], "America/Anchorage"),
    **dict.fromkeys(["HST"], "Pacific/Honolulu"),
    **dict.fromkeys(["GMT", "UTC", "Z"], "UTC"),
    **dict.fromkeys(["BST"], "Europe/London"),
    **dict.fromkeys(["WET", "WEST"], "Europe/Lisbon"),
    **dict.fromkeys(["CET", "CEST", "MEZ", "MESZ"], "Europe/Berlin"),
    **dict.fromkeys(["EET", "EEST"], "Europe/Athens"),
    **dict.fromkeys(["MSK"], "Europe/Moscow"),
    **dict.fromkeys(["IST"], "Asia/Kolkata"),
    **dict.fromkeys(["SGT"], "Asia/Singapore"),
    **dict.fromkeys(["HKT"], "Asia/Hong_Kong"),
    **dict.fromkeys(["JST"], "Asia/Tokyo"),
    **dict.fromkeys(["KST"], "Asia/Seoul"),
    **dict.fromkeys(["AEST", "AEDT"], "Australia/Sydney"),
    **dict.fromkeys(["ACST", "ACDT"], "Australia/Adelaide"),
    **dict.fromkeys(["AWST"], "Australia/Perth"),
    **dict.fromkeys(["NZST", "NZDT"], "Pacific/Auckland"),
    **dict.fromkeys(["BRT", "BRST"], "America/Sao_Paulo"),
    **dict.fromkeys(["ART"], "America/Argentina/Buenos_Aires"),
    **dict.fromkeys(["NST", "NDT"], "America/St_Johns"),
    **dict.fromkeys(["AST", "ADT"], "America/Halifax"),
    **dict.fromkeys(["COT"], "America/Bogota"),
    **dict.fromkeys(["PET"], "America/Lima"),
    **dict.fromkeys(["CLT", "CLST"], "America/Santiago"),
    **dict.fromkeys(["WEZ", "WESZ"], "Europe/Lisbon"),
    **dict.fromkeys(["OEZ", "OESZ"], "Europe/Athens"),
    **dict.fromkeys(["SAST"], "Africa/Johannesburg"),
    **dict.fromkeys(["EAT"], "Africa/Nairobi"),
    **dict.fromkeys(["WAT"], "Africa/Lagos"),
    **dict.fromkeys(["GST"], "Asia/Dubai"),
    **dict.fromkeys(["PKT"], "Asia/Karachi"),
    **dict.fromkeys(["NPT"], "Asia/Kathmandu"),
    **dict.fromkeys(["ICT"], "Asia/Bangkok"),
    **dict.fromkeys(["WIB"], "Asia/Jakarta"),
    **dict.fromkeys(["PHT", "PHST"], "Asia/Manila"),
}
"""Zone abbreviations as written (upper case, so French "et" is no zone), by the zone a
reader takes them for: "EST" in July is read as the Eastern time people mean."""

_PLACES: dict[str, str] = {
    "new york": "America/New_York",
    "eastern": "America/New_York",
    "toronto": "America/Toronto",
    "chicago": "America/Chicago",
    "central": "America/Chicago",
    "denver": "America/Denver",
    "mountain": "America/Denver",
    "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "vancouver": "America/Vancouver",
    "mexico": "America/Mexico_City",
    "centro de mexico": "America/Mexico_City",
    "ciudad de mexico": "America/Mexico_City",
    "bogota": "America/Bogota",
    "lima": "America/Lima",
    "santiago": "America/Santiago",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "argentina": "America/Argentina/Buenos_Aires",
    "brasilia": "America/Sao_Paulo",
    "sao paulo": "America/Sao_Paulo",
    "newfoundland": "America/St_Johns",
    "st. john's": "America/St_Johns",
    "london": "Europe/London",
    "uk": "Europe/London",
    "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon",
    "lisboa": "Europe/Lisbon",
    "portugal": "Europe/Lisbon",
    "paris": "Europe/Paris",
    "france": "Europe/Paris",
    "francaise": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "berliner": "Europe/Berlin",
    "deutscher": "Europe/Berlin",
    "deutschland": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "munchen": "Europe/Berlin",
    "zurich": "Europe/Zurich",
    "vienna": "Europe/Vienna",
    "wien": "Europe/Vienna",
    "madrid": "Europe/Madrid",
    "espana": "Europe/Madrid",
    "peninsular": "Europe/Madrid",
    "barcelona": "Europe/Madrid",
    "rome": "Europe/Rome",
    "roma": "Europe/Rome",
    "italiana": "Europe/Rome",
    "italia": "Europe/Rome",
    "milano": "Europe/Rome",
    "milan": "Europe/Rome",
    "amsterdam": "Europe/Amsterdam",
    "amsterdamse": "Europe/Amsterdam",
    "nederlandse": "Europe/Amsterdam",
    "brussels": "Europe/Brussels",
    "bruxelles": "Europe/Brussels",
    "brussel": "Europe/Brussels",
    "belgische": "Europe/Brussels",
    "stockholm": "Europe/Stockholm",
    "athens": "Europe/Athens",
    "india": "Asia/Kolkata",
    "kolkata": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "singapore": "Asia/Singapore",
    "tokyo": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "adelaide": "Australia/Adelaide",
    "darwin": "Australia/Darwin",
    "perth": "Australia/Perth",
    "auckland": "Pacific/Auckland",
    "halifax": "America/Halifax",
    "montreal": "America/Toronto",
    "boston": "America/New_York",
    "atlanta": "America/New_York",
    "austin": "America/Chicago",
    "dallas": "America/Chicago",
    "phoenix": "America/Phoenix",
    "honolulu": "Pacific/Honolulu",
    "edinburgh": "Europe/London",
    "copenhagen": "Europe/Copenhagen",
    "oslo": "Europe/Oslo",
    "helsinki": "Europe/Helsinki",
    "warsaw": "Europe/Warsaw",
    "prague": "Europe/Prague",
    "istanbul": "Europe/Istanbul",
    "tel aviv": "Asia/Jerusalem",
    "cairo": "Africa/Cairo",
    "johannesburg": "Africa/Johannesburg",
    "nairobi": "Africa/Nairobi",
    "lagos": "Africa/Lagos",
    "dubai": "Asia/Dubai",
    "karachi": "Asia/Karachi",
    "kathmandu": "Asia/Kathmandu",
    "nepal": "Asia/Kathmandu",
    "chennai": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata",
    "pune": "Asia/Kolkata",
    "bangkok": "Asia/Bangkok",
    "jakarta": "Asia/Jakarta",
    "manila": "Asia/Manila",
    "hong kong": "Asia/Hong_Kong",
    "shanghai": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "seoul": "Asia/Seoul",
    "brisbane": "Australia/Brisbane",
    "europe centrale": "Europe/Berlin",
    "europa central": "Europe/Berlin",
    "europa centrale": "Europe/Berlin",
    "midden-europese": "Europe/Berlin",
    "centraal-europese": "Europe/Berlin",
}
_PLACE = _alternation(_PLACES)
_LONG_ZONES = {
    "central european": "Europe/Berlin",
    "eastern european": "Europe/Athens",
    "western european": "Europe/Lisbon",
    "british": "Europe/London",
    "greenwich mean": "UTC",
    "india": "Asia/Kolkata",
    "indian": "Asia/Kolkata",
    "newfoundland": "America/St_Johns",
    "atlantic": "America/Halifax",
    "australian central": "Australia/Adelaide",
    "australian eastern": "Australia/Sydney",
    "australian western": "Australia/Perth",
    "new zealand": "Pacific/Auckland",
    "japan": "Asia/Tokyo",
    "singapore": "Asia/Singapore",
    "china": "Asia/Shanghai",
    "gulf": "Asia/Dubai",
    "south africa": "Africa/Johannesburg",
    "brasilia": "America/Sao_Paulo",
    "mitteleuropaische": "Europe/Berlin",
}
"""Zones written by their long names ("Central European Time", "Newfoundland Daylight Time",
"India Standard Time", "Mitteleuropäische Zeit"), by their words without "standard",
"daylight", "summer" and "time"."""
_REGIONS = {
    **dict.fromkeys(["est", "este", "leste", "oriental", "orientale"], "America/New_York"),
    **dict.fromkeys(["centre"], "America/Chicago"),
    **dict.fromkeys(["centro"], "America/Mexico_City"),
    **dict.fromkeys(["rocheuses", "montagnes", "montana", "montanhas"], "America/Denver"),
    **dict.fromkeys(["pacifique", "pacifico"], "America/Los_Angeles"),
    **dict.fromkeys(["atlantique", "atlantico"], "America/Halifax"),
    **dict.fromkeys(["terre-neuve", "nova"], "America/St_Johns"),
}
"""North America's zones as French, Spanish, Portuguese, Italian, German and Dutch name them
("heure de l'Est", "hora del Pacífico", "horário de Terra Nova", "Ostküstenzeit"), by the
last word; a coast's time in German or Dutch ("Ostküstenzeit", "Westkusttijd") is its coast's."""
_LONG_ZONE_TAILS = frozenset({"standard", "daylight", "summer", "time", "zeit", "sommerzeit"})
_ZONE_AFTER = re.compile(
    r"^\s*(?:\(\s*)?(?:"
    # A zone in words may follow the time after a comma ("à 15 h, heure de l'Est", "14.30 uur,
    # Nederlandse tijd", "at 3 PM, Central European Time"); a bare place may not ("à 15 h, à
    # Paris" says where).
    r"(?:,\s*)?(?P<regional>(?:heure|hora|horario|ora)(?:\s+(?:normale|avancee|estandar|padrao"
    r"|legale))?\s+(?:de\s+l['’]|du\s+|des\s+|del\s+|de\s+la\s+|de\s+|do\s+|da\s+"
    r"|della\s+|dell['’]|di\s+)?(?:costa\s+)?(?P<region>est|este|leste|orientale?|centre|centro"
    r"|pacifique|pacifico|rocheuses|montagnes|montana|montanhas|atlantique|atlantico"
    r"|terre-neuve|terra\s+nova)\b)"
    r"|(?P<offset>(?:UTC|GMT)\s*(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)"
    r"|(?P<iana>[A-Z][a-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)"
    rf"|(?:,\s*)?(?:(?:heure|hora|horario|ora|Zeit)(?:\s+normale)?\s+(?:de\s+|di\s+|d'|del\s+|dell'|da\s+)?"
    rf"(?:la\s+|l')?)(?P<place1>{_PLACE})"
    rf"|(?:,\s*)?(?P<place2>{_PLACE})\s+(?:time|Zeit|tijd|standard\s+time)\b"
    rf"|(?:de|em|en|in|di|a)\s+(?P<place3>{_PLACE})\b"
    r"|(?P<abbr>(?-i:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|AKST|AKDT|HST|GMT|UTC|BST|WET"
    r"|WEST|CET|CEST|MEZ|MESZ|EET|EEST|MSK|IST|SGT|HKT|JST|KST|AEST|AEDT|ACST|ACDT|AWST|NZST"
    r"|NZDT|BRT|BRST|ART|NST|NDT|AST|ADT|COT|PET|CLT|CLST|WEZ|WESZ|OEZ|OESZ|SAST|EAT|WAT|GST"
    r"|PKT|NPT|ICT|WIB|PHT|PHST))\b"
    r"|(?:,\s*)?(?P<long>(?:(?:central|eastern|western)\s+european|british|greenwich\s+mean|indian?"
    r"|newfoundland|atlantic|australian\s+(?:central|eastern|western)|new\s+zealand|japan"
    r"|singapore|china|gulf|south\s+africa|brasilia)(?:\s+(?:standard|daylight|summer))?\s+time"
    r"|mitteleuropaische\s+(?:sommer)?zeit)\b"
    r"|(?P<word>(?:Eastern|Central|Mountain|Pacific)(?:\s+(?:Standard\s+|Daylight\s+)?Time)?)\b"
    r"|(?:,\s*)?(?P<zoned>(?:ora|heure|hora|horario)\s+(?:italiana|francaise|peninsular|de\s+Brasilia))"
    r"|(?P<coast>(?:US-)?(?:Ostkusten|Westkusten|Oostkust|Westkust)(?:zeit|-?tijd)\b)"
    # Zoom's "Time: Oct 27, 2026 04:00 PM London": a city's name alone.
    rf"|(?=(?-i:[A-Z]))(?P<place4>{_PLACE})\b(?![ \t]+(?:office|offices|bureau|b[uü]ro|oficina"
    r"|escrit[oó]rio|ufficio|sede|kantoor|HQ|team|will|would|is|was|has|and|can|could|should"
    r"|joins?|calls?|from|to|who|might|may)\b)(?!['’]s\b))",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:(?P<half>half\s+an\s+hour|a\s+half[- ]hour|half[- ]hour|(?:une\s+)?demi[- ]heure"
    r"|(?:eine\s+)?halbe\s+Stunde|halbst[uü]ndig(?:e[nmrs]?)?|media\s+hora|meia[- ]hora"
    r"|mezz['’ ]?ora|(?:een\s+)?half\s+uur)"
    r"|(?P<hm>[1-3])\s?h\s?(?P<mm>[0-5]\d)(?:\s*(?:min|mn)\b)?(?![:.h]?\d)"
    r"|(?P<n>\d{1,2}[.,]\d{1,2}|\d{1,3}|an?|one|une?|eine?n?|una?|um|uma|een|un['’]"
    r"|anderthalb|eineinhalb|anderhalf|two|deux|zwei|dos|dois|duas|due|twee|three|trois|drei"
    r"|tres|tre|drie)\s*[- ]?\s*"
    r"(?P<unit>minutes?|mins?|minuten|minutos|minuti|hours?|hrs?|heures?|stunden?|horas?|ore|ora"
    r"|uur|min[uü]tig(?:e[nmrs]?)?|st[uü]ndig(?:e[nmrs]?)?)\b(?P<more>\s+(?:and\s+a\s+half|et\s+demie|und\s+eine?\s+halbe|y\s+media|e\s+meia"
    r"|e\s+mezza|en\s+een\s+half)\b)?)",
    re.IGNORECASE,
)
"""A length of time: "45 minutes", "an hour and a half", "half an hour", "1.5 hours", "1h30",
"una hora y media", "anderhalf uur", "per un'ora", and German's adjectives of a length: "ein
45-minütiges Gespräch", "einstündig", "halbstündig"."""

_NUMBER_WORDS = {
    **dict.fromkeys(["two", "deux", "zwei", "dos", "dois", "duas", "due", "twee"], 2),
    **dict.fromkeys(["three", "trois", "drei", "tres", "tre", "drie"], 3),
}

_NOT_LENGTH_BEFORE = re.compile(
    r"(?:differen|decalage|unterschied|verschiebung|verschil|fuso|offset|ahead|behind"
    r"|vorsprung)\w*(?:\s+\w+){0,3}\s*$"
    r"|\b(?:moved|pushed|brought\s+forward|shifted|postponed|delayed|anticipat\w*|posticipat\w*"
    r"|spostat\w*|avance\w*|retarde\w*|decale\w*|adelant\w*|atrasad\w*|retrasad\w*"
    r"|vorverlegt|verschoben|vervroegd|uitgesteld|verzet|antecipad\w*|adiad\w*)\b[^.;:]{0,40}?"
    r"\b(?:by|di|de|d'|da|um|met|van|of|en)\s*$",
    re.IGNORECASE,
)
_NOT_LENGTH_AFTER = re.compile(
    r"\s*(?:\(|,)?\s*(?:ahead|behind|later|earlier|early|late|before|after|prior|beforehand"
    r"|in\s+advance|ago|from\s+now|de\s+(?:diferencia|diferenca|decalage|antelacion"
    r"|antecedencia|adelanto|atraso|retraso)|di\s+(?:differenza|anticipo|ritardo)|in\s+anticipo"
    r"|prima|dopo|plus\s+tot|plus\s+tard|avant|apres|en\s+avance|d'avance|de\s+plus|de\s+moins"
    r"|antes|despues|depois|mas\s+tarde|mais\s+tarde|voraus|zuruck|vorher|fruher|spater|vor\b"
    r"|nach\b|eerder|later|vooraf|ervoor|erna|verschil|tijdsverschil|zeitunterschied"
    r"|zeitverschiebung|difference|differenza|diferencia|diferenca)\b",
    re.IGNORECASE,
)
"""Words that make a length no meeting's: a zone's difference ("la differenza sarà di 5 ore",
"6 hours ahead"), a move's amount ("pushed back by an hour", "anticipato di un'ora"), or a
time before or after something ("join 10 minutes early", "30 minutes before the call", "24
horas de antelación")."""


@record
class _DateHit:
    start: int
    end: int
    day: date | None
    weekday: int | None
    relative: int | None
    kind: str
    mday: int | None = None
    """The day of the month a weekday is written with ("el lunes 23", "Friday the 11th")."""


@record
class _TimeHit:
    start: int
    end: int
    begins: time
    ends: time | None
    zone: tzinfo | None
    cued: bool


def times_in_text(
    said: Sequence[str], reference: datetime, tz: tzinfo, writer: tzinfo | None = None
) -> list[Moment]:
    """Given sentences (the subject first), the moment the text was written (aware, in the
    user's zone) and the user's zone, return the times they state, in order.

    A time is a clock time ("2:00 PM", "2pm", "14:00", "14h30", "14 Uhr", "14.00 uur", "noon")
    with the date beside it in the same sentence (or the one before or after it): a day and a
    month in any of the seven languages ("Tuesday, December 8", "8 décembre", "8. Dezember",
    "8 de diciembre"), an ISO date, a day and month with dots ("08.12.2026"), a weekday
    ("on Tuesday": the next one), "today" or "tomorrow". A range ("2-3 PM", "de 14h à 15h")
    or a duration ("45 minutes") gives the end. The zone is the one named after the time
    ("ET", "PST", "CET", "hora de Madrid", "UTC+5:30", "(Europe/Paris)"), else ``tz``. A date
    without a year is the next one on or after ``reference``; times before ``reference``
    are left out. "Today", "tomorrow" and a weekday are the writer's: counted from the day
    it is where the time is written in (its zone, else ``writer``, the zone of the writer's
    clock, as the Date header gives it, else ``tz``): "tomorrow at 8:30 AM ET" written on a
    Monday evening in New York is Tuesday, even where it is Tuesday already.
    """
    found: list[Moment] = []
    if not _plausible_time(reference):
        return found
    prepared = [_plain(s[:MAX_SENTENCE_CHARS]) for s in said[:MAX_SENTENCES]]
    key = str(getattr(tz, "key", ""))
    us = key in US_ZONES or key.startswith(("America/Indiana/", "America/Kentucky/"))
    times = [_times_in(s) for s in prepared]
    every = next((z for s in prepared if (z := _zone_for_all(s)) is not None), None)
    if every is None:
        # A day's heading with its zone and no clock ("Thursday, February 26 (Pacific Time)")
        # states the zone of the schedule under it.
        every = next(
            (
                z
                for s, found in zip(prepared, times, strict=True)
                if not found and (z := _zone_heading(s)) is not None
            ),
            None,
        )
    # Dates are read only in the sentences a time may take its date from (and the subject's,
    # which may give the date of a weekday the text names).
    near = {i + d for i, found in enumerate(times) if found for d in (-2, -1, 0, 1)} | {0}
    dates = [
        _dates_in(s, us or bool(_US_ZONE.search(s))) if i in near else []
        for i, s in enumerate(prepared)
    ]
    budget = MAX_TIMES
    row_day: tuple[int, _DateHit] | None = None  # the last schedule row's sentence and date
    for index, sentence in enumerate(prepared):
        if not times[index] or budget <= 0:
            continue
        form = _form(sentence)
        if _first(form, ANSWER_WORDS):
            continue  # "we will get back to you by Friday at 5pm": no meeting at that time
        if _first(form, OPENING_HOURS):
            continue  # "our office closes at 5 pm": no meeting at that time
        asked = sentence.rstrip().endswith("?") or bool(_offered(form))
        confirmed = bool(_first(form, CONFIRM_WORDS))
        if (
            not asked
            and not confirmed
            and _first(form, MAYBE_WORDS)
            and _suits_you_asked(prepared, times, index)
        ):
            # "We could push it to Thursday at 3pm ET. Would that suit you?": a time proposed,
            # the question after it asks the reader to agree ("Wir müssen den Termin auf
            # Donnerstag verschieben. Passt Ihnen das?" is a move made, asked out of courtesy).
            asked = True
        duration = _duration(sentence, times[index])
        following = index + 1 < len(prepared) and not (times[index + 1] and dates[index + 1])
        after = index + 1
        while duration is None and after <= index + 2 and after < len(prepared):
            # "... at 10h. It lasts one hour.", "... a las 17:00. Durará 45 minutos, hasta las
            # 17:45.": the next sentence, or the one after it ("... at 8.30. That is 14.30
            # for you. Plan on an hour and a half."), unless one states a time of another day.
            if times[after] and dates[after]:
                break
            duration = _duration(prepared[after], times[after])
            after += 1
        hits = _with_ends(sentence, times[index])
        held = _held(sentence)
        if held:
            # "Thanks for Tuesday's interview at 11.": a meeting held, whatever its weekday says.
            hits = [h for h in hits if not any(a <= h.start < b for a, b in held)]
        for a, b in _referred_back(sentence):
            # "After our call on Monday at 4 pm, ...", "Na ons gesprek van maandag om 16.00 uur
            # nodigen we je uit ...": that meeting's time (the first in the clause), held or
            # set already, is no new one.
            recalled = next((h for h in hits if a <= h.start < b), None)
            hits = [h for h in hits if h is not recalled]
        fresh = next((i for i in range(len(found) - 1, -1, -1) if not found[i].old), None)
        if (
            fresh is not None
            and hits
            and not dates[index]
            and found[fresh].end is None
            and index > 0
            and found[fresh].said == said[index - 1].strip()[:200]
            and _ENDS_AT.search(sentence, max(0, hits[0].start - 30), hits[0].start)
        ):
            # "... at 15:00 instead of 13:00. It will end at 16:30.": the end of the time
            # before, not a time of its own.
            last = found[fresh]
            ends = datetime.combine(last.start.date(), hits[0].begins, tzinfo=last.start.tzinfo)
            if ends > last.start:
                found[fresh] = replace(last, end=ends)
                hits = hits[1:]
        for hit in hits[:budget]:
            budget -= 1
            day_hit = _date_for(hit, dates[index])
            here_dated = day_hit is not None
            if day_hit is None:
                day_hit = _date_nearby(index, dates, times)
            row = hit.start == 0 and hit is times[index][0]
            if day_hit is None and row and row_day is not None and index - row_day[0] <= 3:
                # A row of a schedule ("9:30 AM - 10:15 AM Coding") under the row above it
                # (and the names under that one): the same day.
                day_hit = row_day[1]
            if day_hit is not None and row:
                row_day = (index, day_hit)
            if day_hit is None or (here_dated and _DEADLINE.search(sentence, 0, day_hit.start)):
                continue
            restated = _restated(sentence, hit)
            # A zone stated for every time is not the zone of one restated for the reader
            # ("all times Eastern (you start at 1pm your time)").
            written = hit.zone or (None if restated else every)
            if written is None and writer is not None and _HERE.match(sentence, hit.end):
                written = writer  # "That's Thursday 8:30 PM here": the writer's clock
            relative = day_hit.relative is not None or day_hit.day is None
            here = written or writer or tz if relative else tz
            day = _resolve(day_hit, reference.astimezone(here))
            if day is None:
                continue
            if day_hit.weekday is not None and day_hit.day is None and day_hit.mday is None:
                day = _weekday_dated(day_hit.weekday, dates, reference.astimezone(here)) or day
            zone = written or tz
            start = datetime.combine(day, hit.begins, tzinfo=zone)
            if (
                day_hit.weekday is not None
                and day_hit.day is None
                and day_hit.mday is None
                and start < reference
            ):
                start += timedelta(days=7)
            end = None
            if hit.ends is not None:
                end = datetime.combine(start.date(), hit.ends, tzinfo=zone)
                if end <= start:
                    end = None
            if end is None and duration is not None:
                end = start + duration
            if end is None and following:
                # "... às 10h. Duração: 1h, das 10h às 11h.": the range restated after it.
                again = [t for t in times[index + 1] if t.begins == hit.begins and t.ends]
                if again and again[0].ends is not None and again[0].ends > hit.begins:
                    end = datetime.combine(start.date(), again[0].ends, tzinfo=zone)
            if start < reference - timedelta(minutes=1):
                continue
            # Before its date or its clock ("instead of Tuesday at 2pm", "on Tuesday at 3:15
            # instead of 3:30"); the date of a neighbouring sentence has no place in this one.
            bounds = {hit.start, day_hit.start} if here_dated else {hit.start}
            before = any(_OLD_TIME.search(sentence, 0, b) for b in bounds if b <= hit.start)
            old = before or restated
            moment = Moment(
                start,
                end,
                said[index].strip()[:200],
                asked,
                confirmed,
                old,
                restated=restated and not before,
            )
            same = next((i for i, m in enumerate(found) if m.start == moment.start), None)
            if (
                same is None
                and old
                and end is not None
                and all(t.ends is None for t in times[index] if t.start == hit.start)
                and found
                and not found[-1].old
                and found[-1].end is None
                and found[-1].said == moment.said
                and end > found[-1].start
            ):
                # "at 15:00 instead of 13:00; it will end at 16:30": the end is the new time's.
                found[-1] = replace(found[-1], end=end.astimezone(found[-1].start.tzinfo))
                moment = replace(moment, end=None)
            if same is None:
                found.append(moment)
            elif found[same].old and not old and written is not writer:
                # The same time restated first for a reader elsewhere ("that's 1:00-4:00 PM in
                # São Paulo"), then said as it is (not on the writer's clock): the time it is.
                found[same] = moment
            elif found[same].end is None and end is not None:
                found[same] = replace(found[same], end=end.astimezone(found[same].start.tzinfo))
    return _joined_blocks(found)


SUITS_YOU = _phrases(
    """
    work for you | works for you | suit you | suits you | okay for you | ok for you | fine for
    you | good for you | convenient for you | possible for you | be possible | does that work |
    would that work | will that work | is that ok | is that okay | vous convient | te convient
    | vous irait | t irait | vous va | te va | ça vous va | cela vous va | est ce possible |
    possible pour vous | passt ihnen | passt dir | passt das | geht das | ginge das | wäre das
    möglich | ist das möglich | klappt das | einverstanden | te viene bien | le viene bien | te
    va bien | le va bien | te parece | le parece | te sirve | le sirve | es posible | sería
    posible | funciona para você | funciona para ti | funciona pra você | fica bom | está bem
    para | seria possível | é possível | pode ser | ti va bene | le va bene | va bene per te |
    va bene per lei | ti andrebbe | le andrebbe | ti torna comodo | sarebbe possibile | è
    possibile | komt dat uit | komt het uit | komt je dat uit | komt u dat uit | schikt dat |
    schikt het | lukt dat | past dat | is dat mogelijk | zou dat kunnen
    """
)
"""A question asking the reader to agree to a time just named ("Would that suit you?",
"Passt Ihnen das?", "Ti va bene?", "Komt dat uit?")."""

MAYBE_WORDS = _phrases(
    """
    could | might | whether | would it be | perhaps | maybe | possibly | pourrait | pourrions
    | pourriez | pourrais | peut être | éventuellement | könnten | könnte | vielleicht |
    eventuell | ob wir | podríamos | podría | podrías | quizás | quizá | tal vez | poderíamos
    | poderia | poderias | talvez | potremmo | potrebbe | potresti | forse | eventualmente |
    zouden | zou | misschien | eventueel
    """
)
"""Words of a possibility: a time said with them, and then asked about, is only proposed."""


def _suits_you_asked(prepared: Sequence[str], times: Sequence[object], index: int) -> bool:
    """Whether the sentence right after a time's (stating no time of its own) asks the reader
    whether that time suits ("... to Thursday at 3pm instead. Would that work for you?"): the
    time is proposed, not fixed."""
    after = index + 1
    if after >= len(prepared) or times[after]:
        return False
    question = prepared[after].rstrip()
    return question.endswith("?") and bool(_first(_form(question), SUITS_YOU))


def _restated(sentence: str, hit: _TimeHit) -> bool:
    """Whether a time of a sentence restates another for a reader elsewhere."""
    return bool(
        _RESTATED_BEFORE.search(sentence, max(0, hit.start - 16), hit.start)
        or _RESTATED_FOR.search(sentence, max(0, hit.start - 60), hit.start)
        or _RESTATED_AFTER.match(sentence, hit.end)
        or _RESTATED_LEAD.search(sentence, max(0, hit.start - 80), hit.start)
    )


_RESTATED_LEAD = re.compile(
    r"\b(?:for\s+you|pour\s+(?:vous|toi)|f[uü]r\s+(?:Sie|dich)|para\s+(?:ti|usted|voc[eê])"
    r"|per\s+te|voor\s+(?:jou|u))\b(?:[^.;\n\d]{0,40}:[^.;\n]*"
    r"|\s+(?:in|a|à|en|em|op|at)\s+(?-i:[A-Z])[^.;:\n\d]{0,40})$",
    re.IGNORECASE,
)
"""A line that restates the times after it for the reader ("For you in Bengaluru: Thursday
10:00 PM to Friday 12:45 AM IST", "Pour vous : jeudi 22 h", "per te a Toronto saranno le
9:00")."""


def _zone_for_all(sentence: str) -> tzinfo | None:
    """The zone a sentence states once for every time of the text ("all times Central",
    "alle Zeiten in MEZ", "todos os horários em horário de Brasília")."""
    hit = _ALL_TIMES.search(sentence)
    if hit is None:
        return None
    zone, _ = _zone_after(sentence, hit.end())
    return zone


def _zone_heading(sentence: str) -> tzinfo | None:
    """The zone a day's heading states in parentheses at its end ("Thursday, February 26,
    2026 (Pacific Time)", "Donnerstag, 26. Februar (MEZ):"), when the sentence is a date."""
    hit = _HEADING_ZONE.search(sentence)
    if hit is None or not _dates_in(sentence[: hit.start()]):
        return None
    zone, _ = _zone_after(sentence, hit.start() + 1)
    return zone


_HEADING_ZONE = re.compile(r"\(\s*[^()\d]{2,40}\)\s*:?\s*$")

_ALL_TIMES = re.compile(
    r"\b(?:all\s+(?:the\s+)?times|times\s+(?:are\s+)?(?:shown\s+|listed\s+|given\s+)?in"
    r"|alle\s+(?:Uhr)?zeiten|toutes\s+les\s+heures|tous\s+les\s+horaires"
    r"|todas\s+las\s+horas|todos\s+los\s+horarios|todos\s+os\s+horarios|tutti\s+gli\s+orari"
    r"|alle\s+tijden)(?:\s+(?:are|listed|shown|below|above|here|sind|in|sont|en|son|sao|em|no"
    r"|sono|zijn|de|di|es|in\s+the))*\s*:?",
    re.IGNORECASE,
)
"""Words stating the zone of every time of a text once, before the zone itself: "(all times
Central; ...)", "all times are in ET", "alle Zeiten in MEZ", "toutes les heures en heure de
Paris", "todos os horários em horário de Brasília", "tutti gli orari sono in CET"."""


def _weekday_dated(
    weekday: int, dates: Sequence[Sequence[_DateHit]], reference: datetime
) -> date | None:
    """The day a weekday named alone is, when the mail dates it elsewhere ("am Mittwoch" in
    a mail whose subject says "am 11.03.", a Wednesday): the one date of the mail that falls
    on that weekday, else None (the next such weekday is meant)."""
    days = set()
    for hits in dates:
        for hit in hits:
            if hit.day is None:
                continue
            day = _resolve(hit, reference)
            if day is not None and day.weekday() == weekday:
                days.add(day)
    return days.pop() if len(days) == 1 else None


BREAK = timedelta(minutes=15)
"""The longest break between two blocks of one interview a mail lists."""


def _joined_blocks(found: list[Moment]) -> list[Moment]:
    """Times one after the other without a gap, or with a short break ("10:00-11:00 system
    design, 11:00-12:00 SQL, 12:15-1:00 PM product"), are the blocks of one interview: from
    the first start to the last end. A time restated for a reader elsewhere between them
    ("for you: 10:00 PM to 12:45 AM") leaves them joined."""
    joined: list[Moment] = []
    last: int | None = None  # the index of the latest block that may go on
    for moment in found:
        if moment.old or moment.asked:
            joined.append(moment)
            continue
        block = joined[last] if last is not None else None
        if (
            block is not None
            and last is not None
            and block.end is not None
            and moment.end is not None
            and block.end <= moment.start <= block.end + BREAK
        ):
            joined[last] = replace(
                block, end=moment.end, confirmed=block.confirmed or moment.confirmed
            )
        else:
            joined.append(moment)
            last = len(joined) - 1
    return joined


_ENDS_AT = re.compile(
    r"\b(?:end|ends|ending|finish|finishes|finishing|wrap|wraps|wrapping|wrap\s+up|wraps\s+up"
    r"|run|runs|go|goes|last|lasts|until|till|endet|enden|dauert|bis|se\s+termine|termine|finit"
    r"|finira|jusqu'a|jusqu['’]|termina|terminara|terminera|acaba|acabara|hasta|ate|finisce"
    r"|fino|eindigt|eindigen|duurt|tot)(?:\s+(?:now|then|but|aber|dann|nun|jetzt|mais|alors|pero"
    r"|ahora|mas|agora|ma|ora|maar|nu|donc|so|thus|therefore|also|daher|entonces|entao|portanto"
    r"|quindi|dunque|dus|dan))?(?:\s+(?:at|around|by|until|till|to|um|gegen|a|a\s+las|las|as"
    r"|alle|om|rond|verso|vers))*\s*$",
    re.IGNORECASE,
)
"""Words before a time that say it is when something ends ("will now wrap at 11:30", "endet
um 11:30", "se termine à 11h30", "termina a las 11:30", "finisce alle 11:30", "eindigt om
11:30", "hasta las 11:45"), also when the time's own cue took their last letter ("jusqu'à
11 h 45")."""


def _with_ends(sentence: str, hits: Sequence[_TimeHit]) -> list[_TimeHit]:
    """The times of a sentence, a start without an end taking the time after it that says
    it ends then ("It still starts at 10:00 AM but will now wrap at 11:30"): one time, not
    two."""
    out: list[_TimeHit] = []
    skip = -1
    for i, hit in enumerate(hits):
        if i == skip:
            continue
        after = hits[i + 1] if i + 1 < len(hits) else None
        if (
            hit.ends is None
            and after is not None
            and after.ends is None
            and after.start - hit.end <= 80
            and _ENDS_AT.search(sentence, max(hit.end, after.start - 30), after.start)
        ):
            ends = after.begins
            if ends <= hit.begins and ends.hour < 12:
                ends = time(ends.hour + 12, ends.minute)  # "from 11:00 until 1:30"
            if ends > hit.begins:
                out.append(replace(hit, ends=ends, end=after.end))
                skip = i + 1
                continue
        out.append(hit)
    return out


_HERE = re.compile(
    r"\s*(?:\(\s*)?(?:here(?!['’]s)|over\s+here|my\s+time|our\s+time|mon\s+heure"
    r"|meiner\s+zeit|mi\s+hora|minha\s+hora|ora\s+mia|mijn\s+tijd)\b",
    re.IGNORECASE,
)
"""A time written in the writer's own zone ("8:30 PM here", "10:30 my time"); not "at our
office" ("bei uns", "chez nous"): a place, not a zone."""

_OLD_TIME = re.compile(
    r"(?:\binstead\s+of|\brather\s+than|\boriginally|\bpreviously|\bwas\s+(?:scheduled|planned"
    r"|set|booked)\s+for|\bmoved\s+from|\bmove\s+(?:it|you|your\s+\w+)\s+from|\bau\s+lieu\b"
    r"|\binitialement|\bpr[eé]vu[e]?\s+(?:initialement|pour)|(?:^|[(,;]\s*|\ban)statt"
    r"|\bursp(?:r[uü]|rue)nglich|\bbisher|\ben\s+(?:lugar|vez)\b|\boriginalmente"
    r"|\binicialmente|\bprevist[ao]\s+para|\bem\s+vez\b|\bao\s+inv[eé]s\b|\binvece\b"
    r"|\banzich[eé]|\binizialmente|\bin\s+plaats\s+van|\boorspronkelijk|\baanvankelijk"
    r"|\bde\s+oude|\b(?:e|and|et|y|und|en)\s+(?:non|not|no|nao|niet|nicht|pas)\b"
    r"|\b(?:moved|move|moving|rescheduled?|rescheduling|shifted|shift|pushed|push|postponed?"
    r"|changed|change|verschoben|verlegt|deplacee?|decalee?|reportee?|movid[oa]|cambiad[oa]"
    r"|trasladad[oa]|aplazad[oa]|pasad[oa]|spostat[oa]|rinviat[oa]|anticipat[oa]|verzet"
    r"|verplaatst|remarcad[oa]|adiad[oa]|mudad[oa]|alterad[oa])\s+(?:[\w'’]+\s+){0,4}?"
    r"(?:from|du|del|dal|dalla|dallo|van|das|do|de\s+la|de\s+l'|de)\b)"
    r"\W*(?:[\w'’]+\W+){0,3}$",
    re.IGNORECASE,
)
"""What makes a time the one something had before a move ("instead of Tuesday at 2pm", "au
lieu du mardi", "statt am Dienstag", "en lugar del martes", "invece di martedì", "in plaats
van dinsdag", "we moved your interview from Tuesday", "hemos movido la entrevista del
martes"): these words at most three words before its date."""

_RESTATED_BEFORE = re.compile(
    r"\b(?:that's|that\s+is|which\s+is|works\s+out\s+to|comes\s+to|i\.e\.|soit|c'est-a-dire|das\s+ist|also|es\s+decir|o\s+sea"
    r"|ou\s+seja|cioe|ossia|dat\s+is|oftewel)\W*(?:at\s+|a\s+las\s+|as\s+|alle\s+|om\s+|um\s+)?$",
    re.IGNORECASE,
)
_RESTATED_FOR = re.compile(
    r"\b(?:for|in)\s+[^.;:\n\d]{1,40}?\s+(?:this|that|it)\s+is\s+(?:at\s+)?$", re.IGNORECASE
)
"""A time restated in another zone, the zone before it ("For India Standard Time this is 9:00
PM")."""
_RESTATED_AFTER = re.compile(
    r"[^.;\n\d]{0,30}?\b(?:for\s+(?:you\b|(?-i:[A-Z])\w+)|your\s+time|pour\s+vous|pour\s+toi"
    r"|f[uü]r\s+(?:Sie|dich)|para\s+(?:ti|usted|voc[eê])|per\s+(?:te|lei)|voor\s+(?:jou|u)\b)",
    re.IGNORECASE,
)
"""A time restated for a reader elsewhere ("that's 7:00 p.m. for you", "(that's 9 AM
Pacific for Owen)", "soit 15 h pour vous"): the same time, never the one fixed."""

_DEADLINE = re.compile(
    r"\b(?:by|before|until|till|no\s+later\s+than|bis\s+(?:zum|sp[aä]testens)?|sp[aä]testens"
    r"|avant|d'ici|antes\s+de[l]?|hasta|ate|entro|uiterlijk|v[oó][oó]r|tot)\s*(?:the\s+|le\s+)?$",
    re.IGNORECASE,
)
"""What makes a date a deadline ("by Friday"): its last word before the date."""

ANSWER_WORDS = _phrases(
    """
    get back to you | let you know | hear back | hear from us | a decision | our decision |
    feedback | respond | reply by | deadline | revenir vers vous | reviendrons vers vous |
    une réponse | notre réponse | un retour | rückmeldung | melden uns | entscheidung |
    una respuesta | nuestra respuesta | daremos respuesta | uma resposta | um retorno |
    daremos retorno | una risposta | un riscontro | faremo sapere | terugkoppeling | laten
    weten | een besluit
    """
)
"""Words of a sentence about an answer, not a meeting: its times are deadlines."""

OPENING_HOURS = _phrases(
    """
    office hours | opening hours | business hours | closes at | close at | open until | open
    from | heures d ouverture | horaires d ouverture | bureau ferme | ferme à | fermons à |
    öffnungszeiten | bürozeiten | geschäftszeiten | schließt um | schliessen um | geöffnet von
    | horario de atención | horario de oficina | cierra a las | cerramos a las | horário de
    atendimento | horário de funcionamento | fecha às | fechamos às | orari di apertura | orario
    d ufficio | chiude alle | chiudiamo alle | openingstijden | kantooruren | sluit om | sluiten
    om
    """
)
"""Words of opening hours ("notre bureau ferme à 17 h", "Bürozeiten 9-17 Uhr"): their times
are no meeting's."""

_THANKS_FOR_HELD = re.compile(
    r"\b(?:thanks|thank you|many thanks|merci|danke|vielen dank|gracias|muchas gracias"
    r"|obrigad[oa]|grazie|bedankt|dank je|dank u)(?:\s+(?:again|encore|nochmals|de nuevo"
    r"|novamente|ancora|nogmaals))?\s+(?:for|pour|de|fur|für|por|pela|pelo|per|voor)"
    r"(?:\s+(?!confirm|book|schedul|accept|agree|mov|reschedul|arrang|set|bevestig|bestatig"
    r"|vereinbar|program|fix|plan)[\w'’]+){0,2}?\s+(?:[ld]['’])?(?:interview|call|chat"
    r"|conversation|talk|meeting|entretien|echange|appel|entrevue|gesprach|gespräch|telefonat"
    r"|entrevista|conversa|conversacion|llamada|charla|colloquio|chiamata|gesprek"
    r"|sollicitatiegesprek)\b",
    re.IGNORECASE,
)
"""Thanks for a meeting held ("thanks again for Tuesday's interview at 11", "merci pour
l'entretien de lundi à 10 h 30", "grazie per il colloquio di ieri alle 12")."""

_AFTER_HELD = re.compile(
    r"\b(?:after|following|apres|suite a|nach|im anschluss an|despues de|tras|apos|depois"
    r"|dopo|in seguito a|na afloop van|naar aanleiding van|na(?=\s+(?:het|ons|onze|je|jullie"
    r"|uw)\b))\s+(?:(?:the|our|your|l['’]|le|la|notre|votre|ton|dem|der|unserem|unserer"
    r"|ihrem|ihrer|deinem|deiner|el|nuestra|nuestro|su|tu|da|do|a|o|nossa|nosso|sua|seu"
    r"|il|lo|nostro|nostra|suo|tuo|het|ons|onze|je|jullie|uw|de|del|al|di)\s+){0,2}"
    r"(?:(?!(?:at|a|um|om|alle|as|las|on|am|le|el|o)\s)[\w'’]+\s+)?(?:interview|call|chat"
    r"|conversation|talk|meeting|screen|entretien|echange|appel|entrevue|gesprach|gespräch"
    r"|telefonat|entrevista|conversa|conversacion|llamada|charla|colloquio|chiamata|gesprek"
    r"|sollicitatiegesprek|kennismakingsgesprek)\b",
    re.IGNORECASE,
)
"""A meeting the sentence refers back to ("after our call on Tuesday at 4", "dopo il colloquio
di giovedì alle 15", "nach dem Gespräch vom Montag um 10 Uhr", "na het gesprek van donderdag
om 15 uur"): held, or set already; its time is no new one."""

_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|\s[-–—]\s|$")
_COMMA_END = re.compile(r"[,.;!?:](?=\s|$)|\s[-–—]\s|$")


def _held(sentence: str) -> list[tuple[int, int]]:
    """The spans of a sentence (accents dropped) that thank for a meeting held, from the thanks
    to the end of its clause: the times there are past ones."""
    spans: list[tuple[int, int]] = []
    for hit in _THANKS_FOR_HELD.finditer(sentence):
        end = _CLAUSE_END.search(sentence, hit.end())
        spans.append((hit.start(), end.start() if end is not None else len(sentence)))
    return spans


def _referred_back(sentence: str) -> list[tuple[int, int]]:
    """The spans of a sentence (accents dropped) that refer back to a meeting ("after our call
    on Monday at 4 pm"), up to the end of their clause: the first time there is that
    meeting's."""
    spans: list[tuple[int, int]] = []
    for hit in _AFTER_HELD.finditer(sentence):
        # Up to the comma that ends the clause, and close to the meeting's name: the main
        # clause may set the next meeting ("Na ons gesprek bevestig ik je gesprek op ...").
        end = _COMMA_END.search(sentence, hit.end())
        stop = end.start() if end is not None else len(sentence)
        spans.append((hit.start(), min(stop, hit.end() + RECALLED_WITHIN)))
    return spans


RECALLED_WITHIN = 35
"""Characters after the name of a meeting referred back to within which its time is said
("after our call on Monday, December 7 at 4 pm")."""


MAX_SENTENCES = 400
"""Sentences of a text searched for times (the subject is the first)."""

MAX_SENTENCE_CHARS = 2_000
"""Characters of a sentence searched for times: a longer one is no sentence of a person's."""

MAX_TIMES = 40
"""Clock times read from one text: a confirmation states one, a schedule a dozen."""


US_ZONES = frozenset(
    {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"}
    | {"America/Phoenix", "America/Anchorage", "America/Detroit", "America/Boise"}
    | {"Pacific/Honolulu", "US/Eastern", "US/Central", "US/Mountain", "US/Pacific"}
)
"""Zones of users who write a date "12/10" month first (December 10)."""

_US_ZONE = re.compile(r"\b(?:E|C|M|P)[SD]?T\b")


def _dates_in(text: str, month_first: bool = False) -> list[_DateHit]:
    """The dates a sentence names, in order; "12/10" is read month first if ``month_first``
    (the user or the sentence is American), else day first."""
    hits: list[_DateHit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for hit in pattern.finditer(text):
            if any(hit.start() < end and start < hit.end() for start, end in taken):
                continue
            made = _date_hit(kind, hit, month_first)
            if made is not None:
                hits.append(made)
                taken.append((hit.start(), hit.end()))
    return sorted(hits, key=lambda h: h.start)


def _weekday_of(word: str | None) -> int | None:
    if not word:
        return None
    return _WEEKDAYS.get(fold(word).rstrip("."))


def _date_hit(kind: str, hit: re.Match[str], month_first: bool = False) -> _DateHit | None:
    groups = hit.groupdict()
    weekday = _weekday_of(groups.get("w"))
    if kind == "iso":
        day = _safe_date(int(hit["y"]), int(hit["m"]), int(hit["d"]))
        return None if day is None else _DateHit(hit.start(), hit.end(), day, None, None, kind)
    if kind in ("month_first", "day_first"):
        month = _MONTHS[fold(hit["mon"]).rstrip(".")]
        year = int(hit["y"]) if hit["y"] else 0
        return _DateHit(
            hit.start(), hit.end(), _partial(year, month, int(hit["d"])), weekday, None, kind
        )
    if kind == "numeric":
        first, second = int(hit["a"]), int(hit["b"])
        # Dots are day first ("15.10."); slashes are month first for Americans ("12/10").
        if hit["sep"] == "/" and second <= 12 < first:
            day_number, month = first, second
        elif hit["sep"] == "/" and (second > 12 or month_first):
            day_number, month = second, first
        else:
            day_number, month = first, second
        if hit["y"] is None and hit["sep"] == "/" and weekday is None and not hit["art"]:
            return None  # "1/2" is a fraction as often as a date; "dia 08/12" is a date
        year = int(hit["y"]) if hit["y"] else 0
        if 0 < year < 100:
            year += 2000
        if not 1 <= month <= 12:
            return None
        return _DateHit(
            hit.start(), hit.end(), _partial(year, month, day_number), weekday, None, kind
        )
    if kind == "weekday_day":
        number = int(hit["d"])
        if weekday is None or not 1 <= number <= 31:
            return None
        return _DateHit(hit.start(), hit.end(), None, weekday, None, kind, number)
    if kind == "weekday":
        word = fold(hit["w"])
        if word in ("segunda", "terca", "quarta", "quinta", "sexta") and re.match(
            r"\s+(?:entrevista|etapa|fase|rodada)", hit.string[hit.end() :], re.IGNORECASE
        ):
            return None
        if word in ("mar", "sat", "sun", "mon", "wed", "fri", "thu", "tue") and hit["w"].islower():
            return None
        return _DateHit(hit.start(), hit.end(), None, _WEEKDAYS[word], None, kind)
    relative = _RELATIVE.get(fold(hit["rel"]))
    return (
        None if relative is None else _DateHit(hit.start(), hit.end(), None, None, relative, kind)
    )


YEARLESS_HORIZON = timedelta(days=180)
"""A day and month without a year are the next such day, unless that is further ahead than
this: "on November 3" written on December 1 was last month, not in eleven months."""


def _partial(year: int, month: int, day: int) -> date | None:
    """A day and a month, with the year 0 standing for "unknown" (year 4, a leap year, keeps
    the 29th of February)."""
    return _safe_date(year or 4, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if year != 4 and not YEARS[0] <= year <= YEARS[1]:
        return None  # 4 stands for "no year" (see _partial)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(hit: _DateHit, reference: datetime) -> date | None:
    today = reference.date()
    if hit.relative is not None:
        return today + timedelta(days=hit.relative)
    if hit.day is not None:
        if hit.day.year != 4:
            return hit.day
        for year in (today.year, today.year + 1):
            day = _safe_date(year, hit.day.month, hit.day.day)
            if day is not None and day >= today:
                # A day and month further ahead than this were more likely in the past.
                return day if day - today <= YEARLESS_HORIZON else None
        return None
    if hit.weekday is not None and hit.mday is not None:
        # "el lunes 23": the next day 23 that is a Monday (within two months), else the next
        # Monday.
        for ahead in range(62):
            day = today + timedelta(days=ahead)
            if day.day == hit.mday and day.weekday() == hit.weekday:
                return day
    if hit.weekday is not None:
        return today + timedelta(days=(hit.weekday - today.weekday()) % 7)
    return None


_ENGLISH_HOURS = (
    *("one", "two", "three", "four", "five", "six"),
    *("seven", "eight", "nine", "ten", "eleven", "twelve"),
)
_PAST_HOUR = (
    r"(?:(?P<{0}part>half|(?:a\s+)?quarter)\s+(?P<{0}rel>past|after|to)\s+)?(?P<{0}hour>"
    + "|".join(_ENGLISH_HOURS)
    + r"|1[0-2]|[1-9])\b(?:\s+o['’]?clock\b)?"
)
_PAST = re.compile(
    r"\b(?:(?P<part>half|(?:a\s+)?quarter)\s+(?P<rel>past|after|to)\s+(?P<hour>"
    + "|".join(_ENGLISH_HOURS)
    + r"|1[0-2]|[1-9])\b(?:\s+o['’]?clock\b)?)"
    + r"(?:\s*(?:-|–|to|until|till)\s+"
    + _PAST_HOUR.format("e")
    + r")?",
    re.IGNORECASE,
)
"""A quarter or half hour in English words: "half past two", "a quarter to ten", with an end
("until half past three", "to four o'clock")."""


def _past_clock(part: str, rel: str, hour_word: str) -> tuple[int, int]:
    word = hour_word.lower()
    hour = int(word) if word.isdigit() else _ENGLISH_HOURS.index(word) + 1
    if not part:
        return hour, 0
    minutes = 30 if part.lower() == "half" else 15
    if rel.lower() == "to":
        return (hour - 2) % 12 + 1, 60 - minutes
    return hour, minutes


def _past_hits(text: str) -> list[_TimeHit]:
    """The times of :data:`_PAST` in ``text``: in the afternoon unless the text says the
    morning (or the hour is 8 to 11: nobody meets at half past two in the night)."""
    hits: list[_TimeHit] = []
    for hit in _PAST.finditer(text):
        rest = text[hit.end() :]
        said = next(
            ((name, m) for name, pattern in _PART_OF_DAY.items() if (m := pattern.match(rest))),
            None,
        )
        part, after = (said[0], hit.end() + said[1].end()) if said else ("", hit.end())
        hour, minute = _past_clock(hit["part"], hit["rel"], hit["hour"])
        ap = part or ("am" if 8 <= hour <= 11 else "pm")
        begins = _clock(hour, minute, ap)
        if begins is None:
            continue
        ends = None
        if hit["ehour"]:
            end_hour, end_minute = _past_clock(hit["epart"] or "", hit["erel"] or "", hit["ehour"])
            end_ap = part or ("am" if 8 <= end_hour <= 11 else "pm")
            ends = _clock(end_hour, end_minute, end_ap)
        zone, _ = _zone_after(text, after + len(text[after:]) - len(text[after:].lstrip(" ,")))
        hits.append(_TimeHit(hit.start(), hit.end(), begins, ends, zone, True))
    return hits


def _times_in(text: str) -> list[_TimeHit]:
    hits: list[_TimeHit] = []
    links = [(m.start(), m.end()) for m in _ADDRESSES.finditer(text)]
    for hit in _TIME.finditer(text):
        if any(start <= hit.start() < end for start, end in links):
            continue  # "19%3ameeting" in a meeting's link is no time
        made = _time_hit(hit, text)
        if made is not None:
            hits.append(made)
    hits += [
        h for h in _past_hits(text) if not any(h.start < o.end and o.start < h.end for o in hits)
    ]
    for hit in _NOON.finditer(text):
        zone, _ = _zone_after(text, hit.end())
        hits.append(_TimeHit(hit.start(), hit.end(), time(12, 0), None, zone, True))
    for hit in _HALF.finditer(text):
        word = hit["hour"].lower()
        hour = int(word) if word.isdigit() else _HOUR_WORDS[word]
        rest = text[hit.end() :]
        said = next(
            ((name, m) for name, pattern in _PART_OF_DAY.items() if (m := pattern.match(rest))),
            None,
        )
        part, after = (said[0], hit.end() + said[1].end()) if said else ("", hit.end())
        hour = (hour - 1) or 12
        # Nobody meets at half past two in the night: the afternoon unless the hour is 8 to 11.
        begins = _clock(hour, 30, part or ("am" if 8 <= hour <= 11 else "pm"))
        if begins is None:
            continue
        ends, stop = None, hit.end()
        until = _HALF_END.match(rest)
        if until is not None:
            ends = _clock(int(until["eh"]), int(until["em"] or 0), (until["eap"] or "").lower())
            stop = hit.end() + until.end()
            # The end it names ("tot 11:00 uur") is no time of its own.
            hits = [h for h in hits if not hit.end() <= h.start < stop]
        zone, _ = _zone_after(text, after)
        hits.append(_TimeHit(hit.start(), stop, begins, ends, zone, True))
    return sorted(hits, key=lambda h: h.start)


def _time_hit(hit: re.Match[str], text: str) -> _TimeHit | None:
    start_hour, start_minute = int(hit["sh"]), int(hit["sm"] or 0)
    start_ap = (hit["sap"] or "").lower().replace(".", "").replace(" ", "")
    start_unit = (hit["shr"] or "").lower()
    has_end = hit["eh"] is not None
    end_ap = (hit["eap"] or "").lower().replace(".", "").replace(" ", "") if has_end else ""
    end_unit = (hit["ehr"] or "").lower() if has_end else ""
    marked = bool(hit["sm"] or start_ap or start_unit or end_ap or end_unit)
    if has_end and not (hit["em"] or end_ap or end_unit or hit["sm"] or start_ap or start_unit):
        return None  # "3-4" is no time
    if not marked and not hit["cue"]:
        return None
    if start_unit in ("ore", "horas") and not hit["sm"] and not has_end:
        # "di 5 ore", "de 6 horas", "per 2 ore": a length; "alle ore 15", "a las 15 horas" is
        # a clock time.
        cue = (hit["cue"] or "").strip().lower()
        if cue == "de" or (not cue and _LENGTH_BEFORE.search(text, 0, hit.start())):
            return None
    if not marked:
        cue = hit["cue"].strip().lower()
        if cue not in ("at", "um", "om", "alle", "a las", "às", "as", "alle ore", "à", "ore"):
            return None
    if (hit["cue"] or "").strip().lower() in ("", "de", "di", "da", "of") and (
        _LENGTH_WORDS_BEFORE.search(text, max(0, hit.start() - 40), hit.start())
    ):
        return None  # "com a mesma duração (1h30)", "Dauer: 1h30": a length, no clock time
    # "8.12" is more often a date than a time; "11.00 - 11.45 uur" is a time.
    unmarked = not (start_unit or start_ap or hit["cue"] or end_unit or end_ap)
    if hit["sm"] and "." in hit.group(0) and unmarked:
        return None
    rest = text[hit.end() :]
    part = next((name for name, pattern in _PART_OF_DAY.items() if pattern.match(rest)), "")
    end_part = end_ap or part
    begins = _clock(start_hour, start_minute, start_ap or end_part)
    if begins is None:
        return None
    ends = None
    if has_end:
        ends = _clock(int(hit["eh"]), int(hit["em"] or 0), end_ap or part)
        if ends is not None and not start_ap and end_ap == "pm" and begins > ends:
            # "11-12 PM" and "11-1 PM" start in the morning; "2-3 PM" in the afternoon.
            begins = time(start_hour % 12, start_minute)
    zone, _ = _zone_after(text, hit.end())
    return _TimeHit(hit.start(), hit.end(), begins, ends, zone, bool(hit["cue"]))


def _clock(hour: int, minute: int, ap: str) -> time | None:
    if ap.startswith("p") and hour < 12:
        hour += 12
    elif ap.startswith("a") and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _zone_after(text: str, at: int) -> tuple[tzinfo | None, str]:
    window = text[at : at + 80]
    # A part of the day may stand between the time and its zone ("om half drie 's middags,
    # Nederlandse tijd", "à 3 h de l'après-midi, heure de Paris").
    part = next((m for p in _PART_OF_DAY.values() if (m := p.match(window))), None)
    if part is not None:
        window = window[part.end() :]
    window = window[:60]
    hit = _ZONE_AFTER.match(window)
    if hit is None:
        return None, ""
    if hit["offset"]:
        sign = -1 if hit["sign"] in "-−" else 1
        offset = timedelta(hours=int(hit["oh"]), minutes=int(hit["om"] or 0))
        if offset > timedelta(hours=14):
            return None, ""
        return timezone(sign * offset), hit.group(0)
    name = ""
    if hit["iana"]:
        name = hit["iana"]
    elif hit["place1"] or hit["place2"] or hit["place3"] or hit["place4"]:
        place = hit["place1"] or hit["place2"] or hit["place3"] or hit["place4"]
        name = _PLACES[fold(place)]
    elif hit["abbr"]:
        name = _ZONE_NAMES[hit["abbr"]]
    elif hit["long"]:
        words = fold(hit["long"]).split()
        name = _LONG_ZONES.get(" ".join(w for w in words if w not in _LONG_ZONE_TAILS), "")
    elif hit["word"]:
        name = _ZONE_NAMES[hit["word"].split()[0].title()]
    elif hit["zoned"]:
        place = fold(hit["zoned"]).split()[-1]
        name = _PLACES.get(place, "")
    elif hit["regional"]:
        name = _REGIONS.get(fold(hit["region"]).split()[-1], "")
    elif hit["coast"]:
        west = "west" in fold(hit["coast"])
        name = "America/Los_Angeles" if west else "America/New_York"
    if not name:
        return None, ""
    try:
        return ZoneInfo(name), hit.group(0)
    except (ValueError, KeyError, OSError):
        return None, ""


def _date_for(hit: _TimeHit, dates: Sequence[_DateHit]) -> _DateHit | None:
    """The date that goes with a time in its sentence: the nearest before it (within 80
    characters), else the nearest after it (within 40)."""
    before = [d for d in dates if d.end <= hit.start and hit.start - d.end <= 80]
    if before:
        nearest = max(before, key=lambda d: d.end)
        if nearest.day is None and nearest.relative is None and nearest.weekday is not None:
            # A weekday alone repeats the day a date said before it ("Wednesday 18/02 (Ash
            # Wednesday, so in the afternoon), at 2pm"): that date.
            dated = [
                d
                for d in dates
                if d.end <= nearest.start and d.day is not None and d.weekday == nearest.weekday
            ]
            if dated:
                return max(dated, key=lambda d: d.end)
        return nearest
    after = [d for d in dates if d.start >= hit.end and d.start - hit.end <= 40]
    if after:
        return min(after, key=lambda d: d.start)
    return None


def _date_nearby(
    index: int, dates: Sequence[Sequence[_DateHit]], times: Sequence[Sequence[_TimeHit]]
) -> _DateHit | None:
    """The date of a neighbouring sentence that names a date and no time ("Date: Tuesday,
    December 8" then "Time: 2 PM")."""
    for other in (index - 1, index + 1, index - 2):
        if 0 <= other < len(dates) and dates[other] and not times[other]:
            return dates[other][-1] if other < index else dates[other][0]
    return None


_DUTCH_CLOCK = re.compile(r"\d{1,2}[.,](?:00|15|30|45) uur")
"""A Dutch clock time ("8.00 uur"), which :data:`_DURATION` would read as hours."""


def _duration(sentence: str, times: Sequence[_TimeHit] = ()) -> timedelta | None:
    """The length a sentence states ("45 minutes", "Het duurt 1 uur", "an hour and a half",
    "1h30"), not a clock time's own words ("om 10 uur") nor a length that is no meeting's (a
    zone's difference, "10 minutes early")."""
    for hit in _DURATION.finditer(sentence):
        if any(t.cued and t.start < hit.end() and hit.start() < t.end for t in times):
            continue
        if _NOT_LENGTH_BEFORE.search(sentence, max(0, hit.start() - 40), hit.start()):
            continue
        if _NOT_LENGTH_AFTER.match(sentence, hit.end()):
            continue
        if _DUTCH_CLOCK.fullmatch(f"{hit['n'] or ''} {hit['unit'] or ''}".lower()):
            continue  # "(8.00 uur in Montréal)": a clock time restated, no length
        minutes = _minutes(hit)
        if minutes is not None and 10 <= minutes <= 600:
            return timedelta(minutes=minutes)
    return None


def _minutes(hit: re.Match[str]) -> int | None:
    """The minutes a :data:`_DURATION` hit states."""
    if hit["half"]:
        return 30
    if hit["hm"]:
        return int(hit["hm"]) * 60 + int(hit["mm"])
    count = hit["n"].lower()
    if count[:1].isdigit():
        amount = float(count.replace(",", "."))
    elif count in ("anderthalb", "eineinhalb", "anderhalf"):
        amount = 1.5
    else:
        amount = _NUMBER_WORDS.get(count, 1)
    unit = hit["unit"].lower()
    hours = unit.startswith(("h", "s", "o", "u"))
    if hit["more"]:
        if not hours:
            return None
        amount += 0.5
    minutes = amount * 60 if hours else amount
    if minutes != int(minutes):
        return None
    return int(minutes)
