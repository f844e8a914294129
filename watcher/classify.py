"""What a reply means, and what the user's own mail did.

Pure: nothing here reads the clock, the disk or the network. The relays, the phrases and the
learned model come in as a :class:`~watcher.models.Lexicon` (``watcher.lexicon`` reads them from
the package data). Phrases and text are compared as words, ignoring case, accents and
punctuation (``watcher.words``).

Classifying (:func:`classify`)
    Structure decides first, by rules; then the meaning of the sender's own sentences, by the
    phrases and a small learned model; then the reply gate.

    1. A delivery report is no reply ("bounce").
    2. An automatic reply (``Auto-Submitted: auto-replied``, ``X-Autoreply``, an out-of-office
       subject) is an ``auto_reply``, whatever else it says; so is an answer from no relay whose
       own text says it is one ("this is an automated response", "I am no longer with": the
       ``automatic`` phrases), unless a phrase states a rejection or an offer. An answer's subject
       may carry a label before its "Re:" ("Absence : Re: Entretien").
    3. A calendar response (``METHOD:REPLY``, or a subject such as "Accepted:") is no reply,
       nor is a read receipt (a subject such as "Read:", "Lu :", "Gelesen:");
       an invitation (``METHOD:REQUEST``) is a ``next_step``, but an updated one ("Updated
       invitation:", "Bijgewerkt:": a new link, a new description of a meeting already known)
       is no reply unless it states a rejection or an offer.
    4. Bulk or list mail (``Precedence: bulk|list|junk``, ``List-Id``, ``List-Unsubscribe``)
       that names no decision is no reply, except from a relay that sends transactional mail
       (an applicant-tracking system, a scheduler, an assessment platform, an e-signature or a
       background-check vendor): their mail carries ``List-Unsubscribe`` too.
    5. The meaning: the subject and the sender's own text (quoted text, forwarded headers and
       signatures left out) are read sentence by sentence (:func:`read`): their words, word pairs
       and word stems, the phrases of each kind they hold (a phrase after a negation or in a
       conditional sentence is marked so), and features of the message's structure (the relay's
       kind, a no-reply sender, a person's address, automatic mail, its length). A plain rejection
       or offer phrase (not negated, not conditional) decides. Otherwise, with a model, the kind
       with the highest score wins (a rejection within :data:`_REJECTION_MARGIN` of an update's
       score wins over it) and the sentence that weighs most for it is the evidence, except that a
       next step or an offer named only under a condition, an automatic reply without out-of-office
       words or in a message that answers none, a person's "no reply" without words of such mail and
       a person's receipt are refused (the next kind wins; but news, not a refusal without a
       refusal's phrase, when the step refused scored far ahead of it). A relay's own address
       ("<tenant>@myworkday.com") is no person's. Without a model, or for mail of fewer than
       :data:`_FEW_WORDS` words and no phrase, the strongest phrase wins (``rejection`` > ``offer``
       > ``next_step`` > ``acknowledgement``), then automatic mail is an ``acknowledgement``, a
       person's forward ("Fwd:", "WG:") with no phrase of any kind no reply, and anything else a
       human ``update``.
    6. The reply gate: only a person's reply or a relay's mail about the application counts as
       hearing back (:data:`HEARING_BACK`). Automatic or relayed mail whose subject begins as a
       reminder ("Reminder:", "Rappel :", "Erinnerung:") repeats what is known and is no reply
       unless a phrase states a rejection or an offer (the model's reading of one, often a
       refusal read close behind news in a reminder's few words, is not enough). An offer, a
       next step or a rejection in mail that asks for what job scams ask (a fee, bank details:
       the ``scam`` phrases, outside a negation) is no reply, unless a relay sent it. A
       background-check vendor's mail read as an offer is a ``next_step`` (the offer waits for
       the check). An e-signature vendor's completion notice
       (the subject begins "Completed:", "You signed:", "Abgeschlossen:", or says "Sie haben ...
       unterschrieben", "Tous les signataires ont signé") is an ``acknowledgement`` unless it
       states a rejection. Automatic or relayed mail (no person's) about the candidate's data or
       the sender's own service (a survey, data kept or deleted, consent to keep it: the ``notice``
       phrases, in its subject or in two sentences or more that outnumber those naming the kind
       read) is no reply unless a phrase names a rejection or an offer or it is an invitation, even
       when it names a step ("how was your background check?"). Automatic or relayed mail (no
       e-signature envelope) whose every offer phrase stands in a receipt's sentence ("we've
       received your signed employment contract") is an ``acknowledgement``: the paperwork of an
       offer made before (also listed under a receipt's subject: "- Signed offer letter"). An
       e-signature envelope that names no offer and holds words of mail that is no reply (a tenancy
       agreement) is no reply. A background-check vendor's mail that names the check only where it
       says it is done or needs nothing ("your background check is complete") is an
       ``acknowledgement``. Automatic or relayed mail whose subject says it is a receipt
       ("Documents received") and whose text names no other next step is an ``acknowledgement``
       unless a phrase states a decision. Automatic mail read as an ``update`` (a no-reply sender,
       ``Auto-Submitted``, bulk) is an ``acknowledgement`` when it names the application, and no
       reply otherwise; automatic mail read as no reply that names a next step or an offer only
       under a condition is an ``acknowledgement``; automatic mail from no relay (a shop, a bank)
       read as a ``next_step`` or an ``offer`` is no reply unless it names that kind or an
       application. Mail from a scheduler, an assessment platform or a background-check vendor that
       decides nothing else is a ``next_step`` (an ``acknowledgement`` when it is a receipt, no
       reply when it holds words of such mail, a survey or a security notice even under a
       condition, and names no step). Mail from an office or a system of the company (no person, no
       relay, no hiring office's address such as "hr@") read as a ``next_step`` that names no
       application, or read as news while it holds words of mail that is no reply (a delivery slot,
       a mortgage adviser, a staff party), is no reply. A person's forward that names nothing of
       the process may be. A person's mail to hidden recipients only (Bcc,
       "undisclosed-recipients:;") is a mailing and no reply, unless a phrase states a decision or
       names a next step.

    An ``update`` or a ``next_step`` that names a date sets ``until``
    (:func:`~watcher.named_dates.named_date`).

The user's own mail (:func:`classify_sent`)
    Before the interview began it is nothing. After a rejection, a message that thanks is the
    graceful close; within ``thank_you_until`` of the start, a message that thanks is the
    thank-you note; any other message after the interview is a follow-up.
"""

