package io.strata.service;

import java.util.Map;

/** A kind of service (one per framework): turns a service's config into its definition. */
public interface ServiceType {

    /** Lower-case type name, the framework's own; framework ids are "&lt;type&gt;-&lt;service name&gt;". */
    String name();

    /** The definition for a service of this type; throws IllegalArgumentException for bad config. */
    ServiceDefinition definition(String serviceName, Map<String, String> config);

    /**
     * How a user names a pod in {@code strata <type> replace NAME ID} (the API's replace path takes
     * the same); the pod id ("node-0") unless the type numbers its pods for users (broker 1).
     */
    default String podArgument(String podType, int index) {
        return podType + "-" + index;
    }
}
