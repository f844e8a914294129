"""The draft linter: what a rendered draft must never say, in the four draft languages.

A draft is what the user sends to a hiring manager, so a wrong sentence costs more than no
draft. :func:`lint` returns every problem of one draft as a sentence that names the problem,
quotes the offending text and says what to do; :func:`lint_panel` compares the notes that go to
the interviewers of one panel. Pure: no clock, disk or network.

The checks
----------
No false claim
    Before the interview (it starts after ``at``, the action's due time) nothing speaks of it as
    past ("I enjoyed", "notre échange", "unser Gespräch"), its date stands next to no past-tense
    verb, and no thank-you, follow-up or expedite is drafted for it. No preference stronger than
    the interview's :class:`~watcher.models.Interest`: ``normal`` allows neither "very
    interested" (HIGH) nor "first choice" (TOP), ``high`` allows the first, ``top`` both. No
    event watcher cannot know ("asked to respond soon", "I have a deadline"), and an offer
    elsewhere only in an expedite draft.
No placeholder or empty field
    No ``$``, ``[...]``, ``{...}``, ``<name>``, TODO or XXX; no generic addressee ("Hiring
    Team") in the greeting when a recipient has a name; no doubled space, " ,", " .", empty
    brackets or quotes, sentence ending on "about"; a greeting that names the recipients and
    nobody else; a closing and a signature that is no placeholder
    (:func:`~watcher.settings.is_placeholder_name`).
No sentence cut by a line break
    Between the greeting (first line) and the closing ("Best regards,") each paragraph is one
    line ending with . ! ? or : (a closing quote or parenthesis may follow); no promise pasted
    raw ("here is my follow-up: send references.").
Word limits
    Greeting to closing: a thank-you at most 150 words, a follow-up 120, the others 180. The
    subject is not empty, under 80 characters, without a trailing period or a doubled "Re:".
The recipient's role
    A draft to contacts only (recruiters, coordinators) or to nobody (the hiring team) never
    speaks of the interview as a conversation with the reader ("our conversation", "you
    mentioned") nor of an interviewer's topic as "our" conversation. A note to interviewer A
    never names interviewer B's own topic.
A panel
    No two notes to the interviewers of one panel are equal once greeting and names are
    removed, and no two share more than half of their sentences word for word.

The language data
-----------------
:data:`LANGUAGES` holds one :class:`Language` per draft language. A phrase is matched on whole
words, case and accents folded (:func:`watcher.words.fold`), commas ignored between words. In a
phrase, ``a|b`` is one word out of several, ``_`` joins words into one alternative
(``thank_you|thanks``) and a lone ``*`` stands for up to three words of any kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from watcher import templates
from watcher.errors import TemplateError
from watcher.models import (
    DRAFT_LANGUAGES,
    Action,
    ActionKind,
    Commitment,
    Draft,
    Format,
    Interest,
    Interview,
    Person,
    PersonRole,
    Timeline,
)
from watcher.record import fields, record
from watcher.settings import is_placeholder_name
from watcher.spans import Span, Unit
from watcher.words import fold


@record
class Language:
    """The phrases of one draft language, each a list of phrases in the syntax of the module's
    docstring."""

    past: tuple[str, ...]
    """Speaking of the interview as over: wrong before it took place."""
    past_near_date: tuple[str, ...]
    """Past-tense verbs that, in a sentence with the interview's date, say it took place."""
    high: tuple[str, ...]
    """A strong preference ("very interested"): for an interview of interest HIGH or TOP."""
    top: tuple[str, ...]
    """A superlative preference ("first choice"): for an interview of interest TOP only."""
    unknown: tuple[str, ...]
    """Events watcher cannot know (a deadline, being asked to answer): never."""
    offer: tuple[str, ...]
    """An offer from elsewhere: only in an expedite draft."""
    shared: tuple[str, ...]
    """The interview as a conversation with the reader: only to an interviewer."""
    we: tuple[str, ...]
    """"We", "our", "with you": a topic next to them is the reader's own conversation."""
    generic: tuple[str, ...]
    """Addressing nobody in particular ("Hiring Team"): not when a recipient has a name."""
    dangling: tuple[str, ...]
    """Words no sentence ends with (what is left when a field was empty)..."""
    stranded: tuple[str, ...]
    """...unless one of these phrases ends it ("the projects your team is working on.")."""
    greetings: tuple[str, ...]
    """How a greeting begins."""
    closings: tuple[str, ...]
    """Closing lines, without their comma."""
    months: tuple[str, ...]
    """January to December."""


