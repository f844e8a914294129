"""Tests of watcher.lexicon: the relays and phrases shipped as package data, and their checks."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from watcher.classify import _compiled, _first_phrase, _phrase_form
from watcher.errors import WatcherError
from watcher.lexicon import (
    ATS_FILE,
    COMPANY_FIELDS,
    LANGUAGES,
    PHRASES_FILE,
    RELAY_KINDS,
    load_lexicon,
    parse_ats,
    parse_phrases,
)
from watcher.models import Lexicon, Phrases
from watcher.record import fields

LEXICON = load_lexicon()
RELAYS = {relay.name: relay for relay in LEXICON.ats}


def raw(name: str) -> dict[str, object]:
    text = resources.files("watcher").joinpath("data", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_the_lexicon_is_read_once() -> None:
    assert isinstance(LEXICON, Lexicon)
    assert load_lexicon() is LEXICON


# Every relay of DESIGN.md's "Facts about recruiter mail", with its domains and kind.
DESIGN_RELAYS = [
    (
        "Greenhouse",
        {"us.greenhouse-mail.io", "eu.greenhouse-mail.io", "greenhouse-mail.io", "greenhouse.io"},
        "ats",
    ),
    ("Lever", {"hire.lever.co"}, "ats"),
    ("Workday", {"myworkday.com"}, "ats"),
    ("Ashby", {"ashbyhq.com"}, "ats"),
    ("SmartRecruiters", {"smartrecruiters.com"}, "ats"),
    ("iCIMS", {"talent.icims.com"}, "ats"),
    ("Jobvite", {"jobvite.com"}, "ats"),
    ("Taleo", {"taleo.net"}, "ats"),
    ("BambooHR", {"app.bamboohr.com"}, "ats"),
    ("Workable", {"candidates.workablemail.com"}, "ats"),
    ("JazzHR", {"applytojob.com"}, "ats"),
    ("Teamtailor", {"teamtailor-mail.com", "teamtailor.com"}, "ats"),
    ("Comeet", {"comeet-notifications.com", "comeet.co"}, "ats"),
    ("Personio", {"m.personio.de", "m-personio.de", "m-personio.com", "personio.de"}, "ats"),
    ("Indeed", {"indeed.com"}, "job_board"),
    ("Calendly", {"calendly.com"}, "scheduler"),
    ("GoodTime", {"goodtime.io"}, "scheduler"),
    ("ModernLoop", {"modernloop.io"}, "scheduler"),
    ("HackerRank", {"hackerrank.com", "hackerrankforwork.com"}, "assessment"),
    ("CodeSignal", {"codesignal.com"}, "assessment"),
    ("HireVue", {"hirevue.com"}, "assessment"),
    ("DocuSign", {"docusign.net", "docusign.com"}, "esign"),
    ("Adobe Acrobat Sign", {"adobesign.com", "echosign.com"}, "esign"),
    ("Dropbox Sign", {"hellosign.com", "dropboxsign.com", "mail.hellosign.com"}, "esign"),
    ("Checkr", {"checkr.com"}, "background_check"),
    ("HireRight", {"hireright.com"}, "background_check"),
    ("Sterling", {"sterlingcheck.com", "sterling.com"}, "background_check"),
    ("First Advantage", {"fadv.com"}, "background_check"),
]


@pytest.mark.parametrize(("name", "domains", "kind"), DESIGN_RELAYS, ids=lambda v: str(v))
def test_every_relay_of_the_design_is_listed(name: str, domains: set[str], kind: str) -> None:
    relay = RELAYS[name]
    assert set(relay.domains) == domains
    assert relay.kind == kind
    assert relay.company_in


def test_the_design_names_the_relays_of_each_kind() -> None:
    # The data file may list more relays than the design names, but of no other kind.
    assert {name for name, _, _ in DESIGN_RELAYS} <= set(RELAYS)
    assert {relay.kind for relay in RELAYS.values()} == set(RELAY_KINDS)


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Workday", "local_part"),
        ("iCIMS", "local_part"),
        ("iCIMS", "display_name"),
        ("Teamtailor", "subdomain"),
        ("Comeet", "subdomain"),
        ("Personio", "local_part"),
        ("Indeed", "body"),
        ("Greenhouse", "display_name"),
        ("Calendly", "subject"),
        ("HackerRank", "display_name"),
    ],
)
def test_relays_look_for_the_company_where_the_design_says(name: str, place: str) -> None:
    assert place in RELAYS[name].company_in


def test_every_relay_is_well_formed() -> None:
    for relay in LEXICON.ats:
        assert relay.kind in RELAY_KINDS
        assert set(relay.company_in) <= set(COMPANY_FIELDS)
        assert all(d == d.lower() and "." in d for d in relay.domains)


def test_greenhouse_mail_is_listed_apart_from_greenhouse() -> None:
    # greenhouse-mail.io is not a subdomain of greenhouse.io: each needs its own entry.
    domains = RELAYS["Greenhouse"].domains
    assert "greenhouse.io" in domains
    assert any(d.endswith(".greenhouse-mail.io") for d in domains)


PHRASE_KINDS = [f.name for f in fields(Phrases)]


@pytest.mark.parametrize("kind", PHRASE_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_phrase_has_every_language(kind: str, language: str) -> None:
    table = raw("phrases.toml")[kind]
    assert isinstance(table, dict)
    assert table[language], f"{kind}.{language} is empty"


@pytest.mark.parametrize("kind", PHRASE_KINDS)
def test_phrases_are_lower_case_and_unique(kind: str) -> None:
    phrases: tuple[str, ...] = getattr(LEXICON.phrases, kind)
    assert phrases
    assert all(p == p.lower() and p == " ".join(p.split()) for p in phrases)
    assert len(set(phrases)) == len(phrases)


# Realistic recruiter wording each kind must recognise (phrases or the words around them).
EXPECTED_WORDING = [
    ("rejection", "We have decided to move forward with other candidates."),
    ("rejection", "We have decided not to move forward with your application."),
    ("rejection", "We will pursue other candidates."),
    ("rejection", "The position has been filled."),
    ("rejection", "Malheureusement, nous ne pouvons pas donner suite à votre candidature."),
    ("rejection", "Nous avons décidé de ne pas donner suite."),
    ("rejection", "Leider müssen wir Ihnen mitteilen, dass wir uns anders entschieden haben."),
    ("rejection", "Absage auf Ihre Bewerbung"),
    ("rejection", "Lamentablemente hemos decidido no continuar con su candidatura."),
    ("offer", "We are pleased to offer you the position of Data Engineer."),
    ("offer", "Please find your offer letter attached."),
    ("offer", "We would like to extend an offer."),
    ("offer", "Nous avons le plaisir de vous faire une proposition d'embauche."),
    ("offer", "Anbei erhalten Sie unser Vertragsangebot."),
    ("offer", "Wir möchten Ihnen ein Angebot unterbreiten."),
    ("offer", "Nos complace ofrecerle el puesto. Adjuntamos la carta de oferta."),
    ("next_step", "We would like to invite you to the next round."),
    ("next_step", "Are you free for a second interview?"),
    ("next_step", "Could we schedule a call this week?"),
    ("next_step", "Please send me your availability."),
    ("next_step", "The final step is an onsite."),
    ("next_step", "Here is the take-home exercise."),
    ("next_step", "Nous souhaitons organiser un deuxième entretien."),
    ("next_step", "Merci de nous indiquer vos disponibilités."),
    ("next_step", "Wir laden Sie gerne zu einem zweiten Gespräch ein."),
    ("next_step", "Nos gustaría tener una segunda entrevista."),
    ("acknowledgement", "We received your application for the role."),
    ("acknowledgement", "Thank you for applying!"),
    ("acknowledgement", "Nous avons bien reçu votre candidature."),
    ("acknowledgement", "Eingangsbestätigung Ihrer Bewerbung"),
    ("acknowledgement", "Hemos recibido tu candidatura."),
    ("conditional", "If you are selected for an interview, we will contact you."),
    ("conditional", "Should your profile match, we'll be in touch."),
    ("conditional", "Si votre candidature est retenue, nous vous contacterons."),
    ("conditional", "Falls Sie in die engere Wahl kommen, melden wir uns."),
    ("conditional", "Si su perfil encaja, le contactaremos."),
    ("out_of_office", "Out of Office: back on Monday"),
    ("out_of_office", "Réponse automatique : absence du bureau"),
    ("out_of_office", "Abwesenheitsnotiz"),
    ("out_of_office", "Fuera de la oficina"),
    ("thanks", "Thank you for your time today"),
    ("thanks", "Thanks again!"),
    ("thanks", "Merci pour cet échange"),
    ("thanks", "Danke für das Gespräch"),
    ("thanks", "Muchas gracias por la entrevista"),
    # Portuguese (Brazil and Portugal), Italian, Dutch.
    ("rejection", "Infelizmente decidimos não avançar com a sua candidatura."),
    ("rejection", "Optamos por seguir com outros candidatos cujo perfil é mais aderente."),
    ("rejection", "Informamos que você não foi selecionado para a próxima etapa."),
    ("rejection", "Purtroppo abbiamo deciso di non procedere con la sua candidatura."),
    ("rejection", "Abbiamo scelto un altro candidato più in linea con le nostre esigenze."),
    ("rejection", "Helaas hebben we besloten om niet verder te gaan met je sollicitatie."),
    ("rejection", "We hebben gekozen voor een andere kandidaat."),
    ("offer", "Temos o prazer de lhe enviar a carta de oferta."),
    ("offer", "Gostaríamos de fazer uma proposta formal de contratação."),
    ("offer", "Siamo lieti di offrirle la posizione; in allegato la lettera di offerta."),
    ("offer", "In de bijlage vind je de arbeidsovereenkomst."),
    ("offer", "We willen je graag de functie aanbieden."),
    ("next_step", "Gostaríamos de agendar uma entrevista técnica."),
    ("next_step", "Por favor, envie-nos a sua disponibilidade."),
    ("next_step", "Vorremmo invitarla a un secondo colloquio."),
    ("next_step", "Mi può indicare la sua disponibilità per una call?"),
    ("next_step", "We willen je graag uitnodigen voor een tweede gesprek."),
    ("next_step", "Wat is je beschikbaarheid volgende week?"),
    ("acknowledgement", "Recebemos a sua candidatura e vamos analisá-la."),
    ("acknowledgement", "Abbiamo ricevuto la sua candidatura."),
    ("acknowledgement", "Bedankt voor je sollicitatie!"),
    ("conditional", "Caso o seu perfil seja selecionado, entraremos em contato."),
    ("conditional", "Qualora il suo profilo fosse in linea, la contatteremo."),
    ("conditional", "Mocht je profiel aansluiten, dan nemen we contact op."),
    ("out_of_office", "Resposta automática: fora do escritório"),
    ("out_of_office", "Fuori ufficio fino a lunedì"),
    ("out_of_office", "Automatisch antwoord: afwezig"),
    ("thanks", "Muito obrigado pela conversa"),
    ("thanks", "Grazie per il colloquio di oggi"),
    ("thanks", "Bedankt voor het fijne gesprek"),
    # The new kinds.
    ("update", "The role is on hold for now."),
    ("update", "We are wrapping up interviews with other candidates; expect news next week."),
    ("update", "The team is still reviewing, we'll be in touch."),
    ("update", "Le recrutement est mis en pause, nous reviendrons vers vous."),
    ("update", "Wir haben noch keine Entscheidung getroffen."),
    ("update", "Todavía no hemos tomado una decisión."),
    ("update", "A vaga está em espera; ainda não tomamos uma decisão."),
    ("update", "La posizione è in sospeso, le faremo sapere."),
    ("update", "De vacature staat on hold, we houden je op de hoogte."),
    ("not_reply", "Your order has shipped"),
    ("not_reply", "Reset your password"),
    ("not_reply", "Jobs you may like at Northwind"),
    ("not_reply", "Tell us about your candidate experience"),
    ("not_reply", "Your application was viewed"),
    ("not_reply", "Réinitialisation du mot de passe"),
    ("not_reply", "Neue Stellenangebote für Sie"),
    ("not_reply", "Alerta de empleo: nuevas ofertas"),
    ("not_reply", "A sua conta foi criada"),
    ("not_reply", "Raccontaci la tua esperienza"),
    ("not_reply", "Nieuwe vacatures die bij je passen"),
    ("calendar_response", "Accepted"),
    ("calendar_response", "Mit Vorbehalt angenommen"),
    ("calendar_response", "Geaccepteerd"),
    ("negation", "we will not"),
    ("negation", "nous ne pouvons pas"),
    ("negation", "não vamos"),
    ("negation", "niet meer"),
]


# Each of these ideas is said in every language (the kind, then en, fr, de, es, pt, it, nl).
EVERY_LANGUAGE = [
    (
        "next_step",
        "final round",
        "Vous êtes invité au dernier entretien.",
        "Wir laden Sie zur finalen Runde ein.",
        "Te invitamos a la ronda final.",
        "Você avançou para a etapa final.",
        "La invitiamo al colloquio finale.",
        "We nodigen je uit voor de laatste ronde.",
    ),
    (
        "next_step",
        "Could you share two professional references?",
        "Pourriez-vous nous transmettre vos références ?",
        "Bitte senden Sie uns zwei Referenzen.",
        "¿Podrías enviarnos tus referencias?",
        "Poderia nos enviar suas referências?",
        "Potrebbe inviarci le sue referenze?",
        "Kun je twee referenties sturen?",
    ),
    (
        "next_step",
        "The next step is a background check with Checkr.",
        "Nous allons lancer une vérification des antécédents.",
        "Als Nächstes folgt eine Hintergrundprüfung.",
        "El siguiente paso es una verificación de antecedentes.",
        "Vamos iniciar a verificação de antecedentes.",
        "Procederemo con la verifica dei precedenti.",
        "We starten het antecedentenonderzoek.",
    ),
    (
        "update",
        "The role has been put on hold.",
        "Le poste est mis en attente.",
        "Die Stelle wurde vorerst pausiert.",
        "El proceso está en pausa.",
        "O processo está em pausa.",
        "La posizione è in sospeso.",
        "De vacature staat in de wacht.",
    ),
    (
        "rejection",
        "The position was filled internally.",
        "Le poste a été pourvu en interne.",
        "Die Stelle wurde intern besetzt.",
        "El puesto fue cubierto internamente.",
        "A vaga foi preenchida internamente.",
        "La posizione è stata coperta internamente.",
        "De functie is intern ingevuld.",
    ),
    (
        "offer",
        "Your offer letter is attached.",
        "Veuillez trouver ci-joint votre lettre d'offre.",
        "Anbei erhalten Sie unser Angebotsschreiben.",
        "Adjuntamos tu carta de oferta.",
        "Segue em anexo a sua carta de oferta.",
        "In allegato trova la lettera di offerta.",
        "In de bijlage vind je de aanbiedingsbrief.",
    ),
    (
        "rejection",
        "We will not be moving forward with your application.",
        "Nous ne poursuivrons pas le processus avec vous.",
        "Sie sind leider nicht in der nächsten Runde.",
        "No vamos a seguir adelante con tu candidatura.",
        "Não vamos avançar com a sua candidatura.",
        "Non procederemo con la sua candidatura.",
        "We gaan niet verder met je sollicitatie.",
    ),
    (
        "rejection",
        "In the end we decided to go with someone else.",
        "Nous avons finalement choisi quelqu'un d'autre.",
        "Wir haben uns am Ende für jemand anderen entschieden.",
        "Al final hemos elegido a otra persona.",
        "No fim, escolhemos outra pessoa para a vaga.",
        "Alla fine abbiamo scelto un'altra persona.",
        "Uiteindelijk hebben we voor iemand anders gekozen.",
    ),
    (
        "rejection",
        "Application status: Not selected",
        "Statut : non retenue",
        "Neuer Status: abgelehnt",
        "Nuevo estado: no seleccionado",
        "Novo status: não selecionada",
        "Nuovo stato: non selezionato",
        "Nieuwe status: afgewezen",
    ),
    (
        "rejection",
        "I'm afraid we won't be able to offer you the role.",
        "Nous ne pourrons pas vous proposer le poste.",
        "Leider können wir Ihnen die Stelle nicht anbieten.",
        "No podremos ofrecerte el puesto.",
        "Infelizmente não vamos poder oferecer a vaga.",
        "Non potremo offrirti la posizione.",
        "Helaas kunnen we je de functie niet aanbieden.",
    ),
    (
        "rejection",
        "In the end we won't be hiring anyone for this role.",
        "Finalement, nous ne recruterons personne sur ce poste.",
        "Wir werden für die Stelle niemanden einstellen.",
        "Al final no se contrata a nadie para el puesto.",
        "No fim, não vamos contratar ninguém para a vaga.",
        "Alla fine non assumeremo nessuno per questa posizione.",
        "Helaas, de functie vervalt per januari.",
    ),
    (
        "scam",
        "Please add our hiring manager on Telegram for the online interview.",
        "Ajoutez notre responsable sur Telegram pour l'entretien.",
        "Bitte kontaktieren Sie unseren Manager auf Telegram.",
        "Agrega a nuestro gerente por Telegram para la entrevista.",
        "Adicione nosso gerente pelo Telegram para a entrevista.",
        "Aggiungi il nostro responsabile su Telegram per il colloquio.",
        "Voeg onze manager toe op Telegram voor het gesprek.",
    ),
    (
        "not_reply",
        "Your profile has been updated. If this wasn't you, contact us.",
        "Votre profil a été mis à jour. Si ce n'était pas vous, contactez-nous.",
        "Ihr Profil wurde aktualisiert.",
        "Tu perfil ha sido actualizado. Si no fuiste tú, contáctanos.",
        "Seu perfil foi atualizado. Se não foi você, fale conosco.",
        "Il tuo profilo è stato aggiornato. Se non sei stato tu, contattaci.",
        "Je profiel is bijgewerkt. Heb je dit niet zelf gedaan?",
    ),
    (
        "not_reply",
        "The meeting has ended: the recording is available for 30 days.",
        "La réunion est terminée. L'enregistrement est disponible.",
        "Die Besprechung ist beendet. Die Aufzeichnung ist verfügbar.",
        "La reunión ha finalizado. La grabación está disponible.",
        "A reunião terminou. A gravação está disponível.",
        "La riunione è terminata. La registrazione è disponibile.",
        "De vergadering is beëindigd. De opname is beschikbaar.",
    ),
    (
        "not_reply",
        "Please sign the non-disclosure agreement before your visit.",
        "Merci de signer l'accord de confidentialité avant votre visite.",
        "Bitte unterschreiben Sie die Geheimhaltungsvereinbarung vor dem Besuch.",
        "Firma el acuerdo de confidencialidad antes de la visita.",
        "Assine o acordo de confidencialidade antes da visita.",
        "Firma l'accordo di riservatezza prima della visita.",
        "Onderteken de geheimhoudingsverklaring voor je bezoek.",
    ),
    (
        "reminder",
        "Reminder",
        "Rappel",
        "Erinnerung",
        "Recordatorio",
        "Lembrete",
        "Promemoria",
        "Herinnering",
    ),
    (
        "automatic",
        "Hi, this is an automated response: I am interviewing all week.",
        "Bonjour, ce message est envoyé automatiquement.",
        "Dies ist eine automatische Antwort: ich bin auf Dienstreise.",
        "Esta es una respuesta automática: estoy de viaje.",
        "Esta é uma resposta automática: estou em viagem.",
        "Questa è una risposta automatica: sono in trasferta.",
        "Dit is een automatisch antwoord: ik ben op reis.",
    ),
    (
        "automatic",
        "I am no longer with Northwind.",
        "Je ne fais plus partie de Northwind.",
        "Ich bin nicht mehr bei Northwind.",
        "Ya no trabajo en Northwind.",
        "Já não trabalho na Northwind.",
        "Non lavoro più presso Northwind.",
        "Ik werk niet meer bij Northwind.",
    ),
    (
        "automatic",
        "Your email will not be forwarded.",
        "Votre e-mail ne sera pas transféré.",
        "Ihre E-Mail wird nicht weitergeleitet.",
        "Su correo no será reenviado.",
        "O seu e-mail não será reencaminhado.",
        "La sua e-mail non verrà inoltrata.",
        "Uw e-mail wordt niet doorgestuurd.",
    ),
    (
        "not_reply",
        "Happy holidays from all of us!",
        "Belles fêtes à toutes et à tous !",
        "Frohe Weihnachten und einen guten Rutsch!",
        "¡Felices fiestas a todos!",
        "Boas Festas a todos!",
        "Buone feste a tutti!",
        "Fijne feestdagen allemaal!",
    ),
    (
        "not_reply",
        "Please find quote no. 4411 for the service of your bike.",
        "Veuillez trouver le devis n° 4411 pour l'entretien de votre vélo.",
        "Anbei unser Angebot Nr. 4411 für die Wartung Ihres Fahrrads.",
        "Adjuntamos el presupuesto nº 4411 para la revisión de su bicicleta.",
        "Segue o orçamento nº 4411 para a revisão da sua bicicleta.",
        "In allegato il preventivo n. 4411 per la revisione della sua bici.",
        "Hierbij offerte nr. 4411 voor het onderhoud van uw fiets.",
    ),
    (
        "not_reply",
        "So, how was the interview?",
        "Alors, cet entretien ?",
        "Und, wie lief's?",
        "¿Qué tal la entrevista?",
        "Como correu a entrevista?",
        "Com'è andato il tuo colloquio?",
        "Hoe was het gesprek?",
    ),
    (
        "not_reply",
        "Booking confirmation no. 604418: arrival on 8 December.",
        "Confirmation de réservation n° 604418 : arrivée le 8 décembre.",
        "Buchungsbestätigung Nr. 604418: Anreise am 8. Dezember.",
        "Confirmación de reserva n.º 604418: llegada el 8 de diciembre.",
        "Confirmação de reserva n.º 604418: chegada a 8 de dezembro.",
        "Conferma di prenotazione n. 604418: arrivo l'8 dicembre.",
        "Reserveringsbevestiging nr. 604418: aankomst op 8 december.",
    ),
    (
        "acknowledgement",
        "Thank you for completing the coding test.",
        "Merci d'avoir complété le test technique.",
        "Vielen Dank für das Absolvieren des Tests.",
        "Gracias por completar la prueba técnica.",
        "Obrigado por concluir o teste técnico.",
        "Grazie per aver completato il test tecnico.",
        "Bedankt voor het afronden van de test.",
    ),
    (
        "acknowledgement",
        "The next step is a review by the hiring team.",
        "La prochaine étape est l'analyse de vos réponses par l'équipe.",
        "Der nächste Schritt ist die Prüfung durch das Team.",
        "El siguiente paso es la revisión por parte del equipo.",
        "O próximo passo é a análise pela equipa.",
        "Il prossimo passo è la valutazione da parte del team.",
        "De volgende stap is een beoordeling door het team.",
    ),
    (
        "rejection",
        "The board did not place you on the panel for this competition.",
        "Votre nom ne sera pas inscrit sur la liste d'admissibilité.",
        "Sie wurden nicht in die Bestenliste aufgenommen.",
        "Usted no figura en la lista de aprobados de esta convocatoria.",
        "Você não atingiu a pontuação mínima exigida nesta fase.",
        "Lei non è stata inserita in graduatoria per questo concorso.",
        "U bent niet op de reservelijst geplaatst.",
    ),
    (
        "rejection",
        "The role is frozen, so we are closing the search without hiring anyone.",
        "Le poste est gelé : nous clôturons le recrutement sans suite pour l'instant.",
        "Die Stelle ist eingefroren; wir beenden das Verfahren ohne Einstellung.",
        "El puesto se congela y cerramos el proceso sin contratar a nadie.",
        "A vaga foi congelada e encerramos o processo sem contratar ninguém.",
        "La posizione è congelata: chiudiamo la selezione senza alcuna assunzione.",
        "De functie is bevroren; we sluiten de procedure zonder iemand aan te nemen.",
    ),
    (
        "rejection",
        "In the end we decided on a candidate who has run a team before.",
        "Nous avons finalement choisi une candidate qui connaît déjà le secteur.",
        "Wir haben uns für eine Kandidatin entschieden, die mehr Erfahrung mitbringt.",
        "Hemos optado por una candidata que ya conoce el sector.",
        "Optamos por um candidato que já liderou uma equipa.",
        "Abbiamo scelto un candidato che ha già guidato un team.",
        "We hebben gekozen voor een kandidaat die al leiding gaf.",
    ),
    (
        "notice",
        "Your data will be deleted from our candidate database next month.",
        "Vos données seront supprimées de notre vivier le mois prochain.",
        "Ihre Daten werden zum Monatsende gelöscht.",
        "Tus datos serán eliminados de nuestra base el mes que viene.",
        "Seus dados serão excluídos da nossa base no próximo mês.",
        "I tuoi dati saranno cancellati dal nostro archivio il mese prossimo.",
        "Je gegevens worden volgende maand verwijderd.",
    ),
    (
        "notice",
        "Your answer does not affect your application: take the survey.",
        "Votre réponse n'a aucune incidence sur votre candidature.",
        "Ihre Antwort hat keinen Einfluss auf Ihre Bewerbung.",
        "Tu respuesta no afecta a tu candidatura.",
        "Sua resposta não afeta sua candidatura.",
        "La tua risposta non influisce sulla tua candidatura.",
        "Je antwoord heeft geen invloed op je sollicitatie.",
    ),
    (
        "acknowledgement",
        "We have received your signed contract.",
        "Nous avons reçu votre contrat signé.",
        "Wir haben Ihren unterschriebenen Vertrag erhalten.",
        "Hemos recibido tu contrato firmado.",
        "Recebemos o seu contrato assinado.",
        "Abbiamo ricevuto il suo contratto firmato.",
        "We hebben je getekende contract ontvangen.",
    ),
    (
        "calendar_update",
        "Updated invitation",
        "Invitation mise à jour",
        "Aktualisierte Einladung",
        "Invitación actualizada",
        "Convite atualizado",
        "Invito aggiornato",
        "Bijgewerkte uitnodiging",
    ),
]


@pytest.mark.parametrize("row", EVERY_LANGUAGE, ids=lambda row: f"{row[0]}-{row[1][:20]}")
def test_each_idea_is_said_in_every_language(row: tuple[str, ...]) -> None:
    kind, *texts = row
    assert len(texts) == len(LANGUAGES)
    for language, text in zip(LANGUAGES, texts, strict=True):
        assert found_phrase(text, kind), f"{kind} in {language}: {text!r}"


def found_phrase(text: str, kind: str) -> str:
    """Given text and a kind of phrase, return the first phrase of that kind that classifying
    finds in the text searched as a whole (as it searches a subject), or ""."""
    return _first_phrase(_phrase_form(text), _compiled(LEXICON.phrases)[kind])


@pytest.mark.parametrize(("kind", "text"), EXPECTED_WORDING, ids=lambda v: str(v)[:40])
def test_the_phrases_recognise_realistic_wording(kind: str, text: str) -> None:
    assert found_phrase(text, kind)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # A job advertisement is no offer, in any language.
        ("offer", "Merci pour votre candidature à notre offre d'emploi."),
        ("offer", "Vielen Dank für Ihre Bewerbung auf unser Stellenangebot."),
        ("offer", "Gracias por postularte a nuestra oferta de trabajo."),
        ("offer", "We are pleased to offer you an interview."),
        # "unfortunately" alone decides nothing; compounds do not match their parts.
        ("rejection", "Unfortunately I have to move our call to Thursday."),
        ("rejection", "Leider muss ich unseren Termin verschieben."),
        ("rejection", "Terminabsage: wir finden einen neuen Termin."),
        ("thanks", "Happy Thanksgiving"),
        ("offer", "Obrigado pela sua candidatura à nossa oferta de emprego."),
        ("offer", "Grazie per la candidatura alla nostra offerta di lavoro."),
        ("offer", "Bedankt voor je sollicitatie op onze vacature."),
        ("rejection", "Infelizmente preciso remarcar a nossa conversa."),
        ("rejection", "Purtroppo non riesco a venerdì, possiamo spostare?"),
        ("rejection", "Helaas moeten we je gesprek verzetten."),
        ("not_reply", "We confirm receipt of your application."),
        ("not_reply", "Sua candidatura foi enviada com sucesso."),
    ],
)
def test_the_phrases_avoid_misleading_wording(kind: str, text: str) -> None:
    found = found_phrase(text, kind)
    assert not found, f"{kind} phrase {found!r} in {text!r}"


def test_no_phrase_belongs_to_two_competing_kinds() -> None:
    phrases = LEXICON.phrases
    kinds = ("rejection", "offer", "next_step", "update", "acknowledgement", "conditional")
    seen: dict[str, str] = {}
    for kind in kinds:
        for phrase in getattr(phrases, kind):
            assert seen.setdefault(phrase, kind) == kind, f"{phrase!r} is {seen[phrase]}, {kind}"


VALID_ATS = """
[acme]
name = "Acme ATS"
kind = "ats"
domains = ["mail.acme-ats.com"]
company_in = ["display_name"]
"""


def test_a_valid_ats_file_is_read() -> None:
    (relay,) = parse_ats(VALID_ATS)
    assert relay.name == "Acme ATS"
    assert relay.domains == ("mail.acme-ats.com",)
    assert relay.company_in == ("display_name",)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[acme\nname = 1", "not valid TOML"),
        ("", "(top)"),
        ('acme = "x"', "'acme'"),
        (VALID_ATS.replace('domains = ["mail.acme-ats.com"]', ""), "acme.domains"),
        (VALID_ATS.replace('"mail.acme-ats.com"', '"Mail.Acme.com"'), "acme.domains[0]"),
        (VALID_ATS.replace('"mail.acme-ats.com"', '"localhost"'), "acme.domains[0]"),
        (VALID_ATS.replace('["display_name"]', '["headers"]'), "acme.company_in[0]"),
        (VALID_ATS.replace('["display_name"]', "[]"), "acme.company_in"),
        (VALID_ATS.replace('kind = "ats"', 'kind = "crm"'), "acme.kind"),
        (VALID_ATS.replace('name = "Acme ATS"', 'name = ""'), "acme.name"),
        (VALID_ATS + 'colour = "red"\n', "acme.colour"),
    ],
)
def test_a_broken_ats_file_is_reported_with_its_key(text: str, key: str) -> None:
    with pytest.raises(WatcherError) as caught:
        parse_ats(text)
    assert ATS_FILE in str(caught.value)
    assert key in str(caught.value)


def phrases_file(**overrides: str) -> str:
    tables = {
        kind: "\n".join(f'{lang} = ["{kind} {lang}"]' for lang in LANGUAGES)
        for kind in PHRASE_KINDS
    }
    tables.update(overrides)
    return "\n".join(f"[{kind}]\n{body}\n" for kind, body in tables.items())


def test_a_valid_phrases_file_is_read() -> None:
    thanks = (
        'en = ["Thank  You"]\nfr = ["merci"]\nde = ["danke"]\nes = ["gracias"]\npt = ["obrigado"]'
        '\nit = ["grazie"]\nnl = ["bedankt"]\nca = ["gràcies"]'
    )
    phrases = parse_phrases(phrases_file(thanks=thanks))
    assert phrases.thanks == (
        "thank you",
        "merci",
        "danke",
        "gracias",
        "obrigado",
        "grazie",
        "bedankt",
        "gràcies",
    )
    assert phrases.rejection == tuple(f"rejection {lang}" for lang in LANGUAGES)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("= broken", "not valid TOML"),
        (phrases_file(offer='en = ["x"]\nfr = ["x"]\nde = ["x"]'), "offer.es"),
        (phrases_file(offer='en = ["x"]\nfr = ["x"]\nde = ["x"]\nes = ["x"]'), "offer.pt"),
        (
            phrases_file(update='en = ["x"]\nfr = ["x"]\nde = ["x"]\nes = ["x"]\npt = ["x"]'),
            "update.nl",
        ),
        (phrases_file(offer='en = []\nfr = ["x"]\nde = ["x"]\nes = ["x"]'), "offer.en"),
        (phrases_file(offer='en = "x"\nfr = ["x"]\nde = ["x"]\nes = ["x"]'), "offer.en"),
        (phrases_file(offer='en = [" "]\nfr = ["x"]\nde = ["x"]\nes = ["x"]'), "offer.en"),
        (phrases_file(praise='en = ["x"]'), "'praise'"),
        (phrases_file().replace("[thanks]", "[thanks.nested]"), "thanks.en"),
    ],
)
def test_a_broken_phrases_file_is_reported_with_its_key(text: str, key: str) -> None:
    with pytest.raises(WatcherError) as caught:
        parse_phrases(text)
    assert PHRASES_FILE in str(caught.value)
    assert key in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    text = VALID_ATS.replace('kind = "ats"', 'kind = "crm"').replace('["display_name"]', "[1]")
    with pytest.raises(WatcherError) as caught:
        parse_ats(text)
    assert "acme.kind" in str(caught.value)
    assert "acme.company_in" in str(caught.value)


@pytest.mark.parametrize("module", ["lexicon", "matching"])
def test_the_modules_import_only_the_standard_library_and_layer_zero(module: str) -> None:
    # tests/test_layering.py checks every module by its layer; this pins the two of this file.
    path = Path(__file__).resolve().parent.parent / "watcher" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    for name in imported:
        root = name.split(".")[0]
        if root == "watcher":
            assert name in {
                "watcher.errors",
                "watcher.models",
                "watcher.record",
                "watcher.words",
            }, name
        else:
            assert root == "__future__" or root in sys.stdlib_module_names, name
    if module == "matching":
        assert not {"importlib", "tomllib", "pathlib", "os"} & {n.split(".")[0] for n in imported}
