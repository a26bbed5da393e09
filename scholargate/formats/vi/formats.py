# Django's Vietnamese dates begin with a capital "Ngày", which reads wrongly inside a sentence
# ("cập nhật lần cuối Ngày 07 tháng 12"); a date here is written as Vietnamese writes it in text.
DATE_FORMAT = r"j \t\há\n\g n \nă\m Y"
DATETIME_FORMAT = r"H:i, j \t\há\n\g n \nă\m Y"