LANGUAGES: Mapping[str, Language] = MappingProxyType(
    {
        "en": Language(
            past=(
                "thank_you|thanks * for interviewing me",
                "thank_you|thanks * for the|our|my interview",
                "thank_you|thanks * for meeting|speaking|talking|chatting",
                "thank_you|thanks * for taking the time to meet|speak|talk|chat|interview",
                "thank_you|thanks * for the|our conversation|discussion|chat|call|meeting",
                "our conversation|conversations|discussion|discussions|chat|talk",
                "i * enjoyed",
                "it_was|it's_been|it_has_been * a_pleasure|great|nice|good|wonderful|lovely",
                "we met|spoke|talked|discussed|chatted",
                "we've|we_have met|spoken|talked|discussed",
                "as_we discussed|agreed",
                "as discussed",
                "as promised during|in|at our|the",
                "since|following our|the|my interview|conversation|discussion|meeting|call",
                "learned|learnt more about",
                "interview went",
            ),
            past_near_date=(
                "interviewed",
                "interviewing me",
                "met|spoke|talked|discussed|chatted|enjoyed|promised",
                "took place",
                "was held",
            ),
            high=(
                "very|really|extremely|highly|particularly|especially|genuinely|truly|deeply"
                " interested|excited|enthusiastic|keen",
                "very_much|even_more|all_the_more|so interested|excited|enthusiastic|keen",
                "strong|great|keen|deep interest",
                "thrilled",
            ),
            top=(
                "most interested|excited|enthusiastic|keen",
                "first|top|number_one|no_1|#1 choice|priority|pick",
                "i * prefer",
                "much|strongly|greatly|far prefer|rather",
                "remains|remain the company|employer|team|place|role|position|opportunity",
                "the_company|the_team|the_role|the_place i most|would_most",
                "above all",
                "more than any other",
                "ideal",
                "dream job|role|company|employer|team|position",
                "top of my list",
                "my favorite|favourite",
            ),
            unknown=(
                "asked|required|expected|told to respond|reply|decide|answer|accept",
                "i * need|have|must * respond|reply|decide|answer|accept",
                "have|face|got * deadline",
                "deadline to respond|reply|decide|answer|accept",
                "my deadline",
            ),
            offer=(
                "received|got|holding|hold|accepted|have|has * another|an|a|competing|other"
                "|second|job|written offer|offers",
                "another|competing offer|offers",
                "offer|offers from another|other",
                "offer elsewhere",
            ),
            shared=(
                "our conversation|conversations|discussion|discussions|chat|talk",
                "you mentioned|said|told|shared|explained|described",
                "as_we discussed|agreed",
                "we met|spoke|talked|discussed|chatted",
                "met you",
                "met|spoke|talked|chatted with|to you",
                "enjoyed|liked meeting|speaking_with|talking_with|chatting_with|speaking_to"
                "|talking_to you",
                "thank_you|thanks * for interviewing me",
            ),
            we=("our", "ours", "we", "us", "with you", "you and i"),
            generic=(
                "hiring team|manager|committee",
                "recruiting|recruitment|talent team",
                "dear team",
                "sir or madam",
                "to whom it may concern",
            ),
            dangling=("about", "with", "on", "for", "the", "of", "and"),
            stranded=(
                "working|work|focusing|focus|building|build|relying|rely|count|follow_up|planning"
                " on",
                "help|helping|deal|dealing|work|working|assist|assisting|familiar with",
                "looking|look|asking|ask|hoping|hope|waiting|wait|caring|care for",
                "excited|passionate|curious|care|caring|hear|hearing|learn|learning|think"
                "|thinking|know|knowing about",
            ),
            greetings=("dear", "hello", "hi", "hey", "good morning|afternoon|evening"),
            closings=(
                "best regards",
                "kind regards",
                "warm regards",
                "warmest regards",
                "with best regards",
                "with kind regards",
                "regards",
                "best",
                "best wishes",
                "all the best",
                "sincerely",
                "yours sincerely",
                "sincerely yours",
                "yours truly",
                "respectfully",
                "warmly",
                "cheers",
                "many thanks",
                "thanks",
                "thank you",
                "with thanks",
                "with gratitude",
                "with appreciation",
            ),
            months=(
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
        ),
        "fr": Language(
            past=(
                "merci * pour|de l'entretien|l'echange|l'appel|l'entrevue",
                "merci * pour|de cet|notre|cette entretien|echange|conversation|discussion"
                "|entrevue|appel|rencontre",
                "remercie * pour|de l'entretien|l'echange|l'entrevue",
                "remercie * pour|de cet|notre|cette entretien|echange|conversation|discussion"
                "|entrevue|rencontre",
                "m'avoir recu|recue|rencontre|rencontree|interroge|interrogee|accorde|consacre"
                "|ecoute|ecoutee|accueilli|accueillie",
                "notre|nos echange|echanges|conversation|conversations|discussion|discussions"
                "|entrevue",
                "j'ai * apprecie|aime|adore",
                "j'ai eu|pris plaisir",
                "ce_fut|c'etait|cela_a_ete|ca_a_ete * plaisir|joie|agreable|enrichissant"
                "|passionnant|interessant",
                "nous_avons|nous_nous_sommes * parle|discute|echange|evoque|aborde|rencontre"
                "|rencontres|vu",
                "comme promis|convenu|evoque|discute lors",
                "comme nous * l'avons|en_avons discute|evoque|convenu|vu",
                "suite a|depuis notre|l'entretien|l'echange|l'entrevue",
                "suite a|depuis notre entretien|echange|conversation|discussion|rencontre|entrevue",
                "j'ai passe|eu l'entretien|un_entretien|l'entrevue",
            ),
            past_near_date=(
                "s'est deroule|deroulee|tenu|tenue",
                "a eu lieu",
                "avons parle|discute|echange|evoque",
                "ai apprecie",
                "m'avoir",
                "nous sommes rencontres|vus|parle",
            ),
            high=(
                "tres|vivement|particulierement|extremement|vraiment|sincerement|fortement"
                "|d'autant_plus|encore_plus|tout_particulierement interesse|interessee"
                "|motive|motivee|enthousiaste|enthousiasmee|enthousiasme",
                "grand|vif|fort|profond|reel|tres_grand interet",
            ),
            top=(
                "premier|1er choix",
                "choix numero_un|prioritaire|n°1",
                "le|la plus interesse|interessee|motive|motivee",
                "m'interesse le plus",
                "je * prefere|prefererais",
                "de loin",
                "par-dessus|par_dessus tout",
                "plus que tout",
                "ideal|ideale|ideaux|ideales",
                "poste|emploi|travail|entreprise|employeur|equipe de reve",
                "poste|emploi|travail|entreprise|employeur|equipe reve|revee",
                "reste|demeure l'entreprise|l'employeur|l'equipe|le_poste|mon_choix|ma_priorite",
                "en priorite",
            ),
            unknown=(
                "m'a|m'ont|m'a_ete * demande * repondre|reponse|decision|decider",
                "je dois|devrai|devrais * repondre|decider|trancher|me_decider|me_prononcer",
                "je dois|devrai|devrais * donner|rendre ma reponse",
                "date limite",
                "j'ai|ai * echeance|ultimatum",
            ),
            offer=(
                "recu|obtenu|accepte * une|autre|deux offre|offres|proposition|propositions",
                "autre|autres offre|offres|proposition|propositions",
                "offre|offres concurrente|concurrentes",
                "offre|offres d'une|d'un autre|autres",
            ),
            shared=(
                "notre|nos conversation|conversations|discussion|discussions|echange"
                "|echanges|entrevue",
                "vous avez mentionne|evoque|explique|dit|partage|precise|souligne|parle",
                "vous m'avez * dit|explique|parle|presente|decrit|raconte",
                "nous_avons|nous_nous_sommes * parle|discute|echange|evoque|aborde|rencontre"
                "|rencontres",
                "comme nous * l'avons|en_avons discute|evoque|convenu|vu",
                "m'avoir interroge|interrogee|interviewe|interviewee",
            ),
            we=("notre", "nos", "nous", "avec vous"),
            generic=(
                "equipe de recrutement|selection|ressources_humaines",
                "chere|cher equipe",
                "madame monsieur",
                "madame ou monsieur",
                "responsable du recrutement",
                "a qui de droit",
            ),
            dangling=("de", "du", "des", "sur", "avec", "pour", "au", "aux", "et"),
            stranded=(),
            greetings=(
                "bonjour",
                "bonsoir",
                "madame",
                "monsieur",
                "cher",
                "chere",
                "chers",
                "cheres",
            ),
            closings=(
                "cordialement",
                "bien cordialement",
                "tres cordialement",
                "bien a vous",
                "sinceres salutations",
                "meilleures salutations",
                "salutations distinguees",
                "avec mes remerciements",
                "avec mes salutations",
                "merci",
                "merci encore",
                "respectueusement",
                "sincerement",
                "belle journee",
                "bonne journee",
            ),
            months=(
                "janvier",
                "fevrier",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "aout",
                "septembre",
                "octobre",
                "novembre",
                "decembre",
            ),
        ),
        "de": Language(
            past=(
                "danke|dank|dankeschon * fur das|unser|ihr|dieses|den * gesprach|interview"
                "|vorstellungsgesprach|treffen|telefonat|kennenlernen|austausch",
                "bedanke * fur das|unser|ihr|dieses|den * gesprach|interview"
                "|vorstellungsgesprach|treffen|telefonat|kennenlernen|austausch",
                "unser|unseres|unserem|unseren gesprach|gesprachs|gesprache|austausch"
                "|austauschs|telefonat|telefonats|unterhaltung",
                "es_war|es_hat_mich * freude|vergnugen|schon|gefreut|angenehm|spannend",
                "hat|haben mir * gefallen|freude|spass",
                "wir haben|hatten * gesprochen|besprochen|diskutiert|unterhalten|getroffen"
                "|kennengelernt|ausgetauscht",
                "wir sprachen|besprachen|diskutierten|trafen|unterhielten",
                "wie * besprochen|erwahnt|abgesprochen",
                "ich habe * genossen|geschatzt",
                "seit unserem|dem gesprach|austausch|telefonat|interview"
                "|vorstellungsgesprach|treffen",
                "im_anschluss_an unser|das gesprach|interview|vorstellungsgesprach|telefonat",
                "zeit * genommen",
            ),
            past_near_date=(
                "gesprochen|besprochen|getroffen|kennengelernt|gefuhrt|stattgefunden"
                "|unterhalten|versprochen",
                "hatten|war|fand",
            ),
            high=(
                "sehr|besonders|ausserst|wirklich|ernsthaft|hochst|ganz_besonders|umso"
                "|noch_mehr|noch_starker interessiert|motiviert|begeistert",
                "grosses|grossem|starkes|starkem|lebhaftes|lebhaftem|besonderes|besonderem"
                "|reges|regem interesse",
                "begeistert|begeisterung",
            ),
            top=(
                "erste|erster|ersten wahl",
                "favorit|favoriten|wunscharbeitgeber|wunschunternehmen|wunschstelle"
                "|wunschposition|traumjob|traumstelle|traumarbeitgeber|traumunternehmen"
                "|traumposition|traumteam",
                "ideal|ideale|idealen|idealer|ideales",
                "am meisten|liebsten",
                "bei weitem",
                "viel|deutlich|weitaus lieber",
                "bevorzuge|bevorzugen|bevorzugt|bevorzugte|bevorzugen_wurde",
                "bleibt das_unternehmen|der_arbeitgeber|mein|meine",
                "grosstes|grossten|hochstes|hochsten interesse",
                "an erster stelle",
                "oberste prioritat",
                "mehr als * jede|jedes|alle andere|anderen",
            ),
            unknown=(
                "ich muss|soll|sollte|musste * antworten|entscheiden|zusagen|absagen"
                "|ruckmelden|ruckmeldung",
                "gebeten * antworten|entscheiden|zusagen|ruckmelden|ruckmeldung",
                "frist|deadline|antwortfrist|entscheidungsfrist",
            ),
            offer=(
                "angebot|jobangebot|stellenangebot|zusage * erhalten|bekommen|vorliegen|angenommen",
                "anderes|weiteres|konkurrierendes|zweites|anderen|weiteren angebot|angebots"
                "|jobangebot|stellenangebot|angebote",
                "angebot|angebote von|eines|einem|einer * anderen|anderer|weiteren",
            ),
            shared=(
                "unser|unseres|unserem|unseren gesprach|gesprachs|gesprache|austausch"
                "|austauschs|telefonat|telefonats|unterhaltung",
                "sie * erwahnten|sagten|erklarten|erzahlten|beschrieben|schilderten",
                "sie haben * erwahnt|gesagt|erklart|erzahlt|beschrieben|geschildert",
                "wir haben|hatten * gesprochen|besprochen|diskutiert|unterhalten|getroffen"
                "|kennengelernt|ausgetauscht",
                "wir sprachen|besprachen|diskutierten|trafen|unterhielten",
                "mit ihnen * gesprochen",
                "wie * besprochen|abgesprochen",
            ),
            we=(
                "unser",
                "unsere",
                "unserem",
                "unseren",
                "unserer",
                "unseres",
                "wir",
                "uns",
                "mit ihnen",
            ),
            generic=(
                "damen und herren",
                "recruiting-team|recruitingteam|personalabteilung|bewerbungsteam"
                "|einstellungsteam|personalteam|hr-team",
                "liebes|hallo team",
                "recruiting team",
            ),
            dangling=("uber", "fur", "zum", "zur", "am", "im", "vom", "beim", "ins", "und"),
            stranded=(),
            greetings=(
                "sehr geehrte|geehrter|geehrtes",
                "liebe",
                "lieber",
                "liebes",
                "hallo",
                "guten tag|morgen|abend",
                "gruss gott",
                "servus",
                "moin",
            ),
            closings=(
                "mit freundlichen grussen",
                "freundliche grusse",
                "viele grusse",
                "beste grusse",
                "herzliche grusse",
                "liebe grusse",
                "schone grusse",
                "mit besten grussen",
                "mit herzlichen grussen",
                "mit freundlichem gruss",
                "freundliche gruss",
                "gruss",
                "grusse",
                "vielen dank",
                "danke",
            ),
            months=(
                "januar|janner",
                "februar",
                "marz",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "dezember",
            ),
        ),
        "es": Language(
            past=(
                "gracias * por la|esta|nuestra entrevista|conversacion|charla|reunion|llamada",
                "gracias * por entrevistarme|recibirme|atenderme|reunirse|reunirte|conversar"
                "|hablar",
                "agradezco * la|esta|nuestra entrevista|conversacion|charla",
                "nuestra|nuestras conversacion|conversaciones|charla|charlas|platica",
                "nuestro encuentro|intercambio",
                "disfrute|disfrutamos",
                "me gusto|encanto",
                "fue|ha_sido * placer|gusto|grato|agradable",
                "conversamos|charlamos",
                "nos conocimos|reunimos|vimos",
                "como|lo_que hablamos|comentamos|acordamos|conversamos|mencionamos",
                "desde|tras nuestra|la entrevista|conversacion|reunion|charla",
            ),
            past_near_date=(
                "fue",
                "tuvimos|tuve",
                "conversamos|hablamos|charlamos",
                "nos conocimos|reunimos",
                "me entrevisto|entrevistaron",
                "se celebro|realizo",
            ),
            high=(
                "muy|realmente|sumamente|extremadamente|especialmente|sinceramente"
                "|verdaderamente|aun_mas|todavia_mas|tan interesado|interesada|entusiasmado"
                "|entusiasmada|motivado|motivada|ilusionado|ilusionada",
                "gran|enorme|profundo|vivo|especial|sincero interes",
            ),
            top=(
                "primera opcion",
                "opcion preferida|numero_uno",
                "mi prioridad",
                "mas me interesa|ilusiona|motiva",
                "mayor interes",
                "prefiero|preferiria",
                "ideal|ideales",
                "trabajo|puesto|empleo|empresa|equipo sonado|sonada|de_mis_suenos|de_ensueno",
                "sigue siendo la_empresa|el_equipo|mi_primera",
                "por encima de todo|todas|todos",
                "mas que ninguna|ningun|cualquier",
            ),
            unknown=(
                "me * pidieron|han_pedido|piden|pide|ha_pedido * responder|respuesta|decidir"
                "|decision|contestar|responda|decida|conteste",
                "debo|tengo_que|necesito * responder|decidir|contestar|dar_una_respuesta"
                "|dar_mi_respuesta|tomar_una_decision",
                "fecha limite",
            ),
            offer=(
                "recibido|obtenido|aceptado|tengo * otra|una oferta|ofertas|propuesta",
                "otra|otras oferta|ofertas",
                "oferta|ofertas de otra|otras|otro",
                "oferta|ofertas competidora|competidoras",
            ),
            shared=(
                "nuestra|nuestras conversacion|conversaciones|charla|charlas|platica",
                "nuestro encuentro|intercambio",
                "usted * menciono|comento|explico|dijo|senalo|indico|conto",
                "como * menciono|comento|explico|indico|hablamos|conversamos|acordamos",
                "conversamos|charlamos",
                "nos conocimos|reunimos",
                "gracias * por entrevistarme",
            ),
            we=(
                "nuestra",
                "nuestro",
                "nuestras",
                "nuestros",
                "nosotros",
                "con usted",
                "contigo",
            ),
            generic=(
                "equipo de seleccion|contratacion|reclutamiento|recursos_humanos|talento",
                "estimado|querido equipo",
                "a quien corresponda",
                "senores|senoras",
            ),
            dangling=("sobre", "con", "para", "de", "del", "en", "los", "las", "y", "al"),
            stranded=(),
            greetings=(
                "estimado",
                "estimada",
                "estimados",
                "estimadas",
                "hola",
                "buenos dias",
                "buenas tardes|noches",
                "apreciado",
                "apreciada",
                "querido",
                "querida",
            ),
            closings=(
                "saludos cordiales",
                "un cordial saludo",
                "reciba un cordial saludo",
                "cordialmente",
                "atentamente",
                "un saludo",
                "saludos",
                "muchas gracias",
                "gracias",
                "un abrazo",
                "con mis mejores deseos",
                "mis mejores deseos",
            ),
            months=(
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre|setiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ),
        ),
    }
)
"""The phrases of each language of :data:`~watcher.models.DRAFT_LANGUAGES`."""

WORD_LIMITS: Mapping[ActionKind, int] = MappingProxyType(
    {ActionKind.THANK_YOU: 150, ActionKind.FOLLOW_UP: 120}
)
"""Most words from greeting to closing, per kind of draft; the others get
:data:`DEFAULT_WORD_LIMIT`."""
DEFAULT_WORD_LIMIT = 180
SUBJECT_LIMIT = 80
"""A subject must be shorter than this many characters."""

_AFTER_THE_INTERVIEW = frozenset({ActionKind.THANK_YOU, ActionKind.FOLLOW_UP, ActionKind.EXPEDITE})
"""Drafts that only make sense once the interview took place."""

_FILL_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\$\{[^}]*\}?|\$\w*"), "an unfilled template field"),
    (re.compile(r"\[[^\]]*\]"), "a placeholder in brackets"),
    (re.compile(r"\{[^}]*\}"), "a placeholder in braces"),
    (re.compile(r"<[^<>@:/\s][^<>@:/]*>"), "a placeholder in angle brackets"),
    (re.compile(r"[^\s.,;:!?]*[ \t\u00a0\u202f]{2,}[^\s.,;:!?]*"), "a doubled space"),
    (re.compile(r"\S*\s(?:,(?!\w)|\.(?![\w.]))"), "a space before a comma or period"),
    (re.compile(r",\s*[,.]"), "an empty list item"),
    (re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}"), "empty brackets"),
    (re.compile(r"[\"“„«]\s*[\"”“»]|'\s*'"), "empty quotes"),
    (re.compile(r"\ufffd|Ã[\x80-\xbf]|â€"), "garbled characters"),
)
"""What an unfilled field or a slip of the template leaves in a line, and its name."""
_PLACEHOLDER = re.compile(r"(?<!\w)(?:TODO|TBD|FIXME|(?i:xxx+|lorem ipsum))(?!\w)")
"""Placeholders a template writer leaves; only in capitals where they are also words ("todo"
is Spanish for "all")."""
# A closing formula of French letters ("Je vous prie d'agréer, Madame, l'expression de mes
# salutations distinguées.") is a sentence, not a short closing line.
_FRENCH_FORMULA = re.compile(r"\b(?:agreer|salutations distinguees)\b")
_TERMINAL = re.compile(r"[.!?:…][\"'»”’)\]]*$")
_GREETING_END = re.compile(r"[,:!]$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'»”’)\]])\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|antw|sv|r|rv|réf|ref|wg|tr|fw|fwd)\s*:", re.IGNORECASE)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# --- phrases ----------------------------------------------------------------------------------


