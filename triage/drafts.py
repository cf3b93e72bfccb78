"""A reply to a whole case, as a draft the agent writes herself.

The draft answers the case once: to the customer, `Re:` the case's subject, in
reply to their latest message (In-Reply-To, References), quoting that message
only. It holds no canned text: a greeting in the customer's language with their
name, a line saying that their several messages were all read when there were
several, and, for a `vague` case, the one question the rule found missing, in
their language. The rest is hers to write. Her editor also shows the case digest
(numbers, distinct questions) in a block of `#` lines above the draft, removed
when it is saved, so that every question gets its answer.
"""

import email.policy
import email.utils
from dataclasses import dataclass
from email.message import EmailMessage

from triage.cases.queue import CaseDetail
from triage.records import Message
from triage.rules.catalogue import AUTOMATIC_LABELS
from triage.rules.customers import customer_address
from triage.text import for_display

CUT_LINE = "# ---- write below; the lines starting with # above are removed ----"

# The question a `vague:NAME` rule says is missing, asked in the customer's words.
_ASK_BACK = {
    "fr": {
        "code": "De quel code s'agit-il : un code promo, un code d'activation, un mot "
        "de passe, un bon d'achat ?",
        "order": "Pourriez-vous me donner le numéro de la commande concernée ?",
        "account": "Que se passe-t-il exactement avec votre compte : impossible de "
        "vous connecter, compte bloqué, informations erronées, points manquants ?",
        "card": "De quelle carte s'agit-il : votre carte de fidélité (son numéro), une "
        "carte cadeau, ou la carte bancaire utilisée pour payer ?",
        "points": "Pour quel achat ces points étaient-ils attendus (date, magasin, "
        "ticket ou numéro de commande) ?",
        "voucher": "Pourriez-vous me donner le numéro ou le code du bon d'achat, et "
        "son montant ?",
        "problem": "Qu'est-ce qui ne fonctionne pas (l'application, le site, la carte, "
        "un code ?) et que se passe-t-il ?",
    },
    "en": {
        "code": "Which code do you mean: a promo code, an activation code, a "
        "password, a gift voucher?",
        "order": "Could you give me the number of the order?",
        "account": "What exactly goes wrong with your account: you cannot log in, it "
        "is blocked, some details are wrong, points are missing?",
        "card": "Which card do you mean: your loyalty card (its number), a gift card, "
        "or the bank card you paid with?",
        "points": "Which purchase were the points for (date, store, receipt or order "
        "number)?",
        "voucher": "Could you give me the voucher's number or code, and its amount?",
        "problem": "What does not work (the app, the website, the card, a code?) and "
        "what happens?",
    },
}
_GREETING = {"fr": "Bonjour {name},", "en": "Hello {name},"}
_GREETING_NO_NAME = {"fr": "Bonjour,", "en": "Hello,"}
_SEVERAL = {
    "fr": "J'ai bien lu vos {count} messages et je vous réponds ici sur l'ensemble.",
    "en": "I have read all {count} of your messages and answer them together here.",
}
_BOTH = {
    "fr": "J'ai bien lu vos deux messages et je vous réponds ici sur l'ensemble.",
    "en": "I have read both of your messages and answer them together here.",
}
_WROTE = {"fr": "Le {date}, {name} a écrit :", "en": "On {date}, {name} wrote:"}


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply being written: where it goes and what it says so far."""

    case_id: int
    to_addr: str
    to_name: str
    subject: str
    in_reply_to: str | None
    references: tuple[str, ...]
    body: str


def start_draft(detail: CaseDetail) -> Draft:
    """The opening of a reply to the whole case; the body is hers to write."""
    mine = [m for m in detail.messages if not set(m.labels) & set(AUTOMATIC_LABELS)]
    latest = (mine or list(detail.messages))[-1]
    language = "en" if latest.language == "en" else "fr"
    name = _greeting_name(_customer(latest)[1])
    lines = [
        _GREETING[language].format(name=name) if name else _GREETING_NO_NAME[language]
    ]
    lines.append("")
    if len(mine) == 2:
        lines += [_BOTH[language], ""]
    elif len(mine) > 2:
        lines += [_SEVERAL[language].format(count=len(mine)), ""]
    ask = _ask_back(detail, language)
    if ask:
        lines += [ask, ""]
    lines += ["", ""]
    lines += _quote(latest, language)
    subject = detail.case.facts.subject or latest.subject
    to_addr, to_name = _customer(latest)
    return Draft(
        case_id=detail.case.facts.id,
        to_addr=to_addr,
        to_name=to_name,
        subject=subject if _is_reply(subject) else f"Re: {subject}",
        in_reply_to=latest.message_id,
        references=tuple(
            dict.fromkeys(
                [
                    *latest.references,
                    *([latest.message_id] if latest.message_id else []),
                ]
            )
        ),
        body="\n".join(lines),
    )


def editor_text(draft: Draft, detail: CaseDetail) -> str:
    """What her editor opens: the digest as `#` lines, the cut line, the draft."""
    d = detail.digest
    notes = [f"# To: {draft.to_name} <{draft.to_addr}>", f"# Subject: {draft.subject}"]
    for mention in d.identifiers:
        notes.append(f"# {mention.kind}: {mention.value}")
    for q in d.questions:
        times = f" ({q.times} times)" if q.times > 1 else ""
        notes.append(f"# asks: {q.text}{times}")
    for missing in d.missing:
        notes.append(f"# ask back: {missing}")
    for a in d.attachments:
        notes.append(f"# attached: {a.filename}")
    safe = [for_display(line, single_line=True) for line in notes]
    return "\n".join([*safe, CUT_LINE, draft.body]) + "\n"


def body_from_editor(text: str) -> str:
    """The draft's body from what the editor saved: the `#` block removed."""
    lines = text.splitlines()
    if CUT_LINE in lines:
        lines = lines[lines.index(CUT_LINE) + 1 :]
    else:
        while lines and lines[0].startswith("#"):
            lines.pop(0)
    return "\n".join(lines).strip("\n") + "\n"


