"""The words a message's author wrote, and the sentences of a text.

Pure and standard library only: nothing here reads the clock, the disk or the network. Mail
is read in English, French, German, Spanish, Portuguese, Italian and Dutch.

:func:`own_text` keeps what the sender wrote in this message: it cuts at the first quoted
original (an "On ... wrote:" line, an "-----Original Message-----" line, an Outlook header
block, a forwarded message), drops lines quoted with ">", then drops the signature and the
footer (a "-- " line, "Sent from my iPhone", a confidentiality or unsubscribe footer, and the
name, title and address lines after a closing formula such as "Best regards,").

:func:`sentences` splits a text into sentences the way mail is written: after ".", "!", "?"
and ";" (not after an abbreviation such as "e.g." or "Sr."), at blank lines, and at line
breaks where a new sentence or a list item begins, while a line wrapped inside a sentence
stays part of it.

Both work line by line and word by word with string operations and anchored, bounded
patterns only: a hostile body of a megabyte costs linear time, never a backtracking regex.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from watcher.words import fold, split_words

# -- what starts a quoted original ---------------------------------------------------------------

_ATTRIBUTION_OPENERS = frozenset({"on", "le", "am", "el", "em", "il", "op"})
"""First words of an attribution line: "On ... wrote:" (en), "Le ... a écrit :" (fr), "Am ...
schrieb ...:" (de), "El ... escribió:" (es), "Em ... escreveu:" (pt), "Il giorno ... ha
scritto:" (it), "Op ... schreef ...:" (nl)."""

_ATTRIBUTION_VERBS = (
    "wrote",
    "a ecrit",
    "schrieb",
    "escribio",
    "escreveu",
    "ha scritto",
    "schreef",
)
"""The verbs of an attribution line, folded (accents dropped) as :func:`_word_form` gives them."""

_ATTRIBUTION_REACH = 300
"""The longest attribution line (or two wrapped lines joined) looked at: a longer line is the
author's prose, and skipping it keeps a megabyte-long line cheap."""

_SEPARATORS = frozenset(
    {
        # "-----Original Message-----" and its translations.
        "original message",
        "message d origine",
        "message original",
        "ursprungliche nachricht",
        "originalnachricht",
        "mensaje original",
        "mensagem original",
        "messaggio originale",
        "oorspronkelijk bericht",
        "origineel bericht",
        # Forwarded messages: Gmail's dashed line, Apple Mail's "Begin forwarded message:".
        "forwarded message",
        "begin forwarded message",
        "message transfere",
        "debut du message reexpedie",
        "debut du message transfere",
        "weitergeleitete nachricht",
        "anfang der weitergeleiteten nachricht",
        "mensaje reenviado",
        "inicio del mensaje reenviado",
        "mensagem encaminhada",
        "mensagem reencaminhada",
        "inicio da mensagem reencaminhada",
        "inicio da mensagem encaminhada",
        "messaggio inoltrato",
        "inizio messaggio inoltrato",
        "messaggio inoltrato inizio",
        "doorgestuurd bericht",
        "begin doorgestuurd bericht",
    }
)
"""Lines that open a quoted original or a forwarded message, as :func:`_word_form` gives them
(the dashes, underscores and the colon around them do not count)."""

_SEPARATOR_REACH = 80

_FROM_LABELS = frozenset({"from", "de", "von", "da", "van"})
"""The label of the first line of an Outlook header block ("From:", "De :", "Von:", "De:",
"Da:", "Van:")."""

_HEADER_LABELS = frozenset(
    {
        *("sent", "date", "to", "cc", "subject"),
        *("envoye", "a", "objet"),
        *("gesendet", "datum", "an", "betreff"),
        *("enviado", "enviada", "fecha", "para", "asunto"),
        *("data", "assunto"),
        *("inviato", "oggetto"),
        *("verzonden", "aan", "onderwerp"),
    }
)
"""Labels of the lines after "From:" in an Outlook header block, folded: "Sent:", "To:",
"Subject:", "Envoyé :", "À :", "Objet :", "Gesendet:", "An:", "Betreff:", "Enviado:",
"Para:", "Asunto:", "Enviada:", "Assunto:", "Inviato:", "A:", "Oggetto:", "Verzonden:",
"Aan:", "Onderwerp:"."""