from __future__ import annotations

import functools
import itertools
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import TypeVar

from watcher.matching import ats_relay
from watcher.models import (
    HEARING_BACK,
    JUDGMENT_CLASSES,
    ActionKind,
    EventKind,
    Lexicon,
    Message,
    Model,
    Phrases,
    ReplyKind,
    Signal,
    Timeline,
)
from watcher.named_dates import named_date
from watcher.owntext import own_text, sentences
from watcher.record import fields, record
from watcher.senders import HIRING_WORDS, no_reply_address, personal_address
from watcher.words import fold, split_words

_TRANSACTIONAL = frozenset({"ats", "scheduler", "assessment", "esign", "background_check"})
_NEXT_STEP_RELAYS = frozenset({"scheduler", "assessment", "background_check"})
_RANKED = ("rejection", "offer", "next_step", "acknowledgement")
_CANCELLED_BY_CONDITION = frozenset({"offer", "next_step"})
_DATED = frozenset({ReplyKind.UPDATE, ReplyKind.NEXT_STEP})


def counts_as_reply(kind: ReplyKind | None) -> bool:
    """Return whether a message of ``kind`` (None: no reply at all) counts as hearing back."""
    return kind in HEARING_BACK


# -- phrases -----------------------------------------------------------------------------------


def _phrase_form(text: str) -> str:
    """Given text, return it as phrases are compared: its folded words between single spaces,
    with one space before and after, so that a phrase form is found only as whole words."""
    return f" {' '.join(split_words(fold(text)))} "


_T = TypeVar("_T")


def _kept_per_phrases(function: Callable[[Phrases], _T]) -> Callable[[Phrases], _T]:
    """Remember what ``function`` returns for the last few lexicons' phrases, found by
    identity: hashing thousands of phrases on every call costs more than the lookup saves."""
    kept: dict[int, tuple[Phrases, _T]] = {}

    @functools.wraps(function)
    def remembered(phrases: Phrases) -> _T:
        found = kept.get(id(phrases))
        if found is not None and found[0] is phrases:
            return found[1]
        value = function(phrases)
        if len(kept) >= 16:
            kept.clear()
        kept[id(phrases)] = (phrases, value)
        return value

    return remembered


@_kept_per_phrases
def _compiled(phrases: Phrases) -> dict[str, tuple[tuple[str, str], ...]]:
    """Given the lexicon's phrases, return per kind each phrase with its
    :func:`_phrase_form`, leaving out phrases without a word."""
    compiled: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind in (f.name for f in fields(Phrases)):
        listed: tuple[str, ...] = getattr(phrases, kind)
        forms = [(p, _phrase_form(p)) for p in listed]
        compiled[kind] = tuple((p, f) for p, f in forms if f.strip())
    return compiled


@_kept_per_phrases
def _decisions(phrases: Phrases) -> Mapping[str, tuple[str, ...]]:
    """Given the lexicon's phrases, return the :func:`_phrase_form` of those that decide
    (:data:`_DECISIVE`: rejections and offers), by their first word."""
    index: dict[str, list[str]] = {}
    compiled = _compiled(phrases)
    for kind in _DECISIVE:
        for _phrase, form in compiled[kind]:
            index.setdefault(form.split()[0], []).append(form)
    return {word: tuple(forms) for word, forms in index.items()}


def _holds_any(form: str, by_first_word: Mapping[str, tuple[str, ...]]) -> bool:
    """Given a :func:`_phrase_form` text and phrase forms by their first word, return whether
    the text holds one of them: only the phrases that begin with one of its words can."""
    return any(
        phrase in form for word in set(form.split()) for phrase in by_first_word.get(word, ())
    )


def _first_phrase(form: str, phrases: Sequence[tuple[str, str]]) -> str:
    """Given a :func:`_phrase_form` text and phrases with their forms, return the first phrase
    whose form it contains, or ""."""
    for phrase, phrase_form in phrases:
        if phrase_form in form:
            return phrase
    return ""


def _sentences(*texts: str) -> list[str]:
    """Given texts, return the :func:`_phrase_form` of each of their sentences
    (:func:`~watcher.owntext.sentences`), leaving out those without a word."""
    forms = []
    for text in texts:
        for sentence in sentences(text):
            form = _phrase_form(sentence)
            if form.strip():
                forms.append(form)
    return forms


# -- reading -----------------------------------------------------------------------------------

CLASSES = JUDGMENT_CLASSES
"""What the model tells apart: the kinds of :class:`ReplyKind` and "none" (no reply)."""

_PHRASE_KINDS = (
    "application",
    "conditional",
    "rejection",
    "offer",
    "next_step",
    "acknowledgement",
    "update",
    "not_reply",
    "out_of_office",
    "automatic",
    "thanks",
    "scam",
    "notice",
)
_NAMED_ONLY = frozenset({"offer", "next_step"})
_HEARD = frozenset({"offer", "next_step", "update"})
"""What a non-decisive reading counts as hearing back with (rejections are decided apart)."""
_SCAMMED = frozenset({"offer", "next_step", "rejection"})
"""What a job scam reads as: "you have been selected", "your contract is ready"."""
_FEW_WORDS = 12
_DECISIVE = ("rejection", "offer")
_UNDECIDED = frozenset({"update", "none", "acknowledgement"})
_RECEIPT_REFUSES = frozenset({"rejection", "offer", "next_step", "update"})
_NOTICE_REFUSES = _RECEIPT_REFUSES | {"none", "acknowledgement"}
_REJECTION_MARGIN = 1.0
"""How far below an update's score a rejection's may fall and still win (chosen on the
leave-one-author-out cross-validation of ``scripts/train-judgment``)."""
_STEM = 6
_NEGATION_SCOPE = 5
"""How many words after a negation its scope holds (marked as such for the model)."""
_MAX_SENTENCES = 80


@record
class Reading:
    """A message as the classifier reads it.

    ``sentences`` are the subject (first, "" when it is someone else's "Re:" subject) and the
    sender's own sentences, as written; ``features`` the features of each; ``general`` the
    features of the message as a whole; ``hits`` the phrases found, per kind, each with the
    index of its sentence.
    """

    sentences: tuple[str, ...]
    features: tuple[tuple[str, ...], ...]
    general: tuple[str, ...]
    hits: Mapping[str, tuple[tuple[int, str], ...]]
    relay_kind: str
    automatic: bool
    personal: bool


