package io.kombify.plugin.hetzner;

import io.kombify.deploy.ResourceType;
import io.kombify.deploy.spi.CreateRequest;
import io.kombify.deploy.spi.DeleteRequest;
import io.kombify.deploy.spi.LookupRequest;
import io.kombify.deploy.spi.ReadRequest;
import io.kombify.deploy.spi.ResourceState;
import io.kombify.deploy.spi.ResourceTypeSupport;
import io.kombify.deploy.spi.UpdateRequest;
import java.util.List;
import java.util.Optional;

/** The provider's calls for one resource type; {@link HetznerProvider} hands each call to the type's handler. */
interface TypeHandler {

    ResourceType type();

    ResourceTypeSupport support();

    Optional<ResourceState> read(ReadRequest request);

    ResourceState create(CreateRequest request);

    ResourceState update(UpdateRequest request);

    void delete(DeleteRequest request);

    Optional<ResourceState> lookup(LookupRequest request);

    /** The provider ids of every object of this type the stack has at Hetzner. */
    List<String> inventory(String stack);
}
