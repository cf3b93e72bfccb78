"""Messages into cases: threads, numbers, subjects, similarity, and what keeps
matters and customers apart."""

from triage.cases.grouping import Item, generic, group
from triage.cases.identifiers import identifiers
from triage.cases.settings import GroupingSettings
from triage.cases.subjects import normalise_subject
from triage.rules.lexicon import fold

ALICE = "alice@example.com"
BOB = "bob@example.com"


def item(
    n: int,
    subject: str,
    text: str = "",
    *,
    customer: str = ALICE,
    day: int = 2,
    hour: int = 9,
    message_id: str | None = None,
    parents: tuple[str, ...] = (),
    automatic: bool = False,
) -> Item:
    return Item(
        id=n,
        customer=customer,
        date=f"2026-11-{day:02d}T{hour:02d}:00:00Z",
        message_id=message_id or f"<{n}@mail.example>",
        parents=parents,
        subject=normalise_subject(subject),
        text=fold(text),
        numbers=tuple(identifiers(f"{subject}\n{text}")),
        automatic=automatic,
    )


def test_thread_headers_alone_join_messages_with_nothing_else_in_common() -> None:
    first = item(1, "Colis perdu", "Mon colis n'est jamais arrivé.")
    reply = item(2, "Re: question", "Et alors ?", parents=("<1@mail.example>",))
    assert group([first, reply]) == [[1, 2]]


def test_a_chain_through_the_agents_reply_that_is_not_stored() -> None:
    # 1 is the customer's mail; the agent answered (<agent-1@shop>, not stored);
    # 2 answers the agent and names only her reply.
    first = item(1, "Bon d'achat", "Mon bon d'achat ne marche pas.")
    agent = "<agent-1@shop.example>"
    second = item(2, "Re: Votre demande", "Toujours pas.", parents=(agent,))
    third = item(
        3, "Re: Re: Votre demande", "???", parents=(agent, "<other@shop.example>")
    )
    first_with_header = item(
        1, "Bon d'achat", "Mon bon d'achat ne marche pas.", parents=(agent,)
    )
    assert group([first, second, third]) == [[1], [2, 3]]
    assert group([first_with_header, second, third]) == [[1, 2, 3]]


def test_the_same_subject_joins_across_reply_prefixes_in_both_languages() -> None:
    items = [
        item(1, "Carte fidélité bloquée", "Ma carte est bloquée depuis lundi."),
        item(2, "RE : Carte fidélité bloquée", "Vous avez vu mon message ?", day=4),
        item(3, "TR: Re: Carte fidélité bloquée", "Je transfère.", day=9),
        item(4, "Fwd: Carte fidélité bloquée", "Forwarding again.", day=20),
    ]
    assert group(items) == [[1, 2, 3, 4]]


def test_one_customer_with_two_matters_gets_two_cases() -> None:
    items = [
        item(1, "Points non crédités", "Mes points du magasin de Rennes manquent."),
        item(2, "Adresse de livraison", "Je voudrais changer mon adresse.", day=3),
        item(3, "Re: Points non crédités", "Toujours pas de points.", day=5),
    ]
    assert group(items) == [[1, 3], [2]]


def test_two_customers_never_share_a_case() -> None:
    a = item(1, "Colis perdu CMD-2026-104233", "Où est mon colis ?")
    b = item(2, "Colis perdu CMD-2026-104233", "Où est mon colis ?", customer=BOB)
    c = item(3, "Re: Colis perdu", "Idem", customer=BOB, parents=("<1@mail.example>",))
    assert group([a, b, c]) == [[1], [2, 3]]


def test_the_same_number_joins_and_different_numbers_separate() -> None:
    items = [
        item(1, "Suivi", "Mon colis 6A12345678901 est bloqué."),
        item(2, "Colis", "Et le colis 6A 1234 5678 901 alors ?", day=12),
        item(3, "Suivi", "Autre envoi : colis 6A99999999999.", day=13),
    ]
    assert group(items) == [[1, 2], [3]]


def test_different_orders_stay_apart_even_in_one_thread() -> None:
    # Customers reuse an old thread for a new matter: the numbers tell.
    first = item(1, "Commande CMD-2026-104233", "Jamais reçue.")
    reused = item(
        2,
        "Re: Commande",
        "Autre souci : la commande CMD-2026-105610 est arrivée cassée.",
        parents=("<1@mail.example>",),
    )
    follow_up = item(3, "Casse", "Commande CMD-2026-105610 cassée, photo jointe.")
    assert group([first, reused, follow_up]) == [[1], [2, 3]]


def test_a_shortened_order_number_is_the_same_order() -> None:
    items = [
        item(1, "Réclamation", "Commande CMD-2026-104233 pas livrée."),
        item(2, "Relance", "Ma commande 104233, toujours rien.", day=10),
    ]
    assert group(items) == [[1, 2]]


def test_a_generic_subject_joins_only_its_repeat_within_days() -> None:
    items = [
        item(1, "code", "Perdu mon code"),
        item(2, "code", "C'est le code NOVEMBRE20", hour=10),
        item(3, "code", "Nouveau souci avec un autre code", day=25),
    ]
    assert group(items) == [[1, 2], [3]]
    assert generic("reclamation") and generic("ma commande") and generic("")
    assert not generic("carte fidelite bloquee")


def test_similar_messages_join_within_the_window_only() -> None:
    text = "le magasin de lyon n'a pas crédité mes points sur ma carte"
    near = [
        item(1, "Points magasin Lyon", text),
        item(2, "Mes points", text + " toujours", day=6),
    ]
    assert group(near) == [[1, 2]]
    far = [item(1, "Points magasin Lyon", text), item(2, "Mes points", text, day=29)]
    assert group(far, GroupingSettings(window_days=10)) == [[1], [2]]


def test_automatic_mail_makes_one_case_per_sender_apart_from_customers() -> None:
    robot = "mailer-daemon@mx.example"
    items = [
        item(1, "Cadeau non reçu", "Mon cadeau n'est pas arrivé."),
        item(2, "Réponse automatique : Re: Cadeau non reçu", automatic=True),
        item(3, "Undelivered Mail", customer=robot, automatic=True),
        item(4, "Undelivered Mail", customer=robot, automatic=True, day=9),
    ]
    assert group(items) == [[1], [2], [3, 4]]


def test_a_subject_that_says_the_same_in_fewer_words_joins() -> None:
    items = [
        item(1, "Carte fidélité bloquée", "Ma carte ne passe plus en caisse."),
        item(2, "Carte bloquée", "Avez-vous pu regarder ? Je repasse samedi.", day=5),
        item(3, "Carte cadeau expirée", "Ma carte cadeau a expiré hier.", day=6),
    ]
    assert group(items) == [[1, 2], [3]]