_TRAILING_NEGATIONS = frozenset({"nicht", "niet"})
"""Negations that may follow what they negate, at the end of a German or Dutch clause ("eine
Zusage können wir Ihnen leider nicht geben", "een aanbod kunnen we je niet doen")."""
_TRAILING_SCOPE = 8


_CLAUSES = frozenset({"automatic", "out_of_office"})
"""Phrase kinds that are clauses with their own verb ("Ihre E-Mail wird nicht weitergeleitet"):
a negation after them ("... und nicht gelesen") negates something else."""


def _negated(
    form: str, phrase_form: str, negations: Sequence[tuple[str, str]], *, trailing: bool = True
) -> bool:
    """Return whether a negation stands in the five words before the phrase in the sentence,
    or (``trailing``) a German or Dutch one (:data:`_TRAILING_NEGATIONS`) among the last three
    words of a sentence that ends within eight words after it."""
    start = form.find(phrase_form)
    before = form[: start + 1].split()[-5:]
    window = f" {' '.join(before)} "
    if any(negation in window for _, negation in negations):
        return True
    if not trailing:
        return False
    after = form[start + len(phrase_form) - 1 :].split()
    # Verb-final: the negation closes the clause ("... leider nicht geben."), within reach.
    return len(after) <= _TRAILING_SCOPE and any(w in _TRAILING_NEGATIONS for w in after[-3:])


def _negated_words(form: str, negations: Sequence[tuple[str, str]]) -> list[str]:
    """Given a sentence's :func:`_phrase_form` and the negations found in the message, return
    the words that stand in the :data:`_NEGATION_SCOPE` words after a negation of the sentence
    ("we cannot offer you a position": offer, you, a, position), so that the model reads "not
    ... continue" apart from "continue" whatever the words between."""
    scoped: dict[str, None] = {}
    words = form.split()
    for _, negation in negations:
        start = form.find(negation)
        while start != -1:
            after = form.count(" ", 0, start + len(negation) - 1)
            for word in words[after : after + _NEGATION_SCOPE]:
                scoped[word] = None
            start = form.find(negation, start + 1)
    return list(scoped)


def read(message: Message, lexicon: Lexicon) -> Reading:
    """Given a message and the lexicon, return what the classifier reads of it (see
    :class:`Reading`); the same features train the model (``scripts/train-judgment``)."""
    phrases = _compiled(lexicon.phrases)
    subject = "" if _REPLY_SUBJECT.match(message.subject) else message.subject
    own = own_text(message.text)
    written = [subject, *[s for s in sentences(own) if s.strip()][:_MAX_SENTENCES]]
    forms = [_phrase_form(sentence) for sentence in written]
    whole = "".join(forms)
    present = {kind: [(p, f) for p, f in phrases.get(kind, ()) if f in whole] for kind in phrases}
    negations = present.get("negation", [])
    hits: dict[str, list[tuple[int, str]]] = {}
    features: list[tuple[str, ...]] = []
    for index, form in enumerate(forms):
        mark = "s" if index == 0 else "w"
        words = form.split()
        found: list[str] = [f"{mark}:{w}" for w in words]
        found += [f"{mark}2:{a}_{b}" for a, b in itertools.pairwise(words)]
        found += [f"{mark}s:{w[:_STEM]}" for w in words if len(w) > _STEM]
        if negations:
            found += [f"{mark}n:{w}" for w in _negated_words(form, negations)]
        conditional = bool(present.get("conditional")) and bool(
            _first_phrase(form, present["conditional"])
        )
        for kind in _PHRASE_KINDS:
            for phrase, phrase_form in present.get(kind, ()):
                if phrase_form not in form:
                    continue
                hits.setdefault(kind, []).append((index, phrase))
                flag = ""
                if negations and _negated(
                    form, phrase_form, negations, trailing=kind not in _CLAUSES
                ):
                    flag = ":not"
                elif conditional:
                    flag = ":if"
                found.append(f"P:{kind}{flag}")
                if index == 0:
                    found.append(f"P:subject:{kind}")
                break
        features.append(tuple(found))
    relay = _relay_kind(message, lexicon)
    no_reply = _no_reply_sender(message)
    automatic = no_reply or bool(
        message.signals & {Signal.AUTO_SUBMITTED, Signal.BULK, Signal.MAILING_LIST}
    )
    general = [f"relay:{relay or '-'}"]
    general += [f"signal:{signal.value}" for signal in sorted(message.signals)]
    if no_reply:
        general.append("sender:no-reply")
    # A relay's own address ("brightwater@myworkday.com", "adobesign@adobesign.com") spells
    # the company or the vendor, not a person: the person, if any, is in the display name.
    personal = _personal_sender(message) and not automatic and not _relay_sender(message, lexicon)
    general.append("sender:personal" if personal else "sender:role")
    if message.in_reply_to or message.references or _LABELLED_ANSWER.match(message.subject):
        general.append("thread:reply")
    if _FORWARD_SUBJECT.match(message.subject):
        general.append("thread:forward")
    if message.invite is not None:
        general.append(f"invite:{message.invite.method.lower()}")
    length = sum(len(f) for f in features[1:])
    general.append(f"length:{min(length // 40, 6)}")
    if own.strip() != message.text.strip():
        general.append("quotes")
    return Reading(
        sentences=tuple(written),
        features=tuple(features),
        general=tuple(general),
        hits={kind: tuple(found) for kind, found in hits.items()},
        relay_kind=relay,
        automatic=automatic,
        personal=personal,
    )


def _relay_kind(message: Message, lexicon: Lexicon) -> str:
    """Return the kind of the relay the sender (or else a Reply-To) belongs to, or ""."""
    for party in ([message.sender] if message.sender else []) + list(message.reply_to):
        found = ats_relay(party.domain, lexicon)
        if found is not None:
            return found[0].kind
    return ""


def _relay_sender(message: Message, lexicon: Lexicon) -> bool:
    """Return whether the sender's own address belongs to a relay (not only its Reply-To)."""
    return message.sender is not None and ats_relay(message.sender.domain, lexicon) is not None


def _no_reply_sender(message: Message) -> bool:
    return message.sender is not None and no_reply_address(message.sender.address)


_RECRUITING_WORDS = HIRING_WORDS | frozenset(
    {
        "personalabteilung",
        "risorseumane",
        "recursoshumanos",
        "ressourceshumaines",
        "bewerbung",
        "bewerbungen",
        "candidatures",
        "sollicitaties",
    }
)
"""Words of an address's local part that name the office that hires ("hr@", "rrhh@",
"careers-team@"): what it sends is about applications, whatever words it uses."""


