"""Widgets shared by every form: the USWDS combo box for long lists of choices."""

from django import forms

# More choices than this and a select becomes a combo box: people type part of a name instead of scrolling.
COMBO_BOX_THRESHOLD = 15


class ComboBoxSelect(forms.Select):
    """A select that renders as a USWDS combo box (`usa-combo-box` around the select, which uswds.min.js
    turns into a text box with a filtered list) when it has more than COMBO_BOX_THRESHOLD choices, and as
    a plain select otherwise.

    The decision is taken while rendering, from the options Django has already built for the select, so
    a ModelChoiceField's queryset is read once, as for a plain select. The combo box clears the select
    when it starts, so the chosen value goes on the wrapper (`data-default-value`) and is chosen again;
    the empty choice's label becomes the text box's placeholder (`data-placeholder`)."""

    template_name = "forms/widgets/combo_box.html"
    threshold = COMBO_BOX_THRESHOLD

    @classmethod
    def from_select(cls, select):
        combo = cls(attrs=select.attrs, choices=select.choices)
        combo.is_required = select.is_required
        combo.is_localized = select.is_localized
        return combo

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [option for _, group, _ in context["widget"]["optgroups"] for option in group]
        chosen = [option for option in options if option["selected"] and option["value"] not in ("", None)]
        empty = [option for option in options if option["value"] in ("", None)]
        context["widget"]["combo_box"] = sum(1 for option in options if option["value"] not in ("", None)) > (
            self.threshold
        )
        context["widget"]["default_value"] = str(chosen[0]["value"]) if chosen else ""
        context["widget"]["placeholder"] = str(empty[0]["label"]) if empty else ""
        return context
