/**
 * Leader election over a {@code coordination.k8s.io/v1} {@code Lease}, with client-go's semantics: several replicas
 * of an application compete for one lease and exactly one of them leads at a time.
 * {@link dev.lightkube.leader.LeaderElector} is the elector, {@link dev.lightkube.leader.LeaderElectionConfig} its
 * settings and {@link dev.lightkube.leader.LeaderCallbacks} what it tells the application.
 */
@NullMarked
package dev.lightkube.leader;

import org.jspecify.annotations.NullMarked;
