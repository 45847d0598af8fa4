package io.strata.security;

import io.strata.store.StoreUnavailableException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The identity of a new cluster: its cluster secret and, when the store holds no token, an admin
 * token named {@value #NAME}, written to {@code <home>/credentials.json}. Done by the node that
 * starts the cluster. While the control store cannot answer (it waits for its other master nodes),
 * it tries again every {@link TokenBook#REFRESH}.
 */
public final class Bootstrap {

    public static final String NAME = "bootstrap";
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final TokenBook book;
    private final Path home;
    private final AtomicReference<String> token = new AtomicReference<>();
    /** The admin token made at once for a new cluster, until it is in the store (then null). */
    private volatile TokenBook.Created minted;

    private Bootstrap(TokenBook book, Path home) {
        this.book = book;
        this.home = home;
    }

    /** Bootstraps now if the store answers, else in the background. */
    public static Bootstrap start(ActorSystem<?> system, Path home) {
        return start(system, home, false);
    }

    /**
     * As {@link #start(ActorSystem, Path)}; {@code newCluster} when this node has just created the
     * cluster (its CA): it holds no token yet, so the admin token is made at once, valid on this node
     * and stored once the control store has its majority. Without that, an admin could not create
     * the join token the other masters need to form that majority.
     */
    public static Bootstrap start(ActorSystem<?> system, Path home, boolean newCluster) {
        Bootstrap b = new Bootstrap(TokenBook.of(system), home);
        if (newCluster && !java.nio.file.Files.exists(Credentials.path(home))) {
            TokenBook.Created created = b.book.mint(NAME, Role.ADMIN, null, null);
            b.minted = created;
            b.token.set(created.text());
            try {
                Credentials.write(home, created.text());
                LOG.info("bootstrap admin token created id={} credentials={} (stored once the control store answers)",
                        created.token().id(), Credentials.path(home));
            } catch (IOException e) {
                LOG.warn("cannot write {} reason=\"{}\"", Credentials.path(home), e.getMessage());
            }
        }
        if (!b.attempt()) {
            LOG.warn("cluster identity waits for the control store (a majority of master nodes); trying every {} s",
                    TokenBook.REFRESH.toSeconds());
            b.retry(system);
        }
        return b;
    }

    /** The admin token this node created, if it created one. */
    public Optional<String> token() {
        return Optional.ofNullable(token.get());
    }

    /** Does the work once; false when the store did not answer. Package-private for tests. */
    boolean attempt() {
        try {
            book.clusterSecret().ensure();
            TokenBook.Created unstored = minted;
            if (unstored != null) {
                // The other masters learn the admin token from the store: written once it has its majority.
                book.persist(unstored.token()).toCompletableFuture()
                        .get(book.storeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                minted = null;
                LOG.info("bootstrap admin token stored id={}", unstored.token().id());
                return true;
            }
            if (token.get() != null || book.hasTokens()) {
                return true;
            }
            TokenBook.Created created = book.create(NAME, Role.ADMIN, null, null).toCompletableFuture()
                    .get(book.storeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            token.set(created.text());
            Credentials.write(home, created.text());
            LOG.info("bootstrap admin token created id={} credentials={}", created.token().id(), Credentials.path(home));
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("cannot write {} reason=\"{}\"", Credentials.path(home), e.getMessage());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void retry(ActorSystem<?> system) {
        system.scheduler().scheduleOnce(TokenBook.REFRESH, () -> {
            if (!attempt()) {
                retry(system);
            }
        }, system.executionContext());
    }
}
