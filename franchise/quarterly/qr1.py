"""The quarterly report template, version QR-1: the published contract.

Operators' finance teams build exports to this layout, so it changes only by
publishing a new version (QR-2, ...) alongside this one; docs/quarterly-report-
template.md is the human-readable copy of what is written here. Pure: no ORM.

- 47 U.S.C. 542(b): the fee is a percentage of gross revenues from cable
  service, so the revenue sheet lists cable revenue by category (the
  categories a Massachusetts license typically lists) and internet revenue,
  which is not cable service, is left out.
- 47 CFR 76.309(c): the customer-service sheet carries the counts from which
  the quarter's percentages are computed, and the busy-signal share of time.
"""

from dataclasses import dataclass

VERSION = "QR-1"

SUMMARY = "Summary"
GROSS_REVENUE = "Gross Revenue"
CUSTOMER_SERVICE = "Customer Service"
SHEETS = (SUMMARY, GROSS_REVENUE, CUSTOMER_SERVICE)

TEXT = "text"
YEAR = "year"
QUARTER = "quarter"
COUNT = "count"
MONEY = "money"
PERCENT = "percent"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    kind: str
    help: str
    required: bool = True


SUMMARY_ROWS = (
    Row("template_version", "Template version", TEXT, f"Leave as {VERSION}: it tells the City which layout you used."),
    Row("provider", "Provider", TEXT, "Your organisation's name as the City knows it (filled in for you)."),
    Row(
        "license_reference",
        "License reference",
        TEXT,
        "The reference of the license this report is for (filled in when you download the template for a license).",
    ),
    Row("year", "Year", YEAR, "The calendar year of the quarter, e.g. 2026."),
    Row("quarter", "Quarter", QUARTER, "1, 2, 3 or 4 (calendar quarters: 1 is January to March)."),
    Row("subscribers", "Subscribers at quarter end", COUNT, "Cable subscribers in the City on the quarter's last day."),
    Row(
        "fee_remitted",
        "Franchise fee remitted",
        MONEY,
        "Dollars and cents paid to the City as the franchise fee for this quarter (47 U.S.C. 542).",
    ),
    Row(
        "peg_remitted",
        "PEG support remitted",
        MONEY,
        "Dollars and cents paid for public, educational and government access support this quarter (0 if none).",
    ),
)

GROSS_REVENUE_HEADER = ("Category", "Amount", "Notes")
# The cable revenue categories of a Massachusetts license's gross-revenue
# report. Each appears once, with 0 when there was none.
CATEGORIES = (
    "Basic service",
    "Expanded and digital tiers",
    "Premium services",
    "Pay-per-view and on-demand",
    "Equipment rental",
    "Installation and service charges",
    "Late fees",
    "Advertising (allocated)",
    "Home-shopping commissions",
    "Franchise fees collected from subscribers",
)
ADJUSTMENTS = "Adjustments"
OTHER_PREFIX = "Other:"
# Words that mark a category as a total, which the City computes itself.
TOTAL_WORDS = ("total", "subtotal", "sum")
# 47 U.S.C. 542(b): internet (cable-modem) revenue is not cable revenue.
NON_CABLE_WORDS = ("internet", "cable modem", "cable-modem", "broadband")

CUSTOMER_SERVICE_HEADER = ("Metric", "Value")
# key: the franchise.CustomerServiceReport field it fills.
CUSTOMER_SERVICE_ROWS = (
    Row("calls_total", "Telephone calls received", COUNT, "Calls to the customer-service line in the quarter."),
    Row(
        "calls_answered_30s",
        "Calls answered within 30 seconds",
        COUNT,
        "Answered by a person within 30 seconds, wait included (76.309(c)(1)(ii): at least 90%).",
    ),
    Row("transfers_total", "Calls transferred", COUNT, "Calls transferred to another representative."),
    Row(
        "transfers_30s",
        "Transfers made within 30 seconds",
        COUNT,
        "Transfers completed within 30 seconds (76.309(c)(1)(ii): at least 90%).",
    ),
    Row(
        "busy_percent",
        "Busy signal (% of the time)",
        PERCENT,
        "Share of the time callers got a busy signal, as a number of percent: 1.5 for 1.5% "
        "(76.309(c)(1)(ii): under 3%).",
    ),
    Row("installs_total", "Standard installations", COUNT, "Installations up to 125 feet from the existing system."),
    Row(
        "installs_7bd",
        "Standard installations within 7 business days",
        COUNT,
        "Done within 7 business days of the order (76.309(c)(2)(i): at least 95%).",
    ),
    Row("outages_total", "Service interruptions", COUNT, "Interruptions reported by customers."),
    Row(
        "outages_begun_24h",
        "Interruptions with work begun within 24 hours",
        COUNT,
        "Work begun within 24 hours of notice (76.309(c)(2)(ii): at least 95%).",
    ),
    Row("service_calls_total", "Other service calls", COUNT, "Service problems other than interruptions."),
    Row(
        "service_calls_next_bd",
        "Other service calls begun by the next business day",
        COUNT,
        "Work begun by the next business day after notice (76.309(c)(2)(ii): at least 95%).",
    ),
    Row("appointments_total", "Appointments", COUNT, "Optional: appointments for service or installation.", False),
    Row(
        "appointments_kept",
        "Appointments kept within a 4-hour window",
        COUNT,
        "Optional: kept within the window given (76.309(c)(2)(iii): at least 95%).",
        False,
    ),
)
# (part, whole): the part can never be more than the whole.
CUSTOMER_SERVICE_PAIRS = (
    ("calls_answered_30s", "calls_total"),
    ("transfers_30s", "transfers_total"),
    ("installs_7bd", "installs_total"),
    ("outages_begun_24h", "outages_total"),
    ("service_calls_next_bd", "service_calls_total"),
    ("appointments_kept", "appointments_total"),
)


def license_reference(provider_short_name, license_pk):
    """The reference printed on the template and checked on upload, e.g. "COMCAST-L12"."""
    return f"{provider_short_name.upper()}-L{license_pk}"


def quarter_months(quarter):
    """First and last month of a calendar quarter: 1 -> (1, 3)."""
    return 3 * quarter - 2, 3 * quarter
