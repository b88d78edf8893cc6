"""Small-cell fees against the FCC's presumptively reasonable amounts. Pure, no ORM.

FCC 18-133 (Small Cell Order, 2018) para. 79 presumes these fees reasonable
for small wireless facilities:

- non-recurring: $500 for a single application of up to five SWFs, plus $100
  for each SWF beyond five; or $1,000 for a new pole (not a collocation)
  intended to support one or more SWFs;
- recurring: $270 per SWF per year, all recurring charges included (right-of-
  way access and attachment to City-owned structures).

Higher fees are not forbidden, but must be a reasonable approximation of the
City's objectively reasonable costs (para. 50, 80); City of Portland v. United
States (9th Cir. 2020) upheld this. A City fee above the presumption is
therefore flagged, not refused: staff need the cost basis on file.

Reading for a batch with both collocations and new poles (the order does not
say): the $500 base covers up to five collocated SWFs and each new pole adds
$1,000. Conduit applies the City's own schedule with the same structure, since
Boston's amounts are unconfirmed and are a staff-edited setting.
"""

from dataclasses import dataclass
from decimal import Decimal

from permits import shotclock

ZERO = Decimal("0")
BASE_COVERS = 5  # SWFs covered by the base application fee, para. 79


@dataclass(frozen=True)
class Schedule:
    application_up_to_five: Decimal
    each_additional: Decimal
    new_pole: Decimal
    annual_per_swf: Decimal


FCC_PRESUMPTIVE = Schedule(
    application_up_to_five=Decimal("500"),
    each_additional=Decimal("100"),
    new_pole=Decimal("1000"),
    annual_per_swf=Decimal("270"),
)


@dataclass(frozen=True)
class FeeCheck:
    collocations: int
    new_poles: int
    city_application: Decimal
    fcc_application: Decimal
    city_annual: Decimal
    fcc_annual: Decimal
    findings: tuple

    @property
    def application_above(self):
        return self.city_application > self.fcc_application

    @property
    def annual_above(self):
        return self.city_annual > self.fcc_annual

    @property
    def flagged(self):
        return self.application_above or self.annual_above


def count_swfs(site_categories):
    """(collocated SWFs, SWFs on new poles) among a batch's site categories."""
    collocations = sum(1 for code in site_categories if code == shotclock.SWF_COLLOCATION)
    new_poles = sum(1 for code in site_categories if code == shotclock.SWF_NEW_STRUCTURE)
    return collocations, new_poles


def application_fee(schedule, *, collocations, new_poles):
    """Non-recurring fee for one application (FCC 18-133 para. 79(a))."""
    fee = ZERO
    if collocations:
        fee += schedule.application_up_to_five + schedule.each_additional * max(0, collocations - BASE_COVERS)
    return fee + schedule.new_pole * new_poles


def annual_fee(schedule, *, swfs):
    """Recurring fee per year (FCC 18-133 para. 79(b))."""
    return schedule.annual_per_swf * swfs


def check(city, *, site_categories):
    """Compare the City's fees for a batch with the FCC presumptions.

    Only SWF sites are counted: the presumptions of para. 79 are for small
    wireless facilities; other deployments are outside them.
    """
    collocations, new_poles = count_swfs(site_categories)
    swfs = collocations + new_poles
    city_app = application_fee(city, collocations=collocations, new_poles=new_poles)
    fcc_app = application_fee(FCC_PRESUMPTIVE, collocations=collocations, new_poles=new_poles)
    city_year = annual_fee(city, swfs=swfs)
    fcc_year = annual_fee(FCC_PRESUMPTIVE, swfs=swfs)
    findings = []
    others = len(site_categories) - swfs
    if others:
        findings.append(
            f"{others} site(s) are not small wireless facilities; the FCC presumptions (FCC 18-133 para. 79) do not "
            "cover them."
        )
    if swfs:
        for label, city_amount, fcc_amount in (
            ("Application fee", city_app, fcc_app),
            ("Annual recurring fee", city_year, fcc_year),
        ):
            if city_amount > fcc_amount:
                findings.append(
                    f"{label} ${city_amount:,.2f} is above the FCC presumptively reasonable ${fcc_amount:,.2f} "
                    "(FCC 18-133 para. 79): the City must be able to show it approximates its reasonable costs "
                    "(para. 50, 80)."
                )
            else:
                findings.append(
                    f"{label} ${city_amount:,.2f} is within the FCC presumptively reasonable ${fcc_amount:,.2f} "
                    "(FCC 18-133 para. 79)."
                )
    return FeeCheck(collocations, new_poles, city_app, fcc_app, city_year, fcc_year, tuple(findings))
