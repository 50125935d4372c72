package dev.threadline.gateway.usage;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import dev.threadline.gateway.error.ThreadlineException;
import org.jspecify.annotations.Nullable;

/**
 * The UTC days of a usage query (PROTOCOL.md §12; the user's and the admin's), both included: {@code to} defaults to today, {@code from}
 * to 29 days before {@code to} (30 days in all); at most {@value #MAX_DAYS} days.
 */
public record DateRange(LocalDate from, LocalDate to) {

    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;

    public static DateRange of(@Nullable String from, @Nullable String to, LocalDate today) {
        LocalDate last = to == null ? today : date("to", to);
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (first.isAfter(last)) {
            throw ThreadlineException.validation("from must not be after to");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw ThreadlineException.validation("a usage query covers at most " + MAX_DAYS + " days");
        }
        return new DateRange(first, last);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw ThreadlineException.validation(name + " must be a date YYYY-MM-DD, not '" + value + "'");
        }
    }
}
