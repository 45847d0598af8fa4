package io.strata.bench;

/** FULL is the published figure; TINY runs the same code on toy inputs so tests keep it working. */
public enum Scale {
    FULL, TINY
}
