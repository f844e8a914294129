"""Tests of watcher.classify: what a reply means, and what the user's own mail did."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_matching import AT, DANA, LEXICON, ME, TZ, interview, message, reply, timeline
from watcher import classify as classify_module
from watcher.classify import CLASSES, Classification, classify, classify_sent, own_text
from watcher.models import ActionKind, Event, Invite, Lexicon, Message, Model, ReplyKind, Signal
from watcher.record import replace

# -- classify ----------------------------------------------------------------------------------


def kind_of(msg: Message) -> ReplyKind | None:
    return classify(msg, LEXICON).kind


# (language, text, expected): each pair of competing kinds, in each language.
PRECEDENCE = [
    (
        "en",
        "Thank you for applying. Unfortunately, we have decided to move forward with other "
        "candidates, although we were pleased to offer you a second interview.",
        "rejection",
    ),
    (
        "en",
        "We have decided not to move forward. Your offer letter was sent by mistake.",
        "rejection",
    ),
    (
        "en",
        "We are pleased to offer you the position! The offer letter follows the next round "
        "of paperwork.",
        "offer",
    ),
    ("en", "Thanks for your application. We'd like to schedule a second interview.", "next_step"),
    ("en", "We received your application and will review it.", "acknowledgement"),
    (
        "fr",
        "Merci pour votre candidature. Malheureusement, nous ne pouvons pas donner suite, "
        "malgré votre deuxième entretien.",
        "rejection",
    ),
    ("fr", "Nous avons décidé de ne pas donner suite à la proposition d'embauche.", "rejection"),
    (
        "fr",
        "Nous avons le plaisir de vous adresser une proposition d'embauche. Merci de nous "
        "indiquer vos disponibilités pour la signature.",
        "offer",
    ),
    (
        "fr",
        "Nous avons bien reçu votre candidature et souhaitons planifier un deuxième entretien.",
        "next_step",
    ),
    ("fr", "Nous avons bien reçu votre candidature.", "acknowledgement"),
    (
        "de",
        "Vielen Dank für Ihre Bewerbung. Leider müssen wir Ihnen mitteilen, dass wir Ihnen "
        "kein Vertragsangebot machen können.",
        "rejection",
    ),
    ("de", "Absage: wir haben uns gegen ein zweites Gespräch entschieden.", "rejection"),
    (
        "de",
        "Anbei erhalten Sie unser Vertragsangebot. Für die Unterschrift nennen Sie uns bitte "
        "Ihre Verfügbarkeit.",
        "offer",
    ),
    (
        "de",
        "Vielen Dank für Ihre Bewerbung. Wir möchten Sie zu einem zweiten Gespräch einladen.",
        "next_step",
    ),
    ("de", "Eingangsbestätigung: Ihre Bewerbung ist bei uns eingegangen.", "acknowledgement"),
    (
        "es",
        "Gracias por tu candidatura. Lamentablemente hemos decidido no continuar, aunque "
        "valoramos la segunda entrevista.",
        "rejection",
    ),
    ("es", "Hemos decidido seguir con otros candidatos y retirar la oferta formal.", "rejection"),
    ("es", "Nos complace ofrecerle el puesto. Indíquenos su disponibilidad para firmar.", "offer"),
    ("es", "Hemos recibido tu candidatura y queremos agendar una entrevista técnica.", "next_step"),
    ("es", "Hemos recibido tu candidatura.", "acknowledgement"),
]


@pytest.mark.parametrize(("language", "text", "expected"), PRECEDENCE, ids=lambda v: str(v)[:30])
def test_the_stronger_kind_wins_in_every_language(language: str, text: str, expected: str) -> None:
    result = classify(message(text=text), LEXICON)
    assert result.kind == ReplyKind(expected), result.reason
    assert result.reason.startswith(expected)


# (sender, subject, text, signals, kind, until) as recruiters write them; sent on Wed 25 Nov.
REALISTIC = [
    (
        "no-reply@us.greenhouse-mail.io",
        "Your application to Northwind",
        "Hi Alex,\n\nThank you for your interest in Northwind and for taking the time to speak "
        "with our team. After careful consideration, we've decided to move forward with "
        "candidates whose experience more closely aligns with our needs at this time.\n\nWe wish "
        "you the best in your search.\n\nNorthwind Recruiting",
        [Signal.MAILING_LIST, Signal.AUTO_SUBMITTED],
        ReplyKind.REJECTION,
        None,
    ),
    (
        "no-reply@hire.lever.co",
        "Thanks for applying to Acme",
        "Hi Alex, thanks for applying to Acme! Our team will review your application and if "
        "there's a match, we'll reach out to schedule a call.",
        [Signal.AUTO_SUBMITTED],
        ReplyKind.ACKNOWLEDGEMENT,
        None,
    ),
    (
        "dana@northwind.io",
        "Next steps",
        "Hi Alex,\n\nGreat news! The team enjoyed speaking with you and we'd like to invite you "
        "to a final round onsite. Could you share your availability for the week of December "
        "7?\n\nBest,\nDana",
        [],
        ReplyKind.NEXT_STEP,
        date(2026, 12, 7),
    ),
    (
        "dana@northwind.io",
        "Re: Thank you",
        "Hi Alex, thanks for your note! The team is still meeting other candidates; we expect to "
        "make a decision by the end of next week.",
        [],
        ReplyKind.UPDATE,
        date(2026, 12, 4),
    ),
    (
        "dana@northwind.io",
        "Re: Follow-up",
        "Hi Alex, apologies for the delay. We hope to have an update within two weeks.",
        [],
        ReplyKind.UPDATE,
        date(2026, 12, 9),
    ),
    (
        "dana@northwind.io",
        "Re: Thank you",
        "Thanks Alex! Great to meet you too. We'll be in touch soon.",
        [],
        ReplyKind.UPDATE,
        None,
    ),
    (
        "dana@northwind.io",
        "Re: Thank you",
        "Hi Alex, we have decided to go with another candidate for this role.",
        [],
        ReplyKind.REJECTION,
        None,
    ),
    (
        "talent@northwind.io",
        "Offer",
        "Hi Alex, we're thrilled to extend you an offer for the Data Engineer role! Please review "
        "the attached offer letter.",
        [],
        ReplyKind.OFFER,
        None,
    ),
    (
        "recrutement@societe.fr",
        "Votre candidature",
        "Bonjour,\n\nNous vous remercions pour l'intérêt que vous portez à notre société. Après "
        "une étude attentive de votre candidature, nous sommes au regret de vous informer que "
        "nous ne pouvons pas y donner une suite favorable.",
        [],
        ReplyKind.REJECTION,
        None,
    ),
    (
        "jobs@mueller.de",
        "Ihre Bewerbung",
        "Sehr geehrter Herr Doe,\n\nvielen Dank für Ihr Interesse. Nach sorgfältiger Prüfung "
        "haben wir uns leider für eine andere Kandidatin entschieden.",
        [],
        ReplyKind.REJECTION,
        None,
    ),
    (
        "rrhh@empresa.es",
        "Tu candidatura",
        "Hola Alex, gracias por tu interés. Tras revisar tu perfil, hemos decidido seguir "
        "adelante con otros candidatos.",
        [],
        ReplyKind.REJECTION,
        None,
    ),
    (
        "notifications@calendly.com",
        "New Event: Alex Doe - 30 Minute Interview",
        "A new event has been scheduled. Event Type: 30 Minute Interview with Northwind. Date: "
        "Friday, December 4, 2026",
        [Signal.AUTO_SUBMITTED],
        ReplyKind.NEXT_STEP,
        date(2026, 12, 4),
    ),
]


@pytest.mark.parametrize(
    ("sender", "subject", "text", "signals", "kind", "until"),
    REALISTIC,
    ids=lambda v: str(v)[:25],
)
def test_realistic_recruiter_mail(
    sender: str,
    subject: str,
    text: str,
    signals: list[Signal],
    kind: ReplyKind,
    until: date | None,
) -> None:
    result = classify(message(sender, subject, text, signals=signals), LEXICON)
    assert (result.kind, result.until) == (kind, until), result.reason


@pytest.mark.parametrize(
    ("text", "signals", "expected"),
    [
        ("If you are selected for an interview, we will contact you.", [], ReplyKind.UPDATE),
        (
            "Thank you for applying. If you are selected for a second interview, we will contact "
            "you.",
            [],
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            "Should your profile match, we'll reach out to schedule a call.",
            [Signal.AUTO_SUBMITTED],
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        ("If you have questions, tell me. We'd like to schedule a call.", [], ReplyKind.NEXT_STEP),
        ("If selected, you will receive an offer letter.", [], ReplyKind.UPDATE),
        (
            "If you are selected, unfortunately we will not be able to reimburse travel. "
            "We have decided to move forward with other candidates.",
            [],
            ReplyKind.REJECTION,
        ),
        (
            "Si votre candidature est retenue, nous vous proposerons un deuxième entretien.",
            [Signal.AUTO_SUBMITTED],
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            "Falls Sie in die engere Auswahl kommen, laden wir Sie zu einem zweiten Gespräch ein.",
            [],
            ReplyKind.UPDATE,
        ),
        ("Si su perfil encaja, le propondremos una segunda entrevista.", [], ReplyKind.UPDATE),
        (
            "Si su perfil encaja, le escribiremos.\n\nMientras tanto, ¿cuál es su disponibilidad "
            "para una segunda entrevista?",
            [],
            ReplyKind.NEXT_STEP,
        ),
    ],
    ids=lambda v: str(v)[:30],
)
def test_conditional_wording_is_no_next_step(
    text: str, signals: list[Signal], expected: ReplyKind
) -> None:
    result = classify(message(text=text, signals=signals), LEXICON)
    assert result.kind is expected, result.reason


def test_a_cancelled_next_step_is_explained() -> None:
    result = classify(message(text="If you are selected, we will schedule a call."), LEXICON)
    assert "'schedule a call' under a condition or a negation" in result.reason


REQUEST = Invite("REQUEST", "uid-1", 0, AT + timedelta(days=5), None, (), None, "Interview")


@pytest.mark.parametrize(
    ("msg", "expected"),
    [
        (message(signals=[Signal.DELIVERY_REPORT], text="Unfortunately, we will not"), None),
        (message(signals=[Signal.MAILING_LIST], text="Join our second interview webinar"), None),
        # A decision is read even in bulk mail: an ATS missing from the data file sends it so.
        (
            message(signals=[Signal.BULK], text="We have decided not to move forward"),
            ReplyKind.REJECTION,
        ),
        (
            message(
                "Indeed <alert@indeed.com>",
                signals=[Signal.MAILING_LIST],
                text="New jobs at Northwind: schedule an interview today",
            ),
            None,
        ),
        (
            message(
                "no-reply@us.greenhouse-mail.io",
                signals=[Signal.MAILING_LIST],
                text="We have decided to move forward with other candidates.",
            ),
            ReplyKind.REJECTION,
        ),
        (
            message(
                "no-reply@hire.lever.co",
                signals=[Signal.MAILING_LIST, Signal.AUTO_SUBMITTED],
                text="Your application is under review.",
            ),
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            message(
                "notifications@calendly.com",
                signals=[Signal.MAILING_LIST],
                subject="New event: Northwind",
            ),
            ReplyKind.NEXT_STEP,
        ),
        (
            message(signals=[Signal.OUT_OF_OFFICE], text="We'd like to schedule a call"),
            ReplyKind.AUTO_REPLY,
        ),
        (message(signals=[Signal.AUTO_REPLY, Signal.AUTO_SUBMITTED]), ReplyKind.AUTO_REPLY),
        (message(subject="Out of Office: Dana Reyes"), ReplyKind.AUTO_REPLY),
        (message(subject="Abwesenheitsnotiz: Dana Reyes"), ReplyKind.AUTO_REPLY),
        (
            message(signals=[Signal.AUTO_SUBMITTED], text="We have received your application."),
            ReplyKind.ACKNOWLEDGEMENT,
        ),
        (
            message(signals=[Signal.AUTO_SUBMITTED], text="The position has been filled."),
            ReplyKind.REJECTION,
        ),
        (message(invite=REQUEST), ReplyKind.NEXT_STEP),
        (message(invite=REQUEST, text="Please find your offer letter attached."), ReplyKind.OFFER),
        (message(invite=REQUEST, text="We have decided not to move forward."), ReplyKind.REJECTION),
        (message(invite=replace(REQUEST, method="CANCEL")), ReplyKind.UPDATE),
        (message("notifications@calendly.com", "New event: Acme"), ReplyKind.NEXT_STEP),
        (message("no-reply@hackerrank.com", "Acme invited you"), ReplyKind.NEXT_STEP),
        (
            message("noreply@hirevue.com", "Acme", "The position has been filled."),
            ReplyKind.REJECTION,
        ),
        (message(text="Great talking to you! Let me check with the team."), ReplyKind.UPDATE),
        (message(None, text="Hello"), ReplyKind.UPDATE),
    ],
    ids=lambda v: (
        (v.subject + " " + ",".join(sorted(v.signals)) + v.text[:20])
        if isinstance(v, Message)
        else str(v)
    ),
)
def test_signals_relays_and_invitations(msg: Message, expected: ReplyKind | None) -> None:
    result = classify(msg, LEXICON)
    assert result.kind is expected, result.reason
    if expected is None:
        assert result.reason.split(":")[0] in ("bounce", "none")


UPDATED = replace(REQUEST, sequence=3)


@pytest.mark.parametrize(
    "subject",
    [
        "Updated invitation: Acme | Panel interview @ Thu 10am",
        "Invitation mise à jour : Acme | Entretien",
        "Aktualisierte Einladung: Acme | Gespräch",
        "Invitación actualizada: Acme | Entrevista",
        "Convite atualizado: Acme | Entrevista",
        "Invito aggiornato: Acme | Colloquio",
        "Bijgewerkt: Acme | Tweede gesprek",
    ],
)
def test_an_updated_invitation_of_a_known_meeting_is_no_reply(subject: str) -> None:
    # A new link or a new description of the interview already planned is no news.
    msg = message(subject=subject, text="This event has been changed.", invite=UPDATED)
    result = classify(msg, LEXICON)
    assert result.kind is None, result.reason
    assert "updated invitation" in result.reason


def test_an_updated_invitation_still_carries_a_decision() -> None:
    decided = message(
        subject="Updated invitation: Acme | Panel",
        text="We have decided not to move forward.",
        invite=UPDATED,
    )
    assert kind_of(decided) is ReplyKind.REJECTION
    # A first invitation is a next step, whatever its sequence.
    assert kind_of(message(subject="Invitation: Acme | Panel", invite=UPDATED)) is (
        ReplyKind.NEXT_STEP
    )


@pytest.mark.parametrize(
    ("sender", "subject", "text"),
    [
        (
            "Acme Recruiting <no-reply@goodtime.io>",
            "Reminder: your panel with Acme is tomorrow at 9:00",
            "This is a reminder of your interview with Acme on Friday.",
        ),
        (
            "Acme <acme@myworkday.com>",
            "Rappel : votre entretien avec Acme demain",
            "Nous vous rappelons votre entretien de demain à 9h.",
        ),
        (
            "no-reply@northwind.io",
            "Erinnerung: Ihr Gespräch morgen um 10 Uhr",
            "Wir erinnern Sie an Ihr zweites Gespräch morgen.",
        ),
        (
            "Acme <noreply@pinpointhq.com>",
            "Lembrete: sua entrevista é amanhã",
            "Sua entrevista final é amanhã às 10h.",
        ),
    ],
)
def test_an_automatic_reminder_of_what_is_known_is_no_reply(
    sender: str, subject: str, text: str
) -> None:
    result = classify(message(sender, subject, text), LEXICON)
    assert result.kind is None, result.reason
    assert "reminder" in result.reason


def test_a_reminder_from_a_person_or_with_a_decision_still_counts() -> None:
    # A person's "Reminder:" is their own news; a decision in a reminder is still one.
    person = message(subject="Reminder: references", text="Could you send me two references?")
    assert kind_of(person) is not None
    decided = message("no-reply@goodtime.io", "Reminder: Acme", "The position has been filled.")
    assert kind_of(decided) is ReplyKind.REJECTION


@pytest.mark.parametrize(
    "sender",
    [
        "Northwind Traders <northwind@myworkday.com>",
        "Northwind Traders @ icims <northwind+autoreply@talent.icims.com>",
        "Dana Reyes via Adobe Acrobat Sign <adobesign@adobesign.com>",
        "Northwind GmbH <northwind-jobs@m.personio.de>",
    ],
)
def test_a_relays_own_address_is_no_person(sender: str) -> None:
    # The address spells the company or the vendor: the relay writes, not a person.
    assert not classify_module.read(message(sender), LEXICON).personal


@pytest.mark.parametrize(
    "sender",
    [
        "Career Service Northwind <careerday@northwind-uni.example>",
        "Northwind RRHH <rrhh@northwind.example>",
        "Northwind Talent Team <talent@northwind.io>",
        "Eventos Northwind <eventos@northwind.io>",
    ],
)
def test_a_display_name_of_an_office_is_no_person(sender: str) -> None:
    # "Career Service <careerday@...>": the name names an office, so the address is a role's.
    assert not classify_module.read(message(sender), LEXICON).personal
    result = classify(message(sender, "Hello", _NO_PHRASE), leaning("none"))
    assert result.kind is None, result.reason


@pytest.mark.parametrize(
    "text",
    [
        # A headhunter's pitch for another company's role.
        "Je me permets de vous contacter pour un client qui recrute. Seriez-vous disponible ?",
        "I am recruiting for a client of ours and your background fits. Free for a chat?",
        # A friend who asks about the interview or forwards a posting.
        "Hey! How did the interview go? Did they make you an offer? Call me tonight.",
        "Ciao! Com'è andato il colloquio? Ti hanno fatto un'offerta? Sentiamoci stasera.",
        "Saw this and thought of you. Worth a look? Drinks on Saturday?",
        # A colleague at the company who wishes luck, shares a talk, invites to a meetup.
        "Heard you were in today, fingers crossed! No idea how it went, we should grab a beer.",
        "Ich drück dir die Daumen! Mehr weiß ich nicht, ich sitze in der Buchhaltung.",
        "Great chatting yesterday. Here is the talk I mentioned about caching layers.",
        "Op 4 maart is er weer een meetup bij ons op kantoor, met pizza. Kom je ook?",
    ],
)
def test_a_person_writing_outside_the_process_may_be_no_reply(text: str) -> None:
    # A person's mail is news unless it holds words of mail that is no reply; these do.
    person = "Dana Reyes <dana.reyes@elsewhere.example>"
    assert classify(message(person, "Hi", text), leaning("none")).kind is None


@pytest.mark.parametrize("subject", ["FW: budget sign-off", "WG: Teamessen", "Fwd: photos"])
def test_a_persons_forward_without_a_word_of_its_own_is_no_reply(subject: str) -> None:
    # A line to someone else over a forwarded internal thread: nothing about the application.
    person = "Dana Reyes <dana.reyes@northwind.io>"
    forward = classify(message(person, subject, "Fine by me."), LEXICON)
    assert forward.kind is None, forward.reason
    assert "a forward" in forward.reason
    # The same line in a thread of one's own is a person's news; a phrase is read as usual.
    assert classify(message(person, "budget", "Fine by me."), LEXICON).kind is ReplyKind.UPDATE
    step = message(person, subject, "Second interview on Monday?")
    assert classify(step, LEXICON).kind is ReplyKind.NEXT_STEP


def test_an_absence_subject_is_an_automatic_reply() -> None:
    # "Abwesenheit: <the subject answered>", without Auto-Submitted.
    msg = message("Dana Reyes <dana.reyes@northwind.io>", "Abwesenheit: Zweitgespräch", "Bis 3.12.")
    assert kind_of(msg) is ReplyKind.AUTO_REPLY


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Vi segnaliamo le nuove posizioni aperte. Non vuoi più ricevere queste email?",
            "not_reply",
        ),
        ("Hier sind neue Stellen bei uns, schauen Sie gern rein.", "not_reply"),
        ("Here is the paper I mentioned on Friday, enjoy.", "not_reply"),
        ("Perdón, ¿podemos reprogramar la llamada del jueves?", "update"),
        ("Kunnen we het gesprek verzetten naar een andere tijd?", "update"),
        ("U bent uitgenodigd voor de tweede gespreksronde op dinsdag.", "next_step"),
        ("Sie sind in der zweiten Gesprächsrunde dabei.", "next_step"),
    ],
)
def test_digests_shared_reading_reschedules_and_rounds_are_named(text: str, kind: str) -> None:
    # Words of a job digest, of reading shared after a chat, of a new time, of another round.
    assert kind in classify_module.read(message(text=text), LEXICON).hits


def test_a_persons_own_address_is_a_person() -> None:
    assert classify_module.read(message("Dana Reyes <dana.reyes@northwind.io>"), LEXICON).personal


def test_a_person_who_says_someone_is_away_writes_news() -> None:
    # Absence words in a fresh message are a person's news; in an answer, an automatic reply.
    away = "Our hiring manager is on vacation until Monday, so we will resume the process then."
    fresh = message("Dana Reyes <dana.reyes@northwind.io>", "Data Engineer process", away)
    assert kind_of(fresh) is ReplyKind.UPDATE
    answer = message(
        "Dana Reyes <dana.reyes@northwind.io>",
        "Re: Thank you",
        "I am out of the office until Monday with limited access to email.",
        in_reply_to="thanks-1@candidate.example",
    )
    assert kind_of(answer) is ReplyKind.AUTO_REPLY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unfortunately I have to move our call to Thursday.", ReplyKind.UPDATE),
        ("We are pleased to offer you an interview with the team.", ReplyKind.NEXT_STEP),
        ("Merci pour votre candidature à notre offre d'emploi.", ReplyKind.ACKNOWLEDGEMENT),
        ("Vielen Dank für Ihre Bewerbung auf unser Stellenangebot.", ReplyKind.ACKNOWLEDGEMENT),
        ("Gracias por postularte a nuestra oferta de trabajo.", ReplyKind.ACKNOWLEDGEMENT),
        ("Terminabsage: können wir den Termin verschieben?", ReplyKind.UPDATE),
        ("We are still meeting other candidates and will decide next week.", ReplyKind.UPDATE),
        ("Nous rencontrons d'autres candidats cette semaine.", ReplyKind.UPDATE),
        ("Seguimos entrevistando a otros candidatos.", ReplyKind.UPDATE),
        ("We wish you success in your job search.", ReplyKind.REJECTION),
    ],
)
def test_wording_that_misleads_a_naive_reader(text: str, expected: ReplyKind) -> None:
    assert kind_of(message(text=text)) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Sounds good, talk soon.\n\n> Unfortunately, we have decided to move forward with "
        "other candidates.\n> Best, Dana",
        "Sounds good, talk soon.\n\nOn Mon, Nov 23, 2026 at 10:00 AM Dana Reyes\n"
        "<dana@northwind.io> wrote:\nWe have decided not to move forward.",
        "Sounds good.\n\nLe lun. 23 nov. 2026 à 10:00, Dana a écrit :\nNous avons décidé de "
        "ne pas donner suite.",
        "Sounds good.\n\nAm 23.11.2026 um 10:00 schrieb Dana Reyes <dana@northwind.io>:\nAbsage",
        "Sounds good.\n\nEl lun, 23 nov 2026 a las 10:00, Dana escribió:\nNo continuar.",
        "Sounds good.\n\n-----Original Message-----\nThe position has been filled.",
        "Sounds good.\n\nFrom: Dana Reyes <dana@northwind.io>\nSent: Monday\n"
        "The position has been filled.",
    ],
)
def test_quoted_text_is_not_read(text: str) -> None:
    assert kind_of(message(text=text)) is ReplyKind.UPDATE


def test_own_text_keeps_what_the_author_wrote() -> None:
    assert own_text("Hi\n> quoted\nBye") == "Hi\nBye"
    assert own_text("Top\nOn Tue, Dana wrote:\nbelow") == "Top"
    assert own_text("Nothing quoted") == "Nothing quoted"


def test_phrases_wrapped_across_lines_still_match() -> None:
    text = "Thank you for your time. We have decided to move\nforward with other\ncandidates."
    assert kind_of(message(text=text)) is ReplyKind.REJECTION


def test_the_subject_is_read_too() -> None:
    assert kind_of(message(subject="Offer letter - Data Engineer")) is ReplyKind.OFFER
    assert kind_of(message(subject="Absage")) is ReplyKind.REJECTION


# -- until -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "until"),
    [
        (
            "Let me check with the team; we'll get back to you by next Friday.",
            ReplyKind.UPDATE,
            date(2027, 1, 8),
        ),
        (
            "We'd like to schedule a second interview early next week.",
            ReplyKind.NEXT_STEP,
            date(2027, 1, 5),
        ),
        ("We have decided not to move forward; feedback by Friday.", ReplyKind.REJECTION, None),
        ("Your offer letter will follow by Friday.", ReplyKind.OFFER, None),
        (
            "We received your application and will reply within two weeks.",
            ReplyKind.ACKNOWLEDGEMENT,
            None,
        ),
    ],
)
def test_until_is_relative_to_the_message_date(
    text: str, kind: ReplyKind, until: date | None
) -> None:
    # A Wednesday in another year than the other tests: the clock is never read.
    msg = message(text=text, at=datetime(2026, 12, 30, 9, 0, tzinfo=UTC))
    result = classify(msg, LEXICON)
    assert (result.kind, result.until) == (kind, until)


def test_today_overrides_the_message_date() -> None:
    # 23:30 in New York on Thursday is already Friday in Paris.
    late = datetime(2026, 11, 26, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    msg = message(text="We'll get back to you tomorrow.", at=late)
    assert classify(msg, LEXICON).until == date(2026, 11, 27)
    local = late.astimezone(TZ).date()
    assert classify(msg, LEXICON, today=local).until == date(2026, 11, 28)


def test_a_classification_is_a_value() -> None:
    result = classify(message(text="Great talking to you!"), LEXICON)
    assert result == Classification(ReplyKind.UPDATE, None, result.reason)


# -- classify_sent -----------------------------------------------------------------------------

INTERVIEW_AT = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
SENT_INTERVIEW = interview(1, "Northwind", at=INTERVIEW_AT, interviewers=(DANA,))
THREE_DAYS = timedelta(days=3)


def sent(text: str, after: timedelta, subject: str = "Data Engineer interview") -> Message:
    return message(ME, subject, text, at=INTERVIEW_AT + after, to=["dana@northwind.io"])


@pytest.mark.parametrize(
    ("msg", "events", "expected"),
    [
        (sent("Thank you for your time!", -timedelta(hours=1)), (), None),
        (sent("Looking forward to it.", -timedelta(days=2)), (), None),
        (sent("Thank you for your time today!", timedelta(hours=2)), (), ActionKind.THANK_YOU),
        (sent("Merci pour cet échange.", timedelta(days=1)), (), ActionKind.THANK_YOU),
        (sent("Vielen Dank für das Gespräch.", timedelta(days=1)), (), ActionKind.THANK_YOU),
        (sent("Muchas gracias por la entrevista.", timedelta(days=2)), (), ActionKind.THANK_YOU),
        (sent("Hi Dana", timedelta(hours=3), subject="Thanks!"), (), ActionKind.THANK_YOU),
        (sent("Thanks again, any news?", timedelta(days=4)), (), ActionKind.FOLLOW_UP),
        (sent("Any news on the role?", timedelta(hours=5)), (), ActionKind.FOLLOW_UP),
        (sent("Any news?", timedelta(days=8)), (), ActionKind.FOLLOW_UP),
        (
            sent("Sounds good.", timedelta(hours=5), subject="Re: Thanks for interviewing"),
            (),
            ActionKind.FOLLOW_UP,
        ),
        (
            sent("Sounds good.\n> Thank you for your time", timedelta(hours=5)),
            (),
            ActionKind.FOLLOW_UP,
        ),
        (
            sent("Thank you for letting me know, please keep me in mind.", timedelta(days=6)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(days=5)),),
            ActionKind.GRACEFUL_CLOSE,
        ),
        (
            sent("Thanks for the quick answer!", timedelta(days=1)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(hours=20)),),
            ActionKind.GRACEFUL_CLOSE,
        ),
        (
            sent("Could you share feedback?", timedelta(days=6)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(days=5)),),
            ActionKind.FOLLOW_UP,
        ),
        (
            sent("Thank you!", timedelta(days=1)),
            (reply(1, ReplyKind.REJECTION, INTERVIEW_AT + timedelta(days=5)),),
            ActionKind.THANK_YOU,
        ),
    ],
    ids=lambda v: v.text[:25] if isinstance(v, Message) else str(v)[:20],
)
def test_the_users_own_mail(
    msg: Message, events: tuple[Event, ...], expected: ActionKind | None
) -> None:
    result = classify_sent(
        msg, timeline(SENT_INTERVIEW, *events), LEXICON, thank_you_until=THREE_DAYS
    )
    assert result is expected


def test_the_thank_you_window_is_an_argument() -> None:
    late = sent("Thank you for your time!", timedelta(days=2))
    item = timeline(SENT_INTERVIEW)
    assert classify_sent(late, item, LEXICON, thank_you_until=THREE_DAYS) is ActionKind.THANK_YOU
    one_day = timedelta(days=1)
    assert classify_sent(late, item, LEXICON, thank_you_until=one_day) is ActionKind.FOLLOW_UP


# -- list mail: the decision phrases found by their first word --------------------------------

_DECISIONS = [
    form
    for kind in ("rejection", "offer")
    for _phrase, form in classify_module._compiled(LEXICON.phrases)[kind]
]
_PIECES = st.one_of(
    st.sampled_from(_DECISIONS).map(str.strip),
    st.sampled_from([w for form in _DECISIONS for w in form.split()]),
    st.sampled_from(["order", "shipped", "mug", "your", "the", "we", "not", "12", "é"]),
)


@given(st.lists(_PIECES, max_size=25))
@settings(max_examples=400, deadline=None)
def test_list_mail_is_searched_for_decisions_as_a_scan_of_every_phrase_would(
    pieces: list[str],
) -> None:
    form = classify_module._phrase_form(" ".join(pieces))
    index = classify_module._decisions(LEXICON.phrases)
    assert classify_module._holds_any(form, index) == any(f in form for f in _DECISIONS)


def test_a_decision_in_list_mail_is_still_found() -> None:
    text = "Our best sellers.\n\nWe have decided to move forward with other candidates.\n"
    bulk = message("news@northwind.io", "Northwind news", text, signals=[Signal.BULK])
    assert classify(bulk, LEXICON).kind is ReplyKind.REJECTION
    plain = replace(bulk, text="Our best sellers.\n")
    assert classify(plain, LEXICON).reason == "none: list or bulk mail (List-Id, Precedence)"


# -- structure over the model's word: receipts, background checks, close refusals --------------


def test_a_background_check_before_an_offer_is_a_next_step() -> None:
    text = (
        "Northwind has asked Checkr to complete a background check as part of your offer of "
        "employment. Please start it from the link below."
    )
    msg = message("Checkr <no-reply@checkr.com>", "Background check for Northwind", text)
    result = classify(msg, LEXICON)
    assert result.kind is ReplyKind.NEXT_STEP, result.reason
    assert "background check before an offer" in result.reason


def leaning(kind: str, score: float = 3.0, update: float = 0.0) -> Lexicon:
    """Return the shipped lexicon with a model that only leans to ``kind`` (and ``update``)."""
    bias = [0.0] * len(CLASSES)
    bias[CLASSES.index("update")] = update
    bias[CLASSES.index(kind)] = score
    return replace(LEXICON, model=Model(CLASSES, 1 << 10, tuple(bias), {}))


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("Northwind Careers <northwind@myworkday.com>", "Documents received - Data Engineer"),
        ("Northwind <no-reply@hire.lever.co>", "Northwind - we got your take-home submission"),
        ("Northwind <no-reply@northwind.io>", "Eingangsbestätigung: Ihre Fallstudie"),
        # Receipts of what the candidate sent besides an application: references, availability.
        ("Northwind <no-reply@us.greenhouse-mail.io>", "We have received your references"),
        ("Northwind Recruiting <scheduling@goodtime.io>", "Beschikbaarheid ontvangen"),
        ("Northwind <no-reply@northwind.io>", "Disponibilités reçues - entretien"),
    ],
)
@pytest.mark.parametrize("leans_to", ["rejection", "next_step", "update"])
def test_an_automatic_receipt_decides_nothing_whatever_it_sounds_like(
    sender: str, subject: str, leans_to: str
) -> None:
    text = "Thank you for sending it. It has been added to your candidate profile for the role."
    result = classify(message(sender, subject, text), leaning(leans_to))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason
    assert "an automatic receipt" in result.reason


def test_a_receipt_that_names_a_next_step_or_a_person_is_read_as_usual() -> None:
    text = "Thank you. We'd like to schedule a second interview with the team next week."
    receipt = message("Northwind <no-reply@hire.lever.co>", "Documents received", text)
    assert classify(receipt, leaning("next_step")).kind is ReplyKind.NEXT_STEP
    person = message("dana@northwind.io", "Documents received", "Thank you, all good.")
    assert classify(person, leaning("rejection")).kind is ReplyKind.REJECTION


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Afwezigheidsmelding", ReplyKind.AUTO_REPLY),
        ("Ausência temporária", ReplyKind.AUTO_REPLY),
        ("Avviso di assenza", ReplyKind.AUTO_REPLY),
    ],
)
def test_an_absence_notice_without_headers_is_an_automatic_reply(
    subject: str, expected: ReplyKind
) -> None:
    assert kind_of(message(subject=subject, text="Ik ben maandag vrij.")) is expected


# Made-up words (synthetic): no phrase of any kind, enough of them for the model to weigh.
_NO_PHRASE = "amble brisk cobalt dune ember fjord glade heron islet juniper kestrel lumen."


@pytest.mark.parametrize(
    ("rejection", "expected"),
    [(1.5, ReplyKind.REJECTION), (0.5, ReplyKind.UPDATE)],
)
def test_a_refusal_close_behind_news_is_read_as_a_refusal(
    rejection: float, expected: ReplyKind
) -> None:
    assert classify_module._REJECTION_MARGIN == 1.0
    result = classify(message(text=_NO_PHRASE), leaning("rejection", rejection, update=2.0))
    assert result.kind is expected, result.reason


@pytest.mark.parametrize(
    "text",
    [
        "We won't be taking yours further, and we wish you luck with your search.",
        "Helaas, de functie komt te vervallen door een reorganisatie.",
        "La posizione non sarà aperta all'esterno: la coprirà una collega.",
        "Die Stelle entfällt, weil das Projekt gestoppt wurde.",
        "El puesto ya no existe tras la reorganización.",
        "Dopo il confronto, non ci sono le condizioni per proseguire con te.",
        "Ti ringrazio, ma non andiamo avanti con la tua candidatura per questo ruolo.",
    ],
)
def test_a_refusal_in_general_words_is_a_rejection(text: str) -> None:
    # The role closes (gone, not opened outside) or the close wishes luck in the search.
    assert classify(message(text=text), leaning("update")).kind is ReplyKind.REJECTION


# -- job scams, no-reply senders, negated words ------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "subject", "text"),
    [
        (
            "Northwind HR <hr@northwind-careers.example.net>",
            "Job Offer Letter - Remote Data Entry",
            "We are pleased to offer you the position at $45/hour. To receive your offer letter "
            "and equipment check, kindly send us your bank details within 24 hours.",
        ),
        (
            "Service RH <rh@northwind-recrutement.example.net>",
            "Votre contrat de travail est prêt",
            "Vous êtes retenue pour le poste. Merci de régler les frais de dossier de 49 € pour "
            "recevoir votre contrat.",
        ),
        (
            "RH <rh@northwind-vagas.example.net>",
            "Parabéns, você foi aprovada",
            "Você foi aprovada para a vaga. Envie o comprovante da taxa de cadastro via Pix.",
        ),
        (
            "Northwind Logistik <hr@northwind-logistik.example.net>",
            "Jobangebot: Homeoffice",
            "Wir bieten Ihnen einen Arbeitsvertrag als Paketagentin: Sie nehmen Sendungen an "
            "und schicken sie weiter.",
        ),
        (
            "Selección <seleccion@northwind-empleo.example.net>",
            "Oferta: puesto remoto",
            "Usted ha sido elegida para el puesto. Para seguir, mándenos un número de cuenta "
            "y una foto de su documento.",
        ),
    ],
)
@pytest.mark.parametrize("leans_to", ["offer", "next_step"])
def test_an_offer_that_asks_for_a_fee_is_a_scam_and_no_reply(
    sender: str, subject: str, text: str, leans_to: str
) -> None:
    result = classify(message(sender, subject, text), leaning(leans_to))
    assert result.kind is None, result.reason
    assert "a job scam" in result.reason


def test_a_warning_against_scams_or_a_relay_is_no_scam() -> None:
    warning = (
        "We are delighted to offer you the position of Data Engineer. Please note that we will "
        "never ask you to pay a processing fee."
    )
    assert classify(message(text=warning), leaning("offer")).kind is ReplyKind.OFFER
    relayed = message(
        "Northwind <no-reply@hire.lever.co>",
        "Your offer",
        "We are delighted to offer you the position. Your registration fee is covered by us.",
    )
    assert classify(relayed, leaning("offer")).kind is ReplyKind.OFFER


@pytest.mark.parametrize(
    "sender",
    [
        "Northwind Careers <careers-noreply@northwind.io>",
        "Loja Northwind <loja@northwind.io>",
        "Northwind <hr.no-reply@northwind.io>",
        "Boutique Northwind <boutique@northwind.io>",
    ],
)
def test_a_no_reply_or_shop_address_in_any_language_is_automatic(sender: str) -> None:
    reading = classify_module.read(message(sender, "Hello", _NO_PHRASE), LEXICON)
    assert reading.automatic and not reading.personal
    assert "sender:no-reply" in reading.general


def test_words_after_a_negation_are_marked_for_the_model() -> None:
    text = "Wir können Ihnen derzeit keine Position in unserem Unternehmen anbieten."
    reading = classify_module.read(message(text=text), LEXICON)
    marked = {f for sentence in reading.features for f in sentence if f.startswith("wn:")}
    assert {"wn:position", "wn:anbieten"} <= marked
    assert "wn:wir" not in marked


def test_a_persons_forward_of_someone_elses_mail_may_be_no_reply() -> None:
    # "Fwd: <a staff announcement>" with a line of one's own and no word of the process: the
    # model may read it as no reply; the same words in a thread of one's own are news.
    person = "Sam Okafor <sam.okafor@freemail.example>"
    lexicon = leaning("none", update=2.0)
    forward = classify(message(person, "Fwd: Budget notes", _NO_PHRASE), lexicon)
    assert forward.kind is None, forward.reason
    own = classify(message(person, "Budget notes", _NO_PHRASE), lexicon)
    assert own.kind is ReplyKind.UPDATE, own.reason
    # A forward whose own lines name a step of the process is read as usual.
    step = f"{_NO_PHRASE} Could we schedule a second interview next week?"
    assert classify(message(person, "Fwd: Budget notes", step), lexicon).kind is not None


@pytest.mark.parametrize(
    "text",
    [
        "Status: Position filled. Thank you for applying.",
        "Thanks for applying. We reviewed your application and won't be moving it forward.",
        "Thanks for applying. We have closed this requisition and will not be hiring for the role.",
        "Thank you for applying. We have filled the position and closed the search.",
        "Your candidacy is now closed, as the requisition has been cancelled.",
        "Danke für deine Bewerbung. Wir haben uns entschieden, mit anderen Kandidat*innen "
        "weiterzumachen.",
        "Vielen Dank für Ihre Bewerbung. Wir können Ihnen jedoch keine Position anbieten.",
        "Leider ist es eine andere Kandidatin geworden. Ich drück dir die Daumen!",
        "Merci d'avoir postulé. Nous avons choisi d'avancer avec d'autres profils.",
        "Gracias por tu candidatura. Hemos cubierto el puesto con otra persona.",
        "Obrigado pela candidatura. A vaga não será preenchida.",
        "Grazie per la candidatura. Abbiamo deciso di andare avanti con altri candidati.",
        "Bedankt voor je sollicitatie. Het is uiteindelijk iemand anders geworden.",
    ],
)
def test_a_rejection_that_opens_like_a_receipt_is_a_rejection(text: str) -> None:
    # Thanks for applying first, the decision after: the decision counts.
    assert kind_of(message("Northwind <no-reply@northwind.io>", "Your application", text)) is (
        ReplyKind.REJECTION
    )


@pytest.mark.parametrize(
    "sender",
    [
        "Harbor Deliveries <deliveries@harbor.example>",
        "Comunicazione Interna <comunicazione.interna@harbor.example>",
        "Customer Service <customer.service@harbor.example>",
    ],
)
def test_an_office_named_in_its_address_is_no_person(sender: str) -> None:
    # Words of an office (deliveries, internal communications, customers) make no person.
    assert not classify_module.read(message(sender), LEXICON).personal


@pytest.mark.parametrize(
    ("sender", "text"),
    [
        (
            "Harbor Home <service@harbor.example>",
            "Please book a delivery slot for your sofa within 7 days: https://harbor.example/b",
        ),
        (
            "Harbor Bank <no-reply@harbor.example>",
            "Plan een afspraak in met uw hypotheekadviseur via de website.",
        ),
        (
            "Harbor Design <research@harbor.example>",
            "We would love to interview a few customers about our app. Pick a time here, "
            "and we will send a gift card as thanks.",
        ),
        (
            "Harbor Boutique <rendezvous@harbor.example>",
            "Votre rendez-vous est confirmé samedi à 15h. Votre conseillère vous attend.",
        ),
    ],
)
def test_an_office_booking_a_customer_is_no_reply(sender: str, text: str) -> None:
    # Shops, banks and customer research book slots too: words of such mail, no application.
    result = classify(message(sender, "Your appointment", text), leaning("next_step"))
    assert result.kind is None, result.reason


def test_an_office_with_no_word_of_an_application_names_no_step() -> None:
    # A boutique's confirmation the model reads as a step: no application, no step.
    sender = "Harbor Boutique <rendezvous@harbor.example>"
    result = classify(message(sender, "Saturday", _NO_PHRASE), leaning("next_step"))
    assert result.kind is None, result.reason
    # The hiring office's address speaks of applications whatever its words.
    hiring = classify(
        message("Dana Reyes <hr@harbor.example>", "Saturday", _NO_PHRASE), leaning("next_step")
    )
    assert hiring.kind is ReplyKind.NEXT_STEP, hiring.reason


def test_a_receipt_names_the_step_it_is_about() -> None:
    # "We've got your availability for the final round": a receipt, not the round itself.
    text = (
        "We've got your availability for the final round interview and shared it with the team. "
        "A calendar invitation will follow once the panel is set."
    )
    msg = message("Harbor <no-reply@harbor.example>", "Thanks for sending your availability", text)
    assert classify(msg, leaning("next_step")).kind is ReplyKind.ACKNOWLEDGEMENT


def test_a_schedulers_receipt_of_a_poll_answer_is_an_acknowledgement() -> None:
    msg = message(
        "Doodle <mailer@doodle.com>",
        "You responded: Final interview - Harbor",
        "You selected 3 times. The organizer will send a calendar invitation once it is set.",
    )
    assert classify(msg, leaning("next_step")).kind is ReplyKind.ACKNOWLEDGEMENT


@pytest.mark.parametrize(
    "text",
    [
        "Eine Zusage können wir Ihnen leider nicht geben.",
        "Een arbeidsovereenkomst kunnen we je helaas niet geven.",
    ],
)
def test_a_negation_that_closes_a_german_or_dutch_clause_negates(text: str) -> None:
    # Verb-final: "nicht"/"niet" after the phrase at the end of the clause turns it around.
    reading = classify_module.read(message(text=text), LEXICON)
    found = [f for sentence in reading.features for f in sentence if f.startswith("P:offer")]
    assert found and all(f == "P:offer:not" for f in found), found
    # A refusal, then: the model's rejection is not refused as it is after a condition.
    assert classify(message(text=text), leaning("rejection", update=2.5)).kind is (
        ReplyKind.REJECTION
    )


def test_a_negation_further_on_in_a_german_sentence_negates_nothing_before() -> None:
    text = "Bitte senden Sie ein Führungszeugnis, das nicht älter als drei Monate ist."
    reading = classify_module.read(message(text=text), LEXICON)
    assert not any(f.endswith(":not") for sentence in reading.features for f in sentence)


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("Dana Reyes via Docusign <dse@docusign.net>", "Completed: Offer Letter - Alex Example"),
        ("Adobe Acrobat Sign <adobesign@adobesign.com>", 'You signed: "Harbor - NDA"'),
        ("Dana Reyes via Docusign <dse@docusign.net>", "Abgeschlossen: Einwilligung Prüfung"),
    ],
)
def test_an_e_signature_completion_notice_is_a_receipt(sender: str, subject: str) -> None:
    # The copy of what was signed: a receipt, whatever the document, not the envelope itself.
    msg = message(sender, subject, "All parties have completed the document. " + _NO_PHRASE)
    result = classify(msg, leaning("offer"))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason
    envelope = message(sender, "Please sign: Offer Letter", _NO_PHRASE)
    assert classify(envelope, leaning("offer")).kind is ReplyKind.OFFER


@pytest.mark.parametrize(
    "text",
    [
        "This is an automated response. I am running interviews all week and will answer "
        "every candidate by Friday.",
        "Ce message est envoyé automatiquement : l'équipe répond aux candidats sous deux jours.",
        "Ich bin nicht mehr bei Northwind. Für Ihre Bewerbung schreiben Sie bitte an das Team.",
        "Sono in maternità fino ad aprile. La sua e-mail non verrà inoltrata: per il colloquio "
        "scriva a un collega.",
    ],
)
def test_an_answer_that_says_it_is_automatic_is_an_automatic_reply(text: str) -> None:
    # No Auto-Submitted header, a person's address, words of the process: it says what it is.
    msg = message("Dana Reyes <dana@northwind.io>", "Re: Final interview", text)
    result = classify(msg, leaning("next_step"))
    assert result.kind is ReplyKind.AUTO_REPLY, result.reason
    # A fresh message (no answer) is read as usual: a platform's "automated message".
    fresh = message("Dana Reyes <dana@northwind.io>", "Final interview", text)
    assert classify(fresh, leaning("next_step")).kind is ReplyKind.NEXT_STEP


def test_an_answer_that_says_it_is_no_automatic_reply_or_states_a_decision_is_read_as_usual() -> (
    None
):
    person = "Dana Reyes <dana@northwind.io>"
    denied = message(
        person, "Re: Final interview", "This is not an automated response: let's meet Friday."
    )
    assert classify(denied, leaning("next_step")).kind is ReplyKind.NEXT_STEP
    decided = message(
        person,
        "Re: Final interview",
        "This is an automated response. Unfortunately, we have decided to move forward with "
        "other candidates.",
    )
    assert classify(decided, leaning("next_step")).kind is ReplyKind.REJECTION


def test_a_persons_mail_to_hidden_recipients_is_a_mailing() -> None:
    # "To: undisclosed-recipients:;": a card or a talent community's news, to many at once.
    person = "Dana Reyes <dana@northwind.io>"
    hidden = message(person, "A note from the team", _NO_PHRASE, to=())
    result = classify(hidden, leaning("update"))
    assert result.kind is None, result.reason
    # The same words to the candidate are a person's news.
    assert classify(message(person, "A note", _NO_PHRASE), leaning("update")).kind is (
        ReplyKind.UPDATE
    )
    # A step named or a decision stated to hidden recipients still counts.
    step = message(person, "Next round", "We'd like to schedule a second interview.", to=())
    assert classify(step, leaning("next_step")).kind is ReplyKind.NEXT_STEP
    refusal = "Unfortunately, we have decided to move forward with other candidates."
    assert classify(message(person, "Your application", refusal, to=()), LEXICON).kind is (
        ReplyKind.REJECTION
    )


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Season's greetings", "Happy holidays from all of us at Northwind, and thank you."),
        ("Bonnes fêtes", "Toute l'équipe vous souhaite de belles fêtes ! Le bureau ferme le 24."),
        ("Frohes Fest", "Frohe Weihnachten und einen guten Rutsch wünscht das ganze Team!"),
        ("Boas Festas", "Boas Festas e um ótimo ano para todos!"),
        # a colleague's invitation to an evening out: no word of the process either
        ("Thursday?", "Still up for the climbing gym on Thursday? A few of us are going."),
        ("Jeudi ?", "Tu viens boire un verre jeudi avec l'équipe ?"),
        ("Donnerstag?", "Kommst du Donnerstag mit in die Kletterhalle?"),
        ("Sábado", "¿Te vienes a cenar el sábado con Nuria?"),
        ("Sexta", "Bora tomar uma cerveja na sexta com o pessoal?"),
        ("Sabato", "Vieni a cena sabato con noi?"),
        ("Vrijdag", "Zin in een biertje vrijdag na het werk?"),
    ],
)
def test_a_persons_greeting_or_invitation_out_may_be_no_reply(subject: str, text: str) -> None:
    # A person's mail is no reply only with words of such mail: a greeting or an evening out.
    msg = message("Dana Reyes <dana@northwind.io>", subject, text)
    assert classify(msg, leaning("none", update=2.0)).kind is None
    plain = message("Dana Reyes <dana@northwind.io>", "Hello", _NO_PHRASE)
    assert classify(plain, leaning("none", update=2.0)).kind is ReplyKind.UPDATE


def test_a_platforms_survey_is_no_step() -> None:
    # An assessment platform's mail is a step, unless it is a survey and names none.
    sender = "HackerRank <no-reply@hackerrank.com>"
    survey = message(
        sender,
        "How was your test?",
        "You just finished a test. Help us improve: take our two-minute survey.",
    )
    result = classify(survey, leaning("none"))
    assert result.kind is None, result.reason
    invite = message(sender, "Northwind test", "Northwind invites you to a coding test.")
    assert classify(invite, leaning("none")).kind is ReplyKind.NEXT_STEP


def test_a_receipt_whose_next_step_is_a_review_is_an_acknowledgement() -> None:
    sender = "Northwind <no-reply@northwind.io>"
    receipt = message(
        sender,
        "Thank you for completing the coding test",
        "The next step is a review by the hiring team. If you are selected, you will receive "
        "an invitation to a final interview.",
    )
    result = classify(receipt, leaning("next_step"))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason
    step = message(
        sender,
        "Your next step",
        "The next step is a final interview with the team: pick a time that suits you.",
    )
    assert classify(step, leaning("next_step")).kind is ReplyKind.NEXT_STEP


def test_a_workshops_quote_is_no_offer() -> None:
    # "Angebot Nr.", "devis n°", "quote no.": a shop's offer, from an office, not a person.
    workshop = "Alpine Workshop <workshop@alpine.example>"
    assert not classify_module.read(message(workshop), LEXICON).personal
    quote = message(
        workshop,
        "Your quote no. 4411",
        "Please find our quote no. 4411 for the service of your bike. This quote is valid "
        "for 14 days.",
    )
    result = classify(quote, leaning("offer"))
    assert result.kind is None, result.reason
    offer = message(
        "Dana Reyes <hr@alpine.example>",
        "Your offer",
        "We are pleased to offer you the position of Data Engineer.",
    )
    assert classify(offer, leaning("offer")).kind is ReplyKind.OFFER


@pytest.mark.parametrize("prefix", ["R:", "RES:", "Re:"])
def test_italian_and_brazilian_reply_prefixes_mark_an_answer(prefix: str) -> None:
    # Outlook in Italian writes "R:", in Brazilian Portuguese "RES:": someone else's subject.
    msg = message("Dana Reyes <dana@northwind.io>", f"{prefix} Esito colloquio", _NO_PHRASE)
    assert classify_module.read(msg, LEXICON).sentences[0] == ""
    away = replace(msg, text="La sua e-mail non verrà inoltrata.")
    assert classify(away, leaning("next_step")).kind is ReplyKind.AUTO_REPLY
    # A subject of one's own that begins with an R is the sender's own words.
    own = message("Dana Reyes <dana@northwind.io>", "Ruolo: Data Engineer", _NO_PHRASE)
    assert classify_module.read(own, LEXICON).sentences[0] == "Ruolo: Data Engineer"


def test_a_step_named_only_under_a_condition_is_no_refusal_close_behind_news() -> None:
    # "If you are shortlisted, we will invite you": nothing is decided; news, not an end.
    model = leaning("rejection", 1.5, update=2.0)
    text = f"If you are shortlisted, we will invite you to a second interview. {_NO_PHRASE}"
    assert classify(message(text=text), model).kind is ReplyKind.UPDATE
    # Without the condition's step, a refusal close behind news still wins.
    assert classify(message(text=_NO_PHRASE), model).kind is ReplyKind.REJECTION
    # A refusal's phrase with it is read as it scores.
    refusal = f"{text} We won't be taking yours further."
    assert classify(message(text=refusal), model).kind is ReplyKind.REJECTION


@pytest.mark.parametrize(
    "subject",
    ["Read: RE: Final round", "Lu : Merci pour l'entretien", "Gelesen: Danke", "Letto: Grazie"],
)
def test_a_read_receipt_is_no_reply(subject: str) -> None:
    # The recruiter's mail client says the candidate's note was opened: nobody wrote.
    text = "Your message was read on 12/5/2026 9:15 AM. We'd like to schedule a final round."
    msg = message("Dana Reyes <dana@northwind.io>", subject, text)
    result = classify(msg, leaning("next_step"))
    assert result.kind is None, result.reason
    # A subject that only speaks of reading is the sender's own.
    own = message("Dana Reyes <dana@northwind.io>", "Reading list: final round", text)
    assert classify(own, leaning("next_step")).kind is ReplyKind.NEXT_STEP


def test_a_calendars_notification_of_a_known_interview_is_no_reply() -> None:
    sender = "Google Calendar <calendar-notification@google.com>"
    text = "This is a reminder of the following event. Final interview - Northwind."
    notice = message(
        sender, "Notificación: Entrevista final @ jue 3 dic", text, signals=[Signal.AUTO_SUBMITTED]
    )
    assert classify(notice, leaning("next_step")).kind is None
    # A person's "Notification:" subject is read as usual.
    person = message("Dana Reyes <dana@northwind.io>", "Notification: final round", text)
    assert classify(person, leaning("next_step")).kind is ReplyKind.NEXT_STEP


def test_a_hotels_booking_confirmation_is_no_reply() -> None:
    # A room booked for the onsite: dates and a time, from a hotel, about no application.
    hotel = message(
        "Harbor Hotel Reservations <reservations@harborhotel.example>",
        "Booking confirmation no. 604418",
        "We confirm your stay: arrival on Tuesday from 3 pm, departure on Wednesday by 11 am.",
    )
    result = classify(hotel, leaning("next_step"))
    assert result.kind is None, result.reason
    # The hiring office's own confirmation of the onsite is a step.
    onsite = message(
        "Northwind Recruiting <recruiting@northwind.io>",
        "Your onsite",
        "We confirm your onsite interview: Tuesday from 3 pm.",
    )
    assert classify(onsite, leaning("next_step")).kind is ReplyKind.NEXT_STEP


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Your data will be deleted soon",
            "Your candidate profile at Northwind is kept for twelve months. Reply in the portal "
            "to keep your data for future roles.",
        ),
        (
            "Vos données seront supprimées le 1er janvier",
            "Votre profil chez Northwind arrive en fin de durée de conservation.",
        ),
        (
            "Aufbewahrungsfrist Ihrer Bewerberdaten",
            "Ihr Profil bei Northwind bleibt noch zwei Wochen gespeichert.",
        ),
        (
            "Tus datos serán eliminados pronto",
            "Tus datos serán eliminados de nuestra base de candidatos. Si prefieres conservar "
            "tus datos, entra en el portal.",
        ),
        (
            "Seus dados serão excluídos",
            "Seu perfil de candidato está guardado desde junho; de acordo com a LGPD ele expira.",
        ),
        (
            "I tuoi dati saranno cancellati",
            "Ai sensi del GDPR, i tuoi dati saranno cancellati tra trenta giorni. Puoi rinnovare "
            "il consenso dal portale: il periodo di conservazione riparte da oggi.",
        ),
        (
            "Hoe was je sollicitatie bij Northwind?",
            "Je tweede gesprek is afgerond. Vertel ons in twee minuten wat je ervan vond.",
        ),
        (
            "How was your background check?",
            "You finished your background check for Northwind. Take the survey: how likely are "
            "you to recommend us to a friend?",
        ),
    ],
)
@pytest.mark.parametrize("leans_to", ["rejection", "next_step", "update", "none"])
def test_automatic_mail_about_the_candidates_data_or_a_survey_is_no_reply(
    subject: str, text: str, leans_to: str
) -> None:
    # An applicant-tracking system or a vendor writes about the data it keeps or asks how it
    # did: it names the process, decides nothing, and is no reply.
    for sender in ("Northwind <no-reply@us.greenhouse-mail.io>", "Checkr <no-reply@checkr.com>"):
        result = classify(message(sender, subject, text), leaning(leans_to))
        assert result.kind is None, result.reason
        assert "candidate's data" in result.reason


def test_a_step_or_a_decision_beside_a_privacy_footer_is_read_as_usual() -> None:
    vendor = "Checkr <no-reply@checkr.com>"
    footer = "We process your data under the GDPR."
    step = message(
        vendor,
        "Northwind asks you to start a background check",
        f"Please start your background check for Northwind today. {footer}",
    )
    assert classify(step, leaning("next_step")).kind is ReplyKind.NEXT_STEP
    ats = "Northwind <no-reply@us.greenhouse-mail.io>"
    refusal = message(
        ats,
        "Your application",
        "Unfortunately, we have decided to move forward with other candidates. We will keep "
        "your data for twelve months. Our data retention period is set by the GDPR.",
    )
    assert classify(refusal, leaning("update")).kind is ReplyKind.REJECTION
    # A refusal in words of no phrase, with a privacy footer of two sentences, is read as
    # the model reads it: only a subject about the data makes it a notice.
    unphrased = message(
        ats,
        "Your application",
        "We went another way. Your data will be deleted in six months under the GDPR. Our "
        "data retention period is six months.",
    )
    assert classify(unphrased, leaning("rejection")).kind is ReplyKind.REJECTION
    # A person who asks how it went writes news, not a survey.
    person = message("Dana Reyes <dana@northwind.io>", "How was your onsite?", _NO_PHRASE)
    assert classify(person, leaning("update")).kind is ReplyKind.UPDATE


@pytest.mark.parametrize(
    "text",
    [
        "We've received your signed documents: employment contract and tax form. Nothing else "
        "is needed from you.",
        "Nous avons bien reçu votre contrat de travail signé. Aucune action n'est requise.",
        "Wir haben Ihren unterschriebenen Arbeitsvertrag erhalten. Es ist nichts weiter zu tun.",
        "Hemos recibido tu contrato firmado (contrato de trabajo y anexos).",
        "Recebemos o seu contrato de trabalho assinado. Não é preciso fazer mais nada.",
        "Abbiamo ricevuto il contratto di assunzione firmato. Non serve altro.",
        "We hebben je getekende arbeidsovereenkomst ontvangen. Je hoeft niets meer te doen.",
    ],
)
def test_a_receipt_of_an_offers_paperwork_is_an_acknowledgement(text: str) -> None:
    # The contract of an offer made before comes back signed: the system says it got it.
    for sender in (
        "Northwind <northwind@myworkday.com>",
        "Northwind People <no-reply@northwind.io>",
    ):
        result = classify(message(sender, "Task complete: documents", text), leaning("offer"))
        assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason
        assert "paperwork" in result.reason


def test_an_offers_paperwork_sent_or_made_is_still_an_offer() -> None:
    ats = "Northwind <northwind@myworkday.com>"
    sent = message(ats, "Your offer", "You have received an offer letter from Northwind.")
    assert classify(sent, leaning("acknowledgement")).kind is ReplyKind.OFFER
    # The receipt of the application and the offer in one sentence: the offer is made.
    both = message(
        ats,
        "Your application",
        "Thank you for your interest; we are pleased to offer you the position.",
    )
    assert classify(both, leaning("acknowledgement")).kind is ReplyKind.OFFER
    # An e-signature envelope that says a document was received is the offer itself.
    envelope = message(
        "Dana Reyes via Docusign <dse@docusign.net>",
        "Please sign: offer letter",
        "We have received your details; your offer letter is ready to sign.",
    )
    assert classify(envelope, leaning("acknowledgement")).kind is ReplyKind.OFFER


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("Yousign <noreply@yousign.com>", "Sie haben „Vertrag_Reyes.pdf“ unterschrieben"),
        (
            "Yousign <noreply@yousign.com>",
            "Tous les signataires ont signé « Contrat – A. Example »",
        ),
        ("Dropbox Sign <noreply@mail.hellosign.com>", "Hai firmato «Lettera - A. Example»"),
        ("Clicksign <naoresponda@clicksign.com>", "Documento finalizado: Carta - A. Example"),
        ("Dana Reyes via Docusign <dse@docusign.net>", "All parties have signed the agreement"),
        ("Dana Reyes via Docusign <dse@docusign.net>", "Todos han firmado: contrato de Alex"),
        (
            "Dana Reyes via Docusign <dse@docusign.net>",
            "Alle partijen hebben ondertekend: contract",
        ),
    ],
)
def test_an_e_signature_completion_said_anywhere_in_the_subject_is_a_receipt(
    sender: str, subject: str
) -> None:
    msg = message(sender, subject, "A copy of the document is attached. " + _NO_PHRASE)
    result = classify(msg, leaning("offer"))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason
    # The envelope's own imperative is no completion, whatever its accents fold to.
    envelope = message(sender, "Complete with Docusign: Offer Letter", _NO_PHRASE)
    assert classify(envelope, leaning("offer")).kind is ReplyKind.OFFER


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Documents received",
            "Here is what we have on file:\n\n- Signed offer letter\n- Passport",
        ),
        (
            "Eingangsbestätigung: Ihre Dokumente",
            "Folgendes liegt uns vor:\n\n- Arbeitsvertrag (unterschrieben)\n- Steuer-ID",
        ),
        ("Onboarding", "Ondertekende arbeidsovereenkomst ontvangen. Tot snel!"),
        ("Onboarding", "We received the signed offer letter, thanks."),
    ],
)
def test_an_offers_paperwork_listed_in_a_receipt_is_an_acknowledgement(
    subject: str, text: str
) -> None:
    sender = "Northwind People <no-reply@northwind.io>"
    result = classify(message(sender, subject, text), leaning("offer"))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Your background check is complete", "The report was shared with Northwind."),
        ("Screening update", "Your background check is complete. No action is required."),
        ("Vérification terminée", "Le rapport a été transmis à Northwind."),
        ("Überprüfung abgeschlossen", "Sie müssen nichts weiter tun."),
        ("Verificación completada", "No tienes que hacer nada más."),
        ("Verificação concluída", "Nenhuma ação é necessária."),
        ("Verifica completata", "Non devi fare altro."),
        ("Screening is afgerond", "Je hoeft niets meer te doen."),
    ],
)
def test_a_vendors_notice_that_a_check_is_done_is_an_acknowledgement(
    subject: str, text: str
) -> None:
    msg = message("Checkr <no-reply@checkr.com>", subject, text, signals=[Signal.AUTO_SUBMITTED])
    result = classify(msg, leaning("next_step"))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason


def test_a_vendors_request_to_start_a_check_is_still_a_next_step() -> None:
    msg = message(
        "Checkr <no-reply@checkr.com>",
        "Northwind asks you to complete a background check",
        "Please start your background check: it takes ten minutes.",
    )
    assert classify(msg, leaning("next_step")).kind is ReplyKind.NEXT_STEP


@pytest.mark.parametrize(
    "subject",
    [
        "Please DocuSign: Tenancy Agreement - Flat 2",
        "Contrat de location à signer",
        "Mietvertrag zur Unterschrift",
        "Contrato de alquiler para firmar",
        "Contrato de aluguel para assinatura",
        "Contratto di locazione da firmare",
        "Huurovereenkomst ter ondertekening",
    ],
)
def test_an_e_signature_envelope_of_a_lease_is_no_reply(subject: str) -> None:
    sender = "Harbor Lettings via Docusign <dse@docusign.net>"
    msg = message(sender, subject, "Harbor Lettings sent you a document to review and sign.")
    result = classify(msg, leaning("offer"))
    assert result.kind is None, result.reason
    offer = message(sender, "Please DocuSign: Offer Letter", "Here is your offer letter.")
    assert classify(offer, leaning("offer")).kind is ReplyKind.OFFER


@pytest.mark.parametrize(
    "text",
    [
        "Your password was changed today. If this wasn't you, reset your password.",
        "Votre mot de passe a été modifié aujourd'hui.",
        "Ihr Passwort wurde geändert.",
        "Tu contraseña ha sido cambiada hoy.",
        "A sua senha foi alterada hoje.",
        "La tua password è stata modificata oggi.",
        "Je wachtwoord is gewijzigd.",
    ],
)
def test_a_vendors_security_notice_is_no_reply(text: str) -> None:
    msg = message("Sterling <donotreply@sterlingcheck.com>", "Account security", text)
    result = classify(msg, leaning("update"))
    assert result.kind is None, result.reason


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Absence : Re: Entretien", "Je suis en congé maternité jusqu'en avril."),
        ("Re: Final round", "I am on paternity leave until March. Please write to the team."),
        ("Re: Final round", "My mailbox is full, so new messages may not reach me."),
        ("AW: Zweites Gespräch", "Ich bin in Elternzeit bis Februar."),
        ("Re: Prueba técnica", "Estoy de baja por paternidad hasta enero."),
        ("RES: Entrevista", "Estou de licença-paternidade até janeiro."),
        ("R: Colloquio", "Sono in congedo di paternità fino a gennaio."),
        ("Re: Gesprek", "Ik ben met ouderschapsverlof tot februari."),
    ],
)
def test_an_answer_that_says_its_writer_is_on_leave_is_an_automatic_reply(
    subject: str, text: str
) -> None:
    msg = message("Dana Reyes <dana@northwind.io>", subject, text)
    result = classify(msg, leaning("auto_reply", update=2.0))
    assert result.kind is ReplyKind.AUTO_REPLY, result.reason
    # A fresh message that says so is a person's news.
    fresh = message("Dana Reyes <dana@northwind.io>", "Final round", text)
    assert classify(fresh, leaning("auto_reply", update=2.0)).kind is ReplyKind.UPDATE


@pytest.mark.parametrize(
    "subject",
    [
        "Your application has been withdrawn",
        "Votre candidature a été retirée",
        "Ihre Bewerbung wurde zurückgezogen",
        "Tu candidatura ha sido retirada",
        "A sua candidatura foi retirada",
        "La tua candidatura è stata ritirata",
        "Je sollicitatie is ingetrokken",
    ],
)
def test_a_confirmation_of_the_candidates_own_withdrawal_is_an_acknowledgement(
    subject: str,
) -> None:
    # The candidate withdrew; the system confirms it and stops writing: nothing is decided.
    sender = "Northwind <no-reply@us.greenhouse-mail.io>"
    msg = message(sender, subject, "You will no longer receive updates about this role.")
    result = classify(msg, leaning("rejection"))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason


_NO_MODEL = replace(LEXICON, model=None)


@pytest.mark.parametrize(
    "text",
    [
        "The directors would like you to meet Priya Shah, our head of data, on Tuesday.",
        "Nous aimerions vous faire rencontrer notre directeur technique jeudi matin.",
        "Unser Bereichsleiter möchte Sie kennenlernen, am besten noch diese Woche.",
        "Te confirmo la reunión con nuestra directora de producto el lunes a las diez.",
        "Confirmo a reunião com o nosso diretor financeiro na sexta às 15h.",
        "Le confermo l'incontro con il nostro direttore commerciale martedì alle 9.",
        "Ik bevestig je afspraak met onze teamleider op woensdag om 14.00 uur.",
    ],
)
def test_a_meeting_with_someone_named_is_a_next_step(text: str) -> None:
    # A person names whom to meet next, not "an interview": the process moves on.
    msg = message("Dana Reyes <dana@northwind.io>", "Next conversation", text)
    assert classify_module.read(msg, LEXICON).hits.get("next_step"), text
    result = classify(msg, _NO_MODEL)
    assert result.kind is ReplyKind.NEXT_STEP, result.reason
    # A shop of the company asking its customers to come in names no application.
    shop = message("Northwind Store <no-reply@northwind.io>", "This Saturday", text)
    assert classify(shop, leaning("next_step")).kind is None


@pytest.mark.parametrize(
    "text",
    [
        "Sorry for the silence: my last message went unanswered too. The panel meets on the 17th.",
        "Désolé pour le silence, mon message Teams est resté sans suite. Le comité est reporté.",
        "Entschuldigen Sie die Funkstille, meine Nachricht blieb ohne Antwort. Das Gremium "
        "tagt später.",
        "Perdona el silencio, mi mensaje quedó sin respuesta. El comité se aplaza al día 17.",
        "Desculpe o silêncio, a minha mensagem ficou sem resposta. O comité foi adiado.",
        "Scusa il silenzio, il mio messaggio è rimasto senza risposta. Il comitato è rinviato.",
        "Sorry voor de stilte, mijn bericht bleef onbeantwoord. De commissie is uitgesteld.",
    ],
)
def test_a_message_left_unanswered_is_no_refusal(text: str) -> None:
    # "Resté sans suite" is a message nobody answered, not an application turned down.
    msg = message("Dana Reyes <dana@northwind.io>", "Re: Précisions", text)
    result = classify(msg, leaning("update"))
    assert result.kind is ReplyKind.UPDATE, result.reason


@pytest.mark.parametrize(
    "text",
    [
        "Nous avons décidé de classer votre candidature sans suite.",
        "Votre candidature a été classée sans suite après examen.",
        "Nous sommes contraints de classer sans suite votre candidature.",
    ],
)
def test_an_application_filed_without_follow_up_is_a_refusal(text: str) -> None:
    result = classify(message(text=text), leaning("update"))
    assert result.kind is ReplyKind.REJECTION, result.reason


@pytest.mark.parametrize(
    "text",
    [
        "Please come to the office on Monday to sign your employment contract.",
        "Merci de passer lundi pour signer votre contrat de travail.",
        "Bitte kommen Sie am Montag vorbei, um Ihren Arbeitsvertrag zu unterschreiben.",
        "Le esperamos el lunes para firmar su contrato de trabajo.",
        "Aguardamos você na segunda para assinar o contrato de trabalho.",
        "La aspettiamo lunedì per la firma del contratto di lavoro a tempo indeterminato.",
        "We verwachten je maandag om de arbeidsovereenkomst te tekenen.",
    ],
)
def test_an_invitation_to_sign_the_employment_contract_is_an_offer(text: str) -> None:
    msg = message("Ufficio Personale <personale@northwind.io>", "Selection 08/2026", text)
    result = classify(msg, leaning("update"))
    assert result.kind is ReplyKind.OFFER, result.reason


@pytest.mark.parametrize("leans_to", ["rejection", "offer"])
def test_a_reminder_is_no_reply_unless_a_phrase_states_a_decision(leans_to: str) -> None:
    # A reminder's few words read flat; the model's lean to a decision is no decision.
    sender = "Northwind <northwind@myworkday.com>"
    msg = message(sender, "Rappel : votre entretien demain", "Nous vous attendons à 9h.")
    result = classify(msg, leaning(leans_to))
    assert result.kind is None, result.reason
    stated = message(sender, "Reminder: your application", "We will not be moving forward.")
    assert classify(stated, leaning("update")).kind is ReplyKind.REJECTION


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Dana Reyes sent you a new message",
            "You have 2 unread messages in Northwind's workspace.",
        ),
        ("Dana Reyes vous a envoyé un message", "Vous avez 1 message non lu dans Teams."),
        ("Dana Reyes hat Ihnen eine Nachricht gesendet", "Sie haben ungelesene Nachrichten."),
        ("Dana Reyes te ha enviado un mensaje", "Tienes 3 mensajes sin leer en Slack."),
        ("Dana Reyes enviou uma mensagem para você", "Você tem 1 mensagem não lida no Slack."),
        ("Dana Reyes ti ha inviato un messaggio", "Hai 2 messaggi non letti su Teams."),
        ("Dana Reyes heeft je een bericht gestuurd", "Je hebt 1 ongelezen bericht in Teams."),
    ],
)
def test_a_chat_apps_notice_of_a_message_is_no_reply(subject: str, text: str) -> None:
    # The message itself is in the chat; the mail only says one came, whoever sent it.
    msg = message("Chat <noreply@chat-notify.example>", subject, f"{text} Open the app to read.")
    assert classify_module.read(msg, LEXICON).hits.get("not_reply"), subject
    assert classify(msg, LEXICON).kind is None


@pytest.mark.parametrize(
    "text",
    [
        "Your form for the post of Systems Officer has been submitted successfully.",
        "Votre inscription au poste de chargée d'études a été transmise avec succès.",
        "Ihre Unterlagen für die Stelle wurden erfolgreich eingereicht.",
        "Su solicitud para la plaza de técnico ha quedado registrada correctamente.",
        "A sua inscrição para a vaga foi submetida com sucesso.",
        "La domanda per il concorso è stata registrata correttamente.",
        "Je formulier voor de functie is succesvol ingediend.",
    ],
)
def test_an_automatic_notice_that_a_form_was_submitted_is_an_acknowledgement(text: str) -> None:
    sender = "Recruitment Portal <portal-noreply@northwind.io>"
    msg = message(sender, "Reference no. 2026/0841", text)
    result = classify(msg, leaning("update"))
    assert result.kind is ReplyKind.ACKNOWLEDGEMENT, result.reason


@pytest.mark.parametrize(
    ("text", "receipt"),
    [
        ("As agreed, here is the writing task: 800 words, due Friday.", "Writing task received"),
        ("Comme convenu, voici l'exercice pratique, à rendre vendredi.", "Exercice pratique reçu"),
        (
            "Wie besprochen folgt die Probeaufgabe, Abgabe bis Freitag.",
            "Eingangsbestätigung: Ihre Probeaufgabe",
        ),
        ("Como hablamos, te envío la prueba práctica para el viernes.", "Prueba práctica recibida"),
        (
            "Conforme combinado, segue a tarefa de teste até sexta.",
            "Recebemos a sua tarefa de teste",
        ),
        ("Come d'accordo, ecco la prova pratica da consegnare venerdì.", "Prova pratica ricevuta"),
        (
            "Zoals besproken stuur ik je de proefopdracht, inleveren vrijdag.",
            "Proefopdracht ontvangen",
        ),
    ],
)
def test_a_trial_task_sent_is_a_next_step_and_its_receipt_no_reply(text: str, receipt: str) -> None:
    msg = message("Dana Reyes <dana@northwind.io>", "Re: Thanks for today", text)
    assert classify_module.read(msg, LEXICON).hits.get("next_step"), text
    assert classify(msg, _NO_MODEL).kind is ReplyKind.NEXT_STEP
    got = message("Northwind <no-reply@northwind.io>", receipt, "It has reached the team.")
    # An automatic receipt of the task names it too, and counts as no reply.
    assert not classify(got, leaning("next_step")).counts


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for referring Lina Ortiz for the Analyst role. We will tell you if she joins.",
        "Merci d'avoir recommandé Lina Ortiz pour le poste d'analyste. Nous vous dirons si elle "
        "nous rejoint.",
        "Vielen Dank für Ihre Empfehlung von Lina Ortiz. Wir melden uns, falls sie anfängt.",
        "Gracias por recomendar a Lina Ortiz para el puesto. Te avisaremos si se incorpora.",
        "Obrigado pela indicação da Lina Ortiz para a vaga. Avisaremos se ela for contratada.",
        "Grazie per aver segnalato Lina Ortiz per il ruolo. Ti avviseremo se verrà assunta.",
        "Bedankt voor je aanbeveling van Lina Ortiz. We laten je weten of ze aangenomen wordt.",
    ],
)
def test_thanks_for_referring_a_friend_is_no_reply(text: str) -> None:
    # The candidate referred someone else: the company writes about that person's application.
    msg = message("Northwind Talent <talent@northwind.io>", "Your referral", text)
    assert classify_module.read(msg, LEXICON).hits.get("not_reply"), text
    assert not classify(msg, LEXICON).counts


def test_a_refusal_left_first_by_a_conditional_step_far_ahead_of_it_is_news() -> None:
    # The model read a step; the step is refused for its condition; the refusal it ranked
    # next, far behind, says no more than the news the message is.
    bias = [0.0] * len(CLASSES)
    bias[CLASSES.index("next_step")] = 4.0
    bias[CLASSES.index("rejection")] = 1.0
    model = replace(LEXICON, model=Model(CLASSES, 1 << 10, tuple(bias), {}))
    text = "If you are shortlisted, we will invite you to a second interview. " + _NO_PHRASE
    assert classify(message(text=text), model).kind is ReplyKind.UPDATE
    # With a refusal's phrase, the refusal stands.
    refused = "We have decided not to move forward. " + text
    assert classify(message(text=refused), model).kind is ReplyKind.REJECTION


@pytest.mark.parametrize(
    "text",
    [
        "Mr Reyes has left. Your email will not be forwarded and will not be read.",
        "M. Reyes est parti. Votre e-mail ne sera pas transféré ni lu.",
        "Herr Reyes ist fort. Ihre E-Mail wird nicht weitergeleitet und nicht gelesen.",
        "El Sr. Reyes ya no está. Su correo no será reenviado ni leído.",
        "O Sr. Reyes saiu. O seu e-mail não será reencaminhado nem lido.",
        "Il sig. Reyes non c'è più. La sua e-mail non verrà inoltrata né letta.",
        "De heer Reyes is vertrokken. Uw bericht wordt niet doorgestuurd en ook niet gelezen.",
    ],
)
def test_an_automatic_answers_own_clause_is_not_undone_by_a_negation_after_it(text: str) -> None:
    # "... wird nicht weitergeleitet und nicht gelesen": the last "nicht" negates "gelesen".
    msg = message("Tom Reyes <tom.reyes@northwind.io>", "Re: Danke für das Gespräch", text)
    result = classify(msg, leaning("rejection"))
    assert result.kind is ReplyKind.AUTO_REPLY, result.reason


@pytest.mark.parametrize(
    "text",
    [
        "I'm out for the holidays until 4 January; for interviews write to jobs@northwind.io.",
        "Nos bureaux sont fermés jusqu'au 4 janvier ; votre message sera traité à notre retour.",
        "Diese Woche bin ich nur eingeschränkt erreichbar, am Montag lese ich wieder.",
        "Estoy de viaje hasta el lunes con acceso limitado al correo.",
        "Estou com acesso limitado ao e-mail até segunda-feira.",
        "I nostri uffici resteranno chiusi fino al 7 gennaio.",
        "Op vrijdag ben ik niet werkzaam; ik ben beperkt bereikbaar tot maandag.",
    ],
)
def test_an_answer_that_says_its_writer_or_office_is_away_is_an_automatic_reply(
    text: str,
) -> None:
    msg = message("Dana Reyes <dana@northwind.io>", "Re: Final round", text)
    result = classify(msg, leaning("auto_reply", update=2.0))
    assert result.kind is ReplyKind.AUTO_REPLY, result.reason
    fresh = message("Dana Reyes <dana@northwind.io>", "Final round", text)
    assert classify(fresh, leaning("auto_reply", update=2.0)).kind is ReplyKind.UPDATE


@pytest.mark.parametrize(
    "text",
    [
        "We'll be at the campus job fair on Thursday: come and see us at our booth!",
        "Nous serons au salon de l'emploi jeudi : venez nous voir sur notre stand !",
        "Am Donnerstag sind wir auf der Jobmesse, besuchen Sie uns an unserem Stand!",
        "El jueves estaremos en la feria de empleo, ¡pasa por nuestro stand!",
        "Na quinta estaremos na feira de emprego, visite o nosso estande!",
        "Giovedì saremo alla fiera del lavoro: passa a trovarci al nostro stand!",
        "Donderdag staan we op de banenmarkt, kom langs bij onze stand!",
    ],
)
def test_a_recruiters_invitation_to_a_job_fair_may_be_no_reply(text: str) -> None:
    # Sent to everyone the team met: words of mail that is no reply let a person's mail be none.
    msg = message("Dana Reyes <dana@northwind.io>", "See you at the fair", text)
    assert classify_module.read(msg, LEXICON).hits.get("not_reply"), text
    assert classify(msg, leaning("none")).kind is None


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your email to jobs@northwind.io. Every message is read within a week.",
        "Merci pour votre e-mail à jobs@northwind.io. Chaque message est lu sous huit jours.",
        "Vielen Dank für Ihre E-Mail an jobs@northwind.io. Jede Nachricht wird gelesen.",
        "Gracias por tu correo a jobs@northwind.io. Leemos todos los mensajes.",
        "Obrigado pelo seu e-mail para jobs@northwind.io. Lemos todas as mensagens.",
        "Grazie per la tua e-mail a jobs@northwind.io. Leggiamo tutti i messaggi.",
        "Bedankt voor je e-mail aan jobs@northwind.io. We lezen elk bericht.",
    ],
)
def test_a_shared_inboxs_answer_naming_its_own_address_is_an_automatic_reply(text: str) -> None:
    # A rule of the shared mailbox answers with the address written to; a person names none.
    msg = message("Northwind Jobs <jobs@northwind.io>", "RE: Question about the test", text)
    result = classify(msg, leaning("auto_reply", update=2.0))
    assert result.kind is ReplyKind.AUTO_REPLY, result.reason


@pytest.mark.parametrize(
    "text",
    [
        "Your question was logged with ticket number 8812. Add comments to this request by reply.",
        "Votre demande est enregistrée sous le numéro 8812 ; répondez sans modifier l'objet.",
        "Ihre Anfrage wurde unter der Nummer 8812 erfasst. Bitte nennen Sie die Ticketnummer.",
        "Su consulta ha quedado registrada con el número 8812. Responda sin modificar el asunto.",
        "Recebemos a sua mensagem e abrimos o chamado 8812. Responda sem alterar o assunto.",
        "La sua domanda è registrata con il numero 8812: indichi il numero della richiesta.",
        "Je vraag is geregistreerd onder nummer 8812. Antwoord zonder het onderwerp te wijzigen.",
    ],
)
def test_a_helpdesks_ticket_for_the_candidates_mail_is_an_automatic_reply(text: str) -> None:
    # The candidate wrote to HR; its helpdesk answers with a ticket number, nobody has read it.
    msg = message(
        "Northwind HR Help <hr-help@northwind.io>", "Re: Question about my interview", text
    )
    result = classify(msg, leaning("auto_reply", update=2.0))
    assert result.kind is ReplyKind.AUTO_REPLY, result.reason


@pytest.mark.parametrize(
    "text",
    [
        "This address sends only; replies are not read. Write to jobs@northwind.io instead.",
        "Cette boîte n'est pas surveillée : écrivez à jobs@northwind.io.",
        "Dieses Postfach wird nicht überwacht; schreiben Sie an jobs@northwind.io.",
        "Este buzón no está atendido; escribe a jobs@northwind.io.",
        "Esta caixa não é monitorada; escreva para jobs@northwind.io.",
        "Questa casella non è presidiata: scriva a jobs@northwind.io.",
        "Deze mailbox wordt niet bewaakt; mail naar jobs@northwind.io.",
    ],
)
def test_an_unread_addresss_answer_to_the_candidate_is_an_automatic_reply(text: str) -> None:
    # The candidate answered a no-reply address; its rule says nobody reads it.
    sender = "Northwind Selection <noreply-selection@northwind.io>"
    msg = message(sender, "Re: Interview Data Scientist", text)
    result = classify(msg, leaning("auto_reply", update=2.0))
    assert result.kind is ReplyKind.AUTO_REPLY, result.reason
