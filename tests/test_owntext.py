"""Tests of watcher.owntext: the sender's own words in a message, and the sentences of a text."""

from __future__ import annotations

import time

import pytest

from watcher.owntext import own_text, sentences

OWN = "Hi Alex,\n\nWe would like to invite you to a final round."
"""What the author wrote in most cases below."""


# -- quoted originals --------------------------------------------------------------------------

ATTRIBUTIONS = [
    # en: Gmail, Apple Mail, Outlook for Mac, a short one.
    "On Tue, Nov 24, 2026 at 9:12 AM Alex Example <alex@candidate.example> wrote:",
    "On 24 Nov 2026, at 09:12, Alex Example <alex@candidate.example> wrote:",
    'On 24/11/2026, 09:12, "Alex Example" <alex@candidate.example> wrote:',
    "On Tue, Dana wrote:",
    # fr: Gmail (a no-break space before the colon), Thunderbird.
    "Le mar. 24 nov. 2026 à 09:12, Alex Example <alex@candidate.example> a\u00a0écrit\u00a0:",
    "Le 24/11/2026 à 09:12, Alex Example a écrit :",
    # de: Gmail, Thunderbird.
    "Am Di., 24. Nov. 2026 um 09:12 Uhr schrieb Alex Example <alex@candidate.example>:",
    "Am 24.11.26 um 09:12 schrieb Alex Example:",
    # es
    "El mar, 24 nov 2026 a las 9:12, Alex Example (<alex@candidate.example>) escribió:",
    # pt: Gmail (Brazil), Portugal.
    "Em ter., 24 de nov. de 2026 às 09:12, Alex Example <alex@candidate.example> escreveu:",
    "Em 24/11/2026 09:12, Alex Example escreveu:",
    # it: Gmail, Thunderbird, a bare "... ha scritto:".
    "Il giorno mar 24 nov 2026 alle ore 09:12 Alex Example <alex@candidate.example> ha scritto:",
    "Il 24/11/26 09:12, Alex Example ha scritto:",
    "Alex Example <alex@candidate.example> ha scritto:",
    # nl
    "Op di 24 nov. 2026 om 09:12 schreef Alex Example <alex@candidate.example>:",
    "Op 24-11-2026 09:12 schreef Alex Example:",
]


@pytest.mark.parametrize("attribution", ATTRIBUTIONS)
def test_the_text_is_cut_at_an_attribution(attribution: str) -> None:
    text = f"{OWN}\n\n{attribution}\n> Thank you for the interview.\n> Alex"
    assert own_text(text) == OWN


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("On Tue, Nov 24, 2026 at 9:12 AM Alex Example <", "alex@candidate.example> wrote:"),
        ("Le mar. 24 nov. 2026 à 09:12, Alex Example <alex@candidate.example> a", "écrit :"),
        ("Am Di., 24. Nov. 2026 um 09:12 Uhr schrieb Alex Example", "<alex@candidate.example>:"),
        ("El mar, 24 nov 2026 a las 9:12, Alex Example", "(<alex@candidate.example>) escribió:"),
        ("Em ter., 24 de nov. de 2026 às 09:12, Alex Example <alex@x.example>", "escreveu:"),
        ("Il giorno mar 24 nov 2026 alle ore 09:12 Alex Example", "<alex@x.example> ha scritto:"),
        ("Op di 24 nov. 2026 om 09:12 schreef Alex Example", "<alex@candidate.example>:"),
    ],
)
def test_an_attribution_wrapped_over_two_lines_is_found(first: str, second: str) -> None:
    text = f"{OWN}\n\n{first}\n{second}\n\n> Thank you."
    assert own_text(text) == OWN


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----",
        "----- Original Message -----",
        "-----Message d'origine-----",
        "-----Ursprüngliche Nachricht-----",
        "-----Mensaje original-----",
        "-----Mensagem original-----",
        "-----Messaggio originale-----",
        "-----Oorspronkelijk bericht-----",
        "---------- Forwarded message ---------",
        "Begin forwarded message:",
        "-------- Message transféré --------",
        "Début du message réexpédié :",
        "---------- Weitergeleitete Nachricht ----------",
        "Anfang der weitergeleiteten Nachricht:",
        "---------- Mensaje reenviado ---------",
        "---------- Mensagem encaminhada ---------",
        "Início da mensagem reencaminhada:",
        "---------- Messaggio inoltrato ---------",
        "-------- Doorgestuurd bericht --------",
        "Begin doorgestuurd bericht:",
    ],
)
def test_the_text_is_cut_at_an_original_or_forwarded_message(separator: str) -> None:
    text = f"{OWN}\n\n{separator}\nFrom: Alex\nSubject: thanks\n\nThank you for the interview."
    assert own_text(text) == OWN


