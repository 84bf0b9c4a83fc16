/**
 * Leader election failover times and lease request rates, measured against the in-memory API server.
 */
@NullMarked
package dev.lightkube.benchmarks.failover;

import org.jspecify.annotations.NullMarked;
