package io.kombify.plugin.opentofu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;

class NamesProperties {

    @Property(tries = 300)
    void everyNameGetsAValidIdentifierUniqueInItsNamespaceAndTheSameEachTime(
            @ForAll @Size(min = 1, max = 30) @UniqueElements List<@StringLength(min = 1, max = 12)
                    @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9') @Chars({'-', '_', '.', ':'}) String> names,
            @ForAll boolean underscores) {
        Names allocator = new Names();
        Map<String, String> given = new HashMap<>();
        Set<String> identifiers = new HashSet<>();
        for (String name : names) {
            String id = allocator.allocate("resource_type", name, underscores);
            given.put(name, id);
            assertThat(id).matches(Names.IDENTIFIER);
            if (underscores) {
                assertThat(id).doesNotContain("-");
            }
            assertThat(identifiers.add(id)).as("identifier " + id + " given twice").isTrue();
        }
        for (String name : names) {
            assertThat(allocator.allocate("resource_type", name, underscores)).isEqualTo(given.get(name));
        }
    }

    @Example
    void namesThatAreIdentifiersStayAsTheyAreAndOthersAreMadeOne() {
        Names names = new Names();

        assertThat(names.allocate("hcloud_server", "edge-vps")).isEqualTo("edge-vps");
        assertThat(names.allocate("hcloud_server", "edge.vps")).isEqualTo("edge_vps");
        assertThat(names.allocate("hcloud_server", "edge:vps")).isEqualTo("edge_vps_2");
        assertThat(names.allocate("docker_volume", "edge.vps")).isEqualTo("edge_vps");
        assertThat(names.allocate("hcloud_server", "1st")).isEqualTo("_1st");
        assertThat(names.allocate("variable", "secret_db-password", true)).isEqualTo("secret_db_password");
    }
}
