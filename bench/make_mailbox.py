"""Write a large, realistic complaints mailbox for the import benchmark.

    python bench/make_mailbox.py 20000 bench/out/complaints.mbox [--format maildir]

The shape follows the mailbox measured in shared/notes/performance.md, because import
cost depends on it: ~55 % French, ~30 % multipart/alternative, ~5 % HTML-only, ~9 % with
attachments (random bytes, a few KB to 2 MB), median ~5 KB, replies quoting earlier mail
(Gmail "Le ... a écrit :", Apple, Outlook "De :/Envoyé :" blocks), mobile signatures,
latin-1/cp1252 bodies, RFC 2047 headers, Zipf-like senders, ~0.5 % without Message-ID, a
few exact duplicates, a few auto-replies and newsletters, dates spread over two years.

Why it is built like this:
- Messages are assembled as bytes by hand. `email.generator` costs about a millisecond a
  message; 100,000 messages must take well under two minutes.
- Output streams to disk one message at a time. The only state that grows is one small
  record per distinct sender (needed for threads) and one int per message (for the
  median); a ring of recent small messages feeds the duplicates.
- One `random.Random(seed)` drives everything, in message order, and nothing iterates a
  set or uses `hash()`: the same seed and Python version give the same bytes. The
  container (mbox or Maildir) does not change the messages, only how they are framed.
- All addresses are under `.example` (RFC 2606), IPs in the documentation ranges, phone
  numbers in the ranges reserved for fiction: the file may be shared safely.
- It lives outside the `triage` package and shares no code with `triage/sample/`: it is
  dev tooling, and the demo generator has different goals (small, readable, curated).
"""

import argparse
import base64
import binascii
import html
import itertools
import re
import shutil
import sys
import time
import unicodedata
from array import array
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from random import Random

# Bump when the output for a given seed changes: cached benchmark mailboxes are rebuilt.
GENERATOR_VERSION = 1

SERVICE_ADDRESS = "service-client@fidelite.example"
SERVICE_NAME = "Service Client Club Avantages"
START = datetime(2023, 1, 2, 6, 0, tzinfo=UTC)
SPAN_SECONDS = 730 * 86400

# Shares of the whole mailbox (see performance.md for the measured one).
FRENCH_SHARE = 0.55
ALTERNATIVE_SHARE = 0.30
HTML_ONLY_SHARE = 0.05
ATTACHMENT_SHARE = 0.09
NO_MESSAGE_ID_SHARE = 0.005
DUPLICATE_SHARE = 0.001
AUTO_REPLY_SHARE = 0.015
BULK_SHARE = 0.01
RAW_8BIT_HEADER_SHARE = 0.01

# Attachments come only with complaints written in a mail program (not the web form).
COMPLAINT_SHARE = (1 - AUTO_REPLY_SHARE - BULK_SHARE) * (1 - 0.4 * HTML_ONLY_SHARE)

# Senders: Zipf-Mandelbrot weights (rank + Q) ** -S over N potential customers. With
# these values 20,000 messages come from ~9,000 people, 60 % of whom write once, and the
# most insistent writes ~50 times (~125 in 100,000).
ZIPF_Q = 50
ZIPF_S = 0.8


class Lang(StrEnum):
    FR = "fr"
    EN = "en"


class Client(StrEnum):
    """Mail program of a customer: it decides headers, quoting, HTML and signatures."""

    GMAIL = "gmail"
    OUTLOOK = "outlook"
    IPHONE = "iphone"
    ANDROID = "android"
    WEBMAIL = "webmail"
    THUNDERBIRD = "thunderbird"
    YAHOO = "yahoo"
    WEBSITE = "website"  # the programme's own site: contact form, newsletters


class Structure(StrEnum):
    PLAIN = "text/plain"
    ALTERNATIVE = "multipart/alternative"
    HTML = "text/html only"


class Kind(StrEnum):
    COMPLAINT = "complaint"
    WEBFORM = "web form (HTML)"
    AUTO_REPLY = "auto-reply"
    BULK = "newsletter"


# --- Vocabulary ---------------------------------------------------------------------
# Sentences are templates over per-message slots: {order} {tracking} {card} {voucher}
# {points} {amount} {date} {days} {store} {years} {phone}. Apostrophes are ASCII here;
# clients with smart punctuation (iPhone, Outlook) turn them into U+2019 when rendering.


@dataclass(frozen=True, slots=True)
class Topic:
    """One kind of complaint: subjects, and the sentences its bodies draw on."""

    weight: int
    subjects: tuple[str, ...]
    openings: tuple[str, ...]
    details: tuple[str, ...]
    asks: tuple[str, ...]


