/**
 * Backups of the whole store, their restore into an empty store, and archiving of old threads — all
 * through the driver, in one format: a directory holding a {@code manifest.json} and one gzip'ed file of
 * canonical Extended JSON lines per collection.
 */
@NullMarked
package dev.threadline.worker.backup;

import org.jspecify.annotations.NullMarked;
