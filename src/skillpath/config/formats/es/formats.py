# Django's Spanish formats, and ours.
DAY_MONTH_FORMAT = r"j \d\e F"
WEEKDAY_FORMAT = r"l, j \d\e F"
SHORT_WEEKDAY_FORMAT = r"l, j \d\e F"