TOPICS: dict[Lang, tuple[Topic, ...]] = {
    Lang.FR: (
        Topic(
            30,
            (
                "Points non crédités",
                "Mes points n'apparaissent pas sur mon compte",
                "Réclamation : points fidélité manquants",
                "Achat du {date} : aucun point crédité",
                "Problème de cumul de points",
                "Points manquants carte {card}",
            ),
            (
                "Je vous écris car les points de mon achat du {date} n'ont toujours "
                "pas été crédités sur mon compte fidélité.",
                "J'ai fait un achat de {amount} le {date} au {store} et je n'ai reçu "
                "aucun point.",
                "Mon solde de points est passé de {points} à zéro sans aucune "
                "explication.",
                "Depuis plusieurs semaines mes achats ne me rapportent plus aucun "
                "point.",
            ),
            (
                "J'ai bien présenté ma carte n° {card} en caisse, la vendeuse l'a "
                "scannée devant moi.",
                "Sur le ticket de caisse il est pourtant écrit « {points} points "
                "cumulés ».",
                "Dans l'application, l'historique de mes achats s'arrête au {date}.",
                "Ce n'est pas la première fois que cela m'arrive.",
                "Ma femme a la même carte et, elle, ses points ont bien été crédités.",
                "Au téléphone on m'a dit d'attendre 48 heures, cela fait maintenant "
                "{days} jours.",
                "Je tiens le ticket de caisse et mon relevé bancaire à votre "
                "disposition.",
                "J'ai aussi passé une commande sur le site le {date} et là non plus, "
                "rien.",
            ),
            (
                "Pouvez-vous créditer les {points} points manquants ?",
                "Merci de régulariser mon compte au plus vite.",
                "Je souhaite que mes points soient rétablis rapidement.",
                "Pouvez-vous vérifier ce qui se passe avec ma carte ?",
            ),
        ),
        Topic(
            20,
            (
                "Bon d'achat non reçu",
                "Mon bon de réduction ne fonctionne pas",
                "Chèque fidélité refusé en caisse",
                "Code {voucher} invalide",
                "Où est mon bon d'achat de {amount} ?",
            ),
            (
                "J'ai atteint le palier des {points} points le {date} mais je n'ai "
                "jamais reçu mon bon d'achat.",
                "Mon bon d'achat {voucher} a été refusé en caisse au {store}.",
                "Le code {voucher} reçu par e-mail est indiqué comme « déjà utilisé » "
                "alors que je ne m'en suis jamais servi.",
                "Mes points ont été débités pour un bon de {amount} que je n'ai jamais "
                "reçu.",
            ),
            (
                "La caissière m'a dit que le code n'existait pas dans le système.",
                "J'ai vérifié mes courriers indésirables, il n'y a rien.",
                "Le bon devait être valable jusqu'au {date}.",
                "J'ai dû payer la totalité de mes achats, soit {amount}.",
                "Sur le site, le bon apparaît puis disparaît au moment de payer.",
                "Je vous joins une capture d'écran de mon espace client.",
            ),
            (
                "Merci de me renvoyer un bon valide ou de recréditer mes points.",
                "Je demande le remboursement de la remise que je n'ai pas pu utiliser.",
                "Pouvez-vous prolonger la validité de mon bon ?",
            ),
        ),
        Topic(
            25,
            (
                "Commande {order} non reçue",
                "Suivi de la commande {order}",
                "Colis bloqué depuis {days} jours",
                "Retard de livraison - commande {order}",
                "Commande incomplète",
                "Toujours pas de colis !",
            ),
            (
                "J'ai passé la commande n° {order} le {date} avec mes points et je ne "
                "l'ai toujours pas reçue.",
                "Le suivi de mon colis {tracking} n'a pas bougé depuis {days} jours.",
                "Ma commande {order} est indiquée comme livrée mais je n'ai rien reçu.",
                "J'ai reçu ma commande {order} mais il manque un article.",
            ),
            (
                "Le transporteur indique « colis en cours d'acheminement » depuis le "
                "{date}.",
                "Personne n'est passé à mon domicile, j'étais présent toute la "
                "journée.",
                "Mes voisins n'ont rien reçu non plus.",
                "Le colis était abîmé et le carton ouvert.",
                "J'ai payé {amount} de frais de port pour une livraison express.",
                "Le numéro de suivi {tracking} n'est pas reconnu sur le site du "
                "transporteur.",
                "Le point relais dit ne jamais avoir reçu le colis.",
            ),
            (
                "Merci de me dire où se trouve mon colis.",
                "Je souhaite être remboursé ou recevoir un nouvel envoi.",
                "Pouvez-vous ouvrir une enquête auprès du transporteur ?",
            ),
        ),
        Topic(
            10,
            (
                "Carte de fidélité perdue",
                "Nouvelle carte non reçue",
                "Ma carte n'est pas reconnue en caisse",
                "Carte bloquée",
                "Demande de duplicata de carte",
            ),
            (
                "J'ai perdu ma carte de fidélité n° {card} et je voudrais la faire "
                "bloquer.",
                "J'ai demandé une nouvelle carte le {date} et je ne l'ai toujours pas "
                "reçue.",
                "Ma carte n'est plus reconnue en caisse depuis le {date}.",
                "Ma carte a été bloquée sans que je sache pourquoi.",
            ),
            (
                "Il y avait {points} points dessus, je ne veux pas les perdre.",
                "La caisse affiche « carte inconnue » à chaque passage.",
                "J'ai changé d'adresse récemment, c'est peut-être la raison.",
                "La carte virtuelle de l'application ne fonctionne pas non plus.",
            ),
            (
                "Pouvez-vous transférer mes points sur une nouvelle carte ?",
                "Merci de débloquer ma carte au plus vite.",
                "Merci de m'envoyer une nouvelle carte à mon adresse actuelle.",
            ),
        ),
        Topic(
            8,
            (
                "Impossible de me connecter à mon compte",
                "Mot de passe oublié : le lien ne marche pas",
                "Changement d'adresse e-mail",
                "Fusion de deux comptes fidélité",
                "Compte désactivé",
            ),
            (
                "Je n'arrive plus à me connecter à mon espace fidélité depuis le "
                "{date}.",
                "Le lien de réinitialisation du mot de passe m'amène sur une page "
                "d'erreur.",
                "J'ai deux comptes fidélité, un ancien et un nouveau, et je voudrais "
                "les regrouper.",
                "Mon compte a été désactivé alors que j'avais {points} points.",
            ),
            (
                "L'application affiche « erreur technique, réessayez plus tard ».",
                "J'ai essayé sur mon téléphone et sur mon ordinateur.",
                "Je ne reçois jamais le code de vérification par SMS.",
                "Mon ancienne adresse e-mail n'existe plus.",
            ),
            (
                "Pouvez-vous réactiver mon compte ?",
                "Merci de fusionner les deux comptes et leurs points.",
                "Merci de m'envoyer un nouveau lien.",
            ),
        ),
        Topic(
            5,
            (
                "Points expirés sans prévenir",
                "Expiration de mes points",
                "Perte de {points} points",
            ),
            (
                "Je viens de constater que mes {points} points ont expiré le {date}.",
                "On m'a retiré {points} points pour cause d'expiration sans aucun "
                "avertissement.",
            ),
            (
                "Je n'ai reçu aucun e-mail ni courrier pour me prévenir.",
                "Je fais pourtant des achats tous les mois.",
                "Les conditions générales parlent de 24 mois, pas de 12.",
            ),
            (
                "Je vous demande de recréditer ces points.",
                "Merci de faire un geste commercial.",
            ),
        ),
        Topic(
            7,
            (
                "Remboursement de la commande {order}",
                "Retour d'un article payé en points",
                "Demande de remboursement",
            ),
            (
                "J'ai retourné l'article de la commande {order} le {date} et je n'ai "
                "toujours pas été remboursé.",
                "J'ai payé {amount} plus {points} points et on ne m'a remboursé que "
                "l'argent.",
            ),
            (
                "Le retour a bien été réceptionné d'après le suivi.",
                "Le service retour m'avait promis un remboursement sous 14 jours.",
                "Cela fait {days} jours que j'attends.",
            ),
            (
                "Merci de recréditer mes points.",
                "Je souhaite être remboursé intégralement.",
            ),
        ),
        Topic(
            5,
            (
                "Suppression de mon compte",
                "Désinscription",
                "Demande RGPD : droit d'accès",
                "STOP aux e-mails publicitaires",
            ),
            (
                "Je vous demande de supprimer mon compte fidélité et toutes mes "
                "données personnelles.",
                "Je reçois trois e-mails publicitaires par jour malgré ma "
                "désinscription.",
                "Conformément au RGPD, je souhaite recevoir une copie des données que "
                "vous détenez sur moi.",
            ),
            (
                "J'ai cliqué sur le lien de désinscription à plusieurs reprises.",
                "Je n'ai jamais donné mon accord pour recevoir des SMS.",
                "Je n'utilise plus ma carte depuis {days} mois.",
            ),
            (
                "Merci de me confirmer la suppression par écrit.",
                "Je vous rappelle que vous avez un mois pour répondre.",
            ),
        ),
    ),
    Lang.EN: (
        Topic(
            30,
            (
                "Missing points",
                "Points not credited to my account",
                "Complaint: loyalty points missing",
                "No points for my purchase on {date}",
                "Points issue on card {card}",
            ),
            (
                "I am writing because the points for my purchase on {date} have still "
                "not been added to my loyalty account.",
                "I spent {amount} at the {store} on {date} and did not get a single "
                "point.",
                "My points balance went from {points} to zero without any explanation.",
                "For several weeks now my purchases have not earned any points.",
            ),
            (
                "I did show my card {card} at the till and the cashier scanned it.",
                "The receipt even says {points} points earned.",
                "From what I can see in the app, the history stops on {date}.",
                "This is not the first time this has happened.",
                "My partner has the same card and her points were credited.",
                "On the phone I was told to wait 48 hours; it has now been {days} "
                "days.",
                "I have kept the receipt and my bank statement if you need them.",
            ),
            (
                "Could you please credit the {points} missing points?",
                "Please correct my account as soon as possible.",
                "I would like my points restored.",
            ),
        ),
        Topic(
            20,
            (
                "Voucher not received",
                "My discount voucher does not work",
                "Voucher refused at the till",
                "Code {voucher} invalid",
            ),
            (
                "I reached {points} points on {date} but never received my voucher.",
                "My voucher {voucher} was refused at the till in the {store}.",
                "The code {voucher} you emailed me says already used, but I never "
                "used it.",
            ),
            (
                "The cashier told me the code did not exist in the system.",
                "I have checked my spam folder and there is nothing there.",
                "The voucher was supposed to be valid until {date}.",
                "I had to pay the full {amount}.",
                "From the website the voucher disappears at checkout.",
                "I attach a screenshot of my account page.",
            ),
            (
                "Please send me a valid voucher or give me my points back.",
                "I want a refund of the discount I could not use.",
            ),
        ),
        Topic(
            25,
            (
                "Order {order} not received",
                "Tracking for order {order}",
                "Parcel stuck for {days} days",
                "Late delivery - order {order}",
                "Where is my parcel?",
            ),
            (
                "I placed order {order} on {date} using my points and it has still not "
                "arrived.",
                "The tracking for parcel {tracking} has not moved for {days} days.",
                "Order {order} shows as delivered but I have received nothing.",
                "I received order {order} but one item is missing.",
            ),
            (
                "The carrier has said in transit since {date}.",
                "Nobody came to my door, I was at home all day.",
                "My neighbours have not received anything either.",
                "The box was damaged and had been opened.",
                "I paid {amount} for express delivery.",
                "The tracking number {tracking} is not recognised by the carrier.",
            ),
            (
                "Please tell me where my parcel is.",
                "I would like a refund or a replacement.",
                "Could you open an investigation with the carrier?",
            ),
        ),
        Topic(
            10,
            (
                "Lost loyalty card",
                "New card not received",
                "Card not recognised at the till",
            ),
            (
                "I have lost my loyalty card {card} and would like it blocked.",
                "I asked for a new card on {date} and it has not arrived.",
                "My card has not been recognised at the till since {date}.",
            ),
            (
                "There were {points} points on it and I do not want to lose them.",
                "The till says unknown card every time.",
                "The digital card in the app does not work either.",
            ),
            (
                "Can you move my points to a new card?",
                "Please unblock my card as soon as possible.",
            ),
        ),
        Topic(
            15,
            (
                "Cannot log in to my account",
                "Password reset link broken",
                "Refund for order {order}",
                "Please delete my account",
                "Points expired without warning",
            ),
            (
                "I have not been able to log in to my loyalty account since {date}.",
                "The password reset link takes me to an error page.",
                "I returned the item from order {order} on {date} and have not been "
                "refunded.",
                "Please delete my loyalty account and all my personal data.",
                "My {points} points expired on {date} without any warning.",
            ),
            (
                "The app just says technical error, try again later.",
                "I never receive the verification code by text.",
                "The return was delivered according to the tracking.",
                "I have not used the card for {days} months.",
                "I shop with you every month.",
            ),
            (
                "Please reactivate my account.",
                "Please refund me in full.",
                "Please confirm the deletion in writing.",
                "I expect the points to be put back.",
            ),
        ),
    ),
}

