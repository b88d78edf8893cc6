"""The nine kinds of compliance letter: fields, placeholders, first wording. Pure, no ORM.

Each kind names the records a letter of that kind is made from, the values
it carries (prefilled from the record, some editable by Legal, some computed
from the record and the issue date and never typed by hand), the citations
it rests on and the first version of its wording (seeded by migration; Legal
edits the wording in the app from then on, and every version is kept).

Citations:
- 47 U.S.C. 546(d): a renewal may be denied for a past violation only if the
  operator had notice of it and an opportunity to cure (cure notice).
- 47 U.S.C. 542 and the license: franchise fees, late interest at the
  license's rate (fee letter; arithmetic in franchise/fees.py).
- 47 CFR 76.309(a): 90 days' written notice of intent to enforce the
  customer-service standards of 76.309(c).
- 47 U.S.C. 546(a): the renewal window (expiry - 36 to - 30 months) and the
  ascertainment proceeding, commenced within 6 months of the operator's
  notice (franchise/renewal.py).
- 47 CFR 1.6003(d): incompleteness notices, each missing item with its rule;
  reset, tolling or no effect on the shot clock (permits/shotclock.py).
- 47 CFR 1.6003(d) opening words and 1.6100(c)(3): tolling by written
  agreement.
- 47 U.S.C. 332(c)(7)(B)(iii): a denial in writing with its reasons, given
  at the same time as the decision (T-Mobile South v. Roswell, 2015);
  (B)(v): 30 days to sue.
- 47 U.S.C. 1455(a) and 47 CFR 1.6100(c)(4): an eligible facilities request
  not decided in 60 days is deemed granted on the applicant's written notice.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from letters.placeholders import used

TEXT = "text"
LONGTEXT = "longtext"
DATE = "date"
MONEY = "money"
INT = "int"
PERCENT = "percent"
LIST = "list"  # one item a line
PAIRS = "pairs"  # one "item | rule" a line
LIST_TYPES = (LIST, PAIRS)

FRANCHISE_LICENSE = "franchise.license"
FRANCHISE_FILING = "franchise.filing"
FRANCHISE_PAYMENT = "franchise.payment"
PERMIT_APPLICATION = "permits.permitapplication"

CURE_DAYS_DEFAULT = 30
PAY_DAYS_DEFAULT = 30
CS_NOTICE_DAYS = 90  # 47 CFR 76.309(a)
TOLLING_DAYS_DEFAULT = 30


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = TEXT
    help: str = ""
    required: bool = True
    computed: bool = False  # from the record and the issue date; never typed by hand

    @property
    def is_placeholder(self):
        return self.type not in LIST_TYPES


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    citation: str
    sources: tuple
    fields: tuple
    subject: str
    body: str
    closing: str
    description: str = ""

    @property
    def template_name(self):
        return f"letters/printed/{self.code}.html"


COMMON_FIELDS = (
    Field("provider_name", "Recipient", help="The organisation, as it appears in the address block."),
    Field(
        "recipient_address",
        "Recipient address",
        LONGTEXT,
        help="Street, city, state and ZIP code, one line each. Printed where a #10 window envelope shows it.",
    ),
    Field("attention", "Attention line", required=False, help="The person the letter is addressed to, if any."),
    Field("salutation", "Salutation", help="For example “Dear Ms. Whitfield:”."),
    Field("reference", "Re: line", help="What the letter is about, as the recipient files it."),
    Field("signatory_name", "Signed by"),
    Field("signatory_title", "Signatory's title"),
    Field("cc", "Copies to", required=False),
)
ISSUE_FIELDS = (
    Field("letter_number", "Letter number", computed=True, help="Assigned when the letter is issued."),
    Field("issue_date", "Issue date", DATE, computed=True, help="The day the letter is issued."),
    Field("supersedes_number", "Supersedes letter", required=False, computed=True),
    Field("supersedes_date", "Superseded letter's date", DATE, required=False, computed=True),
)

_LICENSE = Field("license_title", "License")
_APPLICATION = (
    Field("application_reference", "Application"),
    Field("submitted_on", "Submitted on", DATE),
    Field("category_label", "Category"),
)
_SITES = Field("sites", "Sites", LIST, required=False, help="One address a line.")

CURE_NOTICE = Kind(
    code="cure_notice",
    label="Non-compliance: notice and opportunity to cure",
    citation="47 U.S.C. 546(d)",
    sources=(FRANCHISE_FILING, FRANCHISE_LICENSE),
    description="A license requirement is not met. Under 47 U.S.C. 546(d) a violation can count against renewal "
    "only if the operator had notice and an opportunity to cure: this letter is that notice.",
    fields=(
        _LICENSE,
        Field("requirement", "Requirement not met", help="The license section or obligation, with its clause."),
        Field("violation", "The non-compliance", LONGTEXT, help="What happened, with dates. Shown under the text."),
        Field("cure_days", "Days to cure", INT, help="Counted from the issue date."),
        Field(
            "cure_by",
            "Cure by",
            DATE,
            computed=True,
            help="Issue date plus the days to cure, moved to the next business day if it is not one.",
        ),
    ),
    subject="Notice of non-compliance and opportunity to cure: {{ license_title }}",
    body=(
        "The City of Boston (the “City”), as issuing authority of the cable television license "
        "{{ license_title }} (the “License”), gives {{ provider_name }} written notice that it is not in "
        "compliance with {{ requirement }}. The non-compliance is described below.\n\n"
        "Under 47 U.S.C. 546(d), this letter is the City's notice of the non-compliance and your opportunity "
        "to cure it."
    ),
    closing=(
        "You must cure the non-compliance within {{ cure_days }} days of the date of this letter, that is on or "
        "before {{ cure_by }}, and confirm to the undersigned in writing how it was cured. If you believe you are "
        "in compliance, say so in writing by the same date, with the documents that show it.\n\n"
        "If the non-compliance is not cured by that date, the City may exercise any remedy available to it under "
        "the License, M.G.L. c.166A and other applicable law, and may consider the non-compliance in any "
        "proceeding on the renewal of the License (47 U.S.C. 546(c)(1)(A) and 546(d)). Nothing in this letter "
        "waives any right or remedy of the City."
    ),
)

FEE_INTEREST = Kind(
    code="fee_interest",
    label="Late or short payment of franchise fees, with interest",
    citation="47 U.S.C. 542; the License",
    sources=(FRANCHISE_FILING, FRANCHISE_PAYMENT),
    description="A quarter's franchise fee was paid late or short. The amounts come from the fee ledger "
    "(franchise/fees.py: simple interest at the license rate, actual/365) and are recomputed on the issue date.",
    fields=(
        _LICENSE,
        Field("period", "Period", computed=True),
        Field("due_date", "Fee due on", DATE, computed=True),
        Field("gross_revenue", "Reported gross revenue from cable service", MONEY, computed=True),
        Field("fee_rate", "Franchise fee rate", PERCENT, computed=True),
        Field("fee_due", "Fee due", MONEY, computed=True),
        Field("amount_paid", "Fee paid", MONEY, computed=True),
        Field("shortfall", "Fee still unpaid", MONEY, computed=True),
        Field("paid_in_full_on", "Paid in full on", DATE, required=False, computed=True),
        Field("days_late", "Days late", INT, computed=True),
        Field("interest_rate", "Interest rate (a year)", PERCENT, computed=True),
        Field("interest_as_of", "Interest computed through", DATE, computed=True),
        Field("interest", "Interest", MONEY, computed=True),
        Field("interest_paid", "Interest already paid", MONEY, computed=True),
        Field("total_due", "Amount now due", MONEY, computed=True),
        Field("pay_days", "Days to pay", INT, help="Counted from the issue date."),
        Field("pay_by", "Pay by", DATE, computed=True),
    ),
    subject="Late or short payment of franchise fees, {{ period }}: {{ license_title }}",
    body=(
        "Under the cable television license {{ license_title }} (the “License”) and 47 U.S.C. 542, "
        "{{ provider_name }} pays the City of Boston (the “City”) a franchise fee of {{ fee_rate }} of its gross "
        "revenues from cable service. The fee for {{ period }} was due on {{ due_date }}.\n\n"
        "The City's records for that period are set out below. Interest is simple interest at {{ interest_rate }} "
        "a year, as the License provides, on the unpaid fee from the day after the due date until each payment "
        "was received, computed through {{ interest_as_of }}."
    ),
    closing=(
        "Please pay {{ total_due }} on or before {{ pay_by }}, identifying this letter ({{ letter_number }}) with "
        "the payment. Interest continues to accrue on any unpaid fee at the License rate until it is paid.\n\n"
        "If you dispute these figures, send the undersigned your computation and the records that support it by "
        "the same date. Nothing in this letter waives any right or remedy of the City, including its right to "
        "audit your gross revenues under the License."
    ),
)

CS_ENFORCEMENT = Kind(
    code="cs_enforcement",
    label="Notice of intent to enforce customer-service standards",
    citation="47 CFR 76.309(a), (c)",
    sources=(FRANCHISE_LICENSE,),
    description="The City must give an operator 90 days' written notice before it enforces the 47 CFR 76.309(c) "
    "standards. The failed standards come from the latest quarterly customer-service report.",
    fields=(
        _LICENSE,
        Field("period", "Report period"),
        Field("failures", "Standards not met", LIST, help="One a line, with the measured figure and the standard."),
        Field("notice_days", "Days of notice", INT, help="At least 90 (47 CFR 76.309(a))."),
        Field("enforce_from", "Enforcement begins", DATE, computed=True),
    ),
    subject="Notice of intent to enforce customer service standards (47 CFR 76.309): {{ license_title }}",
    body=(
        "The City of Boston (the “City”), as franchising authority for the cable television license "
        "{{ license_title }} (the “License”), gives {{ provider_name }} written notice of its intent to enforce the "
        "customer service standards of 47 CFR 76.309(c).\n\n"
        "Your customer service report for {{ period }} shows that the following standards were not met:"
    ),
    closing=(
        "Under 47 CFR 76.309(a), the City must give a cable operator 90 days' written notice of its intent to "
        "enforce the standards. This letter is that notice. The City will enforce the standards on and after "
        "{{ enforce_from }} and may then exercise the remedies available to it under the License and applicable "
        "law for any failure to meet them.\n\n"
        "Please send the undersigned, before that date, a written plan describing how you will meet each standard "
        "listed above."
    ),
)

RENEWAL_ASCERTAINMENT = Kind(
    code="renewal_ascertainment",
    label="Renewal window: acknowledgement and commencement of ascertainment",
    citation="47 U.S.C. 546(a)",
    sources=(FRANCHISE_LICENSE,),
    description="Acknowledges the operator's renewal notice and commences the 47 U.S.C. 546(a) proceeding. "
    "The window and the commencement deadline come from franchise/renewal.py.",
    fields=(
        _LICENSE,
        Field("expiration_date", "License expires", DATE, computed=True),
        Field("window_opens", "Renewal window opens", DATE, computed=True),
        Field("window_closes", "Renewal window closes", DATE, computed=True),
        Field("notice_date", "Operator's renewal notice dated", DATE, required=False),
        Field(
            "commence_by",
            "Commence by",
            DATE,
            required=False,
            computed=True,
            help="Six months after a notice given inside the window; none for a notice outside it.",
        ),
    ),
    subject="Cable license renewal: commencement of the ascertainment proceeding (47 U.S.C. 546(a))",
    body=(
        "The cable television license {{ license_title }} (the “License”) held by {{ provider_name }} expires on "
        "{{ expiration_date }}. Under 47 U.S.C. 546(a), the formal renewal process may begin in the six months "
        "that start 36 months before expiration, from {{ window_opens }} to {{ window_closes }}.\n\n"
        "The City of Boston (the “City”) acknowledges receipt of your written renewal notice dated "
        "{{ notice_date }}. By this letter the City commences, as of {{ issue_date }}, the proceeding under "
        "47 U.S.C. 546(a) to identify the future cable-related community needs and interests of Boston and to "
        "review your performance under the License during its current term. The last day for the City to "
        "commence it following your notice is {{ commence_by }}."
    ),
    closing=(
        "The City will give public notice of the proceeding, including the dates of its public hearings, and will "
        "share the resulting assessment of needs with you. After the proceeding the City may ask you to submit a "
        "renewal proposal under 47 U.S.C. 546(b).\n\n"
        "Nothing in this letter waives any right of the City under 47 U.S.C. 546, M.G.L. c.166A s.13, 207 CMR 3.00 "
        "or the License, including the right to agree to an informal renewal under 47 U.S.C. 546(h)."
    ),
)

SMALLCELL_INCOMPLETE = Kind(
    code="smallcell_incomplete",
    label="Small-cell application: notice of incompleteness",
    citation="47 CFR 1.6003(d); 1.6100(c)(3)",
    sources=(PERMIT_APPLICATION,),
    description="Names each missing item with the published rule that requires it and states the effect on the "
    "shot clock (reset for a small wireless facility within 10 days, tolling otherwise, none when late), as "
    "permits/shotclock.py computes it.",
    fields=(
        *_APPLICATION,
        Field(
            "notice_date",
            "Notice dated",
            DATE,
            computed=True,
            help="The incompleteness notice logged on the application, or the issue date when none is logged.",
        ),
        Field(
            "missing_items",
            "Missing items",
            PAIRS,
            help="One a line: the missing item, a vertical bar, the published rule that requires it.",
        ),
        Field("clock_effect", "Effect on the shot clock", LONGTEXT, computed=True),
    ),
    subject="Notice of incomplete application: small-cell application {{ application_reference }}",
    body=(
        "The City of Boston (the “City”) has reviewed the application {{ application_reference }} of "
        "{{ provider_name }}, submitted on {{ submitted_on }} ({{ category_label }}). The application is "
        "materially incomplete. Each missing document or item of information, and the published rule that "
        "requires it, is listed below (47 CFR 1.6003(d))."
    ),
    closing=(
        "Effect on the shot clock: {{ clock_effect }}\n\n"
        "Please resubmit the application with every item listed above. The City will tell you within 10 days of "
        "the resubmission if items from this notice are still missing (47 CFR 1.6003(d)(3))."
    ),
)

TOLLING_AGREEMENT = Kind(
    code="tolling_agreement",
    label="Small-cell application: tolling agreement",
    citation="47 CFR 1.6003(d); 1.6100(c)(3)",
    sources=(PERMIT_APPLICATION,),
    description="A written agreement extending the shot clock. The new shot-clock date is computed by "
    "permits/shotclock.py with the agreement dated on the issue date.",
    fields=(
        *_APPLICATION,
        Field("current_deadline", "Shot-clock date now", DATE, computed=True),
        Field("tolling_days", "Days added", INT),
        Field("new_deadline", "New shot-clock date", DATE, computed=True),
        Field("purpose", "Purpose of the extension", LONGTEXT, required=False),
    ),
    subject="Tolling agreement: small-cell application {{ application_reference }}",
    body=(
        "The City of Boston (the “City”) and {{ provider_name }} (the “Applicant”) agree as follows about the "
        "application {{ application_reference }}, submitted on {{ submitted_on }} ({{ category_label }}).\n\n"
        "1. The period for the City to act on the application (the “shot clock”) is extended by {{ tolling_days }} "
        "days. The shot-clock date, now {{ current_deadline }}, becomes {{ new_deadline }}.\n\n"
        "2. The parties make this agreement in writing under 47 CFR 1.6003(d) and 47 CFR 1.6100(c)(3), which let "
        "the shot clock be extended by mutual agreement."
    ),
    closing=(
        "3. Nothing in this agreement waives any other right of either party. It takes effect when both parties "
        "have signed it: please sign below and return a copy to the undersigned."
    ),
)

APPROVAL_CONDITIONS = Kind(
    code="approval_conditions",
    label="Small-cell application: approval with conditions",
    citation="47 U.S.C. 332(c)(7)(B)",
    sources=(PERMIT_APPLICATION,),
    description="The written approval, with each condition and the sites it covers.",
    fields=(
        *_APPLICATION,
        Field("decision_date", "Decided on", DATE),
        _SITES,
        Field("conditions", "Conditions", LIST, help="One a line."),
        Field("permit_numbers", "Permits", required=False),
    ),
    subject="Approval with conditions: small-cell application {{ application_reference }}",
    body=(
        "The City of Boston (the “City”) approves the application {{ application_reference }} of "
        "{{ provider_name }}, submitted on {{ submitted_on }} ({{ category_label }}), subject to the conditions "
        "listed below. The decision was made on {{ decision_date }} and covers the sites listed below."
    ),
    closing=(
        "Each condition applies the City's published requirements for wireless facilities in the public way. "
        "Work may not begin until every permit it needs has been issued, and a failure to meet a condition may "
        "lead to the revocation of this approval.\n\n"
        "Please direct any questions to the undersigned."
    ),
)

DENIAL_REASONS = Kind(
    code="denial_reasons",
    label="Small-cell application: denial with written reasons",
    citation="47 U.S.C. 332(c)(7)(B)(iii)",
    sources=(PERMIT_APPLICATION,),
    description="A denial must be in writing, with its reasons, given at the same time as the decision "
    "(47 U.S.C. 332(c)(7)(B)(iii); T-Mobile South v. Roswell, 574 U.S. 293 (2015)).",
    fields=(
        *_APPLICATION,
        Field("decision_date", "Decided on", DATE),
        _SITES,
        Field("reasons", "Reasons", LIST, help="One a line; each should rest on evidence in the written record."),
    ),
    subject="Denial of small-cell application {{ application_reference }}, with written reasons",
    body=(
        "The City of Boston (the “City”) denies the application {{ application_reference }} of {{ provider_name }}, "
        "submitted on {{ submitted_on }} ({{ category_label }}). The decision was made on {{ decision_date }}.\n\n"
        "As 47 U.S.C. 332(c)(7)(B)(iii) requires, the decision is in writing and supported by substantial evidence "
        "in the written record. Its reasons, given at the same time as the decision (T-Mobile South, LLC v. City "
        "of Roswell, 574 U.S. 293 (2015)), are:"
    ),
    closing=(
        "Under 47 U.S.C. 332(c)(7)(B)(v), any person adversely affected by this final action may, within 30 days "
        "after it, commence an action in any court of competent jurisdiction.\n\n"
        "You may submit a new application that addresses the reasons above."
    ),
)

DEEMED_GRANTED = Kind(
    code="deemed_granted",
    label="Section 6409(a) request: deemed-granted acknowledgement",
    citation="47 U.S.C. 1455(a); 47 CFR 1.6100(c)(4)",
    sources=(PERMIT_APPLICATION,),
    description="An eligible facilities request not decided within 60 days is deemed granted once the applicant "
    "notifies the City in writing after the period has run (47 CFR 1.6100(c)(4)).",
    fields=(
        *_APPLICATION,
        Field("review_deadline", "Review period ended", DATE, computed=True),
        Field("applicant_notice_date", "Applicant's written notice dated", DATE),
        _SITES,
    ),
    subject="Acknowledgement: eligible facilities request {{ application_reference }} deemed granted",
    body=(
        "The City of Boston (the “City”) acknowledges that the eligible facilities request "
        "{{ application_reference }} of {{ provider_name }}, submitted on {{ submitted_on }} under section 6409(a) "
        "of the Spectrum Act (47 U.S.C. 1455(a)), was not decided within the 60-day review period of "
        "47 CFR 1.6100(c)(2), which ended on {{ review_deadline }}.\n\n"
        "On {{ applicant_notice_date }} you notified the City in writing that the request is deemed granted. Under "
        "47 CFR 1.6100(c)(4), the request is deemed granted as of that notice."
    ),
    closing=(
        "This acknowledgement covers the sites listed above. It does not relieve you of the duty to comply with "
        "generally applicable building, structural, electrical and safety codes and other laws reasonably related "
        "to health and safety, or to obtain the permits they require. The City reserves any right it has to "
        "challenge the deemed grant in a court of competent jurisdiction."
    ),
)

KINDS = {
    kind.code: kind
    for kind in (
        CURE_NOTICE,
        FEE_INTEREST,
        CS_ENFORCEMENT,
        RENEWAL_ASCERTAINMENT,
        SMALLCELL_INCOMPLETE,
        TOLLING_AGREEMENT,
        APPROVAL_CONDITIONS,
        DENIAL_REASONS,
        DEEMED_GRANTED,
    )
}
CHOICES = [(kind.code, kind.label) for kind in KINDS.values()]


def get(code):
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown letter kind {code!r}; choose one of {', '.join(KINDS)}.") from None


def all_fields(code):
    return (*COMMON_FIELDS, *get(code).fields, *ISSUE_FIELDS)


def field_map(code):
    return {field.name: field for field in all_fields(code)}


def placeholder_names(code):
    """The whitelist: every single-valued field of the kind (lists are shown in the letter's tables)."""
    return frozenset(field.name for field in all_fields(code) if field.is_placeholder)


def editable_fields(code):
    return [field for field in (*COMMON_FIELDS, *get(code).fields) if not field.computed]


# Values -------------------------------------------------------------------
# Stored in the letter's JSON as: dates "YYYY-MM-DD", money and percentages as
# decimal strings, whole numbers as int, lists as lists of strings, pairs as
# lists of [item, rule]. Empty is "" (or [] for lists).


def parse_date(value):
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def parse_decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"{value!r} is not a number.") from error