_HEADER_BLOCK_REACH = 4
"""How many lines after "From:" may hold the next header of the block."""

_LABEL = re.compile(r"[*\s]*([^\W\d_][^\W\d_ ]{0,14}(?: [^\W\d_]{1,14})?)[*\s]*:")
"""A header label at the start of a line ("From:", "*Sent:*", "Envoyé :"): letters, at most
two words, then a colon. Bounded, so it costs little on a long line."""

# -- what ends the author's text -------------------------------------------------------------------

_SENT_FROM = (
    "sent from my",
    "sent from outlook",
    "sent from mail for",
    "sent from yahoo mail",
    "sent with",
    "sent via",
    "get outlook for",
    "envoye de mon",
    "envoye depuis mon",
    "envoye depuis outlook",
    "envoye a partir de",
    "telechargez outlook pour",
    "obtenir outlook pour",
    "von meinem iphone",
    "von meinem ipad",
    "von meinem smartphone",
    "von meinem handy",
    "von meinem mobiltelefon",
    "von meinem samsung",
    "von meinem android",
    "gesendet von meinem",
    "gesendet von outlook",
    "gesendet mit",
    "outlook fur",
    "enviado desde mi",
    "enviado desde outlook",
    "enviado desde yahoo",
    "obtener outlook para",
    "descargar outlook para",
    "enviado do meu",
    "enviado a partir do",
    "enviado do outlook",
    "enviado pelo",
    "obter o outlook para",
    "baixe o outlook para",
    "inviato da",
    "inviato dal mio",
    "inviato dall",
    "scarica outlook per",
    "ottieni outlook per",
    "verzonden vanaf mijn",
    "verstuurd vanaf mijn",
    "verzonden vanuit",
    "verzonden met",
    "outlook voor",
)
"""How a mobile or webmail footer begins ("Sent from my iPhone", "Envoyé de mon iPhone",
"Von meinem iPhone gesendet", "Enviado desde mi iPhone", "Enviado do meu iPhone", "Inviato da
iPhone", "Verzonden vanaf mijn iPhone", "Get Outlook for Android" ...), as word forms."""

_PARDON = frozenset(
    {
        "excuse",
        "typos",
        "brevity",
        "pardon",
        "fautes",
        "brievete",
        "tippfehler",
        "kurze",
        "errores",
        "brevedad",
        "erros",
        "brevidade",
        "errori",
        "brevita",
        "typfouten",
        "tikfouten",
        "beknoptheid",
    }
)
"""Words of the apology a mobile footer may carry ("please excuse typos", "excusez les
fautes", "bitte Tippfehler entschuldigen"), as folded words."""

_SENT_FROM_WORDS = 6
"""The most words a mobile footer line holds ("Verzonden vanaf mijn iPhone"): a longer line
that begins the same way is the author's sentence."""