# Sentences any complaint may carry, whatever its topic.
CONTEXT = {
    Lang.FR: (
        "Je suis membre du programme depuis {years} ans et j'ai toujours été satisfait "
        "jusqu'ici.",
        "Je fais mes courses chez vous chaque semaine, parfois plusieurs fois.",
        "J'ai déjà appelé votre service client à deux reprises : on m'a fait patienter "
        "plus de vingt minutes avant de raccrocher.",
        "Je trouve inadmissible de devoir passer autant de temps pour obtenir ce qui "
        "m'est dû.",
        "Je précise que toutes mes coordonnées sont à jour dans mon espace client.",
        "Je n'ai pas le temps de vous relancer chaque semaine.",
        "Le chat de votre site ne propose que des réponses toutes faites qui ne "
        "correspondent pas à mon cas.",
        "En magasin, on m'a répondu que cela ne dépendait pas d'eux et qu'il fallait "
        "vous écrire.",
    ),
    Lang.EN: (
        "I have been a member for {years} years and have always been happy until now.",
        "I shop with you every week, sometimes more than once.",
        "I have already phoned customer service twice and was kept on hold for over "
        "twenty minutes each time.",
        "It is not acceptable to spend this much time getting what I am owed.",
        "All my details are up to date in my account.",
        "The chat on your website only gives canned answers that do not match my case.",
        "The store told me it was not up to them and that I should email you.",
    ),
}
GREETINGS = {
    Lang.FR: (
        "Bonjour,",
        "Bonjour,",
        "Bonjour,",
        "Bonjour Madame, Monsieur,",
        "Madame, Monsieur,",
        "Bonsoir,",
        "Bonjour à vous,",
        "Bonjour Service Client,",
    ),
    Lang.EN: ("Hello,", "Hi,", "Dear Sir or Madam,", "Good afternoon,", "Hello there,"),
}
FOLLOW_UPS = {
    Lang.FR: (
        "Je me permets de vous relancer car je n'ai toujours pas de réponse à mon "
        "message du {date}.",
        "Toujours aucune nouvelle de votre part.",
        "Pouvez-vous au moins m'accuser réception de mon message ?",
        "Je vous ai déjà écrit le {date} à ce sujet.",
    ),
    Lang.EN: (
        "I am following up as I have had no reply to my email of {date}.",
        "Still no news from you.",
        "Could you at least acknowledge my message?",
    ),
}
REPLY_OPENINGS = {
    Lang.FR: (
        "Merci pour votre réponse, mais le problème n'est toujours pas réglé.",
        "Vous trouverez ci-joint la photo du ticket comme demandé.",
        "Je vous ai déjà envoyé tous les justificatifs.",
        "Cela fait {days} jours que vous me dites la même chose.",
        "Votre collègue m'avait promis un rappel qui n'est jamais venu.",
        "Votre réponse ne règle rien.",
    ),
    Lang.EN: (
        "Thank you for your reply, but the problem is still not solved.",
        "Please find attached the photo of the receipt you asked for.",
        "I have already sent you all the documents.",
        "You have been telling me the same thing for {days} days.",
    ),
}
ESCALATIONS = {
    Lang.FR: (
        "Sans réponse sous huit jours, je saisirai le médiateur de la consommation.",
        "Je suis client depuis {years} ans et je suis très déçu.",
        "C'est la troisième fois que je vous écris !",
        "Je vais laisser un avis sur les réseaux sociaux.",
        "Si rien n'est fait, je rends ma carte.",
        "Je vais contacter une association de consommateurs.",
    ),
    Lang.EN: (
        "If I do not hear back within a week I will take this further.",
        "I have been a member for {years} years and I am very disappointed.",
        "This is the third time I have written to you!",
        "I will be posting a review about this.",
    ),
}
CLOSINGS = {
    Lang.FR: (
        "Cordialement,",
        "Cordialement,",
        "Bien cordialement,",
        "Merci d'avance.",
        "Dans l'attente de votre réponse,",
        "Salutations.",
        "Veuillez agréer, Madame, Monsieur, mes salutations distinguées.",
        "Bonne journée,",
    ),
    Lang.EN: (
        "Regards,",
        "Kind regards,",
        "Thanks,",
        "Many thanks,",
        "Yours faithfully,",
        "Best wishes,",
    ),
}
SHORT_MESSAGES = {
    Lang.FR: (
        "Toujours rien reçu !!!",
        "Alors ? Toujours pas de réponse.",
        "Vous vous moquez de moi ?",
        "Merci de me rappeler au {phone}.",
    ),
    Lang.EN: ("Still nothing!!", "Any update?", "Please call me back on {phone}."),
}
MOBILE_SIGNATURES = {
    Client.IPHONE: {Lang.FR: "Envoyé de mon iPhone", Lang.EN: "Sent from my iPhone"},
    Client.ANDROID: {
        Lang.FR: "Envoyé depuis mon appareil Galaxy",
        Lang.EN: "Sent from my Galaxy",
    },
    Client.OUTLOOK: {
        Lang.FR: "Obtenir Outlook pour Android",
        Lang.EN: "Get Outlook for Android",
    },
    Client.YAHOO: {
        Lang.FR: "Envoyé de Yahoo Mail pour Android",
        Lang.EN: "Sent from Yahoo Mail on Android",
    },
}
SUPPORT_PARAGRAPHS = {
    Lang.FR: (
        "Nous avons bien reçu votre message et vous remercions de votre patience. "
        "Votre demande a été enregistrée sous le numéro de dossier {case}.",
        "Elle a été transmise au service concerné, qui reviendra vers vous sous 72 "
        "heures ouvrées.",
        "Nous sommes sincèrement désolés pour la gêne occasionnée.",
        "Afin de traiter votre demande, pourriez-vous nous transmettre une photo de "
        "votre ticket de caisse ainsi que le numéro de votre carte ?",
        "Après vérification, les points de votre achat du {date} seront crédités sous "
        "48 heures.",
        "Nous avons relancé le transporteur au sujet du colis {tracking} et "
        "reviendrons vers vous dès que nous aurons sa réponse.",
        "Un nouveau bon d'achat vous a été envoyé par e-mail ce jour. Il est valable "
        "trois mois.",
    ),
    Lang.EN: (
        "Thank you for your message. Your request has been logged under case number "
        "{case}.",
        "It has been passed to the team concerned, who will get back to you within "
        "three working days.",
        "We are sorry for the inconvenience.",
        "To deal with your request, could you send us a photo of your receipt and "
        "your card number?",
        "We have chased the carrier about parcel {tracking} and will come back to you "
        "as soon as we hear from them.",
        "A new voucher has been emailed to you today. It is valid for three months.",
    ),
}
SUPPORT_SIGNATURE = {
    Lang.FR: "Bien cordialement,\n{agent}\nService Client Club Avantages\n"
    "Du lundi au samedi de 9 h à 19 h",
    Lang.EN: "Kind regards,\n{agent}\nClub Avantages Customer Service",
}
NOTIFICATIONS = {
    Lang.FR: (
        (
            "Votre commande {order} a été expédiée",
            "Votre colis {tracking} est en route.",
        ),
        ("Vos {points} points vous attendent", "Profitez de vos avantages en magasin."),
        ("Votre bon d'achat de {amount} est disponible", "Code : {voucher}"),
    ),
    Lang.EN: (
        ("Your order {order} has shipped", "Your parcel {tracking} is on its way."),
        ("Your {points} points are waiting", "Use them in store or online."),
    ),
}
AUTO_REPLIES = {
    Lang.FR: (
        "Réponse automatique : ",
        "Je suis absent(e) jusqu'au {date} inclus et n'aurai qu'un accès limité à mes "
        "e-mails. Je prendrai connaissance de votre message à mon retour.",
    ),
    Lang.EN: (
        "Automatic reply: ",
        "I am out of the office until {date} with limited access to email.",
    ),
}
NEWSLETTERS = (
    (
        Lang.FR,
        "Partenaire Mode",
        "news@partenaire-mode.example",
        "-30 % sur toute la boutique",
        "Avec votre carte Club Avantages, profitez de remises exclusives jusqu'à "
        "dimanche.",
    ),
    (
        Lang.FR,
        "Voyages Plus",
        "offres@voyages-plus.example",
        "Vos vacances à prix doux",
        "Cumulez des points sur votre séjour et partez l'esprit léger.",
    ),
    (
        Lang.FR,
        "Le Club",
        "newsletter@fidelite.example",
        "Doublez vos points ce week-end !",
        "Tous vos achats en magasin rapportent deux fois plus de points.",
    ),
    (
        Lang.EN,
        "Garden Partner",
        "deals@garden-partner.example",
        "Spring sale: up to 50% off",
        "Members earn triple points on all outdoor furniture this week.",
    ),
)
NEWSLETTER_FOOTER = {
    Lang.FR: "Vous recevez ce message car vous êtes inscrit à notre lettre "
    "d'information. Se désinscrire : https://example.org/desinscription",
    Lang.EN: "You are receiving this email because you subscribed to our newsletter. "
    "Unsubscribe: https://example.org/unsubscribe",
}


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated word lists: long lists of names stay a few lines long."""
    return tuple(text.split())


FIRST_NAMES = {
    Lang.FR: _words(
        "Jean Marie Nathalie Isabelle Sylvie Catherine Philippe Michel Alain Patrick "
        "Nicolas Christophe Stéphane Sébastien Frédéric Valérie Sandrine Céline Émilie "
        "Hélène Françoise Brigitte Chantal Gérard Bernard Thierry Laurent Éric Julien "
        "Camille Léa Manon Chloé Inès Mohamed Karim Fatima Nadia Yasmine Thomas Lucas "
        "Hugo Océane Agnès Noël Joëlle Mélanie Jérôme Gaëlle Loïc"
    ),
    Lang.EN: _words(
        "James John Robert Michael David William Richard Joseph Thomas Sarah Emma "
        "Olivia Sophie Emily Jessica Laura Rachel Hannah Charlotte Amelia Oliver Harry "
        "Jack George Daniel Matthew Andrew Chloe Lucy Megan Priya Aisha Chen Siobhán "
        "Seán Zoë"
    ),
}
LAST_NAMES = {
    Lang.FR: _words(
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
        "Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel "
        "Girard André Lefebvre Mercier Dupont Lambert Bonnet François Martinez Legrand "
        "Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Perrin Morin Mathieu "
        "Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Benali Nguyen Bénard "
        "Côté Le-Gall Da-Silva"
    ),
    Lang.EN: _words(
        "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
        "Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris "
        "Lewis Martin Jackson Clarke Patel Khan O'Brien Murphy Kelly Campbell Anderson "
        "Scott Mitchell Brennan"
    ),
}
STORES = {
    Lang.FR: tuple(
        f"magasin de {city}"
        for city in (
            "Lyon Part-Dieu",
            "Lille Euralille",
            "Bordeaux Mériadeck",
            "Paris Saint-Lazare",
            "Marseille Grand Littoral",
            "Nantes Atlantis",
            "Toulouse Blagnac",
            "Strasbourg Rivetoile",
            "Rennes Alma",
            "Nice Cap 3000",
        )
    ),
    Lang.EN: ("Paris Opéra store", "Nice airport shop", "Calais store", "online shop"),
}
AGENTS = ("Sophie M.", "Julien R.", "Amandine", "Karim B.", "Claire D.", "Maxime T.")

# Which mail program customers use, by language, and the domains that go with each.
CLIENT_WEIGHTS = {
    Lang.FR: {
        Client.GMAIL: 30,
        Client.OUTLOOK: 16,
        Client.IPHONE: 20,
        Client.ANDROID: 9,
        Client.WEBMAIL: 15,
        Client.THUNDERBIRD: 3,
        Client.YAHOO: 7,
    },
    Lang.EN: {
        Client.GMAIL: 38,
        Client.OUTLOOK: 22,
        Client.IPHONE: 22,
        Client.ANDROID: 8,
        Client.THUNDERBIRD: 3,
        Client.YAHOO: 7,
    },
}
CLIENT_DOMAINS = {
    Client.GMAIL: ("gmail.example",),
    Client.OUTLOOK: ("hotmail.example", "outlook.example", "live.example"),
    Client.IPHONE: ("icloud.example", "gmail.example", "orange.example"),
    Client.ANDROID: ("gmail.example", "sfr.example"),
    Client.WEBMAIL: (
        "orange.example",
        "wanadoo.example",
        "free.example",
        "laposte.example",
        "sfr.example",
    ),
    Client.THUNDERBIRD: ("free.example", "laposte.example", "posteo.example"),
    Client.YAHOO: ("yahoo.example",),
}
# Mail programs that write typographic apostrophes.
SMART_PUNCTUATION = (Client.IPHONE, Client.OUTLOOK)

DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = _words("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
MONTH_NAMES_EN = _words(
    "January February March April May June July August September October November "
    "December"
)
DAY_NAMES_EN = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
JOURS = _words("lundi mardi mercredi jeudi vendredi samedi dimanche")
JOURS_ABBR = _words("lun. mar. mer. jeu. ven. sam. dim.")
MOIS = _words(
    "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre"
)
MOIS_ABBR = _words("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.")

OUTLOOK_HTML_HEAD = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w="urn:schemas-microsoft-com:office:word" '
    'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
    'xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
    '<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
    '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
    '<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:"Cambria Math";\n'
    "\tpanose-1:2 4 5 3 5 4 6 3 2 4;}\n@font-face\n\t{font-family:Calibri;\n"
    "\tpanose-1:2 15 5 2 2 2 4 3 2 4;}\n/* Style Definitions */\n"
    "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n"
    '\tfont-family:"Calibri",sans-serif;\n\tmso-fareast-language:EN-US;}\n'
    "a:link, span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#0563C1;\n"
    "\ttext-decoration:underline;}\nspan.EmailStyle17\n"
    "\t{mso-style-type:personal-compose;"
    '\n\tfont-family:"Calibri",sans-serif;\n\tcolor:windowtext;}\n.MsoChpDefault\n'
    '\t{mso-style-type:export-only;\n\tfont-family:"Calibri",sans-serif;\n'
    "\tmso-fareast-language:EN-US;}\n@page WordSection1\n\t{size:612.0pt 792.0pt;\n"
    "\tmargin:70.85pt 70.85pt 70.85pt 70.85pt;}\n"
    "div.WordSection1\n\t{page:WordSection1;}"
    '\n--></style><!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext="edit" '
    'spidmax="1026" />\n</xml><![endif]--><!--[if gte mso 9]><xml>\n'
    '<o:shapelayout v:ext="edit">\n<o:idmap v:ext="edit" data="1" />\n'
    "</o:shapelayout></xml><![endif]-->\n</head>\n"
)

FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)
_Q_SAFE = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/"
)
_Q_TABLE = tuple(
    "_" if b == 0x20 else chr(b) if b in _Q_SAFE else f"={b:02X}" for b in range(256)
)
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_HEX = "0123456789abcdef"


# --- Small helpers ------------------------------------------------------------------


def _ascii_fold(text: str) -> str:
    """Lower-case ASCII for an address local part: "Hélène Côté" -> "helene cote"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode().lower()


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap: `textwrap` is several times slower, and we need no hyphens."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _eu_offset_hours(moment: datetime, standard: int) -> int:
    """UTC offset in Paris (standard=1) or London (0): EU summer time, in hours."""
    year = moment.year
    march = date(year, 3, 31)
    october = date(year, 10, 31)
    begins = datetime.combine(
        march - timedelta(days=(march.weekday() + 1) % 7), datetime.min.time(), UTC
    ) + timedelta(hours=1)
    ends = datetime.combine(
        october - timedelta(days=(october.weekday() + 1) % 7), datetime.min.time(), UTC
    ) + timedelta(hours=1)
    return standard + 1 if begins <= moment < ends else standard


