# Django's German formats, and ours.
DAY_MONTH_FORMAT = "j. F"
WEEKDAY_FORMAT = "l, j. F"
SHORT_WEEKDAY_FORMAT = "l, j. F"
