package io.strata.security;

import io.strata.store.ControlStore;
import io.strata.store.DDataControlStore;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The operators' tokens: records in ControlStore namespace {@value #NAMESPACE} (the secret only as
 * SHA-256), and a cache of them so that checking a request needs no round trip to a majority of
 * master nodes. The cache is refreshed every {@link #REFRESH}; a token it does not know yet is read
 * once from the store. A revoke through this book takes effect here at once, and on the other
 * master nodes at their next refresh; a revoked token never becomes valid again in a cache.
 *
 * <p>One book per master node's actor system ({@link #of}); tests build one on a
 * {@link io.strata.store.MemoryControlStore} with a fake clock.
 */
public final class TokenBook {

    public static final String NAMESPACE = "auth/tokens";
    public static final Duration REFRESH = Duration.ofSeconds(2);
    public static final String NAME_RULE = "1-63 letters, digits, '.', '_', ':' or '-', starting with a letter or a digit";
    public static final String GROUP_RULE = "1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or a digit";
    static final String NEEDS_TOKEN = "this request needs a token: send 'Authorization: Bearer <token>' "
            + "(create one with 'strata token create')";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,62}");
    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** A new token: its record and, this once, its printed form with the secret. */
    public record Created(IssuedToken token, String text) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenBook.class);

    private final ControlStore store;
    private final Clock clock;
    private final ClusterSecret cluster;
    private final Map<String, IssuedToken> known = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    public TokenBook(ControlStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.cluster = new ClusterSecret(store);
    }

    /** The book of this master node, refreshing itself while the actor system runs. */
    public static TokenBook of(ActorSystem<?> system) {
        return system.registerExtension(Holder.ID).book;
    }

    public ClusterSecret clusterSecret() {
        return cluster;
    }

    /** Checks a bearer token; completes at once for tokens the cache knows. */
    public CompletionStage<Verdict> verify(String token) {
        if (token == null || token.isBlank()) {
            return done(Verdict.refused(NEEDS_TOKEN));
        }
        Optional<TokenText.Parts> parts = TokenText.parse(token.strip());
        if (parts.isEmpty()) {
            return done(Verdict.refused("this is not a Strata token (they look like stk_<id>_<secret>); "
                    + "create one with 'strata token create'"));
        }
        TokenText.Parts p = parts.get();
        if (p.system()) {
            if (cluster.known()) {
                return done(systemVerdict(p.secret()));
            }
            return cluster.refresh().handle((ok, err) -> err != null
                    ? Verdict.cannotCheck("cannot check this token now: the control store did not answer (" + err.getMessage() + ")")
                    : systemVerdict(p.secret()));
        }
        IssuedToken cached = known.get(p.id());
        if (cached != null) {
            return done(judge(cached, p.secret()));
        }
        return store.read(NAMESPACE, p.id()).handle((json, err) -> {
            if (err != null) {
                return Verdict.cannotCheck("cannot check this token now: no majority of master nodes answered; try again");
            }
            if (json.isEmpty()) {
                return Verdict.refused("this token is not known to the cluster");
            }
            return judge(learn(IssuedToken.parse(json.get())), p.secret());
        });
    }

    private Verdict systemVerdict(String secret) {
        return cluster.matches(secret) ? Verdict.ok(Principal.SYSTEM)
                : Verdict.refused("this token is not known to the cluster");
    }

    private Verdict judge(IssuedToken t, String secret) {
        if (!TokenText.same(t.secretSha256(), TokenText.sha256(secret))) {
            return Verdict.refused("this token is not known to the cluster");
        }
        if (t.revoked()) {
            return Verdict.refused("this token was revoked");
        }
        Instant now = clock.instant();
        if (t.expired(now)) {
            return Verdict.refused("this token expired at " + t.expiresAt());
        }
        return Verdict.ok(t.principal());
    }

    /**
     * Creates a token; completes once a majority of master nodes hold it.
     *
     * @param group null for an unscoped token
     * @param ttl   null for a token that does not expire
     */
    public CompletionStage<Created> create(String name, Role role, String group, Duration ttl) {
        checkName(name);
        if (group != null) {
            checkGroup(group);
        }
        Instant now = clock.instant();
        String id = TokenText.newId();
        String secret = TokenText.newSecret();
        IssuedToken token = new IssuedToken(id, name, role, group, now, ttl == null ? null : now.plus(ttl), null,
                TokenText.sha256(secret));
        return store.put(NAMESPACE, id, token.json()).thenApply(v -> {
            learn(token);
            return new Created(token, TokenText.format(id, secret));
        });
    }

    /**
     * Creates a token for a program this cluster starts (a Spark driver): valid on this node at once,
     * written to the store in the background (other nodes read it from there when it first reaches them).
     */
    public Created mint(String name, Role role, String group, Duration ttl) {
        checkName(name);
        Instant now = clock.instant();
        String id = TokenText.newId();
        String secret = TokenText.newSecret();
        IssuedToken token = new IssuedToken(id, name, role, group, now, ttl == null ? null : now.plus(ttl), null,
                TokenText.sha256(secret));
        learn(token);
        store.put(NAMESPACE, id, token.json()).whenComplete((v, err) -> {
            if (err != null) {
                LOG.warn("minted token not stored id={} name={} reason=\"{}\"", id, name, err.getMessage());
            }
        });
        return new Created(token, TokenText.format(id, secret));
    }

    /** Writes a token this node made (see {@link #mint}) to the store, e.g. once the store has its majority. */
    public CompletionStage<Void> persist(IssuedToken token) {
        return store.put(NAMESPACE, token.id(), token.json());
    }

    /** Every token, read from a majority, oldest first. */
    public CompletionStage<List<IssuedToken>> list() {
        return store.readAll(NAMESPACE).thenApply(all -> {
            List<IssuedToken> out = new ArrayList<>();
            all.values().forEach(json -> out.add(learn(IssuedToken.parse(json))));
            out.sort(Comparator.comparing(IssuedToken::createdAt).thenComparing(IssuedToken::id));
            return out;
        });
    }

    /** Revokes a token: refused here at once, stored for the others; empty when there is no such token. */
    public CompletionStage<Optional<IssuedToken>> revoke(String id) {
        if (!isId(id)) {
            return done(Optional.empty());
        }
        return store.read(NAMESPACE, id).thenCompose(json -> {
            if (json.isEmpty()) {
                return done(Optional.<IssuedToken>empty());
            }
            IssuedToken revoked = IssuedToken.parse(json.get()).revoke(clock.instant());
            known.put(id, revoked);
            return store.put(NAMESPACE, id, revoked.json()).thenApply(v -> Optional.of(revoked));
        });
    }

    /** Revokes every live token of this name (tokens minted for a piece of work, once it ended). */
    public CompletionStage<Void> revokeNamed(String name) {
        List<CompletableFuture<Optional<IssuedToken>>> all = new ArrayList<>();
        known.values().stream().filter(t -> t.name().equals(name) && !t.revoked())
                .forEach(t -> all.add(revoke(t.id()).toCompletableFuture()));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Re-reads every token (and the cluster secret until known) into the cache; one refresh at a time. */
    public CompletionStage<Void> refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return done(null);
        }
        CompletionStage<Void> secret = cluster.known() ? done(null) : cluster.refresh();
        return secret.thenCompose(v -> list()).<Void>thenApply(l -> null)
                .whenComplete((v, err) -> refreshing.set(false));
    }

    Duration storeTimeout() {
        return store.timeout();
    }

    /** Whether the store holds any token (read from a majority; blocking). */
    boolean hasTokens() {
        return !store.readAllNow(NAMESPACE).isEmpty();
    }

    /** Takes a record into the cache; a revoke already seen here is never undone by an older read. */
    private IssuedToken learn(IssuedToken t) {
        return known.merge(t.id(), t, (old, fresh) -> old.revoked() && !fresh.revoked() ? old : fresh);
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name '" + name + "' must be " + NAME_RULE);
        }
    }

    public static void checkGroup(String group) {
        if (!GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("group '" + group + "' must be " + GROUP_RULE);
        }
    }

    /** A lifetime such as 30d, 12h, 45m or 90s (at most 10 years). */
    public static Duration parseTtl(String text) {
        return parseTtl(text, Duration.ofDays(3650));
    }

    /** A lifetime such as 30d, 12h, 45m or 90s, more than 0 and at most {@code max} (a whole number of days). */
    public static Duration parseTtl(String text, Duration max) {
        java.util.regex.Matcher m = Pattern.compile("([1-9][0-9]{0,5})([dhms])").matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("the ttl '" + text + "' must be more than 0: a whole number with a unit d, h, m or s, e.g. 30d or 24h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException("the ttl '" + text + "' must be at most " + max.toDays() + "d");
        }
        return d;
    }

    static boolean isId(String id) {
        return id != null && id.matches("[0-9a-f]{12}");
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static final class Holder implements Extension {
        static final ExtensionId<Holder> ID = new ExtensionId<>() {
            @Override
            public Holder createExtension(ActorSystem<?> system) {
                return new Holder(system);
            }
        };

        final TokenBook book;

        Holder(ActorSystem<?> system) {
            book = new TokenBook(DDataControlStore.get(system), Clock.systemUTC());
            system.scheduler().scheduleAtFixedRate(Duration.ZERO, REFRESH, () -> book.refresh(),
                    system.executionContext());
        }
    }
}