@pytest.mark.parametrize(
    "block",
    [
        "From: Alex Example <alex@candidate.example>\nSent: Tuesday, November 24, 2026 9:12 AM\n"
        "To: Rita Ray\nSubject: Thank you",
        "*From:* Alex Example\n*Sent:* Tuesday, November 24, 2026 9:12 AM\n*To:* Rita Ray",
        "From: Alex Example\nDate: Tue, 24 Nov 2026\nTo: Rita Ray",
        "From: Alex Example\nTo: Rita Ray\nSubject: Thank you",
        "De : Alex Example\nEnvoyé : mardi 24 novembre 2026 09:12\nÀ : Rita Ray\nObjet : Merci",
        "Von: Alex Example\nGesendet: Dienstag, 24. November 2026 09:12\nAn: Rita Ray\n"
        "Betreff: Danke",
        "De: Alex Example\nEnviado: martes, 24 de noviembre de 2026 9:12\nPara: Rita Ray\n"
        "Asunto: Gracias",
        "De: Alex Example\nEnviada: terça-feira, 24 de novembro de 2026 09:12\nPara: Rita Ray\n"
        "Assunto: Obrigado",
        "De: Alex Example\nEnviado: 24 de novembro de 2026 09:12\nPara: Rita Ray",
        "Da: Alex Example\nInviato: martedì 24 novembre 2026 09:12\nA: Rita Ray\nOggetto: Grazie",
        "Van: Alex Example\nVerzonden: dinsdag 24 november 2026 09:12\nAan: Rita Ray\n"
        "Onderwerp: Bedankt",
    ],
)
def test_the_text_is_cut_at_an_outlook_header_block(block: str) -> None:
    text = f"{OWN}\n\n________________________________\n{block}\n\nThank you for the interview."
    assert own_text(text) == OWN


def test_quoted_lines_are_dropped_and_inline_answers_kept() -> None:
    assert own_text("Hi\n> quoted\nBye") == "Hi\nBye"
    text = "See my answers.\n\n> When can you start?\nIn January.\n> > On Mon, X wrote:\nOk."
    assert own_text(text) == "See my answers.\n\nIn January.\nOk."


@pytest.mark.parametrize(
    "text",
    [
        "On Friday we met the team.\nDe acuerdo: we continue.",
        "From: our side, all good.\nThe next step is yours.",
        "Le poste est ouvert: nous avons écrit à Dana.",
        "Here is what Dana wrote:\nwe liked you.",
        "Nothing quoted",
    ],
)
def test_the_authors_own_words_that_look_like_a_quote_are_kept(text: str) -> None:
    assert own_text(text) == text


def test_only_the_first_quote_counts() -> None:
    text = "Top\nOn Tue, Dana wrote:\nbelow\nOn Mon, Alex wrote:\nmore"
    assert own_text(text) == "Top"


# -- signatures and footers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        "-- \nRita Ray\nTalent Partner",
        "--\nRita Ray",
        "Sent from my iPhone",
        "Sent from Outlook for Android",
        "Get Outlook for iOS",
        "Envoyé de mon iPhone",
        "Von meinem iPhone gesendet",
        "Enviado desde mi iPhone",
        "Enviado do meu iPhone",
        "Inviato da iPhone",
        "Verzonden vanaf mijn iPhone",
        # A mobile footer with its apology for typos or brevity.
        "sent from my phone, pls excuse typos",
        "Envoyé de mon mobile, excusez les fautes de frappe",
        "Von meinem Handy gesendet, bitte Tippfehler entschuldigen",
        "This email and any attachments are confidential and intended solely for the addressee.",
        "CONFIDENTIALITY NOTICE:\nThis message may contain confidential information.",
        "Ce message et ses pièces jointes sont confidentiels.",
        "Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.",
        "Este mensaje y sus anexos son confidenciales.",
        "Esta mensagem e seus anexos podem conter informação confidencial.",
        "Questo messaggio e gli eventuali allegati sono riservati.",
        "Dit e-mailbericht en eventuele bijlagen zijn vertrouwelijk.",
        "This message and its attachments are confidential.",
        "Ce message et ses annexes sont confidentiels et destinés exclusivement à leur "
        "destinataire.",
        "Diese Nachricht und ihre Anhänge sind vertraulich.",
        "Este mensaje y sus archivos adjuntos son confidenciales.",
        "Esta mensagem e respetivos anexos são confidenciais.",
        "Questo messaggio e i relativi allegati sono riservati.",
        "Dit bericht is uitsluitend bestemd voor de geadresseerde.",
        "To unsubscribe from these emails, click here.",
        "Pour vous désabonner, cliquez ici.",
        "Para darse de baja, haga clic aquí.",
        "Para cancelar a inscrição, clique aqui.",
        "Per annullare l'iscrizione, clicca qui.",
        "Klik hier om je uit te schrijven of uitschrijven.",
    ],
)
def test_signatures_and_footers_are_dropped(footer: str) -> None:
    assert own_text(f"{OWN}\n\n{footer}\nmore footer") == OWN


