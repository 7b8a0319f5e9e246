package io.kombify.server.cli;

import io.kombify.core.Diagnostic;
import io.kombify.spec.PlainJson;
import io.kombify.spec.kit.ComputeTier;
import io.kombify.spec.kit.KitMode;
import io.kombify.spec.kit.KitResources;
import io.kombify.spec.kit.KitService;
import io.kombify.spec.kit.KitVariant;
import io.kombify.spec.kit.StackKit;
import io.kombify.spec.kit.StackKitCatalog;
import io.kombify.spec.model.Port;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kombify kits}: the StackKits this installation knows. */
@Command(name = "kits",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"List the StackKits, or show one kit in detail.",
                "Built-in kits come with kombify; more are added by kit providers on the class path."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:no kit has that name", "2:usage error"})
final class KitsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A kit's name or alias: show that kit in detail.")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Output: text or json.")
    String format;

    @Override
    public Integer call() {
        boolean json = Options.choice(spec, "--format", format, "text", "json").equals("json");
        PrintWriter out = spec.commandLine().getOut();
        StackKitCatalog catalog = StackKitCatalog.builtIn();
        if (name == null) {
            if (json) {
                List<Object> kits = new ArrayList<>();
                for (StackKit kit : catalog.kits()) {
                    kits.add(Trees.toTree(kit));
                }
                out.print(PlainJson.pretty(kits));
            } else {
                list(out, catalog.kits());
            }
            out.flush();
            return 0;
        }
        Optional<StackKit> kit = catalog.find(name);
        if (kit.isEmpty()) {
            Diagnostic unknown = catalog.unknownKit(name);
            PrintWriter err = spec.commandLine().getErr();
            err.println("kombify kits: " + unknown.message());
            // The catalogue's hint for a spec ends with "leave `kit` out", which means nothing here.
            List<String> names = new ArrayList<>();
            for (StackKit k : catalog.kits()) {
                names.add(k.name());
            }
            String known = "known kits: `" + String.join("`, `", names) + "`";
            boolean suggests = unknown.hint() != null && unknown.hint().startsWith("did you mean");
            err.println("  hint: " + (suggests ? unknown.hint() : known));
            return KombifyCommand.INVALID;
        }
        if (json) {
            out.print(PlainJson.pretty(Trees.toTree(kit.get())));
        } else {
            detail(out, kit.get());
        }
        out.flush();
        return 0;
    }

    private static void list(PrintWriter out, List<StackKit> kits) {
        boolean first = true;
        for (StackKit kit : kits) {
            if (!first) {
                out.println();
            }
            first = false;
            String aliases = kit.aliases().isEmpty() ? "" : " (aliases: " + String.join(", ", kit.aliases()) + ")";
            out.println(kit.name() + aliases);
            if (kit.metadata().description() != null) {
                out.println("  " + kit.metadata().description());
            }
            out.println("  requires:    " + resources(kit.requirements().minimum()));
            out.println("  recommended: " + resources(kit.requirements().recommended()));
        }
    }

    private static void detail(PrintWriter out, StackKit kit) {
        var m = kit.metadata();
        out.println(kit.name() + (m.version() != null ? " " + m.version() : "")
                + (m.displayName().equals(kit.name()) ? "" : " - " + m.displayName()));
        if (m.description() != null) {
            out.println("  " + m.description());
        }
        out.println();
        field(out, "aliases", String.join(", ", kit.aliases()));
        field(out, "maturity", m.maturity());
        field(out, "licence", m.license());
        field(out, "platform", kit.platform());
        field(out, "extends", kit.extendsKit());
        field(out, "supported OS", String.join(", ", kit.supportedOS()));
        field(out, "requires", resources(kit.requirements().minimum()));
        field(out, "recommended", resources(kit.requirements().recommended()));
        List<String> features = new ArrayList<>();
        for (Map.Entry<String, Object> f : kit.features().entrySet()) {
            if (Boolean.TRUE.equals(f.getValue())) {
                features.add(f.getKey());
            }
        }
        field(out, "features", String.join(", ", features));

        if (!kit.modes().isEmpty()) {
            out.println();
            out.println("Modes:");
            for (KitMode mode : kit.modes().values()) {
                String engine = mode.engine() != null ? " [" + mode.engine() + "]" : "";
                String recommended = Boolean.TRUE.equals(mode.recommended()) ? " (recommended)" : "";
                out.println("  " + mode.name() + recommended + engine + (mode.description() != null ? ": " + mode.description() : ""));
            }
        }
        if (!kit.variants().isEmpty()) {
            out.println();
            out.println("Variants:");
            String chosen = kit.variant().map(KitVariant::name).orElse(null);
            for (KitVariant v : kit.variants().values()) {
                String mark = v.name().equals(chosen) ? " (default)" : "";
                out.println("  " + v.name() + mark + ": " + String.join(", ", v.services()));
            }
        }
        if (!kit.services().isEmpty()) {
            out.println();
            out.println("Services:");
            List<String[]> rows = new ArrayList<>();
            for (KitService s : kit.services()) {
                List<String> notes = new ArrayList<>();
                if (!s.ports().isEmpty()) {
                    notes.add("ports " + ports(s.ports()));
                }
                if (!s.needs().isEmpty()) {
                    notes.add("needs " + String.join(", ", s.needs()));
                }
                if (s.placement() != null) {
                    notes.add("on " + s.placement().wire() + " nodes");
                }
                if (s.status() != null && !s.status().equalsIgnoreCase("available")) {
                    notes.add(s.status());
                }
                rows.add(new String[] {s.name(), s.type().wire(), s.image() != null ? s.image() : "-", String.join("; ", notes)});
            }
            table(out, rows);
        }
        if (!kit.computeTiers().isEmpty()) {
            out.println();
            out.println("Compute tiers:");
            for (ComputeTier t : kit.computeTiers().values()) {
                List<String> parts = new ArrayList<>();
                if (t.cpu() != null || t.memory() != null) {
                    parts.add("from " + (t.cpu() != null ? t.cpu() + " CPU" : "")
                            + (t.cpu() != null && t.memory() != null ? ", " : "") + (t.memory() != null ? t.memory() + " memory" : ""));
                }
                if (t.variantOverride() != null) {
                    parts.add("variant " + t.variantOverride());
                }
                if (!t.additionalServices().isEmpty()) {
                    parts.add("adds " + String.join(", ", t.additionalServices()));
                }
                for (Map.Entry<String, Boolean> o : t.serviceOverrides().entrySet()) {
                    parts.add((Boolean.TRUE.equals(o.getValue()) ? "enables " : "disables ") + o.getKey());
                }
                out.println("  " + t.name() + (parts.isEmpty() ? "" : ": " + String.join("; ", parts)));
            }
        }
    }

    /** Rows in aligned columns, indented by two spaces; the last column is not padded. */
    private static void table(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int c = 0; c < columns; c++) {
                line.append(' ').append(c < columns - 1 ? pad(row[c], widths[c] + 1) : row[c]);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static void field(PrintWriter out, String label, String value) {
        if (value != null && !value.isEmpty()) {
            out.println("  " + pad(label + ":", 14) + value);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String ports(List<Port> ports) {
        List<String> list = new ArrayList<>();
        for (Port p : ports) {
            String proto = p.protocol() != null && !p.protocol().wire().equals("tcp") ? "/" + p.protocol().wire() : "";
            list.add((p.host() != null ? p.host() + ":" : "") + p.container() + proto);
        }
        return String.join(", ", list);
    }

    /** {@code 2 CPU, 4Gi memory, 20Gi disk per node; 3 nodes}, or {@code nothing stated}. */
    static String resources(KitResources r) {
        if (r == null || r.isEmpty()) {
            return "nothing stated";
        }
        List<String> perNode = new ArrayList<>();
        if (r.cpu() != null) {
            perNode.add(r.cpu() + " CPU");
        }
        if (r.memory() != null) {
            perNode.add(r.memory() + " memory");
        }
        if (r.disk() != null) {
            perNode.add(r.disk() + (r.diskType() != null ? " " + r.diskType() : "") + " disk");
        }
        List<String> parts = new ArrayList<>();
        if (!perNode.isEmpty()) {
            parts.add(String.join(", ", perNode) + " per node");
        }
        if (r.nodes() != null) {
            parts.add(r.nodes() + (r.nodes() == 1 ? " node" : " nodes"));
        }
        if (r.managerNodes() != null) {
            parts.add(r.managerNodes() + " manager" + (r.managerNodes() == 1 ? "" : "s"));
        }
        if (r.workerNodes() != null) {
            parts.add(r.workerNodes() + " worker" + (r.workerNodes() == 1 ? "" : "s"));
        }
        return String.join("; ", parts);
    }
}