def _alternatives(token: str) -> str:
    parts = [r"[\s,]+".join(re.escape(w) for w in alt.split("_")) for alt in token.split("|")]
    return "(?:" + "|".join(parts) + ")"


def _compile(phrase: str) -> re.Pattern[str]:
    """Return the regular expression of one phrase of the table (see the module docstring)."""
    pieces = fold(phrase).split()
    out = []
    for index, piece in enumerate(pieces):
        if piece == "*":
            out.append(r"(?:[^\s.!?;:,]+[\s,]+){0,3}")
            continue
        out.append(_alternatives(piece))
        if index < len(pieces) - 1:
            out.append(r"[\s,]+")
    return re.compile(r"(?<!\w)" + "".join(out) + r"(?!\w)")


@record
class _Phrases:
    """The compiled phrases of one language, field by field as in :class:`Language`."""

    texts: Language
    patterns: Mapping[str, tuple[re.Pattern[str], ...]]

    def find(self, kind: str, text: _Text) -> str | None:
        """Return the first phrase of ``kind`` in ``text`` as written there, or None."""
        for pattern in self.patterns[kind]:
            match = pattern.search(text.folded)
            if match:
                return text.original(match.start(), match.end())
        return None


def _phrases(language: Language) -> _Phrases:
    patterns = {
        f.name: tuple(_compile(p) for p in getattr(language, f.name))
        for f in fields(Language)
        if f.name not in ("closings", "months")
    }
    return _Phrases(language, MappingProxyType(patterns))


