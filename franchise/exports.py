"""Columns of the .xlsx / CSV exports (core.exports.export_response does
the writing, formula-injection safe)."""

LICENSE_COLUMNS = [
    ("Provider", lambda lic: lic.provider.name),
    ("License", lambda lic: lic.title),
    ("Type", lambda lic: lic.get_license_kind_display()),
    ("Status", lambda lic: lic.get_status_display()),
    ("Grant date", lambda lic: lic.grant_date),
    ("Effective date", lambda lic: lic.effective_date),
    ("Expiration date", lambda lic: lic.expiration_date),
    ("Renewal window opens (47 U.S.C. 546(a))", lambda lic: lic.renewal_window[0]),
    ("Renewal window closes (47 U.S.C. 546(a))", lambda lic: lic.renewal_window[1]),
    ("Fee rate (%)", lambda lic: lic.fee_rate_percent),
    ("Overdue filings", lambda lic: getattr(lic, "overdue_count", None)),
    ("Next due", lambda lic: getattr(lic, "next_due", None)),
    ("Source document", lambda lic: lic.source_document),
    ("Illustrative", lambda lic: "yes" if lic.is_illustrative else "no"),
]

FILING_COLUMNS = [
    ("Provider", lambda f: f.license.provider.name),
    ("License", lambda f: f.license.title),
    ("Obligation", lambda f: f.obligation.title),
    ("Kind", lambda f: f.obligation.get_kind_display()),
    ("Period start", lambda f: f.period_start),
    ("Period end", lambda f: f.period_end),
    ("Due date", lambda f: f.due_date),
    ("Grace ends", lambda f: f.grace_ends),
    ("Status", lambda f: f.get_status_display()),
    ("Received", lambda f: f.received_date),
    ("Gross revenue", lambda f: f.gross_revenue),
    ("Document reference", lambda f: f.document_reference),
    ("Replaces filing", lambda f: f.replaces_id),
    ("Notes", lambda f: f.notes),
]

PAYMENT_COLUMNS = [
    ("Provider", lambda p: p.license.provider.name),
    ("License", lambda p: p.license.title),
    ("Kind", lambda p: p.get_kind_display()),
    ("Period start", lambda p: p.period_start),
    ("Period end", lambda p: p.period_end),
    ("Amount", lambda p: p.amount),
    ("Received", lambda p: p.received_date),
    ("Reference", lambda p: p.reference),
    ("Counts against the 5% cap", lambda p: "yes" if p.counts_toward_cap else "no"),
    ("Notes", lambda p: p.notes),
]

LEDGER_COLUMNS = [
    ("Period start", lambda row: row.quarter.period_start),
    ("Period end", lambda row: row.quarter.period_end),
    ("Due date", lambda row: row.quarter.due_date),
    ("Gross revenue", lambda row: row.quarter.gross_revenue),
    ("Rate (%)", lambda row: row.quarter.rate_percent),
    ("Fee due", lambda row: row.quarter.fee_due),
    ("Paid", lambda row: row.quarter.paid),
    ("Variance (paid - due)", lambda row: row.quarter.variance),
    ("Late days", lambda row: row.quarter.late_days),
    ("Interest", lambda row: row.quarter.interest),
    ("Status", lambda row: row.quarter.status),
]