def to_json(field, value):
    """A Python value (date, Decimal, int, list) as the letter's JSON stores it."""
    if field.type in LIST_TYPES:
        return [list(item) if isinstance(item, tuple) else item for item in (value or [])]
    if value is None:
        return ""
    if field.type == DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if field.type in (MONEY, PERCENT):
        return str(value)
    if field.type == INT:
        return int(value)
    return str(value)


def long_date(day):
    """'March 5, 2027': how the letters write dates."""
    return f"{day:%B} {day.day}, {day.year}"


def money(value):
    return f"${value:,.2f}"


def percent(value):
    """12.000 -> '12%', 1.500 -> '1.5%'."""
    return f"{format(value.normalize(), 'f')}%"


def display(field, value):
    """How a stored value reads in the letter."""
    if field.type in LIST_TYPES:
        return list(value or [])
    if value in (None, ""):
        return ""
    if field.type == DATE:
        return long_date(parse_date(value))
    if field.type == MONEY:
        return money(parse_decimal(value))
    if field.type == PERCENT:
        return percent(parse_decimal(value))
    return str(value)


def display_values(code, data):
    return {field.name: display(field, data.get(field.name)) for field in all_fields(code)}


def missing_values(code, data, texts):
    """Required fields with no value, and placeholders the texts use that have none, as messages."""
    fields = field_map(code)
    messages = []
    for field in fields.values():
        value = data.get(field.name)
        if field.required and field.name not in ("letter_number", "issue_date") and value in (None, "", []):
            messages.append(f"{field.label} has no value.")
    for text in texts:
        for name in used(text):
            if name in fields and not fields[name].required and data.get(name) in (None, ""):
                messages.append(
                    f"The text uses {{{{ {name} }}}} ({fields[name].label}) but it has no value: "
                    "give one, or take it out of the text."
                )
    return messages