def _union(languages: Iterable[Language]) -> Language:
    chosen = list(languages)
    return Language(
        **{
            f.name: tuple(p for lang in chosen for p in getattr(lang, f.name))
            for f in fields(Language)
        }
    )


_COMPILED: Mapping[str, _Phrases] = MappingProxyType(
    {code: _phrases(language) for code, language in LANGUAGES.items()}
)
_ANY_LANGUAGE = _phrases(_union(LANGUAGES.values()))
_ALL_MONTHS = tuple(
    tuple(name for month in names for name in fold(month).split("|"))
    for names in zip(*(lang.months for lang in LANGUAGES.values()), strict=True)
)
"""Per month (0 = January), its names in every language, folded."""


@record
class _Text:
    """A piece of the draft and its folded form, with the way back to the original."""

    text: str
    folded: str
    index: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        folded: list[str] = []
        index: list[int] = []
        for position, char in enumerate(text):
            piece = fold("'" if char in "’‘ʼ" else char)
            folded.append(piece)
            index += [position] * len(piece)
        return cls(text, "".join(folded), tuple(index))

    def original(self, start: int, end: int) -> str:
        """Return the original text of the folded span ``[start, end)``."""
        if start >= end:
            return ""
        return self.text[self.index[start] : self.index[end - 1] + 1]


