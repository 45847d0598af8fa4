package io.strata.artifacts;

import io.strata.node.StrataExtension;
import io.strata.store.ControlStore;
import io.strata.store.StoreUnavailableException;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The cluster's artifacts as one store: an upload is copied to a majority of master nodes before it
 * is accepted, and a master node asked for an artifact it lacks fetches it from a node that holds
 * it. The bytes live in each node's {@link ArtifactStore}; which node holds what is in the
 * {@link ArtifactIndex}; the master nodes are those of the {@link MasterDirectory}.
 *
 * <p>Every method may block on the network or the control store: call them off the actors'
 * threads.
 */
public final class ClusterArtifacts {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterArtifacts.class);

    private final ArtifactStore local;
    private final ArtifactIndex index;
    private final MasterDirectory directory;
    private final Supplier<String> selfUrl;
    private final ArtifactPeers peers;

    /**
     * @param selfUrl this node's API base URL, as other master nodes and agents reach it
     */
    public ClusterArtifacts(ArtifactStore local, ControlStore store, Supplier<String> selfUrl) {
        this.local = local;
        this.index = new ArtifactIndex(store);
        this.directory = new MasterDirectory(store);
        this.selfUrl = selfUrl;
        this.peers = new ArtifactPeers(new io.strata.security.ClusterSecret(store));
    }

    /** The node's artifacts: files under {@code <home>/artifacts}, index and directory in the node's store. */
    public static ClusterArtifacts of(StrataExtension.Context context) {
        return new ClusterArtifacts(new ArtifactStore(context.home().resolve("artifacts")), context.store(),
                context.apiUrl());
    }

    public ArtifactStore local() {
        return local;
    }

    /** Where agents fetch an artifact from, given the API base URL of a master node. */
    public static String url(String apiUrl, String sha256) {
        return ArtifactRoutes.url(apiUrl, sha256);
    }

    /**
     * Copies an artifact this node holds to master nodes until a majority holds it, then records
     * them in the index; returns their API URLs, this node first.
     *
     * @throws NoMajorityException        when too few master nodes took a copy
     * @throws StoreUnavailableException  when the directory or the index cannot be read or written
     */
    public List<String> replicate(String sha256) {
        Path file = local.find(sha256).orElseThrow(() -> new IllegalStateException("artifact " + sha256
                + " is not on this node"));
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String self = selfUrl.get();
        List<String> known = index.read(sha256).map(ArtifactIndex.Entry::holders).orElse(List.of());
        ReplicaPlan plan = ReplicaPlan.of(self, directory.apiUrls(), known);
        List<String> holding = new ArrayList<>(plan.holding());
        List<String> failures = new ArrayList<>();
        for (String target : plan.candidates()) {
            if (holding.size() >= plan.needed()) {
                break;
            }
            try {
                peers.push(target, sha256, file);
                holding.add(target);
            } catch (IOException e) {
                failures.add(target + " (" + ArtifactPeers.reason(e) + ")");
                LOG.warn("artifact not copied sha256={} to={} reason=\"{}\"", sha256, target, ArtifactPeers.reason(e));
            }
        }
        if (holding.size() < plan.needed()) {
            throw new NoMajorityException("the artifact reached " + holding.size() + " of " + plan.masters().size()
                    + " master nodes, but a majority (" + plan.needed() + ") must hold it before an upload is accepted"
                    + (failures.isEmpty() ? "" : "; could not copy it to " + String.join(", ", failures))
                    + "; start the missing master nodes or try again");
        }
        if (!Set.copyOf(holding).equals(Set.copyOf(known))) {
            index.put(sha256, new ArtifactIndex.Entry(size, holding));
        }
        LOG.info("artifact replicated sha256={} size={} holders={}", sha256, size, holding);
        return holding;
    }

    /**
     * The artifact's file on this node, fetched first from a master node holding it if this node
     * lacks it; empty when no master node was given it (or the index cannot say).
     */
    public Optional<Path> find(String sha256) {
        try {
            return fetch(sha256);
        } catch (ArtifactUnavailableException | StoreUnavailableException e) {
            LOG.warn("artifact not available sha256={} reason=\"{}\"", sha256, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * As {@link #find}, but says why an artifact the index knows could not be had.
     *
     * @throws ArtifactUnavailableException when no holder could send it
     * @throws StoreUnavailableException    when the index cannot be read
     */
    public Optional<Path> fetch(String sha256) {
        Optional<Path> have = local.find(sha256);
        if (have.isPresent() || !ArtifactStore.isSha256(sha256)) {
            return have;
        }
        Optional<ArtifactIndex.Entry> entry = index.read(sha256);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        String self = selfUrl.get();
        List<String> failures = new ArrayList<>();
        for (String holder : entry.get().holders()) {
            if (holder.equals(self)) {
                continue;
            }
            try {
                pullFrom(holder, sha256);
                LOG.info("artifact fetched sha256={} from={}", sha256, holder);
                try {
                    index.addHolder(sha256, entry.get().size(), self);
                } catch (StoreUnavailableException e) {
                    LOG.warn("artifact fetched but not indexed sha256={} reason=\"{}\"", sha256, e.getMessage());
                }
                return local.find(sha256);
            } catch (IOException | IllegalArgumentException e) {
                failures.add(holder + " (" + ArtifactPeers.reason(e) + ")");
            }
        }
        throw new ArtifactUnavailableException("artifact " + sha256 + " is not on this master node and none of "
                + "the master nodes holding it could send it: " + (failures.isEmpty() ? "none is known"
                : String.join(", ", failures)));
    }

    /**
     * URLs an agent may fetch the artifact from, in order: {@code first} (the node the client used),
     * then every master node the index names.
     */
    public List<String> fetchUrls(String first, String sha256) {
        Set<String> urls = new LinkedHashSet<>();
        urls.add(first);
        try {
            index.read(sha256).ifPresent(e -> e.holders().forEach(h -> urls.add(url(h, sha256))));
        } catch (StoreUnavailableException e) {
            LOG.warn("artifact holders unknown sha256={} reason=\"{}\"", sha256, e.getMessage());
        }
        return List.copyOf(urls);
    }

    /**
     * The API URLs of the master nodes, in order: {@code first} (the node the client used), then
     * every node of the master directory, as each registered itself (with the scheme it serves);
     * just {@code first} when the directory cannot be read.
     */
    public List<String> apiUrls(String first) {
        Set<String> urls = new LinkedHashSet<>();
        urls.add(first);
        try {
            urls.addAll(directory.apiUrls());
        } catch (StoreUnavailableException e) {
            LOG.warn("master nodes unknown reason=\"{}\"", e.getMessage());
        }
        return List.copyOf(urls);
    }

    /** Puts this node in the master directory once its API serves, retrying until the store takes it. */
    public void registerWhenServing(ActorSystem<?> system) {
        AtomicReference<Cancellable> task = new AtomicReference<>();
        task.set(system.scheduler().scheduleWithFixedDelay(Duration.ofMillis(200), Duration.ofSeconds(1), () -> {
            String url;
            try {
                url = selfUrl.get();
            } catch (IllegalStateException notServingYet) {
                return;
            }
            try {
                directory.register(url);
                LOG.info("master node registered for artifacts url={}", url);
                Cancellable t = task.get();
                if (t != null) {
                    t.cancel();
                }
            } catch (RuntimeException e) {
                LOG.warn("master node not registered yet url={} reason=\"{}\"", url, e.getMessage());
            }
        }, system.dispatchers().lookup(DispatcherSelector.blocking())));
    }

    private void pullFrom(String holder, String sha256) throws IOException {
        Path tmp = local.newUpload();
        try {
            peers.pull(holder, sha256, tmp);
            local.adopt(tmp, sha256);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
