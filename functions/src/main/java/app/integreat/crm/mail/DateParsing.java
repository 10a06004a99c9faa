package app.integreat.crm.mail;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient dates as mail clients write them in forwarded blocks and reply lines, English and German first
 * ("Mon, 23 Nov 2026 10:15:00 +0100", "Monday, November 23, 2026 10:15 AM", "Montag, 23. November 2026 10:15",
 * "23.11.2026 10:15", "Am 23.11.2026 um 10:15 schrieb …"). Without a zone the time is read in Europe/Berlin.
 */
public final class DateParsing {
    /** The zone for dates that name none: the CRM's users are in Germany. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");

    private static final String MONTH_WORD = "(\\p{L}{3,}\\.?)";
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern NUMERIC = Pattern.compile("(?<!\\d)(\\d{1,2})[./](\\d{1,2})[./](\\d{4}|\\d{2})(?!\\d)");
    private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})\\.\\s*(\\d{1,2}|\\p{L}{3,})\\.?\\s*(\\d{1,2})\\.");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
        "(?<!\\d)(\\d{1,2})\\.?\\s+(?:de\\s+)?" + MONTH_WORD + ",?\\s+(?:de\\s+)?(\\d{4})");
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(
        MONTH_WORD + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})");
    private static final Pattern TIME = Pattern.compile(
        "(?<![\\d:.])(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:\\s*([ap])\\.?\\s?m\\.?(?!\\p{L}))?");
    private static final Pattern OFFSET = Pattern.compile("(?:(?:gmt|utc)\\s*)?([+-])(\\d{1,2}):?(\\d{2})?(?!\\d)");
    private static final Pattern ZONE_NAME = Pattern.compile("(?<!\\p{L})(\\p{L}{1,5})(?!\\p{L})");
    private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("gmt", 0), Map.entry("utc", 0),
        Map.entry("ut", 0), Map.entry("z", 0), Map.entry("wet", 0), Map.entry("bst", 60), Map.entry("cet", 60),
        Map.entry("mez", 60), Map.entry("cest", 120), Map.entry("mesz", 120), Map.entry("eet", 120),
        Map.entry("oez", 120), Map.entry("eest", 180), Map.entry("oesz", 180), Map.entry("est", -300),
        Map.entry("edt", -240), Map.entry("cst", -360), Map.entry("cdt", -300), Map.entry("mst", -420),
        Map.entry("mdt", -360), Map.entry("pst", -480), Map.entry("pdt", -420));
    private static final Map<String, Integer> MONTHS = months();
    static final int MAX_DATE_CHARS = 200;

    private DateParsing() {
    }

    /** The instant, or null when no date can be recognized (callers keep the raw text then). */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        // a date is short: the patterns below (with look-arounds, so not RE2/J) only ever see a bounded prefix
        String bounded = text.length() > MAX_DATE_CHARS ? text.substring(0, MAX_DATE_CHARS) : text;
        String s = Normalizer.normalize(bounded, Normalizer.Form.NFC).replace('\u00a0', ' ').strip();
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            // not RFC 5322 to the letter; take it apart below
        }
        String lower = s.toLowerCase(Locale.ROOT);
        DatePart date = findDate(lower);
        if (date == null) {
            return null;
        }
        // what is left after the date holds the time and the zone
        String rest = lower.substring(0, date.start) + " " + lower.substring(date.end);
        LocalTime time = LocalTime.MIDNIGHT;
        Matcher t = TIME.matcher(rest);
        if (t.find()) {
            int hour = Integer.parseInt(t.group(1));
            int minute = Integer.parseInt(t.group(2));
            int second = t.group(3) == null ? 0 : Integer.parseInt(t.group(3));
            if (t.group(4) != null) {
                hour = hour % 12 + (t.group(4).equals("p") ? 12 : 0);
            }
            try {
                time = LocalTime.of(hour, minute, second);
            } catch (DateTimeException e) {
                return null;
            }
            rest = rest.substring(0, t.start()) + " " + rest.substring(t.end());
        }
        try {
            LocalDateTime local = LocalDateTime.of(date.date, time);
            ZoneOffset offset = offset(rest);
            return offset == null ? local.atZone(DEFAULT_ZONE).toInstant() : local.toInstant(offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private record DatePart(LocalDate date, int start, int end) {
    }

    private static DatePart findDate(String s) {
        try {
            Matcher m = ISO.matcher(s);
            if (m.find()) {
                return part(m, int1(m, 1), int1(m, 2), int1(m, 3));
            }
            m = YEAR_FIRST.matcher(s);
            if (m.find() && month(m.group(2)) != null) {
                return part(m, int1(m, 1), month(m.group(2)), int1(m, 3));
            }
            m = NUMERIC.matcher(s);
            if (m.find()) {
                int a = int1(m, 1);
                int b = int1(m, 2);
                int year = year(int1(m, 3));
                // day first, as in Germany, unless the clock says a.m./p.m. (US style) or the day cannot be a month
                boolean us = s.matches("(?s).*\\d\\s*[ap]\\.?m\\.?(?!\\p{L}).*") && b <= 31 && a <= 12;
                return us ? part(m, year, a, b) : part(m, year, b, a);
            }
            m = DAY_MONTH_YEAR.matcher(s);
            while (m.find()) {
                Integer month = month(m.group(2));
                if (month != null) {
                    return part(m, int1(m, 3), month, int1(m, 1));
                }
            }
            m = MONTH_DAY_YEAR.matcher(s);
            while (m.find()) {
                Integer month = month(m.group(1));
                if (month != null) {
                    return part(m, int1(m, 3), month, int1(m, 2));
                }
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private static DatePart part(Matcher m, int year, int month, int day) {
        return new DatePart(LocalDate.of(year, month, day), m.start(), m.end());
    }

    private static int int1(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int year(int year) {
        return year < 100 ? 2000 + year : year;
    }

    private static ZoneOffset offset(String rest) {
        Matcher m = OFFSET.matcher(rest);
        if (m.find()) {
            int hours = Integer.parseInt(m.group(2));
            int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int sign = m.group(1).equals("-") ? -1 : 1;
            return ZoneOffset.ofTotalSeconds(sign * (hours * 3600 + minutes * 60));
        }
        Matcher z = ZONE_NAME.matcher(rest);
        while (z.find()) {
            Integer minutes = ZONES.get(z.group(1));
            if (minutes != null) {
                return ZoneOffset.ofTotalSeconds(minutes * 60);
            }
        }
        return null;
    }

    /** A month from a name or abbreviation in English, German, French, Spanish, Italian, Dutch or Portuguese. */
    private static Integer month(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace(".", "");
        if (w.matches("\\d{1,2}")) {
            int n = Integer.parseInt(w);
            return n >= 1 && n <= 12 ? n : null;
        }
        if (w.length() < 3) {
            return null;
        }
        Integer found = null;
        for (Map.Entry<String, Integer> e : MONTHS.entrySet()) {
            if (e.getKey().startsWith(w)) {
                if (found != null && !found.equals(e.getValue())) {
                    return null;
                }
                found = e.getValue();
            }
        }
        return found;
    }

    private static Map<String, Integer> months() {
        String[][] names = {
            {"january", "januar", "jänner", "janvier", "enero", "gennaio", "januari", "janeiro"},
            {"february", "februar", "février", "fevrier", "febrero", "febbraio", "februari", "fevereiro"},
            {"march", "märz", "maerz", "mars", "marzo", "maart", "março"},
            {"april", "avril", "abril", "aprile"},
            {"may", "mai", "mayo", "maggio", "mei", "maio"},
            {"june", "juni", "juin", "junio", "giugno", "junho"},
            {"july", "juli", "juillet", "julio", "luglio", "julho"},
            {"august", "août", "aout", "agosto", "augustus"},
            {"september", "septembre", "septiembre", "settembre", "setembro", "sept"},
            {"october", "oktober", "octobre", "octubre", "ottobre", "outubro"},
            {"november", "novembre", "noviembre", "novembro"},
            {"december", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"},
        };
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            for (String name : names[i]) {
                map.put(name, i + 1);
            }
        }
        return map;
    }
}