# --- the draft's layout -----------------------------------------------------------------------


@record
class _Layout:
    """The parts of a draft's body; a line is (its number from 1, its text)."""

    greeting: tuple[int, str] | None
    body: tuple[tuple[int, str], ...]
    """The lines between the greeting and the closing (blank ones included)."""
    closing: tuple[int, str] | None
    signature: tuple[str, ...]

    @property
    def sentences(self) -> list[str]:
        """The sentences of the body lines (not the greeting, closing or signature)."""
        return [s for _, line in self.body for s in _sentences(line)]

    @property
    def letter(self) -> list[str]:
        """The text from greeting to closing, line by line, without the signature."""
        lines = [self.greeting[1]] if self.greeting else []
        lines += [line for _, line in self.body if line.strip()]
        return lines + ([self.closing[1]] if self.closing else [])


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE_BREAK.split(line.strip()) if s]


def _is_closing(line: str, closings: Iterable[str]) -> bool:
    bare = fold(line.strip()).rstrip(",").strip()
    if bare in closings:
        return True
    return bool(_FRENCH_FORMULA.search(bare))


def _closing_language(line: str) -> set[str]:
    bare = fold(line.strip()).rstrip(",").strip()
    return {code for code, lang in LANGUAGES.items() if bare in lang.closings}


def _layout(body: str) -> _Layout:
    lines = [(n, line.rstrip("\r")) for n, line in enumerate(body.split("\n"), start=1)]
    filled = [(n, line) for n, line in lines if line.strip()]
    if not filled:
        return _Layout(None, (), None, ())
    greeting = filled[0]
    closings = {c for lang in LANGUAGES.values() for c in lang.closings}
    rest = filled[1:]
    closing = next((item for item in reversed(rest) if _is_closing(item[1], closings)), None)
    if closing is None:
        closing = next((item for item in reversed(rest) if item[1].rstrip().endswith(",")), None)
    end = closing[0] if closing else (rest[-1][0] if rest else greeting[0])
    signature_from = closing[0] + 1 if closing else end
    inner = tuple((n, line) for n, line in lines if greeting[0] < n < end)
    signature = tuple(line.strip() for n, line in lines if n >= signature_from and line.strip())
    return _Layout(greeting, inner, closing, signature)


# --- dates ------------------------------------------------------------------------------------


def _date_pattern(days: Iterable[date]) -> re.Pattern[str]:
    """Return a pattern that finds any of ``days`` written out in any draft language, folded:
    "December 9", "9 décembre", "9. Dezember", "9 de diciembre", "2026-12-09", "9.12.", "12/9"."""
    forms = []
    for day in sorted(set(days)):
        names = set(_ALL_MONTHS[day.month - 1])
        short = {n[:k] for n in names for k in (3, 4)} - names
        month = (
            r"(?<![\w'])(?:"
            + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            + r"|(?:"
            + "|".join(re.escape(n) for n in sorted(short, key=len, reverse=True))
            + r")\.?)(?![\w'])"
        )
        d, m, yy = day.day, day.month, day.year % 100
        year = rf"(?:{day.year}|{yy:02d})"
        forms += [
            rf"{month}\s+0?{d}(?:st|nd|rd|th)?(?!\d)",
            rf"(?<![\d.,/])0?{d}(?:\.|er|st|nd|rd|th|º|°)?\s+(?:de\s+)?{month}",
            rf"(?<!\d){day.year}-{m:02d}-{d:02d}(?!\d)",
            rf"(?<![\d./])0?{d}\.\s?0?{m}\.(?:\s?{year})?(?![\d.]\d)",
            rf"(?<![\d./])0?{m}/0?{d}(?:/{year})?(?![\d/])",
            rf"(?<![\d./])0?{d}/0?{m}(?:/{year})?(?![\d/])",
        ]
    return re.compile("|".join(forms))


# --- the checks -------------------------------------------------------------------------------


def _quote(text: str, limit: int = 140) -> str:
    flat = re.sub(r"\s*\n\s*", " / ", text.strip())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[: limit - 3]}..."'


def _names(person: Person) -> set[str]:
    """The folded words a greeting may name ``person`` by (first name, family names)."""
    words = {w for w in _WORD.findall(fold(person.name)) if len(w) > 1}
    return words


def _who(person: Person) -> str:
    return person.name.strip() or person.address


def _is_interviewer(person: Person, interview: Interview) -> bool:
    contacts = {p.address for p in interview.contacts}
    return person.role is PersonRole.INTERVIEWER and person.address not in contacts


