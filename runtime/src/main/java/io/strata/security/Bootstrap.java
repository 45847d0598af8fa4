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

    private Bootstrap(TokenBook book, Path home) {
        this.book = book;
        this.home = home;
    }

    /** Bootstraps now if the store answers, else in the background. */
    public static Bootstrap start(ActorSystem<?> system, Path home) {
        Bootstrap b = new Bootstrap(TokenBook.of(system), home);
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
            if (book.hasTokens()) {
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
