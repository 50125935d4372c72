package dev.threadline.worker.run;

import java.util.UUID;

import org.springframework.stereotype.Component;

/** This worker process's name in run leases: host, pid and a random suffix, unique even across restarts. */
@Component
class WorkerIdentity {

    private final String id = hostName() + ":" + ProcessHandle.current().pid() + ":"
            + UUID.randomUUID().toString().substring(0, 8);

    String id() {
        return id;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (java.net.UnknownHostException ex) {
            return "worker";
        }
    }
}
