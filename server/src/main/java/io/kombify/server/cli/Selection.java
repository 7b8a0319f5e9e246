package io.kombify.server.cli;

import io.kombify.core.KombifyException;
import io.kombify.deploy.PlanOptions;
import io.kombify.deploy.ResourceId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --target} and {@code --exclude}, as a picocli mixin. */
final class Selection {

    @Option(names = "--target", paramLabel = "ADDRESS",
            description = "Only this resource (type.name, such as container.nextcloud) and what it depends on; repeatable.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "ADDRESS",
            description = "Leave out this resource and everything that depends on it; repeatable.")
    List<String> excludes = new ArrayList<>();

    PlanOptions apply(PlanOptions base, CommandSpec spec) {
        return base.withTargets(parse(targets, "--target", spec)).withExcludes(parse(excludes, "--exclude", spec));
    }

    private static Set<ResourceId> parse(List<String> addresses, String option, CommandSpec spec) {
        Set<ResourceId> ids = new LinkedHashSet<>();
        for (String a : addresses) {
            try {
                ids.add(ResourceId.parse(a));
            } catch (KombifyException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
            }
        }
        return ids;
    }
}
