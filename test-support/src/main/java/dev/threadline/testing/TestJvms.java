package dev.threadline.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code java} command for the JVMs a test starts (a worker or gateway jar, a command line, the local
 * mode): the test JVM's own {@code java}, with options that let a short-lived JVM start sooner on two busy
 * cores — only the quick JIT tier and the serial collector. No test asserts anything the compiler or the
 * collector decides; tests that measure memory (a heap smaller than the data) keep the default collector.
 */
public final class TestJvms {

    /** Only the quick JIT tier: C2's compiler threads compete with the start-up itself on two cores. */
    public static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

    /** The JIT tier and collector for a JVM that lives for one test. */
    public static final List<String> QUICK_START = List.of(QUICK_JIT, "-XX:+UseSerialGC");

    private TestJvms() {
    }

    /** {@code java} followed by {@link #QUICK_START} and then {@code options}. */
    public static List<String> java(String... options) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(QUICK_START);
        command.addAll(List.of(options));
        return command;
    }
}