def _rfc2822(moment: datetime, with_weekday: bool = True) -> str:
    """Date header text, built by hand: `email.utils.format_datetime` is locale-free but
    slower, and we want the variants real clients produce."""
    offset = moment.utcoffset() or timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    text = (
        f"{moment.day:02d} {MONTH_ABBR[moment.month - 1]} {moment.year} "
        f"{moment:%H:%M:%S} {zone}"
    )
    return f"{DAY_ABBR[moment.weekday()]}, {text}" if with_weekday else text


def _encoded_words(text: str, charset: str, mode: str) -> str:
    """RFC 2047 encoded words for `text`, folded so that none passes 75 characters."""
    prefix = f"=?{charset}?{mode}?"
    words: list[str] = []
    chunk: list[str] = []
    size = 0
    budget = 75 - len(prefix) - 2
    for char in text:
        data = char.encode(charset, "replace")
        cost = sum(len(_Q_TABLE[b]) for b in data) if mode == "Q" else len(data) * 4 / 3
        if chunk and size + cost > budget:
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(char)
        size += cost
    if chunk:
        words.append("".join(chunk))
    encoded = []
    for word in words:
        data = word.encode(charset, "replace")
        if mode == "Q":
            body = "".join(map(_Q_TABLE.__getitem__, data))
        else:
            body = base64.b64encode(data).decode()
        encoded.append(f"{prefix}{body}?=")
    return "\n ".join(encoded)


def _fold(name: str, value: str) -> str:
    """One header line, folded at spaces past 76 characters (RFC 5322 section 2.2.3)."""
    line = f"{name}: {value}"
    if len(line) <= 78 or "\n" in value:
        return line
    return "\n ".join(_wrap(line, 76))


def _random_id(rng: Random, alphabet: str, length: int) -> str:
    return "".join(rng.choices(alphabet, k=length))


# --- People and their messages ------------------------------------------------------


@dataclass(slots=True)
class _Customer:
    """One sender, made when the Zipf draw first picks them; remembers the thread."""

    lang: Lang
    client: Client
    first: str
    last: str
    display: str
    address: str
    charset: str
    topic: Topic
    slots: dict[str, str]
    tz_standard: int
    sent: int = 0
    subject: str = ""
    last_message_id: str | None = None
    case: str = ""


@dataclass(slots=True)
class _Quote:
    """Earlier mail reproduced under the new text, possibly quoting mail of its own."""

    author: str
    author_address: str
    to: str
    when: datetime
    subject: str
    paragraphs: list[str]
    inner: "_Quote | None" = None


@dataclass(slots=True)
class Generated:
    """One message ready to be framed: raw bytes plus what the container needs."""

    raw: bytes
    envelope_from: str
    when: datetime


