package io.kombify.sim.internal;

import io.kombify.spec.model.ServiceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCatalogTest {

    private static final long MIB = 1024L * 1024;

    @Test
    void knowsImagesByRepositoryWhateverRegistryOrTag() {
        assertThat(ImageCatalog.sizeBytes("nextcloud:31-apache", ServiceType.STORAGE)).isEqualTo(450 * MIB);
        assertThat(ImageCatalog.sizeBytes("docker.io/library/nextcloud:31", ServiceType.STORAGE)).isEqualTo(450 * MIB);
        assertThat(ImageCatalog.sizeBytes("vaultwarden/server:1.34.3", ServiceType.AUTH)).isEqualTo(90 * MIB);
        assertThat(ImageCatalog.sizeBytes("ghcr.io/home-assistant/home-assistant:stable", ServiceType.AUTOMATION)).isEqualTo(700 * MIB);
    }

    @Test
    void alpineAndSlimTagsAreSmaller() {
        assertThat(ImageCatalog.sizeBytes("postgres:17-alpine", ServiceType.DATABASE))
                .isLessThan(ImageCatalog.sizeBytes("postgres:17", ServiceType.DATABASE));
        assertThat(ImageCatalog.sizeBytes("python:3.13-slim", ServiceType.SERVICE)).isEqualTo(80 * MIB);
    }

    @Test
    void unknownImagesGetASizeByServiceType() {
        assertThat(ImageCatalog.sizeBytes("acme/db:1", ServiceType.DATABASE)).isEqualTo(200 * MIB);
        assertThat(ImageCatalog.sizeBytes("acme/cache:1", ServiceType.CACHE)).isEqualTo(50 * MIB);
        assertThat(ImageCatalog.sizeBytes("acme/thing@sha256:abc", null)).isEqualTo(200 * MIB);
    }
}
