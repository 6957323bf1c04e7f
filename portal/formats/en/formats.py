"""English date formats of the portal (FORMAT_MODULE_PATH), over Django's: times on the 24-hour clock,
as in Indonesian and as the portal writes them (09:00–15:00 WIB). Django's English "4:58 p.m." also
ended every sentence that closes with a time in a doubled full stop ("until Dec. 10, 2026, 4:58 p.m..")."""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
