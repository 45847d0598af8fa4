package io.strata.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.strata.adhoc.AdhocTasks;
import io.strata.agent.AgentActor;
import io.strata.agent.AgentSettings;
import io.strata.agent.HostListeners;
import io.strata.agent.process.TaskUsers;
import io.strata.api.HttpApi;
import io.strata.api.JoinRoutes;
import io.strata.artifacts.ArtifactRoutes;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.MasterCommand;
import io.strata.resources.AgentId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.security.Bootstrap;
import io.strata.store.ControlStore;
import io.strata.store.DDataControlStore;
import io.strata.tls.ClusterCa;
import io.strata.tls.ClusterTrust;
import io.strata.tls.JoinTokens;
import io.strata.tls.NodeIdentity;
import io.strata.tls.TlsFiles;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One Strata process: joins (or starts) the Pekko cluster, hosts the master singleton when it has
 * the master role, the HTTP API and the built-in task framework, and runs its agents.
 */
public final class StrataNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StrataNode.class);
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(60);

    private final ActorSystem<Void> system;
    private final ActorRef<MasterCommand> master;
    private final List<ActorRef<AgentCommand>> agents;
    private final HttpApi api;
    private final Duration killGrace;
    private final Bootstrap bootstrap;
    private volatile boolean closed;

    private StrataNode(ActorSystem<Void> system, ActorRef<MasterCommand> master, List<ActorRef<AgentCommand>> agents,
                       HttpApi api, Bootstrap bootstrap) {
        this.system = system;
        this.master = master;
        this.agents = agents;
        this.api = api;
        this.bootstrap = bootstrap;
        this.killGrace = system.settings().config().getDuration("strata.kill-grace");
    }

    /** Starts the node and returns once it is a cluster member and, with a master, its API answers. */
    public static StrataNode start(NodeConfig cfg) {
        return start(cfg, ConfigFactory.empty());
    }

    /** As {@link #start(NodeConfig)}, with config overrides (tests shorten timeouts this way). */
    public static StrataNode start(NodeConfig cfg, Config overrides) {
        List<String> roles = new ArrayList<>();
        if (cfg.master()) {
            roles.add("master");
        }
        if (!cfg.agents().isEmpty()) {
            roles.add("agent");
        }
        if (cfg.master() && !overrides.hasPath("strata.store.dir")) {
            // Each master node keeps its replica of the control store in its own home (several per test JVM).
            overrides = overrides.withValue("strata.store.dir",
                    ConfigValueFactory.fromAnyRef(cfg.home().resolve("control-store").toAbsolutePath().toString()));
        }
        NodeIdentity identity = cfg.tls() ? tlsIdentity(cfg) : null;
        if (identity != null) {
            overrides = identity.files().arteryConfig().withFallback(overrides);
        }
        Config config = overrides
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(cfg.host()))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(cfg.clusterPort()))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles))
                .withFallback(ConfigFactory.load());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "strata", config);
        try {
            Cluster cluster = Cluster.get(system);
            if (cfg.seeds().isEmpty()) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            } else {
                List<Address> seeds = new ArrayList<>();
                for (String seed : cfg.seeds()) {
                    seeds.add(seedAddress(seed));
                }
                cluster.manager().tell(new JoinSeedNodes(seeds));
            }
            awaitUp(cluster);
            ActorRef<MasterCommand> master = MasterSingleton.init(system);
            List<ActorRef<AgentCommand>> agents = new ArrayList<>();
            for (NodeConfig.AgentConfig a : cfg.agents()) {
                AgentSettings settings = agentSettings(a, system.settings().config());
                agents.add(system.systemActorOf(AgentActor.create(settings, master, Clock.systemUTC()),
                        "agent-" + settings.id().value(), Props.empty()));
            }
            HttpApi api = null;
            Bootstrap bootstrap = null;
            if (cfg.master()) {
                ControlStore store = DDataControlStore.get(system);
                if (cfg.startsNewCluster()) {
                    // A new cluster (no seeds, or itself as the first seed): its cluster secret and, with no token yet, the bootstrap admin token.
                    bootstrap = Bootstrap.start(system, cfg.home(), identity != null && identity.createdCa().isPresent());
                }
                var tasks = AdhocTasks.init(system, master, store);
                List<Route> extensionRoutes = new ArrayList<>();
                java.util.concurrent.atomic.AtomicReference<String> apiUrl = new java.util.concurrent.atomic.AtomicReference<>();
                StrataExtension.Context context = new StrataExtension.Context(system, master, cfg.home(),
                        system.settings().config(), () -> {
                            String url = apiUrl.get();
                            if (url == null) {
                                throw new IllegalStateException("the node's HTTP API is not started yet");
                            }
                            return url;
                        }, store);
                ClusterCa clusterCa = identity == null ? ClusterCa.none(store)
                        : ClusterCa.of(store, identity.createdCa(), system);
                extensionRoutes.add(new JoinRoutes(new JoinTokens(store, Clock.systemUTC(), new SecureRandom()), clusterCa,
                        () -> java.net.URI.create(apiUrl.get()).getPort(), Clock.systemUTC()).routes());
                // Artifacts (application jars) that clients upload and agents' tasks fetch, by content hash,
                // copied to a majority of master nodes.
                extensionRoutes.add(ArtifactRoutes.start(context).routes());
                extensionRoutes.add(io.strata.api.GroupRoutes.start(context).routes());
                for (StrataExtension extension : ServiceLoader.load(StrataExtension.class)) {
                    extension.start(context).ifPresent(extensionRoutes::add);
                    LOG.info("extension started name={}", extension.name());
                }
                api = HttpApi.start(system, master, tasks, cfg.host(), cfg.apiPort(), extensionRoutes,
                        new io.strata.group.GroupStore(store), identity == null ? null : identity.files().serverContext());
                apiUrl.set(api.url());
            }
            LOG.info("node started address={} roles={} agents={} api={}", cluster.selfMember().address(), roles,
                    agents.size(), api == null ? "none" : api.url());
            return new StrataNode(system, master, agents, api, bootstrap);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /**
     * The node's certificate: kept from an earlier start, a new cluster CA's (first master), or one
     * the cluster issues for the join token. The JVM's HTTPS clients then trust the cluster CA.
     */
    private static NodeIdentity tlsIdentity(NodeConfig cfg) {
        NodeIdentity identity = NodeIdentity.establish(new TlsFiles(cfg.home()), cfg.host(), cfg.seeds(), cfg.master(),
                cfg.startsNewCluster(), cfg.joinToken(), Clock.systemUTC());
        ClusterTrust.installAsDefault(identity.files().caFile());
        LOG.info("node TLS ready ca={} fingerprint={} newCa={}", identity.files().caFile(), identity.caFingerprint(),
                identity.createdCa().isPresent());
        return identity;
    }

    private static Address seedAddress(String seed) {
        int colon = seed.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("seed '" + seed + "' must be HOST:PORT, e.g. 127.0.0.1:25520");
        }
        try {
            return new Address("pekko", "strata", seed.substring(0, colon), Integer.parseInt(seed.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed '" + seed + "' has no valid port; expected HOST:PORT");
        }
    }

    private static void awaitUp(Cluster cluster) {
        long deadline = System.nanoTime() + JOIN_DEADLINE.toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not join the Strata cluster within "
                        + JOIN_DEADLINE.toSeconds() + "s; is the seed node running and reachable?");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    static AgentSettings agentSettings(NodeConfig.AgentConfig a, Config config) {
        try {
            Files.createDirectories(a.workDir());
            String id = a.id() != null ? a.id() : stableAgentId(a.workDir());
            double cpus = a.cpus() != null ? a.cpus() : MachineResources.cpus();
            long mem = a.memMb() != null ? a.memMb() : MachineResources.memMb();
            long disk = a.diskMb() != null ? a.diskMb() : MachineResources.diskMb(a.workDir());
            Resources resources = Resources.of(cpus, mem, disk, PortRanges.parse(a.ports()));
            return new AgentSettings(AgentId.of(id), a.host(), resources, a.attributes(), a.workDir(),
                    config.getDuration("strata.heartbeat-interval"), HostListeners.ofThisHost(),
                    TaskUsers.forAgent(a.taskUser()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot use agent work dir " + a.workDir() + ": " + e.getMessage(), e);
        }
    }

    /** An agent keeps its id across restarts so that the master and its tasks recognise it. */
    private static String stableAgentId(Path workDir) throws IOException {
        Path file = workDir.resolve("agent-id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public ActorRef<MasterCommand> master() {
        return master;
    }

    /** The HTTP API's base URL, e.g. http://127.0.0.1:8080, or null when this node has no master. */
    public String apiUrl() {
        return api == null ? null : api.url();
    }

    /** The admin token this node created when it started a new cluster (also in {@code <home>/credentials.json}). */
    public Optional<String> bootstrapToken() {
        return bootstrap == null ? Optional.empty() : bootstrap.token();
    }

    public Optional<HttpApi> api() {
        return Optional.ofNullable(api);
    }

    public CompletionStage<Void> terminated() {
        return system.getWhenTerminated().thenApply(done -> null);
    }

    /** Kills every task of this node's agents (whole process trees), leaves the cluster and stops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration wait = killGrace.plusSeconds(10);
        for (ActorRef<AgentCommand> agent : agents) {
            try {
                AskPattern.<AgentCommand, AgentCommand.Done>ask(agent,
                                reply -> new AgentCommand.KillAll(killGrace.toMillis(), reply), wait, system.scheduler())
                        .toCompletableFuture().get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("agent did not confirm killing its tasks agent={} error=\"{}\"", agent.path().name(), e.toString());
            }
        }
        if (api != null) {
            api.stop();
        }
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(org.apache.pekko.cluster.typed.Leave.create(cluster.selfMember().address()));
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("actor system did not stop within 30s");
        }
    }

    /** Stops the node without touching its tasks, as a crash would; tasks stay for a restarted agent. */
    public void abandon() {
        closed = true;
        if (api != null) {
            api.stop();
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("actor system did not stop within 30s");
        }
    }
}
