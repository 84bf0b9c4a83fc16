/**
 * Leader election in a Spring application: {@link dev.lightkube.election.KubeLeaderElection} runs a
 * {@link dev.lightkube.leader.LeaderElector} with the application context, answers who leads, and publishes
 * {@link dev.lightkube.election.LeadershipGrantedEvent} and {@link dev.lightkube.election.LeadershipRevokedEvent}.
 */
@NullMarked
package dev.lightkube.election;

import org.jspecify.annotations.NullMarked;
