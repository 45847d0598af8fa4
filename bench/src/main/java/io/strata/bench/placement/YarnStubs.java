package io.strata.bench.placement;

import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppState;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttempt;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttemptMetrics;
import org.apache.hadoop.yarn.util.Records;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The RMApp and RMAppAttempt the CapacityScheduler looks up for each application. Without an RM
 * there are no real ones; the scheduler reads only a handful of getters (user, queue, submission
 * context, the attempt's master container and metrics), so proxies answering those, and neutral
 * values for everything else, stand in for interfaces of 60-odd methods.
 */
final class YarnStubs {

    private YarnStubs() {
    }

    static RMApp app(ApplicationSubmissionContext submission, String user, RMAppAttempt attempt) {
        return stub(RMApp.class, Map.of(
                "getApplicationId", submission.getApplicationId(),
                "getApplicationSubmissionContext", submission,
                "getUser", user,
                "getQueue", submission.getQueue(),
                "getName", submission.getApplicationName(),
                "getState", RMAppState.RUNNING,
                "getCurrentAppAttempt", attempt));
    }

    /**
     * An attempt whose application master already runs (it has a master container), so every
     * container asked for is an ordinary one, as for the apps of the Strata side.
     */
    static RMAppAttempt attempt(ApplicationAttemptId id, RMContext context) {
        return stub(RMAppAttempt.class, Map.of(
                "getAppAttemptId", id,
                "getMasterContainer", Records.newRecord(Container.class),
                "getRMAppAttemptMetrics", new RMAppAttemptMetrics(id, context)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            String name = method.getName();
            if (answers.containsKey(name)) {
                return answers.get(name);
            }
            return switch (name) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "stub " + type.getSimpleName();
                default -> neutral(method.getReturnType());
            };
        });
    }

    private static Object neutral(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == List.class || type == Collection.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        return null;
    }
}
