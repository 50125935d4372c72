package dev.threadline.gateway.thread;

import java.util.List;
import java.util.regex.Pattern;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.message.Attachment;
import org.jspecify.annotations.Nullable;

/**
 * Image attachments: at most {@value #MAX_IMAGES} per message, each an https URL or a base64 data URL of
 * a PNG, JPEG, WebP or GIF image of at most {@value #MAX_DATA_URL_CHARS} characters. (A STOMP frame is
 * limited to 256 KB, so larger images go through REST or as URLs.)
 */
final class AttachmentRules {

    static final int MAX_IMAGES = 4;
    static final int MAX_DATA_URL_CHARS = 7_000_000;
    private static final int MAX_URL_CHARS = 2_048;
    private static final Pattern DATA_URL = Pattern.compile("data:image/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+");

    private AttachmentRules() {
    }

    static void check(@Nullable List<Attachment> attachments) {
        if (attachments == null) {
            return;
        }
        if (attachments.size() > MAX_IMAGES) {
            throw ThreadlineException.validation("at most " + MAX_IMAGES + " attachments per message");
        }
        for (Attachment attachment : attachments) {
            if (attachment == null || !"image".equals(attachment.type()) || attachment.url() == null) {
                throw ThreadlineException.validation("attachments must be {\"type\":\"image\",\"url\":...}");
            }
            String url = attachment.url();
            if (url.startsWith("data:")) {
                if (url.length() > MAX_DATA_URL_CHARS) {
                    throw ThreadlineException.tooLarge("an image may be at most " + MAX_DATA_URL_CHARS / 1_000_000 + " MB");
                }
                if (!DATA_URL.matcher(url).matches()) {
                    throw ThreadlineException.validation("an image data URL must be base64 PNG, JPEG, WebP or GIF");
                }
            }
            else if (!url.startsWith("https://") || url.length() > MAX_URL_CHARS || url.chars().anyMatch(c -> c <= ' ')) {
                throw ThreadlineException.validation("an image URL must be an https URL of at most " + MAX_URL_CHARS
                        + " characters");
            }
        }
    }
}