@pytest.mark.parametrize(
    "closing",
    [
        "Best regards,",
        "Kind regards",
        "Cheers,",
        "Thanks,",
        "Best, Rita",
        "Cordialement,",
        "Bien à vous,",
        "Mit freundlichen Grüßen",
        "Viele Grüße",
        "Saludos,",
        "Un saludo,",
        "Atentamente,",
        "Atenciosamente,",
        "Abraços,",
        "Cumprimentos,",
        "Cordiali saluti",
        "Distinti saluti,",
        "Un saluto,",
        "Met vriendelijke groet,",
        "Groeten,",
        # Wishes for the day or the weekend close a message too.
        "Have a great weekend!",
        "Bonne fin de journée!",
        "Schönes Wochenende!",
        "Buen fin de semana,",
        "Tenha um bom dia!",
        "Buona serata,",
        "Fijne dag!",
    ],
)
def test_the_signature_after_a_closing_formula_is_dropped(closing: str) -> None:
    signature = "Rita Ray\nSenior Talent Partner | Northwind Traders\n+1 555 0100\n1 Main St"
    assert own_text(f"{OWN}\n\n{closing}\n{signature}") == f"{OWN}\n\n{closing}"


@pytest.mark.parametrize(
    "text",
    [
        # A closing formula the author's own sentences follow is no signature.
        "Thanks!\n\nWe would like to invite you to a final round next week.",
        "Thanks!\n\nSee you Monday",
        "Thank you\nCan we talk on Friday?",
    ],
)
def test_a_closing_formula_followed_by_sentences_keeps_them(text: str) -> None:
    assert own_text(text) == text


def test_a_footer_at_the_top_is_dropped_alone() -> None:
    text = "Unsubscribe | View in browser\nNew jobs matching your search\n\nTo unsubscribe, go."
    assert own_text(text) == "New jobs matching your search"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "pt",
            "Olá Alex,\n\nGostaríamos de convidá-lo para a etapa final.\n\nAtenciosamente,\n"
            "Ana de Souza\nRecrutadora | Acme\n\nEnviado do meu iPhone\n\n"
            "Em ter., 24 de nov. de 2026 às 09:12, Alex <alex@x.example> escreveu:\n> Obrigado",
            "Olá Alex,\n\nGostaríamos de convidá-lo para a etapa final.\n\nAtenciosamente,",
        ),
        (
            "it",
            "Buongiorno Alex,\n\npurtroppo non proseguiremo.\n\nCordiali saluti\nMario Rossi\n"
            "HR | Acme S.p.A.\n\nDa: Alex\nInviato: martedì 24 novembre 2026\nA: Mario\n\nGrazie",
            "Buongiorno Alex,\n\npurtroppo non proseguiremo.\n\nCordiali saluti",
        ),
        (
            "nl",
            "Hoi Alex,\n\nWe willen je uitnodigen voor de laatste ronde.\n\n"
            "Met vriendelijke groet,\nAnne van Dijk\nRecruiter\n\n"
            "Dit bericht is vertrouwelijk.\n\nOp di 24 nov. 2026 om 09:12 schreef Alex:\n> Dank",
            "Hoi Alex,\n\nWe willen je uitnodigen voor de laatste ronde.\n\n"
            "Met vriendelijke groet,",
        ),
    ],
)
def test_a_whole_message(language: str, text: str, expected: str) -> None:
    assert own_text(text) == expected


