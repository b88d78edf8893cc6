"""Date formats for every page: a bare {{ value }} and |date without a format look like the
`day` and `moment` filters in core/templatetags/conduit.py ("Tue, Dec 7, 2026")."""

DATE_FORMAT = "D, M j, Y"
DATETIME_FORMAT = "D, M j, Y, g:i a"
SHORT_DATE_FORMAT = "D, M j, Y"
SHORT_DATETIME_FORMAT = "D, M j, Y, g:i a"
