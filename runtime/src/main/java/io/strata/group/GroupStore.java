package io.strata.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.store.ControlStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Groups in the control store, namespace {@value #NAMESPACE}, key = group name. The group
 * {@code default} exists even when no record holds it.
 */
public final class GroupStore {

    public static final String NAMESPACE = "groups";

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ControlStore store;

    public GroupStore(ControlStore store) {
        this.store = store;
    }

    /** Every group by name (default first), as a majority of master nodes hold them. */
    public CompletionStage<List<Group>> all() {
        return store.readAll(NAMESPACE).thenApply(GroupStore::decodeAll);
    }

    public CompletionStage<Optional<Group>> get(String name) {
        if (!Group.validName(name)) {
            // No group can have this name (and the store would refuse it as a key).
            return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
        }
        if (Group.DEFAULT.equals(name)) {
            return store.read(NAMESPACE, name).thenApply(j -> Optional.of(j.map(GroupStore::decode)
                    .orElse(Group.defaultGroup())));
        }
        return store.read(NAMESPACE, name).thenApply(j -> j.map(GroupStore::decode));
    }

    /**
     * The group a create request of {@code who} goes to (see {@link GroupAccess#groupFor}); fails with
     * {@link GroupAccess.Refused} when the request may not name it.
     */
    public CompletionStage<Group> resolve(io.strata.security.Principal who, String requested) {
        return all().thenApply(groups -> {
            String name = GroupAccess.groupFor(who, requested, groups.stream().map(Group::name).toList());
            return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
        });
    }

    public CompletionStage<Void> put(Group g) {
        return store.put(NAMESPACE, g.name(), encode(g));
    }

    public CompletionStage<Void> remove(String name) {
        return store.remove(NAMESPACE, name);
    }

    static List<Group> decodeAll(Map<String, String> records) {
        List<Group> out = new ArrayList<>();
        if (!records.containsKey(Group.DEFAULT)) {
            out.add(Group.defaultGroup());
        }
        records.values().forEach(j -> out.add(decode(j)));
        out.sort((a, b) -> a.name().equals(Group.DEFAULT) ? -1 : b.name().equals(Group.DEFAULT) ? 1
                : a.name().compareTo(b.name()));
        return out;
    }

    public static String encode(Group g) {
        try {
            return JSON.writeValueAsString(g);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode group " + g.name(), e);
        }
    }

    public static Group decode(String json) {
        try {
            return JSON.readValue(json, Group.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored group is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