def _recruiting_address(message: Message) -> bool:
    """Return whether the sender's address is a hiring office's ("hr@", "talent.team@")."""
    sender = message.sender
    if sender is None:
        return False
    local = fold(sender.address.partition("@")[0])
    return any(part in _RECRUITING_WORDS for part in re.split(r"[-_.+]", local))


def _personal_sender(message: Message) -> bool:
    sender = message.sender
    return sender is not None and personal_address(sender.name, sender.address)


def bucket(feature: str, buckets: int) -> int:
    """Return the bucket of a feature: stable across runs and machines (CRC-32)."""
    return zlib.crc32(feature.encode("utf-8")) % buckets


def scores(model: Model, reading: Reading) -> tuple[list[float], list[list[float]]]:
    """Given a model and a reading, return the score of each class and each sentence's share
    of it (the message's general features are in no sentence's share)."""
    total = list(model.bias)
    shares: list[list[float]] = []
    for feature in reading.general:
        row = model.weights.get(bucket(feature, model.buckets))
        if row is not None:
            total = [t + w for t, w in zip(total, row, strict=True)]
    for sentence in reading.features:
        share = [0.0] * len(model.classes)
        for feature in sentence:
            row = model.weights.get(bucket(feature, model.buckets))
            if row is not None:
                share = [t + w for t, w in zip(share, row, strict=True)]
        shares.append(share)
        total = [t + w for t, w in zip(total, share, strict=True)]
    return total, shares


# -- classifying -------------------------------------------------------------------------------


@record
class Classification:
    """What a matched message means: a kind of reply (None: no reply at all, such as bulk mail,
    a bounce or a calendar response), a date it named (for updates and next steps), why in
    words, and the sentence that decided (as written; "" when the structure decided)."""

    kind: ReplyKind | None
    until: date | None
    reason: str
    sentence: str = ""

    @property
    def counts(self) -> bool:
        """Whether the message counts as hearing back (:func:`counts_as_reply`)."""
        return counts_as_reply(self.kind)


