package io.strata.tls;

import io.strata.store.ControlStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster CA as masters hold it: the master that created it keeps it in memory and publishes it
 * to the control store (namespace {@code cluster}, key {@code ca}; the store lives on master nodes
 * only) once a majority of master nodes can take the write; the other masters read it from there
 * when a host asks to join.
 */
public final class ClusterCa {

    public static final String NAMESPACE = "cluster";
    public static final String KEY = "ca";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCa.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final ControlStore store;
    private final boolean tls;
    private volatile CertificateAuthority known;

    private ClusterCa(ControlStore store, boolean tls, CertificateAuthority known) {
        this.store = store;
        this.tls = tls;
        this.known = known;
    }

    /** A cluster without TLS (one JVM): it has no CA and hosts cannot join it. */
    public static ClusterCa none(ControlStore store) {
        return new ClusterCa(store, false, null);
    }

    /** A master of a TLS cluster; {@code created} is the CA if this master just made it, to publish. */
    public static ClusterCa of(ControlStore store, Optional<CertificateAuthority> created, ActorSystem<?> system) {
        ClusterCa ca = new ClusterCa(store, true, created.orElse(null));
        created.ifPresent(c -> ca.publish(c, system));
        return ca;
    }

    public boolean enabled() {
        return tls;
    }

    /** The CA, read from the control store when this master did not create it; empty when there is none. */
    public CompletionStage<Optional<CertificateAuthority>> get() {
        CertificateAuthority ca = known;
        if (ca != null || !tls) {
            return CompletableFuture.completedFuture(Optional.ofNullable(ca));
        }
        return store.read(NAMESPACE, KEY).thenApply(json -> json.map(CertificateAuthority::fromJson)).thenApply(found -> {
            found.ifPresent(c -> known = c);
            return found;
        });
    }

    private void publish(CertificateAuthority ca, ActorSystem<?> system) {
        store.read(NAMESPACE, KEY).thenCompose(existing -> {
            if (existing.isPresent()) {
                if (!CertificateAuthority.fromJson(existing.get()).fingerprint().equals(ca.fingerprint())) {
                    LOG.warn("control store already holds another cluster CA; keeping it ca={}", ca.fingerprint());
                }
                return CompletableFuture.completedFuture(null);
            }
            return store.put(NAMESPACE, KEY, ca.toJson());
        }).whenComplete((done, error) -> {
            if (error == null) {
                LOG.info("cluster CA stored in the control store fingerprint={}", ca.fingerprint());
            } else if (!system.whenTerminated().isCompleted()) {
                // Until a majority of master nodes is up: this master issues certificates from memory meanwhile.
                system.scheduler().scheduleOnce(RETRY, () -> publish(ca, system), system.executionContext());
            }
        });
    }
}