_FOOTERS = (
    # Confidentiality and legal notices.
    "this email and any attachments",
    "this e mail and any attachments",
    "this message and any attachments",
    "this email and any files",
    "this e mail and any files",
    "this email is confidential",
    "this e mail is confidential",
    "this message is confidential",
    "this email may contain confidential",
    "this message may contain confidential",
    "this email is intended only",
    "this message is intended only",
    "if you are not the intended recipient",
    "if you have received this email in error",
    "if you received this email in error",
    "ce message et ses pieces jointes",
    "ce message et toutes les pieces jointes",
    "ce courriel et ses pieces jointes",
    "ce courriel et toutes les pieces jointes",
    "ce message est confidentiel",
    "ce courriel est confidentiel",
    "ce message peut contenir des informations confidentielles",
    "si vous n etes pas le destinataire",
    "si vous avez recu ce message par erreur",
    "diese e mail enthalt vertrauliche",
    "diese nachricht enthalt vertrauliche",
    "diese e mail kann vertrauliche",
    "diese e mail ist vertraulich",
    "wenn sie nicht der richtige adressat sind",
    "falls sie nicht der richtige adressat sind",
    "sollten sie diese e mail irrtumlich erhalten",
    "este mensaje y sus anexos",
    "este mensaje y sus adjuntos",
    "este correo electronico y sus anexos",
    "este correo y sus anexos",
    "este mensaje es confidencial",
    "este correo electronico es confidencial",
    "este mensaje contiene informacion confidencial",
    "si usted no es el destinatario",
    "si ha recibido este mensaje por error",
    "esta mensagem e seus anexos",
    "esta mensagem e os seus anexos",
    "este e mail e os seus anexos",
    "este email e os seus anexos",
    "esta mensagem e confidencial",
    "esta mensagem pode conter informacao confidencial",
    "esta mensagem pode conter informacoes confidenciais",
    "se voce nao for o destinatario",
    "se nao for o destinatario",
    "caso tenha recebido esta mensagem por engano",
    "se recebeu esta mensagem por engano",
    "questo messaggio e i suoi allegati",
    "questo messaggio e gli eventuali allegati",
    "questa e mail e i suoi allegati",
    "questa e mail e gli eventuali allegati",
    "questa email e gli eventuali allegati",
    "questo messaggio e riservato",
    "questo messaggio contiene informazioni riservate",
    "le informazioni contenute in questo messaggio",
    "se avete ricevuto questo messaggio per errore",
    "se hai ricevuto questo messaggio per errore",
    "se non siete il destinatario",
    "dit e mailbericht en eventuele bijlagen",
    "dit e mail bericht en eventuele bijlagen",
    "dit bericht en eventuele bijlagen",
    "deze e mail en eventuele bijlagen",
    "dit e mailbericht is uitsluitend bestemd",
    "dit bericht is vertrouwelijk",
    "deze e mail is vertrouwelijk",
    "indien u niet de geadresseerde bent",
    "als u niet de geadresseerde bent",
    "indien u dit bericht ten onrechte",
    # The same notices, worded the other common ways.
    "this message and its attachments",
    "this email and its attachments",
    "intended solely for the addressee",
    "intended only for the addressee",
    "ce message et ses annexes",
    "ce courriel et ses annexes",
    "destines exclusivement a leur destinataire",
    "destine exclusivement a son destinataire",
    "diese e mail und ihre anhange",
    "diese nachricht und ihre anhange",
    "ausschliesslich fur den adressaten",
    "este mensaje y sus archivos adjuntos",
    "dirigido exclusivamente a su destinatario",
    "esta mensagem e respetivos anexos",
    "destinada exclusivamente ao destinatario",
    "questo messaggio e i relativi allegati",
    "destinato esclusivamente al destinatario",
    "uitsluitend bestemd voor de geadresseerde",
    # Unsubscribe footers of automated mail.
    "unsubscribe",
    "manage your email preferences",
    "update your email preferences",
    "you are receiving this email because",
    "you received this email because",
    "desabonner",
    "desinscrire",
    "desabonnement",
    "desinscription",
    "abbestellen",
    "vom newsletter abmelden",
    "darse de baja",
    "date de baja",
    "cancelar la suscripcion",
    "cancelar suscripcion",
    "cancelar inscricao",
    "cancelar a inscricao",
    "descadastrar",
    "cancelar subscricao",
    "annulla iscrizione",
    "annullare l iscrizione",
    "cancella iscrizione",
    "disiscriviti",
    "uitschrijven",
    "afmelden voor deze",
)
"""What a legal or unsubscribe footer says, as word forms: the footer begins at its line."""