def classify(message: Message, lexicon: Lexicon, *, today: date | None = None) -> Classification:
    """Given a message from the employer's side and the lexicon, return what it means.

    ``today`` is the day relative dates in the message ("by Friday") count from; by default
    the message's own date (in its own offset). Pass the message's date in the user's time zone
    when it differs. The clock is never read. The rules are in the module's docstring.
    """
    signals = message.signals
    if Signal.DELIVERY_REPORT in signals:
        return Classification(None, None, "bounce: a delivery report")
    phrases = _compiled(lexicon.phrases)
    if signals & {Signal.OUT_OF_OFFICE, Signal.AUTO_REPLY}:
        return Classification(ReplyKind.AUTO_REPLY, None, "auto_reply: an automatic reply")
    subject_form = _phrase_form(message.subject)
    out_of_office = _first_phrase(subject_form, phrases["out_of_office"])
    if out_of_office:
        return Classification(
            ReplyKind.AUTO_REPLY, None, f"auto_reply: the subject says {out_of_office!r}"
        )
    invite = message.invite
    method = invite.method.upper() if invite is not None else ""
    response = _subject_head(message.subject, phrases.get("calendar_response", ()))
    if method == "REPLY" or (response and method != "REQUEST"):
        said = f"the subject begins {response!r}" if response else "METHOD:REPLY"
        return Classification(None, None, f"none: a calendar response ({said})")
    opened = _subject_head(message.subject, phrases.get("read_receipt", ()))
    if opened and method != "REQUEST":
        # "Read: RE: One more conversation": a mail client's notice that the message was opened.
        return Classification(None, None, f"none: a read receipt (the subject begins {opened!r})")
    bulk = bool(signals & {Signal.BULK, Signal.MAILING_LIST})
    if bulk and _relay_kind(message, lexicon) not in _TRANSACTIONAL:
        # Decided before reading sentence by sentence: most list mail stops here, cheaply.
        whole = _phrase_form(f"{message.subject}\n{own_text(message.text)}")
        if not _holds_any(whole, _decisions(lexicon.phrases)):
            return Classification(None, None, "none: list or bulk mail (List-Id, Precedence)")
    reading = read(message, lexicon)
    strong = _strong_phrase(reading)
    received = _paperwork_received(reading)
    if strong is not None and strong[0] == "offer" and received:
        # "We've received your completed documents: Employment Contract, tax forms": the
        # paperwork of an offer made before, received back; it decides nothing now.
        strong = None
    declared = _declared_automatic(reading) if strong is None else ""
    if declared:
        # "This is an automated response", "I am no longer with ...": an answer that says it is
        # automatic, with or without an Auto-Submitted header, whatever it says of candidates.
        why = f"an answer that says it is automatic ({declared!r})"
        return Classification(ReplyKind.AUTO_REPLY, None, f"auto_reply: {why}")
    if strong is not None:
        kind, sentence, why = strong
    elif lexicon.model is not None and not _too_little(reading):
        kind, sentence, why = _by_model(lexicon.model, reading)
    else:
        kind, sentence, why = _by_phrases(reading)
    scam = _scam(reading) if kind in _SCAMMED else ""
    known = _known_again(message, reading, phrases, method) if strong is None else ""
    signed = _signed_subject(message.subject, phrases.get("signed", ()))
    notice = _notice(reading, kind, method) if strong is None else ""
    if scam:
        # "You are selected! Pay the processing fee to receive your contract": a job scam
        # from a lookalike of an employer is no news about an application.
        kind, sentence, why = "none", "", f"a job scam: it asks for {scam!r}"
    elif known:
        # "Reminder: your interview is tomorrow", "Updated invitation: ..." (a new link): the
        # interview is known already; only a decision would be news.
        kind, sentence, why = "none", "", known
    elif notice:
        # "How likely are you to recommend Checkr?", "vos données seront supprimées dans 30
        # jours": the sender's survey or the candidate's data, though it names the process.
        kind, sentence = "none", ""
        why = f"automatic mail about the candidate's data or the sender's service ({notice!r})"
    elif kind == "offer" and received:
        kind, why = "acknowledgement", f"a receipt of the offer's paperwork ({received!r})"
    elif kind == "offer" and reading.relay_kind == "background_check":
        # The vendor checks on the employer's behalf: "as part of your offer of employment"
        # names the offer that waits for the check, not one being made.
        kind, why = "next_step", f"a background check before an offer ({why})"
    elif kind not in ("rejection", "none") and reading.relay_kind == "esign" and signed:
        # "Completed: Offer letter", "You signed: NDA": the copy of what was signed.
        kind, sentence = "acknowledgement", ""
        why = f"a signed document's copy (the subject says {signed!r})"
    elif (
        strong is None
        and kind in _HEARD
        and reading.relay_kind == "esign"
        and "offer" not in reading.hits
        and _plain_hit(reading, "not_reply")
    ):
        # "Please DocuSign: Tenancy Agreement": an envelope of a lease or a shop's contract,
        # sent through the same vendor as an offer letter, names no offer.
        found = _plain_hit(reading, "not_reply")
        kind, sentence = "none", ""
        why = f"an e-signature envelope of no offer ({found!r}; {why})"
    elif strong is None and kind in _RECEIPT_REFUSES and _receipt(reading):
        kind, why = "acknowledgement", f"an automatic receipt ({_quote(reading.sentences[0])})"
    elif strong is None and kind == "next_step" and _step_done(reading):
        # "Your background check is complete", "No action is required from you": a vendor's
        # notice that the check is done or under way asks nothing and decides nothing.
        found = _plain_hit(reading, "acknowledgement")
        kind, why = "acknowledgement", f"a {_relay_name(reading)} relay's status ({found!r})"
    elif kind in _UNDECIDED and method == "REQUEST":
        kind, sentence, why = "next_step", "", "a calendar invitation"
    elif (
        kind in ("update", "none")
        and reading.relay_kind in _NEXT_STEP_RELAYS
        and _unnegated_hit(reading, "not_reply")
        and not _plain_hit(reading, "next_step")
    ):
        # "How did your assessment go? Answer three questions": a platform's survey, sign-in
        # code or newsletter names no step of the process, though the platform often does; a
        # security notice says it under a condition ("if this wasn't you, reset your password").
        found = _unnegated_hit(reading, "not_reply")
        kind, sentence = "none", ""
        why = f"a {_relay_name(reading)} relay's mail that is no reply ({found!r})"
    elif kind in ("update", "none") and reading.relay_kind in _NEXT_STEP_RELAYS:
        if reading.hits.get("acknowledgement"):
            kind, why = "acknowledgement", f"a receipt from a {_relay_name(reading)} relay"
        else:
            kind, why = "next_step", f"mail from a {_relay_name(reading)} relay"
    elif kind == "none" and reading.automatic and _conditional_step(reading):
        # "Should your profile match, we will schedule a call": automatic mail that names a
        # step of the process under a condition speaks of the application; it decides nothing.
        kind, why = "acknowledgement", f"automatic mail that names a step under a condition ({why})"
    elif kind == "update" and reading.automatic:
        # The reply gate: automatic mail that decides nothing is no person's news.
        about = reading.hits.get("acknowledgement") or reading.relay_kind in _TRANSACTIONAL
        kind = "acknowledgement" if about else "none"
        why = f"automatic mail that decides nothing ({why})"
    elif (
        strong is None
        and kind in _HEARD
        and reading.personal
        and not (message.to or message.cc)
        and method != "REQUEST"
        and not (kind == "next_step" and _plain_hit(reading, "next_step"))
    ):
        # "To: undisclosed-recipients:;": a person writing to many at once in Bcc (a holiday
        # card, a talent community's news) writes to no candidate in particular.
        kind, sentence = "none", ""
        why = f"a person's mail to hidden recipients (Bcc), a mailing ({why})"
    elif (
        kind in _NAMED_ONLY
        and (reading.automatic or not (reading.personal or _recruiting_address(message)))
        and not reading.relay_kind
        and method != "REQUEST"
        and not reading.hits.get("application")
        and (kind == "next_step" or not reading.hits.get(kind))
    ):
        # Mail from the company's own systems or an office's address (a shop, a bank, a
        # service desk, internal communications) counts only when it speaks of an
        # application; an offer may also say so in its own words. Booking a slot, an
        # appointment or a visit is what shops and banks ask too.
        what = "no application" if kind == "next_step" else "no offer"
        kind, why = "none", f"mail from an office or a system that names {what} ({why})"
    elif (
        kind in _HEARD
        and not (reading.personal or reading.relay_kind or _recruiting_address(message))
        and method != "REQUEST"
        and _plain_hit(reading, "not_reply")
    ):
        # An office or a system of the company that writes as a shop, a bank or an employer
        # writes to its customers or staff ("book your delivery slot", "your mortgage
        # adviser", "the Christmas party"): not about the application, unless it decides.
        found = _plain_hit(reading, "not_reply")
        kind, why = "none", f"an office's mail that is no reply ({found!r}; {why})"
    if kind == "none":
        return Classification(None, None, f"none: {why}", sentence)
    return _verdict(ReplyKind(kind), why, sentence, message, today)


def _verdict(
    kind: ReplyKind, why: str, sentence: str, message: Message, today: date | None
) -> Classification:
    text = own_text(message.text)
    return Classification(kind, _until(kind, message, text, today), f"{kind}: {why}", sentence)


def _subject_head(subject: str, heads: Sequence[tuple[str, str]]) -> str:
    """Return the phrase of ``heads`` that the subject begins with, before a colon ("accepted"
    in "Accepted: Interview", "reminder" in "Reminder: ..."), or ""."""
    head = _phrase_form(subject.split(":", 1)[0]) if ":" in subject[:40] else ""
    for phrase, form in heads:
        if head == form:
            return phrase
    return ""


def _known_again(
    message: Message,
    reading: Reading,
    phrases: Mapping[str, tuple[tuple[str, str], ...]],
    method: str,
) -> str:
    """Return why a message only repeats what is known, or "": an updated calendar invitation
    ("Updated invitation:", "Bijgewerkt:", with ``METHOD:REQUEST``), or automatic or relayed
    mail whose subject begins as a reminder ("Reminder:", "Rappel :", "Erinnerung:")."""
    if method == "REQUEST":
        updated = _subject_head(message.subject, phrases.get("calendar_update", ()))
        if updated:
            return (
                f"an updated invitation of a meeting already known (the subject begins {updated!r})"
            )
    if reading.automatic or reading.relay_kind:
        reminder = _subject_head(message.subject, phrases.get("reminder", ()))
        if reminder:
            return f"a reminder of what is already known (the subject begins {reminder!r})"
    return ""


