package io.kombify.spec.kit;

import io.kombify.spec.spi.StackKitProvider;

import java.util.List;

/** A provider found through META-INF/services in the test class path. */
public final class TestKitProvider implements StackKitProvider {
    static final String YAML = """
            apiVersion: stackkit/v1
            kind: StackKit
            metadata:
              name: lab-kit
              aliases: [test-lab]
              description: A kit contributed by a provider
            requirements:
              minimum: {cpu: 1, memory: 1, disk: 5}
            services:
              - name: echo
                type: service
                image: traefik/whoami:v1.10
                ports: [{container: 80}]
            """;

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public List<StackKit> kits() {
        return List.of(StackKitCatalog.parse("test:lab-kit", YAML));
    }
}