class _Linter:
    """The checks of one draft; each method appends to :attr:`problems`."""

    def __init__(self, draft: Draft, timeline: Timeline, at: datetime) -> None:
        self.draft = draft
        self.interview = timeline.interview
        self.timeline = timeline
        self.at = at
        self.problems: list[str] = []
        self.code = draft.language
        self.phrases = _COMPILED.get(draft.language, _ANY_LANGUAGE)
        self.layout = _layout(draft.body)
        self.future = self.interview.at > at
        # The subject and the letter (without the signature), sentence by sentence.
        pieces = [draft.subject] if draft.subject.strip() else []
        if self.layout.greeting:
            pieces.append(self.layout.greeting[1])
        pieces += self.layout.sentences
        if self.layout.closing:
            pieces.append(self.layout.closing[1])
        self.texts = [_Text.of(piece) for piece in pieces]

    def add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def run(self) -> list[str]:
        self.language()
        self.false_claims()
        self.preference()
        self.unknown_events()
        self.placeholders()
        self.greeting()
        self.signature()
        self.line_breaks()
        self.raw_promises()
        self.word_limit()
        self.subject()
        self.role()
        self.topics()
        return self.problems

    # --- language --------------------------------------------------------------------------

    def language(self) -> None:
        if self.code not in LANGUAGES:
            self.add(
                f"the draft's language {self.code!r} is none of {', '.join(DRAFT_LANGUAGES)}; "
                "render it in one of them (its phrases were checked against all four)"
            )
            return
        wanted = self.interview.language
        if wanted and wanted != self.code:
            self.add(
                f"the draft is in {self.code!r} but interview {self.interview.id} asks for "
                f"{wanted!r}; render it in {wanted!r}"
            )
        if self.layout.closing:
            found = _closing_language(self.layout.closing[1])
            if found and self.code not in found:
                self.add(
                    f"the closing {_quote(self.layout.closing[1])} is not {self.code!r} "
                    f"(it is {'/'.join(sorted(found))}); close in the draft's language"
                )
        if self.layout.greeting:
            found = set()
            first = _Text.of(self.layout.greeting[1])
            for code, phrases in _COMPILED.items():
                if any(p.match(first.folded) for p in phrases.patterns["greetings"]):
                    found.add(code)
            if found and self.code not in found:
                self.add(
                    f"the greeting {_quote(self.layout.greeting[1])} is not {self.code!r} "
                    f"(it is {'/'.join(sorted(found))}); greet in the draft's language"
                )

    # --- no false claim --------------------------------------------------------------------

    def false_claims(self) -> None:
        if not self.future:
            return
        interview = self.interview
        starts = f"it starts {interview.at:%a %d %b %Y %H:%M}"
        kind = str(self.draft.kind).replace("_", "-")
        if self.draft.kind in _AFTER_THE_INTERVIEW:
            self.add(
                f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} draft for interview "
                f"{interview.id} at {interview.company}, which has "
                f"not taken place yet ({starts}); no {kind} is due before the interview"
            )
        days = {interview.at.date(), interview.at.astimezone(self.at.tzinfo).date()}
        dates = _date_pattern(days)
        for text in self.texts:
            phrase = self.phrases.find("past", text)
            if phrase is not None:
                self.add(
                    f"the draft speaks of the interview as past ({_quote(phrase)} in "
                    f"{_quote(text.text)}), but it has not taken place ({starts}); say nothing "
                    "of it as over before it happens"
                )
                continue
            when = dates.search(text.folded)
            verb = self.phrases.find("past_near_date", text) if when else None
            if when and verb is not None:
                self.add(
                    f"the draft names the interview's date with a past tense ({_quote(verb)} "
                    f"next to {_quote(text.original(when.start(), when.end()))} in "
                    f"{_quote(text.text)}), but it has not taken place ({starts}); do not "
                    "write of it as over"
                )

    def preference(self) -> None:
        interest = self.interview.interest
        if interest is Interest.TOP:
            return
        kinds = ("top",) if interest is Interest.HIGH else ("high", "top")
        for text in self.texts:
            for kind in kinds:
                phrase = self.phrases.find(kind, text)
                if phrase is None:
                    continue
                allowed = "only of interest top" if kind == "top" else "of interest high or top"
                self.add(
                    f"the draft states a stronger preference ({_quote(phrase)} in "
                    f"{_quote(text.text)}) than the interest recorded for {self.interview.company} "
                    f"({interest}); that is said {allowed}, so tone it down (or record the "
                    "interest the user stated for the interview)"
                )
                break

    def unknown_events(self) -> None:
        for text in self.texts:
            phrase = self.phrases.find("unknown", text)
            if phrase is not None:
                self.add(
                    f"the draft claims something watcher does not know ({_quote(phrase)} in "
                    f"{_quote(text.text)}); state only what happened (a deadline or a request "
                    "to answer is the user's to add)"
                )
            if self.draft.kind is ActionKind.EXPEDITE:
                continue
            phrase = self.phrases.find("offer", text)
            if phrase is not None:
                self.add(
                    f"a {str(self.draft.kind).replace('_', '-')} draft speaks of an offer from "
                    f"elsewhere ({_quote(phrase)} in {_quote(text.text)}); only an expedite "
                    "draft, made when another process reached an offer, may"
                )

    # --- no placeholder or empty field -----------------------------------------------------

    def placeholders(self) -> None:
        lines = [("subject", self.draft.subject)] + [
            (f"line {n}", line) for n, line in enumerate(self.draft.body.split("\n"), start=1)
        ]
        for where, line in lines:
            for pattern, what in _FILL_PROBLEMS:
                match = pattern.search(line)
                if match:
                    self.add(
                        f"{where} has {what} ({_quote(match.group(0) or line)} in "
                        f"{_quote(line)}); fill it or reword the sentence"
                    )
            found = _PLACEHOLDER.search(line)
            if found:
                self.add(
                    f"{where} holds the placeholder {_quote(found.group(0))} in {_quote(line)}; "
                    "write the real text"
                )
        for where, sentence in [
            *(("a sentence", s) for s in self.layout.sentences),
            ("the subject", self.draft.subject),
        ]:
            last = self.dangling_word(sentence)
            if last is not None:
                self.add(
                    f"{where} ends on {_quote(last)}, as if a field were empty: "
                    f"{_quote(sentence)}; finish it or leave it out"
                )

    def dangling_word(self, sentence: str) -> str | None:
        """Return the word a sentence ends on when no sentence may end so ("about", "sur")
        and it is not a stranded preposition of English ("working on"); else None."""
        words: list[str] = _WORD.findall(fold(sentence))
        if not words or words[-1] not in {fold(w) for w in self.phrases.texts.dangling}:
            return None
        bare = " ".join(words)
        for pattern in self.phrases.patterns["stranded"]:
            if any(m.end() == len(bare) for m in pattern.finditer(bare)):
                return None
        return words[-1]

    def greeting(self) -> None:
        if self.layout.greeting is None:
            self.add("the body is empty; a draft needs a greeting, a message and a signature")
            return
        number, line = self.layout.greeting
        text = _Text.of(line)
        if not _GREETING_END.search(line.rstrip()):
            self.add(
                f"the greeting {_quote(line)} (line {number}) does not end with a comma, colon "
                "or exclamation mark; it may be cut: keep it whole on the first line"
            )
        named = [p for p in self.draft.to if p.name.strip()]
        if named:
            phrase = self.phrases.find("generic", text)
            if phrase is not None:
                self.add(
                    f"the greeting {_quote(line)} addresses {_quote(phrase)} though the draft "
                    f"goes to {', '.join(_who(p) for p in named)}; greet them by name"
                )
        words = set(_WORD.findall(text.folded))
        for person in named:
            if not _names(person) & words:
                self.add(
                    f"the greeting {_quote(line)} does not name {_who(person)}, who the draft "
                    "goes to; greet every recipient"
                )
        recipients = {p.address for p in self.draft.to}
        theirs = {w for p in self.draft.to for w in _names(p)}
        for person in self.interview.people:
            if person.address in recipients or not person.name.strip():
                continue
            first = fold(person.first_name)
            if first in words and first not in theirs:
                self.add(
                    f"the greeting {_quote(line)} names {_who(person)}, who is not a recipient "
                    f"(it goes to {', '.join(_who(p) for p in self.draft.to) or 'nobody'}); "
                    "greet the people it goes to"
                )
        address = _ADDRESS.search(line)
        if address:
            self.add(
                f"the greeting {_quote(line)} shows the address {_quote(address.group(0))}; "
                "greet the person by name, or without one"
            )

    def signature(self) -> None:
        if self.layout.greeting is None:
            return
        if self.layout.closing is None:
            self.add(
                'the draft has no closing line (such as "Best regards,") before the signature; '
                "end the letter with one"
            )
            return
        if not self.layout.signature:
            self.add(
                f"the draft is not signed: nothing follows {_quote(self.layout.closing[1])}; "
                "sign it with the user's name"
            )
            return
        name = self.layout.signature[0]
        if is_placeholder_name(name):
            self.add(
                f"the draft is signed {_quote(name)}, which is no real name; set `[user] name` "
                "(or `signature`) in the configuration"
            )

    # --- no sentence cut by a line break ---------------------------------------------------

    def line_breaks(self) -> None:
        paragraph: list[tuple[int, str]] = []
        for number, line in [*self.layout.body, (0, "")]:
            if line.strip():
                paragraph.append((number, line))
                continue
            cut = [(n, text) for n, text in paragraph if not _TERMINAL.search(text.rstrip())]
            for n, text in cut:
                self.add(
                    f"line {n} ends in the middle of a sentence ({_quote(text)}); write each "
                    "paragraph on one line"
                )
            if len(paragraph) > 1 and not cut:
                first, last = paragraph[0][0], paragraph[-1][0]
                self.add(
                    f"lines {first}-{last} are one paragraph broken after every sentence "
                    f"(from {_quote(paragraph[0][1], 60)}); write each paragraph on one line"
                )
            paragraph = []

    def raw_promises(self) -> None:
        promises = [
            _WORD.findall(fold(c.what)) for c in self.timeline.commitments if c.what.strip()
        ]
        for number, line in self.layout.body:
            for match in re.finditer(r"(?<!\d):(?!\d)\s*(.+)$", line):
                after = _WORD.findall(fold(match.group(1)))
                raw = any(p and after[: len(p)] == p for p in promises)
                if raw or re.search(r"(?i)\bfollow[- ]?up\s*:", line):
                    self.add(
                        f"line {number} pastes a promise raw after a colon ({_quote(line)}); "
                        'write it as a sentence ("I promised to send ...; here they are.")'
                    )
                    break
            else:
                for sentence in _sentences(line):
                    if any(p and _WORD.findall(fold(sentence)) == p for p in promises):
                        self.add(
                            f"line {number} is the promise pasted raw ({_quote(sentence)}); "
                            "write it as a sentence of the letter"
                        )

    # --- word limits -----------------------------------------------------------------------

    def word_limit(self) -> None:
        limit = WORD_LIMITS.get(self.draft.kind, DEFAULT_WORD_LIMIT)
        count = sum(len(_WORD.findall(line)) for line in self.layout.letter)
        if count > limit:
            kind = str(self.draft.kind).replace("_", "-")
            self.add(
                f"the {kind} is {count} words long from greeting to closing, more than the "
                f"{limit} a {kind} may have; shorten it"
            )

    def subject(self) -> None:
        subject = self.draft.subject
        if not subject.strip():
            self.add("the subject is empty; give the draft a subject")
            return
        if "\n" in subject or "\r" in subject:
            self.add(f"the subject {_quote(subject)} spans lines; keep it on one line")
        if len(subject) >= SUBJECT_LIMIT:
            self.add(
                f"the subject {_quote(subject)} is {len(subject)} characters long; keep it "
                f"under {SUBJECT_LIMIT}"
            )
        if subject.rstrip().endswith(".") and not subject.rstrip().endswith("..."):
            self.add(f"the subject {_quote(subject)} ends with a period; drop it")
        rest, prefixes = subject, 0
        while match := _REPLY_PREFIX.match(rest):
            prefixes += 1
            rest = rest[match.end() :]
        if prefixes > 1:
            self.add(f'the subject {_quote(subject)} has more than one "Re:"; keep one')

    # --- the recipient's role and topics ---------------------------------------------------

    def role(self) -> None:
        interview = self.interview
        if any(_is_interviewer(p, interview) for p in self.draft.to):
            return
        reader = ", ".join(_who(p) for p in self.draft.to) or "the hiring team"
        flagged = set()
        for text in self.texts:
            phrase = self.phrases.find("shared", text)
            if phrase is not None:
                flagged.add(text.text)
                self.add(
                    f"the draft goes to {reader}, who did not interview the user, yet speaks "
                    f"of a conversation with them ({_quote(phrase)} in {_quote(text.text)}); "
                    "speak of the interview as the user's with the interviewers"
                )
        topics: list[tuple[Person | None, str]] = [
            (p, p.topic) for p in interview.interviewers if p.topic.strip()
        ]
        if interview.topic.strip():
            topics.append((None, interview.topic))
        for person, topic in topics:
            for text in self.texts:
                span = _find_words(topic, text.folded)
                if span is None or text.text in flagged:
                    continue
                rest = _Text.of(
                    text.text[: text.index[span[0]]]
                    + " "
                    + text.text[text.index[span[1] - 1] + 1 :]
                )
                we = self.phrases.find("we", rest)
                if we is None:
                    continue
                whose = f"{_who(person)}'s topic" if person else "the interview's topic"
                self.add(
                    f"the draft goes to {reader} but speaks of {_quote(topic)} ({whose}) as "
                    f"their conversation ({_quote(we)} in {_quote(text.text)}); say it was the "
                    "user's conversation with the interviewer"
                )

    def topics(self) -> None:
        interview = self.interview
        recipients = {p.address for p in self.draft.to}
        readers = [p for p in self.draft.to if _is_interviewer(p, interview)]
        if not readers:
            return
        allowed = [t for t in [*(p.topic for p in readers), interview.topic] if t.strip()]
        for other in interview.interviewers:
            topic = other.topic.strip()
            if other.address in recipients or not topic:
                continue
            if any(_words(topic) == _words(mine) for mine in allowed):
                continue
            for text in self.texts:
                folded = text.folded
                for mine in allowed:
                    while (span := _find_words(mine, folded)) is not None:
                        folded = folded[: span[0]] + " " * (span[1] - span[0]) + folded[span[1] :]
                if _find_words(topic, folded) is not None:
                    self.add(
                        f"the note to {', '.join(_who(p) for p in readers)} names "
                        f"{_quote(topic)}, the topic of {_who(other)} ({_quote(text.text)}); "
                        "keep to the reader's own conversation"
                    )
                    break


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _find_words(phrase: str, folded: str) -> tuple[int, int] | None:
    """Return the span of ``phrase`` (as whole words, case and accents folded, any spacing) in
    the folded text ``folded``, or None."""
    words = _words(phrase)
    if not words:
        return None
    pattern = r"(?<![\w])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![\w])"
    match = re.search(pattern, folded)
    return match.span() if match else None


