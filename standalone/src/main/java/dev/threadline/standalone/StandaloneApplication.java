package dev.threadline.standalone;

public final class StandaloneApplication {

    public static void main(String[] args) {
        throw new UnsupportedOperationException("not yet");
    }
}
