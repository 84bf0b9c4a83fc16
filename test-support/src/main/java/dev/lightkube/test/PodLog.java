package dev.lightkube.test;

/**
 * The log of one pod container, written by the test: lines appended here reach clients that read or follow the log.
 */
public interface PodLog {

	/** Appends lines (without line breaks); followers receive them at once. */
	PodLog append(String... lines);

	/** Ends the log, as when the container exits: followers' streams end. */
	void finish();

}
