package dev.threadline.worker.backup;

/**
 * One collection's file in a backup or archive, as its manifest lists it.
 *
 * @param read {@code snapshot} when the collection was read at the backup's one point in time (a replica set or
 * sharded cluster), {@code cursor} when by one cursor in {@code _id} order (a standalone server)
 */
public record CollectionFile(String collection, String file, long documents, long bytes, String sha256, String read) {
}