def _by_model(model: Model, reading: Reading) -> tuple[str, str, str]:
    """Return the kind the model scores highest, the sentence that weighs most for it over the
    runner-up, and why in words.

    Two answers need more than the model's word: an automatic reply needs an out-of-office
    phrase in a message that answers another (:func:`_answers`), and "no reply at all" for
    mail a person wrote (:func:`_personal_sender`, with no automatic sign) needs a phrase of
    mail that is no reply; without them the next kind wins."""
    total, shares = scores(model, reading)
    order = sorted(range(len(total)), key=lambda i: -total[i])
    hypothetical = [
        phrase
        for kind in _CANCELLED_BY_CONDITION
        if _only_hypothetical(reading, kind)
        for _, phrase in reading.hits[kind]
    ]
    plain = [
        k
        for k in _CANCELLED_BY_CONDITION
        if k in reading.hits and not _only_hypothetical(reading, k)
    ]
    conditional = bool(hypothetical) or "conditional" in reading.hits
    refused = set(_CANCELLED_BY_CONDITION) if conditional and not plain else set()
    if (
        _only_hypothetical(reading, "offer")
        and not plain
        and "rejection" not in reading.hits
        and not _negated_only(reading, "offer")
    ):
        # "If selected, you will receive an offer letter": an offer under a condition is no
        # offer, and no refusal either unless the message says one (a refusal often holds a
        # conditional next step, "if a role opens up, we will invite you", but not an offer).
        refused.add("rejection")
    if "out_of_office" not in reading.hits or not _answers(reading):
        # An automatic reply answers a message: in its thread or under its "Re:" subject. A
        # fresh message that says someone is on leave is a person's news.
        refused.add("auto_reply")
    if reading.personal and ("acknowledgement" not in reading.hits or "next_step" in plain):
        # A person writes no receipts: what they say is news, or a next step they name.
        refused.add("acknowledgement")
    if reading.personal and "not_reply" not in reading.hits and not _bare_forward(reading):
        refused.add("none")
    order = [i for i in order if model.classes[i] not in refused]
    rejection = model.classes.index("rejection")
    update = order[0]
    if (
        model.classes[update] == "update"
        and rejection in order
        and total[rejection] >= total[update] - _REJECTION_MARGIN
        and _said_in_text(shares, total, rejection, update)
        and not (conditional and not plain and "rejection" not in reading.hits)
    ):
        # A refusal wrapped in kind words reads close to news; missing it costs the user
        # more than reading hesitant news as an end (both count as hearing back). The text
        # must bring it close: a subject naming the job ("Data Engineer") says no refusal;
        # nor does a condition without a step named outside it and no refusal's phrase ("if
        # you are shortlisted, we will invite you"): a person writes it while nothing is decided.
        order.remove(rejection)
        order.insert(0, rejection)
    news = model.classes.index("update")
    top = max(range(len(total)), key=lambda i: total[i])
    if (
        order[0] == rejection
        and news in order
        and (
            total[rejection] < total[news] + _REJECTION_MARGIN
            or (
                model.classes[top] in _CANCELLED_BY_CONDITION
                and total[rejection] < total[top] - 2 * _REJECTION_MARGIN
            )
        )
        and conditional
        and not plain
        and "rejection" not in reading.hits
        and not _negated_only(reading, "offer")
    ):
        # The same reading the other way round: a step named only under a condition and no
        # refusal's phrase, a refusal barely ahead of news is news ("Falls Sie in die engere
        # Auswahl kommen, laden wir Sie ... ein"); so is a refusal that leads only because the
        # step the model read, far ahead of it, was refused for its condition.
        order.remove(news)
        order.insert(0, news)
    best, second = order[0], order[min(1, len(order) - 1)]
    kind = model.classes[best]
    margins = [share[best] - share[second] for share in shares]
    index = max(range(len(margins)), key=lambda i: margins[i]) if margins else 0
    sentence = reading.sentences[index] if index < len(reading.sentences) else ""
    if_only = (
        f" ({', '.join(repr(p) for p in hypothetical)} under a condition or a negation)"
        if hypothetical and refused & set(_CANCELLED_BY_CONDITION)
        else ""
    )
    if not sentence.strip() or margins[index] <= 0:
        return kind, "", f"the message as a whole{if_only}"
    where = "the subject" if index == 0 else f"sentence {index}"
    return kind, " ".join(sentence.split()), f"{where} says {_quote(sentence)}{if_only}"


def _said_in_text(
    shares: list[list[float]], total: list[float], rejection: int, update: int
) -> bool:
    """Return whether a refusal scored close behind news is close without the subject's share
    too (``shares[0]`` is the subject's)."""
    subject = shares[0] if shares else [0.0] * len(total)
    return (total[rejection] - subject[rejection]) >= (
        total[update] - subject[update]
    ) - _REJECTION_MARGIN


def _bare_forward(reading: Reading) -> bool:
    """Return whether a message is a forward ("Fwd:", "WG:") whose own lines name nothing of
    the process (no phrase of a decision, a step, news or a receipt): what it passes on is
    someone else's mail (a referral drive, a posting), which the model may read as no reply."""
    return "thread:forward" in reading.general and not any(
        kind in reading.hits for kind in (*_RANKED, "update")
    )


def _declared_automatic(reading: Reading) -> str:
    """Return the phrase by which a message that answers another (:func:`_answers`) and comes
    from no relay says it is an automatic reply itself ("this is an automated response", "I am
    no longer with"), outside a negation or a condition, or ""."""
    if reading.relay_kind or not _answers(reading):
        return ""
    return _plain_hit(reading, "automatic")


def _answers(reading: Reading) -> bool:
    """Return whether the message answers another: it names one (``In-Reply-To``,
    ``References``) or its subject is someone else's ("Re:", left out of the reading)."""
    return "thread:reply" in reading.general or not reading.sentences[0].strip()


def _only_hypothetical(reading: Reading, kind: str) -> bool:
    """Return whether every phrase of ``kind`` found stands under a condition or a negation
    ("if you are selected, we will schedule a call")."""
    found = reading.hits.get(kind, ())
    return bool(found) and all(f"P:{kind}" not in reading.features[i] for i, _ in found)


def _plain_hit(reading: Reading, kind: str) -> str:
    """Return the first phrase of ``kind`` found outside a negation or a condition, or ""."""
    for index, phrase in reading.hits.get(kind, ()):
        if f"P:{kind}" in reading.features[index]:
            return phrase
    return ""


