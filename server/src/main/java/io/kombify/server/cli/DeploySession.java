package io.kombify.server.cli;

import io.kombify.deploy.Deployer;
import io.kombify.deploy.Providers;
import io.kombify.deploy.Resource;
import io.kombify.deploy.plugin.PluginHost;
import io.kombify.deploy.plugin.PluginProblem;
import io.kombify.deploy.plugin.ProviderRegistry;
import io.kombify.deploy.spi.ProviderConfig;
import io.kombify.deploy.spi.SecretResolver;
import io.kombify.deploy.state.JournalEntry;
import io.kombify.deploy.state.LocalDirectoryStateStore;
import io.kombify.deploy.state.ResourceRecord;
import io.kombify.deploy.state.StateStore;
import io.kombify.sim.Fault;
import io.kombify.sim.deploy.SimulatedProvider;
import io.kombify.sim.deploy.SimulatedWorld;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The providers, state store and deployer one deploy command works with: the simulated provider
 * (its world kept in the state directory) with {@code --simulate}, otherwise the providers on the
 * class path and in the plugin directory.
 */
final class DeploySession implements AutoCloseable {
    private final Deployer deployer;
    private final Providers providers;
    private final StateStore store;
    private final Path stateDir;
    private final PluginHost host;

    private DeploySession(Deployer deployer, Providers providers, StateStore store, Path stateDir, PluginHost host) {
        this.deployer = deployer;
        this.providers = providers;
        this.store = store;
        this.stateDir = stateDir;
        this.host = host;
    }

    Deployer deployer() {
        return deployer;
    }

    /** The state directory in use. */
    Path stateDir() {
        return stateDir;
    }

    /**
     * For a spec's graph: the providers its resources name, plus those the recorded state and the
     * journal of an interrupted apply name.
     */
    static DeploySession open(DeployOptions options, Path stateDir, CommandSpec spec, Collection<Resource> resources,
                              Map<String, String> environment, PrintWriter err) {
        Set<String> names = new TreeSet<>();
        resources.forEach(r -> names.add(r.provider()));
        return start(options, stateDir, spec, names, environment, err);
    }

    /** For the recorded state alone (destroy, drift): the providers the state and the journal name. */
    static DeploySession openForState(DeployOptions options, Path stateDir, CommandSpec spec,
                                      Map<String, String> environment, PrintWriter err) {
        return start(options, stateDir, spec, new TreeSet<>(), environment, err);
    }

    private static DeploySession start(DeployOptions options, Path stateDir, CommandSpec spec, Set<String> names,
                                      Map<String, String> environment, PrintWriter err) {
        StateStore store = new LocalDirectoryStateStore(stateDir);
        store.read().ifPresent(s -> s.resources().values().stream().map(ResourceRecord::provider).forEach(names::add));
        // Recovery of an interrupted apply asks the providers its journal names, which the state may not record yet.
        store.journal().entries().stream().map(JournalEntry::provider).forEach(names::add);
        SecretResolver secrets = new EnvironmentSecrets(environment);
        Progress progress = new Progress(err, Options.colour());
        if (options.simulate) {
            SimulatedProvider simulated = simulated(options, stateDir, spec);
            Providers providers = simulated.standIn(names);
            return new DeploySession(build(providers, store, secrets, progress), providers, store, stateDir, null);
        }
        if (!options.faults.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--fault needs --simulate: faults are injected into the "
                    + "simulated provider only");
        }
        Map<String, String> settings = settings(options, spec);
        PluginHost host = PluginHost.start(options.pluginsDir());
        try {
            ProviderRegistry registry = ProviderRegistry.discover(host, DeploySession.class.getClassLoader());
            for (PluginProblem p : registry.problems()) {
                err.println("kombify: warning: " + p);
            }
            Providers providers = registry.instantiate(new ProviderConfig(settings, environment, secrets,
                    Optional.of(stateDir)), names);
            return new DeploySession(build(providers, store, secrets, progress), providers, store, stateDir, host);
        } catch (RuntimeException | Error e) {
            host.close();
            throw e;
        }
    }

    /** The simulated provider on the world in the state directory, with the {@code --fault}s. */
    private static SimulatedProvider simulated(DeployOptions options, Path stateDir, CommandSpec spec) {
        List<Fault> faults = new ArrayList<>();
        for (String f : options.faults) {
            Fault fault;
            try {
                fault = Fault.parse(f);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--fault': " + e.getMessage()
                        + "; see `kombify " + spec.name() + " --help` for the faults of a simulated apply");
            }
            if (!fault.isDeployTime()) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--fault': '" + f + "' is a "
                        + "fault of `kombify simulate`, at a virtual time; a simulated apply takes provider faults on "
                        + "calls (such as provider-rate-limit:hetzner=30s@call(3)), latency:200ms and crash-after-step:3");
            }
            faults.add(fault);
        }
        return SimulatedProvider.builder().world(SimulatedWorld.load(stateDir)).faults(faults).build();
    }

    private static Deployer build(Providers providers, StateStore store, SecretResolver secrets, Progress progress) {
        return Deployer.builder().providers(providers).stateStore(store).secrets(secrets).listener(progress).build();
    }

    /** {@code --provider-setting docker.endpoint=...} as {@code docker.endpoint -> ...}. */
    private static Map<String, String> settings(DeployOptions options, CommandSpec spec) {
        Map<String, String> settings = new HashMap<>();
        for (String s : options.providerSettings) {
            int eq = s.indexOf('=');
            int dot = s.indexOf('.');
            if (eq <= 0 || dot <= 0 || dot > eq) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--provider-setting': '" + s
                        + "' (expected PROVIDER.KEY=VALUE, such as docker.endpoint=unix:///var/run/docker.sock)");
            }
            settings.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return settings;
    }

    /** Whether an interrupted apply left steps in the journal but no state yet. */
    boolean interruptedBeforeFirstState() {
        return !store.journal().entries().isEmpty() && store.read().isEmpty();
    }

    /** How many steps an interrupted apply left in the journal (0 when none). */
    int interruptedSteps() {
        return (int) store.journal().entries().stream().map(e -> e.action() + " " + e.id() + " " + e.idempotencyKey())
                .distinct().count();
    }

    /**
     * For commands that only read (plan, drift): a warning that an interrupted apply left steps in
     * the journal, which the state does not show yet.
     */
    void warnIfInterrupted(PrintWriter err, String what) {
        int pending = interruptedSteps();
        if (pending > 0) {
            err.println("kombify: warning: an interrupted apply left " + pending + " step(s) in the journal in "
                    + stateDir.toAbsolutePath().normalize() + "; " + what + " does not include them. The next "
                    + "`kombify apply` or `kombify destroy` reconciles them first.");
            err.flush();
        }
    }

    @Override
    public void close() {
        try {
            providers.close();
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }
}
