package io.strata.bench;

/** One benchmark figure of issue #8: runs its own measurement and its peer, returns one record. */
public interface Figure {

    String name();

    Result run(Scale scale) throws Exception;
}