# Dates that follow from the issue date ---------------------------------------


def after_issue(code, data, issue_date, calendar):
    """Values computed from the issue date: cure, payment and enforcement dates.

    A cure or payment date that falls on a weekend, holiday or City closure
    day moves to the next business day (the operator's benefit; the letter
    states the date, so nobody has to count). The 76.309(a) date does not
    move: the City may enforce on and after day 90, and enforcing later is
    always allowed.
    """
    values = {}
    if code == CURE_NOTICE.code and data.get("cure_days") not in (None, ""):
        values["cure_by"] = calendar.next_business_day(issue_date + timedelta(days=int(data["cure_days"])))
    if code == FEE_INTEREST.code and data.get("pay_days") not in (None, ""):
        values["pay_by"] = calendar.next_business_day(issue_date + timedelta(days=int(data["pay_days"])))
    if code == CS_ENFORCEMENT.code and data.get("notice_days") not in (None, ""):
        values["enforce_from"] = issue_date + timedelta(days=int(data["notice_days"]))
    return values


def input_errors(code, data):
    """Rule checks on the values Legal types: {field name: message}."""
    errors = {}
    notice_days = data.get("notice_days")
    if code == CS_ENFORCEMENT.code and notice_days not in (None, "") and int(notice_days) < CS_NOTICE_DAYS:
        errors["notice_days"] = "47 CFR 76.309(a) requires at least 90 days' written notice."
    for name in ("cure_days", "pay_days", "tolling_days"):
        if data.get(name) not in (None, "") and int(data[name]) < 1:
            errors[name] = "Give at least one day."
    if code == SMALLCELL_INCOMPLETE.code:
        for number, pair in enumerate(data.get("missing_items") or [], start=1):
            if len(pair) != 2 or not str(pair[0]).strip() or not str(pair[1]).strip():
                errors["missing_items"] = (
                    f"Line {number}: give the missing item and the published rule that requires it, separated by "
                    "“|” (47 CFR 1.6003(d)(1)-(2))."
                )
                break
    return errors