def test_line_endings_and_empty_text() -> None:
    assert own_text("Hi\r\nthere\r\n-- \r\nRita") == "Hi\nthere"
    assert own_text("") == ""
    assert own_text("\n\n---\n") == ""


HOSTILE = [
    "a" * 1_000_000,
    "x\n" * 500_000,
    ". " * 500_000,
    "From: a\n" * 120_000,
    ":\n" * 500_000,
    "On x wrote\n" * 100_000,
    "Le a\n" * 200_000,
    "Best,\n" * 200_000,
    "unsubscribe\n" * 100_000,
    (" " * 1000 + "\n") * 1000,
    "-" * 1_000_000,
    "é" * 1_000_000,
    "> " * 500_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:8]))
def test_a_hostile_megabyte_takes_milliseconds(text: str) -> None:
    started = time.perf_counter()
    own_text(text)
    assert time.perf_counter() - started < 0.25


def test_only_the_head_of_a_long_message_is_read() -> None:
    text = "word\n" * 5_000 + "On Tue, Dana wrote:\n> quoted"
    assert own_text(text).count("word") == 1_000


# -- sentences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We met. It went well! Any news? Yes; soon.", ["We met.", "It went well!", "Any news?"]),
        ("Bring e.g. a laptop. Mr. Smith and Dr. Li will join.", ["Bring e.g. a laptop."]),
        ("Wir bringen z.B. Laptops mit. Danke.", ["Wir bringen z.B. Laptops mit."]),
        ("Prévoyez p.ex. une heure. Merci.", ["Prévoyez p.ex. une heure."]),
        ("La Sra. López le escribirá. Gracias.", ["La Sra. López le escribirá."]),
        ("O Sr. Silva vai ligar. Obrigado.", ["O Sr. Silva vai ligar."]),
        ("Il dott. Rossi la chiamerà. Sono ca. 30 minuti.", ["Il dott. Rossi la chiamerà."]),
        ("Het gesprek duurt ca. 45 minuten. Tot dan.", ["Het gesprek duurt ca. 45 minuten."]),
        ("We meet at 10.30 for 2.5 hours. Bye.", ["We meet at 10.30 for 2.5 hours."]),
        ("Wir sehen uns am 24. November. Bis dann.", ["Wir sehen uns am 24. November."]),
    ],
)
def test_sentences_end_after_punctuation_but_not_abbreviations(
    text: str, expected: list[str]
) -> None:
    assert sentences(text)[: len(expected)] == expected


def test_sentences_break_at_blank_lines_and_new_lines_that_start_one() -> None:
    text = (
        "Hi Alex\n"
        "We would like to move you to the final round with the team, and we will send\n"
        "Dana's availability by Friday\n"
        "\n"
        "Next steps:\n"
        "- a call with Dana\n"
        "* a take-home\n"
        "1. references\n"
        "2) background check"
    )
    assert sentences(text) == [
        "Hi Alex",
        "We would like to move you to the final round with the team, and we will send "
        "Dana's availability by Friday",
        "Next steps:",
        "- a call with Dana",
        "* a take-home",
        "1. references",
        "2) background check",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We have decided to move forward with\nother candidates for this role.",
        "Nous avons décidé de ne pas donner suite à\nvotre candidature pour ce poste.",
        "Wir haben uns entschieden, Ihre Bewerbung nicht weiter zu\nverfolgen. Danke",
        "Decidimos no continuar con\nsu candidatura en esta ocasión.",
        "Decidimos não avançar com a sua candidatura neste\nMomento, infelizmente.",
        "Abbiamo deciso di non proseguire con la sua candidatura per\nQuesta posizione.",
        "We hebben besloten om niet verder te gaan met je sollicitatie voor\nDeze functie.",
    ],
)
def test_a_line_wrapped_inside_a_sentence_stays_one(text: str) -> None:
    first, second = text.split("\n")
    assert sentences(text)[0].startswith(f"{first} {second.split()[0]}")


def test_sentences_without_a_word_are_left_out() -> None:
    assert sentences("--\n\n...\n\nOk.") == ["Ok."]
    assert sentences("") == []


def test_sentences_take_linear_time() -> None:
    started = time.perf_counter()
    sentences(". " * 200_000 + "x\n" * 200_000)
    assert time.perf_counter() - started < 2
