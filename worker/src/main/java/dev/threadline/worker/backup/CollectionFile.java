package dev.threadline.worker.backup;

/**
 * One collection's file in a backup or archive, as its manifest lists it.
 *
 * @param read {@code snapshot} when the collection was read at one point in time (a replica set or sharded
 * cluster), {@code cursor} when by one cursor sorted by {@code _id} (a standalone server)
 */
public record CollectionFile(String collection, String file, long documents, long bytes, String sha256, String read) {
}