# The shot clock, in words ------------------------------------------------------

RESET = "reset"
TOLL = "toll"
NO_EFFECT = "none"


def clock_effect_text(
    *,
    effect,
    days,
    notice_date,
    remaining=None,
    deadline=None,
    further=False,
    eligible_facilities=False,
    answered_on=None,
):
    """The sentence an incompleteness notice gives about the shot clock (47 CFR 1.6003(d); 1.6100(c)(3))."""
    if effect == RESET:
        # 47 CFR 1.6003(d)(1): a timely SWF notice restarts the clock at zero on resubmission.
        return (
            "This notice is sent within 10 days of submission, so the shot clock for this small wireless facility "
            f"application is reset: a new {days}-day period will begin on the day you resubmit the application "
            "with the missing items (47 CFR 1.6003(d)(1))."
        )
    if effect == TOLL:
        after = long_date(notice_date + timedelta(days=1))
        if further:
            cite = "47 CFR 1.6100(c)(3)(iii)" if eligible_facilities else "47 CFR 1.6003(d)(3)"
            opening = (
                f"This notice is sent within 10 days of your resubmission of {long_date(answered_on)} and names items "
                "from the earlier notice that are still missing, so the shot clock is tolled again"
            )
        else:
            cite = "47 CFR 1.6100(c)(3)(i)" if eligible_facilities else "47 CFR 1.6003(d)(2)"
            opening = "This notice is sent within 30 days of submission, so the shot clock is tolled"
        left = f"; {remaining} days will remain on it when you do" if remaining is not None else ""
        return f"{opening} from {after} until the day you resubmit the application{left} ({cite})."
    cite = "47 CFR 1.6100(c)(3)" if eligible_facilities else "47 CFR 1.6003(d)"
    when = f" The shot-clock date remains {long_date(deadline)}." if deadline else ""
    return (
        "This notice is sent after the period in which an incompleteness notice affects the shot clock, so it does "
        f"not reset or toll the clock, which continues to run ({cite}).{when}"
    )