_FOOTER_HEADINGS = frozenset(
    {
        "disclaimer",
        "confidentiality notice",
        "confidential",
        "legal notice",
        "avis de confidentialite",
        "mentions legales",
        "vertraulichkeitshinweis",
        "haftungsausschluss",
        "aviso de confidencialidad",
        "aviso legal",
        "aviso de confidencialidade",
        "avviso di riservatezza",
        "clausola di riservatezza",
        "informativa privacy",
        "vertrouwelijkheid",
    }
)
"""A footer's heading on a line of its own ("CONFIDENTIALITY NOTICE:"), as word forms."""

_CLOSINGS = frozenset(
    {
        # en
        "regards",
        "best regards",
        "kind regards",
        "warm regards",
        "warmest regards",
        "kindest regards",
        "many regards",
        "with regards",
        "with best regards",
        "with kind regards",
        "thanks and regards",
        "thanks regards",
        "best",
        "all the best",
        "best wishes",
        "cheers",
        "sincerely",
        "yours sincerely",
        "sincerely yours",
        "yours truly",
        "yours faithfully",
        "warmly",
        "talk soon",
        "thanks",
        "thank you",
        "many thanks",
        "thanks again",
        "thanks so much",
        "thank you so much",
        "with thanks",
        "have a great day",
        "have a good day",
        "have a nice day",
        "have a great weekend",
        "have a good weekend",
        "enjoy your weekend",
        # fr
        "cordialement",
        "bien cordialement",
        "tres cordialement",
        "bien a vous",
        "bien a toi",
        "salutations",
        "meilleures salutations",
        "sinceres salutations",
        "bonne journee",
        "belle journee",
        "a bientot",
        "merci",
        "merci beaucoup",
        "merci encore",
        "amicalement",
        "bonne fin de journee",
        "bonne soiree",
        "bonne fin de semaine",
        "bon week end",
        "belle fin de journee",
        # de
        "mit freundlichen grussen",
        "mit freundlichem gruss",
        "freundliche grusse",
        "viele grusse",
        "beste grusse",
        "liebe grusse",
        "herzliche grusse",
        "schone grusse",
        "gruss",
        "grusse",
        "mfg",
        "vg",
        "lg",
        "danke",
        "vielen dank",
        "einen schonen tag",
        "schonen tag noch",
        "ein schones wochenende",
        "schones wochenende",
        "einen schonen abend",
        # es
        "saludos",
        "un saludo",
        "saludos cordiales",
        "un cordial saludo",
        "atentamente",
        "cordialmente",
        "un abrazo",
        "muchas gracias",
        "gracias",
        "buen dia",
        "que tengas un buen dia",
        "buen fin de semana",
        # pt
        "atenciosamente",
        "abracos",
        "um abraco",
        "abs",
        "att",
        "cumprimentos",
        "melhores cumprimentos",
        "com os melhores cumprimentos",
        "saudacoes",
        "obrigado",
        "obrigada",
        "muito obrigado",
        "muito obrigada",
        "tenha um bom dia",
        "bom fim de semana",
        "boa semana",
        # it
        "cordiali saluti",
        "distinti saluti",
        "un saluto",
        "saluti",
        "un caro saluto",
        "buona giornata",
        "a presto",
        "grazie",
        "grazie mille",
        "buona serata",
        "buon fine settimana",
        "buon weekend",
        # nl
        "met vriendelijke groet",
        "met vriendelijke groeten",
        "vriendelijke groet",
        "vriendelijke groeten",
        "hartelijke groet",
        "hartelijke groeten",
        "met hartelijke groet",
        "groeten",
        "groet",
        "groetjes",
        "mvg",
        "bedankt",
        "dank je wel",
        "dank u wel",
        "fijne dag",
        "een fijne dag",
        "fijn weekend",
        "fijne avond",
    }
)
"""Closing formulas, as word forms ("Best regards," is "best regards"): the lines after one
are the signature when they look like one (:func:`_signature_like`)."""