class Stats:
    """Counts of what was written, for the summary printed at the end."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.sizes = array("I")
        self.attachment_bytes = 0
        self.senders: Counter[int] = Counter()

    def report(self, seconds: float, path: Path, fmt: str) -> str:
        """Human summary: sizes, mix, senders; shares are of all messages written."""
        total = len(self.sizes)
        sizes = sorted(self.sizes)
        volume = sum(sizes)
        count = self.counts

        def share(key: str) -> str:
            return f"{count[key]:,} ({100 * count[key] / max(total, 1):.1f} %)"

        per_sender = sorted(self.senders.values(), reverse=True)
        once = sum(1 for value in per_sender if value == 1)
        lines = [
            f"wrote {total:,} messages to {path} ({fmt}) in {seconds:.1f} s "
            f"({total / max(seconds, 1e-9):,.0f} messages/s)",
            f"  size: {volume / 1e6:,.1f} MB; median {sizes[total // 2] / 1000:.1f} KB,"
            f" p90 {sizes[total * 9 // 10] / 1000:.1f} KB,"
            f" max {sizes[-1] / 1e6:.2f} MB",
            f"  language: fr {share('lang:fr')}, en {share('lang:en')}",
            f"  structure: text/plain {share('structure:text/plain')}, "
            f"multipart/alternative {share('structure:multipart/alternative')}, "
            f"HTML only {share('structure:text/html only')}",
            f"  with attachments: {share('attached')}; {count['attachments']:,} "
            f"attachments, {self.attachment_bytes / 1e6:,.1f} MB decoded, "
            f"{count['attachments-large']:,} of 0.9 MB or more",
            f"  replies quoting: {share('reply')} (prefix '>' {share('quote:prefix')}, "
            f"Outlook/Android header block {share('quote:block')}); "
            f"forwards {share('forward')}; follow-ups {share('follow-up')}",
            f"  mobile signature: {share('mobile-signature')}; "
            f"latin-1/cp1252 body: {share('charset:8bit-legacy')}; "
            f"RFC 2047 subject: {share('subject:rfc2047')}; "
            f"raw 8-bit header: {share('header:raw-8bit')}",
            f"  no Message-ID: {share('no-message-id')}; exact duplicates: "
            f"{share('duplicate')}; auto-replies: {share('kind:auto-reply')}; "
            f"newsletters: {share('kind:newsletter')}; "
            f"web form: {share('kind:web form (HTML)')}",
            f"  body lines escaped as '>From ' (mbox): {share('from-escaped')}",
            f"  senders: {len(per_sender):,} distinct, "
            f"{100 * once / max(len(per_sender), 1):.0f} % wrote once, top "
            f"{', '.join(str(v) for v in per_sender[:5])} messages",
        ]
        return "\n".join(lines)


class MailboxGenerator:
    """Makes message after message; all randomness comes from one seeded `Random`."""

    def __init__(self, count: int, seed: int) -> None:
        self.count = count
        self.rng = Random(seed)
        self.stats = Stats()
        pool = max(count, 100)
        self._customer_ids = range(pool)
        self._customer_weights = list(
            itertools.accumulate((rank + ZIPF_Q) ** -ZIPF_S for rank in range(pool))
        )
        self._customers: dict[int, _Customer] = {}
        # Small recent messages that a "duplicate" re-emits byte for byte.
        self._recent: deque[Generated] = deque(maxlen=32)
        self._topic_weights = {
            lang: [topic.weight for topic in topics] for lang, topics in TOPICS.items()
        }

    # Public --------------------------------------------------------------------------

    def message(self, index: int) -> Generated:
        """The `index`-th message; call with 0, 1, 2, ... in order."""
        rng = self.rng
        if self._recent and rng.random() < DUPLICATE_SHARE:
            generated = rng.choice(self._recent)
            self.stats.counts["duplicate"] += 1
            self._count_size(len(generated.raw))
            return generated
        when = START + timedelta(
            seconds=SPAN_SECONDS * index / self.count + rng.uniform(-3600, 3600)
        )
        roll = rng.random()
        if roll < AUTO_REPLY_SHARE:
            kind = Kind.AUTO_REPLY
        elif roll < AUTO_REPLY_SHARE + BULK_SHARE:
            kind = Kind.BULK
        else:
            kind = Kind.COMPLAINT
        roll = rng.random()
        if kind is Kind.BULK:
            structure = Structure.ALTERNATIVE
        elif roll < HTML_ONLY_SHARE:
            structure = Structure.HTML
            if kind is Kind.COMPLAINT and rng.random() < 0.4:
                kind = Kind.WEBFORM
        elif roll < HTML_ONLY_SHARE + ALTERNATIVE_SHARE:
            structure = Structure.ALTERNATIVE
        else:
            structure = Structure.PLAIN
        generated = self._build(kind, structure, when)
        self._count_size(len(generated.raw))
        if b"From " in generated.raw and FROM_LINE.search(generated.raw):
            self.stats.counts["from-escaped"] += 1
        if len(generated.raw) < 64_000:
            self._recent.append(generated)
        return generated

    # Customers -----------------------------------------------------------------------

    def _customer(self) -> tuple[int, _Customer]:
        rng = self.rng
        number = rng.choices(self._customer_ids, cum_weights=self._customer_weights)[0]
        customer = self._customers.get(number)
        if customer is None:
            customer = self._new_customer()
            self._customers[number] = customer
        return number, customer

    def _new_customer(self) -> _Customer:
        rng = self.rng
        lang = Lang.FR if rng.random() < FRENCH_SHARE else Lang.EN
        weights = CLIENT_WEIGHTS[lang]
        client = rng.choices(list(weights), weights=list(weights.values()))[0]
        first = rng.choice(FIRST_NAMES[lang])
        last = rng.choice(LAST_NAMES[lang]).replace("-", " ")
        f, l_ = _ascii_fold(first), _ascii_fold(last).replace(" ", "").replace("'", "")
        local = rng.choice(
            (
                f"{f}.{l_}",
                f"{f[0]}{l_}",
                f"{l_}.{f}",
                f"{f}.{l_}{rng.randrange(1, 99)}",
                f"{f}{l_}{rng.randrange(1950, 2005)}",
                f"{f[0]}.{l_}{rng.randrange(10, 99)}",
            )
        )
        address = f"{local}@{rng.choice(CLIENT_DOMAINS[client])}"
        display = rng.choice(
            (f"{first} {last}", f"{first} {last}", f"{last.upper()} {first}", "")
        )
        charset = "utf-8"
        legacy = {Client.OUTLOOK: 0.35, Client.WEBMAIL: 0.5, Client.THUNDERBIRD: 0.2}
        if rng.random() < legacy.get(client, 0.0):
            charset = rng.choice(("iso-8859-1", "windows-1252", "windows-1252"))
        fr = lang is Lang.FR
        points = rng.randrange(100, 9000, 10)
        slots = {
            "order": str(rng.randrange(10_000_000, 99_999_999)),
            "tracking": (
                f"6A{rng.randrange(10**10, 10**11)}"
                if fr
                else f"JD0000900{rng.randrange(10**8, 10**9)}"
            ),
            "card": f"2900 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)} "
            f"{rng.randrange(10)}",
            "voucher": _random_id(rng, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10),
            "points": f"{points:,}".replace(",", " " if fr else ","),
            "store": rng.choice(STORES[lang]),
            "years": str(rng.randrange(2, 25)),
            "phone": (
                f"06 39 98 {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
                if fr
                else f"07700 900{rng.randrange(100, 999)}"
            ),
        }
        topic = rng.choices(TOPICS[lang], weights=self._topic_weights[lang])[0]
        return _Customer(
            lang=lang,
            client=client,
            first=first,
            last=last,
            display=display,
            address=address,
            charset=charset,
            topic=topic,
            slots=slots,
            tz_standard=1 if fr else 0,
        )

    # Messages ------------------------------------------------------------------------

    def _slots(self, customer: _Customer, when: datetime) -> dict[str, str]:
        rng = self.rng
        past = when - timedelta(days=rng.randrange(2, 40))
        fr = customer.lang is Lang.FR
        cents = rng.randrange(500, 25000)
        amount = (
            f"{cents // 100},{cents % 100:02d} €"
            if fr
            else f"£{cents // 100}.{cents % 100:02d}"
        )
        return {
            **customer.slots,
            "date": past.strftime("%d/%m/%Y")
            if fr
            else f"{past.day} {MONTH_NAMES_EN[past.month - 1]}",
            "days": str(rng.randrange(3, 30)),
            "amount": amount,
            "case": customer.case or str(rng.randrange(100000, 999999)),
            "agent": rng.choice(AGENTS),
            "first": customer.first,
        }

    def _complaint_paragraphs(
        self, customer: _Customer, slots: dict[str, str], opening: str | None
    ) -> list[str]:
        """The customer's new text: greeting, sentences in paragraphs, closing."""
        rng = self.rng
        lang = customer.lang
        topic = customer.topic
        if customer.client in (Client.IPHONE, Client.ANDROID) and rng.random() < 0.15:
            return [rng.choice(SHORT_MESSAGES[lang]).format_map(slots)]
        sentences = [opening or rng.choice(topic.openings)]
        sentences += rng.sample(
            topic.details, k=min(len(topic.details), rng.randint(2, 6))
        )
        sentences += rng.sample(CONTEXT[lang], k=rng.choice((0, 1, 2, 2, 3)))
        sentences.append(rng.choice(topic.asks))
        if customer.sent > 1 or rng.random() < 0.15:
            sentences.append(rng.choice(ESCALATIONS[lang]))
        paragraphs = [rng.choice(GREETINGS[lang])]
        while sentences:
            take = rng.randint(1, 3)
            paragraphs.append(" ".join(s.format_map(slots) for s in sentences[:take]))
            del sentences[:take]
        signature = (
            rng.choice(CLOSINGS[lang]) + "\n" + (customer.display or customer.first)
        )
        if rng.random() < 0.2:
            card = "Carte n° " if lang is Lang.FR else "Card no. "
            signature += f"\n{card}{slots['card']}"
        if rng.random() < 0.1:
            signature += f"\n{slots['phone']}"
        paragraphs.append(signature)
        return paragraphs

    def _support_quote(
        self, customer: _Customer, slots: dict[str, str], when: datetime, depth: int
    ) -> _Quote:
        """The support team's last answer, quoting the thread below it as mail programs
        do: the customer's previous mail, the answer before that, down to `depth`."""
        rng = self.rng
        lang = customer.lang
        answered = when - timedelta(hours=rng.randrange(5, 24 * 12))
        body = [
            ("Bonjour {first}," if lang is Lang.FR else "Hello {first},").format_map(
                slots
            )
        ]
        # The acknowledgement with the case number first, then one or two more in order.
        others = SUPPORT_PARAGRAPHS[lang][1:]
        picked = sorted(rng.sample(range(len(others)), k=rng.randint(1, 2)))
        chosen = [SUPPORT_PARAGRAPHS[lang][0], *(others[i] for i in picked)]
        body += [p.format_map(slots) for p in chosen]
        body.append(SUPPORT_SIGNATURE[lang].format_map(slots))
        tag = "Dossier" if lang is Lang.FR else "Case"
        subject = f"RE: {customer.subject} [{tag} {slots['case']}]"
        inner = None
        if depth > 0 and rng.random() < 0.85:
            topic = customer.topic
            sentences = [
                rng.choice(topic.openings),
                *rng.sample(topic.details, k=min(len(topic.details), 3)),
                rng.choice(topic.asks),
            ]
            earlier = [
                rng.choice(GREETINGS[lang]),
                " ".join(s.format_map(slots) for s in sentences[:3]),
                " ".join(s.format_map(slots) for s in sentences[3:]),
                rng.choice(CLOSINGS[lang])
                + "\n"
                + (customer.display or customer.first),
            ]
            sent = answered - timedelta(hours=rng.randrange(2, 24 * 10))
            inner = _Quote(
                author=customer.display or customer.address,
                author_address=customer.address,
                to=SERVICE_ADDRESS,
                when=sent,
                subject=customer.subject if depth == 1 else subject,
                paragraphs=earlier,
                inner=(
                    self._support_quote(customer, slots, sent, depth - 1)
                    if depth > 1
                    else None
                ),
            )
        return _Quote(
            author=SERVICE_NAME,
            author_address=SERVICE_ADDRESS,
            to=customer.display or customer.address,
            when=answered,
            subject=subject,
            paragraphs=body,
            inner=inner,
        )

    def _build(self, kind: Kind, structure: Structure, when: datetime) -> Generated:
        rng = self.rng
        stats = self.stats
        number, customer = self._customer()
        lang = customer.lang
        client = customer.client
        local = when.astimezone(
            timezone(timedelta(hours=_eu_offset_hours(when, customer.tz_standard)))
        )
        if client is Client.OUTLOOK and rng.random() < 0.5:
            local = when.astimezone(UTC)
        slots = self._slots(customer, when)
        quote: _Quote | None = None
        in_reply_to: str | None = None
        references: list[str] = []
        opening: str | None = None
        forward = False
        from_display, from_address = customer.display, customer.address
        reply_to: str | None = None
        extra: list[str] = []
        charset = customer.charset

        if kind is Kind.BULK:
            lang, from_display, from_address, subject, pitch = rng.choice(NEWSLETTERS)
            paragraphs = [subject, pitch, NEWSLETTER_FOOTER[lang]]
            client = Client.WEBSITE
            charset = "utf-8"
            list_id = from_address.split("@")[1]
            extra += [
                f"List-Id: <news.{list_id}>",
                f"List-Unsubscribe: <https://{list_id}/unsubscribe?u="
                f"{rng.getrandbits(64):x}>, <mailto:unsubscribe@{list_id}>",
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                "Precedence: bulk",
            ]
        elif kind is Kind.AUTO_REPLY:
            prefix, text = AUTO_REPLIES[lang]
            # Out-of-office answers to the support's reply, or to its newsletter.
            subject = prefix + (
                f"RE: {customer.subject}" if customer.subject else SERVICE_NAME
            )
            paragraphs = [
                rng.choice(GREETINGS[lang]),
                text.format_map(slots),
                rng.choice(CLOSINGS[lang])
                + "\n"
                + (customer.display or customer.first),
            ]
            extra += ["Auto-Submitted: auto-replied", "X-Autoreply: yes"]
            if client is Client.OUTLOOK:
                extra.append("X-MS-Exchange-Inbox-Rules-Loop: " + customer.address)
        else:
            customer.sent += 1
            stats.senders[number] += 1
            if customer.sent == 1:
                customer.subject = rng.choice(customer.topic.subjects).format_map(slots)
            subject = customer.subject
            roll = rng.random()
            if kind is Kind.WEBFORM:
                # The site's contact form writes on the customer's behalf.
                reply_to = _address(customer.display, customer.address)
                from_display = "Formulaire de contact"
                from_address = "no-reply@fidelite.example"
                subject = f"[Contact] {customer.subject}"
                client = Client.WEBSITE
                charset = "utf-8"
            elif customer.sent == 1 and roll < 0.12:
                # A first mail that answers or forwards one of the programme's mailings.
                title, line = rng.choice(NOTIFICATIONS[lang])
                forward = roll >= 0.08
                prefix = "Re: "
                if forward:
                    prefix = "TR: " if client is Client.OUTLOOK else "Fwd: "
                subject = prefix + title.format_map(slots)
                quote = _Quote(
                    SERVICE_NAME,
                    "ne-pas-repondre@fidelite.example",
                    customer.address,
                    local - timedelta(days=rng.randrange(1, 20)),
                    subject[len(prefix) :],
                    [line.format_map(slots)],
                )
                stats.counts["forward" if forward else "reply"] += 1
            elif customer.sent > 1 and roll < 0.7:
                if not customer.case:
                    customer.case = slots["case"]
                depth = min(customer.sent - 1, 3)
                quote = self._support_quote(customer, slots, local, depth)
                subject = quote.subject
                support_id = f"<{rng.getrandbits(96):024x}@fidelite.example>"
                in_reply_to = support_id
                if customer.last_message_id:
                    references.append(customer.last_message_id)
                references.append(support_id)
                opening = rng.choice(REPLY_OPENINGS[lang])
                stats.counts["reply"] += 1
            elif customer.sent > 1:
                tag = rng.choice(
                    ("Relance : ", "2e relance - ", "URGENT - ", "")
                    if lang is Lang.FR
                    else ("Follow-up: ", "Second reminder: ", "URGENT: ", "")
                )
                subject = tag + customer.subject
                opening = rng.choice(FOLLOW_UPS[lang])
                stats.counts["follow-up"] += 1
            paragraphs = self._complaint_paragraphs(customer, slots, opening)

        stats.counts[f"lang:{lang}"] += 1
        stats.counts[f"structure:{structure}"] += 1
        stats.counts[f"kind:{kind}"] += 1
        smart = client in SMART_PUNCTUATION
        signature = None
        if kind is Kind.COMPLAINT:
            signatures = MOBILE_SIGNATURES.get(client)
            mobile = client in (Client.IPHONE, Client.ANDROID) or rng.random() < 0.15
            if signatures and mobile:
                signature = signatures[lang]
                stats.counts["mobile-signature"] += 1
        if quote is not None and not forward:
            block = client in (Client.OUTLOOK, Client.ANDROID)
            stats.counts["quote:block" if block else "quote:prefix"] += 1

        if smart:
            # Only what the customer typed: quoted support mail keeps its apostrophes.
            paragraphs = [p.replace("'", "\u2019") for p in paragraphs]
        text = _render_text(paragraphs, signature, quote, client, lang, forward, rng)
        body_charset = charset
        if body_charset != "utf-8":
            stats.counts["charset:8bit-legacy"] += 1

        boundary_base = _boundary(client, rng)
        if structure is Structure.PLAIN:
            body = _text_part(text, "text/plain", body_charset, client, rng)
        else:
            page = (
                _render_webform(customer, paragraphs, slots)
                if kind is Kind.WEBFORM
                else _render_html(paragraphs, signature, quote, client, lang, forward)
            )
            html_part = _text_part(page, "text/html", body_charset, client, rng)
            if structure is Structure.HTML:
                body = html_part
            else:
                text_part = _text_part(text, "text/plain", body_charset, client, rng)
                body = _multipart(
                    "alternative", boundary_base + "alt", (text_part, html_part)
                )
        if kind is Kind.COMPLAINT and rng.random() < ATTACHMENT_SHARE / COMPLAINT_SHARE:
            parts = [body]
            howmany = rng.choices((1, 2, 3), weights=(85, 12, 3))[0]
            for _ in range(howmany):
                parts.append(self._attachment(lang, when))
            stats.counts["attached"] += 1
            body = _multipart("mixed", boundary_base + "mix", parts)

        message_id: str | None = _message_id(client, from_address, when, rng)
        if rng.random() < NO_MESSAGE_ID_SHARE:
            message_id = None
            stats.counts["no-message-id"] += 1
        if kind is Kind.COMPLAINT:
            customer.last_message_id = message_id
        headers = _headers(
            rng=rng,
            client=client,
            from_header=self._from_header(from_display, from_address, charset, client),
            from_address=from_address,
            reply_to=reply_to,
            subject=self._subject_value(subject, charset, client),
            when=local,
            message_id=message_id,
            in_reply_to=in_reply_to,
            references=references,
            extra=extra,
            lang=lang,
        )
        raw = headers.encode("utf-8") + b"\n" + body
        return Generated(raw=raw, envelope_from=from_address, when=when)

    def _from_header(
        self, display: str, address: str, charset: str, client: Client
    ) -> str:
        if not display:
            return address
        if display.isascii():
            return _address(display, address)
        if self.rng.random() < RAW_8BIT_HEADER_SHARE:
            self.stats.counts["header:raw-8bit"] += 1
            return f"{display} <{address}>"
        mode = "B" if client is Client.GMAIL else "Q"
        header_charset = charset if charset != "utf-8" else "UTF-8"
        return f"{_encoded_words(display, header_charset, mode)} <{address}>"

    def _subject_value(self, subject: str, charset: str, client: Client) -> str:
        """The Subject as it travels: ASCII as is, anything else RFC 2047-encoded."""
        if subject.isascii():
            return subject
        self.stats.counts["subject:rfc2047"] += 1
        mode = "B" if client in (Client.GMAIL, Client.YAHOO) else "Q"
        header_charset = charset if charset != "utf-8" else "UTF-8"
        return _encoded_words(subject, header_charset, mode)

    def _attachment(self, lang: Lang, when: datetime) -> bytes:
        """A photo, screenshot or PDF of random bytes behind the right magic number."""
        rng = self.rng
        if rng.random() < 0.012:
            # Base64 adds a third: these make the few messages of 1.2 to 2 MB.
            size = rng.randrange(900_000, 1_400_000)
            self.stats.counts["attachments-large"] += 1
        else:
            # Median 13 KB, one in twenty past 70 KB, at most 600 KB.
            size = int(min(max(rng.lognormvariate(9.5, 1.0), 3000), 600_000))
        kind = rng.random()
        if kind < 0.45:
            name = f"IMG_{rng.randrange(1000, 9999)}.jpeg"
            ctype, magic = "image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
        elif kind < 0.75:
            stamp = f"{when:%Y-%m-%d} à {when:%H.%M.%S}"
            name = (
                f"Capture d'écran {stamp}.png"
                if lang is Lang.FR
                else f"Screenshot {when:%Y-%m-%d} at {when:%H.%M.%S}.png"
            )
            ctype, magic = "image/png", b"\x89PNG\r\n\x1a\n"
        else:
            name = rng.choice(("ticket.pdf", "facture.pdf", "receipt.pdf", "scan.pdf"))
            ctype, magic = "application/pdf", b"%PDF-1.7\n"
        data = magic + rng.randbytes(size - len(magic))
        self.stats.counts["attachments"] += 1
        self.stats.attachment_bytes += size
        if name.isascii():
            disposition = f'attachment; filename="{name}"'
            ctype_name = f'; name="{name}"'
        else:
            quoted = "".join(
                chr(b) if (b < 128 and chr(b).isalnum()) or b in b".-_" else f"%{b:02X}"
                for b in name.encode()
            )
            disposition = f"attachment;\n filename*=utf-8''{quoted}"
            ctype_name = f';\n name="{_encoded_words(name, "UTF-8", "Q")}"'
        head = (
            f"Content-Type: {ctype}{ctype_name}\n"
            f"Content-Disposition: {disposition}\n"
            "Content-Transfer-Encoding: base64\n\n"
        )
        return head.encode() + base64.encodebytes(data)

    def _count_size(self, size: int) -> None:
        self.stats.sizes.append(size)


