package dev.threadline.worker.backup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param olderThan {@code ARCHIVE_OLDER_THAN}: a thread untouched for this long may be archived ({@code --older-than} overrides it)
 * @param threadsPerArchive the most threads one archive directory holds; more make several, each removed from the store once written and verified
 */
@ConfigurationProperties("threadline.archive")
public record ArchiveProperties(@DefaultValue("90d") Duration olderThan, @DefaultValue("1000") int threadsPerArchive) {

    public ArchiveProperties {
        if (olderThan.isNegative() || olderThan.isZero()) {
            throw new IllegalArgumentException("threadline.archive.older-than (ARCHIVE_OLDER_THAN) must be positive, not " + olderThan);
        }
        if (threadsPerArchive < 1) {
            throw new IllegalArgumentException("threadline.archive.threads-per-archive must be at least 1, not " + threadsPerArchive);
        }
    }
}
