package dev.threadline.common;

import java.util.regex.Pattern;

import org.bson.types.ObjectId;

/** Identifiers of threads, messages and runs: MongoDB ObjectIds as 24 lowercase hex characters. */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");

    private Ids() {
    }

    public static String newId() {
        return new ObjectId().toHexString();
    }

    /** True for a well-formed id; anything else (operators, paths, wildcards) can never name a stored object. */
    public static boolean isValid(@org.jspecify.annotations.Nullable String id) {
        return id != null && ID.matcher(id).matches();
    }
}