def lint(draft: Draft, timeline: Timeline, *, at: datetime) -> list[str]:
    """Given a rendered draft, the timeline of its interview and the moment it is made for (the
    action's due time), return every problem of the draft, each one sentence that names it,
    quotes the offending text and says what to do; an empty list means the draft is fine.

    The checks are listed in the module's docstring; the phrases are those of
    ``draft.language`` (all four languages' for a language watcher does not write).
    Raise ValueError if ``at`` is naive.
    """
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    return _Linter(draft, timeline, at).run()


def _panel_sentences(draft: Draft, names: Iterable[str]) -> dict[str, str]:
    """The body sentences of a note (no greeting, closing or signature), each folded, with
    every name of the panel's people replaced by one token, mapped to the sentence as written."""
    pattern = None
    chosen = sorted({n for n in names if n}, key=len, reverse=True)
    if chosen:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in chosen) + r")(?!\w)")
    out: dict[str, str] = {}
    for sentence in _layout(draft.body).sentences:
        words = " ".join(_WORD.findall(fold(sentence)))
        out.setdefault(pattern.sub("<name>", words) if pattern else words, sentence)
    return out


def lint_panel(drafts: Sequence[Draft]) -> list[str]:
    """Given the notes to the interviewers of one panel, return a problem for every two that
    are the same once greetings and names are removed, or that share more than half of the
    sentences of either word for word (names removed); an empty list means they are distinct.
    """
    names = {fold(n) for d in drafts for p in d.to for n in [*_names(p), p.first_name]}
    sentences = [_panel_sentences(d, names) for d in drafts]
    problems = []
    for i in range(len(drafts)):
        for j in range(i + 1, len(drafts)):
            a, b = sentences[i], sentences[j]
            who = (
                f"the notes to {', '.join(_who(p) for p in drafts[i].to) or 'the hiring team'} "
                f"and to {', '.join(_who(p) for p in drafts[j].to) or 'the hiring team'}"
            )
            if list(a) == list(b):
                problems.append(
                    f"{who} are the same once the names are removed; write each interviewer "
                    "a note of their own (their topic, other wording)"
                )
                continue
            shared = [s for s in a if s in b]
            smaller = min(len(a), len(b))
            if smaller and 2 * len(shared) > smaller:
                problems.append(
                    f"{who} share {len(shared)} of their {len(a)} and {len(b)} sentences word "
                    f"for word (such as {_quote(a[shared[0]])}); vary the wording so that no "
                    "two share more than half"
                )
    return problems


