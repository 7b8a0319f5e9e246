package io.kombify.deploy.plugin;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * What test plugins share with the tests that load them. Plugins reach this class through the
 * host's class loader (it is in {@code io.kombify.*}), which is also what proves the delegation.
 * Each test uses its own key.
 */
public final class PluginTestHooks {

    private static final ConcurrentHashMap<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

    private PluginTestHooks() {
    }

    /** The latch of this key, made with this count on first use. */
    public static CountDownLatch latch(String key, int count) {
        return LATCHES.computeIfAbsent(key, k -> new CountDownLatch(count));
    }

    public static void forget(String key) {
        LATCHES.remove(key);
    }
}