def _unnegated_hit(reading: Reading, kind: str) -> str:
    """Return the first phrase of ``kind`` found outside a negation (under a condition or not),
    or ""."""
    for index, phrase in reading.hits.get(kind, ()):
        if f"P:{kind}:not" not in reading.features[index]:
            return phrase
    return ""


def _signed_subject(subject: str, phrases: Sequence[tuple[str, str]]) -> str:
    """Return the phrase of an e-signature completion notice in a subject ("Completed: ...",
    "Sie haben „Arbeitsvertrag“ unterschrieben", "Tous les signataires ont signé « ... »"), at
    its head before a colon or anywhere as whole words, or ""."""
    head = _subject_head(subject, phrases)
    if head:
        return head
    # Anywhere, only phrases that no envelope's imperative folds into ("Complete with
    # Docusign:" is "complété" without its accents): two words or more, or one long word.
    form = _phrase_form(subject)
    return _first_phrase(form, [(p, f) for p, f in phrases if len(f.split()) > 1 or len(f) > 11])


def _negated_only(reading: Reading, kind: str) -> bool:
    """Return whether some phrase of ``kind`` found stands under a negation ("we cannot make
    you an offer"): a refusal, unlike a condition."""
    return any(f"P:{kind}:not" in reading.features[i] for i, _ in reading.hits.get(kind, ()))


def _conditional_step(reading: Reading) -> bool:
    """Return whether a next step or an offer is named, each time under a condition or a
    negation, and no words of mail that is no reply are ("if you are selected, we will
    schedule a call")."""
    hypothetical = any(_only_hypothetical(reading, kind) for kind in _CANCELLED_BY_CONDITION)
    return hypothetical and "not_reply" not in reading.hits


def _receipt(reading: Reading) -> bool:
    """Return whether automatic mail (or a relay's) says in its subject that it is a receipt
    ("Documents received", "Eingangsbestätigung") and names no next step in its text: what
    else its sentences sound like, it decides nothing."""
    if not (reading.automatic or reading.relay_kind in _TRANSACTIONAL):
        return False
    if "P:acknowledgement" not in reading.features[0]:
        return False
    found = reading.hits.get("next_step", ())
    received = {phrase for index, phrase in found if index == 0}
    # "We've got your availability for the final round": the step a receipt is about.
    receipts = {index for index, _ in reading.hits.get("acknowledgement", ())}
    return not any(
        index > 0
        and index not in receipts
        and phrase not in received
        and "P:next_step" in reading.features[index]
        for index, phrase in found
    )


_RECEIVED_WORDS = frozenset(
    {
        "received",
        "receipt",
        "got",
        "recu",
        "recus",
        "recue",
        "recues",
        "reception",
        "eingegangen",
        "eingang",
        "recibido",
        "recibidos",
        "recibida",
        "recibidas",
        "recibimos",
        "recebemos",
        "recebido",
        "recebidos",
        "recebida",
        "recebidas",
        "recebimento",
        "rececao",
        "recepcao",
        "ricevuto",
        "ricevuti",
        "ricevuta",
        "ricevute",
        "ricezione",
        "ontvangst",
    }
)
"""Words by which a sender says it received something (folded)."""
_RECEIVED_BY_US = frozenset({"erhalten", "ontvangen"})
"""German and Dutch words of receiving that also say the candidate will receive ("Sie erhalten
Ihren Vertrag"): a receipt only beside a receipt's phrase ("haben Ihren unterschriebenen")."""


_RECEIVED_BY_WHOM = frozenset(
    {"we", "weve", "wir", "wij", "nous", "hemos", "recibimos", "recebemos", "abbiamo"}
)
"""Who received, in a receipt: the sender ("we", "wir", "nous", "hemos", "abbiamo")."""
_SIGNED_WORDS = frozenset(
    {
        "signed",
        "signe",
        "signee",
        "signes",
        "unterschrieben",
        "unterschriebene",
        "unterschriebenen",
        "unterzeichnet",
        "unterzeichnete",
        "unterzeichneten",
        "firmado",
        "firmada",
        "firmados",
        "assinado",
        "assinada",
        "assinados",
        "firmato",
        "firmata",
        "firmati",
        "getekend",
        "getekende",
        "ondertekend",
        "ondertekende",
    }
)
"""Words of a signed document ("signed contract", "ondertekende arbeidsovereenkomst"): what
comes back to the sender, not what it sends."""


def _paperwork_received(reading: Reading) -> str:
    """Return the offer phrase of automatic or relayed mail (no e-signature envelope) that
    names an offer's paperwork only as received back ("we've received your signed employment
    contract", "nous avons bien reçu votre contrat signé"), or "": every offer phrase stands in
    a sentence with a receipt's phrase and a word of receiving."""
    if not (reading.automatic or reading.relay_kind in _TRANSACTIONAL):
        return ""
    if reading.relay_kind == "esign" or not reading.hits.get("offer"):
        return ""
    receipt = "P:acknowledgement" in reading.features[0]
    for index, _phrase in reading.hits["offer"]:
        if receipt and index > 0:
            # "Documents received": the list below it names what came back ("- Signed offer
            # letter", "- Arbeitsvertrag (unterschrieben)").
            continue
        words = set(_phrase_form(reading.sentences[index]).split())
        if not words & (_RECEIVED_WORDS | _RECEIVED_BY_US):
            return ""
        if not (
            "P:acknowledgement" in reading.features[index]
            or words & _RECEIVED_BY_WHOM
            or words & _SIGNED_WORDS
        ):
            return ""
    return reading.hits["offer"][0][1]


def _notice(reading: Reading, kind: str, method: str) -> str:
    """Return the phrase by which automatic or relayed mail read as hearing back says it is
    about the candidate's data or the sender's own service (a survey, keeping or deleting
    data), or "": in its subject, or in two sentences or more that outnumber those naming the
    kind read (in its subject only for a refusal); never in a person's mail, an invitation or
    mail with a decision's phrase."""
    if kind not in _NOTICE_REFUSES or reading.personal or method == "REQUEST":
        return ""
    if "rejection" in reading.hits or "offer" in reading.hits:
        return ""
    found = reading.hits.get("notice", ())
    said = {index for index, _ in found}
    if not found:
        return ""
    if 0 in said:
        return found[0][1]
    if kind == "rejection":
        # A refusal in words of no phrase often ends with a privacy footer ("Ihre Bewerberdaten
        # werden gemäß DSGVO gelöscht"): only a subject about the data outweighs it.
        return ""
    named = {
        index
        for index, _ in reading.hits.get(kind, ())
        if index not in said and f"P:{kind}" in reading.features[index]
    }
    return found[0][1] if len(said) >= 2 and len(said) > len(named) else ""


