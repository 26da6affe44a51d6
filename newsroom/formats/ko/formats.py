# The dates Korean news sites print: "2025.03.08 06:00", "2025.03.08".
# Only these are overridden; input formats and the rest come from Django's "ko".
DATE_FORMAT = "Y.m.d"
DATETIME_FORMAT = "Y.m.d H:i"
SHORT_DATE_FORMAT = "Y.m.d"
SHORT_DATETIME_FORMAT = "Y.m.d H:i"
MONTH_DAY_FORMAT = "m.d"
