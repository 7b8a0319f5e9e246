package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.spec.PlainJson;
import io.kombify.spec.ResolvedSpec;
import io.kombify.spec.SpecDocument;
import io.kombify.spec.SpecReader;
import io.kombify.spec.ValidationPolicy;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify resolve}: the complete stack a spec describes, with every default applied. */
@Command(name = "resolve",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"Print the resolved spec, with every default applied.",
                "Shows the StackKit, add-ons and compute tier the spec selects, every node and service, "
                        + "where each service runs and which image it uses, and the plan hash."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:resolved", "1:the spec is invalid (its problems go to standard error)", "2:usage or I/O error"})
final class ResolveCommand implements Callable<Integer> {
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The spec (YAML or JSON); - reads standard input.")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml", description = "Output: yaml or json.")
    String format;

    @Mixin
    Options.Policy policy;

    ResolveCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", format, "yaml", "json").equals("json");
        ValidationPolicy chosen = policy.chosen();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        SpecDocument doc = SpecInput.read(SpecReader.defaults(), file, stdin);
        ResolvedSpec resolved = SpecInput.resolveOrReport(doc, chosen, err, "nothing resolved");
        if (resolved == null) {
            return KombifyCommand.INVALID;
        }

        Map<String, Object> tree = tree(resolved);
        if (json) {
            out.print(PlainJson.pretty(tree));
        } else {
            DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                    .setIndicatorIndent(2).setIndentWithIndicator(true).build();
            out.print(new Dump(settings).dumpToString(tree));
        }
        out.flush();
        return 0;
    }

    /**
     * What a user checks in a resolved stack, most telling first. The kit appears by name (its
     * whole catalogue is {@code kombify kits NAME}) and the spec as written is left out.
     */
    static Map<String, Object> tree(ResolvedSpec r) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("planHash", r.planHash());
        tree.put("name", r.name());
        tree.put("version", r.version());
        Map<String, Object> kit = new LinkedHashMap<>();
        kit.put("name", r.kit().name());
        if (r.kit().metadata().version() != null) {
            kit.put("version", r.kit().metadata().version());
        }
        tree.put("kit", kit);
        tree.put("addOns", Trees.toTree(r.addOns()));
        tree.put("tier", Trees.toTree(r.tier()));
        tree.put("nodes", Trees.toTree(r.nodes()));
        tree.put("services", Trees.toTree(r.services()));
        put(tree, "network", r.network());
        put(tree, "security", r.security());
        put(tree, "observability", r.observability());
        put(tree, "system", r.system());
        put(tree, "intents", r.intents());
        if (!r.warnings().isEmpty()) {
            List<Object> warnings = new ArrayList<>();
            for (Diagnostic w : r.warnings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", w.code());
                m.put("path", w.path());
                m.put("message", w.message());
                warnings.add(m);
            }
            tree.put("warnings", warnings);
        }
        return tree;
    }

    private static void put(Map<String, Object> tree, String name, Object value) {
        Object v = Trees.toTree(value);
        if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
            tree.put(name, v);
        }
    }
}