# -- the user's own templates -------------------------------------------------------------------

_SAMPLE_AT = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
_SAMPLE_DANA = Person("Dana Reyes", "dana@northwind.example", topic="the ingestion pipeline")
_SAMPLE_SAM = Person("Sam Ito", "sam@northwind.example", topic="on-call rotations")
_SAMPLE_RITA = Person("Rita Gomez", "rita@northwind.example", PersonRole.CONTACT)
_SAMPLE_SIGNER = "Alex Example"


def _sample(kind: ActionKind, to: tuple[Person, ...], days: int, number: int = 1) -> Action:
    return Action(
        interview_id=1,
        kind=kind,
        due=_SAMPLE_AT + timedelta(days=days),
        to=to,
        reason="a sample for the template check",
        key=f"sample:{kind}:{days}:{number}",
        number=number,
        ref="1" if kind is ActionKind.COMMITMENT else "",
    )


def _sample_timeline(language: str, *, panel: bool = False) -> Timeline:
    interview = Interview(
        id=1,
        company="Northwind",
        role="Data Engineer",
        at=_SAMPLE_AT,
        format=Format.PANEL if panel else Format.VIDEO,
        interviewers=(_SAMPLE_DANA, _SAMPLE_SAM) if panel else (_SAMPLE_DANA,),
        contacts=(_SAMPLE_RITA,),
        expect=Span(1, Unit.WEEKS),
        topic="the data platform",
        language=language,
    )
    promise = Commitment(1, 1, "send references", _SAMPLE_AT + timedelta(days=2))
    return Timeline(interview, commitments=(promise,))


def _samples(name: str) -> list[tuple[str, Action]]:
    """The sample actions a template of ``name`` is tried on, each with what it is."""
    dana, rita, team = (_SAMPLE_DANA,), (_SAMPLE_RITA,), ()
    match name:
        case "thank_you":
            return [
                ("a thank-you to one interviewer", _sample(ActionKind.THANK_YOU, dana, 0)),
                ("a thank-you to the hiring team", _sample(ActionKind.THANK_YOU, team, 0)),
            ]
        case "follow_up" | "follow_up_2":
            number = 1 if name == "follow_up" else 2
            return [
                ("a follow-up to the recruiter", _sample(ActionKind.FOLLOW_UP, rita, 8, number)),
                ("a follow-up to the interviewer", _sample(ActionKind.FOLLOW_UP, dana, 8, number)),
            ]
        case "commitment":
            return [
                ("a promise kept after the interview", _sample(ActionKind.COMMITMENT, dana, 2)),
                ("a promise kept before the interview", _sample(ActionKind.COMMITMENT, rita, -2)),
            ]
        case _:
            return [(f"a {name} to the recruiter", _sample(ActionKind(name), rita, 20))]


def _render(
    action: Action, timeline: Timeline, texts: Mapping[str, Mapping[str, str]], language: str
) -> Draft:
    return templates.render_draft(
        action,
        timeline,
        texts,
        user_name=_SAMPLE_SIGNER,
        signature=_SAMPLE_SIGNER,
        tz=ZoneInfo("UTC"),
        language=language,
    )


def template_warnings(
    texts: Mapping[str, Mapping[str, str]], files: Mapping[str, Mapping[str, str]]
) -> list[str]:
    """Given the templates in use (``language -> name -> text``) and the user's own among them
    (``language -> name -> file``), return what the linter finds in the drafts the user's
    templates make on sample interviews (one interviewer or a panel of two, a recruiter, a
    promise kept before and after the interview), each as ``"FILE, in a thank-you to one
    interviewer: PROBLEM"``. The built-in templates are not tried here: the test suite lints
    them. These are warnings: a template may mean what it says."""
    warnings: list[str] = []
    for language, named in files.items():
        for name, file in named.items():
            if name == "thank_you":
                panel = _sample_timeline(language, panel=True)
                try:
                    notes = [
                        _render(_sample(ActionKind.THANK_YOU, (p,), 0), panel, texts, language)
                        for p in panel.interview.interviewers
                    ]
                except TemplateError:
                    notes = []  # said below, for one interviewer
                warnings += [
                    f"{file}, in the notes to a panel of two: {p}" for p in lint_panel(notes)
                ]
            for what, action in _samples(name):
                timeline = _sample_timeline(language)
                try:
                    draft = _render(action, timeline, texts, language)
                except TemplateError as error:
                    warnings.append(f"{file}, in {what}: {error}")
                    continue
                found = lint(draft, timeline, at=action.due)
                warnings += [f"{file}, in {what}: {problem}" for problem in found]
    return warnings