def render(draft: Draft, from_addr: str, from_name: str = "") -> bytes:
    """The draft as an RFC 5322 message, ready for the Drafts folder."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = email.utils.formataddr((from_name, from_addr))
    msg["To"] = email.utils.formataddr((draft.to_name, draft.to_addr))
    msg["Subject"] = draft.subject
    msg["Date"] = email.utils.formatdate(localtime=True)
    domain = from_addr.rpartition("@")[2] or "triage.invalid"
    msg["Message-ID"] = email.utils.make_msgid(domain=domain)
    if draft.in_reply_to:
        msg["In-Reply-To"] = draft.in_reply_to
    if draft.references:
        msg["References"] = " ".join(draft.references)
    msg.set_content(draft.body, charset="utf-8", cte="quoted-printable")
    return msg.as_bytes()


def _customer(m: Message) -> tuple[str, str]:
    """Who the reply goes to: the Reply-To person for mail a contact form sent
    on their behalf (`rules.customers`), else the sender."""
    address = customer_address(m.from_addr, m.reply_to)
    if address != m.from_addr:
        return address, m.reply_to_name
    return m.from_addr, m.from_name


def _ask_back(detail: CaseDetail, language: str) -> str:
    """The one question the `vague` rule found missing, if still missing."""
    if not detail.digest.missing:
        return ""
    for m in reversed(detail.messages):
        for label in m.label_details:
            kind = (label.rule or "").partition(":")[2]
            if label.label == "vague" and kind in _ASK_BACK[language]:
                return _ASK_BACK[language][kind]
    return ""


def _quote(m: Message, language: str) -> list[str]:
    when = (m.date or "")[:10]
    head = _WROTE[language].format(date=when, name=m.from_name or m.from_addr)
    text = m.new_text or m.body_text
    return [head, *(f"> {line}" if line else ">" for line in text.splitlines())]


def _greeting_name(display: str) -> str:
    """The name as the customer signs it ("Marie Dupont"); none for an address
    used as a name: "Bonjour marie.d@free.fr," reads as a script."""
    name = display.strip().strip('"')
    return "" if "@" in name else name


def _is_reply(subject: str) -> bool:
    return subject[:3].lower() in ("re:", "re ")