# --- Rendering ----------------------------------------------------------------------


def _address(display: str, address: str) -> str:
    if not display:
        return address
    if any(c in display for c in ',.()<>@;:"'):
        return f'"{display}" <{address}>'
    return f"{display} <{address}>"


def _attribution(quote: _Quote, client: Client, lang: Lang) -> str:
    """The line that introduces a quote, in the words each program uses."""
    w = quote.when
    who = f"{quote.author} <{quote.author_address}>"
    if lang is Lang.FR:
        if client is Client.GMAIL:
            day = JOURS_ABBR[w.weekday()]
            when = f"{day} {w.day} {MOIS_ABBR[w.month - 1]} {w.year} à {w:%H:%M}"
            return f"Le {when}, {who} a écrit :"
        if client is Client.IPHONE:
            when = f"{w.day} {MOIS_ABBR[w.month - 1]} {w.year} à {w:%H:%M}"
            return f"Le {when}, {who} a écrit :"
        return f"Le {w:%d/%m/%Y} à {w:%H:%M}, {quote.author} a écrit :"
    hour = w.hour % 12 or 12
    ampm = "AM" if w.hour < 12 else "PM"
    if client is Client.IPHONE:
        return (
            f"On {w.day} {MONTH_ABBR[w.month - 1]} {w.year}, at {w:%H:%M}, {who} wrote:"
        )
    return (
        f"On {DAY_ABBR[w.weekday()]}, {MONTH_ABBR[w.month - 1]} {w.day}, {w.year} "
        f"at {hour}:{w:%M} {ampm} {who} wrote:"
    )


def _header_block(quote: _Quote, lang: Lang, forward: bool) -> list[str]:
    """Outlook's "De :/Envoyé :/À :/Objet :" block (or its English twin)."""
    w = quote.when
    who = f"{quote.author} <{quote.author_address}>"
    if lang is Lang.FR:
        sent = f"{JOURS[w.weekday()]} {w.day} {MOIS[w.month - 1]} {w.year} {w:%H:%M}"
        return [
            "-------- Message transféré --------" if forward else "_" * 32,
            f"De : {who}",
            f"Envoyé : {sent}",
            f"À : {quote.to}",
            f"Objet : {quote.subject}",
        ]
    hour = w.hour % 12 or 12
    sent = (
        f"{DAY_NAMES_EN[w.weekday()]}, {MONTH_NAMES_EN[w.month - 1]} {w.day}, "
        f"{w.year} {hour}:{w:%M} {'AM' if w.hour < 12 else 'PM'}"
    )
    return [
        "---------- Forwarded message ---------" if forward else "_" * 32,
        f"From: {who}",
        f"Sent: {sent}",
        f"To: {quote.to}",
        f"Subject: {quote.subject}",
    ]