_SIGNATURE_LINES = 10
"""The most non-blank lines a signature after a closing formula may hold."""

_SIGNATURE_WIDTH = 80

_PARTICLES = frozenset(
    {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "la", "le"}
    | {"van", "von", "der", "den", "ten", "ter", "zu", "y", "e", "and", "und", "et", "at"}
)
"""Lower-case words a name or a team may hold ("Ana de Vries", "Talent and People")."""

_TRIM = " \t-_=*~"


# -- own_text ----------------------------------------------------------------------------------

_MOST_CHARACTERS = 20_000
_MOST_LINES = 1_000
"""How much of a message :func:`own_text` reads: its head, at most this many characters and
lines. A sender's own words are far shorter; what lies beyond is quoted history, a log pasted
in or an attack, and reading no more keeps hostile text cheap (mail tools such as talon set
the same kind of limit)."""

_CANDIDATES_CHECKED = 1_000
"""How many candidate lines each step looks at closely: hostile text made of lines that look
like a header or a footer costs bounded time (real mail holds a handful)."""

_SIGNATURE_WINDOW = 50
"""How many last lines may hold a closing formula and the signature after it."""

_QUOTE_CANDIDATE = re.compile(
    r"^[ \t]*(?:[-_=*]|(?:from|de|von|da|van)\b)|:[ \t]*$", re.IGNORECASE | re.MULTILINE
)
"""Lines that may begin a quoted original: dashed, starting with a "From:" label, or ending
with a colon (an attribution, or the second line of a wrapped one)."""

_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*\n?", re.MULTILINE)

_CONTENT = re.compile(r"[^\s\-_=*~]")