def _step_done(reading: Reading) -> bool:
    """Return whether a background-check vendor's mail says that the check is done or needs
    nothing ("your check is complete", "no action is required") and names a step, only in
    those sentences (an assessment platform's "the next step is a review" invites to one)."""
    if reading.relay_kind != "background_check" or not _plain_hit(reading, "acknowledgement"):
        return False
    done = {i for i, _ in reading.hits.get("acknowledgement", ())}
    named = {
        i for i, _ in reading.hits.get("next_step", ()) if "P:next_step" in reading.features[i]
    }
    # "Your background check for Northwind is complete": the step is named where it is done.
    return bool(named) and named <= done


def _scam(reading: Reading) -> str:
    """Return what a job scam asks for (a fee, bank details: a scam phrase outside a
    negation), or "" when the message asks for none or a relay sent it."""
    if reading.relay_kind in _TRANSACTIONAL:
        return ""
    for index, phrase in reading.hits.get("scam", ()):
        # "We will never ask you to pay a processing fee": a warning against scams, not one.
        if not any(f.startswith(("wn:", "sn:")) for f in reading.features[index]):
            return phrase
    return ""


def _relay_name(reading: Reading) -> str:
    return reading.relay_kind.replace("_", "-")


def _too_little(reading: Reading) -> bool:
    """Return whether a message says too little for the model to weigh: fewer than
    :data:`_FEW_WORDS` words of its own and no phrase of any kind ("Sounds good.")."""
    words = sum(1 for sentence in reading.features[1:] for f in sentence if f.startswith("w:"))
    return words < _FEW_WORDS and not reading.hits


def _strong_phrase(reading: Reading) -> tuple[str, str, str] | None:
    """Return the decision a phrase states plainly, or None: a rejection phrase outside a
    negation decides, whatever else the message says."""
    for kind in _DECISIVE:
        for index, phrase in reading.hits.get(kind, ()):
            if f"P:{kind}" in reading.features[index]:
                sentence = " ".join(reading.sentences[index].split())
                where = "the subject" if index == 0 else f"sentence {index}"
                return kind, sentence, f"{where} says {_quote(sentence)} ({phrase!r})"
    return None


def _by_phrases(reading: Reading) -> tuple[str, str, str]:
    """Without a model: the strongest phrase kind found outside a negation or condition."""
    cancelled = []
    for kind in _RANKED:
        for index, phrase in reading.hits.get(kind, ()):
            if kind in _CANCELLED_BY_CONDITION and f"P:{kind}" not in reading.features[index]:
                cancelled.append(f"{phrase!r} under a condition or a negation")
                continue
            sentence = " ".join(reading.sentences[index].split())
            return kind, sentence, f"{phrase!r}"
    if_only = f" ({'; '.join(cancelled)})" if cancelled else ""
    if reading.relay_kind in _NEXT_STEP_RELAYS:
        return "next_step", "", f"mail from a {reading.relay_kind} relay{if_only}"
    if reading.automatic:
        return "acknowledgement", "", f"automatic mail that decides nothing{if_only}"
    if "thread:forward" in reading.general and not reading.hits:
        # "FW: ..." with a line of one's own and no word of the process: what it passes on is
        # someone else's mail (an internal thread, a posting), not news about the application.
        return "none", "", f"a forward that says nothing of its own{if_only}"
    return "update", "", f"a human reply that decides nothing{if_only}"


def _quote(sentence: str, limit: int = 160) -> str:
    text = " ".join(sentence.split())
    return repr(text if len(text) <= limit else f"{text[: limit - 3]}...")


def _until(kind: ReplyKind, message: Message, text: str, today: date | None) -> date | None:
    if kind not in _DATED:
        return None
    reference = today if today is not None else message.date.date()
    return named_date(f"{message.subject}\n\n{text}", reference)


def classify_sent(
    message: Message, timeline: Timeline, lexicon: Lexicon, *, thank_you_until: timedelta
) -> ActionKind | None:
    """Given a message the user sent to an interview's people, return what it did for that
    interview: None before the interview began; after a rejection reply, GRACEFUL_CLOSE if it
    thanks; within ``thank_you_until`` of the interview's start, THANK_YOU if it thanks;
    otherwise FOLLOW_UP.

    Thanks are looked for in the user's own text and in a subject of their own (a "Re:" or
    "Fwd:" subject is someone else's words).
    """
    interview = timeline.interview
    if message.date < interview.at:
        return None
    subject = "" if _REPLY_SUBJECT.match(message.subject) else message.subject
    thanks = bool(
        _first_phrase(
            " ".join(_sentences(subject, own_text(message.text))),
            _compiled(lexicon.phrases)["thanks"],
        )
    )
    rejected = any(
        e.kind is EventKind.REPLY and e.reply_kind is ReplyKind.REJECTION and e.at <= message.date
        for e in timeline.events
    )
    if thanks and rejected:
        return ActionKind.GRACEFUL_CLOSE
    if thanks and message.date <= interview.at + thank_you_until:
        return ActionKind.THANK_YOU
    return ActionKind.FOLLOW_UP


_LABELLED_ANSWER = re.compile(
    r"^\s*[^:]{1,40}:\s*(?:re|res|r|aw|sv|antw|rif)\s*(?:\[\d+\])?\s*:", re.IGNORECASE
)
"""The subject of an answer behind a label of its own ("Absence : Re: Entretien", "Automatic
reply: RE: Onsite"): it answers a message as much as "Re:" does."""
_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:fw|fwd|wg|tr|rv|enc|i|doorst)\s*(?:\[\d+\])?\s*:", re.IGNORECASE
)
"""How a forward's subject begins: "Fwd:", "FW:", "WG:", "TR:", "RV:", "ENC:", "I:", "Doorst:"."""
_REPLY_SUBJECT = re.compile(
    r"^\s*(?:re|res|r|aw|sv|antw|fw|fwd|wg|tr|rv|rif|enc)\s*(?:\[\d+\])?\s*:", re.IGNORECASE
)
"""How an answer's subject begins, or a forward's: "Re:", "AW:", "Antw:", and Italian and
Brazilian mail clients' "R:" and "RES:"."""