def _quote_lines(
    quote: _Quote, client: Client, lang: Lang, forward: bool, width: int
) -> list[str]:
    """Plain text of a quote and what it quotes, the way `client` writes it."""
    body: list[str] = []
    for paragraph in quote.paragraphs:
        for line in paragraph.split("\n"):
            body += _wrap(line, width)
        body.append("")
    if quote.inner is not None:
        # The support desk's own client (Outlook) quoted the customer with a block.
        body += _quote_lines(quote.inner, Client.OUTLOOK, lang, False, width)
    if forward or client in (Client.OUTLOOK, Client.ANDROID):
        return ["", *_header_block(quote, lang, forward), "", *body]
    quoted = [f"> {line}" if line else ">" for line in body]
    return ["", _attribution(quote, client, lang), "", *quoted]


def _render_text(
    paragraphs: Sequence[str],
    signature: str | None,
    quote: _Quote | None,
    client: Client,
    lang: Lang,
    forward: bool,
    rng: Random,
) -> str:
    """The text/plain body: new text and mobile signature, then any quote."""
    hard_wrap = client in (Client.WEBMAIL, Client.THUNDERBIRD)
    lines: list[str] = []
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            lines += _wrap(line, 72) if hard_wrap else [line]
        lines.append("")
    if signature:
        lines += [signature, ""]
    if quote is not None:
        quoted = _quote_lines(quote, client, lang, forward, 76)
        # Thunderbird users half the time answer below the quote; everyone else on top.
        if client is Client.THUNDERBIRD and rng.random() < 0.5:
            lines = [*quoted[1:], "", *lines]
        else:
            lines += quoted
    return "\n".join(lines).strip("\n") + "\n"


def _html_text(text: str) -> str:
    """Escape text content only: mail programs leave quotes and apostrophes alone."""
    return html.escape(text, quote=False)


def _html_paragraphs(paragraphs: Sequence[str], client: Client) -> str:
    escaped = [_html_text(p).replace("\n", "<br>\n") for p in paragraphs]
    if client is Client.OUTLOOK:
        return "\n".join(
            f'<p class="MsoNormal">{p}<o:p></o:p></p>\n'
            '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
            for p in escaped
        )
    if client is Client.GMAIL:
        return "".join(f"<div>{p}</div><div><br></div>" for p in escaped)
    if client is Client.YAHOO:
        return "".join(
            f'<div dir="ltr" data-setdir="false">{p}</div><div><br></div>'
            for p in escaped
        )
    return "".join(f"<p>{p}</p>\n" for p in escaped)


def _html_quote(quote: _Quote, client: Client, lang: Lang, forward: bool) -> str:
    inner = _html_paragraphs(quote.paragraphs, client)
    if quote.inner is not None:
        inner += _html_quote(quote.inner, Client.OUTLOOK, lang, False)
    if forward or client is Client.OUTLOOK:
        block = "<br>\n".join(
            _html_text(line) for line in _header_block(quote, lang, forward)[1:]
        )
        return (
            '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm '
            f'0cm 0cm"><p class="MsoNormal">{block}</p></div>\n{inner}'
        )
    attribution = _html_text(_attribution(quote, client, lang))
    if client is Client.GMAIL:
        return (
            '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
            f"{attribution}<br></div>"
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
            'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
            f"{inner}</blockquote></div>"
        )
    return (
        f'<div><br><blockquote type="cite">{attribution}<br><br></blockquote></div>'
        f'<blockquote type="cite"><div dir="ltr">{inner}</div></blockquote>'
    )


def _render_html(
    paragraphs: Sequence[str],
    signature: str | None,
    quote: _Quote | None,
    client: Client,
    lang: Lang,
    forward: bool,
) -> str:
    """The text/html alternative, with the markup habits of each program."""
    body = _html_paragraphs(paragraphs, client)
    if signature:
        body += f"<div>{_html_text(signature)}</div>"
    if quote is not None:
        body += _html_quote(quote, client, lang, forward)
    if client is Client.OUTLOOK:
        return (
            OUTLOOK_HTML_HEAD
            + f'<body lang="{lang.upper()}" link="#0563C1" vlink="#954F72" '
            'style="word-wrap:break-word">\n<div class="WordSection1">\n'
            f"{body}\n</div>\n</body>\n</html>\n"
        )
    if client is Client.GMAIL:
        return f'<div dir="ltr">{body}</div>\n'
    if client is Client.YAHOO:
        return (
            '<html><head></head><body><div class="ydp3f2a yahoo-style-wrap" '
            'style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;'
            f'font-size:13px;">{body}</div></body></html>\n'
        )
    return (
        '<html><head><meta http-equiv="content-type" content="text/html; '
        'charset=utf-8"></head><body dir="auto">'
        f"{body}</body></html>\n"
    )


def _render_webform(
    customer: _Customer, paragraphs: Sequence[str], slots: dict[str, str]
) -> str:
    """The notification the website's contact form sends: a table of fields."""
    rows = (
        ("Nom", customer.last),
        ("Prénom", customer.first),
        ("E-mail", customer.address),
        ("N° de carte", slots["card"]),
        ("Objet", customer.subject),
        ("Message", "\n\n".join(paragraphs)),
    )
    cells = "".join(
        f'<tr><td style="font-weight:bold;padding:4px">{_html_text(k)}</td>'
        f'<td style="padding:4px">{_html_text(v).replace(chr(10), "<br>")}</td></tr>\n'
        for k, v in rows
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Formulaire de '
        "contact</title></head><body><h2>Nouveau message depuis le formulaire de "
        f'contact</h2>\n<table border="0" cellpadding="0">\n{cells}</table>'
        "</body></html>\n"
    )


def _text_part(
    text: str, ctype: str, charset: str, client: Client, rng: Random
) -> bytes:
    """Headers and encoded payload of one text part, encoded as each client does."""
    data = text.encode(charset, "replace")
    if data.isascii() and client is not Client.YAHOO:
        cte, payload = "7bit", data
    elif client in (Client.WEBMAIL, Client.THUNDERBIRD) and ctype == "text/plain":
        cte, payload = "8bit", data
    elif client in (Client.YAHOO, Client.ANDROID) and rng.random() < 0.5:
        cte, payload = "base64", base64.encodebytes(data)
    else:
        cte, payload = "quoted-printable", binascii.b2a_qp(data)
    params = (
        f"; charset={charset}" if client is Client.IPHONE else f'; charset="{charset}"'
    )
    if client is Client.THUNDERBIRD and ctype == "text/plain":
        params += "; format=flowed"
    head = f"Content-Type: {ctype}{params}\nContent-Transfer-Encoding: {cte}\n\n"
    if not payload.endswith(b"\n"):
        payload += b"\n"
    return head.encode() + payload


def _multipart(subtype: str, boundary: str, parts: Sequence[bytes]) -> bytes:
    sep = f"--{boundary}\n".encode()
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n'.encode()
    return (
        head
        + b"".join(sep + part + b"\n" for part in parts)
        + f"--{boundary}--\n".encode()
    )


def _boundary(client: Client, rng: Random) -> str:
    bits = rng.getrandbits(96)
    if client is Client.GMAIL:
        return f"000000000000{bits:024x}"[:28]
    if client is Client.OUTLOOK:
        return f"_000_{bits:024X}_"
    if client is Client.IPHONE:
        return f"Apple-Mail-{bits:024X}"
    if client is Client.YAHOO:
        return f"----=_Part_{bits % 10**7}_{bits % 10**9}.{bits % 10**13}"
    return f"=_{bits:024x}"


def _message_id(client: Client, address: str, when: datetime, rng: Random) -> str:
    domain = address.split("@")[1]
    bits = rng.getrandbits(128)
    stamp = int(when.timestamp())
    if client is Client.GMAIL:
        token = base64.b64encode(bits.to_bytes(16, "big")).decode()
        return f"<CA{token}@mail.gmail.example>"
    if client is Client.OUTLOOK:
        box = f"PR{bits % 10}P264MB{bits % 10000:04d}"
        return f"<{box}{bits:032X}@{box}.FRAP264.PROD.OUTLOOK.EXAMPLE>"
    if client is Client.IPHONE:
        h = f"{bits:032X}"
        return f"<{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}@{domain}>"
    if client is Client.YAHOO:
        return f"<{bits % 10**9}.{bits % 10**7}.{stamp}123@mail.yahoo.example>"
    if client is Client.WEBMAIL:
        return f"<{bits % 10**9}.{bits % 10**5}.{stamp}.JavaMail.open-xchange@{domain}>"
    return f"<{bits:032x}@{domain}>"


USER_AGENTS = {
    Client.GMAIL: None,
    Client.OUTLOOK: "X-Mailer: Microsoft Outlook 16.0",
    Client.IPHONE: "X-Mailer: iPhone Mail (20D47)",
    Client.ANDROID: "User-Agent: Android",
    Client.WEBMAIL: "User-Agent: Open-Xchange Mailer v7.10.6-Rev40",
    Client.THUNDERBIRD: "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:102.0) "
    "Gecko/20100101 Thunderbird/102.8.0",
    Client.YAHOO: "X-Mailer: WebService/1.1.21221 YMailNorrin",
    Client.WEBSITE: "X-Mailer: PHPMailer 6.8.0 (https://github.com/PHPMailer/PHPMailer)",
}


def _blob(rng: Random, size: int, width: int = 72) -> str:
    """Random base64 of `size` bytes folded with tabs: signatures and filter tokens."""
    text = base64.b64encode(rng.randbytes(size)).decode()
    return "\n\t".join(text[i : i + width] for i in range(0, len(text), width))