def own_text(text: str) -> str:
    """Given a message's text, return the part its author wrote in it.

    The text is cut at the first quoted original (:func:`quote_start`), lines quoted with ">"
    are dropped, then the signature and footers (:func:`_body_end`, :func:`_closing_end`).
    Trailing blank and separator lines go too. Only the head of the text is read
    (:data:`_MOST_CHARACTERS`, :data:`_MOST_LINES`). Never raises.
    """
    text = _head(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text[: quote_start(text)]
    text = _QUOTED_LINE.sub("", text)
    text = _body_end(text)
    text = text[: _closing_end(text)]
    last = _last_content(text)
    return text[: _line_end(text, last)] if last >= 0 else ""


def _head(text: str) -> str:
    """Return the first :data:`_MOST_LINES` lines of ``text``, at most
    :data:`_MOST_CHARACTERS` characters of them."""
    text = text[:_MOST_CHARACTERS]
    end = -1
    for _ in range(_MOST_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end]


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _last_content(text: str) -> int:
    """Return the offset of the last character of ``text`` that is no whitespace or
    separator ("-", "_", "=", "*", "~"), or -1."""
    return len(text.rstrip(_TRIM + "\n")) - 1


def _lines_after(text: str, end: int, count: int) -> list[str]:
    """Return up to ``count`` lines of ``text`` after the line that ends at ``end``."""
    lines: list[str] = []
    while end < len(text) and len(lines) < count:
        start = end + 1
        end = _line_end(text, start)
        lines.append(text[start:end])
    return lines


def quote_start(text: str) -> int:
    """Given a message's text (lines split by "\\n"), return the offset where a quoted
    original or a forwarded message begins, or ``len(text)`` if none does."""
    for checked, hit in enumerate(_QUOTE_CANDIDATE.finditer(text)):
        if checked >= _CANDIDATES_CHECKED:
            break
        start = _line_start(text, hit.start())
        end = _line_end(text, hit.start())
        line = text[start:end]
        if line.lstrip().startswith(">"):
            continue  # already quoted: an inline answer may follow it
        after = _lines_after(text, end, _HEADER_BLOCK_REACH)
        if _is_separator(line) or _is_header_block(line, after):
            return start
        if start > 0:
            before_start = _line_start(text, start - 1)
            if _wrapped_attribution(text[before_start : start - 1], line):
                return before_start
        if _attribution(line, quoted_next=_quoted_next(after)):
            return start
    return len(text)


def _word_form(text: str) -> str:
    """Given text, return its folded words between single spaces ("Envoyé :" -> "envoye")."""
    return " ".join(split_words(_folded(text)))


def _folded(text: str) -> str:
    """Given text, return it as :func:`~watcher.words.fold` does; ASCII text takes a shortcut
    (it has no accents to drop), which keeps a megabyte of plain text cheap."""
    return text.lower() if text.isascii() else fold(text)


def _is_separator(line: str) -> bool:
    """Return whether ``line`` is an "-----Original Message-----" or a forwarded-message line,
    in any of the languages: dashed, or ending with a colon ("Begin forwarded message:")."""
    stripped = line.strip(_TRIM)
    if not stripped or len(stripped) > _SEPARATOR_REACH:
        return False
    if stripped == line.strip() and not stripped.endswith(":"):
        return False
    return _word_form(stripped) in _SEPARATORS


def _attribution(text: str, quoted_next: bool) -> bool:
    """Return whether ``text`` (a line, or two wrapped lines joined) attributes a quote
    ("On Tue, Dana <dana@x> wrote:"): it ends with ":" and names the verb, after an opening
    word ("On", "Le", "Am", "El", "Em", "Il", "Op") or, without one, naming an address or
    followed by quoted lines ("Mario Rossi <m@x.it> ha scritto:")."""
    if len(text) > _ATTRIBUTION_REACH or not text.rstrip().endswith(":"):
        return False
    words = split_words(_folded(text))
    form = f" {' '.join(words)} "
    if not any(f" {verb} " in form for verb in _ATTRIBUTION_VERBS):
        return False
    return words[0] in _ATTRIBUTION_OPENERS or "@" in text or quoted_next


def _wrapped_attribution(before: str, line: str) -> bool:
    """Return whether an attribution wrapped over two lines begins at ``before`` ("On Tue,
    Nov 24, 2026 at 9:12 AM Dana Li <dana@x>" then "wrote:")."""
    if not before.strip() or before.rstrip().endswith(":") or before.lstrip().startswith(">"):
        return False
    joined = f"{before.rstrip()} {line.strip()}"
    if len(joined) > _ATTRIBUTION_REACH:
        return False
    words = split_words(_folded(before))
    return bool(words) and words[0] in _ATTRIBUTION_OPENERS and _attribution(joined, False)


def _quoted_next(after: Sequence[str]) -> bool:
    """Return whether the first non-blank of the lines ``after`` is quoted with ">"."""
    for line in after:
        if line.strip():
            return line.lstrip().startswith(">")
    return False


def _label(line: str) -> str:
    """Return the folded label of a header line ("*Envoyé :* ..." -> "envoye"), or ""."""
    found = _LABEL.match(line)
    return _word_form(found[1]) if found is not None else ""


def _is_header_block(line: str, after: Sequence[str]) -> bool:
    """Return whether an Outlook header block begins at ``line``: a "From:" line (in any of
    the languages) followed, within the next lines ``after``, by another header ("Sent:",
    "To:", "Subject:" and their translations)."""
    if _label(line) not in _FROM_LABELS:
        return False
    for following in after:
        if not following.strip():
            return False
        if _label(following) in _HEADER_LABELS:
            return True
    return False


def _body_end(text: str) -> str:
    """Given the author's text, return it without the signature delimiter ("-- ") or the
    mobile ("Sent from my iPhone") or legal or unsubscribe footer and what follows it. A marker
    with nothing of the author's before it is dropped alone (a newsletter may begin with its
    unsubscribe line)."""
    kept: list[str] = []
    written = False
    for line in text.split("\n"):
        if _ends_body(line):
            if written:
                break
            continue
        kept.append(line)
        written = written or _CONTENT.search(line) is not None
    return "\n".join(kept)


def _ends_body(line: str) -> bool:
    """Return whether ``line`` begins the end of the author's text: a "-- " delimiter, a mobile
    footer, a footer's heading or a line of a legal or unsubscribe footer."""
    stripped = line.strip()
    if stripped == "--":
        return True
    if len(stripped) > 2_000:
        return False
    words = split_words(_folded(stripped))
    if not words:
        return False
    form = " ".join(words)
    if form.startswith(_SENT_FROM) and len(words) <= _SENT_FROM_WORDS:
        return True
    if (
        form.startswith(_SENT_FROM)
        and len(words) <= 2 * _SENT_FROM_WORDS + 2
        and _PARDON.intersection(words)
    ):
        # "Sent from my phone, please excuse typos": the footer with its apology.
        return True
    if form in _FOOTER_HEADINGS:
        return True
    return _holds_phrase(words, _FOOTER_INDEX)


def _phrase_index(phrases: Sequence[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Given phrases, return them as word tuples keyed by their first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    return {first: tuple(listed) for first, listed in index.items()}


def _holds_phrase(words: Sequence[str], index: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Return whether the word sequence ``words`` holds one of the phrases of ``index``."""
    for at, word in enumerate(words):
        for phrase in index.get(word, ()):
            if tuple(words[at : at + len(phrase)]) == phrase:
                return True
    return False


_FOOTER_INDEX = _phrase_index(_FOOTERS)


def _closing_end(text: str) -> int:
    """Given the author's text, return the offset just after the first line among the last
    :data:`_SIGNATURE_WINDOW` that is a closing formula ("Best regards,") and is followed by
    lines that all look like a signature, the first of them a name; else ``len(text)``."""
    window = text.rsplit("\n", _SIGNATURE_WINDOW)
    offset = len(text) - sum(len(line) + 1 for line in window) + 1
    tail_ok = [False] * (len(window) + 1)
    tail_ok[len(window)] = True
    count = 0
    for index in range(len(window) - 1, -1, -1):
        line = window[index]
        count += 1 if line.strip() else 0
        tail_ok[index] = tail_ok[index + 1] and count <= _SIGNATURE_LINES and _signature_like(line)
    for index, line in enumerate(window):
        if tail_ok[index + 1] and _is_closing(line) and _name_follows(window[index + 1 :]):
            return offset + len(line)
        offset += len(line) + 1
    return len(text)


def _is_closing(line: str) -> bool:
    """Return whether ``line`` is a closing formula on its own ("Kind regards,"), perhaps with
    a name after a comma ("Best, Rita")."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return False
    head, comma, name = stripped.partition(",")
    if _word_form(head) not in _CLOSINGS:
        return False
    return not comma or len(split_words(name)) <= 3


def _name_follows(lines: Sequence[str]) -> bool:
    """Return whether the first non-blank of ``lines`` reads as a name or a team ("Rita Ray",
    "Ana de Vries", "The Acme Talent Team"): every word capitalised but for particles. "See
    you Monday" after "Thanks" is the author's sentence, not a signature."""
    for line in lines:
        if line.strip():
            words = [w for w in re.split(r"[\s|,/]+", line.strip()) if w[:1].isalpha()]
            return bool(words) and all(w[0].isupper() or w in _PARTICLES for w in words)
    return False


def _signature_like(line: str) -> bool:
    """Return whether ``line`` may belong to a signature: blank, or short and no sentence (a
    name, a title, a company, a phone number, an address)."""
    stripped = line.strip()
    if not stripped:
        return True
    if len(stripped) > _SIGNATURE_WIDTH or stripped.endswith("?"):
        return False
    return not (stripped[-1] in ".!" and len(stripped.split()) >= 5)


# -- sentences ---------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {
        *("e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "approx", "no", "cf"),
        *("p.ex", "env", "mme", "mlle", "resp"),
        *("z.b", "bzw", "ggf", "d.h", "u.a", "hr", "fr", "nr", "evtl", "inkl", "zzgl"),
        *("sr", "sra", "srta", "dra", "lic", "ud", "uds", "p.ej", "aprox", "pag", "num", "tel"),
        *("srs", "exmo", "exma", "dna", "eng"),
        *("dott", "dott.ssa", "sig", "sig.ra", "ing", "avv", "ca", "rif"),
        *("dhr", "mevr", "mw", "bijv", "o.a", "m.b.t", "i.v.m", "ong"),
    }
)
"""Abbreviations that end with a dot inside a sentence, folded, without their last dot."""

_CLOSERS = "\"'”’»)]"
_LIST_ITEM = re.compile(r"(?:[-*•–]|\d{1,3}[.)]|[a-zA-Z]\))\s")
_WRAP_SHARE = 0.75
_WRAP_MIN = 40


def sentences(text: str) -> list[str]:
    """Given a text, return its sentences in order, each with its whitespace collapsed.

    A sentence ends after ".", "!", "?" or ";" (not after an abbreviation such as "e.g.",
    "Mr.", "z.B.", "p.ex.", "Sr.", "dott.", an initial or a day number "24."; "10.30" and "2.5"
    never split as they have no space after the dot), at a blank line, and at a line break
    after a line without final punctuation when the next line is a list item ("- ", "* ",
    "1. ") or starts with a capital after a line shorter than the paragraph's wrap width ("Hi
    Alex" then "We ..."). A line wrapped inside a sentence stays part of it. Sentences without
    a letter or digit are left out.
    """
    found: list[str] = []
    for paragraph in _paragraphs(text.splitlines()):
        for segment in _segments(paragraph):
            found += _split_segment(segment)
    return [s for s in found if any(c.isalnum() for c in s)]


def _paragraphs(lines: Sequence[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _segments(paragraph: Sequence[str]) -> list[str]:
    """Given a paragraph's stripped lines, return them joined into runs that a line break
    does not split inside (a wrapped sentence), one string per run."""
    width = max(len(line) for line in paragraph)
    wrapped_at = max(_WRAP_MIN, _WRAP_SHARE * width)
    runs: list[list[str]] = [[paragraph[0]]]
    for before, line in itertools.pairwise(paragraph):
        if _breaks_between(before, line, wrapped_at):
            runs.append([line])
        else:
            runs[-1].append(line)
    return [" ".join(run) for run in runs]


def _breaks_between(before: str, line: str, wrapped_at: float) -> bool:
    """Return whether a new sentence begins at ``line`` after the line ``before``."""
    if _LIST_ITEM.match(line):
        return True
    if before[-1] in ".!?;,":
        return False  # a final "." is split in the run; a "," continues the sentence
    return (line[0].isupper() or line[0].isdigit()) and len(before) < wrapped_at


def _split_segment(segment: str) -> list[str]:
    """Given a run of text, return its sentences, split after the tokens that end one."""
    tokens = segment.split()
    found: list[str] = []
    start = 0
    for index, token in enumerate(tokens):
        if _ends_sentence(token):
            found.append(" ".join(tokens[start : index + 1]))
            start = index + 1
    if start < len(tokens):
        found.append(" ".join(tokens[start:]))
    return found


def _ends_sentence(token: str) -> bool:
    """Return whether a whitespace-separated token ends a sentence: it ends with ".", "!",
    "?" or ";" (perhaps before a closing quote or bracket) and is no abbreviation, initial or
    day number."""
    core = token.rstrip(_CLOSERS)
    if not core or core[-1] not in ".!?;":
        return False
    if core[-1] != "." or core.endswith(".."):
        return True
    word = _folded(core[:-1]).lstrip("\"'“‘«([")
    if word in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "John F. Kennedy", "M. Dupont"
    return not (word.isdigit() and len(word) <= 2)  # "am 24. November", "1. Runde"