def _sender_headers(
    rng: Random, client: Client, domain: str, when: datetime, subject: str, lang: Lang
) -> list[str]:
    """What each provider adds on the way out; Outlook's and Yahoo's are bulky."""
    date = _rfc2822(when)
    if client is Client.GMAIL:
        return [
            "X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n"
            f"\td=1e100.example; s=20221208; t={int(when.timestamp())};\n"
            "\th=to:subject:message-id:date:from:mime-version:x-gm-message-state;\n"
            f"\tbh={_blob(rng, 32)};\n\tb={_blob(rng, 256)}",
            f"X-Gm-Message-State: AC+VfD{_blob(rng, 60)}",
            f"X-Google-Smtp-Source: ACHHUZ{_blob(rng, 50)}",
            f"X-Received: by 2002:a05:6402:{rng.getrandbits(16):x} with SMTP id\n"
            f"\t{_random_id(rng, _ALNUM, 20)}; {date}",
        ]
    if client is Client.OUTLOOK:
        language = "fr-FR" if lang is Lang.FR else "en-GB"
        return [
            "ARC-Seal: i=1; a=rsa-sha256; s=arcselector9901; d=microsoft.example;"
            f" cv=none;\n\tb={_blob(rng, 256)}",
            "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed;"
            " d=microsoft.example;\n\ts=arcselector9901;\n"
            "\th=From:Date:Subject:Message-ID:Content-Type:MIME-Version;\n"
            f"\tbh={_blob(rng, 32)};\n\tb={_blob(rng, 256)}",
            f"Thread-Topic: {subject}",
            f"Thread-Index: {_blob(rng, 22)}",
            f"Accept-Language: {language}, en-US",
            f"Content-Language: {language}",
            "X-MS-Has-Attach: ",
            "X-MS-TNEF-Correlator: ",
            f"X-MS-Exchange-Organization-SCL: {rng.randrange(-1, 2)}",
            "X-MS-PublicTrafficType: Email",
            f"X-MS-Office365-Filtering-Correlation-Id: {rng.getrandbits(128):032x}",
            "X-Microsoft-Antispam: BCL:0;ARA:13230028|1800799009|366016;",
            f"X-Microsoft-Antispam-Message-Info:\n\t{_blob(rng, 900)}",
            "X-MS-Exchange-AntiSpam-MessageData-ChunkCount: 1",
            f"X-MS-Exchange-AntiSpam-MessageData-0:\n\t{_blob(rng, 1100)}",
            f"X-MS-Exchange-CrossTenant-OriginalArrivalTime: {date}",
            "X-MS-Exchange-CrossTenant-FromEntityHeader: Hosted",
            "X-MS-Exchange-Transport-CrossTenantHeadersStamped: "
            f"PR{rng.randrange(9)}P264MB{rng.randrange(1000, 9999)}",
        ]
    if client is Client.YAHOO:
        return [
            f"X-YMail-OSG: {_blob(rng, 700)}",
            f"X-Sonic-MF: <{domain}>",
            f"X-Sonic-ID: {rng.getrandbits(128):032x}",
        ]
    if client is Client.IPHONE:
        return [
            "X-Proofpoint-ORIG-GUID: " + _random_id(rng, _ALNUM, 32),
            "X-Proofpoint-Spam-Details: rule=notspam policy=default score=0 "
            "mlxscore=0\n\tspamscore=0 phishscore=0 bulkscore=0 adultscore=0 "
            "classifier=spam\n\tadjust=0 reason=mlx scancount=1 "
            f"engine=8.12.0-2212070000\n\tdefinitions=main-{rng.getrandbits(32)}",
        ]
    if client is Client.WEBMAIL:
        return [
            f"X-ME-Helo: opmta1mto0{rng.randrange(1, 9)}nd1",
            f"X-ME-Auth: {_blob(rng, 30)}",
            f"X-ME-Date: {date}",
            f"X-ME-IP: 203.0.113.{rng.randrange(254)}",
        ]
    return []


def _headers(
    *,
    rng: Random,
    client: Client,
    from_header: str,
    from_address: str,
    reply_to: str | None,
    subject: str,
    when: datetime,
    message_id: str | None,
    in_reply_to: str | None,
    references: Sequence[str],
    extra: Sequence[str],
    lang: Lang,
) -> str:
    """Headers as they arrive: our MTA's trace and filter results, the sender's DKIM and
    provider headers, then the message's own. Real ones weigh 2-6 KB; so do these."""
    domain = from_address.split("@")[1]
    arrived = when + timedelta(seconds=rng.randrange(1, 90))
    dkim = _blob(rng, 256)
    score = rng.randrange(-300, 400) / 100
    lines = [
        f"Return-Path: <{from_address}>",
        f"Delivered-To: {SERVICE_ADDRESS}",
        "Received: from mx.fidelite.example\n\tby imap.fidelite.example with LMTP\n"
        f"\tid {_random_id(rng, _ALNUM, 12)}\n\t(envelope-from <{from_address}>)\n"
        f"\tfor <{SERVICE_ADDRESS}>; {_rfc2822(arrived)}",
        f"X-Spamd-Result: default: False [{score:.2f} / 15.00];\n"
        "\tDMARC_POLICY_ALLOW(-0.50)[{domain},none];\n"
        "\tR_DKIM_ALLOW(-0.20)[{domain}:s=s2048];\n"
        "\tR_SPF_ALLOW(-0.20)[+ip4:198.51.100.0/24];\n"
        "\tMIME_GOOD(-0.10)[text/plain];\n\tRCVD_TLS_LAST(0.00)[];\n"
        "\tFROM_HAS_DN(0.00)[];\n\tTO_DN_NONE(0.00)[];\n\tRCPT_COUNT_ONE(0.00)[1];\n"
        "\tARC_NA(0.00)[];\n\tMID_RHS_MATCH_FROM(0.00)[];\n"
        f"\tASN(0.00)[asn:64496, ipnet:198.51.100.0/24, country:FR]".replace(
            "{domain}", domain
        ),
        f"X-Rspamd-Queue-Id: {rng.getrandbits(40):010X}",
        f"X-Spam-Score: {score:.2f}",
        f"Received: from out.{domain} (out.{domain} [198.51.100.{rng.randrange(254)}])"
        "\n\tby mx.fidelite.example (Postfix) with ESMTPS id "
        f"{_random_id(rng, _ALNUM, 11)}\n"
        f"\tfor <{SERVICE_ADDRESS}>; {_rfc2822(arrived)}",
        f"Received: from [192.0.2.{rng.randrange(254)}] (unknown [192.0.2."
        f"{rng.randrange(254)}])\n\tby smtp.{domain} with ESMTPSA id "
        f"{_random_id(rng, _ALNUM, 16)}\n"
        "\t(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\n"
        f"\t{_rfc2822(when)}",
        "Authentication-Results: mx.fidelite.example;\n"
        f"\tdkim=pass (2048-bit key; unprotected) header.d={domain} "
        f"header.i=@{domain} header.b={dkim[:8]};\n"
        f"\tspf=pass smtp.mailfrom={domain};\n\tdmarc=pass header.from={domain}",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n"
        f"\td={domain}; s=s2048; t={int(when.timestamp())};\n"
        "\th=from:to:subject:date:message-id:mime-version:content-type;\n"
        f"\tbh={_blob(rng, 32)};\n\tb={dkim}",
    ]
    lines += _sender_headers(rng, client, domain, when, subject, lang)
    lines += [
        f"From: {from_header}",
        f"To: {SERVICE_ADDRESS}",
        _fold("Subject", subject) if subject.isascii() else f"Subject: {subject}",
        f"Date: {_rfc2822(when, with_weekday=client is not Client.WEBMAIL)}",
    ]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    if reply_to:
        lines.append(f"Reply-To: {reply_to}")
    if in_reply_to:
        lines.append(f"In-Reply-To: {in_reply_to}")
    if references:
        lines.append(_fold("References", " ".join(references)))
    agent = USER_AGENTS[client]
    if agent:
        lines.append(agent)
    lines += extra
    lines.append(
        "MIME-Version: 1.0 (1.0)" if client is Client.IPHONE else "MIME-Version: 1.0"
    )
    return "\n".join(lines)


# --- Containers ---------------------------------------------------------------------


class MboxWriter:
    """mboxrd framing: a "From " line per message; body lines `>*From ` get a `>`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._partial = path.with_name(path.name + ".partial")
        self._file = self._partial.open("wb", buffering=1 << 20)

    def add(self, message: Generated) -> None:
        raw = message.raw
        if b"From " in raw:
            raw = FROM_LINE.sub(rb">\1", raw)
        stamp = message.when.astimezone(UTC)
        envelope = (
            f"From {message.envelope_from} {DAY_ABBR[stamp.weekday()]} "
            f"{MONTH_ABBR[stamp.month - 1]} {stamp.day:2d} {stamp:%H:%M:%S} "
            f"{stamp.year}\n"
        )
        self._file.write(envelope.encode())
        self._file.write(raw)
        self._file.write(b"\n")

    def finish(self) -> None:
        self._file.close()
        self._partial.replace(self.path)

    def abandon(self) -> None:
        self._file.close()
        self._partial.unlink(missing_ok=True)


class MaildirWriter:
    """One file per message in cur/ (seen) or new/; unique, deterministic names."""

    def __init__(self, path: Path) -> None:
        if path.exists() and any(path.iterdir()):
            raise SystemExit(f"make_mailbox: {path} exists and is not empty; remove it")
        self.path = path
        self._partial = path.with_name(path.name + ".partial")
        if self._partial.exists():
            shutil.rmtree(self._partial)
        for sub in ("cur", "new", "tmp"):
            (self._partial / sub).mkdir(parents=True)
        self._count = 0

    def add(self, message: Generated) -> None:
        self._count += 1
        stamp = int(message.when.timestamp())
        name = f"{stamp}.M{self._count}P1Q{self._count}.bench.example"
        # Nine in ten already read by someone in the mail client; the rest still new.
        if self._count % 10:
            target = self._partial / "cur" / f"{name}:2,S"
        else:
            target = self._partial / "new" / name
        target.write_bytes(message.raw)

    def finish(self) -> None:
        if self.path.exists():
            self.path.rmdir()
        self._partial.rename(self.path)

    def abandon(self) -> None:
        shutil.rmtree(self._partial, ignore_errors=True)


def write_mailbox(
    count: int, path: Path, fmt: str, seed: int, progress: bool = True
) -> Stats:
    """Generate `count` messages into `path`; the result appears only once complete."""
    generator = MailboxGenerator(count, seed)
    writer = MboxWriter(path) if fmt == "mbox" else MaildirWriter(path)
    step = max(count // 10, 1)
    try:
        for index in range(count):
            writer.add(generator.message(index))
            if progress and (index + 1) % step == 0:
                print(f"  {index + 1:,} / {count:,}", file=sys.stderr, flush=True)
    except BaseException:
        writer.abandon()
        raise
    writer.finish()
    return generator.stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a realistic complaints mailbox for benchmarking imports."
    )
    parser.add_argument("count", type=int, help="number of messages, e.g. 20000")
    parser.add_argument(
        "out", type=Path, help="mbox file or Maildir directory to write"
    )
    parser.add_argument("--format", choices=("mbox", "maildir"), default="mbox")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same bytes")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    stats = write_mailbox(args.count, args.out, args.format, args.seed, not args.quiet)
    print(stats.report(time.perf_counter() - started, args.out, args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
